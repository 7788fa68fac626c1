/* sp-case-file.c: case files (XML, data/case.rng), loaded safely, saved atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case file is one patient's state (the DESIGN.md patient fields) and the
 * infusions that run, each with the concentration it assumes. Loading goes
 * through sp-xml (size cap, no entities, well-formed), then the format version
 * is read from the root (a newer file is refused as newer, before its schema
 * could call it invalid), then the document is validated against case.rng,
 * then every value is checked here, where a message can name the field. A file
 * is refused as a whole: there is no half-read case.
 *
 * Format 2 adds optional teaching content after the infusions: a lecture
 * title and a sequence of stages, each with its own title, teaching text
 * (citing the protocol's references), patient values and infusions, and the
 * protocol step it must light. Stages are checked against a protocol (the
 * shipped one unless the caller gives its own): an unknown step or citation
 * is refused with the file and line. Format 2 also lets the case's own title
 * and notes come in several languages (xml:lang), like the teaching texts.
 * A case without stages or language variants is written as format 1, so an
 * older ShockPath still opens it.
 *
 * Saving builds the text, reads it back (ShockPath never writes a file it
 * would refuse), then writes it atomically: a temporary file in the same
 * directory, flushed to disk, renamed over the target.
 */
#define G_LOG_DOMAIN "sp-case-file"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sp-case-file.h"
#include "sp-file.h"
#include "sp-format.h"
#include "sp-lang.h"
#include "sp-protocol.h"
#include "sp-xml.h"

/* A timeline of SP_CASE_MAX_ENTRIES entries, each with its vital signs and
 * an infusion event or two, has about 12 elements per entry. */
static const SpXmlFormat case_format = {
  "case", SP_CASE_FORMAT_VERSION, N_("case"), "/io/github/shockpath/ShockPath/core/case.rng",
  SP_CASE_MAX_ENTRIES * 12
};

/* --- data ------------------------------------------------------------------ */

G_DEFINE_QUARK (sp-case-time-error-quark, sp_case_time_error)

SpCaseData *
sp_case_data_new (void)
{
  SpCaseData *data = g_new0 (SpCaseData, 1);

  data->titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  data->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  sp_patient_state_init (&data->patient);
  data->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  data->teaching_titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  data->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_stage_free);
  data->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_entry_free);
  data->format_version = 1;
  return data;
}

gboolean
sp_case_data_is_teaching (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);

  return data->stages != NULL && data->stages->len > 0;
}

/* TRUE if one of @texts is in a language of its own (xml:lang). */
static gboolean
has_language_variant (GPtrArray *texts)
{
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    if (((const SpCaseText *) g_ptr_array_index (texts, i))->lang != NULL)
      return TRUE;
  return FALSE;
}

/* TRUE if one of @infusions needs format 3: no concentration recorded, or
 * running at a dose not recorded. */
static gboolean
needs_format_3 (GPtrArray *infusions)
{
  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (!infusion->has_concentration || (!infusion->has_dose && infusion->running))
        return TRUE;
    }
  return FALSE;
}

/* The lowest format version that carries @data: 1 unless it needs a
 * format-2 or format-3 feature. */
/* TRUE if one of @infusions writes its amount in a salt (format 5). */
static gboolean
needs_format_5 (GPtrArray *infusions)
{
  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (infusion->has_concentration && infusion->concentration.salt[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

static gboolean
timeline_needs_format_5 (GPtrArray *timeline)
{
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);

      for (guint j = 0; j < entry->events->len; j++)
        {
          const SpCaseEvent *event = g_ptr_array_index (entry->events, j);
          const SpCaseInfusion *infusion = event->infusion;

          if (infusion != NULL && infusion->has_concentration &&
              infusion->concentration.salt[0] != '\0')
            return TRUE;
        }
    }
  return FALSE;
}

static guint
lowest_format_version (const SpCaseData *data)
{
  if (data->profile != NULL || needs_format_5 (data->infusions) ||
      timeline_needs_format_5 (data->timeline))
    return 5;
  if (data->timeline != NULL && data->timeline->len > 0)
    return 4;
  if (needs_format_3 (data->infusions))
    return 3;
  for (guint i = 0; data->stages != NULL && i < data->stages->len; i++)
    if (needs_format_3 (((const SpCaseStage *) g_ptr_array_index (data->stages, i))->infusions))
      return 3;
  if (sp_case_data_is_teaching (data) ||
      has_language_variant (data->titles) ||
      has_language_variant (data->notes))
    return 2;
  return 1;
}

const char *
sp_case_data_get_title (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return sp_case_text_pick_text (data->titles);
}

const char *
sp_case_data_get_notes (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return sp_case_text_pick_text (data->notes);
}

void
sp_case_data_free (SpCaseData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->titles, g_ptr_array_unref);
  g_clear_pointer (&data->notes, g_ptr_array_unref);
  g_clear_pointer (&data->infusions, g_ptr_array_unref);
  g_clear_pointer (&data->teaching_titles, g_ptr_array_unref);
  g_clear_pointer (&data->stages, g_ptr_array_unref);
  g_clear_pointer (&data->timeline, g_ptr_array_unref);
  g_clear_pointer (&data->profile, g_free);
  g_free (data);
}

SpCaseInfusion *
sp_case_infusion_new (const char            *drug_id,
                      const SpConcentration *conc)
{
  SpCaseInfusion *infusion;

  g_return_val_if_fail (drug_id != NULL, NULL);

  infusion = g_new0 (SpCaseInfusion, 1);
  infusion->drug_id = g_strdup (drug_id);
  if (conc != NULL)
    {
      infusion->has_concentration = TRUE;
      infusion->concentration = *conc;
    }
  return infusion;
}

SpCaseInfusion *
sp_case_infusion_copy (const SpCaseInfusion *infusion)
{
  SpCaseInfusion *copy;

  g_return_val_if_fail (infusion != NULL, NULL);

  copy = g_memdup2 (infusion, sizeof *infusion);
  copy->drug_id = g_strdup (infusion->drug_id);
  return copy;
}

void
sp_case_infusions_append_copies (GPtrArray *to,
                                 GPtrArray *from)
{
  g_return_if_fail (to != NULL && from != NULL);

  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, sp_case_infusion_copy (g_ptr_array_index (from, i)));
}

gboolean
sp_case_infusion_runs (const SpCaseInfusion *infusion)
{
  g_return_val_if_fail (infusion != NULL, FALSE);

  if (infusion->has_dose)
    return infusion->dose > 0;
  return infusion->running;
}

void
sp_case_infusion_free (SpCaseInfusion *infusion)
{
  if (infusion == NULL)
    return;

  g_free (infusion->drug_id);
  g_free (infusion);
}

gboolean
sp_case_infusion_equal (const SpCaseInfusion *a,
                        const SpCaseInfusion *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return (g_str_equal (a->drug_id, b->drug_id) &&
          a->has_concentration == b->has_concentration &&
          (!a->has_concentration ||
           sp_concentration_equal (&a->concentration, &b->concentration)) &&
          a->has_dose == b->has_dose &&
          (!a->has_dose || (a->dose == b->dose && sp_dose_unit_equal (a->dose_unit, b->dose_unit))) &&
          a->running == b->running);
}

SpCaseObservation *
sp_case_observation_new (SpField             field,
                         const SpFieldValue *value,
                         const char         *reason)
{
  SpCaseObservation *observation = g_new0 (SpCaseObservation, 1);

  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  observation->field = field;
  observation->value = *value;
  observation->reason = g_strdup (reason);
  return observation;
}

SpCaseObservation *
sp_case_observation_copy (const SpCaseObservation *observation)
{
  SpCaseObservation *copy;

  g_return_val_if_fail (observation != NULL, NULL);

  copy = sp_case_observation_new (observation->field, &observation->value, observation->reason);
  copy->line = observation->line;
  return copy;
}

void
sp_case_observation_free (SpCaseObservation *observation)
{
  if (observation == NULL)
    return;
  g_free (observation->reason);
  g_free (observation);
}

