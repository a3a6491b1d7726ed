/* ll-scheduler.c: tasks on a GMainContext
 *
 * One GSource does the scheduling.  Its dispatch expires the timer wheel
 * into the ready queue, then resumes ready tasks one after another for up
 * to a time slice (0.5 ms by default) and returns to the loop, so a task
 * switch costs a queue pop and a function call, not a loop iteration.
 * After a slice that left tasks ready, every other source of the context
 * that is ready runs before the next slice, whatever its priority (two
 * companion sources see to it: "The loop's turn"), so a task that never
 * stops yielding still leaves GTK drawing every frame.  Every resume
 * starts from a dispatch (or from a debugger's step), never from inside
 * another coroutine, so the C stack stays flat however long the chain of
 * resumes.
 *
 * A virtual clock adds a second source at %G_PRIORITY_LOW: it is ready
 * only when no task is ready, none awaits GIO and something sleeps, and
 * its dispatch jumps the clock to the next deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include <string.h>

#include "ll-co-private.h"
#include "ll-frame-pool.h"
#include "ll-timer-wheel.h"

/* Half a millisecond: a timer of the same loop that comes due while the
 * scheduler runs waits at most that long for it, and the loop's turn
 * costs a few microseconds, 1 % of the slice.  (1 ms left a 10 ms timer
 * beside a million sleepers a millisecond later at its 99th percentile.) */
#define DEFAULT_TIME_SLICE (G_TIME_SPAN_MILLISECOND / 2)

/* The longest the loop's turn lasts before the tasks take theirs back:
 * one frame at 60 Hz.  Every source that is ready only now and then (a
 * frame's layout and paint, an input event, a GIO completion) is done
 * long before; a source still ready after a whole frame is one that is
 * always ready (an idle that never returns G_SOURCE_REMOVE), which would
 * otherwise starve the tasks forever.  Against such a source the tasks
 * still run a slice per frame. */
#define MAX_LOOP_TURN (G_TIME_SPAN_SECOND / 60)

/* Reading the clock costs about as much as a switch, so the time slice is
 * checked every this many resumes. */
#define SLICE_CHECK_INTERVAL 32

/* How far ahead of the task it resumes run_ready() fetches: frames, and
 * once a frame has arrived, its entry in the table of tasks, which it
 * clears when it finishes.  A cache miss on a busy virtual machine costs
 * as much as tens of resumes, so the distances are long. */
#define PREFETCH_FRAMES 24
#define PREFETCH_TABLE  12

/* The table of tasks comes in segments of this many, by spawn order. */
#define TABLE_SEGMENT 1024

typedef struct
{
  GSource      source;
  LlScheduler *self;
} SchedulerSource;

/* Between two slices that left tasks ready, the loop's other sources take
 * their turn, in two stages (see "The loop's turn" below). */
typedef enum
{
  TURN_NONE,    /* the scheduler source runs tasks whenever they are ready */
  TURN_PEERS,   /* sources at the scheduler's priority or above go first */
  TURN_LOWER,   /* then every lower one that is ready */
} LoopTurn;

/* The table of live tasks, oldest first.  A list linked through the
 * frames would cost a finishing task two cache misses (its neighbours);
 * an array indexed by spawn serial costs one, and none in its header. */
typedef struct
{
  LlCo  **tasks;      /* TABLE_SEGMENT of them, NULL once finished */
  guint   n_live;
} TableSegment;

struct _LlScheduler
{
  GObject        parent_instance;

  /* Owned references */
  GMainContext  *context;
  GSource       *source;
  GSource       *jump_source;
  GSource       *peer_source;    /* at the scheduler's priority + 1 */
  GSource       *turn_source;    /* at G_MAXINT */
  LlTimerWheel  *wheel;
  GAsyncResult  *async_result;   /* of the running task's last await */

  /* The event stream */
  LlCoEventFunc  event_func;
  gpointer       event_data;
  GDestroyNotify event_destroy;

  /* Tasks: each live task is in the table (and owned by it), and in at
   * most one of ready and the wheel. */
  LlCoQueue      ready;
  TableSegment  *table;          /* by (serial - table_base) / TABLE_SEGMENT */
  guint          table_len;
  guint          table_alloc;
  guint          table_base;     /* the serial of table[0].tasks[0] */
  guint          next_serial;
  LlCo          *current;
  guint          n_tasks;
  guint          n_external;     /* tasks awaiting GIO */
  guint          finish_seq;

