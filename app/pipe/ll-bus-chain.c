/* ll-bus-chain.c: XML events through coroutines, to the buses that match
 *
 * The stages read like the course's Python, one resume point where it
 * has `(yield)`:
 *
 *   buses_to_records (target)      events -> one record per <bus>
 *   filter_on_field (f, v, target) records -> the records with r[f] == v
 *   broadcast (targets)            ll-pipe.c's, every pipe's
 *   bus_locations ()               records -> matches, kept in order
 *
 * Each catches an error thrown in at its yield and throws it on to its
 * targets (`except Exception as e: target.throw(e)`), so that a parser's
 * error thrown at the head reaches the sinks, which keep it as the
 * reason their list ends; then they wait for the next item or the
 * close.  A failure on the way down (a sink given a bus without an id)
 * is not caught: it returns up the sends to the parser, as a Python
 * exception would.  Each cleanup frees what its frame owns and ends with
 * ll_pipe_stage_close_targets(): closing the head closes the chain, in
 * order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bus-chain"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-bus-chain.h"

G_DEFINE_QUARK (ll-bus-error-quark, ll_bus_error)

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

/* strcmp() with its first byte compared inline: the feed's names mostly
 * differ there (id, route, direction, latitude...), and this comparison
 * runs for every event and field, millions of times a feed, where a
 * call into libc for each was a fourteenth of the run. */
static inline gboolean
names_equal (const char *a,
             const char *b)
{
  return a[0] == b[0] && strcmp (a, b) == 0;
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

static void
match_clear (gpointer data)
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

static gboolean
record_to_match (const LlBusRecord  *record,
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

/* The chain's branches: what a sink and its chain share */

/* A sink writes its matches here; the chain reads them.  Either may go
 * first (a window may keep the pipe, and so the sink, after the chain),
 * so the branch is counted, and its pointer back to the chain cleared
 * when the chain goes. */
typedef struct
{
  guint        ref_count;
  LlBusChain  *chain;         /* borrowed: NULL once the chain is gone */
  guint        index;
  char        *route;
  char        *direction;
  guint        sink;
  GArray      *matches;       /* of LlBusMatch, in the feed's order */
  GError      *caught;        /* the first error thrown in that reached the sink */
} Branch;

struct _LlBusChain
{
  guint            ref_count;

  /* owned references */
  LlPipe          *pipe;
  Branch          *branches[2];
  guint            n_branches;

  /* the graph */
  LlBusChainInput  input;
  guint            head;
  guint            input_edge;

  /* who hears of the matches */
  LlBusMatchFunc   match_func;
  gpointer         match_data;
  GDestroyNotify   match_destroy;

  gboolean         stopped;
};

static Branch *
branch_ref (Branch *branch)
{
  branch->ref_count++;

  return branch;
}

static void
branch_unref (Branch *branch)
{
  if (--branch->ref_count > 0)
    return;

  g_free (branch->route);
  g_free (branch->direction);
  g_array_unref (branch->matches);
  g_clear_error (&branch->caught);
  g_free (branch);
}

/* buses_to_records(target): events in, one record per <bus> out */

typedef struct
{
  LlPipeStage   stage;
  LlBusRecord  *record;      /* busdict */
  GString      *fragments;   /* the text of the field being read */
  GError       *caught;
} BusesToRecordsFrame;

static LlCoStatus
buses_to_records_run (LlCo *co)
{
  BusesToRecordsFrame *f = (BusesToRecordsFrame *) co;
  const LlBusEvent *event;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* event, value = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          ll_pipe_stage_throw (&f->stage, 0, g_steal_pointer (&f->caught));
          continue;
        }
      event = co->value;

      /* Look for the start of a <bus> element */
      if (event->kind != LL_BUS_EVENT_START || !names_equal (event->name, "bus"))
        continue;

      ll_bus_record_clear (f->record);
      g_string_truncate (f->fragments, 0);

      /* Capture the text of the inner elements in the record */
      for (;;)
        {
          LL_CO_YIELD_CATCH (co, NULL, &f->caught);
          if (f->caught != NULL)
            {
              /* The bus was cut short: what it had so far goes. */
              ll_pipe_stage_throw (&f->stage, 0, g_steal_pointer (&f->caught));
              break;
            }
          event = co->value;

          if (event->kind == LL_BUS_EVENT_START)
            {
              g_string_truncate (f->fragments, 0);
            }
          else if (event->kind == LL_BUS_EVENT_TEXT)
            {
              g_string_append_len (f->fragments, event->text, event->length);
            }
          else if (!names_equal (event->name, "bus"))
            {
              ll_bus_record_set (f->record, event->name, f->fragments->str, f->fragments->len);
            }
          else
            {
              /* target.send(busdict) */
              if (!ll_pipe_stage_send (&f->stage, 0, f->record, &error))
                return ll_co_fail (co, error);
              break;
            }
        }
    }

  LL_CO_END (co);
}

