/* sp-drug-library-loader.c: reading a drug library from data/drugs.xml or a
 * pharmacy's own file
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

#include "sp-dose.h"
#include "sp-drug-library-private.h"
#include "sp-format.h"
#include "sp-xml.h"

#define DRUGS_RESOURCE  "/io/github/shockpath/ShockPath/core/drugs.xml"
/* 1: each concentration writes its diluent's texts; 2: a diluent
 * vocabulary, <diluents>, that concentrations name by id; 3: profiles
 * (care areas), each drug's concentrations per profile, salts, dose units
 * whose limits are converted from another unit's. All are read. */
#define FORMAT_VERSION  3
#define FORMAT_VERSION_DILUENTS 2
#define FORMAT_VERSION_PROFILES 3
/* The one profile of a file older than format 3. */
#define STANDARD_PROFILE_ID "standard"

static const SpXmlFormat drugs_format = {
  "drug-library", FORMAT_VERSION, N_("drug library"),
  "/io/github/shockpath/ShockPath/core/drugs.rng"
};
#define MAX_RATE_DECIMALS 3

/* Adds @id (taken) with @text (taken, may be NULL) to @table and to @ids, the
 * NULL-terminated ids in file order; FALSE (and nothing taken) when @table
 * already holds @id. */
static gboolean
add_unique_id (GHashTable  *table,
               GPtrArray   *ids,
               char       **id,
               char       **text)
{
  if (g_hash_table_contains (table, *id))
    return FALSE;
  g_ptr_array_insert (ids, ids->len - 1, *id);
  g_hash_table_insert (table, g_steal_pointer (id), g_steal_pointer (text));
  return TRUE;
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

  SP_XML_FOREACH_ELEMENT (references, node)
    {
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;

      if (!sp_xml_is (node, "reference"))
        continue;

      id = sp_xml_get_prop (node, "id");
      if (id == NULL)
        continue;
      text = sp_xml_get_localized_content (node);
      if (!add_unique_id (self->references, self->reference_ids, &id, &text))
        {
          sp_xml_set_content_error (error, node, _("duplicate reference id \"%s\""), id);
          return FALSE;
        }
    }

  return TRUE;
}

/* The diluent vocabulary of a format 2 file: each diluent once, with its
 * translations, named by the concentrations' diluent="id". */
static gboolean
read_diluents (SpDrugLibrary  *self,
               xmlNodePtr      root,
               GError        **error)
{
  xmlNodePtr diluents = sp_xml_get_child (root, "diluents");

  if (diluents == NULL)
    return TRUE;
  if (self->format_version < FORMAT_VERSION_DILUENTS)
    {
      sp_xml_set_content_error (error, diluents,
                                _("<diluents> needs format-version=\"2\"; a format 1 library "
                                  "writes each concentration's diluent in <diluent> texts"));
      return FALSE;
    }

  SP_XML_FOREACH_ELEMENT (diluents, node)
    {
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;

      if (!sp_xml_is (node, "diluent"))
        continue;

      id = sp_xml_get_prop (node, "id");
      if (id == NULL)
        continue;
      text = sp_xml_get_localized_child (node, "text");
      if (!add_unique_id (self->diluents, self->diluent_ids, &id, &text))
        {
          sp_xml_set_content_error (error, node, _("duplicate diluent id \"%s\""), id);
          return FALSE;
        }
    }

  return TRUE;
}

/* The diluent @id of the vocabulary, for @drug's concentration @node: its
 * id and text (the vocabulary's) in @out_id and @out_text. */
static gboolean
find_diluent (SpDrugLibrary  *self,
              SpDrug         *drug,
              xmlNodePtr      node,
              const char     *id,
              const char    **out_id,
              const char    **out_text,
              GError        **error)
{
  gpointer key, text;

  if (!g_hash_table_lookup_extended (self->diluents, id, &key, &text))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": unknown diluent \"%s\" (not listed in "
                                  "<diluents>)"),
                                drug->id, id);
      return FALSE;
    }
  *out_id = key;
  *out_text = text;
  return TRUE;
}

/* The diluent of the concentration @node into @sc: named by id from the
 * vocabulary (format 2), or written as texts in the concentration (format 1). */
static gboolean
read_concentration_diluent (SpDrugLibrary            *self,
                            SpDrug                   *drug,
                            xmlNodePtr                node,
                            SpStandardConcentration  *sc,
                            GError                  **error)
{
  g_autofree char *id = sp_xml_get_prop (node, "diluent");
  xmlNodePtr texts = sp_xml_get_child (node, "diluent");

  if (texts != NULL && self->format_version >= FORMAT_VERSION_DILUENTS)
    {
      sp_xml_set_content_error (error, texts,
                                _("drug \"%s\": a format 2 library names a "
                                  "concentration's diluent with diluent=\"ID\" from "
                                  "<diluents>, not with <diluent> texts"),
                                drug->id);
      return FALSE;
    }

  if (id == NULL)
    {
      sc->diluent = sp_drug_keep_string (drug, sp_xml_get_localized_child (node, "diluent"));
      return TRUE;
    }

  if (self->format_version < FORMAT_VERSION_DILUENTS)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": diluent=\"%s\" needs "
                                  "format-version=\"2\"; a format 1 library writes the "
                                  "diluent in <diluent> texts"),
                                drug->id, id);
      return FALSE;
    }
  return find_diluent (self, drug, node, id, &sc->diluent_id, &sc->diluent, error);
}

