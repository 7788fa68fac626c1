/* fuzz-protocol.c: a protocol file (data/protocols/), from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file. A protocol that loads is used as the app uses it:
 * what a user types is parsed against its inputs, and each of a few
 * patients is evaluated with the shipped drug library and the assessment
 * read as the window, the CLI and the printouts read it.
 */
#include <glib.h>
#include <math.h>

#include "fuzz-common.h"
#include "sp-engine.h"
#include "sp-protocol.h"

/* Typed values: numbers in and out of any plausible range, with and
 * without a unit, and choices. */
static const char * const typed[] = {
  "", "0", "72", "0.1", "250", "-3", "1e3", "72 kg", "0.1 mcg/kg/min", "altered", "yes",
};

static void
parse_inputs (SpProtocol *protocol)
{
  for (SpField field = 0; field < SP_N_FIELDS; field++)
    {
      g_autoptr(GError) check_error = NULL;
      g_autofree char *check_warning = NULL;
      gboolean ok;

      for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *warning = NULL;
          SpFieldValue value = { 0 };

          ok = sp_protocol_parse_field (protocol, field, typed[i], SP_NUMBER_C,
                                        &value, &warning, &error);
          sp_fuzz_check_error (ok, error, "sp_protocol_parse_field");
        }

      /* A case file's value is checked as a number already parsed. */
      ok = sp_protocol_check_number (protocol, field, 70, &check_warning, &check_error);
      sp_fuzz_check_error (ok, check_error, "sp_protocol_check_number");
    }
}

static void
read_protocol (SpProtocol *protocol)
{
  (void) sp_protocol_get_id (protocol);
  (void) sp_protocol_get_name (protocol);
  (void) sp_protocol_get_disclaimer (protocol);

  for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
    {
      const SpStep *step = sp_protocol_get_step (protocol, i);

      if (sp_protocol_find_step (protocol, step->id) == NULL)
        sp_fuzz_fail ("a step is not found by its own id", step->id);
      /* The flowchart follows every arrow. */
      for (guint j = 0; step->next != NULL && step->next[j] != NULL; j++)
        (void) sp_protocol_find_step (protocol, step->next[j]);
    }
  for (guint i = 0; i < sp_protocol_get_n_references (protocol); i++)
    (void) sp_protocol_get_reference (protocol, i);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = NULL;
  SpDrugLibrary *drugs;

  sp_fuzz_init ();
  drugs = sp_fuzz_shipped_drugs ();

  protocol = sp_protocol_new_from_data ((const char *) data, size, "fuzz-protocol.xml", &error);
  sp_fuzz_check_error (protocol != NULL, error, "sp_protocol_new_from_data");
  if (protocol == NULL)
    return 0;

  read_protocol (protocol);
  parse_inputs (protocol);

  for (guint i = 0; i < sp_fuzz_get_n_patients (); i++)
    {
      g_autoptr(SpAssessment) assessment = NULL;

      assessment = sp_engine_evaluate (protocol, drugs, sp_fuzz_get_patient (i), NULL);
      sp_fuzz_read_assessment (assessment);
    }

  return 0;
}
