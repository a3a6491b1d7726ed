/* test-wrap-box.c: LlWrapBox, children in a row that wraps
 *
 * Children of known sizes, in a window: what the box asks for, where it
 * puts them at a few widths, right to left too, and that a hidden child
 * takes no place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-wrap-box.h"

#include "ll-test-util.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *child[4];
} Fixture;

/* Four children, 100, 60, 80 and 40 px wide, 20 px high but the third
 * 30; 10 px between two on a line, 5 between lines. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const int widths[] = { 100, 60, 80, 40 };

  fixture->window = gtk_window_new ();
  fixture->box = ll_wrap_box_new ();
  ll_wrap_box_set_spacing (LL_WRAP_BOX (fixture->box), 10);
  ll_wrap_box_set_line_spacing (LL_WRAP_BOX (fixture->box), 5);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->child); i++)
    {
      fixture->child[i] = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_size_request (fixture->child[i], widths[i], i == 2 ? 30 : 20);
      gtk_widget_set_valign (fixture->child[i], GTK_ALIGN_START);
      ll_wrap_box_append (LL_WRAP_BOX (fixture->box), fixture->child[i]);
    }
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->box);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static void
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         int            *minimum,
         int            *natural)
{
  gtk_widget_measure (widget, orientation, for_size, minimum, natural, NULL, NULL);
}

/* Allocates the box @width px wide, as high as it asks to be. */
static void
allocate (Fixture *fixture,
          int      width)
{
  int height;

  measure (fixture->box, GTK_ORIENTATION_VERTICAL, width, &height, NULL);
  gtk_widget_size_allocate (fixture->box, &(GtkAllocation) { 0, 0, width, height }, -1);
}

static void
assert_at (Fixture *fixture,
           guint    i,
           double   x,
           double   y)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (fixture->child[i], fixture->box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, x);
  g_assert_cmpfloat (bounds.origin.y, ==, y);
}

/* It asks for its widest child, and hopes for all of them on a line. */
static void
test_measure (Fixture       *fixture,
              gconstpointer  data)
{
  int minimum, natural;

  g_assert_true (gtk_widget_get_request_mode (fixture->box) == GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);
  measure (fixture->box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural);
  g_assert_cmpint (minimum, ==, 100);
  g_assert_cmpint (natural, ==, 100 + 60 + 80 + 40 + 3 * 10);

  /* One line: the tallest child; two (100 + 60 | 80 + 40): 30 + 5 + 20... */
  measure (fixture->box, GTK_ORIENTATION_VERTICAL, 310, &minimum, &natural);
  g_assert_cmpint (minimum, ==, 30);
  g_assert_cmpint (natural, ==, 30);
  measure (fixture->box, GTK_ORIENTATION_VERTICAL, 170, &minimum, NULL);
  g_assert_cmpint (minimum, ==, 20 + 5 + 30);
  /* ...and one a line at its narrowest. */
  measure (fixture->box, GTK_ORIENTATION_VERTICAL, 100, &minimum, NULL);
  g_assert_cmpint (minimum, ==, 20 + 5 + 20 + 5 + 30 + 5 + 20);
}

static void
test_allocate (Fixture       *fixture,
               gconstpointer  data)
{
  allocate (fixture, 400);
  g_assert_cmpuint (ll_wrap_box_get_n_lines (LL_WRAP_BOX (fixture->box)), ==, 1);
  assert_at (fixture, 0, 0, 0);
  assert_at (fixture, 1, 110, 0);
  assert_at (fixture, 2, 180, 0);
  assert_at (fixture, 3, 270, 0);

  /* 100 + 10 + 60 fits 170 exactly; the next starts a line, 30 high. */
  allocate (fixture, 170);
  g_assert_cmpuint (ll_wrap_box_get_n_lines (LL_WRAP_BOX (fixture->box)), ==, 2);
  assert_at (fixture, 0, 0, 0);
  assert_at (fixture, 1, 110, 0);
  assert_at (fixture, 2, 0, 25);
  assert_at (fixture, 3, 90, 25);

  allocate (fixture, 169);
  g_assert_cmpuint (ll_wrap_box_get_n_lines (LL_WRAP_BOX (fixture->box)), ==, 3);
  assert_at (fixture, 1, 0, 25);
  assert_at (fixture, 2, 70, 25);
  assert_at (fixture, 3, 0, 60);
}

