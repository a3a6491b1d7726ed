/* ll-hello-task.h: asyncio's first example, as a coroutine of this app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"

G_BEGIN_DECLS

/**
 * LlHelloPoint:
 * @LL_HELLO_POINT_START: a task about to say "Hello world!"
 * @LL_HELLO_POINT_AWAKE: a task back from its sleep, about to say
 *   "Awake again!"
 *
 * Where a hello task stands when it resumes.
 */
typedef enum
{
  LL_HELLO_POINT_START,
  LL_HELLO_POINT_AWAKE,
} LlHelloPoint;

/* What the tasks of one run share; the model defines it. */
typedef struct _LlHelloRun LlHelloRun;

LlHelloRun *ll_hello_run_ref            (LlHelloRun   *run);
void        ll_hello_run_unref          (LlHelloRun   *run);
guint       ll_hello_run_get_sleep_msec (LlHelloRun   *run);
void        ll_hello_run_say            (LlHelloRun   *run,
                                         guint         number,
                                         LlHelloPoint  point,
                                         const char   *text);

LlCo       *ll_hello_gather_new         (LlHelloRun   *run,
                                         guint         n_tasks,
                                         GPtrArray    *tasks);
guint       ll_hello_task_get_number    (LlCo         *co);

G_END_DECLS
