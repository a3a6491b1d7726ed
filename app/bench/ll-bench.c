/* ll-bench.c: `looplab-cli bench`, our coroutines measured beside their peers
 *
 * Each benchmark runs our code and its peers in the same invocation,
 * interleaved run by run so that a slow moment of the machine hits every
 * system alike, and prints the median, min and max of each figure and
 * the ratios against the targets of the issue.
 *
 *   send      B1: a send into a generator that yields back, against
 *             CPython's generator send and two threads handing a value
 *             back and forth through GAsyncQueues
 *   switch    B2: two tasks on the loop yielding to each other, against
 *             two asyncio tasks doing `await asyncio.sleep(0)`
 *   sleepers  B3: N tasks sleeping a random 0..1000 ms under a 10 ms probe
 *             timer, against asyncio, Node.js and one g_timeout_add()
 *             per task; wall time, peak RSS and the probe's lateness
 *
 * Every sleepers run is a process of its own (our side re-executes
 * looplab-cli with the hidden `--child` option), so its peak RSS is its
 * own: wait4() returns it.  The peers print their figures, measured
 * inside and so without interpreter start-up, as one JSON line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ll-bench.h"
#include "ll-bench-json.h"
#include "ll-bench-private.h"

typedef enum
{
  RUN_IN_PROCESS,
  RUN_CHILD,
  RUN_PYTHON,
  RUN_NODE,
} Runner;

typedef struct
{
  const char *name;
  Runner      runner;
  const char *script;      /* the peer's file in the peer directory */
  guint64     default_n;   /* 0: the benchmark's list of sizes */
  const char *what;
} SystemInfo;

typedef struct
{
  const char       *name;
  const char       *title;
  const char       *unit;
  const SystemInfo *systems;
  guint             n_systems;
} BenchInfo;

static const SystemInfo send_systems[] = {
  { "looplab", RUN_IN_PROCESS, NULL, 10000000,
    "ll_co_send() into a generator coroutine that yields back" },
  { "cpython", RUN_PYTHON, "send.py", 10000000,
    "generator.send() into a Python generator that yields back" },
  { "threads", RUN_IN_PROCESS, NULL, 100000,
    "two threads handing a value back and forth through GAsyncQueues" },
};

static const SystemInfo switch_systems[] = {
  { "looplab", RUN_IN_PROCESS, NULL, 10000000,
    "two LlScheduler tasks, each LL_CO_YIELD() in a loop" },
  { "asyncio", RUN_PYTHON, "switch.py", 1000000,
    "two asyncio tasks, each `await asyncio.sleep(0)` in a loop" },
};

static const SystemInfo sleepers_systems[] = {
  { "looplab", RUN_CHILD, NULL, 0,
    "LlScheduler tasks doing LL_CO_SLEEP(), spawned in batches of ≤ 1 ms per loop iteration" },
  { "asyncio", RUN_PYTHON, "sleepers.py", 0,
    "asyncio.gather() of asyncio.sleep(), a call_later() probe" },
  { "node", RUN_NODE, "sleepers.js", 0,
    "Promise.all() of Promises over setTimeout(), a setInterval() probe" },
  { "glib-timeouts", RUN_CHILD, NULL, 0,
    "one g_timeout_add() per task, all added at once" },
};

static const BenchInfo benches[] = {
  { "send", "B1 send/yield round trip", "ns",
    send_systems, G_N_ELEMENTS (send_systems) },
  { "switch", "B2 scheduled switch", "ns",
    switch_systems, G_N_ELEMENTS (switch_systems) },
  { "sleepers", "B3 sleepers", NULL,
    sleepers_systems, G_N_ELEMENTS (sleepers_systems) },
};

static const guint64 default_sleeper_sizes[] = { 10000, 100000, 1000000 };

/* The figures of one system at one size, run after run. */
enum
{
  METRIC_MAIN,      /* ns per operation, or the sleepers' wall time in s */
  METRIC_RSS,       /* KiB */
  METRIC_P99,       /* ms */
  METRIC_MAX,       /* ms */
  N_METRICS
};

typedef struct
{
  const SystemInfo *sys;
  guint64           n;
  GArray           *values[N_METRICS];   /* of double */
  char             *missing;             /* why, or NULL */
  char             *error;               /* the first failure, or NULL */
  char             *program;             /* the interpreter or executable */
  char             *script;
  char             *version;
} Series;

typedef struct
{
  double median;
  double min;
  double max;
} Summary;

typedef struct
{
  /* Options */
  char      *n_list;
  int        runs;
  char      *systems;
  gboolean   json;
  char      *markdown;
  gint64     seed;
  int        max_ms;
  char      *peers;
  char      *python;
  char      *node;
  char      *child;

  const BenchInfo *bench;
  GPtrArray *series;   /* of Series */
} Bench;

static void
series_free (Series *series)
{
  for (guint m = 0; m < N_METRICS; m++)
    g_array_unref (series->values[m]);
  g_free (series->missing);
  g_free (series->error);
  g_free (series->program);
  g_free (series->script);
  g_free (series->version);
  g_free (series);
}

static Series *
series_new (const SystemInfo *sys,
            guint64           n)
{
  Series *series = g_new0 (Series, 1);

  series->sys = sys;
  series->n = n;
  for (guint m = 0; m < N_METRICS; m++)
    series->values[m] = g_array_new (FALSE, FALSE, sizeof (double));

  return series;
}

