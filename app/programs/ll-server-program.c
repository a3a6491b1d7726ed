/* ll-server-program.c: "The single-threaded server", headless
 *
 * The notes' server serves every connection as a coroutine on this
 * program's loop; the load generator's clients, coroutines too, run on
 * a thread of their own, so that this loop does nothing but serve.  A
 * line a second says what the clients saw (answers per second, their
 * latency over that second) and what the server's loop did
 * (connections open, how late its timer ran); the last line, the run's
 * figures.  `--block-ms` makes every /hello sleep in its handler, on
 * the server's thread, as time.sleep() would in the notes' aiohttp
 * handler: the latency climbs to the whole queue's sleeps, and the
 * answers per second fall to 1000 / MS.
 *
 *   looplab-cli run server --clients 100 --duration 2
 *   looplab-cli run server --clients 100 --duration 2 --block-ms 10
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-server-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-http-load.h"
#include "ll-http-server.h"
#include "ll-loop-monitor.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-server-program.h"

#define MAX_DURATION_S 60
#define MAX_BLOCK_MS   1000

typedef struct
{
  GOutputStream *out;
  LlHttpServer  *server;
  LlHttpLoad    *load;
  LlLoopMonitor *monitor;
  guint          duration_s;
  guint          second;
  gint64         last_time;
  gboolean       finished;
} Run;

static double
ms (gint64 usec)
{
  return usec / (double) G_TIME_SPAN_MILLISECOND;
}

/* A count, as text: a translated message cannot hold G_GUINT64_FORMAT. */
static char *
count_text (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

/* Once a second: the answers per second (over the last half second,
 * as the window's chart draws them), the latency over the last second,
 * and how late the server loop's timer ran meanwhile. */
static gboolean
on_second (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();
  LlHttpLoadStats stats;
  LlLagStats lag;

  ll_http_load_get_stats (run->load, &stats);
  ll_loop_monitor_get_stats_since (run->monitor, LL_LAG_TIMER, run->last_time, &lag);
  run->second++;
  run->last_time = now;

  ll_print (run->out,
            _("%3u s: %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms; %u connections open; server loop lag max %.1f ms\n"),
            run->second, stats.recent_rate, ms (stats.recent.p50), ms (stats.recent.p99),
            ll_http_server_get_n_connections (run->server), ms (lag.max));

  if (run->second < run->duration_s)
    return G_SOURCE_CONTINUE;

  /* The load's own end, at the last line: so there are as many lines
   * as seconds.  Stopping joins the load's thread, which closes its
   * clients' sockets and waits for nothing from this loop. */
  ll_http_load_stop (run->load);

  return G_SOURCE_REMOVE;
}

static void
on_finished (LlHttpLoad *load,
             Run        *run)
{
  run->finished = TRUE;
}

static void
print_summary (Run *run)
{
  LlHttpLoadStats stats;
  g_autofree char *requests = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *served = NULL;
  g_autofree char *accepted = NULL;

  ll_http_load_get_stats (run->load, &stats);
  requests = count_text (stats.requests);
  errors = count_text (stats.errors);
  ll_print (run->out,
            _("Done: %s requests in %.2f s, %.0f per second; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; %s errors.\n"),
            requests, stats.elapsed_ms / 1000.0, stats.rate,
            ms (stats.total.p50), ms (stats.total.p99), ms (stats.total.max), errors);

  if (stats.errors > 0)
    {
      g_autofree char *connect = count_text (stats.connect_errors);
      g_autofree char *lost = count_text (stats.io_errors);
      g_autofree char *status = count_text (stats.status_errors);

      ll_print (run->out,
                _("Errors: %s connections that could not be made, %s lost under way, %s answers that were not 2xx.\n"),
                connect, lost, status);
    }

  served = count_text (ll_http_server_get_n_requests (run->server));
  accepted = count_text (ll_http_server_get_n_accepted (run->server));
  ll_print (run->out, _("The server answered %s requests on %s connections, all on one thread.\n"),
            served, accepted);
}

/* Stops the server and lets each connection's coroutine see its close. */
static void
stop_server (LlHttpServer *server,
             GMainContext *context)
{
  ll_http_server_stop (server);
  while (ll_http_server_get_n_connections (server) > 0)
    g_main_context_iteration (context, TRUE);
}

gboolean
ll_server_program_run (int             argc,
                       char          **argv,
                       GOutputStream  *out,
                       GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(LlScheduler) scheduler = NULL;
  g_autoptr(LlHttpServer) server = NULL;
  g_autoptr(LlLoopMonitor) monitor = NULL;
  g_autoptr(LlHttpLoad) load = NULL;
  g_autoptr(GSource) timer = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  int clients = 100;
  int duration_s = 2;
  int block_ms = 0;
  Run run = { 0 };
  GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients,
      N_("How many clients, each with one connection and one request at a time (1 to 10000; 100 by default)"), N_("N") },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration_s,
      N_("How long the load runs, in seconds (1 to 60; 2 by default)"), N_("SECONDS") },
    { "block-ms", 0, 0, G_OPTION_ARG_INT, &block_ms,
      N_("How long each /hello request blocks the server’s thread, in milliseconds (0 to 1000; 0 by default)"), N_("MS") },
    { NULL }
  };

  if (!ll_program_parse_options (entries, NULL, &args, error) ||
      !ll_program_check_no_args (args, error))
    return FALSE;

  if (clients < 1 || clients > LL_HTTP_LOAD_MAX_CLIENTS || duration_s < 1 ||
      duration_s > MAX_DURATION_S || block_ms < 0 || block_ms > MAX_BLOCK_MS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--clients takes 1 to %d, --duration 1 to %d seconds and --block-ms 0 to %d"),
                   LL_HTTP_LOAD_MAX_CLIENTS, MAX_DURATION_S, MAX_BLOCK_MS);
      return FALSE;
    }

  /* A private context, so the server's loop runs nothing but the server. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  scheduler = ll_scheduler_new (context, LL_CLOCK_MONOTONIC);
  server = ll_http_server_new (scheduler);
  ll_http_server_set_address (server, "127.0.0.1");
  ll_http_server_set_port (server, 0);
  ll_http_server_set_block_ms (server, (guint) block_ms);
  if (!ll_http_server_start (server, error))
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }

  load = ll_http_load_new ("127.0.0.1", ll_http_server_get_port (server), (guint) clients, 0);
  if (!ll_http_load_start (load, error))
    {
      stop_server (server, context);
      g_main_context_pop_thread_default (context);
      return FALSE;
    }

  monitor = ll_loop_monitor_new (context);
  ll_loop_monitor_start (monitor);

  run.out = out;
  run.server = server;
  run.load = load;
  run.monitor = monitor;
  run.duration_s = (guint) duration_s;
  run.last_time = g_get_monotonic_time ();
  g_signal_connect (load, "finished", G_CALLBACK (on_finished), &run);

  url = ll_http_server_get_url (server);
  ll_print (out, _("The single-threaded server under load: %d clients for %d s. Each client is a coroutine on the load generator’s own thread; the server runs each connection as a coroutine on this thread’s loop.\n"),
            clients, duration_s);
  ll_print (out, _("Serving on %s; every client asks for %s, one request at a time, on one kept-alive connection.\n"),
            url, ll_http_load_get_path (load));
  if (block_ms > 0)
    ll_print (out, _("Each /hello request blocks the server’s thread for %d ms (--block-ms): the loop, and every other connection, waits meanwhile.\n"),
              block_ms);

  timer = g_timeout_source_new (1000);
  g_source_set_callback (timer, on_second, &run, NULL);
  g_source_set_static_name (timer, "[looplab] a line a second");
  g_source_attach (timer, context);

  while (!run.finished)
    g_main_context_iteration (context, TRUE);

  print_summary (&run);

  g_source_destroy (timer);
  g_signal_handlers_disconnect_by_data (load, &run);
  ll_loop_monitor_stop (monitor);
  stop_server (server, context);
  g_main_context_pop_thread_default (context);

  return TRUE;
}
