/* ll-pipeline-page.c: "Pipelines: source, filters, sinks"
 *
 * Runs the pipeline of app/pipe/ll-pipeline-model.c on the page's own
 * scheduler, on the window's loop: a log that grows at the chosen rate,
 * followed, grepped and printed, drawn live as a graph of its coroutines
 * (LlPipeGraph).  Pause stops follow() before its next send, Step lets
 * one line through (it goes all the way down before the send returns)
 * and highlights the line follow() waits at in the Source tab, Close
 * closes the chain from its head and the graph shows each stage closing
 * in turn.  The page reads the model ten times a second; it never
 * connects to each line the printer prints, which at 100 000 lines a
 * second would be the page's own flood.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipeline-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-heartbeat.h"
#include "ll-live-label.h"
#include "ll-pipe-graph.h"
#include "ll-pipeline-page.h"
#include "ll-wrap-box.h"

#define STAGES_SOURCE "app/pipe/ll-pipeline-stages.c"
#define N_PATTERN_ENTRIES 3
#define LOG_LINES 200
#define UPDATE_MS 100

struct _LlPipelinePage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkWidget       *simple_button;
  GtkWidget       *broadcast_button;
  GtkWidget       *fan_in_button;
  GtkSpinButton   *rate_spin;
  GtkWidget       *pattern_label;
  GtkEditable     *pattern_entry_0;
  GtkEditable     *pattern_entry_1;
  GtkEditable     *pattern_entry_2;
  GtkWidget       *start_button;
  GtkWidget       *pause_button;
  GtkWidget       *resume_button;
  GtkWidget       *step_button;
  GtkWidget       *close_button;
  GtkBox          *graph_box;
  LlLiveLabel     *figures_label;
  GtkLabel        *closed_label;
  GtkLabel        *error_label;
  GtkTextView     *log_view;

  /* owned references */
  LlScheduler     *scheduler;
  LlPipelineModel *model;

  /* borrowed */
  LlPipeGraph     *graph;

  /* pending source ids */
  guint            update_id;

  /* state */
  guint64          n_shown;        /* lines of the printer in the log view */
  guint            n_in_view;
  guint64          rate_from;      /* lines followed at the last rate sample */
  gint64           rate_time;
  double           rate;           /* lines followed a second */
};

G_DEFINE_FINAL_TYPE (LlPipelinePage, ll_pipeline_page, LL_TYPE_DEMO_PAGE)

static void update (LlPipelinePage *self);

static GtkEditable *
pattern_entry (LlPipelinePage *self,
               guint           index)
{
  GtkEditable *entries[N_PATTERN_ENTRIES] = { self->pattern_entry_0, self->pattern_entry_1, self->pattern_entry_2 };

  return entries[index];
}

static LlPipelineShape
chosen_shape (LlPipelinePage *self)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->broadcast_button)))
    return LL_PIPELINE_BROADCAST;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->fan_in_button)))
    return LL_PIPELINE_FAN_IN;
  return LL_PIPELINE_SIMPLE;
}

static void
show_error (LlPipelinePage *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
is_running (LlPipelinePage *self)
{
  return ll_pipeline_model_get_pipe (self->model) != NULL &&
         !ll_pipeline_model_get_finished (self->model);
}

static void
update_controls (LlPipelinePage *self)
{
  gboolean running = is_running (self);
  gboolean paused = ll_pipeline_model_get_paused (self->model);

  gtk_widget_set_sensitive (self->simple_button, !running);
  gtk_widget_set_sensitive (self->broadcast_button, !running);
  gtk_widget_set_sensitive (self->fan_in_button, !running);
  gtk_widget_set_sensitive (self->pause_button, running && !paused);
  gtk_widget_set_visible (self->pause_button, !(running && paused));
  gtk_widget_set_visible (self->resume_button, running && paused);
  gtk_widget_set_sensitive (self->step_button, !running || ll_pipeline_model_can_step (self->model));
  gtk_widget_set_sensitive (self->close_button, running);
}

/* The entries that count for the shape chosen: three for a broadcast. */
static void
update_entries (LlPipelinePage *self)
{
  gboolean broadcast = chosen_shape (self) == LL_PIPELINE_BROADCAST;

  gtk_widget_set_visible (GTK_WIDGET (self->pattern_entry_1), broadcast);
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_entry_2), broadcast);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->pattern_label),
                                    broadcast ? _("_Patterns") : _("_Pattern"));
}

