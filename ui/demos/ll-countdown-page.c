/* ll-countdown-page.c: "Countdown", a generator fed without blocking
 *
 * Runs the countdown of app/sim/ll-countdown-model.c on the page's own
 * scheduler, on the real clock: a producer sends n down to 1 to a
 * consumer generator, sleeping a second between two sends.  The page
 * also times the coroutines themselves, through the scheduler's event
 * stream, to set the few microseconds they run against the seconds the
 * loop is free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-countdown-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-countdown-page.h"
#include "ll-countdown-view.h"
#include "ll-heartbeat.h"
#include "ll-stepper.h"

struct _LlCountdownPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkAdjustment *from_adjustment;
  GtkWidget     *start_button;
  GtkWidget     *stop_button;
  GtkBox        *view_box;
  GtkLabel      *time_label;
  GtkLabel      *transcript_label;

  /* owned references */
  LlScheduler      *scheduler;
  LlCountdownModel *model;
  GString          *transcript;

  /* pending source ids */
  guint          text_tick_id;

  /* state: how long the coroutines ran, from the event stream */
  gint64         resumed_at;
  gint64         ran;
};

G_DEFINE_FINAL_TYPE (LlCountdownPage, ll_countdown_page, LL_TYPE_DEMO_PAGE)

/* Runs in the middle of a resume: it only reads the clock. */
static void
event_cb (const LlCoEvent *event,
          gpointer         user_data)
{
  LlCountdownPage *self = user_data;

  if (event->kind == LL_CO_EVENT_RESUMED)
    self->resumed_at = g_get_monotonic_time ();
  else if (self->resumed_at != 0)
    {
      self->ran += g_get_monotonic_time () - self->resumed_at;
      self->resumed_at = 0;
    }
}

static void
update_time (LlCountdownPage *self)
{
  g_autofree char *text = NULL;
  const gint64 *received;
  guint n_received;
  gint64 elapsed;

  received = ll_countdown_model_get_received_at (self->model, &n_received);
  if (n_received == 0)
    {
      gtk_label_set_label (self->time_label, _("Press Start: the producer will send 10 down to 1, a second apart."));
      return;
    }

  elapsed = received[n_received - 1] - ll_countdown_model_get_start_time (self->model);
  text = g_strdup_printf (_("The countdown’s coroutines ran for %.0f µs in all; of the %.1f s that passed, the loop had the rest free."),
                          (double) self->ran, elapsed / (double) G_TIME_SPAN_SECOND);
  gtk_label_set_label (self->time_label, text);
}

static gboolean
update_text_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  LlCountdownPage *self = LL_COUNTDOWN_PAGE (widget);

  gtk_label_set_label (self->transcript_label, self->transcript->str);
  update_time (self);
  self->text_tick_id = 0;

  return G_SOURCE_REMOVE;
}

/* Runs inside the consumer: it only takes the line down, so that the
 * time measured is the coroutines' own.  The labels follow at the next
 * frame. */
static void
line_cb (LlCountdownPage *self,
         const char      *line)
{
  g_string_append_printf (self->transcript, self->transcript->len > 0 ? "\n%s" : "%s", line);
  if (self->text_tick_id == 0)
    self->text_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_text_cb, NULL, NULL);
}

static void
running_cb (LlCountdownPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));

  gtk_widget_set_sensitive (self->stop_button, running);
  update_time (self);
}

/**
 * ll_countdown_page_start:
 * @self: a page
 * @from: where to start, 1 to 20
 *
 * Starts the countdown afresh, as the Start button does.
 */
void
ll_countdown_page_start (LlCountdownPage *self,
                         guint            from)
{
  g_return_if_fail (LL_IS_COUNTDOWN_PAGE (self));
  g_return_if_fail (from >= 1 && from <= 20);

  gtk_adjustment_set_value (self->from_adjustment, from);
  g_string_truncate (self->transcript, 0);
  gtk_label_set_label (self->transcript_label, "");
  self->ran = 0;
  self->resumed_at = 0;
  ll_countdown_model_start (self->model, from);
}

static void
start_clicked_cb (LlCountdownPage *self)
{
  ll_countdown_page_start (self, (guint) gtk_adjustment_get_value (self->from_adjustment));
}

static void
stop_clicked_cb (LlCountdownPage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
}

static void
ll_countdown_page_unmap (GtkWidget *widget)
{
  LlCountdownPage *self = LL_COUNTDOWN_PAGE (widget);

  /* Out of sight, no countdown. */
  ll_sim_model_stop (LL_SIM_MODEL (self->model));

  GTK_WIDGET_CLASS (ll_countdown_page_parent_class)->unmap (widget);
}

static void
ll_countdown_page_constructed (GObject *object)
{
  LlCountdownPage *self = LL_COUNTDOWN_PAGE (object);

  G_OBJECT_CLASS (ll_countdown_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  ll_scheduler_set_event_func (self->scheduler, event_cb, self, NULL);
  self->model = ll_countdown_model_new (self->scheduler);
  gtk_box_append (self->view_box, ll_countdown_view_new (self->model));

  g_signal_connect_object (self->model, "line", G_CALLBACK (line_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  update_time (self);
}

static void
ll_countdown_page_dispose (GObject *object)
{
  LlCountdownPage *self = LL_COUNTDOWN_PAGE (object);

  if (self->text_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->text_tick_id);
      self->text_tick_id = 0;
    }
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));
  if (self->scheduler != NULL)
    ll_scheduler_set_event_func (self->scheduler, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_COUNTDOWN_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_countdown_page_parent_class)->dispose (object);
}

static void
ll_countdown_page_finalize (GObject *object)
{
  LlCountdownPage *self = LL_COUNTDOWN_PAGE (object);

  g_string_free (self->transcript, TRUE);

  G_OBJECT_CLASS (ll_countdown_page_parent_class)->finalize (object);
}

static void
ll_countdown_page_class_init (LlCountdownPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_countdown_page_constructed;
  object_class->dispose = ll_countdown_page_dispose;
  object_class->finalize = ll_countdown_page_finalize;

  widget_class->unmap = ll_countdown_page_unmap;

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/sim/ll-countdown-model.c");

  g_type_ensure (LL_TYPE_HEARTBEAT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-countdown-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, from_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, view_box);
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, LlCountdownPage, transcript_label);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
}

static void
ll_countdown_page_init (LlCountdownPage *self)
{
  self->transcript = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_countdown_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_countdown_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_COUNTDOWN_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_countdown_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlCountdownModel *
ll_countdown_page_get_model (LlCountdownPage *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_PAGE (self), NULL);

  return self->model;
}
