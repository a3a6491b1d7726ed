/* ll-courier-view.c: couriers on their roads, animated on the frame clock
 *
 * The package centre on the left, with its queue of waiting parcels and,
 * while it pauses, how long it still rests; the addresses on the right;
 * between them one road per courier.  A courier sets off with the
 * numbered parcels it took and travels for as long as the model says a
 * delivery takes: the last parcel of a trip there and back again, any
 * other from door to door.  Where a courier is comes from the model's
 * clock time, read at every frame, so the picture moves smoothly between
 * the model's events and stops dead when the loop does.
 *
 * The view keeps only what it needs to draw, built from the model's
 * events; the model owns the run.  Its model, ticking and size come
 * from LlSimView; unlike the other coroutine views it draws with render
 * nodes (the snapshot vfunc), and its model changes with every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-courier-view.h"
#include "ll-draw.h"

#define CENTRE_WIDTH     150.0
#define ADDRESS_WIDTH    124.0
#define HEADER_HEIGHT    26.0
#define MIN_LANE         18.0
#define MAX_LANE         38.0
#define QUEUE_CELL_W     26.0
#define QUEUE_CELL_H     17.0
#define DELIVERED_FADE   1.5      /* units a delivered number stays at its door */
#define MAX_LAYOUTS      4096

typedef struct
{
  int      trip[LL_COURIER_MODEL_MAX_CAPACITY];   /* the trip's parcels, -1 once delivered */
  guint    trip_len;
  guint    carried;
  int      delivering;       /* the parcel on its way, or -1 */
  double   start;            /* the delivery's start, in model units */
  double   duration;
  gboolean last;             /* the trip's last parcel: there and back */
  double   x0;               /* where the leg starts, 0 (centre) to 1 (door) */
  gboolean at_door;          /* between two parcels of a trip */
  int      last_delivered;
  double   delivered_at;
} Courier;

struct _LlCourierView
{
  LlSimView parent_instance;

  /* owned references */
  GSignalGroup   *model_signals;  /* on the base's model */
  GHashTable     *layouts;        /* text -> PangoLayout */
  GskRenderNode  *background;     /* what does not move, drawn once per size */
  int             background_width;
  int             background_height;
  guint           background_couriers;
  GQueue          queue;          /* waiting parcel numbers, as GINT_TO_POINTER */

  /* what the events told */
  Courier         couriers[LL_COURIER_MODEL_MAX_COURIERS];
  guint           n_couriers;
  gboolean        centre_paused;
  double          pause_start;
  double          pause_duration;
  gboolean        finished;

  /* animation */
  double          now;            /* the model's clock time at the last tick */
  guint64         n_frames;
};

G_DEFINE_FINAL_TYPE (LlCourierView, ll_courier_view, LL_TYPE_SIM_VIEW)

/* A colour per courier, from the GNOME palette. */
static const GdkRGBA palette[] = {
  { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1.0 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0, 1.0 },
  { 0xc6 / 255.0, 0x46 / 255.0, 0x00 / 255.0, 1.0 },
  { 0x81 / 255.0, 0x3d / 255.0, 0x9c / 255.0, 1.0 },
  { 0xa5 / 255.0, 0x1d / 255.0, 0x2d / 255.0, 1.0 },
  { 0x98 / 255.0, 0x6a / 255.0, 0x44 / 255.0, 1.0 },
  { 0x2a / 255.0, 0x7e / 255.0, 0x8a / 255.0, 1.0 },
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0, 1.0 },
};

static const GdkRGBA parcel_color = { 0xcd / 255.0, 0x9f / 255.0, 0x6a / 255.0, 1.0 };
static const GdkRGBA parcel_edge = { 0x86 / 255.0, 0x5e / 255.0, 0x3c / 255.0, 1.0 };

static inline LlCourierModel *
get_model (LlCourierView *self)
{
  return (LlCourierModel *) ll_sim_view_get_model (LL_SIM_VIEW (self));
}

