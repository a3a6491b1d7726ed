/* ll-slow-server.c: a slow HTTP/1.0 server on 127.0.0.1, for the Fetch workload
 *
 * One thread, one GMainContext, one LlScheduler: an accept coroutine
 * spawns a coroutine per connection, which reads the request, sleeps
 * without blocking (LL_CO_SLEEP), writes the answer and closes.  A
 * thousand connections waiting out their delay are a thousand sleeping
 * frames on one timer wheel, not a thousand threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-slow-server"

#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "ll-co.h"
#include "ll-scheduler.h"
#include "ll-slow-server.h"

#define REQUEST_MAX 8192   /* bytes of request line and headers */

struct _LlSlowServer
{
  GObject          parent_instance;

  /* settings, owner thread */
  guint            port;           /* asked for; 0 = a free one */

  /* owned references; handed to the server thread while it runs */
  GSocketListener *listener;
  GMainContext    *context;
  GThread         *thread;
  guint            bound_port;

  /* shared with the server thread */
  _Atomic gint64   delay;
  _Atomic int      fault;
  _Atomic gboolean quitting;
  _Atomic guint    n_connections;
  _Atomic guint    max_connections;
  _Atomic guint64  n_accepted;
  _Atomic guint64  n_answered;
  _Atomic guint    next_number;
};

G_DEFINE_FINAL_TYPE (LlSlowServer, ll_slow_server, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LlSlowServerFault, ll_slow_server_fault,
  G_DEFINE_ENUM_VALUE (LL_SLOW_SERVER_FAULT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LL_SLOW_SERVER_FAULT_RESET, "reset"),
  G_DEFINE_ENUM_VALUE (LL_SLOW_SERVER_FAULT_CLOSE, "close"))

enum {
  PROP_0,
  PROP_PORT,
  PROP_DELAY,
  PROP_FAULT,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One connection */

typedef struct
{
  LlCo               co;
  LlSlowServer      *server;        /* borrowed: outlives the thread */
  GSocketConnection *connection;
  GInputStream      *in;            /* borrowed from the connection */
  GOutputStream     *out;
  char              *response;
  guint              delay_ms;
  gsize              length;
  gsize              written;
  char               request[REQUEST_MAX + 1];
} ServeFrame;

static void
serve_cleanup (LlCo *co)
{
  ServeFrame *f = (ServeFrame *) co;

  /* Closing a socket never blocks (no SO_LINGER unless reset). */
  if (f->connection != NULL && !g_io_stream_is_closed (G_IO_STREAM (f->connection)))
    g_io_stream_close (G_IO_STREAM (f->connection), NULL, NULL);
  g_clear_object (&f->connection);
  g_clear_pointer (&f->response, g_free);
  atomic_fetch_sub (&f->server->n_connections, 1);
}

/* Closes with SO_LINGER {on, 0}: the kernel sends RST, not FIN. */
static void
reset_connection (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  struct linger linger = { 1, 0 };

  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger) != 0)
    g_debug ("SO_LINGER: %s", g_strerror (errno));
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static char *
make_response (guint       status,
               const char *reason,
               const char *body)
{
  return g_strdup_printf ("HTTP/1.0 %u %s\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n"
                          "Server: looplab-slow-server\r\n"
                          "\r\n"
                          "%s",
                          status, reason, strlen (body), body);
}

/* Parses the request line: "GET /path?delay_ms=N HTTP/1.x".  Returns
 * the response to send after *delay_ms. */
static char *
answer_request (LlSlowServer *server,
                const char   *request,
                guint        *delay_ms)
{
  g_autofree char *line = NULL;
  g_autofree char *body = NULL;
  const char *end = strstr (request, "\r\n");
  const char *delay;
  guint number;

  line = g_strndup (request, end != NULL ? (gsize) (end - request) : strlen (request));
  *delay_ms = 0;

  if (!g_str_has_prefix (line, "GET /") || strstr (line, " HTTP/1.") == NULL)
    return make_response (400, "Bad Request",
                          "Loop Lab's slow server answers GET /anything HTTP/1.0 only.\n");

  *delay_ms = (guint) (atomic_load (&server->delay) / G_TIME_SPAN_MILLISECOND);
  delay = strstr (line, "delay_ms=");
  if (delay != NULL)
    {
      guint64 value = g_ascii_strtoull (delay + strlen ("delay_ms="), NULL, 10);

      *delay_ms = (guint) MIN (value, (guint64) (LL_SLOW_SERVER_MAX_DELAY / G_TIME_SPAN_MILLISECOND));
    }

  number = atomic_fetch_add (&server->next_number, 1) + 1;
  body = g_strdup_printf ("Request %u, answered after %u ms by Loop Lab's slow server.\n",
                          number, *delay_ms);

  return make_response (200, "OK", body);
}

