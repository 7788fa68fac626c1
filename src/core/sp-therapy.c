/* sp-therapy.c: what runs is the infusions; the therapy fields follow from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-therapy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-case.h"
#include "sp-dose.h"
#include "sp-therapy.h"

/* The "inotrope" choice for no inotrope (sp-field.c). */
#define INOTROPE_NONE "none"

/* The number field named by the drug's id (norepinephrine, vasopressin,
 * epinephrine), or FALSE. */
static gboolean
drug_number_field (const SpDrug *drug,
                   SpField      *out_field)
{
  const char *id = sp_drug_get_id (drug);

  for (SpField field = 0; field < SP_N_FIELDS; field++)
    if (sp_field_is_therapy (field) && field != SP_FIELD_INOTROPE_DOSE &&
        sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER &&
        g_str_equal (sp_field_get_info (field)->id, id))
      {
        *out_field = field;
        return TRUE;
      }
  return FALSE;
}

/* TRUE if the drug is one of the choices of "inotrope". */
static gboolean
drug_is_inotrope (const SpDrug *drug)
{
  const char *id = sp_drug_get_id (drug);

  return sp_field_choice_index (SP_FIELD_INOTROPE, id) >= 0 && !g_str_equal (id, INOTROPE_NONE);
}

/* @field's unit as a dose unit; FALSE when it is none. The field table is
 * fixed: parsed once, as the engine reads it on every evaluation. */
static gboolean
field_dose_unit (SpField     field,
                 SpDoseUnit *out_unit)
{
  static gsize parsed = 0;
  static SpDoseUnit units[SP_N_FIELDS];
  static gboolean is_dose[SP_N_FIELDS];

  if (g_once_init_enter (&parsed))
    {
      for (guint i = 0; i < SP_N_FIELDS; i++)
        is_dose[i] = sp_dose_unit_parse (sp_field_get_info (i)->unit, &units[i]);
      g_once_init_leave (&parsed, 1);
    }
  if (!is_dose[field])
    return FALSE;
  *out_unit = units[field];
  return TRUE;
}

/* The infusion's dose in @field's unit; FALSE when it has none or it cannot
 * be expressed in that unit (mcg/min for mcg/kg/min without a weight). */
static gboolean
dose_in_field_unit (const SpCaseInfusion *infusion,
                    SpField               field,
                    double                weight,
                    double               *out_dose)
{
  SpDoseUnit field_unit;

  if (!infusion->has_dose || !field_dose_unit (field, &field_unit))
    return FALSE;

  return sp_dose_convert (infusion->dose, infusion->dose_unit, field_unit, weight, out_dose, NULL);
}

void
sp_therapy_derive_fields (SpDrugLibrary  *drugs,
                          GPtrArray      *infusions,
                          SpPatientState *state)
{
  g_autofree const SpDrug **infusion_drugs = NULL;
  guint n = infusions != NULL ? infusions->len : 0;

  g_return_if_fail (SP_IS_DRUG_LIBRARY (drugs));
  g_return_if_fail (state != NULL);

  infusion_drugs = g_new0 (const SpDrug *, n + 1);
  for (guint i = 0; i < n; i++)
    infusion_drugs[i] = sp_drug_library_lookup (drugs, ((const SpCaseInfusion *)
                                                        g_ptr_array_index (infusions, i))->drug_id);
  sp_therapy_derive_fields_resolved (infusions, infusion_drugs, state);
}

void
sp_therapy_derive_fields_resolved (GPtrArray            *infusions,
                                   const SpDrug * const *infusion_drugs,
                                   SpPatientState       *state)
{
  double weight = NAN;
  gboolean inotrope_set = FALSE;

  g_return_if_fail (infusion_drugs != NULL || infusions == NULL || infusions->len == 0);
  g_return_if_fail (state != NULL);

  if (sp_patient_state_is_set (state, SP_FIELD_WEIGHT))
    weight = state->values[SP_FIELD_WEIGHT].number;

  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy (i))
      sp_patient_state_unset (state, i);
  sp_patient_state_set_choice (state, SP_FIELD_INOTROPE, INOTROPE_NONE);

  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);
      const SpDrug *drug = infusion_drugs[i];
      SpField field;
      double dose;

      if (drug == NULL || !sp_case_infusion_runs (infusion))
        continue;

      if (drug_number_field (drug, &field))
        {
          if (sp_patient_state_is_set (state, field))
            continue;   /* one infusion per drug; the first stands */
          if (dose_in_field_unit (infusion, field, weight, &dose))
            sp_patient_state_set_number (state, field, dose);
          else if (infusion->has_dose)
            sp_patient_state_set_running_at (state, field, infusion->dose, infusion->dose_unit);
          else
            sp_patient_state_set_running (state, field);
        }
      else if (drug_is_inotrope (drug) && !inotrope_set)
        {
          inotrope_set = TRUE;
          sp_patient_state_set_choice (state, SP_FIELD_INOTROPE, sp_drug_get_id (drug));
          if (dose_in_field_unit (infusion, SP_FIELD_INOTROPE_DOSE, weight, &dose))
            sp_patient_state_set_number (state, SP_FIELD_INOTROPE_DOSE, dose);
        }
    }
}

