/* ll-bench-targets.h: the ratios against the peers, and the targets met
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-bench-private.h"

G_BEGIN_DECLS

GPtrArray *ll_bench_get_verdicts (LlBench           *b,
                                  const LlBenchInfo *info,
                                  guint64            n);

G_END_DECLS
