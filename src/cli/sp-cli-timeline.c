/* sp-cli-timeline.c: shockpath-cli record and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `record` appends one entry to a case's timeline (for monitor and EHR
 * import scripts): the values given with --set, the infusions started,
 * changed or stopped with --infusion and --stop, at --at (default now). The
 * case is checked with the entry as the window would check it and written
 * atomically: a killed `record` leaves the old file or the new one.
 *
 * `history` prints the timeline with the active step, the scores and the
 * SCAI stage at each entry; corrected entries are listed, marked struck.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sp-case.h"
#include "sp-cli.h"
#include "sp-engine.h"
#include "sp-scores.h"
#include "sp-timeline-series.h"
#include "sp-timeline.h"

/* --- record ---------------------------------------------------------------- */

/* --infusion DRUG:DOSE UNIT[@CONCENTRATION]: the drug runs at that dose
 * (and in a bag of that concentration) from this entry on. */
static int
apply_infusion (SpCli      *cli,
                const char *spec,
                GPtrArray  *infusions)
{
  g_autofree char *drug_name = NULL;
  g_autofree char *dose_text = NULL;
  g_autofree char *conc_text = NULL;
  const char *colon = strchr (spec, ':');
  const char *at;
  const SpDrug *drug;
  SpCaseInfusion *infusion;
  g_autoptr(GArray) units = NULL;
  g_autoptr(GError) error = NULL;
  SpConcentration conc;
  SpDoseUnit unit;
  double dose;
  int status = SP_CLI_EXIT_OK;

  if (colon == NULL)
    return sp_cli_usage_error (_("--infusion “%s”: expected DRUG:DOSE UNIT, optionally "
                                 "@CONCENTRATION (norepinephrine:0.1 mcg/kg/min@4 mg/250 mL)"),
                               spec);

  drug_name = g_strstrip (g_strndup (spec, colon - spec));
  at = strchr (colon + 1, '@');
  dose_text = at != NULL ? g_strndup (colon + 1, at - colon - 1) : g_strdup (colon + 1);
  if (at != NULL)
    conc_text = g_strdup (at + 1);

  drug = sp_cli_lookup_drug (cli, "--infusion", drug_name, &status);
  if (drug == NULL)
    return status;

  /* A dose always with its unit: never guessed. */
  units = sp_drug_get_dose_units (drug);
  if (!sp_dose_parse (dose_text, SP_NUMBER_LOCALE, "--infusion",
                      (const SpDoseUnit *) (gpointer) units->data, units->len, NULL,
                      &dose, &unit, &error))
    return sp_cli_refuse ("%s", error->message);
  /* in the drug's terms: "8 mg tartrate/50 mL" names one of its salts */
  if (conc_text != NULL &&
      !sp_drug_parse_concentration (drug, conc_text, SP_NUMBER_LOCALE, "--infusion", &conc, &error))
    return sp_cli_refuse ("%s", error->message);

  infusion = sp_case_infusions_find (infusions, sp_drug_get_id (drug));
  if (infusion == NULL)
    {
      infusion = sp_case_infusion_new (sp_drug_get_id (drug), conc_text != NULL ? &conc : NULL);
      g_ptr_array_add (infusions, infusion);
    }
  else if (conc_text != NULL)
    {
      infusion->has_concentration = TRUE;
      infusion->concentration = conc;
    }
  infusion->has_dose = TRUE;
  infusion->dose = dose;
  infusion->dose_unit = unit;
  infusion->running = FALSE;
  return SP_CLI_EXIT_OK;
}

static int
apply_stop (SpCli      *cli,
            const char *name,
            GDateTime  *at,
            GPtrArray  *infusions)
{
  int status = SP_CLI_EXIT_OK;
  const SpDrug *drug = sp_cli_lookup_drug (cli, "--stop", name, &status);
  SpCaseInfusion *infusion;

  if (drug == NULL)
    return status;
  infusion = sp_case_infusions_find (infusions, sp_drug_get_id (drug));
  if (infusion == NULL || !sp_case_infusion_runs (infusion))
    {
      g_autofree char *when = sp_case_format_time (at);

      return sp_cli_refuse (_("--stop %s: %s does not run at %s"), name,
                            sp_drug_get_display_name (drug), when);
    }
  g_ptr_array_remove (infusions, infusion);
  return SP_CLI_EXIT_OK;
}

