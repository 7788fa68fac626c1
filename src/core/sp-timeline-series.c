/* sp-timeline-series.c: a timeline as series over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-timeline"

#include "config.h"

#include <math.h>

#include "sp-dose.h"
#include "sp-engine.h"
#include "sp-therapy.h"
#include "sp-timeline-series.h"
#include "sp-timeline.h"

typedef struct {
  SpTimelineSeries *series;
  SpProtocol       *protocol;
  SpDrugLibrary    *drugs;
  gboolean          have_step;
  const SpStep     *step;
} Builder;

static SpTimeSeries *
time_series_new (SpField       field,
                 const SpDrug *drug)
{
  SpTimeSeries *series = g_new0 (SpTimeSeries, 1);

  series->field = field;
  series->drug = drug;
  if (drug != NULL)
    series->unit = sp_drug_get_dose_limits (drug, 0)->unit;
  series->points = g_array_new (FALSE, FALSE, sizeof (SpTimePoint));
  return series;
}

static void
time_series_free (SpTimeSeries *series)
{
  g_array_unref (series->points);
  g_free (series);
}

static void
add_point (SpTimeSeries *series,
           gint64        time,
           double        value,
           gboolean      running)
{
  SpTimePoint point = { time, value, running };

  g_array_append_val (series->points, point);
}

/* TRUE when @entry recorded @field, or for MAP one of SBP and DBP it is
 * derived from. */
static gboolean
entry_touches (const SpCaseEntry *entry,
               SpField            field)
{
  for (guint i = 0; i < entry->observations->len; i++)
    {
      SpField f = ((const SpCaseObservation *) g_ptr_array_index (entry->observations, i))->field;

      if (f == field ||
          (field == SP_FIELD_MAP && (f == SP_FIELD_SBP || f == SP_FIELD_DBP)))
        return TRUE;
    }
  return FALSE;
}

static SpTimeSeries *
dose_series (SpTimelineSeries *series,
             const SpDrug     *drug)
{
  SpTimeSeries *dose;

  for (guint i = 0; i < series->doses->len; i++)
    {
      dose = g_ptr_array_index (series->doses, i);
      if (dose->drug == drug)
        return dose;
    }
  dose = time_series_new (SP_N_FIELDS, drug);
  g_ptr_array_add (series->doses, dose);
  return dose;
}

/* The running dose of @drug in the series' unit, NAN when it does not run
 * (*@out_running FALSE) or its dose cannot be put in that unit (no weight,
 * not recorded). */
static double
dose_value (const SpTimeSeries   *dose,
            const SpPatientState *patient,
            GPtrArray            *infusions,
            SpDrugLibrary        *drugs,
            gboolean             *out_running)
{
  const SpCaseInfusion *infusion = sp_therapy_find (drugs, infusions, dose->drug);
  double weight = NAN;
  double value;

  *out_running = infusion != NULL && sp_case_infusion_runs (infusion);
  if (!*out_running || !infusion->has_dose)
    return NAN;
  if (sp_patient_state_is_set (patient, SP_FIELD_WEIGHT))
    weight = patient->values[SP_FIELD_WEIGHT].number;
  if (!sp_dose_convert (infusion->dose, infusion->dose_unit, dose->unit, weight, &value, NULL))
    return NAN;
  return value;
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
visit (const SpCaseEntry    *entry,
       gboolean              in_force,
       const SpPatientState *patient,
       GPtrArray            *infusions,
       gpointer              user_data)
{
  Builder *builder = user_data;
  SpTimelineSeries *series = builder->series;
  gint64 time = g_date_time_to_unix (entry->time);

  if (!in_force)
    return;

  /* The first and last entries that record something: a correction taking
   * back an entry entered in error (one with a wrong date, early or late)
   * neither starts nor ends the series, nor marks a step. */
  if (entry->observations->len == 0 && entry->events->len == 0)
    return;
  if (!builder->have_step)
    series->start = time;
  series->end = time;

  for (guint i = 0; i < series->fields->len; i++)
    {
      SpTimeSeries *field = g_ptr_array_index (series->fields, i);
      double value;
      gboolean derived;

      if (!entry_touches (entry, field->field))
        continue;
      if (!sp_patient_state_get_effective (patient, field->field, &value, &derived))
        value = NAN;
      add_point (field, time, value, FALSE);
    }

  /* Every drug that runs now or ran before: a point where its dose changes. */
  for (guint i = 0; i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);
      const SpDrug *drug = sp_drug_library_lookup (builder->drugs, infusion->drug_id);

      if (drug != NULL && sp_case_infusion_runs (infusion))
        dose_series (series, drug);
    }
  for (guint i = 0; i < series->doses->len; i++)
    {
      SpTimeSeries *dose = g_ptr_array_index (series->doses, i);
      gboolean running;
      double value = dose_value (dose, patient, infusions, builder->drugs, &running);
      const SpTimePoint *last = dose->points->len > 0
        ? &g_array_index (dose->points, SpTimePoint, dose->points->len - 1) : NULL;

      if (last == NULL || !same_value (last->value, value) || last->running != running)
        add_point (dose, time, value, running);
    }

  /* The step from here on: a change is marked. */
  {
    g_autoptr(SpAssessment) assessment = sp_engine_evaluate (builder->protocol, builder->drugs,
                                                             patient, infusions);
    const SpStep *step = sp_assessment_get_active_step (assessment);

    if (!builder->have_step || step != builder->step)
      {
        SpStepChange change = { time, step };

        g_array_append_val (series->step_changes, change);
        builder->have_step = TRUE;
        builder->step = step;
      }
  }
}

