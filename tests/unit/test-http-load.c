/* test-http-load.c: the built-in load generator against the server
 *
 * The server runs on this thread's default context, as the window's
 * does on its own, and the load on its thread.  Runs are short (half a
 * second), and nothing asserts a timing except bounds that the design
 * sets: a blocking handler makes every answer at least that slow, and
 * a client that keeps failing pauses longer each time, so a few
 * hundred milliseconds hold few attempts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "ll-http-load.h"
#include "ll-http-server.h"

typedef struct
{
  LlScheduler  *scheduler;
  LlHttpServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  fixture->server = ll_http_server_new (fixture->scheduler);
  ll_http_server_set_address (fixture->server, "127.0.0.1");
  ll_http_server_set_port (fixture->server, 0);
  ll_http_server_start (fixture->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ll_http_server_get_port (fixture->server), >, 0);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates this thread's default context for @ms. */
static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates until *@flag, for @ms at most. */
static gboolean
iterate_until (gboolean *flag,
               guint     ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return *flag;
}

/* Stops the server and lets every connection's coroutine end. */
static void
stop_server (LlHttpServer *server)
{
  ll_http_server_stop (server);
  for (guint i = 0; i < 500 && ll_http_server_get_n_connections (server) > 0; i++)
    iterate_for (2);
  g_assert_cmpuint (ll_http_server_get_n_connections (server), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_server (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_assert_finalize_object (fixture->scheduler);
}

static void
on_finished (LlHttpLoad *load,
             guint      *n_finished)
{
  (*n_finished)++;
}

typedef struct
{
  guint    n_finished;
  gboolean finished;
} Watch;

static void
on_finished_flag (LlHttpLoad *load,
                  Watch      *watch)
{
  watch->n_finished++;
  watch->finished = TRUE;
}

/* Runs @load to its end on this thread's loop: ::finished, once. */
static void
run_load (LlHttpLoad      *load,
          LlHttpLoadStats *stats)
{
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };

  g_signal_connect (load, "finished", G_CALLBACK (on_finished_flag), &watch);
  ll_http_load_start (load, &error);
  g_assert_no_error (error);

  g_assert_true (iterate_until (&watch.finished, 5000));
  /* Once, and only once. */
  iterate_for (20);
  g_assert_cmpuint (watch.n_finished, ==, 1);
  g_signal_handlers_disconnect_by_data (load, &watch);

  ll_http_load_get_stats (load, stats);
  g_assert_false (stats->running);
  g_assert_cmpuint (stats->clients_connected, ==, 0);
  g_assert_cmpuint (stats->errors, ==, stats->connect_errors + stats->io_errors + stats->status_errors);
}

static void
assert_latency_sane (const LlHttpLoadLatency *latency)
{
  g_assert_cmpuint (latency->count, >, 0);
  g_assert_cmpint (latency->p50, >, 0);
  g_assert_cmpint (latency->p50, <=, latency->p99);
  g_assert_cmpint (latency->p99, <=, latency->max);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* A port nobody listens on: bound, then closed. */
static guint
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}

/* Ten clients, half a second: every answer a 200, on one connection
 * each (keep-alive), and latencies in order. */
static void
test_basic (Fixture       *fixture,
            gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", port, 10, 500);
  LlHttpLoadStats stats;

  g_assert_cmpstr (ll_http_load_get_path (load), ==, "/hello/world");
  ll_http_load_get_stats (load, &stats);
  g_assert_false (stats.running);
  g_assert_cmpuint (stats.clients, ==, 10);
  g_assert_cmpuint (stats.requests, ==, 0);

  run_load (load, &stats);

  g_assert_cmpuint (stats.clients, ==, 10);
  g_assert_cmpuint (stats.errors, ==, 0);
  g_assert_cmpuint (stats.requests, >, 10);
  g_assert_cmpint (stats.elapsed_ms, >=, 500);
  g_assert_cmpuint (stats.total.count, ==, stats.requests);
  assert_latency_sane (&stats.total);
  /* The last second holds the whole half-second run. */
  assert_latency_sane (&stats.recent);
  g_assert_cmpint (stats.recent.max, <=, stats.total.max);
  g_assert_cmpfloat (stats.recent_rate, >, 0);
  g_assert_cmpfloat (stats.rate, >, 0);
  g_assert_cmpuint (stats.bytes_out, >, 0);
  g_assert_cmpuint (stats.bytes_in, >, stats.bytes_out);

  /* One connection a client, every request on it; the server answered
   * each one the load counted, and perhaps a last few it closed on. */
  g_assert_cmpuint (ll_http_server_get_n_accepted (fixture->server), ==, 10);
  g_assert_cmpuint (ll_http_server_get_n_requests (fixture->server), >=, stats.requests);

  /* The figures stay, and stop after the end does nothing. */
  ll_http_load_stop (load);
  ll_http_load_stop (load);
}

/* Another path: a 404 is an answer, but not a success. */
static void
test_path (Fixture       *fixture,
           gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("localhost", port, 2, 200);
  LlHttpLoadStats stats;

  ll_http_load_set_path (load, "/nowhere");
  g_assert_cmpstr (ll_http_load_get_path (load), ==, "/nowhere");
  run_load (load, &stats);

  g_assert_cmpuint (stats.requests, ==, 0);
  g_assert_cmpuint (stats.status_errors, >, 0);
  g_assert_cmpuint (stats.connect_errors + stats.io_errors, ==, 0);
  g_assert_cmpuint (stats.total.count, ==, 0);
  g_assert_cmpint (stats.total.max, ==, 0);
  /* 404s keep the connection. */
  g_assert_cmpuint (ll_http_server_get_n_accepted (fixture->server), ==, 2);
}

/* Nobody listens: every connect fails, and is counted; the clients
 * pause longer after each (50, 100, 200 ms... and a random half more),
 * so in 300 ms each tries four times at most, and the run ends. */
static void
test_closed_port (void)
{
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", closed_port (), 5, 300);
  LlHttpLoadStats stats;

  run_load (load, &stats);

  g_assert_cmpuint (stats.requests, ==, 0);
  g_assert_cmpuint (stats.connect_errors, >=, 5);
  g_assert_cmpuint (stats.connect_errors, <=, 5 * 4);
  g_assert_cmpuint (stats.errors, ==, stats.connect_errors);
  g_assert_cmpuint (stats.total.count, ==, 0);
}

/* A load with no end, stopped while it runs: every socket is closed
 * when stop returns, ::finished follows, and no file descriptor is
 * left open once the load and the server are gone. */
static void
test_stop (void)
{
  guint fds_before;
  g_autoptr(LlScheduler) scheduler = NULL;
  g_autoptr(LlHttpServer) server = NULL;
  g_autoptr(LlHttpLoad) load = NULL;
  g_autoptr(GError) error = NULL;
  LlHttpLoadStats stats = { 0 };
  guint n_finished = 0;

  /* The default context's own file descriptor, made before counting. */
  g_main_context_wakeup (NULL);
  iterate_for (1);
  fds_before = count_fds ();

  scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  server = ll_http_server_new (scheduler);
  ll_http_server_set_address (server, "127.0.0.1");
  ll_http_server_set_port (server, 0);
  ll_http_server_start (server, &error);
  g_assert_no_error (error);

  load = ll_http_load_new ("127.0.0.1", ll_http_server_get_port (server), 50, 0);
  g_signal_connect (load, "finished", G_CALLBACK (on_finished), &n_finished);
  ll_http_load_start (load, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 500 && stats.clients_connected < 50; i++)
    {
      iterate_for (5);
      ll_http_load_get_stats (load, &stats);
    }
  g_assert_true (stats.running);
  g_assert_cmpuint (stats.clients_connected, ==, 50);

  ll_http_load_stop (load);
  ll_http_load_get_stats (load, &stats);
  g_assert_false (stats.running);
  g_assert_cmpuint (stats.clients_connected, ==, 0);
  g_assert_cmpuint (stats.errors, ==, 0);
  g_assert_cmpuint (n_finished, ==, 0);   /* from the loop, not from inside stop */
  ll_http_load_stop (load);

  iterate_for (20);
  g_assert_cmpuint (n_finished, ==, 1);

  /* The server saw every client close. */
  for (guint i = 0; i < 500 && ll_http_server_get_n_connections (server) > 0; i++)
    iterate_for (2);
  g_assert_cmpuint (ll_http_server_get_n_connections (server), ==, 0);

  stop_server (server);
  g_assert_finalize_object (g_steal_pointer (&load));
  g_assert_finalize_object (g_steal_pointer (&server));
  g_assert_finalize_object (g_steal_pointer (&scheduler));
  g_assert_cmpuint (count_fds (), ==, fds_before);
}

/* Dropped while it runs: no ::finished, nothing left behind. */
static void
test_dispose_running (Fixture       *fixture,
                      gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  LlHttpLoad *load = ll_http_load_new ("127.0.0.1", port, 20, 0);
  g_autoptr(GError) error = NULL;
  guint n_finished = 0;

  g_signal_connect (load, "finished", G_CALLBACK (on_finished), &n_finished);
  ll_http_load_start (load, &error);
  g_assert_no_error (error);
  iterate_for (50);

  g_assert_finalize_object (load);
  iterate_for (20);
  g_assert_cmpuint (n_finished, ==, 0);
}

/* 200 clients: all of them connected at once, and no failure. */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", port, 200, 500);
  g_autoptr(GError) error = NULL;
  LlHttpLoadStats stats = { 0 };
  guint max_connected = 0;
  guint n_finished = 0;

  g_signal_connect (load, "finished", G_CALLBACK (on_finished), &n_finished);
  ll_http_load_start (load, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000 && n_finished == 0; i++)
    {
      iterate_for (5);
      ll_http_load_get_stats (load, &stats);
      max_connected = MAX (max_connected, stats.clients_connected);
    }
  g_assert_cmpuint (n_finished, ==, 1);

  ll_http_load_get_stats (load, &stats);
  g_assert_cmpuint (max_connected, ==, 200);
  g_assert_cmpuint (stats.errors, ==, 0);
  g_assert_cmpuint (stats.requests, >=, 200);
  assert_latency_sane (&stats.total);
  g_assert_cmpuint (ll_http_server_get_n_accepted (fixture->server), ==, 200);
}

