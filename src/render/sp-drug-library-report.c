/* sp-drug-library-report.c: the drug library as a pharmacist signs it off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No clinical number is written here: every limit, range, factor and
 * concentration comes from the drug library, every number's text from
 * sp-format and sp-quantity. The pages are sp-document's (footer with
 * "page N of M" and the date printed, running header, tables that repeat
 * their header row).
 */
#define G_LOG_DOMAIN "sp-drug-library-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-bag-plan.h"
#include "sp-drug-library-report.h"

typedef struct {
  SpDocument    *doc;
  SpDrugLibrary *library;
  SpCiteList    *cites;
  SpNumberStyle  style;
} Report;

static const char *
reference_text (const char *id,
                gpointer    user_data)
{
  return sp_drug_library_get_reference (SP_DRUG_LIBRARY (user_data), id);
}

/* "0.2 to 1 (initial dose) [seed-1]"; "—" without a usual range. */
static char *
usual_text (Report             *report,
            const SpDoseLimits *limits)
{
  g_autofree char *range = NULL;
  g_autofree char *max = NULL;

  if (isnan (limits->usual_max))
    return g_strdup ("—");

  max = sp_format_dose_number (limits->usual_max, report->style);
  if (isnan (limits->usual_min))
    /* TRANSLATORS: a usual dose range with only a maximum */
    range = g_strdup_printf (_("up to %s"), max);
  else
    {
      g_autofree char *min = sp_format_dose_number (limits->usual_min, report->style);

      /* TRANSLATORS: a dose range, "0.2 to 1 mcg/kg/min" (no dash: it reads as minus) */
      range = g_strdup_printf (_("%s to %s"), min, max);
    }
  if (limits->usual_note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf ("%s (%s)", range, limits->usual_note);

      return sp_cite_list_cite (report->cites, with_note, limits->usual_cites);
    }
  return sp_cite_list_cite (report->cites, range, limits->usual_cites);
}

/* A limit with its citation, "3 [local]"; "—" for none. */
static char *
limit_text (Report             *report,
            const SpDoseLimits *limits,
            double              value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("—");
  number = sp_format_dose_number (value, report->style);
  return sp_cite_list_cite (report->cites, number, limits->limit_cites);
}

static void
add_dose_units (Report       *report,
                const SpDrug *drug)
{
  const char *headers[] = {
    _("Dose unit"), _("Usual range"), _("Soft limit"), _("Hard limit"), _("Titration step"), NULL
  };
  const double widths[] = { 1.9, 1.6, 0.9, 0.9, 0.9 };
  const SpAlign aligns[] = { SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START,
                             SP_ALIGN_START };

  sp_document_begin_table (report->doc, 5, headers, widths, aligns);
  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    {
      const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, i);
      g_autoptr(GString) unit = g_string_new (sp_dose_unit_get_label (limits->unit));
      g_autofree char *usual = usual_text (report, limits);
      g_autofree char *soft = limit_text (report, limits, limits->soft_max);
      g_autofree char *hard = limit_text (report, limits, limits->hard_max);
      g_autofree char *step = limit_text (report, limits, limits->titration_step);
      const char *cells[6];

      if (i == 0)
        /* TRANSLATORS: after the drug's default dose unit: "mcg/kg/min (default)" */
        g_string_append_printf (unit, " %s", _("(default)"));
      if (limits->derived)
        /* TRANSLATORS: a dose unit whose limits the drug library converts
         * from another unit's: "mg/h, limits converted from mcg/min" */
        g_string_append_printf (unit, _(", limits converted from %s"),
                                sp_dose_unit_get_label (limits->derived_from));

      cells[0] = unit->str;
      cells[1] = usual;
      cells[2] = soft;
      cells[3] = hard;
      cells[4] = step;
      cells[5] = NULL;
      sp_document_add_row (report->doc, cells, FALSE);
    }
  sp_document_end_table (report->doc);
}

