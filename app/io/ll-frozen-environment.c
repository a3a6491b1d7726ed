/* ll-frozen-environment.c: the sample file, the slow server, the calibration
 *
 * Each of the three is slow to make the first time, and none of it may
 * happen on the loop's thread in one go: the sample file is written by a
 * worker thread (ll-sample-file.c), the server runs on a thread of its
 * own (ll-slow-server.c; binding its socket is immediate), and the
 * calibration counts primes in a worker thread (ll-primes.c).  Preparing
 * waits for all that was asked, together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-environment"

#include "config.h"

#include "ll-frozen-environment.h"
#include "ll-primes.h"
#include "ll-sample-file.h"
#include "ll-workload-fetch.h"
#include "ll-workload-read.h"

struct _LlFrozenEnvironment
{
  GObject       parent_instance;

  /* owned references */
  GFile        *sample_file;
  LlSlowServer *server;             /* created on first use */

  /* state */
  guint64       sample_size;
  gboolean      sample_ready;
  guint         port;               /* where the server listens, or listened */
  gboolean      server_failed;
};

G_DEFINE_FINAL_TYPE (LlFrozenEnvironment, ll_frozen_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SAMPLE_SIZE,
  PROP_SAMPLE_FILE,
  PROP_SAMPLE_READY,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_sample_ready (LlFrozenEnvironment *self,
                  gboolean             ready)
{
  if (self->sample_ready == ready)
    return;

  self->sample_ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLE_READY]);
}

/* Checking the sample file */

static void
sample_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LlFrozenEnvironment *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  gboolean ready = info != NULL &&
                   g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
                   (guint64) g_file_info_get_size (info) == GPOINTER_TO_SIZE (g_task_get_task_data (task));

  /* Replaced meanwhile: the answer is about a file no longer used. */
  if (G_FILE (source) == self->sample_file &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_sample_ready (self, ready);

  g_task_return_boolean (task, ready);
}

/**
 * ll_frozen_environment_check_sample_async:
 * @self: a #LlFrozenEnvironment
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Looks, without blocking, whether the sample file is already there at
 * its size; #LlFrozenEnvironment:sample-ready follows the answer.
 */
void
ll_frozen_environment_check_sample_async (LlFrozenEnvironment *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LL_IS_FROZEN_ENVIRONMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_frozen_environment_check_sample_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) self->sample_size), NULL);
  g_file_query_info_async (self->sample_file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           sample_checked_cb, g_steal_pointer (&task));
}

/**
 * ll_frozen_environment_check_sample_finish:
 * @self: a #LlFrozenEnvironment
 * @result: the #GAsyncResult given to the callback
 *
 * Returns: whether the sample file that was checked is there, complete
 *   (%FALSE if it could not be looked at)
 */
