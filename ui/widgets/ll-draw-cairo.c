/* ll-draw-cairo.c: cairo drawing helpers beside those of ll-draw.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-draw-cairo"

#include "config.h"

#include <pango/pangocairo.h>

#include "ll-draw-cairo.h"

/**
 * ll_draw_set_source_alpha:
 * @cr: where to draw
 * @color: a colour
 * @alpha: the opacity to draw it at, 0 to 1, in place of its own
 *
 * Sets the source of @cr to @color at @alpha: the tints, fades and dim
 * labels of the views.
 */
void
ll_draw_set_source_alpha (cairo_t       *cr,
                          const GdkRGBA *color,
                          double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
}

/**
 * ll_draw_arrow:
 * @cr: where to draw, its source and line width those of the arrow
 * @x0: where the arrow starts
 * @x1: where its tip is
 * @y: the height of the horizontal arrow
 * @head_length: the length of its head
 * @head_width: the width of its head
 *
 * Strokes a horizontal line from @x0 to the head, which it stops just
 * inside of so that a wide line does not blunt the tip, then fills the
 * head.
 */
void
ll_draw_arrow (cairo_t *cr,
               double   x0,
               double   x1,
               double   y,
               double   head_length,
               double   head_width)
{
  double direction = x1 > x0 ? 1.0 : -1.0;

  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1 - direction * (head_length - 2), y);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y);
  cairo_line_to (cr, x1 - direction * head_length, y - head_width / 2);
  cairo_line_to (cr, x1 - direction * head_length, y + head_width / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/**
 * ll_draw_markup_at:
 * @cr: where to draw, its source the colour of the text
 * @layout: a layout, its font the one to use
 * @markup: Pango markup
 * @x: where the text is anchored horizontally
 * @y: where it is anchored vertically
 * @xalign: where @x falls in the text: 0 its left edge, 0.5 its middle
 * @yalign: where @y falls in the text: 0 its top, 1 its bottom
 *
 * Sets @layout to @markup and draws it anchored at (@x, @y).
 */
void
ll_draw_markup_at (cairo_t     *cr,
                   PangoLayout *layout,
                   const char  *markup,
                   double       x,
                   double       y,
                   double       xalign,
                   double       yalign)
{
  int width, height;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (cr, layout);
}
