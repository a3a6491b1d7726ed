/* test-co-run.c: ll_co_run_async(), a coroutine as a GIO operation
 *
 * The coroutines sleep on a virtual clock: a cancellation that works
 * shows as a clock that never reached the deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "ll-co-run.h"
#include "ll-co-test-util.h"
#include "ll-co.h"
#include "ll-scheduler.h"

/* What the GAsyncReadyCallback saw. */
typedef struct
{
  int       calls;
  char     *result;
  GError   *error;
  gboolean  cancelled_when_called;
  LlCo     *co;
} Outcome;

static void
on_done (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->result = g_strdup (ll_co_run_finish (result, &outcome->error));
  if (outcome->co != NULL)
    outcome->cancelled_when_called = ll_co_is_cancelled (outcome->co);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->result, g_free);
  g_clear_error (&outcome->error);
}

static void
wait_for (Outcome *outcome)
{
  while (outcome->calls == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_result (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  LlTestSleeper *f = ll_test_sleeper_new (100, "done", NULL);
  Outcome outcome = { 0 };

  ll_co_run_async (&f->co, sched, NULL, on_done, &outcome);
  g_assert_cmpint (outcome.calls, ==, 0);   /* never from inside the call */
  wait_for (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.result, ==, "done");
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 100 * 1000);
  g_assert_cmpint (f->cleanups, ==, 1);

  /* Called once, and the bridge's task has left the scheduler. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (outcome.calls, ==, 1);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  outcome_clear (&outcome);
  ll_co_unref (&f->co);
}

static void
test_error (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  LlTestSleeper *f = ll_test_sleeper_new (5, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "nope"));
  Outcome outcome = { 0 };

  /* Already a task: no scheduler to name. */
  ll_scheduler_spawn (sched, &f->co);
  ll_co_run_async (&f->co, NULL, NULL, on_done, &outcome);
  wait_for (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (outcome.error->message, ==, "nope");
  g_assert_null (outcome.result);
  outcome_clear (&outcome);
  ll_co_unref (&f->co);
}

static void
test_cancel (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LlTestSleeper *f = ll_test_sleeper_new (10000, "late", NULL);
  Outcome outcome = { .co = &f->co };

  ll_co_run_async (&f->co, sched, cancellable, on_done, &outcome);
  while (ll_co_get_wait (&f->co) != LL_CO_WAIT_SLEEP)
    g_main_context_iteration (NULL, TRUE);

  g_cancellable_cancel (cancellable);
  wait_for (&outcome);

  /* The coroutine was cancelled, not waited for. */
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (outcome.cancelled_when_called);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpint (f->cleanups, ==, 1);
  g_assert_cmpint (ll_scheduler_get_time (sched), <, 10000 * 1000);
  outcome_clear (&outcome);
  ll_co_unref (&f->co);
}

/* The scheduler goes away first: the callback still comes, cancelled. */
static void
test_scheduler_disposed (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  LlTestSleeper *f = ll_test_sleeper_new (10000, "late", NULL);
  Outcome outcome = { 0 };

  ll_co_run_async (&f->co, sched, NULL, on_done, &outcome);
  while (ll_co_get_wait (&f->co) != LL_CO_WAIT_SLEEP)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (sched);
  wait_for (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (f->cleanups, ==, 1);
  outcome_clear (&outcome);
  ll_co_unref (&f->co);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/co-run/result", test_result);
  g_test_add_func ("/looplab/co-run/error", test_error);
  g_test_add_func ("/looplab/co-run/cancel", test_cancel);
  g_test_add_func ("/looplab/co-run/scheduler-disposed", test_scheduler_disposed);

  return g_test_run ();
}
