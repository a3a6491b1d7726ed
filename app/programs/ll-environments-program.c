/* ll-environments-program.c: "One coroutine, three environments", headless
 *
 * Runs sax-bus's chain of coroutines on one feed three ways, on the main
 * loop, in a thread, in a child process (ll-environments-model.c), and
 * prints a line for each, then whether all three found the same buses:
 *
 *   looplab-cli run environments [--file F | --buses N --seed S]
 *                                [--route R] [--direction D]
 *                                [--only main-loop,thread,subprocess]
 *
 *   main loop: 6609 buses, sha256 032a277e0f7b…, 14.2 M events/s, loop 0.39 s (parse, chain), wall 0.45 s
 *   thread: 6609 buses, sha256 032a277e0f7b…, 14.6 M events/s, loop 0.38 s (parse, copy),
 *     thread 0.14 s (chain), wall 0.44 s
 *   subprocess: 6609 buses, sha256 032a277e0f7b…, 15.8 M events/s, loop 0.30 s (parse, write),
 *     child 0.24 s (decode, chain), wall 0.40 s
 *   identical: the 3 environments found the same 6609 buses, in the same order
 *
 * (the default feed, on a shared two-core machine; one line each)
 *
 * It fails (and looplab-cli exits 1) if one of them failed or if they
 * differ.  Without --file it writes the seeded feed to a temporary file
 * first, as sax-bus does, and deletes it afterwards.
 *
 * The hidden --stage is the child's side: the events on stdin, a line
 * each, the matches on stdout (the protocol of ll-environments-model.h).
 * The hidden --exit-after N makes that child exit after N events, for
 * the tests of a child that dies in the middle of the stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-environments-program"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "ll-bus-feed.h"
#include "ll-environments-model.h"
#include "ll-environments-program.h"
#include "ll-programs.h"
#include "ll-sax-bus-program.h"
#include "ll-sim-program.h"

/* What an option holds when it was not given: not -1, which a user may
 * type and must hear is wrong. */
#define NOT_GIVEN LL_FEED_OPTION_NOT_GIVEN

static gboolean
parse_only (const char          *only,
            LlEnvironmentFlags  *flags,
            GError             **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GFlagsClass) klass = NULL;

  if (only == NULL)
    {
      *flags = LL_ENVIRONMENT_FLAG_ALL;
      return TRUE;
    }

  klass = g_type_class_ref (LL_TYPE_ENVIRONMENT_FLAGS);
  names = g_strsplit (only, ",", -1);
  *flags = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (klass, g_strstrip (names[i]));

      if (value == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--only takes main-loop, thread and subprocess, separated by commas, not “%s”"),
                       names[i]);
          return FALSE;
        }
      *flags |= value->value;
    }
  if (*flags == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--only names no environment"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_options (const char  *file,
               int          buses,
               gint64       seed,
               gint64       exit_after,
               gboolean     stage,
               GError     **error)
{
  if (!ll_sax_bus_check_feed_options (file, NULL, buses, seed, error))
    return FALSE;
  if (exit_after < 0 || (exit_after > 0 && !stage))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--exit-after takes a number of events, with --stage"));
      return FALSE;
    }

  return TRUE;
}

/* The feed to read: --file, or the generated one, written now into a
 * temporary file, *temp, to delete afterwards. */
static GFile *
prepare_feed (const char  *file,
              guint        buses,
              guint32      seed,
              GFile      **temp,
              GError     **error)
{
  g_autoptr(GFile) feed = NULL;
  g_autofree char *path = NULL;
  int fd;

  if (file != NULL)
    return g_file_new_for_commandline_arg (file);

  fd = g_file_open_tmp ("looplab-buses-XXXXXX.xml", &path, error);
  if (fd < 0)
    return NULL;
  g_close (fd, NULL);
  feed = g_file_new_for_path (path);
  *temp = g_object_ref (feed);

  /* A terminal program may wait for its disk: this is all it does. */
  if (!ll_bus_feed_write_file (feed, buses, seed, NULL, error))
    return NULL;

  return g_steal_pointer (&feed);
}

