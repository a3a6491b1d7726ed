/* ll-countdown-model.c: Countdown 10 ... Countdown 1, a second apart
 *
 * A producer task sends n, n-1, ... 1 to a consumer generator, which
 * prints `Countdown n` for each number it receives.  Between two sends
 * the producer sleeps for a second on the scheduler: LL_CO_SLEEP returns
 * to the loop, which is free to run anything else meanwhile, and
 * resumes the producer when the second is up.  Nothing blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-countdown-model"

#include "config.h"

#include "ll-countdown-model.h"
#include "ll-programs.h"

struct _LlCountdownModel
{
  LlSimModel    parent_instance;

  /* Owned references */
  LlCo         *producer;
  GArray       *received_at;   /* gint64: the scheduler's time of each line */

  /* State */
  guint         from;
  guint         value;
  gint64        start_time;
};

static void received (LlCountdownModel *self,
                      guint             n);
static void finished (LlCountdownModel *self);

/* The consumer: a generator that prints what it receives */

typedef struct
{
  LlCo              co;
  LlCountdownModel *self;   /* borrowed, or NULL: cleared when the model lets go */
  GOutputStream    *out;    /* or NULL */
  guint             n;
} ConsumerFrame;

static LlCoStatus
consumer_run (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      /* n = yield: wait for the next number. */
      LL_CO_YIELD (co, NULL);
      f->n = GPOINTER_TO_UINT (co->value);
      if (f->out != NULL)
        ll_print (f->out, "Countdown %u\n", f->n);
      received (f->self, f->n);
    }

  LL_CO_END (co);
}

static void
consumer_cleanup (LlCo *co)
{
  ConsumerFrame *f = (ConsumerFrame *) co;

  g_clear_object (&f->out);
}

/* The producer: a task that counts down, a second apart */

typedef struct
{
  LlCo              co;
  LlCountdownModel *self;   /* borrowed, or NULL: cleared when the model lets go */
  LlCo             *consumer;
  guint             n;
} CountdownFrame;

static LlCoStatus
countdown_run (LlCo *co)
{
  CountdownFrame *f = (CountdownFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  /* Prime the consumer: run it up to its first yield. */
  ll_co_send (f->consumer, NULL, &error);
  if (error != NULL)
    return ll_co_fail (co, error);

  for (; f->n > 0; f->n--)
    {
      ll_co_send (f->consumer, GUINT_TO_POINTER (f->n), &error);
      if (error != NULL)
        return ll_co_fail (co, error);
      if (f->n > 1)
        {
          /* Returns to the loop; resumes here a second later. */
          LL_CO_SLEEP (co, LL_COUNTDOWN_PAUSE_MSEC);
        }
    }

  ll_co_close (f->consumer);
  finished (f->self);

  LL_CO_END (co);
}

static void
countdown_cleanup (LlCo *co)
{
  CountdownFrame *f = (CountdownFrame *) co;

  g_clear_pointer (&f->consumer, ll_co_unref);
}

static LlCo *
countdown_new (LlCountdownModel *self,
               GOutputStream    *out,
               guint             n)
{
  CountdownFrame *f = ll_co_new (CountdownFrame, countdown_run, countdown_cleanup);
  ConsumerFrame *consumer = ll_co_new (ConsumerFrame, consumer_run, consumer_cleanup);

  consumer->self = self;
  consumer->out = out != NULL ? g_object_ref (out) : NULL;
  ll_co_set_name (&consumer->co, "consumer");

  f->self = self;
  f->consumer = &consumer->co;
  f->n = n;
  ll_co_set_name (&f->co, "countdown");

  return &f->co;
}

/**
 * ll_countdown_new:
 * @out: where the lines go
 * @n: where to start, 1 to %LL_COUNTDOWN_MAX
 *
 * A countdown coroutine, for a scheduler to spawn: it sends n down to 1
 * to a consumer that prints `Countdown n` for each, sleeping one second
 * of the scheduler's clock between two sends.
 *
 * Returns: (transfer full): the producer task, never run
 */
LlCo *
ll_countdown_new (GOutputStream *out,
                  guint          n)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (n >= 1 && n <= LL_COUNTDOWN_MAX, NULL);

  return countdown_new (NULL, out, n);
}

/* The model */

