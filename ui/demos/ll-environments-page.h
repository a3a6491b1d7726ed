/* ll-environments-page.h: "One coroutine, three environments"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-environments-model.h"

G_BEGIN_DECLS

#define LL_TYPE_ENVIRONMENTS_PAGE (ll_environments_page_get_type ())

G_DECLARE_FINAL_TYPE (LlEnvironmentsPage, ll_environments_page, LL, ENVIRONMENTS_PAGE, LlDemoPage)

GtkWidget           *ll_environments_page_new       (LlLoopMonitor      *monitor);
LlEnvironmentsModel *ll_environments_page_get_model (LlEnvironmentsPage *self);

G_END_DECLS
