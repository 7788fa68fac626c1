/* sp-bag-plan.c: how long a bag or syringe lasts, and how it is prepared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings (threshold, lead time, beyond-use time, products) are the
 * drug library's; this file only does the arithmetic and says it.
 */
#define G_LOG_DOMAIN "sp-bag-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-bag-plan.h"
#include "sp-format.h"

/* The largest volume texts call a syringe (50 mL syringe pumps; bags are
 * 100 mL and more). */
#define SYRINGE_MAX_ML 60.0

/* Rounding noise of a strength computed from amount / volume. */
#define EPSILON 1e-9

const SpStandardConcentration *
sp_bag_plan_find_standard (const SpDrug          *drug,
                           const SpConcentration *conc)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);

  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *standard = sp_drug_get_concentration (drug, i);

      if (sp_concentration_equal (&standard->conc, conc))
        return standard;
    }
  return NULL;
}

/* The weakest standard concentration of @drug at least twice as strong as
 * @per_ml (so the same dose runs at half the volume or less); of two equally
 * strong, the one in @volume_ml's size, else the first. */
static const SpStandardConcentration *
find_stronger (const SpDrug *drug,
               double        per_ml,
               double        volume_ml,
               double       *out_per_ml)
{
  const SpStandardConcentration *best = NULL;
  SpAmountUnit unit = sp_drug_get_amount_unit (drug);
  double best_per_ml = INFINITY;

  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *sc = sp_drug_get_concentration (drug, i);
      double strength;

      if (sc->conc.per_ml_form || !sp_concentration_per_ml (&sc->conc, unit, &strength) ||
          strength < 2 * per_ml * (1 - EPSILON))
        continue;
      if (best == NULL || strength < best_per_ml * (1 - EPSILON) ||
          (strength <= best_per_ml * (1 + EPSILON) &&
           fabs (sc->conc.volume_ml - volume_ml) < fabs (best->conc.volume_ml - volume_ml)))
        {
          best = sc;
          best_per_ml = strength;
        }
    }
  *out_per_ml = best_per_ml;
  return best;
}

gboolean
sp_bag_plan_compute (const SpDrug          *drug,
                     const SpConcentration *conc,
                     double                 rate_ml_per_h,
                     SpBagPlan             *out_plan)
{
  const SpDrugProfile *profile;
  const SpStandardConcentration *standard;
  const SpDrugStorage *storage;
  SpBagPlan plan = { 0, };
  double per_ml, own_per_ml;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (out_plan != NULL, FALSE);

  if (conc->per_ml_form || !(conc->volume_ml > 0) || !(rate_ml_per_h > 0) ||
      !isfinite (rate_ml_per_h))
    return FALSE;

  profile = sp_drug_get_profile (drug);
  plan.conc = *conc;
  plan.volume_ml = conc->volume_ml;
  plan.rate_ml_per_h = rate_ml_per_h;
  plan.hours_to_empty = conc->volume_ml / rate_ml_per_h;
  plan.ml_per_24h = rate_ml_per_h * 24;
  /* In the concentration's own amount unit, the dose form (base). */
  plan.amount_unit = conc->amount_unit;
  plan.amount_is_base = conc->salt[0] != '\0';
  plan.amount_per_24h = plan.ml_per_24h * conc->amount / conc->volume_ml;

  standard = sp_bag_plan_find_standard (drug, conc);
  storage = standard != NULL ? standard->storage : sp_drug_get_storage (drug);
  plan.beyond_use_hours = storage != NULL ? storage->beyond_use_hours : NAN;
  plan.beyond_use_cites = storage != NULL ? storage->cites : NULL;
  plan.replace_in_hours = plan.hours_to_empty;
  if (!isnan (plan.beyond_use_hours) && plan.beyond_use_hours < plan.replace_in_hours)
    plan.replace_in_hours = plan.beyond_use_hours;

  plan.lead_hours = profile != NULL ? sp_drug_profile_get_prepare_lead_hours (profile) : 0;
  plan.lead_cites = profile != NULL ? sp_drug_profile_get_prepare_lead_cites (profile) : NULL;
  plan.prepare_next_in_hours = MAX (plan.replace_in_hours - plan.lead_hours, 0);

  plan.course_hours = sp_drug_get_course_hours (drug);
  plan.course_cites = sp_drug_get_course_cites (drug);
  if (!isnan (plan.course_hours) && plan.course_hours <= plan.replace_in_hours * (1 + EPSILON))
    {
      plan.course_ends_first = TRUE;
      plan.prepare_next_in_hours = NAN;
    }

  /* The advisory: at or above the threshold, a standard at least twice as
   * strong; the same dose at it runs at rate x own / stronger. Not for a
   * course that ends with this bag: there is no next one to make stronger. */
  if (profile != NULL && !plan.course_ends_first &&
      rate_ml_per_h >= sp_drug_profile_get_stronger_at_ml_per_h (profile) * (1 - EPSILON) &&
      sp_concentration_per_ml (conc, sp_drug_get_amount_unit (drug), &own_per_ml))
    {
      const SpStandardConcentration *stronger = find_stronger (drug, own_per_ml,
                                                               conc->volume_ml, &per_ml);

      if (stronger != NULL)
        {
          plan.has_advisory = TRUE;
          plan.advisory.stronger = stronger;
          plan.advisory.rate_ml_per_h = rate_ml_per_h * own_per_ml / per_ml;
          plan.advisory.threshold_ml_per_h = sp_drug_profile_get_stronger_at_ml_per_h (profile);
          plan.advisory.cites = sp_drug_profile_get_stronger_cites (profile);
        }
    }

  *out_plan = plan;
  return TRUE;
}

