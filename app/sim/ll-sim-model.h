/* ll-sim-model.h: the base class of the demo models
 *
 * Every model of app/sim/ runs its coroutines on a scheduler it is given
 * at construction, says whether a run is under way, prints its
 * transcript line by line through ::line, and knows the line of its own
 * source that is about to run, for the window to highlight.  A model
 * that a debugger steps implements LlSimModelClass.step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ll-co.h"
#include "ll-scheduler.h"

G_BEGIN_DECLS

#define LL_TYPE_SIM_MODEL (ll_sim_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (LlSimModel, ll_sim_model, LL, SIM_MODEL, GObject)

/**
 * LlSimModelClass:
 * @parent_class: the parent class
 * @stop: drops the run under way; the base class then clears :running
 * @step: resumes the run by one step; %FALSE when it is over.  Models
 *   that are not stepped leave it %NULL.
 */
struct _LlSimModelClass
{
  GObjectClass parent_class;

  void     (*stop) (LlSimModel *self);
  gboolean (*step) (LlSimModel *self);

  /*< private >*/
  gpointer padding[8];
};

LlScheduler *ll_sim_model_get_scheduler   (LlSimModel   *self);
gboolean     ll_sim_model_get_running     (LlSimModel   *self);
int          ll_sim_model_get_source_line (LlSimModel   *self);
void         ll_sim_model_stop            (LlSimModel   *self);
gboolean     ll_sim_model_step            (LlSimModel   *self);

/* For subclasses */
GParamSpec  *ll_sim_model_param_counter   (const char   *name);
void         ll_sim_model_set_uint        (LlSimModel   *self,
                                           guint        *field,
                                           guint         value,
                                           GParamSpec   *pspec);
void         ll_sim_model_set_running     (LlSimModel   *self,
                                           gboolean      running);
void         ll_sim_model_set_source_line (LlSimModel   *self,
                                           int           line);
void         ll_sim_model_emit_line       (LlSimModel   *self,
                                           const char   *line);
void         ll_sim_model_drop_task       (LlSimModel   *self,
                                           LlCo        **task);
int          ll_sim_co_line               (LlCo         *co,
                                           int           start_line);

G_END_DECLS
