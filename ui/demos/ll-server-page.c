/* ll-server-page.c: "A single-threaded server"
 *
 * The notes' aiohttp application, in C on coroutines (app/net), served
 * from a thread of its own with its own GMainContext: a server on the
 * window's loop would make the window's drawing part of what it
 * measures, and a blocking handler would freeze the page that shows it.
 * Workers > 1 are that many such threads, each one loop, sharing the
 * port with SO_REUSEPORT, as `looplab-cli serve --workers N` does with
 * processes.
 *
 * The load generator's clients are coroutines on a third thread
 * (ll-http-load.c).  Four times a second, while the server runs, the
 * page reads the newest snapshot each server thread published and the
 * load's figures, never waiting for either thread: when the blocking
 * handler holds a server's thread, its snapshot grows old, and the page
 * says so while its own heart keeps beating.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-server-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-heartbeat.h"
#include "ll-live-label.h"
#include "ll-server-page.h"
#include "ll-server-view.h"
#include "ll-workload-card.h"
#include "ll-wrap-box.h"

#define FIGURES_INTERVAL_MS 250
/* A snapshot older than this: the server's loop has not run since. */
#define STALE_AFTER (3 * 100 * G_TIME_SPAN_MILLISECOND)
/* A loop whose timer is this late serves nobody on time: the fair
 * scheduler hands the loop back between two blocking handlers, so a
 * blocked server shows as a late timer more often than as a silence. */
#define STALLING_LAG (LL_SERVER_PAGE_BLOCK_MS * G_TIME_SPAN_MILLISECOND)

struct _LlServerPage
{
  LlDemoPage     parent_instance;

  /* template children */
  GtkWidget     *server_button;
  GtkWidget     *stop_server_button;
  GtkAdjustment *workers_adjustment;
  GtkWidget     *workers_spin;
  GtkLabel      *url_label;
  GtkWidget     *open_button;
  GtkAdjustment *clients_adjustment;
  GtkAdjustment *duration_adjustment;
  GtkWidget     *load_button;
  GtkWidget     *stop_load_button;
  GtkSwitch     *block_switch;
  GtkBox        *chart_box;
  GtkBox        *rows_box;
  LlLiveLabel   *server_label;
  LlLiveLabel   *lag_label;
  LlLiveLabel   *load_label;
  GtkLabel      *workers_label;
  GtkLabel      *error_label;

  /* owned */
  GPtrArray     *workers;         /* LlHttpServerThread, stopped on free */
  LlHttpLoad    *load;

  /* borrowed */
  LlServerChart       *chart;
  LlServerConnections *rows;

  guint          figures_id;
  /* per worker, the snapshot the last rate was counted from */
  GArray        *last_requests;   /* guint64 */
  GArray        *last_times;      /* gint64 */
};

G_DEFINE_FINAL_TYPE (LlServerPage, ll_server_page, LL_TYPE_DEMO_PAGE)

