/* ll-frozen-page.c: "Frozen vs responsive"
 *
 * The same work done two ways.  Each button below calls
 * ll_workload_run_async() (app/io/ll-workload.c) from its click handler:
 *
 * - a BLOCKING workload does all of its work inside that call, on the
 *   main thread, before the handler returns.  For that long the loop
 *   cannot read an event, draw a frame or fire a timer: the heart stops,
 *   the stall meter cannot move, and every click waits in the queue;
 * - an ASYNC, CHUNKED or THREAD workload only starts its work there: a
 *   coroutine that awaits a non-blocking sleep or GIO's asynchronous
 *   reads and socket calls, slices of 5 ms that give the loop back in
 *   between, or a worker thread.  The handler returns at once, and the
 *   loop keeps drawing and answering while the work goes on.
 *
 * The work itself is in app/io/ll-workload-sleep.c, -read.c, -fetch.c and
 * -compute.c; what a blocking call looks like is there, marked ON PURPOSE.
 * What the work needs (the sample file, the slow server, the calibration)
 * is app/io/ll-frozen-environment.c.  This file is the page: the meters,
 * when each button may run, and "Compare side by side", which starts a
 * second Loop Lab process (ll-frozen-compare.c) and runs the workload in
 * both at the same moment.  Each kind's buttons and result cards are an
 * LlWorkloadCard (ll-workload-card.c).
 *
 * Every callback that may come after the page is gone (a run's result,
 * the sample file's progress, the calibration, the second process's exit)
 * holds only a weak reference to it, and the page's GCancellable, cancelled
 * in dispose, stops whatever is under way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-fetch-timeline.h"
#include "ll-frozen-compare.h"
#include "ll-frozen-environment.h"
#include "ll-frozen-page.h"
#include "ll-heartbeat.h"
#include "ll-input-log.h"
#include "ll-lag-chart.h"
#include "ll-primes.h"
#include "ll-sample-file.h"
#include "ll-stall-meter.h"
#include "ll-workload-card.h"
#include "ll-workload-compute.h"
#include "ll-workload-fetch.h"
#include "ll-workload-read.h"
#include "ll-workload-sleep.h"

#define REFRESH_MS          250
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
  GtkLabel        *lag_label;
  GtkBox          *meter_box;
  GtkLabel        *stall_label;
  GtkLabel        *clicks_label;
  GtkLabel        *fps_label;
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
  guint            server_port;     /* asked for; 0 for a free one */
  gboolean         title_changed;
  guint            n_results;
  gint64           held_start;
  gint64           held_end;
};

G_DEFINE_FINAL_TYPE (LlFrozenPage, ll_frozen_page, LL_TYPE_DEMO_PAGE)

enum {
  PROP_0,
  PROP_SERVER_PORT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean start_run         (LlFrozenPage *self,
                                   RunId         id);
static void     update_controls   (LlFrozenPage *self);
static void     start_compare     (LlFrozenPage *self,
                                   RunId         local);

/* A weak handle on the page for callbacks that may come after it. */

typedef struct
{
  GWeakRef page;
  RunId    id;
  guint    generation;
} Call;

static Call *
call_new (LlFrozenPage *self,
          RunId         id)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->page, self);
  call->id = id;
  return call;
}

static void
call_free (Call *call)
{
  g_weak_ref_clear (&call->page);
  g_free (call);
}

/* Returns: (transfer full) (nullable): the page, if it is still there */
static LlFrozenPage *
call_get_page (Call *call)
{
  return g_weak_ref_get (&call->page);
}

static LlWorkloadCard *
card_for (LlFrozenPage   *self,
          LlWorkloadKind  kind)
{
  return self->cards[kind];
}

static RunId
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

static gboolean
is_busy (LlFrozenPage *self)
{
  return self->active != RUN_NONE || self->preparing != RUN_NONE || self->compare_pending != RUN_NONE;
}

static void
notify_busy (LlFrozenPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static double
get_seconds (LlFrozenPage *self)
{
  return gtk_adjustment_get_value (self->duration_adjustment);
}

static guint
get_requests (LlFrozenPage *self)
{
  return (guint) gtk_adjustment_get_value (self->requests_adjustment);
}

static gint64
get_delay (LlFrozenPage *self)
{
  return (gint64) (gtk_adjustment_get_value (self->delay_adjustment) * G_TIME_SPAN_SECOND);
}

static GFile *
get_read_file (LlFrozenPage *self)
{
  return self->chosen_file != NULL ? self->chosen_file
         : ll_frozen_environment_get_sample_file (self->environment);
}

static gboolean
needs_sample (LlFrozenPage   *self,
              LlWorkloadKind  kind)
{
  return kind == LL_WORKLOAD_KIND_READ && self->chosen_file == NULL &&
         !ll_frozen_environment_get_sample_ready (self->environment);
}

static gboolean
server_failed (LlFrozenPage *self)
{
  return ll_frozen_environment_get_port (self->environment) == 0;
}

static void
set_status (LlFrozenPage   *self,
            LlWorkloadKind  kind,
            const char     *text,
            gboolean        error)
{
  ll_workload_card_set_status (card_for (self, kind), text, error);
}

static void
show_run_box (LlFrozenPage   *self,
              LlWorkloadKind  kind,
              gboolean        show)
{
  ll_workload_card_show_progress (card_for (self, kind), show);
}

/* The live strip */

static gboolean
refresh_figures (gpointer data)
{
  LlFrozenPage *self = data;
  g_autofree char *fps = NULL;
  g_autofree char *lag = NULL;
  g_autofree char *now = NULL;
  g_autofree char *p99 = NULL;
  g_autofree char *max = NULL;
  LlLagStats stats;
  double rate;

  g_object_get (self->heartbeat, "fps", &rate, NULL);
  fps = g_strdup_printf (_("%.0f frames per second"), rate);
  gtk_label_set_label (self->fps_label, fps);

  ll_loop_monitor_get_lag_stats (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)), &stats);
  now = ll_workload_card_format_ms (ll_stall_meter_get_lag (self->stall_meter));
  p99 = ll_workload_card_format_ms (stats.p99);
  max = ll_workload_card_format_ms (stats.max);
  /* Translators: the live lag, then the p99 and max of the last 30 s */
  lag = g_strdup_printf (_("lag now %s · p99 %s · max %s"), now, p99, max);
  gtk_label_set_label (self->lag_label, lag);

  if (ll_stall_meter_get_last_stall (self->stall_meter) > 0)
    {
      g_autofree char *stall = ll_workload_card_format_ms (ll_stall_meter_get_last_stall (self->stall_meter));
      g_autofree char *text = NULL;
      const char *handler = ll_stall_meter_get_last_handler (self->stall_meter);
      gint64 ago = (g_get_monotonic_time () - ll_stall_meter_get_last_stall_time (self->stall_meter)) / G_TIME_SPAN_SECOND;

      text = g_strdup_printf (_("Last stall: the loop stood still for %s in %s, %d s ago. The meter could not move meanwhile: it is drawn by the same loop."),
                              stall, handler != NULL ? handler : _("an unnamed handler"), (int) ago);
      gtk_label_set_label (self->stall_label, text);
    }
  else
    gtk_label_set_label (self->stall_label,
                         _("No stall yet: the loop has kept up. The bar is the live lag; a stall shows as a marker once the loop is back."));

  return G_SOURCE_CONTINUE;
}

