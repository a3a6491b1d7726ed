/* ll-pipeline-model.h: a log followed like `tail -f`, through filters, into a sink
 *
 * The model of the "pipeline" demo and of `looplab-cli run pipeline`: a
 * writer appends seeded web-log lines to a file at a chosen rate, and a
 * pipeline of coroutines (ll-pipeline-stages.c) follows the file, greps
 * it and prints what passes.  Three shapes: one grep; a broadcast to
 * several greps that share a printer; two logs followed at once, fanned
 * into one grep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-pipe.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_PIPELINE_MIN_RATE 1
#define LL_PIPELINE_MAX_RATE 100000

/**
 * LlPipelineShape:
 * @LL_PIPELINE_SIMPLE: follow -> grep -> printer
 * @LL_PIPELINE_BROADCAST: follow -> broadcast -> a grep per pattern -> one printer
 * @LL_PIPELINE_FAN_IN: two logs, each followed, both into one grep -> printer
 *
 * The shape of the pipeline.
 */
typedef enum
{
  LL_PIPELINE_SIMPLE,
  LL_PIPELINE_BROADCAST,
  LL_PIPELINE_FAN_IN,
} LlPipelineShape;

#define LL_TYPE_PIPELINE_SHAPE (ll_pipeline_shape_get_type ())
#define LL_TYPE_PIPELINE_MODEL (ll_pipeline_model_get_type ())

GType ll_pipeline_shape_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlPipelineModel, ll_pipeline_model, LL, PIPELINE_MODEL, LlSimModel)

LlPipelineModel *ll_pipeline_model_new                (LlScheduler        *scheduler);

/* Set before a start; the patterns and the rate also while it runs */
void             ll_pipeline_model_set_shape          (LlPipelineModel    *self,
                                                       LlPipelineShape     shape);
LlPipelineShape  ll_pipeline_model_get_shape          (LlPipelineModel    *self);
void             ll_pipeline_model_set_pattern        (LlPipelineModel    *self,
                                                       guint               index,
                                                       const char         *pattern);
const char      *ll_pipeline_model_get_pattern        (LlPipelineModel    *self,
                                                       guint               index);
void             ll_pipeline_model_set_branches       (LlPipelineModel    *self,
                                                       const char *const  *patterns);
guint            ll_pipeline_model_get_n_patterns     (LlPipelineModel    *self);
void             ll_pipeline_model_set_rate           (LlPipelineModel    *self,
                                                       guint               lines_per_second);
guint            ll_pipeline_model_get_rate           (LlPipelineModel    *self);
void             ll_pipeline_model_set_n_lines        (LlPipelineModel    *self,
                                                       guint64             n_lines);
void             ll_pipeline_model_set_seed           (LlPipelineModel    *self,
                                                       guint32             seed);
void             ll_pipeline_model_set_log_file       (LlPipelineModel    *self,
                                                       GFile              *file);
GFile           *ll_pipeline_model_get_log_file       (LlPipelineModel    *self,
                                                       guint               index);

/* A run */
gboolean         ll_pipeline_model_start              (LlPipelineModel    *self,
                                                       GError            **error);
void             ll_pipeline_model_set_paused         (LlPipelineModel    *self,
                                                       gboolean            paused);
gboolean         ll_pipeline_model_get_paused         (LlPipelineModel    *self);
gboolean         ll_pipeline_model_can_step           (LlPipelineModel    *self);
void             ll_pipeline_model_close              (LlPipelineModel    *self);
void             ll_pipeline_model_throw              (LlPipelineModel    *self,
                                                       const char         *message);
gboolean         ll_pipeline_model_get_finished       (LlPipelineModel    *self);
const GError    *ll_pipeline_model_get_error          (LlPipelineModel    *self);

/* What it shows */
LlPipe          *ll_pipeline_model_get_pipe           (LlPipelineModel    *self);
guint            ll_pipeline_model_get_source_node    (LlPipelineModel    *self,
                                                       guint               index);
guint            ll_pipeline_model_get_waiting        (LlPipelineModel    *self);
int              ll_pipeline_model_get_waiting_line   (LlPipelineModel    *self);
guint64          ll_pipeline_model_get_n_written      (LlPipelineModel    *self);
guint64          ll_pipeline_model_get_n_followed     (LlPipelineModel    *self);
guint64          ll_pipeline_model_get_n_printed      (LlPipelineModel    *self);
guint            ll_pipeline_model_get_n_recent       (LlPipelineModel    *self);
const char      *ll_pipeline_model_get_recent         (LlPipelineModel    *self,
                                                       guint               index);
guint64          ll_pipeline_model_get_n_caught       (LlPipelineModel    *self);
const char      *ll_pipeline_model_get_last_caught    (LlPipelineModel    *self);

G_END_DECLS
