/* ll-counter-race-model.h: "Shared state: a lost update"
 *
 * The model behind `looplab-cli run counter-race` and the window's demo
 * of the same name.  A shared counter starts at 0 and each of T workers
 * adds 1 to it K times, so T × K is expected.  Five lanes, one after the
 * other, each the same count done another way:
 *
 * - %LL_COUNTER_RACE_LANE_PLAIN: T threads, a plain read, then a write
 *   of what was read plus one.  A deliberate data race: a thread that
 *   writes between another's read and write has its increment
 *   overwritten, so updates are lost (how many, the run says).
 * - %LL_COUNTER_RACE_LANE_MUTEX: T threads, a #GMutex around each
 *   increment: exact, and the slowest.
 * - %LL_COUNTER_RACE_LANE_ATOMIC: T threads, an atomic add: exact.
 * - %LL_COUNTER_RACE_LANE_COROUTINE: T coroutines on one thread, running
 *   the plain lane's very read-modify-write and yielding every
 *   %LL_COUNTER_RACE_YIELD_EVERY increments: exact with no lock, since
 *   nothing runs between two yields but the task itself.
 * - %LL_COUNTER_RACE_LANE_COROUTINE_YIELD: T coroutines that read the
 *   counter into their frame, yield, then write back what they read plus
 *   one.  The others run at the yield and read the same value, so they
 *   lose updates too, and deterministically: the scheduler resumes ready
 *   tasks first in, first out, so in each round every task reads the
 *   value the round began with and all write back that plus one.  The
 *   count is K whatever T is (ll_counter_race_yield_lane_count()): of the
 *   T increments of each round, T - 1 are lost.
 *
 * Every lane runs off the caller's main loop: a run owns one controller
 * thread, which starts each thread lane's T workers and joins them, and
 * runs the coroutine lanes itself, on a private #GMainContext and
 * #LlScheduler (with the clock of the model's scheduler).  What the run
 * finds comes back to the context of the model's scheduler, in idles:
 * ::lane-changed as a lane starts, about ten times a second while it
 * runs, and as it ends; #LlSimModel::line with the lane's line once it
 * is over.  ll_sim_model_stop() (and disposing the model) stops the run
 * and joins every thread it started before it returns: each worker
 * looks at the stop flag every few thousand increments, so that takes
 * milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/* The largest run: 64 workers (beyond that, on a machine of a few
 * cores, more threads only take turns) of 100 000 000 increments each
 * (at the 25 ns a locked increment took here with two threads, the
 * largest locked lane lasts about three minutes).  T × K then stays
 * below 6.4e9, past G_MAXINT: the counter is a #gint64 in every lane,
 * and the atomic lane adds with a 64-bit atomic. */
#define LL_COUNTER_RACE_MAX_WORKERS 64
#define LL_COUNTER_RACE_MAX_INCREMENTS 100000000

#define LL_COUNTER_RACE_DEFAULT_WORKERS 4
#define LL_COUNTER_RACE_DEFAULT_INCREMENTS 1000000

/* The coroutine lane's increments between two yields. */
#define LL_COUNTER_RACE_YIELD_EVERY 1000

/**
 * LlCounterRaceLane:
 * @LL_COUNTER_RACE_LANE_PLAIN: threads, a plain read-modify-write
 * @LL_COUNTER_RACE_LANE_MUTEX: threads, a #GMutex around each increment
 * @LL_COUNTER_RACE_LANE_ATOMIC: threads, an atomic add
 * @LL_COUNTER_RACE_LANE_COROUTINE: coroutines on one thread, no lock
 * @LL_COUNTER_RACE_LANE_COROUTINE_YIELD: coroutines that yield between
 *   the read and the write
 *
 * The ways of counting, in the order a run goes through them.  Their
 * nicks (ll_counter_race_lane_get_id()) are what `--json` prints.
 */
typedef enum
{
  LL_COUNTER_RACE_LANE_PLAIN,
  LL_COUNTER_RACE_LANE_MUTEX,
  LL_COUNTER_RACE_LANE_ATOMIC,
  LL_COUNTER_RACE_LANE_COROUTINE,
  LL_COUNTER_RACE_LANE_COROUTINE_YIELD,
} LlCounterRaceLane;

#define LL_COUNTER_RACE_N_LANES 5

/**
 * LlCounterRaceLaneFlags:
 * @LL_COUNTER_RACE_LANE_FLAG_PLAIN: run the plain lane
 * @LL_COUNTER_RACE_LANE_FLAG_MUTEX: run the mutex lane
 * @LL_COUNTER_RACE_LANE_FLAG_ATOMIC: run the atomic lane
 * @LL_COUNTER_RACE_LANE_FLAG_COROUTINE: run the coroutine lane
 * @LL_COUNTER_RACE_LANE_FLAG_COROUTINE_YIELD: run the yielding lane
 * @LL_COUNTER_RACE_LANE_FLAG_ALL: all five
 *
 * Which lanes a run goes through, always in the order of
 * #LlCounterRaceLane.
 */
