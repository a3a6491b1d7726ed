/* ll-environments-page.c: "One coroutine, three environments"
 *
 * Runs app/pipe/ll-environments-model.c: the chain of sax-bus (the same
 * coroutines of ll-bus-chain.c) on the same feed, on this window's loop,
 * then in a worker thread fed through a GAsyncQueue, then in a
 * `looplab-cli` subprocess fed over its stdin.  One row per environment
 * with what it found (the count and the start of the SHA-256 of the
 * list), its rate and the time on each side of the boundary, and the
 * ratio of its rate to the main loop's; under it, whether the three
 * lists are the same.  The page reads the model on a timer while a run
 * lasts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-bus-feed.h"
#include "ll-environments-page.h"
#include "ll-heartbeat.h"
#include "ll-table.h"
#include "ll-wrap-box.h"

#define UPDATE_MS 100

enum {
  COLUMN_NAME,
  COLUMN_STATE,
  COLUMN_BUSES,
  COLUMN_CHECKSUM,
  COLUMN_RATE,
  COLUMN_RATIO,
  COLUMN_LOOP,
  COLUMN_OTHER,
  COLUMN_WALL,
  N_COLUMNS,
};

struct _LlEnvironmentsPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkSpinButton   *buses_spin;
  GtkEditable     *route_entry;
  GtkDropDown     *direction_drop;
  GtkWidget       *run_button;
  GtkWidget       *stop_button;
  GtkProgressBar  *progress_bar;
  GtkGrid         *grid;
  GtkLabel        *verdict_label;
  GtkLabel        *error_label;

  /* owned references */
  LlScheduler         *scheduler;
  LlEnvironmentsModel *model;

  /* borrowed */
  GtkLabel        *cells[LL_N_ENVIRONMENTS][N_COLUMNS];

  /* pending source ids */
  guint            update_id;
};

G_DEFINE_FINAL_TYPE (LlEnvironmentsPage, ll_environments_page, LL_TYPE_DEMO_PAGE)

static char *
format_seconds (gint64 usec)
{
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), usec / (double) G_TIME_SPAN_SECOND);
}

static const char *
state_words (LlEnvironmentState state)
{
  switch (state)
    {
    case LL_ENVIRONMENT_STATE_IDLE:
      return _("not run");
    case LL_ENVIRONMENT_STATE_WAITING:
      return _("waiting its turn");
    case LL_ENVIRONMENT_STATE_RUNNING:
      return _("running");
    case LL_ENVIRONMENT_STATE_FINISHED:
      return _("done");
    case LL_ENVIRONMENT_STATE_FAILED:
      return _("failed");
    case LL_ENVIRONMENT_STATE_STOPPED:
      return _("stopped");
    default:
      g_return_val_if_reached ("");
    }
}

