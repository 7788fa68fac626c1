/* sp-case-summary.c: a patient's assessment on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the assessment the engine made (it keeps its protocol) and the case's
 * infusions; computes nothing clinical of its own beyond asking sp-dose for
 * the pump rate of an infusion whose concentration is recorded.
 */
#define G_LOG_DOMAIN "sp-case-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "sp-case-summary.h"
#include "sp-case-trend.h"
#include "sp-dose.h"
#include "sp-engine.h"
#include "sp-font-caches.h"
#include "sp-scores.h"
#include "sp-timeline-series.h"
#include "sp-timeline.h"

/* The references of a summary: the protocol's first, the drug library's
 * for the ids only it has. */
typedef struct {
  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
} Sources;

static const char *
reference_text (const char *id,
                gpointer    user_data)
{
  const Sources *sources = user_data;
  const SpReference *reference = sp_protocol_find_reference (sources->protocol, id);

  return reference != NULL ? reference->text : sp_drug_library_get_reference (sources->drugs, id);
}

static void
add_inputs (SpDocument   *doc,
            SpAssessment *assessment,
            SpNumberStyle style)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  g_autoptr(GString) missing = g_string_new (NULL);

  sp_document_add_heading (doc, _("Inputs"));
  for (guint f = 0; f < SP_N_FIELDS; f++)
    {
      g_autofree char *value = NULL;

      if (!sp_patient_state_is_set (state, f))
        {
          gboolean derived = FALSE;
          double number;

          /* a derived MAP is shown as such, not as missing */
          if (!(f == SP_FIELD_MAP &&
                sp_patient_state_get_effective (state, f, &number, &derived) && derived))
            {
              if (missing->len > 0)
                g_string_append (missing, ", ");
              g_string_append (missing, sp_field_get_label (f));
              continue;
            }
        }

      value = sp_assessment_format_value (assessment, f, style);
      sp_document_add_field (doc, sp_field_get_label (f), value, FALSE);
    }

  if (missing->len > 0)
    sp_document_add_field (doc, _("Not entered"), missing->str, FALSE);
}


/* Each score and the staging at this moment, with its sources; the stage
 * with the criterion that defines it. */
static void
add_scores (SpDocument   *doc,
            SpAssessment *assessment,
            SpCiteList   *cites,
            SpNumberStyle style)
{
  const SpStagingResult *staging = sp_assessment_get_staging (assessment);

  if (sp_assessment_get_n_scores (assessment) == 0 && staging == NULL)
    return;

  sp_document_add_heading (doc, _("Scores"));
  for (guint i = 0; i < sp_assessment_get_n_scores (assessment); i++)
    {
      const SpScoreResult *score = sp_assessment_get_score (assessment, i);
      g_autofree char *value = sp_score_format_value (score, style);
      g_autofree char *text = sp_cite_list_cite (cites, value, score->score->cites);
      g_autofree char *label = g_strdup_printf ("%s (%s)", score->score->name,
                                                score->score->abbreviation);

      sp_document_add_field (doc, label, text, FALSE);
    }
  if (staging != NULL)
    {
      g_autofree char *stage = sp_staging_format (staging);
      g_autofree char *text = sp_cite_list_cite (cites, stage, staging->staging->cites);

      sp_document_add_field (doc, staging->staging->name, text, staging->stage == NULL);
      if (staging->stage != NULL)
        {
          const SpCriterionResult *result =
            sp_assessment_get_criterion (assessment, staging->stage->criterion);
          g_autofree char *why = sp_cite_list_cite (cites, result->criterion->text, result->criterion->cites);

          sp_document_add_paragraph (doc, why);
        }
    }
}

