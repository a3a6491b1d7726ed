/* ll-gio-chain-view.c: the two-way message of a copy, as a sequence diagram
 *
 * Three lifelines side by side: the Coroutine that asks for IO (or the
 * chain of callbacks, written the other way), the Main loop, and GIO, the
 * worker thread that does the IO.  Each message of the model is one row,
 * the newest at the bottom: the request going out to GIO, the completion
 * coming back to the loop, which runs the ready callback, the `_finish`
 * call that takes the count out of the result, and the copy resumed with
 * it.  Between a request and its completion the loop is free: the rows
 * say how often it went round meanwhile, serving everything else.
 *
 * The view keeps the last rows it was told about, for drawing; the model
 * keeps the copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-gio-chain-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-draw-cairo.h"
#include "ll-gio-chain-view.h"

#define HEIGHT      346
#define HEADER_H    60.0
#define ROW_H       24.0
#define MAX_ROWS    64
#define MARGIN      16.0

typedef struct
{
  LlCopyEventKind kind;
  LlCopyDirection direction;
  guint           chunk;
  gint64          bytes;
  guint           loop_iterations;
  char           *error;       /* owned, or NULL */
} Row;

struct _LlGioChainView
{
  LlSimView    parent_instance;

  /* borrowed references */
  LlCopyModel *model;          /* the base's */

  /* owned */
  Row          rows[MAX_ROWS]; /* a ring, the newest at first + n - 1 */
  guint        first;
  guint        n_rows;
  guint        n_shown;        /* every row this run, drawn or scrolled away */
};

G_DEFINE_FINAL_TYPE (LlGioChainView, ll_gio_chain_view, LL_TYPE_SIM_VIEW)

/* Where the lanes stand, across the width: the loop nearer the asker,
 * for the completion's words need the room on its right, and the ready
 * callback's little on its left. */
static const double lane_at[] = { 0.14, 0.44, 0.86 };

#define asker_color ll_sim_blue
#define loop_color  ll_sim_green
#define gio_color   ll_sim_orange

static Row *
row_at (LlGioChainView *self,
        guint           i)
{
  return &self->rows[(self->first + i) % MAX_ROWS];
}