/* Statistics */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static Summary
summarize (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;
  Summary s = { NAN, NAN, NAN };
  guint len = values->len;

  if (len == 0)
    return s;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  s.min = g_array_index (sorted, double, 0);
  s.max = g_array_index (sorted, double, len - 1);
  if (len % 2 == 1)
    s.median = g_array_index (sorted, double, len / 2);
  else
    s.median = (g_array_index (sorted, double, len / 2 - 1) +
                g_array_index (sorted, double, len / 2)) / 2;

  return s;
}

/* Nearest rank, as the loop monitor's histogram reports it; 0 for no
 * samples (the loop was never seen late). */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;

  rank = (guint) ceil (p / 100 * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);

  return g_array_index (sorted, double, rank - 1);
}

/* Formatting */

static char *
format_number (double v)
{
  if (isnan (v))
    return g_strdup ("–");
  if (fabs (v) >= 1000)
    return g_strdup_printf ("%.0f", v);
  if (fabs (v) >= 100)
    return g_strdup_printf ("%.1f", v);
  if (fabs (v) >= 10)
    return g_strdup_printf ("%.2f", v);
  return g_strdup_printf ("%.3f", v);
}

static char *
format_count (guint64 n)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
format_ratio (double r)
{
  if (r >= 100)
    return g_strdup_printf ("%.0fx", r);
  return g_strdup_printf ("%.1fx", r);
}

/* "median [min–max]" in the display unit: @scale divides the raw values. */
static char *
format_summary (GArray *values,
                double  scale)
{
  Summary s = summarize (values);
  g_autofree char *median = format_number (s.median / scale);
  g_autofree char *min = format_number (s.min / scale);
  g_autofree char *max = format_number (s.max / scale);

  return g_strdup_printf ("%s [%s–%s]", median, min, max);
}

/* Pads @str to @width characters, not bytes: the en dash is three. */
static char *
pad (const char *str,
     guint       width)
{
  glong len = g_utf8_strlen (str, -1);
  GString *s = g_string_new (str);

  while (len++ < (glong) width)
    g_string_append_c (s, ' ');

  return g_string_free (s, FALSE);
}

/* Finding the peers */

static char *
find_program (const char  *given,
              const char **candidates,
              char       **missing)
{
  if (given != NULL)
    {
      if (g_file_test (given, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (given, G_FILE_TEST_IS_DIR))
        return g_strdup (given);
      *missing = g_strdup_printf ("%s is not an executable", given);
      return NULL;
    }

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      char *path;

      if (g_path_is_absolute (candidates[i]))
        {
          if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
            return g_strdup (candidates[i]);
          continue;
        }

      path = g_find_program_in_path (candidates[i]);
      if (path != NULL)
        return path;
    }

  return NULL;
}

static const char *
peer_dir (Bench *b)
{
  const char *env;

  if (b->peers != NULL)
    return b->peers;
  env = g_getenv ("LOOPLAB_BENCH_PEERS");
  if (env != NULL && *env != '\0')
    return env;
  return ll_bench_get_default_peer_dir ();
}

