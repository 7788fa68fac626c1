/* sp-protocol.h: the treatment algorithm as data (data/protocols/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A protocol file holds everything clinical about the algorithm: the inputs it
 * reads and what values of them are plausible, the criteria (three-valued
 * expressions over the inputs), the steps with their texts and actions, the
 * decision rules in order, the alerts, the monitoring items, evidence notes
 * and the references every item cites. Nothing of it is compiled in.
 */
#pragma once

#include <glib-object.h>

#include "sp-field.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

typedef enum {
  SP_SEVERITY_INFO,
  SP_SEVERITY_WARNING,
  SP_SEVERITY_SOFT_LIMIT,
  SP_SEVERITY_HARD_LIMIT,
} SpSeverity;

const char *sp_severity_to_string (SpSeverity severity);   /* "info", "soft-limit" ... */

/* What the protocol accepts for a number input. Absent bounds are NAN. */
typedef struct {
  SpField      field;
  double       min;            /* below: refused as implausible */
  double       max;            /* above: refused as implausible */
  double       warn_below;     /* below: accepted with a warning to confirm */
  double       warn_above;
  const char * const *cites;
} SpInputDef;

/* Whether a criterion that holds is good or bad news for the patient
 * (finding="good" / "bad" on <criterion>): "MAP >= 65 mmHg" holding is good,
 * "signs of hypoperfusion persist" holding is bad. A criterion that only says
 * what runs or was given ("norepinephrine runs") is neither. */
typedef enum {
  SP_FINDING_NEUTRAL,
  SP_FINDING_GOOD,
  SP_FINDING_BAD,
} SpFinding;

typedef struct {
  const char  *id;
  const char  *text;           /* "Systolic BP > 90 mmHg" */
  const char * const *cites;
  const char  *note;           /* e.g. "site threshold, not from the source"; may be NULL */
  gboolean     staging;        /* scope="staging": defines a staging (SCAI), not a step;
                                * shown with the staging, not among the step criteria */
  SpFinding    finding;        /* what its holding means for the patient */
} SpCriterion;

/* An action of a step; when it names a drug and a dose range the engine adds
 * the pump rates for the patient's weight at the default concentration. */
typedef struct {
  const char  *id;
  const char  *text;
  const char * const *cites;
  const char  *drug_id;        /* may be NULL */
  double       dose_min;       /* NAN if none ("up to dose_max") */
  double       dose_max;       /* NAN if none */
  gboolean     has_dose_unit;
  SpDoseUnit   dose_unit;
} SpAction;

typedef struct {
  const char  *text;
  const char * const *cites;
  SpSeverity   severity;       /* info or warning */
} SpStepNote;

typedef struct {
  const char  *id;             /* "step1-inotrope" */
  const char  *title;          /* "Step 1: inotrope first" */
  const char  *summary;        /* one line for the flowchart box */
  const char * const *cites;
  const char * const *criteria;    /* criterion ids shown on this step */
  const char * const *against;     /* of those, the ones whose holding argues
                                    * against the step (never NULL) */
  const char * const *next;        /* step ids the arrows lead to */
  int          column;             /* layout hint: 0-based column, row */
  int          row;
  GPtrArray   *actions;            /* SpAction* */
  GPtrArray   *notes;              /* SpStepNote* (evidence notes, differing guidelines) */
} SpStep;

/* A decision rule. A rule with no step (step_id NULL) is the protocol's
 * "awaiting data" outcome (<awaiting-data>): too little is entered for any
 * step to apply, no step is lit, and the reason names the inputs to enter. */
typedef struct {
  const char  *step_id;        /* NULL: awaiting data */
  const char  *reason;         /* "Norepinephrine runs and targets are not met: titrate" */
  const char * const *cites;
  const char * const *criteria;    /* the criteria its condition reads: why it holds */
} SpRule;

typedef struct {
  const char  *id;             /* "vasopressor-first-line" */
  SpSeverity   severity;
  const char  *message;
  const char * const *cites;
} SpAlertDef;

typedef struct {
  const char  *id;
  const char  *text;
  const char * const *cites;
  /* The patient fields the item concerns ("hr", "scvo2"): the assessment
   * shows their values beside it. Not criteria: nothing is decided on them. */
  const SpField *fields;
  guint        n_fields;
} SpMonitorItem;

typedef struct {
  const char  *id;             /* "seed-1" */
  const char  *text;           /* the full reference as the source gives it */
} SpReference;

/* One term of a score: the dose of @drug_id, in @dose_unit, times @factor.
 * A drug that does not run adds nothing. */
typedef struct {
  const char  *drug_id;
  SpDoseUnit   dose_unit;
  double       factor;
} SpScoreTerm;