static void
event_cb (LlGioChainView    *self,
          const LlCopyEvent *event)
{
  Row *row;

  if (self->n_rows == MAX_ROWS)
    {
      g_clear_pointer (&row_at (self, 0)->error, g_free);
      self->first = (self->first + 1) % MAX_ROWS;
      self->n_rows--;
    }

  row = row_at (self, self->n_rows++);
  row->kind = event->kind;
  row->direction = event->direction;
  row->chunk = event->chunk;
  row->bytes = event->bytes;
  row->loop_iterations = event->loop_iterations;
  row->error = event->error != NULL ? g_strdup (event->error->message) : NULL;
  self->n_shown++;

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GLib's own words for sizes, in the user's language: "1.0 MiB". */
static char *
format_bytes (gint64 bytes)
{
  return g_format_size_full ((guint64) bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* What a row says, and between which lanes its arrow goes: 0 the asker,
 * 1 the loop, 2 GIO; from == to for a call on the asker's own lane. */
static char *
describe (LlGioChainView *self,
          const Row      *row,
          int            *from,
          int            *to)
{
  const char *call = row->direction == LL_COPY_READ ? "read" : "write";
  gboolean coroutine = ll_copy_model_get_style (self->model) == LL_COPY_STYLE_COROUTINE;
  g_autofree char *bytes = row->bytes >= 0 ? format_bytes (row->bytes) : NULL;

  switch (row->kind)
    {
    case LL_COPY_EVENT_REQUEST:
      *from = 0, *to = 2;
      /* Translators: a call, a chunk's number, its size */
      return g_strdup_printf (_("g_%s_stream_%s_async () #%u: %s"),
                              row->direction == LL_COPY_READ ? "input" : "output", call, row->chunk,
                              bytes != NULL ? bytes : "");

    case LL_COPY_EVENT_COMPLETE:
      *from = 2, *to = 1;
      if (row->bytes < 0)
        return g_strdup_printf (_("%s #%u failed"), call, row->chunk);
      /* Translators: "read #3 done, 12 loop turns later": how often the
       * loop went round, serving other work, while the call was out */
      return g_strdup_printf (ngettext ("%s #%u done, %u loop turn later",
                                        "%s #%u done, %u loop turns later",
                                        row->loop_iterations),
                              call, row->chunk, row->loop_iterations);

    case LL_COPY_EVENT_FINISH:
      *from = 1, *to = 0;
      if (row->error != NULL)
        return g_strdup_printf (_("%s_finish () #%u: %s"), call, row->chunk, row->error);
      return g_strdup_printf (_("%s_finish () #%u returns %s"), call, row->chunk, bytes);

    case LL_COPY_EVENT_RESUME:
    default:
      *from = 0, *to = 0;
      if (row->bytes < 0)
        return g_strdup_printf (coroutine ? _("the coroutine resumes with the error") : _("the chain stops at the error"));
      return g_strdup_printf (coroutine ? _("the coroutine resumes with %s") : _("the callback goes on with %s"), bytes);
    }
}

static void
ll_gio_chain_view_draw (LlSimView     *view,
                        cairo_t       *cr,
                        int            width,
                        int            height,
                        const GdkRGBA *fg)
{
  LlGioChainView *self = LL_GIO_CHAIN_VIEW (view);
  PangoLayout *layout = ll_sim_view_get_layout (view, LL_SIM_TEXT_SMALL_BOLD);
  PangoLayout *small = ll_sim_view_get_layout (view, LL_SIM_TEXT_SMALL);
  gboolean coroutine = ll_copy_model_get_style (self->model) == LL_COPY_STYLE_COROUTINE;
  const GdkRGBA *colors[] = { &asker_color, &loop_color, &gio_color };
  const char *titles[] = {
    coroutine ? _("Coroutine") : _("Callbacks"),
    _("Main loop"),
    _("GIO"),
  };
  const char *roles[] = {
    _("asks for IO"),
    _("serves every event"),
    _("its worker does the IO"),
  };
  double lanes[3];
  guint fit = (guint) MAX (1, (height - HEADER_H - 8) / ROW_H);
  guint skip = self->n_rows > fit ? self->n_rows - fit : 0;

  for (int i = 0; i < 3; i++)
    {
      double box_w = 110.0;
      double box_x;

      lanes[i] = MARGIN + (width - 2 * MARGIN) * lane_at[i];
      box_x = CLAMP (lanes[i] - box_w / 2.0, MARGIN / 2.0, width - MARGIN / 2.0 - box_w);
      ll_draw_rounded_rect (cr, box_x, 8, box_w, 26, 6);
      ll_draw_set_source_alpha (cr, colors[i], 0.15);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, colors[i]);
      ll_draw_text_at (cr, layout, titles[i], box_x + box_w / 2.0, 21, 0.5);
      ll_draw_set_source_alpha (cr, fg, 0.6);
      ll_draw_text_at (cr, small, roles[i], box_x + box_w / 2.0, 42, 0.5);
      ll_draw_set_source_alpha (cr, colors[i], 0.4);
      cairo_rectangle (cr, lanes[i] - 0.5, HEADER_H - 8, 1, height - HEADER_H);
      cairo_fill (cr);
    }

  if (self->n_rows == 0)
    {
      ll_draw_set_source_alpha (cr, fg, 0.7);
      ll_draw_text_at (cr, small, _("Press Step to send the first request, or Run to copy at full speed."),
                       width / 2.0, HEADER_H + 60, 0.5);
      return;
    }

  for (guint i = skip; i < self->n_rows; i++)
    {
      const Row *row = row_at (self, i);
      double y = HEADER_H + (i - skip) * ROW_H + ROW_H / 2.0;
      gboolean newest = i + 1 == self->n_rows;
      g_autofree char *text = NULL;
      int from, to;

      text = describe (self, row, &from, &to);
      cairo_set_line_width (cr, newest ? 2.0 : 1.2);
      if (row->error != NULL || row->bytes < 0)
        cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 1.0);
      else
        ll_draw_set_source_alpha (cr, colors[from], newest ? 1.0 : 0.6);

      if (from == to)
        {
          /* A call on the asker's own lane: a short loop back to it. */
          cairo_move_to (cr, lanes[0], y - 6);
          cairo_line_to (cr, lanes[0] + 18, y - 6);
          cairo_line_to (cr, lanes[0] + 18, y + 4);
          cairo_stroke (cr);
          ll_draw_arrow (cr, lanes[0] + 18, lanes[0] + 2, y + 4, 6, 6);
          ll_draw_text_at (cr, small, text, lanes[0] + 26, y, 0.0);
          continue;
        }

      ll_draw_arrow (cr, lanes[from], lanes[to], y + 4, 8, 8);
      if (row->kind == LL_COPY_EVENT_COMPLETE)
        {
          /* The loop hands the completion to the ready callback: its
           * words between the asker and the loop, the completion's
           * between the loop and GIO. */
          ll_draw_set_source_alpha (cr, &loop_color, newest ? 1.0 : 0.6);
          ll_draw_arrow (cr, lanes[1], lanes[0], y + 4, 8, 8);
          ll_draw_text_at (cr, small, _("ready callback"), lanes[0] + 6, y - 5, 0.0);
          ll_draw_set_source_alpha (cr, fg, newest ? 1.0 : 0.75);
          ll_draw_text_at (cr, small, text, lanes[1] + 6, y - 5, 0.0);
          continue;
        }
      ll_draw_set_source_alpha (cr, fg, newest ? 1.0 : 0.75);
      ll_draw_text_at (cr, small, text, MIN (lanes[from], lanes[to]) + 6, y - 5, 0.0);
    }
}

static void
ll_gio_chain_view_constructed (GObject *object)
{
  LlGioChainView *self = LL_GIO_CHAIN_VIEW (object);

  G_OBJECT_CLASS (ll_gio_chain_view_parent_class)->constructed (object);

  self->model = LL_COPY_MODEL (ll_sim_view_get_model (LL_SIM_VIEW (self)));
  g_signal_connect_object (self->model, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::style", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
ll_gio_chain_view_dispose (GObject *object)
{
  LlGioChainView *self = LL_GIO_CHAIN_VIEW (object);

  ll_gio_chain_view_clear (self);
  self->model = NULL;

  G_OBJECT_CLASS (ll_gio_chain_view_parent_class)->dispose (object);
}

static void
ll_gio_chain_view_class_init (LlGioChainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->constructed = ll_gio_chain_view_constructed;
  object_class->dispose = ll_gio_chain_view_dispose;

  view_class->draw = ll_gio_chain_view_draw;
  ll_sim_view_class_set_size (view_class, 420, 640, HEIGHT);

  gtk_widget_class_set_css_name (widget_class, "giochainview");
}

static void
ll_gio_chain_view_init (LlGioChainView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The messages of the copy, as a sequence diagram"),
                                  -1);
}

/**
 * ll_gio_chain_view_new:
 * @model: the model to draw
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
ll_gio_chain_view_new (LlCopyModel *model)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (model), NULL);

  return g_object_new (LL_TYPE_GIO_CHAIN_VIEW, "model", model, NULL);
}

/**
 * ll_gio_chain_view_clear:
 * @self: a view
 *
 * Forgets the rows, for a new run.
 */
void
ll_gio_chain_view_clear (LlGioChainView *self)
{
  g_return_if_fail (LL_IS_GIO_CHAIN_VIEW (self));

  for (guint i = 0; i < self->n_rows; i++)
    g_clear_pointer (&row_at (self, i)->error, g_free);
  self->first = 0;
  self->n_rows = 0;
  self->n_shown = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ll_gio_chain_view_get_n_shown:
 * @self: a view
 *
 * Returns: how many messages it was given since it was last cleared
 */
guint
ll_gio_chain_view_get_n_shown (LlGioChainView *self)
{
  g_return_val_if_fail (LL_IS_GIO_CHAIN_VIEW (self), 0);

  return self->n_shown;
}

/**
 * ll_gio_chain_view_describe:
 * @self: a view
 * @index: a row it keeps, from 0 for the oldest
 *
 * Returns: (transfer full) (nullable): what the row says, as drawn;
 *   %NULL past the last
 */
char *
ll_gio_chain_view_describe (LlGioChainView *self,
                            guint           index)
{
  int from, to;

  g_return_val_if_fail (LL_IS_GIO_CHAIN_VIEW (self), NULL);

  if (index >= self->n_rows)
    return NULL;

  return describe (self, row_at (self, index), &from, &to);
}
