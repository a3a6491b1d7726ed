/* test-log-plot.c: the log-log plot, with the figures of a switch's cost
 *
 * An LlLogPlot of three series (coroutines, threads, processes) in a
 * window: that the range it shows grows by whole decades to hold a
 * point beyond its least range, and back when cleared; that it says its
 * points to a screen reader, in x order, a pending figure and a failed
 * one in words, a point set again in place of the old; that it draws on
 * screen, and into a PNG of the size asked for, dark on white in the
 * light palette whatever the theme; that an idle plot asks for no
 * frame; and that clearing it keeps the series and drops the points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ll-log-plot.h"

#include "ll-test-util.h"

/* The window */

typedef struct
{
  GtkWidget *window;
  GtkWidget *plot;
  guint      coroutines;
  guint      threads;
  guint      processes;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  LlLogPlot *plot;

  fixture->window = g_object_ref_sink (gtk_window_new ());
  gtk_window_set_decorated (GTK_WINDOW (fixture->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 400);
  fixture->plot = ll_log_plot_new ();
  plot = LL_LOG_PLOT (fixture->plot);
  ll_log_plot_set_axes (plot, "Workers (N)", "Time per handoff");
  ll_log_plot_set_units (plot, LL_LOG_PLOT_UNIT_NUMBER, LL_LOG_PLOT_UNIT_NANOSECONDS);
  ll_log_plot_set_x_symbol (plot, "N");
  ll_log_plot_set_range (plot, 2, 1e6, 1, 1e5);
  fixture->coroutines = ll_log_plot_add_series (plot, "coroutines");
  fixture->threads = ll_log_plot_add_series (plot, "threads");
  fixture->processes = ll_log_plot_add_series (plot, "processes");
  gtk_accessible_update_property (GTK_ACCESSIBLE (fixture->plot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "The cost of a switch",
                                  -1);

  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->plot);
  gtk_window_present (GTK_WINDOW (fixture->window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fixture->plot) && gtk_widget_get_width (fixture->plot) > 0, 10);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
}

/* The figures of one run of looplab-cli run switch-cost, a partial
 * figure for the processes at 10 000 and the threads failing at
 * 100 000, each series set out of x order. */
static void
set_figures (Fixture *fixture)
{
  static const double coroutines[] = { 6.2, 6.4, 6.9, 7.4, 8.3, 9.6, 11.0 };
  static const double threads[] = { 25.3e3, 28.1e3, 33.0e3, 39.5e3, 46.1e3 };
  static const double processes[] = { 22.0e3, 24.3e3, 27.2e3, 30.1e3 };
  LlLogPlot *plot = LL_LOG_PLOT (fixture->plot);

  for (int i = G_N_ELEMENTS (coroutines) - 1; i >= 0; i--)
    ll_log_plot_set_point (plot, fixture->coroutines, i == 0 ? 2 : pow (10, i), coroutines[i],
                           LL_LOG_PLOT_MARK_MEASURED);
  for (int i = G_N_ELEMENTS (threads) - 1; i >= 0; i--)
    ll_log_plot_set_point (plot, fixture->threads, i == 0 ? 2 : pow (10, i), threads[i],
                           LL_LOG_PLOT_MARK_MEASURED);
  for (int i = G_N_ELEMENTS (processes) - 1; i >= 0; i--)
    ll_log_plot_set_point (plot, fixture->processes, i == 0 ? 2 : pow (10, i), processes[i],
                           LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->processes, 1e4, 31.5e3, LL_LOG_PLOT_MARK_PENDING);
  ll_log_plot_set_point (plot, fixture->threads, 1e5, 0, LL_LOG_PLOT_MARK_FAILED);
}

static gboolean
description_is (Fixture    *fixture,
                const char *expected)
{
  g_autofree char *message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture->plot),
                                                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);

  if (message != NULL)
    g_test_message ("%s", message);
  return message == NULL;
}

typedef struct
{
  double x_min;
  double x_max;
  double y_min;
  double y_max;
} Range;

