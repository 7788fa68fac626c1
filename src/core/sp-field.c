/* sp-field.c: the patient fields of a case and a patient state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-field.h"
#include "sp-quantity.h"

static const char * const mental_choices[] = { "normal", "altered", NULL };
static const char * const skin_choices[] = { "normal", "poor", NULL };
static const char * const yes_no_choices[] = { "yes", "no", NULL };
static const char * const fluid_choices[] = {
  "not-given", "given-responded", "given-no-response", "contraindicated", NULL
};
static const char * const inotrope_choices[] = {
  "none", "dobutamine", "dopamine", "milrinone", "levosimendan", NULL
};
static const char * const mcs_choices[] = { "none", "iabp", "vad", "ecmo", NULL };

#define NUMBER(f, i, u) { f, i, SP_FIELD_KIND_NUMBER, u, NULL }
#define CHOICE(f, i, c) { f, i, SP_FIELD_KIND_CHOICE, NULL, c }

static const SpFieldInfo fields[SP_N_FIELDS] = {
  NUMBER (SP_FIELD_WEIGHT, "weight", "kg"),
  NUMBER (SP_FIELD_SBP, "sbp", "mmHg"),
  NUMBER (SP_FIELD_DBP, "dbp", "mmHg"),
  NUMBER (SP_FIELD_MAP, "map", "mmHg"),
  NUMBER (SP_FIELD_HR, "hr", "/min"),
  NUMBER (SP_FIELD_SPO2, "spo2", "%"),
  NUMBER (SP_FIELD_LACTATE, "lactate", "mmol/L"),
  NUMBER (SP_FIELD_URINE, "urine", "mL/kg/h"),
  CHOICE (SP_FIELD_MENTAL, "mental", mental_choices),
  CHOICE (SP_FIELD_SKIN, "skin", skin_choices),
  NUMBER (SP_FIELD_SCVO2, "scvo2", "%"),
  CHOICE (SP_FIELD_CENTRAL_LINE, "central-line", yes_no_choices),
  CHOICE (SP_FIELD_ARTERIAL_LINE, "arterial-line", yes_no_choices),
  CHOICE (SP_FIELD_FLUID, "fluid", fluid_choices),
  CHOICE (SP_FIELD_INOTROPE, "inotrope", inotrope_choices),
  NUMBER (SP_FIELD_INOTROPE_DOSE, "inotrope-dose", "mcg/kg/min"),
  NUMBER (SP_FIELD_NOREPINEPHRINE, "norepinephrine", "mcg/kg/min"),
  NUMBER (SP_FIELD_VASOPRESSIN, "vasopressin", "units/min"),
  NUMBER (SP_FIELD_EPINEPHRINE, "epinephrine", "mcg/kg/min"),
  CHOICE (SP_FIELD_MCS, "mcs", mcs_choices),
};

#undef NUMBER
#undef CHOICE

const SpFieldInfo *
sp_field_get_info (SpField field)
{
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  return &fields[field];
}

gboolean
sp_field_from_id (const char *id,
                  SpField    *out_field)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (g_str_equal (fields[i].id, id))
        {
          *out_field = fields[i].field;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sp_field_is_therapy (SpField field)
{
  return (field == SP_FIELD_INOTROPE || field == SP_FIELD_INOTROPE_DOSE ||
          field == SP_FIELD_NOREPINEPHRINE || field == SP_FIELD_VASOPRESSIN ||
          field == SP_FIELD_EPINEPHRINE);
}

int
sp_field_choice_index (SpField     field,
                       const char *choice)
{
  const char * const *choices;

  g_return_val_if_fail (field < SP_N_FIELDS, -1);

  choices = fields[field].choices;
  if (choices == NULL || choice == NULL)
    return -1;
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], choice))
      return i;
  return -1;
}

const char *
sp_field_get_unit_label (SpField field)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  SpDoseUnit unit;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->unit != NULL && sp_dose_unit_parse (info->unit, &unit))
    return sp_dose_unit_get_label (unit);

  return info->unit;
}

const char *
sp_field_get_label (SpField field)
{
  switch (field)
    {
    case SP_FIELD_WEIGHT: return _("Weight");
    case SP_FIELD_SBP: return _("Systolic blood pressure");
    case SP_FIELD_DBP: return _("Diastolic blood pressure");
    case SP_FIELD_MAP: return _("Mean arterial pressure");
    case SP_FIELD_HR: return _("Heart rate");
    case SP_FIELD_SPO2: return _("Oxygen saturation");
    case SP_FIELD_LACTATE: return _("Lactate");
    case SP_FIELD_URINE: return _("Urine output");
    case SP_FIELD_MENTAL: return _("Mental status");
    case SP_FIELD_SKIN: return _("Skin perfusion");
    case SP_FIELD_SCVO2: return _("Central venous oxygen saturation");
    case SP_FIELD_CENTRAL_LINE: return _("Central line");
    case SP_FIELD_ARTERIAL_LINE: return _("Arterial line");
    case SP_FIELD_FLUID: return _("Fluid challenge");
    case SP_FIELD_INOTROPE: return _("Inotrope");
    case SP_FIELD_INOTROPE_DOSE: return _("Inotrope dose");
    case SP_FIELD_NOREPINEPHRINE: return _("Norepinephrine");
    case SP_FIELD_VASOPRESSIN: return _("Vasopressin");
    case SP_FIELD_EPINEPHRINE: return _("Epinephrine");
    case SP_FIELD_MCS: return _("Mechanical circulatory support");
    case SP_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sp_field_get_short_label (SpField field)
{
  switch (field)
    {
    case SP_FIELD_SBP: return C_("abbreviation", "SBP");
    case SP_FIELD_DBP: return C_("abbreviation", "DBP");
    case SP_FIELD_MAP: return C_("abbreviation", "MAP");
    case SP_FIELD_HR: return C_("abbreviation", "HR");
    case SP_FIELD_SPO2: return C_("abbreviation", "SpO₂");
    case SP_FIELD_SCVO2: return C_("abbreviation", "ScvO₂");
    case SP_FIELD_WEIGHT:
    case SP_FIELD_LACTATE:
    case SP_FIELD_URINE:
    case SP_FIELD_MENTAL:
    case SP_FIELD_SKIN:
    case SP_FIELD_CENTRAL_LINE:
    case SP_FIELD_ARTERIAL_LINE:
    case SP_FIELD_FLUID:
    case SP_FIELD_INOTROPE:
    case SP_FIELD_INOTROPE_DOSE:
    case SP_FIELD_NOREPINEPHRINE:
    case SP_FIELD_VASOPRESSIN:
    case SP_FIELD_EPINEPHRINE:
    case SP_FIELD_MCS:
      return sp_field_get_label (field);
    case SP_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sp_field_get_choice_label (SpField field,
                           guint   choice)
{
  const char *id;

  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  g_return_val_if_fail (fields[field].choices != NULL, NULL);
  g_return_val_if_fail (choice < g_strv_length ((char **) fields[field].choices), NULL);

  id = fields[field].choices[choice];

  if (g_str_equal (id, "normal")) return C_("finding", "normal");
  if (g_str_equal (id, "altered")) return C_("mental status", "altered");
  if (g_str_equal (id, "poor")) return C_("skin perfusion", "poor");
  if (g_str_equal (id, "yes")) return _("yes");
  if (g_str_equal (id, "no")) return _("no");
  if (g_str_equal (id, "not-given")) return _("not given");
  if (g_str_equal (id, "given-responded")) return _("given, responded");
  if (g_str_equal (id, "given-no-response")) return _("given, no response");
  if (g_str_equal (id, "contraindicated")) return _("not indicated (e.g. pulmonary oedema)");
  if (g_str_equal (id, "none")) return C_("therapy", "none");
  /* Tall-man letters: the look-alike pair side by side in one list */
  if (g_str_equal (id, "dobutamine")) return _("DOBUTamine");
  if (g_str_equal (id, "dopamine")) return _("DOPamine");
  if (g_str_equal (id, "milrinone")) return _("milrinone");
  if (g_str_equal (id, "levosimendan")) return _("levosimendan");
  if (g_str_equal (id, "iabp")) return _("intra-aortic balloon pump");
  if (g_str_equal (id, "vad")) return _("ventricular assist device");
  if (g_str_equal (id, "ecmo")) return _("ECMO");
  g_return_val_if_reached (id);
}

