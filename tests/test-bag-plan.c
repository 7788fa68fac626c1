/* test-bag-plan.c: the bag planner and the preparation (sp-bag-plan)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value is worked out by hand beside it, with the shipped
 * drug library: every profile suggests a stronger standard at >= 10 mL/h and
 * prepares the next bag 2 h before it must be replaced; norepinephrine,
 * epinephrine, dopamine, dobutamine, levosimendan and milrinone may be used
 * 24 h after preparation, vasopressin 18 h (its label).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sp-bag-plan.h"
#include "sp-test-files.h"

static SpDrugLibrary *drugs;

/* The advisories' rates, as for a dose in mcg/kg/min with no weight: no
 * hard limit's rate to stay under. */
static const SpDoseUnit mcg_kg_min = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
static GPtrArray *views;   /* the profiles' libraries the tests looked at */

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
assert_close (double value,
              double expected)
{
  g_assert_cmpfloat_with_epsilon (value, expected, 1e-9 * MAX (1.0, fabs (expected)));
}

static const SpDrug *
drug_in (const char *profile_id,
         const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) view = sp_drug_library_for_profile (drugs, profile_id, &error);
  const SpDrug *drug;

  g_assert_no_error (error);
  /* The view owns its drugs: keep it for the test's life. */
  g_ptr_array_add (views, g_object_ref (view));
  drug = sp_drug_library_lookup (view, id);
  g_assert_nonnull (drug);
  return drug;
}

/* The example: norepinephrine 0.1 mcg/kg/min for 70 kg at
 * 16 mg/250 mL (64 mcg/mL) runs at 0.1 x 70 x 60 / 64 = 420 / 64 =
 * 6.5625 mL/h. */
static void
test_norepinephrine_bag (void)
{
  const SpDrug *ne = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c = conc ("16 mg/250 mL");
  g_autofree char *summary = NULL;
  g_autofree char *next = NULL;
  SpBagPlan plan;

  g_assert_true (sp_bag_plan_compute (ne, &c, 6.5625, &plan));
  assert_close (plan.volume_ml, 250);
  /* 250 / 6.5625 = 38.0952 h = 38 h 5.71 min: "38 h 6 min" */
  assert_close (plan.hours_to_empty, 250 / 6.5625);
  g_assert_cmpfloat (plan.hours_to_empty, >, 38.095);
  g_assert_cmpfloat (plan.hours_to_empty, <, 38.096);
  /* 6.5625 x 24 = 157.5 mL */
  assert_close (plan.ml_per_24h, 157.5);
  /* 157.5 mL x 64 mcg/mL = 10,080 mcg = 10.08 mg (the concentration's mg) */
  assert_close (plan.amount_per_24h, 10.08);
  g_assert_cmpint (plan.amount_unit, ==, SP_AMOUNT_MG);
  /* beyond use after 24 h, before the bag is empty (38.1 h): replaced at
   * 24 h, the next one prepared at 24 - 2 = 22 h */
  assert_close (plan.beyond_use_hours, 24);
  assert_close (plan.replace_in_hours, 24);
  assert_close (plan.lead_hours, 2);
  assert_close (plan.prepare_next_in_hours, 22);
  g_assert_true (g_strv_contains (plan.lead_cites, "local"));
  /* 6.5625 < 10 mL/h: no advisory */
  g_assert_false (plan.has_advisory);
  g_assert_null (sp_bag_plan_format_advisory (ne, &plan, mcg_kg_min, NAN, SP_NUMBER_C));
  g_assert_false (sp_bag_plan_is_syringe (&plan));

  summary = sp_bag_plan_format_summary (&plan, SP_NUMBER_C);
  /* 10.08 to three significant figures: 10.1 */
  g_assert_cmpstr (summary, ==, "lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h");
  next = sp_bag_plan_format_next (&plan, SP_NUMBER_C);
  g_assert_cmpstr (next, ==, "replace within 24 h (its beyond-use time): prepare the next one in "
                             "22 h (2 h before)");
}

/* 4 mg/250 mL (16 mcg/mL) at 20 mL/h, at or above 10 mL/h: the weakest
 * standard at least twice as strong is 8 mg/250 mL (32 mcg/mL), where the
 * same dose runs at 20 x 16 / 32 = 10 mL/h (16 mg/250 mL would also halve
 * it but is not the weakest). */
