/* ll-co-private.h: the frame's private half, for the files of app/co
 *
 * The flags of a frame, the block it keeps what it rarely needs in, and
 * the few functions of ll-co.c that the task side calls.  Nothing outside
 * app/co/ includes this header; the scheduler's own internals are in
 * ll-scheduler-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"
#include "ll-co-queue.h"
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
  LL_CO_FLAG_RUNS_CANCELLED = 1 << 9, /* runs its body even if cancelled before it started */
  LL_CO_FLAG_POOLED       = 1 << 10, /* the frame comes from ll-frame-pool.c */
  /* bits 11 to 15: the frame pool's size class of a pooled frame */
} LlCoFlags;

#define LL_CO_FRAME_CLASS_SHIFT 11

/* Told that @co has finished, right after its cleanup ran. */
typedef void (*LlCoFinishedFunc) (LlCo     *co,
                                  gpointer  data);

/* What a coroutine needs rarely, kept out of the frame's header. */
typedef struct _LlCoExtra
{
  GCancellable     *cancellable;
  GDestroyNotify    value_destroy;   /* of the result */

  /* A task group's watch on one of its tasks (ll-task-group.c) */
  LlCoFinishedFunc  finished;
  gpointer          finished_data;

  /* Frees what the frame owns past its finish, at the last unref: a
   * gather's children, whose results its own result borrows. */
  LlCoCleanup       finalize;
} LlCoExtra;

LlCoExtra *_ll_co_get_extra (LlCo *co);

static inline GCancellable *
ll_co_peek_cancellable (LlCo *co)
{
  return co->extra != NULL ? co->extra->cancellable : NULL;
}

/* Forgets the result's destroy function: the result is not owned. */
static inline void
ll_co_clear_value_destroy (LlCo *co)
{
  if (co->extra != NULL)
    co->extra->value_destroy = NULL;
}

/* ll-co.c */
void          _ll_co_run_cleanup       (LlCo *co);
GError       *_ll_co_cancelled_error   (void);
LlCoEventKind _ll_co_finish_kind       (LlCo *co);
void          _ll_co_generator_cancel  (LlCo *co);

G_END_DECLS