/* Fills in how to run @series, or why it cannot run. */
static void
locate (Bench  *b,
        Series *series)
{
  const SystemInfo *sys = series->sys;

  switch (sys->runner)
    {
    case RUN_IN_PROCESS:
      break;

    case RUN_CHILD:
      series->program = g_file_read_link ("/proc/self/exe", NULL);
      if (series->program == NULL)
        series->missing = g_strdup ("cannot find looplab-cli itself (no /proc/self/exe)");
      break;

    case RUN_PYTHON:
    case RUN_NODE:
      {
        /* Debian's interpreter, not a version manager's shim earlier in
         * PATH: the peer is what the distribution ships. */
        static const char *pythons[] = { "/usr/bin/python3", "python3", NULL };
        static const char *nodes[] = { "node", "nodejs", NULL };
        gboolean python = sys->runner == RUN_PYTHON;
        g_autofree char *script = NULL;

        series->program = find_program (python ? b->python : b->node,
                                         python ? pythons : nodes,
                                         &series->missing);
        if (series->program == NULL)
          {
            if (series->missing == NULL)
              series->missing = g_strdup_printf ("%s not found (apt-get install -y --no-install-recommends %s)",
                                                 python ? "python3" : "node",
                                                 python ? "python3" : "nodejs");
            return;
          }

        script = g_build_filename (peer_dir (b), sys->script, NULL);
        if (!g_file_test (script, G_FILE_TEST_IS_REGULAR))
          {
            series->missing = g_strdup_printf ("peer script %s not found (pass --peers DIR)", script);
            g_clear_pointer (&series->program, g_free);
            return;
          }
        series->script = g_steal_pointer (&script);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Running a process */

/* Runs @argv, waits for it and returns its standard output; its standard
 * error passes through.  @maxrss_kib receives its peak resident set. */
static char *
run_process (char   **argv,
             double  *maxrss_kib,
             GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  struct rusage usage;
  GPid pid;
  int out_fd = -1;
  int status;
  pid_t r;

  if (!g_spawn_async_with_pipes (NULL, argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid,
                                 NULL, &out_fd, NULL, error))
    return NULL;

  for (;;)
    {
      char buf[4096];
      ssize_t len = read (out_fd, buf, sizeof buf);

      if (len > 0)
        g_string_append_len (out, buf, len);
      else if (len == 0 || errno != EINTR)
        break;
    }
  close (out_fd);

  do
    r = wait4 (pid, &status, 0, &usage);
  while (r < 0 && errno == EINTR);

  if (r < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "wait4: %s", g_strerror (saved));
      return NULL;
    }

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", argv[0]);
      return NULL;
    }

  /* Linux reports ru_maxrss in KiB. */
  *maxrss_kib = (double) usage.ru_maxrss;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Runs @series's program once and returns the JSON object it printed. */
static GVariant *
run_peer (Bench    *b,
          Series   *series,
          guint64   seed,
          double   *maxrss_kib,
          GError  **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *output = NULL;
  g_autoptr(GVariant) result = NULL;
  gboolean sleepers = g_str_equal (b->bench->name, "sleepers");

  g_ptr_array_add (argv, g_strdup (series->program));
  if (series->sys->runner == RUN_CHILD)
    {
      g_ptr_array_add (argv, g_strdup ("bench"));
      g_ptr_array_add (argv, g_strdup (b->bench->name));
      g_ptr_array_add (argv, g_strdup_printf ("--child=%s", series->sys->name));
      g_ptr_array_add (argv, g_strdup_printf ("--n=%" G_GUINT64_FORMAT, series->n));
      g_ptr_array_add (argv, g_strdup_printf ("--seed=%" G_GUINT64_FORMAT, seed));
      g_ptr_array_add (argv, g_strdup_printf ("--max-sleep=%d", b->max_ms));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup (series->script));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, series->n));
      if (sleepers)
        {
          g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, seed));
          g_ptr_array_add (argv, g_strdup_printf ("%d", b->max_ms));
        }
    }
  g_ptr_array_add (argv, NULL);

  output = run_process ((char **) argv->pdata, maxrss_kib, error);
  if (output == NULL)
    return NULL;

  result = ll_bench_json_parse (g_strstrip (output), -1, error);
  if (result == NULL)
    {
      g_prefix_error (error, "%s printed no JSON figures: ", series->sys->name);
      return NULL;
    }
  if (!g_variant_is_of_type (result, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s printed JSON that is not an object", series->sys->name);
      return NULL;
    }

  if (series->version == NULL)
    g_variant_lookup (result, "version", "s", &series->version);

  return g_steal_pointer (&result);
}

/* The sum of the sleeps that @seed gives, to check that every system
 * slept the very same sleeps. */
static guint64
expected_delay_sum (guint64 n,
                    guint64 seed,
                    guint   max_ms)
{
  guint32 rng = ll_bench_rng_init (seed);
  guint64 sum = 0;

  for (guint64 i = 0; i < n; i++)
    sum += ll_bench_random_sleep (&rng, max_ms);

  return sum;
}

/* One run of one system: appends its figures to @series. */
static gboolean
measure (Bench   *b,
         Series  *series,
         guint64  seed,
         GError **error)
{
  const char *sys = series->sys->name;
  g_autoptr(GVariant) result = NULL;
  double values[N_METRICS] = { NAN, NAN, NAN, NAN };
  double rss = NAN;
  double n_reported;

  if (series->sys->runner == RUN_IN_PROCESS)
    {
      gboolean ok;

      if (g_str_equal (b->bench->name, "send") && g_str_equal (sys, "looplab"))
        ok = ll_bench_send_looplab (series->n, &values[METRIC_MAIN], error);
      else if (g_str_equal (b->bench->name, "send") && g_str_equal (sys, "threads"))
        ok = ll_bench_send_threads (series->n, &values[METRIC_MAIN], error);
      else if (g_str_equal (b->bench->name, "switch") && g_str_equal (sys, "looplab"))
        ok = ll_bench_switch_looplab (series->n, &values[METRIC_MAIN], error);
      else
        g_assert_not_reached ();

      if (!ok)
        return FALSE;

      g_array_append_val (series->values[METRIC_MAIN], values[METRIC_MAIN]);
      return TRUE;
    }

  result = run_peer (b, series, seed, &rss, error);
  if (result == NULL)
    return FALSE;

  if (!ll_bench_json_lookup_number (result, "n", &n_reported) ||
      n_reported != (double) series->n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s did not report n = %" G_GUINT64_FORMAT, sys, series->n);
      return FALSE;
    }

  if (!g_str_equal (b->bench->name, "sleepers"))
    {
      if (!ll_bench_json_lookup_number (result, "ns_per_op", &values[METRIC_MAIN]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s reported no ns_per_op", sys);
          return FALSE;
        }
      g_array_append_val (series->values[METRIC_MAIN], values[METRIC_MAIN]);
      return TRUE;
    }
  else
    {
      g_autoptr(GVariant) lateness = NULL;
      g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (double));
      double finished, delay_sum;
      guint64 expected = expected_delay_sum (series->n, seed, (guint) b->max_ms);

      if (!ll_bench_json_lookup_number (result, "wall_s", &values[METRIC_MAIN]) ||
          !ll_bench_json_lookup_number (result, "finished", &finished) ||
          !ll_bench_json_lookup_number (result, "delay_sum", &delay_sum) ||
          (lateness = g_variant_lookup_value (result, "lateness_ms", G_VARIANT_TYPE ("av"))) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s did not report wall_s, finished, delay_sum and lateness_ms", sys);
          return FALSE;
        }

      if (finished != (double) series->n)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s finished %.0f sleepers of %" G_GUINT64_FORMAT,
                       sys, finished, series->n);
          return FALSE;
        }

      if (delay_sum != (double) expected)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s slept %.0f ms in all, not the %" G_GUINT64_FORMAT
                       " ms of seed %" G_GUINT64_FORMAT ": its random sleeps differ",
                       sys, delay_sum, expected, seed);
          return FALSE;
        }

      for (gsize i = 0; i < g_variant_n_children (lateness); i++)
        {
          g_autoptr(GVariant) boxed = g_variant_get_child_value (lateness, i);
          g_autoptr(GVariant) v = g_variant_get_variant (boxed);
          double ms;

          if (!g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s reported a lateness that is not a number", sys);
              return FALSE;
            }
          ms = g_variant_get_double (v);
          g_array_append_val (sorted, ms);
        }
      g_array_sort (sorted, compare_doubles);

      values[METRIC_RSS] = rss;
      values[METRIC_P99] = percentile (sorted, 99);
      values[METRIC_MAX] = percentile (sorted, 100);

      for (guint m = 0; m < N_METRICS; m++)
        g_array_append_val (series->values[m], values[m]);

      return TRUE;
    }
}

