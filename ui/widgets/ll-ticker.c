/* ll-ticker.c: animations that run only while their widget is seen
 *
 * An animation that ticks keeps the window drawing, and a window that
 * draws keeps the loop busy.  So every animation in Loop Lab ticks
 * through an LlTicker, which ticks only while the animation is wanted (a
 * run is under way, say), the widget is mapped (its page is on screen)
 * and its window is neither hidden nor minimized; and stops the moment
 * one of them stops being so.
 *
 * The ticker hangs off its widget, so that a test can ask any widget
 * whether it is ticking (ll_ticker_widget_is_ticking()).
 *
 * A ticker is not a GTK tick callback.  A tick callback keeps the frame
 * clock running at the display's rate, 60 frames a second, and under the
 * cairo renderer each frame that draws anything costs the whole window
 * (GTK 4.8 walks every render node, clipped to what changed) while even
 * a frame that draws nothing costs a trip through the clock's phases and
 * the X server.  So the tickers of a window share one driver on its
 * frame clock: a timer asks the clock for one frame every 50 ms, and in
 * that frame's update phase every ticker ticks and its widget draws.  The
 * heartbeat, the charts and the views move 20 times a second on the same
 * frames, and between them the loop is idle.  Twenty, not thirty: each
 * drawn frame of a page costs about 2 ms here, so at 30 frames a second
 * an idle page cost more than gtk4-demo's Spinner does at 60; the charts
 * gain a pixel column about 18 times a second anyway.
 *
 * The timer is dispatched by the loop like any other source, so a
 * blocked loop asks for no frame: the heart stops the instant the loop
 * blocks, and the first frame after a stall comes the moment it ends.
 * A frame is late when it starts more than one refresh after it was due
 * (ll_ticker_frame_lateness()); that is what the lag chart records.
 *
 * When something else runs the clock at the display's rate (a GTK
 * animation, a run's own tick callback), the tickers tick on every frame
 * and still draw on the cadence (ll_ticker_draws_frame()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-ticker"

#include "config.h"

#include "ll-ticker.h"

/* About 20 frames a second (ll_frame_cadence_interval()). */
#define CADENCE_TARGET (G_TIME_SPAN_SECOND / 20)
#define DEFAULT_REFRESH (G_TIME_SPAN_SECOND / 60)

static GQuark ticker_quark;
static GQuark driver_quark;

/* The tickers of one frame clock, and the timer that asks it for their
 * frames.  It lives as long as the clock, as its qdata. */
typedef struct
{
  /* borrowed: the driver is the clock's qdata */
  GdkFrameClock  *clock;

  /* owned: the LlTickers ticking on this clock, borrowed each */
  GPtrArray      *tickers;
  GSource        *timer;

  /* pending signal handlers */
  gulong          update_id;

  /* state */
  LlFrameCadence  cadence;
  gint64          fired;         /* the due time of the frame the timer asked for; 0 = none */
  gint64          last_update;   /* µs, the previous update phase */
  gint64          lateness;      /* of the frame under way, µs */
  gboolean        last_fired;    /* whether the timer asked for the previous frame */
} LlFrameDriver;

struct _LlTicker
{
  /* borrowed references */
  GtkWidget       *widget;
  GtkTickCallback  callback;
  LlFrameDriver   *driver;       /* while ticking */

  /* owned references: the window's surface while mapped */
  GdkSurface      *surface;

  /* pending signal handlers */
  gulong           map_id;
  gulong           unmap_id;
  gulong           surface_mapped_id;
  gulong           surface_state_id;

  /* state */
  gboolean         wanted;
};

static gint64
clock_refresh (GdkFrameClock *clock)
{
  gint64 refresh = 0;

  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &refresh, NULL);

  return refresh > 0 ? refresh : DEFAULT_REFRESH;
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  LlFrameDriver *driver = user_data;

  driver->fired = g_source_get_ready_time (source);
  g_source_set_ready_time (source, -1);
  gdk_frame_clock_request_phase (driver->clock, GDK_FRAME_CLOCK_PHASE_UPDATE);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_funcs = {
  .dispatch = timer_dispatch,
};

