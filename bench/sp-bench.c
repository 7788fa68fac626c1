/* sp-bench.c: how long ShockPath's core takes to start, load and evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench empty              does nothing: the process baseline
 *   sp-bench load [N]           loads the built-in protocol and drug library N times
 *                               (validated when built: sp_xml_read_resource ())
 *   sp-bench evaluate [N] CASE  loads once, evaluates the case N times
 *   sp-bench evaluate-texts [N] CASE
 *                               the same, and reads every alert's message and
 *                               every action's text as well
 *
 * What "evaluate" times, per evaluation, is what SpCase does on every
 * keystroke (sp_case_evaluate ()): sp_engine_evaluate () on the case's
 * patient state and infusions (therapy fields derived from the infusions,
 * every criterion, the rule that picks the step, the alerts' conditions
 * and the dose checks against the drug library, the active step's actions
 * with their pump rates as numbers, monitoring, scores, staging), reading
 * the active step, and freeing the assessment. It does not time loading,
 * building the infusions array from the case's SpInfusion objects, nor the
 * texts: an alert's message and an action's text (doses and rates written
 * in the user's locale) are built when a view first reads them
 * (sp_assessment_get_alert (), _get_action ()), which "evaluate-texts"
 * adds; the views' own formatting of criterion values is theirs.
 *
 * bench/run.sh runs these under hyperfine in one run and reports ratios
 * against "empty"; with N > 1 each mode also prints its time per iteration.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sp-case.h"
#include "sp-case-file.h"
#include "sp-engine.h"

static int
bench_load (guint n)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
      g_autoptr(SpDrugLibrary) drugs = protocol ? sp_drug_library_new_default (&error) : NULL;

      if (drugs == NULL)
        {
          g_printerr ("sp-bench: %s\n", error->message);
          return 1;
        }
    }
  if (n > 1)
    g_print ("load: %.1f us per iteration (%u iterations)\n",
             (double) (g_get_monotonic_time () - start) / n, n);
  return 0;
}

static int
bench_evaluate (guint       n,
                const char *case_path,
                gboolean    read_texts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autoptr(SpDrugLibrary) drugs = protocol ? sp_drug_library_new_default (&error) : NULL;
  g_autoptr(SpCaseData) data = drugs ? sp_case_data_load (case_path, protocol, drugs, &error)
                                     : NULL;
  const char *step = NULL;
  gsize texts = 0;
  gint64 start;

  if (data == NULL)
    {
      g_printerr ("sp-bench: %s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpAssessment) assessment = sp_engine_evaluate (protocol, drugs, &data->patient,
                                                                  data->infusions);

      const SpStep *active = sp_assessment_get_active_step (assessment);

      /* NULL while the case awaits data */
      step = active != NULL ? active->id : "awaiting-data";

      if (read_texts)
        {
          for (guint a = 0; a < sp_assessment_get_n_alerts (assessment); a++)
            texts += strlen (sp_assessment_get_alert (assessment, a)->message);
          for (guint a = 0; a < sp_assessment_get_n_actions (assessment); a++)
            texts += strlen (sp_assessment_get_action (assessment, a)->text);
        }
    }
  if (n > 1)
    g_print ("evaluate%s (%s): %.2f us per evaluation (%u evaluations)\n",
             read_texts ? " and read the texts" : "", step,
             (double) (g_get_monotonic_time () - start) / n, n);
  /* The texts' length, so that reading them is not optimised away. */
  if (read_texts && texts == 0)
    g_printerr ("sp-bench: no alert or action text in %s\n", case_path);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 1;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      g_printerr ("usage: sp-bench empty | load [N] | evaluate N CASE | evaluate-texts N CASE\n");
      return 2;
    }
  if (argc > 2)
    n = (guint) MAX (1, atoi (argv[2]));

  if (g_str_equal (argv[1], "empty"))
    return 0;
  if (g_str_equal (argv[1], "load"))
    return bench_load (n);
  if (g_str_equal (argv[1], "evaluate") && argc > 3)
    return bench_evaluate (n, argv[3], FALSE);
  if (g_str_equal (argv[1], "evaluate-texts") && argc > 3)
    return bench_evaluate (n, argv[3], TRUE);

  g_printerr ("usage: sp-bench empty | load [N] | evaluate N CASE | evaluate-texts N CASE\n");
  return 2;
}
