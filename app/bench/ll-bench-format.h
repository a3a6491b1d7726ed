/* ll-bench-format.h: numbers as the benchmark reports print them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ll_bench_format_number   (double       value);
char *ll_bench_format_count    (guint64      n);
char *ll_bench_format_ratio    (double       ratio);
char *ll_bench_format_summary  (GArray      *values,
                                double       scale,
                                gboolean     whole);
char *ll_bench_pad             (const char  *str,
                                guint        width);

G_END_DECLS
