/* sp-case.h: one case: patient, infusions and the current assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties:
 *   "protocol"     construct-only
 *   "drug-library" SpDrugLibrary: set at construction (the site's profile);
 *                  then the library through the case's profile, notified
 *                  when a load or sp_case_set_profile () changes it
 *   "patient"      SpPatient, read-only (the same object for the case's life)
 *   "infusions"    GListModel of SpInfusion, read-only (the same object)
 *   "assessment"   SpAssessment, read-only: replaced on every change
 *   "title", "notes"  strings, may be NULL: the variant for the user's
 *                  language (see sp_case_get_title())
 *   "file"         GFile, read-only: where the case was loaded from or saved to;
 *                  NULL when never saved
 *   "modified"     boolean, read-only: TRUE after any change since the last
 *                  new / load / save
 *   "can-undo"     boolean, read-only: sp_case_undo () has a change to undo
 *   "can-redo"     boolean, read-only: sp_case_redo () has an undo to redo
 *   "timeline"     GPtrArray of SpCaseEntry, read-only: the entries recorded
 *                  (sp-timeline.h), in time order; notified when it changes
 *
 * The case re-runs the decision engine synchronously once per change of its
 * inputs: a patient change, an infusion change, an infusion added or removed,
 * a load, a reset. Whatever that change sets off inside the case (the weight
 * passed on to the infusions, the infusions' doses written to the patient's
 * therapy fields) is part of the same change: one evaluation, one
 * notify::assessment.
 *
 * One truth: what runs is the infusions, and nothing else. The patient's
 * therapy fields (inotrope, inotrope-dose, norepinephrine, vasopressin,
 * epinephrine) follow them (sp_therapy_derive_fields ()); a value set on one
 * of those fields is replaced by what the infusions say. An infusion never
 * holds a refused dose (sp-infusion.h). sp_case_to_data () and so every
 * saved file and printout carry the infusions, never the therapy fields.
 *
 * Undo: every change of a patient value, a dose, a concentration, an
 * infusion added or removed can be undone (sp_case_undo (), "can-undo"), up
 * to 100 changes back, and what was undone redone (sp_case_redo ()) until
 * another change; a load, a reset, a teaching stage or an entry recorded
 * starts afresh.
 *
 * A teaching case (case format 2) loads as an editable case: its own patient
 * state and infusions (the stage it is at: the first one as shipped) are the
 * case; its lecture title and stages are kept as read and written back
 * unchanged by sp_case_save(), so editing and saving a teaching case never
 * drops its stages. sp_case_load_stage() replaces the state with a stage's.
 */
#pragma once

#include <gio/gio.h>

#include "sp-assessment.h"
#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-field.h"
#include "sp-infusion.h"
#include "sp-patient.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

typedef struct _SpCaseState SpCaseState;

#define SP_CASE_ERROR (sp_case_error_quark ())

typedef enum {
  SP_CASE_ERROR_UNKNOWN_DRUG,     /* not in the case's drug library */
  SP_CASE_ERROR_DUPLICATE_DRUG,   /* the drug already has an infusion */
  SP_CASE_ERROR_INVALID,          /* a value the drug library or protocol refuses */
} SpCaseError;

GQuark sp_case_error_quark (void);

#define SP_TYPE_CASE (sp_case_get_type ())
G_DECLARE_FINAL_TYPE (SpCase, sp_case, SP, CASE, GObject)

SpCase        *sp_case_new                 (SpProtocol    *protocol,
                                            SpDrugLibrary *drugs);

SpProtocol    *sp_case_get_protocol        (SpCase        *self);
/* The drug library through the case's profile. */
SpDrugLibrary *sp_case_get_drug_library    (SpCase        *self);
/* Whether the case, with @field at @value, would be saved and opened
 * again: a weight that puts a running dose in mcg/min above its hard limit
 * per kg is refused, the error naming the infusion (sp_case_check_state ()).
 * The case does not change. */
gboolean       sp_case_check_value         (SpCase              *self,
                                            SpField              field,
                                            const SpFieldValue  *value,
                                            GError             **error);
