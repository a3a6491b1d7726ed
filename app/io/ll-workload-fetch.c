/* ll-workload-fetch.c: Fetch, blocking and async
 *
 * N requests to the slow server on 127.0.0.1, which answers each after a
 * delay (ll-slow-server.c, on its own thread).
 *
 * Blocking: one request after another, each with synchronous connect,
 * write and read calls in the click handler: N × the delay, frozen.
 *
 * Async: one coroutine per request, all spawned at once; each awaits
 * GIO's asynchronous connect, write and reads on the loop's thread.  All
 * N wait for the server at the same time, so the whole run takes about
 * one delay, and the loop is free throughout.  (Sockets are pollable:
 * no worker thread is involved, only the loop's poll.)
 *
 * Every request records when it reached each phase (connect, send,
 * wait, read) for the page's timeline, and why it failed, if it did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-workload-fetch.h"
#include "ll-workload-private.h"

#define ANSWER_MAX 2048   /* bytes of an answer kept for parsing */

struct _LlWorkloadFetch
{
  LlWorkload  parent_instance;

  /* settings */
  guint       port;
  guint       n_requests;
  gint64      delay;

  /* what the run found */
  guint64     bytes;
  GArray     *requests;         /* LlFetchRequest */
};

G_DEFINE_FINAL_TYPE (LlWorkloadFetch, ll_workload_fetch, LL_TYPE_WORKLOAD)

enum {
  PROP_0,
  PROP_PORT,
  PROP_REQUESTS,
  PROP_DELAY,
  N_PROPS
};

enum {
  REQUEST_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
request_clear (LlFetchRequest *request)
{
  g_clear_error (&request->error);
}

static GArray *
new_requests (guint n)
{
  GArray *requests = g_array_sized_new (FALSE, TRUE, sizeof (LlFetchRequest), n);

  g_array_set_clear_func (requests, (GDestroyNotify) request_clear);
  g_array_set_size (requests, n);

  return requests;
}

/**
 * _ll_fetch_requests_copy:
 * @requests: (element-type LlFetchRequest): the records of a run
 *
 * Returns: (transfer full): a deep copy
 */
GArray *
_ll_fetch_requests_copy (GArray *requests)
{
  GArray *copy = new_requests (requests->len);

  for (guint i = 0; i < requests->len; i++)
    {
      const LlFetchRequest *from = &g_array_index (requests, LlFetchRequest, i);
      LlFetchRequest *to = &g_array_index (copy, LlFetchRequest, i);

      *to = *from;
      to->error = from->error != NULL ? g_error_copy (from->error) : NULL;
    }

  return copy;
}

/* "2 of 5 requests failed: …", each distinct reason once with its
 * count, or NULL if none failed. */
static char *
describe_failures (GArray *requests)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GString *text;
  guint n_failed = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const LlFetchRequest *request = &g_array_index (requests, LlFetchRequest, i);
      const char *reason;
      guint count;

      if (request->phase == LL_FETCH_PHASE_DONE)
        continue;

      n_failed++;
      reason = request->error != NULL ? request->error->message : _("unfinished");
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, reason));
      if (count == 0)
        g_ptr_array_add (reasons, (gpointer) reason);
      g_hash_table_insert (counts, (gpointer) reason, GUINT_TO_POINTER (count + 1));
    }

  if (n_failed == 0)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u request failed: ",
                                       "%u of %u requests failed: ",
                                       requests->len),
                          n_failed, requests->len);
  for (guint i = 0; i < reasons->len; i++)
    {
      const char *reason = g_ptr_array_index (reasons, i);

      g_string_append_printf (text, "%s%s (%u)", i > 0 ? "; " : "", reason,
                              GPOINTER_TO_UINT (g_hash_table_lookup (counts, reason)));
    }

  return g_string_free (text, FALSE);
}

static LlFetchRequest *
get_record (LlWorkloadFetch *self,
            guint       index)
{
  return &g_array_index (self->requests, LlFetchRequest, index);
}

static void
set_phase (LlWorkloadFetch *self,
           guint         index,
           LlFetchPhase  phase)
{
  get_record (self, index)->phase = phase;
  g_signal_emit (self, signals[REQUEST_CHANGED], 0, index);

  if (phase == LL_FETCH_PHASE_DONE || phase == LL_FETCH_PHASE_FAILED)
    _ll_workload_set_done (LL_WORKLOAD (self), ll_workload_get_done (LL_WORKLOAD (self)) + 1);
}

