/* ll-pipeline-stages.h: the stages of the "pipeline" demo
 *
 * follow() (a task that reads a growing log like `tail -f` and sends each
 * line on), grep() (sends on the lines that contain its pattern) and
 * printer() (hands each line to its owner): the notes' pipeline, in C,
 * on the stages of ll-pipe.h, whose broadcast() fans out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-pipe.h"
#include "ll-step-gate.h"

G_BEGIN_DECLS

/**
 * LlFollowControl:
 * @writer_done: the log will not grow any more: follow() finishes at its
 *   end instead of waiting for more
 * @gate: (nullable): where follow() waits before each send while a
 *   debugger steps it (the stage holds a reference); %NULL never waits
 * @read_offset: how far follow() has read, in bytes (written by follow())
 * @n_lines: how many whole lines it has sent (written by follow())
 * @in_edge: the edge of the pipe that stands for the file, counted per
 *   line read; %LL_PIPE_NO_NODE for none
 *
 * What the owner of a follow() and the follow() itself share: it lives
 * in the stage's frame (ll_pipeline_follow_get_control()), as long as
 * the owner holds a reference to the stage.
 */
typedef struct
{
  gboolean    writer_done;
  LlStepGate *gate;
  goffset     read_offset;
  guint64     n_lines;
  guint       in_edge;
} LlFollowControl;

/**
 * LlPrinterFunc:
 * @line: a line that reached the sink, without its newline
 * @user_data: the printer's owner
 *
 * What printer() does with a line: print it.
 */
typedef void (*LlPrinterFunc) (const char *line,
                               gpointer    user_data);

/**
 * LlPrinterCaughtFunc:
 * @error: an error thrown into the chain that reached the sink
 * @user_data: the printer's owner
 */
typedef void (*LlPrinterCaughtFunc) (const GError *error,
                                     gpointer      user_data);

LlCo       *ll_pipeline_follow_new      (GFile               *file);
LlFollowControl *ll_pipeline_follow_get_control (LlCo        *follow);
LlCo       *ll_pipeline_grep_new        (const char          *pattern);
void        ll_pipeline_grep_set_pattern (LlCo               *grep,
                                         const char          *pattern);
const char *ll_pipeline_grep_get_pattern (LlCo               *grep);
LlCo       *ll_pipeline_printer_new     (LlPrinterFunc        print,
                                         LlPrinterCaughtFunc  caught,
                                         gpointer             user_data);

G_END_DECLS
