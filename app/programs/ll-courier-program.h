/* ll-courier-program.h: couriers delivering parcels, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-courier-model.h"

G_BEGIN_DECLS

char     *ll_courier_format_event   (LlCourierModel       *model,
                                     const LlCourierEvent *event);
char     *ll_courier_format_summary (LlCourierModel       *model);

gboolean  ll_courier_program_run    (int                   argc,
                                     char                **argv,
                                     GOutputStream        *out,
                                     GError              **error);

G_END_DECLS
