/* ll-bench-server.c: the servers of `looplab-cli bench server`, under load and idle
 *
 * Under load: each run starts one server on core 0 (`taskset -c 0`),
 * waits until it listens and answers GET /hello/world as the notes'
 * application does, runs `taskset -c 1 wrk -t1 -c C -d S --latency` on
 * the other core, reads wrk's req/s and latencies, and stops the server
 * to read its peak RSS.  wrk's own CPU time is measured too: at 100 % of
 * its core, wrk and not the server sets the pace.  Its timeout is set
 * past the run's length: by default wrk drops an answer slower than 2 s
 * from its latencies, the very answers that tell a fair server from an
 * unfair one.
 *
 * Idle: looplab-cli serve holds N connections, opened from this process,
 * each of which has sent one GET and read its answer; the server's RSS
 * before and while they are held gives the memory of one, and one more
 * client's GET is timed while they are held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ll-bench-peers.h"
#include "ll-bench-process.h"
#include "ll-bench-server.h"

#define PATH "/hello/world"
#define REQUEST "GET " PATH " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
#define EXPECTED_BODY "<h1>hello, world!</h1>"

/* A server has this long to start and answer: aiohttp's imports take a
 * second or two on a busy machine. */
#define READY_TIMEOUT_US (20 * G_USEC_PER_SEC)
#define READY_POLL_US (20 * 1000)
/* One connection's connect, or its answer, outside wrk. */
#define CLIENT_TIMEOUT_US (10 * G_USEC_PER_SEC)
/* The idle connections are opened, and their answers read, this many at a
 * time, so that a server that stops answering is seen within a batch. */
#define IDLE_BATCH 100

/* Finding wrk */

static char *
ask_wrk_version (const char *wrk)
{
  const char *argv[] = { wrk, "--version", NULL };
  g_autofree char *out = NULL;
  const char *bracket;

  /* It prints "wrk 4.1.0 [epoll] Copyright…", then its usage, and exits 1. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, NULL) || out == NULL)
    return NULL;

  bracket = strstr (out, " [");

  return bracket != NULL ? g_strndup (out, (gsize) (bracket - out)) : NULL;
}

/**
 * ll_bench_server_locate_client:
 * @b: the invocation
 * @series: a series of the server benchmark
 *
 * Finds taskset and wrk, once per invocation.  Without either, a series
 * under load is missing; the idle connections need no wrk, and run
 * unpinned without taskset.
 */
void
ll_bench_server_locate_client (LlBench       *b,
                               LlBenchSeries *series)
{
  static const char *wrks[] = { "wrk", NULL };
  static const char *tasksets[] = { "taskset", NULL };

  if (!b->client_located)
    {
      b->client_located = TRUE;
      b->taskset_path = ll_bench_find_program (NULL, tasksets, &b->client_missing);
      if (b->taskset_path == NULL && b->client_missing == NULL)
        b->client_missing = g_strdup ("taskset not found (apt-get install -y util-linux)");
      if (b->client_missing == NULL)
        {
          b->wrk_path = ll_bench_find_program (b->wrk, wrks, &b->client_missing);
          if (b->wrk_path == NULL && b->client_missing == NULL)
            b->client_missing = g_strdup ("wrk not found (apt-get install -y --no-install-recommends wrk)");
        }
      if (b->client_missing == NULL)
        b->wrk_version = ask_wrk_version (b->wrk_path);
    }

  if (b->client_missing != NULL && series->info->kind == LL_BENCH_SERVER)
    series->missing = g_strdup (b->client_missing);
}

/* A client of our own, for the readiness check and the idle connections */

typedef struct
{
  guint     status;
  gboolean  has_length;
  gboolean  has_date;
  gboolean  html_utf8;
  GString  *body;
} Answer;

static void
answer_clear (Answer *answer)
{
  if (answer->body != NULL)
    g_string_free (answer->body, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what, g_strerror (saved));

  return FALSE;
}

/* Waits for @events on @fd; FALSE with G_IO_ERROR_TIMED_OUT at @deadline. */
static gboolean
wait_fd (int      fd,
         short    events,
         gint64   deadline,
         GError **error)
{
  for (;;)
    {
      struct pollfd pfd = { fd, events, 0 };
      gint64 left = deadline - g_get_monotonic_time ();
      int r;

      if (left <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no answer within %d s",
                       (int) (CLIENT_TIMEOUT_US / G_USEC_PER_SEC));
          return FALSE;
        }

      r = poll (&pfd, 1, (int) ((left + 999) / 1000));
      if (r > 0)
        return TRUE;
      if (r < 0 && errno != EINTR)
        return set_errno_error (error, errno, "poll");
    }
}

