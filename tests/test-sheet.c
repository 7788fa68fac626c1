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

#include "sp-case.h"
#include "sp-case-summary.h"
#include "sp-drug-library.h"
#include "sp-engine.h"
#include "sp-infusion-sheet.h"
#include "sp-protocol.h"

#include "sp-test-cli.h"
#include "sp-test-spawn.h"

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

  /* "pdftotext": -layout, as the page looks; "pdftotext-raw": -raw, in
   * drawing order, which gives a column-grouped table one row per line, in
   * reading order; "pdftotext-bbox": every word with its box */
  g_ptr_array_add (argv, g_strdup (g_str_has_prefix (tool, "pdftotext") ? "pdftotext" : tool));
  if (g_str_has_prefix (tool, "pdftotext"))
    {
      if (strcmp (tool, "pdftotext") == 0)
        g_ptr_array_add (argv, g_strdup ("-layout"));
      else if (strcmp (tool, "pdftotext-raw") == 0)
        g_ptr_array_add (argv, g_strdup ("-raw"));
      else
        g_ptr_array_add (argv, g_strdup ("-bbox"));
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
  if (g_str_has_prefix (tool, "pdftotext"))
    g_ptr_array_add (argv, g_strdup ("-"));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH, NULL, NULL,
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

/* The sources are one paragraph of small type: a reference may wrap. */
static void
assert_source (const char *text,
               const char *needle)
{
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *flat = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);

  if (strstr (flat, needle) == NULL)
    g_error ("no source “%s” in:\n%s", needle, text);
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

/* The rows of the dose -> rate tables in pdftotext -raw output ("0.1 6.6"
 * lines, in reading order: down one column group, then the next), split at
 * the heading of the rows above the soft limit (in English, or as the German
 * catalogue words it). */
/* A row of a rate table in -raw order: "0.1 6.6", or "0.01 0.7*" where
 * the pump's step takes the dose too far. */
#define ROW_PATTERN "^[0-9]+([.,][0-9]+)? [0-9]+([.,][0-9]+)?\\*?$"

typedef struct {
  GPtrArray *below;   /* char*: "dose rate", up to the soft limit */
  GPtrArray *above;   /* above it */
} SheetRows;

static void
sheet_rows_init (SheetRows  *rows,
                 const char *raw)
{
  g_auto(GStrv) lines = g_strsplit (raw, "\n", -1);
  g_autoptr(GRegex) row = g_regex_new (ROW_PATTERN, 0, 0, NULL);
  gboolean above = FALSE;

  rows->below = g_ptr_array_new_with_free_func (g_free);
  rows->above = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Above the soft limit of ")
          || g_str_has_prefix (lines[i], "Über dem weichen Limit von "))
        above = TRUE;
      else if (g_regex_match (row, lines[i], 0, NULL))
        g_ptr_array_add (above ? rows->above : rows->below, g_strdup (lines[i]));
    }
}

static void
sheet_rows_clear (SheetRows *rows)
{
  g_ptr_array_unref (rows->below);
  g_ptr_array_unref (rows->above);
}

static void
assert_row (GPtrArray  *rows,
            guint       index,
            const char *expected)
{
  g_assert_cmpuint (index, <, rows->len);
  g_assert_cmpstr (g_ptr_array_index (rows, index), ==, expected);
}

static gboolean
has_row (GPtrArray  *rows,
         const char *expected)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (g_ptr_array_index (rows, i), expected))
      return TRUE;
  return FALSE;
}

/* No page ends with a table header alone: in -raw order a header line is
 * followed by a row (ROW_PATTERN), never by anything else. */
static void
assert_no_lone_header (const char *raw,
                       const char *header)
{
  g_auto(GStrv) lines = g_strsplit (raw, "\n", -1);
  g_autoptr(GRegex) row = g_regex_new (ROW_PATTERN, 0, 0, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], header) &&
        (lines[i + 1] == NULL || !g_regex_match (row, lines[i + 1], 0, NULL)))
      g_error ("the header “%s” is not followed by a row but by “%s”", header,
               lines[i + 1] != NULL ? lines[i + 1] : "(end)");
}

/* Every word of every page lies above the footer's rule: the footer of
 * the disclaimer, the time and the page number sits
 * 4 pt below the rule, so nothing else may reach below its top - 4 pt. */
static void
assert_clear_of_footer (const char *pdf)
{
  g_autofree char *bbox = poppler ("pdftotext-bbox", pdf, 0, 0);
  g_auto(GStrv) pages = g_strsplit (bbox, "<page ", -1);
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\" "
                                        "xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                        0, 0, NULL);

  for (guint p = 1; pages[p] != NULL; p++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      double footer_top = G_MAXDOUBLE, lowest = 0;

      g_regex_match (word, pages[p], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *top = g_match_info_fetch (match, 1);
          g_autofree char *bottom = g_match_info_fetch (match, 2);
          g_autofree char *text = g_match_info_fetch (match, 3);

          if (g_str_equal (text, "Decision"))
            footer_top = g_ascii_strtod (top, NULL);
          g_match_info_next (match, NULL);
        }
      g_assert_cmpfloat (footer_top, <, G_MAXDOUBLE);

      /* every word but the footer's own (on its line) */
      g_clear_pointer (&match, g_match_info_free);
      g_regex_match (word, pages[p], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *top = g_match_info_fetch (match, 1);
          g_autofree char *bottom = g_match_info_fetch (match, 2);

          if (g_ascii_strtod (top, NULL) < footer_top - 1.0)
            lowest = MAX (lowest, g_ascii_strtod (bottom, NULL));
          g_match_info_next (match, NULL);
        }
      if (lowest > footer_top - 4.0)
        g_error ("%s page %u: text reaches y = %.1f, the footer's rule is at %.1f", pdf, p,
                 lowest, footer_top - 4.0);
    }
}

