/* sp-fhir.c: the codes and units export and import share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-fhir"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-fhir.h"

G_DEFINE_QUARK (sp-fhir-error-quark, sp_fhir_error)

/* One row per numeric field. A LOINC code is given only where its meaning
 * (component, property, system) is the field's:
 *   - 29463-7 "Body weight" (Mass, kg);
 *   - 8480-6 "Systolic blood pressure", 8462-4 "Diastolic blood pressure",
 *     8478-0 "Mean blood pressure" (Pres, mm[Hg]);
 *   - 8867-4 "Heart rate" (NRat, /min);
 *   - 59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry" (MFr,
 *     %): SpO2 is the pulse oximeter's reading;
 *   - 32693-4 "Lactate [Moles/volume] in Blood" (SCnc, mmol/L): the case
 *     does not say which specimen; ICU lactate is mostly a blood-gas
 *     (whole blood) value, and 2524-7 "Lactate [Moles/volume] in Serum or
 *     Plasma" would claim a serum specimen nobody recorded. Import reads
 *     both.
 * Not LOINC-coded (ShockPath's own field code only):
 *   - urine output in mL/kg/h: 9187-6 "Urine output" is a volume (property
 *     Vol, mL), not a volume per hour per kg of body weight; writing a
 *     mL/kg/h value under it would change its meaning. Import reads 9187-6
 *     volumes collected over a stated period and works out mL/kg/h from the
 *     weight (sp-fhir-import.c);
 *   - ScvO2: no LOINC code for a central venous (rather than mixed venous or
 *     unspecified venous) saturation is certain here. */
static const SpFhirFieldCode field_codes[] = {
  { SP_FIELD_WEIGHT, "29463-7", "Body weight", "vital-signs", "kg", "kg" },
  { SP_FIELD_SBP, "8480-6", "Systolic blood pressure", "vital-signs", "mm[Hg]", "mmHg" },
  { SP_FIELD_DBP, "8462-4", "Diastolic blood pressure", "vital-signs", "mm[Hg]", "mmHg" },
  { SP_FIELD_MAP, "8478-0", "Mean blood pressure", "vital-signs", "mm[Hg]", "mmHg" },
  { SP_FIELD_HR, "8867-4", "Heart rate", "vital-signs", "/min", "/min" },
  { SP_FIELD_SPO2, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry",
    "vital-signs", "%", "%" },
  { SP_FIELD_LACTATE, "32693-4", "Lactate [Moles/volume] in Blood", "laboratory",
    "mmol/L", "mmol/L" },
  { SP_FIELD_URINE, NULL, "Urine output per kg body weight per hour", NULL,
    "mL/kg/h", "mL/kg/h" },
  { SP_FIELD_SCVO2, NULL, "Central venous oxygen saturation", "laboratory", "%", "%" },
};

const SpFhirFieldCode *
sp_fhir_field_code (SpField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_codes); i++)
    if (field_codes[i].field == field)
      return &field_codes[i];
  return NULL;
}

const char *
sp_fhir_ucum_amount_unit (SpAmountUnit unit)
{
  switch (unit)
    {
    case SP_AMOUNT_MCG:
      return "ug";
    case SP_AMOUNT_MG:
      return "mg";
    case SP_AMOUNT_UNITS:
      /* International units: UCUM's "U" is the enzyme unit (umol/min). */
      return "[iU]";
    default:
      g_return_val_if_reached ("");
    }
}

gboolean
sp_fhir_amount_unit_from_ucum (const char   *code,
                               SpAmountUnit *out_unit)
{
  static const SpAmountUnit units[] = { SP_AMOUNT_MCG, SP_AMOUNT_MG, SP_AMOUNT_UNITS };

  g_return_val_if_fail (out_unit != NULL, FALSE);

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (units); i++)
    if (strcmp (code, sp_fhir_ucum_amount_unit (units[i])) == 0)
      {
        *out_unit = units[i];
        return TRUE;
      }
  return FALSE;
}

