/* sp-drug-library.c: the drug library (data/drugs.xml or a pharmacy's own file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A drug library is read whole or not at all: the file is parsed safely
 * (sp-xml), its format version checked, validated against drugs.rng, and
 * then every check a schema cannot make is made here (ids unique, cites
 * known, limits ordered, one default concentration, concentrations within
 * the concentration limits). The first problem refuses the file with
 * "file:line: problem"; nothing of a half-read library is ever used.
 */
#define G_LOG_DOMAIN "sp-drug-library"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sp-drug-library.h"
#include "sp-xml.h"

#define DRUGS_RESOURCE  "/io/github/shockpath/ShockPath/core/drugs.xml"
#define FORMAT_VERSION  1

static const SpXmlFormat drugs_format = {
  "drug-library", FORMAT_VERSION, N_("drug library"),
  "/io/github/shockpath/ShockPath/core/drugs.rng"
};
#define MAX_RATE_DECIMALS 3

/* Two numbers from the same file compare equal when they are within this
 * relative distance: a dose computed back from a rate (1.0000000000000002)
 * is not above a limit of 1. Far below anything clinically meaningful. */
#define RELATIVE_EPSILON 1e-9

static const char * const no_strings[] = { NULL };

struct _SpDrug
{
  char         *id;
  char         *name;
  char         *display_name;          /* NULL: the name is shown */
  GStrv         display_name_cites;
  GStrv         synonyms;
  char         *amount_basis;
  GArray       *dose_limits;           /* SpDoseLimits */
  GArray       *concentrations;        /* SpStandardConcentration */
  guint         default_concentration;
  SpAmountUnit  amount_unit;
  double        conc_min_per_ml;
  double        conc_max_per_ml;
  GStrv         conc_limit_cites;
  int           rate_decimals;
  GStrv         rate_cites;
  GArray       *notes;                 /* SpDrugNote */
  /* What the structs in the arrays point to. */
  GPtrArray    *strings;
  GPtrArray    *vectors;
};

struct _SpDrugLibrary
{
  GObject     parent_instance;

  char       *name;
  char       *version;
  char       *source;
  char       *description;
  gboolean    is_default;
  GPtrArray  *drugs;           /* SpDrug *, owned */
  GHashTable *lookup;          /* casefolded id or synonym -> SpDrug * */
  GHashTable *references;      /* id -> text */
  GPtrArray  *reference_ids;   /* NULL-terminated, strings owned by references */
};

G_DEFINE_FINAL_TYPE (SpDrugLibrary, sp_drug_library, G_TYPE_OBJECT)

/* --- SpDrug ---------------------------------------------------------------- */

static SpDrug *
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

static void
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDrug, sp_drug_free)

/* Keeps @str (may be NULL) alive as long as @drug; returns it. */
static const char *
drug_keep_string (SpDrug *drug,
                  char   *str)
{
  if (str != NULL)
    g_ptr_array_add (drug->strings, str);
  return str;
}

static const char * const *
drug_keep_vector (SpDrug *drug,
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
  g_return_val_if_fail (drug != NULL, no_strings);
  return drug->display_name_cites ? (const char * const *) drug->display_name_cites : no_strings;
}