gboolean
sp_therapy_get_dose (const SpPatientState *state,
                     SpField               field,
                     double               *out_dose)
{
  const SpFieldValue *value;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (sp_field_is_therapy (field) && field != SP_FIELD_INOTROPE, FALSE);
  g_return_val_if_fail (out_dose != NULL, FALSE);

  value = &state->values[field];
  if (value->set)
    {
      if (isnan (value->number))
        return FALSE;   /* runs, dose not known */
      *out_dose = value->number;
      return TRUE;
    }
  /* Not set: the drug does not run; but an inotrope can run without its
   * dose (inotrope-dose is only set when known). */
  if (field == SP_FIELD_INOTROPE_DOSE &&
      (!sp_patient_state_is_set (state, SP_FIELD_INOTROPE) ||
       (int) state->values[SP_FIELD_INOTROPE].choice !=
       sp_field_choice_index (SP_FIELD_INOTROPE, INOTROPE_NONE)))
    return FALSE;
  *out_dose = 0;
  return TRUE;
}

const SpCaseInfusion *
sp_therapy_find (SpDrugLibrary *drugs,
                 GPtrArray     *infusions,
                 const SpDrug  *drug)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  for (guint i = 0; drug != NULL && infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (sp_drug_library_lookup (drugs, infusion->drug_id) == drug)
        return infusion;
    }
  return NULL;
}

const SpDrug *
sp_therapy_field_drug (SpDrugLibrary        *drugs,
                       const SpPatientState *state,
                       SpField               field)
{
  const char *id;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  if (!sp_field_is_therapy (field))
    return NULL;
  if (field == SP_FIELD_INOTROPE || field == SP_FIELD_INOTROPE_DOSE)
    {
      id = sp_patient_state_get_choice (state, SP_FIELD_INOTROPE);
      if (id == NULL || g_str_equal (id, INOTROPE_NONE))
        return NULL;
    }
  else
    id = sp_field_get_info (field)->id;

  return sp_drug_library_lookup (drugs, id);
}

/* "file:12: " for a message about @field. */
static char *
where (const char *name,
       const int  *lines,
       SpField     field)
{
  return sp_case_file_where (name, lines != NULL ? lines[field] : 0);
}

gboolean
sp_therapy_infusions_from_fields (SpDrugLibrary   *drugs,
                                  SpPatientState  *state,
                                  const int       *lines,
                                  const char      *name,
                                  GPtrArray       *infusions,
                                  GError         **error)
{
  const char *inotrope;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (infusions != NULL, FALSE);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldValue *value = &state->values[i];
      g_autoptr(SpCaseInfusion) infusion = NULL;
      const SpDrug *drug;

      if (!value->set || !sp_field_is_therapy (i) ||
          i == SP_FIELD_INOTROPE || i == SP_FIELD_INOTROPE_DOSE)
        continue;

      drug = sp_drug_library_lookup (drugs, sp_field_get_info (i)->id);
      if (drug == NULL)
        {
          g_autofree char *at = where (name, lines, i);

          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG,
                       _("%s%s: the drug library has no %s"),
                       at, sp_field_get_info (i)->id, sp_field_get_info (i)->id);
          return FALSE;
        }
      if (sp_therapy_find (drugs, infusions, drug) != NULL)
        continue;

      infusion = sp_case_infusion_new (sp_drug_get_id (drug), NULL);
      infusion->line = lines != NULL ? lines[i] : 0;
      if (isnan (value->number) && value->running_known)
        {
          /* 5 mcg/min with no weight: that dose, in its own unit */
          infusion->has_dose = TRUE;
          infusion->dose = value->running_dose;
          infusion->dose_unit = value->running_unit;
        }
      else if (isnan (value->number))
        infusion->running = TRUE;
      else
        {
          infusion->has_dose = TRUE;
          infusion->dose = value->number;
          sp_dose_unit_parse (sp_field_get_info (i)->unit, &infusion->dose_unit);
        }
      g_ptr_array_add (infusions, g_steal_pointer (&infusion));
    }

  inotrope = sp_patient_state_get_choice (state, SP_FIELD_INOTROPE);
  if (inotrope != NULL && !g_str_equal (inotrope, INOTROPE_NONE))
    {
      const SpDrug *drug = sp_drug_library_lookup (drugs, inotrope);

      if (drug == NULL)
        {
          g_autofree char *at = where (name, lines, SP_FIELD_INOTROPE);

          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG,
                       _("%s%s: the drug library has no %s"),
                       at, sp_field_get_info (SP_FIELD_INOTROPE)->id, inotrope);
          return FALSE;
        }
      if (sp_therapy_find (drugs, infusions, drug) == NULL)
        {
          SpCaseInfusion *infusion = sp_case_infusion_new (sp_drug_get_id (drug), NULL);
          const SpFieldValue *dose = &state->values[SP_FIELD_INOTROPE_DOSE];

          infusion->line = lines != NULL ? lines[SP_FIELD_INOTROPE] : 0;
          if (dose->set && !isnan (dose->number))
            {
              infusion->has_dose = TRUE;
              infusion->dose = dose->number;
              sp_dose_unit_parse (sp_field_get_info (SP_FIELD_INOTROPE_DOSE)->unit,
                                  &infusion->dose_unit);
            }
          else
            infusion->running = TRUE;
          g_ptr_array_add (infusions, infusion);
        }
    }
  else if (sp_patient_state_is_set (state, SP_FIELD_INOTROPE_DOSE) &&
           state->values[SP_FIELD_INOTROPE_DOSE].number > 0)
    {
      g_autofree char *at = where (name, lines, SP_FIELD_INOTROPE_DOSE);

      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                   _("%s%s: a dose needs its drug; set %s as well"),
                   at, sp_field_get_info (SP_FIELD_INOTROPE_DOSE)->id,
                   sp_field_get_info (SP_FIELD_INOTROPE)->id);
      return FALSE;
    }

  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy (i))
      sp_patient_state_unset (state, i);

  return TRUE;
}
