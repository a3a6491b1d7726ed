/* test-co.c: the coroutine runtime: generators, tasks, GIO, clocks
 *
 * Time goes through a virtual clock wherever a test sleeps, so nothing
 * here waits through real seconds, and nothing asserts a duration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ll-co.h"
#include "ll-frame-pool.h"
#include "ll-scheduler.h"

/* Generators: send and yield */

typedef struct
{
  LlCo     co;
  GString *log;
  int      i;
  int      cleanups;
} EchoFrame;

/* Yields 10, 20, 30 and logs what it receives; returns "done". */
static LlCoStatus
echo_run (LlCo *co)
{
  EchoFrame *f = (EchoFrame *) co;

  LL_CO_BEGIN (co);

  g_string_append (f->log, "start;");
  for (f->i = 1; f->i <= 3; f->i++)
    {
      LL_CO_YIELD (co, GINT_TO_POINTER (f->i * 10));
      g_string_append_printf (f->log, "got %d;", GPOINTER_TO_INT (co->value));
    }
  g_string_append (f->log, "end;");

  return ll_co_return (co, g_strdup ("done"), g_free);

  LL_CO_END (co);
}

static void
echo_cleanup (LlCo *co)
{
  EchoFrame *f = (EchoFrame *) co;

  f->cleanups++;
}

static EchoFrame *
echo_new (void)
{
  EchoFrame *f = ll_co_new (EchoFrame, echo_run, echo_cleanup);

  f->log = g_string_new (NULL);

  return f;
}

static void
echo_free (EchoFrame *f)
{
  g_string_free (f->log, TRUE);
  ll_co_unref (&f->co);
}

static void
test_send_yield (void)
{
  EchoFrame *f = echo_new ();
  g_autoptr(GError) error = NULL;
  gpointer v;
  int n;

  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_CREATED);
  g_assert_cmpstr (ll_co_get_name (&f->co), ==, "echo_run");
  g_assert_true (g_str_has_suffix (ll_co_get_file (&f->co), "test-co.c"));

  /* The caller and the body take turns on one log. */
  g_string_append (f->log, "prime;");
  v = ll_co_send (&f->co, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (v), ==, 10);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_SUSPENDED);
  g_assert_cmpint (ll_co_get_wait (&f->co), ==, LL_CO_WAIT_YIELD);
  g_assert_cmpint (ll_co_get_line (&f->co), >, 0);

  for (n = 1; n <= 2; n++)
    {
      g_string_append_printf (f->log, "send %d;", n);
      v = ll_co_send (&f->co, GINT_TO_POINTER (n), &error);
      g_assert_no_error (error);
      g_assert_cmpint (GPOINTER_TO_INT (v), ==, (n + 1) * 10);
    }

  g_string_append (f->log, "send 3;");
  v = ll_co_send (&f->co, GINT_TO_POINTER (3), &error);
  g_assert_no_error (error);
  g_assert_null (v);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpstr (ll_co_finish (&f->co, &error), ==, "done");
  g_assert_no_error (error);
  g_assert_cmpint (f->cleanups, ==, 1);

  g_assert_cmpstr (f->log->str, ==,
                   "prime;start;send 1;got 1;send 2;got 2;send 3;got 3;end;");

  echo_free (f);
}

/* The notes' producer/consumer, with Python's priming send. */

typedef struct
{
  LlCo     co;
  GString *out;
  char    *r;
  int      n;
} ConsumerFrame;

static LlCoStatus
consumer_run (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      LL_CO_YIELD (co, f->r);
      f->n = GPOINTER_TO_INT (co->value);
      if (f->n == 0)
        break;
      g_string_append_printf (f->out, "[Consumer] consuming %d\n", f->n);
      g_free (f->r);
      f->r = g_strdup_printf ("200 ok %d", f->n);
    }

  LL_CO_END (co);
}

static void
consumer_cleanup (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  g_clear_pointer (&f->r, g_free);
}

static void
test_priming (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  ConsumerFrame *f = ll_co_new (ConsumerFrame, consumer_run, consumer_cleanup);
  LlCo *c = &f->co;
  const char *r;
  int n;

  f->out = out;

  /* A value sent before priming is refused, and nothing runs. */
  r = ll_co_send (c, GINT_TO_POINTER (1), &error);
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_STARTED);
  g_assert_null (r);
  g_clear_error (&error);
  g_assert_cmpint (ll_co_get_state (c), ==, LL_CO_STATE_CREATED);
  g_assert_cmpint (ll_co_get_line (c), ==, 0);

  /* c.send(None) runs it to its first yield, which hands out r = NULL. */
  r = ll_co_send (c, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (r);
  g_assert_cmpint (ll_co_get_state (c), ==, LL_CO_STATE_SUSPENDED);
  g_assert_cmpuint (out->len, ==, 0);

  for (n = 1; n <= 5; n++)
    {
      g_string_append_printf (out, "[Producer] producing %d\n", n);
      r = ll_co_send (c, GINT_TO_POINTER (n), &error);
      g_assert_no_error (error);
      g_string_append_printf (out, "[Producer] Consumer return %s\n", r);
    }
  ll_co_close (c);
  g_assert_cmpint (ll_co_get_state (c), ==, LL_CO_STATE_FINISHED);
  g_assert_null (ll_co_get_error (c));
  g_assert_null (f->r);

  for (n = 1; n <= 5; n++)
    g_string_append_printf (expected,
                            "[Producer] producing %d\n"
                            "[Consumer] consuming %d\n"
                            "[Producer] Consumer return 200 ok %d\n",
                            n, n, n);
  g_assert_cmpstr (out->str, ==, expected->str);

  ll_co_unref (c);
}

/* Close */

typedef struct
{
  LlCo  co;
  int  *cleanups;
  int   started;
  int   resumed;
  int   closed_at;
  int   yield_line;
} ForeverFrame;

static LlCoStatus
forever_run (LlCo *co)
{
  ForeverFrame *f = (ForeverFrame *) co;

  LL_CO_BEGIN (co);

  f->started++;
  for (;;)
    {
      f->yield_line = __LINE__ + 1;
      LL_CO_YIELD (co, NULL);
      f->resumed++;
    }

  LL_CO_END (co);
}

static void
forever_cleanup (LlCo *co)
{
  ForeverFrame *f = (ForeverFrame *) co;

  (*f->cleanups)++;
  f->closed_at = co->line;
}

static ForeverFrame *
forever_new (int *cleanups)
{
  ForeverFrame *f = ll_co_new (ForeverFrame, forever_run, forever_cleanup);

  f->cleanups = cleanups;

  return f;
}

