/* ll-courier-model.c: couriers delivering parcels from a package centre
 *
 * The notes' courier demo as a model.  The package centre and each
 * courier is a coroutine on the scheduler:
 *
 * - The centre numbers the parcels 0 to n-1 and puts them one by one on
 *   a queue (the queue is unbounded: the centre never waits for the
 *   couriers).  After every :pause-every parcels, if any are left, it
 *   pauses for a random :pause-min to :pause-max units.
 * - An idle courier takes up to :capacity parcels from the queue at
 *   once (a trip) and delivers them one after the other, each taking a
 *   random :delivery-min to :delivery-max units; then it is idle again.
 *   With the queue empty, it waits for the centre's next batch; with
 *   the centre done as well, it goes home.
 *
 * Time is the model's, in whole units.  Each coroutine waits for its
 * next turn by sleeping on the scheduler until the turn's time (a unit
 * lasts 1/:speed seconds of the scheduler's clock), and turns are taken
 * strictly in order of time, ties in the order the turns were booked
 * (the "agenda").  So a run depends only on its configuration and its
 * seed: the same on the monotonic clock as on a virtual one, and the
 * same when the coroutines block the thread (:blocking), which only
 * makes it take longer in real time.
 *
 * Every coroutine draws its random numbers from a GRand of its own,
 * seeded with the seed and its index: the centre's pauses do not depend
 * on how many couriers there are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-model"

#include "config.h"

#include <math.h>

#include "ll-co.h"
#include "ll-courier-model.h"
#include "ll-sim-private.h"

#define N_NAMED_COURIERS G_N_ELEMENTS (courier_names)

/* How often a coroutine looks again whether a pause is over. */
#define PAUSED_POLL_MSEC 20

/* The notes' courier first; then a fixed cast, then numbers. */
static const char * const courier_names[] = {
  "王大锤", "李二狗", "张小花", "赵铁柱", "刘翠花",
  "陈大壮", "杨小妹", "黄二毛", "周小龙", "吴三妹",
};

/* One coroutine and its place on the agenda. */
typedef struct
{
  LlCo    *co;        /* owned */
  guint    wake;      /* the model time of its next turn */
  guint64  seq;       /* when the turn was booked: ties go in this order */
  gboolean live;      /* not gone home yet */
  gboolean acting;    /* it has the turn now */
} Actor;

typedef struct
{
  Actor    actor;
  GRand   *rand;
} Centre;

typedef struct
{
  Actor    actor;
  GRand   *rand;
  guint    trip[LL_COURIER_MODEL_MAX_CAPACITY];  /* the parcels of this trip */
  guint    trip_len;
  guint    load;                                 /* those not delivered yet */
  guint    n_delivered;
  guint    busy;                                 /* units spent delivering */
} Courier;

struct _LlCourierModel
{
  GObject       parent_instance;

  /* Owned references */
  LlScheduler  *scheduler;
  GArray       *events;
  char         *names[LL_COURIER_MODEL_MAX_COURIERS];

  /* Configuration */
  guint         n_couriers;
  guint         capacity;
  guint         n_parcels;
  guint         delivery_min;
  guint         delivery_max;
  guint         pause_min;
  guint         pause_max;
  guint         pause_every;
  double        speed;
  guint32       seed;
  gboolean      blocking;

  /* The run: its configuration is copied at start */
  guint         run_couriers;
  guint         run_capacity;
  guint         run_parcels;
  guint         run_delivery_min;
  guint         run_delivery_max;
  guint         run_pause_min;
  guint         run_pause_max;
  guint         run_pause_every;
  Centre        centre;
  Courier      *couriers;
  GQueue        queue;           /* parcel numbers, as GUINT_TO_POINTER */
  guint64       next_seq;
  double        base_msec;       /* the scheduler's time at model time 0 */
  guint         now;             /* the model's time, in units */
  guint         n_produced;
  guint         n_waiting;
  guint         n_in_transit;
  guint         n_delivered;
  gboolean      running;
  gboolean      stopped;         /* by ll_courier_model_stop(): silent from now on */
  gboolean      paused;
  double        paused_msec;     /* the scheduler's time when it paused */
};

G_DEFINE_FINAL_TYPE (LlCourierModel, ll_courier_model, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LlCourierEventKind, ll_courier_event_kind,
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PRODUCED, "produced"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PICKED_UP, "picked-up"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_DELIVERING, "delivering"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_DELIVERED, "delivered"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_RESUMED, "resumed"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_FINISHED, "finished"))

