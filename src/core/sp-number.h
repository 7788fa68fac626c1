/* sp-number.h: numbers as clinicians type and read them (locale parsing, ISMP
 * formatting), and the error domain of every typed quantity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The errors of a typed number, unit, dose or concentration. */
#define SP_QUANTITY_ERROR (sp_quantity_error_quark ())

typedef enum {
  SP_QUANTITY_ERROR_EMPTY,        /* nothing entered */
  SP_QUANTITY_ERROR_INVALID,      /* not a number, trailing garbage, NaN, inf */
  SP_QUANTITY_ERROR_AMBIGUOUS,    /* digit grouping, a separator that reads two ways */
  SP_QUANTITY_ERROR_NEGATIVE,     /* negative where it makes no sense */
  SP_QUANTITY_ERROR_UNIT,         /* a unit the field does not take, or no unit */
  SP_QUANTITY_ERROR_RANGE,        /* outside what the field accepts */
} SpQuantityError;

GQuark sp_quantity_error_quark (void);

/* Which convention a number is written in.
 * SP_NUMBER_LOCALE: the user's LC_NUMERIC (GUI, the CLI's human output and
 *   arguments); formatted units are labels in the user's language.
 * SP_NUMBER_C: C locale, '.' as decimal separator (files, JSON); formatted
 *   units are tokens ("units/min"). */
typedef enum {
  SP_NUMBER_LOCALE,
  SP_NUMBER_C,
} SpNumberStyle;

/* --- numbers --------------------------------------------------------------- */

/* Parses a plain number. @field is the name of the field for messages (already
 * translated, e.g. "Weight"). Leading/trailing white space is allowed; anything
 * else that is not part of the number is refused. Negative numbers are refused
 * unless @allow_negative. */
/* Refuses, with a reason of its own, a number typed in a form ShockPath
 * never reads: "NaN", "inf", "1e2" (written in full, ISMP), a dash or
 * Unicode minus ("−70"). @text may go on with a unit. The parsers call it;
 * a field split into number and unit calls it on the whole text first. */
gboolean     sp_number_check_form       (const char     *text,
                                         const char     *field,
                                         gboolean        allow_negative,
                                         GError        **error);
gboolean     sp_number_parse            (const char     *text,
                                         SpNumberStyle   style,
                                         const char     *field,
                                         gboolean        allow_negative,
                                         double         *out_value,
                                         GError        **error);

/* ISMP formatting: leading zero, no trailing zero, rounded to @max_decimals
 * places; numbers >= 1000 grouped (SP_NUMBER_LOCALE only): with a comma where
 * LC_NUMERIC's decimal mark is '.', with a no-break space where it is ',' or
 * where the messages are in a language that writes ',' (German words with
 * English numbers print "1 000 mL", never the "1,000 mL" a German reads as
 * one millilitre). */
char        *sp_format_decimal          (double          value,
                                         int             max_decimals,
                                         SpNumberStyle   style);

/* Same, rounded to @digits significant figures (but never into the integer
 * part: 1234.5 with 3 figures is "1,235"). */
char        *sp_format_significant      (double          value,
                                         int             digits,
                                         SpNumberStyle   style);

/* The significant figures (at least 3, at most 12) with which @value no
 * longer reads as @other: a dose just above its limit is written so that
 * the two differ (1.0001 beside a limit of 1 needs 5: "1.0001", not "1"). */
int          sp_format_digits_apart     (double          value,
                                         double          other);

/* Shortest C-locale text that reads back as exactly @value (JSON, files). */
char        *sp_format_exact            (double          value);

/* @value read back from its text with twelve significant digits, exactly
 * as g_ascii_strtod (g_ascii_formatd (..., "%.12g", value)) reads it: the
 * binary noise of a conversion dropped (0.030000000000000002 is 0.03).
 * Zero, infinities and NaN are returned as they are. Without text in
 * the common case: doses are converted on every evaluation. */
double       sp_number_round_12         (double          value);

G_END_DECLS