static void
click_me_cb (LlFrozenPage *self)
{
  g_autofree char *text = NULL;
  guint n;

  ll_input_log_click_me (self->input_log);
  n = ll_input_log_get_n_clicks (self->input_log);
  text = g_strdup_printf (ngettext ("“Click me” answered %u click; the input log below shows how long each waited.",
                                    "“Click me” answered %u clicks; the input log below shows how long each waited.",
                                    n),
                          n);
  gtk_label_set_label (self->clicks_label, text);
}

/* Warnings and sensitivity */

static void
update_warnings (LlFrozenPage *self)
{
  g_autofree char *sleep = NULL;
  g_autofree char *compute = NULL;
  g_autofree char *fetch = NULL;
  const char *read;
  double seconds = get_seconds (self);
  guint requests = get_requests (self);
  double delay = get_delay (self) / (double) G_TIME_SPAN_SECOND;

  sleep = g_strdup_printf (_("Sleep (blocking): the window will freeze for about %.1f s."), seconds);
  ll_workload_card_set_warning (self->cards[LL_WORKLOAD_KIND_SLEEP], sleep);

  compute = g_strdup_printf (_("Compute (blocking): the window will freeze for about %.1f s."), seconds);
  ll_workload_card_set_warning (self->cards[LL_WORKLOAD_KIND_COMPUTE], compute);

  if (requests * get_delay (self) <= MAX_BLOCKING)
    fetch = g_strdup_printf (ngettext ("Fetch (blocking): the window will freeze for about %.1f s (%u request × %.1f s, one after another). Fetch (async) takes about %.1f s.",
                                       "Fetch (blocking): the window will freeze for about %.1f s (%u requests × %.1f s, one after another). Fetch (async) takes about %.1f s.",
                                       requests),
                             requests * delay, requests, delay, delay);
  else
    fetch = g_strdup_printf (ngettext ("Fetch (blocking) is off: %u request × %.1f s, one after another, would freeze the window for %.0f s, over the 5 s limit. Fetch (async) takes about %.1f s.",
                                       "Fetch (blocking) is off: %u requests × %.1f s, one after another, would freeze the window for %.0f s, over the 5 s limit. Fetch (async) takes about %.1f s.",
                                       requests),
                             requests, delay, requests * delay, delay);
  ll_workload_card_set_warning (self->cards[LL_WORKLOAD_KIND_FETCH], fetch);

  if (self->chosen_file != NULL && self->chosen_size > (gint64) MAX_BLOCKING_READ)
    read = _("Read file (blocking) is off for files over 1 GiB: the freeze would last too long. Read file (async) reads any size.");
  else
    read = _("Read file (blocking): the window will freeze until the whole file is read: a fraction of a second from the disk cache, longer from a slow disk.");
  ll_workload_card_set_warning (self->cards[LL_WORKLOAD_KIND_READ], read);
}

/* Why a run cannot start now, or NULL if it can. */
static const char *
why_not (LlFrozenPage *self,
         RunId         id)
{
  LlWorkloadKind kind = runs[id].kind;
  LlWorkloadMode mode = runs[id].mode;

  if (kind == LL_WORKLOAD_KIND_FETCH && server_failed (self))
    return _("The slow server is not running: see the message above");

  if (kind == LL_WORKLOAD_KIND_FETCH && mode == LL_WORKLOAD_MODE_BLOCKING &&
      get_requests (self) * get_delay (self) > MAX_BLOCKING)
    return _("One after another, these requests would freeze the window for more than 5 s: lower the requests or the delay");

  if (kind == LL_WORKLOAD_KIND_COMPUTE && !self->calibrated)
    return _("Measuring how fast this machine counts primes first…");

  if (kind == LL_WORKLOAD_KIND_READ && mode == LL_WORKLOAD_MODE_BLOCKING &&
      self->chosen_file != NULL && self->chosen_size > (gint64) MAX_BLOCKING_READ)
    return _("A blocking read is limited to files of 1 GiB or less, so that the freeze stays short");

  return NULL;
}

static void
update_controls (LlFrozenPage *self)
{
  gboolean busy = is_busy (self);
  guint selected;

  for (int i = 0; i < N_RUNS; i++)
    {
      const char *why = why_not (self, (RunId) i);

      gtk_widget_set_sensitive (self->buttons[i], !busy && why == NULL);
      gtk_widget_set_tooltip_text (self->buttons[i], why != NULL ? why : self->default_tooltips[i]);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->size_dropdown), !busy);
  gtk_widget_set_sensitive (self->choose_button, !busy);
  gtk_widget_set_sensitive (self->sample_button, !busy);
  gtk_widget_set_sensitive (self->server_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fault_dropdown), !busy);

  selected = gtk_drop_down_get_selected (self->compare_dropdown);
  gtk_widget_set_sensitive (self->compare_button,
                            !busy && selected < G_N_ELEMENTS (compare_runs) &&
                            why_not (self, run_for (runs[compare_runs[selected]].kind, LL_WORKLOAD_MODE_BLOCKING)) == NULL);
}

static void
settings_changed_cb (LlFrozenPage *self)
{
  for (int i = 0; i < N_RUNS; i++)
    {
      if (runs[i].kind == LL_WORKLOAD_KIND_FETCH)
        ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (self->workloads[i]), get_delay (self));
    }
  ll_slow_server_set_delay (ll_frozen_environment_get_server (self->environment), get_delay (self));

  update_warnings (self);
  update_controls (self);
}

/* Progress */

static void
progress_changed_cb (LlFrozenPage *self,
                     GParamSpec   *pspec,
                     LlWorkload   *workload)
{
  if (self->active == RUN_NONE || self->workloads[self->active] != workload)
    return;

  ll_workload_card_update_progress (card_for (self, runs[self->active].kind), workload);
}

