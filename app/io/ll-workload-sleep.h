/* ll-workload-sleep.h: Sleep, blocking and async
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

#define LL_TYPE_WORKLOAD_SLEEP (ll_workload_sleep_get_type ())

G_DECLARE_FINAL_TYPE (LlWorkloadSleep, ll_workload_sleep, LL, WORKLOAD_SLEEP, LlWorkload)

double  ll_workload_sleep_get_seconds  (LlWorkloadSleep *self);
void    ll_workload_sleep_set_seconds  (LlWorkloadSleep *self,
                                        double           seconds);

G_END_DECLS
