/* ll-courier-agenda.c: whose turn it is, for the courier model
 *
 * The courier model's coroutines each wait for their next turn by
 * sleeping on the scheduler until the turn's time, and the agenda makes
 * them take their turns strictly in order: by time, ties in the order
 * the turns were booked.  So a run depends only on its configuration
 * and its seed: the same on the monotonic clock as on a virtual one,
 * and the same when the coroutines block the thread, which only makes
 * it take longer in real time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-agenda"

#include "config.h"

#include <math.h>

#include "ll-courier-agenda.h"

/* How often a coroutine looks again whether a pause is over. */
#define PAUSED_POLL_MSEC 20

static double
clock_msec (LlCourierAgenda *agenda)
{
  return ll_scheduler_get_time (agenda->scheduler) / (double) G_TIME_SPAN_MILLISECOND;
}

static gint64
turn_msec (LlCourierAgenda *agenda,
           guint            time)
{
  return (gint64) llround (agenda->base_msec + time * 1000.0 / agenda->speed);
}

static gboolean
actor_before (const LlCourierActor *a,
              const LlCourierActor *b)
{
  return a->wake < b->wake || (a->wake == b->wake && a->seq < b->seq);
}

static LlCourierActor *
agenda_head (LlCourierAgenda *agenda)
{
  LlCourierActor *head = NULL;

  for (guint i = 0; i < agenda->actors->len; i++)
    {
      LlCourierActor *actor = g_ptr_array_index (agenda->actors, i);

      if (actor->live && (head == NULL || actor_before (actor, head)))
        head = actor;
    }

  return head;
}

/* How long to sleep from @now (µs) to the millisecond @at: LL_CO_SLEEP
 * rounds its deadline up to the next millisecond tick. */
static guint
msec_until (gint64 now,
            gint64 at)
{
  return (guint) CLAMP (at - (now + 999) / G_TIME_SPAN_MILLISECOND, 0, G_MAXUINT);
}

/**
 * ll_courier_agenda_init:
 * @agenda: (out caller-allocates): an agenda
 * @scheduler: the scheduler whose clock the turns are taken on
 * @speed: units per second
 *
 * Makes an empty agenda, not paused.
 */
void
ll_courier_agenda_init (LlCourierAgenda *agenda,
                        LlScheduler     *scheduler,
                        double           speed)
{
  *agenda = (LlCourierAgenda) {
    .scheduler = scheduler,
    .actors = g_ptr_array_new (),
    .speed = speed,
  };
}

void
ll_courier_agenda_clear (LlCourierAgenda *agenda)
{
  g_clear_pointer (&agenda->actors, g_ptr_array_unref);
}

/**
 * ll_courier_agenda_start:
 * @agenda: an agenda
 *
 * Starts afresh: no actor, model time 0 now on the scheduler's clock,
 * not paused.
 */
void
ll_courier_agenda_start (LlCourierAgenda *agenda)
{
  g_ptr_array_set_size (agenda->actors, 0);
  agenda->next_seq = 0;
  agenda->now = 0;
  agenda->base_msec = clock_msec (agenda);
  agenda->paused = FALSE;
}

/**
 * ll_courier_agenda_add:
 * @agenda: an agenda
 * @actor: (out caller-allocates): the actor, which must outlive the run
 * @co: (transfer full): its coroutine
 *
 * Adds an actor whose first turn is now, after those added before it.
 */
void
ll_courier_agenda_add (LlCourierAgenda *agenda,
                       LlCourierActor  *actor,
                       LlCo            *co)
{
  *actor = (LlCourierActor) { co, agenda->now, agenda->next_seq++, TRUE, FALSE };
  g_ptr_array_add (agenda->actors, actor);
}

/**
 * ll_courier_agenda_take_turn:
 * @agenda: an agenda
 * @actor: one of its live actors
 * @msec: (out): if not, how long to sleep before asking again
 *
 * Whether it is @actor's turn: the scheduler's clock has reached its
 * time, and it is first on the agenda.  If so, @actor has the turn
 * (until it books the next one) and the model's time is the turn's.
 * If not, @msec is until its time; or, once that has come, until an
 * earlier turn still pending has been taken (that only happens when the
 * thread was late, or blocked: a coroutine never acts before the ones
 * due earlier).
 *
 * Returns: %TRUE if @actor has the turn
 */
