/* ll-primes.c: the CPU work of the Compute workload
 *
 * Trial division by 2, 3 and the numbers 6k ± 1 up to the square root.
 * Near one billion a prime costs about 10 500 divisions and the average
 * number about 600, the same all over the range the workloads use; the
 * calibration measures this machine's rate once and caches it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-primes"

#include "config.h"

#include <time.h>

#include "ll-primes.h"

/* Ten short rounds, the middle two averaged: on a shared machine a
 * round's rate varies by a quarter, and a burst of a neighbour must not
 * skew the rate that every later run relies on. */
#define CALIBRATION_ROUNDS 10
#define CALIBRATION_ROUND  (20 * G_TIME_SPAN_MILLISECOND)
#define CALIBRATION_BLOCK  64

static GMutex rate_lock;
static double cached_rate;   /* numbers per second, 0 until calibrated */

static inline gboolean
is_prime_32 (guint32 n)
{
  if (n < 2)
    return FALSE;
  if (n < 4)
    return TRUE;
  if (n % 2 == 0 || n % 3 == 0)
    return FALSE;

  /* 32-bit divisions are several times cheaper than 64-bit ones. */
  for (guint32 d = 5; (guint64) d * d <= n; d += 6)
    {
      if (n % d == 0 || n % (d + 2) == 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * ll_primes_is_prime:
 * @n: a number
 *
 * Returns: whether @n is prime, by trial division
 */
gboolean
ll_primes_is_prime (guint64 n)
{
  if (n <= G_MAXUINT32)
    return is_prime_32 ((guint32) n);
  if (n % 2 == 0 || n % 3 == 0)
    return FALSE;

  for (guint64 d = 5; d <= n / d; d += 6)
    {
      if (n % d == 0 || n % (d + 2) == 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * ll_primes_count_range:
 * @first: the first number to test
 * @n_numbers: how many consecutive numbers to test
 *
 * Counts the primes in [@first, @first + @n_numbers).  Pure CPU work:
 * safe in any thread, and slow on purpose.
 *
 * Returns: how many of them are prime
 */
guint64
ll_primes_count_range (guint64 first,
                       guint64 n_numbers)
{
  guint64 count = 0;

  g_return_val_if_fail (n_numbers <= G_MAXUINT64 - first, 0);

  for (guint64 n = first; n < first + n_numbers; n++)
    count += ll_primes_is_prime (n);

  return count;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* CPU time of this thread, in µs: a round that another process
 * preempts is not charged for the time it waited. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* One round: test numbers from LL_PRIMES_BASE for about
 * CALIBRATION_ROUND of CPU time and return the rate. */
static double
calibration_round (void)
{
  gint64 start = thread_cpu_time ();
  gint64 elapsed;
  guint64 n = 0;

  do
    {
      ll_primes_count_range (LL_PRIMES_BASE + n, CALIBRATION_BLOCK);
      n += CALIBRATION_BLOCK;
      elapsed = thread_cpu_time () - start;
    }
  while (elapsed < CALIBRATION_ROUND);

  return n / (elapsed / (double) G_TIME_SPAN_SECOND);
}

/**
 * ll_primes_get_rate:
 *
 * Returns: the calibrated rate in numbers per second, or 0 if
 *   ll_primes_calibrate() never ran
 */
double
ll_primes_get_rate (void)
{
  double rate;

  g_mutex_lock (&rate_lock);
  rate = cached_rate;
  g_mutex_unlock (&rate_lock);

  return rate;
}

/**
 * ll_primes_calibrate:
 *
 * Measures how many numbers near %LL_PRIMES_BASE this machine tests per
 * second of CPU time (so that a busy neighbour does not make it look
 * slower than it is), once per process (about 200 ms of CPU the first time, nothing
 * afterwards).  It blocks the calling thread while it measures: call
 * ll_primes_calibrate_async() from a main loop.
 *
 * Returns: the rate, in numbers per second
 */
double
ll_primes_calibrate (void)
{
  double rates[CALIBRATION_ROUNDS];
  double rate = ll_primes_get_rate ();

  if (rate > 0)
    return rate;

  for (guint i = 0; i < CALIBRATION_ROUNDS; i++)
    rates[i] = calibration_round ();
  qsort (rates, CALIBRATION_ROUNDS, sizeof rates[0], compare_doubles);
  rate = (rates[CALIBRATION_ROUNDS / 2 - 1] + rates[CALIBRATION_ROUNDS / 2]) / 2;

  g_mutex_lock (&rate_lock);
  if (cached_rate == 0)
    cached_rate = rate;
  rate = cached_rate;
  g_mutex_unlock (&rate_lock);

  g_debug ("Calibrated: %.0f numbers per second near %" G_GUINT64_FORMAT,
           rate, LL_PRIMES_BASE);

  return rate;
}

static void
calibrate_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  double *rate = g_new (double, 1);

  *rate = ll_primes_calibrate ();
  g_task_return_pointer (task, rate, g_free);
}

/**
 * ll_primes_calibrate_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default context when done
 * @user_data: for @callback
 *
 * Runs ll_primes_calibrate() in a worker thread, so that a page can
 * calibrate when it opens without stalling its loop.
 */
void
ll_primes_calibrate_async (GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_primes_calibrate_async);
  g_task_set_name (task, "[looplab] ll_primes_calibrate_async");
  g_task_run_in_thread (task, calibrate_thread);
}

/**
 * ll_primes_calibrate_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: the rate in numbers per second, or 0 with @error set
 *   (only %G_IO_ERROR_CANCELLED)
 */
double
ll_primes_calibrate_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_autofree double *rate = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_primes_calibrate_async, 0);

  rate = g_task_propagate_pointer (G_TASK (result), error);

  return rate != NULL ? *rate : 0;
}

/**
 * ll_primes_numbers_for_seconds:
 * @seconds: how long the work should take on one core
 *
 * Calibrates first if needed (blocking, see ll_primes_calibrate()).
 *
 * Returns: how many numbers from %LL_PRIMES_BASE take about @seconds to
 *   test, at least 1 and at most %LL_PRIMES_MAX_NUMBERS
 */
guint64
ll_primes_numbers_for_seconds (double seconds)
{
  double n = ll_primes_calibrate () * MAX (seconds, 0.0);

  return (guint64) CLAMP (n, 1.0, (double) LL_PRIMES_MAX_NUMBERS);
}
