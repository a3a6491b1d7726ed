/* ll-hello-model.c: n tasks gathered, sleeping together on one thread
 *
 * Runs the gather of ll-hello-task.c on the model's scheduler and keeps
 * what the window draws and the terminal prints: when each task said
 * "Hello world!" and "Awake again!", on which thread, and how long the
 * whole took.  The tasks call back through an LlHelloRun they share, so
 * that a run the model let go of (a new start, a page left mid-run)
 * finishes unwinding without touching the model.
 *
 * In step mode each step resumes one hello task, the first one ready
 * in the order asyncio's ready queue keeps: the tasks that have yet to
 * start, then those whose sleep is up, as they fell asleep.  The
 * gather's own resumes (starting the tasks, noticing they are done)
 * ride along with the step that needs them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-model"

#include "config.h"

#include <string.h>

#include "ll-hello-model.h"
#include "ll-task.h"

struct _LlHelloRun
{
  gatomicrefcount  ref_count;
  LlHelloModel    *model;     /* borrowed, or NULL once the model let go */
  guint            sleep_msec;
};

struct _LlHelloModel
{
  LlSimModel  parent_instance;

  /* Owned references */
  LlHelloRun *run;
  LlCo       *gather;
  GPtrArray  *tasks;         /* borrowed LlCo: the gather holds them */
  GArray     *hello_at;      /* gint64 per task: µs after the start, or -1 */
  GArray     *awake_at;

  /* State */
  guint       n_tasks;
  guint       sleep_msec;
  guint       n_hello;
  guint       n_awake;
  guint       wake_cursor;   /* no task before it sleeps any more */
  guint       start_cursor;  /* every task before it has started */
  gint64      start_time;
  gint64      end_time;      /* -1 until the last task is awake */
  gboolean    trace;
  GThread    *thread;        /* where the first line ran */
  gboolean    other_thread;  /* whether a line ran anywhere else */
};

G_DEFINE_FINAL_TYPE (LlHelloModel, ll_hello_model, LL_TYPE_SIM_MODEL)

static const char * const spelling_paths[] = {
  [LL_HELLO_SPELLING_C] = "app/sim/ll-hello-task.c",
  [LL_HELLO_SPELLING_GENERATOR] = "resources/python/hello_generator.py",
  [LL_HELLO_SPELLING_ASYNC] = "resources/python/hello_async.py",
};

/* The line about to run at each point, in each spelling: the line that
 * prints "Hello world!", then the sleep the task resumes from
 * (test-sim checks each against the file's text, and the C ones against
 * the coroutine's own resume point). */
static const int point_lines[LL_HELLO_N_SPELLINGS][2] = {
  [LL_HELLO_SPELLING_C] = { 35, 38 },
  [LL_HELLO_SPELLING_GENERATOR] = { 22, 23 },
  [LL_HELLO_SPELLING_ASYNC] = { 19, 20 },
};

/**
 * ll_hello_spelling_get_path:
 * @spelling: a spelling
 *
 * Returns: the path of its file in the tree (and in the sources bundle)
 */
const char *
ll_hello_spelling_get_path (LlHelloSpelling spelling)
{
  g_return_val_if_fail (spelling < LL_HELLO_N_SPELLINGS, NULL);

  return spelling_paths[spelling];
}

/**
 * ll_hello_point_get_line:
 * @spelling: a spelling
 * @point: where a task stands
 *
 * Returns: the line of @spelling's file, from 1, that runs next when a
 *   task at @point resumes
 */
int
ll_hello_point_get_line (LlHelloSpelling spelling,
                         LlHelloPoint    point)
{
  g_return_val_if_fail (spelling < LL_HELLO_N_SPELLINGS, 0);
  g_return_val_if_fail (point <= LL_HELLO_POINT_AWAKE, 0);

  return point_lines[spelling][point];
}

/* The run the tasks share */

LlHelloRun *
ll_hello_run_ref (LlHelloRun *run)
{
  g_atomic_ref_count_inc (&run->ref_count);

  return run;
}

void
ll_hello_run_unref (LlHelloRun *run)
{
  if (g_atomic_ref_count_dec (&run->ref_count))
    g_free (run);
}

guint
ll_hello_run_get_sleep_msec (LlHelloRun *run)
{
  return run->sleep_msec;
}

/* Runs inside task @number: records the line, and prints it (with its
 * resume, when tracing) to whoever listens. */
