/* test-gio-chain.c: "The two-way message" page, driven by its controls
 *
 * A small copy stepped message by message, each one on the diagram in
 * the order the model made it and its C line highlighted in the Source
 * tab; both styles give the same bytes; a copy cancelled mid-way leaves
 * no file and says how far it got; a full disk says so; leaving the page
 * mid-copy is clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ll-application.h"
#include "ll-gio-chain-page.h"
#include "ll-gio-chain-view.h"
#include "ll-window.h"

#include "ll-test-util.h"

static LlApplication *app;

typedef struct
{
  char  *dir;
  GFile *source;
  GFile *destination;
} Files;

/* A source of @size bytes, a pattern one can tell apart at every offset,
 * and where its copy goes, in a fresh temporary folder. */
static void
files_init (Files *files,
            gsize  size)
{
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + i / 251);

  files->dir = g_dir_make_tmp ("looplab-gio-chain-XXXXXX", &error);
  g_assert_no_error (error);
  source = g_build_filename (files->dir, "source.bin", NULL);
  g_assert_true (g_file_set_contents (source, (const char *) data, size, &error));
  g_assert_no_error (error);
  files->source = g_file_new_for_path (source);
  files->destination = g_file_new_build_filename (files->dir, "copy.bin", NULL);
}

static void
files_clear (Files *files)
{
  g_autofree char *source = g_file_get_path (files->source);
  g_autofree char *destination = g_file_get_path (files->destination);

  g_unlink (source);
  g_unlink (destination);
  g_assert_cmpint (g_rmdir (files->dir), ==, 0);
  g_clear_object (&files->source);
  g_clear_object (&files->destination);
  g_clear_pointer (&files->dir, g_free);
}

static GtkWidget *
open_page (LlWindow **window)
{
  GtkWidget *page;

  *window = ll_test_present_window (app, "gio-chain");
  page = ll_window_get_page (*window);
  LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);

  return page;
}

static LlGioChainView *
view_of (GtkWidget *page)
{
  return LL_GIO_CHAIN_VIEW (ll_test_find_by_type (page, LL_TYPE_GIO_CHAIN_VIEW));
}

static void
collect_event (GPtrArray         *events,
               const LlCopyEvent *event)
{
  g_ptr_array_add (events, ll_copy_event_copy (event));
}

/* Step a copy of three chunks: each Step shows one more message, in the
 * order of the two-way message, with its line highlighted in the
 * Source tab's file of the style that runs. */