static PangoLayout *
get_layout (LlCourierView *self,
            const char    *text,
            gboolean       small)
{
  g_autofree char *key = g_strdup_printf ("%c%s", small ? 's' : 'n', text);
  PangoLayout *layout = g_hash_table_lookup (self->layouts, key);

  if (layout == NULL)
    {
      if (g_hash_table_size (self->layouts) >= MAX_LAYOUTS)
        g_hash_table_remove_all (self->layouts);

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      if (small)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_X_SMALL));
          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
        }
      g_hash_table_insert (self->layouts, g_steal_pointer (&key), layout);
    }

  return layout;
}

/* The state of the picture */

static void
reset_state (LlCourierView *self)
{
  g_queue_clear (&self->queue);
  memset (self->couriers, 0, sizeof self->couriers);
  for (guint i = 0; i < G_N_ELEMENTS (self->couriers); i++)
    {
      self->couriers[i].delivering = -1;
      self->couriers[i].last_delivered = -1;
    }
  self->n_couriers = get_model (self) != NULL ? (guint) ll_courier_model_get_config (get_model (self))->n_couriers : 1;
  self->centre_paused = FALSE;
  self->finished = FALSE;
  self->now = 0;
}

static double
courier_x (const Courier *courier,
           double         now)
{
  double p;

  if (courier->delivering < 0)
    return courier->at_door ? 1.0 : 0.0;

  p = courier->duration > 0 ? CLAMP ((now - courier->start) / courier->duration, 0.0, 1.0) : 1.0;
  if (!courier->last)
    return courier->x0 + (1.0 - courier->x0) * p;

  /* The trip's last parcel: out to the door, then back to the centre. */
  if (p < 0.5)
    return courier->x0 + (1.0 - courier->x0) * p * 2.0;
  return 1.0 - (p - 0.5) * 2.0;
}

static void
event_cb (LlCourierView        *self,
          const LlCourierEvent *event)
{
  Courier *courier = event->courier >= 0 ? &self->couriers[event->courier] : NULL;

  switch (event->kind)
    {
    case LL_COURIER_EVENT_QUEUED:
      g_queue_push_tail (&self->queue, GINT_TO_POINTER (event->parcel));
      break;

    case LL_COURIER_EVENT_PICKED_UP:
      /* The model takes parcels from the head of its queue, in order. */
      g_queue_remove (&self->queue, GINT_TO_POINTER (event->parcel));
      if (courier->carried == 0)
        courier->trip_len = 0;
      if (courier->trip_len < G_N_ELEMENTS (courier->trip))
        courier->trip[courier->trip_len++] = event->parcel;
      courier->carried++;
      courier->at_door = FALSE;
      break;

    case LL_COURIER_EVENT_DELIVERING:
      courier->x0 = courier->at_door ? 1.0 : 0.0;
      courier->delivering = event->parcel;
      courier->start = event->time;
      courier->duration = event->duration;
      courier->last = courier->carried == 1;
      break;

    case LL_COURIER_EVENT_DELIVERED:
      for (guint k = 0; k < courier->trip_len; k++)
        {
          if (courier->trip[k] == event->parcel)
            courier->trip[k] = -1;
        }
      courier->carried--;
      courier->at_door = courier->carried > 0;
      courier->delivering = -1;
      courier->last_delivered = event->parcel;
      courier->delivered_at = event->time;
      break;

    case LL_COURIER_EVENT_PAUSED:
      self->centre_paused = TRUE;
      self->pause_start = event->time;
      self->pause_duration = event->duration;
      break;

    case LL_COURIER_EVENT_RESUMED:
      self->centre_paused = FALSE;
      break;

    case LL_COURIER_EVENT_FINISHED:
      self->finished = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case LL_COURIER_EVENT_PRODUCED:
    default:
      break;
    }
}

/* The animation: the model's clock at every frame of a run */

static gboolean
ll_courier_view_frame (LlSimView *view,
                       gint64     frame_time)
{
  LlCourierView *self = LL_COURIER_VIEW (view);
  LlCourierModel *model = get_model (self);

  if (model == NULL)
    return FALSE;

  self->now = ll_courier_model_get_clock_time (model);
  return ll_sim_model_get_running (LL_SIM_MODEL (model));
}