G_DEFINE_BOXED_TYPE (LlCourierEvent, ll_courier_event,
                     ll_courier_event_copy, ll_courier_event_free)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_N_COURIERS,
  PROP_CAPACITY,
  PROP_N_PARCELS,
  PROP_DELIVERY_MIN,
  PROP_DELIVERY_MAX,
  PROP_PAUSE_MIN,
  PROP_PAUSE_MAX,
  PROP_PAUSE_EVERY,
  PROP_SPEED,
  PROP_SEED,
  PROP_BLOCKING,
  PROP_RUNNING,
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

/**
 * ll_courier_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a copy of @event
 */
LlCourierEvent *
ll_courier_event_copy (const LlCourierEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return g_memdup2 (event, sizeof *event);
}

/**
 * ll_courier_event_free:
 * @event: an event from ll_courier_event_copy()
 *
 * Frees @event.
 */
void
ll_courier_event_free (LlCourierEvent *event)
{
  g_free (event);
}

/**
 * ll_courier_event_kind_to_string:
 * @kind: an event kind
 *
 * Returns: the kind's nick, such as "picked-up", for logs and tests
 */
const char *
ll_courier_event_kind_to_string (LlCourierEventKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LL_TYPE_COURIER_EVENT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value != NULL ? value->value_nick : "unknown";
}

/* Counters and events */

static void
set_uint (LlCourierModel *self,
          guint          *field,
          guint           value,
          guint           prop_id)
{
  ll_sim_set_uint (G_OBJECT (self), field, value, properties[prop_id]);
}

/* Records and emits an event.  Callers update the counters first (with
 * notifications frozen, so that "notify" comes after "event"): a handler
 * sees them consistent with the event. */
static void
emit (LlCourierModel     *self,
      LlCourierEventKind  kind,
      int                 parcel,
      int                 courier,
      guint               duration)
{
  LlCourierEvent event = { kind, self->now, parcel, courier, duration };

  /* A coroutine cancelled by a stop runs on to its next resume point. */
  if (self->stopped)
    return;

  g_array_append_val (self->events, event);
  g_signal_emit (self, signals[EVENT], 0, &event);
}

/* The agenda: whose turn it is */

static gint64
turn_msec (LlCourierModel *self,
           guint           time)
{
  return (gint64) llround (self->base_msec + time * 1000.0 / self->speed);
}

static gboolean
actor_before (const Actor *a,
              const Actor *b)
{
  return a->wake < b->wake || (a->wake == b->wake && a->seq < b->seq);
}

static Actor *
agenda_head (LlCourierModel *self)
{
  Actor *head = NULL;

  if (self->centre.actor.live)
    head = &self->centre.actor;
  for (guint i = 0; i < self->run_couriers; i++)
    {
      Actor *actor = &self->couriers[i].actor;

      if (actor->live && (head == NULL || actor_before (actor, head)))
        head = actor;
    }

  return head;
}

/* Books @actor's next turn @units from now.  It gives up the turn. */
static void
actor_wait (LlCourierModel *self,
            Actor          *actor,
            guint           units)
{
  g_assert (actor->acting);

  actor->wake = self->now + units;
  actor->seq = self->next_seq++;
  actor->acting = FALSE;
}

/* How long to sleep from @now (µs) to the millisecond @at: LL_CO_SLEEP
 * rounds its deadline up to the next millisecond tick. */
static guint
msec_until (gint64 now,
            gint64 at)
{
  return (guint) CLAMP (at - (now + 999) / G_TIME_SPAN_MILLISECOND, 0, G_MAXUINT);
}

/* Whether it is @actor's turn: the scheduler's clock has reached its
 * time, and it is first on the agenda.  If so, @actor has the turn
 * (until it books the next one) and the model's time is the turn's.
 * If not, @msec is how long to sleep before asking again: until its
 * time; or, once that has come, until an earlier turn still pending has
 * been taken (that only happens when the thread was late, or blocked:
 * a coroutine never acts before the ones due earlier). */
