/* ll-counter-race-model.c: "Shared state: a lost update"
 *
 * A run is one controller thread that goes through the lanes in order:
 *
 *   for lane in (plain, mutex, atomic, coroutine, coroutine-yield):
 *       counter = 0
 *       if lane is a thread lane:
 *           start T threads; open the gate once all wait at it
 *           each: repeat K times: increment (counter)   # the lane's way
 *           join them
 *       else:
 *           spawn T tasks on this thread's own scheduler, run them out
 *       report expected = T * K, counted = counter
 *
 * Everything it reports goes to the caller's context through the
 * #LlController (post_message()), where the model stores it and emits
 * ::lane-changed: no signal is ever emitted on another thread, and a
 * stopped run's late news is dropped there.  The threads know nothing
 * of the model; they share a Run, the controller's data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-counter-race-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-controller.h"
#include "ll-counter-race-model.h"

/* The increments a worker carries out between two looks at the stop
 * flag: 4 096 take a few microseconds plain and about 0.1 ms under the
 * lock with two threads contending (2 x 10^7 locked increments took
 * 0.45 to 0.54 s here, on two cores), so a stop, which waits for every
 * thread, returns within milliseconds, and the look costs nothing.
 * 16 384 made a stop of 64 workers take up to 35 ms. */
#define CHUNK 4096

/* How often a running lane reports how far it has got: ten times a
 * second, what a progress bar needs. */
#define PROGRESS_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_ENUM_TYPE (LlCounterRaceLane, ll_counter_race_lane,
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_PLAIN, "plain"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_MUTEX, "mutex"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_ATOMIC, "atomic"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_COROUTINE, "coroutine"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_COROUTINE_YIELD, "coroutine-yield"))

G_DEFINE_FLAGS_TYPE (LlCounterRaceLaneFlags, ll_counter_race_lane_flags,
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_FLAG_PLAIN, "plain"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_FLAG_MUTEX, "mutex"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_FLAG_ATOMIC, "atomic"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_FLAG_COROUTINE, "coroutine"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_LANE_FLAG_COROUTINE_YIELD, "coroutine-yield"))

G_DEFINE_ENUM_TYPE (LlCounterRaceState, ll_counter_race_state,
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LL_COUNTER_RACE_STATE_STOPPED, "stopped"))

/* The run: the controller's data, shared by its thread and the workers. */
typedef struct
{
  /* The controller's, set first by its thread: the stop is set under
   * @lock and broadcast on @cond, so the gate's waits end with it */
  LlController           *controller;
  GMutex                 *lock;
  GCond                  *cond;

  /* Set before the controller starts, read-only afterwards */
  LlClock                 clock;
  guint                   workers;
  guint64                 increments;
  LlCounterRaceLaneFlags  lanes;

  /* A thread lane's start and end, under @lock */
  guint                   n_ready;
  guint                   n_finished;
  gboolean                go;
  gboolean                abort;

  /* The increments carried out in the current lane: __atomic by the
   * workers of a thread lane; plain by the tasks of a coroutine lane,
   * which run on the controller's thread, the one that reads it */
  guint64                 done;

  /* The shared counter, on a cache line of its own, so that what the
   * thread lanes measure is the counter's own contention.  volatile for
   * the plain lane, which must read and write it once an increment (see
   * ll_counter_race_plain_increments()). */
  char                    pad_before[64];
  volatile gint64         counter;
  GMutex                  counter_lock;
  char                    pad_after[64];
} Run;

typedef void (*IncrementFunc) (Run     *run,
                               guint64  n);

typedef struct
{
  LlCounterRaceFigures  figures;
  GError               *error;
} Lane;

struct _LlCounterRaceModel
{
  LlSimModel              parent_instance;

  /* What the next run is */
  guint                   workers;
  guint                   increments;
  LlCounterRaceLaneFlags  lanes;

  /* The run under way: owned; and how many were started */
  LlController           *controller;
  guint                   serial;

  /* What the last run found */
  int                     current;
  Lane                    lane[LL_COUNTER_RACE_N_LANES];
};

