/* ll-courier-page.c: "Courier deliveries", the notes' couriers animated
 *
 * The page configures an #LlCourierModel (app/sim/ll-courier-model.c)
 * from its settings, which GSettings remembers, and starts, pauses and
 * resets it; #LlCourierView draws the run.  Counters and the log are
 * brought up to date once per frame, however many events the model
 * emitted since the last one, so a fast run costs the loop little.
 *
 * With "Sleep inside the coroutine (as in the notes)" on, the model's
 * coroutines block the main thread for each delivery (the notes'
 * time.sleep()): this very page freezes, the heartbeat stops, and the
 * stall meter reports each freeze once the loop is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-application.h"
#include "ll-courier-page.h"
#include "ll-courier-format.h"
#include "ll-courier-view.h"
#include "ll-heartbeat.h"
#include "ll-live-label.h"
#include "ll-stall-meter.h"
#include "ll-stepper.h"
#include "ll-ticker.h"

#define MAX_LOG_LINES 2000
#define REFRESH_MS    250

/* Counters and log are text: each change re-lays out the page.  Ten
 * times a second reads as live and leaves the frames to the picture. */
#define TEXT_PERIOD   (100 * G_TIME_SPAN_MILLISECOND)

struct _LlCourierPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkWidget       *start_button;
  GtkToggleButton *pause_button;
  GtkWidget       *reset_button;
  GtkSwitch       *blocking_switch;
  GtkLabel        *blocking_hint_label;
  GtkLabel        *stall_label;
  GtkLabel        *lag_label;
  GtkBox          *stall_meter_box;
  GtkExpander     *settings_expander;
  GtkWidget       *settings_grid;
  GtkAdjustment   *couriers_adjustment;
  GtkAdjustment   *capacity_adjustment;
  GtkAdjustment   *parcels_adjustment;
  GtkWidget       *delivery_min_spin;
  GtkWidget       *pause_min_spin;
  GtkAdjustment   *delivery_min_adjustment;
  GtkAdjustment   *delivery_max_adjustment;
  GtkAdjustment   *pause_min_adjustment;
  GtkAdjustment   *pause_max_adjustment;
  GtkAdjustment   *speed_adjustment;
  GtkAdjustment   *seed_adjustment;
  LlLiveLabel     *produced_label;
  LlLiveLabel     *waiting_label;
  LlLiveLabel     *in_transit_label;
  LlLiveLabel     *delivered_label;
  LlLiveLabel     *rate_label;
  LlLiveLabel     *time_label;
  LlLiveLabel     *status_label;
  LlCourierView   *view;
  GtkTextView     *log_view;

  /* borrowed */
  GtkWidget       *stall_meter;

  /* owned references */
  LlScheduler     *scheduler;
  LlCourierModel  *model;
  GString         *pending_log;   /* lines not in the log view yet */

  /* pending source ids */
  LlTicker        *ticker;       /* owned: the counters' updates, while a run is on screen */
  guint            refresh_id;

  /* state */
  gint64           text_updated;  /* frame time of the last counters and log update */
  gint64           run_start;   /* monotonic µs of the last Start; 0 = none yet */
  guint            shown[6];      /* the counters on screen, to skip unchanged ones */
};

G_DEFINE_FINAL_TYPE (LlCourierPage, ll_courier_page, LL_TYPE_DEMO_PAGE)

static void update_stall_label (LlCourierPage *self);

/* The log */

static void
flush_log (LlCourierPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;
  int excess;

  if (self->pending_log->len == 0)
    return;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, self->pending_log->str, (int) self->pending_log->len);
  g_string_truncate (self->pending_log, 0);

  /* Keep the last lines only: a run of 10 000 parcels must not make the
   * view slow. */
  excess = gtk_text_buffer_get_line_count (buffer) - 1 - MAX_LOG_LINES;
  if (excess > 0)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, excess);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

}

/* The log follows its end, as a terminal does.  Scrolling the text view
 * to a mark would animate the adjustment; GTK 4.8 then warns if the view
 * is unmapped mid-animation, so the value is set outright instead. */
static void
follow_log_end (GtkAdjustment *adjustment)
{
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
clear_log (LlCourierPage *self)
{
  g_string_truncate (self->pending_log, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->log_view), "", 0);
}

