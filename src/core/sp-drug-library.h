/* sp-drug-library.h: the drug library (data/drugs.xml or a pharmacy's own file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sp-quantity.h"

G_BEGIN_DECLS

#define SP_DRUG_LIBRARY_ERROR (sp_drug_library_error_quark ())

typedef enum {
  SP_DRUG_LIBRARY_ERROR_UNKNOWN_PROFILE,  /* no profile of that id */
  SP_DRUG_LIBRARY_ERROR_NOT_IN_PROFILE,   /* the drug is not in the profile */
} SpDrugLibraryError;

GQuark sp_drug_library_error_quark (void);

/* The outcome of checking a dose against the library's limits. */
typedef enum {
  SP_LIMIT_OK,
  SP_LIMIT_SOFT,     /* above the soft maximum: warn, needs confirmation */
  SP_LIMIT_HARD,     /* above the hard maximum: refused */
} SpLimitState;

/* Where a profile's infusions run; its sheets and summaries say so. */
typedef enum {
  SP_PROFILE_LINE_ANY,
  SP_PROFILE_LINE_CENTRAL,
  SP_PROFILE_LINE_PERIPHERAL,
} SpProfileLine;

/* The outcome of checking a dose against every limit it can be compared
 * with: those of its own unit, and (when the weight is known) those stated
 * in another unit of the drug (300 mcg/min at 50 kg is 6 mcg/kg/min). */
typedef struct {
  SpLimitState state;
  double       limit;         /* the limit crossed, in limit_unit; NAN for SP_LIMIT_OK */
  SpDoseUnit   limit_unit;
  double       dose_in_limit_unit;  /* the dose converted to limit_unit */
  double       weight_kg;     /* the weight the conversion used, NAN if none */
  double       limit_in_dose_unit;  /* the limit crossed, in the dose's own unit */
} SpLimitCheck;

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
  /* TRUE when the file states no limits for this unit and they were
   * converted from those of derived_from (mg/h from mcg/min). */
  gboolean     derived;
  SpDoseUnit   derived_from;
} SpDoseLimits;

/* What a standard concentration is made from. */
typedef enum {
  SP_PRODUCT_VIAL,
  SP_PRODUCT_AMPOULE,
} SpProductForm;

/* A product of the drug as its label states it: "4 mg/4 mL" vials of
 * norepinephrine base. conc.amount is in the dose form (a product labelled
 * in a salt keeps it in conc.salt and conc.salt_amount, as concentrations do). */
typedef struct {
  const char         *id;
  SpProductForm       form;
  SpConcentration     conc;
  const char * const *cites;
} SpDrugProduct;

/* How long a prepared infusion may be used and how it is kept (site
 * values). beyond_use_hours NAN when the file gives none; text may be NULL. */
typedef struct {
  double              beyond_use_hours;
  const char         *text;      /* localized: "room temperature, protected from light" */
  const char * const *cites;
} SpDrugStorage;

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
  /* The one diluent used when the diluent says "A or B" (localized; its
   * id); NULL when the file names none: then @diluent is the one used. */
  const char     *preferred_diluent;
  const char     *preferred_diluent_id;
  /* The product it is prepared from; NULL for a premixed bag or when the
   * file names none. */
  const SpDrugProduct *product;
  /* TRUE: the drug's volume is removed from the bag before it is added, so
   * the final volume is the bag's nominal volume; FALSE: the drug is made
   * up to the volume with the diluent (a syringe). */
  gboolean        remove_volume;
  /* The concentration's own storage, else the drug's; NULL when neither. */
  const SpDrugStorage *storage;
} SpStandardConcentration;

/* The diluent a sheet names for @sc: the preferred one, else the diluent. */
const char         *sp_standard_concentration_get_diluent (const SpStandardConcentration *sc);

typedef struct {
  const char *text;
  const char * const *cites;
} SpDrugNote;

