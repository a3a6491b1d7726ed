/* ll-co-test-util.c: a coroutine for the tests of the coroutine runtime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-co-test-util.h"

static LlCoStatus
sleeper_run (LlCo *co)
{
  LlTestSleeper *f = (LlTestSleeper *) co;

  LL_CO_BEGIN (co);
  LL_CO_SLEEP (co, f->msec);
  if (f->error != NULL)
    return ll_co_fail (co, g_steal_pointer (&f->error));
  return ll_co_return (co, g_steal_pointer (&f->result), g_free);
  LL_CO_END (co);
}

static void
sleeper_cleanup (LlCo *co)
{
  LlTestSleeper *f = (LlTestSleeper *) co;

  f->cleanups++;
  g_clear_pointer (&f->result, g_free);
  g_clear_error (&f->error);
}

/**
 * ll_test_sleeper_new:
 * @msec: how long it sleeps
 * @result: (nullable): what it returns, copied
 * @error: (nullable) (transfer full): what it fails with instead
 *
 * Returns: (transfer full): a coroutine that never ran
 */
LlTestSleeper *
ll_test_sleeper_new (guint       msec,
                     const char *result,
                     GError     *error)
{
  LlTestSleeper *f = ll_co_new (LlTestSleeper, sleeper_run, sleeper_cleanup);

  f->msec = msec;
  f->result = g_strdup (result);
  f->error = error;

  return f;
}
