/* ll-bus-parser.c: the GMarkup parser that sends a feed's events into a
 * chain
 *
 * The course's EventHandler: an #LlBusParser wraps a GMarkupParseContext,
 * counts the bytes and events it sees, refuses binary data and an empty
 * feed, and words GMarkup's errors for a user, with the line and column
 * an editor shows.  ll_bus_parser_new_for_chain() makes each start tag,
 * text and end tag a send into the head of a chain (ll-bus-chain.c), on
 * the parser's stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bus-chain"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-bus-chain.h"

/* The parser */

/* How much of the start a parser looks at for binary data: a text file
 * has no NUL byte and is UTF-8 there; a gzip, a PNG, a UTF-16 file is
 * not, and says so in its first bytes. */
#define SNIFF_BYTES 512

/* GLib's own words, to take off the front of its parser's messages. */
#define GLIB_DOMAIN "glib20"

struct _LlBusParser
{
  GMarkupParseContext *context;
  const GMarkupParser *callbacks;
  gpointer             user_data;
  LlBusChain          *chain;          /* owned, for ll_bus_parser_new_for_chain() */
  char                *display_name;
  GByteArray          *buffer;         /* the few bytes held back for the next parse */
  gboolean             leading_newline;
  guint64              n_bytes;
  guint64              n_events;
};

static void
parser_start_element (GMarkupParseContext  *context,
                      const char           *element_name,
                      const char          **attribute_names,
                      const char          **attribute_values,
                      gpointer              user_data,
                      GError              **error)
{
  LlBusParser *self = user_data;

  self->n_events++;
  if (self->callbacks->start_element != NULL)
    self->callbacks->start_element (context, element_name, attribute_names, attribute_values,
                                    self->user_data, error);
}

static void
parser_end_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    gpointer              user_data,
                    GError              **error)
{
  LlBusParser *self = user_data;

  self->n_events++;
  if (self->callbacks->end_element != NULL)
    self->callbacks->end_element (context, element_name, self->user_data, error);
}

static void
parser_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 text_len,
             gpointer              user_data,
             GError              **error)
{
  LlBusParser *self = user_data;

  self->n_events++;
  if (self->callbacks->text != NULL)
    self->callbacks->text (context, text, text_len, self->user_data, error);
}

static const GMarkupParser parser_callbacks = {
  parser_start_element,
  parser_end_element,
  parser_text,
  NULL,
  NULL,
};

/**
 * ll_bus_parser_new:
 * @display_name: the feed's name in messages, such as its path
 * @callbacks: what to call for each start tag, text and end tag
 * @user_data: for @callbacks
 *
 * A GMarkupParseContext that also counts bytes and events, refuses
 * binary data and an empty feed, and words its errors for a user, with
 * the line and column.  CDATA sections are text, as in the real feed's
 * final stops.
 *
 * Returns: (transfer full): the parser
 */
LlBusParser *
ll_bus_parser_new (const char          *display_name,
                   const GMarkupParser *callbacks,
                   gpointer             user_data)
{
  LlBusParser *self;

  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (callbacks != NULL, NULL);

  self = g_new0 (LlBusParser, 1);
  self->callbacks = callbacks;
  self->user_data = user_data;
  self->display_name = g_strdup (display_name);
  self->buffer = g_byte_array_new ();
  self->context = g_markup_parse_context_new (&parser_callbacks, G_MARKUP_TREAT_CDATA_AS_TEXT,
                                              self, NULL);

  return self;
}

/* The chain's side of the parser: each callback is a send. */

static void
chain_start_element (GMarkupParseContext  *context,
                     const char           *element_name,
                     const char          **attribute_names,
                     const char          **attribute_values,
                     gpointer              user_data,
                     GError              **error)
{
  LlBusEvent event = { LL_BUS_EVENT_START, element_name, NULL, 0 };

  ll_bus_chain_send_event (user_data, &event, error);
}

static void
chain_end_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   gpointer              user_data,
                   GError              **error)
{
  LlBusEvent event = { LL_BUS_EVENT_END, element_name, NULL, 0 };

  ll_bus_chain_send_event (user_data, &event, error);
}

static void
chain_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 text_len,
            gpointer              user_data,
            GError              **error)
{
  LlBusEvent event = { LL_BUS_EVENT_TEXT, NULL, text, text_len };

  ll_bus_chain_send_event (user_data, &event, error);
}

static const GMarkupParser chain_callbacks = {
  chain_start_element,
  chain_end_element,
  chain_text,
  NULL,
  NULL,
};

