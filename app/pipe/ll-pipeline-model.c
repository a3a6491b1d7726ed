/* ll-pipeline-model.c: a log followed like `tail -f`, through filters, into a sink
 *
 * Two sides, on one loop.  The outside world is a web server writing its
 * access log: a writer task per log (on a scheduler of its own, so that
 * stepping the pipeline never stops the log from growing) appends seeded
 * lines (ll-web-log.c) at the chosen rate with GIO's async writes.  The
 * pipeline is the notes' (ll-pipeline-stages.c): follow() reads the log
 * asynchronously as it grows and sends each line down the chain.
 *
 * Stepping: paused, the model's scheduler is in step mode and follow()
 * stops before each send (LlFollowControl.stepping), so a step is one
 * line sent from the source, which goes all the way down the chain
 * before the step returns.  Closing closes follow(): its cleanup closes
 * its target, whose cleanup closes its own, down to the printer; the
 * pipe records the order.
 *
 * A log in the window grows without end; once it holds 16 MiB and the
 * follower has read all of it, the writer truncates it and starts again
 * from the top, and follow() sees the file shrink and starts again too
 * (`tail -F`).  `looplab-cli run pipeline --lines N` writes N lines, and
 * follow() finishes at the end of the log once the writer is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipeline-model"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ll-pipeline-model.h"
#include "ll-pipeline-stages.h"
#include "ll-web-log.h"

#define MAX_PATTERNS 6
#define N_SOURCES_MAX 2
#define N_RECENT 200
#define ROTATE_BYTES (16 * 1024 * 1024)

/* The writer wakes at most every 10 ms: at 100 000 lines a second, a
 * thousand lines, 80 KiB, per write. */
#define WRITER_MIN_SLEEP_MS 10
#define WRITER_MAX_SLEEP_MS 1000
#define WRITER_MAX_BATCH (256 * 1024)

typedef struct
{
  GFile   *file;
  LlCo    *writer;      /* a task on the writer scheduler */
  LlCo    *follow;      /* a task on the model's scheduler */
  guint    file_node;
  guint    follow_node;
} Source;

struct _LlPipelineModel
{
  LlSimModel       parent_instance;

  /* What the next run is */
  LlPipelineShape  shape;
  GPtrArray       *patterns;        /* of char *: one per grep */
  guint            rate;
  guint64          n_lines;         /* per log; 0 for no end */
  guint32          seed;
  GFile           *log_file;        /* the first log; NULL: the cache directory */

  /* The run */
  LlScheduler     *writer_scheduler;
  LlPipe          *pipe;
  Source           sources[N_SOURCES_MAX];
  guint            n_sources;
  LlCo            *greps[MAX_PATTERNS];   /* borrowed from the pipe */
  guint            head_node;
  LlStepGate      *gate;            /* where the sources wait for a step */
  gboolean         paused;
  gboolean         finished;
  GError          *error;
  guint64          n_written;

  /* What reached the sink */
  guint64          n_printed;
  char            *recent[N_RECENT];
  guint64          n_caught;
  char            *last_caught;
};

G_DEFINE_FINAL_TYPE (LlPipelineModel, ll_pipeline_model, LL_TYPE_SIM_MODEL)

G_DEFINE_ENUM_TYPE (LlPipelineShape, ll_pipeline_shape,
  G_DEFINE_ENUM_VALUE (LL_PIPELINE_SIMPLE, "simple"),
  G_DEFINE_ENUM_VALUE (LL_PIPELINE_BROADCAST, "broadcast"),
  G_DEFINE_ENUM_VALUE (LL_PIPELINE_FAN_IN, "fan-in"))

enum {
  PROP_0,
  PROP_PAUSED,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const default_branches[] = { "python", "ply", "swig", NULL };

static void check_finished (LlPipelineModel *self);

/* The writer: the web server's side, outside the pipeline */

typedef struct
{
  LlCo              co;
  LlPipelineModel  *self;        /* borrowed: cleared when the model lets go */
  GFile            *file;
  GFileOutputStream *out;
  LlWebLog         *log;
  GString          *batch;
  LlCo             *follow;      /* to start once the log exists, and to rotate */
  guint64           n_lines;     /* 0 for no end */
  guint64           written;
  goffset           bytes;
  gint64            start;
  gint64            wanted;
  gint64            sleep_ms;
} WriterFrame;

static LlCoStatus
writer_run (LlCo *co)
{
  WriterFrame *f = (WriterFrame *) co;
  LlScheduler *scheduler = co->sched;
  LlFollowControl *control = ll_pipeline_follow_get_control (f->follow);
  GError *error = NULL;
  gboolean ok;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_file_replace_async, f->file, NULL, FALSE,
                     G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT);
  f->out = g_file_replace_finish (f->file, LL_CO_RESULT (co), &error);
  if (f->out == NULL)
    return ll_co_fail (co, error);

