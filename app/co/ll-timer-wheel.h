/* ll-timer-wheel.h: the deadlines of every sleeping task, in one structure
 *
 * Internal to the scheduler.  Deadlines are ticks of one millisecond.
 * The next 4096 ticks each have a slot (a FIFO queue of tasks) and a bit
 * in an occupancy bitmap; later deadlines wait in a small binary heap and
 * move into their slot once the window reaches them.  Inserting and
 * cancelling a sleeper are O(1), and a whole slot of sleepers wakes with
 * one splice that touches none of them, so a million sleepers cost no
 * more per wake-up than ten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co-private.h"

G_BEGIN_DECLS

typedef struct _LlTimerWheel LlTimerWheel;

LlTimerWheel *ll_timer_wheel_new         (gint64        now);
void          ll_timer_wheel_free        (LlTimerWheel *self);
void          ll_timer_wheel_insert      (LlTimerWheel *self,
                                          LlCo         *co,
                                          gint64        deadline);
void          ll_timer_wheel_remove      (LlTimerWheel *self,
                                          LlCo         *co);
gint64        ll_timer_wheel_next        (LlTimerWheel *self);
void          ll_timer_wheel_advance     (LlTimerWheel *self,
                                          gint64        now,
                                          LlCoQueue    *due);
gboolean      ll_timer_wheel_has_expired (LlTimerWheel *self,
                                          LlCo         *co);
gsize         ll_timer_wheel_get_size    (LlTimerWheel *self);

G_END_DECLS
