/* ll-format.h: numbers as a page shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ll_format_count       (guint64     n);
char *ll_format_time_unit   (const char *digits,
                             int         unit);
char *ll_format_nanoseconds (double      ns);

G_END_DECLS
