/* sp-choice-row.c: one choice field of the patient form, a drop-down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Item 0 is "Not entered", then the field's choices (sp-field.h) in order;
 * Backspace and Delete go back to "Not entered". The row writes the patient
 * and follows it back (a loaded case, an undo).
 */
#define G_LOG_DOMAIN "sp-choice-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-choice-row.h"
#include "sp-form-field.h"

struct _SpChoiceRow
{
  AdwComboRow    parent_instance;

  SpFormField    form;             /* the field and the case's patient */
  gboolean       updating;         /* the row itself is changing the selection */
};

static GParamSpec *properties[SP_FORM_FIELD_N_PROPS];

G_DEFINE_FINAL_TYPE (SpChoiceRow, sp_choice_row, ADW_TYPE_COMBO_ROW)

static void
sp_choice_row_sync (SpChoiceRow *self)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);
  SpFieldValue value = { 0 };

  if (patient == NULL)
    return;

  sp_patient_get_field_value (patient, self->form.field, &value);

  self->updating = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), value.set ? value.choice + 1 : 0);
  self->updating = FALSE;

}

/* --- template callbacks ---------------------------------------------------- */

static void
on_selected (SpChoiceRow *self,
             GParamSpec  *pspec,
             gpointer     user_data)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);
  guint selected;

  if (self->updating || patient == NULL)
    return;

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      sp_patient_unset (patient, self->form.field);
    }
  else
    {
      SpFieldValue value = { .set = TRUE, .choice = selected - 1 };

      sp_patient_set_field_value (patient, self->form.field, &value);
    }
}

static gboolean
on_key_pressed (SpChoiceRow           *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete)
      && adw_combo_row_get_selected (ADW_COMBO_ROW (self)) != 0)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self), 0);
      return TRUE;
    }
  return FALSE;
}

/* --- the row --------------------------------------------------------------- */

SpField
sp_choice_row_get_field (SpChoiceRow *self)
{
  g_return_val_if_fail (SP_IS_CHOICE_ROW (self), 0);

  return self->form.field;
}

SpCase *
sp_choice_row_get_case (SpChoiceRow *self)
{
  g_return_val_if_fail (SP_IS_CHOICE_ROW (self), NULL);

  return self->form.sp_case;
}

void
sp_choice_row_set_case (SpChoiceRow *self,
                        SpCase      *sp_case)
{
  g_return_if_fail (SP_IS_CHOICE_ROW (self));
  g_return_if_fail (sp_case == NULL || SP_IS_CASE (sp_case));

  if (!sp_form_field_set_case (&self->form, sp_case))
    return;

  sp_choice_row_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[SP_FORM_FIELD_PROP_CASE]);
}

void
sp_choice_row_reload (SpChoiceRow *self)
{
  g_return_if_fail (SP_IS_CHOICE_ROW (self));

  sp_choice_row_sync (self);
}

static void
sp_choice_row_set_field_id (SpChoiceRow *self,
                            const char  *field_id)
{
  const SpFieldInfo *info;
  g_autoptr(GtkStringList) choices = NULL;

  if (!sp_form_field_set_id (&self->form, field_id, FALSE, ADW_PREFERENCES_ROW (self),
                             GTK_WIDGET (self), G_CALLBACK (sp_choice_row_sync), self))
    return;

  info = sp_field_get_info (self->form.field);

  choices = gtk_string_list_new (NULL);
  gtk_string_list_append (choices, _("Not entered"));
  /* Options in sentence case like "Not entered" ("Altered", "Given, no
   * response"); the core's labels are lowercase for use inside sentences. */
  for (guint i = 0; info->choices[i] != NULL; i++)
    {
      const char *label = sp_field_get_choice_label (self->form.field, i);
      char first[8] = { 0, };
      g_autofree char *option = NULL;

      g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (label)), first);
      option = g_strconcat (first, g_utf8_next_char (label), NULL);
      gtk_string_list_append (choices, option);
    }
  self->updating = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (choices));
  self->updating = FALSE;
}

static void
sp_choice_row_dispose (GObject *object)
{
  SpChoiceRow *self = SP_CHOICE_ROW (object);

  /* Before the combo row drops its model (and says its selection changed). */
  sp_form_field_clear (&self->form);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CHOICE_ROW);

  G_OBJECT_CLASS (sp_choice_row_parent_class)->dispose (object);
}

static void
sp_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  sp_form_field_get_property (&SP_CHOICE_ROW (object)->form, object, prop_id, value, pspec);
}

static void
sp_choice_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpChoiceRow *self = SP_CHOICE_ROW (object);

  switch (prop_id)
    {
    case SP_FORM_FIELD_PROP_FIELD_ID:
      sp_choice_row_set_field_id (self, g_value_get_string (value));
      break;

    case SP_FORM_FIELD_PROP_CASE:
      sp_choice_row_set_case (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_choice_row_class_init (SpChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_choice_row_dispose;
  object_class->get_property = sp_choice_row_get_property;
  object_class->set_property = sp_choice_row_set_property;

  /* "field-id", a choice field ("mental", "skin"...), and "case" */
  sp_form_field_install_properties (object_class, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-choice-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed);
}

static void
sp_choice_row_init (SpChoiceRow *self)
{
  sp_form_field_init (&self->form);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sp_choice_row_new (const char *field_id)
{
  g_return_val_if_fail (field_id != NULL, NULL);

  return g_object_new (SP_TYPE_CHOICE_ROW, "field-id", field_id, NULL);
}
