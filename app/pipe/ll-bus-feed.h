/* ll-bus-feed.h: a seeded bus-position feed, in the shape of Chicago's
 *
 * The XML that the Chicago Transit Authority's bus tracker served and
 * that David Beazley's coroutine course streams through xml.sax: a
 * <buses> element holding one <bus> per vehicle, each with its id, its
 * route, its direction, where it is and a few further fields.  The feed
 * here is made up, but deterministic: the same (n_buses, seed) gives the
 * same bytes on every machine, about 220 bytes a bus (200 000 buses are
 * 43.7 MB), so that a count can be checked and a benchmark repeated.
 *
 *   <?xml version="1.0"?>
 *   <buses>
 *     <bus>
 *       <id>7574</id>
 *       <route>22</route>
 *       <direction>North Bound</direction>
 *       <latitude>41.880000</latitude>
 *       <longitude>-87.630000</longitude>
 *       <run>P675</run>
 *       <fs>Harrison &amp; Clark</fs>
 *     </bus>
 *     ...
 *   </buses>
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_BUS_FEED_DEFAULT_BUSES  200000
#define LL_BUS_FEED_DEFAULT_SEED   1

/* Ten million buses are about 2 GiB of XML: beyond that a demo only
 * fills the disk. */
#define LL_BUS_FEED_MAX_BUSES      10000000

gboolean  ll_bus_feed_write              (GOutputStream        *out,
                                          guint                 n_buses,
                                          guint32               seed,
                                          GCancellable         *cancellable,
                                          GError              **error);
gboolean  ll_bus_feed_write_file         (GFile                *file,
                                          guint                 n_buses,
                                          guint32               seed,
                                          GCancellable         *cancellable,
                                          GError              **error);

GFile    *ll_bus_feed_get_default        (guint                 n_buses,
                                          guint32               seed);
void      ll_bus_feed_ensure_file_async  (GFile                *file,
                                          guint                 n_buses,
                                          guint32               seed,
                                          int                   io_priority,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  ll_bus_feed_ensure_file_finish (GFile                *file,
                                          GAsyncResult         *result,
                                          gboolean             *generated,
                                          GError              **error);

G_END_DECLS
