/* ll-sax-bus-page.c: "Event dispatching: XML streamed into coroutines"
 *
 * Runs the model of app/pipe/ll-sax-bus-model.c on the page's own
 * scheduler, on the window's loop: a bus feed (generated once, in a
 * worker thread, with a progress bar; or a file the user chooses) read
 * in chunks with GIO's async reads and fed to GMarkup, whose callbacks
 * send the events into the chain of coroutines drawn as a graph; or,
 * for the comparison, loaded whole and built into a tree first, which
 * blocks the loop while it lasts (the heart stops: that is the lesson).
 * The two ways' figures stay side by side in a table.  The page reads
 * the model on a timer, ten times a second, and appends the new matches
 * to the list, a few at a time, at most MAX_SHOWN of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sax-bus-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-bus-feed.h"
#include "ll-heartbeat.h"
#include "ll-live-label.h"
#include "ll-pipe-graph.h"
#include "ll-sax-bus-page.h"
#include "ll-wrap-box.h"

#define UPDATE_MS 100
/* The list shows the first MAX_SHOWN buses, MAX_PER_UPDATE more at each
 * look: a text view that takes a thousand lines at once lays them out in
 * one go, and the frame after it came 30 ms late. */
#define MAX_SHOWN 500
#define MAX_PER_UPDATE 50

enum {
  COLUMN_TIME = 1,
  COLUMN_BLOCKED,
  COLUMN_GROWTH,
  COLUMN_HELD,
  N_COLUMNS,
};

struct _LlSaxBusPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkLabel        *feed_label;
  GtkSpinButton   *buses_spin;
  GtkWidget       *buses_label;
  GtkWidget       *choose_button;
  GtkWidget       *generated_button;
  GtkEditable     *route_entry;
  GtkDropDown     *direction_drop;
  GtkCheckButton  *branch_check;
  GtkEditable     *route_entry_2;
  GtkDropDown     *direction_drop_2;
  GtkWidget       *stream_button;
  GtkWidget       *dom_button;
  GtkWidget       *stop_button;
  GtkProgressBar  *progress_bar;
  GtkBox          *graph_box;
  LlLiveLabel     *figures_label;
  GtkLabel        *error_label;
  GtkGrid         *compare_grid;
  GtkLabel        *count_label;
  GtkTextView     *matches_view;

  /* owned references */
  LlScheduler     *scheduler;
  LlSaxBusModel   *model;
  GFile           *file;          /* chosen, or NULL for the generated feed */
  GtkNativeDialog *chooser;

  /* borrowed */
  LlPipeGraph     *graph;
  GtkLabel        *cells[2][N_COLUMNS];

  /* pending source ids */
  guint            update_id;

  /* state */
  guint            n_shown;       /* matches in the list */
  LlSaxBusMethod   method;        /* of the run under way, or the last */
};

G_DEFINE_FINAL_TYPE (LlSaxBusPage, ll_sax_bus_page, LL_TYPE_DEMO_PAGE)

static void update (LlSaxBusPage *self);

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static char *
format_duration (gint64 usec)
{
  if (usec < 10 * G_TIME_SPAN_MILLISECOND)
    /* Translators: a duration in milliseconds, with one decimal */
    return g_strdup_printf (_("%.1f ms"), usec / 1000.0);
  if (usec < G_TIME_SPAN_SECOND)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), usec / 1000.0);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), usec / (double) G_TIME_SPAN_SECOND);
}

static gboolean
is_busy (LlSaxBusPage *self)
{
  LlSaxBusState state = ll_sax_bus_model_get_state (self->model);

  return state == LL_SAX_BUS_STATE_GENERATING || state == LL_SAX_BUS_STATE_READING;
}

static const char *
dropped (GtkDropDown *drop)
{
  return gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (drop)));
}

static void
show_error (LlSaxBusPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_feed_label (LlSaxBusPage *self)
{
  g_autofree char *text = NULL;

  if (self->file == NULL)
    {
      guint n = gtk_spin_button_get_value_as_int (self->buses_spin);

      /* Translators: %u is how many buses; the seed is the feed's */
      text = g_strdup_printf (_("A generated feed of %u buses, seed 1"), n);
    }
  else
    text = g_file_get_parse_name (self->file);

  gtk_label_set_label (self->feed_label, text);
  gtk_widget_set_visible (self->generated_button, self->file != NULL);
  gtk_widget_set_visible (self->buses_label, self->file == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->buses_spin), self->file == NULL);
}

