/* ll-bench-json.c: the little JSON the benchmarks read and write
 *
 * A strict RFC 8259 reader: objects become `a{sv}`, arrays `av`, numbers
 * `d`, strings `s`, booleans `b`, and null an empty maybe (`mv`).  It
 * reads lines a few kilobytes long, so it favours clarity over speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "ll-bench-json.h"

/* Deeper nesting than any figure needs: input that nests further is
 * refused instead of recursing without bound. */
#define MAX_DEPTH 64

typedef struct
{
  const char  *start;
  const char  *p;
  const char  *end;
  guint        depth;
  GError     **error;
} Parser;

static GVariant *parse_value (Parser *ps);

static gboolean
fail (Parser     *ps,
      const char *what)
{
  if (ps->error != NULL && *ps->error == NULL)
    g_set_error (ps->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "Invalid JSON at offset %" G_GSIZE_FORMAT ": %s",
                 (gsize) (ps->p - ps->start), what);
  return FALSE;
}

static void
skip_space (Parser *ps)
{
  while (ps->p < ps->end &&
         (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static gboolean
accept (Parser *ps,
        char    c)
{
  skip_space (ps);
  if (ps->p < ps->end && *ps->p == c)
    {
      ps->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_hex4 (Parser  *ps,
            guint32 *out)
{
  guint32 v = 0;

  if (ps->end - ps->p < 4)
    return fail (ps, "truncated \\u escape");

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (ps->p[i]);

      if (d < 0)
        return fail (ps, "bad \\u escape");
      v = (v << 4) | (guint32) d;
    }
  ps->p += 4;
  *out = v;

  return TRUE;
}

/* Returns a newly allocated UTF-8 string, or NULL on error. */
static char *
parse_string (Parser *ps)
{
  g_autoptr(GString) s = g_string_new (NULL);

  skip_space (ps);
  if (ps->p >= ps->end || *ps->p != '"')
    {
      fail (ps, "expected a string");
      return NULL;
    }
  ps->p++;

  while (ps->p < ps->end && *ps->p != '"')
    {
      guchar c = (guchar) *ps->p;

      if (c < 0x20)
        {
          fail (ps, "control character in a string");
          return NULL;
        }

      if (c != '\\')
        {
          g_string_append_c (s, (char) c);
          ps->p++;
          continue;
        }

      ps->p++;
      if (ps->p >= ps->end)
        break;

      switch (*ps->p++)
        {
        case '"': g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/': g_string_append_c (s, '/'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u':
          {
            guint32 cp;
            guint32 low;

            if (!parse_hex4 (ps, &cp))
              return NULL;

            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
                  {
                    fail (ps, "lone high surrogate");
                    return NULL;
                  }
                ps->p += 2;
                if (!parse_hex4 (ps, &low))
                  return NULL;
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    fail (ps, "bad low surrogate");
                    return NULL;
                  }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (cp >= 0xDC00 && cp <= 0xDFFF)
              {
                fail (ps, "lone low surrogate");
                return NULL;
              }
            g_string_append_unichar (s, cp);
          }
          break;
        default:
          ps->p--;
          fail (ps, "bad escape");
          return NULL;
        }
    }

  if (ps->p >= ps->end)
    {
      fail (ps, "unterminated string");
      return NULL;
    }
  ps->p++;

  if (!g_utf8_validate_len (s->str, s->len, NULL))
    {
      fail (ps, "string is not UTF-8");
      return NULL;
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GVariant *
parse_number (Parser *ps)
{
  const char *begin = ps->p;
  g_autofree char *copy = NULL;
  const char *q = ps->p;

  /* The JSON grammar, which is stricter than strtod's. */
  if (q < ps->end && *q == '-')
    q++;
  if (q < ps->end && *q == '0')
    q++;
  else if (q < ps->end && *q >= '1' && *q <= '9')
    while (q < ps->end && g_ascii_isdigit (*q))
      q++;
  else
    {
      fail (ps, "bad number");
      return NULL;
    }
  if (q < ps->end && *q == '.')
    {
      q++;
      if (q >= ps->end || !g_ascii_isdigit (*q))
        {
          ps->p = q;
          fail (ps, "bad fraction");
          return NULL;
        }
      while (q < ps->end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < ps->end && (*q == 'e' || *q == 'E'))
    {
      q++;
      if (q < ps->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= ps->end || !g_ascii_isdigit (*q))
        {
          ps->p = q;
          fail (ps, "bad exponent");
          return NULL;
        }
      while (q < ps->end && g_ascii_isdigit (*q))
        q++;
    }

  ps->p = q;
  copy = g_strndup (begin, (gsize) (q - begin));

  return g_variant_new_double (g_ascii_strtod (copy, NULL));
}

static gboolean
parse_literal (Parser     *ps,
               const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (ps->end - ps->p) < len || memcmp (ps->p, word, len) != 0)
    return fail (ps, "unexpected character");
  ps->p += len;

  return TRUE;
}

static GVariant *
parse_object (Parser *ps)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  ps->p++;  /* '{' */
  if (accept (ps, '}'))
    return g_variant_builder_end (&builder);

  do
    {
      g_autofree char *key = parse_string (ps);
      GVariant *value;

      if (key == NULL)
        return NULL;
      if (!accept (ps, ':'))
        {
          fail (ps, "expected ':'");
          return NULL;
        }
      value = parse_value (ps);
      if (value == NULL)
        return NULL;
      g_variant_builder_add (&builder, "{sv}", key, value);
    }
  while (accept (ps, ','));

  if (!accept (ps, '}'))
    {
      fail (ps, "expected ',' or '}'");
      return NULL;
    }

  return g_variant_builder_end (&builder);
}

static GVariant *
parse_array (Parser *ps)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

  ps->p++;  /* '[' */
  if (accept (ps, ']'))
    return g_variant_builder_end (&builder);

  do
    {
      GVariant *value = parse_value (ps);

      if (value == NULL)
        return NULL;
      g_variant_builder_add (&builder, "v", value);
    }
  while (accept (ps, ','));

  if (!accept (ps, ']'))
    {
      fail (ps, "expected ',' or ']'");
      return NULL;
    }

  return g_variant_builder_end (&builder);
}

/* Returns a floating reference, or NULL with the error set. */
static GVariant *
parse_value (Parser *ps)
{
  GVariant *value = NULL;

  skip_space (ps);
  if (ps->p >= ps->end)
    {
      fail (ps, "unexpected end");
      return NULL;
    }

  if (++ps->depth > MAX_DEPTH)
    {
      fail (ps, "nested too deep");
      return NULL;
    }

  switch (*ps->p)
    {
    case '{':
      value = parse_object (ps);
      break;
    case '[':
      value = parse_array (ps);
      break;
    case '"':
      {
        g_autofree char *s = parse_string (ps);

        if (s != NULL)
          value = g_variant_new_take_string (g_steal_pointer (&s));
      }
      break;
    case 't':
      if (parse_literal (ps, "true"))
        value = g_variant_new_boolean (TRUE);
      break;
    case 'f':
      if (parse_literal (ps, "false"))
        value = g_variant_new_boolean (FALSE);
      break;
    case 'n':
      if (parse_literal (ps, "null"))
        value = g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
      break;
    default:
      value = parse_number (ps);
      break;
    }

  ps->depth--;

  return value;
}

/**
 * ll_bench_json_parse:
 * @text: JSON text
 * @length: its length in bytes, or -1 if nul-terminated
 * @error: return location for a #GError
 *
 * Parses one JSON value: objects become `a{sv}`, arrays `av`, numbers
 * `d`, strings `s`, booleans `b`, and null an empty `mv`.  Trailing white
 * space is allowed, anything else after the value is an error.
 *
 * Returns: (transfer full): the value, or %NULL with @error set
 *   (%G_IO_ERROR_INVALID_DATA)
 */
GVariant *
ll_bench_json_parse (const char  *text,
                     gssize       length,
                     GError     **error)
{
  Parser ps;
  GVariant *value;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ps.start = text;
  ps.p = text;
  ps.end = text + (length < 0 ? strlen (text) : (gsize) length);
  ps.depth = 0;
  ps.error = error;

  value = parse_value (&ps);
  if (value == NULL)
    return NULL;
  g_variant_ref_sink (value);

  skip_space (&ps);
  if (ps.p != ps.end)
    {
      fail (&ps, "trailing characters");
      g_variant_unref (value);
      return NULL;
    }

  return value;
}

/**
 * ll_bench_json_append_string:
 * @out: where to write
 * @str: UTF-8 text
 *
 * Appends @str as a JSON string literal, quotes included.
 */
void
ll_bench_json_append_string (GString    *out,
                             const char *str)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL);

  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/**
 * ll_bench_json_append_number:
 * @out: where to write
 * @value: a number
 *
 * Appends @value as a JSON number, whatever the locale; `null` if it is
 * not finite, which JSON cannot represent.
 */
void
ll_bench_json_append_number (GString *out,
                             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/**
 * ll_bench_json_is_null:
 * @value: a value from ll_bench_json_parse()
 *
 * Returns: whether @value is JSON's null
 */
gboolean
ll_bench_json_is_null (GVariant *value)
{
  g_return_val_if_fail (value != NULL, FALSE);

  return g_variant_is_of_type (value, G_VARIANT_TYPE ("mv")) &&
         g_variant_n_children (value) == 0;
}

/**
 * ll_bench_json_lookup_number:
 * @object: an object from ll_bench_json_parse()
 * @key: the member's name
 * @number: (out): its value
 *
 * Returns: %TRUE if @object has a member @key that is a number
 */
gboolean
ll_bench_json_lookup_number (GVariant   *object,
                             const char *key,
                             double     *number)
{
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (!g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT))
    return FALSE;

  value = g_variant_lookup_value (object, key, G_VARIANT_TYPE_DOUBLE);
  if (value == NULL)
    return FALSE;

  *number = g_variant_get_double (value);

  return TRUE;
}
