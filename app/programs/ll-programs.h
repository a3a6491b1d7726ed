/* ll-programs.h: the headless programs that looplab-cli runs
 *
 * Every demo's model lives in the core, so every demo also runs in a
 * terminal.  A program prints its transcript on the given stream; the CLI
 * and the tests call the same function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LL_PROGRAM_ERROR:
 *
 * The error domain of what a program's options ask for instead of a
 * run.  %LL_PROGRAM_ERROR_HELP is not a failure: `--help` was given, and
 * the message is the program's help, for standard output.
 */
#define LL_PROGRAM_ERROR (ll_program_error_quark ())

typedef enum
{
  LL_PROGRAM_ERROR_HELP,
} LlProgramError;

GQuark ll_program_error_quark (void);

/**
 * LlProgramFunc:
 * @argc: number of arguments, the program name first
 * @argv: (array length=argc): the arguments after `run`
 * @out: where the transcript goes
 * @error: return location for a #GError
 *
 * Runs one headless program to completion on the thread-default main
 * context.  Bad options are reported through @error as a
 * %G_OPTION_ERROR, never printed; `--help` or `-h` as
 * %LL_PROGRAM_ERROR_HELP, before anything runs.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*LlProgramFunc) (int            argc,
                                   char         **argv,
                                   GOutputStream *out,
                                   GError       **error);

/**
 * LlProgram:
 * @id: kebab-case, as `looplab-cli run ID` takes it
 * @summary: one line, translatable (N_): what the program shows
 * @arguments: (nullable): the positional arguments as the usage line
 *   names them ("[N]"), or %NULL for a program of options only
 * @arguments_help: (nullable): what they are, translatable (N_)
 * @example: the arguments of a run worth trying, shown by `--help`
 * @tour_args: (nullable): the arguments for `looplab-cli tour`, or %NULL
 *   to skip it there
 * @run: the program
 *
 * One entry of the registry.  Its options are the program's own,
 * declared where it parses them; `--help` shows them beside @summary,
 * @arguments_help and @example (ll_program_parse_options()).
 */
typedef struct
{
  const char    *id;
  const char    *summary;
  const char    *arguments;
  const char    *arguments_help;
  const char    *example;
  const char    *tour_args;
  LlProgramFunc  run;
} LlProgram;

const LlProgram *ll_programs_get           (guint               *n_programs);
const LlProgram *ll_programs_lookup        (const char          *id);
gboolean         ll_programs_run           (const char          *id,
                                            int                  argc,
                                            char               **argv,
                                            GOutputStream       *out,
                                            GError             **error);
char            *ll_programs_get_help      (const char          *id,
                                            GError             **error);

gboolean         ll_program_parse_options  (const GOptionEntry  *entries,
                                            const GOptionEntry  *hidden_entries,
                                            char              ***args,
                                            GError             **error);
gboolean         ll_program_check_no_args  (char               **args,
                                            GError             **error);

void             ll_print                  (GOutputStream       *out,
                                            const char          *format,
                                            ...) G_GNUC_PRINTF (2, 3);
void             ll_print_usage_error      (const char          *command,
                                            const char          *message);

G_END_DECLS