  /* The log exists: follow() can open it. */
  if (f->self != NULL && ll_co_get_state (f->follow) == LL_CO_STATE_CREATED)
    ll_scheduler_spawn (ll_sim_model_get_scheduler (LL_SIM_MODEL (f->self)), f->follow);

  f->start = ll_scheduler_get_time (scheduler);
  for (;;)
    {
      /* As many lines as the rate asks for by now, read afresh: the
       * rate can change while the log grows. */
      if (f->self == NULL)
        break;
      f->wanted = (ll_scheduler_get_time (scheduler) - f->start) * (gint64) f->self->rate / G_USEC_PER_SEC + 1;
      if (f->n_lines > 0)
        f->wanted = MIN (f->wanted, (gint64) f->n_lines);

      g_string_truncate (f->batch, 0);
      while ((gint64) f->written < f->wanted && f->batch->len < WRITER_MAX_BATCH)
        {
          ll_web_log_append_line (f->log, f->batch);
          f->written++;
        }

      if (f->batch->len > 0)
        {
          LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async, G_OUTPUT_STREAM (f->out),
                             f->batch->str, f->batch->len, G_PRIORITY_DEFAULT);
          ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (f->out), LL_CO_RESULT (co), NULL, &error);
          if (!ok)
            return ll_co_fail (co, error);
          f->bytes += f->batch->len;
        }

      if (f->n_lines > 0 && f->written >= f->n_lines)
        break;

      /* Rotate a full log once the follower has read all of it. */
      if (f->bytes >= ROTATE_BYTES && control->read_offset == f->bytes)
        {
          if (!g_seekable_truncate (G_SEEKABLE (f->out), 0, NULL, &error) ||
              !g_seekable_seek (G_SEEKABLE (f->out), 0, G_SEEK_SET, NULL, &error))
            return ll_co_fail (co, error);
          f->bytes = 0;
        }

      /* Sleep until the next line is due, but wake now and then: the
       * rate may go up. */
      f->sleep_ms = f->self != NULL && f->self->rate > 0 ? 1000 / f->self->rate : WRITER_MAX_SLEEP_MS;
      f->sleep_ms = CLAMP (f->sleep_ms, WRITER_MIN_SLEEP_MS, WRITER_MAX_SLEEP_MS / 4);
      LL_CO_SLEEP (co, f->sleep_ms);
    }

  LL_CO_AWAIT_ASYNC (co, g_output_stream_close_async, G_OUTPUT_STREAM (f->out), G_PRIORITY_DEFAULT);
  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (f->out), LL_CO_RESULT (co), &error))
    return ll_co_fail (co, error);

  /* Every line is in the file: at its end, follow() is done. */
  control->writer_done = TRUE;

  LL_CO_END (co);
}

static void
writer_cleanup (LlCo *co)
{
  WriterFrame *f = (WriterFrame *) co;

  /* A writer that failed (the log could not be made or written) adds no
   * more: follow() finishes at the end of what there is, or at once if
   * there is no log, and the run is over with the writer's error. */
  if (f->follow != NULL)
    ll_pipeline_follow_get_control (f->follow)->writer_done = TRUE;
  if (f->self != NULL && f->follow != NULL && ll_co_get_state (f->follow) == LL_CO_STATE_CREATED)
    ll_scheduler_spawn (ll_sim_model_get_scheduler (LL_SIM_MODEL (f->self)), f->follow);

  g_clear_object (&f->out);
  g_clear_object (&f->file);
  g_clear_pointer (&f->log, ll_web_log_free);
  if (f->batch != NULL)
    g_string_free (g_steal_pointer (&f->batch), TRUE);
  g_clear_pointer (&f->follow, ll_co_unref);
}

