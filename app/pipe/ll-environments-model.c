/* ll-environments-model.c: "One coroutine, three environments"
 *
 * One task per run, on the model's scheduler, reads top to bottom:
 *
 *   (if asked) await the feed, written in a worker thread
 *   size = await file.query_info ()
 *   for environment in (main loop, thread, subprocess):
 *       await environment.run (file)       # one coroutine each, below
 *   compare their matches
 *
 * Each environment is a task of its own, and the three read alike:
 *
 *   in = await open (file)
 *   while (n = await in.read (buffer)) > 0:
 *       parser.feed (buffer[:n])    # GMarkup's callbacks: see each one
 *       ...what the environment does with the chunk's events
 *   parser.end ()
 *
 * main loop: the parser's callbacks send each event into the chain, on
 *   this thread, as sax-bus does.
 * thread: they copy each event into a batch; full batches go through a
 *   GAsyncQueue to a thread that owns a chain of its own.  The matches
 *   come back in a GTask returned from that thread, which GLib delivers
 *   in an idle on the caller's context.
 * subprocess: they write each event as a line (the protocol of
 *   ll-environments-model.h) for `looplab-cli run environments --stage`,
 *   whose stdin and stdout are pipes; one task writes the lines, another
 *   reads the matches back, both at once in a task group, so that a
 *   child blocked writing its matches never waits on a parent blocked
 *   writing events.
 *
 * Every chain is ll_bus_chain_new()'s, the stages of ll-bus-chain.c: the
 * thread's is created, run and freed on that thread, the child's in the
 * child.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-model"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixoutputstream.h>

#include "ll-bus-feed.h"
#include "ll-environments-model.h"
#include "ll-process.h"
#include "ll-task-group.h"

/* The feed's reads complete at an idle priority, below GTK's redraw: a
 * file in the page cache is read in tens of microseconds, and at the
 * default priority each completion was ready before the loop looked
 * again, so that frames waited behind the whole feed (as on the sax-bus
 * page; see ll-sax-bus-model.c). */
#define READ_PRIORITY G_PRIORITY_DEFAULT_IDLE

/* Batches waiting for the thread, at most: 16 of 4 096 events, about
 * 2 000 buses, a megabyte of copies.  The loop waits for room beyond
 * that, so that a thread slower than the parser never makes the whole
 * feed pile up in memory. */
#define MAX_IN_FLIGHT 16

/* How long a child that has closed its pipes may take to exit before it
 * is killed: it has nothing left to do but exit, so two seconds is a
 * child that hangs, and the run must not hang with it. */
#define CHILD_GRACE_MS 2000

/* The child reads its stdin in blocks of this size. */
#define STAGE_READ (64 * 1024)

G_DEFINE_QUARK (ll-environments-error-quark, ll_environments_error)

G_DEFINE_ENUM_TYPE (LlEnvironment, ll_environment,
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_MAIN_LOOP, "main-loop"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_THREAD, "thread"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_SUBPROCESS, "subprocess"))

G_DEFINE_FLAGS_TYPE (LlEnvironmentFlags, ll_environment_flags,
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_FLAG_MAIN_LOOP, "main-loop"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_FLAG_THREAD, "thread"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_FLAG_SUBPROCESS, "subprocess"))

G_DEFINE_ENUM_TYPE (LlEnvironmentState, ll_environment_state,
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LL_ENVIRONMENT_STATE_STOPPED, "stopped"))

/* What one environment's last run left. */
typedef struct
{
  LlEnvironmentFigures  figures;
  GArray               *matches;    /* of LlBusMatch, once finished */
  char                 *checksum;
  GError               *error;
} Slot;

struct _LlEnvironmentsModel
{
  LlSimModel          parent_instance;

  /* What the next run is */
  char               *route;
  char               *direction;
  LlEnvironmentFlags  environments;
  char               *cli_path;       /* NULL: ll_environments_find_cli() */

  /* The run: owned references */
  LlCo               *task;
  GFile              *file;

  /* The run: what it says */
  gboolean            generating;
  int                 current;        /* the LlEnvironment running, or -1 */
  gboolean            identical;
  Slot                slots[LL_N_ENVIRONMENTS];
};

G_DEFINE_FINAL_TYPE (LlEnvironmentsModel, ll_environments_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_ROUTE,
  PROP_DIRECTION,
  PROP_ENVIRONMENTS,
  PROP_CLI_PATH,
  PROP_FILE,
  PROP_GENERATING,
  PROP_CURRENT,
  PROP_IDENTICAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENVIRONMENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* g_set_str() is GLib 2.76's. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

static void
set_boolean (LlEnvironmentsModel *self,
             gboolean            *field,
             gboolean             value,
             guint                prop)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_current (LlEnvironmentsModel *self,
             int                  current)
{
  if (self->current == current)
    return;

  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/**
 * ll_environment_get_name:
 * @environment: an environment
 *
 * Returns: its name for a user, translated: "main loop", "thread",
 *   "subprocess"
 */
const char *
ll_environment_get_name (LlEnvironment environment)
{
  switch (environment)
    {
    case LL_ENVIRONMENT_MAIN_LOOP:
      return _("main loop");
    case LL_ENVIRONMENT_THREAD:
      return _("thread");
    case LL_ENVIRONMENT_SUBPROCESS:
      return _("subprocess");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Matches */

static void
match_clear (gpointer data)
{
  LlBusMatch *match = data;

  g_clear_pointer (&match->id, g_free);
}

static GArray *
matches_new (void)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (LlBusMatch));

  g_array_set_clear_func (matches, match_clear);

  return matches;
}

static void
matches_append (GArray           *matches,
                const LlBusMatch *match)
{
  LlBusMatch copy = { g_strdup (match->id), match->latitude, match->longitude };

  g_array_append_val (matches, copy);
}

/* The same buses in the same order, bit for bit. */
static gboolean
matches_equal (GArray *a,
               GArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const LlBusMatch *x = &g_array_index (a, LlBusMatch, i);
      const LlBusMatch *y = &g_array_index (b, LlBusMatch, i);

      if (strcmp (x->id, y->id) != 0 || x->latitude != y->latitude || x->longitude != y->longitude)
        return FALSE;
    }

  return TRUE;
}

/* The protocol's escapes */

/* Appends @text with a backslash, a newline, a carriage return and a
 * NUL escaped.  Room for the worst case first, then the length cut
 * back: one pass over the text, not an append per byte, since the
 * whitespace between the feed's tags makes half the events contain a
 * newline. */
static void
append_escaped (GString    *buffer,
                const char *text,
                gsize       length)
{
  gsize start = buffer->len;
  char *p;

  g_string_set_size (buffer, start + 2 * length);
  p = buffer->str + start;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      switch (c)
        {
        case '\\':
          *p++ = '\\';
          *p++ = '\\';
          break;
        case '\n':
          *p++ = '\\';
          *p++ = 'n';
          break;
        case '\r':
          *p++ = '\\';
          *p++ = 'r';
          break;
        case '\0':
          *p++ = '\\';
          *p++ = '0';
          break;
        default:
          *p++ = c;
        }
    }
  g_string_truncate (buffer, p - buffer->str);
}

/* Decodes @text in place.  Returns its new length, or -1, with @text
 * as it was, for an escape the protocol does not have. */
static gssize
unescape_in_place (char  *text,
                   gsize  length)
{
  char *end = text + length;
  char *first = memchr (text, '\\', length);
  char *in;
  char *out;

  if (first == NULL)
    return length;

  /* Checked first, so that a bad line can be shown as it came. */
  for (in = first; in < end; in++)
    {
      if (*in != '\\')
        continue;
      if (++in == end || memchr ("\\nr0", *in, 4) == NULL)
        return -1;
    }

  for (in = out = first; in < end; in++)
    {
      if (*in != '\\')
        {
          *out++ = *in;
          continue;
        }
      switch (*++in)
        {
        case 'n':
          *out++ = '\n';
          break;
        case 'r':
          *out++ = '\r';
          break;
        case '0':
          *out++ = '\0';
          break;
        default:
          *out++ = '\\';
          break;
        }
    }

  return out - text;
}

/**
 * ll_environments_append_event_line:
 * @buffer: where the line goes
 * @kind: the event's kind
 * @text: (array length=length): the element's name, or the text
 * @length: its length in bytes
 *
 * Appends the event as the child reads it: `s NAME`, `t TEXT` or
 * `e NAME`, escaped, and a newline.
 */
