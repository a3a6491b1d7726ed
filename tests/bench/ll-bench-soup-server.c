/* ll-bench-soup-server.c: the notes' two routes on a libsoup 3 SoupServer
 *
 * A peer of `looplab-cli bench server`, which loads it with wrk beside
 * `looplab-cli serve`: GNOME's own HTTP server, used as its API
 * reference shows, with its defaults (SoupServer adds the Date header
 * and answers HEAD itself), on the default main loop of one thread.
 * Built by meson into the build tree's tests/bench/.
 *
 * Usage: ll-bench-soup-server PORT     (listens on 127.0.0.1 only)
 *        ll-bench-soup-server --version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#define HELLO_PREFIX "/hello/"

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *html)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html, strlen (html));
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *name = path + strlen (HELLO_PREFIX);

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Allow", "GET, HEAD");
      answer (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "<h1>405 Method Not Allowed</h1>");
    }
  else if (strcmp (path, "/") == 0)
    {
      answer (msg, SOUP_STATUS_OK, "<h1>Index</h1>");
    }
  else if (g_str_has_prefix (path, HELLO_PREFIX) && *name != '\0' && strchr (name, '/') == NULL)
    {
      /* The path comes percent-encoded: the name decoded, then escaped,
       * as the notes' handler and looplab-cli serve greet it. */
      g_autofree char *decoded = g_uri_unescape_string (name, NULL);
      g_autofree char *escaped = NULL;
      g_autofree char *html = NULL;

      if (decoded == NULL)
        {
          answer (msg, SOUP_STATUS_BAD_REQUEST, "<h1>400 Bad Request</h1>");
          return;
        }
      escaped = g_markup_escape_text (decoded, -1);
      html = g_strdup_printf ("<h1>hello, %s!</h1>", escaped);
      answer (msg, SOUP_STATUS_OK, html);
    }
  else
    {
      answer (msg, SOUP_STATUS_NOT_FOUND, "<h1>404 Not Found</h1>");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint64 port;

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("libsoup %u.%u.%u\n", soup_get_major_version (), soup_get_minor_version (),
              soup_get_micro_version ());
      return 0;
    }

  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT16, &port, NULL))
    {
      fprintf (stderr, "usage: %s PORT\n", argv[0]);
      return 2;
    }

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, on_request, NULL, NULL);
  if (!soup_server_listen_local (server, (guint) port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  return 0;
}
