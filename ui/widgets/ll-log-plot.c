/* ll-log-plot.c: a few series of measured points on log-log axes
 *
 * What a switch costs from two workers to a million is a figure that
 * stays flat over six decades of N for one kind and climbs by three
 * decades of time between kinds: on linear axes every point but the
 * largest would lie on the floor.  So both axes are logarithmic, from
 * a whole decade to a whole decade, with a grid line at each decade and
 * fainter ones at 2 … 9 times it where there is room, and labels in
 * the axis' unit ("1k", "10 µs").
 *
 * A series is a name, a colour and a marker shape of its own (so that
 * it reads in grey too), and its points in x order: measured ones
 * filled and joined by a line, a partial figure hollow and on no line,
 * and where the series could not go (a fork that failed) a cross on
 * the x axis.  The range shown is the caller's least range, grown by
 * whole decades to hold every point.
 *
 * The same drawing serves the screen, in the theme's colours, and a PNG
 * file, dark on white whatever the theme.  On screen it is drawn again
 * only when a point, the size or the style changes, and kept as one
 * render node in between: a plot on an idle page asks for no frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-log-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ll-draw.h"
#include "ll-format.h"
#include "ll-log-plot.h"

#define MIN_WIDTH        360
#define MIN_HEIGHT       240
#define NATURAL_WIDTH    560
#define NATURAL_HEIGHT   360

/* The layout, in px */
#define PAD              8.0
#define TITLE_GAP        6.0      /* between an axis title and its labels */
#define Y_LABEL_GAP      8.0      /* between a y label and the axis */
#define X_LABEL_GAP      5.0
#define LABEL_SPACING    14.0     /* at least between two x labels */
#define LEGEND_GAP       12.0     /* below the legend */
#define LEGEND_ITEM_GAP  18.0
#define SWATCH_WIDTH     22.0     /* a legend's stretch of line */
#define SWATCH_GAP       6.0
/* Below this a decade has no room for the lines at 2 … 9 times it: they
 * would be a grey wash. */
#define MINOR_GRID_MIN   50.0

#define MARKER_RADIUS    4.0
#define LINE_WIDTH       2.0
#define CROSS_RADIUS     4.5

/* What a decade's edge may be off by in log10 and still count as on it:
 * log10 (1000) is 3 to the last bit, log10 (999.9999999) is not. */
#define LOG_EPSILON      1e-9

typedef struct
{
  double        x;
  double        y;
  LlLogPlotMark mark;
} Point;

typedef struct
{
  char   *name;
  GArray *points;   /* of Point, by x */
} Series;

/* The range shown, as powers of ten. */
typedef struct
{
  int x0;
  int x1;
  int y0;
  int y1;
} Decades;

typedef enum
{
  SHAPE_CIRCLE,
  SHAPE_SQUARE,
  SHAPE_TRIANGLE,
  SHAPE_DIAMOND,
  SHAPE_TRIANGLE_DOWN,
  N_SHAPES
} Shape;

/* The colours of one drawing: the theme's text for the ink, and the
 * palette that reads on its background. */
typedef struct
{
  GdkRGBA        title;
  GdkRGBA        label;
  GdkRGBA        axis;
  GdkRGBA        grid;
  GdkRGBA        minor_grid;
  const GdkRGBA *palette;
} Ink;

struct _LlLogPlot
{
  GtkWidget      parent_instance;

  /* owned references */
  GArray        *series;        /* of Series */
  char          *x_title;
  char          *y_title;
  char          *x_symbol;
  char          *description;   /* the accessible description last set */
  GskRenderNode *node;          /* the plot as last drawn; NULL = draw again */

  /* state */
  LlLogPlotUnit  x_unit;
  LlLogPlotUnit  y_unit;
  double         x_min;         /* the least range shown */
  double         x_max;
  double         y_min;
  double         y_max;
  int            node_width;
  int            node_height;

  /* pending: the accessible description */
  guint          describe_id;
};

G_DEFINE_FINAL_TYPE (LlLogPlot, ll_log_plot, GTK_TYPE_WIDGET)

/* The GNOME palette, the most distinct hues first; a darker shade for a
 * light background and a lighter one for a dark background, for the
 * contrast a graphic needs, 3:1 (WCAG 1.4.11): against Adwaita's window
 * colour, #f6f5f4, 3.0 (green) to 5.6, and against white, the file's,
 * a little more; against Adwaita-dark's #353535, 3.9 to 7.5. */
#define N_COLORS 6
#define RGB(r, g, b) { (r) / 255.f, (g) / 255.f, (b) / 255.f, 1.f }
static const GdkRGBA light_palette[N_COLORS] = {
  RGB (0x1c, 0x71, 0xd8),   /* blue 4 */
  RGB (0xe6, 0x61, 0x00),   /* orange 4 */
  RGB (0x26, 0xa2, 0x69),   /* green 5 */
  RGB (0x91, 0x41, 0xac),   /* purple 3 */
  RGB (0xc0, 0x1c, 0x28),   /* red 4 */
  RGB (0x86, 0x5e, 0x3c),   /* brown 4 */
};
static const GdkRGBA dark_palette[N_COLORS] = {
  RGB (0x62, 0xa0, 0xea),   /* blue 2 */
  RGB (0xff, 0xa3, 0x48),   /* orange 2 */
  RGB (0x57, 0xe3, 0x89),   /* green 2 */
  RGB (0xdc, 0x8a, 0xdd),   /* purple 1 */
  RGB (0xf6, 0x61, 0x51),   /* red 1 */
  RGB (0xcd, 0xab, 0x8f),   /* brown 1 */
};
#undef RGB

/* Libadwaita's text on white, for the file. */
static const GdkRGBA file_text = { 0.f, 0.f, 0.f, 0.8f };