  LlClock        clock;
  gint64         virtual_now;
  gint64         time_slice;

  /* The loop's turn: since when, and how many times the scheduler source
   * was prepared in it */
  gint64         turn_since;
  guint          turn_prepares;
  guint          turn : 2;

  guint          fair : 1;
  guint          step_mode : 1;
  guint          disposed : 1;
};

G_DEFINE_FINAL_TYPE (LlScheduler, ll_scheduler, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LlClock, ll_clock,
  G_DEFINE_ENUM_VALUE (LL_CLOCK_MONOTONIC, "monotonic"),
  G_DEFINE_ENUM_VALUE (LL_CLOCK_VIRTUAL, "virtual"))

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
  event.time = ll_scheduler_get_time (self);
  event.value = co->value;
  event.wait = co->wait;
  event.line = co->line;
  event.error = co->error;

  self->event_func (&event, self->event_data);
}

static inline void
emit (LlScheduler   *self,
      LlCoEventKind  kind,
      LlCo          *co)
{
  if (G_UNLIKELY (self->event_func != NULL))
    _ll_scheduler_emit (self, kind, co);
}

/* The table of tasks */

/* Frees the segments that hold no task and will get none, and drops the
 * leading ones from the table. */
static void
table_trim (LlScheduler *self)
{
  guint filled = self->next_serial - self->table_base;
  guint n = 0;
  guint i;

  for (i = 0; i < self->table_len; i++)
    {
      TableSegment *seg = &self->table[i];
      gboolean full = (i + 1) * TABLE_SEGMENT <= filled;

      if (seg->tasks != NULL && seg->n_live == 0 && full)
        g_clear_pointer (&seg->tasks, g_free);
    }

  while (n < self->table_len && self->table[n].tasks == NULL &&
         (n + 1) * TABLE_SEGMENT <= filled)
    n++;
  if (n == 0)
    return;

  memmove (self->table, self->table + n, (self->table_len - n) * sizeof (TableSegment));
  self->table_len -= n;
  self->table_base += n * TABLE_SEGMENT;
}

static void
table_add (LlScheduler *self,
           LlCo        *co)
{
  guint pos;
  guint s;

  if (self->table_len == 0)
    self->table_base = self->next_serial;

  co->serial = self->next_serial++;
  pos = co->serial - self->table_base;
  s = pos / TABLE_SEGMENT;

  if (s == self->table_len)
    {
      if (self->table_len == self->table_alloc)
        {
          self->table_alloc = MAX (8, self->table_alloc * 2);
          self->table = g_renew (TableSegment, self->table, self->table_alloc);
        }
      self->table[s].tasks = g_new0 (LlCo *, TABLE_SEGMENT);
      self->table[s].n_live = 0;
      self->table_len++;

      /* The segment before is full now: free it if it is empty. */
      if (s > 0 && self->table[s - 1].n_live == 0)
        table_trim (self);
      s = (co->serial - self->table_base) / TABLE_SEGMENT;
    }

  g_assert (s < self->table_len && self->table[s].tasks != NULL);

  self->table[s].tasks[pos % TABLE_SEGMENT] = co;
  self->table[s].n_live++;
  self->n_tasks++;
}

static void
table_remove (LlScheduler *self,
              LlCo        *co)
{
  guint pos = co->serial - self->table_base;
  TableSegment *seg = &self->table[pos / TABLE_SEGMENT];

  /* Not reading the entry back: it is a cache miss, the store is not. */
  g_assert (pos / TABLE_SEGMENT < self->table_len);

  seg->tasks[pos % TABLE_SEGMENT] = NULL;
  self->n_tasks--;
  if (--seg->n_live == 0)
    table_trim (self);
}

/* Adds every live task to @tasks, oldest first (no reference taken). */
static void
table_collect (LlScheduler *self,
               GPtrArray   *tasks)
{
  guint i, j;

  for (i = 0; i < self->table_len; i++)
    {
      TableSegment *seg = &self->table[i];

      if (seg->tasks == NULL || seg->n_live == 0)
        continue;
      for (j = 0; j < TABLE_SEGMENT; j++)
        if (seg->tasks[j] != NULL)
          g_ptr_array_add (tasks, seg->tasks[j]);
    }
}

