/* ll-copy-model.c: "The two-way message", an async file copy
 *
 * What the two styles of the copy share: the GObject, the run, and the
 * messages.  The copy itself is in ll-copy-callbacks.c and
 * ll-copy-coroutine.c; this file hands either of them an LlCopyRun with
 * both files open and takes the run back when it is done.  Opening and
 * closing the files are blocking calls: ll-copy-files.c, in a worker
 * thread.
 *
 * Messages.  Each report of a style becomes an LlCopyEvent in the
 * model's outbox.  At full speed the outbox is emptied at once.  In step
 * mode it empties one event per ll_sim_model_step(), and the run does
 * not go past its next return to the loop until the outbox is empty and
 * the user steps: a completion that comes back early is held
 * (ll_copy_hold()) and delivered at the step, the coroutine waits in the
 * scheduler's ready queue (step mode resumes nothing by itself), and the
 * chain of callbacks starts at the first step.  Reports made in one go,
 * between two returns to the loop, are shown one per step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-copy-model"

#include "config.h"


#include "ll-copy-files-private.h"

/* The default chunk, LL_COPY_DEFAULT_CHUNK, is 4 MiB.  Every call is a
 * round trip to a worker thread and back to the loop, about half a
 * millisecond here whatever its size, so small chunks are slow: GIO's
 * 8 KiB would make 65 536 trips for 512 MiB.  Past that, the time is the
 * kernel's copying: into the buffer, then out of it (cp copies once, in
 * the kernel).  A warm 512 MiB file copied to tmpfs on a 2-core virtual
 * machine, 3 runs each: 256 KiB 0.45 to 0.64 s, 1 MiB 0.31 to 0.37 s,
 * 4 MiB 0.24 to 0.29 s, 16 MiB 0.26 to 0.45 s; cp 0.20 to 0.29 s.  A
 * callback only moves a count, so a bigger chunk costs the loop
 * nothing; the SHA-256 sums, which would cost 12 ms a 4 MiB chunk on
 * the loop's thread, are a read-back in the worker that closes the
 * files (file_digest()).
 *
 * One call at a time.  Reading the next chunk while this one is written
 * would hide some of the kernel's copying on a second core, but the
 * messages of two calls in flight would interleave as the threads
 * please, so that no two transcripts would be the same. */

static const char *const style_sources[] = {
  [LL_COPY_STYLE_CALLBACKS] = "app/io/ll-copy-callbacks.c",
  [LL_COPY_STYLE_COROUTINE] = "app/io/ll-copy-coroutine.c",
};

G_DEFINE_ENUM_TYPE (LlCopyStyle, ll_copy_style,
  G_DEFINE_ENUM_VALUE (LL_COPY_STYLE_CALLBACKS, "callbacks"),
  G_DEFINE_ENUM_VALUE (LL_COPY_STYLE_COROUTINE, "coroutine"))

G_DEFINE_ENUM_TYPE (LlCopyDirection, ll_copy_direction,
  G_DEFINE_ENUM_VALUE (LL_COPY_READ, "read"),
  G_DEFINE_ENUM_VALUE (LL_COPY_WRITE, "write"))

G_DEFINE_ENUM_TYPE (LlCopyEventKind, ll_copy_event_kind,
  G_DEFINE_ENUM_VALUE (LL_COPY_EVENT_REQUEST, "request"),
  G_DEFINE_ENUM_VALUE (LL_COPY_EVENT_COMPLETE, "complete"),
  G_DEFINE_ENUM_VALUE (LL_COPY_EVENT_FINISH, "finish"),
  G_DEFINE_ENUM_VALUE (LL_COPY_EVENT_RESUME, "resume"))

G_DEFINE_BOXED_TYPE (LlCopyEvent, ll_copy_event,
                     ll_copy_event_copy, ll_copy_event_free)

/* Runs alive, the ones whose model went away included. */
static gint n_live_runs;

/* The loop's turns */

/* A source that is never ready and counts how often the loop prepares
 * it: once per iteration of the context, whatever else the iteration
 * does.  Its priority is the highest, so that no ready source of a
 * higher one makes the loop skip it. */
typedef struct
{
  GSource source;
  guint64 iterations;
} LoopCounter;

static gboolean
loop_counter_prepare (GSource *source,
                      int     *timeout)
{
  ((LoopCounter *) source)->iterations++;
  *timeout = -1;

  return FALSE;
}

static gboolean
loop_counter_check (GSource *source)
{
  return FALSE;
}

static gboolean
loop_counter_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs loop_counter_funcs = {
  loop_counter_prepare,
  loop_counter_check,
  loop_counter_dispatch,
  NULL,
  NULL,
  NULL,
};

/* The model */

struct _LlCopyModel
{
  LlSimModel    parent_instance;

  /* owned references */
  LlCopyRun    *run;            /* the run under way, or NULL */
  GFile        *source;
  GFile        *destination;
  GQueue        outbox;         /* LlCopyEvent: reported, not shown yet */

  /* settings */
  LlCopyStyle   style;
  guint         chunk_size;
  gboolean      keep_copy;
  gboolean      verify;

  /* what the events shown so far say */
  guint64       total_size;
  guint64       bytes_read;
  guint64       bytes_copied;
  guint         n_chunks;
  guint         chunks_in_flight;

  /* the outcome of the last run */
  char         *source_checksum;
  char         *copy_checksum;
  GError       *error;
  gint64        start_time;
  gint64        duration;
  gboolean      copy_removed;

  /* steps */
  guint         steps_owed;     /* steps that came while nothing could move */
  gboolean      run_over;       /* the run ended; shown once the outbox is empty */
};

