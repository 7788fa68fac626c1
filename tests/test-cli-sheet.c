/* test-cli-sheet.c: shockpath-cli sheet for an ordered infusion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sheet of issue 17: the ordered dose and its rate, a compact table of
 * +-5 titration steps around it with the ordered row said in words, the
 * label block (HIGH-ALERT flag, the one diluent, preparation from the
 * product, storage, patient/order/double-check lines), the bag planner, the
 * line. Read back with pdftotext (pdf_text: words on one line, the page
 * count from pdfinfo). Every number is worked out by hand beside it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-test-cli.h"
#include "sp-test-spawn.h"

static char *
pdf_path (const char *name)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

/* The sheet as it looks (pdftotext -layout), every run of white space one
 * space: a label and its value, a wrapped value, a table row of column
 * groups each read as one line of words; the page count from pdf_text (). */
static char *
sheet_text (const char *pdf,
            guint      *out_pages)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *raw = NULL;
  g_autofree char *words = pdf_text (pdf, out_pages);
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &raw, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_regex_replace_literal (spaces, raw, -1, 0, " ", 0, NULL);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, text);
}

/* The weight on the sheet is the weight its rates are worked out for: it
 * printed 123.5 kg as "124 kg" (a dose's three figures) beside rates for
 * 123.5, so that a rate checked by hand against the paper came out 18.6
 * where the sheet said 18.5. */
static void
test_weight_as_entered (void)
{
  g_autofree char *pdf = pdf_path ("weight.pdf");
  g_autofree char *text = NULL;
  g_autofree char *ne = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "dobutamine", "--weight", "123.5",
             "--concentration", "1000 mg/250 mL", "--dose", "7.5", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = sheet_text (pdf, &pages);
  assert_lacks (text, "124 kg");
  /* 7.5 x 123.5 x 60 / 4000 = 55575 / 4000 = 13.89 -> 13.9 mL/h */
  assert_has (text, "Ordered 7.5 mcg/kg/min for 123.5 kg = 13.9 mL/h");
  assert_has (text, "Dose to pump rate for 123.5 kg at 1,000 mg in 250 mL (4,000 mcg/mL)");
  /* 10 x 123.5 x 60 / 4000 = 18.525 -> 18.5 (at 124 kg: 18.6) */
  assert_has (text, " 10 18.5 ");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70.25",
             "--concentration", "4 mg/250 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  ne = sheet_text (pdf, &pages);
  assert_has (ne, "Weight 70.25 kg");
  /* the 70 mcg/min soft limit at 70.25 kg: 70 / 70.25 = 0.9964 -> 0.996 */
  assert_has (ne, "Soft limit 0.996 mcg/kg/min (70 mcg/min at 70.25 kg)");
}

/* A syringe whose label reads as another drug's standard but for the name
 * is flagged beside its concentration, in bold; a bag of its own is not. */
static void
test_look_alike (void)
{
  g_autofree char *pdf = pdf_path ("look-alike.pdf");
  g_autofree char *text = NULL;
  g_autofree char *own = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "70", "--concentration", "10 mg/50 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = sheet_text (pdf, &pages);
  assert_has (text, "Concentration 10 mg in 50 mL (200 mcg/mL) as base Look-alike milrinone "
                    "10 mg/50 mL is a standard of this profile too: the two labels differ only in "
                    "the drug\u2019s name; check it");
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "70", "--concentration", "4 mg/50 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  own = sheet_text (pdf, &pages);
  assert_lacks (own, "Look-alike");
}

/* An order the pump's step takes more than 5% from its dose says so
 * under it: 0.05 mcg/kg/min for 40 kg at 16 mg/50 mL (320 mcg/mL) is
 * 0.05 x 40 x 60 / 320 = 0.375 mL/h, set to 0.4, which gives 0.05 x 0.4 /
 * 0.375 = 0.0533 mcg/kg/min (+6.7%); at 4 mg/50 mL (80 mcg/mL) 120 / 80 =
 * 1.5 mL/h, exact, and nothing is said. */
