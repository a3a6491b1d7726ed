/* test-coroutine-demos.c: the coroutine demos in the window, in-process
 *
 * Real widgets on a real display (Xvfb under tools/test): each demo is
 * opened in the window and driven through its buttons, as a user would
 * press them; the assertions read what is on screen (labels, the
 * highlighted source line, the log) and check it against the headless
 * programs' transcripts.  Leaving a demo in the middle of a run must
 * finalize its page.
 *
 * Two figures are measured and reported (never asserted): the frame
 * rate and loop lag while 20 couriers deliver 500 parcels at speed 100,
 * and how many frames pass between pressing Step and seeing the step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ll-application.h"
#include "ll-countdown-page.h"
#include "ll-countdown-view.h"
#include "ll-courier-page.h"
#include "ll-courier-view.h"
#include "ll-demo-registry.h"
#include "ll-hello-page.h"
#include "ll-hello-view.h"
#include "ll-interleave-page.h"
#include "ll-producer-consumer-page.h"
#include "ll-producer-consumer-view.h"
#include "ll-programs.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

static char *
run_program (const char *line)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int argc;

  g_assert_true (g_shell_parse_argv (line, &argc, &argv, NULL));
  g_assert_true (ll_programs_run (argv[0], argc, argv, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Finding widgets by what a user sees */

static gboolean
is_view_of (GtkWidget     *widget,
            gconstpointer  buffer)
{
  return GTK_IS_TEXT_VIEW (widget) &&
         gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)) == GTK_TEXT_BUFFER (buffer);
}

/* The source view showing @buffer. */
static GtkWidget *
find_view_of (GtkWidget       *widget,
              GtkSourceBuffer *buffer)
{
  return ll_test_find_widget (widget, is_view_of, buffer);
}

static char *
line_text (GtkSourceBuffer *buffer,
           int              line)
{
  GtkTextIter start, end;

  g_assert_cmpint (line, >, 0);
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (buffer), &start, line - 1);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);

  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, FALSE);
}

/* producer-consumer */

/* What the highlighted lines read before each step: the C line where
 * the coroutine about to run stands (its start, or the resume point its
 * last hand-over led to, which the line before names), and the Python
 * line about to run. */
