/* ll-environment-thread.c: the chain in a worker thread
 *
 * The environment %LL_ENVIRONMENT_THREAD of ll-environments-model.c.
 * The loop reads and parses the feed as the main loop's environment
 * does, but the parser's callbacks copy each event into a batch; full
 * batches go through a GAsyncQueue to a thread that owns a chain of its
 * own (ll_bus_chain_new()'s, created, run and freed on that thread).
 * The matches come back in a GTask returned from that thread, which GLib
 * delivers in an idle on the caller's context:
 *
 *   thread = start (chain_thread)
 *   in = await open (file)
 *   while (n = await in.read (buffer)) > 0:
 *       parser.feed (buffer[:n])    # the events copied, full batches pushed
 *       await room in the queue
 *   parser.end ()
 *   matches = await thread
 *
 * Why batches, and why no more than MAX_IN_FLIGHT of them wait, is said
 * where each is defined, below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-environments-private.h"

/* Batches waiting for the thread, at most: 16 of 4 096 events, about
 * 2 000 buses, a megabyte of copies.  The loop waits for room beyond
 * that, so that a thread slower than the parser never makes the whole
 * feed pile up in memory. */
#define MAX_IN_FLIGHT 16

/* The thread: events copied in batches through a GAsyncQueue */

/* One event, copied: its name (with its NUL) or its text lives in the
 * batch's bytes. */
typedef struct
{
  guint32 kind;
  guint32 offset;
  guint32 length;
} CopiedEvent;

/* Why batches: a push and a pop cost a lock and, when the thread
 * sleeps, a wake-up, a few microseconds, where the chain spends about
 * 25 ns on an event (0.15 s for the 6.4 million events of the default
 * feed, measured).  An event a push would make the queue the whole
 * cost.  A batch of LL_ENVIRONMENTS_BATCH events (four thousand, about
 * 130 buses, 100 us of chain) is 1 600 pushes for that feed, so the
 * queue is not what the thread waits on.  Measured on a shared
 * two-core machine, batches of 64 to 32 768 events came out within the
 * noise of one another (the loop's 0.3 to 0.6 s); larger ones only hold
 * more in memory and leave the thread a longer tail after the last
 * chunk.  What does cost is the copy itself, about what the chain costs
 * (the loop's figure hardly falls against the main loop's): for work
 * this fine, handing it over is as dear as doing it.  The batches go
 * back to the loop once run, so after the first few a batch costs no
 * allocation. */
typedef struct
{
  GArray     *events;   /* of CopiedEvent */
  GByteArray *bytes;
} Batch;

/* What the thread pops besides batches. */
static Batch end_marker;    /* the feed is over */
static Batch stop_marker;   /* stop now */

static Batch *
batch_new (void)
{
  Batch *batch = g_new (Batch, 1);

  batch->events = g_array_sized_new (FALSE, FALSE, sizeof (CopiedEvent), LL_ENVIRONMENTS_BATCH);
  batch->bytes = g_byte_array_sized_new (LL_ENVIRONMENTS_BATCH * 16);

  return batch;
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  if (batch == &end_marker || batch == &stop_marker)
    return;

  g_array_unref (batch->events);
  g_byte_array_unref (batch->bytes);
  g_free (batch);
}

/* Everything the loop and the thread share.  The queues and the atomics
 * need no lock; the rest is under @lock. */
typedef struct
{
  /* set before the thread starts, only read after */
  char        *route;
  char        *direction;

  GAsyncQueue *full;        /* batches for the thread, and the markers */
  GAsyncQueue *empty;       /* batches run, back for the loop to fill */
  int          in_flight;   /* atomic: batches pushed and not yet run */
  int          stop;        /* atomic: the loop let go */

  GMutex       lock;
  GTask       *waiter;      /* the loop's handoff_wait_async(), if it waits */
  gboolean     waiter_wants_done;
  gboolean     done;        /* the thread's results are in */
  GArray      *matches;
  guint64      n_events;
  gint64       chain_time;
  GError      *error;
} Handoff;

