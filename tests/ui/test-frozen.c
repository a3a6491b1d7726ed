/* test-frozen.c: "Frozen vs responsive" in the window, in-process
 *
 * Real widgets on a real display (Xvfb under tools/test).  Each workload
 * runs in each of its modes at a small size, pressed through its button,
 * to a result card; a run is cancelled midway; the page is left in the
 * middle of a run of each kind and must be finalized, with nothing
 * called back into it after; a missing file, a server that resets or
 * refuses, and a port in use each give a message; "Compare side by
 * side" starts a second process that outlives the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "ll-application.h"
#include "ll-frozen-page.h"
#include "ll-input-log.h"
#include "ll-stall-meter.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;
static char *cache_dir;

static LlFrozenPage *
get_page (LlWindow *window)
{
  GtkWidget *page = ll_window_get_page (window);

  g_assert_true (LL_IS_FROZEN_PAGE (page));
  return LL_FROZEN_PAGE (page);
}

/* Presses the button labelled @label, from inside the loop. */
static void
press_soon (LlFrozenPage *page,
            const char   *label)
{
  ll_test_press_soon (ll_test_find_button (GTK_WIDGET (page), label, LL_TEST_FIND_EXACT));
}

/* Presses the button of @kind in @mode and waits for its result card. */
static char *
run_to_result (LlFrozenPage   *page,
               const char     *label,
               LlWorkloadKind  kind,
               LlWorkloadMode  mode)
{
  guint n = ll_frozen_page_get_n_results (page);
  char *text;

  press_soon (page, label);
  LL_TEST_WAIT_UNTIL (ll_frozen_page_get_n_results (page) > n ||
                      (*ll_frozen_page_get_status (page, kind) != '\0' && !ll_frozen_page_get_busy (page)), 60);
  g_assert_cmpstr (ll_frozen_page_get_status (page, kind), ==, "");
  text = ll_frozen_page_dup_result_text (page, kind, mode);
  g_assert_nonnull (text);
  g_test_message ("%s:\n%s", label, text);

  return text;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
assert_matches (const char *text,
                const char *pattern)
{
  if (!g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    g_error ("/%s/ does not match:\n%s", pattern, text);
}

/* The page as a user meets it */

static void
test_presents (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  const char *labels[] = {
    "Sleep (blocking)", "Sleep (async)",
    "Read file (blocking)", "Read file (async)",
    "Fetch (blocking)", "Fetch (async)",
    "Compute (blocking)", "Compute (chunked)", "Compute (thread)",
    "Click me", "Compare side by side", "Choose file…",
  };
  GtkWidget *label;
  GtkWidget *spin_button;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_nonnull (ll_test_find_button (GTK_WIDGET (page), labels[i], LL_TEST_FIND_EXACT));

  /* "Duration" labels its spin button, which is how AT-SPI names it. */
  label = ll_test_find_label_containing (GTK_WIDGET (page), "_Duration");
  g_assert_nonnull (label);
  spin_button = gtk_label_get_mnemonic_widget (GTK_LABEL (label));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin_button));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 3.0);

  /* The warning before a blocking run says for how long. */
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "the window will freeze for about 3.0 s."));
  ll_frozen_page_set_seconds (page, 1.5);
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "the window will freeze for about 1.5 s."));

  g_assert_nonnull (ll_test_find_by_type (GTK_WIDGET (page), LL_TYPE_STALL_METER));
  g_assert_nonnull (ll_test_find_by_type (GTK_WIDGET (page), LL_TYPE_INPUT_LOG));
  g_assert_cmpuint (ll_frozen_page_get_server_port (page), >, 0);
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "127.0.0.1:"));

  ll_test_destroy_window (window);
}

/* Sleep both ways.  A click held back by the freeze is counted. */

typedef struct
{
  LlFrozenPage *page;
  gint64        start;
} HeldClick;

