/* test-window.c: the main window and the first demo, in-process
 *
 * Real widgets on a real display (Xvfb under tools/test): present the
 * window, act, wait for the state to change, assert, and check that
 * everything is finalized.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-application.h"
#include "ll-demo-page.h"
#include "ll-demo-registry.h"
#include "ll-message-loop-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

static void
test_presents (void)
{
  LlWindow *window = ll_test_present_window (app, NULL);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Loop Lab");
  g_assert_nonnull (ll_window_get_page (window));
  g_assert_true (gtk_widget_get_mapped (ll_window_get_page (window)));

  ll_test_destroy_window (window);
}

static void
test_catalogue_lists_demos (void)
{
  LlWindow *window = ll_test_present_window (app, NULL);
  GtkListBox *list = ll_window_get_demo_list (window);
  const LlDemo *demos;
  guint n;
  gboolean found = FALSE;

  demos = ll_demo_registry_get (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);

      g_assert_nonnull (row);
      g_assert_true (g_object_get_data (G_OBJECT (row), "demo") == &demos[i]);
      found |= g_str_equal (demos[i].id, "message-loop");
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, (int) n));
  g_assert_true (found);

  ll_test_destroy_window (window);
}

static void
test_select_shows_source (void)
{
  LlWindow *window = ll_test_present_window (app, NULL);
  GtkListBox *list = ll_window_get_demo_list (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ll_window_get_source_buffer (window));
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "ui", "demos", "ll-message-loop-page.c", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  /* Select through the sidebar, as a user would. */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (ll_window_get_demo_id (window), ==, "message-loop");

  /* The Source tab holds the real file, byte for byte, as C. */
  g_assert_true (g_file_get_contents (path, &expected, NULL, NULL));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "g_usleep"));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "c");

  /* An unknown id changes nothing. */
  g_assert_false (ll_window_select_demo (window, "no-such-demo"));
  g_assert_cmpstr (ll_window_get_demo_id (window), ==, "message-loop");

  ll_test_destroy_window (window);
}

static char *
buffer_text (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, FALSE);
}

/* The file of the tree at @source, as the registry test reads it. */
static char *
tree_file (const char *source)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", source, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The switcher a user finds by its label, "File". */
static GtkDropDown *
find_source_switcher (LlWindow *window)
{
  GtkWidget *label = ll_test_find_label (GTK_WIDGET (window), "_File");

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (label))));
  return GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (label)));
}

/* Shows the notebook page that holds @widget. */
static void
show_tab_of (GtkWidget *widget)
{
  GtkNotebook *notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (widget, GTK_TYPE_NOTEBOOK));

  while (gtk_notebook_page_num (notebook, widget) < 0)
    widget = gtk_widget_get_parent (widget);
  gtk_notebook_set_current_page (notebook, gtk_notebook_page_num (notebook, widget));
}

/* A demo with several files: the Source tab switches between them, each
 * shown whole, as C, under its path, with its own highlighted line. */
static void
test_source_switcher (void)
{
  LlWindow *window = ll_test_present_window (app, "frozen-vs-responsive");
  LlDemoPage *page = LL_DEMO_PAGE (ll_window_get_page (window));
  GtkSourceBuffer *buffer = ll_window_get_source_buffer (window);
  const char * const *sources = ll_demo_page_get_sources (page);
  GtkDropDown *switcher = find_source_switcher (window);
  GListModel *names = gtk_drop_down_get_model (switcher);
  GtkWidget *label = ll_test_find_label (GTK_WIDGET (window), "_File");
  GtkWidget *popover;
  guint n = g_strv_length ((char **) sources);

  /* It lists every file of the page, the page's first first. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, n);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (switcher))));
  g_assert_cmpuint (gtk_drop_down_get_selected (switcher), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_path_get_basename (sources[i]);

      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), i), ==, name);
    }

  /* Alt+F, once the Source tab shows, opens the list of files. */
  show_tab_of (GTK_WIDGET (switcher));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (switcher)), 5);
  popover = ll_test_find_by_type (GTK_WIDGET (switcher), GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_mnemonic_activate (label, FALSE));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (popover), 5);
  gtk_popover_popdown (GTK_POPOVER (popover));

  for (guint i = n; i-- > 0;)
    {
      g_autofree char *expected = tree_file (sources[i]);
      g_autofree char *shown = NULL;
      GtkWidget *path;

      g_test_message ("file %s", sources[i]);
      gtk_drop_down_set_selected (switcher, i);
      shown = buffer_text (buffer);
      g_assert_cmpstr (shown, ==, expected);
      g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "c");
      path = ll_test_find_label (GTK_WIDGET (window), sources[i]);
      g_assert_nonnull (path);
      g_assert_true (gtk_widget_is_visible (path));
    }

  /* The highlight is the shown file's line, and follows it. */
  g_assert_cmpuint (gtk_drop_down_get_selected (switcher), ==, 0);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 0);
  ll_demo_page_set_line (page, sources[1], 7);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 0);
  gtk_drop_down_set_selected (switcher, 1);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 7);
  ll_demo_page_set_line (page, sources[1], 9);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 9);
  ll_demo_page_set_line (page, sources[0], 3);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 9);
  gtk_drop_down_set_selected (switcher, 0);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 3);
  ll_demo_page_set_line (page, sources[0], 0);
  g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 0);

  /* One file: no switcher, and the path says which. */
  g_assert_true (ll_window_select_demo (window, "message-loop"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (switcher))));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (switcher)), ==, 1);
  g_assert_true (gtk_widget_is_visible (ll_test_find_label (GTK_WIDGET (window), "ui/demos/ll-message-loop-page.c")));

  ll_test_destroy_window (window);
}

