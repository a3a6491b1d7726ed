/* ll-interleave-program.h: two coroutines interleaved on one thread, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-interleave-model.h"

G_BEGIN_DECLS

gboolean ll_interleave_program_run    (int             argc,
                                       char          **argv,
                                       GOutputStream  *out,
                                       GError        **error);

G_END_DECLS