static void
test_close (void)
{
  g_autoptr(GError) error = NULL;
  ForeverFrame *f;
  int cleanups = 0;

  /* Suspended: the cleanup runs at the suspension point, once. */
  f = forever_new (&cleanups);
  ll_co_send (&f->co, NULL, &error);
  ll_co_send (&f->co, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->resumed, ==, 1);
  ll_co_close (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
  g_assert_cmpint (f->resumed, ==, 1);
  g_assert_cmpint (f->closed_at, ==, f->yield_line);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  g_assert_null (ll_co_get_error (&f->co));
  ll_co_close (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
  g_assert_null (ll_co_send (&f->co, NULL, &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_cmpint (f->resumed, ==, 1);
  ll_co_unref (&f->co);
  g_assert_cmpint (cleanups, ==, 1);

  /* Never started: it finishes without running its body. */
  cleanups = 0;
  f = forever_new (&cleanups);
  ll_co_close (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
  g_assert_cmpint (f->started, ==, 0);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  ll_co_unref (&f->co);
  g_assert_cmpint (cleanups, ==, 1);

  /* Dropped while suspended: the last reference runs the cleanup. */
  cleanups = 0;
  f = forever_new (&cleanups);
  ll_co_send (&f->co, NULL, &error);
  g_assert_cmpint (cleanups, ==, 0);
  ll_co_unref (&f->co);
  g_assert_cmpint (cleanups, ==, 1);

  /* Cancelling a generator finishes it with G_IO_ERROR_CANCELLED. */
  cleanups = 0;
  f = forever_new (&cleanups);
  ll_co_send (&f->co, NULL, &error);
  ll_co_cancel (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
  g_assert_cmpint (f->resumed, ==, 0);
  g_assert_true (ll_co_is_cancelled (&f->co));
  g_assert_error ((GError *) ll_co_get_error (&f->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_co_close (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
  ll_co_unref (&f->co);
  g_assert_cmpint (cleanups, ==, 1);
}

/* Throw */

typedef struct
{
  LlCo     co;
  GString *log;
  GError  *caught;
  int      p1_line;
  int      cleanups;
} ThrowFrame;

static LlCoStatus
thrower_run (LlCo *co)
{
  ThrowFrame *f = (ThrowFrame *) co;

  LL_CO_BEGIN (co);

  g_string_append (f->log, "a;");
  f->p1_line = __LINE__ + 1;
  LL_CO_YIELD (co, "p1");
  g_string_append (f->log, "b;");
  LL_CO_YIELD_CATCH (co, "p2", &f->caught);
  if (f->caught != NULL)
    {
      g_string_append_printf (f->log, "caught %s at p2;", f->caught->message);
      g_clear_error (&f->caught);
    }
  else
    {
      g_string_append (f->log, "c;");
    }
  LL_CO_YIELD (co, "p3");
  g_string_append (f->log, "d;");

  LL_CO_END (co);
}

static void
thrower_cleanup (LlCo *co)
{
  ThrowFrame *f = (ThrowFrame *) co;

  f->cleanups++;
  g_string_append (f->log, "cleanup;");
}

static ThrowFrame *
thrower_new (void)
{
  ThrowFrame *f = ll_co_new (ThrowFrame, thrower_run, thrower_cleanup);

  f->log = g_string_new (NULL);

  return f;
}

static void
thrower_free (ThrowFrame *f)
{
  g_string_free (f->log, TRUE);
  ll_co_unref (&f->co);
}

static void
test_throw (void)
{
  g_autoptr(GError) error = NULL;
  ThrowFrame *f;
  const char *v;

  /* Caught where the body catches it; it carries on to the next yield. */
  f = thrower_new ();
  g_assert_cmpstr (ll_co_send (&f->co, NULL, &error), ==, "p1");
  g_assert_cmpstr (ll_co_send (&f->co, NULL, &error), ==, "p2");
  v = ll_co_throw (&f->co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v, ==, "p3");
  g_assert_cmpstr (f->log->str, ==, "a;b;caught boom at p2;");
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_SUSPENDED);

  /* Not caught at p3: it propagates, the rest of the body never runs. */
  v = ll_co_throw (&f->co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"), &error);
  g_assert_null (v);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "gone");
  g_clear_error (&error);
  g_assert_cmpstr (f->log->str, ==, "a;b;caught boom at p2;cleanup;");
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  g_assert_error ((GError *) ll_co_get_error (&f->co), G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (ll_co_finish (&f->co, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (f->cleanups, ==, 1);
  thrower_free (f);

  /* Thrown at p1, a plain yield: it surfaces there, before "b". */
  f = thrower_new ();
  ll_co_send (&f->co, NULL, &error);
  v = ll_co_throw (&f->co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "busy"), &error);
  g_assert_null (v);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpstr (f->log->str, ==, "a;cleanup;");
  g_assert_cmpint (ll_co_get_line (&f->co), ==, f->p1_line);
  thrower_free (f);

  /* Thrown before priming: it finishes without running. */
  f = thrower_new ();
  v = ll_co_throw (&f->co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "early"), &error);
  g_assert_null (v);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpstr (f->log->str, ==, "cleanup;");
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);

  /* Thrown into a finished one: refused, and the thrown error is freed. */
  v = ll_co_throw (&f->co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "late"), &error);
  g_assert_null (v);
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  g_clear_error (&error);

  /* Closing cannot be caught by LL_CO_YIELD_CATCH. */
  thrower_free (f);
  f = thrower_new ();
  ll_co_send (&f->co, NULL, &error);
  ll_co_send (&f->co, NULL, &error);
  ll_co_close (&f->co);
  g_assert_cmpstr (f->log->str, ==, "a;b;cleanup;");
  g_assert_null (ll_co_get_error (&f->co));
  thrower_free (f);
}

/* Refusals */

typedef struct
{
  LlCo    co;
  int     runs;
  GError *inner_error;
} SelfSendFrame;

static LlCoStatus
self_send_run (LlCo *co)
{
  SelfSendFrame *f = (SelfSendFrame *) co;

  f->runs++;

  LL_CO_BEGIN (co);

  /* A send to itself while it runs is refused, not re-entered. */
  g_assert_null (ll_co_send (co, NULL, &f->inner_error));
  LL_CO_YIELD (co, GINT_TO_POINTER (1));

  return ll_co_return (co, GINT_TO_POINTER (99), NULL);

  LL_CO_END (co);
}

static void
self_send_cleanup (LlCo *co)
{
  SelfSendFrame *f = (SelfSendFrame *) co;

  g_clear_error (&f->inner_error);
}

typedef struct
{
  LlCo co;
  int  slept;
} SleepyGeneratorFrame;

static LlCoStatus
sleepy_generator_run (LlCo *co)
{
  SleepyGeneratorFrame *f = (SleepyGeneratorFrame *) co;

  LL_CO_BEGIN (co);
  LL_CO_SLEEP (co, 10);
  f->slept = 1;
  LL_CO_END (co);
}

static void
test_refuse_send (void)
{
  g_autoptr(GError) error = NULL;
  SelfSendFrame *f = ll_co_new (SelfSendFrame, self_send_run, self_send_cleanup);
  SleepyGeneratorFrame *g;

  g_assert_cmpint (GPOINTER_TO_INT (ll_co_send (&f->co, NULL, &error)), ==, 1);
  g_assert_no_error (error);
  g_assert_error (f->inner_error, LL_CO_ERROR, LL_CO_ERROR_RUNNING);
  g_assert_null (ll_co_send (&f->co, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpint (GPOINTER_TO_INT (ll_co_finish (&f->co, &error)), ==, 99);
  g_assert_cmpint (f->runs, ==, 2);

  /* Finished: refused, and the body is not called again. */
  g_assert_null (ll_co_send (&f->co, GINT_TO_POINTER (5), &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_null (ll_co_send (&f->co, NULL, &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_cmpint (f->runs, ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (ll_co_get_result (&f->co)), ==, 99);
  ll_co_unref (&f->co);

  /* A generator cannot sleep: it fails with a clear error. */
  g = ll_co_new (SleepyGeneratorFrame, sleepy_generator_run, NULL);
  g_assert_null (ll_co_send (&g->co, NULL, &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK);
  g_clear_error (&error);
  g_assert_cmpint (g->slept, ==, 0);
  g_assert_cmpint (ll_co_get_state (&g->co), ==, LL_CO_STATE_FINISHED);
  ll_co_unref (&g->co);
}

/* ll_co_send() is inline, with a fast path for a suspended generator:
 * each refusal still says what it always said, and a generator that stops
 * on the fast path (returns, fails, or tries to wait) finishes as it would
 * off it. */

typedef struct
{
  LlCo co;
  int  how;       /* after one yield: 0 returns, 1 fails, 2 sleeps */
  int  runs;
  int  cleanups;
} StopFrame;

static LlCoStatus
stop_run (LlCo *co)
{
  StopFrame *f = (StopFrame *) co;

  f->runs++;

  LL_CO_BEGIN (co);

  LL_CO_YIELD (co, GINT_TO_POINTER (1));
  if (f->how == 1)
    return ll_co_fail (co, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "broke"));
  if (f->how == 2)
    LL_CO_SLEEP (co, 10);

  return ll_co_return (co, GINT_TO_POINTER (7), NULL);

  LL_CO_END (co);
}

static void
stop_cleanup (LlCo *co)
{
  StopFrame *f = (StopFrame *) co;

  f->cleanups++;
}

static void
test_send_checks (void)
{
  g_autoptr(GError) error = NULL;
  GError *preset;
  StopFrame *f;
  int how;

  for (how = 0; how <= 2; how++)
    {
      f = ll_co_new (StopFrame, stop_run, stop_cleanup);
      f->how = how;
      g_assert_cmpint (GPOINTER_TO_INT (ll_co_send (&f->co, NULL, &error)), ==, 1);
      g_assert_no_error (error);
      g_assert_null (ll_co_send (&f->co, GINT_TO_POINTER (5), &error));
      g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_FINISHED);
      g_assert_cmpint (ll_co_get_wait (&f->co), ==, LL_CO_WAIT_NONE);
      g_assert_cmpint (f->cleanups, ==, 1);
      g_assert_cmpint (f->runs, ==, 2);
      if (how == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (GPOINTER_TO_INT (ll_co_finish (&f->co, &error)), ==, 7);
          g_assert_no_error (error);
        }
      else if (how == 1)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
          g_assert_cmpstr (error->message, ==, "broke");
        }
      else
        {
          g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK);
        }
      g_clear_error (&error);

      /* Finished: refused without running the body. */
      g_assert_null (ll_co_send (&f->co, NULL, &error));
      g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
      g_clear_error (&error);
      g_assert_cmpint (f->runs, ==, 2);
      ll_co_unref (&f->co);
    }

  /* Never primed: only NULL may be sent. */
  f = ll_co_new (StopFrame, stop_run, stop_cleanup);
  g_assert_null (ll_co_send (&f->co, GINT_TO_POINTER (5), &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_STARTED);
  g_clear_error (&error);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_CREATED);
  g_assert_cmpint (f->runs, ==, 0);

  /* The programming errors are criticals under ll_co_send()'s name, and
   * a suspended generator is not resumed by a send that carries one. */
  ll_co_send (&f->co, NULL, NULL);
  g_test_expect_message ("ll-co", G_LOG_LEVEL_CRITICAL,
                         "ll_co_send: assertion 'co != NULL' failed");
  g_assert_null (ll_co_send (NULL, GINT_TO_POINTER (5), &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  preset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "already set");
  error = preset;
  g_test_expect_message ("ll-co", G_LOG_LEVEL_CRITICAL,
                         "ll_co_send: assertion 'error == NULL || *error == NULL' failed");
  g_assert_null (ll_co_send (&f->co, GINT_TO_POINTER (5), &error));
  g_test_assert_expected_messages ();
  g_assert_true (error == preset);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_SUSPENDED);
  g_assert_cmpint (f->runs, ==, 1);
  g_assert_cmpint (f->cleanups, ==, 0);
  g_clear_error (&error);

  ll_co_unref (&f->co);
}

/* Task basics: a task cannot be driven by hand */

static void
test_task_refuses_send (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GError) error = NULL;
  EchoFrame *f = echo_new ();

  ll_scheduler_spawn (sched, &f->co);
  g_assert_null (ll_co_send (&f->co, NULL, &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK);
  g_assert_cmpuint (f->log->len, ==, 0);
  g_assert_cmpint (ll_co_get_wait (&f->co), ==, LL_CO_WAIT_READY);

  /* As a task, each yield just lets the others run; it runs to the end. */
  ll_scheduler_run_until_done (sched, &f->co);
  g_assert_cmpstr (f->log->str, ==, "start;got 0;got 0;got 0;end;");
  g_assert_cmpstr (ll_co_get_result (&f->co), ==, "done");
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  echo_free (f);
}

/* GIO: a real file read */

typedef struct
{
  LlCo          co;
  GFile        *file;
  GInputStream *stream;
  GByteArray   *data;
  guint8        buf[7];
} ReadFileFrame;

static LlCoStatus
read_file_run (LlCo *co)
{
  ReadFileFrame *f = (ReadFileFrame *) co;
  GError *error = NULL;
  gssize n;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_file_read_async, f->file, G_PRIORITY_DEFAULT);
  f->stream = G_INPUT_STREAM (g_file_read_finish (f->file, LL_CO_RESULT (co), &error));
  if (f->stream == NULL)
    return ll_co_fail (co, error);

  for (;;)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         f->stream, f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
      n = g_input_stream_read_finish (f->stream, LL_CO_RESULT (co), &error);
      if (n < 0)
        return ll_co_fail (co, error);
      if (n == 0)
        break;
      g_byte_array_append (f->data, f->buf, (guint) n);
    }

  LL_CO_AWAIT_ASYNC (co, g_input_stream_close_async, f->stream, G_PRIORITY_DEFAULT);
  if (!g_input_stream_close_finish (f->stream, LL_CO_RESULT (co), &error))
    return ll_co_fail (co, error);

  return ll_co_return (co, g_byte_array_ref (f->data), (GDestroyNotify) g_byte_array_unref);

  LL_CO_END (co);
}

static void
read_file_cleanup (LlCo *co)
{
  ReadFileFrame *f = (ReadFileFrame *) co;

  g_clear_object (&f->file);
  g_clear_object (&f->stream);
  g_clear_pointer (&f->data, g_byte_array_unref);
}

static void
record_async_calls (const LlCoEvent *event,
                    gpointer         user_data)
{
  GPtrArray *calls = user_data;

  if (event->kind == LL_CO_EVENT_SUSPENDED && event->wait == LL_CO_WAIT_ASYNC)
    g_ptr_array_add (calls, ll_co_describe_wait (event->co));
}

static void
test_gio_file_read (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *described = NULL;
  ReadFileFrame *f;
  GByteArray *data;
  int fd;
  int i;

  for (i = 0; i < 500; i++)
    g_string_append_printf (content, "line %d\n", i);

  fd = g_file_open_tmp ("test-co-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, content->str, (gssize) content->len, &error);
  g_assert_no_error (error);

  ll_scheduler_set_event_func (sched, record_async_calls, calls, NULL);

  f = ll_co_new (ReadFileFrame, read_file_run, read_file_cleanup);
  f->file = g_file_new_for_path (path);
  f->data = g_byte_array_new ();
  ll_scheduler_spawn (sched, &f->co);

  /* One dispatch starts the open and suspends: nothing blocked on it. */
  while (ll_co_get_wait (&f->co) != LL_CO_WAIT_ASYNC)
    g_main_context_iteration (NULL, TRUE);
  described = ll_co_describe_wait (&f->co);
  g_assert_cmpstr (described, ==, "awaiting g_file_read_async");

  ll_scheduler_run_until_done (sched, &f->co);
  data = ll_co_finish (&f->co, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->len, ==, content->len);
  g_assert_true (memcmp (data->data, content->str, content->len) == 0);

  /* Open, ceil(len / 7) + 1 reads (the last one returns 0), close. */
  g_assert_cmpuint (calls->len, ==, 1 + (content->len + 6) / 7 + 1 + 1);
  g_assert_cmpstr (g_ptr_array_index (calls, 0), ==, "awaiting g_file_read_async");
  g_assert_cmpstr (g_ptr_array_index (calls, 1), ==, "awaiting g_input_stream_read_async");
  g_assert_cmpstr (g_ptr_array_index (calls, calls->len - 1), ==,
                   "awaiting g_input_stream_close_async");

  ll_co_unref (&f->co);
  g_unlink (path);
}

/* GIO: a real socket on loopback */

typedef struct
{
  LlCo                co;
  GSocketListener    *listener;
  GSocketConnection  *connection;
  GInputStream       *in;            /* borrowed from the connection */
  GOutputStream      *out;
  guint8              buf[4];
  gsize               n;
} ServerFrame;

static LlCoStatus
server_run (LlCo *co)
{
  ServerFrame *f = (ServerFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_socket_listener_accept_async, f->listener);
  f->connection = g_socket_listener_accept_finish (f->listener, LL_CO_RESULT (co), NULL, &error);
  if (f->connection == NULL)
    return ll_co_fail (co, error);
  f->in = g_io_stream_get_input_stream (G_IO_STREAM (f->connection));
  f->out = g_io_stream_get_output_stream (G_IO_STREAM (f->connection));

  LL_CO_AWAIT_ASYNC (co, g_input_stream_read_all_async,
                     f->in, f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
  if (!g_input_stream_read_all_finish (f->in, LL_CO_RESULT (co), &f->n, &error))
    return ll_co_fail (co, error);
  g_assert_cmpuint (f->n, ==, 4);
  g_assert_true (memcmp (f->buf, "ping", 4) == 0);

  LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async, f->out, "pong", 4, G_PRIORITY_DEFAULT);
  if (!g_output_stream_write_all_finish (f->out, LL_CO_RESULT (co), &f->n, &error))
    return ll_co_fail (co, error);

  return ll_co_return (co, (gpointer) "served", NULL);

  LL_CO_END (co);
}

static void
server_cleanup (LlCo *co)
{
  ServerFrame *f = (ServerFrame *) co;

  g_clear_object (&f->listener);
  g_clear_object (&f->connection);
}

typedef struct
{
  LlCo                co;
  GSocketClient      *client;
  GSocketConnectable *address;
  GSocketConnection  *connection;
  GInputStream       *in;            /* borrowed from the connection */
  GOutputStream      *out;
  char                buf[5];
  gsize               n;
} ClientFrame;

static LlCoStatus
client_run (LlCo *co)
{
  ClientFrame *f = (ClientFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_socket_client_connect_async, f->client, f->address);
  f->connection = g_socket_client_connect_finish (f->client, LL_CO_RESULT (co), &error);
  if (f->connection == NULL)
    return ll_co_fail (co, error);
  f->in = g_io_stream_get_input_stream (G_IO_STREAM (f->connection));
  f->out = g_io_stream_get_output_stream (G_IO_STREAM (f->connection));

  LL_CO_AWAIT_ASYNC (co, g_output_stream_write_all_async, f->out, "ping", 4, G_PRIORITY_DEFAULT);
  if (!g_output_stream_write_all_finish (f->out, LL_CO_RESULT (co), &f->n, &error))
    return ll_co_fail (co, error);

  LL_CO_AWAIT_ASYNC (co, g_input_stream_read_all_async, f->in, f->buf, 4, G_PRIORITY_DEFAULT);
  if (!g_input_stream_read_all_finish (f->in, LL_CO_RESULT (co), &f->n, &error))
    return ll_co_fail (co, error);

  return ll_co_return (co, g_strndup (f->buf, f->n), g_free);

  LL_CO_END (co);
}

static void
client_cleanup (LlCo *co)
{
  ClientFrame *f = (ClientFrame *) co;

  g_clear_object (&f->client);
  g_clear_object (&f->address);
  g_clear_object (&f->connection);
}

static void
test_gio_socket (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCo) gather = NULL;
  ServerFrame *server;
  ClientFrame *client;
  LlCo *both[2];
  GPtrArray *results;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL,
                                 (GSocketAddress **) &effective, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)), >, 0);

  server = ll_co_new (ServerFrame, server_run, server_cleanup);
  server->listener = g_object_ref (listener);
  client = ll_co_new (ClientFrame, client_run, client_cleanup);
  client->client = g_socket_client_new ();
  client->address = G_SOCKET_CONNECTABLE (g_object_ref (effective));

  both[0] = &server->co;
  both[1] = &client->co;
  gather = ll_scheduler_spawn (sched, ll_co_gather (both, 2));
  ll_co_unref (&server->co);
  ll_co_unref (&client->co);

  ll_scheduler_run_until_done (sched, gather);
  results = ll_co_finish (gather, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (results, 0), ==, "served");
  g_assert_cmpstr (g_ptr_array_index (results, 1), ==, "pong");
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
}

/* GIO: cancelling a task mid-read */

typedef struct
{
  LlCo          co;
  GInputStream *in;
  guint8        buf[16];
  int           cleanups;
  int           after_read;
} PipeReadFrame;

static LlCoStatus
pipe_read_run (LlCo *co)
{
  PipeReadFrame *f = (PipeReadFrame *) co;
  GError *error = NULL;
  gssize n;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async, f->in, f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
  f->after_read++;
  n = g_input_stream_read_finish (f->in, LL_CO_RESULT (co), &error);
  if (n < 0)
    return ll_co_fail (co, error);

  return ll_co_return (co, GSIZE_TO_POINTER (n), NULL);

  LL_CO_END (co);
}

static void
pipe_read_cleanup (LlCo *co)
{
  PipeReadFrame *f = (PipeReadFrame *) co;

  f->cleanups++;
  g_clear_object (&f->in);
}

static void
collect_kinds (const LlCoEvent *event,
               gpointer         user_data)
{
  g_array_append_val ((GArray *) user_data, event->kind);
}

static void
test_gio_cancel_read (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (LlCoEventKind));
  g_autoptr(GError) error = NULL;
  GInputStream *in;
  PipeReadFrame *f;
  int fds[2];
  guint i;

  g_unix_open_pipe (fds, FD_CLOEXEC, &error);
  g_assert_no_error (error);
  in = g_unix_input_stream_new (fds[0], TRUE);
  g_object_add_weak_pointer (G_OBJECT (in), (gpointer *) &in);

  ll_scheduler_set_event_func (sched, collect_kinds, kinds, NULL);
  f = ll_co_new (PipeReadFrame, pipe_read_run, pipe_read_cleanup);
  f->in = g_object_ref (in);
  ll_scheduler_spawn (sched, &f->co);

  while (ll_co_get_wait (&f->co) != LL_CO_WAIT_ASYNC)
    g_main_context_iteration (NULL, TRUE);
  /* Spin the loop a little: no data ever comes, the read stays pending. */
  for (i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ll_co_get_wait (&f->co), ==, LL_CO_WAIT_ASYNC);
  g_assert_true (g_input_stream_has_pending (in));

  /* Nothing of the task runs inside ll_co_cancel(). */
  ll_co_cancel (&f->co);
  g_assert_cmpint (ll_co_get_state (&f->co), ==, LL_CO_STATE_SUSPENDED);
  g_assert_cmpint (f->cleanups, ==, 0);

  ll_scheduler_run_until_done (sched, &f->co);
  g_assert_null (ll_co_finish (&f->co, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (f->after_read, ==, 0);
  g_assert_cmpint (f->cleanups, ==, 1);
  g_assert_true (ll_co_is_cancelled (&f->co));
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  g_assert_cmpint (g_array_index (kinds, LlCoEventKind, kinds->len - 1), ==,
                   LL_CO_EVENT_CANCELLED);

  /* The read was really cancelled: the stream is free and, once we drop
   * ours, nobody holds it any more. */
  g_assert_false (g_input_stream_has_pending (in));
  ll_co_unref (&f->co);
  g_object_unref (in);
  g_assert_null (in);
  close (fds[1]);
}

/* Clocks and sleeping */

typedef struct
{
  LlCo         co;
  LlScheduler *sched;
  GString     *log;
  guint        msec;
  guint        times;
  guint        i;
} SleeperFrame;

static LlCoStatus
sleeper_run (LlCo *co)
{
  SleeperFrame *f = (SleeperFrame *) co;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->i < MAX (f->times, 1); f->i++)
    {
      LL_CO_SLEEP (co, f->msec);
      g_string_append_printf (f->log, "%s@%" G_GINT64_FORMAT " ",
                              ll_co_get_name (co),
                              ll_scheduler_get_time (f->sched) / 1000);
    }

  LL_CO_END (co);
}

static LlCo *
spawn_sleeper (LlScheduler *sched,
               GString     *log,
               const char  *name,
               guint        msec,
               guint        times)
{
  SleeperFrame *f = ll_co_new (SleeperFrame, sleeper_run, NULL);

  f->sched = sched;
  f->log = log;
  f->msec = msec;
  f->times = times;
  ll_co_set_name (&f->co, name);
  ll_scheduler_spawn (sched, &f->co);
  ll_co_unref (&f->co);

  return &f->co;
}

static void
test_sleep_order (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) log = g_string_new (NULL);

  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 0);
  spawn_sleeper (sched, log, "a", 300, 1);
  spawn_sleeper (sched, log, "b", 100, 1);
  spawn_sleeper (sched, log, "c", 200, 1);
  spawn_sleeper (sched, log, "d", 100, 1);
  spawn_sleeper (sched, log, "e", 0, 1);
  spawn_sleeper (sched, log, "f", 5000, 1);       /* beyond the wheel's window */
  spawn_sleeper (sched, log, "g", 4096, 1);
  spawn_sleeper (sched, log, "h", 4095, 1);
  spawn_sleeper (sched, log, "i", 3600000, 1);    /* an hour */

  ll_scheduler_run_until_idle (sched);

  /* Same deadline: the order they went to sleep in. */
  g_assert_cmpstr (log->str, ==,
                   "e@0 b@100 d@100 c@200 a@300 h@4095 g@4096 f@5000 i@3600000 ");
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 3600000 * G_GINT64_CONSTANT (1000));
}

/* Ten thousand sleepers on one deadline: the whole slot leaves the wheel
 * in one splice when it is due, without the wheel touching each of them.
 * Every one of them reads as ready from then on, and they run on time and
 * in the order they slept. */
static void
test_sleep_crowd (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  g_autofree char *described = NULL;
  const guint n = 10000;
  LlCo *last;
  guint ready;
  guint i;

  ll_scheduler_set_step_mode (sched, TRUE);
  for (i = 0; i < n; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "%u", i);
      g_ptr_array_add (all, ll_co_ref (spawn_sleeper (sched, log, name, 100, 1)));
      if (i != n - 1)
        g_string_append_printf (expected, "%u@100 ", i);
    }
  while (ll_scheduler_step (sched))
    ;
  last = g_ptr_array_index (all, n - 1);
  g_assert_cmpint (ll_co_get_wait (last), ==, LL_CO_WAIT_SLEEP);
  g_assert_cmpint (ll_co_get_deadline (last), ==, 100 * 1000);

  /* One dispatch of the jump source moves the clock and the whole slot. */
  while (ll_scheduler_peek_ready (sched) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 100 * 1000);
  g_assert_true (ll_scheduler_peek_ready (sched) == g_ptr_array_index (all, 0));
  for (i = 0, ready = 0; i < n; i++)
    ready += ll_co_get_wait (g_ptr_array_index (all, i)) == LL_CO_WAIT_READY;
  g_assert_cmpuint (ready, ==, n);
  g_assert_cmpint (ll_co_get_deadline (last), ==, -1);
  described = ll_co_describe_wait (last);
  g_assert_cmpstr (described, ==, "ready");

  /* Ready means steppable, out of turn too; the rest keep their order. */
  g_assert_true (ll_scheduler_step_co (sched, last));
  g_assert_cmpstr (log->str, ==, "9999@100 ");
  g_string_truncate (log, 0);

  ll_scheduler_set_step_mode (sched, FALSE);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (log->str, ==, expected->str);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 100 * 1000);
}

