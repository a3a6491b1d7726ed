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

static void
test_fits (gconstpointer data)
{
  const LlDemo *demo = data;
  LlWindow *window;
  GtkWidget *page, *scroller, *notebook;
  GtkAdjustment *hadjustment;
  graphene_rect_t tabs;
  double shown;
  int width, height;

  if (!locale_ok)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  window = ll_test_present_window (app, demo->id);
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
  g_test_message ("%s: page %.0f px shown of its minimum %d; Info and Source %.0f px of %d", demo->id,
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