G_DEFINE_FINAL_TYPE (LlCopyModel, ll_copy_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_STYLE,
  PROP_CHUNK_SIZE,
  PROP_KEEP_COPY,
  PROP_VERIFY,
  PROP_SOURCE,
  PROP_DESTINATION,
  PROP_TOTAL_SIZE,
  PROP_BYTES_COPIED,
  PROP_N_CHUNKS,
  PROP_CHUNKS_IN_FLIGHT,
  PROP_SOURCE_CHECKSUM,
  PROP_COPY_CHECKSUM,
  PROP_ERROR,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean model_emit_next (LlCopyModel *self);
static void     model_pay_steps (LlCopyModel *self);
static void     model_run_over  (LlCopyModel *self);

/* The run */


typedef struct
{
  LlCopyRun        run;
  LlCopyRunPrivate priv;
} RunBlock;

static LlCopyRun *
run_new (LlCopyModel *model,
         GFile       *source,
         GFile       *destination)
{
  RunBlock *block = g_new0 (RunBlock, 1);
  LlCopyRun *run = &block->run;
  LlCopyRunPrivate *priv = &block->priv;

  run->priv = priv;
  run->cancellable = g_cancellable_new ();
  run->chunk_size = model->chunk_size;

  g_atomic_ref_count_init (&priv->ref_count);
  priv->model = model;
  priv->scheduler = g_object_ref (ll_sim_model_get_scheduler (LL_SIM_MODEL (model)));
  priv->source = g_object_ref (source);
  priv->destination = g_object_ref (destination);
  priv->style = model->style;
  priv->keep_copy = model->keep_copy;
  priv->verify = model->verify;
  priv->phase = RUN_PREPARING;

  priv->loop_counter = g_source_new (&loop_counter_funcs, sizeof (LoopCounter));
  g_source_set_priority (priv->loop_counter, G_PRIORITY_HIGH);
  g_source_set_static_name (priv->loop_counter, "[looplab] copy: the loop's turns");
  g_source_attach (priv->loop_counter, ll_scheduler_get_context (priv->scheduler));

  g_atomic_int_inc (&n_live_runs);

  return run;
}

/**
 * ll_copy_run_ref:
 * @run: a run
 *
 * Returns: (transfer full): @run
 */
LlCopyRun *
ll_copy_run_ref (LlCopyRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  g_atomic_ref_count_inc (&run->priv->ref_count);

  return run;
}

/**
 * ll_copy_run_unref:
 * @run: (transfer full): a run
 *
 * Drops a reference; the last one frees the run.
 */
void
ll_copy_run_unref (LlCopyRun *run)
{
  LlCopyRunPrivate *priv;

  g_return_if_fail (run != NULL);

  priv = run->priv;
  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_assert (priv->held_callback == NULL);

  if (!g_source_is_destroyed (priv->loop_counter))
    g_source_destroy (priv->loop_counter);
  g_clear_pointer (&priv->loop_counter, g_source_unref);
  g_clear_object (&run->in);
  g_clear_object (&run->out);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->buffer, g_free);
  g_clear_object (&priv->scheduler);
  g_clear_object (&priv->source);
  g_clear_object (&priv->destination);
  g_clear_pointer (&priv->temp_path, g_free);
  g_clear_error (&priv->error);
  g_clear_pointer (&priv->source_digest, g_free);
  g_clear_pointer (&priv->copy_digest, g_free);
  g_free (run);

  g_atomic_int_add (&n_live_runs, -1);
}

static guint64
run_loop_iterations (LlCopyRun *run)
{
  return ((LoopCounter *) run->priv->loop_counter)->iterations;
}

/* Whether the run waits for the user's steps. */
static gboolean
run_stepping (LlCopyRun *run)
{
  LlCopyRunPrivate *priv = run->priv;

  return priv->model != NULL && !priv->cancelled && ll_scheduler_get_step_mode (priv->scheduler);
}

/* Hands the held completion to its callback. */
static void
run_release (LlCopyRun *run)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autoptr(LlCopyRun) keep = ll_copy_run_ref (run);
  g_autoptr(GObject) source_object = g_steal_pointer (&priv->held_source);
  g_autoptr(GAsyncResult) result = g_steal_pointer (&priv->held_result);
  GAsyncReadyCallback callback = g_steal_pointer (&priv->held_callback);
  gpointer data = g_steal_pointer (&priv->held_data);

  g_assert (callback != NULL);

  priv->releasing = TRUE;
  callback (source_object, result, data);
  priv->releasing = FALSE;
}

/* A coroutine that nobody steps any more (cancelled, or its model went
 * away) on a scheduler in step mode would wait in the ready queue for
 * ever: resume it to its next wait, or its end. */
static void
run_drive_task (LlCopyRun *run)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autoptr(LlCopyRun) keep = ll_copy_run_ref (run);

  while (priv->task != NULL && !run_stepping (run) &&
         ll_scheduler_get_step_mode (priv->scheduler) &&
         ll_scheduler_get_current (priv->scheduler) == NULL &&
         ll_co_get_wait (priv->task) == LL_CO_WAIT_READY)
    ll_scheduler_step_co (priv->scheduler, priv->task);
}

/* Makes the run end as soon as the call under way returns: cancels it,
 * hands back what the steps held, and starts nothing new. */
static void
run_cancel (LlCopyRun *run)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autoptr(LlCopyRun) keep = ll_copy_run_ref (run);

  if (priv->phase >= RUN_FINISHING)
    return;

  priv->cancelled = TRUE;
  g_cancellable_cancel (run->cancellable);
  if (priv->task != NULL)
    ll_co_cancel (priv->task);

  if (priv->held_callback != NULL)
    run_release (run);

  /* A chain that never started ends here, cancelled. */
  if (priv->start_pending)
    {
      priv->start_pending = FALSE;
      ll_copy_run_done (run, NULL);
    }

  run_drive_task (run);
}

