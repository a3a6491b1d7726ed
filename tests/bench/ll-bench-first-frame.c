/* ll-bench-first-frame.c: tells when a GTK 4 program painted its first frame
 *
 * An LD_PRELOAD library for the window benchmark (tests/bench/ui.py): it
 * measures Loop Lab and gtk4-demo the same way, without touching either.
 * If LL_BENCH_FIRST_FRAME names a file, the first "after-paint" of any
 * frame clock in the process writes CLOCK_MONOTONIC µs (the clock of
 * g_get_monotonic_time() and of Python's time.monotonic()) to it, and the
 * hook removes itself.  After-paint comes once the frame's pixels have
 * gone to the display server: with the cairo renderer on X11, the image
 * of the window.
 *
 * Built by tests/bench/run:
 *   cc -shared -fPIC -o ll-bench-first-frame.so ll-bench-first-frame.c \
 *      $(pkg-config --cflags --libs gtk4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
first_paint_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  gint64 now = g_get_monotonic_time ();
  const char *path = user_data;
  FILE *out = fopen (path, "w");

  if (out != NULL)
    {
      fprintf (out, "%" G_GINT64_FORMAT "\n", now);
      fclose (out);
    }

  return FALSE;  /* once */
}

/* Runs when the library is loaded, after GLib and GTK (it links both)
 * and before the program's main(): early enough for any frame. */
__attribute__((constructor)) static void
first_frame_init (void)
{
  const char *path = getenv ("LL_BENCH_FIRST_FRAME");
  gpointer klass;

  if (path == NULL || *path == '\0')
    return;

  /* The signal exists once the class does; keep the class for good. */
  klass = g_type_class_ref (GDK_TYPE_FRAME_CLOCK);
  g_signal_add_emission_hook (g_signal_lookup ("after-paint", G_TYPE_FROM_CLASS (klass)), 0,
                              first_paint_hook, g_strdup (path), g_free);
}
