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
 * #LlController (post_message()), where the model stores it and emits
 * ::point-changed: no signal is ever emitted on another thread, and a
 * stopped run's late news is dropped there.  The workers know nothing of
 * the model; they share a ring with the controller thread, whose Run is
 * the controller's data.
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
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "ll-controller.h"
#include "ll-process.h"
#include "ll-switch-cost-host.h"
#include "ll-switch-cost-model.h"

/* How often a point reports how far it has got: ten times a second, what
 * a progress bar needs. */
#define PROGRESS_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)

/* Workers created between two looks at the stop flag and the clock:
 * 4 096 coroutines take about a millisecond to spawn, 64 threads or
 * processes a few. */
#define SPAWN_BATCH_COROUTINES 4096

/* The children whose smaps_rollup is read: the kernel walks a child's
 * page tables to write it, a millisecond or so for a child of a large
 * parent, and children forked alike differ little. */
#define RSS_SAMPLE 16

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

/* The children (forked, not yet reaped) of every run, alive now:
 * atomic. */
static gint live_processes;

typedef struct
{
  LlSwitchCostPoint  point;
  GError            *error;
} Point;

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

/**
 * ll_switch_cost_get_live_processes:
 *
 * For the tests: the processes of the runs' rings that have not ended
 * yet, the rings' hosts (one a ring) included.
 *
 * Returns: how many, now
 */
