/* ll-programs.c: the table of headless programs
 *
 * Adding a program is one function in its own file plus one entry here.
 * Every program parses its options with ll_program_parse_options(), so
 * that `looplab-cli run ID --help` and a bad option look the same in all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-programs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ll-programs.h"
#include "ll-message-loop-program.h"
#include "ll-countdown-program.h"
#include "ll-courier-program.h"
#include "ll-hello-program.h"
#include "ll-interleave-program.h"
#include "ll-producer-consumer-program.h"
#include "ll-frozen-vs-responsive-program.h"
#include "ll-gio-chain-program.h"
#include "ll-server-program.h"
#include "ll-sax-bus-program.h"
#include "ll-pipeline-program.h"
#include "ll-environments-program.h"
#include "ll-counter-race-program.h"
#include "ll-switch-cost-program.h"

/* In the window's order (ui/ll-demo-registry.c), which
 * tests/check-demo-lists.py holds them to.  Each example is a run worth
 * trying that ends within seconds; each option's range and default are
 * in its description, where the program declares it. */
static const LlProgram programs[] = {
  { .id = "message-loop",
    .summary = N_("An idle loop, then a handler that blocks it: lag figures and the stall the watchdog saw"),
    .example = "--idle 0.5 --block 0.3",
    .tour_args = "--block 0.3",
    .run = ll_message_loop_program_run },
  { .id = "frozen-vs-responsive",
    .summary = N_("Sleep, read a file, fetch, compute: blocking the loop, then without blocking it; the monitor's lag figures and stalls"),
    .example = "--workload fetch --mode blocking --requests 5 --delay 0.5",
    .tour_args = "--workload fetch --requests 5 --delay 0.5",
    .run = ll_frozen_vs_responsive_program_run },
  { .id = "producer-consumer",
    .summary = N_("A generator consumer and a producer hand control back and forth with send() and yield"),
    .example = "",
    .tour_args = "",
    .run = ll_producer_consumer_program_run },
  { .id = "interleave",
    .summary = N_("Two coroutines on one thread, interleaved by a schedule such as AABBAB: 1 2 x y 3 z"),
    .example = "--schedule ABABAB",
    .tour_args = "--schedule ABABAB",
    .run = ll_interleave_program_run },
  { .id = "countdown",
    .summary = N_("Countdown N to 1, one line a second, sleeping without blocking the loop"),
    .arguments = "[N]",
    .arguments_help = N_("N: where the countdown starts (1 to 1000; 10 by default)"),
    .example = "3",
    .tour_args = "3",
    .run = ll_countdown_program_run },
  { .id = "courier",
    .summary = N_("Couriers deliver parcels from a package centre; --blocking sleeps the notes' way and stalls the thread"),
    .example = "--parcels 500 --couriers 5 --capacity 3 --speed 10000 --seed 7",
    .tour_args = "--parcels 15 --couriers 2 --capacity 2 --speed 25 --seed 7",
    .run = ll_courier_program_run },
  { .id = "hello",
    .summary = N_("Hello world!, a non-blocking sleep, Awake again!: gathered tasks finish together on one thread"),
    .example = "--tasks 3 --trace",
    .tour_args = "--tasks 2",
    .run = ll_hello_program_run },
  { .id = "gio-chain",
    .summary = N_("The two-way message: a file copied chunk by chunk with GIO's async reads and writes, as callbacks or as a coroutine"),
    .arguments = "[SRC DST]",
    .arguments_help = N_("SRC DST: copy the file SRC to DST instead of the sample file"),
    .example = "--size 16 --style coroutine --trace",
    .tour_args = "--size 16",
    .run = ll_gio_chain_program_run },
  { .id = "server",
    .summary = N_("The notes' single-threaded web server under a load of keep-alive clients: requests per second and latency, a line a second; --block-ms blocks its handler"),
    .example = "--clients 100 --duration 2 --block-ms 10",
    .tour_args = "--clients 10 --duration 1",
    .run = ll_server_program_run },
  { .id = "pipeline",
    .summary = N_("A log followed like tail -f, sent line by line through grep() into printer(); --broadcast fans out to several greps, --fan-in follows two logs"),
    .example = "--lines 200 --broadcast python,ply",
    .tour_args = "--lines 200 --pattern ply",
    .run = ll_pipeline_program_run },
  { .id = "sax-bus",
    .summary = N_("Event dispatching: a bus feed's XML streamed through GMarkup into coroutines that keep the buses of one route and direction; --dom builds the whole tree first"),
    .example = "--buses 20000 --route 22 --count-only --stats",
    .tour_args = "--buses 2000 --count-only",
    .run = ll_sax_bus_program_run },
  { .id = "environments",
    .summary = N_("One coroutine, three environments: sax-bus's chain run on the main loop, in a thread fed through a GAsyncQueue, and in a child process fed through a pipe; the same buses each time"),
    .example = "--buses 5000 --only main-loop,subprocess",
    .tour_args = "--buses 5000",
    .run = ll_environments_program_run },
  { .id = "switch-cost",
    .summary = N_("The cost of a switch: a token passed round a ring of N coroutines, threads or processes, N from 2 to a million; time, memory and context switches per handoff, and the largest N each reached"),
    .example = "--kinds coroutine,thread --max 1000 --seconds 0.1",
    .tour_args = "--max 100 --seconds 0.1",
    .run = ll_switch_cost_program_run },
  { .id = "counter-race",
    .summary = N_("Shared state: a counter incremented by threads with a plain read-modify-write (updates lost), a mutex, an atomic add, and by coroutines on one thread, which lose updates only if they yield between read and write"),
    .example = "--workers 4 --increments 100000 --lanes plain,atomic,coroutine-yield",
    .tour_args = "--workers 2 --increments 100000",
    .run = ll_counter_race_program_run },
};

