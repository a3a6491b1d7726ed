/* ll-switch-cost-threads.c: the ring of threads
 *
 * The kind %LL_SWITCH_COST_KIND_THREAD of ll-switch-cost-model.c: N
 * threads, each waiting on a condition of its own for the token, which
 * it hands on by setting the next one's and signalling it.  The
 * controller's thread starts them, polls the passes they count and
 * times the ring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-model"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>

#include <glib/gi18n-lib.h>

#include "ll-switch-cost-host.h"
#include "ll-switch-cost-private.h"

/* The threads */

/* The test hook: creating worker @index (from 0) fails as the system's
 * own limit would, with EAGAIN. */
static gboolean
check_worker_limit (Run     *run,
                    guint    index,
                    GError **error)
{
  if (run->worker_limit == 0 || index < run->worker_limit)
    return TRUE;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (EAGAIN),
               _("%s (the worker limit of %u set for testing)"),
               g_strerror (EAGAIN), run->worker_limit);
  return FALSE;
}

typedef struct _ThreadRing ThreadRing;

typedef struct
{
  GMutex      lock;
  GCond       cond;
  gboolean    token;      /* under @lock */
  guint64     passes;     /* __atomic: written by the worker, read by the controller */
  ThreadRing *ring;
  guint       index;
} ThreadWorker;

struct _ThreadRing
{
  guint         n;
  guint         rounds;
  ThreadWorker *workers;

  /* The workers' start, under @lock; @stop is atomic, and set under
   * every worker's lock too, so that none can miss it */
  GMutex        lock;
  GCond         cond;
  guint         n_waiting;
  gint          stop;
};

static gpointer
thread_worker (gpointer data)
{
  ThreadWorker *w = data;
  ThreadRing *ring = w->ring;
  ThreadWorker *next = &ring->workers[w->index + 1 < ring->n ? w->index + 1 : 0];
  guint64 passes = 0;

  g_mutex_lock (&ring->lock);
  ring->n_waiting++;
  g_cond_broadcast (&ring->cond);
  g_mutex_unlock (&ring->lock);

  for (;;)
    {
      gboolean stop;

      g_mutex_lock (&w->lock);
      while (!w->token && !g_atomic_int_get (&ring->stop))
        g_cond_wait (&w->cond, &w->lock);
      stop = g_atomic_int_get (&ring->stop);
      w->token = FALSE;
      g_mutex_unlock (&w->lock);
      if (stop)
        break;

      /* The handoff: wake the next one and go back to waiting.  The
       * signal comes after the unlock: signalled under the lock, the
       * next one woke only to block on the mutex this one still held,
       * two context switches a handoff instead of one. */
      g_mutex_lock (&next->lock);
      next->token = TRUE;
      g_mutex_unlock (&next->lock);
      g_cond_signal (&next->cond);

      passes++;
      __atomic_store_n (&w->passes, passes, __ATOMIC_RELAXED);
      if (passes == ring->rounds)
        break;
    }

  ll_controller_thread_end ();

  return NULL;
}

static guint64
thread_ring_handoffs (ThreadRing *ring,
                      guint       started)
{
  guint64 sum = 0;

  for (guint i = 0; i < started; i++)
    sum += __atomic_load_n (&ring->workers[i].passes, __ATOMIC_RELAXED);

  return sum;
}

