/* ll-http-load.c: the built-in load generator, clients as coroutines
 *
 * One thread, one GMainContext, one LlScheduler, and a coroutine per
 * client that reads top to bottom as a client of the notes would:
 *
 *   loop until the end:
 *       wait for a turn to connect (the ramp), connect
 *       loop: send `GET path`, read the whole answer, note its latency
 *       on a failure: count it, close, pause, connect again
 *
 * Sockets are non-blocking: every send, receive and connect is tried
 * first and awaited (ll-fd-watch.c) only when it would block, as the
 * server's connections do.
 *
 * The ramp: a client holds one of RAMP_SLOTS turns from its connect
 * until its first answer.  A connection the server has not accepted yet
 * waits in the kernel's accept queue, and a full queue drops the next
 * SYN, which the client sends again only a second later; with fewer
 * clients connecting at once than the queue holds, none is dropped,
 * whatever the server's pace.
 *
 * The figures stay on this thread, in plain counters and two
 * histograms (the whole run, and the last second as ten slots of
 * 100 ms whose values leave the histogram as their slot expires); a
 * timer copies a snapshot under the mutex ten times a second, so a
 * request costs no lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-http-load"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ll-fd-watch.h"
#include "ll-histogram.h"
#include "ll-http-app.h"
#include "ll-http-load.h"
#include "ll-http-server.h"
#include "ll-process.h"
#include "ll-scheduler.h"

/* Clients between their connect and their first answer, at most: a
 * quarter of the accept queue our server asks for (LL_HTTP_BACKLOG,
 * 4096, which Debian 12's net.core.somaxconn allows), so no SYN is ever
 * dropped.  Fewer slow the ramp down: of 9900 clients, 2368 had
 * connected after 2 s with 128, 4109 with 1024 (the server's pace of
 * accepting bounds both). */
#define RAMP_SLOTS 1024
/* The read buffer: an answer's status line and headers, at most.  Our
 * server's take about 130 bytes; a body is counted and dropped, never
 * kept. */
#define IN_SIZE 2048
/* After a failure, a client waits this long before it connects again,
 * twice as long after each failure in a row, up to the maximum, and a
 * random half as much again so that clients refused together do not
 * come back together.  A stopped server thus costs each client at most
 * a few connects a second, not a busy loop. */
#define RETRY_PAUSE_MS     50
#define RETRY_PAUSE_MAX_MS 1000
/* The sliding windows: latencies over WINDOW_SLOTS ticks (1 s), the
 * recent rate over RATE_TICKS (500 ms). */
#define WINDOW_SLOTS 10
#define RATE_TICKS   5
/* File descriptors the process opens besides the connections: the load
 * thread's context, what the owner opens while the load runs. */
#define FD_RESERVE 32

struct _LlHttpLoad
{
  GObject          parent_instance;

  /* settings, fixed once started */
  char            *host;
  guint            port;
  guint            n_clients;
  guint            duration_ms;
  char            *path;

  /* owned references, owner thread */
  GThread         *thread;
  GMainContext    *context;          /* the load thread's, to wake it */
  GMainContext    *owner_context;    /* ::finished is emitted there */
  GSource         *finished_source;  /* attached by the load thread as it ends */
  gboolean         started;

  /* shared with the load thread */
  gint             stop_requested;   /* atomic */
  GMutex           lock;
  LlHttpLoadStats  shared;           /* under lock */
  gint64           start_time;       /* under lock */
  gint64           end_time;         /* under lock; 0 while it runs */
};

G_DEFINE_FINAL_TYPE (LlHttpLoad, ll_http_load, G_TYPE_OBJECT)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The run: everything the load thread owns */

typedef struct
{
  GArray *latencies;   /* gint64 µs, the answers of this 100 ms */
  gint64  max;
} Slot;

typedef struct
{
  gint64  time;
  guint64 requests;
} RateSample;

