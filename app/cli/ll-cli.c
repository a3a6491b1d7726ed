/* ll-cli.c: looplab-cli, Loop Lab's demos in a terminal
 *
 * `list` names the programs, `run NAME` runs one and prints its transcript,
 * `tour` runs each in turn with short settings, `serve` runs the notes'
 * web server (ll-serve.c), `bench` the benchmarks (app/bench), `help
 * NAME` shows the help of any of them.  A bad usage of any command
 * prints one line and where its help is, and exits 2
 * (ll_print_usage_error()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "looplab-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixoutputstream.h>

#include "bench/ll-bench.h"
#include "ll-i18n.h"
#include "ll-programs.h"
#include "ll-serve.h"

/* The one help of looplab-cli itself, for `--help`, `help` and `run
 * --help`; help2man makes the man page of it. */
static void
print_usage (GOutputStream *out)
{
  const char *usage = g_dgettext ("glib20", "Usage:");
  const LlProgram *programs;
  guint n;

  /* One line, for help2man's SYNOPSIS.  A full-width colon (GLib's
   * Chinese "用法：") carries its own space. */
  ll_print (out, "%s%slooplab-cli %s\n\n%s\n\n",
            usage, g_str_has_suffix (usage, "：") ? "" : " ", _("COMMAND [ARGUMENTS…]"),
            _("Loop Lab’s demos in a terminal: every demo of the window runs here as a headless program that prints what happens."));
  ll_print (out, "%s",
            _("Commands:\n"
              "  list                 the programs, one a line\n"
              "  run NAME [OPTION…]   run one program and print its transcript\n"
              "  tour                 run every program in turn, briefly\n"
              "  serve [OPTION…]      the notes’ web server, on this machine\n"
              "  bench BENCHMARK [OPTION…]\n"
              "                       the benchmarks, beside their peers\n"
              "  help [NAME]          this text, or the help of a program or a command\n"));

  ll_print (out, "\n%s\n", _("Programs:"));
  programs = ll_programs_get (&n);
  for (guint i = 0; i < n; i++)
    ll_print (out, "  %-22s %s\n", programs[i].id, _(programs[i].summary));

  ll_print (out, "\n%s\n", _("Options:"));
  ll_print (out, "  -h, --help             %s\n", _("Show this help"));
  ll_print (out, "  --version              %s\n", _("Print the version and exit"));

  ll_print (out, "\n%s\n\n%s\n  looplab-cli run courier --parcels 15 --couriers 2 --speed 10\n",
            _("`looplab-cli help NAME` or `looplab-cli run NAME --help` shows a program’s options, and `looplab-cli help serve` those of the server."),
            _("Example:"));
}

static int
cmd_list (void)
{
  const LlProgram *programs;
  guint n;

  programs = ll_programs_get (&n);
  for (guint i = 0; i < n; i++)
    g_print ("%-22s %s\n", programs[i].id, _(programs[i].summary));

  return 0;
}

static int
cmd_run (int            argc,
         char         **argv,
         GOutputStream *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;

  if (argc < 1)
    {
      ll_print_usage_error ("looplab-cli run", _("run needs a program name; `looplab-cli list` shows them"));
      return 2;
    }
  if (g_str_equal (argv[0], "--help") || g_str_equal (argv[0], "-h"))
    {
      print_usage (out);
      return 0;
    }
  if (ll_programs_lookup (argv[0]) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No program named “%s”; `looplab-cli list` shows them all"), argv[0]);

      ll_print_usage_error ("looplab-cli run", message);
      return 2;
    }

  command = g_strdup_printf ("looplab-cli run %s", argv[0]);
  if (ll_programs_run (argv[0], argc, argv, out, &error))
    return 0;

  if (g_error_matches (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_HELP))
    {
      ll_print (out, "%s", error->message);
      return 0;
    }
  if (error->domain == G_OPTION_ERROR)
    {
      ll_print_usage_error (command, error->message);
      return 2;
    }

  g_printerr ("%s: %s\n", command, error->message);
  return 1;
}

/* `looplab-cli help NAME`: the same help as `NAME --help`. */
static int
cmd_help (int            argc,
          char         **argv,
          GOutputStream *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *help = NULL;
  char *help_argv[] = { NULL, (char *) "--help", NULL };

  if (argc < 1 || g_str_equal (argv[0], "--help") || g_str_equal (argv[0], "-h") ||
      g_str_equal (argv[0], "help") || g_str_equal (argv[0], "run") ||
      g_str_equal (argv[0], "list") || g_str_equal (argv[0], "tour"))
    {
      print_usage (out);
      return 0;
    }
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("help takes one name at most: unexpected “%s”"), argv[1]);

      ll_print_usage_error ("looplab-cli help", message);
      return 2;
    }

  /* Their own --help prints it and exits. */
  help_argv[0] = argv[0];
  if (g_str_equal (argv[0], "serve"))
    return ll_serve_main (2, help_argv);
  if (g_str_equal (argv[0], "bench"))
    return ll_bench_main (2, help_argv);

  help = ll_programs_get_help (argv[0], &error);
  if (help == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No program or command named “%s”; `looplab-cli list` shows the programs"), argv[0]);

      ll_print_usage_error ("looplab-cli help", message);
      return 2;
    }

  ll_print (out, "%s", help);
  return 0;
}

static int
cmd_tour (GOutputStream *out)
{
  const LlProgram *programs;
  guint n;
  int status = 0;

  ll_print (out, "%s\n", _("Loop Lab tour: each demo, run headless. Start the app on a display to see them live."));

  programs = ll_programs_get (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) args = NULL;
      g_autofree char *line = NULL;
      int argc;

      if (programs[i].tour_args == NULL)
        continue;

      ll_print (out, "\n== %s ==\n%s\n\n", programs[i].id, _(programs[i].summary));

      line = g_strdup_printf ("%s %s", programs[i].id, programs[i].tour_args);
      if (!g_shell_parse_argv (line, &argc, &args, &error) ||
          !programs[i].run (argc, args, out, &error))
        {
          g_printerr ("looplab-cli: %s: %s\n", programs[i].id, error->message);
          status = 1;
        }
    }

  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOutputStream) out = NULL;
  const char *command;

  ll_i18n_init ();

  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  if (argc < 2)
    {
      ll_print_usage_error ("looplab-cli", _("name a command: list, run, tour, serve, bench or help"));
      return 2;
    }

  command = argv[1];
  if (g_str_equal (command, "list"))
    return cmd_list ();
  if (g_str_equal (command, "run"))
    return cmd_run (argc - 2, argv + 2, out);
  if (g_str_equal (command, "tour"))
    return cmd_tour (out);
  if (g_str_equal (command, "serve"))
    return ll_serve_main (argc - 1, argv + 1);
  if (g_str_equal (command, "bench"))
    return ll_bench_main (argc - 1, argv + 1);
  if (g_str_equal (command, "help"))
    return cmd_help (argc - 2, argv + 2, out);
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h"))
    {
      print_usage (out);
      return 0;
    }
  if (g_str_equal (command, "--version"))
    {
      ll_print (out, "looplab-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), command);

    ll_print_usage_error ("looplab-cli", message);
  }
  return 2;
}
