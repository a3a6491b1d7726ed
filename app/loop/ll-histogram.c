/* ll-histogram.c: a log-linear histogram of durations, for loop lag
 *
 * The same idea as HdrHistogram (which Node's event-loop delay monitor
 * uses), cut down to what the monitor needs: bounded relative error, O(1)
 * add and remove, percentiles by walking a few thousand counters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-histogram"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ll-histogram.h"

/* Values below 2^LINEAR_BITS µs each get their own bucket; every octave
 * above is split into 2^SUB_BITS buckets.  Values above 2^MAX_BITS µs
 * (about 18 minutes) land in the last bucket.
 */
#define LINEAR_BITS 10
#define SUB_BITS    6
#define MAX_BITS    40
#define N_LINEAR    (1 << LINEAR_BITS)
#define N_SUB       (1 << SUB_BITS)
#define N_BUCKETS   (N_LINEAR + (MAX_BITS - LINEAR_BITS) * N_SUB)

struct _LlHistogram
{
  guint64 count;
  guint64 buckets[N_BUCKETS];
};

static guint
bucket_for_value (gint64 value)
{
  guint64 v;
  guint octave;
  guint sub;

  if (value < 0)
    value = 0;
  v = (guint64) value;

  if (v < N_LINEAR)
    return (guint) v;

  octave = 63 - (guint) __builtin_clzll (v);

  if (octave >= MAX_BITS)
    return N_BUCKETS - 1;

  sub = (guint) ((v >> (octave - SUB_BITS)) & (N_SUB - 1));

  return N_LINEAR + (octave - LINEAR_BITS) * N_SUB + sub;
}

/* The smallest value that lands in @bucket: percentiles report it, so a
 * reported figure is never above a value that was recorded.
 */
static gint64
lowest_value_in_bucket (guint bucket)
{
  guint octave;
  guint sub;

  if (bucket < N_LINEAR)
    return bucket;

  octave = LINEAR_BITS + (bucket - N_LINEAR) / N_SUB;
  sub = (bucket - N_LINEAR) % N_SUB;

  return (gint64) ((G_GUINT64_CONSTANT (1) << octave) | ((guint64) sub << (octave - SUB_BITS)));
}

LlHistogram *
ll_histogram_new (void)
{
  return g_new0 (LlHistogram, 1);
}

void
ll_histogram_free (LlHistogram *self)
{
  g_free (self);
}

void
ll_histogram_clear (LlHistogram *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
}

void
ll_histogram_add (LlHistogram *self,
                  gint64       value)
{
  g_return_if_fail (self != NULL);

  self->buckets[bucket_for_value (value)]++;
  self->count++;
}

void
ll_histogram_remove (LlHistogram *self,
                     gint64       value)
{
  guint bucket;

  g_return_if_fail (self != NULL);

  bucket = bucket_for_value (value);
  g_return_if_fail (self->buckets[bucket] > 0);

  self->buckets[bucket]--;
  self->count--;
}

guint64
ll_histogram_get_count (const LlHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count;
}

/**
 * ll_histogram_rank:
 * @count: how many values there are
 * @percent: 0 to 100
 *
 * The nearest rank behind ll_histogram_percentile(), for values that are
 * few and must stay exact (a benchmark's runs, in nanoseconds, where a
 * bucket's 1/64 would show): with the values sorted in ascending order,
 * the percentile is the one at this rank.  So every percentile in Loop
 * Lab follows one rule; for an even @count the median is the lower of
 * the middle two.
 *
 * Returns: the rank, 1 to @count, or 0 when @count is 0
 */
guint64
ll_histogram_rank (guint64 count,
                   double  percent)
{
  guint64 rank;

  if (count == 0)
    return 0;

  percent = CLAMP (percent, 0.0, 100.0);
  /* The epsilon keeps 99.9 % of 1000 at rank 999 despite rounding. */
  rank = (guint64) ceil (percent / 100.0 * (double) count - 1e-9);

  return CLAMP (rank, 1, count);
}

/**
 * ll_histogram_percentile:
 * @self: a #LlHistogram
 * @percent: 0 to 100
 *
 * Nearest-rank percentile: the smallest recorded value such that at least
 * @percent of the values are at or below it, exact below 1024 µs and within
 * 1/64 of its value above.
 *
 * Returns: the value in µs, or 0 for an empty histogram
 */
gint64
ll_histogram_percentile (const LlHistogram *self,
                         double             percent)
{
  guint64 rank;
  guint64 seen = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->count == 0)
    return 0;

  rank = ll_histogram_rank (self->count, percent);

  for (guint i = 0; i < N_BUCKETS; i++)
    {
      seen += self->buckets[i];
      if (seen >= rank)
        return lowest_value_in_bucket (i);
    }

  g_assert_not_reached ();
  return 0;
}

gint64
ll_histogram_get_max (const LlHistogram *self)
{
  return ll_histogram_percentile (self, 100.0);
}