G_DEFINE_FINAL_TYPE (LlCounterRaceModel, ll_counter_race_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_WORKERS,
  PROP_INCREMENTS,
  PROP_LANES,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LANE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ll_counter_race_lane_get_id:
 * @lane: a lane
 *
 * Returns: its id, the same in every language: `plain`, `mutex`,
 *   `atomic`, `coroutine`, `coroutine-yield`
 */
const char *
ll_counter_race_lane_get_id (LlCounterRaceLane lane)
{
  switch (lane)
    {
    case LL_COUNTER_RACE_LANE_PLAIN:
      return "plain";
    case LL_COUNTER_RACE_LANE_MUTEX:
      return "mutex";
    case LL_COUNTER_RACE_LANE_ATOMIC:
      return "atomic";
    case LL_COUNTER_RACE_LANE_COROUTINE:
      return "coroutine";
    case LL_COUNTER_RACE_LANE_COROUTINE_YIELD:
      return "coroutine-yield";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ll_counter_race_lane_get_title:
 * @lane: a lane
 *
 * Returns: its name for a user, translated
 */
const char *
ll_counter_race_lane_get_title (LlCounterRaceLane lane)
{
  switch (lane)
    {
    case LL_COUNTER_RACE_LANE_PLAIN:
      return _("Threads, plain read-modify-write");
    case LL_COUNTER_RACE_LANE_MUTEX:
      return _("Threads, a mutex around each increment");
    case LL_COUNTER_RACE_LANE_ATOMIC:
      return _("Threads, an atomic add");
    case LL_COUNTER_RACE_LANE_COROUTINE:
      return _("Coroutines on one thread, no lock");
    case LL_COUNTER_RACE_LANE_COROUTINE_YIELD:
      return _("Coroutines that yield between read and write");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ll_counter_race_yield_lane_count:
 * @workers: T, at least 1
 * @increments: K
 *
 * What the coroutine-yield lane counts, exactly.  Its T tasks are
 * spawned in order and the scheduler resumes ready tasks first in,
 * first out.  In the first round each task reads 0 and yields; then
 * each in turn writes 0 + 1, reads 1 (its own write, or the previous
 * task's same write) and yields; so every round begins with all T
 * tasks holding the same value and ends with the counter one higher.
 * K rounds count K, whatever T is: T - 1 of the T increments of each
 * round are lost, (T - 1) × K in all.
 *
 * Returns: K
 */
guint64
ll_counter_race_yield_lane_count (guint workers,
                                  guint increments)
{
  g_return_val_if_fail (workers >= 1, 0);

  return increments;
}

/* The run */

static Run *
run_new (void)
{
  Run *run = g_new0 (Run, 1);

  g_mutex_init (&run->counter_lock);

  return run;
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_mutex_clear (&run->counter_lock);
  g_free (run);
}

static gboolean
run_stopping (Run *run)
{
  return ll_controller_is_stopping (run->controller);
}

/* News for the caller's context: one lane as it stands */

typedef struct
{
  LlCounterRaceLane     lane;
  LlCounterRaceFigures  figures;
  GError               *error;
} Message;

static void
message_free (gpointer data)
{
  Message *message = data;

  g_clear_error (&message->error);
  g_free (message);
}

/* On any thread of the run: the news arrives in the order it was
 * posted, so the caller hears a lane start before it ends. */
static void
post_message (Run                        *run,
              LlCounterRaceLane           lane,
              const LlCounterRaceFigures *figures,
              GError                     *error)
{
  Message *message = g_new0 (Message, 1);

  message->lane = lane;
  message->figures = *figures;
  message->error = error;
  ll_controller_post (run->controller, message);
}

/* The thread lanes */

/* The deliberate data race: a plain read of the shared counter, then a
 * write of what was read plus one, as two statements.  Two threads that
 * read the same value both write that value plus one, and one increment
 * is lost.  volatile makes the compiler emit exactly one load and one
 * store per increment, in this order: without it, it may keep the
 * counter in a register for the whole loop (one load, one store of
 * value + n), or fold the loop into `*counter += n`, and the race would
 * all but vanish from the demo while staying in the code.  (volatile is
 * not atomic: it orders nothing between threads; that is the point.)
 *
 * Named and never inlined so that a ThreadSanitizer build can exclude
 * exactly this race by name, with `race:ll_counter_race_plain_increments`
 * in its suppressions.  The coroutine lane runs this same function, on
 * one thread, and loses nothing. */
G_GNUC_NO_INLINE static void
ll_counter_race_plain_increments (volatile gint64 *counter,
                                  guint64          n)
{
  for (guint64 i = 0; i < n; i++)
    {
      gint64 value = *counter;

      *counter = value + 1;
    }
}

static void
plain_increments (Run     *run,
                  guint64  n)
{
  ll_counter_race_plain_increments (&run->counter, n);
}

static void
mutex_increments (Run     *run,
                  guint64  n)
{
  for (guint64 i = 0; i < n; i++)
    {
      g_mutex_lock (&run->counter_lock);
      run->counter = run->counter + 1;
      g_mutex_unlock (&run->counter_lock);
    }
}

static void
atomic_increments (Run     *run,
                   guint64  n)
{
  /* g_atomic_int_add() is for a gint, and T × K may pass G_MAXINT;
   * GLib 2.74 has no 64-bit add, so this is the compiler's builtin that
   * g_atomic_int_add() itself expands to, on 64 bits: one `lock xadd`
   * on x86-64, a full barrier like GLib's. */
  for (guint64 i = 0; i < n; i++)
    __atomic_fetch_add (&run->counter, 1, __ATOMIC_SEQ_CST);
}

typedef struct
{
  Run           *run;
  IncrementFunc  increment;
} Worker;

/* Waits at the gate; FALSE if the lane will not run after all. */
static gboolean
worker_wait_for_start (Run *run)
{
  gboolean go;

  g_mutex_lock (run->lock);
  run->n_ready++;
  g_cond_broadcast (run->cond);
  while (!run->go && !run->abort && !run_stopping (run))
    g_cond_wait (run->cond, run->lock);
  go = run->go;
  g_mutex_unlock (run->lock);

  return go;
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  Run *run = worker->run;

  ll_controller_thread_be_nice ();

  if (worker_wait_for_start (run))
    {
      guint64 left = run->increments;

      while (left > 0 && !run_stopping (run))
        {
          guint64 n = MIN (left, CHUNK);

          worker->increment (run, n);
          left -= n;
          __atomic_fetch_add (&run->done, n, __ATOMIC_RELAXED);
        }
    }

  g_mutex_lock (run->lock);
  run->n_finished++;
  g_cond_broadcast (run->cond);
  g_mutex_unlock (run->lock);

  ll_controller_thread_end ();

  return NULL;
}

static void
post_progress (Run                  *run,
               LlCounterRaceLane     lane,
               LlCounterRaceFigures *figures,
               guint64               done,
               gint64                start,
               gint64               *next)
{
  gint64 now = g_get_monotonic_time ();

  if (now < *next)
    return;

  *next = now + PROGRESS_INTERVAL;
  figures->done = done;
  figures->usec = now - start;
  post_message (run, lane, figures, NULL);
}

/* T threads, each doing K increments @increment's way.  FALSE if one
 * could not be started: those that were are told to go home. */
static gboolean
run_threads (Run                   *run,
             LlCounterRaceLane      lane,
             IncrementFunc          increment,
             LlCounterRaceFigures  *figures,
             GError               **error)
{
  Worker workers[LL_COUNTER_RACE_MAX_WORKERS];
  GThread *threads[LL_COUNTER_RACE_MAX_WORKERS];
  GError *local_error = NULL;
  gint64 start;
  gint64 next;
  guint n;

  g_mutex_lock (run->lock);
  run->n_ready = 0;
  run->n_finished = 0;
  run->go = FALSE;
  run->abort = FALSE;
  g_mutex_unlock (run->lock);
  __atomic_store_n (&run->done, 0, __ATOMIC_RELAXED);

  for (n = 0; n < run->workers; n++)
    {
      g_autofree char *name = g_strdup_printf ("ll-race-%u", n);

      workers[n] = (Worker) { run, increment };
      threads[n] = ll_controller_thread_new (name, worker_thread, &workers[n], &local_error);
      if (threads[n] == NULL)
        break;
    }

  g_mutex_lock (run->lock);
  if (n == run->workers)
    {
      /* Every worker waits at the gate before it opens, so that they
       * all count at once: a thread started first would otherwise have
       * done much of its share alone, and lost nothing. */
      while (run->n_ready < n && !run_stopping (run))
        g_cond_wait (run->cond, run->lock);
      run->go = !run_stopping (run);
    }
  else
    run->abort = TRUE;
  g_cond_broadcast (run->cond);
  start = g_get_monotonic_time ();
  next = start + PROGRESS_INTERVAL;
  while (run->n_finished < n)
    {
      if (g_cond_wait_until (run->cond, run->lock, next))
        continue;

      /* Timed out: the next deadline first, so that a stopped run that
       * skips the report does not spin on a deadline past. */
      next = g_get_monotonic_time () + PROGRESS_INTERVAL;
      if (run_stopping (run))
        continue;
      g_mutex_unlock (run->lock);
      figures->done = __atomic_load_n (&run->done, __ATOMIC_RELAXED);
      figures->usec = g_get_monotonic_time () - start;
      post_message (run, lane, figures, NULL);
      g_mutex_lock (run->lock);
    }
  g_mutex_unlock (run->lock);
  figures->usec = g_get_monotonic_time () - start;

  /* Each has only its return left. */
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not start thread %u of %u: %s"),
                   n + 1, run->workers, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  return TRUE;
}

/* The coroutine lanes */

typedef struct
{
  LlCo     co;
  Run     *run;
  guint64  i;
  guint64  n;
  gint64   read;
} CountFrame;

/* for i in range (0, K, YIELD_EVERY): increment n times; yield */
static LlCoStatus
coroutine_body (LlCo *co)
{
  CountFrame *f = (CountFrame *) co;
  Run *run = f->run;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->i < run->increments; f->i += f->n)
    {
      f->n = MIN (run->increments - f->i, LL_COUNTER_RACE_YIELD_EVERY);
      /* The plain lane's racy read-modify-write, the very function: on
       * one thread nothing runs between here and the yield but this
       * task, so nothing is lost, and no lock is needed. */
      ll_counter_race_plain_increments (&run->counter, f->n);
      run->done += f->n;
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

/* for i in range (K): read = counter; yield; counter = read + 1 */
static LlCoStatus
yield_body (LlCo *co)
{
  CountFrame *f = (CountFrame *) co;
  Run *run = f->run;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->i < run->increments; f->i++)
    {
      f->read = run->counter;
      /* The other tasks run here, and read the same value... */
      LL_CO_YIELD (co, NULL);
      /* ...so this write undoes theirs: a coroutine is atomic only
       * between two yields. */
      run->counter = f->read + 1;
      run->done++;
    }

  LL_CO_END (co);
}

static LlCo *
count_task_new (Run               *run,
                LlCounterRaceLane  lane)
{
  CountFrame *f;

  if (lane == LL_COUNTER_RACE_LANE_COROUTINE)
    f = ll_co_new (CountFrame, coroutine_body, NULL);
  else
    f = ll_co_new (CountFrame, yield_body, NULL);
  f->run = run;

  return &f->co;
}

/* T tasks on a scheduler of this thread's own, run to their end. */
static void
run_coroutines (Run                  *run,
                LlCounterRaceLane     lane,
                LlCounterRaceFigures *figures)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(LlScheduler) scheduler = NULL;
  gint64 start;
  gint64 next;

  g_main_context_push_thread_default (context);
  scheduler = ll_scheduler_new (context, run->clock);
  run->done = 0;

  start = g_get_monotonic_time ();
  next = start + PROGRESS_INTERVAL;
  for (guint i = 0; i < run->workers; i++)
    {
      g_autoptr(LlCo) task = count_task_new (run, lane);

      ll_scheduler_spawn (scheduler, task);
    }
  /* A loop iteration is one time slice of resumes (0.5 ms): the flag is
   * looked at that often. */
  while (ll_scheduler_get_n_tasks (scheduler) > 0 && !run_stopping (run))
    {
      g_main_context_iteration (context, TRUE);
      post_progress (run, lane, figures, run->done, start, &next);
    }
  figures->usec = g_get_monotonic_time () - start;

  ll_scheduler_cancel_all (scheduler);
  ll_scheduler_run_until_idle (scheduler);
  g_clear_object (&scheduler);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

/* The controller */

static void
run_lane (Run               *run,
          LlCounterRaceLane  lane)
{
  LlCounterRaceFigures figures = {
    .state = LL_COUNTER_RACE_STATE_RUNNING,
    .workers = run->workers,
    .expected = (guint64) run->workers * run->increments,
  };
  GError *error = NULL;
  gboolean ok = TRUE;

  post_message (run, lane, &figures, NULL);
  run->counter = 0;

  switch (lane)
    {
    case LL_COUNTER_RACE_LANE_PLAIN:
      ok = run_threads (run, lane, plain_increments, &figures, &error);
      break;
    case LL_COUNTER_RACE_LANE_MUTEX:
      ok = run_threads (run, lane, mutex_increments, &figures, &error);
      break;
    case LL_COUNTER_RACE_LANE_ATOMIC:
      ok = run_threads (run, lane, atomic_increments, &figures, &error);
      break;
    case LL_COUNTER_RACE_LANE_COROUTINE:
    case LL_COUNTER_RACE_LANE_COROUTINE_YIELD:
    default:
      run_coroutines (run, lane, &figures);
      break;
    }

  /* Stopped: the model marks the lane so itself. */
  if (run_stopping (run))
    {
      g_clear_error (&error);
      return;
    }

  if (ok)
    {
      figures.state = LL_COUNTER_RACE_STATE_FINISHED;
      figures.done = figures.expected;
      figures.counted = run->counter;
      /* Lost updates only ever lower the count; a torn read could only
       * come from a platform without 64-bit loads. */
      figures.lost = figures.counted < figures.expected ? figures.expected - figures.counted : 0;
    }
  else
    figures.state = LL_COUNTER_RACE_STATE_FAILED;
  post_message (run, lane, &figures, error);
}

static void
controller_run (LlController *controller,
                gpointer      data)
{
  Run *run = data;

  run->controller = controller;
  run->lock = ll_controller_get_lock (controller);
  run->cond = ll_controller_get_cond (controller);

  /* The coroutine lanes count on this thread. */
  ll_controller_thread_be_nice ();

  for (guint lane = 0; lane < LL_COUNTER_RACE_N_LANES && !run_stopping (run); lane++)
    {
      if (run->lanes & (1u << lane))
        run_lane (run, lane);
    }
}

/* The model's side: the caller's thread */

static void
set_current (LlCounterRaceModel *self,
             int                 current)
{
  if (self->current == current)
    return;

  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
deliver_lane (GObject  *target,
              gpointer  data)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (target);
  Message *message = data;
  Lane *lane = &self->lane[message->lane];
  LlCounterRaceState state = message->figures.state;
  guint serial = self->serial;

  lane->figures = message->figures;
  g_clear_error (&lane->error);
  lane->error = g_steal_pointer (&message->error);

  if (state == LL_COUNTER_RACE_STATE_RUNNING)
    set_current (self, message->lane);
  else if (self->current == (int) message->lane)
    set_current (self, -1);

  g_signal_emit (self, signals[LANE_CHANGED], 0, message->lane);

  /* Unless a handler stopped this run, or started another. */
  if ((state == LL_COUNTER_RACE_STATE_FINISHED || state == LL_COUNTER_RACE_STATE_FAILED) &&
      self->controller != NULL && self->serial == serial)
    {
      g_autofree char *line = ll_counter_race_model_describe (self, message->lane);

      ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
    }
}

/* Lets go of the run: ll_controller_stop() joins its thread, which
 * joins its workers.  This blocks the caller's thread, for a few
 * milliseconds: a worker looks at the flag every CHUNK increments, a
 * coroutine lane every time slice, and the gate and the controller's
 * waits are woken by it (64 workers taking turns on two cores took 2 to
 * 11 ms to stop here, a coroutine lane under 1 ms). */
static void
drop_run (LlCounterRaceModel *self)
{
  if (self->controller != NULL)
    ll_controller_stop (g_steal_pointer (&self->controller));
}

/* It has posted its last news: only its return is left. */
static void
finish_run (GObject *target)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (target);

  ll_controller_join (g_steal_pointer (&self->controller));
  set_current (self, -1);
  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
}

static const LlControllerInfo controller_info = {
  .name = "[looplab] counter-race",
  .run = controller_run,
  .deliver = deliver_lane,
  .finished = finish_run,
  .message_free = message_free,
};

static void
ll_counter_race_model_stop_run (LlSimModel *model)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (model);

  if (self->controller == NULL)
    return;

  drop_run (self);
  set_current (self, -1);
  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    {
      LlCounterRaceState state = self->lane[i].figures.state;

      if (state == LL_COUNTER_RACE_STATE_WAITING || state == LL_COUNTER_RACE_STATE_RUNNING)
        {
          self->lane[i].figures.state = LL_COUNTER_RACE_STATE_STOPPED;
          g_signal_emit (self, signals[LANE_CHANGED], 0, i);
        }
    }
}

static void
ll_counter_race_model_dispose (GObject *object)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (object);

  drop_run (self);

  G_OBJECT_CLASS (ll_counter_race_model_parent_class)->dispose (object);
}

static void
ll_counter_race_model_finalize (GObject *object)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (object);

  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    g_clear_error (&self->lane[i].error);

  G_OBJECT_CLASS (ll_counter_race_model_parent_class)->finalize (object);
}

static void
ll_counter_race_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (object);

  switch (prop_id)
    {
    case PROP_WORKERS:
      g_value_set_uint (value, self->workers);
      break;

    case PROP_INCREMENTS:
      g_value_set_uint (value, self->increments);
      break;

    case PROP_LANES:
      g_value_set_flags (value, self->lanes);
      break;

    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_counter_race_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LlCounterRaceModel *self = LL_COUNTER_RACE_MODEL (object);

  switch (prop_id)
    {
    case PROP_WORKERS:
      ll_counter_race_model_set_workers (self, g_value_get_uint (value));
      break;

    case PROP_INCREMENTS:
      ll_counter_race_model_set_increments (self, g_value_get_uint (value));
      break;

    case PROP_LANES:
      ll_counter_race_model_set_lanes (self, g_value_get_flags (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_counter_race_model_class_init (LlCounterRaceModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_counter_race_model_dispose;
  object_class->finalize = ll_counter_race_model_finalize;
  object_class->get_property = ll_counter_race_model_get_property;
  object_class->set_property = ll_counter_race_model_set_property;

  sim_class->stop = ll_counter_race_model_stop_run;

  /**
   * LlCounterRaceModel:workers:
   *
   * T, the threads or coroutines of each lane of the next run.
   */
  properties[PROP_WORKERS] =
    g_param_spec_uint ("workers", NULL, NULL,
                       1, LL_COUNTER_RACE_MAX_WORKERS, LL_COUNTER_RACE_DEFAULT_WORKERS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlCounterRaceModel:increments:
   *
   * K, the increments each worker of the next run does.
   */
  properties[PROP_INCREMENTS] =
    g_param_spec_uint ("increments", NULL, NULL,
                       1, LL_COUNTER_RACE_MAX_INCREMENTS, LL_COUNTER_RACE_DEFAULT_INCREMENTS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlCounterRaceModel:lanes:
   *
   * Which lanes the next run goes through.
   */
  properties[PROP_LANES] =
    g_param_spec_flags ("lanes", NULL, NULL,
                        LL_TYPE_COUNTER_RACE_LANE_FLAGS,
                        LL_COUNTER_RACE_LANE_FLAG_ALL,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlCounterRaceModel:current:
   *
   * The #LlCounterRaceLane counting now, or -1.
   */
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL,
                      -1, LL_COUNTER_RACE_N_LANES - 1, -1,
                      (G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlCounterRaceModel::lane-changed:
   * @self: the model
   * @lane: the #LlCounterRaceLane
   *
   * Emitted on the context of the model's scheduler when a lane's state
   * or figures change: as a run starts, as the lane starts, about ten
   * times a second while it counts, as it ends or is stopped.
   */
  signals[LANE_CHANGED] =
    g_signal_new ("lane-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  LL_TYPE_COUNTER_RACE_LANE);
}

static void
ll_counter_race_model_init (LlCounterRaceModel *self)
{
  self->workers = LL_COUNTER_RACE_DEFAULT_WORKERS;
  self->increments = LL_COUNTER_RACE_DEFAULT_INCREMENTS;
  self->lanes = LL_COUNTER_RACE_LANE_FLAG_ALL;
  self->current = -1;
}

/**
 * ll_counter_race_model_new:
 * @scheduler: a scheduler on the context that hears the run's news; the
 *   coroutine lanes' own schedulers take its clock
 *
 * Returns: (transfer full): a new model, not started
 */
LlCounterRaceModel *
ll_counter_race_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_COUNTER_RACE_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

guint
ll_counter_race_model_get_workers (LlCounterRaceModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), 0);

  return self->workers;
}

/**
 * ll_counter_race_model_set_workers:
 * @self: a model
 * @workers: T, 1 to %LL_COUNTER_RACE_MAX_WORKERS
 *
 * For the next run; the one under way keeps its own.
 */
void
ll_counter_race_model_set_workers (LlCounterRaceModel *self,
                                   guint               workers)
{
  g_return_if_fail (LL_IS_COUNTER_RACE_MODEL (self));
  g_return_if_fail (workers >= 1 && workers <= LL_COUNTER_RACE_MAX_WORKERS);

  if (self->workers == workers)
    return;

  self->workers = workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKERS]);
}

guint
ll_counter_race_model_get_increments (LlCounterRaceModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), 0);

  return self->increments;
}

/**
 * ll_counter_race_model_set_increments:
 * @self: a model
 * @increments: K, 1 to %LL_COUNTER_RACE_MAX_INCREMENTS
 *
 * For the next run; the one under way keeps its own.
 */
void
ll_counter_race_model_set_increments (LlCounterRaceModel *self,
                                      guint               increments)
{
  g_return_if_fail (LL_IS_COUNTER_RACE_MODEL (self));
  g_return_if_fail (increments >= 1 && increments <= LL_COUNTER_RACE_MAX_INCREMENTS);

  if (self->increments == increments)
    return;

  self->increments = increments;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCREMENTS]);
}

LlCounterRaceLaneFlags
ll_counter_race_model_get_lanes (LlCounterRaceModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), 0);

  return self->lanes;
}

/**
 * ll_counter_race_model_set_lanes:
 * @self: a model
 * @lanes: which lanes the next run goes through; at least one
 */
void
ll_counter_race_model_set_lanes (LlCounterRaceModel     *self,
                                 LlCounterRaceLaneFlags  lanes)
{
  g_return_if_fail (LL_IS_COUNTER_RACE_MODEL (self));
  g_return_if_fail (lanes != 0 && (lanes & ~LL_COUNTER_RACE_LANE_FLAG_ALL) == 0);

  if (self->lanes == lanes)
    return;

  self->lanes = lanes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANES]);
}

