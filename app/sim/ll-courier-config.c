/* ll-courier-config.c: what a courier run is made of
 *
 * One struct for the dozen numbers a run depends on, with the notes'
 * values as defaults and one place that says which values make sense:
 * the command line, the window and the model all check with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-config"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-courier-config.h"

G_DEFINE_BOXED_TYPE (LlCourierConfig, ll_courier_config,
                     ll_courier_config_copy, ll_courier_config_free)

/**
 * ll_courier_config_init:
 * @config: (out caller-allocates): a configuration to fill
 *
 * Fills @config with the notes' configuration: one courier of capacity
 * 1, 51 parcels, deliveries of 1 to 3 units, a pause of 15 to 30 units
 * after every 10 parcels, one unit a second, seed 0, not blocking.
 */
void
ll_courier_config_init (LlCourierConfig *config)
{
  g_return_if_fail (config != NULL);

  *config = (LlCourierConfig) {
    .n_couriers = 1,
    .capacity = 1,
    .n_parcels = 51,
    .delivery_min = 1,
    .delivery_max = 3,
    .pause_min = 15,
    .pause_max = 30,
    .pause_every = 10,
    .speed = 1.0,
    .seed = 0,
    .blocking = FALSE,
  };
}

/**
 * ll_courier_config_copy:
 * @config: a configuration
 *
 * Returns: (transfer full): a copy of @config
 */
LlCourierConfig *
ll_courier_config_copy (const LlCourierConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_memdup2 (config, sizeof *config);
}

/**
 * ll_courier_config_free:
 * @config: a configuration from ll_courier_config_copy()
 *
 * Frees @config.
 */
void
ll_courier_config_free (LlCourierConfig *config)
{
  g_free (config);
}

/**
 * ll_courier_config_equal:
 * @a: a configuration
 * @b: another
 *
 * Returns: whether they make the same run
 */
gboolean
ll_courier_config_equal (const LlCourierConfig *a,
                         const LlCourierConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->n_couriers == b->n_couriers &&
         a->capacity == b->capacity &&
         a->n_parcels == b->n_parcels &&
         a->delivery_min == b->delivery_min &&
         a->delivery_max == b->delivery_max &&
         a->pause_min == b->pause_min &&
         a->pause_max == b->pause_max &&
         a->pause_every == b->pause_every &&
         a->speed == b->speed &&
         a->seed == b->seed &&
         !a->blocking == !b->blocking;
}

/* Whether @min to @max is a range of 1 to LL_COURIER_MODEL_MAX_UNITS units. */
static gboolean
units_valid (int min,
             int max)
{
  return min >= 1 && min <= max && max <= LL_COURIER_MODEL_MAX_UNITS;
}

/**
 * ll_courier_config_validate:
 * @config: a configuration
 * @error: return location for a #GError
 *
 * Checks @config.  The first value out of range is named in the error,
 * with the option of `looplab-cli run courier` that sets it, if any.
 *
 * Returns: %TRUE if every value is in range; %FALSE with
 *   %G_OPTION_ERROR_BAD_VALUE otherwise
 */
gboolean
ll_courier_config_validate (const LlCourierConfig  *config,
                            GError                **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (config->n_parcels < 1 || config->n_parcels > LL_COURIER_MODEL_MAX_PARCELS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--parcels takes 1 to %d parcels, not %d"),
                   LL_COURIER_MODEL_MAX_PARCELS, config->n_parcels);
      return FALSE;
    }
  if (config->n_couriers < 1 || config->n_couriers > LL_COURIER_MODEL_MAX_COURIERS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--couriers takes 1 to %d couriers, not %d"),
                   LL_COURIER_MODEL_MAX_COURIERS, config->n_couriers);
      return FALSE;
    }
  if (config->capacity < 1 || config->capacity > LL_COURIER_MODEL_MAX_CAPACITY)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--capacity takes 1 to %d parcels, not %d"),
                   LL_COURIER_MODEL_MAX_CAPACITY, config->capacity);
      return FALSE;
    }
  if (!(config->speed >= LL_COURIER_MODEL_MIN_SPEED && config->speed <= LL_COURIER_MODEL_MAX_SPEED))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--speed takes %.7g to %.7g units per second, not %.7g"),
                   LL_COURIER_MODEL_MIN_SPEED, LL_COURIER_MODEL_MAX_SPEED, config->speed);
      return FALSE;
    }
  if (!units_valid (config->delivery_min, config->delivery_max))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A delivery takes 1 to %d units, the shortest first, not %d to %d"),
                   LL_COURIER_MODEL_MAX_UNITS, config->delivery_min, config->delivery_max);
      return FALSE;
    }
  if (!units_valid (config->pause_min, config->pause_max))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A pause takes 1 to %d units, the shortest first, not %d to %d"),
                   LL_COURIER_MODEL_MAX_UNITS, config->pause_min, config->pause_max);
      return FALSE;
    }
  if (config->pause_every < 0 || config->pause_every > LL_COURIER_MODEL_MAX_PARCELS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The centre pauses after every 0 to %d parcels, not %d"),
                   LL_COURIER_MODEL_MAX_PARCELS, config->pause_every);
      return FALSE;
    }

  return TRUE;
}