SpTimelineSeries *
sp_timeline_series_new (GPtrArray      *timeline,
                        SpProtocol     *protocol,
                        SpDrugLibrary  *drugs,
                        const SpField  *fields,
                        guint           n_fields)
{
  SpTimelineSeries *series;
  Builder builder = { NULL, protocol, drugs, FALSE, NULL };

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (fields != NULL || n_fields == 0, NULL);

  series = g_new0 (SpTimelineSeries, 1);
  series->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) time_series_free);
  series->doses = g_ptr_array_new_with_free_func ((GDestroyNotify) time_series_free);
  series->step_changes = g_array_new (FALSE, FALSE, sizeof (SpStepChange));
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (series->fields, time_series_new (fields[i], NULL));

  builder.series = series;
  /* A timeline the loader accepted replays to its end. */
  sp_timeline_foreach (timeline, NULL, NULL, visit, &builder, NULL, NULL, NULL);
  return series;
}

void
sp_timeline_series_free (SpTimelineSeries *series)
{
  if (series == NULL)
    return;
  g_ptr_array_unref (series->fields);
  g_ptr_array_unref (series->doses);
  g_array_unref (series->step_changes);
  g_free (series);
}

typedef struct {
  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
  GPtrArray     *assessments;
} Evaluator;

static void
evaluate_entry (const SpCaseEntry    *entry,
                gboolean              in_force,
                const SpPatientState *patient,
                GPtrArray            *infusions,
                gpointer              user_data)
{
  Evaluator *evaluator = user_data;

  g_ptr_array_add (evaluator->assessments,
                   in_force ? sp_engine_evaluate (evaluator->protocol, evaluator->drugs, patient,
                                                  infusions)
                            : NULL);
}

/* The array holds NULL for corrected entries. */
static void
unref_assessment (gpointer assessment)
{
  if (assessment != NULL)
    g_object_unref (assessment);
}

GPtrArray *
sp_timeline_evaluate (GPtrArray     *timeline,
                      SpProtocol    *protocol,
                      SpDrugLibrary *drugs)
{
  Evaluator evaluator = { protocol, drugs, NULL };

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  evaluator.assessments = g_ptr_array_new_full (timeline->len, unref_assessment);
  /* A timeline the loader accepted replays to its end; one that does not
   * gets no assessment past where it stops. */
  sp_timeline_foreach (timeline, NULL, NULL, evaluate_entry, &evaluator, NULL, NULL, NULL);
  while (evaluator.assessments->len < timeline->len)
    g_ptr_array_add (evaluator.assessments, NULL);
  return evaluator.assessments;
}