static void
print_progress (Bench  *b,
                Series *series,
                guint   run)
{
  g_autofree char *value = NULL;
  guint last = series->values[METRIC_MAIN]->len - 1;

  value = format_number (g_array_index (series->values[METRIC_MAIN], double, last));

  if (g_str_equal (b->bench->name, "sleepers"))
    {
      g_autofree char *rss = format_number (g_array_index (series->values[METRIC_RSS], double, last) * 1.024 / 1000);
      g_autofree char *p99 = format_number (g_array_index (series->values[METRIC_P99], double, last));
      g_autofree char *max = format_number (g_array_index (series->values[METRIC_MAX], double, last));

      g_printerr ("bench: %s n=%" G_GUINT64_FORMAT " run %u/%d %s: %s s, %s MB, probe p99 %s ms, max %s ms\n",
                  b->bench->name, series->n, run + 1, b->runs, series->sys->name,
                  value, rss, p99, max);
    }
  else
    {
      g_printerr ("bench: %s run %u/%d %s: %s ns (n=%" G_GUINT64_FORMAT ")\n",
                  b->bench->name, run + 1, b->runs, series->sys->name, value, series->n);
    }
}

/* The machine */

static char *
read_cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown CPU");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown CPU");
}

static char *
describe_machine (Bench *b)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *cpu = read_cpu_model ();
  g_autofree char *debian = NULL;

  g_string_append_printf (s, "%u CPUs (%s)", g_get_num_processors (), cpu);
  if (g_file_get_contents ("/etc/debian_version", &debian, NULL, NULL))
    g_string_append_printf (s, ", Debian %s", g_strstrip (debian));
  g_string_append_printf (s, ", GLib %u.%u.%u",
                          glib_major_version, glib_minor_version, glib_micro_version);

  for (guint i = 0; i < b->series->len; i++)
    {
      Series *series = g_ptr_array_index (b->series, i);
      gboolean seen = FALSE;

      if (series->version == NULL)
        continue;
      for (guint j = 0; j < i; j++)
        {
          Series *other = g_ptr_array_index (b->series, j);

          if (g_strcmp0 (other->version, series->version) == 0)
            seen = TRUE;
        }
      if (!seen && series->sys->runner != RUN_CHILD)
        g_string_append_printf (s, ", %s (%s)", series->version, series->program);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Reports */

static Series *
find_series (Bench      *b,
             const char *system,
             guint64     n)
{
  for (guint i = 0; i < b->series->len; i++)
    {
      Series *series = g_ptr_array_index (b->series, i);

      if (g_str_equal (series->sys->name, system) && (n == 0 || series->n == n))
        return series;
    }

  return NULL;
}

static gboolean
series_measured (Series *series)
{
  return series != NULL && series->missing == NULL && series->error == NULL &&
         series->values[METRIC_MAIN]->len > 0;
}

/* "looplab is 35.2x faster than cpython (target >= 20x): met" */
static char *
speed_ratio_line (Bench      *b,
                  const char *peer,
                  double      target)
{
  Series *ours = find_series (b, "looplab", 0);
  Series *theirs = find_series (b, peer, 0);
  g_autofree char *ratio = NULL;
  g_autofree char *goal = NULL;
  double r;

  if (ours == NULL || theirs == NULL)
    return NULL;
  if (!series_measured (ours) || !series_measured (theirs))
    return g_strdup_printf ("looplab against %s: no ratio, %s was not measured",
                            peer, series_measured (ours) ? peer : "looplab");

  r = summarize (theirs->values[METRIC_MAIN]).median /
      summarize (ours->values[METRIC_MAIN]).median;
  ratio = format_ratio (r);
  goal = g_strdup_printf ("%.0fx", target);

  return g_strdup_printf ("looplab is %s faster than %s per operation (target ≥ %s): %s",
                          ratio, peer, goal, r >= target ? "met" : "MISSED");
}

static GPtrArray *
ratio_lines (Bench   *b,
             guint64  n)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *name = b->bench->name;

  if (g_str_equal (name, "send"))
    {
      g_ptr_array_add (lines, speed_ratio_line (b, "cpython", 20));
      g_ptr_array_add (lines, speed_ratio_line (b, "threads", 1000));
    }
  else if (g_str_equal (name, "switch"))
    {
      g_ptr_array_add (lines, speed_ratio_line (b, "asyncio", 10));
    }
  else
    {
      Series *ours = find_series (b, "looplab", n);

      for (guint i = 0; i < b->bench->n_systems; i++)
        {
          const char *peer = b->bench->systems[i].name;
          Series *theirs = find_series (b, peer, n);
          g_autofree char *wall = NULL;
          g_autofree char *rss = NULL;
          g_autofree char *p99 = NULL;

          if (g_str_equal (peer, "looplab") || theirs == NULL || ours == NULL)
            continue;
          if (!series_measured (ours) || !series_measured (theirs))
            {
              g_ptr_array_add (lines, g_strdup_printf ("looplab against %s: no ratio, %s was not measured",
                                                       peer, series_measured (ours) ? peer : "looplab"));
              continue;
            }

          wall = format_ratio (summarize (theirs->values[METRIC_MAIN]).median /
                               summarize (ours->values[METRIC_MAIN]).median);
          rss = format_ratio (summarize (theirs->values[METRIC_RSS]).median /
                              summarize (ours->values[METRIC_RSS]).median);
          p99 = format_ratio (summarize (theirs->values[METRIC_P99]).median /
                              MAX (summarize (ours->values[METRIC_P99]).median, 0.001));
          g_ptr_array_add (lines, g_strdup_printf ("%s against looplab: %s the wall time, %s the peak RSS, %s the probe p99",
                                                   peer, wall, rss, p99));
        }

      if (n == 1000000 && series_measured (ours))
        {
          double wall = summarize (ours->values[METRIC_MAIN]).median;
          double mb = summarize (ours->values[METRIC_RSS]).median * 1024 / 1e6;
          double p99 = summarize (ours->values[METRIC_P99]).median;

          g_ptr_array_add (lines, g_strdup_printf ("target: wall time ≤ 1.5 s: %.3f s, %s", wall,
                                                   wall <= 1.5 ? "met" : "MISSED"));
          g_ptr_array_add (lines, g_strdup_printf ("target: peak RSS ≤ 200 MB: %.0f MB, %s", mb,
                                                   mb <= 200 ? "met" : "MISSED"));
          g_ptr_array_add (lines, g_strdup_printf ("target: probe lateness p99 ≤ 5 ms: %.2f ms, %s", p99,
                                                   p99 <= 5 ? "met" : "MISSED"));
        }
    }

  g_ptr_array_remove (lines, NULL);

  return lines;
}