static gboolean
is_running (LlEnvironmentsPage *self)
{
  return ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

static void
set_cell (LlEnvironmentsPage *self,
          LlEnvironment       environment,
          int                 column,
          const char         *text)
{
  gtk_label_set_label (self->cells[environment][column], text);
}

static void
update_row (LlEnvironmentsPage *self,
            LlEnvironment       environment)
{
  const LlEnvironmentFigures *figures = ll_environments_model_get_figures (self->model, environment);
  const LlEnvironmentFigures *loop = ll_environments_model_get_figures (self->model, LL_ENVIRONMENT_MAIN_LOOP);
  const char *checksum = ll_environments_model_get_checksum (self->model, environment);
  gboolean done = figures->state == LL_ENVIRONMENT_STATE_FINISHED;
  g_autofree char *buses = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *ratio = NULL;
  g_autofree char *loop_time = NULL;
  g_autofree char *other = NULL;
  g_autofree char *wall = NULL;

  set_cell (self, environment, COLUMN_STATE, state_words (figures->state));
  if (figures->state == LL_ENVIRONMENT_STATE_IDLE || figures->state == LL_ENVIRONMENT_STATE_WAITING)
    {
      for (int column = COLUMN_BUSES; column < N_COLUMNS; column++)
        set_cell (self, environment, column, "—");
      return;
    }

  buses = g_strdup_printf ("%u", figures->n_matches);
  /* The first 8 hex digits: enough to tell two lists apart at a glance;
   * the whole sum is under the table. */
  sum = done && checksum != NULL ? g_strndup (checksum, 8) : g_strdup ("—");
  /* Translators: millions of events a second */
  rate = g_strdup_printf (_("%.1f M/s"), figures->events_per_second / 1e6);
  if (done && loop->state == LL_ENVIRONMENT_STATE_FINISHED && loop->events_per_second > 0)
    /* Translators: a ratio of two rates, such as 0.85× */
    ratio = g_strdup_printf (_("%.2f×"), figures->events_per_second / loop->events_per_second);
  else
    ratio = g_strdup ("—");
  loop_time = format_seconds (figures->loop_time);
  other = environment == LL_ENVIRONMENT_MAIN_LOOP ? g_strdup ("—") : format_seconds (figures->other_time);
  wall = format_seconds (figures->wall_time);

  set_cell (self, environment, COLUMN_BUSES, buses);
  set_cell (self, environment, COLUMN_CHECKSUM, sum);
  set_cell (self, environment, COLUMN_RATE, rate);
  set_cell (self, environment, COLUMN_RATIO, ratio);
  set_cell (self, environment, COLUMN_LOOP, loop_time);
  set_cell (self, environment, COLUMN_OTHER, other);
  set_cell (self, environment, COLUMN_WALL, wall);
}

static void
update (LlEnvironmentsPage *self)
{
  gboolean running = is_running (self);
  int current = ll_environments_model_get_current (self->model);
  g_autoptr(GString) errors = g_string_new (NULL);
  gboolean all_done = TRUE;
  gboolean any_run = FALSE;

  for (LlEnvironment e = 0; e < LL_N_ENVIRONMENTS; e++)
    {
      const GError *error = ll_environments_model_get_error (self->model, e);
      LlEnvironmentState state = ll_environments_model_get_state (self->model, e);

      update_row (self, e);
      all_done = all_done && state == LL_ENVIRONMENT_STATE_FINISHED;
      any_run = any_run || state != LL_ENVIRONMENT_STATE_IDLE;
      if (error != NULL && state == LL_ENVIRONMENT_STATE_FAILED)
        /* Translators: the environment, then what went wrong */
        g_string_append_printf (errors, "%s%s: %s", errors->len > 0 ? "\n" : "",
                                ll_environment_get_name (e), error->message);
    }

  gtk_label_set_label (self->error_label, errors->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), errors->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  if (running && ll_environments_model_get_generating (self->model))
    gtk_progress_bar_pulse (self->progress_bar);
  else if (running && current >= 0)
    {
      const LlEnvironmentFigures *figures = ll_environments_model_get_figures (self->model, current);

      gtk_progress_bar_set_fraction (self->progress_bar,
                                     figures->file_size > 0 ? (double) figures->bytes_read / figures->file_size : 0.0);
    }

  if (running)
    gtk_label_set_label (self->verdict_label,
                         ll_environments_model_get_generating (self->model)
                         ? _("Generating the feed in a worker thread, once…")
                         : _("Running, one environment after the other…"));
  else if (all_done)
    {
      const LlEnvironmentFigures *figures = ll_environments_model_get_figures (self->model, LL_ENVIRONMENT_MAIN_LOOP);
      g_autofree char *text = NULL;

      if (ll_environments_model_get_identical (self->model))
        /* Translators: how many buses, then the SHA-256 of their list */
        text = g_strdup_printf (_("The same %u buses in all three environments: SHA-256 %s."),
                                figures->n_matches,
                                ll_environments_model_get_checksum (self->model, LL_ENVIRONMENT_MAIN_LOOP));
      else
        text = g_strdup (_("The three lists differ!"));
      gtk_label_set_label (self->verdict_label, text);
    }
  else if (!any_run)
    gtk_label_set_label (self->verdict_label,
                         _("Press Run in All Three: the same coroutines, on the loop, in a thread, in a subprocess."));
  else
    gtk_label_set_label (self->verdict_label, "");

  gtk_widget_set_sensitive (self->run_button, !running);
  gtk_widget_set_sensitive (self->stop_button, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buses_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->route_entry), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->direction_drop), !running);
}

static gboolean
update_cb (gpointer data)
{
  LlEnvironmentsPage *self = data;

  update (self);
  if (is_running (self))
    return G_SOURCE_CONTINUE;

  self->update_id = 0;
  return G_SOURCE_REMOVE;
}

static void
changed_cb (LlEnvironmentsPage *self)
{
  update (self);
  if (is_running (self) && self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_MS, update_cb, self);
}

