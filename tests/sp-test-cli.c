/* sp-test-cli.c: running shockpath-cli as a user runs it, and reading its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memfd_create () */

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sp-cli.h"
#include "sp-font-caches.h"
#include "sp-i18n.h"
#include "sp-test-cli.h"
#include "sp-test-spawn.h"

const char *cli_path;
const char *source_dir;
/* XDG_DATA_DIRS for the child, where a test puts site files; NULL: unset. */
const char *child_data_dirs;

/* --- running the CLI ------------------------------------------------------- */

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

char **
make_envp (const char *locale)
{
  /* Passed through so the sanitizers and GLib debugging reach the child. */
  static const char * const keep[] = {
    "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "G_DEBUG", "MALLOC_CHECK_",
    "LD_LIBRARY_PATH", "PATH", "SHOCKPATH_LOCALEDIR", "TZ",
  };
  GPtrArray *envp = g_ptr_array_new ();

  g_ptr_array_add (envp, g_strdup_printf ("LC_ALL=%s", locale));
  if (child_data_dirs != NULL)
    g_ptr_array_add (envp, g_strdup_printf ("XDG_DATA_DIRS=%s", child_data_dirs));
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    {
      const char *value = g_getenv (keep[i]);

      if (value != NULL)
        g_ptr_array_add (envp, g_strdup_printf ("%s=%s", keep[i], value));
    }
  g_ptr_array_add (envp, NULL);

  return (char **) g_ptr_array_free (envp, FALSE);
}

/* A crash or a sanitizer report is never an answer. */
static void
check_run (Run *run)
{
  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);

  g_assert_cmpint (run->status, >=, 0);
  g_assert_null (strstr (run->err, "runtime error"));
  g_assert_null (strstr (run->err, "Sanitizer"));
  g_assert_null (strstr (run->err, "CRITICAL"));
}

void
run_cli_binary_strv (Run                *run,
                     const char         *locale,
                     const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = make_envp (locale);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, SP_TEST_SPAWN_FLAGS, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  if (WIFEXITED (wait_status))
    run->status = WEXITSTATUS (wait_status);
  else
    run->status = -1;

  check_run (run);
}

/* --- the command line in this process --------------------------------------
 *
 * stdout and stderr are caught at the file descriptors, so that everything
 * the command writes is caught as from a child: its own lines, GLib's
 * messages, a sanitizer's report. Should the process abort while they are
 * caught (a failed check, a sanitizer's report), what was caught goes to the
 * real stderr first, so the test's log still says why. */

typedef struct {
  int   fd;        /* STDOUT_FILENO or STDERR_FILENO */
  FILE *stream;
  int   saved;     /* the real one, dup()ed */
  int   file;      /* a memfd that takes its place */
} Capture;

static Capture captures[2] = {
  { STDOUT_FILENO, NULL, -1, -1 },
  { STDERR_FILENO, NULL, -1, -1 },
};

static void
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      data += n;
      length -= (gsize) n;
    }
}

/* The process dies with a run's output caught: it goes to the real stderr.
 * Async-signal-safe: read (), write (), lseek (), dup2 (), raise (). */
static void
on_abort (int signum)
{
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      Capture *c = &captures[i];
      char buffer[4096];
      ssize_t n;

      if (c->saved < 0)
        continue;
      dup2 (c->saved, c->fd);
      lseek (c->file, 0, SEEK_SET);
      while ((n = read (c->file, buffer, sizeof buffer)) > 0)
        write_all (STDERR_FILENO, buffer, (gsize) n);
    }

  signal (signum, SIG_DFL);
  raise (signum);
}

static void
capture_begin (Capture *c,
               FILE    *stream)
{
  c->stream = stream;
  fflush (stream);
  c->file = memfd_create ("shockpath-cli-output", MFD_CLOEXEC);
  g_assert_cmpint (c->file, >=, 0);
  c->saved = dup (c->fd);
  g_assert_cmpint (c->saved, >=, 0);
  g_assert_cmpint (dup2 (c->file, c->fd), ==, c->fd);
}

