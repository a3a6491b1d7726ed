/* ll-workload-types.c: the names and records of the workloads
 *
 * The enumerations of kinds, modes and fetch phases, the result record
 * every run delivers and how it is made, and which subclass of
 * #LlWorkload does which kind of work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include "ll-workload-compute.h"
#include "ll-workload-fetch.h"
#include "ll-workload-private.h"
#include "ll-workload-read.h"
#include "ll-workload-sleep.h"

G_DEFINE_ENUM_TYPE (LlWorkloadKind, ll_workload_kind,
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_SLEEP, "sleep"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_READ, "read"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_FETCH, "fetch"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_COMPUTE, "compute"))

G_DEFINE_ENUM_TYPE (LlWorkloadMode, ll_workload_mode,
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_BLOCKING, "blocking"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_ASYNC, "async"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_CHUNKED, "chunked"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_THREAD, "thread"))

G_DEFINE_ENUM_TYPE (LlFetchPhase, ll_fetch_phase,
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_READING, "reading"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_FAILED, "failed"))

G_DEFINE_BOXED_TYPE (LlWorkloadResult, ll_workload_result,
                     ll_workload_result_copy, ll_workload_result_free)

/* The result record */

/**
 * ll_workload_result_copy:
 * @result: a result
 *
 * Returns: (transfer full): a deep copy
 */
LlWorkloadResult *
ll_workload_result_copy (const LlWorkloadResult *result)
{
  LlWorkloadResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->failure = g_strdup (result->failure);
  copy->requests = result->requests != NULL ? _ll_fetch_requests_copy (result->requests) : NULL;

  return copy;
}

/**
 * ll_workload_result_free:
 * @result: (nullable): a result
 */
void
ll_workload_result_free (LlWorkloadResult *result)
{
  if (result == NULL)
    return;

  g_free (result->failure);
  g_clear_pointer (&result->requests, g_array_unref);
  g_free (result);
}

/* Kinds and names */

/* The subclass of each kind, in the order of LlWorkloadKind. */
GType
_ll_workload_type_for_kind (LlWorkloadKind kind)
{
  GType (* const types[]) (void) = {
    ll_workload_sleep_get_type,
    ll_workload_read_get_type,
    ll_workload_fetch_get_type,
    ll_workload_compute_get_type,
  };

  return (guint) kind < G_N_ELEMENTS (types) ? types[kind] () : G_TYPE_INVALID;
}

/**
 * ll_workload_mode_is_supported:
 * @kind: a kind of work
 * @mode: a mode
 *
 * Sleep, read and fetch run blocking or async; compute runs blocking,
 * chunked or in a thread (#LlWorkloadClass.modes says so for each).
 *
 * Returns: whether @kind runs in @mode
 */
gboolean
ll_workload_mode_is_supported (LlWorkloadKind kind,
                               LlWorkloadMode mode)
{
  g_autoptr(GTypeClass) klass = NULL;
  GType type = _ll_workload_type_for_kind (kind);

  if (type == G_TYPE_INVALID || (guint) mode > LL_WORKLOAD_MODE_THREAD)
    return FALSE;

  klass = g_type_class_ref (type);

  return (LL_WORKLOAD_CLASS (klass)->modes & LL_WORKLOAD_MODE_BIT (mode)) != 0;
}

/**
 * ll_workload_kind_to_string:
 * @kind: a kind of work
 *
 * Returns: its nick ("sleep", "read", "fetch", "compute"), as the CLI's
 *   `--workload` takes it
 */
const char *
ll_workload_kind_to_string (LlWorkloadKind kind)
{
  static const char * const nicks[] = { "sleep", "read", "fetch", "compute" };

  return (guint) kind < G_N_ELEMENTS (nicks) ? nicks[kind] : "unknown";
}

/**
 * ll_workload_mode_to_string:
 * @mode: a mode
 *
 * Returns: its nick ("blocking", "async", "chunked", "thread"), as the
 *   CLI's `--mode` takes it
 */
const char *
ll_workload_mode_to_string (LlWorkloadMode mode)
{
  static const char * const nicks[] = { "blocking", "async", "chunked", "thread" };

  return (guint) mode < G_N_ELEMENTS (nicks) ? nicks[mode] : "unknown";
}

/* The record of a run, and the monitor's figures over it */

/* The record of the run that just ended, with the loop monitor's figures
 * over it. */
LlWorkloadResult *
_ll_workload_make_result (LlWorkload *self)
{
  LlWorkloadPrivate *priv = _ll_workload_get_private (self);
  LlWorkloadClass *klass = LL_WORKLOAD_GET_CLASS (self);
  LlWorkloadResult *result = g_new0 (LlWorkloadResult, 1);

  result->kind = klass->kind;
  result->mode = priv->mode;
  result->start = priv->real_start;
  result->duration = MAX (priv->clock_end - priv->clock_start, 0);
  result->cpu = MAX (priv->cpu_end - priv->cpu_start, 0);
  result->requested = priv->requested;

  if (klass->fill_result != NULL)
    klass->fill_result (self, result);

  if (priv->monitor != NULL)
    {
      LlStall longest;

      /* The probes that fired while the run lasted, and the first ones
       * after it: those measure how late the loop came back. */
      ll_loop_monitor_get_stats_since (priv->monitor, LL_LAG_TIMER, priv->real_start, &result->lag);
      result->n_stalls = ll_loop_monitor_count_stalls_since (priv->monitor, priv->real_start, &longest);
      result->stall = longest.duration;
      result->stall_handler = longest.handler;
    }

  return result;
}
