/* sp-drug-library.h: the drug library (data/drugs.xml or a pharmacy's own file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sp-quantity.h"

G_BEGIN_DECLS

/* The outcome of checking a dose against the library's limits. */
typedef enum {
  SP_LIMIT_OK,
  SP_LIMIT_SOFT,     /* above the soft maximum: warn, needs confirmation */
  SP_LIMIT_HARD,     /* above the hard maximum: refused */
} SpLimitState;

/* Limits for one dose unit of one drug. Absent numbers are NAN. A dose above
 * soft_max (strictly) is SP_LIMIT_SOFT, above hard_max (strictly) SP_LIMIT_HARD. */
typedef struct {
  SpDoseUnit   unit;
  double       usual_min;
  double       usual_max;
  const char  *usual_note;       /* e.g. "initial dose"; may be NULL (translated by the file) */
  const char * const *usual_cites;
  double       soft_max;
  double       hard_max;
  const char * const *limit_cites;  /* "local" for the shipped defaults */
  double       titration_step;   /* for rate tables; NAN if none */
} SpDoseLimits;

typedef struct {
  SpConcentration conc;
  const char     *diluent;       /* "glucose 5%" (localized), may be NULL */
  /* "glucose-5": the id of the diluent in the library's <diluents>; NULL when
   * the file writes the diluent's text in the concentration (format 1) or
   * names none. */
  const char     *diluent_id;
  const char     *note;          /* may be NULL */
  const char * const *cites;
  gboolean        is_default;
} SpStandardConcentration;

typedef struct {
  const char *text;
  const char * const *cites;
} SpDrugNote;

typedef struct _SpDrug SpDrug;   /* owned by its library */

const char         *sp_drug_get_id              (const SpDrug *drug);  /* "norepinephrine" */
const char         *sp_drug_get_name            (const SpDrug *drug);  /* "norepinephrine" (localized) */
const char         *sp_drug_get_display_name    (const SpDrug *drug);  /* tall-man: "DOBUTamine" */
const char * const *sp_drug_get_display_name_cites (const SpDrug *drug);
const char * const *sp_drug_get_synonyms        (const SpDrug *drug);  /* "noradrenaline" ... */
/* "norepinephrine base": what the amounts of this drug measure, or NULL. */
const char         *sp_drug_get_amount_basis    (const SpDrug *drug);
/* The accepted dose units with their limits; the first is the default. */
guint               sp_drug_get_n_dose_units    (const SpDrug *drug);
const SpDoseLimits *sp_drug_get_dose_limits     (const SpDrug *drug,
                                                 guint         index);
/* The dose units the drug takes (SpDoseUnit), the default first: what
 * sp_dose_parse () accepts for it. */
GArray             *sp_drug_get_dose_units      (const SpDrug *drug);
/* The limits for @unit, or NULL if the drug does not take that unit. */
const SpDoseLimits *sp_drug_find_dose_limits    (const SpDrug *drug,
                                                 SpDoseUnit    unit);
guint               sp_drug_get_n_concentrations (const SpDrug *drug);
const SpStandardConcentration *sp_drug_get_concentration (const SpDrug *drug,
                                                          guint         index);
const SpStandardConcentration *sp_drug_get_default_concentration (const SpDrug *drug);
/* Limits for a typed (custom) concentration, per mL in @unit (the drug's amount
 * unit, sp_drug_get_amount_unit ()). */
SpAmountUnit        sp_drug_get_amount_unit     (const SpDrug *drug);
void                sp_drug_get_concentration_limits (const SpDrug *drug,
                                                      double       *out_min_per_ml,
                                                      double       *out_max_per_ml);
/* Decimal places of mL/h a pump shows (1 by default). */
int                 sp_drug_get_rate_decimals   (const SpDrug *drug);
/* The references of the concentration limits ("local" for the shipped defaults). */
const char * const *sp_drug_get_concentration_limits_cites (const SpDrug *drug);
/* The references of the rate decimals; empty if the file gives none. */
const char * const *sp_drug_get_rate_decimals_cites (const SpDrug *drug);
guint               sp_drug_get_n_notes         (const SpDrug *drug);
const SpDrugNote   *sp_drug_get_note            (const SpDrug *drug,
                                                 guint         index);

/* Checks @dose in @unit. Sets @error (SP_QUANTITY_ERROR_UNIT) when the drug
 * does not take @unit, naming the accepted units; returns the limit state
 * otherwise. *out_limit (optional) receives the limit that was crossed. */
