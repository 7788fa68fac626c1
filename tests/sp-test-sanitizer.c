/* sp-test-sanitizer.c: LeakSanitizer settings linked into every test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G_TEST_OPTION_ISOLATE_DIRS makes GLib 2.74 replace its user-dir strings once
 * per test and leak the old ones on purpose (callers may still hold them;
 * g_ignore_leak () only works in a sanitized GLib). Suppress exactly that, with
 * full stacks so the suppression cannot hide a leak of ours: with the fast
 * unwinder, stacks through the distribution's GLib stop at g_malloc.
 * Leak detection itself stays on. Tests that run shockpath-cli on a drawing
 * hand the child the same list (it is not linked with this file).
 */
#include <glib.h>
#include <string.h>

#include "sp-test-sanitizer.h"

#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:detect_leaks=1";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n"
         /* Fontconfig keeps the patterns of its config and of every font
          * matched for Pango and cairo until exit, linked through offsets
          * that LeakSanitizer cannot follow (FcPatternElt), so they look
          * leaked. Only blocks allocated inside libfontconfig match; a Pango
          * layout or a cairo surface of ours leaked still shows. */
         "leak:libfontconfig.so\n";
}
#endif

char **
sp_test_child_environ (char       **envp,
                       const char  *dir)
{
#if defined(__SANITIZE_ADDRESS__)
  g_autofree char *path = g_build_filename (dir, "lsan.supp", NULL);
  g_autofree char *options = NULL;
  g_autoptr(GString) list = g_string_new (__lsan_default_suppressions ());
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *old = g_environ_getenv (envp, "LSAN_OPTIONS");
  g_auto(GStrv) parts = g_strsplit (old != NULL ? old : "", ":", -1);

  /* LeakSanitizer takes one suppressions file: ours, with the caller's merged
   * in and the caller's other options kept. */
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *contents = NULL;

      if (parts[i][0] == '\0')
        continue;
      if (!g_str_has_prefix (parts[i], "suppressions="))
        g_string_append_printf (kept, "%s:", parts[i]);
      else if (g_file_get_contents (parts[i] + strlen ("suppressions="), &contents, NULL, NULL))
        g_string_append_printf (list, "\n%s\n", contents);
    }
  g_assert_true (g_file_set_contents (path, list->str, -1, &error));
  g_assert_no_error (error);
  options = g_strdup_printf ("%ssuppressions=%s%s", kept->str, path,
                             strstr (kept->str, "print_suppressions=") ? "" : ":print_suppressions=0");
  envp = g_environ_setenv (envp, "LSAN_OPTIONS", options, TRUE);
#endif
  return envp;
}
