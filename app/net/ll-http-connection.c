/* ll-http-connection.c: one connection of the server, one coroutine
 *
 * The coroutine reads top to bottom, as the notes' aiohttp handlers do,
 * and gives its thread back to the loop wherever it would wait:
 *
 *   loop:
 *       answer every whole request in the buffer (pipelining)
 *       write the answers; if the socket is full: await writable
 *       read; if nothing has come: await readable (until a timeout)
 *
 * Reads and writes are tried first on the non-blocking socket and
 * awaited only when they would block, so a busy connection runs from
 * request to request without a trip through the loop, and a waiting one
 * costs its frame and one idle GSource (ll-fd-watch.c).  Parsing the
 * request line and headers is libsoup's soup_headers_parse_request(),
 * the parser of SoupServer itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-http"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "ll-fd-watch.h"
#include "ll-http-app.h"
#include "ll-http-server-private.h"

/* The read buffer: a whole request's headers, at most, and what came
 * after them (pipelined requests), at least as much again.  It is taken
 * when a read begins and given back when the connection waits for its
 * next request with nothing buffered: an idle kept-alive connection
 * holds no buffer, which is most of what ten thousand of them would
 * cost (measured: 18.6 KiB of RSS each with the buffer in the frame, as
 * a zeroed frame touches every page of it). */
#define IN_SIZE (2 * LL_HTTP_MAX_HEADER)

/* How long a closing connection waits for the client to close too. */
#define LINGER_TIMEOUT G_TIME_SPAN_SECOND

typedef struct
{
  LlCo                   co;
  LlHttpServer          *server;        /* owned: a connection outlives no server */
  GSocket               *socket;
  LlFdWatch             *watch;
  SoupMessageHeaders    *headers;       /* the request's, cleared for each */
  GString               *out;           /* answers not written yet */
  GString               *body;          /* scratch: the answer's body */
  gsize                  out_sent;
  gsize                  in_start;      /* where the request under way starts */
  gsize                  in_length;
  guint64                body_left;     /* bytes of a request body still to drop */
  gint64                 request_start; /* its first byte came then */
  gint64                 header_timeout;
  gint64                 idle_timeout;
  gboolean               closing;
  guint                  refuse_with;   /* a status to answer at once, or 0 */
  guint64                id;
  LlHttpConnectionState  state;
  guint64                requests;
  guint64                bytes_in;
  guint64                bytes_out;
  char                  *in;            /* IN_SIZE bytes while a request is under way, or NULL */
} Connection;

typedef enum
{
  PARSE_NEED_MORE,
  PARSE_CLOSE,
} ParseResult;

/* An answer that ends the connection: a request the server refuses. */
static ParseResult
refuse (Connection *f,
        guint       status)
{
  g_string_truncate (f->body, 0);
  g_string_append_printf (f->body, "<h1>%u %s</h1>", status, ll_http_reason (status));
  ll_http_append_response (f->out, status, f->body->str, f->body->len, FALSE, TRUE);
  f->in_start = f->in_length;

  return PARSE_CLOSE;
}

/* Whether the client asks to close after this request: HTTP/1.1 keeps
 * the connection unless it says `close`, HTTP/1.0 closes it unless it
 * says `keep-alive`. */
static gboolean
wants_close (SoupMessageHeaders *headers,
             SoupHTTPVersion     version)
{
  if (soup_message_headers_header_contains (headers, "Connection", "close"))
    return TRUE;

  return version == SOUP_HTTP_1_0 &&
         !soup_message_headers_header_contains (headers, "Connection", "keep-alive");
}

/* The length of the body, strictly: digits only, and one value.
 * libsoup reads "-4" as no body, and joins two Content-Length headers
 * into "1, 2"; a length the client
 * and the server could read differently is how one request is smuggled
 * inside another, so anything but one number is a bad request
 * (RFC 9112, 6.3). */
static gboolean
parse_content_length (SoupMessageHeaders *headers,
                      goffset            *length)
{
  const char *value = soup_message_headers_get_list (headers, "Content-Length");
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &parsed, NULL))
    return FALSE;
  *length = (goffset) parsed;

  return TRUE;
}

