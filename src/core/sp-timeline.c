/* sp-timeline.c: a case over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-case.h"
#include "sp-dose.h"
#include "sp-timeline.h"

G_DEFINE_QUARK (sp-timeline-error-quark, sp_timeline_error)

const SpCaseEntry *
sp_timeline_lookup (GPtrArray  *timeline,
                    const char *id)
{
  g_return_val_if_fail (timeline != NULL, NULL);

  for (guint i = 0; id != NULL && i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);

      if (g_strcmp0 (entry->id, id) == 0)
        return entry;
    }
  return NULL;
}

const SpCaseEntry *
sp_timeline_get_direct_correction (GPtrArray         *timeline,
                                   const SpCaseEntry *entry)
{
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  for (guint i = 0; entry->id != NULL && i < timeline->len; i++)
    {
      const SpCaseEntry *other = g_ptr_array_index (timeline, i);

      if (g_strcmp0 (other->corrects, entry->id) == 0)
        return other;
    }
  return NULL;
}

const SpCaseEntry *
sp_timeline_get_correction (GPtrArray         *timeline,
                            const SpCaseEntry *entry)
{
  const SpCaseEntry *by = NULL;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  /* The loader refuses rings, so the chain ends; the bound is a guard. */
  for (guint steps = 0; steps <= timeline->len; steps++)
    {
      const SpCaseEntry *next = sp_timeline_get_direct_correction (timeline,
                                                                   by != NULL ? by : entry);

      if (next == NULL)
        return by;
      by = next;
    }
  g_return_val_if_reached (by);
}

SpCaseInfusion *
sp_case_infusions_find (GPtrArray  *infusions,
                        const char *drug_id)
{
  for (guint i = 0; i < infusions->len; i++)
    {
      SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (g_str_equal (infusion->drug_id, drug_id))
        return infusion;
    }
  return NULL;
}

static void
set_inconsistent (GError            **error,
                  const char         *name,
                  const SpCaseEntry  *entry,
                  const SpCaseEvent  *event,
                  const char         *problem)
{
  g_autofree char *at = sp_case_file_where (name, event->infusion->line > 0
                                                  ? event->infusion->line : entry->line);
  g_autofree char *time = sp_case_format_time (entry->time);

  /* Translators: "case.xml:12: entry e3 (2026-12-03T09:00:00+01:00): a
   * dose change of dobutamine, which does not run then" */
  g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_INCONSISTENT,
               _("%sentry %s (%s): %s"), at, entry->id != NULL ? entry->id : "-", time, problem);
}

/* Applies one event to @infusions (what runs just before it). */
static gboolean
apply_event (GPtrArray          *infusions,
             const SpCaseEntry  *entry,
             const SpCaseEvent  *event,
             const char         *name,
             GError            **error)
{
  const SpCaseInfusion *change = event->infusion;
  SpCaseInfusion *running = sp_case_infusions_find (infusions, change->drug_id);
  g_autofree char *problem = NULL;

  switch (event->kind)
    {
    case SP_CASE_EVENT_START:
      if (running != NULL && sp_case_infusion_runs (running))
        {
          problem = g_strdup_printf (_("a start of %s, which runs already (record a dose "
                                       "change or a new bag instead)"), change->drug_id);
          break;
        }
      if (running != NULL)
        g_ptr_array_remove (infusions, running);
      g_ptr_array_add (infusions, sp_case_infusion_copy (change));
      return TRUE;

    case SP_CASE_EVENT_DOSE:
      if (running == NULL)
        {
          problem = g_strdup_printf (_("a dose change of %s, which does not run then"),
                                     change->drug_id);
          break;
        }
      running->has_dose = change->has_dose;
      running->dose = change->dose;
      running->dose_unit = change->dose_unit;
      running->running = !change->has_dose && change->running;
      return TRUE;

    case SP_CASE_EVENT_BAG:
      if (running == NULL)
        {
          problem = g_strdup_printf (_("a new bag of %s, which does not run then"),
                                     change->drug_id);
          break;
        }
      running->has_concentration = change->has_concentration;
      running->concentration = change->concentration;
      return TRUE;

    case SP_CASE_EVENT_STOP:
      if (running == NULL)
        {
          problem = g_strdup_printf (_("a stop of %s, which does not run then"),
                                     change->drug_id);
          break;
        }
      g_ptr_array_remove (infusions, running);
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  set_inconsistent (error, name, entry, event, problem);
  return FALSE;
}

gboolean
sp_timeline_foreach (GPtrArray           *timeline,
                     GDateTime           *until,
                     const char          *name,
                     SpTimelineStateFunc  func,
                     gpointer             user_data,
                     SpPatientState      *out_patient,
                     GPtrArray           *out_infusions,
                     GError             **error)
{
  g_autoptr(GHashTable) corrected = NULL;
  g_autoptr(GPtrArray) own_infusions = NULL;
  SpPatientState own_patient;
  SpPatientState *patient = out_patient != NULL ? out_patient : &own_patient;
  GPtrArray *infusions = out_infusions;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (infusions == NULL)
    infusions = own_infusions =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  sp_patient_state_init (patient);
  g_ptr_array_set_size (infusions, 0);

  /* An entry is in force unless another one corrects it. */
  corrected = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);

      if (entry->corrects != NULL)
        g_hash_table_add (corrected, entry->corrects);
    }

  for (guint i = 0; i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      gboolean in_force = entry->id == NULL || !g_hash_table_contains (corrected, entry->id);

      /* In time order: nothing after @until counts. */
      if (until != NULL && g_date_time_compare (entry->time, until) > 0)
        break;

      if (in_force)
        {
          for (guint j = 0; j < entry->observations->len; j++)
            {
              const SpCaseObservation *observation = g_ptr_array_index (entry->observations, j);

              patient->values[observation->field] = observation->value;
            }

          for (guint j = 0; j < entry->events->len; j++)
            if (!apply_event (infusions, entry, g_ptr_array_index (entry->events, j), name, error))
              return FALSE;
        }

      if (func != NULL)
        func (entry, in_force, patient, infusions, user_data);
    }

  return TRUE;
}