/* A server that serves five connections at once answers the others 503
 * and closes: counted as failures, and those clients try again. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", port, 10, 400);
  LlHttpLoadStats stats;

  ll_http_server_set_max_connections (fixture->server, 5);
  run_load (load, &stats);

  g_assert_cmpuint (stats.requests, >, 0);
  g_assert_cmpuint (stats.status_errors, >=, 5);
  g_assert_cmpuint (ll_http_server_get_n_refused (fixture->server), >=, 5);
  assert_latency_sane (&stats.total);
}

/* The server stops in the middle: the clients lose their connections,
 * are refused from then on, count it all, and end with the run. */
static void
test_server_stops (Fixture       *fixture,
                   gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", port, 10, 600);
  g_autoptr(GError) error = NULL;
  LlHttpLoadStats stats = { 0 };
  guint n_finished = 0;
  guint64 requests_then;

  g_signal_connect (load, "finished", G_CALLBACK (on_finished), &n_finished);
  ll_http_load_start (load, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 500 && stats.requests == 0; i++)
    {
      iterate_for (5);
      ll_http_load_get_stats (load, &stats);
    }
  g_assert_cmpuint (stats.requests, >, 0);

  stop_server (fixture->server);
  iterate_for (2 * LL_HTTP_LOAD_TICK_MS);
  ll_http_load_get_stats (load, &stats);
  requests_then = stats.requests;

  for (guint i = 0; i < 1000 && n_finished == 0; i++)
    iterate_for (5);
  g_assert_cmpuint (n_finished, ==, 1);

  ll_http_load_get_stats (load, &stats);
  g_assert_cmpuint (stats.requests, ==, requests_then);
  g_assert_cmpuint (stats.errors, >=, 10);
  /* Each client pauses 50, 100, 200 ms... between its attempts: in
   * 600 ms, a handful each, not a busy loop. */
  g_assert_cmpuint (stats.errors, <=, 10 * 8);
}

