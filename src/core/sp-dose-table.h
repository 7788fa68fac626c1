/* sp-dose-table.h: the dose -> pump rate table of a sheet and of shockpath-cli table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drug, one dose unit, one weight, one concentration. The one rule for
 * both the printed sheet and the command line:
 * - the range defaults to the drug library's: from the titration step (or
 *   the usual minimum) to the hard limit (or, without one, the soft limit),
 *   in titration steps. A dose between the soft and the hard limit may be
 *   given once confirmed (CLINICAL.md), so the table lists it, marked, and
 *   nobody works its rate out by hand;
 * - whatever range is asked for, no row lies above the hard limit: the range
 *   ends at the hard limit and the table says it was clipped;
 * - the limits are the ones that hold at the table's weight: the lower of
 *   the unit's own and the drug's other units' converted (norepinephrine in
 *   mcg/min at 70 kg: hard 300 mcg/min, or 3 mcg/kg/min x 70 = 210; 210
 *   holds, and the table says where it comes from);
 * - each row carries its limit state (ok, or above the soft limit), and
 *   whether the pump's step takes its dose further than the profile
 *   allows (sp_drug_check_rate_rounding ());
 * - at most SP_RATE_TABLE_MAX_ROWS rows.
 */
#pragma once

#include "sp-dose.h"
#include "sp-drug-library.h"

G_BEGIN_DECLS

#define SP_DOSE_TABLE_ERROR (sp_dose_table_error_quark ())

typedef enum {
  SP_DOSE_TABLE_ERROR_NO_FROM,     /* no first dose given and no default in the drug library */
  SP_DOSE_TABLE_ERROR_NO_TO,       /* no last dose given and no limit in the drug library */
  SP_DOSE_TABLE_ERROR_NO_STEP,     /* no step given and no titration step in the drug library */
  SP_DOSE_TABLE_ERROR_FROM,        /* the first dose is below 0 or not a number */
  SP_DOSE_TABLE_ERROR_STEP,        /* the step is not above 0 */
  SP_DOSE_TABLE_ERROR_ORDER,       /* the first dose is above the last */
  SP_DOSE_TABLE_ERROR_ABOVE_HARD,  /* every dose of the range is above the hard limit */
  SP_DOSE_TABLE_ERROR_TOO_LONG,    /* more than SP_RATE_TABLE_MAX_ROWS rows */
} SpDoseTableError;

GQuark sp_dose_table_error_quark (void);

typedef struct {
  double       dose;
  double       rate_ml_h;
  SpLimitState limit;      /* SP_LIMIT_OK or SP_LIMIT_SOFT; never SP_LIMIT_HARD */
  /* How far the rate the pump is set to takes the dose, in percent (+33.3:
   * the pump gives a third more), and whether that is further than the
   * profile allows. */
  double       rounding_percent;
  gboolean     rounding_off;
} SpDoseTableRow;

typedef struct {
  const SpDrug       *drug;
  const SpDoseLimits *limits;   /* of the table's unit */
  double              weight_kg;  /* NAN: none */
  SpConcentration     conc;
  /* The soft and hard limits that hold at the weight, in the table's unit
   * (NAN: none), and the unit each is stated in by the drug library. */
  double              soft_max;
  double              hard_max;
  SpDoseUnit          soft_unit;
  SpDoseUnit          hard_unit;
  /* The range as the table runs: the defaults filled in, @to ended at the
   * hard limit. */
  double              from;
  double              to;
  double              step;
  /* A dose above the hard limit was asked for (the range or a row of it was
   * cut at the hard limit). */
  gboolean            clipped;
  GArray             *rows;     /* SpDoseTableRow */
} SpDoseTable;

/* The table of @drug in @unit (a unit the drug takes) for @weight_kg (NAN
 * for none: only a dose unit not per kg takes it) at @conc. @from, @to and
 * @step in @unit; NAN for the drug library's default. NULL with @error
 * (SP_DOSE_TABLE_ERROR, or SP_DOSE_ERROR for a missing weight). */
SpDoseTable *sp_dose_table_new   (const SpDrug          *drug,
                                  SpDoseUnit             unit,
                                  double                 weight_kg,
                                  const SpConcentration *conc,
                                  double                 from,
                                  double                 to,
                                  double                 step,
                                  GError               **error);
void         sp_dose_table_free  (SpDoseTable           *table);

/* The soft (@hard FALSE) or hard limit that holds, as the table's reader
 * needs it: "300 mcg/min", or "210 mcg/min (3 mcg/kg/min at 70 kg)" when
 * another unit's limit holds at the weight. NULL when there is none. */
char        *sp_dose_table_format_limit (const SpDoseTable *table,
                                         gboolean           hard,
                                         SpNumberStyle      style);

/* For a table without a weight, the soft (@hard FALSE) or hard limit with
 * the per-kg limit that is lower below a weight
 * (sp_drug_get_per_kg_limit_below ()): "300 mcg/min, or 3 mcg/kg/min below
 * 100 kg". NULL with a weight, or when no per-kg limit applies. */
char        *sp_dose_table_format_limit_without_weight (const SpDoseTable *table,
                                                        gboolean           hard,
                                                        SpNumberStyle      style);

/* For a table without a weight, the highest weight below which a per-kg
 * limit, soft or hard, is lower than the table's own (100 kg for
 * norepinephrine in mcg/min); NAN with a weight, or when none is. */
double       sp_dose_table_get_per_kg_below (const SpDoseTable *table);

/* Index of the first row above the soft limit; rows->len when none is. */
guint        sp_dose_table_get_first_above_soft (const SpDoseTable *table);

/* A row's dose and rate as the table prints them (ISMP; the rate rounded as
 * the drug's pump shows it). */
char        *sp_dose_table_format_dose (const SpDoseTable *table,
                                        guint              index,
                                        SpNumberStyle      style);
char        *sp_dose_table_format_rate (const SpDoseTable *table,
                                        guint              index,
                                        SpNumberStyle      style);

/* For a row the pump's step takes too far from its dose, the dose the pump
 * gives: "gives 0.0133 mcg/kg/min (+33.3%)", or "below the pump's step";
 * NULL for a row within the rounding allowed. */
char        *sp_dose_table_format_rounding (const SpDoseTable *table,
                                            guint              index,
                                            SpNumberStyle      style);
/* Of the rows the pump's step takes too far from their dose, and the pump
 * can be set for (not below its step: their rate reads "less than 0.1"),
 * the largest distance in percent (33.3); 0 when there is none. */
double       sp_dose_table_get_largest_rounding (const SpDoseTable *table);
/* Whether the row is one of those: its rate is marked. */
gboolean     sp_dose_table_row_is_rounding_off (const SpDoseTable *table,
                                                guint              index);

/* "ok", "soft-limit", "hard-limit" (JSON). */
const char  *sp_limit_state_to_string (SpLimitState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDoseTable, sp_dose_table_free)

G_END_DECLS
