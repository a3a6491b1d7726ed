/* ll-test-util.c: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ll-demo-registry.h"
#include "ll-histogram.h"
#include "ll-i18n.h"
#include "ll-live-label.h"
#include "ll-test-util.h"

/* Waiting */

/**
 * ll_test_set_flag_cb:
 * @data: a gboolean
 *
 * A #GSourceFunc that sets the gboolean @data points to, once.
 */
gboolean
ll_test_set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * ll_test_spin:
 * @ms: how long
 *
 * Iterates the default main context for @ms milliseconds.
 */
void
ll_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, ll_test_set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The language */

/**
 * ll_test_init_language:
 * @argc: the test's argc
 * @argv: the test's argv
 * @chinese: (out): whether the test runs in Chinese
 *
 * A last argument `--chinese` (tests ui-info-text-zh, ui-layout-zh) is
 * taken off, and zh_CN.UTF-8 set before anything reads the locale, as a
 * user's session sets it; then the translations are set up, as
 * looplab's main() does.  Call it before gtk_test_init().  Where
 * LOOPLAB_I18N_REQUIRED is set (tools/test), a missing locale is an
 * error rather than a skip.
 *
 * Returns: whether the language asked for is the one in force: %FALSE
 *   when zh_CN.UTF-8 is not installed, and the test should skip
 */
gboolean
ll_test_init_language (int      *argc,
                       char   ***argv,
                       gboolean *chinese)
{
  gboolean ok;

  *chinese = *argc > 1 && g_str_equal ((*argv)[*argc - 1], "--chinese");
  if (*chinese)
    {
      (*argv)[--*argc] = NULL;
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "zh_CN", TRUE);
    }
  ll_i18n_init ();
  ok = !*chinese || g_strcmp0 (setlocale (LC_MESSAGES, NULL), "zh_CN.UTF-8") == 0;
  if (!ok && g_getenv ("LOOPLAB_I18N_REQUIRED") != NULL)
    g_error ("the zh_CN.UTF-8 locale is missing (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)");

  return ok;
}

/**
 * ll_test_run_for_each_demo:
 * @argc: the test's argc
 * @argv: the test's argv, perhaps ending in `--chinese`
 * @suite: the tests' name, as in /looplab/@suite/zh_CN/courier
 * @func: the test, given each #LlDemo of the registry
 * @app: (out): where @func finds the application, while the tests run
 * @language_ok: (out): whether the language asked for is in force:
 *   %FALSE when zh_CN.UTF-8 is not installed, and @func should skip
 *
 * The main() of a test of every page, in English or (with `--chinese`)
 * Chinese: the language, GTK, one test a demo with nonfatal assertions
 * (every page's findings, not only the first failing one's), the run.
 *
 * Returns: g_test_run()'s
 */
int
ll_test_run_for_each_demo (int             *argc,
                           char          ***argv,
                           const char      *suite,
                           GTestDataFunc    func,
                           LlApplication  **app,
                           gboolean        *language_ok)
{
  const LlDemo *demos;
  guint n_demos;
  gboolean chinese;
  int status;

  *language_ok = ll_test_init_language (argc, argv, &chinese);
  gtk_test_init (argc, argv, NULL);
  g_test_set_nonfatal_assertions ();

  *app = ll_test_application_new ();

  demos = ll_demo_registry_get (&n_demos);
  for (guint i = 0; i < n_demos; i++)
    {
      g_autofree char *path = g_strdup_printf ("/looplab/%s/%s/%s", suite, chinese ? "zh_CN" : "en",
                                               demos[i].id);

      g_test_add_data_func (path, &demos[i], func);
    }

  status = g_test_run ();

  g_application_quit (G_APPLICATION (*app));
  g_clear_object (app);

  return status;
}

/* The application and its window */

/**
 * ll_test_application_new:
 *
 * Returns: (transfer full): a registered application that handles its
 *   command line and is not unique, so that it runs beside the user's
 */
LlApplication *
ll_test_application_new (void)
{
  LlApplication *app = ll_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  return app;
}

/**
 * ll_test_present_window:
 * @app: the application
 * @demo: (nullable): the id of the demo to open
 *
 * Presents a new window of @app and waits until it is mapped.  With
 * @demo, the window is made 1180 × 760 first, and @demo is selected and
 * its page waited for; without, the window keeps its default size and
 * demo.
 *
 * Returns: (transfer full): the window
 */
