/* ll-bench-report.h: the progress lines and the three reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-bench-private.h"

G_BEGIN_DECLS

void  ll_bench_print_progress  (LlBench       *b,
                                LlBenchSeries *series,
                                guint          run);
void  ll_bench_print_human     (LlBench       *b);
char *ll_bench_build_json      (LlBench       *b);
char *ll_bench_build_markdown  (LlBench       *b);

G_END_DECLS
