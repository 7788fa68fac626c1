/* test-sheet.c: infusion sheets and case summaries as PDF, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each document is made for fixed inputs, written as PDF and read back with
 * poppler's pdfinfo (page count, paper size) and pdftotext -layout (the exact
 * rows of a hand-worked table, the tall-man name, nothing beyond the hard
 * limit, soft-limit rows marked, the repeated table header on page 2, German
 * decimal commas), then `shockpath-cli sheet` and its exit codes. Skipped when
 * poppler-utils is missing (build-aux/test.sh installs it).
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "sp-case-summary.h"
#include "sp-drug-library.h"
#include "sp-engine.h"
#include "sp-infusion-sheet.h"
#include "sp-protocol.h"

#include "sp-test-sanitizer.h"

/* --- helpers ---------------------------------------------------------------- */

static gboolean
have_poppler (void)
{
  g_autofree char *info = g_find_program_in_path ("pdfinfo");
  g_autofree char *text = g_find_program_in_path ("pdftotext");

  if (info != NULL && text != NULL)
    return TRUE;
  g_test_skip ("poppler-utils (pdfinfo, pdftotext) is not installed");
  return FALSE;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-sheet-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* stdout of a poppler tool on @pdf ("pdfinfo" or "pdftotext -layout"). */
static char *
poppler (const char *tool,
         const char *pdf,
         int         first_page,
         int         last_page)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup (tool));
  if (strcmp (tool, "pdftotext") == 0)
    {
      g_ptr_array_add (argv, g_strdup ("-layout"));
      g_ptr_array_add (argv, g_strdup ("-enc"));
      g_ptr_array_add (argv, g_strdup ("UTF-8"));
    }
  if (first_page > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", first_page));
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", last_page));
    }
  g_ptr_array_add (argv, g_strdup (pdf));
  if (strcmp (tool, "pdftotext") == 0)
    g_ptr_array_add (argv, g_strdup ("-"));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return out;
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *info = poppler ("pdfinfo", pdf, 0, 0);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static void
assert_paper (const char *pdf,
              const char *size)
{
  g_autofree char *info = poppler ("pdfinfo", pdf, 0, 0);

  if (strstr (info, size) == NULL)
    g_error ("%s: expected page size %s in:\n%s", pdf, size, info);
}

/* A line of pdftotext -layout output matching @pattern (a regex) exists. */
static void
assert_line (const char *text,
             const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, NULL))
    g_error ("no line matches /%s/ in:\n%s", pattern, text);
}

static void
assert_no_line (const char *text,
                const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);

  g_assert_nonnull (regex);
  if (g_regex_match (regex, text, 0, NULL))
    g_error ("a line matches /%s/ in:\n%s", pattern, text);
}

static guint
count_lines (const char *text,
             const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

typedef struct {
  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
  GDateTime     *printed;
} Fixture;

static void
fixture_init (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  f->drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);
  f->printed = g_date_time_new_utc (2025, 3, 14, 9, 30, 0);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->protocol);
  g_clear_object (&f->drugs);
  g_clear_pointer (&f->printed, g_date_time_unref);
}

/* The sheet of @drug_id for @weight at @conc, written to @pdf on @paper. */
static void
write_sheet (Fixture    *f,
             const char *drug_id,
             double      weight,
             const char *conc,
             double      from,
             double      to,
             double      step,
             const char *pdf,
             SpPaper     paper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDocument) doc = NULL;
  SpInfusionSheetOptions options;

  sp_infusion_sheet_options_init (&options);
  options.protocol = f->protocol;
  options.drugs = f->drugs;
  options.drug = sp_drug_library_lookup (f->drugs, drug_id);
  g_assert_nonnull (options.drug);
  options.weight_kg = weight;
  g_assert_true (sp_concentration_parse (conc, SP_NUMBER_C, "test", &options.concentration, &error));
  g_assert_no_error (error);
  options.from = from;
  options.to = to;
  options.step = step;
  options.printed = f->printed;
  options.style = SP_NUMBER_C;

  doc = sp_infusion_sheet_new (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_true (sp_document_write_pdf (doc, pdf, paper, &error));
  g_assert_no_error (error);
}

/* --- the infusion sheet ---------------------------------------------------- */

/* Norepinephrine, 70 kg, 16 mg/250 mL = 64 mcg/mL, the library's table: from
 * the titration step 0.02 to the hard limit 3 mcg/kg/min (150 rows, several
 * pages). rate = dose x weight x 60 / concentration:
 *   0.1 x 70 x 60 / 64 = 6.5625   -> "6.6"
 *   0.2 x 70 x 60 / 64 = 13.125   -> "13.1"
 *   1   x 70 x 60 / 64 = 65.625   -> "65.6" (the soft limit itself: not marked)
 *   1.02 x 70 x 60 / 64 = 66.9375 -> "66.9", above the soft limit: marked
 *   3   x 70 x 60 / 64 = 196.875  -> "196.9", the hard limit: the last row */
