/* sp-cli-evaluate.c: shockpath-cli evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient state from a case file and --set FIELD=VALUE, evaluated by the
 * decision engine; the assessment printed as a report or as JSON.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sp-case-file.h"
#include "sp-case.h"
#include "sp-cli.h"
#include "sp-engine.h"
#include "sp-scores.h"

/* Whether the engine knows @field (MAP may be derived). */
static gboolean
field_known (const SpPatientState *state,
             SpField               field)
{
  double value;
  gboolean derived;

  if (sp_patient_state_is_set (state, field))
    return TRUE;

  return field == SP_FIELD_MAP && sp_patient_state_get_effective (state, field, &value, &derived);
}

/* The values behind a criterion: "85 mmHg", or "SBP 85 mmHg; MAP 65 mmHg
 * (derived)" when it reads several; NULL when none is known. */
static char *
criterion_value (SpAssessment            *assessment,
                 const SpCriterionResult *result,
                 SpNumberStyle            style)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; result->fields != NULL && i < result->fields->len; i++)
    {
      SpField field = g_array_index (result->fields, SpField, i);
      g_autofree char *value = NULL;

      if (!field_known (state, field))
        continue;

      value = sp_assessment_format_value (assessment, field, style);
      if (n++ > 0)
        g_string_append (text, "; ");
      if (result->fields->len > 1)
        g_string_append_printf (text, "%s %s", sp_field_get_short_label (field), value);
      else
        g_string_append (text, value);
    }

  if (n == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- JSON ------------------------------------------------------------------ */

static void
json_field_value (SpJsonWriter         *writer,
                  const SpPatientState *state,
                  SpField               field)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  double value;
  gboolean derived;

  if (field == SP_FIELD_MAP)
    {
      if (sp_patient_state_get_effective (state, field, &value, &derived))
        sp_json_writer_number (writer, value);
      else
        sp_json_writer_null (writer);
      return;
    }

  if (!sp_patient_state_is_set (state, field))
    sp_json_writer_null (writer);
  else if (info->kind == SP_FIELD_KIND_CHOICE)
    sp_json_writer_string (writer, sp_patient_state_get_choice (state, field));
  else
    sp_json_writer_number (writer, state->values[field].number);
}

/* The members sp_cli_json_scores () writes, for an entry that has no
 * assessment of its own (a struck one): each of @protocol's scores null,
 * no details, no stage. */
void
sp_cli_json_no_scores (SpJsonWriter *writer,
                       SpProtocol   *protocol)
{
  sp_json_writer_member (writer, "scores");
  sp_json_writer_begin_object (writer);
  for (guint i = 0; i < sp_protocol_get_n_scores (protocol); i++)
    sp_json_writer_member_null (writer, sp_protocol_get_score (protocol, i)->id);
  sp_json_writer_end_object (writer);
  sp_json_writer_member (writer, "score_details");
  sp_json_writer_begin_array (writer);
  sp_json_writer_end_array (writer);
  sp_json_writer_member_null (writer, "scai_stage");
  sp_json_writer_member_null (writer, "scai_at_least");
  sp_json_writer_member (writer, "scai_missing");
  sp_json_writer_begin_array (writer);
  sp_json_writer_end_array (writer);
  sp_json_writer_member_strv (writer, "scai_cites", NULL);
}

/* "scores" {"nee": 0.15, "vis": null}, "score_details" with each score's
 * name, unit, reason when unknown and sources; "scai_stage" ("A".."E" or
 * null), "scai_at_least" and "scai_missing" (the field ids that would
 * decide it). */
