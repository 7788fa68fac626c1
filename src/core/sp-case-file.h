/* sp-case-file.h: case files (XML, data/case.rng), loaded safely, saved atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-field.h"
#include "sp-protocol.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

/* The newest format version this build reads and writes. Format 1 is one
 * patient's state and infusions, with one plain title and notes; format 2
 * adds optional teaching content (a lecture title and a sequence of stages)
 * and language variants (xml:lang) of the case's own title and notes.
 * Format 3 is the one-truth format: what runs is the infusions only (a
 * <patient> holds no therapy field: inotrope, inotrope-dose, norepinephrine,
 * vasopressin, epinephrine), and an infusion may lack its concentration
 * (not recorded) or run at a dose not recorded (running="yes").
 *
 * Every version is written without therapy fields (they are derived from the
 * infusions, sp-therapy.h); a case that needs no format-2 or format-3
 * feature is still written as format 1, so an older ShockPath can open it.
 * Format 4 adds the timeline (<timeline>): timestamped entries of
 * observations and infusion events (sp-timeline.h). <patient> and
 * <infusions> stay the state now, as the window shows it: the timeline's
 * latest values and any change not recorded yet.
 *
 * Older files' therapy fields are read as shorthand for infusions
 * (sp_case_data_resolve ()). */
#define SP_CASE_FORMAT_VERSION 5

/* The most entries a timeline holds: three days at one a minute. */
#define SP_CASE_MAX_ENTRIES 5000

/* Clocks differ by a few minutes: an entry for a time in the future by
 * less is accepted (sp_case_check_entry_time ()), and one written less
 * than this after its time is not a late entry. */
#define SP_CASE_CLOCK_SLACK (5 * G_TIME_SPAN_MINUTE)
#define SP_CASE_LATE_ENTRY SP_CASE_CLOCK_SLACK

/* The longest texts a case holds, in characters: a title is one line (and
 * is laid out again on every printed page), notes are a few pages, a
 * teaching text a paragraph; and at most this many language variants of one
 * text. The loader refuses more (so does a save: ShockPath never writes a
 * file it would refuse). */
#define SP_CASE_MAX_TITLE_CHARS 500
#define SP_CASE_MAX_NOTES_CHARS 20000
#define SP_CASE_MAX_TEXT_CHARS  5000
#define SP_CASE_MAX_VARIANTS    64

/* One infusion as a case file stores it. A dose is stored with its unit;
 * a rate is never stored (it follows from dose, weight and concentration).
 * An infusion read from an older file's therapy field has no concentration
 * (has_concentration FALSE): its dose is known, its pump rate is not. */
typedef struct {
  char            *drug_id;
  gboolean         has_concentration;
  SpConcentration  concentration;
  gboolean         has_dose;
  double           dose;
  SpDoseUnit       dose_unit;
  /* Runs at a dose not recorded (has_dose FALSE): "inotrope=dobutamine"
   * without "inotrope-dose". */
  gboolean         running;
  /* The line of the file it was read from (0: not from a file), for errors. */
  int              line;
} SpCaseInfusion;

/* One language variant of a text: @lang is the xml:lang tag ("de", "fr")
 * or NULL for the default (English) text; @cites (stage texts only) are
 * reference ids of the protocol ("seed-2", "esc-2016"). */
typedef struct {
  char  *lang;
  char  *text;
  GStrv  cites;                 /* NULL-terminated, may be NULL */
} SpCaseText;

/* One stage of a teaching case: the patient's state at that point of the
 * lecture and the step of the protocol it must light. */
typedef struct {
  char           *id;           /* unique in the case: "presentation" */
  char           *step_id;      /* the protocol step it lights: "step1-inotrope" */
  int             minutes;      /* when, after the first stage; -1: not given */
  GPtrArray      *titles;       /* SpCaseText*, owned, at least one */
  GPtrArray      *texts;        /* SpCaseText*, owned, at least one; each cites */
  SpPatientState  patient;
  int             patient_lines[SP_N_FIELDS];  /* where each field was read; 0 */
  GPtrArray      *infusions;    /* SpCaseInfusion*, owned */
} SpCaseStage;

