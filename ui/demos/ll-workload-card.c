/* ll-workload-card.c: one workload's card on "Frozen vs responsive"
 *
 * A kind of work: its title and what it does, its settings (the page's
 * own widgets, added as children of type "settings"), a warning of how
 * long a blocking run freezes, its buttons (children of type "button"),
 * the progress of a run with its Cancel button, a status line, and one
 * result card per button, newest on top.  What a result card says is
 * here; when to run, and what the warning says, is the page's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload-card"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-workload-card.h"

#define N_MODES (LL_WORKLOAD_MODE_THREAD + 1)

/* A run reports its progress as often as it likes (a chunked compute,
 * every 0.1 ms), and each new text or fraction of the bar is a new
 * layout of the window, the most expensive thing a frame can do: the
 * card shows it four times a second, and the end at once. */
#define PROGRESS_INTERVAL (250 * G_TIME_SPAN_MILLISECOND)

struct _LlWorkloadCard
{
  GtkBox          parent_instance;

  /* template children */
  GtkLabel       *title_label;
  GtkLabel       *description_label;
  GtkBox         *settings_box;
  GtkLabel       *warning_label;
  GtkBox         *buttons_box;
  GtkWidget      *run_box;
  GtkProgressBar *progress;
  GtkBox         *extra_box;
  GtkLabel       *status_label;
  GtkBox         *results_box;

  /* borrowed: the newest result card of each mode's button */
  GtkWidget      *result_cards[N_MODES];

  /* owned: the run whose progress waits for its turn */
  LlWorkload     *progress_workload;

  /* pending source ids */
  guint           progress_id;

  /* construct-only */
  LlWorkloadKind  kind;

  /* state */
  gint64          progress_shown;   /* monotonic µs */
};

static void ll_workload_card_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LlWorkloadCard, ll_workload_card, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ll_workload_card_buildable_init))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

enum {
  CANCEL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static GtkBuildableIface *parent_buildable_iface;

static void
cancel_clicked_cb (LlWorkloadCard *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

/**
 * ll_workload_card_format_ms:
 * @duration: µs
 *
 * Returns: (transfer full): "%.2f s" from a second up, "%.1f ms" below
 */
char *
ll_workload_card_format_ms (gint64 duration)
{
  if (duration >= G_TIME_SPAN_SECOND)
    return g_strdup_printf (_("%.2f s"), duration / (double) G_TIME_SPAN_SECOND);
  else
    return g_strdup_printf (_("%.1f ms"), duration / (double) G_TIME_SPAN_MILLISECOND);
}

static GtkWidget *
add_line (GtkWidget  *box,
          const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);

  return label;
}

static char *
describe_work (const LlWorkloadResult *record,
               GFile                  *file)
{
  double seconds = record->duration / (double) G_TIME_SPAN_SECOND;

  switch (record->kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      if (record->mode == LL_WORKLOAD_MODE_BLOCKING)
        return g_strdup_printf (_("Asked for %.2f s; g_usleep() held the main thread for %.2f s."),
                                record->requested / (double) G_TIME_SPAN_SECOND, seconds);
      return g_strdup_printf (_("Slept %.2f s on the loop’s timer wheel; the loop ran everything else meanwhile."),
                              seconds);

    case LL_WORKLOAD_KIND_READ:
      {
        g_autofree char *size = g_format_size_full (record->bytes, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *rate = g_format_size_full ((guint64) record->throughput, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *name = file != NULL ? g_file_get_basename (file) : g_strdup ("?");

        return g_strdup_printf (_("Read %s of “%s” in %.2f s (%s a second)."), size, name, seconds, rate);
      }

    case LL_WORKLOAD_KIND_FETCH:
      {
        guint answered = record->n_requests - record->n_failed;
        double delay = record->n_requests > 0 ? record->requested / (double) record->n_requests / G_TIME_SPAN_SECOND : 0;

        return g_strdup_printf (ngettext ("%u of %u request answered in %.2f s (%.1f a second); one after another, %u × %.1f s take %.1f s.",
                                          "%u of %u requests answered in %.2f s (%.1f a second); one after another, %u × %.1f s take %.1f s.",
                                          record->n_requests),
                                answered, record->n_requests, seconds, record->throughput,
                                record->n_requests, delay, record->requested / (double) G_TIME_SPAN_SECOND);
      }

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      {
        g_autofree char *work = NULL;
        g_autofree char *short_of = NULL;

        work = g_strdup_printf (_("%llu primes among %llu numbers after one billion, in %.2f s (%.0f numbers a second)."),
                                (unsigned long long) record->primes, (unsigned long long) record->numbers,
                                seconds, record->throughput);
        if (record->numbers >= record->planned)
          return g_steal_pointer (&work);

        short_of = g_strdup_printf (_("It stopped at the time asked for, before the %llu numbers planned: the machine was busier than when the work was calibrated."),
                                    (unsigned long long) record->planned);
        /* TRANSLATORS: two sentences in a row: the work done, then why it
         * stopped short.  Chinese, for one, puts no space between them. */
        return g_strdup_printf (C_("two sentences", "%s %s"), work, short_of);
      }
    }
}

/* GtkBuildable: the page's widgets go into their places in the card */

static void
ll_workload_card_add_child (GtkBuildable *buildable,
                            GtkBuilder   *builder,
                            GObject      *child,
                            const char   *type)
{
  LlWorkloadCard *self = LL_WORKLOAD_CARD (buildable);
  GtkBox *box = NULL;

  if (g_strcmp0 (type, "settings") == 0)
    box = self->settings_box;
  else if (g_strcmp0 (type, "button") == 0)
    box = self->buttons_box;
  else if (g_strcmp0 (type, "extra") == 0)
    box = self->extra_box;

  if (box == NULL)
    {
      parent_buildable_iface->add_child (buildable, builder, child, type);
      return;
    }

  gtk_box_append (box, GTK_WIDGET (child));
  gtk_widget_set_visible (GTK_WIDGET (box), TRUE);
}

static void
ll_workload_card_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ll_workload_card_add_child;
}

/* GObject */

static void
ll_workload_card_dispose (GObject *object)
{
  LlWorkloadCard *self = LL_WORKLOAD_CARD (object);

  memset (self->result_cards, 0, sizeof self->result_cards);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->progress_workload);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_WORKLOAD_CARD);

