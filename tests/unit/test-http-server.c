/* test-http-server.c: the single-threaded server, over loopback
 *
 * The server runs on a thread of its own (ll-http-server-thread.c, as
 * in the window); the clients are plain blocking sockets on this one,
 * so that a test can send exactly the bytes it means: a request one
 * byte at a time, a hundred in one write, half a request and nothing
 * more.  No assertion is on a speed: the timeouts are shortened, and a
 * bound on a time is a fraction of the timeout it is measured against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <libsoup/soup.h>

#include "ll-http-app.h"
#include "ll-http-server-thread.h"

/* The server */

typedef struct
{
  guint header_ms;
  guint idle_ms;
  guint max_connections;
  guint block_ms;
  guint port;
} Settings;

static void
apply_settings (LlHttpServer *server,
                gpointer      user_data)
{
  Settings *settings = user_data;

  ll_http_server_set_port (server, settings->port);
  ll_http_server_set_timeouts (server,
                               settings->header_ms ? settings->header_ms : LL_HTTP_HEADER_TIMEOUT_MS,
                               settings->idle_ms ? settings->idle_ms : LL_HTTP_IDLE_TIMEOUT_MS);
  if (settings->max_connections > 0)
    ll_http_server_set_max_connections (server, settings->max_connections);
  ll_http_server_set_block_ms (server, settings->block_ms);
}

static LlHttpServerThread *
start_server (Settings *settings)
{
  Settings defaults = { 0 };
  g_autoptr(GError) error = NULL;
  LlHttpServerThread *thread;

  thread = ll_http_server_thread_start (apply_settings, settings ? settings : &defaults, &error);
  g_assert_no_error (error);
  g_assert_nonnull (thread);
  g_assert_cmpuint (ll_http_server_thread_get_port (thread), >, 0);

  return thread;
}

typedef struct
{
  guint   n_connections;
  guint64 n_accepted;
  guint64 n_requests;
  guint64 n_refused;
} Counts;

static void
read_counts (LlHttpServer *server,
             gpointer      user_data)
{
  Counts *counts = user_data;

  counts->n_connections = ll_http_server_get_n_connections (server);
  counts->n_accepted = ll_http_server_get_n_accepted (server);
  counts->n_requests = ll_http_server_get_n_requests (server);
  counts->n_refused = ll_http_server_get_n_refused (server);
}

static Counts
get_counts (LlHttpServerThread *thread)
{
  Counts counts = { 0 };

  ll_http_server_thread_call (thread, read_counts, &counts);

  return counts;
}

/* Waits (up to 10 s) until the server has at most, or at least, this
 * many connections open. */
static void
wait_for_connections (LlHttpServerThread *thread,
                      gboolean            at_least,
                      guint               n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  for (;;)
    {
      Counts counts = get_counts (thread);

      if (at_least ? counts.n_connections >= n : counts.n_connections <= n)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("the server has %u connections, waited for %s %u",
                 counts.n_connections, at_least ? "at least" : "at most", n);
      g_usleep (5000);
    }
}

/* A client: a blocking socket, and what it has read and not yet taken */

typedef struct
{
  GSocket *socket;
  GString *in;
  gboolean eof;
} Client;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  gsize               body_length;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static Client *
client_new (guint port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GError) error = NULL;
  Client *client = g_new0 (Client, 1);

  client->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (client->socket, 10);
  g_socket_set_option (client->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_connect (client->socket, address, NULL, &error);
  g_assert_no_error (error);
  client->in = g_string_new (NULL);

  return client;
}

static void
client_free (Client *client)
{
  g_socket_close (client->socket, NULL);
  g_object_unref (client->socket);
  g_string_free (client->in, TRUE);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_send (Client     *client,
             const char *data)
{
  g_autoptr(GError) error = NULL;
  gsize length = strlen (data);
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (client->socket, data + sent, length - sent, NULL, &error);

      g_assert_no_error (error);
      sent += (gsize) n;
    }
}

/* Reads more; FALSE at the end of the stream (or a reset). */
static gboolean
client_read_more (Client *client)
{
  char buffer[16384];
  g_autoptr(GError) error = NULL;
  gssize n;

  if (client->eof)
    return FALSE;

  n = g_socket_receive (client->socket, buffer, sizeof buffer, NULL, &error);
  if (n <= 0)
    {
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      client->eof = TRUE;
      return FALSE;
    }
  g_string_append_len (client->in, buffer, n);

  return TRUE;
}