static void
test_ordered_rate_rounding (void)
{
  g_autofree char *pdf = pdf_path ("rate-rounding.pdf");
  g_autofree char *text = NULL;
  g_autofree char *exact = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "40", "--concentration", "16 mg/50 mL", "--dose", "0.05",
             "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = sheet_text (pdf, &pages);
  assert_has (text, "Ordered 0.05 mcg/kg/min for 40 kg = 0.4 mL/h Pump step The pump is set to "
                    "0.4 mL/h for 0.375 mL/h: it gives 0.0533 mcg/kg/min, 6.7% more than "
                    "0.05 mcg/kg/min (more than 5%).");
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "40", "--concentration", "4 mg/50 mL", "--dose", "0.05",
             "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  exact = sheet_text (pdf, &pages);
  assert_has (exact, "Ordered 0.05 mcg/kg/min for 40 kg = 1.5 mL/h");
  assert_lacks (exact, "Pump step");
  assert_lacks (exact, "Beside a rate the pump");
}

/* A sheet in mcg/min without a weight names the per-kg limits that are
 * lower below a weight: soft 70 mcg/min or 1 mcg/kg/min (below 70 / 1 =
 * 70 kg), hard 300 mcg/min or 3 mcg/kg/min (below 300 / 3 = 100 kg), and
 * says to print it for the patient's weight. With a weight the limits that
 * hold there are given instead (70 kg: hard 3 x 70 = 210 mcg/min). */
static void
test_per_minute_without_weight (void)
{
  g_autofree char *pdf = pdf_path ("per-minute.pdf");
  g_autofree char *text = NULL;
  g_autofree char *weighed = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--dose-unit", "mcg/min",
             "--concentration", "4 mg/250 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = sheet_text (pdf, &pages);
  assert_has (text, "Soft limit 70 mcg/min, or 1 mcg/kg/min below 70 kg: above it, confirm the dose");
  assert_has (text, "Hard limit 300 mcg/min, or 3 mcg/kg/min below 100 kg: never exceeded");
  assert_has (text, "Warning For a patient under 100 kg a limit per kg is lower than the limits "
                    "in mcg/min, and rows of the table may be above it: print the sheet for the "
                    "patient\u2019s weight.");
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--dose-unit", "mcg/min",
             "--weight", "70", "--concentration", "4 mg/250 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  weighed = sheet_text (pdf, &pages);
  assert_has (weighed, "210 mcg/min (3 mcg/kg/min at 70 kg)");
  assert_lacks (weighed, "below 100 kg");
  assert_lacks (weighed, "For a patient under");

  /* vasopressin in units/min has no limit per kg: nothing to say */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *vaso = NULL;

    run_cli (&run, LOCALE_C, "sheet", "--drug", "vasopressin", "--concentration", "20 units/100 mL",
             "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    vaso = sheet_text (pdf, &pages);
    assert_lacks (vaso, "For a patient under");
  }
}

/* The full table at 320 mcg/mL and 40 kg (rate = dose x 7.5): the rate of
 * a row the pump's step takes more than 5% from its dose is marked "*",
 * which keeps the table in its side-by-side groups (2 pages, in English
 * and German, as before the mark), and the note under it gives the
 * largest: 0.02 -> 0.15, set to 0.2, +33.3%; 0.06 -> 0.45, set to 0.5,
 * +11.1%; 0.1 -> 0.75, set to 0.8, +6.7%; 0.04 -> 0.3 exact. */
