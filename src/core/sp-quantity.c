/* sp-quantity.c: numbers, units, doses and concentrations as clinicians write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISMP rules apply to everything here: a leading zero, no trailing zero, no
 * guessing. A number that reads two ways ("1,000": one thousand in English,
 * one in German) is refused, never interpreted; a unit is never inferred.
 */
#define G_LOG_DOMAIN "sp-quantity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-quantity.h"

G_DEFINE_QUARK (sp-quantity-error-quark, sp_quantity_error)

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

static gboolean
amount_unit_valid (SpAmountUnit unit)
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

static gboolean
amount_unit_parse_len (const char   *text,
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

gboolean
sp_amount_unit_parse (const char   *text,
                      SpAmountUnit *out_unit)
{
  if (text == NULL)
    return FALSE;

  return amount_unit_parse_len (text, strlen (text), out_unit);
}

gboolean
sp_amount_unit_factor (SpAmountUnit  from,
                       SpAmountUnit  to,
                       double       *out_factor)
{
  double factor;

  g_return_val_if_fail (amount_unit_valid (from), FALSE);
  g_return_val_if_fail (amount_unit_valid (to), FALSE);

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
static gboolean
amount_convert (double        value,
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

  g_return_val_if_fail (amount_unit_valid (unit.amount), "?");
  g_return_val_if_fail (time_unit_valid (unit.time), "?");

  return names[unit.amount][unit.per_kg ? 1 : 0][unit.time == SP_TIME_H ? 1 : 0];
}

const char *
sp_dose_unit_get_label (SpDoseUnit unit)
{
  g_return_val_if_fail (amount_unit_valid (unit.amount), "?");
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

static const char *
amount_unit_text (SpAmountUnit  unit,
                  SpNumberStyle style)
{
  return style == SP_NUMBER_C ? sp_amount_unit_to_string (unit) : sp_amount_unit_get_label (unit);
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
static gboolean
volume_unit_parse_len (const char *text,
                       gsize       len)
{
  g_autofree char *token = unit_token (text, len);

  return strcmp (token, "ml") == 0;
}

/* --- messages -------------------------------------------------------------- */

/* The user's text as it goes into a one-line message: valid UTF-8, control
 * characters replaced, long input shortened. */
static char *
quote_input (const char *text,
             gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *out = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars++ == 40)
        {
          g_string_append (out, "\xe2\x80\xa6");  /* U+2026 HORIZONTAL ELLIPSIS */
          break;
        }

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* --- numbers --------------------------------------------------------------- */

typedef struct {
  char        decimal;      /* '.' or ',': the decimal separator of the style */
  char        other;        /* the other one of '.' and ',' */
  char       *decimal_str;  /* the decimal separator to print */
  const char *group_str;    /* the grouping separator to print */
  char       *thousands;    /* the locale's own grouping separator, may be "" */
} NumberConv;

static void
number_conv_init (NumberConv    *conv,
                  SpNumberStyle  style)
{
  if (style == SP_NUMBER_C)
    {
      conv->decimal = '.';
      conv->decimal_str = g_strdup (".");
      conv->thousands = g_strdup ("");
    }
  else
    {
      const struct lconv *lc = localeconv ();
      const char *dp = (lc->decimal_point != NULL && lc->decimal_point[0] != '\0')
                       ? lc->decimal_point : ".";

      /* A locale whose decimal separator is neither '.' nor ',' reads '.' */
      conv->decimal = strcmp (dp, ",") == 0 ? ',' : '.';
      conv->decimal_str = g_strdup (dp);
      conv->thousands = g_strdup (lc->thousands_sep != NULL ? lc->thousands_sep : "");
    }

  conv->other = conv->decimal == '.' ? ',' : '.';
  /* ISMP: 1,000 where the decimal separator is '.', a no-break space where it is ',' */
  conv->group_str = conv->decimal == ',' ? "\xc2\xa0" : ",";
}

static void
number_conv_clear (NumberConv *conv)
{
  g_clear_pointer (&conv->decimal_str, g_free);
  g_clear_pointer (&conv->thousands, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NumberConv, number_conv_clear)

/* Characters that can only be digit grouping between two digits: ASCII white
 * space, no-break spaces, thin space, apostrophes, and the locale's own
 * grouping separator. Returns the length in bytes, 0 if none. */
static gsize
grouping_char_len (const NumberConv *conv,
                   const char       *p)
{
  static const char * const groupers[] = {
    "\xc2\xa0",      /* U+00A0 NO-BREAK SPACE */
    "\xe2\x80\xaf",  /* U+202F NARROW NO-BREAK SPACE */
    "\xe2\x80\x89",  /* U+2009 THIN SPACE */
    "\xe2\x80\x99",  /* U+2019 RIGHT SINGLE QUOTATION MARK */
    "'",
  };

  if (g_ascii_isspace (*p))
    return 1;

  for (guint i = 0; i < G_N_ELEMENTS (groupers); i++)
    {
      gsize len = strlen (groupers[i]);

      if (strncmp (p, groupers[i], len) == 0)
        return len;
    }

  if (conv->thousands[0] != '\0'
      && strcmp (conv->thousands, ".") != 0
      && strcmp (conv->thousands, ",") != 0
      && g_str_has_prefix (p, conv->thousands))
    return strlen (conv->thousands);

  return 0;
}

#define MAX_RUNS 64

typedef struct {
  const char *start;
  gsize       len;
} DigitRun;

static gboolean
all_zeros (const DigitRun *run)
{
  for (gsize i = 0; i < run->len; i++)
    {
      if (run->start[i] != '0')
        return FALSE;
    }

  return TRUE;
}

/* The digits with grouping removed, for "type it without grouping, e.g. 1000".
 * @decimal_after: index of the run that follows the decimal separator, or 0. */
static char *
runs_without_grouping (const DigitRun *runs,
                       guint           n_runs,
                       guint           decimal_after,
                       gboolean        negative,
                       const char     *decimal_str)
{
  GString *out = g_string_new (negative ? "-" : NULL);

  for (guint i = 0; i < n_runs; i++)
    {
      if (decimal_after != 0 && i == decimal_after)
        g_string_append (out, decimal_str);
      g_string_append_len (out, runs[i].start, runs[i].len);
    }

  return g_string_free (out, FALSE);
}

/* Forms a number can be typed in that ShockPath never reads, each with its
 * own reason (a generic "not a number" or "nothing was entered" would not
 * say what to type): "NaN" and "inf", "1e2" (ISMP: write numbers in full),
 * and a minus sign or dash other than "-" ("−70", U+2212), which is read as
 * the negative it means. FALSE with the error set when @text (a whole
 * field, its unit included) starts with one of them. */
gboolean
sp_number_check_form (const char  *text,
                      const char  *field,
                      gboolean     allow_negative,
                      GError     **error)
{
  static const char * const not_numbers[] = { "nan", "inf", "infinity", NULL };
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *quoted = quote_input (copy, strlen (copy));
  const char *p = copy;
  gunichar c;

  g_return_val_if_fail (field != NULL, FALSE);

  /* −, ‒, –, —, ―, ﹣, －: a minus the user meant, not text */
  if (g_utf8_validate (p, -1, NULL) && (c = g_utf8_get_char (p)) != '-' &&
      (c == 0x2212 || (c >= 0x2012 && c <= 0x2015) || c == 0xFE63 || c == 0xFF0D) &&
      g_ascii_isdigit (*g_utf8_next_char (p)))
    {
      if (!allow_negative)
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_NEGATIVE,
                       _("%s: \"%s\" is negative; type a number of zero or more"),
                       field, quoted);
          return FALSE;
        }
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: \"%s\" starts with a dash; type a minus sign as \"-\""),
                   field, quoted);
      return FALSE;
    }

  if (*p == '-' || *p == '+')
    p++;

  for (guint i = 0; not_numbers[i] != NULL; i++)
    {
      gsize n = strlen (not_numbers[i]);

      if (g_ascii_strncasecmp (p, not_numbers[i], n) == 0 && !g_ascii_isalpha (p[n]))
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" is not a number; type digits, e.g. 0.25"),
                       field, quoted);
          return FALSE;
        }
    }

  /* digits [sep digits] e [+-] digit */
  if (g_ascii_isdigit (*p))
    {
      const char *q = p;

      while (g_ascii_isdigit (*q) || *q == '.' || *q == ',')
        q++;
      if ((*q == 'e' || *q == 'E') &&
          (g_ascii_isdigit (q[1]) || ((q[1] == '+' || q[1] == '-') && g_ascii_isdigit (q[2]))))
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" is written with an exponent; type the number in full "
                         "(1e2 is 100)"),
                       field, quoted);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sp_number_parse (const char     *text,
                 SpNumberStyle   style,
                 const char     *field,
                 gboolean        allow_negative,
                 double         *out_value,
                 GError        **error)
{
  g_auto(NumberConv) conv = { 0 };
  g_autofree char *copy = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *normal = NULL;
  DigitRun runs[MAX_RUNS];
  char seps[MAX_RUNS];        /* '.', ',' or 'g' (grouping only) before runs[i] */
  guint n_runs = 0;
  gboolean negative = FALSE;
  guint decimal_after = 0;
  const char *p;
  char *end = NULL;
  double value;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number_conv_init (&conv, style);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (copy[0] == '\0')
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_EMPTY,
                   _("%s: nothing was entered; type a number"), field);
      return FALSE;
    }

  if (!sp_number_check_form (copy, field, allow_negative, error))
    return FALSE;

  quoted = quote_input (copy, strlen (copy));
  p = copy;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  /* ISMP: ".5" is read as "5"; ask for the leading zero */
  if ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
    {
      gboolean digits_only = TRUE;

      for (const char *q = p + 1; *q != '\0'; q++)
        digits_only = digits_only && g_ascii_isdigit (*q);

      if (digits_only)
        {
          g_autofree char *fixed = g_strconcat (negative ? "-0" : "0", p, NULL);

          /* Translators: the second %s is the user's input (".5"), the third the
           * same number with a leading zero ("0.5") */
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" needs a leading zero; type %s"),
                       field, quoted, fixed);
        }
      else
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" needs a leading zero before the decimal separator, e.g. 0%s5"),
                       field, quoted, conv.decimal_str);
        }
      return FALSE;
    }

  /* Digit runs separated by single separators; anything else ends the scan */
  while (g_ascii_isdigit (*p))
    {
      gsize glen;

      if (n_runs == MAX_RUNS)
        goto invalid;

      runs[n_runs].start = p;
      while (g_ascii_isdigit (*p))
        p++;
      runs[n_runs].len = p - runs[n_runs].start;
      n_runs++;

      if (*p == '.' || *p == ',')
        {
          if (n_runs < MAX_RUNS)
            seps[n_runs] = *p;
          p++;
        }
      else if ((glen = grouping_char_len (&conv, p)) > 0 && g_ascii_isdigit (p[glen]))
        {
          if (n_runs < MAX_RUNS)
            seps[n_runs] = 'g';
          p += glen;
        }
      else
        break;

      if (*p == '\0')
        {
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                       _("%s: \"%s\" ends with a separator; type the number without it"),
                       field, quoted);
          return FALSE;
        }
    }

  if (n_runs == 0 || *p != '\0')
    goto invalid;

  if (n_runs == 2)
    {
      char sep = seps[1];

      /* "1.000" or "2.500" typed in English: one with trailing zeros (which
       * ISMP forbids) or a thousand written the German way. Never guess.
       * Machine-written C numbers ("1.000" from a file) mean what they say. */
      if (style == SP_NUMBER_LOCALE &&
          sep == conv.decimal && runs[1].len == 3 && runs[0].len <= 3 &&
          !all_zeros (&runs[0]) && runs[1].start[2] == '0')
        goto trailing_or_grouping;
      if (sep == conv.decimal)
        decimal_after = 1;
      else if (style == SP_NUMBER_C && sep == ',')
        goto c_comma;
      else if (sep == conv.other && !(runs[1].len == 3 && !all_zeros (&runs[0])))
        decimal_after = 1;   /* "0.2" in German, "2,5" in English: cannot be grouping */
      else
        goto grouping;
    }
  else if (n_runs > 2)
    {
      /* Grouping throughout, or grouping then one decimal separator at the end:
       * name it as grouping. Anything else is a plain mess of separators. */
      for (guint i = 1; i < n_runs - 1; i++)
        {
          if (seps[i] == conv.decimal || (style == SP_NUMBER_C && seps[i] == ','))
            goto too_many;
        }
      if (seps[n_runs - 1] == conv.decimal)
        decimal_after = n_runs - 1;
      goto grouping;
    }

  /* A normalised C number: [-]digits[.digits] */
  {
    GString *str = g_string_new (negative ? "-" : NULL);

    g_string_append_len (str, runs[0].start, runs[0].len);
    if (decimal_after == 1)
      {
        g_string_append_c (str, '.');
        g_string_append_len (str, runs[1].start, runs[1].len);
      }
    normal = g_string_free (str, FALSE);
  }

  value = g_ascii_strtod (normal, &end);
  if (end == NULL || *end != '\0')
    goto invalid;

  if (!isfinite (value))
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   _("%s: \"%s\" is too large"), field, quoted);
      return FALSE;
    }

  if (negative && !allow_negative)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_NEGATIVE,
                   _("%s: \"%s\" is negative; type a number of zero or more"),
                   field, quoted);
      return FALSE;
    }

  if (value == 0.0)
    value = 0.0;   /* never -0 */

  if (out_value != NULL)
    *out_value = value;

  return TRUE;

