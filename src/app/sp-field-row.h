/* sp-field-row.h: one number field of the patient form, with its unit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

#define SP_TYPE_FIELD_ROW (sp_field_row_get_type ())
G_DECLARE_FINAL_TYPE (SpFieldRow, sp_field_row, SP, FIELD_ROW, AdwActionRow)

/* A row for @field_id, a number field ("weight"); its entry is named
 * "field-weight". */
GtkWidget *sp_field_row_new       (const char *field_id);
SpField    sp_field_row_get_field (SpFieldRow *self);
GtkEntry  *sp_field_row_get_entry (SpFieldRow *self);
SpCase    *sp_field_row_get_case  (SpFieldRow *self);
void       sp_field_row_set_case  (SpFieldRow *self,
                                   SpCase     *sp_case);
/* Shows the model's value again, dropping what was typed. */
void       sp_field_row_reload    (SpFieldRow *self);
/* Applies what was typed as Enter does, ending the edit in progress (before
 * the case's undo, so that it undoes the whole edit). */
void       sp_field_row_apply     (SpFieldRow *self);

G_END_DECLS