typedef struct _SpDrug SpDrug;   /* owned by its library */
typedef struct _SpDrugProfile SpDrugProfile;   /* owned by its library */
typedef struct _SpDrugSalt SpDrugSalt;         /* owned by its drug */

/* --- profiles ------------------------------------------------------------- */
const char         *sp_drug_profile_get_id          (const SpDrugProfile *profile);  /* "eu-icu-syringes" */
const char         *sp_drug_profile_get_name        (const SpDrugProfile *profile);  /* localized */
const char         *sp_drug_profile_get_description (const SpDrugProfile *profile);  /* may be NULL */
const char * const *sp_drug_profile_get_cites       (const SpDrugProfile *profile);
SpProfileLine       sp_drug_profile_get_line        (const SpDrugProfile *profile);
/* What a line of this profile asks for (the extravasation note of a
 * peripheral profile), localized; may be NULL. */
const char         *sp_drug_profile_get_line_note   (const SpDrugProfile *profile);
const char * const *sp_drug_profile_get_line_note_cites (const SpDrugProfile *profile);
const char         *sp_profile_line_to_string       (SpProfileLine        line);  /* "central" */
/* "central line", "peripheral line", "any line" (translated). */
const char         *sp_profile_line_get_label       (SpProfileLine        line);
/* The bag planner's site settings: at or above this rate (mL/h) a stronger
 * standard concentration that at least halves the volume is suggested
 * (10 when the file gives none); a new bag or syringe is prepared this many
 * hours before the running one is empty (2 when the file gives none). The
 * cites are empty for a default. */
double              sp_drug_profile_get_stronger_at_ml_per_h (const SpDrugProfile *profile);
const char * const *sp_drug_profile_get_stronger_cites       (const SpDrugProfile *profile);
double              sp_drug_profile_get_prepare_lead_hours   (const SpDrugProfile *profile);
const char * const *sp_drug_profile_get_prepare_lead_cites   (const SpDrugProfile *profile);
/* How far, in percent, the pump's step (the drug's rate decimals) may take
 * the dose a pump gives from the dose ordered before
 * sp_drug_describe_rate_rounding () says so (5 when the file gives none;
 * the cites are then empty). */
double              sp_drug_profile_get_rate_rounding_percent (const SpDrugProfile *profile);
const char * const *sp_drug_profile_get_rate_rounding_cites   (const SpDrugProfile *profile);

/* --- salts ---------------------------------------------------------------- */
const char         *sp_drug_salt_get_id             (const SpDrugSalt *salt);  /* "tartrate" */
const char         *sp_drug_salt_get_name           (const SpDrugSalt *salt);  /* "norepinephrine tartrate" */
const char         *sp_drug_salt_get_short_name     (const SpDrugSalt *salt);  /* "tartrate" (localized) */
/* 1 mg of the salt is this many mg of the drug's dose form (0.5 for
 * norepinephrine tartrate monohydrate to base). */
double              sp_drug_salt_get_base_per_salt  (const SpDrugSalt *salt);
const char * const *sp_drug_salt_get_cites          (const SpDrugSalt *salt);

const char         *sp_drug_get_id              (const SpDrug *drug);  /* "norepinephrine" */
const char         *sp_drug_get_name            (const SpDrug *drug);  /* "norepinephrine" (localized) */
const char         *sp_drug_get_display_name    (const SpDrug *drug);  /* tall-man: "DOBUTamine" */
const char * const *sp_drug_get_display_name_cites (const SpDrug *drug);
const char * const *sp_drug_get_synonyms        (const SpDrug *drug);  /* "noradrenaline" ... */
/* The profile this copy of the drug belongs to. */
const SpDrugProfile *sp_drug_get_profile        (const SpDrug *drug);
/* The salts its products may be labelled in (none for most drugs). */
guint               sp_drug_get_n_salts         (const SpDrug *drug);
const SpDrugSalt   *sp_drug_get_salt            (const SpDrug *drug,
                                                 guint         index);
const SpDrugSalt   *sp_drug_find_salt           (const SpDrug *drug,
                                                 const char   *id);