SpCaseEvent *
sp_case_event_new (SpCaseEventKind  kind,
                   SpCaseInfusion  *infusion,
                   const char      *reason)
{
  SpCaseEvent *event;

  g_return_val_if_fail (infusion != NULL, NULL);

  event = g_new0 (SpCaseEvent, 1);
  event->kind = kind;
  event->infusion = infusion;
  event->reason = g_strdup (reason);
  return event;
}

SpCaseEvent *
sp_case_event_copy (const SpCaseEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return sp_case_event_new (event->kind, sp_case_infusion_copy (event->infusion), event->reason);
}

void
sp_case_event_free (SpCaseEvent *event)
{
  if (event == NULL)
    return;
  sp_case_infusion_free (event->infusion);
  g_free (event->reason);
  g_free (event);
}

static const char * const event_kinds[] = { "start", "dose", "bag", "stop" };

const char *
sp_case_event_kind_to_string (SpCaseEventKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (event_kinds), NULL);

  return event_kinds[kind];
}

SpCaseEntry *
sp_case_entry_new (const char *id,
                   GDateTime  *time)
{
  SpCaseEntry *entry;

  g_return_val_if_fail (time != NULL, NULL);

  entry = g_new0 (SpCaseEntry, 1);
  entry->id = g_strdup (id);
  entry->time = g_date_time_ref (time);
  entry->observations = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_observation_free);
  entry->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_event_free);
  return entry;
}

SpCaseEntry *
sp_case_entry_copy (const SpCaseEntry *entry)
{
  SpCaseEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = sp_case_entry_new (entry->id, entry->time);
  copy->author = g_strdup (entry->author);
  copy->recorded = entry->recorded != NULL ? g_date_time_ref (entry->recorded) : NULL;
  copy->corrects = g_strdup (entry->corrects);
  copy->reason = g_strdup (entry->reason);
  copy->carried_over = entry->carried_over;
  copy->line = entry->line;
  sp_case_entry_append_records (copy, entry);
  return copy;
}

void
sp_case_entry_append_records (SpCaseEntry       *to,
                              const SpCaseEntry *from)
{
  g_return_if_fail (to != NULL && from != NULL);

  for (guint i = 0; i < from->observations->len; i++)
    g_ptr_array_add (to->observations,
                     sp_case_observation_copy (g_ptr_array_index (from->observations, i)));
  for (guint i = 0; i < from->events->len; i++)
    g_ptr_array_add (to->events, sp_case_event_copy (g_ptr_array_index (from->events, i)));
}

const char *
sp_case_entry_get_reason (const SpCaseEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->carried_over)
    return _("Carried over: the case’s values and infusions when its timeline began");
  return entry->reason;
}

void
sp_case_entry_free (SpCaseEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_date_time_unref (entry->time);
  g_clear_pointer (&entry->recorded, g_date_time_unref);
  g_free (entry->author);
  g_free (entry->corrects);
  g_free (entry->reason);
  g_ptr_array_unref (entry->observations);
  g_ptr_array_unref (entry->events);
  g_free (entry);
}

gint
sp_case_observation_compare_field (gconstpointer a,
                                   gconstpointer b)
{
  const SpCaseObservation *oa = *(const SpCaseObservation * const *) a;
  const SpCaseObservation *ob = *(const SpCaseObservation * const *) b;

  return (oa->field > ob->field) - (oa->field < ob->field);
}

gboolean
sp_case_entry_is_empty (const SpCaseEntry *entry)
{
  g_return_val_if_fail (entry != NULL, TRUE);

  return entry->observations->len == 0 && entry->events->len == 0;
}

char *
sp_case_format_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* Whole seconds: a flowsheet records minutes, and a file written twice
   * must read the same. */
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

/* "2026-03-29 02:30", as a message names a local time */
static char *
format_wall (int year, int month, int day, int hour, int minute)
{
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute);
}

/* "2026-03-29T02:30:00+01:00": the wall clock typed with @offset */
static char *
format_with_offset (int year, int month, int day, int hour, int minute, int second,
                    const char *offset)
{
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day, hour, minute,
                          second, offset);
}

/* "+01:00" */
static char *
format_offset (GTimeZone *tz,
               GDateTime *at)
{
  g_autoptr(GDateTime) there = g_date_time_to_timezone (at, tz);

  return g_date_time_format (there, "%:z");
}

/* TRUE when @time, read in @tz, shows the wall clock typed: @year ...
 * @second. Otherwise the clocks skipped that time, or @tz shows it twice
 * (@time is one of two instants): SP_CASE_TIME_ERROR_LOCAL, naming the
 * offsets that make it one time. */
static gboolean
check_wall_time (GDateTime  *time,
                 GTimeZone  *tz,
                 int year, int month, int day, int hour, int minute, int second,
                 GError    **error)
{
  g_autoptr(GDateTime) shown = g_date_time_to_timezone (time, tz);
  g_autofree char *wall = format_wall (year, month, day, hour, minute);

  if (g_date_time_get_year (shown) != year || g_date_time_get_month (shown) != month ||
      g_date_time_get_day_of_month (shown) != day || g_date_time_get_hour (shown) != hour ||
      g_date_time_get_minute (shown) != minute || g_date_time_get_second (shown) != second)
    {
      /* the offset before the clocks went forward: the time as it would
       * have been had they not */
      g_autoptr(GDateTime) before = g_date_time_add_hours (time, -3);
      g_autofree char *offset = format_offset (tz, before);
      g_autofree char *written = format_with_offset (year, month, day, hour, minute, second,
                                                     offset);

      g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_LOCAL,
                   /* Translators: "Time: 2026-03-29 02:30 does not exist in the local time
                    * zone (the clocks went forward); write it with its offset from UTC:
                    * 2026-03-29T02:30:00+01:00" */
                   _("Time: %s does not exist in the local time zone (the clocks went "
                     "forward); write it with its offset from UTC: %s"),
                   wall, written);
      return FALSE;
    }

  /* Shown twice: the same wall clock an hour or so before or after (no
   * zone moves its clocks by more than two hours at once). */
  for (int minutes = -120; minutes <= 120; minutes += 30)
    {
      g_autoptr(GDateTime) other = NULL;
      g_autoptr(GDateTime) other_shown = NULL;

      if (minutes == 0)
        continue;
      other = g_date_time_add_minutes (time, minutes);
      other_shown = g_date_time_to_timezone (other, tz);
      if (g_date_time_get_hour (other_shown) == hour &&
          g_date_time_get_minute (other_shown) == minute &&
          g_date_time_get_day_of_month (other_shown) == day)
        {
          GDateTime *first = minutes < 0 ? other : time;
          GDateTime *second_one = minutes < 0 ? time : other;
          g_autofree char *offset1 = format_offset (tz, first);
          g_autofree char *offset2 = format_offset (tz, second_one);
          g_autofree char *written1 = format_with_offset (year, month, day, hour, minute, second,
                                                          offset1);
          g_autofree char *written2 = format_with_offset (year, month, day, hour, minute, second,
                                                          offset2);

          g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_LOCAL,
                       /* Translators: "Time: 2026-10-25 02:30 happens twice in the local time
                        * zone (the clocks went back); write it with its offset from UTC:
                        * 2026-10-25T02:30:00+02:00 (the first) or
                        * 2026-10-25T02:30:00+01:00 (the second)" */
                       _("Time: %s happens twice in the local time zone (the clocks went back); "
                         "write it with its offset from UTC: %s (the first) or %s (the second)"),
                       wall, written1, written2);
          return FALSE;
        }
    }
  return TRUE;
}

/* TRUE when @text ends in an offset: "Z", "+01:00", "-0500", "+01". */
static gboolean
has_offset (const char *clock)
{
  return strchr (clock, 'Z') != NULL || strchr (clock, 'z') != NULL ||
         strchr (clock, '+') != NULL || strchr (clock, '-') != NULL;
}

