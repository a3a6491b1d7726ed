/* ll-frame-pool.c: where coroutine frames live
 *
 * Why not just g_malloc0(): a million sleeping tasks are a million small
 * frames of one size, born in spawn order and freed in the random order
 * their sleeps end.  glibc's free() merges each freed chunk with its free
 * neighbours, unlinking them from their bins: a cache miss or two per
 * frame, which was half the time a million sleepers took once the timer
 * wheel stopped touching them.
 *
 * Here frames of one size class share slabs: aligned blocks of
 * SLAB_SIZE, carved front to back as frames are needed (so a slab costs
 * only the pages it has handed out), with a free list of their own.  A
 * frame's slab is found by rounding its address down; its size class
 * travels in the frame's flags (ll-co.c), so freeing needs no lookup.  A
 * slab whose frames are all free goes back to the system, except one
 * spare per size class, so a generator created and dropped in a loop
 * does not map and unmap a slab each time.  Frames of 128 bytes start on
 * a cache line and take exactly two.
 *
 * Frames may be created on one thread and dropped on another, so one lock
 * guards the slabs.  But a lock is an atomic instruction, which waits for
 * every store in flight, and a scheduler resuming a crowd of sleepers
 * keeps many cache-missing ones in flight: taking it per frame cost more
 * than glibc's free().  So each thread keeps a magazine of free frames
 * per size class (GLib's old GSlice did the same): a free is a push on
 * it, an allocation a pop, and the lock is taken once per half a
 * magazine, with the slabs' headers fetched together.  A thread that ends
 * gives its magazine back, and ll_frame_pool_trim() empties the caller's
 * (the scheduler calls it when it has no task left) so that the few
 * frames a magazine holds do not keep as many slabs from emptying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frame-pool"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "ll-frame-pool.h"

#ifdef G_OS_UNIX
# include <sys/mman.h>
#endif

#define GRAIN         16      /* what g_malloc() aligns to */
#define N_CLASSES     (LL_FRAME_POOL_MAX_SIZE / GRAIN)
#define SLAB_SIZE     (256 * 1024)
#define N_COLOURS     32      /* where in its first 2 KiB a slab keeps its header */
#define SLAB_HEADERS  (N_COLOURS * 64)
#define MAGAZINE_SIZE 64      /* free frames per class and thread */

typedef struct _Slab Slab;
typedef struct _FrameClass FrameClass;

struct _Slab
{
  FrameClass *klass;
  Slab       *prev;       /* in klass->with_room, while listed */
  Slab       *next;
  gpointer    free_list;  /* freed frames, linked through their first word */
  char       *bump;       /* the next frame never handed out */
  char       *end;        /* after the last whole frame */
  guint       n_live;
  gboolean    listed;
};

G_STATIC_ASSERT (sizeof (Slab) <= 64);
G_STATIC_ASSERT (N_CLASSES <= 32);

struct _FrameClass
{
  gsize  size;
  Slab  *with_room;       /* slabs with a free or fresh frame, latest freed into first */
  Slab  *spare;           /* an empty slab kept back */
  guint  n_slabs;
};

/* A thread's free frames, most recently freed last. */
typedef struct
{
  guint    n[N_CLASSES];
  gpointer frames[N_CLASSES][MAGAZINE_SIZE];
} Magazine;

static void magazine_free (gpointer data);

G_LOCK_DEFINE_STATIC (pool);
static FrameClass classes[N_CLASSES];
static guint n_slabs;
static GPrivate magazine_key = G_PRIVATE_INIT (magazine_free);

/* Slabs are aligned to their size, so every slab's start maps to the same
 * cache sets: headers all at the start would evict one another (a cache
 * miss per free).  Each slab keeps its header in one of N_COLOURS lines,
 * picked by its address. */
static inline Slab *
slab_header (char *start)
{
  guint colour = (guint) (((guintptr) start / SLAB_SIZE) % N_COLOURS);

  return (Slab *) (start + colour * 64);
}

static inline char *
slab_start (Slab *slab)
{
  return (char *) ((guintptr) slab & ~(guintptr) (SLAB_SIZE - 1));
}

static inline Slab *
slab_of (gpointer frame)
{
  return slab_header (slab_start (frame));
}

