/* ll-application.c: the Loop Lab application
 *
 * Owns the loop monitor that watches the GTK main loop for every page,
 * the settings, and the app-wide actions.  `looplab --list` prints the
 * catalogue; `looplab --demo ID` opens the window on one demo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-application.h"
#include "ll-demo-registry.h"
#include "ll-frozen-compare.h"
#include "ll-frozen-page.h"
#include "ll-measure.h"
#include "ll-process.h"
#include "ll-window.h"

struct _LlApplication
{
  GtkApplication parent_instance;

  /* owned references */
  LlLoopMonitor *monitor;
  GSettings     *settings;

  /* one side of "Compare side by side": a separate instance */
  gboolean       compare_mode;
};

G_DEFINE_FINAL_TYPE (LlApplication, ll_application, GTK_TYPE_APPLICATION)

static gsize application_named;

static const GOptionEntry option_entries[] = {
  { "list", 'l', 0, G_OPTION_ARG_NONE, NULL, N_("Print the demos, one a line, and exit"), NULL },
  { "demo", 'd', 0, G_OPTION_ARG_STRING, NULL, N_("Open the window on demo ID"), N_("ID") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  /* Without the schema (an uninstalled build run by hand) the app still
   * works; it just forgets its window size and last demo.
   */
  if (schema == NULL)
    {
      g_message ("GSettings schema %s not found; settings will not be kept", APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static LlWindow *
get_or_create_window (LlApplication *self,
                      const char    *demo_id)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (ll_window_new_for_demo (self, demo_id));
      ll_measure_attach (LL_WINDOW (window));
    }

  return LL_WINDOW (window);
}

static int
ll_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  const char *demo_id = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("looplab %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "list"))
    {
      const LlDemo *demos;
      guint n;

      demos = ll_demo_registry_get (&n);
      for (guint i = 0; i < n; i++)
        g_print ("%s\t%s\n", demos[i].id, _(demos[i].title));
      return 0;
    }

  if (g_variant_dict_lookup (options, "demo", "&s", &demo_id) &&
      ll_demo_registry_lookup (demo_id) == NULL)
    {
      g_printerr (_("looplab: there is no demo “%s”; `looplab --list` shows them\n"), demo_id);
      return 2;
    }

  if (ll_frozen_compare_requested (options))
    {
      g_autoptr(LlFrozenCompare) compare = ll_frozen_compare_parse (options);

      if (compare == NULL)
        return 2;

      /* A second process, never a window of the first: one of the two
       * is meant to freeze while the other keeps moving. */
      LL_APPLICATION (app)->compare_mode = TRUE;
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static int
ll_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  LlApplication *self = LL_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *demo_id = NULL;
  LlWindow *window;

  g_variant_dict_lookup (options, "demo", "&s", &demo_id);
  window = get_or_create_window (self, demo_id);
  if (demo_id != NULL)
    ll_window_select_demo (window, demo_id);

  if (ll_frozen_compare_requested (options))
    {
      g_autoptr(LlFrozenCompare) compare = ll_frozen_compare_parse (options);
      GtkWidget *page;

      ll_window_select_demo (window, LL_FROZEN_PAGE_DEMO_ID);
      page = ll_window_get_page (window);
      if (compare != NULL && LL_IS_FROZEN_PAGE (page))
        ll_frozen_page_run_compare (LL_FROZEN_PAGE (page), compare);
    }

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static void
ll_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (LL_APPLICATION (app), NULL)));
}

static void
dark_style_changed (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  LlApplication *self = user_data;
  gboolean dark = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  g_object_set (gtk_settings_get_default (),
                "gtk-application-prefer-dark-theme", dark,
                NULL);

  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "dark-style", dark);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Loop Lab team"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Loop Lab"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See the event loop at work: what blocks it, what keeps it moving, and how coroutines share it."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "translator-credits", _("translator-credits"),
                         "website", "https://github.com/looplab/looplab",
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window lets it save its size; then the app ends. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
ll_application_startup (GApplication *app)
{
  LlApplication *self = LL_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  gboolean dark = FALSE;
  gboolean current_dark = FALSE;
  g_autoptr(GSimpleAction) dark_style = NULL;
  static const GActionEntry entries[] = {
    { "about", about_activated },
    { "quit", quit_activated },
  };

  G_APPLICATION_CLASS (ll_application_parent_class)->startup (app);

  /* Once per process: GLib warns on a second call (tests run several apps). */
  if (g_once_init_enter (&application_named))
    {
      g_set_application_name (_("Loop Lab"));
      g_once_init_leave (&application_named, 1);
    }
  gtk_window_set_default_icon_name (APPLICATION_ID);

  /* GtkApplication loads menus and icons from the resource base path by
   * itself, but not a stylesheet (AdwApplication would). */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/looplab/LoopLab/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  /* The second instance of a comparison keeps nothing: the user's
   * settings belong to the first. */
  if (!self->compare_mode)
    self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    dark = g_settings_get_boolean (self->settings, "dark-style");

  /* The monitor watches the GTK main loop itself.  Up to the first
   * frame a window draws, from the process start, is the startup: one
   * stall, named so, when it is long. */
  self->monitor = ll_loop_monitor_new (NULL);
  ll_loop_monitor_begin_startup (self->monitor, ll_process_get_start_time ());
  ll_loop_monitor_start (self->monitor);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);

  dark_style = g_simple_action_new_stateful ("dark-style", NULL, g_variant_new_boolean (dark));
  g_signal_connect (dark_style, "change-state", G_CALLBACK (dark_style_changed), self);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (dark_style));
  /* Setting it reloads the theme, 20-30 ms before the first frame, even
   * to the value it has. */
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &current_dark, NULL);
  if (current_dark != dark)
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
}