static void
buses_to_records_cleanup (LlCo *co)
{
  BusesToRecordsFrame *f = (BusesToRecordsFrame *) co;

  g_clear_pointer (&f->record, ll_bus_record_free);
  if (f->fragments != NULL)
    g_string_free (g_steal_pointer (&f->fragments), TRUE);
  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_bus_buses_to_records_new:
 *
 * The stage that turns events into records: from each <bus> start tag
 * to its end tag, the text of each inner element becomes the field of
 * that element's name, entities decoded; at the end tag the record goes
 * to the stage's one target, borrowed for the send.
 *
 * Returns: (transfer full): the stage, to add to a pipe as a filter
 */
LlCo *
ll_bus_buses_to_records_new (void)
{
  BusesToRecordsFrame *f = ll_pipe_stage_new (BusesToRecordsFrame, buses_to_records_run,
                                              buses_to_records_cleanup);

  f->record = ll_bus_record_new ();
  f->fragments = g_string_sized_new (64);

  return &f->stage.co;
}

/* filter_on_field(field, value, target) */

typedef struct
{
  LlPipeStage        stage;
  char              *field;
  char              *value;
  GError            *caught;
  const LlBusRecord *record;
} FilterFrame;

static LlCoStatus
filter_on_field_run (LlCo *co)
{
  FilterFrame *f = (FilterFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* d = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          ll_pipe_stage_throw (&f->stage, 0, g_steal_pointer (&f->caught));
          continue;
        }
      f->record = co->value;

      /* if d.get(fieldname) == value: target.send(d) */
      if (g_strcmp0 (ll_bus_record_lookup (f->record, f->field), f->value) == 0 &&
          !ll_pipe_stage_send (&f->stage, 0, (gpointer) f->record, &error))
        return ll_co_fail (co, error);
    }

  LL_CO_END (co);
}

static void
filter_on_field_cleanup (LlCo *co)
{
  FilterFrame *f = (FilterFrame *) co;

  g_clear_pointer (&f->field, g_free);
  g_clear_pointer (&f->value, g_free);
  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

/**
 * ll_bus_filter_on_field_new:
 * @field: a field's name, such as `route`
 * @value: the value it must have, compared exactly
 *
 * A filter of records: sends on those whose @field is @value, to its
 * one target.  A record without @field does not pass.
 *
 * Returns: (transfer full): the stage, to add to a pipe as a filter
 */
LlCo *
ll_bus_filter_on_field_new (const char *field,
                            const char *value)
{
  FilterFrame *f;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  f = ll_pipe_stage_new (FilterFrame, filter_on_field_run, filter_on_field_cleanup);
  f->field = g_strdup (field);
  f->value = g_strdup (value);

  return &f->stage.co;
}

/* bus_locations(): the sink */

typedef struct
{
  LlPipeStage  stage;
  Branch      *branch;
  GError      *caught;
  LlBusMatch   match;
} LocationsFrame;

static LlCoStatus
bus_locations_run (LlCo *co)
{
  LocationsFrame *f = (LocationsFrame *) co;
  LlBusChain *chain;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* bus = (yield) */
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          /* The end of the line for an error thrown in at the head: the
           * matches so far stay, and the error says why they stop. */
          if (f->branch->caught == NULL)
            f->branch->caught = g_steal_pointer (&f->caught);
          g_clear_error (&f->caught);
          continue;
        }

      if (!record_to_match (co->value, &f->match, &error))
        return ll_co_fail (co, error);
      g_array_append_val (f->branch->matches, f->match);

      chain = f->branch->chain;
      if (chain != NULL && chain->match_func != NULL)
        chain->match_func (&g_array_index (f->branch->matches, LlBusMatch, f->branch->matches->len - 1),
                           f->branch->index, chain->match_data);
    }

  LL_CO_END (co);
}

