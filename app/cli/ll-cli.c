/* ll-cli.c: looplab-cli, Loop Lab's demos in a terminal
 *
 * `list` names the programs, `run NAME` runs one and prints its transcript,
 * `tour` runs each in turn with short settings, `serve` runs the notes'
 * web server (ll-serve.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "looplab-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixoutputstream.h>
#include <stdio.h>

#include "bench/ll-bench.h"
#include "ll-i18n.h"
#include "ll-programs.h"
#include "ll-serve.h"

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: looplab-cli COMMAND [ARGUMENTS]\n"
             "\n"
             "Commands:\n"
             "  list               the programs, one a line\n"
             "  run NAME [OPTIONS] run one program and print its transcript\n"
             "  tour               run every program in turn, briefly\n"
             "  serve [--port N] [--workers N] [--block-ms MS]\n"
             "                     the notes' web server, on this machine (serve --help)\n"
             "  bench send|switch|sleepers|server [--json]\n"
             "                     the benchmarks, beside their peers (bench --help)\n"
             "  help               this text\n"));
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

  if (argc < 1)
    {
      g_printerr ("%s\n", _("run needs a program name; `looplab-cli list` shows them"));
      return 2;
    }

  if (!ll_programs_run (argv[0], argc, argv, out, &error))
    {
      g_printerr ("looplab-cli: %s\n", error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
             error->domain == G_OPTION_ERROR ? 2 : 1;
    }

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
      print_usage (stderr);
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
  if (g_str_equal (command, "help") || g_str_equal (command, "--help") || g_str_equal (command, "-h"))
    {
      print_usage (stdout);
      return 0;
    }

  g_printerr (_("looplab-cli: unknown command “%s”\n"), command);
  print_usage (stderr);
  return 2;
}
