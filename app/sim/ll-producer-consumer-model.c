/* ll-producer-consumer-model.c: a producer and a consumer take turns
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
 * The producer also yields to its scheduler at every hand-over, after
 * noting who runs next (hand_over()).  Run normally, the scheduler
 * resumes it at once; in step mode (the window's Step button) it stops
 * there, so each step is one coroutine's turn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-producer-consumer-model"

#include "config.h"

#include "ll-co.h"
#include "ll-producer-consumer-model.h"

#define N_ITEMS LL_PRODUCER_CONSUMER_N_ITEMS

struct _LlProducerConsumerModel
{
  LlSimModel    parent_instance;

  /* Owned references */
  LlCo         *producer;
  LlCo         *consumer;
  GPtrArray    *lines;
  char         *in_flight;

  /* State */
  LlPcPoint     point;
  guint         n_steps;
};

static void say       (LlProducerConsumerModel *self,
                       const char              *format,
                       ...) G_GNUC_PRINTF (2, 3);
static void hand_over (LlProducerConsumerModel *self,
                       LlPcPoint                point,
                       const char              *value);

/* The consumer: a generator */

typedef struct
{
  LlCo                     co;
  LlProducerConsumerModel *self;   /* borrowed: cleared when the model lets go */
  char                    *reply;  /* r: what the next yield hands back */
  int                      n;
} ConsumerFrame;

/* The line a consumer that never ran stands at: `r = ''`, in
 * consumer_run() below.  test-coroutine-models checks that it is. */
enum { CONSUMER_START_LINE = __LINE__ + 9 };

static LlCoStatus
consumer_run (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  LL_CO_BEGIN (co);

  f->reply = g_strdup ("");
  for (;;)
    {
      /* n = yield r: hand the reply out, wait for the next number. */
      LL_CO_YIELD (co, f->reply);
      f->n = GPOINTER_TO_INT (co->value);
      if (f->n == 0)
        break;
      say (f->self, "[Consumer] consuming %d", f->n);
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
  LlCo                     co;
  LlProducerConsumerModel *self;      /* borrowed: cleared when the model lets go */
  LlCo                    *consumer;
  char                    *reply;     /* r: the last reply */
  int                      n;
} ProducerFrame;

/* The line a producer that never ran stands at: its first hand-over, in
 * producer_run() below.  test-coroutine-models checks that it is. */
enum { PRODUCER_START_LINE = __LINE__ + 12 };

static LlCoStatus
producer_run (LlCo *co)
{
  ProducerFrame *f = (ProducerFrame *) co;
  GError *error = NULL;
  const char *reply;

  LL_CO_BEGIN (co);

  /* c.send(None): run the consumer up to its first yield. */
  hand_over (f->self, LL_PC_POINT_CONSUMER_START, "None");
  LL_CO_YIELD (co, NULL);
  reply = ll_co_send (f->consumer, NULL, &error);
  if (error != NULL)
    return ll_co_fail (co, error);
  f->reply = g_strdup (reply);   /* it lives in the consumer's frame */
  hand_over (f->self, LL_PC_POINT_PRODUCER_PRIMED, f->reply);
  LL_CO_YIELD (co, NULL);

  for (f->n = 1; f->n <= N_ITEMS; f->n++)
    {
      say (f->self, "[Producer] producing %d", f->n);

      /* r = c.send(n): n goes in, the consumer's reply comes back. */
      hand_over (f->self, LL_PC_POINT_CONSUMER_YIELD, NULL);
      LL_CO_YIELD (co, NULL);
      reply = ll_co_send (f->consumer, GINT_TO_POINTER (f->n), &error);
      if (error != NULL)
        return ll_co_fail (co, error);
      g_free (f->reply);
      f->reply = g_strdup (reply);
      hand_over (f->self, LL_PC_POINT_PRODUCER_SEND, f->reply);
      LL_CO_YIELD (co, NULL);

      say (f->self, "[Producer] Consumer return %s", f->reply);
    }

  /* c.close(): the consumer finishes at its yield; its cleanup runs. */
  hand_over (f->self, LL_PC_POINT_CONSUMER_CLOSE, "GeneratorExit");
  LL_CO_YIELD (co, NULL);
  ll_co_close (f->consumer);
  hand_over (f->self, LL_PC_POINT_PRODUCER_CLOSED, NULL);
  LL_CO_YIELD (co, NULL);

  hand_over (f->self, LL_PC_POINT_FINISHED, NULL);

  LL_CO_END (co);
}

static void
producer_cleanup (LlCo *co)
{
  ProducerFrame *f = (ProducerFrame *) co;

  g_clear_pointer (&f->reply, g_free);
  g_clear_pointer (&f->consumer, ll_co_unref);
}

/* What the debugger sees */

G_DEFINE_FINAL_TYPE (LlProducerConsumerModel, ll_producer_consumer_model, LL_TYPE_SIM_MODEL)

G_DEFINE_ENUM_TYPE (LlPcPoint, ll_pc_point,
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_PRODUCER_START, "producer-start"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_CONSUMER_START, "consumer-start"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_PRODUCER_PRIMED, "producer-primed"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_CONSUMER_YIELD, "consumer-yield"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_PRODUCER_SEND, "producer-send"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_CONSUMER_CLOSE, "consumer-close"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_PRODUCER_CLOSED, "producer-closed"),
  G_DEFINE_ENUM_VALUE (LL_PC_POINT_FINISHED, "finished"))

