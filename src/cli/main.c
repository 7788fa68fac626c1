/* main.c: shockpath-cli, the headless ShockPath for pharmacy batch work,
 * scripting and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The process around the command line (sp-cli-main.c): the locale and
 * message catalogue from the environment, and under the sanitizers the font
 * caches handed back before the leak check.
 */
#include "config.h"

#include "sp-cli.h"
#include "sp-font-caches.h"
#include "sp-i18n.h"

int
main (int    argc,
      char **argv)
{
  int status;

  sp_i18n_init ();
  status = sp_cli_main (argc, argv);
#ifdef __SANITIZE_ADDRESS__
  /* LeakSanitizer then checks every block the fonts of a sheet, summary or
   * flowchart used, with no suppression to match (sp-font-caches.c). */
  sp_font_caches_release ();
#endif
  return status;
}
