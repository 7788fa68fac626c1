/* sp-cli-library-report.c: shockpath-cli library diff and library report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   library diff OLD.xml NEW.xml [--json]
 *   library report [--profile ID] [--paper a4|letter] --output FILE.pdf
 *
 * diff lists what changed between two versions of a drug library (the core
 * compares them: sp_drug_library_diff ()); report prints the library (the
 * --drug-library file, or the site's or shipped one) for the pharmacist's
 * signature, drawn by src/render as the other PDFs are.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-cli-sheet.h"
#include "sp-drug-library-diff.h"
#include "sp-drug-library-report.h"

/* --- diff -------------------------------------------------------------------- */

static int
load_library (const char     *path,
              SpDrugLibrary **out_library)
{
  g_autoptr(GError) error = NULL;

  *out_library = sp_drug_library_new_from_file (path, &error);
  if (*out_library != NULL)
    return SP_CLI_EXIT_OK;
  /* The loader's messages start with the file ("drugs.xml:12: ..."). */
  if (strstr (error->message, path) != NULL)
    return sp_cli_refuse ("library diff: %s", error->message);
  return sp_cli_refuse ("library diff: %s: %s", path, error->message);
}

static void
print_changes_json (GPtrArray *changes)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);

  sp_json_writer_begin_object (writer);
  sp_json_writer_member (writer, "changes");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < changes->len; i++)
    {
      const SpDrugLibraryChange *change = g_ptr_array_index (changes, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "drug", change->drug);
      sp_json_writer_member_string (writer, "profile", change->profile);
      sp_json_writer_member_string (writer, "field", change->field);
      sp_json_writer_member_string (writer, "old", change->old_text);
      sp_json_writer_member_string (writer, "new", change->new_text);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
  sp_json_writer_end_object (writer);
  sp_cli_json_print (writer);
}

/* "norepinephrine bags hard_max[mcg/min]: 100 -> 120", "-" for the library
 * or every profile. */
static void
print_changes_text (GPtrArray *changes)
{
  g_autoptr(GString) out = g_string_new (NULL);
  /* TRANSLATORS: library diff: a value that was added, or removed */
  const char *none = _("(none)");

  for (guint i = 0; i < changes->len; i++)
    {
      const SpDrugLibraryChange *change = g_ptr_array_index (changes, i);

      g_string_append_printf (out, "%s %s %s: %s -> %s\n",
                              change->drug != NULL ? change->drug : "-",
                              change->profile != NULL ? change->profile : "-",
                              change->field,
                              change->old_text != NULL ? change->old_text : none,
                              change->new_text != NULL ? change->new_text : none);
    }
  sp_cli_print (out->str);
}

static int
command_diff (SpCli  *cli,
              char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpDrugLibrary) old_library = NULL;
  g_autoptr(SpDrugLibrary) new_library = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON: {\"changes\": [{\"drug\", \"profile\", \"field\", \"old\", \"new\"}]}"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, _("OLD.xml NEW.xml"),
                                       _("What changed from one drug library file to another, "
                                         "in every profile: one line per change, “drug profile "
                                         "field: old -> new” (“-” for the library or every "
                                         "profile). Exit status 0 whether or not anything "
                                         "changed, 1 if a file is refused."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "library diff", &args)) >= 0)
    return status;
  if (g_strv_length (args) != 3)
    /* TRANSLATORS: library diff takes two files */
    return sp_cli_usage_error (_("library diff: give two drug library files, OLD.xml NEW.xml "
                                 "(see “shockpath-cli library diff --help”)"));

  if ((status = load_library (args[1], &old_library)) != SP_CLI_EXIT_OK ||
      (status = load_library (args[2], &new_library)) != SP_CLI_EXIT_OK)
    return status;

  /* each text in every language the files give (both read above: a refusal
   * names its file) */
  changes = sp_drug_library_diff_files (args[1], args[2], &error);
  if (changes == NULL)
    return sp_cli_refuse ("library diff: %s", error->message);
  if (json)
    print_changes_json (changes);
  else
    print_changes_text (changes);
  return SP_CLI_EXIT_OK;
}

/* --- report ------------------------------------------------------------------ */