static gboolean
sleep_with_a_click_cb (gpointer data)
{
  HeldClick *held = data;
  GtkWidget *log = ll_frozen_page_get_input_log (held->page);

  held->start = g_get_monotonic_time ();
  g_signal_emit_by_name (ll_test_find_button (GTK_WIDGET (held->page), "Sleep (blocking)", LL_TEST_FIND_EXACT), "clicked");

  /* A click made 0.1 s into the freeze, handled now that it is over:
   * what the log records for a real one. */
  ll_input_log_record (LL_INPUT_LOG (log), "Click (button 1)",
                       held->start + 100 * G_TIME_SPAN_MILLISECOND, g_get_monotonic_time ());

  return G_SOURCE_REMOVE;
}

static void
stall_shown_cb (LlStallMeter *meter,
                GParamSpec   *pspec,
                gint64       *longest)
{
  *longest = MAX (*longest, ll_stall_meter_get_last_stall (meter));
}

static void
test_sleep (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  HeldClick held = { page, 0 };
  gint64 longest_shown = 0;
  GtkWidget *meter;
  g_autofree char *blocking = NULL;
  g_autofree char *async = NULL;
  guint n;

  ll_frozen_page_set_seconds (page, 0.5);
  ll_test_spin (200);

  meter = ll_test_find_by_type (GTK_WIDGET (page), LL_TYPE_STALL_METER);
  g_signal_connect (meter, "notify::last-stall", G_CALLBACK (stall_shown_cb), &longest_shown);
  n = ll_frozen_page_get_n_results (page);
  g_timeout_add (10, sleep_with_a_click_cb, &held);
  LL_TEST_WAIT_UNTIL (ll_frozen_page_get_n_results (page) > n, 30);
  blocking = ll_frozen_page_dup_result_text (page, LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_BLOCKING);
  g_test_message ("%s", blocking);
  assert_matches (blocking, "^Main loop blocked for (0\\.[5-9]|[1-9]\\.[0-9]) s by sleep_blocking$");
  assert_contains (blocking, "1 click or key press was held back in the queue; it waited ");
  /* The meter showed the freeze once the loop was back (a slow frame
   * just after it may be the last stall by now). */
  g_assert_cmpint (longest_shown, >=, 450 * G_TIME_SPAN_MILLISECOND);

  async = run_to_result (page, "Sleep (async)", LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_ASYNC);
  assert_matches (async, "^Done in (0\\.[5-9]|[1-9]\\.[0-9])[0-9] s");
  assert_matches (async, "^Slept (0\\.[5-9]|[1-9]\\.[0-9])[0-9] s on the loop’s timer wheel");
  assert_matches (async, "^Loop lag meanwhile: p99 [0-9.]+ ms · max [0-9.]+ m?s \\([0-9]+ probes\\)");

  ll_test_destroy_window (window);
}

static void
test_read (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  g_autofree char *async = NULL;
  g_autofree char *blocking = NULL;
  g_autofree char *path = g_build_filename (cache_dir, "looplab", "sample-4MiB.bin", NULL);

  ll_frozen_page_set_sample_size (page, 4 * 1024 * 1024);
  ll_test_spin (100);
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "sample-4MiB.bin (not made yet"));

  /* The first read makes the sample file, then reads it. */
  async = run_to_result (page, "Read file (async)", LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_ASYNC);
  assert_matches (async, "^Read 4\\.0.MiB of “sample-4MiB\\.bin” in [0-9.]+ s");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "sample-4MiB.bin (ready)"));

  blocking = run_to_result (page, "Read file (blocking)", LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_BLOCKING);
  assert_matches (blocking, "^Read 4\\.0.MiB of “sample-4MiB\\.bin”");
  /* Too quick to count as a stall, or a stall by read_file_blocking. */
  assert_matches (blocking, "^(The loop was held for [0-9]+ ms|Main loop blocked for [0-9.]+ s by read_file_blocking)");

  ll_test_destroy_window (window);
}

