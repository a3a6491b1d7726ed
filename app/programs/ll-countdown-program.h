/* ll-countdown-program.h: a countdown that sleeps without blocking, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-countdown-model.h"

G_BEGIN_DECLS

gboolean  ll_countdown_program_run  (int             argc,
                                     char          **argv,
                                     GOutputStream  *out,
                                     GError        **error);

G_END_DECLS
