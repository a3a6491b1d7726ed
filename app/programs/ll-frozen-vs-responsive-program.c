/* ll-frozen-vs-responsive-program.c: "Frozen vs responsive", headless
 *
 * Runs one workload (sleep, read, fetch or compute) in one mode
 * (blocking, async, chunked or thread) on a private main loop watched by
 * a loop monitor, and prints the workload's result beside what the
 * monitor saw meanwhile: the loop's lag p50/p99/max, and the stalls.
 *
 *   looplab-cli run frozen-vs-responsive --workload fetch --requests 50
 *   looplab-cli run frozen-vs-responsive --workload sleep --mode blocking
 *
 * A blocking run really blocks this loop's thread, as it would block a
 * window's; headless, only the watchdog notices, and names the handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-vs-responsive-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-frozen-environment.h"
#include "ll-frozen-vs-responsive-program.h"
#include "ll-loop-monitor.h"
#include "ll-primes.h"
#include "ll-process.h"
#include "ll-programs.h"
#include "ll-sample-file.h"
#include "ll-sim-program.h"
#include "ll-slow-server.h"
#include "ll-workload-compute.h"
#include "ll-workload-fetch.h"
#include "ll-workload-read.h"
#include "ll-workload-sleep.h"

/* The run starts from a traced timeout, as from a click: once the probe
 * has fired once.  Not much later: on a virtual machine, a thread that
 * idled for a few hundred milliseconds starts its next burst of work
 * measurably slower (a plain read() loop too), which would be charged
 * to the workload. */
#define WARM_UP_MS      20
#define BETWEEN_RUNS_MS 100
#define MAX_RUNS        20

/* Above this many requests, only the failed ones get a line each. */
#define MAX_REQUEST_LINES 10

typedef struct
{
  GOutputStream    *out;
  LlWorkload       *workload;
  LlWorkloadResult *result;
  GError           *error;
  gboolean          done;
} Run;

static double
ms (gint64 usec)
{
  return usec / (double) G_TIME_SPAN_MILLISECOND;
}

static double
secs (gint64 usec)
{
  return usec / (double) G_TIME_SPAN_SECOND;
}

/* Plain spaces, unlike the no-break space of g_format_size(): the
 * transcripts are matched by tests and scripts. */
