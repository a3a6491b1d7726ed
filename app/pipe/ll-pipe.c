/* ll-pipe.c: a graph of generator coroutines that send items to each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipe"

#include "config.h"

#include "ll-pipe.h"

typedef struct
{
  LlPipeKind  kind;
  char       *label;
  LlCo       *co;          /* owned; NULL for an outside node */
  guint64     n_received;
  GArray     *targets;     /* of guint: edge indices, in the order sends go */
  gboolean    closed;
} Node;

typedef struct
{
  guint       from;
  guint       to;
  guint64     n_sent;
} Edge;

struct _LlPipe
{
  GObject     parent_instance;

  GArray     *nodes;       /* of Node */
  GArray     *edges;       /* of Edge */
  GArray     *close_order; /* of guint: nodes, as their cleanups ran */
  guint       serial;
  gboolean    disposing;
};

G_DEFINE_FINAL_TYPE (LlPipe, ll_pipe, G_TYPE_OBJECT)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Node *
get_node (LlPipe *self,
          guint   node)
{
  return &g_array_index (self->nodes, Node, node);
}

static Edge *
get_edge (LlPipe *self,
          guint   edge)
{
  return &g_array_index (self->edges, Edge, edge);
}

static void
node_clear (gpointer data)
{
  Node *node = data;

  g_clear_pointer (&node->label, g_free);
  g_clear_pointer (&node->targets, g_array_unref);
}

/* Closes what is still open, the heads first, so that every stage's
 * cleanup runs now, while the pipe is still whole: the cleanups call
 * back into it. */
static void
ll_pipe_dispose (GObject *object)
{
  LlPipe *self = LL_PIPE (object);

  self->disposing = TRUE;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = get_node (self, i);

      if (node->co != NULL && ll_co_get_state (node->co) != LL_CO_STATE_RUNNING)
        ll_co_close (node->co);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = get_node (self, i);

      if (node->co != NULL)
        {
          /* A task closed above unwinds later: it must not find the pipe. */
          if (node->kind != LL_PIPE_OUTSIDE)
            ((LlPipeStage *) node->co)->pipe = NULL;
          g_clear_pointer (&node->co, ll_co_unref);
        }
    }

  G_OBJECT_CLASS (ll_pipe_parent_class)->dispose (object);
}

static void
ll_pipe_finalize (GObject *object)
{
  LlPipe *self = LL_PIPE (object);

  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->close_order, g_array_unref);

  G_OBJECT_CLASS (ll_pipe_parent_class)->finalize (object);
}

static void
ll_pipe_class_init (LlPipeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_pipe_dispose;
  object_class->finalize = ll_pipe_finalize;

  /**
   * LlPipe::closed:
   * @self: the pipe
   * @node: the node whose cleanup just ran
   *
   * A stage has closed: its cleanup ran and closed its targets, so the
   * close order already holds the stages after it.  Not emitted while
   * the pipe itself goes away.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ll_pipe_init (LlPipe *self)
{
  self->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  g_array_set_clear_func (self->nodes, node_clear);
  self->edges = g_array_new (FALSE, TRUE, sizeof (Edge));
  self->close_order = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * ll_pipe_new:
 *
 * Returns: (transfer full): an empty pipe
 */
LlPipe *
ll_pipe_new (void)
{
  return g_object_new (LL_TYPE_PIPE, NULL);
}

/**
 * ll_pipe_add:
 * @self: a pipe
 * @kind: what the node does
 * @label: what the graph calls it, such as `grep('python')`
 * @co: (transfer full) (nullable): the stage, made with
 *   ll_pipe_stage_new(); %NULL for an %LL_PIPE_OUTSIDE node
 *
 * Adds a node.  A generator stage is primed at once (the notes'
 * `@coroutine` decorator: a send of None runs it to its first yield), so
 * connect its targets before it sends anything, and add the sinks
 * first; a source task is the caller's to spawn.
 *
 * Returns: the node's index
 */
guint
ll_pipe_add (LlPipe     *self,
             LlPipeKind  kind,
             const char *label,
             LlCo       *co)
{
  Node node = { 0 };
  guint index;

  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_NO_NODE);
  g_return_val_if_fail (label != NULL, LL_PIPE_NO_NODE);
  g_return_val_if_fail ((kind == LL_PIPE_OUTSIDE) == (co == NULL), LL_PIPE_NO_NODE);

  index = self->nodes->len;
  node.kind = kind;
  node.label = g_strdup (label);
  node.co = co;
  node.targets = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (self->nodes, node);
  self->serial++;

  if (co != NULL)
    {
      LlPipeStage *stage = (LlPipeStage *) co;

      stage->pipe = self;
      stage->node = index;
      ll_co_set_name (co, label);
      if (kind != LL_PIPE_SOURCE)
        {
          GError *error = NULL;

          ll_co_send (co, NULL, &error);
          if (error != NULL)
            {
              g_critical ("Stage “%s” failed as it was primed: %s", label, error->message);
              g_error_free (error);
            }
        }
    }

  return index;
}

