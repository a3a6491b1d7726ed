/* ll-stall-meter.c: how long the loop last stood still, on a log scale
 *
 * A horizontal gauge from 1 ms to 10 s, logarithmic (a stall of 20 ms and
 * one of 5 s must both be readable), with marks at 16 ms (one frame at
 * 60 Hz), 50 ms (a "long task"), 100 ms (where a delay starts to feel
 * slow) and 5 s (where GNOME's window manager, whose pings the app no
 * longer answers, offers to force-quit it).
 *
 * It is honest about what a meter drawn by the loop can show.  While a
 * handler blocks the loop, nothing here runs: no frame, no tick, so the
 * meter cannot rise during a freeze.  It shows two things instead:
 *
 * - the bar: the live lag, the most any probe of the loop monitor was
 *   late in the last half second.  Right after a freeze the first probe
 *   comes back seconds late, so the bar jumps to the freeze's length,
 *   then falls back as the probes are on time again;
 * - the marker: the last stall the loop monitor reported (an iteration,
 *   or a wait a probe or a frame saw, of 100 ms or more, or the startup),
 *   with its length, once the loop is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-stall-meter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-stall-meter.h"

#define MIN_WIDTH     320
#define HEIGHT        92

/* The scale: 10^0 ms at the left edge to 10^4 ms at the right. */
#define LOG_MIN_MS    0.0
#define LOG_MAX_MS    4.0

#define LIVE_WINDOW   (500 * G_TIME_SPAN_MILLISECOND)

#define FRAME_LAG     (16 * G_TIME_SPAN_MILLISECOND)
#define SLOW_LAG      (100 * G_TIME_SPAN_MILLISECOND)
#define FORCE_QUIT    (5 * G_TIME_SPAN_SECOND)

#define TRACK_TOP     22.0
#define TRACK_HEIGHT  22.0
#define PAD           4.0

struct _LlStallMeter
{
  LlChart parent_instance;

  /* state */
  gint64      lag;            /* µs, the live value */
  gint64      last_stall;     /* µs, 0 = none yet */
  gint64      last_stall_time;
  const char *last_handler;   /* interned */
};

G_DEFINE_FINAL_TYPE (LlStallMeter, ll_stall_meter, LL_TYPE_CHART)

enum {
  PROP_0,
  PROP_LAG,
  PROP_LAST_STALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The GNOME palette: blue 3, orange 3, red 3, red 5, as in the lag chart. */
static const GdkRGBA severity_colors[] = {
  { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f },
  { 0xff / 255.f, 0x78 / 255.f, 0x00 / 255.f, 1.f },
  { 0xe0 / 255.f, 0x1b / 255.f, 0x24 / 255.f, 1.f },
  { 0xa5 / 255.f, 0x1d / 255.f, 0x2d / 255.f, 1.f },
};

static guint
severity_for (gint64 lag)
{
  if (lag < FRAME_LAG)
    return 0;
  else if (lag < SLOW_LAG)
    return 1;
  else if (lag < FORCE_QUIT)
    return 2;
  else
    return 3;
}

static double
lag_to_fraction (gint64 lag)
{
  double ms = lag / (double) G_TIME_SPAN_MILLISECOND;

  if (ms <= 0.0)
    return 0.0;

  return CLAMP ((log10 (ms) - LOG_MIN_MS) / (LOG_MAX_MS - LOG_MIN_MS), 0.0, 1.0);
}

static char *
format_duration (gint64 duration)
{
  if (duration >= G_TIME_SPAN_SECOND)
    /* Translators: a duration in seconds, on the stall meter */
    return g_strdup_printf (_("%.2f s"), duration / (double) G_TIME_SPAN_SECOND);
  else if (duration >= 10 * G_TIME_SPAN_MILLISECOND)
    /* Translators: a duration in milliseconds, on the stall meter */
    return g_strdup_printf (_("%.0f ms"), duration / (double) G_TIME_SPAN_MILLISECOND);
  else
    return g_strdup_printf (_("%.1f ms"), duration / (double) G_TIME_SPAN_MILLISECOND);
}

static void
ll_stall_meter_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LlStallMeter *self = LL_STALL_METER (widget);
  const struct {
    gint64      lag;
    const char *label;
  } marks[] = {
    { 1 * G_TIME_SPAN_MILLISECOND, N_("1 ms") },
    { FRAME_LAG, N_("16 ms") },
    { 50 * G_TIME_SPAN_MILLISECOND, N_("50 ms") },
    { SLOW_LAG, N_("100 ms") },
    { 1 * G_TIME_SPAN_SECOND, N_("1 s") },
    { FORCE_QUIT, N_("5 s") },
  };
  const struct {
    gint64 from;
    gint64 to;
  } zones[] = {
    { 0, FRAME_LAG },
    { FRAME_LAG, SLOW_LAG },
    { SLOW_LAG, FORCE_QUIT },
    { FORCE_QUIT, 10 * G_TIME_SPAN_SECOND },
  };
  int width = gtk_widget_get_width (widget);
  double track_x = PAD;
  double track_width = width - 2 * PAD;
  double floor_y = TRACK_TOP + TRACK_HEIGHT;
  double row_end[2] = { -1000, -1000 };
  GdkRGBA color, text_color, dim_color, bar_color;

