/* test-io-workload.c: the sleep, read and compute workloads, both ways
 *
 * Small sizes and the virtual clock; fetch is in test-io-server.c.  No
 * speed is asserted: only what each run did, that blocking and
 * non-blocking runs did the same work, that a blocking compute run
 * sharing its core stops at the time asked for rather than three times
 * later, and that a cancel in the middle stops a run cleanly (the
 * sanitizer build runs these too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* sched_setaffinity(), for the shared core */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ll-file-test-util.h"
#include "ll-loop-monitor.h"
#include "ll-primes.h"
#include "ll-workload-compute.h"
#include "ll-workload-fetch.h"
#include "ll-workload-read.h"
#include "ll-workload-sleep.h"
#include "ll-workload-test-util.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("looplab-test-io-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

/* A file of @size pseudo-random bytes. */
static GFile *
make_file (const char *dir,
           const char *name,
           gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *data = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 2654435761u >> 13);
  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* Kinds and modes */

static void
test_modes (void)
{
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_BLOCKING));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_ASYNC));
  g_assert_false (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_CHUNKED));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_ASYNC));
  g_assert_false (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_THREAD));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_ASYNC));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_BLOCKING));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_CHUNKED));
  g_assert_true (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_THREAD));
  g_assert_false (ll_workload_mode_is_supported (LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_ASYNC));

  g_assert_cmpstr (ll_workload_kind_to_string (LL_WORKLOAD_KIND_FETCH), ==, "fetch");
  g_assert_cmpstr (ll_workload_mode_to_string (LL_WORKLOAD_MODE_CHUNKED), ==, "chunked");
}

static void
test_defaults (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE,
                                                    LL_WORKLOAD_MODE_BLOCKING, NULL);

  g_autoptr(LlWorkload) fetch = ll_workload_new (LL_WORKLOAD_KIND_FETCH,
                                                 LL_WORKLOAD_MODE_ASYNC, NULL);
  g_autoptr(LlWorkload) read = ll_workload_new (LL_WORKLOAD_KIND_READ,
                                                LL_WORKLOAD_MODE_ASYNC, NULL);

  /* One subclass per kind, each with its own settings. */
  g_assert_true (LL_IS_WORKLOAD_COMPUTE (workload));
  g_assert_true (LL_IS_WORKLOAD_FETCH (fetch));
  g_assert_true (LL_IS_WORKLOAD_READ (read));
  g_assert_cmpint (ll_workload_get_kind (fetch), ==, LL_WORKLOAD_KIND_FETCH);
  g_assert_cmpint (ll_workload_get_mode (fetch), ==, LL_WORKLOAD_MODE_ASYNC);

  g_assert_cmpfloat (ll_workload_compute_get_seconds (LL_WORKLOAD_COMPUTE (workload)), ==, 3.0);
  g_assert_cmpuint (ll_workload_compute_get_numbers (LL_WORKLOAD_COMPUTE (workload)), ==, 0);
  g_assert_cmpuint (ll_workload_fetch_get_requests (LL_WORKLOAD_FETCH (fetch)), ==, 5);
  g_assert_cmpint (ll_workload_fetch_get_delay (LL_WORKLOAD_FETCH (fetch)), ==, G_TIME_SPAN_SECOND);
  g_assert_cmpstr (ll_workload_get_handler_name (fetch), ==, "fetch_blocking");
  g_assert_cmpuint (ll_workload_read_get_readers (LL_WORKLOAD_READ (read)), ==, 2);
  g_assert_cmpuint (ll_workload_read_get_chunk_size (LL_WORKLOAD_READ (read)), ==, 4 * 1024 * 1024);
  g_assert_null (ll_workload_read_get_file (LL_WORKLOAD_READ (read)));
  g_assert_cmpstr (ll_workload_get_handler_name (workload), ==, "compute_blocking");
  g_assert_false (ll_workload_get_running (workload));
  g_assert_null (ll_workload_get_scheduler (workload));

  ll_workload_set_handler_name (workload, "compute_clicked_cb");
  g_assert_cmpstr (ll_workload_get_handler_name (workload), ==, "compute_clicked_cb");
  ll_workload_set_handler_name (workload, NULL);
  g_assert_cmpstr (ll_workload_get_handler_name (workload), ==, "compute_blocking");

  g_assert_finalize_object (g_steal_pointer (&workload));
  g_assert_finalize_object (g_steal_pointer (&fetch));
  g_assert_finalize_object (g_steal_pointer (&read));
}

