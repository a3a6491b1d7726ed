/* ll-process.h: when this process started, on the monotonic clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 ll_process_get_start_time (void);

G_END_DECLS
