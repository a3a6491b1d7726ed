/* test-demo-registry.c: every demo in the catalogue is complete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-demo-registry.h"

#define SOURCES LL_DEMO_SOURCES_PREFIX

static void
test_entries (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) kebab = g_regex_new ("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  const LlDemo *demos;
  guint n;

  demos = ll_demo_registry_get (&n);
  g_assert_cmpuint (n, >=, 1);

  for (guint i = 0; i < n; i++)
    {
      const LlDemo *demo = &demos[i];
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_test_message ("demo %s", demo->id);
      g_assert_true (g_regex_match (kebab, demo->id, 0, NULL));
      g_assert_false (g_hash_table_contains (ids, demo->id));
      g_hash_table_add (ids, (gpointer) demo->id);

      g_assert_nonnull (demo->title);
      g_assert_cmpstr (demo->title, !=, "");
      g_assert_nonnull (demo->category);
      g_assert_cmpstr (demo->category, !=, "");
      g_assert_nonnull (demo->summary);
      g_assert_nonnull (demo->info);
      g_assert_true (pango_parse_markup (demo->info, -1, 0, NULL, NULL, NULL, NULL));
      g_assert_true (g_type_is_a (demo->get_type (), GTK_TYPE_WIDGET));
      g_assert_nonnull (g_object_class_find_property (g_type_class_peek (demo->get_type ()) ?
                                                      g_type_class_peek (demo->get_type ()) :
                                                      g_type_class_ref (demo->get_type ()),
                                                      "monitor"));

      /* The Source resource exists and is the very file in the tree. */
      bytes = g_resources_lookup_data (demo->source, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);

      g_assert_true (g_str_has_prefix (demo->source, SOURCES));
      path = g_test_build_filename (G_TEST_DIST, "..", demo->source + strlen (SOURCES), NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, length);

      /* A Python rendering, where there is one, is in the bundle too. */
      if (demo->python_source != NULL)
        {
          g_autoptr(GBytes) python = g_resources_lookup_data (demo->python_source, 0, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (python), >, 100);
        }

      g_assert_true (ll_demo_registry_lookup (demo->id) == demo);
    }

  g_assert_null (ll_demo_registry_lookup ("no-such-demo"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/demo-registry/entries", test_entries);

  return g_test_run ();
}
