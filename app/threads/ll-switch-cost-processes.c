/* ll-switch-cost-processes.c: the ring of processes, the model's side
 *
 * The kind %LL_SWITCH_COST_KIND_PROCESS of ll-switch-cost-model.c.  Its
 * children are forked by a host, looplab-cli --ring-host, whose side is
 * ll-switch-cost-host.c (why a host: ll-switch-cost-host.h).  This file
 * starts the host, watches the mapping they share, times the ring, and
 * counts the processes alive, for the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-model"

/* memfd_create(), posix_spawn_file_actions_addclosefrom_np(), environ */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "ll-process.h"
#include "ll-switch-cost-host.h"
#include "ll-switch-cost-private.h"

/* The processes: the ring's host is ll-switch-cost-host.c; this side
 * starts it, watches the shared mapping and times the ring. */

/* The children whose smaps_rollup is read: the kernel walks a child's
 * page tables to write it, a millisecond or so for a child of a large
 * parent, and children forked alike differ little. */
#define RSS_SAMPLE 16

/* The children (forked, not yet reaped) of every run, alive now:
 * atomic. */
static gint live_processes;

/**
 * ll_switch_cost_get_live_processes:
 *
 * For the tests: the processes of the runs' rings that have not ended
 * yet, the rings' hosts (one a ring) included.
 *
 * Returns: how many, now
 */
guint
ll_switch_cost_get_live_processes (void)
{
  return (guint) g_atomic_int_get (&live_processes);
}

static guint64
proc_handoffs (ProcShared *shared,
               guint       started)
{
  guint64 sum = 0;

  for (guint i = 0; i < started; i++)
    sum += __atomic_load_n (&shared->passes[i], __ATOMIC_RELAXED);

  return sum;
}

/* The host has exited, or if it has not, @wait: waits for it.  Returns
 * whether it has, with its wait status. */
static gboolean
host_reaped (pid_t     host,
             gboolean  wait,
             int      *status)
{
  pid_t r;

  do
    r = waitpid (host, status, wait ? 0 : WNOHANG);
  while (r < 0 && errno == EINTR);

  return r == host || (r < 0 && errno == ECHILD);
}

/* Starts the host on @shared_fd and @command_fd (its fd 3 and stdin),
 * with every other fd closed: the window's X connection and files have
 * nothing to do with the ring.  posix_spawn() starts it without copying
 * this process's memory map, which is the point of the host. */
static pid_t
host_spawn (const char  *cli,
            Run         *run,
            guint        n,
            int          shared_fd,
            int          command_fd,
            GError     **error)
{
  posix_spawn_file_actions_t actions;
  char n_text[16], rounds_text[16], limit_text[16];
  char *argv[12] = { (char *) cli, "run", "switch-cost", "--ring-host", "--ring-workers", n_text };
  guint argc = 6;
  pid_t pid;
  int r;

  g_snprintf (n_text, sizeof n_text, "%u", n);
  if (run->rounds > 0)
    {
      g_snprintf (rounds_text, sizeof rounds_text, "%u", run->rounds);
      argv[argc++] = "--rounds";
      argv[argc++] = rounds_text;
    }
  if (run->worker_limit > 0)
    {
      g_snprintf (limit_text, sizeof limit_text, "%u", run->worker_limit);
      argv[argc++] = "--worker-limit";
      argv[argc++] = limit_text;
    }
  argv[argc] = NULL;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, command_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, shared_fd, 3);
  posix_spawn_file_actions_addclosefrom_np (&actions, 4);
  r = posix_spawn (&pid, cli, &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (r != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (r),
                   _("Could not start %s: %s"), cli, g_strerror (r));
      return -1;
    }

  return pid;
}

/* The children the host has forked so far, counted live from @known
 * on: one load, so that the count and the point agree even while the
 * host still forks (a stop seen mid-ring). */
static guint
take_started (ProcShared        *shared,
              guint              known,
              LlSwitchCostPoint *point)
{
  guint started = (guint) __atomic_load_n (&shared->started, __ATOMIC_ACQUIRE);

  g_atomic_int_add (&live_processes, (gint) (started - known));
  point->started = started;

  return started;
}

