/* ll-process.c: when this process started, on the monotonic clock; its
 * limit on open files; where its sibling looplab-cli is
 *
 * The kernel keeps a process's start in /proc/self/stat, in clock ticks
 * since boot: the time before main() (loading and linking GTK) is part
 * of a startup as the user waits through it, and only the kernel saw it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-process"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ll-process.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

/**
 * ll_process_get_start_time:
 *
 * When the process started, to a clock tick (10 ms on most kernels).
 *
 * Returns: monotonic µs (as g_get_monotonic_time()), or 0 where the
 *   kernel does not say
 */
gint64
ll_process_get_start_time (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec boot;
  long ticks_per_second = sysconf (_SC_CLK_TCK);
  guint64 start_ticks;
  gint64 since_boot, age;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || ticks_per_second <= 0)
    return 0;

  /* The name, field 2, is in parentheses and may hold spaces and ')'. */
  after_name = strrchr (stat, ')');
  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* Field 22, starttime; field 3 is the first after the name. */
  if (g_strv_length (fields) < 20 || !g_ascii_string_to_unsigned (fields[19], 10, 0, G_MAXUINT64, &start_ticks, NULL))
    return 0;

  /* Ticks since boot count the time suspended, as CLOCK_BOOTTIME does;
   * the age they give is the same on the monotonic clock unless the
   * machine slept since. */
  if (clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return 0;
  since_boot = (gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000;
  age = since_boot - (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) ticks_per_second);

  return g_get_monotonic_time () - MAX (age, 0);
}

/**
 * ll_process_raise_file_limit:
 * @needed: file descriptors this process will hold at once
 *
 * A thousand concurrent requests are two thousand sockets in one process
 * (the clients and the server's side), ten thousand held connections ten
 * thousand: raises the soft limit on open files towards the hard one,
 * as far as @needed (Debian's soft default is 1024).
 *
 * Returns: the soft limit now, which may still be below @needed
 */
guint64
ll_process_raise_file_limit (guint64 needed)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed)
    {
      limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : MIN ((rlim_t) needed, limit.rlim_max);
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_debug ("setrlimit: %s", g_strerror (errno));
      getrlimit (RLIMIT_NOFILE, &limit);
    }

  return limit.rlim_cur == RLIM_INFINITY ? G_MAXUINT64 : (guint64) limit.rlim_cur;
}

static gboolean
is_program (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/**
 * ll_process_find_cli:
 * @error: return location for a #GError
 *
 * Where looplab-cli is, for the demos that run it as a subprocess:
 * `$LOOPLAB_CLI` if it is set (and then it must be a program); else
 * beside the running executable; else, for a binary of the build tree
 * such as `_build/ui/looplab`, `../app/cli/looplab-cli` from its folder;
 * else on `PATH`.  A few stat() calls, which wait for no disk worth a
 * thread.
 *
 * Returns: (transfer full) (nullable): its path, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND
 */
char *
ll_process_find_cli (GError **error)
{
  const char *override = g_getenv ("LOOPLAB_CLI");
  g_autofree char *exe = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;
  g_autofree char *in_tree = NULL;
  char *found;

  if (override != NULL && *override != '\0')
    {
      if (is_program (override))
        return g_strdup (override);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("LOOPLAB_CLI is “%s”, which is not a program that can be run"), override);
      return NULL;
    }

  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      dir = g_path_get_dirname (exe);
      beside = g_build_filename (dir, "looplab-cli", NULL);
      if (is_program (beside))
        return g_steal_pointer (&beside);
      in_tree = g_build_filename (dir, "..", "app", "cli", "looplab-cli", NULL);
      if (is_program (in_tree))
        return g_canonicalize_filename (in_tree, NULL);
    }

  found = g_find_program_in_path ("looplab-cli");
  if (found != NULL)
    return found;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Cannot find looplab-cli: it is not beside %s, nor in its build tree, nor on PATH; set LOOPLAB_CLI to its path"),
               exe != NULL ? exe : _("this program"));

  return NULL;
}
