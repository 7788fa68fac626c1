/* sp-concentration.c: concentrations as pharmacists write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "16 mg/250 mL", "4 mg in 250 mL", "64 mcg/mL": an amount in a volume in
 * mL, kept as written; its strength per mL; the bag and the strength printed.
 */
#define G_LOG_DOMAIN "sp-quantity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-concentration.h"
#include "sp-quantity-private.h"

/* The amount unit as formatted numbers of @style carry it: a label with the
 * user's numbers, a token with C-locale numbers. */
static const char *
amount_unit_text (SpAmountUnit  unit,
                  SpNumberStyle style)
{
  return style == SP_NUMBER_C ? sp_amount_unit_to_string (unit) : sp_amount_unit_get_label (unit);
}

/* amount_unit_text () after the number @number as shown: "1 unit/mL",
 * never "1 units/mL" (the token of files and JSON stays "units"). */
static const char *
amount_unit_text_after (SpAmountUnit  unit,
                        const char   *number,
                        SpNumberStyle style)
{
  if (style != SP_NUMBER_C && g_str_equal (number, "1"))
    return sp_amount_unit_get_label_one (unit);
  return amount_unit_text (unit, style);
}

const char *
sp_quantity_find_in_word (const char *text,
                          gsize      *out_len)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *q;

      if (!g_ascii_isspace (*p))
        continue;

      q = p;
      while (g_ascii_isspace (*q))
        q++;

      if (g_ascii_tolower (q[0]) == 'i' && g_ascii_tolower (q[1]) == 'n'
          && g_ascii_isspace (q[2]))
        {
          q += 2;
          while (g_ascii_isspace (*q))
            q++;
          *out_len = q - p;
          return p;
        }
    }

  return NULL;
}

gboolean
sp_concentration_check_strength (const SpConcentration *bag,
                                 const char            *strength_text,
                                 const char            *text,
                                 const char            *bag_text,
                                 SpNumberStyle          style,
                                 const char            *field,
                                 GError               **error)
{
  SpConcentration strength;
  double bag_per_ml, given_per_ml;

  g_return_val_if_fail (bag != NULL, FALSE);
  g_return_val_if_fail (strength_text != NULL && text != NULL && bag_text != NULL, FALSE);

  if (!sp_concentration_parse (strength_text, style, field, &strength, error))
    return FALSE;
  if (!sp_concentration_per_ml (bag, strength.amount_unit, &bag_per_ml) ||
      !sp_concentration_per_ml (&strength, strength.amount_unit, &given_per_ml) ||
      fabs (bag_per_ml - given_per_ml) > 0.005 * bag_per_ml)
    {
      g_autofree char *per_ml = sp_format_concentration_per_ml (bag, style);

      /* Translators: "Concentration: “4 mg/250 mL (20 mcg/mL)”: 4 mg/250 mL is
       * 16 mcg/mL, not what the brackets say" */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: “%s”: %s is %s, not what the brackets say"), field, text, bag_text,
                   per_ml);
      return FALSE;
    }
  return TRUE;
}