static void
bus_locations_cleanup (LlCo *co)
{
  LocationsFrame *f = (LocationsFrame *) co;

  g_clear_pointer (&f->branch, branch_unref);
  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

static LlCo *
bus_locations_new (Branch *branch)
{
  LocationsFrame *f = ll_pipe_stage_new (LocationsFrame, bus_locations_run, bus_locations_cleanup);

  f->branch = branch_ref (branch);

  return &f->stage.co;
}

/* The chain */

/* One filter pair and its sink, the sink first (ll_pipe_add() primes
 * each stage as it comes; a stage sends nothing while primed, but the
 * pipe's advice is to add the sinks first).  Returns the first filter. */
static guint
add_branch (LlBusChain *chain,
            const char *route,
            const char *direction)
{
  Branch *branch = g_new0 (Branch, 1);
  g_autofree char *route_label = g_strdup_printf ("filter_on_field('route', '%s')", route);
  g_autofree char *direction_label = g_strdup_printf ("filter_on_field('direction', '%s')", direction);
  guint route_node, direction_node;

  branch->ref_count = 1;
  branch->chain = chain;
  branch->index = chain->n_branches;
  branch->route = g_strdup (route);
  branch->direction = g_strdup (direction);
  branch->matches = g_array_new (FALSE, FALSE, sizeof (LlBusMatch));
  g_array_set_clear_func (branch->matches, match_clear);
  chain->branches[chain->n_branches++] = branch;

  branch->sink = ll_pipe_add (chain->pipe, LL_PIPE_SINK, "bus_locations()", bus_locations_new (branch));
  direction_node = ll_pipe_add (chain->pipe, LL_PIPE_FILTER, direction_label,
                                ll_bus_filter_on_field_new ("direction", direction));
  ll_pipe_connect (chain->pipe, direction_node, branch->sink);
  route_node = ll_pipe_add (chain->pipe, LL_PIPE_FILTER, route_label,
                            ll_bus_filter_on_field_new ("route", route));
  ll_pipe_connect (chain->pipe, route_node, direction_node);

  return route_node;
}

/**
 * ll_bus_chain_new:
 * @pipe: the pipe to build it on
 * @route: the route to keep, such as %LL_BUS_DEFAULT_ROUTE
 * @direction: the direction to keep, such as %LL_BUS_DEFAULT_DIRECTION
 *
 * The course's chain, on @pipe: buses_to_records(), the route's filter,
 * the direction's filter, bus_locations().  Connect a feeder to its head
 * with ll_bus_chain_feed_from().
 *
 * Returns: (transfer full): the chain
 */
LlBusChain *
ll_bus_chain_new (LlPipe     *pipe,
                  const char *route,
                  const char *direction)
{
  return ll_bus_chain_new_full (pipe, LL_BUS_CHAIN_EVENTS, route, direction, NULL, NULL);
}

/**
 * ll_bus_chain_new_full:
 * @pipe: the pipe to build it on
 * @input: what the head takes: events, or records (a DOM walk's)
 * @route: the route of the first branch
 * @direction: the direction of the first branch
 * @route2: (nullable): the route of a second branch, or %NULL for one
 * @direction2: (nullable): the direction of the second branch
 *
 * The chain, with a second branch if @route2 is given: then a
 * broadcast() sends each record to both pairs of filters, the first
 * branch first, and each has a sink of its own.
 *
 * Returns: (transfer full): the chain
 */
LlBusChain *
ll_bus_chain_new_full (LlPipe          *pipe,
                       LlBusChainInput  input,
                       const char      *route,
                       const char      *direction,
                       const char      *route2,
                       const char      *direction2)
{
  LlBusChain *chain;
  guint first, second, records_head;

  g_return_val_if_fail (LL_IS_PIPE (pipe), NULL);
  g_return_val_if_fail (input == LL_BUS_CHAIN_EVENTS || input == LL_BUS_CHAIN_RECORDS, NULL);
  g_return_val_if_fail (route != NULL && direction != NULL, NULL);
  g_return_val_if_fail ((route2 == NULL) == (direction2 == NULL), NULL);

  chain = g_new0 (LlBusChain, 1);
  chain->ref_count = 1;
  chain->pipe = g_object_ref (pipe);
  chain->input = input;
  chain->input_edge = LL_PIPE_NO_NODE;

  first = add_branch (chain, route, direction);
  records_head = first;
  if (route2 != NULL)
    {
      second = add_branch (chain, route2, direction2);
      records_head = ll_pipe_add (pipe, LL_PIPE_BROADCAST, "broadcast()", ll_pipe_broadcast_new ());
      ll_pipe_connect (pipe, records_head, first);
      ll_pipe_connect (pipe, records_head, second);
    }

  if (input == LL_BUS_CHAIN_EVENTS)
    {
      chain->head = ll_pipe_add (pipe, LL_PIPE_FILTER, "buses_to_records()", ll_bus_buses_to_records_new ());
      ll_pipe_connect (pipe, chain->head, records_head);
    }
  else
    {
      chain->head = records_head;
    }

  return chain;
}

LlBusChain *
ll_bus_chain_ref (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (chain->ref_count > 0, NULL);

  chain->ref_count++;

  return chain;
}

/**
 * ll_bus_chain_unref:
 * @chain: (transfer full): a chain
 *
 * Drops a reference.  The last one closes the chain, unless a send is on
 * the stack (then the pipe closes it as it goes), and lets go of the
 * pipe.  The matches go with the chain.
 */
void
ll_bus_chain_unref (LlBusChain *chain)
{
  g_return_if_fail (chain != NULL);
  g_return_if_fail (chain->ref_count > 0);

  if (--chain->ref_count > 0)
    return;

  ll_bus_chain_set_match_func (chain, NULL, NULL, NULL);
  for (guint i = 0; i < chain->n_branches; i++)
    chain->branches[i]->chain = NULL;
  ll_bus_chain_close (chain);
  for (guint i = 0; i < chain->n_branches; i++)
    branch_unref (chain->branches[i]);
  g_object_unref (chain->pipe);
  g_free (chain);
}

/**
 * ll_bus_chain_set_match_func:
 * @chain: a chain
 * @func: (nullable): called for each match, as it reaches a sink
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when @func is replaced or the
 *   chain goes
 */
void
ll_bus_chain_set_match_func (LlBusChain     *chain,
                             LlBusMatchFunc  func,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (chain != NULL);

  old_destroy = chain->match_destroy;
  old_data = chain->match_data;
  chain->match_func = func;
  chain->match_data = user_data;
  chain->match_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * ll_bus_chain_feed_from:
 * @chain: a chain
 * @node: the node of the pipe that feeds it: a parser, an
 *   %LL_PIPE_OUTSIDE node
 *
 * Connects @node to the head: the sends of ll_bus_chain_send_event()
 * and ll_bus_chain_send_record() go along that edge, and the pipe counts
 * them there.
 *
 * Returns: the edge
 */
guint
ll_bus_chain_feed_from (LlBusChain *chain,
                        guint       node)
{
  g_return_val_if_fail (chain != NULL, LL_PIPE_NO_NODE);
  g_return_val_if_fail (chain->input_edge == LL_PIPE_NO_NODE, LL_PIPE_NO_NODE);
  g_return_val_if_fail (node < ll_pipe_get_n_nodes (chain->pipe), LL_PIPE_NO_NODE);

  chain->input_edge = ll_pipe_connect (chain->pipe, node, chain->head);

  return chain->input_edge;
}

static gboolean
chain_send (LlBusChain  *chain,
            gpointer     item,
            GError     **error)
{
  if (chain->stopped)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The chain was stopped"));
      return FALSE;
    }

  return ll_pipe_send (chain->pipe, chain->input_edge, item, error);
}

/**
 * ll_bus_chain_send_event:
 * @chain: a chain that takes %LL_BUS_CHAIN_EVENTS, fed from a node
 * @event: (transfer none): an event
 * @error: return location for a failure on the way down
 *
 * `target.send((event, value))`: the event goes all the way down before
 * this returns.
 *
 * Returns: %FALSE if the chain was stopped, was closed, or failed
 */
gboolean
ll_bus_chain_send_event (LlBusChain        *chain,
                         const LlBusEvent  *event,
                         GError           **error)
{
  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (chain->input == LL_BUS_CHAIN_EVENTS, FALSE);
  g_return_val_if_fail (chain->input_edge != LL_PIPE_NO_NODE, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  return chain_send (chain, (gpointer) event, error);
}

/**
 * ll_bus_chain_send_record:
 * @chain: a chain that takes %LL_BUS_CHAIN_RECORDS, fed from a node
 * @record: (transfer none): a bus's record
 * @error: return location for a failure on the way down
 *
 * Returns: %FALSE if the chain was stopped, was closed, or failed
 */
gboolean
ll_bus_chain_send_record (LlBusChain         *chain,
                          const LlBusRecord  *record,
                          GError            **error)
{
  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (chain->input == LL_BUS_CHAIN_RECORDS, FALSE);
  g_return_val_if_fail (chain->input_edge != LL_PIPE_NO_NODE, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return chain_send (chain, (gpointer) record, error);
}

/**
 * ll_bus_chain_throw:
 * @chain: a chain
 * @error: (transfer full): why the input ends, such as the parser's error
 *
 * Throws @error in at the head (`target.throw(e)`): each stage passes it
 * on, and each sink keeps it (ll_bus_chain_get_caught()) with the
 * matches it has.  The chain stays open: close it afterwards.
 */
void
ll_bus_chain_throw (LlBusChain *chain,
                    GError     *error)
{
  g_return_if_fail (chain != NULL);
  g_return_if_fail (error != NULL);

  ll_pipe_throw (chain->pipe, chain->head, error);
}

/**
 * ll_bus_chain_stop:
 * @chain: a chain
 *
 * Refuses every send from now on with %G_IO_ERROR_CANCELLED, so that a
 * parser feeding the chain stops at its next event.  Safe from inside a
 * send (a match callback), unlike ll_bus_chain_close().
 */
void
ll_bus_chain_stop (LlBusChain *chain)
{
  g_return_if_fail (chain != NULL);

  chain->stopped = TRUE;
}

/**
 * ll_bus_chain_close:
 * @chain: a chain
 *
 * Closes the head, whose cleanup closes its target, and so on down to
 * the sinks (ll_pipe_get_close_order() tells the order).  The matches
 * stay.  Closing a closed chain does nothing; so does closing a chain
 * while a send runs through it (stop it instead, and close it after).
 */
void
ll_bus_chain_close (LlBusChain *chain)
{
  LlCo *head;

  g_return_if_fail (chain != NULL);

  head = ll_pipe_node_get_co (chain->pipe, chain->head);
  if (ll_co_get_state (head) != LL_CO_STATE_RUNNING)
    ll_pipe_close (chain->pipe, chain->head);
}

/**
 * ll_bus_chain_get_pipe:
 * @chain: a chain
 *
 * Returns: (transfer none): the pipe it is built on
 */
LlPipe *
ll_bus_chain_get_pipe (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, NULL);

  return chain->pipe;
}

LlBusChainInput
ll_bus_chain_get_input (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, LL_BUS_CHAIN_EVENTS);

  return chain->input;
}

/**
 * ll_bus_chain_get_head:
 * @chain: a chain
 *
 * Returns: the node the input goes to: buses_to_records(), or for
 *   records, the broadcast() or the first filter
 */
guint
ll_bus_chain_get_head (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, LL_PIPE_NO_NODE);

  return chain->head;
}