static void
test_table_rate_rounding (void)
{
  g_autofree char *pdf = pdf_path ("table-rounding.pdf");
  g_autofree char *text = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "40", "--concentration", "16 mg/50 mL", "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = sheet_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 2);
  assert_has (text, " 0.02 0.2* ");
  assert_has (text, " 0.04 0.3 ");
  assert_has (text, " 0.06 0.5* ");
  assert_has (text, " 0.1 0.8* ");
  assert_lacks (text, " 0.04 0.3* ");
  assert_has (text, "* Set to the rate shown, the pump gives a dose more than 5% from the row\u2019s "
                    "(up to 33.3% here). [local]");
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_DE, "--profile", "eu-icu-syringes", "sheet", "--drug",
             "norepinephrine", "--weight", "40", "--concentration", "16 mg/50 mL", "--output", pdf,
             NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&text, g_free);
    text = sheet_text (pdf, &pages);
    g_assert_cmpuint (pages, ==, 2);
    assert_has (text, " 0,02 0,2* ");
  }
}

/* A full-range sheet a few lines too long for Letter shrinks to one page
 * rather than putting its last lines alone on a second: dobutamine for 20
 * kg, whose 2.5 mcg/kg/min row is 2.5 x 20 x 60 / 4000 = 0.75 -> 0.8 mL/h
 * (+6.7%), marked "0.8*" with the note under the table; on Letter the note
 * went to page 2, away from its table. */
static void
test_full_sheet_fits_letter (void)
{
  g_autofree char *pdf = pdf_path ("dobutamine-20.pdf");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "sheet", "--drug", "dobutamine", "--weight", "20",
           "--concentration", "1000 mg/250 mL", "--paper", "letter", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: 1 infusion sheet, 1 page, Letter\n", pdf);
  g_assert_cmpstr (run.out, ==, expected);
  text = sheet_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 1);
  assert_has (text, "2.5 0.8*");
  assert_has (text, "* Set to the rate shown");
}

/* The done-when: norepinephrine for 70 kg at 16 mg/250 mL (64
 * mcg/mL) ordered at 0.1 mcg/kg/min, one page on A4 and on Letter. */
static void
test_ordered_norepinephrine (void)
{
  const char *papers[] = { "a4", "letter" };

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      g_autofree char *pdf = pdf_path ("ne-ordered.pdf");
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_auto(Run) run = { 0 };
      guint pages = 0;

      run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
               "--concentration", "16 mg/250 mL", "--dose", "0.1", "--paper", papers[i],
               "--output", pdf, NULL);
      g_assert_cmpint (run.status, ==, 0);
      expected = g_strdup_printf ("%s: 1 infusion sheet, 1 page, %s\n", pdf,
                                  i == 0 ? "A4" : "Letter");
      g_assert_cmpstr (run.out, ==, expected);
      text = sheet_text (pdf, &pages);
      g_assert_cmpuint (pages, ==, 1);

      /* 0.1 x 70 x 60 / 64 = 420 / 64 = 6.5625 -> 6.6 mL/h */
      assert_has (text, "Ordered 0.1 mcg/kg/min for 70 kg = 6.6 mL/h");
      /* the ordered row, marked in words */
      assert_has (text, "0.1 6.6 ◀ ordered");
      /* +-5 steps of 0.02: 0.1 - 5 x 0.02 = 0 is no dose, so 0.02 (1.3125
       * -> 1.3) is the first row; 0.1 + 5 x 0.02 = 0.2 (13.125 -> 13.1) the
       * last; 0.22 (14.4375) is not printed */
      assert_has (text, "0.02 1.3");
      assert_has (text, "0.2 13.1");
      assert_lacks (text, "0.22 14.4");
      assert_lacks (text, "1.02 66.9");
      assert_has (text, "The ordered dose ± 5 steps of 0.02 mcg/kg/min. [local] Rates rounded to 1 decimal place");
      /* the bag: 250 / 6.5625 = 38.095 h = 38 h 6 min; 6.5625 x 24 = 157.5
       * mL; 157.5 x 64 mcg/mL = 10,080 mcg = 10.1 mg; replaced at its 24 h
       * beyond-use time, the next one prepared at 22 h */
      assert_has (text, "Bag lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h");
      assert_has (text, "replace within 24 h (its beyond-use time): prepare the next one in 22 h");
      /* 6.5625 mL/h is below 10 mL/h: no advice */
      assert_lacks (text, "consider the stronger standard");

      /* the label block */
      assert_has (text, "HIGH-ALERT MEDICATION");
      assert_has (text, "[ismp-high-alert] ISMP List of High-Alert Medications in Acute Care Settings");
      assert_has (text, "norepinephrine 16 mg/250 mL");
      assert_has (text, "Concentration 16 mg in 250 mL (64 mcg/mL) as base");
      assert_has (text, "Diluent glucose 5%");
      assert_has (text, "Route intravenous, continuous; central line");
      /* 16 mg from 4 mg/4 mL vials (1 mg/mL): 16 mL, 4 vials; removed from
       * the bag first, so the final volume stays 250 mL and 64 mcg/mL true */
      assert_has (text, "4 vials of 4 mg/4 mL: withdraw 16 mL. Remove 16 mL from a 250 mL bag of "
                        "glucose 5%, then add the drug: final volume 250 mL.");
      assert_has (text, "use within 24 h of preparation; room temperature, protected from light");
      assert_has (text, "Patient name");
      assert_has (text, "Date of birth");
      assert_has (text, "MRN");
      assert_has (text, "Prescriber");
      assert_has (text, "Prepared by");
      assert_has (text, "Checked by");
      assert_has (text, "Ordered at");
      assert_has (text, "Use by");
      assert_has (text, "Adult ICU - 250 mL bags (ASHP S4S)");
      g_unlink (pdf);
    }
}