static void
table_clear (LlScheduler *self)
{
  guint i;

  for (i = 0; i < self->table_len; i++)
    g_free (self->table[i].tasks);
  g_clear_pointer (&self->table, g_free);
  self->table_len = self->table_alloc = 0;
  self->n_tasks = 0;
}

/* Running tasks */

static void
task_finish (LlScheduler *self,
             LlCo        *co)
{
  LlCo *waiter;
  LlCo *next;

  co->state = LL_CO_STATE_FINISHED;
  co->wait = LL_CO_WAIT_NONE;
  co->seq = ++self->finish_seq;

  _ll_co_run_cleanup (co);

  /* Wake whoever awaits it, in the order they started waiting. */
  for (waiter = co->waiters; waiter != NULL; waiter = next)
    {
      next = waiter->link.next;
      waiter->u.awaited = NULL;
      waiter->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&waiter->sched->ready, waiter);
    }
  co->waiters = NULL;

  emit (self, _ll_co_finish_kind (co), co);

  table_remove (self, co);

  ll_co_unref (co);

  /* Idle: the slabs of the frames that just went can go too. */
  if (self->n_tasks == 0)
    ll_frame_pool_trim ();
}

/* A cancelled task that is suspended: make it resume soon, so its resume
 * point unwinds.  Returns the coroutine it awaits, to cancel next. */
static LlCo *
cancel_wake (LlCo *co)
{
  LlScheduler *self = co->sched;

  if (co->state != LL_CO_STATE_SUSPENDED)
    return NULL;

  switch ((LlCoWait) co->wait)
    {
    case LL_CO_WAIT_SLEEP:
      /* Its slot may have been spliced into the ready queue already. */
      if (!ll_timer_wheel_has_expired (self->wheel, co))
        {
          ll_timer_wheel_remove (self->wheel, co);
          ll_co_queue_push (&self->ready, co);
        }
      co->wait = LL_CO_WAIT_READY;
      return NULL;

    case LL_CO_WAIT_CO:
      return co->u.awaited;

    case LL_CO_WAIT_ASYNC:    /* its cancellable is cancelled: GIO calls back */
    case LL_CO_WAIT_READY:
    case LL_CO_WAIT_YIELD:
    case LL_CO_WAIT_NONE:
    default:
      return NULL;
    }
}

/* A loop, not recursion: cancelling the top of a chain of a hundred
 * thousand awaits must not need a hundred thousand C frames. */
void
_ll_scheduler_cancel (LlCo *co)
{
  while (co != NULL &&
         co->state != LL_CO_STATE_FINISHED &&
         !(co->flags & LL_CO_FLAG_CANCELLED))
    {
      co->flags |= LL_CO_FLAG_CANCELLED;
      if (co->error == NULL)
        co->error = _ll_co_cancelled_error ();
      if (ll_co_peek_cancellable (co) != NULL)
        g_cancellable_cancel (co->extra->cancellable);

      co = (co->flags & LL_CO_FLAG_TASK) ? cancel_wake (co) : NULL;
    }
}

/* What @co waits for.  A sleeper that the wheel has spliced into the
 * ready queue still says LL_CO_WAIT_SLEEP until it runs (see
 * ll-timer-wheel.c); to everyone who asks it is ready. */
LlCoWait
_ll_scheduler_get_wait (LlCo *co)
{
  if (co->wait == LL_CO_WAIT_SLEEP &&
      co->state == LL_CO_STATE_SUSPENDED &&
      co->sched != NULL && co->sched->wheel != NULL &&
      ll_timer_wheel_has_expired (co->sched->wheel, co))
    return LL_CO_WAIT_READY;

  return co->wait;
}