/**
 * ll_bus_parser_new_for_chain:
 * @chain: a chain that takes events, fed from a node
 * @display_name: the feed's name in messages
 *
 * The course's EventHandler: a parser whose callbacks send each event
 * into @chain (`self.target.send(('start', name))`).  A failure down
 * the chain stops the parse with that error.
 *
 * Returns: (transfer full): the parser, holding a reference to @chain
 */
LlBusParser *
ll_bus_parser_new_for_chain (LlBusChain *chain,
                             const char *display_name)
{
  LlBusParser *self;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (ll_bus_chain_get_input (chain) == LL_BUS_CHAIN_EVENTS, NULL);

  self = ll_bus_parser_new (display_name, &chain_callbacks, chain);
  self->chain = ll_bus_chain_ref (chain);

  return self;
}

void
ll_bus_parser_free (LlBusParser *self)
{
  if (self == NULL)
    return;

  g_markup_parse_context_free (self->context);
  g_clear_pointer (&self->chain, ll_bus_chain_unref);
  g_byte_array_unref (self->buffer);
  g_free (self->display_name);
  g_free (self);
}

/**
 * ll_bus_parser_get_position:
 * @self: a parser
 * @line: (out) (optional): the line, from 1
 * @column: (out) (optional): the column, from 1, in bytes
 *
 * Where the parser stands: after a failure, where it failed (for a feed
 * cut short, one past its last byte).  GMarkup counts a line's columns
 * from the newline before it, so that the first character of every line
 * but the first is its column 2; this gives the column an editor shows.
 * GMarkup also misses a newline that is the first byte a parse is given
 * (it looks for one only after each step): ll_bus_parser_feed() never
 * begins a parse with one, but for the feed's very first byte.
 */
void
ll_bus_parser_get_position (LlBusParser *self,
                            int         *line,
                            int         *column)
{
  int raw_line, raw_column;

  g_return_if_fail (self != NULL);

  g_markup_parse_context_get_position (self->context, &raw_line, &raw_column);
  raw_line += self->leading_newline ? 1 : 0;
  if (line != NULL)
    *line = raw_line;
  if (column != NULL)
    *column = raw_line > 1 ? raw_column - 1 : raw_column;
}

/* A NUL byte or a byte that cannot be UTF-8 near the start of the feed:
 * binary.  A character cut in two by the end of what was given is not a
 * fault. */
static gboolean
check_text (LlBusParser  *self,
            const char   *data,
            gsize         length,
            GError      **error)
{
  gsize n = MIN (length, SNIFF_BYTES);
  const char *end;

  /* It stops at the first fault, a NUL byte included. */
  if (g_utf8_validate_len (data, n, &end))
    return TRUE;

  if (*end == '\0')
    {
      g_set_error (error, LL_BUS_ERROR, LL_BUS_ERROR_BINARY,
                   _("“%s” is not an XML feed: it holds binary data (a NUL byte at offset %u)"),
                   self->display_name, (guint) (end - data));
      return FALSE;
    }

  if (g_utf8_get_char_validated (end, data + n - end) != (gunichar) -2)
    {
      g_set_error (error, LL_BUS_ERROR, LL_BUS_ERROR_BINARY,
                   _("“%s” is not an XML feed: it does not begin with UTF-8 text (a byte that cannot be UTF-8 at offset %u)"),
                   self->display_name, (guint) (end - data));
      return FALSE;
    }

  return TRUE;
}

/* The parser's error in our words: which file, where, what.  GMarkup's
 * message begins with its own "Error on line 3 char 9: ", which counts
 * differently (see ll_bus_parser_get_position()): it is taken off. */
