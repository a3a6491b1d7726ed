/* ll-bus-chain-private.h: what the bus chain's files share
 *
 * ll-bus-chain.c holds the stages and the chain, the lesson;
 * ll-bus-record.c the records and matches they pass along.  The sink,
 * bus_locations(), turns each record into a match with
 * ll_bus_record_to_match(), and its branch's array of matches frees them
 * with ll_bus_match_clear(); buses_to_records() compares each event's
 * name with names_equal(), inline for the reason below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "ll-bus-chain.h"

G_BEGIN_DECLS

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

gboolean ll_bus_record_to_match (const LlBusRecord  *record,
                                 LlBusMatch         *match,
                                 GError            **error);
void     ll_bus_match_clear     (gpointer            data);

G_END_DECLS