static void
add_assessment (SpDocument   *doc,
                SpAssessment *assessment,
                SpCiteList   *cites,
                SpNumberStyle style)
{
  const SpStep *step = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);

  sp_document_add_heading (doc, _("Assessment"));
  if (step == NULL)
    /* Awaiting data: no step applies; "Why" below names the values to enter. */
    sp_document_add_field (doc, _("Active step"), _("No step applies yet"), TRUE);
  else
    {
      g_autofree char *title = sp_cite_list_cite (cites, step->title, step->cites);

      sp_document_add_field (doc, _("Active step"), title, TRUE);
      if (step->summary != NULL)
        sp_document_add_field (doc, "", step->summary, FALSE);
    }
  if (rule != NULL && rule->reason != NULL)
    {
      g_autofree char *why = sp_cite_list_cite (cites, rule->reason, rule->cites);

      sp_document_add_field (doc, _("Why"), why, FALSE);
    }

  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    {
      const SpActionResult *action = sp_assessment_get_action (assessment, i);
      g_autofree char *text = sp_cite_list_cite (cites, action->text, action->action->cites);

      sp_document_add_item (doc, text, FALSE, FALSE);
    }

  if (sp_assessment_get_n_criteria (assessment) > 0)
    {
      const char *headers[] = { _("Criterion"), _("State"), _("Value"), NULL };
      const double widths[] = { 3.2, 0.9, 2.0 };
      const SpAlign aligns[] = { SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START };

      sp_document_add_heading (doc, _("Criteria"));
      sp_document_begin_table (doc, 3, headers, widths, aligns);
      for (guint i = 0; i < sp_assessment_get_n_criteria (assessment); i++)
        {
          const SpCriterionResult *result = sp_assessment_get_criterion (assessment, i);
          g_autofree char *text = NULL;
          g_autoptr(GString) values = NULL;
          const char *cells[4];

          /* A staging's criteria are shown with the scores. */
          if (result->criterion->staging)
            continue;
          text = sp_cite_list_cite (cites, result->criterion->text, result->criterion->cites);
          values = g_string_new (NULL);

          if (result->criterion->note != NULL)
            {
              g_autofree char *with_note = g_strdup_printf ("%s (%s)", text, result->criterion->note);

              g_free (text);
              text = g_steal_pointer (&with_note);
            }
          for (guint j = 0; result->fields != NULL && j < result->fields->len; j++)
            {
              SpField field = g_array_index (result->fields, SpField, j);
              g_autofree char *value = sp_assessment_format_value (assessment, field, style);

              if (values->len > 0)
                g_string_append (values, "; ");
              g_string_append_printf (values, "%s %s", sp_field_get_short_label (field), value);
            }
          cells[0] = text;
          cells[1] = sp_tri_get_label (result->state);
          cells[2] = values->str;
          cells[3] = NULL;
          sp_document_add_row (doc, cells, result->state == SP_TRI_UNKNOWN);
        }
      sp_document_end_table (doc);
    }

  add_scores (doc, assessment, cites, style);

  sp_document_add_heading (doc, _("Alerts"));
  if (sp_assessment_get_n_alerts (assessment) == 0)
    sp_document_add_paragraph (doc, _("None."));
  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);
      g_autofree char *text = sp_cite_list_cite (cites, alert->message, (const char * const *) alert->cites);
      /* Translators: a label and its text ("Soft limit: …"); French puts a space before the colon */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), sp_severity_get_label (alert->severity), text);

      sp_document_add_item (doc, line, FALSE, alert->severity != SP_SEVERITY_INFO);
    }
}

/* What runs: the case's infusions, the one record of it, each with the
 * concentration it assumes; a dose recorded without its concentration (an
 * older file's therapy field) shows no rate. A rate the pump's step takes
 * too far from its dose says so under it. */
