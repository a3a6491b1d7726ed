/* ll-interleave-model.c: A prints 1 2 3, B prints x y z, on one thread
 *
 * Two coroutines, each printing an item and then yielding.  The
 * scheduler runs in step mode, and a schedule such as AABBAB says which
 * of the two resumes at each step (ll_scheduler_step_co()), so the
 * output is 1 2 x y 3 z: neither coroutine knows about the other, and
 * nothing runs in parallel, yet their lines interleave.  After the
 * schedule, one more step each lets them leave their loops and finish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-interleave-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-co.h"
#include "ll-interleave-model.h"

#define N_ITEMS LL_INTERLEAVE_N_ITEMS

static const char * const a_items[] = { "1", "2", "3", NULL };
static const char * const b_items[] = { "x", "y", "z", NULL };

struct _LlInterleaveModel
{
  LlSimModel    parent_instance;

  /* Owned references */
  LlCo         *a;
  LlCo         *b;
  char         *schedule;
  GString      *output;      /* the items printed, space-separated */

  /* State */
  guint         position;    /* steps taken */
  guint         n_printed[2];
};

static void     print_item               (LlInterleaveModel *self,
                                          char               who,
                                          const char        *item);
static gboolean ll_interleave_model_step (LlSimModel        *model);

typedef struct
{
  LlCo                co;
  LlInterleaveModel  *self;   /* borrowed: cleared when the model lets go */
  char                who;
  const char * const *items;
  guint               i;
} PrinterFrame;

/* The line a printer that never ran stands at, the one a debugger shows
 * before its first step: the loop of printer_run(), below.
 * test-coroutine-models checks that it is that line. */
enum { PRINTER_START_LINE = __LINE__ + 9 };

static LlCoStatus
printer_run (LlCo *co)
{
  PrinterFrame *f = (PrinterFrame *) co;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->items[f->i] != NULL; f->i++)
    {
      print_item (f->self, f->who, f->items[f->i]);
      /* Hand control back: whoever the schedule names runs next. */
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

G_DEFINE_FINAL_TYPE (LlInterleaveModel, ll_interleave_model, LL_TYPE_SIM_MODEL)

enum {
  PROP_0,
  PROP_SCHEDULE,
  PROP_POSITION,
  N_PROPS
};

enum {
  OUTPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
print_item (LlInterleaveModel *self,
            char               who,
            const char        *item)
{
  if (self == NULL)
    return;

  if (self->output->len > 0)
    g_string_append_c (self->output, ' ');
  g_string_append (self->output, item);
  self->n_printed[who == 'A' ? 0 : 1]++;

  g_signal_emit (self, signals[OUTPUT], 0, (int) who, item);
  ll_sim_model_emit_line (LL_SIM_MODEL (self), item);
}

/**
 * ll_interleave_parse_schedule:
 * @schedule: a schedule such as "AABBAB"
 * @error: return location for a #GError
 *
 * Checks a schedule: exactly three A and three B (uppercase), nothing
 * else.
 *
 * Returns: %TRUE if @schedule is valid; %FALSE with
 *   %G_OPTION_ERROR_BAD_VALUE naming the problem otherwise
 */
gboolean
ll_interleave_parse_schedule (const char  *schedule,
                              GError     **error)
{
  guint n_a = 0;
  guint n_b = 0;
  const char *p;

  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!g_utf8_validate (schedule, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--schedule is not valid UTF-8: use the letters A and B, such as %s"),
                   LL_INTERLEAVE_DEFAULT_SCHEDULE);
      return FALSE;
    }

  for (p = schedule; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == 'A')
        n_a++;
      else if (*p == 'B')
        n_b++;
      else
        {
          g_autofree char *bad = g_utf8_substring (p, 0, 1);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--schedule “%s”: “%s” is neither A nor B; a schedule names who runs next, such as %s"),
                       schedule, bad, LL_INTERLEAVE_DEFAULT_SCHEDULE);
          return FALSE;
        }
    }

  if (n_a != N_ITEMS || n_b != N_ITEMS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--schedule “%s” has %u A and %u B: it needs exactly three of each, such as %s"),
                   schedule, n_a, n_b, LL_INTERLEAVE_DEFAULT_SCHEDULE);
      return FALSE;
    }

  return TRUE;
}

static LlCo *
printer_new (LlInterleaveModel *self,
             char               who)
{
  PrinterFrame *f = ll_co_new (PrinterFrame, printer_run, NULL);

  f->self = self;
  f->who = who;
  f->items = ll_interleave_model_get_items (who);
  ll_co_set_name (&f->co, who == 'A' ? "A" : "B");

  return &f->co;
}

/* Cancels a printer and lets go of it.  In step mode a cancelled
 * printer unwinds only when stepped, so ll_sim_model_drop_task() steps
 * it once more: the scheduler lets go of it now too. */
