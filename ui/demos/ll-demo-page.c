/* ll-demo-page.c: the base class of every demo's page
 *
 * The window knows a page only as an LlDemoPage: it hands the page the
 * loop monitor at construction, reads the files its Source tab shows and
 * those that have a tab of their own (renderings of the same program in
 * other spellings), and follows the line about to run in each of them.  A page derives from
 * it, fills its own template in its own init, and calls
 * ll_demo_page_set_line() as its model reports where it stands.
 *
 * The base class also gives every mnemonic button of the page the name a
 * user sees (see ll_accessible_name_buttons()), once the subclass has
 * built its template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-demo-page"

#include "config.h"

#include "ll-accessible.h"
#include "ll-demo-page.h"

typedef struct
{
  /* owned references */
  LlLoopMonitor *monitor;
  GHashTable    *lines;      /* source path -> line, from 1 */
} LlDemoPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LlDemoPage, ll_demo_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  N_PROPS
};

enum {
  LINE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each page class's list of sources, as a GPtrArray of static strings
 * ending in NULL, kept on the type: a class struct has no room for it
 * that a subclass would not also inherit. */
static GQuark sources_quark;
static GQuark renderings_quark;

static GPtrArray *
class_sources (GType type)
{
  return g_type_get_qdata (type, sources_quark);
}

/**
 * ll_demo_page_class_add_source:
 * @klass: a page class, in its class_init
 * @path: (not nullable): a file's path in the source tree, as the
 *   resource bundle holds it under %LL_DEMO_SOURCES_PREFIX; a static
 *   string
 *
 * Adds a file to those the Source tab shows for this page, the first one
 * first.
 */
void
ll_demo_page_class_add_source (LlDemoPageClass *klass,
                               const char      *path)
{
  GType type = G_TYPE_FROM_CLASS (klass);
  GPtrArray *sources;

  g_return_if_fail (LL_IS_DEMO_PAGE_CLASS (klass));
  g_return_if_fail (path != NULL);

  sources = class_sources (type);
  if (sources == NULL)
    {
      /* Lives as long as the type, which is the whole program. */
      sources = g_ptr_array_new ();
      g_ptr_array_add (sources, NULL);
      g_type_set_qdata (type, sources_quark, sources);
    }
  sources->pdata[sources->len - 1] = (gpointer) path;
  g_ptr_array_add (sources, NULL);
}

/**
 * ll_demo_page_class_add_rendering:
 * @klass: a page class, in its class_init
 * @path: (not nullable): as for ll_demo_page_class_add_source(); a
 *   static string
 * @title: the tab's title, marked with N_() and with a mnemonic; a
 *   static string
 * @description: one sentence above the file: what it is; marked with
 *   N_(); a static string
 *
 * Adds a file that has a tab of its own beside the Source tab, at most
 * %LL_DEMO_MAX_RENDERINGS of them: the same program in another
 * spelling.  It counts among the page's sources, so the line about to
 * run in it is set with ll_demo_page_set_line() like any other.
 */
void
ll_demo_page_class_add_rendering (LlDemoPageClass *klass,
                                  const char      *path,
                                  const char      *title,
                                  const char      *description)
{
  GType type = G_TYPE_FROM_CLASS (klass);
  LlDemoRendering rendering = { path, title, description };
  GArray *renderings;

  g_return_if_fail (LL_IS_DEMO_PAGE_CLASS (klass));
  g_return_if_fail (path != NULL && title != NULL && description != NULL);

  renderings = g_type_get_qdata (type, renderings_quark);
  if (renderings == NULL)
    {
      renderings = g_array_new (FALSE, FALSE, sizeof (LlDemoRendering));
      g_type_set_qdata (type, renderings_quark, renderings);
    }
  g_return_if_fail (renderings->len < LL_DEMO_MAX_RENDERINGS);

  g_array_append_val (renderings, rendering);
  ll_demo_page_class_add_source (klass, path);
}

/**
 * ll_demo_page_class_get_renderings:
 * @klass: a page class
 * @n_renderings: (out): how many
 *
 * Returns: (transfer none) (array length=n_renderings): the files that
 *   have a tab of their own, in the order they were added
 */
const LlDemoRendering *
ll_demo_page_class_get_renderings (LlDemoPageClass *klass,
                                   guint           *n_renderings)
{
  GArray *renderings;

  g_return_val_if_fail (LL_IS_DEMO_PAGE_CLASS (klass), NULL);
  g_return_val_if_fail (n_renderings != NULL, NULL);

  renderings = g_type_get_qdata (G_TYPE_FROM_CLASS (klass), renderings_quark);
  *n_renderings = renderings != NULL ? renderings->len : 0;

  return renderings != NULL ? (const LlDemoRendering *) (gpointer) renderings->data : NULL;
}

/**
 * ll_demo_page_class_is_rendering:
 * @klass: a page class
 * @path: one of its sources
 *
 * Returns: whether @path has a tab of its own rather than a place in
 *   the Source tab
 */
gboolean
ll_demo_page_class_is_rendering (LlDemoPageClass *klass,
                                 const char      *path)
{
  const LlDemoRendering *renderings;
  guint n;

  g_return_val_if_fail (path != NULL, FALSE);

  renderings = ll_demo_page_class_get_renderings (klass, &n);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (renderings[i].path, path))
        return TRUE;
    }

  return FALSE;
}

/**
 * ll_demo_page_class_get_sources:
 * @klass: a page class
 *
 * Returns: (transfer none) (array zero-terminated=1): the paths of the
 *   files its Source tab shows, the first one first; empty if the class
 *   added none
 */