/* Cancelling sleepers on both sides of the wheel: one whose slot has
 * already been spliced into the ready queue (it left the wheel, but has
 * not run yet), and one still asleep in the same scheduler. */
static void
test_sleep_cancel_due (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  static const char * const names[] = { "a", "b", "c", "d", "e" };
  LlCo *b, *e, *x, *far;
  guint i;

  ll_scheduler_set_step_mode (sched, TRUE);
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (all, ll_co_ref (spawn_sleeper (sched, log, names[i], 100, 1)));
  x = ll_co_ref (spawn_sleeper (sched, log, "x", 200, 1));
  far = ll_co_ref (spawn_sleeper (sched, log, "far", 10000, 1));
  while (ll_scheduler_step (sched))
    ;
  b = g_ptr_array_index (all, 1);
  e = g_ptr_array_index (all, 4);

  ll_scheduler_advance_clock (sched, 100 * 1000);
  g_assert_cmpint (ll_co_get_wait (b), ==, LL_CO_WAIT_READY);
  g_assert_cmpint (ll_co_get_wait (x), ==, LL_CO_WAIT_SLEEP);

  /* In the middle and at the end of the spliced run, and one asleep. */
  ll_co_cancel (b);
  ll_co_cancel (e);
  ll_co_cancel (x);
  ll_co_cancel (far);
  g_assert_cmpint (ll_co_get_wait (b), ==, LL_CO_WAIT_READY);
  g_assert_cmpint (ll_co_get_wait (x), ==, LL_CO_WAIT_READY);
  g_assert_cmpint (ll_co_get_wait (far), ==, LL_CO_WAIT_READY);
  g_assert_cmpint (ll_co_get_state (b), ==, LL_CO_STATE_SUSPENDED);

  /* Each is queued once: a cancelled sleeper already in the queue keeps
   * its place, the others join at the end. */
  ll_scheduler_set_step_mode (sched, FALSE);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (log->str, ==, "a@100 c@100 d@100 ");
  g_assert_error ((GError *) ll_co_get_error (b), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error ((GError *) ll_co_get_error (e), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error ((GError *) ll_co_get_error (x), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error ((GError *) ll_co_get_error (far), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);

  /* Nothing stayed behind in the wheel: the clock never jumped to the
   * cancelled sleepers' deadlines, and a new sleeper still wakes. */
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 100 * 1000);
  spawn_sleeper (sched, log, "y", 50, 1);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (log->str, ==, "a@100 c@100 d@100 y@150 ");

  ll_co_unref (x);
  ll_co_unref (far);
}

/* Sleepers that reach one deadline by different roads keep the order
 * they went to sleep in: through the far heap (a sleep beyond the
 * wheel's window), a later one through the far heap too, and one that
 * lands straight in the slot after the others have migrated to it. */

typedef struct
{
  LlCo         co;
  LlScheduler *sched;
  GString     *log;
  guint        first;
  guint        second;
} TwoSleepsFrame;

static LlCoStatus
two_sleeps_run (LlCo *co)
{
  TwoSleepsFrame *f = (TwoSleepsFrame *) co;

  LL_CO_BEGIN (co);

  if (f->first > 0)
    LL_CO_SLEEP (co, f->first);
  LL_CO_SLEEP (co, f->second);
  g_string_append_printf (f->log, "%s@%" G_GINT64_FORMAT " ", ll_co_get_name (co),
                          ll_scheduler_get_time (f->sched) / 1000);

  LL_CO_END (co);
}

static void
spawn_two_sleeps (LlScheduler *sched,
                  GString     *log,
                  const char  *name,
                  guint        first,
                  guint        second)
{
  TwoSleepsFrame *f = ll_co_new (TwoSleepsFrame, two_sleeps_run, NULL);

  f->sched = sched;
  f->log = log;
  f->first = first;
  f->second = second;
  ll_co_set_name (&f->co, name);
  ll_scheduler_spawn (sched, &f->co);
  ll_co_unref (&f->co);
}

static void
test_sleep_same_deadline (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) log = g_string_new (NULL);

  spawn_two_sleeps (sched, log, "far", 0, 5000);
  spawn_two_sleeps (sched, log, "far-later", 10, 4990);
  spawn_two_sleeps (sched, log, "near", 2000, 3000);
  spawn_two_sleeps (sched, log, "near-later", 4999, 1);
  spawn_two_sleeps (sched, log, "before", 4998, 1);
  spawn_two_sleeps (sched, log, "after", 5000, 1);
  ll_scheduler_run_until_idle (sched);

  g_assert_cmpstr (log->str, ==,
                   "before@4999 far@5000 far-later@5000 near@5000 near-later@5000 after@5001 ");
}

/* A million sleepers, as in the benchmark but on the virtual clock: each
 * wakes exactly at its deadline, in deadline order, and those on one
 * deadline in the order they went to sleep. */

typedef struct
{
  LlScheduler *sched;
  guint        n_woken;
  guint        n_late;
  guint        n_out_of_order;
  guint        last_ms;
  guint        last_index;
} MillionCheck;

typedef struct
{
  LlCo          co;
  MillionCheck *check;
  guint         index;
  guint         ms;
} MillionFrame;

static LlCoStatus
million_run (LlCo *co)
{
  MillionFrame *f = (MillionFrame *) co;
  MillionCheck *check;

  LL_CO_BEGIN (co);

  LL_CO_SLEEP (co, f->ms);

  check = f->check;
  if (ll_scheduler_get_time (check->sched) != f->ms * G_GINT64_CONSTANT (1000))
    check->n_late++;
  if (check->n_woken > 0 &&
      (f->ms < check->last_ms || (f->ms == check->last_ms && f->index < check->last_index)))
    check->n_out_of_order++;
  check->last_ms = f->ms;
  check->last_index = f->index;
  check->n_woken++;

  LL_CO_END (co);
}

static void
test_sleep_million (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  MillionCheck check = { 0, };
  const guint n = 1000000;
  guint max_ms = 0;
  guint i;

  check.sched = sched;
  for (i = 0; i < n; i++)
    {
      MillionFrame *f = ll_co_new (MillionFrame, million_run, NULL);

      f->check = &check;
      f->index = i;
      f->ms = (guint) g_test_rand_int_range (0, 1001);
      max_ms = MAX (max_ms, f->ms);
      ll_scheduler_spawn (sched, &f->co);
      ll_co_unref (&f->co);
    }

  ll_scheduler_run_until_idle (sched);

  g_assert_cmpuint (check.n_woken, ==, n);
  g_assert_cmpuint (check.n_late, ==, 0);
  g_assert_cmpuint (check.n_out_of_order, ==, 0);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, max_ms * G_GINT64_CONSTANT (1000));
}

