/* sp-dose-table.c: the dose -> pump rate table of a sheet and of shockpath-cli table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The range and its limits come from the drug library, the rates from
 * sp_rate_table (), each row's limit state from sp_drug_check_dose ().
 */
#define G_LOG_DOMAIN "sp-dose-table"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-dose-table.h"
#include "sp-format.h"

G_DEFINE_QUARK (sp-dose-table-error-quark, sp_dose_table_error)

const char *
sp_limit_state_to_string (SpLimitState state)
{
  switch (state)
    {
    case SP_LIMIT_OK: return "ok";
    case SP_LIMIT_SOFT: return "soft-limit";
    case SP_LIMIT_HARD: return "hard-limit";
    default:
      g_return_val_if_reached ("hard-limit");
    }
}

/* The drug library's range where none was asked for: from the titration
 * step (or the usual minimum) to the hard limit that holds (or the soft
 * one), in titration steps. */
static gboolean
fill_defaults (const SpDoseTable  *table,
               double             *from,
               double             *to,
               double             *step,
               GError            **error)
{
  const SpDoseLimits *limits = table->limits;
  const char *name = sp_drug_get_display_name (table->drug);
  const char *unit = sp_dose_unit_get_label (limits->unit);

  if (isnan (*step))
    *step = limits->titration_step;
  if (isnan (*from))
    *from = !isnan (limits->titration_step) ? limits->titration_step : limits->usual_min;
  if (isnan (*to))
    *to = !isnan (table->hard_max) ? table->hard_max : table->soft_max;

  if (isnan (*step))
    g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_NO_STEP,
                 /* TRANSLATORS: the drug library gives no titration step for DOBUTamine in mcg/kg/min */
                 _("the drug library gives no titration step for %s in %s"), name, unit);
  else if (isnan (*from))
    g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_NO_FROM,
                 /* TRANSLATORS: … for DOBUTamine in mcg/kg/min */
                 _("the drug library gives no titration step or usual minimum for %s in %s"),
                 name, unit);
  else if (isnan (*to))
    g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_NO_TO,
                 /* TRANSLATORS: … for DOBUTamine in mcg/kg/min */
                 _("the drug library gives no dose limit for %s in %s"), name, unit);
  else
    return TRUE;
  return FALSE;
}

/* The range as asked, checked; @to ended at the hard limit that holds. */
static gboolean
check_range (const SpDoseTable  *table,
             double              from,
             double             *to,
             double              step,
             gboolean            library_step,
             gboolean           *out_clipped,
             GError            **error)
{
  const SpDoseLimits *limits = table->limits;

  if (!(step > 0) || !isfinite (step))
    {
      g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_STEP,
                   _("the step must be greater than 0"));
      return FALSE;
    }
  if (!(from >= 0) || !isfinite (from))
    {
      g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_FROM,
                   /* TRANSLATORS: the first dose of a rate table */
                   _("the first dose must be a number of 0 or more"));
      return FALSE;
    }
  if (!(from <= *to))
    {
      g_autofree char *from_text = sp_format_dose (from, limits->unit, 0, SP_NUMBER_LOCALE);
      g_autofree char *to_text = sp_format_dose (*to, limits->unit, 0, SP_NUMBER_LOCALE);

      g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_ORDER,
                   /* TRANSLATORS: the first dose, 2 mcg/kg/min, is above the last, 1 mcg/kg/min */
                   _("the first dose, %s, is above the last, %s"), from_text, to_text);
      return FALSE;
    }

  *out_clipped = !isnan (table->hard_max) && *to > table->hard_max;
  if (*out_clipped)
    *to = table->hard_max;
  if (from > *to)
    {
      g_autofree char *hard = sp_dose_table_format_limit (table, TRUE, SP_NUMBER_LOCALE);

      g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_ABOVE_HARD,
                   /* TRANSLATORS: every dose of the table is above the hard limit (3 mcg/kg/min) */
                   _("every dose of the table is above the hard limit (%s)"), hard);
      return FALSE;
    }

  if (!(sp_rate_table_count_rows (from, *to, step) <= SP_RATE_TABLE_MAX_ROWS))
    {
      g_autofree char *from_text = sp_format_dose_number (from, SP_NUMBER_LOCALE);
      g_autofree char *to_text = sp_format_dose (*to, limits->unit, 0, SP_NUMBER_LOCALE);
      g_autofree char *step_text = sp_format_dose (step, limits->unit, 0, SP_NUMBER_LOCALE);

      /* the step nobody typed is named as the library's (a site library's
       * titration step of 0.0000001 blamed a --step never given) */
      if (library_step)
        g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_TOO_LONG,
                     /* TRANSLATORS: from 0.02 to 3 mcg/kg/min in the drug library's
                      * titration step of 0.0000001 mcg/kg/min, the table would have … */
                     _("from %s to %s in the drug library’s titration step of %s, the table "
                       "would have more than %d rows; choose a larger step"),
                     from_text, to_text, step_text, SP_RATE_TABLE_MAX_ROWS);
      else
        g_set_error (error, SP_DOSE_TABLE_ERROR, SP_DOSE_TABLE_ERROR_TOO_LONG,
                     /* TRANSLATORS: from 0.02 to 3 mcg/kg/min in steps of 0.001
                      * mcg/kg/min, the table would have more than 1000 rows … */
                     _("from %s to %s in steps of %s, the table would have more than %d rows; "
                       "choose a larger step"),
                     from_text, to_text, step_text, SP_RATE_TABLE_MAX_ROWS);
      return FALSE;
    }
  return TRUE;
}

