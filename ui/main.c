/* main.c: starts Loop Lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-application.h"
#include "ll-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LlApplication) app = NULL;

  ll_i18n_init ();

  /* Without a GPU, GL goes through llvmpipe, which keeps this animated
   * window so busy drawing that the loop never idles: idle sources (GTK's
   * accessibility registration among them) starve, and the lag the app
   * shows would be its own.  Cairo draws the same window for far less.
   */
  if (g_getenv ("GSK_RENDERER") == NULL && !g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);

  app = ll_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
