/* sp-cli-infusion.c: shockpath-cli rate, dose and table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every number comes from the core: the arguments are parsed by sp-quantity and
 * the protocol (weight), checked against the drug library, converted by
 * sp-dose and formatted by sp-quantity.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-bag-plan.h"
#include "sp-cli.h"
#include "sp-dose.h"
#include "sp-dose-table.h"

/* The help of --drug and --concentration, the same in the three commands. */
#define DRUG_HELP N_("The drug (id or synonym, see “shockpath-cli drugs”)")
#define CONCENTRATION_HELP N_("The concentration (“4 mg/250 mL”, “64 mcg/mL”)")

/* The options the three commands share; rate and dose also take the
 * quantity to convert (--dose, --rate) and --running-dose. */
typedef struct {
  char *drug;
  char *dose_unit;
  char *weight;
  char *concentration;
  char *quantity;
  char *running_dose;
} InfusionArgs;

static void
infusion_args_clear (InfusionArgs *args)
{
  g_clear_pointer (&args->drug, g_free);
  g_clear_pointer (&args->dose_unit, g_free);
  g_clear_pointer (&args->weight, g_free);
  g_clear_pointer (&args->concentration, g_free);
  g_clear_pointer (&args->quantity, g_free);
  g_clear_pointer (&args->running_dose, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InfusionArgs, infusion_args_clear)

/* What the shared options resolve to. */
typedef struct {
  const SpDrug       *drug;
  SpDoseUnit          unit;         /* --dose-unit, or the drug's default */
  gboolean            unit_given;
  const SpDoseLimits *limits;       /* of @unit */
  double              weight_kg;    /* NAN when not given */
  SpConcentration     conc;
} Infusion;

static int
resolve_drug (SpCli        *cli,
              const char   *text,
              const SpDrug **out_drug)
{
  int status = SP_CLI_EXIT_OK;

  *out_drug = sp_cli_lookup_drug (cli, "--drug", text, &status);
  return status;
}

/* --dose-unit, or the drug's first (default) unit. */
static int
resolve_unit (const SpDrug *drug,
              const char   *text,
              Infusion     *inf)
{
  int status = SP_CLI_EXIT_OK;

  if (text == NULL)
    {
      inf->limits = sp_drug_get_dose_limits (drug, 0);
      inf->unit = inf->limits->unit;
      inf->unit_given = FALSE;
      return SP_CLI_EXIT_OK;
    }

  if ((inf->limits = sp_cli_lookup_dose_unit (drug, text, &status)) == NULL)
    return status;

  inf->unit = inf->limits->unit;
  inf->unit_given = TRUE;
  return SP_CLI_EXIT_OK;
}

/* Resolves the shared options, in the order a user reads them. */
static int
resolve_infusion (SpCli              *cli,
                  const InfusionArgs *args,
                  Infusion           *inf)
{
  int status;

  if ((status = resolve_drug (cli, args->drug, &inf->drug)) != SP_CLI_EXIT_OK ||
      (status = resolve_unit (inf->drug, args->dose_unit, inf)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_resolve_weight (cli, args->weight, FALSE, &inf->weight_kg)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_resolve_concentration (inf->drug, args->concentration, &inf->conc)) != SP_CLI_EXIT_OK)
    return status;

  return SP_CLI_EXIT_OK;
}

/* A per-kg dose needs a weight: refused naming --weight. */
static int
require_weight (const Infusion *inf)
{
  if (!inf->unit.per_kg || !isnan (inf->weight_kg))
    return SP_CLI_EXIT_OK;

  /* TRANSLATORS: --weight is required for a dose in mcg/kg/min (the patient's weight in kg) */
  return sp_cli_refuse (_("--weight is required for a dose in %s (the patient’s weight in kg)"),
                        sp_dose_unit_get_label (inf->unit));
}

/* The message of a soft-limit alert: the core's, as on screen and in evaluate. */
static char *
soft_limit_message (const Infusion     *inf,
                    double              dose,
                    const SpLimitCheck *check,
                    SpNumberStyle       style)
{
  return sp_drug_describe_limit (inf->drug, dose, inf->unit, check, style);
}

static void
json_soft_limit_alert (SpJsonWriter       *writer,
                       const Infusion     *inf,
                       double              dose,
                       const SpLimitCheck *check)
{
  g_autofree char *id = g_strdup_printf ("%s-soft-limit", sp_drug_get_id (inf->drug));
  g_autofree char *message = soft_limit_message (inf, dose, check, SP_NUMBER_C);

  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", id);
  sp_json_writer_member_string (writer, "severity", sp_severity_to_string (SP_SEVERITY_SOFT_LIMIT));
  sp_json_writer_member_string (writer, "message", message);
  sp_json_writer_member_strv (writer, "cites", inf->limits->limit_cites);
  sp_json_writer_end_object (writer);
}

static void
print_soft_limit (const Infusion     *inf,
                  double              dose,
                  const SpLimitCheck *check)
{
  g_autofree char *message = soft_limit_message (inf, dose, check, SP_NUMBER_LOCALE);

  sp_cli_print_alert (SP_SEVERITY_SOFT_LIMIT, message);
}

static void
json_header (SpJsonWriter   *writer,
             SpDrugLibrary  *drugs,
             const Infusion *inf)
{
  sp_json_writer_member_string (writer, "drug", sp_drug_get_id (inf->drug));
  sp_json_writer_member_string (writer, "display_name", sp_drug_get_display_name (inf->drug));
  sp_cli_json_drug_library (writer, drugs);
}

/* "0.8 mg/h"; doses are of the base, said so beside a label in the salt:
 * "0.8 mg/h as base". */
static char *
format_dose_of (const Infusion *inf,
                double          dose,
                SpNumberStyle   style)
{
  return sp_format_as_base_if (sp_format_dose (dose, inf->unit, 0, style),
                               inf->conc.salt[0] != '\0');
}

/* "DOBUTamine 5 mcg/kg/min for 80 kg at 1,000 mg/250 mL (4,000 mcg/mL)". */
static char *
infusion_text (const Infusion *inf,
               double          dose,
               SpNumberStyle   style)
{
  g_autofree char *dose_text = NULL;
  g_autofree char *conc_text = sp_drug_format_concentration_with_strength (inf->drug, &inf->conc, style);
  g_autofree char *weight_text = NULL;

  if (isnan (dose))
    dose_text = g_strdup (sp_drug_get_display_name (inf->drug));
  else
    {
      g_autofree char *amount = format_dose_of (inf, dose, style);

      dose_text = g_strdup_printf ("%s %s", sp_drug_get_display_name (inf->drug), amount);
    }

  if (!inf->unit.per_kg)
    /* TRANSLATORS: "vasopressin 0.03 units/min at 20 units/100 mL (0.2 units/mL)" */
    return g_strdup_printf (_("%s at %s"), dose_text, conc_text);

  weight_text = sp_cli_weight_text (inf->weight_kg, style);
  /* TRANSLATORS: "norepinephrine 0.1 mcg/kg/min for 70 kg at 4 mg/250 mL (16 mcg/mL)" */
  return g_strdup_printf (_("%s for %s at %s"), dose_text, weight_text, conc_text);
}

/* --- the dose-change check ------------------------------------------------- */

/* --running-dose X: the dose the pump runs now, in the dose's unit (written
 * or not), for the core's 2x / 0.5x check. NAN when not given. */
static int
parse_running_dose (const char     *text,
                    const Infusion *inf,
                    double         *out_running)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) units = sp_drug_get_dose_units (inf->drug);
  SpDoseUnit unit;
  double running;

  *out_running = NAN;
  if (text == NULL)
    return SP_CLI_EXIT_OK;

  /* In any unit of the drug, compared in the new dose's (a pump moved from
   * mcg/kg/min to mcg/min is the change most worth checking) */
  if (!sp_dose_parse (text, SP_NUMBER_LOCALE, "--running-dose",
                      (const SpDoseUnit *) (gpointer) units->data, units->len, &inf->unit,
                      &running, &unit, &error))
    return sp_cli_refuse ("%s", error->message);
  if (!sp_dose_convert (running, unit, inf->unit, inf->weight_kg, out_running, &error))
    return sp_cli_refuse ("--running-dose: %s", error->message);
  return SP_CLI_EXIT_OK;
}