/* The Python rendering has a tab of its own, in Python: the Source tab
 * keeps the C file, so a step highlights both at once. */
static void
test_python_tab (void)
{
  LlWindow *window = ll_test_present_window (app, "producer-consumer");
  LlDemoPage *page = LL_DEMO_PAGE (ll_window_get_page (window));
  GtkSourceBuffer *python = ll_window_get_rendering_buffer (window, 0);
  const char * const *sources = ll_demo_page_get_sources (page);
  GtkDropDown *switcher = find_source_switcher (window);
  g_autofree char *c_file = NULL;
  g_autofree char *py_file = NULL;
  g_autofree char *shown = NULL;

  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 2);
  g_assert_true (g_str_has_suffix (sources[1], ".py"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (switcher))));

  c_file = tree_file (sources[0]);
  shown = buffer_text (ll_window_get_source_buffer (window));
  g_assert_cmpstr (shown, ==, c_file);
  g_clear_pointer (&shown, g_free);

  py_file = tree_file (sources[1]);
  shown = buffer_text (python);
  g_assert_cmpstr (shown, ==, py_file);
  g_assert_true (g_str_has_prefix (gtk_source_language_get_id (gtk_source_buffer_get_language (python)), "python"));

  ll_demo_page_set_line (page, sources[1], 4);
  ll_demo_page_set_line (page, sources[0], 5);
  g_assert_cmpint (ll_window_get_highlighted_line (window, python), ==, 4);
  g_assert_cmpint (ll_window_get_highlighted_line (window, ll_window_get_source_buffer (window)), ==, 5);

  ll_test_destroy_window (window);
}

static void
test_search_filters (void)
{
  LlWindow *window = ll_test_present_window (app, NULL);
  GtkWidget *entry = ll_test_find_by_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *none = ll_test_find_label (GTK_WIDGET (window), "No demo matches");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (ll_window_get_demo_list (window), 0);

  g_assert_nonnull (entry);
  g_assert_nonnull (none);
  g_assert_false (gtk_widget_get_visible (none));

  /* Ctrl+F's action puts the focus in the search entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  LL_TEST_WAIT_UNTIL (gtk_widget_has_focus (entry) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry), 5);

  gtk_editable_set_text (GTK_EDITABLE (entry), "zzz");
  LL_TEST_WAIT_UNTIL (gtk_widget_get_visible (none), 5);
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (row)));

  /* Titles, summaries, ids and categories all match, case-folded. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "LAG");
  LL_TEST_WAIT_UNTIL (!gtk_widget_get_visible (none), 5);
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (row)));

  ll_test_destroy_window (window);
}

/* Size, last demo and freeze duration come back at the next start. */
static void
test_settings_remembered (void)
{
  GSettings *settings = ll_application_get_settings (app);
  g_autofree char *last_demo = NULL;
  LlWindow *window;
  int width, height;

  g_assert_nonnull (settings);

  window = ll_test_present_window (app, "message-loop");
  gtk_window_set_default_size (GTK_WINDOW (window), 901, 601);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 901);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 601);
  last_demo = g_settings_get_string (settings, "last-demo");
  g_assert_cmpstr (last_demo, ==, "message-loop");

  window = ll_window_new (app);
  g_object_ref_sink (window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 901);
  g_assert_cmpint (height, ==, 601);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  ll_test_destroy_window (window);
}

typedef struct
{
  LlMessageLoopPage *page;
  gint64             elapsed;  /* µs the freeze call took */
  LlStall           *stall;    /* what the monitor recorded of it */
} Freeze;

static gboolean
freeze_half_second (gpointer data)
{
  Freeze *freeze = data;
  gint64 start = g_get_monotonic_time ();

  ll_message_loop_page_freeze (freeze->page, 0.5);
  freeze->elapsed = g_get_monotonic_time () - start;

  return G_SOURCE_REMOVE;
}

