/* sp-cli-common.c: options, loading, messages and formatting the subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sp-cli.h"
#include "sp-dose-table.h"
#include "sp-site.h"

/* --- messages ------------------------------------------------------------- */

/* One line: the core's messages may hold several (e.g. schema errors). */
static void
print_line (const char *prefix,
            const char *message)
{
  g_autoptr(GString) line = g_string_new ("shockpath-cli: ");
  g_autofree char *stripped = g_strstrip (g_strdup (message));
  g_auto(GStrv) parts = g_strsplit_set (stripped, "\r\n", -1);
  guint n = 0;

  g_string_append (line, prefix);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;
      if (n++ > 0)
        g_string_append (line, "; ");
      g_string_append (line, parts[i]);
    }
  g_string_append_c (line, '\n');

  fflush (stdout);
  fputs (line->str, stderr);
  fflush (stderr);
}

/* print_line () of a printf-style message. */
static void G_GNUC_PRINTF (2, 0)
print_linev (const char *prefix,
             const char *format,
             va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  print_line (prefix, message);
}

int
sp_cli_refuse (const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  print_linev ("", format, args);
  va_end (args);
  return SP_CLI_EXIT_REFUSED;
}

int
sp_cli_usage_error (const char *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  print_linev ("", format, args);
  va_end (args);
  return SP_CLI_EXIT_USAGE;
}

void
sp_cli_warn (const char *format,
             ...)
{
  /* TRANSLATORS: the prefix of a warning on stderr, "warning: ..." */
  g_autofree char *prefix = g_strdup_printf ("%s ", _("warning:"));
  va_list args;

  va_start (args, format);
  print_linev (prefix, format, args);
  va_end (args);
}

void
sp_cli_print (const char *text)
{
  fputs (text, stdout);
}

void
sp_cli_print_alert (SpSeverity  severity,
                    const char *message)
{
  g_autofree char *line = severity == SP_SEVERITY_SOFT_LIMIT
    /* TRANSLATORS: a soft-limit alert in the human output */
    ? g_strdup_printf (_("Soft limit: %s\n"), message)
    /* TRANSLATORS: a warning in the human output: "Warning: 4× the running dose …" */
    : g_strdup_printf (_("Warning: %s\n"), message);

  sp_cli_print (line);
}

/* --- options -------------------------------------------------------------- */

