/* sp-infusion.h: one running or proposed infusion, dose and pump rate kept consistent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties (all notify only on a real change; "changed" is emitted once per
 * effective change, after its notify:: emissions):
 *   "library"       SpDrugLibrary, construct-only (the drug belongs to it)
 *   "drug-id"       string, construct-only ("norepinephrine")
 *   "concentration" SpConcentration (boxed); NULL at construction = the drug's
 *                   default concentration
 *   "weight"        double kg, NAN = unknown
 *   "dose-unit"     string ("mcg/kg/min"); the drug's first unit by default. It
 *                   changes only when set explicitly, and setting another unit
 *                   CLEARS dose and rate (the number typed for one unit is
 *                   never reused for another: 0.5 mcg/kg/min is not 0.5 mcg/min)
 *   "dose"          double in dose-unit, NAN = none. The prescription: kept
 *                   when weight or concentration change, the rate follows
 *   "rate"          double mL/h, NAN when it cannot be given. Setting it sets
 *                   the dose it corresponds to
 *   "limit-state"   SpLimitState (SP_TYPE_LIMIT_STATE) of the dose
 *   "message"       string, translated: why there is no rate, or the soft-limit
 *                   warning; NULL when there is nothing to say
 *   "running"       boolean, read-only: a dose above 0, or running at a dose not
 *                   recorded (read from an older file). No dose yet (proposed)
 *                   or 0 (stopped) does not run.
 *
 * Refused means refused: a dose above the hard limit, or a rate that gives
 * one, is never taken (sp_infusion_set_dose () and sp_infusion_set_rate ()
 * fail and the running dose stays). The concentration may be not recorded
 * (an infusion read from an older file's therapy field): then
 * sp_infusion_get_concentration () is NULL and there is no rate.
 *
 * A rate exists only for a dose that is set, within the hard limit, with the
 * weight a weight-based unit needs and a concentration the library accepts.
 * All arithmetic is sp-dose.h's; all limits are the drug library's.
 */
#pragma once

#include <glib-object.h>

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

#define SP_INFUSION_ERROR (sp_infusion_error_quark ())

typedef enum {
  SP_INFUSION_ERROR_REFUSED,   /* above the hard limit, or a rate with no dose behind it */
} SpInfusionError;

GQuark sp_infusion_error_quark (void);

/* SpConcentration as a boxed type (sp-quantity.h is plain GLib). */
#define SP_TYPE_CONCENTRATION (sp_concentration_get_type ())
GType sp_concentration_get_type (void) G_GNUC_CONST;

#define SP_TYPE_INFUSION (sp_infusion_get_type ())
G_DECLARE_FINAL_TYPE (SpInfusion, sp_infusion, SP, INFUSION, GObject)

/* @drug must belong to @library. @conc NULL: the drug's default concentration. */
SpInfusion            *sp_infusion_new                (SpDrugLibrary         *library,
                                                       const SpDrug          *drug,
                                                       const SpConcentration *conc);

/* An infusion as @data stores it (drug known to @library); fails when its
 * dose unit is not the drug's or its dose is above the hard limit. */
SpInfusion            *sp_infusion_new_from_data      (SpDrugLibrary         *library,
                                                       const SpCaseInfusion  *data,
                                                       GError               **error);
/* The infusion as a case file stores it. */
SpCaseInfusion        *sp_infusion_to_data            (SpInfusion            *self);
gboolean               sp_infusion_get_running        (SpInfusion            *self);

SpDrugLibrary         *sp_infusion_get_library        (SpInfusion            *self);
const SpDrug          *sp_infusion_get_drug           (SpInfusion            *self);
const char            *sp_infusion_get_drug_id        (SpInfusion            *self);

/* NULL when not recorded. */
const SpConcentration *sp_infusion_get_concentration  (SpInfusion            *self);
void                   sp_infusion_set_concentration  (SpInfusion            *self,
                                                       const SpConcentration *conc);

double                 sp_infusion_get_weight         (SpInfusion            *self);
void                   sp_infusion_set_weight         (SpInfusion            *self,
                                                       double                 weight_kg);

SpDoseUnit             sp_infusion_get_dose_unit      (SpInfusion            *self);
/* @unit must be one of the drug's dose units. A different unit clears the dose. */
void                   sp_infusion_set_dose_unit      (SpInfusion            *self,
                                                       SpDoseUnit             unit);

double                 sp_infusion_get_dose           (SpInfusion            *self);
/* NAN clears the dose; a negative or infinite dose is a programmer error.
 * A dose above the hard limit is refused (SP_INFUSION_ERROR_REFUSED, the
 * message names the limit): nothing changes. */
gboolean               sp_infusion_set_dose           (SpInfusion            *self,
                                                       double                 dose,
                                                       GError               **error);

double                 sp_infusion_get_rate           (SpInfusion            *self);
/* Sets the dose that @rate_ml_h gives; NAN clears dose and rate. Refused,
 * nothing changed, when the rate gives no dose (no concentration recorded,
 * no weight for a dose per kg) or one above the hard limit. */
gboolean               sp_infusion_set_rate           (SpInfusion            *self,
                                                       double                 rate_ml_h,
                                                       GError               **error);

SpLimitState           sp_infusion_get_limit_state    (SpInfusion            *self);
const char            *sp_infusion_get_message        (SpInfusion            *self);

/* TRUE when @new_dose (in the current dose unit) is more than twice or less
 * than half the current dose: the GUI asks for confirmation, showing
 * *out_message ("4× the running dose"). FALSE when there is no current dose
 * to compare with (none, or one refused at the hard limit), or @new_dose is
 * NAN or 0 (clearing or stopping). */
gboolean               sp_infusion_check_dose_change  (SpInfusion            *self,
                                                       double                 new_dose,
                                                       char                 **out_message);

G_END_DECLS