/**
 * ll_pipe_connect:
 * @self: a pipe
 * @from: the node that sends
 * @to: the node it sends to
 *
 * Adds an edge: @to becomes the next target of @from.
 *
 * Returns: the edge's index
 */
guint
ll_pipe_connect (LlPipe *self,
                 guint   from,
                 guint   to)
{
  Edge edge = { from, to, 0 };
  guint index;

  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_NO_NODE);
  g_return_val_if_fail (from < self->nodes->len && to < self->nodes->len, LL_PIPE_NO_NODE);

  index = self->edges->len;
  g_array_append_val (self->edges, edge);
  g_array_append_val (get_node (self, from)->targets, index);
  self->serial++;

  return index;
}

/**
 * ll_pipe_close:
 * @self: a pipe
 * @node: a node
 *
 * Closes @node's coroutine, as Python's `close()`: a generator finishes
 * at its yield and its cleanup runs at once, which closes its targets in
 * turn; a source task is cancelled and its cleanup runs as it unwinds,
 * on the loop.  Closing a closed node does nothing.  Not from inside a
 * send to @node or through it: a running generator cannot be closed
 * (stop feeding it, and close it once the send has returned).
 */
void
ll_pipe_close (LlPipe *self,
               guint   node)
{
  LlCo *co;

  g_return_if_fail (LL_IS_PIPE (self));
  g_return_if_fail (node < self->nodes->len);

  co = get_node (self, node)->co;
  if (co != NULL)
    ll_co_close (co);
}

/**
 * ll_pipe_throw:
 * @self: a pipe
 * @node: a node with a generator
 * @error: (transfer full): the error to raise at its yield
 *
 * Throws @error into @node's generator, as Python's `throw()`.  A stage
 * that catches it passes it on with ll_pipe_stage_throw(); one that does
 * not finishes with it.
 */
void
ll_pipe_throw (LlPipe *self,
               guint   node,
               GError *error)
{
  GError *failure = NULL;
  LlCo *co;

  g_return_if_fail (LL_IS_PIPE (self));
  g_return_if_fail (node < self->nodes->len);
  g_return_if_fail (error != NULL);

  co = get_node (self, node)->co;
  if (co == NULL || ll_co_get_state (co) == LL_CO_STATE_FINISHED)
    {
      g_error_free (error);
      return;
    }

  ll_co_throw (co, error, &failure);
  g_clear_error (&failure);
}

/**
 * ll_pipe_count:
 * @self: a pipe
 * @edge: an edge
 * @n: how many items crossed it
 *
 * Counts what an outside node passed on (lines written to a file, bytes
 * fed to a parser): the items no send carried.
 */
void
ll_pipe_count (LlPipe  *self,
               guint    edge,
               guint64  n)
{
  Edge *e;

  g_return_if_fail (LL_IS_PIPE (self));
  g_return_if_fail (edge < self->edges->len);

  e = get_edge (self, edge);
  e->n_sent += n;
  get_node (self, e->to)->n_received += n;
}

