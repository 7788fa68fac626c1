/* sp-units.h: units of amount, time and dose, and doses written with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-number.h"

G_BEGIN_DECLS

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

/* --- units --------------------------------------------------------------- */

/* Units have two forms. sp_*_to_string() gives the token files, JSON,
 * settings and command-line scripts use: "mcg", "mg", "units", "units/min".
 * sp_*_get_label() gives what people read in their language: the symbols mcg,
 * mg, kg, min, h stay, the word "units" is translated ("Einheiten/min",
 * "unités/min", "unidades/min"). The parsers read both, in every shipped
 * language, so whatever is shown can be typed back. */
const char  *sp_amount_unit_to_string   (SpAmountUnit    unit);   /* "mcg", "mg", "units" */
const char  *sp_amount_unit_get_label   (SpAmountUnit    unit);   /* "mcg", "mg", "Einheiten" */
/* The label after the number 1: "1 unit/mL", "1 Einheit/mL"; "mcg", "mg". */
const char  *sp_amount_unit_get_label_one (SpAmountUnit  unit);
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

/* --- doses ---------------------------------------------------------------- */

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

G_END_DECLS
