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
 * The records and matches the stages pass along are ll-bus-record.c's;
 * the GMarkup parser that sends a feed's events into the head is
 * ll-bus-parser.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bus-chain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-bus-chain-private.h"

G_DEFINE_QUARK (ll-bus-error-quark, ll_bus_error)

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

      if (!ll_bus_record_to_match (co->value, &f->match, &error))
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
  g_array_set_clear_func (branch->matches, ll_bus_match_clear);
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
