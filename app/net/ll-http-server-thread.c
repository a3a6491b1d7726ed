/* ll-http-server-thread.c: the server on a thread and a loop of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-http"

#include "config.h"

#include "ll-http-server-thread.h"
#include "ll-loop-monitor.h"

/* How often the server's thread publishes what it does: the page draws
 * its rows and figures at about this rate. */
#define SNAPSHOT_INTERVAL_MS 100
/* The lag of a snapshot is over this last stretch. */
#define LAG_SPAN G_TIME_SPAN_SECOND

struct _LlHttpServerThread
{
  GThread              *thread;
  GMainContext         *context;
  GMainLoop            *loop;
  LlHttpServerFunc      setup;
  gpointer              setup_data;

  /* Made and used on the server's thread; the server's block setting,
   * an atomic, is the one thing another thread touches. */
  LlScheduler          *scheduler;
  LlHttpServer         *server;
  LlLoopMonitor        *monitor;

  GMutex                lock;
  GCond                 cond;
  /* under the lock */
  gboolean              started;
  GError               *start_error;
  LlHttpServerSnapshot *snapshot;
  guint                 port;
  char                 *url;
};

/* Snapshots */

static void
snapshot_clear (gpointer data)
{
  LlHttpServerSnapshot *snapshot = data;

  g_clear_pointer (&snapshot->connections, g_array_unref);
}

LlHttpServerSnapshot *
ll_http_server_snapshot_ref (LlHttpServerSnapshot *snapshot)
{
  return g_atomic_rc_box_acquire (snapshot);
}

void
ll_http_server_snapshot_unref (LlHttpServerSnapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, snapshot_clear);
}

G_DEFINE_BOXED_TYPE (LlHttpServerSnapshot, ll_http_server_snapshot,
                     ll_http_server_snapshot_ref, ll_http_server_snapshot_unref)

static LlHttpServerSnapshot *
take_snapshot (LlHttpServerThread *self)
{
  LlHttpServerSnapshot *snapshot = g_atomic_rc_box_new0 (LlHttpServerSnapshot);
  g_autoptr(GArray) all = ll_http_server_list_connections (self->server);

  snapshot->time = g_get_monotonic_time ();
  snapshot->port = ll_http_server_get_port (self->server);
  snapshot->n_connections = ll_http_server_get_n_connections (self->server);
  snapshot->n_accepted = ll_http_server_get_n_accepted (self->server);
  snapshot->n_requests = ll_http_server_get_n_requests (self->server);
  snapshot->n_refused = ll_http_server_get_n_refused (self->server);
  for (guint i = 0; i < all->len; i++)
    {
      LlHttpConnectionInfo *info = &g_array_index (all, LlHttpConnectionInfo, i);

      if (info->state < G_N_ELEMENTS (snapshot->n_by_state))
        snapshot->n_by_state[info->state]++;
    }
  g_array_set_size (all, MIN (all->len, LL_HTTP_SNAPSHOT_MAX_ROWS));
  snapshot->connections = g_steal_pointer (&all);
  if (self->monitor != NULL)
    ll_loop_monitor_get_stats_since (self->monitor, LL_LAG_TIMER, snapshot->time - LAG_SPAN,
                                     &snapshot->lag);

  return snapshot;
}

static void
publish (LlHttpServerThread *self)
{
  LlHttpServerSnapshot *snapshot = take_snapshot (self);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->snapshot, ll_http_server_snapshot_unref);
  self->snapshot = snapshot;
  g_mutex_unlock (&self->lock);
}

static gboolean
on_publish (gpointer user_data)
{
  publish (user_data);

  return G_SOURCE_CONTINUE;
}

/* The server's thread */

static gpointer
server_thread (gpointer user_data)
{
  LlHttpServerThread *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) timer = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  self->scheduler = ll_scheduler_new (self->context, LL_CLOCK_MONOTONIC);
  self->server = ll_http_server_new (self->scheduler);
  if (self->setup != NULL)
    self->setup (self->server, self->setup_data);
  ok = ll_http_server_start (self->server, &error);

  if (ok)
    {
      self->monitor = ll_loop_monitor_new (self->context);
      ll_loop_monitor_set_window (self->monitor, 2 * LAG_SPAN);
      ll_loop_monitor_start (self->monitor);
      publish (self);

      timer = g_timeout_source_new (SNAPSHOT_INTERVAL_MS);
      g_source_set_callback (timer, on_publish, self, NULL);
      g_source_set_static_name (timer, "[looplab] server snapshot");
      g_source_attach (timer, self->context);
    }

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  self->start_error = g_steal_pointer (&error);
  self->port = ll_http_server_get_port (self->server);
  self->url = ok ? ll_http_server_get_url (self->server) : NULL;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    {
      g_main_loop_run (self->loop);

      g_source_destroy (timer);
      ll_http_server_stop (self->server);
      /* Each connection's coroutine sees its close at its next turn. */
      while (ll_http_server_get_n_connections (self->server) > 0)
        g_main_context_iteration (self->context, TRUE);
      publish (self);
      ll_loop_monitor_stop (self->monitor);
    }

  g_clear_object (&self->monitor);
  g_clear_object (&self->server);
  g_clear_object (&self->scheduler);
  /* What the connections' ends left (their watches' sources). */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
