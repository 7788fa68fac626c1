/* test-dose-table.c: the one dose -> rate table of the sheet and of
 * shockpath-cli table (sp-dose-table)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value is worked out by hand in the comment beside it, with
 * the shipped drug library's limits:
 *   norepinephrine mcg/kg/min: soft 1, hard 3, titration step 0.02, usual 0.2-1
 *   DOBUTamine mcg/kg/min: soft 20, hard 40, titration step 2.5
 *   vasopressin units/min: soft 0.03, hard 0.1, titration step 0.01
 */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sp-dose-table.h"
#include "sp-test-files.h"

static SpDrugLibrary *drugs;

static const SpDoseUnit MCG_KG_MIN = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
static const SpDoseUnit MCG_MIN = { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN };
static const SpDoseUnit UNITS_MIN = { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };

static SpConcentration
conc (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpConcentration c;

  g_assert_true (sp_concentration_parse (text, SP_NUMBER_C, "test", &c, &error));
  g_assert_no_error (error);
  return c;
}

static void
assert_owned_text (char       *owned,
                   const char *expected)
{
  g_assert_cmpstr (owned, ==, expected);
  g_free (owned);
}

static const SpDoseTableRow *
row (const SpDoseTable *table,
     guint              i)
{
  g_assert_cmpuint (i, <, table->rows->len);
  return &g_array_index (table->rows, SpDoseTableRow, i);
}

static void
assert_close (double value,
              double expected)
{
  g_assert_cmpfloat_with_epsilon (value, expected, 1e-9 * MAX (1.0, fabs (expected)));
}

/* The default range: the titration step to the hard limit, marked above the
 * soft limit, as the infusion sheet and the CLI both print it. */
static void
test_defaults (void)
{
  const SpDrug *dobutamine = sp_drug_library_lookup (drugs, "dobutamine");
  SpConcentration c = conc ("1000 mg/250 mL");   /* 4000 mcg/mL */
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = sp_dose_table_new (dobutamine, MCG_KG_MIN, 80, &c,
                                                     NAN, NAN, NAN, &error);

  g_assert_no_error (error);
  /* 2.5 to 40 in 2.5: 40 / 2.5 = 16 rows */
  assert_close (table->from, 2.5);
  assert_close (table->to, 40);
  assert_close (table->step, 2.5);
  g_assert_false (table->clipped);
  g_assert_cmpuint (table->rows->len, ==, 16);
  /* rate = dose x 80 x 60 / 4000 = dose x 1.2: 2.5 -> 3, 20 -> 24, 40 -> 48 */
  assert_close (row (table, 0)->rate_ml_h, 3);
  assert_close (row (table, 7)->dose, 20);
  assert_close (row (table, 7)->rate_ml_h, 24);
  assert_close (row (table, 15)->dose, 40);
  assert_close (row (table, 15)->rate_ml_h, 48);
  /* 2.5 .. 20 (8 rows) ok; at the soft limit is not above it; 22.5 .. 40 soft */
  for (guint i = 0; i < table->rows->len; i++)
    g_assert_cmpint (row (table, i)->limit, ==, i < 8 ? SP_LIMIT_OK : SP_LIMIT_SOFT);
  g_assert_cmpuint (sp_dose_table_get_first_above_soft (table), ==, 8);

  /* as printed: the dose to three figures, the rate to the drug's one place */
  {
    g_autofree char *dose = sp_dose_table_format_dose (table, 8, SP_NUMBER_C);
    g_autofree char *rate = sp_dose_table_format_rate (table, 8, SP_NUMBER_C);

    g_assert_cmpstr (dose, ==, "22.5");
    g_assert_cmpstr (rate, ==, "27");   /* 22.5 x 1.2 = 27 */
  }
}

