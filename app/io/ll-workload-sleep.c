/* ll-workload-sleep.c: Sleep, blocking and async
 *
 * The simplest pair.  Blocking: g_usleep() on the loop's thread, and for
 * that long the loop does nothing at all.  Async: a coroutine awaits a
 * sleep of the same length on the scheduler's timer wheel; the loop runs
 * everything else meanwhile, and wakes the coroutine when it is due.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include "ll-workload-private.h"

static void
sleep_blocking (LlWorkload *self)
{
  /* Blocks the calling thread ON PURPOSE: called from a click handler,
   * this is the frozen window the demo shows.  Never do this in a real
   * handler; sleep_run() below is what to do instead.
   */
  g_usleep ((gulong) self->requested);

  _ll_workload_work_done (self, NULL);
}

typedef struct
{
  LlCo        co;
  LlWorkload *workload;   /* the run holds it until this finishes */
  guint       msec;
} SleepFrame;

static LlCoStatus
sleep_run (LlCo *co)
{
  SleepFrame *f = (SleepFrame *) co;

  LL_CO_BEGIN (co);

  /* Not g_usleep: this returns to the loop, which runs everything else
   * until the timer wheel wakes this coroutine up. */
  LL_CO_SLEEP (co, f->msec);

  LL_CO_END (co);
}

static void
sleep_cleanup (LlCo *co)
{
  SleepFrame *f = (SleepFrame *) co;

  _ll_workload_task_finished (f->workload, co);
}

static gboolean
sleep_tick (gpointer data)
{
  LlWorkload *self = data;

  _ll_workload_set_done (self, (guint64) MAX (_ll_workload_now (self) - self->clock_start, 0));

  return G_SOURCE_CONTINUE;
}

void
_ll_workload_sleep_start (LlWorkload *self)
{
  SleepFrame *f;

  _ll_workload_set_total (self, (guint64) self->requested);

  if (self->mode == LL_WORKLOAD_MODE_BLOCKING)
    {
      sleep_blocking (self);
      return;
    }

  f = ll_co_new (SleepFrame, sleep_run, sleep_cleanup);
  f->workload = self;
  f->msec = (guint) ((self->requested + 999) / G_TIME_SPAN_MILLISECOND);
  ll_co_set_name (&f->co, "sleep");
  _ll_workload_spawn (self, &f->co);
  ll_co_unref (&f->co);

  _ll_workload_start_ticker (self, sleep_tick, self, NULL);
}