grouping:
  {
    g_autofree char *example = runs_without_grouping (runs, n_runs, decimal_after,
                                                      negative, conv.decimal_str);

    /* Translators: e.g. Weight: "1,000" uses a digit grouping separator; type the
     * number without grouping, e.g. 1000 (the decimal separator is ".") */
    g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_AMBIGUOUS,
                 _("%s: \"%s\" uses a digit grouping separator; type the number without grouping, "
                   "e.g. %s (the decimal separator is \"%s\")"),
                 field, quoted, example, conv.decimal_str);
    return FALSE;
  }

trailing_or_grouping:
  {
    g_autofree char *whole = g_strdup_printf ("%s%.*s%.*s", negative ? "-" : "",
                                              (int) runs[0].len, runs[0].start,
                                              (int) runs[1].len, runs[1].start);
    g_autofree char *fraction = g_strndup (runs[1].start, runs[1].len);
    g_autofree char *decimal = NULL;

    /* "2.500" -> 2.5, "1.000" -> 1 */
    for (gssize i = (gssize) strlen (fraction) - 1; i >= 0 && fraction[i] == '0'; i--)
      fraction[i] = '\0';
    decimal = g_strdup_printf ("%s%.*s%s%s", negative ? "-" : "", (int) runs[0].len, runs[0].start,
                               fraction[0] != '\0' ? conv.decimal_str : "", fraction);

    /* Translators: Dose: "1.000" could mean 1 or 1000 (written with a digit
     * grouping); type 1 or 1000 */
    g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_AMBIGUOUS,
                 _("%s: \"%s\" could mean %s or %s (written with a digit grouping); type %s or %s"),
                 field, quoted, decimal, whole, decimal, whole);
    return FALSE;
  }

