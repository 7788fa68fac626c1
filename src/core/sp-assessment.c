/* sp-assessment.c: what the decision engine concluded for one patient state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-assessment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
  /* Every result, sized from the protocol (and for the dose alerts, the
   * infusions), in one allocation (@block). */
  gpointer           block;
  SpCriterionResult *criteria;
  guint              n_criteria;
  SpMonitorResult   *monitoring;
  guint              n_monitoring;
  guint              max_monitoring;
  SpScoreResult     *scores;
  guint              n_scores;
  guint              max_scores;
  SpAssessmentAlert *alerts;
  guint              n_alerts;
  guint              max_alerts;
  SpAssessmentAction *actions;
  guint              n_actions;
  guint              max_actions;
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
    case SP_RATE_BASIS_ON_RECORD: return "on-record";
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
sp_assessment_finalize (GObject *object)
{
  SpAssessment *self = SP_ASSESSMENT (object);
  GArray *no_fields = self->protocol != NULL ? sp_protocol_get_no_fields (self->protocol) : NULL;

  /* The fields arrays are the protocol's; a deciding_fields array is the
   * assessment's unless it is the protocol's empty one. */
  for (guint i = 0; i < self->n_criteria; i++)
    {
      GArray *deciding = self->criteria[i].deciding_fields;

      if (deciding != NULL && deciding != no_fields)
        g_array_unref (deciding);
    }
  if (self->staging.missing != no_fields)
    g_clear_pointer (&self->staging.missing, g_array_unref);
  for (guint i = 0; i < self->n_scores; i++)
    g_free (self->scores[i].unknown_reason);
  for (guint i = 0; i < self->n_alerts; i++)
    {
      g_free (self->alerts[i].owned_id);
      g_free ((char *) self->alerts[i].pub.message);
    }
  for (guint i = 0; i < self->n_actions; i++)
    {
      g_free ((char *) self->actions[i].pub.text);
      g_free ((char *) self->actions[i].pub.rate_range);
    }
  g_clear_pointer (&self->block, g_free);
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
}

void
sp_assessment_add_score (SpAssessment  *self,
                         SpScoreResult *score)
{
  g_return_if_fail (SP_IS_ASSESSMENT (self));
  g_return_if_fail (score != NULL);
  g_return_if_fail (self->n_scores < self->max_scores);

  self->scores[self->n_scores++] = *score;
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

  return self->n_scores;
}

const SpScoreResult *
sp_assessment_get_score (SpAssessment *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->n_scores, NULL);

  return &self->scores[index];
}

