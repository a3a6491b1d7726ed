/* ll-fd-watch.c: awaiting a socket's readiness, as a GIO _async/_finish pair
 *
 * One GSource per watch, attached at ll_fd_watch_new() and polling for
 * nothing between waits (an fd record with no events costs poll()
 * nothing).  A wait sets the condition and the deadline (the source's
 * ready time), and the dispatch completes the wait's GTask.  The GTask
 * completes at once, in the dispatch, not in an idle of its own: GTask
 * defers only a task returned in the iteration that created it.
 *
 * What a wait costs is what a server pays per request, so none of it
 * writes to the context's wakeup pipe or walks its list of poll records
 * (measured with wrk: about five wakeup writes per request before, and a
 * loop turn more for each):
 *
 * - the source's own GPollFD, whose events are set in place, rather than
 *   g_source_modify_unix_fd(), which always wakes the context;
 * - can-recurse, so that GLib does not block and unblock the source
 *   around each dispatch (each unblock adds its poll record back, a walk
 *   of every connection's record);
 * - deadlines rounded up to GRANULE, and not cleared after the fd woke
 *   the source, since g_source_set_ready_time() wakes the context
 *   whenever the time changes.  The timeouts it serves are of seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-fd-watch"

#include "config.h"

#include "ll-fd-watch.h"

typedef struct
{
  GSource    source;
  LlFdWatch *watch;
} WatchSource;

struct _LlFdWatch
{
  GSource  *source;
  GPollFD   pollfd;
  GTask    *task;      /* the wait under way, or NULL */
  gboolean  closed;
};

/* Deadlines are kept to a quarter of a second. */
#define GRANULE (G_USEC_PER_SEC / 4)

static gboolean
watch_source_check (GSource *source)
{
  LlFdWatch *watch = ((WatchSource *) source)->watch;

  return (watch->pollfd.revents & (watch->pollfd.events | G_IO_HUP | G_IO_ERR)) != 0;
}

static gboolean
watch_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  LlFdWatch *watch = ((WatchSource *) source)->watch;
  GIOCondition revents = watch->pollfd.revents & (watch->pollfd.events | G_IO_HUP | G_IO_ERR);
  g_autoptr(GTask) task = g_steal_pointer (&watch->task);

  watch->pollfd.events = 0;
  watch->pollfd.revents = 0;
  /* Woken by the fd, the deadline stays: a stale one only dispatches a
   * watch with no wait, and the next wait sets its own. */
  if (revents == 0)
    g_source_set_ready_time (source, -1);

  if (task == NULL)
    return G_SOURCE_CONTINUE;

  /* Readable, writable, hung up or in error: the next call on the
   * socket says which.  Nothing at all: the deadline passed. */
  if (revents != 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs watch_source_funcs = {
  NULL,
  watch_source_check,
  watch_source_dispatch,
  NULL,
  NULL,
  NULL,
};

/**
 * ll_fd_watch_new:
 * @fd: a file descriptor, non-blocking; the caller keeps it open for
 *   the life of the watch
 * @context: (nullable): the context to wait on; %NULL for the global
 *   default
 *
 * Returns: (transfer full): a watch on @fd, not waiting
 */
LlFdWatch *
ll_fd_watch_new (int           fd,
                 GMainContext *context)
{
  LlFdWatch *watch;

  g_return_val_if_fail (fd >= 0, NULL);

  watch = g_new0 (LlFdWatch, 1);
  watch->source = g_source_new (&watch_source_funcs, sizeof (WatchSource));
  ((WatchSource *) watch->source)->watch = watch;
  g_source_set_static_name (watch->source, "[looplab] a socket's readiness");
  g_source_set_can_recurse (watch->source, TRUE);
  watch->pollfd.fd = fd;
  g_source_add_poll (watch->source, &watch->pollfd);
  g_source_attach (watch->source, context);

  return watch;
}

/**
 * ll_fd_watch_close:
 * @watch: a watch
 *
 * Stops watching: a wait under way, and every later one, fails with
 * %G_IO_ERROR_CLOSED.  Call it before closing the file descriptor.
 */
void
ll_fd_watch_close (LlFdWatch *watch)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (watch != NULL);

  if (watch->closed)
    return;

  watch->closed = TRUE;
  g_source_destroy (watch->source);
  task = g_steal_pointer (&watch->task);
  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "The connection was closed");
}

/**
 * ll_fd_watch_free:
 * @watch: (transfer full): a watch
 *
 * Closes @watch (see ll_fd_watch_close()) and frees it.
 */
void
ll_fd_watch_free (LlFdWatch *watch)
{
  if (watch == NULL)
    return;

  ll_fd_watch_close (watch);
  g_source_unref (watch->source);
  g_free (watch);
}

/**
 * ll_fd_watch_wait_async:
 * @watch: a watch, not waiting
 * @condition: %G_IO_IN to wait until the socket can be read, %G_IO_OUT
 *   until it can be written
 * @deadline: when to give up, in g_get_monotonic_time()'s microseconds;
 *   -1 for never
 * @callback: called once, on the watch's context
 * @user_data: its data
 *
 * Waits until the file descriptor is ready for @condition, has hung up
 * or is in error, or until @deadline.  There is no #GCancellable: the
 * owner of the watch cancels with ll_fd_watch_close().
 */
void
ll_fd_watch_wait_async (LlFdWatch           *watch,
                        GIOCondition         condition,
                        gint64               deadline,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (watch != NULL);
  g_return_if_fail (watch->task == NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, ll_fd_watch_wait_async);

  if (watch->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "The connection was closed");
      g_object_unref (task);
      return;
    }

  watch->task = task;
  watch->pollfd.events = condition;
  if (deadline >= 0)
    deadline = (deadline + GRANULE - 1) / GRANULE * GRANULE;
  g_source_set_ready_time (watch->source, deadline);
}

/**
 * ll_fd_watch_wait_finish:
 * @watch: the watch
 * @result: the result the callback was given
 * @error: %G_IO_ERROR_TIMED_OUT if the deadline passed,
 *   %G_IO_ERROR_CLOSED if the watch was closed
 *
 * Returns: %TRUE if the file descriptor is ready
 */
gboolean
ll_fd_watch_wait_finish (LlFdWatch     *watch,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, ll_fd_watch_wait_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ll_fd_watch_is_waiting:
 * @watch: a watch
 *
 * Returns: whether a wait is under way
 */
gboolean
ll_fd_watch_is_waiting (LlFdWatch *watch)
{
  g_return_val_if_fail (watch != NULL, FALSE);

  return watch->task != NULL;
}