/* Runs inside the model's coroutines: it only formats. */
static void
event_cb (LlCourierPage        *self,
          const LlCourierEvent *event,
          LlCourierModel       *model)
{
  g_autofree char *line = ll_courier_format_event (model, event);

  if (line != NULL)
    g_string_append_printf (self->pending_log, "%s\n", line);

  if (event->kind == LL_COURIER_EVENT_FINISHED)
    {
      g_autofree char *summary = ll_courier_format_summary (model);

      g_string_append (self->pending_log, summary);
    }
}

/* The counters */

/* The counters and the status change many times a second while a run
 * goes on: live labels, drawn again without a layout of the window. */
static void
set_counter (LlCourierPage *self,
             LlLiveLabel   *label,
             guint          index,
             guint          value)
{
  char text[32];

  if (self->shown[index] == value && ll_live_label_get_text (label) != NULL)
    return;

  self->shown[index] = value;
  g_snprintf (text, sizeof text, "%u", value);
  ll_live_label_set_text (label, text);
}

static void
update_counters (LlCourierPage *self)
{
  LlCourierModel *model = self->model;
  guint delivered = ll_courier_model_get_n_delivered (model);
  guint time = ll_courier_model_get_time (model);
  guint n_parcels = (guint) ll_courier_model_get_config (model)->n_parcels;
  g_autofree char *rate = NULL;
  g_autofree char *status = NULL;

  set_counter (self, self->produced_label, 0, ll_courier_model_get_n_produced (model));
  set_counter (self, self->waiting_label, 1, ll_courier_model_get_n_waiting (model));
  set_counter (self, self->in_transit_label, 2, ll_courier_model_get_n_in_transit (model));
  set_counter (self, self->delivered_label, 3, delivered);
  set_counter (self, self->time_label, 5, time);

  rate = time > 0 ? g_strdup_printf ("%.2f", delivered / (double) time) : g_strdup ("–");
  ll_live_label_set_text (self->rate_label, rate);

  if (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    status = g_strdup_printf (ngettext ("%u of %u parcel delivered · %s",
                                        "%u of %u parcels delivered · %s", n_parcels),
                              delivered, n_parcels,
                              ll_courier_model_get_paused (model) ? _("paused") : _("running"));
  else if (ll_courier_model_get_n_produced (model) > 0 && delivered == ll_courier_model_get_n_produced (model) &&
           delivered == n_parcels)
    status = g_strdup_printf (ngettext ("%u of %u parcel delivered · done in %u units",
                                        "%u of %u parcels delivered · done in %u units", n_parcels),
                              delivered, n_parcels, time);
  else if (ll_courier_model_get_n_produced (model) > 0)
    status = g_strdup_printf (ngettext ("%u of %u parcel delivered · stopped",
                                        "%u of %u parcels delivered · stopped", n_parcels),
                              delivered, n_parcels);
  else
    status = g_strdup (_("Ready: press Start."));

  ll_live_label_set_text (self->status_label, status);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  LlCourierPage *self = LL_COURIER_PAGE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (now - self->text_updated >= TEXT_PERIOD)
    {
      self->text_updated = now;
      update_counters (self);
      flush_log (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_buttons (LlCourierPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));

  gtk_widget_set_sensitive (self->start_button, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_button), running);
  gtk_widget_set_sensitive (self->settings_grid, !running);
  if (!running && gtk_toggle_button_get_active (self->pause_button))
    gtk_toggle_button_set_active (self->pause_button, FALSE);
}

static void
running_cb (LlCourierPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));

  if (self->ticker != NULL)
    ll_ticker_set_wanted (self->ticker, running);

  update_buttons (self);
  update_counters (self);
  flush_log (self);
}

/* The model: one per run between two resets */

static void
set_model (LlCourierPage  *self,
           LlCourierModel *model)
{
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      ll_sim_model_stop (LL_SIM_MODEL (self->model));
      g_clear_object (&self->model);
    }

  self->model = model;
  ll_courier_view_set_model (self->view, model);
  if (model == NULL)
    return;

  g_signal_connect_object (model, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::paused", G_CALLBACK (update_counters), self, G_CONNECT_SWAPPED);
  running_cb (self);
}