/* Norepinephrine, 70 kg, 16 mg/250 mL = 64 mcg/mL, the library's table: from
 * the titration step 0.02 to the hard limit 3 mcg/kg/min in 0.02, 150 rows,
 * in four column groups on two A4 pages. rate = dose x weight x 60 / conc:
 *   0.02 x 70 x 60 / 64 = 1.3125   -> "1.3", the first row
 *   0.1  x 70 x 60 / 64 = 6.5625   -> "6.6"
 *   0.2  x 70 x 60 / 64 = 13.125   -> "13.1"
 *   0.32 x 70 x 60 / 64 = 21       -> "21" (no trailing zero)
 *   1    x 70 x 60 / 64 = 65.625   -> "65.6", the soft limit itself: the
 *                                     last row below the heading
 *   1.02 x 70 x 60 / 64 = 66.9375  -> "66.9", the first row above it
 *   3    x 70 x 60 / 64 = 196.875  -> "196.8", the hard limit: the last row,
 *                                     rounded down (196.9 would be
 *                                     196.9 x 64 / 60 / 70 = 3.0003
 *                                     mcg/kg/min, above the hard limit)
 * 0.02 to 1 is 50 rows, 1.02 to 3 is 100. */
/* A heavy patient: the library's soft limit of 70 mcg/min is 70 / 120 =
 * 0.583 mcg/kg/min at 120 kg, inside the source's usual 0.2 to 1
 * mcg/kg/min. The usual range says where its top is over the soft limit,
 * and the rate that comes to at 16 mcg/mL: 70 × 60 / 16 = 262.5 mL/h, as
 * the window's step 3 says it (the sheet gave the range unmarked). At 70
 * kg the two limits are the same 1 mcg/kg/min: nothing to mark. */
static void
test_sheet_heavy_patient (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *heavy = NULL;
  g_autofree char *usual = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  heavy = g_build_filename (dir, "heavy.pdf", NULL);
  usual = g_build_filename (dir, "usual.pdf", NULL);
  write_sheet (&f, "norepinephrine", 120, "4 mg/250 mL", NAN, NAN, NAN, heavy, SP_PAPER_A4);
  write_sheet (&f, "norepinephrine", 70, "4 mg/250 mL", NAN, NAN, NAN, usual, SP_PAPER_A4);

  text = poppler ("pdftotext", heavy, 1, 1);
  assert_source (text, "Usual range 0.2 to 1 mcg/kg/min (initial dose) [seed-1]; above 0.583 "
                       "mcg/kg/min (262.5 mL/h), the soft limit here [local], confirm the dose");
  g_clear_pointer (&text, g_free);
  text = poppler ("pdftotext", usual, 1, 1);
  assert_source (text, "Usual range 0.2 to 1 mcg/kg/min (initial dose) [seed-1]");
  g_assert_null (strstr (text, "the soft limit here"));
  g_clear_pointer (&text, g_free);

  /* at 8 mg/250 mL (32 mcg/mL): 70 × 60 / 32 = 131.25 mL/h, shown 131.3 as
   * `rate` shows it (worked out through 70 / 120 kg it was 131.2499…,
   * shown 131.2) */
  write_sheet (&f, "norepinephrine", 120, "8 mg/250 mL", NAN, NAN, NAN, heavy, SP_PAPER_A4);
  text = poppler ("pdftotext", heavy, 1, 1);
  assert_source (text, "above 0.583 mcg/kg/min (131.3 mL/h), the soft limit here");
  g_clear_pointer (&text, g_free);

  /* at 70.02 kg the soft limit is 70 / 70.02 = 0.9997 mcg/kg/min, shown
   * "1", the range's top: not marked "above 1 mcg/kg/min" */
  write_sheet (&f, "norepinephrine", 70.02, "4 mg/250 mL", NAN, NAN, NAN, usual, SP_PAPER_A4);
  text = poppler ("pdftotext", usual, 1, 1);
  g_assert_null (strstr (text, "the soft limit here"));

  remove_dir (dir);
  fixture_clear (&f);
}