/* Results */

static char *
describe_held (guint  n,
               gint64 longest)
{
  if (n == 0)
    return g_strdup (_("No click or key press was held back. Press Click me or type during the next freeze to see yours wait."));

  return g_strdup_printf (ngettext ("%u click or key press was held back in the queue; it waited %.2f s.",
                                    "%u clicks and key presses were held back in the queue; the longest waited %.2f s.",
                                    n),
                          n, longest / (double) G_TIME_SPAN_SECOND);
}

static void
update_held (LlFrozenPage *self)
{
  g_autofree char *text = NULL;
  gint64 longest = 0;
  guint n;

  if (self->held_label == NULL)
    return;

  n = ll_input_log_count_held (self->input_log, self->held_start, self->held_end, &longest);
  text = describe_held (n, longest);
  gtk_label_set_label (self->held_label, text);
}

/* The stall the monitor saw for a blocking run: the longest one that
 * overlaps it.  Its bounds say which input it held back. */
static void
find_stall (LlFrozenPage           *self,
            const LlWorkloadResult *record,
            gint64                 *start,
            gint64                 *end)
{
  g_autoptr(GPtrArray) stalls = ll_loop_monitor_copy_stalls (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)));
  gint64 run_end = record->start + record->duration;
  gint64 longest = -1;

  *start = record->start;
  *end = run_end;

  for (guint i = 0; i < stalls->len; i++)
    {
      LlStall *stall = g_ptr_array_index (stalls, i);

      if (stall->start > run_end || stall->start + stall->duration < record->start)
        continue;
      if (stall->duration > longest)
        {
          longest = stall->duration;
          *start = stall->start;
          *end = stall->start + stall->duration;
        }
    }
}

static void
show_result (LlFrozenPage           *self,
             RunId                   id,
             const LlWorkloadResult *record)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *title = g_strdup_printf (_("%s · %s"), _(runs[id].label), clock);
  GtkLabel *held;

  held = ll_workload_card_show_result (card_for (self, record->kind), title, record, get_read_file (self));
  if (held != NULL)
    {
      find_stall (self, record, &self->held_start, &self->held_end);
      g_set_weak_pointer (&self->held_label, held);
      update_held (self);
    }
  self->n_results++;
}

/* Running */

static void
finish_run (LlFrozenPage *self,
            RunId         id)
{
  self->active = RUN_NONE;
  show_run_box (self, runs[id].kind, FALSE);
  update_controls (self);
  notify_busy (self);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  g_autoptr(LlWorkloadResult) record = NULL;
  g_autoptr(GError) error = NULL;
  RunId id = call->id;

  call_free (call);
  record = ll_workload_run_finish (LL_WORKLOAD (source), result, &error);

  /* The page is gone: its dispose cancelled the run; touch nothing. */
  if (self == NULL)
    return;

  finish_run (self, id);

  if (record == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, runs[id].kind, _("Cancelled: the run stopped cleanly."), FALSE);
      else
        set_status (self, runs[id].kind, error->message, TRUE);
      return;
    }

  set_status (self, runs[id].kind, NULL, FALSE);
  show_result (self, id, record);
}

static void
configure (LlFrozenPage *self,
           RunId         id)
{
  LlWorkload *workload = self->workloads[id];
  const LlFrozenCompare *compare = self->compare;

  switch (runs[id].kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      ll_workload_sleep_set_seconds (LL_WORKLOAD_SLEEP (workload), compare ? compare->seconds : get_seconds (self));
      break;

    case LL_WORKLOAD_KIND_READ:
      ll_frozen_environment_configure (self->environment, workload);
      if (self->chosen_file != NULL)
        ll_workload_read_set_file (LL_WORKLOAD_READ (workload), self->chosen_file);
      break;

    case LL_WORKLOAD_KIND_FETCH:
      ll_workload_fetch_set_requests (LL_WORKLOAD_FETCH (workload), compare ? compare->requests : get_requests (self));
      ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (workload), compare ? compare->delay : get_delay (self));
      ll_frozen_environment_configure (self->environment, workload);
      ll_fetch_timeline_set_workload (self->fetch_timeline, LL_WORKLOAD_FETCH (workload));
      break;

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      ll_workload_compute_set_seconds (LL_WORKLOAD_COMPUTE (workload), compare ? compare->seconds : get_seconds (self));
      ll_workload_compute_set_numbers (LL_WORKLOAD_COMPUTE (workload), compare ? compare->numbers : 0);
      break;
    }
}

static void ensure_sample (LlFrozenPage *self,
                           RunId         id,
                           Then          then);

static gboolean
start_run (LlFrozenPage *self,
           RunId         id)
{
  LlWorkloadKind kind = runs[id].kind;

  if (is_busy (self))
    return FALSE;

  /* A compare run was asked for on the command line: the settings are
   * its own, and the sensitivity of the buttons does not apply. */
  if (self->compare == NULL && why_not (self, id) != NULL)
    return FALSE;

  if (needs_sample (self, kind))
    {
      ensure_sample (self, id, THEN_RUN);
      return TRUE;
    }

  configure (self, id);
  set_status (self, kind, NULL, FALSE);
  show_run_box (self, kind, runs[id].mode != LL_WORKLOAD_MODE_BLOCKING);
  self->active = id;
  update_controls (self);
  notify_busy (self);

  /* For a blocking workload, this call does all the work before it
   * returns: the freeze happens right here, in the click handler. */
  ll_workload_run_async (self->workloads[id], self->cancellable, run_done_cb, call_new (self, id));

  return TRUE;
}

static void sleep_blocking_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_SLEEP_BLOCKING); }
static void sleep_async_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_SLEEP_ASYNC); }
static void read_blocking_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_READ_BLOCKING); }
static void read_async_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_READ_ASYNC); }
static void fetch_blocking_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_FETCH_BLOCKING); }
static void fetch_async_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_FETCH_ASYNC); }
static void compute_blocking_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_COMPUTE_BLOCKING); }
static void compute_chunked_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_COMPUTE_CHUNKED); }
static void compute_thread_clicked_cb (LlFrozenPage *self) { start_run (self, RUN_COMPUTE_THREAD); }

static void
cancel_clicked_cb (LlFrozenPage *self)
{
  ll_frozen_page_cancel (self);
}

/* The sample file */