static const char * const pc_lines[][3] = {
  { "hand_over (f->self, LL_PC_POINT_CONSUMER_START", NULL, "c.send(None)" },
  { "f->reply = g_strdup (\"\");", NULL, "r = ''" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_PRIMED", "c.send(None)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_CLOSED", "c.close()" },
};

static GPtrArray *
transcript_lines (GtkWidget *page)
{
  GtkWidget *box = ll_test_find_label_prefixed (page, "Nothing printed yet");
  GPtrArray *lines = g_ptr_array_new ();

  g_assert_nonnull (box);
  for (GtkWidget *child = gtk_widget_get_next_sibling (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (lines, (gpointer) gtk_label_get_label (GTK_LABEL (child)));

  return lines;
}

static void
test_producer_consumer_steps (void)
{
  LlWindow *window = ll_test_present_window (app, "producer-consumer");
  GtkWidget *page = ll_window_get_page (window);
  LlProducerConsumerModel *model = ll_producer_consumer_page_get_model (LL_PRODUCER_CONSUMER_PAGE (page));
  LlProducerConsumerView *view = LL_PRODUCER_CONSUMER_VIEW (ll_producer_consumer_page_get_view (LL_PRODUCER_CONSUMER_PAGE (page)));
  GtkSourceBuffer *source = ll_window_get_source_buffer (window);
  GtkSourceBuffer *python = ll_window_get_rendering_buffer (window, 0);
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (page);
  g_autofree char *expected = run_program ("producer-consumer");
  g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) frames_taken = g_string_new (NULL);
  guint max_frames = 0;

  g_assert_nonnull (step);
  g_assert_nonnull (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  g_assert_nonnull (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));

  /* The Python tab is there, with the rendering in it. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (python)), >, 100);
  g_assert_true (gtk_widget_is_visible (find_view_of (GTK_WIDGET (window), python)) ||
                 gtk_widget_get_visible (gtk_widget_get_ancestor (find_view_of (GTK_WIDGET (window), python), GTK_TYPE_BOX)));

  for (guint i = 0; i < G_N_ELEMENTS (pc_lines); i++)
    {
      g_autofree char *c_line = NULL;
      g_autofree char *c_before = NULL;
      g_autofree char *py_line = NULL;
      int highlighted;
      gint64 before;

      /* Before each step, the lines about to run are highlighted. */
      highlighted = ll_window_get_highlighted_line (window, source);
      c_line = line_text (source, highlighted);
      c_before = line_text (source, highlighted - 1);
      py_line = line_text (python, ll_window_get_highlighted_line (window, python));
      g_test_message ("step %u: C “%s”, Python “%s”", i + 1, g_strstrip (c_line), g_strstrip (py_line));
      g_assert_nonnull (strstr (c_line, pc_lines[i][0]));
      if (pc_lines[i][1] != NULL)
        g_assert_nonnull (strstr (c_before, pc_lines[i][1]));
      g_assert_nonnull (strstr (py_line, pc_lines[i][2]));

      /* Step: the highlight moves at once, the picture at the next
       * frame the view draws. */
      before = gdk_frame_clock_get_frame_counter (clock);
      ll_test_press (step);
      g_assert_cmpuint (ll_producer_consumer_model_get_n_steps (model), ==, i + 1);
      if (i + 1 < G_N_ELEMENTS (pc_lines))
        g_assert_cmpint (ll_window_get_highlighted_line (window, source), ==,
                         ll_demo_page_get_line (LL_DEMO_PAGE (page), "app/sim/ll-producer-consumer-model.c"));
      LL_TEST_WAIT_UNTIL (ll_producer_consumer_view_get_drawn_step (view) == i + 1, 5);
      g_string_append_printf (frames_taken, " %" G_GINT64_FORMAT,
                              gdk_frame_clock_get_frame_counter (clock) - before);
      max_frames = MAX (max_frames, gdk_frame_clock_get_frame_counter (clock) - before);

      /* The transcript grows line by line, as the CLI prints it. */
      lines = transcript_lines (page);
      for (guint k = 0; k < lines->len; k++)
        g_assert_cmpstr (g_ptr_array_index (lines, k), ==, expected_lines[k]);
      g_clear_pointer (&lines, g_ptr_array_unref);
    }

  /* The end: 15 lines in order, nothing left to step or highlight. */
  lines = transcript_lines (page);
  g_assert_cmpuint (lines->len, ==, 15);
  for (guint k = 0; k < 15; k++)
    g_assert_cmpstr (g_ptr_array_index (lines, k), ==, expected_lines[k]);
  g_assert_false (gtk_widget_is_sensitive (step));
  g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, LL_PC_POINT_FINISHED);
  g_assert_cmpint (ll_window_get_highlighted_line (window, source), ==, 0);
  g_assert_cmpint (ll_window_get_highlighted_line (window, python), ==, 0);
  g_assert_cmpuint (ll_producer_consumer_view_get_n_arrows (view), ==, 15);

  g_test_message ("FIGURE step-to-frame: frames from Step to the step drawn:%s (at most %u)",
                  frames_taken->str, max_frames);

  /* Reset: from the top again. */
  ll_test_press (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));
  g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, LL_PC_POINT_PRODUCER_START);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = transcript_lines (page);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_true (gtk_widget_is_sensitive (step));

  ll_test_destroy_window (window);
}