void
ll_environments_append_event_line (GString        *buffer,
                                   LlBusEventKind  kind,
                                   const char     *text,
                                   gsize           length)
{
  static const char prefixes[][3] = { "s ", "t ", "e " };

  g_return_if_fail (buffer != NULL);
  g_return_if_fail (kind <= LL_BUS_EVENT_END);
  g_return_if_fail (text != NULL || length == 0);

  g_string_append_len (buffer, prefixes[kind], 2);
  append_escaped (buffer, text, length);
  g_string_append_c (buffer, '\n');
}

static char *
format_seconds (gint64 usec)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", usec / (double) G_USEC_PER_SEC));
}

/* The environments' frames: what the three share */

/* The head of each environment's frame.  The figures are the frame's
 * own; env_publish() copies them into the model, which the frame may no
 * longer have (a stopped run lets go of its tasks, which unwind later). */
typedef struct
{
  LlCo                  co;
  LlEnvironmentsModel  *self;        /* borrowed; NULL once the model lets go */
  LlEnvironment         environment;
  GFile                *file;
  char                 *display_name;
  char                 *route;
  char                 *direction;
  LlEnvironmentFigures  figures;
  GArray               *matches;     /* of LlBusMatch, in the feed's order */
  gint64                start;
} EnvFrame;

/* What a run hands each environment. */
typedef struct
{
  LlEnvironmentsModel *self;
  GFile               *file;
  const char          *display_name;
  const char          *route;
  const char          *direction;
  const char          *cli_path;
  guint64              file_size;
} EnvSetup;

static EnvFrame *
env_frame_alloc (gsize           size,
                 LlCoFunc        body,
                 LlCoCleanup     cleanup,
                 const char     *name,
                 LlEnvironment   environment,
                 const EnvSetup *setup)
{
  EnvFrame *e = (EnvFrame *) ll_co_alloc (size, body, cleanup, name, __FILE__);

  e->self = setup->self;
  e->environment = environment;
  e->file = g_object_ref (setup->file);
  e->display_name = g_strdup (setup->display_name);
  e->route = g_strdup (setup->route);
  e->direction = g_strdup (setup->direction);
  e->matches = matches_new ();
  e->figures.state = LL_ENVIRONMENT_STATE_RUNNING;
  e->figures.file_size = setup->file_size;

  return e;
}

static void
env_frame_clear (EnvFrame *e)
{
  g_clear_object (&e->file);
  g_clear_pointer (&e->display_name, g_free);
  g_clear_pointer (&e->route, g_free);
  g_clear_pointer (&e->direction, g_free);
  g_clear_pointer (&e->matches, g_array_unref);
}

/* Copies the frame's figures into the model and says so.  A handler may
 * stop the run (and clear e->self): nothing of the model is touched
 * after the signal. */
static void
env_publish (EnvFrame *e)
{
  LlEnvironmentsModel *self = e->self;

  if (self == NULL)
    return;

  self->slots[e->environment].figures = e->figures;
  g_object_ref (self);
  g_signal_emit (self, signals[ENVIRONMENT_CHANGED], 0, e->environment);
  g_object_unref (self);
}

static void
env_update_time (EnvFrame *e)
{
  e->figures.wall_time = g_get_monotonic_time () - e->start;
  e->figures.events_per_second = e->figures.wall_time > 0
    ? e->figures.n_events / (e->figures.wall_time / (double) G_USEC_PER_SEC)
    : 0.0;
}

static void
env_begin (EnvFrame *e)
{
  e->start = g_get_monotonic_time ();
  env_publish (e);
}

static void
env_progress (EnvFrame *e)
{
  env_update_time (e);
  e->figures.n_matches = e->matches->len;
  env_publish (e);
}

/* The environment's line, once it is over. */
static void
env_emit_line (EnvFrame *e)
{
  g_autofree char *line = NULL;

  if (e->self == NULL)
    return;

  line = ll_environments_model_describe (e->self, e->environment);
  ll_sim_model_emit_line (LL_SIM_MODEL (e->self), line);
}

static LlCoStatus
env_finish (EnvFrame *e)
{
  LlEnvironmentsModel *self = e->self;

  env_update_time (e);
  e->figures.n_matches = e->matches->len;
  e->figures.state = LL_ENVIRONMENT_STATE_FINISHED;
  if (self != NULL)
    {
      Slot *slot = &self->slots[e->environment];

      g_clear_pointer (&slot->matches, g_array_unref);
      slot->matches = g_array_ref (e->matches);
      g_free (slot->checksum);
      slot->checksum = ll_bus_matches_checksum ((const LlBusMatch *) e->matches->data,
                                                e->matches->len);
    }
  env_publish (e);
  env_emit_line (e);

  return ll_co_return (&e->co, NULL, NULL);
}

static LlCoStatus
env_fail (EnvFrame *e,
          GError   *error)
{
  LlEnvironmentsModel *self = e->self;

  /* Cancelled: the model let go of the run and says so itself. */
  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      Slot *slot = &self->slots[e->environment];

      env_update_time (e);
      e->figures.n_matches = e->matches->len;
      e->figures.state = LL_ENVIRONMENT_STATE_FAILED;
      g_clear_error (&slot->error);
      slot->error = g_error_copy (error);
      env_publish (e);
      env_emit_line (e);
    }

  return ll_co_fail (&e->co, error);
}

static GError *
open_error (EnvFrame *e,
            GError   *error)
{
  GError *reworded;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  reworded = g_error_new (error->domain, error->code,
                          _("Cannot read the feed “%s”: %s"), e->display_name, error->message);
  g_error_free (error);

  return reworded;
}

/* One chunk through the parser, timed: the loop's own work for the
 * chunk, whatever the environment's callbacks do with the events. */
static gboolean
env_feed_chunk (EnvFrame     *e,
                LlBusParser  *parser,
                const char   *data,
                gsize         length,
                GError      **error)
{
  gint64 before = g_get_monotonic_time ();
  gboolean ok = ll_bus_parser_feed (parser, data, length, error);

  e->figures.loop_time += g_get_monotonic_time () - before;
  e->figures.bytes_read = ll_bus_parser_get_n_bytes (parser);
  e->figures.n_events = ll_bus_parser_get_n_events (parser);

  return ok;
}

static gboolean
env_end_feed (EnvFrame     *e,
              LlBusParser  *parser,
              GError      **error)
{
  gint64 before = g_get_monotonic_time ();
  gboolean ok = ll_bus_parser_end (parser, error);

  e->figures.loop_time += g_get_monotonic_time () - before;
  e->figures.n_events = ll_bus_parser_get_n_events (parser);

  return ok;
}

/* The main loop: the chain on the loop's thread */

typedef struct
{
  EnvFrame          env;
  LlBusChain       *chain;
  LlBusParser      *parser;
  GFileInputStream *in;
  char             *buffer;
  gssize            n;
} MainLoopFrame;

static void
main_loop_on_match (const LlBusMatch *match,
                    guint             branch,
                    gpointer          user_data)
{
  MainLoopFrame *f = user_data;

  matches_append (f->env.matches, match);
}

static LlCoStatus
main_loop_body (LlCo *co)
{
  MainLoopFrame *f = (MainLoopFrame *) co;
  GError *error = NULL;
  gboolean ok;

  LL_CO_BEGIN (co);

  env_begin (&f->env);

  /* in = open (file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->env.file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->env.file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return env_fail (&f->env, open_error (&f->env, error));

  for (;;)
    {
      /* n = await in.read (buffer) */
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return env_fail (&f->env, open_error (&f->env, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): each event goes down the chain, here */
      ok = env_feed_chunk (&f->env, f->parser, f->buffer, f->n, &error);
      env_progress (&f->env);
      if (!ok)
        return env_fail (&f->env, error);
    }

  if (!env_end_feed (&f->env, f->parser, &error))
    return env_fail (&f->env, error);
  ll_bus_chain_close (f->chain);

  /* A file opened for reading has nothing to write back: a failed
   * close changes nothing for the run. */
  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  return env_finish (&f->env);

  LL_CO_END (co);
}

static void
main_loop_cleanup (LlCo *co)
{
  MainLoopFrame *f = (MainLoopFrame *) co;

  g_clear_pointer (&f->parser, ll_bus_parser_free);
  if (f->chain != NULL)
    ll_bus_chain_set_match_func (f->chain, NULL, NULL, NULL);
  g_clear_pointer (&f->chain, ll_bus_chain_unref);
  /* close() of a file opened for reading waits for no disk. */
  g_clear_object (&f->in);
  g_clear_pointer (&f->buffer, g_free);
  env_frame_clear (&f->env);
}