/* Reports */

static void
run_report (LlCopyRun       *run,
            LlCopyEventKind  kind,
            LlCopyDirection  direction,
            gint64           bytes,
            const GError    *error,
            int              line,
            gint64           time,
            guint            loop_iterations)
{
  LlCopyRunPrivate *priv = run->priv;
  LlCopyEvent *event;

  if (priv->model == NULL)
    return;

  event = g_new0 (LlCopyEvent, 1);
  event->kind = kind;
  event->direction = direction;
  event->chunk = priv->n_reads;
  event->bytes = bytes;
  event->error = error != NULL ? g_error_copy (error) : NULL;
  event->file = style_sources[priv->style];
  event->line = line;
  event->loop_iterations = loop_iterations;
  event->time = time;
  g_queue_push_tail (&priv->model->outbox, event);

  if (!run_stepping (run))
    {
      g_autoptr(LlCopyModel) model = g_object_ref (priv->model);

      while (model_emit_next (model))
        ;
    }
}

/**
 * ll_copy_report_request:
 * @run: a run
 * @direction: a read or a write
 * @size: the bytes asked for
 * @line: the line of the `_async` call
 *
 * Reports the request; call it just before the `_async` call.
 */
void
ll_copy_report_request (LlCopyRun       *run,
                        LlCopyDirection  direction,
                        gsize            size,
                        int              line)
{
  LlCopyRunPrivate *priv = run->priv;

  if (direction == LL_COPY_READ)
    priv->n_reads++;
  priv->request_iterations = run_loop_iterations (run);

  run_report (run, LL_COPY_EVENT_REQUEST, direction, (gint64) size, NULL, line,
              ll_scheduler_get_time (priv->scheduler), 0);
}

/**
 * ll_copy_hold:
 * @run: a run
 * @callback: the ready callback that calls this, first thing
 * @source_object: (nullable): its source object
 * @result: its result
 * @user_data: its data
 * @line: the line to show for the completion
 *
 * For the first line of a ready callback: notes that the completion came
 * back, and in step mode keeps it until the user's step, when the model
 * calls @callback again with the same arguments.
 *
 * Returns: %TRUE if the completion is kept: return at once; %FALSE to
 *   go on with it
 */
gboolean
ll_copy_hold (LlCopyRun           *run,
              GAsyncReadyCallback  callback,
              GObject             *source_object,
              GAsyncResult        *result,
              gpointer             user_data,
              int                  line)
{
  LlCopyRunPrivate *priv = run->priv;

  if (!priv->releasing)
    {
      priv->arrival_time = ll_scheduler_get_time (priv->scheduler);
      priv->arrival_iterations = (guint) (run_loop_iterations (run) - priv->request_iterations);
    }
  priv->complete_line = line;

  if (priv->releasing || !run_stepping (run))
    {
      priv->releasing = FALSE;
      return FALSE;
    }

  g_assert (priv->held_callback == NULL);
  priv->held_callback = callback;
  priv->held_source = source_object != NULL ? g_object_ref (source_object) : NULL;
  priv->held_result = g_object_ref (result);
  priv->held_data = user_data;

  model_pay_steps (priv->model);

  return TRUE;
}

/**
 * ll_copy_report_finish:
 * @run: a run
 * @direction: a read or a write
 * @count: what the `_finish` call returned: a count, or -1
 * @error: (nullable): the error it set
 * @line: the line of the `_finish` call
 *
 * Reports the completion that ll_copy_hold() noted, with its count, and
 * the `_finish` call that took the count out.
 */
void
ll_copy_report_finish (LlCopyRun       *run,
                       LlCopyDirection  direction,
                       gssize           count,
                       const GError    *error,
                       int              line)
{
  LlCopyRunPrivate *priv = run->priv;

  if (count < 0)
    priv->failed_direction = direction;
  else if (direction == LL_COPY_WRITE)
    priv->bytes_written += (guint64) count;

  run_report (run, LL_COPY_EVENT_COMPLETE, direction, count, NULL, priv->complete_line,
              priv->arrival_time, priv->arrival_iterations);
  run_report (run, LL_COPY_EVENT_FINISH, direction, count, error, line,
              ll_scheduler_get_time (priv->scheduler), 0);
}

/**
 * ll_copy_report_resume:
 * @run: a run
 * @direction: the direction of the call whose count it goes on with
 * @count: that count
 * @line: the line where the copy goes on
 *
 * Reports that the copy goes on with the count.
 */
void
ll_copy_report_resume (LlCopyRun       *run,
                       LlCopyDirection  direction,
                       gsize            count,
                       int              line)
{
  run_report (run, LL_COPY_EVENT_RESUME, direction, (gint64) count, NULL, line,
              ll_scheduler_get_time (run->priv->scheduler), 0);
}

/**
 * ll_copy_wake:
 * @source_object: (nullable): the object of the operation
 * @result: its result
 * @user_data: the #LlCopyRun
 *
 * The coroutine style's ready callback: notes the completion (keeping it
 * until the user's step, in step mode), then hands it to
 * ll_co_async_ready(), which queues the coroutine.
 */
void
ll_copy_wake (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LlCopyRun *run = user_data;
  LlCo *task = run->priv->task;

  if (ll_copy_hold (run, ll_copy_wake, source_object, result, run, ll_co_get_line (task)))
    return;

  ll_co_async_ready (source_object, result, task);
  run_drive_task (run);
}

