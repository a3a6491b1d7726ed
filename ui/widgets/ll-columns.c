/* ll-columns.c: time cut into pixel columns, for charts that scroll
 *
 * A chart N pixels wide that shows the last W µs gives each pixel column
 * W / N µs.  The columns are cut from the monotonic clock itself, not
 * from "now": column i is the time from ll_columns_start (i) up to the
 * start of column i + 1, whatever the frame.  So between two column
 * boundaries the picture does not move at all, and a chart need only be
 * drawn again when a column's worth of time has passed (30 s across
 * 540 px is one every 56 ms, 18 a second, not 60), or when a sample
 * changes what some column shows.
 *
 * The column "now" falls in is still filling: it is kept but not shown.
 * The rightmost column shown is the last one complete, so a probe that
 * lands in the current column redraws nothing until the column ends,
 * while a late sample (a stall that just ended) reaches back into the
 * columns shown and redraws them at once.
 *
 * GTK-free, so that the rule is pinned by a test of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-columns"

#include "config.h"

#include "ll-columns.h"

struct _LlColumns
{
  guint              n_columns;   /* shown */
  gint64             window;
  gint64             right;       /* the index of the column now is in */
  gint64            *values;      /* n_columns + 1, column i at i % (n_columns + 1); -1 = none */
  LlColumnsLevelFunc level;
  gpointer           level_data;
};

/**
 * ll_columns_index:
 * @time: monotonic µs, not negative
 * @window: the µs a chart shows, more than 0
 * @n_columns: its width in pixel columns, more than 0
 *
 * Returns: the index of the pixel column @time falls in: the same for
 *   every time from ll_columns_start() of it up to that of the next
 */
gint64
ll_columns_index (gint64 time,
                  gint64 window,
                  guint  n_columns)
{
  g_return_val_if_fail (time >= 0, 0);
  g_return_val_if_fail (window > 0, 0);
  g_return_val_if_fail (n_columns > 0, 0);

  /* Monotonic µs are days of uptime at most, times a few thousand
   * columns: far inside 63 bits. */
  return time * (gint64) n_columns / window;
}

/**
 * ll_columns_start:
 * @index: a column, as ll_columns_index() numbers them
 * @window: the µs a chart shows, more than 0
 * @n_columns: its width in pixel columns, more than 0
 *
 * Returns: the first µs of column @index
 */
gint64
ll_columns_start (gint64 index,
                  gint64 window,
                  guint  n_columns)
{
  g_return_val_if_fail (window > 0, 0);
  g_return_val_if_fail (n_columns > 0, 0);

  /* ceil (index * window / n_columns): the first t whose index is @index */
  return (index * window + n_columns - 1) / (gint64) n_columns;
}

static gint64 *
slot (LlColumns *self,
      gint64     index)
{
  gint64 n = self->n_columns + 1;

  return &self->values[((index % n) + n) % n];
}

/**
 * ll_columns_new:
 * @n_columns: how many columns a chart shows, more than 0
 * @window: the µs they span, more than 0
 * @now: monotonic µs
 * @level: how a column's value is drawn
 * @data: for @level
 *
 * Returns: (transfer full): empty columns, the last one shown ending at
 *   the start of the column @now falls in
 */
LlColumns *
ll_columns_new (guint              n_columns,
                gint64             window,
                gint64             now,
                LlColumnsLevelFunc level,
                gpointer           data)
{
  LlColumns *self;

  g_return_val_if_fail (n_columns > 0, NULL);
  g_return_val_if_fail (window > 0, NULL);
  g_return_val_if_fail (level != NULL, NULL);

  self = g_new0 (LlColumns, 1);
  self->n_columns = n_columns;
  self->window = window;
  self->right = ll_columns_index (now, window, n_columns);
  self->values = g_new (gint64, n_columns + 1);
  self->level = level;
  self->level_data = data;

  for (guint i = 0; i <= n_columns; i++)
    self->values[i] = -1;

  return self;
}

void
ll_columns_free (LlColumns *self)
{
  if (self == NULL)
    return;

  g_free (self->values);
  g_free (self);
}

guint
ll_columns_get_n_columns (LlColumns *self)
{
  return self->n_columns;
}

gint64
ll_columns_get_window (LlColumns *self)
{
  return self->window;
}

/**
 * ll_columns_get_right_time:
 * @self: columns
 *
 * Returns: where the columns shown end: the start of the one still
 *   filling, the time a chart puts at its right edge
 */
gint64
ll_columns_get_right_time (LlColumns *self)
{
  return ll_columns_start (self->right, self->window, self->n_columns);
}

/**
 * ll_columns_advance:
 * @self: columns
 * @now: monotonic µs
 *
 * Moves on to the column @now falls in, emptying the ones that come in
 * at the right.
 *
 * Returns: whether the columns shown moved, by a pixel or more
 */
gboolean
ll_columns_advance (LlColumns *self,
                    gint64     now)
{
  gint64 right = ll_columns_index (now, self->window, self->n_columns);

  if (right <= self->right)
    return FALSE;

  for (gint64 i = MAX (self->right + 1, right - self->n_columns); i <= right; i++)
    *slot (self, i) = -1;
  self->right = right;

  return TRUE;
}

/**
 * ll_columns_add_lag:
 * @self: columns
 * @time: monotonic µs when the sample was taken
 * @lag: how late it was, in µs
 *
 * Adds a probe that was due at @time - @lag and ran at @time: the loop
 * was away all that while, so every column in between holds how late
 * the probe was by the end of it (a ramp), and each keeps its largest.
 *
 * Returns: whether a column shown now draws differently
 */
gboolean
ll_columns_add_lag (LlColumns *self,
                    gint64     time,
                    gint64     lag)
{
  gint64 due = time - MAX (lag, 0);
  gint64 first = ll_columns_index (MAX (due, 0), self->window, self->n_columns);
  gint64 last = ll_columns_index (MAX (time, 0), self->window, self->n_columns);
  gboolean changed = FALSE;

  first = MAX (first, self->right - self->n_columns);
  last = MIN (last, self->right);

  for (gint64 c = first; c <= last; c++)
    {
      gint64 end = ll_columns_start (c + 1, self->window, self->n_columns);
      gint64 value = MAX (MIN (end, time) - due, 0);
      gint64 *old = slot (self, c);

      if (value <= *old)
        continue;

      /* The column still filling is not shown: no redraw for it. */
      if (c < self->right &&
          (*old < 0 || self->level (value, self->level_data) != self->level (*old, self->level_data)))
        changed = TRUE;
      *old = value;
    }

  return changed;
}

/**
 * ll_columns_get:
 * @self: columns
 * @column: 0 for the leftmost column shown, up to n_columns - 1
 *
 * Returns: the largest value in @column, or -1 if none
 */
gint64
ll_columns_get (LlColumns *self,
                guint      column)
{
  g_return_val_if_fail (column < self->n_columns, -1);

  return *slot (self, self->right - self->n_columns + column);
}