static void
add_infusions (SpDocument       *doc,
               SpAssessment     *assessment,
               SpDrugLibrary    *drugs,
               const SpCaseData *case_data,
               SpCiteList       *cites,
               SpNumberStyle     style)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  double weight = NAN;
  guint n = 0;

  if (!sp_patient_state_get_effective (state, SP_FIELD_WEIGHT, &weight, NULL))
    weight = NAN;

  sp_document_add_heading (doc, _("Running infusions"));
  for (guint i = 0; case_data != NULL && case_data->infusions != NULL &&
                    i < case_data->infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (case_data->infusions, i);
      const SpDrug *drug = sp_drug_library_lookup (drugs, infusion->drug_id);
      const char *name = drug != NULL ? sp_drug_get_display_name (drug) : infusion->drug_id;
      g_autofree char *conc = NULL;
      g_autofree char *dose = NULL;
      g_autofree char *text = NULL;
      g_autofree char *rounding = NULL;
      double rate;

      n++;
      if (infusion->has_dose)
        dose = sp_format_dose (infusion->dose, infusion->dose_unit, 0, style);
      if (!infusion->has_concentration)
        {
          if (dose != NULL)
            /* TRANSLATORS: "norepinephrine 0.3 mcg/kg/min: no concentration recorded, no rate shown" */
            text = g_strdup_printf (_("%s %s: no concentration recorded, no rate shown"),
                                    name, dose);
          else
            /* TRANSLATORS: "DOBUTamine: runs at a dose not recorded; no concentration recorded" */
            text = g_strdup_printf (_("%s: runs at a dose not recorded; no concentration recorded"),
                                    name);
          sp_document_add_item (doc, text, FALSE, TRUE);
          continue;
        }

      conc = drug != NULL
             ? sp_drug_format_concentration_in_bag (drug, &infusion->concentration, style)
             : sp_format_concentration_in_bag (&infusion->concentration, style);
      if (dose == NULL && infusion->running)
        {
          /* TRANSLATORS: "DOBUTamine at 1,000 mg in 250 mL (4,000 mcg/mL): runs at a dose not recorded" */
          text = g_strdup_printf (_("%s at %s: runs at a dose not recorded"), name, conc);
        }
      else if (dose == NULL)
        {
          /* TRANSLATORS: "DOBUTamine at 1,000 mg in 250 mL (4,000 mcg/mL): no dose recorded" */
          text = g_strdup_printf (_("%s at %s: no dose recorded"), name, conc);
        }
      else if (sp_dose_to_rate (infusion->dose, infusion->dose_unit, weight,
                                &infusion->concentration, &rate, NULL))
        {
          g_autofree char *rate_text =
            drug != NULL ? sp_drug_format_rate (drug, rate, infusion->dose_unit, weight,
                                                &infusion->concentration, style)
                         : sp_format_rate_number (rate, 1, style);

          /* TRANSLATORS: "DOBUTamine 5 mcg/kg/min at 1,000 mg in 250 mL (4,000 mcg/mL): 6 mL/h" */
          text = g_strdup_printf (_("%s %s at %s: %s mL/h"), name, dose, conc, rate_text);
          if (drug != NULL)
            rounding = sp_drug_describe_rate_rounding (drug, infusion->dose, infusion->dose_unit,
                                                       weight, &infusion->concentration, style);
        }
      else
        {
          /* TRANSLATORS: a rate cannot be computed (no weight) */
          text = g_strdup_printf (_("%s %s at %s: no rate without the weight"), name, dose, conc);
        }
      sp_document_add_item (doc, text, FALSE, TRUE);
      if (rounding != NULL)
        {
          g_autofree char *cited = sp_cite_list_cite (cites, rounding,
                                                      sp_drug_get_rate_rounding_cites (drug));
          /* Translators: a label and its text ("Soft limit: …"); French puts a space before the colon */
          g_autofree char *line = g_strdup_printf (_("%s: %s"), _("Pump step"), cited);

          sp_document_add_item (doc, line, FALSE, TRUE);
        }
    }

  if (n == 0)
    sp_document_add_paragraph (doc, _("None recorded."));
}

static void
draw_trend (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  SpTrendStyle style;

  sp_trend_style_init_print (&style);
  sp_trend_plot_draw (data, cr, width, height, &style);
}

/* The trend plot from @from (NULL: the first entry), full width, as high as
 * its panels need and at least @min_height points. */
static void
add_trend (SpDocument       *doc,
           SpProtocol       *protocol,
           SpDrugLibrary    *drugs,
           const SpCaseData *case_data,
           GDateTime        *from,
           double            min_height,
           SpNumberStyle     style)
{
  SpTrendPlot *plot = sp_case_trend_new (case_data, protocol, drugs, from, style);
  SpTrendStyle print;
  double a4_width, letter_width, height;
  double width;

  /* The narrower text width of A4 and Letter. */
  sp_paper_get_size (SP_PAPER_A4, &a4_width, &height);
  sp_paper_get_size (SP_PAPER_LETTER, &letter_width, &height);
  width = sp_document_get_text_width (MIN (a4_width, letter_width));

  sp_trend_style_init_print (&print);
  sp_document_add_figure (doc, MAX (min_height, sp_trend_plot_get_minimum_height (plot, width, &print)),
                          draw_trend, plot, (GDestroyNotify) sp_trend_plot_free);
}

/* The handover's longest author or reason, in characters: the full
 * summary has the rest. */
#define HANDOVER_TEXT_MAX 64
/* The full summary's longest in a flowsheet cell: a longer one is given in
 * full under the table, at the page's width (a row of 500-character
 * texts in the time column ran through the footer). */