static LlCo *
writer_new (LlPipelineModel *self,
            GFile           *file,
            guint32          seed,
            LlCo            *follow)
{
  WriterFrame *f = ll_co_new (WriterFrame, writer_run, writer_cleanup);

  f->self = self;
  f->file = g_object_ref (file);
  f->log = ll_web_log_new (seed);
  f->batch = g_string_sized_new (WRITER_MAX_BATCH + 256);
  f->follow = ll_co_ref (follow);
  f->n_lines = self->n_lines;
  ll_co_set_name (&f->co, "writer");

  return &f->co;
}

/* The sink's side */

static void
printed (const char *line,
         gpointer    user_data)
{
  LlPipelineModel *self = user_data;
  guint slot = self->n_printed % N_RECENT;

  g_free (self->recent[slot]);
  self->recent[slot] = g_strdup (line);
  self->n_printed++;
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

static void
caught (const GError *error,
        gpointer      user_data)
{
  LlPipelineModel *self = user_data;

  self->n_caught++;
  g_free (self->last_caught);
  self->last_caught = g_strdup (error->message);
}

/* The run */

static void
set_finished (LlPipelineModel *self,
              gboolean         finished)
{
  if (self->finished == finished)
    return;

  self->finished = finished;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

/* A run is over once every stage has finished: each follow() at the end
 * of its log, closed, or failed, and the stages after it closed by its
 * cleanup.  What a failure said stays in :error. */
static void
check_finished (LlPipelineModel *self)
{
  if (self->pipe == NULL || self->finished)
    return;

  /* Every stage, not only the sources: a cleanup closes the stages after
   * it, and the last of those closes last. */
  for (guint i = 0; i < ll_pipe_get_n_nodes (self->pipe); i++)
    {
      LlCo *co = ll_pipe_node_get_co (self->pipe, i);

      if (co != NULL && ll_co_get_state (co) != LL_CO_STATE_FINISHED)
        return;
    }

  /* The writer's failure first: a log that could not be made is also a
   * log that follow() could not open. */
  for (guint i = 0; i < self->n_sources * 2 && self->error == NULL; i++)
    {
      Source *source = &self->sources[i % self->n_sources];
      const GError *error = ll_co_get_error (i < self->n_sources ? source->writer : source->follow);

      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_error_copy (error);
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_finished (self, TRUE);
  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self), 0);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_stage_closed (LlPipe          *pipe,
                 guint            node,
                 LlPipelineModel *self)
{
  check_finished (self);
}

static void
clear_run (LlPipelineModel *self)
{
  /* The stages close as they go: the run is not finishing, it is
   * being dropped. */
  if (self->pipe != NULL)
    g_signal_handlers_disconnect_by_func (self->pipe, on_stage_closed, self);

  for (guint i = 0; i < self->n_sources; i++)
    {
      Source *source = &self->sources[i];

      if (source->writer != NULL)
        {
          ((WriterFrame *) source->writer)->self = NULL;
          ll_co_cancel (source->writer);
          g_clear_pointer (&source->writer, ll_co_unref);
        }
      ll_sim_model_drop_task (LL_SIM_MODEL (self), &source->follow);
      /* A log of the cache folder is the run's own: it goes with it.  One
       * the caller named (--save-log) is the caller's. */
      if (self->log_file == NULL && source->file != NULL)
        g_file_delete (source->file, NULL, NULL);
      g_clear_object (&source->file);
    }
  self->n_sources = 0;
  memset (self->greps, 0, sizeof self->greps);

  g_clear_object (&self->pipe);
}

static void
ll_pipeline_model_stop_run (LlSimModel *model)
{
  LlPipelineModel *self = LL_PIPELINE_MODEL (model);

  clear_run (self);
  ll_sim_model_set_source_line (model, 0);
}

/* One line sent from a source, down the whole chain: the source that
 * has waited longest at the gate goes on, or, if none waits yet (it is
 * reading), the next to come. */
static gboolean
ll_pipeline_model_step (LlSimModel *model)
{
  LlPipelineModel *self = LL_PIPELINE_MODEL (model);

  if (!self->paused || !ll_pipeline_model_can_step (self))
    return FALSE;

  ll_step_gate_step (self->gate);

  return TRUE;
}

static void
ll_pipeline_model_dispose (GObject *object)
{
  LlPipelineModel *self = LL_PIPELINE_MODEL (object);

  clear_run (self);
  g_clear_object (&self->writer_scheduler);
  g_clear_object (&self->gate);

  G_OBJECT_CLASS (ll_pipeline_model_parent_class)->dispose (object);
}

static void
ll_pipeline_model_finalize (GObject *object)
{
  LlPipelineModel *self = LL_PIPELINE_MODEL (object);

  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_object (&self->log_file);
  g_clear_error (&self->error);
  for (guint i = 0; i < N_RECENT; i++)
    g_free (self->recent[i]);
  g_free (self->last_caught);

  G_OBJECT_CLASS (ll_pipeline_model_parent_class)->finalize (object);
}

static void
ll_pipeline_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlPipelineModel *self = LL_PIPELINE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_pipeline_model_class_init (LlPipelineModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_pipeline_model_dispose;
  object_class->finalize = ll_pipeline_model_finalize;
  object_class->get_property = ll_pipeline_model_get_property;

  sim_class->stop = ll_pipeline_model_stop_run;
  sim_class->step = ll_pipeline_model_step;

  /**
   * LlPipelineModel:paused:
   *
   * Whether the pipeline runs only when stepped.  The logs go on
   * growing.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LlPipelineModel:finished:
   *
   * Whether the run is over: every source at the end of its log, or
   * closed, or failed (ll_pipeline_model_get_error()).
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_pipeline_model_init (LlPipelineModel *self)
{
  self->patterns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->patterns, g_strdup ("python"));
  self->rate = 100;
  self->seed = 1;
  self->gate = ll_step_gate_new ();
}

/**
 * ll_pipeline_model_new:
 * @scheduler: the scheduler the pipeline runs on
 *
 * Returns: (transfer full): a new model, not started: one grep for
 *   `python`, 100 lines a second, no end, seed 1
 */
LlPipelineModel *
ll_pipeline_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_PIPELINE_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

/**
 * ll_pipeline_model_set_shape:
 * @self: a model
 * @shape: the shape of the next run
 *
 * A broadcast without patterns of its own gets the notes' three:
 * python, ply and swig.
 */
void
ll_pipeline_model_set_shape (LlPipelineModel *self,
                             LlPipelineShape  shape)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  self->shape = shape;
  if (shape == LL_PIPELINE_BROADCAST && self->patterns->len < 2)
    ll_pipeline_model_set_branches (self, default_branches);
}

LlPipelineShape
ll_pipeline_model_get_shape (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), LL_PIPELINE_SIMPLE);

  return self->shape;
}

