/* ll-window.c: the main window
 *
 * A sidebar catalogue of demos, grouped by category and searchable; for
 * the selected demo its live page, an Info tab, and a Source tab showing
 * the C files that implement it, straight from the resource bundle.  One
 * page lives at a time: leaving a demo disposes its page, which cancels
 * whatever it was running.
 *
 * Every page is an LlDemoPage: it names the files its Source tab shows
 * and reports the line about to run in each, which the window
 * highlights in the file shown; a file the page names as a rendering of
 * its program in another spelling (Python, say) gets a tab of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ll-demo-page.h"
#include "ll-demo-registry.h"
#include "ll-window.h"

#define CURRENT_LINE_TAG "ll-current-line"

/* What a tab that shows a file holds: the Source tab's, a rendering's. */
typedef struct
{
  /* template child, or built with the rendering's tab */
  GtkSourceView   *view;

  /* a rendering's tab: its page, its title, what it shows */
  GtkWidget       *box;
  GtkLabel        *tab;
  GtkLabel        *about;

  /* owned */
  GtkSourceBuffer *buffer;

  /* borrowed: one of the page class's static strings, or NULL, and
   * the page whose file it is */
  const char      *path;
  LlDemoPage      *page;

  /* whether the buffer holds path yet: only once the tab shows, or
   * someone asks for the buffer */
  gboolean         loaded;

  /* the tick callback that scrolls the highlight into sight */
  guint            scroll_id;
} SourcePane;

struct _LlWindow
{
  GtkApplicationWindow parent_instance;

  /* template children */
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkSearchEntry  *search_entry;
  GtkListBox      *demo_list;
  GtkLabel        *no_results_label;
  GtkBox          *page_box;
  GtkNotebook     *notebook;
  GtkLabel        *info_label;
  GtkWidget       *source_switcher_box;
  GtkDropDown     *source_switcher;
  GtkLabel        *source_path_label;

  /* borrowed */
  const LlDemo    *demo;
  LlDemoPage      *page;

  /* owned */
  GSettings       *settings;
  GPtrArray       *source_files;  /* the page's paths the switcher lists */
  SourcePane       source;
  SourcePane       renderings[LL_DEMO_MAX_RENDERINGS];

  /* the frame clock's after-paint until the first frame */
  GdkFrameClock   *frame_clock;
  gulong           first_frame_id;
};

G_DEFINE_FINAL_TYPE (LlWindow, ll_window, GTK_TYPE_APPLICATION_WINDOW)

static void
update_source_style (LlWindow *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = FALSE;
  GtkSourceStyleScheme *scheme;

  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (self->source.buffer, scheme);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    gtk_source_buffer_set_style_scheme (self->renderings[i].buffer, scheme);
}

/* The line highlighted in @buffer, from 1; 0 for none. */
static int
highlighted_line (GtkSourceBuffer *buffer)
{
  GtkTextTag *tag;
  GtkTextIter iter;

  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (buffer)), CURRENT_LINE_TAG);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return 0;

  return gtk_text_iter_get_line (&iter) + 1;
}

/* Brings the highlighted line into sight, a third of the way down, if it
 * is not in sight already; never sideways, and without the animation of
 * gtk_text_view_scroll_to_mark() (GTK 4.8 warns when a view is unmapped
 * in the middle of one).  At a frame, once the view has its size: the
 * first frame after a tab is shown or a file loaded may come before. */
static gboolean
scroll_to_highlight_cb (GtkWidget     *widget,
                        GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  SourcePane *pane = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  int line = highlighted_line (pane->buffer);
  GdkRectangle visible;
  GtkTextIter iter;
  int y, height;

  gtk_text_view_get_visible_rect (view, &visible);
  if (visible.height <= 0)
    return G_SOURCE_CONTINUE;

  pane->scroll_id = 0;
  if (line > 0)
    {
      gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (pane->buffer), &iter, line - 1);
      gtk_text_view_get_line_yrange (view, &iter, &y, &height);
      if (y < visible.y + height || y + 2 * height > visible.y + visible.height)
        gtk_adjustment_set_value (vadjustment, y - visible.height * 0.3);
    }

  return G_SOURCE_REMOVE;
}

