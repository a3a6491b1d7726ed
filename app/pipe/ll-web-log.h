/* ll-web-log.h: seeded lines of a web server's access log
 *
 * The input of the "pipeline" demo: the kind of log the notes follow with
 * `tail -f` and grep for python, ply and swig.  The same seed gives the
 * same lines, so a transcript can be checked exactly, and anyone can
 * check it again with grep on the saved log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlWebLog LlWebLog;

LlWebLog *ll_web_log_new         (guint32        seed);
void      ll_web_log_free        (LlWebLog      *self);
void      ll_web_log_append_line (LlWebLog      *self,
                                  GString       *out);
guint64   ll_web_log_get_n_lines (LlWebLog      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlWebLog, ll_web_log_free)

G_END_DECLS
