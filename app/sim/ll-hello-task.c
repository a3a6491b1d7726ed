/* ll-hello-task.c: "Hello world!", a sleep that does not block, "Awake again!"
 *
 * asyncio's first example, written with this app's coroutines: the
 * window shows this file beside the same program in the notes' two
 * Python spellings.  hello() prints, sleeps without blocking and prints
 * again; gather starts n of them at once on one thread.  While they
 * sleep, the loop runs everything else: n tasks sleeping one second take
 * one second in all, not n.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-task"

#include "config.h"

#include "ll-hello-task.h"
#include "ll-task-group.h"

typedef struct
{
  LlCo        co;
  LlHelloRun *run;
  guint       number;
} HelloFrame;

/* hello(number) */
static LlCoStatus
hello_run (LlCo *co)
{
  HelloFrame *f = (HelloFrame *) co;

  LL_CO_BEGIN (co);

  ll_hello_run_say (f->run, f->number, LL_HELLO_POINT_START, "Hello world!");
  /* Back to the loop: it resumes this task when the time is up, and
   * runs the other tasks meanwhile.  g_usleep() would block them all. */
  LL_CO_SLEEP (co, ll_hello_run_get_sleep_msec (f->run));
  ll_hello_run_say (f->run, f->number, LL_HELLO_POINT_AWAKE, "Awake again!");

  LL_CO_END (co);
}

static void
hello_cleanup (LlCo *co)
{
  HelloFrame *f = (HelloFrame *) co;

  g_clear_pointer (&f->run, ll_hello_run_unref);
}

/**
 * ll_hello_gather_new:
 * @run: what the tasks share
 * @n_tasks: how many, at least 1
 * @tasks: (out) (transfer none): where the tasks go, in their order;
 *   the gather holds them
 *
 * gather(hello(1), ..., hello(n)): one coroutine that waits for n hello
 * tasks, for a scheduler to spawn; they all start when it first runs.
 *
 * Returns: (transfer full): the gathering coroutine, never run
 */
LlCo *
ll_hello_gather_new (LlHelloRun *run,
                     guint       n_tasks,
                     GPtrArray  *tasks)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_full (n_tasks, (GDestroyNotify) ll_co_unref);

  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (n_tasks >= 1, NULL);
  g_return_val_if_fail (tasks != NULL, NULL);

  for (guint number = 1; number <= n_tasks; number++)
    {
      HelloFrame *f = ll_co_new (HelloFrame, hello_run, hello_cleanup);

      f->run = ll_hello_run_ref (run);
      f->number = number;
      g_ptr_array_add (owned, f);
      g_ptr_array_add (tasks, f);
    }

  return ll_co_gather ((LlCo * const *) owned->pdata, owned->len);
}

/**
 * ll_hello_task_get_number:
 * @co: a hello task, one that ll_hello_gather_new() made
 *
 * Returns: its number, from 1
 */
guint
ll_hello_task_get_number (LlCo *co)
{
  g_return_val_if_fail (co != NULL, 0);

  return ((HelloFrame *) co)->number;
}