/* The sizes, in the order they ran, each once. */
static GArray *
series_sizes (Bench *b)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; i < b->series->len; i++)
    {
      Series *series = g_ptr_array_index (b->series, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < sizes->len; j++)
        if (g_array_index (sizes, guint64, j) == series->n)
          seen = TRUE;
      if (!seen)
        g_array_append_val (sizes, series->n);
    }

  return sizes;
}

static const char *
series_status (Series *series)
{
  if (series->missing != NULL)
    return series->missing;
  if (series->error != NULL)
    return series->error;
  return NULL;
}

static void
print_human (Bench *b)
{
  g_autofree char *machine = describe_machine (b);
  gboolean sleepers = g_str_equal (b->bench->name, "sleepers");

  g_print ("%s: median [min–max] of %d run%s\n", b->bench->title, b->runs, b->runs == 1 ? "" : "s");
  g_print ("machine: %s\n", machine);

  if (!sleepers)
    {
      g_autoptr(GPtrArray) lines = ratio_lines (b, 0);

      g_print ("\n  %-14s %12s   %-34s %s\n", "system", "n", "ns per operation", "what");
      for (guint i = 0; i < b->series->len; i++)
        {
          Series *series = g_ptr_array_index (b->series, i);
          g_autofree char *n = format_count (series->n);
          g_autofree char *summary = NULL;
          g_autofree char *padded = NULL;

          if (series_status (series) != NULL)
            {
              g_print ("  %-14s %12s   %s: %s\n", series->sys->name, n,
                       series->missing != NULL ? "missing" : "FAILED", series_status (series));
              continue;
            }
          summary = format_summary (series->values[METRIC_MAIN], 1);
          padded = pad (summary, 34);
          g_print ("  %-14s %12s   %s %s\n", series->sys->name, n, padded, series->sys->what);
        }
      g_print ("\n");
      for (guint i = 0; i < lines->len; i++)
        g_print ("  %s\n", (char *) g_ptr_array_index (lines, i));
      g_print ("\n");
      return;
    }
  else
    {
      g_autoptr(GArray) sizes = series_sizes (b);

      for (guint k = 0; k < sizes->len; k++)
        {
          guint64 n = g_array_index (sizes, guint64, k);
          g_autofree char *count = format_count (n);
          g_autoptr(GPtrArray) lines = ratio_lines (b, n);

          g_print ("\nN = %s sleepers\n", count);
          g_print ("  %-14s %-26s %-26s %-26s %s\n", "system", "wall time (s)", "peak RSS (MB)",
                   "probe p99 (ms)", "probe max (ms)");
          for (guint i = 0; i < b->series->len; i++)
            {
              Series *series = g_ptr_array_index (b->series, i);
              g_autofree char *wall = NULL;
              g_autofree char *rss = NULL;
              g_autofree char *p99 = NULL;
              g_autofree char *max = NULL;
              char *padded[3];

              if (series->n != n)
                continue;
              if (series_status (series) != NULL)
                {
                  g_print ("  %-14s %s: %s\n", series->sys->name,
                           series->missing != NULL ? "missing" : "FAILED", series_status (series));
                  continue;
                }
              wall = format_summary (series->values[METRIC_MAIN], 1);
              rss = format_summary (series->values[METRIC_RSS], 1e6 / 1024);
              p99 = format_summary (series->values[METRIC_P99], 1);
              max = format_summary (series->values[METRIC_MAX], 1);
              padded[0] = pad (wall, 26);
              padded[1] = pad (rss, 26);
              padded[2] = pad (p99, 26);
              g_print ("  %-14s %s %s %s %s\n", series->sys->name, padded[0], padded[1], padded[2], max);
              for (guint m = 0; m < 3; m++)
                g_free (padded[m]);
            }
          g_print ("\n");
          for (guint i = 0; i < lines->len; i++)
            g_print ("  %s\n", (char *) g_ptr_array_index (lines, i));
        }
      g_print ("\n");
      for (guint i = 0; i < b->bench->n_systems; i++)
        g_print ("  %-14s %s\n", b->bench->systems[i].name, b->bench->systems[i].what);
      g_print ("\n");
    }
}

