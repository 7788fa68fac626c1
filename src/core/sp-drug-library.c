/* sp-drug-library.c: the drug library (data/drugs.xml or a pharmacy's own file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model: a library's drugs with their dose limits and concentrations,
 * the checks of a dose or a typed concentration against them, and lookups
 * by id or synonym. The files are read by sp-drug-library-loader.c.
 */
#define G_LOG_DOMAIN "sp-drug-library"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-dose.h"
#include "sp-format.h"
#include "sp-drug-library-private.h"
#include "sp-quantity-private.h"

/* Two numbers from the same file compare equal when they are within this
 * relative distance: a dose computed back from a rate (1.0000000000000002)
 * is not above a limit of 1. Far below anything clinically meaningful. */
#define RELATIVE_EPSILON 1e-9

const char * const sp_drug_no_strings[] = { NULL };

G_DEFINE_FINAL_TYPE (SpDrugLibrary, sp_drug_library, G_TYPE_OBJECT)
G_DEFINE_QUARK (sp-drug-library-error-quark, sp_drug_library_error)

/* The object that holds what all views of a library share. */
#define ROOT(self) ((self)->root != NULL ? (self)->root : (self))

/* @vector, or an empty vector for NULL. */
static const char * const *
or_no_strings (GStrv vector)
{
  return vector != NULL ? (const char * const *) vector : sp_drug_no_strings;
}

/* PREFIX_get_NAME (): the member of a profile, salt or drug. */
#define STRUCT_GETTER(Struct, prefix, rtype, name, member, fallback) \
  rtype                                                               \
  prefix##_get_##name (const Struct *object)                          \
  {                                                                   \
    g_return_val_if_fail (object != NULL, fallback);                  \
    return object->member;                                            \
  }
/* The same for a NULL-terminated vector: an empty one when absent. */
#define STRUCT_VECTOR_GETTER(Struct, prefix, name, member)            \
  const char * const *                                                \
  prefix##_get_##name (const Struct *object)                          \
  {                                                                   \
    g_return_val_if_fail (object != NULL, sp_drug_no_strings);        \
    return or_no_strings (object->member);                            \
  }
#define PROFILE_GETTER(rtype, name, member, fallback) \
  STRUCT_GETTER (SpDrugProfile, sp_drug_profile, rtype, name, member, fallback)
#define PROFILE_VECTOR_GETTER(name, member) \
  STRUCT_VECTOR_GETTER (SpDrugProfile, sp_drug_profile, name, member)
#define SALT_GETTER(rtype, name, member, fallback) \
  STRUCT_GETTER (SpDrugSalt, sp_drug_salt, rtype, name, member, fallback)
#define SALT_VECTOR_GETTER(name, member) \
  STRUCT_VECTOR_GETTER (SpDrugSalt, sp_drug_salt, name, member)
#define DRUG_GETTER(rtype, name, member, fallback) \
  STRUCT_GETTER (SpDrug, sp_drug, rtype, name, member, fallback)
#define DRUG_VECTOR_GETTER(name, member) \
  STRUCT_VECTOR_GETTER (SpDrug, sp_drug, name, member)
/* sp_drug_get_n_ITEMS () and sp_drug_get_ITEM (): a list the drug holds,
 * the ITEM_expr of @index (a pointer into it, never a copy). */
#define DRUG_LIST_GETTERS(Type, n_items, item, member, item_expr)   \
  guint                                                             \
  sp_drug_get_##n_items (const SpDrug *drug)                        \
  {                                                                 \
    g_return_val_if_fail (drug != NULL, 0);                         \
    return drug->member->len;                                       \
  }                                                                 \
                                                                    \
  const Type *                                                      \
  sp_drug_get_##item (const SpDrug *drug,                           \
                      guint         index)                          \
  {                                                                 \
    g_return_val_if_fail (drug != NULL, NULL);                      \
    g_return_val_if_fail (index < drug->member->len, NULL);         \
    return item_expr;                                               \
  }
#define DRUG_ARRAY_GETTERS(Type, n_items, item, member) \
  DRUG_LIST_GETTERS (Type, n_items, item, member, &g_array_index (drug->member, Type, index))
#define DRUG_PTR_ARRAY_GETTERS(Type, n_items, item, member) \
  DRUG_LIST_GETTERS (Type, n_items, item, member, g_ptr_array_index (drug->member, index))

/* --- SpDrug ---------------------------------------------------------------- */

SpDrug *
sp_drug_new (void)
{
  SpDrug *drug = g_new0 (SpDrug, 1);

  drug->dose_limits = g_array_new (FALSE, TRUE, sizeof (SpDoseLimits));
  drug->concentrations = g_array_new (FALSE, TRUE, sizeof (SpStandardConcentration));
  drug->notes = g_array_new (FALSE, TRUE, sizeof (SpDrugNote));
  drug->salts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_drug_salt_free);
  drug->products = g_ptr_array_new_with_free_func (g_free);
  drug->storages = g_ptr_array_new_with_free_func (g_free);
  drug->strings = g_ptr_array_new_with_free_func (g_free);
  drug->vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  drug->conc_min_per_ml = NAN;
  drug->conc_max_per_ml = NAN;
  drug->rate_decimals = 1;
  drug->course_hours = NAN;
  return drug;
}

void
sp_drug_free (SpDrug *drug)
{
  if (drug == NULL)
    return;

  g_free (drug->id);
  g_free (drug->name);
  g_free (drug->display_name);
  g_strfreev (drug->display_name_cites);
  g_strfreev (drug->synonyms);
  g_free (drug->amount_basis);
  g_array_unref (drug->dose_limits);
  g_array_unref (drug->concentrations);
  g_strfreev (drug->conc_limit_cites);
  g_strfreev (drug->rate_cites);
  g_array_unref (drug->notes);
  g_ptr_array_unref (drug->salts);
  g_strfreev (drug->high_alert_cites);
  g_strfreev (drug->course_cites);
  g_ptr_array_unref (drug->products);
  g_ptr_array_unref (drug->storages);
  g_ptr_array_unref (drug->strings);
  g_ptr_array_unref (drug->vectors);
  g_free (drug);
}

void
sp_drug_salt_free (SpDrugSalt *salt)
{
  if (salt == NULL)
    return;

  g_free (salt->id);
  g_free (salt->name);
  g_free (salt->short_name);
  g_strfreev (salt->synonyms);
  g_strfreev (salt->cites);
  g_free (salt);
}

SpDrugProfile *
sp_drug_profile_new (void)
{
  SpDrugProfile *profile = g_new0 (SpDrugProfile, 1);

  profile->drugs = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_drug_free);
  profile->lookup = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  profile->stronger_at_ml_per_h = SP_DRUG_DEFAULT_STRONGER_AT_ML_PER_H;
  profile->prepare_lead_hours = SP_DRUG_DEFAULT_PREPARE_LEAD_HOURS;
  profile->rate_rounding_percent = SP_DRUG_DEFAULT_RATE_ROUNDING_PERCENT;
  return profile;
}

void
sp_drug_profile_free (SpDrugProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->id);
  g_free (profile->name);
  g_free (profile->description);
  g_strfreev (profile->cites);
  g_free (profile->line_note);
  g_strfreev (profile->line_note_cites);
  g_strfreev (profile->stronger_cites);
  g_strfreev (profile->prepare_lead_cites);
  g_strfreev (profile->rate_rounding_cites);
  g_hash_table_unref (profile->lookup);
  g_ptr_array_unref (profile->drugs);
  g_free (profile);
}

/* --- profiles and salts ------------------------------------------------------ */

PROFILE_GETTER (const char *, id, id, NULL)
PROFILE_GETTER (const char *, name, name, NULL)
PROFILE_GETTER (const char *, description, description, NULL)
PROFILE_VECTOR_GETTER (cites, cites)
PROFILE_GETTER (SpProfileLine, line, line, SP_PROFILE_LINE_ANY)
PROFILE_GETTER (const char *, line_note, line_note, NULL)
PROFILE_VECTOR_GETTER (line_note_cites, line_note_cites)
PROFILE_GETTER (double, stronger_at_ml_per_h, stronger_at_ml_per_h, NAN)
PROFILE_VECTOR_GETTER (stronger_cites, stronger_cites)
PROFILE_GETTER (double, prepare_lead_hours, prepare_lead_hours, NAN)
PROFILE_VECTOR_GETTER (prepare_lead_cites, prepare_lead_cites)
PROFILE_GETTER (double, rate_rounding_percent, rate_rounding_percent, NAN)
PROFILE_VECTOR_GETTER (rate_rounding_cites, rate_rounding_cites)
DRUG_GETTER (gboolean, high_alert, high_alert, FALSE)
DRUG_VECTOR_GETTER (high_alert_cites, high_alert_cites)
DRUG_GETTER (const SpDrugStorage *, storage, storage, NULL)
DRUG_GETTER (double, course_hours, course_hours, NAN)
DRUG_VECTOR_GETTER (course_cites, course_cites)

DRUG_PTR_ARRAY_GETTERS (SpDrugProduct, n_products, product, products)

const char *
sp_standard_concentration_get_diluent (const SpStandardConcentration *sc)
{
  g_return_val_if_fail (sc != NULL, NULL);
  return sc->preferred_diluent != NULL ? sc->preferred_diluent : sc->diluent;
}

const char *
sp_profile_line_to_string (SpProfileLine line)
{
  switch (line)
    {
    case SP_PROFILE_LINE_CENTRAL:
      return "central";
    case SP_PROFILE_LINE_PERIPHERAL:
      return "peripheral";
    case SP_PROFILE_LINE_ANY:
    default:
      return "any";
    }
}

const char *
sp_profile_line_get_label (SpProfileLine line)
{
  switch (line)
    {
    case SP_PROFILE_LINE_CENTRAL:
      /* TRANSLATORS: where a drug library profile's infusions run */
      return _("central line");
    case SP_PROFILE_LINE_PERIPHERAL:
      /* TRANSLATORS: where a drug library profile's infusions run */
      return _("peripheral line");
    case SP_PROFILE_LINE_ANY:
    default:
      /* TRANSLATORS: where a drug library profile's infusions run: not said */
      return _("any line");
    }
}

SALT_GETTER (const char *, id, id, NULL)
SALT_GETTER (const char *, name, name, NULL)

const char *
sp_drug_salt_get_short_name (const SpDrugSalt *salt)
{
  g_return_val_if_fail (salt != NULL, NULL);
  return salt->short_name != NULL ? salt->short_name : salt->name;
}

