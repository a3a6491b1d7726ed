/* ll-http-server.c: the single-threaded HTTP server of the notes
 *
 * The listening sockets are made by hand, not with GSocketListener, for
 * two settings it does not offer: the listen backlog (LL_HTTP_BACKLOG)
 * and SO_REUSEPORT, which lets the worker processes of `looplab-cli
 * serve --workers N` listen on one port, the kernel spreading the
 * connections among them.  One accept coroutine per listening socket
 * accepts what has come, spawns a connection coroutine for each
 * (ll-http-connection.c), and awaits the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-http"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "ll-fd-watch.h"
#include "ll-http-server-private.h"
#include "ll-process.h"

/* Accepted in one go before the accept coroutine lets the connections
 * it spawned run.  An accept() is a few microseconds, and a yield puts
 * the acceptor behind every connection that is ready: with a few
 * thousand busy ones, a small batch left new clients waiting seconds in
 * the kernel's queue.  So: the whole queue, up to the backlog. */
#define ACCEPT_BATCH LL_HTTP_BACKLOG
/* Out of file descriptors: how long to wait before accepting again. */
#define ACCEPT_PAUSE_MS 100

struct _LlHttpServer
{
  GObject       parent_instance;

  /* owned references */
  LlScheduler  *scheduler;
  GPtrArray    *listeners;       /* GSocket */
  GPtrArray    *acceptors;       /* LlCo, one per listener */
  GHashTable   *connections;     /* LlCo -> NULL: every open connection */

  /* settings */
  char         *address;         /* NULL: 127.0.0.1 and ::1 */
  guint         port;
  gboolean      reuse_port;
  guint         block_ms;        /* atomic: the page sets it from its own thread */
  guint         max_connections;
  guint         header_timeout_ms;
  guint         idle_timeout_ms;

  /* state */
  guint         bound_port;
  guint         n_serving;       /* connections served, the refused ones not */
  guint64       n_accepted;
  guint64       n_requests;
  guint64       n_refused;
};

G_DEFINE_FINAL_TYPE (LlHttpServer, ll_http_server, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LlHttpConnectionState, ll_http_connection_state,
  G_DEFINE_ENUM_VALUE (LL_HTTP_CONNECTION_READING, "reading"),
  G_DEFINE_ENUM_VALUE (LL_HTTP_CONNECTION_HANDLING, "handling"),
  G_DEFINE_ENUM_VALUE (LL_HTTP_CONNECTION_WRITING, "writing"),
  G_DEFINE_ENUM_VALUE (LL_HTTP_CONNECTION_IDLE, "idle"))

/* Accepting */

typedef struct
{
  LlCo          co;
  LlHttpServer *server;     /* borrowed: the server stops its acceptors */
  GSocket      *listener;
  LlFdWatch    *watch;
  guint         batch;
} AcceptFrame;

static void
accept_one (LlHttpServer *self,
            GSocket      *socket)
{
  guint refuse_with = 0;
  LlCo *co;

  self->n_accepted++;
  if (self->n_serving >= self->max_connections)
    {
      refuse_with = 503;
      self->n_refused++;
    }
  else
    self->n_serving++;

  co = ll_http_connection_new (self, socket, self->n_accepted, refuse_with);
  g_hash_table_add (self->connections, co);
  ll_scheduler_spawn (self->scheduler, co);
  ll_co_unref (co);
}

static LlCoStatus
accept_run (LlCo *co)
{
  AcceptFrame *f = (AcceptFrame *) co;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      for (f->batch = 0; f->batch < ACCEPT_BATCH; f->batch++)
        {
          socket = g_socket_accept (f->listener, NULL, &error);
          if (socket == NULL)
            break;
          accept_one (f->server, socket);
          g_clear_object (&socket);
        }

      if (f->batch == ACCEPT_BATCH)
        {
          LL_CO_YIELD (co, NULL);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          /* The listening socket stays readable while the connection
           * waits in the kernel's queue: pause rather than spin. */
          g_clear_error (&error);
          LL_CO_SLEEP (co, ACCEPT_PAUSE_MS);
          continue;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        {
          /* ECONNABORTED and the like: that client gave up; the next may not. */
          g_debug ("accept: %s", error->message);
        }
      g_clear_error (&error);

      LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_IN, -1, ll_co_async_ready, co));
      if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), NULL))
        break;   /* closed: the server stops */
    }

  LL_CO_END (co);
}