static gboolean
actor_take_turn (LlCourierModel *self,
                 Actor          *actor,
                 guint          *msec)
{
  Actor *head;
  gint64 now;
  gint64 at;
  gint64 deadline;

  if (actor->acting)
    return TRUE;

  g_assert (actor->live);

  /* Paused, the model's time stands still: nobody's turn comes.  The
   * turn's time is not known until the pause ends, so ask again soon. */
  if (self->paused)
    {
      *msec = PAUSED_POLL_MSEC;
      return FALSE;
    }

  now = ll_scheduler_get_time (self->scheduler);
  at = turn_msec (self, actor->wake);
  if (now < at * G_TIME_SPAN_MILLISECOND)
    {
      *msec = msec_until (now, at);
      return FALSE;
    }

  head = agenda_head (self);
  if (head == actor)
    {
      actor->acting = TRUE;
      if (self->now != actor->wake)
        {
          self->now = actor->wake;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
        }
      return TRUE;
    }

  /* The first one is ready (a yield lets it run), or asleep until its
   * alarm, which may be later than its time if the speed went up. */
  deadline = ll_co_get_deadline (head->co);
  *msec = deadline < 0 ? 0 : msec_until (now, deadline / G_TIME_SPAN_MILLISECOND);

  return FALSE;
}

static void
finish (LlCourierModel *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  emit (self, LL_COURIER_EVENT_FINISHED, -1, -1, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* @actor goes home; the last one out ends the run. */
static void
actor_retire (LlCourierModel *self,
              Actor          *actor)
{
  g_assert (actor->acting);

  actor->live = FALSE;
  actor->acting = FALSE;
  if (agenda_head (self) == NULL)
    finish (self);
}

static guint64
units_to_usec (LlCourierModel *self,
               guint           units)
{
  return (guint64) (units * (double) G_TIME_SPAN_SECOND / self->speed);
}

static guint
draw (GRand *rand,
      guint  min,
      guint  max)
{
  return (guint) g_rand_int_range (rand, (gint32) min, (gint32) max + 1);
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

  return self->run_pause_every > 0 &&
         produced % self->run_pause_every == 0 &&
         produced < self->run_parcels;
}

static guint
centre_pause (LlCourierModel *self)
{
  guint pause = draw (self->centre.rand, self->run_pause_min, self->run_pause_max);

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
  while (courier->trip_len < self->run_capacity && !g_queue_is_empty (&self->queue))
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
  guint duration = draw (courier->rand, self->run_delivery_min, self->run_delivery_max);

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

  while (!actor_take_turn (self, &self->centre.actor, &f->msec))
    LL_CO_SLEEP (co, f->msec);

  for (f->parcel = 0; f->parcel < self->run_parcels; f->parcel++)
    {
      centre_produce (self, f->parcel);

      if (centre_must_pause (self, f->parcel))
        {
          f->pause = centre_pause (self);
          actor_wait (self, &self->centre.actor, f->pause);
          if (self->blocking)
            {
              /* Deliberately blocking, as the notes' time.sleep() does:
               * the whole thread stops, every courier with it. */
              g_usleep (units_to_usec (self, f->pause));
            }
          while (!actor_take_turn (self, &self->centre.actor, &f->msec))
            LL_CO_SLEEP (co, f->msec);
          emit (self, LL_COURIER_EVENT_RESUMED, -1, -1, 0);
        }
    }

  actor_retire (self, &self->centre.actor);

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
      while (!actor_take_turn (self, &courier->actor, &f->msec))
        LL_CO_SLEEP (co, f->msec);

      if (courier_pick_up (self, f->index) == 0)
        {
          if (!self->centre.actor.live)
            break;
          /* Nothing yet: come back right after the centre's next turn. */
          actor_wait (self, &courier->actor, self->centre.actor.wake - self->now);
          continue;
        }

      for (f->k = 0; f->k < courier->trip_len; f->k++)
        {
          f->duration = courier_start_delivery (self, f->index, f->k);
          actor_wait (self, &courier->actor, f->duration);
          if (self->blocking)
            {
              /* Deliberately blocking, as the notes' time.sleep() does:
               * the whole thread stops, the centre and the other
               * couriers with it. */
              g_usleep (units_to_usec (self, f->duration));
            }
          while (!actor_take_turn (self, &courier->actor, &f->msec))
            LL_CO_SLEEP (co, f->msec);
          courier_delivered (self, f->index, f->k, f->duration);
        }
    }

  actor_retire (self, &courier->actor);

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

  for (guint i = 0; i < self->run_couriers; i++)
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
  self->run_couriers = 0;
  g_queue_clear (&self->queue);
}

static void
ll_courier_model_dispose (GObject *object)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  self->running = FALSE;
  clear_run (self);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_courier_model_parent_class)->dispose (object);
}

