/* ll-switch-cost-model.c: "The cost of a switch"
 *
 * A run is one controller thread that goes through the points in order:
 *
 *   for kind in (coroutine, thread, process):
 *       for n in (2, 10, 100, ...) up to the kind's and the run's max:
 *           start n workers in a ring; wait until each waits for the token
 *           rss0 = VmRSS; give worker 0 the token
 *           let it go round for :seconds (or :rounds passes a worker)
 *           report handoffs, time, RSS growth / n, switches / handoff
 *           stop them all: join the threads, reap the processes
 *
 * Everything it reports goes to the caller's context through the
 * #LlController (ll_switch_cost_post_message()), where the model stores
 * it and emits ::point-changed: no signal is ever emitted on another
 * thread, and a stopped run's late news is dropped there.  The workers
 * know nothing of the model; they share a ring with the controller
 * thread, whose Run is the controller's data.
 *
 * This file holds what the rings share (the run, measuring them, the
 * news for the caller), the controller and the model; each ring has a
 * file of its own: ll-switch-cost-coroutines.c, ll-switch-cost-threads.c
 * and ll-switch-cost-processes.c, and ll-switch-cost-private.h is what
 * the four share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-model"

/* sched_setaffinity(), sched_getcpu() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <sched.h>
#ifdef __GLIBC__
# include <malloc.h>
#endif
#include <string.h>
#include <sys/resource.h>

#include <glib/gi18n-lib.h>

#include "ll-controller.h"
#include "ll-switch-cost-model.h"
#include "ll-switch-cost-private.h"

G_DEFINE_ENUM_TYPE (LlSwitchCostKind, ll_switch_cost_kind,
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_COROUTINE, "coroutine"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_THREAD, "thread"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_PROCESS, "process"))

G_DEFINE_FLAGS_TYPE (LlSwitchCostKindFlags, ll_switch_cost_kind_flags,
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_FLAG_COROUTINE, "coroutine"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_FLAG_THREAD, "thread"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_KIND_FLAG_PROCESS, "process"))

G_DEFINE_ENUM_TYPE (LlSwitchCostState, ll_switch_cost_state,
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_MEASURING, "measuring"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_SKIPPED, "skipped"),
  G_DEFINE_ENUM_VALUE (LL_SWITCH_COST_STATE_STOPPED, "stopped"))

/* The log scale every kind goes up, as far as its max. */
static const guint sizes[] = { 2, 10, 100, 1000, 10000, 100000, 1000000 };

typedef struct
{
  LlSwitchCostPoint  point;
  GError            *error;
} Point;

struct _LlSwitchCostModel
{
  LlSimModel             parent_instance;

  /* What the next run is */
  LlSwitchCostKindFlags  kinds;
  guint                  max_workers;
  double                 seconds;
  guint                  rounds;
  guint                  worker_limit;

  /* The run under way: owned; and how many were started */
  LlController          *controller;
  guint                  serial;

  /* What the last run found */
  int                    current;
  GArray                *points;     /* of Point */
};

G_DEFINE_FINAL_TYPE (LlSwitchCostModel, ll_switch_cost_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_KINDS,
  PROP_MAX_WORKERS,
  PROP_SECONDS,
  PROP_ROUNDS,
  PROP_WORKER_LIMIT,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  POINT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ll_switch_cost_kind_get_id:
 * @kind: a kind
 *
 * Returns: its id, the same in every language: `coroutine`, `thread`,
 *   `process`
 */
const char *
ll_switch_cost_kind_get_id (LlSwitchCostKind kind)
{
  static const char *ids[] = { "coroutine", "thread", "process" };

  g_return_val_if_fail ((guint) kind < LL_SWITCH_COST_N_KINDS, NULL);

  return ids[kind];
}

/**
 * ll_switch_cost_state_get_id:
 * @state: a state
 *
 * Returns: its nick, as `--json` prints it: `waiting`, `starting`,
 *   `measuring`, `finished`, `failed`, `skipped`, `stopped`
 */
const char *
ll_switch_cost_state_get_id (LlSwitchCostState state)
{
  static const char *ids[] = {
    "waiting", "starting", "measuring", "finished", "failed", "skipped", "stopped",
  };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (ids), NULL);

  return ids[state];
}