void
ll_hello_run_say (LlHelloRun   *run,
                  guint         number,
                  LlHelloPoint  point,
                  const char   *text)
{
  LlHelloModel *self = run->model;
  LlSimModel *model;
  GThread *thread = g_thread_self ();
  gint64 at;

  if (self == NULL)
    return;

  model = LL_SIM_MODEL (self);
  at = ll_scheduler_get_time (ll_sim_model_get_scheduler (model)) - self->start_time;
  if (self->thread == NULL)
    self->thread = thread;
  else if (thread != self->thread)
    self->other_thread = TRUE;

  if (g_signal_has_handler_pending (self, g_signal_lookup ("line", LL_TYPE_SIM_MODEL), 0, FALSE))
    {
      g_autofree char *line = NULL;

      if (self->trace)
        {
          line = g_strdup_printf ("resume task %u %s, %.3f s", number,
                                  point == LL_HELLO_POINT_START ? "at start" : "after sleep",
                                  at / (double) G_TIME_SPAN_SECOND);
          ll_sim_model_emit_line (model, line);
          g_free (line);
        }
      line = g_strdup_printf ("[task %u, thread %p] %s", number, (gpointer) thread, text);
      ll_sim_model_emit_line (model, line);
    }

  if (point == LL_HELLO_POINT_START)
    {
      g_array_index (self->hello_at, gint64, number - 1) = at;
      self->n_hello++;
    }
  else
    {
      g_array_index (self->awake_at, gint64, number - 1) = at;
      if (++self->n_awake == self->n_tasks)
        {
          self->end_time = at;
          ll_sim_model_set_running (model, FALSE);
        }
    }
}

/* The model */

static void
clear_run (LlHelloModel *self)
{
  if (self->run != NULL)
    self->run->model = NULL;
  g_clear_pointer (&self->run, ll_hello_run_unref);
  g_ptr_array_set_size (self->tasks, 0);
  ll_sim_model_drop_task (LL_SIM_MODEL (self), &self->gather);
}

static void
ll_hello_model_stop_run (LlSimModel *model)
{
  clear_run (LL_HELLO_MODEL (model));
}

/* The next task a step resumes, or NULL when none is ready: all
 * asleep, or the run over. */
static LlCo *
peek_next (LlHelloModel *self)
{
  if (self->gather == NULL)
    return NULL;

  for (; self->start_cursor < self->tasks->len; self->start_cursor++)
    {
      LlCo *co = g_ptr_array_index (self->tasks, self->start_cursor);

      if (ll_co_get_state (co) == LL_CO_STATE_CREATED)
        return co;
    }

  /* They wake in the order they fell asleep, which in step mode is
   * theirs; ll_hello_model_get_next_wake() keeps the cursor. */
  if (ll_hello_model_get_next_wake (self) >= 0)
    {
      LlCo *co = g_ptr_array_index (self->tasks, self->wake_cursor);

      if (ll_co_get_wait (co) == LL_CO_WAIT_READY)
        return co;
    }

  return NULL;
}

static gboolean
ll_hello_model_step (LlSimModel *model)
{
  LlHelloModel *self = LL_HELLO_MODEL (model);
  LlScheduler *scheduler = ll_sim_model_get_scheduler (model);
  gboolean stepped = FALSE;
  LlCo *co;

  if (self->gather == NULL)
    return FALSE;

  /* The gather first, if it has yet to start the tasks. */
  if (ll_co_get_state (self->gather) == LL_CO_STATE_CREATED)
    ll_scheduler_step_co (scheduler, self->gather);

  co = peek_next (self);
  if (co != NULL)
    stepped = ll_scheduler_step_co (scheduler, co);

  /* And once the last task is done, the gather it wakes, to its end. */
  if (self->n_awake == self->n_tasks)
    while (ll_co_get_state (self->gather) != LL_CO_STATE_FINISHED &&
           ll_scheduler_step_co (scheduler, self->gather))
      ;

  ll_hello_model_get_next (self, NULL);

  return stepped;
}

static void
ll_hello_model_dispose (GObject *object)
{
  clear_run (LL_HELLO_MODEL (object));

  G_OBJECT_CLASS (ll_hello_model_parent_class)->dispose (object);
}

static void
ll_hello_model_finalize (GObject *object)
{
  LlHelloModel *self = LL_HELLO_MODEL (object);

  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->hello_at, g_array_unref);
  g_clear_pointer (&self->awake_at, g_array_unref);

  G_OBJECT_CLASS (ll_hello_model_parent_class)->finalize (object);
}