/* Answers every whole request in the buffer, in order. */
static ParseResult
answer_requests (Connection *f)
{
  if (f->in == NULL)
    return PARSE_NEED_MORE;   /* nothing read since the last request */

  for (;;)
    {
      const char *data = f->in + f->in_start;
      gsize length = f->in_length - f->in_start;
      g_autofree char *method = NULL;
      g_autofree char *target = NULL;
      SoupHTTPVersion version;
      gsize block = 0;
      gsize end;
      guint status;
      goffset content_length;
      gboolean close;

      /* The body of the request before, read and dropped. */
      if (f->body_left > 0)
        {
          gsize drop = (gsize) MIN ((guint64) length, f->body_left);

          f->body_left -= drop;
          f->in_start += drop;
          if (f->body_left > 0)
            return PARSE_NEED_MORE;
          continue;
        }

      if (length == 0)
        return PARSE_NEED_MORE;

      end = ll_http_find_header_end (data, length, &block);
      if (end == 0)
        return length >= LL_HTTP_MAX_HEADER ? refuse (f, 431) : PARSE_NEED_MORE;
      if (block > LL_HTTP_MAX_HEADER)
        return refuse (f, 431);

      f->state = LL_HTTP_CONNECTION_HANDLING;
      soup_message_headers_clear (f->headers);
      status = soup_headers_parse_request (data, (int) block, f->headers, &method, &target, &version);
      if (status != SOUP_STATUS_OK)
        return refuse (f, status == SOUP_STATUS_HTTP_VERSION_NOT_SUPPORTED ||
                          status == SOUP_STATUS_EXPECTATION_FAILED ? status : 400);

      if (soup_message_headers_get_one (f->headers, "Transfer-Encoding") != NULL)
        {
          /* With a length too, the two could be read differently (RFC
           * 9112, 6.1); alone, a body whose length is not known
           * beforehand, which no route of this server takes. */
          return refuse (f, soup_message_headers_get_one (f->headers, "Content-Length") != NULL ? 400 : 501);
        }
      else if (soup_message_headers_get_one (f->headers, "Content-Length") != NULL)
        {
          if (!parse_content_length (f->headers, &content_length))
            return refuse (f, 400);
          if (content_length > LL_HTTP_MAX_BODY)
            return refuse (f, 413);
        }
      else
        content_length = 0;

      close = wants_close (f->headers, version);
      g_string_truncate (f->body, 0);
      ll_http_app_route (method, target, ll_http_server_get_block_ms (f->server), &status, f->body);
      ll_http_append_response (f->out, status, f->body->str, f->body->len,
                               g_str_equal (method, "HEAD"), close);

      f->in_start += end;
      f->body_left = (guint64) content_length;
      f->requests++;
      _ll_http_server_count_request (f->server);
      f->request_start = g_get_monotonic_time ();

      if (close)
        {
          f->in_start = f->in_length;
          return PARSE_CLOSE;
        }
    }
}

static gssize
try_send (Connection  *f,
          GError     **error)
{
  gssize n = g_socket_send (f->socket, f->out->str + f->out_sent, f->out->len - f->out_sent,
                            NULL, error);

  if (n <= 0)
    return n;

  f->out_sent += (gsize) n;
  f->bytes_out += (guint64) n;
  if (f->out_sent == f->out->len)
    {
      g_string_truncate (f->out, 0);
      f->out_sent = 0;
    }

  return n;
}

static gssize
try_receive (Connection  *f,
             GError     **error)
{
  gssize n;

  if (f->in == NULL)
    f->in = g_malloc (IN_SIZE);

  /* What is left of the buffer's requests goes to its start. */
  if (f->in_start == f->in_length)
    f->in_start = f->in_length = 0;
  else if (f->in_start > 0)
    {
      memmove (f->in, f->in + f->in_start, f->in_length - f->in_start);
      f->in_length -= f->in_start;
      f->in_start = 0;
    }

  n = g_socket_receive (f->socket, f->in + f->in_length, IN_SIZE - f->in_length, NULL, error);
  if (n <= 0)
    return n;

  if (f->in_length == 0 && f->body_left == 0)
    f->request_start = g_get_monotonic_time ();
  f->in_length += (gsize) n;
  f->bytes_in += (guint64) n;

  return n;
}

