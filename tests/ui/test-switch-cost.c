/* test-switch-cost.c: "The cost of a switch", driven by its controls
 *
 * A small run to completion: every point of every kind measured, in the
 * table, on the chart, in Copy as CSV and in the chart's PNG; the
 * summary gives the ratios; leaving the page mid-run ends every thread
 * and process the run started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ll-application.h"
#include "ll-controller.h"
#include "ll-switch-cost-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), data) == 0;
}

static GtkWidget *
mnemonic_widget (GtkWidget  *page,
                 const char *mnemonic_label)
{
  GtkWidget *label = ll_test_find_label (page, mnemonic_label);

  g_assert_nonnull (label);
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

/* A small run: Workers 10, a tenth of a second a point. */
static void
set_small (GtkWidget *page)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mnemonic_widget (page, "_Workers")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (mnemonic_widget (page, "_Seconds each")), 0.1);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  char **text = data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
assert_no_children (void)
{
  g_assert_cmpuint (ll_switch_cost_get_live_processes (), ==, 0);
  g_assert_cmpint (waitpid (-1, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
}

static void
test_run (void)
{
  LlWindow *window = ll_test_present_window (app, "switch-cost");
  GtkWidget *page = ll_window_get_page (window);
  LlSwitchCostModel *model = ll_switch_cost_page_get_model (LL_SWITCH_COST_PAGE (page));
  LlLogPlot *plot = ll_switch_cost_page_get_plot (LL_SWITCH_COST_PAGE (page));
  GtkWidget *measure = ll_test_find_button (page, "Measure", LL_TEST_FIND_MNEMONIC);
  GtkWidget *copy = ll_test_find_button (page, "Copy as CSV", LL_TEST_FIND_MNEMONIC);
  g_autofree char *csv = NULL;
  g_autofree char *description = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  int fd;

  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  g_assert_false (gtk_widget_get_sensitive (copy));
  set_small (page);
  ll_test_press (measure);
  LL_TEST_WAIT_UNTIL (ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
  g_assert_false (gtk_widget_get_sensitive (measure));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  assert_no_children ();

  /* Three kinds at N = 2 and 10, each measured. */
  g_assert_cmpuint (ll_switch_cost_model_get_n_points (model), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (model, i);

      g_assert_cmpint (point->state, ==, LL_SWITCH_COST_STATE_FINISHED);
      g_assert_cmpfloat (point->ns_per_handoff, >, 0);
    }
  for (LlSwitchCostKind kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    g_assert_cmpuint (ll_log_plot_get_n_points (plot, kind), ==, 2);

  /* The table, the chart's description and the summary say so. */
  g_assert_nonnull (ll_test_find_label (page, "Time a handoff"));
  g_assert_nonnull (ll_test_find_label (page, "Processes"));
  g_assert_nonnull (ll_test_find_label_containing (page, "A handoff between threads cost "));
  g_assert_nonnull (ll_test_find_label_containing (page, "× at N = 2, "));
  g_assert_nonnull (ll_test_find_label_containing (page, "Largest ring: Coroutines 10, Threads 10, Processes 10."));
  description = ll_log_plot_describe (plot);
  g_assert_nonnull (strstr (description, "Threads"));

  /* Copy as CSV: the model's points, on the clipboard. */
  g_assert_true (gtk_widget_get_sensitive (copy));
  ll_test_press (copy);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (page), NULL, read_text_cb, &csv);
  LL_TEST_WAIT_UNTIL (csv != NULL, 10);
  {
    g_autofree char *expected = ll_switch_cost_model_to_csv (model);

    g_assert_cmpstr (csv, ==, expected);
    g_assert_true (g_str_has_prefix (csv, "kind,n,state,"));
  }

  /* The chart as a PNG: what Save Chart as PNG writes, after its file
   * chooser, which a test cannot drive. */
  fd = g_file_open_tmp ("switch-cost-XXXXXX.png", &png, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (ll_log_plot_save_png (plot, png, 640, 400, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 400);
  cairo_surface_destroy (surface);
  g_unlink (png);
  /* With its table filled in, the page still fits beside the Info tab. */
  ll_test_assert_page_fits (window);

  /* A run of coroutines only: the table follows the model's points. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ll_test_find_widget (page, is_check_labelled, "_Threads")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ll_test_find_widget (page, is_check_labelled, "_Processes")), FALSE);
  ll_test_press (measure);
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);
  g_assert_cmpuint (ll_switch_cost_model_get_n_points (model), ==, 2);
  g_assert_cmpuint (ll_log_plot_get_n_points (plot, LL_SWITCH_COST_KIND_THREAD), ==, 0);
  g_assert_null (ll_test_find_label (page, "Processes"));
  g_assert_null (ll_test_find_label_containing (page, "Between processes"));

  /* Nothing to measure: Measure is off. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ll_test_find_widget (page, is_check_labelled, "C_oroutines")), FALSE);
  g_assert_false (gtk_widget_get_sensitive (measure));

  ll_test_destroy_window (window);
}

static void
test_leave_mid_run (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");
  GtkWidget *page;
  LlSwitchCostModel *model;

  g_assert_true (ll_window_select_demo (window, "switch-cost"));
  page = g_object_ref (ll_window_get_page (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  model = g_object_ref (ll_switch_cost_page_get_model (LL_SWITCH_COST_PAGE (page)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (mnemonic_widget (page, "_Seconds each")), 10);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ll_test_find_widget (page, is_check_labelled, "C_oroutines")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ll_test_find_widget (page, is_check_labelled, "_Threads")), FALSE);
  ll_test_press (ll_test_find_button (page, "Measure", LL_TEST_FIND_MNEMONIC));
  /* The process ring of N = 2 is going round. */
  /* (its two and their host) */
  LL_TEST_WAIT_UNTIL (ll_switch_cost_get_live_processes () == 3 &&
                      ll_switch_cost_model_get_point (model, 0)->state == LL_SWITCH_COST_STATE_MEASURING, 20);

  g_assert_true (ll_window_select_demo (window, "message-loop"));
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  assert_no_children ();
  g_assert_finalize_object (page);
  LL_TEST_WAIT_UNTIL (G_OBJECT (model)->ref_count == 1, 20);
  g_assert_finalize_object (model);

  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cli = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  /* The host of the process rings is this tree's looplab-cli. */
  cli = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);
  g_setenv ("LOOPLAB_CLI", cli, TRUE);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/switch-cost/run", test_run);
  g_test_add_func ("/looplab/switch-cost/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