typedef struct
{
  LlHttpLoad         *load;        /* borrowed: its owner joins this thread before it goes */
  GMainContext       *context;
  LlScheduler        *scheduler;
  GSocketAddress     *address;
  char               *request;
  gsize               request_length;
  guint               n_clients;
  guint               duration_ms;
  GPtrArray          *clients;     /* Client, a reference each */
  GQueue              slot_waiters; /* GTask: clients waiting for a ramp slot */
  SoupMessageHeaders *headers;     /* scratch: the answer being parsed */
  GRand              *rand;
  gboolean            stopping;
  gint64              start;

  /* the figures */
  guint               in_flight;   /* ramp slots taken */
  guint               connected;
  guint64             requests;
  guint64             connect_errors;
  guint64             io_errors;
  guint64             status_errors;
  guint64             bytes_in;
  guint64             bytes_out;
  LlHistogram        *total;
  gint64              total_max;
  LlHistogram        *window;
  Slot                slots[WINDOW_SLOTS];
  guint               slot;
  RateSample          samples[RATE_TICKS + 1];
  guint               n_samples;
  guint               next_sample;
  double              recent_rate;
} Run;

/* One client */

typedef struct
{
  LlCo        co;
  Run        *run;           /* borrowed: the run outlives its clients */
  guint       index;
  GSocket    *socket;        /* NULL between two connections */
  LlFdWatch  *watch;
  gboolean    has_slot;      /* counted in run->in_flight */
  gboolean    connected;     /* counted in run->connected */
  guint       pause_ms;      /* after the last failure; 0 after a success */
  guint       sleep_ms;      /* before the next connect */
  gint64      sent_at;
  gsize       out_sent;
  gboolean    headers_done;  /* the answer's status and headers are parsed */
  guint       status;
  gboolean    close_after;   /* the server closes after this answer */
  guint64     body_left;
  gsize       in_length;
  char        in[IN_SIZE];
} Client;

typedef enum
{
  STEP_NEED_MORE,
  STEP_DONE,
  STEP_ERROR,
} Step;

/* The ramp's slots */

static gboolean
slot_take (Run *run)
{
  if (run->in_flight >= RAMP_SLOTS || !g_queue_is_empty (&run->slot_waiters))
    return FALSE;

  run->in_flight++;
  return TRUE;
}

/* Waits for a slot, in turn; the slot is the caller's once it returns
 * TRUE.  Fails with G_IO_ERROR_CANCELLED when the load stops. */
static void
slot_wait_async (Run                 *run,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, slot_wait_async);
  g_queue_push_tail (&run->slot_waiters, task);
}

static gboolean
slot_wait_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Hands the slot to the next client waiting, if any. */
static void
slot_release (Run *run)
{
  g_autoptr(GTask) next = g_queue_pop_head (&run->slot_waiters);

  if (next != NULL)
    g_task_return_boolean (next, TRUE);
  else
    run->in_flight--;
}