/* A handler that blocks 20 ms: no answer comes sooner. */
static void
test_blocking_handler (Fixture       *fixture,
                       gconstpointer  data)
{
  guint port = ll_http_server_get_port (fixture->server);
  g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", port, 4, 300);
  LlHttpLoadStats stats;

  ll_http_server_set_block_ms (fixture->server, 20);
  run_load (load, &stats);

  g_assert_cmpuint (stats.errors, ==, 0);
  assert_latency_sane (&stats.total);
  /* The histogram reports a bucket's lowest value, within 1/64. */
  g_assert_cmpint (stats.total.p50, >=, 20000 - 20000 / 64);
}

/* Whether this machine has IPv6 on its loopback. */
static gboolean
have_ipv6_loopback (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  return socket != NULL && g_socket_bind (socket, address, TRUE, NULL);
}

/* ::1, with its Host header in brackets (a server that could not parse
 * it would answer 400). */
static void
test_ipv6 (void)
{
  g_autoptr(LlScheduler) scheduler = NULL;
  g_autoptr(LlHttpServer) server = NULL;
  g_autoptr(LlHttpLoad) load = NULL;
  g_autoptr(GError) error = NULL;
  LlHttpLoadStats stats;

  if (!have_ipv6_loopback ())
    {
      g_test_skip ("No IPv6 loopback here");
      return;
    }

  scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  server = ll_http_server_new (scheduler);
  ll_http_server_set_address (server, "::1");
  ll_http_server_set_port (server, 0);
  ll_http_server_start (server, &error);
  g_assert_no_error (error);

  load = ll_http_load_new ("::1", ll_http_server_get_port (server), 2, 200);
  run_load (load, &stats);
  g_assert_cmpuint (stats.errors, ==, 0);
  g_assert_cmpuint (stats.requests, >, 0);

  stop_server (server);
}

