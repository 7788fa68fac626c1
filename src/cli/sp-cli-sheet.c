/* sp-cli-sheet.c: shockpath-cli sheet and summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sheet   --drug ID [--weight KG] --concentration C [--case FILE]
 *           [--dose X] [--line central|peripheral] [--full-table]
 *           [--paper a4|letter] --output FILE.pdf
 *   summary [--case FILE] [--set FIELD=VALUE …] [--paper a4|letter] --output FILE.pdf
 *
 * The sheet's inputs are checked as `rate` checks them: the weight through the
 * protocol, the concentration through the drug library; a weight is required
 * exactly when the table's dose unit is per kg. An ordered dose (--dose, or
 * the case's running infusion of the drug) is checked as `rate` checks it
 * (a dose above the hard limit is refused) and gives the compact table
 * around it. --line peripheral checks the order against the drug library's
 * peripheral profile (the drug listed there, the concentration within its
 * range, the dose within its limits) and prints that profile's sheet; what
 * it refuses is said with what it accepts. Several --drug or
 * --weight values print one sheet each into the same PDF (batch). The pages
 * are drawn by src/render, the same drawing the print dialog uses.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sp-case.h"
#include "sp-case-summary.h"
#include "sp-concentration.h"
#include "sp-cli-sheet.h"
#include "sp-dose-table.h"
#include "sp-engine.h"
#include "sp-infusion-sheet.h"
#include "sp-timeline.h"

/* More sheets than this in one file is a typing mistake, not a batch. */
#define MAX_SHEETS 500

static gboolean
is_pdf_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".pdf") && strlen (lower) > strlen (".pdf");
}

/* --output and --paper: usage errors (exit 2). */
int
sp_cli_check_pdf_output (const char *command,
                         const char *output,
                         const char *paper_text,
                         SpPaper    *out_paper)
{
  if (output == NULL)
    return sp_cli_missing_option (command, "--output");
  if (!is_pdf_path (output))
    /* TRANSLATORS: sheet: --output “x.png”: the file name must end in .pdf */
    return sp_cli_usage_error (_("%s: --output “%s”: the file name must end in .pdf"),
                               command, output);

  *out_paper = SP_PAPER_A4;
  if (paper_text != NULL && !sp_paper_from_string (paper_text, out_paper))
    /* TRANSLATORS: sheet: --paper “a5”: use a4 or letter */
    return sp_cli_usage_error (_("%s: --paper “%s”: use a4 or letter"), command, paper_text);

  return SP_CLI_EXIT_OK;
}

int
sp_cli_pdf_option_parse (SpCli               *cli,
                         const char          *command,
                         const char          *summary,
                         const GOptionEntry  *entries,
                         char              ***args,
                         char               **paper_text,
                         char               **output)
{
  const GOptionEntry pdf_entries[] = {
    { "paper", 0, 0, G_OPTION_ARG_STRING, paper_text,
      N_("a4 (default) or letter"), N_("PAPER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, output,
      N_("Write the PDF to this file"), N_("FILE.pdf") },
  };
  /* zero-terminated: the last entry is G_OPTION_ENTRY_NULL */
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr(GOptionContext) context = NULL;

  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (all, entries[i]);
  g_array_append_vals (all, pdf_entries, G_N_ELEMENTS (pdf_entries));
  context = sp_cli_option_context_new (cli, NULL, summary,
                                       (const GOptionEntry *) (gpointer) all->data);
  return sp_cli_option_parse (cli, context, command, args);
}

int
sp_cli_write_pdf (SpDocument      **docs,
                  guint             n_docs,
                  SpDocumentFonts  *fonts,
                  const char       *output,
                  SpPaper           paper,
                  const char       *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *line = NULL;
  guint n_pages = 0;

  if (!sp_document_write_pdf_many (docs, n_docs, fonts, output, paper, &error))
    return sp_cli_refuse ("--output: %s", error->message);

  for (guint i = 0; i < n_docs; i++)
    n_pages += sp_document_get_n_pages (docs[i]);

  /* TRANSLATORS: what the PDF holds, after the number of documents: "3 pages" */
  pages = g_strdup_printf (ngettext ("%u page", "%u pages", n_pages), n_pages);
  /* TRANSLATORS: "/tmp/x.pdf: 2 infusion sheets, 3 pages, A4" */
  line = g_strdup_printf (_("%s: %s, %s, %s\n"), output, what, pages,
                          paper == SP_PAPER_LETTER ? "Letter" : "A4");
  sp_cli_print (line);
  return SP_CLI_EXIT_OK;
}

/* --- sheet ------------------------------------------------------------------ */

/* --line: usage error (exit 2) for anything but central or peripheral. */
static int
parse_line (const char    *text,
            SpProfileLine *out_line)
{
  *out_line = SP_PROFILE_LINE_ANY;
  if (text == NULL)
    return SP_CLI_EXIT_OK;
  if (g_ascii_strcasecmp (text, "central") == 0)
    *out_line = SP_PROFILE_LINE_CENTRAL;
  else if (g_ascii_strcasecmp (text, "peripheral") == 0)
    *out_line = SP_PROFILE_LINE_PERIPHERAL;
  else
    /* TRANSLATORS: sheet: --line “arterial”: use central or peripheral */
    return sp_cli_usage_error (_("sheet: --line “%s”: use central or peripheral"), text);
  return SP_CLI_EXIT_OK;
}

/* The library's first peripheral profile, or NULL. */
static const SpDrugProfile *
find_peripheral_profile (SpDrugLibrary *drugs)
{
  for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (drugs, i);

      if (sp_drug_profile_get_line (profile) == SP_PROFILE_LINE_PERIPHERAL)
        return profile;
    }
  return NULL;
}