/* Whatever is asked, the table ends at the hard limit. */
static void
test_clipped (void)
{
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("16 mg/250 mL");   /* 64 mcg/mL */
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = NULL;
  g_autoptr(SpDoseTable) shortened = NULL;
  g_autoptr(SpDoseTable) inside = NULL;

  /* 2 to 4 in 0.5, hard limit 3: 2, 2.5, 3; the range reads 2 to 3 */
  table = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 2, 4, 0.5, &error);
  g_assert_no_error (error);
  g_assert_true (table->clipped);
  assert_close (table->to, 3);
  g_assert_cmpuint (table->rows->len, ==, 3);
  /* rate = dose x 70 x 60 / 64 = dose x 65.625: 131.25, 164.0625, 196.875 */
  assert_close (row (table, 0)->rate_ml_h, 131.25);
  assert_close (row (table, 1)->rate_ml_h, 164.0625);
  assert_close (row (table, 2)->dose, 3);
  assert_close (row (table, 2)->rate_ml_h, 196.875);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (row (table, i)->limit, ==, SP_LIMIT_SOFT);
  g_assert_cmpuint (sp_dose_table_get_first_above_soft (table), ==, 0);

  /* 2.2 to 3.5 in 0.4: 2.2, 2.6, then the last step shortened to the hard
   * limit, 3 (never 3.4) */
  shortened = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 2.2, 3.5, 0.4, &error);
  g_assert_no_error (error);
  g_assert_true (shortened->clipped);
  g_assert_cmpuint (shortened->rows->len, ==, 3);
  assert_close (row (shortened, 1)->dose, 2.6);
  assert_close (row (shortened, 2)->dose, 3);

  /* 0.1 to 0.3: nothing to clip, nothing above the soft limit */
  inside = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 0.1, 0.3, 0.1, &error);
  g_assert_no_error (error);
  g_assert_false (inside->clipped);
  g_assert_cmpuint (inside->rows->len, ==, 3);
  g_assert_cmpuint (sp_dose_table_get_first_above_soft (inside), ==, 3);
  /* 0.1 x 65.625 = 6.5625 -> 6.6 */
  {
    g_autofree char *rate = sp_dose_table_format_rate (inside, 0, SP_NUMBER_C);

    g_assert_cmpstr (rate, ==, "6.6");
  }
}

/* A dose per minute needs no weight; a dose per kg does. */
static void
test_weight (void)
{
  const SpDrug *vasopressin = sp_drug_library_lookup (drugs, "vasopressin");
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration vaso = conc ("20 units/100 mL");   /* 0.2 units/mL */
  SpConcentration nor = conc ("16 mg/250 mL");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = NULL;
  g_autoptr(SpDoseTable) refused = NULL;

  /* 0.01 to 0.1 in 0.01: 10 rows; 0.1 x 60 / 0.2 = 30 mL/h; 0.04 .. 0.1
   * above the soft limit of 0.03 */
  table = sp_dose_table_new (vasopressin, UNITS_MIN, NAN, &vaso, NAN, NAN, NAN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->rows->len, ==, 10);
  assert_close (row (table, 9)->rate_ml_h, 30);
  g_assert_cmpuint (sp_dose_table_get_first_above_soft (table), ==, 3);

  refused = sp_dose_table_new (norepinephrine, MCG_KG_MIN, NAN, &nor, NAN, NAN, NAN, &error);
  g_assert_null (refused);
  g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT);
}

