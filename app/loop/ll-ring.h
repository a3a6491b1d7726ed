/* ll-ring.h: a fixed-capacity ring of plain structs
 *
 * The loop monitor keeps its recent lag samples and spans in rings: a
 * new entry past the capacity drops the oldest, and nothing is
 * allocated after the ring is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GArray *items;
  guint   head;     /* index of the oldest entry */
  guint   length;
  guint   capacity;
} LlRing;

void     ll_ring_init        (LlRing        *ring,
                              gsize          element_size,
                              guint          capacity);
void     ll_ring_clear       (LlRing        *ring);
void     ll_ring_push        (LlRing        *ring,
                              gconstpointer  item);
void     ll_ring_drop_oldest (LlRing        *ring);

static inline gpointer
ll_ring_nth (const LlRing *ring,
             guint         n)
{
  guint index = (ring->head + n) % ring->capacity;

  return ring->items->data + (gsize) index * g_array_get_element_size (ring->items);
}

G_END_DECLS
