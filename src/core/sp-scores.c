/* sp-scores.c: scores computed from what runs, and the staging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-scores"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-assessment.h"
#include "sp-case-file.h"
#include "sp-dose.h"
#include "sp-number.h"
#include "sp-scores.h"
#include "sp-therapy.h"

G_DEFINE_QUARK (sp-score-error-quark, sp_score_error)

gboolean
sp_score_compute (const SpScore        *score,
                  SpDrugLibrary        *drugs,
                  const SpPatientState *state,
                  GPtrArray            *infusions,
                  double               *out_value,
                  GError              **error)
{
  g_autofree const SpDrug **term_drugs = NULL;
  g_autofree const SpDrug **infusion_drugs = NULL;

  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (infusions != NULL, FALSE);

  term_drugs = g_new0 (const SpDrug *, score->n_terms + 1);
  for (guint i = 0; i < score->n_terms; i++)
    term_drugs[i] = sp_drug_library_lookup (drugs, score->terms[i].drug_id);
  infusion_drugs = g_new0 (const SpDrug *, infusions->len + 1);
  for (guint i = 0; i < infusions->len; i++)
    infusion_drugs[i] = sp_drug_library_lookup (drugs, ((const SpCaseInfusion *)
                                                        g_ptr_array_index (infusions, i))->drug_id);
  return sp_score_compute_resolved (score, term_drugs, infusions, infusion_drugs, state,
                                    out_value, error);
}

gboolean
sp_score_compute_resolved (const SpScore        *score,
                           const SpDrug * const *term_drugs,
                           GPtrArray            *infusions,
                           const SpDrug * const *infusion_drugs,
                           const SpPatientState *state,
                           double               *out_value,
                           GError              **error)
{
  double sum = 0;
  double weight = NAN;

  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (term_drugs != NULL || score->n_terms == 0, FALSE);
  g_return_val_if_fail (infusions != NULL, FALSE);
  g_return_val_if_fail (infusion_drugs != NULL || infusions->len == 0, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sp_patient_state_is_set (state, SP_FIELD_WEIGHT))
    weight = state->values[SP_FIELD_WEIGHT].number;

  for (guint i = 0; i < score->n_terms; i++)
    {
      const SpScoreTerm *term = &score->terms[i];
      const SpDrug *drug = term_drugs[i];
      const SpCaseInfusion *infusion = NULL;
      g_autoptr(GError) local_error = NULL;
      double dose;

      /* A drug the library does not carry (phenylephrine) never runs. */
      if (drug == NULL)
        continue;
      /* The first infusion of the drug, as sp_therapy_find () finds it. */
      for (guint j = 0; j < infusions->len && infusion == NULL; j++)
        if (infusion_drugs[j] == drug)
          infusion = g_ptr_array_index (infusions, j);
      if (infusion == NULL || !sp_case_infusion_runs (infusion))
        continue;
      if (!infusion->has_dose)
        {
          g_set_error (error, SP_SCORE_ERROR, SP_SCORE_ERROR_DOSE_UNKNOWN,
                       _("the dose of %s is not recorded"), sp_drug_get_display_name (drug));
          return FALSE;
        }

      if (!sp_dose_convert (infusion->dose, infusion->dose_unit, term->dose_unit, weight,
                            &dose, &local_error))
        {
          if (g_error_matches (local_error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT))
            g_set_error (error, SP_SCORE_ERROR, SP_SCORE_ERROR_MISSING_WEIGHT,
                         /* Translators: "no weight: vasopressin counts in units/kg/min" */
                         _("no weight: %s counts in %s"),
                         sp_drug_get_display_name (drug),
                         sp_dose_unit_get_label (term->dose_unit));
          else
            g_set_error (error, SP_SCORE_ERROR, SP_SCORE_ERROR_UNIT,
                         _("the dose of %s cannot be put in %s"),
                         sp_drug_get_display_name (drug),
                         sp_dose_unit_get_label (term->dose_unit));
          return FALSE;
        }
      sum += dose * term->factor;
    }

  /* A sum of products (0.1 + 0.05 = 0.15000000000000002) is read to twelve
   * significant digits, as converted doses are (sp_dose_convert ()). */
  sum = sp_number_round_12 (sum);

  *out_value = sum;
  return TRUE;
}