too_many:
  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_AMBIGUOUS,
               _("%s: \"%s\" has more than one separator; type the number without grouping and "
                 "with at most one decimal separator \"%s\""),
               field, quoted, conv.decimal_str);
  return FALSE;

c_comma:
  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_AMBIGUOUS,
               _("%s: \"%s\" contains \",\"; write the number with \".\" as the decimal separator "
                 "and without grouping, e.g. 0.25 or 1000"),
               field, quoted);
  return FALSE;

invalid:
  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
               _("%s: \"%s\" is not a number; type digits with at most one decimal separator "
                 "\"%s\", e.g. 0%s25"),
               field, quoted, conv.decimal_str, conv.decimal_str);
  return FALSE;
}

/* --- formatting ------------------------------------------------------------ */

/* A finite double as decimal digits: value = 0.D1D2...Dn x 10^point,
 * no leading or trailing zero digit (n == 0 for zero). */
typedef struct {
  char     digits[24];
  int      n;
  int      point;
  gboolean negative;
} Decimal;

/* @sig significant digits (15 for display: it drops binary noise such as
 * 26.249999999999996 for 26.25; 15-17 for exact output). */
static void
decimal_from_double (Decimal *dec,
                     double   value,
                     int      sig)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  const char *p;
  char *end = NULL;

  g_assert (isfinite (value));
  g_assert (sig >= 1 && sig <= 17);

  memset (dec, 0, sizeof *dec);
  dec->negative = signbit (value) != 0;

  if (value == 0.0)
    return;

  g_snprintf (format, sizeof format, "%%.%de", sig - 1);
  g_ascii_formatd (buf, sizeof buf, format, value);

  /* [-]d.ddde[+-]xx */
  p = buf;
  if (*p == '-')
    p++;
  for (; *p != '\0' && *p != 'e'; p++)
    {
      if (g_ascii_isdigit (*p))
        dec->digits[dec->n++] = *p;
    }
  g_assert (*p == 'e');
  dec->point = (int) g_ascii_strtoll (p + 1, &end, 10) + 1;

  while (dec->n > 0 && dec->digits[dec->n - 1] == '0')
    dec->n--;
}

