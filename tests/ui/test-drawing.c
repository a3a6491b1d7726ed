/* test-drawing.c: when the pages draw, and when they leave the loop alone
 *
 * Two halves.  The redraw rule of the charts (ui/widgets/ll-columns.c),
 * pinned without a display: a chart is drawn again only when a column's
 * worth of time has passed or a sample changes a column it shows; and
 * the cadence they all draw on (ll_frame_cadence_draws()) and the
 * frames their driver asks for (ll_frame_cadence_interval()).  And,
 * page by page in a real window, that every animation stops ticking
 * when its page is unmapped and when the window is hidden, and starts
 * again when they come back: a tick callback left installed keeps the
 * frame clock, and so the loop, busy for nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-application.h"
#include "ll-columns.h"
#include "ll-courier-page.h"
#include "ll-courier-view.h"
#include "ll-dispatch-timeline.h"
#include "ll-heartbeat.h"
#include "ll-lag-chart.h"
#include "ll-live-label.h"
#include "ll-sim-model.h"
#include "ll-stall-meter.h"
#include "ll-ticker.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

/* The redraw rule */

#define N_COLUMNS 500
#define WINDOW    (30 * G_TIME_SPAN_SECOND)
/* Some days of uptime, on a column boundary. */
#define T0        (ll_columns_start (4000000, WINDOW, N_COLUMNS))
#define COLUMN    (WINDOW / N_COLUMNS)

/* A level per tenth of a millisecond: a column's pixel, say. */
static int
level_per_100us (gint64   value,
                 gpointer data)
{
  return (int) (value / 100);
}

static void
test_columns_index (void)
{
  /* 30 s across 500 px: 60 ms a column. */
  g_assert_cmpint (COLUMN, ==, 60000);
  g_assert_cmpint (ll_columns_index (0, WINDOW, N_COLUMNS), ==, 0);
  g_assert_cmpint (ll_columns_index (59999, WINDOW, N_COLUMNS), ==, 0);
  g_assert_cmpint (ll_columns_index (60000, WINDOW, N_COLUMNS), ==, 1);

  /* Every time from a column's start to the next's has its index, with
   * a width that does not divide the window. */
  for (gint64 i = 1000; i < 1010; i++)
    {
      gint64 start = ll_columns_start (i, WINDOW, 7);
      gint64 next = ll_columns_start (i + 1, WINDOW, 7);

      g_assert_cmpint (ll_columns_index (start, WINDOW, 7), ==, i);
      g_assert_cmpint (ll_columns_index (start - 1, WINDOW, 7), ==, i - 1);
      g_assert_cmpint (ll_columns_index (next - 1, WINDOW, 7), ==, i);
    }
}

static void
test_columns_redraw_rule (void)
{
  g_autoptr(LlColumns) columns = ll_columns_new (N_COLUMNS, WINDOW, T0 + 10, level_per_100us, NULL);

  /* The last column shown ends where the one now is in starts. */
  g_assert_cmpint (ll_columns_get_right_time (columns), ==, T0);

  /* Time that stays within the column: nothing moves. */
  g_assert_false (ll_columns_advance (columns, T0 + COLUMN - 1));
  /* A sample in the column still filling is not shown yet. */
  g_assert_false (ll_columns_add_lag (columns, T0 + 500, 250));
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 1), ==, -1);

  /* A column's worth of time: everything moves one pixel left, and the
   * column that filled shows its sample. */
  g_assert_true (ll_columns_advance (columns, T0 + COLUMN));
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 1), ==, 250);

  /* A late sample that reaches back into a column shown, higher than
   * what it holds: redraw. */
  g_assert_true (ll_columns_add_lag (columns, T0 + COLUMN + 100, 400));
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 1), ==, 300);

  /* One no higher, or higher within the same pixel: no redraw. */
  g_assert_false (ll_columns_add_lag (columns, T0 + COLUMN + 100, 350));
  g_assert_false (ll_columns_add_lag (columns, T0 + COLUMN + 10, 380));
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 1), ==, 370);

  /* A stall: a sample seconds late ramps over every column it spans,
   * each as tall as the lag was by its end. */
  g_assert_true (ll_columns_advance (columns, T0 + 51 * COLUMN));
  g_assert_true (ll_columns_add_lag (columns, T0 + 51 * COLUMN, 50 * COLUMN));
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 1), ==, 50 * COLUMN);
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 50), ==, COLUMN);
  g_assert_cmpint (ll_columns_get (columns, N_COLUMNS - 51), ==, 370);

  /* Half a minute later every column has scrolled out. */
  g_assert_true (ll_columns_advance (columns, T0 + 52 * COLUMN + WINDOW));
  for (guint i = 0; i < N_COLUMNS; i++)
    g_assert_cmpint (ll_columns_get (columns, i), ==, -1);
}

