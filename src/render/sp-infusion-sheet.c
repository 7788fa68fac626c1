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

#include "sp-bag-plan.h"
#include "sp-dose.h"
#include "sp-dose-table.h"
#include "sp-drug-library-report.h"
#include "sp-infusion-sheet.h"

G_DEFINE_QUARK (sp-infusion-sheet-error-quark, sp_infusion_sheet_error)

/* The most column groups a rate table spreads into: four pairs of dose and
 * rate still read as rows across an A4 or Letter page. */
#define MAX_GROUPS 4
/* The least an ordered sheet's type shrinks to stay on one page: 9.5 pt
 * body text at 8.1 pt, the sources' 7.5 pt at 6.4 pt. */
#define SHEET_MIN_SCALE 0.85

void
sp_infusion_sheet_options_init (SpInfusionSheetOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (SpInfusionSheetOptions) { 0 };
  options->weight_kg = NAN;
  options->from = NAN;
  options->to = NAN;
  options->step = NAN;
  options->ordered_dose = NAN;
  options->line = SP_PROFILE_LINE_ANY;
  options->style = SP_NUMBER_LOCALE;
}

gboolean
sp_infusion_sheet_options_order_running (SpInfusionSheetOptions *options,
                                         gboolean                unit_given)
{
  SpDoseUnit table_unit;

  g_return_val_if_fail (options != NULL && options->drug != NULL, FALSE);

  if (options->case_data == NULL || options->case_data->infusions == NULL)
    return FALSE;
  table_unit = options->has_unit ? options->unit
                                 : sp_drug_get_dose_limits (options->drug, 0)->unit;

  for (guint i = 0; i < options->case_data->infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (options->case_data->infusions, i);

      if (g_ascii_strcasecmp (infusion->drug_id, sp_drug_get_id (options->drug)) == 0 &&
          infusion->has_dose && infusion->dose > 0 &&
          sp_drug_find_dose_limits (options->drug, infusion->dose_unit) != NULL &&
          (!unit_given || sp_dose_unit_equal (infusion->dose_unit, table_unit)))
        {
          options->ordered_dose = infusion->dose;
          options->unit = infusion->dose_unit;
          options->has_unit = TRUE;
          return TRUE;
        }
    }
  return FALSE;
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
 * limit are shaded and bold besides standing under their own heading; the
 * ordered row (@ordered, G_MAXUINT for none) is shaded and bold too, and
 * says so in words in a third column (read aloud, and by pdftotext). A
 * row the pump's step takes too far from its dose says what the pump gives
 * in that column when ordered; in a long table its rate is marked "0.2*",
 * and the note under the table says what the mark means (a third column
 * for it took the width of a column group: a third page in German). */
static void
add_rate_table (SpDocument        *doc,
                const SpDoseTable *table,
                guint              first,
                guint              end,
                guint              ordered,
                SpNumberStyle      style)
{
  const char *headers[] = { sp_dose_unit_get_label (table->limits->unit), "mL/h", "", NULL };
  const double widths[] = { 1.0, 0.8, 1.3 };
  const SpAlign aligns[] = { SP_ALIGN_DECIMAL, SP_ALIGN_DECIMAL, SP_ALIGN_START };
  gboolean with_third = ordered != G_MAXUINT;

  sp_document_begin_table (doc, with_third ? 3 : 2, headers, widths, aligns);
  sp_document_set_table_groups (doc, MAX_GROUPS);
  for (guint i = first; i < end; i++)
    {
      g_autofree char *dose = sp_dose_table_format_dose (table, i, style);
      g_autofree char *rate = sp_dose_table_format_rate (table, i, style);
      g_autofree char *rounding = with_third ? sp_dose_table_format_rounding (table, i, style) : NULL;
      g_autofree char *third = NULL;
      const char *cells[] = { dose, rate, "", NULL };

      if (i == ordered && rounding != NULL)
        /* TRANSLATORS: the ordered row's mark, then the dose the pump gives:
         * "◀ ordered; gives 0.0533 mcg/kg/min (+6.7%)" */
        third = g_strdup_printf (_("◀ ordered; %s"), rounding);
      else if (i == ordered)
        /* TRANSLATORS: marks the ordered dose's row in the sheet's rate table */
        third = g_strdup (_("◀ ordered"));
      else
        third = g_steal_pointer (&rounding);
      if (third != NULL)
        cells[2] = third;
      if (!with_third && sp_dose_table_row_is_rounding_off (table, i))
        {
          char *marked = g_strconcat (rate, "*", NULL);

          g_free (rate);
          rate = marked;
          cells[1] = rate;
        }

      sp_document_add_row (doc, cells,
                           i == ordered ||
                           g_array_index (table->rows, SpDoseTableRow, i).limit == SP_LIMIT_SOFT);
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
      /* the ordered dose, already in the label block */
      if (infusion->has_concentration && options->ordered_dose > 0 &&
          fabs (infusion->dose - options->ordered_dose) <= 1e-9 * options->ordered_dose &&
          sp_dose_unit_equal (infusion->dose_unit, options->has_unit ? options->unit
                                                                     : sp_drug_get_dose_limits (options->drug, 0)->unit) &&
          sp_concentration_equal (&infusion->concentration, &options->concentration))
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
          g_autofree char *rate_text = sp_drug_format_rate (options->drug, rate,
                                                            infusion->dose_unit,
                                                            options->weight_kg,
                                                            &infusion->concentration, style);

          /* TRANSLATORS: "0.3 mcg/kg/min at 16 mg in 250 mL (64 mcg/mL): 19.7 mL/h" */
          value = g_strdup_printf (_("%s at %s: %s mL/h"), dose, conc, rate_text);
        }
      else
        /* TRANSLATORS: "0.3 mcg/kg/min at 16 mg in 250 mL (64 mcg/mL)" */
        value = g_strdup_printf (_("%s at %s"), dose, conc);

      sp_document_add_field (doc, _("Running in the case"), value, FALSE);
    }
}

