/* test-task-group.c: LlTaskGroup, the fail-fast gather, and ll_co_gather()
 *
 * Every task sleeps on a virtual clock, so "the group did not wait for
 * the slow task" is a statement about the clock's reading, never about
 * real time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "ll-co-test-util.h"
#include "ll-co.h"
#include "ll-scheduler.h"

/* Adds a sleeper to @group, which keeps the only reference the test
 * does not need: the frame stays valid as long as the group. */
static LlTestSleeper *
add_sleeper (LlTaskGroup *group,
             guint        msec,
             const char  *result,
             GError      *error)
{
  LlTestSleeper *f = ll_test_sleeper_new (msec, result, error);

  ll_task_group_add (group, &f->co);
  ll_co_unref (&f->co);

  return f;
}

/* A task that awaits a group with one resume point, and can add one more
 * task to it while the group runs. */
typedef struct
{
  LlCo         co;
  LlTaskGroup *group;
  LlCo        *late;      /* added once the group runs, if set */
  gboolean     resumed;
} AwaiterFrame;

static LlCoStatus
awaiter_run (LlCo *co)
{
  AwaiterFrame *f = (AwaiterFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);
  if (f->late != NULL)
    {
      ll_scheduler_spawn (ll_co_get_scheduler (co), ll_task_group_get_co (f->group));
      LL_CO_SLEEP (co, 1);
      ll_task_group_add (f->group, f->late);
    }
  LL_CO_AWAIT_GROUP (co, f->group);
  f->resumed = TRUE;
  if (!ll_task_group_finish (f->group, &error))
    return ll_co_fail (co, error);
  LL_CO_END (co);
}

static void
awaiter_cleanup (LlCo *co)
{
  AwaiterFrame *f = (AwaiterFrame *) co;

  g_clear_pointer (&f->group, ll_task_group_unref);
  g_clear_pointer (&f->late, ll_co_unref);
}

static AwaiterFrame *
awaiter_new (LlTaskGroup *group)
{
  AwaiterFrame *f = ll_co_new (AwaiterFrame, awaiter_run, awaiter_cleanup);

  f->group = ll_task_group_ref (group);

  return f;
}

