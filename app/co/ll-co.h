/* ll-co.h: stackless coroutines, generators and their resume points
 *
 * A coroutine is a heap frame (a struct whose first member is an #LlCo)
 * and a body function that is called again at every resume.  The body
 * opens with LL_CO_BEGIN(), closes with LL_CO_END(), and suspends at the
 * resume-point macros below, which *return* from the body; the next call
 * jumps straight back to the line after the macro (the protothread
 * shape).  A suspended coroutine occupies no C stack at all.
 *
 * Driven by hand, a coroutine is a generator (ll_co_send(),
 * ll_co_throw(), ll_co_close()).  Spawned on an #LlScheduler it is a task
 * that can await GIO, sleep, and await other coroutines: the task half of
 * the macros below calls into ll-task.h, which this header includes at
 * its end, so a body needs this header alone.  See ll-scheduler.h and
 * docs/coroutines.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_CO_ERROR (ll_co_error_quark ())

/**
 * LlCoError:
 * @LL_CO_ERROR_FINISHED: the coroutine has already finished
 * @LL_CO_ERROR_RUNNING: the coroutine is running (a send from inside itself)
 * @LL_CO_ERROR_NOT_STARTED: a value other than %NULL was sent to a
 *   coroutine that was never primed
 * @LL_CO_ERROR_CLOSED: thrown in at the suspension point by ll_co_close()
 *   (Python's `GeneratorExit`); never seen by the caller of ll_co_close()
 * @LL_CO_ERROR_NOT_A_TASK: a generator tried to await or sleep, or a task
 *   was driven like a generator
 *
 * Errors in the %LL_CO_ERROR domain.  Cancellation uses
 * %G_IO_ERROR_CANCELLED, like GIO.
 */
typedef enum
{
  LL_CO_ERROR_FINISHED,
  LL_CO_ERROR_RUNNING,
  LL_CO_ERROR_NOT_STARTED,
  LL_CO_ERROR_CLOSED,
  LL_CO_ERROR_NOT_A_TASK,
} LlCoError;

/**
 * LlCoState:
 * @LL_CO_STATE_CREATED: never run
 * @LL_CO_STATE_SUSPENDED: stopped at a resume point
 * @LL_CO_STATE_RUNNING: its body is on the C stack right now
 * @LL_CO_STATE_FINISHED: returned, failed, was closed or was cancelled
 *
 * The life of a coroutine, as Python's `inspect.getgeneratorstate()`
 * tells it.
 */
typedef enum
{
  LL_CO_STATE_CREATED,
  LL_CO_STATE_SUSPENDED,
  LL_CO_STATE_RUNNING,
  LL_CO_STATE_FINISHED,
} LlCoState;

/**
 * LlCoWait:
 * @LL_CO_WAIT_NONE: not waiting (running, finished, or a generator never
 *   primed)
 * @LL_CO_WAIT_YIELD: a generator suspended at a yield, waiting for a send
 * @LL_CO_WAIT_READY: a task in the ready queue, to be resumed soon
 * @LL_CO_WAIT_SLEEP: a task sleeping until its deadline
 * @LL_CO_WAIT_ASYNC: a task awaiting a GIO operation
 * @LL_CO_WAIT_CO: a task awaiting another coroutine
 *
 * What a coroutine is waiting for.
 */
typedef enum
{
  LL_CO_WAIT_NONE,
  LL_CO_WAIT_YIELD,
  LL_CO_WAIT_READY,
  LL_CO_WAIT_SLEEP,
  LL_CO_WAIT_ASYNC,
  LL_CO_WAIT_CO,
} LlCoWait;

/**
 * LlCoStatus:
 * @LL_CO_STATUS_YIELDED: suspended at a yield; the value is in @co->value
 * @LL_CO_STATUS_WAITING: suspended awaiting something (tasks only)
 * @LL_CO_STATUS_DONE: finished; the result or error is stored in the
 *   coroutine
 *
 * What a body returns.  Bodies never build it by hand: the resume-point
 * macros, LL_CO_END(), ll_co_return() and ll_co_fail() do.
 */