gboolean
sp_bag_plan_is_syringe (const SpBagPlan *plan)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  return plan->volume_ml <= SYRINGE_MAX_ML;
}

char *
sp_format_duration (double hours)
{
  g_autofree char *hours_text = NULL;
  double total;
  long h, min;

  if (!isfinite (hours) || hours < 0)
    return g_strdup ("?");

  total = round (hours * 60);
  h = (long) (total / 60);
  min = (long) (total - h * 60.0);
  if (h == 0)
    /* TRANSLATORS: a duration in minutes: "45 min" */
    return g_strdup_printf (_("%ld min"), min);
  /* the hours grouped as the locale groups numbers (2,381 h) */
  hours_text = sp_format_decimal ((double) h, 0, SP_NUMBER_LOCALE);
  if (min == 0)
    /* TRANSLATORS: a duration in whole hours: "2 h" */
    return g_strdup_printf (_("%s h"), hours_text);
  /* TRANSLATORS: a duration: "38 h 6 min" */
  return g_strdup_printf (_("%s h %ld min"), hours_text, min);
}

char *
sp_bag_plan_format_summary (const SpBagPlan *plan,
                            SpNumberStyle    style)
{
  g_autofree char *lasts = NULL;
  g_autofree char *ml = NULL;
  g_autofree char *number = NULL;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  lasts = sp_format_duration (plan->hours_to_empty);
  ml = sp_format_decimal (plan->ml_per_24h, 1, style);
  number = sp_format_significant (plan->amount_per_24h, 3, style);
  /* beside a label in the salt ("8 mg tartrate (4 mg base)/50 mL"), the
   * amount says it is base: "19.2 mg as base" */
  amount = sp_format_as_base_if (g_strdup_printf ("%s %s", number,
                                                  sp_amount_unit_get_label (plan->amount_unit)),
                                 plan->amount_is_base);
  /* TRANSLATORS: the bag planner: "lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h" */
  return g_strdup_printf (_("lasts %s; %s mL and %s per 24 h"), lasts, ml, amount);
}

char *
sp_bag_plan_format_next (const SpBagPlan *plan,
                         SpNumberStyle    style)
{
  g_autofree char *replace = NULL;
  g_autofree char *prepare = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->course_ends_first)
    {
      g_autofree char *course = sp_format_duration (plan->course_hours);

      /* TRANSLATORS: the bag planner for a drug given as one course
       * (levosimendan): "the 24 h course ends first: no next one" */
      return g_strdup_printf (_("the %s course ends first: no next one"), course);
    }
  replace = sp_format_duration (plan->replace_in_hours);
  lead = sp_format_duration (plan->lead_hours);
  if (plan->prepare_next_in_hours > 0)
    {
      prepare = sp_format_duration (plan->prepare_next_in_hours);
      /* TRANSLATORS: "prepare the next one in 22 h (2 h before)" */
      when = g_strdup_printf (_("prepare the next one in %s (%s before)"), prepare, lead);
    }
  else
    /* TRANSLATORS: the next bag is due within the lead time */
    when = g_strdup (_("prepare the next one now"));

  if (plan->replace_in_hours < plan->hours_to_empty)
    /* TRANSLATORS: "replace within 24 h (its beyond-use time): prepare the
     * next one in 22 h (2 h before)" */
    return g_strdup_printf (_("replace within %s (its beyond-use time): %s"), replace, when);
  /* TRANSLATORS: "empty in 38 h 6 min: prepare the next one in 36 h 6 min (2 h before)" */
  return g_strdup_printf (_("empty in %s: %s"), replace, when);
}

