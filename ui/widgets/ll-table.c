/* ll-table.c: the header of a table's column, as the pages' grids show it
 *
 * The pages' tables are GtkGrids of labels, beside the Info tab in a
 * page 618 px wide at the window's default size.  On one line, their
 * headers set the widths of most columns ("Switches a handoff" over
 * "1.62"), and two tables were wider than the page.  A header of two
 * words or more may take two lines; the lines sit on the cells below
 * (bottom-aligned) and keep the column's alignment.  One word stays
 * whole: Pango would break "Events/s" after its slash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-table"

#include "config.h"

#include <string.h>

#include "ll-table.h"

/**
 * ll_table_header_new:
 * @text: the column's name, translated
 * @xalign: the column's alignment: 0 for text, 1 for figures
 *
 * Returns: (transfer floating): a heading label for the top of a column
 */
GtkWidget *
ll_table_header_new (const char *text,
                     float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  g_return_val_if_fail (text != NULL, label);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_yalign (GTK_LABEL (label), 1.0);
  gtk_label_set_wrap (GTK_LABEL (label), strchr (text, ' ') != NULL);
  gtk_label_set_justify (GTK_LABEL (label), xalign > 0.5f ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
  gtk_widget_add_css_class (label, "heading");

  return label;
}