enum {
  PROP_0,
  PROP_POINT,
  PROP_N_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where each point stands in the Python rendering: the line about to
 * run in resources/python/producer_consumer.py (test-coroutine-models
 * checks each against the file's text). */
static const int python_lines[] = {
  [LL_PC_POINT_NONE] = 0,
  [LL_PC_POINT_PRODUCER_START] = 23,     /* c.send(None) */
  [LL_PC_POINT_CONSUMER_START] = 13,     /* r = '' */
  [LL_PC_POINT_PRODUCER_PRIMED] = 23,    /* c.send(None) */
  [LL_PC_POINT_CONSUMER_YIELD] = 15,     /* n = yield r */
  [LL_PC_POINT_PRODUCER_SEND] = 28,      /* r = c.send(n) */
  [LL_PC_POINT_CONSUMER_CLOSE] = 15,     /* n = yield r */
  [LL_PC_POINT_PRODUCER_CLOSED] = 30,    /* c.close() */
  [LL_PC_POINT_FINISHED] = 0,
};

static void
say (LlProducerConsumerModel *self,
     const char              *format,
     ...)
{
  va_list args;
  char *line;

  /* A coroutine cancelled by the model's end runs on to its next
   * resume point. */
  if (self == NULL)
    return;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (self->lines, line);
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

/* The line about to run in the C source: where the coroutine that runs
 * from @point stands. */
static int
point_source_line (LlProducerConsumerModel *self,
                   LlPcPoint                point)
{
  switch (ll_pc_point_get_role (point))
    {
    case LL_PC_ROLE_PRODUCER:
      return ll_sim_co_line (self->producer, PRODUCER_START_LINE);

    case LL_PC_ROLE_CONSUMER:
      return ll_sim_co_line (self->consumer, CONSUMER_START_LINE);

    case LL_PC_ROLE_NONE:
    default:
      return 0;
    }
}

/* Says where the program stands.  Called as a coroutine is about to
 * yield: its resume point is set by the yield itself, so the line comes
 * from the point's coroutine once the step is over (see
 * ll_producer_consumer_model_step()). */
static void
set_point (LlProducerConsumerModel *self,
           LlPcPoint                point)
{
  if (self->point == point)
    return;

  self->point = point;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINT]);
  ll_sim_model_set_running (LL_SIM_MODEL (self),
                            point != LL_PC_POINT_NONE && point != LL_PC_POINT_FINISHED);
}

/* Notes who runs next, and what the hand-over carries: @value, or n
 * when it is NULL and n goes in. */
static void
hand_over (LlProducerConsumerModel *self,
           LlPcPoint                point,
           const char              *value)
{
  if (self == NULL)
    return;

  g_free (self->in_flight);
  if (point == LL_PC_POINT_CONSUMER_YIELD)
    self->in_flight = g_strdup_printf ("%d", ll_producer_consumer_model_get_producer_n (self));
  else if (value != NULL && *value == '\0')
    self->in_flight = g_strdup ("''");
  else
    self->in_flight = g_strdup (value);

  g_object_freeze_notify (G_OBJECT (self));
  set_point (self, point);
  self->n_steps++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_pc_point_get_role:
 * @point: a point
 *
 * Returns: who runs from @point on
 */
LlPcRole
ll_pc_point_get_role (LlPcPoint point)
{
  switch (point)
    {
    case LL_PC_POINT_PRODUCER_START:
    case LL_PC_POINT_PRODUCER_PRIMED:
    case LL_PC_POINT_PRODUCER_SEND:
    case LL_PC_POINT_PRODUCER_CLOSED:
      return LL_PC_ROLE_PRODUCER;

    case LL_PC_POINT_CONSUMER_START:
    case LL_PC_POINT_CONSUMER_YIELD:
    case LL_PC_POINT_CONSUMER_CLOSE:
      return LL_PC_ROLE_CONSUMER;

    case LL_PC_POINT_NONE:
    case LL_PC_POINT_FINISHED:
    default:
      return LL_PC_ROLE_NONE;
    }
}

/* Lets go of the coroutines of the last run.  A stepped producer only
 * unwinds when stepped, so ll_sim_model_drop_task() steps it once more:
 * then it drops the consumer, which drops its hold on the scheduler. */
static void
clear_run (LlProducerConsumerModel *self)
{
  if (self->producer != NULL)
    {
      ((ProducerFrame *) self->producer)->self = NULL;
      ((ConsumerFrame *) self->consumer)->self = NULL;
    }

  ll_sim_model_drop_task (LL_SIM_MODEL (self), &self->producer);
  g_clear_pointer (&self->consumer, ll_co_unref);
}

/* Drops the run under way, if any: the coroutines are cancelled and
 * their frames freed.  The transcript stays; the point goes back to
 * %LL_PC_POINT_NONE. */
static void
ll_producer_consumer_model_stop_run (LlSimModel *model)
{
  LlProducerConsumerModel *self = LL_PRODUCER_CONSUMER_MODEL (model);

  clear_run (self);
  g_clear_pointer (&self->in_flight, g_free);
  g_object_freeze_notify (G_OBJECT (self));
  set_point (self, LL_PC_POINT_NONE);
  ll_sim_model_set_source_line (model, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Resumes the producer up to its next hand-over: one coroutine's turn
 * (the consumer's turns run inside the producer's send). */
static gboolean
ll_producer_consumer_model_step (LlSimModel *model)
{
  LlProducerConsumerModel *self = LL_PRODUCER_CONSUMER_MODEL (model);
  gboolean stepped;

  if (self->producer == NULL)
    return FALSE;

  stepped = ll_scheduler_step_co (ll_sim_model_get_scheduler (model), self->producer);
  ll_sim_model_set_source_line (model, point_source_line (self, self->point));

  return stepped;
}

static void
ll_producer_consumer_model_dispose (GObject *object)
{
  LlProducerConsumerModel *self = LL_PRODUCER_CONSUMER_MODEL (object);

  clear_run (self);

  G_OBJECT_CLASS (ll_producer_consumer_model_parent_class)->dispose (object);
}

static void
ll_producer_consumer_model_finalize (GObject *object)
{
  LlProducerConsumerModel *self = LL_PRODUCER_CONSUMER_MODEL (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->in_flight, g_free);

  G_OBJECT_CLASS (ll_producer_consumer_model_parent_class)->finalize (object);
}

static void
ll_producer_consumer_model_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  LlProducerConsumerModel *self = LL_PRODUCER_CONSUMER_MODEL (object);

  switch (prop_id)
    {
    case PROP_POINT:
      g_value_set_enum (value, self->point);
      break;

    case PROP_N_STEPS:
      g_value_set_uint (value, self->n_steps);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_producer_consumer_model_class_init (LlProducerConsumerModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_producer_consumer_model_dispose;
  object_class->finalize = ll_producer_consumer_model_finalize;
  object_class->get_property = ll_producer_consumer_model_get_property;

  sim_class->stop = ll_producer_consumer_model_stop_run;
  sim_class->step = ll_producer_consumer_model_step;

  /**
   * LlProducerConsumerModel:point:
   *
   * Where the program stands: who runs next, and from where.
   */
  properties[PROP_POINT] =
    g_param_spec_enum ("point", NULL, NULL,
                       LL_TYPE_PC_POINT,
                       LL_PC_POINT_NONE,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlProducerConsumerModel:n-steps:
   *
   * How many hand-overs the run has made: stepped, how many steps.
   */
  properties[PROP_N_STEPS] = ll_sim_model_param_counter ("n-steps");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_producer_consumer_model_init (LlProducerConsumerModel *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_free);
}

/**
 * ll_producer_consumer_model_new:
 * @scheduler: the scheduler to run on
 *
 * Returns: (transfer full): a new model, not started
 */
LlProducerConsumerModel *
ll_producer_consumer_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_PRODUCER_CONSUMER_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

/**
 * ll_producer_consumer_model_start:
 * @self: a model
 *
 * Starts a run afresh: the transcript empties, a new consumer and
 * producer are made, and the producer is spawned.  A run under way is
 * dropped first.  In step mode, nothing runs until a step.
 */
void
ll_producer_consumer_model_start (LlProducerConsumerModel *self)
{
  LlScheduler *scheduler;
  ConsumerFrame *consumer;
  ProducerFrame *producer;

  g_return_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  clear_run (self);
  g_ptr_array_set_size (self->lines, 0);
  g_clear_pointer (&self->in_flight, g_free);

  consumer = ll_co_new (ConsumerFrame, consumer_run, consumer_cleanup);
  consumer->self = self;
  ll_co_set_name (&consumer->co, "consumer");
  /* A debugger on the scheduler sees the generator's sends and yields. */
  ll_scheduler_watch (scheduler, &consumer->co);
  self->consumer = ll_co_ref (&consumer->co);

  producer = ll_co_new (ProducerFrame, producer_run, producer_cleanup);
  producer->self = self;
  producer->consumer = &consumer->co;
  ll_co_set_name (&producer->co, "producer");
  self->producer = &producer->co;

  g_object_freeze_notify (G_OBJECT (self));
  set_point (self, LL_PC_POINT_PRODUCER_START);
  ll_sim_model_set_uint (LL_SIM_MODEL (self), &self->n_steps, 0, properties[PROP_N_STEPS]);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self), PRODUCER_START_LINE);
  g_object_thaw_notify (G_OBJECT (self));

  ll_scheduler_spawn (scheduler, self->producer);
}

/**
 * ll_producer_consumer_model_get_producer:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the producer task of the run
 */
LlCo *
ll_producer_consumer_model_get_producer (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);

  return self->producer;
}

/**
 * ll_producer_consumer_model_get_consumer:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the consumer generator of the run
 */
LlCo *
ll_producer_consumer_model_get_consumer (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);

  return self->consumer;
}

LlPcPoint
ll_producer_consumer_model_get_point (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), LL_PC_POINT_NONE);