typedef enum
{
  LL_CO_STATUS_YIELDED,
  LL_CO_STATUS_WAITING,
  LL_CO_STATUS_DONE,
} LlCoStatus;

typedef struct _LlCo LlCo;
typedef struct _LlScheduler LlScheduler;

/**
 * LlCoFunc:
 * @co: the coroutine, the first member of its frame
 *
 * The body of a coroutine.  It is called once per resume and returns at
 * every suspension.  Cast @co to the frame type to reach the locals.
 *
 * Returns: the status, through a resume-point macro, LL_CO_END(),
 *   ll_co_return() or ll_co_fail()
 */
typedef LlCoStatus (*LlCoFunc) (LlCo *co);

/**
 * LlCoCleanup:
 * @co: the coroutine
 *
 * Releases what the frame owns: the `finally` of the body.  It runs
 * exactly once: when the coroutine finishes (returns, fails, is closed or
 * cancelled), or when its last reference goes if it never finished.  It
 * must not free the frame itself.
 */
typedef void (*LlCoCleanup) (LlCo *co);

/**
 * LlCo:
 * @line: the resume point: 0 before the first run, then the source line of
 *   the macro the body is suspended at
 * @state: an #LlCoState
 * @wait: an #LlCoWait
 * @value: the value sent in (right after a yield resumes), the value
 *   yielded (while suspended at a yield), the result (once finished)
 * @error: a pending error thrown in at the suspension point; the failure
 *   once finished
 *
 * The header of every coroutine frame.  Embed it as the first member,
 * named `co`, of a struct that holds the coroutine's locals:
 *
 * |[<!-- language="C" -->
 * typedef struct
 * {
 *   LlCo  co;
 *   guint i;
 * } CountFrame;
 * ]|
 *
 * Only the public fields may be read by the body; all of them are written
 * by the runtime.  The header is kept to 112 bytes (what a task uses
 * rarely, a #GCancellable or a result's destroy function, lives in a
 * block of its own) so that a million frames of a few locals each take
 * two cache lines apiece, not three.
 */
struct _LlCo
{
  /*< public >*/
  int                  line;
  guint8               state;
  guint8               wait;
  guint16              flags;
  gpointer             value;
  GError              *error;

  /*< private >*/
  LlCoFunc             func;
  LlScheduler         *sched;
  union
  {
    LlCo             **entry;
    LlCo              *next;
  }                    link;
  guint                index;
  guint                ref_count;
  LlCoCleanup          cleanup;
  union
  {
    gint64             deadline;
    GAsyncResult      *async_result;
    LlCo              *awaited;
  } u;
  LlCo                *waiters;
  guint                seq;
  guint                serial;
  struct _LlCoExtra   *extra;
  const char          *name;
  const char          *file;
};

/**
 * LL_CO_BEGIN:
 * @co: the #LlCo
 *
 * Opens the body: jumps to the resume point stored in @co.  Everything
 * between LL_CO_BEGIN() and LL_CO_END() is one `switch` statement, so a
 * C local does not survive a resume point; keep locals in the frame.
 */
#define LL_CO_BEGIN(co) \
  switch ((co)->line) \
    { \
    case 0:

/**
 * LL_CO_END:
 * @co: the #LlCo
 *
 * Closes the body.  Falling off the end returns: the coroutine finishes
 * with a %NULL result.
 */
#define LL_CO_END(co) \
    } \
  return ll_co_return ((co), NULL, NULL)

/**
 * LL_CO_YIELD:
 * @co: the #LlCo
 * @val: the value to hand out (a #gpointer; borrowed, not freed)
 *
 * Resume point: suspends and *returns* from the body.  In a generator,
 * @val becomes the return value of the ll_co_send() that resumed it, and
 * on the next resume @co->value holds the value sent in.  In a task it
 * puts the task at the back of the ready queue, and @val shows in the
 * event stream.  That is not a loop iteration: the scheduler resumes
 * ready tasks for a time slice (0.5 ms) per dispatch, so the next resume
 * may come in the same dispatch, even for a lone task.  Once the slice is
 * used up, every other ready source of the loop, of any priority (input,
 * timers, GTK's redraw, idles), runs before the next slice.  So unlike
 * asyncio's `await sleep(0)`, which always goes once round the loop, a
 * yield lets the other tasks run at once and the loop within 0.5 ms (plus
 * one resume, if resumes are long).
 *
 * If an error is thrown in (ll_co_throw()), or the coroutine is closed or
 * cancelled, it returns again at once: the coroutine finishes with that
 * error and its cleanup runs.  At most one resume point per source line.
 */
