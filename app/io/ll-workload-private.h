/* ll-workload-private.h: what the base class gives its kinds
 *
 * A run: ll_workload_run_async() checks the settings (the base's, then
 * the kind's check()), records what the run is asked for (plan()), then
 * calls the kind's start().  A blocking start does the work before it
 * returns; a non-blocking one spawns a root coroutine (or a thread).
 * Either way, the end of the work calls _ll_workload_work_done(), which
 * queues the completion in an idle: the result is assembled (with the
 * monitor's figures, then the kind's own through fill_result()) once
 * the loop has caught up.
 *
 * Coroutine runs add their coroutines to the run's task group with
 * _ll_workload_add_task(), and the group's end is the end of the work:
 * it finishes once every coroutine of the run has, however the run
 * ends, so nothing of a run is still using the workload when its result
 * is delivered.  The first coroutine that fails cancels the others, and
 * its error is the run's (the group's rules: ll-task-group.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

/* The base's own fields: ll-workload.c uses them; the kinds go through
 * the functions below. */
typedef struct
{
  /* construct-only */
  LlWorkloadMode  mode;

  /* owned references */
  LlLoopMonitor  *monitor;          /* nullable */
  LlScheduler    *scheduler;        /* created on first use if unset */

  /* settings */
  char           *handler_name;

  /* progress */
  guint64         done;
  guint64         total;
  double          progress;

  /* the current run: its task, its own cancellable, pending sources */
  GTask          *task;
  GMainContext   *context;
  GCancellable   *cancellable;
  GCancellable   *caller_cancellable;
  gulong          caller_cancelled_id;
  GSource        *cancel_source;
  GSource        *tick_source;
  GSource        *complete_source;
  LlTaskGroup    *group;            /* the run's coroutines, from the first */

  /* what the run found */
  GError         *error;
  gint64          real_start;       /* monotonic µs */
  gint64          real_end;
  gint64          cpu_start;        /* the calling thread's CPU time, µs */
  gint64          cpu_end;
  gint64          clock_start;      /* the run's clock */
  gint64          clock_end;
  gint64          requested;
} LlWorkloadPrivate;

LlWorkloadPrivate *_ll_workload_get_private (LlWorkload *self);

/* The bit of @mode in LlWorkloadClass.modes. */
#define LL_WORKLOAD_MODE_BIT(mode) (1u << (mode))

LlScheduler  *_ll_workload_ensure_scheduler   (LlWorkload     *self);
GCancellable *_ll_workload_get_cancellable    (LlWorkload     *self);
gint64        _ll_workload_now                (LlWorkload     *self);
gint64        _ll_workload_get_clock_start    (LlWorkload     *self);
gint64        _ll_workload_get_requested      (LlWorkload     *self);
void          _ll_workload_set_requested      (LlWorkload     *self,
                                               gint64          requested);
void          _ll_workload_set_total          (LlWorkload     *self,
                                               guint64         total);
void          _ll_workload_set_done           (LlWorkload     *self,
                                               guint64         done);
void          _ll_workload_start_ticker       (LlWorkload     *self,
                                               GSourceFunc     func,
                                               gpointer        data,
                                               GDestroyNotify  destroy);
void          _ll_workload_add_task           (LlWorkload     *self,
                                               LlCo           *co);
void          _ll_workload_work_done          (LlWorkload     *self,
                                               GError         *error);

/* The "seconds" setting of the kinds that take a duration (sleep,
 * compute): each installs this spec and stores the value in its own
 * field, which _ll_workload_set_seconds() checks, sets and notifies. */
GParamSpec   *_ll_workload_seconds_pspec      (const char     *name);
void          _ll_workload_set_seconds        (LlWorkload     *self,
                                               double         *field,
                                               double          seconds,
                                               GParamSpec     *pspec);

/* ll-workload-types.c */
GType             _ll_workload_type_for_kind  (LlWorkloadKind  kind);
LlWorkloadResult *_ll_workload_make_result    (LlWorkload     *self);

/* ll-workload-fetch.c: the records of a fetch run, for the result */
GArray       *_ll_fetch_requests_copy         (GArray         *requests);

G_END_DECLS