/* The send itself, for ll_pipe_send() and ll_pipe_stage_send(). */
static inline gboolean
send_along (LlPipe    *self,
            guint      edge,
            gpointer   item,
            GError   **error)
{
  Edge *e = get_edge (self, edge);
  Node *to = get_node (self, e->to);
  GError *failure = NULL;

  e->n_sent++;
  to->n_received++;
  if (to->co == NULL)
    return TRUE;

  ll_co_send (to->co, item, &failure);
  if (G_UNLIKELY (failure != NULL))
    {
      g_propagate_error (error, failure);
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_pipe_send:
 * @self: a pipe
 * @edge: the edge the item goes along
 * @item: (transfer none): the item; the target must copy what it keeps
 * @error: return location for the target's failure
 *
 * Sends @item along @edge (`target.send(item)`): the target runs at
 * once, on this stack, up to its next yield.  An outside target only
 * counts it.  Stages send with ll_pipe_stage_send(); this is for an
 * outside node that feeds a stage, such as a parser's callbacks.
 *
 * Returns: %FALSE if the target refused it (it was closed) or failed
 */
gboolean
ll_pipe_send (LlPipe    *self,
              guint      edge,
              gpointer   item,
              GError   **error)
{
  /* No type check: a send is a few stores and a call, and a check of the
   * instance's type would be a third of it (ll-pipe.h's stages send
   * millions a second). */
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (edge < self->edges->len, FALSE);

  return send_along (self, edge, item, error);
}

/**
 * ll_pipe_stage_send:
 * @stage: the stage that sends
 * @index: which of its targets, from 0, in the order they were connected
 * @item: (transfer none): the item; the target must copy what it keeps
 * @error: return location for the target's failure
 *
 * Sends @item to a target (`target.send(item)`), as ll_pipe_send().
 *
 * Returns: %FALSE if the target refused it (it was closed) or failed
 */
gboolean
ll_pipe_stage_send (LlPipeStage  *stage,
                    guint         index,
                    gpointer      item,
                    GError      **error)
{
  LlPipe *self = stage->pipe;
  GArray *targets;

  g_return_val_if_fail (self != NULL, FALSE);

  targets = get_node (self, stage->node)->targets;
  g_return_val_if_fail (index < targets->len, FALSE);

  return send_along (self, g_array_index (targets, guint, index), item, error);
}

/**
 * ll_pipe_stage_throw:
 * @stage: the stage that caught @error
 * @index: which of its targets
 * @error: (transfer full): the error to pass on
 *
 * Passes an error that @stage caught on to one of its targets
 * (`target.throw(e)`).
 */
void
ll_pipe_stage_throw (LlPipeStage *stage,
                     guint        index,
                     GError      *error)
{
  LlPipe *self = stage->pipe;
  Node *from;

  g_return_if_fail (error != NULL);
  if (self == NULL)
    {
      g_error_free (error);
      return;
    }

  from = get_node (self, stage->node);
  g_return_if_fail (index < from->targets->len);

  ll_pipe_throw (self, get_edge (self, g_array_index (from->targets, guint, index))->to, error);
}

guint
ll_pipe_stage_get_n_targets (LlPipeStage *stage)
{
  g_return_val_if_fail (stage->pipe != NULL, 0);

  return get_node (stage->pipe, stage->node)->targets->len;
}

/* Whether a stage other than @except still sends to @node: a target
 * shared by a fan-in, or by the branches of a broadcast. */
static gboolean
has_open_sender (LlPipe *self,
                 guint   node,
                 guint   except)
{
  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = get_edge (self, i);
      Node *from;

      if (edge->to != node || edge->from == except)
        continue;
      from = get_node (self, edge->from);
      if (from->co != NULL && !from->closed)
        return TRUE;
    }

  return FALSE;
}

/**
 * ll_pipe_stage_close_targets:
 * @stage: a stage, from its cleanup
 *
 * The end of every stage's cleanup (the notes' `except GeneratorExit:
 * target.close()`): notes that @stage has closed, then closes each of
 * its targets in turn, whose cleanups close theirs.  A target that
 * other stages still send to (a sink shared by a fan-in, or by the
 * branches of a broadcast) closes with the last of them.
 */
void
ll_pipe_stage_close_targets (LlPipeStage *stage)
{
  LlPipe *self = stage->pipe;
  Node *node;

  /* A pipe that let go of its stages (a task unwinding late). */
  if (self == NULL)
    return;

  node = get_node (self, stage->node);
  if (node->closed)
    return;

  node->closed = TRUE;
  g_array_append_val (self->close_order, stage->node);
  self->serial++;

  for (guint i = 0; i < get_node (self, stage->node)->targets->len; i++)
    {
      /* The arrays do not move as cleanups run, but look again anyway:
       * a cleanup may add a node. */
      Edge *edge = get_edge (self, g_array_index (get_node (self, stage->node)->targets, guint, i));
      Node *to = get_node (self, edge->to);

      if (to->co == NULL)
        to->closed = TRUE;
      else if (!has_open_sender (self, edge->to, stage->node) &&
               ll_co_get_state (to->co) != LL_CO_STATE_RUNNING)
        ll_co_close (to->co);
    }

  if (!self->disposing)
    g_signal_emit (self, signals[CLOSED], 0, stage->node);
}

guint
ll_pipe_get_n_nodes (LlPipe *self)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);

  return self->nodes->len;
}

