/* ll-http-app.c: the notes' aiohttp application, in C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-http"

#include "config.h"

#include <string.h>

#include "ll-http-app.h"

#define HELLO_PREFIX "/hello/"

/**
 * ll_http_reason:
 * @status: an HTTP status code the server sends
 *
 * Returns: its reason phrase, "OK", "Not Found" and so on
 */
const char *
ll_http_reason (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default:  return "Error";
    }
}

static void
append_error (GString *body,
              guint    status)
{
  g_string_append_printf (body, "<h1>%u %s</h1>", status, ll_http_reason (status));
}

/* `index` of the notes. */
static void
handle_index (GString *body)
{
  g_string_append (body, "<h1>Index</h1>");
}

/* `hello` of the notes: the name as the client sent it, percent-decoded,
 * then escaped, so that `/hello/%3Cscript%3E` greets "&lt;script&gt;"
 * and runs nothing in the browser.  Returns the status. */
static guint
handle_hello (const char *segment,
              gsize       length,
              guint       block_ms,
              GString    *body)
{
  g_autofree char *escaped = g_strndup (segment, length);
  g_autofree char *name = g_uri_unescape_string (escaped, NULL);
  g_autofree char *markup = NULL;

  /* A bad escape (`%zz`), a NUL byte (`%00`), or bytes that are not
   * UTF-8: there is no name to greet. */
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      append_error (body, 400);
      return 400;
    }

  /* The lesson of --block-ms: a blocking call, here a sleep (Python's
   * time.sleep), in a handler of a single-threaded server.  The thread
   * sleeps, so its loop does, and every other connection waits too. */
  if (block_ms > 0)
    g_usleep ((gulong) block_ms * 1000);

  markup = g_markup_escape_text (name, -1);
  g_string_append_printf (body, "<h1>hello, %s!</h1>", markup);

  return 200;
}

/**
 * ll_http_app_route:
 * @method: the request's method, as sent
 * @target: its target, as sent (`/hello/world?x=1`)
 * @block_ms: how long `/hello` blocks its thread, in milliseconds (0:
 *   it does not)
 * @status: (out): the status to answer with
 * @body: the body of the answer is appended here
 *
 * Routes a request to its handler, as aiohttp's router does: `GET` and
 * `HEAD` on `/` and `/hello/{name}` (a name of one or more characters,
 * no `/`), 404 on any other path, 405 on any other method.
 *
 * Returns: the route that answered
 */
LlHttpRoute
ll_http_app_route (const char *method,
                   const char *target,
                   guint       block_ms,
                   guint      *status,
                   GString    *body)
{
  gsize path_length;

  g_return_val_if_fail (method != NULL && target != NULL && status != NULL, LL_HTTP_ROUTE_NONE);

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      *status = 405;
      append_error (body, *status);
      return LL_HTTP_ROUTE_NONE;
    }

  if (target[0] != '/')
    {
      *status = 400;
      append_error (body, *status);
      return LL_HTTP_ROUTE_NONE;
    }

  /* The query and the fragment are not part of the path. */
  path_length = strcspn (target, "?#");

  if (path_length == 1)
    {
      *status = 200;
      handle_index (body);
      return LL_HTTP_ROUTE_INDEX;
    }

  if (path_length > strlen (HELLO_PREFIX) &&
      strncmp (target, HELLO_PREFIX, strlen (HELLO_PREFIX)) == 0 &&
      memchr (target + strlen (HELLO_PREFIX), '/', path_length - strlen (HELLO_PREFIX)) == NULL)
    {
      *status = handle_hello (target + strlen (HELLO_PREFIX),
                              path_length - strlen (HELLO_PREFIX), block_ms, body);
      return LL_HTTP_ROUTE_HELLO;
    }

  *status = 404;
  append_error (body, *status);

  return LL_HTTP_ROUTE_NOT_FOUND;
}

/* The Date header's value (RFC 9110's IMF-fixdate, in English whatever
 * the locale), made once a second per thread. */
static const char *
http_date (void)
{
  static const char days[7][4] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  static __thread gint64 cached_second = -1;
  static __thread char cached[32];
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) now = NULL;

  if (second == cached_second)
    return cached;

  now = g_date_time_new_from_unix_utc (second);
  g_snprintf (cached, sizeof cached, "%s, %02d %s %04d %02d:%02d:%02d GMT",
              days[g_date_time_get_day_of_week (now) - 1],
              g_date_time_get_day_of_month (now),
              months[g_date_time_get_month (now) - 1],
              g_date_time_get_year (now),
              g_date_time_get_hour (now),
              g_date_time_get_minute (now),
              g_date_time_get_second (now));
  cached_second = second;

  return cached;
}

/**
 * ll_http_append_response:
 * @out: where the response is appended
 * @status: its status
 * @body: its body
 * @body_length: the body's length
 * @head: whether it answers a HEAD: the headers of the GET, no body
 * @close: whether the server closes the connection after it
 *
 * Appends a whole HTTP/1.1 response: status line, `Content-Type`,
 * `Content-Length`, `Date` (and `Allow` with a 405, `Connection: close`
 * when @close), the blank line, the body.
 */
void
ll_http_append_response (GString    *out,
                         guint       status,
                         const char *body,
                         gsize       body_length,
                         gboolean    head,
                         gboolean    close)
{
  g_string_append_printf (out,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: text/html; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Date: %s\r\n"
                          "%s%s\r\n",
                          status, ll_http_reason (status), body_length, http_date (),
                          status == 405 ? "Allow: GET, HEAD\r\n" : "",
                          close ? "Connection: close\r\n" : "");
  if (!head)
    g_string_append_len (out, body, body_length);
}

/**
 * ll_http_find_header_end:
 * @data: the start of a request or a response
 * @length: the bytes of it there are
 * @block: (out): the length of the start line and headers, with the
 *   line end of the last header but without the blank line
 *
 * Where the headers end: the server reads requests with it, the load
 * generator responses.  A bare LF ends a line too (RFC 9112, 2.2).
 *
 * Returns: the offset just past the blank line; 0 if it has not come
 */
gsize
ll_http_find_header_end (const char *data,
                         gsize       length,
                         gsize      *block)
{
  const char *p = data;
  const char *end = data + length;

  while ((p = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      const char *next = p + 1;

      if (next < end && *next == '\r')
        next++;
      if (next < end && *next == '\n')
        {
          *block = (gsize) (p + 1 - data);
          return (gsize) (next + 1 - data);
        }
      p++;
    }

  return 0;
}
