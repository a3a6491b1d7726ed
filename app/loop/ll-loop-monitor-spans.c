/* ll-loop-monitor-spans.c: what the loop ran, as named spans
 *
 * A span is a stretch of a handler with a name: the loop monitor's
 * dispatch timeline draws them, and its stall reports name the span that
 * was running.  Handlers mark their own spans, or run as traced sources
 * whose callback the monitor wraps in one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-loop-monitor"

#include "config.h"

#include "ll-loop-monitor-private.h"

/**
 * ll_loop_monitor_begin_span:
 * @self: a #LlLoopMonitor
 * @name: what is about to run, e.g. a handler's name
 *
 * Marks the start of a named piece of work on the monitored thread.  Spans
 * nest; each must be closed with ll_loop_monitor_end_span().  The
 * watchdog names the innermost open span when it sees a stall.
 */
void
ll_loop_monitor_begin_span (LlLoopMonitor *self,
                            const char    *name)
{
  const char *interned;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->span_depth < MAX_SPAN_DEPTH);

  interned = g_intern_string (name);
  self->span_stack[self->span_depth].name = interned;
  self->span_stack[self->span_depth].start = g_get_monotonic_time ();
  self->span_depth++;
  atomic_store (&self->current_span, interned);
}

/**
 * ll_loop_monitor_end_span:
 * @self: a #LlLoopMonitor
 *
 * Closes the innermost span opened by ll_loop_monitor_begin_span() and
 * records it in the dispatch trace.
 */
void
ll_loop_monitor_end_span (LlLoopMonitor *self)
{
  const char *name;
  gint64 start;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (self->span_depth > 0);

  self->span_depth--;
  name = self->span_stack[self->span_depth].name;
  start = self->span_stack[self->span_depth].start;
  ll_loop_monitor_record_span (self, name, start, g_get_monotonic_time () - start);

  atomic_store (&self->current_span,
                self->span_depth > 0 ? self->span_stack[self->span_depth - 1].name : NULL);
}

typedef struct
{
  LlLoopMonitor  *monitor;
  const char     *name;     /* interned */
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  notify;
} TracedCallback;

static gboolean
traced_callback_invoke (gpointer user_data)
{
  TracedCallback *traced = user_data;
  gboolean result;

  ll_loop_monitor_begin_span (traced->monitor, traced->name);
  result = traced->func (traced->data);
  ll_loop_monitor_end_span (traced->monitor);

  return result;
}

static void
traced_callback_free (gpointer user_data)
{
  TracedCallback *traced = user_data;

  if (traced->notify != NULL)
    traced->notify (traced->data);
  g_object_unref (traced->monitor);
  g_free (traced);
}

/**
 * ll_loop_monitor_trace_source:
 * @self: a #LlLoopMonitor
 * @source: a source not yet attached, without a callback
 * @name: the handler's name, for the trace and the watchdog
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Names @source and gives it @func as callback, wrapped in a span, so that
 * each dispatch shows in the trace and a stall it causes is named.
 */
void
ll_loop_monitor_trace_source (LlLoopMonitor  *self,
                              GSource        *source,
                              const char     *name,
                              GSourceFunc     func,
                              gpointer        data,
                              GDestroyNotify  notify)
{
  TracedCallback *traced;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  traced = g_new0 (TracedCallback, 1);
  traced->monitor = g_object_ref (self);
  traced->name = g_intern_string (name);
  traced->func = func;
  traced->data = data;
  traced->notify = notify;

  g_source_set_name (source, name);
  g_source_set_callback (source, traced_callback_invoke, traced, traced_callback_free);
}

/**
 * ll_loop_monitor_add_timeout:
 * @self: a #LlLoopMonitor
 * @interval_ms: the timeout's interval
 * @name: the handler's name
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Like g_timeout_add(), on the monitored context, traced and named.
 *
 * Returns: the source id
 */
guint
ll_loop_monitor_add_timeout (LlLoopMonitor  *self,
                             guint           interval_ms,
                             const char     *name,
                             GSourceFunc     func,
                             gpointer        data,
                             GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  source = g_timeout_source_new (interval_ms);
  ll_loop_monitor_trace_source (self, source, name, func, data, notify);
  return g_source_attach (source, self->context);
}

/**
 * ll_loop_monitor_add_idle:
 * @self: a #LlLoopMonitor
 * @priority: the source's priority, e.g. %G_PRIORITY_DEFAULT_IDLE
 * @name: the handler's name
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Like g_idle_add_full(), on the monitored context, traced and named.
 *
 * Returns: the source id
 */
guint
ll_loop_monitor_add_idle (LlLoopMonitor  *self,
                          int             priority,
                          const char     *name,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  source = g_idle_source_new ();
  g_source_set_priority (source, priority);
  ll_loop_monitor_trace_source (self, source, name, func, data, notify);
  return g_source_attach (source, self->context);
}

/**
 * ll_loop_monitor_record_span:
 * @self: a #LlLoopMonitor
 * @name: what ran
 * @start: monotonic µs when it started
 * @duration: µs it took
 *
 * Adds a span measured by other means to the dispatch trace, for work
 * whose start and end arrive through different callbacks (a frame of the
 * frame clock, say).  The watchdog cannot name it while it runs.
 */
void
ll_loop_monitor_record_span (LlLoopMonitor *self,
                             const char    *name,
                             gint64         start,
                             gint64         duration)
{
  LlSpan span;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (name != NULL);

  span.name = g_intern_string (name);
  span.start = start;
  span.duration = MAX (duration, 0);
  ll_ring_push (&self->spans, &span);

  if (span.duration >= self->longest_span)
    {
      self->longest_span = span.duration;
      self->longest_span_name = span.name;
    }
}

/**
 * ll_loop_monitor_copy_spans:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs; spans that started earlier are left out
 *
 * Returns: (transfer full) (element-type LlSpan): recent spans, oldest first
 */
GArray *
ll_loop_monitor_copy_spans (LlLoopMonitor *self,
                            gint64         since)
{
  GArray *copy;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);

  copy = g_array_new (FALSE, FALSE, sizeof (LlSpan));
  for (guint i = 0; i < self->spans.length; i++)
    {
      LlSpan *span = ll_ring_nth (&self->spans, i);

      if (span->start >= since)
        g_array_append_vals (copy, span, 1);
    }

  return copy;
}