static LlCoStatus
serve_run (LlCo *co)
{
  ServeFrame *f = (ServeFrame *) co;
  /* Scratch only: each is set and read between two resume points.  The
   * rest lives in the frame, because a C local does not survive one. */
  GError *error = NULL;
  gssize n;

  LL_CO_BEGIN (co);

  f->in = g_io_stream_get_input_stream (G_IO_STREAM (f->connection));
  f->out = g_io_stream_get_output_stream (G_IO_STREAM (f->connection));

  /* The faults a client must survive.  (An if, not a switch: the
   * body is already one switch, LL_CO_BEGIN's.) */
  if (atomic_load (&f->server->fault) == LL_SLOW_SERVER_FAULT_RESET)
    {
      reset_connection (f->connection);
      return ll_co_return (co, NULL, NULL);
    }
  /* Read up to the blank line that ends the headers. */
  while (strstr (f->request, "\r\n\r\n") == NULL && strstr (f->request, "\n\n") == NULL)
    {
      if (f->length == REQUEST_MAX)
        break;

      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         f->in, f->request + f->length, REQUEST_MAX - f->length,
                         G_PRIORITY_DEFAULT);
      n = g_input_stream_read_finish (f->in, LL_CO_RESULT (co), &error);
      if (n <= 0)
        {
          /* The client went away (or reset) before it finished asking. */
          g_debug ("Connection dropped before a full request: %s",
                   error != NULL ? error->message : "end of stream");
          g_clear_error (&error);
          return ll_co_return (co, NULL, NULL);
        }
      f->length += (gsize) n;
      f->request[f->length] = '\0';
    }

  /* Closing only once the request is read: closing a socket with unread
   * data makes the kernel send a reset, not an orderly end of stream. */
  if (atomic_load (&f->server->fault) == LL_SLOW_SERVER_FAULT_CLOSE)
    {
      g_io_stream_close (G_IO_STREAM (f->connection), NULL, NULL);
      return ll_co_return (co, NULL, NULL);
    }

  if (f->length == REQUEST_MAX)
    {
      f->response = make_response (431, "Request Header Fields Too Large",
                                   "The request is too long for Loop Lab's slow server.\n");
      f->delay_ms = 0;
    }
  else
    {
      f->response = answer_request (f->server, f->request, &f->delay_ms);
    }

  /* The slow part, and it blocks nothing: the other connections are
   * served while this one sleeps. */
  LL_CO_SLEEP (co, f->delay_ms);

  LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async,
                     f->out, f->response, strlen (f->response), G_PRIORITY_DEFAULT);
  if (!g_output_stream_write_all_finish (f->out, LL_CO_RESULT (co), &f->written, &error))
    {
      g_debug ("Could not answer: %s", error->message);
      g_clear_error (&error);
      return ll_co_return (co, NULL, NULL);
    }
  atomic_fetch_add (&f->server->n_answered, 1);

  LL_CO_AWAIT_ASYNC (co, g_io_stream_close_async,
                     G_IO_STREAM (f->connection), G_PRIORITY_DEFAULT);
  g_io_stream_close_finish (G_IO_STREAM (f->connection), LL_CO_RESULT (co), NULL);

  LL_CO_END (co);
}

/* The acceptor */

typedef struct
{
  LlCo          co;
  LlSlowServer *server;
  LlScheduler  *scheduler;   /* borrowed: the thread's */
} AcceptFrame;

static void
note_connection (LlSlowServer *self)
{
  guint now = atomic_fetch_add (&self->n_connections, 1) + 1;
  guint max = atomic_load (&self->max_connections);

  /* Only this thread raises it: a plain compare is enough. */
  if (now > max)
    atomic_store (&self->max_connections, now);
  atomic_fetch_add (&self->n_accepted, 1);
}

static LlCoStatus
accept_run (LlCo *co)
{
  AcceptFrame *f = (AcceptFrame *) co;
  GSocketConnection *connection;
  GError *error = NULL;
  ServeFrame *serve;

  LL_CO_BEGIN (co);

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_socket_listener_accept_async, f->server->listener);
      connection = g_socket_listener_accept_finish (f->server->listener, LL_CO_RESULT (co),
                                                    NULL, &error);
      if (connection == NULL)
        {
          /* Out of file descriptors, most likely: wait a little rather
           * than spin, and keep serving the connections we have. */
          g_debug ("accept: %s", error->message);
          g_clear_error (&error);
          LL_CO_SLEEP (co, 10);
          continue;
        }

      note_connection (f->server);

      serve = ll_co_new (ServeFrame, serve_run, serve_cleanup);
      serve->server = f->server;
      serve->connection = connection;
      ll_scheduler_spawn (f->scheduler, &serve->co);
      ll_co_unref (&serve->co);
    }

  LL_CO_END (co);
}