GOptionContext *
sp_cli_option_context_new (SpCli              *cli,
                           const char         *parameter,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  const GOptionEntry global_entries[] = {
    { "drug-library", 0, 0, G_OPTION_ARG_FILENAME, &cli->late_drug_library_path,
      N_("Use this drug library instead of the site or shipped one"), N_("FILE") },
    { "protocol", 0, 0, G_OPTION_ARG_FILENAME, &cli->late_protocol_path,
      N_("Use this protocol instead of the site or shipped one"), N_("FILE") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &cli->late_profile,
      N_("Use this profile of the drug library (see “shockpath-cli profiles”)"), N_("ID") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cli->help,
      N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *context;

  /* the names are literals; the copy outlives a caller's array */
  g_free (cli->entries);
  cli->entries = NULL;
  if (entries != NULL)
    {
      guint n = 0;

      while (entries[n].long_name != NULL)
        n++;
      cli->entries = g_memdup2 (entries, (n + 1) * sizeof (GOptionEntry));
    }
  /* The program name is "shockpath-cli COMMAND" (set by main). */
  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  return context;
}

/* The options every subcommand takes after its name (as in
 * sp_cli_option_context_new ()). */
static const GOptionEntry global_options[] = {
  { "drug-library", 0, 0, G_OPTION_ARG_FILENAME, NULL, NULL, NULL },
  { "protocol", 0, 0, G_OPTION_ARG_FILENAME, NULL, NULL, NULL },
  { "profile", 0, 0, G_OPTION_ARG_STRING, NULL, NULL, NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry *
find_option (const GOptionEntry *entries,
             const char         *name,
             gsize               length)
{
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    if (strlen (entries[i].long_name) == length && strncmp (entries[i].long_name, name, length) == 0)
      return &entries[i];
  return NULL;
}

/* An option that holds one value (--weight, --case): given twice, GOption
 * would keep the last without a word ("--weight 70 --weight 80" computing
 * for 80 kg). Options that gather their values (--drug of sheet, --set) are
 * arrays and may repeat. Values are skipped as GOption takes them: the
 * argument after "--name" is its value, whatever it looks like. */
static int
check_repeated (const char          *command,
                const GOptionEntry  *entries,
                char               **argv)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 1; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];
      const char *equals;
      const GOptionEntry *option;
      gsize length;

      if (g_str_equal (arg, "--"))
        break;
      if (!g_str_has_prefix (arg, "--"))
        continue;
      equals = strchr (arg, '=');
      length = equals != NULL ? (gsize) (equals - arg - 2) : strlen (arg + 2);
      option = find_option (entries, arg + 2, length);
      if (option == NULL)
        option = find_option (global_options, arg + 2, length);
      if (option == NULL)
        continue;

      switch (option->arg)
        {
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
        case G_OPTION_ARG_INT:
        case G_OPTION_ARG_INT64:
        case G_OPTION_ARG_DOUBLE:
          if (g_ptr_array_find (seen, option->long_name, NULL))
            /* TRANSLATORS: "rate: --weight is given twice; give it once" */
            return sp_cli_usage_error (_("%s: --%s is given twice; give it once"), command,
                                       option->long_name);
          g_ptr_array_add (seen, (gpointer) option->long_name);
          break;
        case G_OPTION_ARG_NONE:
        case G_OPTION_ARG_CALLBACK:
        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
        default:
          break;
        }
      if (option->arg != G_OPTION_ARG_NONE && equals == NULL && argv[i + 1] != NULL)
        i++;   /* its value */
    }
  return -1;
}

static void
take_late_path (char **path,
                char **late)
{
  if (*late == NULL)
    return;

  g_free (*path);
  *path = g_steal_pointer (late);
}

int
sp_cli_option_parse (SpCli            *cli,
                     GOptionContext   *context,
                     const char       *command,
                     char           ***argv)
{
  g_autoptr(GError) error = NULL;

  {
    int status = check_repeated (command, cli->entries, *argv);

    if (status >= 0)
      return status;
  }

  /* Text that is not UTF-8 is refused before GOption converts it, naming
   * the option it was given to ("--set"), not the conversion. */
  for (guint i = 1; (*argv)[i] != NULL; i++)
    if (!g_utf8_validate ((*argv)[i], -1, NULL))
      {
        const char *option = g_str_has_prefix ((*argv)[i], "--") || i == 1 ? (*argv)[i]
                                                                         : (*argv)[i - 1];
        g_autofree char *shown = g_utf8_make_valid (option, -1);

        /* TRANSLATORS: "evaluate: the value of --set is not UTF-8 text" */
        return sp_cli_refuse (_("%s: the value of %s is not UTF-8 text"), command, shown);
      }

  if (!g_option_context_parse_strv (context, argv, &error))
    {
      take_late_path (&cli->drug_library_path, &cli->late_drug_library_path);
      take_late_path (&cli->protocol_path, &cli->late_protocol_path);
      take_late_path (&cli->profile, &cli->late_profile);
      /* TRANSLATORS: a usage error: "rate: Unknown option --foo (see
       * “shockpath-cli rate --help”)" */
      return sp_cli_usage_error (_("%s: %s (see “shockpath-cli %s --help”)"),
                                 command, error->message, command);
    }

  take_late_path (&cli->drug_library_path, &cli->late_drug_library_path);
  take_late_path (&cli->protocol_path, &cli->late_protocol_path);
  take_late_path (&cli->profile, &cli->late_profile);

  if (cli->help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      sp_cli_print (help);
      return SP_CLI_EXIT_OK;
    }

  return -1;
}

int
sp_cli_missing_option (const char *command,
                       const char *option)
{
  /* TRANSLATORS: "rate: --drug is required (see “shockpath-cli rate --help”)" */
  return sp_cli_usage_error (_("%s: %s is required (see “shockpath-cli %s --help”)"),
                             command, option, command);
}

/* --- loading -------------------------------------------------------------- */

/* The site file path the app's preferences set (GSettings @key), so that the
 * CLI prints with the library the app shows; NULL when the schema is not
 * installed (an uninstalled build) or the key is empty. */
static char *
site_setting (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *value = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  value = g_settings_get_string (settings, key);
  return value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

/* A refused site file is reported and the shipped data used, as the app
 * does: the command goes on (its exit status is its own). */
static void
warn_refused (const SpSiteStatus *status)
{
  g_autofree char *message = sp_site_status_describe_refusal (status);

  if (message != NULL)
    sp_cli_warn ("%s", message);
}

/* The library through --profile, else the site's profile, else the file's
 * default. */
static int
use_profile (SpCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = NULL;
  SpDrugLibrary *view;

  if (cli->profile != NULL)
    {
      view = sp_drug_library_for_profile (cli->drugs, cli->profile, &error);
      if (view == NULL)
        return sp_cli_refuse ("--profile: %s", error->message);
    }
  else
    {
      site = site_setting ("drug-profile");
      if (site == NULL)
        return SP_CLI_EXIT_OK;
      view = sp_drug_library_for_profile (cli->drugs, site, &error);
      if (view == NULL)
        {
          /* TRANSLATORS: the site's profile setting names no profile of the library */
          sp_cli_warn (_("the site setting “drug-profile”: %s; the library’s default profile "
                         "is used"),
                       error->message);
          return SP_CLI_EXIT_OK;
        }
    }

  g_object_unref (cli->drugs);
  cli->drugs = view;
  return SP_CLI_EXIT_OK;
}

/* The drug library or protocol (@kind): the file given on the command line
 * (@path; refused is an error), else the site's as the app finds it (the
 * setting, /etc, the data directories), else the shipped one. */
static gpointer
load_data (SpSiteKind   kind,
           const char  *path,
           GError     **error)
{
  gboolean drugs = kind == SP_SITE_DRUG_LIBRARY;
  g_autofree char *configured = NULL;
  g_autoptr(SpSiteStatus) status = NULL;
  SpSiteLookup lookup = { NULL, NULL, NULL };
  gpointer data;

  /* "" was read as a file and refused with ": Operation not supported" */
  if (path != NULL && *path == '\0')
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                           drugs ? _("--drug-library: no file given; give a drug library file "
                                     "(FILE.xml)")
                                 : _("--protocol: no file given; give a protocol file (FILE.xml)"));
      return NULL;
    }
  if (path != NULL)
    return drugs ? (gpointer) sp_drug_library_new_from_file (path, error)
                 : (gpointer) sp_protocol_new_from_file (path, error);

  configured = site_setting (drugs ? "site-drug-library" : "site-protocol");
  lookup.configured = configured;
  data = drugs ? (gpointer) sp_site_load_drug_library (&lookup, &status, error)
               : (gpointer) sp_site_load_protocol (&lookup, &status, error);
  if (status != NULL)
    warn_refused (status);
  return data;
}