/**
 * ll_switch_cost_kind_get_max_workers:
 * @kind: a kind
 *
 * Returns: the largest N a run tries for @kind
 */
guint
ll_switch_cost_kind_get_max_workers (LlSwitchCostKind kind)
{
  g_return_val_if_fail ((guint) kind < LL_SWITCH_COST_N_KINDS, 0);

  return kind == LL_SWITCH_COST_KIND_COROUTINE ? LL_SWITCH_COST_MAX_COROUTINES : LL_SWITCH_COST_MAX_THREADS;
}

/* The run */

static Run *
run_new (void)
{
  Run *run = g_new0 (Run, 1);

  run->plan = g_array_new (FALSE, TRUE, sizeof (LlSwitchCostPoint));

  return run;
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->plan, g_array_unref);
  g_free (run);
}

/* Measuring */

/* VmRSS of this process, in bytes; -1 if it cannot be read. */
static gint64
read_status_kb (const char *path,
                const char *field)
{
  g_autofree char *text = NULL;
  gint64 total = -1;
  gsize field_len = strlen (field);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;

  for (const char *line = text; line != NULL && *line != '\0'; )
    {
      const char *end = strchr (line, '\n');

      if (strncmp (line, field, field_len) == 0)
        total = MAX (total, 0) + g_ascii_strtoll (line + field_len, NULL, 10);
      line = end != NULL ? end + 1 : NULL;
    }

  return total;
}

gint64
ll_switch_cost_self_rss (void)
{
  gint64 kb = read_status_kb ("/proc/self/status", "VmRSS:");

  return kb < 0 ? -1 : kb * 1024;
}

/* The memory of @pid that it does not share, in bytes; -1 if unknown. */
gint64
ll_switch_cost_child_private (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  gint64 clean = read_status_kb (path, "Private_Clean:");
  gint64 dirty = read_status_kb (path, "Private_Dirty:");

  return clean < 0 || dirty < 0 ? -1 : (clean + dirty) * 1024;
}

guint64
ll_switch_cost_context_switches (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0;

  return (guint64) usage.ru_nvcsw + (guint64) usage.ru_nivcsw;
}

/* Below this many workers the growth of the process's RSS is mostly
 * the process's own, not theirs: in the window, whose drawing allocates
 * as it runs, two coroutines "took" 4.7 MiB each and ten threads 364 KiB.
 * Their figure is -1, not measured. */
#define RSS_MIN_WORKERS 1000

double
ll_switch_cost_rss_growth_per_worker (gint64 before,
                                      gint64 after,
                                      guint  n)
{
  if (n < RSS_MIN_WORKERS || before < 0 || after < 0)
    return -1;
  if (after <= before)
    return 0;

  return (double) (after - before) / n;
}

/* Fills in the ratios once @handoffs and @usec are final. */
void
ll_switch_cost_point_finish (LlSwitchCostPoint *point,
                             guint64            switches)
{
  point->state = LL_SWITCH_COST_STATE_FINISHED;
  point->ns_per_handoff = point->handoffs > 0 ? point->usec * 1000.0 / point->handoffs : 0;
  point->switches_per_handoff = point->handoffs > 0 ? (double) switches / point->handoffs : 0;
}

/* News for the caller's context: one point as it stands */

typedef struct
{
  guint              index;
  LlSwitchCostPoint  point;
  GError            *error;
} Message;

static void
message_free (gpointer data)
{
  Message *message = data;

  g_clear_error (&message->error);
  g_free (message);
}

/* On any thread of the run: the news arrives in the order it was
 * posted, so the caller hears a point start before it ends. */
