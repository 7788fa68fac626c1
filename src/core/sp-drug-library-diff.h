/* sp-drug-library-diff.h: what changed between two drug libraries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the pharmacist who signs off a new version of the library: every
 * change, in every profile, one change per line. Compared are both files
 * whole, whatever profile the objects given show.
 */
#pragma once

#include "sp-drug-library.h"

G_BEGIN_DECLS

/* One change. @drug and @profile say where:
 *
 *   drug   profile  fields
 *   NULL   NULL     the library: "name", "version", "description",
 *                   "default_profile", "reference[ID]"
 *   NULL   P        the profile P: "profile" (added or removed; its name),
 *                   "name", "description", "line", "line_note",
 *                   "line_note_cites", "cites", the bag planner's
 *                   settings "stronger_at_ml_per_h", "stronger_cites",
 *                   "prepare_lead_hours", "prepare_lead_cites", and
 *                   "rate_rounding_percent", "rate_rounding_cites"
 *   D      NULL     the drug in every profile: "drug" (added or removed;
 *                   its display name), "name", "display_name",
 *                   "display_name_cites", "synonyms", "amount_basis",
 *                   "dose_unit[U]" (added or removed; U), "usual[U]",
 *                   "usual_cites[U]", "salt[S]" (mg of the dose form per mg
 *                   of the salt), "salt_name[S]", "salt_short_name[S]",
 *                   "salt_cites[S]",
 *                   "rate_decimals", "rate_decimals_cites", "note" (added or
 *                   removed, matched by text), "note_cites[TEXT]",
 *                   "high_alert" ("yes"/"no"), "high_alert_cites",
 *                   "product[ID]" ("vial 4 mg/4 mL"), "product_cites[ID]",
 *                   "storage" ("24 h; room temperature"), "storage_cites",
 *                   "course_hours", "course_cites"
 *   D      P        the drug in the profile P: "drug" (the profile lists it
 *                   or no longer does), "soft_max[U]", "hard_max[U]",
 *                   "titration_step[U]", "limit_cites[U]",
 *                   "limits_derived_from[U]" (the unit a unit's limits are
 *                   converted from), "concentration" (added or removed;
 *                   "16 mg/250 mL"), "default_concentration",
 *                   "diluent[C]", "concentration_note[C]",
 *                   "concentration_cites[C]", "preferred_diluent[C]",
 *                   "concentration_product[C]" (the product's id),
 *                   "remove_volume[C]" ("yes"/"no"),
 *                   "concentration_storage[C]" and its "_cites[C]" (its
 *                   own, not the drug's), "concentration_limits"
 *                   ("4-64 mcg/mL"), "concentration_limits_cites"
 *
 * U is a dose unit token ("mcg/kg/min"), C a concentration as the file
 * writes it ("16 mg/250 mL"). Numbers are in the C locale (12 significant figures); cites
 * are ids separated by spaces; a usual range is "0.2-1" or "max 0.03" (no
 * minimum), with its note in parentheses. @old_text is NULL for what was
 * added or had no value, @new_text NULL for what was removed or has none.
 * Texts the file gives in several languages are compared in the language
 * the libraries were loaded in; sp_drug_library_diff_files () compares
 * them in every language the files give, a field seen changed only in a
 * translation tagged with its language: "display_name@de". */
typedef struct {
  char *drug;
  char *profile;
  char *field;
  char *old_text;
  char *new_text;
} SpDrugLibraryChange;

void       sp_drug_library_change_free (SpDrugLibraryChange *change);

/* The changes from @old_library to @new_library (SpDrugLibraryChange *,
 * owned by the array), sorted by drug, profile, field, then old and new
 * text, NULL first (the library's own changes, then each profile's, then
 * the drugs'). Empty when nothing changed. */
GPtrArray *sp_drug_library_diff        (SpDrugLibrary       *old_library,
                                        SpDrugLibrary       *new_library);

/* The changes from the library file @old_path to @new_path, each text in
 * every language the files give it in: a change seen only in a
 * translation has its field tagged with the language ("display_name@de":
 * a German label changed to another drug's name). NULL, with @error, when
 * a file is refused (its loader's message). */
GPtrArray *sp_drug_library_diff_files  (const char          *old_path,
                                        const char          *new_path,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDrugLibraryChange, sp_drug_library_change_free)

G_END_DECLS