static void
pane_scroll_soon (SourcePane *pane)
{
  if (pane->scroll_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (pane->view)))
    pane->scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (pane->view), scroll_to_highlight_cb, pane, NULL);
}

/* Highlights @line (from 1; 0 for none) and scrolls it into view. */
static void
pane_highlight (SourcePane *pane,
                int         line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, CURRENT_LINE_TAG, &start, &end);

  if (line <= 0 || line > gtk_text_buffer_get_line_count (buffer))
    return;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  gtk_text_iter_forward_line (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, CURRENT_LINE_TAG, &start, &end);

  pane_scroll_soon (pane);
}

static void pane_load (SourcePane *pane);

static void
pane_mapped_cb (SourcePane *pane)
{
  pane_load (pane);
  pane_scroll_soon (pane);
}

static void
pane_init (SourcePane *pane)
{
  pane->buffer = gtk_source_buffer_new (NULL);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (pane->view), GTK_TEXT_BUFFER (pane->buffer));
  /* A translucent band behind the line about to run: it reads on the
   * light and the dark scheme alike, over the syntax colours. */
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (pane->buffer), CURRENT_LINE_TAG,
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.96, 0.76, 0.07, 0.35 },
                              NULL);
  g_signal_connect_swapped (pane->view, "map", G_CALLBACK (pane_mapped_cb), pane);
}

static void
pane_dispose (SourcePane *pane)
{
  if (pane->scroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (pane->view), pane->scroll_id);
  pane->scroll_id = 0;
  pane->path = NULL;
  pane->page = NULL;
}

/* Fills @pane with its file, in the language its name says, with the
 * line its page is about to run in it.  Not before: the language
 * files GtkSourceView reads and the highlighting of a long file cost
 * tens of milliseconds that need not come before the first frame. */
static void
pane_load (SourcePane *pane)
{
  GtkSourceLanguageManager *languages;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (pane->loaded)
    return;
  pane->loaded = TRUE;

  if (pane->path == NULL)
    {
      gtk_source_buffer_set_language (pane->buffer, NULL);
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  /* By the name alone: a .c file is C, a .py file Python. */
  languages = gtk_source_language_manager_get_default ();
  gtk_source_buffer_set_language (pane->buffer, gtk_source_language_manager_guess_language (languages, pane->path, NULL));

  resource = g_strconcat (LL_DEMO_SOURCES_PREFIX, pane->path, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      /* Only a broken build gets here; the registry test guards it. */
      g_autofree char *text = g_strdup_printf (_("The source of this demo is missing: %s"), error->message);
      gtk_text_buffer_set_text (buffer, text, -1);
      return;
    }

  gtk_text_buffer_set_text (buffer, g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes));
  /* The first lines, until a highlight says otherwise. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (pane->view)), 0);
  pane_highlight (pane, ll_demo_page_get_line (pane->page, pane->path));
}

/* Makes @path (a source path, or %NULL for none) of @page the file
 * @pane shows, loaded now if the tab is in sight, else when it shows. */
static void
pane_show (SourcePane *pane,
           LlDemoPage *page,
           const char *path)
{
  pane->path = path;
  pane->page = page;
  pane->loaded = FALSE;

  if (gtk_widget_get_mapped (GTK_WIDGET (pane->view)))
    pane_load (pane);
}

static void
highlight_in (SourcePane *pane,
              const char *source)
{
  if (pane->loaded && pane->path != NULL && g_str_equal (source, pane->path))
    pane_highlight (pane, ll_demo_page_get_line (pane->page, source));
}

static void
line_changed_cb (LlWindow   *self,
                 const char *source)
{
  highlight_in (&self->source, source);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    highlight_in (&self->renderings[i], source);
}

/* A rendering's tab, hidden until a page has a rendering for it: the
 * same view as the Source tab's, under a sentence saying what it is. */
static void
rendering_pane_build (LlWindow   *self,
                      SourcePane *pane)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_source_view_new ();

  pane->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_visible (pane->box, FALSE);

  pane->about = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (pane->about, 0);
  gtk_label_set_wrap (pane->about, TRUE);
  g_object_set (pane->about, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (pane->about), "dim-label");
  gtk_box_append (GTK_BOX (pane->box), GTK_WIDGET (pane->about));

  g_object_set (view,
                "editable", FALSE,
                "cursor-visible", FALSE,
                "monospace", TRUE,
                "show-line-numbers", TRUE,
                "highlight-current-line", FALSE,
                "left-margin", 6,
                "top-margin", 6,
                "bottom-margin", 6,
                NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (pane->box), scrolled);

  /* Ellipsized, with the whole title as its tooltip: five tabs do not
   * fit the notebook's default width, and a scrollable notebook hides
   * tabs behind arrows. */
  pane->tab = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_use_underline (pane->tab, TRUE);
  gtk_label_set_ellipsize (pane->tab, PANGO_ELLIPSIZE_END);
  gtk_notebook_append_page (self->notebook, pane->box, GTK_WIDGET (pane->tab));

  pane->view = GTK_SOURCE_VIEW (view);
  pane_init (pane);
}