/* A non-blocking socket connected to 127.0.0.1:@port, or -1. */
static int
connect_loopback (guint    port,
                  GError **error)
{
  struct sockaddr_in address = { 0 };
  gint64 deadline = g_get_monotonic_time () + CLIENT_TIMEOUT_US;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int failure = 0;
  socklen_t length = sizeof failure;

  if (fd < 0)
    {
      set_errno_error (error, errno, "socket");
      return -1;
    }

  address.sin_family = AF_INET;
  address.sin_port = g_htons ((guint16) port);
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);

  if (connect (fd, (struct sockaddr *) &address, sizeof address) == 0)
    return fd;

  if (errno != EINPROGRESS)
    failure = errno;
  else if (!wait_fd (fd, POLLOUT, deadline, error))
    failure = -1;
  else if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &failure, &length) != 0)
    failure = errno;

  if (failure != 0)
    {
      if (failure > 0)
        set_errno_error (error, failure, "connect");
      close (fd);
      return -1;
    }

  return fd;
}

static gboolean
send_request (int      fd,
              GError **error)
{
  gint64 deadline = g_get_monotonic_time () + CLIENT_TIMEOUT_US;
  const char *data = REQUEST;
  gsize left = strlen (REQUEST);

  while (left > 0)
    {
      ssize_t n = send (fd, data, left, MSG_NOSIGNAL);

      if (n > 0)
        {
          data += n;
          left -= (gsize) n;
        }
      else if (errno == EAGAIN)
        {
          if (!wait_fd (fd, POLLOUT, deadline, error))
            return FALSE;
        }
      else if (errno != EINTR)
        {
          return set_errno_error (error, errno, "send");
        }
    }

  return TRUE;
}

/* Parses the status line and headers of @head, up to its blank line;
 * returns the body's length, or -1. */
static gssize
parse_head (const char *head,
            Answer     *answer)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_autofree char *code = NULL;
  gssize length = -1;
  guint64 status;

  /* "HTTP/1.1 200 OK" */
  if (!g_str_has_prefix (lines[0], "HTTP/1.") || strlen (lines[0]) < 12)
    return -1;
  code = g_strndup (lines[0] + 9, 3);
  if (!g_ascii_string_to_unsigned (code, 10, 100, 599, &status, NULL))
    return -1;
  answer->status = (guint) status;

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      guint64 n;

      if (colon == NULL)
        return -1;
      name = g_ascii_strdown (lines[i], colon - lines[i]);
      value = g_strstrip (g_ascii_strdown (colon + 1, -1));

      if (g_str_equal (name, "content-length") &&
          g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &n, NULL))
        {
          answer->has_length = TRUE;
          length = (gssize) n;
        }
      else if (g_str_equal (name, "date"))
        answer->has_date = TRUE;
      else if (g_str_equal (name, "content-type"))
        answer->html_utf8 = g_str_has_prefix (value, "text/html") && strstr (value, "charset=utf-8") != NULL;
    }

  return length;
}