static void
ll_courier_model_finalize (GObject *object)
{
  LlCourierModel *self = LL_COURIER_MODEL (object);

  g_clear_pointer (&self->events, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->names); i++)
    g_free (self->names[i]);

  G_OBJECT_CLASS (ll_courier_model_parent_class)->finalize (object);
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
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;

    case PROP_N_COURIERS:
      g_value_set_uint (value, self->n_couriers);
      break;

    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;

    case PROP_N_PARCELS:
      g_value_set_uint (value, self->n_parcels);
      break;

    case PROP_DELIVERY_MIN:
      g_value_set_uint (value, self->delivery_min);
      break;

    case PROP_DELIVERY_MAX:
      g_value_set_uint (value, self->delivery_max);
      break;

    case PROP_PAUSE_MIN:
      g_value_set_uint (value, self->pause_min);
      break;

    case PROP_PAUSE_MAX:
      g_value_set_uint (value, self->pause_max);
      break;

    case PROP_PAUSE_EVERY:
      g_value_set_uint (value, self->pause_every);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    case PROP_BLOCKING:
      g_value_set_boolean (value, self->blocking);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_TIME:
      g_value_set_uint (value, self->now);
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
      g_value_set_boolean (value, self->paused);
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
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;

    case PROP_N_COURIERS:
      ll_courier_model_set_n_couriers (self, g_value_get_uint (value));
      break;

    case PROP_CAPACITY:
      ll_courier_model_set_capacity (self, g_value_get_uint (value));
      break;

    case PROP_N_PARCELS:
      ll_courier_model_set_n_parcels (self, g_value_get_uint (value));
      break;

    case PROP_DELIVERY_MIN:
      ll_courier_model_set_delivery_range (self, g_value_get_uint (value),
                                           MAX (self->delivery_max, g_value_get_uint (value)));
      break;

    case PROP_DELIVERY_MAX:
      ll_courier_model_set_delivery_range (self,
                                           MIN (self->delivery_min, g_value_get_uint (value)),
                                           g_value_get_uint (value));
      break;

    case PROP_PAUSE_MIN:
      ll_courier_model_set_pause_range (self, g_value_get_uint (value),
                                        MAX (self->pause_max, g_value_get_uint (value)));
      break;

    case PROP_PAUSE_MAX:
      ll_courier_model_set_pause_range (self,
                                        MIN (self->pause_min, g_value_get_uint (value)),
                                        g_value_get_uint (value));
      break;

    case PROP_PAUSE_EVERY:
      ll_courier_model_set_pause_every (self, g_value_get_uint (value));
      break;

    case PROP_SPEED:
      ll_courier_model_set_speed (self, g_value_get_double (value));
      break;

    case PROP_SEED:
      ll_courier_model_set_seed (self, g_value_get_uint (value));
      break;

    case PROP_BLOCKING:
      ll_courier_model_set_blocking (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSED:
      ll_courier_model_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A number of the configuration, for the next run. */
static GParamSpec *
config_param (const char *name,
              guint       minimum,
              guint       maximum,
              guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL,
                            minimum, maximum, default_value,
                            (G_PARAM_READWRITE |
                             G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static void
ll_courier_model_class_init (LlCourierModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_courier_model_dispose;
  object_class->finalize = ll_courier_model_finalize;
  object_class->get_property = ll_courier_model_get_property;
  object_class->set_property = ll_courier_model_set_property;

  /**
   * LlCourierModel:scheduler:
   *
   * The scheduler the centre and the couriers run on; its clock is the
   * model's.
   */
  properties[PROP_SCHEDULER] = ll_sim_param_scheduler ();

  /**
   * LlCourierModel:n-couriers:
   *
   * How many couriers deliver, 1 to %LL_COURIER_MODEL_MAX_COURIERS.
   */
  properties[PROP_N_COURIERS] =
    config_param ("n-couriers", 1, LL_COURIER_MODEL_MAX_COURIERS, 1);

  /**
   * LlCourierModel:capacity:
   *
   * How many parcels a courier takes on one trip, 1 to
   * %LL_COURIER_MODEL_MAX_CAPACITY.
   */
  properties[PROP_CAPACITY] =
    config_param ("capacity", 1, LL_COURIER_MODEL_MAX_CAPACITY, 1);

  /**
   * LlCourierModel:n-parcels:
   *
   * How many parcels the centre sends, numbered from 0.  The notes'
   * loop runs from 0 to 50: 51 parcels.
   */
  properties[PROP_N_PARCELS] =
    config_param ("n-parcels", 1, LL_COURIER_MODEL_MAX_PARCELS, 51);

  /**
   * LlCourierModel:delivery-min:
   *
   * The shortest delivery, in units.  Setting it above :delivery-max
   * raises that too.
   */
  properties[PROP_DELIVERY_MIN] =
    config_param ("delivery-min", 1, LL_COURIER_MODEL_MAX_UNITS, 1);

  /**
   * LlCourierModel:delivery-max:
   *
   * The longest delivery, in units.  Setting it below :delivery-min
   * lowers that too.
   */
  properties[PROP_DELIVERY_MAX] =
    config_param ("delivery-max", 1, LL_COURIER_MODEL_MAX_UNITS, 3);

  /**
   * LlCourierModel:pause-min:
   *
   * The shortest pause of the centre, in units.
   */
  properties[PROP_PAUSE_MIN] =
    config_param ("pause-min", 1, LL_COURIER_MODEL_MAX_UNITS, 15);

  /**
   * LlCourierModel:pause-max:
   *
   * The longest pause of the centre, in units.
   */
  properties[PROP_PAUSE_MAX] =
    config_param ("pause-max", 1, LL_COURIER_MODEL_MAX_UNITS, 30);

  /**
   * LlCourierModel:pause-every:
   *
   * The centre pauses after every this many parcels (unless none is
   * left); 0 never pauses.
   */
  properties[PROP_PAUSE_EVERY] =
    config_param ("pause-every", 0, LL_COURIER_MODEL_MAX_PARCELS, 10);

  /**
   * LlCourierModel:speed:
   *
   * Units per second of the scheduler's clock, from
   * %LL_COURIER_MODEL_MIN_SPEED to %LL_COURIER_MODEL_MAX_SPEED.  It can
   * change during a run; the run's events stay the same.
   */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         LL_COURIER_MODEL_MIN_SPEED, LL_COURIER_MODEL_MAX_SPEED, 1.0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlCourierModel:seed:
   *
   * The seed of the random durations: the same seed and configuration
   * give the same run.
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * LlCourierModel:blocking:
   *
   * Whether the coroutines sleep the notes' way, with a blocking sleep
   * that stops the whole thread (the mistake the demo shows), instead of
   * a non-blocking LL_CO_SLEEP().  The run's events stay the same; it
   * takes longer, and the loop stalls.
   */
  properties[PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * LlCourierModel:running:
   *
   * Whether a run is under way.
   */
  properties[PROP_RUNNING] = ll_sim_param_running ();

  /**
   * LlCourierModel:time:
   *
   * The model's time, in units since the start.
   */
  properties[PROP_TIME] = ll_sim_param_counter ("time");

  /**
   * LlCourierModel:n-produced:
   *
   * Parcels the centre has made: always :n-waiting + :n-in-transit +
   * :n-delivered.
   */
  properties[PROP_N_PRODUCED] = ll_sim_param_counter ("n-produced");

  /**
   * LlCourierModel:n-waiting:
   *
   * Parcels in the queue.
   */
  properties[PROP_N_WAITING] = ll_sim_param_counter ("n-waiting");

  /**
   * LlCourierModel:n-in-transit:
   *
   * Parcels a courier has taken and not delivered yet.
   */
  properties[PROP_N_IN_TRANSIT] = ll_sim_param_counter ("n-in-transit");

  /**
   * LlCourierModel:n-delivered:
   *
   * Parcels delivered.
   */
  properties[PROP_N_DELIVERED] = ll_sim_param_counter ("n-delivered");

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
  self->n_couriers = 1;
  self->capacity = 1;
  self->n_parcels = 51;
  self->delivery_min = 1;
  self->delivery_max = 3;
  self->pause_min = 15;
  self->pause_max = 30;
  self->pause_every = 10;
  self->speed = 1.0;
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
 * Creates a model with the notes' configuration: one courier of
 * capacity 1, 51 parcels, deliveries of 1 to 3 units, a pause of 15 to
 * 30 units after every 10 parcels, one unit a second, seed 0.
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
 * ll_courier_model_get_scheduler:
 * @self: a model
 *
 * Returns: (transfer none): the scheduler it runs on
 */
LlScheduler *
ll_courier_model_get_scheduler (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);

  return self->scheduler;
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
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (!self->running);

  clear_run (self);
  g_array_set_size (self->events, 0);
  self->stopped = FALSE;

  self->run_couriers = self->n_couriers;
  self->run_capacity = self->capacity;
  self->run_parcels = self->n_parcels;
  self->run_delivery_min = self->delivery_min;
  self->run_delivery_max = self->delivery_max;
  self->run_pause_min = self->pause_min;
  self->run_pause_max = self->pause_max;
  self->run_pause_every = self->pause_every;
  self->base_msec = ll_scheduler_get_time (self->scheduler) / (double) G_TIME_SPAN_MILLISECOND;
  self->next_seq = 0;

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->now, 0, PROP_TIME);
  set_uint (self, &self->n_produced, 0, PROP_N_PRODUCED);
  set_uint (self, &self->n_waiting, 0, PROP_N_WAITING);
  set_uint (self, &self->n_in_transit, 0, PROP_N_IN_TRANSIT);
  set_uint (self, &self->n_delivered, 0, PROP_N_DELIVERED);
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->paused)
    {
      self->paused = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }

  /* Everyone's first turn is at time 0, in this order. */
  {
    const guint32 seed[] = { self->seed, 0 };
    CentreFrame *f = ll_co_new (CentreFrame, centre_run, NULL);

    self->centre.actor = (Actor) { &f->co, 0, self->next_seq++, TRUE, FALSE };
    self->centre.rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
    f->self = self;
    ll_co_set_name (&f->co, "package centre");
  }

  self->couriers = g_new0 (Courier, self->run_couriers);
  for (guint i = 0; i < self->run_couriers; i++)
    {
      const guint32 seed[] = { self->seed, i + 1 };
      Courier *courier = &self->couriers[i];
      CourierFrame *f = ll_co_new (CourierFrame, courier_run, NULL);

      courier->actor = (Actor) { &f->co, 0, self->next_seq++, TRUE, FALSE };
      courier->rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
      f->self = self;
      f->index = i;
      ll_co_set_name (&f->co, self->names[i]);
    }

  ll_scheduler_spawn (self->scheduler, self->centre.actor.co);
  for (guint i = 0; i < self->run_couriers; i++)
    ll_scheduler_spawn (self->scheduler, self->couriers[i].actor.co);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_courier_model_stop:
 * @self: a model
 *
 * Cancels the run, if one is under way: the coroutines end at their
 * next resume, and no more events come.  The counters and the record
 * stay as they were.
 */
void
ll_courier_model_stop (LlCourierModel *self)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  if (!self->running)
    return;

  ll_co_cancel (self->centre.actor.co);
  for (guint i = 0; i < self->run_couriers; i++)
    ll_co_cancel (self->couriers[i].actor.co);

  self->stopped = TRUE;
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  ll_courier_model_set_paused (self, FALSE);
}

/**
 * ll_courier_model_get_running:
 * @self: a model
 *
 * Returns: whether a run is under way
 */
gboolean
ll_courier_model_get_running (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), FALSE);

  return self->running;
}

