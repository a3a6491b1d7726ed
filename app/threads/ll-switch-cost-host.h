/* ll-switch-cost-host.h: the host of a ring of processes, and what it
 * shares with the model (private to app/threads and the program)
 *
 * A ring of processes is not forked from the model's process but from
 * a host: looplab-cli started with --ring-host, a fresh program of a few
 * hundred kilobytes and one thread.  Forked from the window, each child
 * copied the window's whole map of memory, and for as long as each fork
 * took the kernel held the window's memory map locked: 10 000 children
 * took 150 s, and the window's own thread, waiting on every page it
 * touched, drew its frames late all along.  A host forks them in a
 * second or two and leaves the model's process alone.
 *
 * The host and the model share one mapping (a memfd, the host's fd
 * 3): the host writes how many it started, each child its passes; the
 * model writes nothing there.  The host's stdin is the command pipe:
 * a byte 'g' sends the token round, the end of the pipe tears the ring
 * down (every child killed and reaped, then the host exits), and the
 * host dies with the thread that started it (PR_SET_PDEATHSIG).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/types.h>
#include <unistd.h>

G_BEGIN_DECLS

/* Workers created between two looks at the stop flag and the clock:
 * 64 threads or processes take a few milliseconds. */
#define SPAWN_BATCH_OS 64

/* Workers woken to end at once.  Woken all together, the 10 000 threads
 * or children of the largest point made 10 000 runnable tasks: the load
 * average went to several hundred and the whole machine, the window
 * too, waited its turn behind them. */
#define TEARDOWN_BATCH 64

/* The shared mapping: the host's state, then each child's passes, then
 * the children's pids. */
typedef struct
{
  gint    started;      /* children forked so far */
  gint    ready;        /* children waiting for the token */
  gint    done;         /* 1: the host has forked them all, or failed */
  gint    error;        /* the errno of the fork or pipe that failed */
  gint    limited;      /* 1: the failure was the worker-limit hook */
  guint64 passes[];
} ProcShared;

static inline gsize
proc_shared_size (guint n)
{
  return sizeof (ProcShared) + (sizeof (guint64) + sizeof (pid_t)) * n;
}

static inline pid_t *
proc_shared_pids (ProcShared *shared,
                  guint       n)
{
  return (pid_t *) (shared->passes + n);
}

static inline void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

int ll_switch_cost_ring_host (int   shared_fd,
                              guint n,
                              guint rounds,
                              guint worker_limit);

G_END_DECLS
