/* sp-cli-flowchart.c: shockpath-cli flowchart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol's flowchart with the active step lit and each criterion marked
 * for a patient state (from --case and --set, as `evaluate` builds it),
 * written to an SVG, PNG or PDF file by src/render: the same drawing as the
 * window's.
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-case.h"
#include "sp-cli.h"
#include "sp-engine.h"
#include "sp-flowchart-render.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 800
#define MIN_SIZE       16
#define MAX_SIZE       20000

int
sp_cli_command_flowchart (SpCli  *cli,
                          char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) sets = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *style_name = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;
  g_autoptr(SpCaseData) data = NULL;
  int width = -1, height = -1;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Start from this case file"), N_("FILE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set a patient field (an empty value unsets it); repeatable"), N_("FIELD=VALUE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file: .svg, .png or .pdf"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width,
      N_("Width in pixels (points for PDF); default 1280"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height,
      N_("Height in pixels (points for PDF); default 800"), N_("PX") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_name,
      N_("light (default), dark or presentation"), N_("STYLE") },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *fields = sp_cli_field_ids_text ();
  /* TRANSLATORS: %s is the list of patient field ids */
  g_autofree char *description = g_strdup_printf (_("Fields: %s"), fields);

  context = sp_cli_option_context_new (cli, NULL,
                                       _("Draw the protocol flowchart with the active step lit "
                                         "and each criterion marked met, not met or unknown, "
                                         "with the patient's values."),
                                       entries);
  g_option_context_set_description (context, description);
  if ((status = sp_cli_option_parse (cli, context, "flowchart", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("flowchart: unexpected argument “%s”"), args[1]);

  if (output == NULL)
    return sp_cli_missing_option ("flowchart", "--output");
  if (!sp_flowchart_format_from_path (output, NULL))
    /* TRANSLATORS: flowchart: --output “x.gif”: ... */
    return sp_cli_usage_error (_("flowchart: --output “%s”: the file name must end in "
                                 ".svg, .png or .pdf"), output);

  if (style_name == NULL || strcmp (style_name, "light") == 0)
    sp_flowchart_style_init_light (&style);
  else if (strcmp (style_name, "dark") == 0)
    sp_flowchart_style_init_dark (&style);
  else if (strcmp (style_name, "presentation") == 0)
    sp_flowchart_style_init_presentation (&style);
  else
    return sp_cli_usage_error (_("flowchart: --style “%s”: use light, dark or presentation"),
                               style_name);

  if (width == -1)
    width = DEFAULT_WIDTH;
  if (height == -1)
    height = DEFAULT_HEIGHT;
  if (width < MIN_SIZE || width > MAX_SIZE)
    return sp_cli_usage_error (_("flowchart: --width %d: use %d to %d"), width, MIN_SIZE, MAX_SIZE);
  if (height < MIN_SIZE || height > MAX_SIZE)
    return sp_cli_usage_error (_("flowchart: --height %d: use %d to %d"), height, MIN_SIZE, MAX_SIZE);

  if ((status = sp_cli_case (cli, case_path, sets, &data)) != SP_CLI_EXIT_OK)
    return status;

  assessment = sp_engine_evaluate (cli->protocol, cli->drugs, &data->patient, data->infusions);

  if (!sp_flowchart_export (cli->protocol, assessment, &style, output, width, height, &error))
    return sp_cli_refuse ("%s", error->message);

  return SP_CLI_EXIT_OK;
}
