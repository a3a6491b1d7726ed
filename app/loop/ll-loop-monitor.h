/* ll-loop-monitor.h: watches a GMainContext and reports what it is doing
 *
 * Loop lag (probe timers at the default and the redraw priority, and
 * the window's frames as it reports them), loop utilization (time in handlers against
 * time in poll), a dispatch trace of named spans, and a stall watchdog
 * thread.  GLib only: the UI draws these figures, the CLI prints them.
 * A stall is whatever held the loop for the threshold or more, however
 * it was seen; an app's startup, up to its first frame, is one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ll-lag-series.h"

G_BEGIN_DECLS

#define LL_LOOP_MONITOR_DEFAULT_PROBE_INTERVAL   (10 * G_TIME_SPAN_MILLISECOND)
#define LL_LOOP_MONITOR_DEFAULT_STALL_THRESHOLD  (100 * G_TIME_SPAN_MILLISECOND)
#define LL_LOOP_MONITOR_DEFAULT_WINDOW           (30 * G_TIME_SPAN_SECOND)

/* GDK_PRIORITY_REDRAW, where GTK lays out and paints, which code
 * without GTK cannot include. */
#define LL_LOOP_MONITOR_REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

/**
 * LlLagKind:
 * @LL_LAG_TIMER: how late a timer at %G_PRIORITY_DEFAULT fires
 * @LL_LAG_REDRAW: how late a timer at the redraw priority fires: what a
 *   flood of default-priority work does to drawing, which the first
 *   cannot see
 * @LL_LAG_FRAME: how late the window's frames came, beyond one refresh
 *   (reported by the window with ll_loop_monitor_record_frame())
 * @LL_N_LAGS: the number of kinds
 */
typedef enum
{
  LL_LAG_TIMER,
  LL_LAG_REDRAW,
  LL_LAG_FRAME,
  LL_N_LAGS
} LlLagKind;

typedef struct
{
  const char *name;      /* interned */
  gint64      start;     /* monotonic µs */
  gint64      duration;  /* µs */
} LlSpan;

#define LL_TYPE_STALL (ll_stall_get_type ())

/* An iteration that ran for the stall threshold or more, or a stretch
 * that long that a probe or a frame waited for, or the startup. */
typedef struct
{
  gint64      start;     /* monotonic µs when the loop left poll, or the wait began */
  gint64      duration;  /* µs until it came back */
  const char *handler;   /* interned name of the span that ran, "startup", or NULL */
} LlStall;

GType    ll_stall_get_type (void) G_GNUC_CONST;
LlStall *ll_stall_copy     (const LlStall *stall);
void     ll_stall_free     (LlStall       *stall);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlStall, ll_stall_free)

#define LL_TYPE_LOOP_MONITOR (ll_loop_monitor_get_type ())

G_DECLARE_FINAL_TYPE (LlLoopMonitor, ll_loop_monitor, LL, LOOP_MONITOR, GObject)

LlLoopMonitor *ll_loop_monitor_new                 (GMainContext  *context);
GMainContext  *ll_loop_monitor_get_context         (LlLoopMonitor *self);
void           ll_loop_monitor_start               (LlLoopMonitor *self);
void           ll_loop_monitor_stop                (LlLoopMonitor *self);
gboolean       ll_loop_monitor_get_running         (LlLoopMonitor *self);

gint64         ll_loop_monitor_get_probe_interval  (LlLoopMonitor *self);
void           ll_loop_monitor_set_probe_interval  (LlLoopMonitor *self,
                                                    gint64         interval);
gint64         ll_loop_monitor_get_stall_threshold (LlLoopMonitor *self);
void           ll_loop_monitor_set_stall_threshold (LlLoopMonitor *self,
                                                    gint64         threshold);
gint64         ll_loop_monitor_get_window          (LlLoopMonitor *self);
void           ll_loop_monitor_set_window          (LlLoopMonitor *self,
                                                    gint64         window);

void           ll_loop_monitor_get_lag_stats       (LlLoopMonitor *self,
                                                    LlLagStats    *stats);
GArray        *ll_loop_monitor_copy_samples        (LlLoopMonitor *self,
                                                    gint64         since);
void           ll_loop_monitor_get_stats           (LlLoopMonitor *self,
                                                    LlLagKind      kind,
                                                    LlLagStats    *stats);
void           ll_loop_monitor_get_stats_since     (LlLoopMonitor *self,
                                                    LlLagKind      kind,
                                                    gint64         since,
                                                    LlLagStats    *stats);
GArray        *ll_loop_monitor_copy_lag            (LlLoopMonitor *self,
                                                    LlLagKind      kind,
                                                    gint64         since);
void           ll_loop_monitor_record_frame        (LlLoopMonitor *self,
                                                    gint64         time,
                                                    gint64         lateness,
                                                    gint64         refresh_interval);
guint          ll_loop_monitor_get_missed_frames   (LlLoopMonitor *self,
                                                    gint64         now);
double         ll_loop_monitor_get_utilization     (LlLoopMonitor *self);

void           ll_loop_monitor_begin_span          (LlLoopMonitor *self,
                                                    const char    *name);
void           ll_loop_monitor_end_span            (LlLoopMonitor *self);
guint          ll_loop_monitor_add_timeout         (LlLoopMonitor *self,
                                                    guint          interval_ms,
                                                    const char    *name,
                                                    GSourceFunc    func,
                                                    gpointer       data,
                                                    GDestroyNotify notify);
guint          ll_loop_monitor_add_idle            (LlLoopMonitor *self,
                                                    int            priority,
                                                    const char    *name,
                                                    GSourceFunc    func,
                                                    gpointer       data,
                                                    GDestroyNotify notify);
void           ll_loop_monitor_trace_source        (LlLoopMonitor *self,
                                                    GSource       *source,
                                                    const char    *name,
                                                    GSourceFunc    func,
                                                    gpointer       data,
                                                    GDestroyNotify notify);
void           ll_loop_monitor_record_span         (LlLoopMonitor *self,
                                                    const char    *name,
                                                    gint64         start,
                                                    gint64         duration);
GArray        *ll_loop_monitor_copy_spans          (LlLoopMonitor *self,
                                                    gint64         since);
GPtrArray     *ll_loop_monitor_copy_stalls         (LlLoopMonitor *self);
guint          ll_loop_monitor_get_n_stalls        (LlLoopMonitor *self);
guint          ll_loop_monitor_count_stalls_since  (LlLoopMonitor *self,
                                                    gint64         since,
                                                    LlStall       *longest);

void           ll_loop_monitor_begin_startup       (LlLoopMonitor *self,
                                                    gint64         since);
void           ll_loop_monitor_end_startup         (LlLoopMonitor *self,
                                                    gint64         time);
gint64         ll_loop_monitor_get_startup         (LlLoopMonitor *self);

G_END_DECLS