const char * const *
sp_drug_get_synonyms (const SpDrug *drug)
{
  g_return_val_if_fail (drug != NULL, no_strings);
  return drug->synonyms ? (const char * const *) drug->synonyms : no_strings;
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
  g_return_val_if_fail (drug != NULL, no_strings);
  return drug->conc_limit_cites ? (const char * const *) drug->conc_limit_cites : no_strings;
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
  g_return_val_if_fail (drug != NULL, no_strings);
  return drug->rate_cites ? (const char * const *) drug->rate_cites : no_strings;
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

/* TRUE if @value is above @limit by more than rounding noise. */
static gboolean
is_above (double value,
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

  if (is_above (dose, limits->hard_max))
    {
      state = SP_LIMIT_HARD;
      limit = limits->hard_max;
    }
  else if (is_above (dose, limits->soft_max))
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

  if (is_above (per_ml, drug->conc_max_per_ml) || is_above (drug->conc_min_per_ml, per_ml))
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
}

/* The key under which @text is looked up: trimmed, normalised, casefolded. */
static char *
lookup_key (const char *text)
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

/* --- loading --------------------------------------------------------------- */

static char *
format_number (double value)
{
  return sp_format_exact (value);
}

static gboolean
read_references (SpDrugLibrary  *self,
                 xmlNodePtr      root,
                 GError        **error)
{
  xmlNodePtr references = sp_xml_get_child (root, "references");

  /* The schema requires the element; be defensive anyway. */
  if (references == NULL)
    {
      sp_xml_set_content_error (error, root, _("the library has no <references>"));
      return FALSE;
    }

  /* Drop the NULL terminator while adding. */
  g_ptr_array_set_size (self->reference_ids, 0);

  SP_XML_FOREACH_ELEMENT (references, node)
    {
      g_autofree char *id = NULL;

      if (!sp_xml_is (node, "reference"))
        continue;

      id = sp_xml_get_prop (node, "id");
      if (id == NULL)
        continue;
      if (g_hash_table_contains (self->references, id))
        {
          sp_xml_set_content_error (error, node, _("duplicate reference id \"%s\""), id);
          g_ptr_array_add (self->reference_ids, NULL);
          return FALSE;
        }
      g_ptr_array_add (self->reference_ids, id);
      g_hash_table_insert (self->references, g_steal_pointer (&id),
                           sp_xml_get_localized_content (node));
    }

  g_ptr_array_add (self->reference_ids, NULL);
  return TRUE;
}

/* Reads the "cite" attribute of @node; every id must be a reference. */
static gboolean
read_cites (SpDrugLibrary  *self,
            xmlNodePtr      node,
            GStrv          *out_cites,
            GError        **error)
{
  g_auto(GStrv) cites = sp_xml_get_idrefs (node, "cite");

  for (guint i = 0; cites[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->references, cites[i]))
        {
          sp_xml_set_content_error (error, node,
                                    _("unknown reference \"%s\" in cite (not listed in "
                                      "<references>)"),
                                    cites[i]);
          return FALSE;
        }
    }

  *out_cites = g_steal_pointer (&cites);
  return TRUE;
}