static SpDrugProfile *
find_profile (SpDrugLibrary *self,
              const char    *id)
{
  for (guint i = 0; id != NULL && i < self->profiles->len; i++)
    {
      SpDrugProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (profile->id, id) == 0)
        return profile;
    }
  return NULL;
}

/* The profile a drug's <concentrations> (or <limits>) @node names; NULL
 * with an error for an unknown one, or for a missing or present name in
 * a file whose format wants the other. */
static SpDrugProfile *
read_profile_ref (SpDrugLibrary  *self,
                  xmlNodePtr      node,
                  const char     *drug_id,
                  GError        **error)
{
  g_autofree char *id = sp_xml_get_prop (node, "profile");
  SpDrugProfile *profile;

  if (self->format_version < FORMAT_VERSION_PROFILES)
    {
      if (id == NULL)
        return g_ptr_array_index (self->profiles, 0);
      sp_xml_set_content_error (error, node, _("drug \"%s\": profile=\"%s\" needs "
                                               "format-version=\"3\""),
                                drug_id, id);
      return NULL;
    }

  profile = find_profile (self, id);
  if (profile == NULL)
    sp_xml_set_content_error (error, node,
                              _("drug \"%s\": profile \"%s\" is not one of the library's "
                                "<profiles>"),
                              drug_id, id != NULL ? id : "");
  return profile;
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

/* The <limits> of a <dose> for @profile: the one that names the profile,
 * else the one that names none; NULL when the unit states none (its limits
 * are converted from another unit's). */
static xmlNodePtr
find_profile_limits (xmlNodePtr           dose,
                     const SpDrugProfile *profile)
{
  xmlNodePtr general = NULL;

  SP_XML_FOREACH_ELEMENT (dose, child)
    {
      g_autofree char *id = NULL;

      if (!sp_xml_is (child, "limits"))
        continue;
      id = sp_xml_get_prop (child, "profile");
      if (id == NULL)
        general = general != NULL ? general : child;
      else if (g_strcmp0 (id, profile->id) == 0)
        return child;
    }
  return general;
}

/* "drug "x", mcg/kg/min: the soft maximum (4) is above the hard maximum
 * (3)": @format (translated, from a table of the loader's own messages)
 * with the drug, the unit and the two numbers as files write them. */
static void
set_order_error (GError      **error,
                 xmlNodePtr    node,
                 const char   *format,
                 const char   *drug_id,
                 const char   *unit_name,
                 double        low,
                 double        high)
{
  g_autofree char *a = sp_format_file_number (low);
  g_autofree char *b = sp_format_file_number (high);
  g_autofree char *message = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  message = g_strdup_printf (format, drug_id, unit_name, a, b);
#pragma GCC diagnostic pop
  sp_xml_set_content_error (error, node, "%s", message);
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
  limits.usual_cites = sp_drug_no_strings;
  limits.limit_cites = sp_drug_no_strings;

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
      limits.usual_cites = sp_drug_keep_vector (drug, cites);
      limits.usual_note = sp_drug_keep_string (drug, sp_xml_get_localized_child (usual, "text"));
    }

  /* A unit whose limits are converted may still set its own step. */
  if (!sp_xml_get_double (node, "titration-step", &limits.titration_step, error))
    return FALSE;

  lims = find_profile_limits (node, drug->profile);
  if (lims != NULL)
    {
      GStrv cites = NULL;

      if (!sp_xml_get_double (lims, "soft-max", &limits.soft_max, error) ||
          !sp_xml_get_double (lims, "hard-max", &limits.hard_max, error) ||
          !sp_xml_get_double (lims, "titration-step", &limits.titration_step, error) ||
          !read_cites (self, lims, &cites, error))
        return FALSE;
      limits.limit_cites = sp_drug_keep_vector (drug, cites);
    }

  /* usual-min <= usual-max <= soft-max <= hard-max, and the step within the
   * hard maximum, where present; the error names the element at fault. */
  {
    const struct {
      double      low;
      double      high;
      xmlNodePtr  node;
      const char *what;
    } order[] = {
      /* Translators: "drug "x", mcg/kg/min: the usual minimum (2) is above the usual maximum (1)" */
      { limits.usual_min, limits.usual_max, usual,
        N_("drug \"%s\", %s: the usual minimum (%s) is above the usual maximum (%s)") },
      { limits.usual_max, limits.soft_max, lims,
        N_("drug \"%s\", %s: the usual maximum (%s) is above the soft maximum (%s)") },
      { limits.usual_max, limits.hard_max, lims,
        N_("drug \"%s\", %s: the usual maximum (%s) is above the hard maximum (%s)") },
      { limits.soft_max, limits.hard_max, lims,
        N_("drug \"%s\", %s: the soft maximum (%s) is above the hard maximum (%s)") },
      { limits.titration_step, limits.hard_max, lims,
        N_("drug \"%s\", %s: the titration step (%s) is larger than the hard maximum (%s)") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        if (isnan (order[i].low) || isnan (order[i].high) || !(order[i].low > order[i].high))
          continue;
        set_order_error (error, order[i].node != NULL ? order[i].node : node,
                         _(order[i].what), drug->id, unit_name, order[i].low, order[i].high);
        return FALSE;
      }
  }

  g_array_append_val (drug->dose_limits, limits);
  return TRUE;
}

/* unit="mg" of @drug's @node into @out_unit; refused when missing or unknown. */
static gboolean
read_amount_unit (SpDrug        *drug,
                  xmlNodePtr     node,
                  SpAmountUnit  *out_unit,
                  GError       **error)
{
  g_autofree char *unit = sp_xml_get_prop (node, "unit");

  if (unit == NULL || !sp_amount_unit_parse (unit, out_unit))
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": unknown amount unit \"%s\""),
                                drug->id, unit ? unit : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_concentration_limits (SpDrugLibrary  *self,
                           SpDrug         *drug,
                           xmlNodePtr      node,
                           GError        **error)
{
  if (!read_amount_unit (drug, node, &drug->amount_unit, error))
    return FALSE;

  if (!sp_xml_get_double (node, "min-per-ml", &drug->conc_min_per_ml, error) ||
      !sp_xml_get_double (node, "max-per-ml", &drug->conc_max_per_ml, error) ||
      !read_cites (self, node, &drug->conc_limit_cites, error))
    return FALSE;

  if (isnan (drug->conc_min_per_ml) || isnan (drug->conc_max_per_ml) ||
      !(drug->conc_min_per_ml > 0) || drug->conc_min_per_ml > drug->conc_max_per_ml)
    {
      g_autofree char *a = sp_format_file_number (drug->conc_min_per_ml);
      g_autofree char *b = sp_format_file_number (drug->conc_max_per_ml);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": the concentration limits must be above zero "
                                  "and in order (minimum %s, maximum %s per mL)"),
                                drug->id, a, b);
      return FALSE;
    }
  return TRUE;
}