static void
append_record (GString    *out,
               const char *bench,
               Series     *series,
               GArray     *values,
               const char *unit)
{
  const char *status = series_status (series);

  if (out->len > 1)
    g_string_append (out, ",\n ");
  g_string_append (out, "{\"bench\": ");
  ll_bench_json_append_string (out, bench);
  g_string_append (out, ", \"system\": ");
  ll_bench_json_append_string (out, series->sys->name);
  g_string_append_printf (out, ", \"n\": %" G_GUINT64_FORMAT, series->n);

  if (status != NULL)
    {
      g_string_append (out, ", \"median\": null, \"min\": null, \"max\": null, \"unit\": ");
      ll_bench_json_append_string (out, unit);
      g_string_append (out, series->missing != NULL ? ", \"missing\": true, \"reason\": "
                                                    : ", \"error\": ");
      ll_bench_json_append_string (out, status);
    }
  else
    {
      Summary s = summarize (values);

      g_string_append (out, ", \"median\": ");
      ll_bench_json_append_number (out, s.median);
      g_string_append (out, ", \"min\": ");
      ll_bench_json_append_number (out, s.min);
      g_string_append (out, ", \"max\": ");
      ll_bench_json_append_number (out, s.max);
      g_string_append (out, ", \"unit\": ");
      ll_bench_json_append_string (out, unit);
      g_string_append_printf (out, ", \"runs\": %u", values->len);
    }
  g_string_append_c (out, '}');
}

static char *
build_json (Bench *b)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < b->series->len; i++)
    {
      Series *series = g_ptr_array_index (b->series, i);

      if (g_str_equal (b->bench->name, "sleepers"))
        {
          append_record (out, "sleepers", series, series->values[METRIC_MAIN], "s");
          append_record (out, "sleepers", series, series->values[METRIC_RSS], "KiB");
          append_record (out, "sleepers", series, series->values[METRIC_P99], "ms");
          append_record (out, "sleepers-probe-max", series, series->values[METRIC_MAX], "ms");
        }
      else
        {
          append_record (out, b->bench->name, series, series->values[METRIC_MAIN],
                         b->bench->unit);
        }
    }
  g_string_append (out, "]\n");

  return g_string_free (out, FALSE);
}

