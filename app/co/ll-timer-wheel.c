/* ll-timer-wheel.c: the deadlines of every sleeping task, in one structure
 *
 * Why a wheel and not a heap: GLib walks every attached source on each
 * loop iteration, so sleepers must share one source; and with a million
 * of them a binary heap pays about twenty cache misses per wake-up, a
 * slot of the wheel a single splice.  Sleeps beyond the 4 s window
 * are rare, so they wait in a plain heap and migrate as the window moves.
 *
 * Order: sleepers with the same deadline wake in the order they went to
 * sleep (slots are FIFO, the far heap breaks ties by a sequence number and
 * migrates before any insertion could overtake it).
 *
 * Waking is O(1) per slot, whatever its crowd: the slot's queue is spliced
 * onto the ready queue as it is, without touching its members.  Marking
 * each one ready would cost a cache miss per sleeper (a third of the time
 * of a million sleepers went there); instead a spliced sleeper keeps
 * LL_CO_WAIT_SLEEP until it is resumed, and its deadline, now behind the
 * wheel's base, tells that it has left (ll_timer_wheel_has_expired()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-timer-wheel"

#include "config.h"

#include "ll-timer-wheel.h"

#define WHEEL_BITS  12
#define WHEEL_SLOTS (1 << WHEEL_BITS)
#define WHEEL_MASK  (WHEEL_SLOTS - 1)
#define WHEEL_WORDS (WHEEL_SLOTS / 64)

G_STATIC_ASSERT (WHEEL_WORDS <= 64);

struct _LlTimerWheel
{
  /* Every deadline before base has expired; slot i holds the deadlines
   * t in [base, base + WHEEL_SLOTS) with (t & WHEEL_MASK) == i. */
  gint64    base;
  gsize     size;

  /* Bit w of summary is set when occupied[w] != 0. */
  guint64   summary;
  guint64   occupied[WHEEL_WORDS];
  LlCoQueue slots[WHEEL_SLOTS];

  /* Deadlines at or after base + WHEEL_SLOTS: a min-heap on
   * (deadline, seq); a member's place is kept in its index. */
  LlCo    **far;
  guint     n_far;
  guint     far_alloc;
  guint     far_seq;
};

LlTimerWheel *
ll_timer_wheel_new (gint64 now)
{
  LlTimerWheel *self = g_new0 (LlTimerWheel, 1);

  self->base = now;

  return self;
}

void
ll_timer_wheel_free (LlTimerWheel *self)
{
  guint i;

  if (self == NULL)
    return;

  for (i = 0; i < WHEEL_SLOTS; i++)
    ll_co_queue_clear (&self->slots[i]);
  g_free (self->far);
  g_free (self);
}

gsize
ll_timer_wheel_get_size (LlTimerWheel *self)
{
  return self->size;
}

/* Far heap */

static inline gboolean
far_before (LlCo *a,
            LlCo *b)
{
  if (a->u.deadline != b->u.deadline)
    return a->u.deadline < b->u.deadline;

  return (int) (a->seq - b->seq) < 0;
}

static inline void
far_set (LlTimerWheel *self,
         guint         i,
         LlCo         *co)
{
  self->far[i] = co;
  co->index = i;
}

static void
far_sift_up (LlTimerWheel *self,
             guint         i)
{
  LlCo *co = self->far[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!far_before (co, self->far[parent]))
        break;
      far_set (self, i, self->far[parent]);
      i = parent;
    }
  far_set (self, i, co);
}

static void
far_sift_down (LlTimerWheel *self,
               guint         i)
{
  LlCo *co = self->far[i];

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= self->n_far)
        break;
      if (child + 1 < self->n_far && far_before (self->far[child + 1], self->far[child]))
        child++;
      if (!far_before (self->far[child], co))
        break;
      far_set (self, i, self->far[child]);
      i = child;
    }
  far_set (self, i, co);
}

static void
far_push (LlTimerWheel *self,
          LlCo         *co)
{
  if (self->n_far == self->far_alloc)
    {
      self->far_alloc = MAX (16, self->far_alloc * 2);
      self->far = g_renew (LlCo *, self->far, self->far_alloc);
    }

  co->seq = self->far_seq++;
  co->flags |= LL_CO_FLAG_FAR;
  self->far[self->n_far++] = co;
  far_sift_up (self, self->n_far - 1);
}

static void
far_remove_at (LlTimerWheel *self,
               guint         i)
{
  LlCo *co = self->far[i];

  self->n_far--;
  if (i < self->n_far)
    {
      far_set (self, i, self->far[self->n_far]);
      far_sift_down (self, i);
      far_sift_up (self, i);
    }

  co->flags &= ~LL_CO_FLAG_FAR;
}

/* Near slots */

static inline void
near_insert (LlTimerWheel *self,
             LlCo         *co)
{
  guint slot = (guint) (co->u.deadline & WHEEL_MASK);

  ll_co_queue_push (&self->slots[slot], co);
  self->occupied[slot / 64] |= G_GUINT64_CONSTANT (1) << (slot % 64);
  self->summary |= G_GUINT64_CONSTANT (1) << (slot / 64);
}

static inline void
near_mark_empty (LlTimerWheel *self,
                 guint         slot)
{
  self->occupied[slot / 64] &= ~(G_GUINT64_CONSTANT (1) << (slot % 64));
  if (self->occupied[slot / 64] == 0)
    self->summary &= ~(G_GUINT64_CONSTANT (1) << (slot / 64));
}

