/* ll-counter-race-page.c: "Shared state: a lost update"
 *
 * Runs app/threads/ll-counter-race-model.c: one counter, Workers ×
 * Increments additions, five ways: threads with a plain
 * read-modify-write (updates lost), with a mutex, with an atomic add,
 * coroutines on one thread with no lock, and coroutines that yield
 * between reading and writing (updates lost again: a coroutine is atomic
 * only between two yields).  The run is the model's, in a thread of its
 * own; the page reads each lane's figures on ::lane-changed and on a
 * timer while a run lasts, and draws one row per lane: its progress, what
 * it counted against what was expected, what it lost, how long it took.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-counter-race-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-counter-race-page.h"
#include "ll-format.h"
#include "ll-heartbeat.h"
#include "ll-wrap-box.h"

#define UPDATE_MS 100

/* Two rows a lane (see build_grid()): the figures' columns. */
enum {
  COLUMN_COUNTS,
  COLUMN_LOST,
  COLUMN_TIME,
  N_COLUMNS,
};

struct _LlCounterRacePage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkSpinButton   *workers_spin;
  GtkSpinButton   *increments_spin;
  GtkWidget       *run_button;
  GtkWidget       *stop_button;
  GtkGrid         *grid;
  GtkLabel        *summary_label;

  /* owned references */
  LlScheduler        *scheduler;
  LlCounterRaceModel *model;

  /* borrowed */
  GtkProgressBar  *bars[LL_COUNTER_RACE_N_LANES];
  GtkLabel        *counts[LL_COUNTER_RACE_N_LANES];
  GtkLabel        *lost[LL_COUNTER_RACE_N_LANES];
  GtkLabel        *times[LL_COUNTER_RACE_N_LANES];

  /* pending source ids */
  guint            update_id;
};

G_DEFINE_FINAL_TYPE (LlCounterRacePage, ll_counter_race_page, LL_TYPE_DEMO_PAGE)

static gboolean
is_running (LlCounterRacePage *self)
{
  return ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

static void
update_lane (LlCounterRacePage *self,
             LlCounterRaceLane  lane)
{
  const LlCounterRaceFigures *figures = ll_counter_race_model_get_figures (self->model, lane);
  const GError *error = ll_counter_race_model_get_error (self->model, lane);
  g_autofree char *expected = ll_format_count (figures->expected);
  g_autofree char *counted = ll_format_count (figures->counted);
  g_autofree char *lost = ll_format_count (figures->lost);
  g_autofree char *counts = NULL;
  g_autofree char *lost_text = NULL;
  g_autofree char *time = NULL;

  gtk_progress_bar_set_fraction (self->bars[lane],
                                 figures->expected > 0 ? MIN (1.0, (double) figures->done / figures->expected) : 0.0);

  switch (figures->state)
    {
    case LL_COUNTER_RACE_STATE_IDLE:
      counts = g_strdup ("—");
      break;

    case LL_COUNTER_RACE_STATE_WAITING:
      counts = g_strdup (_("waiting its turn"));
      break;

    case LL_COUNTER_RACE_STATE_RUNNING:
      counts = g_strdup (_("counting…"));
      break;

    case LL_COUNTER_RACE_STATE_FAILED:
      counts = g_strdup (error != NULL ? error->message : _("failed"));
      break;

    case LL_COUNTER_RACE_STATE_STOPPED:
      counts = g_strdup (_("stopped"));
      break;

    case LL_COUNTER_RACE_STATE_FINISHED:
    default:
      /* Translators: "4 000 000 expected, 2 713 411 counted" */
      counts = g_strdup_printf (_("%s expected, %s counted"), expected, counted);
      /* Translators: how many additions were lost */
      lost_text = figures->lost > 0 ? g_strdup_printf (_("%s lost"), lost) : g_strdup (_("none lost"));
      /* Translators: seconds, then nanoseconds per increment */
      time = g_strdup_printf (_("%.3f s, %.1f ns each"), figures->usec / 1e6,
                              figures->expected > 0 ? figures->usec * 1e3 / figures->expected : 0.0);
      break;
    }

  gtk_label_set_label (self->counts[lane], counts);
  gtk_label_set_label (self->lost[lane], lost_text != NULL ? lost_text : "");
  gtk_label_set_label (self->times[lane], time != NULL ? time : "");
  if (figures->state == LL_COUNTER_RACE_STATE_FINISHED && figures->lost > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->lost[lane]), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->lost[lane]), "error");
}

