/* ll-controller.c: a thread that measures off the caller's loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-controller"

#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ll-controller.h"

/* The threads that runs started and that have not ended: atomic. */
static gint live_threads;

/* Shared by the model, the controller thread and the news in flight:
 * an atomic reference count box. */
struct _LlController
{
  /* Set before the thread starts, read-only afterwards */
  const LlControllerInfo *info;
  GMainContext           *caller;
  gpointer                data;
  GDestroyNotify          data_free;
  GThread                *thread;

  /* The caller's thread only: NULL once the model let go of the run */
  GObject                *target;

  /* Atomic; set under @lock too, so that a thread waiting on @cond
   * cannot miss it */
  gint                    stop;
  GMutex                  lock;
  GCond                   cond;
};

typedef struct
{
  LlController *controller;
  gpointer      message;       /* NULL: the run is over */
} News;

static void
controller_clear (gpointer data)
{
  LlController *self = data;

  if (self->data_free != NULL)
    g_clear_pointer (&self->data, self->data_free);
  g_clear_pointer (&self->caller, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
}

static void
controller_release (LlController *self)
{
  g_atomic_rc_box_release_full (self, controller_clear);
}

static void
news_free (gpointer data)
{
  News *news = data;

  if (news->message != NULL)
    news->controller->info->message_free (news->message);
  controller_release (news->controller);
  g_free (news);
}

static gboolean
news_deliver (gpointer data)
{
  News *news = data;
  const LlControllerInfo *info = news->controller->info;
  g_autoptr(GObject) target = NULL;

  /* Stopped: the model has moved on. */
  if (news->controller->target == NULL)
    return G_SOURCE_REMOVE;

  /* A handler may drop the model. */
  target = g_object_ref (news->controller->target);
  if (news->message != NULL)
    info->deliver (target, news->message);
  else
    info->finished (target);

  return G_SOURCE_REMOVE;
}

static void
post_news (LlController *self,
           gpointer      message)
{
  News *news = g_new0 (News, 1);
  GSource *source = g_idle_source_new ();

  news->controller = g_atomic_rc_box_acquire (self);
  news->message = message;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, self->info->name);
  g_source_set_callback (source, news_deliver, news, news_free);
  g_source_attach (source, self->caller);
  g_source_unref (source);
}

static gpointer
controller_thread (gpointer data)
{
  LlController *self = data;

  self->info->run (self, self->data);
  post_news (self, NULL);
  controller_release (self);
  ll_controller_thread_end ();

  return NULL;
}

/**
 * ll_controller_start:
 * @info: what the controller does
 * @caller: the context that hears the news
 * @target: the model the news is for; not referenced: the model lets go
 *   of the run (ll_controller_stop(), ll_controller_join()) before it
 *   goes
 * @data: the run's data, for @info's run
 * @data_free: (nullable): frees @data, once the controller and every
 *   news in flight are done with it
 * @error: return location for a #GError
 *
 * Starts @info's run on a thread of its own.
 *
 * Returns: (transfer full) (nullable): the controller, for
 *   ll_controller_stop() or ll_controller_join(); %NULL if the thread
 *   could not be started, with @error set and @data freed
 */