/* An author or a reason as the case file keeps it: one line of at most
 * SHORT_TEXT_MAX characters (data/case.rng). */
#define SHORT_TEXT_MAX 500

static int
check_short_text (const char *option,
                  const char *text)
{
  if (text == NULL)
    return SP_CLI_EXIT_OK;
  if (strpbrk (text, "\r\n") != NULL)
    /* TRANSLATORS: "--reason: one line of text; it has a line break" */
    return sp_cli_refuse (_("%s: one line of text; it has a line break"), option);
  /* An escape or another control character is not text a record can keep
   * (XML has no place for most of them): refused, never replaced. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      /* TRANSLATORS: "--author: text only; it has the control character U+001B" */
      return sp_cli_refuse (_("%s: text only; it has the control character U+%04X"), option,
                            (guint) g_utf8_get_char (p));
  if (g_utf8_strlen (text, -1) > SHORT_TEXT_MAX)
    /* TRANSLATORS: "--author: at most 500 characters; it has 600" */
    return sp_cli_refuse (_("%s: at most %d characters; it has %ld"), option, SHORT_TEXT_MAX,
                          g_utf8_strlen (text, -1));
  return SP_CLI_EXIT_OK;
}

/* Drops @entry's observation of @field, if it has one. */
static void
remove_observation (SpCaseEntry *entry,
                    SpField      field)
{
  for (guint i = 0; i < entry->observations->len; i++)
    if (((const SpCaseObservation *) g_ptr_array_index (entry->observations, i))->field == field)
      {
        g_ptr_array_remove_index (entry->observations, i);
        return;
      }
}

/* One line about the entry recorded: "e13 2026-12-03T14:30:00+01:00: MAP
 * 65 mmHg; Norepinephrine 0.12 mcg/kg/min". */