gboolean
ll_courier_agenda_take_turn (LlCourierAgenda *agenda,
                             LlCourierActor  *actor,
                             guint           *msec)
{
  LlCourierActor *head;
  gint64 now;
  gint64 at;
  gint64 deadline;

  if (actor->acting)
    return TRUE;

  g_assert (actor->live);

  /* Paused, the model's time stands still: nobody's turn comes.  The
   * turn's time is not known until the pause ends, so ask again soon. */
  if (agenda->paused)
    {
      *msec = PAUSED_POLL_MSEC;
      return FALSE;
    }

  now = ll_scheduler_get_time (agenda->scheduler);
  at = turn_msec (agenda, actor->wake);
  if (now < at * G_TIME_SPAN_MILLISECOND)
    {
      *msec = msec_until (now, at);
      return FALSE;
    }

  head = agenda_head (agenda);
  if (head == actor)
    {
      actor->acting = TRUE;
      agenda->now = actor->wake;
      return TRUE;
    }

  /* The first one is ready (a yield lets it run), or asleep until its
   * alarm, which may be later than its time if the speed went up. */
  deadline = ll_co_get_deadline (head->co);
  *msec = deadline < 0 ? 0 : msec_until (now, deadline / G_TIME_SPAN_MILLISECOND);

  return FALSE;
}

/**
 * ll_courier_agenda_wait:
 * @agenda: an agenda
 * @actor: the actor that has the turn
 * @units: how long from now
 *
 * Books @actor's next turn @units from now.  It gives up the turn.
 */
void
ll_courier_agenda_wait (LlCourierAgenda *agenda,
                        LlCourierActor  *actor,
                        guint            units)
{
  g_assert (actor->acting);

  actor->wake = agenda->now + units;
  actor->seq = agenda->next_seq++;
  actor->acting = FALSE;
}

/**
 * ll_courier_agenda_retire:
 * @agenda: an agenda
 * @actor: the actor that has the turn
 *
 * @actor goes home: it takes no more turns.
 *
 * Returns: %TRUE if it was the last one out
 */
gboolean
ll_courier_agenda_retire (LlCourierAgenda *agenda,
                          LlCourierActor  *actor)
{
  g_assert (actor->acting);

  actor->live = FALSE;
  actor->acting = FALSE;

  return agenda_head (agenda) == NULL;
}

/**
 * ll_courier_agenda_set_speed:
 * @agenda: an agenda
 * @speed: units per second
 * @running: whether a run is under way
 *
 * Sets how fast the model's time runs on the scheduler's clock: in the
 * middle of a run, the model's present stays where it is, and the turns
 * still to come are taken at the new speed.
 */
void
ll_courier_agenda_set_speed (LlCourierAgenda *agenda,
                             double           speed,
                             gboolean         running)
{
  if (running)
    {
      double now = agenda->paused ? agenda->paused_msec : clock_msec (agenda);
      double units = (now - agenda->base_msec) * agenda->speed / 1000.0;

      agenda->base_msec = now - units * 1000.0 / speed;
    }

  agenda->speed = speed;
}

/**
 * ll_courier_agenda_set_paused:
 * @agenda: an agenda
 * @paused: whether the model's time stands still
 *
 * Resumed, the run carries on as if the pause had never been.
 *
 * Returns: whether that changed anything
 */
gboolean
ll_courier_agenda_set_paused (LlCourierAgenda *agenda,
                              gboolean         paused)
{
  double now;

  paused = !!paused;
  if (agenda->paused == paused)
    return FALSE;

  now = clock_msec (agenda);
  if (paused)
    agenda->paused_msec = now;
  else
    agenda->base_msec += now - agenda->paused_msec;  /* the pause never happened */
  agenda->paused = paused;

  return TRUE;
}

/**
 * ll_courier_agenda_get_clock_time:
 * @agenda: an agenda
 *
 * Returns: the time since the start on the scheduler's clock, in units,
 *   fractional; it stands still while paused
 */
double
ll_courier_agenda_get_clock_time (LlCourierAgenda *agenda)
{
  double now = agenda->paused ? agenda->paused_msec : clock_msec (agenda);

  return MAX (0, (now - agenda->base_msec) * agenda->speed / 1000.0);
}

guint64
ll_courier_agenda_units_to_usec (LlCourierAgenda *agenda,
                                 guint            units)
{
  return (guint64) (units * (double) G_TIME_SPAN_SECOND / agenda->speed);
}
