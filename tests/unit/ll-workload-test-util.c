/* ll-workload-test-util.c: running a workload to its end in a unit test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-workload-test-util.h"

/**
 * ll_test_outcome_clear:
 * @outcome: an outcome
 *
 * Frees what @outcome holds, ready for another run.
 */
void
ll_test_outcome_clear (LlTestOutcome *outcome)
{
  g_clear_pointer (&outcome->result, ll_workload_result_free);
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
}

/**
 * ll_test_on_run_done:
 * @source_object: the #LlWorkload
 * @result: the #GAsyncResult
 * @user_data: an #LlTestOutcome
 *
 * The #GAsyncReadyCallback to give ll_workload_run_async().
 */
void
ll_test_on_run_done (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LlTestOutcome *outcome = user_data;

  outcome->result = ll_workload_run_finish (LL_WORKLOAD (source_object), result, &outcome->error);
  outcome->done = TRUE;
}

/**
 * ll_test_wait_for:
 * @outcome: an outcome given to ll_test_on_run_done()
 *
 * Iterates the default main context until the run has finished.
 */
void
ll_test_wait_for (LlTestOutcome *outcome)
{
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * ll_test_run_workload:
 * @workload: a workload
 * @error: return location for the run's error
 *
 * Runs @workload to the end on the default main context.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error
 */
LlWorkloadResult *
ll_test_run_workload (LlWorkload  *workload,
                      GError     **error)
{
  LlTestOutcome outcome = { 0 };

  ll_workload_run_async (workload, NULL, ll_test_on_run_done, &outcome);
  ll_test_wait_for (&outcome);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);

  return outcome.result;
}
