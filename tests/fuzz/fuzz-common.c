/* fuzz-common.c: set-up and checks shared by the ShockPath fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-i18n.h"
#include "sp-xml.h"

/* GLib reports a broken promise (g_return_if_fail, a bad cast) as a critical
 * and carries on: in a fuzz run that must be a finding, not a line in a log
 * nobody reads. Every message of level warning or worse, structured or not,
 * ends up in this writer (g_log () goes through g_log_default_handler (),
 * which calls the writer), so aborting here catches them all and libFuzzer
 * saves the input. */
static GLogWriterOutput
abort_on_warning_writer (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "fuzz: a GLib warning or critical is a finding; aborting\n");
      abort ();
    }

  return result;
}

void
sp_fuzz_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_log_set_writer_func (abort_on_warning_writer, NULL, NULL);
      /* Also for handlers that bypass the writer (g_log_set_handler ()). */
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      /* What shockpath and shockpath-cli do first: the locale from the
       * environment and the message catalogue (SHOCKPATH_LOCALEDIR), so the
       * translated unit words the parsers accept are there. */
      sp_i18n_init ();
      /* The core's own libxml2 set-up (xmlInitParser, the external entity
       * loader that refuses everything, the core resources); every loader
       * calls it too, this only makes the first input no different. */
      sp_xml_init ();
      g_once_init_leave (&initialised, 1);
    }
}

SpProtocol *
sp_fuzz_shipped_protocol (void)
{
  static SpProtocol *protocol = NULL;

  if (protocol == NULL)
    {
      g_autoptr(GError) error = NULL;

      protocol = sp_protocol_new_default (&error);
      if (protocol == NULL)
        sp_fuzz_fail ("the shipped protocol does not load", error->message);
    }

  return protocol;
}

SpDrugLibrary *
sp_fuzz_shipped_drugs (void)
{
  static SpDrugLibrary *drugs = NULL;

  if (drugs == NULL)
    {
      g_autoptr(GError) error = NULL;

      drugs = sp_drug_library_new_default (&error);
      if (drugs == NULL)
        sp_fuzz_fail ("the shipped drug library does not load", error->message);
    }

  return drugs;
}

#define N_PATIENTS 3

static SpPatientState patients[N_PATIENTS];

static void
set_choice (SpPatientState *state,
            SpField         field,
            const char     *choice)
{
  if (!sp_patient_state_set_choice (state, field, choice))
    sp_fuzz_fail ("a patient choice of the fuzz set-up is refused", choice);
}

static void
init_patients (void)
{
  SpPatientState *shock = &patients[1];
  SpPatientState *stable = &patients[2];

  /* 0: nothing entered (the awaiting-data outcome, every criterion unknown) */
  sp_patient_state_init (&patients[0]);

  /* 1: cardiogenic shock on dobutamine and norepinephrine, still hypotensive
   * (steps 2 and 3, escalation, dose checks and pump rates) */
  sp_patient_state_init (shock);
  sp_patient_state_set_number (shock, SP_FIELD_WEIGHT, 72);
  sp_patient_state_set_number (shock, SP_FIELD_SBP, 78);
  sp_patient_state_set_number (shock, SP_FIELD_DBP, 46);
  sp_patient_state_set_number (shock, SP_FIELD_HR, 118);
  sp_patient_state_set_number (shock, SP_FIELD_SPO2, 91);
  sp_patient_state_set_number (shock, SP_FIELD_LACTATE, 4.2);
  sp_patient_state_set_number (shock, SP_FIELD_URINE, 0.3);
  sp_patient_state_set_number (shock, SP_FIELD_SCVO2, 52);
  set_choice (shock, SP_FIELD_MENTAL, "altered");
  set_choice (shock, SP_FIELD_SKIN, "poor");
  set_choice (shock, SP_FIELD_CENTRAL_LINE, "yes");
  set_choice (shock, SP_FIELD_ARTERIAL_LINE, "no");
  set_choice (shock, SP_FIELD_FLUID, "given-no-response");
  set_choice (shock, SP_FIELD_INOTROPE, "dobutamine");
  sp_patient_state_set_number (shock, SP_FIELD_INOTROPE_DOSE, 7.5);
  sp_patient_state_set_number (shock, SP_FIELD_NOREPINEPHRINE, 0.35);
  sp_patient_state_set_number (shock, SP_FIELD_VASOPRESSIN, 0.04);
  set_choice (shock, SP_FIELD_MCS, "none");

  /* 2: targets met on norepinephrine through a peripheral line, no weight
   * (wean, taper, peripheral-line and missing-weight alerts) */
  sp_patient_state_init (stable);
  sp_patient_state_set_number (stable, SP_FIELD_MAP, 72);
  sp_patient_state_set_number (stable, SP_FIELD_LACTATE, 1.1);
  sp_patient_state_set_number (stable, SP_FIELD_URINE, 0.8);
  set_choice (stable, SP_FIELD_MENTAL, "normal");
  set_choice (stable, SP_FIELD_SKIN, "normal");
  set_choice (stable, SP_FIELD_CENTRAL_LINE, "no");
  sp_patient_state_set_number (stable, SP_FIELD_NOREPINEPHRINE, 0.05);
}

