/* sp-assessment.c: what the decision engine concluded for one patient state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-assessment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-assessment-private.h"
#include "sp-core-enums.h"
#include "sp-protocol-private.h"

/* Read from one thread: a getter builds a text on first call and keeps it. */
struct _SpAssessment {
  GObject         parent_instance;

  SpProtocol     *protocol;
  SpDrugLibrary  *drugs;
  SpPatientState  state;
  const SpStep   *step;
  const SpRule   *rule;
  GArray         *criteria;     /* SpCriterionResult */
  GArray         *alerts;       /* SpAssessmentAlert */
  GArray         *actions;      /* SpAssessmentAction */
  GArray         *monitoring;   /* SpMonitorResult */
  GArray         *scores;       /* SpScoreResult */
  SpStagingResult staging;      /* staging NULL: none */
};

G_DEFINE_FINAL_TYPE (SpAssessment, sp_assessment, G_TYPE_OBJECT)

/* A table of its own: the contract says "library-default" where the enum's
 * nick is "default", and nothing for SP_RATE_BASIS_NONE. */
const char *
sp_rate_basis_to_string (SpRateBasis basis)
{
  switch (basis)
    {
    case SP_RATE_BASIS_RUNNING: return "running";
    case SP_RATE_BASIS_DEFAULT: return "library-default";
    case SP_RATE_BASIS_NOT_RECORDED: return "not-recorded";
    case SP_RATE_BASIS_NONE:
    default:
      return NULL;
    }
}

/* The nicks of SP_TYPE_TRI are the ids of the JSON contract ("met",
 * "unmet", "unknown"), exactly; test-engine pins them. */
const char *
sp_tri_to_string (SpTri state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_TRI);
  const GEnumValue *value = g_enum_get_value (klass, state);

  g_return_val_if_fail (value != NULL, "unknown");
  return value->value_nick;
}

static void
alert_clear (gpointer data)
{
  SpAssessmentAlert *alert = data;

  g_clear_pointer (&alert->owned_id, g_free);
  g_free ((char *) alert->pub.message);
}

static void
action_result_clear (gpointer data)
{
  SpAssessmentAction *action = data;

  g_free ((char *) action->pub.text);
  g_free ((char *) action->pub.rate_range);
}

static void
score_result_clear (gpointer data)
{
  SpScoreResult *score = data;

  g_clear_pointer (&score->unknown_reason, g_free);
}

static void
sp_assessment_finalize (GObject *object)
{
  SpAssessment *self = SP_ASSESSMENT (object);
  GArray *no_fields = self->protocol != NULL ? sp_protocol_get_no_fields (self->protocol) : NULL;

  /* The fields arrays are the protocol's; a deciding_fields array is the
   * assessment's unless it is the protocol's empty one. */
  for (guint i = 0; i < self->criteria->len; i++)
    {
      GArray *deciding = g_array_index (self->criteria, SpCriterionResult, i).deciding_fields;

      if (deciding != NULL && deciding != no_fields)
        g_array_unref (deciding);
    }
  if (self->staging.missing != no_fields)
    g_clear_pointer (&self->staging.missing, g_array_unref);
  g_clear_pointer (&self->scores, g_array_unref);
  g_clear_pointer (&self->criteria, g_array_unref);
  g_clear_pointer (&self->alerts, g_array_unref);
  g_clear_pointer (&self->actions, g_array_unref);
  g_clear_pointer (&self->monitoring, g_array_unref);
  g_clear_object (&self->drugs);
  g_clear_object (&self->protocol);

  G_OBJECT_CLASS (sp_assessment_parent_class)->finalize (object);
}

static void
sp_assessment_class_init (SpAssessmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_assessment_finalize;
}

static void
sp_assessment_init (SpAssessment *self)
{
  self->criteria = g_array_new (FALSE, TRUE, sizeof (SpCriterionResult));
  self->alerts = g_array_new (FALSE, TRUE, sizeof (SpAssessmentAlert));
  g_array_set_clear_func (self->alerts, alert_clear);
  self->actions = g_array_new (FALSE, TRUE, sizeof (SpAssessmentAction));
  g_array_set_clear_func (self->actions, action_result_clear);
  self->monitoring = g_array_new (FALSE, TRUE, sizeof (SpMonitorResult));
  self->scores = g_array_new (FALSE, TRUE, sizeof (SpScoreResult));
  g_array_set_clear_func (self->scores, score_result_clear);
}

void
sp_assessment_add_score (SpAssessment  *self,
                         SpScoreResult *score)
{
  g_return_if_fail (SP_IS_ASSESSMENT (self));
  g_return_if_fail (score != NULL);

  g_array_append_val (self->scores, *score);
}