static Range
shown_range (Fixture *fixture)
{
  Range r;

  ll_log_plot_get_shown_range (LL_LOG_PLOT (fixture->plot), &r.x_min, &r.x_max, &r.y_min, &r.y_max);
  return r;
}

/* Pixels */

typedef struct
{
  guint n_painted;   /* not fully transparent */
  guint n_white;     /* opaque white */
  guint n_dark;      /* dark and grey: text */
  guint n_color[3];  /* near each series' colour */
} Census;

/* The palettes' first three colours: blue 4, orange 4, green 5 on a
 * light background, blue 2, orange 2, green 2 on a dark one. */
static const guint8 light_colors[3][3] = { { 0x1c, 0x71, 0xd8 }, { 0xe6, 0x61, 0x00 }, { 0x26, 0xa2, 0x69 } };
static const guint8 dark_colors[3][3] = { { 0x62, 0xa0, 0xea }, { 0xff, 0xa3, 0x48 }, { 0x57, 0xe3, 0x89 } };

/* Counts the pixels of straight (not premultiplied) RGBA @pixels. */
static void
count_pixels (const guint8  *pixels,
              int            width,
              int            height,
              gsize          stride,
              const guint8   colors[3][3],
              Census        *census)
{
  memset (census, 0, sizeof *census);
  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          const guint8 *p = pixels + y * stride + x * 4;
          int lo = MIN (p[0], MIN (p[1], p[2])), hi = MAX (p[0], MAX (p[1], p[2]));

          if (p[3] == 0)
            continue;
          census->n_painted++;
          if (p[3] == 255 && lo == 255)
            census->n_white++;
          if (p[3] == 255 && hi < 110 && hi - lo < 12)
            census->n_dark++;
          for (guint k = 0; k < 3; k++)
            {
              if (p[3] == 255 && ABS (p[0] - colors[k][0]) < 16 && ABS (p[1] - colors[k][1]) < 16 &&
                  ABS (p[2] - colors[k][2]) < 16)
                census->n_color[k]++;
            }
        }
    }
}

/* Loads the PNG at @path and counts its pixels; returns its size. */
static void
census_png (const char *path,
            int        *width,
            int        *height,
            Census     *census)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  g_autofree guint8 *rgba = NULL;
  const guint8 *data;
  gboolean opaque;
  int stride;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);

  /* Cairo's ARGB32 is premultiplied, in native words; an image with no
   * transparency comes back as RGB24, its top byte unused: straight
   * RGBA, as a texture downloads, for one census of both. */
  opaque = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24;
  g_assert_true (opaque || cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32);
  rgba = g_malloc ((gsize) *width * *height * 4);
  for (int y = 0; y < *height; y++)
    {
      for (int x = 0; x < *width; x++)
        {
          guint32 argb = *(const guint32 *) (data + y * stride + x * 4);
          guint8 a = opaque ? 255 : argb >> 24;
          guint8 *q = rgba + ((gsize) y * *width + x) * 4;

          q[0] = a ? ((argb >> 16) & 0xff) * 255 / a : 0;
          q[1] = a ? ((argb >> 8) & 0xff) * 255 / a : 0;
          q[2] = a ? (argb & 0xff) * 255 / a : 0;
          q[3] = a;
        }
    }
  cairo_surface_destroy (surface);

  count_pixels (rgba, *width, *height, (gsize) *width * 4, light_colors, census);
}

/* A widget's paintable shows what the widget drew last: after a frame
 * has been painted. */
static void
render_plot (Fixture      *fixture,
             const guint8  colors[3][3],
             Census       *census)
{
  int width = gtk_widget_get_width (fixture->plot);
  int height = gtk_widget_get_height (fixture->plot);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (fixture->plot);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (fixture->plot));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *rgba = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Downloaded as premultiplied BGRA in memory order: straight RGBA. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  rgba = g_malloc ((gsize) width * height * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      const guint8 *p = pixels + i * 4;
      guint8 *q = rgba + i * 4;
      guint8 a = p[3];

      q[0] = a ? p[2] * 255 / a : 0;
      q[1] = a ? p[1] * 255 / a : 0;
      q[2] = a ? p[0] * 255 / a : 0;
      q[3] = a;
    }
  count_pixels (rgba, width, height, (gsize) width * 4, colors, census);
}

