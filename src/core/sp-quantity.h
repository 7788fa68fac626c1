/* sp-quantity.h: numbers, units, doses and concentrations as clinicians write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

/* Amount units (what a dose or a concentration measures). */
typedef enum {
  SP_AMOUNT_MCG,
  SP_AMOUNT_MG,
  SP_AMOUNT_UNITS,
} SpAmountUnit;

typedef enum {
  SP_TIME_MIN,
  SP_TIME_H,
} SpTimeUnit;

/* A dose rate unit: amount [/kg] / time, e.g. mcg/kg/min, mcg/min, units/min, mg/h. */
typedef struct {
  SpAmountUnit amount;
  gboolean     per_kg;
  SpTimeUnit   time;
} SpDoseUnit;

/* A concentration as the pharmacist wrote it: amount in volume.
 * "16 mg/250 mL" and "4 mg in 250 mL" keep amount 16 mg / 4 mg and volume 250 mL;
 * "64 mcg/mL" keeps amount 64 mcg, volume 1 mL and per_ml_form = TRUE. */
typedef struct {
  double       amount;
  SpAmountUnit amount_unit;
  double       volume_ml;
  gboolean     per_ml_form;
} SpConcentration;

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
 * places; numbers >= 1000 grouped as the locale groups them (SP_NUMBER_LOCALE
 * only; a decimal-comma locale groups with a no-break space). */
char        *sp_format_decimal          (double          value,
                                         int             max_decimals,
                                         SpNumberStyle   style);

/* Same, rounded to @digits significant figures (but never into the integer
 * part: 1234.5 with 3 figures is "1,235"). */
char        *sp_format_significant      (double          value,
                                         int             digits,
                                         SpNumberStyle   style);

/* Shortest C-locale text that reads back as exactly @value (JSON, files). */
char        *sp_format_exact            (double          value);

/* --- units --------------------------------------------------------------- */

/* Units have two forms. sp_*_to_string() gives the token files, JSON,
 * settings and command-line scripts use: "mcg", "mg", "units", "units/min".
 * sp_*_get_label() gives what people read in their language: the symbols mcg,
 * mg, kg, min, h stay, the word "units" is translated ("Einheiten/min",
 * "unités/min", "unidades/min"). The parsers read both, in every shipped
 * language, so whatever is shown can be typed back. */
const char  *sp_amount_unit_to_string   (SpAmountUnit    unit);   /* "mcg", "mg", "units" */
const char  *sp_amount_unit_get_label   (SpAmountUnit    unit);   /* "mcg", "mg", "Einheiten" */
gboolean     sp_amount_unit_parse       (const char     *text,
                                         SpAmountUnit   *out_unit);
/* Factor to convert an amount in @from to @to (mg -> mcg = 1000). FALSE if the
 * units cannot be converted (units <-> mass). */
gboolean     sp_amount_unit_factor      (SpAmountUnit    from,
                                         SpAmountUnit    to,
                                         double         *out_factor);

/* "mcg/kg/min" etc. Returns a static string. */
const char  *sp_dose_unit_to_string     (SpDoseUnit      unit);
/* "mcg/kg/min", "Einheiten/min": the label in the user's language (static). */
const char  *sp_dose_unit_get_label     (SpDoseUnit      unit);
/* Accepts "mcg/kg/min", "microgram/kg/min", "µg/kg/min", "ug/kg/min", "mcg/kg/h",
 * "units/min", "unit/min", "Einheiten/min", "unités/min", "unidades/min",
 * "mg/h", "mg/hr" ... case-insensitive. */
gboolean     sp_dose_unit_parse         (const char     *text,
                                         SpDoseUnit     *out_unit);
gboolean     sp_dose_unit_equal         (SpDoseUnit      a,
                                         SpDoseUnit      b);

/* --- quantities ------------------------------------------------------------ */

/* Parses "0.2 mcg/kg/min", "0,2 mcg/kg/min" (de) or a bare "0.2" (then
 * @default_unit is used if given, else a missing unit is an error). The unit
 * must be one of @accepted (n_accepted entries); otherwise SP_QUANTITY_ERROR_UNIT
 * names the field and lists the accepted units. Never guesses a unit. */
gboolean     sp_dose_parse              (const char       *text,
                                         SpNumberStyle     style,
                                         const char       *field,
                                         const SpDoseUnit *accepted,
                                         guint             n_accepted,
                                         const SpDoseUnit *default_unit,
                                         double           *out_value,
                                         SpDoseUnit       *out_unit,
                                         GError          **error);

/* "0.2 mcg/kg/min": three significant figures by default (@digits <= 0).
 * SP_NUMBER_LOCALE writes the unit's label ("0,03 Einheiten/min"),
 * SP_NUMBER_C its token ("0.03 units/min"). */
char        *sp_format_dose             (double          value,
                                         SpDoseUnit      unit,
                                         int             digits,
                                         SpNumberStyle   style);

/* Parses "16 mg/250 mL", "16 mg / 250 ml", "4 mg in 250 mL", "64 mcg/mL",
 * "64 µg/ml", "20 units/100 mL", "0.2 units/mL". Amount and volume must be > 0. */
gboolean     sp_concentration_parse     (const char       *text,
                                         SpNumberStyle     style,
                                         const char       *field,
                                         SpConcentration  *out_conc,
                                         GError          **error);

/* The concentration per mL in @unit (16 mg/250 mL in mcg -> 64). FALSE if the
 * amount cannot be converted to @unit. */
gboolean     sp_concentration_per_ml    (const SpConcentration *conc,
                                         SpAmountUnit           unit,
                                         double                *out_per_ml);

/* "16 mg/250 mL", or "64 mcg/mL" for the per-mL form; the amount unit as
 * sp_format_dose() writes it (a label for SP_NUMBER_LOCALE, else a token). */
char        *sp_format_concentration    (const SpConcentration *conc,
                                         SpNumberStyle          style);
/* "64 mcg/mL": the per-mL strength, in mcg for mass amounts (mg for >= 10 mg/mL),
 * in units for unit amounts. */
char        *sp_format_concentration_per_ml (const SpConcentration *conc,
                                             SpNumberStyle          style);
/* "16 mg in 250 mL (64 mcg/mL)" for printed documents: the bag, then its
 * strength; "64 mcg/mL" alone for the per-mL form. */
char        *sp_format_concentration_in_bag (const SpConcentration *conc,
                                             SpNumberStyle          style);
gboolean     sp_concentration_equal     (const SpConcentration *a,
                                         const SpConcentration *b);

G_END_DECLS
