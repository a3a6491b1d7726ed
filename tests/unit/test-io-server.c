/* test-io-server.c: the slow local server, and the fetch workloads over loopback
 *
 * The server runs on its own thread; the clients (blocking and async)
 * on this one.  Delays are short, and nothing asserts a timing: the
 * concurrency test checks that every connection was open before the
 * first answer came, which only a sequential client could fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-loop-monitor.h"
#include "ll-slow-server.h"
#include "ll-workload-fetch.h"
#include "ll-workload-test-util.h"

static LlSlowServer *
start_server (gint64 delay)
{
  g_autoptr(LlSlowServer) server = ll_slow_server_new ();
  g_autoptr(GError) error = NULL;

  ll_slow_server_set_delay (server, delay);
  ll_slow_server_start (server, &error);
  g_assert_no_error (error);
  g_assert_true (ll_slow_server_get_running (server));
  g_assert_cmpuint (ll_slow_server_get_port (server), >, 0);

  return g_steal_pointer (&server);
}

static LlWorkload *
make_fetch (LlWorkloadMode  mode,
            LlSlowServer   *server,
            guint           requests,
            gint64          delay)
{
  LlWorkload *workload = ll_workload_new (LL_WORKLOAD_KIND_FETCH, mode, NULL);

  ll_workload_fetch_set_port (LL_WORKLOAD_FETCH (workload), ll_slow_server_get_port (server));
  ll_workload_fetch_set_requests (LL_WORKLOAD_FETCH (workload), requests);
  ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (workload), delay);

  return workload;
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

/* A plain client, as curl would be: one request, the whole answer. */
static char *
raw_request (guint       port,
             const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  guint8 buffer[1024];
  gssize n;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, (guint) n);
  g_assert_no_error (error);
  g_byte_array_append (answer, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&answer), FALSE);
}

static void
assert_phases_ordered (const LlFetchRequest *r)
{
  g_assert_cmpint (r->phase, ==, LL_FETCH_PHASE_DONE);
  g_assert_null (r->error);
  g_assert_cmpint (r->connect_start, >, 0);
  g_assert_cmpint (r->connect_start, <=, r->connect_end);
  g_assert_cmpint (r->connect_end, <=, r->send_end);
  g_assert_cmpint (r->send_end, <=, r->first_byte);
  g_assert_cmpint (r->first_byte, <=, r->read_end);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (r->served_as, >, 0);
  g_assert_cmpuint (r->bytes, >, 0);
}

/* The server */

static void
test_server_http (void)
{
  g_autoptr(LlSlowServer) server = start_server (10 * G_TIME_SPAN_MILLISECOND);
  guint port = ll_slow_server_get_port (server);
  g_autofree char *ok = NULL;
  g_autofree char *again = NULL;
  g_autofree char *bad = NULL;

  ok = raw_request (port, "GET /anything HTTP/1.0\r\n\r\n");
  g_assert_true (g_str_has_prefix (ok, "HTTP/1.0 200 OK\r\n"));
  g_assert_nonnull (strstr (ok, "\r\n\r\nRequest 1, answered after 10 ms"));

  /* curl's way: HTTP/1.1, headers; and a delay of its own. */
  again = raw_request (port, "GET /x?delay_ms=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n");
  g_assert_true (g_str_has_prefix (again, "HTTP/1.0 200 OK\r\n"));
  g_assert_nonnull (strstr (again, "Request 2, answered after 0 ms"));

  bad = raw_request (port, "POST / HTTP/1.0\r\n\r\n");
  g_assert_true (g_str_has_prefix (bad, "HTTP/1.0 400 Bad Request\r\n"));

  g_assert_cmpuint (ll_slow_server_get_n_accepted (server), ==, 3);
  g_assert_cmpuint (ll_slow_server_get_n_answered (server), ==, 3);

  ll_slow_server_stop (server);
  g_assert_false (ll_slow_server_get_running (server));
  g_assert_cmpuint (ll_slow_server_get_n_connections (server), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* /proc/net/tcp lists listening sockets (state 0A) by hex address:port;
 * 127.0.0.1 is 0100007F there. */
static void
test_server_loopback_only (void)
{
  g_autoptr(LlSlowServer) server = start_server (0);
  g_autofree char *table = NULL;
  g_autofree char *loopback = NULL;
  g_autofree char *any = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL))
    {
      g_test_skip ("No /proc/net/tcp to check the listening address in");
      return;
    }

  loopback = g_strdup_printf ("0100007F:%04X 00000000:0000 0A", ll_slow_server_get_port (server));
  any = g_strdup_printf ("00000000:%04X 00000000:0000 0A", ll_slow_server_get_port (server));
  g_assert_nonnull (strstr (table, loopback));
  g_assert_null (strstr (table, any));
}