/* Moves the case to the drug-library profile @profile_id (NULL: the
 * library's default): its infusions keep running, at their concentrations
 * and doses, now checked against the new profile. Refused (nothing
 * changes) when the profile is unknown or does not take a running drug,
 * concentration or dose; the error says which. Starts undo afresh. */
gboolean       sp_case_set_profile         (SpCase        *self,
                                            const char    *profile_id,
                                            GError       **error);
SpPatient     *sp_case_get_patient         (SpCase        *self);
GListModel    *sp_case_get_infusions       (SpCase        *self);
SpAssessment  *sp_case_get_assessment      (SpCase        *self);

/* A case's title and notes may come in several languages (case format 2:
 * a default, English, variant and at most one per language). The case keeps
 * every variant it was loaded with and sp_case_save() writes them all back.
 *
 * sp_case_get_title() and sp_case_get_notes() give the variant for the
 * user's language (sp_case_text_pick()), NULL when the case has none.
 * sp_case_set_title() and sp_case_set_notes() change the text the user sees,
 * and only that: @title replaces the variant shown (the other languages keep
 * theirs; a case without a title gets a default one). NULL or "" removes the
 * title in every language: a title the user cleared must not come back in
 * another language, and variants cannot stand without their default. */
const char    *sp_case_get_title           (SpCase        *self);
void           sp_case_set_title           (SpCase        *self,
                                            const char    *title);
const char    *sp_case_get_notes           (SpCase        *self);
void           sp_case_set_notes           (SpCase        *self,
                                            const char    *notes);
/* Every variant (SpCaseText*), owned by the case: read, do not change. */
GPtrArray     *sp_case_get_title_variants  (SpCase        *self);
GPtrArray     *sp_case_get_notes_variants  (SpCase        *self);
GFile         *sp_case_get_file            (SpCase        *self);
gboolean       sp_case_get_modified        (SpCase        *self);

/* Adds an infusion of @drug_id (an id or synonym of the case's drug library)
 * at @conc, or at the drug's default concentration when @conc is NULL. Fails
 * for an unknown drug, a drug that already has an infusion in this case, or a
 * concentration the library refuses. Returns the new infusion (owned by the
 * case; its weight follows the patient's). */
SpInfusion    *sp_case_add_infusion        (SpCase                *self,
                                            const char            *drug_id,
                                            const SpConcentration *conc,
                                            GError               **error);
void           sp_case_remove_infusion     (SpCase                *self,
                                            SpInfusion            *infusion);
/* The infusion of @drug_id, or NULL. */
SpInfusion    *sp_case_find_infusion       (SpCase                *self,
                                            const char            *drug_id);

/* Puts back the state before the last change (a value, a dose, a
 * concentration, an infusion added or removed). FALSE when there is none. */
gboolean       sp_case_undo                (SpCase                *self);
gboolean       sp_case_get_can_undo        (SpCase                *self);
/* Puts back the state the last undo replaced. FALSE when there is none:
 * nothing undone, or a change made since. */
gboolean       sp_case_redo                (SpCase                *self);
gboolean       sp_case_get_can_redo        (SpCase                *self);
/* The changes made between these undo as one: typing "105" into a field
 * that held 84 sets 1, 10 and 105 as it goes, and one undo puts back 84.
 * A group that ends where it began leaves nothing to undo. Groups nest; an
 * undo inside one starts it afresh. */
void           sp_case_begin_undo_group    (SpCase                *self);
void           sp_case_end_undo_group      (SpCase                *self);

/* The one loader, used by the window and every shockpath-cli command:
 * reads @path (sp_case_file_load_for_protocol ()) and resolves it. */
SpCaseData    *sp_case_data_load           (const char            *path,
                                            SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            GError               **error);
/* `--set FIELD=VALUE` on case data: a patient value as the protocol parses
 * it; a therapy field as shorthand for an infusion: "norepinephrine",
 * "vasopressin", "epinephrine" set the dose of that drug's infusion (created
 * without a concentration when none runs), in the field's unit or the unit
 * typed ("5 mcg/min", "1.8 units/h" = 0.03 units/min); "inotrope" chooses
 * the inotrope that runs (its dose not recorded until "inotrope-dose" sets
 * it; "none" removes inotrope infusions); an empty value stops the drug.
 * A dose above the hard limit, or in a unit the drug does not take, is
 * refused and @data is unchanged. */