static void
test_fetch (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  g_autofree char *async = NULL;
  g_autofree char *blocking = NULL;

  ll_frozen_page_set_requests (page, 3);
  ll_frozen_page_set_delay (page, 0.5);

  async = run_to_result (page, "Fetch (async)", LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_ASYNC);
  assert_matches (async, "^3 of 3 requests answered in (0\\.[5-9]|1\\.[0-4])[0-9] s");
  assert_contains (async, "one after another, 3 × 0.5 s take 1.5 s.");

  blocking = run_to_result (page, "Fetch (blocking)", LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_BLOCKING);
  assert_matches (blocking, "^Main loop blocked for (1\\.[4-9]|[2-9]\\.[0-9]) s by fetch_blocking$");
  assert_matches (blocking, "^3 of 3 requests answered in (1\\.[4-9]|[2-9]\\.[0-9])[0-9] s");

  /* The 5 s cap: 20 × 0.5 s is off, with the reason in its tooltip. */
  ll_frozen_page_set_requests (page, 20);
  g_assert_false (gtk_widget_is_sensitive (ll_test_find_button (GTK_WIDGET (page), "Fetch (blocking)", LL_TEST_FIND_EXACT)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (ll_test_find_button (GTK_WIDGET (page), "Fetch (blocking)", LL_TEST_FIND_EXACT)),
                            "more than 5 s"));
  g_assert_true (gtk_widget_is_sensitive (ll_test_find_button (GTK_WIDGET (page), "Fetch (async)", LL_TEST_FIND_EXACT)));

  ll_test_destroy_window (window);
}

static void
test_compute (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  g_autofree char *blocking = NULL;
  g_autofree char *chunked = NULL;
  g_autofree char *thread = NULL;

  ll_frozen_page_set_seconds (page, 0.5);
  /* The page calibrates when it opens, in a worker thread. */
  LL_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (ll_test_find_button (GTK_WIDGET (page), "Compute (blocking)", LL_TEST_FIND_EXACT)), 30);

  blocking = run_to_result (page, "Compute (blocking)", LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_BLOCKING);
  assert_matches (blocking, "^Main loop blocked for [0-9.]+ s by compute_blocking$");
  assert_matches (blocking, "^[0-9]+ primes among [0-9]+ numbers after one billion");

  chunked = run_to_result (page, "Compute (chunked)", LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_CHUNKED);
  assert_matches (chunked, "^[0-9]+ primes among [0-9]+ numbers after one billion");
  assert_contains (chunked, "Loop lag meanwhile");

  thread = run_to_result (page, "Compute (thread)", LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_THREAD);
  assert_matches (thread, "^[0-9]+ primes among [0-9]+ numbers after one billion");

  ll_test_destroy_window (window);
}

/* Every non-blocking run stops on Cancel, and says so. */
static void
test_cancel (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  const struct {
    const char     *label;
    LlWorkloadKind  kind;
  } runs[] = {
    { "Sleep (async)", LL_WORKLOAD_KIND_SLEEP },
    { "Fetch (async)", LL_WORKLOAD_KIND_FETCH },
    { "Compute (chunked)", LL_WORKLOAD_KIND_COMPUTE },
    { "Compute (thread)", LL_WORKLOAD_KIND_COMPUTE },
  };

  ll_frozen_page_set_seconds (page, 5);
  ll_frozen_page_set_delay (page, 5);
  LL_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (ll_test_find_button (GTK_WIDGET (page), "Compute (chunked)", LL_TEST_FIND_EXACT)), 30);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      guint n = ll_frozen_page_get_n_results (page);
      GtkWidget *cancel;

      press_soon (page, runs[i].label);
      LL_TEST_WAIT_UNTIL (ll_frozen_page_get_busy (page), 10);
      ll_test_spin (200);

      /* The Cancel button of the running card is the visible one. */
      cancel = ll_test_find_button (GTK_WIDGET (page), "Cancel", LL_TEST_FIND_VISIBLE);
      g_assert_nonnull (cancel);
      g_signal_emit_by_name (cancel, "clicked");

      LL_TEST_WAIT_UNTIL (!ll_frozen_page_get_busy (page), 10);
      g_assert_cmpstr (ll_frozen_page_get_status (page, runs[i].kind), ==, "Cancelled: the run stopped cleanly.");
      g_assert_cmpuint (ll_frozen_page_get_n_results (page), ==, n);
    }

  /* Making the sample file stops on Cancel too, and keeps nothing. */
  ll_frozen_page_set_sample_size (page, 256 * 1024 * 1024);
  ll_test_spin (100);
  press_soon (page, "Read file (async)");
  LL_TEST_WAIT_UNTIL (ll_frozen_page_get_busy (page), 10);
  ll_test_spin (100);
  g_signal_emit_by_name (ll_test_find_button (GTK_WIDGET (page), "Cancel", LL_TEST_FIND_VISIBLE), "clicked");
  LL_TEST_WAIT_UNTIL (!ll_frozen_page_get_busy (page), 10);
  g_assert_cmpstr (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), ==,
                   "Cancelled: nothing of the sample file was kept.");
  {
    g_autofree char *path = g_build_filename (cache_dir, "looplab", "sample-256MiB.bin", NULL);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  ll_test_destroy_window (window);
}