/* <storage beyond-use-hours="24" cite="local"> with its texts. */
static gboolean
read_storage (SpDrugLibrary        *self,
              SpDrug               *drug,
              xmlNodePtr            node,
              const SpDrugStorage **out_storage,
              GError              **error)
{
  SpDrugStorage *storage = g_new0 (SpDrugStorage, 1);
  GStrv cites = NULL;

  g_ptr_array_add (drug->storages, storage);
  storage->beyond_use_hours = NAN;
  if (!sp_xml_get_double (node, "beyond-use-hours", &storage->beyond_use_hours, error) ||
      !read_cites (self, node, &cites, error))
    return FALSE;
  storage->cites = sp_drug_keep_vector (drug, cites);
  if (!isnan (storage->beyond_use_hours) && !(storage->beyond_use_hours > 0))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": the beyond-use time must be above zero hours"),
                                drug->id);
      return FALSE;
    }
  storage->text = sp_drug_keep_string (drug, sp_xml_get_localized_child (node, "text"));
  *out_storage = storage;
  return TRUE;
}

/* <product id="vial-4-mg" form="vial" amount="4" unit="mg" volume="4">:
 * what a concentration is prepared from, as its label states it. */
/* amount="24" salt="tartrate" (@salt_id, may be NULL): the label's amount
 * is in that salt of @drug; @conc gets the dose form and keeps the salt's
 * amount beside it. FALSE for a salt the drug does not list. */
static gboolean
apply_salt (SpDrug           *drug,
            xmlNodePtr        node,
            const char       *salt_id,
            SpConcentration  *conc,
            GError          **error)
{
  const SpDrugSalt *salt;

  if (salt_id == NULL)
    return TRUE;

  salt = sp_drug_find_salt (drug, salt_id);
  if (salt == NULL)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": unknown salt \"%s\" (not one of the "
                                  "drug's <salt> elements)"),
                                drug->id, salt_id);
      return FALSE;
    }
  g_strlcpy (conc->salt, salt->id, sizeof conc->salt);
  conc->salt_amount = conc->amount;
  conc->amount = conc->amount * salt->base_per_salt;
  return TRUE;
}

static gboolean
read_product (SpDrugLibrary  *self,
              SpDrug         *drug,
              xmlNodePtr      node,
              GError        **error)
{
  SpDrugProduct *product = g_new0 (SpDrugProduct, 1);
  g_autofree char *id = sp_xml_get_prop (node, "id");
  g_autofree char *form = sp_xml_get_prop (node, "form");
  g_autofree char *unit = sp_xml_get_prop (node, "unit");
  g_autofree char *salt_id = sp_xml_get_prop (node, "salt");
  GStrv cites = NULL;
  double per_ml;

  g_ptr_array_add (drug->products, product);
  product->conc.amount = NAN;
  product->conc.volume_ml = NAN;
  product->form = g_strcmp0 (form, "ampoule") == 0 ? SP_PRODUCT_AMPOULE : SP_PRODUCT_VIAL;
  if (id == NULL || unit == NULL || !sp_amount_unit_parse (unit, &product->conc.amount_unit) ||
      !sp_xml_get_double (node, "amount", &product->conc.amount, error) ||
      !sp_xml_get_double (node, "volume", &product->conc.volume_ml, error) ||
      !read_cites (self, node, &cites, error))
    {
      if (error != NULL && *error == NULL)
        sp_xml_set_content_error (error, node, _("drug \"%s\": a product needs an id and an "
                                                 "amount unit"),
                                  drug->id);
      return FALSE;
    }
  product->cites = sp_drug_keep_vector (drug, cites);
  for (guint i = 0; i + 1 < drug->products->len; i++)
    {
      const SpDrugProduct *other = g_ptr_array_index (drug->products, i);

      if (g_strcmp0 (other->id, id) == 0)
        {
          sp_xml_set_content_error (error, node, _("drug \"%s\": duplicate product id \"%s\""),
                                    drug->id, id);
          return FALSE;
        }
    }
  product->id = sp_drug_keep_string (drug, g_steal_pointer (&id));
  if (!(product->conc.amount > 0) || !(product->conc.volume_ml > 0))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": a product needs an amount and a volume above zero"),
                                drug->id);
      return FALSE;
    }
  if (!apply_salt (drug, node, salt_id, &product->conc, error))
    return FALSE;
  if (!sp_concentration_per_ml (&product->conc, drug->amount_unit, &per_ml))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": product \"%s\" cannot be converted to %s, "
                                  "the drug's amount unit"),
                                drug->id, product->id, sp_amount_unit_to_string (drug->amount_unit));
      return FALSE;
    }
  return TRUE;
}