static void
ll_application_shutdown (GApplication *app)
{
  LlApplication *self = LL_APPLICATION (app);

  if (self->monitor != NULL)
    ll_loop_monitor_stop (self->monitor);

  G_APPLICATION_CLASS (ll_application_parent_class)->shutdown (app);
}

static void
ll_application_finalize (GObject *object)
{
  LlApplication *self = LL_APPLICATION (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ll_application_parent_class)->finalize (object);
}

static void
ll_application_class_init (LlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ll_application_finalize;

  app_class->handle_local_options = ll_application_handle_local_options;
  app_class->command_line = ll_application_command_line;
  app_class->activate = ll_application_activate;
  app_class->startup = ll_application_startup;
  app_class->shutdown = ll_application_shutdown;
}

static void
ll_application_init (LlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  ll_frozen_compare_add_options (G_APPLICATION (self));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Loop Lab makes the event loop visible."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Every demo also runs in a terminal: `looplab-cli list` names them, `looplab-cli help ID` shows one’s options.\n"
                                                  "\n"
                                                  "Example:\n"
                                                  "  looplab --demo courier"));
}

LlApplication *
ll_application_new (void)
{
  return g_object_new (LL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/looplab/LoopLab",
                       NULL);
}

/**
 * ll_application_get_monitor:
 * @self: a #LlApplication
 *
 * Returns: (transfer none) (nullable): the monitor of the GTK main loop,
 *   %NULL before startup
 */
LlLoopMonitor *
ll_application_get_monitor (LlApplication *self)
{
  g_return_val_if_fail (LL_IS_APPLICATION (self), NULL);

  return self->monitor;
}

/**
 * ll_application_get_settings:
 * @self: a #LlApplication
 *
 * Returns: (transfer none) (nullable): the settings, or %NULL when the
 *   schema is not installed
 */
GSettings *
ll_application_get_settings (LlApplication *self)
{
  g_return_val_if_fail (LL_IS_APPLICATION (self), NULL);

  return self->settings;
}