  G_OBJECT_CLASS (ll_workload_card_parent_class)->dispose (object);
}

static void
ll_workload_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LlWorkloadCard *self = LL_WORKLOAD_CARD (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_label (self->description_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LlWorkloadCard *self = LL_WORKLOAD_CARD (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      gtk_label_set_label (self->title_label, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      gtk_label_set_label (self->description_label, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_card_class_init (LlWorkloadCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_workload_card_dispose;
  object_class->get_property = ll_workload_card_get_property;
  object_class->set_property = ll_workload_card_set_property;

  /**
   * LlWorkloadCard:kind:
   *
   * The kind of work the card is for.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LL_TYPE_WORKLOAD_KIND, LL_WORKLOAD_KIND_SLEEP,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadCard:title:
   *
   * The card's heading.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadCard:description:
   *
   * What the work does, blocking and not, in a sentence or two.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlWorkloadCard::cancel:
   * @self: the card
   *
   * Its Cancel button was pressed.
   */
  signals[CANCEL] =
    g_signal_new ("cancel",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/looplab/LoopLab/ui/ll-workload-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, description_label);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, settings_box);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, warning_label);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, run_box);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, progress);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, extra_box);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlWorkloadCard, results_box);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
ll_workload_card_init (LlWorkloadCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The card's parts, for the page */

LlWorkloadKind
ll_workload_card_get_kind (LlWorkloadCard *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_CARD (self), LL_WORKLOAD_KIND_SLEEP);

  return self->kind;
}

void
ll_workload_card_set_warning (LlWorkloadCard *self,
                              const char     *text)
{
  g_return_if_fail (LL_IS_WORKLOAD_CARD (self));

  gtk_label_set_label (self->warning_label, text);
}

/**
 * ll_workload_card_show_progress:
 * @self: a #LlWorkloadCard
 * @show: whether a run (or its preparation) is under way
 *
 * Shows the progress bar, emptied, with its Cancel button; or hides it.
 */
