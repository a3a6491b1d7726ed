/* ll-demo-registry.h: the catalogue of demos the window offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Demo sources are in the bundle under their paths in the tree. */
#define LL_DEMO_SOURCES_PREFIX "/io/github/looplab/LoopLab/sources/"

/**
 * LlDemo:
 * @id: kebab-case id, as `looplab --demo ID` takes it
 * @category: the sidebar group (translatable, N_)
 * @title: the demo's name (translatable, N_)
 * @summary: one line for the sidebar (translatable, N_)
 * @info: what it shows and what to try, Pango markup (translatable, N_)
 * @get_type: the page's type, an #LlDemoPage, which names the files its
 *   Source tab shows
 *
 * Adding a demo is its page file plus one entry in the table.
 */
typedef struct
{
  const char *id;
  const char *category;
  const char *title;
  const char *summary;
  const char *info;
  GType     (*get_type) (void);
} LlDemo;

const LlDemo *ll_demo_registry_get    (guint      *n_demos);
const LlDemo *ll_demo_registry_lookup (const char *id);

G_END_DECLS