static gboolean
read_dose (SpDrugLibrary  *self,
           SpDrug         *drug,
           xmlNodePtr      node,
           GError        **error)
{
  g_autofree char *unit_text = sp_xml_get_prop (node, "unit");
  SpDoseLimits limits = { 0, };
  const char *unit_name;
  xmlNodePtr usual;
  xmlNodePtr lims;
  double factor;

  limits.usual_min = NAN;
  limits.usual_max = NAN;
  limits.soft_max = NAN;
  limits.hard_max = NAN;
  limits.titration_step = NAN;
  limits.usual_cites = no_strings;
  limits.limit_cites = no_strings;

  if (unit_text == NULL || !sp_dose_unit_parse (unit_text, &limits.unit))
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": unknown dose unit \"%s\""),
                                drug->id, unit_text ? unit_text : "");
      return FALSE;
    }
  unit_name = sp_dose_unit_to_string (limits.unit);

  if (sp_drug_find_dose_limits (drug, limits.unit) != NULL)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": dose unit %s is listed twice"),
                                drug->id, unit_name);
      return FALSE;
    }
  if (!sp_amount_unit_factor (limits.unit.amount, drug->amount_unit, &factor))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": dose unit %s does not fit the amount unit "
                                  "of its concentrations (%s)"),
                                drug->id, unit_name, sp_amount_unit_to_string (drug->amount_unit));
      return FALSE;
    }

  usual = sp_xml_get_child (node, "usual");
  if (usual != NULL)
    {
      GStrv cites = NULL;

      if (!sp_xml_get_double (usual, "min", &limits.usual_min, error) ||
          !sp_xml_get_double (usual, "max", &limits.usual_max, error) ||
          !read_cites (self, usual, &cites, error))
        return FALSE;
      limits.usual_cites = drug_keep_vector (drug, cites);
      limits.usual_note = drug_keep_string (drug, sp_xml_get_localized_child (usual, "text"));
    }

  lims = sp_xml_get_child (node, "limits");
  if (lims != NULL)
    {
      GStrv cites = NULL;

      if (!sp_xml_get_double (lims, "soft-max", &limits.soft_max, error) ||
          !sp_xml_get_double (lims, "hard-max", &limits.hard_max, error) ||
          !sp_xml_get_double (lims, "titration-step", &limits.titration_step, error) ||
          !read_cites (self, lims, &cites, error))
        return FALSE;
      limits.limit_cites = drug_keep_vector (drug, cites);
    }

  /* usual-min <= usual-max <= soft-max <= hard-max, where present. */
  if (!isnan (limits.usual_min) && !isnan (limits.usual_max) &&
      limits.usual_min > limits.usual_max)
    {
      g_autofree char *a = format_number (limits.usual_min);
      g_autofree char *b = format_number (limits.usual_max);

      sp_xml_set_content_error (error, usual,
                                _("drug \"%s\", %s: the usual minimum (%s) is above the "
                                  "usual maximum (%s)"),
                                drug->id, unit_name, a, b);
      return FALSE;
    }
  if (!isnan (limits.usual_max) && !isnan (limits.soft_max) &&
      limits.usual_max > limits.soft_max)
    {
      g_autofree char *a = format_number (limits.usual_max);
      g_autofree char *b = format_number (limits.soft_max);

      sp_xml_set_content_error (error, lims,
                                _("drug \"%s\", %s: the usual maximum (%s) is above the "
                                  "soft maximum (%s)"),
                                drug->id, unit_name, a, b);
      return FALSE;
    }
  if (!isnan (limits.usual_max) && !isnan (limits.hard_max) &&
      limits.usual_max > limits.hard_max)
    {
      g_autofree char *a = format_number (limits.usual_max);
      g_autofree char *b = format_number (limits.hard_max);

      sp_xml_set_content_error (error, lims,
                                _("drug \"%s\", %s: the usual maximum (%s) is above the "
                                  "hard maximum (%s)"),
                                drug->id, unit_name, a, b);
      return FALSE;
    }
  if (!isnan (limits.soft_max) && !isnan (limits.hard_max) &&
      limits.soft_max > limits.hard_max)
    {
      g_autofree char *a = format_number (limits.soft_max);
      g_autofree char *b = format_number (limits.hard_max);

      sp_xml_set_content_error (error, lims,
                                _("drug \"%s\", %s: the soft maximum (%s) is above the "
                                  "hard maximum (%s)"),
                                drug->id, unit_name, a, b);
      return FALSE;
    }
  if (!isnan (limits.titration_step) && !isnan (limits.hard_max) &&
      limits.titration_step > limits.hard_max)
    {
      g_autofree char *a = format_number (limits.titration_step);
      g_autofree char *b = format_number (limits.hard_max);

      sp_xml_set_content_error (error, lims,
                                _("drug \"%s\", %s: the titration step (%s) is larger than "
                                  "the hard maximum (%s)"),
                                drug->id, unit_name, a, b);
      return FALSE;
    }

  g_array_append_val (drug->dose_limits, limits);
  return TRUE;
}

