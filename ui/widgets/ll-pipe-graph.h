/* ll-pipe-graph.h: a pipeline of coroutine stages, drawn live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-pipe.h"

G_BEGIN_DECLS

#define LL_TYPE_PIPE_GRAPH (ll_pipe_graph_get_type ())

G_DECLARE_FINAL_TYPE (LlPipeGraph, ll_pipe_graph, LL, PIPE_GRAPH, GtkWidget)

GtkWidget *ll_pipe_graph_new           (void);
LlPipe    *ll_pipe_graph_get_pipe      (LlPipeGraph *self);
void       ll_pipe_graph_set_pipe      (LlPipeGraph *self,
                                        LlPipe      *pipe);
gboolean   ll_pipe_graph_get_running   (LlPipeGraph *self);
void       ll_pipe_graph_set_running   (LlPipeGraph *self,
                                        gboolean     running);
guint      ll_pipe_graph_get_highlight (LlPipeGraph *self);
void       ll_pipe_graph_set_highlight (LlPipeGraph *self,
                                        guint        node);
void       ll_pipe_graph_refresh       (LlPipeGraph *self);
guint      ll_pipe_graph_get_n_dots    (LlPipeGraph *self);

G_END_DECLS