static void
show_error (LlServerPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The figures */

static void
update_load_label (LlServerPage *self)
{
  LlHttpLoadStats stats;
  g_autofree char *p50 = NULL;
  g_autofree char *p99 = NULL;
  g_autofree char *max = NULL;
  g_autofree char *text = NULL;
  double duration = gtk_adjustment_get_value (self->duration_adjustment);

  if (self->load == NULL)
    {
      ll_live_label_set_text (self->load_label, _("No load yet: Start load sends the clients."));
      return;
    }

  ll_http_load_get_stats (self->load, &stats);
  if (stats.running)
    {
      p50 = ll_workload_card_format_ms (stats.recent.p50);
      p99 = ll_workload_card_format_ms (stats.recent.p99);
      /* Translators: a load under way: clients, seconds done of all, requests/s, latencies, errors */
      text = g_strdup_printf (_("Load: %u clients, %.1f of %.0f s: %.0f requests/s, latency p50 %s, p99 %s; %llu errors."),
                              stats.clients, stats.elapsed_ms / 1000.0, duration, stats.recent_rate,
                              p50, p99, (unsigned long long) stats.errors);
    }
  else
    {
      p50 = ll_workload_card_format_ms (stats.total.p50);
      p99 = ll_workload_card_format_ms (stats.total.p99);
      max = ll_workload_card_format_ms (stats.total.max);
      /* Translators: the load that ended: clients, seconds, requests, requests/s, latencies, errors */
      text = g_strdup_printf (_("Last load: %u clients for %.1f s, %llu requests, %.0f requests/s, latency p50 %s, p99 %s, max %s; %llu errors."),
                              stats.clients, stats.elapsed_ms / 1000.0, (unsigned long long) stats.requests,
                              stats.rate, p50, p99, max, (unsigned long long) stats.errors);
    }
  ll_live_label_set_text (self->load_label, text);
}

static void
update_figures (LlServerPage *self)
{
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_http_server_snapshot_unref);
  g_autoptr(GString) per_worker = g_string_new (NULL);
  guint64 requests = 0, refused = 0;
  guint n_connections = 0, by_state[4] = { 0 };
  gint64 now = g_get_monotonic_time ();
  gint64 stale = 0, lag_p99 = 0, lag_max = 0;
  g_autofree char *url = ll_server_page_get_url (self);
  g_autofree char *server_text = NULL;
  g_autofree char *lag_text = NULL;
  LlHttpLoadStats stats = { 0 };
  double rate = 0;

  if (self->load != NULL)
    ll_http_load_get_stats (self->load, &stats);
  update_load_label (self);

  if (self->workers->len == 0)
    {
      ll_live_label_set_text (self->server_label, _("The server is stopped."));
      ll_live_label_set_text (self->lag_label, "");
      gtk_label_set_label (self->workers_label, "");
      ll_server_connections_set (self->rows, NULL, 0);
      return;
    }

  for (guint i = 0; i < self->workers->len; i++)
    {
      LlHttpServerSnapshot *s = ll_http_server_thread_get_snapshot (g_ptr_array_index (self->workers, i));

      g_ptr_array_add (snapshots, s);
      requests += s->n_requests;
      refused += s->n_refused;
      n_connections += s->n_connections;
      for (guint st = 0; st < G_N_ELEMENTS (by_state); st++)
        by_state[st] += s->n_by_state[st];
      stale = MAX (stale, now - s->time);
      lag_p99 = MAX (lag_p99, s->lag.p99);
      lag_max = MAX (lag_max, s->lag.max);
      if (self->workers->len > 1)
        /* Translators: one worker's figures */
        g_string_append_printf (per_worker, _("%sWorker %u: %u connections, %llu requests"),
                                i > 0 ? " · " : "", i + 1, s->n_connections,
                                (unsigned long long) s->n_requests);
    }

  /* Each worker's rate between two of its snapshots, by their own
   * times: the page's timer and the server's are not in step.  A worker
   * whose loop is blocked published nothing new, and adds nothing. */
  g_array_set_size (self->last_requests, snapshots->len);
  g_array_set_size (self->last_times, snapshots->len);
  for (guint i = 0; i < snapshots->len; i++)
    {
      LlHttpServerSnapshot *s = g_ptr_array_index (snapshots, i);
      guint64 *last_requests = &g_array_index (self->last_requests, guint64, i);
      gint64 *last_time = &g_array_index (self->last_times, gint64, i);

      if (*last_time > 0 && s->time > *last_time)
        rate += (s->n_requests - *last_requests) / ((s->time - *last_time) / (double) G_TIME_SPAN_SECOND);
      *last_requests = s->n_requests;
      *last_time = s->time;
    }
  ll_server_chart_add (self->chart, now, rate,
                       stats.running ? stats.recent.p50 : 0, stats.running ? stats.recent.p99 : 0);
  ll_server_connections_set (self->rows, (const LlHttpServerSnapshot **) snapshots->pdata, snapshots->len);

  /* Translators: the server's figures: its address, connections by state, requests, refusals */
  server_text = g_strdup_printf (_("Serving on %s · %u open (%u reading, %u handling, %u writing, %u waiting) · %llu requests · %llu refused with 503"),
                                 url, n_connections, by_state[LL_HTTP_CONNECTION_READING],
                                 by_state[LL_HTTP_CONNECTION_HANDLING], by_state[LL_HTTP_CONNECTION_WRITING],
                                 by_state[LL_HTTP_CONNECTION_IDLE], (unsigned long long) requests,
                                 (unsigned long long) refused);
  ll_live_label_set_text (self->server_label, server_text);

  if (stale >= STALE_AFTER)
    /* Translators: %.1f is seconds */
    lag_text = g_strdup_printf (_("The server’s loop has not run for %.1f s: a handler blocks its thread, and every connection waits. This window’s loop runs on."),
                                stale / (double) G_TIME_SPAN_SECOND);
  else
    {
      g_autofree char *p99 = ll_workload_card_format_ms (lag_p99);
      g_autofree char *max = ll_workload_card_format_ms (lag_max);

      if (lag_max >= STALLING_LAG)
        /* Translators: the lag of the server's own loop, when a handler blocks it */
        lag_text = g_strdup_printf (_("The server’s loop stalls: a timer late p99 %s, max %s over the last second. A handler blocks its thread, and every connection waits behind it."),
                                    p99, max);
      else
        /* Translators: the lag of the server's own loop, on its own thread */
        lag_text = g_strdup_printf (_("The server’s loop, on its own thread: a timer late p99 %s, max %s over the last second."),
                                    p99, max);
    }
  ll_live_label_set_text (self->lag_label, lag_text);
  gtk_label_set_label (self->workers_label, per_worker->str);
}

