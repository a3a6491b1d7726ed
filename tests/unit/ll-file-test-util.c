/* ll-file-test-util.c: the files a unit test leaves behind, removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ll-file-test-util.h"

/**
 * ll_test_remove_tree:
 * @path: a folder a test made, or a file
 *
 * Removes @path and everything below it; a symbolic link is removed,
 * not followed.
 */
void
ll_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ll_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