static void
test_sleep_real_clock (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GString) log = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  /* Started in this order, whatever the load, their deadlines are at
   * least one tick apart, so they wake in order; and no sleep ends early. */
  spawn_sleeper (sched, log, "one", 1, 1);
  spawn_sleeper (sched, log, "two", 2, 1);
  spawn_sleeper (sched, log, "three", 3, 1);
  ll_scheduler_run_until_idle (sched);

  g_assert_true (g_str_has_prefix (log->str, "one@"));
  g_assert_nonnull (strstr (log->str, " two@"));
  g_assert_true (strstr (log->str, " two@") < strstr (log->str, " three@"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 3000);
}

typedef struct
{
  LlCo         co;
  LlScheduler *sched;
  GString     *out;
  int          n;
} CountdownFrame;

static LlCoStatus
countdown_run (LlCo *co)
{
  CountdownFrame *f = (CountdownFrame *) co;

  LL_CO_BEGIN (co);

  for (; f->n > 0; f->n--)
    {
      g_string_append_printf (f->out, "Countdown %d at %" G_GINT64_FORMAT " ms\n", f->n,
                              ll_scheduler_get_time (f->sched) / 1000);
      LL_CO_SLEEP (co, 1000);
    }

  LL_CO_END (co);
}

/* A virtual clock holds still while real IO is in flight. */

typedef struct
{
  LlCo          co;
  LlScheduler  *sched;
  GInputStream *in;
  LlCo         *sleeper;
  guint8        buf[8];
  gint64        read_at;
  int           sleeper_state_at_read;
} PipeWaitFrame;

static LlCoStatus
pipe_wait_run (LlCo *co)
{
  PipeWaitFrame *f = (PipeWaitFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async, f->in, f->buf, sizeof f->buf, G_PRIORITY_DEFAULT);
  if (g_input_stream_read_finish (f->in, LL_CO_RESULT (co), &error) < 0)
    return ll_co_fail (co, error);
  f->read_at = ll_scheduler_get_time (f->sched);
  f->sleeper_state_at_read = ll_co_get_state (f->sleeper);

  LL_CO_END (co);
}

static void
pipe_wait_cleanup (LlCo *co)
{
  PipeWaitFrame *f = (PipeWaitFrame *) co;

  g_clear_object (&f->in);
}

static gboolean
write_pipe_cb (gpointer user_data)
{
  int fd = GPOINTER_TO_INT (user_data);

  g_assert_cmpint (write (fd, "x", 1), ==, 1);

  return G_SOURCE_REMOVE;
}

static void
test_virtual_clock (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CountdownFrame *c;
  PipeWaitFrame *p;
  LlCo *sleeper;
  LlCo *x;
  int fds[2];
  int n;

  /* "Sleep 1 s ten times" takes no real time at all. */
  c = ll_co_new (CountdownFrame, countdown_run, NULL);
  c->sched = sched;
  c->out = out;
  c->n = 10;
  ll_scheduler_spawn (sched, &c->co);
  ll_scheduler_run_until_done (sched, &c->co);
  for (n = 10; n > 0; n--)
    g_string_append_printf (expected, "Countdown %d at %d ms\n", n, (10 - n) * 1000);
  g_assert_cmpstr (out->str, ==, expected->str);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 10 * G_USEC_PER_SEC);
  ll_co_unref (&c->co);

  /* By hand: advancing wakes exactly the sleepers that are due. */
  x = ll_co_ref (spawn_sleeper (sched, log, "x", 500, 1));
  spawn_sleeper (sched, log, "y", 1500, 1);
  ll_scheduler_set_step_mode (sched, TRUE);
  while (ll_scheduler_step (sched))
    ;
  ll_scheduler_set_step_mode (sched, FALSE);
  ll_scheduler_advance_clock (sched, 600 * 1000);
  g_assert_true (ll_scheduler_peek_ready (sched) == x);
  ll_scheduler_run_until_done (sched, x);
  g_assert_cmpstr (log->str, ==, "x@10600 ");
  ll_co_unref (x);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (log->str, ==, "x@10600 y@11500 ");

  /* While a task awaits GIO the clock does not jump, even though the
   * loop has nothing else to do: the sleeper wakes after the read. */
  g_unix_open_pipe (fds, FD_CLOEXEC, &error);
  g_assert_no_error (error);
  g_string_truncate (log, 0);
  sleeper = spawn_sleeper (sched, log, "s", 1000, 1);
  ll_co_ref (sleeper);
  p = ll_co_new (PipeWaitFrame, pipe_wait_run, pipe_wait_cleanup);
  p->sched = sched;
  p->in = g_unix_input_stream_new (fds[0], TRUE);
  p->sleeper = sleeper;
  ll_scheduler_spawn (sched, &p->co);
  g_timeout_add (20, write_pipe_cb, GINT_TO_POINTER (fds[1]));

  ll_scheduler_run_until_done (sched, &p->co);
  g_assert_null (ll_co_get_error (&p->co));
  g_assert_cmpint (p->read_at, ==, 11500 * 1000);
  g_assert_cmpint (p->sleeper_state_at_read, ==, LL_CO_STATE_SUSPENDED);
  g_assert_cmpuint (log->len, ==, 0);
  ll_scheduler_run_until_done (sched, sleeper);
  g_assert_cmpstr (log->str, ==, "s@12500 ");

  ll_co_unref (sleeper);
  ll_co_unref (&p->co);
  close (fds[1]);
}

