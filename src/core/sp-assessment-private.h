/* sp-assessment-private.h: how the engine builds an assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine fills in what it decided (states, the step, which alerts and
 * actions, the numbers); the texts made of them (an alert's message, an
 * action's text and pump rates) are built by the engine's text builders
 * below when a getter first returns the alert or action, and kept.
 */
#pragma once

#include "sp-assessment.h"
#include "sp-drug-library.h"

G_BEGIN_DECLS

/* An alert and what its message is made of, until it is built. */
typedef struct {
  SpAlert             pub;        /* pub.message NULL until first read */
  char               *owned_id;   /* a dose alert's id ("norepinephrine-soft-limit"), else NULL */
  /* A protocol alert: its text (or the <instead> chosen), placeholders unfilled. */
  const char         *template;
  /* A dose alert: the drug, its running dose and the limit it crosses. */
  const SpDrug       *drug;
  double              dose;
  SpDoseUnit          dose_unit;
  SpLimitCheck        check;
} SpAssessmentAlert;

/* An action of the active step and what its text is made of. */
typedef struct {
  SpActionResult      pub;        /* pub.text and pub.rate_range NULL until first read */
  gboolean            built;
  const char         *template;   /* the action's text or the <instead> chosen */
  const SpDrug       *drug;       /* the action's drug in the library, or NULL */
} SpAssessmentAction;

/* Keeps @protocol and @drugs alive: the lazily built texts read both.
 * Room for the results of @protocol and a dose alert for each of
 * @n_infusions, allocated once. */
SpAssessment      *sp_assessment_new           (SpProtocol           *protocol,
                                                SpDrugLibrary        *drugs,
                                                const SpPatientState *state,
                                                guint                 n_infusions);
SpDrugLibrary     *sp_assessment_get_drugs     (SpAssessment         *self);
/* Makes room for @n criterion results, zeroed, in the protocol's order, and
 * returns them for the engine to fill. A result's fields array belongs to
 * the protocol (sp_protocol_get_criterion_fields ()); its deciding_fields
 * is the protocol's empty array unless the state is unknown, when the
 * assessment owns it. */
SpCriterionResult *sp_assessment_set_n_criteria (SpAssessment        *self,
                                                 guint                n);
/* A new alert or action, zeroed, for the engine to fill. The assessment
 * frees owned_id. */
SpAssessmentAlert *sp_assessment_add_alert     (SpAssessment         *self);
SpAssessmentAction *sp_assessment_add_action   (SpAssessment         *self);
void          sp_assessment_add_monitoring (SpAssessment       *self,
                                            const SpMonitorResult *item);
/* Takes the reason string of @score and the missing array of @staging
 * (unless it is the protocol's empty array). */
void          sp_assessment_add_score     (SpAssessment        *self,
                                           SpScoreResult       *score);
void          sp_assessment_set_staging   (SpAssessment        *self,
                                           SpStagingResult     *staging);
void          sp_assessment_set_decision  (SpAssessment        *self,
                                           const SpStep        *step,
                                           const SpRule        *rule);
/* Orders the alerts by severity, highest first, keeping the protocol's order otherwise. */
void          sp_assessment_sort_alerts   (SpAssessment        *self);

/* The engine's text builders (sp-engine.c), called by the getters. */
char         *sp_engine_build_alert_message (SpAssessment             *assessment,
                                             const SpAssessmentAlert  *alert);
void          sp_engine_build_action_text   (SpAssessment             *assessment,
                                             const SpAssessmentAction *action,
                                             char                    **out_text,
                                             char                    **out_rate_range);

G_END_DECLS
