/* ll-sim-private.h: what the demo models share
 *
 * The countdown, interleave, producer/consumer and courier models are
 * each a GObject that runs its coroutines on a scheduler it is given at
 * construction.  They declare the same construct-only :scheduler
 * property, the same kinds of read-only property and the same ::line
 * signal, notify only on a real change, and drop a task of a stepped
 * run the same way.  Nothing outside app/sim/ includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ll-co.h"
#include "ll-scheduler.h"

G_BEGIN_DECLS

GParamSpec *ll_sim_param_scheduler (void);
GParamSpec *ll_sim_param_running   (void);
GParamSpec *ll_sim_param_counter   (const char   *name);
guint       ll_sim_signal_new_line (GType         type);

void        ll_sim_set_uint        (GObject      *object,
                                    guint        *field,
                                    guint         value,
                                    GParamSpec   *pspec);

void        ll_sim_drop_task       (LlScheduler  *scheduler,
                                    LlCo        **task);

G_END_DECLS