static void
step_copy (LlCopyStyle  style,
           const char  *button)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlCopyModel *model = ll_gio_chain_page_get_model (LL_GIO_CHAIN_PAGE (page));
  LlGioChainView *view = view_of (page);
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_copy_event_free);
  static const LlCopyEventKind order[] = {
    LL_COPY_EVENT_REQUEST, LL_COPY_EVENT_COMPLETE, LL_COPY_EVENT_FINISH, LL_COPY_EVENT_RESUME,
  };
  Files files;
  guint n_steps = 0;

  files_init (&files, 2 * LL_COPY_DEFAULT_CHUNK + 100);
  ll_gio_chain_page_set_source (LL_GIO_CHAIN_PAGE (page), files.source);
  ll_gio_chain_page_set_destination (LL_GIO_CHAIN_PAGE (page), files.destination);
  ll_test_press (ll_test_find_button (page, button, LL_TEST_FIND_MNEMONIC));
  g_assert_cmpint (ll_copy_model_get_style (model), ==, style);
  g_signal_connect_swapped (model, "event", G_CALLBACK (collect_event), events);

  do
    {
      const LlCopyEvent *event;
      g_autofree char *shown = NULL;
      int line;

      ll_test_press (step);
      LL_TEST_WAIT_UNTIL (events->len == n_steps + 1 || !ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
      if (events->len == n_steps)
        break;
      n_steps++;

      /* One message a step: the one the model made, on the diagram. */
      g_assert_cmpuint (events->len, ==, n_steps);
      g_assert_cmpuint (ll_gio_chain_view_get_n_shown (view), ==, n_steps);
      event = g_ptr_array_index (events, n_steps - 1);
      shown = ll_gio_chain_view_describe (view, MIN (n_steps, 64) - 1);
      g_test_message ("step %u: %s", n_steps, shown);
      g_assert_cmpint (event->kind, ==, order[(n_steps - 1) % 4]);
      g_assert_cmpint (event->direction, ==, ((n_steps - 1) / 4) % 2 == 0 ? LL_COPY_READ : LL_COPY_WRITE);
      g_assert_cmpuint (event->chunk, ==, (n_steps - 1) / 8 + 1);
      g_assert_cmpstr (event->file, ==, ll_copy_style_get_source (style));

      /* Its line is the Source tab's highlight while the copy runs. */
      line = ll_demo_page_get_line (LL_DEMO_PAGE (page), event->file);
      if (ll_sim_model_get_running (LL_SIM_MODEL (model)))
        g_assert_cmpint (line, ==, event->line);
    }
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)) && n_steps < 200);

  /* Three chunks, eight messages each; the same bytes at the end. */
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpuint (n_steps, >=, 24);
  g_assert_cmpuint (ll_copy_model_get_n_chunks (model), ==, 3);
  g_assert_true (ll_copy_model_get_identical (model));
  g_assert_cmpstr (ll_copy_model_get_source_checksum (model), ==, ll_copy_model_get_copy_checksum (model));
  g_assert_nonnull (ll_test_find_label_containing (page, "Identical, byte for byte."));
  g_assert_nonnull (ll_test_find_label_containing (page, ll_copy_model_get_copy_checksum (model)));
  g_assert_cmpint (ll_demo_page_get_line (LL_DEMO_PAGE (page), ll_copy_style_get_source (style)), ==, 0);

  g_signal_handlers_disconnect_by_data (model, events);
  ll_test_destroy_window (window);
  files_clear (&files);
}

static void
test_step_callbacks (void)
{
  step_copy (LL_COPY_STYLE_CALLBACKS, "Callbacks");
}

static void
test_step_coroutine (void)
{
  step_copy (LL_COPY_STYLE_COROUTINE, "Coroutine");
}

/* Cancel in the middle: no copy is left, and the page says how far the
 * copy got. */
