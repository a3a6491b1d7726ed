/* ll-ticker.h: a tick callback that runs only while its widget is seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _LlTicker LlTicker;

LlTicker *ll_ticker_new               (GtkWidget       *widget,
                                       GtkTickCallback  callback);
void      ll_ticker_free              (LlTicker        *self);
void      ll_ticker_set_wanted        (LlTicker        *self,
                                       gboolean         wanted);
gboolean  ll_ticker_get_ticking       (LlTicker        *self);

gboolean  ll_ticker_widget_has_ticker (GtkWidget       *widget);
gboolean  ll_ticker_widget_is_ticking (GtkWidget       *widget);

G_END_DECLS