/* Sleep */

static void
test_sleep_async_virtual (void)
{
  g_autoptr(LlScheduler) scheduler = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ll_workload_set_scheduler (workload, scheduler);
  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), 3.0);
  result = ll_test_run_workload (workload, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->kind, ==, LL_WORKLOAD_KIND_SLEEP);
  g_assert_cmpint (result->mode, ==, LL_WORKLOAD_MODE_ASYNC);
  /* On the virtual clock, exactly the time asked for. */
  g_assert_cmpint (result->duration, ==, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (result->requested, ==, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpfloat (ll_workload_get_progress (workload), ==, 1.0);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (scheduler), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&workload));
}

static gboolean
start_run (gpointer data)
{
  gpointer *args = data;

  ll_workload_run_async (args[0], NULL, ll_test_on_run_done, args[1]);

  return G_SOURCE_REMOVE;
}

static void
test_sleep_blocking (void)
{
  g_autoptr(LlLoopMonitor) monitor = ll_loop_monitor_new (NULL);
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                    LL_WORKLOAD_MODE_BLOCKING, monitor);
  LlTestOutcome outcome = { 0 };
  gpointer args[2] = { workload, &outcome };
  gint64 before;

  /* A g_usleep of 100 ms cannot end before 100 ms: above a 20 ms
   * threshold whatever the machine's load. */
  ll_loop_monitor_set_stall_threshold (monitor, 20 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_start (monitor);
  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), 0.1);
  ll_workload_set_handler_name (workload, "sleep_clicked_cb");

  /* From a dispatch, as a click handler would: the call itself blocks. */
  before = g_get_monotonic_time ();
  ll_loop_monitor_add_timeout (monitor, 1, "test_click", start_run, args, NULL);
  ll_test_wait_for (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpint (outcome.result->duration, >=, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (outcome.result->requested, ==, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (outcome.result->start, >=, before);
  g_assert_cmpuint (outcome.result->n_stalls, >=, 1);
  g_assert_cmpint (outcome.result->stall, >=, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpstr (outcome.result->stall_handler, ==, "sleep_clicked_cb");
  g_assert_cmpuint (outcome.result->lag.count, >=, 1);
  g_assert_cmpint (outcome.result->lag.max, >=, 50 * G_TIME_SPAN_MILLISECOND);

  ll_test_outcome_clear (&outcome);
  ll_loop_monitor_stop (monitor);
  g_assert_finalize_object (g_steal_pointer (&workload));
  g_assert_finalize_object (g_steal_pointer (&monitor));
}

static gboolean
cancel_soon (gpointer data)
{
  ll_workload_cancel (data);

  return G_SOURCE_REMOVE;
}

static void
test_sleep_cancel (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);
  LlTestOutcome outcome = { 0 };

  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), 5.0);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &outcome);
  g_assert_true (ll_workload_get_running (workload));
  g_timeout_add (20, cancel_soon, workload);
  ll_test_wait_for (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.result);
  g_assert_false (ll_workload_get_running (workload));
  g_assert_cmpuint (ll_scheduler_get_n_tasks (ll_workload_get_scheduler (workload)), ==, 0);

  ll_test_outcome_clear (&outcome);
  g_assert_finalize_object (g_steal_pointer (&workload));
}

static gpointer
cancel_in_thread (gpointer data)
{
  g_cancellable_cancel (data);

  return NULL;
}

