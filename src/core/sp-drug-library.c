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

#include "sp-drug-library-private.h"

/* Two numbers from the same file compare equal when they are within this
 * relative distance: a dose computed back from a rate (1.0000000000000002)
 * is not above a limit of 1. Far below anything clinically meaningful. */
#define RELATIVE_EPSILON 1e-9

const char * const sp_drug_no_strings[] = { NULL };

G_DEFINE_FINAL_TYPE (SpDrugLibrary, sp_drug_library, G_TYPE_OBJECT)

/* @vector, or an empty vector for NULL. */
static const char * const *
or_no_strings (GStrv vector)
{
  return vector != NULL ? (const char * const *) vector : sp_drug_no_strings;
}

/* --- SpDrug ---------------------------------------------------------------- */

SpDrug *
sp_drug_new (void)
{
  SpDrug *drug = g_new0 (SpDrug, 1);

  drug->dose_limits = g_array_new (FALSE, TRUE, sizeof (SpDoseLimits));
  drug->concentrations = g_array_new (FALSE, TRUE, sizeof (SpStandardConcentration));
  drug->notes = g_array_new (FALSE, TRUE, sizeof (SpDrugNote));
  drug->strings = g_ptr_array_new_with_free_func (g_free);
  drug->vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  drug->conc_min_per_ml = NAN;
  drug->conc_max_per_ml = NAN;
  drug->rate_decimals = 1;
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
  g_ptr_array_unref (drug->strings);
  g_ptr_array_unref (drug->vectors);
  g_free (drug);
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

const char *
sp_drug_get_id (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return drug->id;
}

const char *
sp_drug_get_name (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return drug->name;
}

const char *
sp_drug_get_display_name (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return drug->display_name != NULL ? drug->display_name : drug->name;
}

const char * const *
sp_drug_get_display_name_cites (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, sp_drug_no_strings);
  return or_no_strings (drug->display_name_cites);
}

const char * const *
sp_drug_get_synonyms (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, sp_drug_no_strings);
  return or_no_strings (drug->synonyms);
}

const char *
sp_drug_get_amount_basis (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return drug->amount_basis;
}

guint
sp_drug_get_n_dose_units (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, 0);
  return drug->dose_limits->len;
}

const SpDoseLimits *
sp_drug_get_dose_limits (const SpDrug *drug,
                         guint         index)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (index < drug->dose_limits->len, NULL);
  return &g_array_index (drug->dose_limits, SpDoseLimits, index);
}

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

guint
sp_drug_get_n_concentrations (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, 0);
  return drug->concentrations->len;
}

const SpStandardConcentration *
sp_drug_get_concentration (const SpDrug *drug,
                           guint         index)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (index < drug->concentrations->len, NULL);
  return &g_array_index (drug->concentrations, SpStandardConcentration, index);
}

const SpStandardConcentration *
sp_drug_get_default_concentration (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, NULL);
  return &g_array_index (drug->concentrations, SpStandardConcentration,
                         drug->default_concentration);
}

SpAmountUnit
sp_drug_get_amount_unit (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, SP_AMOUNT_MCG);
  return drug->amount_unit;
}

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

const char * const *
sp_drug_get_concentration_limits_cites (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, sp_drug_no_strings);
  return or_no_strings (drug->conc_limit_cites);
}

int
sp_drug_get_rate_decimals (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, 1);
  return drug->rate_decimals;
}

const char * const *
sp_drug_get_rate_decimals_cites (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, sp_drug_no_strings);
  return or_no_strings (drug->rate_cites);
}

guint
sp_drug_get_n_notes (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, 0);
  return drug->notes->len;
}

const SpDrugNote *
sp_drug_get_note (const SpDrug *drug,
                  guint         index)
{
  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (index < drug->notes->len, NULL);
  return &g_array_index (drug->notes, SpDrugNote, index);
}

gboolean
sp_drug_is_above (double value,
                  double limit)
{
  if (isnan (limit))
    return FALSE;
  return value > limit + fabs (limit) * RELATIVE_EPSILON;
}

/* "mcg/kg/min, mcg/min" */
static char *
format_accepted_units (const SpDrug *drug)
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