SALT_GETTER (double, base_per_salt, base_per_salt, NAN)
SALT_VECTOR_GETTER (cites, cites)
DRUG_GETTER (const SpDrugProfile *, profile, profile, NULL)

DRUG_PTR_ARRAY_GETTERS (SpDrugSalt, n_salts, salt, salts)

const SpDrugSalt *
sp_drug_find_salt (const SpDrug *drug,
                   const char   *id)
{
  g_return_val_if_fail (drug != NULL, NULL);

  for (guint i = 0; id != NULL && i < drug->salts->len; i++)
    {
      const SpDrugSalt *salt = g_ptr_array_index (drug->salts, i);

      if (g_strcmp0 (salt->id, id) == 0)
        return salt;
    }
  return NULL;
}

const char *
sp_drug_keep_string (SpDrug *drug,
                     char   *str)
{
  if (str != NULL)
    g_ptr_array_add (drug->strings, str);
  return str;
}

const char * const *
sp_drug_keep_vector (SpDrug *drug,
                     GStrv   vector)
{
  g_ptr_array_add (drug->vectors, vector);
  return (const char * const *) vector;
}

DRUG_GETTER (const char *, id, id, NULL)
DRUG_GETTER (const char *, name, name, NULL)

const char *
sp_drug_get_display_name (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return drug->display_name != NULL ? drug->display_name : drug->name;
}

DRUG_VECTOR_GETTER (display_name_cites, display_name_cites)
DRUG_VECTOR_GETTER (synonyms, synonyms)
DRUG_GETTER (const char *, amount_basis, amount_basis, NULL)

DRUG_ARRAY_GETTERS (SpDoseLimits, n_dose_units, dose_limits, dose_limits)

GArray *
sp_drug_get_dose_units (const SpDrug *drug)
{
  guint n;
  GArray *units;

  g_return_val_if_fail (drug != NULL, NULL);

  n = sp_drug_get_n_dose_units (drug);
  units = g_array_sized_new (FALSE, FALSE, sizeof (SpDoseUnit), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (units, sp_drug_get_dose_limits (drug, i)->unit);
  return units;
}

const SpDoseLimits *
sp_drug_find_dose_limits (const SpDrug *drug,
                          SpDoseUnit    unit)
{
  g_return_val_if_fail (drug != NULL, NULL);

  for (guint i = 0; i < drug->dose_limits->len; i++)
    {
      const SpDoseLimits *limits = &g_array_index (drug->dose_limits, SpDoseLimits, i);

      if (sp_dose_unit_equal (limits->unit, unit))
        return limits;
    }
  return NULL;
}

DRUG_ARRAY_GETTERS (SpStandardConcentration, n_concentrations, concentration, concentrations)

const SpStandardConcentration *
sp_drug_get_default_concentration (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return &g_array_index (drug->concentrations, SpStandardConcentration,
                         drug->default_concentration);
}

DRUG_GETTER (SpAmountUnit, amount_unit, amount_unit, SP_AMOUNT_MCG)

void
sp_drug_get_concentration_limits (const SpDrug *drug,
                                  double       *out_min_per_ml,
                                  double       *out_max_per_ml)
{
  g_return_if_fail (drug != NULL);

  if (out_min_per_ml != NULL)
    *out_min_per_ml = drug->conc_min_per_ml;
  if (out_max_per_ml != NULL)
    *out_max_per_ml = drug->conc_max_per_ml;
}

DRUG_VECTOR_GETTER (concentration_limits_cites, conc_limit_cites)
DRUG_GETTER (int, rate_decimals, rate_decimals, 1)
DRUG_VECTOR_GETTER (rate_decimals_cites, rate_cites)

DRUG_ARRAY_GETTERS (SpDrugNote, n_notes, note, notes)

gboolean
sp_drug_is_above (double value,
                  double limit)
{
  if (isnan (limit))
    return FALSE;
  return value > limit + fabs (limit) * RELATIVE_EPSILON;
}

char *
sp_drug_format_dose_units (const SpDrug *drug)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < drug->dose_limits->len; i++)
    {
      const SpDoseLimits *limits = &g_array_index (drug->dose_limits, SpDoseLimits, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, sp_dose_unit_get_label (limits->unit));
    }
  return g_string_free (out, FALSE);
}

/* "Dose unit mcg/kg/min is not accepted for vasopressin (accepted:
 * units/min)": @unit_text, as typed or as the unit's label. */
static void
set_unit_refused_error (const SpDrug  *drug,
                        const char    *unit_text,
                        GError       **error)
{
  g_autofree char *accepted = sp_drug_format_dose_units (drug);

  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
               /* Translators: "Dose unit mcg/kg/min is not accepted for
                * vasopressin (accepted: units/min)" */
               _("Dose unit %s is not accepted for %s (accepted: %s)"),
               unit_text, sp_drug_get_display_name (drug), accepted);
}

/* The state of @dose against @limits (in the same unit), and the limit crossed. */
static SpLimitState
limit_state (const SpDoseLimits *limits,
             double              dose,
             double             *out_limit)
{
  if (sp_drug_is_above (dose, limits->hard_max))
    {
      *out_limit = limits->hard_max;
      return SP_LIMIT_HARD;
    }
  if (sp_drug_is_above (dose, limits->soft_max))
    {
      *out_limit = limits->soft_max;
      return SP_LIMIT_SOFT;
    }
  *out_limit = NAN;
  return SP_LIMIT_OK;
}

double
sp_drug_get_binding_limit (const SpDrug *drug,
                           SpDoseUnit    unit,
                           double        weight_kg,
                           gboolean      hard,
                           SpDoseUnit   *out_from)
{
  double lowest = NAN;
  SpDoseUnit from = unit;

  g_return_val_if_fail (drug != NULL, NAN);

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    {
      const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, i);
      double stated = hard ? limits->hard_max : limits->soft_max;
      double value = stated;

      if (isnan (stated))
        continue;
      if (!sp_dose_unit_equal (limits->unit, unit) &&
          !sp_dose_convert (stated, limits->unit, unit, weight_kg, &value, NULL))
        continue;
      /* the unit's own wins a tie: it is the one the reader works in */
      if (isnan (lowest) || value < lowest ||
          (value == lowest && sp_dose_unit_equal (limits->unit, unit)))
        {
          lowest = value;
          from = limits->unit;
        }
    }
  if (out_from != NULL)
    *out_from = from;
  return lowest;
}

gboolean
sp_drug_get_per_kg_limit_below (const SpDrug *drug,
                                SpDoseUnit    unit,
                                gboolean      hard,
                                double       *out_limit,
                                SpDoseUnit   *out_unit,
                                double       *out_weight_kg)
{
  const SpDoseLimits *own;
  double own_value, below = NAN, limit = NAN;
  SpDoseUnit from = unit;

  g_return_val_if_fail (drug != NULL, FALSE);

  own = sp_drug_find_dose_limits (drug, unit);
  if (unit.per_kg || own == NULL)
    return FALSE;
  own_value = hard ? own->hard_max : own->soft_max;
  if (!(own_value > 0))
    return FALSE;
  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    {
      const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, i);
      double stated = hard ? limits->hard_max : limits->soft_max;
      double per_kg, weight;

      /* the per-kg limit for 1 kg in @unit: 1 mcg/kg/min is 1 mcg/min */
      if (!limits->unit.per_kg || !(stated > 0) ||
          !sp_dose_convert (stated, limits->unit, unit, 1.0, &per_kg, NULL))
        continue;
      weight = own_value / per_kg;
      if (isnan (below) || weight > below)
        {
          below = weight;
          limit = stated;
          from = limits->unit;
        }
    }
  if (isnan (below))
    return FALSE;
  if (out_limit != NULL)
    *out_limit = limit;
  if (out_unit != NULL)
    *out_unit = from;
  if (out_weight_kg != NULL)
    *out_weight_kg = below;
  return TRUE;
}

gboolean
sp_drug_dose_depends_on_weight (const SpDrug *drug,
                                SpDoseUnit    unit)
{
  g_return_val_if_fail (drug != NULL, TRUE);

  if (unit.per_kg)
    return TRUE;
  /* a limit per kg holds in @unit once converted at the weight
   * (sp_drug_get_binding_limit ()) */
  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    {
      const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, i);

      if (limits->unit.per_kg && (!isnan (limits->soft_max) || !isnan (limits->hard_max)))
        return TRUE;
    }
  return FALSE;
}

char *
sp_drug_append_soft_limit_note (const SpDrug          *drug,
                                const char            *before,
                                double                 dose_min,
                                double                 dose_max,
                                SpDoseUnit             unit,
                                double                 weight_kg,
                                const SpConcentration *conc,
                                SpNumberStyle          style)
{
  SpDoseUnit from;
  double soft, soft_rate;
  g_autofree char *soft_text = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *cites = NULL;

  g_return_val_if_fail (drug != NULL && before != NULL && conc != NULL, NULL);

  soft = sp_drug_get_binding_limit (drug, unit, weight_kg, FALSE, &from);
  if (isnan (soft) || isnan (dose_max))
    return NULL;
  /* over it as the reader sees the two: at 70.02 kg the 70 mcg/min are
   * 0.9997 mcg/kg/min, shown "1", the range's own top */
  {
    g_autofree char *shown = sp_format_significant (soft, 3, SP_NUMBER_C);

    if (dose_max <= g_ascii_strtod (shown, NULL))
      return NULL;
  }
  /* the rate from the limit as the library states it (70 mcg/min at 160
   * mcg/mL is 26.25 mL/h exactly; through 70 / 120 kg it came to
   * 26.2499…, shown 26.2 where `rate` shows 26.3) */
  if (!sp_dose_to_rate (sp_drug_find_dose_limits (drug, from)->soft_max, from, weight_kg, conc,
                        &soft_rate, NULL))
    return NULL;

  soft_text = sp_format_dose (soft, unit, 0, style);
  rate_text = sp_drug_format_rate (drug, soft_rate, unit, weight_kg, conc, style);
  cites = sp_format_cites (sp_drug_find_dose_limits (drug, from)->limit_cites);
  if (!isnan (dose_min) && dose_min > soft)
    /* Translators: after the rates of a dose range that lies wholly above the
     * soft limit that holds (a site's very low one): " (…); all of it above
     * 0.1 mcg/kg/min (7.5 mL/h), the soft limit here [local], confirm the
     * dose" */
    return g_strdup_printf (_("%s; all of it above %s (%s mL/h), the soft limit here %s, "
                              "confirm the dose"),
                            before, soft_text, rate_text, cites);
  /* Translators: after the rates of a dose range: " (…); above 0.875
   * mcg/kg/min (65.6 mL/h), the soft limit here [local], confirm the
   * dose" */
  return g_strdup_printf (_("%s; above %s (%s mL/h), the soft limit here %s, confirm the dose"),
                          before, soft_text, rate_text, cites);
}