gboolean
sp_concentration_parse (const char       *text,
                        SpNumberStyle     style,
                        const char       *field,
                        SpConcentration  *out_conc,
                        GError          **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *amount_part = NULL;
  g_autofree char *volume_part = NULL;
  g_autofree char *amount_number = NULL;
  g_autofree char *volume_number = NULL;
  const char *slash;
  const char *in_word;
  const char *unit_start;
  const char *volume_unit;
  g_autofree char *amount_units = NULL;
  gsize in_len = 0;
  SpConcentration conc = { 0 };

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (copy[0] == '\0')
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_EMPTY,
                   _("%s: nothing was entered; type the amount and the volume, e.g. 16 mg/250 mL "
                     "or 64 mcg/mL"),
                   field);
      return FALSE;
    }
  if (!sp_number_check_form (copy, field, FALSE, error))
    return FALSE;

  /* "4 mg/250 mL (16 mcg/mL)", as ShockPath shows a bag: the strength in
   * brackets is checked against the bag's, then left out */
  {
    gsize len = strlen (copy);
    const char *open = len > 0 && copy[len - 1] == ')' ? g_strrstr (copy, " (") : NULL;

    if (open != NULL && open > copy)
      {
        g_autofree char *bag_text = g_strndup (copy, (gsize) (open - copy));
        g_autofree char *strength_text = g_strndup (open + 2, len - (gsize) (open - copy) - 3);
        SpConcentration bag;

        if (!sp_concentration_parse (bag_text, style, field, &bag, error) ||
            !sp_concentration_check_strength (&bag, strength_text, copy, bag_text, style, field,
                                              error))
          return FALSE;
        *out_conc = bag;
        return TRUE;
      }
  }

  quoted = sp_quantity_quote_input (copy, strlen (copy));

  if (strchr (copy, '%') != NULL)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: \"%s\": percentages are not accepted; type the amount and the volume, "
                     "e.g. 16 mg/250 mL or 64 mcg/mL"),
                   field, quoted);
      return FALSE;
    }

  /* amount "/" volume, or amount " in " volume; exactly one of them */
  slash = strchr (copy, '/');
  in_word = sp_quantity_find_in_word (copy, &in_len);

  if (slash != NULL && in_word == NULL && strchr (slash + 1, '/') == NULL)
    {
      amount_part = g_strstrip (g_strndup (copy, slash - copy));
      volume_part = g_strstrip (g_strdup (slash + 1));
    }
  else if (slash == NULL && in_word != NULL)
    {
      amount_part = g_strstrip (g_strndup (copy, in_word - copy));
      volume_part = g_strstrip (g_strdup (in_word + in_len));
    }
  else
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: \"%s\" is not a concentration; type the amount and the volume, e.g. 16 "
                     "mg/250 mL or 64 mcg/mL"),
                   field, quoted);
      return FALSE;
    }

  /* the amount: number and unit */
  amount_units = g_strjoin (", ", sp_amount_unit_get_label (SP_AMOUNT_MCG),
                            sp_amount_unit_get_label (SP_AMOUNT_MG),
                            sp_amount_unit_get_label (SP_AMOUNT_UNITS), NULL);
  unit_start = sp_quantity_find_unit_start (amount_part);
  amount_number = g_strstrip (unit_start != NULL ? g_strndup (amount_part, unit_start - amount_part)
                                                 : g_strdup (amount_part));
  if (amount_number[0] == '\0')
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: \"%s\" has no amount; type the amount and the volume, e.g. 16 mg/250 mL "
                     "or 64 mcg/mL"),
                   field, quoted);
      return FALSE;
    }
  if (unit_start == NULL)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   /* Translators: the list is "mcg, mg, units" in your language's unit words */
                   _("%s: \"%s\" has no amount unit; accepted: %s (e.g. 16 mg/250 mL)"),
                   field, quoted, amount_units);
      return FALSE;
    }
  if (!sp_quantity_amount_unit_parse_len (unit_start, strlen (unit_start), &conc.amount_unit))
    {
      g_autofree char *unit_quoted = sp_quantity_quote_input (unit_start, strlen (unit_start));

      if (sp_quantity_contains_digit (unit_start))
        return sp_number_parse (amount_part, style, field, FALSE, NULL, error);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: amount unit \"%s\" is not accepted; accepted: %s"),
                   field, unit_quoted, amount_units);
      return FALSE;
    }
  if (!sp_number_parse (amount_number, style, field, FALSE, &conc.amount, error))
    return FALSE;

  /* the volume: "250 mL", or "mL" alone for the per-mL form */
  unit_start = sp_quantity_find_unit_start (volume_part);
  volume_number = g_strstrip (unit_start != NULL ? g_strndup (volume_part, unit_start - volume_part)
                                                 : g_strdup (volume_part));
  volume_unit = unit_start != NULL ? unit_start : "";

  if (volume_unit[0] == '\0')
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: \"%s\" has no volume unit; accepted: mL (e.g. 16 mg/250 mL)"),
                   field, quoted);
      return FALSE;
    }
  if (!sp_quantity_volume_unit_parse_len (volume_unit, strlen (volume_unit)))
    {
      g_autofree char *unit_quoted = sp_quantity_quote_input (volume_unit, strlen (volume_unit));

      if (sp_quantity_contains_digit (volume_unit))
        return sp_number_parse (volume_part, style, field, FALSE, NULL, error);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: volume unit \"%s\" is not accepted; accepted: mL"),
                   field, unit_quoted);
      return FALSE;
    }

  if (volume_number[0] == '\0')
    {
      if (in_word != NULL)
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" has no volume; type the amount and the volume, e.g. 16 "
                         "mg/250 mL or 64 mcg/mL"),
                       field, quoted);
          return FALSE;
        }
      conc.volume_ml = 1.0;
      conc.per_ml_form = TRUE;
    }
  else if (!sp_number_parse (volume_number, style, field, FALSE, &conc.volume_ml, error))
    return FALSE;
  /* "16 mcg/1 mL" is a strength, as a case file with volume-ml="1" is: no
   * container of 1 mL (it would "last 2 min") */
  else if (conc.volume_ml == 1.0)
    conc.per_ml_form = TRUE;

  if (conc.amount <= 0.0)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   _("%s: \"%s\": the amount must be more than zero"),
                   field, quoted);
      return FALSE;
    }
  if (conc.volume_ml <= 0.0)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   _("%s: \"%s\": the volume must be more than zero"),
                   field, quoted);
      return FALSE;
    }

  if (out_conc != NULL)
    *out_conc = conc;

  return TRUE;
}

