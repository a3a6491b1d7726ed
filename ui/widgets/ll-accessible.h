/* ll-accessible.h: accessible names as a user sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ll_accessible_name_buttons (GtkWidget *widget);

G_END_DECLS
