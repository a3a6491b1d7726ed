/* ll-sax-bus-program.c: "Event dispatching: XML streamed into coroutines", headless
 *
 * Streams a bus feed through the course's chain of coroutines
 * (ll-sax-bus-model.c) and prints each bus of the route and direction,
 * then how many there were:
 *
 *   looplab-cli run sax-bus [--file F | --buses N --seed S [--save-feed F]]
 *                           [--route R] [--direction D] [--count-only] [--dom]
 *                           [--stats]
 *
 *   bus 7574 at 41.880000,-87.630000
 *   ...
 *   6687 buses
 *
 * Without --file it writes the seeded feed of --buses buses (200 000 by
 * default) to a temporary file first, and deletes it afterwards unless
 * --save-feed names where to keep it.  The output is the same, byte for
 * byte, as `python3 resources/python/sax_bus.py F R D` on the same file.
 * A feed that fails half way (cut short, not XML) still prints the buses
 * found before the fault, then the error goes to the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sax-bus-program"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ll-bus-feed.h"
#include "ll-programs.h"
#include "ll-sax-bus-model.h"
#include "ll-sax-bus-program.h"
#include "ll-sim-program.h"

/* A line a write would cost a system call per bus on a terminal's
 * unbuffered stream; the lines go out in blocks instead, and all of
 * them before the program returns, failed or not. */
#define OUT_BUFFER (64 * 1024)

/**
 * ll_sax_bus_check_feed_options:
 * @file: (nullable): --file
 * @save_feed: (nullable): --save-feed, for a program that has it
 * @buses: --buses, or %LL_FEED_OPTION_NOT_GIVEN
 * @seed: --seed, or %LL_FEED_OPTION_NOT_GIVEN
 * @error: return location for a #GError
 *
 * Checks the options that choose a feed: a file of one's own, or the
 * generated feed of so many buses and a seed, not both.
 *
 * Returns: %FALSE if they do not go together or are out of range
 */
gboolean
ll_sax_bus_check_feed_options (const char  *file,
                               const char  *save_feed,
                               int          buses,
                               gint64       seed,
                               GError     **error)
{
  if (file != NULL && save_feed != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--file reads a feed that exists; --buses, --seed and --save-feed are for the generated one"));
      return FALSE;
    }
  if (file != NULL && (buses != LL_FEED_OPTION_NOT_GIVEN || seed != LL_FEED_OPTION_NOT_GIVEN))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--file reads a feed that exists; --buses and --seed are for the generated one"));
      return FALSE;
    }
  if (buses != LL_FEED_OPTION_NOT_GIVEN && (buses < 0 || buses > LL_BUS_FEED_MAX_BUSES))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--buses takes 0 to %d, not %d"), LL_BUS_FEED_MAX_BUSES, buses);
      return FALSE;
    }
  if (seed != LL_FEED_OPTION_NOT_GIVEN && (seed < 0 || seed > G_MAXUINT32))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seed takes 0 to 4294967295, not %lld"), (long long) seed);
      return FALSE;
    }

  return TRUE;
}

/* The feed to read: --file, or the generated one, written now.  *temp
 * is set to a file to delete afterwards. */
static GFile *
prepare_feed (const char  *file,
              const char  *save_feed,
              guint        buses,
              guint32      seed,
              GFile      **temp,
              GError     **error)
{
  g_autoptr(GFile) feed = NULL;

  if (file != NULL)
    return g_file_new_for_commandline_arg (file);

  if (save_feed != NULL)
    {
      feed = g_file_new_for_commandline_arg (save_feed);
    }
  else
    {
      g_autofree char *path = NULL;
      int fd = g_file_open_tmp ("looplab-buses-XXXXXX.xml", &path, error);

      if (fd < 0)
        return NULL;
      g_close (fd, NULL);
      feed = g_file_new_for_path (path);
      *temp = g_object_ref (feed);
    }

  /* A terminal program may wait for its disk: this is all it does. */
  if (!ll_bus_feed_write_file (feed, buses, seed, NULL, error))
    return NULL;

  return g_steal_pointer (&feed);
}

