/* ll-lag-series.h: how late something ran, over a sliding window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ll-histogram.h"
#include "ll-ring.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 time;  /* monotonic µs when it ran */
  gint64 lag;   /* µs late */
} LlLagSample;

typedef struct
{
  guint  count;
  gint64 p50;
  gint64 p90;
  gint64 p99;
  gint64 max;
} LlLagStats;

/* The samples of the window, oldest first, and their histogram. */
typedef struct
{
  LlRing       samples;
  LlHistogram *histogram;
  gint64       window;
} LlLagSeries;

void    ll_lag_series_init      (LlLagSeries *self,
                                 gint64       window,
                                 guint        capacity);
void    ll_lag_series_clear     (LlLagSeries *self);
void    ll_lag_series_add       (LlLagSeries *self,
                                 gint64       time,
                                 gint64       lag);
void    ll_lag_series_get_stats (LlLagSeries *self,
                                 LlLagStats  *stats);
void    ll_lag_series_get_stats_since (LlLagSeries *self,
                                       gint64       since,
                                       LlLagStats  *stats);
GArray *ll_lag_series_copy      (LlLagSeries *self,
                                 gint64       since);

G_END_DECLS