/* "4 mg/250 mL, 1 mg/50 mL": the standard concentrations of @drug. */
static char *
standard_concentrations_text (const SpDrug *drug)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      g_autofree char *conc = sp_drug_format_concentration (drug, &sp_drug_get_concentration (drug, i)->conc,
                                                            SP_NUMBER_LOCALE);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", conc);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --line peripheral while the profile's line is not: the order is checked
 * against the library's peripheral profile and the sheet is that
 * profile's (its limits, concentrations, preparation and line note). A
 * drug the profile does not list is refused, naming those it lists.
 * @inout_drugs and @inout_drug are replaced; @out_view keeps the view. */
static int
use_peripheral_profile (SpCli          *cli,
                        const char     *drug_arg,
                        SpDrugLibrary **out_view,
                        SpDrugLibrary **inout_drugs,
                        const SpDrug  **inout_drug)
{
  const SpDrugProfile *profile;
  g_autoptr(GError) error = NULL;
  const SpDrug *drug;

  if (sp_drug_profile_get_line (sp_drug_library_get_profile (cli->drugs)) == SP_PROFILE_LINE_PERIPHERAL)
    return SP_CLI_EXIT_OK;
  profile = find_peripheral_profile (cli->drugs);
  if (profile == NULL)
    {
      /* TRANSLATORS: sheet --line peripheral with a drug library that has
       * no profile for a peripheral line */
      sp_cli_warn (_("--line peripheral: the drug library has no peripheral profile; the sheet "
                     "uses the limits and concentrations of “%s”"),
                   sp_drug_profile_get_name (sp_drug_library_get_profile (cli->drugs)));
      return SP_CLI_EXIT_OK;
    }
  if (*out_view == NULL)
    {
      *out_view = sp_drug_library_for_profile (cli->drugs, sp_drug_profile_get_id (profile), &error);
      if (*out_view == NULL)
        return sp_cli_refuse ("--line: %s", error->message);
    }
  drug = sp_drug_library_lookup (*out_view, drug_arg);
  if (drug == NULL)
    {
      g_autofree char *ids = sp_drug_library_format_drug_ids (*out_view);

      /* TRANSLATORS: sheet --line peripheral: "epinephrine is not in the
       * drug library's peripheral profile “Peripheral line - dilute”: give
       * it through a central line; the profile has: norepinephrine, ..." */
      return sp_cli_refuse (_("--line peripheral: %s is not in the drug library’s peripheral "
                              "profile “%s”: give it through a central line; the profile has: %s"),
                            sp_drug_get_display_name (*inout_drug), sp_drug_profile_get_name (profile),
                            ids);
    }
  *inout_drugs = *out_view;
  *inout_drug = drug;
  return SP_CLI_EXIT_OK;
}

/* The concentration on a peripheral line: within the peripheral profile's
 * limits, else refused naming its standard concentrations. */
