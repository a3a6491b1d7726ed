/* ll-measure.c: the window benchmark's hook, off unless LOOPLAB_MEASURE is set
 *
 * `tests/bench/run ui` starts the app with LOOPLAB_MEASURE=PATH and talks
 * to it through this file: commands come one a line on standard input,
 * figures go out one JSON object a line to PATH (the driver passes
 * /dev/stdout, a pipe it reads).  The app does nothing for it between
 * commands but count the frames it paints, so an idle page stays idle.
 *
 *   mark                      start a measured window: now
 *   report LABEL              the loop monitor's samples since the mark
 *   run KIND MODE [REQUESTS]  frozen page: mark, run the workload, report
 *                             when the page is no longer busy
 *   courier N CAPACITY PARCELS SPEED SEED
 *                             courier page: mark, start, report at the end
 *   hello N SLEEP_MS          hello page: mark, run N tasks, report at the end
 *   copy STYLE                gio-chain page: the sample made first, then
 *                             mark, copy at full speed, report at the end
 *   pipeline SHAPE RATE LINES pipeline page: mark, follow LINES lines written
 *                             at RATE a second, report at the end
 *   sax stream|dom            sax-bus page: mark, read its feed (made first,
 *                             outside the mark, if missing), report at the end
 *   race WORKERS INCREMENTS   counter-race page: mark, run its five lanes,
 *                             report at the end
 *   switch MAX SECONDS        switch-cost page: mark, measure the three kinds
 *                             up to MAX workers, SECONDS a point, report at
 *                             the end
 *   quit
 *
 * Besides the monitor's samples, a report has the intervals between the
 * window's paints (every page) and the lateness of each frame the
 * animations tick on, as their driver saw it (ll_ticker_frame_lateness()):
 * the monitor has frames only from a lag chart, which not every page
 * shows.
 *
 * A report holds raw samples (µs), not percentiles: the driver computes
 * every percentile of the benchmark in one place, the same way for the
 * app's figures and for the runs it takes the median of.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-measure"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>

#include "ll-counter-race-page.h"
#include "ll-courier-page.h"
#include "ll-frozen-page.h"
#include "ll-gio-chain-page.h"
#include "ll-hello-page.h"
#include "ll-measure.h"
#include "ll-pipeline-page.h"
#include "ll-sax-bus-page.h"
#include "ll-switch-cost-page.h"
#include "ll-ticker.h"

typedef struct
{
  /* borrowed: the window keeps the hook alive, see ll_measure_attach() */
  LlWindow         *window;
  LlLoopMonitor    *monitor;
  GdkFrameClock    *clock;

  /* owned */
  FILE             *out;
  GDataInputStream *commands;
  GCancellable     *cancellable;
  GArray           *paints;       /* gint64 µs between paints since the mark */
  GArray           *ticks;        /* gint64 µs, each animation frame's lateness since the mark */
  GArray           *utilization;  /* double, once a second since the mark */
  GObject          *waiting_on;   /* the page or model a report waits for */
  char             *label;        /* of the report it waits for */

  gint64            start;        /* the mark, monotonic µs; 0 = none */
  gint64            last_paint;
  gint64            refresh;      /* µs, from the frame clock */
  gboolean          first_frame_written;
  guint             utilization_id;
  gulong            after_paint_id;
  gulong            update_id;
  gulong            waiting_id;
} Measure;

static void read_next_command (Measure *self);