static gboolean
figures_cb (gpointer data)
{
  update_figures (LL_SERVER_PAGE (data));

  return G_SOURCE_CONTINUE;
}

static void
update_controls (LlServerPage *self)
{
  gboolean serving = self->workers->len > 0;
  LlHttpLoadStats stats = { 0 };
  g_autofree char *url = ll_server_page_get_url (self);

  if (self->load != NULL)
    ll_http_load_get_stats (self->load, &stats);

  gtk_widget_set_visible (self->server_button, !serving);
  gtk_widget_set_visible (self->stop_server_button, serving);
  gtk_widget_set_sensitive (self->workers_spin, !serving);
  gtk_widget_set_sensitive (self->open_button, serving);
  gtk_label_set_label (self->url_label, url != NULL ? url : _("not serving"));
  gtk_widget_set_sensitive (self->load_button, serving);
  gtk_widget_set_visible (self->load_button, !stats.running);
  gtk_widget_set_visible (self->stop_load_button, stats.running);

  if ((serving || stats.running) && self->figures_id == 0)
    {
      self->figures_id = g_timeout_add (FIGURES_INTERVAL_MS, figures_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->figures_id),
                                "[looplab] server page figures");
    }
  else if (!serving && !stats.running)
    g_clear_handle_id (&self->figures_id, g_source_remove);

  update_figures (self);
}

/* The load */

static void
stop_load (LlServerPage *self)
{
  if (self->load != NULL)
    ll_http_load_stop (self->load);
}

static void
load_finished_cb (LlServerPage *self)
{
  update_controls (self);
}

/**
 * ll_server_page_start_load:
 * @self: a page whose server runs
 * @clients: 1 to %LL_HTTP_LOAD_MAX_CLIENTS
 * @duration_ms: how long
 * @error: why it cannot
 *
 * Sets the controls and starts a load, as Start load does.
 *
 * Returns: %TRUE if it started
 */
gboolean
ll_server_page_start_load (LlServerPage  *self,
                           guint          clients,
                           guint          duration_ms,
                           GError       **error)
{
  g_autoptr(LlHttpLoad) load = NULL;

  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), FALSE);
  g_return_val_if_fail (clients >= 1 && clients <= LL_HTTP_LOAD_MAX_CLIENTS, FALSE);

  if (self->workers->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Start the server first: the load is sent to it."));
      return FALSE;
    }

  stop_load (self);
  gtk_adjustment_set_value (self->clients_adjustment, clients);
  gtk_adjustment_set_value (self->duration_adjustment, duration_ms / 1000.0);

  load = ll_http_load_new ("127.0.0.1", ll_http_server_thread_get_port (g_ptr_array_index (self->workers, 0)),
                           clients, duration_ms);
  if (!ll_http_load_start (load, error))
    return FALSE;

  if (self->load != NULL)
    g_signal_handlers_disconnect_by_data (self->load, self);
  g_set_object (&self->load, load);
  g_signal_connect_object (self->load, "finished", G_CALLBACK (load_finished_cb), self, G_CONNECT_SWAPPED);
  ll_server_chart_clear (self->chart);
  update_controls (self);

  return TRUE;
}

