/* ll-process.h: when this process started, on the monotonic clock; its
 * limit on open files; where looplab-cli is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64  ll_process_get_start_time   (void);
guint64 ll_process_raise_file_limit (guint64 needed);
char   *ll_process_find_cli         (GError **error);

G_END_DECLS