/* The sources: one paragraph of small type, "Sources:
 * [ismp-high-alert] ISMP List … · [local] Site setting: …". */
static void
add_compact_references (SpDocument                   *doc,
                        SpCiteList                   *cites,
                        const SpInfusionSheetOptions *options)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *line = NULL;

  if (sp_cite_list_get_n_ids (cites) == 0)
    return;
  /* ids whose texts are the same share one entry: "[seed-3, seed-2] …" */
  for (guint i = 0; i < sp_cite_list_get_n_ids (cites); i++)
    {
      const char *id = sp_cite_list_get_id (cites, i);
      const char *reference = reference_text (id, (gpointer) options);
      g_autoptr(GString) ids = g_string_new (id);
      gboolean seen = FALSE;

      for (guint j = 0; j < i && reference != NULL && !seen; j++)
        seen = g_strcmp0 (reference_text (sp_cite_list_get_id (cites, j), (gpointer) options),
                          reference) == 0;
      if (seen)
        continue;
      for (guint j = i + 1; j < sp_cite_list_get_n_ids (cites) && reference != NULL; j++)
        if (g_strcmp0 (reference_text (sp_cite_list_get_id (cites, j), (gpointer) options),
                       reference) == 0)
          g_string_append_printf (ids, ", %s", sp_cite_list_get_id (cites, j));
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "[%s] %s", ids->str,
                              reference != NULL ? reference : _("(no reference text)"));
    }
  /* TRANSLATORS: the sources of a one-page sheet, in small type: "Sources: [local] …" */
  line = g_strdup_printf (_("Sources: %s"), text->str);
  sp_document_add_space (doc, 4);
  sp_document_add_caption (doc, line);
}

/* The line the infusion runs through: the option, else the profile's. */
static SpProfileLine
sheet_line (const SpInfusionSheetOptions *options)
{
  if (options->line != SP_PROFILE_LINE_ANY)
    return options->line;
  return sp_drug_profile_get_line (sp_drug_get_profile (options->drug));
}

/* What a peripheral line asks for: the note of the drug's profile when it
 * is a peripheral one, else of the library's first peripheral profile;
 * NULL for a central line or when the library has none. */
