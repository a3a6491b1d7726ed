/* ll-workload-card.h: one workload's card on "Frozen vs responsive"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-workload.h"

G_BEGIN_DECLS

#define LL_TYPE_WORKLOAD_CARD (ll_workload_card_get_type ())

G_DECLARE_FINAL_TYPE (LlWorkloadCard, ll_workload_card, LL, WORKLOAD_CARD, GtkBox)

LlWorkloadKind  ll_workload_card_get_kind         (LlWorkloadCard         *self);
void            ll_workload_card_set_warning      (LlWorkloadCard         *self,
                                                   const char             *text);
void            ll_workload_card_show_progress    (LlWorkloadCard         *self,
                                                   gboolean                show);
void            ll_workload_card_set_progress     (LlWorkloadCard         *self,
                                                   double                  fraction,
                                                   const char             *text);
void            ll_workload_card_update_progress  (LlWorkloadCard         *self,
                                                   LlWorkload             *workload);
void            ll_workload_card_set_status       (LlWorkloadCard         *self,
                                                   const char             *text,
                                                   gboolean                error);
const char     *ll_workload_card_get_status       (LlWorkloadCard         *self);
GtkLabel       *ll_workload_card_show_result      (LlWorkloadCard         *self,
                                                   const char             *title,
                                                   const LlWorkloadResult *record,
                                                   GFile                  *file);
char           *ll_workload_card_dup_result_text  (LlWorkloadCard         *self,
                                                   LlWorkloadMode          mode);

char           *ll_workload_card_format_ms        (gint64                  duration);

G_END_DECLS