static void
accept_cleanup (LlCo *co)
{
  AcceptFrame *f = (AcceptFrame *) co;

  g_clear_pointer (&f->watch, ll_fd_watch_free);
  g_clear_object (&f->listener);
}

/* Listening */

/**
 * ll_http_socket_bind:
 * @socket: a TCP socket
 * @address: where to bind it
 * @reuse_port: whether other sockets may bind the same port and listen
 *   beside it (SO_REUSEPORT), the kernel spreading the connections
 *   among them
 * @error: why not
 *
 * g_socket_bind(), with SO_REUSEADDR (a port left in TIME_WAIT by the
 * last run is free again), and SO_REUSEPORT if asked: g_socket_bind()
 * itself turns SO_REUSEPORT off on a stream socket, so the bind is
 * done here.  A port in use gets the message a user reads: what is
 * wrong, and what to do.
 *
 * Returns: %TRUE if bound
 */
gboolean
ll_http_socket_bind (GSocket         *socket,
                     GSocketAddress  *address,
                     gboolean         reuse_port,
                     GError         **error)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  guint port = g_inet_socket_address_get_port (inet);
  struct sockaddr_storage native;
  gssize length = g_socket_address_get_native_size (address);
  g_autoptr(GError) local_error = NULL;
  gboolean bound;

  if (!reuse_port)
    bound = g_socket_bind (socket, address, TRUE, &local_error);
  else if (length < 0 || !g_socket_address_to_native (address, &native, sizeof native, &local_error) ||
           !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, &local_error) ||
           !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, &local_error))
    bound = FALSE;
  else if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) length) != 0)
    {
      int saved = errno;

      g_set_error_literal (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      bound = FALSE;
    }
  else
    bound = TRUE;

  if (bound)
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                 _("Cannot serve on %s port %u: the port is in use (another server listens there). Stop that server, or choose another port with --port."),
                 host, port);
  else
    g_set_error (error, local_error != NULL ? local_error->domain : G_IO_ERROR,
                 local_error != NULL ? local_error->code : G_IO_ERROR_INVALID_ARGUMENT,
                 _("Cannot serve on %s port %u: %s"), host, port,
                 local_error != NULL ? local_error->message : "invalid address");

  return FALSE;
}

