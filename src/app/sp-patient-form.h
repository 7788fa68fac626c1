/* sp-patient-form.h: the patient's fields, grouped, with units and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"

G_BEGIN_DECLS

#define SP_TYPE_PATIENT_FORM (sp_patient_form_get_type ())
G_DECLARE_FINAL_TYPE (SpPatientForm, sp_patient_form, SP, PATIENT_FORM, SpCaseWidget)

/* Shows the model's values again, dropping what was typed (after new / open). */
void    sp_patient_form_reload    (SpPatientForm *self);
/* The entry (number fields) or combo row (choice fields) of @field. */
GtkWidget *sp_patient_form_get_field_widget (SpPatientForm *self,
                                             SpField        field);

G_END_DECLS