gboolean            sp_drug_check_dose          (const SpDrug *drug,
                                                 double        dose,
                                                 SpDoseUnit    unit,
                                                 SpLimitState *out_state,
                                                 double       *out_limit,
                                                 GError      **error);

/* The one message for a dose above a limit, for screens, alerts and the CLI:
 * "NORepinephrine 4 mcg/kg/min is above the hard limit of 3 mcg/kg/min in the
 * drug library: this dose is refused; check the dose and its unit." (translated,
 * numbers in @style). NULL for SP_LIMIT_OK. */
char               *sp_drug_describe_limit      (const SpDrug *drug,
                                                 double        dose,
                                                 SpDoseUnit    unit,
                                                 SpLimitState  state,
                                                 double        limit,
                                                 SpNumberStyle style);

/* Checks a typed concentration against the library: the amount unit must fit
 * the drug (no units for a mg drug) and the strength per mL must lie within the
 * concentration limits. The error names @field and the accepted range. */
gboolean            sp_drug_check_concentration (const SpDrug          *drug,
                                                 const SpConcentration *conc,
                                                 const char            *field,
                                                 GError               **error);

/* The standard concentration of @drug that @text names, written with
 * C-locale numbers as settings store it ("16 mg/250 mL"); NULL with an error
 * naming the standard concentrations when @text is not one of them. */
const SpStandardConcentration *sp_drug_find_concentration (const SpDrug  *drug,
                                                           const char    *text,
                                                           GError       **error);
/* @text ("mcg/min") as one of @drug's dose units; FALSE with an error naming
 * the accepted units otherwise. */
gboolean            sp_drug_find_dose_unit      (const SpDrug  *drug,
                                                 const char    *text,
                                                 SpDoseUnit    *out_unit,
                                                 GError       **error);

#define SP_TYPE_DRUG_LIBRARY (sp_drug_library_get_type ())
G_DECLARE_FINAL_TYPE (SpDrugLibrary, sp_drug_library, SP, DRUG_LIBRARY, GObject)

/* The library shipped with ShockPath (from the GResource). */
SpDrugLibrary      *sp_drug_library_new_default (GError     **error);
/* A pharmacy's own file: parsed safely, validated against drugs.rng and
 * checked for content (limits ordered, default concentration within limits...);
 * refused whole with "file:line: problem". */
SpDrugLibrary      *sp_drug_library_new_from_file (const char  *path,
                                                   GError     **error);
SpDrugLibrary      *sp_drug_library_new_from_data (const char  *data,
                                                   gsize        length,
                                                   const char  *name,
                                                   GError     **error);

const char         *sp_drug_library_get_name    (SpDrugLibrary *self);   /* "ShockPath default drug library" */
const char         *sp_drug_library_get_version (SpDrugLibrary *self);
const char         *sp_drug_library_get_source  (SpDrugLibrary *self);   /* file path or resource */
/* TRUE for the shipped defaults, whose limits are sensible defaults only. */
gboolean            sp_drug_library_is_default  (SpDrugLibrary *self);
guint               sp_drug_library_get_n_drugs (SpDrugLibrary *self);
const SpDrug       *sp_drug_library_get_drug    (SpDrugLibrary *self,
                                                 guint          index);
/* By id or by synonym ("noradrenaline"), case-insensitive; NULL if unknown. */
const SpDrug       *sp_drug_library_lookup      (SpDrugLibrary *self,
                                                 const char    *id_or_synonym);

/* References cited by the library: id -> text, or NULL. */
const char         *sp_drug_library_get_reference (SpDrugLibrary *self,
                                                   const char    *id);
/* The ids of all references in file order, NULL-terminated. */
const char * const *sp_drug_library_get_reference_ids (SpDrugLibrary *self);
/* The diluents the concentrations name: id -> text (localized), or NULL. */
const char         *sp_drug_library_get_diluent (SpDrugLibrary *self,
                                                 const char    *id);
/* The ids of all diluents in file order, NULL-terminated; empty for a
 * format 1 file, whose concentrations carry their diluent's text. */
const char * const *sp_drug_library_get_diluent_ids (SpDrugLibrary *self);
/* What the file says about itself (localized), e.g. that its limits are
 * defaults the site pharmacy sets; may be NULL. */
const char         *sp_drug_library_get_description (SpDrugLibrary *self);

G_END_DECLS
