/* ll-courier-model.c: couriers delivering parcels from a package centre
 *
 * The notes' courier demo as a model.  The package centre and each
 * courier is a coroutine on the scheduler:
 *
 * - The centre numbers the parcels 0 to n-1 and puts them one by one on
 *   a queue (the queue is unbounded: the centre never waits for the
 *   couriers).  After every pause_every parcels, if any are left, it
 *   pauses for a random pause_min to pause_max units.
 * - An idle courier takes up to capacity parcels from the queue at once
 *   (a trip) and delivers them one after the other, each taking a
 *   random delivery_min to delivery_max units; then it is idle again.
 *   With the queue empty, it waits for the centre's next batch; with
 *   the centre done as well, it goes home.
 *
 * Time is the model's, in whole units.  Each coroutine waits for its
 * next turn by sleeping on the scheduler until the turn's time, and the
 * turns are taken strictly in order (ll-courier-agenda.c): so a run
 * depends only on its configuration and its seed, and blocking the
 * thread (as the notes' time.sleep() does) only makes it take longer.
 *
 * Every coroutine draws its random numbers from a GRand of its own,
 * seeded with the seed and its index: the centre's pauses do not depend
 * on how many couriers there are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-model"

#include "config.h"

#include "ll-co.h"
#include "ll-courier-format.h"
#include "ll-courier-model-private.h"

#define N_NAMED_COURIERS G_N_ELEMENTS (courier_names)

/* The notes' courier first; then a fixed cast, then numbers. */
static const char * const courier_names[] = {
  "王大锤", "李二狗", "张小花", "赵铁柱", "刘翠花",
  "陈大壮", "杨小妹", "黄二毛", "周小龙", "吴三妹",
};