gboolean
ll_switch_cost_run_threads (Progress  *progress,
                            GError   **error)
{
  Run *run = progress->run;
  LlSwitchCostPoint *point = progress->point;
  ThreadRing ring = { .n = point->n, .rounds = run->rounds };
  g_autofree GThread **threads = g_new0 (GThread *, point->n);
  GError *local_error = NULL;
  gint64 rss_before, rss_after = -1;
  guint64 switches = 0, base = 0;
  gint64 t0 = 0, t1 = 0;
  guint started;

  ring.workers = g_new0 (ThreadWorker, point->n);
  g_mutex_init (&ring.lock);
  g_cond_init (&ring.cond);
  for (guint i = 0; i < point->n; i++)
    {
      g_mutex_init (&ring.workers[i].lock);
      g_cond_init (&ring.workers[i].cond);
      ring.workers[i].ring = &ring;
      ring.workers[i].index = i;
    }

  rss_before = ll_switch_cost_self_rss ();
  for (started = 0; started < point->n && !ll_switch_cost_run_stopping (run); started++)
    {
      if (!check_worker_limit (run, started, &local_error))
        break;
      threads[started] = ll_controller_thread_new ("ll-switch", thread_worker, &ring.workers[started], &local_error);
      if (threads[started] == NULL)
        break;
      point->started = started + 1;
      if (point->started % SPAWN_BATCH_OS == 0)
        ll_switch_cost_progress_report (progress, FALSE);
    }

  if (local_error == NULL && !ll_switch_cost_run_stopping (run))
    {
      /* Every worker waits for the token before the clock starts. */
      g_mutex_lock (&ring.lock);
      while (ring.n_waiting < started && !ll_switch_cost_run_stopping (run))
        g_cond_wait_until (&ring.cond, &ring.lock, g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
      g_mutex_unlock (&ring.lock);
      /* Each has its stack as deep as it goes, waiting (see
       * ll-switch-cost-coroutines.c). */
      rss_after = ll_switch_cost_self_rss ();

      base = ll_switch_cost_context_switches (RUSAGE_SELF);
      t0 = g_get_monotonic_time ();
      ll_switch_cost_progress_measuring (progress, t0);
      g_mutex_lock (&ring.workers[0].lock);
      ring.workers[0].token = TRUE;
      g_cond_signal (&ring.workers[0].cond);
      g_mutex_unlock (&ring.workers[0].lock);

      for (;;)
        {
          gint64 now = g_get_monotonic_time ();
          gint64 until = now + PROGRESS_INTERVAL;

          point->handoffs = thread_ring_handoffs (&ring, started);
          if (run->rounds > 0 && point->handoffs == (guint64) point->n * run->rounds)
            break;
          if (run->rounds == 0 && now >= t0 + run->usec)
            break;
          ll_switch_cost_progress_report (progress, FALSE);
          if (run->rounds > 0)
            until = now + G_TIME_SPAN_MILLISECOND;
          else
            until = MIN (until, t0 + run->usec);
          if (ll_switch_cost_run_wait_until (run, until))
            break;
        }
      t1 = g_get_monotonic_time ();
      switches = ll_switch_cost_context_switches (RUSAGE_SELF) - base;
      point->handoffs = thread_ring_handoffs (&ring, started);
    }

  /* Stop them all, wherever they wait, and join them, a batch at a
   * time.  A worker not yet woken that the token reaches sees the flag
   * and ends without passing it on. */
  g_atomic_int_set (&ring.stop, TRUE);
  for (guint first = 0; first < started; first += TEARDOWN_BATCH)
    {
      guint end = MIN (started, first + TEARDOWN_BATCH);

      for (guint i = first; i < end; i++)
        {
          g_mutex_lock (&ring.workers[i].lock);
          g_cond_broadcast (&ring.workers[i].cond);
          g_mutex_unlock (&ring.workers[i].lock);
        }
      for (guint i = first; i < end; i++)
        g_thread_join (threads[i]);
    }

  for (guint i = 0; i < point->n; i++)
    {
      g_mutex_clear (&ring.workers[i].lock);
      g_cond_clear (&ring.workers[i].cond);
    }
  g_mutex_clear (&ring.lock);
  g_cond_clear (&ring.cond);
  g_free (ring.workers);

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not start thread %u of %u: %s"),
                   started + 1, point->n, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (!ll_switch_cost_run_stopping (run))
    {
      point->usec = t1 - t0;
      point->rss_per_worker = ll_switch_cost_rss_growth_per_worker (rss_before, rss_after, point->n);
      ll_switch_cost_point_finish (point, switches);
    }

  return TRUE;
}
