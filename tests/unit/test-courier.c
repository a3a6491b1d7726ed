/* test-courier.c: the courier model and `looplab-cli run courier`
 *
 * The model runs on a virtual clock, so a run of a hundred units takes
 * microseconds; only the --blocking tests sleep for real, at 100 units
 * a second.  Every event is checked as it comes (the counters add up,
 * no courier carries more than its capacity, nobody idles while parcels
 * wait), and every record afterwards (each parcel goes through each
 * state exactly once, the pauses come after every 10 parcels).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-courier-format.h"
#include "ll-courier-model.h"
#include "ll-program-test-util.h"
#include "ll-programs.h"
#include "ll-scheduler.h"

/* The notes' run with seed 42: one courier, capacity 1, 51 parcels. */
static const char transcript_seed_42[] =
  "王大锤正在派送0号包裹\n"
  "王大锤正在派送1号包裹\n"
  "王大锤正在派送2号包裹\n"
  "王大锤正在派送3号包裹\n"
  "王大锤正在派送4号包裹\n"
  "王大锤正在派送5号包裹\n"
  "王大锤正在派送6号包裹\n"
  "王大锤正在派送7号包裹\n"
  "王大锤正在派送8号包裹\n"
  "王大锤正在派送9号包裹\n"
  "王大锤正在派送10号包裹\n"
  "王大锤正在派送11号包裹\n"
  "王大锤正在派送12号包裹\n"
  "王大锤正在派送13号包裹\n"
  "王大锤正在派送14号包裹\n"
  "王大锤正在派送15号包裹\n"
  "王大锤正在派送16号包裹\n"
  "王大锤正在派送17号包裹\n"
  "王大锤正在派送18号包裹\n"
  "王大锤正在派送19号包裹\n"
  "王大锤正在派送20号包裹\n"
  "王大锤正在派送21号包裹\n"
  "王大锤正在派送22号包裹\n"
  "王大锤正在派送23号包裹\n"
  "王大锤正在派送24号包裹\n"
  "王大锤正在派送25号包裹\n"
  "王大锤正在派送26号包裹\n"
  "王大锤正在派送27号包裹\n"
  "王大锤正在派送28号包裹\n"
  "王大锤正在派送29号包裹\n"
  "王大锤正在派送30号包裹\n"
  "王大锤正在派送31号包裹\n"
  "王大锤正在派送32号包裹\n"
  "王大锤正在派送33号包裹\n"
  "王大锤正在派送34号包裹\n"
  "王大锤正在派送35号包裹\n"
  "王大锤正在派送36号包裹\n"
  "王大锤正在派送37号包裹\n"
  "王大锤正在派送38号包裹\n"
  "王大锤正在派送39号包裹\n"
  "王大锤正在派送40号包裹\n"
  "王大锤正在派送41号包裹\n"
  "王大锤正在派送42号包裹\n"
  "王大锤正在派送43号包裹\n"
  "王大锤正在派送44号包裹\n"
  "王大锤正在派送45号包裹\n"
  "王大锤正在派送46号包裹\n"
  "王大锤正在派送47号包裹\n"
  "王大锤正在派送48号包裹\n"
  "王大锤正在派送49号包裹\n"
  "王大锤正在派送50号包裹\n"
  "51 parcels delivered in 118 units\n";
/* Three couriers of capacity 2, 25 parcels, seed 42. */
static const char transcript_three_couriers[] =
  "王大锤正在派送0号包裹\n"
  "李二狗正在派送2号包裹\n"
  "张小花正在派送4号包裹\n"
  "王大锤正在派送1号包裹\n"
  "李二狗正在派送3号包裹\n"
  "张小花正在派送5号包裹\n"
  "李二狗正在派送6号包裹\n"
  "王大锤正在派送8号包裹\n"
  "李二狗正在派送7号包裹\n"
  "王大锤正在派送9号包裹\n"
  "张小花正在派送10号包裹\n"
  "李二狗正在派送12号包裹\n"
  "王大锤正在派送14号包裹\n"
  "李二狗正在派送13号包裹\n"
  "王大锤正在派送15号包裹\n"
  "张小花正在派送11号包裹\n"
  "李二狗正在派送16号包裹\n"
  "王大锤正在派送18号包裹\n"
  "王大锤正在派送19号包裹\n"
  "李二狗正在派送17号包裹\n"
  "张小花正在派送20号包裹\n"
  "王大锤正在派送22号包裹\n"
  "李二狗正在派送24号包裹\n"
  "王大锤正在派送23号包裹\n"
  "张小花正在派送21号包裹\n"
  "25 parcels delivered in 57 units\n"
  "王大锤: 10 parcels, busy 17 units\n"
  "李二狗: 9 parcels, busy 12 units\n"
  "张小花: 6 parcels, busy 12 units\n";

/* Watching a run, event by event */

typedef struct
{
  LlCourierModel *model;
  guint           n_couriers;
  guint           capacity;
  guint           n_events;
  guint           last_time;
  gboolean        finished;
  guint           n_instants;
  /* The state after the last event */
  guint           waiting;
  guint           loads[LL_COURIER_MODEL_MAX_COURIERS];
} Watch;

/* Nobody idles while parcels wait: checked on the state each instant
 * left behind (the state after its last event), once time moves on. */
static void
check_work_conserving (Watch *watch)
{
  if (watch->waiting == 0)
    return;

  for (guint k = 0; k < watch->n_couriers; k++)
    g_assert_cmpuint (watch->loads[k], >, 0);
}