static void
test_right_to_left (Fixture       *fixture,
                    gconstpointer  data)
{
  gtk_widget_set_direction (fixture->box, GTK_TEXT_DIR_RTL);
  allocate (fixture, 170);
  assert_at (fixture, 0, 70, 0);
  assert_at (fixture, 1, 0, 0);
  assert_at (fixture, 2, 90, 25);
  assert_at (fixture, 3, 40, 25);
}

static void
test_hidden_child (Fixture       *fixture,
                   gconstpointer  data)
{
  int minimum, natural;

  gtk_widget_set_visible (fixture->child[0], FALSE);
  measure (fixture->box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural);
  g_assert_cmpint (minimum, ==, 80);
  g_assert_cmpint (natural, ==, 60 + 80 + 40 + 2 * 10);
  allocate (fixture, 150);
  assert_at (fixture, 1, 0, 0);
  assert_at (fixture, 2, 70, 0);
  assert_at (fixture, 3, 0, 35);

  ll_wrap_box_remove (LL_WRAP_BOX (fixture->box), fixture->child[3]);
  measure (fixture->box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural);
  g_assert_cmpint (natural, ==, 60 + 80 + 10);
}

/* Tab goes through the children in reading order, line after line. */
static void
test_keyboard (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = ll_wrap_box_new ();
  GtkWidget *buttons[4];
  int width;

  ll_wrap_box_set_spacing (LL_WRAP_BOX (box), 10);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      g_autofree char *label = g_strdup_printf ("Button %u", i);

      buttons[i] = gtk_button_new_with_label (label);
      ll_wrap_box_append (LL_WRAP_BOX (box), buttons[i]);
    }
  /* Two on a line. */
  gtk_widget_measure (buttons[0], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_set_size_request (box, 2 * width + 10, -1);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1, 1);
  gtk_window_present (GTK_WINDOW (window));
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (buttons[3]) && gtk_widget_get_width (buttons[3]) > 0, 10);
  ll_test_spin (50);
  g_assert_cmpuint (ll_wrap_box_get_n_lines (LL_WRAP_BOX (box)), ==, 2);

  gtk_widget_grab_focus (buttons[0]);
  for (guint i = 1; i < G_N_ELEMENTS (buttons); i++)
    {
      g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
      g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == buttons[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* From a .ui file, as the pages build it. */
static void
test_builder (void)
{
  const char *ui =
    "<interface>"
    "  <object class='LlWrapBox' id='box'>"
    "    <property name='spacing'>12</property>"
    "    <property name='line-spacing'>6</property>"
    "    <child><object class='GtkLabel' id='a'><property name='label'>A</property></object></child>"
    "    <child><object class='GtkLabel' id='b'><property name='label'>B</property></object></child>"
    "  </object>"
    "</interface>";
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GObject *box;

  g_type_ensure (LL_TYPE_WRAP_BOX);
  g_assert_true (gtk_builder_add_from_string (builder, ui, -1, &error));
  g_assert_no_error (error);
  box = gtk_builder_get_object (builder, "box");
  g_assert_cmpint (ll_wrap_box_get_spacing (LL_WRAP_BOX (box)), ==, 12);
  g_assert_cmpint (ll_wrap_box_get_line_spacing (LL_WRAP_BOX (box)), ==, 6);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (gtk_builder_get_object (builder, "b"))) == GTK_WIDGET (box));
  g_assert_true (gtk_widget_get_next_sibling (GTK_WIDGET (gtk_builder_get_object (builder, "a"))) ==
                 GTK_WIDGET (gtk_builder_get_object (builder, "b")));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/looplab/wrap-box/measure", Fixture, NULL, fixture_set_up, test_measure, fixture_tear_down);
  g_test_add ("/looplab/wrap-box/allocate", Fixture, NULL, fixture_set_up, test_allocate, fixture_tear_down);
  g_test_add ("/looplab/wrap-box/right-to-left", Fixture, NULL, fixture_set_up, test_right_to_left,
              fixture_tear_down);
  g_test_add ("/looplab/wrap-box/hidden-child", Fixture, NULL, fixture_set_up, test_hidden_child,
              fixture_tear_down);
  g_test_add_func ("/looplab/wrap-box/keyboard", test_keyboard);
  g_test_add_func ("/looplab/wrap-box/builder", test_builder);

  return g_test_run ();
}
