/* ll-bus-scan-test-util.c: a bus feed read by plain string search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-bus-scan-test-util.h"

void
ll_scan_bus_free (gpointer data)
{
  LlScanBus *bus = data;

  if (bus == NULL)
    return;
  g_free (bus->id);
  g_free (bus->route);
  g_free (bus->direction);
  g_free (bus->latitude);
  g_free (bus->longitude);
  g_free (bus);
}

/* The text between <name> and </name> inside [start, end). */
static char *
scan_field (const char *start,
            const char *end,
            const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s>", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  const char *from = g_strstr_len (start, end - start, open);
  const char *to;

  if (from == NULL)
    return NULL;
  from += strlen (open);
  to = g_strstr_len (from, end - from, close);
  g_assert_nonnull (to);

  return g_strndup (from, to - from);
}

/**
 * ll_scan_buses:
 * @text: a feed
 * @length: how much of it to look at
 *
 * Returns: (transfer full) (element-type LlScanBus): the buses whose
 *   </bus> lies within the first @length bytes, in order
 */
GPtrArray *
ll_scan_buses (const char *text,
               gsize       length)
{
  GPtrArray *buses = g_ptr_array_new_with_free_func (ll_scan_bus_free);
  const char *limit = text + length;
  const char *p = text;

  for (;;)
    {
      const char *start = g_strstr_len (p, limit - p, "<bus>");
      const char *end;
      LlScanBus *bus;

      if (start == NULL)
        break;
      end = g_strstr_len (start, limit - start, "</bus>");
      if (end == NULL)
        break;

      bus = g_new0 (LlScanBus, 1);
      bus->id = scan_field (start, end, "id");
      bus->route = scan_field (start, end, "route");
      bus->direction = scan_field (start, end, "direction");
      bus->latitude = scan_field (start, end, "latitude");
      bus->longitude = scan_field (start, end, "longitude");
      bus->end = end + strlen ("</bus>") - text;
      g_ptr_array_add (buses, bus);
      p = end + strlen ("</bus>");
    }

  return buses;
}

gboolean
ll_scan_bus_matches (const LlScanBus *bus,
                     const char      *route,
                     const char      *direction)
{
  return g_strcmp0 (bus->route, route) == 0 && g_strcmp0 (bus->direction, direction) == 0;
}

guint
ll_scan_count (GPtrArray  *buses,
               const char *route,
               const char *direction)
{
  guint n = 0;

  for (guint i = 0; i < buses->len; i++)
    n += ll_scan_bus_matches (g_ptr_array_index (buses, i), route, direction);

  return n;
}

/**
 * ll_scan_count_file:
 * @path: a feed
 * @route: the route
 * @direction: the direction
 *
 * Returns: how many of the feed's buses have @route and @direction
 */
guint
ll_scan_count_file (const char *path,
                    const char *route,
                    const char *direction)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) buses = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  buses = ll_scan_buses (text, length);

  return ll_scan_count (buses, route, direction);
}
