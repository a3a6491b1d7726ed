/* ll-bench-peers.h: finding the peers and child processes, running one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ll-bench-private.h"

G_BEGIN_DECLS

char     *ll_bench_find_program  (const char     *given,
                                  const char    **candidates,
                                  char          **missing);
void      ll_bench_locate        (LlBench        *b,
                                  LlBenchSeries  *series);
GVariant *ll_bench_run_peer      (LlBench        *b,
                                  LlBenchSeries  *series,
                                  guint64         seed,
                                  double         *maxrss_kib,
                                  GError        **error);

G_END_DECLS
