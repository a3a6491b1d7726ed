/* ll-heartbeat.c: a heart that beats on the frame clock
 *
 * The beat is driven by nothing but the frames of the widget's frame
 * clock, 20 a second (an LlTicker).  The frames are themselves
 * dispatched by the main loop, so when a handler blocks the loop, no
 * frame comes and the heart stops where it was, mid-beat: the plainest
 * way to see that the GUI is frozen.  A hand sweeping round the heart
 * once a second makes the stop visible even between beats.  It counts
 * every frame it ticks on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-heartbeat"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ll-heartbeat.h"
#include "ll-ticker.h"

#define HEARTBEAT_SIZE     96
#define BEAT_PERIOD        G_TIME_SPAN_SECOND
#define FPS_WINDOW         (G_TIME_SPAN_SECOND / 2)

struct _LlHeartbeat
{
  GtkWidget parent_instance;

  /* animation state, from the frame clock */
  gint64  start_time;     /* frame time of the first tick after map, 0 = none yet */
  double  phase;          /* 0..1 through the current beat */
  guint64 n_frames;

  /* frame rate over the last window */
  gint64  fps_window_start;
  guint   fps_window_frames;
  double  fps;

  /* owned: the tick callback, installed while the heart is seen */
  LlTicker *ticker;
};

G_DEFINE_FINAL_TYPE (LlHeartbeat, ll_heartbeat, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_fps (LlHeartbeat *self,
         double       fps)
{
  if (G_APPROX_VALUE (self->fps, fps, 0.01))
    return;

  self->fps = fps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
}

/* Averages the frame interval over half a second, so "fps" is notified at
 * most twice a second however fast the clock ticks.  A window that spans
 * a freeze honestly reports the few frames drawn in it.
 */
static void
account_frame (LlHeartbeat *self,
               gint64       frame_time)
{
  gint64 elapsed;

  if (self->fps_window_start == 0)
    {
      self->fps_window_start = frame_time;
      self->fps_window_frames = 0;
      return;
    }

  self->fps_window_frames++;
  elapsed = frame_time - self->fps_window_start;
  if (elapsed < FPS_WINDOW)
    return;

  set_fps (self, self->fps_window_frames * (double) G_TIME_SPAN_SECOND / (double) elapsed);
  self->fps_window_start = frame_time;
  self->fps_window_frames = 0;
}

static gboolean
ll_heartbeat_tick (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  LlHeartbeat *self = LL_HEARTBEAT (widget);
  gint64 frame_time = gdk_frame_clock_get_frame_time (frame_clock);

  if (self->start_time == 0)
    self->start_time = frame_time;

  self->phase = (double) ((frame_time - self->start_time) % BEAT_PERIOD) / (double) BEAT_PERIOD;
  self->n_frames++;
  account_frame (self, frame_time);

  if (ll_ticker_draws_frame (frame_clock))
    gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

/* How far the heart is swollen at @phase: a strong beat, then a weaker
 * one a fifth of a second later ("lub-dub"), each a quick Gaussian pulse,
 * wide enough to take a few of the 20 frames a second.
 */
static double
beat_scale (double phase)
{
  double lub = (phase - 0.06) / 0.07;
  double dub = (phase - 0.28) / 0.07;

  return 0.84 + 0.16 * exp (-lub * lub) + 0.09 * exp (-dub * dub);
}

/* A heart about one unit wide, centred on the origin. */
static void
heart_path (cairo_t *cr)
{
  cairo_move_to (cr, 0.0, 0.42);
  cairo_curve_to (cr, -0.12, 0.30, -0.50, 0.08, -0.50, -0.18);
  cairo_curve_to (cr, -0.50, -0.42, -0.22, -0.56, 0.0, -0.30);
  cairo_curve_to (cr, 0.22, -0.56, 0.50, -0.42, 0.50, -0.18);
  cairo_curve_to (cr, 0.50, 0.08, 0.12, 0.30, 0.0, 0.42);
  cairo_close_path (cr);
}

static void
ll_heartbeat_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LlHeartbeat *self = LL_HEARTBEAT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = MIN (width, height);
  double radius = size / 2.0 - 4.0;
  double scale = beat_scale (self->phase);
  double angle = -G_PI / 2.0 + 2.0 * G_PI * self->phase;
  cairo_t *cr;
  GdkRGBA color;

  if (size < 16)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, width / 2.0, height / 2.0);

  /* The second hand: a faint track, the part of this second already
   * gone, and a dot where the clock last ticked.
   */
  cairo_set_line_width (cr, 2.0);
  cairo_arc (cr, 0, 0, radius, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.12);
  cairo_stroke (cr);

  if (self->phase > 0.0)
    {
      cairo_arc (cr, 0, 0, radius, -G_PI / 2.0, angle);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.35);
      cairo_stroke (cr);
    }

  cairo_arc (cr, radius * cos (angle), radius * sin (angle), 3.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0);
  cairo_fill (cr);

  /* The heart, GNOME red, swelling with the beat. */
  cairo_save (cr);
  cairo_translate (cr, 0, size * 0.03);
  cairo_scale (cr, size * 0.62 * scale, size * 0.62 * scale);
  heart_path (cr);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 0xa5 / 255.0, 0x1d / 255.0, 0x2d / 255.0);
  cairo_stroke (cr);

  cairo_destroy (cr);
}