int
sp_cli_load_drugs (SpCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->drugs != NULL)
    return SP_CLI_EXIT_OK;

  cli->drugs = load_data (SP_SITE_DRUG_LIBRARY, cli->drug_library_path, &error);
  if (cli->drugs == NULL)
    return sp_cli_refuse ("%s", error->message);

  return use_profile (cli);
}

int
sp_cli_load_protocol (SpCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->protocol != NULL)
    return SP_CLI_EXIT_OK;

  cli->protocol = load_data (SP_SITE_PROTOCOL, cli->protocol_path, &error);
  if (cli->protocol == NULL)
    return sp_cli_refuse ("%s", error->message);

  return SP_CLI_EXIT_OK;
}

/* --- shared formatting ---------------------------------------------------- */

char *
sp_cli_drug_units_text (const SpDrug *drug)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = sp_drug_get_n_dose_units (drug);

  for (guint i = 0; i < n; i++)
    {
      const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, sp_dose_unit_get_label (limits->unit));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

const SpDrug *
sp_cli_lookup_drug (SpCli      *cli,
                    const char *option,
                    const char *name,
                    int        *out_status)
{
  const SpDrug *drug = sp_drug_library_lookup (cli->drugs, name);

  if (drug == NULL)
    {
      g_autofree char *why = sp_drug_library_describe_unknown (cli->drugs, name);

      *out_status = sp_cli_refuse ("%s: %s", option, why);
    }
  return drug;
}