/* Reads one whole answer from @fd, before @deadline. */
static gboolean
read_answer (int      fd,
             gint64   deadline,
             Answer  *answer,
             GError **error)
{
  g_autoptr(GString) in = g_string_new (NULL);
  gssize head_end = -1;
  gssize body_length = -1;

  for (;;)
    {
      char buf[2048];
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n > 0)
        g_string_append_len (in, buf, n);
      else if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       "the server closed the connection without a whole answer");
          return FALSE;
        }
      else if (errno == EAGAIN)
        {
          if (!wait_fd (fd, POLLIN, deadline, error))
            return FALSE;
          continue;
        }
      else if (errno == EINTR)
        continue;
      else
        return set_errno_error (error, errno, "recv");

      if (head_end < 0)
        {
          const char *blank = strstr (in->str, "\r\n\r\n");
          g_autofree char *head = NULL;

          if (blank == NULL)
            continue;
          head_end = blank + 4 - in->str;
          head = g_strndup (in->str, (gsize) head_end);
          body_length = parse_head (head, answer);
          if (body_length < 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "an answer that is not HTTP/1.x with a Content-Length");
              return FALSE;
            }
        }

      if ((gssize) in->len - head_end >= body_length)
        {
          answer->body = g_string_new_len (in->str + head_end, body_length);
          return TRUE;
        }
    }
}

/* Whether @answer is what the notes' application answers GET /hello/world. */
static gboolean
check_answer (const LlBenchSeries  *series,
              const Answer         *answer,
              GError              **error)
{
  if (answer->status == 200 && answer->has_date && answer->html_utf8 &&
      g_str_equal (answer->body->str, EXPECTED_BODY))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s answered GET " PATH " with %u, “%s”%s%s, not 200, “" EXPECTED_BODY "”, "
               "text/html; charset=utf-8 and a Date",
               series->sys->name, answer->status, answer->body->str,
               answer->html_utf8 ? "" : ", not text/html; charset=utf-8",
               answer->has_date ? "" : ", no Date");

  return FALSE;
}

/* Connects, asks for GET /hello/world and reads the answer; -1 on error,
 * else the connection, still open. */
static int
request_once (guint    port,
              Answer  *answer,
              GError **error)
{
  int fd = connect_loopback (port, error);

  if (fd < 0)
    return -1;

  if (!send_request (fd, error) ||
      !read_answer (fd, g_get_monotonic_time () + CLIENT_TIMEOUT_US, answer, error))
    {
      close (fd);
      return -1;
    }

  return fd;
}

/* Starting and stopping a server */

/* A port free now, for the server to listen on.  Another program could
 * take it meanwhile; on loopback, in a benchmark, that risk will do. */
static guint
find_free_port (GError **error)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint port = 0;

  if (fd < 0)
    {
      set_errno_error (error, errno, "socket");
      return 0;
    }

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &address, sizeof address) != 0 ||
      getsockname (fd, (struct sockaddr *) &address, &length) != 0)
    set_errno_error (error, errno, "bind");
  else
    port = g_ntohs (address.sin_port);
  close (fd);

  return port;
}

/* Sockets listening on @port, from /proc/net/tcp: the workers of
 * `serve --workers N` each listen on it (SO_REUSEPORT), and until all do
 * the kernel hands every connection to those that are up. */
static guint
count_listeners (guint port)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *local = g_strdup_printf (":%04X ", port);
  guint n = 0;

  if (!g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL))
    return 0;

  /* "  0: 0100007F:1F90 00000000:0000 0A …": the local address, the
   * remote one, the state (0A: listening). */
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *p = strstr (lines[i], local);

      if (p != NULL && p < lines[i] + 20 && strstr (p, " 0A ") == p + 19)
        n++;
    }

  return n;
}

