/* ll-live-label.c: a one-line label for figures that change while you watch
 *
 * A GtkLabel whose text changes asks for a new size, and a new size is a
 * new layout of the whole window: every wrapping label measured again at
 * several widths, each time shaped again by Pango.  For the figures a
 * page refreshes twice a second ("lag now 0.4 ms · p99 …", "20 frames per
 * second") that was most of what an idle page cost beyond its drawing.
 *
 * An LlLiveLabel asks for the width of the widest text it has shown, so a
 * new text that is no wider is only drawn again, in place: no layout.
 * Only a wider one, or a change of style, asks for a new size.  Its
 * figures are tabular, so a changing number does not jiggle its
 * neighbours.  It styles as a GtkLabel does (its CSS name is "label"),
 * and reads as one to assistive technologies: a label whose name is its
 * text.  It is one line; with #LlLiveLabel:ellipsize it may be narrower
 * than its text and ends it with an ellipsis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-live-label"

#include "config.h"

#include "ll-draw.h"
#include "ll-live-label.h"

struct _LlLiveLabel
{
  GtkWidget parent_instance;

  /* owned */
  char        *text;
  PangoLayout *layout;    /* of text; NULL until needed, dropped on style changes */

  /* properties */
  float              xalign;
  PangoEllipsizeMode ellipsize;

  /* state */
  int widest;             /* px, the widest text shown with this layout */
};

G_DEFINE_FINAL_TYPE (LlLiveLabel, ll_live_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_XALIGN,
  PROP_ELLIPSIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static PangoLayout *
ensure_layout (LlLiveLabel *self)
{
  if (self->layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_attributes (self->layout, attrs);
      pango_layout_set_ellipsize (self->layout, self->ellipsize);
      pango_attr_list_unref (attrs);
      self->widest = 0;
    }

  return self->layout;
}

/* The width of the whole text, whatever the layout is ellipsized to. */
static int
text_width (LlLiveLabel *self)
{
  PangoLayout *layout = ensure_layout (self);
  int width = pango_layout_get_width (layout);
  int text_width;

  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  pango_layout_set_width (layout, width);

  return text_width;
}

static void
ll_live_label_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  LlLiveLabel *self = LL_LIVE_LABEL (widget);
  PangoLayout *layout = ensure_layout (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      self->widest = MAX (self->widest, text_width (self));
      *natural = self->widest;
      *minimum = self->ellipsize != PANGO_ELLIPSIZE_NONE ? 0 : self->widest;
    }
  else
    {
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      *minimum = *natural = logical.height;
      *minimum_baseline = *natural_baseline = pango_layout_get_baseline (layout) / PANGO_SCALE;
    }
}

static void
ll_live_label_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  LlLiveLabel *self = LL_LIVE_LABEL (widget);

  if (self->ellipsize != PANGO_ELLIPSIZE_NONE)
    pango_layout_set_width (ensure_layout (self), width * PANGO_SCALE);
}

static void
ll_live_label_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LlLiveLabel *self = LL_LIVE_LABEL (widget);
  PangoLayout *layout = ensure_layout (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float xalign = self->xalign;
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || self->text[0] == '\0')
    return;

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1.0f - xalign;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  ll_draw_layout_at (snapshot, layout,
                     (width - logical.width) * xalign - logical.x,
                     (height - logical.height) / 2.0,
                     &color);
}

static void
ll_live_label_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LlLiveLabel *self = LL_LIVE_LABEL (widget);

  GTK_WIDGET_CLASS (ll_live_label_parent_class)->css_changed (widget, change);

  /* The font may have changed: lay the text out afresh. */
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

static void
ll_live_label_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  g_clear_object (&LL_LIVE_LABEL (widget)->layout);
  gtk_widget_queue_resize (widget);
}

static void
ll_live_label_finalize (GObject *object)
{
  LlLiveLabel *self = (LlLiveLabel *)object;

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (ll_live_label_parent_class)->finalize (object);
}

static void
ll_live_label_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LlLiveLabel *self = LL_LIVE_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_XALIGN:
      g_value_set_float (value, self->xalign);
      break;

    case PROP_ELLIPSIZE:
      g_value_set_enum (value, self->ellipsize);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_live_label_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LlLiveLabel *self = LL_LIVE_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ll_live_label_set_text (self, g_value_get_string (value));
      break;

    case PROP_XALIGN:
      if (self->xalign != g_value_get_float (value))
        {
          self->xalign = g_value_get_float (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ELLIPSIZE:
      if (self->ellipsize != (PangoEllipsizeMode) g_value_get_enum (value))
        {
          self->ellipsize = g_value_get_enum (value);
          g_clear_object (&self->layout);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_live_label_class_init (LlLiveLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ll_live_label_finalize;
  object_class->get_property = ll_live_label_get_property;
  object_class->set_property = ll_live_label_set_property;

  widget_class->measure = ll_live_label_measure;
  widget_class->size_allocate = ll_live_label_size_allocate;
  widget_class->snapshot = ll_live_label_snapshot;
  widget_class->css_changed = ll_live_label_css_changed;
  widget_class->direction_changed = ll_live_label_direction_changed;

  /**
   * LlLiveLabel:text:
   *
   * The text shown, one line.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlLiveLabel:xalign:
   *
   * Where the text sits across the label's width: 0 at the start, 1 at
   * the end, as GtkLabel:xalign.
   */
  properties[PROP_XALIGN] =
    g_param_spec_float ("xalign", NULL, NULL,
                        0.0f, 1.0f, 0.5f,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlLiveLabel:ellipsize:
   *
   * Where to cut the text with an ellipsis when the label is given less
   * than its width; with %PANGO_ELLIPSIZE_NONE, it asks for its width.
   */
  properties[PROP_ELLIPSIZE] =
    g_param_spec_enum ("ellipsize", NULL, NULL,
                       PANGO_TYPE_ELLIPSIZE_MODE, PANGO_ELLIPSIZE_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
ll_live_label_init (LlLiveLabel *self)
{
  self->xalign = 0.5f;
}

/**
 * ll_live_label_new:
 * @text: (nullable): the text to show
 *
 * Returns: (transfer floating): a new #LlLiveLabel
 */
GtkWidget *
ll_live_label_new (const char *text)
{
  return g_object_new (LL_TYPE_LIVE_LABEL, "text", text, NULL);
}

/**
 * ll_live_label_get_text:
 * @self: a #LlLiveLabel
 *
 * Returns: (nullable): the text shown
 */
const char *
ll_live_label_get_text (LlLiveLabel *self)
{
  g_return_val_if_fail (LL_IS_LIVE_LABEL (self), NULL);

  return self->text;
}

/**
 * ll_live_label_set_text:
 * @self: a #LlLiveLabel
 * @text: (nullable): the text to show, one line
 *
 * Shows @text.  If it is no wider than the widest text shown before, the
 * label is only drawn again; else it asks for the new width.
 */
void
ll_live_label_set_text (LlLiveLabel *self,
                        const char  *text)
{
  g_return_if_fail (LL_IS_LIVE_LABEL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text != NULL ? self->text : "",
                                  -1);

  if (self->layout != NULL)
    {
      pango_layout_set_text (self->layout, self->text != NULL ? self->text : "", -1);
      if (text_width (self) > self->widest)
        gtk_widget_queue_resize (GTK_WIDGET (self));
      else
        gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    gtk_widget_queue_resize (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