static gboolean
read_concentration_limits (SpDrugLibrary  *self,
                           SpDrug         *drug,
                           xmlNodePtr      node,
                           GError        **error)
{
  g_autofree char *unit = sp_xml_get_prop (node, "unit");

  if (unit == NULL || !sp_amount_unit_parse (unit, &drug->amount_unit))
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": unknown amount unit \"%s\""),
                                drug->id, unit ? unit : "");
      return FALSE;
    }

  if (!sp_xml_get_double (node, "min-per-ml", &drug->conc_min_per_ml, error) ||
      !sp_xml_get_double (node, "max-per-ml", &drug->conc_max_per_ml, error) ||
      !read_cites (self, node, &drug->conc_limit_cites, error))
    return FALSE;

  if (isnan (drug->conc_min_per_ml) || isnan (drug->conc_max_per_ml) ||
      !(drug->conc_min_per_ml > 0) || drug->conc_min_per_ml > drug->conc_max_per_ml)
    {
      g_autofree char *a = format_number (drug->conc_min_per_ml);
      g_autofree char *b = format_number (drug->conc_max_per_ml);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": the concentration limits must be above zero "
                                  "and in order (minimum %s, maximum %s per mL)"),
                                drug->id, a, b);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_concentration (SpDrugLibrary  *self,
                    SpDrug         *drug,
                    xmlNodePtr      node,
                    gboolean       *seen_default,
                    GError        **error)
{
  g_autofree char *unit = sp_xml_get_prop (node, "unit");
  g_autofree char *is_default = sp_xml_get_prop (node, "default");
  SpStandardConcentration sc = { { 0, }, };
  GStrv cites = NULL;
  double per_ml;

  sc.conc.amount = NAN;
  sc.conc.volume_ml = NAN;
  sc.conc.per_ml_form = FALSE;

  if (unit == NULL || !sp_amount_unit_parse (unit, &sc.conc.amount_unit))
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": unknown amount unit \"%s\""),
                                drug->id, unit ? unit : "");
      return FALSE;
    }
  if (!sp_xml_get_double (node, "amount", &sc.conc.amount, error) ||
      !sp_xml_get_double (node, "volume", &sc.conc.volume_ml, error) ||
      !read_cites (self, node, &cites, error))
    return FALSE;
  sc.cites = drug_keep_vector (drug, cites);

  if (!(sc.conc.amount > 0) || !(sc.conc.volume_ml > 0))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": a concentration needs an amount and a volume "
                                  "above zero"),
                                drug->id);
      return FALSE;
    }

  if (!sp_concentration_per_ml (&sc.conc, drug->amount_unit, &per_ml))
    {
      g_autofree char *text = sp_format_concentration (&sc.conc, SP_NUMBER_C);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": concentration %s cannot be converted to %s, "
                                  "the drug's amount unit"),
                                drug->id, text, sp_amount_unit_to_string (drug->amount_unit));
      return FALSE;
    }

  if (is_above (per_ml, drug->conc_max_per_ml) || is_above (drug->conc_min_per_ml, per_ml))
    {
      const char *amount_unit = sp_amount_unit_to_string (drug->amount_unit);
      g_autofree char *text = sp_format_concentration (&sc.conc, SP_NUMBER_C);
      g_autofree char *strength = format_number (per_ml);
      g_autofree char *min = format_number (drug->conc_min_per_ml);
      g_autofree char *max = format_number (drug->conc_max_per_ml);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": concentration %s (%s %s/mL) is outside the "
                                  "concentration limits (%s to %s %s/mL)"),
                                drug->id, text, strength, amount_unit, min, max, amount_unit);
      return FALSE;
    }

  sc.is_default = g_strcmp0 (is_default, "true") == 0 || g_strcmp0 (is_default, "1") == 0;
  if (sc.is_default)
    {
      if (*seen_default)
        {
          sp_xml_set_content_error (error, node,
                                    _("drug \"%s\": more than one default concentration"),
                                    drug->id);
          return FALSE;
        }
      *seen_default = TRUE;
      drug->default_concentration = drug->concentrations->len;
    }

  sc.diluent = drug_keep_string (drug, sp_xml_get_localized_child (node, "diluent"));
  sc.note = drug_keep_string (drug, sp_xml_get_localized_child (node, "remark"));

  g_array_append_val (drug->concentrations, sc);
  return TRUE;
}

