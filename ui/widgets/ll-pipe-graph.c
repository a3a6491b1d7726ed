/* ll-pipe-graph.c: a pipeline of coroutine stages, drawn live
 *
 * An LlPipe as a graph, left to right: each node in the column of its
 * depth (the longest path to it from a node nothing sends to), the
 * nodes of a column centred one above the other; a chain too long for
 * the width folds into bands, as a snake.  A stage is a rounded box that
 * says what its coroutine is doing (suspended at its yield, awaiting a
 * read, closed and in which place of the close order) and how many items
 * it took in and sent out, and how many a second; a node outside the
 * coroutines (a file, a parser) is a dashed box with its counts only.
 * The items travel along the edges as dots.
 *
 * The pipe sends no signal per item (a send costs a few stores), so the
 * graph reads the counters: on each tick while the page says the pipe
 * runs, and when the page asks after a step.  What an edge's counter
 * grew by since the last look becomes dots, each crossing in 0.4 s:
 * stepping, one per item, the edges of one step one after the other so
 * that the item is seen going down the chain; running, at most one per
 * 25 ms on an edge (fewer on a short one, so that they stay apart),
 * spread over the time since the last look, so that a hundred thousand
 * items a second is a steady stream of a dozen dots an edge, and the
 * edge says the true rate beside it.
 *
 * What it costs (the three rules of docs/architecture.md): it ticks
 * through an LlTicker only while the pipe runs or a dot is still on its
 * way, and idle it costs nothing; it draws on the animations' cadence;
 * the boxes, edges and labels are one render node kept until the graph,
 * its size, its style or the highlighted node changes, and the texts
 * that change (states, counts, rates) keep a layout each, set again only
 * when their words change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipe-graph"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-pipe-graph.h"
#include "ll-ticker.h"

/* An item's trip along an edge: long enough to follow with the eye,
 * short enough that a step's dots have landed before the next step. */
#define DOT_TIME         (400 * G_TIME_SPAN_MILLISECOND)
/* Running, the dots of one edge come at most this close: 40 a second,
 * 16 on an edge at once; beyond that the dots are a sample, and the
 * edge shows its rate. */
#define DOT_SPACING      (25 * G_TIME_SPAN_MILLISECOND)
#define MAX_DOTS         32
/* ... and at least this far apart, in px, on a short edge. */
#define DOT_GAP          14.0
/* Stepping, the items of one step that cross one edge go as a train. */
#define STEP_DOT_SPACING (80 * G_TIME_SPAN_MILLISECOND)
#define DOT_RADIUS       3.5
/* Up to so many items a second on every edge, each is a dot of its own,
 * following the one before it down the chain: a dot's trip is 0.4 s. */
#define FEW_PER_S        2.5

/* Items a second: the counters' growth over the last second, sampled
 * at most on every other frame of a 60 Hz clock. */
#define RATE_SPAN        G_TIME_SPAN_SECOND
#define RATE_MIN_SPAN    (250 * G_TIME_SPAN_MILLISECOND)
#define SAMPLE_EVERY     (45 * G_TIME_SPAN_MILLISECOND)

/* A screen reader hears the counts change at most about three times a
 * second: more is noise, and each change is a trip over the bus. */
#define DESCRIBE_EVERY   (300 * G_TIME_SPAN_MILLISECOND)

/* The layout, in px */
#define MARGIN           12.0
#define COLUMN_MAX_W     330.0
#define BOX_MIN_W        130.0
#define BOX_MAX_W        210.0
#define BOX_PAD_X        9.0
#define BOX_PAD_Y        7.0
#define BOX_RADIUS       10.0
#define LINE_GAP         2.0
#define ROW_GAP          10.0
#define STATE_DOT        7.0
#define ARROW_LENGTH     7.0
#define ARROW_WIDTH      4.5
#define EDGE_MIN_W       24.0     /* between two columns: an arrow and some dots */
#define GOOD_BOX_W       140.0    /* narrower, a long chain folds into bands */
#define BAND_GAP         22.0
#define EDGE_SAMPLES     24

typedef enum
{
  TEXT_LABEL,     /* a node's label, bold */
  TEXT_SMALL,     /* states and figures: small, tabular figures */
  TEXT_CAPTION,   /* what an outside node is: small, italic */
} TextKind;

/* A text that changes now and then, and the layout it is drawn with. */
typedef struct
{
  char        *text;
  PangoLayout *layout;
} Text;

/* Where an edge leaves or enters a box. */
typedef enum
{
  SIDE_RIGHT,
  SIDE_LEFT,
  SIDE_BOTTOM,
  SIDE_TOP,
} Side;

typedef struct
{
  /* from the structure */
  guint            depth;
  guint            row;
  guint            n_in;        /* edges into it */
  guint            n_out;       /* edges out of it */
  double           key;         /* where it sorts in its column */

  /* from the geometry */
  guint            band;
  graphene_rect_t  box;

  /* what it says: the words asked for, and those shown (shorter ones
   * when the box is too narrow for them) */
  char            *state_words;
  char            *counts_words;
  Text             label;
  Text             state;
  Text             counts;
  Text             rate;
  const GdkRGBA   *state_color;  /* NULL: dim */
  double           items_per_s;
} NodeView;

typedef struct
{
  /* from the geometry: a cubic Bézier */
  graphene_point_t p[4];
  Side             out_side;
  Side             in_side;
  graphene_point_t samples[EDGE_SAMPLES + 1];   /* along it, for the rate's place */
  double           length;      /* px */
  gint64           spacing;     /* µs, the least between two dots */
  gboolean         dim;         /* into a closed node */

  /* the dots: start times, oldest first, in a ring */
  gint64           dots[MAX_DOTS];
  guint            first;
  guint            n_dots;
  gint64           last_dot;    /* the newest dot's start */

  /* the counter, as far as it became dots */
  guint64          seen;
  double           items_per_s;
  Text             rate;
} EdgeView;

struct _LlPipeGraph
{
  GtkWidget      parent_instance;

  /* owned references */
  LlPipe        *pipe;
  GArray        *nodes;         /* of NodeView, one per node of the pipe */
  GArray        *edges;         /* of EdgeView, one per edge */
  GskRenderNode *background;    /* boxes, edges, labels; NULL = draw again */
  GArray        *sample_times;  /* of gint64, oldest first */
  GArray        *sample_counts; /* of guint64, stride per sample */
  char          *description;   /* the accessible description last set */

  /* pending: the ticker */
  LlTicker      *ticker;

  /* properties */
  gboolean       running;
  guint          highlight;

  /* state */
  guint          structure_serial;
  gboolean       structure_valid;
  guint          n_columns;
  guint          max_rows;
  int            geometry_width;  /* 0 = lay out again */
  int            geometry_height;
  double         natural_box_w;   /* px, room for the longest label */
  gboolean       rate_line;       /* the boxes have a line for the rate */
  int            label_height;    /* px, of a line of each kind */
  int            small_height;
  guint          sample_stride;
  gint64         now;             /* the time the dots are drawn at */
  gint64         last_poll;
  gint64         last_described;
  gboolean       draw_pending;
};

G_DEFINE_FINAL_TYPE (LlPipeGraph, ll_pipe_graph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PIPE,
  PROP_RUNNING,
  PROP_HIGHLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The GNOME palette's, for what a coroutine waits on; the dim states
 * take the text colour. */
static const GdkRGBA running_color = { 0x26 / 255.f, 0xa2 / 255.f, 0x69 / 255.f, 1.f };
static const GdkRGBA ready_color = { 0x2e / 255.f, 0xc2 / 255.f, 0x7e / 255.f, 1.f };
static const GdkRGBA io_color = { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f };
static const GdkRGBA sleep_color = { 0xe5 / 255.f, 0xa5 / 255.f, 0x0a / 255.f, 1.f };
static const GdkRGBA default_accent = { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f };
static const GdkRGBA dark_accent = { 0x78 / 255.f, 0xae / 255.f, 0xed / 255.f, 1.f };

/* Texts */

static void
text_clear (Text *text)
{
  g_clear_pointer (&text->text, g_free);
  g_clear_object (&text->layout);
}

static PangoLayout *
create_layout (LlPipeGraph *self,
               TextKind     kind)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  switch (kind)
    {
    case TEXT_LABEL:
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      break;

    case TEXT_CAPTION:
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      break;

    case TEXT_SMALL:
    default:
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      break;
    }
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_attr_list_unref (attrs);

  return layout;
}

/* Sets @text to @str (NULL for none); returns whether it changed. */
static gboolean
text_set (LlPipeGraph *self,
          Text        *text,
          TextKind     kind,
          const char  *str)
{
  if (g_strcmp0 (text->text, str) == 0 && (str == NULL || text->layout != NULL))
    return FALSE;

  g_free (text->text);
  text->text = g_strdup (str);
  if (str == NULL)
    return TRUE;

  if (text->layout == NULL)
    text->layout = create_layout (self, kind);
  pango_layout_set_text (text->layout, str, -1);

  return TRUE;
}

