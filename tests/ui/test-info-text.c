/* test-info-text.c: what each page's Info text names is on the page
 *
 * An Info text tells a student what to press: "<b>Freeze the loop</b>".
 * Every bold name that is not a heading (a heading ends its sentence:
 * "<b>Try this.</b>") must be the visible label of something on that
 * demo's page, so that a control renamed or removed cannot leave its
 * old name in the text.  And on each page no two mnemonics share a key,
 * or Alt+key would reach only the first of them.  Both in English and,
 * where the locale is installed, in Chinese, whose labels carry their
 * mnemonic as "(X)" after the text: "工作者(W)" is 工作者 in a sentence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-application.h"
#include "ll-demo-registry.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;
static gboolean chinese_ok;


/* "工作者(W)" and "将图表保存为 PNG(_N)……" as a sentence names them. */
static char *
without_mnemonic_suffix (const char *text)
{
  g_autoptr(GRegex) suffix = g_regex_new ("\\([A-Z0-9]\\)(…*)$", 0, 0, NULL);

  return g_regex_replace (suffix, text, -1, 0, "\\1", 0, NULL);
}

/* The labels shown on @root's tree, as a user reads them (no mnemonic,
 * no markup), and the mnemonic keys of those that have one. */
static void
collect_labels (GtkWidget  *root,
                GHashTable *texts,
                GHashTable *mnemonics,
                GString    *clashes)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;

      if (GTK_IS_LABEL (child))
        {
          GtkLabel *label = GTK_LABEL (child);
          const char *text = gtk_label_get_text (label);
          guint key = gtk_label_get_mnemonic_keyval (label);

          g_hash_table_add (texts, g_strdup (text));
          g_hash_table_add (texts, without_mnemonic_suffix (text));
          if (key != GDK_KEY_VoidSymbol)
            {
              guint lower = gdk_keyval_to_lower (key);
              const char *other = g_hash_table_lookup (mnemonics, GUINT_TO_POINTER (lower));

              if (other != NULL && g_strcmp0 (other, text) != 0)
                g_string_append_printf (clashes, "  Alt+%s: “%s” and “%s”\n",
                                        gdk_keyval_name (lower), other, text);
              else
                g_hash_table_insert (mnemonics, GUINT_TO_POINTER (lower), g_strdup (text));
            }
        }

      collect_labels (child, texts, mnemonics, clashes);
    }
}

/* The bold names of @info that are not headings. */
static GPtrArray *
bold_names (const char *info)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *at = info;

  while ((at = strstr (at, "<b>")) != NULL)
    {
      const char *end = strstr (at, "</b>");
      g_autofree char *name = NULL;

      g_assert_nonnull (end);
      name = g_strndup (at + 3, end - at - 3);
      at = end + 4;
      /* A heading ends with its full stop, in English or Chinese. */
      if (g_str_has_suffix (name, ".") || g_str_has_suffix (name, "。") ||
          g_str_has_suffix (name, ":") || g_str_has_suffix (name, "："))
        continue;
      g_ptr_array_add (names, g_steal_pointer (&name));
    }

  return names;
}

static void
test_page (gconstpointer data)
{
  const LlDemo *demo = data;
  LlWindow *window;

  if (!chinese_ok)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  window = ll_test_present_window (app, demo->id);
  GtkWidget *page = ll_window_get_page (window);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) mnemonics = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GString) clashes = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GHashTable) window_mnemonics = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GString) window_clashes = g_string_new (NULL);
  g_autoptr(GPtrArray) names = bold_names (_(demo->info));

  /* The page's mnemonics must differ; the labels may be the page's or
   * the window's around it (an Info text may name the Source tab). */
  collect_labels (page, texts, mnemonics, clashes);
  collect_labels (GTK_WIDGET (window), texts, window_mnemonics, window_clashes);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      /* A button that opens a dialog ends with an ellipsis, which a
       * sentence leaves out: "Save Chart as PNG…" */
      g_autofree char *dialog = g_strconcat (name, "…", NULL);
      g_autofree char *dialog_zh = g_strconcat (name, "……", NULL);

      if (!g_hash_table_contains (texts, name) && !g_hash_table_contains (texts, dialog) &&
          !g_hash_table_contains (texts, dialog_zh))
        g_string_append_printf (missing, "  <b>%s</b>\n", name);
    }

  if (missing->len > 0)
    {
      g_autoptr(GString) shown = g_string_new (NULL);
      GHashTableIter iter;
      gpointer text;

      g_hash_table_iter_init (&iter, texts);
      while (g_hash_table_iter_next (&iter, &text, NULL))
        g_string_append_printf (shown, " “%s”", (const char *) text);
      g_test_message ("%s: its Info text names what is not on its page:\n%sThe page shows:%s",
                      demo->id, missing->str, shown->str);
    }
  if (clashes->len > 0)
    g_test_message ("%s: mnemonics that share a key:\n%s", demo->id, clashes->str);
  g_assert_cmpuint (missing->len, ==, 0);
  g_assert_cmpuint (clashes->len, ==, 0);

  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  return ll_test_run_for_each_demo (&argc, &argv, "info-text", test_page, &app, &chinese_ok);
}