static void
freeze_stall_cb (LlLoopMonitor *monitor,
                 const LlStall *stall,
                 Freeze        *freeze)
{
  if (g_strcmp0 (stall->handler, "freeze_clicked_cb") == 0)
    {
      g_clear_pointer (&freeze->stall, ll_stall_free);
      freeze->stall = ll_stall_copy (stall);
    }
}

/* Any report, not only the newest: a slow frame after the freeze is
 * reported too, above it. */
static gboolean
is_freeze_report (GtkWidget     *widget,
                  gconstpointer  regex)
{
  return GTK_IS_LABEL (widget) &&
         g_regex_match ((GRegex *) regex, gtk_label_get_label (GTK_LABEL (widget)), 0, NULL);
}

static void
test_freeze_reports_stall (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");
  GtkWidget *page = ll_window_get_page (window);
  LlLoopMonitor *monitor = ll_demo_page_get_monitor (LL_DEMO_PAGE (page));
  g_autoptr(GRegex) regex = g_regex_new ("^Main loop blocked for ([0-9.]+) s by freeze_clicked_cb$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *expected = NULL;
  Freeze freeze = { LL_MESSAGE_LOOP_PAGE (page), 0, NULL };
  GtkWidget *report;
  gulong handler;

  g_assert_null (ll_test_find_widget (page, is_freeze_report, regex));

  handler = g_signal_connect (monitor, "stall", G_CALLBACK (freeze_stall_cb), &freeze);
  g_timeout_add (10, freeze_half_second, &freeze);
  LL_TEST_WAIT_UNTIL (freeze.stall != NULL && ll_test_find_widget (page, is_freeze_report, regex), 20);
  g_signal_handler_disconnect (monitor, handler);

  /* The stall is the loop iteration that ran the handler: it holds the
   * whole call, which held the loop for the half second asked. */
  g_assert_cmpint (freeze.elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (freeze.stall->duration, >=, freeze.elapsed);

  /* The page says what the monitor measured, in seconds. */
  report = ll_test_find_widget (page, is_freeze_report, regex);
  g_assert_true (g_regex_match (regex, gtk_label_get_label (GTK_LABEL (report)), 0, &match));
  seconds = g_match_info_fetch (match, 1);
  expected = g_strdup_printf ("%.1f", freeze.stall->duration / (double) G_TIME_SPAN_SECOND);
  g_assert_cmpstr (seconds, ==, expected);

  g_clear_pointer (&freeze.stall, ll_stall_free);
  ll_test_destroy_window (window);
}

/* Leaving the window while the page is live must finalize the page too. */
static void
test_page_finalized (void)
{
  LlWindow *window = ll_test_present_window (app, NULL);
  GtkWidget *page = g_object_ref (ll_window_get_page (window));

  ll_test_spin (200);
  ll_test_destroy_window (window);
  g_assert_finalize_object (page);
}

static gboolean
check_demo_and_quit (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  const char **demo_id = data;

  if (window == NULL)
    return G_SOURCE_CONTINUE;

  *demo_id = g_strdup (ll_window_get_demo_id (LL_WINDOW (window)));
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
test_command_line_demo (void)
{
  g_autoptr(LlApplication) cli_app = ll_application_new ();
  char *argv[] = { (char *) "looplab", (char *) "--demo", (char *) "message-loop", NULL };
  g_autofree char *demo_id = NULL;
  LlApplication *saved = app;
  int status;

  /* Another id: the suite's own instance already holds the real one. */
  g_application_set_application_id (G_APPLICATION (cli_app), APPLICATION_ID ".CommandLineTest");
  g_application_set_flags (G_APPLICATION (cli_app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  app = cli_app;
  g_timeout_add (100, check_demo_and_quit, &demo_id);
  status = g_application_run (G_APPLICATION (cli_app), G_N_ELEMENTS (argv) - 1, argv);
  app = saved;

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (demo_id, ==, "message-loop");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/window/presents", test_presents);
  g_test_add_func ("/looplab/window/catalogue-lists-demos", test_catalogue_lists_demos);
  g_test_add_func ("/looplab/window/select-shows-source", test_select_shows_source);
  g_test_add_func ("/looplab/window/source-switcher", test_source_switcher);
  g_test_add_func ("/looplab/window/python-tab", test_python_tab);
  g_test_add_func ("/looplab/window/search-filters", test_search_filters);
  g_test_add_func ("/looplab/window/settings-remembered", test_settings_remembered);
  g_test_add_func ("/looplab/window/freeze-reports-stall", test_freeze_reports_stall);
  g_test_add_func ("/looplab/window/page-finalized", test_page_finalized);
  g_test_add_func ("/looplab/window/command-line-demo", test_command_line_demo);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
