/* ll-sax-bus-model.c: "Event dispatching: XML streamed into coroutines"
 *
 * One task per run, on the model's scheduler, reads top to bottom:
 *
 *   (if asked) await the feed, written in a worker thread
 *   in = await g_file_read_async (file)
 *   while (n = await g_input_stream_read_async (in, buffer)) > 0:
 *       parser.feed (buffer[:n])    # every event of the chunk goes down
 *   parser.end ()
 *   chain.close ()
 *
 * Between two chunks the loop is free: the read runs in GIO's worker
 * thread, and the window draws, takes input, runs its other sources.
 * The one stretch the loop is held is a chunk's parse, which sends each
 * of its events (about 38 000 in 256 KiB) down the chain before it
 * returns; the model times each and keeps the longest (4 to 7 ms,
 * measured on the default feed).
 *
 * The DOM way is the same task with its middle replaced by one blocking
 * stretch: g_file_load_contents(), a tree built with GMarkup, a walk of
 * the tree sending each <bus> as a record into the same filters.  That
 * stretch is the point of the comparison, so it stays on the loop's
 * thread on purpose.  It lives in ll-sax-bus-dom.c, with the tree it
 * builds and walks.
 *
 * Memory.  Two figures, both honest about what they are.  rss-before
 * and rss-peak are VmRSS from /proc/self/status: the whole process's
 * resident memory, sampled as the run starts and after every chunk (the
 * DOM: after the load, after the tree is built, after the walk), so the
 * peak is of those samples.  It includes everything else the process
 * holds (a window's textures too), and it does not fall back when
 * malloc keeps freed memory for later, so compare growths of runs made
 * in the same state.  held-bytes is what the approach itself holds at
 * its peak, counted by the code: the 256 KiB chunk for the stream (not
 * the few bytes GMarkup and ll_bus_parser_feed() keep between chunks,
 * nor the bus being read); for the DOM the file's bytes
 * plus the tree's nodes and strings as allocated (not malloc's own
 * 16 bytes or so a block, which make the real figure larger).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sax-bus-model"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-bus-feed.h"
#include "ll-sax-bus-private.h"

G_DEFINE_FINAL_TYPE (LlSaxBusModel, ll_sax_bus_model, LL_TYPE_SIM_MODEL)

G_DEFINE_ENUM_TYPE (LlSaxBusMethod, ll_sax_bus_method,
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STREAM, "stream"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_DOM, "dom"))

G_DEFINE_ENUM_TYPE (LlSaxBusState, ll_sax_bus_state,
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_GENERATING, "generating"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_READING, "reading"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LL_SAX_BUS_STATE_STOPPED, "stopped"))

static GParamSpec *properties[N_PROPS];

/* Setters that notify only on a change */

void
ll_sax_bus_set_uint64 (LlSaxBusModel *self,
                       guint64       *field,
                       guint64        value,
                       guint          prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (LlSaxBusModel *self,
           gint64        *field,
           gint64         value,
           guint          prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

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
set_state (LlSaxBusModel *self,
           LlSaxBusState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Memory */

/* VmRSS of this process, in bytes; 0 where /proc has no such line.
 * Reading /proc/self/status does not touch a disk: the kernel writes
 * the text as it is read, in 15 to 17 microseconds here, against a
 * millisecond for the chunk it follows. */
static guint64
read_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "\nVmRSS:");
  if (line == NULL || sscanf (line + strlen ("\nVmRSS:"), "%" G_GUINT64_FORMAT, &kib) != 1)
    return 0;

  return kib * 1024;
}

void
ll_sax_bus_sample_rss (LlSaxBusModel *self)
{
  guint64 rss = read_rss ();

  if (rss > self->rss_peak)
    ll_sax_bus_set_uint64 (self, &self->rss_peak, rss, PROP_RSS_PEAK);
}

/* The run */

GError *
ll_sax_bus_open_error (LlSaxBusRunFrame *f,
                       GError           *error)
{
  GError *reworded;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    reworded = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                            _("Cannot open the feed “%s”: there is no such file"), f->display_name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    reworded = g_error_new (G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                            _("Cannot read the feed “%s”: it is a folder, not a file"), f->display_name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  else
    reworded = g_error_new (error->domain, error->code,
                            _("Cannot read the feed “%s”: %s"), f->display_name, error->message);
  g_error_free (error);

  return reworded;
}

/* The run's model, held, with its notifications queued until
 * ll_sax_bus_publish_end(): a handler that stops the run (and so clears
 * f->self) runs only then, after every figure of the batch is written. */
LlSaxBusModel *
ll_sax_bus_publish_begin (LlSaxBusRunFrame *f)
{
  if (f->self == NULL)
    return NULL;

  g_object_ref (f->self);
  g_object_freeze_notify (G_OBJECT (f->self));

  return f->self;
}

void
ll_sax_bus_publish_end (LlSaxBusModel *self)
{
  if (self == NULL)
    return;

  g_object_thaw_notify (G_OBJECT (self));
  g_object_unref (self);
}

/* What a chunk, or the end, leaves the figures at. */
static void
update_figures (LlSaxBusRunFrame *f,
                LlSaxBusModel    *self)
{
  gint64 elapsed = g_get_monotonic_time () - f->start;
  double rate;

  if (f->parser != NULL)
    ll_sax_bus_set_uint64 (self, &self->n_events, ll_bus_parser_get_n_events (f->parser), PROP_N_EVENTS);
  set_int64 (self, &self->elapsed, elapsed, PROP_ELAPSED);
  rate = elapsed > 0 ? self->n_events / (elapsed / (double) G_USEC_PER_SEC) : 0.0;
  if (rate != self->events_per_second)
    {
      self->events_per_second = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_PER_SECOND]);
    }
  ll_sim_model_set_uint (LL_SIM_MODEL (self), &self->n_matches,
                         ll_bus_chain_get_n_matches (f->chain, 0), properties[PROP_N_MATCHES]);
}