/* "vials of 4 mg/4 mL", "ampoules of 8 mg tartrate (4 mg base)/4 mL". */
static char *
product_text (Report              *report,
              const SpDrug        *drug,
              const SpDrugProduct *product)
{
  g_autofree char *conc = sp_drug_format_concentration (drug, &product->conc, report->style);

  if (product->form == SP_PRODUCT_AMPOULE)
    /* TRANSLATORS: a product of the drug library: "ampoules of 8 mg/4 mL" */
    return g_strdup_printf (_("ampoules of %s"), conc);
  /* TRANSLATORS: a product of the drug library: "vials of 4 mg/4 mL" */
  return g_strdup_printf (_("vials of %s"), conc);
}

char *
sp_drug_storage_text (const SpDrugStorage *storage)
{
  g_autofree char *hours = NULL;

  if (storage == NULL || (isnan (storage->beyond_use_hours) && storage->text == NULL))
    return NULL;
  if (isnan (storage->beyond_use_hours))
    return g_strdup (storage->text);

  hours = sp_format_duration (storage->beyond_use_hours);
  if (storage->text != NULL)
    /* TRANSLATORS: "use within 24 h of preparation; room temperature,
     * protected from light" */
    return g_strdup_printf (_("use within %s of preparation; %s"), hours, storage->text);
  /* TRANSLATORS: "use within 24 h of preparation" */
  return g_strdup_printf (_("use within %s of preparation"), hours);
}

/* The storage with its sources; NULL for none. */
static char *
storage_text (Report              *report,
              const SpDrugStorage *storage)
{
  g_autofree char *text = sp_drug_storage_text (storage);

  return text != NULL ? sp_cite_list_cite (report->cites, text, storage->cites) : NULL;
}

/* The preparation column: "vials of 4 mg/4 mL; removed from the bag
 * first", and a storage of the concentration's own. */
static char *
preparation_text (Report                        *report,
                  const SpDrug                  *drug,
                  const SpStandardConcentration *std)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (std->product != NULL)
    {
      g_autofree char *product = product_text (report, drug, std->product);

      g_string_append_printf (text, "%s; %s", product,
                              std->remove_volume
                                /* TRANSLATORS: how a standard concentration is
                                 * prepared: the drug's volume is first taken out
                                 * of the bag, so its volume stays the final one */
                                ? _("its volume removed from the bag first")
                                /* TRANSLATORS: how a standard concentration is
                                 * prepared: made up to its volume (a syringe) */
                                : _("made up to the volume with the diluent"));
    }
  if (std->storage != NULL && std->storage != sp_drug_get_storage (drug))
    {
      g_autofree char *storage = storage_text (report, std->storage);

      if (storage != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", storage);
    }
  if (text->len == 0)
    g_string_append (text, "—");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_concentrations (Report       *report,
                    const SpDrug *drug)
{
  const char *headers[] = { _("Standard concentration"), _("Per mL"), _("Diluent"),
                            _("Preparation"), NULL };
  const double widths[] = { 1.5, 0.9, 1.7, 2.0 };
  const SpAlign aligns[] = { SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START };

  sp_document_begin_table (report->doc, 4, headers, widths, aligns);
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *std = sp_drug_get_concentration (drug, i);
      g_autofree char *conc = sp_drug_format_concentration (drug, &std->conc, report->style);
      g_autofree char *per_ml = sp_format_concentration_per_ml (&std->conc, report->style);
      g_autofree char *first = NULL;
      g_autofree char *cited = NULL;
      g_autoptr(GString) diluent = g_string_new (std->diluent != NULL ? std->diluent : "—");
      g_autofree char *preparation = preparation_text (report, drug, std);
      const char *cells[5];

      if (std->is_default)
        /* TRANSLATORS: the default standard concentration: "16 mg/250 mL (default)" */
        first = g_strdup_printf ("%s %s", conc, _("(default)"));
      else
        first = g_strdup (conc);
      cited = sp_cite_list_cite (report->cites, first, std->cites);
      if (std->preferred_diluent != NULL)
        /* TRANSLATORS: the one diluent used of "A or B": "glucose 5% or
         * sodium chloride 0.9% (glucose 5% used)" */
        g_string_append_printf (diluent, _(" (%s used)"), std->preferred_diluent);
      if (std->note != NULL)
        g_string_append_printf (diluent, "; %s", std->note);

      cells[0] = cited;
      cells[1] = per_ml;
      cells[2] = diluent->str;
      cells[3] = preparation;
      cells[4] = NULL;
      sp_document_add_row (report->doc, cells, std->is_default);
    }
  sp_document_end_table (report->doc);
}

