/* sp-assessment.h: what the decision engine concluded for one patient state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An SpAssessment does not change once the engine has made it: the engine
 * decides, views read. It keeps its protocol and drug library alive, so the
 * items it points to stay valid. The engine works out the states, the step,
 * which alerts and actions apply and their numbers; the texts made of them
 * (an alert's message, an action's text and pump rates) are built when
 * sp_assessment_get_alert (), _find_alert () or _get_action () first
 * returns that alert or action, and kept: read an assessment from one
 * thread.
 */
#pragma once

#include <glib-object.h>

#include "sp-field.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

typedef enum {
  SP_TRI_UNKNOWN,
  SP_TRI_UNMET,
  SP_TRI_MET,
} SpTri;

const char *sp_tri_to_string (SpTri state);   /* "unknown", "unmet", "met" */

typedef struct {
  const SpCriterion *criterion;
  SpTri              state;
  /* The inputs the criterion reads (SpField), and of those, the ones not
   * entered that would decide it (empty unless state is unknown). Both are
   * read-only, never NULL. */
  GArray            *fields;
  GArray            *deciding_fields;
} SpCriterionResult;

typedef struct {
  const char         *id;        /* "vasopressor-first-line", "norepinephrine-soft-limit" */
  SpSeverity          severity;
  const char         *message;   /* translated, numbers in the user's locale */
  const char * const *cites;
} SpAlert;

/* Which bag an action's pump rates assume. */
typedef enum {
  SP_RATE_BASIS_NONE,           /* no drug or no dose range: no rates */
  SP_RATE_BASIS_RUNNING,        /* the concentration of the infusion that runs */
  SP_RATE_BASIS_DEFAULT,        /* none runs: the drug library's standard bag */
  SP_RATE_BASIS_ON_RECORD,      /* an infusion of it is on record, with its bag,
                                 * and does not run (no dose yet, or stopped) */
  SP_RATE_BASIS_NOT_RECORDED,   /* it runs, its concentration is not recorded: no rates */
} SpRateBasis;

/* "running", "library-default", "on-record", "not-recorded"; NULL for
 * SP_RATE_BASIS_NONE. */
const char *sp_rate_basis_to_string (SpRateBasis basis);

typedef struct {
  const SpAction     *action;
  const char         *text;      /* the action's text with {dose} and {rate} filled in */
  /* With a drug, a dose range and a known weight (or a non-weight-based unit):
   * the pump rates at the concentration of the infusion of that drug that
   * runs, or at the library's standard bag when none runs (@basis says
   * which; one that runs without a recorded concentration gets no rates). */
  SpRateBasis         basis;
  gboolean            has_rates;
  double              rate_min_ml_h;
  double              rate_max_ml_h;
  /* The rates as shown, in the user's locale: "14.6–73.1 mL/h", or
   * "up to 9 mL/h" for a dose given only as a maximum (rate_min_ml_h NaN). */
  const char         *rate_range;
  SpConcentration     concentration;
} SpActionResult;

typedef struct {
  const SpMonitorItem *item;
  gboolean             emphasised;   /* e.g. an arterial line while a vasopressor runs */
  /* The fields the item concerns (the item's own: "hr", "scvo2"), whose
   * values are shown beside it: sp_assessment_format_monitor_values (). */
  const SpField       *fields;
  guint                n_fields;
} SpMonitorResult;

/* A score (sp-scores.h) for this state: a value, or unknown and why. */
typedef struct {
  const SpScore *score;
  gboolean       known;
  double         value;            /* when known */
  char          *unknown_reason;   /* translated, when not known */
} SpScoreResult;

/* The staging for this state: a stage, or unknown (stage NULL) with the
 * highest stage known to be met below the undecided ones (at_least, may be
 * NULL) and the inputs that would decide it. */
typedef struct {
  const SpStaging *staging;
  const SpStage   *stage;
  const SpStage   *at_least;
  GArray          *missing;        /* SpField */
} SpStagingResult;