static void
on_event (LlCourierModel       *model,
          const LlCourierEvent *event,
          Watch                *watch)
{
  guint produced = ll_courier_model_get_n_produced (model);
  guint waiting = ll_courier_model_get_n_waiting (model);
  guint in_transit = ll_courier_model_get_n_in_transit (model);
  guint delivered = ll_courier_model_get_n_delivered (model);
  guint carried = 0;
  const LlCourierEvent *record;
  guint n_record;

  g_assert_true (model == watch->model);
  g_assert_false (watch->finished);

  /* The record holds the event already. */
  record = ll_courier_model_get_events (model, &n_record);
  g_assert_cmpuint (n_record, ==, watch->n_events + 1);
  g_assert_cmpmem (&record[n_record - 1], sizeof *event, event, sizeof *event);
  watch->n_events++;

  /* Time never goes back, and the model's clock is the event's. */
  g_assert_cmpuint (event->time, >=, watch->last_time);
  g_assert_cmpuint (event->time, ==, ll_courier_model_get_time (model));
  if (event->time > watch->last_time)
    {
      check_work_conserving (watch);
      watch->last_time = event->time;
      watch->n_instants++;
    }

  /* The counters add up at every event. */
  g_assert_cmpuint (produced, ==, waiting + in_transit + delivered);
  g_assert_cmpuint (produced, <=, (guint) ll_courier_model_get_config (model)->n_parcels);
  for (guint k = 0; k < watch->n_couriers; k++)
    {
      guint load = ll_courier_model_get_courier_load (model, k);

      g_assert_cmpuint (load, <=, watch->capacity);
      carried += load;
      watch->loads[k] = load;
    }
  watch->waiting = waiting;
  g_assert_cmpuint (carried, ==, in_transit);

  if (event->courier >= 0)
    g_assert_cmpint (event->courier, <, (int) watch->n_couriers);

  if (event->kind == LL_COURIER_EVENT_FINISHED)
    {
      g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
      g_assert_cmpuint (waiting, ==, 0);
      g_assert_cmpuint (in_transit, ==, 0);
      g_assert_cmpuint (delivered, ==, produced);
      watch->finished = TRUE;
    }
  else
    {
      g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
    }
}

static LlCourierModel *
model_new (LlScheduler *sched,
           guint        n_couriers,
           guint        capacity,
           guint        n_parcels,
           guint32      seed)
{
  LlCourierModel *model = ll_courier_model_new (sched);
  LlCourierConfig config = *ll_courier_model_get_config (model);

  config.n_couriers = (int) n_couriers;
  config.capacity = (int) capacity;
  config.n_parcels = (int) n_parcels;
  config.seed = seed;
  ll_courier_model_set_config (model, &config);

  return model;
}

/* The speed and the blocking apply during a run too. */
static void
set_speed (LlCourierModel *model,
           double          speed)
{
  LlCourierConfig config = *ll_courier_model_get_config (model);

  config.speed = speed;
  ll_courier_model_set_config (model, &config);
}

static void
set_blocking (LlCourierModel *model,
              gboolean        blocking)
{
  LlCourierConfig config = *ll_courier_model_get_config (model);

  config.blocking = blocking;
  ll_courier_model_set_config (model, &config);
}

/* Runs @model to the end, checking every event. */
static void
run_watched (LlCourierModel *model)
{
  Watch watch = { 0 };
  gulong id;

  watch.model = model;
  watch.n_couriers = (guint) ll_courier_model_get_config (model)->n_couriers;
  watch.capacity = (guint) ll_courier_model_get_config (model)->capacity;
  id = g_signal_connect (model, "event", G_CALLBACK (on_event), &watch);

  ll_courier_model_start (model);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  ll_scheduler_run_until_idle (ll_sim_model_get_scheduler (LL_SIM_MODEL (model)));

  g_signal_handler_disconnect (model, id);
  g_assert_true (watch.finished);
  check_work_conserving (&watch);
  g_assert_cmpuint (watch.n_instants, >, 0);
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
}