gboolean
sp_drug_check_dose (const SpDrug *drug,
                    double        dose,
                    SpDoseUnit    unit,
                    SpLimitState *out_state,
                    double       *out_limit,
                    GError      **error)
{
  const SpDoseLimits *limits;
  SpLimitState state = SP_LIMIT_OK;
  double limit = NAN;

  g_return_val_if_fail (drug != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  limits = sp_drug_find_dose_limits (drug, unit);
  if (limits == NULL)
    {
      g_autofree char *accepted = format_accepted_units (drug);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   /* Translators: "Dose unit mcg/kg/min is not accepted for
                    * vasopressin (accepted: units/min)" */
                   _("Dose unit %s is not accepted for %s (accepted: %s)"),
                   sp_dose_unit_get_label (unit), sp_drug_get_display_name (drug), accepted);
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

  if (sp_drug_is_above (dose, limits->hard_max))
    {
      state = SP_LIMIT_HARD;
      limit = limits->hard_max;
    }
  else if (sp_drug_is_above (dose, limits->soft_max))
    {
      state = SP_LIMIT_SOFT;
      limit = limits->soft_max;
    }

  if (out_state != NULL)
    *out_state = state;
  if (out_limit != NULL)
    *out_limit = limit;
  return TRUE;
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
      g_autofree char *typed = sp_format_concentration (conc, SP_NUMBER_LOCALE);
      g_autofree char *strength = sp_format_significant (per_ml, 4, SP_NUMBER_LOCALE);
      g_autofree char *min = sp_format_decimal (drug->conc_min_per_ml, 6, SP_NUMBER_LOCALE);
      g_autofree char *max = sp_format_decimal (drug->conc_max_per_ml, 6, SP_NUMBER_LOCALE);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   /* Translators: "Concentration: 32 mg/250 mL is 128 mcg/mL,
                    * outside the range accepted for norepinephrine: 4 mcg/mL to
                    * 64 mcg/mL" */
                   _("%s: %s is %s %s/mL, outside the range accepted for %s: "
                     "%s %s/mL to %s %s/mL"),
                   field, typed, strength, unit, sp_drug_get_display_name (drug),
                   min, unit, max, unit);
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

  g_return_val_if_fail (drug != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sp_concentration_parse (text, SP_NUMBER_C, _("Concentration"), &conc, error))
    return NULL;

  for (guint i = 0; i < drug->concentrations->len; i++)
    {
      const SpStandardConcentration *std =
        &g_array_index (drug->concentrations, SpStandardConcentration, i);

      if (sp_concentration_equal (&std->conc, &conc))
        return std;
    }

  accepted = format_standard_concentrations (drug);
  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
               /* Translators: "8 mg/250 mL is not a standard concentration of
                * NORepinephrine in the drug library (standard: 4 mg/250 mL,
                * 16 mg/250 mL)" */
               _("%s is not a standard concentration of %s in the drug library "
                 "(standard: %s)"),
               text, sp_drug_get_display_name (drug), accepted);
  return NULL;
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
      g_autofree char *accepted = format_accepted_units (drug);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("Dose unit %s is not accepted for %s (accepted: %s)"),
                   text, sp_drug_get_display_name (drug), accepted);
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

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->lookup, g_hash_table_unref);
  g_clear_pointer (&self->drugs, g_ptr_array_unref);
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
  self->drugs = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_drug_free);
  self->lookup = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->reference_ids = g_ptr_array_new ();
  g_ptr_array_add (self->reference_ids, NULL);
  self->diluents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->diluent_ids = g_ptr_array_new ();
  g_ptr_array_add (self->diluent_ids, NULL);
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


const char *
sp_drug_library_get_name (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return self->name;
}

const char *
sp_drug_library_get_version (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return self->version;
}

const char *
sp_drug_library_get_source (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return self->source;
}

const char *
sp_drug_library_get_description (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  return self->description;
}

gboolean
sp_drug_library_is_default (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), FALSE);
  return self->is_default;
}

guint
sp_drug_library_get_n_drugs (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), 0);
  return self->drugs->len;
}

const SpDrug *
sp_drug_library_get_drug (SpDrugLibrary *self,
                          guint          index)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);
  g_return_val_if_fail (index < self->drugs->len, NULL);
  return g_ptr_array_index (self->drugs, index);
}

const SpDrug *
sp_drug_library_lookup (SpDrugLibrary *self,
                        const char    *id_or_synonym)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  key = sp_drug_library_lookup_key (id_or_synonym);
  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->lookup, key);
}

const char *
sp_drug_library_get_reference (SpDrugLibrary *self,
                               const char    *id)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->references, id);
}

const char * const *
sp_drug_library_get_reference_ids (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), sp_drug_no_strings);
  return (const char * const *) self->reference_ids->pdata;
}

const char *
sp_drug_library_get_diluent (SpDrugLibrary *self,
                             const char    *id)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->diluents, id);
}

const char * const *
sp_drug_library_get_diluent_ids (SpDrugLibrary *self)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), sp_drug_no_strings);
  return (const char * const *) self->diluent_ids->pdata;
}

char *
sp_drug_describe_limit (const SpDrug *drug,
                        double        dose,
                        SpDoseUnit    unit,
                        SpLimitState  state,
                        double        limit,
                        SpNumberStyle style)
{
  g_autofree char *dose_text = NULL;
  g_autofree char *limit_text = NULL;

  g_return_val_if_fail (drug != NULL, NULL);

  if (state == SP_LIMIT_OK)
    return NULL;

  dose_text = sp_format_dose (dose, unit, 0, style);
  limit_text = sp_format_dose (limit, unit, 0, style);

  if (state == SP_LIMIT_HARD)
    /* Translators: "NORepinephrine 4 mcg/kg/min is above the hard limit of 3 mcg/kg/min ..." */
    return g_strdup_printf (_("%s %s is above the hard limit of %s in the drug library: "
                              "this dose is refused; check the dose and its unit."),
                            sp_drug_get_display_name (drug), dose_text, limit_text);

  return g_strdup_printf (_("%s %s is above the soft limit of %s in the drug library: "
                            "confirm the dose."),
                          sp_drug_get_display_name (drug), dose_text, limit_text);
}
