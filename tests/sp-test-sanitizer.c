/* sp-test-sanitizer.c: LeakSanitizer settings linked into every test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Leak detection stays on, with AddressSanitizer's fast (frame-pointer)
 * unwinder: the full unwinder (fast_unwind_on_malloc=0) costs a DWARF walk
 * per allocation and made the sanitizer run several times slower. With the
 * fast unwinder a stack through the distribution's GLib (no frame pointers)
 * ends in g_malloc, so a suppression cannot name the two blocks GLib 2.74
 * drops on purpose without hiding every leak made through g_malloc. Those
 * two are kept from LeakSanitizer by address instead, and only they:
 *
 * - G_TEST_OPTION_ISOLATE_DIRS points GLib's user directories
 *   (g_get_home_dir (), g_get_user_data_dir (), ...) at fresh strings before
 *   every test and leaks the old ones (callers may still hold them;
 *   g_ignore_leak () only works in a sanitized GLib). When a test has run
 *   (GLib prints its TAP "ok"/"not ok" line, before the next test's
 *   isolation), the directory strings GLib holds - if the isolation set them:
 *   the home directory lies under G_TEST_TMPDIR - are passed to
 *   __lsan_ignore_object ().
 * - GLib's quark table (gquark.c) is an array it replaces by a larger copy
 *   every 2,048 quarks, leaking the old one (lookups take no lock). A GTK
 *   test process interns about 2,000 (test-window more). At start-up this file finds
 *   GLib's pointer to the table (a word in libglib's data whose heap block
 *   holds the quark strings); when a block one table larger is allocated,
 *   the table GLib holds then - the one about to be dropped - is kept in a
 *   list here, so it stays reachable.
 *
 * A leak report shows the short stack the fast unwinder found; for the full
 * one, run that test again with ASAN_OPTIONS=fast_unwind_on_malloc=0 added
 * (slow).
 *
 * The shockpath-cli processes the tests start are not linked with this
 * file and need no suppression: their sanitizer builds hand the fonts back
 * before exit (src/render/sp-font-caches.c), and so do the render tests.
 */
#define _GNU_SOURCE /* dl_iterate_phdr () */

#include <glib.h>
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <link.h>
#include <sanitizer/lsan_interface.h>

const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);
/* sanitizer/allocator_interface.h, which GCC does not install */
int    __sanitizer_get_ownership                 (const volatile void *p);
size_t __sanitizer_get_allocated_size            (const volatile void *p);
int    __sanitizer_install_malloc_and_free_hooks (void (*malloc_hook) (const volatile void *, size_t),
                                                  void (*free_hook) (const volatile void *));

const char *
__asan_default_options (void)
{
  return "detect_leaks=1";
}

const char *
__lsan_default_suppressions (void)
{
  /* Fontconfig keeps the patterns of its config and of every font matched
   * for Pango and cairo until exit, linked through offsets that
   * LeakSanitizer cannot follow (FcPatternElt), so they look leaked. Only
   * blocks allocated inside libfontconfig match; a Pango layout or a cairo
   * surface of ours leaked still shows. The widget tests need it (GTK holds
   * its fonts until exit); the render and CLI tests hand the fonts back
   * first (sp_font_caches_release ()), so there it finds nothing to match. */
  return "leak:libfontconfig.so\n";
}

/* --- GLib's user directories under G_TEST_OPTION_ISOLATE_DIRS -------------- */

static GPrintFunc next_print;

static void
ignore_strv (const char * const *strv)
{
  __lsan_ignore_object (strv);
  for (guint i = 0; strv[i] != NULL; i++)
    __lsan_ignore_object (strv[i]);
}

/* The user directories GLib holds now, if the test isolation set them: the
 * next test's isolation replaces and leaks exactly these blocks. */
static void
ignore_isolated_dirs (void)
{
  const char *tmpdir = g_getenv ("G_TEST_TMPDIR");

  if (tmpdir == NULL || !g_str_has_prefix (g_get_home_dir (), tmpdir))
    return;
  __lsan_ignore_object (g_get_home_dir ());
  __lsan_ignore_object (g_get_user_cache_dir ());
  __lsan_ignore_object (g_get_user_config_dir ());
  __lsan_ignore_object (g_get_user_data_dir ());
  __lsan_ignore_object (g_get_user_state_dir ());
  __lsan_ignore_object (g_get_user_runtime_dir ());
  ignore_strv (g_get_system_config_dirs ());
  ignore_strv (g_get_system_data_dirs ());
}