/* The first occupied slot at or after base, as a deadline, or -1. */
static gint64
near_next (LlTimerWheel *self)
{
  guint start, word, bit, slot;
  guint64 bits, words;

  if (self->summary == 0)
    return -1;

  start = (guint) (self->base & WHEEL_MASK);
  word = start / 64;
  bit = start % 64;

  bits = self->occupied[word] & (~G_GUINT64_CONSTANT (0) << bit);
  if (bits != 0)
    {
      slot = word * 64 + (guint) __builtin_ctzll (bits);
    }
  else
    {
      /* The words after this one, else wrap around to the lowest. */
      words = word + 1 < 64 ? self->summary & (~G_GUINT64_CONSTANT (0) << (word + 1)) : 0;
      if (words == 0)
        words = self->summary;
      word = (guint) __builtin_ctzll (words);
      slot = word * 64 + (guint) __builtin_ctzll (self->occupied[word]);
    }

  return self->base + ((slot - start) & WHEEL_MASK);
}

/* Moves the far sleepers that the window now covers into their slots,
 * earliest first, so they keep their place ahead of later insertions. */
static void
migrate (LlTimerWheel *self)
{
  while (self->n_far > 0 && self->far[0]->u.deadline < self->base + WHEEL_SLOTS)
    {
      LlCo *co = self->far[0];

      far_remove_at (self, 0);
      g_assert (co->u.deadline >= self->base);
      near_insert (self, co);
    }
}

/**
 * ll_timer_wheel_insert:
 * @self: the wheel
 * @co: a task that is in no queue
 * @deadline: the tick to wake it at; an earlier tick than any already
 *   expired counts as the earliest pending one
 *
 * Adds a sleeper.
 */
void
ll_timer_wheel_insert (LlTimerWheel *self,
                       LlCo         *co,
                       gint64        deadline)
{
  co->u.deadline = MAX (deadline, self->base);
  self->size++;

  migrate (self);

  if (co->u.deadline < self->base + WHEEL_SLOTS)
    near_insert (self, co);
  else
    far_push (self, co);
}

/**
 * ll_timer_wheel_remove:
 * @self: the wheel
 * @co: a sleeper in @self
 *
 * Takes a sleeper out before its deadline (it was cancelled).
 */
void
ll_timer_wheel_remove (LlTimerWheel *self,
                       LlCo         *co)
{
  g_assert (self->size > 0);
  self->size--;

  if (co->flags & LL_CO_FLAG_FAR)
    {
      far_remove_at (self, co->index);
    }
  else
    {
      guint slot = (guint) (co->u.deadline & WHEEL_MASK);

      ll_co_queue_remove (&self->slots[slot], co);
      if (self->slots[slot].length == 0)
        near_mark_empty (self, slot);
    }
}

/**
 * ll_timer_wheel_next:
 * @self: the wheel
 *
 * Returns: the earliest deadline, or %G_MAXINT64 if nothing sleeps
 */
gint64
ll_timer_wheel_next (LlTimerWheel *self)
{
  gint64 next = near_next (self);

  if (next >= 0)
    return next;
  if (self->n_far > 0)
    return self->far[0]->u.deadline;

  return G_MAXINT64;
}

/**
 * ll_timer_wheel_has_expired:
 * @self: the wheel
 * @co: a task that went to sleep in @self (%LL_CO_WAIT_SLEEP)
 *
 * Whether ll_timer_wheel_advance() has moved @co to the ready queue: its
 * deadline is behind the wheel, which never holds such a sleeper.
 *
 * Returns: %TRUE if @co is in the ready queue, %FALSE if it still sleeps
 */
gboolean
ll_timer_wheel_has_expired (LlTimerWheel *self,
                            LlCo         *co)
{
  return !(co->flags & LL_CO_FLAG_FAR) && co->u.deadline < self->base;
}

/**
 * ll_timer_wheel_advance:
 * @self: the wheel
 * @now: the current tick
 * @due: the queue that receives the sleepers whose deadline is at or before
 *   @now, in deadline order
 *
 * Expires the sleepers due by @now: each due slot moves to the end of @due
 * with one splice, in O(1) however many sleep in it.  They keep
 * %LL_CO_WAIT_SLEEP (see ll_timer_wheel_has_expired()); resuming them
 * sets their wait.
 */
void
ll_timer_wheel_advance (LlTimerWheel *self,
                        gint64        now,
                        LlCoQueue    *due)
{
  /* Everything before base has expired already: the common case of a
   * task going to sleep within the tick of the last advance. */
  if (now < self->base)
    return;

  for (;;)
    {
      gint64 next;

      migrate (self);

      next = near_next (self);
      if (next >= 0 && next <= now)
        {
          guint slot = (guint) (next & WHEEL_MASK);

          self->size -= self->slots[slot].length;
          ll_co_queue_splice (due, &self->slots[slot]);
          near_mark_empty (self, slot);
          self->base = next + 1;
          continue;
        }

      if (self->base > now)
        return;

      /* Nothing in the window is due.  Move the window up to now, but stop
       * at a far deadline that is already due (the clock jumped by more
       * than the window) so it migrates and expires in order. */
      if (self->n_far > 0 && self->far[0]->u.deadline <= now)
        {
          self->base = self->far[0]->u.deadline;
          continue;
        }

      self->base = now + 1;
      migrate (self);
      return;
    }
}