/* The settings on the page, as a configuration. */
static void
get_config (LlCourierPage   *self,
            LlCourierConfig *config)
{
  *config = *ll_courier_model_get_config (self->model);
  config->n_couriers = (int) gtk_adjustment_get_value (self->couriers_adjustment);
  config->capacity = (int) gtk_adjustment_get_value (self->capacity_adjustment);
  config->n_parcels = (int) gtk_adjustment_get_value (self->parcels_adjustment);
  config->delivery_min = (int) gtk_adjustment_get_value (self->delivery_min_adjustment);
  config->delivery_max = (int) gtk_adjustment_get_value (self->delivery_max_adjustment);
  config->pause_min = (int) gtk_adjustment_get_value (self->pause_min_adjustment);
  config->pause_max = (int) gtk_adjustment_get_value (self->pause_max_adjustment);
  config->seed = (guint32) gtk_adjustment_get_value (self->seed_adjustment);
  config->speed = gtk_adjustment_get_value (self->speed_adjustment);
  config->blocking = gtk_switch_get_active (self->blocking_switch);
}

static void
configure (LlCourierPage *self)
{
  LlCourierConfig config;

  get_config (self, &config);
  ll_courier_model_set_config (self->model, &config);
}

/**
 * ll_courier_page_start:
 * @self: a page
 *
 * Starts a run with the settings on the page, as the Start button does.
 */
void
ll_courier_page_start (LlCourierPage *self)
{
  g_return_if_fail (LL_IS_COURIER_PAGE (self));

  if (ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    return;

  clear_log (self);
  configure (self);

  /* The stall count and the lag figures are this run's, from now on. */
  self->run_start = g_get_monotonic_time ();
  update_stall_label (self);
  if (self->stall_meter != NULL)
    ll_stall_meter_reset (LL_STALL_METER (self->stall_meter));

  /* Room for the run; the settings are fixed until it ends anyway. */
  gtk_expander_set_expanded (self->settings_expander, FALSE);
  ll_courier_model_start (self->model);
}

/**
 * ll_courier_page_reset:
 * @self: a page
 *
 * Drops the run and starts afresh with a new model, as the Reset button
 * does: the counters, the picture and the log are empty again.
 */
void
ll_courier_page_reset (LlCourierPage *self)
{
  g_return_if_fail (LL_IS_COURIER_PAGE (self));

  set_model (self, ll_courier_model_new (self->scheduler));
  clear_log (self);
  update_counters (self);
  gtk_expander_set_expanded (self->settings_expander, TRUE);
}

static void
start_clicked_cb (LlCourierPage *self)
{
  ll_courier_page_start (self);
}

static void
pause_toggled_cb (LlCourierPage *self)
{
  if (self->model != NULL)
    ll_courier_model_set_paused (self->model, gtk_toggle_button_get_active (self->pause_button));
}

static void
reset_clicked_cb (LlCourierPage *self)
{
  ll_courier_page_reset (self);
}

/* The speed and the blocking apply at once, also in the middle of a
 * run; the rest of the settings wait for the next start. */
static void
live_changed_cb (LlCourierPage *self)
{
  LlCourierConfig config;

  if (self->model == NULL)
    return;

  config = *ll_courier_model_get_config (self->model);
  config.speed = gtk_adjustment_get_value (self->speed_adjustment);
  config.blocking = gtk_switch_get_active (self->blocking_switch);
  ll_courier_model_set_config (self->model, &config);
}

static void
blocking_changed_cb (LlCourierPage *self)
{
  gboolean blocking = gtk_switch_get_active (self->blocking_switch);

  live_changed_cb (self);

  if (blocking)
    gtk_label_set_label (self->blocking_hint_label,
                         _("Every delivery blocks the main thread for as long as it takes: the window freezes, the heart stops."));
  else
    gtk_label_set_label (self->blocking_hint_label,
                         _("The couriers await a non-blocking sleep: the loop stays free between their turns."));
}

/* A range's minimum above its maximum carries the maximum along, and
 * the other way round, as the model does. */
static void
delivery_min_changed_cb (LlCourierPage *self)
{
  double min = gtk_adjustment_get_value (self->delivery_min_adjustment);

  if (gtk_adjustment_get_value (self->delivery_max_adjustment) < min)
    gtk_adjustment_set_value (self->delivery_max_adjustment, min);
}

static void
delivery_max_changed_cb (LlCourierPage *self)
{
  double max = gtk_adjustment_get_value (self->delivery_max_adjustment);

  if (gtk_adjustment_get_value (self->delivery_min_adjustment) > max)
    gtk_adjustment_set_value (self->delivery_min_adjustment, max);
}

static void
pause_min_changed_cb (LlCourierPage *self)
{
  double min = gtk_adjustment_get_value (self->pause_min_adjustment);

  if (gtk_adjustment_get_value (self->pause_max_adjustment) < min)
    gtk_adjustment_set_value (self->pause_max_adjustment, min);
}

static void
pause_max_changed_cb (LlCourierPage *self)
{
  double max = gtk_adjustment_get_value (self->pause_max_adjustment);

  if (gtk_adjustment_get_value (self->pause_min_adjustment) > max)
    gtk_adjustment_set_value (self->pause_min_adjustment, max);
}

/* The stall meter */

/* The stalls and the lag figures cover the same stretch, the run's (or,
 * before the first run, the monitor's window), so the page never says
 * "no stall" beside a maximum over the threshold. */
static void
update_stall_label (LlCourierPage *self)
{
  g_autofree char *text = NULL;
  LlStall longest;
  guint n;

  n = ll_loop_monitor_count_stalls_since (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)),
                                          self->run_start, &longest);
  if (n == 0)
    text = g_strdup (_("No stall: the loop keeps up."));
  else
    text = g_strdup_printf (ngettext ("%u stall, the longest %.1f s",
                                      "%u stalls, the longest %.1f s", n),
                            n, longest.duration / (double) G_TIME_SPAN_SECOND);
  gtk_label_set_label (self->stall_label, text);
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->stall_label), "ll-warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->stall_label), "ll-warning");
}