char *
sp_score_format_value (const SpScoreResult *result,
                       SpNumberStyle        style)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (!result->known)
    /* Translators: a score that cannot be computed, and why: "unknown (no
     * weight: vasopressin counts in units/kg/min)" */
    return g_strdup_printf (_("unknown (%s)"), result->unknown_reason);

  /* A dose-like score as doses are shown (three significant figures); a
   * unitless score to one decimal, as it is reported. */
  if (result->score->has_unit)
    return sp_format_dose (result->value, result->score->unit, 3, style);
  return sp_format_decimal (result->value, 1, style);
}

char *
sp_staging_format (const SpStagingResult *result)
{
  g_autoptr(GString) missing = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->stage != NULL)
    /* Translators: a SCAI SHOCK stage: "C (Classic)" */
    return g_strdup_printf (_("%s (%s)"), result->stage->label, result->stage->name);

  missing = g_string_new (NULL);
  for (guint i = 0; result->missing != NULL && i < result->missing->len; i++)
    {
      if (i > 0)
        g_string_append (missing, ", ");
      g_string_append (missing, sp_field_get_label (g_array_index (result->missing, SpField, i)));
    }

  if (result->at_least != NULL && missing->len > 0)
    /* Translators: "unknown: at least C; Lactate would decide it" */
    return g_strdup_printf (_("unknown: at least %s; %s would decide it"),
                            result->at_least->label, missing->str);
  if (missing->len > 0)
    /* Translators: "unknown; Lactate, Heart rate would decide it" */
    return g_strdup_printf (_("unknown; %s would decide it"), missing->str);
  return g_strdup (_("unknown"));
}

const SpStage *
sp_staging_decide (const SpStaging *staging,
                   const int       *states,
                   const SpStage  **out_at_least)
{
  gboolean unknown_above = FALSE;

  g_return_val_if_fail (staging != NULL, NULL);
  g_return_val_if_fail (states != NULL, NULL);

  if (out_at_least != NULL)
    *out_at_least = NULL;

  for (guint i = 0; i < staging->n_stages; i++)
    {
      const SpStage *stage = &staging->stages[i];

      switch ((SpTri) states[stage->criterion])
        {
        case SP_TRI_MET:
          if (!unknown_above)
            return stage;
          if (out_at_least != NULL)
            *out_at_least = stage;
          return NULL;
        case SP_TRI_UNKNOWN:
          unknown_above = TRUE;
          break;
        case SP_TRI_UNMET:
        default:
          break;
        }
    }
  return NULL;
}

char *
sp_scores_format_line (SpAssessment  *assessment,
                       SpNumberStyle  style)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const SpStagingResult *staging;

  g_return_val_if_fail (SP_IS_ASSESSMENT (assessment), NULL);

  for (guint i = 0; i < sp_assessment_get_n_scores (assessment); i++)
    {
      const SpScoreResult *score = sp_assessment_get_score (assessment, i);
      g_autofree char *value = sp_score_format_value (score, style);

      g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "",
                              score->score->abbreviation, value);
    }
  staging = sp_assessment_get_staging (assessment);
  if (staging != NULL)
    {
      g_autofree char *stage = sp_staging_format (staging);

      g_string_append_printf (text, "%sSCAI %s", text->len > 0 ? " · " : "", stage);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
sp_assessment_format_step_and_scores (SpAssessment  *assessment,
                                      SpNumberStyle  style)
{
  const SpStep *step;
  g_autofree char *scores = NULL;

  g_return_val_if_fail (SP_IS_ASSESSMENT (assessment), NULL);

  step = sp_assessment_get_active_step (assessment);
  scores = sp_scores_format_line (assessment, style);
  return g_strdup_printf ("%s · %s", step != NULL ? step->title : _("Awaiting data"), scores);
}