/* Configuration */

guint
ll_courier_model_get_n_couriers (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_couriers;
}

/**
 * ll_courier_model_set_n_couriers:
 * @self: a model
 * @n_couriers: 1 to %LL_COURIER_MODEL_MAX_COURIERS
 *
 * Sets how many couriers the next run has.
 */
void
ll_courier_model_set_n_couriers (LlCourierModel *self,
                                 guint           n_couriers)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (n_couriers >= 1 && n_couriers <= LL_COURIER_MODEL_MAX_COURIERS);

  set_uint (self, &self->n_couriers, n_couriers, PROP_N_COURIERS);
}

guint
ll_courier_model_get_capacity (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->capacity;
}

/**
 * ll_courier_model_set_capacity:
 * @self: a model
 * @capacity: 1 to %LL_COURIER_MODEL_MAX_CAPACITY
 *
 * Sets how many parcels a courier carries per trip in the next run.
 */
void
ll_courier_model_set_capacity (LlCourierModel *self,
                               guint           capacity)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (capacity >= 1 && capacity <= LL_COURIER_MODEL_MAX_CAPACITY);

  set_uint (self, &self->capacity, capacity, PROP_CAPACITY);
}

guint
ll_courier_model_get_n_parcels (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_parcels;
}

/**
 * ll_courier_model_set_n_parcels:
 * @self: a model
 * @n_parcels: 1 to %LL_COURIER_MODEL_MAX_PARCELS
 *
 * Sets how many parcels the centre sends in the next run.
 */
