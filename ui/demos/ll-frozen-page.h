/* ll-frozen-page.h: "Frozen vs responsive"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-demo-page.h"
#include "ll-frozen-compare.h"
#include "ll-workload.h"

G_BEGIN_DECLS


#define LL_FROZEN_PAGE_DEMO_ID "frozen-vs-responsive"

#define LL_TYPE_FROZEN_PAGE (ll_frozen_page_get_type ())

G_DECLARE_FINAL_TYPE (LlFrozenPage, ll_frozen_page, LL, FROZEN_PAGE, LlDemoPage)

GtkWidget    *ll_frozen_page_new                (LlLoopMonitor         *monitor);

gboolean      ll_frozen_page_run                (LlFrozenPage          *self,
                                                 LlWorkloadKind         kind,
                                                 LlWorkloadMode         mode);
void          ll_frozen_page_cancel             (LlFrozenPage          *self);
gboolean      ll_frozen_page_get_busy           (LlFrozenPage          *self);

void          ll_frozen_page_set_seconds        (LlFrozenPage          *self,
                                                 double                 seconds);
void          ll_frozen_page_set_sample_size    (LlFrozenPage          *self,
                                                 guint64                size);
void          ll_frozen_page_set_file           (LlFrozenPage          *self,
                                                 GFile                 *file);
void          ll_frozen_page_set_requests       (LlFrozenPage          *self,
                                                 guint                  requests);
void          ll_frozen_page_set_delay          (LlFrozenPage          *self,
                                                 double                 seconds);
guint         ll_frozen_page_get_server_port    (LlFrozenPage          *self);

const char   *ll_frozen_page_get_status         (LlFrozenPage          *self,
                                                 LlWorkloadKind         kind);
guint         ll_frozen_page_get_n_results      (LlFrozenPage          *self);
char         *ll_frozen_page_dup_result_text    (LlFrozenPage          *self,
                                                 LlWorkloadKind         kind,
                                                 LlWorkloadMode         mode);
GtkWidget    *ll_frozen_page_get_input_log      (LlFrozenPage          *self);

void          ll_frozen_page_set_compare_command (LlFrozenPage         *self,
                                                  const char * const   *argv);
gboolean      ll_frozen_page_compare            (LlFrozenPage          *self,
                                                 LlWorkloadKind         kind,
                                                 LlWorkloadMode         mode,
                                                 GError               **error);
GSubprocess  *ll_frozen_page_get_compare_process (LlFrozenPage         *self);
void          ll_frozen_page_run_compare        (LlFrozenPage          *self,
                                                 const LlFrozenCompare *compare);

G_END_DECLS
