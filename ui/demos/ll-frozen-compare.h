/* ll-frozen-compare.h: "Compare side by side", one side's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-workload.h"

G_BEGIN_DECLS

/**
 * LlFrozenCompare:
 * @kind: the workload
 * @mode: how this window runs it
 * @seconds: for sleep and compute
 * @requests: for fetch
 * @delay: µs, for fetch
 * @numbers: for compute: how many numbers (the same count in both
 *   windows), 0 for @seconds' worth
 * @file: (nullable): the file to read, for read
 * @start_at: wall-clock µs (g_get_real_time()) when to start
 *
 * One side of "Compare side by side": what a window runs, and when.
 */
typedef struct
{
  LlWorkloadKind  kind;
  LlWorkloadMode  mode;
  double          seconds;
  guint           requests;
  gint64          delay;
  guint64         numbers;
  char           *file;
  gint64          start_at;
} LlFrozenCompare;

LlFrozenCompare *ll_frozen_compare_copy         (const LlFrozenCompare  *compare);
void             ll_frozen_compare_free         (LlFrozenCompare        *compare);

void             ll_frozen_compare_add_options  (GApplication           *application);
gboolean         ll_frozen_compare_requested    (GVariantDict           *options);
LlFrozenCompare *ll_frozen_compare_parse        (GVariantDict           *options);

GSubprocess     *ll_frozen_compare_spawn        (const LlFrozenCompare  *compare,
                                                 const char * const     *command,
                                                 GError                **error);

const char      *ll_frozen_compare_kind_name    (LlWorkloadKind          kind);
char            *ll_frozen_compare_format_start (const LlFrozenCompare  *compare);
char            *ll_frozen_compare_describe     (const LlFrozenCompare  *compare);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlFrozenCompare, ll_frozen_compare_free)

G_END_DECLS
