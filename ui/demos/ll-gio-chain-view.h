/* ll-gio-chain-view.h: the two-way message of a copy, as a sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-copy-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

#define LL_TYPE_GIO_CHAIN_VIEW (ll_gio_chain_view_get_type ())

G_DECLARE_FINAL_TYPE (LlGioChainView, ll_gio_chain_view, LL, GIO_CHAIN_VIEW, LlSimView)

GtkWidget *ll_gio_chain_view_new         (LlCopyModel    *model);
void       ll_gio_chain_view_clear       (LlGioChainView *self);
guint      ll_gio_chain_view_get_n_shown (LlGioChainView *self);
char      *ll_gio_chain_view_describe    (LlGioChainView *self,
                                          guint           index);

G_END_DECLS
