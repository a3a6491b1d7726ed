/* ll-switch-cost-program.h: "The cost of a switch", headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_switch_cost_program_run (int             argc,
                                     char          **argv,
                                     GOutputStream  *out,
                                     GError        **error);

G_END_DECLS