/**
 * ll_bus_chain_get_input_edge:
 * @chain: a chain
 *
 * Returns: the edge from the feeder to the head, %LL_PIPE_NO_NODE before
 *   ll_bus_chain_feed_from()
 */
guint
ll_bus_chain_get_input_edge (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, LL_PIPE_NO_NODE);

  return chain->input_edge;
}

gboolean
ll_bus_chain_get_stopped (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, FALSE);

  return chain->stopped;
}

/**
 * ll_bus_chain_get_closed:
 * @chain: a chain
 *
 * Returns: whether the head's cleanup has run
 */
gboolean
ll_bus_chain_get_closed (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, FALSE);

  return ll_pipe_node_get_closed (chain->pipe, chain->head);
}

guint
ll_bus_chain_get_n_branches (LlBusChain *chain)
{
  g_return_val_if_fail (chain != NULL, 0);

  return chain->n_branches;
}

static Branch *
get_branch (LlBusChain *chain,
            guint       branch)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (branch < chain->n_branches, NULL);

  return chain->branches[branch];
}

const char *
ll_bus_chain_get_route (LlBusChain *chain,
                        guint       branch)
{
  Branch *b = get_branch (chain, branch);

  return b != NULL ? b->route : NULL;
}

const char *
ll_bus_chain_get_direction (LlBusChain *chain,
                            guint       branch)
{
  Branch *b = get_branch (chain, branch);

  return b != NULL ? b->direction : NULL;
}

