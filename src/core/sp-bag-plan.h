/* sp-bag-plan.h: how long a bag or syringe lasts, and how it is prepared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bag planner: from a concentration with a volume, the pump rate and the
 * drug (with its profile's site settings), the hours until the bag is empty
 * (volume / rate), the volume and the drug amount per 24 h (rate x 24, times
 * the strength), when to prepare the next one (a lead time before the bag is
 * empty or its beyond-use time is reached, whichever comes first), and an
 * advisory when a stronger standard concentration of the same profile would
 * at least halve the volume, once the rate is at or above the profile's
 * threshold (not for a drug given as one course that ends with this bag) (NHS critical-care formularies: consider a more concentrated
 * preparation at >= 10 mL/h). A change of strength needs a new rate (a change
 * of concentration at a syringe change-over predicted haemodynamic
 * instability, Ann Intensive Care 2016;6:38): the advisory says so.
 *
 * The preparation: from the standard concentration's product (a 4 mg/4 mL
 * vial), how many vials or ampoules, the volume to withdraw, and either the
 * volume to remove from the bag first (remove-volume) or the diluent to make
 * it up to its volume. The concentration's volume is always the final one.
 */
#pragma once

#include "sp-drug-library.h"

G_BEGIN_DECLS

/* A stronger standard concentration for the same dose. */
typedef struct {
  const SpStandardConcentration *stronger;  /* of the same drug and profile */
  double              rate_ml_per_h;        /* the same dose at @stronger */
  double              threshold_ml_per_h;   /* the profile's setting */
  const char * const *cites;                /* of the setting, then the strength-change warning's */
} SpBagAdvisory;

typedef struct {
  SpConcentration     conc;                 /* the bag that runs */
  double              volume_ml;
  double              rate_ml_per_h;
  double              hours_to_empty;       /* volume / rate */
  double              ml_per_24h;           /* rate x 24 */
  double              amount_per_24h;       /* ml_per_24h x strength, in amount_unit (the dose form, base) */
  SpAmountUnit        amount_unit;          /* the concentration's */
  gboolean            amount_is_base;       /* the label names a salt: the amount is its base */
  /* The beyond-use time of the standard concentration (or the drug); NAN
   * when the library gives none. */
  double              beyond_use_hours;
  const char * const *beyond_use_cites;
  /* When the bag must be replaced: the earlier of empty and beyond use. */
  double              replace_in_hours;
  double              lead_hours;           /* the profile's setting */
  const char * const *lead_cites;
  double              prepare_next_in_hours; /* replace_in - lead, at least 0; NAN: no next one */
  /* A drug given as one course (levosimendan, 24 h) that ends before the
   * bag must be replaced: no next bag (prepare_next_in_hours NAN). */
  double              course_hours;         /* NAN for none */
  const char * const *course_cites;
  gboolean            course_ends_first;
  gboolean            has_advisory;
  SpBagAdvisory       advisory;
} SpBagPlan;

/* The standard concentration of @drug equal to @conc (same strength, same
 * volume), or NULL for a typed one. */
const SpStandardConcentration *sp_bag_plan_find_standard (const SpDrug          *drug,
                                                          const SpConcentration *conc);

/* Fills @out_plan for @conc of @drug (its profile's settings) running at
 * @rate_ml_per_h. FALSE when the volume is not known (a per-mL
 * concentration, "64 mcg/mL") or the rate is not above 0. */
gboolean    sp_bag_plan_compute          (const SpDrug          *drug,
                                          const SpConcentration *conc,
                                          double                 rate_ml_per_h,
                                          SpBagPlan             *out_plan);

/* TRUE for a volume a syringe holds (at most 60 mL): texts say "syringe". */
gboolean    sp_bag_plan_is_syringe       (const SpBagPlan       *plan);

/* "38 h 6 min", "45 min", "2 h" (rounded to the minute; translated). */
char       *sp_format_duration           (double                 hours);
/* "lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h" (translated). */
char       *sp_bag_plan_format_summary   (const SpBagPlan       *plan,
                                          SpNumberStyle          style);
/* "replace within 24 h (its beyond-use time): prepare the next one in
 * 22 h (2 h before)", or "empty in 12 h 30 min: prepare the next one in
 * 10 h 30 min (2 h before)" (translated). */
char       *sp_bag_plan_format_next      (const SpBagPlan       *plan,
                                          SpNumberStyle          style);
/* The advisory, or NULL: "At 20 mL/h consider 8 mg in 250 mL (32 mcg/mL):
 * the same dose runs at 10 mL/h. A change of strength needs a new rate: …".
 * Its rates are shown as for a dose in @unit at @weight_kg (NAN: none),
 * never rounded up past the hard limit (sp_drug_format_rate ()). */
char       *sp_bag_plan_format_advisory  (const SpDrug          *drug,
                                          const SpBagPlan       *plan,
                                          SpDoseUnit             unit,
                                          double                 weight_kg,
                                          SpNumberStyle          style);

/* --- preparation -------------------------------------------------------- */

typedef struct {
  const SpDrugProduct *product;
  guint               n_units;      /* vials or ampoules to open */
  double              draw_ml;      /* the drug's volume to withdraw */
  double              left_ml;      /* of the last one opened, discarded */
  double              final_ml;     /* the concentration's volume */
  gboolean            remove_volume;
  /* remove_volume: the volume to remove from the bag first (= draw_ml);
   * else: the diluent to make up to final_ml (final_ml - draw_ml). */
  double              diluent_ml;
} SpPreparation;

/* The preparation of @sc from its product; FALSE when it names none (a
 * premixed bag) or the product cannot be converted to its amount. */
gboolean    sp_preparation_compute       (const SpDrug                  *drug,
                                          const SpStandardConcentration *sc,
                                          SpPreparation                 *out_prep);
/* "4 vials of 4 mg/4 mL: withdraw 16 mL. Remove 16 mL from a 250 mL bag of
 * glucose 5%, then add the drug: final volume 250 mL." (translated) */
char       *sp_preparation_format        (const SpDrug                  *drug,
                                          const SpPreparation           *prep,
                                          const char                    *diluent,
                                          SpNumberStyle                  style);

G_END_DECLS