const char * const *
ll_demo_page_class_get_sources (LlDemoPageClass *klass)
{
  static const char *none[] = { NULL };
  GPtrArray *sources;

  g_return_val_if_fail (LL_IS_DEMO_PAGE_CLASS (klass), none);

  sources = class_sources (G_TYPE_FROM_CLASS (klass));

  return sources != NULL ? (const char * const *) sources->pdata : none;
}

/**
 * ll_demo_page_get_sources:
 * @self: a page
 *
 * Returns: (transfer none) (array zero-terminated=1): the sources of its
 *   class, as ll_demo_page_class_get_sources() gives them
 */
const char * const *
ll_demo_page_get_sources (LlDemoPage *self)
{
  g_return_val_if_fail (LL_IS_DEMO_PAGE (self), NULL);

  return ll_demo_page_class_get_sources (LL_DEMO_PAGE_GET_CLASS (self));
}

/**
 * ll_demo_page_get_renderings:
 * @self: a page
 * @n_renderings: (out): how many
 *
 * Returns: (transfer none) (array length=n_renderings): the renderings
 *   of its class, as ll_demo_page_class_get_renderings() gives them
 */
const LlDemoRendering *
ll_demo_page_get_renderings (LlDemoPage *self,
                             guint      *n_renderings)
{
  g_return_val_if_fail (LL_IS_DEMO_PAGE (self), NULL);

  return ll_demo_page_class_get_renderings (LL_DEMO_PAGE_GET_CLASS (self), n_renderings);
}

/**
 * ll_demo_page_get_monitor:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the monitor of the loop the page
 *   runs on
 */
LlLoopMonitor *
ll_demo_page_get_monitor (LlDemoPage *self)
{
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  g_return_val_if_fail (LL_IS_DEMO_PAGE (self), NULL);

  return priv->monitor;
}

/**
 * ll_demo_page_get_line:
 * @self: a page
 * @source: one of its sources
 *
 * Returns: the line of @source about to run, from 1; 0 for none
 */
int
ll_demo_page_get_line (LlDemoPage *self,
                       const char *source)
{
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  g_return_val_if_fail (LL_IS_DEMO_PAGE (self), 0);
  g_return_val_if_fail (source != NULL, 0);

  return GPOINTER_TO_INT (g_hash_table_lookup (priv->lines, source));
}

/**
 * ll_demo_page_set_line:
 * @self: a page
 * @source: one of its sources
 * @line: the line of @source about to run, from 1; 0 for none
 *
 * Says where the page's program stands in @source, as its model
 * reported it; emits #LlDemoPage::line-changed on a change.
 */
void
ll_demo_page_set_line (LlDemoPage *self,
                       const char *source,
                       int         line)
{
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);
  const char * const *sources;
  const char *key = NULL;

  g_return_if_fail (LL_IS_DEMO_PAGE (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (line >= 0);

  /* The key is the class's own static string: a page may pass a copy. */
  sources = ll_demo_page_get_sources (self);
  for (guint i = 0; sources[i] != NULL && key == NULL; i++)
    {
      if (g_str_equal (sources[i], source))
        key = sources[i];
    }
  g_return_if_fail (key != NULL);

  if (ll_demo_page_get_line (self, key) == line)
    return;

  if (line == 0)
    g_hash_table_remove (priv->lines, key);
  else
    g_hash_table_insert (priv->lines, (gpointer) key, GINT_TO_POINTER (line));

  g_signal_emit (self, signals[LINE_CHANGED], 0, key);
}

static void
ll_demo_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ll_demo_page_parent_class)->constructed (object);

  /* After every init: the subclass's template is built by now. */
  ll_accessible_name_buttons (GTK_WIDGET (object));
}

static void
ll_demo_page_dispose (GObject *object)
{
  LlDemoPage *self = LL_DEMO_PAGE (object);
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);
  GtkWidget *child;

  /* What a subclass's template did not take away. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->monitor);

  G_OBJECT_CLASS (ll_demo_page_parent_class)->dispose (object);
}

static void
ll_demo_page_finalize (GObject *object)
{
  LlDemoPage *self = LL_DEMO_PAGE (object);
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  g_hash_table_unref (priv->lines);

  G_OBJECT_CLASS (ll_demo_page_parent_class)->finalize (object);
}

static void
ll_demo_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlDemoPage *self = LL_DEMO_PAGE (object);
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, priv->monitor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_demo_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlDemoPage *self = LL_DEMO_PAGE (object);
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MONITOR:
      priv->monitor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_demo_page_class_init (LlDemoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  sources_quark = g_quark_from_static_string ("ll-demo-page-sources");
  renderings_quark = g_quark_from_static_string ("ll-demo-page-renderings");

  object_class->constructed = ll_demo_page_constructed;
  object_class->dispose = ll_demo_page_dispose;
  object_class->finalize = ll_demo_page_finalize;
  object_class->get_property = ll_demo_page_get_property;
  object_class->set_property = ll_demo_page_set_property;

  /**
   * LlDemoPage:monitor:
   *
   * The monitor of the loop the page runs on.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         LL_TYPE_LOOP_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlDemoPage::line-changed:
   * @self: the page
   * @source: the source whose line changed
   *
   * The line about to run in @source changed; read it with
   * ll_demo_page_get_line().
   */
  signals[LINE_CHANGED] =
    g_signal_new ("line-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ll_demo_page_init (LlDemoPage *self)
{
  LlDemoPagePrivate *priv = ll_demo_page_get_instance_private (self);

  priv->lines = g_hash_table_new (g_str_hash, g_str_equal);
}