G_DEFINE_FINAL_TYPE (LlCourierModel, ll_courier_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_TIME,
  PROP_N_PRODUCED,
  PROP_N_WAITING,
  PROP_N_IN_TRANSIT,
  PROP_N_DELIVERED,
  PROP_PAUSED,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Counters and events */

static void
set_uint (LlCourierModel *self,
          guint          *field,
          guint           value,
          guint           prop_id)
{
  ll_sim_model_set_uint (LL_SIM_MODEL (self), field, value, properties[prop_id]);
}

/* Records and emits an event, and its line of the transcript if it has
 * one.  Callers update the counters first (with notifications frozen,
 * so that "notify" comes after "event"): a handler sees them consistent
 * with the event. */
static void
emit (LlCourierModel     *self,
      LlCourierEventKind  kind,
      int                 parcel,
      int                 courier,
      guint               duration)
{
  LlCourierEvent event = { kind, self->agenda.now, parcel, courier, duration };
  g_autofree char *line = NULL;

  /* A coroutine cancelled by a stop runs on to its next resume point. */
  if (self->stopped)
    return;

  g_array_append_val (self->events, event);
  g_signal_emit (self, signals[EVENT], 0, &event);

  line = ll_courier_format_event (self, &event);
  if (line != NULL && !self->stopped)
    ll_sim_model_emit_line (LL_SIM_MODEL (self), line);
}

/* Whether it is @actor's turn; if not, how long to sleep before asking
 * again.  See ll_courier_agenda_take_turn(). */
static gboolean
take_turn (LlCourierModel *self,
           LlCourierActor *actor,
           guint          *msec)
{
  guint before = self->agenda.now;

  if (!ll_courier_agenda_take_turn (&self->agenda, actor, msec))
    return FALSE;

  if (self->agenda.now != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);

  return TRUE;
}

/* @actor gives up its turn and books the next one @units from now.  In
 * blocking mode it then sleeps the notes' way. */
static void
wait_units (LlCourierModel *self,
            LlCourierActor *actor,
            guint           units)
{
  ll_courier_agenda_wait (&self->agenda, actor, units);
  if (self->config.blocking)
    {
      /* Deliberately blocking, as the notes' time.sleep() does: the
       * whole thread stops, the centre and every courier with it. */
      g_usleep (ll_courier_agenda_units_to_usec (&self->agenda, units));
    }
}

/* @actor goes home; the last one out ends the run. */
static void
retire (LlCourierModel *self,
        LlCourierActor *actor)
{
  if (!ll_courier_agenda_retire (&self->agenda, actor))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  ll_sim_model_set_running (LL_SIM_MODEL (self), FALSE);
  emit (self, LL_COURIER_EVENT_FINISHED, -1, -1, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

static guint
random_units (GRand *rand,
              int    min,
              int    max)
{
  return (guint) g_rand_int_range (rand, min, max + 1);
}

/* What the centre does */

static void
centre_produce (LlCourierModel *self,
                guint           parcel)
{
  g_object_freeze_notify (G_OBJECT (self));

  set_uint (self, &self->n_produced, self->n_produced + 1, PROP_N_PRODUCED);
  set_uint (self, &self->n_waiting, self->n_waiting + 1, PROP_N_WAITING);
  emit (self, LL_COURIER_EVENT_PRODUCED, (int) parcel, -1, 0);

  g_queue_push_tail (&self->queue, GUINT_TO_POINTER (parcel));
  emit (self, LL_COURIER_EVENT_QUEUED, (int) parcel, -1, 0);

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
centre_must_pause (LlCourierModel *self,
                   guint           parcel)
{
  guint produced = parcel + 1;

  return self->run.pause_every > 0 &&
         produced % (guint) self->run.pause_every == 0 &&
         produced < (guint) self->run.n_parcels;
}

static guint
centre_pause (LlCourierModel *self)
{
  guint pause = random_units (self->centre.rand, self->run.pause_min, self->run.pause_max);

  emit (self, LL_COURIER_EVENT_PAUSED, -1, -1, pause);

  return pause;
}

/* What a courier does */

/* Takes up to the capacity from the queue.  Returns how many. */
static guint
courier_pick_up (LlCourierModel *self,
                 guint           index)
{
  Courier *courier = &self->couriers[index];

  g_assert (courier->load == 0);

  g_object_freeze_notify (G_OBJECT (self));
  courier->trip_len = 0;
  while (courier->trip_len < (guint) self->run.capacity && !g_queue_is_empty (&self->queue))
    {
      guint parcel = GPOINTER_TO_UINT (g_queue_pop_head (&self->queue));

      courier->trip[courier->trip_len++] = parcel;
      courier->load++;
      set_uint (self, &self->n_waiting, self->n_waiting - 1, PROP_N_WAITING);
      set_uint (self, &self->n_in_transit, self->n_in_transit + 1, PROP_N_IN_TRANSIT);
      emit (self, LL_COURIER_EVENT_PICKED_UP, (int) parcel, (int) index, 0);
    }
  g_object_thaw_notify (G_OBJECT (self));

  return courier->trip_len;
}

/* Starts delivering the @k-th parcel of the trip.  Returns how long it
 * takes. */
static guint
courier_start_delivery (LlCourierModel *self,
                        guint           index,
                        guint           k)
{
  Courier *courier = &self->couriers[index];
  guint duration = random_units (courier->rand, self->run.delivery_min, self->run.delivery_max);

  emit (self, LL_COURIER_EVENT_DELIVERING, (int) courier->trip[k], (int) index, duration);

  return duration;
}

static void
courier_delivered (LlCourierModel *self,
                   guint           index,
                   guint           k,
                   guint           duration)
{
  Courier *courier = &self->couriers[index];

  g_object_freeze_notify (G_OBJECT (self));
  courier->load--;
  courier->n_delivered++;
  courier->busy += duration;
  set_uint (self, &self->n_in_transit, self->n_in_transit - 1, PROP_N_IN_TRANSIT);
  set_uint (self, &self->n_delivered, self->n_delivered + 1, PROP_N_DELIVERED);
  emit (self, LL_COURIER_EVENT_DELIVERED, (int) courier->trip[k], (int) index, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The coroutines.  Each one's body reads like the notes' loops; every
 * wait is "book the turn, then sleep until it comes". */

typedef struct
{
  LlCo            co;
  LlCourierModel *self;    /* borrowed: cleared when the model lets go */
  guint           parcel;
  guint           pause;
  guint           msec;
} CentreFrame;

static LlCoStatus
centre_run (LlCo *co)
{
  CentreFrame *f = (CentreFrame *) co;
  LlCourierModel *self = f->self;

  LL_CO_BEGIN (co);

  while (!take_turn (self, &self->centre.actor, &f->msec))
    LL_CO_SLEEP (co, f->msec);

  for (f->parcel = 0; f->parcel < (guint) self->run.n_parcels; f->parcel++)
    {
      centre_produce (self, f->parcel);

      if (centre_must_pause (self, f->parcel))
        {
          f->pause = centre_pause (self);
          wait_units (self, &self->centre.actor, f->pause);
          while (!take_turn (self, &self->centre.actor, &f->msec))
            LL_CO_SLEEP (co, f->msec);
          emit (self, LL_COURIER_EVENT_RESUMED, -1, -1, 0);
        }
    }

  retire (self, &self->centre.actor);

  LL_CO_END (co);
}

typedef struct
{
  LlCo            co;
  LlCourierModel *self;    /* borrowed: cleared when the model lets go */
  guint           index;
  guint           k;
  guint           duration;
  guint           msec;
} CourierFrame;

static LlCoStatus
courier_run (LlCo *co)
{
  CourierFrame *f = (CourierFrame *) co;
  LlCourierModel *self = f->self;
  Courier *courier = self != NULL ? &self->couriers[f->index] : NULL;

  LL_CO_BEGIN (co);

  for (;;)
    {
      while (!take_turn (self, &courier->actor, &f->msec))
        LL_CO_SLEEP (co, f->msec);

      if (courier_pick_up (self, f->index) == 0)
        {
          if (!self->centre.actor.live)
            break;
          /* Nothing yet: come back right after the centre's next turn. */
          ll_courier_agenda_wait (&self->agenda, &courier->actor,
                                  self->centre.actor.wake - self->agenda.now);
          continue;
        }

      for (f->k = 0; f->k < courier->trip_len; f->k++)
        {
          f->duration = courier_start_delivery (self, f->index, f->k);
          wait_units (self, &courier->actor, f->duration);
          while (!take_turn (self, &courier->actor, &f->msec))
            LL_CO_SLEEP (co, f->msec);
          courier_delivered (self, f->index, f->k, f->duration);
        }
    }

  retire (self, &courier->actor);

  LL_CO_END (co);
}

/* GObject */

/* Cancels the coroutines of the last run and lets go of them.  They may
 * still unwind at the scheduler's next dispatch: they must not find
 * the model there. */
static void
clear_run (LlCourierModel *self)
{
  if (self->centre.actor.co != NULL)
    {
      ((CentreFrame *) self->centre.actor.co)->self = NULL;
      ll_co_cancel (self->centre.actor.co);
    }
  g_clear_pointer (&self->centre.actor.co, ll_co_unref);
  g_clear_pointer (&self->centre.rand, g_rand_free);

  for (guint i = 0; i < self->n_couriers; i++)
    {
      Courier *courier = &self->couriers[i];

      if (courier->actor.co != NULL)
        {
          ((CourierFrame *) courier->actor.co)->self = NULL;
          ll_co_cancel (courier->actor.co);
        }
      g_clear_pointer (&courier->actor.co, ll_co_unref);
      g_clear_pointer (&courier->rand, g_rand_free);
    }

  g_clear_pointer (&self->couriers, g_free);
  self->n_couriers = 0;
  g_queue_clear (&self->queue);
}

/* Cancels the run, if one is under way: the coroutines end at their
 * next resume, and no more events come.  The counters and the record
 * stay as they were. */
static void
ll_courier_model_stop_run (LlSimModel *model)
{
  LlCourierModel *self = LL_COURIER_MODEL (model);

  if (!ll_sim_model_get_running (model))
    return;

  ll_co_cancel (self->centre.actor.co);
  for (guint i = 0; i < self->n_couriers; i++)
    ll_co_cancel (self->couriers[i].actor.co);

  self->stopped = TRUE;
  ll_sim_model_set_running (model, FALSE);
  ll_courier_model_set_paused (self, FALSE);
}

static void
ll_courier_model_dispose (GObject *object)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  clear_run (self);

  G_OBJECT_CLASS (ll_courier_model_parent_class)->dispose (object);
}

static void
ll_courier_model_finalize (GObject *object)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  ll_courier_agenda_clear (&self->agenda);
  g_clear_pointer (&self->events, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->names); i++)
    g_free (self->names[i]);

  G_OBJECT_CLASS (ll_courier_model_parent_class)->finalize (object);
}

static void
ll_courier_model_constructed (GObject *object)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  G_OBJECT_CLASS (ll_courier_model_parent_class)->constructed (object);

  ll_courier_agenda_init (&self->agenda,
                          ll_sim_model_get_scheduler (LL_SIM_MODEL (self)),
                          self->config.speed);
}

static void
ll_courier_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, &self->config);
      break;

    case PROP_TIME:
      g_value_set_uint (value, self->agenda.now);
      break;

    case PROP_N_PRODUCED:
      g_value_set_uint (value, self->n_produced);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_N_IN_TRANSIT:
      g_value_set_uint (value, self->n_in_transit);
      break;

    case PROP_N_DELIVERED:
      g_value_set_uint (value, self->n_delivered);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->agenda.paused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_courier_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      if (g_value_get_boxed (value) != NULL)
        ll_courier_model_set_config (self, g_value_get_boxed (value));
      break;

    case PROP_PAUSED:
      ll_courier_model_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_courier_model_class_init (LlCourierModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->constructed = ll_courier_model_constructed;
  object_class->dispose = ll_courier_model_dispose;
  object_class->finalize = ll_courier_model_finalize;
  object_class->get_property = ll_courier_model_get_property;
  object_class->set_property = ll_courier_model_set_property;

  sim_class->stop = ll_courier_model_stop_run;

  /**
   * LlCourierModel:config:
   *
   * The configuration, read at ll_courier_model_start(); its speed and
   * blocking apply from the next wait on, also during a run.
   */
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL,
                        LL_TYPE_COURIER_CONFIG,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * LlCourierModel:time:
   *
   * The model's time, in units since the start.
   */
  properties[PROP_TIME] = ll_sim_model_param_counter ("time");

  /**
   * LlCourierModel:n-produced:
   *
   * Parcels the centre has made: always :n-waiting + :n-in-transit +
   * :n-delivered.
   */
  properties[PROP_N_PRODUCED] = ll_sim_model_param_counter ("n-produced");

  /**
   * LlCourierModel:n-waiting:
   *
   * Parcels in the queue.
   */
  properties[PROP_N_WAITING] = ll_sim_model_param_counter ("n-waiting");

  /**
   * LlCourierModel:n-in-transit:
   *
   * Parcels a courier has taken and not delivered yet.
   */
  properties[PROP_N_IN_TRANSIT] = ll_sim_model_param_counter ("n-in-transit");

  /**
   * LlCourierModel:n-delivered:
   *
   * Parcels delivered.
   */
  properties[PROP_N_DELIVERED] = ll_sim_model_param_counter ("n-delivered");

  /**
   * LlCourierModel:paused:
   *
   * Whether the run is paused: its time stands still until resumed.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlCourierModel::event:
   * @self: the model
   * @event: (transfer none): what happened
   *
   * Emitted for every change of state, from inside the coroutine that
   * made it; the counters are up to date.  A handler must not block nor
   * start the model; it may stop it, and then no other event follows.
   * An event with a line of the transcript (see
   * ll_courier_format_event()) is followed by #LlSimModel::line.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  LL_TYPE_COURIER_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ll_courier_model_init (LlCourierModel *self)
{
  ll_courier_config_init (&self->config);
  self->events = g_array_new (FALSE, FALSE, sizeof (LlCourierEvent));
  g_queue_init (&self->queue);

  for (guint i = 0; i < G_N_ELEMENTS (self->names); i++)
    {
      if (i < N_NAMED_COURIERS)
        self->names[i] = g_strdup (courier_names[i]);
      else
        self->names[i] = g_strdup_printf ("快递员%u号", i + 1);
    }
}

/**
 * ll_courier_model_new:
 * @scheduler: the scheduler to run on
 *
 * Creates a model with the notes' configuration (see
 * ll_courier_config_init()).
 *
 * Returns: (transfer full): a new #LlCourierModel
 */
LlCourierModel *
ll_courier_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_COURIER_MODEL,
                       "scheduler", scheduler,
                       NULL);
}

