/* test-pipe-graph.c: the pipeline graph, drawing a pipe built by hand
 *
 * A pipe of small generator stages written here (a pass-through filter,
 * a counting sink, a source driven by hand) and an outside node feeding
 * the filter, drawn by an LlPipeGraph in a window: that it draws the
 * boxes, the labels and the items as dots, one dot per item when
 * stepping and a bounded stream when a hundred thousand items go by at
 * once; that it says the counts to a screen reader, and a close with its
 * place in the order; that it ticks only while a dot is on its way or
 * the pipe runs; and that letting go of the pipe, or the whole window,
 * with dots in flight leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-pipe.h"
#include "ll-pipe-graph.h"
#include "ll-ticker.h"

#include "ll-test-util.h"

/* The stages */

typedef struct
{
  LlPipeStage stage;
} PassFrame;

typedef struct
{
  LlPipeStage stage;
  guint       n;
} CountFrame;

typedef struct
{
  LlPipeStage stage;
  guint       i;
} BroadcastFrame;

/* for item in (yield): target.send (item) */
static LlCoStatus
pass_body (LlCo *co)
{
  PassFrame *f = (PassFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      LL_CO_YIELD (co, NULL);
      ll_pipe_stage_send (&f->stage, 0, co->value, NULL);
    }
  LL_CO_END (co);
}

/* for item in (yield): n += 1 */
static LlCoStatus
count_body (LlCo *co)
{
  CountFrame *f = (CountFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      LL_CO_YIELD (co, NULL);
      f->n++;
    }
  LL_CO_END (co);
}

/* for item in (yield): for target in targets: target.send (item) */
static LlCoStatus
broadcast_body (LlCo *co)
{
  BroadcastFrame *f = (BroadcastFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      LL_CO_YIELD (co, NULL);
      for (f->i = 0; f->i < ll_pipe_stage_get_n_targets (&f->stage); f->i++)
        ll_pipe_stage_send (&f->stage, f->i, co->value, NULL);
    }
  LL_CO_END (co);
}

static void
stage_cleanup (LlCo *co)
{
  ll_pipe_stage_close_targets ((LlPipeStage *) co);
}

typedef struct
{
  LlPipe *pipe;
  guint   count;
  guint   pass;
  guint   feed;
  guint   file;
  guint   file_edge;
} Pipe;

/* feed() -> pass() -> count(), and file (outside) -> pass(): a fan-in. */
static void
build_pipe (Pipe *p)
{
  p->pipe = ll_pipe_new ();
  p->count = ll_pipe_add (p->pipe, LL_PIPE_SINK, "count()",
                          (LlCo *) ll_pipe_stage_new (CountFrame, count_body, stage_cleanup));
  p->pass = ll_pipe_add (p->pipe, LL_PIPE_FILTER, "pass()",
                         (LlCo *) ll_pipe_stage_new (PassFrame, pass_body, stage_cleanup));
  ll_pipe_connect (p->pipe, p->pass, p->count);
  p->feed = ll_pipe_add (p->pipe, LL_PIPE_SOURCE, "feed()",
                         (LlCo *) ll_pipe_stage_new (PassFrame, pass_body, stage_cleanup));
  ll_pipe_connect (p->pipe, p->feed, p->pass);
  p->file = ll_pipe_add (p->pipe, LL_PIPE_OUTSIDE, "file", NULL);
  p->file_edge = ll_pipe_connect (p->pipe, p->file, p->pass);

  /* A source is the caller's to start: this one is a generator, primed
   * by hand, that sends on what it is sent. */
  g_assert_null (ll_co_send (ll_pipe_node_get_co (p->pipe, p->feed), NULL, NULL));
}

static void
feed (Pipe  *p,
      guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      GError *error = NULL;

      ll_co_send (ll_pipe_node_get_co (p->pipe, p->feed), GUINT_TO_POINTER (i + 1), &error);
      g_assert_no_error (error);
    }
}