static void
test_caller_cancellable (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LlTestOutcome outcome = { 0 };

  /* Already cancelled: the run stops before it sleeps. */
  g_cancellable_cancel (cancellable);
  ll_workload_run_async (workload, cancellable, ll_test_on_run_done, &outcome);
  ll_test_wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_test_outcome_clear (&outcome);

  /* Cancelled from another thread in the middle. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), 5.0);
  ll_workload_run_async (workload, cancellable, ll_test_on_run_done, &outcome);
  g_thread_join (g_thread_new ("canceller", cancel_in_thread, cancellable));
  ll_test_wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_test_outcome_clear (&outcome);

  g_assert_finalize_object (g_steal_pointer (&workload));
}

static void
test_already_running (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);
  LlTestOutcome first = { 0 };
  LlTestOutcome second = { 0 };

  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), 0.1);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &first);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &second);
  ll_test_wait_for (&second);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_true (ll_workload_get_running (workload));
  ll_test_wait_for (&first);
  g_assert_no_error (first.error);

  /* Finished: it runs again. */
  ll_test_outcome_clear (&first);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &first);
  ll_test_wait_for (&first);
  g_assert_no_error (first.error);

  ll_test_outcome_clear (&first);
  ll_test_outcome_clear (&second);
  g_assert_finalize_object (g_steal_pointer (&workload));
}

/* Compute */

/* An independent count: a sieve of the window, by the small primes. */
static guint64
sieve_count (guint64 first,
             guint64 n)
{
  guint64 limit = (guint64) sqrt ((double) (first + n)) + 1;
  g_autofree guint8 *small = g_malloc0 (limit + 1);
  g_autofree guint8 *window = g_malloc0 (n);
  guint64 count = 0;

  for (guint64 p = 2; p <= limit; p++)
    {
      if (small[p])
        continue;
      for (guint64 m = p * p; m <= limit; m += p)
        small[m] = 1;
      for (guint64 m = MAX (p * p, (first + p - 1) / p * p); m < first + n; m += p)
        window[m - first] = 1;
    }

  for (guint64 i = 0; i < n; i++)
    count += !window[i] && first + i >= 2;

  return count;
}

static void
test_primes (void)
{
  g_assert_cmpuint (ll_primes_count_range (0, 100), ==, 25);
  g_assert_cmpuint (ll_primes_count_range (0, 10000), ==, 1229);
  g_assert_true (ll_primes_is_prime (1000000007));
  g_assert_false (ll_primes_is_prime (1000000001));
  g_assert_true (ll_primes_is_prime (G_GUINT64_CONSTANT (4294967311)));
  g_assert_cmpuint (ll_primes_count_range (LL_PRIMES_BASE, 20000), ==,
                    sieve_count (LL_PRIMES_BASE, 20000));
}

static void
test_calibrate (void)
{
  double rate = ll_primes_calibrate ();
  guint64 n;

  g_assert_cmpfloat (rate, >, 0);
  g_assert_cmpfloat (ll_primes_get_rate (), ==, rate);
  n = ll_primes_numbers_for_seconds (1.0);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, LL_PRIMES_MAX_NUMBERS);
  g_assert_cmpuint (ll_primes_numbers_for_seconds (2.0), >=, n);
}

static void
test_compute_same_count (void)
{
  const LlWorkloadMode modes[] = {
    LL_WORKLOAD_MODE_BLOCKING, LL_WORKLOAD_MODE_CHUNKED, LL_WORKLOAD_MODE_THREAD,
  };
  guint64 expected = sieve_count (LL_PRIMES_BASE, 30000);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE, modes[i], NULL);
      g_autoptr(LlWorkloadResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ll_workload_compute_set_numbers (LL_WORKLOAD_COMPUTE (workload), 30000);
      result = ll_test_run_workload (workload, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (result->numbers, ==, 30000);
      g_assert_cmpuint (result->primes, ==, expected);
      g_assert_cmpuint (ll_workload_get_done (workload), ==, 30000);
      g_assert_cmpuint (ll_workload_get_total (workload), ==, 30000);
      g_assert_cmpfloat (ll_workload_get_progress (workload), ==, 1.0);
      g_assert_finalize_object (g_steal_pointer (&workload));
    }
}

