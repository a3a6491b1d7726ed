/* ll-scheduler.c: tasks on a GMainContext
 *
 * The scheduler object: its properties, spawning, the event stream, step
 * mode, and its dispose, which finishes every task left.  What it does
 * with a task once spawned is in ll-task.c; when it does it, in
 * ll-scheduler-source.c; the time, in ll-clock.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include "ll-scheduler-private.h"

/* Half a millisecond: a timer of the same loop that comes due while the
 * scheduler runs waits at most that long for it, and the loop's turn
 * costs a few microseconds, 1 % of the slice.  (1 ms left a 10 ms timer
 * beside a million sleepers a millisecond later at its 99th percentile.)
 * A loop with a thousand sockets pays far more per turn, a walk of every
 * source: the HTTP server sets a longer slice on its own scheduler. */
#define DEFAULT_TIME_SLICE (G_TIME_SPAN_MILLISECOND / 2)

G_DEFINE_FINAL_TYPE (LlScheduler, ll_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CLOCK,
  PROP_STEP_MODE,
  PROP_FAIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Events */

void
_ll_scheduler_emit (LlScheduler   *self,
                    LlCoEventKind  kind,
                    LlCo          *co)
{
  LlCoEvent event;

  if (self == NULL || self->event_func == NULL)
    return;

  event.kind = kind;
  event.co = co;
  event.time = ll_clock_now (self);
  event.value = co->value;
  event.wait = co->wait;
  event.line = co->line;
  event.error = co->error;

  self->event_func (&event, self->event_data);
}

/* GObject */

static void
ll_scheduler_constructed (GObject *object)
{
  LlScheduler *self = LL_SCHEDULER (object);

  G_OBJECT_CLASS (ll_scheduler_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();

  _ll_scheduler_attach_sources (self);
  _ll_clock_attach (self);
}

static void
ll_scheduler_dispose (GObject *object)
{
  LlScheduler *self = LL_SCHEDULER (object);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();
  LlCo *co;
  guint i;

  self->disposed = TRUE;
  ll_scheduler_set_event_func (self, NULL, NULL, NULL);

  _ll_scheduler_clear_source (&self->source);
  _ll_scheduler_clear_source (&self->peer_source);
  _ll_scheduler_clear_source (&self->turn_source);

  /* Detach every live task before any cleanup runs, so that a cleanup
   * touching another task finds it whole and finished-to-be. */
  ll_task_table_collect (&self->table, tasks);
  ll_task_table_clear (&self->table);
  ll_co_queue_clear (&self->ready);
  _ll_clock_clear (self);

  /* Waiters here are finished below; those of another scheduler wake. */
  for (i = 0; i < tasks->len; i++)
    {
      LlCo *waiter;
      LlCo *next;

      co = g_ptr_array_index (tasks, i);
      for (waiter = co->waiters; waiter != NULL; waiter = next)
        {
          next = waiter->link.next;
          if (waiter->sched != self)
            {
              waiter->u.awaited = NULL;
              waiter->wait = LL_CO_WAIT_READY;
              ll_co_queue_push (&waiter->sched->ready, waiter);
            }
        }
      co->waiters = NULL;
    }

  for (i = 0; i < tasks->len; i++)
    {
      co = g_ptr_array_index (tasks, i);
      co->flags |= LL_CO_FLAG_CANCELLED;
      if (co->error == NULL)
        co->error = _ll_co_cancelled_error ();
      if (co->flags & LL_CO_FLAG_ASYNC_RESULT)
        {
          g_object_unref (co->u.async_result);
          co->flags &= ~LL_CO_FLAG_ASYNC_RESULT;
        }
      if (co->wait == LL_CO_WAIT_ASYNC)
        co->flags |= LL_CO_FLAG_ORPHAN;

      co->link.next = NULL;
      co->sched = NULL;
    }

  for (i = 0; i < tasks->len; i++)
    {
      co = g_ptr_array_index (tasks, i);
      if (co->flags & LL_CO_FLAG_ORPHAN)
        {
          if (ll_co_peek_cancellable (co) != NULL)
            g_cancellable_cancel (co->extra->cancellable);
          continue;
        }
      co->state = LL_CO_STATE_FINISHED;
      co->wait = LL_CO_WAIT_NONE;
      co->value = NULL;
      ll_co_clear_value_destroy (co);
      _ll_co_run_cleanup (co);
    }

  /* Orphans keep the scheduler's reference until GIO calls back. */
  for (i = 0; i < tasks->len; i++)
    {
      co = g_ptr_array_index (tasks, i);
      if (!(co->flags & LL_CO_FLAG_ORPHAN))
        ll_co_unref (co);
    }

  G_OBJECT_CLASS (ll_scheduler_parent_class)->dispose (object);
}

static void
ll_scheduler_finalize (GObject *object)
{
  LlScheduler *self = LL_SCHEDULER (object);

  ll_co_queue_clear (&self->ready);
  ll_task_table_clear (&self->table);
  _ll_clock_clear (self);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ll_scheduler_parent_class)->finalize (object);
}

static void
ll_scheduler_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlScheduler *self = LL_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;

    case PROP_CLOCK:
      g_value_set_enum (value, self->clock);
      break;

    case PROP_STEP_MODE:
      g_value_set_boolean (value, self->step_mode);
      break;

    case PROP_FAIR:
      g_value_set_boolean (value, self->fair);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_scheduler_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlScheduler *self = LL_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_boxed (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_get_enum (value);
      break;

    case PROP_STEP_MODE:
      ll_scheduler_set_step_mode (self, g_value_get_boolean (value));
      break;

    case PROP_FAIR:
      ll_scheduler_set_fair (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_scheduler_class_init (LlSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ll_scheduler_constructed;
  object_class->dispose = ll_scheduler_dispose;
  object_class->finalize = ll_scheduler_finalize;
  object_class->get_property = ll_scheduler_get_property;
  object_class->set_property = ll_scheduler_set_property;

  /**
   * LlScheduler:context:
   *
   * The main context the tasks run on; the thread-default one if %NULL.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL,
                        G_TYPE_MAIN_CONTEXT,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlScheduler:clock:
   *
   * Where time comes from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_enum ("clock", NULL, NULL,
                       LL_TYPE_CLOCK,
                       LL_CLOCK_MONOTONIC,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlScheduler:step-mode:
   *
   * Whether ready tasks wait for ll_scheduler_step() instead of running.
   */
  properties[PROP_STEP_MODE] =
    g_param_spec_boolean ("step-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * LlScheduler:fair:
   *
   * Whether the loop's other sources, whatever their priority, run
   * between two time slices that leave tasks ready (see
   * ll_scheduler_set_fair()).  %TRUE by default.
   */
  properties[PROP_FAIR] =
    g_param_spec_boolean ("fair", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_scheduler_init (LlScheduler *self)
{
  self->time_slice = DEFAULT_TIME_SLICE;
  self->fair = TRUE;
}

/* Public API */

/**
 * ll_scheduler_new:
 * @context: (nullable): the main context to run on; %NULL for the
 *   thread-default one
 * @clock: where time comes from
 *
 * Creates a scheduler and attaches its source to @context.  Disposing it
 * cancels every task left: their cleanups run, and a task still awaiting
 * GIO finishes once GIO has called back.
 *
 * Returns: (transfer full): a new #LlScheduler
 */
LlScheduler *
ll_scheduler_new (GMainContext *context,
                  LlClock       clock)
{
  return g_object_new (LL_TYPE_SCHEDULER,
                       "context", context,
                       "clock", clock,
                       NULL);
}

/**
 * ll_scheduler_get_context:
 * @self: a scheduler
 *
 * Returns: (transfer none): the context the tasks run on
 */
GMainContext *
ll_scheduler_get_context (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), NULL);

  return self->context;
}

/**
 * ll_scheduler_set_time_slice:
 * @self: a scheduler
 * @usec: the longest one dispatch keeps resuming tasks, in microseconds
 *
 * How long the scheduler runs ready tasks before it lets the loop's other
 * sources in.  0.5 ms by default.
 */
void
ll_scheduler_set_time_slice (LlScheduler *self,
                             gint64       usec)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (usec > 0);

  self->time_slice = usec;
}

/**
 * ll_scheduler_spawn:
 * @self: a scheduler
 * @co: a coroutine that never ran
 *
 * Makes @co a task of @self: it is queued, and starts at the next
 * dispatch (or step).  The scheduler holds a reference until the task
 * finishes; keep your own to read its result.  Spawning a coroutine that
 * is already finished (cancelled before it started) does nothing.
 *
 * Returns: (transfer none): @co
 */
LlCo *
ll_scheduler_spawn (LlScheduler *self,
                    LlCo        *co)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (co != NULL, NULL);

  if (co->state == LL_CO_STATE_FINISHED)
    return co;

  g_return_val_if_fail (co->state == LL_CO_STATE_CREATED, co);
  g_return_val_if_fail (!(co->flags & (LL_CO_FLAG_TASK | LL_CO_FLAG_WATCHED)), co);

  if (G_UNLIKELY (self->disposed))
    {
      ll_co_cancel (co);
      return co;
    }

  co->sched = self;
  co->flags |= LL_CO_FLAG_TASK;
  ll_co_ref (co);
  ll_task_table_add (&self->table, co);

  co->wait = LL_CO_WAIT_READY;
  ll_co_queue_push (&self->ready, co);
  ll_scheduler_emit (self, LL_CO_EVENT_CREATED, co);

  return co;
}

/**
 * ll_scheduler_watch:
 * @self: a scheduler
 * @generator: a generator, driven by ll_co_send()
 *
 * Reports @generator's resumes and suspensions in @self's event stream,
 * for a debugger that shows a generator beside the tasks driving it.  The
 * generator holds a reference on @self.
 */
void
ll_scheduler_watch (LlScheduler *self,
                    LlCo        *generator)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (generator != NULL);
  g_return_if_fail (!(generator->flags & (LL_CO_FLAG_TASK | LL_CO_FLAG_WATCHED)));

  generator->sched = g_object_ref (self);
  generator->flags |= LL_CO_FLAG_WATCHED;
}

/**
 * ll_scheduler_cancel_all:
 * @self: a scheduler
 *
 * Cancels every task (ll_co_cancel()).  They finish as the loop runs.
 */
void
ll_scheduler_cancel_all (LlScheduler *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  guint i;

  g_return_if_fail (LL_IS_SCHEDULER (self));

  tasks = ll_scheduler_list_tasks (self);
  for (i = 0; i < tasks->len; i++)
    ll_co_cancel (g_ptr_array_index (tasks, i));
}

/**
 * ll_scheduler_get_n_tasks:
 * @self: a scheduler
 *
 * Returns: how many tasks have been spawned and not finished
 */
guint
ll_scheduler_get_n_tasks (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), 0);

  return self->table.n_tasks;
}