/* SP_RATE_TABLE_MAX_ROWS, the one cap. */
static void
test_row_cap (void)
{
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("16 mg/250 mL");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) full = NULL;
  g_autoptr(SpDoseTable) longer = NULL;
  g_autoptr(SpDoseTable) asked_far = NULL;

  g_assert_cmpint (SP_RATE_TABLE_MAX_ROWS, ==, 1000);

  /* 0.003 to 3 in 0.003: 2.997 / 0.003 = 999 steps = 1000 rows: allowed */
  full = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 0.003, 3, 0.003, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full->rows->len, ==, 1000);

  /* 0.002 to 3 in 0.002 = 1499 steps = 1500 rows: refused */
  longer = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 0.002, 3, 0.002, &error);
  g_assert_null (longer);
  g_assert_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "from 0.002 to 3 mcg/kg/min in steps of 0.002 mcg/kg/min, "
                                       "the table would have more than 1000 rows; choose a "
                                       "larger step");
  g_clear_error (&error);

  /* a step nobody typed is named as the library's: a site library's
   * titration step of 0.0001 makes (3 - 0.0001) / 0.0001 = 29999 steps */
  {
    g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/shockpath/ShockPath/core/drugs.xml",
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes));
    g_autoptr(SpDrugLibrary) site = NULL;
    g_autoptr(SpDoseTable) tiny = NULL;

    g_assert_cmpuint (g_string_replace (text, "titration-step=\"0.02\"",
                                        "titration-step=\"0.0001\"", 1), ==, 1);
    site = sp_drug_library_new_from_data (text->str, text->len, "site.xml", &error);
    g_assert_no_error (error);
    tiny = sp_dose_table_new (sp_drug_library_lookup (site, "norepinephrine"), MCG_KG_MIN, 70, &c,
                              NAN, NAN, NAN, &error);
    g_assert_null (tiny);
    g_assert_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_TOO_LONG);
    g_assert_cmpstr (error->message, ==, "from 0.0001 to 3 mcg/kg/min in the drug library’s "
                                         "titration step of 0.0001 mcg/kg/min, the table would "
                                         "have more than 1000 rows; choose a larger step");
    g_clear_error (&error);
  }

  /* the cap counts the rows printed, after the hard limit: 1 to 1000 in 1
   * asks for 1000 rows but prints 1, 2, 3 */
  asked_far = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, 1, 100000, 1, &error);
  g_assert_no_error (error);
  g_assert_true (asked_far->clipped);
  g_assert_cmpuint (asked_far->rows->len, ==, 3);
}

static void
test_refused (void)
{
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("4 mg/250 mL");
  struct {
    double from, to, step;
    int    code;
  } bad[] = {
    { NAN, NAN, 0, SP_DOSE_TABLE_ERROR_STEP },
    { NAN, NAN, -0.1, SP_DOSE_TABLE_ERROR_STEP },
    { NAN, NAN, INFINITY, SP_DOSE_TABLE_ERROR_STEP },
    { -1, NAN, NAN, SP_DOSE_TABLE_ERROR_FROM },
    { INFINITY, NAN, NAN, SP_DOSE_TABLE_ERROR_FROM },
    /* 1 above 0.5 */
    { 1, 0.5, NAN, SP_DOSE_TABLE_ERROR_ORDER },
    /* 3.5 to 4: above the hard limit of 3 from the first row */
    { 3.5, 4, 0.5, SP_DOSE_TABLE_ERROR_ABOVE_HARD },
    /* 0.02 to 3 in 0.000001: about 3 million rows */
    { NAN, NAN, 0.000001, SP_DOSE_TABLE_ERROR_TOO_LONG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpDoseTable) table = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c,
                                                         bad[i].from, bad[i].to, bad[i].step,
                                                         &error);

      g_assert_null (table);
      g_assert_error (error, SP_DOSE_TABLE_ERROR, bad[i].code);
      g_assert_null (strchr (error->message, '\n'));
    }
}

