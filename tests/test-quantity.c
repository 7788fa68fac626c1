/* test-quantity.c: numbers, units, doses and concentrations (ISMP rules)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sp-field.h"
#include "sp-i18n.h"
#include "sp-quantity.h"
#include "sp-test-locale.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

/* --- helpers ---------------------------------------------------------------- */

/* Compares @owned (freed) with the text @format makes. */
static void G_GNUC_PRINTF (2, 3)
assert_owned_text (char       *owned,
                   const char *format,
                   ...)
{
  g_autofree char *expected = NULL;
  va_list args;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_cmpstr (owned, ==, expected);
  g_free (owned);
}

static void
check_number (SpNumberStyle  style,
              const char    *text,
              gboolean       allow_negative,
              double         expected)
{
  g_autoptr(GError) error = NULL;
  double value = -12345.0;

  if (!sp_number_parse (text, style, "Weight", allow_negative, &value, &error))
    g_test_fail_printf ("[%s] \"%s\": expected %.17g, refused: %s",
                        setlocale (LC_NUMERIC, NULL), text, expected, error->message);
  else if (value != expected)
    g_test_fail_printf ("[%s] \"%s\": expected %.17g, got %.17g",
                        setlocale (LC_NUMERIC, NULL), text, expected, value);
}

/* Refused with @code; the message names the field, is one line and contains
 * @needle if given. */
static void
check_refused (SpNumberStyle    style,
               const char      *text,
               gboolean         allow_negative,
               SpQuantityError  code,
               const char      *needle)
{
  g_autoptr(GError) error = NULL;
  double value = -12345.0;

  if (sp_number_parse (text, style, "Weight", allow_negative, &value, &error))
    {
      g_test_fail_printf ("[%s] \"%s\": expected refusal %d, got %.17g",
                          setlocale (LC_NUMERIC, NULL), text, code, value);
      return;
    }

  if (!g_error_matches (error, SP_QUANTITY_ERROR, (int) code))
    g_test_fail_printf ("[%s] \"%s\": expected code %d, got %s %d: %s",
                        setlocale (LC_NUMERIC, NULL), text, code,
                        g_quark_to_string (error->domain), error->code, error->message);
  else if (!g_str_has_prefix (error->message, "Weight: "))
    g_test_fail_printf ("\"%s\": message does not name the field: %s", text, error->message);
  else if (strchr (error->message, '\n') != NULL)
    g_test_fail_printf ("\"%s\": message is not one line: %s", text, error->message);
  else if (needle != NULL && strstr (error->message, needle) == NULL)
    g_test_fail_printf ("\"%s\": message lacks \"%s\": %s", text, needle, error->message);

  g_assert_cmpfloat (value, ==, -12345.0);
}

