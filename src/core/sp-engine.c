/* sp-engine.c: the decision engine, a pure function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (protocol, drug library, patient state) -> assessment. Criteria are
 * three-valued (Kleene logic: an input not entered is unknown, never silently
 * false; a drug that does not run has a dose of 0, known); the rules of the
 * protocol are tried in order and the first whose condition is met chooses
 * the step. Everything clinical comes from the
 * protocol and the drug library; this file only knows how to evaluate them.
 *
 * Evaluation runs on every keystroke, so it decides and counts and does not
 * write: the texts (alert messages, action texts with doses and pump rates)
 * are built by sp_engine_build_alert_message () and _build_action_text ()
 * when the assessment's getters first return them. Which inputs a criterion
 * reads does not depend on the state: the protocol keeps them. An
 * evaluation allocates the assessment, its arrays, and an array of
 * deciding fields for each criterion that is unknown. The drugs the
 * protocol's ids name in a library are looked up once: the protocol keeps
 * them for the next evaluation against the same library object
 * (sp_protocol_keep_drug_memo ()); both are immutable once loaded.
 */
#define G_LOG_DOMAIN "sp-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-assessment-private.h"
#include "sp-dose.h"
#include "sp-engine.h"
#include "sp-format.h"
#include "sp-scores.h"
#include "sp-protocol-private.h"
#include "sp-therapy.h"

typedef struct {
  const SpPatientState    *state;
  GPtrArray               *infusions;  /* SpCaseInfusion*: what runs */
  const SpDrug           **running;    /* the library's drug of each infusion, or NULL */
  const SpCriterionResult *results;    /* by criterion index, those before the one evaluated */
  SpDrugLibrary           *drugs;
  /* The drugs found for the protocol's ids (the same drug is named by
   * several actions and score terms), starting from what the protocol kept
   * from its last evaluation against the same library. */
  SpDrugMemo               memo;
} Context;

/* sp_drug_library_lookup () of one of the protocol's drug ids, once per id
 * string and library. */
static const SpDrug *
lookup_drug (Context    *ctx,
             const char *id)
{
  SpDrugMemo *memo = &ctx->memo;
  const SpDrug *drug;

  for (guint i = 0; i < memo->len; i++)
    if (memo->ids[i] == id)
      return memo->drugs[i];
  drug = sp_drug_library_lookup (ctx->drugs, id);
  if (memo->len < SP_DRUG_MEMO_SIZE)
    {
      memo->ids[memo->len] = id;
      memo->drugs[memo->len++] = drug;
    }
  return drug;
}

/* The first infusion of @drug, as sp_therapy_find () finds it, or NULL. */
static const SpCaseInfusion *
find_infusion (const Context *ctx,
               const SpDrug  *drug)
{
  for (guint i = 0; drug != NULL && i < ctx->infusions->len; i++)
    if (ctx->running[i] == drug)
      return g_ptr_array_index (ctx->infusions, i);
  return NULL;
}

/* Fields, each once, in the order they were added: on the stack. */
typedef struct {
  guint32 seen;                   /* bit i: field i is in */
  guint   len;
  SpField items[SP_N_FIELDS];
} FieldSet;

G_STATIC_ASSERT (SP_N_FIELDS <= 32);

/* Empty: only the counters are set, the items are written before read. */
#define FIELD_SET_INIT(set) G_STMT_START { (set).seen = 0; (set).len = 0; } G_STMT_END

static inline void
add_field (FieldSet *set,
           SpField   field)
{
  if ((set->seen & (1u << field)) != 0)
    return;
  set->seen |= 1u << field;
  set->items[set->len++] = field;
}

static void
add_fields (FieldSet     *set,
            const GArray *more)
{
  for (guint i = 0; i < more->len; i++)
    add_field (set, g_array_index (more, SpField, i));
}

static void
add_field_set (FieldSet       *set,
               const FieldSet *more)
{
  for (guint i = 0; i < more->len; i++)
    add_field (set, more->items[i]);
}

/* @set as an array: the protocol's empty one when it is empty. */
static GArray *
field_set_to_array (SpProtocol     *protocol,
                    const FieldSet *set)
{
  GArray *array;

  if (set->len == 0)
    return sp_protocol_get_no_fields (protocol);
  array = g_array_sized_new (FALSE, FALSE, sizeof (SpField), set->len);
  g_array_append_vals (array, set->items, set->len);
  return array;
}

