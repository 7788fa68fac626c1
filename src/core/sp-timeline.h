/* sp-timeline.h: a case over time: the state at any moment, recording and
 * correcting entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case's timeline (SpCaseData.timeline, case format 4) is a list of
 * entries in time order, each with observations (patient values) and
 * infusion events (start, dose change, new bag, stop). The state at a
 * moment is the latest value of each field and infusion up to it, from the
 * entries in force: an entry that a correction replaced is not, the
 * correction is.
 *
 * The case's own <patient> and <infusions> (SpCaseData.patient,
 * .infusions) are the state now, as the window shows it: the timeline's
 * state at its end, plus whatever was changed and not recorded yet. A value
 * changed but not recorded stays as it was changed when an entry is added;
 * every other value follows the timeline.
 */
#pragma once

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

#define SP_TIMELINE_ERROR (sp_timeline_error_quark ())

typedef enum {
  SP_TIMELINE_ERROR_INCONSISTENT,   /* an event that does not fit what runs then */
  SP_TIMELINE_ERROR_EMPTY,          /* nothing to record */
  SP_TIMELINE_ERROR_UNKNOWN_ENTRY,  /* no entry with that id */
  SP_TIMELINE_ERROR_NO_TIMELINE,    /* the case has no entry (yet) at that time */
  SP_TIMELINE_ERROR_FULL,           /* SP_CASE_MAX_ENTRIES reached */
  SP_TIMELINE_ERROR_BEFORE_START,   /* before the values carried over when it began */
  SP_TIMELINE_ERROR_REFUSED_INPUT,  /* an input on screen was refused (sp_case_record ()) */
  SP_TIMELINE_ERROR_NO_REASON,      /* a correction without its reason */
} SpTimelineError;

GQuark       sp_timeline_error_quark      (void);

/* The entry that corrects @entry (the correction in force, following a
 * chain of corrections), or NULL when @entry is in force. */
const SpCaseEntry *sp_timeline_get_correction (GPtrArray         *timeline,
                                               const SpCaseEntry *entry);
/* The entry that corrects @entry itself (the first of a chain), or NULL. */
const SpCaseEntry *sp_timeline_get_direct_correction (GPtrArray         *timeline,
                                                      const SpCaseEntry *entry);
/* The start of the last @hours of @timeline, counted back from its last
 * entry that records something in force (not struck, not a correction
 * that records an entry entered in error: a late entry with a wrong date
 * taken back no longer sets the hours); a new reference. NULL for all of
 * it: @hours 0, nothing recorded, or more hours than a date can go back. */
GDateTime         *sp_timeline_dup_last_hours_start (GPtrArray *timeline,
                                                     guint      hours);
/* The entry with @id, or NULL. */
const SpCaseEntry *sp_timeline_lookup     (GPtrArray         *timeline,
                                           const char        *id);

/* The state at @at (NULL: after the last entry) from the entries in force:
 * *out_patient gets the latest value of each field (therapy fields not
 * set), @out_infusions (SpCaseInfusion*, owned, cleared first) what runs.
 * Fails with SP_TIMELINE_ERROR_INCONSISTENT, "NAME:LINE: ..." naming the
 * event, when an event does not fit: a dose change, new bag or stop of a
 * drug that does not run then, a start of one that does. */
gboolean     sp_timeline_state_at         (GPtrArray         *timeline,
                                           GDateTime         *at,
                                           const char        *name,
                                           SpPatientState    *out_patient,
                                           GPtrArray         *out_infusions,
                                           GError           **error);

/* What runs just before @entry takes effect (@out_infusions, SpCaseInfusion*
 * owned, appended): the timeline without @entry and the entries it
 * corrects (directly or through corrections of corrections), up to its
 * place in the timeline (an entry of the same time recorded after it does
 * not come before it). Nothing when no other entry comes before it. Fails as
 * sp_timeline_state_at () does. A correction that keeps what it does not
 * change records its events against this. */
gboolean     sp_timeline_infusions_before (GPtrArray         *timeline,
                                           const SpCaseEntry *entry,
                                           const char        *name,
                                           GPtrArray         *out_infusions,
                                           GError           **error);

/* The state just after @entry (an entry of @timeline) took effect, in the
 * timeline's order: an entry of the same time recorded after it is not
 * yet applied. What a correction of @entry starts from. Fails as
 * sp_timeline_state_at () does. */
gboolean     sp_timeline_state_after      (GPtrArray         *timeline,
                                           const SpCaseEntry *entry,
                                           const char        *name,
                                           SpPatientState    *out_patient,
                                           GPtrArray         *out_infusions,
                                           GError           **error);

