/* ll-frozen-page-private.h: what the files of LlFrozenPage share
 *
 * The page spans three files: ll-frozen-page.c (the page, its meters and
 * its runs), ll-frozen-page-inputs.c (what the runs need: the file to
 * read, the slow server, the calibration, and when each button may run)
 * and ll-frozen-page-compare.c ("Compare side by side").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include <glib/gi18n.h>

#include "ll-fetch-timeline.h"
#include "ll-frozen-compare.h"
#include "ll-frozen-environment.h"
#include "ll-frozen-page.h"
#include "ll-heartbeat.h"
#include "ll-input-log.h"
#include "ll-lag-chart.h"
#include "ll-live-label.h"
#include "ll-primes.h"
#include "ll-sample-file.h"
#include "ll-stall-meter.h"
#include "ll-workload-card.h"
#include "ll-workload-compute.h"
#include "ll-workload-fetch.h"
#include "ll-workload-read.h"
#include "ll-workload-sleep.h"

G_BEGIN_DECLS

#define REFRESH_MS          500
#define MAX_BLOCKING        (5 * G_TIME_SPAN_SECOND)
/* A blocking read has no duration to cap: cap the size instead.  From
 * the disk cache 1 GiB takes well under a second; from a slow disk it
 * can take longer than 5 s, which the warning says. */
#define MAX_BLOCKING_READ   LL_SAMPLE_FILE_MAX_SIZE
/* How far ahead "Compare side by side" sets the common start: time for
 * the second process to start GTK and show its window. */
#define COMPARE_LEAD        (2 * G_TIME_SPAN_SECOND)

typedef enum
{
  RUN_SLEEP_BLOCKING,
  RUN_SLEEP_ASYNC,
  RUN_READ_BLOCKING,
  RUN_READ_ASYNC,
  RUN_FETCH_BLOCKING,
  RUN_FETCH_ASYNC,
  RUN_COMPUTE_BLOCKING,
  RUN_COMPUTE_CHUNKED,
  RUN_COMPUTE_THREAD,
  N_RUNS,
  RUN_NONE = -1
} RunId;

static const struct
{
  LlWorkloadKind  kind;
  LlWorkloadMode  mode;
  const char     *label;
} runs[N_RUNS] = {
  { LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_BLOCKING, N_("Sleep (blocking)") },
  { LL_WORKLOAD_KIND_SLEEP, LL_WORKLOAD_MODE_ASYNC, N_("Sleep (async)") },
  { LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_BLOCKING, N_("Read file (blocking)") },
  { LL_WORKLOAD_KIND_READ, LL_WORKLOAD_MODE_ASYNC, N_("Read file (async)") },
  { LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_BLOCKING, N_("Fetch (blocking)") },
  { LL_WORKLOAD_KIND_FETCH, LL_WORKLOAD_MODE_ASYNC, N_("Fetch (async)") },
  { LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_BLOCKING, N_("Compute (blocking)") },
  { LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_CHUNKED, N_("Compute (chunked)") },
  { LL_WORKLOAD_KIND_COMPUTE, LL_WORKLOAD_MODE_THREAD, N_("Compute (thread)") },
};

/* The entries of the Compare dropdown, in its order. */
static const RunId compare_runs[] = {
  RUN_SLEEP_ASYNC, RUN_READ_ASYNC, RUN_FETCH_ASYNC, RUN_COMPUTE_CHUNKED, RUN_COMPUTE_THREAD,
};

#define N_KINDS 4

/* What to do once the sample file is ready. */
typedef enum
{
  THEN_RUN,
  THEN_COMPARE,
} Then;

struct _LlFrozenPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkWidget       *content;
  GtkLabel        *compare_banner;
  LlHeartbeat     *heartbeat;
  LlLiveLabel     *lag_label;
  GtkBox          *meter_box;
  LlLiveLabel     *last_stall_label;
  GtkLabel        *stall_label;
  GtkLabel        *clicks_label;
  LlLiveLabel     *fps_label;
  GtkBox          *chart_box;
  GtkAdjustment   *duration_adjustment;
  GtkWidget       *buttons[N_RUNS];
  LlWorkloadCard  *cards[N_KINDS];
  GtkDropDown     *size_dropdown;
  GtkWidget       *choose_button;
  GtkWidget       *sample_button;
  GtkLabel        *file_label;
  GtkAdjustment   *requests_adjustment;
  GtkAdjustment   *delay_adjustment;
  GtkDropDown     *fault_dropdown;
  GtkLabel        *server_label;
  GtkWidget       *server_button;
  LlFetchTimeline *fetch_timeline;
  GtkLabel        *calibration_label;
  GtkDropDown     *compare_dropdown;
  GtkWidget       *compare_button;
  GtkLabel        *compare_status;
  GtkBox          *input_box;

  /* borrowed: children added in constructed */
  LlInputLog      *input_log;
  LlStallMeter    *stall_meter;
  GtkLabel        *held_label;      /* weak: the last blocking result's */

  /* owned references */
  LlWorkload      *workloads[N_RUNS];
  LlFrozenEnvironment *environment;
  GFile           *chosen_file;
  GtkNativeDialog *chooser;
  GSubprocess     *compare_process;
  GStrv            compare_command;
  char            *default_tooltips[N_RUNS];
  LlFrozenCompare *compare;         /* the settings of a compare run */

  /* pending sources and cancellables */
  GCancellable    *cancellable;     /* the page's: cancelled in dispose */
  GCancellable    *prepare_cancellable;
  guint            refresh_id;
  guint            compare_start_id;
  guint            compare_tick_id;
  guint            compare_frames;

  /* state */
  RunId            active;
  RunId            preparing;       /* the run waiting for the sample file */
  Then             then;
  RunId            compare_pending; /* the run waiting for the common start */
  guint            sample_generation;
  gint64           chosen_size;     /* -1 while unknown */
  gboolean         calibrated;
  gboolean         calibration_started;
  guint            server_port;     /* asked for; 0 for a free one */
  gboolean         title_changed;
  guint            n_results;
  gint64           held_start;
  gint64           held_end;
};