/**
 * ll_scheduler_list_tasks:
 * @self: a scheduler
 *
 * Returns: (transfer full) (element-type LlCo): the live tasks, oldest
 *   first
 */
GPtrArray *
ll_scheduler_list_tasks (LlScheduler *self)
{
  GPtrArray *tasks;
  guint i;

  g_return_val_if_fail (LL_IS_SCHEDULER (self), NULL);

  tasks = g_ptr_array_new_full (self->table.n_tasks, (GDestroyNotify) ll_co_unref);
  ll_task_table_collect (&self->table, tasks);
  for (i = 0; i < tasks->len; i++)
    ll_co_ref (g_ptr_array_index (tasks, i));

  return tasks;
}

/**
 * ll_scheduler_get_current:
 * @self: a scheduler
 *
 * Returns: (transfer none) (nullable): the task whose body is running
 */
LlCo *
ll_scheduler_get_current (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), NULL);

  return self->current;
}

/**
 * ll_scheduler_set_event_func:
 * @self: a scheduler
 * @func: (nullable): receives every event
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when replaced
 *
 * Subscribes to the event stream (one subscriber).  With none, events
 * cost one branch each.
 */
void
ll_scheduler_set_event_func (LlScheduler    *self,
                             LlCoEventFunc   func,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (LL_IS_SCHEDULER (self));

  old_destroy = self->event_destroy;
  old_data = self->event_data;

  self->event_func = func;
  self->event_data = user_data;
  self->event_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * ll_scheduler_get_step_mode:
 * @self: a scheduler
 *
 * Returns: whether ready tasks wait for a step
 */
gboolean
ll_scheduler_get_step_mode (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), FALSE);

  return self->step_mode;
}

