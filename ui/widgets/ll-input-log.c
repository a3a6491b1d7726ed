/* ll-input-log.c: the clicks and keys of a window, with their queue waits
 *
 * While it is mapped, the log watches every button press and key press of
 * its window (a controller in the capture phase on the root, so a click
 * anywhere counts) and lists each with how long it waited in the queue:
 * the time from the moment the display server stamped it to the moment
 * the loop got round to it.  An idle loop answers within a millisecond;
 * a blocked one leaves every event waiting until the handler returns.
 *
 * It also keeps the last few hundred events as (queued, handled) pairs,
 * so a page can ask how many were held back by a stall, and how long the
 * worst of them waited.  "The message loop, live" and "Frozen vs
 * responsive" both use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-input-log"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-input-log.h"

#define MAX_ROWS     30
#define MAX_RECORDS  512

typedef struct
{
  gint64 queued_at;   /* monotonic µs */
  gint64 handled_at;  /* monotonic µs */
} Record;

struct _LlInputLog
{
  GtkWidget parent_instance;

  /* children */
  GtkLabel           *clicks_label;
  GtkListBox         *list;

  /* owned references */
  LlLoopMonitor      *monitor;
  GtkEventController *capture;        /* on the root while mapped */
  GtkWidget          *capture_root;   /* borrowed: where it was added */
  GArray             *records;        /* Record, a ring of MAX_RECORDS */

  /* state */
  guint  records_head;
  gint64 event_clock_offset;  /* event time base minus monotonic, in ms */
  guint  n_inputs;
  guint  n_rows;
  guint  n_clicks;
};

G_DEFINE_FINAL_TYPE (LlInputLog, ll_input_log, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_N_INPUTS,
  PROP_N_CLICKS,
  N_PROPS
};

enum {
  LOGGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_clicks_label (LlInputLog *self)
{
  g_autofree char *text = NULL;

  if (self->n_clicks == 0)
    {
      gtk_label_set_label (self->clicks_label, "");
      return;
    }

  text = g_strdup_printf (ngettext ("“Click me” answered %u click",
                                    "“Click me” answered %u clicks",
                                    self->n_clicks),
                          self->n_clicks);
  gtk_label_set_label (self->clicks_label, text);
}

static void
add_row (LlInputLog *self,
         const char *what,
         gint64      waited_ms)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (waited_ms < 0)
    text = g_strdup (what);
  else
    text = g_strdup_printf (_("%s · waited %d ms in the queue"), what, (int) MIN (waited_ms, G_MAXINT));

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (waited_ms >= 100)
    gtk_widget_add_css_class (label, "error");

  gtk_list_box_prepend (self->list, label);
  self->n_rows++;

  if (self->n_rows > MAX_ROWS)
    {
      GtkListBoxRow *last = gtk_list_box_get_row_at_index (self->list, MAX_ROWS);

      gtk_list_box_remove (self->list, GTK_WIDGET (last));
      self->n_rows--;
    }
}

static void
remember (LlInputLog *self,
          gint64      queued_at,
          gint64      handled_at)
{
  Record record = { queued_at, handled_at };

  if (self->records->len < MAX_RECORDS)
    g_array_append_val (self->records, record);
  else
    {
      g_array_index (self->records, Record, self->records_head) = record;
      self->records_head = (self->records_head + 1) % MAX_RECORDS;
    }
}

/**
 * ll_input_log_record:
 * @self: a #LlInputLog
 * @what: what happened, as the row should say ("Click (button 1)")
 * @queued_at: monotonic µs when the event was queued, or -1 if unknown
 * @handled_at: monotonic µs when the loop handled it
 *
 * Logs one event.  The log calls it for the input it sees; a page (or a
 * test) may add events it learnt about another way.
 */
void
ll_input_log_record (LlInputLog *self,
                     const char *what,
                     gint64      queued_at,
                     gint64      handled_at)
{
  gint64 waited_ms = -1;

  g_return_if_fail (LL_IS_INPUT_LOG (self));
  g_return_if_fail (what != NULL);

  if (queued_at >= 0)
    {
      waited_ms = MAX (handled_at - queued_at, 0) / G_TIME_SPAN_MILLISECOND;
      remember (self, queued_at, handled_at);
    }

  self->n_inputs++;
  add_row (self, what, waited_ms);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INPUTS]);
  g_signal_emit (self, signals[LOGGED], 0);
}