static void
source_switched_cb (LlWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->source_switcher);
  const char *path;

  if (self->page == NULL || selected >= self->source_files->len)
    return;

  path = g_ptr_array_index (self->source_files, selected);
  if (path == self->source.path)
    return;

  pane_show (&self->source, self->page, path);
  /* Resources mirror the tree: show where the file lives. */
  gtk_label_set_label (self->source_path_label, path);
}

/* A rendering of the program in another spelling has a tab of its own:
 * a step then highlights the line about to run in each at once, one key
 * apart.  Every other file is the Source tab's, one at a time, with a
 * switcher when there are several. */
static void
show_sources (LlWindow *self)
{
  LlDemoPageClass *klass = LL_DEMO_PAGE_GET_CLASS (self->page);
  const char * const *sources = ll_demo_page_get_sources (self->page);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const LlDemoRendering *renderings;
  guint n_renderings;

  g_ptr_array_set_size (self->source_files, 0);
  for (guint i = 0; sources[i] != NULL; i++)
    {
      if (!ll_demo_page_class_is_rendering (klass, sources[i]))
        {
          g_autofree char *name = g_path_get_basename (sources[i]);

          g_ptr_array_add (self->source_files, (gpointer) sources[i]);
          gtk_string_list_append (names, name);
        }
    }

  g_signal_handlers_block_by_func (self->source_switcher, source_switched_cb, self);
  gtk_drop_down_set_model (self->source_switcher, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->source_switcher, 0);
  g_signal_handlers_unblock_by_func (self->source_switcher, source_switched_cb, self);
  gtk_widget_set_visible (self->source_switcher_box, self->source_files->len > 1);

  self->source.path = NULL;
  if (self->source_files->len > 0)
    source_switched_cb (self);
  else
    {
      pane_show (&self->source, self->page, NULL);
      gtk_label_set_label (self->source_path_label, "");
    }

  renderings = ll_demo_page_get_renderings (self->page, &n_renderings);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    {
      SourcePane *pane = &self->renderings[i];

      if (i < n_renderings)
        {
          g_autofree char *title = NULL;

          gtk_label_set_label (pane->tab, _(renderings[i].title));
          gtk_label_set_label (pane->about, _(renderings[i].description));
          /* The view's name is the tab's, without its mnemonic. */
          title = g_strdup (gtk_label_get_text (pane->tab));
          gtk_widget_set_tooltip_text (GTK_WIDGET (pane->tab), title);
          gtk_accessible_update_property (GTK_ACCESSIBLE (pane->view),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                          -1);
        }
      pane_show (pane, self->page, i < n_renderings ? renderings[i].path : NULL);
      gtk_widget_set_visible (pane->box, i < n_renderings);
    }
}

