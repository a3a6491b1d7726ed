/* ll-switch-cost-model.h: "The cost of a switch"
 *
 * The model behind `looplab-cli run switch-cost` and the window's demo of
 * the same name.  N workers pass a token round a ring: each waits for it,
 * hands it to the next and waits again.  One pass is a handoff, and the
 * same ring is run three ways:
 *
 * - %LL_SWITCH_COST_KIND_COROUTINE: N tasks on one #LlScheduler.  Every
 *   task is always ready, and each resume finds the token (the ready
 *   queue is first in, first out, and the token moves one task along per
 *   resume), passes it and yields: one handoff is one yield and one
 *   resume of the next task, which is what `looplab-cli bench switch`
 *   times for two tasks.  The time includes the loop iteration the
 *   scheduler returns to between two slices (every 0.5 ms); the figure
 *   #LlSwitchCostPoint.idle_resumes counts the resumes that found no
 *   token (none, when the claim holds).
 * - %LL_SWITCH_COST_KIND_THREAD: N threads, one #GMutex and #GCond each:
 *   a worker waits on its own condition until its flag is up, lowers it,
 *   raises the next one's and signals it.
 * - %LL_SWITCH_COST_KIND_PROCESS: N children forked in a ring of pipes;
 *   each reads the token byte from the pipe before it and writes it to
 *   the one after.  The parent counts their passes in a shared mapping.
 *
 * For each kind and each N of a log scale (2, 10, 100, 1 000, 10 000;
 * coroutines also 100 000 and 1 000 000; at most :max-workers), a point
 * starts N workers, lets the token go round for :seconds, and reports
 * nanoseconds per handoff, memory per worker and context switches per
 * handoff (#LlSwitchCostPoint says what each measures).  A thread or a
 * process that cannot be created (EAGAIN, RLIMIT_NPROC, or the test
 * hook :worker-limit) fails the point with that error and the count
 * started before it, which is the kind's limit on this machine; the
 * kind's larger points are skipped.  Nothing is left running either way.
 *
 * Everything runs off the caller's main loop, in one controller thread
 * that runs the points in order; the coroutines run on that thread, on a
 * #GMainContext and #LlScheduler of its own (on the monotonic clock,
 * whatever the model's scheduler uses: the figures are real times).  The
 * news comes back to the context of the model's scheduler, in idles:
 * ::point-changed as a point starts, about ten times a second while it
 * runs, and as it ends; #LlSimModel::line with its describe line once it
 * is over.  ll_sim_model_stop() (and disposing the model) stops the run
 * and, before it returns, joins every thread and reaps every process it
 * started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/* The largest rings: a million coroutines (a frame of 128 bytes each,
 * 130 MB with the scheduler's share), ten thousand threads or processes
 * (what the notes call "many"; their stacks and page tables, not the
 * ring, are what limits a machine). */
#define LL_SWITCH_COST_MAX_COROUTINES 1000000
#define LL_SWITCH_COST_MAX_THREADS 10000

#define LL_SWITCH_COST_DEFAULT_SECONDS 0.5
#define LL_SWITCH_COST_MAX_SECONDS 60.0

/**
 * LlSwitchCostKind:
 * @LL_SWITCH_COST_KIND_COROUTINE: tasks on one scheduler
 * @LL_SWITCH_COST_KIND_THREAD: threads, a mutex and a condition each
 * @LL_SWITCH_COST_KIND_PROCESS: forked processes in a ring of pipes
 *
 * The kinds of worker, in the order a run measures them.  Their nicks
 * (ll_switch_cost_kind_get_id()) are what `--kinds` takes and `--json`
 * prints.
 */
typedef enum
{
  LL_SWITCH_COST_KIND_COROUTINE,
  LL_SWITCH_COST_KIND_THREAD,
  LL_SWITCH_COST_KIND_PROCESS,
} LlSwitchCostKind;

#define LL_SWITCH_COST_N_KINDS 3