static void
load_clicked_cb (LlServerPage *self)
{
  LlHttpLoadStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  if (self->load != NULL)
    ll_http_load_get_stats (self->load, &stats);
  if (stats.running)
    {
      stop_load (self);
      update_controls (self);
      return;
    }

  show_error (self, NULL);
  if (!ll_server_page_start_load (self, (guint) gtk_adjustment_get_value (self->clients_adjustment),
                                  (guint) (gtk_adjustment_get_value (self->duration_adjustment) * 1000),
                                  &error))
    show_error (self, error->message);
}

/* The server */

typedef struct
{
  guint    port;
  gboolean reuse_port;
  guint    block_ms;
} WorkerSetup;

static void
setup_worker (LlHttpServer *server,
              gpointer      user_data)
{
  WorkerSetup *setup = user_data;

  ll_http_server_set_address (server, "127.0.0.1");
  ll_http_server_set_port (server, setup->port);
  ll_http_server_set_reuse_port (server, setup->reuse_port);
  ll_http_server_set_block_ms (server, setup->block_ms);
}

/**
 * ll_server_page_stop_server:
 * @self: a page
 *
 * Stops the load, then every worker, as Stop server does.
 */
void
ll_server_page_stop_server (LlServerPage *self)
{
  g_return_if_fail (LL_IS_SERVER_PAGE (self));

  stop_load (self);
  g_ptr_array_set_size (self->workers, 0);
  g_array_set_size (self->last_requests, 0);
  g_array_set_size (self->last_times, 0);
  update_controls (self);
}

/**
 * ll_server_page_start_server:
 * @self: a page
 * @workers: 1 to the number of cores
 * @error: why it cannot listen
 *
 * Sets Workers and starts the server on a free port of 127.0.0.1, as
 * Start server does.
 *
 * Returns: %TRUE if it serves
 */
gboolean
ll_server_page_start_server (LlServerPage  *self,
                             guint          workers,
                             GError       **error)
{
  WorkerSetup setup = { 0, workers > 1, gtk_switch_get_active (self->block_switch) ? LL_SERVER_PAGE_BLOCK_MS : 0 };

  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), FALSE);
  g_return_val_if_fail (workers >= 1, FALSE);

  ll_server_page_stop_server (self);
  gtk_adjustment_set_value (self->workers_adjustment, workers);

  for (guint i = 0; i < workers; i++)
    {
      LlHttpServerThread *thread = ll_http_server_thread_start (setup_worker, &setup, error);

      if (thread == NULL)
        {
          ll_server_page_stop_server (self);
          return FALSE;
        }
      g_ptr_array_add (self->workers, thread);
      setup.port = ll_http_server_thread_get_port (thread);
    }

  ll_server_chart_clear (self->chart);
  update_controls (self);

  return TRUE;
}

static void
server_clicked_cb (LlServerPage *self)
{
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);
  if (self->workers->len > 0)
    {
      ll_server_page_stop_server (self);
      return;
    }

  if (!ll_server_page_start_server (self, (guint) gtk_adjustment_get_value (self->workers_adjustment), &error))
    show_error (self, error->message);
}

static void
open_clicked_cb (LlServerPage *self)
{
  g_autofree char *url = ll_server_page_get_url (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (url != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
block_changed_cb (LlServerPage *self)
{
  guint block_ms = gtk_switch_get_active (self->block_switch) ? LL_SERVER_PAGE_BLOCK_MS : 0;

  /* An atomic: the server threads are not waited for, a blocked one
   * least of all. */
  for (guint i = 0; i < self->workers->len; i++)
    ll_http_server_thread_set_block_ms (g_ptr_array_index (self->workers, i), block_ms);
}

/* GObject */

static void
ll_server_page_unmap (GtkWidget *widget)
{
  /* Out of sight, no server and no load: a server the user cannot see
   * should not hold a port. */
  ll_server_page_stop_server (LL_SERVER_PAGE (widget));

  GTK_WIDGET_CLASS (ll_server_page_parent_class)->unmap (widget);
}

static void
ll_server_page_constructed (GObject *object)
{
  LlServerPage *self = LL_SERVER_PAGE (object);

  G_OBJECT_CLASS (ll_server_page_parent_class)->constructed (object);

  gtk_adjustment_set_upper (self->workers_adjustment, MAX (1, g_get_num_processors ()));
  self->chart = LL_SERVER_CHART (ll_server_chart_new ());
  gtk_box_append (self->chart_box, GTK_WIDGET (self->chart));
  self->rows = LL_SERVER_CONNECTIONS (ll_server_connections_new ());
  gtk_box_append (self->rows_box, GTK_WIDGET (self->rows));
  /* The rows draw only what the scrolled window shows: scrolled, again. */
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (
                             GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->rows_box),
                                                                           GTK_TYPE_SCROLLED_WINDOW))),
                           "value-changed", G_CALLBACK (gtk_widget_queue_draw), self->rows,
                           G_CONNECT_SWAPPED);
  update_controls (self);
}

