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
 * The elapsed time is read on the scheduler's clock.  `--sleep S` sleeps
 * S seconds instead of one; `--trace` also prints each resume of a task,
 * where it resumed and when, on that clock:
 *
 *   resume task 1 at start, 0.000 s
 *   [task 1, thread 0x55d0c1e2a2c0] Hello world!
 *   ...
 *   resume task 1 after sleep, 1.000 s
 *   [task 1, thread 0x55d0c1e2a2c0] Awake again!
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

typedef struct
{
  GOutputStream *out;
  LlScheduler   *scheduler;
  gint64         start;        /* the scheduler's time at the gather */
  guint          sleep_msec;
  gboolean       trace;
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

static void
trace_resume (HelloFrame *f,
              const char *point)
{
  Hello *hello = f->hello;

  if (hello->trace)
    ll_print (hello->out, "resume task %u %s, %.3f s\n", f->number, point,
              (ll_scheduler_get_time (hello->scheduler) - hello->start) / (double) G_TIME_SPAN_SECOND);
}

static LlCoStatus
hello_run (LlCo *co)
{
  HelloFrame *f = (HelloFrame *) co;

  LL_CO_BEGIN (co);

  trace_resume (f, "at start");
  say (f, "Hello world!");
  /* Not g_usleep: the loop runs the other tasks during this sleep. */
  LL_CO_SLEEP (co, f->hello->sleep_msec);
  trace_resume (f, "after sleep");
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
  double sleep_seconds = 1.0;
  gboolean trace = FALSE;
  const GOptionEntry entries[] = {
    { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks,
      N_("How many tasks run concurrently (1 to 100000)"), N_("N") },
    { "sleep", 0, 0, G_OPTION_ARG_DOUBLE, &sleep_seconds,
      N_("How long each task sleeps, in seconds (0.1 to 5; 1 by default)"), N_("SECONDS") },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace,
      N_("Also print each resume of a task: where, and when"), NULL },
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
  if (!(sleep_seconds >= LL_HELLO_MIN_SLEEP && sleep_seconds <= LL_HELLO_MAX_SLEEP))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--sleep takes 0.1 to 5 seconds, not %g"), sleep_seconds);
      return FALSE;
    }

  hello.out = out;
  hello.scheduler = run.scheduler;
  hello.sleep_msec = (guint) (sleep_seconds * 1000.0 + 0.5);
  hello.trace = trace;
  for (int i = 0; i < n_tasks; i++)
    {
      HelloFrame *f = ll_co_new (HelloFrame, hello_run, NULL);

      f->hello = &hello;
      f->number = i + 1;
      g_ptr_array_add (tasks, f);
    }

  /* asyncio.gather: all the tasks at once, on this one thread. */
  hello.start = ll_scheduler_get_time (run.scheduler);
  gather = ll_co_gather ((LlCo * const *) tasks->pdata, tasks->len);
  ll_scheduler_spawn (run.scheduler, gather);
  ll_scheduler_run_until_done (run.scheduler, gather);
  if (ll_co_finish (gather, error) == NULL)
    return FALSE;

  seconds = ll_sim_format_seconds (ll_scheduler_get_time (run.scheduler) - hello.start);
  ll_print (out, "%d %s finished after %s s on %s\n",
            n_tasks, n_tasks == 1 ? "task" : "tasks", seconds,
            hello.other_thread ? "several threads" : "one thread");

  return TRUE;
}
