/* ll-columns.h: time cut into pixel columns, for charts that scroll
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LlColumnsLevelFunc:
 * @value: the largest value a column holds, in µs
 * @data: what ll_columns_new() was given
 *
 * Says how a column of @value is drawn, as a number that changes
 * whenever any pixel of the column would: its height in pixels and its
 * colour, say.  It must not decrease as @value grows.
 *
 * Returns: the column's level
 */
typedef int (*LlColumnsLevelFunc) (gint64   value,
                                   gpointer data);

typedef struct _LlColumns LlColumns;

gint64     ll_columns_index         (gint64             time,
                                     gint64             window,
                                     guint              n_columns);
gint64     ll_columns_start         (gint64             index,
                                     gint64             window,
                                     guint              n_columns);

LlColumns *ll_columns_new           (guint              n_columns,
                                     gint64             window,
                                     gint64             now,
                                     LlColumnsLevelFunc level,
                                     gpointer           data);
void       ll_columns_free          (LlColumns         *self);
guint      ll_columns_get_n_columns (LlColumns         *self);
gint64     ll_columns_get_window    (LlColumns         *self);
gint64     ll_columns_get_right_time (LlColumns        *self);
gboolean   ll_columns_advance       (LlColumns         *self,
                                     gint64             now);
gboolean   ll_columns_add_lag       (LlColumns         *self,
                                     gint64             time,
                                     gint64             lag);
gint64     ll_columns_get           (LlColumns         *self,
                                     guint              column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlColumns, ll_columns_free)

G_END_DECLS
