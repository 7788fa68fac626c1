/* fuzz-replay.c: runs a fuzz target over files, without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fuzz-replay-TARGET DIR_OR_FILE...
 *
 * Calls LLVMFuzzerTestOneInput () once per file, in name order, so the
 * committed corpus and every past reproducer run in `meson test` with gcc (and
 * under ASan in build-asan) without clang. A missing directory is skipped (a
 * target with no reproducer yet); an empty run is an error. A finding aborts,
 * as it would under libFuzzer, after the file's name was printed.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options (void);

/* Leaks are findings here as under libFuzzer (its default), whatever
 * ASAN_OPTIONS the caller sets; the allocation stacks stay the fast ones
 * (sp-test-sanitizer.c's full ones cost 10x for no suppression we need). */
const char *
__asan_default_options (void)
{
  return "detect_leaks=1";
}
#endif

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Appends the regular files of @path (a file, or a directory's files). */
static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "fuzz-replay: %s\n", error->message);
      exit (1);
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      /* README, .gitkeep: notes next to the inputs, not inputs */
      if (name[0] != '.' && strcmp (name, "README") != 0 && strcmp (name, "README.md") != 0 &&
          g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_steal_pointer (&file));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_strdup (g_ptr_array_index (names, i)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  if (files->len == 0)
    {
      fprintf (stderr, "fuzz-replay: no input found\n");
      return 1;
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree uint8_t *input = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          fprintf (stderr, "fuzz-replay: %s\n", error->message);
          return 1;
        }
      /* An exact-size copy, as libFuzzer passes it: g_file_get_contents ()
       * adds a NUL, which would hide a read past the end from ASan. */
      input = length > 0 ? g_memdup2 (contents, length) : NULL;

      printf ("%s\n", path);
      fflush (stdout);
      LLVMFuzzerTestOneInput (input, length);
    }

  printf ("fuzz-replay: %u inputs in %.2f s\n", files->len,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}
