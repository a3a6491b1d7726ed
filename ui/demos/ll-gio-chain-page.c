/* ll-gio-chain-page.c: "The two-way message: an async file copy"
 *
 * Runs the copy of app/io/ll-copy-model.c on the page's own scheduler, on
 * the window's loop: the generated sample (made once, in a worker thread,
 * with a progress bar) or a file the user chooses, copied to the user's
 * cache folder chunk by chunk with GIO's asynchronous reads and writes,
 * written as a chain of callbacks or as a coroutine.  Step shows one
 * message at a time on the sequence diagram and highlights the C line of
 * the message in the Source tab; Run copies at full speed with a progress
 * bar, the rate and the chunks in flight; Cancel stops the copy through
 * its GCancellable, and nothing is left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-gio-chain-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-gio-chain-page.h"
#include "ll-gio-chain-view.h"
#include "ll-heartbeat.h"
#include "ll-live-label.h"
#include "ll-sample-file.h"

typedef enum
{
  THEN_RUN,
  THEN_STEP,
} Then;

struct _LlGioChainPage
{
  LlDemoPage parent_instance;

  /* template children */
  GtkLabel        *source_label;
  GtkWidget       *choose_button;
  GtkWidget       *sample_button;
  GtkWidget       *callbacks_button;
  GtkWidget       *coroutine_button;
  GtkWidget       *keep_check;
  GtkWidget       *run_button;
  GtkWidget       *step_button;
  GtkWidget       *cancel_button;
  GtkBox          *view_box;
  GtkProgressBar  *progress_bar;
  LlLiveLabel     *figures_label;
  GtkLabel        *result_label;
  GtkLabel        *error_label;

  /* owned references */
  LlScheduler     *scheduler;
  LlCopyModel     *model;
  GFile           *source;        /* chosen, or NULL for the sample */
  GFile           *destination;   /* set by a test, or NULL for the cache folder */
  GCancellable    *preparing;     /* the sample being made, or NULL */
  GtkNativeDialog *chooser;

  /* borrowed */
  LlGioChainView  *view;

  /* pending source ids */
  guint            figures_id;

  /* state */
  gboolean         stepping;
  guint64          prepared;      /* bytes of the sample made so far */
  gint64           started;       /* monotonic µs when the copy began */
};

