/* ll-producer-consumer-model.h: the notes' producer and consumer, steppable
 *
 * The model behind `looplab-cli run producer-consumer` and the window's
 * step debugger: a consumer generator and a producer task that hand
 * control back and forth with send() and yield.  Each hand-over is a
 * resume point of the producer task, so a scheduler in step mode stops
 * at every one of them; run normally, the scheduler resumes the producer
 * at once and the transcript is the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_PRODUCER_CONSUMER_N_ITEMS 5

/**
 * LlPcRole:
 * @LL_PC_ROLE_NONE: nobody (not started, or finished)
 * @LL_PC_ROLE_PRODUCER: the producer task
 * @LL_PC_ROLE_CONSUMER: the consumer generator
 *
 * Who has control next.
 */
typedef enum
{
  LL_PC_ROLE_NONE,
  LL_PC_ROLE_PRODUCER,
  LL_PC_ROLE_CONSUMER,
} LlPcRole;

/**
 * LlPcPoint:
 * @LL_PC_POINT_NONE: not started
 * @LL_PC_POINT_PRODUCER_START: the producer is about to prime the
 *   consumer, `c.send(None)`
 * @LL_PC_POINT_CONSUMER_START: the consumer is about to run from its top
 * @LL_PC_POINT_PRODUCER_PRIMED: the producer is about to go on after
 *   `c.send(None)` returned
 * @LL_PC_POINT_CONSUMER_YIELD: the consumer is about to go on from
 *   `n = yield r`, receiving n
 * @LL_PC_POINT_PRODUCER_SEND: the producer is about to go on after
 *   `r = c.send(n)` returned the reply
 * @LL_PC_POINT_CONSUMER_CLOSE: the consumer is about to be closed at its
 *   yield (Python's GeneratorExit)
 * @LL_PC_POINT_PRODUCER_CLOSED: the producer is about to go on after
 *   `c.close()`
 * @LL_PC_POINT_FINISHED: both have finished
 *
 * Where the program stands between two steps: which coroutine runs next,
 * and from where.
 */
typedef enum
{
  LL_PC_POINT_NONE,
  LL_PC_POINT_PRODUCER_START,
  LL_PC_POINT_CONSUMER_START,
  LL_PC_POINT_PRODUCER_PRIMED,
  LL_PC_POINT_CONSUMER_YIELD,
  LL_PC_POINT_PRODUCER_SEND,
  LL_PC_POINT_CONSUMER_CLOSE,
  LL_PC_POINT_PRODUCER_CLOSED,
  LL_PC_POINT_FINISHED,
} LlPcPoint;

#define LL_TYPE_PC_POINT (ll_pc_point_get_type ())
#define LL_TYPE_PRODUCER_CONSUMER_MODEL (ll_producer_consumer_model_get_type ())

GType ll_pc_point_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlProducerConsumerModel, ll_producer_consumer_model, LL, PRODUCER_CONSUMER_MODEL, LlSimModel)

LlProducerConsumerModel *ll_producer_consumer_model_new             (LlScheduler             *scheduler);

void                     ll_producer_consumer_model_start           (LlProducerConsumerModel *self);
LlCo                    *ll_producer_consumer_model_get_producer    (LlProducerConsumerModel *self);
LlCo                    *ll_producer_consumer_model_get_consumer    (LlProducerConsumerModel *self);

LlPcPoint                ll_producer_consumer_model_get_point       (LlProducerConsumerModel *self);
LlPcRole                 ll_producer_consumer_model_get_next        (LlProducerConsumerModel *self);
const char              *ll_producer_consumer_model_get_in_flight   (LlProducerConsumerModel *self);
guint                    ll_producer_consumer_model_get_n_steps     (LlProducerConsumerModel *self);

/* The frames, as the debugger shows them */
int                      ll_producer_consumer_model_get_producer_n  (LlProducerConsumerModel *self);
const char              *ll_producer_consumer_model_get_producer_r  (LlProducerConsumerModel *self);
int                      ll_producer_consumer_model_get_consumer_n  (LlProducerConsumerModel *self);
const char              *ll_producer_consumer_model_get_consumer_r  (LlProducerConsumerModel *self);

/* The transcript */
guint                    ll_producer_consumer_model_get_n_lines     (LlProducerConsumerModel *self);
const char              *ll_producer_consumer_model_get_line        (LlProducerConsumerModel *self,
                                                                     guint                    index);

LlPcRole                 ll_pc_point_get_role                       (LlPcPoint                point);
int                      ll_pc_point_get_python_line                (LlPcPoint                point);

G_END_DECLS
