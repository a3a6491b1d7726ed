/* ll-counter-race-program.h: "Shared state: a lost update", headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_counter_race_program_run (int             argc,
                                      char          **argv,
                                      GOutputStream  *out,
                                      GError        **error);

G_END_DECLS
