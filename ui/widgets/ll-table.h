/* ll-table.h: the header of a table's column, as the pages' grids show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *ll_table_header_new (const char *text,
                                float       xalign);

G_END_DECLS