/* Called for each entry in time order, after it was applied when it is in
 * force (@in_force FALSE: a corrected entry, the state as before it):
 * @patient and @infusions are the state from then on. Do not keep them. */
typedef void (*SpTimelineStateFunc) (const SpCaseEntry    *entry,
                                     gboolean              in_force,
                                     const SpPatientState *patient,
                                     GPtrArray            *infusions,
                                     gpointer              user_data);

/* Replays @timeline once, up to @until (NULL: all), calling @func (may be
 * NULL) at each entry: the states of a whole timeline in one pass. The
 * state at the end goes to @out_patient and @out_infusions (either may be
 * NULL). Fails as sp_timeline_state_at () does. */
gboolean     sp_timeline_foreach          (GPtrArray            *timeline,
                                           GDateTime            *until,
                                           const char           *name,
                                           SpTimelineStateFunc   func,
                                           gpointer              user_data,
                                           SpPatientState       *out_patient,
                                           GPtrArray            *out_infusions,
                                           GError              **error);

/* Checks every event of @timeline in order (sp_timeline_state_at ()). */
gboolean     sp_timeline_check            (GPtrArray         *timeline,
                                           const char        *name,
                                           GError           **error);

/* The entry that records what @patient and @infusions (the state now)
 * change against the timeline's end: a value per field that differs (a
 * <clear> for one no longer entered), a start, dose change, new bag or stop
 * per infusion that differs. Therapy fields are not compared (the
 * infusions are). An entry with no id, at @time, that may be empty. */
SpCaseEntry *sp_timeline_diff             (GPtrArray            *timeline,
                                           const SpPatientState *patient,
                                           GPtrArray            *infusions,
                                           GDateTime            *time);

/* Appends to @events (SpCaseEvent*) the starts, dose changes, new bags and
 * stops that take what runs from @before to @after (SpCaseInfusion*). An
 * infusion with neither a dose nor running="yes" is a proposal: it does not
 * start. */
void         sp_timeline_infusion_events  (GPtrArray            *before,
                                           GPtrArray            *after,
                                           GPtrArray            *events);

/* What an entry that takes what runs from @before to @after
 * (SpCaseInfusion*) asks the clinician to check (CLINICAL.md): a dose above
 * a soft limit of the drug library, and a dose more than twice or less than
 * half the dose of the same drug that ran before ("a missed zero"), the
 * doses compared in one unit (through @weight_kg, NAN when unknown). Only
 * doses the entry sets or changes are looked at. */
typedef struct {
  char       *id;         /* "norepinephrine-soft-limit", "dose-change" */
  SpSeverity  severity;   /* SP_SEVERITY_SOFT_LIMIT, SP_SEVERITY_WARNING */
  char       *drug_id;
  char       *message;    /* translated, numbers in the style asked */
  double      factor;     /* dose-change: new / before; NAN otherwise */
} SpEntryWarning;

void         sp_entry_warning_free        (SpEntryWarning       *warning);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpEntryWarning, sp_entry_warning_free)

/* A new array of SpEntryWarning*, soft limits first, in the order of
 * @after; empty when there is nothing to check. */
GPtrArray   *sp_timeline_infusion_warnings (GPtrArray           *before,
                                            GPtrArray           *after,
                                            SpDrugLibrary       *drugs,
                                            double               weight_kg,
                                            SpNumberStyle        style);

/* A new array of SpEntryWarning* ("same-time-value", SP_SEVERITY_WARNING,
 * no drug): for each value of @entry that another entry in force of
 * @timeline, at the same time, records otherwise. @entry about to be added
 * holds from then on (it is recorded later), as does @entry in the timeline
 * against one before it; one after it (a correction takes its entry's
 * place) holds instead. The message says which and names the other entry,
 * to be corrected if it is the wrong one. The entry
 * @entry corrects and the values carried over when the timeline began are
 * not compared. Empty when there is no such value. */
GPtrArray   *sp_timeline_same_time_warnings (GPtrArray         *timeline,
                                             const SpCaseEntry *entry,
                                             SpNumberStyle      style);

/* TRUE when the state now (@data's patient and infusions) holds a change
 * the timeline does not. */
gboolean     sp_case_data_has_unrecorded  (const SpCaseData  *data);