void
sp_assessment_set_staging (SpAssessment    *self,
                           SpStagingResult *staging)
{
  g_return_if_fail (SP_IS_ASSESSMENT (self));
  g_return_if_fail (staging != NULL);
  g_return_if_fail (self->staging.missing == NULL);

  self->staging = *staging;
}

guint
sp_assessment_get_n_scores (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);

  return self->scores->len;
}

const SpScoreResult *
sp_assessment_get_score (SpAssessment *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->scores->len, NULL);

  return &g_array_index (self->scores, SpScoreResult, index);
}

const SpScoreResult *
sp_assessment_find_score (SpAssessment *self,
                          const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->scores->len; i++)
    {
      const SpScoreResult *score = &g_array_index (self->scores, SpScoreResult, i);

      if (g_strcmp0 (score->score->id, id) == 0)
        return score;
    }
  return NULL;
}

const SpStagingResult *
sp_assessment_get_staging (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  return self->staging.staging != NULL ? &self->staging : NULL;
}

SpAssessment *
sp_assessment_new (SpProtocol           *protocol,
                   SpDrugLibrary        *drugs,
                   const SpPatientState *state)
{
  SpAssessment *self;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  self = g_object_new (SP_TYPE_ASSESSMENT, NULL);
  self->protocol = g_object_ref (protocol);
  self->drugs = g_object_ref (drugs);
  self->state = *state;
  return self;
}

SpDrugLibrary *
sp_assessment_get_drugs (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  return self->drugs;
}

SpCriterionResult *
sp_assessment_set_n_criteria (SpAssessment *self,
                              guint         n)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (self->criteria->len == 0, NULL);

  g_array_set_size (self->criteria, n);
  return (SpCriterionResult *) (gpointer) self->criteria->data;
}

SpAssessmentAlert *
sp_assessment_add_alert (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  g_array_set_size (self->alerts, self->alerts->len + 1);
  return &g_array_index (self->alerts, SpAssessmentAlert, self->alerts->len - 1);
}

SpAssessmentAction *
sp_assessment_add_action (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  g_array_set_size (self->actions, self->actions->len + 1);
  return &g_array_index (self->actions, SpAssessmentAction, self->actions->len - 1);
}

void
sp_assessment_add_monitoring (SpAssessment          *self,
                              const SpMonitorResult *item)
{
  g_array_append_val (self->monitoring, *item);
}

void
sp_assessment_set_decision (SpAssessment *self,
                            const SpStep *step,
                            const SpRule *rule)
{
  self->step = step;
  self->rule = rule;
}

void
sp_assessment_sort_alerts (SpAssessment *self)
{
  /* Insertion sort: stable, and there are a handful of alerts. */
  for (guint i = 1; i < self->alerts->len; i++)
    {
      SpAssessmentAlert key = g_array_index (self->alerts, SpAssessmentAlert, i);
      guint j = i;

      while (j > 0 &&
             g_array_index (self->alerts, SpAssessmentAlert, j - 1).pub.severity < key.pub.severity)
        {
          g_array_index (self->alerts, SpAssessmentAlert, j) =
            g_array_index (self->alerts, SpAssessmentAlert, j - 1);
          j--;
        }
      g_array_index (self->alerts, SpAssessmentAlert, j) = key;
    }
}

SpProtocol *
sp_assessment_get_protocol (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  return self->protocol;
}

const SpPatientState *
sp_assessment_get_patient_state (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  return &self->state;
}

const SpStep *
sp_assessment_get_active_step (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  return self->step;
}

const SpRule *
sp_assessment_get_rule (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  return self->rule;
}

guint
sp_assessment_get_n_criteria (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->criteria->len;
}

const SpCriterionResult *
sp_assessment_get_criterion (SpAssessment *self,
                             guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->criteria->len, NULL);
  return &g_array_index (self->criteria, SpCriterionResult, index);
}

const SpCriterionResult *
sp_assessment_find_criterion (SpAssessment *self,
                              const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->criteria->len; i++)
    {
      const SpCriterionResult *result = &g_array_index (self->criteria, SpCriterionResult, i);

      if (g_strcmp0 (result->criterion->id, id) == 0)
        return result;
    }
  return NULL;
}

SpFinding
sp_criterion_result_get_finding (const SpCriterionResult *result)
{
  g_return_val_if_fail (result != NULL, SP_FINDING_NEUTRAL);

  if (result->state == SP_TRI_UNKNOWN || result->criterion->finding == SP_FINDING_NEUTRAL)
    return SP_FINDING_NEUTRAL;
  if ((result->criterion->finding == SP_FINDING_GOOD) == (result->state == SP_TRI_MET))
    return SP_FINDING_GOOD;
  return SP_FINDING_BAD;
}

