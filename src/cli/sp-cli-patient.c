/* sp-cli-patient.c: the case of a subcommand, from --case and --set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by `evaluate`, `flowchart` and `summary`: a case file is read by the
 * one loader the window uses (sp_case_data_load ()), then each --set
 * FIELD=VALUE is applied in order (sp_case_data_set_field (): a therapy field
 * is shorthand for an infusion). A missing '=' or an unknown field is a usage
 * error (exit 2); a value the protocol or the drug library refuses is refused
 * input (exit 1).
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-case.h"
#include "sp-cli.h"
#include "sp-timeline.h"

char *
sp_cli_field_ids_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, sp_field_get_info (i)->id);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The case file's values, checked by the protocol like typed ones. */
int
sp_cli_check_case_values (SpCli            *cli,
                          const char       *path,
                          const SpCaseData *data)
{
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldValue *value = &data->patient.values[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;

      if (!value->set || sp_field_get_info (i)->kind != SP_FIELD_KIND_NUMBER)
        continue;

      if (!sp_protocol_check_number (cli->protocol, i, value->number, &warning, &error))
        return sp_cli_refuse ("%s: %s: %s", path, sp_field_get_info (i)->id, error->message);
      if (warning != NULL)
        sp_cli_warn ("%s: %s: %s", path, sp_field_get_info (i)->id, warning);
    }

  return SP_CLI_EXIT_OK;
}

/* The field of --set FIELD=VALUE and where its value starts: a missing '=' or
 * an unknown field is a usage error (exit 2); the value is input (exit 1). */
int
sp_cli_parse_set (const char  *assignment,
                  SpField     *out_field,
                  const char **out_value)
{
  g_autofree char *name = NULL;
  const char *equals = strchr (assignment, '=');

  if (equals == NULL)
    {
      g_autofree char *fields = sp_cli_field_ids_text ();

      /* TRANSLATORS: --set “weight”: expected FIELD=VALUE; fields: weight, sbp, ... */
      return sp_cli_usage_error (_("--set “%s”: expected FIELD=VALUE; fields: %s"),
                                 assignment, fields);
    }

  name = g_strndup (assignment, equals - assignment);
  g_strstrip (name);
  if (!sp_field_from_id (name, out_field))
    {
      g_autofree char *fields = sp_cli_field_ids_text ();

      /* TRANSLATORS: --set: unknown field “weigth”; fields: weight, sbp, ... */
      return sp_cli_usage_error (_("--set: unknown field “%s”; fields: %s"), name, fields);
    }

  *out_value = equals + 1;
  return SP_CLI_EXIT_OK;
}

static int
apply_set (SpCli       *cli,
           const char  *assignment,
           SpCaseData  *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  const char *text;
  SpField field;
  int status;

  if ((status = sp_cli_parse_set (assignment, &field, &text)) != SP_CLI_EXIT_OK)
    return status;

  if (!sp_case_data_set_field (data, cli->protocol, cli->drugs, field, text, SP_NUMBER_LOCALE,
                               &warning, &error))
    return sp_cli_refuse ("--set %s: %s", assignment, error->message);
  if (warning != NULL)
    sp_cli_warn ("--set %s: %s", assignment, warning);

  return SP_CLI_EXIT_OK;
}

/* "inotrope" before "inotrope-dose": the dose is the chosen inotrope's,
 * whatever order the options came in. */
static guint
set_pass (const char *assignment)
{
  const char *text;
  SpField field;

  if (sp_cli_parse_set (assignment, &field, &text) != SP_CLI_EXIT_OK)
    return 0;
  return field == SP_FIELD_INOTROPE_DOSE ? 1 : 0;
}

int
sp_cli_check_sets (char **sets)
{
  int status;

  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      const char *text;
      SpField field;

      if ((status = sp_cli_parse_set (sets[i], &field, &text)) != SP_CLI_EXIT_OK)
        return status;
    }
  return SP_CLI_EXIT_OK;
}