static void
test_advisory (void)
{
  const SpDrug *ne = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration c4 = conc ("4 mg/250 mL");
  SpConcentration c8 = conc ("8 mg/250 mL");
  SpConcentration c16 = conc ("16 mg/250 mL");
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;
  SpBagPlan plan;

  g_assert_true (sp_bag_plan_compute (ne, &c4, 20, &plan));
  g_assert_true (plan.has_advisory);
  g_assert_true (sp_concentration_equal (&plan.advisory.stronger->conc, &c8));
  assert_close (plan.advisory.rate_ml_per_h, 10);
  assert_close (plan.advisory.threshold_ml_per_h, 10);
  g_assert_true (g_strv_contains (plan.advisory.cites, "ann-icu-2016"));
  /* 250 / 20 = 12.5 h, before the 24 h beyond-use time; prepare at 10.5 h */
  assert_close (plan.replace_in_hours, 12.5);
  assert_close (plan.prepare_next_in_hours, 10.5);
  next = sp_bag_plan_format_next (&plan, SP_NUMBER_C);
  g_assert_cmpstr (next, ==, "empty in 12 h 30 min: prepare the next one in 10 h 30 min (2 h before)");
  text = sp_bag_plan_format_advisory (ne, &plan, mcg_kg_min, NAN, SP_NUMBER_C);
  g_assert_nonnull (strstr (text, "At 20 mL/h (10 mL/h or more), consider the stronger standard "
                                  "8 mg in 250 mL (32 mcg/mL): the same dose would run at 10 mL/h."));
  g_assert_nonnull (strstr (text, "A change of strength needs a new rate"));

  /* 9.9 mL/h at 4 mg/250 mL: below the threshold, none */
  g_assert_true (sp_bag_plan_compute (ne, &c4, 9.9, &plan));
  g_assert_false (plan.has_advisory);
  /* exactly 10 mL/h at 8 mg/250 mL: 16 mg/250 mL (64 = 2 x 32) at 5 mL/h */
  g_assert_true (sp_bag_plan_compute (ne, &c8, 10, &plan));
  g_assert_true (plan.has_advisory);
  g_assert_true (sp_concentration_equal (&plan.advisory.stronger->conc, &c16));
  assert_close (plan.advisory.rate_ml_per_h, 5);
  /* 16 mg/250 mL is the strongest bag: nothing to suggest at 30 mL/h */
  g_assert_true (sp_bag_plan_compute (ne, &c16, 30, &plan));
  g_assert_false (plan.has_advisory);

  /* The bag written in the salt: 8 mg tartrate/250 mL = 4 mg base = 16
   * mcg/mL base, at 20 mL/h as above: the same 8 mg in 250 mL (32 mcg/mL)
   * at 10 mL/h, said to be base ("8 mg" read as tartrate is half of it) */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *advice = NULL;
    SpConcentration salt;

    g_assert_true (sp_drug_parse_concentration (ne, "8 mg tartrate/250 mL", SP_NUMBER_C, NULL,
                                                &salt, &error));
    g_assert_no_error (error);

    g_assert_true (sp_bag_plan_compute (ne, &salt, 20, &plan));
    g_assert_true (plan.amount_is_base);
    g_assert_true (plan.has_advisory);
    g_assert_true (sp_concentration_equal (&plan.advisory.stronger->conc, &c8));
    assert_close (plan.advisory.rate_ml_per_h, 10);
    advice = sp_bag_plan_format_advisory (ne, &plan, mcg_kg_min, NAN, SP_NUMBER_C);
    g_assert_nonnull (strstr (advice, "consider the stronger standard 8 mg in 250 mL (32 mcg/mL) "
                                      "as base: the same dose would run at 10 mL/h."));
  }
}

/* The syringe profile: 4 mg/50 mL (80 mcg/mL) at 12 mL/h. Twice as strong
 * is 160 mcg/mL: 8 mg/50 mL and 16 mg/100 mL both are; the one of the same
 * size, 8 mg/50 mL, is suggested, at 12 x 80 / 160 = 6 mL/h. 50 / 12 =
 * 4.1667 h = 4 h 10 min. */