/* "norepinephrine base": what the amounts of this drug measure, or NULL. */
const char         *sp_drug_get_amount_basis    (const SpDrug *drug);
/* The accepted dose units with their limits; the first is the default. */
guint               sp_drug_get_n_dose_units    (const SpDrug *drug);
const SpDoseLimits *sp_drug_get_dose_limits     (const SpDrug *drug,
                                                 guint         index);
/* The dose units the drug takes (SpDoseUnit), the default first: what
 * sp_dose_parse () accepts for it. */
GArray             *sp_drug_get_dose_units      (const SpDrug *drug);
/* Those units as a refusal lists them, in the user's words: "mcg/kg/min,
 * mcg/min, mg/h". */
char               *sp_drug_format_dose_units   (const SpDrug *drug);
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
/* TRUE for a drug on the ISMP list of high-alert medications (or the
 * site's): its sheet carries the flag. */
gboolean            sp_drug_get_high_alert      (const SpDrug *drug);
const char * const *sp_drug_get_high_alert_cites (const SpDrug *drug);
guint               sp_drug_get_n_products      (const SpDrug *drug);
const SpDrugProduct *sp_drug_get_product        (const SpDrug *drug,
                                                 guint         index);
/* The drug's storage and beyond-use time (a concentration may have its own,
 * see SpStandardConcentration); NULL when the file gives none. */
const SpDrugStorage *sp_drug_get_storage        (const SpDrug *drug);
/* A drug given as one course of this many hours (levosimendan: 24), not
 * run on; NAN for one that runs as long as needed. */
double              sp_drug_get_course_hours    (const SpDrug *drug);
const char * const *sp_drug_get_course_cites    (const SpDrug *drug);
guint               sp_drug_get_n_notes         (const SpDrug *drug);
const SpDrugNote   *sp_drug_get_note            (const SpDrug *drug,
                                                 guint         index);

/* Checks @dose in @unit against the limits of @unit and, when @weight_kg
 * is known (else NAN), against the limits the drug states in its other
 * units (a hard limit in mcg/kg/min also holds for a dose in mcg/min). The
 * strictest outcome wins. Sets @error (SP_QUANTITY_ERROR_UNIT) when the
 * drug does not take @unit, naming the accepted units. */
gboolean            sp_drug_check_dose          (const SpDrug *drug,
                                                 double        dose,
                                                 SpDoseUnit    unit,
                                                 double        weight_kg,
                                                 SpLimitCheck *out_check,
                                                 GError      **error);

/* The lowest of @drug's soft (@hard FALSE) or hard limits in @unit at
 * @weight_kg (NAN: none): the unit's own, and each other unit's converted
 * when it can be (with the weight, for a unit per kg). @out_from (may be
 * NULL) is the unit it is stated in. NAN when no unit has one. */
double              sp_drug_get_binding_limit   (const SpDrug *drug,
                                                 SpDoseUnit    unit,
                                                 double        weight_kg,
                                                 gboolean      hard,
                                                 SpDoseUnit   *out_from);

/* A pump rate of @drug in mL/h as the pump is set: to the drug's rate
 * decimals (sp_format_rate_number ()), but never rounded up past the rate
 * of the hard limit that holds for a dose in @unit at @weight_kg and @conc:
 * dopamine's hard limit of 50 mcg/kg/min at 70 kg and 1600 mcg/mL is
 * 131.25 mL/h, shown "131.2"; "131.3" means 50.02 mcg/kg/min, and typed
 * back it was refused. A rate above the hard limit's is rounded as usual. */
/* The rate sp_drug_format_rate () shows, as a number: @rate_ml_h rounded
 * to the drug's rate decimals, or the pump's step below the hard limit's
 * rate. */
double              sp_drug_round_rate          (const SpDrug          *drug,
                                                 double                 rate_ml_h,
                                                 SpDoseUnit             unit,
                                                 double                 weight_kg,
                                                 const SpConcentration *conc);