/* Rounds half away from zero to @decimals places after the decimal point. */
static void
decimal_round (Decimal *dec,
               int      decimals)
{
  int keep = dec->point + decimals;
  gboolean up;

  if (keep >= dec->n)
    return;

  if (keep < 0)
    {
      dec->n = 0;
      return;
    }

  up = dec->digits[keep] >= '5';
  dec->n = keep;

  if (up)
    {
      int i = dec->n - 1;

      while (i >= 0 && dec->digits[i] == '9')
        dec->digits[i--] = '0';

      if (i >= 0)
        dec->digits[i]++;
      else
        {
          /* 9.99 -> 10.0: a carry out of the first digit */
          memmove (dec->digits + 1, dec->digits, dec->n);
          dec->digits[0] = '1';
          dec->n++;
          dec->point++;
        }
    }

  while (dec->n > 0 && dec->digits[dec->n - 1] == '0')
    dec->n--;
}

static char *
decimal_to_string (const Decimal *dec,
                   const char    *decimal_str,
                   const char    *group_str)
{
  GString *out;
  GString *int_part;

  if (dec->n == 0)
    return g_strdup ("0");   /* never "-0" */

  out = g_string_new (NULL);
  int_part = g_string_new (NULL);

  if (dec->negative)
    g_string_append_c (out, '-');

  if (dec->point <= 0)
    g_string_append_c (int_part, '0');
  else
    {
      for (int i = 0; i < dec->point; i++)
        g_string_append_c (int_part, i < dec->n ? dec->digits[i] : '0');
    }

  if (group_str != NULL && int_part->len >= 4)
    {
      for (gsize i = 0; i < int_part->len; i++)
        {
          if (i > 0 && (int_part->len - i) % 3 == 0)
            g_string_append (out, group_str);
          g_string_append_c (out, int_part->str[i]);
        }
    }
  else
    g_string_append_len (out, int_part->str, int_part->len);

  if (dec->n > dec->point)
    {
      g_string_append (out, decimal_str);
      for (int i = dec->point; i < 0; i++)
        g_string_append_c (out, '0');
      for (int i = MAX (dec->point, 0); i < dec->n; i++)
        g_string_append_c (out, dec->digits[i]);
    }

  g_string_free (int_part, TRUE);

  return g_string_free (out, FALSE);
}