/* The bag planner's advice on the sheet, and the case's running dose as the
 * order: example-wean runs norepinephrine 0.1 mcg/kg/min at 4 mg/250 mL
 * (16 mcg/mL); for 80 kg: 0.1 x 80 x 60 / 16 = 30 mL/h, at or above 10
 * mL/h: 8 mg/250 mL (32 mcg/mL) runs it at 15 mL/h; 250 / 30 = 8 h 20 min,
 * 30 x 24 = 720 mL x 16 mcg/mL = 11,520 mcg = 11.5 mg; the next one at
 * 8.333 - 2 = 6.333 h = 6 h 20 min. */
static void
test_ordered_from_case (void)
{
  g_autofree char *pdf = pdf_path ("ne-case.pdf");
  g_autofree char *case_path = source_path ("data/cases/example-wean.xml");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  /* No --weight: the case's, 78 kg. 0.1 mcg/kg/min x 78 x 60 / 16 mcg/mL
   * = 29.25 mL/h, shown 29.3; 250 / 29.25 = 8.55 h = 8 h 33 min; 29.25 x
   * 24 = 702 mL and 0.1 x 78 x 1440 = 11,232 mcg = 11.2 mg per 24 h; the
   * stronger 32 mcg/mL runs the same dose at 29.25 / 2 = 14.6 mL/h. */
  run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine",
           "--concentration", "4 mg/250 mL", "--case", case_path, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = sheet_text (pdf, &pages);
  /* the advice and the case's title take room: still one page */
  g_assert_cmpuint (pages, ==, 1);
  assert_has (text, "Ordered 0.1 mcg/kg/min for 78 kg = 29.3 mL/h");
  /* the case's running dose is the order: said once */
  assert_lacks (text, "Running in the case");
  assert_has (text, "0.1 29.3 ◀ ordered");
  assert_has (text, "Bag lasts 8 h 33 min; 702 mL and 11.2 mg per 24 h");
  assert_has (text, "empty in 8 h 33 min: prepare the next one in 6 h 33 min (2 h before)");
  /* "32 mcg/mL" is never broken after its slash */
  assert_has (text, "At 29.3 mL/h (10 mL/h or more), consider the stronger standard 8 mg in 250 mL "
                    "(32 mcg/mL): the same dose would run at 14.6 mL/h. A change of strength needs a new rate");
  assert_has (text, "[ann-icu-2016]");
  g_unlink (pdf);
}