/* How far, in percent, the rate the pump is set to for @rate_ml_h
 * (sp_drug_round_rate ()) takes the dose it gives from the dose @rate_ml_h
 * stands for: +33.3 for 0.075 mL/h set to 0.1, -100 for a rate below the
 * pump's step. TRUE when that is further than the drug's profile allows
 * (sp_drug_profile_get_rate_rounding_percent ()); FALSE for a rate not
 * above 0. */
gboolean            sp_drug_check_rate_rounding (const SpDrug          *drug,
                                                 double                 rate_ml_h,
                                                 SpDoseUnit             unit,
                                                 double                 weight_kg,
                                                 const SpConcentration *conc,
                                                 double                *out_percent);
/* What the pump's step does to a dose (sp_drug_compute_rate_rounding ()). */
typedef struct {
  /* what was asked: @conc is the caller's, not copied */
  double       dose;
  SpDoseUnit   unit;
  double       weight_kg;
  const SpConcentration *conc;
  double       rate_ml_h;      /* the rate the dose runs at, exact */
  double       set_ml_h;       /* the rate the pump is set to (sp_drug_round_rate ()); 0 below its step */
  double       percent;        /* (set - rate) / rate x 100: +33.3, -100 below the step */
  double       dose_given;     /* the dose the pump gives at set_ml_h, in the dose's unit */
  double       allowed_percent;  /* the profile's */
  /* the strongest weaker standard of the profile at which the same dose
   * keeps within it, and runs below the rate at which a stronger standard
   * is advised (the bag planner's); NULL for none */
  const SpStandardConcentration *weaker;
  double       weaker_rate_ml_h;  /* the same dose at @weaker, exact */
} SpRateRounding;

/* @dose in @unit at @weight_kg and @conc runs at a rate the pump is set to
 * as sp_drug_round_rate () gives it. TRUE, with @out filled in, when the
 * dose that rate gives is further from @dose than the drug's profile allows
 * (sp_drug_profile_get_rate_rounding_percent ()), or the rate is below the
 * pump's step. Norepinephrine 0.01 mcg/kg/min at 40 kg and 320 mcg/mL is
 * 0.075 mL/h, set to 0.1: it gives 0.0133 mcg/kg/min, +33.3%. FALSE within
 * the rounding allowed, without a rate, or for a dose of 0. */
gboolean            sp_drug_compute_rate_rounding (const SpDrug          *drug,
                                                   double                 dose,
                                                   SpDoseUnit             unit,
                                                   double                 weight_kg,
                                                   const SpConcentration *conc,
                                                   SpRateRounding        *out);
/* |@percent| to as many places (1 to 6) as show it beyond the rounding
 * allowed: "5.05", not "5", beside 5% allowed; "33.3". */
char               *sp_drug_format_rate_rounding_percent (const SpDrug  *drug,
                                                          double         percent,
                                                          SpNumberStyle  style);
/* @rounding (of sp_drug_compute_rate_rounding ()) as a sentence, with the
 * dose the pump gives, and the weaker standard and its rate when there is
 * one; the rates and the percent to as many places as tell them apart
 * (5.05%, not 5%, beside a 5% allowed). Not cited: the caller cites
 * sp_drug_get_rate_rounding_cites (). */
char               *sp_drug_format_rate_rounding  (const SpDrug          *drug,
                                                   const SpRateRounding  *rounding,
                                                   SpNumberStyle          style);
/* Both: the sentence, or NULL when sp_drug_compute_rate_rounding () is
 * FALSE. */
char               *sp_drug_describe_rate_rounding (const SpDrug          *drug,
                                                    double                 dose,
                                                    SpDoseUnit             unit,
                                                    double                 weight_kg,
                                                    const SpConcentration *conc,
                                                    SpNumberStyle          style);