#define FLOWSHEET_TEXT_MAX 160

/* @text, or its first @max characters and "…" when it is longer. */
static char *
shortened (const char *text,
           glong       max)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, max - 1);
  return g_strconcat (start, "…", NULL);
}

/* The timeline as a flowsheet: each entry from @from on (NULL: all) in time
 * order with its values, infusion events, and the step and scores from then
 * on; the newest @max_rows when there are more (G_MAXUINT: all). A corrected
 * entry stays, struck through; its correction says who corrected it, when,
 * why. @brief (the handover): an author or reason longer than
 * HANDOVER_TEXT_MAX characters is cut short, so that a long one does not
 * push the newest entry off its one page. */
static void
add_flowsheet (SpDocument       *doc,
               SpProtocol       *protocol,
               SpDrugLibrary    *drugs,
               const SpCaseData *case_data,
               GDateTime        *from,
               guint             max_rows,
               gboolean          brief,
               SpNumberStyle     style)
{
  glong text_max = brief ? HANDOVER_TEXT_MAX : FLOWSHEET_TEXT_MAX;
  g_autoptr(GPtrArray) in_full = g_ptr_array_new_with_free_func (g_free);
  const char *headers[] = { _("Time"), _("Values"), _("Infusions"), _("Algorithm"), NULL };
  const double widths[] = { 1.4, 2.3, 2.1, 2.0 };
  const SpAlign aligns[] = { SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START, SP_ALIGN_START };
  g_autoptr(GDateTime) last_day = NULL;
  /* One pass: the step and scores at every entry. */
  g_autoptr(GPtrArray) assessments = sp_timeline_evaluate (case_data->timeline, protocol, drugs);
  guint first = 0;
  guint in_range = 0;

  for (guint i = 0; i < case_data->timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (case_data->timeline, i);

      if (from != NULL && g_date_time_compare (entry->time, from) < 0)
        first = i + 1;
    }
  in_range = case_data->timeline->len - first;
  if (in_range > max_rows)
    {
      g_autofree char *note = NULL;

      /* TRANSLATORS: above a flowsheet cut to fit the page */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u earlier entry is in the full case summary.",
                                           "%u earlier entries are in the full case summary.",
                                           in_range - max_rows),
                              in_range - max_rows);
      first += in_range - max_rows;
      sp_document_add_paragraph (doc, note);
    }

  sp_document_begin_table (doc, 4, headers, widths, aligns);
  for (guint i = first; i < case_data->timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (case_data->timeline, i);
      const SpCaseEntry *correction = sp_timeline_get_correction (case_data->timeline, entry);
      g_autoptr(GString) when = g_string_new (NULL);
      g_autoptr(GString) values = g_string_new (NULL);
      g_autoptr(GString) events = g_string_new (NULL);
      g_autofree char *time = sp_timeline_format_local_time (entry->time, &last_day);
      g_autofree char *corrected = NULL;
      g_autofree char *algorithm = NULL;
      const char *cells[5];

      g_string_append (when, time);
      if (entry->author != NULL)
        {
          g_autofree char *author = shortened (entry->author, text_max);

          g_string_append_printf (when, " %s", author);
        }
      if (entry->corrects != NULL)
        {
          g_autofree char *correction_text = sp_case_entry_describe_correction (entry);
          g_autofree char *text = shortened (correction_text, text_max);

          g_string_append_printf (when, "\n%s", text);
        }
      else if (sp_case_entry_get_reason (entry) != NULL)
        {
          /* the entry's own reason, as the window's log shows it */
          g_autofree char *reason = shortened (sp_case_entry_get_reason (entry), text_max);

          g_string_append_printf (when, "\n%s", reason);
        }
      {
        g_autofree char *late = sp_case_entry_describe_late (entry);

        if (late != NULL)
          g_string_append_printf (when, "\n%s", late);
      }

      for (guint j = 0; j < entry->observations->len; j++)
        {
          g_autofree char *item = sp_case_observation_format (g_ptr_array_index (entry->observations, j),
                                                              style);

          g_string_append_printf (values, "%s%s", j > 0 ? "; " : "", item);
        }
      for (guint j = 0; j < entry->events->len; j++)
        {
          g_autofree char *item = sp_case_event_format (g_ptr_array_index (entry->events, j),
                                                        drugs, style);

          g_string_append_printf (events, "%s%s", j > 0 ? "\n" : "", item);
        }
      if (entry->corrects != NULL && sp_case_entry_is_empty (entry))
        g_string_append (values, _("entered in error"));

      /* too long for its cell: whole, under the table (the handover leaves
       * it to the full summary) */
      if (!brief)
        {
          const char *reason = entry->corrects == NULL ? sp_case_entry_get_reason (entry) : NULL;

          if ((entry->author != NULL && g_utf8_strlen (entry->author, -1) > text_max) ||
              (reason != NULL && g_utf8_strlen (reason, -1) > text_max))
            /* TRANSLATORS: an entry's author and reason in full, under the
             * flowsheet: "e13 at 14:45 (AB): why it was done" */
            g_ptr_array_add (in_full, g_strdup_printf (_("%s at %s (%s): %s"), entry->id, time,
                                                       entry->author != NULL ? entry->author : "",
                                                       reason != NULL ? reason : ""));
        }

      if (correction != NULL)
        algorithm = sp_timeline_describe_struck (case_data->timeline, entry, TRUE);
      else
        algorithm = sp_assessment_format_step_and_scores (g_ptr_array_index (assessments, i),
                                                          style);

      cells[0] = when->str;
      cells[1] = values->str;
      cells[2] = events->str;
      cells[3] = algorithm;
      cells[4] = NULL;
      if (correction != NULL)
        sp_document_add_struck_row (doc, cells);
      else
        sp_document_add_row (doc, cells, FALSE);
    }
  sp_document_end_table (doc);

  if (in_full->len > 0)
    {
      /* TRANSLATORS: a heading under the flowsheet */
      sp_document_add_heading (doc, _("Authors and reasons in full"));
      for (guint i = 0; i < in_full->len; i++)
        sp_document_add_item (doc, g_ptr_array_index (in_full, i), FALSE, FALSE);
    }
}