static char *
describe_entry (SpCli             *cli,
                const SpCaseEntry *entry,
                SpNumberStyle      style)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *time = sp_case_format_time (entry->time);

  g_string_append_printf (text, "%s %s:", entry->id, time);
  for (guint i = 0; i < entry->observations->len; i++)
    {
      g_autofree char *item = sp_case_observation_format (g_ptr_array_index (entry->observations, i),
                                                          style);

      g_string_append_printf (text, "%s %s", i > 0 ? ";" : "", item);
    }
  for (guint i = 0; i < entry->events->len; i++)
    {
      g_autofree char *item = sp_case_event_format (g_ptr_array_index (entry->events, i),
                                                    cli->drugs, style);

      g_string_append_printf (text, "%s %s", i > 0 || entry->observations->len > 0 ? ";" : "",
                              item);
    }
  if (sp_case_entry_is_empty (entry))
    g_string_append_printf (text, " %s", _("entered in error"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
sp_cli_command_record (SpCli  *cli,
                       char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) infusion_specs = NULL;
  g_auto(GStrv) stops = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *author = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *corrects = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpCaseData) scratch = NULL;
  g_autoptr(SpCaseEntry) entry = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const SpCaseEntry *recorded;
  const SpCaseEntry *target = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("The case file to add the entry to (required)"), N_("FILE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("When it was observed or done (ISO 8601; without an offset, local time); default now"),
      N_("TIME") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author,
      N_("Who records it (initials or a name)"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why (required for a correction: what was wrong)"), N_("TEXT") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("A value observed (a therapy field starts or changes an infusion); repeatable"),
      N_("FIELD=VALUE") },
    { "infusion", 0, 0, G_OPTION_ARG_STRING_ARRAY, &infusion_specs,
      N_("An infusion started or changed: norepinephrine:0.1 mcg/kg/min@4 mg/250 mL; repeatable"),
      N_("DRUG:DOSE UNIT[@CONCENTRATION]") },
    { "stop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &stops,
      N_("An infusion stopped; repeatable"), N_("DRUG") },
    { "corrects", 0, 0, G_OPTION_ARG_STRING, &corrects,
      N_("Record a correction of this entry (the values given replace its own, the "
         "rest of it is kept; none: entered in error)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print the entry recorded as one JSON object"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Add one entry to a case's timeline: values observed and "
                                         "infusions started, changed or stopped at one time. The "
                                         "case file is replaced atomically."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "record", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("record: unexpected argument “%s”"), args[1]);
  if (case_path == NULL)
    return sp_cli_missing_option ("record", "--case");
  if (corrects == NULL && sets == NULL && infusion_specs == NULL && stops == NULL)
    return sp_cli_usage_error (_("record: nothing to record; give --set, --infusion or --stop "
                                 "(or --corrects ID for an entry entered in error)"));
  /* a record corrected says why (refused by the core too; said here
   * with the option that gives it) */
  if (corrects != NULL && (reason == NULL || *g_strstrip (reason) == '\0'))
    return sp_cli_usage_error (_("record: --corrects %s needs --reason: what was wrong with it"),
                               corrects);
  if ((status = check_short_text ("--author", author)) != SP_CLI_EXIT_OK ||
      (status = check_short_text ("--reason", reason)) != SP_CLI_EXIT_OK)
    return status;
  if (at_text != NULL && (at = sp_cli_parse_time ("--at", at_text, &status)) == NULL)
    return status;
  if (at != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!sp_case_check_entry_time (at, now, &error))
        return sp_cli_refuse ("--at %s: %s", at_text, error->message);
    }
  if ((status = sp_cli_check_sets (sets)) != SP_CLI_EXIT_OK)
    return status;

  if ((status = sp_cli_case (cli, case_path, NULL, &data)) != SP_CLI_EXIT_OK)
    return status;

  if (corrects != NULL)
    {
      target = sp_timeline_lookup (data->timeline, corrects);

      if (target == NULL)
        {
          /* what it takes: its entries' ids (`history` lists them) */
          if (data->timeline->len == 0)
            return sp_cli_refuse (_("--corrects %s: the case has no timeline yet: nothing to "
                                    "correct"), corrects);
          return sp_cli_refuse (ngettext ("--corrects %s: the timeline has no such entry (it "
                                          "has %u entry; shockpath-cli history lists the ids)",
                                          "--corrects %s: the timeline has no such entry (it "
                                          "has %u entries; shockpath-cli history lists the ids)",
                                          data->timeline->len),
                                corrects, data->timeline->len);
        }
      /* A correction stands at the time of what it corrects, unless --at
       * moves it. */
      if (at == NULL)
        at = g_date_time_ref (target->time);
    }
  if (at == NULL)
    at = g_date_time_new_now_local ();

  /* What the timeline says at that moment; the options change a copy of it
   * and the entry records the difference. A case without a timeline starts
   * it from its values and infusions as they are (sp_case_data_add_entry ()
   * carries them over). */
  scratch = sp_case_data_new ();
  if (data->timeline->len == 0)
    {
      scratch->patient = data->patient;
      sp_case_infusions_append_copies (scratch->infusions, data->infusions);
    }
  /* a correction starts from just after its entry, wherever --at puts
   * it: one of the same time recorded after it is not part of it, and
   * the entry's own events are (moved earlier, it lost them) */
  else if (target != NULL)
    {
      if (!sp_timeline_state_after (data->timeline, target, case_path, &scratch->patient,
                                    scratch->infusions, &error))
        return sp_cli_refuse ("%s", error->message);
    }
  else if (
      g_date_time_compare (at, ((SpCaseEntry *) g_ptr_array_index (data->timeline, 0))->time) >= 0 &&
      !sp_timeline_state_at (data->timeline, at, case_path, &scratch->patient, scratch->infusions,
                             &error))
    return sp_cli_refuse ("%s", error->message);
  /* a correction starts from its entry's values (sp_case_entry_new_correction ());
   * its events are worked out below */
  if (target != NULL)
    {
      entry = sp_case_entry_new_correction (data->timeline, target);
      g_date_time_unref (entry->time);
      entry->time = g_date_time_ref (at);
      g_ptr_array_set_size (entry->events, 0);
      if (sets == NULL && infusion_specs == NULL && stops == NULL)
        g_ptr_array_set_size (entry->observations, 0);
    }
  else
    entry = sp_case_entry_new (NULL, at);
  entry->author = g_strdup (author);
  entry->reason = g_strdup (reason);

  {
    g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

    /* A correction with values keeps what it does not change of the entry
     * it corrects (a value, an infusion started there): its events are
     * what runs before that entry against what runs with it and the
     * options; its values the entry's, those given replacing theirs. (A
     * correction without values says the entry was entered in error.) */
    if (target != NULL && (sets != NULL || infusion_specs != NULL || stops != NULL))
      {
        if (!sp_timeline_infusions_before (data->timeline, target, case_path, before, &error))
          return sp_cli_refuse ("%s", error->message);
      }
    else
      sp_case_infusions_append_copies (before, scratch->infusions);

    if ((status = sp_cli_apply_sets (cli, sets, scratch)) != SP_CLI_EXIT_OK)
      return status;
    for (guint i = 0; infusion_specs != NULL && infusion_specs[i] != NULL; i++)
      if ((status = apply_infusion (cli, infusion_specs[i], scratch->infusions)) != SP_CLI_EXIT_OK)
        return status;
    for (guint i = 0; stops != NULL && stops[i] != NULL; i++)
      if ((status = apply_stop (cli, stops[i], at, scratch->infusions)) != SP_CLI_EXIT_OK)
        return status;

    /* Every value given is an observation, even one equal to the last: a
     * measurement repeated is still a measurement. */
    for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
      {
        const char *text;
        SpField field;

        if ((status = sp_cli_parse_set (sets[i], &field, &text)) != SP_CLI_EXIT_OK)
          return status;
        if (sp_field_is_therapy (field))
          continue;
        remove_observation (entry, field);
        g_ptr_array_add (entry->observations,
                         sp_case_observation_new (field, &scratch->patient.values[field], NULL));
      }
    g_ptr_array_sort (entry->observations, sp_case_observation_compare_field);
    sp_timeline_infusion_events (before, scratch->infusions, entry->events);
    /* an event the correction keeps as its entry had it keeps its reason */
    for (guint i = 0; target != NULL && i < entry->events->len; i++)
      {
        SpCaseEvent *event = g_ptr_array_index (entry->events, i);

        for (guint j = 0; j < target->events->len && event->reason == NULL; j++)
          {
            const SpCaseEvent *was = g_ptr_array_index (target->events, j);

            if (was->kind == event->kind && sp_case_infusion_equal (was->infusion, event->infusion))
              event->reason = g_strdup (was->reason);
          }
      }
    /* What the window asks about before it applies a dose, said with the
     * entry: a soft limit, a dose far from the one that ran. */
    {
      double weight = NAN;
      gboolean derived;

      if (!sp_patient_state_get_effective (&scratch->patient, SP_FIELD_WEIGHT, &weight, &derived))
        weight = NAN;
      warnings = sp_timeline_infusion_warnings (before, scratch->infusions, cli->drugs, weight,
                                                cli->json ? SP_NUMBER_C : SP_NUMBER_LOCALE);
    }
  }

  recorded = sp_case_data_add_entry (data, g_steal_pointer (&entry), cli->protocol, cli->drugs,
                                     &error);
  if (recorded == NULL)
    return sp_cli_refuse ("%s: %s", case_path, error->message);
  if (!sp_case_file_save (case_path, data, &error))
    return sp_cli_refuse ("%s", error->message);
  /* a value another entry of the same time records otherwise */
  g_ptr_array_extend_and_steal (warnings,
                                sp_timeline_same_time_warnings (data->timeline, recorded,
                                                                cli->json ? SP_NUMBER_C
                                                                          : SP_NUMBER_LOCALE));

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);
      g_autofree char *time = sp_case_format_time (recorded->time);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", recorded->id);
      sp_json_writer_member_string (writer, "time", time);
      sp_json_writer_member_int (writer, "entries", data->timeline->len);
      sp_json_writer_member (writer, "alerts");
      sp_json_writer_begin_array (writer);
      for (guint i = 0; i < warnings->len; i++)
        {
          const SpEntryWarning *warning = g_ptr_array_index (warnings, i);

          sp_json_writer_begin_object (writer);
          sp_json_writer_member_string (writer, "id", warning->id);
          sp_json_writer_member_string (writer, "severity", sp_severity_to_string (warning->severity));
          sp_json_writer_member_string (writer, "drug", warning->drug_id);
          sp_json_writer_member_string (writer, "message", warning->message);
          if (!isnan (warning->factor))
            sp_json_writer_member_number (writer, "factor", warning->factor);
          sp_json_writer_end_object (writer);
        }
      sp_json_writer_end_array (writer);
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
      return SP_CLI_EXIT_OK;
    }

  line = describe_entry (cli, recorded, SP_NUMBER_LOCALE);
  sp_cli_print (line);
  sp_cli_print ("\n");
  /* as `rate` says them */
  for (guint i = 0; i < warnings->len; i++)
    {
      const SpEntryWarning *warning = g_ptr_array_index (warnings, i);

      sp_cli_print_alert (warning->severity, warning->message);
    }
  return SP_CLI_EXIT_OK;
}