  if (track_width < 32)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  text_color = ll_draw_with_alpha (&color, 0.8f);
  dim_color = ll_draw_with_alpha (&color, 0.35f);

  /* The zones, faint: frame, slow, stall, "not responding". */
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      double x0 = track_x + track_width * lag_to_fraction (zones[i].from);
      double x1 = track_x + track_width * lag_to_fraction (zones[i].to);
      GdkRGBA zone = ll_draw_with_alpha (&severity_colors[i], 0.14f);

      gtk_snapshot_append_color (snapshot, &zone,
                                 &GRAPHENE_RECT_INIT (x0, TRACK_TOP, x1 - x0, TRACK_HEIGHT));
    }

  /* The live lag. */
  if (self->lag > 0)
    {
      double x1 = track_x + track_width * lag_to_fraction (self->lag);

      bar_color = ll_draw_with_alpha (&severity_colors[severity_for (self->lag)], 0.9f);
      gtk_snapshot_append_color (snapshot, &bar_color,
                                 &GRAPHENE_RECT_INIT (track_x, TRACK_TOP + 5, MAX (x1 - track_x, 2), TRACK_HEIGHT - 10));
    }

  /* The marks, with their labels below the track. */
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _(marks[i].label));
      double x = floor (track_x + track_width * lag_to_fraction (marks[i].lag));
      gboolean major = marks[i].lag == FRAME_LAG || marks[i].lag == 50 * G_TIME_SPAN_MILLISECOND ||
                       marks[i].lag == SLOW_LAG || marks[i].lag == FORCE_QUIT;
      int w, h;
      double label_x;

      gtk_snapshot_append_color (snapshot, major ? &text_color : &dim_color,
                                 &GRAPHENE_RECT_INIT (x, major ? TRACK_TOP - 3 : floor_y - 5, 1,
                                                      major ? TRACK_HEIGHT + 7 : 7));

      pango_layout_get_pixel_size (layout, &w, &h);
      label_x = CLAMP (x - w / 2.0, 0, width - w);

      /* 50 ms and 100 ms are close on a narrow meter: a label that
       * would touch its left neighbour goes one line down. */
      if (label_x >= row_end[0] + 4)
        {
          ll_draw_layout_at (snapshot, layout, label_x, floor_y + 5, major ? &text_color : &dim_color);
          row_end[0] = label_x + w;
        }
      else if (major && label_x >= row_end[1] + 4)
        {
          gtk_snapshot_append_color (snapshot, &dim_color,
                                     &GRAPHENE_RECT_INIT (x, floor_y + 4, 1, h));
          ll_draw_layout_at (snapshot, layout, label_x, floor_y + 5 + h, &text_color);
          row_end[1] = label_x + w;
        }
    }

  /* The last stall, above the track. */
  if (self->last_stall > 0)
    {
      g_autofree char *duration = format_duration (self->last_stall);
      g_autofree char *text = g_strdup_printf (_("last stall %s"), duration);
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), text);
      double x = floor (track_x + track_width * lag_to_fraction (self->last_stall));
      GdkRGBA marker = severity_colors[severity_for (self->last_stall)];
      int w, h;

      gtk_snapshot_append_color (snapshot, &marker,
                                 &GRAPHENE_RECT_INIT (x - 1, TRACK_TOP - 4, 3, TRACK_HEIGHT + 8));
      pango_layout_get_pixel_size (layout, &w, &h);
      ll_draw_layout_at (snapshot, layout, CLAMP (x - w / 2.0, 0, width - w),
                         TRACK_TOP - 6 - h, &marker);
    }
}