static void
note_block (LlSaxBusRunFrame *f,
            gint64            usec)
{
  LlSaxBusModel *self = ll_sax_bus_publish_begin (f);

  if (self != NULL && usec > self->longest_block)
    set_int64 (self, &self->longest_block, usec, PROP_LONGEST_BLOCK);
  ll_sax_bus_publish_end (self);
}

/* Whether the parser's position says where @error is: for the XML's
 * faults, and for a bad bus found as the stream parsed it (the DOM's
 * walk comes after the parse, which stands at the end by then). */
static gboolean
error_has_position (LlSaxBusRunFrame *f,
                    const GError     *error)
{
  return g_error_matches (error, LL_BUS_ERROR, LL_BUS_ERROR_MALFORMED) ||
         g_error_matches (error, LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED) ||
         (g_error_matches (error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD) &&
          f->method == LL_SAX_BUS_STREAM);
}

/* The run ends with @error: the chain hears it (each sink keeps it with
 * its matches) and closes; the model says so.  A cancelled run, or one
 * the model let go of, says nothing. */
static LlCoStatus
run_fail (LlSaxBusRunFrame *f,
          GError           *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  LlSaxBusModel *self;

  if (!cancelled)
    ll_bus_chain_throw (f->chain, g_error_copy (error));
  ll_bus_chain_close (f->chain);

  self = cancelled ? NULL : ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      update_figures (f, self);
      if (f->parser != NULL && error_has_position (f, error))
        ll_bus_parser_get_position (f->parser, &self->error_line, &self->error_column);
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      set_state (self, LL_SAX_BUS_STATE_FAILED);
      ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
    }
  ll_sax_bus_publish_end (self);

  return ll_co_fail (&f->co, error);
}

static LlCoStatus
run_finish (LlSaxBusRunFrame *f)
{
  LlSaxBusModel *self;

  ll_bus_chain_close (f->chain);

  if (f->self != NULL)
    {
      g_autofree char *line = ll_bus_count_to_line (ll_bus_chain_get_n_matches (f->chain, 0));

      ll_sim_model_emit_line (LL_SIM_MODEL (f->self), line);
    }

  /* The line's handler may have let go of the run. */
  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      update_figures (f, self);
      set_state (self, LL_SAX_BUS_STATE_FINISHED);
      ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
    }
  ll_sax_bus_publish_end (self);

  return ll_co_return (&f->co, NULL, NULL);
}