static void
test_sheet_norepinephrine (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *page1 = NULL;
  g_autofree char *page2 = NULL;
  SheetRows rows;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "ne.pdf", NULL);
  write_sheet (&f, "norepinephrine", 70, "16 mg/250 mL", NAN, NAN, NAN, pdf, SP_PAPER_A4);

  assert_paper (pdf, "595.276 x 841.89 pts (A4)");
  g_assert_cmpint (pdf_pages (pdf), ==, 2);
  assert_clear_of_footer (pdf);

  raw = poppler ("pdftotext-raw", pdf, 0, 0);
  sheet_rows_init (&rows, raw);
  g_assert_cmpuint (rows.below->len, ==, 50);
  g_assert_cmpuint (rows.above->len, ==, 100);
  assert_row (rows.below, 0, "0.02 1.3");
  assert_row (rows.below, 4, "0.1 6.6");
  assert_row (rows.below, 9, "0.2 13.1");
  assert_row (rows.below, 15, "0.32 21");
  assert_row (rows.below, 49, "1 65.6");
  assert_row (rows.above, 0, "1.02 66.9");
  assert_row (rows.above, 99, "3 196.8");
  /* nothing beyond the hard limit */
  assert_no_line (raw, "^3\\.02 ");
  assert_line (raw, "^Above the soft limit of 1 mcg/kg/min: confirm the dose$");
  assert_no_lone_header (raw, "mcg/kg/min mL/h");
  sheet_rows_clear (&rows);

  text = poppler ("pdftotext", pdf, 0, 0);
  /* the drug and its bag, largest, then the concentration in full */
  assert_line (text, "^norepinephrine +16 mg/250 mL$");
  assert_line (text, "Concentration +16 mg in 250 mL \\(64 mcg/mL\\) as base$");
  assert_line (text, "^HIGH-ALERT MEDICATION: independent double check \\[ismp-high-alert\\]$");
  assert_line (text, "Amounts are +norepinephrine base$");
  assert_line (text, "Weight +70 kg$");
  assert_line (text, "^Dose to pump rate for 70 kg at 16 mg in 250 mL \\(64 mcg/mL\\)$");
  /* four groups side by side: four pairs on a line */
  assert_line (text, "^ *(mcg/kg/min +mL/h +){3}mcg/kg/min +mL/h$");
  assert_line (text, "^ +0\\.02 +1\\.3 +0\\.28 +18\\.4 +0\\.54 +35\\.4 +0\\.8 +52\\.5$");
  /* the seed's administration notes with their citations, the sources */
  assert_line (text, "central line.*\\[seed-1, seed-3\\]");
  assert_line (text, "mean arterial pressure of 65 mmHg or more\\. \\[seed-2, seed-3\\]");
  assert_line (text, "Taper rapidly and stop as soon as");
  assert_source (text, "[seed-1] Guideline Directed Topic Overview");
  assert_line (text, "Prepared by");
  assert_line (text, "Checked by");
  assert_line (text, "^Rates rounded to 1 decimal place, as the pump shows them\\.$");
  assert_line (text, "^The table ends at the hard limit \\(3 mcg/kg/min\\): no higher dose is printed\\.$");
  assert_line (text, "Protocol: Inotropes and vasopressors in cardiogenic shock, version 1\\.0");
  assert_line (text, "Drug library: ShockPath default drug library, version 2\\.0, profile "
                     "“Adult ICU - 250 mL bags \\(ASHP S4S\\)”");
  assert_line (text, "Printed 2025-03-14 09:30");
  /* the disclaimer, whole, on every page (CLINICAL.md): it wraps in its
   * half of the footer */
  assert_line (text, "Decision support — verify before use");
  assert_line (text, "clinical judgement\\.$");

  /* page 2: the running header, then the table's heading marked as
   * continued (its rows are all above the soft limit, and the page must
   * say so where they start), then the table's header again */
  page1 = poppler ("pdftotext-raw", pdf, 1, 1);
  page2 = poppler ("pdftotext-raw", pdf, 2, 2);
  g_assert_true (g_str_has_prefix (page2, "norepinephrine · 70 kg · 16 mg in 250 mL (64 mcg/mL) · "
                                          "infusion sheet, continued\n"
                                          "Above the soft limit of 1 mcg/kg/min: confirm the dose "
                                          "(continued)\nmcg/kg/min mL/h\n"));
  assert_line (page2, "Page 2 of 2");
  /* the table continues where page 1 left it: its last row and page 2's
   * first are titration steps apart */
  /* (the label block fills more of page 1 since the preparation, storage
   * and write-in lines, and the footer's whole disclaimer takes two lines:
   * 1.56 x 70 x 60 / 64 = 102.375 -> 102.4; then 1.58 -> 103.6875 ->
   * 103.7) */
  assert_line (page1, "^1\\.56 102\\.4$");
  assert_no_line (page2, "^1\\.56 ");
  assert_line (page2, "^1\\.58 103\\.7$");

  remove_dir (dir);
  fixture_clear (&f);
}

/* The same sheet on US Letter (50 pt shorter than A4) still takes two
 * pages, the table's header repeated; German numbers with decimal commas
 * come from the locale, tested through the CLI below. */