void
ll_switch_cost_post_message (Run                     *run,
                             guint                    index,
                             const LlSwitchCostPoint *point,
                             GError                  *error)
{
  Message *message = g_new0 (Message, 1);

  message->index = index;
  message->point = *point;
  message->error = error;
  ll_controller_post (run->controller, message);
}

/* The controller */

/* Every ring runs on one core, the one the controller is on: a thread or
 * a child inherits the affinity of the thread that starts it.  The
 * coroutines share one thread, so one core, and a ring of threads spread
 * over two cores timed something else: every handoff woke the other
 * core out of its idle sleep, which on this virtual machine took about
 * 20 us at N = 2, against 2 to 3 us for a switch on one core, and the
 * figure fell as N grew and the scheduler kept more of the ring on one
 * core.  On one core a handoff is what the notes compare, a switch; and
 * the window's loop keeps the other core.  Where it cannot be pinned
 * (no affinity calls, a set of one), the ring runs where it is put. */
static void
pin_to_one_core (void)
{
#ifdef __linux__
  int cpu = sched_getcpu ();
  cpu_set_t set;

  if (cpu < 0)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  /* 0: the calling thread alone, not the process */
  if (sched_setaffinity (0, sizeof set, &set) < 0)
    g_debug ("Could not pin the rings to core %d: %s", cpu, g_strerror (errno));
#endif
}

static void
controller_run (LlController *controller,
                gpointer      data)
{
  Run *run = data;
  guint failed = 0;       /* the kinds that hit their limit, as flags */

  run->controller = controller;
  pin_to_one_core ();

  for (guint i = 0; i < run->plan->len && !ll_switch_cost_run_stopping (run); i++)
    {
      LlSwitchCostPoint point = g_array_index (run->plan, LlSwitchCostPoint, i);
      Progress progress = { run, i, &point, 0, g_get_monotonic_time (), 0 };
      GError *error = NULL;
      gboolean ok;

      if (failed & (1u << point.kind))
        {
          point.state = LL_SWITCH_COST_STATE_SKIPPED;
          ll_switch_cost_post_message (run, i, &point, NULL);
          continue;
        }

      point.state = LL_SWITCH_COST_STATE_STARTING;
      ll_switch_cost_progress_report (&progress, TRUE);
      switch (point.kind)
        {
        case LL_SWITCH_COST_KIND_COROUTINE:
          ok = ll_switch_cost_run_coroutines (&progress, &error);
          break;
        case LL_SWITCH_COST_KIND_THREAD:
          ok = ll_switch_cost_run_threads (&progress, &error);
          break;
        case LL_SWITCH_COST_KIND_PROCESS:
        default:
          ok = ll_switch_cost_run_processes (&progress, &error);
          break;
        }

      /* Stopped: the model marks the point so itself. */
      if (ll_switch_cost_run_stopping (run))
        {
          g_clear_error (&error);
          break;
        }

      if (!ok)
        {
          point.state = LL_SWITCH_COST_STATE_FAILED;
          failed |= 1u << point.kind;
        }
      ll_switch_cost_post_message (run, i, &point, error);
#ifdef __GLIBC__
      /* glibc keeps the workers' freed blocks in its heap; given back,
       * the next point's RSS growth starts from where this one started. */
      malloc_trim (0);
#endif
    }
}

/* The model's side: the caller's thread */

static void
set_current (LlSwitchCostModel *self,
             int                current)
{
  if (self->current == current)
    return;

  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
deliver_point (GObject  *target,
               gpointer  data)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (target);
  Message *message = data;
  Point *point = &g_array_index (self->points, Point, message->index);
  LlSwitchCostState state = message->point.state;
  guint serial = self->serial;

  point->point = message->point;
  g_clear_error (&point->error);
  point->error = g_steal_pointer (&message->error);

  if (state == LL_SWITCH_COST_STATE_STARTING || state == LL_SWITCH_COST_STATE_MEASURING)
    set_current (self, message->index);
  else if (self->current == (int) message->index)
    set_current (self, -1);

  g_signal_emit (self, signals[POINT_CHANGED], 0, message->index);

  /* Unless a handler stopped this run, or started another. */
  if ((state == LL_SWITCH_COST_STATE_FINISHED || state == LL_SWITCH_COST_STATE_FAILED) &&
      self->controller != NULL && self->serial == serial)
    {
      g_autofree char *line = ll_switch_cost_model_describe (self, message->index);

      ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
    }
}