static void
handoff_clear (gpointer data)
{
  Handoff *h = data;

  g_free (h->route);
  g_free (h->direction);
  g_async_queue_unref (h->full);
  g_async_queue_unref (h->empty);
  g_mutex_clear (&h->lock);
  g_assert (h->waiter == NULL);
  g_clear_pointer (&h->matches, g_array_unref);
  g_clear_error (&h->error);
}

static Handoff *
handoff_new (const char *route,
             const char *direction)
{
  Handoff *h = g_atomic_rc_box_new0 (Handoff);

  h->route = g_strdup (route);
  h->direction = g_strdup (direction);
  h->full = g_async_queue_new_full (batch_free);
  h->empty = g_async_queue_new_full (batch_free);
  g_mutex_init (&h->lock);

  return h;
}

static void
handoff_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, handoff_clear);
}

/* Returns the loop's wait if what it waits for has come: from the
 * thread, the GTask calls back in an idle on the loop's context. */
static void
handoff_wake (Handoff *h)
{
  GTask *task = NULL;

  g_mutex_lock (&h->lock);
  if (h->waiter != NULL &&
      (h->done || (!h->waiter_wants_done && g_atomic_int_get (&h->in_flight) < MAX_IN_FLIGHT)))
    task = g_steal_pointer (&h->waiter);
  g_mutex_unlock (&h->lock);

  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

/* From the loop: the thread is to stop at its next batch.  The marker
 * goes to the front, ahead of the batches waiting. */
static void
handoff_stop (Handoff *h)
{
  g_atomic_int_set (&h->stop, TRUE);
  g_async_queue_push_front (h->full, &stop_marker);
}

static void
handoff_on_cancelled (GCancellable *cancellable,
                      gpointer      data)
{
  handoff_stop (data);
}

static void
handoff_push (Handoff *h,
              Batch   *batch)
{
  g_atomic_int_inc (&h->in_flight);
  g_async_queue_push (h->full, batch);
}

static gboolean
handoff_get_done (Handoff *h)
{
  gboolean done;

  g_mutex_lock (&h->lock);
  done = h->done;
  g_mutex_unlock (&h->lock);

  return done;
}

/* Waits until fewer than MAX_IN_FLIGHT batches are waiting for the
 * thread, or (@wants_done) until the thread is done; either returns
 * once the thread is done.  It calls back on the thread-default context
 * of the caller. */
static void
handoff_wait_async (Handoff             *h,
                    gboolean             wants_done,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  gboolean ready;

  g_task_set_source_tag (task, handoff_wait_async);

  g_mutex_lock (&h->lock);
  g_assert (h->waiter == NULL);
  ready = h->done || (!wants_done && g_atomic_int_get (&h->in_flight) < MAX_IN_FLIGHT);
  if (!ready)
    {
      h->waiter = g_object_ref (task);
      h->waiter_wants_done = wants_done;
    }
  g_mutex_unlock (&h->lock);

  /* Returned now, the task still calls back from an idle, not from
   * inside this call. */
  if (ready)
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
handoff_wait_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == handoff_wait_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
batch_run (Batch       *batch,
           LlBusChain  *chain,
           GError     **error)
{
  const char *bytes = (const char *) batch->bytes->data;

  for (guint i = 0; i < batch->events->len; i++)
    {
      const CopiedEvent *copied = &g_array_index (batch->events, CopiedEvent, i);
      LlBusEvent event = { copied->kind, NULL, NULL, 0 };

      if (copied->kind == LL_BUS_EVENT_TEXT)
        {
          event.text = bytes + copied->offset;
          event.length = copied->length;
        }
      else
        {
          event.name = bytes + copied->offset;
        }
      if (!ll_bus_chain_send_event (chain, &event, error))
        return FALSE;
    }

  return TRUE;
}

/* The thread: a chain of its own, created, run and freed here; only
 * copies of its matches leave, with the handoff. */
static gpointer
chain_thread (gpointer data)
{
  Handoff *h = data;
  LlPipe *pipe = ll_pipe_new ();
  LlBusChain *chain = ll_bus_chain_new (pipe, h->route, h->direction);
  GArray *matches = ll_environments_matches_new ();
  const LlBusMatch *found;
  GError *error = NULL;
  guint64 n_events = 0;
  gint64 chain_time = 0;
  guint n_found;

  ll_bus_chain_feed_from (chain, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "GAsyncQueue", NULL));

  for (;;)
    {
      Batch *batch = g_async_queue_pop (h->full);
      gint64 before;
      gboolean ok;

      if (batch == &end_marker)
        break;
      if (batch == &stop_marker || g_atomic_int_get (&h->stop))
        {
          batch_free (batch);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was stopped"));
          break;
        }

      before = g_get_monotonic_time ();
      ok = batch_run (batch, chain, &error);
      chain_time += g_get_monotonic_time () - before;
      n_events += batch->events->len;

      g_array_set_size (batch->events, 0);
      g_byte_array_set_size (batch->bytes, 0);
      g_async_queue_push (h->empty, batch);
      g_atomic_int_add (&h->in_flight, -1);
      handoff_wake (h);
      if (!ok)
        break;
    }

  ll_bus_chain_close (chain);
  found = ll_bus_chain_get_matches (chain, 0, &n_found);
  for (guint i = 0; i < n_found; i++)
    ll_environments_matches_append (matches, &found[i]);
  ll_bus_chain_unref (chain);
  g_object_unref (pipe);

  g_mutex_lock (&h->lock);
  h->matches = matches;
  h->n_events = n_events;
  h->chain_time = chain_time;
  h->error = error;
  h->done = TRUE;
  g_mutex_unlock (&h->lock);
  handoff_wake (h);

  handoff_release (h);

  return NULL;
}

typedef struct
{
  EnvFrame          env;
  Handoff          *handoff;
  GThread          *thread;
  GCancellable     *cancellable;
  gulong            cancelled_id;
  LlBusParser      *parser;
  Batch            *batch;         /* being filled */
  GFileInputStream *in;
  char             *buffer;
  gssize            n;
} ThreadFrame;

/* The parser's callbacks: each event copied into the batch. */
static void
thread_copy_event (ThreadFrame    *f,
                   LlBusEventKind  kind,
                   const char     *text,
                   gsize           size,
                   gsize           length)
{
  CopiedEvent copied = { kind, 0, length };

  if (f->batch == NULL)
    {
      f->batch = g_async_queue_try_pop (f->handoff->empty);
      if (f->batch == NULL)
        f->batch = batch_new ();
    }

  copied.offset = f->batch->bytes->len;
  g_byte_array_append (f->batch->bytes, (const guint8 *) text, size);
  g_array_append_val (f->batch->events, copied);
  if (f->batch->events->len == LL_ENVIRONMENTS_BATCH)
    handoff_push (f->handoff, g_steal_pointer (&f->batch));
}

static void
thread_start_element (GMarkupParseContext  *context,
                      const char           *element_name,
                      const char          **attribute_names,
                      const char          **attribute_values,
                      gpointer              user_data,
                      GError              **error)
{
  gsize length = strlen (element_name);

  thread_copy_event (user_data, LL_BUS_EVENT_START, element_name, length + 1, length);
}

static void
thread_end_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    gpointer              user_data,
                    GError              **error)
{
  gsize length = strlen (element_name);

  thread_copy_event (user_data, LL_BUS_EVENT_END, element_name, length + 1, length);
}