gboolean
ll_sax_bus_program_run (int             argc,
                        char          **argv,
                        GOutputStream  *out,
                        GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlSaxBusModel) model = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  g_autoptr(GFile) feed = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autofree char *file = NULL;
  g_autofree char *save_feed = NULL;
  g_autofree char *route = NULL;
  g_autofree char *direction = NULL;
  int buses = LL_FEED_OPTION_NOT_GIVEN;
  gint64 seed = LL_FEED_OPTION_NOT_GIVEN;
  gboolean count_only = FALSE;
  gboolean dom = FALSE;
  gboolean stats = FALSE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read this feed instead of generating one"), N_("FILE") },
    { "buses", 0, 0, G_OPTION_ARG_INT, &buses,
      N_("How many buses the generated feed has (0 to 10000000; 200000 by default, 44 MB)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generated feed (0 to 4294967295; 1 by default): the same seed, the same feed"), N_("SEED") },
    { "save-feed", 0, 0, G_OPTION_ARG_FILENAME, &save_feed,
      N_("Keep the generated feed in this file instead of deleting it"), N_("FILE") },
    { "route", 0, 0, G_OPTION_ARG_STRING, &route,
      N_("The route to keep (22 by default)"), N_("ROUTE") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction,
      N_("The direction to keep (North Bound by default)"), N_("DIRECTION") },
    { "count-only", 0, 0, G_OPTION_ARG_NONE, &count_only,
      N_("Print only the count, not each bus"), NULL },
    { "dom", 0, 0, G_OPTION_ARG_NONE, &dom,
      N_("Read the whole file and build its tree first, as a DOM parser does, instead of streaming it"), NULL },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
      N_("Print the run's figures on standard error: events, bytes, time, the longest block of the loop, memory"), NULL },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error) ||
      !ll_sax_bus_check_feed_options (file, save_feed, buses, seed, error))
    return FALSE;

  feed = prepare_feed (file, save_feed,
                       buses != LL_FEED_OPTION_NOT_GIVEN ? (guint) buses : LL_BUS_FEED_DEFAULT_BUSES,
                       seed != LL_FEED_OPTION_NOT_GIVEN ? (guint32) seed : LL_BUS_FEED_DEFAULT_SEED,
                       &temp, error);
  if (feed == NULL)
    {
      if (temp != NULL)
        g_file_delete (temp, NULL, NULL);
      return FALSE;
    }

  buffered = g_buffered_output_stream_new_sized (out, OUT_BUFFER);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);

  model = ll_sax_bus_model_new (run.scheduler);
  ll_sax_bus_model_set_route (model, route);
  ll_sax_bus_model_set_direction (model, direction);
  ll_sax_bus_model_set_method (model, dom ? LL_SAX_BUS_DOM : LL_SAX_BUS_STREAM);
  if (!count_only)
    g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), buffered);

  ll_sax_bus_model_start (model, feed);
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    g_main_context_iteration (run.context, TRUE);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, buffered);

  ok = ll_sax_bus_model_get_error (model) == NULL;
  if (ok && count_only)
    {
      g_autofree char *line = ll_bus_count_to_line (ll_sax_bus_model_get_n_matches (model));

      ll_print (buffered, "%s\n", line);
    }
  g_output_stream_flush (buffered, NULL, NULL);

  /* On standard error, so that the output stays the list (and the
   * benchmark, tests/bench/sax.py, reads the events from here). */
  if (stats)
    g_printerr ("%llu events, %llu bytes, %.3f s, %.1f M events/s, longest block %.2f ms, "
                "VmRSS %llu KiB before, %llu KiB at the peak, %llu KiB held\n",
                (unsigned long long) ll_sax_bus_model_get_n_events (model),
                (unsigned long long) ll_sax_bus_model_get_bytes_read (model),
                ll_sax_bus_model_get_elapsed (model) / 1e6,
                ll_sax_bus_model_get_events_per_second (model) / 1e6,
                ll_sax_bus_model_get_longest_block (model) / 1e3,
                (unsigned long long) ll_sax_bus_model_get_rss_before (model) / 1024,
                (unsigned long long) ll_sax_bus_model_get_rss_peak (model) / 1024,
                (unsigned long long) ll_sax_bus_model_get_held_bytes (model) / 1024);

  if (temp != NULL)
    g_file_delete (temp, NULL, NULL);

  if (!ok)
    {
      g_propagate_error (error, g_error_copy (ll_sax_bus_model_get_error (model)));
      return FALSE;
    }

  return TRUE;
}
