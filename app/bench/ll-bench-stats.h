/* ll-bench-stats.h: the runs of each system, and their summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-bench-private.h"

G_BEGIN_DECLS

typedef struct
{
  double median;
  double min;
  double max;
} LlBenchSummary;

LlBenchSeries  *ll_bench_series_new         (const LlBenchInfo   *info,
                                             const LlBenchSystem *sys,
                                             guint64              n);
void            ll_bench_series_free        (LlBenchSeries       *series);
const char     *ll_bench_series_get_status  (const LlBenchSeries *series);
gboolean        ll_bench_series_measured    (const LlBenchSeries *series);
double          ll_bench_series_median      (const LlBenchSeries *series,
                                             LlBenchMetric        metric);

LlBenchSummary  ll_bench_summarize          (GArray              *values);

LlBenchSeries  *ll_bench_find_series        (LlBench             *b,
                                             const LlBenchInfo   *info,
                                             const char          *system,
                                             guint64              n);
GArray         *ll_bench_get_sizes          (LlBench             *b,
                                             const LlBenchInfo   *info);

G_END_DECLS
