/* ll-hello-view.h: gathered hello tasks on one time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-hello-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

/* Up to this many tasks get a lane each; more fold into one band. */
#define LL_HELLO_VIEW_MAX_LANES 50

#define LL_TYPE_HELLO_VIEW (ll_hello_view_get_type ())

G_DECLARE_FINAL_TYPE (LlHelloView, ll_hello_view, LL, HELLO_VIEW, LlSimView)

GtkWidget *ll_hello_view_new       (LlHelloModel *model);
void       ll_hello_view_set_next  (LlHelloView  *self,
                                    guint         number);
gboolean   ll_hello_view_is_folded (LlHelloView  *self);

G_END_DECLS
