/* sp-settings.c: the app's GSettings keys that need the drug library to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-settings"

#include "config.h"

#include "sp-settings.h"

#define CONCENTRATIONS_KEY "default-concentrations"
#define DOSE_UNITS_KEY     "default-dose-units"

/* The text @key (an a{ss}) holds for @drug_id, or NULL. */
static char *
map_lookup (GSettings  *settings,
            const char *key,
            const char *drug_id)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, key);
  char *text = NULL;

  if (!g_variant_lookup (map, drug_id, "s", &text))
    return NULL;
  return text;
}

/* Writes @key with @drug_id set to @text, or removed when @text is NULL. */
static void
map_set (GSettings  *settings,
         const char *key,
         const char *drug_id,
         const char *text)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, key);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *id;
  const char *value;

  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &id, &value))
    if (!g_str_equal (id, drug_id))
      g_variant_builder_add (&builder, "{ss}", id, value);
  if (text != NULL)
    g_variant_builder_add (&builder, "{ss}", drug_id, text);

  g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}

const SpStandardConcentration *
sp_settings_get_default_concentration (GSettings    *settings,
                                       const SpDrug *drug)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const SpStandardConcentration *std;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (drug != NULL, NULL);

  text = map_lookup (settings, CONCENTRATIONS_KEY, sp_drug_get_id (drug));
  if (text == NULL)
    return NULL;

  std = sp_drug_find_concentration (drug, text, &error);
  if (std == NULL)
    g_message ("Setting %s ignored for %s: %s", CONCENTRATIONS_KEY,
               sp_drug_get_id (drug), error->message);
  return std;
}

void
sp_settings_set_default_concentration (GSettings             *settings,
                                       const SpDrug          *drug,
                                       const SpConcentration *conc)
{
  g_autofree char *text = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (drug != NULL);

  /* Files and settings write numbers in the C locale. */
  if (conc != NULL)
    text = sp_format_concentration (conc, SP_NUMBER_C);
  map_set (settings, CONCENTRATIONS_KEY, sp_drug_get_id (drug), text);
}

gboolean
sp_settings_get_default_dose_unit (GSettings    *settings,
                                   const SpDrug *drug,
                                   SpDoseUnit   *out_unit)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (drug != NULL, FALSE);

  text = map_lookup (settings, DOSE_UNITS_KEY, sp_drug_get_id (drug));
  if (text == NULL)
    return FALSE;

  if (!sp_drug_find_dose_unit (drug, text, out_unit, &error))
    {
      g_message ("Setting %s ignored for %s: %s", DOSE_UNITS_KEY,
                 sp_drug_get_id (drug), error->message);
      return FALSE;
    }
  return TRUE;
}

void
sp_settings_set_default_dose_unit (GSettings        *settings,
                                   const SpDrug     *drug,
                                   const SpDoseUnit *unit)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (drug != NULL);

  map_set (settings, DOSE_UNITS_KEY, sp_drug_get_id (drug),
           unit != NULL ? sp_dose_unit_to_string (*unit) : NULL);
}

SpPaper
sp_settings_get_paper (GSettings *settings)
{
  g_autofree char *nick = NULL;
  SpPaper paper = SP_PAPER_A4;

  g_return_val_if_fail (G_IS_SETTINGS (settings), SP_PAPER_A4);

  /* An enum key: always "a4" or "letter". */
  nick = g_settings_get_string (settings, "paper-size");
  sp_paper_from_string (nick, &paper);
  return paper;
}

void
sp_settings_set_paper (GSettings *settings,
                       SpPaper    paper)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_set_string (settings, "paper-size", paper == SP_PAPER_LETTER ? "letter" : "a4");
}