static int
resolve_peripheral_concentration (const SpDrug    *drug,
                                  const char      *text,
                                  SpConcentration *out_conc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *standard = NULL;
  double min = NAN, max = NAN, per_ml;

  if (!sp_drug_parse_concentration (drug, text, SP_NUMBER_LOCALE, "--concentration", out_conc,
                                    &error))
    return sp_cli_refuse ("%s", error->message);
  if (sp_drug_check_concentration (drug, out_conc, "--concentration", &error))
    return SP_CLI_EXIT_OK;
  standard = standard_concentrations_text (drug);
  sp_drug_get_concentration_limits (drug, &min, &max);
  if (sp_concentration_per_ml (out_conc, sp_drug_get_amount_unit (drug), &per_ml) &&
      !isnan (min) && !isnan (max) && (per_ml < min || per_ml > max))
    {
      g_autofree char *conc = sp_drug_format_concentration_with_strength (drug, out_conc, SP_NUMBER_LOCALE);
      g_autofree char *min_text = sp_format_dose_number (min, SP_NUMBER_LOCALE);
      g_autofree char *max_text = sp_format_dose_number (max, SP_NUMBER_LOCALE);
      const char *unit = sp_amount_unit_get_label (sp_drug_get_amount_unit (drug));

      return sp_cli_refuse (per_ml > max
                              /* TRANSLATORS: sheet --line peripheral: "16 mg/250 mL (64
                               * mcg/mL) of norepinephrine is too strong for a peripheral
                               * line: the drug library's peripheral profile “Peripheral
                               * line - dilute” accepts 4 to 20 mcg/mL; its standard
                               * concentrations: 4 mg/250 mL, 1 mg/50 mL" */
                              ? _("--line peripheral: %s of %s is too strong for a peripheral line: "
                                  "the drug library’s peripheral profile “%s” accepts %s to %s %s/mL; "
                                  "its standard concentrations: %s")
                              /* TRANSLATORS: sheet --line peripheral, as above for a
                               * concentration below the profile's range */
                              : _("--line peripheral: %s of %s is too dilute for the drug library’s "
                                  "peripheral profile “%s”, which accepts %s to %s %s/mL; its "
                                  "standard concentrations: %s"),
                            conc, sp_drug_get_display_name (drug),
                            sp_drug_profile_get_name (sp_drug_get_profile (drug)),
                            min_text, max_text, unit, standard);
    }
  /* TRANSLATORS: sheet --line peripheral: the error of the concentration
   * check, then the peripheral profile's standard concentrations:
   * "--line peripheral: …; its standard concentrations there: 4 mg/250 mL, 1 mg/50 mL" */
  return sp_cli_refuse (_("--line peripheral: %s; its standard concentrations there: %s"),
                        error->message, standard);
}

/* A sheet for a case is for the case's patient: its weight when --weight
 * is not given; a --weight that is not the case's is refused (the sheet
 * would print the case beside another patient's rates). */
static int
take_case_weight (const char       *case_path,
                  const SpCaseData *case_data,
                  GArray           *weights)
{
  double case_weight;

  if (!sp_patient_state_is_set (&case_data->patient, SP_FIELD_WEIGHT))
    return SP_CLI_EXIT_OK;
  case_weight = case_data->patient.values[SP_FIELD_WEIGHT].number;

  for (guint w = 0; w < weights->len; w++)
    {
      double weight = g_array_index (weights, double, w);

      if (isnan (weight))
        g_array_index (weights, double, w) = case_weight;   /* no --weight given */
      else if (weight != case_weight)
        {
          g_autofree char *given = sp_format_significant (weight, 6, SP_NUMBER_LOCALE);
          g_autofree char *of_case = sp_format_significant (case_weight, 6, SP_NUMBER_LOCALE);

          /* TRANSLATORS: --weight 50 kg is not the case's weight, 78 kg (case.xml): ... */
          return sp_cli_refuse (_("--weight %s kg is not the case’s weight, %s kg (%s): give "
                                  "the case’s weight, or leave --weight out to use it"),
                                given, of_case, case_path);
        }
    }
  return SP_CLI_EXIT_OK;
}

/* Says so when the sheet's concentration is not the bag of the drug that
 * runs in the case: the sheet's rates are for its own bag (a new one), the
 * case's line for the one that runs. */