static void
update (LlCounterRacePage *self)
{
  gboolean running = is_running (self);
  const LlCounterRaceFigures *plain = ll_counter_race_model_get_figures (self->model, LL_COUNTER_RACE_LANE_PLAIN);
  const LlCounterRaceFigures *yielding = ll_counter_race_model_get_figures (self->model, LL_COUNTER_RACE_LANE_COROUTINE_YIELD);

  for (LlCounterRaceLane lane = 0; lane < LL_COUNTER_RACE_N_LANES; lane++)
    update_lane (self, lane);

  if (running)
    gtk_label_set_label (self->summary_label, _("Counting, one way after the other, in a worker thread…"));
  else if (yielding->state == LL_COUNTER_RACE_STATE_FINISHED)
    {
      g_autofree char *text = NULL;

      if (plain->lost > 0)
        text = g_strdup (_("The threads without a lock lost updates: two of them read the same value, and one "
                           "write undid the other. The coroutines lost none while they did not yield between "
                           "the read and the write, and lost some as soon as they did."));
      else
        text = g_strdup (_("The threads without a lock lost nothing this time: on a machine this small they "
                           "may run one after the other. Run it again, or with more increments. The "
                           "coroutines that yield between the read and the write lost updates all the same."));
      gtk_label_set_label (self->summary_label, text);
    }
  else
    gtk_label_set_label (self->summary_label,
                         _("Press Run: the same counter, added to by threads three ways and by coroutines two ways."));

  gtk_widget_set_sensitive (self->run_button, !running);
  gtk_widget_set_sensitive (self->stop_button, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->workers_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->increments_spin), !running);
}

static gboolean
update_cb (gpointer data)
{
  LlCounterRacePage *self = data;

  update (self);
  if (is_running (self))
    return G_SOURCE_CONTINUE;

  self->update_id = 0;
  return G_SOURCE_REMOVE;
}

static void
changed_cb (LlCounterRacePage *self)
{
  update (self);
  if (is_running (self) && self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_MS, update_cb, self);
}

static void
run_clicked_cb (LlCounterRacePage *self)
{
  g_autoptr(GError) error = NULL;

  if (is_running (self))
    return;

  ll_counter_race_model_set_workers (self->model, gtk_spin_button_get_value_as_int (self->workers_spin));
  ll_counter_race_model_set_increments (self->model, gtk_spin_button_get_value_as_int (self->increments_spin));
  if (!ll_counter_race_model_start (self->model, &error))
    {
      gtk_label_set_label (self->summary_label, error->message);
      return;
    }
  changed_cb (self);
}

static void
stop_clicked_cb (LlCounterRacePage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
  update (self);
}

static void
ll_counter_race_page_unmap (GtkWidget *widget)
{
  LlCounterRacePage *self = LL_COUNTER_RACE_PAGE (widget);

  /* Out of sight, no run. */
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (is_running (self))
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  GTK_WIDGET_CLASS (ll_counter_race_page_parent_class)->unmap (widget);
}

static GtkLabel *
cell (GtkGrid *grid,
      int      column,
      int      row,
      float    xalign)
{
  GtkWidget *label = gtk_label_new ("");

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);

  return GTK_LABEL (label);
}

/* A lane is two lines: its title with its progress beside it, then its
 * figures.  With the bar on the figures' line, the Chinese figures made
 * the table wider than the page beside the Info tab. */
static void
build_grid (LlCounterRacePage *self)
{
  for (LlCounterRaceLane lane = 0; lane < LL_COUNTER_RACE_N_LANES; lane++)
    {
      GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *title = gtk_label_new (ll_counter_race_lane_get_title (lane));
      GtkWidget *bar = gtk_progress_bar_new ();

      gtk_label_set_xalign (GTK_LABEL (title), 0.0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (heading), title);

      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_size_request (bar, 80, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ll_counter_race_lane_get_title (lane), -1);
      gtk_box_append (GTK_BOX (heading), bar);
      self->bars[lane] = GTK_PROGRESS_BAR (bar);

      if (lane > 0)
        gtk_widget_set_margin_top (heading, 6);
      gtk_grid_attach (self->grid, heading, 0, 2 * lane, N_COLUMNS, 1);

      self->counts[lane] = cell (self->grid, COLUMN_COUNTS, 2 * lane + 1, 0.0);
      gtk_widget_set_hexpand (GTK_WIDGET (self->counts[lane]), TRUE);
      self->lost[lane] = cell (self->grid, COLUMN_LOST, 2 * lane + 1, 1.0);
      self->times[lane] = cell (self->grid, COLUMN_TIME, 2 * lane + 1, 1.0);
    }
}

static void
ll_counter_race_page_constructed (GObject *object)
{
  LlCounterRacePage *self = LL_COUNTER_RACE_PAGE (object);

  G_OBJECT_CLASS (ll_counter_race_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_counter_race_model_new (self->scheduler);
  build_grid (self);

  g_signal_connect_object (self->model, "lane-changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ll_counter_race_page_dispose (GObject *object)
{
  LlCounterRacePage *self = LL_COUNTER_RACE_PAGE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_COUNTER_RACE_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_counter_race_page_parent_class)->dispose (object);
}

static void
ll_counter_race_page_class_init (LlCounterRacePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_counter_race_page_constructed;
  object_class->dispose = ll_counter_race_page_dispose;

  widget_class->unmap = ll_counter_race_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/threads/ll-counter-race-model.c");

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-counter-race-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, increments_spin);
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, run_button);
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, grid);
  gtk_widget_class_bind_template_child (widget_class, LlCounterRacePage, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
}

static void
ll_counter_race_page_init (LlCounterRacePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_counter_race_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_counter_race_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_COUNTER_RACE_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_counter_race_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlCounterRaceModel *
ll_counter_race_page_get_model (LlCounterRacePage *self)
{
  g_return_val_if_fail (LL_IS_COUNTER_RACE_PAGE (self), NULL);

  return self->model;
}
