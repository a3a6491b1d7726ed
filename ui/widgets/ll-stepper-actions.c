/* ll-stepper-actions.c: the Step and Run actions of a page with a stepper
 *
 * The pages that run their program one step at a time (interleaving,
 * producer/consumer) give the keyboard the stepper's two buttons: F10
 * steps, F5 runs or pauses, as in a debugger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-stepper-actions"

#include "config.h"

#include "ll-stepper.h"
#include "ll-stepper-actions.h"

static LlStepper *
stepper_of (GtkWidget *widget)
{
  GObject *stepper = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), "stepper");

  g_assert (LL_IS_STEPPER (stepper));

  return LL_STEPPER (stepper);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ll_stepper_step (stepper_of (widget));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LlStepper *stepper = stepper_of (widget);

  ll_stepper_set_running (stepper, !ll_stepper_get_running (stepper));
}

/**
 * ll_stepper_actions_install:
 * @widget_class: the class of a page whose template has an #LlStepper
 *   with the id `stepper`
 *
 * Installs `page.step` and `page.run`, which press the stepper's Step
 * and Run buttons, bound to F10 and F5.  Call it in class_init, after
 * the template is set.
 */
void
ll_stepper_actions_install (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_install_action (widget_class, "page.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "page.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "page.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "page.run", NULL);
}