static void
add_drug (Report       *report,
          const SpDrug *drug)
{
  g_autofree char *heading = sp_cite_list_cite (report->cites, sp_drug_get_display_name (drug),
                                                sp_drug_get_display_name_cites (drug));
  const char * const *synonyms = sp_drug_get_synonyms (drug);
  const char *basis = sp_drug_get_amount_basis (drug);
  double conc_min = NAN, conc_max = NAN;
  int decimals;

  sp_document_add_heading (report->doc, heading);
  if (sp_drug_get_high_alert (drug))
    {
      g_autofree char *flag = sp_cite_list_cite (report->cites,
                                                 _("HIGH-ALERT MEDICATION: independent double check"),
                                                 sp_drug_get_high_alert_cites (drug));

      sp_document_add_item (report->doc, flag, FALSE, TRUE);
    }

  if (synonyms != NULL && synonyms[0] != NULL)
    {
      g_autofree char *also = g_strjoinv (", ", (char **) synonyms);
      /* TRANSLATORS: a drug's name and its synonyms: "norepinephrine; also noradrenaline, Levophed" */
      g_autofree char *names = g_strdup_printf (_("%s; also %s"), sp_drug_get_name (drug), also);

      sp_document_add_field (report->doc, _("Name"), names, FALSE);
    }
  else
    {
      sp_document_add_field (report->doc, _("Name"), sp_drug_get_name (drug), FALSE);
    }
  if (basis != NULL)
    /* TRANSLATORS: what the amounts measure: "norepinephrine base" */
    sp_document_add_field (report->doc, _("Amounts are"), basis, FALSE);

  for (guint i = 0; i < sp_drug_get_n_salts (drug); i++)
    {
      const SpDrugSalt *salt = sp_drug_get_salt (drug, i);
      g_autofree char *factor = sp_format_dose_number (sp_drug_salt_get_base_per_salt (salt),
                                                       report->style);
      /* TRANSLATORS: a salt and its conversion factor: "norepinephrine
       * tartrate: 1 mg is 0.5 mg of norepinephrine base" */
      g_autofree char *text = g_strdup_printf (_("%s: 1 mg is %s mg of %s"),
                                               sp_drug_salt_get_name (salt), factor,
                                               basis != NULL ? basis : sp_drug_get_name (drug));
      g_autofree char *cited = sp_cite_list_cite (report->cites, text, sp_drug_salt_get_cites (salt));

      sp_document_add_field (report->doc, _("Salt"), cited, FALSE);
    }

  sp_drug_get_concentration_limits (drug, &conc_min, &conc_max);
  if (!isnan (conc_min) && !isnan (conc_max))
    {
      g_autofree char *min = sp_format_dose_number (conc_min, report->style);
      g_autofree char *max = sp_format_dose_number (conc_max, report->style);
      g_autofree char *range = g_strdup_printf (_("%s to %s"), min, max);
      /* TRANSLATORS: a strength per mL: "16 to 64 mcg/mL" */
      g_autofree char *text = g_strdup_printf (_("%s %s/mL"), range,
                                               sp_amount_unit_get_label (sp_drug_get_amount_unit (drug)));
      g_autofree char *cited = sp_cite_list_cite (report->cites, text,
                                                  sp_drug_get_concentration_limits_cites (drug));

      sp_document_add_field (report->doc, _("Typed concentrations"), cited, FALSE);
    }

  decimals = sp_drug_get_rate_decimals (drug);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          /* TRANSLATORS: how a pump shows the rate */
                                                          "%d decimal place of mL/h",
                                                          "%d decimal places of mL/h",
                                                          decimals),
                                             decimals);
    g_autofree char *cited = sp_cite_list_cite (report->cites, text,
                                                sp_drug_get_rate_decimals_cites (drug));

    sp_document_add_field (report->doc, _("Pump rate"), cited, FALSE);
  }

  if (sp_drug_get_n_products (drug) > 0)
    {
      g_autoptr(GString) products = g_string_new (NULL);

      for (guint i = 0; i < sp_drug_get_n_products (drug); i++)
        {
          const SpDrugProduct *product = sp_drug_get_product (drug, i);
          g_autofree char *text = product_text (report, drug, product);
          g_autofree char *cited = sp_cite_list_cite (report->cites, text, product->cites);

          g_string_append_printf (products, "%s%s", i > 0 ? "; " : "", cited);
        }
      /* TRANSLATORS: the vials and ampoules a drug is prepared from */
      sp_document_add_field (report->doc, _("Products"), products->str, FALSE);
    }
  {
    g_autofree char *storage = storage_text (report, sp_drug_get_storage (drug));

    if (storage != NULL)
      sp_document_add_field (report->doc, _("Storage"), storage, FALSE);
  }
  if (!isnan (sp_drug_get_course_hours (drug)))
    {
      g_autofree char *hours = sp_format_duration (sp_drug_get_course_hours (drug));
      /* TRANSLATORS: a drug given as one course (levosimendan): "one course of 24 h, not run on" */
      g_autofree char *text = g_strdup_printf (_("one course of %s, not run on"), hours);
      g_autofree char *cited = sp_cite_list_cite (report->cites, text,
                                                  sp_drug_get_course_cites (drug));

      /* TRANSLATORS: the label of a drug's course in the drug library report */
      sp_document_add_field (report->doc, _("Course"), cited, FALSE);
    }

  add_dose_units (report, drug);
  add_concentrations (report, drug);

  for (guint i = 0; i < sp_drug_get_n_notes (drug); i++)
    {
      const SpDrugNote *note = sp_drug_get_note (drug, i);
      g_autofree char *text = sp_cite_list_cite (report->cites, note->text, note->cites);

      sp_document_add_item (report->doc, text, FALSE, FALSE);
    }
  sp_document_add_space (report->doc, 6);
}

