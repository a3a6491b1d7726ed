/* ll-bench-targets.c: the ratios against the peers, and the targets met
 *
 * What the table's targets say about the medians: "looplab is 35.2x
 * faster than cpython per operation (target ≥ 20x): met", "req/s,
 * looplab against node: 2.31x (target ≥ 1.5x): met".  Ratios are ratios
 * of medians.  A target is checked only when both sides were measured;
 * otherwise the line says which one was not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include "ll-bench-format.h"
#include "ll-bench-stats.h"
#include "ll-bench-targets.h"

static const char *
verdict (gboolean met)
{
  return met ? "met" : "MISSED";
}

static char *
not_measured (const LlBenchSeries *ours,
              const LlBenchSeries *theirs)
{
  return g_strdup_printf ("%s against %s: no ratio, %s was not measured",
                          ours->sys->name, theirs->sys->name,
                          (ll_bench_series_measured (ours) ? theirs : ours)->sys->name);
}

static char *
speedup_line (const LlBenchSeries *ours,
              const LlBenchSeries *theirs)
{
  g_autofree char *ratio = NULL;
  double target = theirs->sys->speedup;
  double r;

  r = ll_bench_series_median (theirs, LL_BENCH_METRIC_MAIN) /
      ll_bench_series_median (ours, LL_BENCH_METRIC_MAIN);
  ratio = ll_bench_format_ratio (r);

  return g_strdup_printf ("%s is %s faster than %s per operation (target ≥ %.0fx): %s",
                          ours->sys->name, ratio, theirs->sys->name, target,
                          verdict (r >= target));
}

/* A peer's figures as multiples of ours; a probe that was never late
 * counts as 1 µs late, so that the ratio stays finite. */
static char *
sleepers_line (const LlBenchSeries *ours,
               const LlBenchSeries *theirs)
{
  g_autofree char *wall = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *p99 = NULL;

  wall = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_MAIN) /
                                ll_bench_series_median (ours, LL_BENCH_METRIC_MAIN));
  rss = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_RSS) /
                               ll_bench_series_median (ours, LL_BENCH_METRIC_RSS));
  p99 = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_P99) /
                               MAX (ll_bench_series_median (ours, LL_BENCH_METRIC_P99), 0.001));

  return g_strdup_printf ("%s against %s: %s the wall time, %s the peak RSS, %s the probe p99",
                          theirs->sys->name, ours->sys->name, wall, rss, p99);
}

/* A server's figures as multiples of ours.  A server that shares wrk's
 * core is told apart: what wrk takes of that core, the server has not. */
static char *
server_line (const LlBenchSeries *ours,
             const LlBenchSeries *theirs)
{
  g_autofree char *rate = NULL;
  g_autofree char *p99 = NULL;
  g_autofree char *max = NULL;
  g_autofree char *shared = NULL;
  g_auto(GStrv) cpus = g_strsplit (theirs->sys->cpus != NULL ? theirs->sys->cpus : LL_BENCH_SERVER_CORE,
                                   ",", -1);

  rate = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_MAIN) /
                                ll_bench_series_median (ours, LL_BENCH_METRIC_MAIN));
  p99 = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_P99) /
                               MAX (ll_bench_series_median (ours, LL_BENCH_METRIC_P99), 0.001));
  max = ll_bench_format_ratio (ll_bench_series_median (theirs, LL_BENCH_METRIC_MAX) /
                               MAX (ll_bench_series_median (ours, LL_BENCH_METRIC_MAX), 0.001));
  if (g_strv_contains ((const char * const *) cpus, LL_BENCH_CLIENT_CORE))
    shared = g_strdup_printf ("; wrk, on core " LL_BENCH_CLIENT_CORE " with one of its processes, "
                              "took %.0f %% of that core",
                              ll_bench_series_median (theirs, LL_BENCH_METRIC_CLIENT_CPU));

  return g_strdup_printf ("%s against %s: %s the req/s, %s the latency p99, %s the max%s",
                          theirs->sys->name, ours->sys->name, rate, p99, max,
                          shared != NULL ? shared : "");
}

/* A target of ours against one peer's, at one size. */
static char *
comparison_line (const LlBenchSeries     *ours,
                 const LlBenchSeries     *theirs,
                 const LlBenchComparison *comparison)
{
  gboolean at_least = comparison->at_least > 0;
  double r;

  if (!ll_bench_series_measured (ours) || !ll_bench_series_measured (theirs))
    return g_strdup_printf ("%s, %s against %s: no ratio, %s was not measured (target %s %gx)",
                            comparison->label, ours->sys->name, theirs->sys->name,
                            (ll_bench_series_measured (ours) ? theirs : ours)->sys->name,
                            at_least ? "≥" : "<", at_least ? comparison->at_least : comparison->below);

  r = ll_bench_series_median (ours, comparison->metric) /
      ll_bench_series_median (theirs, comparison->metric);

  return g_strdup_printf ("%s, %s against %s: %.2fx (target %s %gx): %s",
                          comparison->label, ours->sys->name, theirs->sys->name, r,
                          at_least ? "≥" : "<", at_least ? comparison->at_least : comparison->below,
                          verdict (at_least ? r >= comparison->at_least : r < comparison->below));
}

static char *
limit_line (const LlBenchSeries *ours,
            const LlBenchLimit  *limit)
{
  double value = ll_bench_series_median (ours, limit->metric) / limit->scale;

  return g_strdup_printf ("target: %s ≤ %g %s: %.*f %s, %s",
                          limit->label, limit->at_most, limit->unit,
                          limit->digits, value, limit->unit,
                          verdict (value <= limit->at_most));
}

/**
 * ll_bench_get_verdicts:
 * @b: the invocation, measured
 * @info: the benchmark, or the part of it
 * @n: the size, or 0 for a benchmark of one size
 *
 * Returns: (transfer full) (element-type utf8): one sentence per ratio
 *   of a peer to ours at @n, then one per target against a peer and one
 *   per limit that the table sets at @n
 */
GPtrArray *
ll_bench_get_verdicts (LlBench           *b,
                       const LlBenchInfo *info,
                       guint64            n)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  LlBenchSeries *ours = ll_bench_find_series (b, info, info->systems[0].name, n);

  if (ours == NULL)
    return lines;

  for (guint i = 1; i < info->n_systems; i++)
    {
      LlBenchSeries *theirs = ll_bench_find_series (b, info, info->systems[i].name, n);

      if (theirs == NULL)
        continue;
      if (info->kind == LL_BENCH_PER_OPERATION && theirs->sys->speedup <= 0)
        continue;

      if (!ll_bench_series_measured (ours) || !ll_bench_series_measured (theirs))
        g_ptr_array_add (lines, not_measured (ours, theirs));
      else if (info->kind == LL_BENCH_PER_OPERATION)
        g_ptr_array_add (lines, speedup_line (ours, theirs));
      else if (info->kind == LL_BENCH_SERVER)
        g_ptr_array_add (lines, server_line (ours, theirs));
      else
        g_ptr_array_add (lines, sleepers_line (ours, theirs));
    }

  for (guint i = 0; i < info->n_comparisons; i++)
    {
      const LlBenchComparison *comparison = &info->comparisons[i];
      LlBenchSeries *theirs = ll_bench_find_series (b, info, comparison->peer, n);

      if (comparison->n == n && theirs != NULL)
        g_ptr_array_add (lines, comparison_line (ours, theirs, comparison));
    }

  if (n == info->limits_n && ll_bench_series_measured (ours))
    for (guint i = 0; i < info->n_limits; i++)
      g_ptr_array_add (lines, limit_line (ours, &info->limits[i]));

  return lines;
}
