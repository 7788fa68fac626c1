/* main.c: shockpath-cli, the headless ShockPath for pharmacy batch work,
 * scripting and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The process around the command line (sp-cli-main.c): the locale and
 * message catalogue from the environment, the allocator told to keep the
 * memory it gets, and under the sanitizers the font caches handed back
 * before the leak check.
 */
#include "config.h"

#if HAVE_MALLOPT
#include <malloc.h>
#endif

#include "sp-cli.h"
#include "sp-font-caches.h"
#include "sp-i18n.h"

int
main (int    argc,
      char **argv)
{
  int status;

#if HAVE_MALLOPT
  /* A command runs for a moment and exits: memory handed back to the
   * system is asked for again at once. A PDF compresses each page with a
   * new zlib stream, some 256 KiB taken, zeroed and freed per page; by
   * default glibc gives the top of the heap back as soon as 128 KiB of it
   * is free, so every page faulted fresh pages in again (a fifth of 100
   * sheets' time went to the kernel). Keep up to 32 MiB free and grow the
   * heap 4 MiB at a time: bench/run.sh, 100 sheets about 15% faster. */
  mallopt (M_TRIM_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TOP_PAD, 4 * 1024 * 1024);
#endif
  sp_i18n_init ();
  status = sp_cli_main (argc, argv);
#ifdef __SANITIZE_ADDRESS__
  /* LeakSanitizer then checks every block the fonts of a sheet, summary or
   * flowchart used, with no suppression to match (sp-font-caches.c). */
  sp_font_caches_release ();
#endif
  return status;
}