static void
text_set_width (Text   *text,
                double  width)
{
  if (text->layout != NULL)
    pango_layout_set_width (text->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
}

static int
text_width (const Text *text)
{
  int width = 0;

  if (text->layout != NULL)
    pango_layout_get_pixel_size (text->layout, &width, NULL);

  return width;
}

/* Sets @text to @words, in @width px, or to @short_words if @words
 * would be cut short there; @asked keeps which words were asked for,
 * so that asking for them again costs nothing. */
static gboolean
text_set_fitting (LlPipeGraph *self,
                  Text        *text,
                  TextKind     kind,
                  char       **asked,
                  const char  *words,
                  const char  *short_words,
                  double       width)
{
  gboolean changed;

  if (g_strcmp0 (*asked, words) == 0 && (words == NULL || text->layout != NULL))
    return FALSE;

  g_free (*asked);
  *asked = g_strdup (words);
  changed = text_set (self, text, kind, words);
  text_set_width (text, width);
  if (short_words != NULL && text->layout != NULL && pango_layout_is_ellipsized (text->layout))
    changed |= text_set (self, text, kind, short_words);

  return changed;
}

static void
node_view_clear (gpointer data)
{
  NodeView *node = data;

  g_clear_pointer (&node->state_words, g_free);
  g_clear_pointer (&node->counts_words, g_free);
  text_clear (&node->label);
  text_clear (&node->state);
  text_clear (&node->counts);
  text_clear (&node->rate);
}

static void
edge_view_clear (gpointer data)
{
  EdgeView *edge = data;

  text_clear (&edge->rate);
}

static NodeView *
node_at (LlPipeGraph *self,
         guint        node)
{
  return &g_array_index (self->nodes, NodeView, node);
}

static EdgeView *
edge_at (LlPipeGraph *self,
         guint        edge)
{
  return &g_array_index (self->edges, EdgeView, edge);
}

/* Words */

/* A count with its thousands grouped, as the user's locale groups them;
 * a narrow space where it does not (the C locale), as in "12 300". */
static char *
format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);
  GString *s = g_string_sized_new (len + len / 3 * 3);

  if (sep == NULL || sep[0] == '\0')
    sep = "\u202f";

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, sep);
      g_string_append_c (s, digits[i]);
    }

  return g_string_free (s, FALSE);
}

static char *
format_rate (double per_s)
{
  g_autofree char *n = NULL;

  if (per_s < 9.95)
    n = g_strdup_printf ("%.1f", per_s);
  else
    n = format_count ((guint64) round (per_s));

  /* Translators: items a second, "12 300/s" */
  return g_strdup_printf (_("%s/s"), n);
}

static char *
format_ordinal (guint n)
{
  guint ones = n % 10, tens = n % 100;

  if (ones == 1 && tens != 11)
    /* Translators: a place in an order, as in "closed 1st": the four
     * English endings; a language with one form writes it four times */
    return g_strdup_printf (C_("ordinal", "%ust"), n);
  if (ones == 2 && tens != 12)
    return g_strdup_printf (C_("ordinal", "%und"), n);
  if (ones == 3 && tens != 13)
    return g_strdup_printf (C_("ordinal", "%urd"), n);
  return g_strdup_printf (C_("ordinal", "%uth"), n);
}

/* Where @node is in the close order, from 1; 0 if it is not in it. */
static guint
close_place (LlPipe *pipe,
             guint   node)
{
  guint n_closed;
  const guint *order = ll_pipe_get_close_order (pipe, &n_closed);

  for (guint i = 0; i < n_closed; i++)
    {
      if (order[i] == node)
        return i + 1;
    }

  return 0;
}

/* "closed 2nd", or "closed" for a node outside the order (an outside
 * node its stage closed). */
static char *
describe_closed (LlPipe *pipe,
                 guint   node)
{
  guint place = close_place (pipe, node);
  g_autofree char *ordinal = NULL;

  if (place == 0)
    return g_strdup (C_("pipe node state", "closed"));

  ordinal = format_ordinal (place);
  /* Translators: a stage's state: its place in the order the stages
   * closed in, "closed 2nd" */
  return g_strdup_printf (_("closed %s"), ordinal);
}

/* What @node's coroutine is doing, in words (and in fewer, for a narrow
 * box), and the colour of its dot. */
static char *
describe_state (LlPipe         *pipe,
                guint           node,
                const GdkRGBA **color,
                const char    **short_words)
{
  LlCo *co = ll_pipe_node_get_co (pipe, node);

  *color = NULL;
  *short_words = NULL;
  if (ll_pipe_node_get_closed (pipe, node))
    return describe_closed (pipe, node);
  if (co == NULL)
    return NULL;

  switch (ll_co_get_state (co))
    {
    case LL_CO_STATE_CREATED:
      return g_strdup (C_("pipe node state", "not started"));

    case LL_CO_STATE_RUNNING:
      *color = &running_color;
      return g_strdup (C_("pipe node state", "running"));

    case LL_CO_STATE_FINISHED:
      return g_strdup (C_("pipe node state", "finished"));

    case LL_CO_STATE_SUSPENDED:
    default:
      break;
    }

  switch (ll_co_get_wait (co))
    {
    case LL_CO_WAIT_YIELD:
      /* Translators: the short form of "suspended at yield", for a narrow box */
      *short_words = C_("pipe node state", "at yield");
      return g_strdup (C_("pipe node state", "suspended at yield"));

    case LL_CO_WAIT_READY:
      *color = &ready_color;
      return g_strdup (C_("pipe node state", "ready"));

    case LL_CO_WAIT_SLEEP:
      *color = &sleep_color;
      return g_strdup (C_("pipe node state", "sleeping"));

    /* What the pipes' tasks await: opening or reading their input, or a
     * debugger's Step at the gate before a send (ll-step-gate.c). */
    case LL_CO_WAIT_ASYNC:
      {
        g_autofree char *awaited = ll_co_describe_wait (co);

        *color = &io_color;
        if (strstr (awaited, "step_gate") != NULL)
          {
            *color = &ready_color;
            return g_strdup (C_("pipe node state", "waiting for Step"));
          }
        if (strstr (awaited, "read") != NULL || strstr (awaited, "query_info") != NULL)
          return g_strdup (C_("pipe node state", "awaiting read"));
        return g_strdup (C_("pipe node state", "awaiting IO"));
      }

    case LL_CO_WAIT_CO:
      *color = &io_color;
      /* Translators: the short form of "awaiting a coroutine", for a narrow box */
      *short_words = C_("pipe node state", "awaiting");
      return g_strdup (C_("pipe node state", "awaiting a coroutine"));

    case LL_CO_WAIT_NONE:
    default:
      return g_strdup (C_("pipe node state", "suspended"));
    }
}

/* "20 in · 3 out"; a node nothing sends to counts what it sent, one
 * that sends to nothing what it took in. */
static char *
describe_counts (LlPipeGraph *self,
                 guint        node,
                 char       **short_words)
{
  NodeView *view = node_at (self, node);
  g_autofree char *in = format_count (ll_pipe_node_get_n_received (self->pipe, node));
  g_autofree char *out = format_count (ll_pipe_node_get_n_sent (self->pipe, node));

  if (view->n_in == 0 && view->n_out > 0)
    /* Translators: what a source sent, "20 sent" */
    return g_strdup_printf (_("%s sent"), out);
  if (view->n_out == 0)
    /* Translators: what a sink took in, "3 in" */
    return g_strdup_printf (_("%s in"), in);
  /* Translators: the short form of "20 in · 3 out", for a narrow box */
  *short_words = g_strdup_printf (_("%s → %s"), in, out);
  /* Translators: what a filter took in and sent on, "20 in · 3 out" */
  return g_strdup_printf (_("%s in · %s out"), in, out);
}

/* The summary a screen reader reads:
 * "follow: 20 sent; grep('python'): 20 in, 3 out; printer: 3 in". */
static char *
describe_pipe (LlPipeGraph *self)
{
  GString *s = g_string_new (NULL);
  guint n_nodes = MIN (ll_pipe_get_n_nodes (self->pipe), self->nodes->len);

  for (guint i = 0; i < n_nodes; i++)
    {
      NodeView *view = node_at (self, i);
      const char *label = ll_pipe_node_get_label (self->pipe, i);
      g_autofree char *in = format_count (ll_pipe_node_get_n_received (self->pipe, i));
      g_autofree char *out = format_count (ll_pipe_node_get_n_sent (self->pipe, i));

      if (i > 0)
        /* Translators: between two stages in the summary a screen reader reads */
        g_string_append (s, _("; "));

      if (view->n_in == 0 && view->n_out > 0)
        /* Translators: a source in the summary, "follow: 20 sent" */
        g_string_append_printf (s, _("%s: %s sent"), label, out);
      else if (view->n_out == 0)
        /* Translators: a sink in the summary, "printer: 3 in" */
        g_string_append_printf (s, _("%s: %s in"), label, in);
      else
        /* Translators: a filter in the summary, "grep('python'): 20 in, 3 out" */
        g_string_append_printf (s, _("%s: %s in, %s out"), label, in, out);

      if (ll_pipe_node_get_closed (self->pipe, i))
        {
          g_autofree char *closed = describe_closed (self->pipe, i);

          /* Translators: after a stage's counts in the summary, ", closed 2nd" */
          g_string_append_printf (s, _(", %s"), closed);
        }
    }

  return g_string_free (s, FALSE);
}