static GPtrArray *
server_argv (LlBench       *b,
             LlBenchSeries *series,
             guint          port,
             guint          max_connections)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *cpus = series->sys->cpus != NULL ? series->sys->cpus : LL_BENCH_SERVER_CORE;

  if (b->taskset_path != NULL)
    {
      g_ptr_array_add (argv, g_strdup (b->taskset_path));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup (cpus));
    }
  g_ptr_array_add (argv, g_strdup (series->program));

  if (series->sys->runner == LL_BENCH_RUN_SERVE)
    {
      g_ptr_array_add (argv, g_strdup ("serve"));
      g_ptr_array_add (argv, g_strdup_printf ("--port=%u", port));
      g_ptr_array_add (argv, g_strdup ("--bind=127.0.0.1"));
      g_ptr_array_add (argv, g_strdup_printf ("--workers=%u", MAX (series->sys->workers, 1)));
      if (max_connections > 0)
        g_ptr_array_add (argv, g_strdup_printf ("--max-connections=%u", max_connections));
    }
  else
    {
      if (series->script != NULL)
        g_ptr_array_add (argv, g_strdup (series->script));
      g_ptr_array_add (argv, g_strdup_printf ("%u", port));
    }
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* Starts @series's server on a free port and waits until every process
 * of it listens and it answers GET /hello/world as it should. */
static gboolean
start_server (LlBench        *b,
              LlBenchSeries  *series,
              guint           max_connections,
              guint          *port,
              GPid           *pid,
              GError        **error)
{
  g_autoptr(GPtrArray) argv = NULL;
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  guint listeners = MAX (series->sys->workers, 1);
  g_autofree char *last = NULL;
  double maxrss_kib;

  *port = find_free_port (error);
  if (*port == 0)
    return FALSE;

  argv = server_argv (b, series, *port, max_connections);
  if (!ll_bench_start_server ((char **) argv->pdata, pid, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_auto(Answer) answer = { 0 };
      int status;
      int fd;

      if (ll_bench_server_exited (*pid, &status))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s exited (wait status %d) before it answered", series->sys->name, status);
          return FALSE;
        }

      if (count_listeners (*port) >= listeners &&
          (fd = request_once (*port, &answer, &local_error)) >= 0)
        {
          close (fd);
          if (check_answer (series, &answer, error))
            return TRUE;
          ll_bench_stop_server (*pid, &maxrss_kib);
          return FALSE;
        }

      if (local_error != NULL)
        {
          g_free (last);
          last = g_strdup (local_error->message);
        }

      if (g_get_monotonic_time () > deadline)
        {
          ll_bench_stop_server (*pid, &maxrss_kib);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s did not answer on port %u within %d s%s%s", series->sys->name, *port,
                       (int) (READY_TIMEOUT_US / G_USEC_PER_SEC), last != NULL ? ": " : "",
                       last != NULL ? last : "");
          return FALSE;
        }
      g_usleep (READY_POLL_US);
    }
}

/* Under load: wrk */

/* "1.23ms", "980.00us", "2.01s", "1.50m" in ms. */
static gboolean
parse_wrk_time (const char *text,
                double     *ms)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text)
    return FALSE;
  if (g_str_equal (end, "us"))
    *ms = value / 1000;
  else if (g_str_equal (end, "ms"))
    *ms = value;
  else if (g_str_equal (end, "s"))
    *ms = value * 1000;
  else if (g_str_equal (end, "m"))
    *ms = value * 60000;
  else if (g_str_equal (end, "h"))
    *ms = value * 3600000;
  else
    return FALSE;

  return TRUE;
}

/* wrk's --latency report: "Requests/sec:", the "Latency" line of its
 * thread stats (average, deviation, max), the 50 % and 99 % of its
 * distribution, and its errors, if any. */