static char *
format_rounded (double         value,
                int            decimals,
                SpNumberStyle  style)
{
  g_auto(NumberConv) conv = { 0 };
  Decimal dec;

  number_conv_init (&conv, style);
  decimal_from_double (&dec, value, 15);
  decimal_round (&dec, CLAMP (decimals, 0, 20));

  return decimal_to_string (&dec, conv.decimal_str,
                            style == SP_NUMBER_LOCALE ? conv.group_str : NULL);
}

char *
sp_format_decimal (double         value,
                   int            max_decimals,
                   SpNumberStyle  style)
{
  g_return_val_if_fail (isfinite (value), NULL);

  return format_rounded (value, max_decimals, style);
}

/* Decimal places that keep @digits significant figures of @value, never fewer
 * than zero (the integer part is never rounded away). */
static int
decimals_for_significant (double value,
                          int    digits)
{
  Decimal dec;

  decimal_from_double (&dec, value, 15);
  if (dec.n == 0)
    return 0;

  return MAX (digits - dec.point, 0);
}

char *
sp_format_significant (double         value,
                       int            digits,
                       SpNumberStyle  style)
{
  g_return_val_if_fail (isfinite (value), NULL);

  if (digits <= 0)
    digits = 3;

  return format_rounded (value, decimals_for_significant (value, MIN (digits, 15)), style);
}

char *
sp_format_exact (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double magnitude = fabs (value);
  int sig;

  g_return_val_if_fail (isfinite (value), NULL);

  if (value == 0.0)
    return g_strdup ("0");

  for (sig = 15; sig < 17; sig++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", sig);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  if (magnitude >= 1e-6 && magnitude < 1e9)
    {
      Decimal dec;

      /* the same digits, written out without an exponent */
      decimal_from_double (&dec, value, sig);
      return decimal_to_string (&dec, ".", NULL);
    }

  g_ascii_formatd (buf, sizeof buf, sig == 17 ? "%.17g" : sig == 16 ? "%.16g" : "%.15g", value);
  return g_strdup (buf);
}

/* --- quantities ------------------------------------------------------------ */

/* Where the unit starts in "0.2 mcg/kg/min" or "0.2mcg/kg/min": the first
 * letter, micro sign, mu, '/' or '%'. */
static const char *
find_unit_start (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p) || *p == '/' || *p == '%'
          || g_str_has_prefix (p, MICRO_SIGN) || g_str_has_prefix (p, GREEK_SMALL_MU))
        return p;
    }

  return NULL;
}