/* The window */

typedef struct
{
  GtkWidget *window;
  GtkWidget *graph;
} Fixture;

typedef struct
{
  int width;
  int height;
} Size;

static const Size usual_size = { 640, 280 };
/* The smallest a page gives it. */
static const Size small_size = { 600, 260 };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Size *size = data;

  fixture->window = g_object_ref_sink (gtk_window_new ());
  gtk_window_set_decorated (GTK_WINDOW (fixture->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), size->width, size->height);
  fixture->graph = ll_pipe_graph_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->graph);
  gtk_window_present (GTK_WINDOW (fixture->window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fixture->graph) && gtk_widget_get_width (fixture->graph) > 0, 10);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window == NULL)
    return;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
}

static gboolean
is_ticking (Fixture *fixture)
{
  return ll_ticker_widget_is_ticking (fixture->graph);
}

static gboolean
description_is (Fixture    *fixture,
                const char *expected)
{
  g_autofree char *message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture->graph),
                                                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);

  if (message != NULL)
    g_test_message ("%s", message);
  return message == NULL;
}

static void
assert_description (Fixture    *fixture,
                    const char *expected)
{
  g_assert_true (description_is (fixture, expected));
}

/* What the graph draws */

typedef struct
{
  guint n_text;
  guint n_nodes;
} NodeCount;

static void
count_nodes (GskRenderNode *node,
             NodeCount     *count)
{
  count->n_nodes++;
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      count->n_text++;
      break;

    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), count);
      break;

    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), count);
      break;

    case GSK_ROUNDED_CLIP_NODE:
      count_nodes (gsk_rounded_clip_node_get_child (node), count);
      break;

    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), count);
      break;

    case GSK_OPACITY_NODE:
      count_nodes (gsk_opacity_node_get_child (node), count);
      break;

    case GSK_DEBUG_NODE:
      count_nodes (gsk_debug_node_get_child (node), count);
      break;

    default:
      break;
    }
}

typedef struct
{
  NodeCount        count;
  graphene_rect_t  bounds;
  guint            n_accent;   /* opaque pixels of the accent (blue) */
  guint            n_inked;    /* pixels drawn at all */
  guint64          ink;        /* their opacities, summed */
} Picture;

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* A widget's paintable shows what the widget drew last: draw it now. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  LL_TEST_WAIT_UNTIL (painted, 5);
  g_signal_handler_disconnect (clock, id);
}

/* Renders the graph as it draws now, with the window's renderer. */
static void
render (Fixture *fixture,
        Picture *picture)
{
  int width = gtk_widget_get_width (fixture->graph);
  int height = gtk_widget_get_height (fixture->graph);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (fixture->graph));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;

  wait_for_paint (fixture->graph);
  paintable = gtk_widget_paintable_new (fixture->graph);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  memset (picture, 0, sizeof *picture);
  count_nodes (node, &picture->count);
  gsk_render_node_get_bounds (node, &picture->bounds);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  /* Cairo's ARGB32, premultiplied: B, G, R, A in memory. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      const guchar *px = pixels + i * 4;

      if (px[3] > 0)
        picture->n_inked++;
      picture->ink += px[3];
      /* Everything else is grey: the text colour at some opacity. */
      if (px[3] == 255 && px[0] - px[2] > 80)
        picture->n_accent++;
    }
}

static void
wait_until_still (Fixture *fixture)
{
  LL_TEST_WAIT_UNTIL (!is_ticking (fixture), 5);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (LL_PIPE_GRAPH (fixture->graph)), ==, 0);
}

/* Stepping: each item that crosses an edge is one dot, drawn in the
 * accent colour; the boxes and their words are drawn; the highlighted
 * node is in the accent colour too; a screen reader hears the counts. */