static void
slot_cancel_waiters (Run *run)
{
  GTask *task;

  while ((task = g_queue_pop_head (&run->slot_waiters)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The load stopped");
      g_object_unref (task);
    }
}

/* The figures */

static void
record_latency (Run    *run,
                gint64  latency)
{
  Slot *slot = &run->slots[run->slot];

  ll_histogram_add (run->total, latency);
  ll_histogram_add (run->window, latency);
  g_array_append_val (slot->latencies, latency);
  slot->max = MAX (slot->max, latency);
  run->total_max = MAX (run->total_max, latency);
}

/* The oldest slot leaves the window and becomes the current one. */
static void
rotate_window (Run *run)
{
  Slot *slot;

  run->slot = (run->slot + 1) % WINDOW_SLOTS;
  slot = &run->slots[run->slot];
  for (guint i = 0; i < slot->latencies->len; i++)
    ll_histogram_remove (run->window, g_array_index (slot->latencies, gint64, i));
  g_array_set_size (slot->latencies, 0);
  slot->max = 0;
}

/* Notes the count of answers now; the rate is over the oldest sample
 * kept, RATE_TICKS ticks ago (or the start). */
static void
sample_rate (Run    *run,
             gint64  now)
{
  const RateSample *oldest;

  run->samples[run->next_sample].time = now;
  run->samples[run->next_sample].requests = run->requests;
  run->next_sample = (run->next_sample + 1) % G_N_ELEMENTS (run->samples);
  if (run->n_samples < G_N_ELEMENTS (run->samples))
    run->n_samples++;

  oldest = &run->samples[run->n_samples < G_N_ELEMENTS (run->samples) ? 0 : run->next_sample];
  if (now > oldest->time)
    run->recent_rate = (double) (run->requests - oldest->requests) * G_USEC_PER_SEC /
                       (double) (now - oldest->time);
}

static void
fill_latency (LlHttpLoadLatency *latency,
              const LlHistogram *histogram,
              gint64             max)
{
  latency->count = ll_histogram_get_count (histogram);
  if (latency->count == 0)
    return;

  latency->p50 = ll_histogram_percentile (histogram, 50);
  latency->p99 = ll_histogram_percentile (histogram, 99);
  latency->max = max;
}

static void
publish (Run      *run,
         gboolean  running)
{
  LlHttpLoad *load = run->load;
  LlHttpLoadStats stats = { 0 };
  gint64 now = g_get_monotonic_time ();
  gint64 window_max = 0;

  for (guint i = 0; i < WINDOW_SLOTS; i++)
    window_max = MAX (window_max, run->slots[i].max);

  stats.running = running;
  stats.clients = run->n_clients;
  stats.clients_connected = run->connected;
  stats.requests = run->requests;
  stats.connect_errors = run->connect_errors;
  stats.io_errors = run->io_errors;
  stats.status_errors = run->status_errors;
  stats.errors = run->connect_errors + run->io_errors + run->status_errors;
  stats.bytes_in = run->bytes_in;
  stats.bytes_out = run->bytes_out;
  stats.recent_rate = run->recent_rate;
  if (now > run->start)
    stats.rate = (double) run->requests * G_USEC_PER_SEC / (double) (now - run->start);
  fill_latency (&stats.recent, run->window, window_max);
  fill_latency (&stats.total, run->total, run->total_max);

  g_mutex_lock (&load->lock);
  load->shared = stats;
  if (!running)
    load->end_time = now;
  g_mutex_unlock (&load->lock);
}

/* A client's connection */

static void
client_close (Client *f)
{
  Run *run = f->run;

  if (f->has_slot)
    {
      f->has_slot = FALSE;
      slot_release (run);
    }
  if (f->connected)
    {
      f->connected = FALSE;
      run->connected--;
    }

  /* The watch goes before the socket: it polls the file descriptor. */
  g_clear_pointer (&f->watch, ll_fd_watch_free);
  if (f->socket != NULL)
    {
      g_socket_close (f->socket, NULL);
      g_clear_object (&f->socket);
    }
  f->in_length = 0;
}

/* The pause before the next connect: RETRY_PAUSE_MS, doubled after
 * each failure in a row, and a random half as much again. */
static void
pause_after_failure (Client *f)
{
  f->pause_ms = f->pause_ms == 0 ? RETRY_PAUSE_MS : MIN (2 * f->pause_ms, RETRY_PAUSE_MAX_MS);
  f->sleep_ms = f->pause_ms + (guint) g_rand_int_range (f->run->rand, 0, (gint32) (f->pause_ms / 2 + 1));
}

/* Counts a failure in @counter (unless the load is stopping: then the
 * failure is the stop's own doing), closes, and sets the pause. */
static void
client_fail (Client   *f,
             guint64  *counter,
             GError  **error)
{
  Run *run = f->run;

  if (!run->stopping)
    {
      (*counter)++;
      g_debug ("client %u: %s", f->index, *error != NULL ? (*error)->message : "failed");
    }
  g_clear_error (error);
  client_close (f);
  pause_after_failure (f);
}

/* Makes the socket and starts connecting: TRUE if connected or under
 * way (*pending), FALSE with @error if it failed at once. */
static gboolean
client_connect_begin (Client    *f,
                      gboolean  *pending,
                      GError   **error)
{
  Run *run = f->run;
  g_autoptr(GError) local_error = NULL;

  *pending = FALSE;
  f->socket = g_socket_new (g_socket_address_get_family (run->address), G_SOCKET_TYPE_STREAM,
                            G_SOCKET_PROTOCOL_TCP, error);
  if (f->socket == NULL)
    return FALSE;   /* out of file descriptors, most likely */

  g_socket_set_blocking (f->socket, FALSE);
  /* One send per request: Nagle would only hold a request back. */
  g_socket_set_option (f->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  f->watch = ll_fd_watch_new (g_socket_get_fd (f->socket), run->context);

  if (g_socket_connect (f->socket, run->address, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      /* EINPROGRESS: writable once connected or refused; the socket's
       * SO_ERROR says which (g_socket_check_connect_result()). */
      *pending = TRUE;
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
client_connected (Client *f)
{
  f->connected = TRUE;
  f->run->connected++;
}

static void
drop_input (Client *f,
            gsize   length)
{
  memmove (f->in, f->in + length, f->in_length - length);
  f->in_length -= length;
}

/* Takes what has come of the answer: its headers once they are whole,
 * then its body, which is counted and dropped. */
static Step
take_response (Client  *f,
               GError **error)
{
  Run *run = f->run;
  gsize drop;

  if (!f->headers_done)
    {
      g_autofree char *reason = NULL;
      SoupHTTPVersion version;
      gsize block = 0;
      gsize end = ll_http_find_header_end (f->in, f->in_length, &block);

      if (end == 0)
        {
          if (f->in_length < IN_SIZE)
            return STEP_NEED_MORE;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The answer's headers are longer than %d bytes", IN_SIZE);
          return STEP_ERROR;
        }

      soup_message_headers_clear (run->headers);
      if (!soup_headers_parse_response (f->in, (int) block, run->headers, &version, &f->status, &reason))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not an HTTP answer");
          return STEP_ERROR;
        }

      if (f->status == 204 || f->status == 304)
        f->body_left = 0;
      else if (soup_message_headers_get_encoding (run->headers) == SOUP_ENCODING_CONTENT_LENGTH)
        f->body_left = (guint64) soup_message_headers_get_content_length (run->headers);
      else
        {
          /* Chunked, or up to the close: our server sends neither. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "An answer without a Content-Length");
          return STEP_ERROR;
        }

      f->close_after = soup_message_headers_header_contains (run->headers, "Connection", "close") ||
                       (version == SOUP_HTTP_1_0 &&
                        !soup_message_headers_header_contains (run->headers, "Connection", "keep-alive"));
      f->headers_done = TRUE;
      drop_input (f, end);
    }

  drop = (gsize) MIN ((guint64) f->in_length, f->body_left);
  drop_input (f, drop);
  f->body_left -= drop;

  return f->body_left == 0 ? STEP_DONE : STEP_NEED_MORE;
}

/* A whole answer has come. */
static void
client_answered (Client *f)
{
  Run *run = f->run;
  gboolean ok = f->status >= 200 && f->status < 300;

  if (f->has_slot)
    {
      f->has_slot = FALSE;
      slot_release (run);
    }

  if (ok)
    {
      run->requests++;
      record_latency (run, g_get_monotonic_time () - f->sent_at);
      f->pause_ms = 0;
      f->sleep_ms = 0;
    }
  else
    {
      run->status_errors++;
    }

  if (f->close_after)
    {
      /* A 503 (the server is full) comes with a close: pause, as after
       * any failure, before asking again. */
      client_close (f);
      if (!ok)
        pause_after_failure (f);
    }
}

static gboolean
would_block (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

static LlCoStatus
client_run (LlCo *co)
{
  Client *f = (Client *) co;
  Run *run = f->run;
  /* Scratch only: set and read between two resume points. */
  g_autoptr(GError) error = NULL;
  gboolean pending;
  gssize n;
  Step step;

  LL_CO_BEGIN (co);

  while (!run->stopping)
    {
      if (f->sleep_ms > 0)
        {
          LL_CO_SLEEP (co, f->sleep_ms);
        }

      if (!slot_take (run))
        {
          LL_CO_AWAIT (co, slot_wait_async (run, ll_co_async_ready, co));
          if (!slot_wait_finish (LL_CO_RESULT (co), NULL))
            break;
        }
      f->has_slot = TRUE;

      if (!client_connect_begin (f, &pending, &error))
        {
          client_fail (f, &run->connect_errors, &error);
          continue;
        }
      if (pending)
        {
          LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_OUT, -1, ll_co_async_ready, co));
          if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), &error) ||
              !g_socket_check_connect_result (f->socket, &error))
            {
              client_fail (f, &run->connect_errors, &error);
              continue;
            }
        }
      client_connected (f);

      /* Keep-alive: one request after the other on this connection,
       * until a failure or the server's close. */
      while (f->socket != NULL)
        {
          f->sent_at = g_get_monotonic_time ();
          f->out_sent = 0;
          f->headers_done = FALSE;
          f->status = 0;
          f->close_after = FALSE;
          f->body_left = 0;

          while (f->out_sent < run->request_length)
            {
              n = g_socket_send (f->socket, run->request + f->out_sent,
                                 run->request_length - f->out_sent, NULL, &error);
              if (n > 0)
                {
                  f->out_sent += (gsize) n;
                  run->bytes_out += (guint64) n;
                  continue;
                }
              if (!would_block (error))
                {
                  client_fail (f, &run->io_errors, &error);
                  break;
                }
              g_clear_error (&error);

              LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_OUT, -1, ll_co_async_ready, co));
              if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), &error))
                {
                  client_fail (f, &run->io_errors, &error);
                  break;
                }
            }
          if (f->socket == NULL)
            break;

          for (;;)
            {
              step = take_response (f, &error);
              if (step == STEP_DONE)
                break;
              if (step == STEP_ERROR)
                {
                  client_fail (f, &run->io_errors, &error);
                  break;
                }

              n = g_socket_receive (f->socket, f->in + f->in_length, IN_SIZE - f->in_length,
                                    NULL, &error);
              if (n > 0)
                {
                  f->in_length += (gsize) n;
                  run->bytes_in += (guint64) n;
                  continue;
                }
              if (n == 0)
                {
                  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               "The server closed the connection before its answer");
                  client_fail (f, &run->io_errors, &error);
                  break;
                }
              if (!would_block (error))
                {
                  client_fail (f, &run->io_errors, &error);
                  break;
                }
              g_clear_error (&error);

              LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_IN, -1, ll_co_async_ready, co));
              if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), &error))
                {
                  client_fail (f, &run->io_errors, &error);
                  break;
                }
            }
          if (f->socket == NULL)
            break;

          client_answered (f);
        }
    }

  LL_CO_END (co);
}

