/* ll-stepper.c: Step, Run and Reset for a program run one step at a time
 *
 * The controls of the step debuggers (interleaving, producer and
 * consumer).  Step emits ::step once; Run emits it on its own, at 0.2
 * to 10 steps a second, timed by the frame clock like every animation
 * here, until the page says there is nothing left to step; Reset emits
 * ::reset.  The page does the stepping: the stepper only asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-stepper"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-accessible.h"
#include "ll-stepper.h"

struct _LlStepper
{
  GtkWidget parent_instance;

  /* template children */
  GtkWidget       *box;
  GtkButton       *step_button;
  GtkToggleButton *run_button;
  GtkButton       *reset_button;
  GtkAdjustment   *speed_adjustment;
  GtkLabel        *speed_label;

  /* pending source ids */
  guint            tick_id;

  /* state */
  gint64           next_step_time;   /* frame time of the next step when running, 0 = first tick */
  gboolean         can_step;
};

G_DEFINE_FINAL_TYPE (LlStepper, ll_stepper, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SPEED,
  PROP_CAN_STEP,
  N_PROPS
};

enum {
  STEP,
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_speed_label (LlStepper *self)
{
  g_autofree char *text = NULL;
  double speed = gtk_adjustment_get_value (self->speed_adjustment);

  text = g_strdup_printf (_("%.1f steps/s"), speed);
  gtk_label_set_label (self->speed_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static gboolean
run_tick (GtkWidget     *widget,
          GdkFrameClock *frame_clock,
          gpointer       user_data)
{
  LlStepper *self = LL_STEPPER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  gint64 period = (gint64) (G_USEC_PER_SEC / gtk_adjustment_get_value (self->speed_adjustment));

  if (self->next_step_time == 0)
    {
      /* The first step at once: Run answers the click. */
      self->next_step_time = now;
    }

  if (now >= self->next_step_time)
    {
      /* Late frames do not make a burst of steps: one per frame at most. */
      self->next_step_time = MAX (self->next_step_time + period, now + period / 2);
      g_signal_emit (self, signals[STEP], 0);

      if (!self->can_step)
        {
          /* Removed by the return, not by the toggle's handler. */
          self->tick_id = 0;
          ll_stepper_set_running (self, FALSE);
          return G_SOURCE_REMOVE;
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (LlStepper *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
update_sensitivity (LlStepper *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_button), self->can_step);
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button),
                            self->can_step || gtk_toggle_button_get_active (self->run_button));
}

static void
step_clicked_cb (LlStepper *self)
{
  ll_stepper_step (self);
}

static void
run_toggled_cb (LlStepper *self)
{
  gboolean running = gtk_toggle_button_get_active (self->run_button);

  if (running && self->tick_id == 0)
    {
      self->next_step_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), run_tick, NULL, NULL);
    }
  else if (!running)
    {
      stop_ticking (self);
    }

  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
reset_clicked_cb (LlStepper *self)
{
  ll_stepper_reset (self);
}

static void
ll_stepper_unmap (GtkWidget *widget)
{
  /* Nothing runs out of sight. */
  ll_stepper_set_running (LL_STEPPER (widget), FALSE);

  GTK_WIDGET_CLASS (ll_stepper_parent_class)->unmap (widget);
}

static void
ll_stepper_dispose (GObject *object)
{
  LlStepper *self = LL_STEPPER (object);

  stop_ticking (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_STEPPER);

  G_OBJECT_CLASS (ll_stepper_parent_class)->dispose (object);
}

static void
ll_stepper_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LlStepper *self = LL_STEPPER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ll_stepper_get_running (self));
      break;

    case PROP_SPEED:
      g_value_set_double (value, ll_stepper_get_speed (self));
      break;