#define SP_TYPE_ASSESSMENT (sp_assessment_get_type ())
G_DECLARE_FINAL_TYPE (SpAssessment, sp_assessment, SP, ASSESSMENT, GObject)

SpProtocol              *sp_assessment_get_protocol       (SpAssessment *self);
const SpPatientState    *sp_assessment_get_patient_state  (SpAssessment *self);

const SpStep            *sp_assessment_get_active_step    (SpAssessment *self);
/* The rule that chose the active step (its reason and citations). */
const SpRule            *sp_assessment_get_rule           (SpAssessment *self);

guint                    sp_assessment_get_n_criteria     (SpAssessment *self);
const SpCriterionResult *sp_assessment_get_criterion      (SpAssessment *self,
                                                           guint         index);
const SpCriterionResult *sp_assessment_find_criterion     (SpAssessment *self,
                                                           const char   *id);

/* What @result's state means for the patient: SP_FINDING_GOOD for a good
 * finding that holds or a bad one that does not, SP_FINDING_BAD for the
 * reverse, SP_FINDING_NEUTRAL for a neutral criterion or an unknown state.
 * Views colour a criterion by it (the protocol's finding="" attribute). */
SpFinding                sp_criterion_result_get_finding  (const SpCriterionResult *result);

/* A step's criteria (@step->criteria) as its box counts them for a step
 * that is not lit: how many point to it, into *out_n_for (a criterion that
 * holds; one of @step->against that does not: "no vasopressor runs", for
 * "targets met without one"); returns how many are known to the
 * assessment. */
guint                    sp_assessment_count_step_criteria (SpAssessment *self,
                                                            const SpStep *step,
                                                            guint        *out_n_for);

/* The active rule's conditions: how many of the criteria it reads
 * (sp_assessment_get_rule ()->criteria) hold as the rule asks ("targets
 * not met" holds when targets-met does not), into *out_n_hold; returns how
 * many there are (0 for the "otherwise" rule and for awaiting data). */
guint                    sp_assessment_count_rule_conditions (SpAssessment *self,
                                                              guint        *out_n_hold);

/* The alerts in the order every view shows them: the most severe first
 * (hard limit, soft limit, warning, info), one severity in the protocol's
 * order (the engine sorts them once). */
guint                    sp_assessment_get_n_alerts       (SpAssessment *self);
const SpAlert           *sp_assessment_get_alert          (SpAssessment *self,
                                                           guint         index);
const SpAlert           *sp_assessment_find_alert         (SpAssessment *self,
                                                           const char   *id);

/* The actions of the active step. */
guint                    sp_assessment_get_n_actions      (SpAssessment *self);
const SpActionResult    *sp_assessment_get_action         (SpAssessment *self,
                                                           guint         index);

guint                    sp_assessment_get_n_scores       (SpAssessment *self);
const SpScoreResult     *sp_assessment_get_score          (SpAssessment *self,
                                                           guint         index);
/* The score with @id ("nee", "vis"), or NULL. */
const SpScoreResult     *sp_assessment_find_score         (SpAssessment *self,
                                                           const char   *id);
/* NULL when the protocol has no staging. */
const SpStagingResult   *sp_assessment_get_staging        (SpAssessment *self);
guint                    sp_assessment_get_n_monitoring   (SpAssessment *self);
const SpMonitorResult   *sp_assessment_get_monitoring     (SpAssessment *self,
                                                           guint         index);

/* The patient's value behind @field as shown beside a criterion:
 * "85 mmHg", "65 mmHg (derived)", "altered", or "not entered". */
char                    *sp_assessment_format_value       (SpAssessment *self,
                                                           SpField       field,
                                                           SpNumberStyle style);

/* The patient's values of a monitoring item's fields, those that are known:
 * "HR 112 /min; ScvO₂ 58 %"; NULL when none is. */
char                    *sp_assessment_format_monitor_values (SpAssessment          *self,
                                                              const SpMonitorResult *result,
                                                              SpNumberStyle          style);

G_END_DECLS
