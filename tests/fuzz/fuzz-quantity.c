/* fuzz-quantity.c: numbers, doses and concentrations as people type them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input layout: byte 0 picks the locale, byte 1 holds option bits, the rest
 * is the text (up to its first NUL, as a GtkEntry or argv would give it).
 * What parses is then used the way the window and the CLI use it: checked
 * against a drug of the shipped library, described when above a limit, and
 * formatted back in both styles.
 */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-drug-library.h"
#include "sp-quantity.h"

/* The parsers read the user's LC_NUMERIC (decimal comma in de and fr, a
 * no-break space as French grouping) and accept unit words in the user's
 * language (LC_MESSAGES); tr_TR lower-cases "I" to a dotless i. */
static const char * const locale_names[] = {
  "C", "de_DE.UTF-8", "fr_FR.UTF-8", "tr_TR.UTF-8", "en_US.UTF-8", "es_ES.UTF-8",
};

/* The name to pass to setlocale () for each entry: itself, or "C" when the
 * machine does not have it (reported once; the input still runs, so the
 * replayed corpus gives the same verdict everywhere). */
static const char *locale_use[G_N_ELEMENTS (locale_names)];

enum {
  OPT_C_STYLE = 1 << 0,         /* SP_NUMBER_C (files, JSON) instead of the locale */
  OPT_ALLOW_NEGATIVE = 1 << 1,
  OPT_DEFAULT_UNIT = 1 << 2,    /* a bare number takes the drug's first unit */
  OPT_EVERY_UNIT = 1 << 3,      /* accept every dose unit, not the drug's */
  /* bits 4-7: which drug of the shipped library */
};

static void
init_locales (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_autofree char *old = g_strdup (setlocale (LC_ALL, NULL));

      for (guint i = 0; i < G_N_ELEMENTS (locale_names); i++)
        {
          if (setlocale (LC_ALL, locale_names[i]) != NULL)
            locale_use[i] = locale_names[i];
          else
            {
              locale_use[i] = "C";
              fprintf (stderr, "fuzz-quantity: locale %s is not installed; inputs that pick it "
                       "run in C\n", locale_names[i]);
            }
        }
      setlocale (LC_ALL, old);
      g_once_init_leave (&initialised, 1);
    }
}

static void
parse_number (const char    *text,
              SpNumberStyle  style,
              gboolean       allow_negative)
{
  g_autoptr(GError) error = NULL;
  double value = 0;
  gboolean ok;

  ok = sp_number_parse (text, style, "Weight", allow_negative, &value, &error);
  sp_fuzz_check_error (ok, error, "sp_number_parse");
  if (!ok)
    return;

  /* A parsed number is shown back (ISMP style) and written to files. */
  g_free (sp_format_decimal (value, 2, style));
  g_free (sp_format_decimal (value, 0, SP_NUMBER_C));
  g_free (sp_format_significant (value, 3, style));
  g_free (sp_format_exact (value));
}

