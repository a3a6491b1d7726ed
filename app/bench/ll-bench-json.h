/* ll-bench-json.h: the little JSON the benchmarks read and write
 *
 * The peers (Python, Node.js) and the benchmark's own child processes
 * report their figures as one JSON line, and `looplab-cli bench --json`
 * prints a JSON array.  GLib 2.74 has no JSON parser and the core takes no
 * dependency beyond GLib, so this is a small strict reader into GVariant
 * and an escaper for the writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GVariant *ll_bench_json_parse          (const char  *text,
                                        gssize       length,
                                        GError     **error);
void      ll_bench_json_append_string  (GString     *out,
                                        const char  *str);
void      ll_bench_json_append_number  (GString     *out,
                                        double       value);

gboolean  ll_bench_json_is_null        (GVariant    *value);
gboolean  ll_bench_json_lookup_number  (GVariant    *object,
                                        const char  *key,
                                        double      *number);

G_END_DECLS
