/* test-i18n.c: under a Chinese locale, the window speaks Chinese
 *
 * Needs the zh_CN.UTF-8 locale, which tools/test generates; elsewhere the
 * test is skipped unless LOOPLAB_I18N_REQUIRED is set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ll-application.h"
#include "ll-i18n.h"
#include "ll-window.h"

#include "ll-test-util.h"

static gboolean locale_ok;

/* Whether @widget shows @data: a label's text, or a button's label. */
static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), data))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0)
    return TRUE;

  return FALSE;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  return ll_test_find_widget (widget, shows_text, text);
}

static void
test_window_in_chinese (void)
{
  g_autoptr(LlApplication) app = NULL;
  LlWindow *window;
  GtkWidget *page;

  if (!locale_ok)
    {
      if (g_getenv ("LOOPLAB_I18N_REQUIRED") != NULL)
        g_error ("the zh_CN.UTF-8 locale is missing (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)");
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  app = ll_test_application_new ();

  window = g_object_ref_sink (ll_window_new (app));
  page = ll_window_get_page (window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "消息循环实验室");
  g_assert_nonnull (find_label (page, "冻结循环"));
  g_assert_nonnull (find_label (page, "点我"));
  g_assert_nonnull (find_label (page, "循环延迟"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "实时消息循环"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "文件(F)"));
  g_assert_null (find_label (page, "Freeze the loop"));

  ll_test_destroy_window (window);
  g_application_quit (G_APPLICATION (app));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  ll_i18n_init ();
  locale_ok = g_strcmp0 (setlocale (LC_MESSAGES, NULL), "zh_CN.UTF-8") == 0;

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/i18n/window-in-chinese", test_window_in_chinese);

  return g_test_run ();
}