/* Records why a request failed; the run goes on with the others. */
static void
fail_request (LlWorkloadFetch *self,
              guint       index,
              GError     *error)
{
  LlFetchRequest *record = get_record (self, index);
  gint64 now = g_get_monotonic_time ();

  if (record->connect_end == 0)
    record->connect_end = now;
  record->read_end = now;
  g_clear_error (&record->error);
  record->error = error;
  set_phase (self, index, LL_FETCH_PHASE_FAILED);
}

static char *
make_request (LlWorkloadFetch *self,
              guint       index)
{
  return g_strdup_printf ("GET /fetch/%u?delay_ms=%u HTTP/1.0\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "User-Agent: looplab\r\n"
                          "\r\n",
                          index + 1,
                          (guint) (self->delay / G_TIME_SPAN_MILLISECOND),
                          self->port);
}

/* Reads the status line and the server's number for the request. */
static GError *
check_answer (LlFetchRequest *record,
              const char     *answer)
{
  const char *body;
  const char *number;

  if (record->bytes == 0)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                _("The server closed the connection without answering"));

  if (g_str_has_prefix (answer, "HTTP/1.") && strlen (answer) > 12)
    record->status = (guint) g_ascii_strtoull (answer + 9, NULL, 10);

  if (record->status != 200)
    {
      g_autofree char *line = g_strndup (answer, strcspn (answer, "\r\n"));

      return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                          _("The server answered “%s”, not 200 OK"), line);
    }

  body = strstr (answer, "\r\n\r\n");
  number = body != NULL ? strstr (body, "Request ") : NULL;
  if (number != NULL)
    record->served_as = (guint) g_ascii_strtoull (number + strlen ("Request "), NULL, 10);

  return NULL;
}

/* GSocketClient says "Could not connect to 127.0.0.1: Connection
 * refused"; the page says which port as well. */
static GError *
connect_error (LlWorkloadFetch *self,
               const GError *error)
{
  const char *reason = error->message;
  const char *colon = strstr (reason, "127.0.0.1: ");

  if (g_str_has_prefix (reason, "Could not connect to ") && colon != NULL)
    reason = colon + strlen ("127.0.0.1: ");

  return g_error_new (error->domain, error->code,
                      _("Could not connect to 127.0.0.1:%u: %s"), self->port, reason);
}

static GSocketClient *
make_client (LlWorkloadFetch *self)
{
  GSocketClient *client = g_socket_client_new ();

  /* Loopback never goes through a proxy, and asking the proxy resolver
   * for each of a thousand connections would serialize them. */
  g_socket_client_set_enable_proxy (client, FALSE);
  /* A server that never answers must not hang a blocking run forever. */
  g_socket_client_set_timeout (client,
                               (guint) (self->delay / G_TIME_SPAN_SECOND) + 10);

  return client;
}

static GSocketConnectable *
make_address (LlWorkloadFetch *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  return G_SOCKET_CONNECTABLE (g_inet_socket_address_new (loopback, (guint16) self->port));
}

static void
prepare_records (LlWorkloadFetch *self)
{
  g_clear_pointer (&self->requests, g_array_unref);
  self->requests = new_requests (self->n_requests);
  self->bytes = 0;
  for (guint i = 0; i < self->n_requests; i++)
    get_record (self, i)->index = i;

  _ll_workload_set_total (LL_WORKLOAD (self), self->n_requests);
}

/* Blocking */