static GError *
reword_error (LlBusParser *self,
              GError      *error,
              gboolean     at_end)
{
  g_autofree char *glib_prefix = NULL;
  const char *detail = error->message;
  int raw_line, raw_column, line, column;
  GError *reworded;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_markup_parse_context_get_position (self->context, &raw_line, &raw_column);
  ll_bus_parser_get_position (self, &line, &column);

  if (error->domain != G_MARKUP_ERROR)
    {
      /* A stage's own failure, such as a bus without an id. */
      g_prefix_error (&error, _("The feed “%s”, line %d, column %d: "),
                      self->display_name, line, column);
      return error;
    }

  glib_prefix = g_strdup_printf (g_dgettext (GLIB_DOMAIN, "Error on line %d char %d: "),
                                 raw_line, raw_column);
  if (g_str_has_prefix (detail, glib_prefix))
    detail += strlen (glib_prefix);

  if (error->code == G_MARKUP_ERROR_EMPTY)
    reworded = g_error_new (LL_BUS_ERROR, LL_BUS_ERROR_EMPTY,
                            _("The feed “%s” holds no XML, only white space: there are no buses in it"),
                            self->display_name);
  else if (at_end)
    reworded = g_error_new (LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED,
                            _("The feed “%s” ends too soon, at line %d, column %d: %s"),
                            self->display_name, line, column, detail);
  else
    reworded = g_error_new (LL_BUS_ERROR, LL_BUS_ERROR_MALFORMED,
                            _("The feed “%s” is not well-formed XML at line %d, column %d: %s"),
                            self->display_name, line, column, detail);
  g_error_free (error);

  return reworded;
}

/* Parses the bytes held back from the last chunk, if any. */
static gboolean
parse_held (LlBusParser  *self,
            GError      **error)
{
  gboolean ok;

  if (self->buffer->len == 0)
    return TRUE;

  ok = g_markup_parse_context_parse (self->context, (const char *) self->buffer->data,
                                     self->buffer->len, error);
  g_byte_array_set_size (self->buffer, 0);

  return ok;
}

/**
 * ll_bus_parser_feed:
 * @self: a parser
 * @data: (array length=length): the next bytes of the feed
 * @length: how many
 * @error: return location for a #GError
 *
 * Parses @data: each start tag, text and end tag runs a callback, on
 * this stack, before this returns.  The first bytes of a feed are
 * checked for binary data first.
 *
 * Returns: %FALSE on binary data, malformed XML or a failed callback;
 *   the parser is then done
 */
gboolean
ll_bus_parser_feed (LlBusParser  *self,
                    const char   *data,
                    gsize         length,
                    GError      **error)
{
  GError *local_error = NULL;
  gsize head, tail;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length == 0)
    return TRUE;

  /* Only the first bytes: a later chunk may begin inside a character. */
  if (self->n_bytes == 0)
    {
      if (!check_text (self, data, length, error))
        return FALSE;
      self->leading_newline = data[0] == '\n';
    }
  self->n_bytes += length;

  /* No parse but the first may begin with a newline (see
   * ll_bus_parser_get_position()).  So the bytes from a chunk's last
   * byte that is not a newline on wait for the next chunk, and go to
   * the parser with that chunk's leading newlines, before the rest of
   * it, which then begins with a byte that is not one: a few bytes
   * copied, not the chunk. */
  for (head = 0; head < length && data[head] == '\n'; head++)
    ;
  g_byte_array_append (self->buffer, (const guint8 *) data, head);
  if (head == length)
    return TRUE;

  for (tail = length; data[tail - 1] == '\n'; tail--)
    ;
  tail--;

  ok = parse_held (self, &local_error) &&
       g_markup_parse_context_parse (self->context, data + head, tail - head, &local_error);
  g_byte_array_append (self->buffer, (const guint8 *) data + tail, length - tail);
  if (!ok)
    {
      g_propagate_error (error, reword_error (self, local_error, FALSE));
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_bus_parser_end:
 * @self: a parser
 * @error: return location for a #GError
 *
 * Says the feed is over: a feed of no bytes at all, or one that stops
 * inside an element, is an error.
 *
 * Returns: %TRUE if the feed was a whole XML document
 */
gboolean
ll_bus_parser_end (LlBusParser  *self,
                   GError      **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->n_bytes == 0)
    {
      g_set_error (error, LL_BUS_ERROR, LL_BUS_ERROR_EMPTY,
                   _("The feed “%s” is empty: there are no buses in it"), self->display_name);
      return FALSE;
    }

  /* The bytes held back, then the end. */
  if (!parse_held (self, &local_error))
    {
      g_propagate_error (error, reword_error (self, local_error, FALSE));
      return FALSE;
    }

  if (!g_markup_parse_context_end_parse (self->context, &local_error))
    {
      g_propagate_error (error, reword_error (self, local_error, TRUE));
      return FALSE;
    }

  return TRUE;
}

guint64
ll_bus_parser_get_n_bytes (LlBusParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bytes;
}

/**
 * ll_bus_parser_get_n_events:
 * @self: a parser
 *
 * Returns: how many start tags, texts and end tags it has seen
 */
guint64
ll_bus_parser_get_n_events (LlBusParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_events;
}