/* The printer's newest lines, appended; no more than LOG_LINES kept. */
static void
update_log (LlPipelinePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  guint64 printed = ll_pipeline_model_get_n_printed (self->model);
  guint n_recent = ll_pipeline_model_get_n_recent (self->model);
  guint64 first_kept = printed - n_recent;
  g_autoptr(GString) text = g_string_new (NULL);
  GtkTextIter end;

  if (printed == self->n_shown)
    return;

  if (printed < self->n_shown || self->n_shown < first_kept)
    {
      /* A new run, or too many lines since the last look: start over
       * from the newest the model keeps. */
      gtk_text_buffer_set_text (buffer, "", 0);
      self->n_in_view = 0;
      self->n_shown = first_kept;
    }

  for (guint64 i = self->n_shown; i < printed; i++)
    {
      g_string_append (text, ll_pipeline_model_get_recent (self->model, (guint) (i - first_kept)));
      g_string_append_c (text, '\n');
      self->n_in_view++;
    }
  self->n_shown = printed;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text->str, text->len);

  if (self->n_in_view > LOG_LINES)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, self->n_in_view - LOG_LINES);
      gtk_text_buffer_delete (buffer, &start, &cut);
      self->n_in_view = LOG_LINES;
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_iter (self->log_view, &end, 0.0, FALSE, 0.0, 1.0);
}

static void
update_figures (LlPipelinePage *self)
{
  guint64 followed = ll_pipeline_model_get_n_followed (self->model);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *written = g_strdup_printf ("%llu", (unsigned long long) ll_pipeline_model_get_n_written (self->model));
  g_autofree char *sent = g_strdup_printf ("%llu", (unsigned long long) followed);
  g_autofree char *printed = g_strdup_printf ("%llu", (unsigned long long) ll_pipeline_model_get_n_printed (self->model));
  g_autofree char *text = NULL;

  /* The rate over the last half second or more, so that it reads calmly. */
  if (now - self->rate_time >= G_USEC_PER_SEC / 2)
    {
      if (self->rate_time > 0 && followed >= self->rate_from)
        self->rate = (followed - self->rate_from) * (double) G_USEC_PER_SEC / (now - self->rate_time);
      self->rate_from = followed;
      self->rate_time = now;
    }

  if (ll_pipeline_model_get_pipe (self->model) == NULL)
    text = g_strdup (_("Press Start to follow the log, or Step to send one line at a time."));
  else if (ll_pipeline_model_get_paused (self->model) && is_running (self))
    /* Translators: lines written to the log, sent by follow(), printed by printer() */
    text = g_strdup_printf (_("Paused: follow() waits before its next send. Log %s lines · follow() sent %s · printer() printed %s"),
                            written, sent, printed);
  else
    /* Translators: lines written to the log, sent by follow(), printed by printer(), lines a second */
    text = g_strdup_printf (_("Log %s lines · follow() sent %s · printer() printed %s · %.0f lines/s"),
                            written, sent, printed, self->rate);
  ll_live_label_set_text (self->figures_label, text);
}

/* The stages in the order their cleanups ran, once Close was pressed. */
static void
update_closed (LlPipelinePage *self)
{
  LlPipe *pipe = ll_pipeline_model_get_pipe (self->model);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;
  const guint *order;
  guint n_closed = 0;

  if (pipe != NULL)
    order = ll_pipe_get_close_order (pipe, &n_closed);
  if (n_closed == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->closed_label), FALSE);
      return;
    }

  for (guint i = 0; i < n_closed; i++)
    {
      if (i > 0)
        g_string_append (names, " → ");
      g_string_append (names, ll_pipe_node_get_label (pipe, order[i]));
    }
  /* Translators: %s is the stages, "follow() → grep('python') → printer()" */
  text = g_strdup_printf (_("Cleanups ran in this order: %s"), names->str);
  gtk_label_set_label (self->closed_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_label), TRUE);
}