static void
drop_printer (LlInterleaveModel  *self,
              LlCo              **co)
{
  if (*co != NULL)
    ((PrinterFrame *) *co)->self = NULL;
  ll_sim_model_drop_task (LL_SIM_MODEL (self), co);
}

/* Says where the run stands: the line where the next one resumes, its
 * yield, or its loop if it never ran. */
static void
set_position (LlInterleaveModel *self,
              guint              position)
{
  char next;

  g_object_freeze_notify (G_OBJECT (self));
  ll_sim_model_set_uint (LL_SIM_MODEL (self), &self->position, position, properties[PROP_POSITION]);
  next = ll_interleave_model_get_next (self);
  ll_sim_model_set_source_line (LL_SIM_MODEL (self),
                                next != 0 ?
                                ll_sim_co_line (ll_interleave_model_get_coroutine (self, next),
                                                PRINTER_START_LINE) :
                                0);
  ll_sim_model_set_running (LL_SIM_MODEL (self), next != 0);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
ll_interleave_model_stop_run (LlSimModel *model)
{
  LlInterleaveModel *self = LL_INTERLEAVE_MODEL (model);

  drop_printer (self, &self->a);
  drop_printer (self, &self->b);
  ll_sim_model_set_source_line (model, 0);
}

static void
ll_interleave_model_dispose (GObject *object)
{
  LlInterleaveModel *self = LL_INTERLEAVE_MODEL (object);

  drop_printer (self, &self->a);
  drop_printer (self, &self->b);

  G_OBJECT_CLASS (ll_interleave_model_parent_class)->dispose (object);
}

static void
ll_interleave_model_finalize (GObject *object)
{
  LlInterleaveModel *self = LL_INTERLEAVE_MODEL (object);

  g_free (self->schedule);
  g_string_free (self->output, TRUE);

  G_OBJECT_CLASS (ll_interleave_model_parent_class)->finalize (object);
}

static void
ll_interleave_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LlInterleaveModel *self = LL_INTERLEAVE_MODEL (object);

  switch (prop_id)
    {
    case PROP_SCHEDULE:
      g_value_set_string (value, self->schedule);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_interleave_model_class_init (LlInterleaveModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlSimModelClass *sim_class = LL_SIM_MODEL_CLASS (klass);

  object_class->dispose = ll_interleave_model_dispose;
  object_class->finalize = ll_interleave_model_finalize;
  object_class->get_property = ll_interleave_model_get_property;

  sim_class->stop = ll_interleave_model_stop_run;
  sim_class->step = ll_interleave_model_step;

  /**
   * LlInterleaveModel:schedule:
   *
   * Who runs at each step, such as "AABBAB".
   */
  properties[PROP_SCHEDULE] =
    g_param_spec_string ("schedule", NULL, NULL,
                         LL_INTERLEAVE_DEFAULT_SCHEDULE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * LlInterleaveModel:position:
   *
   * How many steps the run has taken.
   */
  properties[PROP_POSITION] = ll_sim_model_param_counter ("position");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlInterleaveModel::output:
   * @self: the model
   * @who: 'A' or 'B'
   * @item: what it printed
   *
   * Emitted from inside a coroutine each time it prints its next item.
   */
  signals[OUTPUT] =
    g_signal_new ("output",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_INT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ll_interleave_model_init (LlInterleaveModel *self)
{
  self->schedule = g_strdup (LL_INTERLEAVE_DEFAULT_SCHEDULE);
  self->output = g_string_new (NULL);
}

/**
 * ll_interleave_model_new:
 * @scheduler: the scheduler to run on
 *
 * Returns: (transfer full): a new model with the schedule AABBAB
 */
LlInterleaveModel *
ll_interleave_model_new (LlScheduler *scheduler)
{
  g_return_val_if_fail (LL_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (LL_TYPE_INTERLEAVE_MODEL, "scheduler", scheduler, NULL);
}

const char *
ll_interleave_model_get_schedule (LlInterleaveModel *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), NULL);

  return self->schedule;
}

/**
 * ll_interleave_model_set_schedule:
 * @self: a model
 * @schedule: three A and three B, such as "ABABAB"
 * @error: return location for a #GError
 *
 * Sets the schedule of the next run, if it is valid.
 *
 * Returns: %TRUE if @schedule was valid; %FALSE with @error set as
 *   ll_interleave_parse_schedule() sets it, the schedule unchanged
 */
gboolean
ll_interleave_model_set_schedule (LlInterleaveModel  *self,
                                  const char         *schedule,
                                  GError            **error)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), FALSE);
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!ll_interleave_parse_schedule (schedule, error))
    return FALSE;

  if (!g_str_equal (self->schedule, schedule))
    {
      g_free (self->schedule);
      self->schedule = g_strdup (schedule);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE]);
    }

  return TRUE;
}