/* product="id", remove-volume and preferred-diluent of a concentration. */
static gboolean
read_concentration_preparation (SpDrugLibrary            *self,
                                SpDrug                   *drug,
                                xmlNodePtr                node,
                                SpStandardConcentration  *sc,
                                GError                  **error)
{
  g_autofree char *product_id = sp_xml_get_prop (node, "product");
  g_autofree char *remove = sp_xml_get_prop (node, "remove-volume");
  g_autofree char *preferred = sp_xml_get_prop (node, "preferred-diluent");
  xmlNodePtr storage = sp_xml_get_child (node, "storage");
  double per_ml;

  sc->remove_volume = g_strcmp0 (remove, "true") == 0 || g_strcmp0 (remove, "1") == 0;
  sc->storage = drug->storage;
  if (storage != NULL && !read_storage (self, drug, storage, &sc->storage, error))
    return FALSE;

  if (preferred != NULL &&
      !find_diluent (self, drug, node, preferred, &sc->preferred_diluent_id,
                     &sc->preferred_diluent, error))
    return FALSE;

  if (product_id == NULL)
    return TRUE;
  for (guint i = 0; i < drug->products->len; i++)
    {
      const SpDrugProduct *product = g_ptr_array_index (drug->products, i);

      if (g_strcmp0 (product->id, product_id) == 0)
        sc->product = product;
    }
  if (sc->product == NULL)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": unknown product \"%s\" (not one of the "
                                  "drug's <product> elements)"),
                                drug->id, product_id);
      return FALSE;
    }
  /* The product must be at least as strong as the concentration: the
   * drug drawn from it no more than the final volume. Both in the
   * concentration's amount unit (the product's strength in the drug's
   * mcg against an amount in mg passed a 4 mg/400 mL vial for a 4 mg/250 mL
   * bag, and the sheet then left out the preparation without a word). */
  if (sp_concentration_per_ml (&sc->product->conc, sc->conc.amount_unit, &per_ml) &&
      sc->conc.amount / per_ml > sc->conc.volume_ml * (1 + 1e-9))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": product \"%s\" is too dilute for the "
                                  "concentration"),
                                drug->id, product_id);
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
  g_autofree char *is_default = sp_xml_get_prop (node, "default");
  g_autofree char *salt_id = sp_xml_get_prop (node, "salt");
  SpStandardConcentration sc = { { 0, }, };
  GStrv cites = NULL;
  double per_ml;

  sc.conc.amount = NAN;
  sc.conc.volume_ml = NAN;
  sc.conc.per_ml_form = FALSE;

  if (!read_amount_unit (drug, node, &sc.conc.amount_unit, error) ||
      !sp_xml_get_double (node, "amount", &sc.conc.amount, error) ||
      !sp_xml_get_double (node, "volume", &sc.conc.volume_ml, error) ||
      !read_cites (self, node, &cites, error))
    return FALSE;
  sc.cites = sp_drug_keep_vector (drug, cites);

  if (!(sc.conc.amount > 0) || !(sc.conc.volume_ml > 0))
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": a concentration needs an amount and a volume "
                                  "above zero"),
                                drug->id);
      return FALSE;
    }

  if (!apply_salt (drug, node, salt_id, &sc.conc, error))
    return FALSE;

  if (!sp_concentration_per_ml (&sc.conc, drug->amount_unit, &per_ml))
    {
      g_autofree char *text = sp_format_concentration (&sc.conc, SP_NUMBER_C);

      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": concentration %s cannot be converted to %s, "
                                  "the drug's amount unit"),
                                drug->id, text, sp_amount_unit_to_string (drug->amount_unit));
      return FALSE;
    }

  if (sp_drug_is_above (per_ml, drug->conc_max_per_ml) ||
      sp_drug_is_above (drug->conc_min_per_ml, per_ml))
    {
      const char *amount_unit = sp_amount_unit_to_string (drug->amount_unit);
      g_autofree char *text = sp_format_concentration (&sc.conc, SP_NUMBER_C);
      g_autofree char *strength = sp_format_file_number (per_ml);
      g_autofree char *min = sp_format_file_number (drug->conc_min_per_ml);
      g_autofree char *max = sp_format_file_number (drug->conc_max_per_ml);

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

  if (!read_concentration_diluent (self, drug, node, &sc, error))
    return FALSE;
  sc.note = sp_drug_keep_string (drug, sp_xml_get_localized_child (node, "remark"));
  if (!read_concentration_preparation (self, drug, node, &sc, error))
    return FALSE;

  /* the same bag twice: the lists showed it twice, the second never told
   * apart from the first */
  for (guint i = 0; i < drug->concentrations->len; i++)
    {
      const SpStandardConcentration *other = &g_array_index (drug->concentrations,
                                                            SpStandardConcentration, i);

      if (sp_concentration_equal (&other->conc, &sc.conc) &&
          g_strcmp0 (other->diluent, sc.diluent) == 0)
        {
          g_autofree char *text = sp_format_concentration (&sc.conc, SP_NUMBER_C);

          sp_xml_set_content_error (error, node,
                                    /* Translators: drug "norepinephrine": the concentration
                                     * 4 mg/250 mL is listed twice in this profile */
                                    _("drug \"%s\": the concentration %s is listed twice in this "
                                      "profile"),
                                    drug->id, text);
          return FALSE;
        }
    }

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
      g_autofree char *text = sp_format_file_number (decimals);

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
  g_autofree char *profile_id = sp_xml_get_prop (node, "profile");
  GStrv cites = NULL;

  /* A note for one profile only (its concentrations, its line). */
  if (profile_id != NULL)
    {
      if (read_profile_ref (self, node, drug->id, error) == NULL)
        return FALSE;
      if (g_strcmp0 (profile_id, drug->profile->id) != 0)
        return TRUE;
    }

  if (!read_cites (self, node, &cites, error))
    return FALSE;
  note.cites = sp_drug_keep_vector (drug, cites);
  note.text = sp_drug_keep_string (drug, sp_xml_get_localized_child (node, "text"));
  if (note.text == NULL)
    note.text = sp_drug_keep_string (drug, g_strdup (""));
  g_array_append_val (drug->notes, note);
  return TRUE;
}