/* Where a paused pipeline waits: the graph's highlight and the line of
 * follow() in the Source tab. */
static void
update_step_point (LlPipelinePage *self)
{
  gboolean waiting = is_running (self) && ll_pipeline_model_get_paused (self->model) &&
                     ll_pipeline_model_get_waiting (self->model) > 0;
  int line = waiting ? ll_pipeline_model_get_waiting_line (self->model) : 0;

  ll_pipe_graph_set_highlight (self->graph, waiting ? ll_pipeline_model_get_source_node (self->model, 0)
                                                    : LL_PIPE_NO_NODE);
  ll_demo_page_set_line (LL_DEMO_PAGE (self), STAGES_SOURCE, line);
}

static void
stop_updates (LlPipelinePage *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
}

static void
update (LlPipelinePage *self)
{
  const GError *error = ll_pipeline_model_get_error (self->model);

  update_log (self);
  update_figures (self);
  update_closed (self);
  update_step_point (self);
  update_controls (self);
  if (error != NULL)
    {
      /* Translators: %s says why, from GIO */
      g_autofree char *text = g_strdup_printf (_("The pipeline stopped: %s"), error->message);

      show_error (self, text);
    }

  ll_pipe_graph_set_running (self->graph, is_running (self) && !ll_pipeline_model_get_paused (self->model));
  if (!ll_pipe_graph_get_running (self->graph))
    ll_pipe_graph_refresh (self->graph);
}

static gboolean
update_cb (gpointer data)
{
  LlPipelinePage *self = data;

  update (self);
  if (is_running (self))
    return G_SOURCE_CONTINUE;

  self->update_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_updates (LlPipelinePage *self)
{
  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_MS, update_cb, self);
}

static void
start (LlPipelinePage *self,
       gboolean        paused)
{
  LlPipelineShape shape = chosen_shape (self);
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);
  ll_pipeline_model_set_shape (self->model, shape);
  if (shape == LL_PIPELINE_BROADCAST)
    {
      const char *patterns[N_PATTERN_ENTRIES + 1] = { NULL };

      for (guint i = 0; i < N_PATTERN_ENTRIES; i++)
        patterns[i] = gtk_editable_get_text (pattern_entry (self, i));
      ll_pipeline_model_set_branches (self->model, patterns);
    }
  else
    {
      const char *patterns[] = { gtk_editable_get_text (self->pattern_entry_0), NULL };

      ll_pipeline_model_set_branches (self->model, patterns);
    }
  ll_pipeline_model_set_rate (self->model, gtk_spin_button_get_value_as_int (self->rate_spin));
  ll_pipeline_model_set_paused (self->model, paused);

  self->rate = 0;
  self->rate_time = 0;
  if (!ll_pipeline_model_start (self->model, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The log could not be made: %s"), error->message);

      show_error (self, text);
      return;
    }

  ll_pipe_graph_set_pipe (self->graph, ll_pipeline_model_get_pipe (self->model));
  update (self);
  start_updates (self);
}

static void
start_clicked_cb (LlPipelinePage *self)
{
  /* A run of the window's has no end but Close. */
  ll_pipeline_model_set_n_lines (self->model, 0);
  start (self, FALSE);
}

static void
pause_clicked_cb (LlPipelinePage *self)
{
  ll_pipeline_model_set_paused (self->model, TRUE);
  update (self);
}

static void
resume_clicked_cb (LlPipelinePage *self)
{
  ll_pipeline_model_set_paused (self->model, FALSE);
  update (self);
}

static void
step_clicked_cb (LlPipelinePage *self)
{
  /* Step with nothing under way starts a run that waits for steps. */
  if (!is_running (self))
    start (self, TRUE);
  ll_sim_model_step (LL_SIM_MODEL (self->model));
}

static void
close_clicked_cb (LlPipelinePage *self)
{
  ll_pipeline_model_close (self->model);
  update (self);
}

static void
shape_toggled_cb (LlPipelinePage *self)
{
  update_entries (self);
}

static void
rate_changed_cb (LlPipelinePage *self)
{
  ll_pipeline_model_set_rate (self->model, gtk_spin_button_get_value_as_int (self->rate_spin));
}

