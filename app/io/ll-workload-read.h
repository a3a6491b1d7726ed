/* ll-workload-read.h: Read file, blocking and async
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

#define LL_TYPE_WORKLOAD_READ (ll_workload_read_get_type ())

G_DECLARE_FINAL_TYPE (LlWorkloadRead, ll_workload_read, LL, WORKLOAD_READ, LlWorkload)

GFile   *ll_workload_read_get_file        (LlWorkloadRead *self);
void     ll_workload_read_set_file        (LlWorkloadRead *self,
                                           GFile          *file);
guint    ll_workload_read_get_chunk_size  (LlWorkloadRead *self);
void     ll_workload_read_set_chunk_size  (LlWorkloadRead *self,
                                           guint           chunk_size);
guint    ll_workload_read_get_readers     (LlWorkloadRead *self);
void     ll_workload_read_set_readers     (LlWorkloadRead *self,
                                           guint           readers);

G_END_DECLS