#define LL_CO_YIELD(co, val) \
  G_STMT_START { \
    (co)->value = (gpointer) (val); \
    (co)->line = __LINE__; \
    return LL_CO_STATUS_YIELDED; \
  case __LINE__: \
    if (G_UNLIKELY ((co)->error != NULL)) \
      return ll_co_unwind (co); \
  } G_STMT_END

/**
 * LL_CO_YIELD_CATCH:
 * @co: the #LlCo
 * @val: the value to hand out
 * @error_out: a `GError **` that receives an error thrown in by
 *   ll_co_throw() (owned by the body from then on)
 *
 * Like LL_CO_YIELD(), but an error thrown in with ll_co_throw() is caught
 * (Python's `try: x = yield v except E:`): it lands in @error_out and the
 * body carries on after the macro.  Closing and cancellation cannot be
 * caught: they still return from the body.
 */
#define LL_CO_YIELD_CATCH(co, val, error_out) \
  G_STMT_START { \
    (co)->value = (gpointer) (val); \
    (co)->line = __LINE__; \
    return LL_CO_STATUS_YIELDED; \
  case __LINE__: \
    if (G_UNLIKELY ((co)->error != NULL) && !ll_co_catch ((co), (error_out))) \
      return ll_co_unwind (co); \
  } G_STMT_END

/**
 * LL_CO_AWAIT:
 * @co: the #LlCo of a task
 * @call: a GIO `_async` call whose last three arguments are
 *   `ll_co_get_cancellable (co), ll_co_async_ready, co`
 *
 * Resume point: starts @call, suspends and *returns* from the body.  When
 * the operation completes, the task is queued; once resumed, call the
 * matching `_finish` with ll_co_get_async_result().  Cancelling the task
 * cancels the operation (through ll_co_get_cancellable()); the task then
 * finishes with %G_IO_ERROR_CANCELLED once the operation has returned, so
 * buffers in the frame stay valid until GIO is done with them.
 *
 * Most awaits are written with the short form, LL_CO_AWAIT_ASYNC(); this
 * one is for a call that takes its callback elsewhere than at the end.
 */
#define LL_CO_AWAIT(co, call) _LL_CO_AWAIT_NAMED ((co), #call, call)

#define _LL_CO_AWAIT_NAMED(co, name, call) \
  G_STMT_START { \
    if (!ll_co_await_begin ((co), (name))) \
      return ll_co_unwind (co); \
    (call); \
    (co)->line = __LINE__; \
    return LL_CO_STATUS_WAITING; \
  case __LINE__: \
    if (G_UNLIKELY ((co)->error != NULL)) \
      return ll_co_unwind (co); \
  } G_STMT_END

/**
 * LL_CO_AWAIT_ASYNC:
 * @co: the #LlCo of a task
 * @...: a GIO `_async` function, then its arguments but the last three
 *
 * The short form of LL_CO_AWAIT(): calls the function with the arguments
 * given and then the three every await passes, `ll_co_get_cancellable
 * (co), ll_co_async_ready, co`.  Read the outcome with LL_CO_RESULT().
 * The event stream names the await after the function.
 *
 * |[<!-- language="C" -->
 * LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
 *                    f->in, f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
 * f->n = g_input_stream_read_finish (f->in, LL_CO_RESULT (co), &f->error);
 * ]|
 */
#define LL_CO_AWAIT_ASYNC(co, ...) \
  _LL_CO_AWAIT_NAMED ((co), _LL_CO_FUNC_NAME (__VA_ARGS__, _), \
                      _LL_CO_CALL (__VA_ARGS__, ll_co_get_cancellable (co), \
                                   ll_co_async_ready, (co)))