static void
update_controls (LlSaxBusPage *self)
{
  gboolean busy = is_busy (self);
  gboolean branch = gtk_check_button_get_active (self->branch_check);

  gtk_widget_set_sensitive (self->stream_button, !busy);
  gtk_widget_set_sensitive (self->dom_button, !busy);
  gtk_widget_set_sensitive (self->stop_button, busy);
  gtk_widget_set_sensitive (self->choose_button, !busy);
  gtk_widget_set_sensitive (self->generated_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buses_spin), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->route_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->direction_drop), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->branch_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->route_entry_2), !busy && branch);
  gtk_widget_set_sensitive (GTK_WIDGET (self->direction_drop_2), !busy && branch);
}

static void
update_progress (LlSaxBusPage *self)
{
  LlSaxBusState state = ll_sax_bus_model_get_state (self->model);
  guint64 size = ll_sax_bus_model_get_file_size (self->model);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), is_busy (self));
  if (state == LL_SAX_BUS_STATE_GENERATING)
    gtk_progress_bar_pulse (self->progress_bar);
  else if (size > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   MIN (1.0, ll_sax_bus_model_get_bytes_read (self->model) / (double) size));
}

static void
update_figures (LlSaxBusPage *self)
{
  LlSaxBusState state = ll_sax_bus_model_get_state (self->model);
  g_autofree char *read = format_size (ll_sax_bus_model_get_bytes_read (self->model));
  g_autofree char *size = format_size (ll_sax_bus_model_get_file_size (self->model));
  g_autofree char *text = NULL;

  switch (state)
    {
    case LL_SAX_BUS_STATE_IDLE:
      text = g_strdup (_("Press Stream the Events to read the feed, or Load the Whole File First to compare."));
      break;

    case LL_SAX_BUS_STATE_GENERATING:
      text = g_strdup (_("Generating the feed in a worker thread, once; it is kept in the cache folder…"));
      break;

    default:
      /* Translators: bytes read, of the file's size; events; millions of events a second */
      text = g_strdup_printf (_("%s of %s · %llu events · %.1f M events/s"),
                              read, size,
                              (unsigned long long) ll_sax_bus_model_get_n_events (self->model),
                              ll_sax_bus_model_get_events_per_second (self->model) / 1e6);
      break;
    }
  ll_live_label_set_text (self->figures_label, text);
}

/* Whether the list has yet to show buses already found. */
static gboolean
matches_pending (LlSaxBusPage *self)
{
  LlBusChain *chain = ll_sax_bus_model_get_chain (self->model);

  return chain != NULL && self->n_shown < MIN (ll_bus_chain_get_n_matches (chain, 0), MAX_SHOWN);
}

/* The matches that came since the last look, appended. */
static void
update_matches (LlSaxBusPage *self)
{
  LlBusChain *chain = ll_sax_bus_model_get_chain (self->model);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->matches_view);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;
  const LlBusMatch *matches;
  guint n = 0, n_branches;
  GtkTextIter end;

  if (chain == NULL)
    return;

  n_branches = ll_bus_chain_get_n_branches (chain);
  matches = ll_bus_chain_get_matches (chain, 0, &n);
  for (guint k = 0; self->n_shown < n && self->n_shown < MAX_SHOWN && k < MAX_PER_UPDATE; self->n_shown++, k++)
    {
      g_autofree char *line = ll_bus_match_to_line (&matches[self->n_shown]);

      g_string_append_printf (text, "%s\n", line);
    }
  if (text->len > 0)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text->str, text->len);
    }

  if (n_branches > 1)
    /* Translators: the matches of the first branch, then of the second */
    count = g_strdup_printf (_("%u buses; the second branch %u"), n,
                             ll_bus_chain_get_n_matches (chain, 1));
  else if (n > MAX_SHOWN)
    /* Translators: %u buses found, of which the first %u are listed */
    count = g_strdup_printf (_("%u buses (the first %u listed)"), n, MAX_SHOWN);
  else
    count = g_strdup_printf (ngettext ("%u bus", "%u buses", n), n);
  gtk_label_set_label (self->count_label, count);
}

/* The table: the last run of each way. */
static void
update_compare (LlSaxBusPage *self)
{
  int row = self->method == LL_SAX_BUS_DOM ? 1 : 0;
  guint64 before = ll_sax_bus_model_get_rss_before (self->model);
  guint64 peak = ll_sax_bus_model_get_rss_peak (self->model);
  g_autofree char *time = format_duration (ll_sax_bus_model_get_elapsed (self->model));
  g_autofree char *blocked = format_duration (ll_sax_bus_model_get_longest_block (self->model));
  g_autofree char *growth = format_size (peak > before ? peak - before : 0);
  g_autofree char *held = format_size (ll_sax_bus_model_get_held_bytes (self->model));

  if (ll_sax_bus_model_get_state (self->model) != LL_SAX_BUS_STATE_FINISHED)
    return;

  gtk_label_set_label (self->cells[row][COLUMN_TIME], time);
  gtk_label_set_label (self->cells[row][COLUMN_BLOCKED], blocked);
  gtk_label_set_label (self->cells[row][COLUMN_GROWTH], growth);
  gtk_label_set_label (self->cells[row][COLUMN_HELD], held);
}

