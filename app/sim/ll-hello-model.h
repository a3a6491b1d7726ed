/* ll-hello-model.h: tasks gathered on one thread, each sleeping without blocking
 *
 * The model behind `looplab-cli run hello` and the window's "Hello
 * world, gathered tasks": n tasks (ll-hello-task.c) each print "Hello
 * world!", sleep without blocking and print "Awake again!", all of them
 * gathered on the model's scheduler, which runs them on one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ll-hello-task.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_HELLO_MAX_TASKS 100000
#define LL_HELLO_DEFAULT_TASKS 2
#define LL_HELLO_MIN_SLEEP_MSEC 100
#define LL_HELLO_MAX_SLEEP_MSEC 5000
#define LL_HELLO_DEFAULT_SLEEP_MSEC 1000

/**
 * LlHelloSpelling:
 * @LL_HELLO_SPELLING_C: the coroutine this app runs, ll-hello-task.c
 * @LL_HELLO_SPELLING_GENERATOR: Python, `@asyncio.coroutine` and `yield from`
 * @LL_HELLO_SPELLING_ASYNC: Python, `async def` and `await`
 *
 * The three spellings of the same program that the window shows.
 */
typedef enum
{
  LL_HELLO_SPELLING_C,
  LL_HELLO_SPELLING_GENERATOR,
  LL_HELLO_SPELLING_ASYNC,
  LL_HELLO_N_SPELLINGS
} LlHelloSpelling;

const char *ll_hello_spelling_get_path (LlHelloSpelling spelling);
int         ll_hello_point_get_line    (LlHelloSpelling spelling,
                                        LlHelloPoint    point);

#define LL_TYPE_HELLO_MODEL (ll_hello_model_get_type ())

G_DECLARE_FINAL_TYPE (LlHelloModel, ll_hello_model, LL, HELLO_MODEL, LlSimModel)

LlHelloModel *ll_hello_model_new              (LlScheduler  *scheduler);

void          ll_hello_model_start            (LlHelloModel *self,
                                               guint         n_tasks,
                                               guint         sleep_msec);
void          ll_hello_model_clear            (LlHelloModel *self);
void          ll_hello_model_set_trace        (LlHelloModel *self,
                                               gboolean      trace);
LlCo         *ll_hello_model_get_gather       (LlHelloModel *self);

guint         ll_hello_model_get_n_tasks      (LlHelloModel *self);
guint         ll_hello_model_get_sleep_msec   (LlHelloModel *self);
guint         ll_hello_model_get_n_hello      (LlHelloModel *self);
guint         ll_hello_model_get_n_awake      (LlHelloModel *self);
gint64        ll_hello_model_get_start_time   (LlHelloModel *self);
gint64        ll_hello_model_get_elapsed      (LlHelloModel *self);
const gint64 *ll_hello_model_get_hello_times  (LlHelloModel *self,
                                               guint        *n_tasks);
const gint64 *ll_hello_model_get_awake_times  (LlHelloModel *self,
                                               guint        *n_tasks);
GThread      *ll_hello_model_get_thread       (LlHelloModel *self);
gboolean      ll_hello_model_get_one_thread   (LlHelloModel *self);
guint         ll_hello_model_get_next         (LlHelloModel *self,
                                               LlHelloPoint *point);
gint64        ll_hello_model_get_next_wake    (LlHelloModel *self);

G_END_DECLS