/* Checks a finished run's record as a whole. */
static void
check_record (LlCourierModel *model)
{
  const LlCourierConfig *config = ll_courier_model_get_config (model);
  guint n_parcels = (guint) config->n_parcels;
  guint n_couriers = (guint) config->n_couriers;
  guint pause_every = (guint) config->pause_every;
  g_autofree LlCourierEventKind *next_kind = g_new0 (LlCourierEventKind, n_parcels);
  g_autofree int *courier_of = g_new0 (int, n_parcels);
  g_autofree guint *delivery_started = g_new0 (guint, n_parcels);
  g_autofree guint *delivery_duration = g_new0 (guint, n_parcels);
  guint busy[LL_COURIER_MODEL_MAX_COURIERS] = { 0 };
  guint n_delivered[LL_COURIER_MODEL_MAX_COURIERS] = { 0 };
  int delivering[LL_COURIER_MODEL_MAX_COURIERS];
  const LlCourierEvent *events;
  guint n_events;
  guint dmin = (guint) config->delivery_min;
  guint dmax = (guint) config->delivery_max;
  guint pmin = (guint) config->pause_min;
  guint pmax = (guint) config->pause_max;
  guint next_produced = 0;
  guint next_picked = 0;
  guint n_pauses = 0;
  guint last_delivered = 0;
  guint total = 0;

  for (guint k = 0; k < G_N_ELEMENTS (delivering); k++)
    delivering[k] = -1;

  events = ll_courier_model_get_events (model, &n_events);
  g_assert_cmpuint (n_events, >, 0);

  for (guint i = 0; i < n_events; i++)
    {
      const LlCourierEvent *e = &events[i];

      switch (e->kind)
        {
        case LL_COURIER_EVENT_PRODUCED:
        case LL_COURIER_EVENT_QUEUED:
        case LL_COURIER_EVENT_PICKED_UP:
        case LL_COURIER_EVENT_DELIVERING:
        case LL_COURIER_EVENT_DELIVERED:
          g_assert_cmpint (e->parcel, >=, 0);
          g_assert_cmpint (e->parcel, <, (int) n_parcels);
          /* Each parcel goes through each state once, in order. */
          g_assert_cmpint (e->kind, ==, next_kind[e->parcel]);
          next_kind[e->parcel]++;
          break;

        case LL_COURIER_EVENT_PAUSED:
        case LL_COURIER_EVENT_RESUMED:
        case LL_COURIER_EVENT_FINISHED:
        default:
          g_assert_cmpint (e->parcel, ==, -1);
          g_assert_cmpint (e->courier, ==, -1);
          break;
        }

      switch (e->kind)
        {
        case LL_COURIER_EVENT_PRODUCED:
          /* The centre numbers them in order, from 0. */
          g_assert_cmpint (e->parcel, ==, (int) next_produced);
          next_produced++;
          g_assert_cmpint (e->courier, ==, -1);
          g_assert_cmpuint (i + 1, <, n_events);
          g_assert_cmpint (events[i + 1].kind, ==, LL_COURIER_EVENT_QUEUED);
          break;

        case LL_COURIER_EVENT_QUEUED:
          g_assert_cmpint (e->courier, ==, -1);
          /* The pause comes right after every 10th parcel, unless it
           * was the last one. */
          if (pause_every > 0 && (e->parcel + 1) % pause_every == 0 && (guint) e->parcel + 1 < n_parcels)
            g_assert_cmpint (events[i + 1].kind, ==, LL_COURIER_EVENT_PAUSED);
          else
            g_assert_true (i + 1 == n_events || events[i + 1].kind != LL_COURIER_EVENT_PAUSED);
          break;

        case LL_COURIER_EVENT_PICKED_UP:
          /* First come, first served. */
          g_assert_cmpint (e->parcel, ==, (int) next_picked);
          next_picked++;
          g_assert_cmpint (e->courier, >=, 0);
          courier_of[e->parcel] = e->courier;
          break;

        case LL_COURIER_EVENT_DELIVERING:
          g_assert_cmpint (e->courier, ==, courier_of[e->parcel]);
          /* One delivery at a time per courier. */
          g_assert_cmpint (delivering[e->courier], ==, -1);
          delivering[e->courier] = e->parcel;
          g_assert_cmpuint (e->duration, >=, dmin);
          g_assert_cmpuint (e->duration, <=, dmax);
          delivery_started[e->parcel] = e->time;
          delivery_duration[e->parcel] = e->duration;
          break;

        case LL_COURIER_EVENT_DELIVERED:
          g_assert_cmpint (e->courier, ==, courier_of[e->parcel]);
          g_assert_cmpint (delivering[e->courier], ==, e->parcel);
          delivering[e->courier] = -1;
          g_assert_cmpuint (e->time, ==, delivery_started[e->parcel] + delivery_duration[e->parcel]);
          busy[e->courier] += delivery_duration[e->parcel];
          n_delivered[e->courier]++;
          total += delivery_duration[e->parcel];
          last_delivered = MAX (last_delivered, e->time);
          break;

        case LL_COURIER_EVENT_PAUSED:
          n_pauses++;
          g_assert_cmpuint (e->duration, >=, pmin);
          g_assert_cmpuint (e->duration, <=, pmax);
          /* It resumes after exactly that long, and makes the next
           * parcel at once. */
          for (guint j = i + 1; j < n_events; j++)
            {
              if (events[j].kind == LL_COURIER_EVENT_RESUMED)
                {
                  g_assert_cmpuint (events[j].time, ==, e->time + e->duration);
                  g_assert_cmpint (events[j + 1].kind, ==, LL_COURIER_EVENT_PRODUCED);
                  g_assert_cmpuint (events[j + 1].time, ==, events[j].time);
                  break;
                }
              g_assert_cmpint (events[j].kind, !=, LL_COURIER_EVENT_PRODUCED);
              g_assert_cmpint (events[j].kind, !=, LL_COURIER_EVENT_PAUSED);
            }
          break;

        case LL_COURIER_EVENT_RESUMED:
          break;

        case LL_COURIER_EVENT_FINISHED:
          g_assert_cmpuint (i, ==, n_events - 1);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* Every parcel was delivered exactly once. */
  g_assert_cmpuint (next_produced, ==, n_parcels);
  for (guint p = 0; p < n_parcels; p++)
    g_assert_cmpint (next_kind[p], ==, LL_COURIER_EVENT_DELIVERED + 1);
  g_assert_cmpint (events[n_events - 1].kind, ==, LL_COURIER_EVENT_FINISHED);
  g_assert_cmpuint (events[n_events - 1].time, ==, last_delivered);
  g_assert_cmpuint (ll_courier_model_get_time (model), ==, last_delivered);
  g_assert_cmpuint (n_pauses, ==, pause_every > 0 ? (n_parcels - 1) / pause_every : 0);

  g_assert_cmpuint (ll_courier_model_get_n_produced (model), ==, n_parcels);
  g_assert_cmpuint (ll_courier_model_get_n_delivered (model), ==, n_parcels);
  g_assert_cmpuint (ll_courier_model_get_n_waiting (model), ==, 0);
  g_assert_cmpuint (ll_courier_model_get_n_in_transit (model), ==, 0);
  for (guint k = 0, sum = 0, busy_sum = 0; k < n_couriers; k++)
    {
      g_assert_cmpint (delivering[k], ==, -1);
      g_assert_cmpuint (ll_courier_model_get_courier_load (model, k), ==, 0);
      g_assert_cmpuint (ll_courier_model_get_courier_n_delivered (model, k), ==, n_delivered[k]);
      g_assert_cmpuint (ll_courier_model_get_courier_busy_time (model, k), ==, busy[k]);
      sum += n_delivered[k];
      busy_sum += busy[k];
      if (k == n_couriers - 1)
        {
          g_assert_cmpuint (sum, ==, n_parcels);
          g_assert_cmpuint (busy_sum, ==, total);
        }
    }
}

static GArray *
copy_record (LlCourierModel *model)
{
  const LlCourierEvent *events;
  guint n_events;
  GArray *copy;

  events = ll_courier_model_get_events (model, &n_events);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (LlCourierEvent), n_events);
  g_array_append_vals (copy, events, n_events);

  return copy;
}

static void
assert_same_record (GArray *a,
                    GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpmem (&g_array_index (a, LlCourierEvent, i), sizeof (LlCourierEvent),
                     &g_array_index (b, LlCourierEvent, i), sizeof (LlCourierEvent));
}

/* The model */

static void
test_model_notes (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = ll_courier_model_new (sched);
  const LlCourierConfig *config = ll_courier_model_get_config (model);
  LlCourierConfig seeded;

  /* The notes' configuration by default. */
  g_assert_cmpint (config->n_couriers, ==, 1);
  g_assert_cmpint (config->capacity, ==, 1);
  g_assert_cmpint (config->n_parcels, ==, 51);
  g_assert_cmpint (config->pause_every, ==, 10);
  g_assert_cmpint (config->delivery_min, ==, 1);
  g_assert_cmpint (config->delivery_max, ==, 3);
  g_assert_cmpint (config->pause_min, ==, 15);
  g_assert_cmpint (config->pause_max, ==, 30);
  g_assert_cmpfloat (config->speed, ==, 1.0);
  g_assert_cmpuint (config->seed, ==, 0);
  g_assert_false (config->blocking);
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));

  seeded = *config;
  seeded.seed = 42;
  ll_courier_model_set_config (model, &seeded);
  run_watched (model);
  check_record (model);

  /* 118 units at one unit a second: the virtual clock ends at 118 s. */
  g_assert_cmpuint (ll_courier_model_get_time (model), ==, 118);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, 118 * G_TIME_SPAN_SECOND);
  g_assert_cmpfloat (ll_courier_model_get_clock_time (model), ==, 118.0);
}