/* The child: stdin's events through the chain, the matches to @out. */
static gboolean
run_stage (const char     *route,
           const char     *direction,
           guint64         exit_after,
           GOutputStream  *out,
           GError        **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);

  return ll_environments_run_stage (in, out, route, direction, exit_after, error);
}

/* The reason a run did not end identical. */
static GError *
run_error (LlEnvironmentsModel *model)
{
  for (guint i = 0; i < LL_N_ENVIRONMENTS; i++)
    {
      const GError *error = ll_environments_model_get_error (model, i);

      if (error != NULL)
        return g_error_new (error->domain, error->code, _("The %s failed: %s"),
                            ll_environment_get_name (i), error->message);
    }

  return g_error_new_literal (LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL,
                              _("The environments did not find the same buses"));
}

gboolean
ll_environments_program_run (int             argc,
                             char          **argv,
                             GOutputStream  *out,
                             GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlEnvironmentsModel) model = NULL;
  g_autoptr(GFile) feed = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autofree char *file = NULL;
  g_autofree char *route = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *only = NULL;
  LlEnvironmentFlags environments;
  int buses = NOT_GIVEN;
  gint64 seed = NOT_GIVEN;
  gint64 exit_after = 0;
  gboolean stage = FALSE;
  gboolean identical;
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read this feed instead of generating one"), N_("FILE") },
    { "buses", 0, 0, G_OPTION_ARG_INT, &buses,
      N_("How many buses the generated feed has (0 to 10000000; 200000 by default, 44 MB)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generated feed (0 to 4294967295; 1 by default): the same seed, the same feed"), N_("SEED") },
    { "route", 0, 0, G_OPTION_ARG_STRING, &route,
      N_("The route to keep (22 by default)"), N_("ROUTE") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction,
      N_("The direction to keep (North Bound by default)"), N_("DIRECTION") },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      N_("Run only these environments: main-loop, thread, subprocess, separated by commas (all three by default)"), N_("LIST") },
    /* Not for users: the child the subprocess environment starts. */
    { "stage", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &stage,
      "Run the chain on the events of stdin, the matches to stdout (the subprocess's side)", NULL },
    /* Not for users: a child that dies in the middle, for the tests. */
    { "exit-after", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &exit_after,
      "With --stage: exit with status 3 after N events, as a crash would (for tests)", "N" },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error) ||
      !check_options (file, buses, seed, exit_after, stage, error) ||
      !parse_only (only, &environments, error))
    return FALSE;

  if (stage)
    return run_stage (route != NULL ? route : LL_BUS_DEFAULT_ROUTE,
                      direction != NULL ? direction : LL_BUS_DEFAULT_DIRECTION,
                      exit_after, out, error);

  feed = prepare_feed (file,
                       buses != NOT_GIVEN ? (guint) buses : LL_BUS_FEED_DEFAULT_BUSES,
                       seed != NOT_GIVEN ? (guint32) seed : LL_BUS_FEED_DEFAULT_SEED,
                       &temp, error);
  if (feed == NULL)
    {
      if (temp != NULL)
        g_file_delete (temp, NULL, NULL);
      return FALSE;
    }

  model = ll_environments_model_new (run.scheduler);
  ll_environments_model_set_route (model, route);
  ll_environments_model_set_direction (model, direction);
  ll_environments_model_set_environments (model, environments);
  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  ll_environments_model_start (model, feed);
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    g_main_context_iteration (run.context, TRUE);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, out);

  if (temp != NULL)
    g_file_delete (temp, NULL, NULL);

  identical = ll_environments_model_get_identical (model);
  if (!identical)
    g_propagate_error (error, run_error (model));

  return identical;
}
