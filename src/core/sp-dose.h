/* sp-dose.h: dose <-> pump rate, exact in double precision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-quantity.h"

G_BEGIN_DECLS

#define SP_DOSE_ERROR (sp_dose_error_quark ())

typedef enum {
  SP_DOSE_ERROR_MISSING_WEIGHT,   /* a per-kg dose and no weight */
  SP_DOSE_ERROR_UNIT_MISMATCH,    /* dose in units, concentration in mg (or the reverse) */
  SP_DOSE_ERROR_INVALID,          /* zero or negative concentration, weight, step ... */
} SpDoseError;

GQuark   sp_dose_error_quark (void);

/* rate (mL/h) = dose [x weight] x (60 if per minute) / concentration per mL,
 * the concentration converted to the dose's amount unit first.
 * @weight_kg is ignored for non-weight-based units; pass NAN when unknown. */
gboolean sp_dose_to_rate    (double                 dose,
                             SpDoseUnit             unit,
                             double                 weight_kg,
                             const SpConcentration *conc,
                             double                *out_rate_ml_h,
                             GError               **error);

/* A pump rate as typed: a number in @style, with or without its unit
 * "mL/h" ("10", "10 mL/h"); another unit ("10 mL/min") is refused, naming
 * mL/h, never converted. The error names @field. */
gboolean sp_rate_parse      (const char            *text,
                             SpNumberStyle          style,
                             const char            *field,
                             double                *out_rate_ml_h,
                             GError               **error);

/* The inverse: dose in @unit for a pump rate in mL/h. */
gboolean sp_rate_to_dose    (double                 rate_ml_h,
                             SpDoseUnit             unit,
                             double                 weight_kg,
                             const SpConcentration *conc,
                             double                *out_dose,
                             GError               **error);

/* The same dose in another unit: mg <-> mcg (x 1000), h <-> min (x 60), and
 * per kg <-> not per kg through @weight_kg (NAN when unknown). Fails with
 * SP_DOSE_ERROR_UNIT_MISMATCH between units and mass (units/min is never
 * mcg/min) and SP_DOSE_ERROR_MISSING_WEIGHT when the weight is needed and
 * unknown. Exact in double precision, not rounded. */
gboolean sp_dose_convert    (double                 dose,
                             SpDoseUnit             from,
                             SpDoseUnit             to,
                             double                 weight_kg,
                             double                *out_dose,
                             GError               **error);

/* CLINICAL.md, "a missed zero": a new dose more than twice (or less than
 * half) the running dose of the same infusion, both in the same unit, is
 * asked about. TRUE when @new_dose is such a change, with *out_factor
 * (optional) new / running and *out_message (optional, translated) "4× the
 * running dose". FALSE when there is nothing to compare (no running dose,
 * NAN or 0 on either side: starting or stopping). The window asks before it
 * applies such a dose; `shockpath-cli rate|dose --running-dose` warns. */
gboolean sp_dose_check_change (double                 running_dose,
                               double                 new_dose,
                               double                *out_factor,
                               char                 **out_message);

typedef struct {
  double dose;
  double rate_ml_h;
} SpRateRow;

/* The longest dose table: a longer one is a mistyped step, not a pump chart. */
#define SP_RATE_TABLE_MAX_ROWS 1000

/* How many rows sp_rate_table () makes from @from to @to in steps of @step
 * (@step > 0, @from <= @to, both finite): a step that lands within a
 * billionth of a step of @to ends there, else a shorter last step is added. */
double   sp_rate_table_count_rows (double               from,
                                   double               to,
                                   double               step);

/* Rows from @from to @to inclusive in steps of @step (a row at @to is included
 * even if the last step is shorter; the dose values are computed as from + i*step
 * to avoid accumulating error), at most SP_RATE_TABLE_MAX_ROWS. Returns a
 * GArray of SpRateRow. */
GArray  *sp_rate_table      (double                 from,
                             double                 to,
                             double                 step,
                             SpDoseUnit             unit,
                             double                 weight_kg,
                             const SpConcentration *conc,
                             GError               **error);

G_END_DECLS
