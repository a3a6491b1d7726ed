/* ll-hello-program.h: "Hello world!", a non-blocking sleep, "Awake again!"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_hello_program_run (int             argc,
                               char          **argv,
                               GOutputStream  *out,
                               GError        **error);

G_END_DECLS