static void
task_resume (LlScheduler *self,
             LlCo        *co)
{
  LlCoStatus status;

  if (G_UNLIKELY (co->flags & (LL_CO_FLAG_CANCELLED | LL_CO_FLAG_ASYNC_RESULT)))
    {
      /* Cancelled before it ever ran: its body never starts. */
      if (co->state == LL_CO_STATE_CREATED)
        {
          co->value = NULL;
          task_finish (self, co);
          return;
        }
      if (co->flags & LL_CO_FLAG_ASYNC_RESULT)
        {
          self->async_result = co->u.async_result;
          co->flags &= ~LL_CO_FLAG_ASYNC_RESULT;
        }
    }

  co->state = LL_CO_STATE_RUNNING;
  co->wait = LL_CO_WAIT_NONE;
  co->value = NULL;
  emit (self, LL_CO_EVENT_RESUMED, co);

  self->current = co;
  status = co->func (co);
  self->current = NULL;

  if (G_UNLIKELY (self->async_result != NULL))
    g_clear_object (&self->async_result);

  if (G_LIKELY (status == LL_CO_STATUS_YIELDED))
    {
      co->state = LL_CO_STATE_SUSPENDED;
      co->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&self->ready, co);
      emit (self, LL_CO_EVENT_SUSPENDED, co);
    }
  else if (status == LL_CO_STATUS_WAITING)
    {
      co->state = LL_CO_STATE_SUSPENDED;
      if (G_UNLIKELY (co->wait == LL_CO_WAIT_NONE))
        {
          g_critical ("Task “%s” returned LL_CO_STATUS_WAITING without awaiting",
                      ll_co_get_name (co));
          co->wait = LL_CO_WAIT_READY;
          ll_co_queue_push (&self->ready, co);
        }
      emit (self, LL_CO_EVENT_SUSPENDED, co);

      /* It cancelled itself, or was cancelled, while running. */
      if (G_UNLIKELY (co->flags & LL_CO_FLAG_CANCELLED))
        _ll_scheduler_cancel (cancel_wake (co));
    }
  else
    {
      task_finish (self, co);
    }
}

static inline void
prefetch_for_write (gconstpointer p)
{
#if defined(__GNUC__)
  __builtin_prefetch (p, 1);
#endif
}

/* Starts fetching the first 192 bytes of a frame: its header and the
 * first locals, on up to four cache lines. */
static inline void
prefetch_frame (LlCo *co)
{
  prefetch_for_write (co);
  prefetch_for_write ((char *) co + 63);
  prefetch_for_write ((char *) co + 127);
  prefetch_for_write ((char *) co + 191);
}

/* Starts fetching the entry of the table that task_finish() will clear. */
static inline void
prefetch_table_entry (LlScheduler *self,
                      LlCo        *co)
{
  guint pos = co->serial - self->table_base;

  if (pos / TABLE_SEGMENT < self->table_len && self->table[pos / TABLE_SEGMENT].tasks != NULL)
    prefetch_for_write (&self->table[pos / TABLE_SEGMENT].tasks[pos % TABLE_SEGMENT]);
}

/* Runs ready tasks until none is left or the time slice is used up. */
static void
run_ready (LlScheduler *self)
{
  gint64 stop = g_get_monotonic_time () + self->time_slice;
  guint n = 0;
  LlCo *co;

  while (!self->step_mode && (co = ll_co_queue_pop (&self->ready)) != NULL)
    {
      /* A crowd of sleepers wakes in no order of memory: each frame is a
       * cache miss.  Fetch well ahead, so that the misses overlap.  A few
       * tasks taking turns stay in the cache: no need. */
      if (self->ready.length >= PREFETCH_FRAMES)
        {
          LlCo *ahead;

          ahead = ll_co_queue_peek_ahead (&self->ready, PREFETCH_FRAMES - 1);
          if (ahead != NULL)
            prefetch_frame (ahead);
          ahead = ll_co_queue_peek_ahead (&self->ready, PREFETCH_TABLE - 1);
          if (ahead != NULL)
            prefetch_table_entry (self, ahead);
        }

      task_resume (self, co);

      if (G_UNLIKELY (++n % SLICE_CHECK_INTERVAL == 0) &&
          g_get_monotonic_time () >= stop)
        break;
    }
}

/* Tasks start GIO operations, which call back on the thread-default
 * context: make it ours while they run. */
static gboolean
push_context (LlScheduler *self)
{
  GMainContext *thread_default = g_main_context_get_thread_default ();

  if (thread_default == NULL)
    thread_default = g_main_context_default ();
  if (thread_default == self->context)
    return FALSE;

  g_main_context_push_thread_default (self->context);

  return TRUE;
}

/* The scheduler source */

