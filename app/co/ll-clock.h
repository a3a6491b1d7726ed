/* ll-clock.h: a scheduler's time
 *
 * All time a task sees goes through its scheduler: LL_CO_SLEEP() and
 * ll_scheduler_get_time().  The clock is the monotonic one, or a virtual
 * one for tests and demos that jumps to the next deadline whenever
 * nothing else can run.  The sleepers share one timer wheel
 * (ll-timer-wheel.c), whatever their number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-co.h"

G_BEGIN_DECLS

/**
 * LlClock:
 * @LL_CLOCK_MONOTONIC: g_get_monotonic_time(); sleeps take real time
 * @LL_CLOCK_VIRTUAL: starts at 0 and moves only when the scheduler jumps
 *   to the next deadline (every task asleep and no other source of the
 *   context ready at %G_PRIORITY_LOW or above) or on
 *   ll_scheduler_advance_clock()
 *
 * Where a scheduler's time comes from.
 */
typedef enum
{
  LL_CLOCK_MONOTONIC,
  LL_CLOCK_VIRTUAL,
} LlClock;

#define LL_TYPE_CLOCK (ll_clock_get_type ())
GType ll_clock_get_type (void) G_GNUC_CONST;

LlClock       ll_scheduler_get_clock       (LlScheduler    *self);
gint64        ll_scheduler_get_time        (LlScheduler    *self);
void          ll_scheduler_advance_clock   (LlScheduler    *self,
                                            gint64          usec);

G_END_DECLS
