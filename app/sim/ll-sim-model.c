/* ll-sim-model.c: the base class of the demo models
 *
 * What the countdown, interleave, producer/consumer and courier models
 * share: the construct-only :scheduler, :running, :source-line, the
 * ::line signal, stopping and stepping, and the way a stepped run lets
 * go of a task.  See ll-sim-model.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sim-model"

#include "config.h"

#include "ll-sim-model.h"

typedef struct
{
  /* owned references */
  LlScheduler *scheduler;

  /* state */
  gboolean     running;
  int          source_line;
} LlSimModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LlSimModel, ll_sim_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_RUNNING,
  PROP_SOURCE_LINE,
  N_PROPS
};

enum {
  LINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ll_sim_model_dispose (GObject *object)
{
  LlSimModel *self = LL_SIM_MODEL (object);
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  /* The subclass's dispose has let go of its tasks already. */
  g_clear_object (&priv->scheduler);

  G_OBJECT_CLASS (ll_sim_model_parent_class)->dispose (object);
}

static void
ll_sim_model_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlSimModel *self = LL_SIM_MODEL (object);
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, priv->scheduler);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, priv->running);
      break;

    case PROP_SOURCE_LINE:
      g_value_set_int (value, priv->source_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sim_model_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlSimModel *self = LL_SIM_MODEL (object);
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      priv->scheduler = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sim_model_class_init (LlSimModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_sim_model_dispose;
  object_class->get_property = ll_sim_model_get_property;
  object_class->set_property = ll_sim_model_set_property;

  /**
   * LlSimModel:scheduler:
   *
   * The scheduler the model's coroutines run on; its clock times them.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL,
                         LL_TYPE_SCHEDULER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlSimModel:running:
   *
   * Whether a run is under way.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * LlSimModel:source-line:
   *
   * The line of the model's own C source that runs next, from 1: where
   * the coroutine to resume next stands (its resume point, or its start
   * if it never ran); 0 when none does.
   */
  properties[PROP_SOURCE_LINE] =
    g_param_spec_int ("source-line", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlSimModel::line:
   * @self: the model
   * @line: a line of the transcript, without its newline
   *
   * Emitted for each line the model's coroutines print, from inside the
   * coroutine: the lines `looplab-cli run` prints.
   */
  signals[LINE] =
    g_signal_new ("line",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ll_sim_model_init (LlSimModel *self)
{
}

/**
 * ll_sim_model_get_scheduler:
 * @self: a model
 *
 * Returns: (transfer none): the scheduler it runs on
 */
LlScheduler *
ll_sim_model_get_scheduler (LlSimModel *self)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_val_if_fail (LL_IS_SIM_MODEL (self), NULL);

  return priv->scheduler;
}

gboolean
ll_sim_model_get_running (LlSimModel *self)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_val_if_fail (LL_IS_SIM_MODEL (self), FALSE);

  return priv->running;
}

/**
 * ll_sim_model_get_source_line:
 * @self: a model
 *
 * Returns: the line of the model's C source that runs next, from 1; 0
 *   for none (see #LlSimModel:source-line)
 */
int
ll_sim_model_get_source_line (LlSimModel *self)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_val_if_fail (LL_IS_SIM_MODEL (self), 0);

  return priv->source_line;
}

/**
 * ll_sim_model_stop:
 * @self: a model
 *
 * Drops the run under way, if any: its coroutines are cancelled.  What
 * it printed and counted stays.
 */
void
ll_sim_model_stop (LlSimModel *self)
{
  g_return_if_fail (LL_IS_SIM_MODEL (self));

  if (LL_SIM_MODEL_GET_CLASS (self)->stop != NULL)
    LL_SIM_MODEL_GET_CLASS (self)->stop (self);
  ll_sim_model_set_running (self, FALSE);
}

/**
 * ll_sim_model_step:
 * @self: a started model on a scheduler in step mode
 *
 * Resumes the run by one step, as a debugger's Step button does; call
 * it from outside any task.
 *
 * Returns: %TRUE if a step ran, %FALSE if the run is over (or the
 *   model is not one that steps)
 */
gboolean
ll_sim_model_step (LlSimModel *self)
{
  g_return_val_if_fail (LL_IS_SIM_MODEL (self), FALSE);

  if (LL_SIM_MODEL_GET_CLASS (self)->step == NULL)
    return FALSE;

  return LL_SIM_MODEL_GET_CLASS (self)->step (self);
}

/**
 * ll_sim_model_param_counter:
 * @name: a static string
 *
 * For a subclass's class_init: a read-only count from 0, notified
 * explicitly (see ll_sim_model_set_uint()).
 *
 * Returns: (transfer floating): the spec
 */
GParamSpec *
ll_sim_model_param_counter (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL,
                            0, G_MAXUINT, 0,
                            (G_PARAM_READABLE |
                             G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

/**
 * ll_sim_model_set_uint:
 * @self: a model
 * @field: the field behind @pspec
 * @value: its new value
 * @pspec: a property of @self
 *
 * Stores @value in @field and notifies @pspec only if that changed it.
 */
void
ll_sim_model_set_uint (LlSimModel *self,
                       guint      *field,
                       guint       value,
                       GParamSpec *pspec)
{
  g_return_if_fail (LL_IS_SIM_MODEL (self));
  g_return_if_fail (field != NULL);

  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/**
 * ll_sim_model_set_running:
 * @self: a model
 * @running: whether a run is under way
 *
 * For a subclass: notifies :running on a change.
 */
void
ll_sim_model_set_running (LlSimModel *self,
                          gboolean    running)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_MODEL (self));

  running = !!running;
  if (priv->running == running)
    return;

  priv->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * ll_sim_model_set_source_line:
 * @self: a model
 * @line: a line of the subclass's own C source, from 1; 0 for none
 *
 * For a subclass: says where its program stands, as ll_sim_co_line()
 * tells it; notifies :source-line on a change.
 */
void
ll_sim_model_set_source_line (LlSimModel *self,
                              int         line)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_MODEL (self));
  g_return_if_fail (line >= 0);

  if (priv->source_line == line)
    return;

  priv->source_line = line;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_LINE]);
}

