/* ll-bench-server.h: the servers of `looplab-cli bench server`, under load and idle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-bench-private.h"

G_BEGIN_DECLS

void     ll_bench_server_locate_client (LlBench        *b,
                                        LlBenchSeries  *series);
gboolean ll_bench_server_measure       (LlBench        *b,
                                        LlBenchSeries  *series,
                                        double         *values,
                                        GError        **error);

G_END_DECLS
