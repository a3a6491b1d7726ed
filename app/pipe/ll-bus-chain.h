/* ll-bus-chain.h: XML events through coroutines, to the buses that match
 *
 * The course's chain, on the stages of ll-pipe.h:
 *
 *   events --> buses_to_records() --> filter_on_field('route', '22')
 *          --> filter_on_field('direction', 'North Bound') --> bus_locations()
 *
 * A parser sends one #LlBusEvent per start tag, piece of text and end
 * tag into the head; buses_to_records() turns the events of each <bus>
 * into an #LlBusRecord, a small dictionary of its fields; each
 * filter_on_field() sends on the records whose field has its value; the
 * sink, bus_locations(), keeps the matches in order.  With a second
 * route and direction, a broadcast() after buses_to_records() feeds two
 * pairs of filters, each with a sink of its own.
 *
 * The chain does not care where its input comes from: #LlBusParser
 * below feeds it from GMarkup, a DOM walk sends records straight into
 * the filters (%LL_BUS_CHAIN_RECORDS), and any thread that owns the
 * chain may run it (all of a chain runs on the thread that sends).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-pipe.h"

G_BEGIN_DECLS

#define LL_BUS_DEFAULT_ROUTE      "22"
#define LL_BUS_DEFAULT_DIRECTION  "North Bound"

#define LL_BUS_ERROR (ll_bus_error_quark ())

/**
 * LlBusError:
 * @LL_BUS_ERROR_EMPTY: the feed holds no XML at all
 * @LL_BUS_ERROR_BINARY: the feed begins with a NUL byte or bytes that
 *   are not UTF-8: it is not a text file
 * @LL_BUS_ERROR_MALFORMED: the parser met something that is not
 *   well-formed XML
 * @LL_BUS_ERROR_TRUNCATED: the feed ended inside an element
 * @LL_BUS_ERROR_BAD_RECORD: a matching bus lacks its id, or its latitude
 *   or longitude is not a number
 *
 * Errors in the %LL_BUS_ERROR domain.
 */
typedef enum
{
  LL_BUS_ERROR_EMPTY,
  LL_BUS_ERROR_BINARY,
  LL_BUS_ERROR_MALFORMED,
  LL_BUS_ERROR_TRUNCATED,
  LL_BUS_ERROR_BAD_RECORD,
} LlBusError;

GQuark ll_bus_error_quark (void);

/**
 * LlBusEventKind:
 * @LL_BUS_EVENT_START: a start tag, `('start', name)`
 * @LL_BUS_EVENT_TEXT: text between tags, entities decoded, `('text', text)`
 * @LL_BUS_EVENT_END: an end tag, `('end', name)`
 *
 * What the parser saw: the course's `(event, value)` tuples.
 */
typedef enum
{
  LL_BUS_EVENT_START,
  LL_BUS_EVENT_TEXT,
  LL_BUS_EVENT_END,
} LlBusEventKind;

/**
 * LlBusEvent:
 * @kind: what it is
 * @name: the element's name, for a start or an end
 * @text: the text, for %LL_BUS_EVENT_TEXT; not NUL-terminated
 * @length: the length of @text in bytes
 *
 * One event, borrowed for the length of a send: a stage copies what it
 * keeps.
 */
typedef struct
{
  LlBusEventKind  kind;
  const char     *name;
  const char     *text;
  gsize           length;
} LlBusEvent;

/* Records: the course's `busdict` */

typedef struct _LlBusRecord LlBusRecord;

LlBusRecord  *ll_bus_record_new          (void);
LlBusRecord  *ll_bus_record_copy         (const LlBusRecord *record);
void          ll_bus_record_free         (LlBusRecord       *record);
void          ll_bus_record_clear        (LlBusRecord       *record);
void          ll_bus_record_set          (LlBusRecord       *record,
                                          const char        *name,
                                          const char        *value,
                                          gssize             length);
const char   *ll_bus_record_lookup       (const LlBusRecord *record,
                                          const char        *name);
guint         ll_bus_record_get_n_fields (const LlBusRecord *record);
const char   *ll_bus_record_get_name     (const LlBusRecord *record,
                                          guint              index);
const char   *ll_bus_record_get_value    (const LlBusRecord *record,
                                          guint              index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlBusRecord, ll_bus_record_free)

/* Matches: what reaches a sink */

/**
 * LlBusMatch:
 * @id: the bus's <id>, as the feed spells it
 * @latitude: its <latitude>
 * @longitude: its <longitude>
 *
 * A bus that passed both filters.
 */
typedef struct
{
  char   *id;
  double  latitude;
  double  longitude;
} LlBusMatch;

/**
 * LlBusMatchFunc:
 * @match: the bus, borrowed
 * @branch: which branch's sink it reached, from 0
 * @user_data: the data given to ll_bus_chain_set_match_func()
 *
 * Called by a sink for each match, as it arrives.  It runs inside the
 * parser's send: it may print and count, and stop the chain with
 * ll_bus_chain_stop(), but not close it.
 */
