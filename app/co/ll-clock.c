/* ll-clock.c: a scheduler's time and its sleepers
 *
 * A sleeping task waits in the scheduler's timer wheel (ll-timer-wheel.c)
 * until its deadline, in milliseconds of the scheduler's clock; the
 * scheduler source expires the wheel into the ready queue at every slice.
 *
 * A virtual clock adds a second source at %G_PRIORITY_LOW: it is ready
 * only when no task is ready, none awaits GIO and something sleeps, and
 * its dispatch jumps the clock to the next deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include "ll-scheduler-private.h"

G_DEFINE_ENUM_TYPE (LlClock, ll_clock,
  G_DEFINE_ENUM_VALUE (LL_CLOCK_MONOTONIC, "monotonic"),
  G_DEFINE_ENUM_VALUE (LL_CLOCK_VIRTUAL, "virtual"))

/* Queues the sleepers that are due: O(1) per slot, however crowded. */
void
_ll_clock_expire (LlScheduler *self)
{
  if (self->wheel != NULL)
    ll_timer_wheel_advance (self->wheel, ll_clock_now (self) / G_TIME_SPAN_MILLISECOND,
                            &self->ready);
}

/* The next deadline in microseconds, G_MAXINT64 if nothing sleeps. */
gint64
_ll_clock_next_deadline (LlScheduler *self)
{
  gint64 next;

  if (self->wheel == NULL || ll_timer_wheel_get_size (self->wheel) == 0)
    return G_MAXINT64;

  next = ll_timer_wheel_next (self->wheel);

  return next * G_TIME_SPAN_MILLISECOND;
}

/* Puts @co to sleep for @msec (more than 0). */
void
_ll_clock_add_sleeper (LlScheduler *self,
                       LlCo        *co,
                       guint        msec)
{
  gint64 now;

  /* Bring the wheel up to now first, so the deadline lands in the window. */
  now = ll_clock_now (self);
  if (self->wheel == NULL)
    self->wheel = ll_timer_wheel_new (now / G_TIME_SPAN_MILLISECOND);
  else
    ll_timer_wheel_advance (self->wheel, now / G_TIME_SPAN_MILLISECOND, &self->ready);

  /* Round the deadline up to the tick: a sleep never ends early. */
  co->wait = LL_CO_WAIT_SLEEP;
  ll_timer_wheel_insert (self->wheel, co,
                         (now + (gint64) msec * G_TIME_SPAN_MILLISECOND + 999) /
                         G_TIME_SPAN_MILLISECOND);
}

/* Ends @co's sleep now: it joins the ready queue, unless the wheel has
 * already spliced its slot there. */
void
_ll_clock_cancel_sleep (LlScheduler *self,
                        LlCo        *co)
{
  if (!ll_timer_wheel_has_expired (self->wheel, co))
    {
      ll_timer_wheel_remove (self->wheel, co);
      ll_co_queue_push (&self->ready, co);
    }
}

/* Whether the sleeper @co has left the wheel for the ready queue. */
gboolean
_ll_clock_has_woken (LlScheduler *self,
                     LlCo        *co)
{
  return self->wheel != NULL && ll_timer_wheel_has_expired (self->wheel, co);
}

/* The virtual clock's jump source */

static gboolean
should_jump (LlScheduler *self)
{
  return self->ready.length == 0 &&
         self->n_external == 0 &&
         self->wheel != NULL &&
         ll_timer_wheel_get_size (self->wheel) > 0;
}

static gboolean
jump_source_prepare (GSource *source,
                     int     *timeout)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;
  gboolean ready = should_jump (self);

  *timeout = ready ? 0 : -1;

  return ready;
}

static gboolean
jump_source_check (GSource *source)
{
  return should_jump (((LlSchedulerSource *) source)->self);
}

static gboolean
jump_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LlScheduler *self = ((LlSchedulerSource *) source)->self;
  gint64 next;

  if (!should_jump (self))
    return G_SOURCE_CONTINUE;

  next = ll_timer_wheel_next (self->wheel);
  self->virtual_now = MAX (self->virtual_now, next * G_TIME_SPAN_MILLISECOND);
  _ll_clock_expire (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs jump_source_funcs = {
  .prepare = jump_source_prepare,
  .check = jump_source_check,
  .dispatch = jump_source_dispatch,
};

/* Attaches the jump source of a virtual clock. */
void
_ll_clock_attach (LlScheduler *self)
{
  if (self->clock == LL_CLOCK_VIRTUAL)
    self->jump_source = _ll_scheduler_source_new (self, &jump_source_funcs,
                                                  "LlScheduler virtual clock",
                                                  G_PRIORITY_LOW);
}

/* Drops the jump source and the wheel (its sleepers go with the caller). */
void
_ll_clock_clear (LlScheduler *self)
{
  _ll_scheduler_clear_source (&self->jump_source);
  g_clear_pointer (&self->wheel, ll_timer_wheel_free);
}

/* Public API */

/**
 * ll_scheduler_get_clock:
 * @self: a scheduler
 *
 * Returns: where @self's time comes from
 */
LlClock
ll_scheduler_get_clock (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), LL_CLOCK_MONOTONIC);

  return self->clock;
}

/**
 * ll_scheduler_get_time:
 * @self: a scheduler
 *
 * Returns: the scheduler's clock, in microseconds: the monotonic time, or
 *   the virtual time (0 at creation)
 */
gint64
ll_scheduler_get_time (LlScheduler *self)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (self), 0);

  return ll_clock_now (self);
}

/**
 * ll_scheduler_advance_clock:
 * @self: a scheduler with a virtual clock
 * @usec: how far, in microseconds
 *
 * Moves the virtual clock forward by hand.  Sleepers whose deadline has
 * come are queued and run at the next dispatch.
 */
void
ll_scheduler_advance_clock (LlScheduler *self,
                            gint64       usec)
{
  g_return_if_fail (LL_IS_SCHEDULER (self));
  g_return_if_fail (self->clock == LL_CLOCK_VIRTUAL);
  g_return_if_fail (usec >= 0);

  self->virtual_now += usec;
  _ll_clock_expire (self);
}
