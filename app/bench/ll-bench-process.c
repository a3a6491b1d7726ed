/* ll-bench-process.c: running one measured process to its end
 *
 * Every sleepers run is a process of its own, so its peak RSS is its
 * own: wait4() returns it with the exit status, which GLib's child
 * watch does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ll-bench-process.h"

/**
 * ll_bench_run_process:
 * @argv: (array zero-terminated=1): the program and its arguments
 * @maxrss_kib: (out): its peak resident set, in KiB
 * @error: return location for a #GError
 *
 * Runs @argv and waits for it.  Its standard error passes through, so a
 * peer's complaint reaches the user.
 *
 * Returns: (transfer full) (nullable): its standard output, or %NULL if
 *   it could not start or did not exit with 0
 */
char *
ll_bench_run_process (char   **argv,
                      double  *maxrss_kib,
                      GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  struct rusage usage;
  GPid pid;
  int out_fd = -1;
  int status;
  pid_t r;

  if (!g_spawn_async_with_pipes (NULL, argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid,
                                 NULL, &out_fd, NULL, error))
    return NULL;

  for (;;)
    {
      char buf[4096];
      ssize_t len = read (out_fd, buf, sizeof buf);

      if (len > 0)
        g_string_append_len (out, buf, len);
      else if (len == 0 || errno != EINTR)
        break;
    }
  close (out_fd);

  do
    r = wait4 (pid, &status, 0, &usage);
  while (r < 0 && errno == EINTR);

  if (r < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "wait4: %s", g_strerror (saved));
      return NULL;
    }

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", argv[0]);
      return NULL;
    }

  /* Linux reports ru_maxrss in KiB. */
  *maxrss_kib = (double) usage.ru_maxrss;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