static LlCo *
main_loop_new (const EnvSetup *setup)
{
  MainLoopFrame *f = (MainLoopFrame *) env_frame_alloc (sizeof (MainLoopFrame), main_loop_body,
                                                        main_loop_cleanup, "main loop",
                                                        LL_ENVIRONMENT_MAIN_LOOP, setup);
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  guint parser_node;

  f->chain = ll_bus_chain_new (pipe, setup->route, setup->direction);
  parser_node = ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "GMarkupParseContext", NULL);
  ll_bus_chain_feed_from (f->chain, parser_node);
  ll_bus_chain_set_match_func (f->chain, main_loop_on_match, f, NULL);
  f->parser = ll_bus_parser_new_for_chain (f->chain, setup->display_name);
  f->buffer = g_malloc (LL_ENVIRONMENTS_CHUNK);

  return &f->env.co;
}

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
  GArray *matches = matches_new ();
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
    matches_append (matches, &found[i]);
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

  env_begin (&f->env);

  f->thread = g_thread_try_new ("ll-environments", chain_thread,
                                g_atomic_rc_box_acquire (h), &error);
  if (f->thread == NULL)
    {
      handoff_release (h);
      return env_fail (&f->env, error);
    }
  /* A stop reaches the thread even while this task waits on it. */
  f->cancellable = g_object_ref (ll_co_get_cancellable (co));
  f->cancelled_id = g_cancellable_connect (f->cancellable, G_CALLBACK (handoff_on_cancelled),
                                           g_atomic_rc_box_acquire (h), handoff_release);

  /* in = open (file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->env.file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->env.file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return env_fail (&f->env, open_error (&f->env, error));

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return env_fail (&f->env, open_error (&f->env, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): the events copied, full batches pushed */
      ok = env_feed_chunk (&f->env, f->parser, f->buffer, f->n, &error);
      env_progress (&f->env);
      if (!ok)
        return env_fail (&f->env, error);

      /* A chain that failed has stopped taking batches. */
      if (handoff_get_done (h))
        break;

      /* await room in the queue */
      if (g_atomic_int_get (&h->in_flight) >= MAX_IN_FLIGHT)
        {
          LL_CO_AWAIT_ASYNC (co, handoff_wait_async, h, FALSE);
          if (!handoff_wait_finish (LL_CO_RESULT (co), &error))
            return env_fail (&f->env, error);
        }
    }

  if (!handoff_get_done (h))
    {
      if (!env_end_feed (&f->env, f->parser, &error))
        return env_fail (&f->env, error);
      if (f->batch != NULL)
        handoff_push (h, g_steal_pointer (&f->batch));
      g_async_queue_push (h->full, &end_marker);
    }

  /* matches = await thread */
  LL_CO_AWAIT_ASYNC (co, handoff_wait_async, h, TRUE);
  if (!handoff_wait_finish (LL_CO_RESULT (co), &error))
    return env_fail (&f->env, error);
  /* Done, the thread only has its return left: the join is immediate. */
  g_thread_join (g_steal_pointer (&f->thread));

  if (h->error != NULL)
    return env_fail (&f->env, g_error_copy (h->error));
  if (h->n_events != f->env.figures.n_events)
    return env_fail (&f->env,
                     g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                                  _("The thread ran %llu events of the %llu handed over"),
                                  (unsigned long long) h->n_events,
                                  (unsigned long long) f->env.figures.n_events));
  g_array_unref (f->env.matches);
  f->env.matches = g_steal_pointer (&h->matches);
  f->env.figures.other_time = h->chain_time;

  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  return env_finish (&f->env);

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
  env_frame_clear (&f->env);
}

static LlCo *
thread_new (const EnvSetup *setup)
{
  ThreadFrame *f = (ThreadFrame *) env_frame_alloc (sizeof (ThreadFrame), thread_body,
                                                    thread_cleanup, "thread",
                                                    LL_ENVIRONMENT_THREAD, setup);

  f->handoff = handoff_new (setup->route, setup->direction);
  f->parser = ll_bus_parser_new (setup->display_name, &thread_callbacks, f);
  f->buffer = g_malloc (LL_ENVIRONMENTS_CHUNK);

  return &f->env.co;
}

/* The subprocess: events as lines into a child's stdin, matches back */

static gboolean
is_program (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/**
 * ll_environments_find_cli:
 * @error: return location for a #GError
 *
 * Where looplab-cli is (ll_process_find_cli()).
 *
 * Returns: (transfer full) (nullable): its path, or %NULL with
 *   %LL_ENVIRONMENTS_ERROR_NO_CLI
 */
char *
ll_environments_find_cli (GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *found = ll_process_find_cli (&local_error);

  if (found == NULL)
    g_set_error_literal (error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_NO_CLI, local_error->message);

  return found;
}

/* A write to the stdin of a child that died must be an error the run
 * reports (EPIPE), not a signal that kills this process.  Only the
 * default action is replaced, once: a handler the application installed
 * stays. */
static void
ignore_sigpipe (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      struct sigaction action;

      if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
        {
          action.sa_handler = SIG_IGN;
          sigaction (SIGPIPE, &action, NULL);
        }
      g_once_init_leave (&once, 1);
    }
}

typedef struct
{
  EnvFrame     env;
  char        *cli_path;       /* NULL: ll_environments_find_cli() */
  GSubprocess *process;
  LlTaskGroup *group;
  GSource     *grace;          /* kills a child that closed its pipes and lives on */
  gboolean     killed;         /* by us: a stop, a feed that failed, the grace */
  gboolean     killed_by_grace;
  gboolean     waited;         /* its exit status is in */
  GError      *feed_error;     /* the writer's, when the feed itself failed */
  GError      *group_error;
  guint64      n_written;      /* events whose lines the child's pipe has taken */

  /* what the child's stdout said */
  gboolean     done;
  guint64      child_events;
  guint64      child_matches;
  gint64       child_time;
  char        *child_error;
} SubprocessFrame;

static void
subprocess_kill (SubprocessFrame *f)
{
  if (f->process == NULL || f->killed)
    return;

  f->killed = TRUE;
  g_subprocess_force_exit (f->process);
}

/* The writer: the feed, parsed, as lines on the child's stdin */

typedef struct
{
  LlCo              co;
  SubprocessFrame  *sub;       /* borrowed: it awaits the group this task is in */
  GOutputStream    *stdin_pipe;
  GFileInputStream *in;
  LlBusParser      *parser;
  GString          *lines;
  char             *buffer;
  gssize            n;
} WriterFrame;

static void
writer_start_element (GMarkupParseContext  *context,
                      const char           *element_name,
                      const char          **attribute_names,
                      const char          **attribute_values,
                      gpointer              user_data,
                      GError              **error)
{
  ll_environments_append_event_line (user_data, LL_BUS_EVENT_START, element_name, strlen (element_name));
}

static void
writer_end_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    gpointer              user_data,
                    GError              **error)
{
  ll_environments_append_event_line (user_data, LL_BUS_EVENT_END, element_name, strlen (element_name));
}

static void
writer_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 text_len,
             gpointer              user_data,
             GError              **error)
{
  ll_environments_append_event_line (user_data, LL_BUS_EVENT_TEXT, text, text_len);
}

static const GMarkupParser writer_callbacks = {
  writer_start_element,
  writer_end_element,
  writer_text,
  NULL,
  NULL,
};

