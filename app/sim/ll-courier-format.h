/* ll-courier-format.h: the courier run as the notes print it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-courier-model.h"

G_BEGIN_DECLS

char *ll_courier_format_event   (LlCourierModel       *model,
                                 const LlCourierEvent *event);
char *ll_courier_format_summary (LlCourierModel       *model);

G_END_DECLS
