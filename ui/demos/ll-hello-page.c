/* ll-hello-page.c: "Hello world, gathered tasks"
 *
 * Runs the gather of app/sim/ll-hello-model.c on the page's own
 * scheduler, on the real clock and the window's own loop: Run starts
 * them all at once, Step resumes one task at a time and highlights the
 * line about to run in the three spellings of the program (this app's C,
 * and the notes' two Python ones).  Under the view, the thread every line
 * ran on and how long the loop took against the sum of the sleeps; the
 * heartbeat and the loop lag say the loop never stood still meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-heartbeat.h"
#include "ll-hello-page.h"
#include "ll-hello-view.h"
#include "ll-live-label.h"
#include "ll-workload-card.h"

/* The transcript shows the first lines of a run; the terminal has them
 * all (`looplab-cli run hello`).  A label of 200 000 lines would cost
 * the window more than the tasks do. */
#define TRANSCRIPT_MAX_LINES 100

struct _LlHelloPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkAdjustment *tasks_adjustment;
  GtkAdjustment *sleep_adjustment;
  GtkWidget     *run_button;
  GtkWidget     *step_button;
  GtkWidget     *reset_button;
  GtkBox        *view_box;
  LlLiveLabel   *status_label;
  GtkLabel      *summary_label;
  GtkLabel      *thread_label;
  LlLiveLabel   *lag_label;
  GtkLabel      *transcript_label;

  /* owned references */
  LlScheduler   *scheduler;
  LlHelloModel  *model;
  GString       *transcript;

  /* borrowed */
  LlHelloView   *view;
  GThread       *main_thread;   /* the window's, which draws it */

  /* pending source ids */
  guint          figures_id;    /* the figures, while a run is on */
  guint          wake_id;       /* a stepped run: the first wake */

  /* state */
  guint          n_lines;
  gboolean       stepping;      /* the run is a stepped one */
  gint64         run_start;     /* monotonic µs, for the lag of the run */
};

G_DEFINE_FINAL_TYPE (LlHelloPage, ll_hello_page, LL_TYPE_DEMO_PAGE)

static void
line_cb (LlHelloPage *self,
         const char  *line)
{
  if (self->n_lines++ < TRANSCRIPT_MAX_LINES)
    g_string_append_printf (self->transcript, self->transcript->len > 0 ? "\n%s" : "%s", line);
}

static void
update_transcript (LlHelloPage *self)
{
  g_autofree char *text = NULL;

  if (self->n_lines <= TRANSCRIPT_MAX_LINES)
    {
      gtk_label_set_label (self->transcript_label, self->transcript->str);
      return;
    }

  text = g_strdup_printf (ngettext ("%s\n… and %u more line: `looplab-cli run hello` prints them all.",
                                    "%s\n… and %u more lines: `looplab-cli run hello` prints them all.",
                                    self->n_lines - TRANSCRIPT_MAX_LINES),
                          self->transcript->str, self->n_lines - TRANSCRIPT_MAX_LINES);
  gtk_label_set_label (self->transcript_label, text);
}

/* The line about to run in each spelling, while a stepped run waits. */
static void
update_lines (LlHelloPage *self)
{
  LlHelloPoint point = LL_HELLO_POINT_START;
  guint next = self->stepping ? ll_hello_model_get_next (self->model, &point) : 0;

  for (LlHelloSpelling s = 0; s < LL_HELLO_N_SPELLINGS; s++)
    ll_demo_page_set_line (LL_DEMO_PAGE (self), ll_hello_spelling_get_path (s),
                           next > 0 ? ll_hello_point_get_line (s, point) : 0);
  ll_hello_view_set_next (self->view, next);
}

static void
update_status (LlHelloPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));
  guint n = ll_hello_model_get_n_tasks (self->model);
  guint n_hello = ll_hello_model_get_n_hello (self->model);
  guint n_awake = ll_hello_model_get_n_awake (self->model);
  g_autofree char *text = NULL;

  if (!running && n_hello == 0)
    text = g_strdup (_("Not started."));
  else if (self->stepping && running && ll_hello_model_get_next (self->model, NULL) == 0)
    {
      gint64 wake = ll_hello_model_get_next_wake (self->model);
      double in = MAX (0, wake - ll_scheduler_get_time (self->scheduler)) / (double) G_TIME_SPAN_SECOND;

      /* Translators: %.1f is seconds */
      text = g_strdup_printf (_("Every task is asleep: the loop is free. The first wakes in %.1f s."), in);
    }
  else
    /* Translators: counts of tasks */
    text = g_strdup_printf (_("%u of %u said “Hello world!”, %u awake again."), n_hello, n, n_awake);

  ll_live_label_set_text (self->status_label, text);
}