const SpDoseLimits *
sp_cli_lookup_dose_unit (const SpDrug *drug,
                         const char   *text,
                         int          *out_status)
{
  const SpDoseLimits *limits = NULL;
  SpDoseUnit unit;

  if (!sp_dose_unit_parse (text, &unit) ||
      (limits = sp_drug_find_dose_limits (drug, unit)) == NULL)
    {
      g_autofree char *units = sp_cli_drug_units_text (drug);

      /* TRANSLATORS: --dose-unit: “mcg/kg/min” is not a dose unit of vasopressin; accepted: units/min */
      *out_status = sp_cli_refuse (_("--dose-unit: “%s” is not a dose unit of %s; accepted: %s"),
                                   text, sp_drug_get_name (drug), units);
    }
  return limits;
}

int
sp_cli_refuse_dose_table (const GError *error)
{
  const char *option = NULL;

  g_return_val_if_fail (error != NULL, SP_CLI_EXIT_REFUSED);

  if (error->domain == SP_DOSE_TABLE_ERROR)
    switch ((SpDoseTableError) error->code)
      {
      case SP_DOSE_TABLE_ERROR_NO_FROM:
      case SP_DOSE_TABLE_ERROR_FROM:
      case SP_DOSE_TABLE_ERROR_ORDER:
      case SP_DOSE_TABLE_ERROR_ABOVE_HARD:
        option = "--from";
        break;
      case SP_DOSE_TABLE_ERROR_NO_TO:
        option = "--to";
        break;
      case SP_DOSE_TABLE_ERROR_NO_STEP:
      case SP_DOSE_TABLE_ERROR_STEP:
      case SP_DOSE_TABLE_ERROR_TOO_LONG:
      default:
        option = "--step";
        break;
      }

  if (option == NULL)
    return sp_cli_refuse ("%s", error->message);
  return sp_cli_refuse ("%s: %s", option, error->message);
}

int
sp_cli_resolve_weight (SpCli      *cli,
                       const char *text,
                       gboolean    required,
                       double     *out_weight)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  SpFieldValue value = { 0 };

  *out_weight = NAN;
  if (text != NULL &&
      !sp_protocol_parse_field (cli->protocol, SP_FIELD_WEIGHT, text, SP_NUMBER_LOCALE,
                                &value, &warning, &error))
    return sp_cli_refuse ("--weight: %s", error->message);
  if (!value.set && required)
    /* TRANSLATORS: --weight: empty; give the patient's weight in kg */
    return sp_cli_refuse (_("--weight: empty; give the patient’s weight in kg"));
  if (warning != NULL)
    sp_cli_warn ("--weight: %s", warning);

  if (value.set)
    *out_weight = value.number;
  return SP_CLI_EXIT_OK;
}

