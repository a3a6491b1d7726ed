/* ll-producer-consumer-program.c: a producer and a consumer take turns
 *
 * The consumer is a generator: primed with a send of %NULL, it receives
 * each number at its yield, prints it and yields its reply back.  The
 * producer is a task that sends the numbers 1 to 5 and prints each
 * reply, then closes the consumer: no lock, no queue, no thread, just
 * control handed back and forth (Python's classic `send()` example).
 * `looplab-cli run producer-consumer` prints these 15 lines:
 *
 *   [Producer] producing 1
 *   [Consumer] consuming 1
 *   [Producer] Consumer return 200 ok 1
 *   ...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-producer-consumer-program"

#include "config.h"

#include "ll-co.h"
#include "ll-producer-consumer-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

#define N_ITEMS 5

/* The consumer: a generator */

typedef struct
{
  LlCo           co;
  GOutputStream *out;
  char          *reply;     /* r: what the next yield hands back */
  int            n;
} ConsumerFrame;

static LlCoStatus
consumer_run (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* n = yield r: hand the reply out, wait for the next number. */
      LL_CO_YIELD (co, f->reply);
      f->n = GPOINTER_TO_INT (co->value);
      if (f->n == 0)
        break;
      ll_print (f->out, "[Consumer] consuming %d\n", f->n);
      g_free (f->reply);
      f->reply = g_strdup_printf ("200 ok %d", f->n);
    }

  LL_CO_END (co);
}

static void
consumer_cleanup (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  g_clear_pointer (&f->reply, g_free);
}

/* The producer: a task that drives the generator */

typedef struct
{
  LlCo           co;
  GOutputStream *out;
  LlCo          *consumer;
  int            n;
} ProducerFrame;

static LlCoStatus
producer_run (LlCo *co)
{
  ProducerFrame *f = (ProducerFrame *) co;
  GError *error = NULL;
  const char *reply;

  LL_CO_BEGIN (co);

  /* c.send(None): run the consumer up to its first yield. */
  ll_co_send (f->consumer, NULL, &error);
  if (error != NULL)
    return ll_co_fail (co, error);

  for (f->n = 1; f->n <= N_ITEMS; f->n++)
    {
      ll_print (f->out, "[Producer] producing %d\n", f->n);
      reply = ll_co_send (f->consumer, GINT_TO_POINTER (f->n), &error);
      if (error != NULL)
        return ll_co_fail (co, error);
      ll_print (f->out, "[Producer] Consumer return %s\n", reply);
    }

  /* c.close(): the consumer finishes at its yield; its cleanup runs. */
  ll_co_close (f->consumer);

  LL_CO_END (co);
}

static void
producer_cleanup (LlCo *co)
{
  ProducerFrame *f = (ProducerFrame *) co;

  g_clear_pointer (&f->consumer, ll_co_unref);
}

gboolean
ll_producer_consumer_program_run (int             argc,
                                  char          **argv,
                                  GOutputStream  *out,
                                  GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCo) producer = NULL;
  ConsumerFrame *consumer;
  ProducerFrame *p;

  if (!ll_sim_run_init (&run, argc, argv, NULL, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  consumer = ll_co_new (ConsumerFrame, consumer_run, consumer_cleanup);
  consumer->out = out;
  ll_co_set_name (&consumer->co, "consumer");
  /* A debugger on the scheduler sees the generator's sends and yields. */
  ll_scheduler_watch (run.scheduler, &consumer->co);

  p = ll_co_new (ProducerFrame, producer_run, producer_cleanup);
  p->out = out;
  p->consumer = &consumer->co;
  ll_co_set_name (&p->co, "producer");
  producer = &p->co;

  ll_scheduler_spawn (run.scheduler, producer);
  ll_scheduler_run_until_done (run.scheduler, producer);

  ll_co_finish (producer, error);

  return ll_co_get_error (producer) == NULL;
}