/* A dose unit the file gives no limits for takes those of a unit it
 * converts to without a weight (mg/h from mcg/min, units/h from
 * units/min): limits are stated once and converted, never guessed. */
static gboolean
derive_limits (SpDrug      *drug,
               xmlNodePtr   node,
               GError     **error)
{
  for (guint i = 0; i < drug->dose_limits->len; i++)
    {
      SpDoseLimits *limits = &g_array_index (drug->dose_limits, SpDoseLimits, i);
      gboolean found = FALSE;

      if (!isnan (limits->hard_max))
        continue;

      for (guint j = 0; j < drug->dose_limits->len && !found; j++)
        {
          const SpDoseLimits *from = &g_array_index (drug->dose_limits, SpDoseLimits, j);
          double factor;

          if (j == i || isnan (from->hard_max) || from->derived ||
              !sp_dose_convert (1, from->unit, limits->unit, NAN, &factor, NULL))
            continue;

          limits->soft_max = from->soft_max * factor;
          limits->hard_max = from->hard_max * factor;
          if (isnan (limits->titration_step))
            limits->titration_step = from->titration_step * factor;
          if (isnan (limits->usual_max) && !isnan (from->usual_max))
            {
              limits->usual_min = from->usual_min * factor;
              limits->usual_max = from->usual_max * factor;
              limits->usual_cites = from->usual_cites;
              limits->usual_note = from->usual_note;
            }
          limits->limit_cites = from->limit_cites;
          limits->derived = TRUE;
          limits->derived_from = from->unit;
          found = TRUE;
        }

      if (!found)
        {
          sp_xml_set_content_error (error, node,
                                    _("drug \"%s\": dose unit %s has no <limits> and no "
                                      "other unit of the drug with limits converts to it "
                                      "without a weight"),
                                    drug->id, sp_dose_unit_to_string (limits->unit));
          return FALSE;
        }
    }
  return TRUE;
}

/* Every variant (all languages) of the texts of @node's children @name. */
static void
add_all_texts (GStrvBuilder *builder,
               xmlNodePtr    node,
               const char   *name)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_autofree char *text = NULL;

      if (!sp_xml_is (child, name))
        continue;
      text = sp_xml_get_text (child);
      if (text != NULL && *text != '\0')
        g_strv_builder_add (builder, text);
    }
}

/* <salt id="tartrate" salt="2" base="1">: 2 mg of the salt is 1 mg of the
 * dose form, as the label states. */