G_DEFINE_QUARK (ll-program-error-quark, ll_program_error)

const LlProgram *
ll_programs_get (guint *n_programs)
{
  if (n_programs != NULL)
    *n_programs = G_N_ELEMENTS (programs);
  return programs;
}

const LlProgram *
ll_programs_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      if (g_str_equal (programs[i].id, id))
        return &programs[i];
    }

  return NULL;
}

/**
 * ll_programs_run:
 * @id: a program's id
 * @argc: number of arguments, @id first
 * @argv: (array length=argc): the arguments
 * @out: where the transcript goes
 * @error: return location for a #GError
 *
 * Runs the program @id names; see #LlProgramFunc.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_NOT_FOUND if there
 *   is no such program, or the program's error
 */
gboolean
ll_programs_run (const char     *id,
                 int             argc,
                 char          **argv,
                 GOutputStream  *out,
                 GError        **error)
{
  const LlProgram *program;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  program = ll_programs_lookup (id);
  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No program named “%s”; `looplab-cli list` shows them all"), id);
      return FALSE;
    }

  return program->run (argc, argv, out, error);
}

/**
 * ll_programs_get_help:
 * @id: a program's id
 * @error: return location for a #GError
 *
 * The help that `looplab-cli run ID --help` prints: the program is
 * asked for it, so the options are the ones it parses.
 *
 * Returns: (transfer full) (nullable): the help text, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND if there is no such program
 */
char *
ll_programs_get_help (const char  *id,
                      GError     **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  char *argv[] = { (char *) id, (char *) "--help", NULL };

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Nothing is printed: --help stops a program before its run. */
  out = g_memory_output_stream_new_resizable ();
  if (ll_programs_run (id, 2, argv, out, &local_error))
    {
      /* A program that parses its options some other way. */
      g_critical ("The program %s ran instead of showing its help", id);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s has no --help", id);
      return NULL;
    }
  if (!g_error_matches (local_error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_HELP))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_strdup (local_error->message);
}

static GOptionContext *
options_new (const GOptionEntry *entries,
             const GOptionEntry *hidden_entries)
{
  GOptionContext *options = g_option_context_new (NULL);

  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (hidden_entries != NULL)
    g_option_context_add_main_entries (options, hidden_entries, GETTEXT_PACKAGE);

  return options;
}

/* GOption's own help of @entries, under a usage line that names the
 * command: GOption's names the process, g_get_prgname(). */
