/* sp-infusion-sheet.c: the infusion sheet a pharmacy hangs on a pump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No clinical number is written here: ranges, limits, steps, notes and
 * references come from the drug library, the table (its range, rows, limit
 * states and clipping at the hard limit) from sp_dose_table_new (), every
 * number's text from sp-format and sp-quantity (ISMP: leading zero, no
 * trailing zero, locale grouping).
 */
#define G_LOG_DOMAIN "sp-infusion-sheet"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-dose.h"
#include "sp-dose-table.h"
#include "sp-infusion-sheet.h"

G_DEFINE_QUARK (sp-infusion-sheet-error-quark, sp_infusion_sheet_error)

/* The most column groups a rate table spreads into: four pairs of dose and
 * rate still read as rows across an A4 or Letter page. */
#define MAX_GROUPS 4

void
sp_infusion_sheet_options_init (SpInfusionSheetOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (SpInfusionSheetOptions) { 0 };
  options->weight_kg = NAN;
  options->from = NAN;
  options->to = NAN;
  options->step = NAN;
  options->style = SP_NUMBER_LOCALE;
}

/* The drug library's concentration equal to @conc, or NULL (a typed one). */
static const SpStandardConcentration *
find_standard (const SpDrug          *drug,
               const SpConcentration *conc)
{
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *standard = sp_drug_get_concentration (drug, i);

      if (sp_concentration_equal (&standard->conc, conc))
        return standard;
    }

  return NULL;
}

/* The drug library's reference first: its "local" is the pharmacy's. */
static const char *
reference_text (const char *id,
                gpointer    user_data)
{
  const SpInfusionSheetOptions *options = user_data;
  const char *text = sp_drug_library_get_reference (options->drugs, id);
  const SpReference *reference;

  if (text != NULL)
    return text;
  if (options->protocol != NULL &&
      (reference = sp_protocol_find_reference (options->protocol, id)) != NULL)
    return reference->text;
  return NULL;
}

static char *
library_text (SpDrugLibrary *drugs)
{
  g_autofree char *text = sp_drug_library_describe (drugs);

  if (sp_drug_library_is_default (drugs))
    /* TRANSLATORS: after the drug library's name on a sheet */
    return g_strdup_printf (_("%s (shipped defaults: the site pharmacy sets its own limits)"), text);
  return g_steal_pointer (&text);
}

/* The usual range: "0.2 to 1 mcg/kg/min (initial dose) [seed-1]". */
static char *
usual_text (SpCiteList         *cites,
            const SpDoseLimits *limits,
            SpNumberStyle       style)
{
  g_autofree char *range = NULL;
  g_autofree char *max = NULL;

  if (isnan (limits->usual_max))
    return NULL;

  max = sp_format_dose (limits->usual_max, limits->unit, 0, style);
  if (isnan (limits->usual_min))
    /* TRANSLATORS: a usual dose range with only a maximum */
    range = g_strdup_printf (_("up to %s"), max);
  else
    {
      g_autofree char *min = sp_format_significant (limits->usual_min, 3, style);

      /* TRANSLATORS: a dose range, "0.2 to 1 mcg/kg/min" (no dash: it reads as minus) */
      range = g_strdup_printf (_("%s to %s"), min, max);
    }

  if (limits->usual_note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf ("%s (%s)", range, limits->usual_note);

      return sp_cite_list_cite (cites, with_note, limits->usual_cites);
    }
  return sp_cite_list_cite (cites, range, limits->usual_cites);
}

/* Rows [@first, @end) of the dose -> rate table: the dose unit and mL/h as
 * the column headers, in side-by-side groups when long. Rows above the soft
 * limit are shaded and bold besides standing under their own heading. */
static void
add_rate_table (SpDocument        *doc,
                const SpDoseTable *table,
                guint              first,
                guint              end,
                SpNumberStyle      style)
{
  const char *headers[] = { sp_dose_unit_get_label (table->limits->unit), "mL/h", NULL };
  const double widths[] = { 1.0, 1.0 };
  const SpAlign aligns[] = { SP_ALIGN_DECIMAL, SP_ALIGN_DECIMAL };

  sp_document_begin_table (doc, 2, headers, widths, aligns);
  sp_document_set_table_groups (doc, MAX_GROUPS);
  for (guint i = first; i < end; i++)
    {
      g_autofree char *dose = sp_dose_table_format_dose (table, i, style);
      g_autofree char *rate = sp_dose_table_format_rate (table, i, style);
      const char *cells[] = { dose, rate, NULL };

      sp_document_add_row (doc, cells, g_array_index (table->rows, SpDoseTableRow, i).limit == SP_LIMIT_SOFT);
    }
  sp_document_end_table (doc);
}