SpDocument *
sp_case_summary_new (SpAssessment     *assessment,
                     SpDrugLibrary    *drugs,
                     const SpCaseData *case_data,
                     GDateTime        *printed,
                     SpNumberStyle     style)
{
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *line = NULL;
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();
  SpProtocol *protocol;
  const char *title = NULL;
  const char *notes = NULL;

  g_return_val_if_fail (SP_IS_ASSESSMENT (assessment), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  protocol = sp_assessment_get_protocol (assessment);
  if (printed == NULL)
    printed = now = g_date_time_new_now_local ();
  time_text = sp_document_format_time (printed);
  /* The case's title and notes in the user's language. */
  if (case_data != NULL)
    {
      title = sp_case_data_get_title (case_data);
      notes = sp_case_data_get_notes (case_data);
    }

  doc = sp_document_new (_("Case summary"));
  sp_document_set_printed_time (doc, printed);
  /* TRANSLATORS: heads every page after the first */
  line = g_strdup_printf (_("Case summary · %s · continued"),
                          title != NULL ? title : time_text);
  sp_document_set_running_header (doc, line);
  g_clear_pointer (&line, g_free);

  line = g_strdup_printf (_("ShockPath · Case summary · printed %s"), time_text);
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (_("Protocol: %s, version %s"), sp_protocol_get_name (protocol),
                          sp_protocol_get_version (protocol));
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  {
    g_autofree char *library = sp_drug_library_describe (drugs);

    /* TRANSLATORS: "Drug library: ICU drug library, version 2, profile “...”" */
    line = g_strdup_printf (_("Drug library: %s"), library);
  }
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  {
    const char *labels[] = { _("Patient name"), _("Patient ID"), _("Ward"), NULL };

    sp_document_add_write_in (doc, labels);
  }
  sp_document_add_space (doc, 6);
  sp_document_add_title (doc, _("Case summary"), NULL);
  if (title != NULL)
    sp_document_add_field (doc, _("Case"), title, TRUE);
  if (notes != NULL)
    sp_document_add_field (doc, _("Notes"), notes, FALSE);

  add_assessment (doc, assessment, cites, style);
  add_infusions (doc, assessment, drugs, case_data, cites, style);
  add_inputs (doc, assessment, style);
  if (case_data != NULL && case_data->timeline->len > 0)
    {
      sp_document_add_heading (doc, _("Trend"));
      add_trend (doc, protocol, drugs, case_data, NULL, 260, style);
      sp_document_add_heading (doc, _("Flowsheet"));
      add_flowsheet (doc, protocol, drugs, case_data, NULL, G_MAXUINT, FALSE, style);
    }

  if (sp_assessment_get_n_monitoring (assessment) > 0)
    {
      sp_document_add_heading (doc, _("Monitoring"));
      for (guint i = 0; i < sp_assessment_get_n_monitoring (assessment); i++)
        {
          const SpMonitorResult *result = sp_assessment_get_monitoring (assessment, i);
          g_autofree char *text = sp_cite_list_cite (cites, result->item->text, result->item->cites);
          g_autofree char *values = sp_assessment_format_monitor_values (assessment, result,
                                                                         style);

          /* The patient's values of the item's fields (HR, ScvO2) beside it. */
          if (values != NULL)
            {
              g_autofree char *with_values = g_strdup_printf ("%s — %s", text, values);

              g_free (text);
              text = g_steal_pointer (&with_values);
            }

          sp_document_add_item (doc, text, TRUE, result->emphasised);
        }
    }

  {
    gboolean any = FALSE;

    for (guint s = 0; s < sp_protocol_get_n_steps (protocol); s++)
      {
        const SpStep *step = sp_protocol_get_step (protocol, s);

        for (guint i = 0; step->notes != NULL && i < step->notes->len; i++)
          {
            const SpStepNote *note = g_ptr_array_index (step->notes, i);
            g_autofree char *text = sp_cite_list_cite (cites, note->text, note->cites);
            /* Translators: a step and its evidence note ("Step 3: norepinephrine: …") */
            g_autofree char *item = g_strdup_printf (_("%s: %s"), step->title, text);

            if (!any)
              sp_document_add_heading (doc, _("Evidence notes"));
            any = TRUE;
            sp_document_add_item (doc, item, FALSE, FALSE);
          }
      }
  }

  {
    Sources sources = { protocol, drugs };

    sp_document_add_references (doc, _("References"), cites, reference_text, &sources);
  }

  return g_steal_pointer (&doc);
}

/* --- handover ------------------------------------------------------------ */

/* Lays @doc out on the smaller of A4 and Letter (A4's width, Letter's
 * height) and returns its number of pages. */
static guint
count_pages (SpDocument *doc)
{
  /* measured as the PDF is written: with hinted metrics the rows came out
   * taller, and a row that fits was left off with the page part blank */
  PangoContext *context = sp_document_context_new (sp_font_map_get_default ());
  double a4_width, a4_height, letter_width, letter_height;
  guint pages;

  sp_paper_get_size (SP_PAPER_A4, &a4_width, &a4_height);
  sp_paper_get_size (SP_PAPER_LETTER, &letter_width, &letter_height);
  pages = sp_document_paginate (doc, context, MIN (a4_width, letter_width),
                                MIN (a4_height, letter_height));
  /* Pango 1.50 has no g_autoptr for PangoContext. */
  g_object_unref (context);
  return pages;
}

static SpDocument *
build_handover (SpAssessment     *assessment,
                SpDrugLibrary    *drugs,
                const SpCaseData *case_data,
                GDateTime        *printed,
                GDateTime        *from,
                guint             hours,
                guint             max_rows,
                SpNumberStyle     style)
{
  SpProtocol *protocol = sp_assessment_get_protocol (assessment);
  const SpStep *step = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  g_autoptr(SpDocument) doc = sp_document_new (_("Handover"));
  g_autofree char *time_text = sp_document_format_time (printed);
  g_autofree char *line = NULL;
  g_autofree char *scores = sp_assessment_format_step_and_scores (assessment, style);
  const char *title = sp_case_data_get_title (case_data);
  const char *labels[] = { _("Patient name"), _("Patient ID"), _("Ward"), NULL };
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();

  sp_document_set_printed_time (doc, printed);
  line = g_strdup_printf (_("Handover · %s · continued"), title != NULL ? title : time_text);
  sp_document_set_running_header (doc, line);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (_("ShockPath · Handover · printed %s · protocol %s %s · drug library %s %s"),
                          time_text, sp_protocol_get_name (protocol),
                          sp_protocol_get_version (protocol), sp_drug_library_get_name (drugs),
                          sp_drug_library_get_version (drugs));
  sp_document_add_caption (doc, line);
  g_clear_pointer (&line, g_free);
  /* the profile the doses and bags are read in, as the full summary names it */
  if (sp_drug_library_get_profile (drugs) != NULL)
    {
      line = g_strdup_printf (_("Profile: %s"),
                              sp_drug_profile_get_name (sp_drug_library_get_profile (drugs)));
      sp_document_add_caption (doc, line);
      g_clear_pointer (&line, g_free);
    }
  sp_document_add_write_in (doc, labels);
  /* TRANSLATORS: the handover page's title: "Handover: the last 12 hours" */
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Handover: the last %u hour",
                                       "Handover: the last %u hours", hours), hours);
  sp_document_add_title (doc, line, title);
  g_clear_pointer (&line, g_free);

  /* Now: the step, why, the scores; what runs; what to watch. Each
   * statement with its sources' ids, as the full summary cites them. */
  sp_document_add_field (doc, _("Now"), scores, TRUE);
  if (step != NULL && rule != NULL && rule->reason != NULL)
    {
      g_autofree char *why = sp_cite_list_cite (cites, rule->reason, rule->cites);

      sp_document_add_field (doc, _("Why"), why, FALSE);
    }
  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    {
      const SpActionResult *action = sp_assessment_get_action (assessment, i);
      g_autofree char *text = sp_cite_list_cite (cites, action->text, action->action->cites);

      sp_document_add_item (doc, text, FALSE, FALSE);
    }
  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);
      g_autofree char *text = NULL;

      if (alert->severity == SP_SEVERITY_INFO)
        continue;
      text = sp_cite_list_cite (cites, alert->message, (const char * const *) alert->cites);
      sp_document_add_item (doc, text, FALSE, TRUE);
    }
  add_infusions (doc, assessment, drugs, case_data, cites, style);
  /* A case without a timeline has no trend and no flowsheet to show (it
   * printed an empty table with its header row): said in a sentence. */
  if (case_data->timeline->len == 0)
    {
      sp_document_add_paragraph (doc, _("Nothing is recorded in the timeline yet: the values "
                                        "above are the case's now."));
      return g_steal_pointer (&doc);
    }
  if (sp_case_data_has_unrecorded (case_data))
    sp_document_add_paragraph (doc, _("The case holds changes not recorded in the timeline: "
                                      "the values above are the state now."));

  sp_document_add_heading (doc, _("Trend"));
  add_trend (doc, protocol, drugs, case_data, from, 210, style);
  sp_document_add_heading (doc, _("Flowsheet"));
  add_flowsheet (doc, protocol, drugs, case_data, from, max_rows, TRUE, style);
  /* The sources' texts are the full summary's: here the page is the
   * newest entries' (a list of references took their rows). */
  return g_steal_pointer (&doc);
}