static void
update_lag (LlHelloPage *self)
{
  LlLoopMonitor *monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (self));
  LlLagStats frames, timer;
  g_autofree char *p99 = NULL;
  g_autofree char *max = NULL;
  g_autofree char *timer_max = NULL;
  g_autofree char *text = NULL;

  if (self->run_start == 0)
    {
      ll_live_label_set_text (self->lag_label, "");
      return;
    }

  ll_loop_monitor_get_stats_since (monitor, LL_LAG_FRAME, self->run_start, &frames);
  ll_loop_monitor_get_stats_since (monitor, LL_LAG_TIMER, self->run_start, &timer);
  p99 = ll_workload_card_format_ms (frames.p99);
  max = ll_workload_card_format_ms (frames.max);
  timer_max = ll_workload_card_format_ms (timer.max);
  /* Translators: how late the window's frames and a timer were since Run */
  text = g_strdup_printf (_("Since the run began: frames late p99 %s, max %s; a timer late at most %s."),
                          p99, max, timer_max);
  ll_live_label_set_text (self->lag_label, text);
}

static void
update_summary (LlHelloPage *self)
{
  guint n = ll_hello_model_get_n_tasks (self->model);
  gint64 elapsed = ll_hello_model_get_elapsed (self->model);
  GThread *thread = ll_hello_model_get_thread (self->model);
  g_autofree char *summary = NULL;
  g_autofree char *where = NULL;

  if (elapsed >= 0)
    {
      double slept = n * (double) ll_hello_model_get_sleep_msec (self->model) / 1000.0;

      /* Translators: "2 tasks slept 2.0 s in total; the loop took 1.0 s." */
      summary = g_strdup_printf (ngettext ("%u task slept %.1f s in total; the loop took %.1f s.",
                                           "%u tasks slept %.1f s in total; the loop took %.1f s.", n),
                                 n, slept, elapsed / (double) G_TIME_SPAN_SECOND);
    }
  else if (self->stepping)
    summary = g_strdup (_("Stepping: each Step resumes the first task that is ready. A task that sleeps is not ready until its time is up."));
  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");

  if (thread == NULL)
    where = g_strdup ("");
  else if (!ll_hello_model_get_one_thread (self->model))
    where = g_strdup (_("The lines ran on more than one thread."));
  else
    where = g_strdup_printf (thread == self->main_thread
                             ? _("Every line ran on thread %p, the window’s main thread: the one that also draws this page.")
                             : _("Every line ran on thread %p."),
                             (gpointer) thread);
  gtk_label_set_label (self->thread_label, where);
}

static void
update_all (LlHelloPage *self)
{
  update_transcript (self);
  update_status (self);
  update_summary (self);
  update_lag (self);
  update_lines (self);
}

/* The figures four times a second while a run is on: a label's change
 * costs a layout, and a timer, unlike a tick callback, does not keep the
 * frame clock running at the display's rate. */
static gboolean
figures_cb (gpointer data)
{
  update_all (LL_HELLO_PAGE (data));

  return G_SOURCE_CONTINUE;
}

static void
stop_updates (LlHelloPage *self)
{
  g_clear_handle_id (&self->figures_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);
}

static void
running_cb (LlHelloPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));

  if (running && self->figures_id == 0)
    self->figures_id = g_timeout_add (250, figures_cb, self);
  else if (!running)
    stop_updates (self);

  gtk_widget_set_sensitive (self->reset_button, running || ll_hello_model_get_n_hello (self->model) > 0);
  update_all (self);
}

static void update_step_button (LlHelloPage *self);

static gboolean
woke_cb (gpointer data)
{
  LlHelloPage *self = data;

  self->wake_id = 0;
  update_step_button (self);
  update_all (self);

  return G_SOURCE_REMOVE;
}

/* In a stepped run, Step waits while every task sleeps: until the first
 * wakes, which a timer notices. */
static void
update_step_button (LlHelloPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));
  gint64 wake;

  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (!self->stepping || !running || ll_hello_model_get_next (self->model, NULL) > 0)
    {
      gtk_widget_set_sensitive (self->step_button, TRUE);
      return;
    }

  gtk_widget_set_sensitive (self->step_button, FALSE);
  wake = ll_hello_model_get_next_wake (self->model);
  if (wake >= 0)
    self->wake_id = g_timeout_add (MAX (0, wake - ll_scheduler_get_time (self->scheduler)) / 1000 + 1,
                                   woke_cb, self);
}

static void
start (LlHelloPage *self,
       gboolean     stepping)
{
  guint n = (guint) gtk_adjustment_get_value (self->tasks_adjustment);
  guint sleep_msec = (guint) (gtk_adjustment_get_value (self->sleep_adjustment) * 1000.0 + 0.5);

  g_string_truncate (self->transcript, 0);
  self->n_lines = 0;
  self->stepping = stepping;
  self->run_start = g_get_monotonic_time ();
  ll_scheduler_set_step_mode (self->scheduler, stepping);
  ll_hello_model_start (self->model, n, CLAMP (sleep_msec, LL_HELLO_MIN_SLEEP_MSEC, LL_HELLO_MAX_SLEEP_MSEC));
  update_step_button (self);
}