void
ll_courier_model_set_n_parcels (LlCourierModel *self,
                                guint           n_parcels)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (n_parcels >= 1 && n_parcels <= LL_COURIER_MODEL_MAX_PARCELS);

  set_uint (self, &self->n_parcels, n_parcels, PROP_N_PARCELS);
}

/**
 * ll_courier_model_get_delivery_range:
 * @self: a model
 * @min: (out) (optional): the shortest delivery, in units
 * @max: (out) (optional): the longest delivery, in units
 *
 * Gets how long a delivery takes.
 */
void
ll_courier_model_get_delivery_range (LlCourierModel *self,
                                     guint          *min,
                                     guint          *max)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  if (min != NULL)
    *min = self->delivery_min;
  if (max != NULL)
    *max = self->delivery_max;
}

/**
 * ll_courier_model_set_delivery_range:
 * @self: a model
 * @min: the shortest delivery, 1 to %LL_COURIER_MODEL_MAX_UNITS units
 * @max: the longest, @min to %LL_COURIER_MODEL_MAX_UNITS units
 *
 * Sets how long a delivery takes in the next run: a random whole number
 * of units from @min to @max, both included.
 */
void
ll_courier_model_set_delivery_range (LlCourierModel *self,
                                     guint           min,
                                     guint           max)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (min >= 1 && min <= max && max <= LL_COURIER_MODEL_MAX_UNITS);

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->delivery_min, min, PROP_DELIVERY_MIN);
  set_uint (self, &self->delivery_max, max, PROP_DELIVERY_MAX);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_courier_model_get_pause_range:
 * @self: a model
 * @min: (out) (optional): the shortest pause, in units
 * @max: (out) (optional): the longest pause, in units
 *
 * Gets how long the centre pauses.
 */
