/* ll-environments-model.h: "One coroutine, three environments"
 *
 * The model behind `looplab-cli run environments` and the window's demo
 * of the same name.  The chain of coroutines of sax-bus (ll-bus-chain.h:
 * buses_to_records -> filter_on_field(route) -> filter_on_field(direction)
 * -> bus_locations), the same C stages, not copies, runs three ways on
 * the same feed:
 *
 * - %LL_ENVIRONMENT_MAIN_LOOP: the feed read with GIO's async reads,
 *   parsed by an #LlBusParser, each event sent into the chain on the
 *   loop's thread, as sax-bus does;
 * - %LL_ENVIRONMENT_THREAD: the loop reads and parses, and hands copies of
 *   the events, in batches, through a #GAsyncQueue to a thread that owns
 *   a chain of its own and runs it; the matches come back to the loop in
 *   an idle on the caller's context;
 * - %LL_ENVIRONMENT_SUBPROCESS: the loop writes the events, one line
 *   each, to the stdin of `looplab-cli run environments --stage`, started
 *   with #GSubprocess, and reads the matches back from its stdout, both
 *   with async calls.
 *
 * All three must find the same buses in the same order:
 * ll_environments_model_get_identical() says whether they did.  Each
 * environment has a state and its figures (#LlEnvironmentFigures): the
 * loop's own time, the other side's, the wall clock's, events a second.
 *
 * The stage's protocol, on the child's stdin, one event a line:
 *
 *   s NAME      a start tag
 *   t TEXT      text between tags, entities decoded
 *   e NAME      an end tag
 *
 * and on its stdout, one line a match, then one summary line:
 *
 *   match LATITUDE LONGITUDE ID
 *   done EVENTS MATCHES USEC
 *
 * or, if the chain fails, `error MESSAGE` (and a non-zero exit status).
 * NAME, TEXT, ID and MESSAGE run to the end of the line, with four bytes
 * escaped: a backslash as `\\`, a newline as `\n`, a carriage return as
 * `\r`, a NUL as `\0`; nothing else is.  The coordinates are written
 * with g_ascii_dtostr(), which reads back to the same double, so that
 * the child's matches are the parent's bit for bit.  USEC is the time
 * the child spent decoding lines and running the chain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-bus-chain.h"
#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/* One read: 256 KiB, as sax-bus reads (LL_SAX_BUS_CHUNK), about 38 000
 * events, so the three environments cut the feed the same way. */
#define LL_ENVIRONMENTS_CHUNK (256 * 1024)

/* The events a batch for the thread holds; see ll-environment-thread.c. */
#define LL_ENVIRONMENTS_BATCH 4096

#define LL_ENVIRONMENTS_ERROR (ll_environments_error_quark ())

/**
 * LlEnvironmentsError:
 * @LL_ENVIRONMENTS_ERROR_NO_CLI: looplab-cli was not found, or
 *   `LOOPLAB_CLI` names something that cannot be run
 * @LL_ENVIRONMENTS_ERROR_CHILD_EXITED: the child exited with a status
 *   other than 0, or before it had read every event
 * @LL_ENVIRONMENTS_ERROR_CHILD_KILLED: the child was killed by a signal
 * @LL_ENVIRONMENTS_ERROR_PROTOCOL: a line that the protocol does not
 *   allow, on either side, or counts that do not add up
 *
 * Errors in the %LL_ENVIRONMENTS_ERROR domain.  The feed's own faults
 * are the %LL_BUS_ERROR of its parser.
 */
typedef enum
{
  LL_ENVIRONMENTS_ERROR_NO_CLI,
  LL_ENVIRONMENTS_ERROR_CHILD_EXITED,
  LL_ENVIRONMENTS_ERROR_CHILD_KILLED,
  LL_ENVIRONMENTS_ERROR_PROTOCOL,
} LlEnvironmentsError;

GQuark ll_environments_error_quark (void);

/**
 * LlEnvironment:
 * @LL_ENVIRONMENT_MAIN_LOOP: the chain on the loop's thread
 * @LL_ENVIRONMENT_THREAD: the chain on a thread of its own
 * @LL_ENVIRONMENT_SUBPROCESS: the chain in another process
 *
 * Where the chain runs.
 */
typedef enum
{
  LL_ENVIRONMENT_MAIN_LOOP,
  LL_ENVIRONMENT_THREAD,
  LL_ENVIRONMENT_SUBPROCESS,
} LlEnvironment;

#define LL_N_ENVIRONMENTS 3

/**
 * LlEnvironmentFlags:
 * @LL_ENVIRONMENT_FLAG_MAIN_LOOP: run %LL_ENVIRONMENT_MAIN_LOOP
 * @LL_ENVIRONMENT_FLAG_THREAD: run %LL_ENVIRONMENT_THREAD
 * @LL_ENVIRONMENT_FLAG_SUBPROCESS: run %LL_ENVIRONMENT_SUBPROCESS
 * @LL_ENVIRONMENT_FLAG_ALL: all three, one after the other
 *
 * Which environments a run goes through, in the order of #LlEnvironment.
 */
typedef enum
{
  LL_ENVIRONMENT_FLAG_MAIN_LOOP  = 1 << LL_ENVIRONMENT_MAIN_LOOP,
  LL_ENVIRONMENT_FLAG_THREAD     = 1 << LL_ENVIRONMENT_THREAD,
  LL_ENVIRONMENT_FLAG_SUBPROCESS = 1 << LL_ENVIRONMENT_SUBPROCESS,
  LL_ENVIRONMENT_FLAG_ALL        = (1 << LL_N_ENVIRONMENTS) - 1,
} LlEnvironmentFlags;

