/* sp-cli-main.c: the command line of shockpath-cli, from argv to exit status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   shockpath-cli [--drug-library FILE] [--protocol FILE] COMMAND [OPTION…]
 *
 * The global options may also follow the subcommand. main.c sets up the
 * process around sp_cli_main (); the tests call sp_cli_main () in their own
 * process too (tests/sp-test-cli.c).
 */
#define G_LOG_DOMAIN "shockpath-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-cli.h"
#include "sp-cli-sheet.h"

typedef struct {
  const char       *name;
  const char       *summary;   /* N_() */
  SpCliCommandFunc  func;
} Command;

static const Command commands[] = {
  { "rate", N_("Pump rate in mL/h for a dose"), sp_cli_command_rate },
  { "dose", N_("Dose for a pump rate in mL/h"), sp_cli_command_dose },
  { "table", N_("Dose to pump rate table for one patient"), sp_cli_command_table },
  { "evaluate", N_("Evaluate a patient state against the protocol"), sp_cli_command_evaluate },
  { "record", N_("Add an entry to a case's timeline"), sp_cli_command_record },
  { "history", N_("Print a case's timeline with the step and scores at each entry"), sp_cli_command_history },
  { "export", N_("Export a case's timeline as an HL7 FHIR R4 Bundle (JSON)"), sp_cli_command_export },
  { "import", N_("Add the Observations and infusions of an HL7 FHIR R4 Bundle to a case's timeline"), sp_cli_command_import },
  { "sheet", N_("Print an infusion sheet for a drug, weight and concentration (PDF)"), sp_cli_command_sheet },
  { "summary", N_("Print a case summary (PDF)"), sp_cli_command_summary },
  { "flowchart", N_("Draw the protocol flowchart for a patient state (SVG, PNG, PDF)"), sp_cli_command_flowchart },
  { "drugs", N_("List the drug library"), sp_cli_command_drugs },
  { "profiles", N_("List the drug library’s profiles (care areas)"), sp_cli_command_profiles },
  { "validate", N_("Validate a drug library, protocol or case file"), sp_cli_command_validate },
  { "library", N_("Compare two drug libraries (diff), or print one for sign-off (report, PDF)"), sp_cli_command_library },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static char *
commands_description (void)
{
  g_autoptr(GString) text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “shockpath-cli COMMAND --help” for the options of a command."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Without --drug-library or --protocol, the site files are used "
                           "when there are any (the path set in the app’s preferences, "
                           "/etc/shockpath/, $XDG_DATA_DIRS/shockpath/site/), else the "
                           "shipped ones; a refused site file is reported and the shipped "
                           "one used."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Exit status: 0 done, 1 input refused, 2 usage error."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
commands_list (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, commands[i].name);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The index of the subcommand in @argv: the first argument that is neither an
 * option nor the value of a global option; argc if there is none. */
static int
find_command_index (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        return i + 1;
      if (arg[0] != '-' || arg[1] == '\0')
        return i;
      if (strcmp (arg, "--drug-library") == 0 || strcmp (arg, "--protocol") == 0 ||
          strcmp (arg, "--profile") == 0)
        i++;
    }

  return argc;
}

static void
sp_cli_clear (SpCli *cli)
{
  g_clear_pointer (&cli->drug_library_path, g_free);
  g_clear_pointer (&cli->protocol_path, g_free);
  g_clear_pointer (&cli->late_drug_library_path, g_free);
  g_clear_pointer (&cli->late_protocol_path, g_free);
  g_clear_pointer (&cli->profile, g_free);
  g_clear_pointer (&cli->late_profile, g_free);
  g_clear_pointer (&cli->entries, g_free);
  g_clear_object (&cli->drugs);
  g_clear_object (&cli->protocol);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpCli, sp_cli_clear)

int
sp_cli_main (int    argc,
             char **argv)
{
  g_auto(SpCli) cli = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) global_args = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  const Command *command;
  int index;
  const GOptionEntry entries[] = {
    { "drug-library", 0, 0, G_OPTION_ARG_FILENAME, &cli.drug_library_path,
      N_("Use this drug library instead of the site or shipped one"), N_("FILE") },
    { "protocol", 0, 0, G_OPTION_ARG_FILENAME, &cli.protocol_path,
      N_("Use this protocol instead of the site or shipped one"), N_("FILE") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &cli.profile,
      N_("Use this profile of the drug library (see “shockpath-cli profiles”)"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cli.help,
      N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };

  index = find_command_index (argc, argv);
  command = index < argc ? find_command (argv[index]) : NULL;
  if (command != NULL)
    {
      /* "Usage: shockpath-cli rate [OPTION…]" in the subcommand's help */
      g_autofree char *prgname = g_strdup_printf ("shockpath-cli %s", command->name);

      g_set_prgname (prgname);
    }
  else
    {
      g_set_prgname ("shockpath-cli");
    }

  global_args = g_new0 (char *, index + 1);
  for (int i = 0; i < index; i++)
    {
      if (i > 0 && strcmp (argv[i], "--") == 0)
        break;
      global_args[i] = g_strdup (argv[i]);
    }

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context,
                                _("Headless ShockPath: dose and pump rate, rate tables, "
                                  "protocol evaluation and file validation.\n"
                                  "Decision support — verify before use."));
  description = commands_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &global_args, &error))
    return sp_cli_usage_error (_("%s (see “shockpath-cli --help”)"), error->message);

  if (cli.help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      sp_cli_print (help);
      return SP_CLI_EXIT_OK;
    }

  if (version)
    {
      g_autofree char *text = g_strdup_printf ("shockpath-cli %s\n", PACKAGE_VERSION);

      sp_cli_print (text);
      return SP_CLI_EXIT_OK;
    }

  if (index >= argc)
    {
      g_autofree char *list = commands_list ();

      /* TRANSLATORS: %s is the list of commands */
      return sp_cli_usage_error (_("a command is required: %s (see “shockpath-cli --help”)"),
                                 list);
    }

  if (command == NULL)
    {
      g_autofree char *list = commands_list ();

      /* TRANSLATORS: "unknown command “foo”; commands: rate, dose, ..." */
      return sp_cli_usage_error (_("unknown command “%s”; commands: %s"), argv[index], list);
    }

  return command->func (&cli, argv + index);
}