gboolean
sp_timeline_state_at (GPtrArray       *timeline,
                      GDateTime       *at,
                      const char      *name,
                      SpPatientState  *out_patient,
                      GPtrArray       *out_infusions,
                      GError         **error)
{
  g_return_val_if_fail (out_patient != NULL, FALSE);
  g_return_val_if_fail (out_infusions != NULL, FALSE);

  return sp_timeline_foreach (timeline, at, name, NULL, NULL, out_patient, out_infusions, error);
}

gboolean
sp_timeline_check (GPtrArray   *timeline,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  SpPatientState patient;

  return sp_timeline_state_at (timeline, NULL, name, &patient, infusions, error);
}

/* Two infusions of the same drug, either may be NULL (none). */
static gboolean
same_or_both_none (const SpCaseInfusion *a,
                   const SpCaseInfusion *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return sp_case_infusion_equal (a, b);
}

/* The events that take @before (may be NULL) to @after (may be NULL), both
 * of the same drug. */
static void
diff_infusion (GPtrArray            *events,
               const SpCaseInfusion *before,
               const SpCaseInfusion *after)
{
  gboolean runs_after = after != NULL && (after->has_dose || after->running);

  if (same_or_both_none (before, after))
    return;

  if (before == NULL)
    {
      /* A card without a dose yet is a proposal: nothing runs to record. */
      if (runs_after)
        g_ptr_array_add (events, sp_case_event_new (SP_CASE_EVENT_START,
                                                    sp_case_infusion_copy (after), NULL));
      return;
    }

  if (!runs_after)
    {
      SpCaseInfusion *stop = sp_case_infusion_new (before->drug_id, NULL);

      g_ptr_array_add (events, sp_case_event_new (SP_CASE_EVENT_STOP, stop, NULL));
      return;
    }

  if (after->has_concentration &&
      (!before->has_concentration ||
       !sp_concentration_equal (&before->concentration, &after->concentration)))
    g_ptr_array_add (events, sp_case_event_new (SP_CASE_EVENT_BAG,
                                                sp_case_infusion_new (after->drug_id,
                                                                      &after->concentration),
                                                NULL));

  if (after->has_dose != before->has_dose || after->running != before->running ||
      (after->has_dose && (after->dose != before->dose ||
                           !sp_dose_unit_equal (after->dose_unit, before->dose_unit))))
    {
      SpCaseInfusion *dose = sp_case_infusion_new (after->drug_id, NULL);

      dose->has_dose = after->has_dose;
      dose->dose = after->dose;
      dose->dose_unit = after->dose_unit;
      dose->running = !after->has_dose && after->running;
      g_ptr_array_add (events, sp_case_event_new (SP_CASE_EVENT_DOSE, dose, NULL));
    }
}

/* Every drug id in @a and @b, each once, in order. */
static GPtrArray *
drug_ids (GPtrArray *a,
          GPtrArray *b)
{
  GPtrArray *ids = g_ptr_array_new ();
  GPtrArray *lists[] = { a, b };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const SpCaseInfusion *infusion = g_ptr_array_index (lists[l], i);

        if (!g_ptr_array_find_with_equal_func (ids, infusion->drug_id, g_str_equal, NULL))
          g_ptr_array_add (ids, infusion->drug_id);
      }
  return ids;
}

SpCaseEntry *
sp_timeline_diff (GPtrArray            *timeline,
                  const SpPatientState *patient,
                  GPtrArray            *infusions,
                  GDateTime            *time)
{
  g_autoptr(GPtrArray) end_infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  SpPatientState end;
  SpCaseEntry *entry;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (patient != NULL, NULL);
  g_return_val_if_fail (infusions != NULL, NULL);
  g_return_val_if_fail (time != NULL, NULL);

  /* A timeline that does not replay (refused by the loader) is compared as
   * far as it goes. */
  if (!sp_timeline_state_at (timeline, NULL, NULL, &end, end_infusions, NULL))
    sp_patient_state_init (&end);

  entry = sp_case_entry_new (NULL, time);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (!sp_field_is_therapy (i) &&
        !sp_field_value_equal (i, &patient->values[i], &end.values[i]))
      g_ptr_array_add (entry->observations,
                       sp_case_observation_new (i, &patient->values[i], NULL));

  sp_timeline_infusion_events (end_infusions, infusions, entry->events);
  return entry;
}

void
sp_timeline_infusion_events (GPtrArray *before,
                             GPtrArray *after,
                             GPtrArray *events)
{
  g_autoptr(GPtrArray) ids = NULL;

  g_return_if_fail (before != NULL && after != NULL && events != NULL);

  ids = drug_ids (before, after);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      diff_infusion (events, sp_case_infusions_find (before, id), sp_case_infusions_find (after, id));
    }
}

void
sp_entry_warning_free (SpEntryWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->id);
  g_free (warning->drug_id);
  g_free (warning->message);
  g_free (warning);
}

static SpEntryWarning *
entry_warning_new (const char *id,
                   SpSeverity  severity,
                   const char *drug_id,
                   char       *message,
                   double      factor)
{
  SpEntryWarning *warning = g_new0 (SpEntryWarning, 1);

  warning->id = g_strdup (id);
  warning->severity = severity;
  warning->drug_id = g_strdup (drug_id);
  warning->message = message;
  warning->factor = factor;
  return warning;
}

