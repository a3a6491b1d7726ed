/* ll-co-queue.h: FIFOs of coroutines, in segments of pointers
 *
 * Internal to app/co: the ready queue and each slot of the timer wheel.
 * The fast half (push, pop, peek ahead) is inline here; the slow half is
 * in ll-co-queue.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"

G_BEGIN_DECLS

/* A FIFO of coroutines: the ready queue and each slot of the timer wheel.
 *
 * Why arrays and not a list linked through the frames: a million
 * sleepers wake in no order of memory, so each frame is a cache miss, and
 * walking a linked list takes one miss after the other.  Pointers in an
 * array let the scheduler fetch the frames a few tasks ahead, all at
 * once.  The arrays come in segments, chained, so that a whole slot of
 * sleepers joins the ready queue in O(1); a queued coroutine points at
 * its entry (@link.entry) for an O(1) removal, which leaves a %NULL
 * behind.  A coroutine is in at most one queue.
 *
 * @length counts the coroutines in the queue, not the %NULLs. */

typedef struct _LlCoSegment LlCoSegment;

struct _LlCoSegment
{
  LlCoSegment *next;
  guint        len;       /* entries pushed, once the segment is not the tail */
  guint        alloc;     /* room for this many */
  LlCo        *items[];
};

/* Where the next pop and the next push go lives in the queue itself
 * (@first, @end), not in the segments: a pop reads no segment header, and
 * a push to one of four thousand wheel slots does not wait for a cold one
 * to load.  Only the head segment is ever popped from. */
typedef struct
{
  LlCoSegment  *head;
  LlCoSegment  *tail;
  LlCo        **first;    /* the next entry to pop, in the head */
  LlCo        **end;      /* the next free entry, in the tail */
  LlCo        **limit;    /* the end of the tail */
  gsize         length;
} LlCoQueue;

LlCoSegment *_ll_co_queue_grow      (LlCoQueue *queue);
void         ll_co_queue_clear      (LlCoQueue *queue);
void         ll_co_queue_remove     (LlCoQueue *queue,
                                     LlCo      *co);
void         ll_co_queue_splice     (LlCoQueue *dst,
                                     LlCoQueue *src);
LlCo        *ll_co_queue_peek       (LlCoQueue *queue);

/* The end of the entries pushed into @seg of @queue. */
static inline LlCo **
ll_co_segment_end (LlCoQueue   *queue,
                   LlCoSegment *seg)
{
  return seg == queue->tail ? queue->end : seg->items + seg->len;
}

static inline void
ll_co_queue_push (LlCoQueue *queue,
                  LlCo      *co)
{
  if (G_UNLIKELY (queue->end == queue->limit))
    _ll_co_queue_grow (queue);

  co->link.entry = queue->end;
  *queue->end++ = co;
  queue->length++;
}

LlCo        *_ll_co_queue_pop_slow  (LlCoQueue *queue);

static inline LlCo *
ll_co_queue_pop (LlCoQueue *queue)
{
  /* Inline, the common case: the next entry of the one segment is a
   * coroutine (a few tasks taking turns). */
  if (G_LIKELY (queue->head == queue->tail && queue->first < queue->end &&
                *queue->first != NULL))
    {
      queue->length--;
      return *queue->first++;
    }

  return _ll_co_queue_pop_slow (queue);
}

/* The entry @distance places behind the next to pop: a coroutine, or
 * %NULL if the queue is shorter or that one was removed.  For
 * prefetching: the place is counted in entries, removed ones included. */
static inline LlCo *
ll_co_queue_peek_ahead (LlCoQueue *queue,
                        guint      distance)
{
  LlCoSegment *seg = queue->head;
  LlCo **p = queue->first;

  while (seg != NULL)
    {
      LlCo **stop = ll_co_segment_end (queue, seg);

      if (distance < (gsize) (stop - p))
        return p[distance];
      distance -= (guint) (stop - p);
      seg = seg->next;
      if (seg != NULL)
        p = seg->items;
    }

  return NULL;
}

G_END_DECLS