/* Sets the accessible description, at most every DESCRIBE_EVERY unless
 * @force: a change left for later waits for a tick, and the last tick
 * of an animation forces it. */
static void
update_description (LlPipeGraph *self,
                    gint64       now,
                    gboolean     force)
{
  g_autofree char *description = NULL;

  if (!force && now - self->last_described < DESCRIBE_EVERY)
    return;

  self->last_described = now;
  description = self->pipe != NULL && self->structure_valid ? describe_pipe (self) : g_strdup ("");
  if (g_strcmp0 (description, self->description) == 0)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_free (self->description);
  self->description = g_steal_pointer (&description);
}

/* The structure: columns and rows, from the pipe's edges */

static void
forget_pipe_views (LlPipeGraph *self)
{
  g_array_set_size (self->nodes, 0);
  g_array_set_size (self->edges, 0);
  g_array_set_size (self->sample_times, 0);
  g_array_set_size (self->sample_counts, 0);
  g_clear_pointer (&self->background, gsk_render_node_unref);
  self->structure_valid = FALSE;
  self->geometry_width = 0;
  self->last_poll = 0;
}

/* Grows the views to the pipe's nodes and edges, which are only ever
 * added: an edge seen for the first time has made no dot yet, nor will
 * for what crossed it before. */
static void
sync_views (LlPipeGraph *self)
{
  guint n_nodes = ll_pipe_get_n_nodes (self->pipe);
  guint n_edges = ll_pipe_get_n_edges (self->pipe);

  if (self->nodes->len < n_nodes)
    g_array_set_size (self->nodes, n_nodes);
  for (guint i = self->edges->len; i < n_edges; i++)
    {
      EdgeView edge = { 0 };

      edge.seen = ll_pipe_edge_get_n_sent (self->pipe, i);
      g_array_append_val (self->edges, edge);
    }
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  LlPipeGraph *self = data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  double ka = node_at (self, ia)->key, kb = node_at (self, ib)->key;

  if (ka != kb)
    return ka < kb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* Columns by depth, the longest path from a node with no edge in; rows
 * in a column ordered by where their senders are (one pass, left to
 * right), so that the edges cross as little as a simple rule can. */
static void
lay_out_structure (LlPipeGraph *self)
{
  guint n_nodes, n_edges;
  g_autoptr(GArray) column = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *column_size = NULL;

  sync_views (self);
  n_nodes = self->nodes->len;
  n_edges = self->edges->len;

  for (guint i = 0; i < n_nodes; i++)
    {
      NodeView *node = node_at (self, i);

      node->depth = 0;
      node->n_in = node->n_out = 0;
    }
  for (guint e = 0; e < n_edges; e++)
    {
      node_at (self, ll_pipe_edge_get_from (self->pipe, e))->n_out++;
      node_at (self, ll_pipe_edge_get_to (self->pipe, e))->n_in++;
    }

  /* Longest paths by relaxation; a cycle (which no pipe makes) stops
   * at n_nodes - 1. */
  for (guint pass = 0; pass < n_nodes; pass++)
    {
      gboolean changed = FALSE;

      for (guint e = 0; e < n_edges; e++)
        {
          NodeView *from = node_at (self, ll_pipe_edge_get_from (self->pipe, e));
          NodeView *to = node_at (self, ll_pipe_edge_get_to (self->pipe, e));

          if (to->depth < from->depth + 1 && from->depth + 1 < n_nodes)
            {
              to->depth = from->depth + 1;
              changed = TRUE;
            }
        }
      if (!changed)
        break;
    }

  self->n_columns = 0;
  for (guint i = 0; i < n_nodes; i++)
    self->n_columns = MAX (self->n_columns, node_at (self, i)->depth + 1);

  column_size = g_new0 (guint, MAX (self->n_columns, 1));
  for (guint i = 0; i < n_nodes; i++)
    column_size[node_at (self, i)->depth]++;

  self->max_rows = 0;
  for (guint c = 0; c < self->n_columns; c++)
    {
      self->max_rows = MAX (self->max_rows, column_size[c]);

      g_array_set_size (column, 0);
      for (guint i = 0; i < n_nodes; i++)
        {
          NodeView *node = node_at (self, i);
          double sum = 0;
          guint n = 0;

          if (node->depth != c)
            continue;

          /* Where its senders stand, from -0.5 (top) to 0.5 (bottom). */
          for (guint e = 0; e < n_edges && c > 0; e++)
            {
              NodeView *from;

              if (ll_pipe_edge_get_to (self->pipe, e) != i)
                continue;
              from = node_at (self, ll_pipe_edge_get_from (self->pipe, e));
              sum += (from->row + 0.5) / column_size[from->depth] - 0.5;
              n++;
            }
          node->key = n > 0 ? sum / n : (double) i;
          g_array_append_val (column, i);
        }

      g_array_sort_with_data (column, compare_by_key, self);
      for (guint r = 0; r < column->len; r++)
        node_at (self, g_array_index (column, guint, r))->row = r;
    }

  for (guint i = 0; i < n_nodes; i++)
    text_set (self, &node_at (self, i)->label, TEXT_LABEL, ll_pipe_node_get_label (self->pipe, i));

  self->structure_serial = ll_pipe_get_serial (self->pipe);
  self->structure_valid = TRUE;
  self->geometry_width = 0;
  g_clear_pointer (&self->background, gsk_render_node_unref);
}

static gboolean
ensure_structure (LlPipeGraph *self)
{
  if (self->pipe == NULL)
    return FALSE;
  if (self->structure_valid && self->structure_serial == ll_pipe_get_serial (self->pipe))
    return FALSE;

  lay_out_structure (self);
  return TRUE;
}

/* The geometry: where the boxes and edges are, for a size
 *
 * The columns share the width.  When a long chain would leave each box
 * too narrow to read (the six stages of sax-bus in 600 px), the columns
 * fold into bands, one under the other, as a snake: the first band runs
 * left to right, the next right to left under it, and the edge from one
 * band to the next goes down, so that every edge stays short. */

static int
line_height (LlPipeGraph *self,
             TextKind     kind)
{
  g_autoptr(PangoLayout) probe = create_layout (self, kind);
  int height;

  pango_layout_set_text (probe, "Ag", -1);
  pango_layout_get_pixel_size (probe, NULL, &height);

  return height;
}

static double
box_height (LlPipeGraph *self,
            gboolean     rate_line)
{
  return 2 * BOX_PAD_Y + self->label_height + (rate_line ? 3 : 2) * (self->small_height + LINE_GAP);
}

typedef struct
{
  guint  n_bands;
  guint  per_band;    /* columns in a band */
  guint  row_units;   /* the bands' rows, summed */
  double column_w;
  double box_w;
  double row_h;
} Plan;

/* The rows of a band: those of its tallest column. */
static guint
band_rows (const guint *column_size,
           guint        n_columns,
           guint        per_band,
           guint        band)
{
  guint rows = 1;

  for (guint c = band * per_band; c < MIN (n_columns, (band + 1) * per_band); c++)
    rows = MAX (rows, column_size[c]);

  return rows;
}

static void
plan_bands (LlPipeGraph *self,
            const guint *column_size,
            guint        n_bands,
            double       usable_w,
            double       usable_h,
            Plan        *plan)
{
  guint n_columns = MAX (self->n_columns, 1);

  plan->n_bands = n_bands;
  plan->per_band = (n_columns + n_bands - 1) / n_bands;
  plan->column_w = MIN (usable_w / plan->per_band, COLUMN_MAX_W);
  plan->box_w = MIN (plan->column_w - CLAMP (plan->column_w * 0.3 - 19, EDGE_MIN_W, 80.0), self->natural_box_w);
  plan->row_units = 0;
  for (guint b = 0; b < n_bands; b++)
    plan->row_units += band_rows (column_size, n_columns, plan->per_band, b);
  plan->row_h = (usable_h - (n_bands - 1) * BAND_GAP) / plan->row_units;
}

/* One band if its boxes are wide enough to read; otherwise as few bands
 * as make them so, or the widest boxes of those whose rows fit. */
static void
choose_plan (LlPipeGraph *self,
             const guint *column_size,
             double       usable_w,
             double       usable_h,
             Plan        *plan)
{
  double fits_h = box_height (self, FALSE) + 6;
  guint n_columns = MAX (self->n_columns, 1);
  Plan best;

  plan_bands (self, column_size, 1, usable_w, usable_h, &best);
  if (best.box_w >= MIN (GOOD_BOX_W, self->natural_box_w))
    {
      *plan = best;
      return;
    }

  for (guint n_bands = 2; n_bands <= n_columns; n_bands++)
    {
      Plan candidate;

      plan_bands (self, column_size, n_bands, usable_w, usable_h, &candidate);
      /* As many bands as the last, one of them empty. */
      if ((n_bands - 1) * candidate.per_band >= n_columns)
        continue;
      if (candidate.row_h < fits_h)
        continue;
      if (candidate.box_w >= MIN (GOOD_BOX_W, self->natural_box_w))
        {
          *plan = candidate;
          return;
        }
      if (candidate.box_w > best.box_w)
        best = candidate;
    }

  *plan = best;
}

static Side
opposite (Side side)
{
  switch (side)
    {
    case SIDE_RIGHT:
      return SIDE_LEFT;
    case SIDE_LEFT:
      return SIDE_RIGHT;
    case SIDE_BOTTOM:
      return SIDE_TOP;
    case SIDE_TOP:
    default:
      return SIDE_BOTTOM;
    }
}

static gboolean
side_is_vertical (Side side)
{
  return side == SIDE_LEFT || side == SIDE_RIGHT;
}

/* Where on @side of @box an edge leaves or enters: the @index-th of
 * @n, spread along that side, ordered as their other ends are. */
static graphene_point_t
port_point (const graphene_rect_t *box,
            Side                   side,
            guint                  index,
            guint                  n)
{
  double along = side_is_vertical (side) ? box->size.height : box->size.width;
  double spacing = MIN (side_is_vertical (side) ? 10.0 : 16.0, (along - 2 * BOX_RADIUS) / MAX (n, 1));
  double offset = (index - (n - 1) / 2.0) * spacing;
  double cx = box->origin.x + box->size.width / 2, cy = box->origin.y + box->size.height / 2;

  switch (side)
    {
    case SIDE_RIGHT:
      return GRAPHENE_POINT_INIT (box->origin.x + box->size.width, cy + offset);
    case SIDE_LEFT:
      return GRAPHENE_POINT_INIT (box->origin.x - 1, cy + offset);
    case SIDE_BOTTOM:
      return GRAPHENE_POINT_INIT (cx + offset, box->origin.y + box->size.height);
    case SIDE_TOP:
    default:
      return GRAPHENE_POINT_INIT (cx + offset, box->origin.y - 1);
    }
}

/* The centre of the box at @edge's other end: the ports of one side
 * are ordered by it. */
static double
far_end (LlPipeGraph *self,
         guint        edge,
         gboolean     outgoing,
         Side         side)
{
  guint far = outgoing ? ll_pipe_edge_get_to (self->pipe, edge) : ll_pipe_edge_get_from (self->pipe, edge);
  const graphene_rect_t *box = &node_at (self, far)->box;

  return side_is_vertical (side) ? box->origin.y + box->size.height / 2 : box->origin.x + box->size.width / 2;
}

static graphene_point_t
edge_port (LlPipeGraph *self,
           guint        edge,
           gboolean     outgoing)
{
  guint node = outgoing ? ll_pipe_edge_get_from (self->pipe, edge) : ll_pipe_edge_get_to (self->pipe, edge);
  Side side = outgoing ? edge_at (self, edge)->out_side : edge_at (self, edge)->in_side;
  double at = far_end (self, edge, outgoing, side);
  guint index = 0, n = 0;

  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *other = edge_at (self, e);
      guint end = outgoing ? ll_pipe_edge_get_from (self->pipe, e) : ll_pipe_edge_get_to (self->pipe, e);
      double other_at;

      if (end != node || (outgoing ? other->out_side : other->in_side) != side)
        continue;
      n++;
      other_at = far_end (self, e, outgoing, side);
      if (e != edge && (other_at < at || (other_at == at && e < edge)))
        index++;
    }

  return port_point (&node_at (self, node)->box, side, index, n);
}

