/* ll-environment-subprocess.c: the chain in a child process, the parent's side
 *
 * The environment %LL_ENVIRONMENT_SUBPROCESS of ll-environments-model.c.
 * The loop reads and parses the feed, and the parser's callbacks write
 * each event as a line (the protocol of ll-environments-model.h) for
 * `looplab-cli run environments --stage`, whose stdin and stdout are
 * pipes.  One task writes the lines, another reads the matches back,
 * both at once in a task group, so that a child blocked writing its
 * matches never waits on a parent blocked writing events:
 *
 *   child = spawn (looplab-cli run environments --stage)
 *   await (write the events, read the matches)
 *   await child.wait ()
 *
 * then, if the run failed, why: from the child's exit and what it said.
 * The child's side, ll_environments_run_stage(), is in
 * ll-environment-stage.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-model"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixoutputstream.h>

#include "ll-environments-private.h"
#include "ll-process.h"
#include "ll-task-group.h"

/* How long a child that has closed its pipes may take to exit before it
 * is killed: it has nothing left to do but exit, so two seconds is a
 * child that hangs, and the run must not hang with it. */
#define CHILD_GRACE_MS 2000

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
    return writer_feed_fail (f, ll_environment_open_error (e, error));

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer, LL_ENVIRONMENTS_CHUNK, READ_PRIORITY);
      f->n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (f->n < 0)
        return writer_feed_fail (f, ll_environment_open_error (e, error));
      if (f->n == 0)
        break;

      /* parser.feed (chunk): the events as lines */
      ok = ll_environment_feed_chunk (e, f->parser, f->buffer, f->n, &error);
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
      ll_environment_progress (e);
    }

  if (!ll_environment_end_feed (e, f->parser, &error))
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
          (id_length = ll_environments_unescape_in_place (p, line + length - p)) < 0)
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
      message_length = ll_environments_unescape_in_place (p, line + length - p);
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

  ll_environment_begin (&f->env);

  if (f->cli_path != NULL && !is_program (f->cli_path))
    return ll_environment_fail (&f->env, g_error_new (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_NO_CLI,
                                                      _("“%s” is not a program that can be run"), f->cli_path));
  cli = f->cli_path != NULL ? g_strdup (f->cli_path) : ll_environments_find_cli (&error);
  if (cli == NULL)
    return ll_environment_fail (&f->env, error);

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
    return ll_environment_fail (&f->env, error);

  /* A blocking pipe polls as writable with any room at all, then blocks
   * a large write until all of it fits: the loop would wait on the
   * child.  Non-blocking, an async write takes what fits and waits for
   * poll, as g_subprocess_communicate() makes its own stdin. */
  stdin_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (f->process)));
  if (!g_unix_set_fd_nonblocking (stdin_fd, TRUE, &error))
    {
      subprocess_kill (f);
      return ll_environment_fail (&f->env, error);
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
    return ll_environment_fail (&f->env, error);
  f->waited = TRUE;
  if (f->grace != NULL)
    {
      g_source_destroy (f->grace);
      g_clear_pointer (&f->grace, g_source_unref);
    }

  if (f->feed_error != NULL)
    return ll_environment_fail (&f->env, g_error_copy (f->feed_error));
  error = subprocess_error (f);
  if (error != NULL)
    return ll_environment_fail (&f->env, error);

  f->env.figures.other_time = f->child_time;

  return ll_environment_finish (&f->env);

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
  ll_environment_frame_clear (&f->env);
}

LlCo *
ll_environment_subprocess_new (const EnvSetup *setup)
{
  SubprocessFrame *f = (SubprocessFrame *) ll_environment_frame_alloc (sizeof (SubprocessFrame),
                                                                       subprocess_body, subprocess_cleanup,
                                                                       "subprocess", __FILE__,
                                                                       LL_ENVIRONMENT_SUBPROCESS, setup);

  f->cli_path = g_strdup (setup->cli_path);

  return &f->env.co;
}
