/* sp-settings.h: the app's GSettings keys that need the drug library to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "default-concentrations" and "default-dose-units" map a drug id to text
 * ("16 mg/250 mL", "mcg/min"); the drug library decides whether that text
 * names one of its standard concentrations or accepted units. A value it
 * refuses is ignored (and logged) rather than guessed at: the library's
 * default is used.
 */
#pragma once

#include <gio/gio.h>

#include "sp-document.h"
#include "sp-drug-library.h"

G_BEGIN_DECLS

/* The standard concentration set for @drug, or NULL (none set, or one the
 * library does not have: the library's default applies). */
const SpStandardConcentration *sp_settings_get_default_concentration (GSettings             *settings,
                                                                      const SpDrug          *drug);
/* Sets @drug's default concentration; NULL removes it (the library's default). */
void                           sp_settings_set_default_concentration (GSettings             *settings,
                                                                      const SpDrug          *drug,
                                                                      const SpConcentration *conc);

/* TRUE and *out_unit when a dose unit the library accepts is set for @drug. */
gboolean                       sp_settings_get_default_dose_unit     (GSettings             *settings,
                                                                      const SpDrug          *drug,
                                                                      SpDoseUnit            *out_unit);
/* Sets @drug's default dose unit; NULL removes it (the library's first unit). */
void                           sp_settings_set_default_dose_unit     (GSettings             *settings,
                                                                      const SpDrug          *drug,
                                                                      const SpDoseUnit      *unit);

/* The "paper-size" key. */
SpPaper                        sp_settings_get_paper                 (GSettings             *settings);
void                           sp_settings_set_paper                 (GSettings             *settings,
                                                                      SpPaper                paper);

G_END_DECLS