/* With one courier, a run has a closed form: delivery i starts when the
 * previous one ends or when parcel i is made, whichever is later.
 * Computed here from the documented random streams (the centre draws
 * from seed {seed, 0}, courier k from {seed, k + 1}), without the
 * model's coroutines. */
static void
check_one_courier (guint32 seed,
                   guint   capacity,
                   guint   n_parcels)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = model_new (sched, 1, capacity, n_parcels, seed);
  const guint32 centre_seed[] = { seed, 0 };
  const guint32 courier_seed[] = { seed, 1 };
  g_autoptr(GRand) centre = g_rand_new_with_seed_array (centre_seed, 2);
  g_autoptr(GRand) courier = g_rand_new_with_seed_array (courier_seed, 2);
  const LlCourierEvent *events;
  guint n_events;
  guint made = 0;
  guint free = 0;
  guint busy = 0;
  guint p = 0;

  run_watched (model);
  check_record (model);

  events = ll_courier_model_get_events (model, &n_events);
  for (guint i = 0; i < n_events; i++)
    {
      guint start;
      guint duration;

      if (events[i].kind != LL_COURIER_EVENT_DELIVERING)
        continue;

      if (p > 0 && p % 10 == 0)
        made += (guint) g_rand_int_range (centre, 15, 31);
      start = MAX (free, made);
      duration = (guint) g_rand_int_range (courier, 1, 4);
      free = start + duration;
      busy += duration;

      g_assert_cmpint (events[i].parcel, ==, (int) p);
      g_assert_cmpint (events[i].courier, ==, 0);
      g_assert_cmpuint (events[i].time, ==, start);
      g_assert_cmpuint (events[i].duration, ==, duration);
      p++;
    }
  g_assert_cmpuint (p, ==, n_parcels);
  g_assert_cmpuint (ll_courier_model_get_time (model), ==, free);
  g_assert_cmpuint (ll_courier_model_get_courier_busy_time (model, 0), ==, busy);
}

static void
test_model_one_courier (void)
{
  check_one_courier (42, 1, 51);
  check_one_courier (42, 3, 51);
  check_one_courier (7, 5, 100);
  check_one_courier (0, 1, 1);
  check_one_courier (G_MAXUINT32, 2, 30);
}

static void
test_model_many (void)
{
  const guint couriers[] = { 1, 2, 3, 5, 10, 20 };

  for (guint i = 0; i < G_N_ELEMENTS (couriers); i++)
    {
      for (guint capacity = 1; capacity <= LL_COURIER_MODEL_MAX_CAPACITY; capacity++)
        {
          g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
          g_autoptr(LlCourierModel) model = model_new (sched, couriers[i], capacity, 51,
                                                       1000 * couriers[i] + capacity);

          run_watched (model);
          check_record (model);
        }
    }
}

static void
test_model_configured (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = NULL;
  LlCourierConfig config;
  const LlCourierEvent *events;
  guint n_events;

  /* Long deliveries, short pauses every 4 parcels, 40 parcels. */
  model = model_new (sched, 3, 2, 40, 9);
  config = *ll_courier_model_get_config (model);
  config.delivery_min = 5;
  config.delivery_max = 9;
  config.pause_min = config.pause_max = 2;
  config.pause_every = 4;
  ll_courier_model_set_config (model, &config);
  run_watched (model);
  check_record (model);

  /* Never pausing, fixed deliveries: 12 parcels, 3 couriers of capacity
   * 2, 2 units each: every courier does two trips of 4 units. */
  config.n_parcels = 12;
  config.delivery_min = config.delivery_max = 2;
  config.pause_every = 0;
  ll_courier_model_set_config (model, &config);
  run_watched (model);
  check_record (model);
  g_assert_cmpuint (ll_courier_model_get_time (model), ==, 8);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (ll_courier_model_get_courier_busy_time (model, k), ==, 8);
  events = ll_courier_model_get_events (model, &n_events);
  for (guint i = 0; i < n_events; i++)
    g_assert_cmpint (events[i].kind, !=, LL_COURIER_EVENT_PAUSED);

  /* The :config property sets the configuration too. */
  config = (LlCourierConfig) {
    .n_couriers = 2, .capacity = 5, .n_parcels = 21,
    .delivery_min = 3, .delivery_max = 4,
    .pause_min = 10, .pause_max = 11, .pause_every = 7,
    .speed = 1.0, .seed = 5,
  };
  g_object_set (model, "config", &config, NULL);
  g_assert_true (ll_courier_config_equal (ll_courier_model_get_config (model), &config));
  run_watched (model);
  check_record (model);
}

