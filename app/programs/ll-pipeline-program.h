/* ll-pipeline-program.h: `looplab-cli run pipeline`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ll_pipeline_program_run (int             argc,
                                  char          **argv,
                                  GOutputStream  *out,
                                  GError        **error);

G_END_DECLS
