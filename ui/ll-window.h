/* ll-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "ll-application.h"

G_BEGIN_DECLS

#define LL_TYPE_WINDOW (ll_window_get_type ())

G_DECLARE_FINAL_TYPE (LlWindow, ll_window, LL, WINDOW, GtkApplicationWindow)

LlWindow        *ll_window_new               (LlApplication *app);
LlWindow        *ll_window_new_for_demo      (LlApplication *app,
                                              const char    *id);
gboolean         ll_window_select_demo       (LlWindow      *self,
                                              const char    *id);
const char      *ll_window_get_demo_id       (LlWindow      *self);
GtkWidget       *ll_window_get_page          (LlWindow      *self);
GtkSourceBuffer *ll_window_get_source_buffer (LlWindow      *self);
GtkListBox      *ll_window_get_demo_list     (LlWindow      *self);
GtkSourceBuffer *ll_window_get_rendering_buffer (LlWindow    *self,
                                                 guint        index);
int              ll_window_get_highlighted_line (LlWindow        *self,
                                                 GtkSourceBuffer *buffer);

G_END_DECLS