static void
describe_file (LlFrozenPage *self,
               const char   *state)
{
  GFile *file = get_read_file (self);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;

  if (path == NULL)
    path = g_file_get_uri (file);

  if (self->chosen_file != NULL)
    text = g_strdup_printf (_("Your file: %s (%s)"), path, state);
  else
    text = g_strdup_printf (_("Sample file: %s (%s)"), path, state);
  gtk_label_set_label (self->file_label, text);
}

static void
sample_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  gboolean ready = ll_frozen_environment_check_sample_finish (LL_FROZEN_ENVIRONMENT (source), result);
  guint generation = call->generation;

  call_free (call);
  if (self == NULL || generation != self->sample_generation)
    return;

  if (self->chosen_file == NULL)
    describe_file (self, ready ? _("ready") : _("not made yet: it is made on first use, without freezing"));
}

static void
check_sample (LlFrozenPage *self)
{
  guint64 size = ll_frozen_environment_get_sample_size (self->environment);
  g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  Call *call = call_new (self, RUN_NONE);

  call->generation = ++self->sample_generation;
  if (self->chosen_file == NULL)
    describe_file (self, size_text);

  ll_frozen_environment_check_sample_async (self->environment, self->cancellable, sample_checked_cb, call);
}

static void
sample_progress_cb (goffset  current,
                    goffset  total,
                    gpointer user_data)
{
  g_autoptr(LlFrozenPage) self = call_get_page (user_data);
  g_autofree char *done = NULL;
  g_autofree char *all = NULL;
  g_autofree char *text = NULL;

  if (self == NULL || self->preparing == RUN_NONE)
    return;

  done = g_format_size_full (current, G_FORMAT_SIZE_IEC_UNITS);
  all = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
  text = g_strdup_printf (_("Making the sample file: %s of %s"), done, all);
  ll_workload_card_set_progress (card_for (self, LL_WORKLOAD_KIND_READ),
                                 total > 0 ? (double) current / total : 0, text);
}

static void
sample_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  g_autoptr(GError) error = NULL;
  RunId id;
  Then then;

  call_free (call);
  ll_frozen_environment_prepare_finish (LL_FROZEN_ENVIRONMENT (source), result, NULL, &error);
  if (self == NULL)
    return;

  id = self->preparing;
  then = self->then;
  self->preparing = RUN_NONE;
  g_clear_object (&self->prepare_cancellable);
  show_run_box (self, LL_WORKLOAD_KIND_READ, FALSE);
  update_controls (self);
  notify_busy (self);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, LL_WORKLOAD_KIND_READ, _("Cancelled: nothing of the sample file was kept."), FALSE);
      else
        set_status (self, LL_WORKLOAD_KIND_READ, error->message, TRUE);
      return;
    }

  if (self->chosen_file == NULL)
    describe_file (self, _("ready"));

  if (then == THEN_COMPARE)
    start_compare (self, id);
  else
    start_run (self, id);
}

static void
ensure_sample (LlFrozenPage *self,
               RunId         id,
               Then          then)
{
  guint64 size = ll_frozen_environment_get_sample_size (self->environment);
  g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *text = g_strdup_printf (_("Making the %s sample file first, in a worker thread: the window keeps answering."), size_text);
  Call *call = call_new (self, id);

  self->preparing = id;
  self->then = then;
  self->prepare_cancellable = g_cancellable_new ();
  show_run_box (self, LL_WORKLOAD_KIND_READ, TRUE);
  set_status (self, LL_WORKLOAD_KIND_READ, text, FALSE);
  update_controls (self);
  notify_busy (self);

  ll_frozen_environment_prepare_async (self->environment, LL_FROZEN_NEEDS_SAMPLE_FILE,
                                       self->prepare_cancellable, sample_progress_cb, call,
                                       sample_ready_cb, call);
}

static void
size_changed_cb (LlFrozenPage *self)
{
  static const guint64 sizes[] = { 64, 128, 256, 512, 1024 };
  guint selected = gtk_drop_down_get_selected (self->size_dropdown);

  /* Not while the template is built: constructed() checks the file. */
  if (selected >= G_N_ELEMENTS (sizes) || ll_demo_page_get_monitor (LL_DEMO_PAGE (self)) == NULL)
    return;

  ll_frozen_page_set_sample_size (self, sizes[selected] * LL_MIB);
}

/* A file of the user's own */

/* The same words the workload uses when the read itself fails. */
static char *
describe_file_problem (GFile        *file,
                       GFileInfo    *info,
                       const GError *error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Cannot read “%s”: there is no such file"), name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup_printf (_("Cannot read “%s”: you do not have permission to read it"), name);
  if (error != NULL)
    return g_strdup_printf (_("Cannot read “%s”: %s"), name, error->message);
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    return g_strdup_printf (_("Cannot read “%s”: it is a folder, not a file"), name);
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return g_strdup_printf (_("Cannot read “%s”: it is not a regular file (a device, a pipe or a socket)"), name);

  return g_strdup_printf (_("Cannot read “%s”: you do not have permission to read it"), name);
}

static void
chosen_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  guint generation = call->generation;

  call_free (call);
  if (self == NULL || generation != self->sample_generation || self->chosen_file == NULL)
    return;

  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
       !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ)))
    {
      g_autofree char *message = describe_file_problem (G_FILE (source), info, error);

      describe_file (self, _("cannot be read"));
      set_status (self, LL_WORKLOAD_KIND_READ, message, TRUE);
    }
  else
    {
      g_autofree char *size = g_format_size_full (g_file_info_get_size (info), G_FORMAT_SIZE_IEC_UNITS);

      self->chosen_size = g_file_info_get_size (info);
      describe_file (self, size);
      set_status (self, LL_WORKLOAD_KIND_READ, NULL, FALSE);
    }

  update_warnings (self);
  update_controls (self);
}

static void
chooser_response_cb (LlFrozenPage    *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ll_frozen_page_set_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (LlFrozenPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a File to Read"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Read"), _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
sample_clicked_cb (LlFrozenPage *self)
{
  ll_frozen_page_set_file (self, NULL);
}

/* The slow server */

static void
start_server (LlFrozenPage *self,
              guint         port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ll_slow_server_set_delay (ll_frozen_environment_get_server (self->environment), get_delay (self));
  if (!ll_frozen_environment_start_server (self->environment, port, &error))
    {
      text = g_strdup_printf (_("The slow server could not start: %s"), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->server_label), "error");
    }
  else
    {
      text = g_strdup_printf (_("The slow server listens on 127.0.0.1:%u, on a thread of its own, where one coroutine per connection waits out the delay."),
                              ll_frozen_environment_get_port (self->environment));
      gtk_widget_remove_css_class (GTK_WIDGET (self->server_label), "error");
    }

  gtk_label_set_label (self->server_label, text);
  gtk_widget_set_visible (self->server_button, server_failed (self));
}

