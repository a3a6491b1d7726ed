/* ll-interleave-page.c: "Interleaving", two coroutines stepped by a schedule
 *
 * The model (app/sim/ll-interleave-model.c) runs A and B on the page's
 * own scheduler in step mode; each Step resumes the one the schedule
 * names, up to its next yield.  A valid schedule typed in the entry
 * restarts the run at once; an invalid one is explained and ignored.
 * The line it highlights is where the next coroutine resumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-interleave-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-interleave-page.h"
#include "ll-interleave-view.h"
#include "ll-stepper.h"
#include "ll-stepper-actions.h"

struct _LlInterleavePage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkEntry    *schedule_entry;
  GtkLabel    *schedule_error_label;
  LlStepper   *stepper;
  GtkLabel    *status_label;
  GtkBox      *view_box;
  GtkLabel    *output_label;

  /* owned references */
  LlScheduler       *scheduler;
  LlInterleaveModel *model;
};

G_DEFINE_FINAL_TYPE (LlInterleavePage, ll_interleave_page, LL_TYPE_DEMO_PAGE)

/* The file the Source tab shows, and the page's lines refer to. */
#define SOURCE "app/sim/ll-interleave-model.c"

static void
update (LlInterleavePage *self)
{
  char next = ll_interleave_model_get_next (self->model);
  guint position = ll_interleave_model_get_position (self->model);
  const char *output = ll_interleave_model_get_output (self->model);
  g_autofree char *status = NULL;

  if (next == 0)
    status = g_strdup_printf (_("Finished after %u steps: both coroutines have returned."), position);
  else if (position >= strlen (ll_interleave_model_get_schedule (self->model)))
    status = g_strdup_printf (_("Step %u of %u · next: %c, to leave its loop and finish"),
                              position, ll_interleave_model_get_n_steps (self->model), next);
  else
    status = g_strdup_printf (_("Step %u of %u · next: %c"),
                              position, ll_interleave_model_get_n_steps (self->model), next);
  gtk_label_set_label (self->status_label, status);

  gtk_label_set_label (self->output_label, *output != '\0' ? output : "–");
  ll_stepper_set_can_step (self->stepper, next != 0);

  ll_demo_page_set_line (LL_DEMO_PAGE (self), SOURCE,
                         ll_sim_model_get_source_line (LL_SIM_MODEL (self->model)));
}

static void
step_cb (LlInterleavePage *self)
{
  ll_sim_model_step (LL_SIM_MODEL (self->model));
}

static void
reset_cb (LlInterleavePage *self)
{
  ll_interleave_model_start (self->model);
  update (self);
}

static void
schedule_changed_cb (LlInterleavePage *self)
{
  g_autofree char *schedule = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->schedule_entry)), -1);
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;

  if (!ll_interleave_parse_schedule (schedule, &error))
    {
      /* The CLI's message names its option; here the entry is the option. */
      gtk_label_set_label (self->schedule_error_label,
                           _("A schedule has three A and three B, such as ABABAB."));
      gtk_widget_add_css_class (GTK_WIDGET (self->schedule_error_label), "ll-warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->schedule_entry), "error");
      return;
    }

  gtk_label_set_label (self->schedule_error_label, "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->schedule_entry), "error");
  if (!g_str_equal (schedule, ll_interleave_model_get_schedule (self->model)))
    {
      ll_interleave_model_set_schedule (self->model, schedule, NULL);
      ll_stepper_reset (self->stepper);
    }
}

static void
ll_interleave_page_constructed (GObject *object)
{
  LlInterleavePage *self = LL_INTERLEAVE_PAGE (object);

  G_OBJECT_CLASS (ll_interleave_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_interleave_model_new (self->scheduler);
  gtk_box_append (self->view_box, ll_interleave_view_new (self->model));

  g_signal_connect_object (self->model, "notify::position", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  ll_interleave_model_start (self->model);
  update (self);
}

static void
ll_interleave_page_dispose (GObject *object)
{
  LlInterleavePage *self = LL_INTERLEAVE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_INTERLEAVE_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_interleave_page_parent_class)->dispose (object);
}

static void
ll_interleave_page_class_init (LlInterleavePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_interleave_page_constructed;
  object_class->dispose = ll_interleave_page_dispose;

  g_type_ensure (LL_TYPE_STEPPER);

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), SOURCE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-interleave-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, schedule_entry);
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, schedule_error_label);
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, stepper);
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, view_box);
  gtk_widget_class_bind_template_child (widget_class, LlInterleavePage, output_label);
  gtk_widget_class_bind_template_callback (widget_class, step_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);

  ll_stepper_actions_install (widget_class);
}

static void
ll_interleave_page_init (LlInterleavePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_interleave_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_interleave_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_INTERLEAVE_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_interleave_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it steps
 */
LlInterleaveModel *
ll_interleave_page_get_model (LlInterleavePage *self)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_PAGE (self), NULL);

  return self->model;
}