/* g_set_str() is GLib 2.76's. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
series_clear (gpointer data)
{
  Series *series = data;

  g_clear_pointer (&series->name, g_free);
  g_clear_pointer (&series->points, g_array_unref);
}

static Series *
series_at (LlLogPlot *self,
           guint      i)
{
  return &g_array_index (self->series, Series, i);
}

/* Words */

/* A power of ten as a number: "0.01", "1", "100", "10k", "1M". */
static char *
format_number_decade (int e)
{
  /* Translators: on a chart's log axis, a thousand, a million, a
   * thousand million and a million million times the number: "10k",
   * "1M", "1G", "1T", the SI prefixes */
  const char *formats[] = { NULL, N_("%sk"), N_("%sM"), N_("%sG"), N_("%sT") };
  g_autofree char *mantissa = NULL;
  int prefix;

  if (e < 0)
    return g_strdup_printf ("%.*f", -e, pow (10, e));
  prefix = MIN (e / 3, (int) G_N_ELEMENTS (formats) - 1);
  mantissa = g_strdup_printf ("%.0f", pow (10, e - 3 * prefix));
  if (prefix == 0)
    return g_steal_pointer (&mantissa);

  return g_strdup_printf (_(formats[prefix]), mantissa);
}

/* A power of ten of nanoseconds: "100 ns", "1 µs", "10 ms". */
static char *
format_time_decade (int e)
{
  int unit = CLAMP ((int) floor (e / 3.0), -1, 3);
  g_autofree char *mantissa = NULL;

  if (e < -3)
    mantissa = g_strdup_printf ("%.*f", -3 - e, pow (10, e + 3));
  else
    mantissa = g_strdup_printf ("%.0f", pow (10, e - 3 * unit));

  return ll_format_time_unit (mantissa, unit);
}

static char *
format_decade (LlLogPlotUnit unit,
               int           e)
{
  if (unit == LL_LOG_PLOT_UNIT_NANOSECONDS)
    return format_time_decade (e);

  return format_number_decade (e);
}

/* A figure to three significant digits, "7.4 ns", "46.2 µs"; a count
 * as a whole number, which a screen reader reads as one. */
static char *
format_value (LlLogPlotUnit unit,
              double        value)
{
  if (unit == LL_LOG_PLOT_UNIT_NANOSECONDS)
    return ll_format_nanoseconds (value);

  if (value == floor (value) && value < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.3g", value);
}

/* "N=2 7.4 ns", "N=1000 7.6 ns so far", "N=1000000 could not run". */
static void
append_point (LlLogPlot   *self,
              GString     *s,
              const Point *point)
{
  g_autofree char *x_value = format_value (self->x_unit, point->x);
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (self->x_symbol != NULL)
    /* Translators: where a point of a chart is, in the summary a
     * screen reader reads: "N=1000" */
    x = g_strdup_printf (_("%s=%s"), self->x_symbol, x_value);
  else
    x = g_steal_pointer (&x_value);

  if (point->mark == LL_LOG_PLOT_MARK_FAILED)
    {
      /* Translators: a point a series of a chart could not reach, in the
       * summary a screen reader reads: "N=1000000 could not run" */
      g_string_append_printf (s, _("%s could not run"), x);
      return;
    }

  y = format_value (self->y_unit, point->y);
  if (point->mark == LL_LOG_PLOT_MARK_PENDING)
    /* Translators: a point of a chart still being measured, its figure
     * so far, in the summary a screen reader reads: "N=1000 7.6 ns so far" */
    g_string_append_printf (s, _("%s %s so far"), x, y);
  else
    /* Translators: a point of a chart, in the summary a screen reader
     * reads: "N=2 7.4 ns" */
    g_string_append_printf (s, _("%s %s"), x, y);
}

static char *
describe_plot (LlLogPlot *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = series_at (self, i);

      if (i > 0)
        /* Translators: between two series in the summary a screen reader reads */
        g_string_append (s, _("; "));

      if (series->points->len == 0)
        {
          /* Translators: a series of a chart with no point yet, in the
           * summary a screen reader reads: "threads: no points" */
          g_string_append_printf (s, _("%s: no points"), series->name);
          continue;
        }

      /* Translators: a series' name before its points, in the summary a
       * screen reader reads: "threads: N=2 25 µs, …" */
      g_string_append_printf (s, _("%s: "), series->name);
      for (guint j = 0; j < series->points->len; j++)
        {
          if (j > 0)
            /* Translators: between two points of a series in the summary a screen reader reads */
            g_string_append (s, _(", "));
          append_point (self, s, &g_array_index (series->points, Point, j));
        }
    }

  return g_string_free (s, FALSE);
}

static gboolean
describe_cb (gpointer data)
{
  LlLogPlot *self = data;
  g_autofree char *description = describe_plot (self);

  self->describe_id = 0;
  if (g_strcmp0 (description, self->description) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
      g_free (self->description);
      self->description = g_steal_pointer (&description);
    }

  return G_SOURCE_REMOVE;
}

/* Sets the accessible description once the caller is done: a page that
 * sets its figures again from scratch (a clear, then a few dozen
 * points) would otherwise send a screen reader as many descriptions,
 * each a trip over the bus, and with no change, none. */
static void
update_description (LlLogPlot *self)
{
  if (self->describe_id == 0)
    self->describe_id = g_idle_add (describe_cb, self);
}

/* The range */

static int
floor_decade (double value)
{
  return (int) floor (log10 (value) + LOG_EPSILON);
}

static int
ceil_decade (double value)
{
  return (int) ceil (log10 (value) - LOG_EPSILON);
}

/* The least range, out to whole decades, grown by whole decades to
 * hold every point: a failed point has an x only. */