static void
stall_cb (LlCourierPage *self,
          const LlStall *stall)
{
  update_stall_label (self);
}

static gboolean
refresh_lag (gpointer data)
{
  LlCourierPage *self = data;
  g_autofree char *text = NULL;
  LlLagStats stats;

  ll_loop_monitor_get_stats_since (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)),
                                   LL_LAG_TIMER, self->run_start, &stats);
  text = g_strdup_printf (_("Loop lag: p99 %.1f ms · max %.1f ms"),
                          stats.p99 / 1000.0, stats.max / 1000.0);
  gtk_label_set_label (self->lag_label, text);
  /* Stalls leave the window as their samples do. */
  update_stall_label (self);

  return G_SOURCE_CONTINUE;
}

/* GObject and GtkWidget */

static void
ll_courier_page_map (GtkWidget *widget)
{
  LlCourierPage *self = LL_COURIER_PAGE (widget);
  LlLoopMonitor *monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));

  GTK_WIDGET_CLASS (ll_courier_page_parent_class)->map (widget);

  if (monitor == NULL)
    return;

  if (self->refresh_id == 0)
    self->refresh_id = ll_loop_monitor_add_timeout (monitor, REFRESH_MS, "refresh_lag",
                                                    refresh_lag, self, NULL);
  refresh_lag (self);
}

static void
ll_courier_page_unmap (GtkWidget *widget)
{
  LlCourierPage *self = LL_COURIER_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (ll_courier_page_parent_class)->unmap (widget);
}