/**
 * ll_courier_model_start:
 * @self: a model that is not running
 *
 * Starts a run with the current configuration: the counters and the
 * record start afresh, and the centre and the couriers are spawned on
 * the scheduler (the centre first, then the couriers in order, which is
 * also the order of their first turns at time 0).
 */
void
ll_courier_model_start (LlCourierModel *self)
{
  LlScheduler *scheduler;
  gboolean was_paused;

  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (!ll_sim_model_get_running (LL_SIM_MODEL (self)));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  clear_run (self);
  g_array_set_size (self->events, 0);
  self->stopped = FALSE;
  self->run = self->config;
  was_paused = self->agenda.paused;
  ll_courier_agenda_start (&self->agenda);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
  set_uint (self, &self->n_produced, 0, PROP_N_PRODUCED);
  set_uint (self, &self->n_waiting, 0, PROP_N_WAITING);
  set_uint (self, &self->n_in_transit, 0, PROP_N_IN_TRANSIT);
  set_uint (self, &self->n_delivered, 0, PROP_N_DELIVERED);
  ll_sim_model_set_running (LL_SIM_MODEL (self), TRUE);
  if (was_paused)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);

  /* Everyone's first turn is at time 0, in this order. */
  {
    const guint32 seed[] = { self->run.seed, 0 };
    CentreFrame *f = ll_co_new (CentreFrame, centre_run, NULL);

    ll_courier_agenda_add (&self->agenda, &self->centre.actor, &f->co);
    self->centre.rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
    f->self = self;
    ll_co_set_name (&f->co, "package centre");
  }

  self->n_couriers = (guint) self->run.n_couriers;
  self->couriers = g_new0 (Courier, self->n_couriers);
  for (guint i = 0; i < self->n_couriers; i++)
    {
      const guint32 seed[] = { self->run.seed, i + 1 };
      Courier *courier = &self->couriers[i];
      CourierFrame *f = ll_co_new (CourierFrame, courier_run, NULL);

      ll_courier_agenda_add (&self->agenda, &courier->actor, &f->co);
      courier->rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
      f->self = self;
      f->index = i;
      ll_co_set_name (&f->co, self->names[i]);
    }

  ll_scheduler_spawn (scheduler, self->centre.actor.co);
  for (guint i = 0; i < self->n_couriers; i++)
    ll_scheduler_spawn (scheduler, self->couriers[i].actor.co);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_courier_model_get_config:
 * @self: a model
 *
 * Returns: (transfer none): its configuration
 */
