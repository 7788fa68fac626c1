/* sp-therapy.h: what runs is the infusions; the therapy fields follow from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One truth (DESIGN.md): the record of what runs is a list of infusions
 * (SpCaseInfusion: drug, concentration, dose with its unit, running or not).
 * The protocol's criteria read the therapy fields of a patient state
 * ("inotrope", "inotrope-dose", "norepinephrine", "vasopressin",
 * "epinephrine"); those are derived here from the infusions and never typed.
 * The reverse, sp_therapy_infusions_from_fields (), reads the fields as
 * shorthand for infusions: older case files and `--set norepinephrine=0.1`.
 *
 * Plain data in, plain data out: no GObject, no I/O.
 */
#pragma once

#include <glib.h>

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-field.h"

G_BEGIN_DECLS

/* Sets the therapy fields of @state from @infusions (SpCaseInfusion*, drug ids
 * of @drugs), replacing whatever they held:
 *   - a number field (norepinephrine, vasopressin, epinephrine) holds the
 *     running dose of its drug in the field's unit (mcg/min divided by the
 *     state's weight for mcg/kg/min; units/h divided by 60 for units/min);
 *     a drug that runs at a dose the field cannot express (no weight, or not
 *     recorded) is running with its dose unknown; not running: not set;
 *   - "inotrope" is the first inotrope infusion that runs ("none" when none
 *     does) and "inotrope-dose" its dose in mcg/kg/min when known.
 * An infusion at dose 0 or without a dose does not run. */
void          sp_therapy_derive_fields         (SpDrugLibrary        *drugs,
                                                GPtrArray            *infusions,
                                                SpPatientState       *state);
/* The same with each infusion's drug already looked up: @infusion_drugs[i]
 * is that of @infusions[i], NULL when the library lacks it. */
void          sp_therapy_derive_fields_resolved (GPtrArray            *infusions,
                                                 const SpDrug * const *infusion_drugs,
                                                 SpPatientState       *state);

/* The dose @field (norepinephrine, vasopressin, epinephrine or
 * inotrope-dose) holds in @state, whose therapy fields were derived from the
 * infusions: 0 when no infusion of the drug runs (for inotrope-dose: no
 * inotrope runs); FALSE when one runs at a dose not known in the field's
 * unit. */
gboolean      sp_therapy_get_dose              (const SpPatientState *state,
                                                SpField               field,
                                                double               *out_dose);

/* The infusions the therapy fields of @state stand for, appended to
 * @infusions for every drug that has no infusion there yet (an infusion
 * already in @infusions is the truth and wins), without a concentration:
 * norepinephrine, vasopressin and epinephrine at the field's dose in the
 * field's unit; "inotrope" at "inotrope-dose" in mcg/kg/min, or running at a
 * dose not recorded without it. The therapy fields of @state are then unset.
 * Fails, naming the field, for "inotrope-dose" without an inotrope, or an
 * inotrope the drug library does not have. @lines (may be NULL) gives each
 * field's line in @name for the message. */
gboolean      sp_therapy_infusions_from_fields (SpDrugLibrary        *drugs,
                                                SpPatientState       *state,
                                                const int            *lines,
                                                const char           *name,
                                                GPtrArray            *infusions,
                                                GError              **error);

/* The infusion of @drug in @infusions (SpCaseInfusion*, ids or synonyms of
 * @drugs), or NULL. */
const SpCaseInfusion *sp_therapy_find         (SpDrugLibrary        *drugs,
                                                GPtrArray            *infusions,
                                                const SpDrug         *drug);

/* The drug a therapy field stands for, given the state ("inotrope-dose" and
 * "inotrope": the state's inotrope), or NULL. */
const SpDrug *sp_therapy_field_drug            (SpDrugLibrary        *drugs,
                                                const SpPatientState *state,
                                                SpField               field);

G_END_DECLS
