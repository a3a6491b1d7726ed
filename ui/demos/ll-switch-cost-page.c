/* ll-switch-cost-page.c: "The cost of a switch"
 *
 * Runs app/threads/ll-switch-cost-model.c: a token passed round a ring
 * of N coroutines, threads or processes, N on a log scale up to
 * Workers.  The measuring is the model's, on a thread of its own; the
 * page hears each point on ::point-changed (as it starts, ten times a
 * second while it runs, as it ends), so it needs no timer of its own,
 * and draws the points three ways: on an LlLogPlot (time a handoff
 * against N, log-log), in a table (every figure of every point) and in
 * a summary of what they say (the ratios, the largest N reached).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-format.h"
#include "ll-heartbeat.h"
#include "ll-switch-cost-page.h"
#include "ll-table.h"
#include "ll-wrap-box.h"

/* The Workers choices, in the order of the template's list. */
static const guint worker_choices[] = { 10, 100, 1000, 10000, 100000, 1000000 };

/* The picture Save Chart as PNG writes: a slide's width. */
#define PNG_WIDTH 1280
#define PNG_HEIGHT 800

enum {
  COLUMN_KIND,
  COLUMN_N,
  COLUMN_HANDOFF,
  COLUMN_MEMORY,
  COLUMN_SWITCHES,
  COLUMN_START,
  N_COLUMNS,
};

struct _LlSwitchCostPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkDropDown      *workers_dropdown;
  GtkSpinButton    *seconds_spin;
  GtkCheckButton   *coroutine_check;
  GtkCheckButton   *thread_check;
  GtkCheckButton   *process_check;
  GtkWidget        *measure_button;
  GtkWidget        *cancel_button;
  GtkWidget        *copy_button;
  GtkWidget        *save_button;
  GtkProgressBar   *progress_bar;
  GtkBox           *plot_box;
  GtkGrid          *grid;
  GtkLabel         *summary_label;

  /* owned references */
  LlScheduler       *scheduler;
  LlSwitchCostModel *model;
  GtkNativeDialog   *chooser;
  GCancellable      *saving;

  /* borrowed */
  LlLogPlot         *plot;
  GPtrArray         *cells;        /* of GtkLabel, N_COLUMNS a point */

  /* what the last save said, shown under the summary; owned */
  char              *save_message;
};

G_DEFINE_FINAL_TYPE (LlSwitchCostPage, ll_switch_cost_page, LL_TYPE_DEMO_PAGE)

static const char *
kind_title (LlSwitchCostKind kind)
{
  switch (kind)
    {
    case LL_SWITCH_COST_KIND_COROUTINE:
      return _("Coroutines");
    case LL_SWITCH_COST_KIND_THREAD:
      return _("Threads");
    case LL_SWITCH_COST_KIND_PROCESS:
    default:
      return _("Processes");
    }
}

static gboolean
is_running (LlSwitchCostPage *self)
{
  return ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

static gboolean
is_over (const LlSwitchCostPoint *point)
{
  return point->state == LL_SWITCH_COST_STATE_FINISHED ||
         point->state == LL_SWITCH_COST_STATE_FAILED ||
         point->state == LL_SWITCH_COST_STATE_SKIPPED;
}

/* The finished point of @kind at @n, or NULL. */
static const LlSwitchCostPoint *
find_point (LlSwitchCostPage *self,
            LlSwitchCostKind  kind,
            guint             n)
{
  guint n_points = ll_switch_cost_model_get_n_points (self->model);

  for (guint i = 0; i < n_points; i++)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);

      if (point->kind == kind && point->n == n && point->state == LL_SWITCH_COST_STATE_FINISHED)
        return point;
    }

  return NULL;
}

