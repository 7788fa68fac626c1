/* sp-concentration.h: concentrations as pharmacists write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-number.h"
#include "sp-units.h"

G_BEGIN_DECLS

/* The longest salt id a concentration keeps, with its terminating nul. */
#define SP_CONCENTRATION_SALT_MAX 32

/* A concentration as the pharmacist wrote it: amount in volume.
 * "16 mg/250 mL" and "4 mg in 250 mL" keep amount 16 mg / 4 mg and volume 250 mL;
 * "64 mcg/mL" keeps amount 64 mcg, volume 1 mL and per_ml_form = TRUE. */
typedef struct {
  double       amount;
  SpAmountUnit amount_unit;
  double       volume_ml;
  gboolean     per_ml_form;
  /* An amount the label writes in a salt of the drug ("8 mg tartrate"):
   * the salt's id in the drug library and the amount as written, in
   * amount_unit; @amount above is always the dose form (4 mg base), and all
   * arithmetic uses it. salt[0] == '\0' (and salt_amount 0) when the amount
   * names no salt. Set by sp_drug_parse_concentration () and read from case
   * files; sp_format_concentration () writes the dose form only. */
  char         salt[SP_CONCENTRATION_SALT_MAX];
  double       salt_amount;
} SpConcentration;

/* --- concentrations ------------------------------------------------------- */

/* Parses "16 mg/250 mL", "16 mg / 250 ml", "4 mg in 250 mL", "64 mcg/mL",
 * "64 µg/ml", "20 units/100 mL", "0.2 units/mL". Amount and volume must be > 0. */
gboolean     sp_concentration_parse     (const char       *text,
                                         SpNumberStyle     style,
                                         const char       *field,
                                         SpConcentration  *out_conc,
                                         GError          **error);

/* The concentration per mL in @unit (16 mg/250 mL in mcg -> 64). FALSE if the
 * amount cannot be converted to @unit. */
gboolean     sp_concentration_per_ml    (const SpConcentration *conc,
                                         SpAmountUnit           unit,
                                         double                *out_per_ml);

/* "16 mg/250 mL", or "64 mcg/mL" for the per-mL form; the amount unit as
 * sp_format_dose() writes it (a label for SP_NUMBER_LOCALE, else a token). */
/* The strength @strength_text ("16 mcg/mL") said beside @bag, as
 * ShockPath shows a bag: TRUE when it is @bag's per mL to 0.5 % (the
 * rounding it is shown with); else FALSE with an error naming @text (all
 * that was typed), @bag_text and the strength @bag has. */
gboolean     sp_concentration_check_strength (const SpConcentration *bag,
                                              const char            *strength_text,
                                              const char            *text,
                                              const char            *bag_text,
                                              SpNumberStyle          style,
                                              const char            *field,
                                              GError               **error);
char        *sp_format_concentration    (const SpConcentration *conc,
                                         SpNumberStyle          style);
/* "64 mcg/mL": the per-mL strength, in mcg for mass amounts (mg for >= 10 mg/mL),
 * in units for unit amounts. */
char        *sp_format_concentration_per_ml (const SpConcentration *conc,
                                             SpNumberStyle          style);
/* "@text as base": an amount, strength or dose of the drug's base, said so
 * beside a label written in a salt ("80 mcg/mL as base"). Translated. */
char        *sp_format_as_base          (const char            *text);
/* @text (taken) as sp_format_as_base () says it when @is_base, else @text
 * itself: "0.8 mg/h as base" beside a label in the salt, "0.8 mg/h" beside
 * one in the base. */
char        *sp_format_as_base_if       (char                  *text,
                                         gboolean               is_base);
/* "16 mg in 250 mL (64 mcg/mL)" for printed documents: the bag, then its
 * strength; "64 mcg/mL" alone for the per-mL form. */
char        *sp_format_concentration_in_bag (const SpConcentration *conc,
                                             SpNumberStyle          style);
/* A concentration written in a salt, with @salt_label (the salt's short
 * name, "tartrate"): "8 mg tartrate (4 mg base)/48 mL"; without a salt,
 * sp_format_concentration (). */
char        *sp_format_concentration_salt (const SpConcentration *conc,
                                           const char            *salt_label,
                                           SpNumberStyle          style);
/* For documents: "8 mg tartrate = 4 mg base in 48 mL (83.3 mcg/mL base)";
 * without a salt, sp_format_concentration_in_bag (). */
char        *sp_format_concentration_in_bag_salt (const SpConcentration *conc,
                                                  const char            *salt_label,
                                                  SpNumberStyle          style);
/* The same strength in the same bag (the salt a label names does not
 * change it). */
gboolean     sp_concentration_equal     (const SpConcentration *a,
                                         const SpConcentration *b);

G_END_DECLS
