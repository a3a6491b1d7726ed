/* test-task-group.c: LlTaskGroup, the fail-fast gather, and ll_co_gather()
 *
 * Most tasks sleep on a virtual clock, so "the group did not wait for
 * the slow task" is a statement about the clock's reading, never about
 * real time.  The tests of structure (the group outlives every task,
 * however it ends) add a task stuck in a GIO operation that ignores its
 * cancellable for a while, and compare the order in which things
 * finished, never a duration.
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

/* A GIO operation that takes @msec of real time whether it is cancelled
 * or not, as a read must before the kernel lets go of the buffer; then
 * it reports G_IO_ERROR_CANCELLED if it was cancelled meanwhile. */
static gboolean
stubborn_done (gpointer data)
{
  GTask *task = data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

static void
stubborn_op_async (guint                msec,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, stubborn_op_async);
  g_timeout_add_full (G_PRIORITY_DEFAULT, msec, stubborn_done, task, g_object_unref);
}

static gboolean
stubborn_op_finish (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Who finished, in order: static strings. */
typedef struct
{
  LlCo       co;
  guint      msec;
  GPtrArray *log;
} StubbornFrame;

static LlCoStatus
stubborn_run (LlCo *co)
{
  StubbornFrame *f = (StubbornFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);
  LL_CO_AWAIT_ASYNC (co, stubborn_op_async, f->msec);
  if (!stubborn_op_finish (LL_CO_RESULT (co), &error))
    return ll_co_fail (co, error);
  LL_CO_END (co);
}

static void
stubborn_cleanup (LlCo *co)
{
  StubbornFrame *f = (StubbornFrame *) co;

  g_ptr_array_add (f->log, "stubborn");
}

static StubbornFrame *
stubborn_new (guint      msec,
              GPtrArray *log)
{
  StubbornFrame *f = ll_co_new (StubbornFrame, stubborn_run, stubborn_cleanup);

  f->msec = msec;
  f->log = log;

  return f;
}

/* Adds a stubborn task to @group, which keeps the only reference. */
static StubbornFrame *
add_stubborn (LlTaskGroup *group,
              guint        msec,
              GPtrArray   *log)
{
  StubbornFrame *f = stubborn_new (msec, log);

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
  LlCo        *late;         /* added once the group runs, if set */
  gboolean     cancel_first; /* spawns the group and cancels it before awaiting */
  GPtrArray   *log;          /* nullable: where it says it finished */
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
  if (f->cancel_first)
    {
      ll_scheduler_spawn (ll_co_get_scheduler (co), ll_task_group_get_co (f->group));
      ll_task_group_cancel (f->group);
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

  if (f->log != NULL)
    g_ptr_array_add (f->log, "awaiter");
  g_clear_pointer (&f->group, ll_task_group_unref);
  g_clear_pointer (&f->late, ll_co_unref);
}

static AwaiterFrame *
awaiter_new (LlTaskGroup *group,
             GPtrArray   *log)
{
  AwaiterFrame *f = ll_co_new (AwaiterFrame, awaiter_run, awaiter_cleanup);

  f->group = ll_task_group_ref (group);
  f->log = log;

  return f;
}

static AwaiterFrame *
spawn_awaiter (LlScheduler *sched,
               LlTaskGroup *group,
               GPtrArray   *log)
{
  AwaiterFrame *f = awaiter_new (group, log);

  ll_scheduler_spawn (sched, &f->co);

  return f;
}

/* Runs the main context until @co waits for @wait. */
static void
iterate_until_waiting (LlCo     *co,
                       LlCoWait  wait)
{
  while (ll_co_get_wait (co) != wait)
    g_main_context_iteration (NULL, TRUE);
}

/* Two sleepers in @group, awaited by a new task: runs until both sleep. */
static AwaiterFrame *
start_two_sleepers (LlScheduler    *sched,
                    LlTaskGroup    *group,
                    guint           msec_a,
                    guint           msec_b,
                    LlTestSleeper **a,
                    LlTestSleeper **b)
{
  AwaiterFrame *awaiter;

  *a = add_sleeper (group, msec_a, "a", NULL);
  *b = add_sleeper (group, msec_b, "b", NULL);
  awaiter = spawn_awaiter (sched, group, NULL);
  iterate_until_waiting (&(*a)->co, LL_CO_WAIT_SLEEP);
  iterate_until_waiting (&(*b)->co, LL_CO_WAIT_SLEEP);

  return awaiter;
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
  awaiter = spawn_awaiter (sched, group, NULL);
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
  awaiter = spawn_awaiter (sched, group, NULL);
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
  AwaiterFrame *awaiter = awaiter_new (group, NULL);
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

  awaiter = start_two_sleepers (sched, group, 1000, 2000, &a, &b);
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
  awaiter = awaiter_new (group, NULL);
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

static void
assert_log (GPtrArray  *log,
            const char *first,
            const char *second)
{
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, first);
  g_assert_cmpstr (g_ptr_array_index (log, 1), ==, second);
}

/* Cancelled while one task is stuck in GIO, the group still waits for
 * it: the awaiter finishes after it, never before.  The group awaits
 * the sleeper first, which unwinds at once. */
static void
assert_cancel_waits (gboolean cancel_awaiter)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GPtrArray) log = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *sleeper;
  StubbornFrame *stubborn;
  AwaiterFrame *awaiter;

  sleeper = add_sleeper (group, 60 * 1000, "sleeper", NULL);
  stubborn = add_stubborn (group, 50, log);
  awaiter = spawn_awaiter (sched, group, log);
  iterate_until_waiting (&sleeper->co, LL_CO_WAIT_SLEEP);
  iterate_until_waiting (&stubborn->co, LL_CO_WAIT_ASYNC);

  if (cancel_awaiter)
    ll_co_cancel (&awaiter->co);
  else
    ll_task_group_cancel (group);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  assert_log (log, "stubborn", "awaiter");
  g_assert_true (ll_co_is_cancelled (&sleeper->co));
  g_assert_true (ll_co_is_cancelled (&stubborn->co));
  g_assert_error ((GError *) ll_co_get_error (&stubborn->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (ll_co_finish (&awaiter->co, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  ll_co_unref (&awaiter->co);
}

static void
test_cancel_awaiter_waits (void)
{
  assert_cancel_waits (TRUE);
}

static void
test_cancel_group_waits (void)
{
  assert_cancel_waits (FALSE);
}

/* Failing fast is structured too: the failure cancels the stubborn
 * task, and the group waits for it to unwind. */
static void
test_failure_waits (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GPtrArray) log = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  StubbornFrame *stubborn;
  AwaiterFrame *awaiter;

  add_sleeper (group, 1, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"));
  stubborn = add_stubborn (group, 50, log);
  awaiter = spawn_awaiter (sched, group, log);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  assert_log (log, "stubborn", "awaiter");
  g_assert_true (ll_co_is_cancelled (&stubborn->co));
  /* The real failure, not the cancellation that came back later. */
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ll_co_unref (&awaiter->co);
}

/* Cancelled before its body ever ran, a group still waits for a task
 * that was spawned before it was added. */
static void
test_cancel_before_start (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GPtrArray) log = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  StubbornFrame *stubborn = stubborn_new (50, log);
  AwaiterFrame *awaiter;

  ll_scheduler_spawn (sched, &stubborn->co);
  iterate_until_waiting (&stubborn->co, LL_CO_WAIT_ASYNC);
  ll_task_group_add (group, &stubborn->co);
  awaiter = awaiter_new (group, log);
  awaiter->cancel_first = TRUE;
  ll_scheduler_spawn (sched, &awaiter->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  assert_log (log, "stubborn", "awaiter");
  g_assert_true (awaiter->resumed);
  g_assert_true (ll_co_is_cancelled (&stubborn->co));
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_co_unref (&stubborn->co);
  ll_co_unref (&awaiter->co);
}

/* A gather cancelled is structured the same way. */
static void
test_gather_cancel_waits (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GPtrArray) log = g_ptr_array_new ();
  LlTestSleeper *sleeper = ll_test_sleeper_new (60 * 1000, "sleeper", NULL);
  StubbornFrame *stubborn = stubborn_new (50, log);
  LlCo *cos[] = { &sleeper->co, &stubborn->co };
  LlCo *gather = ll_co_gather (cos, G_N_ELEMENTS (cos));

  ll_scheduler_spawn (sched, gather);
  iterate_until_waiting (&stubborn->co, LL_CO_WAIT_ASYNC);
  ll_co_cancel (gather);
  while (ll_co_get_state (gather) != LL_CO_STATE_FINISHED)
    {
      /* Not finished while the stubborn task is still in GIO. */
      g_assert_cmpuint (log->len, ==, 0);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_cmpuint (log->len, ==, 1);
  g_assert_true (ll_co_is_cancelled (&sleeper->co));
  g_assert_error ((GError *) ll_co_get_error (gather), G_IO_ERROR, G_IO_ERROR_CANCELLED);

  ll_co_unref (gather);
  ll_co_unref (&sleeper->co);
  ll_co_unref (&stubborn->co);
}

/* A task cancelled by itself (not by its group) is asyncio's child that
 * raised CancelledError: its siblings run on.  The group still says it
 * was cancelled once they are done, since one result is missing. */
static void
test_self_cancel_spares_siblings (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *a, *b;
  AwaiterFrame *awaiter;

  awaiter = start_two_sleepers (sched, group, 100, 1000, &a, &b);

  ll_co_cancel (&a->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 1000 * 1000);
  g_assert_cmpint (a->cleanups, ==, 1);
  g_assert_false (ll_co_is_cancelled (&b->co));
  g_assert_null (ll_task_group_get_result (group, 0));
  g_assert_cmpstr (ll_task_group_get_result (group, 1), ==, "b");
  g_assert_true (awaiter->resumed);
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_co_unref (&awaiter->co);
}

/* After a lone cancellation, a real failure still fails fast, and is
 * the group's error. */
static void
test_self_cancel_then_failure (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LlTestSleeper *a, *c;
  AwaiterFrame *awaiter;

  a = add_sleeper (group, 100, "a", NULL);
  add_sleeper (group, 200, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"));
  c = add_sleeper (group, 1000, "c", NULL);
  awaiter = spawn_awaiter (sched, group, NULL);
  iterate_until_waiting (&a->co, LL_CO_WAIT_SLEEP);

  ll_co_cancel (&a->co);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 200 * 1000);
  g_assert_true (ll_co_is_cancelled (&c->co));
  g_assert_false (ll_task_group_finish (group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ll_co_unref (&awaiter->co);
}

/* A launcher in the group adds the rest over time, a batch at a time
 * with a yield in between (as the fetch workload does): the group
 * awaits every task added, the last batch included. */
#define LAUNCH_BATCHES 3
#define LAUNCH_BATCH   4

typedef struct
{
  LlCo         co;
  LlTaskGroup *group;     /* borrowed: the group holds this task */
  guint        next;
} LauncherFrame;

static LlCoStatus
launcher_run (LlCo *co)
{
  LauncherFrame *f = (LauncherFrame *) co;

  LL_CO_BEGIN (co);
  while (f->next < LAUNCH_BATCHES * LAUNCH_BATCH)
    {
      do
        {
          g_autofree char *name = g_strdup_printf ("t%u", f->next);

          f->next++;
          add_sleeper (f->group, 10 * f->next, name, NULL);
        }
      while (f->next % LAUNCH_BATCH != 0);
      LL_CO_YIELD (co, NULL);
    }
  LL_CO_END (co);
}

static void
test_add_from_launcher (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlTaskGroup) group = ll_task_group_new ();
  g_autoptr(GError) error = NULL;
  LauncherFrame *launcher = ll_co_new (LauncherFrame, launcher_run, NULL);
  AwaiterFrame *awaiter;
  guint i;

  launcher->group = group;
  ll_task_group_add (group, &launcher->co);
  ll_co_unref (&launcher->co);
  awaiter = spawn_awaiter (sched, group, NULL);
  ll_scheduler_run_until_done (sched, &awaiter->co);

  g_assert_true (awaiter->resumed);
  g_assert_true (ll_task_group_finish (group, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ll_task_group_get_n_tasks (group), ==, 1 + LAUNCH_BATCHES * LAUNCH_BATCH);
  for (i = 1; i < ll_task_group_get_n_tasks (group); i++)
    {
      g_autofree char *name = g_strdup_printf ("t%u", i - 1);

      g_assert_cmpint (ll_co_get_state (ll_task_group_get_task (group, i)), ==, LL_CO_STATE_FINISHED);
      g_assert_cmpstr (ll_task_group_get_result (group, i), ==, name);
    }
  /* The last one added sleeps the longest, from the third batch on. */
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 10 * LAUNCH_BATCHES * LAUNCH_BATCH * 1000);
  ll_co_unref (&awaiter->co);
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
  g_test_add_func ("/looplab/task-group/cancel-awaiter-waits", test_cancel_awaiter_waits);
  g_test_add_func ("/looplab/task-group/cancel-group-waits", test_cancel_group_waits);
  g_test_add_func ("/looplab/task-group/failure-waits", test_failure_waits);
  g_test_add_func ("/looplab/task-group/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/looplab/task-group/gather-cancel-waits", test_gather_cancel_waits);
  g_test_add_func ("/looplab/task-group/self-cancel-spares-siblings", test_self_cancel_spares_siblings);
  g_test_add_func ("/looplab/task-group/self-cancel-then-failure", test_self_cancel_then_failure);
  g_test_add_func ("/looplab/task-group/add-from-launcher", test_add_from_launcher);

  return g_test_run ();
}
