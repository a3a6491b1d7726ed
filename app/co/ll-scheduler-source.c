/* ll-scheduler-source.c: the GSource that runs a scheduler's tasks
 *
 * One GSource does the scheduling.  Its dispatch expires the timer wheel
 * into the ready queue, then resumes ready tasks one after another for up
 * to a time slice (0.5 ms by default) and returns to the loop, so a task
 * switch costs a queue pop and a function call, not a loop iteration.
 * After a slice that left tasks ready, every other source of the context
 * that is ready runs before the next slice, whatever its priority (two
 * companion sources see to it: "The loop's turn"), so a task that never
 * stops yielding still leaves GTK drawing every frame.  Every resume
 * starts from a dispatch (or from a debugger's step), never from inside
 * another coroutine, so the C stack stays flat however long the chain of
 * resumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include "ll-scheduler-private.h"

/* The longest the loop's turn lasts before the tasks take theirs back:
 * one frame at 60 Hz.  Every source that is ready only now and then (a
 * frame's layout and paint, an input event, a GIO completion) is done
 * long before; a source still ready after a whole frame is one that is
 * always ready (an idle that never returns G_SOURCE_REMOVE), which would
 * otherwise starve the tasks forever.  Against such a source the tasks
 * still run a slice per frame. */
#define MAX_LOOP_TURN (G_TIME_SPAN_SECOND / 60)

/* Tasks start GIO operations, which call back on the thread-default
 * context: make it ours while they run.  Returns whether it pushed. */
gboolean
_ll_scheduler_push_context (LlScheduler *self)
{
  GMainContext *thread_default = g_main_context_get_thread_default ();

  if (thread_default == NULL)
    thread_default = g_main_context_default ();
  if (thread_default == self->context)
    return FALSE;

  g_main_context_push_thread_default (self->context);

  return TRUE;
}

/* The time prepare and check compare deadlines with: the real clock is
 * read once per loop iteration. */
static inline gint64
source_now (LlScheduler *self,
            GSource     *source)
{
  return self->clock == LL_CLOCK_VIRTUAL ? self->virtual_now : g_source_get_time (source);
}

/* The loop's turn
 *
 * GLib dispatches, in each iteration, only the ready sources of the
 * highest priority.  A scheduler source that is ready whenever a task is
 * would keep every source of a lower priority from running while one task
 * keeps yielding: GTK's layout and paint (GDK_PRIORITY_REDRAW), idles,
 * the completions of GTasks returned at a low priority.  So after a slice
 * that left tasks ready, the scheduler source says it is not ready, and
 * the loop takes a turn in two stages:
 *
 * - LL_LOOP_TURN_PEERS: the peer source, one priority below the scheduler's, is
 *   ready.  If it is dispatched, no source of the scheduler's priority or
 *   above was ready: on to LL_LOOP_TURN_LOWER.  If instead the scheduler source
 *   is prepared a second time, a peer of its priority (or a higher one)
 *   ran in between: the tasks take their turn beside it, as they would as
 *   any source of that priority, and a peer that is always ready shares
 *   the loop with them instead of holding them back.
 * - LL_LOOP_TURN_LOWER: the turn source, at G_MAXINT, is ready; GLib dispatches it
 *   only in an iteration where nothing else is, that is once every ready
 *   source had its turn.  Its dispatch runs the next slice.
 *
 * Either way, after MAX_LOOP_TURN the scheduler source is ready again. */

static void
begin_loop_turn (LlScheduler *self,
                 GSource     *source)
{
  self->turn = LL_LOOP_TURN_PEERS;
  self->turn_prepares = 0;
  self->turn_since = g_source_get_time (source);
}

/* Whether the turn has lasted too long; else how long it may still last,
 * in milliseconds for a poll timeout. */
static gboolean
loop_turn_is_over (LlScheduler *self,
                   GSource     *source,
                   int         *timeout)
{
  gint64 left = self->turn_since + MAX_LOOP_TURN - g_source_get_time (source);

  if (left <= 0)
    return TRUE;

  *timeout = (int) ((left + 999) / 1000);

  return FALSE;
}

/* Expires the timers and runs a slice, then hands the loop its turn if
 * tasks are still ready. */
static void
run_slice (LlScheduler *self,
           GSource     *source)
{
  gboolean pushed;

  g_object_ref (self);

  self->turn = LL_LOOP_TURN_NONE;
  _ll_clock_expire (self);

  pushed = _ll_scheduler_push_context (self);
  _ll_task_run_ready (self);
  if (pushed)
    g_main_context_pop_thread_default (self->context);

  if (self->fair && !self->step_mode && self->ready.length > 0 && !self->disposed)
    begin_loop_turn (self, source);

  g_object_unref (self);
}