double
sp_drug_round_rate (const SpDrug          *drug,
                    double                 rate_ml_h,
                    SpDoseUnit             unit,
                    double                 weight_kg,
                    const SpConcentration *conc)
{
  int decimals;
  double step, rounded, hard, hard_rate;

  g_return_val_if_fail (drug != NULL, NAN);

  if (!isfinite (rate_ml_h))
    return rate_ml_h;
  decimals = MAX (sp_drug_get_rate_decimals (drug), 0);
  step = pow (10, -decimals);
  /* rounded as every number shown is (15 significant digits, half up:
   * 5.85 is 5.9, where round (5.85 / 0.1) gives 58) */
  {
    g_autofree char *text = sp_format_decimal (rate_ml_h, decimals, SP_NUMBER_C);

    rounded = g_ascii_strtod (text, NULL);
  }
  hard = sp_drug_get_binding_limit (drug, unit, weight_kg, TRUE, NULL);
  /* 1e-9 relative: a rate worked out for the hard limit itself is at it,
   * whatever the last bit of its arithmetic */
  if (conc != NULL && !isnan (hard) &&
      sp_dose_to_rate (hard, unit, weight_kg, conc, &hard_rate, NULL) &&
      rate_ml_h <= hard_rate * (1 + 1e-9) && rounded > hard_rate * (1 + 1e-9))
    {
      /* the pump's step below the hard limit's rate (1e-6: 131.2 / 0.1
       * is 1311.9999…, and is 1312 steps) */
      double below = floor (hard_rate / step + 1e-6) * step;

      if (below > 0)
        return below;
    }
  return rounded;
}

char *
sp_drug_format_rate (const SpDrug          *drug,
                     double                 rate_ml_h,
                     SpDoseUnit             unit,
                     double                 weight_kg,
                     const SpConcentration *conc,
                     SpNumberStyle          style)
{
  double rounded;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (isfinite (rate_ml_h), NULL);

  rounded = sp_drug_round_rate (drug, rate_ml_h, unit, weight_kg, conc);
  /* a running rate below the pump's last decimal stays "less than 0.1" */
  if (rate_ml_h > 0 && rounded == 0)
    rounded = rate_ml_h;
  return sp_format_rate_number (rounded, sp_drug_get_rate_decimals (drug), style);
}

double
sp_drug_get_rate_rounding_percent (const SpDrug *drug)
{
  const SpDrugProfile *profile;

  g_return_val_if_fail (drug != NULL, SP_DRUG_DEFAULT_RATE_ROUNDING_PERCENT);

  profile = sp_drug_get_profile (drug);

  return profile != NULL ? sp_drug_profile_get_rate_rounding_percent (profile)
                         : SP_DRUG_DEFAULT_RATE_ROUNDING_PERCENT;
}

/* How far, in percent, the rate the pump is set to for @rate_ml_h takes the
 * dose: 0.075 set at 0.1 is +33.3. */
static double
rate_rounding_error (const SpDrug          *drug,
                     double                 rate_ml_h,
                     SpDoseUnit             unit,
                     double                 weight_kg,
                     const SpConcentration *conc)
{
  double set = sp_drug_round_rate (drug, rate_ml_h, unit, weight_kg, conc);

  return (set - rate_ml_h) / rate_ml_h * 100;
}

/* The strongest standard concentration of @drug weaker than @conc at which
 * the same dose (@rate_ml_h at @conc) keeps within the rounding allowed and
 * runs below the rate at which the bag planner advises a stronger standard
 * (else the two advise each other); its rate in @out_rate. NULL for none. */
static const SpStandardConcentration *
find_weaker_within_rounding (const SpDrug          *drug,
                             double                 rate_ml_h,
                             SpDoseUnit             unit,
                             double                 weight_kg,
                             const SpConcentration *conc,
                             double                *out_rate)
{
  SpAmountUnit amount_unit = sp_drug_get_amount_unit (drug);
  const SpDrugProfile *profile = sp_drug_get_profile (drug);
  double stronger_at = profile != NULL ? sp_drug_profile_get_stronger_at_ml_per_h (profile)
                                       : SP_DRUG_DEFAULT_STRONGER_AT_ML_PER_H;
  const SpStandardConcentration *best = NULL;
  double own_per_ml, best_per_ml = 0;

  if (!sp_concentration_per_ml (conc, amount_unit, &own_per_ml))
    return NULL;
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *sc = sp_drug_get_concentration (drug, i);
      double per_ml, rate;

      if (!sp_concentration_per_ml (&sc->conc, amount_unit, &per_ml) ||
          !(per_ml < own_per_ml * (1 - 1e-9)) || per_ml <= best_per_ml)
        continue;
      rate = rate_ml_h * own_per_ml / per_ml;
      if (rate < stronger_at && !sp_drug_check_rate_rounding (drug, rate, unit, weight_kg, &sc->conc, NULL))
        {
          best = sc;
          best_per_ml = per_ml;
          *out_rate = rate;
        }
    }
  return best;
}

const char * const *
sp_drug_get_rate_rounding_cites (const SpDrug *drug)
{
  const SpDrugProfile *profile;

  g_return_val_if_fail (drug != NULL, NULL);

  profile = sp_drug_get_profile (drug);
  return profile != NULL ? sp_drug_profile_get_rate_rounding_cites (profile) : NULL;
}

gboolean
sp_drug_check_rate_rounding (const SpDrug          *drug,
                             double                 rate_ml_h,
                             SpDoseUnit             unit,
                             double                 weight_kg,
                             const SpConcentration *conc,
                             double                *out_percent)
{
  double error;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (conc != NULL, FALSE);

  if (out_percent != NULL)
    *out_percent = 0;
  if (!(rate_ml_h > 0) || !isfinite (rate_ml_h))
    return FALSE;
  error = rate_rounding_error (drug, rate_ml_h, unit, weight_kg, conc);
  if (out_percent != NULL)
    *out_percent = error;
  /* 1e-9 relative: a step exactly at the rounding allowed keeps within it */
  return fabs (error) > sp_drug_get_rate_rounding_percent (drug) * (1 + 1e-9);
}

gboolean
sp_drug_compute_rate_rounding (const SpDrug          *drug,
                               double                 dose,
                               SpDoseUnit             unit,
                               double                 weight_kg,
                               const SpConcentration *conc,
                               SpRateRounding        *out)
{
  SpRateRounding r = { 0, };

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  r.dose = dose;
  r.unit = unit;
  r.weight_kg = weight_kg;
  r.conc = conc;
  if (!(dose > 0) || !sp_dose_to_rate (dose, unit, weight_kg, conc, &r.rate_ml_h, NULL) ||
      !sp_drug_check_rate_rounding (drug, r.rate_ml_h, unit, weight_kg, conc, &r.percent))
    return FALSE;
  r.set_ml_h = sp_drug_round_rate (drug, r.rate_ml_h, unit, weight_kg, conc);
  r.dose_given = dose * r.set_ml_h / r.rate_ml_h;
  r.allowed_percent = sp_drug_get_rate_rounding_percent (drug);
  r.weaker_rate_ml_h = NAN;
  r.weaker = find_weaker_within_rounding (drug, r.rate_ml_h, unit, weight_kg, conc,
                                          &r.weaker_rate_ml_h);
  *out = r;
  return TRUE;
}

char *
sp_drug_format_rate_rounding_percent (const SpDrug  *drug,
                                      double         percent,
                                      SpNumberStyle  style)
{
  double value = fabs (percent);
  double allowed;
  int decimals = 1;

  g_return_val_if_fail (drug != NULL, NULL);

  allowed = sp_drug_get_rate_rounding_percent (drug);
  while (decimals < 6 && !(round (value * pow (10, decimals)) / pow (10, decimals) > allowed))
    decimals++;
  return sp_format_decimal (value, decimals, style);
}

char *
sp_drug_describe_rate_rounding (const SpDrug          *drug,
                                double                 dose,
                                SpDoseUnit             unit,
                                double                 weight_kg,
                                const SpConcentration *conc,
                                SpNumberStyle          style)
{
  SpRateRounding r;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);

  if (!sp_drug_compute_rate_rounding (drug, dose, unit, weight_kg, conc, &r))
    return NULL;
  return sp_drug_format_rate_rounding (drug, &r, style);
}