static void
driver_update_cb (GdkFrameClock *clock,
                  LlFrameDriver *driver)
{
  gint64 now = g_get_monotonic_time ();
  gint64 refresh = clock_refresh (clock);
  gint64 next_due = g_source_get_ready_time (driver->timer);
  gint64 due;
  g_autoptr(GPtrArray) tickers = NULL;

  /* When this frame was due: when the timer asked for it.  A frame the
   * timer did not ask for came for something else: after one the timer
   * asked for, it came early, before the timer's time; after another
   * such, the clock is running, and it was due a refresh after the last. */
  if (driver->fired != 0)
    due = driver->fired;
  else if (driver->last_fired && next_due >= 0)
    due = next_due;
  else
    due = driver->last_update != 0 ? driver->last_update : now;
  driver->lateness = ll_frame_lateness (now, due, refresh);
  driver->last_fired = driver->fired != 0;

  /* The frames the timer asks for are the cadence: each draws. */
  if (driver->fired != 0)
    {
      gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

      driver->cadence.decided = TRUE;
      driver->cadence.counter = gdk_frame_clock_get_frame_counter (clock);
      driver->cadence.draws = TRUE;
      driver->cadence.last_draw = frame_time;
    }
  driver->fired = 0;
  driver->last_update = now;

  /* A tick may stop its own ticker or another one: tick those still
   * ticking when their turn comes. */
  tickers = g_ptr_array_copy (driver->tickers, NULL, NULL);
  for (guint i = 0; i < tickers->len; i++)
    {
      LlTicker *ticker = g_ptr_array_index (tickers, i);

      if (!g_ptr_array_find (driver->tickers, ticker, NULL))
        continue;
      if (ticker->callback (ticker->widget, clock, NULL) == G_SOURCE_REMOVE)
        ll_ticker_set_wanted (ticker, FALSE);
    }

  if (driver->tickers->len > 0)
    g_source_set_ready_time (driver->timer, now + ll_frame_cadence_interval (refresh));
}

static void
driver_free (gpointer data)
{
  LlFrameDriver *driver = data;

  /* The clock goes only after its window's widgets are unmapped, and
   * each ticker leaves on unmap, disconnecting the last handler. */
  g_warn_if_fail (driver->tickers->len == 0);

  g_source_destroy (driver->timer);
  g_source_unref (driver->timer);
  g_ptr_array_unref (driver->tickers);
  g_free (driver);
}

static LlFrameDriver *
driver_for_clock (GdkFrameClock *clock)
{
  LlFrameDriver *driver;

  if (driver_quark == 0)
    driver_quark = g_quark_from_static_string ("ll-frame-driver");

  driver = g_object_get_qdata (G_OBJECT (clock), driver_quark);
  if (driver == NULL)
    {
      driver = g_new0 (LlFrameDriver, 1);
      driver->clock = clock;
      driver->tickers = g_ptr_array_new ();
      driver->timer = g_source_new (&timer_funcs, sizeof (GSource));
      g_source_set_callback (driver->timer, NULL, driver, NULL);
      g_source_set_static_name (driver->timer, "[looplab] animation frame");
      g_source_attach (driver->timer, NULL);
      g_object_set_qdata_full (G_OBJECT (clock), driver_quark, driver, driver_free);
    }

  return driver;
}

static void
driver_add (LlFrameDriver *driver,
            LlTicker      *ticker)
{
  g_ptr_array_add (driver->tickers, ticker);

  if (driver->update_id == 0)
    driver->update_id = g_signal_connect (driver->clock, "update", G_CALLBACK (driver_update_cb), driver);

  /* The first frame at once: due now. */
  if (driver->tickers->len == 1)
    {
      driver->fired = g_get_monotonic_time ();
      gdk_frame_clock_request_phase (driver->clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
    }
}

static void
driver_remove (LlFrameDriver *driver,
               LlTicker      *ticker)
{
  g_ptr_array_remove (driver->tickers, ticker);

  if (driver->tickers->len == 0)
    {
      g_source_set_ready_time (driver->timer, -1);
      g_clear_signal_handler (&driver->update_id, driver->clock);
      driver->fired = 0;
      driver->last_update = 0;
    }
}

static gboolean
surface_shown (GdkSurface *surface)
{
  if (surface == NULL)
    return TRUE;

  if (!gdk_surface_get_mapped (surface))
    return FALSE;

  return !GDK_IS_TOPLEVEL (surface) ||
         (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) == 0;
}

static void
update (LlTicker *self)
{
  gboolean tick = self->wanted &&
                  gtk_widget_get_mapped (self->widget) &&
                  surface_shown (self->surface);

  if (tick && self->driver == NULL)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (self->widget);

      g_return_if_fail (clock != NULL);
      self->driver = driver_for_clock (clock);
      driver_add (self->driver, self);
    }
  else if (!tick && self->driver != NULL)
    {
      driver_remove (self->driver, self);
      self->driver = NULL;
    }
}