/* The case's running infusions of this drug: "0.3 mcg/kg/min at 16 mg/250 mL
 * (64 mcg/mL): 19.7 mL/h". */
static void
add_case (SpDocument                   *doc,
          const SpInfusionSheetOptions *options)
{
  const SpCaseData *data = options->case_data;
  SpNumberStyle style = options->style;

  sp_document_add_field (doc, _("Case"),
                         sp_case_data_get_title (data) != NULL ? sp_case_data_get_title (data)
                         : options->case_name != NULL ? options->case_name
                         : _("untitled case"), FALSE);

  for (guint i = 0; data->infusions != NULL && i < data->infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (data->infusions, i);
      g_autofree char *dose = NULL;
      g_autofree char *conc = NULL;
      g_autofree char *value = NULL;
      double rate;

      if (g_ascii_strcasecmp (infusion->drug_id, sp_drug_get_id (options->drug)) != 0 ||
          !infusion->has_dose)
        continue;

      dose = sp_format_dose (infusion->dose, infusion->dose_unit, 0, style);
      if (!infusion->has_concentration)
        {
          /* TRANSLATORS: "0.3 mcg/kg/min, concentration not recorded" (a dose read
           * from an older file: no rate can be given) */
          value = g_strdup_printf (_("%s, concentration not recorded"), dose);
          sp_document_add_field (doc, _("Running in the case"), value, FALSE);
          continue;
        }
      conc = sp_drug_format_concentration_in_bag (options->drug, &infusion->concentration, style);
      if (sp_dose_to_rate (infusion->dose, infusion->dose_unit, options->weight_kg,
                           &infusion->concentration, &rate, NULL))
        {
          g_autofree char *rate_text = sp_format_decimal (rate, sp_drug_get_rate_decimals (options->drug),
                                                          style);

          /* TRANSLATORS: "0.3 mcg/kg/min at 16 mg in 250 mL (64 mcg/mL): 19.7 mL/h" */
          value = g_strdup_printf (_("%s at %s: %s mL/h"), dose, conc, rate_text);
        }
      else
        /* TRANSLATORS: "0.3 mcg/kg/min at 16 mg in 250 mL (64 mcg/mL)" */
        value = g_strdup_printf (_("%s at %s"), dose, conc);

      sp_document_add_field (doc, _("Running in the case"), value, FALSE);
    }
}