/* Adds @entry (taken) to @data's timeline: gives it the next free id when
 * it has none, checks its values against @protocol and @drugs as the
 * loader does (sp_case_data_resolve ()), and that the timeline still makes
 * sense with it; then the state now follows the timeline, except for values
 * changed and not recorded. A correction (entry->corrects set) must name an
 * entry in force, differ from it and give its reason (what was wrong:
 * SP_TIMELINE_ERROR_NO_REASON); it gets entry->recorded (now) when it has
 * none, as does
 * an entry for a time more than SP_CASE_LATE_ENTRY ago (a late entry). Refused,
 * @data unchanged, with an error naming the value or event. Returns the
 * entry as stored (owned by @data's timeline), or NULL. */
const SpCaseEntry *sp_case_data_add_entry (SpCaseData        *data,
                                           SpCaseEntry       *entry,
                                           SpProtocol        *protocol,
                                           SpDrugLibrary     *drugs,
                                           GError           **error);

/* The state at @at (sp_timeline_state_at ()), refused with
 * SP_TIMELINE_ERROR_NO_TIMELINE, naming the first entry's time, when @at
 * is before it or the case has no timeline. Therapy fields of
 * *out_patient follow the infusions. */
gboolean     sp_case_data_state_at        (const SpCaseData  *data,
                                           GDateTime         *at,
                                           SpPatientState    *out_patient,
                                           GPtrArray         *out_infusions,
                                           GError           **error);

/* A teaching case's stages as a timeline (a lecture's replay): stage i at
 * @start plus its minutes (SpCaseStage.minutes; 30 minutes after the stage
 * before when not given), recording what changed since the stage before,
 * for the stages up to @up_to. Entry ids are the stages' ids. */
GPtrArray   *sp_timeline_from_stages      (GPtrArray            *stages,
                                           guint                 up_to,
                                           GDateTime            *start);

/* The infusion of @drug_id in @infusions (SpCaseInfusion*), or NULL. */
SpCaseInfusion *sp_case_infusions_find    (GPtrArray            *infusions,
                                           const char           *drug_id);

/* "08:00" in the user's time zone, or "2026-12-03 08:00" when the day is
 * not that of *@last_day (NULL at first), which becomes @time's: a list of
 * entries names each day once. */
char        *sp_timeline_format_local_time (GDateTime           *time,
                                            GDateTime          **last_day);

/* A correction as the log and the flowsheet head it: "corrects e4 at
 * 09:40: typing error" (the time it was written, local; with the day,
 * "2026-12-05 11:40", when that is not the day of the time it corrects);
 * NULL for an entry that corrects nothing. */
char        *sp_case_entry_describe_correction (const SpCaseEntry *entry);
/* A correction of @target (an entry of @timeline) to fill in: an entry
 * without an id at @target's time, naming it, with copies of its values
 * and infusion events (each with its reason), no author, reason or
 * recorded time. @target a correction that records nothing (an entry
 * entered in error): the values and events of the entry it took back, to
 * bring them back. Set the values and doses it should have held, or empty
 * both lists for an entry entered in error; sp_case_data_add_entry () or
 * sp_case_correct () records it. */
SpCaseEntry *sp_case_entry_new_correction    (GPtrArray           *timeline,
                                              const SpCaseEntry   *target);
/* An entry written more than SP_CASE_LATE_ENTRY after the time it records
 * (entry->recorded), as the log, the history and the flowsheet say it:
 * "entered late, at 2026-12-03 11:30" (local); NULL for an entry written
 * in time, or a correction (sp_case_entry_describe_correction ()). */
char        *sp_case_entry_describe_late      (const SpCaseEntry   *entry);
/* Why @entry is struck, as the log, the history and the flowsheet say it:
 * "corrected by e4 at 2026-12-03 09:40 (CD)" (the entry that corrected it,
 * when and by whom, local time), and when that correction was corrected in
 * turn, the one in force: "…, last by e7". With @brief, without the time
 * and author: "corrected by e4, last by e7". NULL for an entry in force. */
char        *sp_timeline_describe_struck      (GPtrArray           *timeline,
                                               const SpCaseEntry   *entry,
                                               gboolean             brief);

/* "MAP 59 mmHg", "Mental status altered", "Lactate cleared"; with its
 * reason after a dash when it has one. */
char        *sp_case_observation_format   (const SpCaseObservation *observation,
                                           SpNumberStyle            style);
/* "Start Norepinephrine 0.05 mcg/kg/min, 4 mg/250 mL", "Norepinephrine
 * dose 0.1 mcg/kg/min", "New bag of Norepinephrine: 8 mg/250 mL", "Stop
 * Dobutamine"; with its reason after a dash when it has one. */
char        *sp_case_event_format         (const SpCaseEvent       *event,
                                           SpDrugLibrary           *drugs,
                                           SpNumberStyle            style);

G_END_DECLS