/**
 * ll_sim_model_emit_line:
 * @self: a model
 * @line: a line of the transcript, without its newline
 *
 * For a subclass: emits #LlSimModel::line.
 */
void
ll_sim_model_emit_line (LlSimModel *self,
                        const char *line)
{
  g_return_if_fail (LL_IS_SIM_MODEL (self));
  g_return_if_fail (line != NULL);

  g_signal_emit (self, signals[LINE], 0, line);
}

/**
 * ll_sim_model_drop_task:
 * @self: a model
 * @task: (inout) (nullable): a task of its run, or %NULL
 *
 * For a subclass: cancels the task and lets go of it; *@task is %NULL
 * afterwards.  A task cancelled while ready unwinds only when it is next
 * resumed, which in step mode means only when it is stepped: so unless
 * a task is running now, it is stepped once more here, and the
 * scheduler lets go of it (and of what its frame holds) at once.
 *
 * Clear the frame's pointer back to the model first: a task cancelled
 * while it runs carries on up to its next resume point.
 */
void
ll_sim_model_drop_task (LlSimModel  *self,
                        LlCo       **task)
{
  LlSimModelPrivate *priv = ll_sim_model_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_MODEL (self));
  g_return_if_fail (task != NULL);

  if (*task == NULL)
    return;

  ll_co_cancel (*task);
  if (ll_co_get_wait (*task) == LL_CO_WAIT_READY &&
      ll_scheduler_get_current (priv->scheduler) == NULL)
    ll_scheduler_step_co (priv->scheduler, *task);
  g_clear_pointer (task, ll_co_unref);
}

/**
 * ll_sim_co_line:
 * @co: (nullable): a coroutine of a model
 * @start_line: the line of the model's source where @co starts, the
 *   one a coroutine that never ran stands at
 *
 * Returns: the line @co resumes from: @start_line before its first
 *   run, then its resume point (ll_co_get_line()); 0 once it finished,
 *   or for %NULL
 */
int
ll_sim_co_line (LlCo *co,
                int   start_line)
{
  if (co == NULL)
    return 0;

  switch (ll_co_get_state (co))
    {
    case LL_CO_STATE_CREATED:
      return start_line;

    case LL_CO_STATE_FINISHED:
      return 0;

    default:
      return ll_co_get_line (co);
    }
}