/* --- history --------------------------------------------------------------- */

static void
json_entry (SpJsonWriter      *writer,
            SpCli             *cli,
            const SpCaseData  *data,
            const SpCaseEntry *entry,
            SpAssessment      *assessment)
{
  /* the entry that corrected this one: a chain's next, not its end */
  const SpCaseEntry *correction = sp_timeline_get_direct_correction (data->timeline, entry);
  const SpStep *step = assessment != NULL ? sp_assessment_get_active_step (assessment) : NULL;
  g_autofree char *time = sp_case_format_time (entry->time);
  g_autofree char *recorded = entry->recorded != NULL ? sp_case_format_time (entry->recorded) : NULL;

  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", entry->id);
  sp_json_writer_member_string (writer, "time", time);
  sp_json_writer_member_string (writer, "author", entry->author);
  sp_json_writer_member_string (writer, "recorded", recorded);
  sp_json_writer_member_string (writer, "corrects", entry->corrects);
  sp_json_writer_member_string (writer, "corrected_by", correction != NULL ? correction->id : NULL);
  sp_json_writer_member_boolean (writer, "struck", correction != NULL);
  sp_json_writer_member_string (writer, "reason", sp_case_entry_get_reason (entry));
  sp_json_writer_member_boolean (writer, "carried_over", entry->carried_over);

  sp_json_writer_member (writer, "observations");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < entry->observations->len; i++)
    {
      const SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);
      const SpFieldInfo *info = sp_field_get_info (observation->field);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "field", info->id);
      sp_json_writer_member (writer, "value");
      if (!observation->value.set)
        sp_json_writer_null (writer);
      else if (info->kind == SP_FIELD_KIND_CHOICE)
        sp_json_writer_string (writer, info->choices[observation->value.choice]);
      else
        sp_json_writer_number (writer, observation->value.number);
      sp_json_writer_member_string (writer, "reason", observation->reason);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "events");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < entry->events->len; i++)
    {
      const SpCaseEvent *event = g_ptr_array_index (entry->events, i);
      const SpCaseInfusion *infusion = event->infusion;

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "kind", sp_case_event_kind_to_string (event->kind));
      sp_json_writer_member_string (writer, "drug", infusion->drug_id);
      /* every event has every key: null for what it does not say */
      sp_json_writer_member (writer, "dose");
      if (infusion->has_dose)
        {
          sp_json_writer_begin_object (writer);
          sp_json_writer_member_number (writer, "value", infusion->dose);
          sp_json_writer_member_string (writer, "unit", sp_dose_unit_to_string (infusion->dose_unit));
          sp_json_writer_end_object (writer);
        }
      else
        sp_json_writer_null (writer);
      sp_json_writer_member (writer, "concentration");
      if (infusion->has_concentration)
        sp_cli_json_concentration (writer, &infusion->concentration, infusion->concentration.amount_unit);
      else
        sp_json_writer_null (writer);
      sp_json_writer_member_string (writer, "reason", event->reason);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  /* The step and the scores from this entry on (a corrected entry has
   * none of its own: the same keys, null). */
  sp_json_writer_member_string (writer, "active_step", step != NULL ? step->id : NULL);
  if (assessment != NULL)
    sp_cli_json_scores (writer, assessment);
  else
    sp_cli_json_no_scores (writer, cli->protocol);
  sp_json_writer_end_object (writer);
}