static char *
capture_end (Capture *c)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  fflush (c->stream);
  g_assert_cmpint (dup2 (c->saved, c->fd), ==, c->fd);
  close (c->saved);
  c->saved = -1;

  g_assert_cmpint (lseek (c->file, 0, SEEK_SET), ==, 0);
  while ((n = read (c->file, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  g_assert_cmpint (n, ==, 0);
  close (c->file);
  c->file = -1;

  return g_string_free (text, FALSE);
}

/* LC_ALL for one run. cli_test_init () set it before any thread started,
 * so glibc's setenv () only swaps the one pointer in the environment (and
 * keeps the old string): a thread reading the environment meanwhile (GIO's
 * worker, fontconfig's) sees the old value or the new. g_setenv () says
 * the same in a debug message, which would land in the run's output. */
static void
set_lc_all (const char *locale)
{
  g_assert_nonnull (g_getenv ("LC_ALL"));
  g_assert_cmpint (setenv ("LC_ALL", locale, TRUE), ==, 0);
}

/* Runs sp_cli_main () as main.c does, with LC_ALL=@locale for the run, and
 * puts the test's locale, program name and LC_ALL back after it. GLib's
 * own log handler, not the test's (which prints debug messages), handles
 * messages during the run, as in the binary. */
void
run_cli_strv (Run                *run,
              const char         *locale,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *saved_lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_prgname = g_strdup (g_get_prgname ());
  GLogFunc test_log_handler;

  g_assert_nonnull (locale);

  g_ptr_array_add (argv, (char *) "shockpath-cli");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  capture_begin (&captures[0], stdout);
  capture_begin (&captures[1], stderr);
  set_lc_all (locale);
  sp_i18n_init ();
  test_log_handler = g_log_set_default_handler (g_log_default_handler, NULL);

  run->status = sp_cli_main ((int) argv->len - 1, (char **) argv->pdata);

  run->err = capture_end (&captures[1]);
  run->out = capture_end (&captures[0]);
  set_lc_all (saved_lc_all);
  setlocale (LC_ALL, saved_locale);
  g_set_prgname (saved_prgname);
  g_log_set_default_handler (test_log_handler, NULL);

  check_run (run);
}

typedef void (*RunStrv) (Run                *run,
                         const char         *locale,
                         const char * const *args);

/* @run_strv with the arguments of a variadic call, up to its NULL. */
static void
run_va (RunStrv     run_strv,
        Run        *run,
        const char *locale,
        va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  run_strv (run, locale, (const char * const *) args->pdata);
}

/* run_cli (&run, locale, "rate", "--drug", ..., NULL) */
void
run_cli (Run        *run,
         const char *locale,
         ...)
{
  va_list ap;

  va_start (ap, locale);
  run_va (run_cli_strv, run, locale, ap);
  va_end (ap);
}

/* run_cli_binary (&run, locale, "drugs", NULL) */
void
run_cli_binary (Run        *run,
                const char *locale,
                ...)
{
  va_list ap;

  va_start (ap, locale);
  run_va (run_cli_binary_strv, run, locale, ap);
  va_end (ap);
}

/* A refusal: nothing on stdout, exactly one line on stderr, prefixed, naming
 * @needle (the option or field). */
void
assert_refused (const Run  *run,
                int         status,
                const char *needle)
{
  const char *newline;

  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "shockpath-cli: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  if (needle != NULL && strstr (run->err, needle) == NULL)
    g_error ("stderr “%s” does not name “%s”", run->err, needle);
}

char *
source_path (const char *relative)
{
  return g_build_filename (source_dir, relative, NULL);
}

/* A file in the test's own temporary directory (G_TEST_OPTION_ISOLATE_DIRS). */
char *
write_temp_file (const char *name,
                 const char *contents)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_get_user_cache_dir ();
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* --- JSON ------------------------------------------------------------------ */

/* Exactly one JSON object on stdout. */
JsonNode *
parse_json (const Run *run)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_utf8_validate (run->out, -1, NULL));
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_node_copy (root);
}

