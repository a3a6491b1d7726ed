/* test-counter-race.c: "Shared state: a lost update", driven by its controls
 *
 * A small run to completion: every lane's row says what it counted; the
 * locked, atomic and coroutine lanes are exact, the yielding coroutines'
 * count is the one the model's formula gives, the plain threads counted
 * no more than expected; leaving the page mid-run joins every thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-controller.h"
#include "ll-application.h"
#include "ll-counter-race-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

static void
set_spin (GtkWidget  *page,
          const char *mnemonic_label,
          double      value)
{
  GtkWidget *label = ll_test_find_label (page, mnemonic_label);

  g_assert_nonnull (label);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_label_get_mnemonic_widget (GTK_LABEL (label))), value);
}

static void
test_run (void)
{
  LlWindow *window = ll_test_present_window (app, "counter-race");
  GtkWidget *page = ll_window_get_page (window);
  LlCounterRaceModel *model = ll_counter_race_page_get_model (LL_COUNTER_RACE_PAGE (page));
  const LlCounterRaceFigures *figures;
  guint64 expected = 3 * 20000;

  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  set_spin (page, "_Workers", 3);
  set_spin (page, "_Increments each", 20000);
  ll_test_press (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);

  for (LlCounterRaceLane lane = 0; lane < LL_COUNTER_RACE_N_LANES; lane++)
    {
      figures = ll_counter_race_model_get_figures (model, lane);
      g_assert_cmpint (figures->state, ==, LL_COUNTER_RACE_STATE_FINISHED);
      g_assert_cmpuint (figures->expected, ==, expected);
      g_assert_cmpuint (figures->counted + figures->lost, ==, expected);
    }
  g_assert_cmpuint (ll_counter_race_model_get_figures (model, LL_COUNTER_RACE_LANE_MUTEX)->counted, ==, expected);
  g_assert_cmpuint (ll_counter_race_model_get_figures (model, LL_COUNTER_RACE_LANE_ATOMIC)->counted, ==, expected);
  g_assert_cmpuint (ll_counter_race_model_get_figures (model, LL_COUNTER_RACE_LANE_COROUTINE)->counted, ==, expected);
  g_assert_cmpuint (ll_counter_race_model_get_figures (model, LL_COUNTER_RACE_LANE_COROUTINE_YIELD)->counted, ==,
                    ll_counter_race_yield_lane_count (3, 20000));
  g_assert_cmpuint (ll_counter_race_yield_lane_count (3, 20000), <, expected);

  /* The rows say so, in the words a user reads. */
  /* (No-break spaces between the digits' groups.) */
  LL_TEST_WAIT_UNTIL (ll_test_find_label (page, "60\u00a0000 expected, 60\u00a0000 counted") != NULL, 10);
  g_assert_nonnull (ll_test_find_label_containing (page, " lost"));
  g_assert_true (gtk_widget_get_sensitive (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)));
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  /* Filled in, the lanes still fit beside the Info tab. */
  ll_test_assert_page_fits (window);

  ll_test_destroy_window (window);
}

static void
test_leave_mid_run (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");
  GtkWidget *page;
  LlCounterRaceModel *model;

  g_assert_true (ll_window_select_demo (window, "counter-race"));
  page = g_object_ref (ll_window_get_page (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  model = g_object_ref (ll_counter_race_page_get_model (LL_COUNTER_RACE_PAGE (page)));
  set_spin (page, "_Workers", 8);
  set_spin (page, "_Increments each", 50000000);
  ll_test_press (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_controller_get_live_threads () > 0, 10);

  g_assert_true (ll_window_select_demo (window, "message-loop"));
  g_assert_finalize_object (page);
  LL_TEST_WAIT_UNTIL (ll_controller_get_live_threads () == 0, 30);
  LL_TEST_WAIT_UNTIL (G_OBJECT (model)->ref_count == 1, 20);
  g_assert_finalize_object (model);

  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/counter-race/run", test_run);
  g_test_add_func ("/looplab/counter-race/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