static void
ll_hello_model_class_init (LlHelloModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_hello_model_dispose;
  object_class->finalize = ll_hello_model_finalize;
  sim_class->stop = ll_hello_model_stop_run;
  sim_class->step = ll_hello_model_step;
}

static void
ll_hello_model_init (LlHelloModel *self)
{
  self->tasks = g_ptr_array_new ();
  self->hello_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->awake_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->n_tasks = LL_HELLO_DEFAULT_TASKS;
  self->sleep_msec = LL_HELLO_DEFAULT_SLEEP_MSEC;
  self->end_time = -1;
}

/**
 * ll_hello_model_new:
 * @scheduler: the scheduler to run on
 *
 * Returns: (transfer full): a new model, not started
 */
LlHelloModel *
ll_hello_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_HELLO_MODEL, "scheduler", scheduler, NULL);
}

/**
 * ll_hello_model_start:
 * @self: a model
 * @n_tasks: how many tasks to gather, 1 to %LL_HELLO_MAX_TASKS
 * @sleep_msec: how long each sleeps, %LL_HELLO_MIN_SLEEP_MSEC to
 *   %LL_HELLO_MAX_SLEEP_MSEC
 *
 * Starts a run afresh; one under way is dropped.  In step mode the
 * tasks wait for ll_sim_model_step(); otherwise they run at once.
 */
void
ll_hello_model_start (LlHelloModel *self,
                      guint         n_tasks,
                      guint         sleep_msec)
{
  LlScheduler *scheduler;

  g_return_if_fail (LL_IS_HELLO_MODEL (self));
  g_return_if_fail (n_tasks >= 1 && n_tasks <= LL_HELLO_MAX_TASKS);
  g_return_if_fail (sleep_msec >= LL_HELLO_MIN_SLEEP_MSEC && sleep_msec <= LL_HELLO_MAX_SLEEP_MSEC);

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  ll_hello_model_clear (self);

  self->n_tasks = n_tasks;
  self->sleep_msec = sleep_msec;
  g_array_set_size (self->hello_at, n_tasks);
  g_array_set_size (self->awake_at, n_tasks);
  memset (self->hello_at->data, 0xff, n_tasks * sizeof (gint64));
  memset (self->awake_at->data, 0xff, n_tasks * sizeof (gint64));

  self->run = g_new0 (LlHelloRun, 1);
  g_atomic_ref_count_init (&self->run->ref_count);
  self->run->model = self;
  self->run->sleep_msec = sleep_msec;

  /* asyncio.gather: all the tasks at once, on this one thread. */
  self->start_time = ll_scheduler_get_time (scheduler);
  self->gather = ll_hello_gather_new (self->run, n_tasks, self->tasks);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  ll_scheduler_spawn (scheduler, self->gather);
  ll_hello_model_get_next (self, NULL);
}

/**
 * ll_hello_model_clear:
 * @self: a model
 *
 * Drops the run under way, if any, and forgets the last one: no task
 * has said anything.
 */
void
ll_hello_model_clear (LlHelloModel *self)
{
  g_return_if_fail (LL_IS_HELLO_MODEL (self));

  ll_sim_model_stop (LL_SIM_MODEL (self));
  self->n_hello = 0;
  self->n_awake = 0;
  self->wake_cursor = 0;
  self->start_cursor = 0;
  self->end_time = -1;
  self->thread = NULL;
  self->other_thread = FALSE;
  g_array_set_size (self->hello_at, 0);
  g_array_set_size (self->awake_at, 0);
}

/**
 * ll_hello_model_set_trace:
 * @self: a model
 * @trace: whether ::line also tells each resume
 *
 * With @trace, each line a task prints comes after one that says which
 * task resumed, where and when: `resume task 1 after sleep, 1.000 s`.
 */
void
ll_hello_model_set_trace (LlHelloModel *self,
                          gboolean      trace)
{
  g_return_if_fail (LL_IS_HELLO_MODEL (self));

  self->trace = !!trace;
}

/**
 * ll_hello_model_get_gather:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the gathering task of the run
 */
LlCo *
ll_hello_model_get_gather (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), NULL);

  return self->gather;
}

/**
 * ll_hello_model_get_n_tasks:
 * @self: a model
 *
 * Returns: how many tasks the current or last run gathered
 */
guint
ll_hello_model_get_n_tasks (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  return self->n_tasks;
}

guint
ll_hello_model_get_sleep_msec (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  return self->sleep_msec;
}

