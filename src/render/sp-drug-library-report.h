/* sp-drug-library-report.h: the drug library as a pharmacist signs it off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole library, or one profile: its name, version, source file and
 * description; per profile its name, id, line, description and sources;
 * per drug its names, dose units with usual range, limits and titration
 * step (a unit whose limits are converted from another says so), salts
 * with their factor, standard concentrations, the range a typed
 * concentration may have, the pump's decimals and the notes, each with its
 * citations; the library's references; and lines to sign. Every number
 * and text comes from the drug library.
 */
#pragma once

#include "sp-document.h"
#include "sp-drug-library.h"

G_BEGIN_DECLS

/* The report of @library: every profile with @all_profiles, else the
 * profile @library shows. @printed (may be NULL: now) is the date printed;
 * numbers in @style (SP_NUMBER_LOCALE on paper). */
SpDocument *sp_drug_library_report_new (SpDrugLibrary *library,
                                        gboolean       all_profiles,
                                        GDateTime     *printed,
                                        SpNumberStyle  style);

/* "use within 24 h of preparation; room temperature": a storage as the
 * report and the infusion sheet print it, without its citations; NULL for
 * none (@storage NULL or saying nothing). */
char       *sp_drug_storage_text       (const SpDrugStorage *storage);

G_END_DECLS