char *
sp_drug_format_rate_rounding (const SpDrug         *drug,
                              const SpRateRounding *rounding,
                              SpNumberStyle         style)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *exact_text = NULL;
  g_autofree char *dose_text = NULL;
  gboolean base;
  int decimals;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (rounding != NULL && rounding->conc != NULL, NULL);

  decimals = sp_drug_get_rate_decimals (drug);
  /* three places past the pump's: 117.0585 beside a pump set to 117.1 */
  exact_text = sp_format_decimal (rounding->rate_ml_h, decimals + 3, style);
  /* beside a bag labelled in the salt, doses are base */
  base = rounding->conc->salt[0] != '\0';
  dose_text = sp_format_as_base_if (sp_format_dose (rounding->dose, rounding->unit, 0, style), base);
  if (rounding->set_ml_h <= 0)
    {
      g_autofree char *step = sp_format_decimal (pow (10, -decimals), decimals, style);

      /* TRANSLATORS: the pump's step: "0.0375 mL/h is below the pump's step
       * of 0.1 mL/h: at this concentration the pump cannot give 0.01
       * mcg/kg/min." */
      g_string_append_printf (text, _("%s mL/h is below the pump’s step of %s mL/h: at this "
                                      "concentration the pump cannot give %s."),
                              exact_text, step, dose_text);
    }
  else
    {
      g_autofree char *set_text = sp_format_rate_number (rounding->set_ml_h, decimals, style);
      g_autofree char *given = sp_format_as_base_if (sp_format_dose (rounding->dose_given,
                                                                     rounding->unit, 0, style),
                                                     base);
      g_autofree char *percent = sp_drug_format_rate_rounding_percent (drug, rounding->percent, style);
      g_autofree char *allowed_text = sp_format_dose_number (rounding->allowed_percent, style);

      if (rounding->percent > 0)
        /* TRANSLATORS: the pump's step: "The pump is set to 0.1 mL/h for
         * 0.075 mL/h: it gives 0.0133 mcg/kg/min, 33.3% more than 0.01
         * mcg/kg/min (more than 5%)." French and German put a space before
         * %%: "33,3 %" */
        g_string_append_printf (text, _("The pump is set to %s mL/h for %s mL/h: it gives %s, "
                                        "%s%% more than %s (more than %s%%)."),
                                set_text, exact_text, given, percent, dose_text, allowed_text);
      else
        /* TRANSLATORS: the pump's step: "The pump is set to 0.1 mL/h for
         * 0.12 mL/h: it gives 0.00333 mcg/kg/min, 16.7% less than 0.004
         * mcg/kg/min (more than 5%)." */
        g_string_append_printf (text, _("The pump is set to %s mL/h for %s mL/h: it gives %s, "
                                        "%s%% less than %s (more than %s%%)."),
                                set_text, exact_text, given, percent, dose_text, allowed_text);
    }

  if (rounding->weaker != NULL)
    {
      /* a standard written in the base, beside a bag written in the salt,
       * says so (as the bag planner's advice does) */
      const SpConcentration *weaker = &rounding->weaker->conc;
      g_autofree char *weaker_conc =
        sp_format_as_base_if (sp_drug_format_concentration_with_strength (drug, weaker, style),
                              base && weaker->salt[0] == '\0');
      g_autofree char *weaker_set = sp_drug_format_rate (drug, rounding->weaker_rate_ml_h,
                                                         rounding->unit, rounding->weight_kg,
                                                         weaker, style);

      g_string_append_c (text, ' ');
      /* TRANSLATORS: the pump's step, then: "The weaker standard 4 mg/50 mL
       * (80 mcg/mL) gives it at 0.3 mL/h; a change of strength needs a new
       * rate." */
      g_string_append_printf (text, _("The weaker standard %s gives it at %s mL/h; a change of "
                                      "strength needs a new rate."),
                              weaker_conc, weaker_set);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
sp_drug_check_dose (const SpDrug *drug,
                    double        dose,
                    SpDoseUnit    unit,
                    double        weight_kg,
                    SpLimitCheck *out_check,
                    GError      **error)
{
  const SpDoseLimits *limits;
  SpLimitCheck check;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  limits = sp_drug_find_dose_limits (drug, unit);
  if (limits == NULL)
    {
      set_unit_refused_error (drug, sp_dose_unit_get_label (unit), error);
      return FALSE;
    }

  if (!isfinite (dose))
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("The dose of %s is not a number"), sp_drug_get_display_name (drug));
      return FALSE;
    }
  if (dose < 0)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_NEGATIVE,
                   _("The dose of %s cannot be negative"), sp_drug_get_display_name (drug));
      return FALSE;
    }

  check.limit_unit = unit;
  check.dose_in_limit_unit = dose;
  check.weight_kg = NAN;
  check.state = limit_state (limits, dose, &check.limit);
  check.limit_in_dose_unit = check.limit;

  /* The limits stated in the drug's other units hold too, wherever the
   * dose converts to them: mg/h to mcg/min always, mcg/min to mcg/kg/min
   * with a weight. Derived limits are conversions of stated ones, already
   * compared. The strictest outcome wins; on a tie, the dose's own unit. */
  for (guint i = 0; i < drug->dose_limits->len; i++)
    {
      const SpDoseLimits *other = &g_array_index (drug->dose_limits, SpDoseLimits, i);
      double converted;
      double limit;
      SpLimitState state;

      if (other->derived || sp_dose_unit_equal (other->unit, unit) ||
          !sp_dose_convert (dose, unit, other->unit, weight_kg, &converted, NULL))
        continue;

      state = limit_state (other, converted, &limit);
      if (state > check.state)
        {
          check.state = state;
          check.limit = limit;
          check.limit_unit = other->unit;
          check.dose_in_limit_unit = converted;
          check.weight_kg = unit.per_kg != other->unit.per_kg ? weight_kg : NAN;
          /* converts back: the dose did, so the limit does */
          sp_dose_convert (limit, other->unit, unit, weight_kg, &check.limit_in_dose_unit, NULL);
        }
    }

  if (out_check != NULL)
    *out_check = check;
  return TRUE;
}

/* "Adult ICU - 50 mL syringes, Peripheral line": the other profiles of
 * @drug's library whose @drug lists @conc as a standard concentration (or,
 * with @typed_too, accepts it typed); NULL when none does. */
static char *
format_profiles_with (const SpDrug          *drug,
                      const SpConcentration *conc,
                      gboolean               typed_too)
{
  SpDrugLibrary *root = drug->profile != NULL ? drug->profile->root : NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (root == NULL)
    return NULL;

  for (guint i = 0; i < root->profiles->len; i++)
    {
      const SpDrugProfile *profile = g_ptr_array_index (root->profiles, i);
      const SpDrug *other;
      gboolean has = FALSE;
      double per_ml;

      if (profile == drug->profile)
        continue;
      other = g_hash_table_lookup (profile->lookup, drug->id);
      if (other == NULL)
        continue;

      for (guint j = 0; j < other->concentrations->len && !has; j++)
        has = sp_concentration_equal (&g_array_index (other->concentrations,
                                                      SpStandardConcentration, j).conc,
                                      conc);
      if (!has && typed_too && sp_concentration_per_ml (conc, other->amount_unit, &per_ml))
        has = !sp_drug_is_above (per_ml, other->conc_max_per_ml) &&
              !sp_drug_is_above (other->conc_min_per_ml, per_ml);
      if (!has)
        continue;

      if (out->len > 0)
        g_string_append (out, ", ");
      /* Translators: a profile's name in a list of profiles, quoted */
      g_string_append_printf (out, _("\u201c%s\u201d"), profile->name);
    }

  return out->len > 0 ? g_strdup (out->str) : NULL;
}

/* @message, then the profile the check was made in and the profiles that
 * would take @conc: "...; drug-library profile "Adult ICU - 250 mL bags".
 * It is a standard concentration of the profile "Adult ICU - 50 mL
 * syringes"." (a new string; takes @message). */
static char *
append_profiles (const SpDrug          *drug,
                 const SpConcentration *conc,
                 gboolean               typed_too,
                 char                  *message)
{
  g_autofree char *taken = message;
  g_autofree char *others = NULL;

  if (drug->profile == NULL || drug->profile->root == NULL ||
      drug->profile->root->profiles->len < 2)
    return g_steal_pointer (&taken);

  others = format_profiles_with (drug, conc, typed_too);
  if (others == NULL)
    /* Translators: a refused concentration, then the drug-library profile
     * it was checked in: "... (profile “Adult ICU - 250 mL bags”)" */
    return g_strdup_printf (_("%s (profile \u201c%s\u201d)"), taken, drug->profile->name);

  if (!typed_too)
    /* Translators: "... (profile “Adult ICU - 250 mL bags”; standard in
     * “Adult ICU - 50 mL syringes”: switch the profile to use it)" */
    return g_strdup_printf (_("%s (profile \u201c%s\u201d; standard in %s: switch the "
                              "profile to use it)"),
                            taken, drug->profile->name, others);
  /* Translators: "... (profile “Adult ICU - 250 mL bags”; accepted in
   * “Adult ICU - 50 mL syringes”: switch the profile to use it)" */
  return g_strdup_printf (_("%s (profile \u201c%s\u201d; accepted in %s: switch the "
                            "profile to use it)"),
                          taken, drug->profile->name, others);
}

/* "mcg or mg" for a mass drug, "units" for a unit drug. */
static char *
format_accepted_amount_units (const SpDrug *drug)
{
  static const SpAmountUnit all[] = { SP_AMOUNT_MCG, SP_AMOUNT_MG, SP_AMOUNT_UNITS };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      double factor;

      if (sp_amount_unit_factor (all[i], drug->amount_unit, &factor))
        g_ptr_array_add (names, (gpointer) sp_amount_unit_get_label (all[i]));
    }

  if (names->len == 2)
    /* Translators: a choice of two units, "mcg or mg" */
    return g_strdup_printf (_("%s or %s"), (const char *) names->pdata[0],
                            (const char *) names->pdata[1]);
  if (names->len == 1)
    return g_strdup (names->pdata[0]);
  return g_strdup (sp_amount_unit_get_label (drug->amount_unit));
}

gboolean
sp_drug_check_concentration (const SpDrug          *drug,
                             const SpConcentration *conc,
                             const char            *field,
                             GError               **error)
{
  const char *unit;
  double per_ml;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = _("Concentration");
  unit = sp_amount_unit_get_label (drug->amount_unit);

  if (!sp_concentration_per_ml (conc, drug->amount_unit, &per_ml))
    {
      g_autofree char *accepted = format_accepted_amount_units (drug);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   /* Translators: "Concentration: units cannot be used for
                    * norepinephrine; enter the amount in mcg or mg" */
                   _("%s: %s cannot be used for %s; enter the amount in %s"),
                   field, sp_amount_unit_get_label (conc->amount_unit),
                   sp_drug_get_display_name (drug), accepted);
      return FALSE;
    }

  if (!(conc->amount > 0) || !(conc->volume_ml > 0))
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   _("%s: the amount and the volume must both be more than zero"), field);
      return FALSE;
    }

  if (conc->salt[0] != '\0' && sp_drug_find_salt (drug, conc->salt) == NULL)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   /* Translators: "Concentration: the drug library knows no salt
                    * “sulfate” of DOPamine" */
                   _("%s: the drug library knows no salt \u201c%s\u201d of %s"),
                   field, conc->salt, sp_drug_get_display_name (drug));
      return FALSE;
    }
  if (conc->salt[0] != '\0')
    {
      const SpDrugSalt *salt = sp_drug_find_salt (drug, conc->salt);
      double base = conc->salt_amount * salt->base_per_salt;

      /* a file's two forms must agree (the parser makes them so) */
      if (!(fabs (base - conc->amount) <= 1e-9 * fabs (conc->amount)))
        {
          g_autofree char *salt_text = sp_format_significant (conc->salt_amount, 6, SP_NUMBER_LOCALE);
          g_autofree char *base_text = sp_format_significant (base, 6, SP_NUMBER_LOCALE);
          g_autofree char *amount_text = sp_format_significant (conc->amount, 6, SP_NUMBER_LOCALE);

          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                       /* Translators: "Concentration: 24 mg of norepinephrine tartrate is
                        * 12 mg base, not 10 mg" */
                       _("%s: %s %s of %s is %s %s base, not %s %s"),
                       field, salt_text, sp_amount_unit_get_label (conc->amount_unit),
                       salt->name, base_text, sp_amount_unit_get_label (conc->amount_unit),
                       amount_text, sp_amount_unit_get_label (conc->amount_unit));
          return FALSE;
        }
    }

  /* Too strong to have a number at all (an amount of 10^308 mg, a volume of
   * 10^-300 mL): outside the range, said without printing it. */
  if (!isfinite (per_ml) || !isfinite (conc->amount))
    {
      g_autofree char *max = sp_format_decimal (drug->conc_max_per_ml, 6, SP_NUMBER_LOCALE);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   /* Translators: "Concentration: far stronger than the strongest accepted
                    * for norepinephrine, 64 mcg/mL" */
                   _("%s: far stronger than the strongest accepted for %s, %s %s/mL"),
                   field, sp_drug_get_display_name (drug), max, unit);
      return FALSE;
    }

  if (sp_drug_is_above (per_ml, drug->conc_max_per_ml) ||
      sp_drug_is_above (drug->conc_min_per_ml, per_ml))
    {
      g_autofree char *typed = sp_drug_format_concentration (drug, conc, SP_NUMBER_LOCALE);
      /* enough figures not to read as the bound it crosses (64.004, not 64) */
      double bound = sp_drug_is_above (per_ml, drug->conc_max_per_ml) ? drug->conc_max_per_ml
                                                                       : drug->conc_min_per_ml;
      g_autofree char *strength = sp_format_significant (per_ml,
                                                         MAX (4, sp_format_digits_apart (per_ml,
                                                                                         bound)),
                                                         SP_NUMBER_LOCALE);
      g_autofree char *min = sp_format_decimal (drug->conc_min_per_ml, 6, SP_NUMBER_LOCALE);
      g_autofree char *max = sp_format_decimal (drug->conc_max_per_ml, 6, SP_NUMBER_LOCALE);
      char *message;

      message = g_strdup_printf (/* Translators: "Concentration: 32 mg/250 mL is
                                  * 128 mcg/mL, outside the range accepted for
                                  * norepinephrine: 4 mcg/mL to 64 mcg/mL" */
                                 _("%s: %s is %s %s/mL, outside the range accepted for %s: "
                                   "%s %s/mL to %s %s/mL"),
                                 field, typed, strength, unit, sp_drug_get_display_name (drug),
                                 min, unit, max, unit);
      message = append_profiles (drug, conc, TRUE, message);
      g_set_error_literal (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE, message);
      g_free (message);
      return FALSE;
    }

  return TRUE;
}

