/* ll-test-util.h: what the UI tests share
 *
 * Waiting on the main loop, presenting the window, finding widgets by
 * what a user sees, pressing buttons, and the loop's lag over a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-application.h"
#include "ll-loop-monitor.h"
#include "ll-window.h"

G_BEGIN_DECLS

/* Waiting */

gboolean ll_test_set_flag_cb (gpointer data);
void     ll_test_spin        (guint    ms);

/**
 * LL_TEST_WAIT_UNTIL:
 * @cond: an expression, evaluated again after each iteration
 * @seconds: how long to wait at most
 *
 * Iterates the default main context until @cond holds; fails (asserts
 * @cond) after @seconds.
 */
#define LL_TEST_WAIT_UNTIL(cond, seconds)                                          \
  G_STMT_START {                                                                   \
    gboolean timed_out_ = FALSE;                                                   \
    guint id_ = g_timeout_add_seconds (seconds, ll_test_set_flag_cb, &timed_out_); \
    while (!(cond) && !timed_out_)                                                 \
      g_main_context_iteration (NULL, TRUE);                                       \
    if (!timed_out_)                                                               \
      g_source_remove (id_);                                                       \
    g_assert_true (cond);                                                          \
  } G_STMT_END

/* The language */

gboolean ll_test_init_language     (int             *argc,
                                    char          ***argv,
                                    gboolean        *chinese);
int      ll_test_run_for_each_demo (int             *argc,
                                    char          ***argv,
                                    const char      *suite,
                                    GTestDataFunc    func,
                                    LlApplication  **app,
                                    gboolean        *language_ok);

/* The application and its window */

LlApplication *ll_test_application_new (void);
LlWindow      *ll_test_present_window  (LlApplication *app,
                                        const char    *demo);
void           ll_test_destroy_window  (LlWindow      *window);
void           ll_test_assert_page_fits (LlWindow     *window);

/* Finding widgets by what a user sees */

/**
 * LlTestWidgetFunc:
 * @widget: a widget of the tree searched
 * @data: what the finder was given
 *
 * Returns: whether @widget is the one looked for
 */
typedef gboolean (*LlTestWidgetFunc) (GtkWidget     *widget,
                                      gconstpointer  data);

/**
 * LlTestFindFlags:
 * @LL_TEST_FIND_EXACT: the label is @text, to the letter
 * @LL_TEST_FIND_MNEMONIC: the label as shown: mnemonics do not show,
 *   so "S_tep" reads "Step"
 * @LL_TEST_FIND_VISIBLE: only a button that is visible
 *
 * How ll_test_find_button() compares a button's label.
 */
typedef enum
{
  LL_TEST_FIND_EXACT    = 0,
  LL_TEST_FIND_MNEMONIC = 1 << 0,
  LL_TEST_FIND_VISIBLE  = 1 << 1,
} LlTestFindFlags;

GtkWidget *ll_test_find_widget           (GtkWidget        *root,
                                          LlTestWidgetFunc  func,
                                          gconstpointer     data);
GtkWidget *ll_test_find_by_type          (GtkWidget        *root,
                                          GType             type);
GtkWidget *ll_test_find_button           (GtkWidget        *root,
                                          const char       *text,
                                          LlTestFindFlags   flags);
GtkWidget *ll_test_find_label            (GtkWidget        *root,
                                          const char       *text);
GtkWidget *ll_test_find_label_prefixed   (GtkWidget        *root,
                                          const char       *prefix);
GtkWidget *ll_test_find_label_containing (GtkWidget        *root,
                                          const char       *text);

/* Pressing buttons */

void ll_test_press      (GtkWidget *button);
void ll_test_press_soon (GtkWidget *button);

/* The loop's lag */

guint ll_test_lag_figures (LlLoopMonitor *monitor,
                           gint64         since,
                           gint64        *p99,
                           gint64        *max);

G_END_DECLS