SpDoseTable *
sp_dose_table_new (const SpDrug          *drug,
                   SpDoseUnit             unit,
                   double                 weight_kg,
                   const SpConcentration *conc,
                   double                 from,
                   double                 to,
                   double                 step,
                   GError               **error)
{
  g_autoptr(SpDoseTable) table = NULL;
  g_autoptr(GArray) rates = NULL;
  const SpDoseLimits *limits;
  gboolean clipped = FALSE;
  gboolean library_step = isnan (step);

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  limits = sp_drug_find_dose_limits (drug, unit);
  g_return_val_if_fail (limits != NULL, NULL);

  table = g_new0 (SpDoseTable, 1);
  table->drug = drug;
  table->limits = limits;
  table->weight_kg = weight_kg;
  table->conc = *conc;
  table->soft_max = sp_drug_get_binding_limit (drug, unit, weight_kg, FALSE, &table->soft_unit);
  table->hard_max = sp_drug_get_binding_limit (drug, unit, weight_kg, TRUE, &table->hard_unit);

  if (!fill_defaults (table, &from, &to, &step, error) ||
      !check_range (table, from, &to, step, library_step, &clipped, error))
    return NULL;

  rates = sp_rate_table (from, to, step, unit, weight_kg, conc, error);
  if (rates == NULL)
    return NULL;

  table->from = from;
  table->to = to;
  table->step = step;
  table->rows = g_array_sized_new (FALSE, FALSE, sizeof (SpDoseTableRow), rates->len);
  for (guint i = 0; i < rates->len; i++)
    {
      const SpRateRow *rate = &g_array_index (rates, SpRateRow, i);
      SpDoseTableRow row = { rate->dose, rate->rate_ml_h, SP_LIMIT_OK, 0, FALSE };
      SpLimitCheck check;

      /* with the weight: a row in mcg/min above the hard limit in
       * mcg/kg/min is above it too */
      if (!sp_drug_check_dose (drug, row.dose, unit, weight_kg, &check, error))
        return NULL;
      row.limit = check.state;
      /* the range ends at the hard limit; a row above it is never listed */
      if (row.limit == SP_LIMIT_HARD)
        {
          clipped = TRUE;
          continue;
        }
      row.rounding_off = sp_drug_check_rate_rounding (drug, row.rate_ml_h, unit, weight_kg, conc,
                                                      &row.rounding_percent);
      g_array_append_val (table->rows, row);
    }
  table->clipped = clipped;

  return g_steal_pointer (&table);
}

void
sp_dose_table_free (SpDoseTable *table)
{
  if (table == NULL)
    return;

  g_clear_pointer (&table->rows, g_array_unref);
  g_free (table);
}

char *
sp_dose_table_format_limit (const SpDoseTable *table,
                            gboolean           hard,
                            SpNumberStyle      style)
{
  const SpDoseLimits *limits;
  SpDoseUnit unit, from;
  double value, stated;
  g_autofree char *text = NULL;
  g_autofree char *stated_text = NULL;
  g_autofree char *weight = NULL;

  g_return_val_if_fail (table != NULL, NULL);

  unit = table->limits->unit;
  value = hard ? table->hard_max : table->soft_max;
  from = hard ? table->hard_unit : table->soft_unit;
  if (isnan (value))
    return NULL;

  text = sp_format_dose (value, unit, 0, style);
  if (sp_dose_unit_equal (from, unit))
    return g_steal_pointer (&text);

  limits = sp_drug_find_dose_limits (table->drug, from);
  stated = hard ? limits->hard_max : limits->soft_max;
  stated_text = sp_format_dose (stated, from, 0, style);
  if (isnan (table->weight_kg))
    /* TRANSLATORS: a limit that holds because of another unit's: "18 mg/h (300 mcg/min)" */
    return g_strdup_printf (_("%s (%s)"), text, stated_text);
  weight = sp_format_weight_number (table->weight_kg, style);
  /* TRANSLATORS: a limit that holds at the patient's weight because of
   * another unit's: "210 mcg/min (3 mcg/kg/min at 70 kg)" */
  return g_strdup_printf (_("%s (%s at %s kg)"), text, stated_text, weight);
}

