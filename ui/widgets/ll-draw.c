/* ll-draw.c: small drawing helpers shared by the custom widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-draw"

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "ll-draw.h"

/**
 * ll_draw_with_alpha:
 * @color: a colour
 * @alpha: how much of its opacity to keep, 0 to 1
 *
 * Returns: @color, its alpha multiplied by @alpha
 */
GdkRGBA
ll_draw_with_alpha (const GdkRGBA *color,
                    float          alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

/**
 * ll_draw_layout_at:
 * @snapshot: where to draw
 * @layout: the text
 * @x: its left edge
 * @y: its top edge
 * @color: its colour
 *
 * Draws @layout with its top left corner at (@x, @y), rounded to whole
 * pixels so that the glyphs stay sharp.
 */
void
ll_draw_layout_at (GtkSnapshot   *snapshot,
                   PangoLayout   *layout,
                   double         x,
                   double         y,
                   const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/**
 * ll_draw_text_at:
 * @cr: where to draw, its source the colour of the text
 * @layout: a layout, its font the one to use
 * @text: plain text
 * @x: where the text is anchored
 * @y: the middle of the text
 * @xalign: where @x falls in the text: 0 its left edge, 0.5 its middle
 *
 * Sets @layout to @text, dropping any markup it held, and draws it
 * centred vertically on @y.
 */
void
ll_draw_text_at (cairo_t     *cr,
                 PangoLayout *layout,
                 const char  *text,
                 double       x,
                 double       y,
                 double       xalign)
{
  int width, height;

  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ll_draw_rounded_rect:
 * @cr: where to add the path
 * @x: the left edge
 * @y: the top edge
 * @width: the width
 * @height: the height
 * @radius: the radius of the corners
 *
 * Adds a rectangle with rounded corners to the path of @cr, as a new
 * sub-path, for the caller to fill or stroke.
 */
void
ll_draw_rounded_rect (cairo_t *cr,
                      double   x,
                      double   y,
                      double   width,
                      double   height,
                      double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}