static void
update_error (LlSaxBusPage *self)
{
  const GError *error = ll_sax_bus_model_get_error (self->model);
  LlSaxBusState state = ll_sax_bus_model_get_state (self->model);

  if (state == LL_SAX_BUS_STATE_FAILED && error != NULL)
    {
      g_autofree char *text = NULL;
      int line = ll_sax_bus_model_get_error_line (self->model);

      if (line > 0)
        /* Translators: the parser's message, then where it stopped */
        text = g_strdup_printf (_("%s (line %d, column %d). The buses found before it are kept."),
                                error->message, line, ll_sax_bus_model_get_error_column (self->model));
      else
        text = g_strdup (error->message);
      show_error (self, text);
    }
  else if (state == LL_SAX_BUS_STATE_STOPPED)
    show_error (self, _("Stopped. The buses found so far are kept."));
  else
    show_error (self, NULL);
}

static void
stop_updates (LlSaxBusPage *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
}

static void
update (LlSaxBusPage *self)
{
  LlPipe *pipe = ll_sax_bus_model_get_pipe (self->model);

  if (ll_pipe_graph_get_pipe (self->graph) != pipe)
    ll_pipe_graph_set_pipe (self->graph, pipe);
  ll_pipe_graph_set_running (self->graph, ll_sax_bus_model_get_state (self->model) == LL_SAX_BUS_STATE_READING);
  if (!ll_pipe_graph_get_running (self->graph))
    ll_pipe_graph_refresh (self->graph);

  update_progress (self);
  update_figures (self);
  update_matches (self);
  update_compare (self);
  update_error (self);
  update_controls (self);
}

static gboolean
update_cb (gpointer data)
{
  LlSaxBusPage *self = data;

  update (self);
  if (is_busy (self) || matches_pending (self))
    return G_SOURCE_CONTINUE;

  self->update_id = 0;
  return G_SOURCE_REMOVE;
}

static void
state_cb (LlSaxBusPage *self)
{
  update (self);
  if ((is_busy (self) || matches_pending (self)) && self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_MS, update_cb, self);
}

static void
start (LlSaxBusPage   *self,
       LlSaxBusMethod  method)
{
  const char *route = gtk_editable_get_text (self->route_entry);

  if (*route == '\0')
    {
      show_error (self, _("Type the route to look for, such as 22."));
      return;
    }

  self->method = method;
  self->n_shown = 0;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->matches_view), "", 0);
  ll_sax_bus_model_set_route (self->model, route);
  ll_sax_bus_model_set_direction (self->model, dropped (self->direction_drop));
  if (gtk_check_button_get_active (self->branch_check) &&
      *gtk_editable_get_text (self->route_entry_2) != '\0')
    ll_sax_bus_model_set_second_branch (self->model, gtk_editable_get_text (self->route_entry_2),
                                        dropped (self->direction_drop_2));
  else
    ll_sax_bus_model_set_second_branch (self->model, NULL, NULL);
  ll_sax_bus_model_set_method (self->model, method);

  if (self->file != NULL)
    ll_sax_bus_model_start (self->model, self->file);
  else
    ll_sax_bus_model_start_generated (self->model, gtk_spin_button_get_value_as_int (self->buses_spin),
                                      LL_BUS_FEED_DEFAULT_SEED);
  state_cb (self);
}

static void
stream_clicked_cb (LlSaxBusPage *self)
{
  if (!is_busy (self))
    start (self, LL_SAX_BUS_STREAM);
}

static void
dom_clicked_cb (LlSaxBusPage *self)
{
  if (!is_busy (self))
    start (self, LL_SAX_BUS_DOM);
}

static void
stop_clicked_cb (LlSaxBusPage *self)
{
  ll_sim_model_stop (LL_SIM_MODEL (self->model));
  update (self);
}

static void
buses_changed_cb (LlSaxBusPage *self)
{
  update_feed_label (self);
}

static void
branch_toggled_cb (LlSaxBusPage *self)
{
  update_controls (self);
}