static void
test_model_same_seed (void)
{
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) other_seed = NULL;
  gboolean differ = FALSE;

  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
      g_autoptr(LlCourierModel) model = model_new (sched, 4, 3, 51, 1234);
      g_autoptr(GArray) record = NULL;

      run_watched (model);
      record = copy_record (model);
      if (first == NULL)
        first = g_steal_pointer (&record);
      else
        assert_same_record (first, record);

      /* A second run of the same model starts afresh: the same again. */
      run_watched (model);
      g_clear_pointer (&record, g_array_unref);
      record = copy_record (model);
      assert_same_record (first, record);
    }

  /* Another seed, another run. */
  {
    g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
    g_autoptr(LlCourierModel) model = model_new (sched, 4, 3, 51, 1235);

    run_watched (model);
    other_seed = copy_record (model);
  }
  for (guint i = 0; i < MIN (first->len, other_seed->len) && !differ; i++)
    differ = memcmp (&g_array_index (first, LlCourierEvent, i),
                     &g_array_index (other_seed, LlCourierEvent, i),
                     sizeof (LlCourierEvent)) != 0;
  g_assert_true (differ || first->len != other_seed->len);
}

/* The speed maps units onto the clock, and nothing else. */
static void
test_model_speed (void)
{
  g_autoptr(GArray) reference = NULL;
  const double speeds[] = { 1.0, 0.5, 3.0, 7.5, 100.0 };

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
      g_autoptr(LlCourierModel) model = model_new (sched, 3, 2, 51, 77);
      g_autoptr(GArray) record = NULL;
      gint64 expected_msec;

      set_speed (model, speeds[i]);
      run_watched (model);
      record = copy_record (model);
      if (reference == NULL)
        reference = g_array_ref (record);
      assert_same_record (reference, record);

      /* The last turn came at its time on the clock, to the millisecond. */
      expected_msec = (gint64) (ll_courier_model_get_time (model) * 1000.0 / speeds[i] + 0.5);
      g_assert_cmpint (ll_scheduler_get_time (sched), ==, expected_msec * G_TIME_SPAN_MILLISECOND);
    }
}

/* Changing the speed in the middle of a run changes nothing but the
 * clock. */

typedef struct
{
  LlCourierModel *model;
  guint           n_events;
} SpeedChanger;

static void
change_speed (LlCourierModel       *model,
              const LlCourierEvent *event,
              SpeedChanger         *changer)
{
  static const double speeds[] = { 10.0, 0.5, 100.0, 2.0 };

  if (event->kind == LL_COURIER_EVENT_DELIVERED && changer->n_events++ % 7 == 0)
    set_speed (model, speeds[(changer->n_events / 7) % G_N_ELEMENTS (speeds)]);
}

static void
test_model_speed_change (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = model_new (sched, 3, 2, 51, 31);
  g_autoptr(GArray) steady = NULL;
  g_autoptr(GArray) changed = NULL;
  SpeedChanger changer = { model, 0 };
  gulong id;

  run_watched (model);
  steady = copy_record (model);

  id = g_signal_connect (model, "event", G_CALLBACK (change_speed), &changer);
  run_watched (model);
  g_signal_handler_disconnect (model, id);
  g_assert_cmpuint (changer.n_events, >, 7);
  changed = copy_record (model);
  assert_same_record (steady, changed);
}

/* No coroutine wakes for nothing: on the virtual clock (at one unit a
 * second), each resume of the centre or a courier is a turn in which it
 * does something (an event, or going home), except when a courier
 * waiting for the centre's next batch finds the others took it all. */

typedef struct
{
  LlCo   *current;
  guint   n_acts;
  guint   n_resumes;
  guint   n_idle_resumes;
  gint64  last_produced;
} ResumeProbe;

static void
probe_co_event (const LlCoEvent *event,
                gpointer         user_data)
{
  ResumeProbe *probe = user_data;

  switch (event->kind)
    {
    case LL_CO_EVENT_RESUMED:
      g_assert_null (probe->current);
      probe->current = event->co;
      probe->n_acts = 0;
      probe->n_resumes++;
      break;

    case LL_CO_EVENT_SUSPENDED:
      g_assert_true (probe->current == event->co);
      if (probe->n_acts == 0)
        {
          g_assert_cmpint (event->time, ==, probe->last_produced);
          probe->n_idle_resumes++;
        }
      probe->current = NULL;
      break;

    case LL_CO_EVENT_FINISHED:
      probe->current = NULL;
      break;

    case LL_CO_EVENT_CREATED:
    case LL_CO_EVENT_FAILED:
    case LL_CO_EVENT_CANCELLED:
    default:
      g_assert_cmpint (event->kind, ==, LL_CO_EVENT_CREATED);
      break;
    }
}

static void
probe_model_event (LlCourierModel       *model,
                   const LlCourierEvent *event,
                   ResumeProbe          *probe)
{
  g_assert_nonnull (probe->current);
  probe->n_acts++;
  if (event->kind == LL_COURIER_EVENT_PRODUCED)
    probe->last_produced = event->time * G_TIME_SPAN_SECOND;
}

static void
test_model_resumes (void)
{
  const guint configs[][2] = { { 1, 1 }, { 3, 2 }, { 20, 5 }, { 2, 5 } };

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
      g_autoptr(LlCourierModel) model = model_new (sched, configs[i][0], configs[i][1], 51, 99 + i);
      ResumeProbe probe = { NULL, 0, 0, 0, -1 };
      const LlCourierEvent *events;
      guint n_events;

      ll_scheduler_set_event_func (sched, probe_co_event, &probe, NULL);
      g_signal_connect (model, "event", G_CALLBACK (probe_model_event), &probe);
      ll_courier_model_start (model);
      ll_scheduler_run_until_idle (sched);

      events = ll_courier_model_get_events (model, &n_events);
      g_assert_cmpint (events[n_events - 1].kind, ==, LL_COURIER_EVENT_FINISHED);
      if (configs[i][0] == 1)
        g_assert_cmpuint (probe.n_idle_resumes, ==, 0);
      /* At most one resume per event, plus each coroutine's first. */
      g_assert_cmpuint (probe.n_resumes, <=, n_events + 1 + configs[i][0]);
    }
}

/* Blocking: the notes' way, with g_usleep in the coroutines */

