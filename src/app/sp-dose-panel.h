/* sp-dose-panel.h: one card per infusion of the case, and "add drug"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"
#include "sp-infusion-card.h"

G_BEGIN_DECLS

#define SP_TYPE_DOSE_PANEL (sp_dose_panel_get_type ())
G_DECLARE_FINAL_TYPE (SpDosePanel, sp_dose_panel, SP, DOSE_PANEL, SpCaseWidget)

/* Where a new infusion's default concentration and dose unit come from
 * (sp-settings.h); NULL: the drug library's. */
void    sp_dose_panel_set_settings (SpDosePanel *self,
                                    GSettings   *settings);
/* Opens the "Add Drug" menu (Ctrl+D); Escape closes it. A drug chosen
 * there gets a card, and the keyboard focus goes to its dose entry. */
void    sp_dose_panel_open_add_menu (SpDosePanel *self);
/* The card of @infusion, or NULL. */
SpInfusionCard *sp_dose_panel_get_card (SpDosePanel *self,
                                        SpInfusion  *infusion);

G_END_DECLS
