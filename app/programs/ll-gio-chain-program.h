/* ll-gio-chain-program.h: "The two-way message", an async file copy, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-copy-model.h"

G_BEGIN_DECLS

gboolean  ll_gio_chain_program_run  (int             argc,
                                     char          **argv,
                                     GOutputStream  *out,
                                     GError        **error);

G_END_DECLS