/* A library without a titration step: the table needs what it lacks. */
static void
test_no_defaults (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "drugs.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *file = g_build_filename (dir, "drugs.xml", NULL);
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  g_autoptr(SpDoseTable) no_step = NULL;
  g_autoptr(SpDoseTable) usual_min = NULL;
  g_autoptr(SpDoseTable) no_from = NULL;
  g_autoptr(SpDoseTable) given = NULL;
  const SpDrug *norepinephrine;
  SpConcentration c = conc ("16 mg/250 mL");

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  edited = g_string_new (text);
  /* norepinephrine: no titration step in mcg/kg/min (its usual range stays,
   * 0.2-1) nor in mcg/min (no usual range) */
  g_assert_cmpuint (g_string_replace (edited, " titration-step=\"0.02\"", "", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "hard-max=\"300\" titration-step=\"2\"",
                                      "hard-max=\"300\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (file, edited->str, -1, &error));
  library = sp_drug_library_new_from_file (file, &error);
  g_assert_no_error (error);
  norepinephrine = sp_drug_library_lookup (library, "norepinephrine");

  no_step = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, NAN, NAN, NAN, &error);
  g_assert_null (no_step);
  g_assert_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_NO_STEP);
  g_clear_error (&error);

  /* with a step: from the usual minimum, 0.2 to 3 in 0.2 = 15 rows */
  usual_min = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c, NAN, NAN, 0.2, &error);
  g_assert_no_error (error);
  assert_close (usual_min->from, 0.2);
  g_assert_cmpuint (usual_min->rows->len, ==, 15);

  /* mcg/min has neither a titration step nor a usual minimum */
  no_from = sp_dose_table_new (norepinephrine, MCG_MIN, NAN, &c, NAN, NAN, 10, &error);
  g_assert_null (no_from);
  g_assert_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_NO_FROM);
  g_clear_error (&error);

  /* 10 to 300 in 10 = 30 rows; 300 x 60 / 64 = 281.25 mL/h */
  given = sp_dose_table_new (norepinephrine, MCG_MIN, NAN, &c, 10, NAN, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (given->rows->len, ==, 30);
  assert_close (row (given, 29)->rate_ml_h, 281.25);

  remove_tree (dir);
}

static void
test_limit_state_to_string (void)
{
  g_assert_cmpstr (sp_limit_state_to_string (SP_LIMIT_OK), ==, "ok");
  g_assert_cmpstr (sp_limit_state_to_string (SP_LIMIT_SOFT), ==, "soft-limit");
  g_assert_cmpstr (sp_limit_state_to_string (SP_LIMIT_HARD), ==, "hard-limit");
}

/* The limits that hold at the table's weight: the lower of the unit's own
 * and the drug's other units' converted. Norepinephrine has hard limits of
 * 3 mcg/kg/min and 300 mcg/min, soft 1 mcg/kg/min and 70 mcg/min:
 * - in mcg/min at 70 kg: hard 3 x 70 = 210 < 300, so 210 holds (stated in
 *   mcg/kg/min); soft 1 x 70 = 70, a tie with the unit's own 70, which is
 *   named. The default range ends at 210 (not cut: nothing was asked above).
 * - in mcg/kg/min at 120 kg: hard 300 / 120 = 2.5 < 3; soft 70 / 120 =
 *   0.583 < 1.
 * - in mcg/min with no weight: the unit's own, 300 and 70. */