static void
server_restart_clicked_cb (LlFrozenPage *self)
{
  ll_slow_server_stop (ll_frozen_environment_get_server (self->environment));
  gtk_drop_down_set_selected (self->fault_dropdown, 0);
  start_server (self, 0);
  update_controls (self);
}

static void
fault_changed_cb (LlFrozenPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->fault_dropdown);
  LlSlowServer *server;
  guint port;

  /* Not while the template is built, nor without a server to fault. */
  if (self->environment == NULL || server_failed (self))
    return;

  server = ll_frozen_environment_get_server (self->environment);
  port = ll_frozen_environment_get_port (self->environment);

  switch (selected)
    {
    case 1:
    case 2:
      if (!ll_slow_server_get_running (server))
        start_server (self, port);
      ll_slow_server_set_fault (server, selected == 1 ? LL_SLOW_SERVER_FAULT_RESET : LL_SLOW_SERVER_FAULT_CLOSE);
      break;

    case 3:
      {
        g_autofree char *text = NULL;

        /* Nothing listens on the port any more: each connect is refused.
         * The port number stays, so the workloads still try it. */
        ll_slow_server_stop (server);
        text = g_strdup_printf (_("The slow server is stopped: connections to 127.0.0.1:%u are refused."), port);
        gtk_label_set_label (self->server_label, text);
      }
      break;

    case 0:
    default:
      if (!ll_slow_server_get_running (server))
        start_server (self, port);
      if (!server_failed (self))
        ll_slow_server_set_fault (server, LL_SLOW_SERVER_FAULT_NONE);
      break;
    }

  update_controls (self);
}

/* Calibration */

static void
update_calibration_label (LlFrozenPage *self)
{
  g_autofree char *text = NULL;
  double rate = ll_primes_get_rate ();

  if (!self->calibrated || rate <= 0)
    {
      gtk_label_set_label (self->calibration_label, _("Measuring how fast this machine counts primes, in a worker thread…"));
      return;
    }

  text = g_strdup_printf (_("This machine tests about %.0f numbers a second; %.1f s of work is %llu numbers."),
                          rate, get_seconds (self),
                          (unsigned long long) ll_primes_numbers_for_seconds (get_seconds (self)));
  gtk_label_set_label (self->calibration_label, text);
}

static void
calibrated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  g_autoptr(GError) error = NULL;
  double rate;

  call_free (call);
  ll_frozen_environment_prepare_finish (LL_FROZEN_ENVIRONMENT (source), result, NULL, &error);
  rate = ll_primes_get_rate ();
  if (self == NULL || rate <= 0)
    return;

  self->calibrated = TRUE;
  settings_changed_cb (self);
  update_calibration_label (self);
}

/* Compare side by side */

static void
set_window_title (LlFrozenPage *self,
                  const char   *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_title (GTK_WINDOW (root), title);
      self->title_changed = TRUE;
    }
}

static void
restore_window_title (LlFrozenPage *self)
{
  if (!self->title_changed)
    return;

  set_window_title (self, _("Loop Lab"));
  self->title_changed = FALSE;
}

static void
clear_compare (LlFrozenPage *self)
{
  g_clear_pointer (&self->compare, ll_frozen_compare_free);
}

static gboolean
compare_start_cb (gpointer data)
{
  LlFrozenPage *self = data;
  RunId id = self->compare_pending;
  gint64 late = g_get_real_time () - self->compare->start_at;

  self->compare_start_id = 0;
  self->compare_pending = RUN_NONE;
  show_run_box (self, runs[id].kind, FALSE);
  notify_busy (self);

  if (late > 100 * G_TIME_SPAN_MILLISECOND)
    {
      g_autofree char *text = g_strdup_printf (_("Started %.2f s after the common moment: this window was not ready in time."),
                                               late / (double) G_TIME_SPAN_SECOND);
      gtk_label_set_label (self->compare_status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
    }

  start_run (self, id);

  /* The run took its settings; the page's own apply again. */
  clear_compare (self);

  return G_SOURCE_REMOVE;
}

/* Frames tick until the common moment is near; then a timeout starts
 * the run on the millisecond.  A window that starts late (a second
 * process takes a while to show) still draws itself before it runs:
 * a window frozen before its first frame would show nothing at all. */
static gboolean
compare_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (widget);
  gint64 remaining = self->compare->start_at - g_get_real_time ();

  if (++self->compare_frames < 2 || remaining > 100 * G_TIME_SPAN_MILLISECOND)
    return G_SOURCE_CONTINUE;

  self->compare_tick_id = 0;
  self->compare_start_id = g_timeout_add ((guint) (MAX (remaining, 0) / 1000), compare_start_cb, self);

  return G_SOURCE_REMOVE;
}

static void
stop_compare_wait (LlFrozenPage *self)
{
  g_clear_handle_id (&self->compare_start_id, g_source_remove);
  if (self->compare_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->compare_tick_id);
  self->compare_tick_id = 0;
}

/**
 * ll_frozen_page_run_compare:
 * @self: a #LlFrozenPage
 * @compare: what to run, how and when
 *
 * Runs one side of "Compare side by side": the window's title and a
 * banner say which, and the run starts at @compare's moment (at once if
 * that has passed), with @compare's settings rather than the page's.
 * The second process calls this from the command line; the first calls
 * it for its own side.
 */
void
ll_frozen_page_run_compare (LlFrozenPage          *self,
                            const LlFrozenCompare *compare)
{
  g_autofree char *banner = NULL;
  RunId id;

  g_return_if_fail (LL_IS_FROZEN_PAGE (self));
  g_return_if_fail (compare != NULL);

  id = run_for (compare->kind, compare->mode);
  g_return_if_fail (id != RUN_NONE);

  if (is_busy (self))
    {
      gtk_label_set_label (self->compare_status, _("A run is already under way here: the comparison did not start in this window."));
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
      return;
    }

  clear_compare (self);
  self->compare = ll_frozen_compare_copy (compare);
  self->compare->seconds = CLAMP (compare->seconds, LL_WORKLOAD_MIN_SECONDS, LL_WORKLOAD_MAX_SECONDS);
  self->compare->requests = CLAMP (compare->requests, 1, 500);
  self->compare->delay = CLAMP (compare->delay, 0, MAX_BLOCKING);

  if (compare->kind == LL_WORKLOAD_KIND_READ && compare->file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (compare->file);

      ll_frozen_page_set_file (self, file);
    }

  set_window_title (self, compare->mode == LL_WORKLOAD_MODE_BLOCKING ? _("Loop Lab — blocking")
                                                                   : _("Loop Lab — non-blocking"));
  banner = ll_frozen_compare_describe (compare);
  gtk_label_set_label (self->compare_banner, banner);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_banner), TRUE);

  /* Wait for the common moment on this process's own clock; both
   * processes read the same wall clock. */
  self->compare_pending = id;
  show_run_box (self, compare->kind, TRUE);
  ll_workload_card_set_progress (card_for (self, compare->kind), 0, _("Waiting for the common start…"));
  self->compare_frames = 0;
  self->compare_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), compare_tick_cb, NULL, NULL);
  update_controls (self);
  notify_busy (self);
}