static char *
slab_map (gboolean populate)
{
#ifdef G_OS_UNIX
  /* Map twice the size and keep the aligned half: mmap() aligns to a page
   * only. */
  gsize len = 2 * SLAB_SIZE;
  char *p = mmap (NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *start;

  if (p == MAP_FAILED)
    g_error ("%s: failed to map %u bytes: %s", G_STRLOC, (guint) len, g_strerror (errno));

  start = (char *) (((guintptr) p + SLAB_SIZE - 1) & ~(guintptr) (SLAB_SIZE - 1));
  if (start > p)
    munmap (p, (gsize) (start - p));
  if (start + SLAB_SIZE < p + len)
    munmap (start + SLAB_SIZE, (gsize) (p + len - (start + SLAB_SIZE)));

  /* A class that filled a slab is likely to fill the next: fault its
   * pages in with one call rather than one page fault per 4 KiB (an old
   * kernel refuses, and the faults happen as before).  Not huge pages:
   * they would spare the TLB misses of frames visited in no order, but
   * faulting one in stalled the loop for up to 17 ms on a virtual
   * machine. */
#ifdef MADV_POPULATE_WRITE
  if (populate)
    madvise (start, SLAB_SIZE, MADV_POPULATE_WRITE);
#endif

  return start;
#else
  return g_aligned_alloc (1, SLAB_SIZE, SLAB_SIZE);
#endif
}

static void
slab_unmap (Slab *slab)
{
#ifdef G_OS_UNIX
  munmap (slab_start (slab), SLAB_SIZE);
#else
  g_aligned_free (slab_start (slab));
#endif
}

static void
slab_reset (Slab       *slab,
            FrameClass *klass)
{
  char *first = slab_start (slab) + SLAB_HEADERS;

  slab->klass = klass;
  slab->prev = slab->next = NULL;
  slab->free_list = NULL;
  slab->bump = first;
  slab->end = first + (SLAB_SIZE - SLAB_HEADERS) / klass->size * klass->size;
  slab->n_live = 0;
  slab->listed = FALSE;
}

static void
list_push (FrameClass *klass,
           Slab       *slab)
{
  g_assert (!slab->listed);

  slab->prev = NULL;
  slab->next = klass->with_room;
  if (klass->with_room != NULL)
    klass->with_room->prev = slab;
  klass->with_room = slab;
  slab->listed = TRUE;
}

static void
list_remove (FrameClass *klass,
             Slab       *slab)
{
  g_assert (slab->listed);

  if (slab->prev != NULL)
    slab->prev->next = slab->next;
  else
    klass->with_room = slab->next;
  if (slab->next != NULL)
    slab->next->prev = slab->prev;
  slab->prev = slab->next = NULL;
  slab->listed = FALSE;
}

/* Takes a frame from the slabs: the pool must be locked. */
static gpointer
slabs_take (FrameClass *klass)
{
  Slab *slab = klass->with_room;
  gpointer frame;

  if (G_UNLIKELY (slab == NULL))
    {
      slab = g_steal_pointer (&klass->spare);
      if (slab == NULL)
        {
          slab = slab_header (slab_map (klass->n_slabs > 0));
          klass->n_slabs++;
          n_slabs++;
        }
      slab_reset (slab, klass);
      list_push (klass, slab);
    }

  if (slab->free_list != NULL)
    {
      frame = slab->free_list;
      slab->free_list = *(gpointer *) frame;
    }
  else
    {
      frame = slab->bump;
      slab->bump += klass->size;
    }
  slab->n_live++;

  if (slab->free_list == NULL && slab->bump == slab->end)
    list_remove (klass, slab);

  return frame;
}

/* Gives a frame back to its slab: the pool must be locked.  Returns a
 * slab to unmap once unlocked, or %NULL. */
static Slab *
slabs_give (gpointer frame)
{
  Slab *slab = slab_of (frame);
  FrameClass *klass = slab->klass;

  g_assert (slab->n_live > 0);

  *(gpointer *) frame = slab->free_list;
  slab->free_list = frame;
  slab->n_live--;

  if (slab->n_live > 0)
    {
      if (!slab->listed)
        list_push (klass, slab);
      return NULL;
    }

  if (slab->listed)
    list_remove (klass, slab);
  if (klass->spare == NULL)
    {
      klass->spare = slab;
      return NULL;
    }

  klass->n_slabs--;
  n_slabs--;

  return slab;
}

/* Gives the @n oldest frames of class @k back to the slabs. */
static void
magazine_flush (Magazine *mag,
                guint     k,
                guint     n)
{
  Slab *unmap[MAGAZINE_SIZE];
  guint n_unmap = 0;
  guint i;

  /* The slabs' headers are cache misses: start them all first. */
  for (i = 0; i < n; i++)
    {
#if defined(__GNUC__)
      __builtin_prefetch (slab_of (mag->frames[k][i]), 1);
#endif
    }

  G_LOCK (pool);
  for (i = 0; i < n; i++)
    {
      Slab *slab = slabs_give (mag->frames[k][i]);

      if (slab != NULL)
        unmap[n_unmap++] = slab;
    }
  G_UNLOCK (pool);

  mag->n[k] -= n;
  memmove (&mag->frames[k][0], &mag->frames[k][n], mag->n[k] * sizeof (gpointer));

  for (i = 0; i < n_unmap; i++)
    slab_unmap (unmap[i]);
}

static void
magazine_free (gpointer data)
{
  Magazine *mag = data;
  guint k;

  for (k = 0; k < N_CLASSES; k++)
    if (mag->n[k] > 0)
      magazine_flush (mag, k, mag->n[k]);

  g_free (mag);
}

static inline Magazine *
magazine_get (void)
{
  Magazine *mag = g_private_get (&magazine_key);

  if (G_UNLIKELY (mag == NULL))
    {
      mag = g_new0 (Magazine, 1);
      g_private_set (&magazine_key, mag);
    }

  return mag;
}

/**
 * ll_frame_pool_alloc0:
 * @size: the frame's size, 1 to %LL_FRAME_POOL_MAX_SIZE
 *
 * Returns: (transfer full): @size zeroed bytes, aligned like g_malloc()'s;
 *   free them with ll_frame_pool_free()
 */
gpointer
ll_frame_pool_alloc0 (gsize size)
{
  Magazine *mag;
  gpointer frame;
  guint k;

  g_return_val_if_fail (size > 0 && size <= LL_FRAME_POOL_MAX_SIZE, NULL);

  mag = magazine_get ();
  k = (guint) ((size - 1) / GRAIN);

  if (G_UNLIKELY (mag->n[k] == 0))
    {
      FrameClass *klass = &classes[k];

      /* Half a magazine, so that a free right after does not flush it. */
      G_LOCK (pool);
      klass->size = (k + 1) * GRAIN;
      while (mag->n[k] < MAGAZINE_SIZE / 2)
        mag->frames[k][mag->n[k]++] = slabs_take (klass);
      G_UNLOCK (pool);
    }

  frame = mag->frames[k][--mag->n[k]];

  /* Reused frames hold old data, and fresh ones may too (a reset spare,
   * or g_aligned_alloc()). */
  memset (frame, 0, size);

  return frame;
}

/**
 * ll_frame_pool_get_class:
 * @size: a frame's size, 1 to %LL_FRAME_POOL_MAX_SIZE
 *
 * Returns: the size class of @size, below 32, for ll_frame_pool_free()
 */
guint
ll_frame_pool_get_class (gsize size)
{
  g_return_val_if_fail (size > 0 && size <= LL_FRAME_POOL_MAX_SIZE, 0);

  return (guint) ((size - 1) / GRAIN);
}

/**
 * ll_frame_pool_free:
 * @frame: (transfer full): a frame from ll_frame_pool_alloc0()
 * @frame_class: its size's class, from ll_frame_pool_get_class()
 *
 * Gives @frame back to the pool.  The class picks the magazine without
 * reading the slab's header, which is likely a cache miss.
 */
void
ll_frame_pool_free (gpointer frame,
                    guint    frame_class)
{
  Magazine *mag = magazine_get ();
  guint k = frame_class;

  g_assert (k < N_CLASSES);

  if (G_UNLIKELY (mag->n[k] == MAGAZINE_SIZE))
    magazine_flush (mag, k, MAGAZINE_SIZE / 2);

  mag->frames[k][mag->n[k]++] = frame;
}

/**
 * ll_frame_pool_trim:
 *
 * Gives back every frame of the calling thread's magazines, so that the
 * slabs they kept from emptying can go back to the system: a magazine's
 * sixty-four frames may come from as many slabs.  The scheduler calls it
 * when its last task has finished.
 */
void
ll_frame_pool_trim (void)
{
  Magazine *mag = g_private_get (&magazine_key);
  guint k;

  if (mag == NULL)
    return;

  for (k = 0; k < N_CLASSES; k++)
    if (mag->n[k] > 0)
      magazine_flush (mag, k, mag->n[k]);
}

/**
 * ll_frame_pool_get_n_slabs:
 *
 * For tests: how many slabs the pool holds, spares included.
 *
 * Returns: the number of slabs
 */
guint
ll_frame_pool_get_n_slabs (void)
{
  guint n;

  G_LOCK (pool);
  n = n_slabs;
  G_UNLOCK (pool);

  return n;
}
