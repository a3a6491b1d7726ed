/* ll-frozen-environment.h: what the "Frozen vs responsive" workloads need
 *
 * The sample file a read run reads, the slow server a fetch run asks,
 * and the calibration that turns a compute run's seconds into numbers:
 * one object that the page and the headless program share, prepared
 * with ll_frozen_environment_prepare_async() before the work starts, so
 * that neither the preparation nor its first use is charged to a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-slow-server.h"
#include "ll-workload.h"

G_BEGIN_DECLS

/**
 * LlFrozenNeeds:
 * @LL_FROZEN_NEEDS_NONE: nothing
 * @LL_FROZEN_NEEDS_SAMPLE_FILE: the sample file, complete, at its size
 * @LL_FROZEN_NEEDS_SERVER: the slow server, listening
 * @LL_FROZEN_NEEDS_CALIBRATION: the rate at which this machine counts
 *   primes (ll_primes_get_rate())
 *
 * What a run needs prepared.
 */
typedef enum
{
  LL_FROZEN_NEEDS_NONE        = 0,
  LL_FROZEN_NEEDS_SAMPLE_FILE = 1 << 0,
  LL_FROZEN_NEEDS_SERVER      = 1 << 1,
  LL_FROZEN_NEEDS_CALIBRATION = 1 << 2,
} LlFrozenNeeds;

#define LL_TYPE_FROZEN_ENVIRONMENT (ll_frozen_environment_get_type ())

G_DECLARE_FINAL_TYPE (LlFrozenEnvironment, ll_frozen_environment, LL, FROZEN_ENVIRONMENT, GObject)

LlFrozenEnvironment *ll_frozen_environment_new              (void);

LlFrozenNeeds        ll_frozen_environment_needs_for         (LlWorkloadKind         kind);

guint64              ll_frozen_environment_get_sample_size   (LlFrozenEnvironment   *self);
void                 ll_frozen_environment_set_sample_size   (LlFrozenEnvironment   *self,
                                                              guint64                size);
GFile               *ll_frozen_environment_get_sample_file   (LlFrozenEnvironment   *self);
gboolean             ll_frozen_environment_get_sample_ready  (LlFrozenEnvironment   *self);
void                 ll_frozen_environment_check_sample_async  (LlFrozenEnvironment *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean             ll_frozen_environment_check_sample_finish (LlFrozenEnvironment *self,
                                                                GAsyncResult        *result);

LlSlowServer        *ll_frozen_environment_get_server        (LlFrozenEnvironment   *self);
gboolean             ll_frozen_environment_start_server      (LlFrozenEnvironment   *self,
                                                              guint                  port,
                                                              GError               **error);
guint                ll_frozen_environment_get_port          (LlFrozenEnvironment   *self);

void                 ll_frozen_environment_prepare_async     (LlFrozenEnvironment   *self,
                                                              LlFrozenNeeds          needs,
                                                              GCancellable          *cancellable,
                                                              GFileProgressCallback  progress_callback,
                                                              gpointer               progress_data,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean             ll_frozen_environment_prepare_finish    (LlFrozenEnvironment   *self,
                                                              GAsyncResult          *result,
                                                              LlFrozenNeeds         *made,
                                                              GError               **error);

void                 ll_frozen_environment_configure         (LlFrozenEnvironment   *self,
                                                              LlWorkload            *workload);

G_END_DECLS