gboolean       sp_case_data_set_field      (SpCaseData            *data,
                                            SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            SpField                field,
                                            const char            *text,
                                            SpNumberStyle          style,
                                            char                 **out_warning,
                                            GError               **error);
/* Checks @data (the case's own state and every stage's) against @protocol
 * and @drugs and makes what runs its infusions: an older file's therapy
 * fields become infusions without a concentration. Refuses, with
 * "NAME:LINE: reason", a number the protocol refuses or that is not finite,
 * an unknown drug, a drug with two infusions, a concentration outside the
 * library's limits or in the wrong amount unit, a dose unit the drug does
 * not take, and a dose above the hard limit. Drug ids become the library's
 * own (a synonym is read as its drug). */
gboolean       sp_case_data_resolve        (SpCaseData            *data,
                                            SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            const char            *name,
                                            GError               **error);

/* Checks a state now (@patient, and @infusions, what runs with it) as
 * sp_case_data_resolve () checks a case's: every number against the
 * protocol, every infusion against @drugs at @patient's weight (a weight
 * that puts a dose in mcg/min above its hard limit per kg is refused).
 * Works on copies: nothing is changed. */
gboolean       sp_case_check_state         (SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            const SpPatientState  *patient,
                                            GPtrArray             *infusions,
                                            GError               **error);

/* One timeline entry as sp_case_data_resolve () checks it: every value
 * against the protocol's ranges, no therapy field among the observations,
 * every event's drug, concentration and dose against @drugs (drug ids
 * become the library's own). */
gboolean       sp_case_entry_resolve       (SpCaseEntry           *entry,
                                            SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            const char            *name,
                                            GError               **error);

/* As sp_case_data_load (), in the profile @profile_id when not NULL (the
 * user's explicit choice over the file's); *@out_drugs (optional) receives
 * the library through the profile the case was checked in. */
SpCaseData    *sp_case_data_load_full      (const char            *path,
                                            SpProtocol            *protocol,
                                            SpDrugLibrary         *drugs,
                                            const char            *profile_id,
                                            SpDrugLibrary        **out_drugs,
                                            GError               **error);
/* The library through the profile @data names (a new reference), through
 * the library's default profile when it names none (a case written before
 * profiles, or in the default one); NULL with an error naming @name when
 * the library has no such profile. */
SpDrugLibrary *sp_case_data_get_drug_library (const SpCaseData  *data,
                                              SpDrugLibrary     *drugs,
                                              const char        *name,
                                              GError           **error);

/* Replaces the case with the file's. Refuses the whole file (the reason names
 * the file, the field or drug, and what is accepted) when it cannot be read,
 * holds a number the protocol refuses, an unknown drug, a dose unit or
 * concentration the drug library refuses, or a drug twice; the current case
 * is then left untouched. */
gboolean       sp_case_load                (SpCase                *self,
                                            const char            *path,
                                            GError               **error);
/* Replaces the case with @data, which comes from no file (a FHIR Bundle
 * imported, sp-fhir.h), checked as sp_case_load () checks a file (@name in
 * messages); the case then has no file and is modified (never saved).
 * Refused, the current case untouched, as sp_case_load () refuses. */
gboolean       sp_case_load_data           (SpCase                *self,
                                            SpCaseData            *data,
                                            const char            *name,
                                            GError               **error);
/* The case as its file stores it: every title and notes variant, the patient,
 * the infusions (a dose only with the concentration it assumes) and any
 * teaching content. What sp_case_save() writes and the printed documents read. */
SpCaseData    *sp_case_to_data             (SpCase                *self);
/* Saves atomically; on success "file" is @path and "modified" FALSE. */
gboolean       sp_case_save                (SpCase                *self,
                                            const char            *path,
                                            GError               **error);
/* A new, empty case. */
void           sp_case_reset               (SpCase                *self);

/* Teaching content: the stages of the file loaded (0 for a case without). */
guint              sp_case_get_n_stages       (SpCase      *self);
const SpCaseStage *sp_case_get_stage          (SpCase      *self,
                                               guint        index);