static void
ll_heartbeat_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = *natural = HEARTBEAT_SIZE;
}

static void
ll_heartbeat_map (GtkWidget *widget)
{
  LlHeartbeat *self = LL_HEARTBEAT (widget);

  GTK_WIDGET_CLASS (ll_heartbeat_parent_class)->map (widget);

  self->start_time = 0;
  self->n_frames = 0;
  self->fps_window_start = 0;
  self->fps_window_frames = 0;
}

static void
ll_heartbeat_unmap (GtkWidget *widget)
{
  LlHeartbeat *self = LL_HEARTBEAT (widget);

  set_fps (self, 0.0);

  GTK_WIDGET_CLASS (ll_heartbeat_parent_class)->unmap (widget);
}

static void
ll_heartbeat_dispose (GObject *object)
{
  LlHeartbeat *self = (LlHeartbeat *)object;

  g_clear_pointer (&self->ticker, ll_ticker_free);

  G_OBJECT_CLASS (ll_heartbeat_parent_class)->dispose (object);
}

static void
ll_heartbeat_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlHeartbeat *self = LL_HEARTBEAT (object);

  switch (prop_id)
    {
    case PROP_FPS:
      g_value_set_double (value, self->fps);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_heartbeat_class_init (LlHeartbeatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_heartbeat_dispose;
  object_class->get_property = ll_heartbeat_get_property;

  widget_class->map = ll_heartbeat_map;
  widget_class->unmap = ll_heartbeat_unmap;
  widget_class->measure = ll_heartbeat_measure;
  widget_class->snapshot = ll_heartbeat_snapshot;

  /**
   * LlHeartbeat:fps:
   *
   * Frames per second the frame clock delivered over the last half
   * second, 0 while unmapped.  Notified at most twice a second.
   */
  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "heartbeat");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_heartbeat_init (LlHeartbeat *self)
{
  self->ticker = ll_ticker_new (GTK_WIDGET (self), ll_heartbeat_tick);
  ll_ticker_set_wanted (self->ticker, TRUE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Heartbeat"),
                                  -1);
}

/**
 * ll_heartbeat_new:
 *
 * Creates a heart that beats once a second while the main loop runs.
 *
 * Returns: (transfer floating): a new #LlHeartbeat
 */
GtkWidget *
ll_heartbeat_new (void)
{
  return g_object_new (LL_TYPE_HEARTBEAT, NULL);
}

/**
 * ll_heartbeat_get_fps:
 * @self: a #LlHeartbeat
 *
 * Returns: the frame rate over the last half second, 0 while unmapped
 */
double
ll_heartbeat_get_fps (LlHeartbeat *self)
{
  g_return_val_if_fail (LL_IS_HEARTBEAT (self), 0.0);

  return self->fps;
}

/**
 * ll_heartbeat_get_n_frames:
 * @self: a #LlHeartbeat
 *
 * Counts the frames the heart was animated for since it was last mapped:
 * one per tick of the frame clock.  It stops growing while the main loop
 * is blocked.
 *
 * Returns: the number of frames since map
 */
guint64
ll_heartbeat_get_n_frames (LlHeartbeat *self)
{
  g_return_val_if_fail (LL_IS_HEARTBEAT (self), 0);

  return self->n_frames;
}