/**
 * ll_window_select_demo:
 * @self: a #LlWindow
 * @id: a demo id from the registry
 *
 * Shows the demo @id: its page, its info, its source.
 *
 * Returns: %FALSE if there is no such demo (the window keeps what it had)
 */
gboolean
ll_window_select_demo (LlWindow   *self,
                       const char *id)
{
  const LlDemo *demo;
  LlLoopMonitor *monitor;
  GtkListBoxRow *row;

  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  demo = ll_demo_registry_lookup (id);
  if (demo == NULL)
    return FALSE;

  if (demo == self->demo)
    return TRUE;

  if (self->page != NULL)
    {
      gtk_box_remove (self->page_box, GTK_WIDGET (self->page));
      self->page = NULL;
    }

  self->demo = demo;
  monitor = ll_application_get_monitor (LL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  self->page = g_object_new (demo->get_type (), "monitor", monitor, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (self->page_box, GTK_WIDGET (self->page));

  gtk_label_set_label (self->subtitle_label, _(demo->title));
  gtk_label_set_markup (self->info_label, _(demo->info));
  show_sources (self);

  /* A stepping page drives the highlight; the connection goes with it. */
  g_signal_connect_object (self->page, "line-changed",
                           G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);

  /* Keep the sidebar in step when the change came from elsewhere. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->demo_list, i)); i++)
    {
      if (g_object_get_data (G_OBJECT (row), "demo") == demo)
        {
          if (gtk_list_box_get_selected_row (self->demo_list) != row)
            gtk_list_box_select_row (self->demo_list, row);
          break;
        }
    }

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-demo", demo->id);

  return TRUE;
}

const char *
ll_window_get_demo_id (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return self->demo ? self->demo->id : NULL;
}

/**
 * ll_window_get_page:
 * @self: a #LlWindow
 *
 * Returns: (transfer none) (nullable): the live page of the current demo
 */
GtkWidget *
ll_window_get_page (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->page);
}

/**
 * ll_window_get_source_buffer:
 * @self: a #LlWindow
 *
 * Returns: (transfer none): the buffer of the Source tab, which holds the
 *   file its switcher shows (the page's first source when it opens),
 *   loaded now if the tab has not shown yet
 */
GtkSourceBuffer *
ll_window_get_source_buffer (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  pane_load (&self->source);
  return self->source.buffer;
}

/**
 * ll_window_get_rendering_buffer:
 * @self: a #LlWindow
 * @index: which rendering, from 0, below %LL_DEMO_MAX_RENDERINGS
 *
 * Returns: (transfer none): the buffer of the page's @index-th rendering
 *   tab (empty if it has no such rendering), loaded now if the tab has
 *   not shown yet
 */
GtkSourceBuffer *
ll_window_get_rendering_buffer (LlWindow *self,
                                guint     index)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (index < LL_DEMO_MAX_RENDERINGS, NULL);

  pane_load (&self->renderings[index]);
  return self->renderings[index].buffer;
}

static SourcePane *
pane_of_buffer (LlWindow        *self,
                GtkSourceBuffer *buffer)
{
  if (buffer == self->source.buffer)
    return &self->source;
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    {
      if (buffer == self->renderings[i].buffer)
        return &self->renderings[i];
    }

  return NULL;
}

/**
 * ll_window_get_highlighted_line:
 * @self: a #LlWindow
 * @buffer: the Source buffer or a rendering's
 *
 * Returns: the line highlighted as about to run, from 1; 0 for none
 */
int
ll_window_get_highlighted_line (LlWindow        *self,
                                GtkSourceBuffer *buffer)
{
  SourcePane *pane;

  g_return_val_if_fail (LL_IS_WINDOW (self), 0);

  pane = pane_of_buffer (self, buffer);
  g_return_val_if_fail (pane != NULL, 0);

  pane_load (pane);
  return highlighted_line (buffer);
}

/**
 * ll_window_get_demo_list:
 * @self: a #LlWindow
 *
 * Returns: (transfer none): the sidebar's list of demos
 */
GtkListBox *
ll_window_get_demo_list (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return self->demo_list;
}

static void
demo_row_selected_cb (LlWindow      *self,
                      GtkListBoxRow *row)
{
  const LlDemo *demo;

  if (row == NULL)
    return;

  demo = g_object_get_data (G_OBJECT (row), "demo");
  ll_window_select_demo (self, demo->id);
}

static gboolean
demo_matches (const LlDemo *demo,
              const char   *needle)
{
  const char *haystacks[] = { demo->id, _(demo->title), _(demo->summary), _(demo->category) };

  if (needle == NULL || *needle == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (haystacks); i++)
    {
      g_autofree char *folded = g_utf8_casefold (haystacks[i], -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LlWindow *self = user_data;
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);

  return demo_matches (g_object_get_data (G_OBJECT (row), "demo"), needle);
}

static void
search_changed_cb (LlWindow *self)
{
  GtkListBoxRow *row;
  gboolean any = FALSE;

  gtk_list_box_invalidate_filter (self->demo_list);
  gtk_list_box_invalidate_headers (self->demo_list);

  for (int i = 0; !any && (row = gtk_list_box_get_row_at_index (self->demo_list, i)); i++)
    any = filter_row (row, self);
  gtk_widget_set_visible (GTK_WIDGET (self->no_results_label), !any);
}

static void
search_activate_cb (LlWindow *self)
{
  GtkListBoxRow *row;

  /* Enter opens the first match. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->demo_list, i)); i++)
    {
      if (filter_row (row, self))
        {
          gtk_list_box_select_row (self->demo_list, row);
          gtk_widget_grab_focus (GTK_WIDGET (row));
          break;
        }
    }
}

static void
search_stop_cb (LlWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  LlWindow *self = LL_WINDOW (user_data);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* A category heading above the first visible row of each category. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const LlDemo *demo = g_object_get_data (G_OBJECT (row), "demo");
  const LlDemo *previous = NULL;
  GtkWidget *header;

  /* GtkListBox passes the previous row the filter kept. */
  if (before != NULL)
    previous = g_object_get_data (G_OBJECT (before), "demo");

  if (previous != NULL && g_str_equal (previous->category, demo->category))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (_(demo->category));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_widget_add_css_class (header, "category-header");
  gtk_widget_add_css_class (header, "heading");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_demo_row (const LlDemo *demo)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (_(demo->title));
  GtkWidget *summary = gtk_label_new (_(demo->summary));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (summary, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(demo->title),
                                  -1);
  g_object_set_data (G_OBJECT (row), "demo", (gpointer) demo);

  return row;
}

static void
stop_waiting_for_first_frame (LlWindow *self)
{
  if (self->first_frame_id != 0)
    g_signal_handler_disconnect (self->frame_clock, self->first_frame_id);
  self->first_frame_id = 0;
  self->frame_clock = NULL;
}

/* The first frame drawn ends the application's startup: the monitor
 * counts up to here as one stall, named so (the first window does; for
 * the windows after it, this does nothing). */
static void
first_frame_cb (LlWindow *self)
{
  LlApplication *app = LL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (app != NULL && ll_application_get_monitor (app) != NULL)
    ll_loop_monitor_end_startup (ll_application_get_monitor (app), g_get_monotonic_time ());
  stop_waiting_for_first_frame (self);
}

static void
ll_window_realize (GtkWidget *widget)
{
  LlWindow *self = LL_WINDOW (widget);

  GTK_WIDGET_CLASS (ll_window_parent_class)->realize (widget);

  self->frame_clock = gtk_widget_get_frame_clock (widget);
  self->first_frame_id = g_signal_connect_swapped (self->frame_clock, "after-paint",
                                                   G_CALLBACK (first_frame_cb), self);
}

static void
ll_window_unrealize (GtkWidget *widget)
{
  stop_waiting_for_first_frame (LL_WINDOW (widget));

  GTK_WIDGET_CLASS (ll_window_parent_class)->unrealize (widget);
}

static gboolean
ll_window_close_request (GtkWindow *window)
{
  LlWindow *self = LL_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (ll_window_parent_class)->close_request (window);
}

static void
ll_window_dispose (GObject *object)
{
  LlWindow *self = LL_WINDOW (object);

  self->page = NULL;
  self->demo = NULL;
  g_clear_object (&self->settings);
  g_clear_pointer (&self->source_files, g_ptr_array_unref);
  pane_dispose (&self->source);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    pane_dispose (&self->renderings[i]);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_WINDOW);

  g_clear_object (&self->source.buffer);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    g_clear_object (&self->renderings[i].buffer);

  G_OBJECT_CLASS (ll_window_parent_class)->dispose (object);
}

static void
ll_window_class_init (LlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ll_window_dispose;
  widget_class->realize = ll_window_realize;
  widget_class->unrealize = ll_window_unrealize;
  window_class->close_request = ll_window_close_request;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LlWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, demo_list);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, no_results_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, source_switcher_box);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, source_switcher);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, source_path_label);
  gtk_widget_class_bind_template_child_full (widget_class, "source_view", FALSE,
                                             G_STRUCT_OFFSET (LlWindow, source.view));
  gtk_widget_class_bind_template_callback (widget_class, demo_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_switched_cb);
}