static gboolean
read_concentrations (SpDrugLibrary  *self,
                     SpDrug         *drug,
                     xmlNodePtr      node,
                     GError        **error)
{
  xmlNodePtr limits = sp_xml_get_child (node, "concentration-limits");
  gboolean seen_default = FALSE;

  if (limits == NULL)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": no <concentration-limits>"),
                                drug->id);
      return FALSE;
    }
  if (!read_concentration_limits (self, drug, limits, error))
    return FALSE;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "concentration") &&
          !read_concentration (self, drug, child, &seen_default, error))
        return FALSE;
    }

  if (!seen_default)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": no default concentration (mark one with "
                                  "default=\"true\")"),
                                drug->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_rate (SpDrugLibrary  *self,
           SpDrug         *drug,
           xmlNodePtr      node,
           GError        **error)
{
  double decimals = 1;

  if (!sp_xml_get_double (node, "decimals", &decimals, error) ||
      !read_cites (self, node, &drug->rate_cites, error))
    return FALSE;

  if (decimals != floor (decimals) || decimals < 0 || decimals > MAX_RATE_DECIMALS)
    {
      g_autofree char *text = format_number (decimals);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": rate decimals must be 0 to %d, not %s"),
                                drug->id, MAX_RATE_DECIMALS, text);
      return FALSE;
    }
  drug->rate_decimals = (int) decimals;
  return TRUE;
}

static gboolean
read_note (SpDrugLibrary  *self,
           SpDrug         *drug,
           xmlNodePtr      node,
           GError        **error)
{
  SpDrugNote note = { NULL, NULL };
  GStrv cites = NULL;

  if (!read_cites (self, node, &cites, error))
    return FALSE;
  note.cites = drug_keep_vector (drug, cites);
  note.text = drug_keep_string (drug, sp_xml_get_localized_child (node, "text"));
  if (note.text == NULL)
    note.text = drug_keep_string (drug, g_strdup (""));
  g_array_append_val (drug->notes, note);
  return TRUE;
}

/* Registers @text as a name of @drug for lookups; refuses a clash. */
static gboolean
register_lookup (SpDrugLibrary  *self,
                 SpDrug         *drug,
                 xmlNodePtr      node,
                 const char     *text,
                 GError        **error)
{
  g_autofree char *key = lookup_key (text);
  SpDrug *other;

  if (key == NULL)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": empty name"), drug->id);
      return FALSE;
    }

  other = g_hash_table_lookup (self->lookup, key);
  if (other == drug)
    return TRUE;
  if (other != NULL)
    {
      g_autofree char *other_key = lookup_key (other->id);

      if (sp_xml_is (node, "drug") && g_strcmp0 (key, other_key) == 0)
        sp_xml_set_content_error (error, node, _("duplicate drug id \"%s\""), text);
      else if (sp_xml_is (node, "drug"))
        sp_xml_set_content_error (error, node,
                                  _("drug id \"%s\" is already a synonym of drug \"%s\""),
                                  text, other->id);
      else
        sp_xml_set_content_error (error, node,
                                  _("drug \"%s\": synonym \"%s\" already names drug \"%s\""),
                                  drug->id, text, other->id);
      return FALSE;
    }

  g_hash_table_insert (self->lookup, g_steal_pointer (&key), drug);
  return TRUE;
}

