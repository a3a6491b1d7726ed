/* ll-frame-pool.h: where coroutine frames live
 *
 * Internal to ll-co.c.  Frames of up to LL_FRAME_POOL_MAX_SIZE bytes come
 * from slabs of same-size frames; larger ones from g_malloc0().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LL_FRAME_POOL_MAX_SIZE 512   /* 32 size classes: 5 bits */

/* Under AddressSanitizer frames come from malloc, whose red zones and
 * quarantine catch an overflow or a use after free in any frame; slabs of
 * frames packed side by side would hide both. */
#if defined(__SANITIZE_ADDRESS__)
# define LL_FRAME_POOL_FOR_FRAMES 0
#elif defined(__has_feature)
# if __has_feature (address_sanitizer)
#  define LL_FRAME_POOL_FOR_FRAMES 0
# endif
#endif
#ifndef LL_FRAME_POOL_FOR_FRAMES
# define LL_FRAME_POOL_FOR_FRAMES 1
#endif

gpointer ll_frame_pool_alloc0      (gsize    size);
guint    ll_frame_pool_get_class   (gsize    size);
void     ll_frame_pool_free        (gpointer frame,
                                    guint    frame_class);
void     ll_frame_pool_trim        (void);
guint    ll_frame_pool_get_n_slabs (void);

G_END_DECLS
