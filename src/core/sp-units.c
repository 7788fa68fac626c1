/* sp-units.c: units of amount, time and dose, and doses written with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A unit is never inferred: "0.2" without a unit is a dose only where the
 * caller names the unit; "U" and "IU" are refused (ISMP).
 */
#define G_LOG_DOMAIN "sp-quantity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-quantity-private.h"
#include "sp-units.h"

/* --- units ----------------------------------------------------------------- */

#define MICRO_SIGN     "\xc2\xb5"   /* U+00B5 MICRO SIGN */
#define GREEK_SMALL_MU "\xce\xbc"   /* U+03BC GREEK SMALL LETTER MU */

typedef struct {
  const char   *name;
  SpAmountUnit  unit;
} AmountName;

/* Accepted spellings, compared after ASCII lower-casing. "U" and "IU" are
 * refused on purpose (ISMP: "U" is misread as 0 or 4, "IU" as IV or 10). */
static const AmountName amount_names[] = {
  { "mcg", SP_AMOUNT_MCG },
  { MICRO_SIGN "g", SP_AMOUNT_MCG },
  { GREEK_SMALL_MU "g", SP_AMOUNT_MCG },
  { "ug", SP_AMOUNT_MCG },
  { "microgram", SP_AMOUNT_MCG },
  { "micrograms", SP_AMOUNT_MCG },
  { "mg", SP_AMOUNT_MG },
  { "milligram", SP_AMOUNT_MG },
  { "milligrams", SP_AMOUNT_MG },
  { "units", SP_AMOUNT_UNITS },
  { "unit", SP_AMOUNT_UNITS },
  /* "units" as the shipped languages write it on screen and paper
   * (sp_amount_unit_get_label()), so what is shown can be typed back */
  { "einheiten", SP_AMOUNT_UNITS },
  { "einheit", SP_AMOUNT_UNITS },
  { "unit\xc3\xa9s", SP_AMOUNT_UNITS },     /* unités */
  { "unit\xc3\xa9", SP_AMOUNT_UNITS },      /* unité */
  { "unidades", SP_AMOUNT_UNITS },
  { "unidad", SP_AMOUNT_UNITS },
};

static const char * const minute_names[] = { "min", "minute", NULL };
static const char * const hour_names[] = { "h", "hr", "hour", NULL };