/* Refusals that hold whatever the locale and style */
static void
check_refused_everywhere (SpNumberStyle style)
{
  g_autofree char *huge = g_strnfill (400, '9');

  check_refused (style, "", FALSE, SP_QUANTITY_ERROR_EMPTY, NULL);
  check_refused (style, "   \t ", FALSE, SP_QUANTITY_ERROR_EMPTY, NULL);
  check_refused (style, NULL, FALSE, SP_QUANTITY_ERROR_EMPTY, NULL);
  check_refused (style, "-5", FALSE, SP_QUANTITY_ERROR_NEGATIVE, "\"-5\"");
  check_refused (style, "-0", FALSE, SP_QUANTITY_ERROR_NEGATIVE, NULL);
  check_refused (style, "1e5", FALSE, SP_QUANTITY_ERROR_INVALID, "\"1e5\"");
  check_refused (style, "1E-3", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "0x1A", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "nan", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "NaN", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "inf", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "-infinity", TRUE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "12abc", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "5 kg", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "70lb", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "abc", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "-", TRUE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "--5", TRUE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "+-5", TRUE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "1-2", TRUE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "5.", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "5,", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, ".", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "1..2", FALSE, SP_QUANTITY_ERROR_INVALID, NULL);
  check_refused (style, "\xd9\xa3", FALSE, SP_QUANTITY_ERROR_INVALID, NULL); /* Arabic-Indic 3 */
  check_refused (style, "\xe2\x88\x92" "5", TRUE, SP_QUANTITY_ERROR_INVALID, NULL); /* U+2212 */
  /* ISMP: a leading separator is refused, the message shows the leading zero */
  check_refused (style, ".5", FALSE, SP_QUANTITY_ERROR_INVALID, "0.5");
  check_refused (style, ",5", FALSE, SP_QUANTITY_ERROR_INVALID, "0,5");
  check_refused (style, "-.5", TRUE, SP_QUANTITY_ERROR_INVALID, "-0.5");
  /* grouping with spaces or apostrophes */
  check_refused (style, "1 000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000");
  check_refused (style, "1" NBSP "000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000");
  check_refused (style, "1" NNBSP "000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000");
  check_refused (style, "1'000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000");
  check_refused (style, "1\n000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (style, huge, FALSE, SP_QUANTITY_ERROR_RANGE, NULL);
}

static void
check_accepted_everywhere (SpNumberStyle style)
{
  check_number (style, "70", FALSE, 70.0);
  check_number (style, "  70 \t", FALSE, 70.0);
  check_number (style, "0", FALSE, 0.0);
  check_number (style, "007", FALSE, 7.0);
  check_number (style, "+5", FALSE, 5.0);
  check_number (style, "-5", TRUE, -5.0);
  check_number (style, "0.2", FALSE, 0.2);     /* '.' after 0: never grouping */
  check_number (style, "0.250", FALSE, 0.25);
  check_number (style, "123456789", FALSE, 123456789.0);
}

/* --- numbers ---------------------------------------------------------------- */

static void
test_parse_c_style (void)
{
  /* SP_NUMBER_C ignores the locale: run it under German too */
  const char *locales[] = { "C", "de_DE.UTF-8" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      char *old = push_locale (locales[i]);

      if (old == NULL)
        return;

      check_accepted_everywhere (SP_NUMBER_C);
      check_refused_everywhere (SP_NUMBER_C);
      check_number (SP_NUMBER_C, "1.000", FALSE, 1.0);  /* '.' is the decimal point */
      check_number (SP_NUMBER_C, "2.5", FALSE, 2.5);
      check_number (SP_NUMBER_C, "1234.5", FALSE, 1234.5);
      check_refused (SP_NUMBER_C, "2,5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "\".\"");
      check_refused (SP_NUMBER_C, "1,000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
      check_refused (SP_NUMBER_C, "0,2", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
      check_refused (SP_NUMBER_C, "1.2.3", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
      check_refused (SP_NUMBER_C, "1,000.5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);

      pop_locale (old);
    }
}

static void
test_parse_locale_c (void)
{
  char *old = push_locale ("C");

  if (old == NULL)
    return;

  check_accepted_everywhere (SP_NUMBER_LOCALE);
  check_refused_everywhere (SP_NUMBER_LOCALE);
  check_number (SP_NUMBER_LOCALE, "2,5", FALSE, 2.5);
  check_refused (SP_NUMBER_LOCALE, "1,000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 1 or 1000");

  pop_locale (old);
}

static void
test_parse_decimal_point (void)
{
  char *old = push_locale ("en_US.UTF-8");

  if (old == NULL)
    return;

  check_accepted_everywhere (SP_NUMBER_LOCALE);
  check_refused_everywhere (SP_NUMBER_LOCALE);
  /* '.' is en's decimal point, but "1.000" (trailing zeros, which ISMP
   * forbids) is also how German groups a thousand: refused, naming both */
  check_refused (SP_NUMBER_LOCALE, "1.000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "Weight: \"1.000\" could mean 1 or 1000 (written with a digit grouping); "
                 "type 1 or 1000");
  check_refused (SP_NUMBER_LOCALE, "2.500", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 2.5 or 2500");
  check_refused (SP_NUMBER_LOCALE, "1.250", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 1.25 or 1250");
  check_number (SP_NUMBER_LOCALE, "1.125", FALSE, 1.125);   /* no trailing zero */
  check_number (SP_NUMBER_LOCALE, "0.100", FALSE, 0.1);     /* never a thousand */
  check_number (SP_NUMBER_LOCALE, "1234.5", FALSE, 1234.5);
  /* ',' read as a decimal point only where it cannot be grouping */
  check_number (SP_NUMBER_LOCALE, "2,5", FALSE, 2.5);
  check_number (SP_NUMBER_LOCALE, "12,50", FALSE, 12.5);
  check_number (SP_NUMBER_LOCALE, "0,250", FALSE, 0.25);   /* integer part 0 */
  check_number (SP_NUMBER_LOCALE, "1,0000", FALSE, 1.0);   /* four digits: not a group */
  /* "1,000" is also how German writes one with three decimals, and a
   * German habit on an English desktop types "2,500" for 2.5: both named */
  check_refused (SP_NUMBER_LOCALE, "1,000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "Weight: \"1,000\" could mean 1 or 1000 (written with a digit grouping); "
                 "type 1 or 1000");
  check_refused (SP_NUMBER_LOCALE, "12,500", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 12.5 or 12500");
  check_refused (SP_NUMBER_LOCALE, "2,512", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 2.512 or 2512");
  /* four digits or more before it: only grouping */
  check_refused (SP_NUMBER_LOCALE, "1234,567", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (SP_NUMBER_LOCALE, "1,234.5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1234.5");
  check_refused (SP_NUMBER_LOCALE, "1,000,000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000000");
  check_refused (SP_NUMBER_LOCALE, "1.234,5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (SP_NUMBER_LOCALE, "1.2.3", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);

  pop_locale (old);
}

static void
test_parse_decimal_comma (void)
{
  char *old = push_locale ("de_DE.UTF-8");

  if (old == NULL)
    return;

  check_accepted_everywhere (SP_NUMBER_LOCALE);
  check_refused_everywhere (SP_NUMBER_LOCALE);
  check_number (SP_NUMBER_LOCALE, "0,2", FALSE, 0.2);
  /* ',' is de's decimal point, but "1,000" is also how English groups a
   * thousand: refused, naming both */
  check_refused (SP_NUMBER_LOCALE, "1,000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 1 or 1000");
  check_refused (SP_NUMBER_LOCALE, "2,500", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 2,5 or 2500");
  check_number (SP_NUMBER_LOCALE, "1234,5", FALSE, 1234.5);
  check_number (SP_NUMBER_LOCALE, "-2,5", TRUE, -2.5);
  /* '.' read as a decimal point only where it cannot be grouping */
  check_number (SP_NUMBER_LOCALE, "2.5", FALSE, 2.5);
  check_number (SP_NUMBER_LOCALE, "12.5", FALSE, 12.5);
  /* "2.500" in German: 2500 grouped, or 2.5 written the English way; the
   * message offered only 2500, a lactate of 2500 mmol/L */
  check_refused (SP_NUMBER_LOCALE, "1.000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 1 or 1000");
  check_refused (SP_NUMBER_LOCALE, "2.500", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "Weight: \"2.500\" could mean 2,5 or 2500 (written with a digit grouping); "
                 "type 2,5 or 2500");
  check_refused (SP_NUMBER_LOCALE, "12.500", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "could mean 12,5 or 12500");
  check_refused (SP_NUMBER_LOCALE, "1.000,5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "e.g. 1000,5");
  check_refused (SP_NUMBER_LOCALE, "1,000.5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (SP_NUMBER_LOCALE, "1,2,3", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (SP_NUMBER_LOCALE, ",5", FALSE, SP_QUANTITY_ERROR_INVALID, "type 0,5");

  pop_locale (old);
}

static void
test_parse_french (void)
{
  char *old = push_locale ("fr_FR.UTF-8");

  if (old == NULL)
    return;

  check_accepted_everywhere (SP_NUMBER_LOCALE);
  check_refused_everywhere (SP_NUMBER_LOCALE);
  check_number (SP_NUMBER_LOCALE, "0,25", FALSE, 0.25);
  check_number (SP_NUMBER_LOCALE, "2.5", FALSE, 2.5);
  /* fr_FR groups with U+202F; with it or any space, it is grouping */
  check_refused (SP_NUMBER_LOCALE, "1" NNBSP "234,5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS,
                 "e.g. 1234,5");
  check_refused (SP_NUMBER_LOCALE, "1 234,5", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  check_refused (SP_NUMBER_LOCALE, "1.000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, NULL);

  pop_locale (old);
}

static void
test_parse_spanish (void)
{
  char *old = push_locale ("es_ES.UTF-8");

  if (old == NULL)
    return;

  check_number (SP_NUMBER_LOCALE, "0,2", FALSE, 0.2);
  check_number (SP_NUMBER_LOCALE, "0.2", FALSE, 0.2);
  check_refused (SP_NUMBER_LOCALE, "4.000", FALSE, SP_QUANTITY_ERROR_AMBIGUOUS, "could mean 4 or 4000");

  pop_locale (old);
}

static void
test_parse_negative_zero (void)
{
  double value = 1.0;

  /* "-0" where negatives are allowed is zero, never -0 */
  g_assert_true (sp_number_parse ("-0", SP_NUMBER_C, "Offset", TRUE, &value, NULL));
  g_assert_cmpfloat (value, ==, 0.0);
  g_assert_false (signbit (value));
}

/* --- formatting ------------------------------------------------------------- */

static void
test_format_decimal (void)
{
  struct {
    double      value;
    int         decimals;
    const char *expected;
  } cases[] = {
    { 0.2, 3, "0.2" },             /* leading zero */
    { 1.0, 3, "1" },               /* no trailing zero */
    { 0.25, 3, "0.25" },
    { 0.05, 3, "0.05" },
    { 100.0, 3, "100" },           /* integer zeros stay */
    { 10.0, 0, "10" },
    { 26.25, 1, "26.3" },          /* half away from zero, as by hand */
    { 2.675, 2, "2.68" },          /* 2.675 is 2.67499999... in binary; shown as typed */
    { 0.1 + 0.2, 3, "0.3" },
    { 0.0004, 3, "0" },
    { 0.0005, 3, "0.001" },
    { 9.9996, 3, "10" },           /* carry into the integer part */
    { -0.0, 3, "0" },              /* never "-0" */
    { -0.0001, 2, "0" },
    { -1.5, 1, "-1.5" },
    { 1234.5, 3, "1234.5" },       /* C style: no grouping */
    { 1234.5, 0, "1235" },
    { 1e-7, 3, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = sp_format_decimal (cases[i].value, cases[i].decimals, SP_NUMBER_C);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
check_format (double         value,
              int            decimals,
              const char    *expected)
{
  g_autofree char *s = sp_format_decimal (value, decimals, SP_NUMBER_LOCALE);

  if (g_strcmp0 (s, expected) != 0)
    g_test_fail_printf ("[%s] %.17g: expected \"%s\", got \"%s\"",
                        setlocale (LC_NUMERIC, NULL), value, expected, s);
}

static void
test_format_grouping (void)
{
  char *old;

  old = push_locale ("en_US.UTF-8");
  if (old == NULL)
    return;
  check_format (1234.5, 3, "1,234.5");
  check_format (999.0, 3, "999");
  check_format (1000.0, 3, "1,000");
  check_format (999.96, 1, "1,000");          /* grouped after rounding */
  check_format (1234567.0, 0, "1,234,567");
  check_format (-1234.5, 1, "-1,234.5");
  check_format (0.25, 3, "0.25");
  pop_locale (old);

  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  check_format (1234.5, 3, "1" NBSP "234,5");
  check_format (0.25, 3, "0,25");
  check_format (4000.0, 3, "4" NBSP "000");
  check_format (1.0, 3, "1");
  {
    /* SP_NUMBER_C ignores the locale */
    g_autofree char *c = sp_format_decimal (1234.5, 3, SP_NUMBER_C);
    g_assert_cmpstr (c, ==, "1234.5");
  }
  pop_locale (old);

  old = push_locale ("fr_FR.UTF-8");
  if (old == NULL)
    return;
  check_format (1234.5, 3, "1" NBSP "234,5");   /* NBSP, not the locale's U+202F */
  check_format (0.2, 3, "0,2");
  pop_locale (old);

  old = push_locale ("C");
  if (old == NULL)
    return;
  check_format (1234.5, 3, "1,234.5");          /* ISMP grouping with a '.' decimal */
  pop_locale (old);
}

static void
test_format_significant (void)
{
  struct {
    double      value;
    int         digits;
    const char *expected;
  } cases[] = {
    { 0.123456, 3, "0.123" },
    { 0.0004567, 3, "0.000457" },
    { 26.25, 3, "26.3" },
    { 26.25, 0, "26.3" },          /* <= 0: three */
    { 9.996, 3, "10" },
    { 64.0, 3, "64" },
    { 0.2, 3, "0.2" },
    { 1234.5, 3, "1235" },         /* never into the integer part */
    { 0.0, 3, "0" },
    { -0.0, 3, "0" },
    { 1.0 / 3.0, 4, "0.3333" },
  };
  char *old;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = sp_format_significant (cases[i].value, cases[i].digits, SP_NUMBER_C);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }

  old = push_locale ("en_US.UTF-8");
  if (old == NULL)
    return;
  {
    g_autofree char *s = sp_format_significant (1234.5, 3, SP_NUMBER_LOCALE);
    g_assert_cmpstr (s, ==, "1,235");
  }
  pop_locale (old);
}

static void
check_exact (double      value,
             const char *expected)
{
  g_autofree char *s = sp_format_exact (value);

  if (expected != NULL)
    g_assert_cmpstr (s, ==, expected);
  g_assert_cmpfloat (g_ascii_strtod (s, NULL), ==, value);
}

static void
test_format_exact (void)
{
  char *old;

  check_exact (0.1, "0.1");
  check_exact (26.25, "26.25");
  check_exact (1.0 / 3.0, "0.3333333333333333");
  check_exact (0.1 + 0.2, "0.30000000000000004");
  check_exact (2.0 / 3.0, "0.6666666666666666");
  check_exact (1.0, "1");
  check_exact (-0.0, "0");
  check_exact (1e-6, "0.000001");
  check_exact (0.000123, "0.000123");
  check_exact (123456789.0, "123456789");
  check_exact (4000.0, "4000");                 /* never grouped */
  check_exact (1e20, "1e+20");                  /* exponent only outside clinical sizes */
  check_exact (-26.25, "-26.25");

  /* shortest text, exact read-back, no exponent in 1e-6 .. 1e9 */
  for (guint i = 0; i < 2000; i++)
    {
      double v = g_test_rand_double_range (1e-6, 1e9);
      g_autofree char *s = sp_format_exact (v);

      g_assert_cmpfloat (g_ascii_strtod (s, NULL), ==, v);
      g_assert_null (strchr (s, 'e'));
      g_assert_cmpuint (strlen (s), <=, 27);
    }

  /* C locale text whatever LC_NUMERIC says */
  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  check_exact (26.25, "26.25");
  pop_locale (old);
}

/* --- units ------------------------------------------------------------------ */

static void
test_amount_units (void)
{
  struct {
    const char   *text;
    SpAmountUnit  unit;
  } ok[] = {
    { "mcg", SP_AMOUNT_MCG },
    { "MCG", SP_AMOUNT_MCG },
    { "\xc2\xb5g", SP_AMOUNT_MCG },      /* U+00B5 */
    { "\xce\xbcg", SP_AMOUNT_MCG },      /* U+03BC */
    { "ug", SP_AMOUNT_MCG },
    { "microgram", SP_AMOUNT_MCG },
    { "micrograms", SP_AMOUNT_MCG },
    { " mcg ", SP_AMOUNT_MCG },
    { "mg", SP_AMOUNT_MG },
    { "units", SP_AMOUNT_UNITS },
    { "unit", SP_AMOUNT_UNITS },
    { "Units", SP_AMOUNT_UNITS },
  };
  const char *refused[] = { "U", "u", "IU", "iu", "I.U.", "g", "kg", "mL", "", "mcg/kg",
                            "\xc2\xb5", "mmg", "mcgs" };
  SpAmountUnit unit;
  double factor = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      unit = (SpAmountUnit) -1;
      g_assert_true (sp_amount_unit_parse (ok[i].text, &unit));
      g_assert_cmpint (unit, ==, ok[i].unit);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (sp_amount_unit_parse (refused[i], &unit))
        g_test_fail_printf ("amount unit \"%s\" accepted", refused[i]);
    }
  g_assert_false (sp_amount_unit_parse (NULL, &unit));

  g_assert_cmpstr (sp_amount_unit_to_string (SP_AMOUNT_MCG), ==, "mcg");
  g_assert_cmpstr (sp_amount_unit_to_string (SP_AMOUNT_MG), ==, "mg");
  g_assert_cmpstr (sp_amount_unit_to_string (SP_AMOUNT_UNITS), ==, "units");

  g_assert_true (sp_amount_unit_factor (SP_AMOUNT_MG, SP_AMOUNT_MCG, &factor));
  g_assert_cmpfloat (factor, ==, 1000.0);
  g_assert_true (sp_amount_unit_factor (SP_AMOUNT_MCG, SP_AMOUNT_MG, &factor));
  g_assert_cmpfloat (factor, ==, 0.001);
  g_assert_true (sp_amount_unit_factor (SP_AMOUNT_UNITS, SP_AMOUNT_UNITS, &factor));
  g_assert_cmpfloat (factor, ==, 1.0);
  g_assert_false (sp_amount_unit_factor (SP_AMOUNT_UNITS, SP_AMOUNT_MG, &factor));
  g_assert_false (sp_amount_unit_factor (SP_AMOUNT_MCG, SP_AMOUNT_UNITS, &factor));
}

static void
test_dose_units (void)
{
  struct {
    const char *text;
    SpDoseUnit  unit;
    const char *canonical;
  } ok[] = {
    { "mcg/kg/min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "microgram/kg/min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "\xc2\xb5g/kg/min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "\xce\xbcg/kg/min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "ug/kg/min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "MCG/KG/MIN", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "mcg / kg / min", { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, "mcg/kg/min" },
    { "mcg/kg/h", { SP_AMOUNT_MCG, TRUE, SP_TIME_H }, "mcg/kg/h" },
    { "mcg/min", { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }, "mcg/min" },
    { "mcg/hr", { SP_AMOUNT_MCG, FALSE, SP_TIME_H }, "mcg/h" },
    { "units/min", { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }, "units/min" },
    { "unit/min", { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }, "units/min" },
    { "units/kg/min", { SP_AMOUNT_UNITS, TRUE, SP_TIME_MIN }, "units/kg/min" },
    { "units/hour", { SP_AMOUNT_UNITS, FALSE, SP_TIME_H }, "units/h" },
    { "units/kg/h", { SP_AMOUNT_UNITS, TRUE, SP_TIME_H }, "units/kg/h" },
    { "mg/h", { SP_AMOUNT_MG, FALSE, SP_TIME_H }, "mg/h" },
    { "mg/hr", { SP_AMOUNT_MG, FALSE, SP_TIME_H }, "mg/h" },
    { "mg/kg/h", { SP_AMOUNT_MG, TRUE, SP_TIME_H }, "mg/kg/h" },
    { "mg/min", { SP_AMOUNT_MG, FALSE, SP_TIME_MIN }, "mg/min" },
    { "mg/kg/min", { SP_AMOUNT_MG, TRUE, SP_TIME_MIN }, "mg/kg/min" },
  };
  const char *refused[] = { "mcg/kg", "mcg", "mcg/lb/min", "IU/min", "U/min", "u/kg/min",
                            "mcg/kg/min/h", "mcg/s", "mL/h", "mcg//min", "/min", "mcg/kg/",
                            "", "mcg/min/kg", "mg/day" };
  SpAmountUnit amounts[] = { SP_AMOUNT_MCG, SP_AMOUNT_MG, SP_AMOUNT_UNITS };
  SpDoseUnit unit;
  guint n_distinct = 0;
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      memset (&unit, 0xff, sizeof unit);
      if (!sp_dose_unit_parse (ok[i].text, &unit))
        {
          g_test_fail_printf ("dose unit \"%s\" refused", ok[i].text);
          continue;
        }
      g_assert_true (sp_dose_unit_equal (unit, ok[i].unit));
      g_assert_cmpstr (sp_dose_unit_to_string (unit), ==, ok[i].canonical);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (sp_dose_unit_parse (refused[i], &unit))
        g_test_fail_printf ("dose unit \"%s\" accepted", refused[i]);
    }
  g_assert_false (sp_dose_unit_parse (NULL, &unit));

  /* every combination: distinct static names that parse back to themselves */
  for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
    for (int kg = 0; kg < 2; kg++)
      for (int t = 0; t < 2; t++)
        {
          SpDoseUnit u = { amounts[a], kg, t ? SP_TIME_H : SP_TIME_MIN };
          SpDoseUnit back;
          const char *s = sp_dose_unit_to_string (u);

          g_assert_true (s == sp_dose_unit_to_string (u));   /* static */
          g_assert_true (sp_dose_unit_parse (s, &back));
          g_assert_true (sp_dose_unit_equal (u, back));
          if (g_hash_table_add (seen, (gpointer) s))
            n_distinct++;
        }
  g_assert_cmpuint (n_distinct, ==, 12);
  g_hash_table_unref (seen);

  /* equality ignores how TRUE is spelled, not the fields */
  g_assert_true (sp_dose_unit_equal ((SpDoseUnit) { SP_AMOUNT_MCG, 2, SP_TIME_MIN },
                                     (SpDoseUnit) { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }));
  g_assert_false (sp_dose_unit_equal ((SpDoseUnit) { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN },
                                      (SpDoseUnit) { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }));
  g_assert_false (sp_dose_unit_equal ((SpDoseUnit) { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN },
                                      (SpDoseUnit) { SP_AMOUNT_MCG, TRUE, SP_TIME_H }));
  g_assert_false (sp_dose_unit_equal ((SpDoseUnit) { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN },
                                      (SpDoseUnit) { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }));
}

/* --- doses ------------------------------------------------------------------ */

static const SpDoseUnit MCG_KG_MIN = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
static const SpDoseUnit MCG_MIN = { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN };
static const SpDoseUnit UNITS_MIN = { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };
static const SpDoseUnit MG_H = { SP_AMOUNT_MG, FALSE, SP_TIME_H };

static void
check_dose (SpNumberStyle     style,
            const char       *text,
            const SpDoseUnit *accepted,
            guint             n_accepted,
            const SpDoseUnit *default_unit,
            double            expected,
            SpDoseUnit        expected_unit)
{
  g_autoptr(GError) error = NULL;
  SpDoseUnit unit = { 0 };
  double value = -1.0;

  if (!sp_dose_parse (text, style, "Dose", accepted, n_accepted, default_unit,
                      &value, &unit, &error))
    g_test_fail_printf ("dose \"%s\" refused: %s", text, error->message);
  else if (value != expected || !sp_dose_unit_equal (unit, expected_unit))
    g_test_fail_printf ("dose \"%s\": got %.17g %s", text, value, sp_dose_unit_to_string (unit));
}

static void
check_dose_refused (SpNumberStyle     style,
                    const char       *text,
                    const SpDoseUnit *accepted,
                    guint             n_accepted,
                    const SpDoseUnit *default_unit,
                    SpQuantityError   code,
                    const char       *needle)
{
  g_autoptr(GError) error = NULL;
  double value = -1.0;

  if (sp_dose_parse (text, style, "Dose", accepted, n_accepted, default_unit,
                     &value, NULL, &error))
    g_test_fail_printf ("dose \"%s\" accepted as %.17g", text, value);
  else if (!g_error_matches (error, SP_QUANTITY_ERROR, (int) code))
    g_test_fail_printf ("dose \"%s\": expected code %d, got %d: %s", text, code, error->code,
                        error->message);
  else if (!g_str_has_prefix (error->message, "Dose: "))
    g_test_fail_printf ("dose \"%s\": message does not name the field: %s", text, error->message);
  else if (needle != NULL && strstr (error->message, needle) == NULL)
    g_test_fail_printf ("dose \"%s\": message lacks \"%s\": %s", text, needle, error->message);
}

static void
test_dose_parse (void)
{
  const SpDoseUnit norepi[] = { MCG_KG_MIN, MCG_MIN };
  const SpDoseUnit vaso[] = { UNITS_MIN };
  char *old;

  check_dose (SP_NUMBER_C, "0.2 mcg/kg/min", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_C, "0.2mcg/kg/min", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_C, "  0.2   mcg/kg/min ", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_C, "0.2 \xc2\xb5g/kg/min", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_C, "5 mcg/min", norepi, 2, NULL, 5.0, MCG_MIN);
  check_dose (SP_NUMBER_C, "0.03 units/min", vaso, 1, NULL, 0.03, UNITS_MIN);
  check_dose (SP_NUMBER_C, "2 mg/h", NULL, 0, NULL, 2.0, MG_H);       /* no restriction */
  check_dose (SP_NUMBER_C, "0", norepi, 2, &MCG_KG_MIN, 0.0, MCG_KG_MIN);
  /* a bare number takes the default unit, which the caller shows */
  check_dose (SP_NUMBER_C, "0.2", norepi, 2, &MCG_KG_MIN, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_C, "0.2", norepi, 2, &MCG_MIN, 0.2, MCG_MIN);

  /* never guessed */
  check_dose_refused (SP_NUMBER_C, "0.2", norepi, 2, NULL, SP_QUANTITY_ERROR_UNIT,
                      "type the unit, e.g. 0.2 mcg/kg/min");
  check_dose_refused (SP_NUMBER_C, "0.5 mcg/min", norepi, 1, NULL, SP_QUANTITY_ERROR_UNIT,
                      "Dose: unit \"mcg/min\" is not accepted here; accepted: mcg/kg/min");
  check_dose_refused (SP_NUMBER_C, "0.5 mcg/kg/min", vaso, 1, NULL, SP_QUANTITY_ERROR_UNIT,
                      "accepted: units/min");
  check_dose_refused (SP_NUMBER_C, "0.03 U/min", vaso, 1, NULL, SP_QUANTITY_ERROR_UNIT,
                      "accepted: units/min");
  check_dose_refused (SP_NUMBER_C, "0.03 IU/min", vaso, 1, NULL, SP_QUANTITY_ERROR_UNIT,
                      "\"IU/min\"");
  check_dose_refused (SP_NUMBER_C, "0.2 mcg/kg", norepi, 2, NULL, SP_QUANTITY_ERROR_UNIT,
                      "accepted: mcg/kg/min, mcg/min");
  check_dose_refused (SP_NUMBER_C, "-0.2 mcg/kg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_NEGATIVE, NULL);
  check_dose_refused (SP_NUMBER_C, ".2 mcg/kg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_INVALID, "0.2");
  check_dose_refused (SP_NUMBER_C, "mcg/kg/min", norepi, 2, NULL, SP_QUANTITY_ERROR_INVALID, NULL);
  check_dose_refused (SP_NUMBER_C, "", norepi, 2, &MCG_KG_MIN, SP_QUANTITY_ERROR_EMPTY, NULL);
  check_dose_refused (SP_NUMBER_C, "1e-1 mcg/kg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_INVALID, NULL);
  check_dose_refused (SP_NUMBER_C, "nan mcg/kg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_INVALID, NULL);
  check_dose_refused (SP_NUMBER_C, "0,2 mcg/kg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_AMBIGUOUS, NULL);

  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  check_dose (SP_NUMBER_LOCALE, "0,2 mcg/kg/min", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose (SP_NUMBER_LOCALE, "0,2mcg/kg/min", norepi, 2, NULL, 0.2, MCG_KG_MIN);
  check_dose_refused (SP_NUMBER_LOCALE, "1.000 mcg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  pop_locale (old);

  old = push_locale ("en_US.UTF-8");
  if (old == NULL)
    return;
  check_dose_refused (SP_NUMBER_LOCALE, "1,000 mcg/min", norepi, 2, NULL,
                      SP_QUANTITY_ERROR_AMBIGUOUS, "could mean 1 or 1000");
  pop_locale (old);
}

static void
test_dose_format (void)
{
  g_autofree char *a = sp_format_dose (0.2, MCG_KG_MIN, 0, SP_NUMBER_C);
  g_autofree char *b = sp_format_dose (0.03, UNITS_MIN, 0, SP_NUMBER_C);
  g_autofree char *c = sp_format_dose (0.123456, MCG_KG_MIN, 2, SP_NUMBER_C);
  g_autofree char *d = sp_format_dose (1.0, MG_H, -1, SP_NUMBER_C);
  g_autofree char *e = sp_format_dose (0.0875, MCG_KG_MIN, 0, SP_NUMBER_C);
  char *old;

  g_assert_cmpstr (a, ==, "0.2 mcg/kg/min");
  g_assert_cmpstr (b, ==, "0.03 units/min");
  g_assert_cmpstr (c, ==, "0.12 mcg/kg/min");
  g_assert_cmpstr (d, ==, "1 mg/h");
  g_assert_cmpstr (e, ==, "0.0875 mcg/kg/min");   /* three figures: 0.0875 */

  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  {
    g_autofree char *f = sp_format_dose (0.25, MCG_KG_MIN, 0, SP_NUMBER_LOCALE);
    g_autofree char *g = sp_format_dose (1234.0, MCG_MIN, 0, SP_NUMBER_LOCALE);

    g_assert_cmpstr (f, ==, "0,25 mcg/kg/min");
    g_assert_cmpstr (g, ==, "1" NBSP "234 mcg/min");
  }
  pop_locale (old);
}

/* --- concentrations --------------------------------------------------------- */

static void
check_conc (SpNumberStyle  style,
            const char    *text,
            double         amount,
            SpAmountUnit   amount_unit,
            double         volume_ml,
            gboolean       per_ml_form)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc = { 0 };

  if (!sp_concentration_parse (text, style, "Concentration", &conc, &error))
    g_test_fail_printf ("concentration \"%s\" refused: %s", text, error->message);
  else if (conc.amount != amount || conc.amount_unit != amount_unit
           || conc.volume_ml != volume_ml || !conc.per_ml_form != !per_ml_form)
    g_test_fail_printf ("concentration \"%s\": got %.17g %s / %.17g mL (per mL form %d)", text,
                        conc.amount, sp_amount_unit_to_string (conc.amount_unit),
                        conc.volume_ml, conc.per_ml_form);
}

static void
check_conc_refused (SpNumberStyle    style,
                    const char      *text,
                    SpQuantityError  code,
                    const char      *needle)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc = { 0 };

  if (sp_concentration_parse (text, style, "Concentration", &conc, &error))
    g_test_fail_printf ("concentration \"%s\" accepted", text);
  else if (!g_error_matches (error, SP_QUANTITY_ERROR, (int) code))
    g_test_fail_printf ("concentration \"%s\": expected code %d, got %d: %s", text, code,
                        error->code, error->message);
  else if (!g_str_has_prefix (error->message, "Concentration: "))
    g_test_fail_printf ("concentration \"%s\": field not named: %s", text, error->message);
  else if (needle != NULL && strstr (error->message, needle) == NULL)
    g_test_fail_printf ("concentration \"%s\": message lacks \"%s\": %s", text, needle,
                        error->message);
}

static void
test_concentration_parse (void)
{
  char *old;

  check_conc (SP_NUMBER_C, "16 mg/250 mL", 16, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "16mg/250ml", 16, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "16 mg / 250 mL", 16, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, " 16 MG/250 ML ", 16, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "4 mg in 250 mL", 4, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "4mg IN 250mL", 4, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "64 mcg/mL", 64, SP_AMOUNT_MCG, 1, TRUE);
  check_conc (SP_NUMBER_C, "64 \xc2\xb5g/ml", 64, SP_AMOUNT_MCG, 1, TRUE);
  check_conc (SP_NUMBER_C, "64 \xce\xbcg/ml", 64, SP_AMOUNT_MCG, 1, TRUE);
  check_conc (SP_NUMBER_C, "20 units/100 mL", 20, SP_AMOUNT_UNITS, 100, FALSE);
  check_conc (SP_NUMBER_C, "0.2 units/mL", 0.2, SP_AMOUNT_UNITS, 1, TRUE);
  /* a volume of 1 mL is a strength, as in a case file: no 1 mL container */
  check_conc (SP_NUMBER_C, "1 mg/1 mL", 1, SP_AMOUNT_MG, 1, TRUE);
  check_conc (SP_NUMBER_C, "16 mcg/1 mL", 16, SP_AMOUNT_MCG, 1, TRUE);
  check_conc (SP_NUMBER_C, "16 mcg/1.0 mL", 16, SP_AMOUNT_MCG, 1, TRUE);
  check_conc (SP_NUMBER_C, "12.5 mg/500 mL", 12.5, SP_AMOUNT_MG, 500, FALSE);
  check_conc (SP_NUMBER_C, "1000 mg/250 mL", 1000, SP_AMOUNT_MG, 250, FALSE);
  /* as ShockPath shows a bag, strength in brackets: checked, then left out
   * (4 mg / 250 mL = 0.016 mg/mL = 16 mcg/mL) */
  check_conc (SP_NUMBER_C, "4 mg/250 mL (16 mcg/mL)", 4, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "4 mg in 250 mL (0.016 mg/mL)", 4, SP_AMOUNT_MG, 250, FALSE);
  check_conc (SP_NUMBER_C, "20 units/100 mL (0.2 units/mL)", 20, SP_AMOUNT_UNITS, 100, FALSE);
  /* a strength that is not the bag's: refused, neither taken */
  check_conc_refused (SP_NUMBER_C, "4 mg/250 mL (20 mcg/mL)", SP_QUANTITY_ERROR_INVALID,
                      "4 mg/250 mL is 16 mcg/mL, not what the brackets say");
  check_conc_refused (SP_NUMBER_C, "4 mg/250 mL (16 mcg)", SP_QUANTITY_ERROR_INVALID, NULL);
  check_conc_refused (SP_NUMBER_C, "20 units/100 mL (0.2 mg/mL)", SP_QUANTITY_ERROR_INVALID, NULL);

  check_conc_refused (SP_NUMBER_C, "16 mg/250", SP_QUANTITY_ERROR_UNIT, "accepted: mL");
  check_conc_refused (SP_NUMBER_C, "16 mg/L", SP_QUANTITY_ERROR_UNIT, "accepted: mL");
  check_conc_refused (SP_NUMBER_C, "16 mg/0.25 L", SP_QUANTITY_ERROR_UNIT, "accepted: mL");
  check_conc_refused (SP_NUMBER_C, "0.4%", SP_QUANTITY_ERROR_UNIT, "16 mg/250 mL");
  check_conc_refused (SP_NUMBER_C, "16/250 mL", SP_QUANTITY_ERROR_UNIT, "mcg, mg, units");
  check_conc_refused (SP_NUMBER_C, "16 IU/250 mL", SP_QUANTITY_ERROR_UNIT, "mcg, mg, units");
  check_conc_refused (SP_NUMBER_C, "20 U/100 mL", SP_QUANTITY_ERROR_UNIT, "mcg, mg, units");
  check_conc_refused (SP_NUMBER_C, "16 g/250 mL", SP_QUANTITY_ERROR_UNIT, NULL);
  check_conc_refused (SP_NUMBER_C, "0 mg/250 mL", SP_QUANTITY_ERROR_RANGE, "amount");
  check_conc_refused (SP_NUMBER_C, "16 mg/0 mL", SP_QUANTITY_ERROR_RANGE, "volume");
  check_conc_refused (SP_NUMBER_C, "-16 mg/250 mL", SP_QUANTITY_ERROR_NEGATIVE, NULL);
  check_conc_refused (SP_NUMBER_C, "16 mg/-250 mL", SP_QUANTITY_ERROR_NEGATIVE, NULL);
  check_conc_refused (SP_NUMBER_C, "mg/mL", SP_QUANTITY_ERROR_INVALID, NULL);
  check_conc_refused (SP_NUMBER_C, "16 mg", SP_QUANTITY_ERROR_INVALID, "16 mg/250 mL");
  check_conc_refused (SP_NUMBER_C, "16 mg/250 mL/h", SP_QUANTITY_ERROR_INVALID, NULL);
  check_conc_refused (SP_NUMBER_C, "4 mg in mL", SP_QUANTITY_ERROR_INVALID, NULL);
  check_conc_refused (SP_NUMBER_C, ".5 mg/mL", SP_QUANTITY_ERROR_INVALID, "0.5");
  check_conc_refused (SP_NUMBER_C, "1e3 mg/250 mL", SP_QUANTITY_ERROR_INVALID, NULL);
  check_conc_refused (SP_NUMBER_C, "", SP_QUANTITY_ERROR_EMPTY, NULL);
  check_conc_refused (SP_NUMBER_C, "12,5 mg/500 mL", SP_QUANTITY_ERROR_AMBIGUOUS, NULL);

  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  check_conc (SP_NUMBER_LOCALE, "12,5 mg/500 mL", 12.5, SP_AMOUNT_MG, 500, FALSE);
  check_conc (SP_NUMBER_LOCALE, "0,2 units/mL", 0.2, SP_AMOUNT_UNITS, 1, TRUE);
  check_conc_refused (SP_NUMBER_LOCALE, "1.000 mg/250 mL", SP_QUANTITY_ERROR_AMBIGUOUS, NULL);
  pop_locale (old);

  old = push_locale ("en_US.UTF-8");
  if (old == NULL)
    return;
  check_conc (SP_NUMBER_LOCALE, "12.5 mg/500 mL", 12.5, SP_AMOUNT_MG, 500, FALSE);
  check_conc_refused (SP_NUMBER_LOCALE, "1,000 mg/250 mL", SP_QUANTITY_ERROR_AMBIGUOUS,
                      "could mean 1 or 1000");
  pop_locale (old);

  old = push_locale ("fr_FR.UTF-8");
  if (old == NULL)
    return;
  check_conc (SP_NUMBER_LOCALE, "12,5 mg/250 mL", 12.5, SP_AMOUNT_MG, 250, FALSE);
  pop_locale (old);
}

static void
test_concentration_per_ml (void)
{
  SpConcentration norepi = { 16, SP_AMOUNT_MG, 250, FALSE };
  SpConcentration vaso = { 20, SP_AMOUNT_UNITS, 100, FALSE };
  SpConcentration per_ml = { 64, SP_AMOUNT_MCG, 1, TRUE };
  double v = -1.0;

  /* 16 mg/250 mL = 16000 mcg / 250 mL = 64 mcg/mL */
  g_assert_true (sp_concentration_per_ml (&norepi, SP_AMOUNT_MCG, &v));
  g_assert_cmpfloat (v, ==, 64.0);
  /* 16 mg / 250 mL = 0.064 mg/mL */
  g_assert_true (sp_concentration_per_ml (&norepi, SP_AMOUNT_MG, &v));
  g_assert_cmpfloat_with_epsilon (v, 0.064, 1e-15);
  /* 64 mcg/mL = 64 / 1000 = 0.064 mg/mL */
  g_assert_true (sp_concentration_per_ml (&per_ml, SP_AMOUNT_MG, &v));
  g_assert_cmpfloat (v, ==, 0.064);
  /* 20 units/100 mL = 0.2 units/mL */
  g_assert_true (sp_concentration_per_ml (&vaso, SP_AMOUNT_UNITS, &v));
  g_assert_cmpfloat (v, ==, 0.2);

  v = -1.0;
  g_assert_false (sp_concentration_per_ml (&vaso, SP_AMOUNT_MCG, &v));
  g_assert_false (sp_concentration_per_ml (&norepi, SP_AMOUNT_UNITS, &v));
  g_assert_cmpfloat (v, ==, -1.0);
}

static void
check_conc_format (const SpConcentration *conc,
                   SpNumberStyle          style,
                   const char            *expected,
                   const char            *expected_per_ml)
{
  g_autofree char *s = sp_format_concentration (conc, style);
  g_autofree char *p = sp_format_concentration_per_ml (conc, style);

  g_assert_cmpstr (s, ==, expected);
  g_assert_cmpstr (p, ==, expected_per_ml);
}

static void
test_concentration_format (void)
{
  const SpConcentration c16 = { 16, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration c4 = { 4, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration c4l = { 4, SP_AMOUNT_MG, 1000, FALSE };
  const SpConcentration dobu = { 1000, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration levo = { 12.5, SP_AMOUNT_MG, 500, FALSE };
  const SpConcentration vaso = { 20, SP_AMOUNT_UNITS, 100, FALSE };
  const SpConcentration vaso_ml = { 0.2, SP_AMOUNT_UNITS, 1, TRUE };
  const SpConcentration typed = { 64, SP_AMOUNT_MCG, 1, TRUE };
  const SpConcentration third = { 1, SP_AMOUNT_MG, 3, FALSE };
  const SpConcentration strong = { 500, SP_AMOUNT_MG, 10, FALSE };
  const SpConcentration small = { 0.0625, SP_AMOUNT_MG, 50, FALSE };
  char *old;

  /* 16 mg/250 mL: 16000 mcg / 250 mL = 64 mcg/mL */
  check_conc_format (&c16, SP_NUMBER_C, "16 mg/250 mL", "64 mcg/mL");
  /* 4000 mcg / 250 mL = 16 mcg/mL */
  check_conc_format (&c4, SP_NUMBER_C, "4 mg/250 mL", "16 mcg/mL");
  /* 4000 mcg / 1000 mL = 4 mcg/mL */
  check_conc_format (&c4l, SP_NUMBER_C, "4 mg/1000 mL", "4 mcg/mL");
  /* 12500 mcg / 500 mL = 25 mcg/mL */
  check_conc_format (&levo, SP_NUMBER_C, "12.5 mg/500 mL", "25 mcg/mL");
  /* 20 units / 100 mL = 0.2 units/mL */
  check_conc_format (&vaso, SP_NUMBER_C, "20 units/100 mL", "0.2 units/mL");
  check_conc_format (&vaso_ml, SP_NUMBER_C, "0.2 units/mL", "0.2 units/mL");
  check_conc_format (&typed, SP_NUMBER_C, "64 mcg/mL", "64 mcg/mL");
  /* 1000 mcg / 3 mL = 333.33 -> three figures */
  check_conc_format (&third, SP_NUMBER_C, "1 mg/3 mL", "333 mcg/mL");
  /* 500 mg / 10 mL = 50 mg/mL: >= 10 mg/mL shown in mg */
  check_conc_format (&strong, SP_NUMBER_C, "500 mg/10 mL", "50 mg/mL");
  /* 62.5 mcg / 50 mL = 1.25 mcg/mL */
  check_conc_format (&small, SP_NUMBER_C, "0.0625 mg/50 mL", "1.25 mcg/mL");
  /* C style: no grouping; 1000000 mcg / 250 mL = 4000 mcg/mL */
  check_conc_format (&dobu, SP_NUMBER_C, "1000 mg/250 mL", "4000 mcg/mL");

  old = push_locale ("en_US.UTF-8");
  if (old == NULL)
    return;
  /* grouped so that 4,000 is never read as 4.000 */
  check_conc_format (&dobu, SP_NUMBER_LOCALE, "1,000 mg/250 mL", "4,000 mcg/mL");
  pop_locale (old);

  old = push_locale ("de_DE.UTF-8");
  if (old == NULL)
    return;
  check_conc_format (&dobu, SP_NUMBER_LOCALE, "1" NBSP "000 mg/250 mL", "4" NBSP "000 mcg/mL");
  check_conc_format (&levo, SP_NUMBER_LOCALE, "12,5 mg/500 mL", "25 mcg/mL");
  check_conc_format (&vaso, SP_NUMBER_LOCALE, "20 units/100 mL", "0,2 units/mL");
  {
    /* what is printed reads back as the same concentration */
    g_autofree char *s = sp_format_concentration (&levo, SP_NUMBER_LOCALE);
    SpConcentration back;

    g_assert_true (sp_concentration_parse (s, SP_NUMBER_LOCALE, "Concentration", &back, NULL));
    g_assert_true (sp_concentration_equal (&back, &levo));
  }
  pop_locale (old);
}

/* Printed documents name the bag, then its strength. */
static void
test_concentration_in_bag (void)
{
  const SpConcentration norepi = { 16, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration per_ml = { 64, SP_AMOUNT_MCG, 1, TRUE };
  const SpConcentration milrinone = { 12.5, SP_AMOUNT_MG, 250, FALSE };

  /* 16 mg = 16000 mcg; 16000 / 250 = 64 mcg/mL */
  assert_owned_text (sp_format_concentration_in_bag (&norepi, SP_NUMBER_C),
                     "16 mg in 250 mL (64 mcg/mL)");
  /* typed as a strength: no bag to name */
  assert_owned_text (sp_format_concentration_in_bag (&per_ml, SP_NUMBER_C), "64 mcg/mL");
  /* 12500 mcg / 250 mL = 50 mcg/mL */
  assert_owned_text (sp_format_concentration_in_bag (&milrinone, SP_NUMBER_C),
                     "12.5 mg in 250 mL (50 mcg/mL)");
}

static void
test_concentration_equal (void)
{
  const SpConcentration a = { 4, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration a_mcg = { 4000, SP_AMOUNT_MCG, 250, FALSE };
  const SpConcentration b = { 16, SP_AMOUNT_MG, 250, FALSE };
  const SpConcentration b_per_ml = { 64, SP_AMOUNT_MCG, 1, TRUE };
  const SpConcentration c = { 64, SP_AMOUNT_MCG, 1, FALSE };
  const SpConcentration u = { 4, SP_AMOUNT_UNITS, 250, FALSE };
  const SpConcentration a_1000 = { 4, SP_AMOUNT_MG, 1000, FALSE };

  g_assert_true (sp_concentration_equal (&a, &a));
  g_assert_true (sp_concentration_equal (&a, &a_mcg));
  g_assert_true (sp_concentration_equal (&a_mcg, &a));
  g_assert_true (sp_concentration_equal (&b_per_ml, &c));
  g_assert_false (sp_concentration_equal (&a, &b));
  g_assert_false (sp_concentration_equal (&b, &b_per_ml));   /* same strength, other bag */
  g_assert_false (sp_concentration_equal (&a, &u));
  g_assert_false (sp_concentration_equal (&a, &a_1000));
}

/* --- unit labels in the user's language -------------------------------------- */

/* LANGUAGE=@language and LC_ALL=@locale, for pop_locale () to undo the
 * locale; NULL (the test failed) when @locale is not installed. */
static char *
push_language (const char *language,
               const char *locale)
{
  g_test_message ("LANGUAGE=%s, %s", language, locale);
  g_setenv ("LANGUAGE", language, TRUE);
  return push_locale (locale);   /* also makes gettext read LANGUAGE again */
}

/* Everything here reads the catalogue in build/po (SHOCKPATH_LOCALEDIR), so it
 * runs in a child process: the rest of this file expects untranslated text. */
static void
check_unit_labels (const char *language,
                   const char *locale,
                   const char *word,
                   const char *one,
                   const char *point)
{
  /* vasopressin 100 units in 100 mL: 100 / 100 = 1 unit/mL, never "1 units" */
  const SpConcentration strong = { 100, SP_AMOUNT_UNITS, 100, FALSE };
  const SpConcentration one_in_bag = { 1, SP_AMOUNT_UNITS, 10, FALSE };
  const SpDoseUnit per_min = { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };
  const SpDoseUnit all[] = {
    { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }, { SP_AMOUNT_UNITS, FALSE, SP_TIME_H },
    { SP_AMOUNT_UNITS, TRUE, SP_TIME_MIN }, { SP_AMOUNT_UNITS, TRUE, SP_TIME_H },
    { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, { SP_AMOUNT_MG, FALSE, SP_TIME_H },
  };
  /* vasopressin 20 units in 100 mL: 20 / 100 = 0.2 units/mL */
  const SpConcentration vaso = { 20, SP_AMOUNT_UNITS, 100, FALSE };
  g_autofree char *per_min_label = g_strconcat (word, "/min", NULL);
  g_autofree char *dose_text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *s = NULL;
  g_autoptr(GError) error = NULL;
  SpConcentration conc;
  SpDoseUnit unit;
  double value;
  char *old;

  old = push_language (language, locale);
  if (old == NULL)
    return;

  /* the word is translated, the symbols are not */
  g_assert_cmpstr (sp_amount_unit_get_label (SP_AMOUNT_UNITS), ==, word);
  g_assert_cmpstr (sp_amount_unit_get_label (SP_AMOUNT_MCG), ==, "mcg");
  g_assert_cmpstr (sp_amount_unit_get_label (SP_AMOUNT_MG), ==, "mg");
  g_assert_cmpstr (sp_dose_unit_get_label (per_min), ==, per_min_label);
  g_assert_cmpstr (sp_dose_unit_to_string (per_min), ==, "units/min");
  g_assert_cmpstr (sp_field_get_unit_label (SP_FIELD_VASOPRESSIN), ==, per_min_label);
  g_assert_cmpstr (sp_field_get_unit_label (SP_FIELD_WEIGHT), ==, "kg");

  /* every label reads back as its own unit (what is shown can be typed) */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_true (sp_dose_unit_parse (sp_dose_unit_get_label (all[i]), &unit));
      g_assert_true (sp_dose_unit_equal (unit, all[i]));
    }

  /* the user's numbers carry the label, C-locale numbers (files, JSON) the token */
  assert_owned_text (sp_format_dose (0.03, per_min, 0, SP_NUMBER_LOCALE), "0%s03 %s/min", point, word);
  assert_owned_text (sp_format_dose (0.03, per_min, 0, SP_NUMBER_C), "0.03 units/min");
  assert_owned_text (sp_format_concentration_per_ml (&vaso, SP_NUMBER_LOCALE), "0%s2 %s/mL", point, word);
  assert_owned_text (sp_format_concentration (&vaso, SP_NUMBER_C), "20 units/100 mL");
  assert_owned_text (sp_format_concentration_per_ml (&strong, SP_NUMBER_LOCALE), "1 %s/mL", one);
  assert_owned_text (sp_format_concentration (&one_in_bag, SP_NUMBER_LOCALE), "1 %s/10 mL", one);
  /* files and JSON keep the token */
  assert_owned_text (sp_format_concentration_per_ml (&strong, SP_NUMBER_C), "1 units/mL");
  /* and what is shown reads back */
  {
    g_autofree char *shown = sp_format_concentration_per_ml (&strong, SP_NUMBER_LOCALE);
    SpConcentration back;

    g_assert_true (sp_concentration_parse (shown, SP_NUMBER_LOCALE, "Concentration", &back, NULL));
    g_assert_cmpfloat (back.amount / back.volume_ml, ==, 1);
    g_assert_cmpint (back.amount_unit, ==, SP_AMOUNT_UNITS);
  }

  s = sp_format_concentration (&vaso, SP_NUMBER_LOCALE);
  expected = g_strdup_printf ("20 %s/100 mL", word);
  g_assert_cmpstr (s, ==, expected);
  g_assert_true (sp_concentration_parse (s, SP_NUMBER_LOCALE, "Concentration", &conc, NULL));
  g_assert_true (sp_concentration_equal (&conc, &vaso));
  g_clear_pointer (&expected, g_free);

  /* typed with the decimal comma and the word: 0,04 -> 0.04 units/min */
  dose_text = sp_format_dose (0.04, per_min, 0, SP_NUMBER_LOCALE);
  g_assert_true (sp_dose_parse (dose_text, SP_NUMBER_LOCALE, "Dose", &per_min, 1, NULL,
                                &value, &unit, NULL));
  g_assert_cmpfloat (value, ==, 0.04);
  g_assert_true (sp_dose_unit_equal (unit, per_min));

  /* a refusal lists the units in the user's words */
  g_assert_false (sp_dose_parse ("5 mcg/kg/min", SP_NUMBER_LOCALE, "Dose", &per_min, 1, NULL,
                                 &value, &unit, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_nonnull (strstr (error->message, per_min_label));
  g_clear_error (&error);
  g_assert_false (sp_concentration_parse ("16/250 mL", SP_NUMBER_LOCALE, "Concentration", &conc, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  expected = g_strdup_printf ("mcg, mg, %s", word);
  g_assert_nonnull (strstr (error->message, expected));

  pop_locale (old);
}

static void
test_unit_labels (void)
{
  if (g_test_subprocess ())
    {
      sp_i18n_init ();
      check_unit_labels ("de", "de_DE.UTF-8", "Einheiten", "Einheit", ",");
      check_unit_labels ("fr", "fr_FR.UTF-8", "unit\xc3\xa9s", "unit\xc3\xa9", ",");
      check_unit_labels ("es", "es_ES.UTF-8", "unidades", "unidad", ",");
      /* English: the label is the token */
      check_unit_labels ("en", "en_US.UTF-8", "units", "unit", ".");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The words in one language, the numbers in another (LANGUAGE=de with English
 * formats): a German reader takes a grouping comma for a decimal mark
 * ("1,000 mL" is one millilitre to them), so the digits are grouped with a
 * no-break space, which reads one way in both. The decimal mark stays the
 * formats' own: "0.5" is a half in German text too. */
static void
check_mixed_language (const char *language,
                      const char *locale,
                      const char *thousand,
                      const char *bag)
{
  /* norepinephrine 4 mg in 1000 mL: 4000 mcg / 1000 mL = 4 mcg/mL */
  const SpConcentration litre = { 4, SP_AMOUNT_MG, 1000, FALSE };
  char *old;

  old = push_language (language, locale);
  if (old == NULL)
    return;

  assert_owned_text (sp_format_decimal (1000, 1, SP_NUMBER_LOCALE), "%s", thousand);
  assert_owned_text (sp_format_decimal (0.5, 1, SP_NUMBER_LOCALE), "0.5");
  /* files and JSON are never grouped, whatever the language */
  assert_owned_text (sp_format_decimal (1000, 1, SP_NUMBER_C), "1000");

  assert_owned_text (sp_format_concentration (&litre, SP_NUMBER_LOCALE), "%s", bag);

  pop_locale (old);
}

static void
test_mixed_language (void)
{
  if (g_test_subprocess ())
    {
      sp_i18n_init ();
      check_mixed_language ("de", "en_US.UTF-8", "1\xc2\xa0" "000", "4 mg/1\xc2\xa0" "000 mL");
      check_mixed_language ("fr", "en_US.UTF-8", "1\xc2\xa0" "000", "4 mg/1\xc2\xa0" "000 mL");
      check_mixed_language ("es", "en_US.UTF-8", "1\xc2\xa0" "000", "4 mg/1\xc2\xa0" "000 mL");
      /* English words with English numbers: the comma, as ISMP writes it */
      check_mixed_language ("en", "en_US.UTF-8", "1,000", "4 mg/1,000 mL");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The words of every shipped language are read in any language (a German
 * "Einheiten" typed on a French desktop means units too); the abbreviations
 * ISMP forbids are refused in every spelling. */
static void
test_unit_words (void)
{
  const char *ok[] = {
    "Einheiten/min", "einheit/min", "EINHEITEN/kg/h", "unit\xc3\xa9s/min",
    "UNIT\xc3\x89S/min", "unit\xc3\xa9/h", "unidades/min", "Unidad/kg/min",
  };
  const char *refused[] = { "E/min", "IE/min", "I.E./min", "UI/min", "U.I./min", "ui/h",
                            "Einheiten/kg", "unites/min", "uds/min" };
  SpDoseUnit unit;
  SpConcentration conc;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      if (!sp_dose_unit_parse (ok[i], &unit))
        g_test_fail_printf ("dose unit \"%s\" refused", ok[i]);
      else
        g_assert_cmpint (unit.amount, ==, SP_AMOUNT_UNITS);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (sp_dose_unit_parse (refused[i], &unit))
        g_test_fail_printf ("dose unit \"%s\" accepted", refused[i]);
    }

  /* 20 Einheiten in 100 mL: amount 20 units, volume 100 mL */
  g_assert_true (sp_concentration_parse ("20 Einheiten in 100 mL", SP_NUMBER_C, "Concentration",
                                         &conc, NULL));
  g_assert_cmpfloat (conc.amount, ==, 20);
  g_assert_cmpint (conc.amount_unit, ==, SP_AMOUNT_UNITS);
  g_assert_cmpfloat (conc.volume_ml, ==, 100);
}

/* Forms a number can be typed in that are never read, each refused with its
 * own reason rather than "not a number" or "nothing was entered". */
static void
test_confusing_forms (void)
{
  SpDoseUnit mcg_kg_min = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
  g_autoptr(GError) error = NULL;
  SpConcentration conc;
  SpDoseUnit unit;
  double value;

  check_refused (SP_NUMBER_C, "NaN", FALSE, SP_QUANTITY_ERROR_INVALID,
                 "Weight: \"NaN\" is not a number");
  check_refused (SP_NUMBER_C, "-inf", TRUE, SP_QUANTITY_ERROR_INVALID, "is not a number");
  check_refused (SP_NUMBER_C, "1e2", FALSE, SP_QUANTITY_ERROR_INVALID,
                 "Weight: \"1e2\" is written with an exponent; type the number in full");
  check_refused (SP_NUMBER_C, "7.5E-1", FALSE, SP_QUANTITY_ERROR_INVALID, "exponent");
  /* U+2212 MINUS SIGN: a negative, named as such */
  check_refused (SP_NUMBER_C, "\u221270", FALSE, SP_QUANTITY_ERROR_NEGATIVE, "is negative");
  check_refused (SP_NUMBER_C, "\u201370", TRUE, SP_QUANTITY_ERROR_INVALID, "type a minus sign as");

  /* with a unit after it, as the form and --set split them */
  g_assert_false (sp_dose_parse ("1e-1 mcg/kg/min", SP_NUMBER_C, "Dose", &mcg_kg_min, 1,
                                 &mcg_kg_min, &value, &unit, &error));
  g_assert_nonnull (strstr (error->message, "exponent"));
  g_clear_error (&error);
  g_assert_false (sp_concentration_parse ("NaN mg/250 mL", SP_NUMBER_C, "Concentration", &conc,
                                          &error));
  g_assert_nonnull (strstr (error->message, "is not a number"));
  g_clear_error (&error);

  /* a word that merely starts like one is not taken for it */
  g_assert_true (sp_number_check_form ("12 infusions", "Count", FALSE, NULL));
}

/* Case-insensitive units read the same in every locale: Turkish lower-cases
 * "I" to a dotless "ı", which must not make "MCG/KG/MIN" unknown. */
static void
test_units_turkish (void)
{
  char *old = push_locale ("tr_TR.UTF-8");
  SpDoseUnit unit;

  if (old == NULL)
    return;

  g_assert_true (sp_dose_unit_parse ("MCG/KG/MIN", &unit));
  g_assert_cmpstr (sp_dose_unit_to_string (unit), ==, "mcg/kg/min");
  g_assert_true (sp_dose_unit_parse ("UNITS/MIN", &unit));
  g_assert_cmpstr (sp_dose_unit_to_string (unit), ==, "units/min");
  pop_locale (old);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/quantity/parse-c-style", test_parse_c_style);
  g_test_add_func ("/core/quantity/parse-locale-c", test_parse_locale_c);
  g_test_add_func ("/core/quantity/parse-decimal-point", test_parse_decimal_point);
  g_test_add_func ("/core/quantity/parse-decimal-comma", test_parse_decimal_comma);
  g_test_add_func ("/core/quantity/parse-french", test_parse_french);
  g_test_add_func ("/core/quantity/confusing-forms", test_confusing_forms);
  g_test_add_func ("/core/quantity/units-turkish", test_units_turkish);
  g_test_add_func ("/core/quantity/parse-spanish", test_parse_spanish);
  g_test_add_func ("/core/quantity/parse-negative-zero", test_parse_negative_zero);
  g_test_add_func ("/core/quantity/format-decimal", test_format_decimal);
  g_test_add_func ("/core/quantity/format-grouping", test_format_grouping);
  g_test_add_func ("/core/quantity/format-significant", test_format_significant);
  g_test_add_func ("/core/quantity/format-exact", test_format_exact);
  g_test_add_func ("/core/quantity/amount-units", test_amount_units);
  g_test_add_func ("/core/quantity/dose-units", test_dose_units);
  g_test_add_func ("/core/quantity/dose-parse", test_dose_parse);
  g_test_add_func ("/core/quantity/dose-format", test_dose_format);
  g_test_add_func ("/core/quantity/concentration-parse", test_concentration_parse);
  g_test_add_func ("/core/quantity/concentration-per-ml", test_concentration_per_ml);
  g_test_add_func ("/core/quantity/concentration-format", test_concentration_format);
  g_test_add_func ("/core/quantity/concentration-in-bag", test_concentration_in_bag);
  g_test_add_func ("/core/quantity/concentration-equal", test_concentration_equal);
  g_test_add_func ("/core/quantity/unit-labels", test_unit_labels);
  g_test_add_func ("/core/quantity/unit-words", test_unit_words);
  g_test_add_func ("/core/quantity/mixed-language", test_mixed_language);

  return g_test_run ();
}