int
sp_cli_resolve_concentration (const SpDrug    *drug,
                              const char      *text,
                              SpConcentration *out_conc)
{
  g_autoptr(GError) error = NULL;

  if (!sp_drug_parse_concentration (drug, text, SP_NUMBER_LOCALE, "--concentration", out_conc,
                                    &error) ||
      !sp_drug_check_concentration (drug, out_conc, "--concentration", &error))
    return sp_cli_refuse ("%s", error->message);

  return SP_CLI_EXIT_OK;
}

int
sp_cli_parse_table_dose (const char *text,
                         const char *option,
                         SpDoseUnit  unit,
                         double     *out_value)
{
  g_autoptr(GError) error = NULL;
  SpDoseUnit parsed;

  *out_value = NAN;
  if (text == NULL)
    return SP_CLI_EXIT_OK;
  if (!sp_dose_parse (text, SP_NUMBER_LOCALE, option, &unit, 1, &unit, out_value, &parsed, &error))
    return sp_cli_refuse ("%s", error->message);

  return SP_CLI_EXIT_OK;
}

char *
sp_cli_weight_text (double        weight_kg,
                    SpNumberStyle style)
{
  g_autofree char *number = sp_format_weight_number (weight_kg, style);

  return g_strdup_printf ("%s kg", number);
}

char *
sp_cli_rate_text (const SpDrug          *drug,
                  double                 rate_ml_h,
                  SpDoseUnit             unit,
                  double                 weight_kg,
                  const SpConcentration *conc,
                  SpNumberStyle          style)
{
  g_autofree char *number = sp_drug_format_rate (drug, rate_ml_h, unit, weight_kg, conc, style);

  return g_strdup_printf ("%s mL/h", number);
}

void
sp_cli_json_drug_library (SpJsonWriter  *writer,
                          SpDrugLibrary *drugs)
{
  const SpDrugProfile *profile = sp_drug_library_get_profile (drugs);

  sp_json_writer_member (writer, "drug_library");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "name", sp_drug_library_get_name (drugs));
  sp_json_writer_member_string (writer, "version", sp_drug_library_get_version (drugs));
  sp_json_writer_member_string (writer, "profile", sp_drug_profile_get_id (profile));
  sp_json_writer_member_string (writer, "profile_name", sp_drug_profile_get_name (profile));
  sp_json_writer_end_object (writer);
}

void
sp_cli_json_concentration (SpJsonWriter          *writer,
                           const SpConcentration *conc,
                           SpAmountUnit           per_ml_unit)
{
  g_autofree char *text = sp_format_concentration (conc, SP_NUMBER_C);
  double per_ml = NAN;
  gboolean has_per_ml;

  has_per_ml = sp_concentration_per_ml (conc, per_ml_unit, &per_ml);

  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "text", text);
  sp_json_writer_member_number (writer, "amount", conc->amount);
  sp_json_writer_member_string (writer, "amount_unit", sp_amount_unit_to_string (conc->amount_unit));
  sp_json_writer_member_number (writer, "volume_ml", conc->volume_ml);
  /* an amount the label wrote in a salt: "amount" is the dose form */
  sp_json_writer_member_string (writer, "salt", conc->salt[0] != '\0' ? conc->salt : NULL);
  sp_json_writer_member_number (writer, "salt_amount",
                                conc->salt[0] != '\0' ? conc->salt_amount : NAN);
  if (has_per_ml)
    {
      sp_json_writer_member_number (writer, "per_ml", per_ml);
      sp_json_writer_member_string (writer, "per_ml_unit", sp_amount_unit_to_string (per_ml_unit));
    }
  else
    {
      sp_json_writer_member_null (writer, "per_ml");
      sp_json_writer_member_null (writer, "per_ml_unit");
    }
  sp_json_writer_end_object (writer);
}

void
sp_cli_json_print (SpJsonWriter *writer)
{
  g_autofree char *text = sp_json_writer_finish (writer);

  sp_cli_print (text);
}