static gboolean
read_salt (SpDrugLibrary  *self,
           SpDrug         *drug,
           xmlNodePtr      node,
           GError        **error)
{
  g_autoptr(SpDrugSalt) salt = g_new0 (SpDrugSalt, 1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  double salt_amount = NAN;
  double base_amount = NAN;

  salt->id = sp_xml_get_prop (node, "id");
  if (!sp_xml_get_double (node, "salt", &salt_amount, error) ||
      !sp_xml_get_double (node, "base", &base_amount, error) ||
      !read_cites (self, node, &salt->cites, error))
    return FALSE;

  if (salt->id == NULL || strlen (salt->id) >= SP_CONCENTRATION_SALT_MAX ||
      sp_drug_find_salt (drug, salt->id) != NULL)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\": a salt needs an id of at most %d characters, "
                                  "listed once"),
                                drug->id, SP_CONCENTRATION_SALT_MAX - 1);
      return FALSE;
    }
  if (!(salt_amount > 0) || !(base_amount > 0) || base_amount > salt_amount)
    {
      sp_xml_set_content_error (error, node,
                                _("drug \"%s\", salt \"%s\": the amounts of salt and base "
                                  "must be above zero, the base no more than the salt"),
                                drug->id, salt->id);
      return FALSE;
    }

  salt->base_per_salt = base_amount / salt_amount;
  salt->name = sp_xml_get_localized_child (node, "name");
  salt->short_name = sp_xml_get_localized_child (node, "short-name");
  if (salt->name == NULL)
    salt->name = g_strdup (salt->id);

  /* What may be typed: the id, every language's names, the synonyms. */
  g_strv_builder_add (words, salt->id);
  add_all_texts (words, node, "name");
  add_all_texts (words, node, "short-name");
  add_all_texts (words, node, "synonym");
  salt->synonyms = g_strv_builder_end (words);

  g_ptr_array_add (drug->salts, g_steal_pointer (&salt));
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
  g_autofree char *key = sp_drug_library_lookup_key (text);
  SpDrug *other;

  if (key == NULL)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": empty name"), drug->id);
      return FALSE;
    }

  other = g_hash_table_lookup (drug->profile->lookup, key);
  if (other == drug)
    return TRUE;
  if (other != NULL)
    {
      g_autofree char *other_key = sp_drug_library_lookup_key (other->id);

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

  g_hash_table_insert (drug->profile->lookup, g_steal_pointer (&key), drug);
  return TRUE;
}

/* The drug @node as @profile has it, with the profile's <concentrations>. */
/* The name of @drug_node in @lang (NULL: the untagged one), or NULL. */
static char *
name_in_language (xmlNodePtr  drug_node,
                  const char *lang)
{
  SP_XML_FOREACH_ELEMENT (drug_node, child)
    {
      xmlChar *tag;
      gboolean same;

      if (!sp_xml_is (child, "name"))
        continue;
      tag = xmlGetNsProp (child, (const xmlChar *) "lang", XML_XML_NAMESPACE);
      same = g_strcmp0 ((const char *) tag, lang) == 0;
      xmlFree (tag);
      if (same)
        return sp_xml_get_text (child);
    }
  return NULL;
}

/* Tall-man lettering changes the case of a name, never its letters: a
 * display name is its drug's name in the same language, case aside. A
 * dobutamine shown as "DOPamine" (one edit in a site's library) put the
 * look-alike's name on its sheets and rates. */
static gboolean
check_display_name (xmlNodePtr   drug_node,
                    xmlNodePtr   display,
                    const char  *drug_id,
                    GError     **error)
{
  xmlChar *lang = xmlGetNsProp (display, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  g_autofree char *text = sp_xml_get_text (display);
  g_autofree char *name = name_in_language (drug_node, (const char *) lang);
  g_autofree char *text_folded = NULL;
  g_autofree char *name_folded = NULL;
  gboolean same;

  if (name == NULL && lang != NULL)
    name = name_in_language (drug_node, NULL);
  if (name == NULL)
    name = g_strdup (drug_id);
  text_folded = g_utf8_casefold (text != NULL ? text : "", -1);
  name_folded = g_utf8_casefold (name, -1);
  same = strcmp (text_folded, name_folded) == 0;
  if (!same)
    sp_xml_set_content_error (error, display,
                              /* Translators: "drug “dobutamine”: the display name “DOPamine” is
                               * not the drug's name “dobutamine” in other letter case (tall-man
                               * lettering changes only the case)" */
                              _("drug “%s”: the display name “%s” is not the drug’s name “%s” "
                                "in other letter case (tall-man lettering changes only the case)"),
                              drug_id, text != NULL ? text : "", name);
  xmlFree (lang);
  return same;
}

static gboolean
read_drug (SpDrugLibrary  *self,
           SpDrugProfile  *profile,
           xmlNodePtr      node,
           xmlNodePtr      concentrations,
           GError        **error)
{
  g_autoptr(SpDrug) drug = sp_drug_new ();
  g_autoptr(GStrvBuilder) synonyms = g_strv_builder_new ();
  xmlNodePtr display;
  xmlNodePtr rate;

  drug->profile = profile;
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
  /* Its name in every language of the file finds it: the German sheet
   * says "Noradrenalin", and `--drug Noradrenalin` was unknown. */
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_autofree char *name = NULL;

      if (!sp_xml_is (child, "name"))
        continue;
      name = sp_xml_get_text (child);
      if (name != NULL && !register_lookup (self, drug, child, name, error))
        return FALSE;
    }

  /* Tall-man lettering may differ per language (DOBUTamine, DOBUTamin);
   * every variant's cites are checked, the user's language is shown. */
  display = sp_xml_get_localized_element (node, "display-name");
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_auto(GStrv) cites = NULL;

      if (!sp_xml_is (child, "display-name"))
        continue;
      if (!read_cites (self, child, &cites, error) ||
          !check_display_name (node, child, drug->id, error))
        return FALSE;
      if (child == display)
        {
          drug->display_name = sp_xml_get_text (child);
          drug->display_name_cites = g_steal_pointer (&cites);
        }
    }

  drug->amount_basis = sp_xml_get_localized_child (node, "amount-basis");
  {
    xmlNodePtr high_alert = sp_xml_get_child (node, "high-alert");
    xmlNodePtr storage = sp_xml_get_child (node, "storage");

    drug->high_alert = high_alert != NULL;
    if (high_alert != NULL && !read_cites (self, high_alert, &drug->high_alert_cites, error))
      return FALSE;
    if (storage != NULL && !read_storage (self, drug, storage, &drug->storage, error))
      return FALSE;
  }
  {
    xmlNodePtr course = sp_xml_get_child (node, "course");

    if (course != NULL &&
        (!sp_xml_get_double (course, "hours", &drug->course_hours, error) ||
         !read_cites (self, course, &drug->course_cites, error)))
      return FALSE;
    if (course != NULL && !(drug->course_hours > 0))
      {
        sp_xml_set_content_error (error, course,
                                  _("drug \"%s\": a course must last more than zero hours"),
                                  drug->id);
        return FALSE;
      }
  }

  /* The concentration limits fix the drug's amount unit, which the dose
   * units are checked against: read them first. */
  /* Salts first: a concentration may be written in one. */
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "salt") && !read_salt (self, drug, child, error))
        return FALSE;
    }
  /* Products before concentrations, which name them; after the amount
   * unit is known (read with the concentration limits). */
  {
    xmlNodePtr limits = sp_xml_get_child (concentrations, "concentration-limits");
    g_autofree char *unit = limits != NULL ? sp_xml_get_prop (limits, "unit") : NULL;

    if (unit != NULL)
      sp_amount_unit_parse (unit, &drug->amount_unit);
  }
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "product") && !read_product (self, drug, child, error))
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
  if (!derive_limits (drug, node, error))
    return FALSE;

  rate = sp_xml_get_child (node, "rate");
  if (rate != NULL && !read_rate (self, drug, rate, error))
    return FALSE;

  g_ptr_array_add (profile->drugs, g_steal_pointer (&drug));
  return TRUE;
}