/* Lets go of the run: ll_controller_stop() joins its thread, which
 * joins its workers and reaps its children first.  This blocks the
 * caller's thread, for milliseconds at small N: the controller looks at
 * the flag between two slices, two spawns of a batch or two polls of its
 * ring, and its waits are woken by it.  At the largest N the stop also
 * waits for the teardown (ten thousand joins or reaps, a million tasks
 * resumed once more to return), a few hundred milliseconds. */
static void
drop_run (LlSwitchCostModel *self)
{
  if (self->controller != NULL)
    ll_controller_stop (g_steal_pointer (&self->controller));
}

/* It has posted its last news: only its return is left. */
static void
finish_run (GObject *target)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (target);

  ll_controller_join (g_steal_pointer (&self->controller));
  set_current (self, -1);
  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
}

static const LlControllerInfo controller_info = {
  .name = "[looplab] switch-cost",
  .run = controller_run,
  .deliver = deliver_point,
  .finished = finish_run,
  .message_free = message_free,
};

static void
ll_switch_cost_model_stop_run (LlSimModel *model)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (model);

  if (self->controller == NULL)
    return;

  drop_run (self);
  set_current (self, -1);
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);
      LlSwitchCostState state = point->point.state;

      if (state == LL_SWITCH_COST_STATE_WAITING ||
          state == LL_SWITCH_COST_STATE_STARTING ||
          state == LL_SWITCH_COST_STATE_MEASURING)
        {
          point->point.state = LL_SWITCH_COST_STATE_STOPPED;
          g_signal_emit (self, signals[POINT_CHANGED], 0, i);
        }
    }
}

static void
point_clear (gpointer data)
{
  g_clear_error (&((Point *) data)->error);
}

static void
ll_switch_cost_model_dispose (GObject *object)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (object);

  drop_run (self);

  G_OBJECT_CLASS (ll_switch_cost_model_parent_class)->dispose (object);
}

static void
ll_switch_cost_model_finalize (GObject *object)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (object);

  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (ll_switch_cost_model_parent_class)->finalize (object);
}

