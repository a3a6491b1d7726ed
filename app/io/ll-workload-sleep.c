/* ll-workload-sleep.c: Sleep, blocking and async
 *
 * The simplest pair.  Blocking: g_usleep() on the loop's thread, and for
 * that long the loop does nothing at all.  Async: a coroutine awaits a
 * sleep of the same length on the scheduler's timer wheel; the loop runs
 * everything else meanwhile, and wakes the coroutine when it is due.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include "ll-workload-private.h"
#include "ll-workload-sleep.h"

struct _LlWorkloadSleep
{
  LlWorkload parent_instance;

  /* settings */
  double     seconds;
};

G_DEFINE_FINAL_TYPE (LlWorkloadSleep, ll_workload_sleep, LL_TYPE_WORKLOAD)

enum {
  PROP_0,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sleep_blocking (LlWorkload *self)
{
  /* Blocks the calling thread ON PURPOSE: called from a click handler,
   * this is the frozen window the demo shows.  Never do this in a real
   * handler; sleep_run() below is what to do instead.
   */
  g_usleep ((gulong) _ll_workload_get_requested (self));

  _ll_workload_work_done (self, NULL);
}

typedef struct
{
  LlCo  co;
  guint msec;
} SleepFrame;

static LlCoStatus
sleep_run (LlCo *co)
{
  SleepFrame *f = (SleepFrame *) co;

  LL_CO_BEGIN (co);

  /* Not g_usleep: this returns to the loop, which runs everything else
   * until the timer wheel wakes this coroutine up. */
  LL_CO_SLEEP (co, f->msec);

  LL_CO_END (co);
}

static gboolean
sleep_tick (gpointer data)
{
  LlWorkload *self = data;

  _ll_workload_set_done (self, (guint64) MAX (_ll_workload_now (self) - _ll_workload_get_clock_start (self), 0));

  return G_SOURCE_CONTINUE;
}

static void
ll_workload_sleep_start (LlWorkload *self)
{
  gint64 requested = _ll_workload_get_requested (self);
  SleepFrame *f;

  _ll_workload_set_total (self, (guint64) requested);

  if (ll_workload_get_mode (self) == LL_WORKLOAD_MODE_BLOCKING)
    {
      sleep_blocking (self);
      return;
    }

  f = ll_co_new (SleepFrame, sleep_run, NULL);
  f->msec = (guint) ((requested + 999) / G_TIME_SPAN_MILLISECOND);
  ll_co_set_name (&f->co, "sleep");
  _ll_workload_add_task (self, &f->co);
  ll_co_unref (&f->co);

  _ll_workload_start_ticker (self, sleep_tick, self, NULL);
}

static gint64
ll_workload_sleep_plan (LlWorkload *workload)
{
  LlWorkloadSleep *self = LL_WORKLOAD_SLEEP (workload);

  return (gint64) (self->seconds * G_TIME_SPAN_SECOND);
}

/* An async sleep runs on the scheduler's clock, virtual in the tests;
 * a blocking one really sleeps. */
static gint64
ll_workload_sleep_now (LlWorkload *self)
{
  if (ll_workload_get_mode (self) == LL_WORKLOAD_MODE_ASYNC)
    return ll_scheduler_get_time (_ll_workload_ensure_scheduler (self));

  return g_get_monotonic_time ();
}

/* GObject */

static void
ll_workload_sleep_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlWorkloadSleep *self = LL_WORKLOAD_SLEEP (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_sleep_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LlWorkloadSleep *self = LL_WORKLOAD_SLEEP (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      ll_workload_sleep_set_seconds (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_sleep_class_init (LlWorkloadSleepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlWorkloadClass *workload_class = LL_WORKLOAD_CLASS (klass);

  object_class->get_property = ll_workload_sleep_get_property;
  object_class->set_property = ll_workload_sleep_set_property;

  workload_class->kind = LL_WORKLOAD_KIND_SLEEP;
  workload_class->modes = LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_BLOCKING) |
                          LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_ASYNC);
  workload_class->handler_name = "sleep_blocking";
  workload_class->plan = ll_workload_sleep_plan;
  workload_class->now = ll_workload_sleep_now;
  workload_class->start = ll_workload_sleep_start;

  /**
   * LlWorkloadSleep:seconds:
   *
   * How long a sleep lasts.
   */
  properties[PROP_SECONDS] = _ll_workload_seconds_pspec ("seconds");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_workload_sleep_init (LlWorkloadSleep *self)
{
  self->seconds = LL_WORKLOAD_DEFAULT_SECONDS;
}

double
ll_workload_sleep_get_seconds (LlWorkloadSleep *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_SLEEP (self), 0);

  return self->seconds;
}

/**
 * ll_workload_sleep_set_seconds:
 * @self: a #LlWorkloadSleep
 * @seconds: %LL_WORKLOAD_MIN_SECONDS to %LL_WORKLOAD_MAX_SECONDS
 *
 * Takes effect at the next run.
 */
void
ll_workload_sleep_set_seconds (LlWorkloadSleep *self,
                               double           seconds)
{
  g_return_if_fail (LL_IS_WORKLOAD_SLEEP (self));

  _ll_workload_set_seconds (LL_WORKLOAD (self), &self->seconds, seconds, properties[PROP_SECONDS]);
}