static void
test_compute_seconds (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE,
                                                    LL_WORKLOAD_MODE_CHUNKED, NULL);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* No fixed count: the seconds' worth on this machine (calibrated in a
   * thread first if needed). */
  ll_workload_compute_set_seconds (LL_WORKLOAD_COMPUTE (workload), 0.1);
  result = ll_test_run_workload (workload, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (result->numbers, ==, ll_primes_numbers_for_seconds (0.1));
  g_assert_cmpint (result->requested, ==, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (result->primes, >, 0);

  g_assert_finalize_object (g_steal_pointer (&workload));
}

/* Spins until told to stop: another process's share of the core. */
static gpointer
hog_thread (gpointer data)
{
  while (!g_atomic_int_get ((int *) data))
    ;

  return NULL;
}

static void
test_compute_blocking_keeps_time (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE,
                                                    LL_WORKLOAD_MODE_BLOCKING, NULL);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GThread *hogs[2];
  cpu_set_t saved, one;
  int stop = 0;

  ll_primes_calibrate ();

  /* This thread and two spinning ones on one CPU: the work gets about a
   * third of it, so the calibrated count would take three times as long
   * as asked. */
  if (sched_getaffinity (0, sizeof saved, &saved) != 0)
    {
      g_test_skip ("Cannot read this thread's CPU affinity");
      return;
    }
  CPU_ZERO (&one);
  CPU_SET (MAX (sched_getcpu (), 0), &one);
  if (sched_setaffinity (0, sizeof one, &one) != 0)
    {
      g_test_skip ("Cannot pin this thread to one CPU");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (hogs); i++)
    hogs[i] = g_thread_new ("hog", hog_thread, &stop);

  ll_workload_compute_set_seconds (LL_WORKLOAD_COMPUTE (workload), 0.4);
  result = ll_test_run_workload (workload, &error);

  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (hogs); i++)
    g_thread_join (hogs[i]);
  sched_setaffinity (0, sizeof saved, &saved);

  g_assert_no_error (error);
  g_assert_cmpint (result->requested, ==, 400 * G_TIME_SPAN_MILLISECOND);
  /* The freeze lasts at least what the page announced, and the run
   * stopped at that deadline rather than finishing the calibrated count,
   * which would take three times as long: the result says the work was
   * cut short.  (How long the stop took is for a benchmark, not here.) */
  g_assert_cmpint (result->duration, >=, 400 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (result->planned, ==, ll_primes_numbers_for_seconds (0.4));
  g_assert_cmpuint (result->numbers, <, result->planned);
  g_assert_cmpuint (result->numbers, >, 0);
  g_assert_cmpuint (result->primes, ==, sieve_count (LL_PRIMES_BASE, result->numbers));

  g_assert_finalize_object (g_steal_pointer (&workload));
}

static void
cancel_when_started (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    data)
{
  LlWorkload *workload = LL_WORKLOAD (object);

  if (ll_workload_get_done (workload) > 0)
    ll_workload_cancel (workload);
}

static void
assert_cancelled_mid_run (LlWorkload *workload)
{
  LlTestOutcome outcome = { 0 };
  gulong id;

  id = g_signal_connect (workload, "notify::done", G_CALLBACK (cancel_when_started), NULL);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &outcome);
  ll_test_wait_for (&outcome);
  g_signal_handler_disconnect (workload, id);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.result);
  g_assert_false (ll_workload_get_running (workload));
  g_assert_cmpuint (ll_workload_get_done (workload), >, 0);
  g_assert_cmpuint (ll_workload_get_done (workload), <, ll_workload_get_total (workload));
  ll_test_outcome_clear (&outcome);
}

static void
test_compute_cancel (void)
{
  const LlWorkloadMode modes[] = { LL_WORKLOAD_MODE_CHUNKED, LL_WORKLOAD_MODE_THREAD };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE, modes[i], NULL);

      /* Minutes of work if nothing stopped it. */
      ll_workload_compute_set_numbers (LL_WORKLOAD_COMPUTE (workload), LL_PRIMES_MAX_NUMBERS);
      assert_cancelled_mid_run (workload);
      g_assert_finalize_object (g_steal_pointer (&workload));
    }
}

