/* sp-format.h: the words and numbers a clinician reads, written one way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screen, the printed documents and shockpath-cli call these, so a
 * severity, a criterion's state, a citation or a number reads the same
 * wherever it is shown.
 */
#pragma once

#include <glib.h>

#include "sp-assessment.h"
#include "sp-protocol.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

/* --- labels ----------------------------------------------------------------- */

/* "Hard limit", "Soft limit", "Warning", "Info" (translated): the word before
 * an alert's or a note's text. */
const char *sp_severity_get_label   (SpSeverity severity);

/* "holds", "does not hold", "unknown" (translated): a criterion's state in a
 * sentence or a table cell, in the window, on slides and on paper alike. */
const char *sp_tri_get_label        (SpTri      state);

/* "good", "bad" (the JSON ids); NULL for SP_FINDING_NEUTRAL. */
const char *sp_finding_to_string    (SpFinding  finding);

/* A flowchart step's counter, saying what its numbers mean (translated):
 * with @why, the lit step's "why this step: 3 of 3 hold" (the conditions of
 * the rule that chose it); without, another step's "for this step: 1 of 3"
 * (the criteria it shows that point to it). */
char       *sp_format_step_count    (gboolean   why,
                                     guint      n_hold,
                                     guint      n);

/* A protocol's or drug library's name, version and where it was read:
 * "Cardiogenic shock, version 1.0 (/etc/shockpath/protocol.xml)" (translated). */
char       *sp_format_data_file     (const char *name,
                                     const char *version,
                                     const char *where);

/* --- citations -------------------------------------------------------------- */

/* "[seed-1, seed-2]"; "" for none (NULL or empty). */
char       *sp_format_cites         (const char * const *cites);

/* " [seed-1, seed-2]", to follow a text; "" for none. */
char       *sp_format_cites_suffix  (const char * const *cites);

/* Appends " [seed-1, seed-2]" to @text; nothing for none. */
void        sp_append_cites         (GString            *text,
                                     const char * const *cites);

/* "@text [seed-1, seed-2]"; a copy of @text for none. */
char       *sp_format_cited         (const char         *text,
                                     const char * const *cites);

/* One entry of a reference list: "[seed-1] @text". */
char       *sp_format_reference     (const char         *id,
                                     const char         *text);

/* The references a document cites, in the order they are first cited. */
typedef struct _SpCiteList SpCiteList;

SpCiteList *sp_cite_list_new        (void);
void        sp_cite_list_free       (SpCiteList         *list);
/* Notes @cites (may be NULL); ids already noted are skipped. */
void        sp_cite_list_add        (SpCiteList         *list,
                                     const char * const *cites);
/* sp_format_cited (), noting @cites. */
char       *sp_cite_list_cite       (SpCiteList         *list,
                                     const char         *text,
                                     const char * const *cites);
guint       sp_cite_list_get_n_ids  (SpCiteList         *list);
const char *sp_cite_list_get_id     (SpCiteList         *list,
                                     guint               index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCiteList, sp_cite_list_free)

/* --- numbers, by what they are for ---------------------------------------------
 *
 * Every one writes ISMP style (CLINICAL.md): a leading zero ("0.2", never
 * ".2"), no trailing zero ("1", never "1.0"); SP_NUMBER_LOCALE uses the
 * locale's decimal separator and groups 1000 and more as the locale does. */

/* A dose, a dose limit, a weight or a concentration's strength as a clinician
 * reads it: three significant figures, the integer part never rounded away
 * ("0.0833", "12.5", "1,235"). */
char       *sp_format_dose_number   (double         value,
                                     SpNumberStyle  style);

/* A patient's weight in kg as it was entered and is computed with, to two
 * decimals ("123.5", "69.85" for 154 lb): never to a dose's three figures,
 * which would print 124 beside rates worked out for 123.5. */
char       *sp_format_weight_number (double         weight_kg,
                                     SpNumberStyle  style);

/* A pump rate in mL/h as the pump shows it: rounded to @decimals places (the
 * drug library's rate_decimals): 196.875 with 1 is "196.9". A rate above 0
 * that would round to 0 is "less than 0.1": never a running dose at 0. */
char       *sp_format_rate_number   (double         rate_ml_h,
                                     int            decimals,
                                     SpNumberStyle  style);

/* A value the user typed, shown back in its entry: four significant figures in
 * the user's locale, so that 70.25 kg stays 70.25. */
char       *sp_format_entry_number  (double         value);

/* A number as a file or JSON holds it, and as a message about a file quotes
 * it: C locale, exact (the shortest text that reads back as @value), never
 * "-0". */
char       *sp_format_file_number   (double         value);

/* A number a message quotes back from an input that may not be a number:
 * sp_format_dose_number (), or "?" for NaN and infinities. */
char       *sp_format_input_number  (double         value,
                                     SpNumberStyle  style);

G_END_DECLS