/* "4 mg/250 mL, 16 mg/250 mL": the standard concentrations, as written in files. */
static char *
format_standard_concentrations (const SpDrug *drug)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < drug->concentrations->len; i++)
    {
      const SpStandardConcentration *std =
        &g_array_index (drug->concentrations, SpStandardConcentration, i);
      g_autofree char *text = sp_format_concentration (&std->conc, SP_NUMBER_C);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

const SpStandardConcentration *
sp_drug_find_concentration (const SpDrug  *drug,
                            const char    *text,
                            GError       **error)
{
  SpConcentration conc;
  g_autofree char *accepted = NULL;
  char *message;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sp_drug_parse_concentration (drug, text, SP_NUMBER_C, _("Concentration"), &conc, error))
    return NULL;

  for (guint i = 0; i < drug->concentrations->len; i++)
    {
      const SpStandardConcentration *std =
        &g_array_index (drug->concentrations, SpStandardConcentration, i);

      if (sp_concentration_equal (&std->conc, &conc))
        return std;
    }

  accepted = format_standard_concentrations (drug);
  message = g_strdup_printf (/* Translators: "8 mg/250 mL is not a standard
                              * concentration of NORepinephrine in the drug library
                              * (standard: 4 mg/250 mL, 16 mg/250 mL)" */
                             _("%s is not a standard concentration of %s in the drug "
                               "library (standard: %s)"),
                             text, sp_drug_get_display_name (drug), accepted);
  message = append_profiles (drug, &conc, FALSE, message);
  g_set_error_literal (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE, message);
  g_free (message);
  return NULL;
}

/* Finds @word (casefolded) in @folded as a whole word (no letter on either
 * side); returns its byte offset or -1. */
static gssize
find_word (const char *folded,
           const char *word)
{
  gsize len = strlen (word);

  if (len == 0)
    return -1;

  for (const char *at = strstr (folded, word); at != NULL; at = strstr (at + 1, word))
    {
      gboolean starts = at == folded ||
                        !g_unichar_isalpha (g_utf8_get_char (g_utf8_find_prev_char (folded, at)));
      gboolean ends = at[len] == '\0' || !g_unichar_isalpha (g_utf8_get_char (at + len));

      if (starts && ends)
        return at - folded;
    }
  return -1;
}

/* The word after the amount's unit in @folded that is not one: "citrate"
 * in "4 mg citrate/50 mL" (a new string), or NULL. */
static char *
find_word_after_unit (const char *folded)
{
  g_autofree char *amount = NULL;
  const char *end = strchr (folded, '/');
  const char *unit, *rest;
  gsize unit_len, in_len;
  SpAmountUnit amount_unit;

  /* the amount ends where sp_concentration_parse () ends it */
  if (end == NULL)
    end = sp_quantity_find_in_word (folded, &in_len);
  if (end == NULL)
    return NULL;
  amount = g_strstrip (g_strndup (folded, (gsize) (end - folded)));
  unit = sp_quantity_find_unit_start (amount);
  if (unit == NULL)
    return NULL;
  unit_len = strcspn (unit, " \t");
  rest = unit + unit_len;
  rest += strspn (rest, " \t");
  if (*rest == '\0' || sp_quantity_contains_digit (rest) ||
      !sp_quantity_amount_unit_parse_len (unit, unit_len, &amount_unit))
    return NULL;
  return g_strdup (rest);
}

/* @error from reading a concentration of @drug that names no salt of it:
 * when a word stands after the amount's unit ("4 mg citrate/50 mL"), says
 * that it is no salt of the drug's, and which are, rather than that "mg
 * citrate" is no unit. */
static void
explain_unknown_salt (const SpDrug *drug,
                      const char   *folded,
                      const char   *field,
                      GError      **error)
{
  g_autofree char *word = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *message = NULL;

  if (error == NULL || *error == NULL ||
      !g_error_matches (*error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT) ||
      (word = find_word_after_unit (folded)) == NULL)
    return;

  quoted = sp_quantity_quote_input (word, strlen (word));
  if (drug->salts->len == 0)
    /* Translators: "Concentration: the drug library holds no salt of
     * epinephrine: "tartrate" is not accepted; type the amount of
     * epinephrine base, as the label gives it" */
    message = g_strdup_printf (_("%s: the drug library holds no salt of %s: \"%s\" is not "
                                 "accepted; type the amount of %s base, as the label gives it"),
                               field, sp_drug_get_display_name (drug), quoted,
                               sp_drug_get_display_name (drug));
  else
    {
      g_autoptr(GString) salts = g_string_new (NULL);

      for (guint i = 0; i < drug->salts->len; i++)
        {
          const SpDrugSalt *salt = g_ptr_array_index (drug->salts, i);

          if (salts->len > 0)
            g_string_append (salts, ", ");
          g_string_append (salts, salt->short_name);
        }
      /* Translators: "Concentration: "citrate" is not a salt of
       * norepinephrine in the drug library; accepted: tartrate, or the
       * amount of norepinephrine base" */
      message = g_strdup_printf (_("%s: \"%s\" is not a salt of %s in the drug library; "
                                   "accepted: %s, or the amount of %s base"),
                                 field, quoted, sp_drug_get_display_name (drug), salts->str,
                                 sp_drug_get_display_name (drug));
    }
  g_clear_error (error);
  g_set_error_literal (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT, message);
}

/* Removes from @folded (casefolded, modified in place) the longest of
 * @words (each casefolded) it holds as a whole word; TRUE if one was there. */
static gboolean
cut_longest_word (char               *folded,
                  const char * const *words)
{
  const char *best = NULL;
  gssize best_at = -1;

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (words[i], -1);
      gssize at = find_word (folded, word);

      if (at >= 0 && (best == NULL || strlen (words[i]) > strlen (best)))
        {
          best = words[i];
          best_at = at;
        }
    }

  if (best == NULL)
    return FALSE;

  {
    g_autofree char *word = g_utf8_casefold (best, -1);

    memset (folded + best_at, ' ', strlen (word));
  }
  return TRUE;
}

/* The bracket of "24 mg tartrate (12 mg base)/48 mL", @bracket "12 mg
 * base" (casefolded): an amount with its unit, then "base" ("de base" in
 * Spanish), no other words; it must be what @conc's salt holds (to 0.5 %,
 * the rounding ShockPath shows it with), else refused, naming both. */
static gboolean
check_base_bracket (const SpDrug          *drug,
                    const char            *text,
                    const char            *bracket,
                    const SpConcentration *conc,
                    SpNumberStyle          style,
                    const char            *field,
                    GError               **error)
{
  g_auto(GStrv) words = g_strsplit_set (bracket, " \u00a0", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  SpAmountUnit unit;
  double amount, in_conc_unit;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, words[i]);

  if (kept->len < 3 || kept->len > 4 ||
      !g_str_equal (g_ptr_array_index (kept, kept->len - 1), "base") ||
      (kept->len == 4 && !g_str_equal (g_ptr_array_index (kept, 2), "de")) ||
      !sp_number_parse (g_ptr_array_index (kept, 0), style, field, FALSE, &amount, NULL) ||
      !sp_amount_unit_parse (g_ptr_array_index (kept, 1), &unit) ||
      unit == SP_AMOUNT_UNITS || conc->amount_unit == SP_AMOUNT_UNITS)
    {
      g_autofree char *holds = sp_format_significant (conc->amount, 3, style);

      /* Translators: "Concentration: “(12 mL)” in “24 mg tartrate (12 mL)/48 mL” is not
       * the base it holds; write it as “(12 mg base)”, or leave it out" */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: “(%s)” in “%s” is not the base it holds; write it as “(%s %s base)”, "
                     "or leave it out"), field, bracket, text, holds,
                   sp_amount_unit_to_string (conc->amount_unit));
      return FALSE;
    }

  in_conc_unit = unit == conc->amount_unit ? amount
                 : unit == SP_AMOUNT_MG ? amount * 1000 : amount / 1000;
  if (fabs (in_conc_unit - conc->amount) > 0.005 * conc->amount)
    {
      g_autofree char *holds = sp_format_significant (conc->amount, 3, style);

      /* Translators: "Concentration: “24 mg tartrate (10 mg base)/48 mL”: 24 mg of
       * tartrate holds 12 mg base, not 10 mg; check the label" */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: “%s”: the salt named holds %s %s base, not what the brackets say; "
                     "check the label"), field, text, holds,
                   sp_amount_unit_to_string (conc->amount_unit));
      return FALSE;
    }
  return TRUE;
}

