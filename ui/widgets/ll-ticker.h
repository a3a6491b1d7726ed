/* ll-ticker.h: animations that run only while their widget is seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _LlTicker LlTicker;

/**
 * LlFrameCadence:
 *
 * Which frames of one frame clock draw the animations; zero it to start.
 * Its fields are private.
 */
typedef struct
{
  /*< private >*/
  gint64   counter;
  gint64   last_draw;
  gboolean decided;
  gboolean draws;
} LlFrameCadence;

LlTicker *ll_ticker_new               (GtkWidget       *widget,
                                       GtkTickCallback  callback);
void      ll_ticker_free              (LlTicker        *self);
void      ll_ticker_set_wanted        (LlTicker        *self,
                                       gboolean         wanted);
gboolean  ll_ticker_get_ticking       (LlTicker        *self);

gboolean  ll_ticker_draws_frame       (GdkFrameClock   *frame_clock);
gint64    ll_ticker_frame_lateness    (GdkFrameClock   *frame_clock);
gint64    ll_frame_cadence_interval   (gint64           refresh);
gint64    ll_frame_lateness           (gint64           start,
                                       gint64           due,
                                       gint64           refresh);
gboolean  ll_frame_cadence_draws      (LlFrameCadence  *self,
                                       gint64           counter,
                                       gint64           frame_time,
                                       gint64           refresh);

gboolean  ll_ticker_widget_has_ticker (GtkWidget       *widget);
gboolean  ll_ticker_widget_is_ticking (GtkWidget       *widget);

G_END_DECLS
