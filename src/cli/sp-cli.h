/* sp-cli.h: what the shockpath-cli subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI holds no clinical logic and no clinical numbers of its own: it parses
 * arguments with the core, asks the core, and prints what the core answers.
 */
#pragma once

#include <glib.h>

#include "sp-assessment.h"
#include "sp-case-file.h"
#include "sp-cli-json.h"
#include "sp-drug-library.h"
#include "sp-format.h"
#include "sp-protocol.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

/* Exit status (DESIGN.md contract). */
typedef enum {
  SP_CLI_EXIT_OK = 0,
  SP_CLI_EXIT_REFUSED = 1,
  SP_CLI_EXIT_USAGE = 2,
} SpCliExit;

typedef struct {
  /* --drug-library / --protocol, before or after the subcommand */
  char          *drug_library_path;
  char          *protocol_path;
  char          *late_drug_library_path;
  char          *late_protocol_path;
  /* --profile: the drug-library profile, before or after the subcommand */
  char          *profile;
  char          *late_profile;
  gboolean       help;
  gboolean       json;
  /* the subcommand's options, a copy (sp_cli_option_context_new ()): their
   * names and kinds, to find one given twice */
  GOptionEntry  *entries;

  SpDrugLibrary *drugs;
  SpProtocol    *protocol;
} SpCli;

typedef int (*SpCliCommandFunc) (SpCli  *cli,
                                 char  **argv);

/* The whole command line: parses @argv (argv[0] the program; left as it is),
 * runs the subcommand, writes to stdout and stderr, and returns the exit
 * status (SpCliExit). The locale and message catalogue are the caller's to
 * set up (sp_i18n_init ()). */
int             sp_cli_main                 (int                 argc,
                                             char              **argv);

/* --- options -------------------------------------------------------------- */

/* A context for a subcommand with its @entries, the global options
 * (--drug-library, --protocol) and -h/--help; @parameter names positional
 * arguments (may be NULL). The program name, "shockpath-cli COMMAND", is set
 * by main. */
GOptionContext *sp_cli_option_context_new   (SpCli              *cli,
                                             const char         *parameter,
                                             const char         *summary,
                                             const GOptionEntry *entries);
/* Parses @argv (argv[0] is the subcommand) in place. Returns -1 to go on, or
 * the exit status when done (help printed) or refused (a usage error). Leaves
 * the positional arguments in @argv, argv[0] first. */
int             sp_cli_option_parse         (SpCli              *cli,
                                             GOptionContext     *context,
                                             const char         *command,
                                             char             ***argv);
/* Reports a missing required option (exit 2). */
int             sp_cli_missing_option       (const char         *command,
                                             const char         *option);

/* --- loading -------------------------------------------------------------- */

/* Loads the drug library / protocol (the given files or the shipped
 * defaults). The drug library is seen through --profile, else the site's
 * profile (the app's "drug-profile" setting), else the file's default; an
 * unknown --profile is refused, an unknown site setting reported and the
 * file's default used. Returns SP_CLI_EXIT_OK or SP_CLI_EXIT_REFUSED
 * (reported). */
int             sp_cli_load_drugs           (SpCli              *cli);
int             sp_cli_load_protocol        (SpCli              *cli);

/* Checks a loaded case file's numbers with the protocol as typed ones are
 * (refused: SP_CLI_EXIT_REFUSED, reported; warnings printed). */
int             sp_cli_check_case_values    (SpCli              *cli,
                                             const char         *path,
                                             const SpCaseData   *data);

/* --- the patient state ---------------------------------------------------- */

/* "weight, sbp, dbp, ...": the patient field ids. */
char           *sp_cli_field_ids_text       (void);
/* Loads the drug library and the protocol, then the case: the file
 * @case_path (may be NULL) through the one loader the window uses, then each
 * --set FIELD=VALUE of @sets (may be NULL), in order ("inotrope-dose" after
 * "inotrope"). Returns SP_CLI_EXIT_OK with *@out_data set, or the exit
 * status (reported): a malformed --set or an unknown field is a usage
 * error, a refused file or value refused input. */
int             sp_cli_case                 (SpCli              *cli,
                                             const char         *case_path,
                                             char              **sets,
                                             SpCaseData        **out_data);
/* Reads and checks the case file @path with the one loader the window uses,
 * in --profile if given, else in the profile the file names (else the
 * library's default), which the command then uses (cli->drugs). Returns
 * SP_CLI_EXIT_OK with *@out_data set, or SP_CLI_EXIT_REFUSED (reported). */
int             sp_cli_load_case_data       (SpCli              *cli,
                                             const char         *path,
                                             SpCaseData        **out_data);
/* The same at a moment of the case's timeline (@at NULL: the state now):
 * the state at @at replaces the case's own before --set applies. */
int             sp_cli_case_at              (SpCli              *cli,
                                             const char         *case_path,
                                             GDateTime          *at,
                                             char              **sets,
                                             SpCaseData        **out_data);
/* The field of --set FIELD=VALUE and where its value starts (exit 2 for a
 * missing '=' or an unknown field). */
int             sp_cli_parse_set            (const char         *assignment,
                                             SpField            *out_field,
                                             const char        **out_value);
/* Checks the field of every --set (a usage error, exit 2, for the first
 * that is no field). */
int             sp_cli_check_sets           (char              **sets);
/* Applies every --set to @data, "inotrope" before "inotrope-dose". */
int             sp_cli_apply_sets           (SpCli              *cli,
                                             char              **sets,
                                             SpCaseData         *data);
