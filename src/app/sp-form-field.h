/* sp-form-field.h: what the rows of the patient form share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of the patient form (SpFieldRow, a number; SpChoiceRow, a choice)
 * shows one field of the case's patient and follows that patient: the
 * field, the case, the signals on the patient and the two properties
 * "field-id" (construct-only) and "case" are kept here, once.
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

typedef struct
{
  SpField       field;
  SpCase       *sp_case;
  GSignalGroup *patient_signals;  /* on the case's patient */
} SpFormField;

/* The properties of a form row, in this order. */
enum {
  SP_FORM_FIELD_PROP_0,
  SP_FORM_FIELD_PROP_FIELD_ID,
  SP_FORM_FIELD_PROP_CASE,
  SP_FORM_FIELD_N_PROPS
};

void       sp_form_field_init               (SpFormField        *form);
void       sp_form_field_clear              (SpFormField        *form);
/* Installs "field-id" and "case"; @properties has SP_FORM_FIELD_N_PROPS. */
void       sp_form_field_install_properties (GObjectClass       *object_class,
                                             GParamSpec        **properties);
void       sp_form_field_get_property       (const SpFormField  *form,
                                             GObject            *object,
                                             guint               prop_id,
                                             GValue             *value,
                                             GParamSpec         *pspec);
SpPatient *sp_form_field_get_patient        (const SpFormField  *form);
/* Follows @sp_case's patient; FALSE when @sp_case is the case already. */
gboolean   sp_form_field_set_case           (SpFormField        *form,
                                             SpCase             *sp_case);
/* Sets the field from its id, which must be a number field if @number, a
 * choice field if not (else a critical, and FALSE): names @named
 * "field-ID", titles @row with the field's label and calls @on_changed
 * (swapped, with @data) when the patient's value of the field changes. */
gboolean   sp_form_field_set_id             (SpFormField        *form,
                                             const char         *field_id,
                                             gboolean            number,
                                             AdwPreferencesRow  *row,
                                             GtkWidget          *named,
                                             GCallback           on_changed,
                                             gpointer            data);

G_END_DECLS