gboolean
sp_quantity_amount_unit_valid (SpAmountUnit unit)
{
  switch (unit)
    {
    case SP_AMOUNT_MCG:
    case SP_AMOUNT_MG:
    case SP_AMOUNT_UNITS:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
time_unit_valid (SpTimeUnit unit)
{
  return unit == SP_TIME_MIN || unit == SP_TIME_H;
}

/* A copy of @text without leading/trailing ASCII white space, case-folded
 * ("UNITÉS" -> "unités"; only ASCII if @text is not UTF-8). Case folding,
 * not lower-casing: it is the same in every locale, so "MCG/KG/MIN" is
 * mcg/kg/min in Turkish too (where "I" lower-cases to a dotless "ı"). */
static char *
unit_token (const char *text,
            gsize       len)
{
  g_autofree char *copy = g_strndup (text, len);

  g_strstrip (copy);
  if (!g_utf8_validate (copy, -1, NULL))
    return g_ascii_strdown (copy, -1);

  return g_utf8_casefold (copy, -1);
}

static gboolean
name_in (const char         *token,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (token, names[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sp_quantity_amount_unit_parse_len (const char   *text,
                                   gsize         len,
                                   SpAmountUnit *out_unit)
{
  g_autofree char *token = unit_token (text, len);

  const char *label = sp_amount_unit_get_label (SP_AMOUNT_UNITS);
  g_autofree char *label_token = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (amount_names); i++)
    {
      if (strcmp (token, amount_names[i].name) == 0)
        {
          if (out_unit != NULL)
            *out_unit = amount_names[i].unit;
          return TRUE;
        }
    }

  /* a language that is not in the table above reads its own word too */
  label_token = unit_token (label, strlen (label));
  if (strcmp (token, label_token) == 0)
    {
      if (out_unit != NULL)
        *out_unit = SP_AMOUNT_UNITS;
      return TRUE;
    }

  return FALSE;
}

/* The nicks of SP_TYPE_AMOUNT_UNIT are the tokens of the files and of JSON
 * ("mcg", "mg", "units"), exactly; test-quantity pins them. */
const char *
sp_amount_unit_to_string (SpAmountUnit unit)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_AMOUNT_UNIT);
  const GEnumValue *value = g_enum_get_value (klass, unit);

  g_return_val_if_fail (value != NULL, "?");
  return value->value_nick;
}

const char *
sp_amount_unit_get_label (SpAmountUnit unit)
{
  switch (unit)
    {
    case SP_AMOUNT_MCG:
    case SP_AMOUNT_MG:
      return sp_amount_unit_to_string (unit);
    case SP_AMOUNT_UNITS:
      /* Translators: the amount unit of vasopressin ("20 units/100 mL"),
       * written out in full: never "U" or "IU" (ISMP: misread as 0, 4, IV or
       * 10). What you write here is also accepted when typed. */
      return C_("amount unit", "units");
    default:
      g_return_val_if_reached ("?");
    }
}

const char *
sp_amount_unit_get_label_one (SpAmountUnit unit)
{
  if (unit == SP_AMOUNT_UNITS)
    /* Translators: the amount unit of vasopressin after the number 1 ("1
     * unit/mL"), written out in full as "units" is. What you write here
     * is also accepted when typed. */
    return C_("amount unit, one", "unit");
  return sp_amount_unit_get_label (unit);
}

gboolean
sp_amount_unit_parse (const char   *text,
                      SpAmountUnit *out_unit)
{
  if (text == NULL)
    return FALSE;

  return sp_quantity_amount_unit_parse_len (text, strlen (text), out_unit);
}

gboolean
sp_amount_unit_factor (SpAmountUnit  from,
                       SpAmountUnit  to,
                       double       *out_factor)
{
  double factor;

  g_return_val_if_fail (sp_quantity_amount_unit_valid (from), FALSE);
  g_return_val_if_fail (sp_quantity_amount_unit_valid (to), FALSE);

  if (from == to)
    factor = 1.0;
  else if (from == SP_AMOUNT_MG && to == SP_AMOUNT_MCG)
    factor = 1000.0;
  else if (from == SP_AMOUNT_MCG && to == SP_AMOUNT_MG)
    factor = 0.001;
  else
    return FALSE;

  if (out_factor != NULL)
    *out_factor = factor;

  return TRUE;
}

/* @value in @from converted to @to, multiplying or dividing by 1000 so that
 * whole numbers stay exact (x / 1000 is closer than x * 0.001). */
gboolean
sp_quantity_amount_convert (double        value,
                            SpAmountUnit  from,
                            SpAmountUnit  to,
                            double       *out_value)
{
  if (from == to)
    *out_value = value;
  else if (from == SP_AMOUNT_MG && to == SP_AMOUNT_MCG)
    *out_value = value * 1000.0;
  else if (from == SP_AMOUNT_MCG && to == SP_AMOUNT_MG)
    *out_value = value / 1000.0;
  else
    return FALSE;

  return TRUE;
}

const char *
sp_dose_unit_to_string (SpDoseUnit unit)
{
  /* [amount][per_kg][time] */
  static const char * const names[3][2][2] = {
    { { "mcg/min", "mcg/h" }, { "mcg/kg/min", "mcg/kg/h" } },
    { { "mg/min", "mg/h" }, { "mg/kg/min", "mg/kg/h" } },
    { { "units/min", "units/h" }, { "units/kg/min", "units/kg/h" } },
  };

  g_return_val_if_fail (sp_quantity_amount_unit_valid (unit.amount), "?");
  g_return_val_if_fail (time_unit_valid (unit.time), "?");

  return names[unit.amount][unit.per_kg ? 1 : 0][unit.time == SP_TIME_H ? 1 : 0];
}

const char *
sp_dose_unit_get_label (SpDoseUnit unit)
{
  g_return_val_if_fail (sp_quantity_amount_unit_valid (unit.amount), "?");
  g_return_val_if_fail (time_unit_valid (unit.time), "?");

  if (unit.amount != SP_AMOUNT_UNITS)
    return sp_dose_unit_to_string (unit);

  /* Translators: a dose unit of vasopressin. Translate "units" as in the
   * amount unit "units" (the same word, written out), keep kg, min and h. */
  if (unit.per_kg)
    return unit.time == SP_TIME_H ? C_("dose unit", "units/kg/h") : C_("dose unit", "units/kg/min");

  return unit.time == SP_TIME_H ? C_("dose unit", "units/h") : C_("dose unit", "units/min");
}

/* The unit as formatted numbers of @style carry it: a label with the user's
 * numbers, a token with C-locale numbers. */
static const char *
dose_unit_text (SpDoseUnit    unit,
                SpNumberStyle style)
{
  return style == SP_NUMBER_C ? sp_dose_unit_to_string (unit) : sp_dose_unit_get_label (unit);
}

static gboolean
dose_unit_parse_len (const char *text,
                     gsize       len,
                     SpDoseUnit *out_unit)
{
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) parts = g_strsplit (copy, "/", 0);
  guint n_parts = g_strv_length (parts);
  g_autofree char *time = NULL;
  SpDoseUnit unit = { 0 };

  if (n_parts != 2 && n_parts != 3)
    return FALSE;

  if (!sp_amount_unit_parse (parts[0], &unit.amount))
    return FALSE;

  if (n_parts == 3)
    {
      g_autofree char *kg = unit_token (parts[1], strlen (parts[1]));

      if (strcmp (kg, "kg") != 0)
        return FALSE;
      unit.per_kg = TRUE;
    }

  time = unit_token (parts[n_parts - 1], strlen (parts[n_parts - 1]));
  if (name_in (time, minute_names))
    unit.time = SP_TIME_MIN;
  else if (name_in (time, hour_names))
    unit.time = SP_TIME_H;
  else
    return FALSE;

  if (out_unit != NULL)
    *out_unit = unit;

  return TRUE;
}

gboolean
sp_dose_unit_parse (const char *text,
                    SpDoseUnit *out_unit)
{
  if (text == NULL)
    return FALSE;

  return dose_unit_parse_len (text, strlen (text), out_unit);
}

gboolean
sp_dose_unit_equal (SpDoseUnit a,
                    SpDoseUnit b)
{
  return a.amount == b.amount && !a.per_kg == !b.per_kg && a.time == b.time;
}

/* "mL" only: "L", "dL", "cc" are refused (a tenfold or thousandfold slip). */
gboolean
sp_quantity_volume_unit_parse_len (const char *text,
                                   gsize       len)
{
  g_autofree char *token = unit_token (text, len);

  return strcmp (token, "ml") == 0;
}

/* --- doses ---------------------------------------------------------------- */

/* Where the unit starts in "0.2 mcg/kg/min" or "0.2mcg/kg/min": the first
 * letter, micro sign, mu, '/' or '%'. */
const char *
sp_quantity_find_unit_start (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p) || *p == '/' || *p == '%'
          || g_str_has_prefix (p, MICRO_SIGN) || g_str_has_prefix (p, GREEK_SMALL_MU))
        return p;
    }

  return NULL;
}