static void
get_decades (LlLogPlot *self,
             Decades   *d)
{
  d->x0 = floor_decade (self->x_min);
  d->x1 = ceil_decade (self->x_max);
  d->y0 = floor_decade (self->y_min);
  d->y1 = ceil_decade (self->y_max);

  for (guint i = 0; i < self->series->len; i++)
    {
      GArray *points = series_at (self, i)->points;

      for (guint j = 0; j < points->len; j++)
        {
          const Point *point = &g_array_index (points, Point, j);

          d->x0 = MIN (d->x0, floor_decade (point->x));
          d->x1 = MAX (d->x1, ceil_decade (point->x));
          if (point->mark == LL_LOG_PLOT_MARK_FAILED)
            continue;
          d->y0 = MIN (d->y0, floor_decade (point->y));
          d->y1 = MAX (d->y1, ceil_decade (point->y));
        }
    }

  /* A range within one power of ten still spans a decade. */
  d->x1 = MAX (d->x1, d->x0 + 1);
  d->y1 = MAX (d->y1, d->y0 + 1);
}

/* Drawing */

static void
get_screen_ink (LlLogPlot *self,
                Ink       *ink)
{
  GdkRGBA fg;
  gboolean dark;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  /* Light text is a dark theme: there the palette's lighter shades. */
  dark = 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;

  ink->title = ll_draw_with_alpha (&fg, 0.9f);
  ink->label = ll_draw_with_alpha (&fg, 0.7f);
  ink->axis = ll_draw_with_alpha (&fg, 0.4f);
  ink->grid = ll_draw_with_alpha (&fg, 0.12f);
  ink->minor_grid = ll_draw_with_alpha (&fg, 0.05f);
  ink->palette = dark ? dark_palette : light_palette;
}

static void
get_file_ink (Ink *ink)
{
  ink->title = ll_draw_with_alpha (&file_text, 0.9f);
  ink->label = ll_draw_with_alpha (&file_text, 0.75f);
  ink->axis = ll_draw_with_alpha (&file_text, 0.45f);
  ink->grid = ll_draw_with_alpha (&file_text, 0.13f);
  ink->minor_grid = ll_draw_with_alpha (&file_text, 0.045f);
  ink->palette = light_palette;
}

