/* test-pipeline.c: "Pipelines: source, filters, sinks", driven by its controls
 *
 * Stepped through twenty sends, the counters of the graph and of the
 * page say twenty; a broadcast run and closed lists its cleanups in
 * order; leaving the page mid-run leaves no task and no log behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-application.h"
#include "ll-live-label.h"
#include "ll-pipe-graph.h"
#include "ll-pipeline-page.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

static GtkWidget *
open_page (LlWindow **window)
{
  GtkWidget *page;

  *window = ll_test_present_window (app, "pipeline");
  page = ll_window_get_page (*window);
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);

  return page;
}

static const char *
figures (GtkWidget *page)
{
  return ll_live_label_get_text (LL_LIVE_LABEL (ll_test_find_by_type (page, LL_TYPE_LIVE_LABEL)));
}

static void
test_step_twenty (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlPipelineModel *model = ll_pipeline_page_get_model (LL_PIPELINE_PAGE (page));
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  LlPipe *pipe;
  guint follow, grep, printer;
  g_autofree char *sent = NULL;

  for (guint i = 1; i <= 20; i++)
    {
      LL_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (step), 10);
      ll_test_press (step);
      LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_n_followed (model) == i, 10);
    }
  /* The twenty-first line waits at the gate, and the page says so. */
  LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_waiting (model) == 1, 10);
  LL_TEST_WAIT_UNTIL (strstr (figures (page), "follow() sent 20 ") != NULL, 10);
  g_assert_nonnull (strstr (figures (page), "Paused"));
  LL_TEST_WAIT_UNTIL (ll_demo_page_get_line (LL_DEMO_PAGE (page), "app/pipe/ll-pipeline-stages.c") > 0, 10);

  pipe = ll_pipeline_model_get_pipe (model);
  g_assert_true (ll_pipe_graph_get_pipe (LL_PIPE_GRAPH (ll_test_find_by_type (page, LL_TYPE_PIPE_GRAPH))) == pipe);
  follow = ll_pipeline_model_get_source_node (model, 0);
  grep = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, follow, 0));
  printer = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, grep, 0));
  g_assert_cmpuint (ll_pipe_node_get_n_sent (pipe, follow), ==, 20);
  g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, grep), ==, 20);
  g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, printer), ==, ll_pipe_node_get_n_sent (pipe, grep));
  sent = g_strdup_printf ("printer() printed %llu", (unsigned long long) ll_pipe_node_get_n_sent (pipe, grep));
  g_assert_nonnull (strstr (figures (page), sent));

  /* Go On runs by itself again. */
  ll_test_press (ll_test_find_button (page, "Go On", LL_TEST_FIND_MNEMONIC | LL_TEST_FIND_VISIBLE));
  LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_n_followed (model) > 25, 10);

  ll_test_destroy_window (window);
}

static void
test_broadcast_close (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlPipelineModel *model = ll_pipeline_page_get_model (LL_PIPELINE_PAGE (page));
  GtkWidget *label;

  ll_test_press (ll_test_find_button (page, "Broadcast", LL_TEST_FIND_MNEMONIC));
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_n_printed (model) > 20, 20);
  g_assert_cmpuint (ll_pipe_get_n_nodes (ll_pipeline_model_get_pipe (model)), ==, 7);

  ll_test_press (ll_test_find_button (page, "Close", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_finished (model), 10);
  LL_TEST_WAIT_UNTIL ((label = ll_test_find_label_prefixed (page, "Cleanups ran")) != NULL &&
                      gtk_widget_get_visible (label), 10);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   "Cleanups ran in this order: follow() → broadcast() → grep('python') → "
                   "grep('ply') → grep('swig') → printer()");
  g_assert_true (gtk_widget_get_sensitive (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC)));
  g_assert_false (gtk_widget_get_sensitive (ll_test_find_button (page, "Close", LL_TEST_FIND_MNEMONIC)));

  ll_test_destroy_window (window);
}

static void
test_leave_mid_run (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *page;
      LlPipelineModel *model;
      g_autoptr(GFile) log = NULL;

      g_assert_true (ll_window_select_demo (window, "pipeline"));
      page = g_object_ref (ll_window_get_page (window));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
      model = g_object_ref (ll_pipeline_page_get_model (LL_PIPELINE_PAGE (page)));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON)), 100000);
      if (i == 1)
        ll_test_press (ll_test_find_button (page, "Fan-in", LL_TEST_FIND_MNEMONIC));
      ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
      LL_TEST_WAIT_UNTIL (ll_pipeline_model_get_n_printed (model) > 1000, 20);
      log = g_object_ref (ll_pipeline_model_get_log_file (model, 0));

      g_assert_true (ll_window_select_demo (window, "message-loop"));
      g_assert_finalize_object (page);
      g_assert_finalize_object (model);
      /* The run's log went with it. */
      g_assert_false (g_file_query_exists (log, NULL));
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

  g_test_add_func ("/looplab/pipeline/step-twenty", test_step_twenty);
  g_test_add_func ("/looplab/pipeline/broadcast-close", test_broadcast_close);
  g_test_add_func ("/looplab/pipeline/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