/* The rounding allowed, in percent: its profile's (5 by default). */
double              sp_drug_get_rate_rounding_percent (const SpDrug    *drug);
/* The references of the rounding allowed: its profile's, NULL for none. */
const char * const *sp_drug_get_rate_rounding_cites (const SpDrug        *drug);
char               *sp_drug_format_rate         (const SpDrug          *drug,
                                                 double                 rate_ml_h,
                                                 SpDoseUnit             unit,
                                                 double                 weight_kg,
                                                 const SpConcentration *conc,
                                                 SpNumberStyle          style);

/* For a dose of @drug in @unit (not per kg) when the weight is not known:
 * the limit stated per kg that is lower than @unit's own below some
 * weight, that weight, and the per-kg limit's unit. Norepinephrine in
 * mcg/min: soft 70 mcg/min or 1 mcg/kg/min, so below 70 / 1 = 70 kg the
 * 1 mcg/kg/min holds; hard 300 mcg/min or 3 mcg/kg/min, below 300 / 3 =
 * 100 kg. Of several, the one that holds below the highest weight. FALSE
 * when @unit is per kg, has no limit of its own, or no limit per kg
 * applies. */
gboolean            sp_drug_get_per_kg_limit_below (const SpDrug *drug,
                                                    SpDoseUnit    unit,
                                                    gboolean      hard,
                                                    double       *out_limit,
                                                    SpDoseUnit   *out_unit,
                                                    double       *out_weight_kg);
/* TRUE when what holds for a dose of @drug in @unit depends on the
 * patient's weight: @unit is per kg, or a limit of the drug is stated per
 * kg (300 mcg/min or 3 mcg/kg/min, whichever is lower). A vasopressin
 * sheet in units/min reads the same for every weight. */
gboolean            sp_drug_dose_depends_on_weight (const SpDrug *drug,
                                                    SpDoseUnit    unit);

/* @before followed by where a dose range up to @dose_max (in @unit) reaches
 * above the soft limit that holds at @weight_kg (sp_drug_get_binding_limit
 * (): the library's 70 mcg/min is 0.875 mcg/kg/min at 80 kg, inside the
 * source's 0.2–1), and the rate that comes to at @conc: "…; above 0.875
 * mcg/kg/min (65.6 mL/h), the soft limit here [local], confirm the dose".
 * A range from @dose_min (NAN: none) wholly above it says so: "…; all of
 * it above 0.1 mcg/kg/min (…), the soft limit here [local], confirm the
 * dose". NULL when the range stays at or below it (or there is none). The
 * step's dose range on screen and the sheet's usual range say it alike. */
char               *sp_drug_append_soft_limit_note (const SpDrug          *drug,
                                                    const char            *before,
                                                    double                 dose_min,
                                                    double                 dose_max,
                                                    SpDoseUnit             unit,
                                                    double                 weight_kg,
                                                    const SpConcentration *conc,
                                                    SpNumberStyle          style);

/* The one message for a dose above a limit, for screens, alerts and the CLI:
 * "NORepinephrine 4 mcg/kg/min is above the hard limit of 3 mcg/kg/min in the
 * drug library: this dose is refused; check the dose and its unit."; a limit
 * in another unit is said with the conversion ("NORepinephrine 300 mcg/min
 * (6 mcg/kg/min at 50 kg) is above ..."). Translated, numbers in @style.
 * NULL for SP_LIMIT_OK. */
char               *sp_drug_describe_limit      (const SpDrug       *drug,
                                                 double              dose,
                                                 SpDoseUnit          unit,
                                                 const SpLimitCheck *check,
                                                 SpNumberStyle       style);

/* @dose in @unit beside the limit @check crossed: with as many significant
 * figures as it takes not to read as the limit ("3.0001 mcg/kg/min", never
 * "3 mcg/kg/min is above the hard limit of 3 mcg/kg/min"). */
char               *sp_limit_check_format_dose  (const SpLimitCheck *check,
                                                 double              dose,
                                                 SpDoseUnit          unit,
                                                 SpNumberStyle       style);

/* The limit @check crossed, said in the dose's @unit: "3 mcg/kg/min", or
 * "150 mcg/min (3 mcg/kg/min at 50 kg)" for a limit stated in another unit
 * (translated, numbers in @style). */
