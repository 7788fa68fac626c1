/* sp-dose.c: dose <-> pump rate, exact in double precision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rate (mL/h) = dose [x weight (kg)] [x 60 min/h] x volume (mL) / amount,
 * the amount converted to the dose's unit first (1 mg = 1000 mcg). Nothing is
 * rounded here: rounding belongs to formatting.
 */
#define G_LOG_DOMAIN "sp-dose"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-dose.h"

G_DEFINE_QUARK (sp-dose-error-quark, sp_dose_error)

#define MAX_TABLE_ROWS 10000

/* Steps are compared with this tolerance, in units of the step, so that 0.1
 * steps from 0.1 to 1 make exactly 10 rows even though 0.9 / 0.1 is not 9. */
#define STEP_EPSILON 1e-9

static char *
format_number (double value)
{
  if (!isfinite (value))
    return g_strdup ("?");

  return sp_format_significant (value, 3, SP_NUMBER_LOCALE);
}

/* Checks what both directions need and returns the concentration's amount in
 * the dose's amount unit, and the factor dose -> amount per hour. */
static gboolean
check_inputs (SpDoseUnit              unit,
              double                  weight_kg,
              const SpConcentration  *conc,
              double                 *out_amount,
              double                 *out_per_hour,
              GError                **error)
{
  double amount;
  double per_hour = 1.0;

  if (!(isfinite (conc->amount) && conc->amount > 0.0
        && isfinite (conc->volume_ml) && conc->volume_ml > 0.0))
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the amount and the volume must be more than zero"),
                   _("Concentration"));
      return FALSE;
    }

  if (!sp_concentration_per_ml (conc, unit.amount, NULL))
    {
      if (unit.amount == SP_AMOUNT_UNITS)
        /* Translators: e.g. Concentration: a dose in units/min needs a concentration in
         * units, e.g. 20 units/100 mL; this one is in mg. Write "units" as
         * your translation of the amount unit "units". */
        g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH,
                     _("%s: a dose in %s needs a concentration in units, e.g. 20 units/100 mL; "
                       "this one is in %s"),
                     _("Concentration"), sp_dose_unit_get_label (unit),
                     sp_amount_unit_get_label (conc->amount_unit));
      else
        g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH,
                     _("%s: a dose in %s needs a concentration in mcg or mg, e.g. 16 mg/250 mL; "
                       "this one is in %s"),
                     _("Concentration"), sp_dose_unit_get_label (unit),
                     sp_amount_unit_get_label (conc->amount_unit));
      return FALSE;
    }

  if (unit.per_kg)
    {
      if (isnan (weight_kg) || weight_kg <= 0.0)
        {
          g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT,
                       _("%s: a dose in %s needs the patient's weight; enter the weight in kg"),
                       _("Weight"), sp_dose_unit_get_label (unit));
          return FALSE;
        }
      if (!isfinite (weight_kg))
        {
          g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                       _("%s: the weight must be a number of kg"), _("Weight"));
          return FALSE;
        }
    }

  /* amount in the dose's unit: mg -> mcg x 1000, mcg -> mg / 1000 */
  if (unit.amount == conc->amount_unit)
    amount = conc->amount;
  else if (unit.amount == SP_AMOUNT_MCG)
    amount = conc->amount * 1000.0;
  else
    amount = conc->amount / 1000.0;

  if (unit.per_kg)
    per_hour *= weight_kg;
  if (unit.time == SP_TIME_MIN)
    per_hour *= 60.0;

  *out_amount = amount;
  *out_per_hour = per_hour;

  return TRUE;
}