static void
forget_surface (LlTicker *self)
{
  if (self->surface == NULL)
    return;

  g_clear_signal_handler (&self->surface_mapped_id, self->surface);
  g_clear_signal_handler (&self->surface_state_id, self->surface);
  g_clear_object (&self->surface);
}

static void
surface_changed_cb (LlTicker *self)
{
  update (self);
}

static void
map_cb (LlTicker *self)
{
  GtkNative *native = gtk_widget_get_native (self->widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  forget_surface (self);
  if (surface != NULL)
    {
      self->surface = g_object_ref (surface);
      self->surface_mapped_id = g_signal_connect_swapped (surface, "notify::mapped",
                                                          G_CALLBACK (surface_changed_cb), self);
      if (GDK_IS_TOPLEVEL (surface))
        self->surface_state_id = g_signal_connect_swapped (surface, "notify::state",
                                                           G_CALLBACK (surface_changed_cb), self);
    }

  update (self);
}

static void
unmap_cb (LlTicker *self)
{
  forget_surface (self);
  update (self);
}

/**
 * ll_ticker_new:
 * @widget: the widget to animate
 * @callback: called on each frame while it ticks, with no user data
 *
 * Creates a ticker for @widget, not wanted yet.  @widget keeps it
 * running from map to unmap; free it in @widget's dispose.
 *
 * Returns: (transfer full): a new ticker
 */
LlTicker *
ll_ticker_new (GtkWidget       *widget,
               GtkTickCallback  callback)
{
  LlTicker *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  if (ticker_quark == 0)
    ticker_quark = g_quark_from_static_string ("ll-ticker");

  self = g_new0 (LlTicker, 1);
  self->widget = widget;
  self->callback = callback;
  self->map_id = g_signal_connect_swapped (widget, "map", G_CALLBACK (map_cb), self);
  self->unmap_id = g_signal_connect_swapped (widget, "unmap", G_CALLBACK (unmap_cb), self);
  g_object_set_qdata (G_OBJECT (widget), ticker_quark, self);

  if (gtk_widget_get_mapped (widget))
    map_cb (self);

  return self;
}

/**
 * ll_ticker_free:
 * @self: (nullable): a ticker
 *
 * Removes the tick callback, if any, and the ticker.
 */
void
ll_ticker_free (LlTicker *self)
{
  if (self == NULL)
    return;

  if (self->driver != NULL)
    driver_remove (self->driver, self);
  forget_surface (self);
  g_clear_signal_handler (&self->map_id, self->widget);
  g_clear_signal_handler (&self->unmap_id, self->widget);
  g_object_set_qdata (G_OBJECT (self->widget), ticker_quark, NULL);
  g_free (self);
}

/**
 * ll_ticker_set_wanted:
 * @self: a ticker
 * @wanted: whether the animation should run when the widget is seen
 */
void
ll_ticker_set_wanted (LlTicker *self,
                      gboolean  wanted)
{
  g_return_if_fail (self != NULL);

  self->wanted = !!wanted;
  update (self);
}

/**
 * ll_ticker_get_ticking:
 * @self: a ticker
 *
 * Returns: whether its tick callback is installed
 */
gboolean
ll_ticker_get_ticking (LlTicker *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->driver != NULL;
}

/**
 * ll_ticker_widget_has_ticker:
 * @widget: a widget
 *
 * Returns: whether @widget animates through a ticker
 */
gboolean
ll_ticker_widget_has_ticker (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return ticker_quark != 0 && g_object_get_qdata (G_OBJECT (widget), ticker_quark) != NULL;
}

/**
 * ll_ticker_widget_is_ticking:
 * @widget: a widget
 *
 * Returns: whether @widget has a ticker whose tick callback is installed
 */
gboolean
ll_ticker_widget_is_ticking (GtkWidget *widget)
{
  LlTicker *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (ticker_quark == 0)
    return FALSE;

  self = g_object_get_qdata (G_OBJECT (widget), ticker_quark);
  return self != NULL && self->driver != NULL;
}

/**
 * ll_frame_cadence_draws:
 * @self: the cadence of one frame clock, zeroed at first
 * @counter: the frame's counter (gdk_frame_clock_get_frame_counter())
 * @frame_time: the frame's time, in µs
 * @refresh: the refresh interval, in µs, or 0 if unknown
 *
 * The rule behind ll_ticker_draws_frame(), without a display: a frame
 * draws when the cadence's interval (ll_frame_cadence_interval()), less
 * half a refresh for the clock's jitter, has passed since the last one
 * that drew, and every caller in the same frame gets the same answer.
 *
 * Returns: whether the animations draw in this frame
 */
gboolean
ll_frame_cadence_draws (LlFrameCadence *self,
                        gint64          counter,
                        gint64          frame_time,
                        gint64          refresh)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (self->decided && counter == self->counter)
    return self->draws;

  if (refresh <= 0)
    refresh = DEFAULT_REFRESH;

  self->decided = TRUE;
  self->counter = counter;
  self->draws = self->last_draw == 0 ||
                frame_time - self->last_draw >= ll_frame_cadence_interval (refresh) - refresh / 2;
  if (self->draws)
    self->last_draw = frame_time;

  return self->draws;
}

