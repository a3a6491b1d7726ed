/* ll-task.h: a coroutine as a task: its waits, its cancellation, its outcome
 *
 * A coroutine spawned on an #LlScheduler (ll_scheduler_spawn()) is a
 * task.  At its resume points it waits: for a GIO operation
 * (LL_CO_AWAIT_ASYNC()), for the clock (LL_CO_SLEEP()), for another
 * coroutine (LL_CO_AWAIT_CO()); whatever it waits for queues it again, and
 * its scheduler resumes it.  ll_co_cancel() makes it unwind from the
 * resume point it stands at; ll_co_finish() reads how it ended.
 *
 * The macros live in ll-co.h beside the generator's; the functions they
 * expand to are declared here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-co.h"

G_BEGIN_DECLS

/* Cancellation */
void          ll_co_cancel              (LlCo           *co);
gboolean      ll_co_is_cancelled        (LlCo           *co);
GCancellable *ll_co_get_cancellable     (LlCo           *co);

/* Awaiting GIO */
void          ll_co_async_ready         (GObject        *source_object,
                                         GAsyncResult   *result,
                                         gpointer        user_data);
GAsyncResult *ll_co_get_async_result    (LlCo           *co);

/* Outcome */
gpointer      ll_co_finish              (LlCo           *co,
                                         GError        **error);
gpointer      ll_co_get_result          (LlCo           *co);
const GError *ll_co_get_error           (LlCo           *co);

/* What a task waits for, for debuggers */
LlCoWait      ll_co_get_wait            (LlCo           *co);
gint64        ll_co_get_deadline        (LlCo           *co);
char         *ll_co_describe_wait       (LlCo           *co);
LlScheduler  *ll_co_get_scheduler       (LlCo           *co);

/* For the resume-point macros only */
gboolean      ll_co_await_begin         (LlCo           *co,
                                         const char     *call);
gboolean      ll_co_sleep_begin         (LlCo           *co,
                                         guint           msec);
gboolean      ll_co_await_co_begin      (LlCo           *co,
                                         LlCo           *other);

G_END_DECLS