static void
thread_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 text_len,
             gpointer              user_data,
             GError              **error)
{
  thread_copy_event (user_data, LL_BUS_EVENT_TEXT, text, text_len, text_len);
}

static const GMarkupParser thread_callbacks = {
  thread_start_element,
  thread_end_element,
  thread_text,
  NULL,
  NULL,
};

static LlCoStatus
thread_body (LlCo *co)
{
  ThreadFrame *f = (ThreadFrame *) co;
  Handoff *h = f->handoff;
  GError *error = NULL;
  gboolean ok;

  LL_CO_BEGIN (co);

  ll_environment_begin (&f->env);

  f->thread = g_thread_try_new ("ll-environments", chain_thread,
                                g_atomic_rc_box_acquire (h), &error);
  if (f->thread == NULL)
    {
      handoff_release (h);
      return ll_environment_fail (&f->env, error);
    }
  /* A stop reaches the thread even while this task waits on it. */
  f->cancellable = g_object_ref (ll_co_get_cancellable (co));
  f->cancelled_id = g_cancellable_connect (f->cancellable, G_CALLBACK (handoff_on_cancelled),
                                           g_atomic_rc_box_acquire (h), handoff_release);

  /* in = open (file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->env.file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->env.file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return ll_environment_fail (&f->env, ll_environment_open_error (&f->env, error));

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return ll_environment_fail (&f->env, ll_environment_open_error (&f->env, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): the events copied, full batches pushed */
      ok = ll_environment_feed_chunk (&f->env, f->parser, f->buffer, f->n, &error);
      ll_environment_progress (&f->env);
      if (!ok)
        return ll_environment_fail (&f->env, error);

      /* A chain that failed has stopped taking batches. */
      if (handoff_get_done (h))
        break;

      /* await room in the queue */
      if (g_atomic_int_get (&h->in_flight) >= MAX_IN_FLIGHT)
        {
          LL_CO_AWAIT_ASYNC (co, handoff_wait_async, h, FALSE);
          if (!handoff_wait_finish (LL_CO_RESULT (co), &error))
            return ll_environment_fail (&f->env, error);
        }
    }

  if (!handoff_get_done (h))
    {
      if (!ll_environment_end_feed (&f->env, f->parser, &error))
        return ll_environment_fail (&f->env, error);
      if (f->batch != NULL)
        handoff_push (h, g_steal_pointer (&f->batch));
      g_async_queue_push (h->full, &end_marker);
    }

  /* matches = await thread */
  LL_CO_AWAIT_ASYNC (co, handoff_wait_async, h, TRUE);
  if (!handoff_wait_finish (LL_CO_RESULT (co), &error))
    return ll_environment_fail (&f->env, error);
  /* Done, the thread only has its return left: the join is immediate. */
  g_thread_join (g_steal_pointer (&f->thread));

  if (h->error != NULL)
    return ll_environment_fail (&f->env, g_error_copy (h->error));
  if (h->n_events != f->env.figures.n_events)
    return ll_environment_fail (&f->env,
                                g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                                             _("The thread ran %llu events of the %llu handed over"),
                                             (unsigned long long) h->n_events,
                                             (unsigned long long) f->env.figures.n_events));
  g_array_unref (f->env.matches);
  f->env.matches = g_steal_pointer (&h->matches);
  f->env.figures.other_time = h->chain_time;

  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  return ll_environment_finish (&f->env);

  LL_CO_END (co);
}

