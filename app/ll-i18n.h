/* ll-i18n.h: gettext set-up shared by looplab and looplab-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ll_i18n_init (void);

G_END_DECLS
