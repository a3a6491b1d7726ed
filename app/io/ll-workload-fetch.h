/* ll-workload-fetch.h: Fetch, blocking and async
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

#define LL_TYPE_WORKLOAD_FETCH (ll_workload_fetch_get_type ())

G_DECLARE_FINAL_TYPE (LlWorkloadFetch, ll_workload_fetch, LL, WORKLOAD_FETCH, LlWorkload)

guint                 ll_workload_fetch_get_port        (LlWorkloadFetch *self);
void                  ll_workload_fetch_set_port        (LlWorkloadFetch *self,
                                                         guint            port);
guint                 ll_workload_fetch_get_requests    (LlWorkloadFetch *self);
void                  ll_workload_fetch_set_requests    (LlWorkloadFetch *self,
                                                         guint            requests);
gint64                ll_workload_fetch_get_delay       (LlWorkloadFetch *self);
void                  ll_workload_fetch_set_delay       (LlWorkloadFetch *self,
                                                         gint64           delay);

guint                 ll_workload_fetch_get_n_requests  (LlWorkloadFetch *self);
const LlFetchRequest *ll_workload_fetch_get_request     (LlWorkloadFetch *self,
                                                         guint            index);

G_END_DECLS