/* GLib's print handler, with a look at each TAP result line. */
static void
print_cb (const char *string)
{
  const char *charset;

  if (g_str_has_prefix (string, "ok ") || g_str_has_prefix (string, "not ok "))
    ignore_isolated_dirs ();

  if (next_print != NULL)
    {
      next_print (string);
      return;
    }
  /* What GLib's default handler does. */
  if (g_get_console_charset (&charset))
    fputs (string, stdout);
  else
    {
      g_autofree char *converted = g_convert_with_fallback (string, -1, charset, "UTF-8", "?",
                                                            NULL, NULL, NULL);

      fputs (converted != NULL ? converted : string, stdout);
    }
  fflush (stdout);
}

/* --- GLib's quark table ------------------------------------------------------ */

/* gquark.c's QUARK_BLOCK_SIZE: the table grows by this many entries. */
#define QUARK_TABLE_STEP (2048 * sizeof (char *))

/* libglib's own pointer to its quark table (gquark.c's `quarks`). */
static char ***glib_quarks;
/* The tables GLib has replaced, kept reachable (volatile: written, never
 * read, and the stores must stay). 64 growths would be 131,072 quarks: a
 * test process has about 2,000. */
static const void *volatile replaced_tables[64];
static gint n_replaced;

static gboolean
is_quark_table (const void *p)
{
  const char * const *table = p;
  size_t size;

  if (p == NULL || ((gsize) p % sizeof (char *)) != 0 || !__sanitizer_get_ownership (p))
    return FALSE;
  size = __sanitizer_get_allocated_size (p);
  if (size == 0 || size % QUARK_TABLE_STEP != 0)
    return FALSE;
  /* Entry 0 is no quark; then the quarks' strings, in order. */
  if (table[0] != NULL)
    return FALSE;
  for (GQuark q = 1; q <= 8; q++)
    if (table[q] != g_quark_to_string (q))
      return FALSE;
  return TRUE;
}

static int
find_glib_quarks_cb (struct dl_phdr_info *info,
                     size_t               info_size,
                     void                *data)
{
  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "/libglib-2.0.so") == NULL)
    return 0;
  for (guint i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      char **word, **end;

      if (phdr->p_type != PT_LOAD || !(phdr->p_flags & PF_W))
        continue;
      word = (char **) GSIZE_TO_POINTER ((info->dlpi_addr + phdr->p_vaddr + sizeof (char *) - 1)
                                         & ~(sizeof (char *) - 1));
      end = (char **) GSIZE_TO_POINTER (info->dlpi_addr + phdr->p_vaddr + phdr->p_memsz);
      for (; word + 1 <= end; word++)
        if (is_quark_table (*word))
          {
            glib_quarks = (char ***) word;
            return 1;
          }
    }
  return 1;
}

/* A block one step larger than GLib's table is allocated: if it is the new
 * table, GLib is about to drop the one it holds now, so keep that. (When
 * the block is something else, the table is kept early: it is GLib's all
 * the same, and reachable anyway.) */
static void
malloc_hook (const volatile void *p,
             size_t               size)
{
  const void *table;
  gint i;

  if (size < 2 * QUARK_TABLE_STEP || size % QUARK_TABLE_STEP != 0 || glib_quarks == NULL)
    return;
  table = g_atomic_pointer_get (glib_quarks);
  if (table == (const void *) p
      || __sanitizer_get_allocated_size (table) + QUARK_TABLE_STEP != size)
    return;
  /* Blocks of that size that are not a new table come too: keep each
   * table once. */
  i = g_atomic_int_get (&n_replaced);
  if ((i > 0 && replaced_tables[i - 1] == table)
      || !g_atomic_int_compare_and_exchange (&n_replaced, i, i + 1))
    return;
  if (i < (gint) G_N_ELEMENTS (replaced_tables))
    replaced_tables[i] = table;
}

/* LeakSanitizer takes the two hooks together or not at all. */
static void
free_hook (const volatile void *p)
{
}

__attribute__((constructor)) static void
sp_test_sanitizer_init (void)
{
  next_print = g_set_print_handler (print_cb);

  /* at least the eight quarks is_quark_table () compares */
  for (guint i = 0; i < 8; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "sp-test-sanitizer-%u", i);
      g_quark_from_string (name);
    }
  dl_iterate_phdr (find_glib_quarks_cb, NULL);
  if (glib_quarks == NULL || !__sanitizer_install_malloc_and_free_hooks (malloc_hook, free_hook))
    g_printerr ("sp-test-sanitizer: cannot follow GLib's quark table; a test process that "
                "interns more than 2,048 quarks will report GLib's replaced table\n");
}
#endif
