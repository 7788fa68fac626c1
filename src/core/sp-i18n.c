/* sp-i18n.c: locale and message catalogue set-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/**
 * sp_i18n_init:
 *
 * Takes the locale from the environment (LC_NUMERIC decides the decimal
 * separator on screen and on paper; files and JSON stay in the C locale
 * because the core writes them with g_ascii_* functions) and binds the
 * `shockpath` message catalogue.
 *
 * The catalogues come from the installed LOCALEDIR.  `SHOCKPATH_LOCALEDIR`
 * points elsewhere: `build-aux/run.sh` and the tests set it to the build
 * tree's `po/` directory, where meson compiles `LL/LC_MESSAGES/shockpath.mo`,
 * so a program run from the build tree speaks the user's language without
 * being installed.
 */
void
sp_i18n_init (void)
{
  const char *localedir = g_getenv ("SHOCKPATH_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