static gboolean
read_drug (SpDrugLibrary  *self,
           xmlNodePtr      node,
           GError        **error)
{
  g_autoptr(SpDrug) drug = sp_drug_new ();
  g_autoptr(GStrvBuilder) synonyms = g_strv_builder_new ();
  xmlNodePtr display;
  xmlNodePtr concentrations;
  xmlNodePtr rate;

  drug->id = sp_xml_get_prop (node, "id");
  if (drug->id == NULL)
    {
      sp_xml_set_content_error (error, node, _("a drug has no id"));
      return FALSE;
    }
  if (!register_lookup (self, drug, node, drug->id, error))
    return FALSE;

  drug->name = sp_xml_get_localized_child (node, "name");
  if (drug->name == NULL)
    drug->name = g_strdup (drug->id);

  /* Tall-man lettering may differ per language (DOBUTamine, DOBUTamin);
   * every variant's cites are checked, the user's language is shown. */
  display = sp_xml_get_localized_element (node, "display-name");
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_auto(GStrv) cites = NULL;

      if (!sp_xml_is (child, "display-name"))
        continue;
      if (!read_cites (self, child, &cites, error))
        return FALSE;
      if (child == display)
        {
          drug->display_name = sp_xml_get_text (child);
          drug->display_name_cites = g_steal_pointer (&cites);
        }
    }

  drug->amount_basis = sp_xml_get_localized_child (node, "amount-basis");

  /* The concentration limits fix the drug's amount unit, which the dose
   * units are checked against: read them first. */
  concentrations = sp_xml_get_child (node, "concentrations");
  if (concentrations == NULL)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": no <concentrations>"), drug->id);
      return FALSE;
    }
  if (!read_concentrations (self, drug, concentrations, error))
    return FALSE;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "dose"))
        {
          if (!read_dose (self, drug, child, error))
            return FALSE;
        }
      else if (sp_xml_is (child, "note"))
        {
          if (!read_note (self, drug, child, error))
            return FALSE;
        }
      else if (sp_xml_is (child, "synonym"))
        {
          g_autofree char *synonym = sp_xml_get_text (child);

          if (!register_lookup (self, drug, child, synonym, error))
            return FALSE;
          g_strv_builder_add (synonyms, synonym);
        }
    }
  drug->synonyms = g_strv_builder_end (synonyms);

  if (drug->dose_limits->len == 0)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": no dose unit"), drug->id);
      return FALSE;
    }

  rate = sp_xml_get_child (node, "rate");
  if (rate != NULL && !read_rate (self, drug, rate, error))
    return FALSE;

  g_ptr_array_add (self->drugs, g_steal_pointer (&drug));
  return TRUE;
}

/* Takes a parsed, validated document. */
static SpDrugLibrary *
load_document (xmlDocPtr    doc,
               const char  *source,
               GError     **error)
{
  g_autoptr(SpDrugLibrary) self = NULL;
  g_autofree char *defaults = NULL;
  xmlNodePtr root;

  self = g_object_new (SP_TYPE_DRUG_LIBRARY, NULL);
  self->source = g_strdup (source);

  root = xmlDocGetRootElement (doc);
  self->version = sp_xml_get_prop (root, "version");
  defaults = sp_xml_get_prop (root, "defaults");
  self->is_default = g_strcmp0 (defaults, "true") == 0 || g_strcmp0 (defaults, "1") == 0;
  self->name = sp_xml_get_localized_child (root, "name");
  self->description = sp_xml_get_localized_child (root, "description");

  if (!read_references (self, root, error))
    return NULL;

  SP_XML_FOREACH_ELEMENT (root, child)
    {
      if (sp_xml_is (child, "drug") && !read_drug (self, child, error))
        return NULL;
    }

  if (self->drugs->len == 0)
    {
      sp_xml_set_content_error (error, root, _("the library lists no drug"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SpDrugLibrary *
sp_drug_library_new_from_data (const char  *data,
                               gsize        length,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_memory (data, length, name, &drugs_format, error);
  if (doc == NULL)
    return NULL;
  return load_document (doc, name, error);
}

SpDrugLibrary *
sp_drug_library_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_file (path, &drugs_format, error);
  if (doc == NULL)
    return NULL;
  return load_document (doc, path, error);
}

SpDrugLibrary *
sp_drug_library_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sp_xml_init ();    /* registers the core resources */

  bytes = g_resources_lookup_data (DRUGS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return sp_drug_library_new_from_data (data, size, "resource://" DRUGS_RESOURCE, error);
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

  key = lookup_key (id_or_synonym);
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
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (self), no_strings);
  return (const char * const *) self->reference_ids->pdata;
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
