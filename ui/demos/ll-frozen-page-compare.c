/* ll-frozen-page-compare.c: "Compare side by side" on the page
 *
 * Starts the second Loop Lab process (its command line is
 * ll-frozen-compare.c), waits on the frame clock for the common moment,
 * and runs this window's side then; says when the other window closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-page"

#include "config.h"

#include "ll-frozen-page-private.h"

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

void
_ll_frozen_page_restore_window_title (LlFrozenPage *self)
{
  if (!self->title_changed)
    return;

  set_window_title (self, _("Loop Lab"));
  self->title_changed = FALSE;
}

void
_ll_frozen_page_clear_compare (LlFrozenPage *self)
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
  _ll_frozen_page_notify_busy (self);

  if (late > 100 * G_TIME_SPAN_MILLISECOND)
    {
      g_autofree char *text = g_strdup_printf (_("Started %.2f s after the common moment: this window was not ready in time."),
                                               late / (double) G_TIME_SPAN_SECOND);
      gtk_label_set_label (self->compare_status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
    }

  _ll_frozen_page_start_run (self, id);

  /* The run took its settings; the page's own apply again. */
  _ll_frozen_page_clear_compare (self);

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

void
_ll_frozen_page_stop_compare_wait (LlFrozenPage *self)
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

  _ll_frozen_page_clear_compare (self);
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
  _ll_frozen_page_update_controls (self);
  _ll_frozen_page_notify_busy (self);
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
  _ll_frozen_page_restore_window_title (self);
}

gboolean
_ll_frozen_page_spawn_compare (LlFrozenPage  *self,
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

void
_ll_frozen_page_start_compare (LlFrozenPage *self,
               RunId         local)
{
  g_autoptr(GError) error = NULL;

  if (needs_sample (self, runs[local].kind))
    {
      _ll_frozen_page_ensure_sample (self, local, THEN_COMPARE);
      return;
    }

  if (!_ll_frozen_page_spawn_compare (self, local, &error))
    {
      gtk_label_set_label (self->compare_status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->compare_status), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->compare_status), TRUE);
    }
}

void
_ll_frozen_page_compare_clicked_cb (LlFrozenPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->compare_dropdown);

  if (selected < G_N_ELEMENTS (compare_runs))
    ll_frozen_page_compare (self, runs[compare_runs[selected]].kind, runs[compare_runs[selected]].mode, NULL);
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
      _ll_frozen_page_ensure_sample (self, id, THEN_COMPARE);
      return TRUE;
    }

  if (!_ll_frozen_page_spawn_compare (self, id, &local_error))
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