static void
test_draws (Fixture       *fixture,
            gconstpointer  data)
{
  LlPipeGraph *graph = LL_PIPE_GRAPH (fixture->graph);
  Pipe p;
  Picture picture;

  build_pipe (&p);
  ll_pipe_graph_set_pipe (graph, p.pipe);
  g_assert_true (ll_pipe_graph_get_pipe (graph) == p.pipe);
  assert_description (fixture, "count(): 0 in; pass(): 0 in, 0 out; feed(): 0 sent; file: 0 sent");

  /* Nothing moves: nothing ticks, nor does anything show the accent. */
  g_assert_false (is_ticking (fixture));
  render (fixture, &picture);
  /* Four labels, three states, "not a coroutine", four counts. */
  g_assert_cmpuint (picture.count.n_text, >=, 12);
  g_assert_cmpuint (picture.n_inked, >, 1000);
  g_assert_cmpuint (picture.n_accent, ==, 0);

  /* One item, two edges: two dots, and the graph ticks until they land. */
  feed (&p, 1);
  ll_pipe_graph_refresh (graph);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 2);
  g_assert_true (is_ticking (fixture));
  render (fixture, &picture);
  /* The dots are in flight for 0.4 s.  If the frame painted before the
   * snapshot came later than that (it did once, in the sanitizer build
   * on a loaded machine), they had landed and there is nothing to see:
   * only dots still in flight after the snapshot must be in it. */
  if (ll_pipe_graph_get_n_dots (graph) > 0)
    g_assert_cmpuint (picture.n_accent, >, 0);
  else
    g_test_message ("the dots landed before the graph was painted: too slow a frame to look at them");
  assert_description (fixture, "count(): 1 in; pass(): 1 in, 1 out; feed(): 1 sent; file: 0 sent");
  wait_until_still (fixture);
  render (fixture, &picture);
  g_assert_cmpuint (picture.n_accent, ==, 0);

  /* Five items in one step: five dots an edge; and one from outside. */
  feed (&p, 5);
  g_assert_true (ll_pipe_send (p.pipe, p.file_edge, GUINT_TO_POINTER (7), NULL));
  ll_pipe_graph_refresh (graph);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 5 + 6 + 1);
  wait_until_still (fixture);
  assert_description (fixture, "count(): 7 in; pass(): 7 in, 7 out; feed(): 6 sent; file: 1 sent");

  /* A refresh with nothing new starts nothing. */
  ll_pipe_graph_refresh (graph);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 0);
  g_assert_false (is_ticking (fixture));

  /* The stage about to run, in the accent colour. */
  ll_pipe_graph_set_highlight (graph, p.pass);
  g_assert_cmpuint (ll_pipe_graph_get_highlight (graph), ==, p.pass);
  render (fixture, &picture);
  g_assert_cmpuint (picture.n_accent, >, 50);
  ll_pipe_graph_set_highlight (graph, LL_PIPE_NO_NODE);
  render (fixture, &picture);
  g_assert_cmpuint (picture.n_accent, ==, 0);
  g_assert_false (is_ticking (fixture));

  ll_pipe_graph_set_pipe (graph, NULL);
  g_assert_finalize_object (p.pipe);
}

/* Running: the graph ticks while the pipe runs, even with nothing going
 * by; an item now and then is a dot, a hundred thousand at once are a
 * few dots, not a hundred thousand; stopped, it ticks until they have
 * landed, then never. */