/* The dose @infusion runs at, or NAN (not running, no dose recorded). */
static double
running_dose (const SpCaseInfusion *infusion)
{
  if (infusion == NULL || !infusion->has_dose || !(infusion->dose > 0))
    return NAN;
  return infusion->dose;
}

GPtrArray *
sp_timeline_infusion_warnings (GPtrArray     *before,
                               GPtrArray     *after,
                               SpDrugLibrary *drugs,
                               double         weight_kg,
                               SpNumberStyle  style)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_entry_warning_free);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_entry_warning_free);

  g_return_val_if_fail (before != NULL && after != NULL, warnings);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), warnings);

  for (guint i = 0; i < after->len; i++)
    {
      const SpCaseInfusion *now = g_ptr_array_index (after, i);
      const SpCaseInfusion *then = sp_case_infusions_find (before, now->drug_id);
      const SpDrug *drug = sp_drug_library_lookup (drugs, now->drug_id);
      double dose = running_dose (now);
      double then_dose = running_dose (then);
      SpLimitCheck check;
      g_autofree char *factor = NULL;

      if (drug == NULL || isnan (dose))
        continue;
      /* the same dose in the same unit: nothing this entry set */
      if (!isnan (then_dose) && then_dose == dose && sp_dose_unit_equal (then->dose_unit, now->dose_unit))
        continue;

      if (sp_drug_check_dose (drug, dose, now->dose_unit, weight_kg, &check, NULL) &&
          check.state == SP_LIMIT_SOFT)
        {
          g_autofree char *id = g_strdup_printf ("%s-soft-limit", now->drug_id);

          g_ptr_array_add (warnings,
                           entry_warning_new (id, SP_SEVERITY_SOFT_LIMIT, now->drug_id,
                                              sp_drug_describe_limit (drug, dose, now->dose_unit,
                                                                      &check, style),
                                              NAN));
        }

      /* the dose before in the new dose's unit (per kg through the weight) */
      if (!isnan (then_dose) &&
          sp_dose_convert (then_dose, then->dose_unit, now->dose_unit, weight_kg, &then_dose, NULL) &&
          sp_dose_check_change (then_dose, dose, NULL, &factor))
        {
          g_autofree char *dose_text = sp_format_dose (dose, now->dose_unit, 0, style);
          g_autofree char *then_text = sp_format_dose (then_dose, now->dose_unit, 0, style);
          /* 12 figures: 0.3 / 0.1 is 3, not 2.9999999999999996 */
          g_autofree char *factor_digits = g_strdup_printf ("%.12g", dose / then_dose);

          g_ptr_array_add (changes,
                           entry_warning_new ("dose-change", SP_SEVERITY_WARNING, now->drug_id,
                                              /* Translators: "NORepinephrine 1.5 mcg/kg/min:
                                               * 10× the running dose (0.15 mcg/kg/min); check
                                               * that this dose was meant" */
                                              g_strdup_printf (_("%s %s: %s (%s); check that this "
                                                                 "dose was meant"),
                                                               sp_drug_get_display_name (drug),
                                                               dose_text, factor, then_text),
                                              g_ascii_strtod (factor_digits, NULL)));
        }
    }

  /* soft limits first, then the dose changes */
  g_ptr_array_extend_and_steal (warnings, changes);
  return warnings;
}

GPtrArray *
sp_timeline_same_time_warnings (GPtrArray         *timeline,
                                const SpCaseEntry *entry,
                                SpNumberStyle      style)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_entry_warning_free);
  guint position;

  g_return_val_if_fail (timeline != NULL && entry != NULL && entry->time != NULL, warnings);

  /* not in the timeline yet: it goes after every entry of its time */
  if (!g_ptr_array_find (timeline, entry, &position))
    position = timeline->len;
  for (guint i = 0; i < timeline->len; i++)
    {
      const SpCaseEntry *other = g_ptr_array_index (timeline, i);

      if (other == entry || other->carried_over ||
          g_strcmp0 (other->id, entry->corrects) == 0 ||
          !g_date_time_equal (other->time, entry->time) ||
          sp_timeline_get_correction (timeline, other) != NULL)
        continue;

      for (guint j = 0; j < entry->observations->len; j++)
        {
          const SpCaseObservation *mine = g_ptr_array_index (entry->observations, j);

          for (guint k = 0; k < other->observations->len; k++)
            {
              const SpCaseObservation *theirs = g_ptr_array_index (other->observations, k);
              g_autofree char *mine_text = NULL;
              g_autofree char *their_text = NULL;

              if (theirs->field != mine->field ||
                  sp_field_value_equal (mine->field, &mine->value, &theirs->value))
                continue;
              mine_text = sp_case_observation_format (mine, style);
              their_text = sp_case_observation_format (theirs, style);
              /* a correction takes its entry's place: one recorded after
               * that entry comes after it, and its value holds */
              if (i > position)
                {
                  g_ptr_array_add (warnings,
                                   entry_warning_new ("same-time-value", SP_SEVERITY_WARNING, NULL,
                                                      /* Translators: "e3 at the same time comes
                                                       * after this entry and records SBP 82
                                                       * mmHg: that holds from then on, not this
                                                       * entry's SBP 85 mmHg (correct the one
                                                       * that is wrong)" */
                                                      g_strdup_printf (_("%s at the same time comes "
                                                                         "after this entry and "
                                                                         "records %s: that holds "
                                                                         "from then on, not this "
                                                                         "entry\u2019s %s (correct "
                                                                         "the one that is wrong)"),
                                                                       other->id, their_text,
                                                                       mine_text),
                                                      NAN));
                  continue;
                }
              g_ptr_array_add (warnings,
                               entry_warning_new ("same-time-value", SP_SEVERITY_WARNING, NULL,
                                                  /* Translators: "e2 at the same time records
                                                   * MAP 60 mmHg; this entry's MAP 62 mmHg holds
                                                   * from then on (correct the one that is
                                                   * wrong)" */
                                                  g_strdup_printf (_("%s at the same time records "
                                                                     "%s; this entry\u2019s %s "
                                                                     "holds from then on "
                                                                     "(correct the one that is "
                                                                     "wrong)"),
                                                                   other->id, their_text, mine_text),
                                                  NAN));
            }
        }
    }
  return warnings;
}