static void
test_producer_consumer_run (void)
{
  LlWindow *window = ll_test_present_window (app, "producer-consumer");
  GtkWidget *page = ll_window_get_page (window);
  LlProducerConsumerModel *model = ll_producer_consumer_page_get_model (LL_PRODUCER_CONSUMER_PAGE (page));
  GtkAdjustment *speed = gtk_range_get_adjustment (GTK_RANGE (ll_test_find_by_type (page, GTK_TYPE_SCALE)));
  g_autoptr(GPtrArray) lines = NULL;

  /* The fastest Run: ten steps a second. */
  gtk_adjustment_set_value (speed, 10.0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)), TRUE);
  LL_TEST_WAIT_UNTIL (ll_producer_consumer_model_get_point (model) == LL_PC_POINT_FINISHED, 10);
  LL_TEST_WAIT_UNTIL (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC))), 5);
  lines = transcript_lines (page);
  g_assert_cmpuint (lines->len, ==, 15);

  /* The Python tab belongs to this demo only. */
  g_assert_true (ll_window_select_demo (window, "message-loop"));
  g_assert_cmpint (gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (ll_window_get_rendering_buffer (window, 0))), ==, 0);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (find_view_of (GTK_WIDGET (window), ll_window_get_rendering_buffer (window, 0)),
                                                                   GTK_TYPE_BOX)));
  g_assert_cmpint (ll_window_get_highlighted_line (window, ll_window_get_source_buffer (window)), ==, 0);

  ll_test_destroy_window (window);
}

/* The Python rendering prints what the C program prints. */
static void
test_python_rendering (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (LL_DEMO_SOURCES_PREFIX "resources/python/producer_consumer.py", 0, NULL);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = run_program ("producer-consumer");
  g_autoptr(GError) error = NULL;
  int status;
  int fd;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3");
      return;
    }

  fd = g_file_open_tmp ("producer_consumer-XXXXXX.py", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  close (fd);

  {
    char *argv[] = { (char *) "/usr/bin/python3", path, NULL };

    g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_unlink (path);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, expected);
}

/* interleave */

static void
test_interleave (void)
{
  LlWindow *window = ll_test_present_window (app, "interleave");
  GtkWidget *page = ll_window_get_page (window);
  LlInterleaveModel *model = ll_interleave_page_get_model (LL_INTERLEAVE_PAGE (page));
  GtkWidget *entry = ll_test_find_by_type (page, GTK_TYPE_ENTRY);
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  GtkSourceBuffer *source = ll_window_get_source_buffer (window);
  GtkWidget *output;

  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "AABBAB");

  /* A bad schedule is explained and changes nothing. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "AAB");
  g_assert_nonnull (ll_test_find_label_prefixed (page, "A schedule has three A and three B"));
  g_assert_cmpstr (ll_interleave_model_get_schedule (model), ==, "AABBAB");

  /* A good one (in either case) restarts the run with it. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ababab");
  g_assert_cmpstr (ll_interleave_model_get_schedule (model), ==, "ABABAB");
  g_assert_null (ll_test_find_label_prefixed (page, "A schedule has three A and three B"));

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *line = line_text (source, ll_window_get_highlighted_line (window, source));

      /* The next one resumes at its loop, or at its yield. */
      g_assert_true (strstr (line, "LL_CO_YIELD (co, NULL);") != NULL ||
                     strstr (line, "for (f->i = 0;") != NULL);
      ll_test_press (step);
    }
  g_assert_false (gtk_widget_is_sensitive (step));
  g_assert_cmpstr (ll_interleave_model_get_output (model), ==, "1 x 2 y 3 z");
  output = ll_test_find_label_prefixed (page, "1 x 2");
  g_assert_nonnull (output);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (output)), ==, "1 x 2 y 3 z");

  /* Reset, then Run to the end. */
  ll_test_press (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));
  g_assert_cmpstr (ll_interleave_model_get_output (model), ==, "");
  gtk_range_set_value (GTK_RANGE (ll_test_find_by_type (page, GTK_TYPE_SCALE)), 10.0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)), TRUE);
  LL_TEST_WAIT_UNTIL (ll_interleave_model_get_finished (model), 10);
  g_assert_cmpstr (ll_interleave_model_get_output (model), ==, "1 x 2 y 3 z");

  ll_test_destroy_window (window);
}