static GSocket *
listen_on (LlHttpServer  *self,
           const char    *address,
           guint          port,
           GError       **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, (guint16) port);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!ll_http_socket_bind (socket, socket_address, self->reuse_port, error))
    return NULL;

  g_socket_set_listen_backlog (socket, LL_HTTP_BACKLOG);
  if (!g_socket_listen (socket, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot serve on %s port %u: %s"), address, port, local_error->message);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);

  bound = g_socket_get_local_address (socket, NULL);
  if (bound != NULL && self->bound_port == 0)
    self->bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

static void
spawn_acceptor (LlHttpServer *self,
                GSocket      *listener)
{
  AcceptFrame *f = ll_co_new (AcceptFrame, accept_run, accept_cleanup);

  f->server = self;
  f->listener = g_object_ref (listener);
  f->watch = ll_fd_watch_new (g_socket_get_fd (listener), ll_scheduler_get_context (self->scheduler));
  ll_co_set_name (&f->co, "accept");
  ll_scheduler_spawn (self->scheduler, &f->co);
  g_ptr_array_add (self->acceptors, &f->co);
}

/* GObject */

static void
ll_http_server_dispose (GObject *object)
{
  LlHttpServer *self = LL_HTTP_SERVER (object);

  ll_http_server_stop (self);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_http_server_parent_class)->dispose (object);
}

static void
ll_http_server_finalize (GObject *object)
{
  LlHttpServer *self = LL_HTTP_SERVER (object);

  g_ptr_array_unref (self->listeners);
  g_ptr_array_unref (self->acceptors);
  g_hash_table_unref (self->connections);
  g_free (self->address);

  G_OBJECT_CLASS (ll_http_server_parent_class)->finalize (object);
}

static void
ll_http_server_class_init (LlHttpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_http_server_dispose;
  object_class->finalize = ll_http_server_finalize;
}

static void
ll_http_server_init (LlHttpServer *self)
{
  self->listeners = g_ptr_array_new_with_free_func (g_object_unref);
  self->acceptors = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  self->connections = g_hash_table_new (NULL, NULL);
  self->max_connections = LL_HTTP_MAX_CONNECTIONS;
  self->header_timeout_ms = LL_HTTP_HEADER_TIMEOUT_MS;
  self->idle_timeout_ms = LL_HTTP_IDLE_TIMEOUT_MS;
}

/* For the connections */

void
_ll_http_server_get_limits (LlHttpServer *self,
                            gint64       *header_timeout,
                            gint64       *idle_timeout)
{
  *header_timeout = (gint64) self->header_timeout_ms * G_TIME_SPAN_MILLISECOND;
  *idle_timeout = (gint64) self->idle_timeout_ms * G_TIME_SPAN_MILLISECOND;
}

void
_ll_http_server_count_request (LlHttpServer *self)
{
  self->n_requests++;
}

void
_ll_http_server_connection_ended (LlHttpServer *self,
                                  LlCo         *co,
                                  gboolean      served)
{
  g_hash_table_remove (self->connections, co);
  if (served)
    self->n_serving--;
}

/* Public API */

/**
 * ll_http_server_new:
 * @scheduler: the scheduler whose loop serves every connection, the
 *   server's own: its time slice is set to %LL_HTTP_TIME_SLICE
 *
 * Returns: (transfer full): a server, not listening yet
 */
LlHttpServer *
ll_http_server_new (LlScheduler *scheduler)
{
  LlHttpServer *self;

  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  self = g_object_new (LL_TYPE_HTTP_SERVER, NULL);
  self->scheduler = g_object_ref (scheduler);
  ll_scheduler_set_time_slice (scheduler, LL_HTTP_TIME_SLICE);

  return self;
}

/**
 * ll_http_server_get_scheduler:
 * @self: a server
 *
 * Returns: (transfer none): its scheduler
 */
LlScheduler *
ll_http_server_get_scheduler (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), NULL);

  return self->scheduler;
}

/**
 * ll_http_check_address:
 * @address: an address to listen on, as the user gave it
 * @error: why it is refused
 *
 * The server listens on the loopback addresses only: 127.0.0.1, ::1
 * (and `localhost`, both).  It is a lesson, not a hardened server, and
 * nothing outside this machine should reach it.
 *
 * Returns: %TRUE if @address is one of those
 */
gboolean
ll_http_check_address (const char  *address,
                       GError     **error)
{
  g_return_val_if_fail (address != NULL, FALSE);

  if (g_str_equal (address, "127.0.0.1") || g_str_equal (address, "::1") ||
      g_str_equal (address, "localhost"))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _("Refusing to listen on “%s”: Loop Lab’s server listens on this machine’s loopback addresses only (127.0.0.1, ::1 or localhost), so that no other machine can reach it."),
               address);

  return FALSE;
}

/**
 * ll_http_server_set_address:
 * @self: a server, not started
 * @address: (nullable): 127.0.0.1 or ::1; %NULL or `localhost` for both
 *   (ll_http_check_address() says which are taken)
 */
void
ll_http_server_set_address (LlHttpServer *self,
                            const char   *address)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));
  g_return_if_fail (address == NULL || ll_http_check_address (address, NULL));

  g_free (self->address);
  self->address = address != NULL && !g_str_equal (address, "localhost") ? g_strdup (address) : NULL;
}

/**
 * ll_http_server_set_port:
 * @self: a server, not started
 * @port: the port; 0 for a free one
 */
