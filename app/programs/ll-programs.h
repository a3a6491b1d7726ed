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
 * LlProgramFunc:
 * @argc: number of arguments, the program name first
 * @argv: (array length=argc): the arguments after `run`
 * @out: where the transcript goes
 * @error: return location for a #GError
 *
 * Runs one headless program to completion on the thread-default main
 * context.  Bad options are reported through @error, never printed.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*LlProgramFunc) (int            argc,
                                   char         **argv,
                                   GOutputStream *out,
                                   GError       **error);

typedef struct
{
  const char    *id;        /* kebab-case, as `looplab-cli run ID` takes it */
  const char    *summary;   /* one line, translatable (N_) */
  const char    *tour_args; /* arguments for `looplab-cli tour`, or NULL to skip */
  LlProgramFunc  run;
} LlProgram;

const LlProgram *ll_programs_get       (guint           *n_programs);
const LlProgram *ll_programs_lookup    (const char      *id);
gboolean         ll_programs_run       (const char      *id,
                                        int              argc,
                                        char           **argv,
                                        GOutputStream   *out,
                                        GError         **error);

void             ll_print              (GOutputStream   *out,
                                        const char      *format,
                                        ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