gboolean
sp_case_data_has_unrecorded (const SpCaseData *data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(SpCaseEntry) diff = NULL;

  g_return_val_if_fail (data != NULL, FALSE);

  now = g_date_time_new_now_local ();
  diff = sp_timeline_diff (data->timeline, &data->patient, data->infusions, now);
  return !sp_case_entry_is_empty (diff);
}

/* TRUE when @a and @b record the same values and infusion events, their
 * reasons aside. */
static gboolean
records_the_same (const SpCaseEntry *a,
                  const SpCaseEntry *b)
{
  if (a->observations->len != b->observations->len || a->events->len != b->events->len)
    return FALSE;
  for (guint i = 0; i < a->observations->len; i++)
    {
      const SpCaseObservation *x = g_ptr_array_index (a->observations, i);
      const SpCaseObservation *y = g_ptr_array_index (b->observations, i);

      if (x->field != y->field || !sp_field_value_equal (x->field, &x->value, &y->value))
        return FALSE;
    }
  for (guint i = 0; i < a->events->len; i++)
    {
      const SpCaseEvent *x = g_ptr_array_index (a->events, i);
      const SpCaseEvent *y = g_ptr_array_index (b->events, i);

      if (x->kind != y->kind || !sp_case_infusion_equal (x->infusion, y->infusion))
        return FALSE;
    }
  return TRUE;
}

/* A correction at the time of the entry it corrects takes that entry's
 * place among the entries of that time (after it, the file keeping the
 * order): the ones recorded after the entry went on from what it said,
 * and now go on from its correction. Sorted in after them, the correction
 * of a timeline's first entry left the second evaluated as if nothing ran
 * (or refused its dose change of a drug not running yet). */
static void
place_correction (GPtrArray         *timeline,
                  const SpCaseEntry *entry)
{
  const SpCaseEntry *target;
  guint at, target_at;

  if (entry->corrects == NULL || !g_ptr_array_find (timeline, entry, &at))
    return;
  target = sp_timeline_lookup (timeline, entry->corrects);
  if (target == NULL || !g_ptr_array_find (timeline, target, &target_at) ||
      target_at + 1 == at || !g_date_time_equal (target->time, entry->time))
    return;
  g_ptr_array_steal_index (timeline, at);
  g_ptr_array_insert (timeline, at > target_at ? target_at + 1 : target_at, (gpointer) entry);
}

/* Now, as the case file keeps a time: to the second. */
static GDateTime *
now_to_the_second (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_add (now, -(GTimeSpan) g_date_time_get_microsecond (now));
}

/* "e1", "e2" ...: one more than the highest number used. */
static char *
next_entry_id (GPtrArray *timeline)
{
  guint64 highest = 0;

  for (guint i = 0; i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      guint64 n;

      if (entry->id[0] == 'e' &&
          g_ascii_string_to_unsigned (entry->id + 1, 10, 1, G_MAXUINT32, &n, NULL))
        highest = MAX (highest, n);
    }
  return g_strdup_printf ("e%" G_GUINT64_FORMAT, highest + 1);
}

static gboolean
entry_sets_field (const SpCaseEntry *entry,
                  SpField            field)
{
  for (guint i = 0; i < entry->observations->len; i++)
    if (((const SpCaseObservation *) g_ptr_array_index (entry->observations, i))->field == field)
      return TRUE;
  return FALSE;
}

static gboolean
entry_changes_drug (const SpCaseEntry *entry,
                    const char        *drug_id)
{
  for (guint i = 0; i < entry->events->len; i++)
    if (g_str_equal (((const SpCaseEvent *) g_ptr_array_index (entry->events, i))->infusion->drug_id,
                     drug_id))
      return TRUE;
  return FALSE;
}

static gboolean
entry_starts_drug (const SpCaseEntry *entry,
                   const char        *drug_id)
{
  for (guint i = 0; i < entry->events->len; i++)
    {
      const SpCaseEvent *event = g_ptr_array_index (entry->events, i);

      if (event->kind == SP_CASE_EVENT_START && g_str_equal (event->infusion->drug_id, drug_id))
        return TRUE;
    }
  return FALSE;
}

/* TRUE when @entry observes @field at @value. */
static gboolean
entry_observes (const SpCaseEntry  *entry,
                SpField             field,
                const SpFieldValue *value)
{
  for (guint i = 0; i < entry->observations->len; i++)
    {
      const SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);

      if (observation->field == field)
        return sp_field_value_equal (field, &observation->value, value);
    }
  return FALSE;
}

/* A case without a timeline keeps its values and infusions only in
 * <patient> and <infusions>. Its first entry must not start the timeline
 * from nothing: what the entry does not record itself (a value it does not
 * observe, or observes at another value; an infusion it does not start) is
 * carried over, in an entry of its own at the same time that says so, and
 * the first entry's values follow it. NULL when nothing is left over (the
 * window's first entry records the whole case). */