static gboolean
contains_digit (const char *text)
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

  unit_start = find_unit_start (copy);
  number = g_strstrip (unit_start != NULL ? g_strndup (copy, unit_start - copy) : g_strdup (copy));
  unit_text = unit_start != NULL ? g_strstrip (g_strdup (unit_start)) : NULL;

  if (number[0] == '\0')
    {
      g_autofree char *quoted = quote_input (copy, strlen (copy));

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: \"%s\" has no number; type the dose and its unit, e.g. 0.2 %s"),
                   field, quoted,
                   example);
      return FALSE;
    }

  /* "1e5 mcg/kg/min": the number is the problem, not the unit */
  if (unit_text != NULL && !sp_dose_unit_parse (unit_text, NULL) && contains_digit (unit_text))
    return sp_number_parse (copy, style, field, FALSE, NULL, error);

  /* the number first: "1,000" is refused as such, whatever follows */
  if (!sp_number_parse (number, style, field, FALSE, &value, error))
    return FALSE;

  if (unit_text == NULL)
    {
      if (default_unit == NULL)
        {
          g_autofree char *quoted = quote_input (copy, strlen (copy));

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
      g_autofree char *quoted = quote_input (unit_text, strlen (unit_text));

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

/* " in " as a word, case-insensitive: "4 mg in 250 mL". */
static const char *
find_in_word (const char *text,
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

  quoted = quote_input (copy, strlen (copy));

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
  in_word = find_in_word (copy, &in_len);

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
  unit_start = find_unit_start (amount_part);
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
  if (!amount_unit_parse_len (unit_start, strlen (unit_start), &conc.amount_unit))
    {
      g_autofree char *unit_quoted = quote_input (unit_start, strlen (unit_start));

      if (contains_digit (unit_start))
        return sp_number_parse (amount_part, style, field, FALSE, NULL, error);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   _("%s: amount unit \"%s\" is not accepted; accepted: %s"),
                   field, unit_quoted, amount_units);
      return FALSE;
    }
  if (!sp_number_parse (amount_number, style, field, FALSE, &conc.amount, error))
    return FALSE;

  /* the volume: "250 mL", or "mL" alone for the per-mL form */
  unit_start = find_unit_start (volume_part);
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
  if (!volume_unit_parse_len (volume_unit, strlen (volume_unit)))
    {
      g_autofree char *unit_quoted = quote_input (volume_unit, strlen (volume_unit));

      if (contains_digit (volume_unit))
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
  g_return_val_if_fail (amount_unit_valid (unit), FALSE);

  if (!amount_convert (conc->amount, conc->amount_unit, unit, &amount))
    return FALSE;

  if (out_per_ml != NULL)
    *out_per_ml = amount / conc->volume_ml;

  return TRUE;
}

/* An amount or volume as typed: up to three decimals, more if needed to keep
 * four significant figures (12.5 -> "12.5", 0.0625 -> "0.0625"). */
static char *
format_typed (double         value,
              SpNumberStyle  style)
{
  return format_rounded (value, MAX (3, decimals_for_significant (value, 4)), style);
}

char *
sp_format_concentration (const SpConcentration *conc,
                         SpNumberStyle          style)
{
  g_autofree char *amount = NULL;
  g_autofree char *volume = NULL;

  g_return_val_if_fail (conc != NULL, NULL);
  g_return_val_if_fail (isfinite (conc->amount) && isfinite (conc->volume_ml), NULL);

  amount = format_typed (conc->amount, style);

  if (conc->per_ml_form && conc->volume_ml == 1.0)
    return g_strdup_printf ("%s %s/mL", amount, amount_unit_text (conc->amount_unit, style));

  volume = format_typed (conc->volume_ml, style);

  return g_strdup_printf ("%s %s/%s mL",
                          amount, amount_unit_text (conc->amount_unit, style), volume);
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

  return g_strdup_printf ("%s %s/mL", number, amount_unit_text (unit, style));
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
                          amount_unit_text (conc->amount_unit, style), volume, per_ml);
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

  if (!amount_convert (b->amount, b->amount_unit, a->amount_unit, &amount_b))
    return FALSE;

  return nearly_equal (a->amount, amount_b) && nearly_equal (a->volume_ml, b->volume_ml);
}
