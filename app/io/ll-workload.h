/* ll-workload.h: the "Frozen vs responsive" workloads, blocking and not
 *
 * Four kinds of work, each in a blocking mode and one or two
 * non-blocking ones:
 *
 * | kind    | blocking                     | non-blocking                        |
 * |---------|------------------------------|-------------------------------------|
 * | sleep   | g_usleep()                   | async: a coroutine's LL_CO_SLEEP    |
 * | read    | g_input_stream_read() loop   | async: awaited read_async, chunked  |
 * | fetch   | sync connect/write/read, N×  | async: N coroutines at once         |
 * | compute | count primes in one go       | chunked, yielding; thread: GTask    |
 *
 * An #LlWorkload is one button of the page.  It is the base class of
 * one subclass per kind (#LlWorkloadSleep, #LlWorkloadRead,
 * #LlWorkloadFetch, #LlWorkloadCompute, each in its own file with its
 * own settings); the base holds what every kind shares: the mode, the
 * run and its cancellation, the progress, and the result with the loop
 * monitor's figures.  Make one with ll_workload_new(), configure it with
 * its kind's setters, connect to its progress (#LlWorkload:progress),
 * and call ll_workload_run_async().
 *
 * In the BLOCKING mode the work runs inside ll_workload_run_async()
 * itself, and blocks the calling thread until it is done: that is the
 * point, the page calls it from a click handler to freeze the window.
 * The callback comes later, once the loop is back and the loop monitor
 * has reported the stall, so the result names it.  In the other modes
 * the call returns at once and the loop stays free.
 *
 * Every run owns a #GCancellable: ll_workload_cancel(), or cancelling
 * the cancellable passed in (from any thread), stops it cleanly, and the
 * callback then reports %G_IO_ERROR_CANCELLED once every coroutine or
 * thread of the run has stopped.  A run holds a reference on its
 * workload until its callback; a page that goes away cancels its
 * cancellable and touches nothing when the callback says so.  The
 * result arrives on the thread-default main context of the call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-loop-monitor.h"
#include "ll-scheduler.h"

G_BEGIN_DECLS

/**
 * LlWorkloadKind:
 * @LL_WORKLOAD_KIND_SLEEP: sleep for #LlWorkloadSleep:seconds
 * @LL_WORKLOAD_KIND_READ: read #LlWorkloadRead:file to the end
 * @LL_WORKLOAD_KIND_FETCH: fetch #LlWorkloadFetch:requests answers from
 *   the slow server at #LlWorkloadFetch:port
 * @LL_WORKLOAD_KIND_COMPUTE: count the primes among
 *   #LlWorkloadCompute:numbers numbers (or as many as fill
 *   #LlWorkloadCompute:seconds)
 *
 * What a workload does: which subclass of #LlWorkload it is.
 */
typedef enum
{
  LL_WORKLOAD_KIND_SLEEP,
  LL_WORKLOAD_KIND_READ,
  LL_WORKLOAD_KIND_FETCH,
  LL_WORKLOAD_KIND_COMPUTE,
} LlWorkloadKind;

/**
 * LlWorkloadMode:
 * @LL_WORKLOAD_MODE_BLOCKING: on the calling thread, in one go
 * @LL_WORKLOAD_MODE_ASYNC: coroutines awaiting non-blocking sleeps and
 *   GIO's asynchronous calls (sleep, read, fetch)
 * @LL_WORKLOAD_MODE_CHUNKED: small blocks with a yield after each; the
 *   scheduler lets the loop run between its time slices (compute)
 * @LL_WORKLOAD_MODE_THREAD: g_task_run_in_thread(), the result delivered
 *   back to the loop (compute)
 *
 * How a workload runs.  ll_workload_mode_is_supported() says which modes
 * each kind has.
 */
typedef enum
{
  LL_WORKLOAD_MODE_BLOCKING,
  LL_WORKLOAD_MODE_ASYNC,
  LL_WORKLOAD_MODE_CHUNKED,
  LL_WORKLOAD_MODE_THREAD,
} LlWorkloadMode;

#define LL_TYPE_WORKLOAD_KIND (ll_workload_kind_get_type ())
GType ll_workload_kind_get_type (void) G_GNUC_CONST;
#define LL_TYPE_WORKLOAD_MODE (ll_workload_mode_get_type ())
GType ll_workload_mode_get_type (void) G_GNUC_CONST;