/* countdown */

static void
test_countdown (void)
{
  LlWindow *window = ll_test_present_window (app, "countdown");
  GtkWidget *page = ll_window_get_page (window);
  LlCountdownModel *model = ll_countdown_page_get_model (LL_COUNTDOWN_PAGE (page));
  LlCountdownView *view = LL_COUNTDOWN_VIEW (ll_test_find_by_type (page, LL_TYPE_COUNTDOWN_VIEW));
  GtkWidget *transcript;

  ll_countdown_page_start (LL_COUNTDOWN_PAGE (page), 3);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);

  /* The labels follow the model at the next frame. */
  LL_TEST_WAIT_UNTIL ((transcript = ll_test_find_label_prefixed (page, "Countdown 3")) != NULL &&
                      g_str_equal (gtk_label_get_label (GTK_LABEL (transcript)), "Countdown 3\nCountdown 2\nCountdown 1"), 5);

  /* While it slept, the loop went on drawing: the pauses were free. */
  g_test_message ("frames drawn while the countdown slept: %u", ll_countdown_view_get_n_free_frames (view));
  g_assert_cmpuint (ll_countdown_view_get_n_free_frames (view), >, 5);

  /* Started through its button, and stopped. */
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (ll_countdown_model_get_value (model) == 3, 5);
  ll_test_press (ll_test_find_button (page, "Stop", LL_TEST_FIND_MNEMONIC));
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  ll_test_spin (1200);
  g_assert_cmpuint (ll_countdown_model_get_value (model), ==, 3);

  ll_test_destroy_window (window);
}

/* courier */

static void
configure_courier (guint      n_couriers,
                   guint      capacity,
                   guint      n_parcels,
                   double     speed,
                   guint32    seed)
{
  GSettings *settings = ll_application_get_settings (app);

  /* The page's settings are bound to these keys. */
  g_settings_set_int (settings, "courier-couriers", (int) n_couriers);
  g_settings_set_int (settings, "courier-capacity", (int) capacity);
  g_settings_set_int (settings, "courier-parcels", (int) n_parcels);
  g_settings_set_double (settings, "courier-speed", speed);
  g_settings_set_uint (settings, "courier-seed", seed);
}

static void
reset_courier_settings (void)
{
  GSettings *settings = ll_application_get_settings (app);
  const char * const keys[] = {
    "courier-couriers", "courier-capacity", "courier-parcels", "courier-speed", "courier-seed",
    "courier-delivery-min", "courier-delivery-max", "courier-pause-min", "courier-pause-max",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* The notes' run at full speed: the log is the CLI's transcript. */
static void
test_courier_log (void)
{
  LlWindow *window = ll_test_present_window (app, "courier");
  GtkWidget *page = ll_window_get_page (window);
  g_autofree char *expected = run_program ("courier --seed 42 --virtual-clock");
  g_autofree char *log = NULL;
  LlCourierModel *model;

  configure_courier (1, 1, 51, 100.0, 42);
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  model = ll_courier_page_get_model (LL_COURIER_PAGE (page));
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_false (gtk_widget_is_sensitive (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC)));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 30);

  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, 51);
  LL_TEST_WAIT_UNTIL (ll_test_find_label_prefixed (page, "51 of 51 parcels delivered") != NULL, 5);
  log = ll_courier_page_dup_log (LL_COURIER_PAGE (page));
  g_assert_cmpstr (log, ==, expected);

  /* Reset: a fresh model, nothing delivered. */
  ll_test_press (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));
  g_assert_true (ll_courier_page_get_model (LL_COURIER_PAGE (page)) != model);
  g_assert_cmpuint (ll_courier_model_get_n_delivered (ll_courier_page_get_model (LL_COURIER_PAGE (page))), ==, 0);
  g_clear_pointer (&log, g_free);
  log = ll_courier_page_dup_log (LL_COURIER_PAGE (page));
  g_assert_cmpstr (log, ==, "");

  reset_courier_settings ();
  ll_test_destroy_window (window);
}

