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
  return ll_test_run_for_each_demo (&argc, &argv, "layout", test_fits, &app, &locale_ok);
}
