/* ll-slow-server.h: a slow HTTP/1.0 server on 127.0.0.1, for the Fetch workload
 *
 * It answers `GET /anything HTTP/1.0` (then a blank line) after a delay,
 * 1 s by default, with `HTTP/1.0 200 OK` and a short body naming the
 * request's number, so `curl http://127.0.0.1:PORT/` can talk to it too.
 * A request may ask for its own delay with `delay_ms=N` in its path
 * (0 to 10 000).  It listens on the loopback address only, never on a
 * public interface, on a free port by default.
 *
 * Threads: every connection is served by a coroutine, and all of them
 * run on ONE thread that the server starts for itself, with its own
 * GMainContext and LlScheduler.  Not the caller's thread, on purpose:
 * the Fetch (blocking) workload blocks the caller's thread in a
 * synchronous connect/write/read, and a server on that same loop could
 * never answer it (a deadlock).  One extra thread, however many
 * connections: the server itself is the single-threaded server of the
 * coroutine lessons.
 *
 * The object is used from the thread that created it; only the
 * counters, the delay and the fault may be read or set while the server
 * thread runs (they are atomic).  ll_slow_server_stop() (or the last
 * unref) closes every connection and joins the thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The listen backlog: a burst of 1000 simultaneous connects must not
 * overflow the kernel's accept queue (GSocketListener's default is 10,
 * and a dropped SYN is retried only after a second). */
#define LL_SLOW_SERVER_BACKLOG        1024
#define LL_SLOW_SERVER_DEFAULT_DELAY  (1 * G_TIME_SPAN_SECOND)
#define LL_SLOW_SERVER_MAX_DELAY      (10 * G_TIME_SPAN_SECOND)

/**
 * LlSlowServerFault:
 * @LL_SLOW_SERVER_FAULT_NONE: answer every request
 * @LL_SLOW_SERVER_FAULT_RESET: accept each connection and reset it at
 *   once (the client sees "connection reset by peer")
 * @LL_SLOW_SERVER_FAULT_CLOSE: accept each connection and close it at
 *   once, without answering
 *
 * Faults the server can play, to show how the clients report them.
 */
typedef enum
{
  LL_SLOW_SERVER_FAULT_NONE,
  LL_SLOW_SERVER_FAULT_RESET,
  LL_SLOW_SERVER_FAULT_CLOSE,
} LlSlowServerFault;

#define LL_TYPE_SLOW_SERVER_FAULT (ll_slow_server_fault_get_type ())
GType ll_slow_server_fault_get_type (void) G_GNUC_CONST;

#define LL_TYPE_SLOW_SERVER (ll_slow_server_get_type ())

G_DECLARE_FINAL_TYPE (LlSlowServer, ll_slow_server, LL, SLOW_SERVER, GObject)

LlSlowServer      *ll_slow_server_new                (void);

gboolean           ll_slow_server_start              (LlSlowServer       *self,
                                                      GError            **error);
void               ll_slow_server_stop               (LlSlowServer       *self);
gboolean           ll_slow_server_get_running        (LlSlowServer       *self);

guint              ll_slow_server_get_port           (LlSlowServer       *self);
void               ll_slow_server_set_port           (LlSlowServer       *self,
                                                      guint               port);
gint64             ll_slow_server_get_delay          (LlSlowServer       *self);
void               ll_slow_server_set_delay          (LlSlowServer       *self,
                                                      gint64              delay);
LlSlowServerFault  ll_slow_server_get_fault          (LlSlowServer       *self);
void               ll_slow_server_set_fault          (LlSlowServer       *self,
                                                      LlSlowServerFault   fault);

guint              ll_slow_server_get_n_connections  (LlSlowServer       *self);
guint              ll_slow_server_get_max_connections (LlSlowServer      *self);
guint64            ll_slow_server_get_n_accepted     (LlSlowServer       *self);
guint64            ll_slow_server_get_n_answered     (LlSlowServer       *self);

G_END_DECLS