static gint64
frame_counter (Fixture *fixture)
{
  return gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (fixture->plot));
}

/* Waits until the window has painted a frame after now. */
static void
wait_for_frame (Fixture *fixture)
{
  gint64 before = frame_counter (fixture);

  LL_TEST_WAIT_UNTIL (frame_counter (fixture) > before, 5);
}

/* The tests */

/* The least range, out to whole decades; a point beyond it grows it by
 * whole decades, a failed point along x only; cleared, it shrinks back. */
static void
test_range (Fixture       *fixture,
            gconstpointer  data)
{
  LlLogPlot *plot = LL_LOG_PLOT (fixture->plot);
  Range r = shown_range (fixture);

  g_assert_cmpfloat (r.x_min, ==, 1);
  g_assert_cmpfloat (r.x_max, ==, 1e6);
  g_assert_cmpfloat (r.y_min, ==, 1);
  g_assert_cmpfloat (r.y_max, ==, 1e5);

  set_figures (fixture);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.x_max, ==, 1e6);
  g_assert_cmpfloat (r.y_max, ==, 1e5);

  /* Processes at 3 ms a handoff: up to 10 ms, not 3. */
  ll_log_plot_set_point (plot, fixture->processes, 1e5, 3e6, LL_LOG_PLOT_MARK_MEASURED);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.y_max, ==, 1e7);
  g_assert_cmpfloat (r.y_min, ==, 1);

  /* Half a nanosecond, pending: down a decade. */
  ll_log_plot_set_point (plot, fixture->coroutines, 2, 0.5, LL_LOG_PLOT_MARK_PENDING);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.y_min, ==, 0.1);

  /* A failure at 20 million: x out to 100 million; its y counts not. */
  ll_log_plot_set_point (plot, fixture->threads, 2e7, 1e12, LL_LOG_PLOT_MARK_FAILED);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.x_max, ==, 1e8);
  g_assert_cmpfloat (r.y_max, ==, 1e7);

  /* A larger least range holds without points, and the range draws. */
  wait_for_frame (fixture);
  ll_log_plot_clear (plot);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.x_min, ==, 1);
  g_assert_cmpfloat (r.x_max, ==, 1e6);
  g_assert_cmpfloat (r.y_min, ==, 1);
  g_assert_cmpfloat (r.y_max, ==, 1e5);
  ll_log_plot_set_range (plot, 2, 1e6, 1, 1.5e5);
  r = shown_range (fixture);
  g_assert_cmpfloat (r.y_max, ==, 1e6);
}

/* The figures in words, in x order, as the accessible description too;
 * a point set again replaces the old one. */