static void
test_server_port_in_use (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(LlSlowServer) server = ll_slow_server_new ();
  g_autoptr(LlSlowServer) second = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  guint port;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  port_text = g_strdup_printf ("%u", port);

  ll_slow_server_set_port (server, port);
  g_assert_false (ll_slow_server_start (server, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, port_text));
  g_assert_false (ll_slow_server_get_running (server));
  g_clear_error (&error);

  /* The same with one of ours on the port. */
  g_socket_listener_close (listener);
  g_assert_true (ll_slow_server_start (server, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ll_slow_server_get_port (server), ==, port);
  second = ll_slow_server_new ();
  ll_slow_server_set_port (second, port);
  g_assert_false (ll_slow_server_start (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);

  /* Stopped, the port is free again. */
  ll_slow_server_stop (server);
  g_clear_error (&error);
  g_assert_true (ll_slow_server_start (second, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* Fetch */

static void
test_fetch_async (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  g_autoptr(LlWorkload) workload = make_fetch (LL_WORKLOAD_MODE_ASYNC, server, 5,
                                               50 * G_TIME_SPAN_MILLISECOND);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) served = g_hash_table_new (NULL, NULL);

  result = ll_test_run_workload (workload, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (result->n_requests, ==, 5);
  g_assert_cmpuint (result->n_failed, ==, 0);
  g_assert_null (result->failure);
  g_assert_cmpint (result->requested, ==, 5 * 50 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (result->requests->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

      assert_phases_ordered (r);
      g_assert_cmpuint (r->index, ==, i);
      g_hash_table_add (served, GUINT_TO_POINTER (r->served_as));
      /* What the page reads while it runs is what the result holds. */
      g_assert_cmpint (ll_workload_fetch_get_request (LL_WORKLOAD_FETCH (workload), i)->read_end, ==, r->read_end);
    }
  g_assert_cmpuint (g_hash_table_size (served), ==, 5);
  g_assert_cmpuint (ll_workload_fetch_get_n_requests (LL_WORKLOAD_FETCH (workload)), ==, 5);
  g_assert_cmpfloat (ll_workload_get_progress (workload), ==, 1.0);

  g_assert_finalize_object (g_steal_pointer (&workload));
  ll_slow_server_stop (server);
}

static gboolean
start_run (gpointer data)
{
  gpointer *args = data;

  ll_workload_run_async (args[0], NULL, ll_test_on_run_done, args[1]);

  return G_SOURCE_REMOVE;
}

static void
test_fetch_blocking (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  g_autoptr(LlLoopMonitor) monitor = ll_loop_monitor_new (NULL);
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_FETCH,
                                                    LL_WORKLOAD_MODE_BLOCKING, monitor);
  LlTestOutcome outcome = { 0 };
  gpointer args[2] = { workload, &outcome };

  ll_workload_fetch_set_port (LL_WORKLOAD_FETCH (workload), ll_slow_server_get_port (server));
  ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (workload), 50 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_set_stall_threshold (monitor, 20 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_start (monitor);

  /* Blocks this thread for 5 × 50 ms: the server, on its own thread,
   * answers all the same. */
  ll_loop_monitor_add_timeout (monitor, 1, "fetch_clicked_cb", start_run, args, NULL);
  ll_test_wait_for (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result->n_requests, ==, 5);
  g_assert_cmpuint (outcome.result->n_failed, ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      const LlFetchRequest *r = &g_array_index (outcome.result->requests, LlFetchRequest, i);

      assert_phases_ordered (r);
      /* One after the other: each starts once the previous is read. */
      if (i > 0)
        g_assert_cmpint (r->connect_start, >=, (r - 1)->read_end);
    }
  g_assert_cmpstr (outcome.result->stall_handler, ==, "fetch_blocking");
  g_assert_cmpint (outcome.result->stall, >=, 5 * 50 * G_TIME_SPAN_MILLISECOND);

  ll_test_outcome_clear (&outcome);
  ll_loop_monitor_stop (monitor);
  g_assert_finalize_object (g_steal_pointer (&workload));
  ll_slow_server_stop (server);
}

static void
test_fetch_concurrent (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  /* A whole second: the launch of 50 connects takes milliseconds, even
   * under the sanitizers on a busy machine. */
  g_autoptr(LlWorkload) workload = make_fetch (LL_WORKLOAD_MODE_ASYNC, server, 50,
                                               G_TIME_SPAN_SECOND);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_connected = 0;
  gint64 first_answer = G_MAXINT64;

  result = ll_test_run_workload (workload, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_failed, ==, 0);

  /* Concurrent, not sequential: every connection was open before the
   * server's first answer arrived. */
  for (guint i = 0; i < result->requests->len; i++)
    {
      const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

      assert_phases_ordered (r);
      last_connected = MAX (last_connected, r->connect_end);
      first_answer = MIN (first_answer, r->first_byte);
    }
  g_assert_cmpint (last_connected, <, first_answer);
  g_test_message ("at most %u connections open at once on the server",
                  ll_slow_server_get_max_connections (server));

  g_assert_finalize_object (g_steal_pointer (&workload));
  ll_slow_server_stop (server);
}

static void
test_fetch_500 (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  g_autoptr(LlWorkload) workload = make_fetch (LL_WORKLOAD_MODE_ASYNC, server, 500,
                                               10 * G_TIME_SPAN_MILLISECOND);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) served = g_hash_table_new (NULL, NULL);

  result = ll_test_run_workload (workload, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_requests, ==, 500);
  g_assert_cmpuint (result->n_failed, ==, 0);
  for (guint i = 0; i < result->requests->len; i++)
    g_hash_table_add (served, GUINT_TO_POINTER (g_array_index (result->requests, LlFetchRequest, i).served_as));
  g_assert_cmpuint (g_hash_table_size (served), ==, 500);
  g_assert_cmpuint (ll_slow_server_get_n_answered (server), ==, 500);
  g_test_message ("at most %u connections open at once on the server's one thread",
                  ll_slow_server_get_max_connections (server));

  g_assert_finalize_object (g_steal_pointer (&workload));
  ll_slow_server_stop (server);
  g_assert_cmpuint (ll_slow_server_get_n_connections (server), ==, 0);
}

static void
test_fetch_refused (void)
{
  guint port = closed_port ();

  for (LlWorkloadMode mode = LL_WORKLOAD_MODE_BLOCKING; mode <= LL_WORKLOAD_MODE_ASYNC; mode++)
    {
      g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_FETCH, mode, NULL);
      g_autoptr(LlWorkloadResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ll_workload_fetch_set_port (LL_WORKLOAD_FETCH (workload), port);
      ll_workload_fetch_set_requests (LL_WORKLOAD_FETCH (workload), 3);
      result = ll_test_run_workload (workload, &error);

      /* The run completes; its record says what happened. */
      g_assert_no_error (error);
      g_assert_cmpuint (result->n_failed, ==, 3);
      g_assert_nonnull (result->failure);
      g_assert_nonnull (strstr (result->failure, "3 of 3 requests failed"));
      g_assert_nonnull (strstr (result->failure, "refused"));
      for (guint i = 0; i < 3; i++)
        {
          const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

          g_assert_cmpint (r->phase, ==, LL_FETCH_PHASE_FAILED);
          g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
          g_assert_cmpint (r->first_byte, ==, 0);
        }
      g_assert_finalize_object (g_steal_pointer (&workload));
    }
}

static void
test_fetch_faults (void)
{
  const LlSlowServerFault faults[] = { LL_SLOW_SERVER_FAULT_RESET, LL_SLOW_SERVER_FAULT_CLOSE };

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    for (LlWorkloadMode mode = LL_WORKLOAD_MODE_BLOCKING; mode <= LL_WORKLOAD_MODE_ASYNC; mode++)
      {
        g_autoptr(LlSlowServer) server = start_server (0);
        g_autoptr(LlWorkload) workload = make_fetch (mode, server, 4, 0);
        g_autoptr(LlWorkloadResult) result = NULL;
        g_autoptr(GError) error = NULL;

        ll_slow_server_set_fault (server, faults[f]);
        result = ll_test_run_workload (workload, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (result->n_failed, ==, 4);
        g_assert_nonnull (result->failure);
        for (guint i = 0; i < 4; i++)
          {
            const LlFetchRequest *r = &g_array_index (result->requests, LlFetchRequest, i);

            g_assert_cmpint (r->phase, ==, LL_FETCH_PHASE_FAILED);
            /* Reset or closed, seen on the write or the read: the same
             * code (ECONNRESET, EPIPE and end-of-stream all land here). */
            g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
            g_assert_cmpint (r->connect_end, >, 0);
          }
        g_test_message ("fault %d, %s: %s", faults[f], ll_workload_mode_to_string (mode), result->failure);

        g_assert_finalize_object (g_steal_pointer (&workload));
        ll_slow_server_stop (server);
      }
}

static void
count_waiting (LlWorkload *workload,
               guint       index,
               guint      *n_waiting)
{
  if (ll_workload_fetch_get_request (LL_WORKLOAD_FETCH (workload), index)->phase == LL_FETCH_PHASE_WAITING)
    (*n_waiting)++;
}

static void
test_fetch_cancel (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  g_autoptr(LlWorkload) workload = make_fetch (LL_WORKLOAD_MODE_ASYNC, server, 20,
                                               10 * G_TIME_SPAN_SECOND);
  LlTestOutcome outcome = { 0 };
  guint n_waiting = 0;

  g_signal_connect (workload, "request-changed", G_CALLBACK (count_waiting), &n_waiting);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &outcome);
  while (n_waiting < 20)
    g_main_context_iteration (NULL, TRUE);

  /* All 20 wait for their 10 s answer: cancel them. */
  ll_workload_cancel (workload);
  ll_test_wait_for (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < 20; i++)
    {
      const LlFetchRequest *r = ll_workload_fetch_get_request (LL_WORKLOAD_FETCH (workload), i);

      g_assert_cmpint (r->phase, ==, LL_FETCH_PHASE_FAILED);
      g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  ll_test_outcome_clear (&outcome);
  g_signal_handlers_disconnect_by_data (workload, &n_waiting);
  g_assert_finalize_object (g_steal_pointer (&workload));

  /* The server notices the clients left, and stops cleanly anyway. */
  ll_slow_server_stop (server);
  g_assert_cmpuint (ll_slow_server_get_n_connections (server), ==, 0);
}

static void
test_server_stop_mid_fetch (void)
{
  g_autoptr(LlSlowServer) server = start_server (G_TIME_SPAN_SECOND);
  g_autoptr(LlWorkload) workload = make_fetch (LL_WORKLOAD_MODE_ASYNC, server, 10,
                                               10 * G_TIME_SPAN_SECOND);
  LlTestOutcome outcome = { 0 };
  guint n_waiting = 0;

  g_signal_connect (workload, "request-changed", G_CALLBACK (count_waiting), &n_waiting);
  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &outcome);
  while (n_waiting < 10)
    g_main_context_iteration (NULL, TRUE);

  /* Stopping closes the ten connections it holds and joins its thread. */
  ll_slow_server_stop (server);
  g_assert_cmpuint (ll_slow_server_get_n_connections (server), ==, 0);
  ll_test_wait_for (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result->n_failed, ==, 10);
  g_assert_nonnull (strstr (outcome.result->failure, "10 of 10"));

  ll_test_outcome_clear (&outcome);
  g_signal_handlers_disconnect_by_data (workload, &n_waiting);
  g_assert_finalize_object (g_steal_pointer (&workload));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_fetch_no_port (void)
{
  g_autoptr(LlWorkload) workload = ll_workload_new (LL_WORKLOAD_KIND_FETCH,
                                                    LL_WORKLOAD_MODE_ASYNC, NULL);
  g_autoptr(LlWorkloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = ll_test_run_workload (workload, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_finalize_object (g_steal_pointer (&workload));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/io-server/http", test_server_http);
  g_test_add_func ("/looplab/io-server/loopback-only", test_server_loopback_only);
  g_test_add_func ("/looplab/io-server/port-in-use", test_server_port_in_use);
  g_test_add_func ("/looplab/io-server/fetch-async", test_fetch_async);
  g_test_add_func ("/looplab/io-server/fetch-blocking", test_fetch_blocking);
  g_test_add_func ("/looplab/io-server/fetch-concurrent", test_fetch_concurrent);
  g_test_add_func ("/looplab/io-server/fetch-500", test_fetch_500);
  g_test_add_func ("/looplab/io-server/fetch-refused", test_fetch_refused);
  g_test_add_func ("/looplab/io-server/fetch-faults", test_fetch_faults);
  g_test_add_func ("/looplab/io-server/fetch-cancel", test_fetch_cancel);
  g_test_add_func ("/looplab/io-server/server-stop-mid-fetch", test_server_stop_mid_fetch);
  g_test_add_func ("/looplab/io-server/fetch-no-port", test_fetch_no_port);

  return g_test_run ();
}