gboolean
sp_concentration_per_ml (const SpConcentration *conc,
                         SpAmountUnit           unit,
                         double                *out_per_ml)
{
  double amount;

  g_return_val_if_fail (conc != NULL, FALSE);
  g_return_val_if_fail (sp_quantity_amount_unit_valid (unit), FALSE);

  if (!sp_quantity_amount_convert (conc->amount, conc->amount_unit, unit, &amount))
    return FALSE;

  if (out_per_ml != NULL)
    *out_per_ml = amount / conc->volume_ml;

  return TRUE;
}

char *
sp_format_concentration (const SpConcentration *conc,
                         SpNumberStyle          style)
{
  g_autofree char *amount = NULL;
  g_autofree char *volume = NULL;

  g_return_val_if_fail (conc != NULL, NULL);
  g_return_val_if_fail (isfinite (conc->amount) && isfinite (conc->volume_ml), NULL);

  amount = sp_quantity_format_typed (conc->amount, style);

  if (conc->per_ml_form && conc->volume_ml == 1.0)
    return g_strdup_printf ("%s %s/mL", amount,
                            amount_unit_text_after (conc->amount_unit, amount, style));

  volume = sp_quantity_format_typed (conc->volume_ml, style);

  return g_strdup_printf ("%s %s/%s mL",
                          amount, amount_unit_text_after (conc->amount_unit, amount, style), volume);
}

char *
sp_format_concentration_per_ml (const SpConcentration *conc,
                                SpNumberStyle          style)
{
  g_autofree char *number = NULL;
  SpAmountUnit unit;
  double per_ml;

  g_return_val_if_fail (conc != NULL, NULL);
  g_return_val_if_fail (conc->volume_ml > 0.0, NULL);

  if (conc->amount_unit == SP_AMOUNT_UNITS)
    unit = SP_AMOUNT_UNITS;
  else
    {
      /* mcg/mL up to 10 mg/mL, then mg/mL */
      sp_concentration_per_ml (conc, SP_AMOUNT_MCG, &per_ml);
      unit = per_ml >= 10000.0 ? SP_AMOUNT_MG : SP_AMOUNT_MCG;
    }

  sp_concentration_per_ml (conc, unit, &per_ml);
  g_return_val_if_fail (isfinite (per_ml), NULL);

  number = sp_format_significant (per_ml, 3, style);

  return g_strdup_printf ("%s %s/mL", number, amount_unit_text_after (unit, number, style));
}

char *
sp_format_as_base (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  /* TRANSLATORS: a concentration whose amounts are of the base ("norepinephrine base") */
  return g_strdup_printf (_("%s as base"), text);
}

char *
sp_format_as_base_if (char     *text,
                      gboolean  is_base)
{
  g_autofree char *plain = text;

  g_return_val_if_fail (text != NULL, NULL);

  return is_base ? sp_format_as_base (plain) : g_steal_pointer (&plain);
}