/* Leaving mid-run: the page goes, all of it, and nothing comes back to
 * it.  Under AddressSanitizer a late callback would be a use after free. */
static void
test_leave_mid_run (void)
{
  const struct {
    const char *label;
    guint       wait_ms;
  } runs[] = {
    { "Read file (async)", 0 },   /* in flight: the open and the first reads */
    { "Read file (async)", 100 }, /* making a new sample file */
    { "Fetch (async)", 300 },
    { "Compute (chunked)", 300 },
    { "Compute (thread)", 300 },
    { "Sleep (async)", 300 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
      LlFrozenPage *page = g_object_ref (get_page (window));

      ll_frozen_page_set_seconds (page, 3);
      ll_frozen_page_set_delay (page, 2);
      /* A sample file not made yet, for the second read: 64 MiB. */
      ll_frozen_page_set_sample_size (page, i == 1 ? 64 * 1024 * 1024 : 4 * 1024 * 1024);
      ll_test_spin (100);
      LL_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (ll_test_find_button (GTK_WIDGET (page), runs[i].label, LL_TEST_FIND_EXACT)), 30);

      g_signal_emit_by_name (ll_test_find_button (GTK_WIDGET (page), runs[i].label, LL_TEST_FIND_EXACT), "clicked");
      g_assert_true (ll_frozen_page_get_busy (page));
      if (runs[i].wait_ms > 0)
        ll_test_spin (runs[i].wait_ms);
      g_test_message ("leaving %s after %u ms, busy: %d", runs[i].label, runs[i].wait_ms,
                      ll_frozen_page_get_busy (page));

      ll_test_destroy_window (window);
      g_assert_finalize_object (page);

      /* The runs' callbacks come now, to find the page gone. */
      ll_test_spin (300);
    }
}

/* A file that is not there gets a clear message, twice: when chosen,
 * and when read. */
static void
test_missing_file (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  g_autofree char *path = g_build_filename (cache_dir, "no-such-file.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ll_frozen_page_set_file (page, file);
  LL_TEST_WAIT_UNTIL (*ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ) != '\0', 10);
  g_test_message ("when chosen: %s", ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ));
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "(cannot be read)"));
  assert_contains (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), "no-such-file.bin”: there is no such file");

  press_soon (page, "Read file (async)");
  LL_TEST_WAIT_UNTIL (!ll_frozen_page_get_busy (page) &&
                      strstr (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), "Cannot read") != NULL, 10);
  g_test_message ("when read: %s", ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ));
  assert_contains (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), "there is no such file");

  /* A folder is refused too. */
  g_clear_object (&file);
  file = g_file_new_for_path (cache_dir);
  ll_frozen_page_set_file (page, file);
  LL_TEST_WAIT_UNTIL (strstr (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), "it is a folder, not a file") != NULL, 10);

  /* Back to the sample file: the message goes. */
  g_signal_emit_by_name (ll_test_find_button (GTK_WIDGET (page), "Use the sample file", LL_TEST_FIND_EXACT), "clicked");
  g_assert_cmpstr (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), ==, "");

  ll_test_destroy_window (window);
}