LlWindow *
ll_test_present_window (LlApplication *app,
                        const char    *demo)
{
  LlWindow *window = ll_window_new (app);

  g_object_ref_sink (window);
  if (demo != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_present (GTK_WINDOW (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  if (demo != NULL)
    {
      g_assert_true (ll_window_select_demo (window, demo));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (ll_window_get_page (window)), 10);
    }

  return window;
}

/**
 * ll_test_destroy_window:
 * @window: (transfer full): a window
 *
 * Destroys @window and asserts that it is finalized.
 */
void
ll_test_destroy_window (LlWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Fitting the window */

static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);

  return minimum;
}

/* The widgets that set the width: the widest child of each widget,
 * down to a leaf, with what it shows. */
static void
describe_widest (GtkWidget *widget,
                 GString   *out)
{
  for (int depth = 0; widget != NULL; depth++)
    {
      GtkWidget *widest = NULL;
      const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                         : GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                         : NULL;

      g_string_append_printf (out, "\n  %*s%s %d px%s%s%s", depth, "", G_OBJECT_TYPE_NAME (widget),
                              min_width (widget), text != NULL ? " “" : "", text != NULL ? text : "",
                              text != NULL ? "”" : "");
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (gtk_widget_get_visible (child) && (widest == NULL || min_width (child) > min_width (widest)))
            widest = child;
        }
      widget = widest;
    }
}

/**
 * ll_test_assert_page_fits:
 * @window: a window showing a demo, at its default size
 *
 * Asserts that the page, as it is now, fits beside the Info and Source
 * tabs: nothing of it scrolled out of sight, the tabs given their width
 * and inside the window, the window no wider than its default.  When
 * the page does not fit, says which of its widgets are the widest.
 * Called as a page opens (ui-layout) and after the runs that fill a
 * table.
 */
void
ll_test_assert_page_fits (LlWindow *window)
{
  GtkWidget *page, *scroller, *notebook;
  GtkAdjustment *hadjustment;
  graphene_rect_t tabs;
  double shown;
  int width, height;

  page = ll_window_get_page (window);
  scroller = gtk_widget_get_ancestor (page, GTK_TYPE_SCROLLED_WINDOW);
  notebook = ll_test_find_by_type (GTK_WIDGET (window), GTK_TYPE_NOTEBOOK);
  g_assert_nonnull (scroller);
  g_assert_nonnull (notebook);
  LL_TEST_WAIT_UNTIL (gtk_widget_get_width (page) > 0 && gtk_widget_get_width (notebook) > 0, 10);
  ll_test_spin (100);

  /* The window kept its default size: it did not grow to hold a page. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);

  hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  shown = gtk_adjustment_get_page_size (hadjustment);
  g_assert_true (gtk_widget_compute_bounds (notebook, notebook, &tabs));
  g_test_message ("%s: page %.0f px shown of its minimum %d; Info and Source %.0f px of %d",
                  ll_window_get_demo_id (window),
                  shown, min_width (page), tabs.size.width, min_width (notebook));
  if (gtk_adjustment_get_upper (hadjustment) > shown)
    {
      g_autoptr(GString) widest = g_string_new (NULL);

      describe_widest (page, widest);
      g_test_message ("the page is %.0f px too wide; its widest widgets:%s",
                      gtk_adjustment_get_upper (hadjustment) - shown, widest->str);
    }
  /* Nothing of the page hidden beside its scrollbar, */
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=, shown);
  /* nor of the tabs under the page or beyond the window's edge. */
  g_assert_cmpfloat (tabs.size.width, >=, min_width (notebook));
  g_assert_true (gtk_widget_compute_bounds (notebook, GTK_WIDGET (window), &tabs));
  g_assert_cmpfloat (tabs.origin.x + tabs.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));

}

/* Finding widgets by what a user sees */

/**
 * ll_test_find_widget:
 * @root: where to look
 * @func: says whether a widget is the one
 * @data: passed to @func
 *
 * Returns: (nullable) (transfer none): the first descendant of @root,
 *   depth first, for which @func returns %TRUE
 */
GtkWidget *
ll_test_find_widget (GtkWidget        *root,
                     LlTestWidgetFunc  func,
                     gconstpointer     data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (func (child, data))
        return child;
      if ((found = ll_test_find_widget (child, func, data)))
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), *(const GType *) data);
}

/**
 * ll_test_find_by_type:
 * @root: where to look
 * @type: a widget type, or an interface
 *
 * Returns: (nullable) (transfer none): the first descendant of @root that
 *   is a @type
 */
GtkWidget *
ll_test_find_by_type (GtkWidget *root,
                      GType      type)
{
  return ll_test_find_widget (root, is_of_type, &type);
}

typedef struct
{
  const char      *text;
  LlTestFindFlags  flags;
} ButtonQuery;

