/* ll-bench-gio-server.c: the notes' two routes as plain GIO callbacks
 *
 * A peer of `looplab-cli bench server`, which loads it with wrk beside
 * `looplab-cli serve`: what a GLib programmer writes without a
 * framework.  A GSocketService hands each connection to "incoming";
 * g_input_stream_read_async() and g_output_stream_write_all_async()
 * then call back into each other for the life of the connection, all on
 * the default main loop of one thread.  GSocketListener's defaults are
 * kept, its listen backlog of 10 among them.  The request parsing is
 * just enough for wrk's and curl's GET requests: the request line, the
 * blank line, `Connection: close`; a body is not expected.
 * Built by meson into the build tree's tests/bench/.
 *
 * Usage: ll-bench-gio-server PORT     (listens on 127.0.0.1 only)
 *        ll-bench-gio-server --version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#define HELLO_PREFIX "/hello/"
/* A request's line and headers, at most; beyond, the connection is closed. */
#define MAX_HEADER 8192

typedef struct
{
  GSocketConnection *connection;
  GString           *in;        /* received, not answered yet */
  GString           *out;       /* the answers being written */
  gboolean           close;     /* after these answers */
  char               chunk[4096];
} Client;

static void read_more (Client *client);

static void
client_free (Client *client)
{
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_object_unref (client->connection);
  g_string_free (client->in, TRUE);
  g_string_free (client->out, TRUE);
  g_free (client);
}

/* The Date header's value, made once a second, in English whatever the
 * locale. */
static const char *
http_date (void)
{
  static const char days[7][4] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  static gint64 cached_second = -1;
  static char cached[32];
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) now = NULL;

  if (second == cached_second)
    return cached;

  now = g_date_time_new_from_unix_utc (second);
  g_snprintf (cached, sizeof cached, "%s, %02d %s %04d %02d:%02d:%02d GMT",
              days[g_date_time_get_day_of_week (now) - 1], g_date_time_get_day_of_month (now),
              months[g_date_time_get_month (now) - 1], g_date_time_get_year (now),
              g_date_time_get_hour (now), g_date_time_get_minute (now),
              g_date_time_get_second (now));
  cached_second = second;

  return cached;
}

static void
append_answer (Client     *client,
               const char *method,
               const char *target)
{
  g_autofree char *path = g_strndup (target, strcspn (target, "?#"));
  const char *name = path + strlen (HELLO_PREFIX);
  g_autofree char *decoded = NULL;
  g_autofree char *html = NULL;
  const char *reason = "OK";
  guint status = 200;

  if (g_str_has_prefix (path, HELLO_PREFIX) && *name != '\0' && strchr (name, '/') == NULL)
    decoded = g_uri_unescape_string (name, NULL);

  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
    {
      status = 405;
      reason = "Method Not Allowed";
    }
  else if (strcmp (path, "/") == 0)
    {
      html = g_strdup ("<h1>Index</h1>");
    }
  else if (decoded != NULL)
    {
      /* Decoded, then escaped, as the notes' handler greets it. */
      g_autofree char *escaped = g_markup_escape_text (decoded, -1);

      html = g_strdup_printf ("<h1>hello, %s!</h1>", escaped);
    }
  else
    {
      status = 404;
      reason = "Not Found";
    }

  if (html == NULL)
    html = g_strdup_printf ("<h1>%u %s</h1>", status, reason);

  g_string_append_printf (client->out,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: text/html; charset=utf-8\r\n"
                          "Content-Length: %zu\r\n"
                          "Date: %s\r\n"
                          "%s%s\r\n",
                          status, reason, strlen (html), http_date (),
                          status == 405 ? "Allow: GET, HEAD\r\n" : "",
                          client->close ? "Connection: close\r\n" : "");
  if (strcmp (method, "HEAD") != 0)
    g_string_append (client->out, html);
}

/* Answers every whole request received; FALSE if one is malformed. */
static gboolean
parse_requests (Client *client)
{
  char *end;

  while (!client->close && (end = strstr (client->in->str, "\r\n\r\n")) != NULL)
    {
      gsize length = (gsize) (end - client->in->str) + 4;
      g_autofree char *head = g_strndup (client->in->str, length);
      g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
      g_auto(GStrv) words = g_strsplit (lines[0], " ", 3);

      if (g_strv_length (words) != 3 || !g_str_has_prefix (words[2], "HTTP/1."))
        return FALSE;

      client->close = strcmp (words[2], "HTTP/1.0") == 0;
      for (guint i = 1; lines[i] != NULL; i++)
        if (g_ascii_strncasecmp (lines[i], "Connection:", 11) == 0)
          client->close = g_strrstr (lines[i] + 11, "close") != NULL;

      append_answer (client, words[0], words[1]);
      g_string_erase (client->in, 0, (gssize) length);
    }

  return client->in->len <= MAX_HEADER;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Client *client = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) ||
      client->close)
    {
      client_free (client);
      return;
    }

  g_string_truncate (client->out, 0);
  read_more (client);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Client *client = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      client_free (client);   /* the client closed, or reset */
      return;
    }

  g_string_append_len (client->in, client->chunk, n);
  if (!parse_requests (client))
    {
      client_free (client);
      return;
    }

  if (client->out->len == 0)
    {
      read_more (client);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (client->connection)),
                                   client->out->str, client->out->len, G_PRIORITY_DEFAULT,
                                   NULL, on_written, client);
}

static void
read_more (Client *client)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (client->connection)),
                             client->chunk, sizeof client->chunk, G_PRIORITY_DEFAULT,
                             NULL, on_read, client);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  Client *client = g_new0 (Client, 1);

  client->connection = g_object_ref (connection);
  client->in = g_string_new (NULL);
  client->out = g_string_new (NULL);
  read_more (client);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint64 port;

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
      return 0;
    }

  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT16, &port, NULL))
    {
      fprintf (stderr, "usage: %s PORT\n", argv[0]);
      return 2;
    }

  service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
  g_socket_service_start (service);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  return 0;
}