static gboolean
read_profile (SpDrugLibrary  *self,
              xmlNodePtr      node,
              GError        **error)
{
  g_autoptr(SpDrugProfile) profile = sp_drug_profile_new ();
  g_autofree char *line = sp_xml_get_prop (node, "line");
  xmlNodePtr note;

  profile->root = self;
  profile->id = sp_xml_get_prop (node, "id");
  if (profile->id == NULL || find_profile (self, profile->id) != NULL)
    {
      sp_xml_set_content_error (error, node, _("duplicate profile id \"%s\""),
                                profile->id != NULL ? profile->id : "");
      return FALSE;
    }
  if (!read_cites (self, node, &profile->cites, error))
    return FALSE;
  profile->name = sp_xml_get_localized_child (node, "name");
  profile->description = sp_xml_get_localized_child (node, "description");
  if (g_strcmp0 (line, "central") == 0)
    profile->line = SP_PROFILE_LINE_CENTRAL;
  else if (g_strcmp0 (line, "peripheral") == 0)
    profile->line = SP_PROFILE_LINE_PERIPHERAL;

  note = sp_xml_get_child (node, "line-note");
  if (note != NULL)
    {
      if (!read_cites (self, note, &profile->line_note_cites, error))
        return FALSE;
      profile->line_note = sp_xml_get_localized_child (note, "text");
    }

  /* The bag planner's site settings. */
  note = sp_xml_get_child (node, "stronger-concentration");
  if (note != NULL &&
      (!sp_xml_get_double (note, "at-ml-per-h", &profile->stronger_at_ml_per_h, error) ||
       !read_cites (self, note, &profile->stronger_cites, error)))
    return FALSE;
  note = sp_xml_get_child (node, "prepare-next");
  if (note != NULL &&
      (!sp_xml_get_double (note, "lead-hours", &profile->prepare_lead_hours, error) ||
       !read_cites (self, note, &profile->prepare_lead_cites, error)))
    return FALSE;
  note = sp_xml_get_child (node, "rate-rounding");
  if (note != NULL &&
      (!sp_xml_get_double (note, "max-percent", &profile->rate_rounding_percent, error) ||
       !read_cites (self, note, &profile->rate_rounding_cites, error)))
    return FALSE;
  if (!(profile->rate_rounding_percent > 0) || !(profile->rate_rounding_percent < 100))
    {
      sp_xml_set_content_error (error, note,
                                _("profile \"%s\": the rate rounding allowed must be above 0%% "
                                  "and below 100%%"),
                                profile->id);
      return FALSE;
    }
  if (!(profile->stronger_at_ml_per_h > 0) || !(profile->prepare_lead_hours >= 0))
    {
      sp_xml_set_content_error (error, node,
                                _("profile \"%s\": the rate for a stronger concentration must "
                                  "be above zero and the lead time to prepare the next one "
                                  "zero or more"),
                                profile->id);
      return FALSE;
    }

  g_ptr_array_add (self->profiles, g_steal_pointer (&profile));
  return TRUE;
}