static void
test_runs_side_by_side (void)
{
  g_autoptr(LlScheduler) scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlWorkload) compute = ll_workload_new (LL_WORKLOAD_KIND_COMPUTE,
                                                   LL_WORKLOAD_MODE_CHUNKED, NULL);
  g_autoptr(LlWorkload) nap = ll_workload_new (LL_WORKLOAD_KIND_SLEEP,
                                                 LL_WORKLOAD_MODE_ASYNC, NULL);
  LlTestOutcome computed = { 0 };
  LlTestOutcome slept = { 0 };

  /* Two buttons of the page, one scheduler: the chunked run keeps the
   * loop busy between its slices, and the sleep still ends, and is
   * delivered, while it goes on. */
  ll_workload_set_scheduler (compute, scheduler);
  ll_workload_set_scheduler (nap, scheduler);
  ll_workload_compute_set_numbers (LL_WORKLOAD_COMPUTE (compute), LL_PRIMES_MAX_NUMBERS);
  ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (nap), 0.1);

  ll_workload_run_async (compute, NULL, ll_test_on_run_done, &computed);
  ll_workload_run_async (nap, NULL, ll_test_on_run_done, &slept);
  ll_test_wait_for (&slept);
  g_assert_no_error (slept.error);
  g_assert_true (ll_workload_get_running (compute));
  /* The chunked run goes on after the sleep: its progress shows at the
   * end of its next slice.  (Asserted at once, this failed on a machine
   * so loaded that the process did not run within the 0.1 s: the sleep,
   * due first, came before the compute's first slice.) */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

    while (ll_workload_get_done (compute) == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (ll_workload_get_done (compute), >, 0);
  g_assert_true (ll_workload_get_running (compute));

  ll_workload_cancel (compute);
  ll_test_wait_for (&computed);
  g_assert_error (computed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  ll_test_outcome_clear (&computed);
  ll_test_outcome_clear (&slept);
  g_assert_finalize_object (g_steal_pointer (&compute));
  g_assert_finalize_object (g_steal_pointer (&nap));
  g_assert_cmpuint (ll_scheduler_get_n_tasks (scheduler), ==, 0);
}

/* Read */

static void
test_read_both_modes (void)
{
  g_autofree char *dir = make_temp_dir ();
  /* Not a multiple of anything: the last chunk of each share is short. */
  const gsize size = 3 * 1024 * 1024 + 12345;
  g_autoptr(GFile) file = make_file (dir, "sample.bin", size);
  const struct { LlWorkloadMode mode; guint readers; guint chunk; } runs[] = {
    { LL_WORKLOAD_MODE_BLOCKING, 1, 64 * 1024 },
    { LL_WORKLOAD_MODE_ASYNC, 1, 64 * 1024 },
    { LL_WORKLOAD_MODE_ASYNC, 2, 1024 * 1024 },
    { LL_WORKLOAD_MODE_ASYNC, 3, 256 * 1024 },
    { LL_WORKLOAD_MODE_ASYNC, 8, 4 * 1024 * 1024 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_READ, runs[i].mode, NULL);
      g_autoptr(LlWorkloadResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ll_workload_read_set_file (LL_WORKLOAD_READ (workload), file);
      ll_workload_read_set_readers (LL_WORKLOAD_READ (workload), runs[i].readers);
      ll_workload_read_set_chunk_size (LL_WORKLOAD_READ (workload), runs[i].chunk);
      result = ll_test_run_workload (workload, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (result->bytes, ==, size);
      g_assert_cmpuint (ll_workload_get_total (workload), ==, size);
      g_assert_cmpuint (ll_workload_get_done (workload), ==, size);
      g_assert_finalize_object (g_steal_pointer (&workload));
    }

  ll_test_remove_tree (dir);
}

static void
test_read_empty (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GFile) file = make_file (dir, "empty", 0);

  for (LlWorkloadMode mode = LL_WORKLOAD_MODE_BLOCKING; mode <= LL_WORKLOAD_MODE_ASYNC; mode++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_READ, mode, NULL);
      g_autoptr(LlWorkloadResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ll_workload_read_set_file (LL_WORKLOAD_READ (workload), file);
      result = ll_test_run_workload (workload, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->bytes, ==, 0);
      g_assert_finalize_object (g_steal_pointer (&workload));
    }

  ll_test_remove_tree (dir);
}

static void
test_read_cancel (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GFile) file = make_file (dir, "sample.bin", 8 * 1024 * 1024);
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_READ,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);

  ll_workload_read_set_file (LL_WORKLOAD_READ (workload), file);
  ll_workload_read_set_chunk_size (LL_WORKLOAD_READ (workload), 16 * 1024);
  assert_cancelled_mid_run (workload);
  g_assert_finalize_object (g_steal_pointer (&workload));

  ll_test_remove_tree (dir);
}

