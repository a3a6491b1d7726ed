/* ll-stepper-actions.h: the Step and Run actions of a page with a stepper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ll_stepper_actions_install (GtkWidgetClass *widget_class);

G_END_DECLS