static char *
format_memory (double bytes)
{
  if (bytes < 1024)
    /* Translators: memory a worker takes, in bytes */
    return g_strdup_printf (_("%.0f B"), bytes);

  return g_format_size_full ((guint64) bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Seconds as a duration: 0.0003 s as "300 µs" */
static char *
format_seconds (double seconds)
{
  return ll_format_nanoseconds (seconds * 1e9);
}

/* The pending figure of a point being measured: what its handoffs so
 * far say, or 0 with none yet. */
static double
pending_ns (const LlSwitchCostPoint *point)
{
  if (point->state != LL_SWITCH_COST_STATE_MEASURING || point->handoffs == 0)
    return 0;

  return point->usec * 1e3 / point->handoffs;
}

static void
set_cell (LlSwitchCostPage *self,
          guint             index,
          int               column,
          const char       *text)
{
  gtk_label_set_label (g_ptr_array_index (self->cells, index * N_COLUMNS + column), text);
}

static void
update_row (LlSwitchCostPage *self,
            guint             index)
{
  const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, index);
  const GError *error = ll_switch_cost_model_get_error (self->model, index);
  g_autofree char *n = ll_format_count (point->n);
  g_autofree char *handoff = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *switches = NULL;
  g_autofree char *start = NULL;

  gtk_widget_set_tooltip_text (g_ptr_array_index (self->cells, index * N_COLUMNS + COLUMN_HANDOFF), NULL);
  switch (point->state)
    {
    case LL_SWITCH_COST_STATE_WAITING:
      handoff = g_strdup (_("waiting its turn"));
      break;

    case LL_SWITCH_COST_STATE_STARTING:
      {
        g_autofree char *started = ll_format_count (point->started);
        g_autofree char *n = ll_format_count (point->n);

        /* Translators: workers created so far, of how many */
        handoff = g_strdup_printf (_("starting, %s of %s"), started, n);
      }
      break;

    case LL_SWITCH_COST_STATE_MEASURING:
      {
        g_autofree char *so_far = ll_format_nanoseconds (pending_ns (point));

        /* Translators: the time a handoff, as the measuring stands */
        handoff = pending_ns (point) > 0 ? g_strdup_printf (_("measuring, %s so far"), so_far)
                                         : g_strdup (_("measuring…"));
      }
      break;

    case LL_SWITCH_COST_STATE_FAILED:
      {
        g_autofree char *started = ll_format_count (point->started);

        /* Translators: how many workers were created before the
         * system refused one more */
        handoff = g_strdup_printf (_("limit: %s started"), started);
        if (error != NULL)
          gtk_widget_set_tooltip_text (g_ptr_array_index (self->cells, index * N_COLUMNS + COLUMN_HANDOFF),
                                       error->message);
      }
      break;

    case LL_SWITCH_COST_STATE_SKIPPED:
      handoff = g_strdup (_("past the limit"));
      break;

    case LL_SWITCH_COST_STATE_STOPPED:
      handoff = g_strdup (_("cancelled"));
      break;

    case LL_SWITCH_COST_STATE_FINISHED:
    default:
      handoff = ll_format_nanoseconds (point->ns_per_handoff);
      /* Below 1 000 workers the model does not say: the growth would be
       * the window's own. */
      memory = point->rss_per_worker >= 0 ? format_memory (point->rss_per_worker) : g_strdup ("—");
      switches = g_strdup_printf ("%.2f", point->switches_per_handoff);
      start = format_seconds (point->start_usec / (double) G_TIME_SPAN_SECOND);
      break;
    }

  set_cell (self, index, COLUMN_KIND, kind_title (point->kind));
  set_cell (self, index, COLUMN_N, n);
  set_cell (self, index, COLUMN_HANDOFF, handoff);
  set_cell (self, index, COLUMN_MEMORY, memory != NULL ? memory : "");
  set_cell (self, index, COLUMN_SWITCHES, switches != NULL ? switches : "");
  set_cell (self, index, COLUMN_START, start != NULL ? start : "");
}

/* The plot from the model's points, all of them: a few dozen at most,
 * and one way of drawing them whatever changed. */
static void
update_plot (LlSwitchCostPage *self)
{
  guint n_points = ll_switch_cost_model_get_n_points (self->model);

  ll_log_plot_clear (self->plot);
  for (guint i = 0; i < n_points; i++)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);

      if (point->state == LL_SWITCH_COST_STATE_FINISHED)
        ll_log_plot_set_point (self->plot, point->kind, point->n, point->ns_per_handoff, LL_LOG_PLOT_MARK_MEASURED);
      else if (point->state == LL_SWITCH_COST_STATE_FAILED)
        ll_log_plot_set_point (self->plot, point->kind, point->n, 0, LL_LOG_PLOT_MARK_FAILED);
      else if (pending_ns (point) > 0)
        ll_log_plot_set_point (self->plot, point->kind, point->n, pending_ns (point), LL_LOG_PLOT_MARK_PENDING);
    }
}

