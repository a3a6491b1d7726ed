/* ll-format.c: numbers as a page shows them
 *
 * Figures on a projected page must be read at a glance, from the back
 * of a room: digits in groups of three, a duration in the unit that
 * keeps it short.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-format.h"

/**
 * ll_format_count:
 * @n: a count
 *
 * Returns: (transfer full): @n in groups of three digits, 4000000 as
 *   "4 000 000" (a space, as SI writes it, the same in every language)
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
        g_string_append_c (text, ' ');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

/**
 * ll_format_nanoseconds:
 * @ns: a duration in nanoseconds, at least 0
 *
 * Returns: (transfer full): @ns with three significant digits at most in
 *   the unit that suits it: "7.00 ns", "2.27 µs", "22.0 µs", "1.50 ms",
 *   "23.1 s"
 */
char *
ll_format_nanoseconds (double ns)
{
  static const struct { double scale; const char *unit; } units[] = {
    { 1e9, N_("s") },
    { 1e6, N_("ms") },
    { 1e3, N_("µs") },
    { 1, N_("ns") },
  };
  guint i;
  double value;

  for (i = 0; i + 1 < G_N_ELEMENTS (units) && ns < units[i].scale; i++)
    ;
  value = ns / units[i].scale;

  /* Translators: a duration, its number then its unit: "2.27 µs" */
  return g_strdup_printf (C_("duration", "%.*f %s"), value < 10 ? 2 : value < 100 ? 1 : 0,
                          value, _(units[i].unit));
}