/* Ticking, page by page */

typedef struct
{
  guint n_tickers;
  guint n_ticking;
} Count;

static void
count_tickers (GtkWidget *widget,
               Count     *count)
{
  if (ll_ticker_widget_has_ticker (widget))
    {
      count->n_tickers++;
      if (ll_ticker_widget_is_ticking (widget))
        count->n_ticking++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_tickers (child, count);
}

static guint
n_ticking (GtkWidget *root)
{
  Count count = { 0, 0 };

  count_tickers (root, &count);
  return count.n_ticking;
}

/* Every type in @types has a widget under @page, and each of them ticks. */
static void
assert_all_tick (GtkWidget   *page,
                 const GType *types,
                 guint        n_types)
{
  for (guint i = 0; i < n_types; i++)
    {
      GtkWidget *widget = G_TYPE_CHECK_INSTANCE_TYPE (page, types[i]) ? page : ll_test_find_by_type (page, types[i]);

      g_assert_nonnull (widget);
      LL_TEST_WAIT_UNTIL (ll_ticker_widget_is_ticking (widget), 10);
    }
}

static void
check_ticks_stop (const char  *demo,
                  const GType *types,
                  guint        n_types)
{
  LlWindow *window = ll_test_present_window (app, demo);
  GtkWidget *page = ll_window_get_page (window);
  LlHeartbeat *heartbeat = LL_HEARTBEAT (ll_test_find_by_type (page, LL_TYPE_HEARTBEAT));
  guint64 frames;

  g_assert_nonnull (heartbeat);

  if (LL_IS_COURIER_PAGE (page))
    {
      ll_courier_page_start (LL_COURIER_PAGE (page));
      LL_TEST_WAIT_UNTIL (ll_sim_model_get_running (LL_SIM_MODEL (ll_courier_page_get_model (LL_COURIER_PAGE (page)))), 10);
    }

  assert_all_tick (page, types, n_types);
  LL_TEST_WAIT_UNTIL (ll_heartbeat_get_n_frames (heartbeat) > 5, 10);

  /* The page unmapped, the window still up: nothing of it ticks. */
  gtk_widget_set_visible (page, FALSE);
  g_assert_false (gtk_widget_get_mapped (page));
  g_assert_cmpuint (n_ticking (page), ==, 0);
  frames = ll_heartbeat_get_n_frames (heartbeat);
  ll_test_spin (300);
  g_assert_cmpuint (ll_heartbeat_get_n_frames (heartbeat), ==, frames);

  gtk_widget_set_visible (page, TRUE);
  assert_all_tick (page, types, n_types);

  /* The window hidden: nothing in it ticks, not even for a frame. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_cmpuint (n_ticking (GTK_WIDGET (window)), ==, 0);
  frames = ll_heartbeat_get_n_frames (heartbeat);
  ll_test_spin (300);
  g_assert_cmpuint (n_ticking (GTK_WIDGET (window)), ==, 0);
  g_assert_cmpuint (ll_heartbeat_get_n_frames (heartbeat), ==, frames);

  /* Shown again, the animations take up where they were. */
  gtk_window_present (GTK_WINDOW (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
  assert_all_tick (page, types, n_types);
  LL_TEST_WAIT_UNTIL (ll_heartbeat_get_n_frames (heartbeat) > 5, 10);

  ll_test_destroy_window (window);
}

static void
test_ticks_message_loop (void)
{
  const GType types[] = {
    LL_TYPE_HEARTBEAT,
    LL_TYPE_LAG_CHART,
    LL_TYPE_DISPATCH_TIMELINE,
  };

  check_ticks_stop ("message-loop", types, G_N_ELEMENTS (types));
}

static void
test_ticks_frozen (void)
{
  const GType types[] = {
    LL_TYPE_HEARTBEAT,
    LL_TYPE_LAG_CHART,
    LL_TYPE_STALL_METER,
  };

  check_ticks_stop ("frozen-vs-responsive", types, G_N_ELEMENTS (types));
}

/* Running, so that the road and the counters animate too. */
static void
test_ticks_courier (void)
{
  const GType types[] = {
    LL_TYPE_HEARTBEAT,
    LL_TYPE_STALL_METER,
    LL_TYPE_COURIER_VIEW,
    LL_TYPE_COURIER_PAGE,
  };

  check_ticks_stop ("courier", types, G_N_ELEMENTS (types));
}

/* The cadence: the animations draw on the same frames, every third one
 * at 60 Hz, and the first frame after a stall always draws. */
static void
test_cadence (void)
{
  const gint64 refresh = G_TIME_SPAN_SECOND / 60;
  LlFrameCadence cadence = { 0, };
  guint drawn = 0;
  gint64 t = 1000 * G_TIME_SPAN_SECOND;
  gint64 counter = 1;

  g_assert_true (ll_frame_cadence_draws (&cadence, counter, t, refresh));
  /* Every widget asking in the same frame hears the same. */
  g_assert_true (ll_frame_cadence_draws (&cadence, counter, t, refresh));

  for (guint i = 0; i < 2; i++)
    {
      counter++, t += refresh;
      g_assert_false (ll_frame_cadence_draws (&cadence, counter, t, refresh));
      g_assert_false (ll_frame_cadence_draws (&cadence, counter, t, refresh));
    }
  g_assert_true (ll_frame_cadence_draws (&cadence, ++counter, t += refresh, refresh));

  /* A second at 60 Hz, with a little jitter: 20 frames drawn. */
  for (guint i = 0; i < 60; i++)
    {
      counter++;
      t += refresh + (i % 3 == 0 ? 300 : -300);
      drawn += ll_frame_cadence_draws (&cadence, counter, t, refresh);
    }
  g_assert_cmpuint (drawn, ==, 20);

  /* A frame 300 ms late: the stall shows in it, whatever its phase. */
  g_assert_true (ll_frame_cadence_draws (&cadence, ++counter, t += 300 * G_TIME_SPAN_MILLISECOND, refresh));
  g_assert_false (ll_frame_cadence_draws (&cadence, ++counter, t += refresh, refresh));
  g_assert_true (ll_frame_cadence_draws (&cadence, ++counter, t += 300 * G_TIME_SPAN_MILLISECOND, refresh));

  /* A slow display (30 Hz): every frame draws. */
  for (guint i = 0; i < 10; i++)
    g_assert_true (ll_frame_cadence_draws (&cadence, ++counter, t += G_TIME_SPAN_SECOND / 30,
                                           G_TIME_SPAN_SECOND / 30));

  /* The frames the driver asks for: whole refreshes, about 20 a second. */
  g_assert_cmpint (ll_frame_cadence_interval (refresh), ==, 3 * refresh);
  g_assert_cmpint (ll_frame_cadence_interval (0), ==, 3 * refresh);
  g_assert_cmpint (ll_frame_cadence_interval (16683), ==, 3 * 16683);   /* 59.94 Hz */
  g_assert_cmpint (ll_frame_cadence_interval (G_TIME_SPAN_SECOND / 144), ==, 7 * (G_TIME_SPAN_SECOND / 144));
  g_assert_cmpint (ll_frame_cadence_interval (G_TIME_SPAN_SECOND / 40), ==, 2 * (G_TIME_SPAN_SECOND / 40));
  g_assert_cmpint (ll_frame_cadence_interval (G_TIME_SPAN_SECOND / 30), ==, G_TIME_SPAN_SECOND / 30);
  g_assert_cmpint (ll_frame_cadence_interval (G_TIME_SPAN_SECOND / 24), ==, G_TIME_SPAN_SECOND / 24);

  /* A frame is late only beyond the refresh after it was due. */
  g_assert_cmpint (ll_frame_lateness (t - 5000, t, refresh), ==, 0);
  g_assert_cmpint (ll_frame_lateness (t + refresh, t, refresh), ==, 0);
  g_assert_cmpint (ll_frame_lateness (t + refresh + 3000, t, refresh), ==, 3000);
  g_assert_cmpint (ll_frame_lateness (t + 300 * G_TIME_SPAN_MILLISECOND, t, 0), ==,
                   300 * G_TIME_SPAN_MILLISECOND - refresh);
}

static int
natural_width (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);

  return natural;
}

/* A live label keeps the width of its widest text: a figure that changes
 * to one no wider asks for no new layout of the window. */
static void
test_live_label (void)
{
  GtkWidget *label = g_object_ref_sink (ll_live_label_new ("100 %"));
  int wide;

  wide = natural_width (label);
  g_assert_cmpint (wide, >, 0);

  ll_live_label_set_text (LL_LIVE_LABEL (label), "1 %");
  g_assert_cmpstr (ll_live_label_get_text (LL_LIVE_LABEL (label)), ==, "1 %");
  g_assert_cmpint (natural_width (label), ==, wide);

  ll_live_label_set_text (LL_LIVE_LABEL (label), "1000 %");
  g_assert_cmpint (natural_width (label), >, wide);

  /* Ellipsized, it may be given less than its text. */
  g_object_set (label, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  {
    int minimum, natural;

    gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
    g_assert_cmpint (minimum, ==, 0);
    g_assert_cmpint (natural, >, wide);
  }

  g_object_unref (label);
}

static gboolean
block_loop_cb (gpointer data)
{
  /* Blocks the main thread ON PURPOSE: the stall under test. */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);

  return G_SOURCE_REMOVE;
}

/* In a window: the animations' frames come about 20 a second, not at
 * the display's rate; none comes while the loop is blocked; and the first
 * after the block is about as late as the block was long, in the lag
 * chart's frames. */
static void
test_driver (void)
{
  LlWindow *window = ll_test_present_window (app, "message-loop");
  GtkWidget *page = ll_window_get_page (window);
  LlHeartbeat *heartbeat = LL_HEARTBEAT (ll_test_find_by_type (page, LL_TYPE_HEARTBEAT));
  LlLoopMonitor *monitor = ll_application_get_monitor (app);
  guint64 frames;
  gint64 start;
  double rate;
  LlLagStats stats;

  LL_TEST_WAIT_UNTIL (ll_heartbeat_get_n_frames (heartbeat) > 5, 10);

  frames = ll_heartbeat_get_n_frames (heartbeat);
  start = g_get_monotonic_time ();
  ll_test_spin (1000);
  rate = (ll_heartbeat_get_n_frames (heartbeat) - frames) * (double) G_TIME_SPAN_SECOND /
         (double) (g_get_monotonic_time () - start);
  g_test_message ("animation frames: %.1f a second", rate);
  g_assert_cmpfloat (rate, >, 5.0);
  g_assert_cmpfloat (rate, <, 40.0);

  frames = ll_heartbeat_get_n_frames (heartbeat);
  g_idle_add (block_loop_cb, NULL);
  LL_TEST_WAIT_UNTIL (ll_heartbeat_get_n_frames (heartbeat) > frames + 2, 10);
  /* The frame due next may have been due up to one interval into the
   * block, and a refresh after that is on time: late by 230 ms at least. */
  ll_loop_monitor_get_stats (monitor, LL_LAG_FRAME, &stats);
  g_assert_cmpint (stats.max, >=, 300 * G_TIME_SPAN_MILLISECOND - ll_frame_cadence_interval (0) -
                                  G_TIME_SPAN_SECOND / 60 - 5 * G_TIME_SPAN_MILLISECOND);

  ll_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/drawing/columns/index", test_columns_index);
  g_test_add_func ("/looplab/drawing/columns/redraw-rule", test_columns_redraw_rule);
  g_test_add_func ("/looplab/drawing/cadence", test_cadence);
  g_test_add_func ("/looplab/drawing/driver", test_driver);
  g_test_add_func ("/looplab/drawing/live-label", test_live_label);
  g_test_add_func ("/looplab/drawing/ticks/message-loop", test_ticks_message_loop);
  g_test_add_func ("/looplab/drawing/ticks/frozen-vs-responsive", test_ticks_frozen);
  g_test_add_func ("/looplab/drawing/ticks/courier", test_ticks_courier);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
