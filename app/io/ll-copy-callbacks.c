/* ll-copy-callbacks.c: the copy, written as a chain of GAsyncReadyCallbacks
 *
 * GIO's own style, and GTK's.  A call that would wait takes a callback
 * and returns at once: read_chunk() asks for a chunk and returns to the
 * loop, which goes on with its other work while a worker thread reads.
 * When the bytes are in, the completion comes back to the loop, which
 * calls on_read(); that takes the count out with _finish and asks for
 * the write, and so on, callback after callback, until the last chunk.
 *
 * Each wait ends a function, so nothing the copy knows can live in a
 * local variable: it lives in the CopyChain that every callback is
 * handed.  (ll-copy-coroutine.c is the same copy as one loop.)
 *
 * The ll_copy_*() calls are for the window, not for the copy: they say
 * which message just happened, and at which line; in step mode,
 * ll_copy_hold() keeps a completion until the Step button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-copy-model"

#include "config.h"

#include "ll-copy-model-private.h"

typedef struct
{
  LlCopyRun *run;       /* the open files, the buffer */
  guint64    copied;    /* bytes read and written so far */
  gsize      length;    /* bytes of the current chunk in the buffer */
  gsize      written;   /* how many of those are written */
} CopyChain;

static void on_read     (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data);
static void write_chunk (CopyChain    *chain);
static void on_written  (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* The last callback of the chain hands the run back. */
static void
chain_end (CopyChain *chain,
           GError    *error)
{
  ll_copy_run_done (chain->run, error);
  ll_copy_run_unref (chain->run);
  g_free (chain);
}

/* Asks for the next chunk; returns at once, to the loop. */
static void
read_chunk (CopyChain *chain)
{
  LlCopyRun *run = chain->run;
  gsize size = (gsize) MIN ((guint64) run->chunk_size, run->total - chain->copied);

  ll_copy_report_request (run, LL_COPY_READ, size, __LINE__ + 1);
  g_input_stream_read_async (run->in, run->buffer, size,
                             G_PRIORITY_DEFAULT, run->cancellable, on_read, chain);
}

/* The read's completion, back on the loop. */
static void
on_read (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CopyChain *chain = user_data;
  LlCopyRun *run = chain->run;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (ll_copy_hold (run, on_read, source_object, result, chain, __LINE__))
    return;

  n = g_input_stream_read_finish (run->in, result, &error);
  ll_copy_report_finish (run, LL_COPY_READ, n, error, __LINE__ - 1);
  if (n < 0)
    {
      chain_end (chain, g_steal_pointer (&error));
      return;
    }
  if (n == 0)   /* the end, before the size the file had when opened */
    {
      chain_end (chain, ll_copy_run_shrank (run, chain->copied));
      return;
    }

  chain->length = n;
  chain->written = 0;

  ll_copy_report_resume (run, LL_COPY_READ, n, __LINE__ + 1);
  write_chunk (chain);
}

/* Asks for the chunk, or what is left of it, to be written. */
static void
write_chunk (CopyChain *chain)
{
  LlCopyRun *run = chain->run;
  gsize size = chain->length - chain->written;

  ll_copy_report_request (run, LL_COPY_WRITE, size, __LINE__ + 1);
  g_output_stream_write_async (run->out, run->buffer + chain->written, size,
                               G_PRIORITY_DEFAULT, run->cancellable, on_written, chain);
}

/* The write's completion, back on the loop. */
static void
on_written (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CopyChain *chain = user_data;
  LlCopyRun *run = chain->run;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (ll_copy_hold (run, on_written, source_object, result, chain, __LINE__))
    return;

  n = g_output_stream_write_finish (run->out, result, &error);
  ll_copy_report_finish (run, LL_COPY_WRITE, n, error, __LINE__ - 1);
  if (n < 0)
    {
      chain_end (chain, g_steal_pointer (&error));
      return;
    }

  chain->written += n;
  if (chain->written == chain->length)
    chain->copied += chain->length;

  ll_copy_report_resume (run, LL_COPY_WRITE, n, __LINE__ + 1);
  if (chain->written < chain->length)
    write_chunk (chain);   /* a short write: the rest of the chunk */
  else if (chain->copied < run->total)
    read_chunk (chain);
  else
    chain_end (chain, NULL);
}

/**
 * ll_copy_callbacks_start:
 * @run: a run with both files open
 *
 * Starts the chain: the first read.  The chain ends the run with
 * ll_copy_run_done().
 */
void
ll_copy_callbacks_start (LlCopyRun *run)
{
  CopyChain *chain = g_new0 (CopyChain, 1);

  chain->run = ll_copy_run_ref (run);
  if (run->total == 0)
    chain_end (chain, NULL);
  else
    read_chunk (chain);
}