static const SpDrugProfile *
line_note_profile (const SpInfusionSheetOptions *options)
{
  const SpDrugProfile *own = sp_drug_get_profile (options->drug);

  if (sheet_line (options) != SP_PROFILE_LINE_PERIPHERAL)
    return NULL;
  if (sp_drug_profile_get_line (own) == SP_PROFILE_LINE_PERIPHERAL &&
      sp_drug_profile_get_line_note (own) != NULL)
    return own;
  for (guint i = 0; i < sp_drug_library_get_n_profiles (options->drugs); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (options->drugs, i);

      if (sp_drug_profile_get_line (profile) == SP_PROFILE_LINE_PERIPHERAL &&
          sp_drug_profile_get_line_note (profile) != NULL)
        return profile;
    }
  return NULL;
}

/* The compact table around an ordered dose: +-SP_INFUSION_SHEET_ORDER_STEPS
 * titration steps (or --step), no dose of 0 or less (the table's rule ends
 * it at the hard limit). */
static void
compact_range (const SpInfusionSheetOptions *options,
               const SpDoseLimits           *limits,
               double                       *from,
               double                       *to,
               double                       *step)
{
  double s = !isnan (options->step) ? options->step : limits->titration_step;
  int below = SP_INFUSION_SHEET_ORDER_STEPS;

  if (!(s > 0))
    return;
  /* the lowest dose above 0 on the ordered dose's grid */
  while (below > 0 && options->ordered_dose - below * s <= s * 1e-9)
    below--;
  *from = options->ordered_dose - below * s;
  *to = options->ordered_dose + SP_INFUSION_SHEET_ORDER_STEPS * s;
  *step = s;
}

/* The row of @dose in @table, G_MAXUINT when none is. */
/* The sources of the soft or hard limit that holds: those of the unit it is
 * stated in, which may not be the table's. */
static const char * const *
holding_cites (const SpDoseTable *table,
               gboolean           hard)
{
  SpDoseUnit unit = hard ? table->hard_unit : table->soft_unit;

  return sp_drug_find_dose_limits (table->drug, unit)->limit_cites;
}

static guint
find_row (const SpDoseTable *table,
          double             dose)
{
  for (guint i = 0; i < table->rows->len; i++)
    {
      double row = g_array_index (table->rows, SpDoseTableRow, i).dose;

      if (fabs (row - dose) <= 1e-9 * MAX (1.0, fabs (dose)))
        return i;
    }
  return G_MAXUINT;
}

/* The preparation, storage and bag planner of the label block. */
static void
add_preparation (SpDocument                    *doc,
                 const SpInfusionSheetOptions  *options,
                 const SpStandardConcentration *standard,
                 SpCiteList                    *cites)
{
  SpNumberStyle style = options->style;
  const SpDrugStorage *storage = standard != NULL ? standard->storage
                                                  : sp_drug_get_storage (options->drug);
  g_autofree char *storage_text = NULL;
  SpPreparation prep;

  if (standard != NULL && sp_preparation_compute (options->drug, standard, &prep))
    {
      g_autofree char *text = sp_preparation_format (options->drug, &prep,
                                                     sp_standard_concentration_get_diluent (standard),
                                                     style);
      g_autofree char *value = sp_cite_list_cite (cites, text, prep.product->cites);

      sp_document_add_field (doc, _("Preparation"), value, FALSE);
    }
  if (standard != NULL && standard->note != NULL)
    sp_document_add_field (doc, standard->product != NULL ? _("Remark") : _("Preparation"),
                           standard->note, FALSE);

  storage_text = sp_drug_storage_text (storage);
  if (storage_text != NULL)
    {
      g_autofree char *value = sp_cite_list_cite (cites, storage_text, storage->cites);

      sp_document_add_field (doc, _("Storage"), value, FALSE);
    }
}