GDateTime *
sp_case_parse_time_full (const char  *text,
                         GTimeZone   *default_tz,
                         GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *clock;
  int year, month, day, hour, minute, second;
  char after;
  gboolean extended;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  /* A date alone is not a time; "T" separates them. */
  clock = strchr (stripped, 'T');
  if (clock != NULL)
    {
      /* "T09:30" means 09:30:00, which GLib reads only with its seconds. */
      if (g_ascii_isdigit (clock[1]) && g_ascii_isdigit (clock[2]) && clock[3] == ':' &&
          g_ascii_isdigit (clock[4]) && g_ascii_isdigit (clock[5]) && clock[6] != ':')
        {
          g_autofree char *date = g_strndup (stripped, clock + 6 - stripped);
          char *with_seconds = g_strconcat (date, ":00", clock + 6, NULL);

          g_free (stripped);
          stripped = with_seconds;
          clock = strchr (stripped, 'T');
        }
      time = g_date_time_new_from_iso8601 (stripped, default_tz);
    }
  /* No place keeps its clocks more than 14 hours from UTC (UTC-12:00 to
   * UTC+14:00): an offset beyond is a typing error, not a time. */
  if (time == NULL || ABS (g_date_time_get_utc_offset (time)) > 14 * G_TIME_SPAN_HOUR)
    {
      g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_INVALID,
                   /* Translators: a time that does not read */
                   _("“%s” is not a date and time"), stripped);
      return NULL;
    }

  /* The wall clock written, in the common form (others, such as week
   * dates, GLib checks alone): a second of 60 is no time ShockPath records
   * (GLib reads it as :59), and without an offset a time the local clocks
   * skip or show twice is no one time. */
  extended = sscanf (stripped, "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                     &second, &after) >= 6;
  if (extended && second >= 60)
    {
      g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_INVALID,
                   _("“%s” is not a date and time"), stripped);
      return NULL;
    }
  if (extended && default_tz != NULL && !has_offset (clock + 1) &&
      !check_wall_time (time, default_tz, year, month, day, hour, minute, second, error))
    return NULL;

  /* Whole seconds, as files keep them. */
  return g_date_time_add (time, -(g_date_time_get_microsecond (time)));
}

GDateTime *
sp_case_parse_time (const char *text,
                    GTimeZone  *default_tz)
{
  if (text == NULL)
    return NULL;
  return sp_case_parse_time_full (text, default_tz, NULL);
}

SpCaseText *
sp_case_text_new (const char         *lang,
                  const char         *text,
                  const char * const *cites)
{
  SpCaseText *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (SpCaseText, 1);
  self->lang = g_strdup (lang);
  self->text = g_strdup (text);
  self->cites = cites != NULL ? g_strdupv ((char **) cites) : NULL;
  return self;
}

SpCaseText *
sp_case_text_copy (const SpCaseText *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return sp_case_text_new (text->lang, text->text, (const char * const *) text->cites);
}

GPtrArray *
sp_case_texts_copy (GPtrArray *texts)
{
  GPtrArray *copy;

  copy = g_ptr_array_new_full (texts != NULL ? texts->len : 0,
                               (GDestroyNotify) sp_case_text_free);
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    g_ptr_array_add (copy, sp_case_text_copy (g_ptr_array_index (texts, i)));
  return copy;
}

void
sp_case_text_free (SpCaseText *text)
{
  if (text == NULL)
    return;

  g_free (text->lang);
  g_free (text->text);
  g_strfreev (text->cites);
  g_free (text);
}

const SpCaseText *
sp_case_text_pick (GPtrArray *texts)
{
  g_autoptr(GPtrArray) tags = NULL;
  int picked;

  if (texts == NULL || texts->len == 0)
    return NULL;

  tags = g_ptr_array_sized_new (texts->len);
  for (guint i = 0; i < texts->len; i++)
    g_ptr_array_add (tags, ((SpCaseText *) g_ptr_array_index (texts, i))->lang);
  picked = sp_lang_pick ((const char * const *) tags->pdata, tags->len, NULL);

  return g_ptr_array_index (texts, picked >= 0 ? (guint) picked : 0);
}

const char *
sp_case_text_pick_text (GPtrArray *texts)
{
  const SpCaseText *text = sp_case_text_pick (texts);

  return text != NULL ? text->text : NULL;
}

SpCaseStage *
sp_case_stage_new (const char *id,
                   const char *step_id)
{
  SpCaseStage *stage;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  stage = g_new0 (SpCaseStage, 1);
  stage->id = g_strdup (id);
  stage->step_id = g_strdup (step_id);
  stage->minutes = -1;
  stage->titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  stage->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  sp_patient_state_init (&stage->patient);
  stage->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  return stage;
}

void
sp_case_stage_free (SpCaseStage *stage)
{
  if (stage == NULL)
    return;

  g_free (stage->id);
  g_free (stage->step_id);
  g_clear_pointer (&stage->titles, g_ptr_array_unref);
  g_clear_pointer (&stage->texts, g_ptr_array_unref);
  g_clear_pointer (&stage->infusions, g_ptr_array_unref);
  g_free (stage);
}

/* --- loading --------------------------------------------------------------- */

char *
sp_case_file_where (const char *name,
                    int         line)
{
  if (name == NULL || *name == '\0')
    return g_strdup ("");
  return line > 0 ? g_strdup_printf ("%s:%d: ", name, line) : g_strdup_printf ("%s: ", name);
}

/* A C-locale number as ShockPath writes it: digits, an optional '.' with
 * digits after it, an optional exponent ("78", "0.1", "1e-05"). No sign, no
 * leading or trailing '.', no digit grouping, no comma, no hexadecimal, no
 * NaN or infinity. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* Parses @raw (an element's text or an attribute's value) as a non-negative
 * C-locale number; on failure the error names @node's line and @what (a field
 * id or an attribute name). */
static gboolean
parse_number (xmlNodePtr   node,
              const char  *what,
              const char  *raw,
              double      *out_value,
              GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (raw != NULL ? raw : ""));
  double value;

  if (*text == '\0')
    {
      sp_xml_set_content_error (error, node, _("%s: no number given"), what);
      return FALSE;
    }

  if (text[0] == '-' && is_plain_number (text + 1))
    {
      sp_xml_set_content_error (error, node,
                                _("%s: “%s” is negative; a case file holds no negative values"),
                                what, text);
      return FALSE;
    }

  if (!is_plain_number (text))
    {
      if (strchr (text, ',') != NULL)
        sp_xml_set_content_error (error, node,
                                  _("%s: “%s” is not a number as case files write it: "
                                    "use “.” as the decimal point and no digit grouping"),
                                  what, text);
      else
        sp_xml_set_content_error (error, node, _("%s: “%s” is not a number"), what, text);
      return FALSE;
    }

  value = g_ascii_strtod (text, NULL);
  if (!isfinite (value))
    {
      /* "1e999": written as a number, but too large for any quantity. */
      sp_xml_set_content_error (error, node, _("%s: “%s” is out of range"), what, text);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* The known field ids, for the "unknown field" message. */
static char *
known_fields (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, sp_field_get_info ((SpField) i)->id);
    }
  return g_string_free (out, FALSE);
}

/* Reads one <value field="...">: the field (refused when unknown) and its
 * value (a C-locale number or one of the field's choices). */
static gboolean
load_value (xmlNodePtr     node,
            SpField       *out_field,
            SpFieldValue  *out_value,
            GError       **error)
{
  g_autofree char *id = sp_xml_get_prop (node, "field");
  g_autofree char *text = NULL;
  const SpFieldInfo *info;
  SpPatientState state;

  g_assert (id != NULL);   /* required by the schema */
  memset (out_value, 0, sizeof *out_value);
  g_strstrip (id);
  if (!sp_field_from_id (id, out_field))
    {
      g_autofree char *known = known_fields ();

      sp_xml_set_content_error (error, node, _("unknown field “%s”; the fields are: %s"),
                                id, known);
      return FALSE;
    }

  if (!sp_xml_is (node, "value"))
    {
      /* <clear field="...">: no longer known. */
      out_value->set = FALSE;
      return TRUE;
    }

  info = sp_field_get_info (*out_field);
  text = sp_xml_get_text (node);
  sp_patient_state_init (&state);

  switch (info->kind)
    {
    case SP_FIELD_KIND_NUMBER:
      {
        double value;

        if (!parse_number (node, id, text, &value, error))
          return FALSE;
        sp_patient_state_set_number (&state, *out_field, value);
      }
      break;

    case SP_FIELD_KIND_CHOICE:
      if (!sp_patient_state_set_choice (&state, *out_field, text))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) info->choices);

          sp_xml_set_content_error (error, node,
                                    _("%s: “%s” is not one of the choices: %s"),
                                    id, text, choices);
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  *out_value = state.values[*out_field];
  return TRUE;
}