static char *
build_markdown (Bench *b)
{
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *machine = describe_machine (b);
  gboolean sleepers = g_str_equal (b->bench->name, "sleepers");
  g_autoptr(GArray) sizes = series_sizes (b);

  g_string_append_printf (md, "### %s\n\n", b->bench->title);
  g_string_append_printf (md, "Median [min–max] of %d run%s. Machine: %s.\n\n",
                          b->runs, b->runs == 1 ? "" : "s", machine);

  if (!sleepers)
    {
      g_autoptr(GPtrArray) lines = ratio_lines (b, 0);

      g_string_append (md, "| system | what | n | ns per operation |\n|---|---|---:|---:|\n");
      for (guint i = 0; i < b->series->len; i++)
        {
          Series *series = g_ptr_array_index (b->series, i);
          g_autofree char *n = format_count (series->n);
          g_autofree char *summary = NULL;

          if (series_status (series) != NULL)
            summary = g_strdup_printf ("%s: %s", series->missing != NULL ? "missing" : "failed",
                                       series_status (series));
          else
            summary = format_summary (series->values[METRIC_MAIN], 1);
          g_string_append_printf (md, "| %s | %s | %s | %s |\n",
                                  series->sys->name, series->sys->what, n, summary);
        }
      g_string_append_c (md, '\n');
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (md, "- %s\n", (char *) g_ptr_array_index (lines, i));
      g_string_append_c (md, '\n');

      return g_string_free (g_steal_pointer (&md), FALSE);
    }

  for (guint i = 0; i < b->bench->n_systems; i++)
    g_string_append_printf (md, "- `%s`: %s\n", b->bench->systems[i].name, b->bench->systems[i].what);
  g_string_append_c (md, '\n');

  for (guint k = 0; k < sizes->len; k++)
    {
      guint64 n = g_array_index (sizes, guint64, k);
      g_autofree char *count = format_count (n);
      g_autoptr(GPtrArray) lines = ratio_lines (b, n);

      g_string_append_printf (md, "N = %s:\n\n", count);
      g_string_append (md, "| system | wall time (s) | peak RSS (MB) | probe p99 (ms) | probe max (ms) |\n"
                           "|---|---:|---:|---:|---:|\n");
      for (guint i = 0; i < b->series->len; i++)
        {
          Series *series = g_ptr_array_index (b->series, i);
          g_autofree char *wall = NULL;
          g_autofree char *rss = NULL;
          g_autofree char *p99 = NULL;
          g_autofree char *max = NULL;

          if (series->n != n)
            continue;
          if (series_status (series) != NULL)
            {
              g_string_append_printf (md, "| %s | %s: %s | | | |\n", series->sys->name,
                                      series->missing != NULL ? "missing" : "failed",
                                      series_status (series));
              continue;
            }
          wall = format_summary (series->values[METRIC_MAIN], 1);
          rss = format_summary (series->values[METRIC_RSS], 1e6 / 1024);
          p99 = format_summary (series->values[METRIC_P99], 1);
          max = format_summary (series->values[METRIC_MAX], 1);
          g_string_append_printf (md, "| %s | %s | %s | %s | %s |\n", series->sys->name, wall, rss, p99, max);
        }
      g_string_append_c (md, '\n');
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (md, "- %s\n", (char *) g_ptr_array_index (lines, i));
      g_string_append_c (md, '\n');
    }

  return g_string_free (g_steal_pointer (&md), FALSE);
}

/* Options */

static gboolean
parse_sizes (Bench   *b,
             GArray  *sizes,
             GError **error)
{
  g_auto(GStrv) parts = NULL;

  if (b->n_list == NULL)
    return TRUE;

  parts = g_strsplit (b->n_list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 100000000, &n, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--n takes sizes from 1 to 100000000, separated by commas, not “%s”",
                       parts[i]);
          return FALSE;
        }
      g_array_append_val (sizes, n);
    }

  return TRUE;
}

static gboolean
system_selected (Bench      *b,
                 const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (b->systems == NULL)
    return TRUE;

  parts = g_strsplit (b->systems, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (g_strstrip (parts[i]), name))
      return TRUE;

  return FALSE;
}

static gboolean
check_systems (Bench   *b,
               GError **error)
{
  g_auto(GStrv) parts = NULL;

  if (b->systems == NULL)
    return TRUE;

  parts = g_strsplit (b->systems, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < b->bench->n_systems; j++)
        if (g_str_equal (g_strstrip (parts[i]), b->bench->systems[j].name))
          known = TRUE;

      if (!known)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint j = 0; j < b->bench->n_systems; j++)
            g_string_append_printf (names, "%s%s", j > 0 ? ", " : "", b->bench->systems[j].name);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s” is not a system of %s (%s)", parts[i], b->bench->name, names->str);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bench_clear (Bench *b)
{
  g_free (b->n_list);
  g_free (b->systems);
  g_free (b->markdown);
  g_free (b->peers);
  g_free (b->python);
  g_free (b->node);
  g_free (b->child);
  g_clear_pointer (&b->series, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bench, bench_clear)

static int
run_child (Bench *b)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  if (!g_str_equal (b->bench->name, "sleepers") || b->n_list == NULL ||
      !g_ascii_string_to_unsigned (b->n_list, 10, 0, 100000000, &n, NULL))
    {
      g_printerr ("looplab-cli: bench --child runs one sleepers workload of one --n\n");
      return 2;
    }

  if (!ll_bench_sleepers_child (b->child, n, (guint64) b->seed, (guint) b->max_ms, json, &error))
    {
      g_printerr ("looplab-cli: %s\n", error->message);
      return error->domain == G_OPTION_ERROR ? 2 : 1;
    }

  g_print ("%s\n", json->str);

  return 0;
}

/**
 * ll_bench_main:
 * @argc: the number of arguments, `bench` first
 * @argv: (array length=argc): the arguments
 *
 * Runs `looplab-cli bench send|switch|sleepers [OPTIONS]`: one benchmark,
 * our system and its peers interleaved run by run, then prints a table
 * of medians with min and max and the ratios against the targets (or,
 * with `--json`, one JSON array of records).  Progress goes to standard
 * error.
 *
 * Returns: the exit status: 0, 1 if a system failed, 2 for bad usage
 */