static PangoLayout *
create_layout (PangoContext *context,
               const char   *text,
               gboolean      small)
{
  PangoLayout *layout = pango_layout_new (context);

  /* The tick labels a little smaller than the titles, their figures
   * of one width so that "10" and "100" line up. */
  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
show_layout (cairo_t       *cr,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  /* On whole pixels, so that the glyphs stay sharp. */
  cairo_move_to (cr, round (x), round (y));
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

static void
path_marker (cairo_t *cr,
             Shape    shape,
             double   x,
             double   y,
             double   r)
{
  /* The shapes of about the same area as the circle, so that none of
   * the series looks weightier than the others. */
  double s = r * 0.89, t = r * 1.3, dmd = r * 1.25;

  cairo_new_sub_path (cr);
  switch (shape)
    {
    case SHAPE_SQUARE:
      cairo_rectangle (cr, x - s, y - s, 2 * s, 2 * s);
      break;

    case SHAPE_TRIANGLE:
      cairo_move_to (cr, x, y - t);
      cairo_line_to (cr, x + t * 0.866, y + t * 0.5);
      cairo_line_to (cr, x - t * 0.866, y + t * 0.5);
      cairo_close_path (cr);
      break;

    case SHAPE_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + t);
      cairo_line_to (cr, x + t * 0.866, y - t * 0.5);
      cairo_line_to (cr, x - t * 0.866, y - t * 0.5);
      cairo_close_path (cr);
      break;

    case SHAPE_DIAMOND:
      cairo_move_to (cr, x, y - dmd);
      cairo_line_to (cr, x + dmd, y);
      cairo_line_to (cr, x, y + dmd);
      cairo_line_to (cr, x - dmd, y);
      cairo_close_path (cr);
      break;

    case SHAPE_CIRCLE:
    case N_SHAPES:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_marker (cairo_t       *cr,
             Shape          shape,
             LlLogPlotMark  mark,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gdk_cairo_set_source_rgba (cr, color);
  if (mark == LL_LOG_PLOT_MARK_PENDING)
    {
      /* Hollow: the ring's width inside the outline, so that it is as
       * large as a filled marker. */
      path_marker (cr, shape, x, y, MARKER_RADIUS - 0.75);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    {
      path_marker (cr, shape, x, y, MARKER_RADIUS);
      cairo_fill (cr);
    }
}

static void
draw_cross (cairo_t       *cr,
            double         x,
            double         y,
            const GdkRGBA *color)
{
  cairo_move_to (cr, x - CROSS_RADIUS, y - CROSS_RADIUS);
  cairo_line_to (cr, x + CROSS_RADIUS, y + CROSS_RADIUS);
  cairo_move_to (cr, x + CROSS_RADIUS, y - CROSS_RADIUS);
  cairo_line_to (cr, x - CROSS_RADIUS, y + CROSS_RADIUS);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
}

/* Where a figure goes, and which decades have a label. */
typedef struct
{
  Decades         d;
  graphene_rect_t plot;
} Frame;

static double
frame_x (const Frame *f,
         double       value)
{
  return f->plot.origin.x + (log10 (value) - f->d.x0) / (f->d.x1 - f->d.x0) * f->plot.size.width;
}

static double
frame_y (const Frame *f,
         double       value)
{
  return f->plot.origin.y + f->plot.size.height -
         (log10 (value) - f->d.y0) / (f->d.y1 - f->d.y0) * f->plot.size.height;
}

/* A line of the grid on the pixel grid: 1 px wide, sharp. */
static double
crisp (double at)
{
  return floor (at) + 0.5;
}

static void
draw_grid (cairo_t     *cr,
           const Frame *f,
           const Ink   *ink)
{
  double left = f->plot.origin.x, top = f->plot.origin.y;
  double right = left + f->plot.size.width, bottom = top + f->plot.size.height;
  double decade_w = f->plot.size.width / (f->d.x1 - f->d.x0);
  double decade_h = f->plot.size.height / (f->d.y1 - f->d.y0);

  cairo_set_line_width (cr, 1.0);

  /* 2 … 9 times each decade */
  if (decade_w >= MINOR_GRID_MIN)
    {
      for (int e = f->d.x0; e < f->d.x1; e++)
        for (int k = 2; k < 10; k++)
          {
            double x = crisp (frame_x (f, k * pow (10, e)));

            cairo_move_to (cr, x, top);
            cairo_line_to (cr, x, bottom);
          }
    }
  if (decade_h >= MINOR_GRID_MIN)
    {
      for (int e = f->d.y0; e < f->d.y1; e++)
        for (int k = 2; k < 10; k++)
          {
            double y = crisp (frame_y (f, k * pow (10, e)));

            cairo_move_to (cr, left, y);
            cairo_line_to (cr, right, y);
          }
    }
  gdk_cairo_set_source_rgba (cr, &ink->minor_grid);
  cairo_stroke (cr);

  /* The decades; the axes themselves darker, below */
  for (int e = f->d.x0 + 1; e <= f->d.x1; e++)
    {
      double x = crisp (frame_x (f, pow (10, e)));

      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
    }
  for (int e = f->d.y0 + 1; e <= f->d.y1; e++)
    {
      double y = crisp (frame_y (f, pow (10, e)));

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  gdk_cairo_set_source_rgba (cr, &ink->grid);
  cairo_stroke (cr);

  cairo_move_to (cr, crisp (left), top);
  cairo_line_to (cr, crisp (left), crisp (bottom));
  cairo_line_to (cr, right, crisp (bottom));
  gdk_cairo_set_source_rgba (cr, &ink->axis);
  cairo_stroke (cr);
}

/* How many decades apart the labels of an axis go, so that no two of
 * them touch: every one where there is room. */
static int
label_step (double decade,
            double label)
{
  int step = 1;

  while (step * decade < label && step < 1000)
    step++;

  return step;
}

typedef struct
{
  PangoLayout   *layout;   /* the name, or the key's words */
  guint          series;   /* G_MAXUINT for a key */
  LlLogPlotMark  mark;     /* for a key: which mark it explains */
  double         x;
  double         y;        /* the middle of its row */
  double         width;
} LegendItem;

static void
legend_item_clear (gpointer data)
{
  LegendItem *item = data;

  g_clear_object (&item->layout);
}

/* The legend's items in rows from @left, each broken before the item
 * that would pass @right; returns its height, and in @n_rows how many
 * rows it takes. */
static double
lay_out_legend (GArray *items,
                double  left,
                double  right,
                double  top,
                guint  *n_rows)
{
  double x = left, row_top = top, row_h = 0;

  *n_rows = items->len > 0 ? 1 : 0;

  for (guint i = 0; i < items->len; i++)
    {
      LegendItem *item = &g_array_index (items, LegendItem, i);
      int text_w, text_h;

      pango_layout_set_width (item->layout, MAX (1, right - left - SWATCH_WIDTH - SWATCH_GAP) * PANGO_SCALE);
      pango_layout_set_ellipsize (item->layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (item->layout, &text_w, &text_h);
      item->width = SWATCH_WIDTH + SWATCH_GAP + text_w;
      if (x > left && x + item->width > right)
        {
          x = left;
          row_top += row_h + 4;
          (*n_rows)++;
        }
      row_h = MAX (row_h, MAX (text_h, 2 * MARKER_RADIUS + 2));
      item->x = x;
      item->y = row_top + row_h / 2.0;
      x += item->width + LEGEND_ITEM_GAP;
    }

  return items->len > 0 ? row_top + row_h - top : 0;
}

static void
draw_legend (cairo_t   *cr,
             GArray    *items,
             const Ink *ink)
{
  for (guint i = 0; i < items->len; i++)
    {
      LegendItem *item = &g_array_index (items, LegendItem, i);
      double mid = item->x + SWATCH_WIDTH / 2.0;
      int text_h;

      if (item->series != G_MAXUINT)
        {
          const GdkRGBA *color = &ink->palette[item->series % N_COLORS];

          cairo_move_to (cr, item->x, item->y);
          cairo_line_to (cr, item->x + SWATCH_WIDTH, item->y);
          cairo_set_line_width (cr, LINE_WIDTH);
          gdk_cairo_set_source_rgba (cr, color);
          cairo_stroke (cr);
          draw_marker (cr, item->series % N_SHAPES, LL_LOG_PLOT_MARK_MEASURED, mid, item->y, color);
        }
      else if (item->mark == LL_LOG_PLOT_MARK_PENDING)
        draw_marker (cr, SHAPE_CIRCLE, LL_LOG_PLOT_MARK_PENDING, mid, item->y, &ink->label);
      else
        draw_cross (cr, mid, item->y, &ink->label);

      pango_layout_get_pixel_size (item->layout, NULL, &text_h);
      show_layout (cr, item->layout, item->x + SWATCH_WIDTH + SWATCH_GAP, item->y - text_h / 2.0,
                   item->series != G_MAXUINT ? &ink->title : &ink->label);
    }
}

static void
draw_series (LlLogPlot   *self,
             cairo_t     *cr,
             const Frame *f,
             const Ink   *ink)
{
  double bottom = f->plot.origin.y + f->plot.size.height;
  g_autoptr(GArray) crosses = g_array_new (FALSE, FALSE, sizeof (double));

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The lines first, all of them, so that no line hides a marker. */
  for (guint i = 0; i < self->series->len; i++)
    {
      GArray *points = series_at (self, i)->points;
      gboolean started = FALSE;

      for (guint j = 0; j < points->len; j++)
        {
          const Point *point = &g_array_index (points, Point, j);

          if (point->mark != LL_LOG_PLOT_MARK_MEASURED)
            continue;
          if (started)
            cairo_line_to (cr, frame_x (f, point->x), frame_y (f, point->y));
          else
            cairo_move_to (cr, frame_x (f, point->x), frame_y (f, point->y));
          started = TRUE;
        }
      cairo_set_line_width (cr, LINE_WIDTH);
      gdk_cairo_set_source_rgba (cr, &ink->palette[i % N_COLORS]);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      GArray *points = series_at (self, i)->points;
      const GdkRGBA *color = &ink->palette[i % N_COLORS];

      for (guint j = 0; j < points->len; j++)
        {
          const Point *point = &g_array_index (points, Point, j);
          double x = frame_x (f, point->x);
          guint level = 0;

          if (point->mark != LL_LOG_PLOT_MARK_FAILED)
            {
              draw_marker (cr, i % N_SHAPES, point->mark, x, frame_y (f, point->y), color);
              continue;
            }

          /* Two series that failed at one x: their crosses one above
           * the other, not one on the other. */
          for (guint k = 0; k < crosses->len; k++)
            {
              if (fabs (g_array_index (crosses, double, k) - x) < 2 * CROSS_RADIUS + 2)
                level++;
            }
          g_array_append_val (crosses, x);
          draw_cross (cr, x, bottom - level * (2 * CROSS_RADIUS + 3), color);
        }
    }
}

/* Draws the whole plot into @width × @height at the origin of @cr, its
 * text in @context's font: the one drawing of the screen and the file. */
static void
draw_plot (LlLogPlot    *self,
           cairo_t      *cr,
           PangoContext *context,
           double        width,
           double        height,
           const Ink    *ink)
{
  g_autoptr(GPtrArray) x_labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) y_labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  g_autoptr(PangoLayout) x_title = NULL;
  g_autoptr(PangoLayout) y_title = NULL;
  gboolean any_pending = FALSE, any_failed = FALSE;
  int label_h = 0, y_label_w = 0, first_x_w, last_x_w, title_h = 0;
  double left, right, top, bottom, x_labels_top;
  int x_step, y_step;
  guint n_rows;
  Frame f;

  g_array_set_clear_func (legend, legend_item_clear);
  get_decades (self, &f.d);

  for (int e = f.d.x0; e <= f.d.x1; e++)
    {
      g_autofree char *text = format_decade (self->x_unit, e);

      g_ptr_array_add (x_labels, create_layout (context, text, TRUE));
    }
  for (int e = f.d.y0; e <= f.d.y1; e++)
    {
      g_autofree char *text = format_decade (self->y_unit, e);
      PangoLayout *layout = create_layout (context, text, TRUE);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      y_label_w = MAX (y_label_w, w);
      label_h = MAX (label_h, h);
      g_ptr_array_add (y_labels, layout);
    }
  pango_layout_get_pixel_size (g_ptr_array_index (x_labels, 0), &first_x_w, NULL);
  pango_layout_get_pixel_size (g_ptr_array_index (x_labels, x_labels->len - 1), &last_x_w, NULL);

  if (self->x_title != NULL)
    {
      x_title = create_layout (context, self->x_title, FALSE);
      pango_layout_get_pixel_size (x_title, NULL, &title_h);
    }
  if (self->y_title != NULL)
    {
      y_title = create_layout (context, self->y_title, FALSE);
      pango_layout_get_pixel_size (y_title, NULL, &title_h);
    }

  /* Across: the y title, turned; the y labels; the plot; room for half
   * of the last x label, centred on the right edge. */
  left = PAD + (y_title != NULL ? title_h + TITLE_GAP : 0) + y_label_w + Y_LABEL_GAP;
  right = width - PAD - ceil (last_x_w / 2.0);

  /* Down: the legend, the plot, the x labels and the x title.  The top
   * y label stands half above the plot; the bottom one half below it,
   * beside the first x label: the plot stops higher if they would touch. */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = series_at (self, i);
      LegendItem item = { create_layout (context, series->name, FALSE), i, LL_LOG_PLOT_MARK_MEASURED, 0, 0, 0 };

      g_array_append_val (legend, item);
      for (guint j = 0; j < series->points->len; j++)
        {
          LlLogPlotMark mark = g_array_index (series->points, Point, j).mark;

          any_pending |= mark == LL_LOG_PLOT_MARK_PENDING;
          any_failed |= mark == LL_LOG_PLOT_MARK_FAILED;
        }
    }
  if (any_pending)
    {
      /* Translators: the legend's key to a hollow marker on a chart: a
       * figure that is still being measured */
      LegendItem item = { create_layout (context, C_("log plot legend", "in progress"), FALSE),
                          G_MAXUINT, LL_LOG_PLOT_MARK_PENDING, 0, 0, 0 };

      g_array_append_val (legend, item);
    }
  if (any_failed)
    {
      /* Translators: the legend's key to a cross on a chart's x axis:
       * the series could not go that far (a thread or a process that
       * could not be started) */
      LegendItem item = { create_layout (context, C_("log plot legend", "could not run"), FALSE),
                          G_MAXUINT, LL_LOG_PLOT_MARK_FAILED, 0, 0, 0 };

      g_array_append_val (legend, item);
    }

  /* The legend over the plot, from its left edge; from the widget's
   * if that saves it a row. */
  {
    double legend_h = lay_out_legend (legend, left, width - PAD, PAD, &n_rows);

    if (n_rows > 1)
      {
        guint wide_rows;
        double wide_h = lay_out_legend (legend, PAD, width - PAD, PAD, &wide_rows);

        if (wide_rows < n_rows)
          legend_h = wide_h;
        else
          lay_out_legend (legend, left, width - PAD, PAD, &n_rows);
      }
    top = PAD + legend_h + (legend->len > 0 ? LEGEND_GAP : 0) + ceil (label_h / 2.0);
  }
  bottom = height - PAD - (x_title != NULL ? title_h + TITLE_GAP : 0) - label_h - X_LABEL_GAP;
  if (first_x_w / 2.0 > Y_LABEL_GAP - 2)
    bottom -= MAX (0, ceil (label_h / 2.0) + 2 - X_LABEL_GAP);
  if (right - left < 24 || bottom - top < 24)
    return;

  f.plot = GRAPHENE_RECT_INIT (left, top, right - left, bottom - top);
  x_labels_top = height - PAD - (x_title != NULL ? title_h + TITLE_GAP : 0) - label_h;

  draw_grid (cr, &f, ink);

  /* The labels, every decade or every few where they would touch */
  {
    int widest = 0;

    for (guint i = 0; i < x_labels->len; i++)
      {
        int w;

        pango_layout_get_pixel_size (g_ptr_array_index (x_labels, i), &w, NULL);
        widest = MAX (widest, w);
      }
    x_step = label_step (f.plot.size.width / (f.d.x1 - f.d.x0), widest + LABEL_SPACING);
    y_step = label_step (f.plot.size.height / (f.d.y1 - f.d.y0), label_h + 2);
  }
  for (int e = f.d.x0; e <= f.d.x1; e += x_step)
    {
      PangoLayout *layout = g_ptr_array_index (x_labels, e - f.d.x0);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      show_layout (cr, layout, frame_x (&f, pow (10, e)) - w / 2.0, x_labels_top, &ink->label);
    }
  for (int e = f.d.y0; e <= f.d.y1; e += y_step)
    {
      PangoLayout *layout = g_ptr_array_index (y_labels, e - f.d.y0);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      show_layout (cr, layout, left - Y_LABEL_GAP - w, frame_y (&f, pow (10, e)) - label_h / 2.0, &ink->label);
    }

  /* The titles, centred on the plot; cut short rather than past it */
  if (x_title != NULL)
    {
      int w;

      pango_layout_set_width (x_title, f.plot.size.width * PANGO_SCALE);
      pango_layout_set_ellipsize (x_title, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (x_title, &w, NULL);
      show_layout (cr, x_title, left + (f.plot.size.width - w) / 2.0, height - PAD - title_h, &ink->title);
    }
  if (y_title != NULL)
    {
      int w;

      pango_layout_set_width (y_title, f.plot.size.height * PANGO_SCALE);
      pango_layout_set_ellipsize (y_title, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (y_title, &w, NULL);
      cairo_save (cr);
      cairo_translate (cr, PAD, round (top + (f.plot.size.height + w) / 2.0));
      cairo_rotate (cr, -G_PI / 2);
      show_layout (cr, y_title, 0, 0, &ink->title);
      cairo_restore (cr);
    }

  draw_series (self, cr, &f, ink);
  draw_legend (cr, legend, ink);
}

/* The file's text: the widget's font, at 96 dpi and greyscale
 * antialiasing, whatever the screen's settings. */
static PangoContext *
create_file_context (LlLogPlot *self)
{
  PangoContext *widget_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_context_set_font_description (context, pango_context_get_font_description (widget_context));
  pango_context_set_language (context, pango_context_get_language (widget_context));
  pango_cairo_context_set_resolution (context, 96);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  return context;
}

static cairo_surface_t *
render_file_surface (LlLogPlot *self,
                     int        width,
                     int        height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  PangoContext *context = create_file_context (self);
  cairo_t *cr = cairo_create (surface);
  Ink ink;

  get_file_ink (&ink);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_plot (self, cr, context, width, height, &ink);
  cairo_destroy (cr);
  g_object_unref (context);

  return surface;
}

/* Writing the file */

static cairo_status_t
append_bytes_cb (void                *data,
                 const unsigned char *bytes,
                 unsigned int         length)
{
  g_byte_array_append (data, bytes, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Writes @surface to @path as a PNG, encoded in memory first so that
 * the file is replaced in one go, the way GIO replaces a file safely:
 * an error leaves any old one as it was.  It blocks: in a thread, but
 * for the tests. */
static gboolean
write_png (cairo_surface_t  *surface,
           const char       *path,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_status_t status;

  status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: the PNG of a chart could not be made; the reason follows */
                   _("Could not make the image: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_replace_contents (file, (const char *) png->data, png->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
}

typedef struct
{
  cairo_surface_t *surface;
  char            *path;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  cairo_surface_destroy (save->surface);
  g_free (save->path);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (write_png (save->surface, save->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The widget */

static void
invalidate (LlLogPlot *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ll_log_plot_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  LlLogPlot *self = LL_LOG_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->node != NULL && (self->node_width != width || self->node_height != height))
    g_clear_pointer (&self->node, gsk_render_node_unref);

  if (self->node == NULL)
    {
      GtkSnapshot *plot = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (plot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      Ink ink;

      get_screen_ink (self, &ink);
      draw_plot (self, cr, gtk_widget_get_pango_context (widget), width, height, &ink);
      cairo_destroy (cr);
      self->node = gtk_snapshot_free_to_node (plot);
      self->node_width = width;
      self->node_height = height;
    }

  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
}

static void
ll_log_plot_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
}

static void
ll_log_plot_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ll_log_plot_parent_class)->css_changed (widget, change);

  /* The colours or the font may be new. */
  invalidate (LL_LOG_PLOT (widget));
}

static void
ll_log_plot_dispose (GObject *object)
{
  LlLogPlot *self = LL_LOG_PLOT (object);

  g_clear_handle_id (&self->describe_id, g_source_remove);
  g_clear_pointer (&self->node, gsk_render_node_unref);

  G_OBJECT_CLASS (ll_log_plot_parent_class)->dispose (object);
}

static void
ll_log_plot_finalize (GObject *object)
{
  LlLogPlot *self = LL_LOG_PLOT (object);

  g_array_unref (self->series);
  g_free (self->x_title);
  g_free (self->y_title);
  g_free (self->x_symbol);
  g_free (self->description);

  G_OBJECT_CLASS (ll_log_plot_parent_class)->finalize (object);
}

static void
ll_log_plot_class_init (LlLogPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_log_plot_dispose;
  object_class->finalize = ll_log_plot_finalize;

  widget_class->snapshot = ll_log_plot_snapshot;
  widget_class->measure = ll_log_plot_measure;
  widget_class->css_changed = ll_log_plot_css_changed;

  gtk_widget_class_set_css_name (widget_class, "logplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_log_plot_init (LlLogPlot *self)
{
  self->series = g_array_new (FALSE, TRUE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);
  self->x_unit = LL_LOG_PLOT_UNIT_NUMBER;
  self->y_unit = LL_LOG_PLOT_UNIT_NUMBER;
  self->x_min = self->y_min = 1;
  self->x_max = self->y_max = 1000;
}

/**
 * ll_log_plot_new:
 *
 * Creates a plot with no series, its least range 1 to 1000 on both
 * axes, both counting plain numbers.  Its accessible label is the
 * caller's to set (gtk_accessible_update_property()): what the plot
 * shows, in a few words; the plot sets its description, the figures.
 *
 * Returns: (transfer floating): a new plot
 */
GtkWidget *
ll_log_plot_new (void)
{
  return g_object_new (LL_TYPE_LOG_PLOT, NULL);
}

/**
 * ll_log_plot_set_axes:
 * @self: a plot
 * @x_title: (nullable): what the x axis counts, translated, "Workers"
 * @y_title: (nullable): what the y axis measures, translated, "Time per handoff"
 *
 * Sets the axes' titles, drawn under the x axis and beside the y axis;
 * %NULL for none.
 */
void
ll_log_plot_set_axes (LlLogPlot  *self,
                      const char *x_title,
                      const char *y_title)
{
  gboolean changed = FALSE;

  g_return_if_fail (LL_IS_LOG_PLOT (self));

  changed |= set_str (&self->x_title, x_title);
  changed |= set_str (&self->y_title, y_title);
  if (changed)
    invalidate (self);
}

/**
 * ll_log_plot_set_units:
 * @self: a plot
 * @x_unit: what the x values are
 * @y_unit: what the y values are
 *
 * Sets what the values count, for the axes' labels and the
 * description: %LL_LOG_PLOT_UNIT_NANOSECONDS labels 1000 as "1 µs".
 */
void
ll_log_plot_set_units (LlLogPlot     *self,
                       LlLogPlotUnit  x_unit,
                       LlLogPlotUnit  y_unit)
{
  g_return_if_fail (LL_IS_LOG_PLOT (self));

  if (self->x_unit == x_unit && self->y_unit == y_unit)
    return;

  self->x_unit = x_unit;
  self->y_unit = y_unit;
  update_description (self);
  invalidate (self);
}

/**
 * ll_log_plot_set_x_symbol:
 * @self: a plot
 * @symbol: (nullable): the x value's symbol, "N"
 *
 * Sets what the description calls the x value: with "N" a point reads
 * "N=10 7.5 ns", without a symbol "10 7.5 ns".
 */
void
ll_log_plot_set_x_symbol (LlLogPlot  *self,
                          const char *symbol)
{
  g_return_if_fail (LL_IS_LOG_PLOT (self));

  if (set_str (&self->x_symbol, symbol))
    update_description (self);
}

/**
 * ll_log_plot_set_range:
 * @self: a plot
 * @x_min: the least x shown, above 0
 * @x_max: the greatest x shown, above @x_min
 * @y_min: the least y shown, above 0
 * @y_max: the greatest y shown, above @y_min
 *
 * Sets the least range the plot shows, out to whole decades
 * (2 … 1 000 000 shows 1 … 1 000 000): it shows more, by whole
 * decades, to hold every point, and this much with none.
 */
void
ll_log_plot_set_range (LlLogPlot *self,
                       double     x_min,
                       double     x_max,
                       double     y_min,
                       double     y_max)
{
  g_return_if_fail (LL_IS_LOG_PLOT (self));
  g_return_if_fail (x_min > 0 && x_max > x_min && isfinite (x_max));
  g_return_if_fail (y_min > 0 && y_max > y_min && isfinite (y_max));

  if (self->x_min == x_min && self->x_max == x_max && self->y_min == y_min && self->y_max == y_max)
    return;

  self->x_min = x_min;
  self->x_max = x_max;
  self->y_min = y_min;
  self->y_max = y_max;
  invalidate (self);
}

/**
 * ll_log_plot_get_shown_range:
 * @self: a plot
 * @x_min: (out) (optional): the least x shown, a power of ten
 * @x_max: (out) (optional): the greatest x shown, a power of ten
 * @y_min: (out) (optional): the least y shown, a power of ten
 * @y_max: (out) (optional): the greatest y shown, a power of ten
 *
 * Gets the range the plot shows: the least range set, grown to hold
 * every point, out to whole decades.
 */
void
ll_log_plot_get_shown_range (LlLogPlot *self,
                             double    *x_min,
                             double    *x_max,
                             double    *y_min,
                             double    *y_max)
{
  Decades d;

  g_return_if_fail (LL_IS_LOG_PLOT (self));

  get_decades (self, &d);
  if (x_min != NULL)
    *x_min = pow (10, d.x0);
  if (x_max != NULL)
    *x_max = pow (10, d.x1);
  if (y_min != NULL)
    *y_min = pow (10, d.y0);
  if (y_max != NULL)
    *y_max = pow (10, d.y1);
}

/**
 * ll_log_plot_add_series:
 * @self: a plot
 * @name: what the series is, translated, "threads": for the legend and
 *   the description
 *
 * Adds a series with no points, in the next colour and marker shape.
 *
 * Returns: its index, from 0 in the order they were added
 */
guint
ll_log_plot_add_series (LlLogPlot  *self,
                        const char *name)
{
  Series series;

  g_return_val_if_fail (LL_IS_LOG_PLOT (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  series.name = g_strdup (name);
  series.points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_array_append_val (self->series, series);

  update_description (self);
  invalidate (self);

  return self->series->len - 1;
}

/**
 * ll_log_plot_get_n_series:
 * @self: a plot
 *
 * Returns: how many series it has
 */
guint
ll_log_plot_get_n_series (LlLogPlot *self)
{
  g_return_val_if_fail (LL_IS_LOG_PLOT (self), 0);

  return self->series->len;
}

/**
 * ll_log_plot_set_point:
 * @self: a plot
 * @series: a series' index, from ll_log_plot_add_series()
 * @x: where, above 0
 * @y: the figure, above 0; not used for %LL_LOG_PLOT_MARK_FAILED
 * @mark: what the point is
 *
 * Sets the point of @series at @x, in place of the one that was there:
 * a pending figure is replaced as it grows, and by the measured one.
 */
void
ll_log_plot_set_point (LlLogPlot     *self,
                       guint          series,
                       double         x,
                       double         y,
                       LlLogPlotMark  mark)
{
  Point point = { x, y, mark };
  GArray *points;
  guint at;

  g_return_if_fail (LL_IS_LOG_PLOT (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (x > 0 && isfinite (x));
  g_return_if_fail (mark == LL_LOG_PLOT_MARK_FAILED || (y > 0 && isfinite (y)));

  /* A few dozen points at most: a walk costs less than a search. */
  points = series_at (self, series)->points;
  for (at = 0; at < points->len && g_array_index (points, Point, at).x < x; at++)
    ;

  if (at < points->len && g_array_index (points, Point, at).x == x)
    {
      Point *old = &g_array_index (points, Point, at);

      if (old->mark == mark && (mark == LL_LOG_PLOT_MARK_FAILED || old->y == y))
        return;
      *old = point;
    }
  else
    {
      g_array_insert_val (points, at, point);
    }

  update_description (self);
  invalidate (self);
}

/**
 * ll_log_plot_get_n_points:
 * @self: a plot
 * @series: a series' index
 *
 * Returns: how many points @series has, of every mark
 */
guint
ll_log_plot_get_n_points (LlLogPlot *self,
                          guint      series)
{
  g_return_val_if_fail (LL_IS_LOG_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return series_at (self, series)->points->len;
}

/**
 * ll_log_plot_clear:
 * @self: a plot
 *
 * Removes every point and keeps the series, for a new run: the plot
 * shows its least range again.
 */
void
ll_log_plot_clear (LlLogPlot *self)
{
  gboolean any = FALSE;

  g_return_if_fail (LL_IS_LOG_PLOT (self));

  for (guint i = 0; i < self->series->len; i++)
    {
      GArray *points = series_at (self, i)->points;

      any |= points->len > 0;
      g_array_set_size (points, 0);
    }
  if (!any)
    return;

  update_description (self);
  invalidate (self);
}

/**
 * ll_log_plot_describe:
 * @self: a plot
 *
 * Says the figures in words, in x order: "coroutines: N=2 7.4 ns,
 * N=10 7.5 ns; threads: N=2 25 µs, N=10 26.1 µs so far; processes:
 * N=100000 could not run".  The plot's accessible description says the
 * same, set again when the main loop is next idle after a change.
 *
 * Returns: (transfer full): the summary
 */
char *
ll_log_plot_describe (LlLogPlot *self)
{
  g_return_val_if_fail (LL_IS_LOG_PLOT (self), NULL);

  return describe_plot (self);
}

/**
 * ll_log_plot_save_png:
 * @self: a plot
 * @path: the file to write, in place of any there
 * @width: the image's width, in px
 * @height: the image's height, in px
 * @error: return location for an error
 *
 * Draws the plot into an image of @width × @height, dark on white
 * whatever the theme and in the widget's font, and writes it to @path
 * as a PNG.  It blocks until the file is written: for tests and tools;
 * a page saves with ll_log_plot_save_png_async().
 *
 * Returns: whether the file was written
 */
gboolean
ll_log_plot_save_png (LlLogPlot   *self,
                      const char  *path,
                      int          width,
                      int          height,
                      GError     **error)
{
  cairo_surface_t *surface;
  gboolean written;

  g_return_val_if_fail (LL_IS_LOG_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = render_file_surface (self, width, height);
  written = write_png (surface, path, NULL, error);
  cairo_surface_destroy (surface);

  return written;
}

/**
 * ll_log_plot_save_png_async:
 * @self: a plot
 * @path: the file to write, in place of any there
 * @width: the image's width, in px
 * @height: the image's height, in px
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written, or could not be
 * @user_data: for @callback
 *
 * Draws the plot as ll_log_plot_save_png() does, now, and writes the
 * PNG in a thread: points set meanwhile are not in it.
 */
void
ll_log_plot_save_png_async (LlLogPlot           *self,
                            const char          *path,
                            int                  width,
                            int                  height,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *save;

  g_return_if_fail (LL_IS_LOG_PLOT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_log_plot_save_png_async);

  /* Drawn here: Pango's font map is the main thread's.  Only the
   * encoding and the writing, which take the time, go to the thread. */
  save = g_new0 (SaveData, 1);
  save->surface = render_file_surface (self, width, height);
  save->path = g_strdup (path);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * ll_log_plot_save_png_finish:
 * @self: a plot
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: whether the file was written
 */
gboolean
ll_log_plot_save_png_finish (LlLogPlot     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (LL_IS_LOG_PLOT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_log_plot_save_png_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
