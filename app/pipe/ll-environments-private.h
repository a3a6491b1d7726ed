/* ll-environments-private.h: what the environments' files share
 *
 * ll-environments-model.c is the model, its run and the main loop's
 * environment; ll-environment-thread.c and ll-environment-subprocess.c
 * are the two other environments, and ll-environment-stage.c the
 * protocol's escapes and the child's side.  Each environment is a
 * coroutine whose frame starts with an EnvFrame, which the calls below
 * fill; they are ll-environments-model.c's, since what they fill is the
 * model's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-environments-model.h"

G_BEGIN_DECLS

/* The feed's reads complete at an idle priority, below GTK's redraw: a
 * file in the page cache is read in tens of microseconds, and at the
 * default priority each completion was ready before the loop looked
 * again, so that frames waited behind the whole feed (as on the sax-bus
 * page; see ll-sax-bus-model.c). */
#define READ_PRIORITY G_PRIORITY_DEFAULT_IDLE

/* The environments' frames: what the three share */

/* The head of each environment's frame.  The figures are the frame's
 * own; env_publish() (ll-environments-model.c) copies them into the
 * model, which the frame may no longer have (a stopped run lets go of
 * its tasks, which unwind later). */
typedef struct
{
  LlCo                  co;
  LlEnvironmentsModel  *self;        /* borrowed; NULL once the model lets go */
  LlEnvironment         environment;
  GFile                *file;
  char                 *display_name;
  char                 *route;
  char                 *direction;
  LlEnvironmentFigures  figures;
  GArray               *matches;     /* of LlBusMatch, in the feed's order */
  gint64                start;
} EnvFrame;

/* What a run hands each environment. */
typedef struct
{
  LlEnvironmentsModel *self;
  GFile               *file;
  const char          *display_name;
  const char          *route;
  const char          *direction;
  const char          *cli_path;
  guint64              file_size;
} EnvSetup;

/* Matches: arrays of LlBusMatch that own their ids */
GArray      *ll_environments_matches_new        (void);
void         ll_environments_matches_append     (GArray           *matches,
                                                 const LlBusMatch *match);

/* An environment's frame, from its start to its end */
EnvFrame    *ll_environment_frame_alloc         (gsize             size,
                                                 LlCoFunc          body,
                                                 LlCoCleanup       cleanup,
                                                 const char       *name,
                                                 const char       *file,
                                                 LlEnvironment     environment,
                                                 const EnvSetup   *setup);
void         ll_environment_frame_clear         (EnvFrame         *e);
void         ll_environment_begin               (EnvFrame         *e);
void         ll_environment_progress            (EnvFrame         *e);
LlCoStatus   ll_environment_finish              (EnvFrame         *e);
LlCoStatus   ll_environment_fail                (EnvFrame         *e,
                                                 GError           *error);
GError      *ll_environment_open_error          (EnvFrame         *e,
                                                 GError           *error);
gboolean     ll_environment_feed_chunk          (EnvFrame         *e,
                                                 LlBusParser      *parser,
                                                 const char       *data,
                                                 gsize             length,
                                                 GError          **error);
gboolean     ll_environment_end_feed            (EnvFrame         *e,
                                                 LlBusParser      *parser,
                                                 GError          **error);

/* The protocol's escapes: ll_environments_append_event_line() writes them */
gssize       ll_environments_unescape_in_place  (char             *text,
                                                 gsize             length);

/* The environments the run starts besides the main loop's */
LlCo        *ll_environment_thread_new          (const EnvSetup   *setup);
LlCo        *ll_environment_subprocess_new      (const EnvSetup   *setup);

G_END_DECLS