/* A score computed from what runs ("nee", "vis"): the sum of its terms. */
typedef struct {
  const char        *id;            /* "nee", "vis": the key in evaluate --json */
  const char        *name;          /* "Norepinephrine-equivalent dose" */
  const char        *abbreviation;  /* "NEE" */
  gboolean           has_unit;      /* NEE is in mcg/kg/min; VIS has no unit */
  SpDoseUnit         unit;
  const char * const *cites;
  const SpScoreTerm *terms;
  guint              n_terms;
} SpScore;

/* One stage of a staging: its label ("C"), name ("Classic") and the
 * criterion that defines it. */
typedef struct {
  const char  *label;
  const char  *name;
  const char  *criterion_id;
  guint        criterion;           /* its index (sp_protocol_get_criterion ()) */
} SpStage;

/* A staging ("scai"): stages from the highest (worst) to the lowest. The
 * stage is the highest whose criterion is met, provided every higher one
 * is known to be unmet. */
typedef struct {
  const char         *id;
  const char         *name;         /* "SCAI SHOCK stage" */
  const char * const *cites;
  const SpStage      *stages;
  guint               n_stages;
} SpStaging;

#define SP_TYPE_PROTOCOL (sp_protocol_get_type ())
G_DECLARE_FINAL_TYPE (SpProtocol, sp_protocol, SP, PROTOCOL, GObject)

SpProtocol          *sp_protocol_new_default     (GError     **error);
SpProtocol          *sp_protocol_new_from_file   (const char  *path,
                                                  GError     **error);
SpProtocol          *sp_protocol_new_from_data   (const char  *data,
                                                  gsize        length,
                                                  const char  *name,
                                                  GError     **error);

const char          *sp_protocol_get_id          (SpProtocol  *self);
const char          *sp_protocol_get_name        (SpProtocol  *self);
const char          *sp_protocol_get_version     (SpProtocol  *self);
/* The document the protocol is drawn from (for the About window). */
const char          *sp_protocol_get_source      (SpProtocol  *self);
/* Where it was loaded from: a file path, or the resource of the shipped one. */
const char          *sp_protocol_get_file        (SpProtocol  *self);
/* "Decision support — verify before use ..." */
const char          *sp_protocol_get_disclaimer  (SpProtocol  *self);

const SpInputDef    *sp_protocol_get_input       (SpProtocol  *self,
                                                  SpField      field);

/* Parses what a user typed for @field: a number (with the field's unit
 * optionally written after it; any other unit is refused, e.g. "lb" for
 * weight) or one of the field's choices. Empty text gives an unset value.
 * Refuses implausible numbers with the accepted range. *out_warning (optional)
 * receives a translated "confirm" message when the value is accepted but
 * outside the warning range (weight under 40 kg). */
gboolean             sp_protocol_parse_field     (SpProtocol    *self,
                                                  SpField        field,
                                                  const char    *text,
                                                  SpNumberStyle  style,
                                                  SpFieldValue  *out_value,
                                                  char         **out_warning,
                                                  GError       **error);
/* Checks a number already parsed (a case file's value). */
gboolean             sp_protocol_check_number    (SpProtocol    *self,
                                                  SpField        field,
                                                  double         value,
                                                  char         **out_warning,
                                                  GError       **error);

guint                sp_protocol_get_n_steps     (SpProtocol  *self);
const SpStep        *sp_protocol_get_step        (SpProtocol  *self,
                                                  guint        index);
const SpStep        *sp_protocol_find_step       (SpProtocol  *self,
                                                  const char  *id);
guint                sp_protocol_get_n_criteria  (SpProtocol  *self);
const SpCriterion   *sp_protocol_get_criterion   (SpProtocol  *self,
                                                  guint        index);
const SpCriterion   *sp_protocol_find_criterion  (SpProtocol  *self,
                                                  const char  *id);
guint                sp_protocol_get_n_alerts    (SpProtocol  *self);
const SpAlertDef    *sp_protocol_get_alert       (SpProtocol  *self,
                                                  guint        index);
/* The scores (<scores>), in file order; and the staging, or NULL. */
guint                sp_protocol_get_n_scores    (SpProtocol  *self);
const SpScore       *sp_protocol_get_score       (SpProtocol  *self,
                                                  guint        index);
const SpStaging     *sp_protocol_get_staging     (SpProtocol  *self);
/* The target band of @field from the criterion with role="targets" (its
 * comparisons that must all hold): MAP >= 65 gives low 65, high NAN.
 * FALSE when the targets do not name @field. */
gboolean             sp_protocol_get_target      (SpProtocol  *self,
                                                  SpField      field,
                                                  double      *out_low,
                                                  double      *out_high);
guint                sp_protocol_get_n_monitoring (SpProtocol *self);
const SpMonitorItem *sp_protocol_get_monitoring  (SpProtocol  *self,
                                                  guint        index);
guint                sp_protocol_get_n_references (SpProtocol *self);
const SpReference   *sp_protocol_get_reference   (SpProtocol  *self,
                                                  guint        index);
const SpReference   *sp_protocol_find_reference  (SpProtocol  *self,
                                                  const char  *id);

G_END_DECLS
