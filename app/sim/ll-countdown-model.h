/* ll-countdown-model.h: a countdown that sleeps without blocking
 *
 * The model behind `looplab-cli run countdown` and the window's
 * countdown demo: a producer task sends n, n-1, ... 1 to a consumer
 * generator, which prints `Countdown n`, and sleeps a second between two
 * sends without blocking the loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-co.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_COUNTDOWN_MAX 1000
#define LL_COUNTDOWN_DEFAULT 10
#define LL_COUNTDOWN_PAUSE_MSEC 1000

LlCo *ll_countdown_new (GOutputStream *out,
                        guint          n);

#define LL_TYPE_COUNTDOWN_MODEL (ll_countdown_model_get_type ())

G_DECLARE_FINAL_TYPE (LlCountdownModel, ll_countdown_model, LL, COUNTDOWN_MODEL, LlSimModel)

LlCountdownModel *ll_countdown_model_new           (LlScheduler      *scheduler);

void              ll_countdown_model_start         (LlCountdownModel *self,
                                                    guint             n);
LlCo             *ll_countdown_model_get_producer  (LlCountdownModel *self);

guint             ll_countdown_model_get_from      (LlCountdownModel *self);
guint             ll_countdown_model_get_value     (LlCountdownModel *self);
gint64            ll_countdown_model_get_start_time (LlCountdownModel *self);
const gint64     *ll_countdown_model_get_received_at (LlCountdownModel *self,
                                                      guint            *n_received);
gint64            ll_countdown_model_get_wake_time (LlCountdownModel *self);

G_END_DECLS