/**
 * ll_counter_race_model_start:
 * @self: a model
 * @error: return location for a #GError
 *
 * Starts a run of the chosen lanes with :workers and :increments, in a
 * thread of its own; a run under way is stopped first.  Returns at
 * once: the lanes report on ::lane-changed, and :running goes back to
 * %FALSE when the last one is over.
 *
 * Returns: %TRUE if the run started; %FALSE if its thread could not be
 *   started, with @error set
 */
gboolean
ll_counter_race_model_start (LlCounterRaceModel  *self,
                             GError             **error)
{
  LlScheduler *scheduler;
  Run *run;
  guint serial;

  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ll_sim_model_stop (LL_SIM_MODEL (self));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  run = run_new ();
  run->clock = ll_scheduler_get_clock (scheduler);
  run->workers = self->workers;
  run->increments = self->increments;
  run->lanes = self->lanes;

  self->controller = ll_controller_start (&controller_info,
                                          ll_scheduler_get_context (scheduler),
                                          G_OBJECT (self), run, run_free, error);
  if (self->controller == NULL)
    return FALSE;
  serial = ++self->serial;

  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    {
      Lane *lane = &self->lane[i];

      g_clear_error (&lane->error);
      lane->figures = (LlCounterRaceFigures) {
        .state = (self->lanes & (1u << i)) ? LL_COUNTER_RACE_STATE_WAITING : LL_COUNTER_RACE_STATE_IDLE,
        .workers = self->workers,
        .expected = (guint64) self->workers * self->increments,
      };
    }
  set_current (self, -1);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES && self->serial == serial; i++)
    g_signal_emit (self, signals[LANE_CHANGED], 0, i);

  return TRUE;
}