static SpTri
tri_from_bool (gboolean value)
{
  return value ? SP_TRI_MET : SP_TRI_UNMET;
}

static SpTri
tri_not (SpTri value)
{
  switch (value)
    {
    case SP_TRI_MET: return SP_TRI_UNMET;
    case SP_TRI_UNMET: return SP_TRI_MET;
    case SP_TRI_UNKNOWN:
    default:
      return SP_TRI_UNKNOWN;
    }
}

/* The fields not entered that would decide a leaf about @field. A MAP not
 * entered can also be decided by entering SBP and DBP. */
static void
add_missing (FieldSet             *unknown,
             const SpPatientState *state,
             SpField               field)
{
  if (unknown == NULL)
    return;
  add_field (unknown, field);
  if (field == SP_FIELD_MAP)
    {
      if (!sp_patient_state_is_set (state, SP_FIELD_SBP))
        add_field (unknown, SP_FIELD_SBP);
      if (!sp_patient_state_is_set (state, SP_FIELD_DBP))
        add_field (unknown, SP_FIELD_DBP);
    }
}

/* A number the criteria compare: the value entered (MAP also derived), or
 * a drug's dose, which is 0 when the drug does not run, not unknown. */
static gboolean
get_number (const SpPatientState *state,
            SpField               field,
            double               *out_value)
{
  if (sp_field_is_therapy (field))
    return sp_therapy_get_dose (state, field, out_value);
  return sp_patient_state_get_effective (state, field, out_value, NULL);
}