/* A profile setting's @value (taken), and when the file gives no source
 * for it (the file does not set it), that it is ShockPath's own default: a
 * pharmacist signing the report reads which numbers the file set. */
static char *
mark_default (char               *value,
              const char * const *cites)
{
  char *marked;

  if (cites != NULL && cites[0] != NULL)
    return value;
  /* TRANSLATORS: a profile setting the drug library file does not set:
   * "10 (ShockPath's default: the file sets none)" */
  marked = g_strdup_printf (_("%s (ShockPath’s default: the file sets none)"), value);
  g_free (value);
  return marked;
}

static void
add_profile (Report        *report,
             SpDrugLibrary *view)
{
  const SpDrugProfile *profile = sp_drug_library_get_profile (view);
  const char *description = sp_drug_profile_get_description (profile);
  const char *line_note = sp_drug_profile_get_line_note (profile);
  const char * const *cites = sp_drug_profile_get_cites (profile);
  g_autofree char *title = NULL;

  /* TRANSLATORS: heads a profile of the drug library: "Profile: Adult ICU - 50 mL syringes" */
  title = g_strdup_printf (_("Profile: %s"), sp_drug_profile_get_name (profile));
  sp_document_add_title (report->doc, title, NULL);
  if (profile == sp_drug_library_get_default_profile (view))
    {
      /* TRANSLATORS: the id of the profile a site uses unless it picks
       * another: "us-icu-bags (the library’s default profile)" */
      g_autofree char *id = g_strdup_printf (_("%s (the library’s default profile)"),
                                             sp_drug_profile_get_id (profile));

      sp_document_add_field (report->doc, _("Profile id"), id, FALSE);
    }
  else
    {
      sp_document_add_field (report->doc, _("Profile id"), sp_drug_profile_get_id (profile), FALSE);
    }
  sp_document_add_field (report->doc, _("Line"),
                         sp_profile_line_get_label (sp_drug_profile_get_line (profile)), FALSE);
  if (description != NULL)
    sp_document_add_field (report->doc, _("Description"), description, FALSE);
  if (line_note != NULL)
    {
      g_autofree char *text = sp_cite_list_cite (report->cites, line_note,
                                                 sp_drug_profile_get_line_note_cites (profile));

      sp_document_add_field (report->doc, _("Line note"), text, FALSE);
    }
  {
    g_autofree char *at = sp_format_decimal (sp_drug_profile_get_stronger_at_ml_per_h (profile), 1,
                                             report->style);
    g_autofree char *lead = sp_format_duration (sp_drug_profile_get_prepare_lead_hours (profile));
    /* TRANSLATORS: a profile's bag planner settings: "a stronger standard
     * concentration is suggested at 10 mL/h or more; the next bag or syringe
     * is prepared 2 h before the running one is empty" */
    g_autofree char *text = g_strdup_printf (_("a stronger standard concentration is suggested at "
                                               "%s mL/h or more; the next bag or syringe is "
                                               "prepared %s before the running one is empty"),
                                             at, lead);
    const char * const *stronger = sp_drug_profile_get_stronger_cites (profile);
    const char * const *lead_cites = sp_drug_profile_get_prepare_lead_cites (profile);
    g_autoptr(GPtrArray) both = g_ptr_array_new ();
    g_autofree char *cited = NULL;

    /* one bracket for the two settings' sources: "[nhs, local]" */
    for (guint i = 0; stronger != NULL && stronger[i] != NULL; i++)
      g_ptr_array_add (both, (gpointer) stronger[i]);
    for (guint i = 0; lead_cites != NULL && lead_cites[i] != NULL; i++)
      {
        gboolean seen = FALSE;

        for (guint j = 0; j < both->len && !seen; j++)
          seen = g_strcmp0 (g_ptr_array_index (both, j), lead_cites[i]) == 0;
        if (!seen)
          g_ptr_array_add (both, (gpointer) lead_cites[i]);
      }
    g_ptr_array_add (both, NULL);
    text = mark_default (text, (const char * const *) both->pdata);
    cited = sp_cite_list_cite (report->cites, text, (const char * const *) both->pdata);

    /* TRANSLATORS: the label of a profile's bag planner settings */
    sp_document_add_field (report->doc, _("Bag planner"), cited, FALSE);
  }
  {
    g_autofree char *percent = sp_format_dose_number (sp_drug_profile_get_rate_rounding_percent (profile),
                                                      report->style);
    /* TRANSLATORS: a profile's setting: "a rate says so when the pump's
     * step (the drug's rate decimals) takes the dose more than 5% from the
     * dose ordered". French and German put a space before %%. */
    g_autofree char *text = g_strdup_printf (_("a rate says so when the pump’s step (the drug’s "
                                               "rate decimals) takes the dose more than %s%% from "
                                               "the dose ordered"),
                                             percent);
    g_autofree char *cited = NULL;

    text = mark_default (text, sp_drug_profile_get_rate_rounding_cites (profile));
    cited = sp_cite_list_cite (report->cites, text, sp_drug_profile_get_rate_rounding_cites (profile));

    /* TRANSLATORS: the label of a profile's rate rounding setting */
    sp_document_add_field (report->doc, _("Pump step"), cited, FALSE);
  }
  if (cites != NULL && cites[0] != NULL)
    {
      g_autofree char *text = sp_format_cites (cites);

      sp_cite_list_add (report->cites, cites);
      sp_document_add_field (report->doc, _("Sources"), text, FALSE);
    }
  sp_document_add_space (report->doc, 4);

  for (guint i = 0; i < sp_drug_library_get_n_drugs (view); i++)
    add_drug (report, sp_drug_library_get_drug (view, i));
}