/* The strength after the volume of "24 mg tartrate (12 mg base)/48 mL
 * (250 mcg/mL as base)", @strength "250 mcg/ml as base" (casefolded): the
 * base's per mL (sp_concentration_check_strength ()), the words after
 * "/ml" left out. */
static gboolean
check_base_strength (const char            *text,
                     const char            *strength,
                     const SpConcentration *conc,
                     SpNumberStyle          style,
                     const char            *field,
                     GError               **error)
{
  const char *per_ml = strstr (strength, "/ml");
  g_autofree char *given_text = per_ml != NULL ? g_strndup (strength, (gsize) (per_ml - strength) + 3)
                                               : g_strdup (strength);

  return sp_concentration_check_strength (conc, given_text, text, text, style, field, error);
}

gboolean
sp_drug_parse_concentration (const SpDrug     *drug,
                             const char       *text,
                             SpNumberStyle     style,
                             const char       *field,
                             SpConcentration  *out_conc,
                             GError          **error)
{
  g_autofree char *folded = NULL;
  g_autofree char *bracket = NULL;
  g_autofree char *strength = NULL;
  const SpDrugSalt *salt = NULL;
  char *open, *close;
  static const char * const base_words[] = { "base", NULL };
  gboolean named_anything = FALSE;
  SpConcentration conc;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_conc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = _("Concentration");
  if (!g_utf8_validate (text, -1, NULL))
    return sp_concentration_parse (text, style, field, out_conc, error);

  /* The words a pharmacist may write around the numbers: a salt of the
   * drug ("tartrate", "norepinephrine tartrate"), "base", the drug's own
   * names. Only when one is there is the text read without it. */
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < drug->salts->len && salt == NULL; i++)
    {
      const SpDrugSalt *candidate = g_ptr_array_index (drug->salts, i);

      if (cut_longest_word (folded, (const char * const *) candidate->synonyms))
        salt = candidate;
    }
  if (salt == NULL)
    named_anything |= cut_longest_word (folded, base_words);
  {
    const char *names[] = { drug->id, drug->name, NULL };

    named_anything |= cut_longest_word (folded, names);
    named_anything |= cut_longest_word (folded, (const char * const *) drug->synonyms);
  }

  if (salt == NULL && !named_anything)
    {
      if (sp_concentration_parse (text, style, field, out_conc, error))
        return TRUE;
      explain_unknown_salt (drug, folded, field, error);
      return FALSE;
    }

  /* "24 mg tartrate (12 mg base)/48 mL", as ShockPath shows it: the base
   * in brackets is read, then checked against what the salt holds. */
  if (salt != NULL && (open = strchr (folded, '(')) != NULL && (close = strchr (open, ')')) != NULL &&
      (strchr (close, '/') != NULL || strstr (close, " in ") != NULL))
    {
      bracket = g_strndup (open + 1, (gsize) (close - open - 1));
      memset (open, ' ', (gsize) (close - open + 1));
    }
  /* and its strength after the volume, as base: "(250 mcg/mL)", checked
   * against the base it holds, not the salt's */
  if (salt != NULL && (open = strrchr (folded, '(')) != NULL && (close = strchr (open, ')')) != NULL &&
      close[1 + strspn (close + 1, " ")] == '\0')
    {
      strength = g_strndup (open + 1, (gsize) (close - open - 1));
      memset (open, ' ', (gsize) (close - open + 1));
    }

  /* Spanish and French join the amount to the salt: "8 mg de tartrato" */
  if (salt != NULL)
    {
      static const char * const joining[] = { "de", NULL };

      while (cut_longest_word (folded, joining))
        ;
    }

  if (!sp_concentration_parse (folded, style, field, &conc, error))
    {
      if (salt == NULL)
        explain_unknown_salt (drug, folded, field, error);
      return FALSE;
    }

  if (salt != NULL)
    {
      g_strlcpy (conc.salt, salt->id, sizeof conc.salt);
      conc.salt_amount = conc.amount;
      conc.amount = conc.amount * salt->base_per_salt;
    }
  if (bracket != NULL && !check_base_bracket (drug, text, bracket, &conc, style, field, error))
    return FALSE;
  if (strength != NULL && !check_base_strength (text, strength, &conc, style, field, error))
    return FALSE;

  *out_conc = conc;
  return TRUE;
}

/* The short name of @conc's salt ("tartrate"), or NULL for a base amount. */
static const char *
salt_short_name (const SpDrug          *drug,
                 const SpConcentration *conc)
{
  const SpDrugSalt *salt = sp_drug_find_salt (drug, conc->salt);

  return salt != NULL ? sp_drug_salt_get_short_name (salt) : NULL;
}

char *
sp_drug_format_concentration (const SpDrug          *drug,
                              const SpConcentration *conc,
                              SpNumberStyle          style)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);

  return sp_format_concentration_salt (conc, salt_short_name (drug, conc), style);
}

char *
sp_drug_format_concentration_with_strength (const SpDrug          *drug,
                                            const SpConcentration *conc,
                                            SpNumberStyle          style)
{
  g_autofree char *text = NULL;
  g_autofree char *per_ml = NULL;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);

  text = sp_drug_format_concentration (drug, conc, style);
  if (conc->per_ml_form)
    return g_steal_pointer (&text);
  per_ml = sp_format_as_base_if (sp_format_concentration_per_ml (conc, style),
                                 conc->salt[0] != '\0');
  return g_strdup_printf ("%s (%s)", text, per_ml);
}

char *
sp_drug_format_concentration_in_bag (const SpDrug          *drug,
                                     const SpConcentration *conc,
                                     SpNumberStyle          style)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (conc != NULL, NULL);

  return sp_format_concentration_in_bag_salt (conc, salt_short_name (drug, conc), style);
}

gboolean
sp_drug_find_dose_unit (const SpDrug  *drug,
                        const char    *text,
                        SpDoseUnit    *out_unit,
                        GError       **error)
{
  SpDoseUnit unit;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sp_dose_unit_parse (text, &unit) || sp_drug_find_dose_limits (drug, unit) == NULL)
    {
      set_unit_refused_error (drug, text, error);
      return FALSE;
    }

  if (out_unit != NULL)
    *out_unit = unit;
  return TRUE;
}

/* --- SpDrugLibrary --------------------------------------------------------- */

static void
sp_drug_library_finalize (GObject *object)
{
  SpDrugLibrary *self = (SpDrugLibrary *) object;

  if (self->root != NULL)
    {
      /* A view: the root forgets it, then lets go. */
      for (guint i = 0; i < self->root->views->len; i++)
        if (g_ptr_array_index (self->root->views, i) == self)
          g_ptr_array_index (self->root->views, i) = NULL;
      g_clear_object (&self->root);
    }

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->reference_ids, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_hash_table_unref);
  g_clear_pointer (&self->diluent_ids, g_ptr_array_unref);
  g_clear_pointer (&self->diluents, g_hash_table_unref);

  G_OBJECT_CLASS (sp_drug_library_parent_class)->finalize (object);
}

static void
sp_drug_library_class_init (SpDrugLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_drug_library_finalize;
}

static void
sp_drug_library_init (SpDrugLibrary *self)
{
  static guint64 last_serial = 0;
  G_LOCK_DEFINE_STATIC (last_serial);

  G_LOCK (last_serial);
  self->serial = ++last_serial;
  G_UNLOCK (last_serial);
}

SpDrugLibrary *
sp_drug_library_new_root (void)
{
  SpDrugLibrary *self = g_object_new (SP_TYPE_DRUG_LIBRARY, NULL);

  self->profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_drug_profile_free);
  self->views = g_ptr_array_new ();
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->reference_ids = g_ptr_array_new ();
  g_ptr_array_add (self->reference_ids, NULL);
  self->diluents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->diluent_ids = g_ptr_array_new ();
  g_ptr_array_add (self->diluent_ids, NULL);
  return self;
}

char *
sp_drug_library_lookup_key (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *normalized = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  normalized = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT);
  if (normalized == NULL || *normalized == '\0')
    return NULL;
  return g_utf8_casefold (normalized, -1);
}

/* sp_drug_library_FUNCTION (): what the file says once for all its
 * profiles, the same through every view. */
#define ROOT_GETTER(rtype, function, member, fallback)          \
  rtype                                                         \
  sp_drug_library_##function (SpDrugLibrary *self)              \
  {                                                             \
    g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), fallback); \
    return ROOT (self)->member;                                 \
  }

ROOT_GETTER (const char *, get_name, name, NULL)
ROOT_GETTER (const char *, get_version, version, NULL)
ROOT_GETTER (const char *, get_source, source, NULL)
ROOT_GETTER (const char *, get_description, description, NULL)
ROOT_GETTER (gboolean, is_default, is_default, FALSE)

#undef ROOT_GETTER

char *
sp_drug_library_describe (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  /* Translators: "ShockPath default drug library, version 2.0, profile
   * “Adult ICU - 250 mL bags (ASHP S4S)”" */
  return g_strdup_printf (_("%s, version %s, profile \u201c%s\u201d"),
                          sp_drug_library_get_name (self), sp_drug_library_get_version (self),
                          self->profile->name);
}

const SpDrugProfile *
sp_drug_library_get_profile (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return self->profile;
}

const SpDrugProfile *
sp_drug_library_get_default_profile (SpDrugLibrary *self)
{
  SpDrugLibrary *root;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  root = ROOT (self);
  return g_ptr_array_index (root->profiles, root->default_profile);
}

guint
sp_drug_library_get_n_profiles (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), 0);
  return ROOT (self)->profiles->len;
}

const SpDrugProfile *
sp_drug_library_get_nth_profile (SpDrugLibrary *self,
                                 guint          index)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (index < ROOT (self)->profiles->len, NULL);
  return g_ptr_array_index (ROOT (self)->profiles, index);
}

/* "us-icu-bags, eu-icu-syringes, peripheral" */
static char *
format_profile_ids (SpDrugLibrary *root)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < root->profiles->len; i++)
    {
      const SpDrugProfile *profile = g_ptr_array_index (root->profiles, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, profile->id);
    }
  return g_strdup (out->str);
}