/* Refuses a field given twice in one <patient> or timeline entry. */
static gboolean
check_field_once (xmlNodePtr    node,
                  xmlNodePtr   *seen,
                  SpField       field,
                  GError      **error)
{
  if (seen[field] != NULL)
    {
      sp_xml_set_content_error (error, node,
                                _("field “%s” is given twice (first on line %ld)"),
                                sp_field_get_info (field)->id, xmlGetLineNo (seen[field]));
      return FALSE;
    }
  seen[field] = node;
  return TRUE;
}

/* Reads <patient>, noting each field's line in @lines. Format 3 keeps what
 * runs in <infusions> only: a therapy field there is refused. */
static gboolean
load_patient (xmlNodePtr       patient,
              guint            format_version,
              SpPatientState  *state,
              int             *lines,
              GError         **error)
{
  xmlNodePtr seen[SP_N_FIELDS] = { NULL, };

  SP_XML_FOREACH_ELEMENT (patient, node)
    {
      SpField field;
      SpFieldValue value;

      if (!sp_xml_is (node, "value"))
        continue;   /* the schema already refused it */

      if (!load_value (node, &field, &value, error) ||
          !check_field_once (node, seen, field, error))
        return FALSE;
      lines[field] = (int) xmlGetLineNo (node);

      if (format_version >= 3 && sp_field_is_therapy (field))
        {
          sp_xml_set_content_error (error, node,
                                    _("field “%s”: from case format 3 on, what runs is "
                                      "written as an <infusion>, not as a patient value"),
                                    sp_field_get_info (field)->id);
          return FALSE;
        }
      state->values[field] = value;
    }

  return TRUE;
}

static gboolean
get_number_attribute (xmlNodePtr   node,
                      const char  *name,
                      gboolean     positive,
                      double      *out_value,
                      GError     **error)
{
  g_autofree char *text = sp_xml_get_prop (node, name);

  if (!parse_number (node, name, text, out_value, error))
    return FALSE;

  if (positive && *out_value <= 0)
    {
      sp_xml_set_content_error (error, node, _("%s: must be greater than 0"), name);
      return FALSE;
    }
  return TRUE;
}

/* Format 5: salt="tartrate" salt-amount="8" beside the dose form's amount
 * (the drug library checks that the two agree). */
static gboolean
load_salt (xmlNodePtr        node,
           guint             format_version,
           SpConcentration  *conc,
           GError          **error)
{
  g_autofree char *salt = sp_xml_get_prop (node, "salt");

  if (salt == NULL)
    return TRUE;
  if (format_version < 5)
    {
      sp_xml_set_content_error (error, node,
                                _("salt: an amount written in a salt needs case format 5; "
                                  "this file says format %u"),
                                format_version);
      return FALSE;
    }
  g_strstrip (salt);
  if (strlen (salt) >= sizeof conc->salt)
    {
      sp_xml_set_content_error (error, node, _("salt: “%s” is not a salt id"), salt);
      return FALSE;
    }
  if (!get_number_attribute (node, "salt-amount", TRUE, &conc->salt_amount, error))
    return FALSE;
  g_strlcpy (conc->salt, salt, sizeof conc->salt);
  return TRUE;
}

static SpCaseInfusion *
load_infusion (xmlNodePtr   node,
               guint        format_version,
               GError     **error)
{
  g_autoptr(SpCaseInfusion) infusion = NULL;
  g_autofree char *drug = sp_xml_get_prop (node, "drug");
  g_autofree char *amount_unit = sp_xml_get_prop (node, "amount-unit");
  g_autofree char *dose = sp_xml_get_prop (node, "dose");
  g_autofree char *running = sp_xml_get_prop (node, "running");
  SpConcentration conc = { 0, };

  g_assert (drug != NULL);   /* required by the schema */

  /* The schema takes amount, amount-unit and volume-ml together or not at
   * all; before format 3 they are required. */
  if (amount_unit == NULL)
    {
      if (format_version < 3)
        {
          sp_xml_set_content_error (error, node,
                                    _("infusion of “%s”: an infusion without its concentration "
                                      "needs case format 3; this file says format %u"),
                                    g_strstrip (drug), format_version);
          return NULL;
        }
      infusion = sp_case_infusion_new (g_strstrip (drug), NULL);
    }
  else
    {
      if (!get_number_attribute (node, "amount", TRUE, &conc.amount, error) ||
          !get_number_attribute (node, "volume-ml", TRUE, &conc.volume_ml, error))
        return NULL;

      if (!sp_amount_unit_parse (g_strstrip (amount_unit), &conc.amount_unit))
        {
          sp_xml_set_content_error (error, node, _("amount-unit: “%s” is not mcg, mg or units"),
                                    amount_unit);
          return NULL;
        }

      /* "64 mcg/mL" is stored as 64 mcg in 1 mL and shown again as per mL. */
      conc.per_ml_form = conc.volume_ml == 1.0;

      if (!load_salt (node, format_version, &conc, error))
        return NULL;

      infusion = sp_case_infusion_new (g_strstrip (drug), &conc);
    }
  infusion->line = (int) xmlGetLineNo (node);

  if (dose != NULL)
    {
      g_autofree char *dose_unit = sp_xml_get_prop (node, "dose-unit");

      if (dose_unit == NULL)
        {
          /* The schema refuses this already; never store a dose without its unit. */
          sp_xml_set_content_error (error, node, _("dose: a dose needs its dose-unit"));
          return NULL;
        }
      if (!get_number_attribute (node, "dose", FALSE, &infusion->dose, error))
        return NULL;
      if (!sp_dose_unit_parse (g_strstrip (dose_unit), &infusion->dose_unit))
        {
          sp_xml_set_content_error (error, node,
                                    _("dose-unit: “%s” is not a dose unit "
                                      "(such as mcg/kg/min, mcg/min, units/min, mg/h)"),
                                    dose_unit);
          return NULL;
        }
      infusion->has_dose = TRUE;
    }

  if (running != NULL)
    {
      /* The schema takes "yes" only. */
      if (format_version < 3 || infusion->has_dose)
        {
          sp_xml_set_content_error (error, node,
                                    _("running: only an infusion without a dose, in case "
                                      "format 3, is marked running"));
          return NULL;
        }
      infusion->running = TRUE;
    }

  return g_steal_pointer (&infusion);
}

static gboolean
load_infusions (xmlNodePtr   node,
                guint        format_version,
                GPtrArray   *infusions,
                GError     **error)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpCaseInfusion *infusion;

      if (!sp_xml_is (child, "infusion"))
        continue;
      infusion = load_infusion (child, format_version, error);
      if (infusion == NULL)
        return FALSE;
      g_ptr_array_add (infusions, infusion);
    }
  return TRUE;
}

/* The xml:lang of @node, or NULL. */
static char *
get_lang (xmlNodePtr node)
{
  xmlChar *lang = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *result = NULL;

  if (lang != NULL)
    result = g_strstrip (g_strdup ((const char *) lang));
  xmlFree (lang);
  return result;
}

/* Adds the variant @node, whose text is @text, to @texts, refusing a second
 * variant in the same language (or a second default) and an empty one; with
 * @empty_default_is_none, an empty default variant is no text and is not
 * added (a case's own title and notes, as format 1 always read them). */