/**
 * ll_scheduler_set_step_mode:
 * @self: a scheduler
 * @step_mode: whether tasks run only when stepped
 *
 * In step mode, ready tasks stay in the ready queue until
 * ll_scheduler_step() or ll_scheduler_step_co() resumes one of them;
 * timers still expire and GIO still completes, which makes tasks ready.
 */
void
ll_scheduler_set_step_mode (LlScheduler *self,
                            gboolean     step_mode)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));

  step_mode = !!step_mode;
  if (self->step_mode == (guint) step_mode)
    return;

  self->step_mode = step_mode;
  self->turn = LL_LOOP_TURN_NONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_MODE]);
}

/**
 * ll_scheduler_get_fair:
 * @self: a scheduler
 *
 * Returns: whether the loop's lower-priority sources run between slices
 */
gboolean
ll_scheduler_get_fair (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), TRUE);

  return self->fair;
}

/**
 * ll_scheduler_set_fair:
 * @self: a scheduler
 * @fair: whether to let the loop's other sources run between slices
 *
 * A fair scheduler (the default) lets every source of its context that is
 * ready run after a time slice that left tasks ready, before the next
 * slice, whatever that source's priority: GTK's layout and paint at
 * %GDK_PRIORITY_REDRAW, idles, GTask completions.  An unfair one is a
 * plain %G_PRIORITY_DEFAULT source that is ready whenever a task is, so
 * while any task keeps yielding no source of a lower priority ever runs.
 *
 * The unfair mode exists only so that a test or a demo can show that
 * starvation; nothing else should turn fairness off.
 */
