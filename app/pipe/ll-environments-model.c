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
 * This file is the model, its run and the main loop's environment; the
 * thread's is ll-environment-thread.c, the parent's side of the
 * subprocess ll-environment-subprocess.c, and the protocol's escapes with
 * the child's side ll-environment-stage.c.  What they share (the head of
 * each environment's frame and the calls that fill it) is in
 * ll-environments-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-bus-feed.h"
#include "ll-environments-private.h"

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

GArray *
ll_environments_matches_new (void)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (LlBusMatch));

  g_array_set_clear_func (matches, match_clear);

  return matches;
}

void
ll_environments_matches_append (GArray           *matches,
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

static char *
format_seconds (gint64 usec)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", usec / (double) G_USEC_PER_SEC));
}

/* The environments' frames: what the three share
 *
 * The calls each environment makes on the head of its frame, declared
 * in ll-environments-private.h.  They are here because what they fill
 * in is the model's: its slots, its signal, its lines. */

/* @file is the body's source file, `__FILE__` where the body is, as
 * ll_co_new() records it. */
EnvFrame *
ll_environment_frame_alloc (gsize           size,
                            LlCoFunc        body,
                            LlCoCleanup     cleanup,
                            const char     *name,
                            const char     *file,
                            LlEnvironment   environment,
                            const EnvSetup *setup)
{
  EnvFrame *e = (EnvFrame *) ll_co_alloc (size, body, cleanup, name, file);

  e->self = setup->self;
  e->environment = environment;
  e->file = g_object_ref (setup->file);
  e->display_name = g_strdup (setup->display_name);
  e->route = g_strdup (setup->route);
  e->direction = g_strdup (setup->direction);
  e->matches = ll_environments_matches_new ();
  e->figures.state = LL_ENVIRONMENT_STATE_RUNNING;
  e->figures.file_size = setup->file_size;

  return e;
}

void
ll_environment_frame_clear (EnvFrame *e)
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

void
ll_environment_begin (EnvFrame *e)
{
  e->start = g_get_monotonic_time ();
  env_publish (e);
}

void
ll_environment_progress (EnvFrame *e)
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

LlCoStatus
ll_environment_finish (EnvFrame *e)
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

LlCoStatus
ll_environment_fail (EnvFrame *e,
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

GError *
ll_environment_open_error (EnvFrame *e,
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
gboolean
ll_environment_feed_chunk (EnvFrame     *e,
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

gboolean
ll_environment_end_feed (EnvFrame     *e,
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

  ll_environments_matches_append (f->env.matches, match);
}

static LlCoStatus
main_loop_body (LlCo *co)
{
  MainLoopFrame *f = (MainLoopFrame *) co;
  GError *error = NULL;
  gboolean ok;

  LL_CO_BEGIN (co);

  ll_environment_begin (&f->env);

  /* in = open (file) */
  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->env.file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->env.file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return ll_environment_fail (&f->env, ll_environment_open_error (&f->env, error));

  for (;;)
    {
      /* n = await in.read (buffer) */
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return ll_environment_fail (&f->env, ll_environment_open_error (&f->env, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): each event goes down the chain, here */
      ok = ll_environment_feed_chunk (&f->env, f->parser, f->buffer, f->n, &error);
      ll_environment_progress (&f->env);
      if (!ok)
        return ll_environment_fail (&f->env, error);
    }

  if (!ll_environment_end_feed (&f->env, f->parser, &error))
    return ll_environment_fail (&f->env, error);
  ll_bus_chain_close (f->chain);

  /* A file opened for reading has nothing to write back: a failed
   * close changes nothing for the run. */
  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, G_INPUT_STREAM (f->in), G_PRIORITY_DEFAULT);
  g_input_stream_close_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), NULL);

  return ll_environment_finish (&f->env);

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
  ll_environment_frame_clear (&f->env);
}

static LlCo *
main_loop_new (const EnvSetup *setup)
{
  MainLoopFrame *f = (MainLoopFrame *) ll_environment_frame_alloc (sizeof (MainLoopFrame),
                                                                   main_loop_body, main_loop_cleanup,
                                                                   "main loop", __FILE__,
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
      return ll_environment_thread_new (&setup);
    case LL_ENVIRONMENT_SUBPROCESS:
      return ll_environment_subprocess_new (&setup);
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
