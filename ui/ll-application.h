/* ll-application.h: the Loop Lab application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-loop-monitor.h"

G_BEGIN_DECLS

#define LL_TYPE_APPLICATION (ll_application_get_type ())

G_DECLARE_FINAL_TYPE (LlApplication, ll_application, LL, APPLICATION, GtkApplication)

LlApplication *ll_application_new         (void);
LlLoopMonitor *ll_application_get_monitor (LlApplication *self);
GSettings     *ll_application_get_settings (LlApplication *self);

G_END_DECLS