static void
test_sheet_norepinephrine_letter (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *raw = NULL;
  SheetRows rows;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "ne-letter.pdf", NULL);
  write_sheet (&f, "norepinephrine", 70, "16 mg/250 mL", NAN, NAN, NAN, pdf, SP_PAPER_LETTER);

  assert_paper (pdf, "612 x 792 pts (letter)");
  g_assert_cmpint (pdf_pages (pdf), ==, 2);
  assert_clear_of_footer (pdf);
  raw = poppler ("pdftotext-raw", pdf, 0, 0);
  sheet_rows_init (&rows, raw);
  g_assert_cmpuint (rows.below->len, ==, 50);
  g_assert_cmpuint (rows.above->len, ==, 100);
  assert_row (rows.above, 99, "3 196.8");
  assert_no_lone_header (raw, "mcg/kg/min mL/h");
  sheet_rows_clear (&rows);

  remove_dir (dir);
  fixture_clear (&f);
}

/* DOBUTamine 80 kg, 1000 mg/250 mL = 4000 mcg/mL on Letter: the whole sheet
 * on one page, its last source above the footer:
 *   2.5 x 80 x 60 / 4000 = 3;  20 x 80 x 60 / 4000 = 24 (the soft limit, the
 *   last row below the heading);  22.5 -> 27 above it;  40 -> 48, the hard
 *   limit, the last row. 2.5 to 20 is 8 rows, 22.5 to 40 is 8. */
static void
test_sheet_dobutamine_letter (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  SheetRows rows;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "dob.pdf", NULL);
  write_sheet (&f, "dobutamine", 80, "1000 mg/250 mL", NAN, NAN, NAN, pdf, SP_PAPER_LETTER);

  assert_paper (pdf, "612 x 792 pts (letter)");
  g_assert_cmpint (pdf_pages (pdf), ==, 1);
  assert_clear_of_footer (pdf);
  text = poppler ("pdftotext", pdf, 0, 0);
  /* the drug and its bag on one title line, the tall-man source beside */
  assert_line (text, "^DOBUTamine +1000 mg/250 mL +\\[fda-tallman\\]$");
  assert_line (text, "1000 mg in 250 mL \\(4000 mcg/mL\\)");   /* C style: no grouping */
  assert_source (text, "[esc-2016] ESC Guidelines");          /* the last source */
  assert_no_line (text, " as base");

  raw = poppler ("pdftotext-raw", pdf, 0, 0);
  sheet_rows_init (&rows, raw);
  g_assert_cmpuint (rows.below->len, ==, 8);
  g_assert_cmpuint (rows.above->len, ==, 8);
  assert_row (rows.below, 0, "2.5 3");
  assert_row (rows.below, 7, "20 24");
  assert_row (rows.above, 0, "22.5 27");
  assert_row (rows.above, 7, "40 48");
  assert_line (raw, "^Above the soft limit of 20 mcg/kg/min: confirm the dose$");
  assert_no_line (raw, "^42\\.5 ");
  sheet_rows_clear (&rows);

  remove_dir (dir);
  fixture_clear (&f);
}

/* A long table asked for (--step 0.01, 300 rows up to the hard limit of
 * 3 mcg/kg/min; --to 4 is cut there) continues over pages, each starting
 * with the running header and the table's header, never beyond the hard
 * limit: 0.01 x 70 x 60 / 64 = 0.65625 -> "0.7" (leading zero);
 * 2.99 x 70 x 60 / 64 = 196.21875 -> "196.2". */
static void
test_sheet_long_table (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *raw = NULL;
  SheetRows rows;
  int pages;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "long.pdf", NULL);
  write_sheet (&f, "norepinephrine", 70, "16 mg/250 mL", 0.01, 4, 0.01, pdf, SP_PAPER_A4);

  pages = pdf_pages (pdf);
  g_assert_cmpint (pages, >=, 3);
  assert_clear_of_footer (pdf);
  for (int p = 2; p <= pages; p++)
    {
      g_autofree char *page = poppler ("pdftotext-raw", pdf, p, p);

      g_assert_true (g_str_has_prefix (page, "norepinephrine · 70 kg · "));
      if (strstr (page, "Administration") == NULL || p < pages)
        assert_line (page, "^mcg/kg/min mL/h$");
    }
  raw = poppler ("pdftotext-raw", pdf, 0, 0);
  assert_no_lone_header (raw, "mcg/kg/min mL/h");
  sheet_rows_init (&rows, raw);
  g_assert_cmpuint (rows.below->len, ==, 100);
  g_assert_cmpuint (rows.above->len, ==, 200);
  /* 0.01 x 70 x 60 / 64 = 0.65625 mL/h, set to 0.7: the pump gives 6.7%
   * more, more than the 5% allowed, marked */
  assert_row (rows.below, 0, "0.01 0.7*");
  /* 0.02 -> 1.3125, set to 1.3: -0.95%, within */
  assert_row (rows.below, 1, "0.02 1.3");
  assert_row (rows.above, 198, "2.99 196.2");
  assert_row (rows.above, 199, "3 196.8");
  assert_no_line (raw, "^3\\.01 ");
  sheet_rows_clear (&rows);

  remove_dir (dir);
  fixture_clear (&f);
}

