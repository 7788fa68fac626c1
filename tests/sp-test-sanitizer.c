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
#else
/* Nothing to configure without AddressSanitizer. */
typedef int sp_test_sanitizer_unused;
#endif