static void
ll_window_init (LlWindow *self)
{
  static const GActionEntry entries[] = {
    { "search", search_action },
  };
  g_autoptr(GtkExpression) file_name = NULL;
  const LlDemo *demos;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  /* The header shows the window's title, which a second instance of
   * Compare side by side sets to its mode.
   */
  g_object_bind_property (self, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);

  pane_init (&self->source);
  for (guint i = 0; i < LL_DEMO_MAX_RENDERINGS; i++)
    rendering_pane_build (self, &self->renderings[i]);
  self->source_files = g_ptr_array_new ();
  file_name = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->source_switcher, file_name);
  update_source_style (self);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (update_source_style), self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->demo_list));
  gtk_list_box_set_header_func (self->demo_list, update_header, NULL, NULL);
  gtk_list_box_set_filter_func (self->demo_list, filter_row, self, NULL);

  demos = ll_demo_registry_get (&n);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->demo_list, create_demo_row (&demos[i]));
}

/**
 * ll_window_new:
 * @app: the application
 *
 * Creates the main window on the last demo the user had open, with the
 * size it had.
 *
 * Returns: (transfer full): a new #LlWindow
 */
LlWindow *
ll_window_new (LlApplication *app)
{
  return ll_window_new_for_demo (app, NULL);
}