static void
warn_other_bag (const SpCaseData             *case_data,
                const SpInfusionSheetOptions *options)
{
  const SpCaseInfusion *infusion;
  g_autofree char *running = NULL;
  g_autofree char *sheet = NULL;

  /* the loader gave the case's infusions the library's own drug ids */
  infusion = case_data != NULL ? sp_case_infusions_find (case_data->infusions,
                                                         sp_drug_get_id (options->drug))
                               : NULL;
  if (infusion == NULL || !sp_case_infusion_runs (infusion) || !infusion->has_concentration ||
      sp_concentration_equal (&infusion->concentration, &options->concentration))
    return;
  running = sp_drug_format_concentration (options->drug, &infusion->concentration,
                                          SP_NUMBER_LOCALE);
  sheet = sp_drug_format_concentration (options->drug, &options->concentration,
                                        SP_NUMBER_LOCALE);
  /* TRANSLATORS: --concentration 4 mg/250 mL (16 mcg/mL) is not the bag of
   * norepinephrine that runs in the case, 16 mg/250 mL (64 mcg/mL): ... */
  sp_cli_warn (_("--concentration %s is not the bag of %s that runs in the case, %s: the "
                 "sheet’s rates are for the new bag, its case line for the one that runs"),
               sheet, sp_drug_get_display_name (options->drug), running);
}

/* The ordered dose: --dose (its own unit if written, else the table's), or
 * the case's running infusion of the drug (as the window's sheet takes it);
 * NAN for none. Sets the table's unit to the dose's. */
static int
resolve_ordered_dose (const char             *dose_text,
                      gboolean                unit_given,
                      SpInfusionSheetOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) units = sp_drug_get_dose_units (options->drug);
  SpDoseUnit table_unit = options->has_unit ? options->unit
                                            : sp_drug_get_dose_limits (options->drug, 0)->unit;
  SpDoseUnit unit = table_unit;
  double dose = NAN;

  if (dose_text != NULL)
    {
      if (!sp_dose_parse (dose_text, SP_NUMBER_LOCALE, "--dose",
                          (const SpDoseUnit *) (gpointer) units->data, units->len,
                          &table_unit, &dose, &unit, &error))
        return sp_cli_refuse ("%s", error->message);
      /* It was dropped, and the sheet printed as if none was ordered. */
      if (dose == 0)
        /* TRANSLATORS: sheet --dose 0 */
        return sp_cli_refuse (_("--dose: 0 orders no dose (it stops the drug); give the dose to "
                                "run, above 0, or no --dose for the table alone"));
    }
  else if (options->case_data != NULL)
    {
      sp_infusion_sheet_options_order_running (options, unit_given);
      return SP_CLI_EXIT_OK;
    }
  if (isnan (dose))
    return SP_CLI_EXIT_OK;

  if (!sp_dose_unit_equal (unit, table_unit) && unit_given)
    /* TRANSLATORS: --dose “0.1 mcg/min” does not match --dose-unit mcg/kg/min */
    return sp_cli_refuse (_("--dose “%s” does not match --dose-unit %s"),
                          dose_text, sp_dose_unit_get_label (table_unit));
  options->unit = unit;
  options->has_unit = TRUE;
  options->ordered_dose = dose;
  return SP_CLI_EXIT_OK;
}

/* An ordered dose above the hard limit is refused, as `rate` refuses it. */
static int
check_ordered_dose (const SpInfusionSheetOptions *options)
{
  g_autoptr(GError) error = NULL;
  SpLimitCheck check;

  if (isnan (options->ordered_dose))
    return SP_CLI_EXIT_OK;
  if (!sp_drug_check_dose (options->drug, options->ordered_dose, options->unit,
                           options->weight_kg, &check, &error))
    return sp_cli_refuse ("--dose: %s", error->message);
  if (check.state == SP_LIMIT_HARD)
    {
      g_autofree char *dose_str = sp_limit_check_format_dose (&check, options->ordered_dose,
                                                              options->unit, SP_NUMBER_LOCALE);
      g_autofree char *limit_str = sp_limit_check_format_limit (&check, options->unit,
                                                                SP_NUMBER_LOCALE);

      return sp_cli_refuse (_("--dose: %s of %s is above the hard limit and is refused; "
                              "accepted: up to %s"),
                            dose_str, sp_drug_get_display_name (options->drug), limit_str);
    }
  return SP_CLI_EXIT_OK;
}

