/* ll-histogram.h: a log-linear histogram of durations, for loop lag
 *
 * Values are microseconds.  Below 1024 µs every value has its own bucket;
 * above, each power of two is cut into 64 buckets, so a percentile is off
 * by at most 1/64 of its value.  Values can be removed again, which is how
 * a sliding window is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlHistogram LlHistogram;

LlHistogram *ll_histogram_new        (void);
void         ll_histogram_free       (LlHistogram *self);
void         ll_histogram_clear      (LlHistogram *self);
void         ll_histogram_add        (LlHistogram *self,
                                      gint64       value);
void         ll_histogram_remove     (LlHistogram *self,
                                      gint64       value);
guint64      ll_histogram_get_count  (const LlHistogram *self);
gint64       ll_histogram_percentile (const LlHistogram *self,
                                      double       percent);
gint64       ll_histogram_get_max    (const LlHistogram *self);
guint64      ll_histogram_rank       (guint64      count,
                                      double       percent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlHistogram, ll_histogram_free)

G_END_DECLS