static gboolean
add_text_variant (xmlNodePtr   node,
                  GPtrArray   *texts,
                  const char  *text,
                  GStrv        cites,
                  gboolean     empty_default_is_none,
                  GError     **error)
{
  g_autofree char *lang = get_lang (node);
  glong max_chars = sp_xml_is (node, "title") ? SP_CASE_MAX_TITLE_CHARS
                    : sp_xml_is (node, "notes") ? SP_CASE_MAX_NOTES_CHARS
                    : SP_CASE_MAX_TEXT_CHARS;
  glong n_chars = g_utf8_strlen (text, -1);

  /* Before any work that grows with them: the variants are compared with
   * each other, and a title is laid out again on every printed page. */
  if (texts->len >= SP_CASE_MAX_VARIANTS)
    {
      sp_xml_set_content_error (error, node,
                                _("<%s>: more than %d language variants"),
                                (const char *) node->name, SP_CASE_MAX_VARIANTS);
      return FALSE;
    }
  if (n_chars > max_chars)
    {
      sp_xml_set_content_error (error, node,
                                /* Translators: "<title> has 30000 characters; at most 500 are accepted" */
                                _("<%s> has %ld characters; at most %ld are accepted"),
                                (const char *) node->name, n_chars, max_chars);
      return FALSE;
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const SpCaseText *other = g_ptr_array_index (texts, i);

      if (g_strcmp0 (other->lang, lang) == 0)
        {
          if (lang != NULL)
            sp_xml_set_content_error (error, node,
                                      _("<%s> is given twice for the language “%s”"),
                                      (const char *) node->name, lang);
          else
            sp_xml_set_content_error (error, node,
                                      _("<%s> is given twice without xml:lang"),
                                      (const char *) node->name);
          return FALSE;
        }
    }

  if (*text == '\0')
    {
      if (empty_default_is_none && lang == NULL)
        return TRUE;
      sp_xml_set_content_error (error, node, _("<%s> is empty"), (const char *) node->name);
      return FALSE;
    }

  g_ptr_array_add (texts, sp_case_text_new (lang, text, (const char * const *) cites));
  return TRUE;
}

/* Every variant needs a default (English) one to fall back on. */
static gboolean
check_has_default (xmlNodePtr   node,
                   const char  *element,
                   GPtrArray   *texts,
                   GError     **error)
{
  for (guint i = 0; i < texts->len; i++)
    if (((const SpCaseText *) g_ptr_array_index (texts, i))->lang == NULL)
      return TRUE;

  sp_xml_set_content_error (error, node, _("<%s> needs a variant without xml:lang (English)"),
                            element);
  return FALSE;
}

static gboolean
is_known_cite (SpProtocol *protocol,
               const char *id)
{
  return sp_protocol_find_reference (protocol, id) != NULL;
}

static SpCaseStage *
load_stage (xmlNodePtr   node,
            guint        format_version,
            SpProtocol  *protocol,
            GError     **error)
{
  g_autoptr(SpCaseStage) stage = NULL;
  g_autofree char *id = sp_xml_get_prop (node, "id");
  g_autofree char *step = sp_xml_get_prop (node, "step");

  g_assert (id != NULL && step != NULL);   /* required by the schema */
  g_strstrip (id);
  g_strstrip (step);

  if (sp_protocol_find_step (protocol, step) == NULL)
    {
      GString *known = g_string_new (NULL);
      g_autofree char *known_text = NULL;

      for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "",
                                sp_protocol_get_step (protocol, i)->id);
      known_text = g_string_free (known, FALSE);
      sp_xml_set_content_error (error, node,
                                _("stage “%s”: unknown step “%s”; the protocol’s steps are: %s"),
                                id, step, known_text);
      return NULL;
    }

  stage = sp_case_stage_new (id, step);
  {
    g_autofree char *minutes = sp_xml_get_prop (node, "minutes");

    /* The schema takes a non-negative integer only. */
    if (minutes != NULL)
      stage->minutes = (int) MIN (g_ascii_strtoull (g_strstrip (minutes), NULL, 10), G_MAXINT);
  }

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "title"))
        {
          g_autofree char *text = sp_xml_get_text (child);

          if (!add_text_variant (child, stage->titles, text, NULL, FALSE, error))
            return NULL;
        }
      else if (sp_xml_is (child, "text"))
        {
          g_auto(GStrv) cites = sp_xml_get_idrefs (child, "cite");
          g_autofree char *text = sp_xml_get_text (child);

          if (cites[0] == NULL)
            {
              sp_xml_set_content_error (error, child,
                                        _("stage “%s”: a teaching text must cite its source "
                                          "(cite=\"seed-1 …\")"), id);
              return NULL;
            }
          for (guint i = 0; cites[i] != NULL; i++)
            if (!is_known_cite (protocol, cites[i]))
              {
                sp_xml_set_content_error (error, child,
                                          _("stage “%s”: unknown citation “%s”; cite the "
                                            "protocol’s references (seed-1 … seed-6, esc-2016 …)"),
                                          id, cites[i]);
                return NULL;
              }
          if (!add_text_variant (child, stage->texts, text, cites, FALSE, error))
            return NULL;
        }
      else if (sp_xml_is (child, "patient"))
        {
          if (!load_patient (child, format_version, &stage->patient, stage->patient_lines, error))
            return NULL;
        }
      else if (sp_xml_is (child, "infusions"))
        {
          if (!load_infusions (child, format_version, stage->infusions, error))
            return NULL;
        }
    }

  if (!check_has_default (node, "title", stage->titles, error) ||
      !check_has_default (node, "text", stage->texts, error))
    return NULL;

  return g_steal_pointer (&stage);
}

static gboolean
load_teaching (xmlNodePtr   node,
               SpCaseData  *data,
               SpProtocol  *protocol,
               GError     **error)
{
  g_autoptr(SpProtocol) shipped = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  if (protocol == NULL)
    {
      shipped = sp_protocol_new_default (error);
      if (shipped == NULL)
        return FALSE;
      protocol = shipped;
    }

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "title"))
        {
          g_autofree char *text = sp_xml_get_text (child);

          if (!add_text_variant (child, data->teaching_titles, text, NULL, FALSE, error))
            return FALSE;
        }
      else if (sp_xml_is (child, "stage"))
        {
          SpCaseStage *stage = load_stage (child, data->format_version, protocol, error);

          if (stage == NULL)
            return FALSE;
          g_ptr_array_add (data->stages, stage);
          if (!g_hash_table_add (ids, stage->id))
            {
              sp_xml_set_content_error (error, child, _("stage “%s” is given twice"), stage->id);
              return FALSE;
            }
        }
    }

  return check_has_default (node, "title", data->teaching_titles, error);
}

/* A case's own <title> (one line: white space collapsed) or <notes> (line
 * breaks kept, only the ends trimmed), added to @texts. Its language
 * variants are format 2. */
/* --- the timeline (format 4) ------------------------------------------------ */

/* An optional time attribute: FALSE (with the error) when it is there but
 * not an ISO 8601 time with its offset. */
static gboolean
get_time_attribute (xmlNodePtr    node,
                    const char   *name,
                    GDateTime   **out_time,
                    GError      **error)
{
  g_autofree char *text = sp_xml_get_prop (node, name);

  *out_time = NULL;
  if (text == NULL)
    return TRUE;

  *out_time = sp_case_parse_time (text, NULL);
  if (*out_time == NULL)
    {
      sp_xml_set_content_error (error, node,
                                _("%s: “%s” is not a time with its offset from UTC, "
                                  "such as 2026-12-03T08:00:00+01:00"),
                                name, g_strstrip (text));
      return FALSE;
    }
  return TRUE;
}

/* One infusion event: <start>, <dose>, <bag> or <stop>, each naming its
 * drug, with what that kind of event sets and nothing else. */