/**
 * ll_pipeline_model_set_branches:
 * @self: a model
 * @patterns: (array zero-terminated=1): one pattern per grep, at most six
 *
 * The greps of a broadcast, in the order each line goes to them.  The
 * other shapes use the first.
 */
void
ll_pipeline_model_set_branches (LlPipelineModel    *self,
                                const char *const  *patterns)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));
  g_return_if_fail (patterns != NULL && patterns[0] != NULL);

  g_ptr_array_set_size (self->patterns, 0);
  for (guint i = 0; patterns[i] != NULL && i < MAX_PATTERNS; i++)
    g_ptr_array_add (self->patterns, g_strdup (patterns[i]));
}

/**
 * ll_pipeline_model_set_pattern:
 * @self: a model
 * @index: which grep, from 0
 * @pattern: what a line must contain
 *
 * Changes a grep's pattern; while a run is under way, for the lines
 * sent from now on.
 */
void
ll_pipeline_model_set_pattern (LlPipelineModel *self,
                               guint            index,
                               const char      *pattern)
{
  g_autofree char *label = NULL;

  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));
  g_return_if_fail (index < self->patterns->len);
  g_return_if_fail (pattern != NULL);

  g_free (self->patterns->pdata[index]);
  self->patterns->pdata[index] = g_strdup (pattern);

  if (self->greps[index] != NULL)
    {
      LlPipeStage *stage = (LlPipeStage *) self->greps[index];

      ll_pipeline_grep_set_pattern (self->greps[index], pattern);
      label = g_strdup_printf ("grep('%s')", pattern);
      ll_pipe_node_set_label (self->pipe, stage->node, label);
    }
}

const char *
ll_pipeline_model_get_pattern (LlPipelineModel *self,
                               guint            index)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->patterns->len, NULL);

  return self->patterns->pdata[index];
}

guint
ll_pipeline_model_get_n_patterns (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return self->patterns->len;
}