static char *
format_bytes (guint64 bytes)
{
  if (bytes >= LL_MIB)
    return g_strdup_printf ("%.1f MiB", bytes / (double) LL_MIB);
  if (bytes >= 1024)
    return g_strdup_printf ("%.1f KiB", bytes / 1024.0);

  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

static gboolean
parse_enum (GType        type,
            const char  *option,
            const char  *text,
            int         *value,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value_by_nick (klass, text);

  if (found == NULL)
    {
      g_autoptr(GString) nicks = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (nicks, "%s%s", i > 0 ? ", " : "", klass->values[i].value_nick);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s takes one of %s, not “%s”"), option, nicks->str, text);
      return FALSE;
    }

  *value = found->value;
  return TRUE;
}

static int
compare_durations (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
on_stall (LlLoopMonitor *monitor,
          const LlStall *stall,
          Run           *run)
{
  ll_print (run->out, _("Watchdog: main loop blocked for %.2f s by %s\n"),
            secs (stall->duration),
            stall->handler ? stall->handler : _("an unnamed handler"));
}

static void
run_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;

  run->result = ll_workload_run_finish (LL_WORKLOAD (source_object), result, &run->error);
  run->done = TRUE;
}

/* A traced timeout: the run starts inside a dispatch the monitor sees,
 * as it would from a click handler. */
static gboolean
start_run (gpointer data)
{
  Run *run = data;

  ll_workload_run_async (run->workload, NULL, run_done, run);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  gboolean       done;
  LlFrozenNeeds  made;
  GError        *error;
} Prepare;

static void
prepared (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Prepare *prepare = user_data;

  ll_frozen_environment_prepare_finish (LL_FROZEN_ENVIRONMENT (source_object), result,
                                        &prepare->made, &prepare->error);
  prepare->done = TRUE;
}

/* What the work needs, prepared before the loop is watched. */
static gboolean
prepare_environment (GOutputStream        *out,
                     GMainContext         *context,
                     LlFrozenEnvironment  *environment,
                     LlFrozenNeeds         needs,
                     GError              **error)
{
  guint64 size = ll_frozen_environment_get_sample_size (environment);
  GFile *file = ll_frozen_environment_get_sample_file (environment);
  g_autofree char *size_text = format_bytes (size);
  gint64 start = g_get_monotonic_time ();
  Prepare prepare = { 0 };

  ll_frozen_environment_prepare_async (environment, needs, NULL, NULL, NULL, prepared, &prepare);
  while (!prepare.done)
    g_main_context_iteration (context, TRUE);

  if (prepare.error != NULL)
    {
      g_propagate_error (error, prepare.error);
      return FALSE;
    }

  if ((needs & LL_FROZEN_NEEDS_SAMPLE_FILE) != 0)
    {
      if ((prepare.made & LL_FROZEN_NEEDS_SAMPLE_FILE) != 0)
        ll_print (out, _("Generated the %s sample file %s in %.2f s (in a worker thread).\n"),
                  size_text, g_file_peek_path (file), secs (g_get_monotonic_time () - start));
      else
        ll_print (out, _("Using the %s sample file %s.\n"), size_text, g_file_peek_path (file));
    }

  if ((needs & LL_FROZEN_NEEDS_SERVER) != 0)
    {
      LlSlowServer *server = ll_frozen_environment_get_server (environment);

      ll_print (out, _("The slow server listens on 127.0.0.1:%u, on a thread of its own, and answers after %.2f s.\n"),
                ll_slow_server_get_port (server), secs (ll_slow_server_get_delay (server)));
    }

  if ((needs & LL_FROZEN_NEEDS_CALIBRATION) != 0)
    ll_print (out, _("Calibrated: this machine tests %.0f numbers a second near one billion.\n"),
              ll_primes_get_rate ());

  return TRUE;
}

/* The settings of the command line that the workload's kind takes. */
static void
configure (LlWorkload *workload,
           double      seconds,
           guint       requests,
           gint64      delay,
           guint       chunk,
           guint       readers)
{
  switch (ll_workload_get_kind (workload))
    {
    case LL_WORKLOAD_KIND_SLEEP:
      ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), seconds);
      break;

    case LL_WORKLOAD_KIND_READ:
      ll_workload_read_set_chunk_size (LL_WORKLOAD_READ (workload), chunk);
      ll_workload_read_set_readers (LL_WORKLOAD_READ (workload), readers);
      break;

    case LL_WORKLOAD_KIND_FETCH:
      ll_workload_fetch_set_requests (LL_WORKLOAD_FETCH (workload), requests);
      ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (workload), delay);
      break;

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      ll_workload_compute_set_seconds (LL_WORKLOAD_COMPUTE (workload), seconds);
      break;
    }
}

static void
print_intro (GOutputStream *out,
             LlWorkload    *workload)
{
  LlWorkloadKind kind = ll_workload_get_kind (workload);
  LlWorkloadMode mode = ll_workload_get_mode (workload);
  g_autofree char *chunk = NULL;

  ll_print (out, _("Frozen vs responsive: %s, %s.\n"),
            ll_workload_kind_to_string (kind), ll_workload_mode_to_string (mode));

  switch (kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      if (mode == LL_WORKLOAD_MODE_BLOCKING)
        ll_print (out, _("g_usleep() blocks the loop's thread for %.2f s: nothing else runs meanwhile.\n"),
                  ll_workload_sleep_get_seconds (LL_WORKLOAD_SLEEP (workload)));
      else
        ll_print (out, _("A coroutine awaits a %.2f s sleep on the scheduler's timer wheel; the loop runs on meanwhile.\n"),
                  ll_workload_sleep_get_seconds (LL_WORKLOAD_SLEEP (workload)));
      break;

    case LL_WORKLOAD_KIND_READ:
      chunk = format_bytes (ll_workload_read_get_chunk_size (LL_WORKLOAD_READ (workload)));
      if (mode == LL_WORKLOAD_MODE_BLOCKING)
        ll_print (out, _("Synchronous GIO calls read the file in %s chunks on the loop's thread.\n"), chunk);
      else
        ll_print (out, _("%u coroutines await g_input_stream_read_async() in %s chunks, each its share of the file;\n"
                         "GIO reads in worker threads, the loop only runs the callbacks.\n"),
                  ll_workload_read_get_readers (LL_WORKLOAD_READ (workload)), chunk);
      break;

    case LL_WORKLOAD_KIND_FETCH:
      if (mode == LL_WORKLOAD_MODE_BLOCKING)
        ll_print (out, _("%u requests, one after another, with synchronous connect, write and read on the loop's thread.\n"),
                  ll_workload_fetch_get_requests (LL_WORKLOAD_FETCH (workload)));
      else
        ll_print (out, _("%u coroutines, one per request, connect, send and read all at once with GIO's asynchronous socket calls.\n"),
                  ll_workload_fetch_get_requests (LL_WORKLOAD_FETCH (workload)));
      break;

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      if (mode == LL_WORKLOAD_MODE_BLOCKING)
        ll_print (out, _("Counting primes after one billion for about %.2f s in one go, on the loop's thread.\n"),
                  ll_workload_compute_get_seconds (LL_WORKLOAD_COMPUTE (workload)));
      else if (mode == LL_WORKLOAD_MODE_CHUNKED)
        ll_print (out, _("The same count in small blocks, with a yield after each: the scheduler gives the loop back every 0.5 ms.\n"));
      else
        ll_print (out, _("The same count in g_task_run_in_thread(); the result comes back to the loop.\n"));
      break;
    }
}

