/* ll-input-log.h: the clicks and keys of a window, with their queue waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-loop-monitor.h"

G_BEGIN_DECLS

#define LL_TYPE_INPUT_LOG (ll_input_log_get_type ())

G_DECLARE_FINAL_TYPE (LlInputLog, ll_input_log, LL, INPUT_LOG, GtkWidget)

GtkWidget *ll_input_log_new           (LlLoopMonitor *monitor);
guint      ll_input_log_get_n_inputs  (LlInputLog    *self);
guint      ll_input_log_get_n_clicks  (LlInputLog    *self);
void       ll_input_log_click_me      (LlInputLog    *self);
guint      ll_input_log_count_held    (LlInputLog    *self,
                                       gint64         start,
                                       gint64         end,
                                       gint64        *longest_wait);
void       ll_input_log_record        (LlInputLog    *self,
                                       const char    *what,
                                       gint64         queued_at,
                                       gint64         handled_at);

G_END_DECLS
