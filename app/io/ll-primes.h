/* ll-primes.h: the CPU work of the Compute workload
 *
 * Counting primes by trial division: pure CPU, no memory traffic, no
 * system calls, so it shows exactly what a busy handler does to a loop.
 * The workloads test the numbers that follow one billion, where every
 * number costs about the same (its square root hardly changes over the
 * range), so the work grows in a straight line with the count: a quick
 * calibration predicts how many numbers fill a given number of seconds,
 * and slices of equal count take equal time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LL_PRIMES_BASE:
 *
 * The first number the Compute workload tests: one billion.
 */
#define LL_PRIMES_BASE G_GUINT64_CONSTANT (1000000000)

/**
 * LL_PRIMES_MAX_NUMBERS:
 *
 * The most numbers one run may test: about a minute of work, far above
 * the five seconds a blocking run may take.
 */
#define LL_PRIMES_MAX_NUMBERS G_GUINT64_CONSTANT (100000000)

gboolean ll_primes_is_prime              (guint64              n);
guint64  ll_primes_count_range           (guint64              first,
                                          guint64              n_numbers);

double   ll_primes_get_rate              (void);
double   ll_primes_calibrate             (void);
void     ll_primes_calibrate_async       (GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
double   ll_primes_calibrate_finish      (GAsyncResult        *result,
                                          GError             **error);
guint64  ll_primes_numbers_for_seconds   (double               seconds);

G_END_DECLS
