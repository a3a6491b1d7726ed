/* ll-co-queue.c: FIFOs of coroutines, in segments of pointers
 *
 * The slow half of the queue in ll-co-private.h: growing, freeing,
 * removing from the middle, splicing.  A queue grows by segments of 8, 16,
 * 32... up to MAX_SEGMENT entries, so a wheel slot with one sleeper costs
 * a few dozen bytes and a slot with a thousand a handful of segments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-co-queue"

#include "config.h"

#include "ll-co-private.h"

#define MIN_SEGMENT 8
#define MAX_SEGMENT 512

LlCoSegment *
_ll_co_queue_grow (LlCoQueue *queue)
{
  LlCoSegment *tail = queue->tail;
  guint alloc = tail != NULL ? MIN (tail->alloc * 2, MAX_SEGMENT) : MIN_SEGMENT;
  LlCoSegment *seg = g_malloc (sizeof (LlCoSegment) + alloc * sizeof (LlCo *));

  seg->next = NULL;
  seg->head = 0;
  seg->len = 0;
  seg->alloc = alloc;

  if (tail != NULL)
    {
      tail->len = (guint) (queue->end - tail->items);
      tail->next = seg;
    }
  else
    {
      queue->head = seg;
    }
  queue->tail = seg;
  queue->end = seg->items;
  queue->limit = seg->items + alloc;

  return seg;
}

/* Frees the head segment, every entry of which has been popped. */
void
_ll_co_queue_drop_head (LlCoQueue *queue)
{
  LlCoSegment *seg = queue->head;

  g_assert (seg != NULL && seg != queue->tail && seg->head == seg->len);

  queue->head = seg->next;
  g_free (seg);
}

/**
 * ll_co_queue_clear:
 * @queue: a queue
 *
 * Empties @queue, forgetting what it holds.
 */
void
ll_co_queue_clear (LlCoQueue *queue)
{
  LlCoSegment *seg;
  LlCoSegment *next;

  for (seg = queue->head; seg != NULL; seg = next)
    {
      next = seg->next;
      g_free (seg);
    }
  queue->head = queue->tail = NULL;
  queue->end = queue->limit = NULL;
  queue->length = 0;
}

/**
 * ll_co_queue_remove:
 * @queue: a queue
 * @co: a coroutine in @queue
 *
 * Takes @co out of @queue, in O(1): its entry becomes %NULL, and the pops
 * skip it.  An emptied queue gives its segments back.
 */
void
ll_co_queue_remove (LlCoQueue *queue,
                    LlCo      *co)
{
  LlCoSegment *seg = co->link.segment;

  g_assert (seg != NULL && co->index < ll_co_segment_len (queue, seg) &&
            seg->items[co->index] == co);

  seg->items[co->index] = NULL;
  co->link.segment = NULL;
  if (--queue->length == 0)
    ll_co_queue_clear (queue);
}

/**
 * ll_co_queue_splice:
 * @dst: a queue
 * @src: another queue
 *
 * Moves all of @src to the end of @dst in O(1), touching none of the
 * coroutines: their segments change hands.
 */
void
ll_co_queue_splice (LlCoQueue *dst,
                    LlCoQueue *src)
{
  if (src->length == 0)
    {
      ll_co_queue_clear (src);
      return;
    }

  if (dst->tail != NULL)
    {
      dst->tail->len = (guint) (dst->end - dst->tail->items);
      dst->tail->next = src->head;
    }
  else
    {
      dst->head = src->head;
    }
  dst->tail = src->tail;
  dst->end = src->end;
  dst->limit = src->limit;
  dst->length += src->length;

  src->head = src->tail = NULL;
  src->end = src->limit = NULL;
  src->length = 0;
}

/**
 * ll_co_queue_peek:
 * @queue: a queue
 *
 * Returns: (nullable): the coroutine ll_co_queue_pop() would return
 */
LlCo *
ll_co_queue_peek (LlCoQueue *queue)
{
  LlCoSegment *seg;

  if (queue->length == 0)
    return NULL;

  for (seg = queue->head; seg != NULL; seg = seg->next)
    {
      guint len = ll_co_segment_len (queue, seg);
      guint i;

      for (i = seg->head; i < len; i++)
        if (seg->items[i] != NULL)
          return seg->items[i];
    }

  g_assert_not_reached ();
}