void
sp_patient_state_init (SpPatientState *state)
{
  g_return_if_fail (state != NULL);
  memset (state, 0, sizeof *state);
}

void
sp_patient_state_set_number (SpPatientState *state,
                             SpField         field,
                             double          value)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (field < SP_N_FIELDS);
  g_return_if_fail (fields[field].kind == SP_FIELD_KIND_NUMBER);
  g_return_if_fail (isfinite (value));

  state->values[field].set = TRUE;
  state->values[field].number = value;
  state->values[field].choice = 0;
}

gboolean
sp_patient_state_set_choice (SpPatientState *state,
                             SpField         field,
                             const char     *choice)
{
  int index;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);
  g_return_val_if_fail (fields[field].kind == SP_FIELD_KIND_CHOICE, FALSE);

  index = sp_field_choice_index (field, choice);
  if (index < 0)
    return FALSE;
  state->values[field].set = TRUE;
  state->values[field].number = 0;
  state->values[field].choice = (guint) index;
  return TRUE;
}

void
sp_patient_state_set_running (SpPatientState *state,
                              SpField         field)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (field < SP_N_FIELDS);
  g_return_if_fail (fields[field].kind == SP_FIELD_KIND_NUMBER);

  state->values[field].set = TRUE;
  state->values[field].number = NAN;
  state->values[field].choice = 0;
}

