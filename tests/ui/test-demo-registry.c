/* test-demo-registry.c: every demo in the catalogue is complete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-demo-page.h"
#include "ll-demo-registry.h"
#include "ll-programs.h"

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
      LlDemoPageClass *klass;
      const char * const *sources;

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
      g_assert_true (g_type_is_a (demo->get_type (), LL_TYPE_DEMO_PAGE));
      klass = g_type_class_ref (demo->get_type ());
      sources = ll_demo_page_class_get_sources (klass);
      g_assert_nonnull (sources[0]);

      /* Every file the Source tab shows is in the bundle, and is the very
       * file in the tree. */
      for (guint k = 0; sources[k] != NULL; k++)
        {
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *resource = g_strconcat (LL_DEMO_SOURCES_PREFIX, sources[k], NULL);
          g_autofree char *path = NULL;
          g_autofree char *contents = NULL;
          gsize length;

          g_test_message ("  source %s", sources[k]);
          bytes = g_resources_lookup_data (resource, 0, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);

          path = g_test_build_filename (G_TEST_DIST, "..", sources[k], NULL);
          g_assert_true (g_file_get_contents (path, &contents, &length, &error));
          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, length);
        }
      g_type_class_unref (klass);

      g_assert_true (ll_demo_registry_lookup (demo->id) == demo);
    }

  g_assert_null (ll_demo_registry_lookup ("no-such-demo"));
}

/* A demo is also its headless program, under the same id: what the
 * window shows, looplab-cli runs and the tests check in a terminal. */
static void
test_programs (void)
{
  const LlDemo *demos;
  guint n;

  demos = ll_demo_registry_get (&n);
  for (guint i = 0; i < n; i++)
    {
      const LlProgram *program = ll_programs_lookup (demos[i].id);

      g_test_message ("demo %s", demos[i].id);
      g_assert_nonnull (program);
      g_assert_cmpstr (program->id, ==, demos[i].id);
      g_assert_nonnull (program->run);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/demo-registry/entries", test_entries);
  g_test_add_func ("/looplab/demo-registry/programs", test_programs);

  return g_test_run ();
}