/* The files, in a worker thread (ll-copy-files.c) */

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (ll_copy_files_open (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (ll_copy_files_close (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}
static void
on_finished (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LlCopyRun) run = user_data;
  LlCopyRunPrivate *priv = run->priv;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_pointer (&priv->source_digest, g_free);
      g_clear_pointer (&priv->copy_digest, g_free);
      priv->error = error;
    }

  priv->phase = RUN_OVER;
  g_source_destroy (priv->loop_counter);

  if (priv->model != NULL)
    model_run_over (priv->model);
}

/**
 * ll_copy_run_done:
 * @run: a run
 * @error: (transfer full) (nullable): why the copy failed; %NULL if it
 *   copied LlCopyRun.total bytes
 *
 * Ends the copy: the files are closed, and the copy moved into place or
 * deleted, in a worker thread.
 */
void
ll_copy_run_done (LlCopyRun *run,
                  GError    *error)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (priv->phase < RUN_FINISHING);

  if (error != NULL && priv->phase == RUN_COPYING)
    error = ll_copy_files_explain (run, error);
  else if (error == NULL && priv->cancelled)
    error = ll_copy_files_explain (run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));

  priv->phase = RUN_FINISHING;
  priv->task = NULL;
  priv->error = error;
  priv->end_time = ll_scheduler_get_time (priv->scheduler);

  task = g_task_new (NULL, NULL, on_finished, ll_copy_run_ref (run));
  g_task_set_source_tag (task, ll_copy_run_done);
  g_task_set_name (task, "[looplab] copy: close the files");
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, finish_thread);
}

static void
start_style (LlCopyRun *run)
{
  LlCopyRunPrivate *priv = run->priv;
  LlCo *co;

  switch (priv->style)
    {
    case LL_COPY_STYLE_CALLBACKS:
      if (run_stepping (run))
        priv->start_pending = TRUE;
      else
        ll_copy_callbacks_start (run);
      break;

    case LL_COPY_STYLE_COROUTINE:
    default:
      /* In step mode the scheduler resumes it only when stepped. */
      co = ll_copy_coroutine_new (run);
      priv->task = co;
      ll_scheduler_spawn (priv->scheduler, co);
      ll_co_unref (co);
      break;
    }
}

static void
on_prepared (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LlCopyRun) run = user_data;
  LlCopyRunPrivate *priv = run->priv;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      ll_copy_run_done (run, error);
      return;
    }

  if (priv->cancelled)
    {
      priv->phase = RUN_COPYING;
      ll_copy_run_done (run, NULL);
      return;
    }

  priv->phase = RUN_COPYING;
  run->buffer = g_malloc (MAX (1, MIN ((guint64) run->chunk_size, run->total)));
  if (priv->model != NULL)
    {
      priv->model->total_size = run->total;
      g_object_notify_by_pspec (G_OBJECT (priv->model), properties[PROP_TOTAL_SIZE]);
    }

  start_style (run);

  if (priv->model != NULL)
    model_pay_steps (priv->model);
}

static void
run_start (LlCopyRun *run)
{
  g_autoptr(GTask) task = NULL;

  /* The files are the thread's until it returns; the main thread only
   * cancels meanwhile, and the result is read as it was returned. */
  task = g_task_new (NULL, run->cancellable, on_prepared, ll_copy_run_ref (run));
  g_task_set_source_tag (task, run_start);
  g_task_set_name (task, "[looplab] copy: open the files");
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, prepare_thread);
}

/* The model: showing the events */

/* What the event says about the run, for the properties. */
static void
model_count (LlCopyModel       *self,
             const LlCopyEvent *event)
{
  switch (event->kind)
    {
    case LL_COPY_EVENT_REQUEST:
      self->chunks_in_flight++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNKS_IN_FLIGHT]);
      break;

    case LL_COPY_EVENT_COMPLETE:
      if (self->chunks_in_flight > 0)
        self->chunks_in_flight--;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNKS_IN_FLIGHT]);
      break;

    case LL_COPY_EVENT_FINISH:
      if (event->bytes <= 0)
        break;
      if (event->direction == LL_COPY_READ)
        {
          self->bytes_read += (guint64) event->bytes;
          break;
        }
      self->bytes_copied += (guint64) event->bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_COPIED]);
      if (self->bytes_copied == self->bytes_read)
        {
          self->n_chunks++;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHUNKS]);
        }
      break;

    case LL_COPY_EVENT_RESUME:
    default:
      break;
    }
}

/* Shows the first event of the outbox; returns FALSE if it was empty. */
static gboolean
model_emit_next (LlCopyModel *self)
{
  g_autoptr(LlCopyModel) keep = NULL;
  g_autofree char *line = NULL;
  LlCopyEvent *event = g_queue_pop_head (&self->outbox);

  if (event == NULL)
    return FALSE;

  keep = g_object_ref (self);
  g_object_freeze_notify (G_OBJECT (self));
  model_count (self, event);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self), event->line);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[EVENT], 0, event);
  line = ll_copy_event_to_string (event);
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
  ll_copy_event_free (event);

  if (g_queue_is_empty (&self->outbox) && self->run_over)
    model_run_over (self);

  return TRUE;
}

/* One step: shows the next event, making the run move up to it first if
 * none is waiting.  If the run cannot move yet (its call is still out),
 * the step is owed, and the next completion pays it at once: each press
 * of Step is one message, however fast the presses come. */
