/* test-file.c: every file is replaced whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-file.h"
#include "sp-test-files.h"

static void
test_replace (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  mode_t mask = umask (022);

  umask (mask);
  g_assert_true (sp_file_replace (path, "first", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* A new file: 0666 less the umask. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);

  g_assert_true (sp_file_replace (path, "second", 6, &error));
  text = read_text (path);
  g_assert_cmpstr (text, ==, "second");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "case.xml");
  remove_tree (dir);
}

/* A 0600 case (patient notes) stays 0600. */
static void
test_keeps_mode (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "private.xml", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (sp_file_replace (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  remove_tree (dir);
}

/* What a killed writer of this machine left beside the case goes with the
 * next write; a live writer's file and another machine's stay. */
static void
test_sweeps_dead_writers (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *host = g_strdup_printf ("%08x", g_str_hash (g_get_host_name ()));
  /* Above the kernel's pid_max (at most 2^22), so no process has it. */
  g_autofree char *dead = g_strdup_printf (".case.xml.%s-%d-0badf00d", host, G_MAXINT - 1);
  g_autofree char *alive = g_strdup_printf (".case.xml.%s-%d-0badf00d", host, (int) getpid ());
  g_autofree char *other = g_strdup_printf (".case.xml.%08x-%d-0badf00d",
                                            g_str_hash (g_get_host_name ()) ^ 1u, G_MAXINT - 1);
  const char *names[] = { dead, alive, other };
  g_autofree char *listing = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_set_contents (file, "part", -1, NULL));
    }
  g_assert_true (sp_file_replace (path, "new", 3, &error));
  g_assert_no_error (error);

  listing = list_dir (dir);
  /* list_dir () sorts by name: "." before "c"; the two hosts' hashes differ
   * only in the last bit, so sort them here the same way. */
  expected = g_strcmp0 (alive, other) < 0
    ? g_strdup_printf ("%s %s case.xml", alive, other)
    : g_strdup_printf ("%s %s case.xml", other, alive);
  g_assert_cmpstr (listing, ==, expected);
  remove_tree (dir);
}

/* A link to the case stays a link; its target gets the new contents. */
static void
test_through_symlink (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "real.xml", NULL);
  g_autofree char *link = g_build_filename (dir, "link.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.xml", link), ==, 0);
  g_assert_true (sp_file_replace (link, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = read_text (target);
  g_assert_cmpstr (text, ==, "new");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "link.xml real.xml");
  remove_tree (dir);
}

/* A file-size limit (a full disk says the same: the write fails) leaves the
 * previous file as it was and nothing else. In a child: the limit is the
 * process's. */
static void
test_write_fails (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  /* the child writes into the parent's folder, and makes none of its own */
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *big = g_malloc0 (65536);
      const char *child_path = g_getenv ("SP_TEST_FILE_PATH");
      struct rlimit limit = { 4096, 4096 };

      /* EFBIG instead of the signal that would end the process. */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (sp_file_replace (child_path, big, 65536, &error));
      /* EFBIG */
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "sheet.pdf: cannot write: "));
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "sheet.pdf", NULL);
  g_assert_true (g_file_set_contents (path, "previous", -1, NULL));
  g_setenv ("SP_TEST_FILE_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  {
    g_autofree char *text = read_text (path);
    g_autofree char *names = list_dir (dir);

    g_assert_cmpstr (text, ==, "previous");
    g_assert_cmpstr (names, ==, "sheet.pdf");
  }
  remove_tree (dir);
}

/* A folder that does not exist, a directory in the way: refused, nothing
 * made. */
static void
test_refused (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere", "case.xml", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (sp_file_replace (missing, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (sp_file_replace (dir, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");

  /* a read-only file (mode 0444) in a folder that can be written: kept as
   * it was, with its mode, even for root, who could write it */
  {
    g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
    g_autofree char *text = NULL;
    GStatBuf st;

    g_assert_true (g_file_set_contents (path, "signed off", -1, NULL));
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);
    g_assert_false (sp_file_replace (path, "x", 1, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
    g_assert_nonnull (strstr (error->message, "case.xml: cannot write: the file is read-only"));
    text = read_text (path);
    g_assert_cmpstr (text, ==, "signed off");
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 07777, ==, 0444);
    g_clear_pointer (&names, g_free);
    names = list_dir (dir);
    g_assert_cmpstr (names, ==, "case.xml");
  }
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/file/replace", test_replace);
  g_test_add_func ("/core/file/keeps-mode", test_keeps_mode);
  g_test_add_func ("/core/file/through-symlink", test_through_symlink);
  g_test_add_func ("/core/file/sweeps-dead-writers", test_sweeps_dead_writers);
  g_test_add_func ("/core/file/write-fails", test_write_fails);
  g_test_add_func ("/core/file/refused", test_refused);

  return g_test_run ();
}
