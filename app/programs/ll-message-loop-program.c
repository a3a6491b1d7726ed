/* ll-message-loop-program.c: "The message loop, live", headless
 *
 * The loop monitor watches this thread's main loop while it idles, then a
 * handler blocks the loop on purpose; the watchdog names the handler and
 * the lag figures show the spike.  `looplab-cli run message-loop`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-message-loop-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-loop-monitor.h"
#include "ll-message-loop-program.h"
#include "ll-programs.h"

typedef struct
{
  LlLoopMonitor *monitor;
  GOutputStream *out;
  gint64         block;
  gboolean       done;
} Run;

static void
print_lag (Run        *run,
           const char *when)
{
  LlLagStats stats;

  ll_loop_monitor_get_lag_stats (run->monitor, &stats);
  ll_print (run->out,
            _("%s: %u probes, lag p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; utilization %.0f%%\n"),
            when, stats.count,
            stats.p50 / 1000.0, stats.p90 / 1000.0, stats.p99 / 1000.0, stats.max / 1000.0,
            100.0 * ll_loop_monitor_get_utilization (run->monitor));
}

static void
on_stall (LlLoopMonitor *monitor,
          const LlStall *stall,
          Run           *run)
{
  ll_print (run->out, _("Watchdog: main loop blocked for %.2f s by %s\n"),
            stall->duration / (double) G_TIME_SPAN_SECOND,
            stall->handler ? stall->handler : _("an unnamed handler"));
}

static gboolean
deliberate_block (gpointer data)
{
  Run *run = data;

  /* Blocks the main loop on purpose: this is the freeze being measured. */
  g_usleep ((gulong) run->block);

  return G_SOURCE_REMOVE;
}

static gboolean
report_idle (gpointer data)
{
  Run *run = data;

  print_lag (run, _("Idle loop"));
  ll_print (run->out, _("Now a handler named “deliberate_block” blocks the loop for %.1f s, on purpose…\n"),
            run->block / (double) G_TIME_SPAN_SECOND);

  return G_SOURCE_REMOVE;
}

static gboolean
finish (gpointer data)
{
  Run *run = data;

  print_lag (run, _("After the block"));
  run->done = TRUE;
  g_main_context_wakeup (ll_loop_monitor_get_context (run->monitor));

  return G_SOURCE_REMOVE;
}

gboolean
ll_message_loop_program_run (int             argc,
                             char          **argv,
                             GOutputStream  *out,
                             GError        **error)
{
  g_autoptr(LlLoopMonitor) monitor = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  double idle_seconds = 1.0;
  double block_seconds = 0.5;
  guint idle_ms;
  guint block_ms;
  Run run = { 0 };
  GOptionEntry entries[] = {
    { "idle", 0, 0, G_OPTION_ARG_DOUBLE, &idle_seconds,
      N_("Seconds of idle loop first (0.1 to 10; 1 by default)"), N_("SECONDS") },
    { "block", 0, 0, G_OPTION_ARG_DOUBLE, &block_seconds,
      N_("Seconds the handler blocks the loop (0.1 to 5; 0.5 by default)"), N_("SECONDS") },
    { NULL }
  };

  if (!ll_program_parse_options (entries, NULL, &args, error) ||
      !ll_program_check_no_args (args, error))
    return FALSE;

  if (!(idle_seconds >= 0.1 && idle_seconds <= 10) || !(block_seconds >= 0.1 && block_seconds <= 5))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--idle takes 0.1 to 10 seconds and --block 0.1 to 5 seconds"));
      return FALSE;
    }

  idle_ms = (guint) (idle_seconds * 1000);
  block_ms = (guint) (block_seconds * 1000);

  /* A private context, so the run sees only its own sources. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  monitor = ll_loop_monitor_new (context);
  run.monitor = monitor;
  run.out = out;
  run.block = block_ms * G_TIME_SPAN_MILLISECOND;
  g_signal_connect (monitor, "stall", G_CALLBACK (on_stall), &run);

  ll_print (out, _("The message loop, live: a probe timer every %.0f ms measures how late the loop is;\n"
                   "a watchdog thread reports any handler that holds the loop for more than %.0f ms.\n"),
            ll_loop_monitor_get_probe_interval (monitor) / 1000.0,
            ll_loop_monitor_get_stall_threshold (monitor) / 1000.0);

  ll_loop_monitor_start (monitor);
  ll_loop_monitor_add_timeout (monitor, idle_ms, "report_idle", report_idle, &run, NULL);
  ll_loop_monitor_add_timeout (monitor, idle_ms + 1, "deliberate_block", deliberate_block, &run, NULL);
  ll_loop_monitor_add_timeout (monitor, idle_ms + block_ms + 1100, "finish", finish, &run, NULL);

  while (!run.done)
    g_main_context_iteration (context, TRUE);

  ll_loop_monitor_stop (monitor);
  g_signal_handlers_disconnect_by_data (monitor, &run);
  g_main_context_pop_thread_default (context);

  return TRUE;
}
