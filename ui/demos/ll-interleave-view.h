/* ll-interleave-view.h: two coroutines' lanes and the output they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-interleave-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

#define LL_TYPE_INTERLEAVE_VIEW (ll_interleave_view_get_type ())

G_DECLARE_FINAL_TYPE (LlInterleaveView, ll_interleave_view, LL, INTERLEAVE_VIEW, LlSimView)

GtkWidget *ll_interleave_view_new (LlInterleaveModel *model);

G_END_DECLS