/* Limits the page and the CLI offer. */
#define LL_WORKLOAD_MIN_SECONDS       0.1
#define LL_WORKLOAD_MAX_SECONDS       5.0   /* a blocking run freezes at most this long */
#define LL_WORKLOAD_DEFAULT_SECONDS   3.0
#define LL_WORKLOAD_DEFAULT_REQUESTS  5
#define LL_WORKLOAD_MAX_REQUESTS      1000
#define LL_WORKLOAD_DEFAULT_DELAY     (1 * G_TIME_SPAN_SECOND)
#define LL_WORKLOAD_MAX_DELAY         (10 * G_TIME_SPAN_SECOND)
#define LL_WORKLOAD_DEFAULT_CHUNK     (4 * 1024 * 1024)
#define LL_WORKLOAD_MAX_CHUNK         (64 * 1024 * 1024)
#define LL_WORKLOAD_DEFAULT_READERS   2
#define LL_WORKLOAD_MAX_READERS       8
/* The length of a chunked slice as the page and the CLI quote it.  The
 * scheduler sets the real one (see ll-workload-compute.c): 2.6 to 3.8 ms
 * on the 2-core VM of the figures in docs/. */
#define LL_WORKLOAD_SLICE             (5 * G_TIME_SPAN_MILLISECOND)

/**
 * LlFetchPhase:
 * @LL_FETCH_PHASE_PENDING: not started
 * @LL_FETCH_PHASE_CONNECTING: connecting
 * @LL_FETCH_PHASE_SENDING: connected, writing the request
 * @LL_FETCH_PHASE_WAITING: request sent, waiting for the first byte
 * @LL_FETCH_PHASE_READING: reading the answer
 * @LL_FETCH_PHASE_DONE: answered
 * @LL_FETCH_PHASE_FAILED: failed; see @error
 *
 * Where one request of a Fetch run is.
 */
typedef enum
{
  LL_FETCH_PHASE_PENDING,
  LL_FETCH_PHASE_CONNECTING,
  LL_FETCH_PHASE_SENDING,
  LL_FETCH_PHASE_WAITING,
  LL_FETCH_PHASE_READING,
  LL_FETCH_PHASE_DONE,
  LL_FETCH_PHASE_FAILED,
} LlFetchPhase;

#define LL_TYPE_FETCH_PHASE (ll_fetch_phase_get_type ())
GType ll_fetch_phase_get_type (void) G_GNUC_CONST;

/**
 * LlFetchRequest:
 * @index: its place in the run, from 0
 * @phase: where it is
 * @connect_start: monotonic µs when it began to connect, 0 until then
 * @connect_end: when the connection was established (or failed)
 * @send_end: when the request was written
 * @first_byte: when the first byte of the answer came: the end of the wait
 * @read_end: when the answer was read to the end
 * @bytes: bytes of the answer, headers included
 * @status: the HTTP status, 0 if none came
 * @served_as: the server's number for it (from the body), 0 if unknown
 * @error: (nullable): why it failed
 *
 * One request of a Fetch run, for the timeline: its phases are
 * connect (@connect_start to @connect_end), send (to @send_end), wait
 * (to @first_byte) and read (to @read_end).  A phase not reached is 0.
 */
typedef struct
{
  guint         index;
  LlFetchPhase  phase;
  gint64        connect_start;
  gint64        connect_end;
  gint64        send_end;
  gint64        first_byte;
  gint64        read_end;
  guint64       bytes;
  guint         status;
  guint         served_as;
  GError       *error;
} LlFetchRequest;

/**
 * LlWorkloadResult:
 * @kind: what ran
 * @mode: how
 * @start: monotonic µs when the work began
 * @duration: µs it took, on the run's clock (the scheduler's virtual
 *   clock for an async sleep on one)
 * @cpu: µs of CPU time the calling thread (the loop's) used meanwhile:
 *   for a blocking compute run, the work itself; the rest of @duration
 *   is time the thread waited (for the disk, the server, or another
 *   process that had the core)
 * @requested: µs asked for: the seconds of a sleep or a compute run, the
 *   requests × delay of a fetch run (what it takes one after another),
 *   0 for a read
 * @bytes: bytes read (read) or received (fetch)
 * @n_requests: requests made (fetch)
 * @n_failed: requests that failed (fetch)
 * @numbers: numbers tested (compute)
 * @primes: primes among them (compute)
 * @planned: numbers a compute run set out to test; a blocking run given
 *   seconds stops at the time asked for, so @numbers is fewer when the
 *   machine was busier than at calibration
 * @throughput: per second of @duration: bytes (read), answered
 *   requests (fetch), numbers tested (compute); 0 for a sleep
 * @lag: the loop's lag while it ran, from the monitor's probes
 *   (all zero without a monitor)
 * @n_stalls: stalls the monitor saw while it ran
 * @stall: µs of the longest of them, 0 if none: for a blocking run, the
 *   freeze itself as the loop monitor measured it
 * @stall_handler: (nullable): the handler the watchdog named for it
 *   (interned)
 * @failure: (nullable): for fetch, what went wrong with the failed
 *   requests, e.g. "2 of 5 requests failed: connection refused (2)"
 * @requests: (nullable) (element-type LlFetchRequest): the requests
 *   (fetch)
 *
 * The record of one finished run.
 */
