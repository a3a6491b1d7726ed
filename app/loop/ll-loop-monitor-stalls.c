/* ll-loop-monitor-stalls.c: when the loop stood still, by one rule
 *
 * Three witnesses see the loop stand still: the iteration source (one
 * iteration ran for the threshold or more), the probes (a timer fired
 * that late) and the frames (one came that late).  They part ways when
 * the loop keeps iterating but never reaches a priority (a flood of
 * default-priority work runs in short iterations, and no redraw comes),
 * and before the loop first runs, when the window is being built and
 * there is no iteration at all.  So every figure follows one rule:
 * whatever waited for the threshold or more is a stall.  The stall an
 * iteration gave covers what waited through it; what no stall covers
 * becomes a stall of its own, named after the span that ran most of it.
 *
 * The startup, from the process start to the first frame, is one
 * stretch: a stall named "startup" when it is that long, and nothing
 * inside it is a stall of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-loop-monitor"

#include "config.h"

#include <stdatomic.h>

#include "ll-loop-monitor-private.h"

/* A stall's handler is a name from the code, as a span's is. */
#define STARTUP_NAME "startup"

static gboolean
in_startup (LlLoopMonitor *self)
{
  return self->startup_since != 0 && self->startup_end == 0;
}

/* Where counting starts for what began at @start: nothing inside the
 * startup counts on its own, since the startup holds it. */
static gint64
counted_from (LlLoopMonitor *self,
              gint64         start)
{
  if (in_startup (self))
    return G_MAXINT64;

  return MAX (start, self->startup_end);
}

static void
push_stall (LlLoopMonitor *self,
            gint64         start,
            gint64         duration,
            const char    *handler)
{
  LlStall *stall = g_new0 (LlStall, 1);

  stall->start = start;
  stall->duration = duration;
  stall->handler = handler;
  g_queue_push_tail (&self->pending_stalls, stall);
}

static void
add_overlap (GArray        *parts,
             const LlStall *stall,
             gint64         start,
             gint64         end)
{
  LlLate part = { MAX (stall->start, start), MIN (stall->start + stall->duration, end) };

  if (part.end > part.start)
    g_array_append_val (parts, part);
}

static int
compare_late (gconstpointer a,
              gconstpointer b)
{
  const LlLate *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

/* How much of [@start, @end] the stalls known so far cover, overlaps
 * counted once. */
static gint64
covered (LlLoopMonitor *self,
         gint64         start,
         gint64         end)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (LlLate));
  gint64 total = 0;
  gint64 reach = start;

  for (guint i = 0; i < self->stalls->len; i++)
    add_overlap (parts, g_ptr_array_index (self->stalls, i), start, end);
  for (GList *l = self->pending_stalls.head; l != NULL; l = l->next)
    add_overlap (parts, l->data, start, end);

  g_array_sort (parts, compare_late);
  for (guint i = 0; i < parts->len; i++)
    {
      LlLate *part = &g_array_index (parts, LlLate, i);

      if (part->end > reach)
        {
          total += part->end - MAX (part->start, reach);
          reach = part->end;
        }
    }

  return total;
}

typedef struct
{
  const char *name;   /* interned */
  gint64      time;
} Share;

/* The span that ran for most of [@start, @end], if it ran for at least
 * half of it: a frame late while the loop sat in poll has no handler
 * to blame. */
static const char *
cause_of (LlLoopMonitor *self,
          gint64         start,
          gint64         end)
{
  g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (Share));
  const Share *best = NULL;

  for (guint i = 0; i < self->spans.length; i++)
    {
      const LlSpan *span = ll_ring_nth (&self->spans, i);
      gint64 overlap = MIN (span->start + span->duration, end) - MAX (span->start, start);
      guint j;

      if (overlap <= 0)
        continue;

      for (j = 0; j < shares->len; j++)
        {
          if (g_array_index (shares, Share, j).name == span->name)
            break;
        }
      if (j == shares->len)
        g_array_append_val (shares, ((Share) { span->name, 0 }));
      g_array_index (shares, Share, j).time += overlap;
    }

  for (guint j = 0; j < shares->len; j++)
    {
      const Share *share = &g_array_index (shares, Share, j);

      if (best == NULL || share->time > best->time)
        best = share;
    }

  if (best == NULL || 2 * best->time < end - start)
    return NULL;

  return best->name;
}

