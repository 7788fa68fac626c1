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
#include <string.h>

#include "sp-dose.h"
#include "sp-format.h"
#include "sp-number.h"

G_DEFINE_QUARK (sp-dose-error-quark, sp_dose_error)

/* CLINICAL.md, "a missed zero": more than twice or less than half the
 * running dose asks for confirmation. A safety rule of the app, not a drug
 * limit (those come from the drug library). */
#define DOSE_CHANGE_MAX_FACTOR 2.0
#define DOSE_CHANGE_MIN_FACTOR 0.5

/* Steps are compared with this tolerance, in units of the step, so that 0.1
 * steps from 0.1 to 1 make exactly 10 rows even though 0.9 / 0.1 is not 9. */
#define STEP_EPSILON 1e-9

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
sp_dose_check_change (double   running_dose,
                      double   new_dose,
                      double  *out_factor,
                      char   **out_message)
{
  g_autofree char *factor_text = NULL;
  double factor;

  if (out_message != NULL)
    *out_message = NULL;

  if (!(isfinite (running_dose) && running_dose > 0 && isfinite (new_dose) && new_dose > 0))
    return FALSE;

  factor = new_dose / running_dose;
  if (out_factor != NULL)
    *out_factor = factor;
  if (factor <= DOSE_CHANGE_MAX_FACTOR && factor >= DOSE_CHANGE_MIN_FACTOR)
    return FALSE;

  if (out_message != NULL)
    {
      factor_text = sp_format_significant (factor, 2, SP_NUMBER_LOCALE);
      /* Translators: %s is a factor such as "4" or "0.1": "4× the running dose" */
      *out_message = g_strdup_printf (_("%s× the running dose"), factor_text);
    }
  return TRUE;
}

gboolean
sp_dose_convert (double      dose,
                 SpDoseUnit  from,
                 SpDoseUnit  to,
                 double      weight_kg,
                 double     *out_dose,
                 GError    **error)
{
  double value = dose;

  g_return_val_if_fail (out_dose != NULL, FALSE);

  if ((from.amount == SP_AMOUNT_UNITS) != (to.amount == SP_AMOUNT_UNITS))
    {
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH,
                   /* Translators: "a dose in units/min cannot be given in mcg/kg/min" */
                   _("a dose in %s cannot be given in %s"),
                   sp_dose_unit_get_label (from), sp_dose_unit_get_label (to));
      return FALSE;
    }

  if (from.per_kg != to.per_kg)
    {
      if (!(isfinite (weight_kg) && weight_kg > 0))
        {
          g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT,
                       _("%s: a dose in %s needs the patient's weight; enter the weight in kg"),
                       _("Weight"), sp_dose_unit_get_label (from.per_kg ? from : to));
          return FALSE;
        }
      /* mcg/min = mcg/kg/min x kg */
      value = from.per_kg ? value * weight_kg : value / weight_kg;
    }

  if (from.amount == SP_AMOUNT_MG && to.amount == SP_AMOUNT_MCG)
    value *= 1000.0;
  else if (from.amount == SP_AMOUNT_MCG && to.amount == SP_AMOUNT_MG)
    value /= 1000.0;

  /* per hour = per minute x 60 */
  if (from.time == SP_TIME_MIN && to.time == SP_TIME_H)
    value *= 60.0;
  else if (from.time == SP_TIME_H && to.time == SP_TIME_MIN)
    value /= 60.0;

  /* 1.8 units/h / 60 is 0.030000000000000002 in binary: twelve significant
   * digits drop the noise, so a dose converted to the seed's maximum of
   * 0.03 units/min is not "above" it. No dose is written with more. */
  value = sp_number_round_12 (value);

  *out_dose = value;
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

double
sp_rate_table_count_rows (double from,
                          double to,
                          double step)
{
  double steps = (to - from) / step;
  double n_steps = floor (steps + STEP_EPSILON);
  gboolean ends_on_step = fabs (steps - n_steps) <= STEP_EPSILON;

  return n_steps + (ends_on_step ? 1 : 2);
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
  double n_rows_exact;
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
      g_autofree char *from_text = sp_format_input_number (from, SP_NUMBER_LOCALE);
      g_autofree char *to_text = sp_format_input_number (to, SP_NUMBER_LOCALE);

      /* Translators: e.g. To: the last dose 0.1 is less than the first dose 1 */
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: the last dose %s is less than the first dose %s"),
                   _("To"), to_text, from_text);
      return NULL;
    }

  n_rows_exact = sp_rate_table_count_rows (from, to, step);
  if (!(n_rows_exact <= SP_RATE_TABLE_MAX_ROWS))
    {
      g_autofree char *from_text = sp_format_input_number (from, SP_NUMBER_LOCALE);
      g_autofree char *to_text = sp_format_input_number (to, SP_NUMBER_LOCALE);
      g_autofree char *step_text = sp_format_input_number (step, SP_NUMBER_LOCALE);

      /* Translators: e.g. Step: 0.0001 from 0 to 10 makes more than 10000 rows;
       * choose a larger step */
      g_set_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID,
                   _("%s: %s from %s to %s makes more than %d rows; choose a larger step"),
                   _("Step"), step_text, from_text, to_text, SP_RATE_TABLE_MAX_ROWS);
      return NULL;
    }

  n_rows = (guint) n_rows_exact;
  rows = g_array_sized_new (FALSE, TRUE, sizeof (SpRateRow), n_rows);

  for (guint i = 0; i < n_rows; i++)
    {
      SpRateRow row;

      /* from + i x step, not a running sum, read to twelve significant
       * digits as doses are (0.1 + 2 x 0.1 is 0.30000000000000004 in
       * binary, the row's dose 0.3); the last row is @to itself */
      row.dose = i + 1 == n_rows ? to : sp_number_round_12 (from + i * step);

      if (!sp_dose_to_rate (row.dose, unit, weight_kg, conc, &row.rate_ml_h, error))
        return NULL;

      g_array_append_val (rows, row);
    }

  return g_steal_pointer (&rows);
}

gboolean
sp_rate_parse (const char     *text,
               SpNumberStyle   style,
               const char     *field,
               double         *out_rate_ml_h,
               GError        **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *number = NULL;
  const char *unit = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (out_rate_ml_h != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  /* "mL/h" or "ml/h" (not "ML/h": megalitres) after the number */
  if (len >= 4 && copy[len - 4] == 'm' && g_ascii_strcasecmp (copy + len - 4, "ml/h") == 0)
    unit = copy + len - 4;
  else
    {
      /* any other unit: a word after the number's last digit */
      const char *after = copy + len;

      while (after > copy && !g_ascii_isdigit (after[-1]))
        after--;
      after += strspn (after, " ");
      if (after > copy && (g_ascii_isalpha (*after) || *after == '/'))
        {
          /* Translators: "Rate: unit "mL/min" is not accepted; type the rate in mL/h." */
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                       _("%s: unit \"%s\" is not accepted; type the rate in mL/h."), field, after);
          return FALSE;
        }
      /* no unit, or letters without a number before them */
      return sp_number_parse (copy, style, field, FALSE, out_rate_ml_h, error);
    }

  number = g_strstrip (g_strndup (copy, (gsize) (unit - copy)));
  if (number[0] == '\0')
    {
      /* Translators: "Rate: “mL/h” has no number; type the rate, e.g. 10 mL/h." */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: “%s” has no number; type the rate, e.g. 10 mL/h."), field, copy);
      return FALSE;
    }
  return sp_number_parse (number, style, field, FALSE, out_rate_ml_h, error);
}