static void
write_string (GString    *json,
              const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* One line into a pipe the driver drains as it comes: a few kilobytes,
 * written only when the driver asked for them. */
static void
emit (Measure *self,
      GString *json)
{
  g_string_append_c (json, '\n');
  fwrite (json->str, 1, json->len, self->out);
  fflush (self->out);
}

static void
emit_event (Measure    *self,
            const char *event,
            const char *error)
{
  g_autoptr(GString) json = g_string_new ("{\"event\": ");

  write_string (json, event);
  g_string_append_printf (json, ", \"time\": %" G_GINT64_FORMAT, g_get_monotonic_time ());
  if (error != NULL)
    {
      g_string_append (json, ", \"error\": ");
      write_string (json, error);
    }
  g_string_append_c (json, '}');
  emit (self, json);
}

static void
append_lags (GString       *json,
             const char    *name,
             LlLoopMonitor *monitor,
             LlLagKind      kind,
             gint64         since)
{
  g_autoptr(GArray) samples = ll_loop_monitor_copy_lag (monitor, kind, since);

  g_string_append_printf (json, ", \"%s\": [", name);
  for (guint i = 0; i < samples->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                            g_array_index (samples, LlLagSample, i).lag);
  g_string_append_c (json, ']');
}

static gboolean
sample_utilization_cb (gpointer user_data)
{
  Measure *self = user_data;
  double utilization = ll_loop_monitor_get_utilization (self->monitor);

  g_array_append_val (self->utilization, utilization);

  return G_SOURCE_CONTINUE;
}

static void
mark (Measure *self)
{
  self->start = g_get_monotonic_time ();
  g_array_set_size (self->paints, 0);
  g_array_set_size (self->ticks, 0);
  g_array_set_size (self->utilization, 0);
  g_clear_handle_id (&self->utilization_id, g_source_remove);
  self->utilization_id = g_timeout_add (1000, sample_utilization_cb, self);
}

/* The figures since the mark; @extra, if any, is more JSON members. */
static void
report (Measure    *self,
        const char *label,
        const char *extra)
{
  g_autoptr(GString) json = g_string_new ("{\"event\": \"report\", \"label\": ");
  g_autoptr(GPtrArray) stalls = ll_loop_monitor_copy_stalls (self->monitor);
  gint64 now = g_get_monotonic_time ();
  guint n = 0;

  if (self->start == 0)
    {
      emit_event (self, "report", "no mark");
      return;
    }

  write_string (json, label);
  g_string_append_printf (json, ", \"start\": %" G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT
                          ", \"refresh\": %" G_GINT64_FORMAT ", \"probe_interval\": %" G_GINT64_FORMAT,
                          self->start, now, self->refresh,
                          ll_loop_monitor_get_probe_interval (self->monitor));
  append_lags (json, "timer", self->monitor, LL_LAG_TIMER, self->start);
  append_lags (json, "redraw", self->monitor, LL_LAG_REDRAW, self->start);
  append_lags (json, "frames", self->monitor, LL_LAG_FRAME, self->start);

  g_string_append (json, ", \"paints\": [");
  for (guint i = 0; i < self->paints->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                            g_array_index (self->paints, gint64, i));
  g_string_append (json, "], \"ticks\": [");
  for (guint i = 0; i < self->ticks->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                            g_array_index (self->ticks, gint64, i));
  g_string_append (json, "], \"utilization\": [");
  for (guint i = 0; i < self->utilization->len; i++)
    g_string_append_printf (json, "%s%.4f", i ? ", " : "",
                            g_array_index (self->utilization, double, i));

  g_string_append (json, "], \"stalls\": [");
  for (guint i = 0; i < stalls->len; i++)
    {
      LlStall *stall = g_ptr_array_index (stalls, i);

      if (stall->start < self->start)
        continue;
      g_string_append_printf (json, "%s{\"start\": %" G_GINT64_FORMAT ", \"duration\": %" G_GINT64_FORMAT
                              ", \"handler\": ", n++ ? ", " : "", stall->start, stall->duration);
      write_string (json, stall->handler);
      g_string_append_c (json, '}');
    }
  g_string_append_c (json, ']');
  if (extra != NULL)
    g_string_append_printf (json, ", %s", extra);
  g_string_append_c (json, '}');
  emit (self, json);

  self->start = 0;
  g_clear_handle_id (&self->utilization_id, g_source_remove);
}

static void
stop_waiting (Measure *self)
{
  if (self->waiting_on != NULL)
    g_clear_signal_handler (&self->waiting_id, self->waiting_on);
  g_clear_object (&self->waiting_on);
  g_clear_pointer (&self->label, g_free);
}

/* The run under way is over: its report, with @extra (JSON members, or
 * NULL) beside the monitor's samples. */
static void
end_waiting (Measure    *self,
             const char *extra)
{
  g_autofree char *label = g_steal_pointer (&self->label);

  stop_waiting (self);
  report (self, label, extra);
}

/* Reports the run of @line once @object says it is over: @callback,
 * connected to @detailed_signal, ends the wait with end_waiting(); it is
 * called once now too, for a run that ended at once. */
static void
wait_for (Measure    *self,
          gpointer    object,
          const char *detailed_signal,
          GCallback   callback,
          const char *line)
{
  self->label = g_strdup (line);
  self->waiting_on = g_object_ref (object);
  self->waiting_id = g_signal_connect (object, detailed_signal, callback, self);
  ((void (*) (gpointer, GParamSpec *, Measure *)) callback) (object, NULL, self);
}

static void
frozen_busy_cb (LlFrozenPage *page,
                GParamSpec   *pspec,
                Measure      *self)
{
  if (ll_frozen_page_get_busy (page))
    return;

  end_waiting (self, NULL);
}

static void
courier_running_cb (LlCourierModel *model,
                    GParamSpec     *pspec,
                    Measure        *self)
{
  g_autofree char *extra = NULL;

  if (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    return;

  extra = g_strdup_printf ("\"delivered\": %u, \"model_time\": %u",
                           ll_courier_model_get_n_delivered (model),
                           ll_courier_model_get_time (model));
  end_waiting (self, extra);
}

static void
hello_running_cb (LlHelloModel *model,
                  GParamSpec   *pspec,
                  Measure      *self)
{
  g_autofree char *extra = NULL;

  if (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    return;

  extra = g_strdup_printf ("\"tasks\": %u, \"elapsed\": %" G_GINT64_FORMAT,
                           ll_hello_model_get_n_awake (model),
                           ll_hello_model_get_elapsed (model));
  end_waiting (self, extra);
}

static void
copy_busy_cb (LlGioChainPage *page,
              GParamSpec     *pspec,
              Measure        *self)
{
  LlCopyModel *model = ll_gio_chain_page_get_model (page);
  g_autofree char *extra = NULL;

  if (ll_gio_chain_page_get_busy (page))
    return;

  extra = g_strdup_printf ("\"bytes\": %" G_GUINT64_FORMAT ", \"copy_us\": %" G_GINT64_FORMAT ", \"identical\": %s",
                           ll_copy_model_get_bytes_copied (model),
                           ll_copy_model_get_duration (model),
                           ll_copy_model_get_identical (model) ? "true" : "false");
  end_waiting (self, extra);
}

static void
pipeline_finished_cb (LlPipelineModel *model,
                      GParamSpec      *pspec,
                      Measure         *self)
{
  g_autofree char *extra = NULL;

  if (!ll_pipeline_model_get_finished (model))
    return;

  extra = g_strdup_printf ("\"lines\": %" G_GUINT64_FORMAT ", \"printed\": %" G_GUINT64_FORMAT,
                           ll_pipeline_model_get_n_followed (model),
                           ll_pipeline_model_get_n_printed (model));
  end_waiting (self, extra);
}

static gboolean
parse_workload (const char     *kind_name,
                const char     *mode_name,
                LlWorkloadKind *kind,
                LlWorkloadMode *mode)
{
  static const struct { const char *name; LlWorkloadKind kind; } kinds[] = {
    { "sleep", LL_WORKLOAD_KIND_SLEEP },
    { "read", LL_WORKLOAD_KIND_READ },
    { "fetch", LL_WORKLOAD_KIND_FETCH },
    { "compute", LL_WORKLOAD_KIND_COMPUTE },
  };
  static const struct { const char *name; LlWorkloadMode mode; } modes[] = {
    { "blocking", LL_WORKLOAD_MODE_BLOCKING },
    { "async", LL_WORKLOAD_MODE_ASYNC },
    { "chunked", LL_WORKLOAD_MODE_CHUNKED },
    { "thread", LL_WORKLOAD_MODE_THREAD },
  };
  gboolean found_kind = FALSE, found_mode = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kind_name, kinds[i].name) == 0)
        {
          *kind = kinds[i].kind;
          found_kind = TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      if (g_strcmp0 (mode_name, modes[i].name) == 0)
        {
          *mode = modes[i].mode;
          found_mode = TRUE;
        }
    }

  return found_kind && found_mode;
}

static void
run_workload (Measure     *self,
              char       **words,
              const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  LlWorkloadKind kind = LL_WORKLOAD_KIND_SLEEP;
  LlWorkloadMode mode = LL_WORKLOAD_MODE_ASYNC;

  if (!LL_IS_FROZEN_PAGE (page))
    {
      emit_event (self, "report", "not on the frozen page");
      return;
    }
  if (!parse_workload (words[1], words[1] ? words[2] : NULL, &kind, &mode))
    {
      emit_event (self, "report", "run KIND MODE [REQUESTS]");
      return;
    }
  if (ll_frozen_page_get_busy (LL_FROZEN_PAGE (page)))
    {
      emit_event (self, "report", "the page is busy");
      return;
    }

  if (kind == LL_WORKLOAD_KIND_FETCH && words[3] != NULL)
    ll_frozen_page_set_requests (LL_FROZEN_PAGE (page), (guint) g_ascii_strtoull (words[3], NULL, 10));

  mark (self);
  if (!ll_frozen_page_run (LL_FROZEN_PAGE (page), kind, mode))
    {
      emit_event (self, "report", "the page refused the run");
      return;
    }

  wait_for (self, page, "notify::busy", G_CALLBACK (frozen_busy_cb), line);
}

static void
run_courier (Measure     *self,
             char       **words,
             const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  GSettings *settings;
  LlCourierModel *model;

  settings = ll_application_get_settings (LL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self->window))));
  if (!LL_IS_COURIER_PAGE (page) || settings == NULL)
    {
      emit_event (self, "report", "not on the courier page, or no settings");
      return;
    }
  if (g_strv_length (words) != 6)
    {
      emit_event (self, "report", "courier N CAPACITY PARCELS SPEED SEED");
      return;
    }

  /* The page follows its settings, as when the user moves a control. */
  g_settings_set_int (settings, "courier-couriers", (int) g_ascii_strtoll (words[1], NULL, 10));
  g_settings_set_int (settings, "courier-capacity", (int) g_ascii_strtoll (words[2], NULL, 10));
  g_settings_set_int (settings, "courier-parcels", (int) g_ascii_strtoll (words[3], NULL, 10));
  g_settings_set_double (settings, "courier-speed", g_ascii_strtod (words[4], NULL));
  g_settings_set_uint (settings, "courier-seed", (guint) g_ascii_strtoull (words[5], NULL, 10));

  mark (self);
  ll_courier_page_start (LL_COURIER_PAGE (page));
  model = ll_courier_page_get_model (LL_COURIER_PAGE (page));

  wait_for (self, model, "notify::running", G_CALLBACK (courier_running_cb), line);
}

