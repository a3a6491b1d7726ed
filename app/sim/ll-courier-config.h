/* ll-courier-config.h: what a courier run is made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LL_COURIER_MODEL_MAX_COURIERS  20
#define LL_COURIER_MODEL_MAX_CAPACITY  5
#define LL_COURIER_MODEL_MAX_PARCELS   10000
#define LL_COURIER_MODEL_MAX_UNITS     1000
#define LL_COURIER_MODEL_MIN_SPEED     0.5
#define LL_COURIER_MODEL_MAX_SPEED     1000000.0

/**
 * LlCourierConfig:
 * @n_couriers: how many couriers, 1 to %LL_COURIER_MODEL_MAX_COURIERS
 * @capacity: how many parcels a courier takes per trip, 1 to
 *   %LL_COURIER_MODEL_MAX_CAPACITY
 * @n_parcels: how many parcels, numbered from 0; 1 to
 *   %LL_COURIER_MODEL_MAX_PARCELS
 * @delivery_min: the shortest delivery, in units, 1 or more
 * @delivery_max: the longest delivery, @delivery_min to
 *   %LL_COURIER_MODEL_MAX_UNITS
 * @pause_min: the centre's shortest pause, in units, 1 or more
 * @pause_max: its longest pause, @pause_min to %LL_COURIER_MODEL_MAX_UNITS
 * @pause_every: after how many parcels the centre pauses; 0 for never
 * @speed: units per second, %LL_COURIER_MODEL_MIN_SPEED to
 *   %LL_COURIER_MODEL_MAX_SPEED
 * @seed: the seed of the random durations: the same seed, the same run
 * @blocking: whether the coroutines sleep the notes' way, blocking the
 *   thread
 *
 * The configuration of a courier run.  The numbers are plain ints, as
 * a command line or a spin button gives them, so that
 * ll_courier_config_validate() can name a wrong one as it was given.
 */
typedef struct
{
  int      n_couriers;
  int      capacity;
  int      n_parcels;
  int      delivery_min;
  int      delivery_max;
  int      pause_min;
  int      pause_max;
  int      pause_every;
  double   speed;
  guint32  seed;
  gboolean blocking;
} LlCourierConfig;

#define LL_TYPE_COURIER_CONFIG (ll_courier_config_get_type ())

GType            ll_courier_config_get_type (void) G_GNUC_CONST;
void             ll_courier_config_init     (LlCourierConfig       *config);
LlCourierConfig *ll_courier_config_copy     (const LlCourierConfig *config);
void             ll_courier_config_free     (LlCourierConfig       *config);
gboolean         ll_courier_config_equal    (const LlCourierConfig *a,
                                             const LlCourierConfig *b);
gboolean         ll_courier_config_validate (const LlCourierConfig *config,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCourierConfig, ll_courier_config_free)

G_END_DECLS
