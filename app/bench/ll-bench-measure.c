/* ll-bench-measure.c: running every series, run by run
 *
 * Our code and its peers run in the same invocation, interleaved run by
 * run, so that a slow moment of the machine hits every system alike, and
 * each run starts one system later than the run before, so that none
 * always follows the same other (a server, say, the one whose thousand
 * connections are still closing).  A process's figures are checked
 * before they count: the size it reports, and for the sleepers that
 * every one finished and slept the very sleeps of the run's seed; a
 * server's, that it answered as the notes' application does
 * (ll-bench-server.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "ll-bench-json.h"
#include "ll-bench-measure.h"
#include "ll-bench-peers.h"
#include "ll-bench-report.h"
#include "ll-bench-server.h"
#include "ll-bench-stats.h"
#include "ll-bench-workloads.h"
#include "ll-histogram.h"

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

/* The probe's p99 and max, in ms, from the histogram the loop monitor
 * reports its lag with: exact to the µs below 1.024 ms, within 1/64
 * above, so that "lateness" means the same figure everywhere. */
static gboolean
read_lateness (const char *sys,
               GVariant   *lateness,
               double     *p99,
               double     *max,
               GError    **error)
{
  g_autoptr(LlHistogram) histogram = ll_histogram_new ();

  for (gsize i = 0; i < g_variant_n_children (lateness); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (lateness, i);
      g_autoptr(GVariant) v = g_variant_get_variant (boxed);

      if (!g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s reported a lateness that is not a number", sys);
          return FALSE;
        }
      ll_histogram_add (histogram, (gint64) llround (g_variant_get_double (v) * 1000));
    }

  *p99 = (double) ll_histogram_percentile (histogram, 99) / 1000;
  *max = (double) ll_histogram_get_max (histogram) / 1000;

  return TRUE;
}

static gboolean
read_sleepers (LlBench       *b,
               LlBenchSeries *series,
               GVariant      *result,
               guint64        seed,
               double        *values,
               GError       **error)
{
  const char *sys = series->sys->name;
  g_autoptr(GVariant) lateness = NULL;
  double finished, delay_sum;
  guint64 expected = expected_delay_sum (series->n, seed, (guint) b->max_ms);

  if (!ll_bench_json_lookup_number (result, "wall_s", &values[LL_BENCH_METRIC_MAIN]) ||
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

  return read_lateness (sys, lateness, &values[LL_BENCH_METRIC_P99],
                        &values[LL_BENCH_METRIC_MAX], error);
}

/* Runs @series's system in its own process and reads its figures. */
static gboolean
measure_process (LlBench       *b,
                 LlBenchSeries *series,
                 guint64        seed,
                 double        *values,
                 GError       **error)
{
  const char *sys = series->sys->name;
  g_autoptr(GVariant) result = NULL;
  double n_reported;

  result = ll_bench_run_peer (b, series, seed, &values[LL_BENCH_METRIC_RSS], error);
  if (result == NULL)
    return FALSE;

  if (!ll_bench_json_lookup_number (result, "n", &n_reported) ||
      n_reported != (double) series->n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s did not report n = %" G_GUINT64_FORMAT, sys, series->n);
      return FALSE;
    }

  switch (series->info->kind)
    {
    case LL_BENCH_PER_OPERATION:
      if (!ll_bench_json_lookup_number (result, "ns_per_op", &values[LL_BENCH_METRIC_MAIN]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s reported no ns_per_op", sys);
          return FALSE;
        }
      return TRUE;

    case LL_BENCH_SLEEPERS:
      return read_sleepers (b, series, result, seed, values, error);

    case LL_BENCH_SERVER:
    case LL_BENCH_SERVER_IDLE:
    default:
      g_assert_not_reached ();
    }
}

/* One run of one system: appends its figures to @series, those of the
 * benchmark's kind (the peak RSS of a peer timing one operation is its
 * interpreter's, and not reported). */
static gboolean
measure (LlBench       *b,
         LlBenchSeries *series,
         guint64        seed,
         GError       **error)
{
  double values[LL_BENCH_N_METRICS];
  gboolean ok;

  for (guint m = 0; m < LL_BENCH_N_METRICS; m++)
    values[m] = NAN;

  if (series->info->kind == LL_BENCH_SERVER || series->info->kind == LL_BENCH_SERVER_IDLE)
    ok = ll_bench_server_measure (b, series, values, error);
  else if (series->sys->runner == LL_BENCH_RUN_IN_PROCESS)
    ok = series->sys->workload (series->n, &values[LL_BENCH_METRIC_MAIN], error);
  else
    ok = measure_process (b, series, seed, values, error);

  if (!ok)
    return FALSE;

  if (series->info->kind == LL_BENCH_PER_OPERATION)
    g_array_append_val (series->values[LL_BENCH_METRIC_MAIN], values[LL_BENCH_METRIC_MAIN]);
  else
    for (guint m = 0; m < LL_BENCH_N_METRICS; m++)
      g_array_append_val (series->values[m], values[m]);

  return TRUE;
}

/**
 * ll_bench_measure_all:
 * @b: the invocation, its series located
 * @info: the benchmark, or the part of it, whose series to run
 * @sizes: (element-type guint64): the sizes to run one after another, or
 *   none to run every series together
 *
 * Runs every series of @info that is not missing @b->runs times, every
 * system once per run, run k starting with the k-th.  A failed series is
 * reported on standard error and not run again; progress goes there
 * too, one line per run.
 *
 * Returns: %FALSE if a series failed
 */
gboolean
ll_bench_measure_all (LlBench           *b,
                      const LlBenchInfo *info,
                      GArray            *sizes)
{
  gboolean failed = FALSE;

  for (guint k = 0; k < MAX (sizes->len, 1); k++)
    {
      g_autoptr(GPtrArray) round = g_ptr_array_new ();

      for (guint i = 0; i < b->series->len; i++)
        {
          LlBenchSeries *series = g_ptr_array_index (b->series, i);

          if (series->info == info &&
              (sizes->len == 0 || series->n == g_array_index (sizes, guint64, k)))
            g_ptr_array_add (round, series);
        }

      for (int run = 0; run < b->runs; run++)
        for (guint j = 0; j < round->len; j++)
          {
            LlBenchSeries *series = g_ptr_array_index (round, (j + (guint) run) % round->len);
            g_autoptr(GError) error = NULL;

            if (ll_bench_series_get_status (series) != NULL)
              continue;

            if (!measure (b, series, (guint64) b->seed + (guint64) run, &error))
              {
                g_printerr ("bench: %s failed: %s\n", series->sys->name, error->message);
                series->error = g_strdup (error->message);
                failed = TRUE;
                continue;
              }
            ll_bench_print_progress (b, series, (guint) run);
          }
    }

  return !failed;
}
