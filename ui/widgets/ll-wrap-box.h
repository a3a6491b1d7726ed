/* ll-wrap-box.h: children in a row that wraps, like words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_WRAP_BOX (ll_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (LlWrapBox, ll_wrap_box, LL, WRAP_BOX, GtkWidget)

GtkWidget *ll_wrap_box_new              (void);
void       ll_wrap_box_append           (LlWrapBox *self,
                                         GtkWidget *child);
void       ll_wrap_box_remove           (LlWrapBox *self,
                                         GtkWidget *child);
int        ll_wrap_box_get_spacing      (LlWrapBox *self);
void       ll_wrap_box_set_spacing      (LlWrapBox *self,
                                         int        spacing);
int        ll_wrap_box_get_line_spacing (LlWrapBox *self);
void       ll_wrap_box_set_line_spacing (LlWrapBox *self,
                                         int        line_spacing);
guint      ll_wrap_box_get_n_lines      (LlWrapBox *self);

G_END_DECLS