static void
running_cb (LlCourierView *self)
{
  LlCourierModel *model = get_model (self);

  if (!ll_sim_model_get_running (LL_SIM_MODEL (model)))
    return;

  if (ll_courier_model_get_n_produced (model) == 0)
    {
      reset_state (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  ll_sim_view_start_ticking (LL_SIM_VIEW (self));
}

/* A model for the next run: the picture starts empty. */
static void
model_cb (LlCourierView *self)
{
  LlCourierModel *model = get_model (self);

  if (self->model_signals == NULL)   /* disposed */
    return;

  g_signal_group_set_target (self->model_signals, model);
  reset_state (self);
  if (model != NULL && ll_sim_model_get_running (LL_SIM_MODEL (model)))
    ll_sim_view_start_ticking (LL_SIM_VIEW (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Drawing: render nodes of their own (colours, borders, text), no
 * cairo surface: at 60 frames a second, painting a surface the size of
 * the view would cost more than everything else together. */

static void
draw_text (LlCourierView  *self,
           GtkSnapshot    *snapshot,
           const char     *text,
           gboolean        small,
           double          x,
           double          y,
           double          xalign,
           const GdkRGBA  *color)
{
  PangoLayout *layout = get_layout (self, text, small);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  ll_draw_layout_at (snapshot, layout, x - xalign * width, y - height / 2.0, color);
}

static void
fill_rounded (GtkSnapshot   *snapshot,
              double         x,
              double         y,
              double         w,
              double         h,
              double         radius,
              const GdkRGBA *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x, y, w, h), MIN (radius, MIN (w, h) / 2.0));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
outline_rounded (GtkSnapshot   *snapshot,
                 double         x,
                 double         y,
                 double         w,
                 double         h,
                 double         radius,
                 const GdkRGBA *color)
{
  GskRoundedRect rounded;
  const float widths[4] = { 1, 1, 1, 1 };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x, y, w, h), MIN (radius, MIN (w, h) / 2.0));
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  return (GdkRGBA) { color->red, color->green, color->blue, color->alpha * alpha };
}

static double
lane_height (LlCourierView *self,
             double         height)
{
  return CLAMP ((height - HEADER_HEIGHT - 6) / MAX (self->n_couriers, 1), MIN_LANE, MAX_LANE);
}

static void
draw_parcel (LlCourierView *self,
             GtkSnapshot   *snapshot,
             int            parcel,
             double         cx,
             double         cy,
             double         w,
             double         h)
{
  static const GdkRGBA ink = { 0.15, 0.1, 0.05, 1.0 };
  char text[16];

  fill_rounded (snapshot, cx - w / 2, cy - h / 2, w, h, 2.5, &parcel_color);
  outline_rounded (snapshot, cx - w / 2, cy - h / 2, w, h, 2.5, &parcel_edge);

  g_snprintf (text, sizeof text, "%d", parcel);
  draw_text (self, snapshot, text, TRUE, cx, cy, 0.5, &ink);
}

static void
draw_centre (LlCourierView *self,
             GtkSnapshot   *snapshot,
             const GdkRGBA *fg,
             double         height)
{
  double x = 4, y = HEADER_HEIGHT, w = CENTRE_WIDTH - 12, h = height - HEADER_HEIGHT - 4;
  guint columns = (guint) ((w - 12) / QUEUE_CELL_W);
  guint rows = (guint) MAX (1, (h - 52) / (QUEUE_CELL_H + 3));
  guint shown = 0;
  guint n_waiting = g_queue_get_length (&self->queue);
  GdkRGBA dim = with_alpha (fg, 0.6);
  GdkRGBA strong = with_alpha (fg, 0.9);
  char text[64];

  /* The queue, oldest first, as many as fit. */
  g_snprintf (text, sizeof text, _("queue: %u"), n_waiting);
  draw_text (self, snapshot, text, TRUE, x + 8, y + 12, 0.0, &dim);

  for (GList *l = self->queue.head; l != NULL && shown < columns * rows; l = l->next, shown++)
    {
      guint col = shown % columns;
      guint row = shown / columns;
      double cx = x + 8 + col * QUEUE_CELL_W + QUEUE_CELL_W / 2;
      double cy = y + 28 + row * (QUEUE_CELL_H + 3) + QUEUE_CELL_H / 2;

      if (shown + 1 == columns * rows && l->next != NULL)
        {
          g_snprintf (text, sizeof text, "+%u", n_waiting - shown);
          draw_text (self, snapshot, text, TRUE, cx, cy, 0.5, &strong);
          break;
        }
      draw_parcel (self, snapshot, GPOINTER_TO_INT (l->data), cx, cy, QUEUE_CELL_W - 3, QUEUE_CELL_H);
    }

  /* The pause after every ten parcels: how much of it is left. */
  if (self->centre_paused)
    {
      static const GdkRGBA amber = { 0.9, 0.65, 0.04, 0.9 };
      static const GdkRGBA amber_faint = { 0.9, 0.65, 0.04, 0.25 };
      double left = MAX (0.0, self->pause_start + self->pause_duration - self->now);
      double done = self->pause_duration > 0 ? 1.0 - left / self->pause_duration : 1.0;
      double by = y + h - 22;

      fill_rounded (snapshot, x + 8, by, w - 16, 14, 4, &amber_faint);
      if (done > 0)
        fill_rounded (snapshot, x + 8, by, (w - 16) * CLAMP (done, 0.0, 1.0), 14, 4, &amber);
      g_snprintf (text, sizeof text, _("resting: %.0f units left"), ceil (left));
      draw_text (self, snapshot, text, TRUE, x + w / 2, by - 9, 0.5, &strong);
    }
  else if (self->finished)
    {
      draw_text (self, snapshot, _("all delivered"), TRUE, x + w / 2, y + h - 14, 0.5, &dim);
    }
}

/* The centre's walls, the roads and the doors: the same from frame to
 * frame, so drawn once into a node that every frame reuses. */
static GskRenderNode *
create_background (LlCourierView *self,
                   const GdkRGBA *fg,
                   double         width,
                   double         height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  double lane = lane_height (self, height);
  double road_x1 = width - ADDRESS_WIDTH;
  GdkRGBA faint = with_alpha (fg, 0.06);
  GdkRGBA edge = with_alpha (fg, 0.25);
  GdkRGBA strong = with_alpha (fg, 0.9);
  GdkRGBA road = with_alpha (fg, 0.15);
  GdkRGBA door = with_alpha (fg, 0.14);

  fill_rounded (snapshot, 4, HEADER_HEIGHT, CENTRE_WIDTH - 12, height - HEADER_HEIGHT - 4, 10, &faint);
  outline_rounded (snapshot, 4, HEADER_HEIGHT, CENTRE_WIDTH - 12, height - HEADER_HEIGHT - 4, 10, &edge);
  draw_text (self, snapshot, _("Package centre"), FALSE, 4 + (CENTRE_WIDTH - 12) / 2, 10, 0.5, &strong);
  draw_text (self, snapshot, _("Addresses"), FALSE, road_x1 + ADDRESS_WIDTH / 2, 10, 0.5, &strong);

  for (guint i = 0; i < self->n_couriers; i++)
    {
      double cy = HEADER_HEIGHT + (i + 0.5) * lane;
      double radius = MIN (lane * 0.36, 11.0);

      gtk_snapshot_append_color (snapshot, &road, &GRAPHENE_RECT_INIT (CENTRE_WIDTH, cy - 0.5, road_x1 - CENTRE_WIDTH, 1));
      fill_rounded (snapshot, road_x1 + 6, cy - radius, 2 * radius, 2 * radius, 2, &door);
    }

  return gtk_snapshot_free_to_node (snapshot);
}

static void
ll_courier_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  LlCourierView *self = LL_COURIER_VIEW (widget);

  GTK_WIDGET_CLASS (ll_courier_view_parent_class)->css_changed (widget, change);

  /* Colours or fonts may have changed: draw everything afresh. */
  g_clear_pointer (&self->background, gsk_render_node_unref);
  g_hash_table_remove_all (self->layouts);
}

static void
ll_courier_view_snapshot (LlSimView     *view,
                          GtkSnapshot   *snapshot,
                          int            width,
                          int            height,
                          const GdkRGBA *fg)
{
  LlCourierView *self = LL_COURIER_VIEW (view);
  LlCourierModel *model = get_model (self);
  double lane = lane_height (self, height);
  double road_x0 = CENTRE_WIDTH;
  double road_x1 = width - ADDRESS_WIDTH;
  double model_time = model != NULL ? MAX (ll_courier_model_get_time (model), 1) : 1;
  gboolean started = model != NULL && ll_courier_model_get_n_produced (model) > 0 &&
                     self->n_couriers <= (guint) ll_courier_model_get_config (model)->n_couriers;
  static const GdkRGBA white = { 1, 1, 1, 1 };
  guint capacity = model != NULL ? (guint) ll_courier_model_get_config (model)->capacity : 1;

  self->n_frames++;

  if (self->background == NULL || self->background_width != width ||
      self->background_height != height || self->background_couriers != self->n_couriers)
    {
      g_clear_pointer (&self->background, gsk_render_node_unref);
      self->background = create_background (self, fg, width, height);
      self->background_width = width;
      self->background_height = height;
      self->background_couriers = self->n_couriers;
    }
  if (self->background != NULL)
    gtk_snapshot_append_node (snapshot, self->background);

  draw_centre (self, snapshot, fg, height);

  for (guint i = 0; i < self->n_couriers; i++)
    {
      Courier *courier = &self->couriers[i];
      const GdkRGBA *color = &palette[i % G_N_ELEMENTS (palette)];
      double cy = HEADER_HEIGHT + (i + 0.5) * lane;
      double radius = MIN (lane * 0.36, 11.0);
      double parcel_w = MIN (22, radius * 2.0);
      double cart = capacity * (parcel_w + 2) + 4;
      double x = road_x0 + 14 + cart + (road_x1 - road_x0 - 28 - cart) * courier_x (courier, self->now);
      double parcel_h = MIN (15, lane - 4);
      double door_x = road_x1 + 6 + radius;
      const char *name = model != NULL ? ll_courier_model_get_courier_name (model, i) : "";
      char text[64];
      guint busy = 0;
      guint k = 0;

      /* Who drives this road, and how busy it has been. */
      if (started)
        busy = ll_courier_model_get_courier_busy_time (model, i);
      g_snprintf (text, sizeof text, "%s %.0f%%", name, MIN (100.0, 100.0 * busy / model_time));
      draw_text (self, snapshot, text, TRUE, road_x1 + 12 + 2 * radius, cy, 0.0, color);

      /* The parcel just handed over, fading at the door. */
      if (courier->last_delivered >= 0 && self->now - courier->delivered_at < DELIVERED_FADE)
        {
          gtk_snapshot_push_opacity (snapshot, CLAMP (1.0 - (self->now - courier->delivered_at) / DELIVERED_FADE, 0.0, 1.0));
          draw_parcel (self, snapshot, courier->last_delivered, door_x, cy + 1, parcel_w + 2, parcel_h);
          gtk_snapshot_pop (snapshot);
        }

      /* What it carries, in tow.  The trip's last parcel is at the
       * door from half-way on. */
      for (guint p = 0; p < courier->trip_len; p++)
        {
          int parcel = courier->trip[p];

          if (parcel < 0)
            continue;

          if (parcel == courier->delivering && courier->last && courier->duration > 0 &&
              (self->now - courier->start) / courier->duration >= 0.5)
            {
              draw_parcel (self, snapshot, parcel, door_x, cy + 1, parcel_w + 2, parcel_h);
              continue;
            }

          draw_parcel (self, snapshot, parcel, x - radius - 3 - (k + 0.5) * (parcel_w + 2), cy + 1, parcel_w, parcel_h);
          k++;
        }

      /* The courier: a disc with the first character of the name. */
      fill_rounded (snapshot, x - radius, cy - radius, 2 * radius, 2 * radius, radius, color);
      if (name[0] != '\0')
        {
          char initial[8] = { 0 };

          g_utf8_strncpy (initial, name, 1);
          draw_text (self, snapshot, initial, lane < 24, x, cy, 0.5, &white);
        }
    }
}

/* In a scrolled window a widget gets its minimum height: ask for room
 * for every road. */
static int
ll_courier_view_get_height (LlSimView *view)
{
  LlCourierView *self = LL_COURIER_VIEW (view);

  return (int) CLAMP (HEADER_HEIGHT + 10 + self->n_couriers * 22.0, 250.0, 500.0);
}

static void
ll_courier_view_dispose (GObject *object)
{
  LlCourierView *self = LL_COURIER_VIEW (object);

  g_clear_object (&self->model_signals);

  G_OBJECT_CLASS (ll_courier_view_parent_class)->dispose (object);
}

static void
ll_courier_view_finalize (GObject *object)
{
  LlCourierView *self = LL_COURIER_VIEW (object);

  g_queue_clear (&self->queue);
  g_hash_table_unref (self->layouts);
  g_clear_pointer (&self->background, gsk_render_node_unref);

  G_OBJECT_CLASS (ll_courier_view_parent_class)->finalize (object);
}

static void
ll_courier_view_class_init (LlCourierViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->dispose = ll_courier_view_dispose;
  object_class->finalize = ll_courier_view_finalize;

  widget_class->css_changed = ll_courier_view_css_changed;

  view_class->snapshot = ll_courier_view_snapshot;
  view_class->frame = ll_courier_view_frame;
  view_class->get_height = ll_courier_view_get_height;
  ll_sim_view_class_set_size (view_class,
                              (int) (CENTRE_WIDTH + ADDRESS_WIDTH + 200),
                              (int) (CENTRE_WIDTH + ADDRESS_WIDTH + 360),
                              0);   /* get_height's */

  gtk_widget_class_set_css_name (widget_class, "courierview");
}

static void
ll_courier_view_init (LlCourierView *self)
{
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->queue);
  reset_state (self);

  self->model_signals = g_signal_group_new (LL_TYPE_COURIER_MODEL);
  g_signal_group_connect_swapped (self->model_signals, "event", G_CALLBACK (event_cb), self);
  g_signal_group_connect_swapped (self->model_signals, "notify::running", G_CALLBACK (running_cb), self);
  g_signal_connect (self, "notify::model", G_CALLBACK (model_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Couriers delivering parcels from the package centre"),
                                  -1);
}

/**
 * ll_courier_view_new:
 *
 * Returns: (transfer floating): a new view, without a model
 */
GtkWidget *
ll_courier_view_new (void)
{
  return g_object_new (LL_TYPE_COURIER_VIEW, NULL);
}

/**
 * ll_courier_view_set_model:
 * @self: a view
 * @model: (nullable): the model to draw
 *
 * Draws @model from its next start on; the picture starts empty.
 */
void
ll_courier_view_set_model (LlCourierView  *self,
                           LlCourierModel *model)
{
  g_return_if_fail (LL_IS_COURIER_VIEW (self));
  g_return_if_fail (model == NULL || LL_IS_COURIER_MODEL (model));

  ll_sim_view_set_model (LL_SIM_VIEW (self), LL_SIM_MODEL (model));
}

/**
 * ll_courier_view_get_n_frames:
 * @self: a view
 *
 * Returns: how many frames it has drawn
 */
guint64
ll_courier_view_get_n_frames (LlCourierView *self)
{
  g_return_val_if_fail (LL_IS_COURIER_VIEW (self), 0);

  return self->n_frames;
}