/* A sheet for a case is for its patient: a --weight that is not the
 * case's (example-wean: 78 kg) is refused, with nothing written; the
 * case's own weight is taken. A --concentration that is not the bag that
 * runs (the escalation case runs norepinephrine in 16 mg/250 mL) is
 * printed, with a warning that names both. */
static void
test_case_patient (void)
{
  g_autofree char *pdf = pdf_path ("patient.pdf");
  g_autofree char *wean = source_path ("data/cases/example-wean.xml");
  g_autofree char *escalation = source_path ("data/cases/teaching-escalation-vasopressin-iabp.xml");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "80",
             "--concentration", "4 mg/250 mL", "--case", wean, "--output", pdf, NULL);
    assert_refused (&run, 1, "--weight 80 kg is not the case’s weight, 78 kg");
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "78",
             "--concentration", "4 mg/250 mL", "--case", wean, "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_unlink (pdf);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine",
             "--concentration", "4 mg/250 mL", "--case", escalation, "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "warning: --concentration 4 mg/250 mL is not the bag of "
                                       "norepinephrine that runs in the case, 16 mg/250 mL"));
    g_unlink (pdf);
  }
}

/* A case whose running dose is above the soft limit: the escalation case
 * runs norepinephrine 1.2 mcg/kg/min at 16 mg/250 mL (64 mcg/mL); for 80
 * kg: 1.2 x 80 x 60 / 64 = 90 mL/h; the warning in the label block, the
 * rows 1.1 to 1.3 (+-5 steps of 0.02) all under "Above the soft limit";
 * 250 / 90 = 2.78 h = 2 h 47 min, 90 x 24 = 2,160 mL. One page, English
 * and German, A4 and Letter. */
static void
test_ordered_case_above_soft (void)
{
  g_autofree char *case_path = source_path ("data/cases/teaching-escalation-vasopressin-iabp.xml");
  const char *papers[] = { "a4", "letter" };

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *pdf = pdf_path ("ne-soft.pdf");
      g_autofree char *text = NULL;
      g_auto(Run) run = { 0 };
      gboolean german = i >= 2;
      guint pages = 0;

      run_cli (&run, german ? LOCALE_DE : LOCALE_C, "sheet", "--drug", "norepinephrine",
               "--weight", "80", "--concentration", "16 mg/250 mL", "--case", case_path,
               "--paper", papers[i % 2], "--output", pdf, NULL);
      g_assert_cmpint (run.status, ==, 0);
      text = sheet_text (pdf, &pages);
      g_assert_cmpuint (pages, ==, 1);
      if (german)
        {
          assert_has (text, "1,2 mcg/kg/min für 80 kg = 90 mL/h");
          assert_has (text, "Warnung Noradrenalin 1,2 mcg/kg/min liegt über dem weichen Limit von 1 mcg/kg/min");
          assert_has (text, "1,2 90 ◀ verordnet");
          assert_has (text, "2 h 47 min; 2 160 mL");
        }
      else
        {
          assert_has (text, "Ordered 1.2 mcg/kg/min for 80 kg = 90 mL/h");
          assert_has (text, "Warning norepinephrine 1.2 mcg/kg/min is above the soft limit of 1 mcg/kg/min "
                            "in the drug library: confirm the dose. [local]");
          /* the soft limit that holds at 80 kg is the library's 70 mcg/min:
           * 70 / 80 = 0.875 mcg/kg/min, below its 1 mcg/kg/min */
          assert_has (text, "Above the soft limit of 0.875 mcg/kg/min (70 mcg/min at 80 kg): "
                            "confirm the dose");
          assert_has (text, "1.2 90 ◀ ordered");
          assert_has (text, "1.1 82.5");
          assert_has (text, "1.3 97.5");
          assert_has (text, "Bag lasts 2 h 47 min; 2,160 mL");
          assert_has (text, "Case High norepinephrine requirements");
        }
      g_unlink (pdf);
    }
}