static SpCaseEntry *
carry_over_entry (const SpCaseData  *data,
                  const SpCaseEntry *first)
{
  g_autoptr(SpCaseEntry) carried = sp_timeline_diff (data->timeline, &data->patient,
                                                     data->infusions, first->time);

  for (guint i = carried->observations->len; i-- > 0;)
    {
      const SpCaseObservation *observation = g_ptr_array_index (carried->observations, i);

      if (entry_observes (first, observation->field, &observation->value))
        g_ptr_array_remove_index (carried->observations, i);
    }
  for (guint i = carried->events->len; i-- > 0;)
    {
      const SpCaseEvent *event = g_ptr_array_index (carried->events, i);

      if (entry_starts_drug (first, event->infusion->drug_id))
        g_ptr_array_remove_index (carried->events, i);
    }
  if (sp_case_entry_is_empty (carried))
    return NULL;

  carried->author = g_strdup (first->author);
  carried->carried_over = TRUE;
  return g_steal_pointer (&carried);
}

/* TRUE when @entry is @target or one it corrects, directly or through the
 * entries that it corrected. */
static gboolean
replaced_by (GPtrArray         *timeline,
             const SpCaseEntry *entry,
             const SpCaseEntry *target)
{
  for (const SpCaseEntry *e = target; e != NULL;
       e = e->corrects != NULL ? sp_timeline_lookup (timeline, e->corrects) : NULL)
    if (e == entry)
      return TRUE;
  return FALSE;
}

gboolean
sp_timeline_infusions_before (GPtrArray         *timeline,
                              const SpCaseEntry *entry,
                              const char        *name,
                              GPtrArray         *out_infusions,
                              GError           **error)
{
  g_autoptr(GPtrArray) without = NULL;
  SpPatientState patient;
  guint position;

  g_return_val_if_fail (timeline != NULL && entry != NULL && out_infusions != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* the entries before it, in the timeline's order: one of the same time
   * recorded after it goes on from it, it does not come before it */
  if (!g_ptr_array_find (timeline, entry, &position))
    position = timeline->len;
  without = g_ptr_array_new ();
  for (guint i = 0; i < position; i++)
    if (!replaced_by (timeline, g_ptr_array_index (timeline, i), entry))
      g_ptr_array_add (without, g_ptr_array_index (timeline, i));
  if (without->len == 0 ||
      g_date_time_compare (entry->time, ((SpCaseEntry *) g_ptr_array_index (without, 0))->time) < 0)
    return TRUE;
  return sp_timeline_state_at (without, entry->time, name, &patient, out_infusions, error);
}

gboolean
sp_timeline_state_after (GPtrArray         *timeline,
                         const SpCaseEntry *entry,
                         const char        *name,
                         SpPatientState    *out_patient,
                         GPtrArray         *out_infusions,
                         GError           **error)
{
  g_autoptr(GPtrArray) upto = NULL;
  guint position;

  g_return_val_if_fail (timeline != NULL && entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (timeline, entry, &position))
    return sp_timeline_state_at (timeline, entry->time, name, out_patient, out_infusions, error);
  upto = g_ptr_array_new ();
  for (guint i = 0; i <= position; i++)
    {
      const SpCaseEntry *other = g_ptr_array_index (timeline, i);

      /* what it corrects is not in force from it on */
      if (other == entry || !replaced_by (timeline, other, entry))
        g_ptr_array_add (upto, (gpointer) other);
    }
  return sp_timeline_state_at (upto, NULL, name, out_patient, out_infusions, error);
}

/* Takes @entry (freed) and @carried (still the caller's; may be NULL) out
 * of @timeline again: an entry refused after it was put in. */
static void
take_back (GPtrArray         *timeline,
           SpCaseEntry       *entry,
           const SpCaseEntry *carried)
{
  guint index;

  g_ptr_array_remove (timeline, entry);
  if (carried != NULL && g_ptr_array_find (timeline, carried, &index))
    g_ptr_array_steal_index (timeline, index);
}

/* The state now follows the timeline from @old_end to @new_end, except
 * where it holds a change not recorded (it differs from @old_end). What
 * the newest entry (@latest, NULL when @entry was back-dated) records is
 * the state now, recorded or not before. */
static void
follow_timeline (SpCaseData           *data,
                 const SpCaseEntry    *latest,
                 const SpPatientState *old_end,
                 GPtrArray            *old_infusions,
                 const SpPatientState *new_end,
                 GPtrArray            *new_infusions)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) now = NULL;

  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (!sp_field_is_therapy (i) &&
        ((latest != NULL && entry_sets_field (latest, i)) ||
         sp_field_value_equal (i, &data->patient.values[i], &old_end->values[i])))
      data->patient.values[i] = new_end->values[i];

  now = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  ids = drug_ids (data->infusions, new_infusions);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const SpCaseInfusion *current = sp_case_infusions_find (data->infusions, id);
      gboolean follow = (latest != NULL && entry_changes_drug (latest, id)) ||
                        same_or_both_none (current, sp_case_infusions_find (old_infusions, id));
      const SpCaseInfusion *keep = follow ? sp_case_infusions_find (new_infusions, id) : current;

      if (keep != NULL)
        g_ptr_array_add (now, sp_case_infusion_copy (keep));
    }

  /* Drugs that ran at the old end only and were stopped in the state now
   * stay stopped; ids covers every drug of the state now and the new end. */
  g_ptr_array_unref (data->infusions);
  data->infusions = g_steal_pointer (&now);
}