static void
run_hello (Measure     *self,
           char       **words,
           const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  guint64 n, sleep_msec;
  LlHelloModel *model;

  if (!LL_IS_HELLO_PAGE (page))
    {
      emit_event (self, "report", "not on the hello page");
      return;
    }
  if (g_strv_length (words) != 3 ||
      !g_ascii_string_to_unsigned (words[1], 10, 1, LL_HELLO_MAX_TASKS, &n, NULL) ||
      !g_ascii_string_to_unsigned (words[2], 10, LL_HELLO_MIN_SLEEP_MSEC, LL_HELLO_MAX_SLEEP_MSEC, &sleep_msec, NULL))
    {
      emit_event (self, "report", "hello N SLEEP_MS");
      return;
    }

  mark (self);
  ll_hello_page_run (LL_HELLO_PAGE (page), (guint) n, (guint) sleep_msec);
  model = ll_hello_page_get_model (LL_HELLO_PAGE (page));

  wait_for (self, model, "notify::running", G_CALLBACK (hello_running_cb), line);
}

static void
run_copy (Measure     *self,
          char       **words,
          const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  LlCopyModel *model;

  if (!LL_IS_GIO_CHAIN_PAGE (page))
    {
      emit_event (self, "report", "not on the gio-chain page");
      return;
    }
  if (g_strv_length (words) != 2 ||
      (!g_str_equal (words[1], "callbacks") && !g_str_equal (words[1], "coroutine")))
    {
      emit_event (self, "report", "copy callbacks|coroutine");
      return;
    }
  if (ll_gio_chain_page_get_busy (LL_GIO_CHAIN_PAGE (page)))
    {
      emit_event (self, "report", "the page is busy");
      return;
    }

  model = ll_gio_chain_page_get_model (LL_GIO_CHAIN_PAGE (page));
  ll_copy_model_set_style (model, g_str_equal (words[1], "coroutine") ? LL_COPY_STYLE_COROUTINE
                                                                      : LL_COPY_STYLE_CALLBACKS);
  /* The driver makes the sample first (`prepare` of ui.py): the mark
   * covers the copy and its read-back alone. */
  mark (self);
  ll_gio_chain_page_run (LL_GIO_CHAIN_PAGE (page));

  wait_for (self, page, "notify::busy", G_CALLBACK (copy_busy_cb), line);
}