/* A dose per minute needs no weight. Vasopressin 20 units/100 mL =
 * 0.2 units/mL: rate = dose x 60 / 0.2:
 *   0.01 -> 3;  0.03 -> 9 (the soft limit);  0.04 -> 12 above it;
 *   0.1 -> 30, the hard limit, the last row.
 * Norepinephrine in mcg/min at 64 mcg/mL: rate = dose x 60 / 64:
 *   2 -> 1.875 -> "1.9";  70 -> 65.625 -> "65.6" (the soft limit);
 *   72 -> 67.5 above it;  298 -> 279.375 -> "279.4". */
static void
test_sheet_without_weight (void)
{
  Fixture f;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_poppler ())
    return;

  fixture_init (&f);
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "vaso.pdf", NULL);

  {
    g_autofree char *text = NULL;
    g_autofree char *raw = NULL;
    SheetRows rows;

    write_sheet (&f, "vasopressin", NAN, "20 units/100 mL", NAN, NAN, NAN, pdf, SP_PAPER_A4);
    g_assert_cmpint (pdf_pages (pdf), ==, 1);
    text = poppler ("pdftotext", pdf, 0, 0);
    assert_line (text, "^Dose to pump rate at 20 units in 100 mL \\(0\\.2 units/mL\\)$");
    assert_line (text, "Dose unit +units/min$");
    assert_no_line (text, "^Weight ");
    assert_no_line (text, " kg");
    raw = poppler ("pdftotext-raw", pdf, 0, 0);
    sheet_rows_init (&rows, raw);
    g_assert_cmpuint (rows.below->len, ==, 3);
    g_assert_cmpuint (rows.above->len, ==, 7);
    assert_row (rows.below, 0, "0.01 3");
    assert_row (rows.below, 2, "0.03 9");
    assert_row (rows.above, 0, "0.04 12");
    assert_row (rows.above, 6, "0.1 30");
    sheet_rows_clear (&rows);
  }

  {
    g_autoptr(SpDocument) doc = NULL;
    g_autofree char *raw = NULL;
    SpInfusionSheetOptions options;
    SheetRows rows;

    sp_infusion_sheet_options_init (&options);
    options.protocol = f.protocol;
    options.drugs = f.drugs;
    options.drug = sp_drug_library_lookup (f.drugs, "norepinephrine");
    options.printed = f.printed;
    options.style = SP_NUMBER_C;
    g_assert_true (sp_concentration_parse ("16 mg/250 mL", SP_NUMBER_C, "test",
                                           &options.concentration, &error));

    /* per kg (the drug's first unit) and no weight: refused */
    doc = sp_infusion_sheet_new (&options, &error);
    g_assert_error (error, SP_INFUSION_SHEET_ERROR, SP_INFUSION_SHEET_ERROR_NO_WEIGHT);
    g_assert_null (doc);
    g_clear_error (&error);

    /* per minute: printed */
    g_assert_true (sp_dose_unit_parse ("mcg/min", &options.unit));
    options.has_unit = TRUE;
    doc = sp_infusion_sheet_new (&options, &error);
    g_assert_no_error (error);
    g_assert_true (sp_document_write_pdf (doc, pdf, SP_PAPER_LETTER, &error));
    g_assert_no_error (error);
    assert_clear_of_footer (pdf);
    raw = poppler ("pdftotext-raw", pdf, 0, 0);
    sheet_rows_init (&rows, raw);
    g_assert_cmpuint (rows.below->len, ==, 35);    /* 2 to 70 in 2 */
    g_assert_cmpuint (rows.above->len, ==, 115);   /* 72 to 300 in 2 */
    assert_row (rows.below, 0, "2 1.9");
    assert_row (rows.below, 34, "70 65.6");
    assert_row (rows.above, 0, "72 67.5");
    g_assert_true (has_row (rows.above, "298 279.4"));
    assert_line (raw, "^Above the soft limit of 70 mcg/min: confirm the dose$");
    assert_no_lone_header (raw, "mcg/min mL/h");
    g_assert_cmpint (pdf_pages (pdf), <=, 2);
    sheet_rows_clear (&rows);
  }

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
  data = sp_case_data_load (case_path, f.protocol, f.drugs, &error);
  g_assert_no_error (error);
  assessment = sp_engine_evaluate (f.protocol, f.drugs, &data->patient, data->infusions);
  doc = sp_case_summary_new (assessment, f.drugs, data, f.printed, SP_NUMBER_C);

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "summary.pdf", NULL);
  g_assert_true (sp_document_write_pdf (doc, pdf, SP_PAPER_LETTER, &error));
  g_assert_no_error (error);
  assert_paper (pdf, "612 x 792 pts (letter)");

  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "Active step +Step 3: norepinephrine");
  assert_line (text, "Criteria");
  /* a criterion's state in the same words as the window and the slides */
  assert_line (text, " holds( |$)");
  assert_no_line (text, " not met ");
  /* dobutamine 5 mcg/kg/min, 78 kg, 4000 mcg/mL: 5 x 78 x 60 / 4000 = 5.85 -> "5.9" */
  assert_line (text, "DOBUTamine 5 mcg/kg/min at 1000 mg in 250 mL \\(4000 mcg/mL\\): 5\\.9 mL/h");
  assert_line (text, "Not entered +.*Mean arterial pressure|Not entered");
  assert_line (text, "Monitoring");
  assert_line (text, "seed-4");
  assert_line (text, "Decision support — verify before use");
  assert_line (text, "Page 1 of [0-9]+");
  assert_line (text, "Case +Step 2 criteria met: start norepinephrine");
  assert_line (text, "Notes +78 kg, after myocardial infarction\\.");

  /* The case's own title and notes in the user's language (LANGUAGE picks
   * the file's variant; the labels stay English in the C locale). */
  {
    g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
    g_autoptr(SpDocument) doc_de = NULL;
    g_autofree char *pdf_de = g_build_filename (dir, "summary-de.pdf", NULL);
    g_autofree char *text_de = NULL;

    g_setenv ("LANGUAGE", "de", TRUE);
    doc_de = sp_case_summary_new (assessment, f.drugs, data, f.printed, SP_NUMBER_C);
    if (saved != NULL)
      g_setenv ("LANGUAGE", saved, TRUE);
    else
      g_unsetenv ("LANGUAGE");
    g_assert_true (sp_document_write_pdf (doc_de, pdf_de, SP_PAPER_LETTER, &error));
    g_assert_no_error (error);
    text_de = poppler ("pdftotext", pdf_de, 0, 0);
    assert_line (text_de, "Kriterien von Schritt 2 erfüllt: Noradrenalin beginnen");
    assert_line (text_de, "78 kg, nach Myokardinfarkt\\.");
    assert_no_line (text_de, "norepinephrine indicated|after myocardial infarction");
  }

  remove_dir (dir);
  fixture_clear (&f);
}