/**
 * ll_pipeline_model_set_rate:
 * @self: a model
 * @lines_per_second: how fast each log grows, 1 to 100 000
 */
void
ll_pipeline_model_set_rate (LlPipelineModel *self,
                            guint            lines_per_second)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  self->rate = CLAMP (lines_per_second, LL_PIPELINE_MIN_RATE, LL_PIPELINE_MAX_RATE);
}

guint
ll_pipeline_model_get_rate (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return self->rate;
}

/**
 * ll_pipeline_model_set_n_lines:
 * @self: a model
 * @n_lines: how many lines each log gets; 0 for no end
 */
void
ll_pipeline_model_set_n_lines (LlPipelineModel *self,
                               guint64          n_lines)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  self->n_lines = n_lines;
}

/**
 * ll_pipeline_model_set_seed:
 * @self: a model
 * @seed: the seed of the first log; a second log (a fan-in) gets the next
 */
void
ll_pipeline_model_set_seed (LlPipelineModel *self,
                            guint32          seed)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  self->seed = seed;
}

/**
 * ll_pipeline_model_set_log_file:
 * @self: a model
 * @file: (nullable): where the first log goes (a fan-in's second goes
 *   beside it, with `.2` added); %NULL for the cache directory
 */
void
ll_pipeline_model_set_log_file (LlPipelineModel *self,
                                GFile           *file)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  g_set_object (&self->log_file, file);
}

/**
 * ll_pipeline_model_get_log_file:
 * @self: a model
 * @index: which log of the run, from 0
 *
 * Returns: (transfer none) (nullable): the log, %NULL outside a run or
 *   past its logs
 */
GFile *
ll_pipeline_model_get_log_file (LlPipelineModel *self,
                                guint            index)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);

  return index < self->n_sources ? self->sources[index].file : NULL;
}

static GFile *
log_file_for (LlPipelineModel  *self,
              guint             index,
              GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (self->log_file != NULL)
    {
      g_autofree char *path = g_file_get_path (self->log_file);

      if (index == 0)
        return g_object_ref (self->log_file);
      name = g_strdup_printf ("%s.%u", path, index + 1);
      return g_file_new_for_path (name);
    }

  dir = g_build_filename (g_get_user_cache_dir (), "looplab", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder %s for the log: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  /* One per process and log: two windows do not write the same log. */
  name = g_strdup_printf ("access-log-%d-%u.log", (int) getpid (), index + 1);
  return g_file_new_build_filename (dir, name, NULL);
}

static guint
add_grep (LlPipelineModel *self,
          guint            index,
          guint            target)
{
  g_autofree char *label = g_strdup_printf ("grep('%s')", (const char *) self->patterns->pdata[index]);
  LlCo *grep = ll_pipeline_grep_new (self->patterns->pdata[index]);
  guint node;

  self->greps[index] = grep;
  node = ll_pipe_add (self->pipe, LL_PIPE_FILTER, label, grep);
  ll_pipe_connect (self->pipe, node, target);

  return node;
}

/**
 * ll_pipeline_model_start:
 * @self: a model
 * @error: return location for a #GError
 *
 * Starts a run afresh, of the shape, patterns, rate and seed set: the
 * logs are created empty, the pipeline is built, and the writers and
 * the followers start.  A run under way is dropped first.  Paused, the
 * pipeline waits for steps while the logs grow.
 *
 * Returns: %FALSE if the folder of the logs could not be made
 */
gboolean
ll_pipeline_model_start (LlPipelineModel  *self,
                         GError          **error)
{
  LlScheduler *scheduler;
  guint printer, grep, broadcast;

  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), FALSE);

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  clear_run (self);
  g_clear_error (&self->error);
  self->n_printed = 0;
  self->n_caught = 0;
  g_clear_pointer (&self->last_caught, g_free);
  ll_step_gate_set_open (self->gate, !self->paused);

  if (self->writer_scheduler == NULL)
    self->writer_scheduler = ll_scheduler_new (ll_scheduler_get_context (scheduler),
                                               ll_scheduler_get_clock (scheduler));

  self->n_sources = self->shape == LL_PIPELINE_FAN_IN ? 2 : 1;
  for (guint i = 0; i < self->n_sources; i++)
    {
      self->sources[i].file = log_file_for (self, i, error);
      if (self->sources[i].file == NULL)
        {
          clear_run (self);
          return FALSE;
        }
    }

  /* Built from the sink up: each stage is primed as it is added, and
   * connected before anything sends to it. */
  self->pipe = ll_pipe_new ();
  g_signal_connect (self->pipe, "closed", G_CALLBACK (on_stage_closed), self);
  printer = ll_pipe_add (self->pipe, LL_PIPE_SINK, "printer()",
                         ll_pipeline_printer_new (printed, caught, self));

  if (self->shape == LL_PIPELINE_BROADCAST)
    {
      broadcast = ll_pipe_add (self->pipe, LL_PIPE_BROADCAST, "broadcast()",
                               ll_pipe_broadcast_new ());
      for (guint i = 0; i < self->patterns->len; i++)
        {
          grep = add_grep (self, i, printer);
          ll_pipe_connect (self->pipe, broadcast, grep);
        }
      self->head_node = broadcast;
    }
  else
    {
      self->head_node = add_grep (self, 0, printer);
    }

  for (guint i = 0; i < self->n_sources; i++)
    {
      Source *source = &self->sources[i];
      g_autofree char *name = g_file_get_basename (source->file);
      LlFollowControl *control;

      source->follow = ll_pipeline_follow_new (source->file);
      source->file_node = ll_pipe_add (self->pipe, LL_PIPE_OUTSIDE, name, NULL);
      source->follow_node = ll_pipe_add (self->pipe, LL_PIPE_SOURCE,
                                         self->n_sources > 1 ? (i == 0 ? "follow(log 1)" : "follow(log 2)")
                                                             : "follow()",
                                         ll_co_ref (source->follow));
      control = ll_pipeline_follow_get_control (source->follow);
      control->in_edge = ll_pipe_connect (self->pipe, source->file_node, source->follow_node);
      control->gate = g_object_ref (self->gate);
      ll_pipe_connect (self->pipe, source->follow_node, self->head_node);

      source->writer = writer_new (self, source->file, self->seed + i, source->follow);
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_finished (self, FALSE);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self), 0);
  g_object_thaw_notify (G_OBJECT (self));

  /* Each writer starts its follow() once its log exists. */
  for (guint i = 0; i < self->n_sources; i++)
    ll_scheduler_spawn (self->writer_scheduler, self->sources[i].writer);

  return TRUE;
}