  return self->point;
}

/**
 * ll_producer_consumer_model_get_next:
 * @self: a model
 *
 * Returns: who has control at the next step
 */
LlPcRole
ll_producer_consumer_model_get_next (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), LL_PC_ROLE_NONE);

  return ll_pc_point_get_role (self->point);
}

/**
 * ll_producer_consumer_model_get_in_flight:
 * @self: a model
 *
 * The value the last hand-over carried, as Python would show it: None
 * or n going in, the reply coming back, GeneratorExit for the close.
 *
 * Returns: (nullable): the value, or %NULL if the hand-over carried none
 */
const char *
ll_producer_consumer_model_get_in_flight (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);

  return self->in_flight;
}

/**
 * ll_pc_point_get_python_line:
 * @point: a point
 *
 * Returns: the line about to run at @point in the Python rendering,
 *   resources/python/producer_consumer.py, from 1; 0 for none
 */
int
ll_pc_point_get_python_line (LlPcPoint point)
{
  g_return_val_if_fail (point <= LL_PC_POINT_FINISHED, 0);

  return python_lines[point];
}

guint
ll_producer_consumer_model_get_n_steps (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), 0);

  return self->n_steps;
}

/**
 * ll_producer_consumer_model_get_producer_n:
 * @self: a model
 *
 * Returns: n in the producer's frame, 0 before it counts
 */
