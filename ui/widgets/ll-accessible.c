/* ll-accessible.c: accessible names as a user sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-accessible"

#include "config.h"

#include "ll-accessible.h"

/**
 * ll_accessible_name_buttons:
 * @widget: a widget whose descendants to fix
 *
 * Gives every button with a mnemonic under @widget the accessible name a
 * user sees: GTK 4.8 joins the raw label ("S_tep") with the text of the
 * label the mnemonic points from, so a screen reader (and the
 * end-to-end tests) would meet "S_tep Step".
 */
void
ll_accessible_name_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_use_underline (GTK_BUTTON (child)) &&
          gtk_button_get_label (GTK_BUTTON (child)) != NULL)
        {
          const char *label = gtk_button_get_label (GTK_BUTTON (child));
          g_autoptr(GString) name = g_string_new (NULL);

          for (const char *p = label; *p != '\0'; p++)
            {
              if (*p != '_')
                g_string_append_c (name, *p);
            }
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name->str,
                                          -1);
        }

      ll_accessible_name_buttons (child);
    }
}