/* The core's dose-change message, or NULL: "4× the running dose (0.1
 * mcg/kg/min): confirm the new dose before the pump is changed". */
static char *
dose_change_message (const Infusion *inf,
                     double          running,
                     double          dose,
                     SpNumberStyle   style)
{
  g_autofree char *factor = NULL;
  g_autofree char *running_text = NULL;

  if (!sp_dose_check_change (running, dose, NULL, &factor))
    return NULL;
  running_text = sp_format_dose (running, inf->unit, 0, style);
  /* TRANSLATORS: "4× the running dose (0.1 mcg/kg/min): confirm the new dose
   * before the pump is changed" */
  return g_strdup_printf (_("%s (%s): confirm the new dose before the pump is changed"),
                          factor, running_text);
}

static void
json_dose_change_alert (SpJsonWriter   *writer,
                        const Infusion *inf,
                        double          running,
                        double          dose)
{
  g_autofree char *message = dose_change_message (inf, running, dose, SP_NUMBER_C);

  if (message == NULL)
    return;
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", "dose-change");
  sp_json_writer_member_string (writer, "severity", sp_severity_to_string (SP_SEVERITY_WARNING));
  sp_json_writer_member_string (writer, "message", message);
  sp_json_writer_member_number (writer, "factor", dose / running);
  sp_json_writer_end_object (writer);
}

static void
print_dose_change (const Infusion *inf,
                   double          running,
                   double          dose)
{
  g_autofree char *message = dose_change_message (inf, running, dose, SP_NUMBER_LOCALE);

  if (message != NULL)
    sp_cli_print_alert (SP_SEVERITY_WARNING, message);
}