char *
sp_dose_table_format_limit_without_weight (const SpDoseTable *table,
                                           gboolean           hard,
                                           SpNumberStyle      style)
{
  g_autofree char *own = NULL;
  g_autofree char *per_kg_text = NULL;
  g_autofree char *weight_text = NULL;
  SpDoseUnit per_kg_unit;
  double per_kg, weight;

  g_return_val_if_fail (table != NULL, NULL);

  if (!isnan (table->weight_kg) ||
      !sp_drug_get_per_kg_limit_below (table->drug, table->limits->unit, hard, &per_kg,
                                       &per_kg_unit, &weight))
    return NULL;
  own = sp_dose_table_format_limit (table, hard, style);
  per_kg_text = sp_format_dose (per_kg, per_kg_unit, 0, style);
  weight_text = sp_format_weight_number (weight, style);
  /* TRANSLATORS: a limit per minute, and the limit per kg that is lower
   * below a weight: "300 mcg/min, or 3 mcg/kg/min below 100 kg" */
  return g_strdup_printf (_("%s, or %s below %s kg"), own, per_kg_text, weight_text);
}

double
sp_dose_table_get_per_kg_below (const SpDoseTable *table)
{
  double highest = NAN;

  g_return_val_if_fail (table != NULL, NAN);

  if (!isnan (table->weight_kg))
    return NAN;
  for (int hard = FALSE; hard <= TRUE; hard++)
    {
      double below;

      if (sp_drug_get_per_kg_limit_below (table->drug, table->limits->unit, hard, NULL, NULL,
                                          &below) &&
          (isnan (highest) || below > highest))
        highest = below;
    }
  return highest;
}

guint
sp_dose_table_get_first_above_soft (const SpDoseTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  for (guint i = 0; i < table->rows->len; i++)
    if (g_array_index (table->rows, SpDoseTableRow, i).limit == SP_LIMIT_SOFT)
      return i;
  return table->rows->len;
}

static const SpDoseTableRow *
get_row (const SpDoseTable *table,
         guint              index)
{
  return &g_array_index (table->rows, SpDoseTableRow, index);
}

char *
sp_dose_table_format_dose (const SpDoseTable *table,
                           guint              index,
                           SpNumberStyle      style)
{
  g_return_val_if_fail (table != NULL && index < table->rows->len, NULL);

  return sp_format_dose_number (get_row (table, index)->dose, style);
}

char *
sp_dose_table_format_rounding (const SpDoseTable *table,
                               guint              index,
                               SpNumberStyle      style)
{
  const SpDoseTableRow *row;
  g_autofree char *given = NULL;
  g_autofree char *percent = NULL;

  g_return_val_if_fail (table != NULL && index < table->rows->len, NULL);

  row = get_row (table, index);
  if (!row->rounding_off)
    return NULL;
  if (row->rounding_percent <= -100)
    /* TRANSLATORS: beside a rate table's row whose rate rounds to 0 mL/h */
    return g_strdup (_("below the pump’s step"));
  percent = sp_drug_format_rate_rounding_percent (table->drug, row->rounding_percent, style);
  /* beside a bag labelled in the salt, doses are base */
  given = sp_format_as_base_if (sp_format_dose (row->dose * (1 + row->rounding_percent / 100),
                                                table->limits->unit, 0, style),
                                table->conc.salt[0] != '\0');
  return row->rounding_percent > 0
         /* TRANSLATORS: beside a rate table's row: the dose the pump gives at
          * the rate shown, "gives 0.0133 mcg/kg/min (+33.3%)" */
         ? g_strdup_printf (_("gives %s (+%s%%)"), given, percent)
         /* TRANSLATORS: beside a rate table's row: "gives 0.00333 mcg/kg/min (-16.7%)" */
         : g_strdup_printf (_("gives %s (-%s%%)"), given, percent);
}

gboolean
sp_dose_table_row_is_rounding_off (const SpDoseTable *table,
                                   guint              index)
{
  const SpDoseTableRow *row;

  g_return_val_if_fail (table != NULL && index < table->rows->len, FALSE);

  row = get_row (table, index);
  return row->rounding_off && row->rounding_percent > -100;
}

double
sp_dose_table_get_largest_rounding (const SpDoseTable *table)
{
  double largest = 0;

  g_return_val_if_fail (table != NULL, 0);

  for (guint i = 0; i < table->rows->len; i++)
    if (sp_dose_table_row_is_rounding_off (table, i))
      largest = MAX (largest, fabs (get_row (table, i)->rounding_percent));
  return largest;
}

char *
sp_dose_table_format_rate (const SpDoseTable *table,
                           guint              index,
                           SpNumberStyle      style)
{
  g_return_val_if_fail (table != NULL && index < table->rows->len, NULL);

  /* the hard limit's row never rounds up past it */
  return sp_drug_format_rate (table->drug, get_row (table, index)->rate_ml_h, table->limits->unit,
                              table->weight_kg, &table->conc, style);
}
