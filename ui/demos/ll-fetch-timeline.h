/* ll-fetch-timeline.h: the requests of a Fetch run, phase by phase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-chart.h"
#include "ll-workload-fetch.h"

G_BEGIN_DECLS

#define LL_TYPE_FETCH_TIMELINE (ll_fetch_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LlFetchTimeline, ll_fetch_timeline, LL, FETCH_TIMELINE, LlChart)

GtkWidget  *ll_fetch_timeline_new          (void);
LlWorkloadFetch *ll_fetch_timeline_get_workload (LlFetchTimeline *self);
void             ll_fetch_timeline_set_workload (LlFetchTimeline *self,
                                                 LlWorkloadFetch *workload);

G_END_DECLS