static LlCoStatus
run_body (LlCo *co)
{
  LlSaxBusRunFrame *f = (LlSaxBusRunFrame *) co;
  LlSaxBusModel *self;
  GError *error = NULL;
  GFileInfo *info;
  gint64 before;
  gboolean ok;

  LL_CO_BEGIN (co);

  if (f->generate)
    {
      /* await the feed, written in a worker thread if it is missing */
      LL_CO_AWAIT_ASYNC (co, ll_bus_feed_ensure_file_async,
                         f->file, f->n_buses, f->seed, G_PRIORITY_DEFAULT);
      if (!ll_bus_feed_ensure_file_finish (f->file, LL_CO_RESULT (co),
                                           f->self != NULL ? &f->self->generated : NULL, &error))
        return run_fail (f, error);
    }

  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      set_state (self, LL_SAX_BUS_STATE_READING);
      ll_sax_bus_set_uint64 (self, &self->rss_before, read_rss (), PROP_RSS_BEFORE);
      ll_sax_bus_set_uint64 (self, &self->rss_peak, self->rss_before, PROP_RSS_PEAK);
    }
  ll_sax_bus_publish_end (self);
  f->start = g_get_monotonic_time ();

  if (f->method == LL_SAX_BUS_DOM)
    {
      before = g_get_monotonic_time ();
      ok = ll_sax_bus_dom_read_and_walk (f, &error);
      note_block (f, g_get_monotonic_time () - before);
      if (!ok)
        return run_fail (f, error);
      return run_finish (f);
    }

  /* in = open(file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return run_fail (f, ll_sax_bus_open_error (f, error));

  /* Its size, for a progress bar only: a file may still grow. */
  LL_CO_AWAIT_ASYNC (co, g_file_input_stream_query_info_async,
                     f->in, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_PRIORITY_DEFAULT);
  info = g_file_input_stream_query_info_finish (f->in, LL_CO_RESULT (co), NULL);
  f->parser = ll_bus_parser_new_for_chain (f->chain, f->display_name);
  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      if (info != NULL)
        ll_sax_bus_set_uint64 (self, &self->file_size, g_file_info_get_size (info), PROP_FILE_SIZE);
      ll_sax_bus_set_uint64 (self, &self->held_bytes, LL_SAX_BUS_CHUNK, PROP_HELD_BYTES);
    }
  ll_sax_bus_publish_end (self);
  g_clear_object (&info);

  for (;;)
    {
      /* n = await in.read (buffer).  At an idle priority: a file in the
       * page cache is read in a few tens of microseconds, so at the
       * default priority each completion was ready before the loop looked
       * again, and GTK's redraw, at a lower priority than the default,
       * waited behind the whole feed (frames 25 to 110 ms late while the
       * default-priority probe said 6).  Below the redraw, a frame that is
       * due is drawn between two chunks. */
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_SAX_BUS_CHUNK, G_PRIORITY_DEFAULT_IDLE);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return run_fail (f, ll_sax_bus_open_error (f, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): the loop is held until every event of the
       * chunk has gone down the chain; this is the stretch timed. */
      ll_pipe_count (ll_bus_chain_get_pipe (f->chain), f->file_edge, f->n);
      before = g_get_monotonic_time ();
      ok = ll_bus_parser_feed (f->parser, f->buffer, f->n, &error);
      note_block (f, g_get_monotonic_time () - before);

      self = ll_sax_bus_publish_begin (f);
      if (self != NULL)
        {
          ll_sax_bus_set_uint64 (self, &self->bytes_read, ll_bus_parser_get_n_bytes (f->parser), PROP_BYTES_READ);
          update_figures (f, self);
          ll_sax_bus_sample_rss (self);
        }
      ll_sax_bus_publish_end (self);
      if (!ok)
        return run_fail (f, error);
    }

  /* parser.end (): the tail, and whether the document was whole */
  before = g_get_monotonic_time ();
  ok = ll_bus_parser_end (f->parser, &error);
  note_block (f, g_get_monotonic_time () - before);
  if (!ok)
    return run_fail (f, error);

  /* A file opened for reading has nothing to write back: a failed
   * close changes nothing for the run. */
  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  return run_finish (f);

  LL_CO_END (co);
}

static void
run_cleanup (LlCo *co)
{
  LlSaxBusRunFrame *f = (LlSaxBusRunFrame *) co;

  /* However the run ended: the chain closes now (a no-op if it did), so
   * that each stage's cleanup runs while the pipe is drawn. */
  if (f->chain != NULL)
    ll_bus_chain_close (f->chain);
  g_clear_pointer (&f->parser, ll_bus_parser_free);
  g_clear_pointer (&f->chain, ll_bus_chain_unref);
  /* A run that ended early closes its file here, synchronously: close()
   * of a file opened for reading is one system call that waits for no
   * disk. */
  g_clear_object (&f->in);
  g_clear_object (&f->file);
  g_clear_pointer (&f->display_name, g_free);
  g_clear_pointer (&f->buffer, g_free);
}

