/* ll-task-group.h: tasks run together, awaited as one, failing fast
 *
 * A task group is asyncio's `TaskGroup`: add coroutines to it, await the
 * group once, and read each task's result in the order they were added.
 * The first task to fail cancels all the others, and its error becomes
 * the group's.  Cancelling the group, or the task that awaits it,
 * cancels every task in it.  However it ends, the group finishes only
 * once every one of its tasks has: a task cancelled in the middle of a
 * GIO call is waited for until GIO calls back.
 *
 * A task cancelled by itself (ll_co_cancel() on the task, not on the
 * group) is asyncio's child that raised CancelledError: it cancels
 * nothing, its siblings run to their end.  Unlike asyncio, the group
 * then reports %G_IO_ERROR_CANCELLED (if nothing failed): in C nobody
 * calls task.result() to find out that a result is missing.
 *
 * |[<!-- language="C" -->
 * typedef struct
 * {
 *   LlCo         co;
 *   LlTaskGroup *group;
 * } FetchAllFrame;
 *
 * static LlCoStatus
 * fetch_all_run (LlCo *co)
 * {
 *   FetchAllFrame *f = (FetchAllFrame *) co;
 *   GError *error = NULL;
 *
 *   LL_CO_BEGIN (co);
 *   f->group = ll_task_group_new ();
 *   for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
 *     {
 *       g_autoptr(LlCo) fetch = fetch_new (urls[i]);   // the group takes its own ref
 *
 *       ll_task_group_add (f->group, fetch);
 *     }
 *   LL_CO_AWAIT_GROUP (co, f->group);                   // one resume point
 *   if (!ll_task_group_finish (f->group, &error))
 *     return ll_co_fail (co, error);
 *   for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
 *     show (urls[i], ll_task_group_get_result (f->group, i));
 *   LL_CO_END (co);
 * }
 *
 * static void
 * fetch_all_cleanup (LlCo *co)
 * {
 *   g_clear_pointer (&((FetchAllFrame *) co)->group, ll_task_group_unref);
 * }
 * ]|
 *
 * ll_co_gather() is the same group without the fail-fast: it waits for
 * every task whatever happens, and its result is the array of results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-task.h"

G_BEGIN_DECLS

typedef struct _LlTaskGroup LlTaskGroup;

LlTaskGroup *ll_task_group_new         (void);
LlTaskGroup *ll_task_group_ref         (LlTaskGroup  *self);
void         ll_task_group_unref       (LlTaskGroup  *self);

LlCo        *ll_task_group_add         (LlTaskGroup  *self,
                                        LlCo         *co);
LlCo        *ll_task_group_get_co      (LlTaskGroup  *self);
void         ll_task_group_cancel      (LlTaskGroup  *self);

gboolean     ll_task_group_finish      (LlTaskGroup  *self,
                                        GError      **error);
guint        ll_task_group_get_n_tasks (LlTaskGroup  *self);
LlCo        *ll_task_group_get_task    (LlTaskGroup  *self,
                                        guint         index);
gpointer     ll_task_group_get_result  (LlTaskGroup  *self,
                                        guint         index);

LlCo        *ll_co_gather              (LlCo * const *cos,
                                        guint         n_cos);

/**
 * LL_CO_AWAIT_GROUP:
 * @co: the #LlCo of a task
 * @group: the #LlTaskGroup to wait for
 *
 * Resume point: starts @group on @co's scheduler if it never ran, and
 * waits until it has finished, that is until all of its tasks have
 * (once one failed or @co was cancelled, until the tasks the group
 * cancelled have unwound).  Afterwards read the outcome with ll_task_group_finish() and
 * ll_task_group_get_result().  Cancelling @co cancels @group.
 */
#define LL_CO_AWAIT_GROUP(co, group) LL_CO_AWAIT_CO ((co), ll_task_group_get_co (group))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlTaskGroup, ll_task_group_unref)

G_END_DECLS
