/* ll-pipeline-page.h: "Pipelines: source, filters, sinks"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-pipeline-model.h"

G_BEGIN_DECLS

#define LL_TYPE_PIPELINE_PAGE (ll_pipeline_page_get_type ())

G_DECLARE_FINAL_TYPE (LlPipelinePage, ll_pipeline_page, LL, PIPELINE_PAGE, LlDemoPage)

GtkWidget       *ll_pipeline_page_new       (LlLoopMonitor  *monitor);
LlPipelineModel *ll_pipeline_page_get_model (LlPipelinePage *self);
void             ll_pipeline_page_run       (LlPipelinePage *self,
                                             LlPipelineShape shape,
                                             guint           rate,
                                             guint64         n_lines);

G_END_DECLS
