/* ll-serve.h: `looplab-cli serve`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

int ll_serve_main (int    argc,
                   char **argv);
