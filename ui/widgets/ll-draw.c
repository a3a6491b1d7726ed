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

/* A batch of rectangles
 *
 * A chart of a few hundred pixel columns as as many colour nodes costs
 * every frame the window draws, whether the chart changed or not: GTK
 * 4.8's cairo renderer draws every node of the window, each clipped to
 * what changed.  As one cairo node the chart is a single paint when it
 * did not change, and a single fill per colour when it did.
 */

typedef struct
{
  GdkRGBA color;
  GArray *rects;   /* of graphene_rect_t */
} Fill;

struct _LlRectBatch
{
  GArray          *fills;   /* of Fill, in the order their colours came */
  graphene_rect_t  bounds;  /* of all the rectangles, once there is one */
};

static void
clear_fill (gpointer data)
{
  Fill *fill = data;

  g_clear_pointer (&fill->rects, g_array_unref);
}

/**
 * ll_rect_batch_new:
 *
 * Creates an empty batch of rectangles.
 *
 * Returns: (transfer full): a new batch
 */
LlRectBatch *
ll_rect_batch_new (void)
{
  LlRectBatch *self = g_new0 (LlRectBatch, 1);

  self->fills = g_array_new (FALSE, FALSE, sizeof (Fill));
  g_array_set_clear_func (self->fills, clear_fill);

  return self;
}

/**
 * ll_rect_batch_free:
 * @self: (nullable): a batch
 */
void
ll_rect_batch_free (LlRectBatch *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->fills);
  g_free (self);
}

/**
 * ll_rect_batch_add:
 * @self: a batch
 * @color: the rectangle's colour
 * @x: its left edge
 * @y: its top edge
 * @width: its width
 * @height: its height
 *
 * Adds a filled rectangle.  Rectangles of one colour are filled together
 * and the colours in the order they first came, so rectangles that
 * overlap should be of one colour or in separate batches.
 */
void
ll_rect_batch_add (LlRectBatch   *self,
                   const GdkRGBA *color,
                   double         x,
                   double         y,
                   double         width,
                   double         height)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, width, height);
  Fill *fill = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (color != NULL);

  if (width <= 0 || height <= 0 || color->alpha <= 0)
    return;

  if (self->fills->len == 0)
    self->bounds = rect;
  else
    graphene_rect_union (&self->bounds, &rect, &self->bounds);

  for (guint i = 0; i < self->fills->len && fill == NULL; i++)
    if (gdk_rgba_equal (&g_array_index (self->fills, Fill, i).color, color))
      fill = &g_array_index (self->fills, Fill, i);

  if (fill == NULL)
    {
      Fill new_fill = { *color, g_array_new (FALSE, FALSE, sizeof (graphene_rect_t)) };

      g_array_append_val (self->fills, new_fill);
      fill = &g_array_index (self->fills, Fill, self->fills->len - 1);
    }

  g_array_append_val (fill->rects, rect);
}

/**
 * ll_rect_batch_append:
 * @self: a batch
 * @snapshot: where to draw
 *
 * Draws the rectangles as one node, one fill per colour, and empties
 * the batch.  An empty batch draws nothing.
 */
void
ll_rect_batch_append (LlRectBatch *self,
                      GtkSnapshot *snapshot)
{
  cairo_t *cr;

  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));

  if (self->fills->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &self->bounds);
  for (guint i = 0; i < self->fills->len; i++)
    {
      Fill *fill = &g_array_index (self->fills, Fill, i);

      for (guint j = 0; j < fill->rects->len; j++)
        {
          const graphene_rect_t *rect = &g_array_index (fill->rects, graphene_rect_t, j);

          cairo_rectangle (cr, rect->origin.x, rect->origin.y, rect->size.width, rect->size.height);
        }
      gdk_cairo_set_source_rgba (cr, &fill->color);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  g_array_set_size (self->fills, 0);
}