/* 20 couriers, 500 parcels, speed 100, to the end: every parcel
 * delivered, and the loop's figures over the run reported. */
static void
test_courier_fast (void)
{
  LlWindow *window = ll_test_present_window (app, "courier");
  GtkWidget *page = ll_window_get_page (window);
  LlCourierView *view = LL_COURIER_VIEW (ll_courier_page_get_view (LL_COURIER_PAGE (page)));
  LlCourierModel *model;
  guint64 frames_before;
  gint64 start, elapsed;
  gint64 p99, max;
  guint n_probes;

  configure_courier (20, 3, 500, 100.0, 7);
  ll_test_spin (500);   /* let the first frames settle */

  /* The idle page's figures, the baseline of these, are measured by the
   * window benchmark: tests/bench/run ui. */
  frames_before = ll_courier_view_get_n_frames (view);
  start = g_get_monotonic_time ();
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  model = ll_courier_page_get_model (LL_COURIER_PAGE (page));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 60);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, 500);
  g_assert_cmpuint (ll_courier_model_get_n_waiting (model), ==, 0);
  g_assert_cmpuint (ll_courier_model_get_n_in_transit (model), ==, 0);
  LL_TEST_WAIT_UNTIL (ll_test_find_label_prefixed (page, "500 of 500 parcels delivered") != NULL, 5);

  /* The figures: frames the view drew per second of the run, and the
   * loop lag the monitor's probe measured during it. */
  n_probes = ll_test_lag_figures (ll_application_get_monitor (app), start, &p99, &max);
  g_assert_cmpuint (n_probes, >, 0);
  g_test_message ("FIGURE courier 20 couriers, 500 parcels, speed 100: %u units in %.1f s, "
                  "%.1f frames per second, loop lag p99 %.1f ms, max %.1f ms (%u probes)",
                  ll_courier_model_get_time (model), elapsed / 1e6,
                  (ll_courier_view_get_n_frames (view) - frames_before) / (elapsed / 1e6),
                  p99 / 1000.0, max / 1000.0, n_probes);

  reset_courier_settings ();
  ll_test_destroy_window (window);
}

static void
test_courier_pause (void)
{
  LlWindow *window = ll_test_present_window (app, "courier");
  GtkWidget *page = ll_window_get_page (window);
  GtkWidget *pause = ll_test_find_button (page, "Pause", LL_TEST_FIND_MNEMONIC);
  LlCourierModel *model;
  guint delivered;
  double clock_time;

  configure_courier (3, 2, 60, 40.0, 3);
  g_assert_false (gtk_widget_is_sensitive (pause));
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  model = ll_courier_page_get_model (LL_COURIER_PAGE (page));
  LL_TEST_WAIT_UNTIL (ll_courier_model_get_n_delivered (model) >= 5, 20);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pause), TRUE);
  g_assert_true (ll_courier_model_get_paused (model));
  delivered = ll_courier_model_get_n_delivered (model);
  clock_time = ll_courier_model_get_clock_time (model);
  ll_test_spin (400);
  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, delivered);
  g_assert_cmpfloat (ll_courier_model_get_clock_time (model), ==, clock_time);
  {
    g_autofree char *status = g_strdup_printf ("%u of 60 parcels delivered · paused", delivered);

    LL_TEST_WAIT_UNTIL (ll_test_find_label_prefixed (page, status) != NULL, 5);
  }

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pause), FALSE);
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 30);
  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, 60);
  g_assert_false (gtk_widget_is_sensitive (pause));

  reset_courier_settings ();
  ll_test_destroy_window (window);
}