static void
test_idle (Fixture       *fixture,
           gconstpointer  data)
{
  LlPipeGraph *graph = LL_PIPE_GRAPH (fixture->graph);
  Pipe p;

  build_pipe (&p);
  ll_pipe_graph_set_pipe (graph, p.pipe);
  g_object_unref (p.pipe);

  g_assert_false (is_ticking (fixture));
  ll_test_spin (200);
  g_assert_false (is_ticking (fixture));

  ll_pipe_graph_set_running (graph, TRUE);
  g_assert_true (ll_pipe_graph_get_running (graph));
  LL_TEST_WAIT_UNTIL (is_ticking (fixture), 5);
  ll_test_spin (200);
  g_assert_true (is_ticking (fixture));
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 0);

  /* A line at a time, each is a dot of its own, as when stepping. */
  feed (&p, 1);
  LL_TEST_WAIT_UNTIL (ll_pipe_graph_get_n_dots (graph) > 0, 5);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 2);
  LL_TEST_WAIT_UNTIL (ll_pipe_graph_get_n_dots (graph) == 0, 5);
  g_assert_true (is_ticking (fixture));

  /* Between two frames at most 100 ms pass, so an edge sets off at most
   * four dots on the frame that sees them. */
  feed (&p, 100000);
  LL_TEST_WAIT_UNTIL (ll_pipe_graph_get_n_dots (graph) > 0, 5);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), <=, 2 * 4);

  /* Grouped thousands: a narrow space in the C locale. */
  LL_TEST_WAIT_UNTIL (description_is (fixture,
                                      "count(): 100\u202f001 in; pass(): 100\u202f001 in, 100\u202f001 out; "
                                      "feed(): 100\u202f001 sent; file: 0 sent"), 5);

  ll_pipe_graph_set_running (graph, FALSE);
  wait_until_still (fixture);
  ll_test_spin (300);
  g_assert_false (is_ticking (fixture));

  /* Shown no more, a run does not tick at all. */
  gtk_widget_set_visible (fixture->graph, FALSE);
  ll_pipe_graph_set_running (graph, TRUE);
  ll_test_spin (100);
  g_assert_false (is_ticking (fixture));
  gtk_widget_set_visible (fixture->graph, TRUE);
  LL_TEST_WAIT_UNTIL (is_ticking (fixture), 5);
  ll_pipe_graph_set_running (graph, FALSE);
  wait_until_still (fixture);
}

/* Closing the head closes the chain, in order, and the graph says so;
 * the outside node nobody closed is not closed. */
static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  LlPipeGraph *graph = LL_PIPE_GRAPH (fixture->graph);
  Pipe p;
  Picture before, after;

  build_pipe (&p);
  ll_pipe_graph_set_pipe (graph, p.pipe);
  feed (&p, 3);
  ll_pipe_graph_refresh (graph);
  wait_until_still (fixture);
  render (fixture, &before);

  ll_pipe_close (p.pipe, p.feed);
  ll_pipe_graph_refresh (graph);
  g_assert_false (is_ticking (fixture));
  assert_description (fixture,
                      "count(): 3 in, closed 3rd; pass(): 3 in, 3 out, closed 2nd; "
                      "feed(): 3 sent, closed 1st; file: 0 sent");

  /* Greyed out: the same words, in fainter ink. */
  render (fixture, &after);
  g_assert_cmpuint (after.count.n_text, ==, before.count.n_text);
  g_assert_cmpuint (after.ink, <, before.ink * 3 / 4);

  ll_pipe_graph_set_pipe (graph, NULL);
  assert_description (fixture, "");
  g_assert_finalize_object (p.pipe);
}

/* A broadcast to three stages that share one sink, at the smallest size
 * a page gives it: everything drawn stays inside the widget, and the
 * label too long for its box is cut short. */