/* One observation of a timeline entry: a patient value, or the field
 * cleared (value.set FALSE: no longer known). Never a therapy field: what
 * runs is written as infusion events. */
typedef struct {
  SpField       field;
  SpFieldValue  value;
  char         *reason;         /* why, may be NULL */
  int           line;           /* where it was read; 0 */
} SpCaseObservation;

typedef enum {
  SP_CASE_EVENT_START,          /* an infusion starts: concentration (or none
                                 * recorded), a dose or running="yes" */
  SP_CASE_EVENT_DOSE,           /* its dose changes */
  SP_CASE_EVENT_BAG,            /* a new bag or syringe at another concentration */
  SP_CASE_EVENT_STOP,           /* it stops */
} SpCaseEventKind;

/* One infusion event. @infusion holds the drug and what the event sets:
 * START everything the infusion runs with, DOSE the dose only, BAG the
 * concentration only, STOP nothing else. */
typedef struct {
  SpCaseEventKind  kind;
  SpCaseInfusion  *infusion;    /* owned */
  char            *reason;      /* why, may be NULL */
} SpCaseEvent;

/* One entry of the timeline: what was observed and done at one time.
 * An entry is never changed or removed once recorded: a correction is a new
 * entry that names the one it corrects (@corrects) and replaces it from
 * then on; the corrected entry stays in the file, shown struck through with
 * the correction's time and author. A correction without observations or
 * events says the entry was entered in error. */
typedef struct {
  char       *id;               /* "e1": unique in the case, never reused */
  GDateTime  *time;             /* when it was observed or done, with its offset */
  char       *author;           /* initials or a name, may be NULL */
  GDateTime  *recorded;         /* when a correction was written; NULL otherwise */
  char       *corrects;         /* the id of the entry it corrects, or NULL */
  char       *reason;           /* why (a correction's reason), may be NULL */
  /* the values and infusions the case held when its timeline began, set
   * by ShockPath (carried-over="true"): its reason is said in the reader's
   * language (sp_case_entry_get_reason ()) */
  gboolean    carried_over;
  GPtrArray  *observations;     /* SpCaseObservation*, owned, in field order */
  GPtrArray  *events;           /* SpCaseEvent*, owned */
  int         line;             /* where it was read; 0 */
} SpCaseEntry;

typedef struct {
  /* The case's own title and notes, every language variant of each:
   * SpCaseText*, owned, without cites; empty if none, else exactly one
   * default (English) variant and at most one per language. A title is one
   * line; notes keep their line breaks. sp_case_data_get_title() and
   * sp_case_data_get_notes() give the one for the user's language. */
  GPtrArray      *titles;
  GPtrArray      *notes;
  SpPatientState  patient;
  int             patient_lines[SP_N_FIELDS];  /* where each field was read; 0 */
  GPtrArray      *infusions;    /* SpCaseInfusion*, owned */

  /* Format 2: teaching content. A case is a teaching case when @stages is
   * not empty; then @teaching_titles holds the lecture's title. */
  GPtrArray      *teaching_titles;  /* SpCaseText*, owned; empty if none */
  GPtrArray      *stages;           /* SpCaseStage*, owned; empty if none */

  /* Format 4: the timeline, SpCaseEntry*, owned, in time order (entries
   * with the same time in the order they were recorded); empty if none. */
  GPtrArray      *timeline;

  /* Format 5: the drug-library profile the case's infusions belong to
   * ("eu-icu-syringes"), or NULL when the case names none: then the
   * library's default profile (every case written before profiles). */
  char           *profile;

  /* The format version the file was read from (1 or 2); for a new case, the
   * version sp_case_file_to_xml() would write it in (set when loaded only). */
  guint           format_version;
} SpCaseData;

SpCaseData     *sp_case_data_new            (void);
void            sp_case_data_free           (SpCaseData     *data);
/* @conc NULL: the concentration is not recorded. */
SpCaseInfusion *sp_case_infusion_new        (const char     *drug_id,
                                             const SpConcentration *conc);
SpCaseInfusion *sp_case_infusion_copy       (const SpCaseInfusion *infusion);
/* Appends a copy of each of @from's infusions to @to (which frees them). */
void            sp_case_infusions_append_copies (GPtrArray        *to,
                                                 GPtrArray        *from);
