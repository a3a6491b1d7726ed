/* ll-bus-scan-test-util.h: a bus feed read by plain string search
 *
 * What the sax-bus and environments tests check the chain against: each
 * <bus>…</bus> of a generated feed found with strstr() and its fields cut
 * out of the text, not parsed, so that a count agrees with the chain's
 * only if both are right.  The generated feed writes ids, routes,
 * directions and coordinates without entities, so their text is what a
 * parser reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *id;
  char  *route;
  char  *direction;
  char  *latitude;
  char  *longitude;
  gsize  end;        /* the offset just after its </bus> */
} LlScanBus;

void       ll_scan_bus_free    (gpointer         bus);
GPtrArray *ll_scan_buses       (const char      *text,
                                gsize            length);
gboolean   ll_scan_bus_matches (const LlScanBus *bus,
                                const char      *route,
                                const char      *direction);
guint      ll_scan_count       (GPtrArray       *buses,
                                const char      *route,
                                const char      *direction);
guint      ll_scan_count_file  (const char      *path,
                                const char      *route,
                                const char      *direction);

G_END_DECLS