/* The feed failed, not the child: the run reports the feed's error. */
static LlCoStatus
writer_feed_fail (WriterFrame *f,
                  GError      *error)
{
  if (f->sub->feed_error == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    f->sub->feed_error = g_error_copy (error);

  return ll_co_fail (&f->co, error);
}

static LlCoStatus
writer_body (LlCo *co)
{
  WriterFrame *f = (WriterFrame *) co;
  EnvFrame *e = &f->sub->env;
  GError *error = NULL;
  gsize written;
  gboolean ok;

  LL_CO_BEGIN (co);

  /* in = open (file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, e->file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (e->file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return writer_feed_fail (f, open_error (e, error));

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return writer_feed_fail (f, open_error (e, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): the events as lines */
      ok = env_feed_chunk (e, f->parser, f->buffer, f->n, &error);
      if (!ok)
        return writer_feed_fail (f, error);

      /* await child.stdin.write (lines): the loop is free while the pipe
       * is full, until the child has read enough */
      LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async,
                         f->stdin_pipe, f->lines->str, f->lines->len, G_PRIORITY_DEFAULT);
      if (!g_output_stream_write_all_finish (f->stdin_pipe, LL_CO_RESULT (co), &written, &error))
        return ll_co_fail (co, error);
      g_string_truncate (f->lines, 0);
      f->sub->n_written = e->figures.n_events;
      env_progress (e);
    }

  if (!env_end_feed (e, f->parser, &error))
    return writer_feed_fail (f, error);
  if (f->lines->len > 0)
    {
      LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async,
                         f->stdin_pipe, f->lines->str, f->lines->len, G_PRIORITY_DEFAULT);
      if (!g_output_stream_write_all_finish (f->stdin_pipe, LL_CO_RESULT (co), &written, &error))
        return ll_co_fail (co, error);
      f->sub->n_written = e->figures.n_events;
    }

  /* child.stdin.close (): the child's end of the input */
  LL_CO_AWAIT_ASYNC (co, g_output_stream_close_async, f->stdin_pipe, G_PRIORITY_DEFAULT);
  if (!g_output_stream_close_finish (f->stdin_pipe, LL_CO_RESULT (co), &error))
    return ll_co_fail (co, error);

  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  LL_CO_END (co);
}

static void
writer_cleanup (LlCo *co)
{
  WriterFrame *f = (WriterFrame *) co;

  g_clear_object (&f->stdin_pipe);
  g_clear_object (&f->in);
  g_clear_pointer (&f->parser, ll_bus_parser_free);
  if (f->lines != NULL)
    g_string_free (g_steal_pointer (&f->lines), TRUE);
  g_clear_pointer (&f->buffer, g_free);
}

static LlCo *
writer_new (SubprocessFrame *sub)
{
  WriterFrame *f = ll_co_new (WriterFrame, writer_body, writer_cleanup);

  ll_co_set_name (&f->co, "write the events");
  f->sub = sub;
  f->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (sub->process));
  f->lines = g_string_sized_new (4 * LL_ENVIRONMENTS_CHUNK);
  f->parser = ll_bus_parser_new (sub->env.display_name, &writer_callbacks, f->lines);
  f->buffer = g_malloc (LL_ENVIRONMENTS_CHUNK);

  return &f->co;
}

/* The reader: the child's matches, a line each */

typedef struct
{
  LlCo              co;
  SubprocessFrame  *sub;       /* borrowed, as the writer's */
  GDataInputStream *data;
  guint64           n_lines;
} ReaderFrame;

static GError *
bad_line (ReaderFrame *f,
          const char  *line)
{
  return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                      _("Line %llu of looplab-cli’s output is not in the protocol: “%s”"),
                      (unsigned long long) f->n_lines, line);
}

/* A number and the space after it. */
static gboolean
read_double (char   **p,
             double  *value)
{
  char *end;

  *value = g_ascii_strtod (*p, &end);
  if (end == *p || *end != ' ')
    return FALSE;
  *p = end + 1;

  return TRUE;
}

static gboolean
read_uint64 (char    **p,
             guint64  *value,
             char      after)
{
  char *end;

  if (!g_ascii_isdigit (**p))
    return FALSE;
  *value = g_ascii_strtoull (*p, &end, 10);
  if (*end != after)
    return FALSE;
  *p = end + (after != '\0');

  return TRUE;
}

static gboolean
reader_take_line (ReaderFrame  *f,
                  char         *line,
                  gsize         length,
                  GError      **error)
{
  SubprocessFrame *sub = f->sub;
  char *p;

  f->n_lines++;
  if (sub->done)
    {
      /* Nothing may follow the summary. */
      g_propagate_error (error, bad_line (f, line));
      return FALSE;
    }

  if (g_str_has_prefix (line, "match "))
    {
      LlBusMatch match = { NULL, 0.0, 0.0 };
      gssize id_length;

      p = line + strlen ("match ");
      if (!read_double (&p, &match.latitude) || !read_double (&p, &match.longitude) ||
          (id_length = unescape_in_place (p, line + length - p)) < 0)
        {
          g_propagate_error (error, bad_line (f, line));
          return FALSE;
        }
      match.id = g_strndup (p, id_length);
      g_array_append_val (sub->env.matches, match);
      return TRUE;
    }

  if (g_str_has_prefix (line, "done "))
    {
      guint64 usec;

      p = line + strlen ("done ");
      if (!read_uint64 (&p, &sub->child_events, ' ') ||
          !read_uint64 (&p, &sub->child_matches, ' ') ||
          !read_uint64 (&p, &usec, '\0') || usec > G_MAXINT64)
        {
          g_propagate_error (error, bad_line (f, line));
          return FALSE;
        }
      sub->child_time = usec;
      sub->done = TRUE;
      return TRUE;
    }

  if (g_str_has_prefix (line, "error "))
    {
      gssize message_length;

      p = line + strlen ("error ");
      message_length = unescape_in_place (p, line + length - p);
      if (message_length < 0)
        {
          g_propagate_error (error, bad_line (f, line));
          return FALSE;
        }
      g_free (sub->child_error);
      sub->child_error = g_strndup (p, message_length);
      return TRUE;
    }

  g_propagate_error (error, bad_line (f, line));

  return FALSE;
}

static LlCoStatus
reader_body (LlCo *co)
{
  ReaderFrame *f = (ReaderFrame *) co;
  GError *error = NULL;
  gsize length;
  gboolean ok;
  char *line;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* line = await child.stdout.readline () */
      LL_CO_AWAIT_ASYNC (co, g_data_input_stream_read_line_async, f->data, G_PRIORITY_DEFAULT);
      line = g_data_input_stream_read_line_finish (f->data, LL_CO_RESULT (co), &length, &error);
      if (line == NULL && error != NULL)
        return ll_co_fail (co, error);
      if (line == NULL)
        break;
      ok = reader_take_line (f, line, length, &error);
      g_free (line);
      if (!ok)
        return ll_co_fail (co, error);
    }

  /* The end of its output.  A child that failed said why in an error
   * line, and its exit status says the rest. */
  if (!f->sub->done && f->sub->child_error == NULL)
    return ll_co_fail (co, g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                                        _("looplab-cli’s output ended before its summary line, after %u matches"),
                                        f->sub->env.matches->len));

  LL_CO_END (co);
}

static void
reader_cleanup (LlCo *co)
{
  ReaderFrame *f = (ReaderFrame *) co;

  g_clear_object (&f->data);
}

static LlCo *
reader_new (SubprocessFrame *sub)
{
  ReaderFrame *f = ll_co_new (ReaderFrame, reader_body, reader_cleanup);

  ll_co_set_name (&f->co, "read the matches");
  f->sub = sub;
  f->data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sub->process));
  g_data_input_stream_set_newline_type (f->data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (f->data), 64 * 1024);

  return &f->co;
}

static gboolean
on_grace_over (gpointer data)
{
  SubprocessFrame *f = data;

  if (!f->killed)
    {
      subprocess_kill (f);
      f->killed_by_grace = TRUE;
    }
  g_clear_pointer (&f->grace, g_source_unref);

  return G_SOURCE_REMOVE;
}

/* Why the run failed, from the child's exit and what it said: its
 * death is the cause when it died, the pipe's error only a symptom. */
static GError *
subprocess_error (SubprocessFrame *f)
{
  GSubprocess *p = f->process;
  const char *said = f->child_error != NULL ? f->child_error : "";

  if (f->killed_by_grace)
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_KILLED,
                        _("looplab-cli closed its pipes but did not exit within %d s: it was killed"),
                        CHILD_GRACE_MS / 1000);
  if (g_subprocess_get_if_signaled (p))
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_KILLED,
                        _("looplab-cli was killed by signal %d (%s) after %llu events had been written to it"),
                        g_subprocess_get_term_sig (p), g_strsignal (g_subprocess_get_term_sig (p)),
                        (unsigned long long) f->n_written);
  if (g_subprocess_get_exit_status (p) != 0)
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED,
                        _("looplab-cli exited with status %d after %llu events had been written to it%s%s"),
                        g_subprocess_get_exit_status (p), (unsigned long long) f->n_written,
                        *said != '\0' ? ": " : "", said);
  if (!f->done)
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED,
                        _("looplab-cli exited with status 0 but without its summary line, after %llu events had been written to it"),
                        (unsigned long long) f->n_written);
  if (f->group_error != NULL)
    return g_error_copy (f->group_error);
  if (f->child_events != f->env.figures.n_events)
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED,
                        _("looplab-cli read %llu of the %llu events written to it"),
                        (unsigned long long) f->child_events,
                        (unsigned long long) f->env.figures.n_events);
  if (f->child_matches != f->env.matches->len)
    return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                        _("looplab-cli counted %llu matches but sent %u"),
                        (unsigned long long) f->child_matches, f->env.matches->len);

  return NULL;
}