/* The lecture's title in the user's language, or NULL without stages. */
const char        *sp_case_get_teaching_title (SpCase      *self);
/* Replaces the patient state and infusions with those of stage @index, as
 * one change (marks the case modified); title, notes, file and stages stay.
 * The timeline becomes the lecture's so far: the stages up to @index
 * (sp_timeline_from_stages (), from 08:00 today), for the trend plot.
 * Refused, the case untouched, when the case's drug library or protocol
 * refuses the stage (a site library without one of its drugs). */
gboolean           sp_case_load_stage         (SpCase      *self,
                                               guint        index,
                                               GError     **error);
/* Gives @self the same teaching content as @source (shared, read-only): a
 * presentation steps through the stages on its own case, not the window's. */
void               sp_case_copy_teaching      (SpCase      *self,
                                               SpCase      *source);

/* The timeline: SpCaseEntry*, owned by the case, in time order. A load
 * keeps the file's, sp_case_save () writes it back, a reset empties it. */
GPtrArray         *sp_case_get_timeline       (SpCase      *self);
/* TRUE when a value or an infusion shown differs from the timeline's end. */
gboolean           sp_case_has_unrecorded     (SpCase      *self);
/* Records what differs from the timeline's end (sp_timeline_diff ()) as an
 * entry at @time (NULL: now) by @author, for @reason (either may be NULL or
 * empty); no value shown changes. Refused with SP_TIMELINE_ERROR_EMPTY when
 * nothing differs, and with SP_TIMELINE_ERROR_REFUSED_INPUT while an input
 * was refused (sp_case_set_refused_input ()): what was meant is not what the
 * case holds. An entry once recorded is corrected, never undone: recording
 * starts undo afresh (undo took the form back under the entry, and the two
 * disagreed). */
gboolean           sp_case_record             (SpCase      *self,
                                               GDateTime   *time,
                                               const char  *author,
                                               const char  *reason,
                                               GError     **error);
/* What sp_case_correct () of @correction (not taken) would do, said
 * before it is done: the questions a dose change asks (a dose above a
 * soft limit, one more than twice or less than half the dose that ran
 * before the entry: SpEntryWarning*, as `record` warns), and in
 * *@out_changes_now (may be NULL; NULL when nothing shown changes) what
 * is shown now that it changes, translated: "From now on: DOBUTamine
 * stops; Weight 87 kg". NULL, with the error sp_case_correct () would
 * give, when it would be refused. */
GPtrArray         *sp_case_check_correction   (SpCase            *self,
                                               const SpCaseEntry *correction,
                                               char             **out_changes_now,
                                               GError           **error);
/* Records @correction (taken; sp_case_entry_new_correction () and the
 * values and doses it should have held; none: entered in error) by
 * @author, for @reason (either may be NULL or empty). The corrected entry
 * stays, struck through. What is shown follows the timeline where the
 * correction changes what holds now (a value typed and not recorded
 * stays). Refused, the case unchanged, with an error naming the value, the
 * event or the entry (one corrected already). Starts undo afresh, as
 * sp_case_record () does. */
gboolean           sp_case_correct            (SpCase      *self,
                                               SpCaseEntry *correction,
                                               const char  *author,
                                               const char  *reason,
                                               GError     **error);
/* An input a view refused, still on screen with the value before it kept:
 * @key names the input ("field:sbp"), @message says so ("Systolic blood
 * pressure: “8O” was refused"); a NULL @message clears it. Nothing is
 * recorded while one is pending. */
void               sp_case_set_refused_input  (SpCase      *self,
                                               const char  *key,
                                               const char  *message);
/* TRUE while a refused input is pending ("has-refused-inputs" tells when
 * this changes). */
gboolean           sp_case_has_refused_inputs (SpCase      *self);
/* The refused inputs' messages, "; " between them, or NULL when none is
 * pending. */
char              *sp_case_describe_refused_inputs (SpCase  *self);
/* FALSE, with SP_TIMELINE_ERROR_REFUSED_INPUT naming them, while a refused
 * input is pending: what sp_case_record () says, for a view to say it first. */
gboolean           sp_case_check_recordable   (SpCase      *self,
                                               GError     **error);

G_END_DECLS