/* Norepinephrine in mcg/min at 40 kg: its limits per kg hold too (3
 * mcg/kg/min x 40 kg = 120 mcg/min, below the 300 mcg/min), so the sheet
 * names the weight it was made for (it named none, and read as the sheet
 * for no weight, with 300 mcg/min). */
static void
test_per_minute_names_weight (void)
{
  g_autofree char *pdf = pdf_path ("ne-per-minute.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--dose-unit", "mcg/min",
           "--weight", "40", "--concentration", "4 mg/250 mL", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = sheet_text (pdf, &pages);
  assert_has (text, "Weight 40 kg");
  assert_has (text, "Hard limit 120 mcg/min");
}

/* Vasopressin needs no weight and shows none, even when one is given: 0.03
 * units/min x 60 / 0.2 units/mL = 9 mL/h; its diluent is the one preferred
 * of "sodium chloride 0.9% or glucose 5%"; 100 / 9 = 11 h 7 min, before its
 * 18 h beyond-use time (label). */
static void
test_ordered_vasopressin (void)
{
  g_autofree char *pdf = pdf_path ("vaso.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "sheet", "--drug", "vasopressin", "--weight", "80",
           "--concentration", "20 units/100 mL", "--dose", "0.03", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = sheet_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 1);
  assert_has (text, "Ordered 0.03 units/min = 9 mL/h");
  assert_lacks (text, "80 kg");
  assert_lacks (text, "Weight");
  assert_has (text, "Diluent sodium chloride 0.9%");
  assert_lacks (text, " or glucose");
  /* 20 units from 20 units/1 mL: 1 mL of 1 vial, removed from the bag */
  assert_has (text, "1 vial of 20 units/1 mL: withdraw 1 mL. Remove 1 mL from a 100 mL bag");
  assert_has (text, "use within 18 h of preparation");
  assert_has (text, "Bag lasts 11 h 7 min; 216 mL and 43.2 units per 24 h");
  /* the table in units/min, +-5 steps of 0.01: 0.01 (3 mL/h) to 0.08 and
   * not the hard limit's 0.1 ... 0.03 + 0.05 = 0.08 -> 24 mL/h */
  assert_has (text, "0.03 9 ◀ ordered");
  assert_has (text, "0.08 24");
  assert_lacks (text, "0.09 27");
  g_unlink (pdf);
}

/* --line peripheral: the extravasation checks of the library's peripheral
 * profile, though the profile's line is central; --full-table: today's
 * full range with the ordered row still marked (0.1 x 70 x 60 / 16 =
 * 26.25 -> 26.3 mL/h; the hard limit 3 -> 787.5 mL/h). */
static void
test_line_and_full_table (void)
{
  g_autofree char *pdf = pdf_path ("ne-peripheral.pdf");
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) full_run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--dose", "0.1", "--line", "peripheral",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = sheet_text (pdf, &pages);
  assert_has (text, "Route intravenous, continuous; peripheral line");
  assert_has (text, "check the site every hour for extravasation");
  assert_lacks (text, "central line Ordered");

  run_cli (&full_run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--dose", "0.1", "--full-table",
           "--output", pdf, NULL);
  g_assert_cmpint (full_run.status, ==, 0);
  full = sheet_text (pdf, &pages);
  g_assert_cmpuint (pages, >=, 2);
  assert_has (full, "0.1 26.3 ◀ ordered");
  assert_has (full, "3 787.5");
  g_unlink (pdf);
}

/* --line peripheral checks the order against the library's peripheral
 * profile: epinephrine is not in it (refused, naming what is); 16 mg/250
 * mL is 64 mcg/mL, above its 4 to 20 mcg/mL (refused, naming its standard
 * concentrations); 4 mg/250 mL (16 mcg/mL) is accepted and the sheet is
 * that profile's: 0.1 x 70 x 60 / 16 = 26.25 -> 26.3 mL/h; its diluent
 * cited by the peripheral profile's sources. A dose above the hard limit
 * is refused there too. --profile eu-icu-syringes makes no difference. */
