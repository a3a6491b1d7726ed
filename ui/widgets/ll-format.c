/* ll-format.c: numbers as a page shows them
 *
 * Figures on a projected page must be read at a glance, from the back
 * of a room: digits in groups of three, a duration in the unit that
 * keeps it short.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-format.h"

/**
 * ll_format_count:
 * @n: a count
 *
 * Returns: (transfer full): @n in groups of three digits, 4000000 as
 *   "4 000 000" (a space, as SI writes it, the same in every language).
 *   The space is a no-break one (U+00A0): a label that wraps never
 *   breaks a number in two, "1" at the end of a line and "000" at the
 *   start of the next.
 */
char *
ll_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%llu", (unsigned long long) n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, "\u00a0");
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

/**
 * ll_format_time_unit:
 * @digits: a number, already written out
 * @unit: its unit as 10^(3 @unit) ns, from -1 (ps) to 3 (s)
 *
 * Returns: (transfer full): @digits with its unit: "500 ps", "7.4 ns",
 *   "25 µs", "1.5 ms", "12 s"
 */
char *
ll_format_time_unit (const char *digits,
                     int         unit)
{
  switch (unit)
    {
    case -1:
      /* Translators: a duration in picoseconds, "500 ps" */
      return g_strdup_printf (_("%s ps"), digits);
    case 0:
      /* Translators: a duration in nanoseconds, "7.4 ns" */
      return g_strdup_printf (_("%s ns"), digits);
    case 1:
      /* Translators: a duration in microseconds, "25 µs" */
      return g_strdup_printf (_("%s µs"), digits);
    case 2:
      /* Translators: a duration in milliseconds, "1.5 ms" */
      return g_strdup_printf (_("%s ms"), digits);
    default:
      /* Translators: a duration in seconds, "12 s" */
      return g_strdup_printf (_("%s s"), digits);
    }
}

/**
 * ll_format_nanoseconds:
 * @ns: a duration in nanoseconds, more than 0
 *
 * Returns: (transfer full): @ns to three significant digits in the unit
 *   that suits it, from picoseconds to seconds: "7.4 ns", "2.27 µs",
 *   "46.2 µs", "1 ms" (for 999.7 µs, not "1e+03 µs"), "23.1 s"
 */
char *
ll_format_nanoseconds (double ns)
{
  int unit = CLAMP ((int) floor (log10 (ns) / 3.0), -1, 3);
  double mantissa = ns / pow (1000, unit);
  g_autofree char *digits = NULL;

  if (mantissa >= 999.5 && unit < 3)
    {
      unit++;
      mantissa /= 1000;
    }
  digits = g_strdup_printf (mantissa >= 1000 ? "%.0f" : "%.3g", mantissa);

  return ll_format_time_unit (digits, unit);
}