int
ll_bench_main (int    argc,
               char **argv)
{
  g_auto(Bench) b = { 0, };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean failed = FALSE;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_STRING, &b.n_list,
      N_("Operations per run for every system (default: per system), or sleepers sizes separated by commas"), "N[,N…]" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &b.runs, N_("Runs per system (default 5)"), "RUNS" },
    { "systems", 's', 0, G_OPTION_ARG_STRING, &b.systems,
      N_("Only these systems, separated by commas"), "LIST" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &b.json, N_("Print one JSON array of records"), NULL },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &b.markdown,
      N_("Also write the tables as Markdown to FILE"), "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &b.seed,
      N_("Seed of the random sleeps of the first run; run k uses SEED+k (default 1)"), "SEED" },
    { "max-sleep", 0, 0, G_OPTION_ARG_INT, &b.max_ms,
      N_("Longest random sleep in ms (default 1000)"), "MS" },
    { "peers", 0, 0, G_OPTION_ARG_FILENAME, &b.peers,
      N_("Directory of the peer scripts (default: tests/bench of the source tree)"), "DIR" },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &b.python,
      N_("The Python interpreter (default /usr/bin/python3, else python3 in PATH)"), "PATH" },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &b.node,
      N_("The Node.js interpreter (default node or nodejs in PATH)"), "PATH" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &b.child, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  b.runs = 5;
  b.seed = 1;
  b.max_ms = 1000;

  context = g_option_context_new ("send|switch|sleepers");
  g_option_context_set_summary (context,
    _("Runs one benchmark, our coroutines and their peers side by side:\n"
      "  send      B1 send/yield round trip: looplab, cpython, threads\n"
      "  switch    B2 scheduled switch: looplab, asyncio\n"
      "  sleepers  B3 a million sleepers: looplab, asyncio, node, glib-timeouts\n"
      "            (default sizes 10000,100000,1000000)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* GOption names the command after argv[0] in --help. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("looplab-cli bench");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("looplab-cli bench: %s\n", error->message);
      return 2;
    }

  if (g_strv_length (args) != 2)
    {
      g_printerr ("looplab-cli bench: name one benchmark: send, switch or sleepers\n");
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
    if (g_str_equal (args[1], benches[i].name))
      b.bench = &benches[i];

  if (b.bench == NULL)
    {
      g_printerr ("looplab-cli bench: unknown benchmark “%s” (send, switch or sleepers)\n", args[1]);
      return 2;
    }

  if (b.max_ms < 0 || b.max_ms > 3600000 || b.seed < 0)
    {
      g_printerr ("looplab-cli bench: --max-sleep takes 0 to 3600000 ms, --seed a number ≥ 0\n");
      return 2;
    }

  if (b.child != NULL)
    return run_child (&b);

  if (b.runs < 1 || b.runs > 1000)
    {
      g_printerr ("looplab-cli bench: --runs takes 1 to 1000\n");
      return 2;
    }

  if (!parse_sizes (&b, sizes, &error) || !check_systems (&b, &error))
    {
      g_printerr ("looplab-cli bench: %s\n", error->message);
      return 2;
    }

  if (g_str_equal (b.bench->name, "sleepers") && sizes->len == 0)
    g_array_append_vals (sizes, default_sleeper_sizes, G_N_ELEMENTS (default_sleeper_sizes));
  if (!g_str_equal (b.bench->name, "sleepers") && sizes->len > 1)
    {
      g_printerr ("looplab-cli bench: %s takes one --n\n", b.bench->name);
      return 2;
    }

  /* One series per system and size, in the order they are reported. */
  b.series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  for (guint k = 0; k < MAX (sizes->len, 1); k++)
    for (guint i = 0; i < b.bench->n_systems; i++)
      {
        const SystemInfo *sys = &b.bench->systems[i];
        guint64 n = sizes->len > 0 ? g_array_index (sizes, guint64, k) : sys->default_n;
        Series *series;

        if (!system_selected (&b, sys->name))
          continue;

        series = series_new (sys, n);
        locate (&b, series);
        if (series->missing != NULL && k == 0)
          g_printerr ("bench: %s is missing: %s; it is reported as missing\n",
                      sys->name, series->missing);
        g_ptr_array_add (b.series, series);
      }

  /* Interleaved: every system once per run, so that a slow moment of the
   * machine does not land on one system only. */
  for (guint k = 0; k < MAX (sizes->len, 1); k++)
    for (int run = 0; run < b.runs; run++)
      for (guint i = 0; i < b.series->len; i++)
        {
          Series *series = g_ptr_array_index (b.series, i);
          g_autoptr(GError) run_error = NULL;

          if (sizes->len > 0 && series->n != g_array_index (sizes, guint64, k))
            continue;
          if (series_status (series) != NULL)
            continue;

          if (!measure (&b, series, (guint64) b.seed + (guint64) run, &run_error))
            {
              g_printerr ("bench: %s failed: %s\n", series->sys->name, run_error->message);
              series->error = g_strdup (run_error->message);
              failed = TRUE;
              continue;
            }
          print_progress (&b, series, (guint) run);
        }

  if (b.json)
    {
      g_autofree char *json = build_json (&b);

      g_print ("%s", json);
    }
  else
    {
      print_human (&b);
    }

  if (b.markdown != NULL)
    {
      g_autofree char *md = build_markdown (&b);

      if (!g_file_set_contents (b.markdown, md, -1, &error))
        {
          g_printerr ("looplab-cli bench: %s\n", error->message);
          return 1;
        }
    }

  return failed ? 1 : 0;
}
