/* ll-bench-stats.c: the runs of each system, and their summaries
 *
 * A series holds every run's figures of one system at one size.  Its
 * summary is the median, min and max over the runs, by the same nearest
 * rank as every other percentile in Loop Lab (ll_histogram_rank()), taken
 * from the exact values: a run's figure can be a few nanoseconds, where
 * the histogram's buckets would show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <math.h>

#include "ll-bench-stats.h"
#include "ll-histogram.h"

/**
 * ll_bench_series_new:
 * @info: the benchmark, or the part of it, whose table has @sys
 * @sys: the system, from the benchmark table
 * @n: operations, sleepers or connections per run
 *
 * Returns: (transfer full): a series with no runs yet
 */
LlBenchSeries *
ll_bench_series_new (const LlBenchInfo   *info,
                     const LlBenchSystem *sys,
                     guint64              n)
{
  LlBenchSeries *series = g_new0 (LlBenchSeries, 1);

  series->info = info;
  series->sys = sys;
  series->n = n;
  for (guint m = 0; m < LL_BENCH_N_METRICS; m++)
    series->values[m] = g_array_new (FALSE, FALSE, sizeof (double));

  return series;
}

void
ll_bench_series_free (LlBenchSeries *series)
{
  for (guint m = 0; m < LL_BENCH_N_METRICS; m++)
    g_array_unref (series->values[m]);
  g_free (series->missing);
  g_free (series->error);
  g_free (series->program);
  g_free (series->script);
  g_free (series->version);
  g_free (series);
}

/**
 * ll_bench_series_get_status:
 * @series: a series
 *
 * Returns: (nullable): why @series is missing, or how it failed; %NULL
 *   when it ran
 */
const char *
ll_bench_series_get_status (const LlBenchSeries *series)
{
  if (series->missing != NULL)
    return series->missing;
  if (series->error != NULL)
    return series->error;
  return NULL;
}

/**
 * ll_bench_series_measured:
 * @series: (nullable): a series
 *
 * Returns: whether @series ran at least once and never failed
 */
gboolean
ll_bench_series_measured (const LlBenchSeries *series)
{
  return series != NULL && ll_bench_series_get_status (series) == NULL &&
         series->values[LL_BENCH_METRIC_MAIN]->len > 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * ll_bench_summarize:
 * @values: (element-type double): the runs' figures
 *
 * Returns: their median, min and max; NaN for no runs
 */
LlBenchSummary
ll_bench_summarize (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;
  LlBenchSummary s = { NAN, NAN, NAN };
  guint len = values->len;

  if (len == 0)
    return s;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  s.median = g_array_index (sorted, double, ll_histogram_rank (len, 50) - 1);
  s.min = g_array_index (sorted, double, ll_histogram_rank (len, 0) - 1);
  s.max = g_array_index (sorted, double, ll_histogram_rank (len, 100) - 1);

  return s;
}

double
ll_bench_series_median (const LlBenchSeries *series,
                        LlBenchMetric        metric)
{
  return ll_bench_summarize (series->values[metric]).median;
}

/**
 * ll_bench_find_series:
 * @b: the invocation
 * @info: the benchmark, or the part of it, to look in
 * @system: a system's name
 * @n: its size, or 0 for any
 *
 * Returns: (nullable) (transfer none): the first series of @system at @n
 */
LlBenchSeries *
ll_bench_find_series (LlBench           *b,
                      const LlBenchInfo *info,
                      const char        *system,
                      guint64            n)
{
  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);

      if (series->info == info && g_str_equal (series->sys->name, system) &&
          (n == 0 || series->n == n))
        return series;
    }

  return NULL;
}

/**
 * ll_bench_get_sizes:
 * @b: the invocation
 * @info: the benchmark, or the part of it
 *
 * Returns: (transfer full) (element-type guint64): the sizes of the
 *   series of @info, in the order they ran, each once
 */
GArray *
ll_bench_get_sizes (LlBench           *b,
                    const LlBenchInfo *info)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);
      gboolean seen = FALSE;

      if (series->info != info)
        continue;

      for (guint j = 0; j < sizes->len; j++)
        if (g_array_index (sizes, guint64, j) == series->n)
          seen = TRUE;
      if (!seen)
        g_array_append_val (sizes, series->n);
    }

  return sizes;
}