/* Reads one response; FALSE if the stream ended first.  @head: the
 * request was a HEAD, so no body follows the headers. */
static gboolean
client_read_response (Client   *client,
                      gboolean  head,
                      Response *response)
{
  const char *end;
  gsize header_length, body_length;
  SoupHTTPVersion version;
  g_autofree char *reason = NULL;

  while ((end = strstr (client->in->str, "\r\n\r\n")) == NULL)
    if (!client_read_more (client))
      return FALSE;

  header_length = (gsize) (end - client->in->str) + 4;
  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (soup_headers_parse_response (client->in->str, (int) header_length, response->headers,
                                              &version, &response->status, &reason));
  g_assert_cmpint (version, ==, SOUP_HTTP_1_1);
  g_assert_cmpint (soup_message_headers_get_encoding (response->headers), ==, SOUP_ENCODING_CONTENT_LENGTH);
  body_length = head ? 0 : (gsize) soup_message_headers_get_content_length (response->headers);

  while (client->in->len < header_length + body_length)
    if (!client_read_more (client))
      return FALSE;

  response->body = g_strndup (client->in->str + header_length, body_length);
  response->body_length = body_length;
  g_string_erase (client->in, 0, (gssize) (header_length + body_length));

  return TRUE;
}

static void
client_expect (Client     *client,
               gboolean    head,
               guint       status,
               const char *body)
{
  g_auto(Response) response = { 0 };

  g_assert_true (client_read_response (client, head, &response));
  g_assert_cmpuint (response.status, ==, status);
  if (body != NULL)
    g_assert_cmpstr (response.body, ==, body);
}

/* Whether the server closes: reads until the end, which must come. */
static void
client_expect_close (Client *client)
{
  while (client_read_more (client))
    ;
  g_assert_true (client->eof);
}

static char *
get (const char *target)
{
  return g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target);
}

/* Routes and statuses */