static void
parse_dose (const char    *text,
            SpNumberStyle  style,
            const SpDrug  *drug,
            guint8         options)
{
  g_autoptr(GError) error = NULL;
  SpDoseUnit accepted[3 * 2 * 2];
  guint n_accepted = 0;
  const SpDoseUnit *default_unit = NULL;
  SpDoseUnit unit = { 0 };
  SpLimitCheck check;
  double value = 0;
  gboolean ok;

  if (options & OPT_EVERY_UNIT)
    {
      for (SpAmountUnit amount = SP_AMOUNT_MCG; amount <= SP_AMOUNT_UNITS; amount++)
        for (int per_kg = 0; per_kg < 2; per_kg++)
          for (SpTimeUnit time = SP_TIME_MIN; time <= SP_TIME_H; time++)
            accepted[n_accepted++] = (SpDoseUnit) { amount, per_kg, time };
    }
  else
    {
      for (guint i = 0; i < sp_drug_get_n_dose_units (drug) && i < G_N_ELEMENTS (accepted); i++)
        accepted[n_accepted++] = sp_drug_get_dose_limits (drug, i)->unit;
    }
  if (options & OPT_DEFAULT_UNIT)
    default_unit = &accepted[0];

  ok = sp_dose_parse (text, style, "Dose", accepted, n_accepted, default_unit,
                      &value, &unit, &error);
  sp_fuzz_check_error (ok, error, "sp_dose_parse");
  if (!ok)
    return;

  g_free (sp_format_dose (value, unit, 0, style));
  g_free (sp_format_dose (value, unit, 3, SP_NUMBER_C));

  /* What the dose panel does next: the limits of the drug for that unit. */
  /* With a weight, so the limits of the drug's other units are compared too. */
  ok = sp_drug_check_dose (drug, value, unit, 70, &check, &error);
  sp_fuzz_check_error (ok, error, "sp_drug_check_dose");
  if (ok && check.state != SP_LIMIT_OK)
    {
      g_free (sp_drug_describe_limit (drug, value, unit, &check, style));
      g_free (sp_drug_describe_limit (drug, value, unit, &check, SP_NUMBER_C));
    }
}

static void
parse_concentration (const char    *text,
                     SpNumberStyle  style,
                     const SpDrug  *drug)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc = { 0 };
  const SpStandardConcentration *standard;
  double per_ml = 0;
  gboolean ok;

  ok = sp_concentration_parse (text, style, "Concentration", &conc, &error);
  sp_fuzz_check_error (ok, error, "sp_concentration_parse");
  if (!ok)
    return;

  g_free (sp_format_concentration (&conc, style));
  g_free (sp_format_concentration (&conc, SP_NUMBER_C));
  sp_concentration_per_ml (&conc, SP_AMOUNT_MCG, &per_ml);
  standard = sp_drug_get_default_concentration (drug);
  if (standard != NULL)
    (void) sp_concentration_equal (&conc, &standard->conc);

  /* A typed bag is checked against the drug before its strength is shown
   * or any rate computed from it (the window and `--concentration`). */
  ok = sp_drug_check_concentration (drug, &conc, "Concentration", &error);
  sp_fuzz_check_error (ok, error, "sp_drug_check_concentration");
  if (!ok)
    return;

  g_free (sp_format_concentration_per_ml (&conc, style));
  g_free (sp_format_concentration_in_bag (&conc, style));
  g_free (sp_format_concentration_in_bag (&conc, SP_NUMBER_C));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SpDrugLibrary *drugs;
  const SpDrug *drug;
  SpNumberStyle style;
  SpAmountUnit amount_unit;
  SpDoseUnit dose_unit;
  guint8 options;

  sp_fuzz_init ();
  init_locales ();
  drugs = sp_fuzz_shipped_drugs ();

  if (size < 2)
    return 0;

  setlocale (LC_ALL, locale_use[data[0] % G_N_ELEMENTS (locale_names)]);
  options = data[1];
  style = (options & OPT_C_STYLE) ? SP_NUMBER_C : SP_NUMBER_LOCALE;
  drug = sp_drug_library_get_drug (drugs, (options >> 4) % sp_drug_library_get_n_drugs (drugs));
  text = g_strndup ((const char *) data + 2, size - 2);

  parse_number (text, style, (options & OPT_ALLOW_NEGATIVE) != 0);
  parse_dose (text, style, drug, options);
  parse_concentration (text, style, drug);

  (void) sp_amount_unit_parse (text, &amount_unit);
  (void) sp_dose_unit_parse (text, &dose_unit);
  /* Settings store a bag as C-locale text; a stored value is looked up. */
  if (sp_drug_find_concentration (drug, text, &error) == NULL)
    sp_fuzz_check_error (FALSE, error, "sp_drug_find_concentration");

  setlocale (LC_ALL, "C");
  return 0;
}