static void
test_model_blocking (void)
{
  g_autoptr(LlScheduler) virtual = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) reference = model_new (virtual, 2, 2, 21, 42);
  g_autoptr(GArray) expected = NULL;
  const LlCourierEvent *events;
  guint n_events;
  guint slept = 0;

  run_watched (reference);
  check_record (reference);
  expected = copy_record (reference);

  /* What the blocking sleeps add up to: every delivery and pause, one
   * after the other, far more than the run's span. */
  events = ll_courier_model_get_events (reference, &n_events);
  for (guint i = 0; i < n_events; i++)
    slept += events[i].duration;
  g_assert_cmpuint (slept, >, ll_courier_model_get_time (reference) + 10);

  /* Blocking, on the real clock and on the virtual one; then not
   * blocking on the real clock: the same run each time.  Blocking, the
   * real time is at least the sum of the sleeps (g_usleep never wakes
   * early): the coroutines really stopped the thread in turn. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, i == 1 ? LL_CLOCK_VIRTUAL : LL_CLOCK_MONOTONIC);
      g_autoptr(LlCourierModel) model = model_new (sched, 2, 2, 21, 42);
      g_autoptr(GArray) record = NULL;
      gboolean blocking = i < 2;
      gint64 start;

      set_speed (model, 100.0);
      set_blocking (model, blocking);
      start = g_get_monotonic_time ();
      run_watched (model);
      if (blocking)
        g_assert_cmpint (g_get_monotonic_time () - start, >=,
                         slept * G_TIME_SPAN_SECOND / 100);

      record = copy_record (model);
      assert_same_record (expected, record);
    }
}

/* Stopping and letting go in the middle of a run */

static void
count_event (LlCourierModel       *model,
             const LlCourierEvent *event,
             guint                *n_events)
{
  (*n_events)++;
}

static void
stop_at_third_pick_up (LlCourierModel       *model,
                       const LlCourierEvent *event,
                       guint                *n_pick_ups)
{
  if (event->kind == LL_COURIER_EVENT_PICKED_UP && ++(*n_pick_ups) == 3)
    ll_sim_model_stop (LL_SIM_MODEL (model));
}

static void
test_model_stop (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = model_new (sched, 3, 2, 51, 3);
  LlCourierModel *dropped;
  guint n_events = 0;
  guint n_stopped;
  guint n_record;

  g_signal_connect (model, "event", G_CALLBACK (count_event), &n_events);

  /* Stopped mid-run: no more events, the tasks go away, counters stay. */
  ll_courier_model_start (model);
  while (ll_courier_model_get_n_delivered (model) < 20)
    g_main_context_iteration (NULL, TRUE);
  ll_sim_model_stop (LL_SIM_MODEL (model));
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  n_stopped = n_events;
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpuint (n_events, ==, n_stopped);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  g_assert_cmpuint (ll_courier_model_get_n_produced (model), ==,
                    ll_courier_model_get_n_waiting (model) +
                    ll_courier_model_get_n_in_transit (model) +
                    ll_courier_model_get_n_delivered (model));
  ll_courier_model_get_events (model, &n_record);
  g_assert_cmpuint (n_record, ==, n_events);
  ll_sim_model_stop (LL_SIM_MODEL (model));

  /* Started again after a stop: a whole, fresh run. */
  run_watched (model);
  check_record (model);

  /* Restarted at once after a stop, before the old tasks unwound. */
  ll_courier_model_start (model);
  while (ll_courier_model_get_n_delivered (model) < 5)
    g_main_context_iteration (NULL, TRUE);
  ll_sim_model_stop (LL_SIM_MODEL (model));
  run_watched (model);
  check_record (model);

  /* Stopped by a handler in the middle of a trip's pick-up (capacity 5,
   * 10 parcels waiting): that event is the last. */
  {
    g_autoptr(LlCourierModel) stopping = model_new (sched, 1, 5, 51, 8);
    guint n_pick_ups = 0;
    guint n_seen = 0;
    const LlCourierEvent *events;

    g_signal_connect (stopping, "event", G_CALLBACK (stop_at_third_pick_up), &n_pick_ups);
    g_signal_connect (stopping, "event", G_CALLBACK (count_event), &n_seen);
    ll_courier_model_start (stopping);
    ll_scheduler_run_until_idle (sched);
    g_assert_cmpuint (n_pick_ups, ==, 3);
    events = ll_courier_model_get_events (stopping, &n_record);
    g_assert_cmpuint (n_record, ==, n_seen);
    g_assert_cmpint (events[n_record - 1].kind, ==, LL_COURIER_EVENT_PICKED_UP);
    g_assert_cmpint (events[n_record - 1].parcel, ==, 2);
    g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (stopping)));
  }

  /* Let go of mid-run, the scheduler running on: nothing touches it. */
  dropped = model_new (sched, 5, 3, 51, 4);
  g_object_add_weak_pointer (G_OBJECT (dropped), (gpointer *) &dropped);
  ll_courier_model_start (dropped);
  while (ll_courier_model_get_n_delivered (dropped) < 10)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (dropped);
  g_assert_null (dropped);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);

  /* Let go of before it ever ran, and the scheduler first. */
  dropped = model_new (sched, 2, 1, 10, 4);
  ll_courier_model_start (dropped);
  g_object_unref (dropped);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
}

/* Pausing stops the model's time and nothing else: resumed, the run is
 * the same as one never paused, and while paused no event comes however
 * far the clock goes. */