void
ll_http_server_set_port (LlHttpServer *self,
                         guint         port)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));
  g_return_if_fail (port <= G_MAXUINT16);

  self->port = port;
}

/**
 * ll_http_server_set_reuse_port:
 * @self: a server, not started
 * @reuse_port: whether other processes may listen on the same port
 *   (SO_REUSEPORT), as the workers of one `serve --workers N` do
 */
void
ll_http_server_set_reuse_port (LlHttpServer *self,
                               gboolean      reuse_port)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));

  self->reuse_port = reuse_port;
}

/**
 * ll_http_server_set_block_ms:
 * @self: a server
 * @block_ms: how long each `/hello` request blocks the server's thread,
 *   in milliseconds; 0 for not at all.  Every request from then on
 *   takes it, those of connections already open too.
 *
 * The one setter that may be called from any thread: a window turns the
 * blocking handler on and off while the server serves on a thread of
 * its own.
 */
void
ll_http_server_set_block_ms (LlHttpServer *self,
                             guint         block_ms)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));

  g_atomic_int_set (&self->block_ms, block_ms);
}

/**
 * ll_http_server_get_block_ms:
 * @self: a server
 *
 * Returns: how long a `/hello` blocks the thread, in milliseconds
 */
guint
ll_http_server_get_block_ms (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->block_ms);
}

/**
 * ll_http_server_set_max_connections:
 * @self: a server
 * @max_connections: connections served at once, at least 1; those
 *   beyond are answered 503 and closed
 */
void
ll_http_server_set_max_connections (LlHttpServer *self,
                                    guint         max_connections)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));
  g_return_if_fail (max_connections >= 1);

  self->max_connections = max_connections;
}

/**
 * ll_http_server_set_timeouts:
 * @self: a server, not started
 * @header_ms: from a request's first byte to the end of its headers
 * @idle_ms: a kept-alive connection with no request under way
 *
 * The defaults are LL_HTTP_HEADER_TIMEOUT_MS and LL_HTTP_IDLE_TIMEOUT_MS;
 * the tests shorten them.
 */
void
ll_http_server_set_timeouts (LlHttpServer *self,
                             guint         header_ms,
                             guint         idle_ms)
{
  g_return_if_fail (LL_IS_HTTP_SERVER (self));
  g_return_if_fail (header_ms > 0 && idle_ms > 0);

  self->header_timeout_ms = header_ms;
  self->idle_timeout_ms = idle_ms;
}

/**
 * ll_http_server_start:
 * @self: a server, not started
 * @error: why it cannot listen (the port in use, above all)
 *
 * Listens on 127.0.0.1 and on ::1 (on the one address set with
 * ll_http_server_set_address(), if any), on the same port, and serves.
 * ::1 is skipped when the machine has no IPv6.
 *
 * Returns: %TRUE if it listens
 */