const SpScoreResult *
sp_assessment_find_score (SpAssessment *self,
                          const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->n_scores; i++)
    {
      const SpScoreResult *score = &self->scores[i];

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

/* @size rounded up so that what follows it is aligned for any result. */
static gsize
aligned (gsize size)
{
  return (size + 15) & ~(gsize) 15;
}

SpAssessment *
sp_assessment_new (SpProtocol           *protocol,
                   SpDrugLibrary        *drugs,
                   const SpPatientState *state,
                   guint                 n_infusions)
{
  SpAssessment *self;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  self = g_object_new (SP_TYPE_ASSESSMENT, NULL);
  self->protocol = g_object_ref (protocol);
  self->drugs = g_object_ref (drugs);
  self->state = *state;

  /* As many criteria as the protocol has; at most as many monitoring items,
   * scores and alerts, one dose alert per infusion, and as many actions as
   * the step with the most. */
  {
    const guint n_steps = sp_protocol_get_n_steps (protocol);
    gsize criteria_size, monitoring_size, scores_size, alerts_size;
    char *block;

    for (guint i = 0; i < n_steps; i++)
      self->max_actions = MAX (self->max_actions, sp_protocol_get_step (protocol, i)->actions->len);
    self->max_monitoring = sp_protocol_get_n_monitoring (protocol);
    self->max_scores = sp_protocol_get_n_scores (protocol);
    self->max_alerts = sp_protocol_get_n_alerts (protocol) + n_infusions;

    /* n_criteria stays 0 until the engine fills them (sp_assessment_set_n_criteria ()). */
    criteria_size = aligned (sp_protocol_get_n_criteria (protocol) * sizeof (SpCriterionResult));
    monitoring_size = aligned (self->max_monitoring * sizeof (SpMonitorResult));
    scores_size = aligned (self->max_scores * sizeof (SpScoreResult));
    alerts_size = aligned (self->max_alerts * sizeof (SpAssessmentAlert));

    /* Never empty: no arithmetic on a NULL block. Not zeroed: every result
     * is written whole as it is added. */
    block = g_malloc (criteria_size + monitoring_size + scores_size + alerts_size
                      + self->max_actions * sizeof (SpAssessmentAction) + 1);
    self->block = block;
    self->criteria = (SpCriterionResult *) (gpointer) block;
    block += criteria_size;
    self->monitoring = (SpMonitorResult *) (gpointer) block;
    block += monitoring_size;
    self->scores = (SpScoreResult *) (gpointer) block;
    block += scores_size;
    self->alerts = (SpAssessmentAlert *) (gpointer) block;
    block += alerts_size;
    self->actions = (SpAssessmentAction *) (gpointer) block;
  }
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
  g_return_val_if_fail (self->n_criteria == 0, NULL);
  g_return_val_if_fail (n == sp_protocol_get_n_criteria (self->protocol), NULL);

  self->n_criteria = n;
  memset (self->criteria, 0, n * sizeof (SpCriterionResult));
  return self->criteria;
}

SpAssessmentAlert *
sp_assessment_add_alert (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (self->n_alerts < self->max_alerts, NULL);

  memset (&self->alerts[self->n_alerts], 0, sizeof (SpAssessmentAlert));
  return &self->alerts[self->n_alerts++];
}

SpAssessmentAction *
sp_assessment_add_action (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (self->n_actions < self->max_actions, NULL);

  memset (&self->actions[self->n_actions], 0, sizeof (SpAssessmentAction));
  return &self->actions[self->n_actions++];
}

void
sp_assessment_add_monitoring (SpAssessment          *self,
                              const SpMonitorResult *item)
{
  g_return_if_fail (self->n_monitoring < self->max_monitoring);

  self->monitoring[self->n_monitoring++] = *item;
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
  for (guint i = 1; i < self->n_alerts; i++)
    {
      SpAssessmentAlert key = self->alerts[i];
      guint j = i;

      while (j > 0 && self->alerts[j - 1].pub.severity < key.pub.severity)
        {
          self->alerts[j] = self->alerts[j - 1];
          j--;
        }
      self->alerts[j] = key;
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
  return self->n_criteria;
}

const SpCriterionResult *
sp_assessment_get_criterion (SpAssessment *self,
                             guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->n_criteria, NULL);
  return &self->criteria[index];
}

const SpCriterionResult *
sp_assessment_find_criterion (SpAssessment *self,
                              const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->n_criteria; i++)
    {
      const SpCriterionResult *result = &self->criteria[i];

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
      SpTri state = self->criteria[index].state;

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
          || index >= self->n_criteria
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
sp_assessment_count_step_criteria (SpAssessment *self,
                                   const SpStep *step,
                                   guint        *out_n_for)
{
  guint n = 0, n_for = 0;

  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  g_return_val_if_fail (step != NULL, 0);

  for (guint k = 0; step->criteria != NULL && step->criteria[k] != NULL; k++)
    {
      const SpCriterionResult *result = sp_assessment_find_criterion (self, step->criteria[k]);
      gboolean against = step->against != NULL && g_strv_contains (step->against,
                                                                   step->criteria[k]);

      if (result == NULL)
        continue;
      n++;
      if (result->state == (against ? SP_TRI_UNMET : SP_TRI_MET))
        n_for++;
    }
  if (out_n_for != NULL)
    *out_n_for = n_for;
  return n;
}

guint
sp_assessment_get_n_alerts (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->n_alerts;
}

/* The alert with its message built. */
static const SpAlert *
alert_built (SpAssessment *self,
             guint         index)
{
  SpAssessmentAlert *alert = &self->alerts[index];

  if (alert->pub.message == NULL)
    alert->pub.message = sp_engine_build_alert_message (self, alert);
  return &alert->pub;
}

const SpAlert *
sp_assessment_get_alert (SpAssessment *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->n_alerts, NULL);
  return alert_built (self, index);
}

const SpAlert *
sp_assessment_find_alert (SpAssessment *self,
                          const char   *id)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);

  for (guint i = 0; i < self->n_alerts; i++)
    if (g_strcmp0 (self->alerts[i].pub.id, id) == 0)
      return alert_built (self, i);
  return NULL;
}

guint
sp_assessment_get_n_actions (SpAssessment *self)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), 0);
  return self->n_actions;
}

const SpActionResult *
sp_assessment_get_action (SpAssessment *self,
                          guint         index)
{
  SpAssessmentAction *action;

  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->n_actions, NULL);

  action = &self->actions[index];
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
  return self->n_monitoring;
}

const SpMonitorResult *
sp_assessment_get_monitoring (SpAssessment *self,
                              guint         index)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (index < self->n_monitoring, NULL);
  return &self->monitoring[index];
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
