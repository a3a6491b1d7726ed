/* ll-draw.h: small drawing helpers shared by the custom widgets
 *
 * Text placed at a point and a rounded rectangle, for the widgets that
 * draw with GtkSnapshot (the charts) and those that draw with cairo (the
 * coroutine views); and a batch of rectangles drawn as one node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkRGBA ll_draw_with_alpha   (const GdkRGBA *color,
                              float          alpha);
void    ll_draw_layout_at    (GtkSnapshot   *snapshot,
                              PangoLayout   *layout,
                              double         x,
                              double         y,
                              const GdkRGBA *color);
void    ll_draw_text_at      (cairo_t       *cr,
                              PangoLayout   *layout,
                              const char    *text,
                              double         x,
                              double         y,
                              double         xalign);
void    ll_draw_rounded_rect (cairo_t       *cr,
                              double         x,
                              double         y,
                              double         width,
                              double         height,
                              double         radius);

typedef struct _LlRectBatch LlRectBatch;

LlRectBatch *ll_rect_batch_new    (void);
void         ll_rect_batch_free   (LlRectBatch   *self);
void         ll_rect_batch_add    (LlRectBatch   *self,
                                   const GdkRGBA *color,
                                   double         x,
                                   double         y,
                                   double         width,
                                   double         height);
void         ll_rect_batch_append (LlRectBatch   *self,
                                   GtkSnapshot   *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlRectBatch, ll_rect_batch_free)

G_END_DECLS
