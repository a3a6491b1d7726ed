/* ll-countdown-program.h: a countdown that sleeps without blocking, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-co.h"

G_BEGIN_DECLS

#define LL_COUNTDOWN_MAX 1000

LlCo     *ll_countdown_new          (GOutputStream  *out,
                                     guint           n);

gboolean  ll_countdown_program_run  (int             argc,
                                     char          **argv,
                                     GOutputStream  *out,
                                     GError        **error);

G_END_DECLS