static void
test_line_peripheral (void)
{
  g_autofree char *pdf = pdf_path ("peripheral.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) epi = { 0 };
  g_auto(Run) strong = { 0 };
  g_auto(Run) dilute = { 0 };
  g_auto(Run) hard = { 0 };
  g_auto(Run) syringes = { 0 };
  g_auto(Run) ok = { 0 };
  guint pages = 0;

  run_cli (&epi, LOCALE_C, "sheet", "--drug", "epinephrine", "--weight", "70",
           "--concentration", "5 mg/250 mL", "--dose", "0.05", "--line", "peripheral",
           "--output", pdf, NULL);
  assert_refused (&epi, 1, "--line peripheral: EPINEPHrine is not in the drug library’s peripheral "
                           "profile “Peripheral line - dilute”: give it through a central line; "
                           "the profile has: norepinephrine, dobutamine, dopamine, vasopressin, "
                           "levosimendan, milrinone");

  run_cli (&strong, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--dose", "0.1", "--line", "peripheral",
           "--output", pdf, NULL);
  assert_refused (&strong, 1, "--line peripheral: 16 mg/250 mL (64 mcg/mL) of norepinephrine is too "
                              "strong for a peripheral line: the drug library’s peripheral profile "
                              "“Peripheral line - dilute” accepts 4 to 20 mcg/mL; its standard "
                              "concentrations: 4 mg/250 mL, 1 mg/50 mL");

  /* 1 mg / 500 mL = 2 mcg/mL, below 4 */
  run_cli (&dilute, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "1 mg/500 mL", "--line", "peripheral", "--output", pdf, NULL);
  assert_refused (&dilute, 1, "1 mg/500 mL (2 mcg/mL) of norepinephrine is too dilute");

  run_cli (&hard, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--dose", "3.5", "--line", "peripheral",
           "--output", pdf, NULL);
  assert_refused (&hard, 1, "above the hard limit");

  /* the syringes' 250 mg/50 mL of dobutamine is 5,000 mcg/mL; the
   * peripheral profile accepts 500 to 2,000 */
  run_cli (&syringes, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "dobutamine",
           "--weight", "70", "--concentration", "250 mg/50 mL", "--line", "peripheral",
           "--output", pdf, NULL);
  assert_refused (&syringes, 1, "accepts 500 to 2,000 mcg/mL; its standard concentrations: "
                                "250 mg/250 mL, 250 mg/500 mL");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  run_cli (&ok, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--dose", "0.1", "--line", "peripheral",
           "--output", pdf, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  text = sheet_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 1);
  assert_has (text, "profile “Peripheral line - dilute”");
  assert_has (text, "Diluent glucose 5% [s4s, loubani-2015]");
  assert_has (text, "Ordered 0.1 mcg/kg/min for 70 kg = 26.3 mL/h");
  assert_has (text, "Route intravenous, continuous; peripheral line");
  g_unlink (pdf);
}

/* Refused as `rate` refuses: above the hard limit (exit 1); a line that is
 * not central or peripheral, and --dose for two drugs, are usage errors. */
static void
test_refused (void)
{
  g_autofree char *pdf = pdf_path ("refused.pdf");
  g_auto(Run) hard = { 0 };
  g_auto(Run) line = { 0 };
  g_auto(Run) two = { 0 };

  run_cli (&hard, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--dose", "4", "--output", pdf, NULL);
  assert_refused (&hard, 1, "--dose");
  g_assert_nonnull (strstr (hard.err, "hard limit"));
  run_cli (&line, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--line", "arterial", "--output", pdf, NULL);
  assert_refused (&line, 2, "--line");
  run_cli (&two, LOCALE_C, "sheet", "--drug", "norepinephrine", "--drug", "dobutamine",
           "--weight", "70", "--concentration", "16 mg/250 mL",
           "--concentration", "1000 mg/250 mL", "--dose", "0.1", "--output", pdf, NULL);
  assert_refused (&two, 2, "--dose");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* In German: the words from the catalogue, decimal commas (157,5 mL,
 * 6,6 mL/h), the one page. */
static void
test_ordered_german (void)
{
  const char *papers[] = { "a4", "letter" };

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      g_autofree char *pdf = pdf_path ("ne-de.pdf");
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_auto(Run) run = { 0 };
      guint pages = 0;

      run_cli (&run, LOCALE_DE, "sheet", "--drug", "norepinephrine", "--weight", "70",
               "--concentration", "16 mg/250 mL", "--dose", "0,1", "--paper", papers[i],
               "--output", pdf, NULL);
      g_assert_cmpint (run.status, ==, 0);
      expected = g_strdup_printf ("%s: 1 Infusionsblatt, 1 Seite, %s\n", pdf,
                                  i == 0 ? "A4" : "Letter");
      g_assert_cmpstr (run.out, ==, expected);
      text = sheet_text (pdf, &pages);
      g_assert_cmpuint (pages, ==, 1);
      /* 0.1 x 70 x 60 / 64 = 6.5625 -> 6,6 mL/h, marked */
      assert_has (text, "Verordnet 0,1 mcg/kg/min für 70 kg = 6,6 mL/h");
      assert_has (text, "0,1 6,6 ◀ verordnet");
      /* 250 / 6.5625 = 38.1 h = 38 h 6 min; 6.5625 x 24 = 157.5 mL */
      assert_has (text, "Beutel reicht 38 h 6 min; 157,5 mL");
      assert_has (text, "HOCHRISIKO-ARZNEIMITTEL");
      assert_has (text, "Noradrenalin 16 mg/250 mL");
      g_unlink (pdf);
    }
}

/* The notes the library gained, on the sheets: milrinone's renal
 * adjustment, levosimendan's 24 hours and its long-acting metabolite. */
static void
test_new_notes (void)
{
  g_autofree char *pdf = pdf_path ("notes.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "sheet", "--drug", "milrinone", "--drug", "levosimendan",
           "--weight", "70", "--concentration", "20 mg/100 mL", "--concentration", "12.5 mg/500 mL",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = sheet_text (pdf, &pages);
  assert_has (text, "Reduce the infusion rate in renal impairment");
  assert_has (text, "one 24-hour infusion");
  assert_has (text, "Its active metabolite is long-acting");
  g_unlink (pdf);
}

int
main (int   argc,
      char *argv[])
{
  if (!cli_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/cli/sheet/ordered-norepinephrine", test_ordered_norepinephrine);
  g_test_add_func ("/cli/sheet/full-fits-letter", test_full_sheet_fits_letter);
  g_test_add_func ("/cli/sheet/look-alike", test_look_alike);
  g_test_add_func ("/cli/sheet/ordered-rate-rounding", test_ordered_rate_rounding);
  g_test_add_func ("/cli/sheet/table-rate-rounding", test_table_rate_rounding);
  g_test_add_func ("/cli/sheet/per-minute-without-weight", test_per_minute_without_weight);
  g_test_add_func ("/cli/sheet/weight-as-entered", test_weight_as_entered);
  g_test_add_func ("/cli/sheet/ordered-from-case", test_ordered_from_case);
  g_test_add_func ("/cli/sheet/case-patient", test_case_patient);
  g_test_add_func ("/cli/sheet/ordered-case-above-soft", test_ordered_case_above_soft);
  g_test_add_func ("/cli/sheet/ordered-vasopressin", test_ordered_vasopressin);
  g_test_add_func ("/cli/sheet/per-minute-names-weight", test_per_minute_names_weight);
  g_test_add_func ("/cli/sheet/line-peripheral", test_line_peripheral);
  g_test_add_func ("/cli/sheet/line-and-full-table", test_line_and_full_table);
  g_test_add_func ("/cli/sheet/refused", test_refused);
  g_test_add_func ("/cli/sheet/ordered-german", test_ordered_german);
  g_test_add_func ("/cli/sheet/new-notes", test_new_notes);

  return cli_test_run ();
}