static void
test_routes (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  g_autoptr(Client) client = client_new (ll_http_server_thread_get_port (thread));
  g_autofree char *index = get ("/");
  g_autofree char *hello = get ("/hello/world");
  g_autofree char *script = get ("/hello/%3Cscript%3E");
  g_autofree char *other = get ("/nothing/here");
  g_autofree char *unicode = get ("/hello/%E4%B8%96%E7%95%8C");

  /* Every answer on one kept-alive connection. */
  client_send (client, index);
  {
    g_auto(Response) response = { 0 };
    const char *date;
    GDateTime *parsed;

    g_assert_true (client_read_response (client, FALSE, &response));
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_cmpstr (response.body, ==, "<h1>Index</h1>");
    g_assert_cmpstr (soup_message_headers_get_one (response.headers, "Content-Type"), ==,
                     "text/html; charset=utf-8");
    g_assert_cmpint (soup_message_headers_get_content_length (response.headers), ==, 14);
    date = soup_message_headers_get_one (response.headers, "Date");
    g_assert_nonnull (date);
    parsed = soup_date_time_new_from_http_string (date);
    g_assert_nonnull (parsed);
    g_date_time_unref (parsed);
  }

  client_send (client, hello);
  client_expect (client, FALSE, 200, "<h1>hello, world!</h1>");
  client_send (client, script);
  client_expect (client, FALSE, 200, "<h1>hello, &lt;script&gt;!</h1>");
  client_send (client, unicode);
  client_expect (client, FALSE, 200, "<h1>hello, 世界!</h1>");

  client_send (client, "HEAD /hello/world HTTP/1.1\r\nHost: x\r\n\r\n");
  {
    g_auto(Response) response = { 0 };

    g_assert_true (client_read_response (client, TRUE, &response));
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_cmpint (soup_message_headers_get_content_length (response.headers), ==,
                     strlen ("<h1>hello, world!</h1>"));
    g_assert_cmpuint (response.body_length, ==, 0);
  }
  client_send (client, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  client_expect (client, TRUE, 200, "");

  client_send (client, other);
  client_expect (client, FALSE, 404, NULL);
  client_send (client, "GET /hello/ HTTP/1.1\r\nHost: x\r\n\r\n");
  client_expect (client, FALSE, 404, NULL);

  client_send (client, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  {
    g_auto(Response) response = { 0 };

    g_assert_true (client_read_response (client, FALSE, &response));
    g_assert_cmpuint (response.status, ==, 405);
    g_assert_nonnull (soup_message_headers_get_one (response.headers, "Allow"));
    g_assert_nonnull (strstr (soup_message_headers_get_one (response.headers, "Allow"), "GET"));
  }

  /* A body on a GET is read and dropped: the next request is whole. */
  client_send (client, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  client_expect (client, FALSE, 200, "<h1>Index</h1>");
  client_send (client, hello);
  client_expect (client, FALSE, 200, "<h1>hello, world!</h1>");

  /* An invalid name: percent-decoding that is not UTF-8. */
  client_send (client, "GET /hello/%FF HTTP/1.1\r\nHost: x\r\n\r\n");
  client_expect (client, FALSE, 400, NULL);

  g_assert_cmpuint (get_counts (thread).n_requests, >=, 12);
}

/* HTTP/1.0 closes unless asked to keep the connection; `Connection:
 * close` closes after the answer. */
static void
test_keep_alive_rules (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  guint port = ll_http_server_thread_get_port (thread);

  {
    g_autoptr(Client) client = client_new (port);

    client_send (client, "GET / HTTP/1.0\r\n\r\n");
    client_expect (client, FALSE, 200, "<h1>Index</h1>");
    client_expect_close (client);
  }
  {
    g_autoptr(Client) client = client_new (port);

    client_send (client, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    client_expect (client, FALSE, 200, NULL);
    client_send (client, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    {
      g_auto(Response) response = { 0 };

      g_assert_true (client_read_response (client, FALSE, &response));
      g_assert_true (soup_message_headers_header_contains (response.headers, "Connection", "close"));
    }
    client_expect_close (client);
  }
}

static void
expect_refusal (guint       port,
                const char *request,
                guint       status)
{
  g_autoptr(Client) client = client_new (port);
  g_auto(Response) response = { 0 };

  client_send (client, request);
  g_assert_true (client_read_response (client, FALSE, &response));
  g_assert_cmpuint (response.status, ==, status);
  g_assert_true (soup_message_headers_header_contains (response.headers, "Connection", "close"));
  client_expect_close (client);
}

static void
test_refusals (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(GString) big = g_string_new ("GET / HTTP/1.1\r\nHost: x\r\n");
  g_autofree char *too_long = NULL;

  /* Malformed: 400 and closed. */
  expect_refusal (port, "GARBAGE\r\n\r\n", 400);
  expect_refusal (port, "GET /\r\n\r\n", 400);
  /* A length that two readers could read differently: the way one
   * request is smuggled in another. */
  expect_refusal (port, "GET / HTTP/1.1\r\nContent-Length: -4\r\n\r\n", 400);
  expect_refusal (port, "GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400);
  expect_refusal (port, "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400);
  expect_refusal (port, "GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400);

  /* Request line and headers over 8 KiB: 431, whether the blank line
   * came or not. */
  while (big->len <= LL_HTTP_MAX_HEADER)
    g_string_append (big, "X-Filler: 0123456789012345678901234567890123456789\r\n");
  g_string_append (big, "\r\n");
  expect_refusal (port, big->str, 431);
  g_string_truncate (big, big->len - 2);
  expect_refusal (port, big->str, 431);
  too_long = g_strdup_printf ("GET /hello/%0*d HTTP/1.1\r\n\r\n", LL_HTTP_MAX_HEADER, 0);
  expect_refusal (port, too_long, 431);

  /* A body beyond 1 MiB: 413, without waiting for it. */
  expect_refusal (port, "GET / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413);

  /* Another version of HTTP: 505. */
  expect_refusal (port, "GET / HTTP/2.0\r\n\r\n", 505);

  /* A body of unknown length: 501. */
  expect_refusal (port, "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501);

  /* The server goes on serving. */
  {
    g_autoptr(Client) client = client_new (port);
    g_autofree char *hello = get ("/hello/after");

    client_send (client, hello);
    client_expect (client, FALSE, 200, "<h1>hello, after!</h1>");
  }
}

/* A request split one byte per write. */
static void
test_one_byte_writes (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  g_autoptr(Client) client = client_new (ll_http_server_thread_get_port (thread));
  g_autofree char *request = get ("/hello/bytes");

  for (const char *p = request; *p != '\0'; p++)
    {
      char byte[2] = { *p, '\0' };

      client_send (client, byte);
      g_usleep (500);
    }
  client_expect (client, FALSE, 200, "<h1>hello, bytes!</h1>");
}

/* 100 requests in one write, answered in order. */
static void
test_pipelined (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  g_autoptr(Client) client = client_new (ll_http_server_thread_get_port (thread));
  g_autoptr(GString) requests = g_string_new (NULL);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (requests, "%s /hello/%u HTTP/1.1\r\nHost: x\r\n\r\n",
                            i % 10 == 9 ? "HEAD" : "GET", i);
  client_send (client, requests->str);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *body = g_strdup_printf ("<h1>hello, %u!</h1>", i);

      client_expect (client, i % 10 == 9, 200, i % 10 == 9 ? "" : body);
    }
  g_assert_cmpuint (get_counts (thread).n_requests, ==, 100);
}

/* A client that resets its connection while answers are being written
 * to it: the server drops that connection and serves the next. */
static void
test_reset_mid_response (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(GString) requests = g_string_new (NULL);

  /* Far more answers than the socket buffers hold, never read. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (requests, "GET /hello/%0500u HTTP/1.1\r\nHost: x\r\n\r\n", i);

  for (guint round = 0; round < 5; round++)
    {
      Client *client = client_new (port);
      struct linger linger = { 1, 0 };

      for (guint i = 0; i < 20; i++)
        client_send (client, requests->str);
      wait_for_connections (thread, TRUE, 1);
      /* SO_LINGER with a zero timeout: close() sends a reset. */
      g_assert_cmpint (setsockopt (g_socket_get_fd (client->socket), SOL_SOCKET, SO_LINGER,
                                   &linger, sizeof linger), ==, 0);
      client_free (client);
    }

  wait_for_connections (thread, FALSE, 0);
  {
    g_autoptr(Client) client = client_new (port);
    g_autofree char *hello = get ("/hello/again");

    client_send (client, hello);
    client_expect (client, FALSE, 200, "<h1>hello, again!</h1>");
  }
}

/* Slowloris: 200 clients send half a request and nothing more.  A
 * normal client is answered while they are still open; when the header
 * timeout comes, each is told 408 and closed. */
static void
test_slowloris (void)
{
  Settings settings = { .header_ms = 1500 };
  g_autoptr(LlHttpServerThread) thread = start_server (&settings);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(GPtrArray) slow = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autofree char *hello = get ("/hello/quick");
  gint64 sent, answered, started;

  started = g_get_monotonic_time ();
  for (guint i = 0; i < 200; i++)
    {
      Client *client = client_new (port);

      client_send (client, "GET /hello/slow HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      g_ptr_array_add (slow, client);
    }
  wait_for_connections (thread, TRUE, 200);

  {
    g_autoptr(Client) client = client_new (port);

    sent = g_get_monotonic_time ();
    client_send (client, hello);
    client_expect (client, FALSE, 200, "<h1>hello, quick!</h1>");
    answered = g_get_monotonic_time ();
  }
  /* Answered before any slow client could have been timed out: the
   * quick client did not wait for them. */
  g_assert_cmpint (answered - started, <, 1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (get_counts (thread).n_connections, >=, 200);
  g_test_message ("answered in %.1f ms beside 200 slow clients", (answered - sent) / 1000.0);

  for (guint i = 0; i < slow->len; i++)
    {
      Client *client = g_ptr_array_index (slow, i);

      client_expect (client, FALSE, 408, NULL);
      client_expect_close (client);
    }
  wait_for_connections (thread, FALSE, 0);
}

/* The idle keep-alive timeout closes a connection between requests. */
static void
test_idle_timeout (void)
{
  Settings settings = { .idle_ms = 300 };
  g_autoptr(LlHttpServerThread) thread = start_server (&settings);
  g_autoptr(Client) client = client_new (ll_http_server_thread_get_port (thread));
  g_autofree char *index = get ("/");
  gint64 answered;

  client_send (client, index);
  client_expect (client, FALSE, 200, NULL);
  answered = g_get_monotonic_time ();
  client_expect_close (client);
  g_assert_cmpint (g_get_monotonic_time () - answered, >=, 250 * G_TIME_SPAN_MILLISECOND);
}

/* Beyond the connection limit: 503 and closed; those served go on. */
static void
test_connection_limit (void)
{
  Settings settings = { .max_connections = 5 };
  g_autoptr(LlHttpServerThread) thread = start_server (&settings);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autofree char *index = get ("/");

  for (guint i = 0; i < 5; i++)
    {
      Client *client = client_new (port);

      client_send (client, index);
      client_expect (client, FALSE, 200, NULL);
      g_ptr_array_add (held, client);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Client) extra = client_new (port);

      client_expect (extra, FALSE, 503, NULL);
      client_expect_close (extra);
    }
  g_assert_cmpuint (get_counts (thread).n_refused, ==, 3);

  for (guint i = 0; i < held->len; i++)
    {
      client_send (g_ptr_array_index (held, i), index);
      client_expect (g_ptr_array_index (held, i), FALSE, 200, NULL);
    }

  /* One leaves: a new one is served. */
  g_ptr_array_remove_index (held, 0);
  wait_for_connections (thread, FALSE, 4);
  {
    g_autoptr(Client) client = client_new (port);

    client_send (client, index);
    client_expect (client, FALSE, 200, NULL);
  }
}

static guint
count_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* 5 000 connections opened and closed, some after a request, some
 * before, some mid-request: the server's file descriptors (this
 * process's) are where they started. */
static void
test_connect_close_cycles (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  guint port = ll_http_server_thread_get_port (thread);
  g_autofree char *index = get ("/");
  guint before, after;

  wait_for_connections (thread, FALSE, 0);
  before = count_open_files ();

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(Client) client = client_new (port);

      switch (i % 3)
        {
        case 0:
          client_send (client, index);
          client_expect (client, FALSE, 200, NULL);
          break;
        case 1:
          client_send (client, "GET /hel");
          break;
        default:
          break;
        }
    }

  wait_for_connections (thread, FALSE, 0);
  /* A leaked descriptor stays; one open for a moment elsewhere in the
   * process (the sanitizer build's fresh-clone CI counted 10 for 9
   * once) goes: look again for a while before calling it a leak. */
  for (gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
       (after = count_open_files ()) != before && g_get_monotonic_time () < deadline;)
    g_usleep (10000);
  g_assert_cmpuint (after, ==, before);
  g_assert_cmpuint (get_counts (thread).n_accepted, ==, 5000);
}

/* A blocking handler stalls every connection: a second client's
 * request for `/`, which does not block, waits for the first's
 * `/hello`. */
static void
test_block_stalls_others (void)
{
  Settings settings = { .block_ms = 400 };
  g_autoptr(LlHttpServerThread) thread = start_server (&settings);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(Client) a = client_new (port);
  g_autoptr(Client) b = client_new (port);
  g_autofree char *hello = get ("/hello/a");
  g_autofree char *index = get ("/");
  gint64 a_sent, b_sent, b_answered;

  /* Both connections accepted before the block. */
  wait_for_connections (thread, TRUE, 2);

  a_sent = g_get_monotonic_time ();
  client_send (a, hello);
  g_usleep (50 * 1000);
  b_sent = g_get_monotonic_time ();
  client_send (b, index);
  client_expect (b, FALSE, 200, "<h1>Index</h1>");
  b_answered = g_get_monotonic_time ();
  client_expect (a, FALSE, 200, "<h1>hello, a!</h1>");

  g_test_message ("b waited %.0f ms for a's block of 400 ms", (b_answered - b_sent) / 1000.0);
  g_assert_cmpint (b_answered - a_sent, >=, 400 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (b_answered - b_sent, >=, 300 * G_TIME_SPAN_MILLISECOND);

  /* Turned off while the server runs: the kept-alive connections take
   * it at once. */
  ll_http_server_thread_set_block_ms (thread, 0);
  b_sent = g_get_monotonic_time ();
  client_send (a, hello);
  client_expect (a, FALSE, 200, NULL);
  g_assert_cmpint (g_get_monotonic_time () - b_sent, <, 400 * G_TIME_SPAN_MILLISECOND);
}

/* What the page shows: each connection's state, its requests, bytes. */
static void
test_snapshot (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  guint port = ll_http_server_thread_get_port (thread);
  g_autoptr(Client) idle = client_new (port);
  g_autoptr(Client) reading = client_new (port);
  g_autofree char *index = get ("/");
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  client_send (idle, index);
  client_expect (idle, FALSE, 200, NULL);
  client_send (idle, index);
  client_expect (idle, FALSE, 200, NULL);
  client_send (reading, "GET / HT");

  for (;;)
    {
      g_autoptr(LlHttpServerSnapshot) snapshot = ll_http_server_thread_get_snapshot (thread);

      if (snapshot->n_connections == 2 && snapshot->n_by_state[LL_HTTP_CONNECTION_READING] == 1)
        {
          LlHttpConnectionInfo *first = &g_array_index (snapshot->connections, LlHttpConnectionInfo, 0);
          LlHttpConnectionInfo *second = &g_array_index (snapshot->connections, LlHttpConnectionInfo, 1);

          g_assert_cmpuint (snapshot->connections->len, ==, 2);
          g_assert_cmpuint (snapshot->port, ==, port);
          g_assert_cmpuint (first->id, <, second->id);
          g_assert_cmpint (first->state, ==, LL_HTTP_CONNECTION_IDLE);
          g_assert_cmpuint (first->requests, ==, 2);
          g_assert_cmpuint (first->bytes_in, ==, 2 * strlen (index));
          g_assert_cmpuint (first->bytes_out, >, 2 * strlen ("<h1>Index</h1>"));
          g_assert_cmpint (second->state, ==, LL_HTTP_CONNECTION_READING);
          g_assert_cmpuint (second->requests, ==, 0);
          g_assert_cmpuint (snapshot->n_requests, ==, 2);
          g_assert_cmpuint (snapshot->lag.count, >, 0);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* Addresses: the loopback ones only, and a port in use is said so. */
static void
test_addresses (void)
{
  const char *refused[] = { "0.0.0.0", "192.168.1.10", "::", "example.org", "" };
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  Settings taken = { .port = ll_http_server_thread_get_port (thread) };
  g_autoptr(GError) error = NULL;
  LlHttpServerThread *second;

  g_assert_true (ll_http_check_address ("127.0.0.1", NULL));
  g_assert_true (ll_http_check_address ("::1", NULL));
  g_assert_true (ll_http_check_address ("localhost", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (ll_http_check_address (refused[i], &error));
      g_assert_nonnull (strstr (error->message, "loopback"));
      g_clear_error (&error);
    }

  second = ll_http_server_thread_start (apply_settings, &taken, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "in use"));
}

/* `looplab-cli serve`: its exit codes, its messages, --block-ms */

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);
}

static void
run_cli (const char * const *args,
         int                 expected_status,
         const char         *expected_message)
{
  g_autofree char *path = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, expected_status);
  g_assert_nonnull (strstr (err, expected_message));
}

static void
test_cli_errors (void)
{
  g_autoptr(LlHttpServerThread) thread = start_server (NULL);
  g_autofree char *port = g_strdup_printf ("%u", ll_http_server_thread_get_port (thread));
  const char *in_use[] = { "serve", "--port", port, NULL };
  const char *bind_any[] = { "serve", "--bind", "0.0.0.0", NULL };
  const char *workers[] = { "serve", "--workers", "1000", NULL };
  const char *bad_port[] = { "serve", "--port", "http", NULL };
  const char *workers_in_use[] = { "serve", "--workers", "2", "--port", port, NULL };

  run_cli (in_use, 1, "in use");
  run_cli (bind_any, 2, "loopback");
  run_cli (workers, 2, "--workers");
  run_cli (bad_port, 2, "--port");
  if (g_get_num_processors () >= 2)
    run_cli (workers_in_use, 1, "in use");
}

/* A `looplab-cli serve` process; its port read from what it prints. */
typedef struct
{
  GSubprocess *process;
  guint        port;
} Served;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
port_answers (guint port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  return g_socket_connect (socket, address, NULL, NULL);
}

static void
served_start (Served              *served,
              const char * const  *options)
{
  g_autofree char *path = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  const char *colon;
  gint64 deadline;

  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--port=0");
  for (guint i = 0; options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Should this test fail, the server must not outlive it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  served->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (served->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  colon = strstr (line, "127.0.0.1:");
  g_assert_nonnull (colon);
  served->port = (guint) g_ascii_strtoull (colon + strlen ("127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (served->port, >, 0);

  /* Workers say nothing when they listen: the port answers then. */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (!port_answers (served->port))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
served_stop (Served *served)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (served->process, SIGTERM);
  g_subprocess_wait (served->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (served->process));
  g_assert_cmpint (g_subprocess_get_exit_status (served->process), ==, 0);
  g_clear_object (&served->process);
}

static void
test_cli_block (void)
{
  const char *options[] = { "--block-ms=300", NULL };
  Served served = { 0 };
  g_autofree char *hello = get ("/hello/a");
  g_autofree char *index = get ("/");
  gint64 b_sent;

  served_start (&served, options);
  {
    g_autoptr(Client) a = client_new (served.port);
    g_autoptr(Client) b = client_new (served.port);

    /* b connected and served once before a blocks. */
    client_send (b, index);
    client_expect (b, FALSE, 200, NULL);

    client_send (a, hello);
    g_usleep (30 * 1000);
    b_sent = g_get_monotonic_time ();
    client_send (b, index);
    client_expect (b, FALSE, 200, "<h1>Index</h1>");
    g_assert_cmpint (g_get_monotonic_time () - b_sent, >=, 200 * G_TIME_SPAN_MILLISECOND);
    client_expect (a, FALSE, 200, "<h1>hello, a!</h1>");
  }
  served_stop (&served);
}

/* Two workers share the port; one killed is started again; SIGTERM to
 * the supervisor stops them all. */
static void
test_cli_workers (void)
{
  const char *options[] = { "--workers=2", NULL };
  Served served = { 0 };
  g_autofree char *index = get ("/");
  g_autofree char *children_path = NULL;
  g_autofree char *children = NULL;
  g_auto(GStrv) pids = NULL;
  gint64 deadline;

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one core: --workers takes at most 1");
      return;
    }

  served_start (&served, options);
  children_path = g_strdup_printf ("/proc/%s/task/%s/children",
                                   g_subprocess_get_identifier (served.process),
                                   g_subprocess_get_identifier (served.process));

  /* Both workers listen: connections land on both (the kernel hashes
   * each connection's ports to one of them). */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  for (;;)
    {
      g_clear_pointer (&children, g_free);
      g_clear_pointer (&pids, g_strfreev);
      if (g_file_get_contents (children_path, &children, NULL, NULL))
        pids = g_strsplit (g_strstrip (children), " ", -1);
      if (pids != NULL && g_strv_length (pids) == 2)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(Client) client = client_new (served.port);

      client_send (client, index);
      client_expect (client, FALSE, 200, "<h1>Index</h1>");
    }

  /* One dies: it is started again, and the port is served meanwhile by
   * the other. */
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pids[0], NULL, 10), SIGKILL), ==, 0);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  for (;;)
    {
      g_auto(GStrv) now = NULL;

      g_clear_pointer (&children, g_free);
      if (g_file_get_contents (children_path, &children, NULL, NULL))
        now = g_strsplit (g_strstrip (children), " ", -1);
      if (now != NULL && g_strv_length (now) == 2 && !g_strv_contains ((const char * const *) now, pids[0]))
        {
          g_strfreev (pids);
          pids = g_steal_pointer (&now);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Client) client = client_new (served.port);

      client_send (client, index);
      client_expect (client, FALSE, 200, NULL);
    }

  /* The supervisor waits for its workers before it exits: they are gone. */
  served_stop (&served);
  for (guint i = 0; pids[i] != NULL; i++)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/%s", pids[i]);

      g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* A reset's write must fail, not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/http/routes", test_routes);
  g_test_add_func ("/looplab/http/keep-alive", test_keep_alive_rules);
  g_test_add_func ("/looplab/http/refusals", test_refusals);
  g_test_add_func ("/looplab/http/one-byte-writes", test_one_byte_writes);
  g_test_add_func ("/looplab/http/pipelined", test_pipelined);
  g_test_add_func ("/looplab/http/reset-mid-response", test_reset_mid_response);
  g_test_add_func ("/looplab/http/slowloris", test_slowloris);
  g_test_add_func ("/looplab/http/idle-timeout", test_idle_timeout);
  g_test_add_func ("/looplab/http/connection-limit", test_connection_limit);
  g_test_add_func ("/looplab/http/connect-close-cycles", test_connect_close_cycles);
  g_test_add_func ("/looplab/http/block-stalls-others", test_block_stalls_others);
  g_test_add_func ("/looplab/http/snapshot", test_snapshot);
  g_test_add_func ("/looplab/http/addresses", test_addresses);
  g_test_add_func ("/looplab/cli/serve-errors", test_cli_errors);
  g_test_add_func ("/looplab/cli/serve-block", test_cli_block);
  g_test_add_func ("/looplab/cli/serve-workers", test_cli_workers);

  return g_test_run ();
}