static void
run_clicked_cb (LlHelloPage *self)
{
  start (self, FALSE);
}

/**
 * ll_hello_page_run:
 * @self: a page
 * @n_tasks: 1 to %LL_HELLO_MAX_TASKS
 * @sleep_msec: %LL_HELLO_MIN_SLEEP_MSEC to %LL_HELLO_MAX_SLEEP_MSEC
 *
 * Sets the controls and runs, as the Run button does.
 */
void
ll_hello_page_run (LlHelloPage *self,
                   guint        n_tasks,
                   guint        sleep_msec)
{
  g_return_if_fail (LL_IS_HELLO_PAGE (self));
  g_return_if_fail (n_tasks >= 1 && n_tasks <= LL_HELLO_MAX_TASKS);
  g_return_if_fail (sleep_msec >= LL_HELLO_MIN_SLEEP_MSEC && sleep_msec <= LL_HELLO_MAX_SLEEP_MSEC);

  gtk_adjustment_set_value (self->tasks_adjustment, n_tasks);
  gtk_adjustment_set_value (self->sleep_adjustment, sleep_msec / 1000.0);
  start (self, FALSE);
}

static void
step_clicked_cb (LlHelloPage *self)
{
  if (!self->stepping || !ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    start (self, TRUE);

  ll_sim_model_step (LL_SIM_MODEL (self->model));
  update_step_button (self);
  update_all (self);
}

static void
reset (LlHelloPage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
  ll_scheduler_set_step_mode (self->scheduler, FALSE);
  self->stepping = FALSE;
  self->run_start = 0;
  update_step_button (self);
}

static void
reset_clicked_cb (LlHelloPage *self)
{
  reset (self);
  ll_hello_model_clear (self->model);
  g_string_truncate (self->transcript, 0);
  self->n_lines = 0;
  update_all (self);
  gtk_widget_set_sensitive (self->reset_button, FALSE);
}

static void
ll_hello_page_unmap (GtkWidget *widget)
{
  /* Out of sight, no run. */
  reset (LL_HELLO_PAGE (widget));

  GTK_WIDGET_CLASS (ll_hello_page_parent_class)->unmap (widget);
}

static void
ll_hello_page_constructed (GObject *object)
{
  LlHelloPage *self = LL_HELLO_PAGE (object);

  G_OBJECT_CLASS (ll_hello_page_parent_class)->constructed (object);

  self->main_thread = g_thread_self ();
  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_hello_model_new (self->scheduler);
  self->view = LL_HELLO_VIEW (ll_hello_view_new (self->model));
  gtk_box_append (self->view_box, GTK_WIDGET (self->view));

  g_signal_connect_object (self->model, "line", G_CALLBACK (line_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  update_all (self);
}

static void
ll_hello_page_dispose (GObject *object)
{
  LlHelloPage *self = LL_HELLO_PAGE (object);

  stop_updates (self);
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_HELLO_PAGE);

  self->view = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_hello_page_parent_class)->dispose (object);
}

static void
ll_hello_page_finalize (GObject *object)
{
  LlHelloPage *self = LL_HELLO_PAGE (object);

  g_string_free (self->transcript, TRUE);

  G_OBJECT_CLASS (ll_hello_page_parent_class)->finalize (object);
}

static void
ll_hello_page_class_init (LlHelloPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_hello_page_constructed;
  object_class->dispose = ll_hello_page_dispose;
  object_class->finalize = ll_hello_page_finalize;

  widget_class->unmap = ll_hello_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/sim/ll-hello-model.c");
  ll_demo_page_class_add_rendering (page_class, ll_hello_spelling_get_path (LL_HELLO_SPELLING_C),
                                    N_("_C (this app)"),
                                    N_("The coroutine this page runs, from the app’s own source: the highlighted line is the one the next Step runs."));
  ll_demo_page_class_add_rendering (page_class, ll_hello_spelling_get_path (LL_HELLO_SPELLING_GENERATOR),
                                    N_("Python: _generator-based"),
                                    N_("The notes’ first spelling: @asyncio.coroutine marks the generator, yield from hands control to the loop (Python 3.4 to 3.10)."));
  ll_demo_page_class_add_rendering (page_class, ll_hello_spelling_get_path (LL_HELLO_SPELLING_ASYNC),
                                    N_("Python: _async/await"),
                                    N_("The newer spelling of the same program: async def replaces @asyncio.coroutine, await replaces yield from; nothing else changes."));

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-hello-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, tasks_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, sleep_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, view_box);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, thread_label);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlHelloPage, transcript_label);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
ll_hello_page_init (LlHelloPage *self)
{
  self->transcript = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_hello_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_hello_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_HELLO_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_hello_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlHelloModel *
ll_hello_page_get_model (LlHelloPage *self)
{
  g_return_val_if_fail (LL_IS_HELLO_PAGE (self), NULL);

  return self->model;
}