static void
compare_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LlFrozenPage) self = call_get_page (call);
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *text = NULL;

  call_free (call);
  if (!g_subprocess_wait_finish (process, result, NULL) || self == NULL ||
      process != self->compare_process)
    return;

  if (g_subprocess_get_if_exited (process))
    text = g_strdup_printf (_("The other window has closed (its process exited with status %d); this one goes on."),
                            g_subprocess_get_exit_status (process));
  else
    text = g_strdup (_("The other window’s process was ended; this one goes on."));

  gtk_label_set_label (self->compare_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
  g_clear_object (&self->compare_process);
  restore_window_title (self);
}

static gboolean
spawn_compare (LlFrozenPage  *self,
               RunId          local,
               GError       **error)
{
  LlWorkloadKind kind = runs[local].kind;
  g_autofree char *file = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  LlFrozenCompare other = { 0 };
  LlFrozenCompare here;

  other.kind = kind;
  other.mode = LL_WORKLOAD_MODE_BLOCKING;
  other.seconds = get_seconds (self);
  other.requests = get_requests (self);
  other.delay = get_delay (self);
  /* The same count of numbers in both windows, from this one's
   * calibration: the second process need not calibrate in time. */
  if (kind == LL_WORKLOAD_KIND_COMPUTE)
    other.numbers = ll_primes_numbers_for_seconds (other.seconds);
  if (kind == LL_WORKLOAD_KIND_READ)
    file = g_file_get_path (get_read_file (self));
  other.file = file;
  other.start_at = g_get_real_time () + COMPARE_LEAD;

  /* Not waited for synchronously, and not ended with this page: the
   * second window is the user's as much as this one, in a process of its
   * own, and closing either must leave the other working.  Leaving this
   * demo (or closing this window) drops only the handle; GLib reaps the
   * process whenever it exits. */
  g_clear_object (&self->compare_process);
  self->compare_process = ll_frozen_compare_spawn (&other, (const char * const *) self->compare_command, error);
  if (self->compare_process == NULL)
    return FALSE;

  g_subprocess_wait_async (self->compare_process, self->cancellable, compare_exited_cb, call_new (self, local));

  when = ll_frozen_compare_format_start (&other);
  text = g_strdup_printf (_("Started a second Loop Lab (process %s). Both run %s at %s: that one blocking, this one without blocking."),
                          g_subprocess_get_identifier (self->compare_process),
                          ll_frozen_compare_kind_name (kind), when);
  gtk_label_set_label (self->compare_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);

  here = other;
  here.mode = runs[local].mode;
  ll_frozen_page_run_compare (self, &here);

  return TRUE;
}

static void
start_compare (LlFrozenPage *self,
               RunId         local)
{
  g_autoptr(GError) error = NULL;

  if (needs_sample (self, runs[local].kind))
    {
      ensure_sample (self, local, THEN_COMPARE);
      return;
    }

  if (!spawn_compare (self, local, &error))
    {
      gtk_label_set_label (self->compare_status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->compare_status), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
    }
}

static void
compare_clicked_cb (LlFrozenPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->compare_dropdown);

  if (selected < G_N_ELEMENTS (compare_runs))
    ll_frozen_page_compare (self, runs[compare_runs[selected]].kind, runs[compare_runs[selected]].mode, NULL);
}

/* GObject and GtkWidget */

static void
ll_frozen_page_map (GtkWidget *widget)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (widget);

  GTK_WIDGET_CLASS (ll_frozen_page_parent_class)->map (widget);

  if (self->refresh_id == 0)
    self->refresh_id = ll_loop_monitor_add_timeout (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)), REFRESH_MS, "refresh_figures",
                                                    refresh_figures, self, NULL);
  refresh_figures (self);
}

static void
ll_frozen_page_unmap (GtkWidget *widget)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  restore_window_title (self);

  GTK_WIDGET_CLASS (ll_frozen_page_parent_class)->unmap (widget);
}

static void
ll_frozen_page_constructed (GObject *object)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (object);

  G_OBJECT_CLASS (ll_frozen_page_parent_class)->constructed (object);

  g_assert (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)) != NULL);

  gtk_box_append (self->chart_box, ll_lag_chart_new (ll_demo_page_get_monitor (LL_DEMO_PAGE (self))));
  self->stall_meter = LL_STALL_METER (ll_stall_meter_new (ll_demo_page_get_monitor (LL_DEMO_PAGE (self))));
  gtk_box_append (self->meter_box, GTK_WIDGET (self->stall_meter));
  self->input_log = LL_INPUT_LOG (ll_input_log_new (ll_demo_page_get_monitor (LL_DEMO_PAGE (self))));
  gtk_box_append (self->input_box, GTK_WIDGET (self->input_log));
  g_signal_connect_object (self->input_log, "logged", G_CALLBACK (update_held), self, G_CONNECT_SWAPPED);

  for (int i = 0; i < N_RUNS; i++)
    {
      self->workloads[i] = ll_workload_new (runs[i].kind, runs[i].mode, ll_demo_page_get_monitor (LL_DEMO_PAGE (self)));
      g_signal_connect_object (self->workloads[i], "notify::progress",
                               G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workloads[i], "notify::done",
                               G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
    }

  start_server (self, self->server_port);
  check_sample (self);

  self->calibrated = ll_primes_get_rate () > 0;
  if (!self->calibrated)
    ll_frozen_environment_prepare_async (self->environment, LL_FROZEN_NEEDS_CALIBRATION,
                                         self->cancellable, NULL, NULL,
                                         calibrated_cb, call_new (self, RUN_NONE));

  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->requests_adjustment, "value-changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delay_adjustment, "value-changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (update_calibration_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_dropdown, "notify::selected",
                           G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);

  settings_changed_cb (self);
  update_calibration_label (self);
  gtk_label_set_label (self->clicks_label, _("Press it while a run goes on: does the window answer?"));
}