    case PROP_CAN_STEP:
      g_value_set_boolean (value, self->can_step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_stepper_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LlStepper *self = LL_STEPPER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      ll_stepper_set_running (self, g_value_get_boolean (value));
      break;

    case PROP_SPEED:
      ll_stepper_set_speed (self, g_value_get_double (value));
      break;

    case PROP_CAN_STEP:
      ll_stepper_set_can_step (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_stepper_class_init (LlStepperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_stepper_dispose;
  object_class->get_property = ll_stepper_get_property;
  object_class->set_property = ll_stepper_set_property;

  widget_class->unmap = ll_stepper_unmap;

  /**
   * LlStepper:running:
   *
   * Whether Run is on: ::step is emitted on its own.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlStepper:speed:
   *
   * Steps per second while running.
   */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         LL_STEPPER_MIN_SPEED, LL_STEPPER_MAX_SPEED, 2.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlStepper:can-step:
   *
   * Whether there is a step to take; set by the page.  Without one,
   * Step is insensitive and Run stops.
   */
  properties[PROP_CAN_STEP] =
    g_param_spec_boolean ("can-step", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlStepper::step:
   * @self: the stepper
   *
   * Asks the page to take one step.
   */
  signals[STEP] =
    g_signal_new ("step",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LlStepper::reset:
   * @self: the stepper
   *
   * Asks the page to start again from the top.
   */
  signals[RESET] =
    g_signal_new ("reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-stepper.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, box);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, run_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, reset_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlStepper, speed_label);
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
ll_stepper_init (LlStepper *self)
{
  self->can_step = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  ll_accessible_name_buttons (GTK_WIDGET (self));

  update_speed_label (self);
  g_signal_connect_object (self->speed_adjustment, "value-changed",
                           G_CALLBACK (update_speed_label), self, G_CONNECT_SWAPPED);
}

/**
 * ll_stepper_new:
 *
 * Returns: (transfer floating): a new stepper
 */
GtkWidget *
ll_stepper_new (void)
{
  return g_object_new (LL_TYPE_STEPPER, NULL);
}

gboolean
ll_stepper_get_running (LlStepper *self)
{
  g_return_val_if_fail (LL_IS_STEPPER (self), FALSE);

  return gtk_toggle_button_get_active (self->run_button);
}

void
ll_stepper_set_running (LlStepper *self,
                        gboolean   running)
{
  g_return_if_fail (LL_IS_STEPPER (self));

  /* The toggle's handler does the rest and notifies. */
  gtk_toggle_button_set_active (self->run_button, running && self->can_step);
}

double
ll_stepper_get_speed (LlStepper *self)
{
  g_return_val_if_fail (LL_IS_STEPPER (self), 0.0);

  return gtk_adjustment_get_value (self->speed_adjustment);
}

void
ll_stepper_set_speed (LlStepper *self,
                      double     speed)
{
  g_return_if_fail (LL_IS_STEPPER (self));

  gtk_adjustment_set_value (self->speed_adjustment,
                            CLAMP (speed, LL_STEPPER_MIN_SPEED, LL_STEPPER_MAX_SPEED));
}

gboolean
ll_stepper_get_can_step (LlStepper *self)
{
  g_return_val_if_fail (LL_IS_STEPPER (self), FALSE);

  return self->can_step;
}

void
ll_stepper_set_can_step (LlStepper *self,
                         gboolean   can_step)
{
  g_return_if_fail (LL_IS_STEPPER (self));

  can_step = !!can_step;
  if (self->can_step == can_step)
    return;

  self->can_step = can_step;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_STEP]);
}

/**
 * ll_stepper_step:
 * @self: a stepper
 *
 * Takes one step, as the Step button does, if there is one to take.
 */
void
ll_stepper_step (LlStepper *self)
{
  g_return_if_fail (LL_IS_STEPPER (self));

  if (self->can_step)
    g_signal_emit (self, signals[STEP], 0);
}

/**
 * ll_stepper_reset:
 * @self: a stepper
 *
 * Stops running and asks for a reset, as the Reset button does.
 */
void
ll_stepper_reset (LlStepper *self)
{
  g_return_if_fail (LL_IS_STEPPER (self));

  ll_stepper_set_running (self, FALSE);
  g_signal_emit (self, signals[RESET], 0);
}