static void
print_requests (GOutputStream          *out,
                const LlWorkloadResult *result)
{
  for (guint i = 0; i < result->requests->len; i++)
    {
      const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

      if (r->phase != LL_FETCH_PHASE_DONE)
        {
          if (result->requests->len <= MAX_REQUEST_LINES || i < MAX_REQUEST_LINES)
            ll_print (out, _("  #%-3u failed: %s\n"), i + 1,
                      r->error != NULL ? r->error->message : _("unfinished"));
          continue;
        }

      if (result->requests->len > MAX_REQUEST_LINES)
        continue;

      ll_print (out, _("  #%-3u connect %.2f ms, send %.2f ms, wait %.1f ms, read %.2f ms (served as request %u)\n"),
                i + 1,
                ms (r->connect_end - r->connect_start),
                ms (r->send_end - r->connect_end),
                ms (r->first_byte - r->send_end),
                ms (r->read_end - r->first_byte),
                r->served_as);
    }
}

static void
print_result (GOutputStream          *out,
              LlWorkload             *workload,
              const LlWorkloadResult *result)
{
  g_autofree char *bytes = format_bytes (result->bytes);
  gint64 last_connect = 0;
  gint64 first_answer = G_MAXINT64;

  switch (result->kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      ll_print (out, _("Done: slept %.3f s (asked for %.3f s).\n"),
                secs (result->duration), secs (result->requested));
      break;

    case LL_WORKLOAD_KIND_READ:
      ll_print (out, _("Done: read %s (%llu bytes) in %.3f s: %.0f MiB/s.\n"),
                bytes, (unsigned long long) result->bytes, secs (result->duration),
                result->throughput / (1024.0 * 1024.0));
      break;

    case LL_WORKLOAD_KIND_FETCH:
      print_requests (out, result);
      for (guint i = 0; i < result->requests->len; i++)
        {
          const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

          last_connect = MAX (last_connect, r->connect_end);
          if (r->first_byte != 0)
            first_answer = MIN (first_answer, r->first_byte);
        }
      ll_print (out, _("Done: %u of %u answered in %.3f s; one after another they take %u × %.2f s = %.2f s.\n"),
                result->n_requests - result->n_failed, result->n_requests,
                secs (result->duration), result->n_requests,
                secs (ll_workload_fetch_get_delay (LL_WORKLOAD_FETCH (workload))),
                secs (result->requested));
      if (first_answer != G_MAXINT64 && result->mode != LL_WORKLOAD_MODE_BLOCKING)
        ll_print (out, _("Every connection was open %.1f ms after the start; the first answer came after %.1f ms.\n"),
                  ms (last_connect - result->start), ms (first_answer - result->start));
      if (result->failure != NULL)
        ll_print (out, "%s\n", result->failure);
      break;

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      ll_print (out, _("Done: %llu primes among the %llu numbers after %llu, in %.3f s (%.0f numbers a second).\n"),
                (unsigned long long) result->primes, (unsigned long long) result->numbers,
                (unsigned long long) LL_PRIMES_BASE,
                secs (result->duration), result->throughput);
      if (result->numbers < result->planned)
        ll_print (out, _("Stopped at the %.3f s asked for, with %llu of the %llu numbers planned: the machine was busier than when the work was calibrated.\n"),
                  secs (result->requested), (unsigned long long) result->numbers,
                  (unsigned long long) result->planned);
      break;
    }

  ll_print (out, _("Loop lag during the run: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%u probes).\n"),
            ms (result->lag.p50), ms (result->lag.p99), ms (result->lag.max), result->lag.count);

  if (result->n_stalls == 0)
    ll_print (out, _("Stalls during the run: none.\n"));
  else
    ll_print (out, _("Stalls during the run: %u, the longest %.3f s by %s.\n"),
              result->n_stalls, secs (result->stall),
              result->stall_handler ? result->stall_handler : _("an unnamed handler"));

  if (result->mode == LL_WORKLOAD_MODE_BLOCKING && result->stall > 0 && result->requested > 0)
    ll_print (out, _("The loop stood still for %.3f s; the work asked for %.3f s (%+.1f %%); the loop's thread used %.3f s of CPU meanwhile.\n"),
              secs (result->stall), secs (result->requested),
              100.0 * (result->stall - result->requested) / (double) result->requested,
              secs (result->cpu));
}