static void
thread_cleanup (LlCo *co)
{
  ThreadFrame *f = (ThreadFrame *) co;

  /* A run that ended early stops the thread and waits for it here: told
   * to stop, it ends within the batch it is running (a few hundred
   * microseconds), and what it owns must go before the frame does. */
  if (f->thread != NULL)
    {
      handoff_stop (f->handoff);
      g_thread_join (g_steal_pointer (&f->thread));
    }
  if (f->cancelled_id != 0)
    g_cancellable_disconnect (f->cancellable, f->cancelled_id);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->batch, batch_free);
  g_clear_pointer (&f->handoff, handoff_release);
  g_clear_pointer (&f->parser, ll_bus_parser_free);
  g_clear_object (&f->in);
  g_clear_pointer (&f->buffer, g_free);
  ll_environment_frame_clear (&f->env);
}

LlCo *
ll_environment_thread_new (const EnvSetup *setup)
{
  ThreadFrame *f = (ThreadFrame *) ll_environment_frame_alloc (sizeof (ThreadFrame),
                                                               thread_body, thread_cleanup,
                                                               "thread", __FILE__,
                                                               LL_ENVIRONMENT_THREAD, setup);

  f->handoff = handoff_new (setup->route, setup->direction);
  f->parser = ll_bus_parser_new (setup->display_name, &thread_callbacks, f);
  f->buffer = g_malloc (LL_ENVIRONMENTS_CHUNK);

  return &f->env.co;
}