static inline gint64
clock_now (LlScheduler *self)
{
  return self->clock == LL_CLOCK_VIRTUAL ? self->virtual_now : g_get_monotonic_time ();
}

/* The time prepare and check compare deadlines with: the real clock is
 * read once per loop iteration. */
static inline gint64
source_now (LlScheduler *self,
            GSource     *source)
{
  return self->clock == LL_CLOCK_VIRTUAL ? self->virtual_now : g_source_get_time (source);
}

/* Queues the sleepers that are due: O(1) per slot, however crowded. */
static void
expire_timers (LlScheduler *self)
{
  if (self->wheel != NULL)
    ll_timer_wheel_advance (self->wheel, clock_now (self) / G_TIME_SPAN_MILLISECOND,
                            &self->ready);
}

static gint64
next_deadline (LlScheduler *self)
{
  gint64 next;

  if (self->wheel == NULL || ll_timer_wheel_get_size (self->wheel) == 0)
    return G_MAXINT64;

  next = ll_timer_wheel_next (self->wheel);

  return next * G_TIME_SPAN_MILLISECOND;
}

/* The loop's turn
 *
 * GLib dispatches, in each iteration, only the ready sources of the
 * highest priority.  A scheduler source that is ready whenever a task is
 * would keep every source of a lower priority from running while one task
 * keeps yielding: GTK's layout and paint (GDK_PRIORITY_REDRAW), idles,
 * the completions of GTasks returned at a low priority.  So after a slice
 * that left tasks ready, the scheduler source says it is not ready, and
 * the loop takes a turn in two stages:
 *
 * - TURN_PEERS: the peer source, one priority below the scheduler's, is
 *   ready.  If it is dispatched, no source of the scheduler's priority or
 *   above was ready: on to TURN_LOWER.  If instead the scheduler source
 *   is prepared a second time, a peer of its priority (or a higher one)
 *   ran in between: the tasks take their turn beside it, as they would as
 *   any source of that priority, and a peer that is always ready shares
 *   the loop with them instead of holding them back.
 * - TURN_LOWER: the turn source, at G_MAXINT, is ready; GLib dispatches it
 *   only in an iteration where nothing else is, that is once every ready
 *   source had its turn.  Its dispatch runs the next slice.
 *
 * Either way, after MAX_LOOP_TURN the scheduler source is ready again. */

static void
begin_loop_turn (LlScheduler *self,
                 GSource     *source)
{
  self->turn = TURN_PEERS;
  self->turn_prepares = 0;
  self->turn_since = g_source_get_time (source);
}

/* Whether the turn has lasted too long; else how long it may still last,
 * in milliseconds for a poll timeout. */
static gboolean
loop_turn_is_over (LlScheduler *self,
                   GSource     *source,
                   int         *timeout)
{
  gint64 left = self->turn_since + MAX_LOOP_TURN - g_source_get_time (source);

  if (left <= 0)
    return TRUE;

  *timeout = (int) ((left + 999) / 1000);

  return FALSE;
}

/* Expires the timers and runs a slice, then hands the loop its turn if
 * tasks are still ready. */
static void
run_slice (LlScheduler *self,
           GSource     *source)
{
  gboolean pushed;

  g_object_ref (self);

  self->turn = TURN_NONE;
  expire_timers (self);

  pushed = push_context (self);
  run_ready (self);
  if (pushed)
    g_main_context_pop_thread_default (self->context);

  if (self->fair && !self->step_mode && self->ready.length > 0 && !self->disposed)
    begin_loop_turn (self, source);

  g_object_unref (self);
}

static gboolean
scheduler_source_ready (LlScheduler *self,
                        GSource     *source,
                        int         *timeout)
{
  gint64 deadline;
  gint64 now;

  *timeout = -1;

  if (self->turn != TURN_NONE)
    return loop_turn_is_over (self, source, timeout);

  if (self->ready.length > 0 && !self->step_mode)
    {
      *timeout = 0;
      return TRUE;
    }

  deadline = next_deadline (self);
  if (deadline == G_MAXINT64)
    return FALSE;

  now = source_now (self, source);
  if (deadline <= now)
    {
      *timeout = 0;
      return TRUE;
    }

  /* A virtual clock moves by jumps, not by waiting. */
  if (self->clock == LL_CLOCK_MONOTONIC)
    *timeout = (int) MIN ((deadline - now + 999) / 1000, G_MAXINT);

  return FALSE;
}

