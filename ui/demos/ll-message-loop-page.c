/* ll-message-loop-page.c: "The message loop, live"
 *
 * Everything on this page is drawn by the loop it watches.  The heart
 * beats on the frame clock; the lag chart plots how late a 10 ms probe
 * timer fires; the timeline lists the handlers the loop ran.  The
 * "Freeze the loop" handler sleeps on the main thread on purpose: while it
 * sleeps, nothing else here can move, and the clicks and keys you make
 * wait in the queue until it returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-message-loop-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-application.h"
#include "ll-dispatch-timeline.h"
#include "ll-heartbeat.h"
#include "ll-input-log.h"
#include "ll-lag-chart.h"
#include "ll-live-label.h"
#include "ll-message-loop-page.h"

#define MAX_STALL_ROWS 3
#define REFRESH_MS     500

struct _LlMessageLoopPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkWidget      *content;
  LlHeartbeat    *heartbeat;
  LlLiveLabel    *fps_label;
  LlLiveLabel    *utilization_label;
  GtkLevelBar    *utilization_bar;
  LlLiveLabel    *lag_label;
  GtkBox         *chart_box;
  GtkBox         *timeline_box;
  GtkSpinButton  *duration_spin;
  GtkAdjustment  *duration_adjustment;
  GtkLabel       *warning_label;
  GtkBox         *stall_box;
  GtkWidget      *no_stall_label;
  GtkBox         *input_box;

  /* borrowed: a child of input_box */
  LlInputLog     *input_log;

  /* owned references */
  GdkFrameClock  *frame_clock;

  /* pending sources and signal handlers */
  guint  refresh_id;
  gulong frame_begin_id;
  gulong frame_end_id;

  /* state */
  gint64 frame_start;
  guint  n_stall_rows;
};

G_DEFINE_FINAL_TYPE (LlMessageLoopPage, ll_message_loop_page, LL_TYPE_DEMO_PAGE)

static void
update_warning (LlMessageLoopPage *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("The handler sleeps on the main thread: the whole window will stop answering for %.1f s."),
                          gtk_adjustment_get_value (self->duration_adjustment));
  gtk_label_set_label (self->warning_label, text);
}

static gboolean
refresh_figures (gpointer data)
{
  LlMessageLoopPage *self = data;
  LlLoopMonitor *monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));
  g_autofree char *fps = NULL;
  g_autofree char *utilization = NULL;
  g_autofree char *lag = NULL;
  LlLagStats stats;
  double share;
  double rate;

  g_object_get (self->heartbeat, "fps", &rate, NULL);
  fps = g_strdup_printf (_("%.0f frames per second"), rate);
  ll_live_label_set_text (self->fps_label, fps);

  share = ll_loop_monitor_get_utilization (monitor);
  utilization = g_strdup_printf ("%.0f %%", 100.0 * share);
  ll_live_label_set_text (self->utilization_label, utilization);
  gtk_level_bar_set_value (self->utilization_bar, share);

  ll_loop_monitor_get_lag_stats (monitor, &stats);
  lag = g_strdup_printf (_("p50 %.1f ms · p99 %.1f ms · max %.1f ms"),
                         stats.p50 / 1000.0, stats.p99 / 1000.0, stats.max / 1000.0);
  ll_live_label_set_text (self->lag_label, lag);

  return G_SOURCE_CONTINUE;
}

/* The latest stalls, newest first: a short one that follows a freeze
 * must not hide the freeze's report.
 */
static void
on_stall (LlMessageLoopPage *self,
          const LlStall     *stall)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  text = g_strdup_printf (_("Main loop blocked for %.1f s by %s"),
                          stall->duration / (double) G_TIME_SPAN_SECOND,
                          stall->handler ? stall->handler : _("an unnamed handler"));
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "stall-report");
  gtk_widget_add_css_class (label, "error");

  gtk_widget_set_visible (self->no_stall_label, FALSE);
  gtk_box_insert_child_after (self->stall_box, label, self->no_stall_label);
  self->n_stall_rows++;

  if (self->n_stall_rows > MAX_STALL_ROWS)
    {
      gtk_box_remove (self->stall_box, gtk_widget_get_last_child (GTK_WIDGET (self->stall_box)));
      self->n_stall_rows--;
    }

  /* Older reports fade, so the newest reads first. */
  for (GtkWidget *child = gtk_widget_get_next_sibling (label);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_add_css_class (child, "dim-label");

  refresh_figures (self);
}

/**
 * ll_message_loop_page_freeze:
 * @self: a #LlMessageLoopPage
 * @seconds: how long to block, 0.5 to 5
 *
 * Blocks the main loop for @seconds, as the "Freeze the loop" button does.
 */
void
ll_message_loop_page_freeze (LlMessageLoopPage *self,
                             double             seconds)
{
  LlLoopMonitor *monitor;

  g_return_if_fail (LL_IS_MESSAGE_LOOP_PAGE (self));
  g_return_if_fail (seconds >= 0.5 && seconds <= 5.0);

  monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));
  ll_loop_monitor_begin_span (monitor, "freeze_clicked_cb");

  /* Blocks the main thread ON PURPOSE: this is the freeze the demo shows.
   * Never do this in a real handler; the other demos show what to do.
   */
  g_usleep ((gulong) (seconds * G_USEC_PER_SEC));

  ll_loop_monitor_end_span (monitor);
}