static gboolean
model_advance (LlCopyModel *self)
{
  g_autoptr(LlCopyModel) keep = g_object_ref (self);
  g_autoptr(LlCopyRun) run = self->run != NULL ? ll_copy_run_ref (self->run) : NULL;
  LlCopyRunPrivate *priv = run != NULL ? run->priv : NULL;

  while (g_queue_is_empty (&self->outbox) && run != NULL && priv->phase == RUN_COPYING)
    {
      if (priv->held_callback != NULL)
        run_release (run);
      else if (priv->start_pending)
        {
          priv->start_pending = FALSE;
          ll_copy_callbacks_start (run);
        }
      else if (priv->task != NULL && ll_co_get_wait (priv->task) == LL_CO_WAIT_READY &&
               ll_scheduler_get_current (priv->scheduler) == NULL)
        ll_scheduler_step_co (priv->scheduler, priv->task);
      else
        break;
    }

  if (model_emit_next (self))
    return TRUE;

  if (run != NULL && priv->phase <= RUN_COPYING)
    self->steps_owed++;

  return FALSE;
}

/* The run can move again: takes the steps it owes, one message each,
 * until it has to wait again. */
static void
model_pay_steps (LlCopyModel *self)
{
  g_autoptr(LlCopyModel) keep = g_object_ref (self);

  while (self->steps_owed > 0)
    {
      self->steps_owed--;
      if (!model_advance (self))
        break;
    }
}

/* Shows at once every event the steps held back, and lets the run go
 * on by itself. */
static void
model_flush (LlCopyModel *self)
{
  g_autoptr(LlCopyModel) keep = g_object_ref (self);
  LlCopyRun *run = self->run;

  self->steps_owed = 0;
  while (model_emit_next (self))
    ;

  if (run == NULL || run_stepping (run))
    return;

  if (run->priv->held_callback != NULL)
    run_release (run);
  if (run->priv->start_pending)
    {
      run->priv->start_pending = FALSE;
      ll_copy_callbacks_start (run);
    }
  run_drive_task (run);
}

static void
model_clear_outbox (LlCopyModel *self)
{
  g_queue_clear_full (&self->outbox, (GDestroyNotify) ll_copy_event_free);
  self->steps_owed = 0;
}

/* The run ended: once its last event is shown, the model says so. */
static void
model_run_over (LlCopyModel *self)
{
  g_autoptr(LlCopyRun) run = NULL;
  LlCopyRunPrivate *priv;

  self->run_over = TRUE;
  if (!g_queue_is_empty (&self->outbox) || self->run == NULL)
    return;

  run = g_steal_pointer (&self->run);
  priv = run->priv;
  priv->model = NULL;
  self->run_over = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  g_free (self->source_checksum);
  self->source_checksum = g_strdup (priv->source_digest);
  g_free (self->copy_checksum);
  self->copy_checksum = g_strdup (priv->copy_digest);
  g_clear_error (&self->error);
  self->error = priv->error != NULL ? g_error_copy (priv->error) : NULL;
  self->duration = priv->end_time - self->start_time;
  self->copy_removed = priv->removed;
  self->chunks_in_flight = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_CHECKSUM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY_CHECKSUM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNKS_IN_FLIGHT]);

  ll_sim_model_set_source_line (LL_SIM_MODEL (self), 0);
  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Lets the run go on alone: it ends as soon as it can and deletes the
 * partial copy, touching nothing of the model. */
static void
model_drop_run (LlCopyModel *self)
{
  g_autoptr(LlCopyRun) run = g_steal_pointer (&self->run);

  model_clear_outbox (self);
  self->run_over = FALSE;
  if (run == NULL)
    return;

  run->priv->model = NULL;
  run_cancel (run);
}

static void
on_step_mode_changed (LlScheduler *scheduler,
                      GParamSpec  *pspec,
                      LlCopyModel *self)
{
  if (!ll_scheduler_get_step_mode (scheduler))
    model_flush (self);
}

/* GObject */

static gboolean
ll_copy_model_step (LlSimModel *model)
{
  LlCopyModel *self = LL_COPY_MODEL (model);

  if (model_emit_next (self))
    return TRUE;

  if (self->run == NULL || self->run->priv->phase > RUN_COPYING)
    return FALSE;

  model_advance (self);

  return TRUE;
}

static void
ll_copy_model_stop (LlSimModel *model)
{
  model_drop_run (LL_COPY_MODEL (model));
}

static void
ll_copy_model_constructed (GObject *object)
{
  LlCopyModel *self = LL_COPY_MODEL (object);

  G_OBJECT_CLASS (ll_copy_model_parent_class)->constructed (object);

  g_signal_connect_object (ll_sim_model_get_scheduler (LL_SIM_MODEL (self)), "notify::step-mode",
                           G_CALLBACK (on_step_mode_changed), self, 0);
}

static void
ll_copy_model_dispose (GObject *object)
{
  LlCopyModel *self = LL_COPY_MODEL (object);

  model_drop_run (self);
  g_clear_object (&self->source);
  g_clear_object (&self->destination);

  G_OBJECT_CLASS (ll_copy_model_parent_class)->dispose (object);
}

static void
ll_copy_model_finalize (GObject *object)
{
  LlCopyModel *self = LL_COPY_MODEL (object);

  g_free (self->source_checksum);
  g_free (self->copy_checksum);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ll_copy_model_parent_class)->finalize (object);
}