static graphene_point_t
edge_point (const EdgeView *edge,
            double          t)
{
  double u = 1 - t;
  double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;

  return GRAPHENE_POINT_INIT (a * edge->p[0].x + b * edge->p[1].x + c * edge->p[2].x + d * edge->p[3].x,
                              a * edge->p[0].y + b * edge->p[1].y + c * edge->p[2].y + d * edge->p[3].y);
}

static void
sample_edge (EdgeView *edge)
{
  edge->length = 0;
  edge->samples[0] = edge->p[0];
  for (int i = 1; i <= EDGE_SAMPLES; i++)
    {
      edge->samples[i] = edge_point (edge, (double) i / EDGE_SAMPLES);
      edge->length += graphene_point_distance (&edge->samples[i - 1], &edge->samples[i], NULL, NULL);
    }
}

static void
lay_out_edge (LlPipeGraph *self,
              guint        e)
{
  EdgeView *edge = edge_at (self, e);
  graphene_point_t p0, p3;
  double bend;

  p0 = edge_port (self, e, TRUE);
  p3 = edge_port (self, e, FALSE);
  edge->p[0] = p0;
  edge->p[3] = p3;
  if (side_is_vertical (edge->out_side))
    {
      double sign = edge->out_side == SIDE_RIGHT ? 1 : -1;

      bend = MAX (fabs (p3.x - p0.x) * 0.5, 24.0);
      edge->p[1] = GRAPHENE_POINT_INIT (p0.x + sign * bend, p0.y);
      edge->p[2] = GRAPHENE_POINT_INIT (p3.x - sign * bend, p3.y);
    }
  else
    {
      bend = MAX (fabs (p3.y - p0.y) * 0.5, 12.0);
      edge->p[1] = GRAPHENE_POINT_INIT (p0.x, p0.y + bend);
      edge->p[2] = GRAPHENE_POINT_INIT (p3.x, p3.y - bend);
    }

  /* Dots at least DOT_GAP apart, however short the edge. */
  sample_edge (edge);
  edge->spacing = MAX (DOT_SPACING, (gint64) (DOT_TIME * DOT_GAP / MAX (edge->length, 1.0)));
}

/* As wide as the longest label and the longest state need, within
 * limits: what is left of a column goes to its edges, for the dots. */
static double
natural_box_width (LlPipeGraph *self)
{
  g_autoptr(PangoLayout) probe = create_layout (self, TEXT_SMALL);
  int widest;

  pango_layout_set_text (probe, C_("pipe node state", "suspended at yield"), -1);
  pango_layout_get_pixel_size (probe, &widest, NULL);
  widest += STATE_DOT + 5;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Text *label = &node_at (self, i)->label;
      PangoAttrList *attrs;
      int width;

      if (label->layout == NULL)
        continue;
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (label->layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (label->layout, -1);
      pango_layout_get_pixel_size (label->layout, &width, NULL);
      widest = MAX (widest, width);
    }

  return CLAMP (widest + 2 * BOX_PAD_X + 8, BOX_MIN_W, BOX_MAX_W);
}

/* A label too long for its box in the widget's font, a size smaller
 * before it is cut short: grep('python') keeps its pattern. */
static void
fit_label (Text   *label,
           double  width)
{
  PangoAttrList *attrs;

  if (label->layout == NULL)
    return;

  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (label->layout, attrs);
  text_set_width (label, width);
  if (pango_layout_is_ellipsized (label->layout))
    {
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.9));
      pango_layout_set_attributes (label->layout, attrs);
    }
  pango_attr_list_unref (attrs);
}

static void
lay_out_geometry (LlPipeGraph *self,
                  int          width,
                  int          height)
{
  double usable_w = MAX (width - 2 * MARGIN, 1);
  double usable_h = MAX (height - 2 * MARGIN, 1);
  guint n_columns = MAX (self->n_columns, 1);
  g_autofree guint *column_size = g_new0 (guint, n_columns);
  g_autofree double *band_top = NULL;
  double box_h, pitch, total_h, x0, y;
  Plan plan;

  self->label_height = line_height (self, TEXT_LABEL);
  self->small_height = line_height (self, TEXT_SMALL);

  for (guint i = 0; i < self->nodes->len; i++)
    column_size[node_at (self, i)->depth]++;

  self->natural_box_w = natural_box_width (self);
  choose_plan (self, column_size, usable_w, usable_h, &plan);

  /* A line of its own for the rate when the rows have room for it;
   * otherwise the rate goes beside the counts, if it fits there. */
  self->rate_line = box_height (self, TRUE) + ROW_GAP <= plan.row_h;
  box_h = MIN (box_height (self, self->rate_line), MAX (plan.row_h - 4, 24));
  pitch = MIN (plan.row_h, box_h + 4 * ROW_GAP);

  /* The bands one under the other, centred together. */
  band_top = g_new0 (double, plan.n_bands);
  total_h = plan.row_units * pitch + (plan.n_bands - 1) * BAND_GAP;
  y = MARGIN + (usable_h - total_h) / 2.0;
  for (guint b = 0; b < plan.n_bands; b++)
    {
      band_top[b] = y;
      y += band_rows (column_size, n_columns, plan.per_band, b) * pitch + BAND_GAP;
    }
  x0 = (width - plan.per_band * plan.column_w) / 2.0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      NodeView *node = node_at (self, i);
      guint band = node->depth / plan.per_band;
      guint column = node->depth % plan.per_band;
      double rows_h = band_rows (column_size, n_columns, plan.per_band, band) * pitch;
      double column_top = band_top[band] + (rows_h - column_size[node->depth] * pitch) / 2.0;
      double inner_w = plan.box_w - 2 * BOX_PAD_X;

      node->band = band;
      if (band % 2 == 1)
        column = plan.per_band - 1 - column;
      node->box = GRAPHENE_RECT_INIT (round (x0 + column * plan.column_w + (plan.column_w - plan.box_w) / 2.0),
                                      round (column_top + node->row * pitch + (pitch - box_h) / 2.0),
                                      round (plan.box_w), round (box_h));
      fit_label (&node->label, inner_w);
      text_set_width (&node->rate, inner_w);
      /* Fitted again to the new width by the next update_texts(). */
      g_clear_pointer (&node->state_words, g_free);
      g_clear_pointer (&node->counts_words, g_free);
    }

  /* Within a band an edge runs the band's way; from one band to the
   * next it goes down. */
  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);
      NodeView *from = node_at (self, ll_pipe_edge_get_from (self->pipe, e));
      NodeView *to = node_at (self, ll_pipe_edge_get_to (self->pipe, e));

      if (to->band > from->band)
        edge->out_side = SIDE_BOTTOM;
      else if (to->band < from->band)
        edge->out_side = SIDE_TOP;
      else
        edge->out_side = from->box.origin.x <= to->box.origin.x ? SIDE_RIGHT : SIDE_LEFT;
      edge->in_side = opposite (edge->out_side);
    }
  for (guint e = 0; e < self->edges->len; e++)
    lay_out_edge (self, e);

  self->geometry_width = width;
  self->geometry_height = height;
  g_clear_pointer (&self->background, gsk_render_node_unref);
}