static void
assert_read_fails (GFile      *file,
                   GQuark      domain,
                   int         code,
                   const char *in_message)
{
  for (LlWorkloadMode mode = LL_WORKLOAD_MODE_BLOCKING; mode <= LL_WORKLOAD_MODE_ASYNC; mode++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_READ, mode, NULL);
      g_autoptr(LlWorkloadResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ll_workload_read_set_file (LL_WORKLOAD_READ (workload), file);
      result = ll_test_run_workload (workload, &error);

      g_assert_null (result);
      g_assert_error (error, domain, code);
      if (in_message != NULL && strstr (error->message, in_message) == NULL)
        g_error ("The message “%s” does not mention “%s”", error->message, in_message);
      g_assert_false (ll_workload_get_running (workload));
      g_assert_finalize_object (g_steal_pointer (&workload));
    }
}

static void
test_read_bad_inputs (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing_path = g_build_filename (dir, "missing.bin", NULL);
  g_autofree char *fifo_path = g_build_filename (dir, "fifo", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(LlWorkload) nothing = ll_workload_new (LL_WORKLOAD_KIND_READ,
                                                   LL_WORKLOAD_MODE_ASYNC, NULL);
  g_autoptr(GError) error = NULL;
  LlWorkloadResult *result;

  assert_read_fails (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "missing.bin");
  assert_read_fails (folder, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "folder");

  /* Opening a FIFO for reading would block until a writer came: it is
   * refused before it is opened. */
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  assert_read_fails (fifo, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "regular");

  /* No file at all. */
  result = ll_test_run_workload (nothing, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_finalize_object (g_steal_pointer (&nothing));
  ll_test_remove_tree (dir);
}

static void
test_read_unreadable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GFile) file = make_file (dir, "secret.bin", 4096);

  g_assert_cmpint (g_chmod (g_file_peek_path (file), 0), ==, 0);

  if (access (g_file_peek_path (file), R_OK) == 0)
    {
      /* root reads a file whatever its mode: there is no unreadable
       * file to test with, so only this case is skipped. */
      g_test_skip ("Running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not make a file unreadable");
    }
  else
    {
      assert_read_fails (file, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "permission");
    }

  g_chmod (g_file_peek_path (file), 0600);
  ll_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/io-workload/modes", test_modes);
  g_test_add_func ("/looplab/io-workload/defaults", test_defaults);
  g_test_add_func ("/looplab/io-workload/sleep-async-virtual", test_sleep_async_virtual);
  g_test_add_func ("/looplab/io-workload/sleep-blocking", test_sleep_blocking);
  g_test_add_func ("/looplab/io-workload/sleep-cancel", test_sleep_cancel);
  g_test_add_func ("/looplab/io-workload/caller-cancellable", test_caller_cancellable);
  g_test_add_func ("/looplab/io-workload/already-running", test_already_running);
  g_test_add_func ("/looplab/io-workload/primes", test_primes);
  g_test_add_func ("/looplab/io-workload/calibrate", test_calibrate);
  g_test_add_func ("/looplab/io-workload/compute-same-count", test_compute_same_count);
  g_test_add_func ("/looplab/io-workload/compute-seconds", test_compute_seconds);
  g_test_add_func ("/looplab/io-workload/compute-blocking-keeps-time", test_compute_blocking_keeps_time);
  g_test_add_func ("/looplab/io-workload/compute-cancel", test_compute_cancel);
  g_test_add_func ("/looplab/io-workload/side-by-side", test_runs_side_by_side);
  g_test_add_func ("/looplab/io-workload/read-both-modes", test_read_both_modes);
  g_test_add_func ("/looplab/io-workload/read-empty", test_read_empty);
  g_test_add_func ("/looplab/io-workload/read-cancel", test_read_cancel);
  g_test_add_func ("/looplab/io-workload/read-bad-inputs", test_read_bad_inputs);
  g_test_add_func ("/looplab/io-workload/read-unreadable", test_read_unreadable);

  return g_test_run ();
}
