/* ll-program-test-util.h: running a headless program in a unit test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *ll_test_run_program    (const char  *line,
                              GError     **error);
char *ll_test_run_program_ok (const char  *line);

G_END_DECLS
