/* sp-assessment-private.h: how the engine builds an assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-assessment.h"

G_BEGIN_DECLS

SpAssessment *sp_assessment_new          (SpProtocol           *protocol,
                                          const SpPatientState *state);
/* Each takes ownership of the arrays and strings inside @result. */
void          sp_assessment_add_criterion (SpAssessment        *self,
                                           SpCriterionResult   *result);
void          sp_assessment_add_alert     (SpAssessment        *self,
                                           SpAlert             *alert);
void          sp_assessment_add_action    (SpAssessment        *self,
                                           SpActionResult      *action);
void          sp_assessment_add_monitoring (SpAssessment       *self,
                                            const SpMonitorResult *item);
/* Takes the reason string of @score and the missing array of @staging. */
void          sp_assessment_add_score     (SpAssessment        *self,
                                           SpScoreResult       *score);
void          sp_assessment_set_staging   (SpAssessment        *self,
                                           SpStagingResult     *staging);
void          sp_assessment_set_decision  (SpAssessment        *self,
                                           const SpStep        *step,
                                           const SpRule        *rule);
/* Orders the alerts by severity, highest first, keeping the protocol's order otherwise. */
void          sp_assessment_sort_alerts   (SpAssessment        *self);

G_END_DECLS