/**
 * ll_pipeline_model_set_paused:
 * @self: a model
 * @paused: whether the pipeline runs only when stepped
 *
 * Paused, each follow() waits before its next send until
 * ll_sim_model_step() lets one line through.  The reads go on, and so
 * do the writers: the world outside does not stop for a debugger.
 */
void
ll_pipeline_model_set_paused (LlPipelineModel *self,
                              gboolean         paused)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  ll_step_gate_set_open (self->gate, !paused);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self), paused ? ll_pipeline_model_get_waiting_line (self) : 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
ll_pipeline_model_get_paused (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), FALSE);

  return self->paused;
}

/**
 * ll_pipeline_model_can_step:
 * @self: a model
 *
 * Returns: whether a step can go: the run is paused and a follow() is
 *   still at work (a step taken while it reads waits for its next line)
 */
gboolean
ll_pipeline_model_can_step (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), FALSE);

  if (!self->paused)
    return FALSE;

  for (guint i = 0; i < self->n_sources; i++)
    {
      if (ll_co_get_state (self->sources[i].follow) != LL_CO_STATE_FINISHED)
        return TRUE;
    }

  return FALSE;
}

/**
 * ll_pipeline_model_get_waiting:
 * @self: a model
 *
 * Returns: how many follow() wait at the gate for a step: 0 while they
 *   read or while the run is not paused
 */
guint
ll_pipeline_model_get_waiting (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return ll_step_gate_get_n_waiting (self->gate);
}

/**
 * ll_pipeline_model_get_waiting_line:
 * @self: a model
 *
 * Returns: the line of ll-pipeline-stages.c that the first follow() is
 *   suspended at (where it waits for a step, when paused); 0 if none
 */
int
ll_pipeline_model_get_waiting_line (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  for (guint i = 0; i < self->n_sources; i++)
    {
      LlCo *follow = self->sources[i].follow;

      if (ll_co_get_state (follow) == LL_CO_STATE_SUSPENDED)
        return ll_co_get_line (follow);
    }

  return 0;
}