char *
sp_fhir_ucum_dose_unit (SpDoseUnit unit)
{
  return g_strconcat (sp_fhir_ucum_amount_unit (unit.amount),
                      unit.per_kg ? "/kg" : "",
                      unit.time == SP_TIME_MIN ? "/min" : "/h",
                      NULL);
}

char *
sp_fhir_uuid (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  /* A fixed prefix in place of an RFC 4122 namespace: the ids only need to
   * be stable and not to collide with other ShockPath content. */
  g_checksum_update (checksum, (const guchar *) "io.github.shockpath.fhir\n", -1);
  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_get_digest (checksum, digest, &length);

  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

void
sp_fhir_import_free (SpFhirImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->skipped, g_ptr_array_unref);
  g_clear_pointer (&import->warnings, g_ptr_array_unref);
  g_clear_pointer (&import->conversions, g_ptr_array_unref);
  g_free (import);
}

char *
sp_fhir_import_report (const SpFhirImport *import,
                       const char         *bullet)
{
  g_autoptr(GString) report = g_string_new (NULL);

  g_return_val_if_fail (import != NULL, NULL);
  g_return_val_if_fail (bullet != NULL, NULL);

  g_string_append_printf (report,
                          g_dngettext (GETTEXT_PACKAGE, "Added %u value to the timeline.",
                                       "Added %u values to the timeline.", import->n_added),
                          import->n_added);
  g_string_append_c (report, '\n');
  if (import->n_changes > 0)
    {
      /* TRANSLATORS: from MedicationAdministrations: starts, dose changes, new bags, stops */
      g_string_append_printf (report,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Added %u infusion change (a start, dose change, new "
                                           "bag or stop).",
                                           "Added %u infusion changes (starts, dose changes, new "
                                           "bags and stops).", import->n_changes),
                              import->n_changes);
      g_string_append_c (report, '\n');
    }
  if (import->n_medications > 0)
    {
      /* What runs is the case's infusions, never a merge of two records. */
      g_string_append_printf (report,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Infusions are not merged: the case records its own, "
                                           "and they are as they were; the Bundle's %u "
                                           "administration is skipped.",
                                           "Infusions are not merged: the case records its own, "
                                           "and they are as they were; the Bundle's %u "
                                           "administrations are skipped.",
                                           import->n_medications),
                              import->n_medications);
      g_string_append_c (report, '\n');
    }
  if (import->conversions->len > 0)
    {
      /* TRANSLATORS: followed by lines such as "entry 5: ... 120 mL over 2 h
       * at 80 kg = 0.75 mL/kg/h" */
      g_string_append (report, _("Worked out:"));
      g_string_append_c (report, '\n');
      for (guint i = 0; i < import->conversions->len; i++)
        g_string_append_printf (report, "%s%s\n", bullet,
                                (const char *) g_ptr_array_index (import->conversions, i));
    }
  if (import->n_present > 0)
    {
      g_string_append_printf (report,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u value was in the timeline already.",
                                           "%u values were in the timeline already.",
                                           import->n_present),
                              import->n_present);
      g_string_append_c (report, '\n');
    }
  if (import->skipped->len > 0)
    {
      g_string_append_printf (report,
                              g_dngettext (GETTEXT_PACKAGE, "Skipped %u item:", "Skipped %u items:",
                                           import->skipped->len),
                              import->skipped->len);
      g_string_append_c (report, '\n');
      for (guint i = 0; i < import->skipped->len; i++)
        {
          const SpFhirSkip *skip = g_ptr_array_index (import->skipped, i);

          g_string_append (report, bullet);
          /* TRANSLATORS: an item skipped and why */
          g_string_append_printf (report, _("%s: %s"), skip->item, skip->reason);
          g_string_append_c (report, '\n');
        }
    }
  return g_string_free (g_steal_pointer (&report), FALSE);
}
