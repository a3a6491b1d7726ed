/* ll-switch-cost-host.c: the host of a ring of processes
 *
 * `looplab-cli run switch-cost --ring-host` runs this, started by
 * ll-switch-cost-processes.c with its fd 3 and stdin set (see
 * ll-switch-cost-host.h).  Only the children's code is restricted to
 * async-signal-safe calls; the host is a program of one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-host"

/* pipe2() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ll-switch-cost-host.h"

/* In a child: only async-signal-safe calls from here on (read, write,
 * close, _exit...).  It dies with the host (PR_SET_PDEATHSIG), so a host
 * that dies leaves no ring behind. */
G_GNUC_NORETURN static void
child_main (int         in,
            int         out,
            const int  *to_close,
            guint       n_close,
            ProcShared *shared,
            guint       index,
            guint       rounds,
            pid_t       parent)
{
  guint64 passes = 0;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (1);
  for (guint i = 0; i < n_close; i++)
    if (to_close[i] >= 0 && to_close[i] != in && to_close[i] != out)
      close (to_close[i]);

  __atomic_fetch_add (&shared->ready, 1, __ATOMIC_RELEASE);
  for (;;)
    {
      char token;
      ssize_t r;

      r = read (in, &token, 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r != 1)
        _exit (0);
      do
        r = write (out, &token, 1);
      while (r < 0 && errno == EINTR);
      if (r != 1)
        _exit (0);

      passes++;
      __atomic_store_n (&shared->passes[index], passes, __ATOMIC_RELAXED);
      if (passes == rounds)
        _exit (0);
    }
}

/* The host's stdin has ended (or broken): nothing else is ever sent
 * before the ring is up. */
static gboolean
command_closed (void)
{
  struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };

  return poll (&pfd, 1, 0) > 0;
}

static void
host_fail (ProcShared *shared,
           int         error,
           gboolean    limited)
{
  __atomic_store_n (&shared->error, error, __ATOMIC_RELAXED);
  __atomic_store_n (&shared->limited, limited, __ATOMIC_RELAXED);
}

/**
 * ll_switch_cost_ring_host:
 * @shared_fd: the mapping shared with the model, of the size N workers
 *   need
 * @n: N
 * @rounds: passes a child makes before it exits, or 0 for no end
 * @worker_limit: the test hook: forking child @worker_limit fails, as
 *   the system's limit would; 0 for none
 *
 * The host of a ring of processes, `looplab-cli run switch-cost
 * --ring-host`: forks the N children in their ring of pipes, says so in
 * the mapping, sends the token round when stdin says 'g', and at the
 * end of stdin kills and reaps them all, a batch at a time.
 *
 * Returns: the host's exit status: 0, or 1 if the mapping could not be
 *   used
 */
int
ll_switch_cost_ring_host (int   shared_fd,
                          guint n,
                          guint rounds,
                          guint worker_limit)
{
  gsize size = proc_shared_size (n);
  ProcShared *shared;
  pid_t *pids;
  /* Pipe 0 both ends, kept by the host: it writes the first token, and
   * holding its read end open means the last child's last write never
   * meets a closed pipe in a run of fixed rounds. */
  int ring0[2] = { -1, -1 };
  int in = -1;
  guint started = 0;
  pid_t self = getpid ();
  char command;
  ssize_t r;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  shared = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0);
  if (shared == MAP_FAILED)
    return 1;
  close (shared_fd);
  pids = proc_shared_pids (shared, n);

  if (pipe2 (ring0, O_CLOEXEC) < 0 || (in = dup (ring0[0])) < 0)
    host_fail (shared, errno, FALSE);
  else
    for (started = 0; started < n; started++)
      {
        int next[2] = { -1, -1 };
        int out;
        int to_close[4];
        pid_t pid;

        if (worker_limit > 0 && started >= worker_limit)
          {
            host_fail (shared, EAGAIN, TRUE);
            break;
          }
        if (started + 1 < n)
          {
            if (pipe2 (next, O_CLOEXEC) < 0)
              {
                host_fail (shared, errno, FALSE);
                break;
              }
            out = next[1];
          }
        else
          out = ring0[1];

        to_close[0] = ring0[0];
        to_close[1] = ring0[1];
        to_close[2] = next[0];
        to_close[3] = STDIN_FILENO;
        pid = fork ();
        if (pid == 0)
          child_main (in, out, to_close, G_N_ELEMENTS (to_close), shared, started, rounds, self);
        if (pid < 0)
          {
            host_fail (shared, errno, FALSE);
            close_fd (&next[0]);
            close_fd (&next[1]);
            break;
          }

        pids[started] = pid;
        __atomic_store_n (&shared->started, started + 1, __ATOMIC_RELEASE);
        close_fd (&in);
        close_fd (&next[1]);
        in = next[0];

        /* A model that stops while the ring is still being forked
         * closes the pipe: look, now and then, so that its stop does
         * not wait for all 10 000. */
        if ((started + 1) % SPAWN_BATCH_OS == 0 && command_closed ())
          {
            started++;
            break;
          }
      }
  __atomic_store_n (&shared->done, 1, __ATOMIC_RELEASE);

  /* 'g' sends the token; the end of stdin (or an error) ends the ring. */
  do
    r = read (STDIN_FILENO, &command, 1);
  while (r < 0 && errno == EINTR);
  if (r == 1 && command == 'g' && __atomic_load_n (&shared->error, __ATOMIC_RELAXED) == 0)
    {
      if (write (ring0[1], "x", 1) == 1)
        do
          r = read (STDIN_FILENO, &command, 1);
        while (r > 0 || (r < 0 && errno == EINTR));
    }

  /* SIGKILL, wherever they are (a child that finished its rounds is a
   * zombie, which the signal leaves alone), then reap each by its pid.
   * A batch at a time: woken all together, the 10 000 children of the
   * largest ring made 10 000 runnable tasks, and the whole machine, the
   * window too, waited its turn behind them.  A child whose neighbour
   * died reads the end of its pipe and exits on its own. */
  for (guint first = 0; first < started; first += TEARDOWN_BATCH)
    {
      guint end = MIN (started, first + TEARDOWN_BATCH);

      for (guint i = first; i < end; i++)
        kill (pids[i], SIGKILL);
      for (guint i = first; i < end; i++)
        while (waitpid (pids[i], NULL, 0) < 0 && errno == EINTR)
          ;
    }

  return 0;
}