static LlCoStatus
subprocess_body (LlCo *co)
{
  SubprocessFrame *f = (SubprocessFrame *) co;
  GError *error = NULL;
  int stdin_fd;
  char *cli;

  LL_CO_BEGIN (co);

  env_begin (&f->env);

  if (f->cli_path != NULL && !is_program (f->cli_path))
    return env_fail (&f->env, g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_NO_CLI,
                                           _("“%s” is not a program that can be run"), f->cli_path));
  cli = f->cli_path != NULL ? g_strdup (f->cli_path) : ll_environments_find_cli (&error);
  if (cli == NULL)
    return env_fail (&f->env, error);

  /* child = looplab-cli run environments --stage, its stdin and stdout
   * pipes; its stderr is ours, where a crash's report belongs */
  ignore_sigpipe ();
  {
    const char *argv[] = { cli, "run", "environments", "--stage",
                           "--route", f->env.route, "--direction", f->env.direction, NULL };

    f->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error);
  }
  g_free (cli);
  if (f->process == NULL)
    return env_fail (&f->env, error);

  /* A blocking pipe polls as writable with any room at all, then blocks
   * a large write until all of it fits: the loop would wait on the
   * child.  Non-blocking, an async write takes what fits and waits for
   * poll, as g_subprocess_communicate() makes its own stdin. */
  stdin_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (f->process)));
  if (!g_unix_set_fd_nonblocking (stdin_fd, TRUE, &error))
    {
      subprocess_kill (f);
      return env_fail (&f->env, error);
    }

  /* await (write the events, read the matches) */
  f->group = ll_task_group_new ();
  ll_co_unref (ll_task_group_add (f->group, writer_new (f)));
  ll_co_unref (ll_task_group_add (f->group, reader_new (f)));
  LL_CO_AWAIT_GROUP (co, f->group);
  ll_task_group_finish (f->group, &f->group_error);

  /* A writer that stopped half way left the child's stdin open: closed,
   * a child reading it sees its end.  close() of a pipe waits for
   * nothing. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);

  /* A feed that failed is no reason for the child to go on; a child
   * whose pipes failed or ended is dying, or gets CHILD_GRACE_MS to. */
  if (f->feed_error != NULL)
    {
      subprocess_kill (f);
    }
  else
    {
      f->grace = g_timeout_source_new (CHILD_GRACE_MS);
      g_source_set_callback (f->grace, on_grace_over, f, NULL);
      g_source_attach (f->grace, ll_scheduler_get_context (ll_co_get_scheduler (co)));
    }

  /* await child.wait () */
  LL_CO_AWAIT_ASYNC (co, g_subprocess_wait_async, f->process);
  if (!g_subprocess_wait_finish (f->process, LL_CO_RESULT (co), &error))
    return env_fail (&f->env, error);
  f->waited = TRUE;
  if (f->grace != NULL)
    {
      g_source_destroy (f->grace);
      g_clear_pointer (&f->grace, g_source_unref);
    }

  if (f->feed_error != NULL)
    return env_fail (&f->env, g_error_copy (f->feed_error));
  error = subprocess_error (f);
  if (error != NULL)
    return env_fail (&f->env, error);

  f->env.figures.other_time = f->child_time;

  return env_finish (&f->env);

  LL_CO_END (co);
}

static void
subprocess_cleanup (LlCo *co)
{
  SubprocessFrame *f = (SubprocessFrame *) co;

  /* A stopped run, or a failure before the child was waited for: it is
   * killed.  GSubprocess reaps it whoever holds it. */
  if (!f->waited)
    subprocess_kill (f);
  if (f->grace != NULL)
    {
      g_source_destroy (f->grace);
      g_clear_pointer (&f->grace, g_source_unref);
    }
  g_clear_pointer (&f->group, ll_task_group_unref);
  g_clear_object (&f->process);
  g_clear_error (&f->feed_error);
  g_clear_error (&f->group_error);
  g_clear_pointer (&f->child_error, g_free);
  g_clear_pointer (&f->cli_path, g_free);
  env_frame_clear (&f->env);
}

static LlCo *
subprocess_new (const EnvSetup *setup)
{
  SubprocessFrame *f = (SubprocessFrame *) env_frame_alloc (sizeof (SubprocessFrame), subprocess_body,
                                                            subprocess_cleanup, "subprocess",
                                                            LL_ENVIRONMENT_SUBPROCESS, setup);

  f->cli_path = g_strdup (setup->cli_path);

  return &f->env.co;
}

/* The child's side: ll_environments_run_stage() */

typedef struct
{
  LlBusChain    *chain;
  GOutputStream *out;
  GString       *line;
  GError        *error;     /* the first write that failed */
  guint64        n_matches;
} Stage;

static gboolean
stage_write (Stage   *stage,
             GError **error)
{
  gboolean ok = g_output_stream_write_all (stage->out, stage->line->str, stage->line->len,
                                           NULL, NULL, error);

  g_string_truncate (stage->line, 0);

  return ok;
}

/* A match as it reaches the sink, written at once: the parent reads the
 * matches as they come. */
static void
stage_on_match (const LlBusMatch *match,
                guint             branch,
                gpointer          user_data)
{
  Stage *stage = user_data;
  char latitude[G_ASCII_DTOSTR_BUF_SIZE];
  char longitude[G_ASCII_DTOSTR_BUF_SIZE];

  if (stage->error != NULL)
    return;

  stage->n_matches++;
  g_string_append_printf (stage->line, "match %s %s ",
                          g_ascii_dtostr (latitude, sizeof latitude, match->latitude),
                          g_ascii_dtostr (longitude, sizeof longitude, match->longitude));
  append_escaped (stage->line, match->id, strlen (match->id));
  g_string_append_c (stage->line, '\n');
  /* No reader left: the parse stops at its next event. */
  if (!stage_write (stage, &stage->error))
    ll_bus_chain_stop (stage->chain);
}

static GError *
stage_bad_input (guint64     n_line,
                 const char *line,
                 gsize       length)
{
  g_autofree char *shown = g_utf8_make_valid (line, MIN (length, 80));

  return g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                      _("Line %llu of the input is not an event: “%s”"),
                      (unsigned long long) n_line, shown);
}

/* One line, "s NAME", "t TEXT" or "e NAME", decoded in place and sent.
 * @line ends where its newline was, which becomes the NUL a name needs. */
static gboolean
stage_send_line (LlBusChain  *chain,
                 char        *line,
                 gsize        length,
                 guint64      n_line,
                 GError     **error)
{
  LlBusEvent event = { LL_BUS_EVENT_START, NULL, NULL, 0 };
  gssize payload;

  if (length < 2 || line[1] != ' ' || (line[0] != 's' && line[0] != 't' && line[0] != 'e'))
    {
      g_propagate_error (error, stage_bad_input (n_line, line, length));
      return FALSE;
    }
  payload = unescape_in_place (line + 2, length - 2);
  if (payload < 0)
    {
      g_propagate_error (error, stage_bad_input (n_line, line, length));
      return FALSE;
    }
  line[2 + payload] = '\0';

  switch (line[0])
    {
    case 's':
      event.kind = LL_BUS_EVENT_START;
      event.name = line + 2;
      break;
    case 't':
      event.kind = LL_BUS_EVENT_TEXT;
      event.text = line + 2;
      event.length = payload;
      break;
    default:
      event.kind = LL_BUS_EVENT_END;
      event.name = line + 2;
      break;
    }

  return ll_bus_chain_send_event (chain, &event, error);
}

/**
 * ll_environments_run_stage:
 * @in: the events, one line each (the protocol of
 *   ll-environments-model.h)
 * @out: where the matches go, one line each, then the summary line
 * @route: the route to keep
 * @direction: the direction to keep
 * @exit_after: 0; or, for tests of the parent, the number of events
 *   after which the process exits at once with status 3, without a
 *   summary and without flushing, as a crash would
 * @error: return location for a #GError
 *
 * The child's side of %LL_ENVIRONMENT_SUBPROCESS: the chain of
 * ll_bus_chain_new() run on the events read from @in, until its end.
 * Blocking: it is a child process's whole work.  If the chain fails, an
 * `error` line says why before this returns %FALSE.
 *
 * Returns: %TRUE if every event went through and the summary was written
 */
