/* ll-sim-view.h: the base class of the coroutine demos' views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_TYPE_SIM_VIEW (ll_sim_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (LlSimView, ll_sim_view, LL, SIM_VIEW, GtkWidget)

/**
 * LlSimViewClass:
 * @parent_class: the parent class
 * @draw: draws the view with cairo; @fg is the widget's text colour
 * @frame: optional, called on every frame while the view ticks; returns
 *   whether it wants more frames
 * @snapshot: optional, draws the view with render nodes instead of @draw:
 *   for a view that redraws at every frame, where painting a cairo
 *   surface the size of the view would cost more than the drawing
 * @get_height: optional, the height the view asks for, when it depends
 *   on what it draws rather than on its class alone
 *
 * A view draws its model in @draw, and asks for a redraw when the model
 * changes; between two changes it draws nothing.
 */
struct _LlSimViewClass
{
  GtkWidgetClass parent_class;

  void     (*draw)       (LlSimView     *self,
                          cairo_t       *cr,
                          int            width,
                          int            height,
                          const GdkRGBA *fg);
  gboolean (*frame)      (LlSimView     *self,
                          gint64         frame_time);
  void     (*snapshot)   (LlSimView     *self,
                          GtkSnapshot   *snapshot,
                          int            width,
                          int            height,
                          const GdkRGBA *fg);
  int      (*get_height) (LlSimView     *self);

  /*< private >*/
  int      min_width;
  int      natural_width;
  int      height;
  gpointer padding[6];
};

/**
 * LlSimText:
 * @LL_SIM_TEXT_BODY: the widget's font
 * @LL_SIM_TEXT_SMALL: the widget's font at 85 %
 * @LL_SIM_TEXT_SMALL_BOLD: the same, bold
 * @LL_SIM_TEXT_NUMBER: large bold figures
 * @LL_SIM_TEXT_ITEM: large bold monospace, for items in boxes
 *
 * The kinds of text the views draw, each one layout kept for the life of
 * the view.
 */
typedef enum
{
  LL_SIM_TEXT_BODY,
  LL_SIM_TEXT_SMALL,
  LL_SIM_TEXT_SMALL_BOLD,
  LL_SIM_TEXT_NUMBER,
  LL_SIM_TEXT_ITEM,
  LL_SIM_N_TEXTS
} LlSimText;

/* The coroutine views' palette: one colour per coroutine, as the demos
 * pair them (the producer and coroutine A share the blue). */
extern const GdkRGBA ll_sim_blue;
extern const GdkRGBA ll_sim_green;
extern const GdkRGBA ll_sim_orange;
extern const GdkRGBA ll_sim_free_green;
extern const GdkRGBA ll_sim_amber;

void         ll_sim_view_class_set_size    (LlSimViewClass *klass,
                                            int             min_width,
                                            int             natural_width,
                                            int             height);

LlSimModel  *ll_sim_view_get_model         (LlSimView  *self);
void         ll_sim_view_set_model         (LlSimView  *self,
                                            LlSimModel *model);
PangoLayout *ll_sim_view_get_layout        (LlSimView *self,
                                            LlSimText  text);
void         ll_sim_view_animate           (LlSimView *self,
                                            gint64     duration);
double       ll_sim_view_get_progress      (LlSimView *self);
double       ll_sim_view_get_eased         (LlSimView *self);
void         ll_sim_view_start_ticking     (LlSimView *self);

G_END_DECLS
