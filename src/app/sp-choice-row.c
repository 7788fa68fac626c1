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

struct _SpChoiceRow
{
  AdwComboRow    parent_instance;

  SpField        field;
  SpCase        *sp_case;
  GSignalGroup  *patient_signals;  /* follow the case's patient */
  gboolean       updating;         /* the row itself is changing the selection */
};

enum {
  PROP_0,
  PROP_FIELD_ID,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpChoiceRow, sp_choice_row, ADW_TYPE_COMBO_ROW)

static SpPatient *
sp_choice_row_get_patient (SpChoiceRow *self)
{
  return self->sp_case != NULL ? sp_case_get_patient (self->sp_case) : NULL;
}

static void
sp_choice_row_sync (SpChoiceRow *self)
{
  SpPatient *patient = sp_choice_row_get_patient (self);
  SpFieldValue value = { 0 };

  if (patient == NULL)
    return;

  sp_patient_get_field_value (patient, self->field, &value);

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
  SpPatient *patient = sp_choice_row_get_patient (self);
  guint selected;

  if (self->updating || patient == NULL)
    return;

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      sp_patient_unset (patient, self->field);
    }
  else
    {
      SpFieldValue value = { .set = TRUE, .choice = selected - 1 };

      sp_patient_set_field_value (patient, self->field, &value);
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

  return self->field;
}

SpCase *
sp_choice_row_get_case (SpChoiceRow *self)
{
  g_return_val_if_fail (SP_IS_CHOICE_ROW (self), NULL);

  return self->sp_case;
}

void
sp_choice_row_set_case (SpChoiceRow *self,
                        SpCase      *sp_case)
{
  g_return_if_fail (SP_IS_CHOICE_ROW (self));
  g_return_if_fail (sp_case == NULL || SP_IS_CASE (sp_case));

  if (!g_set_object (&self->sp_case, sp_case))
    return;

  g_signal_group_set_target (self->patient_signals,
                             sp_case != NULL ? sp_case_get_patient (sp_case) : NULL);
  sp_choice_row_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
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
  g_autofree char *name = NULL;
  g_autofree char *detailed = NULL;

  if (field_id == NULL)
    return;
  if (!sp_field_from_id (field_id, &self->field)
      || sp_field_get_info (self->field)->kind == SP_FIELD_KIND_NUMBER)
    {
      g_critical ("“%s” is not a choice field", field_id);
      return;
    }

  info = sp_field_get_info (self->field);
  name = g_strdup_printf ("field-%s", field_id);
  gtk_widget_set_name (GTK_WIDGET (self), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), sp_field_get_label (self->field));

  choices = gtk_string_list_new (NULL);
  gtk_string_list_append (choices, _("Not entered"));
  /* Options in sentence case like "Not entered" ("Altered", "Given, no
   * response"); the core's labels are lowercase for use inside sentences. */
  for (guint i = 0; info->choices[i] != NULL; i++)
    {
      const char *label = sp_field_get_choice_label (self->field, i);
      char first[8] = { 0, };
      g_autofree char *option = NULL;

      g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (label)), first);
      option = g_strconcat (first, g_utf8_next_char (label), NULL);
      gtk_string_list_append (choices, option);
    }
  self->updating = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (choices));
  self->updating = FALSE;

  detailed = g_strdup_printf ("notify::%s", field_id);
  g_signal_group_connect_swapped (self->patient_signals, detailed,
                                  G_CALLBACK (sp_choice_row_sync), self);
}

static void
sp_choice_row_dispose (GObject *object)
{
  SpChoiceRow *self = SP_CHOICE_ROW (object);

  /* Before the combo row drops its model (and says its selection changed). */
  g_clear_object (&self->sp_case);
  g_clear_object (&self->patient_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CHOICE_ROW);

  G_OBJECT_CLASS (sp_choice_row_parent_class)->dispose (object);
}

static void
sp_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpChoiceRow *self = SP_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_FIELD_ID:
      g_value_set_string (value, sp_field_get_info (self->field)->id);
      break;

    case PROP_CASE:
      g_value_set_object (value, self->sp_case);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
    case PROP_FIELD_ID:
      sp_choice_row_set_field_id (self, g_value_get_string (value));
      break;

    case PROP_CASE:
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

  /* The field, by its id (sp-field.h): "mental", "skin"... */
  properties[PROP_FIELD_ID] =
    g_param_spec_string ("field-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-choice-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed);
}

static void
sp_choice_row_init (SpChoiceRow *self)
{
  self->patient_signals = g_signal_group_new (SP_TYPE_PATIENT);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sp_choice_row_new (const char *field_id)
{
  g_return_val_if_fail (field_id != NULL, NULL);

  return g_object_new (SP_TYPE_CHOICE_ROW, "field-id", field_id, NULL);
}