static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  LlLogPlot *plot = LL_LOG_PLOT (fixture->plot);
  const char *empty = "coroutines: no points; threads: no points; processes: no points";
  const char *partial =
    "coroutines: N=2 7.4 ns, N=10 7.5 ns, N=100 7.61 ns so far; "
    "threads: N=2 25 µs, N=10 26.1 µs, N=10000 could not run; "
    "processes: N=2 22 µs so far";
  const char *measured =
    "coroutines: N=2 7.4 ns, N=10 7.5 ns, N=100 7.6 ns; "
    "threads: N=2 25 µs, N=10 26.1 µs, N=10000 could not run; "
    "processes: N=2 22.4 µs, N=1000000 1 ms";
  g_autofree char *text = NULL;

  text = ll_log_plot_describe (plot);
  g_assert_cmpstr (text, ==, empty);
  LL_TEST_WAIT_UNTIL (description_is (fixture, empty), 5);
  g_clear_pointer (&text, g_free);

  ll_log_plot_set_point (plot, fixture->coroutines, 10, 7.5, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->coroutines, 2, 7.4, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->coroutines, 100, 7.614, LL_LOG_PLOT_MARK_PENDING);
  ll_log_plot_set_point (plot, fixture->threads, 10000, 0, LL_LOG_PLOT_MARK_FAILED);
  ll_log_plot_set_point (plot, fixture->threads, 2, 25000, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->threads, 10, 26100, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->processes, 2, 22000, LL_LOG_PLOT_MARK_PENDING);
  text = ll_log_plot_describe (plot);
  g_assert_cmpstr (text, ==, partial);
  LL_TEST_WAIT_UNTIL (description_is (fixture, partial), 5);
  g_clear_pointer (&text, g_free);

  /* The partial figures become measured ones, in place; 999.7 µs, to
   * three digits, is a millisecond. */
  ll_log_plot_set_point (plot, fixture->coroutines, 100, 7.6, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->processes, 2, 22400, LL_LOG_PLOT_MARK_MEASURED);
  ll_log_plot_set_point (plot, fixture->processes, 1e6, 999.7e3, LL_LOG_PLOT_MARK_MEASURED);
  g_assert_cmpuint (ll_log_plot_get_n_points (plot, fixture->coroutines), ==, 3);
  g_assert_cmpuint (ll_log_plot_get_n_points (plot, fixture->processes), ==, 2);
  text = ll_log_plot_describe (plot);
  g_assert_cmpstr (text, ==, measured);
  LL_TEST_WAIT_UNTIL (description_is (fixture, measured), 5);
  g_clear_pointer (&text, g_free);

  ll_log_plot_clear (plot);
  LL_TEST_WAIT_UNTIL (description_is (fixture, empty), 5);
}

/* The PNG: the size asked for, white, its text dark, each series in its
 * colour of the light palette; the same in a dark theme.  A path that
 * cannot be written says why, and writes nothing. */
static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("looplab-log-plot-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *nowhere = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  gboolean was_dark;
  Census census;
  int width, height;

  g_assert_no_error (error);
  path = g_build_filename (dir, "switch-cost.png", NULL);
  nowhere = g_build_filename (dir, "no-such-folder", "switch-cost.png", NULL);
  set_figures (fixture);

  g_assert_true (ll_log_plot_save_png (LL_LOG_PLOT (fixture->plot), path, 480, 300, &error));
  g_assert_no_error (error);
  census_png (path, &width, &height, &census);
  g_assert_cmpint (width, ==, 480);
  g_assert_cmpint (height, ==, 300);
  g_test_message ("PNG: %u white, %u dark, %u/%u/%u in the series' colours",
                  census.n_white, census.n_dark, census.n_color[0], census.n_color[1], census.n_color[2]);
  g_assert_cmpuint (census.n_painted, ==, 480 * 300);
  g_assert_cmpuint (census.n_white, >, 480 * 300 / 2);
  g_assert_cmpuint (census.n_white, <, 480 * 300);
  g_assert_cmpuint (census.n_dark, >, 50);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], >, 50);

  /* A dark theme: the screen in the dark palette, the file as before. */
  g_object_get (settings, "gtk-application-prefer-dark-theme", &was_dark, NULL);
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  wait_for_frame (fixture);
  render_plot (fixture, dark_colors, &census);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], >, 50);

  g_assert_true (ll_log_plot_save_png (LL_LOG_PLOT (fixture->plot), path, 360, 240, &error));
  g_assert_no_error (error);
  census_png (path, &width, &height, &census);
  g_assert_cmpint (width, ==, 360);
  g_assert_cmpint (height, ==, 240);
  g_assert_cmpuint (census.n_white, >, 360 * 240 / 2);
  g_assert_cmpuint (census.n_dark, >, 50);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], >, 20);
  g_object_set (settings, "gtk-application-prefer-dark-theme", was_dark, NULL);

  g_assert_false (ll_log_plot_save_png (LL_LOG_PLOT (fixture->plot), nowhere, 480, 300, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct
{
  gboolean  done;
  gboolean  written;
  GError   *error;
} Saved;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Saved *saved = data;

  saved->written = ll_log_plot_save_png_finish (LL_LOG_PLOT (source), result, &saved->error);
  saved->done = TRUE;
}

/* The same file, written in a thread; what is drawn is the plot as it
 * was when asked. */
static void
test_png_async (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("looplab-log-plot-XXXXXX", &error);
  g_autofree char *path = NULL;
  Saved saved = { FALSE, FALSE, NULL };
  Census census;
  int width, height;

  g_assert_no_error (error);
  path = g_build_filename (dir, "switch-cost.png", NULL);
  set_figures (fixture);

  ll_log_plot_save_png_async (LL_LOG_PLOT (fixture->plot), path, 400, 250, NULL, saved_cb, &saved);
  ll_log_plot_clear (LL_LOG_PLOT (fixture->plot));
  LL_TEST_WAIT_UNTIL (saved.done, 10);
  g_assert_no_error (saved.error);
  g_assert_true (saved.written);

  census_png (path, &width, &height, &census);
  g_assert_cmpint (width, ==, 400);
  g_assert_cmpint (height, ==, 250);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], >, 100);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* On screen: at least its minimum size, the series in the light
 * palette; idle, no frame; a point draws one frame, and the widget's
 * picture shows it; cleared, the series stay, the points go. */
