/* sp-cli-fhir.c: shockpath-cli export and import (HL7 FHIR R4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `export --case FILE --format fhir [--output FILE.json]` writes the case's
 * timeline as a FHIR Bundle (sp-fhir.h): on stdout, or atomically to the
 * output file.
 *
 * `import --case FILE --fhir BUNDLE.json` adds the Bundle's Observations
 * that ShockPath reads to the case's timeline, and lists each item skipped
 * with the reason. A case file that does not exist yet is created. The case
 * is written atomically, as `record` writes it, and only when a value was
 * added.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-cli.h"
#include "sp-fhir.h"
#include "sp-file.h"

int
sp_cli_command_export (SpCli  *cli,
                       char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *case_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("The case file to export (required)"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("The format: fhir (an HL7 FHIR R4 Bundle, JSON) (required)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file (replaced atomically) instead of standard output"), N_("FILE.json") },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Export a case's timeline as an HL7 FHIR R4 Bundle: an "
                                         "Observation per value recorded, a "
                                         "MedicationAdministration per infusion period."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "export", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("export: unexpected argument “%s”"), args[1]);
  if (case_path == NULL)
    return sp_cli_missing_option ("export", "--case");
  if (format == NULL)
    return sp_cli_missing_option ("export", "--format");
  if (strcmp (format, "fhir") != 0)
    /* TRANSLATORS: "export: unknown format “csv”; formats: fhir" */
    return sp_cli_usage_error (_("export: unknown format “%s”; formats: %s"), format, "fhir");

  if ((status = sp_cli_case (cli, case_path, NULL, &data)) != SP_CLI_EXIT_OK)
    return status;

  json = sp_fhir_export (data, cli->drugs, &error);
  if (json == NULL)
    return sp_cli_refuse ("%s: %s", case_path, error->message);

  if (output == NULL)
    {
      sp_cli_print (json);
      return SP_CLI_EXIT_OK;
    }
  if (!sp_file_replace (output, json, strlen (json), &error))
    return sp_cli_refuse ("%s", error->message);
  return SP_CLI_EXIT_OK;
}

/* The Bundle's text, at most SP_FHIR_MAX_BYTES (checked before reading). */
static int
read_bundle (const char  *path,
             char       **out_text,
             gsize       *out_length)
{
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > SP_FHIR_MAX_BYTES)
    return sp_cli_refuse (_("%s: larger than %d MiB; not read"), path,
                          SP_FHIR_MAX_BYTES / (1024 * 1024));
  if (!g_file_get_contents (path, out_text, out_length, &error))
    /* TRANSLATORS: "--fhir: Failed to open file “x.json”: No such file or directory" */
    return sp_cli_refuse (_("--fhir: %s"), error->message);
  return SP_CLI_EXIT_OK;
}

int
sp_cli_command_import (SpCli  *cli,
                       char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *case_path = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpFhirImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean new_case;
  gsize length;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("The case file to add the values to; created when it does not exist (required)"),
      N_("FILE") },
    { "fhir", 0, 0, G_OPTION_ARG_FILENAME, &bundle_path,
      N_("The HL7 FHIR R4 Bundle (JSON) to read Observations and MedicationAdministrations from "
         "(required)"),
      N_("BUNDLE.json") },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Add the Observations (by LOINC code and UCUM unit) and the "
                                         "infusions (MedicationAdministrations of the drug "
                                         "library's drugs) of an HL7 FHIR R4 Bundle to a case's "
                                         "timeline, one entry per time, and list what was skipped "
                                         "and why. Infusions go only into a case that records none "
                                         "of its own. The case file is replaced atomically."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "import", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("import: unexpected argument “%s”"), args[1]);
  if (case_path == NULL)
    return sp_cli_missing_option ("import", "--case");
  if (bundle_path == NULL)
    return sp_cli_missing_option ("import", "--fhir");

  if ((status = read_bundle (bundle_path, &text, &length)) != SP_CLI_EXIT_OK)
    return status;

  new_case = !g_file_test (case_path, G_FILE_TEST_EXISTS);
  if ((status = sp_cli_case (cli, new_case ? NULL : case_path, NULL, &data)) != SP_CLI_EXIT_OK)
    return status;

  /* A case the import starts belongs to the profile its infusions were
   * read in (--profile, the site's, or the library's default), so that it
   * opens again as it was written. */
  if (new_case && data->profile == NULL)
    data->profile = g_strdup (sp_drug_profile_get_id (sp_drug_library_get_profile (cli->drugs)));

  import = sp_fhir_import (data, text, (gssize) length, bundle_path, cli->protocol, cli->drugs,
                           NULL, &error);
  if (import == NULL)
    return sp_cli_refuse ("%s", error->message);

  if ((import->n_added > 0 || import->n_changes > 0) &&
      !sp_case_file_save (case_path, data, &error))
    return sp_cli_refuse ("%s", error->message);

  for (guint i = 0; i < import->warnings->len; i++)
    sp_cli_warn ("%s", (const char *) g_ptr_array_index (import->warnings, i));

  if (new_case && (import->n_added > 0 || import->n_changes > 0))
    {
      /* TRANSLATORS: "new case: patient.xml" */
      g_string_append_printf (report, _("new case: %s"), case_path);
      g_string_append_c (report, '\n');
    }
  else if (new_case)
    {
      /* TRANSLATORS: import added nothing, so the case it would have
       * started is not written: "no case written: patient.xml (nothing to add)" */
      g_string_append_printf (report, _("no case written: %s (nothing to add)"), case_path);
      g_string_append_c (report, '\n');
    }
  {
    g_autofree char *done = sp_fhir_import_report (import, "  ");

    g_string_append (report, done);
  }
  sp_cli_print (report->str);
  return SP_CLI_EXIT_OK;
}
