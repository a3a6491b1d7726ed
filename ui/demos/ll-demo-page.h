/* ll-demo-page.h: what every demo's page is to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-loop-monitor.h"

G_BEGIN_DECLS

#define LL_TYPE_DEMO_PAGE (ll_demo_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (LlDemoPage, ll_demo_page, LL, DEMO_PAGE, GtkWidget)

/**
 * LlDemoPageClass:
 * @parent_class: the parent class
 *
 * A page's class names the files its Source tab shows, with
 * ll_demo_page_class_add_source(), in its class_init.
 */
struct _LlDemoPageClass
{
  GtkWidgetClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

void                ll_demo_page_class_add_source  (LlDemoPageClass *klass,
                                                    const char      *path);
const char * const *ll_demo_page_class_get_sources (LlDemoPageClass *klass);

LlLoopMonitor      *ll_demo_page_get_monitor       (LlDemoPage      *self);
const char * const *ll_demo_page_get_sources       (LlDemoPage      *self);
int                 ll_demo_page_get_line          (LlDemoPage      *self,
                                                    const char      *source);
void                ll_demo_page_set_line          (LlDemoPage      *self,
                                                    const char      *source,
                                                    int              line);

G_END_DECLS