static void
sax_state_cb (LlSaxBusModel *model,
              GParamSpec    *pspec,
              Measure       *self)
{
  g_autofree char *extra = NULL;

  switch (ll_sax_bus_model_get_state (model))
    {
    case LL_SAX_BUS_STATE_GENERATING:
      /* The feed is made once; the mark is for the reading alone. */
      return;

    case LL_SAX_BUS_STATE_READING:
      if (self->start == 0)
        mark (self);
      return;

    default:
      break;
    }

  extra = g_strdup_printf ("\"events\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT
                           ", \"matches\": %u, \"longest_block\": %" G_GINT64_FORMAT,
                           ll_sax_bus_model_get_n_events (model),
                           ll_sax_bus_model_get_bytes_read (model),
                           ll_sax_bus_model_get_n_matches (model),
                           ll_sax_bus_model_get_longest_block (model));
  end_waiting (self, extra);
}

/* A run on a thread of its own is over: counter-race's, switch-cost's. */
static void
run_over_cb (LlSimModel *model,
             GParamSpec *pspec,
             Measure    *self)
{
  if (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    return;

  end_waiting (self, NULL);
}

static void
run_race (Measure     *self,
          char       **words,
          const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  LlCounterRaceModel *model;
  g_autoptr(GError) error = NULL;

  if (!LL_IS_COUNTER_RACE_PAGE (page))
    {
      emit_event (self, "report", "not on the counter-race page");
      return;
    }
  if (g_strv_length (words) != 3)
    {
      emit_event (self, "report", "race WORKERS INCREMENTS");
      return;
    }

  model = ll_counter_race_page_get_model (LL_COUNTER_RACE_PAGE (page));
  ll_counter_race_model_set_workers (model, (guint) g_ascii_strtoull (words[1], NULL, 10));
  ll_counter_race_model_set_increments (model, (guint) g_ascii_strtoull (words[2], NULL, 10));
  mark (self);
  if (!ll_counter_race_model_start (model, &error))
    {
      emit_event (self, "report", error->message);
      return;
    }

  wait_for (self, model, "notify::running", G_CALLBACK (run_over_cb), line);
}

static void
run_switch (Measure     *self,
            char       **words,
            const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  LlSwitchCostModel *model;
  g_autoptr(GError) error = NULL;
  guint max;
  double seconds;

  if (!LL_IS_SWITCH_COST_PAGE (page))
    {
      emit_event (self, "report", "not on the switch-cost page");
      return;
    }
  if (g_strv_length (words) != 3 ||
      (max = (guint) g_ascii_strtoull (words[1], NULL, 10)) < 2 ||
      max > LL_SWITCH_COST_MAX_COROUTINES ||
      !((seconds = g_ascii_strtod (words[2], NULL)) >= 0.001 && seconds <= LL_SWITCH_COST_MAX_SECONDS))
    {
      emit_event (self, "report", "switch MAX SECONDS");
      return;
    }

  model = ll_switch_cost_page_get_model (LL_SWITCH_COST_PAGE (page));
  ll_switch_cost_model_set_kinds (model, LL_SWITCH_COST_KIND_FLAG_ALL);
  ll_switch_cost_model_set_max_workers (model, max);
  ll_switch_cost_model_set_seconds (model, seconds);
  mark (self);
  if (!ll_switch_cost_model_start (model, &error))
    {
      emit_event (self, "report", error->message);
      return;
    }

  wait_for (self, model, "notify::running", G_CALLBACK (run_over_cb), line);
}

static void
run_sax (Measure     *self,
         char       **words,
         const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  LlSaxBusModel *model;

  if (!LL_IS_SAX_BUS_PAGE (page))
    {
      emit_event (self, "report", "not on the sax-bus page");
      return;
    }
  if (g_strv_length (words) != 2 || (!g_str_equal (words[1], "stream") && !g_str_equal (words[1], "dom")))
    {
      emit_event (self, "report", "sax stream|dom");
      return;
    }

  model = ll_sax_bus_page_get_model (LL_SAX_BUS_PAGE (page));
  self->start = 0;
  ll_sax_bus_page_run (LL_SAX_BUS_PAGE (page), g_str_equal (words[1], "dom") ? LL_SAX_BUS_DOM : LL_SAX_BUS_STREAM);
  if (ll_sax_bus_model_get_state (model) == LL_SAX_BUS_STATE_READING)
    mark (self);

  wait_for (self, model, "notify::state", G_CALLBACK (sax_state_cb), line);
}

static void
run_pipeline (Measure     *self,
              char       **words,
              const char  *line)
{
  GtkWidget *page = ll_window_get_page (self->window);
  g_autoptr(GEnumClass) shapes = g_type_class_ref (LL_TYPE_PIPELINE_SHAPE);
  GEnumValue *shape = g_strv_length (words) == 4 ? g_enum_get_value_by_nick (shapes, words[1]) : NULL;
  LlPipelineModel *model;

  if (!LL_IS_PIPELINE_PAGE (page))
    {
      emit_event (self, "report", "not on the pipeline page");
      return;
    }
  if (shape == NULL)
    {
      emit_event (self, "report", "pipeline simple|broadcast|fan-in RATE LINES");
      return;
    }

  model = ll_pipeline_page_get_model (LL_PIPELINE_PAGE (page));
  mark (self);
  ll_pipeline_page_run (LL_PIPELINE_PAGE (page), shape->value,
                        (guint) g_ascii_strtoull (words[2], NULL, 10),
                        g_ascii_strtoull (words[3], NULL, 10));

  wait_for (self, model, "notify::finished", G_CALLBACK (pipeline_finished_cb), line);
}

static void
handle_command (Measure    *self,
                const char *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", -1);

  if (self->label != NULL)
    emit_event (self, words[0], "a report is pending");
  else if (g_str_equal (words[0], "mark"))
    {
      mark (self);
      emit_event (self, "mark", NULL);
    }
  else if (g_str_equal (words[0], "report"))
    report (self, words[1], NULL);
  else if (g_str_equal (words[0], "run"))
    run_workload (self, words, line);
  else if (g_str_equal (words[0], "courier"))
    run_courier (self, words, line);
  else if (g_str_equal (words[0], "hello"))
    run_hello (self, words, line);
  else if (g_str_equal (words[0], "copy"))
    run_copy (self, words, line);
  else if (g_str_equal (words[0], "pipeline"))
    run_pipeline (self, words, line);
  else if (g_str_equal (words[0], "sax"))
    run_sax (self, words, line);
  else if (g_str_equal (words[0], "race"))
    run_race (self, words, line);
  else if (g_str_equal (words[0], "switch"))
    run_switch (self, words, line);
  else if (g_str_equal (words[0], "quit"))
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self->window))));
  else if (words[0][0] != '\0')
    emit_event (self, words[0], "unknown command");
}

