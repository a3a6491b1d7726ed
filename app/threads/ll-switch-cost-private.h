/* ll-switch-cost-private.h: what the switch cost's files share
 *
 * ll-switch-cost-model.c is the model, its controller and what the rings
 * share; each ring is a file of its own (ll-switch-cost-coroutines.c,
 * ll-switch-cost-threads.c, ll-switch-cost-processes.c), which the
 * controller runs on its thread with the point under way, a Progress.
 * The run's calls and the Progress ones are inline here: the coroutines'
 * loop makes both every time slice, and they were inlined into it when
 * the rings shared one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/types.h>

#include "ll-controller.h"
#include "ll-switch-cost-model.h"

G_BEGIN_DECLS

/* How often a point reports how far it has got: ten times a second, what
 * a progress bar needs. */
#define PROGRESS_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)

/* The run: the controller's data, set before it starts and read-only
 * afterwards but for @controller, which its thread sets first. */
typedef struct
{
  LlController      *controller;
  gint64             usec;
  guint              rounds;
  guint              worker_limit;
  GArray            *plan;            /* of LlSwitchCostPoint: kind and n */
} Run;

static inline gboolean
ll_switch_cost_run_stopping (Run *run)
{
  return ll_controller_is_stopping (run->controller);
}

/* Sleeps until @deadline (monotonic) or the stop, whichever comes
 * first.  Returns whether the run is stopping. */
static inline gboolean
ll_switch_cost_run_wait_until (Run    *run,
                               gint64  deadline)
{
  return ll_controller_wait_until (run->controller, deadline);
}

/* Measuring (ll-switch-cost-model.c) */
gint64   ll_switch_cost_self_rss              (void);
gint64   ll_switch_cost_child_private         (pid_t                    pid);
guint64  ll_switch_cost_context_switches      (int                      who);
double   ll_switch_cost_rss_growth_per_worker (gint64                   before,
                                               gint64                   after,
                                               guint                    n);
void     ll_switch_cost_point_finish          (LlSwitchCostPoint       *point,
                                               guint64                  switches);

/* News for the caller's context (ll-switch-cost-model.c) */
void     ll_switch_cost_post_message          (Run                     *run,
                                               guint                    index,
                                               const LlSwitchCostPoint *point,
                                               GError                  *error);

/* The point under way, and when it next reports. */
typedef struct
{
  Run               *run;
  guint              index;
  LlSwitchCostPoint *point;
  gint64             next_report;
  gint64             begin;
  gint64             start;
} Progress;

static inline void
ll_switch_cost_progress_report (Progress *progress,
                                gboolean  force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now < progress->next_report)
    return;

  progress->next_report = now + PROGRESS_INTERVAL;
  if (progress->point->state == LL_SWITCH_COST_STATE_MEASURING)
    progress->point->usec = now - progress->start;
  ll_switch_cost_post_message (progress->run, progress->index, progress->point, NULL);
}

static inline void
ll_switch_cost_progress_measuring (Progress *progress,
                                   gint64    start)
{
  progress->point->state = LL_SWITCH_COST_STATE_MEASURING;
  progress->point->start_usec = start - progress->begin;
  progress->start = start;
  ll_switch_cost_progress_report (progress, TRUE);
}

/* The rings: each runs the point under way to its end, on the
 * controller's thread */
gboolean ll_switch_cost_run_coroutines        (Progress                *progress,
                                               GError                 **error);
gboolean ll_switch_cost_run_threads           (Progress                *progress,
                                               GError                 **error);
gboolean ll_switch_cost_run_processes         (Progress                *progress,
                                               GError                 **error);

G_END_DECLS