/* --- shockpath-cli sheet ------------------------------------------------------- */

/* One line on stderr naming @option. */
/* shockpath-cli sheet refusing its input: the arguments (without
 * --output), the exit status, the option its one line names, and more it
 * says. */
typedef struct {
  const char *args[12];
  gboolean    png;        /* --output sheet.png, not sheet.pdf */
  int         status;
  const char *option;
  const char *contains;
} SheetRefusal;

static const SheetRefusal sheet_refusals[] = {
  /* usage errors */
  { { "--drug", "dobutamine", "--weight", "80", "--concentration", "1000 mg/250 mL" },
    TRUE, 2, "--output", NULL },
  { { "--drug", "dobutamine", "--weight", "80", "--concentration", "1000 mg/250 mL",
      "--paper", "a5" }, FALSE, 2, "--paper", NULL },
  { { "--weight", "80", "--concentration", "1000 mg/250 mL" }, FALSE, 2, "--drug", NULL },
  /* refused input */
  { { "--drug", "norepinephrine", "--concentration", "16 mg/250 mL" },
    FALSE, 1, "--weight", "mcg/kg/min" },            /* per kg, and no weight */
  { { "--drug", "dobutamine", "--weight", "180 lb", "--concentration", "1000 mg/250 mL" },
    FALSE, 1, "--weight", NULL },
  { { "--drug", "dobutamine", "--weight", "8000", "--concentration", "1000 mg/250 mL" },
    FALSE, 1, "--weight", NULL },
  { { "--drug", "norepinephrine", "--weight", "70", "--concentration", "32 mg/250 mL" },
    FALSE, 1, "--concentration", NULL },
  { { "--drug", "nosuchdrug", "--weight", "70", "--concentration", "16 mg/250 mL" },
    FALSE, 1, "--drug", NULL },
  /* an ordered dose of 0 was dropped, the sheet printed without one */
  { { "--drug", "dobutamine", "--weight", "80", "--concentration", "1000 mg/250 mL",
      "--dose", "0" }, FALSE, 1, "--dose", "above 0" },
};