const SpCaseEntry *
sp_case_data_add_entry (SpCaseData     *data,
                        SpCaseEntry    *entry,
                        SpProtocol     *protocol,
                        SpDrugLibrary  *drugs,
                        GError        **error)
{
  g_autoptr(SpCaseEntry) owned = entry;
  g_autoptr(SpCaseEntry) carried = NULL;
  g_autoptr(GPtrArray) before_infusions = NULL;
  SpPatientState before;
  g_autoptr(GPtrArray) old_infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  g_autoptr(GPtrArray) new_infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  SpPatientState old_end, new_end;
  const SpCaseEntry *latest;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data->timeline->len >= SP_CASE_MAX_ENTRIES)
    {
      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_FULL,
                   _("The timeline holds %d entries, the most a case file keeps; "
                     "start a new case for the next shift"), SP_CASE_MAX_ENTRIES);
      return NULL;
    }

  if (entry->corrects != NULL)
    {
      const SpCaseEntry *target = sp_timeline_lookup (data->timeline, entry->corrects);

      if (target == NULL)
        {
          g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_UNKNOWN_ENTRY,
                       _("There is no entry “%s” to correct"), entry->corrects);
          return NULL;
        }
      if (sp_case_entry_is_empty (entry) && sp_case_entry_is_empty (target))
        {
          if (target->corrects != NULL)
            g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY,
                         /* Translators: "Nothing to correct: e11 records nothing already (it
                          * says that e10 was entered in error)" */
                         _("Nothing to correct: %s records nothing already (it says that %s was "
                           "entered in error)"), target->id, target->corrects);
          else
            g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY,
                         _("Nothing to correct: %s records nothing already"), target->id);
          return NULL;
        }
      if (records_the_same (entry, target))
        {
          g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY,
                       _("Nothing to correct: the values and doses are those %s records; "
                         "change the one that is wrong, or record that %s was entered in "
                         "error"), target->id, target->id);
          return NULL;
        }
      if (sp_timeline_get_correction (data->timeline, target) != NULL)
        {
          g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_UNKNOWN_ENTRY,
                       _("Entry “%s” was corrected already; correct the correction, “%s”"),
                       entry->corrects, sp_timeline_get_correction (data->timeline, target)->id);
          return NULL;
        }
      /* a record corrected says why, as clinical records must */
      if (entry->reason == NULL || *g_strstrip (entry->reason) == '\0')
        {
          g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_REASON,
                       _("A correction needs its reason: say what was wrong with %s"),
                       entry->corrects);
          return NULL;
        }
      if (entry->recorded == NULL)
        entry->recorded = now_to_the_second ();
    }
  else if (sp_case_entry_is_empty (entry))
    {
      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY,
                   _("Nothing to record: no value or infusion differs from the last entry"));
      return NULL;
    }
  else if (entry->recorded == NULL)
    {
      /* A late entry says when it was written: a record read later must
       * tell 09:00 charted at 09:00 from 09:00 charted at 11:30. */
      g_autoptr(GDateTime) now = now_to_the_second ();

      if (g_date_time_difference (now, entry->time) > SP_CASE_LATE_ENTRY)
        entry->recorded = g_steal_pointer (&now);
    }

  /* Before the values and infusions carried over when the timeline began
   * nothing is known of them: an entry there would be evaluated as if no
   * drug ran (a dobutamine running since before the timeline, gone). */
  for (guint i = 0; i < data->timeline->len; i++)
    {
      const SpCaseEntry *first = g_ptr_array_index (data->timeline, i);

      if (first->carried_over && g_date_time_compare (entry->time, first->time) < 0)
        {
          g_autoptr(GDateTime) shown = g_date_time_to_local (entry->time);
          g_autoptr(GDateTime) began = g_date_time_to_local (first->time);
          g_autofree char *shown_text = g_date_time_format (shown, "%Y-%m-%d %H:%M");
          g_autofree char *began_text = g_date_time_format (began, "%Y-%m-%d %H:%M");

          g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_BEFORE_START,
                       /* Translators: "Time: 2026-12-04 09:00 is before the timeline began
                        * (2026-12-04 10:00, e1: the values and infusions the case held then,
                        * carried over); what ran before is not known" */
                       _("Time: %s is before the timeline began (%s, %s: the values and "
                         "infusions the case held then, carried over); what ran before is "
                         "not known"),
                       shown_text, began_text, first->id);
          return NULL;
        }
    }

  if (data->timeline->len == 0 && entry->corrects == NULL)
    carried = carry_over_entry (data, entry);

  if (entry->id == NULL)
    entry->id = carried != NULL ? g_strdup ("e2") : next_entry_id (data->timeline);
  else if (sp_timeline_lookup (data->timeline, entry->id) != NULL)
    {
      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_INCONSISTENT,
                   _("Entry id “%s” is used already"), entry->id);
      return NULL;
    }
  if (carried != NULL)
    carried->id = g_strdup (g_str_equal (entry->id, "e1") ? "e2" : "e1");

  if (!sp_case_entry_resolve (entry, protocol, drugs, NULL, error) ||
      (carried != NULL && !sp_case_entry_resolve (carried, protocol, drugs, NULL, error)))
    return NULL;

  if (!sp_timeline_state_at (data->timeline, NULL, NULL, &old_end, old_infusions, NULL))
    sp_patient_state_init (&old_end);

  if (carried != NULL)
    g_ptr_array_add (data->timeline, carried);
  g_ptr_array_add (data->timeline, g_steal_pointer (&owned));
  sp_case_timeline_sort (data->timeline);
  place_correction (data->timeline, entry);

  if (!sp_timeline_state_at (data->timeline, NULL, NULL, &new_end, new_infusions, &local_error))
    {
      take_back (data->timeline, entry, carried);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The newest entry, unless another one has the same time or later. A
   * correction says again what its entry said, but for the values it
   * corrects: a value typed since and not recorded stays, as for a
   * back-dated entry. */
  latest = g_ptr_array_index (data->timeline, data->timeline->len - 1) == entry &&
           entry->corrects == NULL ? entry : NULL;
  before = data->patient;
  before_infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  sp_case_infusions_append_copies (before_infusions, data->infusions);
  follow_timeline (data, latest, &old_end, old_infusions, &new_end, new_infusions);

  /* The case with the entry must open again: a weight that puts a dose in
   * mcg/min above its hard limit per kg is refused as the loader refuses
   * it, and the case is as it was. */
  if (!sp_case_check_state (protocol, drugs, &data->patient, data->infusions, &local_error))
    {
      data->patient = before;
      g_ptr_array_unref (data->infusions);
      data->infusions = g_steal_pointer (&before_infusions);
      take_back (data->timeline, entry, carried);
      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_INCONSISTENT,
                   _("Not recorded: with this entry, %s"), local_error->message);
      return NULL;
    }

  if (data->format_version < 4)
    data->format_version = 4;
  g_steal_pointer (&carried);   /* the timeline's now */
  return entry;
}