/* --- the pump's step ------------------------------------------------------- */

/* "rate-rounding": the core's note when the rate the pump is set to takes
 * the dose further from @dose than the profile allows, as the soft-limit
 * alert is (its sources in "cites"), with the numbers: the rate set, the
 * percent, the dose the pump gives and the weaker standard. */
static void
json_rate_rounding_alert (SpJsonWriter   *writer,
                          const Infusion *inf,
                          double          dose)
{
  g_autofree char *message = NULL;
  SpRateRounding r;

  if (!sp_drug_compute_rate_rounding (inf->drug, dose, inf->unit, inf->weight_kg, &inf->conc, &r))
    return;
  message = sp_drug_format_rate_rounding (inf->drug, &r, SP_NUMBER_C);
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", "rate-rounding");
  sp_json_writer_member_string (writer, "severity", sp_severity_to_string (SP_SEVERITY_WARNING));
  sp_json_writer_member_string (writer, "message", message);
  sp_json_writer_member_strv (writer, "cites", sp_drug_get_rate_rounding_cites (inf->drug));
  sp_json_writer_member_number (writer, "rate_set_ml_per_h", r.set_ml_h);
  sp_json_writer_member_number (writer, "percent", r.percent);
  sp_json_writer_member_number (writer, "allowed_percent", r.allowed_percent);
  sp_json_writer_member (writer, "dose_given");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_number (writer, "value", r.dose_given);
  sp_json_writer_member_string (writer, "unit", sp_dose_unit_to_string (inf->unit));
  sp_json_writer_end_object (writer);
  sp_json_writer_member (writer, "weaker");
  if (r.weaker == NULL)
    sp_json_writer_null (writer);
  else
    {
      sp_json_writer_begin_object (writer);
      sp_json_writer_member (writer, "concentration");
      sp_cli_json_concentration (writer, &r.weaker->conc, inf->unit.amount);
      sp_json_writer_member_number (writer, "rate_ml_per_h", r.weaker_rate_ml_h);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_object (writer);
}

static void
print_rate_rounding (const Infusion *inf,
                     double          dose)
{
  g_autofree char *message = sp_drug_describe_rate_rounding (inf->drug, dose, inf->unit,
                                                             inf->weight_kg, &inf->conc,
                                                             SP_NUMBER_LOCALE);
  g_autofree char *cited = NULL;

  if (message == NULL)
    return;
  cited = sp_format_cited (message, sp_drug_get_rate_rounding_cites (inf->drug));
  sp_cli_print_alert (SP_SEVERITY_WARNING, cited);
}

/* --- what a conversion answers --------------------------------------------- */

/* "dose": {"value", "unit"} */
static void
json_dose (SpJsonWriter   *writer,
           const Infusion *inf,
           double          dose)
{
  sp_json_writer_member (writer, "dose");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_number (writer, "value", dose);
  sp_json_writer_member_string (writer, "unit", sp_dose_unit_to_string (inf->unit));
  sp_json_writer_end_object (writer);
}

/* The alerts of a rate or dose answer, in this order: the soft limit
 * @dose is above (@check), the change from the running dose, the pump's
 * step, a look-alike standard. */
static void
json_alerts (SpJsonWriter       *writer,
             SpDrugLibrary      *drugs,
             const Infusion     *inf,
             double              dose,
             const SpLimitCheck *check,
             double              running)
{
  g_autofree char *alike = sp_drug_library_describe_look_alike (drugs, inf->drug, &inf->conc,
                                                                SP_NUMBER_C);

  sp_json_writer_member (writer, "alerts");
  sp_json_writer_begin_array (writer);
  if (check->state == SP_LIMIT_SOFT)
    json_soft_limit_alert (writer, inf, dose, check);
  json_dose_change_alert (writer, inf, running, dose);
  json_rate_rounding_alert (writer, inf, dose);
  if (alike != NULL)
    {
      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", "look-alike");
      sp_json_writer_member_string (writer, "severity", sp_severity_to_string (SP_SEVERITY_WARNING));
      sp_json_writer_member_string (writer, "message", alike);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
}

/* The same alerts as lines of the human output. */
static void
print_alerts (SpDrugLibrary      *drugs,
              const Infusion     *inf,
              double              dose,
              const SpLimitCheck *check,
              double              running)
{
  g_autofree char *alike = sp_drug_library_describe_look_alike (drugs, inf->drug, &inf->conc,
                                                                SP_NUMBER_LOCALE);

  if (check->state == SP_LIMIT_SOFT)
    print_soft_limit (inf, dose, check);
  print_dose_change (inf, running, dose);
  print_rate_rounding (inf, dose);
  /* a standard of another drug that reads the same but for the name */
  if (alike != NULL)
    sp_cli_print_alert (SP_SEVERITY_WARNING, alike);
}

/* --- the bag planner ------------------------------------------------------- */

/* "bag": what the core's planner says at @rate, or null when the volume is
 * not known ("64 mcg/mL"). */
static void
json_bag (SpJsonWriter   *writer,
          const Infusion *inf,
          double          rate)
{
  SpBagPlan plan;

  sp_json_writer_member (writer, "bag");
  if (!sp_bag_plan_compute (inf->drug, &inf->conc, rate, &plan))
    {
      sp_json_writer_null (writer);
      return;
    }
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_number (writer, "volume_ml", plan.volume_ml);
  sp_json_writer_member_number (writer, "hours_to_empty", plan.hours_to_empty);
  sp_json_writer_member_number (writer, "ml_per_24h", plan.ml_per_24h);
  sp_json_writer_member_number (writer, "amount_per_24h", plan.amount_per_24h);
  sp_json_writer_member_string (writer, "amount_unit", sp_amount_unit_to_string (plan.amount_unit));
  sp_json_writer_member_number (writer, "beyond_use_hours", plan.beyond_use_hours);
  sp_json_writer_member_number (writer, "replace_in_hours", plan.replace_in_hours);
  sp_json_writer_member_number (writer, "prepare_lead_hours", plan.lead_hours);
  /* null for a drug given as one course that ends first (levosimendan) */
  sp_json_writer_member_number (writer, "prepare_next_in_hours", plan.prepare_next_in_hours);
  sp_json_writer_member_number (writer, "course_hours", plan.course_hours);
  sp_json_writer_member (writer, "advisory");
  if (plan.has_advisory)
    {
      g_autofree char *message = sp_bag_plan_format_advisory (inf->drug, &plan, inf->unit,
                                                              inf->weight_kg, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member (writer, "concentration");
      sp_cli_json_concentration (writer, &plan.advisory.stronger->conc, inf->unit.amount);
      sp_json_writer_member_number (writer, "rate_ml_per_h", plan.advisory.rate_ml_per_h);
      sp_json_writer_member_number (writer, "threshold_ml_per_h", plan.advisory.threshold_ml_per_h);
      sp_json_writer_member_string (writer, "message", message);
      sp_json_writer_member_strv (writer, "cites", plan.advisory.cites);
      sp_json_writer_end_object (writer);
    }
  else
    sp_json_writer_null (writer);
  sp_json_writer_end_object (writer);
}

/* "Bag: lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h", when the next
 * one is due ("Next one: replace within 24 h (its beyond-use time): …", as
 * the card and the sheet say: a bag that lasts 41 h is still replaced at
 * 24 h), and the advisory when there is one; nothing when the volume is
 * not known. */
static void
print_bag (const Infusion *inf,
           double          rate)
{
  g_autofree char *summary = NULL;
  g_autofree char *line = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next_cited = NULL;
  g_autofree char *advisory = NULL;
  SpBagPlan plan;

  if (!sp_bag_plan_compute (inf->drug, &inf->conc, rate, &plan))
    return;
  summary = sp_bag_plan_format_summary (&plan, SP_NUMBER_LOCALE);
  if (sp_bag_plan_is_syringe (&plan))
    /* TRANSLATORS: the bag planner in the human output: "Syringe: lasts 4 h 10 min; …" */
    line = g_strdup_printf (_("Syringe: %s\n"), summary);
  else
    /* TRANSLATORS: the bag planner in the human output: "Bag: lasts 38 h 6 min; …" */
    line = g_strdup_printf (_("Bag: %s\n"), summary);
  sp_cli_print (line);
  next = sp_bag_plan_format_next (&plan, SP_NUMBER_LOCALE);
  next_cited = sp_format_cited (next, plan.course_ends_first ? plan.course_cites : plan.lead_cites);
  g_clear_pointer (&line, g_free);
  /* Translators: a label and its text ("holds: MAP ≥ 65 mmHg"); French puts a space before the colon */
  line = g_strdup_printf (_("%s: %s"), _("Next one"), next_cited);
  sp_cli_print (line);
  sp_cli_print ("\n");
  advisory = sp_bag_plan_format_advisory (inf->drug, &plan, inf->unit, inf->weight_kg,
                                          SP_NUMBER_LOCALE);
  if (advisory != NULL)
    {
      g_clear_pointer (&line, g_free);
      /* TRANSLATORS: the bag planner's advisory in the human output */
      line = g_strdup_printf (_("Advice: %s\n"), advisory);
      sp_cli_print (line);
    }
}

/* --- rate and dose --------------------------------------------------------- */

/* The options of rate and dose, in the order --help lists them: --drug, the
 * quantity given (@quantity: --dose or --rate, into iargs->quantity),
 * --dose-unit (@dose_unit_help), --weight, --concentration, --running-dose
 * and --json. */
static GOptionContext *
conversion_context_new (SpCli              *cli,
                        InfusionArgs       *iargs,
                        const GOptionEntry *quantity,
                        const char         *dose_unit_help,
                        const char         *summary)
{
  const GOptionEntry entries[] = {
    { "drug", 0, 0, G_OPTION_ARG_STRING, &iargs->drug,
      DRUG_HELP, N_("ID") },
    *quantity,
    { "dose-unit", 0, 0, G_OPTION_ARG_STRING, &iargs->dose_unit, dose_unit_help, N_("UNIT") },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &iargs->weight,
      N_("The patient’s weight in kg (required for per-kg doses)"), N_("KG") },
    { "concentration", 0, 0, G_OPTION_ARG_STRING, &iargs->concentration,
      CONCENTRATION_HELP, N_("C") },
    { "running-dose", 0, 0, G_OPTION_ARG_STRING, &iargs->running_dose,
      N_("The dose running now, in the same unit: warns when the new one is more than twice or less than half of it"),
      N_("X") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  /* The context keeps a copy of the entries. */
  return sp_cli_option_context_new (cli, NULL, summary, entries);
}

/* --drug, the quantity (@quantity_option) and --concentration are
 * required; then the drug library and the protocol are loaded. */
static int
require_conversion_options (SpCli              *cli,
                            const char         *command,
                            const char         *quantity_option,
                            const InfusionArgs *iargs)
{
  int status;

  if (iargs->drug == NULL)
    return sp_cli_missing_option (command, "--drug");
  if (iargs->quantity == NULL)
    return sp_cli_missing_option (command, quantity_option);
  if (iargs->concentration == NULL)
    return sp_cli_missing_option (command, "--concentration");
  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK)
    return status;
  return sp_cli_load_protocol (cli);
}

/* --- rate ------------------------------------------------------------------ */

int
sp_cli_command_rate (SpCli  *cli,
                     char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(InfusionArgs) iargs = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) units = NULL;
  g_autoptr(GError) error = NULL;
  Infusion inf = { 0 };
  SpLimitCheck check;
  double dose = 0, rate = 0, running = NAN;
  SpDoseUnit dose_unit;
  const char *dose_text;
  int status;
  const GOptionEntry quantity = {
    "dose", 0, 0, G_OPTION_ARG_STRING, &iargs.quantity,
    N_("The dose, with or without its unit (“0.1 mcg/kg/min”)"), N_("X")
  };

  context = conversion_context_new (cli, &iargs, &quantity,
                                    N_("The dose unit when --dose has none (default: the drug’s first unit)"),
                                    _("The pump rate in mL/h for a dose of a drug at a concentration."));
  if ((status = sp_cli_option_parse (cli, context, "rate", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("rate: unexpected argument “%s”"), args[1]);
  if ((status = require_conversion_options (cli, "rate", "--dose", &iargs)) != SP_CLI_EXIT_OK)
    return status;
  dose_text = iargs.quantity;

  if ((status = resolve_drug (cli, iargs.drug, &inf.drug)) != SP_CLI_EXIT_OK ||
      (status = resolve_unit (inf.drug, iargs.dose_unit, &inf)) != SP_CLI_EXIT_OK)
    return status;

  /* The dose: its own unit if written, else --dose-unit, else the default. */
  units = sp_drug_get_dose_units (inf.drug);
  if (!sp_dose_parse (dose_text, SP_NUMBER_LOCALE, "--dose",
                      (const SpDoseUnit *) (gpointer) units->data, units->len,
                      &inf.unit, &dose, &dose_unit, &error))
    return sp_cli_refuse ("%s", error->message);
  if (!sp_dose_unit_equal (dose_unit, inf.unit))
    {
      if (inf.unit_given)
        /* TRANSLATORS: --dose “0.1 mcg/min” does not match --dose-unit mcg/kg/min */
        return sp_cli_refuse (_("--dose “%s” does not match --dose-unit %s"),
                              dose_text, sp_dose_unit_get_label (inf.unit));
      /* sp_dose_parse accepted it, so the drug takes it. */
      inf.unit = dose_unit;
      inf.limits = sp_drug_find_dose_limits (inf.drug, dose_unit);
      g_return_val_if_fail (inf.limits != NULL, SP_CLI_EXIT_REFUSED);
    }

  if ((status = sp_cli_resolve_weight (cli, iargs.weight, FALSE, &inf.weight_kg)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_resolve_concentration (inf.drug, iargs.concentration, &inf.conc)) != SP_CLI_EXIT_OK ||
      (status = require_weight (&inf)) != SP_CLI_EXIT_OK ||
      (status = parse_running_dose (iargs.running_dose, &inf, &running)) != SP_CLI_EXIT_OK)
    return status;

  if (!sp_drug_check_dose (inf.drug, dose, inf.unit, inf.weight_kg, &check, &error))
    return sp_cli_refuse ("--dose: %s", error->message);
  if (check.state == SP_LIMIT_HARD)
    {
      g_autofree char *dose_str = sp_limit_check_format_dose (&check, dose, inf.unit,
                                                              SP_NUMBER_LOCALE);
      g_autofree char *limit_str = sp_limit_check_format_limit (&check, inf.unit, SP_NUMBER_LOCALE);

      /* TRANSLATORS: --dose: 4 mcg/kg/min of norepinephrine is above the hard
       * limit and is refused; accepted: up to 3 mcg/kg/min */
      return sp_cli_refuse (_("--dose: %s of %s is above the hard limit and is refused; "
                              "accepted: up to %s"),
                            dose_str, sp_drug_get_display_name (inf.drug), limit_str);
    }

  if (!sp_dose_to_rate (dose, inf.unit, inf.weight_kg, &inf.conc, &rate, &error))
    return sp_cli_refuse ("%s", error->message);

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);
      g_autofree char *rate_display = sp_drug_format_rate (inf.drug, rate, inf.unit,
                                                           inf.weight_kg, &inf.conc, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      json_header (writer, cli->drugs, &inf);
      json_dose (writer, &inf, dose);
      sp_json_writer_member_number (writer, "weight_kg", inf.weight_kg);
      sp_json_writer_member (writer, "concentration");
      sp_cli_json_concentration (writer, &inf.conc, inf.unit.amount);
      sp_json_writer_member_number (writer, "rate_ml_per_h", rate);
      sp_json_writer_member_string (writer, "rate_display", rate_display);
      json_bag (writer, &inf, rate);
      json_alerts (writer, cli->drugs, &inf, dose, &check, running);
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
    }
  else
    {
      g_autofree char *what = infusion_text (&inf, dose, SP_NUMBER_LOCALE);
      g_autofree char *rate_str = sp_cli_rate_text (inf.drug, rate, inf.unit, inf.weight_kg,
                                                    &inf.conc, SP_NUMBER_LOCALE);
      g_autofree char *line = NULL;

      /* TRANSLATORS: "<drug, dose, weight, concentration>: 26.3 mL/h" */
      line = g_strdup_printf (_("%s: %s\n"), what, rate_str);
      sp_cli_print (line);
      print_bag (&inf, rate);
      print_alerts (cli->drugs, &inf, dose, &check, running);
    }

  return SP_CLI_EXIT_OK;
}

/* --- dose ------------------------------------------------------------------ */

int
sp_cli_command_dose (SpCli  *cli,
                     char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(InfusionArgs) iargs = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Infusion inf = { 0 };
  SpLimitCheck check;
  double dose = 0, limit = NAN, rate = 0, running = NAN;
  const char *rate_text;
  int status;
  const GOptionEntry quantity = {
    "rate", 0, 0, G_OPTION_ARG_STRING, &iargs.quantity,
    N_("The pump rate in mL/h"), N_("ML_PER_H")
  };

  context = conversion_context_new (cli, &iargs, &quantity,
                                    N_("The dose unit of the answer (default: the drug’s first unit)"),
                                    _("The dose a pump rate in mL/h delivers at a concentration."));
  if ((status = sp_cli_option_parse (cli, context, "dose", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("dose: unexpected argument “%s”"), args[1]);
  if ((status = require_conversion_options (cli, "dose", "--rate", &iargs)) != SP_CLI_EXIT_OK ||
      (status = resolve_infusion (cli, &iargs, &inf)) != SP_CLI_EXIT_OK)
    return status;
  rate_text = iargs.quantity;

  if (!sp_rate_parse (rate_text, SP_NUMBER_LOCALE, "--rate", &rate, &error))
    return sp_cli_refuse ("%s", error->message);

  if ((status = require_weight (&inf)) != SP_CLI_EXIT_OK ||
      (status = parse_running_dose (iargs.running_dose, &inf, &running)) != SP_CLI_EXIT_OK)
    return status;

  if (!sp_rate_to_dose (rate, inf.unit, inf.weight_kg, &inf.conc, &dose, &error))
    return sp_cli_refuse ("%s", error->message);

  if (!sp_drug_check_dose (inf.drug, dose, inf.unit, inf.weight_kg, &check, &error))
    return sp_cli_refuse ("%s", error->message);
  /* the limit crossed, in the unit of the dose (a limit in mcg/kg/min
   * said in mcg/min for the weight) */
  limit = check.limit_in_dose_unit;
  if (check.state == SP_LIMIT_HARD)
    {
      g_autofree char *what = infusion_text (&inf, NAN, SP_NUMBER_LOCALE);
      g_autofree char *rate_str = sp_format_decimal (rate, 3, SP_NUMBER_LOCALE);
      g_autofree char *dose_str = sp_limit_check_format_dose (&check, dose, inf.unit,
                                                              SP_NUMBER_LOCALE);
      g_autofree char *limit_str = sp_limit_check_format_limit (&check, inf.unit, SP_NUMBER_LOCALE);
      double limit_rate = NAN;

      if (sp_dose_to_rate (limit, inf.unit, inf.weight_kg, &inf.conc, &limit_rate, NULL))
        {
          /* as the pump is set, never rounded up past the limit: 131.25
           * mL/h is "131.2" */
          g_autofree char *limit_rate_str = sp_drug_format_rate (inf.drug, limit_rate, inf.unit,
                                                                 inf.weight_kg, &inf.conc,
                                                                 SP_NUMBER_LOCALE);

          /* TRANSLATORS: --rate: 60 mL/h of norepinephrine for 70 kg at 4 mg/250 mL
           * (16 mcg/mL) means 3.43 mcg/kg/min, above the hard limit, refused;
           * accepted: up to 3 mcg/kg/min (52.5 mL/h) */
          return sp_cli_refuse (_("--rate: %s mL/h of %s means %s, above the hard limit, refused; "
                                  "accepted: up to %s (%s mL/h)"),
                                rate_str, what, dose_str, limit_str, limit_rate_str);
        }

      return sp_cli_refuse (_("--rate: %s mL/h of %s means %s, above the hard limit, refused; "
                              "accepted: up to %s"),
                            rate_str, what, dose_str, limit_str);
    }

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);
      g_autofree char *dose_display = sp_format_dose (dose, inf.unit, 0, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      json_header (writer, cli->drugs, &inf);
      sp_json_writer_member_number (writer, "rate_ml_per_h", rate);
      sp_json_writer_member_number (writer, "weight_kg", inf.weight_kg);
      sp_json_writer_member (writer, "concentration");
      sp_cli_json_concentration (writer, &inf.conc, inf.unit.amount);
      json_dose (writer, &inf, dose);
      sp_json_writer_member_string (writer, "dose_display", dose_display);
      json_alerts (writer, cli->drugs, &inf, dose, &check, running);
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
    }
  else
    {
      g_autofree char *what = infusion_text (&inf, NAN, SP_NUMBER_LOCALE);
      g_autofree char *rate_str = sp_format_decimal (rate, 3, SP_NUMBER_LOCALE);
      g_autofree char *dose_str = format_dose_of (&inf, dose, SP_NUMBER_LOCALE);
      g_autofree char *line = NULL;

      /* TRANSLATORS: "26.25 mL/h of norepinephrine for 70 kg at 4 mg/250 mL
       * (16 mcg/mL): 0.1 mcg/kg/min" */
      line = g_strdup_printf (_("%s mL/h of %s: %s\n"), rate_str, what, dose_str);
      sp_cli_print (line);
      print_alerts (cli->drugs, &inf, dose, &check, running);
    }

  return SP_CLI_EXIT_OK;
}

/* --- table ----------------------------------------------------------------- */

static int
print_table (const Infusion    *inf,
             const SpDoseTable *table)
{
  g_autofree char *title = infusion_text (inf, NAN, SP_NUMBER_LOCALE);
  /* TRANSLATORS: column headers of a rate table: "Dose (mcg/kg/min)" */
  g_autofree char *dose_header = g_strdup_printf (_("Dose (%s)"), sp_dose_unit_get_label (inf->unit));
  const char *rate_header = _("Rate (mL/h)");
  g_autoptr(GPtrArray) doses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  glong dose_width = g_utf8_strlen (dose_header, -1);
  glong rate_width = g_utf8_strlen (rate_header, -1);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char *dose = sp_dose_table_format_dose (table, i, SP_NUMBER_LOCALE);
      char *rate = sp_dose_table_format_rate (table, i, SP_NUMBER_LOCALE);

      dose_width = MAX (dose_width, g_utf8_strlen (dose, -1));
      rate_width = MAX (rate_width, g_utf8_strlen (rate, -1));
      g_ptr_array_add (doses, dose);
      g_ptr_array_add (rates, rate);
    }

  g_string_append_printf (out, "%s\n", title);
  g_string_append_printf (out, "%*s%s  %*s%s\n",
                          (int) (dose_width - g_utf8_strlen (dose_header, -1)), "", dose_header,
                          (int) (rate_width - g_utf8_strlen (rate_header, -1)), "", rate_header);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const SpDoseTableRow *row = &g_array_index (table->rows, SpDoseTableRow, i);
      const char *dose = g_ptr_array_index (doses, i);
      const char *rate = g_ptr_array_index (rates, i);
      g_autofree char *rounding = sp_dose_table_format_rounding (table, i, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "%*s%s  %*s%s",
                              (int) (dose_width - g_utf8_strlen (dose, -1)), "", dose,
                              (int) (rate_width - g_utf8_strlen (rate, -1)), "", rate);
      if (row->limit == SP_LIMIT_SOFT)
        g_string_append_printf (out, "  %s", _("above the soft limit"));
      /* the dose the pump gives, where its step takes it too far */
      if (rounding != NULL)
        g_string_append_printf (out, "  %s", rounding);
      g_string_append_c (out, '\n');
    }

  sp_cli_print (out->str);
  return SP_CLI_EXIT_OK;
}

static void
json_table (SpDrugLibrary     *drugs,
            const Infusion    *inf,
            const SpDoseTable *table)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);

  sp_json_writer_begin_object (writer);
  json_header (writer, drugs, inf);
  sp_json_writer_member_string (writer, "dose_unit", sp_dose_unit_to_string (inf->unit));
  sp_json_writer_member_number (writer, "weight_kg", inf->weight_kg);
  sp_json_writer_member (writer, "concentration");
  sp_cli_json_concentration (writer, &inf->conc, inf->unit.amount);
  sp_json_writer_member_number (writer, "from", table->from);
  sp_json_writer_member_number (writer, "to", table->to);
  sp_json_writer_member_number (writer, "step", table->step);
  /* the limits that hold at the weight (sp_dose_table_format_limit ()) */
  sp_json_writer_member_number (writer, "soft_limit", table->soft_max);
  sp_json_writer_member_number (writer, "hard_limit", table->hard_max);
  sp_json_writer_member_boolean (writer, "clipped_at_hard_limit", table->clipped);
  sp_json_writer_member (writer, "rows");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const SpDoseTableRow *row = &g_array_index (table->rows, SpDoseTableRow, i);
      g_autofree char *rate_display = sp_dose_table_format_rate (table, i, SP_NUMBER_C);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_number (writer, "dose", row->dose);
      sp_json_writer_member_number (writer, "rate_ml_per_h", row->rate_ml_h);
      sp_json_writer_member_string (writer, "rate_display", rate_display);
      sp_json_writer_member_string (writer, "limit", sp_limit_state_to_string (row->limit));
      /* how far the rate the pump is set to takes the dose, in percent */
      sp_json_writer_member_number (writer, "rate_rounding_percent", row->rounding_percent);
      sp_json_writer_member_boolean (writer, "rate_rounding_off", row->rounding_off);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
  sp_json_writer_end_object (writer);
  sp_cli_json_print (writer);
}