static void
command_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Measure *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the window is gone, and @self with it */
  if (line == NULL)
    return;   /* the driver closed our input: no more commands */

  handle_command (self, g_strstrip (line));
  read_next_command (self);
}

static void
read_next_command (Measure *self)
{
  g_data_input_stream_read_line_async (self->commands, G_PRIORITY_DEFAULT, self->cancellable,
                                       command_read_cb, self);
}

/* Every paint of the window, whatever asked for it: the driver tells
 * frames from pauses.  The first is the one the driver waits for. */
static void
after_paint_cb (GdkFrameClock *clock,
                Measure       *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 refresh = 0;

  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &refresh, NULL);
  self->refresh = refresh > 0 ? refresh : G_USEC_PER_SEC / 60;

  if (!self->first_frame_written)
    {
      self->first_frame_written = TRUE;
      emit_event (self, "first-frame", NULL);
    }
  if (self->start != 0 && self->last_paint != 0)
    {
      gint64 interval = now - self->last_paint;

      g_array_append_val (self->paints, interval);
    }
  self->last_paint = now;
}

/* The update phase of a frame the animations tick on: the instant the
 * lag chart records its frames at, and the same lateness, so the driver
 * can time the frames of a page without a lag chart the same way.  It
 * runs after the tickers' driver, which times the frame. */