int
ll_producer_consumer_model_get_producer_n (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), 0);

  return self->producer != NULL ? ((ProducerFrame *) self->producer)->n : 0;
}

/**
 * ll_producer_consumer_model_get_producer_r:
 * @self: a model
 *
 * Returns: (nullable): r in the producer's frame: the last reply
 */
const char *
ll_producer_consumer_model_get_producer_r (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);

  return self->producer != NULL ? ((ProducerFrame *) self->producer)->reply : NULL;
}

/**
 * ll_producer_consumer_model_get_consumer_n:
 * @self: a model
 *
 * Returns: n in the consumer's frame: the last number received
 */
int
ll_producer_consumer_model_get_consumer_n (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), 0);

  return self->consumer != NULL ? ((ConsumerFrame *) self->consumer)->n : 0;
}

/**
 * ll_producer_consumer_model_get_consumer_r:
 * @self: a model
 *
 * Returns: (nullable): r in the consumer's frame: what its next yield
 *   hands back, %NULL before it ran or after it finished
 */
const char *
ll_producer_consumer_model_get_consumer_r (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);

  return self->consumer != NULL ? ((ConsumerFrame *) self->consumer)->reply : NULL;
}

guint
ll_producer_consumer_model_get_n_lines (LlProducerConsumerModel *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), 0);

  return self->lines->len;
}

/**
 * ll_producer_consumer_model_get_line:
 * @self: a model
 * @index: below ll_producer_consumer_model_get_n_lines()
 *
 * Returns: the line, without its newline
 */
const char *
ll_producer_consumer_model_get_line (LlProducerConsumerModel *self,
                                     guint                    index)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return g_ptr_array_index (self->lines, index);
}
