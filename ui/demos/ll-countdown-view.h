/* ll-countdown-view.h: a countdown on a timeline, its pauses as free time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-countdown-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

#define LL_TYPE_COUNTDOWN_VIEW (ll_countdown_view_get_type ())

G_DECLARE_FINAL_TYPE (LlCountdownView, ll_countdown_view, LL, COUNTDOWN_VIEW, LlSimView)

GtkWidget *ll_countdown_view_new               (LlCountdownModel *model);
guint      ll_countdown_view_get_n_free_frames (LlCountdownView  *self);

G_END_DECLS