typedef void (*LlBusMatchFunc) (const LlBusMatch *match,
                                guint             branch,
                                gpointer          user_data);

char         *ll_bus_match_to_line       (const LlBusMatch  *match);
char         *ll_bus_count_to_line       (guint              n_matches);
char         *ll_bus_matches_checksum    (const LlBusMatch  *matches,
                                          guint              n_matches);

/* The stages, for a chain of one's own */

LlCo         *ll_bus_buses_to_records_new (void);
LlCo         *ll_bus_filter_on_field_new  (const char       *field,
                                           const char       *value);

/* The chain */

/**
 * LlBusChainInput:
 * @LL_BUS_CHAIN_EVENTS: the head is buses_to_records(): send it
 *   #LlBusEvent<!-- -->s
 * @LL_BUS_CHAIN_RECORDS: there is no buses_to_records(): the head takes
 *   #LlBusRecord<!-- -->s, as a DOM walk makes them
 *
 * What a chain's head takes.
 */
typedef enum
{
  LL_BUS_CHAIN_EVENTS,
  LL_BUS_CHAIN_RECORDS,
} LlBusChainInput;

typedef struct _LlBusChain LlBusChain;

LlBusChain      *ll_bus_chain_new             (LlPipe            *pipe,
                                               const char        *route,
                                               const char        *direction);
LlBusChain      *ll_bus_chain_new_full        (LlPipe            *pipe,
                                               LlBusChainInput    input,
                                               const char        *route,
                                               const char        *direction,
                                               const char        *route2,
                                               const char        *direction2);
LlBusChain      *ll_bus_chain_ref             (LlBusChain        *chain);
void             ll_bus_chain_unref           (LlBusChain        *chain);

void             ll_bus_chain_set_match_func  (LlBusChain        *chain,
                                               LlBusMatchFunc     func,
                                               gpointer           user_data,
                                               GDestroyNotify     destroy);
guint            ll_bus_chain_feed_from       (LlBusChain        *chain,
                                               guint              node);

gboolean         ll_bus_chain_send_event      (LlBusChain        *chain,
                                               const LlBusEvent  *event,
                                               GError           **error);
gboolean         ll_bus_chain_send_record     (LlBusChain        *chain,
                                               const LlBusRecord *record,
                                               GError           **error);
void             ll_bus_chain_throw           (LlBusChain        *chain,
                                               GError            *error);
void             ll_bus_chain_stop            (LlBusChain        *chain);
void             ll_bus_chain_close           (LlBusChain        *chain);

LlPipe          *ll_bus_chain_get_pipe        (LlBusChain        *chain);
LlBusChainInput  ll_bus_chain_get_input       (LlBusChain        *chain);
guint            ll_bus_chain_get_head        (LlBusChain        *chain);
guint            ll_bus_chain_get_input_edge  (LlBusChain        *chain);
gboolean         ll_bus_chain_get_stopped     (LlBusChain        *chain);
gboolean         ll_bus_chain_get_closed      (LlBusChain        *chain);
guint            ll_bus_chain_get_n_branches  (LlBusChain        *chain);
const char      *ll_bus_chain_get_route       (LlBusChain        *chain,
                                               guint              branch);
const char      *ll_bus_chain_get_direction   (LlBusChain        *chain,
                                               guint              branch);
guint            ll_bus_chain_get_sink        (LlBusChain        *chain,
                                               guint              branch);
guint            ll_bus_chain_get_n_matches   (LlBusChain        *chain,
                                               guint              branch);
const LlBusMatch *ll_bus_chain_get_matches    (LlBusChain        *chain,
                                               guint              branch,
                                               guint             *n_matches);
char            *ll_bus_chain_get_checksum    (LlBusChain        *chain,
                                               guint              branch);
const GError    *ll_bus_chain_get_caught      (LlBusChain        *chain,
                                               guint              branch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlBusChain, ll_bus_chain_unref)

/* The parser: GMarkup with a feed's checks and its errors in our words */

typedef struct _LlBusParser LlBusParser;

LlBusParser     *ll_bus_parser_new            (const char          *display_name,
                                               const GMarkupParser *callbacks,
                                               gpointer             user_data);
LlBusParser     *ll_bus_parser_new_for_chain  (LlBusChain          *chain,
                                               const char          *display_name);
void             ll_bus_parser_free           (LlBusParser         *parser);
gboolean         ll_bus_parser_feed           (LlBusParser         *parser,
                                               const char          *data,
                                               gsize                length,
                                               GError             **error);
gboolean         ll_bus_parser_end            (LlBusParser         *parser,
                                               GError             **error);
guint64          ll_bus_parser_get_n_bytes    (LlBusParser         *parser);
guint64          ll_bus_parser_get_n_events   (LlBusParser         *parser);
void             ll_bus_parser_get_position   (LlBusParser         *parser,
                                               int                 *line,
                                               int                 *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlBusParser, ll_bus_parser_free)

G_END_DECLS
