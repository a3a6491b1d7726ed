/* ll-pipeline-stages.c: the stages of the "pipeline" demo
 *
 * The notes build a pipeline out of generators: a source that pushes
 * each line of a log with send(), filters that pass some of them on,
 * sinks at the end.  The same four stages here:
 *
 *   follow (log, target)      a task: reads the log as it grows, sends lines
 *   grep (pattern, target)    a generator: sends on the lines with @pattern
 *   broadcast (targets)       a generator: sends every line to each target
 *                             (ll_pipe_broadcast_new(): the sax-bus chain's too)
 *   printer ()                a generator: prints what reaches it
 *
 * A send runs the target at once, on this stack: a line goes all the way
 * down the chain before follow() reads the next.  Each cleanup closes the
 * stage's targets (the notes' `except GeneratorExit: target.close()`),
 * so closing follow() closes the chain, in order.  A filter that catches
 * an error thrown into it throws it on to its targets: a throw at the
 * head reaches the sink.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipeline-stages"

#include "config.h"

#include <string.h>

#include "ll-pipeline-stages.h"

/* tail -f sleeps a second at the end of the file; a tenth of that keeps
 * the graph lively at a line a second and costs nothing. */
#define FOLLOW_POLL_MS 100

/* One read: about 800 lines of the log.  Large enough that following
 * 100 000 lines a second takes about 125 reads, small enough that the
 * lines of one read go down the chain in a fraction of a frame. */
#define FOLLOW_CHUNK (64 * 1024)

/* follow(): a task, the source */

typedef struct
{
  LlPipeStage       stage;
  GFile            *file;
  LlFollowControl   control;
  GFileInputStream *in;
  GString          *line;        /* the line being put together */
  gboolean          last_read;   /* the log was complete before this read */
  gssize            n;
  gsize             cursor;
  char              buf[FOLLOW_CHUNK];
} FollowFrame;

/* A log that shrank under us was rotated: start again from its top, as
 * `tail -F` does. */
static void
follow_check_rotated (FollowFrame *f,
                      GFileInfo   *info)
{
  if (g_file_info_get_size (info) >= f->control.read_offset)
    return;

  if (g_seekable_seek (G_SEEKABLE (f->in), 0, G_SEEK_SET, NULL, NULL))
    {
      f->control.read_offset = 0;
      g_string_truncate (f->line, 0);
    }
}