/**
 * LlSwitchCostKindFlags:
 * @LL_SWITCH_COST_KIND_FLAG_COROUTINE: measure coroutines
 * @LL_SWITCH_COST_KIND_FLAG_THREAD: measure threads
 * @LL_SWITCH_COST_KIND_FLAG_PROCESS: measure processes
 * @LL_SWITCH_COST_KIND_FLAG_ALL: all three
 *
 * Which kinds a run measures.
 */
typedef enum
{
  LL_SWITCH_COST_KIND_FLAG_COROUTINE = 1 << LL_SWITCH_COST_KIND_COROUTINE,
  LL_SWITCH_COST_KIND_FLAG_THREAD    = 1 << LL_SWITCH_COST_KIND_THREAD,
  LL_SWITCH_COST_KIND_FLAG_PROCESS   = 1 << LL_SWITCH_COST_KIND_PROCESS,
  LL_SWITCH_COST_KIND_FLAG_ALL       = (1 << LL_SWITCH_COST_N_KINDS) - 1,
} LlSwitchCostKindFlags;

/**
 * LlSwitchCostState:
 * @LL_SWITCH_COST_STATE_WAITING: part of the run, waiting for its turn
 * @LL_SWITCH_COST_STATE_STARTING: creating its workers (see @started)
 * @LL_SWITCH_COST_STATE_MEASURING: the token is going round
 * @LL_SWITCH_COST_STATE_FINISHED: measured; the figures are final
 * @LL_SWITCH_COST_STATE_FAILED: a worker could not be created; @started
 *   is how many were, ll_switch_cost_model_get_error() says why
 * @LL_SWITCH_COST_STATE_SKIPPED: not measured, since a smaller N of the
 *   same kind failed
 * @LL_SWITCH_COST_STATE_STOPPED: the run was stopped before it finished
 *
 * Where one point stands.
 */
typedef enum
{
  LL_SWITCH_COST_STATE_WAITING,
  LL_SWITCH_COST_STATE_STARTING,
  LL_SWITCH_COST_STATE_MEASURING,
  LL_SWITCH_COST_STATE_FINISHED,
  LL_SWITCH_COST_STATE_FAILED,
  LL_SWITCH_COST_STATE_SKIPPED,
  LL_SWITCH_COST_STATE_STOPPED,
} LlSwitchCostState;

/**
 * LlSwitchCostPoint:
 * @kind: the kind of worker
 * @n: N, the workers in the ring
 * @state: where it stands
 * @started: the workers created so far
 * @handoffs: the passes of the token in the measured stretch (so far,
 *   while measuring); exactly N × :rounds in a run of fixed rounds
 * @start_usec: from the point's start to the token's first pass, in
 *   microseconds: creating the workers (for coroutines, also one round
 *   to warm up); what N workers cost before any of them does work
 * @usec: the measured stretch, in microseconds of the monotonic clock
 *   (so far, while measuring)
 * @ns_per_handoff: @usec / @handoffs, in nanoseconds; 0 until finished
 * @rss_per_worker: bytes: for coroutines and threads, the growth of the
 *   process's VmRSS (/proc/self/status) from before the workers were
 *   created to when every one waits for the token (coroutines: after a
 *   round to warm up), divided by N (0 if it shrank: the
 *   allocator reused memory a smaller point gave back); -1, not
 *   measured, below 1 000 workers, where the growth is the process's own
 *   more than theirs.  For processes, the memory a child does not share
 *   with the parent (Private_Clean + Private_Dirty of
 *   /proc/PID/smaps_rollup), averaged over up to 16 children.  Kernel
 *   memory (a thread's kernel stack, a process's page tables, the pipes)
 *   is in neither.
 * @switches_per_handoff: context switches (ru_nvcsw + ru_nivcsw of
 *   getrusage()) per handoff.  For coroutines and threads, RUSAGE_SELF
 *   over the stretch: every thread of the process, the caller's too.
 *   For processes, RUSAGE_CHILDREN from before the first fork to the
 *   last child reaped: each child's whole life, so it includes about two
 *   switches a child for its start and its end besides the handoffs.
 * @idle_resumes: coroutines only: resumes of a task that did not hold the
 *   token, in the stretch; 0 means every resume was a handoff
 *
 * One point's figures, as they stand.  Plain data: read it, keep a copy.
 */