static gboolean
parse_wrk (const char  *out,
           double      *values,
           GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean rate = FALSE, p50 = FALSE, p99 = FALSE, max = FALSE;
  double errors = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      const char *line = g_strstrip (lines[i]);
      guint n;

      if (g_str_has_prefix (line, "Requests/sec:"))
        {
          values[LL_BENCH_METRIC_MAIN] = g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
          rate = TRUE;
          continue;
        }

      if (g_str_has_prefix (line, "Socket errors:") || g_str_has_prefix (line, "Non-2xx or 3xx responses:"))
        {
          /* "Socket errors: connect 0, read 3, write 0, timeout 12": add every number. */
          for (const char *p = strchr (line, ':'); p != NULL && *p != '\0'; p++)
            if (g_ascii_isdigit (*p))
              {
                char *end;

                errors += g_ascii_strtod (p, &end);
                p = end - 1;
              }
          continue;
        }

      words = g_strsplit_set (line, " \t", -1);
      n = 0;
      /* Without the empty words of repeated blanks (freed here: the
       * vector's g_strfreev() frees only up to the new end). */
      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          words[n++] = words[w];
        else
          g_free (words[w]);
      words[n] = NULL;

      if (n == 5 && g_str_equal (words[0], "Latency"))
        max = parse_wrk_time (words[3], &values[LL_BENCH_METRIC_MAX]);
      else if (n == 2 && g_str_equal (words[0], "50%"))
        p50 = parse_wrk_time (words[1], &values[LL_BENCH_METRIC_P50]);
      else if (n == 2 && g_str_equal (words[0], "99%"))
        p99 = parse_wrk_time (words[1], &values[LL_BENCH_METRIC_P99]);
    }

  if (!rate || !p50 || !p99 || !max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "wrk printed no req/s, p50, p99 and max latency:\n%s", out);
      return FALSE;
    }
  if (values[LL_BENCH_METRIC_MAIN] <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "wrk got no answer:\n%s", out);
      return FALSE;
    }
  values[LL_BENCH_METRIC_ERRORS] = errors;

  return TRUE;
}

static gboolean
run_wrk (LlBench       *b,
         LlBenchSeries *series,
         guint          port,
         double        *values,
         GError       **error)
{
  g_autofree char *connections = g_strdup_printf ("%" G_GUINT64_FORMAT, series->n);
  g_autofree char *duration = g_strdup_printf ("%ds", b->seconds);
  /* Longer than the run: no answer is left out of the latencies. */
  g_autofree char *timeout = g_strdup_printf ("%ds", b->seconds + 5);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u" PATH, port);
  const char *argv[] = {
    b->taskset_path, "-c", LL_BENCH_CLIENT_CORE,
    b->wrk_path, "-t1", "-c", connections, "-d", duration, "--timeout", timeout, "--latency", url,
    NULL
  };
  g_autofree char *out = NULL;
  struct rusage usage;
  gint64 start, elapsed;
  double cpu;

  start = g_get_monotonic_time ();
  out = ll_bench_run_process_usage ((char **) argv, &usage, error);
  elapsed = g_get_monotonic_time () - start;
  if (out == NULL)
    return FALSE;

  cpu = (double) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
        (double) (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  values[LL_BENCH_METRIC_CLIENT_CPU] = 100 * cpu / (double) MAX (elapsed, 1);

  return parse_wrk (out, values, error);
}

static gboolean
measure_load (LlBench       *b,
              LlBenchSeries *series,
              double        *values,
              GError       **error)
{
  guint port;
  GPid pid;
  gboolean ok;

  if (!start_server (b, series, 0, &port, &pid, error))
    return FALSE;

  ok = run_wrk (b, series, port, values, error);
  ll_bench_stop_server (pid, &values[LL_BENCH_METRIC_RSS]);

  return ok;
}

/* Idle: the connections of this process */

/* VmRSS of /proc/PID/status, in KiB, or NaN. */
static double
read_rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) ||
      (line = strstr (status, "\nVmRSS:")) == NULL)
    return NAN;

  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL);
}

/* "Max open files  1024  524288  files" of /proc/PID/limits, for a
 * server that could not hold its connections. */