static void
test_sheet_norepinephrine (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page2 = NULL;
  int pages;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "ne.pdf", NULL);
  write_sheet (&f, "norepinephrine", 70, "16 mg/250 mL", NAN, NAN, NAN, pdf, SP_PAPER_A4);

  assert_paper (pdf, "595.276 x 841.89 pts (A4)");
  pages = pdf_pages (pdf);
  g_assert_cmpint (pages, >=, 2);

  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "Concentration +16 mg in 250 mL \\(64 mcg/mL\\) as base$");
  assert_line (text, "Amounts are +norepinephrine base$");
  assert_line (text, "^ +0\\.1 +6\\.6$");
  assert_line (text, "^ +0\\.2 +13\\.1$");
  assert_line (text, "^ +1 +65\\.6$");
  assert_line (text, "^ +1\\.02 +66\\.9 +above the soft limit: confirm$");
  assert_line (text, "^ +3 +196\\.9 +above the soft limit: confirm$");
  /* nothing beyond the hard limit */
  assert_no_line (text, "^ +3\\.02 ");
  assert_no_line (text, "^ +0\\.98 +64\\.3 +above");
  /* 150 rows, 100 of them above the soft limit */
  g_assert_cmpuint (count_lines (text, "^ +[0-9.]+ +[0-9.]+( +above the soft limit: confirm)?$"), ==, 150);
  g_assert_cmpuint (count_lines (text, "above the soft limit: confirm$"), ==, 100);
  /* the seed's administration notes with their citations, the sources */
  assert_line (text, "central line.*\\[seed-1, seed-3\\]");
  assert_line (text, "mean arterial pressure of 65 mmHg or more\\. \\[seed-2, seed-3\\]");
  assert_line (text, "Taper rapidly and stop as soon as");
  assert_line (text, "\\[seed-1\\] Guideline Directed Topic Overview");
  assert_line (text, "Prepared by");
  assert_line (text, "Checked by");
  assert_line (text, "Protocol: Inotropes and vasopressors in cardiogenic shock, version 1\\.0");
  assert_line (text, "Drug library: ShockPath default drug library, version 1\\.0");
  assert_line (text, "Printed 2025-03-14 09:30");
  assert_line (text, "Decision support — verify before use");

  /* page 2: the running header and the table's header again */
  page2 = poppler ("pdftotext", pdf, 2, 2);
  assert_line (page2, "^norepinephrine · 70 kg · 16 mg in 250 mL \\(64 mcg/mL\\) · infusion sheet, continued");
  assert_line (page2, "Dose \\(mcg/kg/min\\) +Rate \\(mL/h\\)");
  assert_line (page2, "Page 2 of [0-9]+");

  remove_dir (dir);
  fixture_clear (&f);
}

/* DOBUTamine 80 kg, 1000 mg/250 mL = 4000 mcg/mL on Letter, one page:
 *   2.5 x 80 x 60 / 4000 = 3;  20 x 80 x 60 / 4000 = 24 (soft limit, not marked);
 *   22.5 -> 27 marked;  40 -> 48, the hard limit, the last row. */
static void
test_sheet_dobutamine_letter (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "dob.pdf", NULL);
  write_sheet (&f, "dobutamine", 80, "1000 mg/250 mL", NAN, NAN, NAN, pdf, SP_PAPER_LETTER);

  assert_paper (pdf, "612 x 792 pts (letter)");
  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "^DOBUTamine +\\[fda-tallman\\]");
  assert_line (text, "1000 mg in 250 mL \\(4000 mcg/mL\\)");   /* C style: no grouping */
  assert_line (text, "^ +2\\.5 +3$");
  assert_line (text, "^ +20 +24$");
  assert_line (text, "^ +22\\.5 +27 +above the soft limit: confirm$");
  assert_line (text, "^ +40 +48 +above the soft limit: confirm$");
  assert_no_line (text, "^ +42\\.5 ");
  assert_no_line (text, " as base");
  g_assert_cmpuint (count_lines (text, "^ +[0-9.]+ +[0-9.]+( +above the soft limit: confirm)?$"), ==, 16);

  remove_dir (dir);
  fixture_clear (&f);
}