/* The chain's sink, as each bus reaches it. */
static void
on_match (const LlBusMatch *match,
          guint             branch,
          gpointer          user_data)
{
  LlSaxBusModel *self = user_data;
  g_autofree char *line = NULL;

  if (branch != 0)
    return;

  line = ll_bus_match_to_line (match);
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

/* Lets go of the run's task.  Its frame may outlive the model (a read
 * in flight comes back first), so it forgets the model, and its chain
 * refuses any further event: a stop from inside a match's ::line
 * handler ends the parse at the next event. */
static void
clear_run (LlSaxBusModel *self)
{
  LlSaxBusRunFrame *f;

  if (self->task == NULL)
    return;

  f = (LlSaxBusRunFrame *) self->task;
  f->self = NULL;
  if (f->chain != NULL)
    {
      ll_bus_chain_set_match_func (f->chain, NULL, NULL, NULL);
      ll_bus_chain_stop (f->chain);
    }
  ll_sim_model_drop_task (LL_SIM_MODEL (self), &self->task);
}

static void
ll_sax_bus_model_stop_run (LlSimModel *model)
{
  LlSaxBusModel *self = LL_SAX_BUS_MODEL (model);
  gboolean was_running = ll_sim_model_get_running (model);

  clear_run (self);
  if (was_running)
    set_state (self, LL_SAX_BUS_STATE_STOPPED);
}

static void
ll_sax_bus_model_dispose (GObject *object)
{
  LlSaxBusModel *self = LL_SAX_BUS_MODEL (object);

  clear_run (self);
  g_clear_pointer (&self->chain, ll_bus_chain_unref);
  g_clear_object (&self->pipe);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ll_sax_bus_model_parent_class)->dispose (object);
}

static void
ll_sax_bus_model_finalize (GObject *object)
{
  LlSaxBusModel *self = LL_SAX_BUS_MODEL (object);

  g_free (self->route);
  g_free (self->direction);
  g_free (self->route2);
  g_free (self->direction2);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ll_sax_bus_model_parent_class)->finalize (object);
}