void
sp_patient_state_set_running_at (SpPatientState *state,
                                 SpField         field,
                                 double          dose,
                                 SpDoseUnit      unit)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (field < SP_N_FIELDS);

  sp_patient_state_set_running (state, field);
  if (!isfinite (dose))
    return;
  state->values[field].running_known = TRUE;
  state->values[field].running_dose = dose;
  state->values[field].running_unit = unit;
}

gboolean
sp_patient_state_is_dose_unknown (const SpPatientState *state,
                                  SpField               field)
{
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);

  return fields[field].kind == SP_FIELD_KIND_NUMBER &&
         state->values[field].set && isnan (state->values[field].number);
}

void
sp_patient_state_unset (SpPatientState *state,
                        SpField         field)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (field < SP_N_FIELDS);

  memset (&state->values[field], 0, sizeof state->values[field]);
}

gboolean
sp_patient_state_is_set (const SpPatientState *state,
                         SpField               field)
{
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);
  return state->values[field].set;
}

double
sp_patient_state_get_number (const SpPatientState *state,
                             SpField               field)
{
  g_return_val_if_fail (state != NULL, NAN);
  g_return_val_if_fail (field < SP_N_FIELDS, NAN);
  g_return_val_if_fail (fields[field].kind == SP_FIELD_KIND_NUMBER, NAN);

  return state->values[field].set ? state->values[field].number : NAN;
}

const char *
sp_patient_state_get_choice (const SpPatientState *state,
                             SpField               field)
{
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  g_return_val_if_fail (fields[field].kind == SP_FIELD_KIND_CHOICE, NULL);

  if (!state->values[field].set)
    return NULL;
  return fields[field].choices[state->values[field].choice];
}

gboolean
sp_patient_state_get_effective (const SpPatientState *state,
                                SpField               field,
                                double               *out_value,
                                gboolean             *out_derived)
{
  const SpFieldValue *sbp, *dbp;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);
  g_return_val_if_fail (fields[field].kind == SP_FIELD_KIND_NUMBER, FALSE);

  if (out_derived)
    *out_derived = FALSE;

  if (state->values[field].set)
    {
      if (isnan (state->values[field].number))
        return FALSE;     /* running, dose not known in this unit */
      *out_value = state->values[field].number;
      return TRUE;
    }

  if (field != SP_FIELD_MAP)
    return FALSE;

  /* The usual bedside estimate: MAP = DBP + (SBP - DBP) / 3. */
  sbp = &state->values[SP_FIELD_SBP];
  dbp = &state->values[SP_FIELD_DBP];
  if (!sbp->set || !dbp->set)
    return FALSE;

  *out_value = (sbp->number + 2.0 * dbp->number) / 3.0;
  if (out_derived)
    *out_derived = TRUE;
  return TRUE;
}