/* A small step makes a long table: it continues on page 2 under its header. */
static void
test_sheet_long_table (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *page1 = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *all = NULL;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "long.pdf", NULL);
  /* 2.5 to 40 in 0.5: 76 rows; beyond 40 (the hard limit) nothing, even when asked */
  write_sheet (&f, "dobutamine", 80, "1000 mg/250 mL", 2.5, 45, 0.5, pdf, SP_PAPER_A4);

  g_assert_cmpint (pdf_pages (pdf), >=, 2);
  page1 = poppler ("pdftotext", pdf, 1, 1);
  page2 = poppler ("pdftotext", pdf, 2, 2);
  all = poppler ("pdftotext", pdf, 0, 0);
  assert_line (page1, "Dose \\(mcg/kg/min\\) +Rate \\(mL/h\\)");
  /* page 2 starts with the running header, then the table's header */
  assert_line (page2, "^DOBUTamine · 80 kg");
  assert_line (page2, "Dose \\(mcg/kg/min\\) +Rate \\(mL/h\\)");
  assert_line (all, "^ +40 +48 +above the soft limit: confirm$");
  assert_no_line (all, "^ +40\\.5 ");
  g_assert_cmpuint (count_lines (all, "^ +[0-9.]+ +[0-9.]+( +above the soft limit: confirm)?$"), ==, 76);

  remove_dir (dir);
  fixture_clear (&f);
}

/* --- the case summary -------------------------------------------------------- */

static void
test_summary (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *case_path = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                                 "example-step2.xml", NULL);
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  data = sp_case_file_load (case_path, &error);
  g_assert_no_error (error);
  assessment = sp_engine_evaluate (f.protocol, f.drugs, &data->patient);
  doc = sp_case_summary_new (assessment, f.drugs, data, f.printed, SP_NUMBER_C);

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "summary.pdf", NULL);
  g_assert_true (sp_document_write_pdf (doc, pdf, SP_PAPER_LETTER, &error));
  g_assert_no_error (error);
  assert_paper (pdf, "612 x 792 pts (letter)");

  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "Active step +Step 3: norepinephrine");
  assert_line (text, "Criteria");
  assert_line (text, " met ");
  /* dobutamine 5 mcg/kg/min, 78 kg, 4000 mcg/mL: 5 x 78 x 60 / 4000 = 5.85 -> "5.9" */
  assert_line (text, "DOBUTamine 5 mcg/kg/min at 1000 mg in 250 mL \\(4000 mcg/mL\\): 5\\.9 mL/h");
  assert_line (text, "Not entered +.*Mean arterial pressure|Not entered");
  assert_line (text, "Monitoring");
  assert_line (text, "seed-4");
  assert_line (text, "Decision support — verify before use");
  assert_line (text, "Page 1 of [0-9]+");

  remove_dir (dir);
  fixture_clear (&f);
}

/* --- shockpath-cli sheet ------------------------------------------------------- */