/* Many sleepers with random sleeps, some cancelled: every wake-up on the
 * exact deadline, in deadline order. */

typedef struct
{
  LlCo         co;
  LlScheduler *sched;
  GArray      *wakes;     /* shared: gint64 times, in the order of waking */
  guint        durations[4];
  guint        i;
  gint64       expected;
  int          bad;
} RandomSleeperFrame;

static LlCoStatus
random_sleeper_run (LlCo *co)
{
  RandomSleeperFrame *f = (RandomSleeperFrame *) co;
  gint64 now;

  LL_CO_BEGIN (co);

  f->expected = ll_scheduler_get_time (f->sched);
  for (f->i = 0; f->i < G_N_ELEMENTS (f->durations); f->i++)
    {
      f->expected += f->durations[f->i] * G_GINT64_CONSTANT (1000);
      LL_CO_SLEEP (co, f->durations[f->i]);
      now = ll_scheduler_get_time (f->sched);
      if (now != f->expected)
        f->bad++;
      g_array_append_val (f->wakes, now);
    }

  LL_CO_END (co);
}

static void
test_sleep_random (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GArray) wakes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  guint n_cancelled = 0;
  guint i, j;

  for (i = 0; i < 3000; i++)
    {
      RandomSleeperFrame *f = ll_co_new (RandomSleeperFrame, random_sleeper_run, NULL);

      f->sched = sched;
      f->wakes = wakes;
      for (j = 0; j < G_N_ELEMENTS (f->durations); j++)
        {
          /* Mostly inside the wheel's window, some far beyond it. */
          f->durations[j] = g_test_rand_int_range (0, 10) == 0
                          ? (guint) g_test_rand_int_range (4000, 100000)
                          : (guint) g_test_rand_int_range (0, 3000);
        }
      ll_scheduler_spawn (sched, &f->co);
      g_ptr_array_add (all, f);
    }

  /* Let them all fall asleep (the clock cannot jump while any task is
   * ready), then cancel every seventh. */
  while (ll_scheduler_peek_ready (sched) != NULL)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 0);
  for (i = 0; i < all->len; i += 7)
    {
      ll_co_cancel (g_ptr_array_index (all, i));
      n_cancelled++;
    }

  ll_scheduler_run_until_idle (sched);

  for (i = 1; i < wakes->len; i++)
    g_assert_cmpint (g_array_index (wakes, gint64, i - 1), <=, g_array_index (wakes, gint64, i));
  for (i = 0; i < all->len; i++)
    {
      RandomSleeperFrame *f = g_ptr_array_index (all, i);

      g_assert_cmpint (f->bad, ==, 0);
      if (i % 7 == 0)
        {
          g_assert_true (ll_co_is_cancelled (&f->co));
          g_assert_error ((GError *) ll_co_get_error (&f->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
        }
      else
        {
          g_assert_null (ll_co_get_error (&f->co));
          g_assert_cmpuint (f->i, ==, G_N_ELEMENTS (f->durations));
        }
    }
  g_assert_cmpuint (n_cancelled, >, 0);
}

/* Await and gather */

typedef struct
{
  LlCo        co;
  guint       msec;
  const char *result;
  GError     *error;      /* fail with this, if set */
  int         cleanups;
} ChildFrame;

static LlCoStatus
child_run (LlCo *co)
{
  ChildFrame *f = (ChildFrame *) co;

  LL_CO_BEGIN (co);

  LL_CO_SLEEP (co, f->msec);
  if (f->error != NULL)
    return ll_co_fail (co, g_steal_pointer (&f->error));

  return ll_co_return (co, (gpointer) f->result, NULL);

  LL_CO_END (co);
}

static void
child_cleanup (LlCo *co)
{
  ChildFrame *f = (ChildFrame *) co;

  f->cleanups++;
  g_clear_error (&f->error);
}

static ChildFrame *
child_new (guint       msec,
           const char *result,
           GError     *error)
{
  ChildFrame *f = ll_co_new (ChildFrame, child_run, child_cleanup);

  f->msec = msec;
  f->result = result;
  f->error = error;

  return f;
}

typedef struct
{
  LlCo        co;
  LlCo       *child;
  const char *got;
  GError     *error;
  int         cleanups;
} ParentFrame;

static LlCoStatus
parent_run (LlCo *co)
{
  ParentFrame *f = (ParentFrame *) co;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_CO (co, f->child);
  f->got = ll_co_finish (f->child, &f->error);

  LL_CO_END (co);
}

static void
parent_cleanup (LlCo *co)
{
  ParentFrame *f = (ParentFrame *) co;

  f->cleanups++;
}

static ParentFrame *
parent_new (ChildFrame *child)
{
  ParentFrame *f = ll_co_new (ParentFrame, parent_run, parent_cleanup);

  f->child = &child->co;

  return f;
}

static void
test_await_co (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  ChildFrame *child;
  ParentFrame *parent;

  /* The child was never spawned: awaiting it starts it. */
  child = child_new (10, "42", NULL);
  parent = parent_new (child);
  ll_scheduler_spawn (sched, &parent->co);
  ll_scheduler_run_until_done (sched, &parent->co);
  g_assert_cmpstr (parent->got, ==, "42");
  g_assert_no_error (parent->error);
  g_assert_cmpint (ll_co_get_state (&child->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 10 * 1000);
  ll_co_unref (&parent->co);
  ll_co_unref (&child->co);

  /* Its failure reaches the parent through ll_co_finish(). */
  child = child_new (10, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "slow"));
  parent = parent_new (child);
  ll_scheduler_spawn (sched, &child->co);
  ll_scheduler_spawn (sched, &parent->co);
  ll_scheduler_run_until_done (sched, &parent->co);
  g_assert_null (parent->got);
  g_assert_error (parent->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&parent->error);
  ll_co_unref (&parent->co);
  ll_co_unref (&child->co);

  /* Cancelling the parent cancels the child it awaits; both clean up once
   * and the clock never moves to the child's deadline. */
  child = child_new (10000, "never", NULL);
  parent = parent_new (child);
  ll_scheduler_spawn (sched, &parent->co);
  while (ll_co_get_wait (&child->co) != LL_CO_WAIT_SLEEP)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_co_get_wait (&parent->co), ==, LL_CO_WAIT_CO);
  ll_co_cancel (&parent->co);
  ll_scheduler_run_until_done (sched, &parent->co);
  g_assert_true (ll_co_is_cancelled (&child->co));
  g_assert_error ((GError *) ll_co_get_error (&child->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error ((GError *) ll_co_get_error (&parent->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (parent->got);
  g_assert_cmpint (child->cleanups, ==, 1);
  g_assert_cmpint (parent->cleanups, ==, 1);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 20 * 1000);
  ll_co_unref (&parent->co);
  ll_co_unref (&child->co);
}

static void
test_gather (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GError) error = NULL;
  ChildFrame *c[4];
  LlCo *cos[4];
  LlCo *gather;
  GPtrArray *results;
  guint i;

  /* Y fails at 20 ms, X at 10 ms: X is first in time, Y first in the list. */
  c[0] = child_new (30, "a", NULL);
  c[1] = child_new (20, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "Y"));
  c[2] = child_new (10, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "X"));
  c[3] = child_new (5, "d", NULL);
  for (i = 0; i < 4; i++)
    cos[i] = &c[i]->co;

  gather = ll_co_gather (cos, 4);
  for (i = 0; i < 4; i++)
    ll_co_unref (cos[i]);
  ll_scheduler_spawn (sched, gather);
  ll_scheduler_run_until_done (sched, gather);

  /* It waited for all of them, not just until the first failure. */
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 30 * 1000);
  for (i = 0; i < 4; i++)
    {
      g_assert_cmpint (ll_co_get_state (cos[i]), ==, LL_CO_STATE_FINISHED);
      g_assert_cmpint (c[i]->cleanups, ==, 1);
    }
  g_assert_null (ll_co_finish (gather, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "X");
  g_clear_error (&error);
  results = ll_co_get_result (gather);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (results, 0), ==, "a");
  g_assert_null (g_ptr_array_index (results, 1));
  g_assert_null (g_ptr_array_index (results, 2));
  g_assert_cmpstr (g_ptr_array_index (results, 3), ==, "d");
  ll_co_unref (gather);

  /* All succeed: the results in the order given, no error. */
  c[0] = child_new (7, "first", NULL);
  c[1] = child_new (3, "second", NULL);
  cos[0] = &c[0]->co;
  cos[1] = &c[1]->co;
  gather = ll_co_gather (cos, 2);
  ll_co_unref (cos[0]);
  ll_co_unref (cos[1]);
  ll_scheduler_spawn (sched, gather);
  ll_scheduler_run_until_done (sched, gather);
  results = ll_co_finish (gather, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (results, 0), ==, "first");
  g_assert_cmpstr (g_ptr_array_index (results, 1), ==, "second");
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 37 * 1000);
  ll_co_unref (gather);

  /* Cancelling the gather cancels every child still running. */
  c[0] = child_new (100, "x", NULL);
  c[1] = child_new (200, "y", NULL);
  cos[0] = &c[0]->co;
  cos[1] = &c[1]->co;
  gather = ll_co_gather (cos, 2);
  ll_scheduler_spawn (sched, gather);
  while (ll_co_get_wait (gather) != LL_CO_WAIT_CO)
    g_main_context_iteration (NULL, TRUE);
  ll_co_cancel (gather);
  ll_scheduler_run_until_idle (sched);
  g_assert_error ((GError *) ll_co_get_error (gather), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (i = 0; i < 2; i++)
    {
      g_assert_error ((GError *) ll_co_get_error (cos[i]), G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (c[i]->cleanups, ==, 1);
      ll_co_unref (cos[i]);
    }
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 37 * 1000);
  ll_co_unref (gather);
}

/* The stack stays flat */

typedef struct
{
  guintptr lo;
  guintptr hi;
  guint    resumes;
} StackProbe;

static inline void
probe_stack (StackProbe *probe)
{
  guintptr here = (guintptr) __builtin_frame_address (0);

  probe->lo = probe->resumes == 0 ? here : MIN (probe->lo, here);
  probe->hi = probe->resumes == 0 ? here : MAX (probe->hi, here);
  probe->resumes++;
}

typedef struct
{
  LlCo        co;
  StackProbe *probe;
  guint       n;
  guint       i;
} YielderFrame;

static LlCoStatus
yielder_run (LlCo *co)
{
  YielderFrame *f = (YielderFrame *) co;

  probe_stack (f->probe);

  LL_CO_BEGIN (co);

  for (f->i = 0; f->i < f->n; f->i++)
    LL_CO_YIELD (co, NULL);

  LL_CO_END (co);
}

typedef struct
{
  LlCo        co;
  StackProbe *probe;
  LlCo       *child;
  guint       depth;
  guint       max_depth;
} ChainFrame;

static void chain_cleanup (LlCo *co);

static LlCoStatus
chain_run (LlCo *co)
{
  ChainFrame *f = (ChainFrame *) co;
  GError *error = NULL;
  gpointer result;

  probe_stack (f->probe);

  LL_CO_BEGIN (co);

  if (f->depth == f->max_depth)
    {
      /* The leaf sleeps, so the whole chain is suspended at once. */
      LL_CO_SLEEP (co, 1);
      return ll_co_return (co, GUINT_TO_POINTER (0), NULL);
    }

  {
    ChainFrame *child = ll_co_new (ChainFrame, chain_run, chain_cleanup);

    child->probe = f->probe;
    child->depth = f->depth + 1;
    child->max_depth = f->max_depth;
    f->child = &child->co;
  }
  LL_CO_AWAIT_CO (co, f->child);
  result = ll_co_finish (f->child, &error);
  g_clear_pointer (&f->child, ll_co_unref);
  if (error != NULL)
    return ll_co_fail (co, error);

  return ll_co_return (co, GUINT_TO_POINTER (GPOINTER_TO_UINT (result) + 1), NULL);

  LL_CO_END (co);
}