/**
 * ll_interleave_model_start:
 * @self: a model
 *
 * Starts a run afresh with the schedule: puts the scheduler in step mode
 * and spawns A and B, which wait for ll_interleave_model_step().
 */
void
ll_interleave_model_start (LlInterleaveModel *self)
{
  LlScheduler *scheduler;

  g_return_if_fail (LL_IS_INTERLEAVE_MODEL (self));

  scheduler = ll_sim_model_get_scheduler (LL_SIM_MODEL (self));
  ll_sim_model_stop (LL_SIM_MODEL (self));
  g_string_truncate (self->output, 0);
  self->n_printed[0] = self->n_printed[1] = 0;

  /* Step mode: a ready coroutine waits until a step names it. */
  ll_scheduler_set_step_mode (scheduler, TRUE);
  self->a = printer_new (self, 'A');
  self->b = printer_new (self, 'B');
  ll_scheduler_spawn (scheduler, self->a);
  ll_scheduler_spawn (scheduler, self->b);
  set_position (self, 0);
}

/* Resumes the coroutine the schedule names next up to its next yield:
 * one item.  Past the schedule, one more step each lets A and B finish. */
static gboolean
ll_interleave_model_step (LlSimModel *model)
{
  LlInterleaveModel *self = LL_INTERLEAVE_MODEL (model);
  char who;
  gboolean stepped;

  who = ll_interleave_model_get_next (self);
  if (who == 0)
    return FALSE;

  stepped = ll_scheduler_step_co (ll_sim_model_get_scheduler (model), who == 'A' ? self->a : self->b);
  g_assert (stepped);
  set_position (self, self->position + 1);

  return TRUE;
}

guint
ll_interleave_model_get_position (LlInterleaveModel *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), 0);

  return self->position;
}

/**
 * ll_interleave_model_get_n_steps:
 * @self: a model
 *
 * Returns: how many steps a run takes: one per letter of the schedule,
 *   then one each to finish
 */
guint
ll_interleave_model_get_n_steps (LlInterleaveModel *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), 0);

  return strlen (self->schedule) + 2;
}

/**
 * ll_interleave_model_get_finished:
 * @self: a model
 *
 * Returns: whether A and B have both finished (or no run was started)
 */
gboolean
ll_interleave_model_get_finished (LlInterleaveModel *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), TRUE);

  return ll_interleave_model_get_next (self) == 0;
}

/**
 * ll_interleave_model_get_next:
 * @self: a model
 *
 * Returns: 'A' or 'B', who runs at the next step; 0 when the run is
 *   over or none was started
 */
char
ll_interleave_model_get_next (LlInterleaveModel *self)
{
  gsize length;

  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), 0);

  if (self->a == NULL)
    return 0;

  length = strlen (self->schedule);
  if (self->position < length)
    return self->schedule[self->position];

  /* Past the schedule: whoever has not finished, A first. */
  if (ll_co_get_state (self->a) != LL_CO_STATE_FINISHED)
    return 'A';
  if (ll_co_get_state (self->b) != LL_CO_STATE_FINISHED)
    return 'B';

  return 0;
}

/**
 * ll_interleave_model_get_coroutine:
 * @self: a model
 * @who: 'A' or 'B'
 *
 * Returns: (transfer none) (nullable): the coroutine of the run
 */
LlCo *
ll_interleave_model_get_coroutine (LlInterleaveModel *self,
                                   char               who)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), NULL);
  g_return_val_if_fail (who == 'A' || who == 'B', NULL);

  return who == 'A' ? self->a : self->b;
}

/**
 * ll_interleave_model_get_items:
 * @who: 'A' or 'B'
 *
 * Returns: (array zero-terminated=1) (transfer none): what @who prints
 */
const char * const *
ll_interleave_model_get_items (char who)
{
  g_return_val_if_fail (who == 'A' || who == 'B', NULL);

  return who == 'A' ? a_items : b_items;
}

/**
 * ll_interleave_model_get_n_printed:
 * @self: a model
 * @who: 'A' or 'B'
 *
 * Returns: how many items @who has printed in this run
 */
guint
ll_interleave_model_get_n_printed (LlInterleaveModel *self,
                                   char               who)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), 0);
  g_return_val_if_fail (who == 'A' || who == 'B', 0);

  return self->n_printed[who == 'A' ? 0 : 1];
}

/**
 * ll_interleave_model_get_output:
 * @self: a model
 *
 * Returns: the items printed so far, separated by spaces ("1 2 x")
 */
const char *
ll_interleave_model_get_output (LlInterleaveModel *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (self), NULL);

  return self->output->str;
}
