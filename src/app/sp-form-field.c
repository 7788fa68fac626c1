/* sp-form-field.c: what the rows of the patient form share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-form-field"

#include "config.h"

#include "sp-form-field.h"

void
sp_form_field_init (SpFormField *form)
{
  form->patient_signals = g_signal_group_new (SP_TYPE_PATIENT);
}

void
sp_form_field_clear (SpFormField *form)
{
  g_clear_object (&form->sp_case);
  g_clear_object (&form->patient_signals);
}

void
sp_form_field_install_properties (GObjectClass  *object_class,
                                  GParamSpec   **properties)
{
  /* The field, by its id (sp-field.h): "weight", "mental"... */
  properties[SP_FORM_FIELD_PROP_FIELD_ID] =
    g_param_spec_string ("field-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[SP_FORM_FIELD_PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, SP_FORM_FIELD_N_PROPS, properties);
}

void
sp_form_field_get_property (const SpFormField *form,
                            GObject           *object,
                            guint              prop_id,
                            GValue            *value,
                            GParamSpec        *pspec)
{
  switch (prop_id)
    {
    case SP_FORM_FIELD_PROP_FIELD_ID:
      g_value_set_string (value, sp_field_get_info (form->field)->id);
      break;

    case SP_FORM_FIELD_PROP_CASE:
      g_value_set_object (value, form->sp_case);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

SpPatient *
sp_form_field_get_patient (const SpFormField *form)
{
  return form->sp_case != NULL ? sp_case_get_patient (form->sp_case) : NULL;
}

gboolean
sp_form_field_set_case (SpFormField *form,
                        SpCase      *sp_case)
{
  if (!g_set_object (&form->sp_case, sp_case))
    return FALSE;

  g_signal_group_set_target (form->patient_signals,
                             sp_case != NULL ? sp_case_get_patient (sp_case) : NULL);
  return TRUE;
}

gboolean
sp_form_field_set_id (SpFormField       *form,
                      const char        *field_id,
                      gboolean           number,
                      AdwPreferencesRow *row,
                      GtkWidget         *named,
                      GCallback          on_changed,
                      gpointer           data)
{
  g_autofree char *name = NULL;
  g_autofree char *detailed = NULL;

  if (field_id == NULL)
    return FALSE;
  if (!sp_field_from_id (field_id, &form->field)
      || (sp_field_get_info (form->field)->kind == SP_FIELD_KIND_NUMBER) != number)
    {
      g_critical ("“%s” is not a %s field", field_id, number ? "number" : "choice");
      return FALSE;
    }

  name = g_strdup_printf ("field-%s", field_id);
  gtk_widget_set_name (named, name);
  adw_preferences_row_set_title (row, sp_field_get_label (form->field));

  detailed = g_strdup_printf ("notify::%s", field_id);
  g_signal_group_connect_swapped (form->patient_signals, detailed, on_changed, data);
  return TRUE;
}