static gboolean
scheduler_source_prepare (GSource *source,
                          int     *timeout)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;

  /* Prepared again without the peer source dispatched: a peer ran. */
  if (self->turn == TURN_PEERS && self->turn_prepares++ > 0)
    {
      *timeout = 0;
      return TRUE;
    }

  return scheduler_source_ready (self, source, timeout);
}

static gboolean
scheduler_source_check (GSource *source)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;
  int timeout;

  return scheduler_source_ready (self, source, &timeout);
}

static gboolean
scheduler_source_dispatch (GSource     *source,
                           GSourceFunc  callback,
                           gpointer     user_data)
{
  run_slice (((SchedulerSource *) source)->self, source);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs scheduler_source_funcs = {
  .prepare = scheduler_source_prepare,
  .check = scheduler_source_check,
  .dispatch = scheduler_source_dispatch,
};

/* The peer source and the turn source are ready in their stage of the
 * turn.  GLib may dispatch one that was ready in an earlier iteration,
 * after the stage has ended: their dispatch checks it again. */

static gboolean
peer_source_prepare (GSource *source,
                     int     *timeout)
{
  gboolean ready = ((SchedulerSource *) source)->self->turn == TURN_PEERS;

  *timeout = ready ? 0 : -1;

  return ready;
}

static gboolean
peer_source_check (GSource *source)
{
  return ((SchedulerSource *) source)->self->turn == TURN_PEERS;
}

static gboolean
peer_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;

  if (self->turn == TURN_PEERS)
    self->turn = TURN_LOWER;

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs peer_source_funcs = {
  .prepare = peer_source_prepare,
  .check = peer_source_check,
  .dispatch = peer_source_dispatch,
};

static gboolean
turn_source_prepare (GSource *source,
                     int     *timeout)
{
  gboolean ready = ((SchedulerSource *) source)->self->turn == TURN_LOWER;

  *timeout = ready ? 0 : -1;

  return ready;
}

static gboolean
turn_source_check (GSource *source)
{
  return ((SchedulerSource *) source)->self->turn == TURN_LOWER;
}

static gboolean
turn_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;

  if (self->turn == TURN_LOWER)
    run_slice (self, source);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs turn_source_funcs = {
  .prepare = turn_source_prepare,
  .check = turn_source_check,
  .dispatch = turn_source_dispatch,
};

/* The virtual clock's jump source */

static gboolean
should_jump (LlScheduler *self)
{
  return self->ready.length == 0 &&
         self->n_external == 0 &&
         self->wheel != NULL &&
         ll_timer_wheel_get_size (self->wheel) > 0;
}

static gboolean
jump_source_prepare (GSource *source,
                     int     *timeout)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;
  gboolean ready = should_jump (self);

  *timeout = ready ? 0 : -1;

  return ready;
}

static gboolean
jump_source_check (GSource *source)
{
  return should_jump (((SchedulerSource *) source)->self);
}