/**
 * ll_counter_race_model_get_current:
 * @self: a model
 *
 * Returns: the #LlCounterRaceLane counting now, or -1
 */
int
ll_counter_race_model_get_current (LlCounterRaceModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), -1);

  return self->current;
}

static Lane *
get_lane (LlCounterRaceModel *self,
          LlCounterRaceLane   lane)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_MODEL (self), NULL);
  g_return_val_if_fail ((guint) lane < LL_COUNTER_RACE_N_LANES, NULL);

  return &self->lane[lane];
}

/**
 * ll_counter_race_model_get_figures:
 * @self: a model
 * @lane: a lane
 *
 * Returns: (transfer none): its figures as they stand, valid until the
 *   next ::lane-changed
 */
const LlCounterRaceFigures *
ll_counter_race_model_get_figures (LlCounterRaceModel *self,
                                   LlCounterRaceLane   lane)
{
  Lane *l = get_lane (self, lane);

  return l != NULL ? &l->figures : NULL;
}

/**
 * ll_counter_race_model_get_error:
 * @self: a model
 * @lane: a lane
 *
 * Returns: (nullable) (transfer none): why it failed
 */
const GError *
ll_counter_race_model_get_error (LlCounterRaceModel *self,
                                 LlCounterRaceLane   lane)
{
  Lane *l = get_lane (self, lane);

  return l != NULL ? l->error : NULL;
}