static void
test_cli_sheet (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  const char *de = "de_DE.UTF-8";

  if (!have_poppler ())
    return;

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "sheet.pdf", NULL);
  png = g_build_filename (dir, "sheet.png", NULL);

  run_cli (&run, LOCALE_C, "sheet", "--drug", "dobutamine",
           "--weight", "80", "--concentration", "1000 mg/250 mL",
           "--paper", "letter", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "1 infusion sheet, "));
  g_assert_true (g_str_has_suffix (run.out, ", Letter\n"));
  assert_paper (pdf, "612 x 792 pts (letter)");
  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "^DOBUTamine");
  g_clear_pointer (&text, g_free);
  run_clear (&run);

  /* German: decimal commas, on A4 (two pages) and on Letter (three: the
   * German words are longer, and on the shorter page, under the table's
   * heading repeated "(Fortsetzung)", the last rows move on to a third).
   * 0.1 x 70 x 60 / 64 = 6.5625 -> "6,6"; 1.02 -> 66.9375 -> "66,9";
   * 2.5 x 70 x 60 / 64 = 164.0625 -> "164,1" */
  run_cli (&run, de, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--output", pdf, NULL);
  if (run.status == 0)
    {
      const char *papers[] = { "a4", "letter" };

      for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
        {
          SheetRows rows;

          run_clear (&run);
          run_cli (&run, de, "sheet", "--drug", "norepinephrine",
                   "--weight", "70", "--concentration", "16 mg/250 mL",
                   "--paper", papers[i], "--output", pdf, NULL);
          g_assert_cmpint (run.status, ==, 0);
          assert_paper (pdf, i == 0 ? "595.276 x 841.89 pts (A4)" : "612 x 792 pts (letter)");
          /* the full table (150 rows): two pages on A4, three on Letter */
          g_assert_cmpint (pdf_pages (pdf), ==, i == 0 ? 2 : 3);
          text = poppler ("pdftotext-raw", pdf, 0, 0);
          sheet_rows_init (&rows, text);
          g_assert_cmpuint (rows.below->len + rows.above->len, ==, 150);
          g_assert_true (has_row (rows.below, "0,1 6,6"));
          assert_row (rows.above, 0, "1,02 66,9");
          g_assert_true (has_row (rows.above, "2,5 164,1"));
          sheet_rows_clear (&rows);
          assert_line (text, "0,02 mcg/kg/min");                 /* the titration step */
          assert_line (text, "16 mg in 250 mL \\(64 mcg/mL\\)");
          /* German words from the catalogue and the drug library */
          assert_line (text, "^Noradrenalin 16 mg/250 mL$");
          assert_line (text, "^Über dem weichen Limit von 1 mcg/kg/min: Dosis bestätigen$");
          assert_line (text, "^Über dem weichen Limit von 1 mcg/kg/min: Dosis bestätigen "
                             "\\(Fortsetzung\\)$");
          assert_no_line (text, "^0\\.1 ");
          g_clear_pointer (&text, g_free);
        }

      /* "units" is a word: German on paper ("Einheiten"), and typed so too.
       * 0.03 units/min x 60 / (20 units / 100 mL = 0.2 units/mL) = 9 mL/h */
      run_clear (&run);
      run_cli (&run, de, "sheet", "--drug", "vasopressin",
               "--concentration", "20 Einheiten/100 mL", "--output", pdf,
               NULL);
      g_assert_cmpint (run.status, ==, 0);
      text = poppler ("pdftotext-raw", pdf, 0, 0);
      assert_line (text, "20 Einheiten in 100 mL \\(0,2 Einheiten/mL\\)");
      assert_line (text, "Einheiten/min");
      assert_line (text, "^0,03 9$");
      assert_no_line (text, "units");
      g_clear_pointer (&text, g_free);
    }
  else
    {
      g_test_message ("no %s locale: %s", de, run.err);
    }
  run_clear (&run);

  /* batch: two drugs x two weights, one sheet each, each numbered alone */
  run_cli (&run, LOCALE_C, "sheet",
           "--drug", "dobutamine", "--drug", "milrinone",
           "--concentration", "1000 mg/250 mL", "--concentration", "20 mg/100 mL",
           "--weight", "60", "--weight", "90", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "4 infusion sheets"));
  text = poppler ("pdftotext", pdf, 0, 0);
  g_assert_cmpuint (count_lines (text, "^DOBUTamine +1,000 mg/250 mL +\\[fda-tallman\\]"), ==, 2);
  g_assert_cmpuint (count_lines (text, "^milrinone"), ==, 2);
  g_assert_cmpuint (count_lines (text, "Page 1 of "), ==, 4);
  g_clear_pointer (&text, g_free);
  run_clear (&run);

  /* vasopressin in units/min reads the same at 60 and 90 kg: one sheet,
   * and said (a pharmacy's batch over 100 weights printed 100 identical
   * pages); dobutamine in mcg/kg/min still one per weight */
  run_cli (&run, LOCALE_C, "sheet",
           "--drug", "vasopressin", "--drug", "dobutamine",
           "--concentration", "20 units/100 mL", "--concentration", "1000 mg/250 mL",
           "--weight", "60", "--weight", "90", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 infusion sheets"));
  g_assert_cmpstr (run.err, ==, "shockpath-cli: warning: vasopressin in units/min reads the same "
                                "for every weight: one sheet for the 2 weights given\n");
  text = poppler ("pdftotext", pdf, 0, 0);
  g_assert_cmpuint (count_lines (text, "^vasopressin +20 units/100 mL"), ==, 1);
  g_assert_cmpuint (count_lines (text, "^DOBUTamine +1,000 mg/250 mL"), ==, 2);
  g_clear_pointer (&text, g_free);
  run_clear (&run);

  /* no --weight: fine for a dose per minute (vasopressin in units/min,
   * norepinephrine in mcg/min); refused for one per kg (below) */
  g_unlink (pdf);
  run_cli (&run, LOCALE_C, "sheet", "--drug", "vasopressin",
           "--concentration", "20 units/100 mL", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  {
    g_autofree char *expected = g_strdup_printf ("%s: 1 infusion sheet, 1 page, A4\n", pdf);

    g_assert_cmpstr (run.out, ==, expected);
  }
  run_clear (&run);
  run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine",
           "--dose-unit", "mcg/min", "--concentration", "16 mg/250 mL",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Refused: usage errors exit 2, refused input 1; nothing on stdout, one
   * line naming the option, and no file written. */
  g_unlink (pdf);
  for (guint i = 0; i < G_N_ELEMENTS (sheet_refusals); i++)
    {
      const SheetRefusal *r = &sheet_refusals[i];
      const char *out = r->png ? png : pdf;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;

      g_strv_builder_add (builder, "sheet");
      g_strv_builder_addv (builder, (const char **) r->args);
      g_strv_builder_add_many (builder, "--output", out, NULL);
      args = g_strv_builder_end (builder);
      g_test_message ("refusal %u: %s", i, r->option);
      run_cli_strv (&run, LOCALE_C, (const char * const *) args);
      assert_refused (&run, r->status, r->option);
      if (r->contains != NULL)
        g_assert_nonnull (strstr (run.err, r->contains));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&run);
    }

  /* the summary command */
  run_cli (&run, LOCALE_C, "summary", "--set", "sbp=80",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (pdf_pages (pdf), >=, 1);
  run_clear (&run);

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
  g_auto(Run) run = { 0 };
  g_autoptr(GString) site = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_poppler ())
    return;

  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "site.pdf", NULL);
  lib = g_build_filename (dir, "site-drugs.xml", NULL);
  shipped = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "drugs.xml", NULL);
  g_assert_true (g_file_get_contents (shipped, &contents, NULL, &error));
  site = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (site, ">ShockPath default drug library<", ">ICU drug library<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (site, "version=\"2.0\" defaults=\"true\"",
                                      "version=\"7\" defaults=\"false\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (lib, site->str, -1, &error));

  run_cli (&run, LOCALE_C, "--drug-library", lib, "sheet",
           "--drug", "dopamine", "--weight", "70", "--concentration", "400 mg/250 mL",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = poppler ("pdftotext", pdf, 0, 0);
  assert_line (text, "Drug library: ICU drug library, version 7, profile “Adult ICU - 250 mL bags "
                     "\\(ASHP S4S\\)”$");
  assert_line (text, "^DOPamine");

  remove_dir (dir);
}

/* sp_document_set_fit (): a document of @n_paragraphs paragraphs on A4,
 * with and without a fit to one page at no less than 85%, written to @pdf;
 * its page count. */
static int
fit_pages (const char *pdf,
           guint       n_paragraphs,
           gboolean    fit)
{
  g_autoptr(SpDocument) doc = sp_document_new ("fit");
  g_autoptr(GError) error = NULL;

  if (fit)
    sp_document_set_fit (doc, 1, 0.85);
  for (guint i = 0; i < n_paragraphs; i++)
    {
      g_autofree char *text = g_strdup_printf ("Paragraph %u: 16 mg in 250 mL (64 mcg/mL).", i + 1);

      sp_document_add_paragraph (doc, text);
    }
  g_assert_true (sp_document_write_pdf (doc, pdf, SP_PAPER_A4, &error));
  g_assert_no_error (error);
  return pdf_pages (pdf);
}

/* A one-line paragraph is about 14 pt at 9.5 pt type (line and gap), and A4
 * leaves about 760 pt for them: some 54 to a page. 60 paragraphs run onto a
 * second page; shrunk to 90% (a page 1/0.9 as tall, type 0.9 as tall: 1/0.81
 * as many lines, about 66) they fit on one; 120 do not fit at 85% (about
 * 54 / 0.7225 = 75 lines) and are laid out at full size on three pages
 * (120 / 54 = 2.2), as without the fit. */
static void
test_document_fit (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;

  if (!have_poppler ())
    return;
  dir = make_tmp_dir ();
  pdf = g_build_filename (dir, "fit.pdf", NULL);

  g_assert_cmpint (fit_pages (pdf, 60, FALSE), ==, 2);
  g_assert_cmpint (fit_pages (pdf, 60, TRUE), ==, 1);
  g_assert_cmpint (fit_pages (pdf, 120, FALSE), ==, 3);
  g_assert_cmpint (fit_pages (pdf, 120, TRUE), ==, 3);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (!cli_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/render/sheet/norepinephrine-a4", test_sheet_norepinephrine);
  g_test_add_func ("/render/sheet/dobutamine-letter", test_sheet_dobutamine_letter);
  g_test_add_func ("/render/sheet/norepinephrine-letter", test_sheet_norepinephrine_letter);
  g_test_add_func ("/render/sheet/long-table", test_sheet_long_table);
  g_test_add_func ("/render/sheet/without-weight", test_sheet_without_weight);
  g_test_add_func ("/render/sheet/heavy-patient", test_sheet_heavy_patient);
  g_test_add_func ("/render/summary/step2", test_summary);
  g_test_add_func ("/render/document/fit", test_document_fit);
  g_test_add_func ("/cli/sheet/exit-codes-locale-batch", test_cli_sheet);
  g_test_add_func ("/cli/sheet/site-library", test_cli_site_library);

  /* The fonts are handed back after the tests (cli_test_run ()): the leak
   * checker then sees every block behind them, and a font map, layout or
   * surface still held fails there. */
  return cli_test_run ();
}
