/* ll-http-load.h: the built-in load generator, clients as coroutines
 *
 * A load is N keep-alive HTTP/1.1 clients, each a coroutine that
 * connects, then asks `GET path` and reads the whole answer, again and
 * again, for a given time.  They run on a thread of their own, with its
 * own GMainContext and LlScheduler, so that the loop of the server they
 * load measures the server alone.  It sends to this machine's loopback
 * addresses only.
 *
 * Threading:
 *
 * - Make, start and stop a load, and connect to ::finished, on one
 *   thread, the owner; start it with the owner's thread-default context
 *   iterated, since ::finished is emitted there.
 * - ll_http_load_get_stats() may be called from any thread, at any rate:
 *   it copies a snapshot that the load's thread refreshes ten times a
 *   second (LL_HTTP_LOAD_TICK_MS), under a mutex held for the copy.
 * - ll_http_load_stop() joins the load's thread, and so returns once
 *   every client has closed: about 0.1 s with a few thousand clients
 *   (measured at 2000 and 4675), as GLib takes a file descriptor out of
 *   a context in time proportional to how many it has.  ::finished
 *   follows, from the owner's context.
 * - Nothing the load's thread runs touches the owner's objects.
 *
 * A load runs once: make a new one for the next run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Clients of one load, at most: the server's own LL_HTTP_MAX_CONNECTIONS. */
#define LL_HTTP_LOAD_MAX_CLIENTS  10000
/* How often the load's thread refreshes what ll_http_load_get_stats() sees. */
#define LL_HTTP_LOAD_TICK_MS      100

/**
 * LlHttpLoadLatency:
 * @count: responses measured
 * @p50: the median latency, in µs
 * @p99: the 99th percentile, in µs
 * @max: the largest, in µs
 *
 * Latencies of successful (2xx) responses, from the request's first
 * byte sent to the response's last byte read.  The percentiles are
 * those of ll-histogram.h (within 1/64 of the value, never above it);
 * @max is exact, so @p50 <= @p99 <= @max.  All 0 when @count is.
 */
typedef struct
{
  guint64 count;
  gint64  p50;
  gint64  p99;
  gint64  max;
} LlHttpLoadLatency;

/**
 * LlHttpLoadStats:
 * @running: whether the load's thread still runs: from
 *   ll_http_load_start() until every client has closed
 * @elapsed_ms: since the start; once it ended, the run's length
 * @clients: clients asked for
 * @clients_connected: clients with a connection open now
 * @requests: successful (2xx) responses
 * @errors: every failure: the sum of the three below
 * @connect_errors: connections that could not be made (refused, no
 *   file descriptor left)
 * @io_errors: connections lost under way (closed or reset by the
 *   server, an answer it could not parse)
 * @status_errors: answers whose status was not 2xx (503 when the
 *   server has as many connections as it serves)
 * @bytes_in: bytes read, the responses' headers included
 * @bytes_out: bytes sent
 * @recent_rate: successful responses per second over the last 500 ms
 * @rate: successful responses per second over the whole run
 * @recent: latencies over the last second (a sliding window)
 * @total: latencies over the whole run
 *
 * A snapshot of a load, as ll_http_load_get_stats() gives it.  The
 * counters and latencies are as of the load thread's last tick.
 */
typedef struct
{
  gboolean          running;
  gint64            elapsed_ms;
  guint             clients;
  guint             clients_connected;
  guint64           requests;
  guint64           errors;
  guint64           connect_errors;
  guint64           io_errors;
  guint64           status_errors;
  guint64           bytes_in;
  guint64           bytes_out;
  double            recent_rate;
  double            rate;
  LlHttpLoadLatency recent;
  LlHttpLoadLatency total;
} LlHttpLoadStats;

#define LL_TYPE_HTTP_LOAD (ll_http_load_get_type ())
G_DECLARE_FINAL_TYPE (LlHttpLoad, ll_http_load, LL, HTTP_LOAD, GObject)

LlHttpLoad *ll_http_load_new        (const char       *host,
                                     guint             port,
                                     guint             clients,
                                     guint             duration_ms);
void        ll_http_load_set_path   (LlHttpLoad       *self,
                                     const char       *path);
const char *ll_http_load_get_path   (LlHttpLoad       *self);

gboolean    ll_http_load_start      (LlHttpLoad       *self,
                                     GError          **error);
void        ll_http_load_stop       (LlHttpLoad       *self);
void        ll_http_load_get_stats  (LlHttpLoad       *self,
                                     LlHttpLoadStats  *stats);

G_END_DECLS