/* The state of the condition @expr reads of the criterion @index (the first
 * reference to it), with the negations above it applied: "not targets-met"
 * holds when targets-met is unmet. FALSE when @expr does not refer to it. */
static gboolean
condition_state (SpAssessment *self,
                 const SpExpr *expr,
                 guint         index,
                 gboolean      negated,
                 SpTri        *out_state)
{
  if (expr->kind == SP_EXPR_REF && expr->criterion == index)
    {
      SpTri state = g_array_index (self->criteria, SpCriterionResult, index).state;

      if (expr->unmet_or_unknown)
        state = state == SP_TRI_MET ? SP_TRI_UNMET : SP_TRI_MET;
      if (negated && state != SP_TRI_UNKNOWN)
        state = state == SP_TRI_MET ? SP_TRI_UNMET : SP_TRI_MET;
      *out_state = state;
      return TRUE;
    }
  for (guint i = 0; expr->children != NULL && i < expr->children->len; i++)
    if (condition_state (self, g_ptr_array_index (expr->children, i), index,
                         negated != (expr->kind == SP_EXPR_NOT), out_state))
      return TRUE;
  return FALSE;
}

guint
sp_assessment_count_rule_conditions (SpAssessment *self,
                                     guint        *out_n_hold)
{
  const SpProtocolRule *rule;
  guint n = 0, n_hold = 0;

  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);

  rule = (const SpProtocolRule *) self->rule;
  for (guint i = 0; rule != NULL && rule->expr != NULL && self->step != NULL
       && rule->pub.criteria != NULL && rule->pub.criteria[i] != NULL; i++)
    {
      guint index;
      SpTri state;

      if (!sp_protocol_lookup_criterion (self->protocol, rule->pub.criteria[i], &index)
          || index >= self->criteria->len
          || !condition_state (self, rule->expr, index, FALSE, &state))
        continue;
      n++;
      if (state == SP_TRI_MET)
        n_hold++;
    }
  if (out_n_hold != NULL)
    *out_n_hold = n_hold;
  return n;
}

guint
sp_assessment_get_n_alerts (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->alerts->len;
}

/* The alert with its message built. */
static const SpAlert *
alert_built (SpAssessment *self,
             guint         index)
{
  SpAssessmentAlert *alert = &g_array_index (self->alerts, SpAssessmentAlert, index);

  if (alert->pub.message == NULL)
    alert->pub.message = sp_engine_build_alert_message (self, alert);
  return &alert->pub;
}

const SpAlert *
sp_assessment_get_alert (SpAssessment *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->alerts->len, NULL);
  return alert_built (self, index);
}

const SpAlert *
sp_assessment_find_alert (SpAssessment *self,
                          const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->alerts->len; i++)
    if (g_strcmp0 (g_array_index (self->alerts, SpAssessmentAlert, i).pub.id, id) == 0)
      return alert_built (self, i);
  return NULL;
}

guint
sp_assessment_get_n_actions (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->actions->len;
}

const SpActionResult *
sp_assessment_get_action (SpAssessment *self,
                          guint         index)
{
  SpAssessmentAction *action;

  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->actions->len, NULL);

  action = &g_array_index (self->actions, SpAssessmentAction, index);
  if (!action->built)
    {
      char *text = NULL, *rate_range = NULL;

      sp_engine_build_action_text (self, action, &text, &rate_range);
      action->pub.text = text;
      action->pub.rate_range = rate_range;
      action->built = TRUE;
    }
  return &action->pub;
}

guint
sp_assessment_get_n_monitoring (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->monitoring->len;
}

const SpMonitorResult *
sp_assessment_get_monitoring (SpAssessment *self,
                              guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->monitoring->len, NULL);
  return &g_array_index (self->monitoring, SpMonitorResult, index);
}

char *
sp_assessment_format_value (SpAssessment  *self,
                            SpField        field,
                            SpNumberStyle  style)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);

  return sp_patient_state_format_value (&self->state, field, style);
}

char *
sp_assessment_format_monitor_values (SpAssessment          *self,
                                     const SpMonitorResult *result,
                                     SpNumberStyle          style)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->n_fields; i++)
    {
      SpField field = result->fields[i];
      g_autofree char *value = NULL;
      double number;

      /* Only what is known: a monitoring line lists values, it does not ask. */
      if (!sp_patient_state_is_set (&self->state, field) &&
          (sp_field_get_info (field)->kind != SP_FIELD_KIND_NUMBER ||
           !sp_patient_state_get_effective (&self->state, field, &number, NULL)))
        continue;
      value = sp_assessment_format_value (self, field, style);
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s %s", sp_field_get_short_label (field), value);
    }
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}
