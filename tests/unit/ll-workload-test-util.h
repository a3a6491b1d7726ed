/* ll-workload-test-util.h: running a workload to its end in a unit test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

/**
 * LlTestOutcome:
 * @result: the run's result, or %NULL
 * @error: its error, or %NULL
 * @done: whether the run has finished
 *
 * What ll_test_on_run_done() stores when a run started with
 * ll_workload_run_async() finishes.
 */
typedef struct
{
  LlWorkloadResult *result;
  GError           *error;
  gboolean          done;
} LlTestOutcome;

void              ll_test_outcome_clear (LlTestOutcome  *outcome);
void              ll_test_on_run_done   (GObject        *source_object,
                                         GAsyncResult   *result,
                                         gpointer        user_data);
void              ll_test_wait_for      (LlTestOutcome  *outcome);
LlWorkloadResult *ll_test_run_workload  (LlWorkload     *workload,
                                         GError        **error);

G_END_DECLS