gboolean
ll_frozen_vs_responsive_program_run (int             argc,
                                     char          **argv,
                                     GOutputStream  *out,
                                     GError        **error)
{
  g_auto(LlSimRun) sim = { 0 };
  g_autoptr(LlLoopMonitor) monitor = NULL;
  g_autoptr(LlFrozenEnvironment) environment = NULL;
  g_autoptr(LlWorkload) workload = NULL;
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GArray) durations = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *workload_name = NULL;
  g_autofree char *mode_name = NULL;
  g_autofree char *file_path = NULL;
  double seconds = LL_WORKLOAD_DEFAULT_SECONDS;
  double delay = secs (LL_WORKLOAD_DEFAULT_DELAY);
  int size_mib = (int) (LL_SAMPLE_FILE_DEFAULT_SIZE / LL_MIB);
  int requests = LL_WORKLOAD_DEFAULT_REQUESTS;
  int chunk_kib = LL_WORKLOAD_DEFAULT_CHUNK / 1024;
  int readers = LL_WORKLOAD_DEFAULT_READERS;
  int n_runs = 1;
  int kind = LL_WORKLOAD_KIND_SLEEP;
  int mode = LL_WORKLOAD_MODE_ASYNC;
  LlFrozenNeeds needs;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "workload", 0, 0, G_OPTION_ARG_STRING, &workload_name,
      N_("sleep, read, fetch or compute (sleep by default)"), N_("KIND") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode_name,
      N_("blocking, async (sleep, read, fetch), chunked or thread (compute); async, or chunked for compute, by default"), N_("MODE") },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds,
      N_("How long a sleep or a compute run lasts (0.1 to 5; 3 by default)"), N_("SECONDS") },
    { "size", 0, 0, G_OPTION_ARG_INT, &size_mib,
      N_("Size of the generated sample file to read (1 to 1024; 256 by default)"), N_("MIB") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file_path,
      N_("Read this file instead of the sample file"), N_("PATH") },
    { "requests", 0, 0, G_OPTION_ARG_INT, &requests,
      N_("How many answers to fetch (1 to 1000; 5 by default)"), N_("N") },
    { "delay", 0, 0, G_OPTION_ARG_DOUBLE, &delay,
      N_("How long the server waits before each answer (0 to 10; 1 by default)"), N_("SECONDS") },
    { "chunk", 0, 0, G_OPTION_ARG_INT, &chunk_kib,
      N_("Bytes per read call, in KiB (4 to 65536; 4096 by default)"), N_("KIB") },
    { "readers", 0, 0, G_OPTION_ARG_INT, &readers,
      N_("Coroutines reading the file at once, async mode (1 to 8; 2 by default)"), N_("N") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs,
      N_("Run the workload this many times in a row, in one process (1 to 20; 1 by default)"), N_("N") },
    { NULL }
  };

  if (!ll_sim_run_init (&sim, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&sim, error))
    return FALSE;

  if (workload_name != NULL &&
      !parse_enum (LL_TYPE_WORKLOAD_KIND, "--workload", workload_name, &kind, error))
    return FALSE;
  if (kind == LL_WORKLOAD_KIND_COMPUTE)
    mode = LL_WORKLOAD_MODE_CHUNKED;
  if (mode_name != NULL &&
      !parse_enum (LL_TYPE_WORKLOAD_MODE, "--mode", mode_name, &mode, error))
    return FALSE;

  if (!ll_workload_mode_is_supported (kind, mode))
    {
      if (kind == LL_WORKLOAD_KIND_COMPUTE)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("The compute workload runs blocking, chunked or thread, not %s"),
                     ll_workload_mode_to_string (mode));
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("The %s workload runs blocking or async, not %s"),
                     ll_workload_kind_to_string (kind), ll_workload_mode_to_string (mode));
      return FALSE;
    }
  if (!(seconds >= LL_WORKLOAD_MIN_SECONDS && seconds <= LL_WORKLOAD_MAX_SECONDS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seconds takes 0.1 to 5 seconds"));
      return FALSE;
    }
  if (size_mib < 1 || size_mib > 1024)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--size takes 1 to 1024 MiB, not %d"), size_mib);
      return FALSE;
    }
  if (requests < 1 || requests > LL_WORKLOAD_MAX_REQUESTS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--requests takes 1 to %d requests, not %d"), LL_WORKLOAD_MAX_REQUESTS, requests);
      return FALSE;
    }
  if (!(delay >= 0 && delay <= secs (LL_WORKLOAD_MAX_DELAY)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--delay takes 0 to 10 seconds"));
      return FALSE;
    }
  if (chunk_kib < 4 || chunk_kib > LL_WORKLOAD_MAX_CHUNK / 1024)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--chunk takes 4 to %d KiB, not %d"), LL_WORKLOAD_MAX_CHUNK / 1024, chunk_kib);
      return FALSE;
    }
  if (n_runs < 1 || n_runs > MAX_RUNS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--runs takes 1 to %d, not %d"), MAX_RUNS, n_runs);
      return FALSE;
    }
  if (readers < 1 || readers > LL_WORKLOAD_MAX_READERS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--readers takes 1 to %d, not %d"), LL_WORKLOAD_MAX_READERS, readers);
      return FALSE;
    }

  monitor = ll_loop_monitor_new (sim.context);
  workload = ll_workload_new (kind, mode, monitor);
  ll_workload_set_scheduler (workload, sim.scheduler);
  configure (workload, seconds, (guint) requests, (gint64) (delay * G_TIME_SPAN_SECOND),
             (guint) chunk_kib * 1024, (guint) readers);

  print_intro (out, workload);

  environment = ll_frozen_environment_new ();
  ll_frozen_environment_set_sample_size (environment, (guint64) size_mib * LL_MIB);
  needs = ll_frozen_environment_needs_for (kind);
  if (file_path != NULL)
    needs &= ~LL_FROZEN_NEEDS_SAMPLE_FILE;
  if (kind == LL_WORKLOAD_KIND_FETCH)
    {
      ll_process_raise_file_limit ((guint64) requests * 2 + 64);
      ll_slow_server_set_delay (ll_frozen_environment_get_server (environment),
                                (gint64) (delay * G_TIME_SPAN_SECOND));
    }
  if (!prepare_environment (out, sim.context, environment, needs, error))
    return FALSE;

  ll_frozen_environment_configure (environment, workload);
  if (file_path != NULL && kind == LL_WORKLOAD_KIND_READ)
    {
      file = g_file_new_for_commandline_arg (file_path);
      ll_workload_read_set_file (LL_WORKLOAD_READ (workload), file);
    }

  run.out = out;
  run.workload = workload;
  g_signal_connect (monitor, "stall", G_CALLBACK (on_stall), &run);
  ll_loop_monitor_start (monitor);

  durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < n_runs; i++)
    {
      if (n_runs > 1)
        ll_print (out, _("Run %d of %d:\n"), i + 1, n_runs);

      run.done = FALSE;
      ll_loop_monitor_add_timeout (monitor, i == 0 ? WARM_UP_MS : BETWEEN_RUNS_MS,
                                   "frozen_vs_responsive_start", start_run, &run, NULL);
      while (!run.done)
        g_main_context_iteration (sim.context, TRUE);

      if (run.error != NULL)
        break;

      result = g_steal_pointer (&run.result);
      print_result (out, workload, result);
      g_array_append_val (durations, result->duration);
      g_clear_pointer (&result, ll_workload_result_free);
    }

  ll_loop_monitor_stop (monitor);
  g_signal_handlers_disconnect_by_data (monitor, &run);
  g_clear_object (&environment);

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }

  if (n_runs > 1)
    {
      g_array_sort (durations, compare_durations);
      ll_print (out, _("%d runs: median %.3f s, min %.3f s, max %.3f s.\n"),
                n_runs,
                secs (g_array_index (durations, gint64, (durations->len - 1) / 2)),
                secs (g_array_index (durations, gint64, 0)),
                secs (g_array_index (durations, gint64, durations->len - 1)));
    }

  return TRUE;
}