static void
update_progress (LlSwitchCostPage *self)
{
  guint n_points = ll_switch_cost_model_get_n_points (self->model);
  int current = ll_switch_cost_model_get_current (self->model);
  double seconds = ll_switch_cost_model_get_seconds (self->model);
  double done = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n_points; i++)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);

      if (is_over (point))
        done += 1;
      else if (point->state == LL_SWITCH_COST_STATE_MEASURING && seconds > 0)
        done += MIN (1.0, point->usec / (seconds * G_TIME_SPAN_SECOND));
    }

  if (current >= 0)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, current);
      g_autofree char *n = ll_format_count (point->n);

      if (point->state == LL_SWITCH_COST_STATE_STARTING)
        {
          g_autofree char *started = ll_format_count (point->started);

          /* Translators: "Processes, N = 10 000: starting 4 160 of 10 000" */
          text = g_strdup_printf (_("%s, N = %s: starting %s of %s"), kind_title (point->kind), n, started, n);
        }
      else
        /* Translators: "Threads, N = 100: measuring" */
        text = g_strdup_printf (_("%s, N = %s: measuring"), kind_title (point->kind), n);
    }
  else if (is_running (self))
    text = g_strdup (_("Starting…"));
  else if (n_points > 0)
    text = g_strdup (_("Done"));
  else
    text = g_strdup (_("Not measured yet"));

  gtk_progress_bar_set_fraction (self->progress_bar, n_points > 0 ? done / n_points : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* "320× at N = 2, 690× at N = 1 000": @kind's time a handoff over the
 * coroutines' at the smallest and the largest N both have, or NULL. */
static char *
ratio_text (LlSwitchCostPage *self,
            LlSwitchCostKind  kind)
{
  const LlSwitchCostPoint *first = NULL, *first_co = NULL;
  const LlSwitchCostPoint *last = NULL, *last_co = NULL;
  guint n_points = ll_switch_cost_model_get_n_points (self->model);
  g_autofree char *first_n = NULL;
  g_autofree char *last_n = NULL;

  for (guint i = 0; i < n_points; i++)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);
      const LlSwitchCostPoint *co;

      if (point->kind != kind || point->state != LL_SWITCH_COST_STATE_FINISHED)
        continue;
      co = find_point (self, LL_SWITCH_COST_KIND_COROUTINE, point->n);
      if (co == NULL || co->ns_per_handoff <= 0)
        continue;
      if (first == NULL || point->n < first->n)
        first = point, first_co = co;
      if (last == NULL || point->n > last->n)
        last = point, last_co = co;
    }

  if (first == NULL)
    return NULL;

  first_n = ll_format_count (first->n);
  if (first == last)
    /* Translators: "320× at N = 2": how many times a coroutine's */
    return g_strdup_printf (_("%.0f× at N = %s"), first->ns_per_handoff / first_co->ns_per_handoff, first_n);

  last_n = ll_format_count (last->n);
  /* Translators: "320× at N = 2, 690× at N = 1 000" */
  return g_strdup_printf (_("%.0f× at N = %s, %.0f× at N = %s"),
                          first->ns_per_handoff / first_co->ns_per_handoff, first_n,
                          last->ns_per_handoff / last_co->ns_per_handoff, last_n);
}