static void
ll_switch_cost_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_KINDS:
      g_value_set_flags (value, self->kinds);
      break;

    case PROP_MAX_WORKERS:
      g_value_set_uint (value, self->max_workers);
      break;

    case PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;

    case PROP_ROUNDS:
      g_value_set_uint (value, self->rounds);
      break;

    case PROP_WORKER_LIMIT:
      g_value_set_uint (value, self->worker_limit);
      break;

    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_switch_cost_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LlSwitchCostModel *self = LL_SWITCH_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_KINDS:
      ll_switch_cost_model_set_kinds (self, g_value_get_flags (value));
      break;

    case PROP_MAX_WORKERS:
      ll_switch_cost_model_set_max_workers (self, g_value_get_uint (value));
      break;

    case PROP_SECONDS:
      ll_switch_cost_model_set_seconds (self, g_value_get_double (value));
      break;

    case PROP_ROUNDS:
      ll_switch_cost_model_set_rounds (self, g_value_get_uint (value));
      break;

    case PROP_WORKER_LIMIT:
      ll_switch_cost_model_set_worker_limit (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_switch_cost_model_class_init (LlSwitchCostModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_switch_cost_model_dispose;
  object_class->finalize = ll_switch_cost_model_finalize;
  object_class->get_property = ll_switch_cost_model_get_property;
  object_class->set_property = ll_switch_cost_model_set_property;

  sim_class->stop = ll_switch_cost_model_stop_run;

  /**
   * LlSwitchCostModel:kinds:
   *
   * Which kinds of worker the next run measures.
   */
  properties[PROP_KINDS] =
    g_param_spec_flags ("kinds", NULL, NULL,
                        LL_TYPE_SWITCH_COST_KIND_FLAGS,
                        LL_SWITCH_COST_KIND_FLAG_ALL,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlSwitchCostModel:max-workers:
   *
   * The largest N of the next run, for every kind; each kind also stops
   * at its own (ll_switch_cost_kind_get_max_workers()).
   */
  properties[PROP_MAX_WORKERS] =
    g_param_spec_uint ("max-workers", NULL, NULL,
                       2, LL_SWITCH_COST_MAX_COROUTINES, LL_SWITCH_COST_MAX_COROUTINES,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlSwitchCostModel:seconds:
   *
   * How long the token goes round at each point of a timed run.
   */
  properties[PROP_SECONDS] =
    g_param_spec_double ("seconds", NULL, NULL,
                         0.001, LL_SWITCH_COST_MAX_SECONDS, LL_SWITCH_COST_DEFAULT_SECONDS,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlSwitchCostModel:rounds:
   *
   * 0 for a timed run; otherwise each point ends once every worker has
   * passed the token this many times, N × rounds handoffs in all, with
   * no warm-up round.  For the tests, which count them.
   */
  properties[PROP_ROUNDS] =
    g_param_spec_uint ("rounds", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlSwitchCostModel:worker-limit:
   *
   * For the tests: 0, or the most threads or processes a point may
   * create; the next one fails with EAGAIN, as at the system's limit.
   * (Lowering RLIMIT_NPROC does not do it for root.)
   */
  properties[PROP_WORKER_LIMIT] =
    g_param_spec_uint ("worker-limit", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlSwitchCostModel:current:
   *
   * The index of the point being measured, or -1.
   */
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlSwitchCostModel::point-changed:
   * @self: the model
   * @index: the point, from 0 to ll_switch_cost_model_get_n_points()
   *
   * Emitted on the context of the model's scheduler when a point's state
   * or figures change: as a run starts, as the point starts creating
   * workers, about ten times a second while it does and while it
   * measures, as it ends, is skipped or is stopped.
   */
  signals[POINT_CHANGED] =
    g_signal_new ("point-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_UINT);
}

static void
ll_switch_cost_model_init (LlSwitchCostModel *self)
{
  self->kinds = LL_SWITCH_COST_KIND_FLAG_ALL;
  self->max_workers = LL_SWITCH_COST_MAX_COROUTINES;
  self->seconds = LL_SWITCH_COST_DEFAULT_SECONDS;
  self->current = -1;
  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
}

/**
 * ll_switch_cost_model_new:
 * @scheduler: a scheduler on the context that hears the run's news
 *
 * Returns: (transfer full): a new model, not started
 */
LlSwitchCostModel *
ll_switch_cost_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_SWITCH_COST_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

LlSwitchCostKindFlags
ll_switch_cost_model_get_kinds (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->kinds;
}

/**
 * ll_switch_cost_model_set_kinds:
 * @self: a model
 * @kinds: which kinds the next run measures; at least one
 */
void
ll_switch_cost_model_set_kinds (LlSwitchCostModel     *self,
                                LlSwitchCostKindFlags  kinds)
{
  g_return_if_fail (LL_IS_SWITCH_COST_MODEL (self));
  g_return_if_fail (kinds != 0 && (kinds & ~LL_SWITCH_COST_KIND_FLAG_ALL) == 0);

  if (self->kinds == kinds)
    return;

  self->kinds = kinds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

guint
ll_switch_cost_model_get_max_workers (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->max_workers;
}

/**
 * ll_switch_cost_model_set_max_workers:
 * @self: a model
 * @max_workers: the largest N, 2 to %LL_SWITCH_COST_MAX_COROUTINES
 *
 * The points are the sizes of the log scale up to @max_workers, and
 * @max_workers itself if it falls between two.
 */
void
ll_switch_cost_model_set_max_workers (LlSwitchCostModel *self,
                                      guint              max_workers)
{
  g_return_if_fail (LL_IS_SWITCH_COST_MODEL (self));
  g_return_if_fail (max_workers >= 2 && max_workers <= LL_SWITCH_COST_MAX_COROUTINES);

  if (self->max_workers == max_workers)
    return;

  self->max_workers = max_workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WORKERS]);
}

double
ll_switch_cost_model_get_seconds (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->seconds;
}

/**
 * ll_switch_cost_model_set_seconds:
 * @self: a model
 * @seconds: how long each point of a timed run measures, 0.001 to
 *   %LL_SWITCH_COST_MAX_SECONDS
 */
void
ll_switch_cost_model_set_seconds (LlSwitchCostModel *self,
                                  double             seconds)
{
  g_return_if_fail (LL_IS_SWITCH_COST_MODEL (self));
  g_return_if_fail (seconds >= 0.001 && seconds <= LL_SWITCH_COST_MAX_SECONDS);

  if (self->seconds == seconds)
    return;

  self->seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
}

guint
ll_switch_cost_model_get_rounds (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->rounds;
}

/**
 * ll_switch_cost_model_set_rounds:
 * @self: a model
 * @rounds: 0 for a timed run, or the passes each worker makes
 */
void
ll_switch_cost_model_set_rounds (LlSwitchCostModel *self,
                                 guint              rounds)
{
  g_return_if_fail (LL_IS_SWITCH_COST_MODEL (self));

  if (self->rounds == rounds)
    return;

  self->rounds = rounds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUNDS]);
}

guint
ll_switch_cost_model_get_worker_limit (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->worker_limit;
}

/**
 * ll_switch_cost_model_set_worker_limit:
 * @self: a model
 * @worker_limit: 0, or the threads or processes a point may create
 *   before the next creation fails (a test hook)
 */
void
ll_switch_cost_model_set_worker_limit (LlSwitchCostModel *self,
                                       guint              worker_limit)
{
  g_return_if_fail (LL_IS_SWITCH_COST_MODEL (self));

  if (self->worker_limit == worker_limit)
    return;

  self->worker_limit = worker_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKER_LIMIT]);
}

/* The points of a run: each chosen kind, each size up to its max. */
static void
plan_points (LlSwitchCostModel *self,
             GArray            *plan)
{
  for (guint kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    {
      guint max = MIN (self->max_workers, ll_switch_cost_kind_get_max_workers (kind));
      guint last = 0;

      if (!(self->kinds & (1u << kind)))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (sizes) && sizes[i] <= max; i++)
        {
          LlSwitchCostPoint point = { .kind = kind, .n = sizes[i] };

          g_array_append_val (plan, point);
          last = sizes[i];
        }
      if (last < max)
        {
          LlSwitchCostPoint point = { .kind = kind, .n = max };

          g_array_append_val (plan, point);
        }
    }
}

/**
 * ll_switch_cost_model_start:
 * @self: a model
 * @error: return location for a #GError
 *
 * Starts a run of the chosen kinds, in a thread of its own; a run under
 * way is stopped first.  Returns at once: the points report on
 * ::point-changed, and :running goes back to %FALSE when the last one is
 * over.
 *
 * Returns: %TRUE if the run started; %FALSE if its thread could not be
 *   started, with @error set
 */
gboolean
ll_switch_cost_model_start (LlSwitchCostModel  *self,
                            GError            **error)
{
  LlScheduler *scheduler;
  Run *run;
  guint serial;

  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ll_sim_model_stop (LL_SIM_MODEL (self));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  run = run_new ();
  run->usec = (gint64) (self->seconds * G_TIME_SPAN_SECOND);
  run->rounds = self->rounds;
  run->worker_limit = self->worker_limit;
  plan_points (self, run->plan);

  g_array_set_size (self->points, 0);
  for (guint i = 0; i < run->plan->len; i++)
    {
      Point point = { g_array_index (run->plan, LlSwitchCostPoint, i), NULL };

      point.point.state = LL_SWITCH_COST_STATE_WAITING;
      g_array_append_val (self->points, point);
    }

  self->controller = ll_controller_start (&controller_info,
                                          ll_scheduler_get_context (scheduler),
                                          G_OBJECT (self), run, run_free, error);
  if (self->controller == NULL)
    {
      g_array_set_size (self->points, 0);
      return FALSE;
    }
  serial = ++self->serial;

  set_current (self, -1);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  for (guint i = 0; i < self->points->len && self->serial == serial; i++)
    g_signal_emit (self, signals[POINT_CHANGED], 0, i);

  return TRUE;
}

/**
 * ll_switch_cost_model_get_current:
 * @self: a model
 *
 * Returns: the index of the point being measured, or -1
 */
int
ll_switch_cost_model_get_current (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), -1);

  return self->current;
}