SpDrugLibrary *
sp_drug_library_for_profile (SpDrugLibrary *self,
                             const char    *id,
                             GError       **error)
{
  SpDrugLibrary *root;
  SpDrugLibrary *view;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = ROOT (self);
  for (guint i = 0; i < root->profiles->len; i++)
    {
      SpDrugProfile *profile = g_ptr_array_index (root->profiles, i);

      if (id != NULL && g_strcmp0 (profile->id, id) != 0)
        continue;
      if (id == NULL && i != root->default_profile)
        continue;

      if (i == root->default_profile)
        return g_object_ref (root);

      view = g_ptr_array_index (root->views, i);
      if (view != NULL)
        return g_object_ref (view);

      view = g_object_new (SP_TYPE_DRUG_LIBRARY, NULL);
      view->root = g_object_ref (root);
      view->profile = profile;
      g_ptr_array_index (root->views, i) = view;
      return view;
    }

  {
    g_autofree char *known = format_profile_ids (root);

    g_set_error (error, SP_DRUG_LIBRARY_ERROR, SP_DRUG_LIBRARY_ERROR_UNKNOWN_PROFILE,
                 /* Translators: "The drug library “ShockPath default drug library” has
                  * no profile “icu”; its profiles: us-icu-bags, eu-icu-syringes" */
                 _("The drug library \u201c%s\u201d has no profile \u201c%s\u201d; its "
                   "profiles: %s"),
                 root->name != NULL ? root->name : root->source, id, known);
  }
  return NULL;
}

guint
sp_drug_library_get_n_drugs (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), 0);
  return self->profile->drugs->len;
}

const SpDrug *
sp_drug_library_get_drug (SpDrugLibrary *self,
                          guint          index)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (index < self->profile->drugs->len, NULL);
  return g_ptr_array_index (self->profile->drugs, index);
}

static gboolean
is_plain_key (const char *text)
{
  if (text == NULL || *text == '\0' || *text == ' ')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c >= 0x80 || g_ascii_isupper (*c) || g_ascii_isspace (*c))
      return FALSE;
  return TRUE;
}

const SpDrug *
sp_drug_library_lookup_in_profile (SpDrugLibrary       *self,
                                   const SpDrugProfile *profile,
                                   const char          *id_or_synonym)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  /* The engine looks drugs up by id many times per evaluation: a key that
   * is already what normalising and casefolding would make of it (ASCII,
   * lower case, no surrounding space) is looked up as it is. */
  if (is_plain_key (id_or_synonym))
    return g_hash_table_lookup (profile->lookup, id_or_synonym);

  key = sp_drug_library_lookup_key (id_or_synonym);
  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (profile->lookup, key);
}

guint64
sp_drug_library_get_serial (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), 0);
  return self->serial;
}

const SpDrug *
sp_drug_library_lookup (SpDrugLibrary *self,
                        const char    *id_or_synonym)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return sp_drug_library_lookup_in_profile (self, self->profile, id_or_synonym);
}

/* The amount a label shows: the salt's where the label names one. */
static double
label_amount (const SpConcentration *conc)
{
  return conc->salt[0] != '\0' ? conc->salt_amount : conc->amount;
}

/* Two labels that read the same but for the drug's name: the same amount
 * in the same unit, in the same volume. */
static gboolean
labels_alike (const SpConcentration *a,
              const SpConcentration *b)
{
  return !a->per_ml_form && !b->per_ml_form &&
         a->amount_unit == b->amount_unit &&
         fabs (label_amount (a) - label_amount (b)) <= 1e-9 * fabs (label_amount (a)) &&
         fabs (a->volume_ml - b->volume_ml) <= 1e-9 * fabs (a->volume_ml);
}

const SpDrug *
sp_drug_library_find_look_alike (SpDrugLibrary                  *self,
                                 const SpDrug                   *drug,
                                 const SpConcentration          *conc,
                                 const SpStandardConcentration **out_standard)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (drug != NULL && conc != NULL, NULL);

  for (guint i = 0; i < sp_drug_library_get_n_drugs (self); i++)
    {
      const SpDrug *other = sp_drug_library_get_drug (self, i);

      if (g_strcmp0 (sp_drug_get_id (other), sp_drug_get_id (drug)) == 0)
        continue;
      for (guint j = 0; j < sp_drug_get_n_concentrations (other); j++)
        {
          const SpStandardConcentration *standard = sp_drug_get_concentration (other, j);

          if (labels_alike (conc, &standard->conc))
            {
              if (out_standard != NULL)
                *out_standard = standard;
              return other;
            }
        }
    }
  return NULL;
}

char *
sp_drug_library_describe_look_alike (SpDrugLibrary         *self,
                                     const SpDrug          *drug,
                                     const SpConcentration *conc,
                                     SpNumberStyle          style)
{
  const SpStandardConcentration *standard = NULL;
  const SpDrug *other = sp_drug_library_find_look_alike (self, drug, conc, &standard);
  g_autofree char *text = NULL;

  if (other == NULL)
    return NULL;
  text = sp_drug_format_concentration (other, &standard->conc, style);
  /* Translators: "EPINEPHrine 5 mg/50 mL is a standard of this profile too:
   * the two labels differ only in the drug's name; check it" */
  return g_strdup_printf (_("%s %s is a standard of this profile too: the two labels differ "
                            "only in the drug\u2019s name; check it"),
                          sp_drug_get_display_name (other), text);
}

static guint
drug_index (SpDrugLibrary *self,
            const SpDrug  *drug)
{
  for (guint i = 0; i < sp_drug_library_get_n_drugs (self); i++)
    if (sp_drug_library_get_drug (self, i) == drug)
      return i;
  return G_MAXUINT;
}

GPtrArray *
sp_drug_library_list_look_alikes (SpDrugLibrary *self,
                                  SpNumberStyle  style)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), found);

  for (guint p = 0; p < sp_drug_library_get_n_profiles (self); p++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (self, p);
      g_autoptr(SpDrugLibrary) view = sp_drug_library_for_profile (self,
                                                                   sp_drug_profile_get_id (profile),
                                                                   NULL);

      if (view == NULL)
        continue;
      for (guint i = 0; i < sp_drug_library_get_n_drugs (view); i++)
        {
          const SpDrug *drug = sp_drug_library_get_drug (view, i);

          for (guint j = 0; j < sp_drug_get_n_concentrations (drug); j++)
            {
              const SpStandardConcentration *standard = sp_drug_get_concentration (drug, j);
              const SpStandardConcentration *theirs = NULL;
              const SpDrug *other = sp_drug_library_find_look_alike (view, drug, &standard->conc,
                                                                     &theirs);
              g_autofree char *mine = NULL;
              g_autofree char *their_text = NULL;

              /* each pair once, from the drug listed first */
              if (other == NULL || drug_index (view, other) < i)
                continue;
              mine = sp_drug_format_concentration (drug, &standard->conc, style);
              their_text = sp_drug_format_concentration (other, &theirs->conc, style);
              g_ptr_array_add (found,
                               /* Translators: "eu-icu-syringes: norepinephrine 5 mg/50 mL and
                                * EPINEPHrine 5 mg/50 mL are standards alike but for the drug's
                                * name (look-alike syringes or bags)" */
                               g_strdup_printf (_("%s: %s %s and %s %s are standards alike but for "
                                                  "the drug\u2019s name (look-alike syringes or "
                                                  "bags)"),
                                                sp_drug_profile_get_id (profile),
                                                sp_drug_get_display_name (drug), mine,
                                                sp_drug_get_display_name (other), their_text));
            }
        }
    }
  return found;
}

/* @value against @shipped, both in @unit (per mL of it for a
 * concentration): when one is tenfold or more the other, a sentence (not
 * naming the profile) into @found, and the profile's id beside it in
 * @profiles (one line for the profiles that share the number). The site's
 * number as the file writes it (700.5, not 701): the reader looks for it. */