static void
ll_sax_bus_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LlSaxBusModel *self = LL_SAX_BUS_MODEL (object);

  switch (prop_id)
    {
    case PROP_ROUTE:
      g_value_set_string (value, self->route);
      break;

    case PROP_DIRECTION:
      g_value_set_string (value, self->direction);
      break;

    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_PIPE:
      g_value_set_object (value, self->pipe);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_BYTES_READ:
      g_value_set_uint64 (value, self->bytes_read);
      break;

    case PROP_FILE_SIZE:
      g_value_set_uint64 (value, self->file_size);
      break;

    case PROP_N_EVENTS:
      g_value_set_uint64 (value, self->n_events);
      break;

    case PROP_EVENTS_PER_SECOND:
      g_value_set_double (value, self->events_per_second);
      break;

    case PROP_N_MATCHES:
      g_value_set_uint (value, self->n_matches);
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, self->elapsed);
      break;

    case PROP_LONGEST_BLOCK:
      g_value_set_int64 (value, self->longest_block);
      break;

    case PROP_RSS_BEFORE:
      g_value_set_uint64 (value, self->rss_before);
      break;

    case PROP_RSS_PEAK:
      g_value_set_uint64 (value, self->rss_peak);
      break;

    case PROP_HELD_BYTES:
      g_value_set_uint64 (value, self->held_bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sax_bus_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LlSaxBusModel *self = LL_SAX_BUS_MODEL (object);

  switch (prop_id)
    {
    case PROP_ROUTE:
      ll_sax_bus_model_set_route (self, g_value_get_string (value));
      break;

    case PROP_DIRECTION:
      ll_sax_bus_model_set_direction (self, g_value_get_string (value));
      break;

    case PROP_METHOD:
      ll_sax_bus_model_set_method (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
param_uint64 (const char *name)
{
  return g_param_spec_uint64 (name, NULL, NULL,
                              0, G_MAXUINT64, 0,
                              (G_PARAM_READABLE |
                               G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
param_int64 (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL,
                             0, G_MAXINT64, 0,
                             (G_PARAM_READABLE |
                              G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static void
ll_sax_bus_model_class_init (LlSaxBusModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_sax_bus_model_dispose;
  object_class->finalize = ll_sax_bus_model_finalize;
  object_class->get_property = ll_sax_bus_model_get_property;
  object_class->set_property = ll_sax_bus_model_set_property;

  sim_class->stop = ll_sax_bus_model_stop_run;

  /**
   * LlSaxBusModel:route:
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
   * LlSaxBusModel:direction:
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
   * LlSaxBusModel:method:
   *
   * How the next run reads the feed.
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       LL_TYPE_SAX_BUS_METHOD,
                       LL_SAX_BUS_STREAM,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:state:
   *
   * Where the run stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LL_TYPE_SAX_BUS_STATE,
                       LL_SAX_BUS_STATE_IDLE,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:file:
   *
   * The feed the run reads.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:pipe:
   *
   * The run's graph: the file, the parser, the chain's stages.  A new
   * one for every run; it stays after the run, closed.
   */
  properties[PROP_PIPE] =
    g_param_spec_object ("pipe", NULL, NULL,
                         LL_TYPE_PIPE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:error:
   *
   * Why the last run failed, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:bytes-read:
   *
   * How many bytes of the feed the parser has been given.
   */
  properties[PROP_BYTES_READ] = param_uint64 ("bytes-read");

  /**
   * LlSaxBusModel:file-size:
   *
   * The feed's size as the run opened it; 0 before.
   */
  properties[PROP_FILE_SIZE] = param_uint64 ("file-size");

  /**
   * LlSaxBusModel:n-events:
   *
   * How many start tags, texts and end tags the parser has reported.
   */
  properties[PROP_N_EVENTS] = param_uint64 ("n-events");

  /**
   * LlSaxBusModel:events-per-second:
   *
   * n-events over elapsed, on the wall clock.
   */
  properties[PROP_EVENTS_PER_SECOND] =
    g_param_spec_double ("events-per-second", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlSaxBusModel:n-matches:
   *
   * How many buses have reached the first branch's sink.
   */
  properties[PROP_N_MATCHES] = ll_sim_model_param_counter ("n-matches");

  /**
   * LlSaxBusModel:elapsed:
   *
   * Microseconds on the wall clock since the run began reading (after
   * writing the feed, if it had to).
   */
  properties[PROP_ELAPSED] = param_int64 ("elapsed");

  /**
   * LlSaxBusModel:longest-block:
   *
   * The longest stretch the run held the loop, in microseconds of the
   * wall clock: a chunk's parse, or for the DOM, the whole run.
   */
  properties[PROP_LONGEST_BLOCK] = param_int64 ("longest-block");

  /**
   * LlSaxBusModel:rss-before:
   *
   * The process's VmRSS, in bytes, as the run began reading.
   */
  properties[PROP_RSS_BEFORE] = param_uint64 ("rss-before");

  /**
   * LlSaxBusModel:rss-peak:
   *
   * The largest VmRSS sampled during the run, in bytes.
   */
  properties[PROP_RSS_PEAK] = param_uint64 ("rss-peak");

  /**
   * LlSaxBusModel:held-bytes:
   *
   * The bytes the way of reading holds at its peak, as counted by the
   * code: the chunk, or the file and the tree.
   */
  properties[PROP_HELD_BYTES] = param_uint64 ("held-bytes");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_sax_bus_model_init (LlSaxBusModel *self)
{
  self->route = g_strdup (LL_BUS_DEFAULT_ROUTE);
  self->direction = g_strdup (LL_BUS_DEFAULT_DIRECTION);
}

/**
 * ll_sax_bus_model_new:
 * @scheduler: the scheduler the run's task runs on
 *
 * Returns: (transfer full): a new model, not started
 */
LlSaxBusModel *
ll_sax_bus_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_SAX_BUS_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

const char *
ll_sax_bus_model_get_route (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->route;
}

void
ll_sax_bus_model_set_route (LlSaxBusModel *self,
                            const char    *route)
{
  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));

  if (route == NULL)
    route = LL_BUS_DEFAULT_ROUTE;
  if (set_str (&self->route, route))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

const char *
ll_sax_bus_model_get_direction (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->direction;
}

void
ll_sax_bus_model_set_direction (LlSaxBusModel *self,
                                const char    *direction)
{
  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));

  if (direction == NULL)
    direction = LL_BUS_DEFAULT_DIRECTION;
  if (set_str (&self->direction, direction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

/**
 * ll_sax_bus_model_set_second_branch:
 * @self: a model
 * @route: (nullable): the second route, or %NULL for one branch only
 * @direction: (nullable): its direction
 *
 * With a second branch, the next run's chain has a broadcast() after
 * buses_to_records() and a second pair of filters and sink; its matches
 * are in the chain (ll_bus_chain_get_matches() of branch 1), not in the
 * transcript.
 */
void
ll_sax_bus_model_set_second_branch (LlSaxBusModel *self,
                                    const char    *route,
                                    const char    *direction)
{
  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));
  g_return_if_fail ((route == NULL) == (direction == NULL));

  set_str (&self->route2, route);
  set_str (&self->direction2, direction);
}

LlSaxBusMethod
ll_sax_bus_model_get_method (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), LL_SAX_BUS_STREAM);

  return self->method;
}

void
ll_sax_bus_model_set_method (LlSaxBusModel  *self,
                             LlSaxBusMethod  method)
{
  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));
  g_return_if_fail (method == LL_SAX_BUS_STREAM || method == LL_SAX_BUS_DOM);

  if (self->method == method)
    return;

  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

/* Everything a run says, back to nothing. */
static void
reset_figures (LlSaxBusModel *self)
{
  guint n_matches = 0;

  self->generated = FALSE;
  self->error_line = 0;
  self->error_column = 0;
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  ll_sax_bus_set_uint64 (self, &self->bytes_read, 0, PROP_BYTES_READ);
  ll_sax_bus_set_uint64 (self, &self->file_size, 0, PROP_FILE_SIZE);
  ll_sax_bus_set_uint64 (self, &self->n_events, 0, PROP_N_EVENTS);
  if (self->events_per_second != 0.0)
    {
      self->events_per_second = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_PER_SECOND]);
    }
  ll_sim_model_set_uint (LL_SIM_MODEL (self), &self->n_matches, n_matches, properties[PROP_N_MATCHES]);
  set_int64 (self, &self->elapsed, 0, PROP_ELAPSED);
  set_int64 (self, &self->longest_block, 0, PROP_LONGEST_BLOCK);
  ll_sax_bus_set_uint64 (self, &self->rss_before, 0, PROP_RSS_BEFORE);
  ll_sax_bus_set_uint64 (self, &self->rss_peak, 0, PROP_RSS_PEAK);
  ll_sax_bus_set_uint64 (self, &self->held_bytes, 0, PROP_HELD_BYTES);
}

static void
start_run (LlSaxBusModel *self,
           GFile         *file,
           gboolean       generate,
           guint          n_buses,
           guint32        seed)
{
  LlScheduler *scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  g_autofree char *basename = NULL;
  LlSaxBusRunFrame *f;
  guint file_node, parser_node;
  gboolean dom = self->method == LL_SAX_BUS_DOM;

  ll_sim_model_stop (LL_SIM_MODEL (self));

  g_object_freeze_notify (G_OBJECT (self));
  reset_figures (self);

  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  /* file --bytes--> parser --events or records--> the chain */
  g_clear_pointer (&self->chain, ll_bus_chain_unref);
  g_clear_object (&self->pipe);
  self->pipe = ll_pipe_new ();
  self->chain = ll_bus_chain_new_full (self->pipe,
                                       dom ? LL_BUS_CHAIN_RECORDS : LL_BUS_CHAIN_EVENTS,
                                       self->route, self->direction,
                                       self->route2, self->direction2);
  basename = g_file_get_basename (file);
  file_node = ll_pipe_add (self->pipe, LL_PIPE_OUTSIDE, basename, NULL);
  parser_node = ll_pipe_add (self->pipe, LL_PIPE_OUTSIDE,
                             dom ? "GMarkupParseContext, then the tree" : "GMarkupParseContext", NULL);
  ll_bus_chain_feed_from (self->chain, parser_node);
  ll_bus_chain_set_match_func (self->chain, on_match, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPE]);

  f = ll_co_new (LlSaxBusRunFrame, run_body, run_cleanup);
  ll_co_set_name (&f->co, dom ? "read the tree" : "stream the feed");
  f->self = self;
  f->file = g_object_ref (file);
  f->display_name = g_file_get_parse_name (file);
  f->method = self->method;
  f->generate = generate;
  f->n_buses = n_buses;
  f->seed = seed;
  f->chain = ll_bus_chain_ref (self->chain);
  f->file_edge = ll_pipe_connect (self->pipe, file_node, parser_node);
  if (!dom)
    f->buffer = g_malloc (LL_SAX_BUS_CHUNK);
  self->task = &f->co;

  set_state (self, generate ? LL_SAX_BUS_STATE_GENERATING : LL_SAX_BUS_STATE_READING);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  ll_scheduler_spawn (scheduler, self->task);
}

/**
 * ll_sax_bus_model_start:
 * @self: a model
 * @file: the feed to read
 *
 * Starts a run on @file, with the route, direction and method set now;
 * a run under way is stopped first.  The figures start again from 0.
 */
void
ll_sax_bus_model_start (LlSaxBusModel *self,
                        GFile         *file)
{
  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));

  start_run (self, file, FALSE, 0, 0);
}

/**
 * ll_sax_bus_model_start_generated:
 * @self: a model
 * @n_buses: how many buses the feed has
 * @seed: its seed
 *
 * Starts a run on the cached feed of (@n_buses, @seed)
 * (ll_bus_feed_get_default()), writing it first in a worker thread if
 * it is not there (:state says %LL_SAX_BUS_STATE_GENERATING meanwhile).
 */
void
ll_sax_bus_model_start_generated (LlSaxBusModel *self,
                                  guint          n_buses,
                                  guint32        seed)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (LL_IS_SAX_BUS_MODEL (self));
  g_return_if_fail (n_buses <= LL_BUS_FEED_MAX_BUSES);

  file = ll_bus_feed_get_default (n_buses, seed);
  start_run (self, file, TRUE, n_buses, seed);
}