static void
append_entry (GString           *out,
              SpCli             *cli,
              const SpCaseData  *data,
              const SpCaseEntry *entry,
              SpAssessment      *assessment,
              GDateTime        **last_day)
{
  const SpCaseEntry *correction = sp_timeline_get_correction (data->timeline, entry);
  g_autofree char *when = sp_timeline_format_local_time (entry->time, last_day);
  g_autofree char *algorithm = NULL;

  g_string_append_printf (out, "%s  %s", when, entry->id);
  if (entry->author != NULL)
    g_string_append_printf (out, "  %s", entry->author);
  if (entry->corrects != NULL)
    {
      g_autofree char *what = entry->reason != NULL
        /* TRANSLATORS: a correction: "corrects e4: typing error" */
        ? g_strdup_printf (_("corrects %s: %s"), entry->corrects, entry->reason)
        : g_strdup_printf (_("corrects %s"), entry->corrects);

      g_string_append_printf (out, "  (%s)", what);
    }
  else if (sp_case_entry_get_reason (entry) != NULL)
    /* the entry's own reason, as the window's log shows it */
    g_string_append_printf (out, " · %s", sp_case_entry_get_reason (entry));
  {
    g_autofree char *late = sp_case_entry_describe_late (entry);

    if (late != NULL)
      g_string_append_printf (out, "  (%s)", late);
  }
  g_string_append_c (out, '\n');

  if (correction != NULL)
    {
      g_autofree char *why = sp_timeline_describe_struck (data->timeline, entry, FALSE);

      /* TRANSLATORS: a struck entry in the history: "STRUCK: corrected by e5 at
       * 2026-12-03 09:40 (CD)" */
      g_string_append_printf (out, "    ");
      g_string_append_printf (out, _("STRUCK: %s"), why);
      g_string_append_c (out, '\n');
    }

  /* The values on one line, as a flowsheet row; each infusion event on
   * its own. */
  for (guint i = 0; i < entry->observations->len; i++)
    {
      g_autofree char *item = sp_case_observation_format (g_ptr_array_index (entry->observations, i),
                                                          SP_NUMBER_LOCALE);

      g_string_append_printf (out, "%s%s", i == 0 ? "    " : "; ", item);
      if (i + 1 == entry->observations->len)
        g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < entry->events->len; i++)
    {
      g_autofree char *item = sp_case_event_format (g_ptr_array_index (entry->events, i),
                                                    cli->drugs, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "    %s\n", item);
    }
  if (entry->corrects != NULL && sp_case_entry_is_empty (entry))
    g_string_append_printf (out, "    %s\n", _("entered in error"));

  if (correction != NULL)
    return;

  /* What the algorithm says from this moment on. */
  algorithm = sp_assessment_format_step_and_scores (assessment, SP_NUMBER_LOCALE);
  g_string_append_printf (out, "    → %s\n", algorithm);
}