static gboolean
compare (SpCompareOp op,
         double      a,
         double      b)
{
  switch (op)
    {
    case SP_COMPARE_LT: return a < b;
    case SP_COMPARE_LE: return a <= b;
    case SP_COMPARE_GT: return a > b;
    case SP_COMPARE_GE: return a >= b;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Evaluates @expr. @unknown, when not NULL, collects the inputs that would
 * decide it, filled only when the result is unknown. (The inputs it reads
 * are the protocol's: sp_protocol_get_criterion_fields ().) */
static SpTri
eval (const Context *ctx,
      const SpExpr  *expr,
      FieldSet      *unknown)
{
  const SpPatientState *state = ctx->state;

  switch (expr->kind)
    {
    case SP_EXPR_COMPARE:
      {
        double value, other = expr->value;
        gboolean known, other_known = TRUE;

        known = get_number (state, expr->field, &value);
        if (expr->with_field)
          other_known = get_number (state, expr->other_field, &other);
        if (!known || !other_known)
          {
            if (!known)
              add_missing (unknown, state, expr->field);
            if (!other_known)
              add_missing (unknown, state, expr->other_field);
            return SP_TRI_UNKNOWN;
          }
        return tri_from_bool (compare (expr->op, value, other));
      }

    case SP_EXPR_IS:
      if (!sp_patient_state_is_set (state, expr->field))
        {
          add_missing (unknown, state, expr->field);
          return SP_TRI_UNKNOWN;
        }
      return tri_from_bool ((expr->choices & (1u << state->values[expr->field].choice)) != 0);

    case SP_EXPR_RUNNING:
      {
        const SpFieldValue *v = &state->values[expr->field];

        if (!v->set)
          return SP_TRI_UNMET;
        if (sp_field_get_info (expr->field)->kind == SP_FIELD_KIND_NUMBER)
          return tri_from_bool (isnan (v->number) || v->number > 0);
        return tri_from_bool ((int) v->choice != sp_field_choice_index (expr->field, "none"));
      }

    case SP_EXPR_ENTERED:
      return tri_from_bool (sp_patient_state_is_set (state, expr->field));

    case SP_EXPR_ALL:
    case SP_EXPR_ANY:
      {
        /* Kleene: ALL is unmet if any child is unmet, ANY is met if any child
         * is met; otherwise an unknown child makes the whole unknown. */
        const SpTri decisive = expr->kind == SP_EXPR_ALL ? SP_TRI_UNMET : SP_TRI_MET;
        const SpTri otherwise = expr->kind == SP_EXPR_ALL ? SP_TRI_MET : SP_TRI_UNMET;
        FieldSet child_unknown;
        gboolean any_unknown = FALSE;

        FIELD_SET_INIT (child_unknown);
        for (guint i = 0; i < expr->children->len; i++)
          {
            SpTri r = eval (ctx, g_ptr_array_index (expr->children, i),
                            unknown != NULL ? &child_unknown : NULL);

            /* The children after a decisive one cannot change the result,
             * nor, once decided, what would decide it (nothing). */
            if (r == decisive)
              return decisive;
            if (r == SP_TRI_UNKNOWN)
              any_unknown = TRUE;
          }
        if (any_unknown)
          {
            if (unknown != NULL)
              add_field_set (unknown, &child_unknown);
            return SP_TRI_UNKNOWN;
          }
        return otherwise;
      }

    case SP_EXPR_AT_LEAST:
      {
        /* Met once @count children are met; unmet once so many can no
         * longer be met (too many unmet); unknown in between. */
        FieldSet child_unknown;
        guint met = 0, unmet = 0;
        const guint n = expr->children->len;

        FIELD_SET_INIT (child_unknown);
        for (guint i = 0; i < n; i++)
          {
            SpTri r = eval (ctx, g_ptr_array_index (expr->children, i),
                            unknown != NULL ? &child_unknown : NULL);

            if (r == SP_TRI_MET)
              met++;
            else if (r == SP_TRI_UNMET)
              unmet++;
          }
        if (met >= expr->count)
          return SP_TRI_MET;
        if (n - unmet < expr->count)
          return SP_TRI_UNMET;
        if (unknown != NULL)
          add_field_set (unknown, &child_unknown);
        return SP_TRI_UNKNOWN;
      }

    case SP_EXPR_NOT:
      return tri_not (eval (ctx, g_ptr_array_index (expr->children, 0), unknown));

    case SP_EXPR_REF:
      {
        const SpCriterionResult *ref = &ctx->results[expr->criterion];

        if (expr->unmet_or_unknown)
          return tri_from_bool (ref->state != SP_TRI_MET);
        if (ref->state == SP_TRI_UNKNOWN && unknown != NULL)
          add_fields (unknown, ref->deciding_fields);
        return ref->state;
      }

    default:
      g_return_val_if_reached (SP_TRI_UNKNOWN);
    }
}

static SpTri
eval_condition (const Context *ctx,
                const SpExpr  *expr)
{
  return eval (ctx, expr, NULL);
}

static void
evaluate_criteria (SpProtocol   *protocol,
                   Context      *ctx,
                   SpAssessment *assessment)
{
  guint n;
  const SpProtocolCriterion * const *criteria = sp_protocol_peek_criteria (protocol, &n);
  SpCriterionResult *results = sp_assessment_set_n_criteria (assessment, n);
  GArray *no_fields = sp_protocol_get_no_fields (protocol);

  ctx->results = results;
  /* A criterion refers only to criteria before it: one pass in file order. */
  for (guint i = 0; i < n; i++)
    {
      SpCriterionResult *result = &results[i];
      FieldSet unknown;

      FIELD_SET_INIT (unknown);
      result->criterion = &criteria[i]->pub;
      result->fields = criteria[i]->fields != NULL ? criteria[i]->fields : no_fields;
      result->state = eval (ctx, criteria[i]->expr, &unknown);
      result->deciding_fields = result->state == SP_TRI_UNKNOWN
                                ? field_set_to_array (protocol, &unknown) : no_fields;
    }
}

static void
decide (SpProtocol   *protocol,
        const Context *ctx,
        SpAssessment *assessment)
{
  guint n;
  const SpProtocolRule * const *rules = sp_protocol_peek_rules (protocol, &n);

  for (guint i = 0; i < n; i++)
    {
      const SpExpr *expr = rules[i]->expr;
      const SpRule *rule = &rules[i]->pub;

      /* The last rule is "otherwise" (no condition). A rule without a step
       * is "awaiting data": no step is lit, its reason asks for the values. */
      if (expr == NULL || eval_condition (ctx, expr) == SP_TRI_MET)
        {
          sp_assessment_set_decision (assessment,
                                      rule->step_id != NULL
                                      ? sp_protocol_find_step (protocol, rule->step_id) : NULL,
                                      rule);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The text of the first alternative whose condition is met, else @text. */
static const char *
pick_text (const Context *ctx,
           GPtrArray     *alternatives,
           const char    *text)
{
  for (guint i = 0; alternatives != NULL && i < alternatives->len; i++)
    {
      const SpTextAlternative *alternative = g_ptr_array_index (alternatives, i);

      if (eval_condition (ctx, alternative->when) == SP_TRI_MET)
        return alternative->text;
    }
  return text;
}

/* Fills the "{field-id}" placeholders of a protocol text with the patient's
 * values as the assessment shows them ("84 mmHg", "intra-aortic balloon
 * pump"), so that a message names the numbers it is about. */
static char *
fill_fields (SpAssessment *assessment,
             const char   *text)
{
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; strchr (out->str, '{') != NULL && i < SP_N_FIELDS; i++)
    {
      g_autofree char *token = g_strdup_printf ("{%s}", sp_field_get_info (i)->id);

      if (strstr (out->str, token) != NULL)
        {
          g_autofree char *value = sp_assessment_format_value (assessment, i, SP_NUMBER_LOCALE);

          g_string_replace (out, token, value, 0);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sp_engine_build_alert_message (SpAssessment            *assessment,
                               const SpAssessmentAlert *alert)
{
  g_return_val_if_fail (SP_IS_ASSESSMENT (assessment), NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  if (alert->drug != NULL)
    return sp_drug_describe_limit (alert->drug, alert->dose, alert->dose_unit, &alert->check,
                                   SP_NUMBER_LOCALE);
  return fill_fields (assessment, alert->template);
}

/* TRUE if the protocol's dose check @check covers @drug. */
static gboolean
dose_check_covers (const SpDoseCheck *check,
                   const SpDrug      *drug)
{
  const char *id = sp_drug_get_id (drug);

  if (check->drug_id != NULL)
    return g_str_equal (check->drug_id, id);
  return sp_field_choice_index (check->drug_field, id) >= 0;
}

/* Running doses above the drug library's soft or hard limit, each checked in
 * its own unit and, with the weight, in the drug's other units (250 mcg/min
 * against the mcg/min limits, and at 50 kg against the mcg/kg/min ones),
 * for the drugs the protocol's dose checks name. */
static void
check_doses (SpProtocol    *protocol,
             const Context *ctx,
             double         weight_kg,
             SpAssessment  *assessment)
{
  const guint n = sp_protocol_get_n_dose_checks (protocol);

  for (guint i = 0; i < ctx->infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (ctx->infusions, i);
      const SpDrug *drug = ctx->running[i];
      const SpDoseLimits *limits;
      SpLimitCheck check;
      SpAssessmentAlert *alert;
      gboolean covered = FALSE;

      if (drug == NULL || !infusion->has_dose || infusion->dose <= 0)
        continue;
      for (guint j = 0; j < n && !covered; j++)
        covered = dose_check_covers (sp_protocol_get_dose_check (protocol, j), drug);
      if (!covered)
        continue;

      limits = sp_drug_find_dose_limits (drug, infusion->dose_unit);
      if (limits == NULL ||
          !sp_drug_check_dose (drug, infusion->dose, infusion->dose_unit, weight_kg, &check,
                               NULL) ||
          check.state == SP_LIMIT_OK)
        continue;

      /* The message is built when it is read (sp_engine_build_alert_message ()). */
      alert = sp_assessment_add_alert (assessment);
      alert->owned_id = g_strconcat (sp_drug_get_id (drug),
                                     check.state == SP_LIMIT_HARD ? "-hard-limit" : "-soft-limit",
                                     NULL);
      alert->pub.id = alert->owned_id;
      alert->pub.severity = check.state == SP_LIMIT_HARD ? SP_SEVERITY_HARD_LIMIT
                                                         : SP_SEVERITY_SOFT_LIMIT;
      alert->pub.cites = sp_drug_find_dose_limits (drug, check.limit_unit)->limit_cites;
      alert->drug = drug;
      alert->dose = infusion->dose;
      alert->dose_unit = infusion->dose_unit;
      alert->check = check;
    }
}

static void
raise_alerts (SpProtocol    *protocol,
              const Context *ctx,
              SpAssessment  *assessment)
{
  guint n;
  const SpProtocolAlert * const *alerts = sp_protocol_peek_alerts (protocol, &n);

  for (guint i = 0; i < n; i++)
    {
      const SpAlertDef *def = &alerts[i]->pub;
      SpAssessmentAlert *alert;

      if (eval_condition (ctx, alerts[i]->expr) != SP_TRI_MET)
        continue;
      /* The message is built when it is read (sp_engine_build_alert_message ()). */
      alert = sp_assessment_add_alert (assessment);
      alert->pub.id = def->id;
      alert->pub.severity = def->severity;
      alert->pub.cites = def->cites;
      alert->template = pick_text (ctx, alerts[i]->alternatives, def->message);
    }

  check_doses (protocol, ctx, sp_patient_state_get_number (ctx->state, SP_FIELD_WEIGHT),
               assessment);
  sp_assessment_sort_alerts (assessment);
}

/* "2.5–10 mcg/kg/min", or "up to 0.03 units/min" without a minimum. */
static char *
format_range (double      lo,
              double      hi,
              const char *unit,
              int         decimals)
{
  g_autofree char *hi_text = NULL;

  hi_text = decimals < 0 ? sp_format_significant (hi, 3, SP_NUMBER_LOCALE)
                         : sp_format_decimal (hi, decimals, SP_NUMBER_LOCALE);
  if (isnan (lo))
    /* Translators: a dose or rate with only a maximum, e.g. "up to 0.03 units/min" */
    return g_strdup_printf (_("up to %s %s"), hi_text, unit);
  else
    {
      g_autofree char *lo_text = decimals < 0 ? sp_format_significant (lo, 3, SP_NUMBER_LOCALE)
                                              : sp_format_decimal (lo, decimals, SP_NUMBER_LOCALE);

      return g_strdup_printf ("%s–%s %s", lo_text, hi_text, unit);
    }
}

/* The bag an action's rates assume: the running infusion's, else the
 * library's standard one. */
static SpRateBasis
action_concentration (const SpAction   *action,
                      const SpDrug     *drug,
                      const Context    *ctx,
                      SpConcentration  *out_conc)
{
  const SpStandardConcentration *standard;
  const SpCaseInfusion *running;

  if (action->drug_id == NULL || !action->has_dose_unit || drug == NULL)
    return SP_RATE_BASIS_NONE;

  running = find_infusion (ctx, drug);
  if (running != NULL && sp_case_infusion_runs (running))
    {
      if (!running->has_concentration)
        return SP_RATE_BASIS_NOT_RECORDED;
      *out_conc = running->concentration;
      return SP_RATE_BASIS_RUNNING;
    }
  /* A bag on record that does not run (a card added, its dose not yet
   * given; or stopped) is the bag it will run from: never another. */
  if (running != NULL && running->has_concentration)
    {
      *out_conc = running->concentration;
      return SP_RATE_BASIS_ON_RECORD;
    }

  standard = sp_drug_get_default_concentration (drug);
  if (standard == NULL)
    return SP_RATE_BASIS_NONE;
  *out_conc = standard->conc;
  return SP_RATE_BASIS_DEFAULT;
}

static gboolean
action_rates (const SpAction       *action,
              const SpPatientState *state,
              SpActionResult       *result)
{
  double weight = NAN;

  if (result->basis != SP_RATE_BASIS_RUNNING && result->basis != SP_RATE_BASIS_ON_RECORD &&
      result->basis != SP_RATE_BASIS_DEFAULT)
    return FALSE;

  if (sp_patient_state_is_set (state, SP_FIELD_WEIGHT))
    weight = state->values[SP_FIELD_WEIGHT].number;

  result->rate_min_ml_h = NAN;
  if (!isnan (action->dose_min) &&
      !sp_dose_to_rate (action->dose_min, action->dose_unit, weight, &result->concentration,
                        &result->rate_min_ml_h, NULL))
    return FALSE;
  return sp_dose_to_rate (action->dose_max, action->dose_unit, weight, &result->concentration,
                          &result->rate_max_ml_h, NULL);
}

/* Fills "{dose}" and "{rate}" in @template, the action's text or the
 * alternative chosen for it, in the user's locale. */
static char *
action_text (const SpAction       *action,
             const SpDrug         *drug,
             const char           *template,
             const SpActionResult *result,
             double                weight_kg)
{
  g_autoptr(GString) text = g_string_new (template);
  g_autofree char *dose = NULL;
  g_autofree char *rate = NULL;

  if (action->has_dose_unit && !isnan (action->dose_max))
    dose = format_range (action->dose_min, action->dose_max,
                         sp_dose_unit_get_label (action->dose_unit), -1);

  if (result->has_rates && result->basis == SP_RATE_BASIS_RUNNING)
    {
      g_autofree char *conc = sp_drug_format_concentration (drug, &result->concentration,
                                                            SP_NUMBER_LOCALE);

      /* Translators: pump rates for a dose range, e.g. " (14.6–73.1 mL/h at 16 mg/250 mL)" */
      rate = g_strdup_printf (_(" (%s at %s)"), result->rate_range, conc);
    }
  else if (result->has_rates && result->basis == SP_RATE_BASIS_ON_RECORD)
    {
      g_autofree char *conc = sp_drug_format_concentration (drug, &result->concentration,
                                                            SP_NUMBER_LOCALE);

      /* Translators: pump rates for a dose range at the bag of an infusion
       * that does not run (its dose not given yet, or stopped), e.g.
       * " (58.5–292.5 mL/h at 16 mg/250 mL, the bag on record, not running)" */
      rate = g_strdup_printf (_(" (%s at %s, the bag on record, not running)"),
                              result->rate_range, conc);
    }
  else if (result->has_rates)
    {
      g_autofree char *conc = sp_drug_format_concentration (drug, &result->concentration,
                                                            SP_NUMBER_LOCALE);

      /* Translators: pump rates for a dose range when the drug does not run
       * yet, e.g. " (14.6–73.1 mL/h at 4 mg/250 mL, the library’s standard
       * bag)" */
      rate = g_strdup_printf (_(" (%s at %s, the library’s standard bag)"),
                              result->rate_range, conc);
    }
  else if (result->basis == SP_RATE_BASIS_NOT_RECORDED)
    {
      rate = g_strdup (_(" (no pump rate: the concentration of the running infusion is "
                         "not recorded)"));
    }

  /* A range that reaches above the soft limit that holds at this weight
   * (the library's 70 mcg/min is 0.875 mcg/kg/min at 80 kg, inside the
   * source's 0.2–1): said with the range, and the rate it comes to. */
  if (rate != NULL && result->has_rates && drug != NULL && action->has_dose_unit)
    {
      char *noted = sp_drug_append_soft_limit_note (drug, rate, action->dose_min, action->dose_max,
                                                    action->dose_unit, weight_kg,
                                                    &result->concentration, SP_NUMBER_LOCALE);

      if (noted != NULL)
        {
          g_free (rate);
          rate = noted;
        }
    }

  g_string_replace (text, "{dose}", dose ? dose : "", 0);
  g_string_replace (text, "{rate}", rate ? rate : "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
sp_engine_format_action (const SpAction *action)
{
  SpActionResult none = { 0, };

  g_return_val_if_fail (action != NULL, NULL);

  none.basis = SP_RATE_BASIS_NONE;
  return action_text (action, NULL, action->text, &none, NAN);
}

void
sp_engine_build_action_text (SpAssessment             *assessment,
                             const SpAssessmentAction *action,
                             char                    **out_text,
                             char                    **out_rate_range)
{
  SpActionResult result;
  g_autofree char *text = NULL;
  char *rate_range = NULL;

  g_return_if_fail (SP_IS_ASSESSMENT (assessment));
  g_return_if_fail (action != NULL);

  result = action->pub;
  if (result.has_rates)
    rate_range = format_range (result.rate_min_ml_h, result.rate_max_ml_h, "mL/h",
                               sp_drug_get_rate_decimals (action->drug));
  result.rate_range = rate_range;
  {
    const SpPatientState *state = sp_assessment_get_patient_state (assessment);
    double weight = sp_patient_state_is_set (state, SP_FIELD_WEIGHT)
                    ? state->values[SP_FIELD_WEIGHT].number : NAN;

    text = action_text (result.action, action->drug, action->template, &result, weight);
  }
  *out_text = fill_fields (assessment, text);
  *out_rate_range = rate_range;
}

static void
recommend_actions (SpProtocol           *protocol,
                   Context              *ctx,
                   const SpStep         *step,
                   SpAssessment         *assessment)
{
  for (guint i = 0; step != NULL && i < step->actions->len; i++)
    {
      const SpAction *action = g_ptr_array_index (step->actions, i);
      SpAssessmentAction *item = sp_assessment_add_action (assessment);
      SpActionResult *result = &item->pub;

      /* The texts are built when they are read (sp_engine_build_action_text ()). */
      item->template = pick_text (ctx, sp_protocol_get_action_alternatives (protocol, action),
                                  action->text);
      /* has_rates only with a drug of the library */
      item->drug = action->drug_id != NULL ? lookup_drug (ctx, action->drug_id) : NULL;
      result->action = action;
      result->rate_min_ml_h = NAN;
      result->rate_max_ml_h = NAN;
      result->basis = action_concentration (action, item->drug, ctx, &result->concentration);
      result->has_rates = action_rates (action, ctx->state, result);
      if (!result->has_rates)
        result->rate_min_ml_h = result->rate_max_ml_h = NAN;
    }
}

static void
list_monitoring (SpProtocol    *protocol,
                 const Context *ctx,
                 SpAssessment  *assessment)
{
  guint n;
  const SpProtocolMonitorItem * const *items = sp_protocol_peek_monitoring (protocol, &n);

  for (guint i = 0; i < n; i++)
    {
      const SpExpr *when = items[i]->expr;
      SpMonitorResult item = { &items[i]->pub, FALSE, NULL, 0 };

      /* The fields the item concerns, whose values are shown beside it. */
      item.fields = item.item->fields;
      item.n_fields = item.item->n_fields;

      /* An item with a condition is listed, emphasised, only when it is met. */
      if (when != NULL)
        {
          if (eval_condition (ctx, when) != SP_TRI_MET)
            continue;
          item.emphasised = TRUE;
        }
      sp_assessment_add_monitoring (assessment, &item);
    }
}

static void
compute_scores (SpProtocol    *protocol,
                Context       *ctx,
                SpAssessment  *assessment)
{
  const guint n = sp_protocol_get_n_scores (protocol);

  for (guint i = 0; i < n; i++)
    {
      SpScoreResult result = { sp_protocol_get_score (protocol, i), FALSE, NAN, NULL };
      const SpDrug *term_drugs_on_stack[32];
      g_autofree const SpDrug **term_drugs_on_heap = NULL;
      const SpDrug **term_drugs = term_drugs_on_stack;
      g_autoptr(GError) error = NULL;

      if (result.score->n_terms > G_N_ELEMENTS (term_drugs_on_stack))
        term_drugs = term_drugs_on_heap = g_new (const SpDrug *, result.score->n_terms);
      for (guint t = 0; t < result.score->n_terms; t++)
        term_drugs[t] = lookup_drug (ctx, result.score->terms[t].drug_id);
      result.known = sp_score_compute_resolved (result.score, term_drugs, ctx->infusions,
                                                ctx->running, ctx->state, &result.value,
                                                &error);
      if (!result.known)
        result.unknown_reason = g_strdup (error->message);
      sp_assessment_add_score (assessment, &result);
    }
}

static void
decide_staging (SpProtocol    *protocol,
                const Context *ctx,
                SpAssessment  *assessment)
{
  const SpStaging *staging = sp_protocol_get_staging (protocol);
  const guint n = sp_protocol_get_n_criteria (protocol);
  int states_on_stack[64];
  g_autofree int *states_on_heap = NULL;
  int *states = states_on_stack;
  SpStagingResult result = { staging, NULL, NULL, NULL };
  FieldSet missing;

  if (staging == NULL)
    return;

  FIELD_SET_INIT (missing);
  if (n > G_N_ELEMENTS (states_on_stack))
    states = states_on_heap = g_new (int, n);
  for (guint i = 0; i < n; i++)
    states[i] = ctx->results[i].state;

  result.stage = sp_staging_decide (staging, states, &result.at_least);
  if (result.stage == NULL)
    {
      /* The inputs of every stage left undecided above the one met (all of
       * them when none is met). */
      for (guint i = 0; i < staging->n_stages && &staging->stages[i] != result.at_least; i++)
        {
          const SpCriterionResult *r = &ctx->results[staging->stages[i].criterion];

          if (r->state == SP_TRI_UNKNOWN)
            add_fields (&missing, r->deciding_fields);
        }
    }
  result.missing = field_set_to_array (protocol, &missing);
  sp_assessment_set_staging (assessment, &result);
}

SpAssessment *
sp_engine_evaluate (SpProtocol           *protocol,
                    SpDrugLibrary        *drugs,
                    const SpPatientState *state,
                    GPtrArray            *infusions)
{
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(GPtrArray) shorthand = NULL;
  const SpDrug *running_on_stack[16];
  g_autofree const SpDrug **running_on_heap = NULL;
  SpPatientState derived;
  Context ctx = { 0, };
  guint memo_len;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  derived = *state;
  if (infusions == NULL)
    {
      /* The therapy fields as shorthand: a drug the library lacks runs
       * nothing the engine could check, and is left out. */
      shorthand = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
      if (!sp_therapy_infusions_from_fields (drugs, &derived, NULL, NULL, shorthand, NULL))
        g_ptr_array_set_size (shorthand, 0);
      infusions = shorthand;
    }

  /* Each infusion's drug, looked up once for the therapy fields, the dose
   * checks, the actions' bags and the scores. */
  ctx.running = running_on_stack;
  if (infusions->len > G_N_ELEMENTS (running_on_stack))
    ctx.running = running_on_heap = g_new (const SpDrug *, infusions->len);
  for (guint i = 0; i < infusions->len; i++)
    ctx.running[i] = sp_drug_library_lookup (drugs, ((const SpCaseInfusion *)
                                                     g_ptr_array_index (infusions, i))->drug_id);
  sp_therapy_derive_fields_resolved (infusions, ctx.running, &derived);

  assessment = sp_assessment_new (protocol, drugs, &derived, infusions->len);
  ctx.state = sp_assessment_get_patient_state (assessment);
  ctx.infusions = infusions;
  ctx.drugs = drugs;
  sp_protocol_get_drug_memo (protocol, sp_drug_library_get_serial (drugs), &ctx.memo);
  memo_len = ctx.memo.len;

  evaluate_criteria (protocol, &ctx, assessment);
  decide (protocol, &ctx, assessment);
  raise_alerts (protocol, &ctx, assessment);
  recommend_actions (protocol, &ctx, sp_assessment_get_active_step (assessment), assessment);
  list_monitoring (protocol, &ctx, assessment);
  compute_scores (protocol, &ctx, assessment);
  decide_staging (protocol, &ctx, assessment);

  if (ctx.memo.len > memo_len)
    sp_protocol_keep_drug_memo (protocol, &ctx.memo);
  return g_steal_pointer (&assessment);
}

GPtrArray *
sp_engine_check_dose_units (SpProtocol    *protocol,
                            SpDrugLibrary *drugs)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), warnings);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), warnings);

  for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
    {
      const SpStep *step = sp_protocol_get_step (protocol, i);

      for (guint j = 0; step->actions != NULL && j < step->actions->len; j++)
        {
          const SpAction *action = g_ptr_array_index (step->actions, j);
          const SpDrug *drug;
          g_autofree char *taken = NULL;
          const char *unit;

          if (action->drug_id == NULL || !action->has_dose_unit)
            continue;
          drug = sp_drug_library_lookup (drugs, action->drug_id);
          if (drug == NULL)
            {
              g_ptr_array_add (warnings,
                               /* Translators: "step3-vasopressin: the protocol doses vasopressin,
                                * which the drug library does not have: the step gives no pump
                                * rate and no limits for it" */
                               g_strdup_printf (_("%s: the protocol doses %s, which the drug "
                                                  "library does not have: the step gives no "
                                                  "pump rate and no limits for it"),
                                                step->id, action->drug_id));
              continue;
            }
          if (sp_drug_find_dose_limits (drug, action->dose_unit) != NULL)
            continue;

          taken = sp_drug_format_dose_units (drug);
          unit = sp_dose_unit_get_label (action->dose_unit);
          g_ptr_array_add (warnings,
                           /* Translators: "step3-norepinephrine: the protocol doses norepinephrine
                            * in mcg/kg/min, a unit the drug library does not give it (it takes
                            * mcg/kg/h): an infusion in mcg/kg/min, as the step gives the dose,
                            * is refused" */
                           g_strdup_printf (_("%s: the protocol doses %s in %s, a unit the drug "
                                              "library does not give it (it takes %s): an "
                                              "infusion in %s, as the step gives the dose, is "
                                              "refused"),
                                            step->id, sp_drug_get_display_name (drug), unit,
                                            taken, unit));
        }
    }
  return warnings;
}