gboolean
ll_environments_run_stage (GInputStream   *in,
                           GOutputStream  *out,
                           const char     *route,
                           const char     *direction,
                           guint64         exit_after,
                           GError        **error)
{
  g_autoptr(LlPipe) pipe = NULL;
  g_autoptr(LlBusChain) chain = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (2 * STAGE_READ);
  g_autoptr(GOutputStream) buffered = NULL;
  g_autoptr(GString) line = g_string_sized_new (256);
  GError *local_error = NULL;
  Stage stage = { NULL, NULL, line, NULL, 0 };
  guint64 n_events = 0;
  gint64 chain_time = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (route != NULL && direction != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The matches leave in blocks, not a write(2) each. */
  buffered = g_buffered_output_stream_new_sized (out, 64 * 1024);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);
  stage.out = buffered;

  pipe = ll_pipe_new ();
  chain = ll_bus_chain_new (pipe, route, direction);
  ll_bus_chain_feed_from (chain, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "stdin", NULL));
  stage.chain = chain;
  ll_bus_chain_set_match_func (chain, stage_on_match, &stage, NULL);

  while (ok)
    {
      gsize kept = buffer->len;
      gsize start = 0;
      gssize n;
      gint64 before;
      char *data;

      g_byte_array_set_size (buffer, kept + STAGE_READ);
      n = g_input_stream_read (in, buffer->data + kept, STAGE_READ, NULL, &local_error);
      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      g_byte_array_set_size (buffer, kept + n);
      if (n == 0)
        break;

      before = g_get_monotonic_time ();
      data = (char *) buffer->data;
      for (;;)
        {
          char *newline = memchr (data + start, '\n', buffer->len - start);

          if (newline == NULL)
            break;
          n_events++;
          if (exit_after != 0 && n_events > exit_after)
            _exit (3);
          ok = stage_send_line (chain, data + start, newline - (data + start), n_events, &local_error);
          start = newline + 1 - data;
          if (!ok)
            break;
        }
      chain_time += g_get_monotonic_time () - before;
      /* The line cut by the end of the block waits for the next. */
      g_byte_array_remove_range (buffer, 0, start);
    }

  if (ok && buffer->len > 0)
    {
      ok = FALSE;
      local_error = stage_bad_input (n_events + 1, (const char *) buffer->data, buffer->len);
    }

  ll_bus_chain_close (chain);

  if (stage.error != NULL)
    {
      /* stdout failed: nobody is left to read an error line. */
      g_clear_error (&local_error);
      g_propagate_error (error, stage.error);
      return FALSE;
    }

  if (ok)
    g_string_append_printf (line, "done %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                            n_events, stage.n_matches, chain_time);
  else
    {
      g_string_append (line, "error ");
      append_escaped (line, local_error->message, strlen (local_error->message));
      g_string_append_c (line, '\n');
    }

  if (!stage_write (&stage, ok ? &local_error : NULL) ||
      !g_output_stream_flush (buffered, NULL, ok ? &local_error : NULL))
    ok = FALSE;

  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The run */

typedef struct
{
  LlCo                  co;
  LlEnvironmentsModel  *self;         /* borrowed; NULL once the model lets go */
  GFile                *file;
  char                 *display_name;
  char                 *route;
  char                 *direction;
  char                 *cli_path;
  LlEnvironmentFlags    environments;
  gboolean              generate;
  guint                 n_buses;
  guint32               seed;
  guint64               file_size;
  guint                 index;
  LlCo                 *env;          /* the environment running now */
} RunFrame;

static LlCo *
env_new (RunFrame      *f,
         LlEnvironment  environment)
{
  EnvSetup setup = {
    f->self, f->file, f->display_name, f->route, f->direction, f->cli_path, f->file_size,
  };

  switch (environment)
    {
    case LL_ENVIRONMENT_MAIN_LOOP:
      return main_loop_new (&setup);
    case LL_ENVIRONMENT_THREAD:
      return thread_new (&setup);
    case LL_ENVIRONMENT_SUBPROCESS:
      return subprocess_new (&setup);
    default:
      g_assert_not_reached ();
    }
}

/* Every environment that has not run fails with @error: the feed could
 * not be made. */
static LlCoStatus
run_fail (RunFrame *f,
          GError   *error)
{
  LlEnvironmentsModel *self = f->self;

  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_ref (self);
      set_boolean (self, &self->generating, FALSE, PROP_GENERATING);
      for (guint i = 0; i < LL_N_ENVIRONMENTS && f->self != NULL; i++)
        {
          Slot *slot = &self->slots[i];

          if (slot->figures.state != LL_ENVIRONMENT_STATE_WAITING)
            continue;
          slot->figures.state = LL_ENVIRONMENT_STATE_FAILED;
          g_clear_error (&slot->error);
          slot->error = g_error_copy (error);
          g_signal_emit (self, signals[ENVIRONMENT_CHANGED], 0, i);
        }
      if (f->self != NULL)
        ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
      g_object_unref (self);
    }

  return ll_co_fail (&f->co, error);
}

/* The verdict: the environments that ran, compared. */
static void
run_compare (RunFrame *f)
{
  LlEnvironmentsModel *self = f->self;
  g_autofree char *line = NULL;
  GArray *first = NULL;
  guint n_run = 0;
  guint n_finished = 0;
  gboolean identical = TRUE;

  for (guint i = 0; i < LL_N_ENVIRONMENTS; i++)
    {
      Slot *slot = &self->slots[i];

      if (!(f->environments & (1 << i)))
        continue;
      n_run++;
      if (slot->figures.state != LL_ENVIRONMENT_STATE_FINISHED)
        {
          identical = FALSE;
          continue;
        }
      n_finished++;
      if (first == NULL)
        first = slot->matches;
      else if (!matches_equal (first, slot->matches))
        identical = FALSE;
    }

  set_boolean (self, &self->identical, identical && n_finished > 0, PROP_IDENTICAL);

  if (n_run < 2)
    return;
  if (n_finished < n_run)
    line = g_strdup_printf (_("not compared: %u of the %u environments failed"), n_run - n_finished, n_run);
  else if (identical)
    line = g_strdup_printf (_("identical: the %u environments found the same %u buses, in the same order"),
                            n_run, first->len);
  else
    line = g_strdup (_("DIFFERENT: the environments did not find the same buses"));
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

static LlCoStatus
run_body (LlCo *co)
{
  RunFrame *f = (RunFrame *) co;
  LlEnvironmentsModel *self;
  GFileInfo *info;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  if (f->generate)
    {
      /* await the feed, written in a worker thread if it is missing */
      LL_CO_AWAIT_ASYNC (co, ll_bus_feed_ensure_file_async,
                         f->file, f->n_buses, f->seed, G_PRIORITY_DEFAULT);
      if (!ll_bus_feed_ensure_file_finish (f->file, LL_CO_RESULT (co), NULL, &error))
        return run_fail (f, error);
      if (f->self != NULL)
        set_boolean (f->self, &f->self->generating, FALSE, PROP_GENERATING);
    }

  /* The size, for the progress bars only: an environment that cannot
   * open the feed says why itself. */
  LL_CO_AWAIT_ASYNC (co, g_file_query_info_async, f->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                     G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT);
  info = g_file_query_info_finish (f->file, LL_CO_RESULT (co), NULL);
  if (info != NULL)
    f->file_size = g_file_info_get_size (info);
  g_clear_object (&info);

  for (f->index = 0; f->index < LL_N_ENVIRONMENTS; f->index++)
    {
      if (!(f->environments & (1 << f->index)))
        continue;

      /* await environment.run (file) */
      f->env = env_new (f, f->index);
      if (f->self != NULL)
        set_current (f->self, f->index);
      LL_CO_AWAIT_CO (co, f->env);
      g_clear_pointer (&f->env, ll_co_unref);
      if (f->self == NULL)
        return ll_co_return (co, NULL, NULL);
    }

  self = f->self;
  g_object_ref (self);
  set_current (self, -1);
  run_compare (f);
  if (f->self != NULL)
    ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
  g_object_unref (self);

  LL_CO_END (co);
}

static void
run_cleanup (LlCo *co)
{
  RunFrame *f = (RunFrame *) co;

  g_clear_pointer (&f->env, ll_co_unref);
  g_clear_object (&f->file);
  g_clear_pointer (&f->display_name, g_free);
  g_clear_pointer (&f->route, g_free);
  g_clear_pointer (&f->direction, g_free);
  g_clear_pointer (&f->cli_path, g_free);
}

/* Lets go of the run's task and of the environment it awaits: both may
 * outlive the model (a read in flight comes back first), so they forget
 * it. */
static void
clear_run (LlEnvironmentsModel *self)
{
  RunFrame *f;

  if (self->task == NULL)
    return;

  f = (RunFrame *) self->task;
  f->self = NULL;
  if (f->env != NULL)
    ((EnvFrame *) f->env)->self = NULL;
  ll_sim_model_drop_task (LL_SIM_MODEL (self), &self->task);
}

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->matches, g_array_unref);
  g_clear_pointer (&slot->checksum, g_free);
  g_clear_error (&slot->error);
  memset (&slot->figures, 0, sizeof slot->figures);
}