/**
 * ll_switch_cost_model_get_n_points:
 * @self: a model
 *
 * Returns: the points of the last run started, kind by kind, N growing
 */
guint
ll_switch_cost_model_get_n_points (LlSwitchCostModel *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  return self->points->len;
}

static Point *
get_point (LlSwitchCostModel *self,
           guint              index)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, Point, index);
}

/**
 * ll_switch_cost_model_get_point:
 * @self: a model
 * @index: a point
 *
 * Returns: (transfer none): its figures as they stand, valid until the
 *   next ::point-changed or start
 */
const LlSwitchCostPoint *
ll_switch_cost_model_get_point (LlSwitchCostModel *self,
                                guint              index)
{
  Point *point = get_point (self, index);

  return point != NULL ? &point->point : NULL;
}

/**
 * ll_switch_cost_model_get_error:
 * @self: a model
 * @index: a point
 *
 * Returns: (nullable) (transfer none): why it failed
 */
const GError *
ll_switch_cost_model_get_error (LlSwitchCostModel *self,
                                guint              index)
{
  Point *point = get_point (self, index);

  return point != NULL ? point->error : NULL;
}

/**
 * ll_switch_cost_model_get_reached:
 * @self: a model
 * @kind: a kind
 *
 * The largest N @kind was measured at in the last run: where it stopped
 * if a point failed (that point's #LlSwitchCostPoint.started says how
 * far past it creation went), or the run's largest.
 *
 * Returns: N, or 0 if no point of @kind finished
 */