static void
test_results_in_order (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  AwaiterFrame *awaiter;
  GPtrArray *results;

  /* They finish in the order c, a, b; the results stay in the order added. */
  add_sleeper (group, 20, "a", NULL);
  add_sleeper (group, 30, "b", NULL);
  add_sleeper (group, 10, "c", NULL);
  awaiter = awaiter_new (group);
  ll_scheduler_spawn (sched, &awaiter->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_true (awaiter->resumed);
  ll_co_finish (&awaiter->co, &error);
  g_assert_no_error (error);
  g_assert_true (ll_task_group_finish (group, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 30 * 1000);

  g_assert_cmpuint (ll_task_group_get_n_tasks (group), ==, 3);
  g_assert_cmpstr (ll_task_group_get_result (group, 0), ==, "a");
  g_assert_cmpstr (ll_task_group_get_result (group, 1), ==, "b");
  g_assert_cmpstr (ll_task_group_get_result (group, 2), ==, "c");

  /* The group's coroutine returns the same, as a gather would. */
  results = ll_co_finish (ll_task_group_get_co (group), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (results, 1), ==, "b");
  ll_co_unref (&awaiter->co);
}

static void
test_fail_fast (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *slow, *failing, *slower;
  AwaiterFrame *awaiter;

  slow = add_sleeper (group, 1000, "slow", NULL);
  failing = add_sleeper (group, 10, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"));
  slower = add_sleeper (group, 5000, "slower", NULL);
  awaiter = awaiter_new (group);
  ll_scheduler_spawn (sched, &awaiter->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  /* The failure at 10 ms cancelled the others: nobody slept on. */
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 10 * 1000);
  g_assert_true (ll_co_is_cancelled (&slow->co));
  g_assert_true (ll_co_is_cancelled (&slower->co));
  g_assert_false (ll_co_is_cancelled (&failing->co));
  g_assert_error ((GError *) ll_co_get_error (&slow->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error ((GError *) ll_co_get_error (&slower->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (slow->cleanups, ==, 1);
  g_assert_cmpint (slower->cleanups, ==, 1);

  /* The first failure is the group's, not the cancellations it caused,
   * and the awaiting task got it. */
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "gone");
  g_clear_error (&error);
  g_assert_null (ll_co_finish (&awaiter->co, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (ll_task_group_get_result (group, 0));
  g_assert_null (ll_task_group_get_result (group, 1));
  ll_co_unref (&awaiter->co);
}

/* ll_co_gather() is the same group without the fail-fast: beside a
 * failure, the others run to their end. */
static void
test_gather_does_not_fail_fast (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GError) error = NULL;
  LlTestSleeper *slow = ll_test_sleeper_new (1000, "slow", NULL);
  LlTestSleeper *failing = ll_test_sleeper_new (10, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"));
  LlCo *cos[] = { &slow->co, &failing->co };
  LlCo *gather = ll_co_gather (cos, G_N_ELEMENTS (cos));

  ll_scheduler_spawn (sched, gather);
  ll_scheduler_run_until_done (sched, gather);

  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 1000 * 1000);
  g_assert_false (ll_co_is_cancelled (&slow->co));
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) ll_co_get_result (gather), 0), ==, "slow");
  g_assert_null (ll_co_finish (gather, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  ll_co_unref (gather);
  ll_co_unref (&slow->co);
  ll_co_unref (&failing->co);
}

static void
test_empty (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  AwaiterFrame *awaiter = awaiter_new (group);
  GPtrArray *results;

  ll_scheduler_spawn (sched, &awaiter->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_true (awaiter->resumed);
  g_assert_cmpint (ll_co_get_state (ll_task_group_get_co (group)), ==, LL_CO_STATE_FINISHED);
  g_assert_true (ll_task_group_finish (group, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ll_task_group_get_n_tasks (group), ==, 0);
  results = ll_co_get_result (ll_task_group_get_co (group));
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 0);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 0);
  ll_co_unref (&awaiter->co);
}

static void
test_cancel_awaiter (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *a, *b;
  AwaiterFrame *awaiter;

  a = add_sleeper (group, 1000, "a", NULL);
  b = add_sleeper (group, 2000, "b", NULL);
  awaiter = awaiter_new (group);
  ll_scheduler_spawn (sched, &awaiter->co);
  while (ll_co_get_wait (&a->co) != LL_CO_WAIT_SLEEP ||
         ll_co_get_wait (&b->co) != LL_CO_WAIT_SLEEP)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_co_get_wait (&awaiter->co), ==, LL_CO_WAIT_CO);

  ll_co_cancel (&awaiter->co);
  ll_scheduler_run_until_idle (sched);

  /* Down the chain: the awaiter, the group, every task in it, at once. */
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 0);
  g_assert_false (awaiter->resumed);
  g_assert_error ((GError *) ll_co_get_error (&awaiter->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (ll_co_is_cancelled (&a->co));
  g_assert_true (ll_co_is_cancelled (&b->co));
  g_assert_cmpint (a->cleanups, ==, 1);
  g_assert_cmpint (b->cleanups, ==, 1);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  ll_co_unref (&awaiter->co);
}

/* A task added while the group runs is spawned at once and awaited too. */
static void
test_add_while_running (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *late = ll_test_sleeper_new (50, "late", NULL);
  AwaiterFrame *awaiter;

  add_sleeper (group, 10, "early", NULL);
  awaiter = awaiter_new (group);
  awaiter->late = &late->co;
  ll_scheduler_spawn (sched, &awaiter->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_true (ll_task_group_finish (group, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ll_task_group_get_n_tasks (group), ==, 2);
  g_assert_cmpstr (ll_task_group_get_result (group, 1), ==, "late");
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 51 * 1000);
  ll_co_unref (&awaiter->co);
}

/* A group dropped before it ran does not leave its tasks behind. */
static void
test_drop_unstarted (void)
{
  LlTaskGroup *group = ll_task_group_new ();
  LlTestSleeper *a = ll_test_sleeper_new (10, "a", NULL);

  ll_task_group_add (group, &a->co);
  ll_task_group_unref (group);

  g_assert_cmpint (ll_co_get_state (&a->co), ==, LL_CO_STATE_FINISHED);
  g_assert_true (ll_co_is_cancelled (&a->co));
  g_assert_cmpint (a->cleanups, ==, 1);
  ll_co_unref (&a->co);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/task-group/results-in-order", test_results_in_order);
  g_test_add_func ("/looplab/task-group/fail-fast", test_fail_fast);
  g_test_add_func ("/looplab/task-group/gather-does-not-fail-fast", test_gather_does_not_fail_fast);
  g_test_add_func ("/looplab/task-group/empty", test_empty);
  g_test_add_func ("/looplab/task-group/cancel-awaiter", test_cancel_awaiter);
  g_test_add_func ("/looplab/task-group/add-while-running", test_add_while_running);
  g_test_add_func ("/looplab/task-group/drop-unstarted", test_drop_unstarted);

  return g_test_run ();
}
