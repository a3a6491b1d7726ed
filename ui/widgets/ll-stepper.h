/* ll-stepper.h: Step, Run and Reset for a program run one step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_STEPPER_MIN_SPEED 0.2
#define LL_STEPPER_MAX_SPEED 10.0

#define LL_TYPE_STEPPER (ll_stepper_get_type ())

G_DECLARE_FINAL_TYPE (LlStepper, ll_stepper, LL, STEPPER, GtkWidget)

GtkWidget *ll_stepper_new           (void);
gboolean   ll_stepper_get_running   (LlStepper *self);
void       ll_stepper_set_running   (LlStepper *self,
                                     gboolean   running);
double     ll_stepper_get_speed     (LlStepper *self);
void       ll_stepper_set_speed     (LlStepper *self,
                                     double     speed);
gboolean   ll_stepper_get_can_step  (LlStepper *self);
void       ll_stepper_set_can_step  (LlStepper *self,
                                     gboolean   can_step);
void       ll_stepper_step          (LlStepper *self);
void       ll_stepper_reset         (LlStepper *self);


G_END_DECLS