/* The sample file cannot be written: a clear message, nothing kept.
 * A file size limit stands in for a full disk (the core's tests fill
 * /dev/full); the page shows whichever message the core gives. */
static void
test_sample_file_error (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  const char *status;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 1024 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  ll_frozen_page_set_sample_size (page, 3 * 1024 * 1024);
  ll_test_spin (100);
  press_soon (page, "Read file (async)");
  LL_TEST_WAIT_UNTIL (!ll_frozen_page_get_busy (page) &&
                      *ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ) != '\0' &&
                      !g_str_has_prefix (ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ), "Making"), 30);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  status = ll_frozen_page_get_status (page, LL_WORKLOAD_KIND_READ);
  g_test_message ("%s", status);
  g_assert_true (g_str_has_prefix (status, "Cannot write the sample file") ||
                 g_str_has_prefix (status, "The disk is full"));
  assert_contains (status, "sample-3MiB.bin");
  g_assert_cmpuint (ll_frozen_page_get_n_results (page), ==, 0);

  ll_test_destroy_window (window);
}

/* The server plays faults: each request's failure is in the card. */
static void
test_server_faults (void)
{
  LlWindow *window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  LlFrozenPage *page = get_page (window);
  GtkDropDown *faults = NULL;
  const struct {
    guint       fault;
    const char *message;
  } cases[] = {
    { 1, "Connection reset by peer" },
    { 2, "closed the connection without answering" },
    { 3, "Connection refused" },
  };

  ll_frozen_page_set_requests (page, 2);
  ll_frozen_page_set_delay (page, 0);

  for (GtkWidget *w = ll_test_find_label_containing (GTK_WIDGET (page), "serv_er"); w != NULL; w = NULL)
    faults = GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (w)));
  g_assert_nonnull (faults);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      gtk_drop_down_set_selected (faults, cases[i].fault);
      text = run_to_result (page, "Fetch (async)", LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_ASYNC);
      assert_contains (text, "2 of 2 requests failed: ");
      assert_contains (text, cases[i].message);
    }

  /* Back to normal on the same port. */
  gtk_drop_down_set_selected (faults, 0);
  {
    g_autofree char *text = run_to_result (page, "Fetch (async)", LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_ASYNC);
    assert_matches (text, "^2 of 2 requests answered");
  }

  ll_test_destroy_window (window);
}

/* A port already in use: the page says so, and Fetch is off until the
 * server is restarted on a free port. */