gboolean
sp_case_data_state_at (const SpCaseData  *data,
                       GDateTime         *at,
                       SpPatientState    *out_patient,
                       GPtrArray         *out_infusions,
                       GError           **error)
{
  const SpCaseEntry *first;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data->timeline->len == 0)
    {
      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_TIMELINE,
                   _("The case has no timeline: nothing was recorded with a time"));
      return FALSE;
    }

  first = g_ptr_array_index (data->timeline, 0);
  if (at != NULL && g_date_time_compare (at, first->time) < 0)
    {
      g_autofree char *when = sp_case_format_time (first->time);

      g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_TIMELINE,
                   _("The timeline starts at %s; nothing was recorded before"), when);
      return FALSE;
    }

  return sp_timeline_state_at (data->timeline, at, NULL, out_patient, out_infusions, error);
}

/* "TEXT — reason", or TEXT when there is no reason. */
static char *
with_reason (char       *text,
             const char *reason)
{
  char *result;

  if (reason == NULL || *reason == '\0')
    return text;
  /* Translators: a timeline item and why: "MAP 59 mmHg — after the bolus" */
  result = g_strdup_printf (_("%s — %s"), text, reason);
  g_free (text);
  return result;
}

char *
sp_case_observation_format (const SpCaseObservation *observation,
                            SpNumberStyle            style)
{
  const char *label;
  char *text;

  g_return_val_if_fail (observation != NULL, NULL);

  label = sp_field_get_short_label (observation->field);
  if (!observation->value.set)
    /* Translators: a value no longer known: "Lactate cleared" */
    text = g_strdup_printf (_("%s cleared"), label);
  else
    {
      SpPatientState one;
      g_autofree char *value = NULL;

      sp_patient_state_init (&one);
      one.values[observation->field] = observation->value;
      value = sp_patient_state_format_value (&one, observation->field, style);
      text = g_strdup_printf ("%s %s", label, value);
    }
  return with_reason (text, observation->reason);
}

char *
sp_case_event_format (const SpCaseEvent *event,
                      SpDrugLibrary     *drugs,
                      SpNumberStyle      style)
{
  const SpCaseInfusion *infusion;
  const SpDrug *drug;
  const char *name;
  g_autofree char *dose = NULL;
  g_autofree char *conc = NULL;
  char *text = NULL;

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  infusion = event->infusion;
  drug = sp_drug_library_lookup (drugs, infusion->drug_id);
  name = drug != NULL ? sp_drug_get_display_name (drug) : infusion->drug_id;
  if (infusion->has_dose)
    dose = sp_format_dose (infusion->dose, infusion->dose_unit, 0, style);
  else if (infusion->running)
    dose = g_strdup (_("dose not recorded"));
  if (infusion->has_concentration)
    conc = drug != NULL ? sp_drug_format_concentration (drug, &infusion->concentration, style)
                        : sp_format_concentration (&infusion->concentration, style);

  switch (event->kind)
    {
    case SP_CASE_EVENT_START:
      if (conc != NULL)
        /* Translators: "Start Norepinephrine 0.05 mcg/kg/min, 4 mg/250 mL" */
        text = g_strdup_printf (_("Start %s %s, %s"), name, dose, conc);
      else
        /* Translators: "Start Dobutamine 5 mcg/kg/min, concentration not recorded" */
        text = g_strdup_printf (_("Start %s %s, concentration not recorded"), name, dose);
      break;
    case SP_CASE_EVENT_DOSE:
      if (infusion->has_dose && infusion->dose == 0)
        /* Translators: a dose change to 0, the card's Stop: "Stop Dobutamine (dose 0)" */
        text = g_strdup_printf (_("Stop %s (dose 0)"), name);
      else
        /* Translators: a dose change: "Norepinephrine dose 0.1 mcg/kg/min" */
        text = g_strdup_printf (_("%s dose %s"), name, dose);
      break;
    case SP_CASE_EVENT_BAG:
      /* Translators: "New bag of Norepinephrine: 8 mg/250 mL" */
      text = g_strdup_printf (_("New bag of %s: %s"), name, conc);
      break;
    case SP_CASE_EVENT_STOP:
      /* Translators: "Stop Dobutamine" */
      text = g_strdup_printf (_("Stop %s"), name);
      break;
    default:
      g_assert_not_reached ();
    }
  return with_reason (text, event->reason);
}