static gboolean
jump_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((SchedulerSource *) source)->self;
  gint64 next;

  if (!should_jump (self))
    return G_SOURCE_CONTINUE;

  next = ll_timer_wheel_next (self->wheel);
  self->virtual_now = MAX (self->virtual_now, next * G_TIME_SPAN_MILLISECOND);
  expire_timers (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs jump_source_funcs = {
  .prepare = jump_source_prepare,
  .check = jump_source_check,
  .dispatch = jump_source_dispatch,
};

static GSource *
scheduler_source_new (LlScheduler  *self,
                      GSourceFuncs *funcs,
                      const char   *name,
                      int           priority)
{
  GSource *source = g_source_new (funcs, sizeof (SchedulerSource));

  ((SchedulerSource *) source)->self = self;
  g_source_set_static_name (source, name);
  g_source_set_priority (source, priority);
  g_source_attach (source, self->context);

  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Resume-point helpers, called from the macros in ll-co.h */

static gboolean
refuse_outside_task (LlCo       *co,
                     const char *what)
{
  if (G_LIKELY (co->flags & LL_CO_FLAG_TASK))
    return FALSE;

  g_clear_error (&co->error);
  co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                           "Coroutine “%s” cannot %s: it is not a task",
                           ll_co_get_name (co), what);

  return TRUE;
}

/**
 * ll_co_await_begin:
 * @co: the running coroutine
 * @call: the text of the awaited call
 *
 * For LL_CO_AWAIT().
 *
 * Returns: %FALSE if @co is not a task (then @co->error says so)
 */
gboolean
ll_co_await_begin (LlCo       *co,
                   const char *call)
{
  if (refuse_outside_task (co, "await GIO"))
    return FALSE;

  co->wait = LL_CO_WAIT_ASYNC;
  co->value = (gpointer) call;
  co->sched->n_external++;

  return TRUE;
}

/**
 * ll_co_async_ready:
 * @source_object: (nullable): the object of the operation
 * @result: its result
 * @user_data: the #LlCo that awaits it
 *
 * The #GAsyncReadyCallback to give every operation awaited with
 * LL_CO_AWAIT(), with the coroutine as user data.  It queues the task;
 * the task calls the `_finish` function once resumed.
 */
void
ll_co_async_ready (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LlCo *co = user_data;
  LlScheduler *self = co->sched;

  g_return_if_fail (co->wait == LL_CO_WAIT_ASYNC);

  /* Its scheduler went away while GIO still used the frame: now that GIO
   * is done, finish it. */
  if (G_UNLIKELY (co->flags & LL_CO_FLAG_ORPHAN))
    {
      co->state = LL_CO_STATE_FINISHED;
      co->wait = LL_CO_WAIT_NONE;
      co->value = NULL;
      _ll_co_run_cleanup (co);
      ll_co_unref (co);
      return;
    }

  self->n_external--;
  co->u.async_result = g_object_ref (result);
  co->flags |= LL_CO_FLAG_ASYNC_RESULT;
  co->wait = LL_CO_WAIT_READY;
  ll_co_queue_push (&self->ready, co);
}

/**
 * ll_co_get_async_result:
 * @co: the running task
 *
 * The result of the operation the task just awaited with LL_CO_AWAIT(),
 * for its `_finish` function.  Valid until the task suspends again.
 *
 * Returns: (transfer none) (nullable): the #GAsyncResult
 */
GAsyncResult *
ll_co_get_async_result (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (co->sched != NULL && co->sched->current == co, NULL);

  return co->sched->async_result;
}

/**
 * ll_co_sleep_begin:
 * @co: the running coroutine
 * @msec: milliseconds
 *
 * For LL_CO_SLEEP().
 *
 * Returns: %FALSE if @co is not a task (then @co->error says so)
 */
gboolean
ll_co_sleep_begin (LlCo  *co,
                   guint  msec)
{
  LlScheduler *self;
  gint64 now;

  if (refuse_outside_task (co, "sleep"))
    return FALSE;

  self = co->sched;

  if (msec == 0)
    {
      co->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&self->ready, co);
      return TRUE;
    }

  /* Bring the wheel up to now first, so the deadline lands in the window. */
  now = clock_now (self);
  if (self->wheel == NULL)
    self->wheel = ll_timer_wheel_new (now / G_TIME_SPAN_MILLISECOND);
  else
    ll_timer_wheel_advance (self->wheel, now / G_TIME_SPAN_MILLISECOND, &self->ready);

  /* Round the deadline up to the tick: a sleep never ends early. */
  co->wait = LL_CO_WAIT_SLEEP;
  ll_timer_wheel_insert (self->wheel, co,
                         (now + (gint64) msec * G_TIME_SPAN_MILLISECOND + 999) /
                         G_TIME_SPAN_MILLISECOND);

  return TRUE;
}

/**
 * ll_co_await_co_begin:
 * @co: the running coroutine
 * @other: the coroutine to await
 *
 * For LL_CO_AWAIT_CO().
 *
 * Returns: %TRUE if @co must suspend; %FALSE if @other has finished, or
 *   on an error (then @co->error says so)
 */
