/* ll-ring.c: a fixed-capacity ring of plain structs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-ring.h"

void
ll_ring_init (LlRing *ring,
              gsize   element_size,
              guint   capacity)
{
  g_assert (capacity > 0);

  ring->items = g_array_sized_new (FALSE, TRUE, element_size, capacity);
  g_array_set_size (ring->items, capacity);
  ring->head = 0;
  ring->length = 0;
  ring->capacity = capacity;
}

void
ll_ring_clear (LlRing *ring)
{
  g_clear_pointer (&ring->items, g_array_unref);
  ring->head = ring->length = ring->capacity = 0;
}

void
ll_ring_push (LlRing        *ring,
              gconstpointer  item)
{
  gsize size = g_array_get_element_size (ring->items);

  if (ring->length == ring->capacity)
    ll_ring_drop_oldest (ring);

  memcpy (ll_ring_nth (ring, ring->length), item, size);
  ring->length++;
}

void
ll_ring_drop_oldest (LlRing *ring)
{
  g_assert (ring->length > 0);

  ring->head = (ring->head + 1) % ring->capacity;
  ring->length--;
}
