/* ll-live-label.h: a one-line label for figures that change while you watch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_LIVE_LABEL (ll_live_label_get_type ())

G_DECLARE_FINAL_TYPE (LlLiveLabel, ll_live_label, LL, LIVE_LABEL, GtkWidget)

GtkWidget  *ll_live_label_new      (const char  *text);
const char *ll_live_label_get_text (LlLiveLabel *self);
void        ll_live_label_set_text (LlLiveLabel *self,
                                    const char  *text);

G_END_DECLS