guint
sp_fuzz_get_n_patients (void)
{
  return N_PATIENTS;
}

const SpPatientState *
sp_fuzz_get_patient (guint index)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      init_patients ();
      g_once_init_leave (&initialised, 1);
    }

  g_assert (index < N_PATIENTS);
  return &patients[index];
}

/* strlen () reads every byte, so a string freed or never terminated shows. */
static gsize
touch (const char *text)
{
  return text != NULL ? strlen (text) : 0;
}

static gsize
touch_strv (const char * const *strv)
{
  gsize n = 0;

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    n += touch (strv[i]);
  return n;
}

void
sp_fuzz_read_assessment (SpAssessment *assessment)
{
  const SpStep *step = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  volatile gsize sink = 0;

  if (step != NULL)
    sink += touch (step->id) + touch (step->title) + touch (step->summary);
  if (rule != NULL)
    sink += touch (rule->step_id) + touch (rule->reason) + touch_strv (rule->criteria);

  for (guint i = 0; i < sp_assessment_get_n_criteria (assessment); i++)
    {
      const SpCriterionResult *result = sp_assessment_get_criterion (assessment, i);

      sink += touch (sp_tri_to_string (result->state)) + touch (result->criterion->text);
      for (guint j = 0; j < result->deciding_fields->len; j++)
        sink += g_array_index (result->deciding_fields, SpField, j);
    }

  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);

      sink += touch (alert->id) + touch (alert->message) +
              touch (sp_severity_to_string (alert->severity)) +
              touch_strv ((const char * const *) alert->cites);
    }

  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    {
      const SpActionResult *action = sp_assessment_get_action (assessment, i);

      sink += touch (action->text) + touch (action->rate_range) +
              touch (sp_rate_basis_to_string (action->basis));
    }

  for (guint i = 0; i < sp_assessment_get_n_monitoring (assessment); i++)
    {
      const SpMonitorResult *result = sp_assessment_get_monitoring (assessment, i);
      g_autofree char *locale_values = NULL;
      g_autofree char *c_values = NULL;

      locale_values = sp_assessment_format_monitor_values (assessment, result, SP_NUMBER_LOCALE);
      c_values = sp_assessment_format_monitor_values (assessment, result, SP_NUMBER_C);
      sink += touch (locale_values) + touch (c_values) + touch (result->item->text);
    }

  /* What the criteria list shows beside each criterion, and --json prints. */
  for (SpField field = 0; field < SP_N_FIELDS; field++)
    {
      g_autofree char *shown = sp_assessment_format_value (assessment, field, SP_NUMBER_LOCALE);
      g_autofree char *json = sp_assessment_format_value (assessment, field, SP_NUMBER_C);

      sink += touch (shown) + touch (json);
    }

  (void) sink;
}

void
sp_fuzz_check_error (gboolean      ok,
                     const GError *error,
                     const char   *function)
{
  static int verbose = -1;

  /* SP_FUZZ_VERBOSE=1: say why each input was refused, to see what a corpus
   * file reaches (fuzz-replay-TARGET FILE). */
  if (verbose < 0)
    verbose = g_getenv ("SP_FUZZ_VERBOSE") != NULL;
  if (verbose)
    fprintf (stderr, "fuzz: %s: %s\n", function, ok ? "ok" : error != NULL ? error->message : "?");

  if (ok && error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s succeeded but set an error", function);
      sp_fuzz_fail (message, error->message);
    }
  if (!ok && error == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s failed without an error", function);
      sp_fuzz_fail (message, NULL);
    }
}

void
sp_fuzz_fail (const char *message,
              const char *detail)
{
  fprintf (stderr, "fuzz: %s\n", message);
  if (detail != NULL)
    fprintf (stderr, "fuzz: ---\n%s\nfuzz: ---\n", detail);
  fflush (stderr);
  abort ();
}