guint
ll_pipe_get_n_edges (LlPipe *self)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);

  return self->edges->len;
}

LlPipeKind
ll_pipe_node_get_kind (LlPipe *self,
                       guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_OUTSIDE);
  g_return_val_if_fail (node < self->nodes->len, LL_PIPE_OUTSIDE);

  return get_node (self, node)->kind;
}

const char *
ll_pipe_node_get_label (LlPipe *self,
                        guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), NULL);
  g_return_val_if_fail (node < self->nodes->len, NULL);

  return get_node (self, node)->label;
}

/**
 * ll_pipe_node_set_label:
 * @self: a pipe
 * @node: a node
 * @label: its new label (a filter's pattern was edited)
 */
void
ll_pipe_node_set_label (LlPipe     *self,
                        guint       node,
                        const char *label)
{
  Node *n;

  g_return_if_fail (LL_IS_PIPE (self));
  g_return_if_fail (node < self->nodes->len);
  g_return_if_fail (label != NULL);

  n = get_node (self, node);
  g_free (n->label);
  n->label = g_strdup (label);
  self->serial++;
}

/**
 * ll_pipe_node_get_co:
 * @self: a pipe
 * @node: a node
 *
 * Returns: (transfer none) (nullable): its coroutine, %NULL outside
 */
LlCo *
ll_pipe_node_get_co (LlPipe *self,
                     guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), NULL);
  g_return_val_if_fail (node < self->nodes->len, NULL);

  return get_node (self, node)->co;
}

guint64
ll_pipe_node_get_n_received (LlPipe *self,
                             guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);
  g_return_val_if_fail (node < self->nodes->len, 0);

  return get_node (self, node)->n_received;
}

/**
 * ll_pipe_node_get_n_sent:
 * @self: a pipe
 * @node: a node
 *
 * Returns: how many items @node sent, over all its edges
 */
guint64
ll_pipe_node_get_n_sent (LlPipe *self,
                         guint   node)
{
  GArray *targets;
  guint64 n = 0;

  g_return_val_if_fail (LL_IS_PIPE (self), 0);
  g_return_val_if_fail (node < self->nodes->len, 0);

  targets = get_node (self, node)->targets;
  for (guint i = 0; i < targets->len; i++)
    n += get_edge (self, g_array_index (targets, guint, i))->n_sent;

  return n;
}

/**
 * ll_pipe_node_get_closed:
 * @self: a pipe
 * @node: a node
 *
 * Returns: whether @node's cleanup has run (an outside node: whether the
 *   stage it feeds closed it)
 */
gboolean
ll_pipe_node_get_closed (LlPipe *self,
                         guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), FALSE);
  g_return_val_if_fail (node < self->nodes->len, FALSE);

  return get_node (self, node)->closed;
}