G_DEFINE_FINAL_TYPE (LlGioChainPage, ll_gio_chain_page, LL_TYPE_DEMO_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_controls (LlGioChainPage *self);

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
show_error (LlGioChainPage *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_source_label (LlGioChainPage *self)
{
  g_autofree char *text = NULL;

  if (self->source == NULL)
    {
      g_autofree char *size = format_size (LL_SAMPLE_FILE_DEFAULT_SIZE);

      /* Translators: %s is a size, "256 MiB" */
      text = g_strdup_printf (_("The generated sample, %s"), size);
    }
  else
    text = g_file_get_parse_name (self->source);

  gtk_label_set_label (self->source_label, text);
  gtk_widget_set_visible (self->sample_button, self->source != NULL);
}

/* The figures of a run under way, four times a second. */
static void
update_figures (LlGioChainPage *self)
{
  guint64 total = ll_copy_model_get_total_size (self->model);
  guint64 copied = ll_copy_model_get_bytes_copied (self->model);
  gint64 duration = g_get_monotonic_time () - self->started;
  g_autofree char *done = format_size (copied);
  g_autofree char *all = format_size (total);
  g_autofree char *text = NULL;
  guint in_flight = ll_copy_model_get_chunks_in_flight (self->model);
  double rate;

  if (self->preparing != NULL)
    {
      g_autofree char *made = format_size (self->prepared);
      g_autofree char *size = format_size (LL_SAMPLE_FILE_DEFAULT_SIZE);

      gtk_progress_bar_set_fraction (self->progress_bar, self->prepared / (double) LL_SAMPLE_FILE_DEFAULT_SIZE);
      text = g_strdup_printf (_("Generating the sample file: %s of %s, in a worker thread"), made, size);
      ll_live_label_set_text (self->figures_label, text);
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? copied / (double) total : 0.0);
  if (ll_sim_model_get_running (LL_SIM_MODEL (self->model)) && total > 0 && copied == total &&
      ll_copy_model_get_verify (self->model))
    {
      /* The copy is whole; the model reads both files back. */
      ll_live_label_set_text (self->figures_label,
                              _("Copied. Reading both files back for their SHA-256 sums, in a worker thread…"));
      return;
    }
  rate = duration > 0 ? copied / (double) duration * G_TIME_SPAN_SECOND / (1024.0 * 1024.0) : 0.0;
  if (self->stepping)
    /* Translators: copied, total, chunks under way; a stepped copy has no rate */
    text = g_strdup_printf (ngettext ("%s of %s · %u chunk in flight",
                                      "%s of %s · %u chunks in flight",
                                      in_flight),
                            done, all, in_flight);
  else
    /* Translators: copied, total, MiB a second, chunks under way */
    text = g_strdup_printf (ngettext ("%s of %s · %.0f MiB/s · %u chunk in flight",
                                      "%s of %s · %.0f MiB/s · %u chunks in flight",
                                      in_flight),
                            done, all, rate, in_flight);
  ll_live_label_set_text (self->figures_label, text);
}

static gboolean
figures_cb (gpointer data)
{
  update_figures (LL_GIO_CHAIN_PAGE (data));

  return G_SOURCE_CONTINUE;
}

/* What the last run came to: the sums and the size, or what stopped it. */
static void
update_result (LlGioChainPage *self)
{
  const GError *error = ll_copy_model_get_error (self->model);
  guint64 copied = ll_copy_model_get_bytes_copied (self->model);
  g_autofree char *done = format_size (copied);
  g_autofree char *text = NULL;

  if (ll_sim_model_get_running (LL_SIM_MODEL (self->model)) || self->preparing != NULL)
    {
      gtk_label_set_label (self->result_label, "");
      show_error (self, NULL);
      return;
    }

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      text = g_strdup_printf (_("Cancelled after %s had been copied; the partial copy was deleted."), done);
      gtk_label_set_label (self->result_label, text);
      show_error (self, NULL);
      return;
    }
  if (error != NULL)
    {
      gtk_label_set_label (self->result_label, "");
      show_error (self, error->message);
      return;
    }
  if (ll_copy_model_get_copy_checksum (self->model) == NULL)
    {
      gtk_label_set_label (self->result_label, "");
      show_error (self, NULL);
      return;
    }

  {
    gint64 duration = ll_copy_model_get_duration (self->model);
    double seconds = duration / (double) G_TIME_SPAN_SECOND;
    g_autofree char *where = NULL;
    g_autofree char *kept = NULL;

    if (ll_copy_model_get_copy_removed (self->model))
      kept = g_strdup (_("The copy was removed; check “Keep the copy” to keep the next one."));
    else
      {
        where = g_file_get_parse_name (ll_copy_model_get_destination (self->model));
        kept = g_strdup_printf (_("The copy is at %s."), where);
      }

    /* Translators: size, chunks, seconds, MiB a second; then the two sums */
    text = g_strdup_printf (ngettext ("Copied %s in %u chunk in %.2f s (%.0f MiB/s).\n"
                                      "SHA-256 of the source: %s\n"
                                      "SHA-256 of the copy:   %s\n"
                                      "%s %s",
                                      "Copied %s in %u chunks in %.2f s (%.0f MiB/s).\n"
                                      "SHA-256 of the source: %s\n"
                                      "SHA-256 of the copy:   %s\n"
                                      "%s %s",
                                      ll_copy_model_get_n_chunks (self->model)),
                            done, ll_copy_model_get_n_chunks (self->model), seconds,
                            seconds > 0 ? copied / seconds / (1024.0 * 1024.0) : 0.0,
                            ll_copy_model_get_source_checksum (self->model),
                            ll_copy_model_get_copy_checksum (self->model),
                            ll_copy_model_get_identical (self->model)
                            ? _("Identical, byte for byte.") : _("They differ!"),
                            kept);
    gtk_label_set_label (self->result_label, text);
    show_error (self, NULL);
  }
}

static void
stop_figures (LlGioChainPage *self)
{
  g_clear_handle_id (&self->figures_id, g_source_remove);
}

static void
running_cb (LlGioChainPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));

  if (running && self->figures_id == 0)
    {
      self->started = g_get_monotonic_time ();
      self->figures_id = g_timeout_add (250, figures_cb, self);
    }
  else if (!running)
    {
      stop_figures (self);
      self->stepping = FALSE;
      ll_scheduler_set_step_mode (self->scheduler, FALSE);
      for (LlCopyStyle s = LL_COPY_STYLE_CALLBACKS; s <= LL_COPY_STYLE_COROUTINE; s++)
        ll_demo_page_set_line (LL_DEMO_PAGE (self), ll_copy_style_get_source (s), 0);
    }

  update_figures (self);
  update_result (self);
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A step's message: its C line in the Source tab. */
static void
event_cb (LlGioChainPage    *self,
          const LlCopyEvent *event)
{
  if (!self->stepping)
    return;

  for (LlCopyStyle s = LL_COPY_STYLE_CALLBACKS; s <= LL_COPY_STYLE_COROUTINE; s++)
    {
      const char *path = ll_copy_style_get_source (s);

      ll_demo_page_set_line (LL_DEMO_PAGE (self), path, g_str_equal (path, event->file) ? event->line : 0);
    }
  update_figures (self);
}