int
sp_cli_command_history (SpCli  *cli,
                        char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *case_path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("The case file (required)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Print a case's timeline: each entry with its values and "
                                         "infusion events, the active step, the scores and the SCAI "
                                         "stage at that time. Corrected entries stay, struck."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "history", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("history: unexpected argument “%s”"), args[1]);
  if (case_path == NULL)
    return sp_cli_missing_option ("history", "--case");

  if ((status = sp_cli_case (cli, case_path, NULL, &data)) != SP_CLI_EXIT_OK)
    return status;
  /* The step and scores at every entry, in one pass. */
  assessments = sp_timeline_evaluate (data->timeline, cli->protocol, cli->drugs);

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "case", sp_case_data_get_title (data));
      sp_json_writer_member (writer, "entries");
      sp_json_writer_begin_array (writer);
      for (guint i = 0; i < data->timeline->len; i++)
        json_entry (writer, cli, data, g_ptr_array_index (data->timeline, i),
                    g_ptr_array_index (assessments, i));
      sp_json_writer_end_array (writer);
      sp_json_writer_member_boolean (writer, "unrecorded", sp_case_data_has_unrecorded (data));
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
      return SP_CLI_EXIT_OK;
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);
    g_autoptr(GDateTime) last_day = NULL;

    if (data->timeline->len == 0)
      g_string_append_printf (out, "%s\n", _("The case has no timeline: nothing was recorded "
                                              "with a time."));
    for (guint i = 0; i < data->timeline->len; i++)
      append_entry (out, cli, data, g_ptr_array_index (data->timeline, i),
                    g_ptr_array_index (assessments, i), &last_day);
    if (sp_case_data_has_unrecorded (data))
      g_string_append_printf (out, "%s\n", _("The case also holds changes not recorded in the "
                                              "timeline (the state now)."));
    sp_cli_print (out->str);
  }
  return SP_CLI_EXIT_OK;
}
