/* sp-infusion-sheet.h: the infusion sheet a pharmacy hangs on a pump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drug, one weight, one concentration, and optionally the ordered dose.
 * The label block: the HIGH-ALERT flag where the library marks the drug, the
 * drug in tall-man letters and the concentration largest, the one diluent
 * used, the amount basis, route and line, the ordered dose and its rate,
 * the preparation from the library's product, storage and beyond-use time,
 * the bag planner (how long it lasts, what it delivers in 24 h, when to
 * prepare the next one), patient identifier, order and double-check lines.
 * Then the dose unit, usual range and limits with their sources, a dose ->
 * mL/h table for the weight (an ordered dose: a compact table of +-5 steps
 * around it with its row marked, in bold and in words; soft-limit rows
 * marked; nothing beyond the hard limit), the administration notes (the
 * line's first) and the references. A weight is shown only for a dose unit
 * per kg. Every number comes from the core (drug library, sp-dose,
 * sp-quantity, sp-bag-plan).
 */
#pragma once

#include "sp-case-file.h"
#include "sp-document.h"
#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

#define SP_INFUSION_SHEET_ERROR (sp_infusion_sheet_error_quark ())

typedef enum {
  SP_INFUSION_SHEET_ERROR_NO_WEIGHT,/* a per-kg dose unit and no weight */
} SpInfusionSheetError;

GQuark sp_infusion_sheet_error_quark (void);

typedef struct {
  SpProtocol       *protocol;      /* its name and version head the sheet */
  SpDrugLibrary    *drugs;         /* its name and version too */
  const SpDrug     *drug;          /* of @drugs */
  /* Checked by the caller through the protocol; NAN for none, which only a
   * dose unit not per kg (mcg/min, units/min) accepts. */
  double            weight_kg;
  SpConcentration   concentration; /* checked by the caller (sp_drug_check_concentration) */
  /* The table's dose unit: has_unit FALSE means the drug's first unit. */
  gboolean          has_unit;
  SpDoseUnit        unit;
  /* The table (sp_dose_table_new ()): NAN for the drug library's defaults
   * (from the titration step, or the usual minimum, to the hard limit, in
   * titration steps). Doses above the hard limit are never printed. */
  double            from;
  double            to;
  double            step;
  /* The ordered dose in the table's unit (has_unit/unit, else the drug's
   * first); NAN for a sheet without an order. Checked by the caller
   * against the hard limit. */
  double            ordered_dose;
  /* With an ordered dose: the full range (the library's) instead of the
   * compact table around it; @from / @to given also replace it. */
  gboolean          full_table;
  /* The line it runs through; SP_PROFILE_LINE_ANY: the profile's. */
  SpProfileLine     line;
  const SpCaseData *case_data;     /* may be NULL: its title and this drug's running dose */
  const char       *case_name;     /* may be NULL: the case file's name, printed when
                                    * the case has no title of its own */
  GDateTime        *printed;       /* may be NULL: now */
  SpNumberStyle     style;         /* SP_NUMBER_LOCALE on paper */
} SpInfusionSheetOptions;

/* The rows on each side of an ordered dose in the compact table. */
#define SP_INFUSION_SHEET_ORDER_STEPS 5

/* Fills @options with NULLs, NAN table bounds and ordered dose, and the
 * locale's numbers. */
void        sp_infusion_sheet_options_init (SpInfusionSheetOptions       *options);

/* A sheet for a case orders the dose its infusion of @options->drug runs
 * at, when no dose is given: the window's card and `shockpath-cli sheet
 * --case` print one sheet (the ordered line, its limit warning, the bag's
 * plan). Sets @options->ordered_dose and the table's unit to the running
 * dose's; with @unit_given, only a dose in the table's unit is taken.
 * FALSE, @options unchanged, when no infusion of the drug runs at a dose. */
gboolean    sp_infusion_sheet_options_order_running (SpInfusionSheetOptions *options,
                                                     gboolean                unit_given);

/* The sheet as a document, or NULL with @error: SP_DOSE_TABLE_ERROR when the
 * table cannot be made (empty, too long, no default for a bound the drug
 * library lacks), SP_INFUSION_SHEET_ERROR_NO_WEIGHT when its dose unit is per
 * kg and there is no weight. */
SpDocument *sp_infusion_sheet_new          (const SpInfusionSheetOptions *options,
                                            GError                      **error);

G_END_DECLS