GPtrArray *
sp_timeline_from_stages (GPtrArray *stages,
                         guint      up_to,
                         GDateTime *start)
{
  GPtrArray *timeline;
  int minutes = 0;

  g_return_val_if_fail (stages != NULL, NULL);
  g_return_val_if_fail (start != NULL, NULL);

  timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_entry_free);
  for (guint i = 0; i < stages->len && i <= up_to; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (stages, i);
      g_autoptr(GDateTime) time = NULL;
      SpCaseEntry *entry;

      /* Stage times only go forward; without one, half an hour later. */
      if (i == 0)
        minutes = 0;
      else if (stage->minutes > minutes)
        minutes = stage->minutes;
      else
        minutes += 30;
      time = g_date_time_add_minutes (start, minutes);

      /* What changed since the stage before, as it would be recorded. */
      entry = sp_timeline_diff (timeline, &stage->patient, stage->infusions, time);
      entry->id = g_strdup (stage->id);
      g_ptr_array_add (timeline, entry);
    }
  return timeline;
}

char *
sp_timeline_format_local_time (GDateTime  *time,
                               GDateTime **last_day)
{
  g_autoptr(GDateTime) local = NULL;
  gboolean new_day;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (last_day != NULL, NULL);

  local = g_date_time_to_local (time);
  new_day = *last_day == NULL ||
            g_date_time_get_year (*last_day) != g_date_time_get_year (local) ||
            g_date_time_get_day_of_year (*last_day) != g_date_time_get_day_of_year (local);
  g_clear_pointer (last_day, g_date_time_unref);
  *last_day = g_date_time_ref (local);
  return g_date_time_format (local, new_day ? "%Y-%m-%d %H:%M" : "%H:%M");
}

char *
sp_case_entry_describe_correction (const SpCaseEntry *entry)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->corrects == NULL)
    return NULL;
  /* the day too when it was written on another day than the time it
   * corrects: on paper, "at 11:40" read as the same morning */
  day = g_date_time_to_local (entry->time);
  at = sp_timeline_format_local_time (entry->recorded != NULL ? entry->recorded : entry->time,
                                      &day);
  if (entry->reason != NULL)
    /* TRANSLATORS: a correction: "corrects e4 at 09:40: typing error" */
    return g_strdup_printf (_("corrects %s at %s: %s"), entry->corrects, at, entry->reason);
  return g_strdup_printf (_("corrects %s at %s"), entry->corrects, at);
}

SpCaseEntry *
sp_case_entry_new_correction (GPtrArray         *timeline,
                              const SpCaseEntry *target)
{
  SpCaseEntry *correction;
  const SpCaseEntry *source = target;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (target != NULL && target->id != NULL, NULL);

  correction = sp_case_entry_new (NULL, target->time);
  correction->corrects = g_strdup (target->id);
  /* "entered in error" taken back: what the entry it took back recorded */
  while (source->corrects != NULL && sp_case_entry_is_empty (source) &&
         sp_timeline_lookup (timeline, source->corrects) != NULL)
    source = sp_timeline_lookup (timeline, source->corrects);
  sp_case_entry_append_records (correction, source);
  return correction;
}

char *
sp_case_entry_describe_late (const SpCaseEntry *entry)
{
  g_autoptr(GDateTime) recorded = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->corrects != NULL || entry->recorded == NULL ||
      g_date_time_difference (entry->recorded, entry->time) <= SP_CASE_LATE_ENTRY)
    return NULL;
  recorded = g_date_time_to_local (entry->recorded);
  when = g_date_time_format (recorded, "%Y-%m-%d %H:%M");
  /* TRANSLATORS: an entry written after the time it records: "entered
   * late, at 2026-12-03 11:30" */
  return g_strdup_printf (_("entered late, at %s"), when);
}

GDateTime *
sp_timeline_dup_last_hours_start (GPtrArray *timeline,
                                  guint      hours)
{
  g_return_val_if_fail (timeline != NULL, NULL);

  if (hours == 0)
    return NULL;
  /* the timeline is in time order: the last such entry is the latest */
  for (guint i = timeline->len; i > 0; i--)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i - 1);

      if (sp_timeline_get_direct_correction (timeline, entry) != NULL ||
          (entry->observations->len == 0 && entry->events->len == 0))
        continue;
      return g_date_time_add_hours (entry->time, -(int) MIN (hours, (guint) G_MAXINT));
    }
  return NULL;
}

char *
sp_timeline_describe_struck (GPtrArray         *timeline,
                             const SpCaseEntry *entry,
                             gboolean           brief)
{
  const SpCaseEntry *direct, *last;
  g_autofree char *by = NULL;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  direct = sp_timeline_get_direct_correction (timeline, entry);
  if (direct == NULL)
    return NULL;
  last = sp_timeline_get_correction (timeline, entry);

  if (brief)
    /* TRANSLATORS: a struck entry: "corrected by e5" */
    by = g_strdup_printf (_("corrected by %s"), direct->id);
  else
    {
      g_autoptr(GDateTime) at = g_date_time_to_local (direct->recorded != NULL
                                                      ? direct->recorded : direct->time);
      g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M");

      by = direct->author != NULL
        /* TRANSLATORS: a struck entry: "corrected by e5 at 2026-12-03 09:40 (CD)" */
        ? g_strdup_printf (_("corrected by %s at %s (%s)"), direct->id, when, direct->author)
        : g_strdup_printf (_("corrected by %s at %s"), direct->id, when);
    }
  if (last == direct)
    return g_steal_pointer (&by);
  /* TRANSLATORS: a struck entry whose correction was corrected in turn:
   * "corrected by e5 at 2026-12-03 09:40 (CD), last by e7" (e7 is in force) */
  return g_strdup_printf (_("%s, last by %s"), by, last->id);
}