guint
ll_switch_cost_get_live_processes (void)
{
  return (guint) g_atomic_int_get (&live_processes);
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

static gboolean
run_stopping (Run *run)
{
  return ll_controller_is_stopping (run->controller);
}

/* Sleeps until @deadline (monotonic) or the stop, whichever comes
 * first.  Returns whether the run is stopping. */
static gboolean
run_wait_until (Run    *run,
                gint64  deadline)
{
  return ll_controller_wait_until (run->controller, deadline);
}

/* The test hook: creating worker @index (from 0) fails as the system's
 * own limit would, with EAGAIN. */
static gboolean
check_worker_limit (Run     *run,
                    guint    index,
                    GError **error)
{
  if (run->worker_limit == 0 || index < run->worker_limit)
    return TRUE;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (EAGAIN),
               _("%s (the worker limit of %u set for testing)"),
               g_strerror (EAGAIN), run->worker_limit);
  return FALSE;
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

static gint64
self_rss (void)
{
  gint64 kb = read_status_kb ("/proc/self/status", "VmRSS:");

  return kb < 0 ? -1 : kb * 1024;
}

/* The memory of @pid that it does not share, in bytes; -1 if unknown. */
static gint64
child_private (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  gint64 clean = read_status_kb (path, "Private_Clean:");
  gint64 dirty = read_status_kb (path, "Private_Dirty:");

  return clean < 0 || dirty < 0 ? -1 : (clean + dirty) * 1024;
}

static guint64
context_switches (int who)
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

static double
rss_growth_per_worker (gint64 before,
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
static void
point_finish (LlSwitchCostPoint *point,
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
static void
post_message (Run                     *run,
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

static void
progress_report (Progress *progress,
                 gboolean  force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now < progress->next_report)
    return;

  progress->next_report = now + PROGRESS_INTERVAL;
  if (progress->point->state == LL_SWITCH_COST_STATE_MEASURING)
    progress->point->usec = now - progress->start;
  post_message (progress->run, progress->index, progress->point, NULL);
}

static void
progress_measuring (Progress *progress,
                    gint64    start)
{
  progress->point->state = LL_SWITCH_COST_STATE_MEASURING;
  progress->point->start_usec = start - progress->begin;
  progress->start = start;
  progress_report (progress, TRUE);
}

/* The coroutines */

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
  while (!run_stopping (progress->run) &&
         (handoffs == 0 || ring->handoffs < handoffs) &&
         (deadline == 0 || g_get_monotonic_time () < deadline))
    {
      /* One iteration is one time slice of resumes, 0.5 ms. */
      g_main_context_iteration (context, FALSE);
      progress->point->handoffs = ring->handoffs;
      progress_report (progress, FALSE);
    }
}

static gboolean
run_coroutines (Progress  *progress,
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

  rss_before = self_rss ();
  for (guint i = 0; i < point->n && !run_stopping (run); i++)
    {
      g_autoptr(LlCo) task = NULL;
      PassFrame *f = ll_co_new (PassFrame, pass_body, NULL);

      f->ring = &ring;
      f->index = i;
      task = &f->co;
      ll_scheduler_spawn (scheduler, task);
      point->started = i + 1;
      if (point->started % SPAWN_BATCH_COROUTINES == 0)
        progress_report (progress, FALSE);
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
  rss_after = self_rss ();

  switches = context_switches (RUSAGE_SELF);
  t0 = g_get_monotonic_time ();
  progress_measuring (progress, t0);
  if (run->rounds > 0)
    co_iterate_while (context, progress, &ring, (guint64) point->n * run->rounds, 0);
  else
    co_iterate_while (context, progress, &ring, 0, t0 + run->usec);
  t1 = g_get_monotonic_time ();
  switches = context_switches (RUSAGE_SELF) - switches;

  point->handoffs = ring.handoffs;
  point->idle_resumes = ring.idle_resumes;
  point->usec = t1 - t0;
  point->rss_per_worker = rss_growth_per_worker (rss_before, rss_after, point->n);
  point_finish (point, switches);

  /* Every task returns at its next resume. */
  ring.stop = TRUE;
  ll_scheduler_run_until_idle (scheduler);
  g_clear_object (&scheduler);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return TRUE;
}

/* The threads */

typedef struct _ThreadRing ThreadRing;

typedef struct
{
  GMutex      lock;
  GCond       cond;
  gboolean    token;      /* under @lock */
  guint64     passes;     /* __atomic: written by the worker, read by the controller */
  ThreadRing *ring;
  guint       index;
} ThreadWorker;

struct _ThreadRing
{
  guint         n;
  guint         rounds;
  ThreadWorker *workers;

  /* The workers' start, under @lock; @stop is atomic, and set under
   * every worker's lock too, so that none can miss it */
  GMutex        lock;
  GCond         cond;
  guint         n_waiting;
  gint          stop;
};

static gpointer
thread_worker (gpointer data)
{
  ThreadWorker *w = data;
  ThreadRing *ring = w->ring;
  ThreadWorker *next = &ring->workers[w->index + 1 < ring->n ? w->index + 1 : 0];
  guint64 passes = 0;

  g_mutex_lock (&ring->lock);
  ring->n_waiting++;
  g_cond_broadcast (&ring->cond);
  g_mutex_unlock (&ring->lock);

  for (;;)
    {
      gboolean stop;

      g_mutex_lock (&w->lock);
      while (!w->token && !g_atomic_int_get (&ring->stop))
        g_cond_wait (&w->cond, &w->lock);
      stop = g_atomic_int_get (&ring->stop);
      w->token = FALSE;
      g_mutex_unlock (&w->lock);
      if (stop)
        break;

      /* The handoff: wake the next one and go back to waiting.  The
       * signal comes after the unlock: signalled under the lock, the
       * next one woke only to block on the mutex this one still held,
       * two context switches a handoff instead of one. */
      g_mutex_lock (&next->lock);
      next->token = TRUE;
      g_mutex_unlock (&next->lock);
      g_cond_signal (&next->cond);

      passes++;
      __atomic_store_n (&w->passes, passes, __ATOMIC_RELAXED);
      if (passes == ring->rounds)
        break;
    }

  ll_controller_thread_end ();

  return NULL;
}

static guint64
thread_ring_handoffs (ThreadRing *ring,
                      guint       started)
{
  guint64 sum = 0;

  for (guint i = 0; i < started; i++)
    sum += __atomic_load_n (&ring->workers[i].passes, __ATOMIC_RELAXED);

  return sum;
}

static gboolean
run_threads (Progress  *progress,
             GError   **error)
{
  Run *run = progress->run;
  LlSwitchCostPoint *point = progress->point;
  ThreadRing ring = { .n = point->n, .rounds = run->rounds };
  g_autofree GThread **threads = g_new0 (GThread *, point->n);
  GError *local_error = NULL;
  gint64 rss_before, rss_after = -1;
  guint64 switches = 0, base = 0;
  gint64 t0 = 0, t1 = 0;
  guint started;

  ring.workers = g_new0 (ThreadWorker, point->n);
  g_mutex_init (&ring.lock);
  g_cond_init (&ring.cond);
  for (guint i = 0; i < point->n; i++)
    {
      g_mutex_init (&ring.workers[i].lock);
      g_cond_init (&ring.workers[i].cond);
      ring.workers[i].ring = &ring;
      ring.workers[i].index = i;
    }

  rss_before = self_rss ();
  for (started = 0; started < point->n && !run_stopping (run); started++)
    {
      if (!check_worker_limit (run, started, &local_error))
        break;
      threads[started] = ll_controller_thread_new ("ll-switch", thread_worker, &ring.workers[started], &local_error);
      if (threads[started] == NULL)
        break;
      point->started = started + 1;
      if (point->started % SPAWN_BATCH_OS == 0)
        progress_report (progress, FALSE);
    }

  if (local_error == NULL && !run_stopping (run))
    {
      /* Every worker waits for the token before the clock starts. */
      g_mutex_lock (&ring.lock);
      while (ring.n_waiting < started && !run_stopping (run))
        g_cond_wait_until (&ring.cond, &ring.lock, g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
      g_mutex_unlock (&ring.lock);
      /* Each has its stack as deep as it goes, waiting (see coroutines). */
      rss_after = self_rss ();

      base = context_switches (RUSAGE_SELF);
      t0 = g_get_monotonic_time ();
      progress_measuring (progress, t0);
      g_mutex_lock (&ring.workers[0].lock);
      ring.workers[0].token = TRUE;
      g_cond_signal (&ring.workers[0].cond);
      g_mutex_unlock (&ring.workers[0].lock);

      for (;;)
        {
          gint64 now = g_get_monotonic_time ();
          gint64 until = now + PROGRESS_INTERVAL;

          point->handoffs = thread_ring_handoffs (&ring, started);
          if (run->rounds > 0 && point->handoffs == (guint64) point->n * run->rounds)
            break;
          if (run->rounds == 0 && now >= t0 + run->usec)
            break;
          progress_report (progress, FALSE);
          if (run->rounds > 0)
            until = now + G_TIME_SPAN_MILLISECOND;
          else
            until = MIN (until, t0 + run->usec);
          if (run_wait_until (run, until))
            break;
        }
      t1 = g_get_monotonic_time ();
      switches = context_switches (RUSAGE_SELF) - base;
      point->handoffs = thread_ring_handoffs (&ring, started);
    }

  /* Stop them all, wherever they wait, and join them, a batch at a
   * time.  A worker not yet woken that the token reaches sees the flag
   * and ends without passing it on. */
  g_atomic_int_set (&ring.stop, TRUE);
  for (guint first = 0; first < started; first += TEARDOWN_BATCH)
    {
      guint end = MIN (started, first + TEARDOWN_BATCH);

      for (guint i = first; i < end; i++)
        {
          g_mutex_lock (&ring.workers[i].lock);
          g_cond_broadcast (&ring.workers[i].cond);
          g_mutex_unlock (&ring.workers[i].lock);
        }
      for (guint i = first; i < end; i++)
        g_thread_join (threads[i]);
    }

  for (guint i = 0; i < point->n; i++)
    {
      g_mutex_clear (&ring.workers[i].lock);
      g_cond_clear (&ring.workers[i].cond);
    }
  g_mutex_clear (&ring.lock);
  g_cond_clear (&ring.cond);
  g_free (ring.workers);

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not start thread %u of %u: %s"),
                   started + 1, point->n, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (!run_stopping (run))
    {
      point->usec = t1 - t0;
      point->rss_per_worker = rss_growth_per_worker (rss_before, rss_after, point->n);
      point_finish (point, switches);
    }

  return TRUE;
}

/* The processes: the ring's host is ll-switch-cost-host.c; this side
 * starts it, watches the shared mapping and times the ring. */

static guint64
proc_handoffs (ProcShared *shared,
               guint       started)
{
  guint64 sum = 0;

  for (guint i = 0; i < started; i++)
    sum += __atomic_load_n (&shared->passes[i], __ATOMIC_RELAXED);

  return sum;
}

/* The host has exited, or if it has not, @wait: waits for it.  Returns
 * whether it has, with its wait status. */
static gboolean
host_reaped (pid_t     host,
             gboolean  wait,
             int      *status)
{
  pid_t r;

  do
    r = waitpid (host, status, wait ? 0 : WNOHANG);
  while (r < 0 && errno == EINTR);

  return r == host || (r < 0 && errno == ECHILD);
}

/* Starts the host on @shared_fd and @command_fd (its fd 3 and stdin),
 * with every other fd closed: the window's X connection and files have
 * nothing to do with the ring.  posix_spawn() starts it without copying
 * this process's memory map, which is the point of the host. */
static pid_t
host_spawn (const char  *cli,
            Run         *run,
            guint        n,
            int          shared_fd,
            int          command_fd,
            GError     **error)
{
  posix_spawn_file_actions_t actions;
  char n_text[16], rounds_text[16], limit_text[16];
  char *argv[12] = { (char *) cli, "run", "switch-cost", "--ring-host", "--ring-workers", n_text };
  guint argc = 6;
  pid_t pid;
  int r;

  g_snprintf (n_text, sizeof n_text, "%u", n);
  if (run->rounds > 0)
    {
      g_snprintf (rounds_text, sizeof rounds_text, "%u", run->rounds);
      argv[argc++] = "--rounds";
      argv[argc++] = rounds_text;
    }
  if (run->worker_limit > 0)
    {
      g_snprintf (limit_text, sizeof limit_text, "%u", run->worker_limit);
      argv[argc++] = "--worker-limit";
      argv[argc++] = limit_text;
    }
  argv[argc] = NULL;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, command_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, shared_fd, 3);
  posix_spawn_file_actions_addclosefrom_np (&actions, 4);
  r = posix_spawn (&pid, cli, &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (r != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (r),
                   _("Could not start %s: %s"), cli, g_strerror (r));
      return -1;
    }

  return pid;
}

/* The children the host has forked so far, counted live from @known
 * on: one load, so that the count and the point agree even while the
 * host still forks (a stop seen mid-ring). */
static guint
take_started (ProcShared        *shared,
              guint              known,
              LlSwitchCostPoint *point)
{
  guint started = (guint) __atomic_load_n (&shared->started, __ATOMIC_ACQUIRE);

  g_atomic_int_add (&live_processes, (gint) (started - known));
  point->started = started;

  return started;
}

static gboolean
run_processes (Progress  *progress,
               GError   **error)
{
  Run *run = progress->run;
  LlSwitchCostPoint *point = progress->point;
  gsize shared_size = proc_shared_size (point->n);
  g_autofree char *cli = NULL;
  ProcShared *shared = MAP_FAILED;
  GError *local_error = NULL;
  int shared_fd = -1;
  int command[2] = { -1, -1 };
  pid_t host = -1;
  gboolean host_gone = FALSE;
  int status = 0;
  guint64 switches;
  gint64 t0 = 0, t1 = 0;
  gint64 rss_sum = 0;
  guint rss_count = 0;
  guint started = 0;

  cli = ll_process_find_cli (&local_error);
  if (cli == NULL)
    goto cleanup;

  shared_fd = memfd_create ("ll-switch-cost-ring", MFD_CLOEXEC);
  if (shared_fd < 0 || ftruncate (shared_fd, (off_t) shared_size) < 0 ||
      (shared = mmap (NULL, shared_size, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0)) == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not map the children’s counters: %s"), g_strerror (saved));
      goto cleanup;
    }
  if (!g_unix_open_pipe (command, FD_CLOEXEC, &local_error))
    goto cleanup;

  switches = context_switches (RUSAGE_CHILDREN);
  host = host_spawn (cli, run, point->n, shared_fd, command[0], &local_error);
  close_fd (&command[0]);
  close_fd (&shared_fd);
  if (host < 0)
    goto cleanup;
  g_atomic_int_inc (&live_processes);

  /* The host forks; this thread reports how far it has got. */
  while (!__atomic_load_n (&shared->done, __ATOMIC_ACQUIRE) && !run_stopping (run))
    {
      started = take_started (shared, started, point);
      progress_report (progress, FALSE);
      if (host_reaped (host, FALSE, &status))
        {
          host_gone = TRUE;
          break;
        }
      run_wait_until (run, g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND);
    }
  started = take_started (shared, started, point);

  if (host_gone)
    g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The ring’s host (%s) ended before its ring was up"), cli);
  else if (__atomic_load_n (&shared->error, __ATOMIC_RELAXED) != 0)
    {
      int saved = __atomic_load_n (&shared->error, __ATOMIC_RELAXED);

      if (__atomic_load_n (&shared->limited, __ATOMIC_RELAXED))
        g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("%s (the worker limit of %u set for testing)"), g_strerror (saved), run->worker_limit);
      else
        g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
    }

  if (local_error == NULL && !run_stopping (run))
    {
      /* Every child waits for the token before the clock starts. */
      while ((guint) __atomic_load_n (&shared->ready, __ATOMIC_ACQUIRE) < started &&
             !run_wait_until (run, g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND))
        ;

      t0 = g_get_monotonic_time ();
      progress_measuring (progress, t0);
      if (!run_stopping (run) && write (command[1], "g", 1) != 1)
        {
          int saved = errno;

          g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
          goto cleanup;
        }

      for (;;)
        {
          gint64 now = g_get_monotonic_time ();
          gint64 until;

          point->handoffs = proc_handoffs (shared, started);
          if (run->rounds > 0 && point->handoffs == (guint64) point->n * run->rounds)
            break;
          if (run->rounds == 0 && now >= t0 + run->usec)
            break;
          progress_report (progress, FALSE);
          if (run->rounds > 0)
            until = now + G_TIME_SPAN_MILLISECOND;
          else
            until = MIN (now + PROGRESS_INTERVAL, t0 + run->usec);
          if (run_wait_until (run, until))
            break;
        }
      t1 = g_get_monotonic_time ();
      point->handoffs = proc_handoffs (shared, started);

      for (guint i = 0; i < started && rss_count < RSS_SAMPLE; i += MAX (1, started / RSS_SAMPLE))
        {
          gint64 bytes = child_private (proc_shared_pids (shared, point->n)[i]);

          if (bytes >= 0)
            {
              rss_sum += bytes;
              rss_count++;
            }
        }
    }

cleanup:
  /* The end of its stdin: the host kills and reaps the ring, then exits. */
  close_fd (&command[1]);
  close_fd (&command[0]);
  close_fd (&shared_fd);
  if (host > 0)
    {
      if (!host_gone)
        host_reaped (host, TRUE, &status);
      g_atomic_int_add (&live_processes, -(gint) (started + 1));
    }
  switches = host > 0 ? context_switches (RUSAGE_CHILDREN) - switches : 0;
  if (shared != MAP_FAILED)
    munmap (shared, shared_size);

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not start process %u of %u: %s"),
                   started + 1, point->n, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (!run_stopping (run))
    {
      point->usec = t1 - t0;
      point->rss_per_worker = rss_count > 0 ? (double) rss_sum / rss_count : 0;
      point_finish (point, switches);
    }

  return TRUE;
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

  for (guint i = 0; i < run->plan->len && !run_stopping (run); i++)
    {
      LlSwitchCostPoint point = g_array_index (run->plan, LlSwitchCostPoint, i);
      Progress progress = { run, i, &point, 0, g_get_monotonic_time (), 0 };
      GError *error = NULL;
      gboolean ok;

      if (failed & (1u << point.kind))
        {
          point.state = LL_SWITCH_COST_STATE_SKIPPED;
          post_message (run, i, &point, NULL);
          continue;
        }

      point.state = LL_SWITCH_COST_STATE_STARTING;
      progress_report (&progress, TRUE);
      switch (point.kind)
        {
        case LL_SWITCH_COST_KIND_COROUTINE:
          ok = run_coroutines (&progress, &error);
          break;
        case LL_SWITCH_COST_KIND_THREAD:
          ok = run_threads (&progress, &error);
          break;
        case LL_SWITCH_COST_KIND_PROCESS:
        default:
          ok = run_processes (&progress, &error);
          break;
        }

      /* Stopped: the model marks the point so itself. */
      if (run_stopping (run))
        {
          g_clear_error (&error);
          break;
        }

      if (!ok)
        {
          point.state = LL_SWITCH_COST_STATE_FAILED;
          failed |= 1u << point.kind;
        }
      post_message (run, i, &point, error);
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
