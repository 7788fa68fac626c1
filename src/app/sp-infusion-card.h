/* sp-infusion-card.h: one infusion: concentration, dose and pump rate both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

#define SP_TYPE_INFUSION_CARD (sp_infusion_card_get_type ())
G_DECLARE_FINAL_TYPE (SpInfusionCard, sp_infusion_card, SP, INFUSION_CARD, GtkWidget)

GtkWidget  *sp_infusion_card_new           (SpCase         *sp_case,
                                            SpInfusion     *infusion);
SpInfusion *sp_infusion_card_get_infusion  (SpInfusionCard *self);
/* The keyboard focus to the dose entry (a new card: the dose comes next). */
void        sp_infusion_card_focus_dose    (SpInfusionCard *self);
/* The part of the card that has the keyboard focus ("dose", "rate",
 * "concentration"...: a static string), or NULL; and the focus to that part
 * of another card, the one that replaces this card when an undo makes the
 * cards anew. */
const char *sp_infusion_card_get_focus_part (SpInfusionCard *self);
void        sp_infusion_card_focus_part     (SpInfusionCard *self,
                                             const char     *part);

G_END_DECLS