static gboolean
scheduler_source_ready (LlScheduler *self,
                        GSource     *source,
                        int         *timeout)
{
  gint64 deadline;
  gint64 now;

  *timeout = -1;

  if (self->turn != LL_LOOP_TURN_NONE)
    return loop_turn_is_over (self, source, timeout);

  if (self->ready.length > 0 && !self->step_mode)
    {
      *timeout = 0;
      return TRUE;
    }

  deadline = _ll_clock_next_deadline (self);
  if (deadline == G_MAXINT64)
    return FALSE;

  now = source_now (self, source);
  if (deadline <= now)
    {
      *timeout = 0;
      return TRUE;
    }

  /* A virtual clock moves by jumps, not by waiting. */
  if (self->clock == LL_CLOCK_MONOTONIC)
    *timeout = (int) MIN ((deadline - now + 999) / 1000, G_MAXINT);

  return FALSE;
}

static gboolean
scheduler_source_prepare (GSource *source,
                          int     *timeout)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;

  /* Prepared again without the peer source dispatched: a peer ran. */
  if (self->turn == LL_LOOP_TURN_PEERS && self->turn_prepares++ > 0)
    {
      *timeout = 0;
      return TRUE;
    }

  return scheduler_source_ready (self, source, timeout);
}

static gboolean
scheduler_source_check (GSource *source)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;
  int timeout;

  return scheduler_source_ready (self, source, &timeout);
}

static gboolean
scheduler_source_dispatch (GSource     *source,
                           GSourceFunc  callback,
                           gpointer     user_data)
{
  run_slice (((LlSchedulerSource *) source)->self, source);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs scheduler_source_funcs = {
  .prepare = scheduler_source_prepare,
  .check = scheduler_source_check,
  .dispatch = scheduler_source_dispatch,
};

/* The peer source and the turn source are ready in their stage of the
 * turn.  GLib may dispatch one that was ready in an earlier iteration,
 * after the stage has ended: their dispatch checks it again. */

static gboolean
in_stage (GSource *source)
{
  LlSchedulerSource *stage_source = (LlSchedulerSource *) source;

  return stage_source->self->turn == stage_source->stage;
}

static gboolean
stage_source_prepare (GSource *source,
                      int     *timeout)
{
  gboolean ready = in_stage (source);

  *timeout = ready ? 0 : -1;

  return ready;
}

static gboolean
peer_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;

  if (self->turn == LL_LOOP_TURN_PEERS)
    self->turn = LL_LOOP_TURN_LOWER;

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs peer_source_funcs = {
  .prepare = stage_source_prepare,
  .check = in_stage,
  .dispatch = peer_source_dispatch,
};

static gboolean
turn_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;

  if (self->turn == LL_LOOP_TURN_LOWER)
    run_slice (self, source);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs turn_source_funcs = {
  .prepare = stage_source_prepare,
  .check = in_stage,
  .dispatch = turn_source_dispatch,
};

GSource *
_ll_scheduler_source_new (LlScheduler  *self,
                          GSourceFuncs *funcs,
                          const char   *name,
                          int           priority)
{
  GSource *source = g_source_new (funcs, sizeof (LlSchedulerSource));

  ((LlSchedulerSource *) source)->self = self;
  g_source_set_static_name (source, name);
  g_source_set_priority (source, priority);
  g_source_attach (source, self->context);

  return source;
}

void
_ll_scheduler_clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Attaches the scheduler source and the two sources of the loop's turn. */
void
_ll_scheduler_attach_sources (LlScheduler *self)
{
  self->source = _ll_scheduler_source_new (self, &scheduler_source_funcs,
                                           "LlScheduler", G_PRIORITY_DEFAULT);
  self->peer_source = _ll_scheduler_source_new (self, &peer_source_funcs,
                                                "LlScheduler loop turn (peers)",
                                                G_PRIORITY_DEFAULT + 1);
  ((LlSchedulerSource *) self->peer_source)->stage = LL_LOOP_TURN_PEERS;
  self->turn_source = _ll_scheduler_source_new (self, &turn_source_funcs,
                                                "LlScheduler loop turn",
                                                G_MAXINT);
  ((LlSchedulerSource *) self->turn_source)->stage = LL_LOOP_TURN_LOWER;
}