gboolean
ll_switch_cost_run_processes (Progress  *progress,
                              GError   **error)
{
  Run *run = progress->run;
  LlSwitchCostPoint *point = progress->point;
  gsize shared_size = proc_shared_size (point->n);
  g_autofree char *cli = NULL;
  ProcShared *shared = MAP_FAILED;
  GError *local_error = NULL;
  int shared_fd = -1;
  int command[2] = { -1, -1 };
  pid_t host = -1;
  gboolean host_gone = FALSE;
  int status = 0;
  guint64 switches;
  gint64 t0 = 0, t1 = 0;
  gint64 rss_sum = 0;
  guint rss_count = 0;
  guint started = 0;

  cli = ll_process_find_cli (&local_error);
  if (cli == NULL)
    goto cleanup;

  shared_fd = memfd_create ("ll-switch-cost-ring", MFD_CLOEXEC);
  if (shared_fd < 0 || ftruncate (shared_fd, (off_t) shared_size) < 0 ||
      (shared = mmap (NULL, shared_size, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0)) == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not map the children’s counters: %s"), g_strerror (saved));
      goto cleanup;
    }
  if (!g_unix_open_pipe (command, FD_CLOEXEC, &local_error))
    goto cleanup;

  switches = ll_switch_cost_context_switches (RUSAGE_CHILDREN);
  host = host_spawn (cli, run, point->n, shared_fd, command[0], &local_error);
  close_fd (&command[0]);
  close_fd (&shared_fd);
  if (host < 0)
    goto cleanup;
  g_atomic_int_inc (&live_processes);

  /* The host forks; this thread reports how far it has got. */
  while (!__atomic_load_n (&shared->done, __ATOMIC_ACQUIRE) && !ll_switch_cost_run_stopping (run))
    {
      started = take_started (shared, started, point);
      ll_switch_cost_progress_report (progress, FALSE);
      if (host_reaped (host, FALSE, &status))
        {
          host_gone = TRUE;
          break;
        }
      ll_switch_cost_run_wait_until (run, g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND);
    }
  started = take_started (shared, started, point);

  if (host_gone)
    g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The ring’s host (%s) ended before its ring was up"), cli);
  else if (__atomic_load_n (&shared->error, __ATOMIC_RELAXED) != 0)
    {
      int saved = __atomic_load_n (&shared->error, __ATOMIC_RELAXED);

      if (__atomic_load_n (&shared->limited, __ATOMIC_RELAXED))
        g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("%s (the worker limit of %u set for testing)"), g_strerror (saved), run->worker_limit);
      else
        g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
    }

  if (local_error == NULL && !ll_switch_cost_run_stopping (run))
    {
      /* Every child waits for the token before the clock starts. */
      while ((guint) __atomic_load_n (&shared->ready, __ATOMIC_ACQUIRE) < started &&
             !ll_switch_cost_run_wait_until (run, g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND))
        ;

      t0 = g_get_monotonic_time ();
      ll_switch_cost_progress_measuring (progress, t0);
      if (!ll_switch_cost_run_stopping (run) && write (command[1], "g", 1) != 1)
        {
          int saved = errno;

          g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
          goto cleanup;
        }

      for (;;)
        {
          gint64 now = g_get_monotonic_time ();
          gint64 until;

          point->handoffs = proc_handoffs (shared, started);
          if (run->rounds > 0 && point->handoffs == (guint64) point->n * run->rounds)
            break;
          if (run->rounds == 0 && now >= t0 + run->usec)
            break;
          ll_switch_cost_progress_report (progress, FALSE);
          if (run->rounds > 0)
            until = now + G_TIME_SPAN_MILLISECOND;
          else
            until = MIN (now + PROGRESS_INTERVAL, t0 + run->usec);
          if (ll_switch_cost_run_wait_until (run, until))
            break;
        }
      t1 = g_get_monotonic_time ();
      point->handoffs = proc_handoffs (shared, started);

      for (guint i = 0; i < started && rss_count < RSS_SAMPLE; i += MAX (1, started / RSS_SAMPLE))
        {
          gint64 bytes = ll_switch_cost_child_private (proc_shared_pids (shared, point->n)[i]);

          if (bytes >= 0)
            {
              rss_sum += bytes;
              rss_count++;
            }
        }
    }

cleanup:
  /* The end of its stdin: the host kills and reaps the ring, then exits. */
  close_fd (&command[1]);
  close_fd (&command[0]);
  close_fd (&shared_fd);
  if (host > 0)
    {
      if (!host_gone)
        host_reaped (host, TRUE, &status);
      g_atomic_int_add (&live_processes, -(gint) (started + 1));
    }
  switches = host > 0 ? ll_switch_cost_context_switches (RUSAGE_CHILDREN) - switches : 0;
  if (shared != MAP_FAILED)
    munmap (shared, shared_size);

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not start process %u of %u: %s"),
                   started + 1, point->n, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (!ll_switch_cost_run_stopping (run))
    {
      point->usec = t1 - t0;
      point->rss_per_worker = rss_count > 0 ? (double) rss_sum / rss_count : 0;
      ll_switch_cost_point_finish (point, switches);
    }

  return TRUE;
}