/* Reading the pipe */

static gboolean
edge_has_room (const EdgeView *edge)
{
  return edge->n_dots < MAX_DOTS;
}

/* The least time between two dots of @edge: DOT_SPACING, or more on a
 * short edge, so that they stay DOT_GAP apart. */
static gint64
edge_spacing (const EdgeView *edge)
{
  return MAX (DOT_SPACING, edge->spacing);
}

static void
edge_add_dot (EdgeView *edge,
              gint64    start)
{
  g_assert (edge_has_room (edge));

  /* Two dots of one edge never start together: each would hide the other. */
  if (edge->n_dots > 0)
    start = MAX (start, edge->last_dot + edge_spacing (edge));
  edge->dots[(edge->first + edge->n_dots) % MAX_DOTS] = start;
  edge->n_dots++;
  edge->last_dot = start;
}

/* Drops the dots that have arrived; returns whether any is left. */
static gboolean
advance_dots (LlPipeGraph *self,
              gint64       now)
{
  gboolean any = FALSE;

  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);

      while (edge->n_dots > 0 && now - edge->dots[edge->first] >= DOT_TIME)
        {
          edge->first = (edge->first + 1) % MAX_DOTS;
          edge->n_dots--;
        }
      any = any || edge->n_dots > 0;
    }

  return any;
}

static gboolean
has_dots (LlPipeGraph *self)
{
  for (guint e = 0; e < self->edges->len; e++)
    {
      if (edge_at (self, e)->n_dots > 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether the items come few enough to follow one by one: stepping, or
 * running at no more than a few a second on any edge (a log that grows
 * a line at a time), and no more than one an edge since the last look. */
static gboolean
items_are_few (LlPipeGraph   *self,
               const guint64 *grown)
{
  if (!self->running)
    return TRUE;

  for (guint e = 0; e < self->edges->len; e++)
    {
      if (grown[e] > 1 || edge_at (self, e)->items_per_s > FEW_PER_S)
        return FALSE;
    }

  return TRUE;
}

/* Turns what the edges' counters grew by into dots.  A few items, each
 * is one dot, and an edge further down the chain sets off as the one
 * before it lands, as the item goes from stage to stage (the send itself
 * went all the way down at once).  Many, the dots are spread over the
 * time since the last look, one per spacing of the edge at most: the
 * rest of the items are counted, not drawn. */
static void
launch_dots (LlPipeGraph *self,
             gint64       now)
{
  gboolean few;
  gint64 since = self->last_poll != 0 ? CLAMP (now - self->last_poll, 10 * G_TIME_SPAN_MILLISECOND,
                                                100 * G_TIME_SPAN_MILLISECOND)
                                      : 50 * G_TIME_SPAN_MILLISECOND;
  gboolean mapped = gtk_widget_get_mapped (GTK_WIDGET (self));
  guint first_depth = G_MAXUINT;
  g_autofree guint64 *grown = g_new0 (guint64, MAX (self->edges->len, 1));

  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);
      guint64 n = ll_pipe_edge_get_n_sent (self->pipe, e);

      grown[e] = n > edge->seen ? n - edge->seen : 0;
      edge->seen = n;
      if (grown[e] > 0)
        first_depth = MIN (first_depth, node_at (self, ll_pipe_edge_get_from (self->pipe, e))->depth);
    }

  /* Unseen, nothing moves: what crossed meanwhile is counted, not shown. */
  if (!mapped)
    return;

  few = items_are_few (self, grown);
  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);
      gint64 spacing = edge_spacing (edge);

      if (grown[e] == 0)
        continue;

      if (few)
        {
          guint depth = node_at (self, ll_pipe_edge_get_from (self->pipe, e))->depth;
          gint64 start = now + (gint64) (depth - first_depth) * DOT_TIME;

          for (guint64 i = 0; i < grown[e] && edge_has_room (edge); i++)
            edge_add_dot (edge, start + (gint64) i * MAX (STEP_DOT_SPACING, spacing));
        }
      else
        {
          gint64 t = now - since;
          guint64 n = 0;

          if (edge->last_dot != 0)
            t = MAX (t, edge->last_dot + spacing);
          for (; t < now && n < grown[e] && edge_has_room (edge); t += spacing, n++)
            edge_add_dot (edge, t);
        }
    }
}

static guint64
node_flow (LlPipeGraph *self,
           guint        node)
{
  if (node_at (self, node)->n_in > 0)
    return ll_pipe_node_get_n_received (self->pipe, node);
  return ll_pipe_node_get_n_sent (self->pipe, node);
}

static void
clear_rates (LlPipeGraph *self)
{
  g_array_set_size (self->sample_times, 0);
  g_array_set_size (self->sample_counts, 0);
  for (guint i = 0; i < self->nodes->len; i++)
    node_at (self, i)->items_per_s = 0;
  for (guint e = 0; e < self->edges->len; e++)
    edge_at (self, e)->items_per_s = 0;
}

/* Items a second, from the counters over the last RATE_SPAN: what a
 * node took in (or sent, if nothing sends to it), what an edge carried. */
static void
sample_rates (LlPipeGraph *self,
              gint64       now)
{
  guint stride = self->nodes->len + self->edges->len;
  guint n;
  double span;
  const guint64 *first, *last;

  if (stride != self->sample_stride)
    {
      clear_rates (self);
      self->sample_stride = stride;
    }

  n = self->sample_times->len;
  if (n > 0 && now - g_array_index (self->sample_times, gint64, n - 1) < SAMPLE_EVERY)
    return;

  g_array_append_val (self->sample_times, now);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      guint64 count = node_flow (self, i);

      g_array_append_val (self->sample_counts, count);
    }
  for (guint e = 0; e < self->edges->len; e++)
    {
      guint64 count = ll_pipe_edge_get_n_sent (self->pipe, e);

      g_array_append_val (self->sample_counts, count);
    }

  /* Keep the newest sample at least RATE_SPAN old, and those after it. */
  while (self->sample_times->len >= 2 && g_array_index (self->sample_times, gint64, 1) <= now - RATE_SPAN)
    {
      g_array_remove_index (self->sample_times, 0);
      g_array_remove_range (self->sample_counts, 0, stride);
    }

  n = self->sample_times->len;
  span = (double) (now - g_array_index (self->sample_times, gint64, 0)) / G_TIME_SPAN_SECOND;
  if (n < 2 || span * G_TIME_SPAN_SECOND < RATE_MIN_SPAN)
    return;

  first = &g_array_index (self->sample_counts, guint64, 0);
  last = &g_array_index (self->sample_counts, guint64, (n - 1) * stride);
  for (guint i = 0; i < self->nodes->len; i++)
    node_at (self, i)->items_per_s = (last[i] - first[i]) / span;
  for (guint e = 0; e < self->edges->len; e++)
    edge_at (self, e)->items_per_s = (last[self->nodes->len + e] - first[self->nodes->len + e]) / span;
}

