/* ll-scheduler.h: tasks on a GMainContext
 *
 * A scheduler runs coroutines as tasks (ll-task.h) on one GMainContext.
 * Ready tasks wait in one queue that a single GSource drains, a time
 * slice per dispatch, so many resumes cost one loop iteration.  Between
 * two slices every other ready source of the context runs, of any
 * priority (GTK's input, layout and paint included; see
 * ll_scheduler_set_fair()).  Time comes from the scheduler's clock
 * (ll-clock.h).  This header also brings in task groups
 * (ll-task-group.h), which gather tasks on a scheduler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-co.h"
#include "ll-clock.h"

G_BEGIN_DECLS

/**
 * LlCoEventKind:
 * @LL_CO_EVENT_CREATED: spawned on the scheduler
 * @LL_CO_EVENT_RESUMED: about to run from its resume point; for a
 *   generator, @value is the value sent in
 * @LL_CO_EVENT_SUSPENDED: stopped at a resume point; @wait says what for,
 *   @value is the value yielded (for %LL_CO_WAIT_ASYNC, the text of the
 *   awaited call)
 * @LL_CO_EVENT_FINISHED: returned; @value is the result
 * @LL_CO_EVENT_FAILED: finished with @error
 * @LL_CO_EVENT_CANCELLED: finished with %G_IO_ERROR_CANCELLED
 *
 * The kinds of #LlCoEvent.
 */
typedef enum
{
  LL_CO_EVENT_CREATED,
  LL_CO_EVENT_RESUMED,
  LL_CO_EVENT_SUSPENDED,
  LL_CO_EVENT_FINISHED,
  LL_CO_EVENT_FAILED,
  LL_CO_EVENT_CANCELLED,
} LlCoEventKind;

/**
 * LlCoEvent:
 * @kind: what happened
 * @co: (transfer none): to whom; valid during the callback
 * @time: the scheduler's clock, in microseconds
 * @value: see #LlCoEventKind
 * @wait: what @co waits for after the event
 * @line: the resume point, as ll_co_get_line()
 * @error: (nullable): the failure, for %LL_CO_EVENT_FAILED and
 *   %LL_CO_EVENT_CANCELLED
 *
 * One record of the event stream, for the UI and the step debugger.
 */
typedef struct
{
  LlCoEventKind  kind;
  LlCo          *co;
  gint64         time;
  gpointer       value;
  LlCoWait       wait;
  int            line;
  const GError  *error;
} LlCoEvent;

/**
 * LlCoEventFunc:
 * @event: the event
 * @user_data: the data given to ll_scheduler_set_event_func()
 *
 * Receives the event stream.  It runs in the middle of a resume: it may
 * record and read, but must not resume, spawn or cancel anything.
 */
typedef void (*LlCoEventFunc) (const LlCoEvent *event,
                               gpointer         user_data);

#define LL_TYPE_SCHEDULER (ll_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (LlScheduler, ll_scheduler, LL, SCHEDULER, GObject)

LlScheduler  *ll_scheduler_new             (GMainContext   *context,
                                            LlClock         clock);
GMainContext *ll_scheduler_get_context     (LlScheduler    *self);
void          ll_scheduler_set_time_slice  (LlScheduler    *self,
                                            gint64          usec);

LlCo         *ll_scheduler_spawn           (LlScheduler    *self,
                                            LlCo           *co);
void          ll_scheduler_watch           (LlScheduler    *self,
                                            LlCo           *generator);
void          ll_scheduler_cancel_all      (LlScheduler    *self);
guint         ll_scheduler_get_n_tasks     (LlScheduler    *self);
GPtrArray    *ll_scheduler_list_tasks      (LlScheduler    *self);
LlCo         *ll_scheduler_get_current     (LlScheduler    *self);

void          ll_scheduler_set_event_func  (LlScheduler    *self,
                                            LlCoEventFunc   func,
                                            gpointer        user_data,
                                            GDestroyNotify  destroy);

gboolean      ll_scheduler_get_fair        (LlScheduler    *self);
void          ll_scheduler_set_fair        (LlScheduler    *self,
                                            gboolean        fair);

gboolean      ll_scheduler_get_step_mode   (LlScheduler    *self);
void          ll_scheduler_set_step_mode   (LlScheduler    *self,
                                            gboolean        step_mode);
LlCo         *ll_scheduler_peek_ready      (LlScheduler    *self);
gboolean      ll_scheduler_step            (LlScheduler    *self);
gboolean      ll_scheduler_step_co         (LlScheduler    *self,
                                            LlCo           *co);

void          ll_scheduler_run_until_done  (LlScheduler    *self,
                                            LlCo           *co);
void          ll_scheduler_run_until_idle  (LlScheduler    *self);

G_END_DECLS

#include "ll-task-group.h"
