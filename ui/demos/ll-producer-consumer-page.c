/* ll-producer-consumer-page.c: "Producer and consumer", a step debugger
 *
 * The notes' send() and yield example, run one turn at a time: the
 * model (app/sim/ll-producer-consumer-model.c) puts its scheduler in
 * step mode, and each Step resumes the producer task up to its next
 * hand-over, so that one coroutine runs per step.  The page shows the
 * hand-overs as a diagram, both frames (the one to run next
 * highlighted, the suspended one greyed), the transcript as
 * `looplab-cli run producer-consumer` prints it, and the line about to
 * run in the C source and in its Python rendering, which the window
 * highlights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-producer-consumer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-producer-consumer-page.h"
#include "ll-producer-consumer-view.h"
#include "ll-stepper.h"
#include "ll-stepper-actions.h"

#define N_STEPS 15

struct _LlProducerConsumerPage
{
  LlDemoPage parent_instance;

  /* template children */
  LlStepper   *stepper;
  GtkLabel    *status_label;
  GtkBox      *view_box;
  GtkWidget   *producer_frame;
  GtkLabel    *producer_state_label;
  GtkLabel    *producer_vars_label;
  GtkWidget   *consumer_frame;
  GtkLabel    *consumer_state_label;
  GtkLabel    *consumer_vars_label;
  GtkBox      *transcript_box;
  GtkWidget   *transcript_placeholder;

  /* borrowed */
  GtkWidget   *view;
  GtkWidget   *latest_line;

  /* owned references */
  LlScheduler             *scheduler;
  LlProducerConsumerModel *model;
};

G_DEFINE_FINAL_TYPE (LlProducerConsumerPage, ll_producer_consumer_page, LL_TYPE_DEMO_PAGE)

/* The files the Source tab shows, which the highlighted lines refer to. */
#define SOURCE        "app/sim/ll-producer-consumer-model.c"
#define PYTHON_SOURCE "resources/python/producer_consumer.py"

/* Where the program stands, in the C source and in its Python
 * rendering, as the model says.  The point changes in the middle of a
 * step, the C line once the step is over: each one notifies. */
static void
update_lines (LlProducerConsumerPage *self)
{
  LlPcPoint point = ll_producer_consumer_model_get_point (self->model);

  ll_demo_page_set_line (LL_DEMO_PAGE (self), SOURCE,
                         ll_sim_model_get_source_line (LL_SIM_MODEL (self->model)));
  ll_demo_page_set_line (LL_DEMO_PAGE (self), PYTHON_SOURCE, ll_pc_point_get_python_line (point));
}

/* A value as Python would print it in a frame: '200 ok 1', or None. */
static char *
python_repr (const char *value)
{
  return value != NULL ? g_strdup_printf ("'%s'", value) : g_strdup ("None");
}

static void
set_frame_state (GtkWidget *frame,
                 gboolean   next,
                 gboolean   suspended)
{
  if (next)
    gtk_widget_add_css_class (frame, "next");
  else
    gtk_widget_remove_css_class (frame, "next");

  if (suspended)
    gtk_widget_add_css_class (frame, "suspended");
  else
    gtk_widget_remove_css_class (frame, "suspended");
}