char *
sp_bag_plan_format_advisory (const SpDrug    *drug,
                             const SpBagPlan *plan,
                             SpDoseUnit       unit,
                             double           weight_kg,
                             SpNumberStyle    style)
{
  g_autofree char *rate = NULL;
  g_autofree char *new_rate = NULL;
  g_autofree char *threshold = NULL;
  g_autofree char *conc = NULL;
  int decimals;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  if (!plan->has_advisory)
    return NULL;

  decimals = sp_drug_get_rate_decimals (drug);
  rate = sp_drug_format_rate (drug, plan->rate_ml_per_h, unit, weight_kg, &plan->conc, style);
  new_rate = sp_drug_format_rate (drug, plan->advisory.rate_ml_per_h, unit, weight_kg,
                                  &plan->advisory.stronger->conc, style);
  threshold = sp_format_decimal (plan->advisory.threshold_ml_per_h, decimals, style);
  /* Beside a bag written in a salt, a standard written in the base says so:
   * "8 mg" read as tartrate is half the drug. */
  conc = sp_format_as_base_if (sp_drug_format_concentration_in_bag (drug,
                                                                    &plan->advisory.stronger->conc,
                                                                    style),
                               plan->amount_is_base
                               && plan->advisory.stronger->conc.salt[0] == '\0');
  /* TRANSLATORS: the bag planner's advisory: "At 20 mL/h (10 mL/h or more),
   * consider the stronger standard 8 mg in 250 mL (32 mcg/mL): the same dose
   * would run at 10 mL/h. A change of strength needs a new rate: ..." */
  return g_strdup_printf (_("At %s mL/h (%s mL/h or more), consider the stronger standard %s: "
                            "the same dose would run at %s mL/h. A change of strength needs a "
                            "new rate: program the pump for the new concentration when the "
                            "new bag or syringe is hung, and check the dose again."),
                          rate, threshold, conc, new_rate);
}

/* --- preparation -------------------------------------------------------- */

gboolean
sp_preparation_compute (const SpDrug                  *drug,
                        const SpStandardConcentration *sc,
                        SpPreparation                 *out_prep)
{
  SpPreparation prep = { 0, };
  double product_per_ml, units;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (sc != NULL, FALSE);
  g_return_val_if_fail (out_prep != NULL, FALSE);

  if (sc->product == NULL || sc->conc.per_ml_form ||
      !sp_concentration_per_ml (&sc->product->conc, sc->conc.amount_unit, &product_per_ml) ||
      !(product_per_ml > 0))
    return FALSE;

  prep.product = sc->product;
  prep.final_ml = sc->conc.volume_ml;
  prep.draw_ml = sc->conc.amount / product_per_ml;
  units = prep.draw_ml / sc->product->conc.volume_ml;
  prep.n_units = (guint) ceil (units - EPSILON);
  prep.left_ml = prep.n_units * sc->product->conc.volume_ml - prep.draw_ml;
  if (prep.left_ml < EPSILON * sc->product->conc.volume_ml)
    prep.left_ml = 0;
  prep.remove_volume = sc->remove_volume;
  prep.diluent_ml = prep.remove_volume ? prep.draw_ml : prep.final_ml - prep.draw_ml;
  if (prep.draw_ml > prep.final_ml)
    return FALSE;

  *out_prep = prep;
  return TRUE;
}

char *
sp_preparation_format (const SpDrug        *drug,
                       const SpPreparation *prep,
                       const char          *diluent,
                       SpNumberStyle        style)
{
  g_autofree char *product = NULL;
  g_autofree char *units = NULL;
  g_autofree char *draw = NULL;
  g_autofree char *final = NULL;
  g_autofree char *other = NULL;
  g_autofree char *mix = NULL;
  g_autofree char *left = NULL;
  g_autofree char *left_text = NULL;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (prep != NULL && prep->product != NULL, NULL);

  if (diluent == NULL)
    diluent = "______________";
  product = sp_drug_format_concentration (drug, &prep->product->conc, style);
  if (prep->product->form == SP_PRODUCT_AMPOULE)
    /* TRANSLATORS: "4 ampoules of 4 mg/4 mL" */
    units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ampoule of %s", "%u ampoules of %s",
                                          prep->n_units),
                             prep->n_units, product);
  else
    /* TRANSLATORS: "4 vials of 4 mg/4 mL" */
    units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vial of %s", "%u vials of %s",
                                          prep->n_units),
                             prep->n_units, product);
  draw = sp_format_decimal (prep->draw_ml, 2, style);
  final = sp_format_decimal (prep->final_ml, 2, style);
  other = sp_format_decimal (prep->diluent_ml, 2, style);

  if (prep->remove_volume)
    /* TRANSLATORS: the preparation of a bag: "4 vials of 4 mg/4 mL: withdraw
     * 16 mL. Remove 16 mL from a 250 mL bag of glucose 5%, then add the
     * drug: final volume 250 mL." */
    mix = g_strdup_printf (_("%s: withdraw %s mL. Remove %s mL from a %s mL bag of %s, then add "
                             "the drug: final volume %s mL."),
                           units, draw, other, final, diluent, final);
  else
    /* TRANSLATORS: the preparation of a syringe: "2 vials of 4 mg/4 mL:
     * withdraw 8 mL and make up to 50 mL with glucose 5% (42 mL): final
     * volume 50 mL." */
    mix = g_strdup_printf (_("%s: withdraw %s mL and make up to %s mL with %s (%s mL): final "
                             "volume %s mL."),
                           units, draw, final, diluent, other, final);

  if (prep->left_ml <= 0)
    return g_steal_pointer (&mix);
  left = sp_format_decimal (prep->left_ml, 2, style);
  /* TRANSLATORS: after the preparation: "Discard the 2 mL left over." */
  left_text = g_strdup_printf (_("Discard the %s mL left over."), left);
  return g_strdup_printf ("%s %s", mix, left_text);
}