static void
update_summary (LlSwitchCostPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_points = ll_switch_cost_model_get_n_points (self->model);
  gboolean any = FALSE;

  if (n_points == 0)
    g_string_append (text, _("Press Measure: a token goes round a ring of coroutines, of threads and of "
                             "processes, with more and more of them, and the chart shows what each "
                             "handoff costs."));
  else if (is_running (self))
    g_string_append (text, _("Measuring in a worker thread; each ring runs on one core and leaves the "
                             "others to the window."));

  for (guint i = 0; i < n_points; i++)
    any |= ll_switch_cost_model_get_point (self->model, i)->state == LL_SWITCH_COST_STATE_FINISHED;

  if (any && !is_running (self))
    {
      g_autofree char *threads = ratio_text (self, LL_SWITCH_COST_KIND_THREAD);
      g_autofree char *processes = ratio_text (self, LL_SWITCH_COST_KIND_PROCESS);
      g_autoptr(GString) reached = g_string_new (NULL);
      const LlSwitchCostPoint *co_first = NULL, *co_last = NULL;

      if (threads != NULL)
        /* Translators: %s is "320× at N = 2, 690× at N = 1 000" */
        g_string_append_printf (text, _("A handoff between threads cost %s a coroutine’s. "), threads);
      if (processes != NULL)
        g_string_append_printf (text, _("Between processes: %s. "), processes);

      for (guint i = 0; i < n_points; i++)
        {
          const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);

          if (point->kind != LL_SWITCH_COST_KIND_COROUTINE || point->state != LL_SWITCH_COST_STATE_FINISHED)
            continue;
          if (co_first == NULL || point->n < co_first->n)
            co_first = point;
          if (co_last == NULL || point->n > co_last->n)
            co_last = point;
        }
      if (co_first != NULL && co_last != co_first && co_first->ns_per_handoff > 0)
        {
          g_autofree char *n = ll_format_count (co_last->n);
          g_autofree char *first_n = ll_format_count (co_first->n);

          /* Translators: "1.4 times their cost at N = 2" */
          g_string_append_printf (text, _("Coroutines at N = %s: %.1f times their cost at N = %s. "),
                                  n, co_last->ns_per_handoff / co_first->ns_per_handoff, first_n);
        }

      for (LlSwitchCostKind kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
        {
          guint largest = ll_switch_cost_model_get_reached (self->model, kind);
          g_autofree char *n = NULL;

          if (largest == 0)
            continue;
          n = ll_format_count (largest);
          /* Translators: a kind and the largest ring it ran: "threads 10 000" */
          g_string_append_printf (reached, "%s%s %s", reached->len > 0 ? ", " : "", kind_title (kind), n);
        }
      if (reached->len > 0)
        /* Translators: %s is "Coroutines 1 000 000, Threads 10 000" */
        g_string_append_printf (text, _("Largest ring: %s."), reached->str);

      for (guint i = 0; i < n_points; i++)
        {
          const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (self->model, i);
          const GError *error = ll_switch_cost_model_get_error (self->model, i);

          if (point->state == LL_SWITCH_COST_STATE_FAILED)
            {
              g_autofree char *started = ll_format_count (point->started);

              /* Translators: "Threads stopped at 3 000: Could not start thread 3 001 …" */
              g_string_append_printf (text, _("\n%s stopped at %s: %s"), kind_title (point->kind), started,
                                      error != NULL ? error->message : "");
            }
        }
    }

  if (self->save_message != NULL)
    g_string_append_printf (text, "\n%s", self->save_message);

  gtk_label_set_label (self->summary_label, text->str);
}

static void
update_sensitivity (LlSwitchCostPage *self)
{
  gboolean running = is_running (self);
  gboolean any_kind = gtk_check_button_get_active (self->coroutine_check) ||
                      gtk_check_button_get_active (self->thread_check) ||
                      gtk_check_button_get_active (self->process_check);
  gboolean any_point = FALSE;
  guint n_points = ll_switch_cost_model_get_n_points (self->model);

  for (guint i = 0; i < n_points; i++)
    any_point |= is_over (ll_switch_cost_model_get_point (self->model, i));

  gtk_widget_set_sensitive (self->measure_button, !running && any_kind);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_widget_set_sensitive (self->copy_button, any_point && !running);
  gtk_widget_set_sensitive (self->save_button, any_point && !running && self->saving == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->workers_dropdown), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seconds_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->coroutine_check), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->thread_check), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->process_check), !running);
}

static void
update (LlSwitchCostPage *self)
{
  update_plot (self);
  update_progress (self);
  update_summary (self);
  update_sensitivity (self);
}

static GtkLabel *
add_cell (LlSwitchCostPage *self,
          int               column,
          int               row,
          const char       *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column <= COLUMN_KIND ? 0.0 : 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);

  return GTK_LABEL (label);
}

/* A row a point of the run, under a header; rebuilt when a run has
 * another number of points than the last. */