typedef struct
{
  LlSwitchCostKind   kind;
  guint              n;
  LlSwitchCostState  state;
  guint              started;
  guint64            handoffs;
  gint64             start_usec;
  gint64             usec;
  double             ns_per_handoff;
  double             rss_per_worker;
  double             switches_per_handoff;
  guint64            idle_resumes;
} LlSwitchCostPoint;

#define LL_TYPE_SWITCH_COST_KIND (ll_switch_cost_kind_get_type ())
#define LL_TYPE_SWITCH_COST_KIND_FLAGS (ll_switch_cost_kind_flags_get_type ())
#define LL_TYPE_SWITCH_COST_STATE (ll_switch_cost_state_get_type ())
#define LL_TYPE_SWITCH_COST_MODEL (ll_switch_cost_model_get_type ())

GType ll_switch_cost_kind_get_type       (void) G_GNUC_CONST;
GType ll_switch_cost_kind_flags_get_type (void) G_GNUC_CONST;
GType ll_switch_cost_state_get_type      (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlSwitchCostModel, ll_switch_cost_model, LL, SWITCH_COST_MODEL, LlSimModel)

const char          *ll_switch_cost_kind_get_id            (LlSwitchCostKind       kind);
const char          *ll_switch_cost_state_get_id           (LlSwitchCostState      state);
guint                ll_switch_cost_kind_get_max_workers   (LlSwitchCostKind       kind);

guint                ll_switch_cost_get_live_processes     (void);

LlSwitchCostModel   *ll_switch_cost_model_new              (LlScheduler           *scheduler);

/* What the next run is */
LlSwitchCostKindFlags
                     ll_switch_cost_model_get_kinds        (LlSwitchCostModel     *self);
void                 ll_switch_cost_model_set_kinds        (LlSwitchCostModel     *self,
                                                            LlSwitchCostKindFlags  kinds);
guint                ll_switch_cost_model_get_max_workers  (LlSwitchCostModel     *self);
void                 ll_switch_cost_model_set_max_workers  (LlSwitchCostModel     *self,
                                                            guint                  max_workers);
double               ll_switch_cost_model_get_seconds      (LlSwitchCostModel     *self);
void                 ll_switch_cost_model_set_seconds      (LlSwitchCostModel     *self,
                                                            double                 seconds);
guint                ll_switch_cost_model_get_rounds       (LlSwitchCostModel     *self);
void                 ll_switch_cost_model_set_rounds       (LlSwitchCostModel     *self,
                                                            guint                  rounds);
guint                ll_switch_cost_model_get_worker_limit (LlSwitchCostModel     *self);
void                 ll_switch_cost_model_set_worker_limit (LlSwitchCostModel     *self,
                                                            guint                  worker_limit);

gboolean             ll_switch_cost_model_start            (LlSwitchCostModel     *self,
                                                            GError               **error);

/* The run */
int                  ll_switch_cost_model_get_current      (LlSwitchCostModel     *self);
guint                ll_switch_cost_model_get_n_points     (LlSwitchCostModel     *self);
const LlSwitchCostPoint *
                     ll_switch_cost_model_get_point        (LlSwitchCostModel     *self,
                                                            guint                  index);
const GError        *ll_switch_cost_model_get_error        (LlSwitchCostModel     *self,
                                                            guint                  index);
guint                ll_switch_cost_model_get_reached      (LlSwitchCostModel     *self,
                                                            LlSwitchCostKind       kind);
char                *ll_switch_cost_model_describe         (LlSwitchCostModel     *self,
                                                            guint                  index);
char                *ll_switch_cost_model_to_csv           (LlSwitchCostModel     *self);

G_END_DECLS