static int
command_report (SpCli  *cli,
                char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *paper_text = NULL;
  g_autofree char *output = NULL;
  g_autoptr(SpDocumentFonts) fonts = NULL;
  g_autoptr(SpDocument) doc = NULL;
  SpPaper paper;
  int status;

  if ((status = sp_cli_pdf_option_parse (cli, "library report",
                                         _("The drug library as PDF for the pharmacy’s sign-off: "
                                           "every profile (or one), drug, dose unit, limit, "
                                           "concentration and note with its citations, the "
                                           "library’s version and references, and lines to sign. "
                                           "With --profile ID, that profile only."),
                                         NULL, &args, &paper_text, &output)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("library report: unexpected argument “%s”"), args[1]);
  if ((status = sp_cli_check_pdf_output ("library report", output, paper_text, &paper)) != SP_CLI_EXIT_OK)
    return status;
  /* The fonts are made ready while the library is read. Through the
   * global --profile: an unknown one is refused there, with
   * sp_drug_library_for_profile ()'s message. */
  fonts = sp_document_fonts_prepare ();
  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK)
    return status;

  /* Without --profile every profile, whatever the site's own is. */
  doc = sp_drug_library_report_new (cli->drugs, cli->profile == NULL, NULL, SP_NUMBER_LOCALE);
  /* TRANSLATORS: what the PDF holds: "1 drug library report" */
  return sp_cli_write_pdf (&doc, 1, fonts, output, paper, _("1 drug library report"));
}

/* --- library ----------------------------------------------------------------- */

typedef struct {
  const char       *name;
  const char       *summary;   /* N_() */
  SpCliCommandFunc  func;
} Subcommand;

static const Subcommand subcommands[] = {
  { "diff", N_("What changed between two drug library files"), command_diff },
  { "report", N_("The drug library as PDF for the pharmacy’s sign-off"), command_report },
};

static char *
subcommands_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", subcommands[i].name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Options of `library` that take a value in the next argument. */
static gboolean
takes_value (const char *arg)
{
  const char *options[] = { "--drug-library", "--protocol", "--profile", "--paper", "--output", "-o" };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      if (strcmp (arg, options[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

int
sp_cli_command_library (SpCli  *cli,
                        char  **argv)
{
  g_autofree char *list = subcommands_text ();
  const Subcommand *subcommand = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *prgname = NULL;
  gboolean help = FALSE;
  guint index = 0;

  /* The subcommand: the first argument that is neither an option nor an
   * option's value; options may come before it. */
  for (guint i = 1; argv[i] != NULL && index == 0; i++)
    {
      if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        help = TRUE;
      else if (argv[i][0] != '-')
        index = i;
      else if (takes_value (argv[i]) && argv[i + 1] != NULL)
        i++;
    }

  if (index == 0)
    {
      g_autoptr(GString) text = NULL;

      if (!help)
        /* TRANSLATORS: %s is the list of subcommands: "diff, report" */
        return sp_cli_usage_error (_("library: a subcommand is required: %s "
                                     "(see “shockpath-cli library --help”)"), list);

      text = g_string_new (_("Usage:"));
      g_string_append (text, "\n  shockpath-cli library diff OLD.xml NEW.xml [--json]\n"
                             "  shockpath-cli library report [--profile ID] [--paper a4|letter] "
                             "--output FILE.pdf\n\n");
      for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
        g_string_append_printf (text, "  %-8s %s\n", subcommands[i].name, _(subcommands[i].summary));
      g_string_append_c (text, '\n');
      g_string_append (text, _("Run “shockpath-cli library SUBCOMMAND --help” for its options."));
      g_string_append_c (text, '\n');
      sp_cli_print (text->str);
      return SP_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (strcmp (subcommands[i].name, argv[index]) == 0)
        subcommand = &subcommands[i];
    }
  if (subcommand == NULL)
    /* TRANSLATORS: "library: unknown subcommand “foo”; subcommands: diff, report" */
    return sp_cli_usage_error (_("library: unknown subcommand “%s”; subcommands: %s"),
                               argv[index], list);

  /* "Usage: shockpath-cli library diff …" in the subcommand's help */
  prgname = g_strdup_printf ("shockpath-cli library %s", subcommand->name);
  g_set_prgname (prgname);

  /* The subcommand first, then every other argument in order. */
  g_ptr_array_add (args, argv[index]);
  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (i != index)
        g_ptr_array_add (args, argv[i]);
    }
  g_ptr_array_add (args, NULL);

  return subcommand->func (cli, (char **) args->pdata);
}