static void
check_plausible (GPtrArray     *found,
                 GHashTable    *profiles,
                 const char    *profile_id,
                 const SpDrug  *drug,
                 const char    *what,
                 double         value,
                 double         shipped,
                 const char    *unit,
                 SpNumberStyle  style)
{
  g_autofree char *value_text = NULL;
  g_autofree char *shipped_text = NULL;
  g_autofree char *factor_text = NULL;
  char *text;
  GString *ids;
  double factor;

  if (!(value > 0) || !(shipped > 0) || !isfinite (value) || !isfinite (shipped))
    return;
  factor = value / shipped;
  if (factor < SP_DRUG_LIBRARY_IMPLAUSIBLE_FACTOR && factor > 1 / SP_DRUG_LIBRARY_IMPLAUSIBLE_FACTOR)
    return;
  value_text = sp_format_decimal (value, 6, style);
  shipped_text = sp_format_decimal (shipped, 6, style);
  factor_text = sp_format_dose_number (factor >= 1 ? factor : 1 / factor, style);
  text = factor >= 1
    /* Translators: "norepinephrine hard limit 3,000,000 mcg/min is 10,000×
     * the shipped library's 300 mcg/min: check it for a misplaced decimal
     * point or zero" */
    ? g_strdup_printf (_("%s %s %s %s is %s× the shipped library’s %s %s: check it for a "
                         "misplaced decimal point or zero"),
                       sp_drug_get_display_name (drug), what, value_text, unit, factor_text,
                       shipped_text, unit)
    /* Translators: "DOBUTamine titration step 0.25 mcg/kg/min is 1/10 of the
     * shipped library's 2.5 mcg/kg/min: check it for a misplaced decimal
     * point or zero" (1/10, 1/100, ...) */
    : g_strdup_printf (_("%s %s %s %s is 1/%s of the shipped library’s %s %s: check it for a "
                         "misplaced decimal point or zero"),
                       sp_drug_get_display_name (drug), what, value_text, unit, factor_text,
                       shipped_text, unit);
  ids = g_hash_table_lookup (profiles, text);
  if (ids != NULL)
    {
      g_string_append_printf (ids, ", %s", profile_id);
      g_free (text);
      return;
    }
  g_hash_table_insert (profiles, text, g_string_new (profile_id));
  g_ptr_array_add (found, text);
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/* @theirs's limits of @unit, or of a unit of it that converts to @unit
 * without a weight (mcg/kg/h for a site's mcg/kg/min), converted; FALSE
 * when it has none. */
static gboolean
shipped_limits_in (const SpDrug *theirs,
                   SpDoseUnit    unit,
                   double       *out_soft,
                   double       *out_hard,
                   double       *out_step)
{
  const SpDoseLimits *their = sp_drug_find_dose_limits (theirs, unit);

  for (guint i = 0; their == NULL && i < sp_drug_get_n_dose_units (theirs); i++)
    {
      const SpDoseLimits *candidate = sp_drug_get_dose_limits (theirs, i);
      double converted;

      if (candidate->unit.per_kg == unit.per_kg && !candidate->derived &&
          sp_dose_convert (1, candidate->unit, unit, NAN, &converted, NULL))
        their = candidate;
    }
  if (their == NULL)
    return FALSE;
  if (!sp_dose_convert (their->soft_max, their->unit, unit, NAN, out_soft, NULL))
    *out_soft = NAN;
  if (!sp_dose_convert (their->hard_max, their->unit, unit, NAN, out_hard, NULL))
    *out_hard = NAN;
  /* a step is the file's own in every unit (not converted) */
  *out_step = sp_dose_unit_equal (their->unit, unit) ? their->titration_step : NAN;
  return TRUE;
}

GPtrArray *
sp_drug_library_list_implausible (SpDrugLibrary *self,
                                  SpDrugLibrary *reference,
                                  SpNumberStyle  style)
{
  GPtrArray *found;
  g_autoptr(GHashTable) profiles = NULL;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), g_ptr_array_new_with_free_func (g_free));
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (reference), g_ptr_array_new_with_free_func (g_free));

  /* sentence -> the ids of the profiles it holds in */
  found = g_ptr_array_new ();
  profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    string_free);
  for (guint p = 0; p < sp_drug_library_get_n_profiles (self); p++)
    {
      const char *id = sp_drug_profile_get_id (sp_drug_library_get_nth_profile (self, p));
      g_autoptr(SpDrugLibrary) view = sp_drug_library_for_profile (self, id, NULL);
      g_autoptr(SpDrugLibrary) shipped = sp_drug_library_for_profile (reference, id, NULL);
      /* concentrations differ twentyfold between care areas (4 mcg/mL bags,
       * 80 mcg/mL syringes): compared only within the same profile */
      gboolean same_profile = shipped != NULL;

      if (shipped == NULL)
        shipped = sp_drug_library_for_profile (reference, NULL, NULL);
      if (view == NULL || shipped == NULL)
        continue;
      for (guint i = 0; i < sp_drug_library_get_n_drugs (view); i++)
        {
          const SpDrug *drug = sp_drug_library_get_drug (view, i);
          const SpDrug *theirs = sp_drug_library_lookup (shipped, sp_drug_get_id (drug));
          SpAmountUnit amount = sp_drug_get_amount_unit (drug);
          double min = NAN, max = NAN, their_min = NAN, their_max = NAN, factor = 1;
          g_autofree char *per_ml = NULL;

          if (theirs == NULL)
            continue;
          for (guint u = 0; u < sp_drug_get_n_dose_units (drug); u++)
            {
              const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, u);
              const char *unit = sp_dose_unit_get_label (limits->unit);
              double soft, hard, step;

              if (!shipped_limits_in (theirs, limits->unit, &soft, &hard, &step))
                continue;
              /* a unit's limits converted from another's are checked there;
               * its step is its own */
              if (!limits->derived)
                {
                  check_plausible (found, profiles, id, drug, _("soft limit"), limits->soft_max,
                                   soft, unit, style);
                  check_plausible (found, profiles, id, drug, _("hard limit"), limits->hard_max,
                                   hard, unit, style);
                }
              check_plausible (found, profiles, id, drug, _("titration step"),
                               limits->titration_step, step, unit, style);
            }
          /* the shipped limits in the site's amount unit (64 mcg/mL is
           * 0.064 mg/mL) */
          if (!same_profile ||
              !sp_amount_unit_factor (sp_drug_get_amount_unit (theirs), amount, &factor))
            continue;
          sp_drug_get_concentration_limits (drug, &min, &max);
          sp_drug_get_concentration_limits (theirs, &their_min, &their_max);
          /* Translators: a strength's unit, "mcg/mL" */
          per_ml = g_strdup_printf (_("%s/mL"), sp_amount_unit_get_label (amount));
          check_plausible (found, profiles, id, drug, _("lowest typed concentration"), min,
                           their_min * factor, per_ml, style);
          check_plausible (found, profiles, id, drug, _("highest typed concentration"), max,
                           their_max * factor, per_ml, style);
        }
    }

  /* each with the profiles it holds in: "us-icu-bags, peripheral: …" */
  for (guint i = 0; i < found->len; i++)
    {
      const char *text = g_ptr_array_index (found, i);
      GString *ids = g_hash_table_lookup (profiles, text);

      /* Translators: a label and its text ("Soft limit: …"); French puts a space before the colon */
      found->pdata[i] = g_strdup_printf (_("%s: %s"), ids->str, text);
    }
  g_ptr_array_set_free_func (found, g_free);
  return found;
}

char *
sp_drug_library_describe_unknown (SpDrugLibrary *self,
                                  const char    *name)
{
  g_autofree char *known = NULL;
  g_autoptr(GString) elsewhere = g_string_new (NULL);

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < sp_drug_library_get_n_profiles (self); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (self, i);

      if (profile != self->profile && sp_drug_library_lookup_in_profile (self, profile, name))
        g_string_append_printf (elsewhere, "%s%s", elsewhere->len > 0 ? ", " : "",
                                sp_drug_profile_get_id (profile));
    }
  if (elsewhere->len > 0)
    /* Translators: "“epinephrine” is not in the profile “Peripheral line”
     * (peripheral); profiles that have it: us-icu-bags, eu-icu-syringes" */
    return g_strdup_printf (_("“%s” is not in the profile “%s” (%s); profiles that have it: %s"),
                            name, sp_drug_profile_get_name (self->profile),
                            sp_drug_profile_get_id (self->profile), elsewhere->str);

  known = sp_drug_library_format_drug_ids (self);
  /* Translators: "unknown drug “foo”; the drug library has: norepinephrine, dobutamine …" */
  return g_strdup_printf (_("unknown drug “%s”; the drug library has: %s"), name, known);
}

char *
sp_drug_library_format_drug_ids (SpDrugLibrary *self)
{
  GString *ids;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  ids = g_string_new (NULL);
  for (guint i = 0; i < sp_drug_library_get_n_drugs (self); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                            sp_drug_get_id (sp_drug_library_get_drug (self, i)));
  return g_string_free (ids, FALSE);
}

/* sp_drug_library_get_WORD () and sp_drug_library_get_WORD_ids (): one of
 * the file's vocabularies (references, diluents), the text of an id and
 * the ids in file order. */
#define VOCABULARY_GETTERS(word, table, ids)                                   \
  const char *                                                                 \
  sp_drug_library_get_##word (SpDrugLibrary *self,                             \
                              const char    *id)                               \
  {                                                                            \
    g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);                    \
    return id != NULL ? g_hash_table_lookup (ROOT (self)->table, id) : NULL;   \
  }                                                                            \
                                                                               \
  const char * const *                                                         \
  sp_drug_library_get_##word##_ids (SpDrugLibrary *self)                       \
  {                                                                            \
    g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), sp_drug_no_strings);      \
    return (const char * const *) ROOT (self)->ids->pdata;                     \
  }

VOCABULARY_GETTERS (reference, references, reference_ids)
VOCABULARY_GETTERS (diluent, diluents, diluent_ids)

#undef VOCABULARY_GETTERS

/* @text, a dose, with @value in @unit beside it: the same dose in the unit
 * a limit is stated in, converted with @weight_kg (NAN: none was needed).
 * "150 mcg/min (3 mcg/kg/min at 50 kg)", "18 mg/h (300 mcg/min)". */
static char *
format_with_converted (const char    *text,
                       double         value,
                       SpDoseUnit     unit,
                       double         weight_kg,
                       int            digits,
                       SpNumberStyle  style)
{
  g_autofree char *converted = sp_format_dose (value, unit, digits, style);

  if (isfinite (weight_kg))
    {
      g_autofree char *weight = sp_format_weight_number (weight_kg, style);

      /* Translators: "150 mcg/min (3 mcg/kg/min at 50 kg)" */
      return g_strdup_printf (_("%s (%s at %s kg)"), text, converted, weight);
    }
  /* Translators: "18 mg/h (300 mcg/min)" */
  return g_strdup_printf (_("%s (%s)"), text, converted);
}

/* The significant figures @check's dose needs beside its limit. */
static int
digits_beside_limit (const SpLimitCheck *check)
{
  if (!isfinite (check->dose_in_limit_unit) || !isfinite (check->limit))
    return 3;
  return sp_format_digits_apart (check->dose_in_limit_unit, check->limit);
}

char *
sp_limit_check_format_dose (const SpLimitCheck *check,
                            double              dose,
                            SpDoseUnit          unit,
                            SpNumberStyle       style)
{
  g_return_val_if_fail (check != NULL, NULL);

  return sp_format_dose (dose, unit, digits_beside_limit (check), style);
}

char *
sp_limit_check_format_limit (const SpLimitCheck *check,
                             SpDoseUnit          unit,
                             SpNumberStyle       style)
{
  g_autofree char *in_unit = NULL;

  g_return_val_if_fail (check != NULL, NULL);

  in_unit = sp_format_dose (check->limit_in_dose_unit, unit, 0, style);
  if (sp_dose_unit_equal (unit, check->limit_unit))
    return g_steal_pointer (&in_unit);
  return format_with_converted (in_unit, check->limit, check->limit_unit, check->weight_kg, 0,
                                style);
}

char *
sp_drug_describe_limit (const SpDrug       *drug,
                        double              dose,
                        SpDoseUnit          unit,
                        const SpLimitCheck *check,
                        SpNumberStyle       style)
{
  g_autofree char *dose_text = NULL;
  g_autofree char *limit_text = NULL;

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (check != NULL, NULL);

  if (check->state == SP_LIMIT_OK)
    return NULL;

  dose_text = sp_limit_check_format_dose (check, dose, unit, style);
  limit_text = sp_format_dose (check->limit, check->limit_unit, 0, style);

  /* A limit stated in another unit: the dose in that unit beside it,
   * with the weight the conversion used. */
  if (!sp_dose_unit_equal (unit, check->limit_unit))
    {
      char *with = format_with_converted (dose_text, check->dose_in_limit_unit,
                                          check->limit_unit, check->weight_kg,
                                          digits_beside_limit (check), style);

      g_free (dose_text);
      dose_text = with;
    }

  if (check->state == SP_LIMIT_HARD)
    /* Translators: "NORepinephrine 4 mcg/kg/min is above the hard limit of 3 mcg/kg/min ..." */
    return g_strdup_printf (_("%s %s is above the hard limit of %s in the drug library: "
                              "this dose is refused; check the dose and its unit."),
                            sp_drug_get_display_name (drug), dose_text, limit_text);

  return g_strdup_printf (_("%s %s is above the soft limit of %s in the drug library: "
                            "confirm the dose."),
                          sp_drug_get_display_name (drug), dose_text, limit_text);
}