static void
chooser_response_cb (LlSaxBusPage    *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ll_sax_bus_page_set_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (LlSaxBusPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose an XML File"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Open"), _("_Cancel")));
  gtk_file_filter_set_name (xml, _("XML files"));
  gtk_file_filter_add_mime_type (xml, "application/xml");
  gtk_file_filter_add_mime_type (xml, "text/xml");
  gtk_file_filter_add_suffix (xml, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xml);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
generated_clicked_cb (LlSaxBusPage *self)
{
  ll_sax_bus_page_set_file (self, NULL);
}

static void
ll_sax_bus_page_unmap (GtkWidget *widget)
{
  LlSaxBusPage *self = LL_SAX_BUS_PAGE (widget);

  /* Out of sight, no reading. */
  stop_updates (self);
  if (is_busy (self))
    ll_sim_model_stop (LL_SIM_MODEL (self->model));

  GTK_WIDGET_CLASS (ll_sax_bus_page_parent_class)->unmap (widget);
}

static void
ll_sax_bus_page_constructed (GObject *object)
{
  LlSaxBusPage *self = LL_SAX_BUS_PAGE (object);

  G_OBJECT_CLASS (ll_sax_bus_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_sax_bus_model_new (self->scheduler);
  self->graph = LL_PIPE_GRAPH (ll_pipe_graph_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->graph), -1, 240);
  gtk_box_append (self->graph_box, GTK_WIDGET (self->graph));

  for (int row = 0; row < 2; row++)
    for (int column = COLUMN_TIME; column < N_COLUMNS; column++)
      {
        GtkWidget *cell = gtk_label_new ("—");

        gtk_label_set_xalign (GTK_LABEL (cell), 1.0);
        gtk_widget_add_css_class (cell, "numeric");
        gtk_grid_attach (self->compare_grid, cell, column, row + 1, 1, 1);
        self->cells[row][column] = GTK_LABEL (cell);
      }

  g_signal_connect_object (self->model, "notify::state", G_CALLBACK (state_cb), self, G_CONNECT_SWAPPED);
  update_feed_label (self);
  update (self);
}

static void
ll_sax_bus_page_dispose (GObject *object)
{
  LlSaxBusPage *self = LL_SAX_BUS_PAGE (object);

  stop_updates (self);
  if (self->model != NULL)
    ll_sim_model_stop (LL_SIM_MODEL (self->model));
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_SAX_BUS_PAGE);

  self->graph = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ll_sax_bus_page_parent_class)->dispose (object);
}

static void
ll_sax_bus_page_class_init (LlSaxBusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_sax_bus_page_constructed;
  object_class->dispose = ll_sax_bus_page_dispose;

  widget_class->unmap = ll_sax_bus_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/pipe/ll-bus-chain.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-bus-parser.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-sax-bus-model.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-sax-bus-dom.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-pipe.c");
  ll_demo_page_class_add_source (page_class, "app/pipe/ll-bus-feed.c");
  ll_demo_page_class_add_rendering (page_class, "resources/python/sax_bus.py",
                                    N_("_Python: xml.sax"),
                                    N_("The notes’ event handler in Python: xml.sax callbacks that send() each event into the same chain of generators."));

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_WRAP_BOX);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-sax-bus-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, feed_label);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, buses_spin);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, buses_label);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, generated_button);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, route_entry);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, direction_drop);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, branch_check);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, route_entry_2);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, direction_drop_2);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, stream_button);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, dom_button);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, graph_box);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, figures_label);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, LlSaxBusPage, matches_view);
  gtk_widget_class_bind_template_callback (widget_class, stream_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dom_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, buses_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, branch_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, generated_clicked_cb);
}

static void
ll_sax_bus_page_init (LlSaxBusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_sax_bus_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_sax_bus_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_SAX_BUS_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_sax_bus_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlSaxBusModel *
ll_sax_bus_page_get_model (LlSaxBusPage *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_sax_bus_page_set_file:
 * @self: a page
 * @file: (nullable): the XML file to read; %NULL for the generated feed
 *
 * What the next run reads, as Choose File… sets it.
 */
void
ll_sax_bus_page_set_file (LlSaxBusPage *self,
                          GFile        *file)
{
  g_return_if_fail (LL_IS_SAX_BUS_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->file, file);
  update_feed_label (self);
  show_error (self, NULL);
}

/**
 * ll_sax_bus_page_run:
 * @self: a page
 * @method: streamed or DOM
 *
 * Starts a run as its button would (for the window's benchmark).
 */
void
ll_sax_bus_page_run (LlSaxBusPage   *self,
                     LlSaxBusMethod  method)
{
  g_return_if_fail (LL_IS_SAX_BUS_PAGE (self));

  if (!is_busy (self))
    start (self, method);
}
