/* ll-co-private.h: what ll-co.c, ll-scheduler.c and ll-timer-wheel.c share
 *
 * A coroutine and its scheduler are one design split over three files:
 * the generator protocol (ll-co.c), tasks on a main context
 * (ll-scheduler.c) and the sleepers' timer wheel (ll-timer-wheel.c).
 * Nothing outside app/co/ includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"
#include "ll-scheduler.h"

G_BEGIN_DECLS

typedef enum
{
  LL_CO_FLAG_TASK         = 1 << 0,  /* spawned on a scheduler */
  LL_CO_FLAG_WATCHED      = 1 << 1,  /* a generator reporting events; holds a ref on sched */
  LL_CO_FLAG_CANCELLED    = 1 << 2,
  LL_CO_FLAG_CLOSING      = 1 << 3,  /* ll_co_close() threw LL_CO_ERROR_CLOSED in */
  LL_CO_FLAG_CLEANED      = 1 << 4,  /* the cleanup has run */
  LL_CO_FLAG_FAR          = 1 << 5,  /* sleeping in the wheel's far heap */
  LL_CO_FLAG_ASYNC_RESULT = 1 << 6,  /* u.async_result holds a reference */
  LL_CO_FLAG_NAME_OWNED   = 1 << 7,
  LL_CO_FLAG_ORPHAN       = 1 << 8,  /* its scheduler was disposed mid-await */
  LL_CO_FLAG_GATHER       = 1 << 9,  /* the frame is a GatherFrame */
} LlCoFlags;

/* An intrusive FIFO of coroutines, linked through next/prev: the ready
 * queue and the wheel's slots.  A coroutine is in at most one of them. */
typedef struct
{
  LlCo *head;
  LlCo *tail;
} LlCoList;

static inline void
ll_co_list_append (LlCoList *list,
                   LlCo     *co)
{
  co->next = NULL;
  co->prev = list->tail;
  if (list->tail != NULL)
    list->tail->next = co;
  else
    list->head = co;
  list->tail = co;
}

static inline LlCo *
ll_co_list_pop_head (LlCoList *list)
{
  LlCo *co = list->head;

  if (co == NULL)
    return NULL;

  list->head = co->next;
  if (list->head != NULL)
    list->head->prev = NULL;
  else
    list->tail = NULL;
  co->next = co->prev = NULL;

  return co;
}

static inline void
ll_co_list_remove (LlCoList *list,
                   LlCo     *co)
{
  if (co->prev != NULL)
    co->prev->next = co->next;
  else
    list->head = co->next;
  if (co->next != NULL)
    co->next->prev = co->prev;
  else
    list->tail = co->prev;
  co->next = co->prev = NULL;
}

/* Moves all of @src to the end of @dst in O(1). */
static inline void
ll_co_list_splice (LlCoList *dst,
                   LlCoList *src)
{
  if (src->head == NULL)
    return;

  if (dst->tail != NULL)
    {
      dst->tail->next = src->head;
      src->head->prev = dst->tail;
    }
  else
    dst->head = src->head;
  dst->tail = src->tail;
  src->head = src->tail = NULL;
}

/* ll-co.c */
void          _ll_co_run_cleanup     (LlCo *co);
GError       *_ll_co_cancelled_error (void);
LlCoEventKind _ll_co_finish_kind     (LlCo *co);

/* ll-scheduler.c */
void     _ll_scheduler_emit      (LlScheduler   *self,
                                  LlCoEventKind  kind,
                                  LlCo          *co);
void     _ll_scheduler_cancel    (LlCo          *co);

G_END_DECLS
