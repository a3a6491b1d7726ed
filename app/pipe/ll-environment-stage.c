/* ll-environment-stage.c: the protocol's escapes, and the child's side
 *
 * The subprocess environment (ll-environment-subprocess.c) writes the
 * feed's events as lines on the stdin of `looplab-cli run environments
 * --stage` and reads the matches back from its stdout, in the protocol
 * of ll-environments-model.h.  Here are the escapes of that protocol,
 * which both sides use (the parent's writer through
 * ll_environments_append_event_line(), its reader through
 * ll_environments_unescape_in_place()), and ll_environments_run_stage(),
 * the child's whole work: read the lines, decode each into an event,
 * send it into a chain of ll_bus_chain_new(), and write each match as it
 * reaches the sink.  The child has no loop to keep free, so its reads
 * and writes block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-model"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ll-environments-private.h"

/* The child reads its stdin in blocks of this size. */
#define STAGE_READ (64 * 1024)

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
gssize
ll_environments_unescape_in_place (char  *text,
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
  payload = ll_environments_unescape_in_place (line + 2, length - 2);
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