static LlCoStatus
follow_run (LlCo *co)
{
  FollowFrame *f = (FollowFrame *) co;
  GError *error = NULL;
  GFileInfo *info;
  const char *newline;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (f->file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return ll_co_fail (co, error);

  for (;;)
    {
      /* Once the writer is done, a read that finds nothing is the end;
       * before, it only means the log has not grown yet. */
      f->last_read = f->control.writer_done;
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return ll_co_fail (co, error);

      if (f->n == 0)
        {
          if (f->last_read)
            break;

          LL_CO_AWAIT_ASYNC (co, g_file_input_stream_query_info_async,
                             f->in, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_PRIORITY_DEFAULT);
          info = g_file_input_stream_query_info_finish (f->in, LL_CO_RESULT (co), &error);
          if (info == NULL)
            return ll_co_fail (co, error);
          follow_check_rotated (f, info);
          g_object_unref (info);

          LL_CO_SLEEP (co, FOLLOW_POLL_MS);
          continue;
        }

      f->control.read_offset += f->n;
      for (f->cursor = 0; f->cursor < (gsize) f->n;)
        {
          newline = memchr (f->buf + f->cursor, '\n', f->n - f->cursor);
          if (newline == NULL)
            {
              g_string_append_len (f->line, f->buf + f->cursor, f->n - f->cursor);
              break;
            }
          g_string_append_len (f->line, f->buf + f->cursor, newline - (f->buf + f->cursor));
          f->cursor = newline - f->buf + 1;

          /* A debugger's Step: paused, wait here for it, before each
           * send.  Only the sends wait; the reads go on. */
          if (f->control.gate != NULL && !ll_step_gate_get_open (f->control.gate))
            {
              LL_CO_AWAIT_ASYNC (co, ll_step_gate_wait_async, f->control.gate);
              if (!ll_step_gate_wait_finish (f->control.gate, LL_CO_RESULT (co), &error))
                return ll_co_fail (co, error);
            }

          /* target.send(line) */
          if (f->stage.pipe != NULL && f->control.in_edge != LL_PIPE_NO_NODE)
            ll_pipe_count (f->stage.pipe, f->control.in_edge, 1);
          if (!ll_pipe_stage_send (&f->stage, 0, f->line->str, &error))
            return ll_co_fail (co, error);
          f->control.n_lines++;
          g_string_truncate (f->line, 0);
        }
    }

  LL_CO_END (co);
}

static void
follow_cleanup (LlCo *co)
{
  FollowFrame *f = (FollowFrame *) co;

  g_clear_object (&f->in);
  g_clear_object (&f->file);
  g_clear_object (&f->control.gate);
  if (f->line != NULL)
    g_string_free (g_steal_pointer (&f->line), TRUE);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_pipeline_follow_new:
 * @file: the log to follow
 *
 * Returns: (transfer full): a follow() task, to add to a pipe as its
 *   source, connect to one target and spawn
 */
LlCo *
ll_pipeline_follow_new (GFile *file)
{
  FollowFrame *f = ll_pipe_stage_new (FollowFrame, follow_run, follow_cleanup);

  f->file = g_object_ref (file);
  f->control.in_edge = LL_PIPE_NO_NODE;
  f->line = g_string_new (NULL);

  return &f->stage.co;
}

/**
 * ll_pipeline_follow_get_control:
 * @follow: a follow() task
 *
 * Returns: (transfer none): what its owner and it share, valid as long
 *   as the owner holds a reference to @follow
 */
LlFollowControl *
ll_pipeline_follow_get_control (LlCo *follow)
{
  return &((FollowFrame *) follow)->control;
}

/* grep(): a generator, a filter */

typedef struct
{
  LlPipeStage  stage;
  char        *pattern;
  GError      *caught;
  const char  *line;
} GrepFrame;

static LlCoStatus
grep_run (LlCo *co)
{
  GrepFrame *f = (GrepFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* line = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          /* except Exception as e: target.throw(e) */
          ll_pipe_stage_throw (&f->stage, 0, g_steal_pointer (&f->caught));
          continue;
        }
      f->line = co->value;

      /* if pattern in line: target.send(line) */
      if (strstr (f->line, f->pattern) != NULL &&
          !ll_pipe_stage_send (&f->stage, 0, (gpointer) f->line, &error))
        return ll_co_fail (co, error);
    }

  LL_CO_END (co);
}

static void
grep_cleanup (LlCo *co)
{
  GrepFrame *f = (GrepFrame *) co;

  g_clear_pointer (&f->pattern, g_free);
  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_pipeline_grep_new:
 * @pattern: what a line must contain to pass (a plain string, as Python's
 *   `pattern in line` and `grep -F`)
 *
 * Returns: (transfer full): a grep() filter, to add to a pipe and
 *   connect to one target
 */
LlCo *
ll_pipeline_grep_new (const char *pattern)
{
  GrepFrame *f = ll_pipe_stage_new (GrepFrame, grep_run, grep_cleanup);

  f->pattern = g_strdup (pattern);

  return &f->stage.co;
}

/**
 * ll_pipeline_grep_set_pattern:
 * @grep: a grep() filter
 * @pattern: its new pattern, for the lines sent from now on
 */
void
ll_pipeline_grep_set_pattern (LlCo       *grep,
                              const char *pattern)
{
  GrepFrame *f = (GrepFrame *) grep;

  g_return_if_fail (pattern != NULL);

  g_free (f->pattern);
  f->pattern = g_strdup (pattern);
}

const char *
ll_pipeline_grep_get_pattern (LlCo *grep)
{
  return ((GrepFrame *) grep)->pattern;
}

/* printer(): a generator, the sink */

typedef struct
{
  LlPipeStage          stage;
  LlPrinterFunc        print;
  LlPrinterCaughtFunc  on_caught;
  gpointer             user_data;
  GError              *caught;
} PrinterFrame;

static LlCoStatus
printer_run (LlCo *co)
{
  PrinterFrame *f = (PrinterFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* line = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          /* The end of the line for an error thrown in at the head. */
          if (f->on_caught != NULL)
            f->on_caught (f->caught, f->user_data);
          g_clear_error (&f->caught);
          continue;
        }

      /* print(line) */
      f->print (co->value, f->user_data);
    }

  LL_CO_END (co);
}

static void
printer_cleanup (LlCo *co)
{
  PrinterFrame *f = (PrinterFrame *) co;

  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_pipeline_printer_new:
 * @print: what to do with each line
 * @caught: (nullable): what to do with an error thrown in at the head
 * @user_data: for both
 *
 * Returns: (transfer full): a printer(), to add to a pipe as a sink
 */
LlCo *
ll_pipeline_printer_new (LlPrinterFunc        print,
                         LlPrinterCaughtFunc  caught,
                         gpointer             user_data)
{
  PrinterFrame *f = ll_pipe_stage_new (PrinterFrame, printer_run, printer_cleanup);

  f->print = print;
  f->on_caught = caught;
  f->user_data = user_data;

  return &f->stage.co;
}