char               *sp_limit_check_format_limit (const SpLimitCheck *check,
                                                 SpDoseUnit          unit,
                                                 SpNumberStyle       style);

/* Checks a typed concentration against the library: the amount unit must fit
 * the drug (no units for a mg drug), a salt it names must be one of the
 * drug's, and the strength per mL must lie within the profile's
 * concentration limits. The error names @field, the accepted range and the
 * profile, and the other profiles that list the concentration if any. */
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
/* Parses a concentration as a pharmacist writes it for @drug: what
 * sp_concentration_parse () reads, and an amount that names one of the
 * drug's salts ("8 mg tartrate/48 mL", "8 mg norepinephrine tartrate in 48
 * mL"): converted to the dose form, the salt kept beside it. An amount
 * that names no salt is in the dose form ("4 mg base/48 mL" too). Does not
 * check the limits (sp_drug_check_concentration () does). Errors name
 * @field (NULL: "Concentration"). */
gboolean            sp_drug_parse_concentration (const SpDrug     *drug,
                                                 const char       *text,
                                                 SpNumberStyle     style,
                                                 const char       *field,
                                                 SpConcentration  *out_conc,
                                                 GError          **error);
/* The concentration as people read it: sp_format_concentration () for an
 * amount in the dose form, "8 mg tartrate (4 mg base)/48 mL" for one
 * written in a salt (the salt's name localized). */
char               *sp_drug_format_concentration (const SpDrug          *drug,
                                                  const SpConcentration *conc,
                                                  SpNumberStyle          style);
/* sp_drug_format_concentration () with the strength it comes to, as every
 * rate is shown with the bag it assumes: "16 mg/250 mL (64 mcg/mL)", "8 mg
 * tartrate (4 mg base)/50 mL (80 mcg/mL as base)"; a concentration written
 * per mL ("64 mcg/mL") alone. */
char               *sp_drug_format_concentration_with_strength (const SpDrug          *drug,
                                                                const SpConcentration *conc,
                                                                SpNumberStyle          style);
/* For documents: sp_format_concentration_in_bag (), or "8 mg tartrate =
 * 4 mg base in 48 mL (83.3 mcg/mL base)" for a salt. */
char               *sp_drug_format_concentration_in_bag (const SpDrug          *drug,
                                                         const SpConcentration *conc,
                                                         SpNumberStyle          style);

/* @text ("mcg/min") as one of @drug's dose units; FALSE with an error naming
 * the accepted units otherwise. */
gboolean            sp_drug_find_dose_unit      (const SpDrug  *drug,
                                                 const char    *text,
                                                 SpDoseUnit    *out_unit,
                                                 GError       **error);

#define SP_TYPE_DRUG_LIBRARY (sp_drug_library_get_type ())
G_DECLARE_FINAL_TYPE (SpDrugLibrary, sp_drug_library, SP, DRUG_LIBRARY, GObject)

/* A library is read once and seen through one of its profiles: the object
 * the loaders return shows the file's default profile; every drug,
 * concentration and limit below is the shown profile's.
 * sp_drug_library_for_profile () gives the same library through another
 * one. A file without profiles (format 1 and 2) has one, "standard". */

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
/* The library as documents name it: "ShockPath default drug library,
 * version 2.0, profile “Adult ICU - 250 mL bags (ASHP S4S)”" (translated). */
char               *sp_drug_library_describe    (SpDrugLibrary *self);
/* The profile this library object shows. */
const SpDrugProfile *sp_drug_library_get_profile (SpDrugLibrary *self);
/* A number no other library object made in this process has (never 0): the
 * key of a cache of what this object answered, which outlives it safely. */
guint64             sp_drug_library_get_serial  (SpDrugLibrary *self);
/* The profile the file marks as its default (what a site uses unless it
 * picks another). */
