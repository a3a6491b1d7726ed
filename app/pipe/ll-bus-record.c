/* ll-bus-record.c: the records the chain's stages pass along, and the
 * matches its sinks keep
 *
 * An #LlBusRecord is the course's busdict: buses_to_records() fills one
 * for each <bus>, the filters look its fields up, and bus_locations()
 * turns it into an #LlBusMatch (ll_bus_record_to_match()).  A match
 * prints as the transcript's line and adds to the checksum that runs in
 * a thread or another process are compared by.  The plumbing under the
 * stages of ll-bus-chain.c, kept here so that the stages read on their
 * own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bus-chain"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-bus-chain-private.h"

/* Records */

/* A record's fields live in one buffer, "name\0value\0name\0value\0",
 * with their offsets in an array: buses_to_records() fills the same
 * record for every bus, so after the first bus a field costs no
 * allocation.  A dict of strings would cost two a field, twelve a bus. */
typedef struct
{
  gsize name;
  gsize value;
} Field;

struct _LlBusRecord
{
  GString *text;
  GArray  *fields;   /* of Field, in the order they were first set */
};

/**
 * ll_bus_record_new:
 *
 * Returns: (transfer full): an empty record
 */
LlBusRecord *
ll_bus_record_new (void)
{
  LlBusRecord *record = g_new0 (LlBusRecord, 1);

  record->text = g_string_sized_new (256);
  record->fields = g_array_sized_new (FALSE, FALSE, sizeof (Field), 8);

  return record;
}

/**
 * ll_bus_record_copy:
 * @record: a record
 *
 * Returns: (transfer full): a copy of @record, for a stage that keeps it
 */
LlBusRecord *
ll_bus_record_copy (const LlBusRecord *record)
{
  LlBusRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (LlBusRecord, 1);
  copy->text = g_string_new_len (record->text->str, record->text->len);
  copy->fields = g_array_copy (record->fields);

  return copy;
}

void
ll_bus_record_free (LlBusRecord *record)
{
  if (record == NULL)
    return;

  g_string_free (record->text, TRUE);
  g_array_unref (record->fields);
  g_free (record);
}

/**
 * ll_bus_record_clear:
 * @record: a record
 *
 * Empties @record, keeping its storage for the next bus.
 */
void
ll_bus_record_clear (LlBusRecord *record)
{
  g_return_if_fail (record != NULL);

  g_string_truncate (record->text, 0);
  g_array_set_size (record->fields, 0);
}

static Field *
record_find (const LlBusRecord *record,
             const char        *name)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      Field *field = &g_array_index (record->fields, Field, i);

      if (names_equal (record->text->str + field->name, name))
        return field;
    }

  return NULL;
}

/**
 * ll_bus_record_set:
 * @record: a record
 * @name: the field's name
 * @value: its text
 * @length: the length of @value in bytes, or -1 if it is NUL-terminated
 *
 * Sets a field, copying @value (`busdict[name] = value`): a field set
 * twice keeps its place and takes the last value.
 */
void
ll_bus_record_set (LlBusRecord *record,
                   const char  *name,
                   const char  *value,
                   gssize       length)
{
  Field *field;

  g_return_if_fail (record != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL || length == 0);

  if (length < 0)
    length = strlen (value);

  field = record_find (record, name);
  if (field == NULL)
    {
      Field added;

      added.name = record->text->len;
      g_string_append_len (record->text, name, strlen (name) + 1);
      g_array_append_val (record->fields, added);
      field = &g_array_index (record->fields, Field, record->fields->len - 1);
    }

  /* A value set again is appended; the old bytes wait for the clear. */
  field->value = record->text->len;
  g_string_append_len (record->text, value, length);
  g_string_append_c (record->text, '\0');
}

/**
 * ll_bus_record_lookup:
 * @record: a record
 * @name: a field's name
 *
 * Returns: (nullable): the field's value (`busdict.get(name)`), valid
 *   until @record changes; %NULL if it has no such field
 */
