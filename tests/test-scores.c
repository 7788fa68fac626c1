/* test-scores.c: the norepinephrine-equivalent dose, the vasoactive-inotropic
 * score and the SCAI SHOCK stage, with values worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The coefficients are the shipped protocol's (data/protocols/
 * cardiogenic-shock.xml, <scores>):
 *   NEE (Goradia 2021), mcg/kg/min = NE + epinephrine + dopamine / 100
 *       + phenylephrine / 10 + metaraminol / 8 + vasopressin (units/min) x 2.5
 *   VIS (Gaies 2010) = dopamine + dobutamine + 100 x epinephrine
 *       + 10 x milrinone + 10000 x vasopressin (units/kg/min) + 100 x NE,
 *       doses in mcg/kg/min otherwise.
 */
#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sp-case-file.h"
#include "sp-engine.h"
#include "sp-scores.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

/* A patient state from "field=value" pairs (C-locale numbers). */
static void
parse_state (const char     *spec,
             SpPatientState *out_state)
{
  g_auto(GStrv) pairs = g_strsplit (spec, " ", -1);

  sp_patient_state_init (out_state);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = NULL;
      g_autoptr(GError) error = NULL;
      SpField field;

      if (*pairs[i] == '\0')
        continue;
      kv = g_strsplit (pairs[i], "=", 2);
      g_assert_nonnull (kv[1]);
      g_assert_true (sp_field_from_id (kv[0], &field));
      g_assert_true (sp_protocol_parse_field (protocol, field, kv[1], SP_NUMBER_C,
                                              &out_state->values[field], NULL, &error));
      g_assert_no_error (error);
    }
}

/* Infusions from "drug:dose:unit" items, without a concentration (the
 * scores read doses only); "drug:running" runs at a dose not recorded. */
static GPtrArray *
parse_infusions (const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);
  GPtrArray *infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      SpCaseInfusion *infusion;

      if (*items[i] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 3);
      infusion = sp_case_infusion_new (parts[0], NULL);
      if (g_strcmp0 (parts[1], "running") == 0)
        infusion->running = TRUE;
      else
        {
          g_assert_nonnull (parts[2]);
          infusion->has_dose = TRUE;
          infusion->dose = g_ascii_strtod (parts[1], NULL);
          g_assert_true (sp_dose_unit_parse (parts[2], &infusion->dose_unit));
        }
      g_ptr_array_add (infusions, infusion);
    }
  return infusions;
}

static SpAssessment *
evaluate (const char *state_spec,
          const char *infusions_spec)
{
  g_autoptr(GPtrArray) infusions = parse_infusions (infusions_spec);
  SpPatientState state;

  parse_state (state_spec, &state);
  return sp_engine_evaluate (protocol, drugs, &state, infusions);
}

static void
assert_score (SpAssessment *assessment,
              const char   *id,
              double        expected)
{
  const SpScoreResult *score = sp_assessment_find_score (assessment, id);

  g_assert_nonnull (score);
  if (!score->known)
    g_error ("%s is unknown: %s", id, score->unknown_reason);
  g_assert_cmpfloat_with_epsilon (score->value, expected, 1e-9);
}

static void
assert_score_unknown (SpAssessment *assessment,
                      const char   *id,
                      const char   *reason_part)
{
  const SpScoreResult *score = sp_assessment_find_score (assessment, id);
  g_autofree char *text = NULL;

  g_assert_nonnull (score);
  g_assert_false (score->known);
  g_assert_true (isnan (score->value));
  g_assert_nonnull (strstr (score->unknown_reason, reason_part));
  /* Never shown as 0. */
  text = sp_score_format_value (score, SP_NUMBER_C);
  g_assert_true (g_str_has_prefix (text, "unknown ("));
}

static void
test_nee (void)
{
  g_autoptr(SpAssessment) a = NULL;
  g_autoptr(SpAssessment) b = NULL;
  g_autofree char *text = NULL;

  /* 80 kg: NE 0.1 + epinephrine 0.05 + dopamine 10 / 100 (0.1)
   * + vasopressin 0.03 units/min x 2.5 (0.075)
   * = 0.1 + 0.05 + 0.1 + 0.075 = 0.325 mcg/kg/min. */
  a = evaluate ("weight=80",
                "norepinephrine:0.1:mcg/kg/min epinephrine:0.05:mcg/kg/min "
                "dopamine:10:mcg/kg/min vasopressin:0.03:units/min");
  assert_score (a, "nee", 0.325);
  text = sp_score_format_value (sp_assessment_find_score (a, "nee"), SP_NUMBER_C);
  g_assert_cmpstr (text, ==, "0.325 mcg/kg/min");

  /* NE in mcg/min: 8 mcg/min / 80 kg = 0.1 mcg/kg/min. */
  b = evaluate ("weight=80", "norepinephrine:8:mcg/min");
  assert_score (b, "nee", 0.1);
}