/* What the boxes and edges say; returns whether any of it changed. */
static gboolean
update_texts (LlPipeGraph *self)
{
  gboolean changed = FALSE;

  if (!self->structure_valid)
    return FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      NodeView *node = node_at (self, i);
      gboolean outside = ll_pipe_node_get_kind (self->pipe, i) == LL_PIPE_OUTSIDE;
      double inner_w = self->geometry_width > 0 ? node->box.size.width - 2 * BOX_PAD_X : -1;
      const GdkRGBA *color = NULL;
      const char *state_short = NULL;
      g_autofree char *state = NULL;
      g_autofree char *counts_short = NULL;
      g_autofree char *counts = describe_counts (self, i, &counts_short);
      g_autofree char *rate = NULL;

      if (outside)
        state = ll_pipe_node_get_closed (self->pipe, i) ? g_strdup (C_("pipe node state", "closed"))
                                                        : g_strdup (_("not a coroutine"));
      else
        state = describe_state (self->pipe, i, &color, &state_short);
      if (self->running && node->items_per_s > 0)
        rate = format_rate (node->items_per_s);

      changed |= text_set_fitting (self, &node->state, outside ? TEXT_CAPTION : TEXT_SMALL, &node->state_words,
                                   state, state_short, outside || inner_w < 0 ? inner_w : inner_w - STATE_DOT - 5);
      changed |= text_set_fitting (self, &node->counts, TEXT_SMALL, &node->counts_words,
                                   counts, counts_short, inner_w);
      if (text_set (self, &node->rate, TEXT_SMALL, rate))
        {
          text_set_width (&node->rate, inner_w);
          changed = TRUE;
        }
      changed |= node->state_color != color;
      node->state_color = color;
    }

  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);
      g_autofree char *rate = NULL;

      /* More than the dots show: they are a sample, the figure says how many. */
      if (self->running && edge->items_per_s > (double) G_TIME_SPAN_SECOND / edge_spacing (edge))
        rate = format_rate (edge->items_per_s);
      changed |= text_set (self, &edge->rate, TEXT_SMALL, rate);
    }

  return changed;
}

/* Reads the pipe: new dots, rates, words.  Returns whether anything
 * drawn changed. */
static gboolean
poll_pipe (LlPipeGraph *self,
           gint64       now)
{
  gboolean changed;

  if (self->pipe == NULL)
    return FALSE;

  changed = ensure_structure (self);
  launch_dots (self, now);
  if (self->running)
    sample_rates (self, now);
  self->last_poll = now;
  changed |= update_texts (self);

  return changed;
}

static void
update_ticking (LlPipeGraph *self)
{
  if (self->ticker != NULL)
    ll_ticker_set_wanted (self->ticker, self->pipe != NULL && (self->running || has_dots (self)));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (widget);
  /* A refresh reads the clock itself, and the frame clock rounds its
   * times to whole frames, so a frame may be dated up to half a frame
   * before that refresh: the dots it set off would be drawn as not yet
   * started, and that frame would lose them.  The graph's time only
   * goes forward. */
  gint64 now = MAX (gdk_frame_clock_get_frame_time (frame_clock), self->now);
  gboolean moving;

  self->now = now;
  if (poll_pipe (self, now))
    self->draw_pending = TRUE;
  moving = advance_dots (self, now);
  if (moving)
    self->draw_pending = TRUE;

  if (self->draw_pending && ll_ticker_draws_frame (frame_clock))
    {
      self->draw_pending = FALSE;
      gtk_widget_queue_draw (widget);
    }

  if (!self->running && !moving)
    {
      /* The last frame always draws: nothing follows it. */
      self->draw_pending = FALSE;
      gtk_widget_queue_draw (widget);
      update_description (self, now, TRUE);
      ll_ticker_set_wanted (self->ticker, FALSE);
      return G_SOURCE_CONTINUE;
    }

  update_description (self, now, FALSE);

  return G_SOURCE_CONTINUE;
}

/* Drawing */

static void
get_colors (LlPipeGraph *self,
            GdkRGBA     *fg,
            GdkRGBA     *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);

  /* The theme's accent: the highlight and the items.  GTK 4.8's Adwaita
   * names it only as the selection's colour, whose dark variant is too
   * deep a blue to see on the dark background: there, libadwaita's
   * dark accent. */
  if (gtk_style_context_lookup_color (context, "accent_color", accent))
    return;
  if (0.299 * fg->red + 0.587 * fg->green + 0.114 * fg->blue > 0.5)
    *accent = dark_accent;
  else if (!gtk_style_context_lookup_color (context, "theme_selected_bg_color", accent))
    *accent = default_accent;
}

static void
fill_rounded (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              double                 radius,
              const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, MIN (radius, MIN (rect->size.width, rect->size.height) / 2.0));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
outline_rounded (GtkSnapshot           *snapshot,
                 const graphene_rect_t *rect,
                 double                 radius,
                 float                  width,
                 const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, rect, MIN (radius, MIN (rect->size.width, rect->size.height) / 2.0));
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
draw_layout (GtkSnapshot   *snapshot,
             const Text    *text,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  if (text->text != NULL && text->layout != NULL)
    ll_draw_layout_at (snapshot, text->layout, x, y, color);
}

/* Where @edge's arrow points, from its last control point. */
static graphene_vec2_t
edge_direction (const EdgeView *edge)
{
  graphene_vec2_t d;

  graphene_vec2_init (&d, edge->p[3].x - edge->p[2].x, edge->p[3].y - edge->p[2].y);
  if (graphene_vec2_length (&d) < 0.01)
    graphene_vec2_init (&d, 1, 0);
  graphene_vec2_normalize (&d, &d);

  return d;
}

static void
path_edge (cairo_t        *cr,
           const EdgeView *edge)
{
  graphene_vec2_t d = edge_direction (edge);
  double back = ARROW_LENGTH - 1;

  cairo_move_to (cr, edge->p[0].x, edge->p[0].y);
  cairo_curve_to (cr, edge->p[1].x, edge->p[1].y, edge->p[2].x, edge->p[2].y,
                  edge->p[3].x - back * graphene_vec2_get_x (&d), edge->p[3].y - back * graphene_vec2_get_y (&d));
}

static void
path_arrow (cairo_t        *cr,
            const EdgeView *edge)
{
  graphene_vec2_t d = edge_direction (edge);
  double dx = graphene_vec2_get_x (&d), dy = graphene_vec2_get_y (&d);
  double bx = edge->p[3].x - ARROW_LENGTH * dx, by = edge->p[3].y - ARROW_LENGTH * dy;

  cairo_move_to (cr, edge->p[3].x, edge->p[3].y);
  cairo_line_to (cr, bx - ARROW_WIDTH * dy, by + ARROW_WIDTH * dx);
  cairo_line_to (cr, bx + ARROW_WIDTH * dy, by - ARROW_WIDTH * dx);
  cairo_close_path (cr);
}

/* The edges, one stroke and one fill per shade, so that edges that meet
 * at a box do not darken where they overlap. */
static void
draw_edges (LlPipeGraph   *self,
            GtkSnapshot   *snapshot,
            const GdkRGBA *fg)
{
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->edges->len == 0)
    return;

  /* A curve stays within its control points: the surface need not be
   * larger than they are, and the arrows. */
  graphene_rect_init (&bounds, edge_at (self, 0)->p[0].x, edge_at (self, 0)->p[0].y, 0, 0);
  for (guint e = 0; e < self->edges->len; e++)
    {
      for (guint k = 0; k < 4; k++)
        {
          graphene_rect_t point = GRAPHENE_RECT_INIT (edge_at (self, e)->p[k].x, edge_at (self, e)->p[k].y, 0, 0);

          graphene_rect_union (&bounds, &point, &bounds);
        }
    }
  graphene_rect_inset (&bounds, -(ARROW_WIDTH + 2), -(ARROW_WIDTH + 2));
  graphene_rect_round_extents (&bounds, &bounds);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int dim = 0; dim < 2; dim++)
    {
      gboolean any = FALSE;

      for (guint e = 0; e < self->edges->len; e++)
        {
          EdgeView *edge = edge_at (self, e);

          edge->dim = ll_pipe_node_get_closed (self->pipe, ll_pipe_edge_get_to (self->pipe, e));
          if (edge->dim != dim)
            continue;
          path_edge (cr, edge);
          any = TRUE;
        }
      if (!any)
        continue;

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (dim ? 0.14 : 0.35));
      cairo_stroke (cr);
      for (guint e = 0; e < self->edges->len; e++)
        {
          if (edge_at (self, e)->dim == dim)
            path_arrow (cr, edge_at (self, e));
        }
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
draw_outside_frame (GtkSnapshot           *snapshot,
                    const graphene_rect_t *box,
                    const GdkRGBA         *color)
{
  static const double dashes[] = { 4.0, 3.0 };
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, box);

  cairo_rectangle (cr, box->origin.x + 0.5, box->origin.y + 0.5, box->size.width - 1, box->size.height - 1);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_set_line_width (cr, 1.0);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* What moves only when the graph, its size, its style or the
 * highlighted node does: edges, boxes, labels. */