const SpDrugProfile *sp_drug_library_get_default_profile (SpDrugLibrary *self);
guint               sp_drug_library_get_n_profiles (SpDrugLibrary *self);
const SpDrugProfile *sp_drug_library_get_nth_profile (SpDrugLibrary *self,
                                                      guint          index);
/* The library seen through the profile @id (NULL: the file's default), the
 * same object each time while it lives (transfer full); NULL with an
 * error naming the profiles when @id is not one of them. */
SpDrugLibrary      *sp_drug_library_for_profile (SpDrugLibrary *self,
                                                 const char    *id,
                                                 GError       **error);
/* The drug @id (or a synonym) in another profile of the same library, or NULL. */
const SpDrug       *sp_drug_library_lookup_in_profile (SpDrugLibrary       *self,
                                                       const SpDrugProfile *profile,
                                                       const char          *id_or_synonym);
guint               sp_drug_library_get_n_drugs (SpDrugLibrary *self);
const SpDrug       *sp_drug_library_get_drug    (SpDrugLibrary *self,
                                                 guint          index);
/* By id, by synonym ("noradrenaline") or by its name in any language of
 * the file ("Noradrenalin"), case-insensitive; NULL if unknown. */
const SpDrug       *sp_drug_library_lookup      (SpDrugLibrary *self,
                                                 const char    *id_or_synonym);
/* Another drug of the profile with a standard concentration whose label
 * reads as @conc's does but for the drug's name (the same amount, unit and
 * volume: norepinephrine and epinephrine both 5 mg/50 mL), and that
 * standard; NULL when none. CLINICAL.md: within one profile such standards
 * must differ or be flagged. */
const SpDrug       *sp_drug_library_find_look_alike (SpDrugLibrary                  *self,
                                                     const SpDrug                   *drug,
                                                     const SpConcentration          *conc,
                                                     const SpStandardConcentration **out_standard);
/* The flag beside such a concentration, translated, or NULL: "EPINEPHrine
 * 5 mg/50 mL is a standard of this profile too: the two labels differ only
 * in the drug's name; check it". */
char               *sp_drug_library_describe_look_alike (SpDrugLibrary         *self,
                                                         const SpDrug          *drug,
                                                         const SpConcentration *conc,
                                                         SpNumberStyle          style);
/* A site library's numbers a misplaced decimal point or zero may have
 * made: in every profile of @self, each drug's soft and hard limits,
 * titration steps that are ten times or more, or a tenth or less, of
 * @reference's (the shipped library) for the same drug and unit, in the
 * profile of the same id (else @reference's default); and so its
 * typed-concentration limits, in a profile of the same id only (they
 * differ twentyfold between bags and syringes). One translated sentence each, for `validate` to flag:
 * "eu-icu-syringes: norepinephrine hard limit 3,000,000 mcg/min is 10,000×
 * the shipped library’s 300 mcg/min: check it for a misplaced decimal
 * point or zero". Tenfold is a misplaced zero's or decimal point's. */
#define SP_DRUG_LIBRARY_IMPLAUSIBLE_FACTOR 10.0
GPtrArray          *sp_drug_library_list_implausible (SpDrugLibrary *self,
                                                      SpDrugLibrary *reference,
                                                      SpNumberStyle  style);
/* Every such pair of standards in every profile of the library, one
 * translated sentence each, for `validate` to flag. */
GPtrArray          *sp_drug_library_list_look_alikes (SpDrugLibrary *self,
                                                      SpNumberStyle  style);
/* Why sp_drug_library_lookup () found no drug @name, translated: not in
 * this profile, and the profiles that have it ("“epinephrine” is not in the
 * profile “Peripheral line” (peripheral); profiles that have it: …"), or
 * unknown, with the drugs the profile has. */
char               *sp_drug_library_describe_unknown (SpDrugLibrary *self,
                                                      const char    *name);
/* The ids of the profile's drugs, in file order: "norepinephrine, dobutamine, …". */
char               *sp_drug_library_format_drug_ids  (SpDrugLibrary *self);

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
