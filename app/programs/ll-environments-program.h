/* ll-environments-program.h: "One coroutine, three environments", headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_environments_program_run (int             argc,
                                      char          **argv,
                                      GOutputStream  *out,
                                      GError        **error);

G_END_DECLS