static void
test_limits_at_weight (void)
{
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("16 mg/250 mL");   /* 64 mcg/mL */
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) at_70 = sp_dose_table_new (norepinephrine, MCG_MIN, 70, &c,
                                                    NAN, NAN, NAN, &error);
  g_autoptr(SpDoseTable) at_120 = NULL;
  g_autoptr(SpDoseTable) no_weight = NULL;
  g_autoptr(SpDoseTable) asked = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *soft = NULL;

  g_assert_no_error (error);
  assert_close (at_70->hard_max, 210);
  g_assert_true (sp_dose_unit_equal (at_70->hard_unit, MCG_KG_MIN));
  assert_close (at_70->soft_max, 70);
  g_assert_true (sp_dose_unit_equal (at_70->soft_unit, MCG_MIN));
  assert_close (at_70->to, 210);
  assert_close (row (at_70, at_70->rows->len - 1)->dose, 210);
  g_assert_false (at_70->clipped);
  hard = sp_dose_table_format_limit (at_70, TRUE, SP_NUMBER_C);
  soft = sp_dose_table_format_limit (at_70, FALSE, SP_NUMBER_C);
  g_assert_cmpstr (hard, ==, "210 mcg/min (3 mcg/kg/min at 70 kg)");
  g_assert_cmpstr (soft, ==, "70 mcg/min");
  g_clear_pointer (&hard, g_free);
  g_clear_pointer (&soft, g_free);

  /* Asked up to 300: cut at 210, and said so. */
  asked = sp_dose_table_new (norepinephrine, MCG_MIN, 70, &c, 100, 300, 10, &error);
  g_assert_no_error (error);
  assert_close (asked->to, 210);
  g_assert_true (asked->clipped);

  at_120 = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 120, &c, NAN, NAN, NAN, &error);
  g_assert_no_error (error);
  assert_close (at_120->hard_max, 2.5);
  g_assert_true (sp_dose_unit_equal (at_120->hard_unit, MCG_MIN));
  assert_close (at_120->soft_max, 70.0 / 120.0);
  hard = sp_dose_table_format_limit (at_120, TRUE, SP_NUMBER_C);
  g_assert_cmpstr (hard, ==, "2.5 mcg/kg/min (300 mcg/min at 120 kg)");
  g_clear_pointer (&hard, g_free);

  no_weight = sp_dose_table_new (norepinephrine, MCG_MIN, NAN, &c, NAN, NAN, NAN, &error);
  g_assert_no_error (error);
  assert_close (no_weight->hard_max, 300);
  assert_close (no_weight->soft_max, 70);
  hard = sp_dose_table_format_limit (no_weight, TRUE, SP_NUMBER_C);
  g_assert_cmpstr (hard, ==, "300 mcg/min");
}

/* Row doses are read as doses are, to twelve significant digits: the
 * norepinephrine table from 0.02 in steps of 0.02 mcg/kg/min has 0.3 as
 * its 15th row (0.02 + 14 x 0.02), exactly the double 0.3 a JSON reader
 * compares with, not 0.30000000000000004; likewise 0.12 (row 6) and 0.58
 * (row 29). */