/* An ISO 8601 time given to @option (a time without offset is local time);
 * NULL with *out_status the usage error's exit status. */
GDateTime      *sp_cli_parse_time           (const char         *option,
                                             const char         *text,
                                             int                *out_status);

/* --- messages ------------------------------------------------------------- */

/* "shockpath-cli: " + message on one line of stderr; returns 1. */
int             sp_cli_refuse               (const char         *format,
                                             ...) G_GNUC_PRINTF (1, 2);
/* The same for a usage error; returns 2. */
int             sp_cli_usage_error          (const char         *format,
                                             ...) G_GNUC_PRINTF (1, 2);
/* "shockpath-cli: warning: " + message on one line of stderr. */
void            sp_cli_warn                 (const char         *format,
                                             ...) G_GNUC_PRINTF (1, 2);
/* Writes @text to stdout. */
void            sp_cli_print                (const char         *text);
/* An alert as a line of the human output: "Soft limit: <message>" for a
 * soft limit, "Warning: <message>" otherwise (rate, dose, record). */
void            sp_cli_print_alert          (SpSeverity          severity,
                                             const char         *message);
/* Refuses (exit 1) what sp_dose_table_new () refused, naming the option
 * (--from, --to, --step) behind an SP_DOSE_TABLE_ERROR. */
int             sp_cli_refuse_dose_table    (const GError       *error);

/* --- shared arguments ----------------------------------------------------- */

/* --weight through the protocol: plausibility, "lb" refused, a warning to
 * confirm printed on stderr. Absent (NULL) or empty: NAN, or refused when
 * @required. */
int             sp_cli_resolve_weight       (SpCli              *cli,
                                             const char         *text,
                                             gboolean            required,
                                             double             *out_weight);
/* --concentration: parsed, then checked against the drug library. */
int             sp_cli_resolve_concentration (const SpDrug      *drug,
                                              const char        *text,
                                              SpConcentration   *out_conc);
/* --from, --to, --step: a dose in @unit (the unit may be written); NAN when
 * @text is NULL (the drug library's default). */
int             sp_cli_parse_table_dose     (const char         *text,
                                             const char         *option,
                                             SpDoseUnit          unit,
                                             double             *out_value);

/* The drug @name (an id or a synonym) of the library, or NULL after
 * refusing it (*@out_status): "@option: unknown drug “foo”; the drug library
 * has: ...". */
const SpDrug   *sp_cli_lookup_drug          (SpCli              *cli,
                                             const char         *option,
                                             const char         *name,
                                             int                *out_status);
/* --dose-unit @text: the dose limits of @drug in that unit, or NULL after
 * refusing it (*@out_status) with the units @drug takes. */
const SpDoseLimits *sp_cli_lookup_dose_unit (const SpDrug       *drug,
                                             const char         *text,
                                             int                *out_status);

/* --- shared formatting ---------------------------------------------------- */

/* "mcg/kg/min, mcg/min": the dose units @drug takes. */
char           *sp_cli_drug_units_text      (const SpDrug       *drug);
/* A weight for display: "70 kg". */
char           *sp_cli_weight_text          (double              weight_kg,
                                             SpNumberStyle       style);
/* A pump rate of a dose in @unit at @weight_kg and @conc, rounded as the
 * drug's pumps show it and never up past its hard limit
 * (sp_drug_format_rate ()): "26.3 mL/h". */
char           *sp_cli_rate_text            (const SpDrug          *drug,
                                             double                 rate_ml_h,
                                             SpDoseUnit             unit,
                                             double                 weight_kg,
                                             const SpConcentration *conc,
                                             SpNumberStyle          style);

/* {"text","amount","amount_unit","volume_ml","per_ml","per_ml_unit"}, the
 * strength per mL in @per_ml_unit. */
/* "drug_library": {"name", "version", "profile", "profile_name"}. */
void            sp_cli_json_drug_library    (SpJsonWriter          *writer,
                                             SpDrugLibrary         *drugs);
void            sp_cli_json_concentration   (SpJsonWriter          *writer,
                                             const SpConcentration *conc,
                                             SpAmountUnit           per_ml_unit);
/* The scores and the staging of @assessment as members of the object
 * being written: "scores", "score_details", "scai_stage", "scai_at_least",
 * "scai_missing", "scai_cites". */
void            sp_cli_json_scores          (SpJsonWriter       *writer,
                                             SpAssessment       *assessment);
/* The same members for no assessment (a struck entry): scores null. */
void            sp_cli_json_no_scores       (SpJsonWriter       *writer,
                                             SpProtocol         *protocol);
/* Prints @writer's document on stdout. */
void            sp_cli_json_print           (SpJsonWriter       *writer);

/* --- subcommands ---------------------------------------------------------- */

int             sp_cli_command_rate         (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_dose         (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_record       (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_history      (SpCli  *cli,
                                             char  **argv);
/* export, import (sp-cli-fhir.c) */
int             sp_cli_command_export       (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_import       (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_table        (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_evaluate     (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_profiles     (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_drugs        (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_validate     (SpCli  *cli,
                                             char  **argv);
int             sp_cli_command_flowchart    (SpCli  *cli,
                                             char  **argv);
/* library diff | report (sp-cli-library-report.c) */
int             sp_cli_command_library      (SpCli  *cli,
                                             char  **argv);

G_END_DECLS