G_DEFINE_FINAL_TYPE (LlCountdownModel, ll_countdown_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
received (LlCountdownModel *self,
          guint             n)
{
  g_autofree char *line = NULL;
  gint64 now;

  if (self == NULL)
    return;

  now = ll_scheduler_get_time (ll_sim_model_get_scheduler (LL_SIM_MODEL (self)));
  g_array_append_val (self->received_at, now);
  self->value = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);

  line = g_strdup_printf ("Countdown %u", n);
  ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

static void
finished (LlCountdownModel *self)
{
  if (self == NULL)
    return;

  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
}

static void
clear_run (LlCountdownModel *self)
{
  if (self->producer != NULL)
    {
      CountdownFrame *f = (CountdownFrame *) self->producer;

      f->self = NULL;
      if (f->consumer != NULL)
        ((ConsumerFrame *) f->consumer)->self = NULL;
      ll_co_cancel (self->producer);
    }
  g_clear_pointer (&self->producer, ll_co_unref);
}

static void
ll_countdown_model_stop_run (LlSimModel *model)
{
  clear_run (LL_COUNTDOWN_MODEL (model));
}

static void
ll_countdown_model_dispose (GObject *object)
{
  LlCountdownModel *self = LL_COUNTDOWN_MODEL (object);

  clear_run (self);

  G_OBJECT_CLASS (ll_countdown_model_parent_class)->dispose (object);
}

static void
ll_countdown_model_finalize (GObject *object)
{
  LlCountdownModel *self = LL_COUNTDOWN_MODEL (object);

  g_clear_pointer (&self->received_at, g_array_unref);

  G_OBJECT_CLASS (ll_countdown_model_parent_class)->finalize (object);
}

static void
ll_countdown_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LlCountdownModel *self = LL_COUNTDOWN_MODEL (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_uint (value, self->value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_countdown_model_class_init (LlCountdownModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_countdown_model_dispose;
  object_class->finalize = ll_countdown_model_finalize;
  object_class->get_property = ll_countdown_model_get_property;
  sim_class->stop = ll_countdown_model_stop_run;

  /**
   * LlCountdownModel:value:
   *
   * The number the consumer received last; 0 before the first.
   */
  properties[PROP_VALUE] =
    g_param_spec_uint ("value", NULL, NULL,
                       0, LL_COUNTDOWN_MAX, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_countdown_model_init (LlCountdownModel *self)
{
  self->received_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->from = LL_COUNTDOWN_DEFAULT;
}

/**
 * ll_countdown_model_new:
 * @scheduler: the scheduler to run on
 *
 * Returns: (transfer full): a new model, not started
 */
LlCountdownModel *
ll_countdown_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_COUNTDOWN_MODEL, "scheduler", scheduler, NULL);
}

/**
 * ll_countdown_model_start:
 * @self: a model
 * @n: where to start, 1 to %LL_COUNTDOWN_MAX
 *
 * Starts a countdown afresh from @n; one under way is dropped.
 */
void
ll_countdown_model_start (LlCountdownModel *self,
                          guint             n)
{
  LlScheduler *scheduler;

  g_return_if_fail (LL_IS_COUNTDOWN_MODEL (self));
  g_return_if_fail (n >= 1 && n <= LL_COUNTDOWN_MAX);

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  clear_run (self);
  g_array_set_size (self->received_at, 0);
  self->from = n;
  self->start_time = ll_scheduler_get_time (scheduler);

  g_object_freeze_notify (G_OBJECT (self));
  ll_sim_model_set_uint (LL_SIM_MODEL (self), &self->value, 0, properties[PROP_VALUE]);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  self->producer = countdown_new (self, NULL, n);
  ll_scheduler_spawn (scheduler, self->producer);
}

/**
 * ll_countdown_model_get_producer:
 * @self: a model
 *
 * Returns: (transfer none) (nullable): the producer task of the run
 */
LlCo *
ll_countdown_model_get_producer (LlCountdownModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), NULL);

  return self->producer;
}

/**
 * ll_countdown_model_get_from:
 * @self: a model
 *
 * Returns: where the current or last countdown started
 */
guint
ll_countdown_model_get_from (LlCountdownModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), 0);

  return self->from;
}

guint
ll_countdown_model_get_value (LlCountdownModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), 0);

  return self->value;
}

/**
 * ll_countdown_model_get_start_time:
 * @self: a model
 *
 * Returns: the scheduler's time when the run started, in µs
 */
gint64
ll_countdown_model_get_start_time (LlCountdownModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), 0);

  return self->start_time;
}

/**
 * ll_countdown_model_get_received_at:
 * @self: a model
 * @n_received: (out): how many numbers the consumer received
 *
 * Returns: (array length=n_received) (transfer none): when it received
 *   each, on the scheduler's clock, in µs
 */
const gint64 *
ll_countdown_model_get_received_at (LlCountdownModel *self,
                                    guint            *n_received)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), NULL);
  g_return_val_if_fail (n_received != NULL, NULL);

  *n_received = self->received_at->len;

  return (const gint64 *) (gpointer) self->received_at->data;
}

/**
 * ll_countdown_model_get_wake_time:
 * @self: a model
 *
 * Returns: while the producer sleeps, when it wakes on the scheduler's
 *   clock (µs); -1 otherwise
 */
gint64
ll_countdown_model_get_wake_time (LlCountdownModel *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (self), -1);

  if (self->producer == NULL || ll_co_get_wait (self->producer) != LL_CO_WAIT_SLEEP)
    return -1;

  return ll_co_get_deadline (self->producer);
}