SpDocument *
sp_case_handover_new (SpAssessment     *assessment,
                      SpDrugLibrary    *drugs,
                      const SpCaseData *case_data,
                      GDateTime        *printed,
                      guint             hours,
                      SpNumberStyle     style)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) from = NULL;

  g_return_val_if_fail (SP_IS_ASSESSMENT (assessment), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (case_data != NULL, NULL);
  g_return_val_if_fail (hours > 0, NULL);

  if (printed == NULL)
    printed = now = g_date_time_new_now_local ();

  from = sp_timeline_dup_last_hours_start (case_data->timeline, hours);

  /* One page: the oldest rows of the flowsheet give way (the plot keeps
   * all the hours; the full summary keeps every row). The most rows that
   * fit, found by halving: @low fits (none at worst), @high does not. */
  {
    guint low = 0;
    guint high = case_data->timeline->len + 1;
    g_autoptr(SpDocument) all = build_handover (assessment, drugs, case_data, printed, from,
                                                hours, G_MAXUINT, style);

    if (count_pages (all) <= 1)
      return g_steal_pointer (&all);
    high = case_data->timeline->len;
    while (high - low > 1)
      {
        guint middle = low + (high - low) / 2;
        g_autoptr(SpDocument) doc = build_handover (assessment, drugs, case_data, printed, from,
                                                    hours, middle, style);

        if (count_pages (doc) <= 1)
          low = middle;
        else
          high = middle;
      }
    return build_handover (assessment, drugs, case_data, printed, from, hours, low, style);
  }
}