void
ll_courier_model_get_pause_range (LlCourierModel *self,
                                  guint          *min,
                                  guint          *max)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  if (min != NULL)
    *min = self->pause_min;
  if (max != NULL)
    *max = self->pause_max;
}

/**
 * ll_courier_model_set_pause_range:
 * @self: a model
 * @min: the shortest pause, 1 to %LL_COURIER_MODEL_MAX_UNITS units
 * @max: the longest, @min to %LL_COURIER_MODEL_MAX_UNITS units
 *
 * Sets how long the centre pauses in the next run: a random whole
 * number of units from @min to @max, both included.
 */
void
ll_courier_model_set_pause_range (LlCourierModel *self,
                                  guint           min,
                                  guint           max)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (min >= 1 && min <= max && max <= LL_COURIER_MODEL_MAX_UNITS);

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->pause_min, min, PROP_PAUSE_MIN);
  set_uint (self, &self->pause_max, max, PROP_PAUSE_MAX);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
ll_courier_model_get_pause_every (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->pause_every;
}

/**
 * ll_courier_model_set_pause_every:
 * @self: a model
 * @pause_every: after how many parcels the centre pauses; 0 for never
 *
 * Sets how often the centre pauses in the next run.
 */
void
ll_courier_model_set_pause_every (LlCourierModel *self,
                                  guint           pause_every)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (pause_every <= LL_COURIER_MODEL_MAX_PARCELS);

  set_uint (self, &self->pause_every, pause_every, PROP_PAUSE_EVERY);
}

double
ll_courier_model_get_speed (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->speed;
}

/**
 * ll_courier_model_set_speed:
 * @self: a model
 * @speed: units per second, %LL_COURIER_MODEL_MIN_SPEED to
 *   %LL_COURIER_MODEL_MAX_SPEED
 *
 * Sets how fast the model's time runs on the scheduler's clock, also
 * during a run: the model's present stays where it is, and the turns
 * still to come are taken at the new speed (a coroutine already asleep
 * keeps its alarm, and finds out when it wakes).
 */
void
ll_courier_model_set_speed (LlCourierModel *self,
                            double          speed)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));
  g_return_if_fail (speed >= LL_COURIER_MODEL_MIN_SPEED && speed <= LL_COURIER_MODEL_MAX_SPEED);

  if (self->speed == speed)
    return;

  if (self->running)
    {
      double now = self->paused ?
                   self->paused_msec :
                   ll_scheduler_get_time (self->scheduler) / (double) G_TIME_SPAN_MILLISECOND;
      double units = (now - self->base_msec) * self->speed / 1000.0;

      self->base_msec = now - units * 1000.0 / speed;
    }

  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

