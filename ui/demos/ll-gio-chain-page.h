/* ll-gio-chain-page.h: "The two-way message: an async file copy"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-copy-model.h"
#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_GIO_CHAIN_PAGE (ll_gio_chain_page_get_type ())

G_DECLARE_FINAL_TYPE (LlGioChainPage, ll_gio_chain_page, LL, GIO_CHAIN_PAGE, LlDemoPage)

GtkWidget   *ll_gio_chain_page_new         (LlLoopMonitor  *monitor);
LlCopyModel *ll_gio_chain_page_get_model   (LlGioChainPage *self);
void         ll_gio_chain_page_set_source  (LlGioChainPage *self,
                                            GFile          *source);
void         ll_gio_chain_page_set_destination (LlGioChainPage *self,
                                                GFile          *destination);
gboolean     ll_gio_chain_page_get_busy    (LlGioChainPage *self);
void         ll_gio_chain_page_run         (LlGioChainPage *self);

G_END_DECLS