/**
 * LlEnvironmentState:
 * @LL_ENVIRONMENT_STATE_IDLE: not part of the run, or never started
 * @LL_ENVIRONMENT_STATE_WAITING: part of the run, waiting for its turn
 * @LL_ENVIRONMENT_STATE_RUNNING: its chain is running
 * @LL_ENVIRONMENT_STATE_FINISHED: the whole feed went through
 * @LL_ENVIRONMENT_STATE_FAILED: it failed; see
 *   ll_environments_model_get_error()
 * @LL_ENVIRONMENT_STATE_STOPPED: the run was stopped before it finished
 *
 * Where one environment stands.
 */
typedef enum
{
  LL_ENVIRONMENT_STATE_IDLE,
  LL_ENVIRONMENT_STATE_WAITING,
  LL_ENVIRONMENT_STATE_RUNNING,
  LL_ENVIRONMENT_STATE_FINISHED,
  LL_ENVIRONMENT_STATE_FAILED,
  LL_ENVIRONMENT_STATE_STOPPED,
} LlEnvironmentState;

/**
 * LlEnvironmentFigures:
 * @state: where it stands
 * @bytes_read: the bytes of the feed parsed so far
 * @file_size: the feed's size as it was opened, for a progress bar; 0
 *   before
 * @n_events: the events the loop has parsed and sent or handed over
 * @n_matches: the buses that have come back from the chain so far
 * @loop_time: microseconds the loop's thread spent on this
 *   environment's own work: parsing and running the chain (main loop),
 *   parsing and copying the events into batches (thread), parsing and
 *   writing the events as lines (subprocess).  The reads, in GIO's
 *   worker threads, and the loop's idle waits are not in it.
 * @other_time: microseconds the other side spent: the thread inside the
 *   chain (not waiting for a batch); the child decoding lines and running
 *   the chain, as its summary line says.  0 for the main loop.
 * @wall_time: microseconds on the wall clock, from opening the feed to
 *   the last match back
 * @events_per_second: @n_events over @wall_time
 *
 * One environment's figures, as they stand.  Plain data: read it, keep
 * a copy.
 */
typedef struct
{
  LlEnvironmentState  state;
  guint64             bytes_read;
  guint64             file_size;
  guint64             n_events;
  guint               n_matches;
  gint64              loop_time;
  gint64              other_time;
  gint64              wall_time;
  double              events_per_second;
} LlEnvironmentFigures;

#define LL_TYPE_ENVIRONMENT (ll_environment_get_type ())
#define LL_TYPE_ENVIRONMENT_FLAGS (ll_environment_flags_get_type ())
#define LL_TYPE_ENVIRONMENT_STATE (ll_environment_state_get_type ())
#define LL_TYPE_ENVIRONMENTS_MODEL (ll_environments_model_get_type ())

GType ll_environment_get_type       (void) G_GNUC_CONST;
GType ll_environment_flags_get_type (void) G_GNUC_CONST;
GType ll_environment_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlEnvironmentsModel, ll_environments_model, LL, ENVIRONMENTS_MODEL, LlSimModel)

const char           *ll_environment_get_name                      (LlEnvironment        environment);

LlEnvironmentsModel  *ll_environments_model_new                    (LlScheduler         *scheduler);

/* What the next run looks for, and where */
const char           *ll_environments_model_get_route              (LlEnvironmentsModel *self);
void                  ll_environments_model_set_route              (LlEnvironmentsModel *self,
                                                                    const char          *route);
const char           *ll_environments_model_get_direction          (LlEnvironmentsModel *self);
void                  ll_environments_model_set_direction          (LlEnvironmentsModel *self,
                                                                    const char          *direction);
LlEnvironmentFlags    ll_environments_model_get_environments       (LlEnvironmentsModel *self);
void                  ll_environments_model_set_environments       (LlEnvironmentsModel *self,
                                                                    LlEnvironmentFlags   environments);
const char           *ll_environments_model_get_cli_path           (LlEnvironmentsModel *self);
void                  ll_environments_model_set_cli_path           (LlEnvironmentsModel *self,
                                                                    const char          *path);

void                  ll_environments_model_start                  (LlEnvironmentsModel *self,
                                                                    GFile               *file);
void                  ll_environments_model_start_generated        (LlEnvironmentsModel *self,
                                                                    guint                n_buses,
                                                                    guint32              seed);

/* The run */
GFile                *ll_environments_model_get_file               (LlEnvironmentsModel *self);
gboolean              ll_environments_model_get_generating         (LlEnvironmentsModel *self);
int                   ll_environments_model_get_current            (LlEnvironmentsModel *self);
gboolean              ll_environments_model_get_identical          (LlEnvironmentsModel *self);

/* Each environment's */
LlEnvironmentState    ll_environments_model_get_state              (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment);
const LlEnvironmentFigures *
                      ll_environments_model_get_figures            (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment);
const LlBusMatch     *ll_environments_model_get_matches            (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment,
                                                                    guint               *n_matches);
const char           *ll_environments_model_get_checksum           (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment);
const GError         *ll_environments_model_get_error              (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment);
char                 *ll_environments_model_describe               (LlEnvironmentsModel *self,
                                                                    LlEnvironment        environment);

/* Where looplab-cli is */
char                 *ll_environments_find_cli                     (GError             **error);

/* The child's side of the protocol */
void                  ll_environments_append_event_line            (GString             *buffer,
                                                                    LlBusEventKind       kind,
                                                                    const char          *text,
                                                                    gsize                length);
gboolean              ll_environments_run_stage                    (GInputStream        *in,
                                                                    GOutputStream       *out,
                                                                    const char          *route,
                                                                    const char          *direction,
                                                                    guint64              exit_after,
                                                                    GError             **error);

G_END_DECLS
