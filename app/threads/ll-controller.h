/* ll-controller.h: a thread that measures off the caller's loop
 *
 * The models of app/threads start threads (and processes) and time them,
 * which must not happen on the loop of the window that shows them: a
 * join or a busy count there would freeze the page that reports it.  So
 * each run goes on a controller thread of its own, and this is that
 * thread, shared by the demos:
 *
 * - ll_controller_start() starts it on the run's data; its
 *   #LlControllerInfo.run does the measuring and returns when it is done
 *   or stopped.
 * - While it runs, ll_controller_post() sends news to the caller's
 *   context, in idles of one priority, so they arrive in the order they
 *   were posted; there #LlControllerInfo.deliver hands each to the model
 *   (the target), unless the model has let go of the run meanwhile.
 *   After the last, #LlControllerInfo.finished says the run is over, and
 *   the model calls ll_controller_join().
 * - ll_controller_stop() tells the run to stop and joins it: when it
 *   returns, nothing the run started is left, and none of its news will
 *   reach the model.
 *
 * The run looks at ll_controller_is_stopping() between two steps and
 * sleeps with ll_controller_wait_until(), which a stop wakes; waits of
 * its own that a stop must end use ll_controller_get_lock() and
 * ll_controller_get_cond(), which the stop broadcasts.
 *
 * The threads that runs start count in ll_controller_get_live_threads(),
 * so a test can say that a stopped run left none behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LlController LlController;

/**
 * LlControllerInfo:
 * @name: the controller thread's name, and its news sources' name
 * @run: on the controller thread: the run, on @data
 * @deliver: on the caller's context: one piece of news, for @target
 *   (a reference is held around the call); the message is freed after
 * @finished: on the caller's context, after the last news: the run has
 *   returned, or is about to; call ll_controller_join()
 * @message_free: frees a message, delivered or not
 *
 * What a demo's controller does.  Static data: a demo has one.
 */
typedef struct
{
  const char *name;
  void      (*run)          (LlController *controller,
                             gpointer      data);
  void      (*deliver)      (GObject      *target,
                             gpointer      message);
  void      (*finished)     (GObject      *target);
  void      (*message_free) (gpointer      message);
} LlControllerInfo;

LlController *ll_controller_start           (const LlControllerInfo  *info,
                                             GMainContext            *caller,
                                             GObject                 *target,
                                             gpointer                 data,
                                             GDestroyNotify           data_free,
                                             GError                 **error);
void          ll_controller_stop            (LlController            *self);
void          ll_controller_join            (LlController            *self);

/* On the controller thread, and the threads it starts */
gboolean      ll_controller_is_stopping     (LlController            *self);
gboolean      ll_controller_wait_until      (LlController            *self,
                                             gint64                   deadline);
GMutex       *ll_controller_get_lock        (LlController            *self);
GCond        *ll_controller_get_cond        (LlController            *self);
void          ll_controller_post            (LlController            *self,
                                             gpointer                 message);

GThread      *ll_controller_thread_new      (const char              *name,
                                             GThreadFunc              func,
                                             gpointer                 data,
                                             GError                 **error);
void          ll_controller_thread_end      (void);
void          ll_controller_thread_be_nice  (void);
guint         ll_controller_get_live_threads (void);

G_END_DECLS