/**
 * ll_frame_cadence_interval:
 * @refresh: the refresh interval, in µs, or 0 if unknown
 *
 * Returns: how long the driver waits between the frames it asks for: a
 *   whole number of refreshes near a twentieth of a second (three at
 *   60 Hz, two at 40 Hz, one at 30 Hz or less)
 */
gint64
ll_frame_cadence_interval (gint64 refresh)
{
  gint64 n;

  if (refresh <= 0)
    refresh = DEFAULT_REFRESH;

  n = (CADENCE_TARGET + refresh / 4) / refresh;

  return MAX (n, 1) * refresh;
}

/**
 * ll_frame_lateness:
 * @start: when the frame started, in µs
 * @due: when it was due, in µs
 * @refresh: the refresh interval, in µs, or 0 if unknown
 *
 * A display shows a frame at its next refresh, so a frame is on time if
 * it starts within one refresh after it was due; what it starts beyond
 * that is its lateness.
 *
 * Returns: the lateness in µs, never negative
 */
gint64
ll_frame_lateness (gint64 start,
                   gint64 due,
                   gint64 refresh)
{
  if (refresh <= 0)
    refresh = DEFAULT_REFRESH;

  return MAX (start - due - refresh, 0);
}

/**
 * ll_ticker_frame_lateness:
 * @frame_clock: a frame clock
 *
 * How late the frame under way started (ll_frame_lateness()), as the
 * tickers' driver saw it at the start of the update phase.  The lag chart
 * records it; the window benchmark's hook reads it after the tickers.
 *
 * Returns: µs, or -1 if no ticker ticks on @frame_clock
 */
gint64
ll_ticker_frame_lateness (GdkFrameClock *frame_clock)
{
  LlFrameDriver *driver;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (frame_clock), -1);

  driver = driver_quark != 0 ? g_object_get_qdata (G_OBJECT (frame_clock), driver_quark) : NULL;
  if (driver == NULL || driver->update_id == 0)
    return -1;

  return driver->lateness;
}

/**
 * ll_ticker_draws_frame:
 * @frame_clock: the frame clock a tick came from
 *
 * Says whether the animations draw in the frame under way: a tick
 * callback queues its widget's draw only then, and otherwise keeps the
 * change for the next frame that draws.  Every frame the driver asks for
 * draws; when something else runs the clock faster, every third frame
 * at 60 Hz does (ll_frame_cadence_draws()).  All the widgets of a
 * window share its frame clock, and so one cadence.
 *
 * Returns: whether to queue the draw now
 */
gboolean
ll_ticker_draws_frame (GdkFrameClock *frame_clock)
{
  LlFrameDriver *driver;
  gint64 frame_time;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (frame_clock), TRUE);

  driver = driver_for_clock (frame_clock);
  frame_time = gdk_frame_clock_get_frame_time (frame_clock);

  return ll_frame_cadence_draws (&driver->cadence, gdk_frame_clock_get_frame_counter (frame_clock),
                                 frame_time, clock_refresh (frame_clock));
}