/* The notes' blocking sleep: each delivery holds the loop, and the
 * stall meter says so once the loop is back. */
static void
test_courier_blocking (void)
{
  LlWindow *window = ll_test_present_window (app, "courier");
  GtkWidget *page = ll_window_get_page (window);
  GSettings *settings = ll_application_get_settings (app);
  GtkWidget *blocking = ll_test_find_by_type (page, GTK_TYPE_SWITCH);
  LlCourierModel *model;

  configure_courier (1, 1, 4, 100.0, 1);
  g_settings_set_int (settings, "courier-delivery-max", 15);
  g_settings_set_int (settings, "courier-delivery-min", 15);

  /* The count is the run's: it starts at none, whatever stalls the
   * monitor's window holds from before. */
  gtk_switch_set_active (GTK_SWITCH (blocking), TRUE);
  ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
  g_assert_nonnull (ll_test_find_label_prefixed (page, "No stall"));
  model = ll_courier_page_get_model (LL_COURIER_PAGE (page));
  g_assert_true (ll_courier_model_get_config (model)->blocking);
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 30);
  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, 4);

  /* Each delivery blocked for 150 ms: the watchdog saw the stalls. */
  LL_TEST_WAIT_UNTIL (ll_test_find_label_prefixed (page, "No stall") == NULL, 10);

  gtk_switch_set_active (GTK_SWITCH (blocking), FALSE);
  reset_courier_settings ();
  ll_test_destroy_window (window);
}

/* Settings come back in the next page. */
static void
test_courier_settings (void)
{
  GSettings *settings = ll_application_get_settings (app);
  LlWindow *window = ll_test_present_window (app, "courier");
  GtkWidget *page = ll_window_get_page (window);
  GtkWidget *spin_button = ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON);

  /* The first spin button is the number of couriers. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 7);
  g_assert_cmpint (g_settings_get_int (settings, "courier-couriers"), ==, 7);
  ll_test_destroy_window (window);

  window = ll_test_present_window (app, "courier");
  page = ll_window_get_page (window);
  spin_button = ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 7);

  reset_courier_settings ();
  ll_test_destroy_window (window);
}

/* hello: a stepped run highlights the line about to run in all three
 * spellings, each in its own tab. */