static void
ll_copy_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LlCopyModel *self = LL_COPY_MODEL (object);

  switch (prop_id)
    {
    case PROP_STYLE:
      g_value_set_enum (value, self->style);
      break;

    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;

    case PROP_KEEP_COPY:
      g_value_set_boolean (value, self->keep_copy);
      break;

    case PROP_VERIFY:
      g_value_set_boolean (value, self->verify);
      break;

    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_DESTINATION:
      g_value_set_object (value, self->destination);
      break;

    case PROP_TOTAL_SIZE:
      g_value_set_uint64 (value, self->total_size);
      break;

    case PROP_BYTES_COPIED:
      g_value_set_uint64 (value, self->bytes_copied);
      break;

    case PROP_N_CHUNKS:
      g_value_set_uint (value, self->n_chunks);
      break;

    case PROP_CHUNKS_IN_FLIGHT:
      g_value_set_uint (value, self->chunks_in_flight);
      break;

    case PROP_SOURCE_CHECKSUM:
      g_value_set_string (value, self->source_checksum);
      break;

    case PROP_COPY_CHECKSUM:
      g_value_set_string (value, self->copy_checksum);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_copy_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LlCopyModel *self = LL_COPY_MODEL (object);

  switch (prop_id)
    {
    case PROP_STYLE:
      ll_copy_model_set_style (self, g_value_get_enum (value));
      break;

    case PROP_CHUNK_SIZE:
      ll_copy_model_set_chunk_size (self, g_value_get_uint (value));
      break;

    case PROP_KEEP_COPY:
      ll_copy_model_set_keep_copy (self, g_value_get_boolean (value));
      break;

    case PROP_VERIFY:
      ll_copy_model_set_verify (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_copy_model_class_init (LlCopyModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->constructed = ll_copy_model_constructed;
  object_class->dispose = ll_copy_model_dispose;
  object_class->finalize = ll_copy_model_finalize;
  object_class->get_property = ll_copy_model_get_property;
  object_class->set_property = ll_copy_model_set_property;
  sim_class->stop = ll_copy_model_stop;
  sim_class->step = ll_copy_model_step;

  /**
   * LlCopyModel:style:
   *
   * How the copy is written; the next run takes it.
   */
  properties[PROP_STYLE] =
    g_param_spec_enum ("style", NULL, NULL,
                       LL_TYPE_COPY_STYLE, LL_COPY_STYLE_CALLBACKS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:chunk-size:
   *
   * Bytes per read; the next run takes it.
   */
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL,
                       LL_COPY_MIN_CHUNK, LL_COPY_MAX_CHUNK, LL_COPY_DEFAULT_CHUNK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:keep-copy:
   *
   * Whether a complete copy stays where it was written; if not, it is
   * deleted once its checksum is known (for a copy into the cache that
   * only shows the copying).  The next run takes it.
   */
  properties[PROP_KEEP_COPY] =
    g_param_spec_boolean ("keep-copy", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:verify:
   *
   * Whether a complete copy is read back, with its source, for their
   * SHA-256 sums, before it is kept or deleted; the next run takes it.
   * The copy's duration leaves the reading back out.
   */
  properties[PROP_VERIFY] =
    g_param_spec_boolean ("verify", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:source:
   *
   * The file the last run copies.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:destination:
   *
   * Where the last run copies to.
   */
  properties[PROP_DESTINATION] =
    g_param_spec_object ("destination", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:total-size:
   *
   * The source's size when the run opened it; 0 until then.
   */
  properties[PROP_TOTAL_SIZE] =
    g_param_spec_uint64 ("total-size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:bytes-copied:
   *
   * The bytes written so far, as the events shown tell it.
   */
  properties[PROP_BYTES_COPIED] =
    g_param_spec_uint64 ("bytes-copied", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:n-chunks:
   *
   * The chunks read and written in full so far.
   */
  properties[PROP_N_CHUNKS] = ll_sim_model_param_counter ("n-chunks");

  /**
   * LlCopyModel:chunks-in-flight:
   *
   * Calls requested whose completion has not been shown yet.
   */
  properties[PROP_CHUNKS_IN_FLIGHT] = ll_sim_model_param_counter ("chunks-in-flight");

  /**
   * LlCopyModel:source-checksum:
   *
   * SHA-256 of the bytes read, in hexadecimal, once a run has copied
   * them all; %NULL before, and after a failed run.
   */
  properties[PROP_SOURCE_CHECKSUM] =
    g_param_spec_string ("source-checksum", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:copy-checksum:
   *
   * SHA-256 of the bytes written, as #LlCopyModel:source-checksum.
   */
  properties[PROP_COPY_CHECKSUM] =
    g_param_spec_string ("copy-checksum", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlCopyModel:error:
   *
   * Why the last run failed, or was cancelled; %NULL if it succeeded,
   * and while a run is under way.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlCopyModel::event:
   * @self: the model
   * @event: the message, valid during the emission
   *
   * Emitted for each message as it is shown: at once at full speed, one
   * per step in step mode.  #LlSimModel::line follows with its text.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  LL_TYPE_COPY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ll_copy_model_init (LlCopyModel *self)
{
  g_queue_init (&self->outbox);
  self->style = LL_COPY_STYLE_CALLBACKS;
  self->chunk_size = LL_COPY_DEFAULT_CHUNK;
  self->keep_copy = TRUE;
  self->verify = TRUE;
}

/* Public API */

/**
 * ll_copy_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a copy of @event
 */
LlCopyEvent *
ll_copy_event_copy (const LlCopyEvent *event)
{
  LlCopyEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->error = event->error != NULL ? g_error_copy (event->error) : NULL;

  return copy;
}

/**
 * ll_copy_event_free:
 * @event: an event from ll_copy_event_copy()
 *
 * Frees @event.
 */
void
ll_copy_event_free (LlCopyEvent *event)
{
  if (event == NULL)
    return;

  g_clear_error (&event->error);
  g_free (event);
}

/**
 * ll_copy_event_to_string:
 * @event: an event
 *
 * The line `looplab-cli run gio-chain --trace` prints for @event, the
 * same in every locale: `request read #3 1048576`, `complete read #3
 * 1048576`, `finish read #3 1048576`, `resume #3 1048576`, `request
 * write #3`, and so on; a failed finish says `finish write #3 failed:`
 * and why.
 *
 * Returns: (transfer full): the line, without its newline
 */
char *
ll_copy_event_to_string (const LlCopyEvent *event)
{
  const char *direction;

  g_return_val_if_fail (event != NULL, NULL);

  direction = event->direction == LL_COPY_READ ? "read" : "write";

  switch (event->kind)
    {
    case LL_COPY_EVENT_REQUEST:
      if (event->direction == LL_COPY_READ)
        return g_strdup_printf ("request read #%u %" G_GINT64_FORMAT, event->chunk, event->bytes);
      return g_strdup_printf ("request write #%u", event->chunk);

    case LL_COPY_EVENT_COMPLETE:
      if (event->bytes < 0)
        return g_strdup_printf ("complete %s #%u", direction, event->chunk);
      return g_strdup_printf ("complete %s #%u %" G_GINT64_FORMAT, direction, event->chunk, event->bytes);

    case LL_COPY_EVENT_FINISH:
      if (event->bytes < 0)
        return g_strdup_printf ("finish %s #%u failed: %s", direction, event->chunk,
                                event->error != NULL ? event->error->message : "");
      return g_strdup_printf ("finish %s #%u %" G_GINT64_FORMAT, direction, event->chunk, event->bytes);

    case LL_COPY_EVENT_RESUME:
    default:
      return g_strdup_printf ("resume #%u %" G_GINT64_FORMAT, event->chunk, event->bytes);
    }
}

/**
 * ll_copy_style_to_string:
 * @style: a style
 *
 * Returns: the style's nick, "callbacks" or "coroutine", as
 *   `--style` takes it
 */
const char *
ll_copy_style_to_string (LlCopyStyle style)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LL_TYPE_COPY_STYLE);
  GEnumValue *value = g_enum_get_value (klass, style);

  return value != NULL ? value->value_nick : "unknown";
}

/**
 * ll_copy_style_get_source:
 * @style: a style
 *
 * Returns: the file the copy in @style is written in, as the source
 *   tree (and the Source tab) names it: "app/io/ll-copy-callbacks.c"
 */
const char *
ll_copy_style_get_source (LlCopyStyle style)
{
  g_return_val_if_fail (style <= LL_COPY_STYLE_COROUTINE, NULL);

  return style_sources[style];
}

/**
 * ll_copy_default_destination:
 * @source: a file to copy
 *
 * Where the window and `looplab-cli run gio-chain` put a copy the user
 * did not place: `copy-of-NAME` in Loop Lab's folder of the user's
 * cache directory.
 *
 * Returns: (transfer full): the destination
 */
GFile *
ll_copy_default_destination (GFile *source)
{
  g_autofree char *name = NULL;
  g_autofree char *copy_name = NULL;

  g_return_val_if_fail (G_IS_FILE (source), NULL);

  name = g_file_get_basename (source);
  copy_name = g_strconcat ("copy-of-", name, NULL);

  return g_file_new_build_filename (g_get_user_cache_dir (), "looplab", copy_name, NULL);
}

/**
 * ll_copy_model_new:
 * @scheduler: the scheduler to run on; its context is where the
 *   callbacks run, and must be the thread-default one when a run starts
 *
 * Returns: (transfer full): a new model, not started
 */
LlCopyModel *
ll_copy_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_COPY_MODEL, "scheduler", scheduler, NULL);
}

LlCopyStyle
ll_copy_model_get_style (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), LL_COPY_STYLE_CALLBACKS);

  return self->style;
}

/**
 * ll_copy_model_set_style:
 * @self: a model
 * @style: how the next run's copy is written
 */
void
ll_copy_model_set_style (LlCopyModel *self,
                         LlCopyStyle  style)
{
  g_return_if_fail (LL_IS_COPY_MODEL (self));
  g_return_if_fail (style <= LL_COPY_STYLE_COROUTINE);

  if (self->style == style)
    return;

  self->style = style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

guint
ll_copy_model_get_chunk_size (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->chunk_size;
}

/**
 * ll_copy_model_set_chunk_size:
 * @self: a model
 * @chunk_size: bytes per read, %LL_COPY_MIN_CHUNK to %LL_COPY_MAX_CHUNK
 */
void
ll_copy_model_set_chunk_size (LlCopyModel *self,
                              guint        chunk_size)
{
  g_return_if_fail (LL_IS_COPY_MODEL (self));
  g_return_if_fail (chunk_size >= LL_COPY_MIN_CHUNK && chunk_size <= LL_COPY_MAX_CHUNK);

  if (self->chunk_size == chunk_size)
    return;

  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

gboolean
ll_copy_model_get_keep_copy (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), TRUE);

  return self->keep_copy;
}

/**
 * ll_copy_model_set_keep_copy:
 * @self: a model
 * @keep_copy: whether the next run's copy stays (%TRUE, the default),
 *   or is deleted once it is complete and its checksum known
 */
void
ll_copy_model_set_keep_copy (LlCopyModel *self,
                             gboolean     keep_copy)
{
  g_return_if_fail (LL_IS_COPY_MODEL (self));

  keep_copy = !!keep_copy;
  if (self->keep_copy == keep_copy)
    return;

  self->keep_copy = keep_copy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_COPY]);
}

gboolean
ll_copy_model_get_verify (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), TRUE);

  return self->verify;
}

/**
 * ll_copy_model_set_verify:
 * @self: a model
 * @verify: whether the next run reads the files back for their sums
 *   (%TRUE, the default); without, the checksums stay %NULL
 */
void
ll_copy_model_set_verify (LlCopyModel *self,
                          gboolean     verify)
{
  g_return_if_fail (LL_IS_COPY_MODEL (self));

  verify = !!verify;
  if (self->verify == verify)
    return;

  self->verify = verify;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY]);
}