static void
client_cleanup (LlCo *co)
{
  client_close ((Client *) co);
}

static void
spawn_clients (Run *run)
{
  for (guint i = 0; i < run->n_clients; i++)
    {
      Client *f = ll_co_new (Client, client_run, client_cleanup);

      f->run = run;
      f->index = i;
      ll_co_set_name (&f->co, "client");
      g_ptr_array_add (run->clients, f);
      ll_scheduler_spawn (run->scheduler, &f->co);
    }
}

/* Stopping: every client ends at once, whatever it waits for.  A
 * client awaiting its socket is woken by the watch's close; one asleep
 * or waiting for a ramp slot, by the cancel. */
static void
begin_stop (Run *run)
{
  if (run->stopping)
    return;

  run->stopping = TRUE;
  for (guint i = 0; i < run->clients->len; i++)
    {
      Client *f = g_ptr_array_index (run->clients, i);

      if (f->watch != NULL)
        ll_fd_watch_close (f->watch);
      ll_co_cancel (&f->co);
    }
  slot_cancel_waiters (run);
}

static gboolean
on_tick (gpointer user_data)
{
  Run *run = user_data;

  sample_rate (run, g_get_monotonic_time ());
  publish (run, TRUE);
  rotate_window (run);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_end (gpointer user_data)
{
  begin_stop (user_data);

  return G_SOURCE_REMOVE;
}

static GSource *
add_timeout (Run         *run,
             guint        interval_ms,
             GSourceFunc  func,
             const char  *name)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, run, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, run->context);

  return source;
}