static void
update_controls (LlGioChainPage *self)
{
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));
  gboolean busy = running || self->preparing != NULL;

  gtk_widget_set_sensitive (self->run_button, !busy || self->stepping);
  gtk_widget_set_sensitive (self->step_button, !busy || self->stepping);
  gtk_widget_set_sensitive (self->cancel_button, busy);
  gtk_widget_set_sensitive (self->choose_button, !busy);
  gtk_widget_set_sensitive (self->sample_button, !busy);
  gtk_widget_set_sensitive (self->callbacks_button, !busy);
  gtk_widget_set_sensitive (self->coroutine_button, !busy);
  gtk_widget_set_sensitive (self->keep_check, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy || ll_copy_model_get_total_size (self->model) > 0);
}

static void
start (LlGioChainPage *self,
       GFile          *source,
       Then            then)
{
  g_autoptr(GFile) destination = self->destination != NULL ? g_object_ref (self->destination)
                                                            : ll_copy_default_destination (source);
  g_autoptr(GFile) folder = g_file_get_parent (destination);

  /* The cache folder may not exist yet; a folder the user named must. */
  if (self->destination == NULL && folder != NULL)
    g_file_make_directory_with_parents (folder, NULL, NULL);

  ll_gio_chain_view_clear (self->view);
  self->stepping = then == THEN_STEP;
  ll_scheduler_set_step_mode (self->scheduler, self->stepping);
  ll_copy_model_set_keep_copy (self->model, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->keep_check)));
  ll_copy_model_start (self->model, source, destination);
  if (self->stepping)
    ll_sim_model_step (LL_SIM_MODEL (self->model));
}

typedef struct
{
  GWeakRef  page;
  Then      then;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_weak_ref_clear (&prepare->page);
  g_free (prepare);
}

static void
sample_progress_cb (goffset  current,
                    goffset  total,
                    gpointer user_data)
{
  Prepare *prepare = user_data;
  g_autoptr(LlGioChainPage) self = g_weak_ref_get (&prepare->page);

  if (self != NULL)
    {
      self->prepared = (guint64) current;
      update_figures (self);
    }
}

static void
sample_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Prepare *prepare = user_data;
  g_autoptr(LlGioChainPage) self = g_weak_ref_get (&prepare->page);
  g_autoptr(GError) error = NULL;
  gboolean generated = FALSE;
  Then then = prepare->then;

  ll_sample_file_ensure_finish (G_FILE (object), result, &generated, &error);
  prepare_free (prepare);
  if (self == NULL)
    return;

  g_clear_object (&self->preparing);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The sample file could not be made: %s"), error->message);

          show_error (self, text);
        }
      else
        show_error (self, _("Cancelled before the copy began: the sample file was not made."));
      update_controls (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  start (self, G_FILE (object), then);
  update_controls (self);
}