/**
 * ll_copy_model_start:
 * @self: a model
 * @source: the file to copy
 * @destination: where to copy it: a regular file, created or replaced
 *   once the copy is complete, or a character device written in place
 *
 * Starts a run afresh; one under way is dropped (its partial copy is
 * deleted).  The run opens both files in a worker thread, then copies
 * in the model's style; #LlSimModel:running goes back to %FALSE when it
 * is over, with #LlCopyModel:error set if it failed.  In step mode
 * nothing is read before the first ll_sim_model_step().
 */
void
ll_copy_model_start (LlCopyModel *self,
                     GFile       *source,
                     GFile       *destination)
{
  LlScheduler *scheduler;

  g_return_if_fail (LL_IS_COPY_MODEL (self));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (G_IS_FILE (destination));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  ll_sim_model_stop (LL_SIM_MODEL (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  if (g_set_object (&self->destination, destination))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);

  self->total_size = 0;
  self->bytes_read = 0;
  self->bytes_copied = 0;
  self->n_chunks = 0;
  self->chunks_in_flight = 0;
  g_clear_pointer (&self->source_checksum, g_free);
  g_clear_pointer (&self->copy_checksum, g_free);
  g_clear_error (&self->error);
  self->duration = 0;
  self->copy_removed = FALSE;
  for (guint i = PROP_TOTAL_SIZE; i <= PROP_ERROR; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);

  self->start_time = ll_scheduler_get_time (scheduler);
  self->run = run_new (self, source, destination);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);

  g_object_thaw_notify (G_OBJECT (self));

  run_start (self->run);
}