static void
test_hello_steps (void)
{
  static const char * const titles[] = { "C (this app)", "Python: generator-based", "Python: async/await" };
  static const char * const start_lines[] = { "\"Hello world!\"", "Hello world!", "Hello world!" };
  static const char * const awake_lines[] = { "LL_CO_SLEEP", "yield from asyncio.sleep", "await asyncio.sleep" };
  LlWindow *window = ll_test_present_window (app, "hello");
  GtkWidget *page = ll_window_get_page (window);
  LlHelloModel *model = ll_hello_page_get_model (LL_HELLO_PAGE (page));
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  GtkNotebook *notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (find_view_of (GTK_WIDGET (window), ll_window_get_source_buffer (window)),
                                                                 GTK_TYPE_NOTEBOOK));

  g_assert_nonnull (step);
  g_assert_nonnull (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  g_assert_nonnull (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));

  /* Three tabs beside Source, by their titles. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkSourceBuffer *buffer = ll_window_get_rendering_buffer (window, i);
      GtkWidget *box = gtk_widget_get_ancestor (find_view_of (GTK_WIDGET (window), buffer), GTK_TYPE_BOX);
      GtkWidget *tab = gtk_notebook_get_tab_label (notebook, box);

      g_assert_true (gtk_widget_get_visible (box));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (tab)), ==, titles[i]);
      g_assert_cmpint (gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (buffer)), >, 100);
      g_assert_cmpint (ll_window_get_highlighted_line (window, buffer), ==, 0);
    }

  /* Two tasks, as the page opens. */
  ll_test_press (step);
  g_assert_cmpuint (ll_hello_model_get_n_tasks (model), ==, 2);
  g_assert_cmpuint (ll_hello_model_get_n_hello (model), ==, 1);

  /* Task 2 is next, at its start, in every spelling. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkSourceBuffer *buffer = ll_window_get_rendering_buffer (window, i);
      g_autofree char *line = line_text (buffer, ll_window_get_highlighted_line (window, buffer));

      g_test_message ("%s: “%s”", titles[i], g_strstrip (line));
      g_assert_nonnull (strstr (line, start_lines[i]));
    }

  ll_test_press (step);
  g_assert_cmpuint (ll_hello_model_get_n_hello (model), ==, 2);

  /* Both asleep: Step waits for the first one's time to be up, then
   * the highlight is on the sleep each resumes from. */
  g_assert_false (gtk_widget_is_sensitive (step));
  g_assert_cmpint (ll_window_get_highlighted_line (window, ll_window_get_rendering_buffer (window, 0)), ==, 0);
  LL_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (step), 5);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkSourceBuffer *buffer = ll_window_get_rendering_buffer (window, i);
      g_autofree char *line = line_text (buffer, ll_window_get_highlighted_line (window, buffer));

      g_assert_nonnull (strstr (line, awake_lines[i]));
    }
  ll_test_press (step);
  LL_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (step), 5);
  ll_test_press (step);
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpuint (ll_hello_model_get_n_awake (model), ==, 2);
  g_assert_nonnull (ll_test_find_label_containing (page, "2 tasks slept 2.0 s in total; the loop took "));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_cmpint (ll_window_get_highlighted_line (window, ll_window_get_rendering_buffer (window, i)), ==, 0);

  /* The tabs are this demo's only. */
  g_assert_true (ll_window_select_demo (window, "countdown"));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (find_view_of (GTK_WIDGET (window), ll_window_get_rendering_buffer (window, i)),
                                                                     GTK_TYPE_BOX)));

  ll_test_destroy_window (window);
}

/* Run with a thousand tasks: they finish together, on one thread, in
 * about one sleep, and the loop kept drawing. */
static void
test_hello_run (void)
{
  LlWindow *window = ll_test_present_window (app, "hello");
  GtkWidget *page = ll_window_get_page (window);
  LlHelloModel *model = ll_hello_page_get_model (LL_HELLO_PAGE (page));
  GtkWidget *tasks = ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON);
  GtkWidget *sleep = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (tasks));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (page);
  gint64 frames;

  /* The second spin button is the sleep's. */
  g_assert_true (GTK_IS_SPIN_BUTTON (sleep));
  gtk_adjustment_set_value (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (tasks)), 1000);
  gtk_adjustment_set_value (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (sleep)), 0.5);

  frames = gdk_frame_clock_get_frame_counter (clock);
  ll_test_press (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
  frames = gdk_frame_clock_get_frame_counter (clock) - frames;

  g_assert_cmpuint (ll_hello_model_get_n_awake (model), ==, 1000);
  g_assert_true (ll_hello_model_get_one_thread (model));
  g_assert_true (ll_hello_model_get_thread (model) == g_thread_self ());
  g_assert_cmpint (ll_hello_model_get_elapsed (model), >=, 500000);
  g_test_message ("FIGURE hello-1000: %.3f s for 1000 sleeps of 0.5 s, %" G_GINT64_FORMAT " frames drawn meanwhile",
                  ll_hello_model_get_elapsed (model) / 1e6, frames);
  /* The window drew on: at 20 frames a second, several in half a second. */
  g_assert_cmpint (frames, >=, 3);
  g_assert_nonnull (ll_test_find_label_containing (page, "1000 tasks slept 500.0 s in total; the loop took "));
  g_assert_nonnull (ll_test_find_label_containing (page, "the window’s main thread"));
  g_assert_nonnull (ll_test_find_label_containing (page, "… and 1900 more lines"));
  g_assert_true (ll_hello_view_is_folded (LL_HELLO_VIEW (ll_test_find_by_type (page, LL_TYPE_HELLO_VIEW))));

  /* Reset: nothing of the run is left. */
  ll_test_press (ll_test_find_button (page, "Reset", LL_TEST_FIND_MNEMONIC));
  g_assert_cmpuint (ll_hello_model_get_n_hello (model), ==, 0);
  g_assert_null (ll_test_find_label_containing (page, "slept"));

  ll_test_destroy_window (window);
}