/**
 * ll_bus_chain_get_sink:
 * @chain: a chain
 * @branch: a branch, from 0
 *
 * Returns: the node of the branch's bus_locations()
 */
guint
ll_bus_chain_get_sink (LlBusChain *chain,
                       guint       branch)
{
  Branch *b = get_branch (chain, branch);

  return b != NULL ? b->sink : LL_PIPE_NO_NODE;
}

guint
ll_bus_chain_get_n_matches (LlBusChain *chain,
                            guint       branch)
{
  Branch *b = get_branch (chain, branch);

  return b != NULL ? b->matches->len : 0;
}

/**
 * ll_bus_chain_get_matches:
 * @chain: a chain
 * @branch: a branch, from 0
 * @n_matches: (out): how many
 *
 * Returns: (array length=n_matches) (transfer none): the branch's
 *   matches, in the feed's order; valid until the next send
 */
const LlBusMatch *
ll_bus_chain_get_matches (LlBusChain *chain,
                          guint       branch,
                          guint      *n_matches)
{
  Branch *b = get_branch (chain, branch);

  g_return_val_if_fail (n_matches != NULL, NULL);

  if (b == NULL)
    {
      *n_matches = 0;
      return NULL;
    }

  *n_matches = b->matches->len;

  return (const LlBusMatch *) b->matches->data;
}

/**
 * ll_bus_chain_get_checksum:
 * @chain: a chain
 * @branch: a branch, from 0
 *
 * Returns: (transfer full): ll_bus_matches_checksum() of its matches
 */
char *
ll_bus_chain_get_checksum (LlBusChain *chain,
                           guint       branch)
{
  const LlBusMatch *matches;
  guint n;

  matches = ll_bus_chain_get_matches (chain, branch, &n);

  return ll_bus_matches_checksum (matches, n);
}

/**
 * ll_bus_chain_get_caught:
 * @chain: a chain
 * @branch: a branch, from 0
 *
 * Returns: (nullable): the first error thrown in at the head that
 *   reached the branch's sink
 */
const GError *
ll_bus_chain_get_caught (LlBusChain *chain,
                         guint       branch)
{
  Branch *b = get_branch (chain, branch);

  return b != NULL ? b->caught : NULL;
}

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
  g_return_val_if_fail (chain->input == LL_BUS_CHAIN_EVENTS, NULL);

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