gboolean
sp_quantity_contains_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        return TRUE;
    }

  return FALSE;
}

static char *
dose_units_list (const SpDoseUnit *accepted,
                 guint             n_accepted)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_accepted; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, sp_dose_unit_get_label (accepted[i]));
    }

  return g_string_free (out, FALSE);
}

static gboolean
dose_unit_accepted (SpDoseUnit        unit,
                    const SpDoseUnit *accepted,
                    guint             n_accepted)
{
  if (n_accepted == 0)
    return TRUE;

  for (guint i = 0; i < n_accepted; i++)
    {
      if (sp_dose_unit_equal (unit, accepted[i]))
        return TRUE;
    }

  return FALSE;
}

gboolean
sp_dose_parse (const char        *text,
               SpNumberStyle      style,
               const char        *field,
               const SpDoseUnit  *accepted,
               guint              n_accepted,
               const SpDoseUnit  *default_unit,
               double            *out_value,
               SpDoseUnit        *out_unit,
               GError           **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *number = NULL;
  g_autofree char *unit_text = NULL;
  g_autofree char *list = NULL;
  const char *example;
  const char *unit_start;
  SpDoseUnit unit;
  double value;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (accepted != NULL || n_accepted == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  list = n_accepted > 0 ? dose_units_list (accepted, n_accepted) : g_strdup ("mcg/kg/min");
  example = n_accepted > 0 ? sp_dose_unit_get_label (accepted[0]) : "mcg/kg/min";

  if (copy[0] == '\0')
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_EMPTY,
                   _("%s: nothing was entered; type the dose and its unit, e.g. 0.2 %s"),
                   field, example);
      return FALSE;
    }
  if (!sp_number_check_form (copy, field, FALSE, error))
    return FALSE;

  unit_start = sp_quantity_find_unit_start (copy);
  number = g_strstrip (unit_start != NULL ? g_strndup (copy, unit_start - copy) : g_strdup (copy));
  unit_text = unit_start != NULL ? g_strstrip (g_strdup (unit_start)) : NULL;

  if (number[0] == '\0')
    {
      g_autofree char *quoted = sp_quantity_quote_input (copy, strlen (copy));

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: \"%s\" has no number; type the dose and its unit, e.g. 0.2 %s"),
                   field, quoted,
                   example);
      return FALSE;
    }

  /* "1e5 mcg/kg/min": the number is the problem, not the unit */
  if (unit_text != NULL && !sp_dose_unit_parse (unit_text, NULL) &&
      sp_quantity_contains_digit (unit_text))
    return sp_number_parse (copy, style, field, FALSE, NULL, error);

  /* the number first: "1,000" is refused as such, whatever follows */
  if (!sp_number_parse (number, style, field, FALSE, &value, error))
    return FALSE;

  if (unit_text == NULL)
    {
      if (default_unit == NULL)
        {
          g_autofree char *quoted = sp_quantity_quote_input (copy, strlen (copy));

          /* Translators: e.g. Dose: "0.2" has no unit; type the unit, e.g.
           * 0.2 mcg/kg/min (accepted: mcg/kg/min, mcg/min) */
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                       _("%s: \"%s\" has no unit; type the unit, e.g. 0.2 %s (accepted: %s)"),
                       field, quoted,
                       example,
                       list);
          return FALSE;
        }
      unit = *default_unit;
    }
  else if (!sp_dose_unit_parse (unit_text, &unit))
    {
      g_autofree char *quoted = sp_quantity_quote_input (unit_text, strlen (unit_text));

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: unit \"%s\" is not accepted here; accepted: %s"),
                   field, quoted, list);
      return FALSE;
    }

  if (!dose_unit_accepted (unit, accepted, n_accepted))
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: unit \"%s\" is not accepted here; accepted: %s"),
                   field, sp_dose_unit_get_label (unit), list);
      return FALSE;
    }

  if (out_value != NULL)
    *out_value = value;
  if (out_unit != NULL)
    *out_unit = unit;

  return TRUE;
}

char *
sp_format_dose (double         value,
                SpDoseUnit     unit,
                int            digits,
                SpNumberStyle  style)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (isfinite (value), NULL);

  number = sp_format_significant (value, digits <= 0 ? 3 : digits, style);

  return g_strdup_printf ("%s %s", number, dose_unit_text (unit, style));
}