static void
freeze_clicked_cb (LlMessageLoopPage *self)
{
  ll_message_loop_page_freeze (self, gtk_adjustment_get_value (self->duration_adjustment));
}

static void
freeze_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  freeze_clicked_cb (LL_MESSAGE_LOOP_PAGE (widget));
}

/* The click is logged with its wait like any other; this counts it. */
static void
click_me_cb (LlMessageLoopPage *self)
{
  ll_input_log_click_me (self->input_log);
}

/* A frame of the frame clock: from its first phase to after-paint. */
static void
frame_begin_cb (GdkFrameClock     *clock,
                LlMessageLoopPage *self)
{
  if (self->frame_start == 0)
    self->frame_start = g_get_monotonic_time ();
}

static void
frame_end_cb (GdkFrameClock     *clock,
              LlMessageLoopPage *self)
{
  if (self->frame_start == 0)
    return;

  ll_loop_monitor_record_span (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)), "frame clock: paint",
                               self->frame_start, g_get_monotonic_time () - self->frame_start);
  self->frame_start = 0;
}

static void
ll_message_loop_page_map (GtkWidget *widget)
{
  LlMessageLoopPage *self = LL_MESSAGE_LOOP_PAGE (widget);

  GTK_WIDGET_CLASS (ll_message_loop_page_parent_class)->map (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->frame_begin_id = g_signal_connect (self->frame_clock, "update", G_CALLBACK (frame_begin_cb), self);
  self->frame_end_id = g_signal_connect (self->frame_clock, "after-paint", G_CALLBACK (frame_end_cb), self);

  if (self->refresh_id == 0)
    self->refresh_id = ll_loop_monitor_add_timeout (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)),
                                                    REFRESH_MS, "refresh_figures",
                                                    refresh_figures, self, NULL);
  refresh_figures (self);
}

static void
ll_message_loop_page_unmap (GtkWidget *widget)
{
  LlMessageLoopPage *self = LL_MESSAGE_LOOP_PAGE (widget);

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->frame_begin_id, self->frame_clock);
      g_clear_signal_handler (&self->frame_end_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (ll_message_loop_page_parent_class)->unmap (widget);
}

static void
ll_message_loop_page_constructed (GObject *object)
{
  LlMessageLoopPage *self = LL_MESSAGE_LOOP_PAGE (object);
  GApplication *app = g_application_get_default ();
  LlLoopMonitor *monitor;
  GtkWidget *chart;
  GtkWidget *timeline;

  G_OBJECT_CLASS (ll_message_loop_page_parent_class)->constructed (object);

  monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));
  g_assert (monitor != NULL);

  chart = ll_lag_chart_new (monitor);
  gtk_box_append (self->chart_box, chart);
  timeline = ll_dispatch_timeline_new (monitor);
  gtk_box_append (self->timeline_box, timeline);
  self->input_log = LL_INPUT_LOG (ll_input_log_new (monitor));
  gtk_box_append (self->input_box, GTK_WIDGET (self->input_log));

  /* The stalls of the window before the page was opened (the startup's,
   * say) are in its lag chart already: list them too. */
  {
    g_autoptr(GPtrArray) stalls = ll_loop_monitor_copy_stalls (monitor);

    for (guint i = 0; i < stalls->len; i++)
      on_stall (self, g_ptr_array_index (stalls, i));
  }
  g_signal_connect_object (monitor, "stall", G_CALLBACK (on_stall), self, G_CONNECT_SWAPPED);

  if (LL_IS_APPLICATION (app) && ll_application_get_settings (LL_APPLICATION (app)) != NULL)
    g_settings_bind (ll_application_get_settings (LL_APPLICATION (app)), "freeze-duration",
                     self->duration_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  update_warning (self);
  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (update_warning), self, G_CONNECT_SWAPPED);
}

static void
ll_message_loop_page_dispose (GObject *object)
{
  LlMessageLoopPage *self = LL_MESSAGE_LOOP_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  self->input_log = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_MESSAGE_LOOP_PAGE);

  G_OBJECT_CLASS (ll_message_loop_page_parent_class)->dispose (object);
}

static void
ll_message_loop_page_class_init (LlMessageLoopPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_message_loop_page_constructed;
  object_class->dispose = ll_message_loop_page_dispose;

  widget_class->map = ll_message_loop_page_map;
  widget_class->unmap = ll_message_loop_page_unmap;

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-message-loop-page.c");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-message-loop-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, content);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, heartbeat);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, fps_label);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, utilization_label);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, utilization_bar);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, duration_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, stall_box);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, no_stall_label);
  gtk_widget_class_bind_template_child (widget_class, LlMessageLoopPage, input_box);
  gtk_widget_class_bind_template_callback (widget_class, freeze_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, click_me_cb);

  gtk_widget_class_install_action (widget_class, "page.freeze", NULL, freeze_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "page.freeze", NULL);
}

static void
ll_message_loop_page_init (LlMessageLoopPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_message_loop_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_message_loop_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_MESSAGE_LOOP_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_message_loop_page_get_n_inputs:
 * @self: a #LlMessageLoopPage
 *
 * Returns: how many key presses and clicks the page has logged
 */
guint
ll_message_loop_page_get_n_inputs (LlMessageLoopPage *self)
{
  g_return_val_if_fail (LL_IS_MESSAGE_LOOP_PAGE (self), 0);

  return self->input_log != NULL ? ll_input_log_get_n_inputs (self->input_log) : 0;
}