SpDocument *
sp_infusion_sheet_new (const SpInfusionSheetOptions *options,
                       GError                      **error)
{
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(SpDoseTable) table = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *conc = NULL;
  g_autofree char *weight = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();
  const char *line_note;
  const SpDoseLimits *limits;
  const SpStandardConcentration *standard;
  const char *basis;
  SpNumberStyle style;
  GDateTime *time;
  int rate_decimals;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (options->drugs), NULL);
  g_return_val_if_fail (options->drug != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  style = options->style;
  limits = options->has_unit ? sp_drug_find_dose_limits (options->drug, options->unit)
                             : sp_drug_get_dose_limits (options->drug, 0);
  g_return_val_if_fail (limits != NULL, NULL);

  if (limits->unit.per_kg && !(options->weight_kg > 0))
    {
      g_set_error (error, SP_INFUSION_SHEET_ERROR, SP_INFUSION_SHEET_ERROR_NO_WEIGHT,
                   /* TRANSLATORS: the sheet's table in mcg/kg/min needs the patient's weight */
                   _("a table in %s needs the patient’s weight in kg"),
                   sp_dose_unit_get_label (limits->unit));
      goto out;
    }

  table = sp_dose_table_new (options->drug, limits->unit, options->weight_kg,
                             &options->concentration, options->from, options->to,
                             options->step, error);
  if (table == NULL)
    goto out;

  rate_decimals = sp_drug_get_rate_decimals (options->drug);
  if (options->printed != NULL)
    time = options->printed;
  else
    time = now = g_date_time_new_now_local ();
  printed = sp_document_format_time (time);
  conc = sp_drug_format_concentration_in_bag (options->drug, &options->concentration, style);
  /* A dose per minute needs no weight; one given still prints. */
  if (!isnan (options->weight_kg))
    weight = sp_format_significant (options->weight_kg, 3, style);
  basis = sp_drug_get_amount_basis (options->drug);

  if (weight != NULL)
    {
      /* TRANSLATORS: the PDF's title: "Infusion sheet: DOBUTamine, 80 kg" */
      title = g_strdup_printf (_("Infusion sheet: %s, %s kg"),
                               sp_drug_get_display_name (options->drug), weight);
      /* TRANSLATORS: heads every page after the first: "DOBUTamine · 80 kg ·
       * 1,000 mg in 250 mL (4,000 mcg/mL) · infusion sheet, continued" */
      line = g_strdup_printf (_("%s · %s kg · %s · infusion sheet, continued"),
                              sp_drug_get_display_name (options->drug), weight, conc);
    }
  else
    {
      /* TRANSLATORS: the PDF's title: "Infusion sheet: vasopressin" */
      title = g_strdup_printf (_("Infusion sheet: %s"), sp_drug_get_display_name (options->drug));
      /* TRANSLATORS: heads every page after the first: "vasopressin ·
       * 20 units in 100 mL (0.2 units/mL) · infusion sheet, continued" */
      line = g_strdup_printf (_("%s · %s · infusion sheet, continued"),
                              sp_drug_get_display_name (options->drug), conc);
    }
  doc = sp_document_new (title);
  sp_document_set_printed_time (doc, time);
  sp_document_set_running_header (doc, line);
  g_clear_pointer (&line, g_free);

  /* --- letterhead */
  /* TRANSLATORS: the letterhead of an infusion sheet: "ShockPath · Infusion sheet · printed 2025-03-14 09:30" */
  line = g_strdup_printf (_("ShockPath · Infusion sheet · printed %s"), printed);
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  if (options->protocol != NULL)
    {
      /* TRANSLATORS: "Protocol: Inotropes and vasopressors in cardiogenic shock, version 1.0" */
      line = g_strdup_printf (_("Protocol: %s, version %s"), sp_protocol_get_name (options->protocol),
                              sp_protocol_get_version (options->protocol));
      sp_document_add_caption (doc, line);
      g_clear_pointer (&line, g_free);
    }
  {
    g_autofree char *library = library_text (options->drugs);

    /* TRANSLATORS: "Drug library: ICU drug library, version 2" */
    line = g_strdup_printf (_("Drug library: %s"), library);
    sp_document_add_caption (doc, line);
    g_clear_pointer (&line, g_free);
  }
  {
    const char *labels[] = { _("Patient name"), _("Patient ID"), _("Ward"), NULL };

    sp_document_add_write_in (doc, labels);
  }
  sp_document_add_space (doc, 8);

  /* --- the drug */
  {
    g_autofree char *note = sp_format_cites (sp_drug_get_display_name_cites (options->drug));

    sp_cite_list_add (cites, sp_drug_get_display_name_cites (options->drug));
    sp_document_add_title (doc, sp_drug_get_display_name (options->drug), note);
  }

  /* "16 mg in 250 mL (64 mcg/mL) as base" */
  if (basis != NULL && options->concentration.salt[0] == '\0')
    {
      /* TRANSLATORS: a concentration whose amounts are of the base ("norepinephrine base") */
      line = g_strdup_printf (_("%s as base"), conc);
      sp_document_add_field (doc, _("Concentration"), line, TRUE);
      g_clear_pointer (&line, g_free);
    }
  else
    {
      sp_document_add_field (doc, _("Concentration"), conc, TRUE);
    }

  standard = find_standard (options->drug, &options->concentration);
  if (standard != NULL && standard->diluent != NULL)
    {
      g_autofree char *diluent = sp_cite_list_cite (cites, standard->diluent, standard->cites);

      sp_document_add_field (doc, _("Diluent"), diluent, FALSE);
    }
  else
    {
      sp_document_add_field (doc, _("Diluent"),
                             standard == NULL
                               ? _("______________ (not a standard concentration of the drug library)")
                               : _("______________"),
                             FALSE);
    }
  if (standard != NULL && standard->note != NULL)
    sp_document_add_field (doc, _("Preparation"), standard->note, FALSE);

  if (basis != NULL)
    /* TRANSLATORS: what the amounts measure: "norepinephrine base" */
    sp_document_add_field (doc, _("Amounts are"), basis, FALSE);

  if (weight != NULL)
    {
      line = g_strdup_printf ("%s kg", weight);
      sp_document_add_field (doc, _("Weight"), line, TRUE);
      g_clear_pointer (&line, g_free);
    }
  sp_document_add_field (doc, _("Dose unit"), sp_dose_unit_get_label (limits->unit), TRUE);

  {
    g_autofree char *usual = usual_text (cites, limits, style);

    if (usual != NULL)
      sp_document_add_field (doc, _("Usual range"), usual, FALSE);
  }
  if (!isnan (limits->soft_max))
    {
      g_autofree char *dose = sp_format_dose (limits->soft_max, limits->unit, 0, style);
      /* TRANSLATORS: "1 mcg/kg/min: above it, confirm the dose" */
      g_autofree char *text = g_strdup_printf (_("%s: above it, confirm the dose"), dose);
      g_autofree char *value = sp_cite_list_cite (cites, text, limits->limit_cites);

      sp_document_add_field (doc, _("Soft limit"), value, FALSE);
    }
  if (!isnan (limits->hard_max))
    {
      g_autofree char *dose = sp_format_dose (limits->hard_max, limits->unit, 0, style);
      /* TRANSLATORS: "3 mcg/kg/min: never exceeded, a higher dose is refused" */
      g_autofree char *text = g_strdup_printf (_("%s: never exceeded, a higher dose is refused"), dose);
      g_autofree char *value = sp_cite_list_cite (cites, text, limits->limit_cites);

      sp_document_add_field (doc, _("Hard limit"), value, TRUE);
    }
  if (!isnan (limits->titration_step))
    {
      g_autofree char *dose = sp_format_dose (limits->titration_step, limits->unit, 0, style);
      g_autofree char *value = sp_cite_list_cite (cites, dose, limits->limit_cites);

      sp_document_add_field (doc, _("Titration step"), value, FALSE);
    }
  if (options->case_data != NULL)
    add_case (doc, options);

  /* --- the table: doses up to the soft limit, then those above it under a
   * heading of their own, each laid out in column groups when long */
  {
    g_autofree char *heading = NULL;
    guint first_marked = sp_dose_table_get_first_above_soft (table);

    if (limits->unit.per_kg)
      /* TRANSLATORS: "Dose to pump rate for 70 kg at 16 mg in 250 mL (64 mcg/mL)" */
      heading = g_strdup_printf (_("Dose to pump rate for %s kg at %s"), weight, conc);
    else
      /* TRANSLATORS: a dose per minute, not per kg: "Dose to pump rate at 20 units in 100 mL (0.2 units/mL)" */
      heading = g_strdup_printf (_("Dose to pump rate at %s"), conc);

    sp_document_add_heading (doc, heading);
    if (first_marked > 0)
      add_rate_table (doc, table, 0, first_marked, style);
    if (first_marked < table->rows->len)
      {
        g_autofree char *soft = sp_format_dose (limits->soft_max, limits->unit, 0, style);
        /* TRANSLATORS: heads the rows above the soft limit: "Above the soft limit of 1 mcg/kg/min: confirm the dose" */
        g_autofree char *above = g_strdup_printf (_("Above the soft limit of %s: confirm the dose"), soft);

        sp_document_add_heading (doc, above);
        add_rate_table (doc, table, first_marked, table->rows->len, style);
      }

    {
      g_autofree char *to_text = sp_format_dose (table->to, limits->unit, 0, style);
      g_autofree char *rounded = NULL;
      g_autofree char *text = NULL;

      /* two short paragraphs: the last dose and its unit stay on one line */
      rounded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* TRANSLATORS: below the rate table */
                                              "Rates rounded to %d decimal place, as the pump shows them.",
                                              "Rates rounded to %d decimal places, as the pump shows them.",
                                              rate_decimals),
                                 rate_decimals);
      if (!isnan (limits->hard_max) && table->to >= limits->hard_max)
        /* TRANSLATORS: below the rate table */
        text = g_strdup_printf (_("The table ends at the hard limit (%s): no higher dose is printed."),
                                to_text);
      else
        /* TRANSLATORS: below the rate table: "The table ends at 0.3 mcg/kg/min." */
        text = g_strdup_printf (_("The table ends at %s."), to_text);
      sp_document_add_paragraph (doc, rounded);
      sp_document_add_paragraph (doc, text);
    }
  }

  /* --- administration notes: the profile's line first (a peripheral
   * line's extravasation checks), then the drug's */
  line_note = sp_drug_profile_get_line_note (sp_drug_get_profile (options->drug));
  if (sp_drug_get_n_notes (options->drug) > 0 || line_note != NULL)
    {
      sp_document_add_heading (doc, _("Administration"));
      if (line_note != NULL)
        {
          g_autofree char *text = sp_cite_list_cite (cites, line_note,
                                                     sp_drug_profile_get_line_note_cites (
                                                       sp_drug_get_profile (options->drug)));

          sp_document_add_item (doc, text, FALSE, TRUE);
        }
      for (guint i = 0; i < sp_drug_get_n_notes (options->drug); i++)
        {
          const SpDrugNote *note = sp_drug_get_note (options->drug, i);
          g_autofree char *text = sp_cite_list_cite (cites, note->text, note->cites);

          sp_document_add_item (doc, text, FALSE, FALSE);
        }
    }

  /* --- the double check */
  sp_document_add_heading (doc, _("Double check"));
  {
    const char *prepared[] = { _("Prepared by"), _("Date"), _("Time"), NULL };
    const char *checked[] = { _("Checked by"), _("Date"), _("Time"), NULL };

    sp_document_add_write_in (doc, prepared);
    sp_document_add_write_in (doc, checked);
  }

  /* --- sources */
  sp_document_add_references (doc, _("Sources"), cites, reference_text, (gpointer) options);

out:
  return g_steal_pointer (&doc);
}