free_thread (LlHttpServerThread *self)
{
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->snapshot, ll_http_server_snapshot_unref);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * ll_http_server_thread_start:
 * @setup: (nullable): runs on the server's thread before the server
 *   starts, to set its port, limits and block (a free port unless it
 *   sets one)
 * @user_data: for @setup
 * @error: why the server cannot listen
 *
 * Starts a thread, and the server on it; returns once it listens.
 *
 * Returns: (transfer full) (nullable): the thread, to stop with
 *   ll_http_server_thread_stop(); %NULL if the server could not start
 */
LlHttpServerThread *
ll_http_server_thread_start (LlHttpServerFunc   setup,
                             gpointer           user_data,
                             GError           **error)
{
  LlHttpServerThread *self = g_new0 (LlHttpServerThread, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->setup = setup;
  self->setup_data = user_data;
  self->thread = g_thread_new ("ll-http-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_thread_join (self->thread);
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      free_thread (self);
      return NULL;
    }

  return self;
}

static gboolean
quit_loop (gpointer user_data)
{
  LlHttpServerThread *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

/**
 * ll_http_server_thread_stop:
 * @self: (transfer full): a server's thread
 *
 * Stops the server, closing every connection, ends the thread and frees
 * it.  Waits for a handler that blocks to return.
 */
void
ll_http_server_thread_stop (LlHttpServerThread *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (g_thread_self () != self->thread);

  g_main_context_invoke (self->context, quit_loop, self);
  g_thread_join (self->thread);
  free_thread (self);
}

typedef struct
{
  LlHttpServerThread *self;
  LlHttpServerFunc    func;
  gpointer            user_data;
  gboolean            done;
} Call;

static gboolean
run_call (gpointer user_data)
{
  Call *call = user_data;
  LlHttpServerThread *self = call->self;

  call->func (self->server, call->user_data);

  g_mutex_lock (&self->lock);
  call->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

/**
 * ll_http_server_thread_call:
 * @self: a server's thread
 * @func: what to run on it
 * @user_data: for @func
 *
 * Runs @func on the server's thread, with its server, and waits until it
 * has run: after what the thread is doing now, a blocking handler
 * included.
 */
void
ll_http_server_thread_call (LlHttpServerThread *self,
                            LlHttpServerFunc    func,
                            gpointer            user_data)
{
  Call call = { self, func, user_data, FALSE };

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (g_thread_self () == self->thread)
    {
      func (self->server, user_data);
      return;
    }

  g_main_context_invoke (self->context, run_call, &call);
  g_mutex_lock (&self->lock);
  while (!call.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

/**
 * ll_http_server_thread_get_port:
 * @self: a server's thread
 *
 * Returns: the port its server listens on
 */
guint
ll_http_server_thread_get_port (LlHttpServerThread *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/**
 * ll_http_server_thread_get_url:
 * @self: a server's thread
 *
 * Returns: (transfer full): its server's address for a browser
 */
char *
ll_http_server_thread_get_url (LlHttpServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup (self->url);
}

/**
 * ll_http_server_thread_set_block_ms:
 * @self: a server's thread
 * @block_ms: how long each `/hello` blocks the server's thread, 0 for
 *   not at all
 *
 * Takes effect at the next request, without waiting for the thread.
 */
void
ll_http_server_thread_set_block_ms (LlHttpServerThread *self,
                                    guint               block_ms)
{
  g_return_if_fail (self != NULL);

  ll_http_server_set_block_ms (self->server, block_ms);
}

/**
 * ll_http_server_thread_get_snapshot:
 * @self: a server's thread
 *
 * The newest of what the server's thread published; never waits for
 * it.  Compare its time with now to see how long the server's loop has
 * not run.
 *
 * Returns: (transfer full): a snapshot
 */
LlHttpServerSnapshot *
ll_http_server_thread_get_snapshot (LlHttpServerThread *self)
{
  LlHttpServerSnapshot *snapshot;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  snapshot = ll_http_server_snapshot_ref (self->snapshot);
  g_mutex_unlock (&self->lock);

  return snapshot;
}