/**
 * ll_hello_model_get_n_hello:
 * @self: a model
 *
 * Returns: how many tasks of the run have said "Hello world!"
 */
guint
ll_hello_model_get_n_hello (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  return self->n_hello;
}

/**
 * ll_hello_model_get_n_awake:
 * @self: a model
 *
 * Returns: how many tasks of the run have said "Awake again!"
 */
guint
ll_hello_model_get_n_awake (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  return self->n_awake;
}

/**
 * ll_hello_model_get_start_time:
 * @self: a model
 *
 * Returns: the scheduler's time at the gather, in µs
 */
gint64
ll_hello_model_get_start_time (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  return self->start_time;
}

/**
 * ll_hello_model_get_elapsed:
 * @self: a model
 *
 * Returns: how long the loop took from the gather to the last "Awake
 *   again!", in µs; -1 until then
 */
gint64
ll_hello_model_get_elapsed (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), -1);

  return self->end_time;
}

/**
 * ll_hello_model_get_hello_times:
 * @self: a model
 * @n_tasks: (out): how many tasks the run has
 *
 * Returns: (array length=n_tasks) (transfer none): when each task said
 *   "Hello world!", in µs after the gather; -1 for one that has not yet
 */
const gint64 *
ll_hello_model_get_hello_times (LlHelloModel *self,
                                guint        *n_tasks)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), NULL);
  g_return_val_if_fail (n_tasks != NULL, NULL);

  *n_tasks = self->hello_at->len;

  return (const gint64 *) (gpointer) self->hello_at->data;
}

/**
 * ll_hello_model_get_awake_times:
 * @self: a model
 * @n_tasks: (out): how many tasks the run has
 *
 * Returns: (array length=n_tasks) (transfer none): when each task said
 *   "Awake again!", in µs after the gather; -1 for one that has not yet
 */
const gint64 *
ll_hello_model_get_awake_times (LlHelloModel *self,
                                guint        *n_tasks)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), NULL);
  g_return_val_if_fail (n_tasks != NULL, NULL);

  *n_tasks = self->awake_at->len;

  return (const gint64 *) (gpointer) self->awake_at->data;
}

/**
 * ll_hello_model_get_thread:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the thread the run's first line
 *   ran on; %NULL before it
 */
GThread *
ll_hello_model_get_thread (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), NULL);

  return self->thread;
}

/**
 * ll_hello_model_get_one_thread:
 * @self: a model
 *
 * Returns: whether every line of the run so far ran on that one thread
 */
gboolean
ll_hello_model_get_one_thread (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), FALSE);

  return !self->other_thread;
}

/**
 * ll_hello_model_get_next:
 * @self: a model
 * @point: (out) (optional): where that task stands
 *
 * In step mode, the task the next step resumes.  A sleeping task gets
 * ready when its time is up, which the model learns only when asked:
 * so this also brings #LlSimModel:source-line up to date.
 *
 * Returns: its number, from 1; 0 when none is ready (all asleep, or
 *   the run is over)
 */
guint
ll_hello_model_get_next (LlHelloModel *self,
                         LlHelloPoint *point)
{
  LlHelloPoint at;
  LlCo *co;

  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), 0);

  co = peek_next (self);
  at = (co == NULL || ll_co_get_state (co) == LL_CO_STATE_CREATED
        ? LL_HELLO_POINT_START : LL_HELLO_POINT_AWAKE);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self),
                                co != NULL ? ll_hello_point_get_line (LL_HELLO_SPELLING_C, at) : 0);
  if (point != NULL)
    *point = at;

  return co != NULL ? ll_hello_task_get_number (co) : 0;
}

/**
 * ll_hello_model_get_next_wake:
 * @self: a model
 *
 * Returns: when the first sleeping task wakes, on the scheduler's clock
 *   (µs); -1 if none sleeps
 */
gint64
ll_hello_model_get_next_wake (LlHelloModel *self)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (self), -1);

  /* They all sleep as long and fall asleep in their order, so the
   * first to wake is the first task not yet awake; the cursor moves
   * past the awake ones once, not at every call. */
  if (self->n_hello == self->n_awake)
    return -1;

  for (; self->wake_cursor < self->n_tasks; self->wake_cursor++)
    {
      guint i = self->wake_cursor;
      gint64 hello = g_array_index (self->hello_at, gint64, i);

      if (g_array_index (self->awake_at, gint64, i) >= 0)
        continue;
      if (hello < 0)
        return -1;
      return self->start_time + hello + self->sleep_msec * (gint64) 1000;
    }

  return -1;
}