/* The function first, its arguments after: works for a function whose
 * only arguments are the three the macro adds. */
#define _LL_CO_FUNC_NAME(async_func, ...) #async_func
#define _LL_CO_CALL(async_func, ...) async_func (__VA_ARGS__)

/**
 * LL_CO_RESULT:
 * @co: the #LlCo of a task
 *
 * The #GAsyncResult of the operation the task last awaited, to pass to
 * its `_finish` function: ll_co_get_async_result().
 */
#define LL_CO_RESULT(co) (ll_co_get_async_result (co))

/**
 * LL_CO_SLEEP:
 * @co: the #LlCo of a task
 * @msec: how long, in milliseconds of the scheduler's clock
 *
 * Resume point: suspends the task for @msec and *returns* from the body.
 * Nothing blocks: the other tasks and sources of the loop run meanwhile.
 * A sleep of 0 is a yield.  Cancelling the task ends the sleep at once.
 */
#define LL_CO_SLEEP(co, msec) \
  G_STMT_START { \
    if (!ll_co_sleep_begin ((co), (msec))) \
      return ll_co_unwind (co); \
    (co)->line = __LINE__; \
    return LL_CO_STATUS_WAITING; \
  case __LINE__: \
    if (G_UNLIKELY ((co)->error != NULL)) \
      return ll_co_unwind (co); \
  } G_STMT_END

/**
 * LL_CO_AWAIT_CO:
 * @co: the #LlCo of a task
 * @other: the #LlCo to wait for (Python's `await` / `yield from`)
 *
 * Resume point: if @other has not finished, suspends until it does and
 * *returns* from the body.  A coroutine never spawned is spawned on the
 * same scheduler first.  Afterwards read the outcome with ll_co_finish().
 * The body must hold its own reference to @other to read it.  Cancelling
 * the task cancels @other too.
 */
#define LL_CO_AWAIT_CO(co, other) \
  G_STMT_START { \
    _LL_CO_AWAIT_CO_NO_UNWIND ((co), (other)); \
    if (G_UNLIKELY ((co)->error != NULL)) \
      return ll_co_unwind (co); \
  } G_STMT_END

/* LL_CO_AWAIT_CO() without its unwinding, for a task group: cancelled,
 * it goes on awaiting its tasks until they have unwound. */
#define _LL_CO_AWAIT_CO_NO_UNWIND(co, other) \
  G_STMT_START { \
    if (ll_co_await_co_begin ((co), (other))) \
      { \
        (co)->line = __LINE__; \
        return LL_CO_STATUS_WAITING; \
      case __LINE__: \
        ; \
      } \
  } G_STMT_END

#define LL_TYPE_CO (ll_co_get_type ())

GType        ll_co_get_type             (void) G_GNUC_CONST;
GQuark       ll_co_error_quark          (void);

LlCo        *ll_co_alloc                (gsize           frame_size,
                                         LlCoFunc        func,
                                         LlCoCleanup     cleanup,
                                         const char     *name,
                                         const char     *file);

/**
 * ll_co_new:
 * @FrameType: the frame struct; its first member must be `LlCo co`
 * @func: the body, an #LlCoFunc
 * @cleanup: (nullable): an #LlCoCleanup
 *
 * Allocates a zeroed frame with one reference.  The coroutine is named
 * after @func until ll_co_set_name(), and remembers the source file for
 * the step debugger.
 *
 * Returns: (transfer full): the new frame, as a `FrameType *`
 */
