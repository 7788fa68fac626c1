/* sp-case-file.h: case files (XML, data/case.rng), loaded safely, saved atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-field.h"
#include "sp-quantity.h"

G_BEGIN_DECLS

/* The format version this build writes and the newest it reads. */
#define SP_CASE_FORMAT_VERSION 1

/* One infusion as a case file stores it: a dose is never stored without the
 * concentration it assumes. */
typedef struct {
  char            *drug_id;
  SpConcentration  concentration;
  gboolean         has_dose;
  double           dose;
  SpDoseUnit       dose_unit;
} SpCaseInfusion;

typedef struct {
  char           *title;        /* may be NULL */
  char           *notes;        /* may be NULL */
  SpPatientState  patient;
  GPtrArray      *infusions;    /* SpCaseInfusion*, owned */
} SpCaseData;

SpCaseData     *sp_case_data_new            (void);
void            sp_case_data_free           (SpCaseData     *data);
SpCaseInfusion *sp_case_infusion_new        (const char     *drug_id,
                                             const SpConcentration *conc);
void            sp_case_infusion_free       (SpCaseInfusion *infusion);

/* Refuses (SP_XML_ERROR_*, "file:line: problem") a file that is not well
 * formed, does not follow case.rng, names an unknown field or choice, holds a
 * number that is not a C-locale number, or comes from a newer format version
 * ("written by a newer ShockPath (format 2); this version reads format 1"). */
SpCaseData     *sp_case_file_load           (const char     *path,
                                             GError        **error);
SpCaseData     *sp_case_file_load_data      (const char     *data,
                                             gsize           length,
                                             const char     *name,
                                             GError        **error);

/* The XML text for @data (C-locale numbers). */
char           *sp_case_file_to_xml         (const SpCaseData *data);

/* Writes atomically: a temporary file in the same directory, flushed, then
 * renamed over @path, so a crash leaves the old file or the new one. */
gboolean        sp_case_file_save           (const char       *path,
                                             const SpCaseData *data,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseData, sp_case_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCaseInfusion, sp_case_infusion_free)

G_END_DECLS