static void
ll_courier_page_constructed (GObject *object)
{
  LlCourierPage *self = LL_COURIER_PAGE (object);
  LlLoopMonitor *monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));
  GApplication *app = g_application_get_default ();
  GSettings *settings = NULL;

  G_OBJECT_CLASS (ll_courier_page_parent_class)->constructed (object);

  if (LL_IS_APPLICATION (app))
    settings = ll_application_get_settings (LL_APPLICATION (app));
  if (settings != NULL)
    {
      static const struct
      {
        const char *key;
        gsize       offset;
      } bindings[] = {
        { "courier-couriers", G_STRUCT_OFFSET (LlCourierPage, couriers_adjustment) },
        { "courier-capacity", G_STRUCT_OFFSET (LlCourierPage, capacity_adjustment) },
        { "courier-parcels", G_STRUCT_OFFSET (LlCourierPage, parcels_adjustment) },
        { "courier-delivery-min", G_STRUCT_OFFSET (LlCourierPage, delivery_min_adjustment) },
        { "courier-delivery-max", G_STRUCT_OFFSET (LlCourierPage, delivery_max_adjustment) },
        { "courier-pause-min", G_STRUCT_OFFSET (LlCourierPage, pause_min_adjustment) },
        { "courier-pause-max", G_STRUCT_OFFSET (LlCourierPage, pause_max_adjustment) },
        { "courier-speed", G_STRUCT_OFFSET (LlCourierPage, speed_adjustment) },
        { "courier-seed", G_STRUCT_OFFSET (LlCourierPage, seed_adjustment) },
      };

      for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
        g_settings_bind (settings, bindings[i].key,
                         G_STRUCT_MEMBER (GtkAdjustment *, self, bindings[i].offset), "value",
                         G_SETTINGS_BIND_DEFAULT);
    }

  g_signal_connect (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view)), "notify::upper",
                    G_CALLBACK (follow_log_end), NULL);

  g_signal_connect_object (self->speed_adjustment, "value-changed",
                           G_CALLBACK (live_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delivery_min_adjustment, "value-changed",
                           G_CALLBACK (delivery_min_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delivery_max_adjustment, "value-changed",
                           G_CALLBACK (delivery_max_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pause_min_adjustment, "value-changed",
                           G_CALLBACK (pause_min_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pause_max_adjustment, "value-changed",
                           G_CALLBACK (pause_max_changed_cb), self, G_CONNECT_SWAPPED);

  if (monitor != NULL)
    {
      g_signal_connect_object (monitor, "stall", G_CALLBACK (stall_cb), self, G_CONNECT_SWAPPED);
      self->stall_meter = ll_stall_meter_new (monitor);
      gtk_box_append (self->stall_meter_box, self->stall_meter);
    }

  /* The page's own scheduler, on the real clock. */
  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  set_model (self, ll_courier_model_new (self->scheduler));

  blocking_changed_cb (self);
  update_stall_label (self);
  update_counters (self);
}

static void
ll_courier_page_dispose (GObject *object)
{
  LlCourierPage *self = LL_COURIER_PAGE (object);

  /* Leaving mid-run: the model stops its coroutines and lets go of them. */
  g_clear_pointer (&self->ticker, ll_ticker_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->view != NULL)
    set_model (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_COURIER_PAGE);
  self->stall_meter = NULL;

  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_courier_page_parent_class)->dispose (object);
}

static void
ll_courier_page_finalize (GObject *object)
{
  LlCourierPage *self = LL_COURIER_PAGE (object);

  g_string_free (self->pending_log, TRUE);

  G_OBJECT_CLASS (ll_courier_page_parent_class)->finalize (object);
}

static void
ll_courier_page_class_init (LlCourierPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_courier_page_constructed;
  object_class->dispose = ll_courier_page_dispose;
  object_class->finalize = ll_courier_page_finalize;

  widget_class->map = ll_courier_page_map;
  widget_class->unmap = ll_courier_page_unmap;

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_COURIER_VIEW);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/sim/ll-courier-model.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/sim/ll-courier-agenda.c");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-courier-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, blocking_switch);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, blocking_hint_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, stall_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, stall_meter_box);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, settings_expander);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, couriers_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, capacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, parcels_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, delivery_min_spin);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, pause_min_spin);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, delivery_min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, delivery_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, pause_min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, pause_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, produced_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, in_transit_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, delivered_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, view);
  gtk_widget_class_bind_template_child (widget_class, LlCourierPage, log_view);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, blocking_changed_cb);
}

static void
ll_courier_page_init (LlCourierPage *self)
{
  self->ticker = ll_ticker_new (GTK_WIDGET (self), tick_cb);

  self->pending_log = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Each range's first spin button has its own name ("Shortest
   * delivery"); GTK 4.8 would append the mnemonic label's to it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->delivery_min_spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->pause_min_spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/**
 * ll_courier_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_courier_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_COURIER_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_courier_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model of the current run
 */
LlCourierModel *
ll_courier_page_get_model (LlCourierPage *self)
{
  g_return_val_if_fail (LL_IS_COURIER_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_courier_page_get_view:
 * @self: a page
 *
 * Returns: (transfer none): the animated view
 */
GtkWidget *
ll_courier_page_get_view (LlCourierPage *self)
{
  g_return_val_if_fail (LL_IS_COURIER_PAGE (self), NULL);

  return GTK_WIDGET (self->view);
}

/**
 * ll_courier_page_dup_log:
 * @self: a page
 *
 * Returns: (transfer full): the delivery log as it reads on screen
 */
char *
ll_courier_page_dup_log (LlCourierPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (LL_IS_COURIER_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