char *
sp_format_concentration_in_bag (const SpConcentration *conc,
                                SpNumberStyle          style)
{
  g_autofree char *per_ml = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *volume = NULL;

  g_return_val_if_fail (conc != NULL, NULL);

  per_ml = sp_format_concentration_per_ml (conc, style);
  if (conc->per_ml_form && conc->volume_ml == 1.0)
    return g_steal_pointer (&per_ml);

  amount = sp_format_decimal (conc->amount, 3, style);
  volume = sp_format_decimal (conc->volume_ml, 3, style);
  /* Translators: a concentration: "16 mg in 250 mL (64 mcg/mL)" */
  return g_strdup_printf (_("%s %s in %s mL (%s)"), amount,
                          amount_unit_text_after (conc->amount_unit, amount, style), volume, per_ml);
}

char *
sp_format_concentration_salt (const SpConcentration *conc,
                              const char            *salt_label,
                              SpNumberStyle          style)
{
  g_autofree char *salt = NULL;
  g_autofree char *base = NULL;
  const char *unit;

  g_return_val_if_fail (conc != NULL, NULL);

  if (conc->salt[0] == '\0' || salt_label == NULL)
    return sp_format_concentration (conc, style);

  unit = amount_unit_text (conc->amount_unit, style);
  salt = sp_quantity_format_typed (conc->salt_amount, style);
  base = sp_format_significant (conc->amount, 3, style);

  if (conc->per_ml_form && conc->volume_ml == 1.0)
    /* Translators: a concentration written in a salt of the drug, then the
     * same amount as base: "0.5 mg tartrate (0.25 mg base)/mL" */
    return g_strdup_printf (_("%s %s %s (%s %s base)/mL"), salt, unit, salt_label, base, unit);

  {
    g_autofree char *volume = sp_quantity_format_typed (conc->volume_ml, style);

    /* Translators: "8 mg tartrate (4 mg base)/48 mL" */
    return g_strdup_printf (_("%s %s %s (%s %s base)/%s mL"),
                            salt, unit, salt_label, base, unit, volume);
  }
}

char *
sp_format_concentration_in_bag_salt (const SpConcentration *conc,
                                     const char            *salt_label,
                                     SpNumberStyle          style)
{
  g_autofree char *per_ml = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *base = NULL;
  g_autofree char *volume = NULL;
  const char *unit;

  g_return_val_if_fail (conc != NULL, NULL);

  if (conc->salt[0] == '\0' || salt_label == NULL)
    return sp_format_concentration_in_bag (conc, style);

  unit = amount_unit_text (conc->amount_unit, style);
  per_ml = sp_format_concentration_per_ml (conc, style);
  salt = sp_format_decimal (conc->salt_amount, 3, style);
  base = sp_format_significant (conc->amount, 3, style);
  volume = sp_format_decimal (conc->volume_ml, 3, style);

  if (conc->per_ml_form && conc->volume_ml == 1.0)
    /* Translators: "0.5 mg tartrate = 0.25 mg base per mL" */
    return g_strdup_printf (_("%s %s %s = %s %s base per mL"), salt, unit, salt_label, base, unit);

  /* Translators: a concentration written in a salt, for documents:
   * "8 mg tartrate = 4 mg base in 48 mL (83.3 mcg/mL base)" */
  return g_strdup_printf (_("%s %s %s = %s %s base in %s mL (%s base)"),
                          salt, unit, salt_label, base, unit, volume, per_ml);
}

static gboolean
nearly_equal (double x,
              double y)
{
  return fabs (x - y) <= 1e-12 * MAX (fabs (x), fabs (y));
}

/* The same strength in the same bag: equal volumes and equal amounts once
 * converted to the same unit ("4 mg/250 mL" == "4000 mcg/250 mL"; "64 mcg/mL"
 * == "64 mcg/1 mL"; "16 mg/250 mL" != "64 mcg/mL", a different bag). */
gboolean
sp_concentration_equal (const SpConcentration *a,
                        const SpConcentration *b)
{
  double amount_b;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!sp_quantity_amount_convert (b->amount, b->amount_unit, a->amount_unit, &amount_b))
    return FALSE;

  return nearly_equal (a->amount, amount_b) && nearly_equal (a->volume_ml, b->volume_ml);
}