LlController *
ll_controller_start (const LlControllerInfo  *info,
                     GMainContext            *caller,
                     GObject                 *target,
                     gpointer                 data,
                     GDestroyNotify           data_free,
                     GError                 **error)
{
  LlController *self;

  g_return_val_if_fail (info != NULL && info->run != NULL, NULL);
  g_return_val_if_fail (caller != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (target), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (LlController);
  self->info = info;
  self->caller = g_main_context_ref (caller);
  self->data = data;
  self->data_free = data_free;
  self->target = target;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->thread = ll_controller_thread_new (info->name, controller_thread,
                                           g_atomic_rc_box_acquire (self), error);
  if (self->thread == NULL)
    {
      controller_release (self);
      controller_release (self);
      return NULL;
    }

  return self;
}

/**
 * ll_controller_stop:
 * @self: (transfer full): a controller
 *
 * On the caller's thread: tells the run to stop, waits until its thread
 * has returned, and lets go of it.  None of its news reaches the target
 * afterwards.  This blocks for as long as the run takes to notice and
 * to end what it started: waiting, not leaving it to end on its own, is
 * what makes "stopped" mean that nothing of the run is left.
 */
void
ll_controller_stop (LlController *self)
{
  g_return_if_fail (self != NULL);

  self->target = NULL;
  g_mutex_lock (&self->lock);
  g_atomic_int_set (&self->stop, TRUE);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_thread_join (g_steal_pointer (&self->thread));
  controller_release (self);
}

/**
 * ll_controller_join:
 * @self: (transfer full): a controller whose run is over
 *
 * On the caller's thread, from #LlControllerInfo.finished: the run has
 * posted its last news and has only its return left; waits for it and
 * lets go of it.
 */
void
ll_controller_join (LlController *self)
{
  g_return_if_fail (self != NULL);

  self->target = NULL;
  g_thread_join (g_steal_pointer (&self->thread));
  controller_release (self);
}

/**
 * ll_controller_is_stopping:
 * @self: a controller
 *
 * On any thread.
 *
 * Returns: whether the run has been told to stop
 */
gboolean
ll_controller_is_stopping (LlController *self)
{
  return g_atomic_int_get (&self->stop);
}

/**
 * ll_controller_wait_until:
 * @self: a controller
 * @deadline: on the monotonic clock
 *
 * Sleeps until @deadline or the stop, whichever comes first.
 *
 * Returns: whether the run is stopping
 */
gboolean
ll_controller_wait_until (LlController *self,
                          gint64        deadline)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!ll_controller_is_stopping (self) && g_get_monotonic_time () < deadline)
    g_cond_wait_until (&self->cond, &self->lock, deadline);
  stopping = ll_controller_is_stopping (self);
  g_mutex_unlock (&self->lock);

  return stopping;
}

/**
 * ll_controller_get_lock:
 * @self: a controller
 *
 * The lock under which the stop is set, for a run's own waits on
 * ll_controller_get_cond() that a stop must end (a gate its workers
 * wait at, say).
 *
 * Returns: (transfer none): the lock
 */
GMutex *
ll_controller_get_lock (LlController *self)
{
  return &self->lock;
}

/**
 * ll_controller_get_cond:
 * @self: a controller
 *
 * Returns: (transfer none): the condition a stop broadcasts, under
 *   ll_controller_get_lock()
 */
GCond *
ll_controller_get_cond (LlController *self)
{
  return &self->cond;
}

/**
 * ll_controller_post:
 * @self: a controller
 * @message: (transfer full): news for the model
 *
 * On any thread of the run: sends @message to the caller's context,
 * where #LlControllerInfo.deliver hands it to the model, after the news
 * posted before it (idles of one priority run in the order they were
 * attached).
 */
void
ll_controller_post (LlController *self,
                    gpointer      message)
{
  g_return_if_fail (message != NULL);

  post_news (self, message);
}

/**
 * ll_controller_thread_new:
 * @name: the thread's name
 * @func: what it runs; its last call is ll_controller_thread_end()
 * @data: for @func
 * @error: return location for a #GError
 *
 * Starts a thread of a run, counted in ll_controller_get_live_threads()
 * until it ends.
 *
 * Returns: (transfer full) (nullable): the thread, to join; %NULL with
 *   @error set (g_thread_try_new()'s) if it could not be started
 */
GThread *
ll_controller_thread_new (const char   *name,
                          GThreadFunc   func,
                          gpointer      data,
                          GError      **error)
{
  GThread *thread;

  g_atomic_int_inc (&live_threads);
  thread = g_thread_try_new (name, func, data, error);
  if (thread == NULL)
    g_atomic_int_add (&live_threads, -1);

  return thread;
}

/**
 * ll_controller_thread_end:
 *
 * A run's thread's very last act, so that once it is joined it is not
 * counted.
 */
void
ll_controller_thread_end (void)
{
  g_atomic_int_add (&live_threads, -1);
}

/**
 * ll_controller_thread_be_nice:
 *
 * Lowers the calling thread's priority to nice 10, so that it yields
 * the CPU to the window's: on a machine of two cores, two threads
 * counting flat out took both, and the window's frames came 23 to 32 ms
 * late (tests/bench/run ui).  A nice value is a share of the CPU, not a
 * cap: with no one else wanting it, the thread runs as fast as before.
 * On Linux, setpriority() on a thread's id sets that thread's nice value
 * alone; elsewhere this does nothing.
 */
void
ll_controller_thread_be_nice (void)
{
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
#endif
}

/**
 * ll_controller_get_live_threads:
 *
 * The threads that runs have started and that have not ended yet: their
 * controllers and their workers, of every model of app/threads.  0
 * whenever no run is under way.
 *
 * Returns: how many
 */
guint
ll_controller_get_live_threads (void)
{
  return (guint) g_atomic_int_get (&live_threads);
}