/* How long an event waited: now minus its timestamp.  X11 and Wayland
 * stamp events in milliseconds of the monotonic clock, so the offset is
 * normally zero; if a server uses another base, the smallest difference
 * seen stands in for it (an event handled at once waited about nothing).
 */
static gint64
event_wait_ms (LlInputLog *self,
               GdkEvent   *event,
               gint64      now)
{
  guint32 stamp = gdk_event_get_time (event);
  guint32 now_ms = (guint32) (now / 1000);
  gint64 difference = (gint32) (now_ms - stamp);

  if (stamp == GDK_CURRENT_TIME)
    return -1;

  if (self->event_clock_offset == G_MININT64)
    self->event_clock_offset = (difference >= -1000 && difference <= 60000) ? 0 : difference;
  else if (difference < self->event_clock_offset)
    self->event_clock_offset = difference;

  return MAX (difference - self->event_clock_offset, 0);
}

static gboolean
input_event_cb (LlInputLog               *self,
                GdkEvent                 *event,
                GtkEventControllerLegacy *controller)
{
  GdkEventType type = gdk_event_get_event_type (event);
  g_autofree char *what = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 waited_ms;

  switch ((int) type)
    {
    case GDK_BUTTON_PRESS:
      what = g_strdup_printf (_("Click (button %u)"), gdk_button_event_get_button (event));
      break;

    case GDK_KEY_PRESS:
      {
        guint keyval = gdk_key_event_get_keyval (event);
        gunichar c = gdk_keyval_to_unicode (keyval);

        if (c != 0 && g_unichar_isgraph (c))
          {
            char utf8[8] = { 0 };
            g_unichar_to_utf8 (c, utf8);
            what = g_strdup_printf (_("Key “%s”"), utf8);
          }
        else
          what = g_strdup_printf (_("Key %s"), gdk_keyval_name (keyval));
      }
      break;

    case GDK_MOTION_NOTIFY:
      /* Not logged, but it keeps the clock offset honest. */
      event_wait_ms (self, event, now);
      return GDK_EVENT_PROPAGATE;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (self->monitor != NULL)
    ll_loop_monitor_begin_span (self->monitor, "input_event_cb");

  waited_ms = event_wait_ms (self, event, now);
  ll_input_log_record (self, what, waited_ms < 0 ? -1 : now - waited_ms * G_TIME_SPAN_MILLISECOND, now);

  if (self->monitor != NULL)
    ll_loop_monitor_end_span (self->monitor);

  return GDK_EVENT_PROPAGATE;
}

static void
ll_input_log_map (GtkWidget *widget)
{
  LlInputLog *self = LL_INPUT_LOG (widget);

  GTK_WIDGET_CLASS (ll_input_log_parent_class)->map (widget);

  /* Capture input for the whole window, so a click anywhere is logged. */
  self->capture_root = GTK_WIDGET (gtk_widget_get_root (widget));
  self->capture = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->capture, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->capture, "event", G_CALLBACK (input_event_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->capture_root, g_object_ref (self->capture));
}

static void
remove_capture (LlInputLog *self)
{
  if (self->capture == NULL)
    return;

  gtk_widget_remove_controller (self->capture_root, self->capture);
  g_clear_object (&self->capture);
  self->capture_root = NULL;
}

static void
ll_input_log_unmap (GtkWidget *widget)
{
  remove_capture (LL_INPUT_LOG (widget));

  GTK_WIDGET_CLASS (ll_input_log_parent_class)->unmap (widget);
}

static void
ll_input_log_dispose (GObject *object)
{
  LlInputLog *self = LL_INPUT_LOG (object);
  GtkWidget *child;

  remove_capture (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  self->clicks_label = NULL;
  self->list = NULL;

  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (ll_input_log_parent_class)->dispose (object);
}

static void
ll_input_log_finalize (GObject *object)
{
  LlInputLog *self = LL_INPUT_LOG (object);

  g_clear_pointer (&self->records, g_array_unref);

  G_OBJECT_CLASS (ll_input_log_parent_class)->finalize (object);
}

static void
ll_input_log_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlInputLog *self = LL_INPUT_LOG (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_N_INPUTS:
      g_value_set_uint (value, self->n_inputs);
      break;

    case PROP_N_CLICKS:
      g_value_set_uint (value, self->n_clicks);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_input_log_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlInputLog *self = LL_INPUT_LOG (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_input_log_class_init (LlInputLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_input_log_dispose;
  object_class->finalize = ll_input_log_finalize;
  object_class->get_property = ll_input_log_get_property;
  object_class->set_property = ll_input_log_set_property;

  widget_class->map = ll_input_log_map;
  widget_class->unmap = ll_input_log_unmap;

  /**
   * LlInputLog:monitor:
   *
   * The loop monitor that traces the log's own handler, or %NULL.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         LL_TYPE_LOOP_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlInputLog:n-inputs:
   *
   * How many clicks and key presses the log has listed.
   */
  properties[PROP_N_INPUTS] =
    g_param_spec_uint ("n-inputs", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlInputLog:n-clicks:
   *
   * How many times a page's "Click me" button answered.
   */
  properties[PROP_N_CLICKS] =
    g_param_spec_uint ("n-clicks", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlInputLog::logged:
   *
   * Emitted after each event is listed.
   */
  signals[LOGGED] =
    g_signal_new ("logged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inputlog");
}

static void
ll_input_log_init (LlInputLog *self)
{
  GtkWidget *header;
  GtkWidget *heading;
  GtkWidget *placeholder;

  self->event_clock_offset = G_MININT64;
  self->records = g_array_sized_new (FALSE, FALSE, sizeof (Record), MAX_RECORDS);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  heading = gtk_label_new (_("Input events"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (header), heading);

  self->clicks_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->clicks_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->clicks_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->clicks_label), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->clicks_label));
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Input events"),
                                  -1);

  placeholder = gtk_label_new (_("Click or type in this window: each key press and click is listed with the time it waited in the queue."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

/**
 * ll_input_log_new:
 * @monitor: (nullable): a loop monitor to trace the log's handler on
 *
 * Returns: (transfer floating): a new, empty log
 */
GtkWidget *
ll_input_log_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (monitor == NULL || LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_INPUT_LOG, "monitor", monitor, NULL);
}

/**
 * ll_input_log_get_n_inputs:
 * @self: a #LlInputLog
 *
 * Returns: how many key presses and clicks the log has listed
 */
guint
ll_input_log_get_n_inputs (LlInputLog *self)
{
  g_return_val_if_fail (LL_IS_INPUT_LOG (self), 0);

  return self->n_inputs;
}

/**
 * ll_input_log_get_n_clicks:
 * @self: a #LlInputLog
 *
 * Returns: how many clicks of "Click me" ll_input_log_click_me() counted
 */
guint
ll_input_log_get_n_clicks (LlInputLog *self)
{
  g_return_val_if_fail (LL_IS_INPUT_LOG (self), 0);

  return self->n_clicks;
}

/**
 * ll_input_log_click_me:
 * @self: a #LlInputLog
 *
 * Counts one answer of a page's "Click me" button, and says so above
 * the list.  The click itself is listed like any other.
 */
void
ll_input_log_click_me (LlInputLog *self)
{
  g_return_if_fail (LL_IS_INPUT_LOG (self));

  self->n_clicks++;
  update_clicks_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLICKS]);
}

/**
 * ll_input_log_count_held:
 * @self: a #LlInputLog
 * @start: monotonic µs when a stall began
 * @end: monotonic µs when it ended
 * @longest_wait: (out) (optional): µs the longest of them waited
 *
 * Counts the events held back by a stall: those that were waiting in the
 * queue at some moment between @start and @end (queued before the loop
 * came back, handled after it stopped).
 *
 * Returns: how many of the remembered events
 */
guint
ll_input_log_count_held (LlInputLog *self,
                         gint64      start,
                         gint64      end,
                         gint64     *longest_wait)
{
  guint n = 0;
  gint64 longest = 0;

  g_return_val_if_fail (LL_IS_INPUT_LOG (self), 0);

  for (guint i = 0; i < self->records->len; i++)
    {
      const Record *record = &g_array_index (self->records, Record, i);

      /* Waiting at some moment of [start, end), and for a while: one
       * handled the instant the loop came back waited for it too. */
      if (record->queued_at < end && record->handled_at > start &&
          record->handled_at - record->queued_at >= G_TIME_SPAN_MILLISECOND)
        {
          n++;
          longest = MAX (longest, record->handled_at - record->queued_at);
        }
    }

  if (longest_wait != NULL)
    *longest_wait = longest;

  return n;
}
