/* ll-co-queue.c: FIFOs of coroutines, in segments of pointers
 *
 * The slow half of the queue in ll-co-queue.h: growing, freeing,
 * removing from the middle, splicing.  A queue grows by segments of 8, 16,
 * 32... up to MAX_SEGMENT entries, so a wheel slot with one sleeper costs
 * a few dozen bytes and a slot with a thousand a handful of segments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-co-queue"

#include "config.h"

#include "ll-co-queue.h"

#define MIN_SEGMENT 8
#define MAX_SEGMENT 512

/* Makes room at the end of the queue's tail. */
LlCoSegment *
_ll_co_queue_grow (LlCoQueue *queue)
{
  LlCoSegment *tail = queue->tail;
  LlCoSegment *seg;
  guint alloc;

  /* One segment, mostly popped (tasks taking turns): move what is left to
   * its start rather than chain another.  The entries moved are fewer
   * than the pushes since the last move. */
  if (tail != NULL && tail == queue->head && tail->alloc == MAX_SEGMENT &&
      (gsize) (queue->end - queue->first) <= tail->alloc / 2)
    {
      LlCo **p = tail->items;
      LlCo **q;

      for (q = queue->first; q < queue->end; q++)
        if (*q != NULL)
          {
            *p = *q;
            (*p)->link.entry = p;
            p++;
          }
      queue->first = tail->items;
      queue->end = p;

      return tail;
    }

  alloc = tail != NULL ? MIN (tail->alloc * 2, MAX_SEGMENT) : MIN_SEGMENT;
  seg = g_malloc (sizeof (LlCoSegment) + alloc * sizeof (LlCo *));
  seg->next = NULL;
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
      queue->first = seg->items;
    }
  queue->tail = seg;
  queue->end = seg->items;
  queue->limit = seg->items + alloc;

  return seg;
}

/* Pops past removed entries, and from a queue of several segments:
 * frees each head segment once every entry of it has been popped. */
LlCo *
_ll_co_queue_pop_slow (LlCoQueue *queue)
{
  if (queue->length == 0)
    return NULL;

  for (;;)
    {
      LlCoSegment *seg = queue->head;
      LlCo **stop = ll_co_segment_end (queue, seg);

      while (queue->first < stop)
        {
          LlCo *co = *queue->first++;

          if (co != NULL)
            {
              queue->length--;
              return co;
            }
        }

      g_assert (seg != queue->tail);
      queue->head = seg->next;
      queue->first = queue->head->items;
      g_free (seg);
    }
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
  queue->first = queue->end = queue->limit = NULL;
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
  g_assert (co->link.entry != NULL && *co->link.entry == co);

  *co->link.entry = NULL;
  co->link.entry = NULL;
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
      LlCo **p;

      /* Entries @src popped already must not come round again in @dst,
       * where its head segment is popped from its start.  (The wheel's
       * slots are never popped: nothing to do.) */
      for (p = src->head->items; p < src->first; p++)
        *p = NULL;

      dst->tail->len = (guint) (dst->end - dst->tail->items);
      dst->tail->next = src->head;
    }
  else
    {
      dst->head = src->head;
      dst->first = src->first;
    }
  dst->tail = src->tail;
  dst->end = src->end;
  dst->limit = src->limit;
  dst->length += src->length;

  src->head = src->tail = NULL;
  src->first = src->end = src->limit = NULL;
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
  LlCo **p;

  if (queue->length == 0)
    return NULL;

  for (seg = queue->head, p = queue->first; seg != NULL; seg = seg->next)
    {
      LlCo **stop = ll_co_segment_end (queue, seg);

      if (p == NULL)
        p = seg->items;
      for (; p < stop; p++)
        if (*p != NULL)
          return *p;
      p = NULL;
    }

  g_assert_not_reached ();
}
