/* ll-bench-measure.h: running every series, run by run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-bench-private.h"

G_BEGIN_DECLS

gboolean ll_bench_measure_all (LlBench           *b,
                               const LlBenchInfo *info,
                               GArray            *sizes);

G_END_DECLS