/* An edited pattern applies to the run under way at once, to the lines
 * from then on. */
static void
pattern_changed_cb (LlPipelinePage *self,
                    GtkEditable    *entry)
{
  if (!is_running (self))
    return;

  for (guint i = 0; i < ll_pipeline_model_get_n_patterns (self->model); i++)
    {
      if (pattern_entry (self, i) == entry)
        {
          ll_pipeline_model_set_pattern (self->model, i, gtk_editable_get_text (entry));
          ll_pipe_graph_refresh (self->graph);
        }
    }
}

static void
finished_cb (LlPipelinePage *self)
{
  update (self);
}

static void
stop (LlPipelinePage *self)
{
  stop_updates (self);
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
  ll_pipe_graph_set_pipe (self->graph, NULL);
  ll_demo_page_set_line (LL_DEMO_PAGE (self), STAGES_SOURCE, 0);
  update (self);
}

static void
ll_pipeline_page_unmap (GtkWidget *widget)
{
  /* Out of sight, no log grows. */
  stop (LL_PIPELINE_PAGE (widget));

  GTK_WIDGET_CLASS (ll_pipeline_page_parent_class)->unmap (widget);
}

static void
ll_pipeline_page_constructed (GObject *object)
{
  LlPipelinePage *self = LL_PIPELINE_PAGE (object);

  G_OBJECT_CLASS (ll_pipeline_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_pipeline_model_new (self->scheduler);
  self->graph = LL_PIPE_GRAPH (ll_pipe_graph_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->graph), -1, 260);
  gtk_box_append (self->graph_box, GTK_WIDGET (self->graph));

  g_signal_connect_object (self->model, "notify::finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
  update_entries (self);
  update (self);
}

static void
ll_pipeline_page_dispose (GObject *object)
{
  LlPipelinePage *self = LL_PIPELINE_PAGE (object);

  stop_updates (self);
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_PIPELINE_PAGE);

  self->graph = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_pipeline_page_parent_class)->dispose (object);
}

static void
ll_pipeline_page_class_init (LlPipelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_pipeline_page_constructed;
  object_class->dispose = ll_pipeline_page_dispose;

  widget_class->unmap = ll_pipeline_page_unmap;

  ll_demo_page_class_add_source (page_class, STAGES_SOURCE);
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-pipe.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-pipeline-model.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-step-gate.c");
  ll_demo_page_class_add_rendering (page_class, "resources/python/pipeline.py",
                                    N_("_Python: generators"),
                                    N_("The notes’ pipeline in Python: follow(), grep(), broadcast() and printer() as generators that send() to each other."));

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_WRAP_BOX);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-pipeline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, simple_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, broadcast_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, fan_in_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, pattern_entry_0);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, pattern_entry_1);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, pattern_entry_2);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, graph_box);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, figures_label);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LlPipelinePage, log_view);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, resume_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, shape_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, rate_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pattern_changed_cb);
}

static void
ll_pipeline_page_init (LlPipelinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_pipeline_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_pipeline_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_PIPELINE_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_pipeline_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlPipelineModel *
ll_pipeline_page_get_model (LlPipelinePage *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_pipeline_page_run:
 * @self: a page
 * @shape: the pipeline's shape
 * @rate: lines a second
 * @n_lines: how many lines each log gets before the run ends
 *
 * Starts a run as the controls would, one that ends by itself once
 * follow() has read @n_lines lines (for the window's benchmark,
 * ui/ll-measure.c).
 */
void
ll_pipeline_page_run (LlPipelinePage  *self,
                      LlPipelineShape  shape,
                      guint            rate,
                      guint64          n_lines)
{
  GtkWidget *buttons[] = { self->simple_button, self->broadcast_button, self->fan_in_button };

  g_return_if_fail (LL_IS_PIPELINE_PAGE (self));
  g_return_if_fail (shape <= LL_PIPELINE_FAN_IN);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (buttons[shape]), TRUE);
  gtk_spin_button_set_value (self->rate_spin, rate);
  ll_pipeline_model_set_n_lines (self->model, n_lines);
  start (self, FALSE);
}