/* A weak handle on the page for callbacks that may come after it. */

typedef struct
{
  GWeakRef page;
  RunId    id;
  guint    generation;
} Call;

static inline Call *
call_new (LlFrozenPage *self,
          RunId         id)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->page, self);
  call->id = id;
  return call;
}

static inline void
call_free (Call *call)
{
  g_weak_ref_clear (&call->page);
  g_free (call);
}

/* Returns: (transfer full) (nullable): the page, if it is still there */
static inline LlFrozenPage *
call_get_page (Call *call)
{
  return g_weak_ref_get (&call->page);
}

static inline LlWorkloadCard *
card_for (LlFrozenPage   *self,
          LlWorkloadKind  kind)
{
  return self->cards[kind];
}

static inline RunId
run_for (LlWorkloadKind kind,
         LlWorkloadMode mode)
{
  for (int i = 0; i < N_RUNS; i++)
    {
      if (runs[i].kind == kind && runs[i].mode == mode)
        return (RunId) i;
    }

  return RUN_NONE;
}

static inline gboolean
is_busy (LlFrozenPage *self)
{
  return self->active != RUN_NONE || self->preparing != RUN_NONE || self->compare_pending != RUN_NONE;
}

static inline double
get_seconds (LlFrozenPage *self)
{
  return gtk_adjustment_get_value (self->duration_adjustment);
}

static inline guint
get_requests (LlFrozenPage *self)
{
  return (guint) gtk_adjustment_get_value (self->requests_adjustment);
}

static inline gint64
get_delay (LlFrozenPage *self)
{
  return (gint64) (gtk_adjustment_get_value (self->delay_adjustment) * G_TIME_SPAN_SECOND);
}

static inline GFile *
get_read_file (LlFrozenPage *self)
{
  return self->chosen_file != NULL ? self->chosen_file
         : ll_frozen_environment_get_sample_file (self->environment);
}

static inline gboolean
needs_sample (LlFrozenPage   *self,
              LlWorkloadKind  kind)
{
  return kind == LL_WORKLOAD_KIND_READ && self->chosen_file == NULL &&
         !ll_frozen_environment_get_sample_ready (self->environment);
}

static inline gboolean
server_failed (LlFrozenPage *self)
{
  return ll_frozen_environment_get_port (self->environment) == 0;
}

static inline void
set_status (LlFrozenPage   *self,
            LlWorkloadKind  kind,
            const char     *text,
            gboolean        error)
{
  ll_workload_card_set_status (card_for (self, kind), text, error);
}

static inline void
show_run_box (LlFrozenPage   *self,
              LlWorkloadKind  kind,
              gboolean        show)
{
  ll_workload_card_show_progress (card_for (self, kind), show);
}

/* Across the page's files */
void         _ll_frozen_page_calibrated_cb                (GObject      *source,
                                                           GAsyncResult *result,
                                                           gpointer     user_data);
void         _ll_frozen_page_check_sample                 (LlFrozenPage *self);
void         _ll_frozen_page_choose_clicked_cb            (LlFrozenPage *self);
void         _ll_frozen_page_clear_compare                (LlFrozenPage *self);
void         _ll_frozen_page_compare_clicked_cb           (LlFrozenPage *self);
void         _ll_frozen_page_ensure_sample                (LlFrozenPage *self,
                                                           RunId        id,
                                                           Then         then);
void         _ll_frozen_page_fault_changed_cb             (LlFrozenPage *self);
void         _ll_frozen_page_notify_busy                  (LlFrozenPage *self);
void         _ll_frozen_page_restore_window_title         (LlFrozenPage *self);
void         _ll_frozen_page_sample_clicked_cb            (LlFrozenPage *self);
void         _ll_frozen_page_server_restart_clicked_cb    (LlFrozenPage *self);
void         _ll_frozen_page_settings_changed_cb          (LlFrozenPage *self);
void         _ll_frozen_page_size_changed_cb              (LlFrozenPage *self);
gboolean     _ll_frozen_page_spawn_compare                (LlFrozenPage *self,
                                                           RunId        local,
                                                           GError       **error);
void         _ll_frozen_page_start_compare                (LlFrozenPage *self,
                                                           RunId        local);
gboolean     _ll_frozen_page_start_run                    (LlFrozenPage *self,
                                                           RunId        id);
void         _ll_frozen_page_start_server                 (LlFrozenPage *self,
                                                           guint        port);
void         _ll_frozen_page_stop_compare_wait            (LlFrozenPage *self);
void         _ll_frozen_page_update_calibration_label     (LlFrozenPage *self);
void         _ll_frozen_page_update_controls              (LlFrozenPage *self);
const char * _ll_frozen_page_why_not                      (LlFrozenPage *self,
                                                           RunId        id);

G_END_DECLS
