/* ll-wrap-box.c: children in a row that wraps, like words
 *
 * A page's controls sit in a row above its view, beside the heart.  A
 * GtkBox asks for the width of all of them together, and a row that
 * does not fit made the window cut off the page's Info tab (the server
 * page's two rows took 774 px, with 474 px to hold them at the window's
 * default size; Chinese labels are wider still).  An LlWrapBox asks
 * only for its widest child and lays the children out left to right,
 * each at its natural width, starting a new line where the next one
 * does not fit: on a wide window one line, on a narrow one a few.  A
 * child that belongs with another (a label and its spin button) goes in
 * a GtkBox of its own, so that a line never comes between them.
 *
 * Lines are as high as their tallest child, which is placed in it by
 * its own valign; a child wider than the whole box gets the box's
 * width, or its minimum if that is more.  GTK 4.8 has no such
 * container (GtkFlowBox aligns its children in columns, and makes each
 * one a focusable, selectable item).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-wrap-box"

#include "config.h"

#include "ll-wrap-box.h"

struct _LlWrapBox
{
  GtkWidget parent_instance;

  int   spacing;        /* px between two children of a line */
  int   line_spacing;   /* px between two lines */
  guint n_lines;        /* at the last allocation */
};

static void ll_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LlWrapBox, ll_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ll_wrap_box_buildable_init))

enum {
  PROP_0,
  PROP_SPACING,
  PROP_LINE_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

/* One child's place, as the lines are filled. */
typedef struct
{
  GtkWidget *child;
  int        width;
  int        height;
  guint      line;
} Place;

static int
child_width (GtkWidget *child,
             int        width)
{
  int minimum, natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);

  return width < 0 ? natural : MAX (minimum, MIN (natural, width));
}

/* Fills the lines for @width (-1: all on one line); returns the places
 * of the visible children, and the height of each line. */
static GArray *
lay_out (LlWrapBox  *self,
         int         width,
         GArray    **line_heights)
{
  GArray *places = g_array_new (FALSE, FALSE, sizeof (Place));
  int x = 0;
  guint line = 0;

  *line_heights = g_array_new (FALSE, TRUE, sizeof (int));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Place place = { child, 0, 0, 0 };
      int height;

      if (!gtk_widget_should_layout (child))
        continue;

      place.width = child_width (child, width);
      if (places->len > 0 && width >= 0 && x + self->spacing + place.width > width)
        {
          line++;
          x = 0;
        }
      else if (places->len > 0)
        {
          x += self->spacing;
        }
      x += place.width;
      place.line = line;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, place.width, NULL, &height, NULL, NULL);
      place.height = height;
      if ((*line_heights)->len <= line)
        g_array_set_size (*line_heights, line + 1);
      g_array_index (*line_heights, int, line) = MAX (g_array_index (*line_heights, int, line), height);
      g_array_append_val (places, place);
    }

  return places;
}

static GtkSizeRequestMode
ll_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ll_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  LlWrapBox *self = LL_WRAP_BOX (widget);

  *minimum = 0;
  *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = 0;

      /* The widest child at least; all of them on one line at best. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum, child_natural;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural += child_natural + (n > 0 ? self->spacing : 0);
          n++;
        }
    }
  else
    {
      g_autoptr(GArray) line_heights = NULL;
      g_autoptr(GArray) places = lay_out (self, for_size, &line_heights);

      for (guint i = 0; i < line_heights->len; i++)
        *minimum += g_array_index (line_heights, int, i) + (i > 0 ? self->line_spacing : 0);
      *natural = *minimum;
    }
}

static void
ll_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  LlWrapBox *self = LL_WRAP_BOX (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autoptr(GArray) line_heights = NULL;
  g_autoptr(GArray) places = lay_out (self, width, &line_heights);
  int x = 0, y = 0;
  guint line = 0;

  for (guint i = 0; i < places->len; i++)
    {
      const Place *place = &g_array_index (places, Place, i);
      int line_height;

      if (place->line != line)
        {
          y += g_array_index (line_heights, int, line) + self->line_spacing;
          line = place->line;
          x = 0;
        }
      line_height = g_array_index (line_heights, int, line);
      gtk_widget_size_allocate (place->child,
                                &(GtkAllocation) { rtl ? width - x - place->width : x, y,
                                                   place->width, line_height },
                                -1);
      x += place->width + self->spacing;
    }

  self->n_lines = line_heights->len;
}

static void
ll_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder   *builder,
                                 GObject      *child,
                                 const char   *type)
{
  if (GTK_IS_WIDGET (child))
    ll_wrap_box_append (LL_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ll_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ll_wrap_box_buildable_add_child;
}

static void
ll_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ll_wrap_box_parent_class)->dispose (object);
}

static void
ll_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LlWrapBox *self = LL_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    case PROP_LINE_SPACING:
      g_value_set_int (value, self->line_spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LlWrapBox *self = LL_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      ll_wrap_box_set_spacing (self, g_value_get_int (value));
      break;

    case PROP_LINE_SPACING:
      ll_wrap_box_set_line_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_wrap_box_class_init (LlWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_wrap_box_dispose;
  object_class->get_property = ll_wrap_box_get_property;
  object_class->set_property = ll_wrap_box_set_property;

  widget_class->get_request_mode = ll_wrap_box_get_request_mode;
  widget_class->measure = ll_wrap_box_measure;
  widget_class->size_allocate = ll_wrap_box_size_allocate;

  /**
   * LlWrapBox:spacing:
   *
   * Pixels between two children on one line.
   */
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LlWrapBox:line-spacing:
   *
   * Pixels between two lines.
   */
  properties[PROP_LINE_SPACING] =
    g_param_spec_int ("line-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ll_wrap_box_init (LlWrapBox *self)
{
}

/**
 * ll_wrap_box_new:
 *
 * Returns: (transfer floating): a wrap box with no children
 */
GtkWidget *
ll_wrap_box_new (void)
{
  return g_object_new (LL_TYPE_WRAP_BOX, NULL);
}

/**
 * ll_wrap_box_append:
 * @self: a wrap box
 * @child: a widget with no parent
 *
 * Puts @child after the others.
 */
void
ll_wrap_box_append (LlWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (LL_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

/**
 * ll_wrap_box_remove:
 * @self: a wrap box
 * @child: one of its children
 */
void
ll_wrap_box_remove (LlWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (LL_IS_WRAP_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  gtk_widget_unparent (child);
}

int
ll_wrap_box_get_spacing (LlWrapBox *self)
{
  g_return_val_if_fail (LL_IS_WRAP_BOX (self), 0);

  return self->spacing;
}

void
ll_wrap_box_set_spacing (LlWrapBox *self,
                         int        spacing)
{
  g_return_if_fail (LL_IS_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

int
ll_wrap_box_get_line_spacing (LlWrapBox *self)
{
  g_return_val_if_fail (LL_IS_WRAP_BOX (self), 0);

  return self->line_spacing;
}

void
ll_wrap_box_set_line_spacing (LlWrapBox *self,
                              int        line_spacing)
{
  g_return_if_fail (LL_IS_WRAP_BOX (self));
  g_return_if_fail (line_spacing >= 0);

  if (self->line_spacing == line_spacing)
    return;

  self->line_spacing = line_spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_SPACING]);
}

/**
 * ll_wrap_box_get_n_lines:
 * @self: a wrap box
 *
 * Returns: how many lines the children took at the last allocation
 */
guint
ll_wrap_box_get_n_lines (LlWrapBox *self)
{
  g_return_val_if_fail (LL_IS_WRAP_BOX (self), 0);

  return self->n_lines;
}