gboolean
ll_frozen_environment_check_sample_finish (LlFrozenEnvironment *self,
                                           GAsyncResult        *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Preparing */

typedef struct
{
  guint          pending;
  LlFrozenNeeds  made;
  GError        *error;
  GFile         *sample_file;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_clear_error (&prepare->error);
  g_clear_object (&prepare->sample_file);
  g_free (prepare);
}

/* One part is ready: the last one completes the task. */
static void
part_done (GTask         *task,
           LlFrozenNeeds  made,
           GError        *error)
{
  Prepare *prepare = g_task_get_task_data (task);

  if (error != NULL && prepare->error == NULL)
    prepare->error = error;
  else if (error != NULL)
    g_error_free (error);
  prepare->made |= made;

  if (--prepare->pending > 0)
    return;

  if (prepare->error != NULL)
    g_task_return_error (task, g_steal_pointer (&prepare->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
sample_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LlFrozenEnvironment *self = g_task_get_source_object (task);
  Prepare *prepare = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean generated = FALSE;

  if (ll_sample_file_ensure_finish (G_FILE (source), result, &generated, &error) &&
      prepare->sample_file == self->sample_file)
    set_sample_ready (self, TRUE);

  part_done (task, generated ? LL_FROZEN_NEEDS_SAMPLE_FILE : 0, error);
}

static void
calibrated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  ll_primes_calibrate_finish (result, &error);
  part_done (task, LL_FROZEN_NEEDS_CALIBRATION, error);
}

/**
 * ll_frozen_environment_prepare_async:
 * @self: a #LlFrozenEnvironment
 * @needs: what to prepare: ll_frozen_environment_needs_for() a kind
 * @cancellable: (nullable): a #GCancellable
 * @progress_callback: (nullable) (scope notified): the sample file's
 *   progress, on the thread-default main context
 * @progress_data: for @progress_callback
 * @callback: called when everything asked for is ready, or failed
 * @user_data: for @callback
 *
 * Makes what is not there yet: the sample file (in a worker thread),
 * the server (started if it is not running), the calibration (in a
 * worker thread).  What is already there costs nothing.
 */
void
ll_frozen_environment_prepare_async (LlFrozenEnvironment   *self,
                                     LlFrozenNeeds          needs,
                                     GCancellable          *cancellable,
                                     GFileProgressCallback  progress_callback,
                                     gpointer               progress_data,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Prepare *prepare;
  GError *error = NULL;

  g_return_if_fail (LL_IS_FROZEN_ENVIRONMENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_frozen_environment_prepare_async);
  g_task_set_name (task, "[looplab] ll_frozen_environment_prepare_async");
  prepare = g_new0 (Prepare, 1);
  g_task_set_task_data (task, prepare, (GDestroyNotify) prepare_free);

  /* One for this function, so that nothing completes before it returns. */
  prepare->pending = 1;

  if ((needs & LL_FROZEN_NEEDS_SERVER) != 0 &&
      !ll_slow_server_get_running (ll_frozen_environment_get_server (self)))
    {
      if (ll_frozen_environment_start_server (self, 0, &error))
        prepare->made |= LL_FROZEN_NEEDS_SERVER;
      else
        prepare->error = g_steal_pointer (&error);
    }

  if ((needs & LL_FROZEN_NEEDS_CALIBRATION) != 0 && ll_primes_get_rate () <= 0)
    {
      prepare->pending++;
      ll_primes_calibrate_async (cancellable, calibrated_cb, g_object_ref (task));
    }

  if ((needs & LL_FROZEN_NEEDS_SAMPLE_FILE) != 0)
    {
      prepare->pending++;
      prepare->sample_file = g_object_ref (self->sample_file);
      ll_sample_file_ensure_async (self->sample_file, self->sample_size, G_PRIORITY_DEFAULT,
                                   cancellable, progress_callback, progress_data,
                                   sample_ready_cb, g_object_ref (task));
    }

  part_done (task, 0, NULL);
}

/**
 * ll_frozen_environment_prepare_finish:
 * @self: a #LlFrozenEnvironment
 * @result: the #GAsyncResult given to the callback
 * @made: (out) (optional): what had to be made now, rather than found
 *   ready (a sample file generated, a server started, a calibration run)
 * @error: return location for a #GError
 *
 * Returns: whether everything asked for is ready
 */
gboolean
ll_frozen_environment_prepare_finish (LlFrozenEnvironment  *self,
                                      GAsyncResult         *result,
                                      LlFrozenNeeds        *made,
                                      GError              **error)
{
  Prepare *prepare;

  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_frozen_environment_prepare_async, FALSE);

  prepare = g_task_get_task_data (G_TASK (result));
  if (made != NULL)
    *made = prepare->made;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ll_frozen_environment_needs_for:
 * @kind: a kind of work
 *
 * Returns: what a run of @kind needs prepared
 */
LlFrozenNeeds
ll_frozen_environment_needs_for (LlWorkloadKind kind)
{
  switch (kind)
    {
    case LL_WORKLOAD_KIND_READ:
      return LL_FROZEN_NEEDS_SAMPLE_FILE;
    case LL_WORKLOAD_KIND_FETCH:
      return LL_FROZEN_NEEDS_SERVER;
    case LL_WORKLOAD_KIND_COMPUTE:
      return LL_FROZEN_NEEDS_CALIBRATION;
    case LL_WORKLOAD_KIND_SLEEP:
    default:
      return LL_FROZEN_NEEDS_NONE;
    }
}

/**
 * ll_frozen_environment_configure:
 * @self: a #LlFrozenEnvironment
 * @workload: a workload about to run
 *
 * Points a read run at the sample file and a fetch run at the server
 * (port 0 if it could not start, which the run reports); the server
 * answers after the fetch run's delay.  Other kinds need nothing.
 */
void
ll_frozen_environment_configure (LlFrozenEnvironment *self,
                                 LlWorkload          *workload)
{
  g_return_if_fail (LL_IS_FROZEN_ENVIRONMENT (self));
  g_return_if_fail (LL_IS_WORKLOAD (workload));

  if (LL_IS_WORKLOAD_READ (workload))
    ll_workload_read_set_file (LL_WORKLOAD_READ (workload), self->sample_file);

  if (LL_IS_WORKLOAD_FETCH (workload))
    {
      LlWorkloadFetch *fetch = LL_WORKLOAD_FETCH (workload);

      ll_workload_fetch_set_port (fetch, ll_frozen_environment_get_port (self));
      ll_slow_server_set_delay (ll_frozen_environment_get_server (self),
                                ll_workload_fetch_get_delay (fetch));
    }
}

/* The server */

/**
 * ll_frozen_environment_get_server:
 * @self: a #LlFrozenEnvironment
 *
 * Returns: (transfer none): the slow server, made (not started) on the
 *   first call
 */
LlSlowServer *
ll_frozen_environment_get_server (LlFrozenEnvironment *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), NULL);

  if (self->server == NULL)
    self->server = ll_slow_server_new ();

  return self->server;
}

/**
 * ll_frozen_environment_start_server:
 * @self: a #LlFrozenEnvironment
 * @port: the port to listen on, 0 for a free one
 * @error: return location for a #GError
 *
 * Starts the server, which must not be running.
 *
 * Returns: whether it listens now; if not, #LlFrozenEnvironment:port is 0
 */
