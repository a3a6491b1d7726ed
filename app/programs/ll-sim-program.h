/* ll-sim-program.h: what the coroutine programs share
 *
 * Every coroutine program (`looplab-cli run producer-consumer`,
 * `interleave`, `countdown`, `hello`, `courier`) runs on a private
 * GMainContext and an LlScheduler of its own.  Run from a terminal, the
 * scheduler reads the monotonic clock: a second is a second.  The hidden
 * option `--virtual-clock`, which every one of them accepts, puts the
 * same program on a virtual clock instead, so that the tests run a
 * countdown of ten seconds in microseconds and can check its timing
 * exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/**
 * LlSimRun:
 * @context: the private main context, thread-default while the run lasts
 * @scheduler: the scheduler on @context, with the clock the options chose
 * @args: (array zero-terminated=1): what the options left over: the
 *   program name, then the positional arguments
 *
 * One run of a coroutine program.  Declare it with
 * `g_auto(LlSimRun) run = { 0 };` and fill it with ll_sim_run_init().
 */
typedef struct
{
  GMainContext  *context;
  LlScheduler   *scheduler;
  char         **args;

  /*< private >*/
  gboolean       pushed;
} LlSimRun;

gboolean  ll_sim_run_init            (LlSimRun            *run,
                                      int                  argc,
                                      char               **argv,
                                      const GOptionEntry  *entries,
                                      GError             **error);
void      ll_sim_run_clear           (LlSimRun            *run);
guint     ll_sim_run_get_n_args      (LlSimRun            *run);
gboolean  ll_sim_run_check_no_args   (LlSimRun            *run,
                                      GError             **error);

void      ll_sim_run_print_line      (LlSimModel          *model,
                                      const char          *line,
                                      GOutputStream       *out);

char     *ll_sim_format_seconds      (gint64               usec);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LlSimRun, ll_sim_run_clear)

G_END_DECLS