/* Leaving a demo in the middle of a run */

static void
test_leave_mid_run (void)
{
  const char * const demos[] = { "producer-consumer", "interleave", "countdown", "courier", "hello", "hello" };
  guint n_hello = 0;
  LlWindow *window = ll_test_present_window (app, "message-loop");

  configure_courier (5, 2, 200, 20.0, 5);

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      GtkWidget *page;

      g_assert_true (ll_window_select_demo (window, demos[i]));
      page = g_object_ref (ll_window_get_page (window));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);

      /* Get it going... */
      if (LL_IS_COURIER_PAGE (page))
        {
          ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
          LL_TEST_WAIT_UNTIL (ll_courier_model_get_n_delivered (ll_courier_page_get_model (LL_COURIER_PAGE (page))) > 3, 20);
        }
      else if (LL_IS_HELLO_PAGE (page))
        {
          /* Once run, once stepped, each left with tasks asleep. */
          gtk_adjustment_set_value (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (ll_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON))), 5000);
          ll_test_press (ll_test_find_button (page, n_hello++ == 0 ? "Run" : "Step", LL_TEST_FIND_MNEMONIC));
          ll_test_spin (150);
        }
      else if (LL_IS_COUNTDOWN_PAGE (page))
        {
          ll_test_press (ll_test_find_button (page, "Start", LL_TEST_FIND_MNEMONIC));
          ll_test_spin (300);
        }
      else
        {
          ll_test_press (ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC));
          ll_test_press (ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC));
          ll_test_press (ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC));
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)), TRUE);
          ll_test_spin (150);
        }

      /* ...and leave it for another: the page goes, all of it. */
      g_assert_true (ll_window_select_demo (window, "message-loop"));
      g_assert_finalize_object (page);
      ll_test_spin (100);
    }

  /* Closing the window mid-run is leaving too. */
  g_assert_true (ll_window_select_demo (window, "courier"));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (ll_window_get_page (window)), 10);
  ll_test_press (ll_test_find_button (ll_window_get_page (window), "Start", LL_TEST_FIND_MNEMONIC));
  ll_test_spin (300);
  reset_courier_settings ();
  ll_test_destroy_window (window);
  ll_test_spin (100);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/coroutine-demos/producer-consumer-steps", test_producer_consumer_steps);
  g_test_add_func ("/looplab/coroutine-demos/producer-consumer-run", test_producer_consumer_run);
  g_test_add_func ("/looplab/coroutine-demos/python-rendering", test_python_rendering);
  g_test_add_func ("/looplab/coroutine-demos/interleave", test_interleave);
  g_test_add_func ("/looplab/coroutine-demos/countdown", test_countdown);
  g_test_add_func ("/looplab/coroutine-demos/courier-log", test_courier_log);
  g_test_add_func ("/looplab/coroutine-demos/courier-fast", test_courier_fast);
  g_test_add_func ("/looplab/coroutine-demos/courier-pause", test_courier_pause);
  g_test_add_func ("/looplab/coroutine-demos/courier-blocking", test_courier_blocking);
  g_test_add_func ("/looplab/coroutine-demos/courier-settings", test_courier_settings);
  g_test_add_func ("/looplab/coroutine-demos/hello-steps", test_hello_steps);
  g_test_add_func ("/looplab/coroutine-demos/hello-run", test_hello_run);
  g_test_add_func ("/looplab/coroutine-demos/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