static void
test_syringe (void)
{
  const SpDrug *ne = drug_in ("eu-icu-syringes", "norepinephrine");
  SpConcentration c = conc ("4 mg/50 mL");
  SpConcentration c8 = conc ("8 mg/50 mL");
  g_autofree char *summary = NULL;
  SpBagPlan plan;

  g_assert_true (sp_bag_plan_compute (ne, &c, 12, &plan));
  g_assert_true (sp_bag_plan_is_syringe (&plan));
  g_assert_true (plan.has_advisory);
  g_assert_true (sp_concentration_equal (&plan.advisory.stronger->conc, &c8));
  assert_close (plan.advisory.rate_ml_per_h, 6);
  g_assert_true (g_strv_contains (plan.advisory.cites, "nhs-highland"));
  /* 12 x 24 = 288 mL; 288 x 80 mcg/mL = 23,040 mcg = 23.04 mg */
  assert_close (plan.ml_per_24h, 288);
  assert_close (plan.amount_per_24h, 23.04);
  summary = sp_bag_plan_format_summary (&plan, SP_NUMBER_C);
  g_assert_cmpstr (summary, ==, "lasts 4 h 10 min; 288 mL and 23 mg per 24 h");
}

/* Vasopressin 0.03 units/min at 20 units/100 mL (0.2 units/mL): 0.03 x 60
 * / 0.2 = 9 mL/h; 100 / 9 = 11.111 h = 666.7 min = 11 h 7 min, before its
 * 18 h beyond-use time; the next one at 11.111 - 2 = 9.111 h = 9 h 7 min.
 * 9 x 24 = 216 mL x 0.2 = 43.2 units. */
static void
test_vasopressin (void)
{
  const SpDrug *vp = sp_drug_library_lookup (drugs, "vasopressin");
  SpConcentration c = conc ("20 units/100 mL");
  g_autofree char *summary = NULL;
  SpBagPlan plan;

  g_assert_true (sp_bag_plan_compute (vp, &c, 9, &plan));
  assert_close (plan.hours_to_empty, 100.0 / 9);
  assert_close (plan.beyond_use_hours, 18);
  g_assert_true (g_strv_contains (plan.beyond_use_cites, "label"));
  assert_close (plan.replace_in_hours, 100.0 / 9);
  assert_close (plan.prepare_next_in_hours, 100.0 / 9 - 2);
  assert_close (plan.amount_per_24h, 43.2);
  g_assert_cmpint (plan.amount_unit, ==, SP_AMOUNT_UNITS);
  g_assert_false (plan.has_advisory);
  summary = sp_bag_plan_format_summary (&plan, SP_NUMBER_C);
  g_assert_cmpstr (summary, ==, "lasts 11 h 7 min; 216 mL and 43.2 units per 24 h");
}

/* Levosimendan is given as one 24-hour course (label): 0.1 mcg/kg/min for
 * 70 kg at 12.5 mg/500 mL (25 mcg/mL) = 0.1 x 70 x 60 / 25 = 16.8 mL/h;
 * 500 / 16.8 = 29.76 h, replaced at its 24 h beyond-use time, when the
 * course ends too: no next bag. At 0.2 mcg/kg/min, 33.6 mL/h: 500 / 33.6 =
 * 14.88 h, within the course: the next one at 14.88 - 2 = 12.88 h. */
static void
test_course (void)
{
  const SpDrug *levo = sp_drug_library_lookup (drugs, "levosimendan");
  SpConcentration c = conc ("12.5 mg/500 mL");
  g_autofree char *next = NULL;
  SpBagPlan plan;

  assert_close (sp_drug_get_course_hours (levo), 24);
  g_assert_true (sp_bag_plan_compute (levo, &c, 16.8, &plan));
  assert_close (plan.hours_to_empty, 500 / 16.8);
  assert_close (plan.replace_in_hours, 24);
  g_assert_true (plan.course_ends_first);
  g_assert_true (isnan (plan.prepare_next_in_hours));
  g_assert_true (g_strv_contains (plan.course_cites, "label"));
  next = sp_bag_plan_format_next (&plan, SP_NUMBER_C);
  g_assert_cmpstr (next, ==, "the 24 h course ends first: no next one");
  /* 16.8 mL/h is at or above 10 mL/h and 12.5 mg/250 mL (50 mcg/mL) is
   * twice as strong, but there is no next bag to make stronger */
  g_assert_false (plan.has_advisory);

  g_assert_true (sp_bag_plan_compute (levo, &c, 33.6, &plan));
  g_assert_false (plan.course_ends_first);
  assert_close (plan.prepare_next_in_hours, 500 / 33.6 - 2);
  /* a next bag within the course: 12.5 mg/250 mL at 33.6 x 25 / 50 = 16.8 */
  g_assert_true (plan.has_advisory);
  assert_close (plan.advisory.rate_ml_per_h, 16.8);
  /* a drug that runs on has no course */
  g_assert_true (isnan (sp_drug_get_course_hours (sp_drug_library_lookup (drugs, "norepinephrine"))));
}

