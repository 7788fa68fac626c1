/* fuzz-case.c: a case file, from memory, through the one case loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file. What loads is resolved against the shipped protocol
 * and drug library and evaluated (every teaching stage too), as the window
 * and `shockpath-cli evaluate` do, and saved and read back: whatever ShockPath
 * read it must be able to write so that it reads it again, unchanged.
 */
#include <glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-case.h"
#include "sp-case-file.h"
#include "sp-engine.h"

static void
evaluate (SpCaseData *data)
{
  SpProtocol *protocol = sp_fuzz_shipped_protocol ();
  SpDrugLibrary *drugs = sp_fuzz_shipped_drugs ();
  g_autoptr(SpAssessment) assessment = NULL;

  assessment = sp_engine_evaluate (protocol, drugs, &data->patient, data->infusions);
  sp_fuzz_read_assessment (assessment);

  for (guint i = 0; i < data->stages->len; i++)
    {
      SpCaseStage *stage = g_ptr_array_index (data->stages, i);
      g_autoptr(SpAssessment) stage_assessment = NULL;

      stage_assessment = sp_engine_evaluate (protocol, drugs, &stage->patient, stage->infusions);
      sp_fuzz_read_assessment (stage_assessment);
    }

  (void) sp_case_data_get_title (data);
  (void) sp_case_data_get_notes (data);
}

/* Saves @data and reads it back; that must load, and saving what loaded must
 * give the same text (nothing lost or changed on the way). Returns the data
 * read back. */
static SpCaseData *
round_trip (const SpCaseData *data,
            const char       *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) again = NULL;
  g_autofree char *xml = sp_case_file_to_xml (data);
  g_autofree char *xml_again = NULL;

  again = sp_case_file_load_data (xml, strlen (xml), "fuzz-saved.xml", &error);
  sp_fuzz_check_error (again != NULL, error, "sp_case_file_load_data");
  if (again == NULL)
    {
      g_autofree char *message = g_strdup_printf ("a %s case saved does not load again: %s",
                                                  what, error->message);
      sp_fuzz_fail (message, xml);
    }

  xml_again = sp_case_file_to_xml (again);
  if (g_strcmp0 (xml, xml_again) != 0)
    {
      g_autofree char *message = g_strdup_printf ("a %s case changes when saved, read and "
                                                  "saved again", what);
      g_autofree char *both = g_strdup_printf ("%s\nfuzz: --- saved again:\n%s", xml, xml_again);
      sp_fuzz_fail (message, both);
    }

  return g_steal_pointer (&again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) loaded = NULL;
  g_autoptr(SpCaseData) saved = NULL;
  g_autoptr(SpCaseData) resolved_saved = NULL;
  SpProtocol *protocol;
  SpDrugLibrary *drugs;
  gboolean ok;

  sp_fuzz_init ();
  protocol = sp_fuzz_shipped_protocol ();
  drugs = sp_fuzz_shipped_drugs ();

  loaded = sp_case_file_load_data ((const char *) data, size, "fuzz-case.xml", &error);
  sp_fuzz_check_error (loaded != NULL, error, "sp_case_file_load_data");
  if (loaded == NULL)
    return 0;

  /* As read, before resolving (what `validate` accepts). */
  saved = round_trip (loaded, "loaded");

  ok = sp_case_data_resolve (loaded, protocol, drugs, "fuzz-case.xml", &error);
  sp_fuzz_check_error (ok, error, "sp_case_data_resolve");
  if (!ok)
    return 0;

  evaluate (loaded);

  /* What the window saves after opening it must open again. */
  resolved_saved = round_trip (loaded, "resolved");
  ok = sp_case_data_resolve (resolved_saved, protocol, drugs, "fuzz-saved.xml", &error);
  sp_fuzz_check_error (ok, error, "sp_case_data_resolve");
  if (!ok)
    {
      g_autofree char *xml = sp_case_file_to_xml (loaded);
      g_autofree char *message = g_strdup_printf ("a resolved case saved is refused when "
                                                  "opened again: %s", error->message);
      sp_fuzz_fail (message, xml);
    }

  return 0;
}