static void
build_table (LlSwitchCostPage *self)
{
  static const char *headers[N_COLUMNS] = {
    N_("Kind"), N_("Workers"), N_("Time a handoff"), N_("Memory a worker"),
    N_("Switches a handoff"), N_("Start-up"),
  };
  static const char *header_tips[N_COLUMNS] = {
    NULL,
    N_("N, the workers in the ring"),
    N_("The time the token took from one worker to the next, on average"),
    N_("For coroutines and threads the growth of the app’s memory over N; for processes the memory a child "
       "does not share with the app. The kernel’s own memory for a thread or a process is in neither"),
    N_("Context switches of the system per handoff: none for coroutines, one or more for threads and processes"),
    N_("The time it took to create the N workers before the first handoff"),
  };
  guint n_points = ll_switch_cost_model_get_n_points (self->model);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->cells, 0);

  for (int column = 0; column < N_COLUMNS; column++)
    {
      GtkWidget *header = ll_table_header_new (_(headers[column]), column <= COLUMN_KIND ? 0.0f : 1.0f);

      if (header_tips[column] != NULL)
        gtk_widget_set_tooltip_text (header, _(header_tips[column]));
      gtk_grid_attach (self->grid, header, column, 0, 1, 1);
    }

  for (guint i = 0; i < n_points; i++)
    {
      for (int column = 0; column < N_COLUMNS; column++)
        g_ptr_array_add (self->cells, add_cell (self, column, i + 1, ""));
      update_row (self, i);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->grid), n_points > 0);
}

static void
update_table (LlSwitchCostPage *self)
{
  guint n_points = ll_switch_cost_model_get_n_points (self->model);

  if (self->cells->len != n_points * N_COLUMNS)
    build_table (self);
  else
    for (guint i = 0; i < n_points; i++)
      update_row (self, i);
}

static void
point_changed_cb (LlSwitchCostPage *self,
                  guint             index)
{
  if (self->cells->len != ll_switch_cost_model_get_n_points (self->model) * N_COLUMNS)
    build_table (self);
  else
    update_row (self, index);
  update (self);
}

/* A stop marks the points it cut short without a signal each. */
static void
running_cb (LlSwitchCostPage *self)
{
  update_table (self);
  update (self);
}

static LlSwitchCostKindFlags
chosen_kinds (LlSwitchCostPage *self)
{
  LlSwitchCostKindFlags kinds = 0;

  if (gtk_check_button_get_active (self->coroutine_check))
    kinds |= LL_SWITCH_COST_KIND_FLAG_COROUTINE;
  if (gtk_check_button_get_active (self->thread_check))
    kinds |= LL_SWITCH_COST_KIND_FLAG_THREAD;
  if (gtk_check_button_get_active (self->process_check))
    kinds |= LL_SWITCH_COST_KIND_FLAG_PROCESS;

  return kinds;
}

static void
measure_clicked_cb (LlSwitchCostPage *self)
{
  g_autoptr(GError) error = NULL;
  guint choice = gtk_drop_down_get_selected (self->workers_dropdown);
  LlSwitchCostKindFlags kinds = chosen_kinds (self);

  if (is_running (self) || kinds == 0)
    return;

  ll_switch_cost_model_set_kinds (self->model, kinds);
  ll_switch_cost_model_set_max_workers (self->model,
                                        worker_choices[MIN (choice, G_N_ELEMENTS (worker_choices) - 1)]);
  ll_switch_cost_model_set_seconds (self->model, gtk_spin_button_get_value (self->seconds_spin));
  g_clear_pointer (&self->save_message, g_free);

  if (!ll_switch_cost_model_start (self->model, &error))
    {
      self->save_message = g_strdup (error->message);
      update (self);
      return;
    }
  update_table (self);
  update (self);
}

static void
cancel_clicked_cb (LlSwitchCostPage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
}

static void
kinds_toggled_cb (LlSwitchCostPage *self)
{
  update_sensitivity (self);
}

static void
copy_clicked_cb (LlSwitchCostPage *self)
{
  g_autofree char *csv = ll_switch_cost_model_to_csv (self->model);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), csv);
  g_clear_pointer (&self->save_message, g_free);
  self->save_message = g_strdup (_("Copied the points to the clipboard, as comma-separated values."));
  update_summary (self);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LlSwitchCostPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!ll_log_plot_save_png_finish (LL_LOG_PLOT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->saving);
  g_clear_pointer (&self->save_message, g_free);
  if (error != NULL)
    /* Translators: the error says why */
    self->save_message = g_strdup_printf (_("Could not save the chart: %s"), error->message);
  else
    self->save_message = g_strdup (_("Saved the chart."));
  update_summary (self);
  update_sensitivity (self);
}