static void
test_cancel (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlCopyModel *model = ll_gio_chain_page_get_model (LL_GIO_CHAIN_PAGE (page));
  GtkWidget *step = ll_test_find_button (page, "Step", LL_TEST_FIND_MNEMONIC);
  Files files;

  files_init (&files, 5 * LL_COPY_DEFAULT_CHUNK);
  ll_gio_chain_page_set_source (LL_GIO_CHAIN_PAGE (page), files.source);
  ll_gio_chain_page_set_destination (LL_GIO_CHAIN_PAGE (page), files.destination);

  /* Two chunks and a bit, one message at a time. */
  for (guint i = 0; i < 20; i++)
    {
      guint before = ll_gio_chain_view_get_n_shown (view_of (page));

      ll_test_press (step);
      LL_TEST_WAIT_UNTIL (ll_gio_chain_view_get_n_shown (view_of (page)) > before, 10);
    }
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpuint (ll_copy_model_get_bytes_copied (model), ==, 2 * LL_COPY_DEFAULT_CHUNK);

  ll_test_press (ll_test_find_button (page, "Cancel", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (!ll_sim_model_get_running (LL_SIM_MODEL (model)), 10);
  g_assert_false (g_file_query_exists (files.destination, NULL));
  {
    g_autofree char *size = g_format_size_full (2 * LL_COPY_DEFAULT_CHUNK, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *said = g_strdup_printf ("Cancelled after %s had been copied; the partial copy was deleted.", size);

    g_assert_nonnull (ll_test_find_label_containing (page, said));
  }
  g_assert_true (gtk_widget_is_sensitive (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)));

  ll_test_destroy_window (window);
  files_clear (&files);
}

/* A full disk: the error in the page, in red; nothing written; the page
 * ready for the next copy. */
static void
test_disk_full (void)
{
  LlWindow *window;
  GtkWidget *page = open_page (&window);
  LlCopyModel *model = ll_gio_chain_page_get_model (LL_GIO_CHAIN_PAGE (page));
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  GtkWidget *error_label;
  Files files;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      ll_test_destroy_window (window);
      return;
    }

  files_init (&files, LL_COPY_DEFAULT_CHUNK + 1);
  ll_gio_chain_page_set_source (LL_GIO_CHAIN_PAGE (page), files.source);
  ll_gio_chain_page_set_destination (LL_GIO_CHAIN_PAGE (page), full);
  ll_test_press (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (!ll_gio_chain_page_get_busy (LL_GIO_CHAIN_PAGE (page)), 10);

  g_assert_nonnull (ll_copy_model_get_error (model));
  error_label = ll_test_find_label_containing (page, ll_copy_model_get_error (model)->message);
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (error_label, "error"));
  g_test_message ("the page says: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_true (gtk_widget_is_sensitive (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC)));

  /* The same copy to a real file then works, and the error goes. */
  ll_gio_chain_page_set_destination (LL_GIO_CHAIN_PAGE (page), files.destination);
  ll_test_press (ll_test_find_button (page, "Run", LL_TEST_FIND_MNEMONIC));
  LL_TEST_WAIT_UNTIL (!ll_gio_chain_page_get_busy (LL_GIO_CHAIN_PAGE (page)), 10);
  g_assert_null (ll_copy_model_get_error (model));
  g_assert_true (ll_copy_model_get_identical (model));
  g_assert_false (gtk_widget_get_visible (error_label));

  ll_test_destroy_window (window);
  files_clear (&files);
}

/* Leaving the page mid-copy, at full speed and stepped: the page and
 * its model go, and nothing is left behind. */
static void
test_leave_mid_run (void)
{
  LlWindow *window;
  Files files;

  files_init (&files, 10 * LL_COPY_DEFAULT_CHUNK);
  window = ll_test_present_window (app, "message-loop");

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *page;
      LlCopyModel *model;

      g_assert_true (ll_window_select_demo (window, "gio-chain"));
      page = g_object_ref (ll_window_get_page (window));
      LL_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page), 10);
      model = g_object_ref (ll_gio_chain_page_get_model (LL_GIO_CHAIN_PAGE (page)));
      ll_gio_chain_page_set_source (LL_GIO_CHAIN_PAGE (page), files.source);
      ll_gio_chain_page_set_destination (LL_GIO_CHAIN_PAGE (page), files.destination);
      ll_test_press (ll_test_find_button (page, i == 0 ? "Run" : "Step", LL_TEST_FIND_MNEMONIC));
      LL_TEST_WAIT_UNTIL (ll_gio_chain_view_get_n_shown (view_of (page)) > 0, 10);
      ll_test_spin (20);

      g_assert_true (ll_window_select_demo (window, "message-loop"));
      g_assert_finalize_object (page);
      LL_TEST_WAIT_UNTIL (ll_copy_model_count_live_runs () == 0, 10);
      g_assert_finalize_object (model);
      g_assert_false (g_file_query_exists (files.destination, NULL));
    }

  ll_test_destroy_window (window);
  files_clear (&files);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ll_test_application_new ();

  g_test_add_func ("/looplab/gio-chain/step-callbacks", test_step_callbacks);
  g_test_add_func ("/looplab/gio-chain/step-coroutine", test_step_coroutine);
  g_test_add_func ("/looplab/gio-chain/cancel", test_cancel);
  g_test_add_func ("/looplab/gio-chain/disk-full", test_disk_full);
  g_test_add_func ("/looplab/gio-chain/leave-mid-run", test_leave_mid_run);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
