/* ll-scheduler-private.h: what the files of one scheduler share
 *
 * An #LlScheduler is one object over five files, one concept each:
 *
 * - ll-scheduler.c: the object, its properties, spawning, stepping, the
 *   event stream;
 * - ll-scheduler-source.c: the GSource that runs the time slices, and its
 *   fairness to the rest of the loop;
 * - ll-task.c: a task's resume, its waits, its finish and cancellation,
 *   and the slice's loop over the ready queue;
 * - ll-clock.c: the time, the sleepers' wheel, the virtual clock's jumps;
 * - ll-task-table.c: the table of live tasks, for debuggers.
 *
 * Nothing outside app/co/ includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co-private.h"
#include "ll-timer-wheel.h"

G_BEGIN_DECLS

/* Between two slices that left tasks ready, the loop's other sources take
 * their turn, in two stages (see ll-scheduler-source.c). */
typedef enum
{
  LL_LOOP_TURN_NONE,    /* the scheduler source runs tasks whenever they are ready */
  LL_LOOP_TURN_PEERS,   /* sources at the scheduler's priority or above go first */
  LL_LOOP_TURN_LOWER,   /* then every lower one that is ready */
} LlLoopTurn;

/* The table of tasks comes in segments of this many, by spawn order. */
#define LL_TASK_TABLE_SEGMENT 1024

typedef struct
{
  LlCo  **tasks;      /* LL_TASK_TABLE_SEGMENT of them, NULL once finished */
  guint   n_live;
} LlTaskTableSegment;

/* The table of live tasks, oldest first.  A list linked through the
 * frames would cost a finishing task two cache misses (its neighbours);
 * an array indexed by spawn serial costs one, and none in its header. */
typedef struct
{
  LlTaskTableSegment *segments;   /* by (serial - base) / LL_TASK_TABLE_SEGMENT */
  guint               len;
  guint               alloc;
  guint               base;       /* the serial of segments[0].tasks[0] */
  guint               next_serial;
  guint               n_tasks;
} LlTaskTable;

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
  LlTaskTable    table;
  LlCo          *current;
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

/* The one GSource type of the scheduler's sources: the scheduler it
 * serves, borrowed (the scheduler destroys them in its dispose), and for
 * the two sources of the loop's turn, the stage they are ready in. */
typedef struct
{
  GSource      source;
  LlScheduler *self;
  LlLoopTurn   stage;
} LlSchedulerSource;

/* ll-scheduler.c */
void     _ll_scheduler_emit            (LlScheduler   *self,
                                        LlCoEventKind  kind,
                                        LlCo          *co);

static inline void
ll_scheduler_emit (LlScheduler   *self,
                   LlCoEventKind  kind,
                   LlCo          *co)
{
  if (G_UNLIKELY (self->event_func != NULL))
    _ll_scheduler_emit (self, kind, co);
}

/* ll-scheduler-source.c */
void     _ll_scheduler_attach_sources  (LlScheduler   *self);
GSource *_ll_scheduler_source_new      (LlScheduler   *self,
                                        GSourceFuncs  *funcs,
                                        const char    *name,
                                        int            priority);
void     _ll_scheduler_clear_source    (GSource      **source);
gboolean _ll_scheduler_push_context    (LlScheduler   *self);

/* ll-task.c */
void     _ll_task_resume               (LlScheduler   *self,
                                        LlCo          *co);
void     _ll_task_run_ready            (LlScheduler   *self);
void     _ll_task_cancel               (LlCo          *co);
LlCoWait _ll_task_get_wait             (LlCo          *co);

/* ll-clock.c */
static inline gint64
ll_clock_now (LlScheduler *self)
{
  return self->clock == LL_CLOCK_VIRTUAL ? self->virtual_now : g_get_monotonic_time ();
}

void     _ll_clock_attach              (LlScheduler   *self);
void     _ll_clock_clear               (LlScheduler   *self);
void     _ll_clock_expire              (LlScheduler   *self);
gint64   _ll_clock_next_deadline       (LlScheduler   *self);
void     _ll_clock_add_sleeper         (LlScheduler   *self,
                                        LlCo          *co,
                                        guint          msec);
void     _ll_clock_cancel_sleep        (LlScheduler   *self,
                                        LlCo          *co);
gboolean _ll_clock_has_woken           (LlScheduler   *self,
                                        LlCo          *co);

/* ll-task-table.c */
void     ll_task_table_add             (LlTaskTable   *table,
                                        LlCo          *co);
void     ll_task_table_remove          (LlTaskTable   *table,
                                        LlCo          *co);
void     ll_task_table_collect         (LlTaskTable   *table,
                                        GPtrArray     *tasks);
void     ll_task_table_clear           (LlTaskTable   *table);

static inline void
ll_prefetch_for_write (gconstpointer p)
{
#if defined(__GNUC__)
  __builtin_prefetch (p, 1);
#endif
}

/* Starts fetching the entry of the table that finishing @co will clear. */
static inline void
ll_task_table_prefetch (LlTaskTable *table,
                        LlCo        *co)
{
  guint pos = co->serial - table->base;
  guint s = pos / LL_TASK_TABLE_SEGMENT;

  if (s < table->len && table->segments[s].tasks != NULL)
    ll_prefetch_for_write (&table->segments[s].tasks[pos % LL_TASK_TABLE_SEGMENT]);
}

G_END_DECLS
