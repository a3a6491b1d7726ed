/* test-sax-bus.c: "Event dispatching: XML streamed into coroutines", driven by its controls
 *
 * A 10 000-bus feed streamed to its end: the count the page shows is
 * the count of the feed's buses of route 22 going north, found here by
 * a plain scan of the file; the DOM way finds the same and fills its
 * row of the table; a malformed file says where; leaving the page
 * mid-run is clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ll-application.h"
#include "ll-bus-feed.h"
#include "ll-bus-scan-test-util.h"
#include "ll-sax-bus-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

#define N_BUSES 10000

static LlApplication *app;

static GtkWidget *
open_page (LlWindow **window)
{
  GtkWidget *page;

  *window = ll_test_present_window (app, "sax-bus");
  page = ll_window_get_page (*window);
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);

  return page;
}

static void
set_buses (GtkWidget *page,
           guint      n)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON)), n);
}

static void
test_stream_and_dom (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlSaxBusModel *model = ll_sax_bus_page_get_model (LL_SAX_BUS_PAGE (page));
  g_autoptr(GFile) feed = ll_bus_feed_get_default (N_BUSES, LL_BUS_FEED_DEFAULT_SEED);
  g_autofree char *expected = NULL;
  guint n;

  set_buses (page, N_BUSES);
  ll_test_press (ll_test_find_button (page, "Stream the Events", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_FINISHED, 60);

  n = ll_scan_count_file (g_file_peek_path (feed), "22", "North Bound");
  g_assert_cmpuint (n, >, 100);
  g_assert_cmpuint (ll_sax_bus_model_get_n_matches (model), ==, n);
  expected = g_strdup_printf ("%u buses", n);
  LL_TEST_WAIT_UNTIL (ll_test_find_label (page, expected) != NULL, 10);
  g_assert_cmpuint (ll_sax_bus_model_get_bytes_read (model), ==, ll_sax_bus_model_get_file_size (model));

  /* The DOM way: the same buses, its own row of the table. */
  ll_test_press (ll_test_find_button (page, "Load the Whole File First (DOM)", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sax_bus_model_get_method (model) == LL_SAX_BUS_DOM &&
                      ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_FINISHED, 60);
  g_assert_cmpuint (ll_sax_bus_model_get_n_matches (model), ==, n);
  LL_TEST_WAIT_UNTIL (ll_test_find_label (page, expected) != NULL, 10);
  g_assert_cmpint (ll_sax_bus_model_get_longest_block (model), >=, ll_sax_bus_model_get_elapsed (model) / 2);

  /* Another route: another count, the scan's again. */
  gtk_editable_set_text (GTK_EDITABLE (ll_test_find_by_type (page, GTK_TYPE_ENTRY)), "147");
  ll_test_press (ll_test_find_button (page, "Stream the Events", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sax_bus_model_get_method (model) == LL_SAX_BUS_STREAM &&
                      ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_FINISHED, 60);
  g_assert_cmpuint (ll_sax_bus_model_get_n_matches (model), ==, ll_scan_count_file (g_file_peek_path (feed), "147", "North Bound"));
  /* Both rows of the table filled in, it still fits beside the Info tab. */
  ll_test_assert_page_fits (window);

  ll_test_destroy_window (window);
}

static void
test_malformed (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlSaxBusModel *model = ll_sax_bus_page_get_model (LL_SAX_BUS_PAGE (page));
  g_autofree char *dir = g_dir_make_tmp ("looplab-sax-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *bad = "<?xml version=\"1.0\"?>\n<buses>\n  <bus>\n    <id>1</id>\n    <route>22</route>\n"
                    "    <direction>North Bound</direction>\n    <latitude>41.9</latitude>\n"
                    "    <longitude>-87.6</longitude>\n  </bus>\n  <bus><id>2</route>\n</buses>\n";
  GtkWidget *label;

  g_assert_true (g_file_set_contents (path, bad, -1, NULL));
  ll_sax_bus_page_set_file (LL_SAX_BUS_PAGE (page), file);
  ll_test_press (ll_test_find_button (page, "Stream the Events", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_FAILED, 20);
  g_assert_cmpuint (ll_sax_bus_model_get_n_matches (model), ==, 1);
  LL_TEST_WAIT_UNTIL ((label = ll_test_find_label_containing (page, "(line 10, column")) != NULL &&
                      gtk_widget_get_visible (label), 10);
  g_assert_nonnull (ll_test_find_label (page, "1 bus"));

  ll_test_destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_leave_mid_run (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *page;
      LlSaxBusModel *model;

      g_assert_true (ll_window_select_demo (window, "sax-bus"));
      page = g_object_ref (ll_window_get_page (window));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
      model = g_object_ref (ll_sax_bus_page_get_model (LL_SAX_BUS_PAGE (page)));
      set_buses (page, 200000);
      ll_test_press (ll_test_find_button (page, "Stream the Events", LL_TEST_FIND_MNEMONIC));
      LL_TEST_WAIT_UNTIL (ll_sax_bus_model_get_bytes_read (model) > 0 ||
                          (i == 1 && ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_GENERATING), 60);

      g_assert_true (ll_window_select_demo (window, "message-loop"));
      g_assert_finalize_object (page);
      LL_TEST_WAIT_UNTIL (G_OBJECT (model)->ref_count == 1, 20);
      g_assert_finalize_object (model);
      ll_test_spin (100);
    }

  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/sax-bus/stream-and-dom", test_stream_and_dom);
  g_test_add_func ("/looplab/sax-bus/malformed", test_malformed);
  g_test_add_func ("/looplab/sax-bus/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