static gpointer
server_thread (gpointer data)
{
  LlSlowServer *self = data;
  LlScheduler *scheduler;
  AcceptFrame *acceptor;
  gboolean cancelled = FALSE;

  g_main_context_push_thread_default (self->context);

  scheduler = ll_scheduler_new (self->context, LL_CLOCK_MONOTONIC);
  acceptor = ll_co_new (AcceptFrame, accept_run, NULL);
  acceptor->server = self;
  acceptor->scheduler = scheduler;
  ll_scheduler_spawn (scheduler, &acceptor->co);
  ll_co_unref (&acceptor->co);

  /* Serve until told to stop, then cancel every coroutine and let each
   * finish (the ones awaiting GIO finish when GIO calls back), which
   * closes every connection. */
  for (;;)
    {
      if (!cancelled && atomic_load (&self->quitting))
        {
          ll_scheduler_cancel_all (scheduler);
          cancelled = TRUE;
        }
      if (cancelled && ll_scheduler_get_n_tasks (scheduler) == 0)
        break;

      g_main_context_iteration (self->context, TRUE);
    }

  g_socket_listener_close (self->listener);
  g_object_unref (scheduler);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* GObject */

static void
ll_slow_server_dispose (GObject *object)
{
  LlSlowServer *self = LL_SLOW_SERVER (object);

  ll_slow_server_stop (self);

  G_OBJECT_CLASS (ll_slow_server_parent_class)->dispose (object);
}

static void
ll_slow_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LlSlowServer *self = LL_SLOW_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, ll_slow_server_get_port (self));
      break;

    case PROP_DELAY:
      g_value_set_int64 (value, ll_slow_server_get_delay (self));
      break;

    case PROP_FAULT:
      g_value_set_enum (value, ll_slow_server_get_fault (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, ll_slow_server_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_slow_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LlSlowServer *self = LL_SLOW_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      ll_slow_server_set_port (self, g_value_get_uint (value));
      break;

    case PROP_DELAY:
      ll_slow_server_set_delay (self, g_value_get_int64 (value));
      break;

    case PROP_FAULT:
      ll_slow_server_set_fault (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_slow_server_class_init (LlSlowServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_slow_server_dispose;
  object_class->get_property = ll_slow_server_get_property;
  object_class->set_property = ll_slow_server_set_property;

  /**
   * LlSlowServer:port:
   *
   * Before ll_slow_server_start(): the port to listen on, 0 for a free
   * one.  While running: the port it listens on.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlSlowServer:delay:
   *
   * How long the server waits before answering a request that does not
   * ask for its own delay, in µs.  May change while it runs.
   */
  properties[PROP_DELAY] =
    g_param_spec_int64 ("delay", NULL, NULL,
                        0, LL_SLOW_SERVER_MAX_DELAY, LL_SLOW_SERVER_DEFAULT_DELAY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlSlowServer:fault:
   *
   * A fault to play on every new connection.  May change while it runs.
   */
  properties[PROP_FAULT] =
    g_param_spec_enum ("fault", NULL, NULL,
                       LL_TYPE_SLOW_SERVER_FAULT, LL_SLOW_SERVER_FAULT_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlSlowServer:running:
   *
   * Whether the server thread is serving.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_slow_server_init (LlSlowServer *self)
{
  atomic_store (&self->delay, LL_SLOW_SERVER_DEFAULT_DELAY);
}

/**
 * ll_slow_server_new:
 *
 * Creates a stopped server: 127.0.0.1, a free port, a delay of 1 s.
 *
 * Returns: (transfer full): a new #LlSlowServer
 */
LlSlowServer *
ll_slow_server_new (void)
{
  return g_object_new (LL_TYPE_SLOW_SERVER, NULL);
}

/**
 * ll_slow_server_start:
 * @self: a stopped #LlSlowServer
 * @error: return location for a #GError
 *
 * Listens on 127.0.0.1 (never another address) at #LlSlowServer:port,
 * with a backlog of %LL_SLOW_SERVER_BACKLOG, and starts the server
 * thread.  The socket is bound before this returns: a client may
 * connect at once.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_ADDRESS_IN_USE
 *   (naming the port) if another socket has the port, or another
 *   %G_IO_ERROR
 */
gboolean
ll_slow_server_start (LlSlowServer  *self,
                      GError       **error)
{
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) self->port);

  listener = g_socket_listener_new ();
  g_socket_listener_set_backlog (listener, LL_SLOW_SERVER_BACKLOG);
  if (!g_socket_listener_add_address (listener, address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _("Port %u on 127.0.0.1 is already in use; choose another port, or 0 for a free one"),
                     self->port);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Cannot listen on 127.0.0.1, port %u: %s"),
                     self->port, local_error->message);
      return FALSE;
    }

  self->listener = g_steal_pointer (&listener);
  self->bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->context = g_main_context_new ();
  atomic_store (&self->quitting, FALSE);
  atomic_store (&self->n_connections, 0);
  atomic_store (&self->max_connections, 0);
  atomic_store (&self->next_number, 0);
  self->thread = g_thread_new ("ll-slow-server", server_thread, self);

  g_debug ("Serving on 127.0.0.1:%u", self->bound_port);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/**
 * ll_slow_server_stop:
 * @self: a #LlSlowServer
 *
 * Cancels every connection's coroutine (each closes its connection),
 * stops listening and joins the server thread.  Returns once the port
 * is free again.  Stopping a stopped server does nothing.
 */
void
ll_slow_server_stop (LlSlowServer *self)
{
  g_return_if_fail (LL_IS_SLOW_SERVER (self));

  if (self->thread == NULL)
    return;

  atomic_store (&self->quitting, TRUE);
  g_main_context_wakeup (self->context);
  g_clear_pointer (&self->thread, g_thread_join);

  g_clear_object (&self->listener);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->bound_port = 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

gboolean
ll_slow_server_get_running (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), FALSE);

  return self->thread != NULL;
}

/**
 * ll_slow_server_get_port:
 * @self: a #LlSlowServer
 *
 * Returns: the port it listens on while running, else the port it will
 *   ask for (0: a free one)
 */
guint
ll_slow_server_get_port (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return self->thread != NULL ? self->bound_port : self->port;
}

/**
 * ll_slow_server_set_port:
 * @self: a stopped #LlSlowServer
 * @port: the port to listen on, 0 for a free one
 */
void
ll_slow_server_set_port (LlSlowServer *self,
                         guint         port)
{
  g_return_if_fail (LL_IS_SLOW_SERVER (self));
  g_return_if_fail (port <= G_MAXUINT16);
  g_return_if_fail (self->thread == NULL);

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

gint64
ll_slow_server_get_delay (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return atomic_load (&self->delay);
}

/**
 * ll_slow_server_set_delay:
 * @self: a #LlSlowServer
 * @delay: µs before each answer, 0 to %LL_SLOW_SERVER_MAX_DELAY
 *
 * Takes effect for the requests that arrive afterwards, even while the
 * server runs.
 */
void
ll_slow_server_set_delay (LlSlowServer *self,
                          gint64        delay)
{
  g_return_if_fail (LL_IS_SLOW_SERVER (self));
  g_return_if_fail (delay >= 0 && delay <= LL_SLOW_SERVER_MAX_DELAY);

  if (atomic_exchange (&self->delay, delay) == delay)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

LlSlowServerFault
ll_slow_server_get_fault (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), LL_SLOW_SERVER_FAULT_NONE);

  return (LlSlowServerFault) atomic_load (&self->fault);
}

/**
 * ll_slow_server_set_fault:
 * @self: a #LlSlowServer
 * @fault: what to do to each new connection
 *
 * Takes effect for the connections accepted afterwards.
 */
void
ll_slow_server_set_fault (LlSlowServer      *self,
                          LlSlowServerFault  fault)
{
  g_return_if_fail (LL_IS_SLOW_SERVER (self));

  if (atomic_exchange (&self->fault, (int) fault) == (int) fault)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAULT]);
}

/**
 * ll_slow_server_get_n_connections:
 * @self: a #LlSlowServer
 *
 * Returns: how many connections are open right now (read from any
 *   thread, no notification)
 */
guint
ll_slow_server_get_n_connections (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return atomic_load (&self->n_connections);
}

/**
 * ll_slow_server_get_max_connections:
 * @self: a #LlSlowServer
 *
 * Returns: the most connections open at once since the last start
 */
guint
ll_slow_server_get_max_connections (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return atomic_load (&self->max_connections);
}

/**
 * ll_slow_server_get_n_accepted:
 * @self: a #LlSlowServer
 *
 * Returns: how many connections it accepted in all
 */
guint64
ll_slow_server_get_n_accepted (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return atomic_load (&self->n_accepted);
}

/**
 * ll_slow_server_get_n_answered:
 * @self: a #LlSlowServer
 *
 * Returns: how many answers it wrote in full
 */
guint64
ll_slow_server_get_n_answered (LlSlowServer *self)
{
  g_return_val_if_fail (LL_IS_SLOW_SERVER (self), 0);

  return atomic_load (&self->n_answered);
}
