/* ll-sax-bus-program.h: "Event dispatching: XML streamed into coroutines", headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_sax_bus_program_run (int             argc,
                                 char          **argv,
                                 GOutputStream  *out,
                                 GError        **error);

/* The feed's options, as sax-bus and environments take them: --buses and
 * --seed start at LL_FEED_OPTION_NOT_GIVEN, which no user can type. */
#define LL_FEED_OPTION_NOT_GIVEN G_MININT

gboolean ll_sax_bus_check_feed_options (const char  *file,
                                        const char  *save_feed,
                                        int          buses,
                                        gint64       seed,
                                        GError     **error);

G_END_DECLS