void
sp_cli_json_scores (SpJsonWriter *writer,
                    SpAssessment *assessment)
{
  const SpStagingResult *staging = sp_assessment_get_staging (assessment);
  const guint n = sp_assessment_get_n_scores (assessment);

  sp_json_writer_member (writer, "scores");
  sp_json_writer_begin_object (writer);
  for (guint i = 0; i < n; i++)
    {
      const SpScoreResult *score = sp_assessment_get_score (assessment, i);

      sp_json_writer_member (writer, score->score->id);
      if (score->known)
        sp_json_writer_number (writer, score->value);
      else
        sp_json_writer_null (writer);
    }
  sp_json_writer_end_object (writer);

  sp_json_writer_member (writer, "score_details");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < n; i++)
    {
      const SpScoreResult *score = sp_assessment_get_score (assessment, i);
      g_autofree char *text = sp_score_format_value (score, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", score->score->id);
      sp_json_writer_member_string (writer, "name", score->score->name);
      sp_json_writer_member_string (writer, "abbreviation", score->score->abbreviation);
      sp_json_writer_member_string (writer, "unit", score->score->has_unit
                                    ? sp_dose_unit_to_string (score->score->unit) : NULL);
      sp_json_writer_member_string (writer, "text", text);
      sp_json_writer_member_string (writer, "unknown_reason", score->unknown_reason);
      sp_json_writer_member_strv (writer, "cites", score->score->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  if (staging == NULL)
    return;
  sp_json_writer_member_string (writer, "scai_stage",
                                staging->stage != NULL ? staging->stage->label : NULL);
  sp_json_writer_member_string (writer, "scai_at_least",
                                staging->at_least != NULL ? staging->at_least->label : NULL);
  sp_json_writer_member (writer, "scai_missing");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < staging->missing->len; i++)
    sp_json_writer_string (writer,
                           sp_field_get_info (g_array_index (staging->missing, SpField, i))->id);
  sp_json_writer_end_array (writer);
  sp_json_writer_member_strv (writer, "scai_cites", staging->staging->cites);
}

static void
json_action (SpJsonWriter         *writer,
             SpCli                *cli,
             const SpActionResult *result)
{
  const SpAction *action = result->action;

  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", action->id);
  sp_json_writer_member_string (writer, "text", result->text != NULL ? result->text : action->text);
  sp_json_writer_member_string (writer, "drug", action->drug_id);
  sp_json_writer_member_number (writer, "dose_min", action->dose_min);
  sp_json_writer_member_number (writer, "dose_max", action->dose_max);
  sp_json_writer_member_string (writer, "dose_unit",
                                action->has_dose_unit ? sp_dose_unit_to_string (action->dose_unit) : NULL);
  if (result->has_rates)
    {
      sp_json_writer_member_number (writer, "rate_min_ml_per_h", result->rate_min_ml_h);
      sp_json_writer_member_number (writer, "rate_max_ml_per_h", result->rate_max_ml_h);
      sp_json_writer_member (writer, "concentration");
      sp_cli_json_concentration (writer, &result->concentration,
                                 action->has_dose_unit ? action->dose_unit.amount
                                                       : result->concentration.amount_unit);
    }
  else
    {
      sp_json_writer_member_null (writer, "rate_min_ml_per_h");
      sp_json_writer_member_null (writer, "rate_max_ml_per_h");
      sp_json_writer_member_null (writer, "concentration");
    }
  /* Which bag the rates assume: the running infusion's, the bag of one on
   * record that does not run, or the library's standard one when there is
   * none; "not-recorded" gives no rates. */
  sp_json_writer_member_string (writer, "concentration_basis",
                                sp_rate_basis_to_string (result->basis));
  sp_json_writer_member_strv (writer, "cites", action->cites);
  sp_json_writer_end_object (writer);
}

/* What runs, as the case holds it: each infusion's drug, its dose in its
 * own unit (null when not recorded) and its concentration (null when not
 * recorded). "inputs" gives the therapy fields in their units, null where
 * a dose cannot be put in one (5 mcg/min and no weight). */
static void
json_infusions (SpJsonWriter *writer,
                GPtrArray    *infusions)
{
  sp_json_writer_member (writer, "infusions");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (!sp_case_infusion_runs (infusion))
        continue;
      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "drug", infusion->drug_id);
      if (infusion->has_dose)
        {
          sp_json_writer_member_number (writer, "dose", infusion->dose);
          sp_json_writer_member_string (writer, "dose_unit",
                                        sp_dose_unit_to_string (infusion->dose_unit));
        }
      else
        {
          sp_json_writer_member_null (writer, "dose");
          sp_json_writer_member_null (writer, "dose_unit");
        }
      sp_json_writer_member (writer, "concentration");
      if (infusion->has_concentration)
        sp_cli_json_concentration (writer, &infusion->concentration,
                                   infusion->has_dose ? infusion->dose_unit.amount
                                                      : infusion->concentration.amount_unit);
      else
        sp_json_writer_null (writer);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
}