static SpCaseEvent *
load_event (xmlNodePtr   node,
            GError     **error)
{
  g_autoptr(SpCaseInfusion) infusion = load_infusion (node, SP_CASE_FORMAT_VERSION, error);
  SpCaseEventKind kind;

  if (infusion == NULL)
    return NULL;

  for (kind = SP_CASE_EVENT_START; kind <= SP_CASE_EVENT_STOP; kind++)
    if (sp_xml_is (node, sp_case_event_kind_to_string (kind)))
      break;
  g_assert (kind <= SP_CASE_EVENT_STOP);   /* the schema takes these four only */

  /* The schema says which attributes each event takes; what it cannot say
   * clearly is checked here with a message naming the event. */
  switch (kind)
    {
    case SP_CASE_EVENT_START:
      if (!infusion->has_dose && !infusion->running)
        {
          sp_xml_set_content_error (error, node,
                                    _("start of “%s”: give its dose (dose and dose-unit), "
                                      "or running=\"yes\" when the dose is not known"),
                                    infusion->drug_id);
          return NULL;
        }
      break;
    case SP_CASE_EVENT_DOSE:
      if (!infusion->has_dose)
        {
          sp_xml_set_content_error (error, node,
                                    _("dose change of “%s”: give the new dose "
                                      "(dose and dose-unit)"),
                                    infusion->drug_id);
          return NULL;
        }
      break;
    case SP_CASE_EVENT_BAG:
      if (!infusion->has_concentration)
        {
          sp_xml_set_content_error (error, node,
                                    _("new bag of “%s”: give its concentration "
                                      "(amount, amount-unit and volume-ml)"),
                                    infusion->drug_id);
          return NULL;
        }
      break;
    case SP_CASE_EVENT_STOP:
    default:
      break;
    }

  {
    g_autofree char *reason = sp_xml_get_prop (node, "reason");

    return sp_case_event_new (kind, g_steal_pointer (&infusion), reason);
  }
}

static SpCaseEntry *
load_entry (xmlNodePtr   node,
            GError     **error)
{
  g_autofree char *id = sp_xml_get_prop (node, "id");
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(SpCaseEntry) entry = NULL;
  xmlNodePtr seen[SP_N_FIELDS] = { NULL, };

  if (!get_time_attribute (node, "time", &time, error))
    return NULL;
  g_assert (id != NULL && time != NULL);   /* required by the schema */

  entry = sp_case_entry_new (g_strstrip (id), time);
  entry->line = (int) xmlGetLineNo (node);
  entry->author = sp_xml_get_prop (node, "author");
  entry->corrects = sp_xml_get_prop (node, "corrects");
  entry->reason = sp_xml_get_prop (node, "reason");
  {
    g_autofree char *carried = sp_xml_get_prop (node, "carried-over");

    entry->carried_over = g_strcmp0 (carried, "true") == 0;   /* the schema allows no other */
  }
  if (entry->corrects != NULL)
    g_strstrip (entry->corrects);
  if (!get_time_attribute (node, "recorded", &entry->recorded, error))
    return NULL;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "value") || sp_xml_is (child, "clear"))
        {
          SpCaseObservation *observation;
          SpField field;
          SpFieldValue value;

          if (!load_value (child, &field, &value, error) ||
              !check_field_once (child, seen, field, error))
            return NULL;
          if (sp_field_is_therapy (field))
            {
              sp_xml_set_content_error (error, child,
                                        _("field “%s”: what runs is recorded as an "
                                          "infusion event (start, dose, bag, stop), "
                                          "not as a patient value"),
                                        sp_field_get_info (field)->id);
              return NULL;
            }
          {
            g_autofree char *reason = sp_xml_get_prop (child, "reason");

            observation = sp_case_observation_new (field, &value, reason);
          }
          observation->line = (int) xmlGetLineNo (child);
          g_ptr_array_add (entry->observations, observation);
        }
      else
        {
          SpCaseEvent *event = load_event (child, error);

          if (event == NULL)
            return NULL;
          g_ptr_array_add (entry->events, event);
        }
    }

  /* Observations in field order, as the writer puts them. */
  g_ptr_array_sort (entry->observations, sp_case_observation_compare_field);

  if (entry->corrects == NULL && sp_case_entry_is_empty (entry))
    {
      sp_xml_set_content_error (error, node,
                                _("entry “%s” records nothing: an entry holds at least one "
                                  "value or infusion event (only a correction may be empty: "
                                  "“entered in error”)"),
                                entry->id);
      return NULL;
    }

  return g_steal_pointer (&entry);
}

/* Checks what ties entries together: unique ids, each correction naming
 * another entry, no entry corrected twice. */
static gboolean
check_timeline (GPtrArray   *timeline,
                GHashTable  *nodes,
                GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) corrected = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < timeline->len; i++)
    {
      SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      SpCaseEntry *first = g_hash_table_lookup (by_id, entry->id);

      if (first != NULL)
        {
          sp_xml_set_content_error (error, g_hash_table_lookup (nodes, entry),
                                    _("entry id “%s” is used twice (first on line %d)"),
                                    entry->id, first->line);
          return FALSE;
        }
      g_hash_table_insert (by_id, entry->id, entry);
    }

  for (guint i = 0; i < timeline->len; i++)
    {
      SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      SpCaseEntry *by;
      xmlNodePtr node = g_hash_table_lookup (nodes, entry);

      if (entry->corrects == NULL)
        continue;
      if (g_str_equal (entry->corrects, entry->id) ||
          !g_hash_table_contains (by_id, entry->corrects))
        {
          sp_xml_set_content_error (error, node,
                                    _("entry “%s” corrects “%s”, which is not another entry "
                                      "of this timeline"),
                                    entry->id, entry->corrects);
          return FALSE;
        }
      by = g_hash_table_lookup (corrected, entry->corrects);
      if (by != NULL)
        {
          sp_xml_set_content_error (error, node,
                                    _("entry “%s” is corrected twice (by “%s” and “%s”); "
                                      "a later correction corrects the correction"),
                                    entry->corrects, by->id, entry->id);
          return FALSE;
        }
      g_hash_table_insert (corrected, entry->corrects, entry);
    }

  /* Corrections form chains; a ring (e1 corrects e2, e2 corrects e1) would
   * leave nothing in force. */
  for (guint i = 0; i < timeline->len; i++)
    {
      SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      guint steps = 0;

      for (SpCaseEntry *e = entry; e->corrects != NULL; e = g_hash_table_lookup (by_id, e->corrects))
        if (++steps > timeline->len)
          {
            sp_xml_set_content_error (error, g_hash_table_lookup (nodes, entry),
                                      _("entry “%s”: its corrections go round in a circle"),
                                      entry->id);
            return FALSE;
          }
    }

  return TRUE;
}

static gint
compare_entry_time (gconstpointer a,
                    gconstpointer b)
{
  const SpCaseEntry *ea = *(const SpCaseEntry * const *) a;
  const SpCaseEntry *eb = *(const SpCaseEntry * const *) b;

  return g_date_time_compare (ea->time, eb->time);
}

void
sp_case_timeline_sort (GPtrArray *timeline)
{
  g_return_if_fail (timeline != NULL);

  /* Stable (GLib's sort is a merge sort): entries at the same time keep the
   * order they were recorded in. */
  g_ptr_array_sort (timeline, compare_entry_time);
}

static gboolean
load_timeline (xmlNodePtr   node,
               SpCaseData  *data,
               GError     **error)
{
  g_autoptr(GHashTable) nodes = g_hash_table_new (NULL, NULL);

  if (data->format_version < 4)
    {
      sp_xml_set_content_error (error, node,
                                _("a timeline needs case format 4; this file says format %u"),
                                data->format_version);
      return FALSE;
    }

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpCaseEntry *entry;

      if (!sp_xml_is (child, "entry"))
        continue;
      if (data->timeline->len == SP_CASE_MAX_ENTRIES)
        {
          sp_xml_set_content_error (error, child,
                                    _("the timeline holds more than %d entries"),
                                    SP_CASE_MAX_ENTRIES);
          return FALSE;
        }
      entry = load_entry (child, error);
      if (entry == NULL)
        return FALSE;
      g_hash_table_insert (nodes, entry, child);
      g_ptr_array_add (data->timeline, entry);
    }

  if (!check_timeline (data->timeline, nodes, error))
    return FALSE;

  sp_case_timeline_sort (data->timeline);
  return TRUE;
}

static gboolean
load_case_text (xmlNodePtr   node,
                SpCaseData  *data,
                GPtrArray   *texts,
                GError     **error)
{
  g_autofree char *lang = get_lang (node);
  g_autofree char *text = NULL;

  if (lang != NULL && data->format_version < 2)
    {
      sp_xml_set_content_error (error, node,
                                _("<%s xml:lang=\"%s\">: a language variant needs case "
                                  "format 2; this file says format 1"),
                                (const char *) node->name, lang);
      return FALSE;
    }

  if (sp_xml_is (node, "title"))
    text = sp_xml_get_text (node);
  else
    {
      xmlChar *content = xmlNodeGetContent (node);

      text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));
      xmlFree (content);
    }

  return add_text_variant (node, texts, text, NULL, TRUE, error);
}