guint
ll_switch_cost_model_get_reached (LlSwitchCostModel *self,
                                  LlSwitchCostKind   kind)
{
  guint reached = 0;

  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), 0);

  for (guint i = 0; i < self->points->len; i++)
    {
      const LlSwitchCostPoint *point = &g_array_index (self->points, Point, i).point;

      if (point->kind == kind && point->state == LL_SWITCH_COST_STATE_FINISHED)
        reached = MAX (reached, point->n);
    }

  return reached;
}

/**
 * ll_switch_cost_model_describe:
 * @self: a model
 * @index: a point
 *
 * One line on where it stands: once finished, `thread, N = 100: 5123.4 ns
 * a handoff (97 563 handoffs in 0.500 s), 8192 bytes a worker, 1.02
 * switches a handoff`, the line ::line gives.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
ll_switch_cost_model_describe (LlSwitchCostModel *self,
                               guint              index)
{
  Point *p = get_point (self, index);
  const LlSwitchCostPoint *point;
  const char *id;
  char ns[G_ASCII_DTOSTR_BUF_SIZE];
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  char switches[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (p != NULL, NULL);

  point = &p->point;
  id = ll_switch_cost_kind_get_id (point->kind);
  switch (point->state)
    {
    case LL_SWITCH_COST_STATE_WAITING:
      return g_strdup_printf (_("%s, N = %u: waiting"), id, point->n);
    case LL_SWITCH_COST_STATE_STARTING:
      return g_strdup_printf (_("%s, N = %u: starting, %u of %u workers created"), id, point->n,
                              point->started, point->n);
    case LL_SWITCH_COST_STATE_MEASURING:
      return g_strdup_printf (_("%s, N = %u: measuring, %llu handoffs so far"), id, point->n,
                              (unsigned long long) point->handoffs);
    case LL_SWITCH_COST_STATE_SKIPPED:
      return g_strdup_printf (_("%s, N = %u: skipped, past the limit"), id, point->n);
    case LL_SWITCH_COST_STATE_STOPPED:
      return g_strdup_printf (_("%s, N = %u: stopped"), id, point->n);
    case LL_SWITCH_COST_STATE_FAILED:
      return g_strdup_printf (_("%s, N = %u: limit reached after %u workers: %s"), id, point->n,
                              point->started, p->error != NULL ? p->error->message : "");
    case LL_SWITCH_COST_STATE_FINISHED:
    default:
      break;
    }

  g_ascii_formatd (ns, sizeof ns, "%.1f", point->ns_per_handoff);
  g_ascii_formatd (seconds, sizeof seconds, "%.3f", point->usec / (double) G_TIME_SPAN_SECOND);
  g_ascii_formatd (switches, sizeof switches, "%.3f", point->switches_per_handoff);

  if (point->rss_per_worker < 0)
    return g_strdup_printf (_("%s, N = %u: %s ns a handoff (%llu handoffs in %s s), %s switches a handoff"),
                            id, point->n, ns, (unsigned long long) point->handoffs, seconds, switches);

  return g_strdup_printf (_("%s, N = %u: %s ns a handoff (%llu handoffs in %s s), %.0f bytes a worker, %s switches a handoff"),
                          id, point->n, ns, (unsigned long long) point->handoffs, seconds,
                          point->rss_per_worker, switches);
}

static void
append_csv_double (GString    *csv,
                   const char *format,
                   double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (csv, ',');
  g_string_append (csv, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * ll_switch_cost_model_to_csv:
 * @self: a model
 *
 * The points of the last run that are over (finished, failed at the
 * limit, skipped) as comma-separated values, a header line first:
 * `kind,n,state,handoffs,seconds,ns_per_handoff,rss_per_worker,switches_per_handoff,start_seconds`,
 * the ids and figures of `looplab-cli run switch-cost --json`, with the
 * figures empty where a point has none (memory below 1 000 workers).  Numbers in the C locale, so any
 * spreadsheet reads them alike.
 *
 * Returns: (transfer full): the text, each line ending in a newline
 */