void
ll_scheduler_set_fair (LlScheduler *self,
                       gboolean     fair)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));

  fair = !!fair;
  if (self->fair == (guint) fair)
    return;

  self->fair = fair;
  if (!fair)
    self->turn = LL_LOOP_TURN_NONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAIR]);
}

/**
 * ll_scheduler_peek_ready:
 * @self: a scheduler
 *
 * Returns: (transfer none) (nullable): the task ll_scheduler_step() would
 *   resume
 */
LlCo *
ll_scheduler_peek_ready (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), NULL);

  return ll_co_queue_peek (&self->ready);
}

static void
step_resume (LlScheduler *self,
             LlCo        *co)
{
  gboolean pushed;

  g_object_ref (self);
  pushed = _ll_scheduler_push_context (self);
  _ll_task_resume (self, co);
  if (pushed)
    g_main_context_pop_thread_default (self->context);
  g_object_unref (self);
}

/**
 * ll_scheduler_step:
 * @self: a scheduler
 *
 * Resumes the first ready task, up to its next resume point.  Call it
 * from outside any task, typically from a debugger's Step button.
 *
 * Returns: %TRUE if a task ran, %FALSE if none was ready
 */
gboolean
ll_scheduler_step (LlScheduler *self)
{
  LlCo *co;

  g_return_val_if_fail (LL_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (self->current == NULL, FALSE);

  co = ll_co_queue_pop (&self->ready);
  if (co == NULL)
    return FALSE;

  step_resume (self, co);

  return TRUE;
}

/**
 * ll_scheduler_step_co:
 * @self: a scheduler
 * @co: a task of @self
 *
 * Resumes @co up to its next resume point, if it is ready, whatever its
 * place in the queue: a schedule such as "A A B B A B" picks the task.
 *
 * Returns: %TRUE if @co ran, %FALSE if it was not ready
 */
gboolean
ll_scheduler_step_co (LlScheduler *self,
                      LlCo        *co)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (co != NULL, FALSE);
  g_return_val_if_fail (self->current == NULL, FALSE);

  if (co->sched != self || !(co->flags & LL_CO_FLAG_TASK) ||
      co->state == LL_CO_STATE_FINISHED || _ll_task_get_wait (co) != LL_CO_WAIT_READY)
    return FALSE;

  ll_co_queue_remove (&self->ready, co);
  step_resume (self, co);

  return TRUE;
}

/**
 * ll_scheduler_run_until_done:
 * @self: a scheduler
 * @co: a task of @self
 *
 * Iterates the scheduler's context until @co has finished: for tests and
 * for command-line programs.  Never call it from a task, nor in step mode.
 */
void
ll_scheduler_run_until_done (LlScheduler *self,
                             LlCo        *co)
{
  g_autoptr(LlCo) hold = NULL;

  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (co != NULL);
  g_return_if_fail (self->current == NULL);
  g_return_if_fail (co->sched == self || co->state == LL_CO_STATE_FINISHED);

  hold = ll_co_ref (co);
  while (co->state != LL_CO_STATE_FINISHED)
    g_main_context_iteration (self->context, TRUE);
}

/**
 * ll_scheduler_run_until_idle:
 * @self: a scheduler
 *
 * Iterates the scheduler's context until every task has finished.  Never
 * call it from a task, nor in step mode.
 */
void
ll_scheduler_run_until_idle (LlScheduler *self)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (self->current == NULL);

  g_object_ref (self);
  while (self->table.n_tasks > 0)
    g_main_context_iteration (self->context, TRUE);
  g_object_unref (self);
}