static void
chain_cleanup (LlCo *co)
{
  ChainFrame *f = (ChainFrame *) co;

  g_clear_pointer (&f->child, ll_co_unref);
}

static void
test_stack_depth (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  StackProbe probe = { 0, };
  YielderFrame *y;
  ChainFrame *root;
  const guint n = 1000000;
  const guint depth = 100000;
  guint i;

  /* A million scheduled resumes in a row: each comes from the loop. */
  y = ll_co_new (YielderFrame, yielder_run, NULL);
  y->probe = &probe;
  y->n = n;
  ll_scheduler_spawn (sched, &y->co);
  ll_scheduler_run_until_done (sched, &y->co);
  g_assert_cmpuint (probe.resumes, ==, n + 1);
  g_assert_cmpuint (probe.hi - probe.lo, <, 4096);
  ll_co_unref (&y->co);

  /* A million sends in a row to a generator. */
  memset (&probe, 0, sizeof probe);
  y = ll_co_new (YielderFrame, yielder_run, NULL);
  y->probe = &probe;
  y->n = n;
  for (i = 0; i <= n; i++)
    ll_co_send (&y->co, NULL, NULL);
  g_assert_cmpint (ll_co_get_state (&y->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpuint (probe.resumes, ==, n + 1);
  g_assert_cmpuint (probe.hi - probe.lo, <, 4096);
  ll_co_unref (&y->co);

  /* A chain of a hundred thousand awaits: the leaf's result ripples back
   * up through the ready queue, not through nested calls. */
  memset (&probe, 0, sizeof probe);
  root = ll_co_new (ChainFrame, chain_run, chain_cleanup);
  root->probe = &probe;
  root->max_depth = depth;
  ll_scheduler_spawn (sched, &root->co);
  ll_scheduler_run_until_done (sched, &root->co);
  g_assert_null (ll_co_get_error (&root->co));
  g_assert_cmpuint (GPOINTER_TO_UINT (ll_co_get_result (&root->co)), ==, depth);
  g_assert_cmpuint (probe.resumes, ==, 2 * (depth + 1));
  g_assert_cmpuint (probe.hi - probe.lo, <, 4096);
  ll_co_unref (&root->co);

  /* Cancelling the top of such a chain reaches the leaf without recursion. */
  memset (&probe, 0, sizeof probe);
  root = ll_co_new (ChainFrame, chain_run, chain_cleanup);
  root->probe = &probe;
  root->max_depth = depth;
  ll_scheduler_spawn (sched, &root->co);
  while (ll_scheduler_get_n_tasks (sched) < depth + 1 || ll_scheduler_peek_ready (sched) != NULL)
    g_main_context_iteration (NULL, TRUE);
  ll_co_cancel (&root->co);
  ll_scheduler_run_until_done (sched, &root->co);
  g_assert_error ((GError *) ll_co_get_error (&root->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  g_assert_cmpuint (probe.hi - probe.lo, <, 4096);
  ll_co_unref (&root->co);
}

/* Step mode: the notes' interleaving, under a given schedule */

typedef struct
{
  LlCo         co;
  GString     *out;
  const char  *items;
  const char  *p;
} PrinterFrame;

static LlCoStatus
printer_run (LlCo *co)
{
  PrinterFrame *f = (PrinterFrame *) co;

  LL_CO_BEGIN (co);

  for (f->p = f->items; *f->p != '\0'; f->p++)
    {
      g_string_append_printf (f->out, "%s%c", f->out->len ? " " : "", *f->p);
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

static LlCo *
spawn_printer (LlScheduler *sched,
               GString     *out,
               const char  *name,
               const char  *items)
{
  PrinterFrame *f = ll_co_new (PrinterFrame, printer_run, NULL);

  f->out = out;
  f->items = items;
  ll_co_set_name (&f->co, name);
  ll_scheduler_spawn (sched, &f->co);

  return &f->co;
}

static void
test_step_mode (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(LlCo) a = NULL;
  g_autoptr(LlCo) b = NULL;
  const char *schedule = "AABBAB";
  const char *s;
  guint i;

  ll_scheduler_set_step_mode (sched, TRUE);
  g_assert_true (ll_scheduler_get_step_mode (sched));
  a = spawn_printer (sched, out, "A", "123");
  b = spawn_printer (sched, out, "B", "xyz");

  /* The loop runs, but nobody steps: nothing happens. */
  for (i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (out->len, ==, 0);
  g_assert_true (ll_scheduler_peek_ready (sched) == a);

  for (s = schedule; *s != '\0'; s++)
    g_assert_true (ll_scheduler_step_co (sched, *s == 'A' ? a : b));
  g_assert_cmpstr (out->str, ==, "1 2 x y 3 z");
  g_assert_cmpint (ll_co_get_state (a), ==, LL_CO_STATE_SUSPENDED);

  /* Plain steps take the queue in order: A ends, then B. */
  g_assert_true (ll_scheduler_peek_ready (sched) == a);
  g_assert_true (ll_scheduler_step (sched));
  g_assert_cmpint (ll_co_get_state (a), ==, LL_CO_STATE_FINISHED);
  g_assert_false (ll_scheduler_step_co (sched, a));
  g_assert_true (ll_scheduler_step (sched));
  g_assert_cmpint (ll_co_get_state (b), ==, LL_CO_STATE_FINISHED);
  g_assert_false (ll_scheduler_step (sched));
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);

  /* A sleeper is not steppable until its deadline; the virtual clock
   * jumps to it, then it waits in the queue for a step. */
  g_string_truncate (out, 0);
  g_clear_pointer (&a, ll_co_unref);
  a = ll_co_ref (spawn_sleeper (sched, out, "z", 250, 1));
  g_assert_true (ll_scheduler_step (sched));
  g_assert_cmpint (ll_co_get_wait (a), ==, LL_CO_WAIT_SLEEP);
  g_assert_cmpint (ll_co_get_deadline (a), ==, 250 * 1000);
  g_assert_false (ll_scheduler_step_co (sched, a));
  while (ll_scheduler_peek_ready (sched) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_co_get_wait (a), ==, LL_CO_WAIT_READY);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 250 * 1000);
  g_assert_cmpuint (out->len, ==, 0);
  g_assert_true (ll_scheduler_step_co (sched, a));
  g_assert_cmpstr (out->str, ==, "z@250 ");

  ll_scheduler_set_step_mode (sched, FALSE);
  ll_scheduler_run_until_idle (sched);
}

/* The event stream */

typedef struct
{
  LlCo co;
  int  yield_line;
  int  sleep_line;
} EventFrame;

static LlCoStatus
event_run (LlCo *co)
{
  EventFrame *f = (EventFrame *) co;

  LL_CO_BEGIN (co);

  f->yield_line = __LINE__ + 1;
  LL_CO_YIELD (co, GINT_TO_POINTER (42));
  f->sleep_line = __LINE__ + 1;
  LL_CO_SLEEP (co, 5);

  return ll_co_return (co, GINT_TO_POINTER (7), NULL);

  LL_CO_END (co);
}

static void
format_event (const LlCoEvent *event,
              gpointer         user_data)
{
  GPtrArray *log = user_data;
  static const char * const kinds[] = {
    "created", "resumed", "suspended", "finished", "failed", "cancelled",
  };

  g_ptr_array_add (log, g_strdup_printf ("%s %s t=%" G_GINT64_FORMAT " line=%d wait=%s value=%d%s%s",
                                         kinds[event->kind],
                                         ll_co_get_name (event->co),
                                         event->time / 1000,
                                         event->line,
                                         ll_co_wait_to_string (event->wait),
                                         event->wait == LL_CO_WAIT_ASYNC ? 0 : GPOINTER_TO_INT (event->value),
                                         event->error ? " error=" : "",
                                         event->error ? event->error->message : ""));
}

static void
test_events (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  EventFrame *f;
  ChildFrame *failing;
  ChildFrame *doomed;
  EchoFrame *gen;
  int line;
  guint i;

  ll_scheduler_set_event_func (sched, format_event, log, NULL);

  f = ll_co_new (EventFrame, event_run, NULL);
  ll_co_set_name (&f->co, "ev");
  ll_scheduler_spawn (sched, &f->co);
  ll_scheduler_run_until_done (sched, &f->co);

  g_ptr_array_add (expected, g_strdup ("created ev t=0 line=0 wait=ready value=0"));
  g_ptr_array_add (expected, g_strdup ("resumed ev t=0 line=0 wait=none value=0"));
  g_ptr_array_add (expected, g_strdup_printf ("suspended ev t=0 line=%d wait=ready value=42", f->yield_line));
  g_ptr_array_add (expected, g_strdup_printf ("resumed ev t=0 line=%d wait=none value=0", f->yield_line));
  g_ptr_array_add (expected, g_strdup_printf ("suspended ev t=0 line=%d wait=sleep value=0", f->sleep_line));
  g_ptr_array_add (expected, g_strdup_printf ("resumed ev t=5 line=%d wait=none value=0", f->sleep_line));
  g_ptr_array_add (expected, g_strdup_printf ("finished ev t=5 line=%d wait=none value=7", f->sleep_line));
  ll_co_unref (&f->co);

  /* A failure and a cancellation. */
  failing = child_new (1, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "nope"));
  ll_co_set_name (&failing->co, "bad");
  ll_scheduler_spawn (sched, &failing->co);
  doomed = child_new (1000, "late", NULL);
  ll_co_set_name (&doomed->co, "doomed");
  ll_scheduler_spawn (sched, &doomed->co);
  ll_co_cancel (&doomed->co);
  ll_scheduler_run_until_idle (sched);
  line = ll_co_get_line (&failing->co);
  ll_co_unref (&failing->co);
  ll_co_unref (&doomed->co);

  g_ptr_array_add (expected, g_strdup ("created bad t=5 line=0 wait=ready value=0"));
  g_ptr_array_add (expected, g_strdup ("created doomed t=5 line=0 wait=ready value=0"));
  g_ptr_array_add (expected, g_strdup ("resumed bad t=5 line=0 wait=none value=0"));
  g_ptr_array_add (expected, g_strdup_printf ("suspended bad t=5 line=%d wait=sleep value=0",
                                              line));
  g_ptr_array_add (expected, g_strdup ("cancelled doomed t=5 line=0 wait=none value=0 error=Operation was cancelled"));
  g_ptr_array_add (expected, g_strdup_printf ("resumed bad t=6 line=%d wait=none value=0",
                                              line));
  g_ptr_array_add (expected, g_strdup_printf ("failed bad t=6 line=%d wait=none value=0 error=nope",
                                              line));

  /* A watched generator reports what is sent in and yielded out. */
  gen = echo_new ();
  ll_co_set_name (&gen->co, "gen");
  ll_scheduler_watch (sched, &gen->co);
  ll_co_send (&gen->co, NULL, &error);
  ll_co_send (&gen->co, GINT_TO_POINTER (5), &error);
  ll_co_close (&gen->co);
  g_assert_no_error (error);

  g_ptr_array_add (expected, g_strdup ("resumed gen t=6 line=0 wait=none value=0"));
  g_ptr_array_add (expected, g_strdup_printf ("suspended gen t=6 line=%d wait=yield value=10", ll_co_get_line (&gen->co)));
  g_ptr_array_add (expected, g_strdup_printf ("resumed gen t=6 line=%d wait=none value=5", ll_co_get_line (&gen->co)));
  g_ptr_array_add (expected, g_strdup_printf ("suspended gen t=6 line=%d wait=yield value=20", ll_co_get_line (&gen->co)));
  g_ptr_array_add (expected, g_strdup_printf ("resumed gen t=6 line=%d wait=none value=0 error=Coroutine “gen” was closed", ll_co_get_line (&gen->co)));
  g_ptr_array_add (expected, g_strdup_printf ("finished gen t=6 line=%d wait=none value=0", ll_co_get_line (&gen->co)));
  echo_free (gen);

  for (i = 0; i < MIN (log->len, expected->len); i++)
    g_assert_cmpstr (g_ptr_array_index (log, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (log->len, ==, expected->len);
}

/* Fairness: the time slice lets the loop's other sources in */

typedef struct
{
  LlCo  co;
  guint i;
} BusyFrame;

static LlCoStatus
busy_run (LlCo *co)
{
  BusyFrame *f = (BusyFrame *) co;
  gint64 start = g_get_monotonic_time ();

  /* Spin until the clock has visibly moved, so each resume outlasts the
   * 1 µs slice below whatever the machine's speed. */
  while (g_get_monotonic_time () < start + 2)
    ;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->i < 3; f->i++)
    LL_CO_YIELD (co, NULL);

  LL_CO_END (co);
}

static gboolean
count_idle_cb (gpointer user_data)
{
  (*(guint *) user_data)++;

  return G_SOURCE_CONTINUE;
}

static void
test_time_slice (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  guint idles = 0;
  guint id;
  guint finished;
  guint i;

  ll_scheduler_set_time_slice (sched, 1);
  for (i = 0; i < 200; i++)
    {
      BusyFrame *f = ll_co_new (BusyFrame, busy_run, NULL);

      ll_scheduler_spawn (sched, &f->co);
      g_ptr_array_add (tasks, f);
    }
  id = g_idle_add_full (G_PRIORITY_DEFAULT, count_idle_cb, &idles, NULL);

  /* 800 resumes are ready; one dispatch stops after a slice of them. */
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 200);

  ll_scheduler_run_until_idle (sched);
  g_source_remove (id);

  for (i = 0, finished = 0; i < tasks->len; i++)
    finished += ll_co_get_state (g_ptr_array_index (tasks, i)) == LL_CO_STATE_FINISHED;
  g_assert_cmpuint (finished, ==, 200);
  /* 800 resumes at most 32 per slice: the idle ran in between. */
  g_assert_cmpuint (idles, >=, 800 / 32 - 1);
}

/* Fairness to the loop: beside a task that yields forever, a source at
 * GTK's redraw priority still runs.  The "frame" is a timer at
 * GDK_PRIORITY_REDRAW (G_PRIORITY_HIGH_IDLE + 20, which GLib alone does
 * not name) that asks to run every millisecond, as a frame clock does
 * every refresh. */

#define REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

typedef struct
{
  guint  iteration;      /* of the loop, counted by the test */
  guint  slices;         /* iterations in which the task ran */
  guint  runs;           /* of the source beside it */
  guint  last;           /* slices before its last run */
  guint  max_gap;        /* the most slices between two of its runs */
} FrameCount;

typedef struct
{
  LlCo        co;
  FrameCount *count;
  guint       seen;      /* the iteration of the last resume */
  guint64     resumes;
} SpinFrame;

static LlCoStatus
spin_run (LlCo *co)
{
  SpinFrame *f = (SpinFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      if (f->resumes++ == 0 || f->seen != f->count->iteration)
        f->count->slices++;
      f->seen = f->count->iteration;
      LL_CO_YIELD (co, NULL);
    }
  LL_CO_END (co);
}

static gboolean
count_frame_cb (gpointer user_data)
{
  FrameCount *count = user_data;

  if (count->runs > 0)
    count->max_gap = MAX (count->max_gap, count->slices - count->last);
  count->last = count->slices;
  count->runs++;

  return G_SOURCE_CONTINUE;
}

/* Iterates the default context for @usec of real time beside one task
 * that never stops yielding, with @source attached. */
static guint64
spin_beside (gboolean    fair,
             GSource    *source,
             FrameCount *count,
             gint64      usec)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlCo) hold = NULL;
  SpinFrame *f = ll_co_new (SpinFrame, spin_run, NULL);
  gint64 stop;
  guint64 resumes;

  hold = &f->co;
  f->count = count;
  ll_scheduler_set_fair (sched, fair);
  g_assert_true (ll_scheduler_get_fair (sched) == fair);
  ll_scheduler_spawn (sched, &f->co);
  g_source_attach (source, NULL);

  stop = g_get_monotonic_time () + usec;
  while (g_get_monotonic_time () < stop)
    {
      count->iteration++;
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_destroy (source);
  resumes = f->resumes;
  ll_co_cancel (&f->co);
  ll_scheduler_run_until_done (sched, &f->co);

  return resumes;
}

static GSource *
frame_source_new (FrameCount *count)
{
  GSource *source = g_timeout_source_new (1);

  g_source_set_priority (source, REDRAW_PRIORITY);
  g_source_set_callback (source, count_frame_cb, count, NULL);

  return source;
}

static void
test_fair_redraw (void)
{
  g_autoptr(GSource) fair_frame = NULL;
  g_autoptr(GSource) unfair_frame = NULL;
  FrameCount fair = { 0, };
  FrameCount unfair = { 0, };
  guint64 resumes;

  /* 200 ms of a 1 ms frame: about 200 frames on a quiet machine, with
   * two slices in between (each lasts at least 0.5 ms, so the frame is
   * due after the second, however slow or busy the machine). */
  fair_frame = frame_source_new (&fair);
  resumes = spin_beside (TRUE, fair_frame, &fair, 200 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("fair: %u frames, at most %u slices between two, %" G_GUINT64_FORMAT " resumes",
                  fair.runs, fair.max_gap, resumes);
  g_assert_cmpuint (resumes, >, 0);
  g_assert_cmpuint (fair.runs, >=, 20);
  g_assert_cmpuint (fair.max_gap, <=, 4);

  /* The unfair scheduler is a G_PRIORITY_DEFAULT source that is always
   * ready: GLib never gets down to the redraw priority. */
  unfair_frame = frame_source_new (&unfair);
  resumes = spin_beside (FALSE, unfair_frame, &unfair, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (resumes, >, 0);
  g_assert_cmpuint (unfair.runs, ==, 0);
}

/* A task that computes for 100 µs between yields. */
typedef struct
{
  LlCo        co;
  guint      *resumes;
} LongFrame;

static LlCoStatus
long_run (LlCo *co)
{
  LongFrame *f = (LongFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      /* In a block of its own: a local that lived on past the yield
       * would not compile (-Werror=jump-misses-init). */
      {
        gint64 until = g_get_monotonic_time () + 100;

        while (g_get_monotonic_time () < until)
          ;
      }
      (*f->resumes)++;
      LL_CO_YIELD (co, NULL);
    }
  LL_CO_END (co);
}

typedef struct
{
  guint *resumes;
  guint  last;
  guint  max_between;
  guint  runs;
} BetweenCount;

static gboolean
count_between_cb (gpointer user_data)
{
  BetweenCount *count = user_data;

  count->max_between = MAX (count->max_between, *count->resumes - count->last);
  count->last = *count->resumes;
  count->runs++;

  return G_SOURCE_CONTINUE;
}

/* Long resumes end the slice on time: each lasts at least 100 µs, so a
 * 0.5 ms slice holds at most five of them (the first tells the scheduler
 * what a resume costs; the clock is then read before the slice could run
 * over by more than one).  Checking the clock every 32 resumes, as for
 * cheap ones, held the loop 32 × 100 µs. */
static void
test_slice_long_resumes (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(GSource) lower = g_idle_source_new ();
  g_autoptr(LlCo) hold = NULL;
  LongFrame *f = ll_co_new (LongFrame, long_run, NULL);
  guint resumes = 0;
  BetweenCount count = { &resumes, 0, 0, 0 };
  gint64 stop;

  hold = &f->co;
  f->resumes = &resumes;
  ll_scheduler_set_time_slice (sched, 500);
  ll_scheduler_spawn (sched, &f->co);
  g_source_set_priority (lower, REDRAW_PRIORITY);
  g_source_set_callback (lower, count_between_cb, &count, NULL);
  g_source_attach (lower, NULL);

  stop = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < stop)
    g_main_context_iteration (NULL, TRUE);

  g_source_destroy (lower);
  ll_co_cancel (&f->co);
  ll_scheduler_run_until_done (sched, &f->co);

  g_test_message ("%u resumes, %u runs of the idle, at most %u resumes between two",
                  resumes, count.runs, count.max_between);
  g_assert_cmpuint (count.runs, >=, 2);
  g_assert_cmpuint (count.max_between, >, 0);
  g_assert_cmpuint (count.max_between, <=, 5);
}

/* An idle below the scheduler's priority that is always ready cannot hold
 * the tasks back for ever: they take their turn back after a frame.  One
 * at the scheduler's own priority shares the loop with them, turn about. */
static void
test_fair_always_ready (void)
{
  g_autoptr(GSource) lower = g_idle_source_new ();
  g_autoptr(GSource) peer = g_idle_source_new ();
  FrameCount lower_count = { 0, };
  FrameCount peer_count = { 0, };
  guint64 resumes;

  g_source_set_priority (lower, REDRAW_PRIORITY);
  g_source_set_callback (lower, count_frame_cb, &lower_count, NULL);
  resumes = spin_beside (TRUE, lower, &lower_count, 100 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("always-ready lower idle: %u runs, %" G_GUINT64_FORMAT " resumes",
                  lower_count.runs, resumes);
  g_assert_cmpuint (resumes, >, 0);
  g_assert_cmpuint (lower_count.runs, >, 0);
  g_assert_cmpuint (lower_count.slices, >=, 2);

  g_source_set_priority (peer, G_PRIORITY_DEFAULT);
  g_source_set_callback (peer, count_frame_cb, &peer_count, NULL);
  resumes = spin_beside (TRUE, peer, &peer_count, 100 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("always-ready peer idle: %u runs, at most %u slices between two, %" G_GUINT64_FORMAT " resumes",
                  peer_count.runs, peer_count.max_gap, resumes);
  g_assert_cmpuint (resumes, >, 0);
  /* Turn about: the idle runs alone, then beside a slice. */
  g_assert_cmpuint (peer_count.max_gap, <=, 1);
  g_assert_cmpuint (peer_count.slices, >=, peer_count.runs / 2 - 1);
}

/* The scheduler's table of tasks, across its segments: the live tasks,
 * oldest first, whatever order the others finished in. */

static void
check_listed (LlScheduler *sched,
              GPtrArray   *expected)
{
  g_autoptr(GPtrArray) listed = ll_scheduler_list_tasks (sched);
  guint i;

  g_assert_cmpuint (listed->len, ==, expected->len);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, expected->len);
  for (i = 0; i < listed->len; i++)
    g_assert_true (g_ptr_array_index (listed, i) == g_ptr_array_index (expected, i));
}

static void
test_task_table (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  guint i;

  /* Five thousand tasks (the table holds a thousand and twenty-four per
   * segment): two runs of a hundred sleep long, the others finish at 10
   * to 60 ms, in no order of spawning, so whole segments empty. */
  for (i = 0; i < 5000; i++)
    {
      gboolean survivor = i < 100 || (i >= 3000 && i < 3100);

      g_ptr_array_add (all, ll_co_ref (spawn_sleeper (sched, log, "t",
                                                      survivor ? 1000 : 10 * (1 + i % 6), 1)));
    }
  g_ptr_array_extend (expected, all, NULL, NULL);
  check_listed (sched, expected);

  while (ll_scheduler_get_n_tasks (sched) > 200)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 60 * 1000);
  g_ptr_array_set_size (expected, 0);
  for (i = 0; i < all->len; i++)
    if (ll_co_get_state (g_ptr_array_index (all, i)) != LL_CO_STATE_FINISHED)
      g_ptr_array_add (expected, g_ptr_array_index (all, i));
  g_assert_cmpuint (expected->len, ==, 200);
  check_listed (sched, expected);

  /* The oldest go: the table drops its leading segments. */
  for (i = 0; i < 100; i++)
    ll_co_cancel (g_ptr_array_index (all, i));
  while (ll_scheduler_get_n_tasks (sched) > 100)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 60 * 1000);
  g_ptr_array_remove_range (expected, 0, 100);
  check_listed (sched, expected);

  /* Later spawns come after the survivors. */
  for (i = 0; i < 3000; i++)
    {
      LlCo *co = spawn_sleeper (sched, log, "u", 5000, 1);

      g_ptr_array_add (all, ll_co_ref (co));
      g_ptr_array_add (expected, co);
    }
  check_listed (sched, expected);

  ll_scheduler_cancel_all (sched);
  ll_scheduler_run_until_idle (sched);
  g_ptr_array_set_size (expected, 0);
  check_listed (sched, expected);
  for (i = 0; i < all->len; i++)
    g_assert_cmpint (ll_co_get_state (g_ptr_array_index (all, i)), ==, LL_CO_STATE_FINISHED);

  /* An empty table starts over. */
  g_ptr_array_add (expected, spawn_sleeper (sched, log, "v", 1, 1));
  check_listed (sched, expected);
  ll_scheduler_run_until_idle (sched);
  g_ptr_array_set_size (expected, 0);
  check_listed (sched, expected);
}

/* The frame pool: zeroed, aligned, distinct frames of every size class;
 * slabs given back once their frames are; frames freed on another thread
 * than the one that allocated them. */

static gpointer
pool_thread_alloc (gpointer data)
{
  GPtrArray *frames = data;
  guint i;

  for (i = 0; i < 1000; i++)
    g_ptr_array_add (frames, ll_frame_pool_alloc0 (200));

  return NULL;
}

static gpointer
pool_thread_free (gpointer data)
{
  GPtrArray *frames = data;
  guint i;

  for (i = 0; i < frames->len; i++)
    ll_frame_pool_free (g_ptr_array_index (frames, i), ll_frame_pool_get_class (200));

  return NULL;
}

static void
test_frame_pool (void)
{
  static const gsize sizes[] = { 1, 16, 17, 112, 128, 152, 496, 512 };
  g_autoptr(GPtrArray) frames = g_ptr_array_new ();
  g_autoptr(GPtrArray) sized = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GThread *thread;
  guint n_slabs = ll_frame_pool_get_n_slabs ();
  guint i, j;

  g_assert_cmpuint (ll_frame_pool_get_class (16), ==, 0);
  g_assert_cmpuint (ll_frame_pool_get_class (17), ==, 1);
  g_assert_cmpuint (ll_frame_pool_get_class (LL_FRAME_POOL_MAX_SIZE), <, 32);

  /* Fill each frame to its last byte, and check nobody else's changed. */
  for (i = 0; i < 3000; i++)
    {
      gsize size = sizes[i % G_N_ELEMENTS (sizes)];
      guint8 *frame = ll_frame_pool_alloc0 (size);

      g_assert_cmpuint (GPOINTER_TO_SIZE (frame) % 16, ==, 0);
      for (j = 0; j < size; j++)
        g_assert_cmpuint (frame[j], ==, 0);
      memset (frame, (int) (i & 0xff), size);
      g_assert_false (g_hash_table_contains (seen, frame));
      g_hash_table_add (seen, frame);
      g_ptr_array_add (frames, frame);
      g_ptr_array_add (sized, GSIZE_TO_POINTER (size));
    }
  for (i = 0; i < frames->len; i++)
    {
      guint8 *frame = g_ptr_array_index (frames, i);
      gsize size = GPOINTER_TO_SIZE (g_ptr_array_index (sized, i));

      for (j = 0; j < size; j++)
        g_assert_cmpuint (frame[j], ==, i & 0xff);
    }

  /* Freed in another order, then reused: zeroed again. */
  for (i = 0; i < frames->len; i += 2)
    ll_frame_pool_free (g_ptr_array_index (frames, i),
                        ll_frame_pool_get_class (GPOINTER_TO_SIZE (g_ptr_array_index (sized, i))));
  for (i = 1; i < frames->len; i += 2)
    ll_frame_pool_free (g_ptr_array_index (frames, i),
                        ll_frame_pool_get_class (GPOINTER_TO_SIZE (g_ptr_array_index (sized, i))));
  for (i = 0; i < 100; i++)
    {
      guint8 *frame = ll_frame_pool_alloc0 (152);

      for (j = 0; j < 152; j++)
        g_assert_cmpuint (frame[j], ==, 0);
      ll_frame_pool_free (frame, ll_frame_pool_get_class (152));
    }
  g_ptr_array_set_size (frames, 0);

  /* Two hundred thousand frames take many slabs; freed, the slabs go back
   * but for a spare and what this thread's magazine still holds. */
  for (i = 0; i < 200000; i++)
    g_ptr_array_add (frames, ll_frame_pool_alloc0 (128));
  g_assert_cmpuint (ll_frame_pool_get_n_slabs (), >, n_slabs + 10);
  for (i = 0; i < frames->len; i++)
    {
      /* A stride through the array: freed in no order of memory. */
      guint k = (guint) ((i * G_GUINT64_CONSTANT (7919)) % frames->len);

      ll_frame_pool_free (g_ptr_array_index (frames, k), ll_frame_pool_get_class (128));
    }
  ll_frame_pool_trim ();
  g_assert_cmpuint (ll_frame_pool_get_n_slabs (), <=, n_slabs + G_N_ELEMENTS (sizes));
  g_ptr_array_set_size (frames, 0);

  /* Allocated on one thread, freed on another that then ends. */
  thread = g_thread_new ("pool-alloc", pool_thread_alloc, frames);
  g_thread_join (thread);
  g_assert_cmpuint (frames->len, ==, 1000);
  thread = g_thread_new ("pool-free", pool_thread_free, frames);
  g_thread_join (thread);
  g_ptr_array_set_size (frames, 0);
  g_assert_cmpuint (ll_frame_pool_get_n_slabs (), <=, n_slabs + G_N_ELEMENTS (sizes) + 1);
}

/* Disposing the scheduler with tasks in every state */

static void
counted_cleanup (LlCo *co)
{
  ChildFrame *f = (ChildFrame *) co;

  f->cleanups++;
}

static void
test_dispose (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GError) error = NULL;
  ChildFrame *sleeping;
  ChildFrame *fresh;
  ChildFrame *awaited;
  ParentFrame *waiting;
  PipeReadFrame *reading;
  GInputStream *in;
  int fds[2];

  sleeping = child_new (1000, "s", NULL);
  ll_scheduler_spawn (sched, &sleeping->co);
  awaited = child_new (2000, "a", NULL);
  waiting = parent_new (awaited);
  ll_scheduler_spawn (sched, &waiting->co);

  g_unix_open_pipe (fds, FD_CLOEXEC, &error);
  g_assert_no_error (error);
  in = g_unix_input_stream_new (fds[0], TRUE);
  g_object_add_weak_pointer (G_OBJECT (in), (gpointer *) &in);
  reading = ll_co_new (PipeReadFrame, pipe_read_run, pipe_read_cleanup);
  reading->in = in;

  ll_scheduler_spawn (sched, &reading->co);
  while (ll_co_get_wait (&reading->co) != LL_CO_WAIT_ASYNC ||
         ll_co_get_wait (&awaited->co) != LL_CO_WAIT_SLEEP)
    g_main_context_iteration (NULL, TRUE);

  fresh = ll_co_new (ChildFrame, child_run, counted_cleanup);
  ll_scheduler_spawn (sched, &fresh->co);

  g_object_unref (sched);

  g_assert_cmpint (sleeping->cleanups, ==, 1);
  g_assert_cmpint (awaited->cleanups, ==, 1);
  g_assert_cmpint (waiting->cleanups, ==, 1);
  g_assert_cmpint (fresh->cleanups, ==, 1);
  g_assert_cmpint (ll_co_get_state (&fresh->co), ==, LL_CO_STATE_FINISHED);
  g_assert_error ((GError *) ll_co_get_error (&sleeping->co), G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The reader's frame is still GIO's until the read returns. */
  g_assert_cmpint (reading->cleanups, ==, 0);
  g_assert_cmpint (ll_co_get_state (&reading->co), ==, LL_CO_STATE_SUSPENDED);
  ll_co_ref (&reading->co);
  while (reading->cleanups == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_co_get_state (&reading->co), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpint (reading->after_read, ==, 0);
  ll_co_unref (&reading->co);

  /* The read let go of the stream, and the cleanup dropped the frame's. */
  while (in != NULL && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (in);

  ll_co_unref (&sleeping->co);
  ll_co_unref (&awaited->co);
  ll_co_unref (&waiting->co);
  ll_co_unref (&fresh->co);
  ll_co_unref (&reading->co);
  close (fds[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/co/send-yield", test_send_yield);
  g_test_add_func ("/looplab/co/priming", test_priming);
  g_test_add_func ("/looplab/co/close", test_close);
  g_test_add_func ("/looplab/co/throw", test_throw);
  g_test_add_func ("/looplab/co/refuse-send", test_refuse_send);
  g_test_add_func ("/looplab/co/send-checks", test_send_checks);
  g_test_add_func ("/looplab/co/task-refuses-send", test_task_refuses_send);
  g_test_add_func ("/looplab/co/gio-file-read", test_gio_file_read);
  g_test_add_func ("/looplab/co/gio-socket", test_gio_socket);
  g_test_add_func ("/looplab/co/gio-cancel-read", test_gio_cancel_read);
  g_test_add_func ("/looplab/co/sleep-order", test_sleep_order);
  g_test_add_func ("/looplab/co/sleep-crowd", test_sleep_crowd);
  g_test_add_func ("/looplab/co/sleep-cancel-due", test_sleep_cancel_due);
  g_test_add_func ("/looplab/co/sleep-same-deadline", test_sleep_same_deadline);
  g_test_add_func ("/looplab/co/sleep-million", test_sleep_million);
  g_test_add_func ("/looplab/co/sleep-real-clock", test_sleep_real_clock);
  g_test_add_func ("/looplab/co/sleep-random", test_sleep_random);
  g_test_add_func ("/looplab/co/virtual-clock", test_virtual_clock);
  g_test_add_func ("/looplab/co/await-co", test_await_co);
  g_test_add_func ("/looplab/co/gather", test_gather);
  g_test_add_func ("/looplab/co/stack-depth", test_stack_depth);
  g_test_add_func ("/looplab/co/step-mode", test_step_mode);
  g_test_add_func ("/looplab/co/events", test_events);
  g_test_add_func ("/looplab/co/time-slice", test_time_slice);
  g_test_add_func ("/looplab/co/fair-redraw", test_fair_redraw);
  g_test_add_func ("/looplab/co/fair-always-ready", test_fair_always_ready);
  g_test_add_func ("/looplab/co/slice-long-resumes", test_slice_long_resumes);
  g_test_add_func ("/looplab/co/task-table", test_task_table);
  g_test_add_func ("/looplab/co/frame-pool", test_frame_pool);
  g_test_add_func ("/looplab/co/dispose", test_dispose);

  return g_test_run ();
}