static void
update_frames (LlProducerConsumerPage *self)
{
  LlPcPoint point = ll_producer_consumer_model_get_point (self->model);
  LlPcRole next = ll_pc_point_get_role (point);
  int producer_n = ll_producer_consumer_model_get_producer_n (self->model);
  int consumer_n = ll_producer_consumer_model_get_consumer_n (self->model);
  g_autofree char *producer_r = python_repr (ll_producer_consumer_model_get_producer_r (self->model));
  g_autofree char *consumer_r = python_repr (ll_producer_consumer_model_get_consumer_r (self->model));
  g_autofree char *producer_state = NULL;
  g_autofree char *consumer_state = NULL;
  g_autofree char *producer_vars = NULL;
  g_autofree char *consumer_vars = NULL;
  g_autofree char *status = NULL;

  switch (point)
    {
    case LL_PC_POINT_NONE:
      producer_state = g_strdup (_("Not started."));
      consumer_state = g_strdup (_("Not made yet."));
      break;

    case LL_PC_POINT_PRODUCER_START:
      producer_state = g_strdup (_("Runs next, from the top: it primes the consumer with c.send(None)."));
      consumer_state = g_strdup (_("Made, never run: it waits to be primed."));
      break;

    case LL_PC_POINT_CONSUMER_START:
      producer_state = g_strdup (_("Suspended in c.send(None), waiting for the consumer."));
      consumer_state = g_strdup (_("Runs next, from the top up to its first yield."));
      break;

    case LL_PC_POINT_PRODUCER_PRIMED:
      producer_state = g_strdup (_("Runs next: c.send(None) has returned."));
      consumer_state = g_strdup (_("Suspended at n = yield r."));
      break;

    case LL_PC_POINT_CONSUMER_YIELD:
      producer_state = g_strdup_printf (_("Suspended in c.send(%d), waiting for the reply."), producer_n);
      consumer_state = g_strdup_printf (_("Runs next: its yield receives %d."), producer_n);
      break;

    case LL_PC_POINT_PRODUCER_SEND:
      producer_state = g_strdup_printf (_("Runs next: c.send(%d) has returned %s."), producer_n, producer_r);
      consumer_state = g_strdup (_("Suspended at n = yield r."));
      break;

    case LL_PC_POINT_CONSUMER_CLOSE:
      producer_state = g_strdup (_("Suspended in c.close(), waiting for the consumer to finish."));
      consumer_state = g_strdup (_("Runs next: c.close() raises GeneratorExit at its yield."));
      break;

    case LL_PC_POINT_PRODUCER_CLOSED:
      producer_state = g_strdup (_("Runs next: c.close() has returned."));
      consumer_state = g_strdup (_("Finished: closed, its cleanup has run."));
      break;

    case LL_PC_POINT_FINISHED:
    default:
      producer_state = g_strdup (_("Finished: it returned."));
      consumer_state = g_strdup (_("Finished: closed, its cleanup has run."));
      break;
    }

  if (point == LL_PC_POINT_NONE || point == LL_PC_POINT_PRODUCER_START || point == LL_PC_POINT_CONSUMER_START)
    producer_vars = g_strdup ("n = –   r = –");
  else
    producer_vars = g_strdup_printf ("n = %d   r = %s", producer_n, producer_r);

  if (point == LL_PC_POINT_NONE || point == LL_PC_POINT_PRODUCER_START || point == LL_PC_POINT_CONSUMER_START)
    consumer_vars = g_strdup ("n = –   r = –");
  else if (consumer_n == 0)
    consumer_vars = g_strdup_printf ("n = –   r = %s", consumer_r);
  else
    consumer_vars = g_strdup_printf ("n = %d   r = %s", consumer_n, consumer_r);

  gtk_label_set_label (self->producer_state_label, producer_state);
  gtk_label_set_label (self->consumer_state_label, consumer_state);
  gtk_label_set_label (self->producer_vars_label, producer_vars);
  gtk_label_set_label (self->consumer_vars_label, consumer_vars);

  set_frame_state (self->producer_frame, next == LL_PC_ROLE_PRODUCER, next == LL_PC_ROLE_CONSUMER);
  set_frame_state (self->consumer_frame, next == LL_PC_ROLE_CONSUMER,
                   next == LL_PC_ROLE_PRODUCER && point != LL_PC_POINT_PRODUCER_START);

  if (point == LL_PC_POINT_FINISHED)
    status = g_strdup_printf (_("Finished after %u steps: both coroutines have returned."),
                              ll_producer_consumer_model_get_n_steps (self->model));
  else if (point == LL_PC_POINT_NONE)
    status = g_strdup (_("Not started."));
  else
    status = g_strdup_printf (next == LL_PC_ROLE_PRODUCER ?
                              _("Step %u of %u · next: the producer") :
                              _("Step %u of %u · next: the consumer"),
                              ll_producer_consumer_model_get_n_steps (self->model), N_STEPS);
  gtk_label_set_label (self->status_label, status);

  ll_stepper_set_can_step (self->stepper, point != LL_PC_POINT_FINISHED && point != LL_PC_POINT_NONE);
  update_lines (self);
}

