/* ll-hello-program.c: tasks that sleep together on one thread
 *
 * Each task prints "Hello world!", sleeps one second without blocking,
 * and prints "Awake again!" (asyncio's first example).  With `--tasks N`
 * the N tasks are gathered and run concurrently: every line names the
 * thread it ran on, the same one each time, and all of them are done
 * after one second in total, not N:
 *
 *   [task 1, thread 0x55d0c1e2a2c0] Hello world!
 *   [task 2, thread 0x55d0c1e2a2c0] Hello world!
 *   [task 1, thread 0x55d0c1e2a2c0] Awake again!
 *   [task 2, thread 0x55d0c1e2a2c0] Awake again!
 *   2 tasks finished after 1.00 s on one thread
 *
 * The elapsed time is read on the scheduler's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-co.h"
#include "ll-hello-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

#define SLEEP_MSEC 1000

typedef struct
{
  GOutputStream *out;
  GThread       *thread;       /* where the first line ran */
  gboolean       other_thread; /* whether any line ran elsewhere */
} Hello;

typedef struct
{
  LlCo   co;
  Hello *hello;
  guint  number;
} HelloFrame;

static void
say (HelloFrame *f,
     const char *text)
{
  GThread *self = g_thread_self ();

  if (f->hello->thread == NULL)
    f->hello->thread = self;
  else if (self != f->hello->thread)
    f->hello->other_thread = TRUE;

  ll_print (f->hello->out, "[task %u, thread %p] %s\n", f->number, (gpointer) self, text);
}

static LlCoStatus
hello_run (LlCo *co)
{
  HelloFrame *f = (HelloFrame *) co;

  LL_CO_BEGIN (co);

  say (f, "Hello world!");
  /* Not g_usleep: the loop runs the other tasks during this second. */
  LL_CO_SLEEP (co, SLEEP_MSEC);
  say (f, "Awake again!");

  LL_CO_END (co);
}

gboolean
ll_hello_program_run (int             argc,
                      char          **argv,
                      GOutputStream  *out,
                      GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  g_autoptr(LlCo) gather = NULL;
  g_autofree char *seconds = NULL;
  Hello hello = { 0 };
  int n_tasks = 1;
  gint64 start;
  const GOptionEntry entries[] = {
    { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks,
      N_("How many tasks run concurrently (1 to 1000)"), N_("N") },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  if (n_tasks < 1 || n_tasks > LL_HELLO_MAX_TASKS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--tasks takes 1 to %d tasks, not %d"), LL_HELLO_MAX_TASKS, n_tasks);
      return FALSE;
    }

  hello.out = out;
  for (int i = 0; i < n_tasks; i++)
    {
      HelloFrame *f = ll_co_new (HelloFrame, hello_run, NULL);

      f->hello = &hello;
      f->number = i + 1;
      g_ptr_array_add (tasks, f);
    }

  /* asyncio.gather: all the tasks at once, on this one thread. */
  start = ll_scheduler_get_time (run.scheduler);
  gather = ll_co_gather ((LlCo * const *) tasks->pdata, tasks->len);
  ll_scheduler_spawn (run.scheduler, gather);
  ll_scheduler_run_until_done (run.scheduler, gather);
  if (ll_co_finish (gather, error) == NULL)
    return FALSE;

  seconds = ll_sim_format_seconds (ll_scheduler_get_time (run.scheduler) - start);
  ll_print (out, "%d %s finished after %s s on %s\n",
            n_tasks, n_tasks == 1 ? "task" : "tasks", seconds,
            hello.other_thread ? "several threads" : "one thread");

  return TRUE;
}