static LlCoStatus
connection_run (LlCo *co)
{
  Connection *f = (Connection *) co;
  /* Scratch only: set and read between two resume points. */
  g_autoptr(GError) error = NULL;
  gboolean reading;
  gssize n;

  LL_CO_BEGIN (co);

  if (f->refuse_with != 0)
    {
      refuse (f, f->refuse_with);
      f->closing = TRUE;
    }

  for (;;)
    {
      if (answer_requests (f) == PARSE_CLOSE)
        f->closing = TRUE;

      while (f->out->len > 0)
        {
          n = try_send (f, &error);
          if (n > 0)
            continue;
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return ll_co_return (co, NULL, NULL);   /* reset, or closed: the client left */
          g_clear_error (&error);

          f->state = LL_HTTP_CONNECTION_WRITING;
          LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_OUT,
                                                   g_get_monotonic_time () + f->idle_timeout,
                                                   ll_co_async_ready, co));
          if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), NULL))
            return ll_co_return (co, NULL, NULL);
        }

      if (f->closing)
        break;

      n = try_receive (f, &error);
      if (n > 0)
        continue;
      if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;                                         /* the client closed, or reset */
      g_clear_error (&error);

      /* A request under way has until its headers' deadline; between
       * requests, the idle timeout. */
      reading = f->in_length > f->in_start || f->body_left > 0;
      f->state = reading ? LL_HTTP_CONNECTION_READING : LL_HTTP_CONNECTION_IDLE;
      if (!reading)
        {
          g_clear_pointer (&f->in, g_free);
          f->in_start = f->in_length = 0;
        }
      LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_IN,
                                               (reading ? f->request_start : g_get_monotonic_time ())
                                               + (reading ? f->header_timeout : f->idle_timeout),
                                               ll_co_async_ready, co));
      if (ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), &error))
        continue;

      /* A client too slow with its headers (slowloris) is told so, once,
       * without waiting for it to read. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) &&
          f->state == LL_HTTP_CONNECTION_READING)
        {
          refuse (f, 408);
          try_send (f, NULL);
        }
      break;
    }

  /* Closing with bytes of the client's unread would make the kernel
   * send a reset, and the client could lose the answer it has not read
   * yet: say that nothing more comes, and read until the client closes
   * too, for a second at most. */
  if (f->closing)
    {
      g_socket_shutdown (f->socket, FALSE, TRUE, NULL);
      f->request_start = g_get_monotonic_time ();
      for (;;)
        {
          if (f->in == NULL)
            f->in = g_malloc (IN_SIZE);
          n = g_socket_receive (f->socket, f->in, IN_SIZE, NULL, &error);
          if (n > 0)
            continue;
          if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          g_clear_error (&error);
          LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_IN,
                                                   f->request_start + LINGER_TIMEOUT,
                                                   ll_co_async_ready, co));
          if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), NULL))
            break;
        }
    }

  LL_CO_END (co);
}

static void
connection_cleanup (LlCo *co)
{
  Connection *f = (Connection *) co;

  g_clear_pointer (&f->watch, ll_fd_watch_free);
  g_socket_close (f->socket, NULL);
  g_clear_object (&f->socket);
  g_clear_pointer (&f->headers, soup_message_headers_unref);
  g_clear_pointer (&f->in, g_free);
  g_string_free (f->out, TRUE);
  g_string_free (f->body, TRUE);
  _ll_http_server_connection_ended (f->server, co, f->refuse_with == 0);
  g_clear_object (&f->server);
}

/**
 * ll_http_connection_new:
 * @server: the server that accepted it
 * @socket: the accepted socket
 * @id: its number
 * @refuse_with: 0 to serve it; a status (503) to answer at once, before
 *   any request, and close
 *
 * Returns: (transfer full): the connection's coroutine, to spawn on the
 *   server's scheduler
 */
LlCo *
ll_http_connection_new (LlHttpServer *server,
                        GSocket      *socket,
                        guint64       id,
                        guint         refuse_with)
{
  Connection *f = ll_co_new (Connection, connection_run, connection_cleanup);
  LlScheduler *scheduler = ll_http_server_get_scheduler (server);

  f->server = g_object_ref (server);
  f->socket = g_object_ref (socket);
  f->id = id;
  f->refuse_with = refuse_with;
  f->state = LL_HTTP_CONNECTION_IDLE;
  f->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  f->out = g_string_sized_new (512);
  f->body = g_string_sized_new (128);
  _ll_http_server_get_limits (server, &f->header_timeout, &f->idle_timeout);

  g_socket_set_blocking (socket, FALSE);
  f->watch = ll_fd_watch_new (g_socket_get_fd (socket), ll_scheduler_get_context (scheduler));
  ll_co_set_name (&f->co, "connection");

  return &f->co;
}

/**
 * ll_http_connection_close:
 * @co: a connection's coroutine
 *
 * Makes it end at its next wait, or at once if it waits.
 */
void
ll_http_connection_close (LlCo *co)
{
  Connection *f = (Connection *) co;

  if (f->watch != NULL)
    ll_fd_watch_close (f->watch);
}

/**
 * ll_http_connection_get_info:
 * @co: a connection's coroutine
 * @info: (out caller-allocates): what it is doing
 */
void
ll_http_connection_get_info (LlCo                 *co,
                             LlHttpConnectionInfo *info)
{
  Connection *f = (Connection *) co;

  info->id = f->id;
  info->state = f->state;
  info->requests = f->requests;
  info->bytes_in = f->bytes_in;
  info->bytes_out = f->bytes_out;
}