static void
test_fits (Fixture       *fixture,
           gconstpointer  data)
{
  LlPipeGraph *graph = LL_PIPE_GRAPH (fixture->graph);
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  guint sink, cast, source;
  Picture picture;

  g_assert_cmpint (gtk_widget_get_width (fixture->graph), ==, small_size.width);
  g_assert_cmpint (gtk_widget_get_height (fixture->graph), ==, small_size.height);

  sink = ll_pipe_add (pipe, LL_PIPE_SINK, "printer()",
                      (LlCo *) ll_pipe_stage_new (CountFrame, count_body, stage_cleanup));
  cast = ll_pipe_add (pipe, LL_PIPE_BROADCAST, "broadcast([…])",
                      (LlCo *) ll_pipe_stage_new (BroadcastFrame, broadcast_body, stage_cleanup));
  for (guint i = 0; i < 3; i++)
    {
      const char *labels[] = { "grep('python')", "grep('ply')", "grep('a pattern far too long for its box')" };
      guint grep = ll_pipe_add (pipe, LL_PIPE_FILTER, labels[i],
                                (LlCo *) ll_pipe_stage_new (PassFrame, pass_body, stage_cleanup));

      ll_pipe_connect (pipe, grep, sink);
      ll_pipe_connect (pipe, cast, grep);
    }
  source = ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "follow(f)", NULL);
  ll_pipe_connect (pipe, source, cast);

  ll_pipe_graph_set_pipe (graph, pipe);
  render (fixture, &picture);
  g_assert_cmpfloat (picture.bounds.origin.x, >=, 0);
  g_assert_cmpfloat (picture.bounds.origin.y, >=, 0);
  g_assert_cmpfloat (picture.bounds.origin.x + picture.bounds.size.width, <=, 600);
  g_assert_cmpfloat (picture.bounds.origin.y + picture.bounds.size.height, <=, 260);
  g_assert_cmpuint (picture.count.n_text, >=, 6 * 3);

  ll_pipe_send (pipe, ll_pipe_node_get_target_edge (pipe, source, 0), GUINT_TO_POINTER (1), NULL);
  ll_pipe_graph_refresh (graph);
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 1 + 3 + 3);
  assert_description (fixture,
                      "printer(): 3 in; broadcast([…]): 1 in, 3 out; grep('python'): 1 in, 1 out; "
                      "grep('ply'): 1 in, 1 out; grep('a pattern far too long for its box'): 1 in, 1 out; "
                      "follow(f): 1 sent");

  ll_pipe_graph_set_pipe (graph, NULL);
}

/* Letting go of the pipe with dots in flight stops them, and the
 * ticking; so does destroying the window, and everything goes. */
static void
test_dispose (Fixture       *fixture,
              gconstpointer  data)
{
  LlPipeGraph *graph = LL_PIPE_GRAPH (fixture->graph);
  GtkWidget *weak_graph = fixture->graph;
  Pipe p;

  build_pipe (&p);
  ll_pipe_graph_set_pipe (graph, p.pipe);
  feed (&p, 4);
  ll_pipe_graph_refresh (graph);
  g_assert_true (is_ticking (fixture));
  ll_test_spin (100);

  ll_pipe_graph_set_pipe (graph, NULL);
  g_assert_false (is_ticking (fixture));
  g_assert_cmpuint (ll_pipe_graph_get_n_dots (graph), ==, 0);
  ll_test_spin (100);

  /* Again, running, and the window goes in the middle of it. */
  ll_pipe_graph_set_pipe (graph, p.pipe);
  ll_pipe_graph_set_running (graph, TRUE);
  feed (&p, 1000);
  LL_TEST_WAIT_UNTIL (ll_pipe_graph_get_n_dots (graph) > 0, 5);
  ll_pipe_close (p.pipe, p.feed);

  g_object_add_weak_pointer (G_OBJECT (weak_graph), (gpointer *) &weak_graph);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (g_steal_pointer (&fixture->window));
  g_assert_null (weak_graph);
  ll_test_spin (100);
  g_assert_finalize_object (p.pipe);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/looplab/pipe-graph/draws", Fixture, &usual_size, fixture_setup, test_draws, fixture_teardown);
  g_test_add ("/looplab/pipe-graph/idle", Fixture, &usual_size, fixture_setup, test_idle, fixture_teardown);
  g_test_add ("/looplab/pipe-graph/closed", Fixture, &usual_size, fixture_setup, test_closed, fixture_teardown);
  g_test_add ("/looplab/pipe-graph/fits", Fixture, &small_size, fixture_setup, test_fits, fixture_teardown);
  g_test_add ("/looplab/pipe-graph/dispose", Fixture, &usual_size, fixture_setup, test_dispose, fixture_teardown);

  return g_test_run ();
}