static void
test_port_in_use (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  LlLoopMonitor *monitor = ll_application_get_monitor (app);
  GtkWidget *window;
  GtkWidget *page;
  guint port;

  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 700);
  page = g_object_new (LL_TYPE_FROZEN_PAGE, "monitor", monitor, "server-port", port, NULL);
  g_object_ref (page);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);

  g_assert_nonnull (ll_test_find_label_containing (page, "The slow server could not start: "));
  g_assert_nonnull (ll_test_find_label_containing (page, "is already in use"));
  g_assert_false (gtk_widget_is_sensitive (ll_test_find_button (page, "Fetch (async)", LL_TEST_FIND_EXACT)));
  g_assert_false (gtk_widget_is_sensitive (ll_test_find_button (page, "Fetch (blocking)", LL_TEST_FIND_EXACT)));
  g_assert_cmpuint (ll_frozen_page_get_server_port (LL_FROZEN_PAGE (page)), ==, 0);

  g_signal_emit_by_name (ll_test_find_button (page, "Restart the server", LL_TEST_FIND_EXACT), "clicked");
  g_assert_cmpuint (ll_frozen_page_get_server_port (LL_FROZEN_PAGE (page)), !=, 0);
  g_assert_cmpuint (ll_frozen_page_get_server_port (LL_FROZEN_PAGE (page)), !=, port);
  g_assert_true (gtk_widget_is_sensitive (ll_test_find_button (page, "Fetch (async)", LL_TEST_FIND_EXACT)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

/* Compare side by side: a second process, which outlives the page. */
static gboolean
process_alive (GSubprocess *process)
{
  const char *identifier = g_subprocess_get_identifier (process);

  return identifier != NULL && kill ((pid_t) g_ascii_strtoll (identifier, NULL, 10), 0) == 0;
}

static void
test_compare (void)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "ui", "looplab", NULL);
  const char *command[] = {
    "sh", "-c", "exec timeout 60 \"$0\" \"$@\" </dev/null >/dev/null 2>&1", program, NULL
  };
  LlWindow *window;
  LlFrozenPage *page;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the looplab program is not built");
      return;
    }

  window = ll_test_present_window (app, LL_FROZEN_PAGE_DEMO_ID);
  page = g_object_ref (get_page (window));
  /* The second window must not outlive the test, even one that fails
   * half way, nor hold its output open: `timeout` ends it after a
   * minute, and passes on the SIGTERM the test sends it. */
  ll_frozen_page_set_compare_command (page, command);
  ll_frozen_page_set_seconds (page, 1);
  n = ll_frozen_page_get_n_results (page);

  g_assert_true (ll_frozen_page_compare (page, LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_ASYNC, &error));
  g_assert_no_error (error);
  process = g_object_ref (ll_frozen_page_get_compare_process (page));
  g_assert_nonnull (process);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Loop Lab — non-blocking");
  g_assert_nonnull (ll_test_find_label_containing (GTK_WIDGET (page), "The other window runs the same work blocking"));

  /* This side runs at the common moment, about 2 s from now. */
  LL_TEST_WAIT_UNTIL (ll_frozen_page_get_n_results (page) > n, 30);
  text = ll_frozen_page_dup_result_text (page, LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_ASYNC);
  assert_matches (text, "^Done in [1-9]\\.[0-9]+ s");
  g_assert_true (process_alive (process));

  /* Leaving the page leaves the other window working. */
  ll_test_destroy_window (window);
  g_assert_finalize_object (page);
  ll_test_spin (200);
  g_assert_true (process_alive (process));

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
}

/* The second instance refuses what makes no sense, before any window. */
static void
test_compare_command_line (void)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "ui", "looplab", NULL);
  const char *argv[] = { program, "--compare-mode", "sideways", "--workload", "sleep", NULL };
  g_autofree char *err = NULL;
  int status;

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the looplab program is not built");
      return;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  assert_contains (err, "--compare-mode takes blocking, async, chunked or thread");

  argv[2] = "chunked";
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  assert_contains (err, "the sleep workload does not run in the chunked mode");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The sample files go to a cache of the test's own. */
  cache_dir = g_dir_make_tmp ("looplab-test-frozen-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/frozen/presents", test_presents);
  g_test_add_func ("/looplab/frozen/sleep", test_sleep);
  g_test_add_func ("/looplab/frozen/read", test_read);
  g_test_add_func ("/looplab/frozen/fetch", test_fetch);
  g_test_add_func ("/looplab/frozen/compute", test_compute);
  g_test_add_func ("/looplab/frozen/cancel", test_cancel);
  g_test_add_func ("/looplab/frozen/leave-mid-run", test_leave_mid_run);
  g_test_add_func ("/looplab/frozen/missing-file", test_missing_file);
  g_test_add_func ("/looplab/frozen/sample-file-error", test_sample_file_error);
  g_test_add_func ("/looplab/frozen/server-faults", test_server_faults);
  g_test_add_func ("/looplab/frozen/port-in-use", test_port_in_use);
  g_test_add_func ("/looplab/frozen/compare", test_compare);
  g_test_add_func ("/looplab/frozen/compare-command-line", test_compare_command_line);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  /* The sample files are large: leave nothing behind. */
  {
    g_autofree char *looplab = g_build_filename (cache_dir, "looplab", NULL);
    g_autoptr(GDir) dir = g_dir_open (looplab, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (looplab, name, NULL);
        g_unlink (path);
      }
    g_rmdir (looplab);
    g_rmdir (cache_dir);
  }
  g_free (cache_dir);

  return status;
}
