/* ll-workload-compute.h: Compute, blocking, chunked and in a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

#define LL_TYPE_WORKLOAD_COMPUTE (ll_workload_compute_get_type ())

G_DECLARE_FINAL_TYPE (LlWorkloadCompute, ll_workload_compute, LL, WORKLOAD_COMPUTE, LlWorkload)

double   ll_workload_compute_get_seconds  (LlWorkloadCompute *self);
void     ll_workload_compute_set_seconds  (LlWorkloadCompute *self,
                                           double             seconds);
guint64  ll_workload_compute_get_numbers  (LlWorkloadCompute *self);
void     ll_workload_compute_set_numbers  (LlWorkloadCompute *self,
                                           guint64            numbers);

G_END_DECLS