/* TRUE when the infusion runs: a dose above 0, or running at a dose not
 * recorded. No dose yet (proposed) or 0 (stopped) does not run. */
gboolean        sp_case_infusion_runs       (const SpCaseInfusion *infusion);
void            sp_case_infusion_free       (SpCaseInfusion *infusion);
/* TRUE when @a and @b run the same drug at the same concentration and dose. */
gboolean        sp_case_infusion_equal      (const SpCaseInfusion *a,
                                             const SpCaseInfusion *b);

SpCaseObservation *sp_case_observation_new  (SpField              field,
                                             const SpFieldValue  *value,
                                             const char          *reason);
SpCaseObservation *sp_case_observation_copy (const SpCaseObservation *observation);
void            sp_case_observation_free    (SpCaseObservation *observation);
/* Takes @infusion. */
SpCaseEvent    *sp_case_event_new           (SpCaseEventKind  kind,
                                             SpCaseInfusion  *infusion,
                                             const char      *reason);
SpCaseEvent    *sp_case_event_copy          (const SpCaseEvent *event);
void            sp_case_event_free          (SpCaseEvent    *event);
/* The event's id as files write it: "start", "dose", "bag", "stop". */
const char     *sp_case_event_kind_to_string (SpCaseEventKind kind);
/* @id may be NULL (sp_timeline_add () gives it one); @time is referenced. */
SpCaseEntry    *sp_case_entry_new           (const char     *id,
                                             GDateTime      *time);
SpCaseEntry    *sp_case_entry_copy          (const SpCaseEntry *entry);
/* Appends to @to copies of @from's values and infusion events. */
void            sp_case_entry_append_records (SpCaseEntry       *to,
                                              const SpCaseEntry *from);
/* Why @entry was made, for people: its reason, or for an entry carried
 * over when the timeline began, that, translated. NULL when it gives none. */
const char     *sp_case_entry_get_reason    (const SpCaseEntry *entry);
void            sp_case_entry_free          (SpCaseEntry    *entry);
/* TRUE when the entry holds neither an observation nor an event. */
gboolean        sp_case_entry_is_empty      (const SpCaseEntry *entry);
/* Orders observations by field (a GCompareFunc for g_ptr_array_sort ()). */
gint            sp_case_observation_compare_field (gconstpointer a,
                                                   gconstpointer b);
/* Puts @timeline (SpCaseEntry*) in time order; entries at the same time
 * keep their order. */
void            sp_case_timeline_sort       (GPtrArray      *timeline);
/* The time as files write it: "2026-12-03T08:00:00+01:00". */
char           *sp_case_format_time         (GDateTime      *time);
/* Reads an ISO 8601 time with its offset ("2026-12-03T08:00:00+01:00",
 * "...Z"); with @default_tz (may be NULL) a time without an offset is read
 * in that zone. NULL when @text is not such a time: a second of 60 and
 * more included (GLib reads 10:00:60 as 10:00:59), and a time without an
 * offset that @default_tz's clocks skip (02:30 the night they go forward:
 * GLib moves it) or show twice (02:30 the night they go back: GLib picks
 * one); sp_case_parse_time_full () says which. */
GDateTime      *sp_case_parse_time          (const char     *text,
                                             GTimeZone      *default_tz);

SpCaseText     *sp_case_text_new            (const char     *lang,
                                             const char     *text,
                                             const char * const *cites);
SpCaseText     *sp_case_text_copy           (const SpCaseText *text);
void            sp_case_text_free           (SpCaseText     *text);
/* A new array (SpCaseText*, owned) holding a copy of every variant of
 * @texts, in order; @texts may be NULL (an empty array). */
GPtrArray      *sp_case_texts_copy          (GPtrArray      *texts);
/* The variant of @texts (SpCaseText*) that best matches the user's language
 * (g_get_language_names()), else the default one; NULL if @texts is empty. */
const SpCaseText *sp_case_text_pick         (GPtrArray      *texts);
/* The text of that variant, or NULL. */
const char     *sp_case_text_pick_text      (GPtrArray      *texts);

SpCaseStage    *sp_case_stage_new           (const char     *id,
                                             const char     *step_id);
void            sp_case_stage_free          (SpCaseStage    *stage);

