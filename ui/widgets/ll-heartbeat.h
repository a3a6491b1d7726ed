/* ll-heartbeat.h: a heart that beats on the frame clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_HEARTBEAT (ll_heartbeat_get_type ())

G_DECLARE_FINAL_TYPE (LlHeartbeat, ll_heartbeat, LL, HEARTBEAT, GtkWidget)

GtkWidget *ll_heartbeat_new          (void);
double     ll_heartbeat_get_fps      (LlHeartbeat *self);
guint64    ll_heartbeat_get_n_frames (LlHeartbeat *self);

G_END_DECLS