SpDocument *
sp_drug_library_report_new (SpDrugLibrary *library,
                            gboolean       all_profiles,
                            GDateTime     *printed,
                            SpNumberStyle  style)
{
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) profiles = g_string_new (NULL);
  g_autofree char *printed_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  const char *name, *version, *description;
  GDateTime *time;
  Report report;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (library), NULL);

  name = sp_drug_library_get_name (library);
  version = sp_drug_library_get_version (library);
  description = sp_drug_library_get_description (library);
  time = printed != NULL ? printed : (now = g_date_time_new_now_local ());
  printed_text = sp_document_format_time (time);

  if (all_profiles)
    {
      for (guint i = 0; i < sp_drug_library_get_n_profiles (library); i++)
        {
          const SpDrugProfile *profile = sp_drug_library_get_nth_profile (library, i);
          SpDrugLibrary *view = sp_drug_library_for_profile (library, sp_drug_profile_get_id (profile),
                                                             NULL);

          /* The library's own profile ids: never unknown. */
          g_return_val_if_fail (view != NULL, NULL);
          g_ptr_array_add (views, view);
        }
    }
  else
    {
      g_ptr_array_add (views, g_object_ref (library));
    }

  /* TRANSLATORS: the PDF's title: "Drug library report: ICU drug library" */
  title = g_strdup_printf (_("Drug library report: %s"), name);
  doc = sp_document_new (title);
  sp_document_set_printed_time (doc, time);
  /* TRANSLATORS: heads every page after the first: "ICU drug library, version 2 · drug library report, continued" */
  line = g_strdup_printf (_("%s, version %s · drug library report, continued"), name, version);
  sp_document_set_running_header (doc, line);
  g_clear_pointer (&line, g_free);

  report.doc = doc;
  report.library = library;
  report.cites = cites;
  report.style = style;

  /* --- the library */
  /* TRANSLATORS: the letterhead: "ShockPath · Drug library report · printed 2025-03-14 09:30" */
  line = g_strdup_printf (_("ShockPath · Drug library report · printed %s"), printed_text);
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  sp_document_add_title (doc, name, NULL);
  sp_document_add_field (doc, _("Version"), version, TRUE);
  sp_document_add_field (doc, _("Source file"), sp_drug_library_get_source (library), FALSE);
  if (description != NULL)
    sp_document_add_field (doc, _("Description"), description, FALSE);
  if (sp_drug_library_is_default (library))
    sp_document_add_field (doc, _("Limits"),
                           /* TRANSLATORS: in the drug library report of the library shipped with ShockPath */
                           _("shipped defaults: the site pharmacy sets its own"), FALSE);
  for (guint i = 0; i < views->len; i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_profile (g_ptr_array_index (views, i));

      if (i > 0)
        g_string_append (profiles, "; ");
      g_string_append (profiles, sp_drug_profile_get_name (profile));
    }
  sp_document_add_field (doc,
                         all_profiles ? _("Profiles") : _("Profile in this report"),
                         profiles->str, FALSE);
  sp_document_add_field (doc, _("Printed"), printed_text, FALSE);
  sp_document_add_space (doc, 10);

  for (guint i = 0; i < views->len; i++)
    add_profile (&report, g_ptr_array_index (views, i));

  /* --- every reference of the library: those cited first, in order */
  sp_cite_list_add (cites, sp_drug_library_get_reference_ids (library));
  sp_document_add_references (doc, _("References"), cites, reference_text, library);

  /* --- the sign-off, last */
  sp_document_add_space (doc, 10);
  sp_document_add_heading (doc, _("Pharmacy sign-off"));
  if (all_profiles)
    /* TRANSLATORS: above the signature lines: "ICU drug library, version 2: ..." */
    line = g_strdup_printf (_("%s, version %s: reviewed in full, every profile, and approved for use."),
                            name, version);
  else
    /* TRANSLATORS: above the signature lines: "ICU drug library, version 2, profile Peripheral line: ..." */
    line = g_strdup_printf (_("%s, version %s, profile %s: reviewed in full and approved for use."),
                            name, version, profiles->str);
  sp_document_add_paragraph (doc, line);
  {
    const char *reviewed[] = { _("Reviewed by"), _("Signature"), _("Date"), NULL };

    sp_document_add_write_in (doc, reviewed);
  }

  return g_steal_pointer (&doc);
}