static void
ll_frozen_page_dispose (GObject *object)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (object);

  /* Stop everything under way; the callbacks find the page gone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->prepare_cancellable);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  stop_compare_wait (self);

  for (int i = 0; i < N_RUNS; i++)
    {
      if (self->workloads[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->workloads[i], self);
      g_clear_object (&self->workloads[i]);
    }

  /* The server stops with it. */
  g_clear_object (&self->environment);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  /* The second window keeps running: see spawn_compare(). */
  g_clear_object (&self->compare_process);

  g_clear_weak_pointer (&self->held_label);
  self->input_log = NULL;
  self->stall_meter = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_FROZEN_PAGE);

  g_clear_object (&self->chosen_file);

  G_OBJECT_CLASS (ll_frozen_page_parent_class)->dispose (object);
}

static void
ll_frozen_page_finalize (GObject *object)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (object);

  for (int i = 0; i < N_RUNS; i++)
    g_free (self->default_tooltips[i]);
  g_strfreev (self->compare_command);
  clear_compare (self);

  G_OBJECT_CLASS (ll_frozen_page_parent_class)->finalize (object);
}

static void
ll_frozen_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_PORT:
      g_value_set_uint (value, self->server_port);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_frozen_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_PORT:
      self->server_port = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_frozen_page_class_init (LlFrozenPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *card_names[N_KINDS] = { "sleep_card", "read_card", "fetch_card", "compute_card" };
  static const char *button_names[N_RUNS] = {
    "sleep_blocking_button", "sleep_async_button",
    "read_blocking_button", "read_async_button",
    "fetch_blocking_button", "fetch_async_button",
    "compute_blocking_button", "compute_chunked_button", "compute_thread_button",
  };

  object_class->constructed = ll_frozen_page_constructed;
  object_class->dispose = ll_frozen_page_dispose;
  object_class->finalize = ll_frozen_page_finalize;
  object_class->get_property = ll_frozen_page_get_property;
  object_class->set_property = ll_frozen_page_set_property;

  widget_class->map = ll_frozen_page_map;
  widget_class->unmap = ll_frozen_page_unmap;

  /**
   * LlFrozenPage:server-port:
   *
   * The port the slow server should listen on, 0 (the default) for a
   * free one.
   */
  properties[PROP_SERVER_PORT] =
    g_param_spec_uint ("server-port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlFrozenPage:busy:
   *
   * Whether a run, the sample file or a compare start is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_FETCH_TIMELINE);
  g_type_ensure (LL_TYPE_WORKLOAD_CARD);

  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-frozen-page.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-workload-sleep.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-workload-read.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-workload-fetch.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-workload-compute.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-workload.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "app/io/ll-frozen-environment.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-workload-card.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-frozen-compare.c");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-frozen-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, content);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, compare_banner);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, heartbeat);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, meter_box);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, stall_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, clicks_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, fps_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, duration_adjustment);
  for (int i = 0; i < N_RUNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, button_names[i], FALSE,
                                               G_STRUCT_OFFSET (LlFrozenPage, buttons) + i * sizeof (GtkWidget *));
  for (int i = 0; i < N_KINDS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, card_names[i], FALSE,
                                               G_STRUCT_OFFSET (LlFrozenPage, cards) + i * sizeof (LlWorkloadCard *));
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, sample_button);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, requests_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, delay_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, fault_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, server_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, server_button);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, fetch_timeline);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, calibration_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, compare_status);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, input_box);
  gtk_widget_class_bind_template_callback (widget_class, click_me_cb);
  gtk_widget_class_bind_template_callback (widget_class, sleep_blocking_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sleep_async_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, read_blocking_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, read_async_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fetch_blocking_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fetch_async_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, compute_blocking_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, compute_chunked_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, compute_thread_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, size_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sample_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_restart_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fault_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_clicked_cb);
}

static void
ll_frozen_page_init (LlFrozenPage *self)
{
  self->active = RUN_NONE;
  self->preparing = RUN_NONE;
  self->compare_pending = RUN_NONE;
  self->chosen_size = -1;
  self->cancellable = g_cancellable_new ();
  self->environment = ll_frozen_environment_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int i = 0; i < N_RUNS; i++)
    self->default_tooltips[i] = g_strdup (gtk_widget_get_tooltip_text (self->buttons[i]));
}

/**
 * ll_frozen_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_frozen_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_FROZEN_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_frozen_page_run:
 * @self: a #LlFrozenPage
 * @kind: the workload
 * @mode: how to run it
 *
 * Starts a run as its button does (a blocking run blocks inside this
 * call).
 *
 * Returns: %FALSE if it cannot start now (another run is under way, or
 *   its button is insensitive)
 */
gboolean
ll_frozen_page_run (LlFrozenPage   *self,
                    LlWorkloadKind  kind,
                    LlWorkloadMode  mode)
{
  RunId id;

  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), FALSE);

  id = run_for (kind, mode);
  g_return_val_if_fail (id != RUN_NONE, FALSE);

  return start_run (self, id);
}

/**
 * ll_frozen_page_cancel:
 * @self: a #LlFrozenPage
 *
 * Cancels what is under way, as the Cancel button does: a run, the
 * making of the sample file, or the wait for a compare start.
 */
void
ll_frozen_page_cancel (LlFrozenPage *self)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));

  if (self->preparing != RUN_NONE && self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);

  if (self->active != RUN_NONE)
    ll_workload_cancel (self->workloads[self->active]);

  if (self->compare_pending != RUN_NONE)
    {
      LlWorkloadKind kind = runs[self->compare_pending].kind;

      stop_compare_wait (self);
      clear_compare (self);
      self->compare_pending = RUN_NONE;
      show_run_box (self, kind, FALSE);
      set_status (self, kind, _("Cancelled here; the other window runs its side anyway."), FALSE);
      update_controls (self);
      notify_busy (self);
    }
}

/**
 * ll_frozen_page_get_busy:
 * @self: a #LlFrozenPage
 *
 * Returns: whether a run, the sample file or a compare start is under way
 */
gboolean
ll_frozen_page_get_busy (LlFrozenPage *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), FALSE);

  return is_busy (self);
}

/**
 * ll_frozen_page_set_seconds:
 * @self: a #LlFrozenPage
 * @seconds: the Duration, 0.5 to 5
 */
void
ll_frozen_page_set_seconds (LlFrozenPage *self,
                            double        seconds)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));

  gtk_adjustment_set_value (self->duration_adjustment, seconds);
}