/* No volume, no plan; no rate, no plan. A bag due within the lead time is
 * prepared now. */
static void
test_no_plan (void)
{
  const SpDrug *ne = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration per_ml = conc ("64 mcg/mL");
  SpConcentration c = conc ("4 mg/250 mL");
  g_autofree char *next = NULL;
  SpBagPlan plan;

  g_assert_false (sp_bag_plan_compute (ne, &per_ml, 6.5, &plan));
  g_assert_false (sp_bag_plan_compute (ne, &c, 0, &plan));
  g_assert_false (sp_bag_plan_compute (ne, &c, NAN, &plan));
  /* 250 / 200 = 1.25 h < 2 h lead time */
  g_assert_true (sp_bag_plan_compute (ne, &c, 200, &plan));
  assert_close (plan.prepare_next_in_hours, 0);
  next = sp_bag_plan_format_next (&plan, SP_NUMBER_C);
  g_assert_cmpstr (next, ==, "empty in 1 h 15 min: prepare the next one now");
}

static void
test_duration (void)
{
  static const struct { double hours; const char *text; } cases[] = {
    { 0.75, "45 min" },
    { 2, "2 h" },
    { 250 / 6.5625, "38 h 6 min" },
    /* 59.94 min rounds to 60: one hour, never "0 h 60 min" */
    { 0.999, "1 h" },
    { 0, "0 min" },
    /* dobutamine 0.1 mcg/kg/min at 70 kg from 1,000 mg/250 mL runs 0.105
     * mL/h: 250 / 0.105 = 2380.95 h = 2380 h 57 min, the hours grouped as
     * the locale groups numbers of 1000 and more */
    { 250 / 0.105, "2,380 h 57 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sp_format_duration (cases[i].hours);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The preparation from each concentration's product. */
static void
test_preparation (void)
{
  static const struct {
    const char *profile, *drug, *conc;
    guint n_units;
    double draw, left, diluent, final;
    gboolean remove;
    const char *text;   /* with "glucose 5%" */
  } cases[] = {
    /* 16 mg / (4 mg/4 mL = 1 mg/mL) = 16 mL from 4 vials, removed from the
     * 250 mL bag first: final volume 250 mL, so 64 mcg/mL stays true
     * (added on top it would be 16 mg/266 mL = 60.2 mcg/mL) */
    { "us-icu-bags", "norepinephrine", "16 mg/250 mL", 4, 16, 0, 16, 250, TRUE,
      "4 vials of 4 mg/4 mL: withdraw 16 mL. Remove 16 mL from a 250 mL bag of glucose 5%, "
      "then add the drug: final volume 250 mL." },
    /* 8 mg = 8 mL from 2 vials, made up with 50 - 8 = 42 mL */
    { "eu-icu-syringes", "norepinephrine", "8 mg/50 mL", 2, 8, 0, 42, 50, FALSE,
      "2 vials of 4 mg/4 mL: withdraw 8 mL and make up to 50 mL with glucose 5% (42 mL): "
      "final volume 50 mL." },
    /* 10 mg = 10 mL: 2.5 vials, so 3 opened and 12 - 10 = 2 mL discarded */
    { "eu-icu-syringes", "norepinephrine", "10 mg/50 mL", 3, 10, 2, 40, 50, FALSE, NULL },
    /* 24 mg tartrate = 12 mg base; ampoules 8 mg tartrate/4 mL = 4 mg base
     * in 4 mL = 1 mg/mL base: 12 mL from 3 ampoules, 48 - 12 = 36 mL */
    { "eu-icu-syringes", "norepinephrine", "24 mg tartrate/48 mL", 3, 12, 0, 36, 48, FALSE, NULL },
    /* 10 units / 20 units/mL = 0.5 mL of one vial; 0.5 mL left */
    { "us-icu-bags", "vasopressin", "10 units/100 mL", 1, 0.5, 0.5, 0.5, 100, TRUE, NULL },
    /* 1000 mg / 12.5 mg/mL = 80 mL from 4 vials of 250 mg/20 mL */
    { "us-icu-bags", "dobutamine", "1000 mg/250 mL", 4, 80, 0, 80, 250, TRUE, NULL },
    /* the label's milrinone: 10 mL of 1 mg/mL + 40 mL = 50 mL (200 mcg/mL) */
    { "eu-icu-syringes", "milrinone", "10 mg/50 mL", 1, 10, 0, 40, 50, FALSE,
      "1 vial of 10 mg/10 mL: withdraw 10 mL and make up to 50 mL with glucose 5% (40 mL): "
      "final volume 50 mL." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SpDrug *drug = drug_in (cases[i].profile, cases[i].drug);
      g_autoptr(GError) error = NULL;
      const SpStandardConcentration *sc = sp_drug_find_concentration (drug, cases[i].conc, &error);
      g_autofree char *text = NULL;
      SpPreparation prep;

      g_assert_no_error (error);
      g_assert_true (sp_preparation_compute (drug, sc, &prep));
      g_assert_cmpuint (prep.n_units, ==, cases[i].n_units);
      assert_close (prep.draw_ml, cases[i].draw);
      assert_close (prep.left_ml, cases[i].left);
      assert_close (prep.diluent_ml, cases[i].diluent);
      assert_close (prep.final_ml, cases[i].final);
      g_assert_cmpint (prep.remove_volume, ==, cases[i].remove);
      text = sp_preparation_format (drug, &prep, "glucose 5%", SP_NUMBER_C);
      if (cases[i].text != NULL)
        g_assert_cmpstr (text, ==, cases[i].text);
      if (cases[i].left > 0)
        g_assert_true (g_str_has_suffix (text, "left over."));
    }

  /* a premixed bag names no product: nothing to prepare */
  {
    const SpDrug *dobutamine = sp_drug_library_lookup (drugs, "dobutamine");
    const SpStandardConcentration *sc = sp_drug_find_concentration (dobutamine, "250 mg/250 mL", NULL);
    SpPreparation prep;

    g_assert_nonnull (sc);
    g_assert_null (sc->product);
    g_assert_false (sp_preparation_compute (dobutamine, sc, &prep));
  }
}

/* What the shipped library says and what a site file without the new
 * elements gets. */
static void
test_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) old = NULL;
  const SpDrugProfile *profile;

  for (guint i = 0; i < sp_drug_library_get_n_drugs (drugs); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (drugs, i);

      /* every shipped drug is an ISMP high-alert medication */
      g_assert_true (sp_drug_get_high_alert (drug));
      g_assert_true (g_strv_contains (sp_drug_get_high_alert_cites (drug), "ismp-high-alert"));
      g_assert_nonnull (sp_drug_get_storage (drug));
      g_assert_cmpuint (sp_drug_get_n_products (drug), >=, 1);
    }
  for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
    {
      profile = sp_drug_library_get_nth_profile (drugs, i);
      assert_close (sp_drug_profile_get_stronger_at_ml_per_h (profile), 10);
      assert_close (sp_drug_profile_get_prepare_lead_hours (profile), 2);
      g_assert_true (g_strv_contains (sp_drug_profile_get_stronger_cites (profile), "ann-icu-2016"));
    }

  old = sp_drug_library_new_from_file (g_test_get_filename (G_TEST_DIST, "data",
                                                            "drugs-format-1.xml", NULL),
                                       &error);
  g_assert_no_error (error);
  profile = sp_drug_library_get_profile (old);
  /* the defaults, uncited */
  assert_close (sp_drug_profile_get_stronger_at_ml_per_h (profile), 10);
  assert_close (sp_drug_profile_get_prepare_lead_hours (profile), 2);
  g_assert_cmpuint (g_strv_length ((char **) sp_drug_profile_get_stronger_cites (profile)), ==, 0);
  g_assert_false (sp_drug_get_high_alert (sp_drug_library_get_drug (old, 0)));
  g_assert_null (sp_drug_get_storage (sp_drug_library_get_drug (old, 0)));
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
  views = g_ptr_array_new_with_free_func (g_object_unref);

  g_test_add_func ("/core/bag-plan/norepinephrine", test_norepinephrine_bag);
  g_test_add_func ("/core/bag-plan/advisory", test_advisory);
  g_test_add_func ("/core/bag-plan/syringe", test_syringe);
  g_test_add_func ("/core/bag-plan/vasopressin", test_vasopressin);
  g_test_add_func ("/core/bag-plan/no-plan", test_no_plan);
  g_test_add_func ("/core/bag-plan/course", test_course);
  g_test_add_func ("/core/bag-plan/duration", test_duration);
  g_test_add_func ("/core/bag-plan/preparation", test_preparation);
  g_test_add_func ("/core/bag-plan/library", test_library);

  status = g_test_run ();
  g_ptr_array_unref (views);
  g_object_unref (drugs);
  return status;
}