gboolean
ll_co_await_co_begin (LlCo *co,
                      LlCo *other)
{
  LlCo **link;

  if (refuse_outside_task (co, "await"))
    return FALSE;

  if (other == NULL || other == co)
    {
      g_clear_error (&co->error);
      co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                               "Task “%s” cannot await %s",
                               ll_co_get_name (co), other ? "itself" : "NULL");
      return FALSE;
    }

  if (other->state == LL_CO_STATE_FINISHED)
    return FALSE;

  if (!(other->flags & LL_CO_FLAG_TASK))
    {
      if (other->state != LL_CO_STATE_CREATED || (other->flags & LL_CO_FLAG_WATCHED))
        {
          g_clear_error (&co->error);
          co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                                   "Task “%s” cannot await “%s”: it is a generator",
                                   ll_co_get_name (co), ll_co_get_name (other));
          return FALSE;
        }

      ll_scheduler_spawn (co->sched, other);
      if (other->state == LL_CO_STATE_FINISHED)
        return FALSE;
    }

  for (link = &other->waiters; *link != NULL; link = &(*link)->link.next)
    ;
  co->link.next = NULL;
  *link = co;
  co->u.awaited = other;
  co->wait = LL_CO_WAIT_CO;

  return TRUE;
}

/* GObject */

static void
ll_scheduler_constructed (GObject *object)
{
  LlScheduler *self = LL_SCHEDULER (object);

  G_OBJECT_CLASS (ll_scheduler_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();

  self->source = scheduler_source_new (self, &scheduler_source_funcs,
                                       "LlScheduler", G_PRIORITY_DEFAULT);
  self->peer_source = scheduler_source_new (self, &peer_source_funcs,
                                            "LlScheduler loop turn (peers)",
                                            G_PRIORITY_DEFAULT + 1);
  self->turn_source = scheduler_source_new (self, &turn_source_funcs,
                                            "LlScheduler loop turn",
                                            G_MAXINT);
  if (self->clock == LL_CLOCK_VIRTUAL)
    self->jump_source = scheduler_source_new (self, &jump_source_funcs,
                                              "LlScheduler virtual clock",
                                              G_PRIORITY_LOW);
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

  clear_source (&self->source);
  clear_source (&self->jump_source);
  clear_source (&self->peer_source);
  clear_source (&self->turn_source);

  /* Detach every live task before any cleanup runs, so that a cleanup
   * touching another task finds it whole and finished-to-be. */
  table_collect (self, tasks);
  table_clear (self);
  ll_co_queue_clear (&self->ready);
  g_clear_pointer (&self->wheel, ll_timer_wheel_free);

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
  table_clear (self);
  g_clear_pointer (&self->wheel, ll_timer_wheel_free);
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
 * ll_scheduler_get_clock:
 * @self: a scheduler
 *
 * Returns: where @self's time comes from
 */
LlClock
ll_scheduler_get_clock (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), LL_CLOCK_MONOTONIC);

  return self->clock;
}

/**
 * ll_scheduler_get_time:
 * @self: a scheduler
 *
 * Returns: the scheduler's clock, in microseconds: the monotonic time, or
 *   the virtual time (0 at creation)
 */
gint64
ll_scheduler_get_time (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), 0);

  return clock_now (self);
}

/**
 * ll_scheduler_advance_clock:
 * @self: a scheduler with a virtual clock
 * @usec: how far, in microseconds
 *
 * Moves the virtual clock forward by hand.  Sleepers whose deadline has
 * come are queued and run at the next dispatch.
 */
void
ll_scheduler_advance_clock (LlScheduler *self,
                            gint64       usec)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (self->clock == LL_CLOCK_VIRTUAL);
  g_return_if_fail (usec >= 0);

  self->virtual_now += usec;
  expire_timers (self);
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
  table_add (self, co);

  co->wait = LL_CO_WAIT_READY;
  ll_co_queue_push (&self->ready, co);
  emit (self, LL_CO_EVENT_CREATED, co);

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

  return self->n_tasks;
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

  tasks = g_ptr_array_new_full (self->n_tasks, (GDestroyNotify) ll_co_unref);
  table_collect (self, tasks);
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
  self->turn = TURN_NONE;
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
    self->turn = TURN_NONE;
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
  pushed = push_context (self);
  task_resume (self, co);
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
      co->state == LL_CO_STATE_FINISHED || _ll_scheduler_get_wait (co) != LL_CO_WAIT_READY)
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
  while (self->n_tasks > 0)
    g_main_context_iteration (self->context, TRUE);
  g_object_unref (self);
}