static void
test_nee_vasopressin_without_weight (void)
{
  g_autoptr(SpAssessment) a = NULL;
  g_autoptr(SpAssessment) b = NULL;

  /* Vasopressin counts in units/min: no weight needed.
   * 0.04 units/min x 2.5 = 0.1 mcg/kg/min, the reference equivalence
   * (0.1 mcg/kg/min NE ~ 0.04 units/min vasopressin). */
  a = evaluate ("sbp=85", "vasopressin:0.04:units/min");
  assert_score (a, "nee", 0.1);

  /* NE in mcg/min with no weight cannot be put per kg: unknown, not 0. */
  b = evaluate ("sbp=85", "norepinephrine:8:mcg/min vasopressin:0.04:units/min");
  assert_score_unknown (b, "nee", "no weight");
}

static void
test_vis (void)
{
  g_autoptr(SpAssessment) a = NULL;
  g_autoptr(SpAssessment) none = NULL;

  /* 80 kg: dobutamine 5 + 10 x milrinone 0.375 (3.75) + 100 x epinephrine
   * 0.02 (2) + 10000 x vasopressin 0.03 units/min / 80 kg (0.000375
   * units/kg/min -> 3.75) + 100 x NE 0.1 (10)
   * = 5 + 3.75 + 2 + 3.75 + 10 = 24.5. */
  a = evaluate ("weight=80",
                "dobutamine:5:mcg/kg/min milrinone:0.375:mcg/kg/min epinephrine:0.02:mcg/kg/min "
                "vasopressin:0.03:units/min norepinephrine:0.1:mcg/kg/min");
  assert_score (a, "vis", 24.5);

  /* Nothing runs: both scores are a true 0. */
  none = evaluate ("weight=80 sbp=120", "");
  assert_score (none, "vis", 0);
  assert_score (none, "nee", 0);
}

static void
test_vis_vasopressin_without_weight (void)
{
  g_autoptr(SpAssessment) a = NULL;
  g_autoptr(SpAssessment) b = NULL;

  /* VIS counts vasopressin per kg: without a weight it is unknown. */
  a = evaluate ("sbp=85", "vasopressin:0.03:units/min");
  assert_score_unknown (a, "vis", "no weight");
  /* ... while NEE is known: 0.03 x 2.5 = 0.075. */
  assert_score (a, "nee", 0.075);

  /* With 60 kg: 10000 x 0.03 / 60 = 5. */
  b = evaluate ("weight=60 sbp=85", "vasopressin:0.03:units/min");
  assert_score (b, "vis", 5);
}

static void
test_dose_not_recorded (void)
{
  g_autoptr(SpAssessment) a = evaluate ("weight=80", "dobutamine:running norepinephrine:0.1:mcg/kg/min");

  /* Dobutamine runs at a dose not recorded: VIS cannot be summed; NEE
   * does not count dobutamine: 0.1. */
  assert_score_unknown (a, "vis", "not recorded");
  assert_score (a, "nee", 0.1);
}

static void
assert_stage (SpAssessment *assessment,
              const char   *label)
{
  const SpStagingResult *staging = sp_assessment_get_staging (assessment);

  g_assert_nonnull (staging);
  g_assert_nonnull (staging->stage);
  g_assert_cmpstr (staging->stage->label, ==, label);
  g_assert_cmpuint (staging->missing->len, ==, 0);
}

static gboolean
missing_has (SpAssessment *assessment,
             SpField       field)
{
  const SpStagingResult *staging = sp_assessment_get_staging (assessment);

  for (guint i = 0; i < staging->missing->len; i++)
    if (g_array_index (staging->missing, SpField, i) == field)
      return TRUE;
  return FALSE;
}