int
sp_cli_command_sheet (SpCli  *cli,
                      char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *what = NULL;
  g_auto(GStrv) drug_args = NULL;
  g_auto(GStrv) weight_args = NULL;
  g_auto(GStrv) conc_args = NULL;
  g_autofree char *dose_unit = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *step_text = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dose_text = NULL;
  g_autofree char *line_text = NULL;
  gboolean full_table = FALSE;
  SpProfileLine line;
  g_autoptr(SpCaseData) case_data = NULL;
  g_autofree char *case_name = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_document_free);
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SpDrugLibrary) peripheral = NULL;
  g_autoptr(SpDocumentFonts) fonts = NULL;
  SpPaper paper;
  guint n_drugs, n_weights, n_concs, sheets;
  int status;
  const GOptionEntry entries[] = {
    { "drug", 0, 0, G_OPTION_ARG_STRING_ARRAY, &drug_args,
      N_("The drug (id or synonym); repeat for one sheet per drug"), N_("ID") },
    { "weight", 0, 0, G_OPTION_ARG_STRING_ARRAY, &weight_args,
      N_("The patient’s weight in kg (required for a dose per kg); repeat for one sheet per weight"),
      N_("KG") },
    { "concentration", 0, 0, G_OPTION_ARG_STRING_ARRAY, &conc_args,
      N_("The concentration (“16 mg/250 mL”); one, or one per --drug in order"), N_("C") },
    { "dose-unit", 0, 0, G_OPTION_ARG_STRING, &dose_unit,
      N_("The table’s dose unit (default: the drug’s first unit)"), N_("UNIT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("The first dose of the table (default: the titration step)"), N_("X") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("The last dose (default and at most: the hard limit)"), N_("Y") },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_text,
      N_("The dose step (default: the titration step)"), N_("S") },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("A case file: its title and this drug’s running dose on the sheet (the ordered dose when --dose is not given)"),
      N_("FILE") },
    { "dose", 0, 0, G_OPTION_ARG_STRING, &dose_text,
      N_("The ordered dose, with or without its unit (“0.1 mcg/kg/min”): its rate, the bag planner and a compact table around it"),
      N_("X") },
    { "line", 0, 0, G_OPTION_ARG_STRING, &line_text,
      N_("central or peripheral (default: the profile’s line)"), N_("LINE") },
    { "full-table", 0, 0, G_OPTION_ARG_NONE, &full_table,
      N_("With an ordered dose: the full range of doses instead of the compact table"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if ((status = sp_cli_pdf_option_parse (cli, "sheet",
                                         _("An infusion sheet as PDF: the drug, concentration, "
                                           "limits, a dose to pump rate table for the weight "
                                           "(nothing above the hard limit), administration notes "
                                           "and lines for the double check."),
                                         entries, &args, &paper_text, &output)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("sheet: unexpected argument “%s”"), args[1]);
  if (drug_args == NULL)
    return sp_cli_missing_option ("sheet", "--drug");
  if (conc_args == NULL)
    return sp_cli_missing_option ("sheet", "--concentration");
  if ((status = sp_cli_check_pdf_output ("sheet", output, paper_text, &paper)) != SP_CLI_EXIT_OK ||
      (status = parse_line (line_text, &line)) != SP_CLI_EXIT_OK)
    return status;

  n_drugs = g_strv_length (drug_args);
  if (dose_text != NULL && n_drugs > 1)
    /* TRANSLATORS: sheet: --dose is the ordered dose of one drug */
    return sp_cli_usage_error (_("sheet: --dose is the ordered dose of one drug; give one --drug"));
  /* no --weight: one sheet per drug, for a dose unit not per kg */
  n_weights = weight_args != NULL ? g_strv_length (weight_args) : 1;
  n_concs = g_strv_length (conc_args);
  if (n_concs != 1 && n_concs != n_drugs)
    /* TRANSLATORS: sheet: 2 --concentration for 3 --drug: give one, or one per --drug */
    return sp_cli_usage_error (_("sheet: %u --concentration for %u --drug: give one, or one per --drug"),
                               n_concs, n_drugs);
  if (n_concs == 1 && n_drugs > 1)
    return sp_cli_usage_error (_("sheet: %u --concentration for %u --drug: give one, or one per --drug"),
                               n_concs, n_drugs);
  if ((guint64) n_drugs * n_weights > MAX_SHEETS)
    return sp_cli_usage_error (_("sheet: more than %d sheets in one file"), MAX_SHEETS);

  /* The fonts are made ready while the data is read. */
  fonts = sp_document_fonts_prepare ();
  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_load_protocol (cli)) != SP_CLI_EXIT_OK)
    return status;

  for (guint w = 0; w < n_weights; w++)
    {
      double weight = NAN;

      if (weight_args != NULL &&
          (status = sp_cli_resolve_weight (cli, weight_args[w], TRUE, &weight)) != SP_CLI_EXIT_OK)
        return status;
      g_array_append_val (weights, weight);
    }

  if (case_path != NULL)
    {
      /* The one loader, as the window's. */
      if ((status = sp_cli_load_case_data (cli, case_path, &case_data)) != SP_CLI_EXIT_OK)
        return status;
      if ((status = sp_cli_check_case_values (cli, case_path, case_data)) != SP_CLI_EXIT_OK)
        return status;
      if ((status = take_case_weight (case_path, case_data, weights)) != SP_CLI_EXIT_OK)
        return status;
    }

  if (case_path != NULL)
    case_name = g_path_get_basename (case_path);

  for (guint d = 0; d < n_drugs; d++)
    {
      SpInfusionSheetOptions options;
      const SpDoseLimits *limits;

      sp_infusion_sheet_options_init (&options);
      options.protocol = cli->protocol;
      options.drugs = cli->drugs;
      options.case_data = case_data;
      /* A case without a title of its own is its file, as in the window. */
      options.case_name = case_name;
      options.line = line;
      options.full_table = full_table;
      if ((options.drug = sp_cli_lookup_drug (cli, "--drug", drug_args[d], &status)) == NULL)
        return status;
      if (line == SP_PROFILE_LINE_PERIPHERAL &&
          (status = use_peripheral_profile (cli, drug_args[d], &peripheral, &options.drugs,
                                            &options.drug)) != SP_CLI_EXIT_OK)
        return status;

      if (dose_unit != NULL)
        {
          const SpDoseLimits *unit_limits = sp_cli_lookup_dose_unit (options.drug, dose_unit,
                                                                     &status);

          if (unit_limits == NULL)
            return status;
          options.unit = unit_limits->unit;
          options.has_unit = TRUE;
        }
      if ((status = resolve_ordered_dose (dose_text, dose_unit != NULL, &options))
          != SP_CLI_EXIT_OK)
        return status;
      limits = options.has_unit ? sp_drug_find_dose_limits (options.drug, options.unit)
                                : sp_drug_get_dose_limits (options.drug, 0);
      if (limits->unit.per_kg && isnan (g_array_index (weights, double, 0)))
        /* TRANSLATORS: --weight is required for a sheet of norepinephrine in mcg/kg/min (...) */
        return sp_cli_refuse (_("--weight is required for a sheet of %s in %s (the patient’s weight in kg)"),
                              sp_drug_get_display_name (options.drug),
                              sp_dose_unit_get_label (limits->unit));

      if ((status = (options.drugs == peripheral && peripheral != NULL
                     ? resolve_peripheral_concentration (options.drug, conc_args[n_concs == 1 ? 0 : d],
                                                         &options.concentration)
                     : sp_cli_resolve_concentration (options.drug, conc_args[n_concs == 1 ? 0 : d],
                                                     &options.concentration))) != SP_CLI_EXIT_OK ||
          (status = sp_cli_parse_table_dose (from_text, "--from", limits->unit, &options.from)) != SP_CLI_EXIT_OK ||
          (status = sp_cli_parse_table_dose (to_text, "--to", limits->unit, &options.to)) != SP_CLI_EXIT_OK ||
          (status = sp_cli_parse_table_dose (step_text, "--step", limits->unit, &options.step)) != SP_CLI_EXIT_OK)
        return status;
      warn_other_bag (case_data, &options);

      /* the same sheet for every weight: printed once, and said */
      sheets = n_weights;
      if (n_weights > 1 && !sp_drug_dose_depends_on_weight (options.drug, limits->unit))
        {
          /* TRANSLATORS: "vasopressin in units/min reads the same for every weight: one sheet
           * for the 2 weights given" */
          sp_cli_warn (ngettext ("%s in %s reads the same for every weight: one sheet for the "
                                 "%u weight given",
                                 "%s in %s reads the same for every weight: one sheet for the "
                                 "%u weights given", n_weights),
                       sp_drug_get_display_name (options.drug),
                       sp_dose_unit_get_label (limits->unit), n_weights);
          sheets = 1;
        }
      for (guint w = 0; w < sheets; w++)
        {
          g_autoptr(GError) error = NULL;
          SpDocument *doc;

          options.weight_kg = g_array_index (weights, double, w);
          if ((status = check_ordered_dose (&options)) != SP_CLI_EXIT_OK)
            return status;
          doc = sp_infusion_sheet_new (&options, &error);
          if (doc == NULL && error->domain == SP_DOSE_TABLE_ERROR)
            return sp_cli_refuse_dose_table (error);
          if (doc == NULL)
            return sp_cli_refuse ("sheet: %s", error->message);
          g_ptr_array_add (docs, doc);
        }
    }

  /* TRANSLATORS: what the PDF holds: "2 infusion sheets" */
  what = g_strdup_printf (ngettext ("%u infusion sheet", "%u infusion sheets", docs->len),
                          docs->len);
  return sp_cli_write_pdf ((SpDocument **) docs->pdata, docs->len, fonts, output, paper, what);
}

/* --- summary ---------------------------------------------------------------- */

int
sp_cli_command_summary (SpCli  *cli,
                        char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) sets = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *output = NULL;
  g_autoptr(SpCaseData) case_data = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(SpDocument) doc = NULL;
  gboolean handover = FALSE;
  g_autofree char *hours_text = NULL;
  gint64 hours = 12;
  SpPaper paper;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Start from this case file"), N_("FILE") },
    { "handover", 0, 0, G_OPTION_ARG_NONE, &handover,
      N_("One page for the next shift: the state now, the trend and flowsheet of the last hours"),
      NULL },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &hours_text,
      N_("With --handover: how many hours back (default 12)"), N_("N") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set a patient field (an empty value unsets it); repeatable"), N_("FIELD=VALUE") },
    G_OPTION_ENTRY_NULL
  };

  if ((status = sp_cli_pdf_option_parse (cli, "summary",
                                         _("A case summary as PDF: the inputs, the assessment "
                                           "with its criteria and alerts, the running infusions, "
                                           "the monitoring checklist and the references."),
                                         entries, &args, &paper_text, &output)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("summary: unexpected argument “%s”"), args[1]);
  if ((status = sp_cli_check_pdf_output ("summary", output, paper_text, &paper)) != SP_CLI_EXIT_OK)
    return status;

  if (hours_text != NULL && !handover)
    return sp_cli_usage_error (_("summary: --hours needs --handover: the full summary keeps the "
                                 "whole timeline"));
  if (hours_text != NULL &&
      !g_ascii_string_to_signed (hours_text, 10, 1, 72, &hours, NULL))
    return sp_cli_usage_error (_("summary: --hours %s: give 1 to 72 hours"), hours_text);
  if (handover && case_path == NULL)
    return sp_cli_usage_error (_("summary: --handover needs --case: the case's timeline"));

  if ((status = sp_cli_case (cli, case_path, sets, &case_data)) != SP_CLI_EXIT_OK)
    return status;

  /* No fonts made ready ahead (NULL below): the handover's trend plot is
   * drawn in the default font map, and a file's text keeps to one. */
  assessment = sp_engine_evaluate (cli->protocol, cli->drugs, &case_data->patient,
                                   case_data->infusions);
  if (handover)
    {
      doc = sp_case_handover_new (assessment, cli->drugs, case_data, NULL, (guint) hours,
                                  SP_NUMBER_LOCALE);
      /* TRANSLATORS: what the PDF holds: "1 handover page" */
      return sp_cli_write_pdf (&doc, 1, NULL, output, paper, _("1 handover page"));
    }
  doc = sp_case_summary_new (assessment, cli->drugs, case_data, NULL, SP_NUMBER_LOCALE);

  /* TRANSLATORS: what the PDF holds: "1 case summary" */
  return sp_cli_write_pdf (&doc, 1, NULL, output, paper, _("1 case summary"));
}