static void
run_free (Run *run)
{
  g_clear_pointer (&run->clients, g_ptr_array_unref);
  g_clear_object (&run->scheduler);
  g_clear_object (&run->address);
  g_free (run->request);
  g_clear_pointer (&run->headers, soup_message_headers_unref);
  g_clear_pointer (&run->rand, g_rand_free);
  g_clear_pointer (&run->total, ll_histogram_free);
  g_clear_pointer (&run->window, ll_histogram_free);
  for (guint i = 0; i < WINDOW_SLOTS; i++)
    g_clear_pointer (&run->slots[i].latencies, g_array_unref);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

static gpointer
load_thread (gpointer data)
{
  Run *run = data;
  LlHttpLoad *load = run->load;
  GSource *tick;
  GSource *end = NULL;

  g_main_context_push_thread_default (run->context);

  run->scheduler = ll_scheduler_new (run->context, LL_CLOCK_MONOTONIC);
  /* As the server's, and for the same reason: a loop of many sockets. */
  ll_scheduler_set_time_slice (run->scheduler, LL_HTTP_TIME_SLICE);
  run->start = g_get_monotonic_time ();
  sample_rate (run, run->start);

  tick = add_timeout (run, LL_HTTP_LOAD_TICK_MS, on_tick, "[looplab] the load's figures");
  if (run->duration_ms > 0)
    end = add_timeout (run, run->duration_ms, on_end, "[looplab] the load's end");
  spawn_clients (run);

  /* Until the end or a stop, then until every client has closed. */
  for (;;)
    {
      if (!run->stopping && g_atomic_int_get (&load->stop_requested))
        begin_stop (run);
      if (run->stopping && ll_scheduler_get_n_tasks (run->scheduler) == 0)
        break;

      g_main_context_iteration (run->context, TRUE);
    }

  g_source_destroy (tick);
  g_source_unref (tick);
  if (end != NULL)
    {
      g_source_destroy (end);
      g_source_unref (end);
    }
  g_clear_object (&run->scheduler);
  while (g_main_context_iteration (run->context, FALSE))
    ;

  publish (run, FALSE);
  g_main_context_pop_thread_default (run->context);
  run_free (run);

  /* The last thing this thread does: the owner may join it from then on. */
  g_source_attach (load->finished_source, load->owner_context);

  return NULL;
}

/* File descriptors */

/* How many file descriptors this process has open, and whether one of
 * them listens on @port (the server runs in this process: then each
 * client's connection costs two, its own and the server's). */
static guint
count_open_fds (guint     port,
                gboolean *server_here)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      /* No /proc: assume the worst. */
      *server_here = TRUE;
      return 64;
    }

  *server_here = FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name);
      int listening = 0;
      socklen_t length = sizeof listening;
      struct sockaddr_storage address;
      socklen_t address_length = sizeof address;
      guint bound = 0;

      n++;
      if (getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening ||
          getsockname (fd, (struct sockaddr *) &address, &address_length) != 0)
        continue;

      if (address.ss_family == AF_INET)
        bound = g_ntohs (((struct sockaddr_in *) &address)->sin_port);
      else if (address.ss_family == AF_INET6)
        bound = g_ntohs (((struct sockaddr_in6 *) &address)->sin6_port);
      if (bound == port)
        *server_here = TRUE;
    }

  return n;
}