static void
update_cb (GdkFrameClock *clock,
           Measure       *self)
{
  gint64 lateness = ll_ticker_frame_lateness (clock);

  if (self->start != 0 && lateness >= 0)
    g_array_append_val (self->ticks, lateness);
}

static void
window_realized_cb (GtkWidget *window,
                    Measure   *self)
{
  self->clock = gtk_widget_get_frame_clock (window);
  self->after_paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  self->update_id = g_signal_connect_after (self->clock, "update", G_CALLBACK (update_cb), self);
}

static void
measure_free (gpointer data)
{
  Measure *self = data;

  g_cancellable_cancel (self->cancellable);
  stop_waiting (self);
  g_clear_handle_id (&self->utilization_id, g_source_remove);
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->clock);
      g_clear_signal_handler (&self->update_id, self->clock);
    }
  g_clear_object (&self->commands);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->paints, g_array_unref);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->utilization, g_array_unref);
  if (self->out != NULL)
    fclose (self->out);
  g_free (self);
}

/**
 * ll_measure_attach:
 * @window: the main window, not yet realized
 *
 * If LOOPLAB_MEASURE names a file, makes @window answer the window
 * benchmark's commands (see the top of this file); otherwise does
 * nothing.  The hook lives as long as @window.
 */
void
ll_measure_attach (LlWindow *window)
{
  const char *path = g_getenv ("LOOPLAB_MEASURE");
  g_autoptr(GInputStream) input = NULL;
  Measure *self;
  FILE *out;

  g_return_if_fail (LL_IS_WINDOW (window));

  if (path == NULL || *path == '\0')
    return;

  out = fopen (path, "a");
  if (out == NULL)
    {
      g_warning ("LOOPLAB_MEASURE: cannot open %s: %s", path, g_strerror (errno));
      return;
    }

  self = g_new0 (Measure, 1);
  self->window = window;
  self->monitor = ll_application_get_monitor (LL_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
  self->out = out;
  self->cancellable = g_cancellable_new ();
  self->paints = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->ticks = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->utilization = g_array_new (FALSE, FALSE, sizeof (double));
  input = g_unix_input_stream_new (0, FALSE);
  self->commands = g_data_input_stream_new (input);
  g_object_set_data_full (G_OBJECT (window), "ll-measure", self, measure_free);

  g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), self);
  read_next_command (self);
}
