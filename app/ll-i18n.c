/* ll-i18n.c: gettext set-up shared by looplab and looplab-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ll-i18n.h"

/**
 * ll_i18n_init:
 *
 * Sets the locale from the environment and binds Loop Lab's catalogue.
 * An uninstalled build has its translations in the build tree; tools/run
 * points `LOOPLAB_LOCALEDIR` there.
 */
void
ll_i18n_init (void)
{
  const char *localedir = g_getenv ("LOOPLAB_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