static void
test_not_loopback (void)
{
  const char *hosts[] = { "192.0.2.1", "example.com", "0.0.0.0", "" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(LlHttpLoad) load = ll_http_load_new (hosts[i], 80, 1, 100);
      g_autoptr(GError) error = NULL;
      LlHttpLoadStats stats;

      g_assert_false (ll_http_load_start (load, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      ll_http_load_get_stats (load, &stats);
      g_assert_false (stats.running);
    }
}

/* File descriptors: a soft limit too low for the clients is raised
 * towards the hard one, as far as they need; a hard limit too low fails the start, saying so.  In a
 * subprocess each, since a hard limit cannot be raised again. */
static void
test_fd_limit (void)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < 1024)
    {
      g_test_skip ("The hard limit on open files is below 1024");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(LlHttpLoad) load = ll_http_load_new ("127.0.0.1", closed_port (), 200, 100);
      g_autoptr(GError) error = NULL;
      struct rlimit low = { 64, limit.rlim_max };
      LlHttpLoadStats stats;

      g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
      run_load (load, &stats);
      g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
      g_assert_cmpuint (limit.rlim_cur, >=, 200);
      g_assert_cmpuint (limit.rlim_cur, <=, low.rlim_max);

      low.rlim_cur = low.rlim_max = 128;
      g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
      g_clear_object (&load);
      load = ll_http_load_new ("127.0.0.1", closed_port (), 200, 100);
      g_assert_false (ll_http_load_start (load, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES);
      g_assert_nonnull (strstr (error->message, "200 clients"));
      g_assert_nonnull (strstr (error->message, "ulimit -Hn"));
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/looplab/http-load/basic", Fixture, NULL, fixture_set_up, test_basic, fixture_tear_down);
  g_test_add ("/looplab/http-load/path", Fixture, NULL, fixture_set_up, test_path, fixture_tear_down);
  g_test_add_func ("/looplab/http-load/closed-port", test_closed_port);
  g_test_add_func ("/looplab/http-load/stop", test_stop);
  g_test_add ("/looplab/http-load/dispose-running", Fixture, NULL,
              fixture_set_up, test_dispose_running, fixture_tear_down);
  g_test_add ("/looplab/http-load/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add ("/looplab/http-load/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/looplab/http-load/server-stops", Fixture, NULL,
              fixture_set_up, test_server_stops, fixture_tear_down);
  g_test_add ("/looplab/http-load/blocking-handler", Fixture, NULL,
              fixture_set_up, test_blocking_handler, fixture_tear_down);
  g_test_add_func ("/looplab/http-load/ipv6", test_ipv6);
  g_test_add_func ("/looplab/http-load/not-loopback", test_not_loopback);
  g_test_add_func ("/looplab/http-load/fd-limit", test_fd_limit);

  return g_test_run ();
}