static void
fetch_one_blocking (LlWorkloadFetch *self,
                    GSocketClient      *client,
                    GSocketConnectable *address,
                    guint               index)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = make_request (self, index);
  LlFetchRequest *record = get_record (self, index);
  char answer[ANSWER_MAX + 1] = "";
  char scratch[4096];
  gsize kept = 0;
  gssize n;

  record->connect_start = g_get_monotonic_time ();
  set_phase (self, index, LL_FETCH_PHASE_CONNECTING);
  /* Blocks, on purpose: a synchronous connect in the click handler. */
  connection = g_socket_client_connect (client, address, _ll_workload_get_cancellable (LL_WORKLOAD (self)), &error);
  if (connection == NULL)
    {
      fail_request (self, index, connect_error (self, error));
      return;
    }
  record->connect_end = g_get_monotonic_time ();
  set_phase (self, index, LL_FETCH_PHASE_SENDING);

  /* Blocks, on purpose: a synchronous write. */
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, _ll_workload_get_cancellable (LL_WORKLOAD (self)), &error))
    {
      fail_request (self, index, g_error_new (error->domain, error->code,
                                              _("Could not send the request: %s"), error->message));
      return;
    }
  record->send_end = g_get_monotonic_time ();
  set_phase (self, index, LL_FETCH_PHASE_WAITING);

  for (;;)
    {
      char *dest = kept < ANSWER_MAX ? answer + kept : scratch;
      gsize size = kept < ANSWER_MAX ? ANSWER_MAX - kept : sizeof scratch;

      /* Blocks, on purpose: the first read waits out the server's whole
       * delay, with the window frozen. */
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                               dest, size, _ll_workload_get_cancellable (LL_WORKLOAD (self)), &error);
      if (n <= 0)
        break;

      if (record->first_byte == 0)
        {
          record->first_byte = g_get_monotonic_time ();
          set_phase (self, index, LL_FETCH_PHASE_READING);
        }
      record->bytes += (guint64) n;
      self->bytes += (guint64) n;
      if (dest == answer + kept)
        kept += (gsize) n;
    }
  answer[kept] = '\0';

  if (n < 0)
    {
      fail_request (self, index, g_error_new (error->domain, error->code,
                                              _("Could not read the answer: %s"), error->message));
      return;
    }

  record->read_end = g_get_monotonic_time ();
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  if ((error = check_answer (record, answer)) != NULL)
    {
      fail_request (self, index, g_steal_pointer (&error));
      return;
    }
  set_phase (self, index, LL_FETCH_PHASE_DONE);
}

static void
fetch_blocking (LlWorkloadFetch *self)
{
  g_autoptr(GSocketClient) client = make_client (self);
  g_autoptr(GSocketConnectable) address = make_address (self);
  GError *error = NULL;

  /* Blocks the calling thread ON PURPOSE: each request's synchronous
   * connect, write and read (in fetch_one_blocking()) wait in the click
   * handler, one request after the other, N × the server's delay.  The
   * server is on its own thread, or it could never answer.  The async
   * mode below is what to do instead.
   */
  for (guint i = 0; i < self->n_requests; i++)
    {
      if (g_cancellable_set_error_if_cancelled (_ll_workload_get_cancellable (LL_WORKLOAD (self)), &error))
        break;
      fetch_one_blocking (self, client, address, i);
    }

  _ll_workload_work_done (LL_WORKLOAD (self), error);
}

/* Async */

typedef struct
{
  LlCo                co;
  LlWorkloadFetch    *workload;    /* the run holds it until this finishes */
  guint               index;
  GSocketClient      *client;      /* shared by the run's requests */
  GSocketConnectable *address;
  LlFetchRequest     *record;      /* in the run's array, which keeps its size */
  GSocketConnection  *connection;
  GInputStream       *in;          /* borrowed from the connection */
  GOutputStream      *out;
  char               *request;
  gsize               written;
  gsize               kept;
  char                answer[ANSWER_MAX + 1];
  char                scratch[4096];
} RequestFrame;

/* The first ANSWER_MAX bytes are kept for check_answer(); the rest of
 * an unexpectedly long answer is only counted. */
static gpointer
read_into (RequestFrame *f)
{
  return f->kept < ANSWER_MAX ? f->answer + f->kept : f->scratch;
}

static gsize
read_size (RequestFrame *f)
{
  return f->kept < ANSWER_MAX ? ANSWER_MAX - f->kept : sizeof f->scratch;
}