#define ll_co_new(FrameType, func, cleanup) \
  (G_STATIC_ASSERT_EXPR (G_STRUCT_OFFSET (FrameType, co) == 0), \
   (FrameType *) ll_co_alloc (sizeof (FrameType), (func), (cleanup), \
                              #func, __FILE__))

LlCo        *ll_co_ref                  (LlCo           *co);
void         ll_co_unref                (LlCo           *co);

/* Generators: ll_co_send() is inline, below */
gpointer     ll_co_throw                (LlCo           *co,
                                         GError         *thrown,
                                         GError        **error);
void         ll_co_close                (LlCo           *co);

/* Introspection */
const char   *ll_co_get_name            (LlCo           *co);
void          ll_co_set_name            (LlCo           *co,
                                         const char     *name);
LlCoState     ll_co_get_state           (LlCo           *co);
int           ll_co_get_line            (LlCo           *co);
const char   *ll_co_get_file            (LlCo           *co);
const char   *ll_co_state_to_string     (LlCoState       state);
const char   *ll_co_wait_to_string      (LlCoWait        wait);

/* Finishing, unwinding and the send's slow paths are marked cold: a
 * coroutine finishes once but resumes many times, so the compiler lays
 * the body and the send loop out with the resume as the straight path
 * (no taken branch into a tail call).  That is worth a third of a send. */
#if defined(__GNUC__) || defined(__clang__)
# define _LL_CO_COLD __attribute__((cold))
#else
# define _LL_CO_COLD
#endif

/* For the body: finishing */
LlCoStatus    ll_co_return              (LlCo           *co,
                                         gpointer        result,
                                         GDestroyNotify  result_destroy) _LL_CO_COLD;
LlCoStatus    ll_co_fail                (LlCo           *co,
                                         GError         *error) _LL_CO_COLD;

/* For the resume-point macros only */
LlCoStatus    ll_co_unwind              (LlCo           *co) _LL_CO_COLD;
gboolean      ll_co_catch               (LlCo           *co,
                                         GError        **error_out);

/* For the inline ll_co_send() only */
gpointer      _ll_co_send_slow          (LlCo           *co,
                                         gpointer        value,
                                         GError        **error) _LL_CO_COLD;
gpointer      _ll_co_send_stopped       (LlCo           *co,
                                         LlCoStatus      status,
                                         GError        **error) _LL_CO_COLD;

/* A task's scheduler resumes it; a watched generator reports events. */
#define _LL_CO_FLAGS_NOT_BY_HAND (1 << 0 | 1 << 1)

/**
 * ll_co_send:
 * @co: a generator
 * @value: (nullable): the value the body receives in @co->value; %NULL to
 *   prime a generator that never ran
 * @error: return location for a #GError
 *
 * Resumes @co with @value and runs it to its next yield, as Python's
 * `gen.send(value)`.  The first send primes the generator: it runs the
 * body from the top to the first yield, and must send %NULL.
 *
 * If the body returns instead of yielding, @co is finished: this returns
 * %NULL and ll_co_finish() gives the result.  If the body fails, this
 * returns %NULL with its error.  A coroutine that is running, finished or
 * a task refuses the send with an %LL_CO_ERROR.
 *
 * Inline, because it is the whole cost of a generator switch: a send
 * into a suspended generator is a few stores around a direct call into
 * the body, with no call into another file.  Everything else (priming,
 * refusals, events, finishing) goes through _ll_co_send_slow() and
 * _ll_co_send_stopped(), which behave exactly as a send always has.
 *
 * Returns: (transfer none) (nullable): the value yielded
 */
static inline gpointer
ll_co_send (LlCo      *co,
            gpointer   value,
            GError   **error)
{
  if (G_LIKELY (co != NULL && (error == NULL || *error == NULL) &&
                co->state == LL_CO_STATE_SUSPENDED &&
                (co->flags & _LL_CO_FLAGS_NOT_BY_HAND) == 0))
    {
      LlCoStatus status;

      co->value = value;
      co->state = LL_CO_STATE_RUNNING;
      co->wait = LL_CO_WAIT_NONE;
      status = co->func (co);
      if (G_LIKELY (status == LL_CO_STATUS_YIELDED))
        {
          co->state = LL_CO_STATE_SUSPENDED;
          co->wait = LL_CO_WAIT_YIELD;
          return co->value;
        }

      return _ll_co_send_stopped (co, status, error);
    }

  return _ll_co_send_slow (co, value, error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCo, ll_co_unref)

G_END_DECLS

/* The functions the task macros above expand to. */
#include "ll-task.h"
