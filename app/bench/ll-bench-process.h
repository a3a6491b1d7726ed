/* ll-bench-process.h: running one measured process to its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/resource.h>

G_BEGIN_DECLS

char     *ll_bench_run_process        (char           **argv,
                                       double          *maxrss_kib,
                                       GError         **error);
char     *ll_bench_run_process_usage  (char           **argv,
                                       struct rusage   *usage,
                                       GError         **error);

gboolean  ll_bench_raise_nofile       (guint64          wanted,
                                       GError         **error);
gboolean  ll_bench_start_server       (char           **argv,
                                       GPid            *pid,
                                       GError         **error);
gboolean  ll_bench_server_exited      (GPid             pid,
                                       int             *status);
void      ll_bench_stop_server        (GPid             pid,
                                       double          *maxrss_kib);

G_END_DECLS