guint
ll_pipe_node_get_n_targets (LlPipe *self,
                            guint   node)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);
  g_return_val_if_fail (node < self->nodes->len, 0);

  return get_node (self, node)->targets->len;
}

guint
ll_pipe_node_get_target_edge (LlPipe *self,
                              guint   node,
                              guint   index)
{
  GArray *targets;

  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_NO_NODE);
  g_return_val_if_fail (node < self->nodes->len, LL_PIPE_NO_NODE);

  targets = get_node (self, node)->targets;
  g_return_val_if_fail (index < targets->len, LL_PIPE_NO_NODE);

  return g_array_index (targets, guint, index);
}

guint
ll_pipe_edge_get_from (LlPipe *self,
                       guint   edge)
{
  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_NO_NODE);
  g_return_val_if_fail (edge < self->edges->len, LL_PIPE_NO_NODE);

  return get_edge (self, edge)->from;
}

guint
ll_pipe_edge_get_to (LlPipe *self,
                     guint   edge)
{
  g_return_val_if_fail (LL_IS_PIPE (self), LL_PIPE_NO_NODE);
  g_return_val_if_fail (edge < self->edges->len, LL_PIPE_NO_NODE);

  return get_edge (self, edge)->to;
}

guint64
ll_pipe_edge_get_n_sent (LlPipe *self,
                         guint   edge)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);
  g_return_val_if_fail (edge < self->edges->len, 0);

  return get_edge (self, edge)->n_sent;
}

/**
 * ll_pipe_get_close_order:
 * @self: a pipe
 * @n_closed: (out): how many nodes have closed
 *
 * Returns: (array length=n_closed): the nodes, in the order their
 *   cleanups ran
 */
const guint *
ll_pipe_get_close_order (LlPipe *self,
                         guint  *n_closed)
{
  g_return_val_if_fail (LL_IS_PIPE (self), NULL);
  g_return_val_if_fail (n_closed != NULL, NULL);

  *n_closed = self->close_order->len;
  return (const guint *) self->close_order->data;
}

/**
 * ll_pipe_get_serial:
 * @self: a pipe
 *
 * Returns: a number that changes whenever a node or an edge is added, a
 *   label changes or a stage closes: a view lays the graph out again
 */
guint
ll_pipe_get_serial (LlPipe *self)
{
  g_return_val_if_fail (LL_IS_PIPE (self), 0);

  return self->serial;
}

/* broadcast(): a generator that fans out */

typedef struct
{
  LlPipeStage  stage;
  GError      *caught;
  gpointer     item;
  guint        i;
} BroadcastFrame;

static LlCoStatus
broadcast_run (LlCo *co)
{
  BroadcastFrame *f = (BroadcastFrame *) co;
  GError *error = NULL;
  guint n_targets;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* item = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      n_targets = ll_pipe_stage_get_n_targets (&f->stage);
      if (f->caught != NULL)
        {
          for (f->i = 0; f->i < n_targets; f->i++)
            ll_pipe_stage_throw (&f->stage, f->i, g_error_copy (f->caught));
          g_clear_error (&f->caught);
          continue;
        }
      f->item = co->value;

      /* for target in targets: target.send(item) */
      for (f->i = 0; f->i < n_targets; f->i++)
        {
          if (!ll_pipe_stage_send (&f->stage, f->i, f->item, &error))
            return ll_co_fail (co, error);
        }
    }

  LL_CO_END (co);
}

static void
broadcast_cleanup (LlCo *co)
{
  BroadcastFrame *f = (BroadcastFrame *) co;

  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_pipe_broadcast_new:
 *
 * The notes' broadcast(): a generator that sends each item it receives
 * to every one of its targets, in the order they were connected, and
 * passes an error thrown into it on to each of them.
 *
 * Returns: (transfer full): a broadcast(), to add to a pipe and connect
 *   to its targets
 */
LlCo *
ll_pipe_broadcast_new (void)
{
  return &ll_pipe_stage_new (BroadcastFrame, broadcast_run, broadcast_cleanup)->stage.co;
}
