/* ll-copy-coroutine.c: the copy, written as a coroutine
 *
 * The same calls as ll-copy-callbacks.c, in the same order, as one loop
 * that reads top to bottom:
 *
 *   while copied < total:
 *       n = await read (buffer, min (chunk, total - copied))
 *       await write (buffer, n)
 *       copied += n
 *
 * At each LL_CO_AWAIT the coroutine starts the call and returns to the
 * loop, which goes on with its other work while a worker thread reads or
 * writes.  When the call is done, its completion comes back to the loop
 * and runs the ready callback, ll_copy_wake(), which queues the
 * coroutine; the scheduler resumes it on the line after the await,
 * where _finish takes the count out of the result.  What the copy knows
 * survives the returns to the loop because it lives in the frame, not in
 * C locals.
 *
 * The ll_copy_*() calls are for the window, not for the copy: they say
 * which message just happened, and at which line.  ll_copy_wake()
 * reports the completion (in step mode it keeps it until the Step
 * button), then hands it to ll_co_async_ready(), the ready callback
 * every other await uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-copy-model"

#include "config.h"

#include "ll-copy-model-private.h"

typedef struct
{
  LlCo       co;
  LlCopyRun *run;       /* the open files, the buffer */
  guint64    copied;    /* bytes read and written so far */
  gsize      length;    /* bytes of the current chunk in the buffer */
  gsize      written;   /* how many of those are written */
  gssize     n;         /* what the last call returned */
} CopyFrame;

static LlCoStatus
copy_run (LlCo *co)
{
  CopyFrame *f = (CopyFrame *) co;
  LlCopyRun *run = f->run;
  g_autoptr(GError) error = NULL;

  LL_CO_BEGIN (co);

  while (f->copied < run->total)
    {
      f->length = (gsize) MIN ((guint64) run->chunk_size, run->total - f->copied);
      ll_copy_report_request (run, LL_COPY_READ, f->length, __LINE__ + 1);
      LL_CO_AWAIT (co, g_input_stream_read_async (run->in, run->buffer, f->length,
                                                  G_PRIORITY_DEFAULT, ll_co_get_cancellable (co),
                                                  ll_copy_wake, run));
      f->n = g_input_stream_read_finish (run->in, LL_CO_RESULT (co), &error);
      ll_copy_report_finish (run, LL_COPY_READ, f->n, error, __LINE__ - 1);
      if (f->n < 0)
        return ll_co_fail (co, g_steal_pointer (&error));
      if (f->n == 0)   /* the end, before the size the file had when opened */
        return ll_co_fail (co, ll_copy_run_shrank (run, f->copied));

      ll_copy_report_resume (run, LL_COPY_READ, f->n, __LINE__ + 1);
      f->length = f->n;

      /* A write may take less than the whole chunk: go round for the rest. */
      for (f->written = 0; f->written < f->length; f->written += f->n)
        {
          ll_copy_report_request (run, LL_COPY_WRITE, f->length - f->written, __LINE__ + 1);
          LL_CO_AWAIT (co, g_output_stream_write_async (run->out, run->buffer + f->written,
                                                        f->length - f->written,
                                                        G_PRIORITY_DEFAULT, ll_co_get_cancellable (co),
                                                        ll_copy_wake, run));
          f->n = g_output_stream_write_finish (run->out, LL_CO_RESULT (co), &error);
          ll_copy_report_finish (run, LL_COPY_WRITE, f->n, error, __LINE__ - 1);
          if (f->n < 0)
            return ll_co_fail (co, g_steal_pointer (&error));

          ll_copy_report_resume (run, LL_COPY_WRITE, f->n, __LINE__ + 1);
        }

      f->copied += f->length;
    }

  LL_CO_END (co);
}

static void
copy_cleanup (LlCo *co)
{
  CopyFrame *f = (CopyFrame *) co;
  const GError *error = ll_co_get_error (co);

  /* Runs once, however the coroutine ended: returned, failed, cancelled
   * at an await, or dropped unfinished with its scheduler. */
  if (error != NULL)
    ll_copy_run_done (f->run, g_error_copy (error));
  else if (ll_co_get_state (co) != LL_CO_STATE_FINISHED)
    ll_copy_run_done (f->run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "dropped"));
  else
    ll_copy_run_done (f->run, NULL);
  g_clear_pointer (&f->run, ll_copy_run_unref);
}

/**
 * ll_copy_coroutine_new:
 * @run: a run with both files open
 *
 * The copy as a coroutine, for the model to spawn.  It ends the run
 * with ll_copy_run_done() when it finishes, however it finishes.
 *
 * Returns: (transfer full): the coroutine, never run
 */
LlCo *
ll_copy_coroutine_new (LlCopyRun *run)
{
  CopyFrame *f = ll_co_new (CopyFrame, copy_run, copy_cleanup);

  f->run = ll_copy_run_ref (run);
  ll_co_set_name (&f->co, "copy");

  return &f->co;
}