/* Raises the soft limit on open files as far as the clients need, and
 * says how many can run if the hard limit is lower. */
static gboolean
ensure_fd_limit (guint    clients,
                 guint    port,
                 GError **error)
{
  gboolean server_here;
  guint open_fds = count_open_fds (port, &server_here);
  guint per_client = server_here ? 2 : 1;
  guint64 need = (guint64) open_fds + (guint64) clients * per_client + FD_RESERVE;
  guint64 limit = ll_process_raise_file_limit (need);
  guint64 max_clients;

  if (limit >= need)
    return TRUE;

  max_clients = limit > open_fds + FD_RESERVE ? (limit - open_fds - FD_RESERVE) / per_client : 0;
  /* Plain %u: every figure here is below the kernel's nr_open, and
   * xgettext cannot read G_GUINT64_FORMAT inside a message. */
  if (server_here)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                 _("%u clients need about %u file descriptors, one for each client and one for each of the server’s connections in this process, but this process may open only %u (the hard limit, ulimit -Hn). Run at most %u clients, or raise the limit."),
                 clients, (guint) need, (guint) MIN (limit, G_MAXUINT), (guint) max_clients);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                 _("%u clients need about %u file descriptors, one for each, but this process may open only %u (the hard limit, ulimit -Hn). Run at most %u clients, or raise the limit."),
                 clients, (guint) need, (guint) MIN (limit, G_MAXUINT), (guint) max_clients);

  return FALSE;
}