guint32
ll_courier_model_get_seed (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->seed;
}

/**
 * ll_courier_model_set_seed:
 * @self: a model
 * @seed: any number
 *
 * Sets the seed of the next run's random durations.
 */
void
ll_courier_model_set_seed (LlCourierModel *self,
                           guint32         seed)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  if (self->seed == seed)
    return;

  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

gboolean
ll_courier_model_get_blocking (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), FALSE);

  return self->blocking;
}

/**
 * ll_courier_model_set_blocking:
 * @self: a model
 * @blocking: whether to sleep the notes' way, blocking the thread
 *
 * Chooses how the coroutines sleep, from their next sleep on.
 */
void
ll_courier_model_set_blocking (LlCourierModel *self,
                               gboolean        blocking)
{
  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  blocking = !!blocking;
  if (self->blocking == blocking)
    return;

  self->blocking = blocking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKING]);
}

gboolean
ll_courier_model_get_paused (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), FALSE);

  return self->paused;
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
  double now;

  g_return_if_fail (LL_IS_COURIER_MODEL (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  now = ll_scheduler_get_time (self->scheduler) / (double) G_TIME_SPAN_MILLISECOND;
  if (paused)
    self->paused_msec = now;
  else
    self->base_msec += now - self->paused_msec;  /* the pause never happened */

  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* Counters */

/**
 * ll_courier_model_get_time:
 * @self: a model
 *
 * Returns: the model's time: the time of the latest turn, in units
 */
guint
ll_courier_model_get_time (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->now;
}

/**
 * ll_courier_model_get_clock_time:
 * @self: a model
 *
 * The time since the start on the scheduler's clock, converted to
 * units: between two turns it runs on smoothly, for an animation to
 * place a courier on its way.  It stands still while the model is
 * paused.
 *
 * Returns: the time in units, fractional
 */
double
ll_courier_model_get_clock_time (LlCourierModel *self)
{
  double now;

  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  if (self->paused)
    now = self->paused_msec;
  else
    now = ll_scheduler_get_time (self->scheduler) / (double) G_TIME_SPAN_MILLISECOND;

  return MAX (0, (now - self->base_msec) * self->speed / 1000.0);
}

guint
ll_courier_model_get_n_produced (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_produced;
}

guint
ll_courier_model_get_n_waiting (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_waiting;
}

guint
ll_courier_model_get_n_in_transit (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_in_transit;
}

guint
ll_courier_model_get_n_delivered (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_delivered;
}

/**
 * ll_courier_model_get_courier_name:
 * @self: a model
 * @courier: an index below %LL_COURIER_MODEL_MAX_COURIERS
 *
 * The first is the notes' 王大锤; then come a fixed cast of ten, then
 * numbers (快递员11号 ...).
 *
 * Returns: the courier's name
 */
const char *
ll_courier_model_get_courier_name (LlCourierModel *self,
                                   guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);
  g_return_val_if_fail (courier < LL_COURIER_MODEL_MAX_COURIERS, NULL);

  return self->names[courier];
}

/**
 * ll_courier_model_get_courier_load:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: how many parcels it carries now, up to the capacity
 */
guint
ll_courier_model_get_courier_load (LlCourierModel *self,
                                   guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->run_couriers, 0);

  return self->couriers[courier].load;
}

/**
 * ll_courier_model_get_courier_n_delivered:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: how many parcels it has delivered
 */
guint
ll_courier_model_get_courier_n_delivered (LlCourierModel *self,
                                          guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->run_couriers, 0);

  return self->couriers[courier].n_delivered;
}

/**
 * ll_courier_model_get_courier_busy_time:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: the units it has spent delivering
 */
guint
ll_courier_model_get_courier_busy_time (LlCourierModel *self,
                                        guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->run_couriers, 0);

  return self->couriers[courier].busy;
}

/**
 * ll_courier_model_get_events:
 * @self: a model
 * @n_events: (out): how many
 *
 * The record of the current or last run, oldest first.
 *
 * Returns: (transfer none) (array length=n_events): the events, valid
 *   until the next event or start
 */
const LlCourierEvent *
ll_courier_model_get_events (LlCourierModel *self,
                             guint          *n_events)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  *n_events = self->events->len;

  return (const LlCourierEvent *) (gpointer) self->events->data;
}