/* The bag planner at the ordered rate. */
static void
add_bag_plan (SpDocument                   *doc,
              const SpInfusionSheetOptions *options,
              SpDoseUnit                    unit,
              double                        rate,
              SpCiteList                   *cites)
{
  SpNumberStyle style = options->style;
  g_autofree char *summary = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next_cited = NULL;
  g_autofree char *advisory = NULL;
  SpBagPlan plan;

  if (!sp_bag_plan_compute (options->drug, &options->concentration, rate, &plan))
    return;

  summary = sp_bag_plan_format_summary (&plan, style);
  next = sp_bag_plan_format_next (&plan, style);
  next_cited = sp_cite_list_cite (cites, next, plan.course_ends_first ? plan.course_cites
                                                                     : plan.lead_cites);
  sp_document_add_field (doc, sp_bag_plan_is_syringe (&plan) ? _("Syringe") : _("Bag"),
                         summary, TRUE);
  sp_document_add_field (doc, _("Next one"), next_cited, FALSE);
  advisory = sp_bag_plan_format_advisory (options->drug, &plan, unit, options->weight_kg, style);
  if (advisory != NULL)
    {
      g_autofree char *value = sp_cite_list_cite (cites, advisory, plan.advisory.cites);

      sp_document_add_field (doc, _("Advice"), value, FALSE);
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
  g_autofree char *conc_short = NULL;
  g_autofree char *per_ml = NULL;
  g_autofree char *weight = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  g_autofree char *soft_limit = NULL;
  g_autofree char *hard_limit = NULL;
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();
  const SpDrugProfile *note_profile;
  const SpDoseLimits *limits;
  const SpStandardConcentration *standard;
  const char *basis;
  SpNumberStyle style;
  GDateTime *time;
  int rate_decimals;
  gboolean ordered, compact;
  double from, to, step, ordered_rate = NAN;
  guint ordered_row = G_MAXUINT;

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

  /* The table: around the ordered dose unless asked otherwise. */
  ordered = options->ordered_dose > 0;
  compact = ordered && !options->full_table && isnan (options->from) && isnan (options->to);
  from = options->from;
  to = options->to;
  step = options->step;
  if (compact)
    compact_range (options, limits, &from, &to, &step);
  table = sp_dose_table_new (options->drug, limits->unit, options->weight_kg,
                             &options->concentration, from, to, step, error);
  if (table == NULL)
    goto out;
  if (ordered)
    {
      ordered_row = find_row (table, options->ordered_dose);
      if (!sp_dose_to_rate (options->ordered_dose, limits->unit, options->weight_kg,
                            &options->concentration, &ordered_rate, error))
        goto out;
    }

  rate_decimals = sp_drug_get_rate_decimals (options->drug);
  if (options->printed != NULL)
    time = options->printed;
  else
    time = now = g_date_time_new_now_local ();
  printed = sp_document_format_time (time);
  conc = sp_drug_format_concentration_in_bag (options->drug, &options->concentration, style);
  conc_short = sp_drug_format_concentration (options->drug, &options->concentration, style);
  per_ml = sp_format_concentration_per_ml (&options->concentration, style);
  /* A dose per kg needs the weight, and so does one per minute whose
   * limits are also per kg (norepinephrine in mcg/min: 3 mcg/kg/min is 120
   * mcg/min at 40 kg); a sheet in units/min shows none. */
  if (limits->unit.per_kg ||
      (!isnan (options->weight_kg) && sp_drug_dose_depends_on_weight (options->drug, limits->unit)))
    weight = sp_format_weight_number (options->weight_kg, style);
  basis = sp_drug_get_amount_basis (options->drug);
  standard = sp_bag_plan_find_standard (options->drug, &options->concentration);

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
  /* A sheet is one page when its type can shrink to fit, to no less than
   * 85% (8 pt body text): an ordered sheet always, a full-range one that
   * is a few lines too long (a 20 kg sheet on Letter put its footnote
   * alone on a second page); a longer table runs on at full size. */
  sp_document_set_fit (doc, 1, SHEET_MIN_SCALE);
  sp_document_set_printed_time (doc, time);
  sp_document_set_running_header (doc, line);
  g_clear_pointer (&line, g_free);

  /* --- letterhead: what it is, and where its numbers come from */
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
  /* --- the label block */
  if (sp_drug_get_high_alert (options->drug))
    {
      /* TRANSLATORS: the flag of an ISMP high-alert medication on the sheet */
      g_autofree char *flag = sp_cite_list_cite (cites, _("HIGH-ALERT MEDICATION: independent double check"),
                                                 sp_drug_get_high_alert_cites (options->drug));

      sp_document_add_heading (doc, flag);
    }
  /* The drug and its concentration, largest, as the bag's label reads:
   * "norepinephrine  16 mg/250 mL", its tall-man source beside it; then
   * the concentration in full, "16 mg in 250 mL (64 mcg/mL) as base". */
  {
    g_autofree char *name_cites = sp_format_cites (sp_drug_get_display_name_cites (options->drug));
    g_autofree char *big = NULL;

    sp_cite_list_add (cites, sp_drug_get_display_name_cites (options->drug));
    big = g_strdup_printf ("%s  %s", sp_drug_get_display_name (options->drug),
                           options->concentration.per_ml_form ? per_ml : conc_short);
    sp_document_add_title (doc, big, name_cites != NULL && *name_cites != '\0' ? name_cites : NULL);
  }
  if (basis != NULL && options->concentration.salt[0] == '\0')
    {
      line = sp_format_as_base (conc);
      sp_document_add_field (doc, _("Concentration"), line, TRUE);
      g_clear_pointer (&line, g_free);
    }
  else
    sp_document_add_field (doc, _("Concentration"), conc, TRUE);
  /* a standard of another drug whose label reads the same but for the name
   * (CLINICAL.md: must differ or be flagged), in bold beside the bag */
  {
    g_autofree char *alike = sp_drug_library_describe_look_alike (options->drugs, options->drug,
                                                                  &options->concentration, style);

    if (alike != NULL)
      /* TRANSLATORS: the sheet's field for a look-alike standard of another drug */
      sp_document_add_field (doc, _("Look-alike"), alike, TRUE);
  }

  if (standard != NULL && sp_standard_concentration_get_diluent (standard) != NULL)
    {
      g_autofree char *diluent = sp_cite_list_cite (cites, sp_standard_concentration_get_diluent (standard),
                                                    standard->cites);

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
  /* route and line */
  switch (sheet_line (options))
    {
    case SP_PROFILE_LINE_PERIPHERAL:
      sp_document_add_field (doc, _("Route"),
                             /* TRANSLATORS: the sheet's route */
                             _("intravenous, continuous; peripheral line: extravasation checks under Administration"),
                             TRUE);
      break;
    case SP_PROFILE_LINE_CENTRAL:
      /* TRANSLATORS: the sheet's route */
      sp_document_add_field (doc, _("Route"), _("intravenous, continuous; central line"), TRUE);
      break;
    case SP_PROFILE_LINE_ANY:
    default:
      /* TRANSLATORS: the sheet's route, the line not given */
      sp_document_add_field (doc, _("Route"), _("intravenous, continuous; line: ______________"),
                             FALSE);
      break;
    }

  if (ordered)
    {
      /* beside a label in the salt, the dose says it is base */
      g_autofree char *dose = sp_format_as_base_if (sp_format_dose (options->ordered_dose,
                                                                    limits->unit, 0, style),
                                                    options->concentration.salt[0] != '\0');
      g_autofree char *rate = sp_drug_format_rate (options->drug, ordered_rate, limits->unit,
                                                   options->weight_kg, &options->concentration,
                                                   style);

      if (weight != NULL)
        /* TRANSLATORS: the ordered dose and its rate: "0.1 mcg/kg/min for 70 kg = 6.6 mL/h" */
        line = g_strdup_printf (_("%s for %s kg = %s mL/h"), dose, weight, rate);
      else
        /* TRANSLATORS: the ordered dose and its rate: "0.03 units/min = 9 mL/h" */
        line = g_strdup_printf (_("%s = %s mL/h"), dose, rate);
      sp_document_add_field (doc, _("Ordered"), line, TRUE);
      g_clear_pointer (&line, g_free);
      /* an order above the soft limit says so beside it, as the dose card
       * does (one above the hard limit never reaches a sheet) */
      {
        SpLimitCheck check;

        if (sp_drug_check_dose (options->drug, options->ordered_dose, limits->unit,
                                options->weight_kg, &check, NULL) &&
            check.state != SP_LIMIT_OK)
          {
            g_autofree char *alert = sp_drug_describe_limit (options->drug, options->ordered_dose,
                                                             limits->unit, &check, style);
            g_autofree char *value = sp_cite_list_cite (cites, alert, limits->limit_cites);

            sp_document_add_field (doc, _("Warning"), value, TRUE);
          }
      }
      /* and an order the pump's step takes too far from its dose */
      {
        g_autofree char *rounding = sp_drug_describe_rate_rounding (options->drug,
                                                                    options->ordered_dose,
                                                                    limits->unit, options->weight_kg,
                                                                    &options->concentration, style);

        if (rounding != NULL)
          {
            g_autofree char *value = sp_cite_list_cite (cites, rounding,
                                                        sp_drug_get_rate_rounding_cites (options->drug));

            sp_document_add_field (doc, _("Pump step"), value, TRUE);
          }
      }
    }
  else if (weight != NULL)
    {
      line = g_strdup_printf ("%s kg", weight);
      sp_document_add_field (doc, _("Weight"), line, TRUE);
      g_clear_pointer (&line, g_free);
    }

  add_preparation (doc, options, standard, cites);
  if (ordered)
    add_bag_plan (doc, options, limits->unit, ordered_rate, cites);

  /* --- dosing, in the same run of fields */
  if (!ordered)
    sp_document_add_field (doc, _("Dose unit"), sp_dose_unit_get_label (limits->unit), TRUE);
  /* the title says "as base" of an ordered sheet, its notes what base is */
  if (basis != NULL && !ordered)
    /* TRANSLATORS: what the amounts measure: "norepinephrine base" */
    sp_document_add_field (doc, _("Amounts are"), basis, FALSE);
  {
    g_autofree char *usual = usual_text (cites, limits, style);
    /* a heavy patient's soft limit inside the usual range (the library's
     * 70 mcg/min is 0.583 mcg/kg/min at 120 kg): said with the range, as
     * the step's dose range on screen says it */
    g_autofree char *noted = usual != NULL
      ? sp_drug_append_soft_limit_note (table->drug, usual, limits->usual_min, limits->usual_max,
                                        limits->unit, table->weight_kg, &table->conc, style)
      : NULL;

    if (usual != NULL)
      sp_document_add_field (doc, _("Usual range"), noted != NULL ? noted : usual, FALSE);
  }
  /* the limits that hold at the patient's weight (sp_dose_table_format_limit
   * ()); without one, a dose per minute names the per-kg limits that are
   * lower below a weight (NULL: no such limit) */
  soft_limit = sp_dose_table_format_limit_without_weight (table, FALSE, style);
  if (soft_limit == NULL)
    soft_limit = sp_dose_table_format_limit (table, FALSE, style);
  hard_limit = sp_dose_table_format_limit_without_weight (table, TRUE, style);
  if (hard_limit == NULL)
    hard_limit = sp_dose_table_format_limit (table, TRUE, style);
  if (ordered && soft_limit != NULL && hard_limit != NULL)
    {
      /* TRANSLATORS: the limits in one line: "confirm above 1 mcg/kg/min; never above 3 mcg/kg/min" */
      g_autofree char *text = g_strdup_printf (_("confirm above %s; never above %s"), soft_limit,
                                               hard_limit);
      g_autofree char *value = sp_cite_list_cite (cites, text, holding_cites (table, TRUE));

      sp_document_add_field (doc, _("Limits"), value, TRUE);
    }
  else
    {
    if (soft_limit != NULL)
      {
        /* TRANSLATORS: "1 mcg/kg/min: above it, confirm the dose" */
        g_autofree char *text = g_strdup_printf (_("%s: above it, confirm the dose"), soft_limit);
        g_autofree char *value = sp_cite_list_cite (cites, text, holding_cites (table, FALSE));

        sp_document_add_field (doc, _("Soft limit"), value, FALSE);
      }
    if (hard_limit != NULL)
      {
        /* TRANSLATORS: "3 mcg/kg/min: never exceeded, a higher dose is refused" */
        g_autofree char *text = g_strdup_printf (_("%s: never exceeded, a higher dose is refused"),
                                                 hard_limit);
        g_autofree char *value = sp_cite_list_cite (cites, text, holding_cites (table, TRUE));

        sp_document_add_field (doc, _("Hard limit"), value, TRUE);
      }
    }
  /* without a weight, the limits per minute are not the ones that hold
   * below the weights named above: said, with how to get them */
  if (!isnan (sp_dose_table_get_per_kg_below (table)))
    {
      g_autofree char *below = sp_format_weight_number (sp_dose_table_get_per_kg_below (table),
                                                        style);
      g_autofree char *text = NULL;

      /* TRANSLATORS: a sheet in mcg/min made without a weight: "For a patient
       * under 100 kg a limit per kg is lower than the limits in mcg/min, and
       * rows of the table may be above it: print the sheet for the
       * patient's weight." */
      text = g_strdup_printf (_("For a patient under %s kg a limit per kg is lower than the "
                                "limits in %s, and rows of the table may be above it: print the "
                                "sheet for the patient’s weight."),
                              below, sp_dose_unit_get_label (limits->unit));
      sp_document_add_field (doc, _("Warning"), text, TRUE);
    }
  if (!isnan (limits->titration_step) && !compact)
    {
      g_autofree char *dose = sp_format_dose (limits->titration_step, limits->unit, 0, style);
      g_autofree char *value = sp_cite_list_cite (cites, dose, limits->limit_cites);

      sp_document_add_field (doc, _("Titration step"), value, FALSE);
    }
  if (options->case_data != NULL)
    add_case (doc, options);

  /* --- patient, order and double-check lines */
  sp_document_add_space (doc, 2);
  {
    const char *patient[] = { _("Patient name"), _("Date of birth"), _("MRN"), NULL };
    const char *order[] = { _("Prescriber"), _("Ordered at"), _("Use by"), NULL };
    const char *prepared[] = { _("Prepared by"), _("Checked by"), _("Date, time"), NULL };

    sp_document_add_write_in (doc, patient);
    sp_document_add_write_in (doc, order);
    sp_document_add_write_in (doc, prepared);
  }


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
    if (compact)
      {
        g_autofree char *step_text = sp_format_dose (table->step, limits->unit, 0, style);
        g_autofree char *cited = NULL;

        g_autofree char *rounded = NULL;

        line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* TRANSLATORS: above the compact table of an ordered
                                              * dose: "The ordered dose ± 5 steps of 0.02
                                              * mcg/kg/min." */
                                             "The ordered dose ± %d step of %s.",
                                             "The ordered dose ± %d steps of %s.",
                                             SP_INFUSION_SHEET_ORDER_STEPS),
                                SP_INFUSION_SHEET_ORDER_STEPS, step_text);
        rounded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Rates rounded to %d decimal place, as the pump shows them.",
                                                "Rates rounded to %d decimal places, as the pump shows them.",
                                                rate_decimals),
                                   rate_decimals);
        cited = isnan (options->step) ? sp_cite_list_cite (cites, line, limits->limit_cites)
                                      : g_strdup (line);
        g_free (line);
        line = g_strdup_printf ("%s %s", cited, rounded);
        g_free (cited);
        cited = g_steal_pointer (&line);
        sp_document_add_paragraph (doc, cited);
        g_clear_pointer (&line, g_free);
      }
    if (first_marked > 0)
      add_rate_table (doc, table, 0, first_marked, ordered ? ordered_row : G_MAXUINT, style);
    if (first_marked < table->rows->len)
      {
        g_autofree char *soft = sp_dose_table_format_limit (table, FALSE, style);
        /* TRANSLATORS: heads the rows above the soft limit: "Above the soft limit of 1 mcg/kg/min: confirm the dose" */
        g_autofree char *above = g_strdup_printf (_("Above the soft limit of %s: confirm the dose"), soft);

        sp_document_add_heading (doc, above);
        add_rate_table (doc, table, first_marked, table->rows->len,
                        ordered ? ordered_row : G_MAXUINT, style);
      }

    {
      gboolean at_hard = !isnan (table->hard_max) && table->to >= table->hard_max;
      g_autofree char *to_text = at_hard ? sp_dose_table_format_limit (table, TRUE, style)
                                         : sp_format_dose (table->to, limits->unit, 0, style);
      g_autofree char *rounded = NULL;
      g_autofree char *text = NULL;

      /* two short paragraphs: the last dose and its unit stay on one line */
      rounded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* TRANSLATORS: below the rate table */
                                              "Rates rounded to %d decimal place, as the pump shows them.",
                                              "Rates rounded to %d decimal places, as the pump shows them.",
                                              rate_decimals),
                                 rate_decimals);
      if (at_hard)
        /* TRANSLATORS: below the rate table */
        text = g_strdup_printf (_("The table ends at the hard limit (%s): no higher dose is printed."),
                                to_text);
      else
        /* TRANSLATORS: below the rate table: "The table ends at 0.3 mcg/kg/min." */
        text = g_strdup_printf (_("The table ends at %s."), to_text);
      /* a compact table said its rounding above it, and its end is in
       * sight: said only at the hard limit */
      if (!compact)
        sp_document_add_paragraph (doc, rounded);
      if (!compact || table->clipped || at_hard)
        sp_document_add_paragraph (doc, text);
    }
    /* what the dose the pump gives beside a row, or a mark, says */
    if (sp_dose_table_get_largest_rounding (table) > 0)
      {
        g_autofree char *percent = sp_format_dose_number (sp_drug_get_rate_rounding_percent (options->drug),
                                                          style);
        g_autofree char *largest = sp_drug_format_rate_rounding_percent (options->drug,
                                                                         sp_dose_table_get_largest_rounding (table),
                                                                         style);
        g_autofree char *text = NULL;
        g_autofree char *cited = NULL;

        if (ordered)
          /* TRANSLATORS: below an ordered sheet's table with rows the pump's
           * step takes too far: "Set to the rate shown, the pump gives a
           * dose more than 5% from the row's where the table says what it
           * gives (up to 33.3% here)." */
          text = g_strdup_printf (_("Set to the rate shown, the pump gives a dose more than %s%% "
                                    "from the row’s where the table says what it gives (up to "
                                    "%s%% here)."),
                                  percent, largest);
        else
          /* TRANSLATORS: below a rate table with rows marked "*": "* Set to
           * the rate shown, the pump gives a dose more than 5% from the
           * row's (up to 33.3% here)." */
          text = g_strdup_printf (_("* Set to the rate shown, the pump gives a dose more than %s%% "
                                    "from the row’s (up to %s%% here)."),
                                  percent, largest);
        cited = sp_cite_list_cite (cites, text, sp_drug_get_rate_rounding_cites (options->drug));

        sp_document_add_paragraph (doc, cited);
      }
  }

  /* --- administration notes: the line's first (a peripheral line's
   * extravasation checks), then the drug's */
  note_profile = line_note_profile (options);
  if (sp_drug_get_n_notes (options->drug) > 0 || note_profile != NULL)
    {
      sp_document_add_heading (doc, _("Administration"));
      if (note_profile != NULL)
        {
          g_autofree char *text = sp_cite_list_cite (cites, sp_drug_profile_get_line_note (note_profile),
                                                     sp_drug_profile_get_line_note_cites (note_profile));

          sp_document_add_item (doc, text, FALSE, TRUE);
        }
      for (guint i = 0; i < sp_drug_get_n_notes (options->drug); i++)
        {
          const SpDrugNote *note = sp_drug_get_note (options->drug, i);
          g_autofree char *text = sp_cite_list_cite (cites, note->text, note->cites);

          sp_document_add_item (doc, text, FALSE, FALSE);
        }
    }

  /* --- sources, in small type: the label block and the table come first */
  add_compact_references (doc, cites, options);

out:
  return g_steal_pointer (&doc);
}