static void
test_screen (Fixture       *fixture,
             gconstpointer  data)
{
  LlLogPlot *plot = LL_LOG_PLOT (fixture->plot);
  int minimum_width, minimum_height;
  gint64 frames;
  Census empty, census;

  gtk_widget_measure (fixture->plot, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL, NULL);
  gtk_widget_measure (fixture->plot, GTK_ORIENTATION_VERTICAL, -1, &minimum_height, NULL, NULL, NULL);
  g_assert_cmpint (minimum_width, >=, 360);
  g_assert_cmpint (minimum_height, >=, 240);

  /* Empty, the plot draws its grid, its labels and its legend: the
   * series' colours only there. */
  wait_for_frame (fixture);
  render_plot (fixture, light_colors, &empty);
  g_assert_cmpuint (empty.n_painted, >, 1000);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (empty.n_color[k], >, 0);

  /* Idle, it asks for nothing. */
  ll_test_spin (200);
  frames = frame_counter (fixture);
  ll_test_spin (500);
  g_assert_cmpint (frame_counter (fixture), ==, frames);

  set_figures (fixture);
  wait_for_frame (fixture);
  render_plot (fixture, light_colors, &census);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], >, empty.n_color[k] + 100);

  ll_test_spin (200);
  frames = frame_counter (fixture);
  ll_test_spin (500);
  g_assert_cmpint (frame_counter (fixture), ==, frames);

  /* Setting a point as it is draws nothing. */
  ll_log_plot_set_point (plot, fixture->coroutines, 2, 6.2, LL_LOG_PLOT_MARK_MEASURED);
  ll_test_spin (300);
  g_assert_cmpint (frame_counter (fixture), ==, frames);

  ll_log_plot_clear (plot);
  g_assert_cmpuint (ll_log_plot_get_n_series (plot), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (ll_log_plot_get_n_points (plot, i), ==, 0);
  wait_for_frame (fixture);
  render_plot (fixture, light_colors, &census);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (census.n_color[k], ==, empty.n_color[k]);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/looplab/log-plot/range", Fixture, NULL, fixture_setup, test_range, fixture_teardown);
  g_test_add ("/looplab/log-plot/describe", Fixture, NULL, fixture_setup, test_describe, fixture_teardown);
  g_test_add ("/looplab/log-plot/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/looplab/log-plot/png-async", Fixture, NULL, fixture_setup, test_png_async, fixture_teardown);
  g_test_add ("/looplab/log-plot/screen", Fixture, NULL, fixture_setup, test_screen, fixture_teardown);

  return g_test_run ();
}