typedef enum
{
  LL_COUNTER_RACE_LANE_FLAG_PLAIN           = 1 << LL_COUNTER_RACE_LANE_PLAIN,
  LL_COUNTER_RACE_LANE_FLAG_MUTEX           = 1 << LL_COUNTER_RACE_LANE_MUTEX,
  LL_COUNTER_RACE_LANE_FLAG_ATOMIC          = 1 << LL_COUNTER_RACE_LANE_ATOMIC,
  LL_COUNTER_RACE_LANE_FLAG_COROUTINE       = 1 << LL_COUNTER_RACE_LANE_COROUTINE,
  LL_COUNTER_RACE_LANE_FLAG_COROUTINE_YIELD = 1 << LL_COUNTER_RACE_LANE_COROUTINE_YIELD,
  LL_COUNTER_RACE_LANE_FLAG_ALL             = (1 << LL_COUNTER_RACE_N_LANES) - 1,
} LlCounterRaceLaneFlags;

/**
 * LlCounterRaceState:
 * @LL_COUNTER_RACE_STATE_IDLE: not part of the run, or never run
 * @LL_COUNTER_RACE_STATE_WAITING: part of the run, waiting for its turn
 * @LL_COUNTER_RACE_STATE_RUNNING: counting
 * @LL_COUNTER_RACE_STATE_FINISHED: every increment done; the figures are
 *   final
 * @LL_COUNTER_RACE_STATE_FAILED: a thread could not be started; see
 *   ll_counter_race_model_get_error()
 * @LL_COUNTER_RACE_STATE_STOPPED: the run was stopped before the lane
 *   finished
 *
 * Where one lane stands.
 */
typedef enum
{
  LL_COUNTER_RACE_STATE_IDLE,
  LL_COUNTER_RACE_STATE_WAITING,
  LL_COUNTER_RACE_STATE_RUNNING,
  LL_COUNTER_RACE_STATE_FINISHED,
  LL_COUNTER_RACE_STATE_FAILED,
  LL_COUNTER_RACE_STATE_STOPPED,
} LlCounterRaceState;

/**
 * LlCounterRaceFigures:
 * @state: where the lane stands
 * @workers: T, the threads or the coroutines
 * @expected: T × K, what a lane that loses nothing counts
 * @done: the increments the workers have carried out so far (attempted,
 *   not counted: for a progress bar); @expected once finished
 * @counted: the counter's value once the lane finished; 0 before
 * @lost: @expected - @counted once finished; 0 before
 * @usec: microseconds on the monotonic clock, from the moment every
 *   worker may start to the last one's end; so far, while running
 *
 * One lane's figures, as they stand.  Plain data: read it, keep a copy.
 */
typedef struct
{
  LlCounterRaceState  state;
  guint               workers;
  guint64             expected;
  guint64             done;
  guint64             counted;
  guint64             lost;
  gint64              usec;
} LlCounterRaceFigures;

#define LL_TYPE_COUNTER_RACE_LANE (ll_counter_race_lane_get_type ())
#define LL_TYPE_COUNTER_RACE_LANE_FLAGS (ll_counter_race_lane_flags_get_type ())
#define LL_TYPE_COUNTER_RACE_STATE (ll_counter_race_state_get_type ())
#define LL_TYPE_COUNTER_RACE_MODEL (ll_counter_race_model_get_type ())

GType ll_counter_race_lane_get_type       (void) G_GNUC_CONST;
GType ll_counter_race_lane_flags_get_type (void) G_GNUC_CONST;
GType ll_counter_race_state_get_type      (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlCounterRaceModel, ll_counter_race_model, LL, COUNTER_RACE_MODEL, LlSimModel)

const char           *ll_counter_race_lane_get_id            (LlCounterRaceLane       lane);
const char           *ll_counter_race_lane_get_title         (LlCounterRaceLane       lane);

guint64               ll_counter_race_yield_lane_count       (guint                   workers,
                                                              guint                   increments);

LlCounterRaceModel   *ll_counter_race_model_new              (LlScheduler            *scheduler);

/* What the next run is */
guint                 ll_counter_race_model_get_workers      (LlCounterRaceModel     *self);
void                  ll_counter_race_model_set_workers      (LlCounterRaceModel     *self,
                                                              guint                   workers);
guint                 ll_counter_race_model_get_increments   (LlCounterRaceModel     *self);
void                  ll_counter_race_model_set_increments   (LlCounterRaceModel     *self,
                                                              guint                   increments);
LlCounterRaceLaneFlags
                      ll_counter_race_model_get_lanes        (LlCounterRaceModel     *self);
void                  ll_counter_race_model_set_lanes        (LlCounterRaceModel     *self,
                                                              LlCounterRaceLaneFlags  lanes);

gboolean              ll_counter_race_model_start            (LlCounterRaceModel     *self,
                                                              GError                **error);

/* The run */
int                   ll_counter_race_model_get_current      (LlCounterRaceModel     *self);
const LlCounterRaceFigures *
                      ll_counter_race_model_get_figures      (LlCounterRaceModel     *self,
                                                              LlCounterRaceLane       lane);
const GError         *ll_counter_race_model_get_error        (LlCounterRaceModel     *self,
                                                              LlCounterRaceLane       lane);
char                 *ll_counter_race_model_describe         (LlCounterRaceModel     *self,
                                                              LlCounterRaceLane       lane);

G_END_DECLS