gboolean
sp_dose_to_rate (double                  dose,
                 SpDoseUnit              unit,
                 double                  weight_kg,
                 const SpConcentration  *conc,
                 double                 *out_rate_ml_h,
                 GError                **error)
{
  double amount;
  double per_hour;
  double rate;

  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (dose) || dose < 0.0)
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the dose must be a number of zero or more"), _("Dose"));
      return FALSE;
    }

  if (!check_inputs (unit, weight_kg, conc, &amount, &per_hour, error))
    return FALSE;

  /* dose [x kg] [x 60] per hour, in mL: x volume / amount. The exact factors
   * (kg, 60, mL) are multiplied first and the dose, usually a decimal with no
   * exact binary form, once after them: a single rounding, so 0.03 units/min
   * at 20 units/100 mL gives 9 mL/h, not 8.999999999999998. */
  rate = per_hour * conc->volume_ml * dose / amount;

  if (!isfinite (rate))
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the dose is too large"), _("Dose"));
      return FALSE;
    }

  if (out_rate_ml_h != NULL)
    *out_rate_ml_h = rate;

  return TRUE;
}

gboolean
sp_rate_to_dose (double                  rate_ml_h,
                 SpDoseUnit              unit,
                 double                  weight_kg,
                 const SpConcentration  *conc,
                 double                 *out_dose,
                 GError                **error)
{
  double amount;
  double per_hour;
  double dose;

  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (rate_ml_h) || rate_ml_h < 0.0)
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the rate must be a number of zero or more mL/h"), _("Rate"));
      return FALSE;
    }

  if (!check_inputs (unit, weight_kg, conc, &amount, &per_hour, error))
    return FALSE;

  /* The inverse, in the same spirit: one division by the exact factors. */
  dose = rate_ml_h * amount / (per_hour * conc->volume_ml);

  if (!isfinite (dose))
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the rate is too large"), _("Rate"));
      return FALSE;
    }

  if (out_dose != NULL)
    *out_dose = dose;

  return TRUE;
}

GArray *
sp_rate_table (double                  from,
               double                  to,
               double                  step,
               SpDoseUnit              unit,
               double                  weight_kg,
               const SpConcentration  *conc,
               GError                **error)
{
  g_autoptr(GArray) rows = NULL;
  double steps;
  double n_steps;
  gboolean ends_on_step;
  guint n_rows;

  g_return_val_if_fail (conc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isfinite (from) || from < 0.0)
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the first dose must be a number of zero or more"), _("From"));
      return NULL;
    }

  if (!isfinite (step) || step <= 0.0)
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the step must be more than zero"), _("Step"));
      return NULL;
    }

  if (!isfinite (to) || to < from)
    {
      g_autofree char *from_text = format_number (from);
      g_autofree char *to_text = format_number (to);

      /* Translators: e.g. To: the last dose 0.1 is less than the first dose 1 */
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the last dose %s is less than the first dose %s"),
                   _("To"), to_text, from_text);
      return NULL;
    }

  steps = (to - from) / step;
  n_steps = floor (steps + STEP_EPSILON);
  ends_on_step = fabs (steps - n_steps) <= STEP_EPSILON;

  if (!(n_steps + (ends_on_step ? 1 : 2) <= MAX_TABLE_ROWS))
    {
      g_autofree char *from_text = format_number (from);
      g_autofree char *to_text = format_number (to);
      g_autofree char *step_text = format_number (step);

      /* Translators: e.g. Step: 0.0001 from 0 to 10 makes more than 10000 rows;
       * choose a larger step */
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: %s from %s to %s makes more than %d rows; choose a larger step"),
                   _("Step"), step_text, from_text, to_text, MAX_TABLE_ROWS);
      return NULL;
    }

  n_rows = (guint) n_steps + (ends_on_step ? 1 : 2);
  rows = g_array_sized_new (FALSE, TRUE, sizeof (SpRateRow), n_rows);

  for (guint i = 0; i < n_rows; i++)
    {
      SpRateRow row;

      /* from + i x step, not a running sum; the last row is @to itself */
      row.dose = i + 1 == n_rows ? to : from + i * step;

      if (!sp_dose_to_rate (row.dose, unit, weight_kg, conc, &row.rate_ml_h, error))
        return NULL;

      g_array_append_val (rows, row);
    }

  return g_steal_pointer (&rows);
}