const LlCourierConfig *
ll_courier_model_get_config (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);

  return &self->config;
}

/**
 * ll_courier_model_set_config:
 * @self: a model
 * @config: a configuration that ll_courier_config_validate() accepts
 *
 * Sets the configuration of the next run.  Its speed and blocking apply
 * at once, also in the middle of a run: the model's present stays where
 * it is, and the turns still to come are taken at the new speed (a
 * coroutine already asleep keeps its alarm, and finds out when it
 * wakes); the coroutines sleep the new way from their next sleep on.
 */
void
ll_courier_model_set_config (LlCourierModel        *self,
                             const LlCourierConfig *config)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (config != NULL);
  g_return_if_fail (ll_courier_config_validate (config, NULL));

  if (ll_courier_config_equal (&self->config, config))
    return;

  if (self->config.speed != config->speed)
    ll_courier_agenda_set_speed (&self->agenda, config->speed,
                                 ll_sim_model_get_running (LL_SIM_MODEL (self)));

  self->config = *config;
  self->config.blocking = !!config->blocking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

gboolean
ll_courier_model_get_paused (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), FALSE);

  return self->agenda.paused;
}

/**
 * ll_courier_model_set_paused:
 * @self: a model
 * @paused: whether the model's time stands still
 *
 * Pauses or resumes a run: while paused, the model's time and its clock
 * time stand still and no event comes; resumed, the run carries on
 * where it was, as if the pause had never been (the same events).
 * Starting or stopping a run ends a pause.
 */
void
ll_courier_model_set_paused (LlCourierModel *self,
                             gboolean        paused)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  if (ll_courier_agenda_set_paused (&self->agenda, paused))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}