gboolean
ll_frozen_environment_start_server (LlFrozenEnvironment  *self,
                                    guint                 port,
                                    GError              **error)
{
  LlSlowServer *server;
  guint old_port;

  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), FALSE);

  server = ll_frozen_environment_get_server (self);
  old_port = ll_frozen_environment_get_port (self);
  ll_slow_server_set_port (server, port);
  self->server_failed = !ll_slow_server_start (server, error);
  if (!self->server_failed)
    self->port = ll_slow_server_get_port (server);

  if (ll_frozen_environment_get_port (self) != old_port)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  return !self->server_failed;
}

/**
 * ll_frozen_environment_get_port:
 * @self: a #LlFrozenEnvironment
 *
 * Returns: where the server listens, or listened before it was stopped
 *   (so that connections are refused there); 0 before it started, or if
 *   its last start failed
 */
guint
ll_frozen_environment_get_port (LlFrozenEnvironment *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), 0);

  return self->server_failed ? 0 : self->port;
}

/* The sample file */

guint64
ll_frozen_environment_get_sample_size (LlFrozenEnvironment *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), 0);

  return self->sample_size;
}

/**
 * ll_frozen_environment_set_sample_size:
 * @self: a #LlFrozenEnvironment
 * @size: bytes, 1 MiB to %LL_SAMPLE_FILE_MAX_SIZE (the page offers
 *   %LL_SAMPLE_FILE_MIN_SIZE and up, the command line less)
 *
 * Each size has its own sample file: this changes
 * #LlFrozenEnvironment:sample-file, not ready until checked or made.
 */
void
ll_frozen_environment_set_sample_size (LlFrozenEnvironment *self,
                                       guint64              size)
{
  g_return_if_fail (LL_IS_FROZEN_ENVIRONMENT (self));
  g_return_if_fail (size >= LL_MIB && size <= LL_SAMPLE_FILE_MAX_SIZE);

  if (self->sample_size == size && self->sample_file != NULL)
    return;

  self->sample_size = size;
  g_clear_object (&self->sample_file);
  self->sample_file = ll_sample_file_get_default (size);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLE_SIZE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLE_FILE]);
  set_sample_ready (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_frozen_environment_get_sample_file:
 * @self: a #LlFrozenEnvironment
 *
 * Returns: (transfer none): the sample file of the current size (it may
 *   not exist yet)
 */
GFile *
ll_frozen_environment_get_sample_file (LlFrozenEnvironment *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), NULL);

  return self->sample_file;
}

gboolean
ll_frozen_environment_get_sample_ready (LlFrozenEnvironment *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_ENVIRONMENT (self), FALSE);

  return self->sample_ready;
}

/* GObject */

static void
ll_frozen_environment_dispose (GObject *object)
{
  LlFrozenEnvironment *self = LL_FROZEN_ENVIRONMENT (object);

  if (self->server != NULL)
    ll_slow_server_stop (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->sample_file);

  G_OBJECT_CLASS (ll_frozen_environment_parent_class)->dispose (object);
}

static void
ll_frozen_environment_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LlFrozenEnvironment *self = LL_FROZEN_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_SAMPLE_SIZE:
      g_value_set_uint64 (value, self->sample_size);
      break;
    case PROP_SAMPLE_FILE:
      g_value_set_object (value, self->sample_file);
      break;
    case PROP_SAMPLE_READY:
      g_value_set_boolean (value, self->sample_ready);
      break;
    case PROP_PORT:
      g_value_set_uint (value, ll_frozen_environment_get_port (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_frozen_environment_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LlFrozenEnvironment *self = LL_FROZEN_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_SAMPLE_SIZE:
      ll_frozen_environment_set_sample_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_frozen_environment_class_init (LlFrozenEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_frozen_environment_dispose;
  object_class->get_property = ll_frozen_environment_get_property;
  object_class->set_property = ll_frozen_environment_set_property;

  /**
   * LlFrozenEnvironment:sample-size:
   *
   * The size of the sample file, in bytes.
   */
  properties[PROP_SAMPLE_SIZE] =
    g_param_spec_uint64 ("sample-size", NULL, NULL,
                         LL_MIB, LL_SAMPLE_FILE_MAX_SIZE, LL_SAMPLE_FILE_DEFAULT_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlFrozenEnvironment:sample-file:
   *
   * The sample file of #LlFrozenEnvironment:sample-size.
   */
  properties[PROP_SAMPLE_FILE] =
    g_param_spec_object ("sample-file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlFrozenEnvironment:sample-ready:
   *
   * Whether the sample file is known to be there, complete.
   */
  properties[PROP_SAMPLE_READY] =
    g_param_spec_boolean ("sample-ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlFrozenEnvironment:port:
   *
   * See ll_frozen_environment_get_port().
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_frozen_environment_init (LlFrozenEnvironment *self)
{
  self->sample_size = LL_SAMPLE_FILE_DEFAULT_SIZE;
  self->sample_file = ll_sample_file_get_default (self->sample_size);
}

/**
 * ll_frozen_environment_new:
 *
 * Returns: (transfer full): an environment with the default sample
 *   size, nothing prepared
 */
LlFrozenEnvironment *
ll_frozen_environment_new (void)
{
  return g_object_new (LL_TYPE_FROZEN_ENVIRONMENT, NULL);
}