/* The address: this machine's only. */
static GSocketAddress *
loopback_address (const char  *host,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);

  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Refusing to load “%s”: Loop Lab’s load generator sends only to this machine’s loopback addresses (127.0.0.1, ::1 or localhost)."),
                   host);
      return NULL;
    }

  return g_inet_socket_address_new (inet, (guint16) port);
}

/* ::finished, on the owner's context */

static gboolean
on_finished (gpointer user_data)
{
  g_autoptr(LlHttpLoad) self = g_object_ref (user_data);

  /* The thread attached this source as the last thing it did. */
  g_clear_pointer (&self->thread, g_thread_join);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->finished_source, g_source_unref);

  g_signal_emit (self, signals[FINISHED], 0);

  return G_SOURCE_REMOVE;
}

/* GObject */

static void
ll_http_load_dispose (GObject *object)
{
  LlHttpLoad *self = LL_HTTP_LOAD (object);

  ll_http_load_stop (self);
  if (self->finished_source != NULL)
    {
      g_source_destroy (self->finished_source);
      g_clear_pointer (&self->finished_source, g_source_unref);
    }
  g_clear_pointer (&self->owner_context, g_main_context_unref);

  G_OBJECT_CLASS (ll_http_load_parent_class)->dispose (object);
}

static void
ll_http_load_finalize (GObject *object)
{
  LlHttpLoad *self = LL_HTTP_LOAD (object);

  g_free (self->host);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ll_http_load_parent_class)->finalize (object);
}