static void
print_json (SpCli        *cli,
            SpAssessment *assessment,
            GPtrArray    *infusions)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  const SpStep *step = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  double map;
  gboolean map_derived = FALSE;

  sp_json_writer_begin_object (writer);

  sp_json_writer_member (writer, "protocol");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", sp_protocol_get_id (cli->protocol));
  sp_json_writer_member_string (writer, "name", sp_protocol_get_name (cli->protocol));
  sp_json_writer_member_string (writer, "version", sp_protocol_get_version (cli->protocol));
  sp_json_writer_end_object (writer);
  sp_cli_json_drug_library (writer, cli->drugs);

  /* No step while the protocol awaits data: "active_step": null, and the
   * reason names the values to enter. */
  sp_json_writer_member_string (writer, "active_step", step != NULL ? step->id : NULL);
  sp_json_writer_member_boolean (writer, "awaiting_data", step == NULL);
  sp_json_writer_member_string (writer, "active_step_title", step != NULL ? step->title : NULL);
  sp_json_writer_member_string (writer, "reason", rule != NULL ? rule->reason : NULL);
  sp_json_writer_member_strv (writer, "reason_cites", rule != NULL ? rule->cites : NULL);
  sp_json_writer_member_strv (writer, "reason_criteria", rule != NULL ? rule->criteria : NULL);

  sp_json_writer_member (writer, "criteria");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_assessment_get_n_criteria (assessment); i++)
    {
      const SpCriterionResult *result = sp_assessment_get_criterion (assessment, i);
      g_autofree char *value = criterion_value (assessment, result, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", result->criterion->id);
      sp_json_writer_member_string (writer, "state", sp_tri_to_string (result->state));
      /* Added: the same reading as a boolean (null: unknown), and what it
       * means for the patient ("good", "bad"; null: neutral or unknown). */
      if (result->state == SP_TRI_UNKNOWN)
        sp_json_writer_member_null (writer, "holds");
      else
        sp_json_writer_member_boolean (writer, "holds", result->state == SP_TRI_MET);
      sp_json_writer_member_string (writer, "finding",
                                    sp_finding_to_string (sp_criterion_result_get_finding (result)));
      sp_json_writer_member_string (writer, "text", result->criterion->text);
      sp_json_writer_member_string (writer, "value", value);
      sp_json_writer_member (writer, "deciding_inputs");
      sp_json_writer_begin_array (writer);
      for (guint j = 0; result->deciding_fields != NULL && j < result->deciding_fields->len; j++)
        {
          SpField field = g_array_index (result->deciding_fields, SpField, j);

          sp_json_writer_string (writer, sp_field_get_info (field)->id);
        }
      sp_json_writer_end_array (writer);
      sp_json_writer_member_strv (writer, "cites", result->criterion->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "alerts");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", alert->id);
      sp_json_writer_member_string (writer, "severity", sp_severity_to_string (alert->severity));
      sp_json_writer_member_string (writer, "message", alert->message);
      sp_json_writer_member_strv (writer, "cites", (const char * const *) alert->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "actions");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    json_action (writer, cli, sp_assessment_get_action (assessment, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "monitoring");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_assessment_get_n_monitoring (assessment); i++)
    {
      const SpMonitorResult *result = sp_assessment_get_monitoring (assessment, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", result->item->id);
      sp_json_writer_member_string (writer, "text", result->item->text);
      sp_json_writer_member_boolean (writer, "emphasised", result->emphasised);
      /* The patient's values of the fields the item concerns (HR, ScvO2):
       * null when not entered. */
      sp_json_writer_member (writer, "values");
      sp_json_writer_begin_array (writer);
      for (guint j = 0; j < result->n_fields; j++)
        {
          SpField field = result->fields[j];
          g_autofree char *text = NULL;

          if (field_known (state, field))
            text = sp_assessment_format_value (assessment, field, SP_NUMBER_C);
          sp_json_writer_begin_object (writer);
          sp_json_writer_member_string (writer, "field", sp_field_get_info (field)->id);
          sp_json_writer_member (writer, "value");
          json_field_value (writer, state, field);
          sp_json_writer_member_string (writer, "text", text);
          sp_json_writer_end_object (writer);
        }
      sp_json_writer_end_array (writer);
      sp_json_writer_member_strv (writer, "cites", result->item->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  /* The active step's notes: evidence, guidelines that differ. */
  sp_json_writer_member (writer, "notes");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; step != NULL && step->notes != NULL && i < step->notes->len; i++)
    {
      const SpStepNote *note = g_ptr_array_index (step->notes, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "text", note->text);
      sp_json_writer_member_string (writer, "severity", sp_severity_to_string (note->severity));
      sp_json_writer_member_strv (writer, "cites", note->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_cli_json_scores (writer, assessment);

  sp_json_writer_member (writer, "inputs");
  sp_json_writer_begin_object (writer);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      sp_json_writer_member (writer, sp_field_get_info (i)->id);
      json_field_value (writer, state, i);
    }
  if (!sp_patient_state_get_effective (state, SP_FIELD_MAP, &map, &map_derived))
    map_derived = FALSE;
  sp_json_writer_member_boolean (writer, "map_derived", map_derived);
  sp_json_writer_end_object (writer);
  json_infusions (writer, infusions);

  sp_json_writer_end_object (writer);
  sp_cli_json_print (writer);
}

/* --- the report ------------------------------------------------------------ */

/* "  ✓ Systolic BP remains < 90 mmHg: 84 mmHg [seed-1]" */
/* "  label: value" with the locale's colon ("Poids : 70 kg" in French). */
static void
append_pair (GString    *out,
             const char *label,
             const char *value)
{
  /* Translators: a label and its text ("holds: MAP ≥ 65 mmHg"); French puts a space before the colon */
  g_autofree char *pair = g_strdup_printf (_("%s: %s"), label, value);

  g_string_append_printf (out, "  %s", pair);
}

static void
append_criterion (GString                 *out,
                  SpAssessment            *assessment,
                  const SpCriterionResult *result)
{
  g_autofree char *value = criterion_value (assessment, result, SP_NUMBER_LOCALE);
  const char *mark;

  switch (result->state)
    {
    case SP_TRI_MET:
      mark = "✓";
      break;
    case SP_TRI_UNMET:
      mark = "✗";
      break;
    case SP_TRI_UNKNOWN:
    default:
      mark = "?";
      break;
    }

  if (value != NULL)
    {
      g_autofree char *marked = g_strdup_printf ("%s %s", mark, result->criterion->text);

      append_pair (out, marked, value);
    }
  else
    g_string_append_printf (out, "  %s %s", mark, result->criterion->text);
  sp_append_cites (out, result->criterion->cites);
  if (result->criterion->note != NULL)
    g_string_append_printf (out, " (%s)", result->criterion->note);
  if (result->deciding_fields != NULL && result->deciding_fields->len > 0)
    {
      g_autoptr(GString) fields = g_string_new (NULL);

      for (guint j = 0; j < result->deciding_fields->len; j++)
        {
          SpField field = g_array_index (result->deciding_fields, SpField, j);

          if (j > 0)
            g_string_append (fields, ", ");
          g_string_append (fields, sp_field_get_info (field)->id);
        }
      /* TRANSLATORS: after an unknown criterion, the fields that would decide
       * it: "— enter: lactate, urine" */
      g_string_append_printf (out, " — %s %s", _("enter:"), fields->str);
    }
  g_string_append_c (out, '\n');
}

/* "Scores:" and one line per score and the staging, with sources. */
static void
append_scores (GString      *out,
               SpAssessment *assessment)
{
  const SpStagingResult *staging = sp_assessment_get_staging (assessment);

  if (sp_assessment_get_n_scores (assessment) == 0 && staging == NULL)
    return;

  g_string_append_printf (out, "\n%s\n", _("Scores:"));
  for (guint i = 0; i < sp_assessment_get_n_scores (assessment); i++)
    {
      const SpScoreResult *score = sp_assessment_get_score (assessment, i);
      g_autofree char *value = sp_score_format_value (score, SP_NUMBER_LOCALE);

      g_autofree char *name = g_strdup_printf ("%s (%s)", score->score->name,
                                               score->score->abbreviation);

      append_pair (out, name, value);
      sp_append_cites (out, score->score->cites);
      g_string_append_c (out, '\n');
    }
  if (staging != NULL)
    {
      g_autofree char *stage = sp_staging_format (staging);

      append_pair (out, staging->staging->name, stage);
      sp_append_cites (out, staging->staging->cites);
      g_string_append_c (out, '\n');
    }
}

static void
print_report (SpCli        *cli,
              SpAssessment *assessment)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  const SpStep *step = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_inputs = 0;

  /* TRANSLATORS: the first line of the report: "Cardiogenic shock, version 1" */
  g_string_append_printf (out, _("Protocol: %s, version %s"),
                          sp_protocol_get_name (cli->protocol),
                          sp_protocol_get_version (cli->protocol));
  g_string_append_c (out, '\n');
  {
    g_autofree char *library = sp_drug_library_describe (cli->drugs);

    /* TRANSLATORS: "Drug library: ICU drug library, version 2, profile “...”" */
    g_string_append_printf (out, _("Drug library: %s"), library);
  }
  g_string_append (out, "\n\n");

  if (step != NULL)
    g_string_append_printf (out, "%s\n", step->title);
  if (step == NULL && rule != NULL)
    {
      /* Awaiting data: no step applies; the reason, which names the values
       * to enter, is the headline. */
      g_string_append (out, rule->reason);
      sp_append_cites (out, rule->cites);
      g_string_append_c (out, '\n');
    }
  else if (rule != NULL)
    {
      /* TRANSLATORS: the reason the active step applies */
      g_string_append_printf (out, _("Why: %s"), rule->reason);
      sp_append_cites (out, rule->cites);
      g_string_append_c (out, '\n');
      for (guint i = 0; rule->criteria[i] != NULL; i++)
        append_criterion (out, assessment, sp_assessment_find_criterion (assessment,
                                                                         rule->criteria[i]));
    }

  g_string_append_printf (out, "\n%s\n", _("Patient:"));
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (!field_known (state, i))
        continue;
      value = sp_assessment_format_value (assessment, i, SP_NUMBER_LOCALE);
      append_pair (out, sp_field_get_label (i), value);
      g_string_append_c (out, '\n');
      n_inputs++;
    }
  if (n_inputs == 0)
    g_string_append_printf (out, "  %s\n", _("nothing entered"));

  /* The criteria the active step shows (all of them in --json). */
  g_string_append_printf (out, "\n%s\n", _("Criteria:"));
  if (step != NULL && step->criteria != NULL && step->criteria[0] != NULL)
    {
      for (guint i = 0; step->criteria[i] != NULL; i++)
        {
          const SpCriterionResult *result = sp_assessment_find_criterion (assessment, step->criteria[i]);

          if (result != NULL)
            append_criterion (out, assessment, result);
        }
    }
  else
    {
      for (guint i = 0; i < sp_assessment_get_n_criteria (assessment); i++)
        if (!sp_assessment_get_criterion (assessment, i)->criterion->staging)
          append_criterion (out, assessment, sp_assessment_get_criterion (assessment, i));
    }

  if (sp_assessment_get_n_alerts (assessment) > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Alerts:"));
      for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
        {
          const SpAlert *alert = sp_assessment_get_alert (assessment, i);

          append_pair (out, sp_severity_get_label (alert->severity), alert->message);
          sp_append_cites (out, (const char * const *) alert->cites);
          g_string_append_c (out, '\n');
        }
    }

  append_scores (out, assessment);

  if (sp_assessment_get_n_actions (assessment) > 0)
    g_string_append_printf (out, "\n%s\n", _("Actions:"));
  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    {
      const SpActionResult *result = sp_assessment_get_action (assessment, i);
      const SpAction *action = result->action;

      g_string_append_printf (out, "  • %s", result->text != NULL ? result->text : action->text);
      sp_append_cites (out, action->cites);
      g_string_append_c (out, '\n');

    }

  if (sp_assessment_get_n_monitoring (assessment) > 0)
    g_string_append_printf (out, "\n%s\n", _("Monitoring:"));
  for (guint i = 0; i < sp_assessment_get_n_monitoring (assessment); i++)
    {
      const SpMonitorResult *result = sp_assessment_get_monitoring (assessment, i);

      g_autofree char *values = sp_assessment_format_monitor_values (assessment, result,
                                                                     SP_NUMBER_LOCALE);

      g_string_append_printf (out, "  %s %s", result->emphasised ? "▶" : "•", result->item->text);
      sp_append_cites (out, result->item->cites);
      if (values != NULL)
        g_string_append_printf (out, " — %s", values);
      g_string_append_c (out, '\n');
    }

  if (step != NULL && step->notes != NULL && step->notes->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Notes:"));
      for (guint i = 0; i < step->notes->len; i++)
        {
          const SpStepNote *note = g_ptr_array_index (step->notes, i);

          append_pair (out, sp_severity_get_label (note->severity), note->text);
          sp_append_cites (out, note->cites);
          g_string_append_c (out, '\n');
        }
    }

  /* The protocol's disclaimer, as the window says it. */
  if (sp_protocol_get_disclaimer (cli->protocol) != NULL)
    g_string_append_printf (out, "\n%s\n", sp_protocol_get_disclaimer (cli->protocol));
  sp_cli_print (out->str);
}

int
sp_cli_command_evaluate (SpCli  *cli,
                         char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) sets = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *at_text = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(SpCaseData) data = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Start from this case file"), N_("FILE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("Evaluate the case's timeline at this moment (ISO 8601; without an offset, local time)"),
      N_("TIME") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set a patient field (an empty value unsets it); repeatable"), N_("FIELD=VALUE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *fields = sp_cli_field_ids_text ();
  /* TRANSLATORS: %s is the list of patient field ids */
  g_autofree char *description = g_strdup_printf (_("Fields: %s"), fields);

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Evaluate a patient state against the protocol: the active "
                                         "step and why, each criterion, alerts, actions with doses "
                                         "and pump rates, monitoring."),
                                       entries);
  g_option_context_set_description (context, description);
  if ((status = sp_cli_option_parse (cli, context, "evaluate", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("evaluate: unexpected argument “%s”"), args[1]);

  if (at_text != NULL && (at = sp_cli_parse_time ("--at", at_text, &status)) == NULL)
    return status;
  if ((status = sp_cli_case_at (cli, case_path, at, sets, &data)) != SP_CLI_EXIT_OK)
    return status;

  assessment = sp_engine_evaluate (cli->protocol, cli->drugs, &data->patient, data->infusions);

  if (cli->json)
    print_json (cli, assessment, data->infusions);
  else
    print_report (cli, assessment);

  return SP_CLI_EXIT_OK;
}
