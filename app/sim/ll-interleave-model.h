/* ll-interleave-model.h: two coroutines interleaved by a schedule
 *
 * The model behind `looplab-cli run interleave` and the window's
 * interleaving demo: A prints 1 2 3, B prints x y z, each yielding after
 * every item, and a schedule such as AABBAB says who resumes at each
 * step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_INTERLEAVE_DEFAULT_SCHEDULE "AABBAB"
#define LL_INTERLEAVE_N_ITEMS 3

#define LL_TYPE_INTERLEAVE_MODEL (ll_interleave_model_get_type ())

G_DECLARE_FINAL_TYPE (LlInterleaveModel, ll_interleave_model, LL, INTERLEAVE_MODEL, LlSimModel)

gboolean            ll_interleave_parse_schedule       (const char         *schedule,
                                                        GError            **error);

LlInterleaveModel  *ll_interleave_model_new            (LlScheduler        *scheduler);
const char         *ll_interleave_model_get_schedule   (LlInterleaveModel  *self);
gboolean            ll_interleave_model_set_schedule   (LlInterleaveModel  *self,
                                                        const char         *schedule,
                                                        GError            **error);

void                ll_interleave_model_start          (LlInterleaveModel  *self);

guint               ll_interleave_model_get_position   (LlInterleaveModel  *self);
guint               ll_interleave_model_get_n_steps    (LlInterleaveModel  *self);
gboolean            ll_interleave_model_get_finished   (LlInterleaveModel  *self);
char                ll_interleave_model_get_next       (LlInterleaveModel  *self);
LlCo               *ll_interleave_model_get_coroutine  (LlInterleaveModel  *self,
                                                        char                who);
const char * const *ll_interleave_model_get_items      (char                who);
guint               ll_interleave_model_get_n_printed  (LlInterleaveModel  *self,
                                                        char                who);
const char         *ll_interleave_model_get_output     (LlInterleaveModel  *self);

G_END_DECLS
