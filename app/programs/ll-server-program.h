/* ll-server-program.h: the single-threaded server under the load generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_server_program_run (int             argc,
                                char          **argv,
                                GOutputStream  *out,
                                GError        **error);

G_END_DECLS