/* TRUE if @data carries teaching stages (and so is written as format 2). */
gboolean        sp_case_data_is_teaching    (const SpCaseData *data);
/* The case's own title and notes in the user's language (sp_case_text_pick()),
 * or NULL when it has none. */
const char     *sp_case_data_get_title      (const SpCaseData *data);
const char     *sp_case_data_get_notes      (const SpCaseData *data);

/* "NAME:LINE: " before a message about what a file holds ("NAME: " without
 * a line; "" without a name, for a value typed rather than read). */
char           *sp_case_file_where          (const char     *name,
                                             int             line);

/* Refuses (SP_XML_ERROR_*, "file:line: problem") a file that is not well
 * formed, does not follow case.rng, names an unknown field or choice, holds a
 * number that is not a C-locale number, or comes from a newer format version
 * ("written by a newer version of ShockPath (case format 3); this version
 * reads format 2"); a format-1 file with teaching content or a language
 * variant of its title or notes; a title or notes given twice in one
 * language, or with variants but no default. As format 1 always read it, an
 * empty default title or notes is none. Teaching stages are checked against
 * the shipped protocol (sp_protocol_new_default()): a stage's step must be
 * one of its steps and every cite one of its reference ids. */
SpCaseData     *sp_case_file_load           (const char     *path,
                                             GError        **error);
SpCaseData     *sp_case_file_load_data      (const char     *data,
                                             gsize           length,
                                             const char     *name,
                                             GError        **error);
/* The same, with teaching stages checked against @protocol (a site's own);
 * @protocol NULL means the shipped one. */
SpCaseData     *sp_case_file_load_for_protocol      (const char  *path,
                                                     SpProtocol  *protocol,
                                                     GError     **error);
SpCaseData     *sp_case_file_load_data_for_protocol (const char  *data,
                                                     gsize        length,
                                                     const char  *name,
                                                     SpProtocol  *protocol,
                                                     GError     **error);

/* The XML text for @data (C-locale numbers): format 1 unless @data carries
 * teaching stages or a language variant of its title or notes. */
char           *sp_case_file_to_xml         (const SpCaseData *data);

/* Writes atomically: a temporary file in the same directory, flushed, then
 * renamed over @path, so a crash leaves the old file or the new one. */
gboolean        sp_case_file_save           (const char       *path,
                                             const SpCaseData *data,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseData, sp_case_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseInfusion, sp_case_infusion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseText, sp_case_text_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseStage, sp_case_stage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseObservation, sp_case_observation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseEvent, sp_case_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseEntry, sp_case_entry_free)

#define SP_CASE_TIME_ERROR (sp_case_time_error_quark ())

typedef enum {
  SP_CASE_TIME_ERROR_INVALID,   /* not a time */
  SP_CASE_TIME_ERROR_FUTURE,    /* more than five minutes after now */
  SP_CASE_TIME_ERROR_LOCAL,     /* a local time the clocks skip or show twice */
} SpCaseTimeError;

GQuark          sp_case_time_error_quark    (void);

/* sp_case_parse_time (), saying why a time is refused: a local time the
 * clocks skip or show twice (SP_CASE_TIME_ERROR_LOCAL, naming the offsets to
 * write it with), anything else SP_CASE_TIME_ERROR_INVALID (a message for
 * callers without their own: each says what it accepts). */
GDateTime      *sp_case_parse_time_full     (const char     *text,
                                             GTimeZone      *default_tz,
                                             GError        **error);

/* Refuses (SP_CASE_TIME_ERROR_FUTURE) an entry's @time more than five
 * minutes after @now: an entry records what was observed or done. */
gboolean        sp_case_check_entry_time    (GDateTime      *time,
                                             GDateTime      *now,
                                             GError        **error);

/* A time a user typed for an entry: "14:30" (local time, today's or, when
 * that is more than 12 hours ahead, yesterday's), "2026-12-03
 * 14:30" (local time) or ISO 8601 with its offset. Refused, naming what is
 * accepted, when it is not a time, or when it is more than five minutes
 * after @now (an entry records what happened). */
GDateTime      *sp_case_parse_typed_time    (const char     *text,
                                             GDateTime      *now,
                                             GError        **error);

G_END_DECLS
