/* ll-bench-process.h: running one measured process to its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ll_bench_run_process (char    **argv,
                            double   *maxrss_kib,
                            GError  **error);

G_END_DECLS
