/* ll-pipe.h: a graph of generator coroutines that send items to each other
 *
 * The coroutine pipelines of the notes: a source pushes items with
 * send() through filters into sinks, a broadcast sends each item to
 * several targets, several sources send into one sink.  Each stage is a
 * generator of app/co whose frame opens with an #LlPipeStage; its body
 * receives an item at its yield and sends items on to its targets with
 * ll_pipe_stage_send(), on the C stack, at once: a send from the source
 * returns when the item has gone all the way down.
 *
 * The #LlPipe knows the graph (which stage sends to which) and counts
 * what crosses each edge, so that a window can draw the items moving
 * and a program can print the counts; it costs a few stores per send,
 * no signal.  Closing follows the notes too: a stage's cleanup (its
 * `except GeneratorExit`) closes its targets with
 * ll_pipe_stage_close_targets(), so closing the head closes the chain in
 * order, and the pipe remembers that order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ll-co.h"

G_BEGIN_DECLS

/**
 * LlPipeKind:
 * @LL_PIPE_SOURCE: produces the items (a task, such as follow())
 * @LL_PIPE_FILTER: receives items and sends some of them on (grep())
 * @LL_PIPE_BROADCAST: sends each item to every one of its targets
 * @LL_PIPE_SINK: receives items and sends none on (printer())
 * @LL_PIPE_OUTSIDE: not a coroutine: a file, a parser, a thread; what it
 *   passes on is counted with ll_pipe_count()
 *
 * What a node of the graph does.
 */
typedef enum
{
  LL_PIPE_SOURCE,
  LL_PIPE_FILTER,
  LL_PIPE_BROADCAST,
  LL_PIPE_SINK,
  LL_PIPE_OUTSIDE,
} LlPipeKind;

#define LL_TYPE_PIPE (ll_pipe_get_type ())

G_DECLARE_FINAL_TYPE (LlPipe, ll_pipe, LL, PIPE, GObject)

/**
 * LlPipeStage:
 * @co: the coroutine
 * @pipe: (transfer none): the pipe it belongs to, set by ll_pipe_add()
 * @node: its node in @pipe
 *
 * The head of a stage's frame: embed it as the first member, named
 * `stage`, of the frame.
 */
typedef struct
{
  LlCo     co;
  LlPipe  *pipe;
  guint    node;
} LlPipeStage;

/**
 * ll_pipe_stage_new:
 * @FrameType: the frame struct; its first member must be `LlPipeStage stage`
 * @func: the body
 * @cleanup: the cleanup; it ends with ll_pipe_stage_close_targets()
 *
 * Returns: (transfer full): a new stage, as a `FrameType *`
 */
#define ll_pipe_stage_new(FrameType, func, cleanup) \
  (G_STATIC_ASSERT_EXPR (G_STRUCT_OFFSET (FrameType, stage) == 0), \
   (FrameType *) ll_co_alloc (sizeof (FrameType), (func), (cleanup), \
                              #func, __FILE__))

#define LL_PIPE_NO_NODE G_MAXUINT

LlPipe       *ll_pipe_new                  (void);

guint         ll_pipe_add                  (LlPipe       *self,
                                            LlPipeKind    kind,
                                            const char   *label,
                                            LlCo         *co);
guint         ll_pipe_connect              (LlPipe       *self,
                                            guint         from,
                                            guint         to);
void          ll_pipe_close                (LlPipe       *self,
                                            guint         node);
void          ll_pipe_throw                (LlPipe       *self,
                                            guint         node,
                                            GError       *error);
gboolean      ll_pipe_send                 (LlPipe       *self,
                                            guint         edge,
                                            gpointer      item,
                                            GError      **error);
void          ll_pipe_count                (LlPipe       *self,
                                            guint         edge,
                                            guint64       n);

/* The graph */
guint         ll_pipe_get_n_nodes          (LlPipe       *self);
guint         ll_pipe_get_n_edges          (LlPipe       *self);
LlPipeKind    ll_pipe_node_get_kind        (LlPipe       *self,
                                            guint         node);
const char   *ll_pipe_node_get_label       (LlPipe       *self,
                                            guint         node);
void          ll_pipe_node_set_label       (LlPipe       *self,
                                            guint         node,
                                            const char   *label);
LlCo         *ll_pipe_node_get_co          (LlPipe       *self,
                                            guint         node);
guint64       ll_pipe_node_get_n_received  (LlPipe       *self,
                                            guint         node);
guint64       ll_pipe_node_get_n_sent      (LlPipe       *self,
                                            guint         node);
gboolean      ll_pipe_node_get_closed      (LlPipe       *self,
                                            guint         node);
guint         ll_pipe_node_get_n_targets   (LlPipe       *self,
                                            guint         node);
guint         ll_pipe_node_get_target_edge (LlPipe       *self,
                                            guint         node,
                                            guint         index);
guint         ll_pipe_edge_get_from        (LlPipe       *self,
                                            guint         edge);
guint         ll_pipe_edge_get_to          (LlPipe       *self,
                                            guint         edge);
guint64       ll_pipe_edge_get_n_sent      (LlPipe       *self,
                                            guint         edge);
const guint  *ll_pipe_get_close_order      (LlPipe       *self,
                                            guint        *n_closed);
guint         ll_pipe_get_serial           (LlPipe       *self);

/* A stage every pipe may use */
LlCo         *ll_pipe_broadcast_new        (void);

/* For the stages' bodies and cleanups */
gboolean      ll_pipe_stage_send           (LlPipeStage  *stage,
                                            guint         index,
                                            gpointer      item,
                                            GError      **error);
void          ll_pipe_stage_throw          (LlPipeStage  *stage,
                                            guint         index,
                                            GError       *error);
guint         ll_pipe_stage_get_n_targets  (LlPipeStage  *stage);
void          ll_pipe_stage_close_targets  (LlPipeStage  *stage);

G_END_DECLS
