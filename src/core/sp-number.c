/* sp-number.c: numbers as clinicians type and read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISMP rules apply to everything here: a leading zero, no trailing zero, no
 * guessing. A number that reads two ways ("1,000": one thousand in English,
 * one in German) is refused, never interpreted.
 */
#define G_LOG_DOMAIN "sp-quantity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sp-number.h"
#include "sp-quantity-private.h"

G_DEFINE_QUARK (sp-quantity-error-quark, sp_quantity_error)

/* --- messages -------------------------------------------------------------- */

/* The user's text as it goes into a one-line message: valid UTF-8, control
 * characters replaced, long input shortened. */
char *
sp_quantity_quote_input (const char *text,
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

/* TRUE when the language the messages are shown in writes its decimal mark
 * as a comma. The numbers follow LC_NUMERIC (the desktop's "Formats"), the
 * words LANGUAGE, and the two can differ: German words with English numbers.
 * A German reader takes "1,000 mL" for one millilitre, so a comma never
 * groups digits inside such a text. */
static gboolean
language_writes_decimal_comma (void)
{
  /* TRANSLATORS: the decimal mark of your language, "," or "." (English
     writes one half as 0.5; German, French and Spanish as 0,5). Numbers follow
     the user's formats setting, which may be another language's: where your
     language's mark is ",", ShockPath then groups digits with a space
     ("1 000 mL"), never with a comma a reader would take for a decimal mark. */
  return strcmp (C_("decimal mark of this language", "."), ",") == 0;
}

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
  /* ISMP: 1,000 where the decimal separator is '.', a no-break space where it
   * is ',' or where the text around the number is in a language that writes
   * ',' (a C-style number has no grouping) */
  conv->group_str = (conv->decimal == ',' || (style == SP_NUMBER_LOCALE
                                              && language_writes_decimal_comma ()))
                    ? "\xc2\xa0" : ",";
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
  g_autofree char *quoted = sp_quantity_quote_input (copy, strlen (copy));
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

  quoted = sp_quantity_quote_input (copy, strlen (copy));
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
       * ISMP forbids) or a thousand written the German way. "2.500" typed
       * in German: 2500 grouped, or 2.5 written the English way (a lactate
       * of 2500 is no more likely than a German typing a point). Never
       * guess. Machine-written C numbers ("1.000" from a file) mean what
       * they say. */
      if (style == SP_NUMBER_LOCALE && runs[1].len == 3 && runs[0].len <= 3 &&
          !all_zeros (&runs[0]) &&
          ((sep == conv.decimal && runs[1].start[2] == '0') || sep == conv.other))
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
  /* No measurement or dose comes near 10^15: such a number is quoted from
   * refused input, as written ("1e+308"), not spelt out in 300 digits. */
  if (fabs (value) >= 1e15)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr(GString) out = g_string_new (g_ascii_formatd (buf, sizeof buf, "%.3g", value));

      g_string_replace (out, ".", conv.decimal_str, 1);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
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

int
sp_format_digits_apart (double value,
                        double other)
{
  int digits;

  g_return_val_if_fail (isfinite (value) && isfinite (other), 3);

  for (digits = 3; digits < 12; digits++)
    {
      g_autofree char *a = sp_format_significant (value, digits, SP_NUMBER_C);
      g_autofree char *b = sp_format_significant (other, digits, SP_NUMBER_C);

      if (!g_str_equal (a, b))
        break;
    }
  return digits;
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

/* An amount or volume as typed: up to three decimals, more if needed to keep
 * four significant figures (12.5 -> "12.5", 0.0625 -> "0.0625"). */
char *
sp_quantity_format_typed (double         value,
                          SpNumberStyle  style)
{
  return format_rounded (value, MAX (3, decimals_for_significant (value, 4)), style);
}

/* The slow path of sp_number_round_12 (), and its definition. */
static double
round_12_by_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buffer, sizeof buffer, "%.12g", value), NULL);
}

double
sp_number_round_12 (double value)
{
  /* 10^0 .. 10^22: exactly representable as doubles. */
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  double a = fabs (value), scale, m, n, fraction;
  int p;

  if (value == 0 || !isfinite (value))
    return value;

  /* |value| = m x 10^-p with m in [1e11, 1e12): the twelve digits are
   * m rounded to an integer n, and the text reads back as n / 10^p, which
   * one IEEE division rounds exactly as strtod does (n < 2^53 and 10^p
   * exact). m itself is rounded by the multiplication, by at most half an
   * ulp (6e-5 below 1e12): only when m is that close to a half-integer
   * could n differ from the text's, and then the text decides. */
  p = 11 - (int) floor (log10 (a));
  if (p < 0 || p >= (int) G_N_ELEMENTS (powers))
    return round_12_by_text (value);
  scale = powers[p];
  m = a * scale;
  if (m < 1e11 || m >= 1e12)
    return round_12_by_text (value);   /* log10 () one off next to a power of ten */
  n = floor (m);
  fraction = m - n;
  if (fabs (fraction - 0.5) < 1e-3)
    return round_12_by_text (value);
  if (fraction > 0.5)
    n += 1;
  return copysign (n / scale, value);
}