/**
 * ll_copy_model_cancel:
 * @self: a model
 *
 * Cancels the run under way, if any, through its #GCancellable: the
 * call under way fails, the partial copy is deleted, and the run ends
 * with %G_IO_ERROR_CANCELLED in #LlCopyModel:error, whose message says
 * how much had been copied.  In step mode the messages held back are
 * shown at once.
 */
void
ll_copy_model_cancel (LlCopyModel *self)
{
  g_autoptr(LlCopyModel) keep = NULL;

  g_return_if_fail (LL_IS_COPY_MODEL (self));

  if (self->run == NULL)
    return;

  keep = g_object_ref (self);
  self->steps_owed = 0;
  while (model_emit_next (self))
    ;
  if (self->run != NULL)
    run_cancel (self->run);
}

/**
 * ll_copy_model_get_source:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the file the last run copies
 */
GFile *
ll_copy_model_get_source (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), NULL);

  return self->source;
}

/**
 * ll_copy_model_get_destination:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): where the last run copies to
 */
GFile *
ll_copy_model_get_destination (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), NULL);

  return self->destination;
}

guint64
ll_copy_model_get_total_size (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->total_size;
}

guint64
ll_copy_model_get_bytes_copied (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->bytes_copied;
}

guint
ll_copy_model_get_n_chunks (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->n_chunks;
}

guint
ll_copy_model_get_chunks_in_flight (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->chunks_in_flight;
}

/**
 * ll_copy_model_get_source_checksum:
 * @self: a model
 *
 * Returns: (nullable): SHA-256 of the bytes the last run read, in
 *   hexadecimal, if it succeeded
 */
const char *
ll_copy_model_get_source_checksum (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), NULL);

  return self->source_checksum;
}

/**
 * ll_copy_model_get_copy_checksum:
 * @self: a model
 *
 * Returns: (nullable): SHA-256 of the bytes the last run wrote, in
 *   hexadecimal, if it succeeded
 */
const char *
ll_copy_model_get_copy_checksum (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), NULL);

  return self->copy_checksum;
}

/**
 * ll_copy_model_get_identical:
 * @self: a model
 *
 * Returns: whether the last run succeeded and wrote exactly the bytes
 *   it read, in the same order: the two checksums are equal
 */
gboolean
ll_copy_model_get_identical (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), FALSE);

  return self->error == NULL && self->source_checksum != NULL && self->copy_checksum != NULL &&
         g_str_equal (self->source_checksum, self->copy_checksum);
}

/**
 * ll_copy_model_get_error:
 * @self: a model
 *
 * Returns: (nullable): why the last run failed, or was cancelled
 */
const GError *
ll_copy_model_get_error (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), NULL);

  return self->error;
}

/**
 * ll_copy_model_get_duration:
 * @self: a model
 *
 * Returns: how long the last run took, from its start to its last
 *   file closed, on the scheduler's clock, in microseconds; 0 while it
 *   is under way
 */
gint64
ll_copy_model_get_duration (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), 0);

  return self->duration;
}

/**
 * ll_copy_model_get_copy_removed:
 * @self: a model
 *
 * Returns: whether the last run deleted its complete copy, as
 *   #LlCopyModel:keep-copy asked
 */
gboolean
ll_copy_model_get_copy_removed (LlCopyModel *self)
{
  g_return_val_if_fail (LL_IS_COPY_MODEL (self), FALSE);

  return self->copy_removed;
}

/**
 * ll_copy_model_count_live_runs:
 *
 * For tests: how many runs are alive in the process, those whose model
 * went away in the middle included (they end by themselves once their
 * call under way returns to the loop).
 *
 * Returns: the count
 */
guint
ll_copy_model_count_live_runs (void)
{
  return (guint) g_atomic_int_get (&n_live_runs);
}
