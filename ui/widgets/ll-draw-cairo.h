/* ll-draw-cairo.h: cairo drawing helpers beside those of ll-draw.h
 *
 * A colour at a given opacity, an arrow, and markup placed at a point,
 * for the views that draw with cairo (the coroutine views).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ll_draw_set_source_alpha (cairo_t       *cr,
                               const GdkRGBA *color,
                               double         alpha);
void ll_draw_arrow            (cairo_t       *cr,
                               double         x0,
                               double         x1,
                               double         y,
                               double         head_length,
                               double         head_width);
void ll_draw_markup_at        (cairo_t       *cr,
                               PangoLayout   *layout,
                               const char    *markup,
                               double         x,
                               double         y,
                               double         xalign,
                               double         yalign);

G_END_DECLS
