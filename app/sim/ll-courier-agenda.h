/* ll-courier-agenda.h: whose turn it is, for the courier model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ll-co.h"
#include "ll-scheduler.h"

G_BEGIN_DECLS

/**
 * LlCourierActor:
 * @co: the coroutine, owned
 * @wake: the model time of its next turn
 * @seq: when that turn was booked: ties go in this order
 * @live: it has not gone home yet
 * @acting: it has the turn now
 *
 * One coroutine of a courier run and its place on the agenda.
 */
typedef struct
{
  LlCo    *co;
  guint    wake;
  guint64  seq;
  gboolean live;
  gboolean acting;
} LlCourierActor;

/**
 * LlCourierAgenda:
 * @scheduler: the scheduler whose clock the turns are taken on, borrowed
 * @actors: (element-type LlCourierActor): every actor of the run, in the
 *   order they were added; borrowed
 * @next_seq: the booking number of the next turn
 * @now: the model's time: the time of the latest turn, in units
 * @base_msec: the scheduler's time at model time 0, in ms
 * @speed: units per second of the scheduler's clock
 * @paused: whether the model's time stands still
 * @paused_msec: the scheduler's time when it was paused, in ms
 *
 * The turn-taking of a courier run.  Turns are taken strictly in order
 * of time, ties in the order they were booked; a turn at time t comes
 * once the scheduler's clock has reached base + t / speed.
 */
typedef struct
{
  LlScheduler *scheduler;
  GPtrArray   *actors;
  guint64      next_seq;
  guint        now;
  double       base_msec;
  double       speed;
  gboolean     paused;
  double       paused_msec;
} LlCourierAgenda;

void     ll_courier_agenda_init           (LlCourierAgenda *agenda,
                                           LlScheduler     *scheduler,
                                           double           speed);
void     ll_courier_agenda_clear          (LlCourierAgenda *agenda);
void     ll_courier_agenda_start          (LlCourierAgenda *agenda);
void     ll_courier_agenda_add            (LlCourierAgenda *agenda,
                                           LlCourierActor  *actor,
                                           LlCo            *co);

gboolean ll_courier_agenda_take_turn      (LlCourierAgenda *agenda,
                                           LlCourierActor  *actor,
                                           guint           *msec);
void     ll_courier_agenda_wait           (LlCourierAgenda *agenda,
                                           LlCourierActor  *actor,
                                           guint            units);
gboolean ll_courier_agenda_retire         (LlCourierAgenda *agenda,
                                           LlCourierActor  *actor);

void     ll_courier_agenda_set_speed      (LlCourierAgenda *agenda,
                                           double           speed,
                                           gboolean         running);
gboolean ll_courier_agenda_set_paused     (LlCourierAgenda *agenda,
                                           gboolean         paused);
double   ll_courier_agenda_get_clock_time (LlCourierAgenda *agenda);
guint64  ll_courier_agenda_units_to_usec  (LlCourierAgenda *agenda,
                                           guint            units);

G_END_DECLS