static void
chooser_response_cb (LlSwitchCostPage *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          self->saving = g_cancellable_new ();
          ll_log_plot_save_png_async (self->plot, path, PNG_WIDTH, PNG_HEIGHT, self->saving,
                                      save_done_cb, g_object_ref (self));
        }
      else if (file != NULL)
        {
          g_clear_pointer (&self->save_message, g_free);
          self->save_message = g_strdup (_("Could not save the chart: choose a file on this computer."));
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  update_summary (self);
  update_sensitivity (self);
}

static void
save_clicked_cb (LlSwitchCostPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) png = gtk_file_filter_new ();

  if (self->chooser != NULL || self->saving != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Save the Chart"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                  _("_Save"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "switch-cost.png");
  gtk_file_filter_set_name (png, _("PNG images"));
  gtk_file_filter_add_mime_type (png, "image/png");
  gtk_file_filter_add_suffix (png, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), png);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
ll_switch_cost_page_unmap (GtkWidget *widget)
{
  LlSwitchCostPage *self = LL_SWITCH_COST_PAGE (widget);

  /* Out of sight, no run. */
  if (is_running (self))
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  GTK_WIDGET_CLASS (ll_switch_cost_page_parent_class)->unmap (widget);
}

static void
ll_switch_cost_page_constructed (GObject *object)
{
  LlSwitchCostPage *self = LL_SWITCH_COST_PAGE (object);

  G_OBJECT_CLASS (ll_switch_cost_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_switch_cost_model_new (self->scheduler);
  self->cells = g_ptr_array_new ();

  self->plot = LL_LOG_PLOT (ll_log_plot_new ());
  ll_log_plot_set_axes (self->plot, _("Workers in the ring, N"), _("Time a handoff"));
  ll_log_plot_set_units (self->plot, LL_LOG_PLOT_UNIT_NUMBER, LL_LOG_PLOT_UNIT_NANOSECONDS);
  ll_log_plot_set_x_symbol (self->plot, "N");
  /* The scale of a run at the defaults: from a few nanoseconds (a
   * coroutine) to tens of microseconds (a process), 2 to 1 000 workers. */
  ll_log_plot_set_range (self->plot, 1, 1000, 1, 100000);
  for (LlSwitchCostKind kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    ll_log_plot_add_series (self->plot, kind_title (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time a handoff against the number of workers"), -1);
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), -1, 320);
  gtk_box_append (self->plot_box, GTK_WIDGET (self->plot));

  g_signal_connect_object (self->model, "point-changed", G_CALLBACK (point_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  build_table (self);
  update (self);
}

static void
ll_switch_cost_page_dispose (GObject *object)
{
  LlSwitchCostPage *self = LL_SWITCH_COST_PAGE (object);

  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));
  g_cancellable_cancel (self->saving);
  g_clear_object (&self->saving);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_SWITCH_COST_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->save_message, g_free);

  G_OBJECT_CLASS (ll_switch_cost_page_parent_class)->dispose (object);
}

static void
ll_switch_cost_page_class_init (LlSwitchCostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_switch_cost_page_constructed;
  object_class->dispose = ll_switch_cost_page_dispose;

  widget_class->unmap = ll_switch_cost_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/threads/ll-switch-cost-model.c");
  ll_demo_page_class_add_source (page_class, "app/threads/ll-switch-cost-coroutines.c");
  ll_demo_page_class_add_source (page_class, "app/threads/ll-switch-cost-threads.c");
  ll_demo_page_class_add_source (page_class, "app/threads/ll-switch-cost-processes.c");

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-switch-cost-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, workers_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, coroutine_check);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, thread_check);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, process_check);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, measure_button);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, plot_box);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, grid);
  gtk_widget_class_bind_template_child (widget_class, LlSwitchCostPage, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, measure_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kinds_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
ll_switch_cost_page_init (LlSwitchCostPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_switch_cost_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_switch_cost_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_SWITCH_COST_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_switch_cost_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlSwitchCostModel *
ll_switch_cost_page_get_model (LlSwitchCostPage *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_switch_cost_page_get_plot:
 * @self: a page
 *
 * Returns: (transfer none): its chart
 */
LlLogPlot *
ll_switch_cost_page_get_plot (LlSwitchCostPage *self)
{
  g_return_val_if_fail (LL_IS_SWITCH_COST_PAGE (self), NULL);

  return self->plot;
}