static void
ll_stall_meter_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MIN_WIDTH;
  else
    *minimum = *natural = HEIGHT;
}

static void
set_lag (LlStallMeter *self,
         gint64        lag)
{
  if (self->lag == lag)
    return;

  self->lag = lag;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAG]);
}

/* The most a probe was late in the last half second. */
static gint64
recent_lag (LlLoopMonitor *monitor,
            gint64         now)
{
  g_autoptr(GArray) samples = ll_loop_monitor_copy_samples (monitor, now - LIVE_WINDOW);
  gint64 lag = 0;

  for (guint i = 0; i < samples->len; i++)
    lag = MAX (lag, g_array_index (samples, LlLagSample, i).lag);

  return lag;
}

static void
ll_stall_meter_tick (LlChart       *chart,
                     GdkFrameClock *frame_clock)
{
  LlStallMeter *self = LL_STALL_METER (chart);
  LlLoopMonitor *monitor = ll_chart_get_monitor (chart);
  int width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD;
  gint64 lag;
  gboolean moved;

  if (monitor == NULL)
    return;

  /* Redraw only when the bar moves by a pixel or changes colour. */
  lag = recent_lag (monitor, g_get_monotonic_time ());
  moved = (int) (width * lag_to_fraction (lag)) != (int) (width * lag_to_fraction (self->lag)) ||
          severity_for (lag) != severity_for (self->lag);
  set_lag (self, lag);
  if (moved)
    ll_chart_queue_draw (chart);
}

static void
update_accessible (LlStallMeter *self)
{
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  if (self->last_stall == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No stall yet"),
                                      -1);
      return;
    }

  duration = format_duration (self->last_stall);
  text = g_strdup_printf (_("Last stall %s"), duration);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
stall_cb (LlStallMeter  *self,
          const LlStall *stall)
{
  /* A stall a late frame revealed can be announced after a later one. */
  if (stall->start + stall->duration < self->last_stall_time)
    return;

  self->last_stall = stall->duration;
  self->last_stall_time = stall->start + stall->duration;
  self->last_handler = stall->handler;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_STALL]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ll_stall_meter_constructed (GObject *object)
{
  LlStallMeter *self = LL_STALL_METER (object);
  LlLoopMonitor *monitor;

  G_OBJECT_CLASS (ll_stall_meter_parent_class)->constructed (object);

  monitor = ll_chart_get_monitor (LL_CHART (self));
  if (monitor == NULL)
    return;

  /* A page opened after a stall (the startup, say) shows it, as the lag
   * maximum beside it does: the monitor still has the window's stalls. */
  {
    g_autoptr(GPtrArray) stalls = ll_loop_monitor_copy_stalls (monitor);

    for (guint i = 0; i < stalls->len; i++)
      stall_cb (self, g_ptr_array_index (stalls, i));
  }
  g_signal_connect_object (monitor, "stall", G_CALLBACK (stall_cb), self, G_CONNECT_SWAPPED);
}