gboolean
ll_http_server_start (LlHttpServer  *self,
                      GError       **error)
{
  const char *addresses[2] = { "127.0.0.1", "::1" };
  guint n_addresses = 2;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), FALSE);
  g_return_val_if_fail (self->listeners->len == 0, FALSE);

  if (self->address != NULL)
    {
      addresses[0] = self->address;
      n_addresses = 1;
    }

  /* Every connection is a file descriptor, and Debian's soft limit is
   * 1024: make room for as many as the server serves, and the refused
   * ones it answers meanwhile.  Where the hard limit is lower, accepting
   * pauses when it is reached (accept_run()). */
  ll_process_raise_file_limit ((guint64) self->max_connections + 256);

  self->bound_port = 0;
  for (guint i = 0; i < n_addresses; i++)
    {
      GSocket *listener = listen_on (self, addresses[i], self->bound_port != 0 ? self->bound_port : self->port,
                                     &local_error);

      if (listener == NULL)
        {
          /* No IPv6 here: 127.0.0.1 alone will do. */
          if (i > 0 && self->address == NULL &&
              !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
            {
              g_clear_error (&local_error);
              continue;
            }
          g_ptr_array_set_size (self->listeners, 0);
          self->bound_port = 0;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_ptr_array_add (self->listeners, listener);
    }

  for (guint i = 0; i < self->listeners->len; i++)
    spawn_acceptor (self, g_ptr_array_index (self->listeners, i));

  return TRUE;
}

/**
 * ll_http_server_stop:
 * @self: a server
 *
 * Stops listening and closes every connection; each coroutine ends at
 * its next turn of the loop.  Does nothing if the server is not
 * running.
 */
void
ll_http_server_stop (LlHttpServer *self)
{
  GHashTableIter iter;
  gpointer co;

  g_return_if_fail (LL_IS_HTTP_SERVER (self));

  for (guint i = 0; i < self->acceptors->len; i++)
    {
      AcceptFrame *f = g_ptr_array_index (self->acceptors, i);

      if (f->watch != NULL)
        ll_fd_watch_close (f->watch);
    }
  g_ptr_array_set_size (self->acceptors, 0);

  for (guint i = 0; i < self->listeners->len; i++)
    g_socket_close (g_ptr_array_index (self->listeners, i), NULL);
  g_ptr_array_set_size (self->listeners, 0);
  self->bound_port = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &co, NULL))
    ll_http_connection_close (co);
}

/**
 * ll_http_server_is_running:
 * @self: a server
 *
 * Returns: whether it listens
 */
gboolean
ll_http_server_is_running (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), FALSE);

  return self->listeners->len > 0;
}

/**
 * ll_http_server_get_port:
 * @self: a server
 *
 * Returns: the port it listens on, 0 if it does not
 */
guint
ll_http_server_get_port (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return self->bound_port;
}

/**
 * ll_http_server_get_url:
 * @self: a running server
 *
 * Returns: (transfer full): its address for a browser,
 *   `http://127.0.0.1:PORT/`
 */
char *
ll_http_server_get_url (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), NULL);

  if (self->address != NULL && strchr (self->address, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u/", self->address, self->bound_port);

  return g_strdup_printf ("http://%s:%u/", self->address != NULL ? self->address : "127.0.0.1",
                          self->bound_port);
}

/**
 * ll_http_server_get_n_connections:
 * @self: a server
 *
 * Returns: connections open now, those being refused included
 */
guint
ll_http_server_get_n_connections (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return g_hash_table_size (self->connections);
}

/**
 * ll_http_server_get_n_accepted:
 * @self: a server
 *
 * Returns: connections accepted since it was made
 */
guint64
ll_http_server_get_n_accepted (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return self->n_accepted;
}

/**
 * ll_http_server_get_n_requests:
 * @self: a server
 *
 * Returns: requests answered since it was made
 */
guint64
ll_http_server_get_n_requests (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return self->n_requests;
}

/**
 * ll_http_server_get_n_refused:
 * @self: a server
 *
 * Returns: connections answered 503 because the server had as many as
 *   it serves
 */
guint64
ll_http_server_get_n_refused (LlHttpServer *self)
{
  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), 0);

  return self->n_refused;
}

static int
compare_info (gconstpointer a,
              gconstpointer b)
{
  const LlHttpConnectionInfo *x = a;
  const LlHttpConnectionInfo *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * ll_http_server_list_connections:
 * @self: a server
 *
 * Returns: (transfer full) (element-type LlHttpConnectionInfo): every
 *   open connection, in the order they were accepted
 */
GArray *
ll_http_server_list_connections (LlHttpServer *self)
{
  GArray *list;
  GHashTableIter iter;
  gpointer co;

  g_return_val_if_fail (LL_IS_HTTP_SERVER (self), NULL);

  list = g_array_sized_new (FALSE, FALSE, sizeof (LlHttpConnectionInfo),
                            g_hash_table_size (self->connections));
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &co, NULL))
    {
      LlHttpConnectionInfo info;

      ll_http_connection_get_info (co, &info);
      g_array_append_val (list, info);
    }
  g_array_sort (list, compare_info);

  return list;
}