/* A member by path: "dose.value", "rows.0.dose"; NULL if absent. */
JsonNode *
json_get (JsonNode   *root,
          const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL)
        return NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (!json_object_has_member (object, parts[i]))
            return NULL;
          node = json_object_get_member (object, parts[i]);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index = g_ascii_strtoull (parts[i], NULL, 10);

          if (index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, index);
        }
      else
        {
          return NULL;
        }
    }

  return node;
}

JsonNode *
json_need (JsonNode   *root,
           const char *path)
{
  JsonNode *node = json_get (root, path);

  if (node == NULL)
    g_error ("JSON has no “%s”", path);

  return node;
}

double
json_double (JsonNode   *root,
             const char *path)
{
  JsonNode *node = json_need (root, path);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
                 json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_double (node);
}

const char *
json_string (JsonNode   *root,
             const char *path)
{
  JsonNode *node = json_need (root, path);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  return json_node_get_string (node);
}

gboolean
json_boolean (JsonNode   *root,
              const char *path)
{
  JsonNode *node = json_need (root, path);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

gboolean
json_is_null (JsonNode   *root,
              const char *path)
{
  return JSON_NODE_HOLDS_NULL (json_need (root, path));
}

JsonArray *
json_array (JsonNode   *root,
            const char *path)
{
  JsonNode *node = json_need (root, path);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

/* Equal to the hand-worked value within double rounding. */
void
assert_close (double value,
              double expected)
{
  g_assert_cmpfloat_with_epsilon (value, expected, 1e-9 * MAX (1.0, fabs (expected)));
}

/* The element of the array at @path whose "id" is @id, or NULL. */
JsonObject *
find_by_id (JsonNode   *root,
            const char *path,
            const char *id)
{
  JsonArray *array = json_array (root, path);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), id) == 0)
        return object;
    }

  return NULL;
}

void
assert_concentration (JsonNode   *root,
                      const char *path,
                      double      amount,
                      const char *amount_unit,
                      double      volume_ml,
                      double      per_ml,
                      const char *per_ml_unit)
{
  g_autofree char *p_text = g_strdup_printf ("%s.text", path);
  g_autofree char *p_amount = g_strdup_printf ("%s.amount", path);
  g_autofree char *p_amount_unit = g_strdup_printf ("%s.amount_unit", path);
  g_autofree char *p_volume = g_strdup_printf ("%s.volume_ml", path);
  g_autofree char *p_per_ml = g_strdup_printf ("%s.per_ml", path);
  g_autofree char *p_per_ml_unit = g_strdup_printf ("%s.per_ml_unit", path);

  g_assert_cmpstr (json_string (root, p_text), !=, "");
  assert_close (json_double (root, p_amount), amount);
  g_assert_cmpstr (json_string (root, p_amount_unit), ==, amount_unit);
  assert_close (json_double (root, p_volume), volume_ml);
  assert_close (json_double (root, p_per_ml), per_ml);
  g_assert_cmpstr (json_string (root, p_per_ml_unit), ==, per_ml_unit);
}


gboolean
cli_test_init (int    *argc,
               char ***argv)
{
  /* LC_ALL exists before any thread does: each in-process run only
   * replaces its value (set_lc_all ()). LANGUAGE would override the
   * locale each run asks for; a child never had it. */
  g_unsetenv ("LANGUAGE");
  /* GLib decides once per process whether g_dgettext () translates at all,
   * from the locale of its first call: a process whose first call is in
   * C.UTF-8 never translates. The binary decides in each run's locale; here
   * the first call is made in German, the decision every shipped language
   * gets (in C.UTF-8 there is no catalogue, so it changes nothing there). */
  g_setenv ("LC_ALL", LOCALE_DE, TRUE);
  sp_i18n_init ();
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, ""), !=, "");
  g_setenv ("LC_ALL", LOCALE_C, TRUE);
  sp_i18n_init ();
  signal (SIGABRT, on_abort);   /* g_error (), a failed check, a sanitizer */
  signal (SIGTRAP, on_abort);   /* G_DEBUG=fatal-warnings */