static void
line_cb (LlProducerConsumerPage *self,
         const char             *line)
{
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "ll-transcript-line");
  gtk_widget_add_css_class (label, "latest");
  if (self->latest_line != NULL)
    gtk_widget_remove_css_class (self->latest_line, "latest");
  self->latest_line = label;

  gtk_widget_set_visible (self->transcript_placeholder, FALSE);
  gtk_box_append (self->transcript_box, label);
}

static void
clear_transcript (LlProducerConsumerPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self->transcript_box))) != self->transcript_placeholder)
    gtk_box_remove (self->transcript_box, child);
  self->latest_line = NULL;
  gtk_widget_set_visible (self->transcript_placeholder, TRUE);
}

static void
step_cb (LlProducerConsumerPage *self)
{
  ll_sim_model_step (LL_SIM_MODEL (self->model));
}

static void
reset_cb (LlProducerConsumerPage *self)
{
  clear_transcript (self);
  ll_producer_consumer_model_start (self->model);
}

static void
ll_producer_consumer_page_constructed (GObject *object)
{
  LlProducerConsumerPage *self = LL_PRODUCER_CONSUMER_PAGE (object);

  G_OBJECT_CLASS (ll_producer_consumer_page_parent_class)->constructed (object);

  /* The page's own scheduler, in step mode: nothing runs but by a step. */
  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  ll_scheduler_set_step_mode (self->scheduler, TRUE);
  self->model = ll_producer_consumer_model_new (self->scheduler);

  self->view = ll_producer_consumer_view_new (self->model);
  gtk_box_append (self->view_box, self->view);

  g_signal_connect_object (self->model, "line", G_CALLBACK (line_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::point", G_CALLBACK (update_frames), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::source-line", G_CALLBACK (update_lines), self, G_CONNECT_SWAPPED);
  ll_producer_consumer_model_start (self->model);
  update_frames (self);
}

static void
ll_producer_consumer_page_dispose (GObject *object)
{
  LlProducerConsumerPage *self = LL_PRODUCER_CONSUMER_PAGE (object);

  /* Whatever step the run was at, the model lets go of its coroutines. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_PRODUCER_CONSUMER_PAGE);

  self->view = NULL;
  self->latest_line = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (ll_producer_consumer_page_parent_class)->dispose (object);
}

static void
ll_producer_consumer_page_class_init (LlProducerConsumerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_producer_consumer_page_constructed;
  object_class->dispose = ll_producer_consumer_page_dispose;

  g_type_ensure (LL_TYPE_STEPPER);

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), SOURCE);
  ll_demo_page_class_add_rendering (LL_DEMO_PAGE_CLASS (klass), PYTHON_SOURCE, N_("_Python"),
                                    N_("The same program in Python, in the notes’ style: the highlighted line is the one about to run."));

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-producer-consumer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, stepper);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, view_box);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, producer_frame);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, producer_state_label);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, producer_vars_label);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, consumer_frame);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, consumer_state_label);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, consumer_vars_label);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, transcript_box);
  gtk_widget_class_bind_template_child (widget_class, LlProducerConsumerPage, transcript_placeholder);
  gtk_widget_class_bind_template_callback (widget_class, step_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_cb);

  ll_stepper_actions_install (widget_class);
}

static void
ll_producer_consumer_page_init (LlProducerConsumerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_producer_consumer_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_producer_consumer_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_PRODUCER_CONSUMER_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_producer_consumer_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it steps
 */
LlProducerConsumerModel *
ll_producer_consumer_page_get_model (LlProducerConsumerPage *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_producer_consumer_page_get_view:
 * @self: a page
 *
 * Returns: (transfer none): the diagram of the hand-overs
 */
GtkWidget *
ll_producer_consumer_page_get_view (LlProducerConsumerPage *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_PAGE (self), NULL);

  return self->view;
}