/**
 * ll_pipeline_model_close:
 * @self: a model
 *
 * Closes the pipeline from its head, as the notes' `close()`: the
 * writers stop, each follow() is cancelled and unwinds, and its cleanup
 * closes its target, whose cleanup closes its own, down to the sink
 * (ll_pipe_get_close_order()).  A follow() that is waiting on a read
 * unwinds once the read returns, as the loop runs.
 */
void
ll_pipeline_model_close (LlPipelineModel *self)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));

  if (self->pipe == NULL)
    return;

  for (guint i = 0; i < self->n_sources; i++)
    {
      ll_co_cancel (self->sources[i].writer);
      ll_pipe_close (self->pipe, self->sources[i].follow_node);
    }
  check_finished (self);
}

/**
 * ll_pipeline_model_throw:
 * @self: a model
 * @message: what the error says
 *
 * Throws an error into the first stage after the sources (`throw()`):
 * each filter passes it on to its targets, and the sink counts it
 * (ll_pipeline_model_get_n_caught()).  The pipeline goes on.
 */
void
ll_pipeline_model_throw (LlPipelineModel *self,
                         const char      *message)
{
  g_return_if_fail (LL_IS_PIPELINE_MODEL (self));
  g_return_if_fail (message != NULL);

  if (self->pipe == NULL)
    return;

  ll_pipe_throw (self->pipe, self->head_node,
                 g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message));
}

gboolean
ll_pipeline_model_get_finished (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), FALSE);

  return self->finished;
}

/**
 * ll_pipeline_model_get_error:
 * @self: a model
 *
 * Returns: (nullable): why the last run stopped, if it failed (a log
 *   that could not be written or read)
 */
const GError *
ll_pipeline_model_get_error (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);

  return self->error;
}

/**
 * ll_pipeline_model_get_pipe:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the pipeline of the run
 */
LlPipe *
ll_pipeline_model_get_pipe (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);

  return self->pipe;
}

/**
 * ll_pipeline_model_get_source_node:
 * @self: a model
 * @index: which source, from 0
 *
 * Returns: the node of that follow(), %LL_PIPE_NO_NODE past the sources
 */
guint
ll_pipeline_model_get_source_node (LlPipelineModel *self,
                                   guint            index)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), LL_PIPE_NO_NODE);

  return index < self->n_sources ? self->sources[index].follow_node : LL_PIPE_NO_NODE;
}

/**
 * ll_pipeline_model_get_n_written:
 * @self: a model
 *
 * Returns: how many lines the writers have put in the logs, all told
 */
guint64
ll_pipeline_model_get_n_written (LlPipelineModel *self)
{
  guint64 n = 0;

  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  for (guint i = 0; i < self->n_sources; i++)
    n += ((WriterFrame *) self->sources[i].writer)->written;

  return n;
}

/**
 * ll_pipeline_model_get_n_followed:
 * @self: a model
 *
 * Returns: how many lines the sources have sent down the pipeline
 */
guint64
ll_pipeline_model_get_n_followed (LlPipelineModel *self)
{
  guint64 n = 0;

  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  for (guint i = 0; i < self->n_sources; i++)
    n += ll_pipeline_follow_get_control (self->sources[i].follow)->n_lines;

  return n;
}

guint64
ll_pipeline_model_get_n_printed (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return self->n_printed;
}

/**
 * ll_pipeline_model_get_n_recent:
 * @self: a model
 *
 * Returns: how many of the last lines printed the model keeps (at most
 *   200), for a window that shows the newest
 */
guint
ll_pipeline_model_get_n_recent (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return MIN (self->n_printed, N_RECENT);
}

/**
 * ll_pipeline_model_get_recent:
 * @self: a model
 * @index: below ll_pipeline_model_get_n_recent(); 0 is the oldest kept
 *
 * Returns: a line the sink printed
 */
const char *
ll_pipeline_model_get_recent (LlPipelineModel *self,
                              guint            index)
{
  guint n;

  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);

  n = MIN (self->n_printed, N_RECENT);
  g_return_val_if_fail (index < n, NULL);

  return self->recent[(self->n_printed - n + index) % N_RECENT];
}

guint64
ll_pipeline_model_get_n_caught (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), 0);

  return self->n_caught;
}

const char *
ll_pipeline_model_get_last_caught (LlPipelineModel *self)
{
  g_return_val_if_fail (LL_IS_PIPELINE_MODEL (self), NULL);

  return self->last_caught;
}