static void
ll_server_page_dispose (GObject *object)
{
  LlServerPage *self = LL_SERVER_PAGE (object);

  g_clear_handle_id (&self->figures_id, g_source_remove);
  if (self->load != NULL)
    {
      ll_http_load_stop (self->load);
      g_signal_handlers_disconnect_by_data (self->load, self);
      g_clear_object (&self->load);
    }
  if (self->workers != NULL)
    g_ptr_array_set_size (self->workers, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_SERVER_PAGE);
  self->chart = NULL;
  self->rows = NULL;

  G_OBJECT_CLASS (ll_server_page_parent_class)->dispose (object);
}

static void
ll_server_page_finalize (GObject *object)
{
  LlServerPage *self = LL_SERVER_PAGE (object);

  g_ptr_array_unref (self->workers);
  g_array_unref (self->last_requests);
  g_array_unref (self->last_times);

  G_OBJECT_CLASS (ll_server_page_parent_class)->finalize (object);
}

static void
ll_server_page_class_init (LlServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_server_page_constructed;
  object_class->dispose = ll_server_page_dispose;
  object_class->finalize = ll_server_page_finalize;

  widget_class->unmap = ll_server_page_unmap;

  ll_demo_page_class_add_source (page_class, "app/net/ll-http-connection.c");
  ll_demo_page_class_add_source (page_class, "app/net/ll-http-app.c");
  ll_demo_page_class_add_source (page_class, "app/net/ll-http-server.c");
  ll_demo_page_class_add_source (page_class, "app/net/ll-http-server-thread.c");
  ll_demo_page_class_add_source (page_class, "app/net/ll-http-load.c");
  ll_demo_page_class_add_rendering (page_class, "resources/python/server_aiohttp.py",
                                    N_("Python: _aiohttp"),
                                    N_("The notes’ aiohttp application: the same two routes, and the time.sleep() that blocks its loop."));

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_LIVE_LABEL);
  g_type_ensure (LL_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, server_button);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, stop_server_button);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, workers_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, url_label);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, clients_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, duration_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, load_button);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, stop_load_button);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, block_switch);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, rows_box);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, server_label);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, lag_label);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, load_label);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, workers_label);
  gtk_widget_class_bind_template_child (widget_class, LlServerPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, server_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, load_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, block_changed_cb);
}

static void
ll_server_page_init (LlServerPage *self)
{
  self->workers = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_http_server_thread_stop);
  self->last_requests = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->last_times = g_array_new (FALSE, TRUE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_server_page_new:
 * @monitor: the monitor of the window's loop
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_server_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_SERVER_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_server_page_get_n_workers:
 * @self: a page
 *
 * Returns: the server threads running, 0 when stopped
 */
guint
ll_server_page_get_n_workers (LlServerPage *self)
{
  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), 0);

  return self->workers->len;
}

/**
 * ll_server_page_get_worker:
 * @self: a page
 * @index: below ll_server_page_get_n_workers()
 *
 * Returns: (transfer none): that worker's thread
 */
LlHttpServerThread *
ll_server_page_get_worker (LlServerPage *self,
                           guint         index)
{
  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), NULL);
  g_return_val_if_fail (index < self->workers->len, NULL);

  return g_ptr_array_index (self->workers, index);
}

/**
 * ll_server_page_get_load:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the last load started
 */
LlHttpLoad *
ll_server_page_get_load (LlServerPage *self)
{
  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), NULL);

  return self->load;
}

/**
 * ll_server_page_get_url:
 * @self: a page
 *
 * Returns: (transfer full) (nullable): the server's address, %NULL when
 *   it is stopped
 */
char *
ll_server_page_get_url (LlServerPage *self)
{
  g_return_val_if_fail (LL_IS_SERVER_PAGE (self), NULL);

  if (self->workers->len == 0)
    return NULL;

  return ll_http_server_thread_get_url (g_ptr_array_index (self->workers, 0));
}