/* The profiles of a format 3 file; one, "standard", for an older file. */
static gboolean
read_profiles (SpDrugLibrary  *self,
               xmlNodePtr      root,
               GError        **error)
{
  xmlNodePtr profiles = sp_xml_get_child (root, "profiles");
  g_autofree char *default_id = NULL;
  SpDrugProfile *profile;

  if (self->format_version < FORMAT_VERSION_PROFILES)
    {
      if (profiles != NULL)
        {
          sp_xml_set_content_error (error, profiles,
                                    _("<profiles> needs format-version=\"3\""));
          return FALSE;
        }
      profile = sp_drug_profile_new ();
      profile->root = self;
      profile->id = g_strdup (STANDARD_PROFILE_ID);
      profile->name = g_strdup (self->name != NULL ? self->name : STANDARD_PROFILE_ID);
      g_ptr_array_add (self->profiles, profile);
      self->default_profile = 0;
      return TRUE;
    }

  if (profiles == NULL)
    {
      sp_xml_set_content_error (error, root, _("a format 3 library needs <profiles>"));
      return FALSE;
    }

  SP_XML_FOREACH_ELEMENT (profiles, node)
    {
      if (sp_xml_is (node, "profile") && !read_profile (self, node, error))
        return FALSE;
    }

  default_id = sp_xml_get_prop (profiles, "default");
  profile = find_profile (self, default_id);
  if (profile == NULL)
    {
      sp_xml_set_content_error (error, profiles,
                                _("the default profile \"%s\" is not one of the <profile> "
                                  "elements"),
                                default_id != NULL ? default_id : "");
      return FALSE;
    }
  g_ptr_array_find (self->profiles, profile, &self->default_profile);
  return TRUE;
}

/* A drug once per profile that lists it: each <concentrations profile=>
 * makes the drug part of that profile. */
static gboolean
read_drug_profiles (SpDrugLibrary  *self,
                    xmlNodePtr      node,
                    GError        **error)
{
  g_autofree char *id = sp_xml_get_prop (node, "id");
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  /* Every profile a <limits> names must exist. */
  SP_XML_FOREACH_ELEMENT (node, dose)
    {
      if (!sp_xml_is (dose, "dose"))
        continue;
      SP_XML_FOREACH_ELEMENT (dose, limits)
        {
          g_autofree char *profile_id = NULL;

          if (!sp_xml_is (limits, "limits"))
            continue;
          profile_id = sp_xml_get_prop (limits, "profile");
          if (profile_id != NULL && read_profile_ref (self, limits, id, error) == NULL)
            return FALSE;
        }
    }

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpDrugProfile *profile;

      if (!sp_xml_is (child, "concentrations"))
        continue;
      profile = read_profile_ref (self, child, id, error);
      if (profile == NULL)
        return FALSE;
      if (g_ptr_array_find (seen, profile, NULL))
        {
          sp_xml_set_content_error (error, child,
                                    _("drug \"%s\": two <concentrations> for profile \"%s\""),
                                    id, profile->id);
          return FALSE;
        }
      g_ptr_array_add (seen, profile);
      if (!read_drug (self, profile, node, child, error))
        return FALSE;
    }

  if (seen->len == 0)
    {
      sp_xml_set_content_error (error, node, _("drug \"%s\": no <concentrations>"), id);
      return FALSE;
    }
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
  g_autofree char *format_version = NULL;
  xmlNodePtr root;

  self = sp_drug_library_new_root ();
  self->source = g_strdup (source);

  root = xmlDocGetRootElement (doc);
  /* A number this build reads: sp_xml_read_* and the schema checked it. */
  format_version = sp_xml_get_prop (root, "format-version");
  self->format_version = format_version != NULL
                         ? (guint) g_ascii_strtoull (format_version, NULL, 10) : 1;
  self->version = sp_xml_get_prop (root, "version");
  defaults = sp_xml_get_prop (root, "defaults");
  self->is_default = g_strcmp0 (defaults, "true") == 0 || g_strcmp0 (defaults, "1") == 0;
  self->name = sp_xml_get_localized_child (root, "name");
  self->description = sp_xml_get_localized_child (root, "description");

  if (!read_references (self, root, error) ||
      !read_diluents (self, root, error) ||
      !read_profiles (self, root, error))
    return NULL;

  SP_XML_FOREACH_ELEMENT (root, child)
    {
      if (sp_xml_is (child, "drug") && !read_drug_profiles (self, child, error))
        return NULL;
    }

  for (guint i = 0; i < self->profiles->len; i++)
    {
      SpDrugProfile *profile = g_ptr_array_index (self->profiles, i);

      if (profile->drugs->len == 0 && self->format_version < FORMAT_VERSION_PROFILES)
        {
          sp_xml_set_content_error (error, root, _("the library lists no drug"));
          return NULL;
        }
      if (profile->drugs->len == 0)
        {
          sp_xml_set_content_error (error, root,
                                    _("profile \"%s\" lists no drug"), profile->id);
          return NULL;
        }
    }

  self->profile = g_ptr_array_index (self->profiles, self->default_profile);
  g_ptr_array_set_size (self->views, self->profiles->len);
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
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Validated when ShockPath was built (sp_xml_read_resource). */
  doc = sp_xml_read_resource (DRUGS_RESOURCE, &drugs_format, error);
  if (doc == NULL)
    return NULL;
  return load_document (doc, "resource://" DRUGS_RESOURCE, error);
}