char *
ll_switch_cost_model_to_csv (LlSwitchCostModel *self)
{
  GString *csv;

  g_return_val_if_fail (LL_IS_SWITCH_COST_MODEL (self), NULL);

  csv = g_string_new ("kind,n,state,handoffs,seconds,ns_per_handoff,rss_per_worker,"
                      "switches_per_handoff,start_seconds\n");
  for (guint i = 0; i < self->points->len; i++)
    {
      const LlSwitchCostPoint *point = &g_array_index (self->points, Point, i).point;

      if (point->state != LL_SWITCH_COST_STATE_FINISHED &&
          point->state != LL_SWITCH_COST_STATE_FAILED &&
          point->state != LL_SWITCH_COST_STATE_SKIPPED)
        continue;

      g_string_append_printf (csv, "%s,%u,%s,%llu", ll_switch_cost_kind_get_id (point->kind), point->n,
                              ll_switch_cost_state_get_id (point->state),
                              (unsigned long long) point->handoffs);
      if (point->state == LL_SWITCH_COST_STATE_FINISHED)
        {
          append_csv_double (csv, "%.6f", point->usec / (double) G_TIME_SPAN_SECOND);
          append_csv_double (csv, "%.3f", point->ns_per_handoff);
          if (point->rss_per_worker >= 0)
            append_csv_double (csv, "%.1f", point->rss_per_worker);
          else
            g_string_append_c (csv, ',');
          append_csv_double (csv, "%.4f", point->switches_per_handoff);
          append_csv_double (csv, "%.6f", point->start_usec / (double) G_TIME_SPAN_SECOND);
        }
      else
        g_string_append (csv, ",,,,,");
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
}
