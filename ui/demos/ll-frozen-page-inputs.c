/* ll-frozen-page-inputs.c: what the runs of "Frozen vs responsive" need
 *
 * The file a read run reads (the sample file, made in a worker thread on
 * first use, or one of the user's own), the slow server and the faults it
 * can play, the calibration of the compute work, the settings, and from
 * all of them whether each button may run now, and why not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-page"

#include "config.h"

#include "ll-frozen-page-private.h"

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
const char *
_ll_frozen_page_why_not (LlFrozenPage *self,
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

void
_ll_frozen_page_update_controls (LlFrozenPage *self)
{
  gboolean busy = is_busy (self);
  guint selected;

  for (int i = 0; i < N_RUNS; i++)
    {
      const char *why = _ll_frozen_page_why_not (self, (RunId) i);

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
                            _ll_frozen_page_why_not (self, run_for (runs[compare_runs[selected]].kind, LL_WORKLOAD_MODE_BLOCKING)) == NULL);
}

void
_ll_frozen_page_settings_changed_cb (LlFrozenPage *self)
{
  for (int i = 0; i < N_RUNS; i++)
    {
      if (runs[i].kind == LL_WORKLOAD_KIND_FETCH)
        ll_workload_fetch_set_delay (LL_WORKLOAD_FETCH (self->workloads[i]), get_delay (self));
    }
  ll_slow_server_set_delay (ll_frozen_environment_get_server (self->environment), get_delay (self));

  update_warnings (self);
  _ll_frozen_page_update_controls (self);
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

void
_ll_frozen_page_check_sample (LlFrozenPage *self)
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
  _ll_frozen_page_update_controls (self);
  _ll_frozen_page_notify_busy (self);

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
    _ll_frozen_page_start_compare (self, id);
  else
    _ll_frozen_page_start_run (self, id);
}

void
_ll_frozen_page_ensure_sample (LlFrozenPage *self,
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
  _ll_frozen_page_update_controls (self);
  _ll_frozen_page_notify_busy (self);

  ll_frozen_environment_prepare_async (self->environment, LL_FROZEN_NEEDS_SAMPLE_FILE,
                                       self->prepare_cancellable, sample_progress_cb, call,
                                       sample_ready_cb, call);
}

void
_ll_frozen_page_size_changed_cb (LlFrozenPage *self)
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
  _ll_frozen_page_update_controls (self);
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

void
_ll_frozen_page_choose_clicked_cb (LlFrozenPage *self)
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

void
_ll_frozen_page_sample_clicked_cb (LlFrozenPage *self)
{
  ll_frozen_page_set_file (self, NULL);
}

/* The slow server */

void
_ll_frozen_page_start_server (LlFrozenPage *self,
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

void
_ll_frozen_page_server_restart_clicked_cb (LlFrozenPage *self)
{
  ll_slow_server_stop (ll_frozen_environment_get_server (self->environment));
  gtk_drop_down_set_selected (self->fault_dropdown, 0);
  _ll_frozen_page_start_server (self, 0);
  _ll_frozen_page_update_controls (self);
}

void
_ll_frozen_page_fault_changed_cb (LlFrozenPage *self)
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
        _ll_frozen_page_start_server (self, port);
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
        _ll_frozen_page_start_server (self, port);
      if (!server_failed (self))
        ll_slow_server_set_fault (server, LL_SLOW_SERVER_FAULT_NONE);
      break;
    }

  _ll_frozen_page_update_controls (self);
}

/* Calibration */

void
_ll_frozen_page_update_calibration_label (LlFrozenPage *self)
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

void
_ll_frozen_page_calibrated_cb (GObject      *source,
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
  _ll_frozen_page_settings_changed_cb (self);
  _ll_frozen_page_update_calibration_label (self);
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
  _ll_frozen_page_check_sample (self);
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
    _ll_frozen_page_check_sample (self);
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
  _ll_frozen_page_update_controls (self);
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