/* Called as an iteration ends, when its own stall is known: a stretch
 * that waited as long is covered by it, or by an earlier one. */
static void
finish_late (LlLoopMonitor *self)
{
  for (guint i = 0; i < self->late->len; i++)
    {
      const LlLate *late = &g_array_index (self->late, LlLate, i);
      gint64 from = counted_from (self, late->start);
      gint64 length = late->end - from;

      if (length < self->stall_threshold)
        continue;

      /* What the known stalls leave out would be a stall by itself. */
      if (length - covered (self, from, late->end) < self->stall_threshold)
        continue;

      push_stall (self, from, length, cause_of (self, from, late->end));
    }

  g_array_set_size (self->late, 0);
}

/*
 * _ll_loop_monitor_finish_stalls:
 * @iteration_start: when the iteration ending at @now left poll
 *
 * Decides the stalls of the iteration that ends: its own, when it ran
 * for the threshold or more, and those of what waited for it.
 */
void
_ll_loop_monitor_finish_stalls (LlLoopMonitor *self,
                                gint64         iteration_start,
                                gint64         now)
{
  gint64 from = counted_from (self, iteration_start);

  if (now - from >= self->stall_threshold)
    {
      const char *handler = NULL;

      /* The watchdog's sample names what was running in the middle of
       * the stall; without one, the longest span of the iteration is the
       * best witness.
       */
      if (atomic_load (&self->noticed_start) == iteration_start)
        handler = atomic_load (&self->noticed_handler);
      if (handler == NULL)
        handler = self->longest_span_name;

      push_stall (self, from, now - from, handler);
    }

  finish_late (self);
}

/*
 * _ll_loop_monitor_add_late:
 * @time: when a probe fired or a frame came
 * @lag: how late it was
 *
 * Keeps a lag of the threshold or more for the end of the iteration,
 * which decides whether a stall already covers it.
 */
void
_ll_loop_monitor_add_late (LlLoopMonitor *self,
                           gint64         time,
                           gint64         lag)
{
  LlLate late = { time - lag, time };

  /* Stopped, the monitor sees no iterations to settle it in. */
  if (lag < self->stall_threshold || self->iteration_source == NULL)
    return;

  if (self->late->len == MAX_LATE)
    g_array_remove_index (self->late, 0);
  g_array_append_val (self->late, late);
}

/**
 * ll_loop_monitor_begin_startup:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs when the startup began (the process start, say),
 *   or 0 for now
 *
 * Makes everything from @since to ll_loop_monitor_end_startup() one
 * stretch, the startup.  If it lasts the stall threshold or more, it is
 * one stall, named "startup"; nothing inside it is a stall of its own,
 * and no lag sample inside it is longer than it.  Call it before the
 * loop first runs.  Calling it a second time does nothing.
 */
void
ll_loop_monitor_begin_startup (LlLoopMonitor *self,
                               gint64         since)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));

  if (self->startup_since != 0)
    return;

  self->startup_since = since > 0 ? MIN (since, now) : now;
}

/**
 * ll_loop_monitor_end_startup:
 * @self: a #LlLoopMonitor
 * @time: monotonic µs when the startup ended: when the first frame was
 *   drawn, for a window
 *
 * Ends the startup that ll_loop_monitor_begin_startup() began; the
 * stall it makes, if any, is announced once the loop is back.  Without
 * a startup begun, or after one ended, this does nothing.
 */
void
ll_loop_monitor_end_startup (LlLoopMonitor *self,
                             gint64         time)
{
  gint64 duration;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));

  if (!in_startup (self))
    return;

  self->startup_end = MAX (time, self->startup_since);
  duration = self->startup_end - self->startup_since;
  g_debug ("startup: %.1f ms to the first frame", duration / (double) G_TIME_SPAN_MILLISECOND);

  if (duration >= self->stall_threshold)
    {
      push_stall (self, self->startup_since, duration, g_intern_static_string (STARTUP_NAME));
      g_main_context_wakeup (self->context);
    }
}

/**
 * ll_loop_monitor_get_startup:
 * @self: a #LlLoopMonitor
 *
 * Returns: µs from the start of the startup to its end, or 0 while it
 *   lasts or when there was none
 */
gint64
ll_loop_monitor_get_startup (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  if (self->startup_end == 0)
    return 0;

  return self->startup_end - self->startup_since;
}
