/* ll-measure.h: the window benchmark's hook, off unless LOOPLAB_MEASURE is set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-window.h"

G_BEGIN_DECLS

void ll_measure_attach (LlWindow *window);

G_END_DECLS
