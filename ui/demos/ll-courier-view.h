/* ll-courier-view.h: couriers on their roads, animated on the frame clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-courier-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

#define LL_TYPE_COURIER_VIEW (ll_courier_view_get_type ())

G_DECLARE_FINAL_TYPE (LlCourierView, ll_courier_view, LL, COURIER_VIEW, LlSimView)

GtkWidget      *ll_courier_view_new          (void);
void            ll_courier_view_set_model    (LlCourierView  *self,
                                              LlCourierModel *model);
guint64         ll_courier_view_get_n_frames (LlCourierView  *self);

G_END_DECLS