static void
ll_environments_model_stop_run (LlSimModel *model)
{
  LlEnvironmentsModel *self = LL_ENVIRONMENTS_MODEL (model);

  clear_run (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_current (self, -1);
  set_boolean (self, &self->generating, FALSE, PROP_GENERATING);
  for (guint i = 0; i < LL_N_ENVIRONMENTS; i++)
    {
      LlEnvironmentState state = self->slots[i].figures.state;

      if (state == LL_ENVIRONMENT_STATE_WAITING || state == LL_ENVIRONMENT_STATE_RUNNING)
        {
          self->slots[i].figures.state = LL_ENVIRONMENT_STATE_STOPPED;
          g_signal_emit (self, signals[ENVIRONMENT_CHANGED], 0, i);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
start_run (LlEnvironmentsModel *self,
           GFile               *file,
           gboolean             generate,
           guint                n_buses,
           guint32              seed)
{
  LlScheduler *scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  RunFrame *f;

  ll_sim_model_stop (LL_SIM_MODEL (self));

  g_object_freeze_notify (G_OBJECT (self));

  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  set_boolean (self, &self->identical, FALSE, PROP_IDENTICAL);
  set_boolean (self, &self->generating, generate, PROP_GENERATING);
  set_current (self, -1);

  f = ll_co_new (RunFrame, run_body, run_cleanup);
  ll_co_set_name (&f->co, "three environments");
  f->self = self;
  f->file = g_object_ref (file);
  f->display_name = g_file_get_parse_name (file);
  f->route = g_strdup (self->route);
  f->direction = g_strdup (self->direction);
  f->cli_path = g_strdup (self->cli_path);
  f->environments = self->environments;
  f->generate = generate;
  f->n_buses = n_buses;
  f->seed = seed;
  self->task = &f->co;

  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; i < LL_N_ENVIRONMENTS; i++)
    {
      slot_clear (&self->slots[i]);
      self->slots[i].figures.state = (self->environments & (1 << i))
        ? LL_ENVIRONMENT_STATE_WAITING : LL_ENVIRONMENT_STATE_IDLE;
      g_signal_emit (self, signals[ENVIRONMENT_CHANGED], 0, i);
    }

  ll_scheduler_spawn (scheduler, self->task);
}

static void
ll_environments_model_dispose (GObject *object)
{
  LlEnvironmentsModel *self = LL_ENVIRONMENTS_MODEL (object);

  clear_run (self);
  g_clear_object (&self->file);
  for (guint i = 0; i < LL_N_ENVIRONMENTS; i++)
    slot_clear (&self->slots[i]);

  G_OBJECT_CLASS (ll_environments_model_parent_class)->dispose (object);
}

static void
ll_environments_model_finalize (GObject *object)
{
  LlEnvironmentsModel *self = LL_ENVIRONMENTS_MODEL (object);

  g_free (self->route);
  g_free (self->direction);
  g_free (self->cli_path);

  G_OBJECT_CLASS (ll_environments_model_parent_class)->finalize (object);
}

static void
ll_environments_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LlEnvironmentsModel *self = LL_ENVIRONMENTS_MODEL (object);

  switch (prop_id)
    {
    case PROP_ROUTE:
      g_value_set_string (value, self->route);
      break;

    case PROP_DIRECTION:
      g_value_set_string (value, self->direction);
      break;

    case PROP_ENVIRONMENTS:
      g_value_set_flags (value, self->environments);
      break;

    case PROP_CLI_PATH:
      g_value_set_string (value, self->cli_path);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_GENERATING:
      g_value_set_boolean (value, self->generating);
      break;

    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;

    case PROP_IDENTICAL:
      g_value_set_boolean (value, self->identical);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_environments_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LlEnvironmentsModel *self = LL_ENVIRONMENTS_MODEL (object);

  switch (prop_id)
    {
    case PROP_ROUTE:
      ll_environments_model_set_route (self, g_value_get_string (value));
      break;

    case PROP_DIRECTION:
      ll_environments_model_set_direction (self, g_value_get_string (value));
      break;

    case PROP_ENVIRONMENTS:
      ll_environments_model_set_environments (self, g_value_get_flags (value));
      break;

    case PROP_CLI_PATH:
      ll_environments_model_set_cli_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_environments_model_class_init (LlEnvironmentsModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_environments_model_dispose;
  object_class->finalize = ll_environments_model_finalize;
  object_class->get_property = ll_environments_model_get_property;
  object_class->set_property = ll_environments_model_set_property;

  sim_class->stop = ll_environments_model_stop_run;

  /**
   * LlEnvironmentsModel:route:
   *
   * The route the next run keeps.
   */
  properties[PROP_ROUTE] =
    g_param_spec_string ("route", NULL, NULL,
                         LL_BUS_DEFAULT_ROUTE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:direction:
   *
   * The direction the next run keeps.
   */
  properties[PROP_DIRECTION] =
    g_param_spec_string ("direction", NULL, NULL,
                         LL_BUS_DEFAULT_DIRECTION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:environments:
   *
   * Which environments the next run goes through.
   */
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_flags ("environments", NULL, NULL,
                        LL_TYPE_ENVIRONMENT_FLAGS,
                        LL_ENVIRONMENT_FLAG_ALL,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:cli-path:
   *
   * The looplab-cli the subprocess runs; %NULL to find it
   * (ll_environments_find_cli()) as each run starts.
   */
  properties[PROP_CLI_PATH] =
    g_param_spec_string ("cli-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:file:
   *
   * The feed of the last run.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:generating:
   *
   * Whether the run is writing its feed, in a worker thread, before the
   * environments start.
   */
  properties[PROP_GENERATING] =
    g_param_spec_boolean ("generating", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:current:
   *
   * The #LlEnvironment running now, or -1.
   */
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL,
                      -1, LL_N_ENVIRONMENTS - 1, -1,
                      (G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * LlEnvironmentsModel:identical:
   *
   * Whether every environment of the last run finished, with the same
   * matches in the same order; %FALSE until the run is over.
   */
  properties[PROP_IDENTICAL] =
    g_param_spec_boolean ("identical", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlEnvironmentsModel::environment-changed:
   * @self: the model
   * @environment: the #LlEnvironment
   *
   * Emitted when an environment's state or figures change: as a run
   * starts, after each chunk of the feed, and as it ends.
   */
  signals[ENVIRONMENT_CHANGED] =
    g_signal_new ("environment-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  LL_TYPE_ENVIRONMENT);
}

static void
ll_environments_model_init (LlEnvironmentsModel *self)
{
  self->route = g_strdup (LL_BUS_DEFAULT_ROUTE);
  self->direction = g_strdup (LL_BUS_DEFAULT_DIRECTION);
  self->environments = LL_ENVIRONMENT_FLAG_ALL;
  self->current = -1;
}

/**
 * ll_environments_model_new:
 * @scheduler: the scheduler the run's tasks run on
 *
 * Returns: (transfer full): a new model, not started
 */
LlEnvironmentsModel *
ll_environments_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_ENVIRONMENTS_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

const char *
ll_environments_model_get_route (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), NULL);

  return self->route;
}

void
ll_environments_model_set_route (LlEnvironmentsModel *self,
                                 const char          *route)
{
  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));

  if (route == NULL)
    route = LL_BUS_DEFAULT_ROUTE;
  if (set_str (&self->route, route))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

const char *
ll_environments_model_get_direction (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), NULL);

  return self->direction;
}

void
ll_environments_model_set_direction (LlEnvironmentsModel *self,
                                     const char          *direction)
{
  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));

  if (direction == NULL)
    direction = LL_BUS_DEFAULT_DIRECTION;
  if (set_str (&self->direction, direction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

LlEnvironmentFlags
ll_environments_model_get_environments (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), 0);

  return self->environments;
}

/**
 * ll_environments_model_set_environments:
 * @self: a model
 * @environments: which environments the next run goes through; at
 *   least one
 */
void
ll_environments_model_set_environments (LlEnvironmentsModel *self,
                                        LlEnvironmentFlags   environments)
{
  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));
  g_return_if_fail (environments != 0 && (environments & ~LL_ENVIRONMENT_FLAG_ALL) == 0);

  if (self->environments == environments)
    return;

  self->environments = environments;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

const char *
ll_environments_model_get_cli_path (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), NULL);

  return self->cli_path;
}

/**
 * ll_environments_model_set_cli_path:
 * @self: a model
 * @path: (nullable): the looplab-cli to run, or %NULL to find it
 */
void
ll_environments_model_set_cli_path (LlEnvironmentsModel *self,
                                    const char          *path)
{
  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));

  if (set_str (&self->cli_path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLI_PATH]);
}

/**
 * ll_environments_model_start:
 * @self: a model
 * @file: the feed
 *
 * Starts a run on @file through the chosen environments, one after the
 * other; a run under way is stopped first.
 */
void
ll_environments_model_start (LlEnvironmentsModel *self,
                             GFile               *file)
{
  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));

  start_run (self, file, FALSE, 0, 0);
}