LlSaxBusState
ll_sax_bus_model_get_state (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), LL_SAX_BUS_STATE_IDLE);

  return self->state;
}

/**
 * ll_sax_bus_model_get_file:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the feed of the last run
 */
GFile *
ll_sax_bus_model_get_file (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->file;
}

/**
 * ll_sax_bus_model_get_generated:
 * @self: a model
 *
 * Returns: whether the last ll_sax_bus_model_start_generated() had to
 *   write the feed (it was not in the cache)
 */
gboolean
ll_sax_bus_model_get_generated (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), FALSE);

  return self->generated;
}

/**
 * ll_sax_bus_model_get_pipe:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the last run's graph, for a
 *   window to draw
 */
LlPipe *
ll_sax_bus_model_get_pipe (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->pipe;
}

/**
 * ll_sax_bus_model_get_chain:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the last run's chain: its
 *   branches, matches and checksums
 */
LlBusChain *
ll_sax_bus_model_get_chain (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->chain;
}

/**
 * ll_sax_bus_model_get_error:
 * @self: a model
 *
 * Returns: (nullable): why the last run failed
 */
const GError *
ll_sax_bus_model_get_error (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), NULL);

  return self->error;
}

/**
 * ll_sax_bus_model_get_error_line:
 * @self: a model
 *
 * Returns: the line the parser stood at when the run failed, from 1; 0
 *   if it did not fail in the parser
 */
int
ll_sax_bus_model_get_error_line (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->error_line;
}

/**
 * ll_sax_bus_model_get_error_column:
 * @self: a model
 *
 * Returns: the column, from 1, in bytes (see ll_bus_parser_get_position())
 */
int
ll_sax_bus_model_get_error_column (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->error_column;
}

guint64
ll_sax_bus_model_get_bytes_read (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->bytes_read;
}

guint64
ll_sax_bus_model_get_file_size (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->file_size;
}

guint64
ll_sax_bus_model_get_n_events (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->n_events;
}

double
ll_sax_bus_model_get_events_per_second (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0.0);

  return self->events_per_second;
}

guint
ll_sax_bus_model_get_n_matches (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->n_matches;
}

gint64
ll_sax_bus_model_get_elapsed (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->elapsed;
}

gint64
ll_sax_bus_model_get_longest_block (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->longest_block;
}

guint64
ll_sax_bus_model_get_rss_before (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->rss_before;
}

guint64
ll_sax_bus_model_get_rss_peak (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->rss_peak;
}

guint64
ll_sax_bus_model_get_held_bytes (LlSaxBusModel *self)
{
  g_return_val_if_fail (LL_IS_SAX_BUS_MODEL (self), 0);

  return self->held_bytes;
}