static void
test_row_doses_exact (void)
{
  const SpDrug *norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("16 mg/250 mL");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = sp_dose_table_new (norepinephrine, MCG_KG_MIN, 70, &c,
                                                    NAN, NAN, NAN, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (row (table, 0)->dose, ==, 0.02);
  g_assert_cmpfloat (row (table, 5)->dose, ==, 0.12);
  g_assert_cmpfloat (row (table, 14)->dose, ==, 0.3);
  g_assert_cmpfloat (row (table, 28)->dose, ==, 0.58);
}

/* The hard limit's row never rounds up past it. DOPamine's hard limit is 50
 * mcg/kg/min; at 70 kg and 400 mg/250 mL (1,600 mcg/mL) it runs at
 * 50 x 70 x 60 / 1600 = 131.25 mL/h. Rounded to the pump's 0.1 mL/h as
 * usual it would be 131.3, which is 131.3 x 1600 / 60 / 70 = 50.02
 * mcg/kg/min: a sheet's row that `dose` refused when typed back. So it is
 * 131.2 (49.98 mcg/kg/min). Rates below it round as usual: 47.5 mcg/kg/min
 * is 47.5 x 70 x 60 / 1600 = 124.6875 -> 124.7, up. */
static void
test_hard_limit_row (void)
{
  const SpDrug *dopamine = sp_drug_library_lookup (drugs, "dopamine");
  SpConcentration c = conc ("400 mg/250 mL");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = NULL;
  guint last;

  table = sp_dose_table_new (dopamine, MCG_KG_MIN, 70, &c, NAN, NAN, NAN, &error);
  g_assert_no_error (error);
  last = table->rows->len - 1;
  g_assert_cmpfloat (row (table, last)->dose, ==, 50);
  g_assert_cmpfloat_with_epsilon (row (table, last)->rate_ml_h, 131.25, 1e-9);
  assert_owned_text (sp_dose_table_format_rate (table, last, SP_NUMBER_C), "131.2");
  g_assert_cmpfloat (row (table, last - 1)->dose, ==, 47.5);
  assert_owned_text (sp_dose_table_format_rate (table, last - 1, SP_NUMBER_C), "124.7");

  /* the same for any rate of the drug at that weight and bag */
  assert_owned_text (sp_drug_format_rate (dopamine, 131.25, MCG_KG_MIN, 70, &c, SP_NUMBER_C),
                     "131.2");
  /* a rate above the hard limit's is what it is: a refusal quotes it */
  assert_owned_text (sp_drug_format_rate (dopamine, 131.3, MCG_KG_MIN, 70, &c, SP_NUMBER_C),
                     "131.3");
  /* without the weight no rate of the limit is known: rounded as usual */
  assert_owned_text (sp_drug_format_rate (dopamine, 131.25, MCG_KG_MIN, NAN, &c, SP_NUMBER_C),
                     "131.3");
  /* a rate that rounds down anyway is left alone: 49.99 x 70 x 60 / 1600 =
   * 131.22375 -> 131.2 */
  assert_owned_text (sp_drug_format_rate (dopamine, 131.22375, MCG_KG_MIN, 70, &c, SP_NUMBER_C),
                     "131.2");
  /* half up, as every number shown: DOBUTamine 5 mcg/kg/min at 78 kg and
   * 4,000 mcg/mL is 5 x 78 x 60 / 4000 = 5.85 -> 5.9 (in binary 5.85 is
   * 5.8499999…, which a plain round () of 58.499… would take to 5.8) */
  {
    const SpDrug *dobutamine = sp_drug_library_lookup (drugs, "dobutamine");
    SpConcentration d = conc ("1000 mg/250 mL");

    assert_owned_text (sp_drug_format_rate (dobutamine, 5.0 * 78 * 60 / 4000, MCG_KG_MIN, 78, &d,
                                            SP_NUMBER_C), "5.9");
    g_assert_cmpfloat_with_epsilon (sp_drug_round_rate (dobutamine, 5.0 * 78 * 60 / 4000,
                                                        MCG_KG_MIN, 78, &d), 5.9, 1e-12);
  }
}

/* The pump's step in a table: norepinephrine for 40 kg at 16 mg/50 mL
 * (320 mcg/mL) in the 50 mL syringe profile (pumps set to 0.1 mL/h, 5%
 * allowed), rate = dose x 40 x 60 / 320 = dose x 7.5:
 *   0.02 -> 0.15, set to 0.2: (0.2 - 0.15) / 0.15 = +33.3%, gives 0.0267
 *   0.04 -> 0.3, exact
 *   0.06 -> 0.45, set to 0.5: +11.1%, gives 0.0667
 *   0.1  -> 0.75, set to 0.8: +6.67%, gives 0.107
 *   0.14 -> 1.05, set to 1.1: +4.76%, within 5%
 * And from 0.004 in steps of 0.004: 0.004 -> 0.03, set to 0 (below the
 * step); 0.012 -> 0.09, set to 0.1: +11.1%; 0.016 -> 0.12, set to 0.1:
 * (0.1 - 0.12) / 0.12 = -16.7%, gives 0.0133. */
static void
test_rate_rounding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) syringes = sp_drug_library_for_profile (drugs, "eu-icu-syringes", &error);
  const SpDrug *ne;
  SpConcentration c = conc ("16 mg/50 mL");
  g_autoptr(SpDoseTable) table = NULL;
  g_autoptr(SpDoseTable) low = NULL;

  g_assert_no_error (error);
  ne = sp_drug_library_lookup (syringes, "norepinephrine");
  table = sp_dose_table_new (ne, MCG_KG_MIN, 40, &c, NAN, NAN, NAN, &error);
  g_assert_no_error (error);
  /* the largest of the rows the pump can be set for: 0.02, +33.3% */
  g_assert_cmpfloat_with_epsilon (sp_dose_table_get_largest_rounding (table), 100.0 / 3, 1e-9);
  g_assert_true (sp_dose_table_row_is_rounding_off (table, 0));
  g_assert_false (sp_dose_table_row_is_rounding_off (table, 1));

  assert_close (row (table, 0)->dose, 0.02);
  g_assert_true (row (table, 0)->rounding_off);
  assert_close (row (table, 0)->rounding_percent, 100.0 / 3);
  assert_owned_text (sp_dose_table_format_rounding (table, 0, SP_NUMBER_C),
                     "gives 0.0267 mcg/kg/min (+33.3%)");
  g_assert_false (row (table, 1)->rounding_off);
  g_assert_null (sp_dose_table_format_rounding (table, 1, SP_NUMBER_C));
  assert_owned_text (sp_dose_table_format_rounding (table, 2, SP_NUMBER_C),
                     "gives 0.0667 mcg/kg/min (+11.1%)");
  assert_owned_text (sp_dose_table_format_rounding (table, 4, SP_NUMBER_C),
                     "gives 0.107 mcg/kg/min (+6.7%)");
  /* 0.14: +4.76%, within */
  assert_close (row (table, 6)->dose, 0.14);
  g_assert_false (row (table, 6)->rounding_off);
  assert_close (row (table, 6)->rounding_percent, (1.1 - 1.05) / 1.05 * 100);

  low = sp_dose_table_new (ne, MCG_KG_MIN, 40, &c, 0.004, 0.016, 0.004, &error);
  g_assert_no_error (error);
  assert_owned_text (sp_dose_table_format_rate (low, 0, SP_NUMBER_C), "less than 0.1");
  /* below the step: off, but not marked (its rate says "less than"), and
   * not the largest, which is 0.008 -> 0.06, set to 0.1: +66.7% (0.012
   * -> 0.09, +11.1%; 0.016 -> 0.12, -16.7%) */
  g_assert_true (row (low, 0)->rounding_off);
  g_assert_false (sp_dose_table_row_is_rounding_off (low, 0));
  assert_close (sp_dose_table_get_largest_rounding (low), (0.1 - 0.06) / 0.06 * 100);
  assert_owned_text (sp_dose_table_format_rounding (low, 0, SP_NUMBER_C),
                     "below the pump’s step");
  assert_owned_text (sp_dose_table_format_rounding (low, 3, SP_NUMBER_C),
                     "gives 0.0133 mcg/kg/min (-16.7%)");

  /* The bags' 16 mcg/mL at 70 kg: rate = dose x 70 x 60 / 16 = dose x
   * 262.5; 0.02 -> 5.25, set to 5.3: +0.95%; no row is off */
  {
    const SpDrug *bags_ne = sp_drug_library_lookup (drugs, "norepinephrine");
    SpConcentration bag = conc ("4 mg/250 mL");
    g_autoptr(SpDoseTable) bags = sp_dose_table_new (bags_ne, MCG_KG_MIN, 70, &bag, NAN, NAN, NAN,
                                                     &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (sp_dose_table_get_largest_rounding (bags), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/dose-table/defaults", test_defaults);
  g_test_add_func ("/core/dose-table/clipped", test_clipped);
  g_test_add_func ("/core/dose-table/weight", test_weight);
  g_test_add_func ("/core/dose-table/limits-at-weight", test_limits_at_weight);
  g_test_add_func ("/core/dose-table/row-doses-exact", test_row_doses_exact);
  g_test_add_func ("/core/dose-table/row-cap", test_row_cap);
  g_test_add_func ("/core/dose-table/hard-limit-row", test_hard_limit_row);
  g_test_add_func ("/core/dose-table/refused", test_refused);
  g_test_add_func ("/core/dose-table/no-defaults", test_no_defaults);
  g_test_add_func ("/core/dose-table/limit-state", test_limit_state_to_string);
  g_test_add_func ("/core/dose-table/rate-rounding", test_rate_rounding);

  status = g_test_run ();
  g_object_unref (drugs);
  return status;
}