static void
ll_http_load_class_init (LlHttpLoadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_http_load_dispose;
  object_class->finalize = ll_http_load_finalize;

  /**
   * LlHttpLoad::finished:
   * @self: the load
   *
   * The run is over, for its duration or for ll_http_load_stop(), and
   * every client has closed; ll_http_load_get_stats() gives its final
   * figures.  Emitted once, on the context that was the thread-default
   * one when the load was started; never if the load is disposed first.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ll_http_load_init (LlHttpLoad *self)
{
  g_mutex_init (&self->lock);
  self->path = g_strdup ("/hello/world");
}

/* Public API */

/**
 * ll_http_load_new:
 * @host: where the server listens: 127.0.0.1, ::1 or localhost
 *   (ll_http_load_start() refuses any other)
 * @port: its port
 * @clients: how many clients, 1 to %LL_HTTP_LOAD_MAX_CLIENTS, each with
 *   one connection and one request at a time
 * @duration_ms: how long the load runs; 0 for until ll_http_load_stop()
 *
 * Returns: (transfer full): a load, not started
 */
LlHttpLoad *
ll_http_load_new (const char *host,
                  guint       port,
                  guint       clients,
                  guint       duration_ms)
{
  LlHttpLoad *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port > 0 && port <= G_MAXUINT16, NULL);
  g_return_val_if_fail (clients >= 1 && clients <= LL_HTTP_LOAD_MAX_CLIENTS, NULL);

  self = g_object_new (LL_TYPE_HTTP_LOAD, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->n_clients = clients;
  self->duration_ms = duration_ms;
  self->shared.clients = clients;

  return self;
}

/**
 * ll_http_load_set_path:
 * @self: a load, not started
 * @path: the target every request asks for, from `/`; `/hello/world`
 *   by default
 */
void
ll_http_load_set_path (LlHttpLoad *self,
                       const char *path)
{
  g_return_if_fail (LL_IS_HTTP_LOAD (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (path != NULL && path[0] == '/' && strpbrk (path, " \r\n") == NULL);

  g_free (self->path);
  self->path = g_strdup (path);
}

/**
 * ll_http_load_get_path:
 * @self: a load
 *
 * Returns: the target its requests ask for
 */
const char *
ll_http_load_get_path (LlHttpLoad *self)
{
  g_return_val_if_fail (LL_IS_HTTP_LOAD (self), NULL);

  return self->path;
}

/**
 * ll_http_load_start:
 * @self: a load, never started
 * @error: why it cannot start: an address that is not this machine's,
 *   too few file descriptors for its clients
 *
 * Starts the load's thread, which connects the clients (1024 at a time
 * at most, so that the server's accept queue never overflows) and runs
 * them for the duration.  It raises the process's soft
 * limit on open files to the hard one if the clients need it: one
 * descriptor a client, two if the server listens in this process.
 * ::finished will be emitted on the thread-default context of the
 * caller.  Connection failures are not errors here: they are counted
 * in the figures, and the clients try again.
 *
 * Returns: %TRUE if the load runs
 */
gboolean
ll_http_load_start (LlHttpLoad  *self,
                    GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  Run *run;
  GThread *thread;
  const char *host;
  g_autofree char *host_header = NULL;

  g_return_val_if_fail (LL_IS_HTTP_LOAD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  address = loopback_address (self->host, self->port, error);
  if (address == NULL)
    return FALSE;
  if (!ensure_fd_limit (self->n_clients, self->port, error))
    return FALSE;

  host = g_str_equal (self->host, "localhost") ? "127.0.0.1" : self->host;
  host_header = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, self->port)
                                           : g_strdup_printf ("%s:%u", host, self->port);

  run = g_new0 (Run, 1);
  run->load = self;
  run->context = g_main_context_new ();
  run->address = g_steal_pointer (&address);
  run->request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", self->path, host_header);
  run->request_length = strlen (run->request);
  run->n_clients = self->n_clients;
  run->duration_ms = self->duration_ms;
  run->clients = g_ptr_array_new_full (self->n_clients, (GDestroyNotify) ll_co_unref);
  g_queue_init (&run->slot_waiters);
  run->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  run->rand = g_rand_new ();
  run->total = ll_histogram_new ();
  run->window = ll_histogram_new ();
  for (guint i = 0; i < WINDOW_SLOTS; i++)
    run->slots[i].latencies = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->context = g_main_context_ref (run->context);
  self->owner_context = g_main_context_ref_thread_default ();
  self->finished_source = g_idle_source_new ();
  g_source_set_priority (self->finished_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->finished_source, on_finished, self, NULL);
  g_source_set_static_name (self->finished_source, "[looplab] the load finished");

  g_mutex_lock (&self->lock);
  memset (&self->shared, 0, sizeof self->shared);
  self->shared.running = TRUE;
  self->shared.clients = self->n_clients;
  self->start_time = g_get_monotonic_time ();
  self->end_time = 0;
  g_mutex_unlock (&self->lock);

  thread = g_thread_try_new ("ll-http-load", load_thread, run, error);
  if (thread == NULL)
    {
      run_free (run);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_clear_pointer (&self->owner_context, g_main_context_unref);
      g_clear_pointer (&self->finished_source, g_source_unref);
      g_mutex_lock (&self->lock);
      self->shared.running = FALSE;
      self->start_time = 0;
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  self->thread = thread;
  self->started = TRUE;

  return TRUE;
}

/**
 * ll_http_load_stop:
 * @self: a load
 *
 * Stops the load: every client closes its connection at once, and the
 * load's thread ends.  Returns once it has (a few milliseconds for
 * thousands of clients); ::finished follows, from the owner's context.
 * Does nothing if the load is not running.
 */
void
ll_http_load_stop (LlHttpLoad *self)
{
  g_return_if_fail (LL_IS_HTTP_LOAD (self));

  if (self->thread == NULL)
    return;

  g_atomic_int_set (&self->stop_requested, TRUE);
  g_main_context_wakeup (self->context);
  g_clear_pointer (&self->thread, g_thread_join);
  g_clear_pointer (&self->context, g_main_context_unref);
}

/**
 * ll_http_load_get_stats:
 * @self: a load
 * @stats: (out caller-allocates): its figures
 *
 * Copies the figures of the load's last tick (every
 * %LL_HTTP_LOAD_TICK_MS), and the time elapsed up to now.  May be
 * called from any thread.
 */
void
ll_http_load_get_stats (LlHttpLoad      *self,
                        LlHttpLoadStats *stats)
{
  gint64 start;
  gint64 end;

  g_return_if_fail (LL_IS_HTTP_LOAD (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->lock);
  *stats = self->shared;
  start = self->start_time;
  end = self->end_time;
  g_mutex_unlock (&self->lock);

  if (start == 0)
    stats->elapsed_ms = 0;
  else
    stats->elapsed_ms = ((end != 0 ? end : g_get_monotonic_time ()) - start) / G_TIME_SPAN_MILLISECOND;
}