typedef struct
{
  LlWorkloadKind  kind;
  LlWorkloadMode  mode;
  gint64          start;
  gint64          duration;
  gint64          cpu;
  gint64          requested;
  guint64         bytes;
  guint           n_requests;
  guint           n_failed;
  guint64         numbers;
  guint64         primes;
  guint64         planned;
  double          throughput;
  LlLagStats      lag;
  guint           n_stalls;
  gint64          stall;
  const char     *stall_handler;
  char           *failure;
  GArray         *requests;
} LlWorkloadResult;

#define LL_TYPE_WORKLOAD_RESULT (ll_workload_result_get_type ())
GType             ll_workload_result_get_type (void) G_GNUC_CONST;
LlWorkloadResult *ll_workload_result_copy     (const LlWorkloadResult *result);
void              ll_workload_result_free     (LlWorkloadResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlWorkloadResult, ll_workload_result_free)

#define LL_TYPE_WORKLOAD (ll_workload_get_type ())

G_DECLARE_DERIVABLE_TYPE (LlWorkload, ll_workload, LL, WORKLOAD, GObject)

/**
 * LlWorkloadClass:
 * @kind: what the subclass does
 * @modes: the modes it runs in, a bit (1 << mode) for each
 * @handler_name: the span a blocking run opens unless
 *   #LlWorkload:handler-name says otherwise
 * @check: refuses settings the run cannot start with (no file, no port)
 * @plan: the µs the run is asked to take (#LlWorkloadResult.requested),
 *   0 if it has no such figure
 * @now: the run's clock; the monotonic clock unless overridden
 * @start: starts the work: a blocking mode does all of it before it
 *   returns; a coroutine mode adds its coroutines to the run with
 *   _ll_workload_add_task(), and the run ends once they have all
 *   finished; every other mode ends with _ll_workload_work_done()
 * @fill_result: adds the kind's figures to the result of a finished run
 *
 * The virtual functions of a kind of work.
 */
struct _LlWorkloadClass
{
  GObjectClass parent_class;

  LlWorkloadKind  kind;
  guint           modes;
  const char     *handler_name;

  gboolean  (*check)        (LlWorkload        *self,
                             GError           **error);
  gint64    (*plan)         (LlWorkload        *self);
  gint64    (*now)          (LlWorkload        *self);
  void      (*start)        (LlWorkload        *self);
  void      (*fill_result)  (LlWorkload        *self,
                             LlWorkloadResult  *result);

  /*< private >*/
  gpointer padding[8];
};

gboolean          ll_workload_mode_is_supported  (LlWorkloadKind        kind,
                                                  LlWorkloadMode        mode);
const char       *ll_workload_kind_to_string     (LlWorkloadKind        kind);
const char       *ll_workload_mode_to_string     (LlWorkloadMode        mode);

LlWorkload       *ll_workload_new                (LlWorkloadKind        kind,
                                                  LlWorkloadMode        mode,
                                                  LlLoopMonitor        *monitor);

LlWorkloadKind    ll_workload_get_kind           (LlWorkload           *self);
LlWorkloadMode    ll_workload_get_mode           (LlWorkload           *self);
LlLoopMonitor    *ll_workload_get_monitor        (LlWorkload           *self);
LlScheduler      *ll_workload_get_scheduler      (LlWorkload           *self);
void              ll_workload_set_scheduler      (LlWorkload           *self,
                                                  LlScheduler          *scheduler);
const char       *ll_workload_get_handler_name   (LlWorkload           *self);
void              ll_workload_set_handler_name   (LlWorkload           *self,
                                                  const char           *handler_name);

gboolean          ll_workload_get_running        (LlWorkload           *self);
double            ll_workload_get_progress       (LlWorkload           *self);
guint64           ll_workload_get_done           (LlWorkload           *self);
guint64           ll_workload_get_total          (LlWorkload           *self);

void              ll_workload_run_async          (LlWorkload           *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LlWorkloadResult *ll_workload_run_finish         (LlWorkload           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void              ll_workload_cancel             (LlWorkload           *self);

G_END_DECLS
