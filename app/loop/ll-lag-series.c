/* ll-lag-series.c: how late something ran, over a sliding window
 *
 * A series keeps every sample of its window in a ring, for the charts,
 * and in a histogram, for percentiles in constant time however many
 * samples the window holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-lag-series.h"

void
ll_lag_series_init (LlLagSeries *self,
                    gint64       window,
                    guint        capacity)
{
  ll_ring_init (&self->samples, sizeof (LlLagSample), capacity);
  self->histogram = ll_histogram_new ();
  self->window = window;
}

void
ll_lag_series_clear (LlLagSeries *self)
{
  ll_ring_clear (&self->samples);
  g_clear_pointer (&self->histogram, ll_histogram_free);
}

void
ll_lag_series_add (LlLagSeries *self,
                   gint64       time,
                   gint64       lag)
{
  LlLagSample sample = { time, MAX (lag, 0) };

  /* Drop what has left the window, and the oldest if the ring is full. */
  while (self->samples.length > 0)
    {
      LlLagSample *oldest = ll_ring_nth (&self->samples, 0);

      if (oldest->time >= time - self->window && self->samples.length < self->samples.capacity)
        break;

      ll_histogram_remove (self->histogram, oldest->lag);
      ll_ring_drop_oldest (&self->samples);
    }

  ll_ring_push (&self->samples, &sample);
  ll_histogram_add (self->histogram, sample.lag);
}

void
ll_lag_series_get_stats (LlLagSeries *self,
                         LlLagStats  *stats)
{
  stats->count = (guint) ll_histogram_get_count (self->histogram);
  stats->p50 = ll_histogram_percentile (self->histogram, 50);
  stats->p90 = ll_histogram_percentile (self->histogram, 90);
  stats->p99 = ll_histogram_percentile (self->histogram, 99);

  /* The exact maximum, not its bucket: the spike a learner just caused. */
  stats->max = 0;
  for (guint i = 0; i < self->samples.length; i++)
    stats->max = MAX (stats->max, ((LlLagSample *) ll_ring_nth (&self->samples, i))->lag);
}

GArray *
ll_lag_series_copy (LlLagSeries *self,
                    gint64       since)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LlLagSample));

  for (guint i = 0; i < self->samples.length; i++)
    {
      LlLagSample *sample = ll_ring_nth (&self->samples, i);

      if (sample->time >= since)
        g_array_append_vals (copy, sample, 1);
    }

  return copy;
}

/* The same figures over the samples since @since only: a run's own. */
void
ll_lag_series_get_stats_since (LlLagSeries *self,
                               gint64       since,
                               LlLagStats  *stats)
{
  g_autoptr(LlHistogram) histogram = ll_histogram_new ();

  stats->max = 0;
  for (guint i = 0; i < self->samples.length; i++)
    {
      LlLagSample *sample = ll_ring_nth (&self->samples, i);

      if (sample->time < since)
        continue;
      ll_histogram_add (histogram, sample->lag);
      stats->max = MAX (stats->max, sample->lag);
    }

  stats->count = (guint) ll_histogram_get_count (histogram);
  stats->p50 = ll_histogram_percentile (histogram, 50);
  stats->p90 = ll_histogram_percentile (histogram, 90);
  stats->p99 = ll_histogram_percentile (histogram, 99);
}
