/* ll-step-gate.h: where a paused pipeline waits for a debugger's Step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_TYPE_STEP_GATE (ll_step_gate_get_type ())

G_DECLARE_FINAL_TYPE (LlStepGate, ll_step_gate, LL, STEP_GATE, GObject)

LlStepGate *ll_step_gate_new          (void);
gboolean    ll_step_gate_get_open     (LlStepGate           *self);
void        ll_step_gate_set_open     (LlStepGate           *self,
                                       gboolean              open);
void        ll_step_gate_step         (LlStepGate           *self);
guint       ll_step_gate_get_n_waiting (LlStepGate          *self);
void        ll_step_gate_wait_async   (LlStepGate           *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean    ll_step_gate_wait_finish  (LlStepGate           *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