/* Runs shockpath-cli in @locale; returns its exit status. */
static int
run_cli (const char  *dir,
         const char  *locale,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first,
         ...)
{
  const char *cli = g_getenv ("SHOCKPATH_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  int status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  envp = sp_test_child_environ (envp, dir);

  g_ptr_array_add (argv, (char *) cli);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out_stdout, out_stderr, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_null (strstr (*out_stderr, "Sanitizer"));
  g_assert_null (strstr (*out_stderr, "runtime error"));
  g_assert_null (strstr (*out_stderr, "CRITICAL"));

  return WEXITSTATUS (status);
}

/* One line on stderr naming @option. */
static void
assert_one_line (const char *err,
                 const char *option)
{
  g_assert_nonnull (strstr (err, option));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_cli_sheet (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *de = "de_DE.UTF-8";

  if (g_getenv ("SHOCKPATH_CLI") == NULL)
    {
      g_test_skip ("SHOCKPATH_CLI is not set");
      return;
    }
  if (!have_poppler ())
    return;

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "sheet.pdf", NULL);
  png = g_build_filename (dir, "sheet.png", NULL);

  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "dobutamine",
                            "--weight", "80", "--concentration", "1000 mg/250 mL",
                            "--paper", "letter", "--output", pdf, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "1 infusion sheet(s), "));
  g_assert_true (g_str_has_suffix (out, ", Letter\n"));
  assert_paper (pdf, "612 x 792 pts (letter)");
  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "^DOBUTamine");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* German: decimal commas, grouping with a space; norepinephrine is
   * Noradrenalin. 0.1 x 70 x 60 / 64 = 6.5625 -> "6,6" */
  if (run_cli (dir, de, &out, &err, "sheet", "--drug", "norepinephrine", "--weight", "70",
               "--concentration", "16 mg/250 mL", "--output", pdf, NULL) == 0)
    {
      assert_paper (pdf, "595.276 x 841.89 pts (A4)");
      text = poppler ("pdftotext", pdf, 0, 0);
      assert_line (text, "^ +0,1 +6,6$");
      assert_line (text, "^ +2,5 +164,1 ");
      assert_line (text, "16 mg in 250 mL \\(64 mcg/mL\\)");
      assert_no_line (text, "^ +0\\.1 ");
      g_clear_pointer (&text, g_free);
    }
  else
    {
      g_test_message ("no %s locale: %s", de, err);
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* batch: two drugs x two weights, one sheet each, each numbered alone */
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet",
                            "--drug", "dobutamine", "--drug", "milrinone",
                            "--concentration", "1000 mg/250 mL", "--concentration", "20 mg/100 mL",
                            "--weight", "60", "--weight", "90", "--output", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "4 infusion sheet(s)"));
  text = poppler ("pdftotext", pdf, 0, 0);
  g_assert_cmpuint (count_lines (text, "^DOBUTamine +\\[fda-tallman\\]"), ==, 2);
  g_assert_cmpuint (count_lines (text, "^milrinone"), ==, 2);
  g_assert_cmpuint (count_lines (text, "Page 1 of "), ==, 4);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* usage errors: exit 2, nothing written */
  g_unlink (pdf);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "dobutamine", "--weight", "80",
                            "--concentration", "1000 mg/250 mL", "--output", png, NULL), ==, 2);
  assert_one_line (err, "--output");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "dobutamine", "--weight", "80",
                            "--concentration", "1000 mg/250 mL", "--paper", "a5", "--output", pdf,
                            NULL), ==, 2);
  assert_one_line (err, "--paper");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--weight", "80",
                            "--concentration", "1000 mg/250 mL", "--output", pdf, NULL), ==, 2);
  assert_one_line (err, "--drug");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* refused input: exit 1, one line naming the option, nothing written */
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "dobutamine", "--weight", "180 lb",
                            "--concentration", "1000 mg/250 mL", "--output", pdf, NULL), ==, 1);
  assert_one_line (err, "--weight");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "dobutamine", "--weight", "8000",
                            "--concentration", "1000 mg/250 mL", "--output", pdf, NULL), ==, 1);
  assert_one_line (err, "--weight");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "norepinephrine", "--weight", "70",
                            "--concentration", "32 mg/250 mL", "--output", pdf, NULL), ==, 1);
  assert_one_line (err, "--concentration");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "sheet", "--drug", "nosuchdrug", "--weight", "70",
                            "--concentration", "16 mg/250 mL", "--output", pdf, NULL), ==, 1);
  assert_one_line (err, "--drug");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the summary command */
  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "summary", "--set", "sbp=80",
                            "--output", pdf, NULL), ==, 0);
  g_assert_cmpint (pdf_pages (pdf), >=, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  remove_dir (dir);
}

/* A pharmacy's own library prints its own name and version. */
static void
test_cli_site_library (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *lib = NULL;
  g_autofree char *shipped = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) site = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SHOCKPATH_CLI") == NULL)
    {
      g_test_skip ("SHOCKPATH_CLI is not set");
      return;
    }
  if (!have_poppler ())
    return;

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "site.pdf", NULL);
  lib = g_build_filename (dir, "site-drugs.xml", NULL);
  shipped = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "drugs.xml", NULL);
  g_assert_true (g_file_get_contents (shipped, &contents, NULL, &error));
  site = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (site, ">ShockPath default drug library<", ">ICU drug library<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (site, "version=\"1.0\" defaults=\"true\"",
                                      "version=\"7\" defaults=\"false\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (lib, site->str, -1, &error));

  g_assert_cmpint (run_cli (dir, "C.UTF-8", &out, &err, "--drug-library", lib, "sheet",
                            "--drug", "dopamine", "--weight", "70", "--concentration", "400 mg/250 mL",
                            "--output", pdf, NULL), ==, 0);
  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "Drug library: ICU drug library, version 7$");
  assert_line (text, "^DOPamine");

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/sheet/norepinephrine-a4", test_sheet_norepinephrine);
  g_test_add_func ("/render/sheet/dobutamine-letter", test_sheet_dobutamine_letter);
  g_test_add_func ("/render/sheet/long-table", test_sheet_long_table);
  g_test_add_func ("/render/summary/step2", test_summary);
  g_test_add_func ("/cli/sheet/exit-codes-locale-batch", test_cli_sheet);
  g_test_add_func ("/cli/sheet/site-library", test_cli_site_library);

  return g_test_run ();
}