/**
 * ll_environments_model_start_generated:
 * @self: a model
 * @n_buses: how many buses the feed has
 * @seed: its seed
 *
 * Starts a run on the cached feed of (@n_buses, @seed)
 * (ll_bus_feed_get_default()), written first in a worker thread if it
 * is not there (:generating says so meanwhile).
 */
void
ll_environments_model_start_generated (LlEnvironmentsModel *self,
                                       guint                n_buses,
                                       guint32              seed)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (LL_IS_ENVIRONMENTS_MODEL (self));
  g_return_if_fail (n_buses <= LL_BUS_FEED_MAX_BUSES);

  file = ll_bus_feed_get_default (n_buses, seed);
  start_run (self, file, TRUE, n_buses, seed);
}

/**
 * ll_environments_model_get_file:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the feed of the last run
 */
GFile *
ll_environments_model_get_file (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), NULL);

  return self->file;
}

gboolean
ll_environments_model_get_generating (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), FALSE);

  return self->generating;
}

/**
 * ll_environments_model_get_current:
 * @self: a model
 *
 * Returns: the #LlEnvironment running now, or -1
 */
int
ll_environments_model_get_current (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), -1);

  return self->current;
}

/**
 * ll_environments_model_get_identical:
 * @self: a model
 *
 * Returns: whether every environment of the last run finished and all
 *   found the same buses, in the same order, with the same coordinates
 */
gboolean
ll_environments_model_get_identical (LlEnvironmentsModel *self)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), FALSE);

  return self->identical;
}

static Slot *
get_slot (LlEnvironmentsModel *self,
          LlEnvironment        environment)
{
  g_return_val_if_fail (LL_IS_ENVIRONMENTS_MODEL (self), NULL);
  g_return_val_if_fail ((guint) environment < LL_N_ENVIRONMENTS, NULL);

  return &self->slots[environment];
}

LlEnvironmentState
ll_environments_model_get_state (LlEnvironmentsModel *self,
                                 LlEnvironment        environment)
{
  Slot *slot = get_slot (self, environment);

  return slot != NULL ? slot->figures.state : LL_ENVIRONMENT_STATE_IDLE;
}

/**
 * ll_environments_model_get_figures:
 * @self: a model
 * @environment: an environment
 *
 * Returns: (transfer none): its figures as they stand, valid until the
 *   next ::environment-changed
 */
const LlEnvironmentFigures *
ll_environments_model_get_figures (LlEnvironmentsModel *self,
                                   LlEnvironment        environment)
{
  Slot *slot = get_slot (self, environment);

  return slot != NULL ? &slot->figures : NULL;
}

/**
 * ll_environments_model_get_matches:
 * @self: a model
 * @environment: an environment
 * @n_matches: (out): how many
 *
 * Returns: (array length=n_matches) (transfer none) (nullable): the
 *   buses it found, in the feed's order, once it has finished; %NULL
 *   before
 */
const LlBusMatch *
ll_environments_model_get_matches (LlEnvironmentsModel *self,
                                   LlEnvironment        environment,
                                   guint               *n_matches)
{
  Slot *slot = get_slot (self, environment);

  g_return_val_if_fail (n_matches != NULL, NULL);

  if (slot == NULL || slot->matches == NULL)
    {
      *n_matches = 0;
      return NULL;
    }

  *n_matches = slot->matches->len;

  return (const LlBusMatch *) slot->matches->data;
}

/**
 * ll_environments_model_get_checksum:
 * @self: a model
 * @environment: an environment
 *
 * Returns: (nullable): ll_bus_matches_checksum() of its matches, once
 *   it has finished
 */
const char *
ll_environments_model_get_checksum (LlEnvironmentsModel *self,
                                    LlEnvironment        environment)
{
  Slot *slot = get_slot (self, environment);

  return slot != NULL ? slot->checksum : NULL;
}

/**
 * ll_environments_model_get_error:
 * @self: a model
 * @environment: an environment
 *
 * Returns: (nullable): why it failed
 */
const GError *
ll_environments_model_get_error (LlEnvironmentsModel *self,
                                 LlEnvironment        environment)
{
  Slot *slot = get_slot (self, environment);

  return slot != NULL ? slot->error : NULL;
}

/**
 * ll_environments_model_describe:
 * @self: a model
 * @environment: an environment
 *
 * One line on where it stands: once finished, `main loop: 6609 buses,
 * sha256 032a277e0f7b…, 14.2 M events/s, loop 0.39 s (parse, chain),
 * wall 0.45 s`, with the thread's or the child's time for the others;
 * the line ::line gives when it ends.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
ll_environments_model_describe (LlEnvironmentsModel *self,
                                LlEnvironment        environment)
{
  Slot *slot = get_slot (self, environment);
  const LlEnvironmentFigures *figures;
  const char *name = ll_environment_get_name (environment);
  g_autofree char *sum = NULL;
  g_autofree char *loop = NULL;
  g_autofree char *other = NULL;
  g_autofree char *wall = NULL;
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (slot != NULL, NULL);

  figures = &slot->figures;
  switch (figures->state)
    {
    case LL_ENVIRONMENT_STATE_IDLE:
      return g_strdup_printf (_("%s: not run"), name);
    case LL_ENVIRONMENT_STATE_WAITING:
      return g_strdup_printf (_("%s: waiting"), name);
    case LL_ENVIRONMENT_STATE_RUNNING:
      return g_strdup_printf (_("%s: running, %llu events so far"), name,
                              (unsigned long long) figures->n_events);
    case LL_ENVIRONMENT_STATE_STOPPED:
      return g_strdup_printf (_("%s: stopped"), name);
    case LL_ENVIRONMENT_STATE_FAILED:
      return g_strdup_printf (_("%s: failed: %s"), name,
                              slot->error != NULL ? slot->error->message : "");
    case LL_ENVIRONMENT_STATE_FINISHED:
    default:
      break;
    }

  /* Twelve digits tell two sums apart at a glance. */
  sum = g_strdup_printf ("%.12s…", slot->checksum);
  g_ascii_formatd (rate, sizeof rate, "%.1f", figures->events_per_second / 1e6);
  loop = format_seconds (figures->loop_time);
  other = format_seconds (figures->other_time);
  wall = format_seconds (figures->wall_time);

  switch (environment)
    {
    case LL_ENVIRONMENT_MAIN_LOOP:
      return g_strdup_printf (_("%s: %u buses, sha256 %s, %s M events/s, loop %s s (parse, chain), wall %s s"),
                              name, figures->n_matches, sum, rate, loop, wall);
    case LL_ENVIRONMENT_THREAD:
      return g_strdup_printf (_("%s: %u buses, sha256 %s, %s M events/s, loop %s s (parse, copy), thread %s s (chain), wall %s s"),
                              name, figures->n_matches, sum, rate, loop, other, wall);
    case LL_ENVIRONMENT_SUBPROCESS:
    default:
      return g_strdup_printf (_("%s: %u buses, sha256 %s, %s M events/s, loop %s s (parse, write), child %s s (decode, chain), wall %s s"),
                              name, figures->n_matches, sum, rate, loop, other, wall);
    }
}