void
ll_workload_card_show_progress (LlWorkloadCard *self,
                                gboolean        show)
{
  g_return_if_fail (LL_IS_WORKLOAD_CARD (self));

  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->progress_workload);
  gtk_widget_set_visible (self->run_box, show);
  if (show)
    ll_workload_card_set_progress (self, 0, NULL);
}

void
ll_workload_card_set_progress (LlWorkloadCard *self,
                               double          fraction,
                               const char     *text)
{
  g_return_if_fail (LL_IS_WORKLOAD_CARD (self));

  gtk_progress_bar_set_fraction (self->progress, fraction);
  gtk_progress_bar_set_text (self->progress, text);
}

static void
show_progress_now (LlWorkloadCard *self,
                   LlWorkload     *workload)
{
  g_autofree char *text = NULL;
  guint64 done, total;

  done = ll_workload_get_done (workload);
  total = ll_workload_get_total (workload);

  switch (self->kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      text = g_strdup_printf (_("%.1f of %.1f s"), done / (double) G_TIME_SPAN_SECOND, total / (double) G_TIME_SPAN_SECOND);
      break;

    case LL_WORKLOAD_KIND_READ:
      {
        g_autofree char *d = g_format_size_full (done, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *t = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
        text = g_strdup_printf (_("%s of %s read"), d, t);
      }
      break;

    case LL_WORKLOAD_KIND_FETCH:
      text = g_strdup_printf (_("%llu of %llu requests finished"), (unsigned long long) done, (unsigned long long) total);
      break;

    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      text = g_strdup_printf (_("%llu of %llu numbers tested"), (unsigned long long) done, (unsigned long long) total);
      break;
    }

  ll_workload_card_set_progress (self, ll_workload_get_progress (workload), text);
  self->progress_shown = g_get_monotonic_time ();
}

static gboolean
progress_turn_cb (gpointer data)
{
  LlWorkloadCard *self = data;
  g_autoptr(LlWorkload) workload = g_steal_pointer (&self->progress_workload);

  self->progress_id = 0;
  show_progress_now (self, workload);

  return G_SOURCE_REMOVE;
}

/**
 * ll_workload_card_update_progress:
 * @self: a #LlWorkloadCard
 * @workload: the running workload of the card's kind
 *
 * Shows how far @workload is, in the unit of its kind: at most four
 * times a second, and its end at once.
 */
void
ll_workload_card_update_progress (LlWorkloadCard *self,
                                  LlWorkload     *workload)
{
  gint64 since;

  g_return_if_fail (LL_IS_WORKLOAD_CARD (self));
  g_return_if_fail (LL_IS_WORKLOAD (workload));

  since = g_get_monotonic_time () - self->progress_shown;
  if (since >= PROGRESS_INTERVAL || ll_workload_get_done (workload) >= ll_workload_get_total (workload))
    {
      g_clear_handle_id (&self->progress_id, g_source_remove);
      g_clear_object (&self->progress_workload);
      show_progress_now (self, workload);
      return;
    }

  g_set_object (&self->progress_workload, workload);
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add ((guint) ((PROGRESS_INTERVAL - since) / G_TIME_SPAN_MILLISECOND) + 1,
                                       progress_turn_cb, self);
}

/**
 * ll_workload_card_set_status:
 * @self: a #LlWorkloadCard
 * @text: (nullable): an error, a cancel, the sample file being made;
 *   %NULL or "" hides the line
 * @error: whether @text is an error
 */
void
ll_workload_card_set_status (LlWorkloadCard *self,
                             const char     *text,
                             gboolean        error)
{
  GtkWidget *status;

  g_return_if_fail (LL_IS_WORKLOAD_CARD (self));

  status = GTK_WIDGET (self->status_label);
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (status, text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (status, "error");
  else
    gtk_widget_remove_css_class (status, "error");
}

/**
 * ll_workload_card_get_status:
 * @self: a #LlWorkloadCard
 *
 * Returns: the status line, "" when hidden
 */
const char *
ll_workload_card_get_status (LlWorkloadCard *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_CARD (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ? gtk_label_get_label (self->status_label) : "";
}

/**
 * ll_workload_card_show_result:
 * @self: a #LlWorkloadCard
 * @title: the result card's heading: the button and the time
 * @record: the result of a run of the card's kind
 * @file: (nullable): the file a read run read
 *
 * Puts the result on top, in place of the previous one of the same
 * button.
 *
 * Returns: (transfer none) (nullable): for a blocking run, the empty
 *   line where the page says which input the freeze held back
 */
GtkLabel *
ll_workload_card_show_result (LlWorkloadCard         *self,
                              const char             *title,
                              const LlWorkloadResult *record,
                              GFile                  *file)
{
  g_autofree char *work = NULL;
  GtkLabel *held = NULL;
  GtkWidget *box;
  GtkWidget *label;

  g_return_val_if_fail (LL_IS_WORKLOAD_CARD (self), NULL);
  g_return_val_if_fail (record != NULL && record->mode < N_MODES, NULL);

  work = describe_work (record, file);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (box, "result-card");
  add_line (box, title, "heading");

  if (record->mode == LL_WORKLOAD_MODE_BLOCKING)
    {
      g_autofree char *headline = NULL;

      gtk_widget_add_css_class (box, "blocking");
      if (record->stall > 0)
        headline = g_strdup_printf (_("Main loop blocked for %.1f s by %s"),
                                    record->stall / (double) G_TIME_SPAN_SECOND,
                                    record->stall_handler != NULL ? record->stall_handler : _("an unnamed handler"));
      else
        headline = g_strdup_printf (_("The loop was held for %.0f ms: too short to count as a stall (100 ms), but no frame was drawn meanwhile"),
                                    record->duration / (double) G_TIME_SPAN_MILLISECOND);
      label = add_line (box, headline, "stall-report");
      if (record->stall > 0)
        gtk_widget_add_css_class (label, "error");

      add_line (box, work, NULL);
      if (record->failure != NULL)
        add_line (box, record->failure, "error");

      held = GTK_LABEL (add_line (box, "", NULL));

      add_line (box, _("Meanwhile nothing else on this window’s loop ran: no frame, no click, no timer."), "dim-label");
    }
  else
    {
      g_autofree char *headline = NULL;
      g_autofree char *lag = NULL;
      g_autofree char *p99 = ll_workload_card_format_ms (record->lag.p99);
      g_autofree char *max = ll_workload_card_format_ms (record->lag.max);

      gtk_widget_add_css_class (box, "responsive");
      if (record->n_stalls == 0)
        headline = g_strdup_printf (_("Done in %.2f s; the window kept answering throughout"),
                                    record->duration / (double) G_TIME_SPAN_SECOND);
      else
        headline = g_strdup_printf (ngettext ("Done in %.2f s, but the loop stalled %u time (the longest %.2f s)",
                                              "Done in %.2f s, but the loop stalled %u times (the longest %.2f s)",
                                              record->n_stalls),
                                    record->duration / (double) G_TIME_SPAN_SECOND, record->n_stalls,
                                    record->stall / (double) G_TIME_SPAN_SECOND);
      add_line (box, headline, record->n_stalls == 0 ? "success" : "error");
      add_line (box, work, NULL);
      if (record->failure != NULL)
        add_line (box, record->failure, "error");

      lag = g_strdup_printf (ngettext ("Loop lag meanwhile: p99 %s · max %s (%u probe); one frame is 16 ms.",
                                       "Loop lag meanwhile: p99 %s · max %s (%u probes); one frame is 16 ms.",
                                       record->lag.count),
                             p99, max, record->lag.count);
      add_line (box, lag, NULL);
    }

  if (self->result_cards[record->mode] != NULL)
    gtk_box_remove (self->results_box, self->result_cards[record->mode]);
  gtk_box_prepend (self->results_box, box);
  self->result_cards[record->mode] = box;

  return held;
}

/**
 * ll_workload_card_dup_result_text:
 * @self: a #LlWorkloadCard
 * @mode: the mode of one of its buttons
 *
 * Returns: (transfer full) (nullable): the text of that button's last
 *   result card, one line a label, or %NULL if it has none
 */
char *
ll_workload_card_dup_result_text (LlWorkloadCard *self,
                                  LlWorkloadMode  mode)
{
  GString *text;

  g_return_val_if_fail (LL_IS_WORKLOAD_CARD (self), NULL);

  if (mode >= N_MODES || self->result_cards[mode] == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (self->result_cards[mode]);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (child)));
    }

  return g_string_free (text, FALSE);
}