int
sp_cli_apply_sets (SpCli       *cli,
                   char       **sets,
                   SpCaseData  *data)
{
  int status;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
      {
        if (set_pass (sets[i]) != pass)
          continue;
        if ((status = apply_set (cli, sets[i], data)) != SP_CLI_EXIT_OK)
          return status;
      }

  /* Each value is checked alone above; the case with all of them must be
   * one the loader opens: a weight can put a dose in mcg/min above its
   * hard limit per kg. */
  if (sets != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!sp_case_check_state (cli->protocol, cli->drugs, &data->patient, data->infusions,
                                &error))
        return sp_cli_refuse ("--set: %s", error->message);
    }
  return SP_CLI_EXIT_OK;
}

GDateTime *
sp_cli_parse_time (const char  *option,
                   const char  *text,
                   int         *out_status)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  GDateTime *time = sp_case_parse_time_full (text, local, &error);

  *out_status = SP_CLI_EXIT_OK;
  if (g_error_matches (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_LOCAL))
    /* "--at 2026-03-29T02:30: Time: 2026-03-29 02:30 does not exist ..." */
    *out_status = sp_cli_refuse ("%s %s: %s", option, text, error->message);
  else if (time == NULL)
    /* TRANSLATORS: --at “9:00”: not a date and time; ... */
    /* a value refused (exit 1), as any value that does not read */
    *out_status = sp_cli_refuse (_("%s “%s”: not a date and time; write it as "
                                   "2026-12-03T09:00 (local time) or "
                                   "2026-12-03T09:00:00+01:00"),
                                 option, text);
  return time;
}

int
sp_cli_load_case_data (SpCli        *cli,
                       const char   *path,
                       SpCaseData  **out_data)
{
  g_autoptr(GError) error = NULL;
  SpDrugLibrary *in_profile = NULL;

  *out_data = sp_case_data_load_full (path, cli->protocol, cli->drugs, cli->profile, &in_profile,
                                      &error);
  if (*out_data == NULL)
    return sp_cli_refuse ("%s", error->message);
  g_object_unref (cli->drugs);
  cli->drugs = in_profile;
  return SP_CLI_EXIT_OK;
}

int
sp_cli_case_at (SpCli        *cli,
                const char   *case_path,
                GDateTime    *at,
                char        **sets,
                SpCaseData  **out_data)
{
  g_autoptr(SpCaseData) data = NULL;
  int status;

  /* Field names are checked before anything is loaded: a usage error. */
  if ((status = sp_cli_check_sets (sets)) != SP_CLI_EXIT_OK)
    return status;

  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_load_protocol (cli)) != SP_CLI_EXIT_OK)
    return status;

  if (case_path != NULL)
    {
      /* The one loader, as the window's. */
      if ((status = sp_cli_load_case_data (cli, case_path, &data)) != SP_CLI_EXIT_OK)
        return status;
      /* Accepted, but worth a word: a weight under 40 kg ... */
      if ((status = sp_cli_check_case_values (cli, case_path, data)) != SP_CLI_EXIT_OK)
        return status;
    }
  else
    data = sp_case_data_new ();

  /* A moment of the timeline: its state, instead of the state now. */
  if (at != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (case_path == NULL)
        return sp_cli_usage_error (_("--at needs --case: the moment of a case's timeline"));
      if (!sp_case_data_state_at (data, at, &data->patient, data->infusions, &error))
        return sp_cli_refuse ("%s: %s", case_path, error->message);
    }

  if ((status = sp_cli_apply_sets (cli, sets, data)) != SP_CLI_EXIT_OK)
    return status;

  *out_data = g_steal_pointer (&data);
  return SP_CLI_EXIT_OK;
}

int
sp_cli_case (SpCli        *cli,
             const char   *case_path,
             char        **sets,
             SpCaseData  **out_data)
{
  return sp_cli_case_at (cli, case_path, NULL, sets, out_data);
}
