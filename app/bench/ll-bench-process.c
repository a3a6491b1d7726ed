/* ll-bench-process.c: running one measured process to its end
 *
 * Every sleepers run is a process of its own, so its peak RSS is its
 * own: wait4() returns it with the exit status, which GLib's child
 * watch does not.  A server runs the same way, from its start to the
 * signal that stops it, with wrk, also measured by wait4(), in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ll-bench-process.h"

/* A server that ignores SIGTERM this long is killed. */
#define STOP_TIMEOUT_US (5 * G_USEC_PER_SEC)

static gboolean
wait_process (GPid            pid,
              int             options,
              int            *status,
              struct rusage  *usage,
              GError        **error)
{
  pid_t r;

  do
    r = wait4 (pid, status, options, usage);
  while (r < 0 && errno == EINTR);

  if (r < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "wait4: %s", g_strerror (saved));
      return FALSE;
    }

  return r == pid;
}

/**
 * ll_bench_run_process_usage:
 * @argv: (array zero-terminated=1): the program and its arguments
 * @usage: (out): its resource usage: peak RSS, CPU time
 * @error: return location for a #GError
 *
 * Runs @argv and waits for it.  Its standard error passes through, so a
 * peer's complaint reaches the user.
 *
 * Returns: (transfer full) (nullable): its standard output, or %NULL if
 *   it could not start or did not exit with 0
 */
char *
ll_bench_run_process_usage (char          **argv,
                            struct rusage  *usage,
                            GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPid pid;
  int out_fd = -1;
  int status;

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

  if (!wait_process (pid, 0, &status, usage, error))
    return NULL;

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", argv[0]);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ll_bench_run_process:
 * @argv: (array zero-terminated=1): the program and its arguments
 * @maxrss_kib: (out): its peak resident set, in KiB
 * @error: return location for a #GError
 *
 * Runs @argv and waits for it, as ll_bench_run_process_usage() does.
 *
 * Returns: (transfer full) (nullable): its standard output, or %NULL if
 *   it could not start or did not exit with 0
 */
char *
ll_bench_run_process (char   **argv,
                      double  *maxrss_kib,
                      GError **error)
{
  struct rusage usage;
  char *out = ll_bench_run_process_usage (argv, &usage, error);

  /* Linux reports ru_maxrss in KiB. */
  if (out != NULL)
    *maxrss_kib = (double) usage.ru_maxrss;

  return out;
}

/* The open-file limit the bench process had before it raised its own,
 * given back to every server it starts: each runs with the limit a
 * user's shell would give it. */
static struct rlimit server_nofile;
static gboolean server_nofile_set;

/**
 * ll_bench_raise_nofile:
 * @wanted: open files this process needs
 * @error: why it cannot have them
 *
 * Raises this process's soft limit on open files to its hard limit, for
 * the clients of the idle connections; the servers started afterwards
 * keep the limit from before.
 *
 * Returns: %TRUE if the limit is now at least @wanted
 */
gboolean
ll_bench_raise_nofile (guint64   wanted,
                       GError  **error)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "getrlimit: %s", g_strerror (saved));
      return FALSE;
    }

  if (!server_nofile_set)
    {
      server_nofile = limit;
      server_nofile_set = TRUE;
    }

  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
      getrlimit (RLIMIT_NOFILE, &limit);
    }

  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   "the bench needs %" G_GUINT64_FORMAT " open files for its clients, "
                   "its hard limit is %" G_GUINT64_FORMAT " (ulimit -Hn)",
                   wanted, (guint64) limit.rlim_max);
      return FALSE;
    }

  return TRUE;
}

static void
server_child_setup (gpointer user_data)
{
  /* After fork, before exec: only async-signal-safe calls.  The server
   * stops if the bench dies, and gets the open-file limit from before. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (server_nofile_set)
    setrlimit (RLIMIT_NOFILE, &server_nofile);
}

/**
 * ll_bench_start_server:
 * @argv: (array zero-terminated=1): the server and its arguments
 * @pid: (out): its process
 * @error: return location for a #GError
 *
 * Starts a server in the background, its standard output to /dev/null
 * (the servers greet the user there), its standard error passed
 * through.  Stop it with ll_bench_stop_server().
 *
 * Returns: %TRUE if it started
 */
gboolean
ll_bench_start_server (char   **argv,
                       GPid    *pid,
                       GError **error)
{
  return g_spawn_async (NULL, argv, NULL,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                        server_child_setup, NULL, pid, error);
}

/**
 * ll_bench_server_exited:
 * @pid: a server started with ll_bench_start_server()
 * @status: (out): its wait status, if it exited
 *
 * Reaps the server if it has exited already, without waiting.
 *
 * Returns: whether it had exited (it is reaped then)
 */
gboolean
ll_bench_server_exited (GPid  pid,
                        int  *status)
{
  struct rusage usage = { 0 };

  return wait_process (pid, WNOHANG, status, &usage, NULL);
}

/**
 * ll_bench_stop_server:
 * @pid: a server started with ll_bench_start_server(), not reaped
 * @maxrss_kib: (out): its peak resident set, in KiB: for a server of
 *   several processes that waits for them, the largest one's
 *
 * Sends SIGTERM, waits for the server to exit, and reaps it; kills it
 * if it takes longer than 5 s.
 */
void
ll_bench_stop_server (GPid    pid,
                      double *maxrss_kib)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_US;
  struct rusage usage = { 0 };
  int status;

  kill (pid, SIGTERM);
  while (!wait_process (pid, WNOHANG, &status, &usage, NULL))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench: process %d did not stop on SIGTERM; killing it\n", (int) pid);
          kill (pid, SIGKILL);
          wait_process (pid, 0, &status, &usage, NULL);
          break;
        }
      g_usleep (10000);
    }

  /* wait4() counts in the children the server waited for (the workers
   * of `serve --workers N`): ru_maxrss is the largest process's. */
  *maxrss_kib = (double) usage.ru_maxrss;
}
