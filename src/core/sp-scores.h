/* sp-scores.h: scores computed from what runs (norepinephrine-equivalent
 * dose, vasoactive-inotropic score) and the staging (SCAI SHOCK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The definitions are data (the protocol's <scores>, sp-protocol.h): a
 * site changes a coefficient in its protocol file, not here. A score whose
 * inputs are missing (a weight-based term without a weight, a drug that
 * runs at a dose not recorded) is unknown and says why, never 0.
 */
#pragma once

#include "sp-assessment.h"
#include "sp-drug-library.h"
#include "sp-field.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

#define SP_SCORE_ERROR (sp_score_error_quark ())

typedef enum {
  SP_SCORE_ERROR_MISSING_WEIGHT,   /* a per-kg term and no weight */
  SP_SCORE_ERROR_DOSE_UNKNOWN,     /* a term's drug runs at a dose not recorded */
  SP_SCORE_ERROR_UNIT,             /* a dose that cannot be put in the term's unit */
} SpScoreError;

GQuark   sp_score_error_quark (void);

/* The sum over @score's terms of the running dose of the term's drug
 * (@infusions: SpCaseInfusion*), converted to the term's unit with the
 * weight of @state, times the term's factor; 0 when none of its drugs
 * runs. FALSE, with the reason (translated, naming the drug) when a term
 * cannot be computed. */
gboolean sp_score_compute (const SpScore        *score,
                           SpDrugLibrary        *drugs,
                           const SpPatientState *state,
                           GPtrArray            *infusions,
                           double               *out_value,
                           GError              **error);

/* sp_score_compute () with the drugs looked up already, for the engine,
 * which looks each up once per evaluation: @term_drugs[i] is the library's
 * drug of term i of @score, @infusion_drugs[j] that of infusion j (NULL for
 * one the library does not carry). */
gboolean sp_score_compute_resolved (const SpScore        *score,
                                    const SpDrug * const *term_drugs,
                                    GPtrArray            *infusions,
                                    const SpDrug * const *infusion_drugs,
                                    const SpPatientState *state,
                                    double               *out_value,
                                    GError              **error);

/* The stage of @staging from the criteria's states (@states[i] is the
 * state of criterion i of the protocol, SpTri): the highest stage whose
 * criterion is met, provided every higher one is unmet. Otherwise NULL,
 * with *out_at_least (optional) the highest stage met below an unknown
 * one (or NULL). */
const SpStage *sp_staging_decide (const SpStaging *staging,
                                  const int       *states,
                                  const SpStage  **out_at_least);

/* The score as people read it: "0.175 mcg/kg/min", "27.5", or "unknown
 * (no weight: ...)". */
char          *sp_score_format_value (const SpScoreResult   *result,
                                      SpNumberStyle          style);
/* The stage as people read it: "C (Classic)", or "unknown: at least C;
 * Lactate would decide it". */
char          *sp_staging_format     (const SpStagingResult *result);

/* Every score and the stage in one line: "NEE 0.1 mcg/kg/min · VIS 15 ·
 * SCAI D (Deteriorating)". */
char          *sp_scores_format_line (SpAssessment          *assessment,
                                      SpNumberStyle          style);
/* The active step and that line: "Step 3: norepinephrine · NEE ...". */
char          *sp_assessment_format_step_and_scores (SpAssessment  *assessment,
                                                     SpNumberStyle  style);

G_END_DECLS