static char *
format_help (const char         *id,
             const GOptionEntry *entries,
             const GOptionEntry *hidden_entries)
{
  const LlProgram *program = ll_programs_lookup (id);
  g_autoptr(GOptionContext) options = options_new (entries, hidden_entries);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *help = NULL;
  const char *body;

  /* Never parsed: with help enabled, a parse that met --help would
   * print and exit the process.  Enabled, it lists -h and --help, as
   * the help of serve and bench does. */
  g_option_context_set_help_enabled (options, TRUE);
  if (program != NULL)
    {
      g_option_context_set_summary (options, _(program->summary));
      if (program->arguments_help != NULL)
        g_string_append_printf (description, "%s\n\n", _(program->arguments_help));
      g_string_append_printf (description, "%s\n  looplab-cli run %s%s%s",
                              _("Example:"), id, *program->example != '\0' ? " " : "",
                              program->example);
      g_option_context_set_description (options, description->str);
    }

  help = g_option_context_get_help (options, TRUE, NULL);
  body = strstr (help, "\n\n");
  g_assert (body != NULL);

  /* GOption's words in GLib's catalogue, as the usage lines of
   * `looplab-cli serve --help` and `bench --help` show them. */
  return g_strdup_printf ("%s\n  looplab-cli run %s %s%s%s%s",
                          g_dgettext ("glib20", "Usage:"), id,
                          g_dgettext ("glib20", "[OPTION…]"),
                          program != NULL && program->arguments != NULL ? " " : "",
                          program != NULL && program->arguments != NULL ? program->arguments : "",
                          body);
}

/**
 * ll_program_parse_options:
 * @entries: (nullable) (array zero-terminated=1): the program's options
 * @hidden_entries: (nullable) (array zero-terminated=1): more options,
 *   shared by several programs, which should be %G_OPTION_FLAG_HIDDEN
 * @args: (inout) (array zero-terminated=1): the arguments, the program's
 *   id first; what the options leave
 * @error: return location for a #GError
 *
 * Parses a program's options, the one way every program does.  With
 * `--help` or `-h` among them the program does not run: @error is
 * %LL_PROGRAM_ERROR_HELP, whose message is the help: the summary and
 * example of the program's entry in the registry, its arguments and
 * its options that are not hidden, each with its range and default as
 * its description gives them.
 *
 * Returns: %TRUE if the program should run; %FALSE with @error set to
 *   a %G_OPTION_ERROR for bad options, or %LL_PROGRAM_ERROR_HELP
 */
gboolean
ll_program_parse_options (const GOptionEntry   *entries,
                          const GOptionEntry   *hidden_entries,
                          char               ***args,
                          GError              **error)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autofree char *id = NULL;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    /* Ours, not GOption's: its own --help prints and exits the process. */
    { "help", 'h', G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &help, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  g_return_val_if_fail (args != NULL && *args != NULL && (*args)[0] != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = g_strdup ((*args)[0]);
  options = options_new (entries, hidden_entries);
  g_option_context_set_help_enabled (options, FALSE);
  g_option_context_add_main_entries (options, help_entries, GETTEXT_PACKAGE);
  /* parse_strv frees what it removes; plain parse would leak it. */
  if (!g_option_context_parse_strv (options, args, error))
    return FALSE;

  if (help)
    {
      g_autofree char *text = format_help (id, entries, hidden_entries);

      g_set_error_literal (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_HELP, text);
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_program_check_no_args:
 * @args: (array zero-terminated=1): what the options left, the
 *   program's id first
 * @error: return location for a #GError
 *
 * For the programs that take options only.
 *
 * Returns: %TRUE if no positional argument is left; %FALSE with
 *   %G_OPTION_ERROR_BAD_VALUE naming the first one otherwise
 */
gboolean
ll_program_check_no_args (char   **args,
                          GError **error)
{
  g_return_val_if_fail (args != NULL && args[0] != NULL, FALSE);

  if (args[1] == NULL)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s takes no arguments, only options: unexpected “%s”"),
               args[0], args[1]);

  return FALSE;
}

/**
 * ll_print:
 * @out: a #GOutputStream
 * @format: printf-style format
 *
 * Writes one formatted piece of a transcript.  Transcripts go through a
 * stream so that tests can capture them byte for byte.
 */
void
ll_print (GOutputStream *out,
          const char    *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

/**
 * ll_print_usage_error:
 * @command: the command as typed, "looplab-cli run courier"
 * @message: what is wrong, one line
 *
 * Prints a usage error the one way every looplab-cli command does, on
 * standard error: @message after @command, then where the help is.
 * The command then exits with status 2.
 */
void
ll_print_usage_error (const char *command,
                      const char *message)
{
  g_autofree char *hint = NULL;

  g_return_if_fail (command != NULL && message != NULL);

  hint = g_strdup_printf (_("Try “%s --help”."), command);
  g_printerr ("%s: %s\n%s\n", command, message, hint);
}
