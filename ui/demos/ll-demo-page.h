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

/**
 * LlDemoRendering:
 * @path: the file's path among the page's sources
 * @title: the tab's title, untranslated, with a mnemonic
 * @description: what the tab shows, untranslated
 *
 * A file with a tab of its own beside the Source tab: the same program
 * in another spelling, whose line about to run the page reports too.
 */
typedef struct
{
  const char *path;
  const char *title;
  const char *description;
} LlDemoRendering;

#define LL_DEMO_MAX_RENDERINGS 3

void                ll_demo_page_class_add_source  (LlDemoPageClass *klass,
                                                    const char      *path);
void                ll_demo_page_class_add_rendering (LlDemoPageClass *klass,
                                                      const char      *path,
                                                      const char      *title,
                                                      const char      *description);
const char * const *ll_demo_page_class_get_sources (LlDemoPageClass *klass);
const LlDemoRendering *ll_demo_page_class_get_renderings (LlDemoPageClass *klass,
                                                          guint           *n_renderings);
gboolean            ll_demo_page_class_is_rendering (LlDemoPageClass *klass,
                                                     const char      *path);

LlLoopMonitor      *ll_demo_page_get_monitor       (LlDemoPage      *self);
const char * const *ll_demo_page_get_sources       (LlDemoPage      *self);
const LlDemoRendering *ll_demo_page_get_renderings (LlDemoPage      *self,
                                                    guint           *n_renderings);
int                 ll_demo_page_get_line          (LlDemoPage      *self,
                                                    const char      *source);
void                ll_demo_page_set_line          (LlDemoPage      *self,
                                                    const char      *source,
                                                    int              line);

G_END_DECLS