static GskRenderNode *
create_background (LlPipeGraph   *self,
                   const GdkRGBA *fg,
                   const GdkRGBA *accent)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  draw_edges (self, snapshot, fg);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      NodeView *node = node_at (self, i);
      gboolean closed = ll_pipe_node_get_closed (self->pipe, i);
      gboolean outside = ll_pipe_node_get_kind (self->pipe, i) == LL_PIPE_OUTSIDE;
      gboolean highlighted = i == self->highlight;
      GdkRGBA fill, edge, ink;

      if (highlighted)
        {
          fill = ll_draw_with_alpha (accent, 0.14f);
          edge = *accent;
          ink = *fg;
        }
      else if (closed)
        {
          fill = ll_draw_with_alpha (fg, 0.02f);
          edge = ll_draw_with_alpha (fg, 0.12f);
          ink = ll_draw_with_alpha (fg, 0.45f);
        }
      else
        {
          fill = ll_draw_with_alpha (fg, outside ? 0.0f : 0.05f);
          edge = ll_draw_with_alpha (fg, outside ? 0.40f : 0.18f);
          ink = outside ? ll_draw_with_alpha (fg, 0.85f) : *fg;
        }

      if (outside && !highlighted)
        {
          draw_outside_frame (snapshot, &node->box, &edge);
        }
      else
        {
          double radius = outside ? 0 : BOX_RADIUS;

          fill_rounded (snapshot, &node->box, radius, &fill);
          outline_rounded (snapshot, &node->box, radius, highlighted ? 2.f : 1.f, &edge);
        }

      if (node->label.layout != NULL)
        {
          int label_h;

          /* A label set a size smaller sits in the middle of its line. */
          pango_layout_get_pixel_size (node->label.layout, NULL, &label_h);
          draw_layout (snapshot, &node->label, node->box.origin.x + BOX_PAD_X,
                       node->box.origin.y + BOX_PAD_Y + (self->label_height - label_h) / 2.0, &ink);
        }
    }

  return gtk_snapshot_free_to_node (snapshot);
}

static void
draw_dot (GtkSnapshot      *snapshot,
          graphene_point_t  at,
          double            radius,
          const GdkRGBA    *color)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (at.x - radius, at.y - radius, 2 * radius, 2 * radius);

  fill_rounded (snapshot, &rect, radius, color);
}

static void
draw_node_texts (LlPipeGraph   *self,
                 GtkSnapshot   *snapshot,
                 const GdkRGBA *fg)
{
  GdkRGBA dim = ll_draw_with_alpha (fg, 0.62f);
  GdkRGBA faint = ll_draw_with_alpha (fg, 0.4f);
  GdkRGBA figures = ll_draw_with_alpha (fg, 0.85f);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      NodeView *node = node_at (self, i);
      gboolean closed = ll_pipe_node_get_closed (self->pipe, i);
      double x = node->box.origin.x + BOX_PAD_X;
      double y = node->box.origin.y + BOX_PAD_Y + self->label_height + LINE_GAP;
      double bottom = node->box.origin.y + node->box.size.height - BOX_PAD_Y;
      const GdkRGBA *ink = closed ? &faint : &dim;

      if (node->state.text != NULL && y + self->small_height <= bottom + 1)
        {
          double text_x = x;

          if (ll_pipe_node_get_kind (self->pipe, i) != LL_PIPE_OUTSIDE)
            {
              GdkRGBA dot = node->state_color != NULL ? *node->state_color : ll_draw_with_alpha (fg, closed ? 0.25f : 0.45f);

              draw_dot (snapshot, GRAPHENE_POINT_INIT (x + STATE_DOT / 2, y + self->small_height / 2.0),
                        STATE_DOT / 2, &dot);
              text_x += STATE_DOT + 5;
            }
          draw_layout (snapshot, &node->state, text_x, y, ink);
        }
      y += self->small_height + LINE_GAP;

      if (y + self->small_height <= bottom + 1)
        {
          draw_layout (snapshot, &node->counts, x, y, closed ? &faint : &figures);

          /* No line for the rate: beside the counts, if it fits. */
          if (!self->rate_line && node->rate.text != NULL &&
              text_width (&node->counts) + 8 + text_width (&node->rate) <= node->box.size.width - 2 * BOX_PAD_X)
            draw_layout (snapshot, &node->rate, node->box.origin.x + node->box.size.width - BOX_PAD_X - text_width (&node->rate),
                         y, &dim);
        }
      y += self->small_height + LINE_GAP;

      if (self->rate_line && y + self->small_height <= bottom + 1)
        draw_layout (snapshot, &node->rate, x, y, &dim);
    }
}

static void
draw_dots (LlPipeGraph   *self,
           GtkSnapshot   *snapshot,
           const GdkRGBA *accent)
{
  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);

      for (guint k = 0; k < edge->n_dots; k++)
        {
          gint64 start = edge->dots[(edge->first + k) % MAX_DOTS];
          double t = (double) (self->now - start) / DOT_TIME;

          /* Waiting for the edge before it, or landed since the tick. */
          if (t < 0 || t > 1)
            continue;
          draw_dot (snapshot, edge_point (edge, t), DOT_RADIUS, accent);
        }
    }
}

/* Whether @rect is clear of the boxes, the edges and their dots, the
 * labels placed before it and the widget's edges. */
static gboolean
is_clear (LlPipeGraph           *self,
          const graphene_rect_t *rect,
          GArray                *placed)
{
  graphene_rect_t around = *rect;

  if (rect->origin.x < 0 || rect->origin.y < 0 ||
      rect->origin.x + rect->size.width > self->geometry_width ||
      rect->origin.y + rect->size.height > self->geometry_height)
    return FALSE;

  graphene_rect_inset (&around, -(DOT_RADIUS + 1), -(DOT_RADIUS + 1));
  for (guint i = 0; i < self->nodes->len; i++)
    {
      if (graphene_rect_intersection (&node_at (self, i)->box, &around, NULL))
        return FALSE;
    }
  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);

      for (guint k = 0; k <= EDGE_SAMPLES; k++)
        {
          if (graphene_rect_contains_point (&around, &edge->samples[k]))
            return FALSE;
        }
    }
  for (guint i = 0; i < placed->len; i++)
    {
      if (graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, i), &around, NULL))
        return FALSE;
    }

  return TRUE;
}

/* An edge's rate, beside it where there is room: above its middle, or a
 * little either way along it, or below; nowhere, if the edge is too
 * crowded (the boxes say their own rates). */
static void
draw_edge_rates (LlPipeGraph   *self,
                 GtkSnapshot   *snapshot,
                 const GdkRGBA *fg)
{
  static const double along[] = { 0.5, 0.35, 0.65, 0.2, 0.8 };
  GdkRGBA ink = ll_draw_with_alpha (fg, 0.7f);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));

  for (guint e = 0; e < self->edges->len; e++)
    {
      EdgeView *edge = edge_at (self, e);
      gboolean vertical = !side_is_vertical (edge->out_side);
      gboolean found = FALSE;
      graphene_rect_t rect;
      int w, h;

      if (edge->rate.text == NULL)
        continue;
      pango_layout_get_pixel_size (edge->rate.layout, &w, &h);

      for (guint side = 0; side < 2 && !found; side++)
        {
          for (guint k = 0; k < G_N_ELEMENTS (along) && !found; k++)
            {
              graphene_point_t at = edge_point (edge, along[k]);
              double gap = DOT_RADIUS + 3;

              if (vertical)
                rect = GRAPHENE_RECT_INIT (side == 0 ? at.x + gap : at.x - gap - w, at.y - h / 2.0, w, h);
              else
                rect = GRAPHENE_RECT_INIT (at.x - w / 2.0, side == 0 ? at.y - gap - h : at.y + gap, w, h);
              found = is_clear (self, &rect, placed);
            }
        }
      if (!found)
        continue;

      g_array_append_val (placed, rect);
      ll_draw_layout_at (snapshot, edge->rate.layout, rect.origin.x, rect.origin.y, &ink);
    }
}

static void
ll_pipe_graph_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent;

  if (self->pipe == NULL || width <= 0 || height <= 0)
    return;

  if (ensure_structure (self))
    update_texts (self);
  if (self->nodes->len == 0)
    return;
  if (self->geometry_width != width || self->geometry_height != height)
    {
      lay_out_geometry (self, width, height);
      update_texts (self);
    }

  get_colors (self, &fg, &accent);
  if (self->background == NULL)
    self->background = create_background (self, &fg, &accent);
  gtk_snapshot_append_node (snapshot, self->background);

  draw_node_texts (self, snapshot, &fg);
  draw_dots (self, snapshot, &accent);
  draw_edge_rates (self, snapshot, &fg);
}

static void
ll_pipe_graph_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (widget);
  guint rows;

  ensure_structure (self);
  rows = self->pipe != NULL ? MAX (self->max_rows, 1) : 1;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 640;
    }
  else
    {
      *minimum = 200;
      *natural = MAX (260, (int) (rows * 96 + 2 * MARGIN));
    }
}

static void
ll_pipe_graph_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (widget);

  GTK_WIDGET_CLASS (ll_pipe_graph_parent_class)->css_changed (widget, change);

  /* Colours or fonts may have changed: new layouts, a new background. */
  for (guint i = 0; i < self->nodes->len; i++)
    node_view_clear (node_at (self, i));
  for (guint e = 0; e < self->edges->len; e++)
    edge_view_clear (edge_at (self, e));
  self->structure_valid = FALSE;
  self->geometry_width = 0;
  g_clear_pointer (&self->background, gsk_render_node_unref);
  gtk_widget_queue_draw (widget);
}