const char *
ll_bus_record_lookup (const LlBusRecord *record,
                      const char        *name)
{
  Field *field;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = record_find (record, name);

  return field != NULL ? record->text->str + field->value : NULL;
}

guint
ll_bus_record_get_n_fields (const LlBusRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);

  return record->fields->len;
}

const char *
ll_bus_record_get_name (const LlBusRecord *record,
                        guint              index)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (index < record->fields->len, NULL);

  return record->text->str + g_array_index (record->fields, Field, index).name;
}

const char *
ll_bus_record_get_value (const LlBusRecord *record,
                         guint              index)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (index < record->fields->len, NULL);

  return record->text->str + g_array_index (record->fields, Field, index).value;
}

/* Matches */

static char *
format_coordinate (char   *buffer,
                   gsize   size,
                   double  value)
{
  /* Python's %f: six decimals, a point in every locale. */
  return g_ascii_formatd (buffer, size, "%.6f", value);
}

/**
 * ll_bus_match_to_line:
 * @match: a match
 *
 * The transcript's line for @match, as the course's bus_locations()
 * prints it: `bus 7574 at 41.880000,-87.630000`.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
ll_bus_match_to_line (const LlBusMatch *match)
{
  char latitude[G_ASCII_DTOSTR_BUF_SIZE];
  char longitude[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (match != NULL, NULL);

  return g_strdup_printf ("bus %s at %s,%s", match->id,
                          format_coordinate (latitude, sizeof latitude, match->latitude),
                          format_coordinate (longitude, sizeof longitude, match->longitude));
}

/**
 * ll_bus_count_to_line:
 * @n_matches: how many buses matched
 *
 * The transcript's last line, `3336 buses`: digits only, no thousands
 * separator, the same as the Python prints, so that outputs can be
 * compared byte for byte.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
ll_bus_count_to_line (guint n_matches)
{
  return g_strdup_printf ("%u buses", n_matches);
}

/**
 * ll_bus_matches_checksum:
 * @matches: (array length=n_matches): matches
 * @n_matches: how many
 *
 * The SHA-256 of the lines `id latitude longitude\n`, coordinates with
 * six decimals: two runs that found the same buses in the same order,
 * in a thread or another process, have the same sum.
 *
 * Returns: (transfer full): the sum, in lowercase hex
 */
char *
ll_bus_matches_checksum (const LlBusMatch *matches,
                         guint             n_matches)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) line = g_string_new (NULL);
  char latitude[G_ASCII_DTOSTR_BUF_SIZE];
  char longitude[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (matches != NULL || n_matches == 0, NULL);

  for (guint i = 0; i < n_matches; i++)
    {
      g_string_printf (line, "%s %s %s\n", matches[i].id,
                       format_coordinate (latitude, sizeof latitude, matches[i].latitude),
                       format_coordinate (longitude, sizeof longitude, matches[i].longitude));
      g_checksum_update (checksum, (const guchar *) line->str, line->len);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

void
ll_bus_match_clear (gpointer data)
{
  LlBusMatch *match = data;

  g_clear_pointer (&match->id, g_free);
}

/* A number as Python's float() takes it: spaces around it allowed,
 * nothing else. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end;

  *value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;

  return *end == '\0';
}

gboolean
ll_bus_record_to_match (const LlBusRecord  *record,
                        LlBusMatch         *match,
                        GError            **error)
{
  const char *fields[] = { "latitude", "longitude" };
  double *values[] = { &match->latitude, &match->longitude };
  const char *id = ll_bus_record_lookup (record, "id");

  if (id == NULL)
    {
      g_set_error_literal (error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD,
                           _("A bus that matched has no <id>"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = ll_bus_record_lookup (record, fields[i]);

      if (text == NULL)
        {
          g_set_error (error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD,
                       _("Bus %s has no <%s>"), id, fields[i]);
          return FALSE;
        }
      if (!parse_number (text, values[i]))
        {
          g_set_error (error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD,
                       _("Bus %s has a <%s> that is not a number: “%s”"), id, fields[i], text);
          return FALSE;
        }
    }

  match->id = g_strdup (id);

  return TRUE;
}
