/* ll-bench.h: `looplab-cli bench`, our coroutines measured beside their peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ll_bench_main (int    argc,
                   char **argv);

G_END_DECLS