/**
 * ll_counter_race_model_describe:
 * @self: a model
 * @lane: a lane
 *
 * One line on where it stands: once finished, `plain: 4000000 expected,
 * 2713411 counted, 1286589 lost, 0.031 s`, the line ::line gives.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
ll_counter_race_model_describe (LlCounterRaceModel *self,
                                LlCounterRaceLane   lane)
{
  Lane *l = get_lane (self, lane);
  const LlCounterRaceFigures *figures;
  const char *id;
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (l != NULL, NULL);

  figures = &l->figures;
  id = ll_counter_race_lane_get_id (lane);
  switch (figures->state)
    {
    case LL_COUNTER_RACE_STATE_IDLE:
      return g_strdup_printf (_("%s: not run"), id);
    case LL_COUNTER_RACE_STATE_WAITING:
      return g_strdup_printf (_("%s: waiting"), id);
    case LL_COUNTER_RACE_STATE_RUNNING:
      return g_strdup_printf (_("%s: running, %llu of %llu increments done"), id,
                              (unsigned long long) figures->done,
                              (unsigned long long) figures->expected);
    case LL_COUNTER_RACE_STATE_STOPPED:
      return g_strdup_printf (_("%s: stopped"), id);
    case LL_COUNTER_RACE_STATE_FAILED:
      return g_strdup_printf (_("%s: failed: %s"), id,
                              l->error != NULL ? l->error->message : "");
    case LL_COUNTER_RACE_STATE_FINISHED:
    default:
      break;
    }

  g_ascii_formatd (seconds, sizeof seconds, "%.3f", figures->usec / (double) G_TIME_SPAN_SECOND);

  return g_strdup_printf (_("%s: %llu expected, %llu counted, %llu lost, %s s"), id,
                          (unsigned long long) figures->expected,
                          (unsigned long long) figures->counted,
                          (unsigned long long) figures->lost,
                          seconds);
}
