/* test-histogram.c: percentiles of the lag histogram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-histogram.h"

static void
test_empty (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();

  g_assert_cmpuint (ll_histogram_get_count (h), ==, 0);
  g_assert_cmpint (ll_histogram_percentile (h, 50), ==, 0);
  g_assert_cmpint (ll_histogram_get_max (h), ==, 0);
}

/* 1..1000 µs are exact: nearest rank gives the textbook answers. */
static void
test_exact_small (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();

  for (int v = 1000; v >= 1; v--)
    ll_histogram_add (h, v);

  g_assert_cmpuint (ll_histogram_get_count (h), ==, 1000);
  g_assert_cmpint (ll_histogram_percentile (h, 50), ==, 500);
  g_assert_cmpint (ll_histogram_percentile (h, 90), ==, 900);
  g_assert_cmpint (ll_histogram_percentile (h, 99), ==, 990);
  g_assert_cmpint (ll_histogram_percentile (h, 99.9), ==, 999);
  g_assert_cmpint (ll_histogram_get_max (h), ==, 1000);
  g_assert_cmpint (ll_histogram_percentile (h, 0), ==, 1);
}

/* Large values are reported within 1/64 of the truth, never above it. */
static void
test_relative_error (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();
  gint64 values[] = { 1024, 1500, 16000, 50000, 100000, 2000000, 5000000, G_GINT64_CONSTANT (600000000000) };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gint64 got;

      ll_histogram_clear (h);
      ll_histogram_add (h, values[i]);
      got = ll_histogram_get_max (h);
      g_assert_cmpint (got, <=, values[i]);
      g_assert_cmpint (got, >=, values[i] - values[i] / 64);
    }
}

/* A known mix: 98 fast samples, one 16 ms and one 300 ms. */
static void
test_known_mix (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();

  for (int i = 0; i < 98; i++)
    ll_histogram_add (h, 100);
  ll_histogram_add (h, 16384);
  ll_histogram_add (h, 299008);  /* a bucket boundary: exact */

  g_assert_cmpint (ll_histogram_percentile (h, 50), ==, 100);
  g_assert_cmpint (ll_histogram_percentile (h, 98), ==, 100);
  g_assert_cmpint (ll_histogram_percentile (h, 99), ==, 16384);
  g_assert_cmpint (ll_histogram_percentile (h, 100), ==, 299008);
}

/* Removing values is how the sliding window forgets. */
static void
test_remove (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();

  ll_histogram_add (h, 5);
  ll_histogram_add (h, 2000000);
  ll_histogram_add (h, 7);
  g_assert_cmpint (ll_histogram_get_max (h), >=, 2000000 - 2000000 / 64);

  ll_histogram_remove (h, 2000000);
  g_assert_cmpuint (ll_histogram_get_count (h), ==, 2);
  g_assert_cmpint (ll_histogram_get_max (h), ==, 7);
  g_assert_cmpint (ll_histogram_percentile (h, 50), ==, 5);
}

/* The rank rule alone, as the benchmarks apply it to their exact runs. */
static void
test_rank (void)
{
  g_assert_cmpuint (ll_histogram_rank (0, 50), ==, 0);
  g_assert_cmpuint (ll_histogram_rank (1, 0), ==, 1);
  g_assert_cmpuint (ll_histogram_rank (1, 100), ==, 1);
  g_assert_cmpuint (ll_histogram_rank (5, 0), ==, 1);
  g_assert_cmpuint (ll_histogram_rank (5, 50), ==, 3);
  g_assert_cmpuint (ll_histogram_rank (5, 100), ==, 5);
  g_assert_cmpuint (ll_histogram_rank (4, 50), ==, 2);
  g_assert_cmpuint (ll_histogram_rank (1000, 99.9), ==, 999);
  g_assert_cmpuint (ll_histogram_rank (150, 99), ==, 149);
  g_assert_cmpuint (ll_histogram_rank (10, -5), ==, 1);
  g_assert_cmpuint (ll_histogram_rank (10, 250), ==, 10);
}

/* The histogram's percentile is the value at that rank, bucket for bucket. */
static void
test_rank_matches_percentile (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();
  const double percents[] = { 0, 10, 33.3, 50, 90, 99, 100 };

  for (int v = 1; v <= 37; v++)
    ll_histogram_add (h, v * 7);

  for (guint i = 0; i < G_N_ELEMENTS (percents); i++)
    g_assert_cmpint (ll_histogram_percentile (h, percents[i]), ==,
                     (gint64) ll_histogram_rank (37, percents[i]) * 7);
}

static void
test_negative_clamps (void)
{
  g_autoptr(LlHistogram) h = ll_histogram_new ();

  ll_histogram_add (h, -40);
  g_assert_cmpint (ll_histogram_get_max (h), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/histogram/empty", test_empty);
  g_test_add_func ("/looplab/histogram/exact-small", test_exact_small);
  g_test_add_func ("/looplab/histogram/relative-error", test_relative_error);
  g_test_add_func ("/looplab/histogram/known-mix", test_known_mix);
  g_test_add_func ("/looplab/histogram/remove", test_remove);
  g_test_add_func ("/looplab/histogram/negative-clamps", test_negative_clamps);
  g_test_add_func ("/looplab/histogram/rank", test_rank);
  g_test_add_func ("/looplab/histogram/rank-matches-percentile", test_rank_matches_percentile);

  return g_test_run ();
}