/* Whether @label reads @text once its mnemonic underscores are gone. */
static gboolean
label_shows (const char *label,
             const char *text)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    {
      if (*p != '_')
        g_string_append_c (plain, *p);
    }

  return label != NULL && g_str_equal (plain->str, text);
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  data)
{
  const ButtonQuery *query = data;
  const char *label;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  if ((query->flags & LL_TEST_FIND_VISIBLE) && !gtk_widget_is_visible (widget))
    return FALSE;

  label = gtk_button_get_label (GTK_BUTTON (widget));
  if (query->flags & LL_TEST_FIND_MNEMONIC)
    return label_shows (label, query->text);

  return g_strcmp0 (label, query->text) == 0;
}

/**
 * ll_test_find_button:
 * @root: where to look
 * @text: the button's label
 * @flags: how to compare it
 *
 * Returns: (nullable) (transfer none): the first button below @root
 *   labelled @text
 */
GtkWidget *
ll_test_find_button (GtkWidget       *root,
                     const char      *text,
                     LlTestFindFlags  flags)
{
  ButtonQuery query = { text, flags };

  return ll_test_find_widget (root, is_button, &query);
}

/* A label's text, whether a GtkLabel's or a live label's. */
static const char *
label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (LL_IS_LIVE_LABEL (widget))
    return ll_live_label_get_text (LL_LIVE_LABEL (widget));

  return NULL;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  const char *text = label_text (widget);

  return text != NULL && g_str_equal (text, data);
}

static gboolean
is_label_prefixed (GtkWidget     *widget,
                   gconstpointer  data)
{
  const char *text = label_text (widget);

  return text != NULL && g_str_has_prefix (text, data);
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  data)
{
  const char *text = label_text (widget);

  return text != NULL && strstr (text, data) != NULL;
}

/**
 * ll_test_find_label:
 * @root: where to look
 * @text: the label, markup and mnemonics included
 *
 * Returns: (nullable) (transfer none): the first #GtkLabel or
 *   #LlLiveLabel below @root whose label is @text
 */
GtkWidget *
ll_test_find_label (GtkWidget  *root,
                    const char *text)
{
  return ll_test_find_widget (root, is_label, text);
}

/**
 * ll_test_find_label_prefixed:
 * @root: where to look
 * @prefix: the start of the label
 *
 * Returns: (nullable) (transfer none): the first #GtkLabel below @root
 *   whose label starts with @prefix
 */
GtkWidget *
ll_test_find_label_prefixed (GtkWidget  *root,
                             const char *prefix)
{
  return ll_test_find_widget (root, is_label_prefixed, prefix);
}

/**
 * ll_test_find_label_containing:
 * @root: where to look
 * @text: a part of the label
 *
 * Returns: (nullable) (transfer none): the first #GtkLabel below @root
 *   whose label contains @text
 */
GtkWidget *
ll_test_find_label_containing (GtkWidget  *root,
                               const char *text)
{
  return ll_test_find_widget (root, is_label_containing, text);
}

/* Pressing buttons */

/**
 * ll_test_press:
 * @button: (nullable): a button
 *
 * Asserts that @button is there and sensitive, and does what a click
 * does, at once (activating it would wait for the press to show).
 */
void
ll_test_press (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
press_cb (gpointer data)
{
  GtkWidget *button = data;

  g_signal_emit_by_name (button, "clicked");
  g_object_unref (button);

  return G_SOURCE_REMOVE;
}

/**
 * ll_test_press_soon:
 * @button: (nullable): a button
 *
 * Asserts that @button is there and sensitive, and clicks it 10 ms from
 * now, from inside the loop as a click is: a blocking handler then
 * blocks one dispatch of the loop, which the monitor sees as a stall.
 */
void
ll_test_press_soon (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_timeout_add (10, press_cb, g_object_ref (button));
}

/* The loop's lag */

/**
 * ll_test_lag_figures:
 * @monitor: the loop monitor
 * @since: monotonic µs
 * @p99: (out): the 99th percentile of the lag, in µs
 * @max: (out): the largest lag, in µs
 *
 * The lag of the loop that @monitor's probe measured since @since, with
 * the percentile the monitor itself reports.  @p99 and @max are left as
 * they are when there is no probe.
 *
 * Returns: the number of probes
 */
guint
ll_test_lag_figures (LlLoopMonitor *monitor,
                     gint64         since,
                     gint64        *p99,
                     gint64        *max)
{
  g_autoptr(GArray) samples = ll_loop_monitor_copy_samples (monitor, since);
  g_autoptr(LlHistogram) lags = ll_histogram_new ();

  for (guint i = 0; i < samples->len; i++)
    ll_histogram_add (lags, g_array_index (samples, LlLagSample, i).lag);
  if (samples->len == 0)
    return 0;

  *p99 = ll_histogram_percentile (lags, 99.0);
  *max = ll_histogram_get_max (lags);

  return samples->len;
}
