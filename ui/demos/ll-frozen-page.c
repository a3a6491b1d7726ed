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
 *   reads and socket calls, small blocks that give the loop back in
 *   between, or a worker thread.  The handler returns at once, and the
 *   loop keeps drawing and answering while the work goes on.
 *
 * The work itself is in app/io/ll-workload-sleep.c, -read.c, -fetch.c and
 * -compute.c; what a blocking call looks like is there, marked ON PURPOSE.
 * What the work needs (the sample file, the slow server, the calibration)
 * is app/io/ll-frozen-environment.c.  This file is the page: the meters,
 * when each button may run, and "Compare side by side", which starts a
 * second Loop Lab process (ll-frozen-page-compare.c, ll-frozen-compare.c)
 * and runs the workload in both at the same moment.  What the runs need,
 * and when each button may run, is ll-frozen-page-inputs.c.  Each kind's buttons and result cards are an
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

#include "ll-frozen-page-private.h"

G_DEFINE_FINAL_TYPE (LlFrozenPage, ll_frozen_page, LL_TYPE_DEMO_PAGE)

enum {
  PROP_0,
  PROP_SERVER_PORT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];



void
_ll_frozen_page_notify_busy (LlFrozenPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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
  ll_live_label_set_text (self->fps_label, fps);

  ll_loop_monitor_get_lag_stats (ll_demo_page_get_monitor (LL_DEMO_PAGE (self)), &stats);
  now = ll_workload_card_format_ms (ll_stall_meter_get_lag (self->stall_meter));
  p99 = ll_workload_card_format_ms (stats.p99);
  max = ll_workload_card_format_ms (stats.max);
  /* Translators: the live lag, then the p99 and max of the last 30 s */
  lag = g_strdup_printf (_("lag now %s · p99 %s · max %s"), now, p99, max);
  ll_live_label_set_text (self->lag_label, lag);

  /* The figures change every second, the sentence below them only when
   * the first stall comes: only the figures are a live label, which
   * costs no layout of the window when it changes. */
  if (ll_stall_meter_get_last_stall (self->stall_meter) > 0)
    {
      g_autofree char *stall = ll_workload_card_format_ms (ll_stall_meter_get_last_stall (self->stall_meter));
      g_autofree char *text = NULL;
      const char *handler = ll_stall_meter_get_last_handler (self->stall_meter);
      gint64 ago = (g_get_monotonic_time () - ll_stall_meter_get_last_stall_time (self->stall_meter)) / G_TIME_SPAN_SECOND;

      text = g_strdup_printf (_("Last stall: the loop stood still for %s in %s, %d s ago."),
                              stall, handler != NULL ? handler : _("an unnamed handler"), (int) ago);
      ll_live_label_set_text (self->last_stall_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->last_stall_label), TRUE);
      gtk_label_set_label (self->stall_label,
                           _("The meter could not move meanwhile: it is drawn by the same loop."));
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->last_stall_label), FALSE);
      gtk_label_set_label (self->stall_label,
                           _("No stall yet: the loop has kept up. The bar is the live lag; a stall shows as a marker once the loop is back."));
    }

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
  _ll_frozen_page_update_controls (self);
  _ll_frozen_page_notify_busy (self);
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


gboolean
_ll_frozen_page_start_run (LlFrozenPage *self,
           RunId         id)
{
  LlWorkloadKind kind = runs[id].kind;

  if (is_busy (self))
    return FALSE;

  /* A compare run was asked for on the command line: the settings are
   * its own, and the sensitivity of the buttons does not apply. */
  if (self->compare == NULL && _ll_frozen_page_why_not (self, id) != NULL)
    return FALSE;

  if (needs_sample (self, kind))
    {
      _ll_frozen_page_ensure_sample (self, id, THEN_RUN);
      return TRUE;
    }

  configure (self, id);
  set_status (self, kind, NULL, FALSE);
  show_run_box (self, kind, runs[id].mode != LL_WORKLOAD_MODE_BLOCKING);
  self->active = id;
  _ll_frozen_page_update_controls (self);
  _ll_frozen_page_notify_busy (self);

  /* For a blocking workload, this call does all the work before it
   * returns: the freeze happens right here, in the click handler. */
  ll_workload_run_async (self->workloads[id], self->cancellable, run_done_cb, call_new (self, id));

  return TRUE;
}