static void
ll_stall_meter_dispose (GObject *object)
{
  LlStallMeter *self = LL_STALL_METER (object);
  LlLoopMonitor *monitor = ll_chart_get_monitor (LL_CHART (self));

  if (monitor != NULL)
    g_signal_handlers_disconnect_by_data (monitor, self);

  G_OBJECT_CLASS (ll_stall_meter_parent_class)->dispose (object);
}

static void
ll_stall_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LlStallMeter *self = LL_STALL_METER (object);

  switch (prop_id)
    {
    case PROP_LAG:
      g_value_set_int64 (value, self->lag);
      break;

    case PROP_LAST_STALL:
      g_value_set_int64 (value, self->last_stall);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_stall_meter_class_init (LlStallMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlChartClass *chart_class = LL_CHART_CLASS (klass);

  object_class->constructed = ll_stall_meter_constructed;
  object_class->dispose = ll_stall_meter_dispose;
  object_class->get_property = ll_stall_meter_get_property;

  widget_class->measure = ll_stall_meter_measure;
  widget_class->snapshot = ll_stall_meter_snapshot;

  chart_class->tick = ll_stall_meter_tick;

  /**
   * LlStallMeter:lag:
   *
   * The live lag, in µs: the most a probe was late in the last half
   * second, updated on the frame clock while the meter is mapped.
   */
  properties[PROP_LAG] =
    g_param_spec_int64 ("lag", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlStallMeter:last-stall:
   *
   * How long the last stall lasted, in µs; 0 before the first.
   */
  properties[PROP_LAST_STALL] =
    g_param_spec_int64 ("last-stall", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "stallmeter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_stall_meter_init (LlStallMeter *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stall meter"),
                                  -1);
  update_accessible (self);
}

/**
 * ll_stall_meter_new:
 * @monitor: the loop monitor to show
 *
 * Returns: (transfer floating): a new #LlStallMeter
 */
GtkWidget *
ll_stall_meter_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_STALL_METER, "monitor", monitor, NULL);
}

/**
 * ll_stall_meter_get_lag:
 * @self: a #LlStallMeter
 *
 * Returns: the live lag shown, in µs
 */
gint64
ll_stall_meter_get_lag (LlStallMeter *self)
{
  g_return_val_if_fail (LL_IS_STALL_METER (self), 0);

  return self->lag;
}

/**
 * ll_stall_meter_get_last_stall:
 * @self: a #LlStallMeter
 *
 * Returns: how long the last stall lasted, in µs, 0 if none yet
 */
gint64
ll_stall_meter_get_last_stall (LlStallMeter *self)
{
  g_return_val_if_fail (LL_IS_STALL_METER (self), 0);

  return self->last_stall;
}

/**
 * ll_stall_meter_get_last_handler:
 * @self: a #LlStallMeter
 *
 * Returns: (nullable): the handler named for the last stall
 */
const char *
ll_stall_meter_get_last_handler (LlStallMeter *self)
{
  g_return_val_if_fail (LL_IS_STALL_METER (self), NULL);

  return self->last_handler;
}

/**
 * ll_stall_meter_get_last_stall_time:
 * @self: a #LlStallMeter
 *
 * Returns: monotonic µs when the last stall ended, 0 if none yet
 */
gint64
ll_stall_meter_get_last_stall_time (LlStallMeter *self)
{
  g_return_val_if_fail (LL_IS_STALL_METER (self), 0);

  return self->last_stall_time;
}

/**
 * ll_stall_meter_reset:
 * @self: a #LlStallMeter
 *
 * Forgets the last stall.
 */
void
ll_stall_meter_reset (LlStallMeter *self)
{
  g_return_if_fail (LL_IS_STALL_METER (self));

  if (self->last_stall == 0)
    return;

  self->last_stall = 0;
  self->last_stall_time = 0;
  self->last_handler = NULL;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_STALL]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
