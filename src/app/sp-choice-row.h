/* sp-choice-row.h: one choice field of the patient form, a drop-down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

#define SP_TYPE_CHOICE_ROW (sp_choice_row_get_type ())
G_DECLARE_FINAL_TYPE (SpChoiceRow, sp_choice_row, SP, CHOICE_ROW, AdwComboRow)

/* A row for @field_id, a choice field ("mental"), named "field-mental". */
GtkWidget *sp_choice_row_new       (const char  *field_id);
SpField    sp_choice_row_get_field (SpChoiceRow *self);
SpCase    *sp_choice_row_get_case  (SpChoiceRow *self);
void       sp_choice_row_set_case  (SpChoiceRow *self,
                                    SpCase      *sp_case);
/* Shows the model's value again. */
void       sp_choice_row_reload    (SpChoiceRow *self);

G_END_DECLS
