/* test-environments.c: "One coroutine, three environments", driven by its controls
 *
 * Run in all three on a 5 000-bus feed: three rows done, the same count
 * and the same SHA-256, and a count that is the feed's buses of route 22
 * going north by a plain scan of the file; leaving the page mid-run,
 * with the subprocess under way, is clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-application.h"
#include "ll-bus-feed.h"
#include "ll-bus-scan-test-util.h"
#include "ll-environments-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

#define N_BUSES 5000

static LlApplication *app;

static void
set_buses (GtkWidget *page,
           guint      n)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON)), n);
}

static void
test_all_three (void)
{
  LlWindow *window = ll_test_present_window (app, "environments");
  GtkWidget *page = ll_window_get_page (window);
  LlEnvironmentsModel *model = ll_environments_page_get_model (LL_ENVIRONMENTS_PAGE (page));
  g_autoptr(GFile) feed = ll_bus_feed_get_default (N_BUSES, LL_BUS_FEED_DEFAULT_SEED);
  g_autofree char *verdict = NULL;
  guint n;

  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  set_buses (page, N_BUSES);
  ll_test_press (ll_test_find_button (page, "Run in All Three", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);

  n = ll_scan_count_file (g_file_peek_path (feed), "22", "North Bound");
  g_assert_cmpuint (n, >, 50);
  for (LlEnvironment e = 0; e < LL_N_ENVIRONMENTS; e++)
    {
      g_assert_no_error (ll_environments_model_get_error (model, e));
      g_assert_cmpint (ll_environments_model_get_state (model, e), ==, LL_ENVIRONMENT_STATE_FINISHED);
      g_assert_cmpuint (ll_environments_model_get_figures (model, e)->n_matches, ==, n);
      g_assert_cmpstr (ll_environments_model_get_checksum (model, e), ==,
                       ll_environments_model_get_checksum (model, LL_ENVIRONMENT_MAIN_LOOP));
    }
  g_assert_true (ll_environments_model_get_identical (model));

  verdict = g_strdup_printf ("The same %u buses in all three environments: SHA-256 %s.", n,
                             ll_environments_model_get_checksum (model, LL_ENVIRONMENT_MAIN_LOOP));
  LL_TEST_WAIT_UNTIL (ll_test_find_label (page, verdict) != NULL, 10);
  g_assert_nonnull (ll_test_find_label (page, "done"));
  /* Filled in, the table still fits beside the Info tab. */
  ll_test_assert_page_fits (window);

  ll_test_destroy_window (window);
}

static void
test_leave_mid_run (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");

  for (LlEnvironment leave_in = LL_ENVIRONMENT_THREAD; leave_in <= LL_ENVIRONMENT_SUBPROCESS; leave_in++)
    {
      GtkWidget *page;
      LlEnvironmentsModel *model;

      g_assert_true (ll_window_select_demo (window, "environments"));
      page = g_object_ref (ll_window_get_page (window));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
      model = g_object_ref (ll_environments_page_get_model (LL_ENVIRONMENTS_PAGE (page)));
      set_buses (page, 200000);
      ll_test_press (ll_test_find_button (page, "Run in All Three", LL_TEST_FIND_MNEMONIC));
      LL_TEST_WAIT_UNTIL (ll_environments_model_get_state (model, leave_in) == LL_ENVIRONMENT_STATE_RUNNING ||
                          !ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);

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
  g_autofree char *cli = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  /* The subprocess is the looplab-cli of this build tree. */
  cli = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);
  g_setenv ("LOOPLAB_CLI", cli, TRUE);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/environments/all-three", test_all_three);
  g_test_add_func ("/looplab/environments/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