#ifndef __SANITIZE_ADDRESS__
  /* Under AddressSanitizer these are its own: it reports, then aborts. */
  signal (SIGSEGV, on_abort);
  signal (SIGBUS, on_abort);
  signal (SIGFPE, on_abort);
#endif

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  cli_path = g_getenv ("SHOCKPATH_CLI");
  source_dir = g_getenv ("SHOCKPATH_SOURCE_DIR");
  if (cli_path == NULL || source_dir == NULL)
    {
      g_printerr ("SHOCKPATH_CLI and SHOCKPATH_SOURCE_DIR must be set\n");
      return FALSE;
    }
  return TRUE;
}

int
cli_test_run (void)
{
  int status = g_test_run ();

  /* What the fonts of the sheets and summaries held goes back, so that
   * LeakSanitizer checks every block behind them (sp-font-caches.c). */
  g_assert_true (sp_font_caches_release ());
  return status;
}

char *
pdf_lines (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *lines = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &lines, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return lines;
}

typedef struct {
  double x0, y0, x1, y1;
  char  *text;
} PdfWord;

static void
pdf_word_clear (PdfWord *word)
{
  g_free (word->text);
}

void
assert_pdf_words_apart (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *bbox = NULL;
  g_auto(GStrv) pages = NULL;
  g_autoptr(GRegex) word_re = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                           "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                           0, 0, NULL);
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &bbox, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  pages = g_strsplit (bbox, "<page ", -1);
  for (guint p = 1; pages[p] != NULL; p++)
    {
      g_autoptr(GArray) words = g_array_new (FALSE, TRUE, sizeof (PdfWord));
      g_autoptr(GMatchInfo) match = NULL;

      g_array_set_clear_func (words, (GDestroyNotify) pdf_word_clear);
      g_regex_match (word_re, pages[p], 0, &match);
      while (g_match_info_matches (match))
        {
          PdfWord word;
          char *field;

          for (guint i = 0; i < 4; i++)
            {
              double *value[] = { &word.x0, &word.y0, &word.x1, &word.y1 };

              field = g_match_info_fetch (match, i + 1);
              *value[i] = g_ascii_strtod (field, NULL);
              g_free (field);
            }
          word.text = g_match_info_fetch (match, 5);
          g_array_append_val (words, word);
          g_match_info_next (match, NULL);
        }

      /* Two words overlap when their boxes share more than a sliver both
       * ways (glyph boxes of neighbouring lines touch; of neighbouring
       * words on a line, not). */
      for (guint i = 0; i < words->len; i++)
        for (guint j = i + 1; j < words->len; j++)
          {
            const PdfWord *a = &g_array_index (words, PdfWord, i);
            const PdfWord *b = &g_array_index (words, PdfWord, j);
            double across = MIN (a->x1, b->x1) - MAX (a->x0, b->x0);
            double down = MIN (a->y1, b->y1) - MAX (a->y0, b->y0);

            if (across > 0.5 && down > 0.3 * MIN (a->y1 - a->y0, b->y1 - b->y0))
              g_error ("%s page %u: “%s” (x %.1f–%.1f, y %.1f–%.1f) overlaps “%s” "
                       "(x %.1f–%.1f, y %.1f–%.1f)", pdf, p, a->text, a->x0, a->x1, a->y0,
                       a->y1, b->text, b->x0, b->x1, b->y0, b->y1);
          }
    }
}

char *
pdf_text (const char *pdf,
          guint      *out_pages)
{
  const char *info_argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *raw = pdf_lines (pdf);
  g_autofree char *info = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GError) error = NULL;
  const char *pages;

  g_spawn_sync (NULL, (char **) info_argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &info, NULL, NULL, &error);
  g_assert_no_error (error);
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  *out_pages = (guint) g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + 6, " "),
                                         NULL, 10);
  words = g_strsplit_set (raw, " \n", -1);
  return g_strjoinv (" ", words);
}