/* The sample, made once; then the copy. */
static void
prepare (LlGioChainPage *self,
         Then            then)
{
  g_autoptr(GFile) sample = NULL;
  Prepare *data;

  show_error (self, NULL);
  gtk_label_set_label (self->result_label, "");
  if (self->source != NULL)
    {
      start (self, self->source, then);
      return;
    }

  sample = ll_sample_file_get_default (LL_SAMPLE_FILE_DEFAULT_SIZE);
  data = g_new0 (Prepare, 1);
  g_weak_ref_init (&data->page, self);
  data->then = then;
  self->preparing = g_cancellable_new ();
  self->prepared = 0;
  ll_sample_file_ensure_async (sample, LL_SAMPLE_FILE_DEFAULT_SIZE, G_PRIORITY_DEFAULT, self->preparing,
                               sample_progress_cb, data, sample_ready_cb, data);
  update_controls (self);
  update_figures (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
run_clicked_cb (LlGioChainPage *self)
{
  if (self->stepping && ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    {
      /* From stepping to full speed: the rest of the copy at once. */
      self->stepping = FALSE;
      ll_scheduler_set_step_mode (self->scheduler, FALSE);
      for (LlCopyStyle s = LL_COPY_STYLE_CALLBACKS; s <= LL_COPY_STYLE_COROUTINE; s++)
        ll_demo_page_set_line (LL_DEMO_PAGE (self), ll_copy_style_get_source (s), 0);
      update_controls (self);
      return;
    }

  prepare (self, THEN_RUN);
}

static void
step_clicked_cb (LlGioChainPage *self)
{
  if (self->stepping && ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    ll_sim_model_step (LL_SIM_MODEL (self->model));
  else if (self->preparing == NULL)
    prepare (self, THEN_STEP);
}

static void
cancel_clicked_cb (LlGioChainPage *self)
{
  if (self->preparing != NULL)
    g_cancellable_cancel (self->preparing);
  else
    ll_copy_model_cancel (self->model);
}

static void
style_toggled_cb (LlGioChainPage *self)
{
  gboolean coroutine = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->coroutine_button));

  ll_copy_model_set_style (self->model, coroutine ? LL_COPY_STYLE_COROUTINE : LL_COPY_STYLE_CALLBACKS);
}

static void
chooser_response_cb (LlGioChainPage  *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ll_gio_chain_page_set_source (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (LlGioChainPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a File to Copy"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Copy"), _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
sample_clicked_cb (LlGioChainPage *self)
{
  ll_gio_chain_page_set_source (self, NULL);
}

static void
stop (LlGioChainPage *self)
{
  if (self->preparing != NULL)
    g_cancellable_cancel (self->preparing);
  g_clear_object (&self->preparing);
  if (self->model != NULL && ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    ll_copy_model_cancel (self->model);
  stop_figures (self);
}

static void
ll_gio_chain_page_unmap (GtkWidget *widget)
{
  /* Out of sight, no copy. */
  stop (LL_GIO_CHAIN_PAGE (widget));

  GTK_WIDGET_CLASS (ll_gio_chain_page_parent_class)->unmap (widget);
}

static void
ll_gio_chain_page_constructed (GObject *object)
{
  LlGioChainPage *self = LL_GIO_CHAIN_PAGE (object);

  G_OBJECT_CLASS (ll_gio_chain_page_parent_class)->constructed (object);

  self->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  self->model = ll_copy_model_new (self->scheduler);
  self->view = LL_GIO_CHAIN_VIEW (ll_gio_chain_view_new (self->model));
  gtk_box_append (self->view_box, GTK_WIDGET (self->view));

  g_signal_connect_object (self->model, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  style_toggled_cb (self);
  update_source_label (self);
  update_controls (self);
  show_error (self, NULL);
}

static void
ll_gio_chain_page_dispose (GObject *object)
{
  LlGioChainPage *self = LL_GIO_CHAIN_PAGE (object);

  stop (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_GIO_CHAIN_PAGE);

  self->view = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->source);
  g_clear_object (&self->destination);

  G_OBJECT_CLASS (ll_gio_chain_page_parent_class)->dispose (object);
}

static void
ll_gio_chain_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlGioChainPage *self = LL_GIO_CHAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ll_gio_chain_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_gio_chain_page_class_init (LlGioChainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlDemoPageClass *page_class = LL_DEMO_PAGE_CLASS (klass);

  object_class->constructed = ll_gio_chain_page_constructed;
  object_class->dispose = ll_gio_chain_page_dispose;
  object_class->get_property = ll_gio_chain_page_get_property;

  widget_class->unmap = ll_gio_chain_page_unmap;

  /**
   * LlGioChainPage:busy:
   *
   * Whether a copy, or the making of the sample before one, is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ll_demo_page_class_add_source (page_class, ll_copy_style_get_source (LL_COPY_STYLE_CALLBACKS));
  ll_demo_page_class_add_source (page_class, ll_copy_style_get_source (LL_COPY_STYLE_COROUTINE));
  ll_demo_page_class_add_source (page_class, "app/io/ll-copy-model.c");
  ll_demo_page_class_add_source (page_class, "app/io/ll-copy-files.c");

  g_type_ensure (LL_TYPE_HEARTBEAT);
  g_type_ensure (LL_TYPE_LIVE_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-gio-chain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, sample_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, callbacks_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, coroutine_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, keep_check);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, view_box);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, figures_label);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, LlGioChainPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, style_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sample_clicked_cb);
}

static void
ll_gio_chain_page_init (LlGioChainPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ll_gio_chain_page_new:
 * @monitor: the monitor of the loop this page runs on
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ll_gio_chain_page_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_GIO_CHAIN_PAGE, "monitor", monitor, NULL);
}

/**
 * ll_gio_chain_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none): the model it runs
 */
LlCopyModel *
ll_gio_chain_page_get_model (LlGioChainPage *self)
{
  g_return_val_if_fail (LL_IS_GIO_CHAIN_PAGE (self), NULL);

  return self->model;
}

/**
 * ll_gio_chain_page_set_source:
 * @self: a page
 * @source: (nullable): the file to copy; %NULL for the generated sample
 *
 * What the next copy copies, as Choose File… sets it.
 */
void
ll_gio_chain_page_set_source (LlGioChainPage *self,
                              GFile          *source)
{
  g_return_if_fail (LL_IS_GIO_CHAIN_PAGE (self));
  g_return_if_fail (source == NULL || G_IS_FILE (source));

  g_set_object (&self->source, source);
  update_source_label (self);
  show_error (self, NULL);
}

/**
 * ll_gio_chain_page_set_destination:
 * @self: a page
 * @destination: (nullable): where the next copies go; %NULL for the
 *   user's cache folder
 *
 * For the tests: a copy to /dev/full, or to a folder that is missing.
 */
void
ll_gio_chain_page_set_destination (LlGioChainPage *self,
                                   GFile          *destination)
{
  g_return_if_fail (LL_IS_GIO_CHAIN_PAGE (self));
  g_return_if_fail (destination == NULL || G_IS_FILE (destination));

  g_set_object (&self->destination, destination);
}

/**
 * ll_gio_chain_page_get_busy:
 * @self: a page
 *
 * Returns: whether a copy, or the sample before one, is under way
 */
gboolean
ll_gio_chain_page_get_busy (LlGioChainPage *self)
{
  g_return_val_if_fail (LL_IS_GIO_CHAIN_PAGE (self), FALSE);

  return self->preparing != NULL || ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

/**
 * ll_gio_chain_page_run:
 * @self: a page
 *
 * Copies at full speed, as the Run button does.
 */
void
ll_gio_chain_page_run (LlGioChainPage *self)
{
  g_return_if_fail (LL_IS_GIO_CHAIN_PAGE (self));

  if (!ll_gio_chain_page_get_busy (self))
    prepare (self, THEN_RUN);
}