static gboolean
query_tooltip_cb (LlPipeGraph *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip)
{
  if (self->pipe == NULL || !self->structure_valid || self->geometry_width == 0)
    return FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      NodeView *node = node_at (self, i);
      g_autoptr(GString) text = NULL;

      if (!graphene_rect_contains_point (&node->box, &GRAPHENE_POINT_INIT (x, y)))
        continue;

      /* The words in full, where the box may show fewer. */
      text = g_string_new (ll_pipe_node_get_label (self->pipe, i));
      if (node->state_words != NULL)
        g_string_append_printf (text, "\n%s", node->state_words);
      if (node->counts_words != NULL)
        g_string_append_printf (text, "\n%s", node->counts_words);
      if (node->rate.text != NULL)
        g_string_append_printf (text, "\n%s", node->rate.text);
      gtk_tooltip_set_text (tooltip, text->str);
      return TRUE;
    }

  return FALSE;
}

static void
closed_cb (LlPipeGraph *self)
{
  /* A stage closed in the middle of a cascade of cleanups: the next
   * frame (or the page's refresh) reads the pipe once they are done. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ll_pipe_graph_dispose (GObject *object)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (object);

  g_clear_pointer (&self->ticker, ll_ticker_free);
  if (self->pipe != NULL)
    g_signal_handlers_disconnect_by_data (self->pipe, self);
  g_clear_object (&self->pipe);
  forget_pipe_views (self);

  G_OBJECT_CLASS (ll_pipe_graph_parent_class)->dispose (object);
}

static void
ll_pipe_graph_finalize (GObject *object)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (object);

  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_array_unref (self->sample_times);
  g_array_unref (self->sample_counts);
  g_free (self->description);

  G_OBJECT_CLASS (ll_pipe_graph_parent_class)->finalize (object);
}

static void
ll_pipe_graph_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (object);

  switch (prop_id)
    {
    case PROP_PIPE:
      g_value_set_object (value, self->pipe);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_HIGHLIGHT:
      g_value_set_uint (value, self->highlight);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_pipe_graph_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LlPipeGraph *self = LL_PIPE_GRAPH (object);

  switch (prop_id)
    {
    case PROP_PIPE:
      ll_pipe_graph_set_pipe (self, g_value_get_object (value));
      break;

    case PROP_RUNNING:
      ll_pipe_graph_set_running (self, g_value_get_boolean (value));
      break;

    case PROP_HIGHLIGHT:
      ll_pipe_graph_set_highlight (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_pipe_graph_class_init (LlPipeGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_pipe_graph_dispose;
  object_class->finalize = ll_pipe_graph_finalize;
  object_class->get_property = ll_pipe_graph_get_property;
  object_class->set_property = ll_pipe_graph_set_property;

  widget_class->snapshot = ll_pipe_graph_snapshot;
  widget_class->measure = ll_pipe_graph_measure;
  widget_class->css_changed = ll_pipe_graph_css_changed;

  /**
   * LlPipeGraph:pipe:
   *
   * The pipe drawn, or %NULL.
   */
  properties[PROP_PIPE] =
    g_param_spec_object ("pipe", NULL, NULL,
                         LL_TYPE_PIPE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlPipeGraph:running:
   *
   * Whether the pipe runs on its own: the graph then reads it on every
   * frame.  Otherwise it reads it when told (ll_pipe_graph_refresh()).
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlPipeGraph:highlight:
   *
   * The node drawn in the accent colour (the one about to run, when
   * stepping), or %LL_PIPE_NO_NODE.
   */
  properties[PROP_HIGHLIGHT] =
    g_param_spec_uint ("highlight", NULL, NULL,
                       0, G_MAXUINT, LL_PIPE_NO_NODE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pipegraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_pipe_graph_init (LlPipeGraph *self)
{
  self->nodes = g_array_new (FALSE, TRUE, sizeof (NodeView));
  g_array_set_clear_func (self->nodes, node_view_clear);
  self->edges = g_array_new (FALSE, TRUE, sizeof (EdgeView));
  g_array_set_clear_func (self->edges, edge_view_clear);
  self->sample_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->sample_counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->highlight = LL_PIPE_NO_NODE;
  self->ticker = ll_ticker_new (GTK_WIDGET (self), tick_cb);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The pipeline’s stages and the items they send"),
                                  -1);
}

/**
 * ll_pipe_graph_new:
 *
 * Returns: (transfer floating): a new graph, drawing no pipe
 */
GtkWidget *
ll_pipe_graph_new (void)
{
  return g_object_new (LL_TYPE_PIPE_GRAPH, NULL);
}

/**
 * ll_pipe_graph_get_pipe:
 * @self: a graph
 *
 * Returns: (transfer none) (nullable): the pipe it draws
 */
LlPipe *
ll_pipe_graph_get_pipe (LlPipeGraph *self)
{
  g_return_val_if_fail (LL_IS_PIPE_GRAPH (self), NULL);

  return self->pipe;
}

/**
 * ll_pipe_graph_set_pipe:
 * @self: a graph
 * @pipe: (nullable): the pipe to draw
 *
 * Draws @pipe, holding a reference to it, from its counts as they are
 * now: what crossed its edges before makes no dot.  %NULL draws nothing
 * and drops the dots in flight.
 */
void
ll_pipe_graph_set_pipe (LlPipeGraph *self,
                        LlPipe      *pipe)
{
  g_return_if_fail (LL_IS_PIPE_GRAPH (self));
  g_return_if_fail (pipe == NULL || LL_IS_PIPE (pipe));

  if (self->pipe == pipe)
    return;

  if (self->pipe != NULL)
    g_signal_handlers_disconnect_by_data (self->pipe, self);
  forget_pipe_views (self);
  g_set_object (&self->pipe, pipe);
  if (pipe != NULL)
    {
      g_signal_connect_object (pipe, "closed", G_CALLBACK (closed_cb), self, G_CONNECT_SWAPPED);
      ensure_structure (self);
      update_texts (self);
    }

  self->now = g_get_monotonic_time ();
  update_description (self, self->now, TRUE);
  update_ticking (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPE]);
}

/**
 * ll_pipe_graph_get_running:
 * @self: a graph
 *
 * Returns: whether it reads its pipe on every frame
 */
gboolean
ll_pipe_graph_get_running (LlPipeGraph *self)
{
  g_return_val_if_fail (LL_IS_PIPE_GRAPH (self), FALSE);

  return self->running;
}

/**
 * ll_pipe_graph_set_running:
 * @self: a graph
 * @running: whether the pipe runs on its own
 *
 * Running, the graph reads the pipe on every frame, the items as a
 * stream and each node's items a second; stopped, it reads it only on
 * ll_pipe_graph_refresh(), each item one dot, and ticks only until the
 * dots have landed.
 */
void
ll_pipe_graph_set_running (LlPipeGraph *self,
                           gboolean     running)
{
  g_return_if_fail (LL_IS_PIPE_GRAPH (self));

  running = !!running;
  if (self->running == running)
    return;

  /* What crossed while stepping is not part of the stream, nor the
   * stream's rates part of the steps. */
  if (self->pipe != NULL)
    poll_pipe (self, g_get_monotonic_time ());
  self->running = running;
  clear_rates (self);
  self->last_poll = 0;
  if (self->pipe != NULL)
    update_texts (self);

  update_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * ll_pipe_graph_get_highlight:
 * @self: a graph
 *
 * Returns: the node drawn highlighted, or %LL_PIPE_NO_NODE
 */
guint
ll_pipe_graph_get_highlight (LlPipeGraph *self)
{
  g_return_val_if_fail (LL_IS_PIPE_GRAPH (self), LL_PIPE_NO_NODE);

  return self->highlight;
}

/**
 * ll_pipe_graph_set_highlight:
 * @self: a graph
 * @node: a node of its pipe, or %LL_PIPE_NO_NODE
 *
 * Draws @node in the accent colour: the stage about to run, when
 * stepping.
 */
void
ll_pipe_graph_set_highlight (LlPipeGraph *self,
                             guint        node)
{
  g_return_if_fail (LL_IS_PIPE_GRAPH (self));

  if (self->highlight == node)
    return;

  self->highlight = node;
  g_clear_pointer (&self->background, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT]);
}

/**
 * ll_pipe_graph_refresh:
 * @self: a graph
 *
 * Reads the pipe now and draws it once: after a step, or any change
 * while it does not run.  The items that crossed an edge since the
 * last read set off along it, one dot each, and the graph ticks until
 * they have landed.
 */
void
ll_pipe_graph_refresh (LlPipeGraph *self)
{
  g_return_if_fail (LL_IS_PIPE_GRAPH (self));

  if (self->pipe == NULL)
    return;

  self->now = g_get_monotonic_time ();
  advance_dots (self, self->now);
  poll_pipe (self, self->now);
  /* Not ticking, nothing else would say it: at once. */
  update_description (self, self->now, !ll_ticker_get_ticking (self->ticker));
  update_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ll_pipe_graph_get_n_dots:
 * @self: a graph
 *
 * Returns: how many dots are on their way along the edges, or waiting
 *   to set off: for the tests
 */
guint
ll_pipe_graph_get_n_dots (LlPipeGraph *self)
{
  guint n = 0;

  g_return_val_if_fail (LL_IS_PIPE_GRAPH (self), 0);

  for (guint e = 0; e < self->edges->len; e++)
    n += edge_at (self, e)->n_dots;

  return n;
}