static void
run_clicked_cb (LlEnvironmentsPage *self)
{
  const char *route = gtk_editable_get_text (self->route_entry);

  if (is_running (self))
    return;
  if (*route == '\0')
    {
      gtk_label_set_label (self->error_label, _("Type the route to look for, such as 22."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  ll_environments_model_set_route (self->model, route);
  ll_environments_model_set_direction (self->model,
                                       gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (self->direction_drop))));
  ll_environments_model_start_generated (self->model, gtk_spin_button_get_value_as_int (self->buses_spin),
                                         LL_BUS_FEED_DEFAULT_SEED);
  changed_cb (self);
}

static void
stop_clicked_cb (LlEnvironmentsPage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
  update (self);
}

static void
ll_environments_page_unmap (GtkWidget *widget)
{
  LlEnvironmentsPage *self = LL_ENVIRONMENTS_PAGE (widget);

  /* Out of sight, no run. */
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (is_running (self))
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  GTK_WIDGET_CLASS (ll_environments_page_parent_class)->unmap (widget);
}

static void
build_grid (LlEnvironmentsPage *self)
{
  const char *titles[N_COLUMNS] = {
    NULL, _("State"), _("Buses"), _("SHA-256"), _("Events/s"),
    _("Ratio"), _("Loop"), _("Other side"), _("Wall"),
  };
  const char *where[LL_N_ENVIRONMENTS] = {
    _("The main loop: parsed and filtered on this window's thread"),
    _("A worker thread: the events through a GAsyncQueue, the buses back by an idle"),
    _("A subprocess: looplab-cli fed the events over its stdin, the buses read from its stdout"),
  };

  /* The rows name their environments: the corner stays empty, and
   * the table narrower. */
  for (int column = COLUMN_NAME + 1; column < N_COLUMNS; column++)
    gtk_grid_attach (self->grid, ll_table_header_new (titles[column], column <= COLUMN_STATE ? 0.0f : 1.0f), column, 0, 1, 1);
  gtk_widget_set_tooltip_text (gtk_grid_get_child_at (self->grid, COLUMN_RATIO, 0),
                               _("Its events a second, over the main loop's"));
  gtk_widget_set_tooltip_text (gtk_grid_get_child_at (self->grid, COLUMN_LOOP, 0),
                               _("Time on the loop's side: reading, parsing and handing the events over"));
  gtk_widget_set_tooltip_text (gtk_grid_get_child_at (self->grid, COLUMN_OTHER, 0),
                               _("Time on the other side of the boundary: running the chain"));

  for (LlEnvironment e = 0; e < LL_N_ENVIRONMENTS; e++)
    for (int column = 0; column < N_COLUMNS; column++)
      {
        GtkWidget *cell = gtk_label_new (column == COLUMN_NAME ? ll_environment_get_name (e) : "—");

        gtk_label_set_xalign (GTK_LABEL (cell), column <= COLUMN_STATE ? 0.0 : 1.0);
        if (column == COLUMN_NAME)
          gtk_widget_set_tooltip_text (cell, where[e]);
        else if (column != COLUMN_STATE)
          gtk_widget_add_css_class (cell, "numeric");
        if (column == COLUMN_CHECKSUM)
          gtk_widget_add_css_class (cell, "monospace");
        gtk_grid_attach (self->grid, cell, column, e + 1, 1, 1);
        self->cells[e][column] = GTK_LABEL (cell);
      }
}

static void
ll_environments_page_constructed (GObject *object)
{
  LlEnvironmentsPage *self = LL_ENVIRONMENTS_PAGE (object);

  G_OBJECT_CLASS (ll_environments_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_environments_model_new (self->scheduler);
  build_grid (self);

  g_signal_connect_object (self->model, "environment-changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ll_environments_page_dispose (GObject *object)
{
  LlEnvironmentsPage *self = LL_ENVIRONMENTS_PAGE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_ENVIRONMENTS_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_environments_page_parent_class)->dispose (object);
}

static void
ll_environments_page_class_init (LlEnvironmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_environments_page_constructed;
  object_class->dispose = ll_environments_page_dispose;

  widget_class->unmap = ll_environments_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/pipe/ll-environments-model.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-environment-thread.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-environment-subprocess.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-environment-stage.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-bus-chain.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-bus-parser.c");

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-environments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, buses_spin);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, route_entry);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, direction_drop);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, grid);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LlEnvironmentsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
}

static void
ll_environments_page_init (LlEnvironmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_environments_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_environments_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_ENVIRONMENTS_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_environments_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlEnvironmentsModel *
ll_environments_page_get_model (LlEnvironmentsPage *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_PAGE (self), NULL);

  return self->model;
}