static void
test_scai_stages (void)
{
  g_autoptr(SpAssessment) b = NULL;
  g_autoptr(SpAssessment) c = NULL;
  g_autoptr(SpAssessment) d = NULL;
  g_autoptr(SpAssessment) e_lactate = NULL;
  g_autoptr(SpAssessment) e_support = NULL;
  g_autoptr(SpAssessment) a = NULL;
  g_autofree char *text = NULL;
  const char *perfused = "weight=80 lactate=1.2 urine=1 skin=normal mental=normal";
  g_autofree char *spec_b = g_strdup_printf ("%s sbp=85 dbp=50 hr=110", perfused);
  g_autofree char *spec_a = g_strdup_printf ("%s sbp=120 dbp=70 hr=80", perfused);

  /* B: hypotension (SBP 85 < 90) and tachycardia (110 >= 100) with normal
   * perfusion (lactate 1.2 < 2, urine 1 >= 0.5, skin and mind normal), no
   * drug or device. E (lactate < 8; no support) D (no support) C (no
   * hypoperfusion, no support) are unmet. */
  b = evaluate (spec_b, "");
  assert_stage (b, "B");
  text = sp_staging_format (sp_assessment_get_staging (b));
  g_assert_cmpstr (text, ==, "B (Beginning)");

  /* A: none of hypotension, tachycardia, hypoperfusion. */
  a = evaluate (spec_a, "");
  assert_stage (a, "A");

  /* C: hypoperfusion (lactate 3 >= 2) on one drug (NE): E unmet (3 < 8,
   * one support is not three), D unmet (one support is not two). */
  c = evaluate ("weight=80 sbp=88 dbp=50 hr=95 lactate=3 urine=0.4 skin=poor mental=normal",
                "norepinephrine:0.1:mcg/kg/min");
  assert_stage (c, "C");

  /* D: hypoperfusion despite two (NE and dobutamine). */
  d = evaluate ("weight=80 sbp=88 dbp=50 hr=95 lactate=3 urine=0.4 skin=poor mental=normal",
                "norepinephrine:0.1:mcg/kg/min dobutamine:5:mcg/kg/min");
  assert_stage (d, "D");

  /* E: lactate 9 >= 8, whatever else. */
  e_lactate = evaluate ("weight=80 sbp=95 dbp=60 hr=95 lactate=9", "norepinephrine:0.1:mcg/kg/min");
  assert_stage (e_lactate, "E");

  /* E: hypotension (SBP 80) despite three (NE, vasopressin, dobutamine),
   * lactate 5 < 8. */
  e_support = evaluate ("weight=80 sbp=80 dbp=45 hr=120 lactate=5",
                        "norepinephrine:0.3:mcg/kg/min vasopressin:0.03:units/min "
                        "dobutamine:5:mcg/kg/min");
  assert_stage (e_support, "E");
}

static void
test_scai_unknown (void)
{
  g_autoptr(SpAssessment) nothing = NULL;
  g_autoptr(SpAssessment) at_least = NULL;
  g_autofree char *text = NULL;
  const SpStagingResult *staging;

  /* Nothing entered: every stage is undecided; the lactate decides E. */
  nothing = evaluate ("", "");
  staging = sp_assessment_get_staging (nothing);
  g_assert_null (staging->stage);
  g_assert_null (staging->at_least);
  g_assert_true (missing_has (nothing, SP_FIELD_LACTATE));
  g_assert_true (missing_has (nothing, SP_FIELD_SBP));

  /* Poor skin (hypoperfusion: C is met) with no lactate: E (lactate >= 8)
   * cannot be ruled out. The stage is unknown, at least C, and the lactate
   * would decide it. */
  at_least = evaluate ("weight=80 sbp=95 dbp=60 hr=90 skin=poor", "");
  staging = sp_assessment_get_staging (at_least);
  g_assert_null (staging->stage);
  g_assert_nonnull (staging->at_least);
  g_assert_cmpstr (staging->at_least->label, ==, "C");
  g_assert_true (missing_has (at_least, SP_FIELD_LACTATE));
  g_assert_cmpuint (staging->missing->len, ==, 1);
  text = sp_staging_format (staging);
  g_assert_cmpstr (text, ==, "unknown: at least C; Lactate would decide it");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/scores/nee", test_nee);
  g_test_add_func ("/core/scores/nee-vasopressin-without-weight", test_nee_vasopressin_without_weight);
  g_test_add_func ("/core/scores/vis", test_vis);
  g_test_add_func ("/core/scores/vis-vasopressin-without-weight", test_vis_vasopressin_without_weight);
  g_test_add_func ("/core/scores/dose-not-recorded", test_dose_not_recorded);
  g_test_add_func ("/core/scores/scai-stages", test_scai_stages);
  g_test_add_func ("/core/scores/scai-unknown", test_scai_unknown);

  ret = g_test_run ();
  g_clear_object (&protocol);
  g_clear_object (&drugs);
  return ret;
}