static SpCaseData *
load_document (xmlDocPtr    doc,
               const char  *name,
               SpProtocol  *protocol,
               GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  xmlNodePtr root;
  xmlNodePtr first_title = NULL;
  xmlNodePtr first_notes = NULL;

  data = sp_case_data_new ();
  root = xmlDocGetRootElement (doc);

  {
    /* The schema allows "1" or "2" only (white space trimmed). */
    g_autofree char *version = sp_xml_get_prop (root, "format-version");

    data->format_version = (guint) g_ascii_strtoull (g_strstrip (version), NULL, 10);
  }

  data->profile = sp_xml_get_prop (root, "drug-profile");
  if (data->profile != NULL && data->format_version < 5)
    {
      sp_xml_set_content_error (error, root,
                                _("drug-profile: naming a drug-library profile needs case "
                                  "format 5; this file says format %u"),
                                data->format_version);
      return NULL;
    }
  if (data->profile != NULL)
    g_strstrip (data->profile);

  SP_XML_FOREACH_ELEMENT (root, node)
    {
      if (sp_xml_is (node, "title"))
        {
          if (first_title == NULL)
            first_title = node;
          if (!load_case_text (node, data, data->titles, error))
            return NULL;
        }
      else if (sp_xml_is (node, "notes"))
        {
          if (first_notes == NULL)
            first_notes = node;
          if (!load_case_text (node, data, data->notes, error))
            return NULL;
        }
      else if (sp_xml_is (node, "patient"))
        {
          if (!load_patient (node, data->format_version, &data->patient, data->patient_lines,
                             error))
            return NULL;
        }
      else if (sp_xml_is (node, "infusions"))
        {
          if (!load_infusions (node, data->format_version, data->infusions, error))
            return NULL;
        }
      else if (sp_xml_is (node, "timeline"))
        {
          if (!load_timeline (node, data, error))
            return NULL;
        }
      else if (sp_xml_is (node, "teaching"))
        {
          if (data->format_version < 2)
            {
              sp_xml_set_content_error (error, node,
                                        _("teaching content needs case format 2; "
                                          "this file says format 1"));
              return NULL;
            }
          if (!load_teaching (node, data, protocol, error))
            return NULL;
        }
    }

  /* Language variants fall back on the default (English) text; the error
   * names the first <title> or <notes>. */
  if ((data->titles->len > 0 && !check_has_default (first_title, "title", data->titles, error)) ||
      (data->notes->len > 0 && !check_has_default (first_notes, "notes", data->notes, error)))
    return NULL;

  return g_steal_pointer (&data);
}

SpCaseData *
sp_case_file_load_for_protocol (const char  *path,
                                SpProtocol  *protocol,
                                GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_file (path, &case_format, error);
  if (doc == NULL)
    return NULL;

  return load_document (doc, path, protocol, error);
}

SpCaseData *
sp_case_file_load (const char  *path,
                   GError     **error)
{
  return sp_case_file_load_for_protocol (path, NULL, error);
}

SpCaseData *
sp_case_file_load_data_for_protocol (const char  *data,
                                     gsize        length,
                                     const char  *name,
                                     SpProtocol  *protocol,
                                     GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_memory (data, length, name, &case_format, error);
  if (doc == NULL)
    return NULL;

  return load_document (doc, name, protocol, error);
}

SpCaseData *
sp_case_file_load_data (const char  *data,
                        gsize        length,
                        const char  *name,
                        GError     **error)
{
  return sp_case_file_load_data_for_protocol (data, length, name, NULL, error);
}

/* --- saving ---------------------------------------------------------------- */

/* Appends @text escaped for XML element content or a double-quoted attribute.
 * Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and
 * carriage return; U+FFFE, U+FFFF) become U+FFFD, and so does invalid UTF-8.
 * Carriage returns (and in attributes tabs and line feeds) are written as
 * character references, since a parser would otherwise normalise them. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, attribute ? "&quot;" : "\""); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '\t': g_string_append (out, attribute ? "&#9;" : "\t"); break;
        case '\n': g_string_append (out, attribute ? "&#10;" : "\n"); break;
        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
}

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

static void
append_patient (GString              *out,
                 const char           *indent,
                 const SpPatientState *patient)
{
  g_string_append_printf (out, "%s<patient>\n", indent);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info ((SpField) i);
      const SpFieldValue *value = &patient->values[i];
      g_autofree char *text = NULL;

      /* What runs is written as infusions only (one truth): the therapy
       * fields are derived from them, never stored. */
      if (!value->set || sp_field_is_therapy ((SpField) i))
        continue;

      switch (info->kind)
        {
        case SP_FIELD_KIND_NUMBER:
          text = sp_format_file_number (value->number);
          break;
        case SP_FIELD_KIND_CHOICE:
          text = g_strdup (sp_patient_state_get_choice (patient, (SpField) i));
          break;
        default:
          g_assert_not_reached ();
        }

      g_string_append_printf (out, "%s  <value", indent);
      append_attribute (out, "field", info->id);
      g_string_append_c (out, '>');
      append_escaped (out, text, FALSE);
      g_string_append (out, "</value>\n");
    }
  g_string_append_printf (out, "%s</patient>\n", indent);
}

/* drug, the concentration when recorded, the dose or running="yes". */
static void
append_infusion_attributes (GString              *out,
                            const SpCaseInfusion *infusion)
{
  const SpConcentration *conc = &infusion->concentration;

  append_attribute (out, "drug", infusion->drug_id);
  if (infusion->has_concentration)
    {
      g_autofree char *amount = sp_format_file_number (conc->amount);
      g_autofree char *volume = sp_format_file_number (conc->volume_ml);

      append_attribute (out, "amount", amount);
      append_attribute (out, "amount-unit", sp_amount_unit_to_string (conc->amount_unit));
      append_attribute (out, "volume-ml", volume);
      /* both forms: the label's amount in the salt beside the dose form */
      if (conc->salt[0] != '\0')
        {
          g_autofree char *salt_amount = sp_format_file_number (conc->salt_amount);

          append_attribute (out, "salt", conc->salt);
          append_attribute (out, "salt-amount", salt_amount);
        }
    }
  if (infusion->has_dose)
    {
      g_autofree char *dose = sp_format_file_number (infusion->dose);

      append_attribute (out, "dose", dose);
      append_attribute (out, "dose-unit", sp_dose_unit_to_string (infusion->dose_unit));
    }
  else if (infusion->running)
    append_attribute (out, "running", "yes");
}

static void
append_infusions (GString    *out,
                  const char *indent,
                  GPtrArray  *infusions)
{
  if (infusions == NULL || infusions->len == 0)
    return;

  g_string_append_printf (out, "%s<infusions>\n", indent);
  for (guint i = 0; i < infusions->len; i++)
    {
      g_string_append_printf (out, "%s  <infusion", indent);
      append_infusion_attributes (out, g_ptr_array_index (infusions, i));
      g_string_append (out, "/>\n");
    }
  g_string_append_printf (out, "%s</infusions>\n", indent);
}

/* The text of a field's value as files write it: a C-locale number or the
 * choice's id. */
static char *
format_field_value (SpField             field,
                    const SpFieldValue *value)
{
  switch (sp_field_get_info (field)->kind)
    {
    case SP_FIELD_KIND_NUMBER:
      return sp_format_file_number (value->number);
    case SP_FIELD_KIND_CHOICE:
      return g_strdup (sp_field_get_info (field)->choices[value->choice]);
    default:
      g_assert_not_reached ();
    }
}

static void
append_optional_attribute (GString    *out,
                           const char *name,
                           const char *value)
{
  if (value != NULL)
    append_attribute (out, name, value);
}