static LlCoStatus
request_run (LlCo *co)
{
  RequestFrame *f = (RequestFrame *) co;
  LlWorkloadFetch *self = f->workload;
  /* Scratch only: each is set and read between two resume points.  The
   * rest lives in the frame, because a C local does not survive one. */
  g_autoptr(GError) error = NULL;
  gssize n;

  LL_CO_BEGIN (co);

  f->record = get_record (self, f->index);
  f->record->connect_start = g_get_monotonic_time ();
  set_phase (self, f->index, LL_FETCH_PHASE_CONNECTING);
  LL_CO_AWAIT_ASYNC (co, g_socket_client_connect_async, f->client, f->address);
  f->connection = g_socket_client_connect_finish (f->client, LL_CO_RESULT (co), &error);
  if (f->connection == NULL)
    {
      fail_request (self, f->index, connect_error (self, error));
      return ll_co_return (co, NULL, NULL);
    }
  f->in = g_io_stream_get_input_stream (G_IO_STREAM (f->connection));
  f->out = g_io_stream_get_output_stream (G_IO_STREAM (f->connection));
  f->record->connect_end = g_get_monotonic_time ();
  set_phase (self, f->index, LL_FETCH_PHASE_SENDING);

  f->request = make_request (self, f->index);
  LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async,
                     f->out, f->request, strlen (f->request), G_PRIORITY_DEFAULT);
  if (!g_output_stream_write_all_finish (f->out, LL_CO_RESULT (co), &f->written, &error))
    {
      fail_request (self, f->index, g_error_new (error->domain, error->code,
                                                 _("Could not send the request: %s"), error->message));
      return ll_co_return (co, NULL, NULL);
    }
  f->record->send_end = g_get_monotonic_time ();
  set_phase (self, f->index, LL_FETCH_PHASE_WAITING);

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         f->in, read_into (f), read_size (f), G_PRIORITY_DEFAULT);
      n = g_input_stream_read_finish (f->in, LL_CO_RESULT (co), &error);
      if (n < 0)
        {
          fail_request (self, f->index, g_error_new (error->domain, error->code,
                                                     _("Could not read the answer: %s"),
                                                     error->message));
          return ll_co_return (co, NULL, NULL);
        }
      if (n == 0)
        break;

      if (f->record->first_byte == 0)
        {
          f->record->first_byte = g_get_monotonic_time ();
          set_phase (self, f->index, LL_FETCH_PHASE_READING);
        }
      f->record->bytes += (guint64) n;
      self->bytes += (guint64) n;
      if (f->kept < ANSWER_MAX)
        f->kept += (gsize) n;
    }

  f->record->read_end = g_get_monotonic_time ();
  f->answer[f->kept] = '\0';
  if ((error = check_answer (f->record, f->answer)) != NULL)
    {
      fail_request (self, f->index, g_steal_pointer (&error));
      return ll_co_return (co, NULL, NULL);
    }
  set_phase (self, f->index, LL_FETCH_PHASE_DONE);

  LL_CO_END (co);
}

static void
request_cleanup (LlCo *co)
{
  RequestFrame *f = (RequestFrame *) co;
  LlFetchRequest *record = get_record (f->workload, f->index);

  /* Cancelled half-way: say so in the record the timeline shows. */
  if (record->phase != LL_FETCH_PHASE_DONE && record->phase != LL_FETCH_PHASE_FAILED)
    fail_request (f->workload, f->index,
                  ll_co_get_error (co) != NULL ? g_error_copy (ll_co_get_error (co))
                  : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));

  /* A socket's close never blocks; nothing is pending on it any more. */
  if (f->connection != NULL)
    g_io_stream_close (G_IO_STREAM (f->connection), NULL, NULL);
  g_clear_object (&f->connection);
  g_clear_object (&f->client);
  g_clear_object (&f->address);
  g_clear_pointer (&f->request, g_free);
}

/* The launcher: spawns the request coroutines a batch at a time, a
 * millisecond apart.  Five hundred connects started in one go come back
 * through GIO's callbacks, at the default priority, in the same few loop
 * iterations: GTK's redraw, below them, then waits 100 ms while the
 * default-priority timer, dispatched among them, hardly notices.  A
 * yield between batches would not spread them: the scheduler resumes the
 * launcher again within its 0.5 ms slice.  A 1 ms sleep does, and the
 * batches still overlap completely: the last request starts about 30 ms
 * after the first, long before any answer. */
#define LAUNCH_BATCH 16
#define LAUNCH_PAUSE_MS 1

typedef struct
{
  LlCo                co;
  LlWorkloadFetch    *workload;    /* the run holds it until this finishes */
  GSocketClient      *client;
  GSocketConnectable *address;
  guint               next;
} LaunchFrame;