static void
test_model_pause (void)
{
  g_autoptr(GArray) reference = NULL;
  g_autoptr(GArray) record = NULL;

  {
    g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
    g_autoptr(LlCourierModel) model = model_new (sched, 3, 2, 51, 5);

    run_watched (model);
    reference = copy_record (model);
  }

  {
    g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
    g_autoptr(LlCourierModel) model = model_new (sched, 3, 2, 51, 5);
    guint n_events = 0;
    guint n_paused;
    guint time;
    double clock_time;
    gint64 paused_at;
    guint n_pauses = 0;

    g_signal_connect (model, "event", G_CALLBACK (count_event), &n_events);
    ll_courier_model_start (model);

    /* Three pauses, one of them with a speed change inside. */
    while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
      {
        guint target = 10 + 12 * n_pauses;

        while (ll_sim_model_get_running (LL_SIM_MODEL (model)) && ll_courier_model_get_n_delivered (model) < target)
          g_main_context_iteration (NULL, TRUE);
        if (!ll_sim_model_get_running (LL_SIM_MODEL (model)) || n_pauses == 3)
          break;

        ll_courier_model_set_paused (model, TRUE);
        g_assert_true (ll_courier_model_get_paused (model));
        n_paused = n_events;
        time = ll_courier_model_get_time (model);
        clock_time = ll_courier_model_get_clock_time (model);
        paused_at = ll_scheduler_get_time (sched);

        /* A minute of the clock goes by. */
        while (ll_scheduler_get_time (sched) < paused_at + 60 * G_TIME_SPAN_SECOND)
          g_main_context_iteration (NULL, TRUE);
        if (n_pauses == 1)
          set_speed (model, 4.0);
        g_assert_cmpuint (n_events, ==, n_paused);
        g_assert_cmpuint (ll_courier_model_get_time (model), ==, time);
        g_assert_cmpfloat_with_epsilon (ll_courier_model_get_clock_time (model), clock_time, 1e-9);

        ll_courier_model_set_paused (model, FALSE);
        g_assert_false (ll_courier_model_get_paused (model));
        n_pauses++;
      }
    g_assert_cmpuint (n_pauses, ==, 3);

    ll_scheduler_run_until_idle (sched);
    record = copy_record (model);
    assert_same_record (reference, record);

    /* A new run is never paused. */
    ll_courier_model_set_paused (model, TRUE);
    run_watched (model);
    g_assert_false (ll_courier_model_get_paused (model));
  }
}

