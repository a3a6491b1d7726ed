/* ll-bench-format.c: numbers as the benchmark reports print them
 *
 * Four significant figures or so, whatever the unit: a figure that
 * varies by a few per cent from run to run has no more to tell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ll-bench-format.h"
#include "ll-bench-stats.h"

/**
 * ll_bench_format_number:
 * @value: a figure, or NaN
 *
 * Returns: (transfer full): @value to about four figures, or "–" for NaN
 */
char *
ll_bench_format_number (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  if (fabs (value) >= 1000)
    return g_strdup_printf ("%.0f", value);
  if (fabs (value) >= 100)
    return g_strdup_printf ("%.1f", value);
  if (fabs (value) >= 10)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.3f", value);
}

/**
 * ll_bench_format_count:
 * @n: a size
 *
 * Returns: (transfer full): @n with thousands separated by commas
 */
char *
ll_bench_format_count (guint64 n)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * ll_bench_format_ratio:
 * @ratio: how many times
 *
 * Returns: (transfer full): "35.2x", or "305x" from 100 on
 */
char *
ll_bench_format_ratio (double ratio)
{
  if (ratio >= 100)
    return g_strdup_printf ("%.0fx", ratio);
  return g_strdup_printf ("%.1fx", ratio);
}

static char *
format_whole (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  return g_strdup_printf ("%.0f", value);
}

/**
 * ll_bench_format_summary:
 * @values: (element-type double): the runs' raw figures
 * @scale: what the raw figures are divided by for display
 * @whole: whether they are counts, shown without decimals
 *
 * Returns: (transfer full): "median [min–max]" in the display unit
 */
char *
ll_bench_format_summary (GArray   *values,
                         double    scale,
                         gboolean  whole)
{
  LlBenchSummary s = ll_bench_summarize (values);
  char *(*format) (double) = whole ? format_whole : ll_bench_format_number;
  g_autofree char *median = format (s.median / scale);
  g_autofree char *min = format (s.min / scale);
  g_autofree char *max = format (s.max / scale);

  return g_strdup_printf ("%s [%s–%s]", median, min, max);
}

/**
 * ll_bench_pad:
 * @str: UTF-8 text
 * @width: in characters
 *
 * Pads with spaces to @width characters, not bytes: the en dash of a
 * summary is three bytes.
 *
 * Returns: (transfer full): the padded text
 */
char *
ll_bench_pad (const char *str,
              guint       width)
{
  glong len = g_utf8_strlen (str, -1);
  GString *s = g_string_new (str);

  while (len++ < (glong) width)
    g_string_append_c (s, ' ');

  return g_string_free (s, FALSE);
}
