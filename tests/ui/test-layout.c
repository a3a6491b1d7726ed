/* test-layout.c: every page fits the window as it opens, in English and Chinese
 *
 * At the window's default size, each demo's page must be given at least
 * its minimum width (nothing of it scrolled out of sight), and its Info
 * and Source tabs at least their own: a page wider than that once hid
 * the Info tab of the server demo altogether, and Chinese labels,
 * wider than the English, cut the Info text of four more at the right.
 * When a page does not fit, the failure names the widest widgets inside
 * it, which are what to make narrower.
 *
 * With --chinese (test ui-layout-zh), the same in zh_CN.UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-application.h"
#include "ll-demo-registry.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;
static gboolean locale_ok;

static void
test_fits (gconstpointer data)
{
  const LlDemo *demo = data;
  LlWindow *window;

  if (!locale_ok)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  window = ll_test_present_window (app, demo->id);
  ll_test_assert_page_fits (window);
  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const LlDemo *demos;
  guint n_demos;
  gboolean chinese;
  int status;

  locale_ok = ll_test_init_language (&argc, &argv, &chinese);
  gtk_test_init (&argc, &argv, NULL);
  /* Every page's findings, not only the first failing one's. */
  g_test_set_nonfatal_assertions ();

  app = ll_test_application_new ();

  demos = ll_demo_registry_get (&n_demos);
  for (guint i = 0; i < n_demos; i++)
    {
      g_autofree char *path = g_strdup_printf ("/looplab/layout/%s/%s", chinese ? "zh_CN" : "en",
                                               demos[i].id);

      g_test_add_data_func (path, &demos[i], test_fits);
    }

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
