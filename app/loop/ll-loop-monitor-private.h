/* ll-loop-monitor-private.h: the monitor's state, shared by its files
 *
 * ll-loop-monitor.c watches the loop (probes, utilization, iterations);
 * ll-loop-monitor-spans.c records the named spans that say what ran;
 * ll-loop-monitor-stalls.c decides what is a stall, by one rule for the
 * iterations, the probes and the frames, and for the startup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdatomic.h>

#include "ll-loop-monitor.h"
#include "ll-ring.h"

G_BEGIN_DECLS

#define MAX_SPANS        1024
#define MAX_STALLS       256
#define MAX_SPAN_DEPTH   32
#define MAX_LATE         64

/* A stretch a probe or a frame waited for, from when it was due. */
typedef struct
{
  gint64 start;
  gint64 end;
} LlLate;

typedef struct
{
  GSource        source;
  LlLoopMonitor *monitor;   /* borrowed; the monitor destroys the source */
  LlLagKind      kind;      /* of a probe */
} MonitorSource;

struct _LlLoopMonitor
{
  GObject parent_instance;

  /* owned references */
  GMainContext *context;
  GSource      *iteration_source;
  GSource      *probes[LL_LAG_FRAME];   /* a timer for each probed kind */
  GThread      *watchdog;
  GPtrArray    *stalls;          /* LlStall, oldest first */
  GQueue        pending_stalls;  /* LlStall, not yet announced */
  GArray       *late;            /* LlLate above the threshold, seen in this iteration */

  /* settings, in µs */
  gint64 probe_interval;
  gint64 stall_threshold;
  gint64 window;

  /* lag samples inside the window, and recent spans */
  LlLagSeries lag[LL_N_LAGS];
  LlRing      spans;
  gint64      refresh_interval;   /* of the frames reported, µs */

  /* main-thread bookkeeping of the current iteration */
  gint64      iteration_start;    /* when the loop last left poll, 0 = in poll */
  gint64      second_start;
  gint64      busy_in_second;
  double      utilization;
  const char *longest_span_name;  /* longest span ended in this iteration */
  gint64      longest_span;
  struct {
    const char *name;
    gint64      start;
  }           span_stack[MAX_SPAN_DEPTH];
  guint       span_depth;
  guint       n_stalls_total;

  /* the startup, from since to its end (the first frame): 0 = none */
  gint64      startup_since;
  gint64      startup_end;

  /* shared with the watchdog thread */
  GMutex               watchdog_mutex;
  GCond                watchdog_cond;
  gboolean             watchdog_stop;          /* under watchdog_mutex */
  _Atomic gint64       busy_since;             /* mirror of iteration_start */
  _Atomic (const char *) current_span;         /* interned */
  _Atomic gint64       noticed_start;          /* busy_since of the stall the watchdog saw */
  _Atomic (const char *) noticed_handler;      /* interned, what ran then */
};

void _ll_loop_monitor_finish_stalls (LlLoopMonitor *self,
                                     gint64         iteration_start,
                                     gint64         now);
void _ll_loop_monitor_add_late      (LlLoopMonitor *self,
                                     gint64         time,
                                     gint64         lag);

G_END_DECLS
