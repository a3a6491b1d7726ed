/* ll-switch-cost-coroutines.c: the ring of coroutines
 *
 * The kind %LL_SWITCH_COST_KIND_COROUTINE of ll-switch-cost-model.c: N
 * tasks of one #LlScheduler on a context of the controller's thread.
 * Each, resumed, hands the token on if it holds it and yields, so that a
 * handoff is one resume: no kernel, no lock.  The whole of that path,
 * pass_body() and the loop that resumes it, is in this one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-model"

#include "config.h"

#include <sys/resource.h>

#include "ll-switch-cost-private.h"

/* The coroutines */

/* Workers created between two looks at the stop flag and the clock:
 * 4 096 coroutines take about a millisecond to spawn, 64 threads or
 * processes a few. */
#define SPAWN_BATCH_COROUTINES 4096

typedef struct
{
  guint    n;
  guint    turn;        /* the index of the task that holds the token */
  guint    rounds;
  gboolean stop;
  guint64  handoffs;
  guint64  idle_resumes;
} CoRing;

/* Kept to 128 bytes, two cache lines with the #LlCo header: a million of
 * them are the point's memory. */
typedef struct
{
  LlCo    co;
  CoRing *ring;
  guint   index;
  guint   passes;
} PassFrame;

/* while True: wait for the token; hand it on; yield */
static LlCoStatus
pass_body (LlCo *co)
{
  PassFrame *f = (PassFrame *) co;
  CoRing *ring = f->ring;

  LL_CO_BEGIN (co);

  while (!ring->stop)
    {
      if (ring->turn == f->index)
        {
          /* The handoff: the next task in the ring, which is also the
           * next in the ready queue, holds the token when it resumes. */
          ring->turn = f->index + 1 < ring->n ? f->index + 1 : 0;
          ring->handoffs++;
          f->passes++;
          if (f->passes == ring->rounds)
            break;
        }
      else
        ring->idle_resumes++;
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

/* Iterates @context until @done says so or the run stops, reporting. */
static void
co_iterate_while (GMainContext *context,
                  Progress     *progress,
                  CoRing       *ring,
                  guint64       handoffs,
                  gint64        deadline)
{
  while (!ll_switch_cost_run_stopping (progress->run) &&
         (handoffs == 0 || ring->handoffs < handoffs) &&
         (deadline == 0 || g_get_monotonic_time () < deadline))
    {
      /* One iteration is one time slice of resumes, 0.5 ms. */
      g_main_context_iteration (context, FALSE);
      progress->point->handoffs = ring->handoffs;
      ll_switch_cost_progress_report (progress, FALSE);
    }
}

gboolean
ll_switch_cost_run_coroutines (Progress  *progress,
                               GError   **error)
{
  Run *run = progress->run;
  LlSwitchCostPoint *point = progress->point;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(LlScheduler) scheduler = NULL;
  CoRing ring = { .n = point->n, .rounds = run->rounds };
  gint64 rss_before, rss_after;
  guint64 switches, warm;
  gint64 t0, t1;

  g_main_context_push_thread_default (context);
  /* Monotonic whatever the caller's clock: these are real times, and a
   * virtual clock would never end a slice. */
  scheduler = ll_scheduler_new (context, LL_CLOCK_MONOTONIC);

  rss_before = ll_switch_cost_self_rss ();
  for (guint i = 0; i < point->n && !ll_switch_cost_run_stopping (run); i++)
    {
      g_autoptr(LlCo) task = NULL;
      PassFrame *f = ll_co_new (PassFrame, pass_body, NULL);

      f->ring = &ring;
      f->index = i;
      task = &f->co;
      ll_scheduler_spawn (scheduler, task);
      point->started = i + 1;
      if (point->started % SPAWN_BATCH_COROUTINES == 0)
        ll_switch_cost_progress_report (progress, FALSE);
    }

  /* A round to warm up in a timed run: every frame has run once and its
   * memory is touched before the clock starts. */
  warm = run->rounds == 0 ? point->n : 0;
  if (warm > 0)
    co_iterate_while (context, progress, &ring, warm, 0);
  ring.handoffs = 0;
  ring.idle_resumes = 0;
  /* Now, not after the stretch: the less time between the two, the less
   * of the rest of the process (a window drawing meanwhile) is in it. */
  rss_after = ll_switch_cost_self_rss ();

  switches = ll_switch_cost_context_switches (RUSAGE_SELF);
  t0 = g_get_monotonic_time ();
  ll_switch_cost_progress_measuring (progress, t0);
  if (run->rounds > 0)
    co_iterate_while (context, progress, &ring, (guint64) point->n * run->rounds, 0);
  else
    co_iterate_while (context, progress, &ring, 0, t0 + run->usec);
  t1 = g_get_monotonic_time ();
  switches = ll_switch_cost_context_switches (RUSAGE_SELF) - switches;

  point->handoffs = ring.handoffs;
  point->idle_resumes = ring.idle_resumes;
  point->usec = t1 - t0;
  point->rss_per_worker = ll_switch_cost_rss_growth_per_worker (rss_before, rss_after, point->n);
  ll_switch_cost_point_finish (point, switches);

  /* Every task returns at its next resume. */
  ring.stop = TRUE;
  ll_scheduler_run_until_idle (scheduler);
  g_clear_object (&scheduler);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return TRUE;
}
