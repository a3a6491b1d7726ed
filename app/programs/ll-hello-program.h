/* ll-hello-program.h: "Hello world!", a non-blocking sleep, "Awake again!"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_HELLO_MAX_TASKS 100000
#define LL_HELLO_MIN_SLEEP 0.1
#define LL_HELLO_MAX_SLEEP 5.0

gboolean ll_hello_program_run (int             argc,
                               char          **argv,
                               GOutputStream  *out,
                               GError        **error);

G_END_DECLS