static void
append_timeline (GString   *out,
                 GPtrArray *timeline)
{
  g_string_append (out, "  <timeline>\n");
  for (guint i = 0; i < timeline->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      g_autofree char *time = sp_case_format_time (entry->time);

      g_string_append (out, "    <entry");
      append_attribute (out, "id", entry->id);
      append_attribute (out, "time", time);
      append_optional_attribute (out, "author", entry->author);
      if (entry->recorded != NULL)
        {
          g_autofree char *recorded = sp_case_format_time (entry->recorded);

          append_attribute (out, "recorded", recorded);
        }
      append_optional_attribute (out, "corrects", entry->corrects);
      append_optional_attribute (out, "reason", entry->reason);
      if (entry->carried_over)
        append_attribute (out, "carried-over", "true");
      if (sp_case_entry_is_empty (entry))
        {
          g_string_append (out, "/>\n");
          continue;
        }
      g_string_append (out, ">\n");

      for (guint j = 0; j < entry->observations->len; j++)
        {
          const SpCaseObservation *observation = g_ptr_array_index (entry->observations, j);
          const char *field = sp_field_get_info (observation->field)->id;

          if (!observation->value.set)
            {
              g_string_append (out, "      <clear");
              append_attribute (out, "field", field);
              append_optional_attribute (out, "reason", observation->reason);
              g_string_append (out, "/>\n");
              continue;
            }

          {
            g_autofree char *text = format_field_value (observation->field, &observation->value);

            g_string_append (out, "      <value");
            append_attribute (out, "field", field);
            append_optional_attribute (out, "reason", observation->reason);
            g_string_append_c (out, '>');
            append_escaped (out, text, FALSE);
            g_string_append (out, "</value>\n");
          }
        }

      for (guint j = 0; j < entry->events->len; j++)
        {
          const SpCaseEvent *event = g_ptr_array_index (entry->events, j);

          g_string_append_printf (out, "      <%s", sp_case_event_kind_to_string (event->kind));
          append_infusion_attributes (out, event->infusion);
          append_optional_attribute (out, "reason", event->reason);
          g_string_append (out, "/>\n");
        }
      g_string_append (out, "    </entry>\n");
    }
  g_string_append (out, "  </timeline>\n");
}

/* Every variant of a text, the default (no xml:lang) first. */
static void
append_texts (GString    *out,
              const char *indent,
              const char *name,
              GPtrArray  *texts)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; texts != NULL && i < texts->len; i++)
      {
        const SpCaseText *text = g_ptr_array_index (texts, i);

        if ((pass == 0) != (text->lang == NULL))
          continue;

        g_string_append_printf (out, "%s<%s", indent, name);
        if (text->lang != NULL)
          append_attribute (out, "xml:lang", text->lang);
        if (text->cites != NULL && text->cites[0] != NULL)
          {
            g_autofree char *cites = g_strjoinv (" ", text->cites);

            append_attribute (out, "cite", cites);
          }
        g_string_append_c (out, '>');
        append_escaped (out, text->text, FALSE);
        g_string_append_printf (out, "</%s>\n", name);
      }
}

static void
append_teaching (GString          *out,
                 const SpCaseData *data)
{
  g_string_append (out, "  <teaching>\n");
  append_texts (out, "    ", "title", data->teaching_titles);
  for (guint i = 0; i < data->stages->len; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);

      g_string_append (out, "    <stage");
      append_attribute (out, "id", stage->id);
      append_attribute (out, "step", stage->step_id);
      if (stage->minutes >= 0)
        g_string_append_printf (out, " minutes=\"%d\"", stage->minutes);
      g_string_append (out, ">\n");
      append_texts (out, "      ", "title", stage->titles);
      append_texts (out, "      ", "text", stage->texts);
      append_patient (out, "      ", &stage->patient);
      append_infusions (out, "      ", stage->infusions);
      g_string_append (out, "    </stage>\n");
    }
  g_string_append (out, "  </teaching>\n");
}

char *
sp_case_file_to_xml (const SpCaseData *data)
{
  GString *out;

  g_return_val_if_fail (data != NULL, NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  /* The lowest format that carries the content: a case without teaching
   * stages or language variants stays readable by a ShockPath that reads
   * format 1 only. */
  g_string_append_printf (out, "<case format-version=\"%u\"", lowest_format_version (data));
  if (data->profile != NULL)
    append_attribute (out, "drug-profile", data->profile);
  g_string_append (out, ">\n");

  append_texts (out, "  ", "title", data->titles);
  append_texts (out, "  ", "notes", data->notes);

  append_patient (out, "  ", &data->patient);
  append_infusions (out, "  ", data->infusions);

  if (sp_case_data_is_teaching (data))
    append_teaching (out, data);
  if (data->timeline != NULL && data->timeline->len > 0)
    append_timeline (out, data->timeline);

  g_string_append (out, "</case>\n");
  return g_string_free (out, FALSE);
}

gboolean
sp_case_file_save (const char        *path,
                   const SpCaseData  *data,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SpCaseData) check = NULL;
  g_autofree char *xml = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  xml = sp_case_file_to_xml (data);
  length = strlen (xml);

  /* Never write a file that would be refused when opened again (a negative
   * number, a drug id the schema does not take, a zero volume ...). */
  check = sp_case_file_load_data (xml, length, path, &local_error);
  if (check == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The case was not saved: "));
      return FALSE;
    }

  /* Written whole or not at all; the file keeps its permissions (a 0600
   * case with patient notes stays 0600) and a link to it stays a link. */
  if (!sp_file_replace (path, xml, length, &local_error))
    {
      /* "x.xml: cannot write: No space left on device" */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

GDateTime *
sp_case_parse_typed_time (const char  *text,
                          GDateTime   *now,
                          GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GError) local_error = NULL;
  unsigned int hour, minute;
  char rest;

  g_return_val_if_fail (now != NULL, NULL);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  local_now = g_date_time_to_local (now);

  /* "14:30": the nearer of today's and yesterday's, in local time: "23:55"
   * typed at 00:10 is the evening before, not a time 23 hours ahead; "00:20"
   * typed at 00:10 is today's, and in the future. */
  if (sscanf (stripped, "%2u:%2u%c", &hour, &minute, &rest) == 2 && hour < 24 && minute < 60 &&
      strlen (stripped) >= 4)
    {
      for (int days_back = 0; days_back <= 1; days_back++)
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (local_now, -days_back);
          g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02dT%02u:%02u",
                                                  g_date_time_get_year (day),
                                                  g_date_time_get_month (day),
                                                  g_date_time_get_day_of_month (day),
                                                  hour, minute);

          g_clear_pointer (&time, g_date_time_unref);
          g_clear_error (&local_error);
          time = sp_case_parse_time_full (iso, local, &local_error);
          if (time == NULL || g_date_time_difference (time, now) <= 12 * G_TIME_SPAN_HOUR)
            break;
        }
    }
  else
    {
      /* "2026-12-03 14:30" or ISO 8601 ("2026-12-03T14:30+01:00"). */
      g_autofree char *iso = g_strdelimit (g_strdup (stripped), " ", 'T');

      time = sp_case_parse_time_full (iso, local, &local_error);
    }

  /* a time the clocks skip or show twice says so */
  if (g_error_matches (local_error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_LOCAL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (time == NULL)
    {
      g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_INVALID,
                   /* Translators: "Time: “25:00” is not a time; type 14:30, or 2026-12-03 14:30" */
                   _("Time: “%s” is not a time; type it as 14:30, or 2026-12-03 14:30"),
                   stripped);
      return NULL;
    }

  if (!sp_case_check_entry_time (time, now, error))
    return NULL;
  return g_steal_pointer (&time);
}

gboolean
sp_case_check_entry_time (GDateTime  *time,
                          GDateTime  *now,
                          GError    **error)
{
  g_return_val_if_fail (time != NULL && now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* What is recorded happened: a few minutes' clock difference is fine. */
  if (g_date_time_difference (time, now) > SP_CASE_CLOCK_SLACK)
    {
      g_autoptr(GDateTime) shown = g_date_time_to_local (time);
      g_autofree char *text_time = g_date_time_format (shown, "%Y-%m-%d %H:%M");

      g_set_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_FUTURE,
                   _("Time: %s is in the future; an entry records what was observed or done"),
                   text_time);
      return FALSE;
    }
  return TRUE;
}