static char *
describe_fd_limit (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/limits", (int) pid);
  g_autofree char *limits = NULL;
  g_auto(GStrv) words = NULL;
  const char *line;

  if (!g_file_get_contents (path, &limits, NULL, NULL) ||
      (line = strstr (limits, "Max open files")) == NULL)
    return g_strdup ("its open-file limit is unknown");

  words = g_strsplit_set (line + strlen ("Max open files"), " \n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      return g_strdup_printf ("its open-file limit is %s (ulimit -n; serve does not raise it)", words[i]);

  return g_strdup ("its open-file limit is unknown");
}

static void
close_all (GArray *fds)
{
  for (guint i = 0; i < fds->len; i++)
    close (g_array_index (fds, int, i));
  g_array_set_size (fds, 0);
}

/* Opens the series's connections, each of which asks once and reads
 * the answer, into @fds. */
static gboolean
hold_connections (LlBenchSeries  *series,
                  guint           port,
                  GPid            pid,
                  GArray         *fds,
                  GError        **error)
{
  while (fds->len < series->n)
    {
      g_autoptr(GError) local_error = NULL;
      guint first = fds->len;
      guint batch = (guint) MIN (IDLE_BATCH, series->n - first);
      g_autofree char *limit = NULL;
      gint64 deadline;

      for (guint i = 0; i < batch && local_error == NULL; i++)
        {
          int fd = connect_loopback (port, &local_error);

          if (fd < 0)
            break;
          g_array_append_val (fds, fd);
          send_request (fd, &local_error);
        }

      deadline = g_get_monotonic_time () + CLIENT_TIMEOUT_US;
      for (guint i = first; i < fds->len && local_error == NULL; i++)
        {
          g_auto(Answer) answer = { 0 };

          if (read_answer (g_array_index (fds, int, i), deadline, &answer, &local_error) &&
              answer.status != 200)
            g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, "it answered %u", answer.status);
        }

      if (local_error == NULL)
        continue;

      limit = describe_fd_limit (pid);
      g_set_error (error, local_error->domain, local_error->code,
                   "%s held %u idle connections; of the next %u, one failed (%s): %s",
                   series->sys->name, first, batch, limit, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
measure_idle (LlBench       *b,
              LlBenchSeries *series,
              double        *values,
              GError       **error)
{
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto(Answer) answer = { 0 };
  double rss_before, rss_held, maxrss_kib;
  gint64 start;
  gboolean ok;
  guint port;
  GPid pid;
  int fd;

  /* The held connections, the new client's, and a few for stdio and
   * the server's start. */
  if (!ll_bench_raise_nofile (series->n + 64, error))
    return FALSE;

  /* The held ones and the new client: the default limit of connections
   * served at once would answer the new client 503 at exactly 10,000. */
  if (!start_server (b, series, (guint) series->n + 1, &port, &pid, error))
    return FALSE;

  rss_before = read_rss_kib (pid);
  ok = hold_connections (series, port, pid, fds, error);
  rss_held = read_rss_kib (pid);

  if (ok)
    {
      start = g_get_monotonic_time ();
      fd = request_once (port, &answer, error);
      values[LL_BENCH_METRIC_NEW_CLIENT] = (double) (g_get_monotonic_time () - start) / 1000;
      if (fd >= 0)
        close (fd);
      ok = fd >= 0 && check_answer (series, &answer, error);
      if (!ok)
        g_prefix_error (error, "a new client, %" G_GUINT64_FORMAT " idle connections held: ", series->n);
    }

  close_all (fds);
  ll_bench_stop_server (pid, &maxrss_kib);

  values[LL_BENCH_METRIC_RSS_BEFORE] = rss_before;
  values[LL_BENCH_METRIC_RSS] = rss_held;
  values[LL_BENCH_METRIC_MAIN] = (rss_held - rss_before) * 1024 / (double) series->n;

  return ok;
}

/**
 * ll_bench_server_measure:
 * @b: the invocation
 * @series: a located series of the server benchmark, under load or idle
 * @values: (array fixed-size=LL_BENCH_N_METRICS): the figures of the run
 * @error: return location for a #GError
 *
 * Runs @series's server once: under wrk for the seconds of `--seconds`,
 * or holding its idle connections.
 *
 * Returns: %TRUE if it ran and answered as it should
 */
gboolean
ll_bench_server_measure (LlBench       *b,
                         LlBenchSeries *series,
                         double        *values,
                         GError       **error)
{
  g_return_val_if_fail (series->program != NULL, FALSE);

  if (series->info->kind == LL_BENCH_SERVER_IDLE)
    return measure_idle (b, series, values, error);

  return measure_load (b, series, values, error);
}
