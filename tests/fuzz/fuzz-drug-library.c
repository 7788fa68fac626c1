/* fuzz-drug-library.c: a pharmacy's drug library file, from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file. A library that loads is used as the app uses it:
 * every drug's limits and bags read, described and formatted, and the
 * shipped protocol evaluated with it (pump rates, dose alerts).
 */
#include <glib.h>
#include <math.h>

#include "fuzz-common.h"
#include "sp-drug-library.h"
#include "sp-engine.h"

static void
read_limits (const SpDrug       *drug,
             const SpDoseLimits *limits)
{
  /* Just above each limit, as a typed dose would be. */
  const double doses[] = { limits->usual_min, limits->usual_max,
                           limits->soft_max * 1.01, limits->hard_max * 1.01 };

  for (guint i = 0; i < G_N_ELEMENTS (doses); i++)
    {
      g_autoptr(GError) error = NULL;
      SpLimitCheck check;
      gboolean ok;

      if (!isfinite (doses[i]))
        continue;
      ok = sp_drug_check_dose (drug, doses[i], limits->unit, 70, &check, &error);
      sp_fuzz_check_error (ok, error, "sp_drug_check_dose");
      if (ok && check.state != SP_LIMIT_OK)
        {
          g_free (sp_drug_describe_limit (drug, doses[i], limits->unit, &check,
                                          SP_NUMBER_LOCALE));
          g_free (sp_drug_describe_limit (drug, doses[i], limits->unit, &check, SP_NUMBER_C));
        }
      g_free (sp_format_dose (doses[i], limits->unit, 0, SP_NUMBER_LOCALE));
    }
}

static void
read_concentration (const SpDrug                  *drug,
                    const SpStandardConcentration *standard)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = sp_format_concentration (&standard->conc, SP_NUMBER_C);

  g_free (sp_format_concentration (&standard->conc, SP_NUMBER_LOCALE));
  g_free (sp_format_concentration_per_ml (&standard->conc, SP_NUMBER_LOCALE));
  g_free (sp_format_concentration_in_bag (&standard->conc, SP_NUMBER_C));
  /* Settings store a chosen bag as this text and look it up again. */
  if (sp_drug_find_concentration (drug, stored, &error) == NULL)
    sp_fuzz_check_error (FALSE, error, "sp_drug_find_concentration");
}

static void
read_drug (const SpDrug *drug)
{
  (void) sp_drug_profile_get_name (sp_drug_get_profile (drug));
  for (guint i = 0; i < sp_drug_get_n_salts (drug); i++)
    (void) sp_drug_salt_get_short_name (sp_drug_get_salt (drug, i));

  double min_per_ml = 0, max_per_ml = 0;

  (void) sp_drug_get_id (drug);
  (void) sp_drug_get_name (drug);
  (void) sp_drug_get_display_name (drug);
  (void) sp_drug_get_amount_basis (drug);
  (void) sp_drug_get_amount_unit (drug);
  (void) sp_drug_get_rate_decimals (drug);
  sp_drug_get_concentration_limits (drug, &min_per_ml, &max_per_ml);

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    read_limits (drug, sp_drug_get_dose_limits (drug, i));
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    read_concentration (drug, sp_drug_get_concentration (drug, i));
  for (guint i = 0; i < sp_drug_get_n_notes (drug); i++)
    (void) sp_drug_get_note (drug, i);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;
  SpProtocol *protocol;

  sp_fuzz_init ();
  protocol = sp_fuzz_shipped_protocol ();

  drugs = sp_drug_library_new_from_data ((const char *) data, size, "fuzz-drugs.xml", &error);
  sp_fuzz_check_error (drugs != NULL, error, "sp_drug_library_new_from_data");
  if (drugs == NULL)
    return 0;

  (void) sp_drug_library_get_name (drugs);
  (void) sp_drug_library_get_description (drugs);
  for (guint i = 0; i < sp_drug_library_get_n_drugs (drugs); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (drugs, i);

      read_drug (drug);
      if (sp_drug_library_lookup (drugs, sp_drug_get_id (drug)) == NULL)
        sp_fuzz_fail ("a drug of the library is not found by its own id", sp_drug_get_id (drug));
    }

  for (guint i = 0; i < sp_fuzz_get_n_patients (); i++)
    {
      g_autoptr(SpAssessment) assessment = NULL;

      assessment = sp_engine_evaluate (protocol, drugs, sp_fuzz_get_patient (i), NULL);
      sp_fuzz_read_assessment (assessment);
    }

  return 0;
}
