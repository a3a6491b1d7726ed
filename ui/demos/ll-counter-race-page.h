/* ll-counter-race-page.h: "Shared state: a lost update"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-counter-race-model.h"
#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_COUNTER_RACE_PAGE (ll_counter_race_page_get_type ())

G_DECLARE_FINAL_TYPE (LlCounterRacePage, ll_counter_race_page, LL, COUNTER_RACE_PAGE, LlDemoPage)

GtkWidget          *ll_counter_race_page_new       (LlLoopMonitor     *monitor);
LlCounterRaceModel *ll_counter_race_page_get_model (LlCounterRacePage *self);

G_END_DECLS