int
sp_cli_command_table (SpCli  *cli,
                      char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(InfusionArgs) iargs = { 0 };
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *step_text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDoseTable) table = NULL;
  Infusion inf = { 0 };
  double from, to, step;
  int status;
  const GOptionEntry entries[] = {
    { "drug", 0, 0, G_OPTION_ARG_STRING, &iargs.drug,
      DRUG_HELP, N_("ID") },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &iargs.weight,
      N_("The patient’s weight in kg"), N_("KG") },
    { "concentration", 0, 0, G_OPTION_ARG_STRING, &iargs.concentration,
      CONCENTRATION_HELP, N_("C") },
    { "dose-unit", 0, 0, G_OPTION_ARG_STRING, &iargs.dose_unit,
      N_("The dose unit of the table (default: the drug’s first unit)"), N_("UNIT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("The first dose (default: the drug library’s titration step)"), N_("X") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("The last dose (default: the hard limit)"), N_("Y") },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_text,
      N_("The dose step (default: the drug library’s titration step)"), N_("S") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("A dose to pump rate table for one patient and concentration. "
                                         "Rows above the hard limit are never shown."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "table", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("table: unexpected argument “%s”"), args[1]);
  /* --weight is required even for a dose unit that is not per kg: a table is
   * made for one patient (DESIGN.md). */
  if (iargs.drug == NULL)
    return sp_cli_missing_option ("table", "--drug");
  if (iargs.weight == NULL)
    return sp_cli_missing_option ("table", "--weight");
  if (iargs.concentration == NULL)
    return sp_cli_missing_option ("table", "--concentration");

  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_load_protocol (cli)) != SP_CLI_EXIT_OK ||
      (status = resolve_infusion (cli, &iargs, &inf)) != SP_CLI_EXIT_OK ||
      (status = require_weight (&inf)) != SP_CLI_EXIT_OK)
    return status;

  /* An option not given is NAN: the core's default from the drug library. */
  if ((status = sp_cli_parse_table_dose (from_text, "--from", inf.unit, &from)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_parse_table_dose (to_text, "--to", inf.unit, &to)) != SP_CLI_EXIT_OK ||
      (status = sp_cli_parse_table_dose (step_text, "--step", inf.unit, &step)) != SP_CLI_EXIT_OK)
    return status;

  table = sp_dose_table_new (inf.drug, inf.unit, inf.weight_kg, &inf.conc, from, to, step, &error);
  if (table == NULL)
    return sp_cli_refuse_dose_table (error);

  if (cli->json)
    {
      json_table (cli->drugs, &inf, table);
      return SP_CLI_EXIT_OK;
    }

  print_table (&inf, table);
  if (table->clipped)
    {
      g_autofree char *limit_str = sp_dose_table_format_limit (table, TRUE, SP_NUMBER_LOCALE);

      /* TRANSLATORS: rows above the hard limit (3 mcg/kg/min) are not shown */
      sp_cli_warn (_("rows above the hard limit (%s) are not shown"), limit_str);
    }

  return SP_CLI_EXIT_OK;
}