static void sleep_blocking_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_SLEEP_BLOCKING); }
static void sleep_async_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_SLEEP_ASYNC); }
static void read_blocking_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_READ_BLOCKING); }
static void read_async_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_READ_ASYNC); }
static void fetch_blocking_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_FETCH_BLOCKING); }
static void fetch_async_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_FETCH_ASYNC); }
static void compute_blocking_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_COMPUTE_BLOCKING); }
static void compute_chunked_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_COMPUTE_CHUNKED); }
static void compute_thread_clicked_cb (LlFrozenPage *self) { _ll_frozen_page_start_run (self, RUN_COMPUTE_THREAD); }

static void
cancel_clicked_cb (LlFrozenPage *self)
{
  ll_frozen_page_cancel (self);
}

/* GObject and GtkWidget */

/* The calibration keeps a core busy for about 200 ms: on two cores,
 * started before the first frame it delays the window's appearing. */
static void
start_calibration_cb (GdkFrameClock *clock,
                      LlFrozenPage  *self)
{
  g_signal_handlers_disconnect_by_func (clock, start_calibration_cb, self);
  if (self->calibrated || self->calibration_started)
    return;

  self->calibration_started = TRUE;
  ll_frozen_environment_prepare_async (self->environment, LL_FROZEN_NEEDS_CALIBRATION,
                                       self->cancellable, NULL, NULL,
                                       _ll_frozen_page_calibrated_cb, call_new (self, RUN_NONE));
}

static void
ll_frozen_page_map (GtkWidget *widget)
{
  LlFrozenPage *self = LL_FROZEN_PAGE (widget);

  GTK_WIDGET_CLASS (ll_frozen_page_parent_class)->map (widget);

  if (!self->calibrated && !self->calibration_started)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (start_calibration_cb), self, 0);

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
  _ll_frozen_page_restore_window_title (self);

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

  _ll_frozen_page_start_server (self, self->server_port);
  _ll_frozen_page_check_sample (self);

  /* The calibration starts once the page has drawn (see map). */
  self->calibrated = ll_primes_get_rate () > 0;

  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (_ll_frozen_page_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->requests_adjustment, "value-changed",
                           G_CALLBACK (_ll_frozen_page_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delay_adjustment, "value-changed",
                           G_CALLBACK (_ll_frozen_page_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (_ll_frozen_page_update_calibration_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_dropdown, "notify::selected",
                           G_CALLBACK (_ll_frozen_page_update_controls), self, G_CONNECT_SWAPPED);

  _ll_frozen_page_settings_changed_cb (self);
  _ll_frozen_page_update_calibration_label (self);
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
  _ll_frozen_page_stop_compare_wait (self);

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

  /* The second window keeps running: see _ll_frozen_page_spawn_compare(). */
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
  _ll_frozen_page_clear_compare (self);

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

  g_type_ensure (LL_TYPE_LIVE_LABEL);
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
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-frozen-page-inputs.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-frozen-page-compare.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-workload-card.c");
  ll_demo_page_class_add_source (LL_DEMO_PAGE_CLASS (klass), "ui/demos/ll-frozen-compare.c");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-frozen-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, content);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, compare_banner);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, heartbeat);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, meter_box);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, stall_label);
  gtk_widget_class_bind_template_child (widget_class, LlFrozenPage, last_stall_label);
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
  gtk_widget_class_bind_template_callback_full (widget_class, "size_changed_cb", G_CALLBACK (_ll_frozen_page_size_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "choose_clicked_cb", G_CALLBACK (_ll_frozen_page_choose_clicked_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "sample_clicked_cb", G_CALLBACK (_ll_frozen_page_sample_clicked_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "server_restart_clicked_cb", G_CALLBACK (_ll_frozen_page_server_restart_clicked_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "fault_changed_cb", G_CALLBACK (_ll_frozen_page_fault_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "compare_clicked_cb", G_CALLBACK (_ll_frozen_page_compare_clicked_cb));
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

  return _ll_frozen_page_start_run (self, id);
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

      _ll_frozen_page_stop_compare_wait (self);
      _ll_frozen_page_clear_compare (self);
      self->compare_pending = RUN_NONE;
      show_run_box (self, kind, FALSE);
      set_status (self, kind, _("Cancelled here; the other window runs its side anyway."), FALSE);
      _ll_frozen_page_update_controls (self);
      _ll_frozen_page_notify_busy (self);
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
