/* sp-test-cli.h: running shockpath-cli's command line, and reading its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * run_cli () runs the command line (sp_cli_main (), what main.c runs) in the
 * test's own process, with LC_ALL as asked, and catches stdout and stderr at
 * their file descriptors: the same argv, exit status and output as the
 * binary's, without starting a process for each (under the sanitizers a
 * process costs about 0.1 s, most of it LeakSanitizer's check at exit; here
 * LeakSanitizer checks every run's blocks once, when the test ends).
 *
 * run_cli_binary () starts the binary $SHOCKPATH_CLI (cli_path) with an
 * explicit environment (LC_ALL as asked, XDG_DATA_DIRS from child_data_dirs,
 * the sanitizer and GLib debug settings passed through), for what belongs to
 * the process: main (), the environment, the exit status the shell sees.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LOCALE_C  "C.UTF-8"
#define LOCALE_DE "de_DE.UTF-8"
#define LOCALE_FR "fr_FR.UTF-8"
#define LOCALE_ES "es_ES.UTF-8"

extern const char *cli_path;
extern const char *source_dir;
/* XDG_DATA_DIRS for run_cli_binary (), where a test puts site files; NULL:
 * unset. */
extern const char *child_data_dirs;

typedef struct {
  int   status;   /* exit status; -1 if the binary was killed by a signal */
  char *out;
  char *err;
} Run;

/* g_test_init () with isolated directories, and the binary and the source
 * tree from $SHOCKPATH_CLI and $SHOCKPATH_SOURCE_DIR; FALSE (skip the test,
 * exit 77) when either is not set. Call it first, before any thread starts:
 * it also readies the process for run_cli () (LC_ALL set, the message
 * catalogue bound, a run's caught output printed if the process dies). */
gboolean    cli_test_init        (int                *argc,
                                  char             ***argv);
/* g_test_run (), then the font caches handed back (fails if a font map is
 * still held). */
int         cli_test_run         (void);
/* The pdftotext text of @pdf on one line (cells wrap in their columns) and
 * *@out_pages its page count (pdfinfo). */
char       *pdf_text             (const char         *pdf,
                                  guint              *out_pages);
/* The pdftotext text of @pdf, line by line as laid out (where the lines
 * break). */
char       *pdf_lines            (const char         *pdf);
/* No two words of a page of @pdf overlap (pdftotext -bbox): a cell's text
 * never runs into the next column, a line never over another. */
void        assert_pdf_words_apart (const char       *pdf);
void        run_clear            (Run                *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

char      **make_envp            (const char         *locale);
void        run_cli_strv         (Run                *run,
                                  const char         *locale,
                                  const char * const *args);
/* run_cli (&run, locale, "rate", "--drug", ..., NULL) */
void        run_cli              (Run                *run,
                                  const char         *locale,
                                  ...) G_GNUC_NULL_TERMINATED;
void        run_cli_binary_strv  (Run                *run,
                                  const char         *locale,
                                  const char * const *args);
/* run_cli_binary (&run, locale, "drugs", "--json", NULL) */
void        run_cli_binary       (Run                *run,
                                  const char         *locale,
                                  ...) G_GNUC_NULL_TERMINATED;
/* A refusal: nothing on stdout, exactly one line on stderr, prefixed,
 * naming @needle (the option or field). */
void        assert_refused       (const Run          *run,
                                  int                 status,
                                  const char         *needle);
char       *source_path          (const char         *relative);
/* A file in the test's own temporary directory (G_TEST_OPTION_ISOLATE_DIRS). */
char       *write_temp_file      (const char         *name,
                                  const char         *contents);

/* Exactly one JSON object on stdout. */
JsonNode   *parse_json           (const Run          *run);
/* A member by path: "dose.value", "rows.0.dose"; NULL if absent. */
JsonNode   *json_get             (JsonNode           *root,
                                  const char         *path);
JsonNode   *json_need            (JsonNode           *root,
                                  const char         *path);
double      json_double          (JsonNode           *root,
                                  const char         *path);
const char *json_string          (JsonNode           *root,
                                  const char         *path);
gboolean    json_boolean         (JsonNode           *root,
                                  const char         *path);
gboolean    json_is_null         (JsonNode           *root,
                                  const char         *path);
JsonArray  *json_array           (JsonNode           *root,
                                  const char         *path);
/* Equal to the hand-worked value within double rounding. */
void        assert_close         (double              value,
                                  double              expected);
/* The element of the array at @path whose "id" is @id, or NULL. */
JsonObject *find_by_id           (JsonNode           *root,
                                  const char         *path,
                                  const char         *id);
void        assert_concentration (JsonNode           *root,
                                  const char         *path,
                                  double              amount,
                                  const char         *amount_unit,
                                  double              volume_ml,
                                  double              per_ml,
                                  const char         *per_ml_unit);

G_END_DECLS