/**
 * ll_window_new_for_demo:
 * @app: the application
 * @id: (nullable): a demo id from the registry
 *
 * Creates the main window on the demo @id, or, without one or for an
 * unknown one, on the last demo the user had open; with the size it
 * had.  Only the page shown is built: a page that would be replaced
 * at once would cost its building before the first frame.
 *
 * Returns: (transfer full): a new #LlWindow
 */
LlWindow *
ll_window_new_for_demo (LlApplication *app,
                        const char    *id)
{
  LlWindow *self;
  g_autofree char *last_demo = NULL;

  g_return_val_if_fail (LL_IS_APPLICATION (app), NULL);

  self = g_object_new (LL_TYPE_WINDOW, "application", app, NULL);

  if (ll_application_get_settings (app) != NULL)
    {
      self->settings = g_object_ref (ll_application_get_settings (app));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      last_demo = g_settings_get_string (self->settings, "last-demo");
    }

  if ((id == NULL || !ll_window_select_demo (self, id)) &&
      (last_demo == NULL || !ll_window_select_demo (self, last_demo)))
    ll_window_select_demo (self, ll_demo_registry_get (NULL)[0].id);

  /* The focus starts on the demo list, where typing starts a search: in
   * the search entry, a blinking cursor would run the frame clock at the
   * display's rate for its first ten seconds. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (gtk_list_box_get_selected_row (self->demo_list)));

  return self;
}