/* Properties, names, events */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GHashTable *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
notified (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_model_properties (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = ll_courier_model_new (sched);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LlScheduler) got_sched = NULL;
  g_autoptr(LlCourierConfig) got_config = NULL;
  g_autoptr(GError) error = NULL;
  LlCourierConfig config;
  guint n_delivered;

  g_signal_connect (model, "notify", G_CALLBACK (count_notify), counts);

  /* The configuration notifies on a real change only. */
  ll_courier_config_init (&config);
  ll_courier_model_set_config (model, &config);
  set_speed (model, 1.0);
  set_blocking (model, FALSE);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  config.n_couriers = 4;
  config.speed = 2.5;
  config.blocking = TRUE;
  config.delivery_max = 6;
  ll_courier_model_set_config (model, &config);
  g_assert_cmpuint (notified (counts, "config"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);

  /* A range must run from its minimum up to its maximum. */
  config.delivery_min = 8;
  g_assert_false (ll_courier_config_validate (&config, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  config.delivery_min = 1;
  config.pause_max = 1000 + 1;
  g_assert_false (ll_courier_config_validate (&config, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  config.pause_max = 30;
  g_assert_true (ll_courier_config_validate (&config, &error));
  g_assert_no_error (error);

  g_object_get (model,
                "scheduler", &got_sched,
                "config", &got_config,
                NULL);
  g_assert_true (got_sched == sched);
  g_assert_cmpint (got_config->n_couriers, ==, 4);
  g_assert_cmpint (got_config->delivery_max, ==, 6);
  g_assert_cmpfloat (got_config->speed, ==, 2.5);
  g_assert_true (got_config->blocking);
  g_assert_true (ll_courier_config_equal (got_config, &config));

  /* A run notifies the counters and :running, and ends with them set. */
  config.blocking = FALSE;
  config.n_parcels = 15;
  ll_courier_model_set_config (model, &config);
  g_hash_table_remove_all (counts);
  run_watched (model);
  g_assert_cmpuint (notified (counts, "running"), ==, 2);
  g_assert_cmpuint (notified (counts, "n-produced"), ==, 15);
  g_assert_cmpuint (notified (counts, "n-delivered"), ==, 15);
  g_assert_cmpuint (notified (counts, "n-waiting"), >, 0);
  g_assert_cmpuint (notified (counts, "n-in-transit"), >, 0);
  g_assert_cmpuint (notified (counts, "time"), >, 0);
  g_object_get (model, "n-delivered", &n_delivered, NULL);
  g_assert_cmpuint (n_delivered, ==, 15);
}

static void
test_names (void)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCourierModel) model = ll_courier_model_new (sched);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (ll_courier_model_get_courier_name (model, 0), ==, "王大锤");
  g_assert_cmpstr (ll_courier_model_get_courier_name (model, 1), ==, "李二狗");
  g_assert_cmpstr (ll_courier_model_get_courier_name (model, 2), ==, "张小花");
  g_assert_cmpstr (ll_courier_model_get_courier_name (model, 10), ==, "快递员11号");
  g_assert_cmpstr (ll_courier_model_get_courier_name (model, 19), ==, "快递员20号");
  for (guint k = 0; k < LL_COURIER_MODEL_MAX_COURIERS; k++)
    {
      const char *name = ll_courier_model_get_courier_name (model, k);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }

  g_assert_cmpstr (ll_courier_event_kind_to_string (LL_COURIER_EVENT_PICKED_UP), ==, "picked-up");
  g_assert_cmpstr (ll_courier_event_kind_to_string (LL_COURIER_EVENT_FINISHED), ==, "finished");
}

/* The program */

static void
test_program_seed_42 (void)
{
  g_autofree char *text = ll_test_run_program_ok ("courier --seed 42 --virtual-clock");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* The notes' lines, literally. */
  g_assert_cmpstr (lines[0], ==, "王大锤正在派送0号包裹");
  g_assert_cmpstr (lines[1], ==, "王大锤正在派送1号包裹");
  g_assert_cmpstr (lines[2], ==, "王大锤正在派送2号包裹");
  g_assert_cmpstr (lines[50], ==, "王大锤正在派送50号包裹");
  g_assert_cmpstr (lines[51], ==, "51 parcels delivered in 118 units");
  g_assert_cmpstr (text, ==, transcript_seed_42);

  /* The speed changes how long it takes, never what it prints. */
  g_clear_pointer (&text, g_free);
  text = ll_test_run_program_ok ("courier --seed 42 --virtual-clock --speed 0.5");
  g_assert_cmpstr (text, ==, transcript_seed_42);
  g_clear_pointer (&text, g_free);
  text = ll_test_run_program_ok ("courier --virtual-clock --speed 100 --seed=42 --parcels 51 --couriers 1 --capacity 1");
  g_assert_cmpstr (text, ==, transcript_seed_42);

  /* Headless, far beyond the window's 100 units a second, on the real
   * clock: a unit a microsecond, several turns in one millisecond of
   * the scheduler's, taken in the same order. */
  g_clear_pointer (&text, g_free);
  text = ll_test_run_program_ok ("courier --seed 42 --speed 1000000");
  g_assert_cmpstr (text, ==, transcript_seed_42);
}

static void
test_program_couriers (void)
{
  g_autofree char *text = ll_test_run_program_ok ("courier --seed 42 --virtual-clock --couriers 3 --capacity 2 --parcels 25");
  g_autofree char *one = NULL;

  g_assert_cmpstr (text, ==, transcript_three_couriers);
  g_clear_pointer (&text, g_free);
  text = ll_test_run_program_ok ("courier --seed 42 --speed 1000000 --couriers 3 --capacity 2 --parcels 25");
  g_assert_cmpstr (text, ==, transcript_three_couriers);

  one = ll_test_run_program_ok ("courier --seed 0 --virtual-clock --parcels 1");
  g_assert_cmpstr (one, ==, "王大锤正在派送0号包裹\n1 parcel delivered in 2 units\n");
}

/* --blocking prints the same transcript as the non-blocking run of the
 * same seed, on the real clock at 100 units a second. */
static void
test_program_blocking (void)
{
  g_autofree char *expected = ll_test_run_program_ok ("courier --seed 42 --virtual-clock --parcels 21 --couriers 2 --capacity 2");
  g_autofree char *blocking = ll_test_run_program_ok ("courier --seed 42 --speed 100 --blocking --parcels 21 --couriers 2 --capacity 2");
  g_autofree char *real = ll_test_run_program_ok ("courier --seed 42 --speed 100 --parcels 21 --couriers 2 --capacity 2");

  g_assert_true (g_str_has_prefix (expected, "王大锤正在派送0号包裹\n李二狗正在派送2号包裹\n"));
  g_assert_nonnull (strstr (expected, "\n21 parcels delivered in "));
  g_assert_cmpstr (blocking, ==, expected);
  g_assert_cmpstr (real, ==, expected);
}

static void
test_program_bad_options (void)
{
  const struct {
    const char *line;
    int         code;
    const char *in_message;
  } cases[] = {
    { "courier --virtual-clock --parcels 0", G_OPTION_ERROR_BAD_VALUE, "--parcels" },
    { "courier --virtual-clock --parcels 10001", G_OPTION_ERROR_BAD_VALUE, "--parcels" },
    { "courier --virtual-clock --couriers 0", G_OPTION_ERROR_BAD_VALUE, "--couriers" },
    { "courier --virtual-clock --couriers 21", G_OPTION_ERROR_BAD_VALUE, "--couriers" },
    { "courier --virtual-clock --capacity 0", G_OPTION_ERROR_BAD_VALUE, "--capacity" },
    { "courier --virtual-clock --capacity 6", G_OPTION_ERROR_BAD_VALUE, "--capacity" },
    { "courier --virtual-clock --seed -1", G_OPTION_ERROR_BAD_VALUE, "--seed" },
    { "courier --virtual-clock --seed 4294967296", G_OPTION_ERROR_BAD_VALUE, "--seed" },
    { "courier --virtual-clock --speed 0.4", G_OPTION_ERROR_BAD_VALUE, "--speed" },
    { "courier --virtual-clock --speed 1000001", G_OPTION_ERROR_BAD_VALUE, "--speed" },
    { "courier --virtual-clock --speed nan", G_OPTION_ERROR_BAD_VALUE, "--speed" },
    { "courier --virtual-clock --speed fast", G_OPTION_ERROR_BAD_VALUE, NULL },
    { "courier --virtual-clock --couriers two", G_OPTION_ERROR_BAD_VALUE, NULL },
    { "courier --virtual-clock --teleport", G_OPTION_ERROR_UNKNOWN_OPTION, NULL },
    { "courier --virtual-clock 51", G_OPTION_ERROR_BAD_VALUE, "“51”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) argv = NULL;
      int argc;

      g_assert_true (g_shell_parse_argv (cases[i].line, &argc, &argv, NULL));
      g_assert_false (ll_programs_run (argv[0], argc, argv, out, &error));
      g_assert_error (error, G_OPTION_ERROR, cases[i].code);
      if (cases[i].in_message != NULL && strstr (error->message, cases[i].in_message) == NULL)
        g_error ("“%s”: the message “%s” does not mention “%s”",
                 cases[i].line, error->message, cases[i].in_message);
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/courier/model-notes", test_model_notes);
  g_test_add_func ("/looplab/courier/model-one-courier", test_model_one_courier);
  g_test_add_func ("/looplab/courier/model-many", test_model_many);
  g_test_add_func ("/looplab/courier/model-configured", test_model_configured);
  g_test_add_func ("/looplab/courier/model-same-seed", test_model_same_seed);
  g_test_add_func ("/looplab/courier/model-speed", test_model_speed);
  g_test_add_func ("/looplab/courier/model-speed-change", test_model_speed_change);
  g_test_add_func ("/looplab/courier/model-resumes", test_model_resumes);
  g_test_add_func ("/looplab/courier/model-blocking", test_model_blocking);
  g_test_add_func ("/looplab/courier/model-stop", test_model_stop);
  g_test_add_func ("/looplab/courier/model-pause", test_model_pause);
  g_test_add_func ("/looplab/courier/model-properties", test_model_properties);
  g_test_add_func ("/looplab/courier/names", test_names);
  g_test_add_func ("/looplab/courier/program-seed-42", test_program_seed_42);
  g_test_add_func ("/looplab/courier/program-couriers", test_program_couriers);
  g_test_add_func ("/looplab/courier/program-blocking", test_program_blocking);
  g_test_add_func ("/looplab/courier/program-bad-options", test_program_bad_options);

  return g_test_run ();
}