gboolean
sp_field_value_equal (SpField             field,
                      const SpFieldValue *a,
                      const SpFieldValue *b)
{
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->set != b->set)
    return FALSE;
  if (!a->set)
    return TRUE;
  if (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER)
    return a->number == b->number || (isnan (a->number) && isnan (b->number));
  return a->choice == b->choice;
}

gboolean
sp_patient_state_equal (const SpPatientState *a,
                        const SpPatientState *b)
{
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldValue *va = &a->values[i];
      const SpFieldValue *vb = &b->values[i];

      /* A running therapy's dose is kept in the number of a choice field
       * too: compare every part. */
      if (va->set != vb->set)
        return FALSE;
      if (va->set && va->choice != vb->choice)
        return FALSE;
      if (va->set && va->number != vb->number && !(isnan (va->number) && isnan (vb->number)))
        return FALSE;
    }
  return TRUE;
}

char *
sp_patient_state_format_value (const SpPatientState *state,
                               SpField               field,
                               SpNumberStyle         style)
{
  const SpFieldInfo *info;
  const char *unit;
  g_autofree char *number = NULL;
  gboolean derived = FALSE;
  double value;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);

  info = sp_field_get_info (field);
  /* a label with the user's numbers ("0,04 Einheiten/min"), else the token */
  unit = style == SP_NUMBER_C ? info->unit : sp_field_get_unit_label (field);

  if (info->kind == SP_FIELD_KIND_CHOICE)
    {
      if (!state->values[field].set)
        return g_strdup (_("not entered"));
      return g_strdup (sp_field_get_choice_label (field, state->values[field].choice));
    }

  if (sp_patient_state_is_dose_unknown (state, field) && state->values[field].running_known)
    {
      const SpFieldValue *running = &state->values[field];
      g_autofree char *dose = sp_format_significant (running->running_dose, 3, style);

      /* Translators: norepinephrine given in mcg/min and no weight to turn it
       * into the field's unit: "running at 5 mcg/min (no weight to convert it
       * to mcg/kg/min)" */
      return g_strdup_printf (_("running at %s %s (no weight to convert it to %s)"), dose,
                              sp_dose_unit_get_label (running->running_unit), unit);
    }
  if (sp_patient_state_is_dose_unknown (state, field))
    /* Translators: an infusion read from an older file without its dose:
     * "running, dose in mcg/kg/min not recorded" */
    return g_strdup_printf (_("running, dose in %s not recorded"), unit);
  if (!sp_patient_state_get_effective (state, field, &value, &derived))
    {
      /* A therapy field is never typed: it holds the dose of an infusion
       * that runs (sp_therapy_derive_fields ()), and none runs. */
      if (sp_field_is_therapy (field))
        /* Translators: a drug's dose when no infusion of it runs:
         * "Norepinephrine not running" */
        return g_strdup (_("not running"));
      return g_strdup (_("not entered"));
    }

  /* One decimal for a derived MAP: enough to see why 64.7 is not >= 65.
   * A dose to three significant figures (CLINICAL.md): 5 mcg/min for 70 kg
   * is 0.0714 mcg/kg/min, not 0.07. */
  if (sp_field_is_therapy (field))
    number = sp_format_significant (value, 3, style);
  else
    number = sp_format_decimal (value, derived ? 1 : 2, style);
  if (derived)
    /* Translators: a MAP computed from SBP and DBP, e.g. "61 mmHg (derived from SBP/DBP)" */
    return g_strdup_printf (_("%s %s (derived from SBP/DBP)"), number, unit);
  if (unit == NULL)
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}