static void
spawn_request (LaunchFrame *f)
{
  RequestFrame *request = ll_co_new (RequestFrame, request_run, request_cleanup);

  request->workload = f->workload;
  request->index = f->next++;
  request->client = g_object_ref (f->client);
  request->address = g_object_ref (f->address);
  ll_co_set_name (&request->co, "fetch");
  _ll_workload_add_task (LL_WORKLOAD (f->workload), &request->co);
  ll_co_unref (&request->co);
}

static LlCoStatus
launch_run (LlCo *co)
{
  LaunchFrame *f = (LaunchFrame *) co;

  LL_CO_BEGIN (co);

  while (f->next < f->workload->n_requests)
    {
      do
        spawn_request (f);
      while (f->next < f->workload->n_requests && f->next % LAUNCH_BATCH != 0);

      if (f->next == f->workload->n_requests)
        break;

      /* The batch's connects start now; their completions, input,
       * timers and redraw have the loop before the next batch. */
      LL_CO_SLEEP (co, LAUNCH_PAUSE_MS);
    }

  LL_CO_END (co);
}

static void
launch_cleanup (LlCo *co)
{
  LaunchFrame *f = (LaunchFrame *) co;

  g_clear_object (&f->client);
  g_clear_object (&f->address);
}

static void
ll_workload_fetch_start (LlWorkload *workload)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (workload);
  LaunchFrame *f;

  prepare_records (self);

  if (ll_workload_get_mode (LL_WORKLOAD (self)) == LL_WORKLOAD_MODE_BLOCKING)
    {
      fetch_blocking (self);
      return;
    }

  /* Every request at once: one coroutine each, each its own connect, so
   * no request waits for another. */
  f = ll_co_new (LaunchFrame, launch_run, launch_cleanup);
  f->workload = self;
  f->client = make_client (self);
  f->address = make_address (self);
  ll_co_set_name (&f->co, "fetch-launcher");
  _ll_workload_add_task (workload, &f->co);
  ll_co_unref (&f->co);
}

static gboolean
ll_workload_fetch_check (LlWorkload  *workload,
                         GError     **error)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (workload);

  if (self->port == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No server to fetch from: start the slow server first"));
      return FALSE;
    }

  return TRUE;
}

/* One after another, the requests take N × the delay. */
static gint64
ll_workload_fetch_plan (LlWorkload *workload)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (workload);

  return self->n_requests * self->delay;
}

static void
ll_workload_fetch_fill_result (LlWorkload       *workload,
                               LlWorkloadResult *result)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (workload);

  result->bytes = self->bytes;
  result->n_requests = self->requests->len;
  for (guint i = 0; i < self->requests->len; i++)
    result->n_failed += g_array_index (self->requests, LlFetchRequest, i).phase != LL_FETCH_PHASE_DONE;
  result->failure = describe_failures (self->requests);
  result->requests = _ll_fetch_requests_copy (self->requests);
  if (result->duration > 0)
    result->throughput = (result->n_requests - result->n_failed) / (result->duration / (double) G_TIME_SPAN_SECOND);
}

/* GObject */

static void
ll_workload_fetch_finalize (GObject *object)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (object);

  g_clear_pointer (&self->requests, g_array_unref);

  G_OBJECT_CLASS (ll_workload_fetch_parent_class)->finalize (object);
}

