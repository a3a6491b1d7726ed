/* ll-co-test-util.h: a coroutine for the tests of the coroutine runtime
 *
 * A sleeper: a task that sleeps on its scheduler's clock, then returns
 * its result or fails, and counts its cleanups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"

G_BEGIN_DECLS

typedef struct
{
  LlCo      co;
  guint     msec;
  char     *result;
  GError   *error;
  int       cleanups;
} LlTestSleeper;

LlTestSleeper *ll_test_sleeper_new (guint       msec,
                                    const char *result,
                                    GError     *error);

G_END_DECLS