/**
 * ll_frozen_page_set_sample_size:
 * @self: a #LlFrozenPage
 * @size: bytes; the dropdown offers 64 MiB to 1 GiB, and a test may ask
 *   for less
 *
 * Reads the sample file of @size from now on.
 */
void
ll_frozen_page_set_sample_size (LlFrozenPage *self,
                                guint64       size)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));
  g_return_if_fail (size > 0 && size <= LL_SAMPLE_FILE_MAX_SIZE);

  if (size == ll_frozen_environment_get_sample_size (self->environment))
    return;

  ll_frozen_environment_set_sample_size (self->environment, size);
  check_sample (self);
}

/**
 * ll_frozen_page_set_file:
 * @self: a #LlFrozenPage
 * @file: (nullable): a file to read instead of the sample file, or
 *   %NULL for the sample file
 */
void
ll_frozen_page_set_file (LlFrozenPage *self,
                         GFile        *file)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->chosen_file, file);
  self->chosen_size = -1;
  gtk_widget_set_visible (self->sample_button, file != NULL);
  set_status (self, LL_WORKLOAD_KIND_READ, NULL, FALSE);

  if (file == NULL)
    check_sample (self);
  else
    {
      Call *call = call_new (self, RUN_NONE);

      call->generation = ++self->sample_generation;
      describe_file (self, _("checking…"));
      g_file_query_info_async (file,
                               G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                               G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                               chosen_checked_cb, call);
    }

  update_warnings (self);
  update_controls (self);
}

/**
 * ll_frozen_page_set_requests:
 * @self: a #LlFrozenPage
 * @requests: the requests of a Fetch run, 1 to 500
 */
void
ll_frozen_page_set_requests (LlFrozenPage *self,
                             guint         requests)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));

  gtk_adjustment_set_value (self->requests_adjustment, requests);
}

/**
 * ll_frozen_page_set_delay:
 * @self: a #LlFrozenPage
 * @seconds: the server's delay, 0 to 5
 */
void
ll_frozen_page_set_delay (LlFrozenPage *self,
                          double        seconds)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));

  gtk_adjustment_set_value (self->delay_adjustment, seconds);
}

/**
 * ll_frozen_page_get_server_port:
 * @self: a #LlFrozenPage
 *
 * Returns: the port the slow server listens on, 0 if it is not running
 */
guint
ll_frozen_page_get_server_port (LlFrozenPage *self)
{
  LlSlowServer *server;

  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), 0);

  server = ll_frozen_environment_get_server (self->environment);
  if (!ll_slow_server_get_running (server))
    return 0;

  return ll_slow_server_get_port (server);
}

/**
 * ll_frozen_page_get_status:
 * @self: a #LlFrozenPage
 * @kind: a workload
 *
 * Returns: the status line of @kind's card ("" when hidden): an error, a
 *   cancel, the sample file being made
 */
const char *
ll_frozen_page_get_status (LlFrozenPage   *self,
                           LlWorkloadKind  kind)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);

  return ll_workload_card_get_status (card_for (self, kind));
}

/**
 * ll_frozen_page_get_n_results:
 * @self: a #LlFrozenPage
 *
 * Returns: how many result cards the page has shown
 */
guint
ll_frozen_page_get_n_results (LlFrozenPage *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), 0);

  return self->n_results;
}

/**
 * ll_frozen_page_dup_result_text:
 * @self: a #LlFrozenPage
 * @kind: a workload
 * @mode: a mode
 *
 * Returns: (transfer full) (nullable): the text of the last result card
 *   of that button, one line a label, or %NULL if it has none
 */
char *
ll_frozen_page_dup_result_text (LlFrozenPage   *self,
                                LlWorkloadKind  kind,
                                LlWorkloadMode  mode)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), NULL);

  if (run_for (kind, mode) == RUN_NONE)
    return NULL;

  return ll_workload_card_dup_result_text (card_for (self, kind), mode);
}

/**
 * ll_frozen_page_get_input_log:
 * @self: a #LlFrozenPage
 *
 * Returns: (transfer none): the page's #LlInputLog
 */
GtkWidget *
ll_frozen_page_get_input_log (LlFrozenPage *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), NULL);

  return GTK_WIDGET (self->input_log);
}

/**
 * ll_frozen_page_set_compare_command:
 * @self: a #LlFrozenPage
 * @argv: (nullable) (array zero-terminated=1): the command that starts
 *   the `looplab` of "Compare side by side", to which the page appends
 *   its options; %NULL (the default) for this process's own binary
 */
void
ll_frozen_page_set_compare_command (LlFrozenPage       *self,
                                    const char * const *argv)
{
  g_return_if_fail (LL_IS_FROZEN_PAGE (self));
  g_return_if_fail (argv == NULL || argv[0] != NULL);

  g_strfreev (self->compare_command);
  self->compare_command = g_strdupv ((char **) argv);
}

/**
 * ll_frozen_page_compare:
 * @self: a #LlFrozenPage
 * @kind: the workload
 * @mode: how this window runs it: async, chunked or thread
 * @error: return location for a #GError
 *
 * "Compare side by side": starts a second Loop Lab process, a new
 * instance rather than a new window of this one, which runs @kind
 * blocking while this window runs it in @mode, from the same moment.
 *
 * Returns: %FALSE with @error set if it could not start
 */
gboolean
ll_frozen_page_compare (LlFrozenPage    *self,
                        LlWorkloadKind   kind,
                        LlWorkloadMode   mode,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  RunId id;

  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), FALSE);
  g_return_val_if_fail (mode != LL_WORKLOAD_MODE_BLOCKING, FALSE);

  id = run_for (kind, mode);
  g_return_val_if_fail (id != RUN_NONE, FALSE);

  if (is_busy (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("A run is under way: wait for it or cancel it first"));
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->compare_status), "error");
  if (needs_sample (self, kind))
    {
      ensure_sample (self, id, THEN_COMPARE);
      return TRUE;
    }

  if (!spawn_compare (self, id, &local_error))
    {
      gtk_label_set_label (self->compare_status, local_error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->compare_status), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_frozen_page_get_compare_process:
 * @self: a #LlFrozenPage
 *
 * Returns: (transfer none) (nullable): the second process of "Compare
 *   side by side", while it runs
 */
GSubprocess *
ll_frozen_page_get_compare_process (LlFrozenPage *self)
{
  g_return_val_if_fail (LL_IS_FROZEN_PAGE (self), NULL);

  return self->compare_process;
}