static void
ll_workload_fetch_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_REQUESTS:
      g_value_set_uint (value, self->n_requests);
      break;
    case PROP_DELAY:
      g_value_set_int64 (value, self->delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_fetch_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LlWorkloadFetch *self = LL_WORKLOAD_FETCH (object);

  switch (prop_id)
    {
    case PROP_PORT:
      ll_workload_fetch_set_port (self, g_value_get_uint (value));
      break;
    case PROP_REQUESTS:
      ll_workload_fetch_set_requests (self, g_value_get_uint (value));
      break;
    case PROP_DELAY:
      ll_workload_fetch_set_delay (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_fetch_class_init (LlWorkloadFetchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlWorkloadClass *workload_class = LL_WORKLOAD_CLASS (klass);

  object_class->finalize = ll_workload_fetch_finalize;
  object_class->get_property = ll_workload_fetch_get_property;
  object_class->set_property = ll_workload_fetch_set_property;

  workload_class->kind = LL_WORKLOAD_KIND_FETCH;
  workload_class->modes = LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_BLOCKING) |
                          LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_ASYNC);
  workload_class->handler_name = "fetch_blocking";
  workload_class->check = ll_workload_fetch_check;
  workload_class->plan = ll_workload_fetch_plan;
  workload_class->start = ll_workload_fetch_start;
  workload_class->fill_result = ll_workload_fetch_fill_result;

  /**
   * LlWorkloadFetch:port:
   *
   * The port of the slow server on 127.0.0.1 (ll_slow_server_get_port()).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadFetch:requests:
   *
   * How many answers a run fetches.
   */
  properties[PROP_REQUESTS] =
    g_param_spec_uint ("requests", NULL, NULL,
                       1, LL_WORKLOAD_MAX_REQUESTS, LL_WORKLOAD_DEFAULT_REQUESTS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadFetch:delay:
   *
   * The delay each request asks the server for, in µs.
   */
  properties[PROP_DELAY] =
    g_param_spec_int64 ("delay", NULL, NULL,
                        0, LL_WORKLOAD_MAX_DELAY, LL_WORKLOAD_DEFAULT_DELAY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlWorkloadFetch::request-changed:
   * @self: the workload
   * @index: the request that moved to another phase
   *
   * Emitted during a run each time a request reaches a new phase; read
   * it with ll_workload_fetch_get_request().
   */
  signals[REQUEST_CHANGED] =
    g_signal_new ("request-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ll_workload_fetch_init (LlWorkloadFetch *self)
{
  self->n_requests = LL_WORKLOAD_DEFAULT_REQUESTS;
  self->delay = LL_WORKLOAD_DEFAULT_DELAY;
}

guint
ll_workload_fetch_get_port (LlWorkloadFetch *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_FETCH (self), 0);

  return self->port;
}

/**
 * ll_workload_fetch_set_port:
 * @self: a #LlWorkloadFetch
 * @port: the slow server's port on 127.0.0.1
 */
void
ll_workload_fetch_set_port (LlWorkloadFetch *self,
                            guint            port)
{
  g_return_if_fail (LL_IS_WORKLOAD_FETCH (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

guint
ll_workload_fetch_get_requests (LlWorkloadFetch *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_FETCH (self), 0);

  return self->n_requests;
}

/**
 * ll_workload_fetch_set_requests:
 * @self: a #LlWorkloadFetch
 * @requests: 1 to %LL_WORKLOAD_MAX_REQUESTS
 */
void
ll_workload_fetch_set_requests (LlWorkloadFetch *self,
                                guint            requests)
{
  g_return_if_fail (LL_IS_WORKLOAD_FETCH (self));
  g_return_if_fail (requests >= 1 && requests <= LL_WORKLOAD_MAX_REQUESTS);

  if (self->n_requests == requests)
    return;

  self->n_requests = requests;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTS]);
}

gint64
ll_workload_fetch_get_delay (LlWorkloadFetch *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_FETCH (self), 0);

  return self->delay;
}

/**
 * ll_workload_fetch_set_delay:
 * @self: a #LlWorkloadFetch
 * @delay: µs each request asks the server to wait, 0 to
 *   %LL_WORKLOAD_MAX_DELAY
 */
void
ll_workload_fetch_set_delay (LlWorkloadFetch *self,
                             gint64           delay)
{
  g_return_if_fail (LL_IS_WORKLOAD_FETCH (self));
  g_return_if_fail (delay >= 0 && delay <= LL_WORKLOAD_MAX_DELAY);

  if (self->delay == delay)
    return;

  self->delay = delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

/**
 * ll_workload_fetch_get_n_requests:
 * @self: a #LlWorkloadFetch
 *
 * Returns: how many requests the current (or last) run has, 0 before
 *   the first
 */
guint
ll_workload_fetch_get_n_requests (LlWorkloadFetch *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_FETCH (self), 0);

  return self->requests != NULL ? self->requests->len : 0;
}

/**
 * ll_workload_fetch_get_request:
 * @self: a #LlWorkloadFetch
 * @index: less than ll_workload_fetch_get_n_requests()
 *
 * Returns: (transfer none): the request, valid until the next run starts
 */
const LlFetchRequest *
ll_workload_fetch_get_request (LlWorkloadFetch *self,
                               guint            index)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_FETCH (self), NULL);
  g_return_val_if_fail (self->requests != NULL && index < self->requests->len, NULL);

  return &g_array_index (self->requests, LlFetchRequest, index);
}
