/* sp-patient-form.c: the patient's fields, grouped, with units and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per patient field (sp-field.h), in the template's groups in
 * reading order: an SpFieldRow (an entry and its unit) for a number field,
 * an SpChoiceRow (a drop-down whose first item is "Not entered") for a
 * choice field. The rows parse, write the model and follow it back (a
 * loaded case, an undo); they take the form's case through a binding. The
 * form computes nothing itself.
 *
 * One truth: what runs is the dose panel's infusions. The patient's therapy
 * fields (inotrope, inotrope-dose, norepinephrine, vasopressin, epinephrine)
 * are derived from them by SpCase, so the form has no row for them: a value
 * typed there could only disagree with the pumps.
 */
#define G_LOG_DOMAIN "sp-patient-form"

#include "config.h"

#include "sp-choice-row.h"
#include "sp-field-row.h"
#include "sp-patient-form.h"
#include "sp-widget-util.h"

struct _SpPatientForm
{
  SpCaseWidget          parent_instance;

  GtkWidget            *rows[SP_N_FIELDS];   /* NULL for a field without a row */

  AdwPreferencesGroup  *patient_group;
  AdwPreferencesGroup  *pressure_group;
  AdwPreferencesGroup  *perfusion_group;
  AdwPreferencesGroup  *support_group;
  AdwPreferencesGroup  *access_group;
};

G_DEFINE_FINAL_TYPE (SpPatientForm, sp_patient_form, SP_TYPE_CASE_WIDGET)

typedef enum {
  GROUP_PATIENT,
  GROUP_PRESSURE,
  GROUP_PERFUSION,
  GROUP_SUPPORT,
  GROUP_ACCESS,
} Group;

/* Reading order of the form. The therapy fields have no row (see above). */
static const struct {
  SpField field;
  Group   group;
} layout[] = {
  { SP_FIELD_WEIGHT, GROUP_PATIENT },
  { SP_FIELD_SBP, GROUP_PRESSURE },
  { SP_FIELD_DBP, GROUP_PRESSURE },
  { SP_FIELD_MAP, GROUP_PRESSURE },
  { SP_FIELD_HR, GROUP_PRESSURE },
  { SP_FIELD_SPO2, GROUP_PRESSURE },
  { SP_FIELD_LACTATE, GROUP_PERFUSION },
  { SP_FIELD_URINE, GROUP_PERFUSION },
  { SP_FIELD_MENTAL, GROUP_PERFUSION },
  { SP_FIELD_SKIN, GROUP_PERFUSION },
  { SP_FIELD_SCVO2, GROUP_PERFUSION },
  { SP_FIELD_FLUID, GROUP_SUPPORT },
  { SP_FIELD_MCS, GROUP_SUPPORT },
  { SP_FIELD_CENTRAL_LINE, GROUP_ACCESS },
  { SP_FIELD_ARTERIAL_LINE, GROUP_ACCESS },
};

static AdwPreferencesGroup *
sp_patient_form_get_group (SpPatientForm *self,
                           Group          group)
{
  switch (group)
    {
    case GROUP_PATIENT: return self->patient_group;
    case GROUP_PRESSURE: return self->pressure_group;
    case GROUP_PERFUSION: return self->perfusion_group;
    case GROUP_SUPPORT: return self->support_group;
    case GROUP_ACCESS: return self->access_group;
    default: g_assert_not_reached ();
    }
}

void
sp_patient_form_reload (SpPatientForm *self)
{
  g_return_if_fail (SP_IS_PATIENT_FORM (self));

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (SP_IS_FIELD_ROW (self->rows[i]))
        sp_field_row_reload (SP_FIELD_ROW (self->rows[i]));
      else if (SP_IS_CHOICE_ROW (self->rows[i]))
        sp_choice_row_reload (SP_CHOICE_ROW (self->rows[i]));
    }
}

GtkWidget *
sp_patient_form_get_field_widget (SpPatientForm *self,
                                  SpField        field)
{
  g_return_val_if_fail (SP_IS_PATIENT_FORM (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);

  /* NULL for a therapy field: it has no row (the dose panel's infusions). */
  if (SP_IS_FIELD_ROW (self->rows[field]))
    return GTK_WIDGET (sp_field_row_get_entry (SP_FIELD_ROW (self->rows[field])));
  return self->rows[field];
}

static void
sp_patient_form_dispose (GObject *object)
{
  SpPatientForm *self = SP_PATIENT_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PATIENT_FORM);
  sp_widget_unparent_children (GTK_WIDGET (self));
  memset (self->rows, 0, sizeof self->rows);

  G_OBJECT_CLASS (sp_patient_form_parent_class)->dispose (object);
}

static void
sp_patient_form_class_init (SpPatientFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_patient_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-patient-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPatientForm, patient_group);
  gtk_widget_class_bind_template_child (widget_class, SpPatientForm, pressure_group);
  gtk_widget_class_bind_template_child (widget_class, SpPatientForm, perfusion_group);
  gtk_widget_class_bind_template_child (widget_class, SpPatientForm, support_group);
  gtk_widget_class_bind_template_child (widget_class, SpPatientForm, access_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sppatientform");
}

/* libadwaita 1.2 ellipsizes a group's title ("Volumen und mechanische
 * Unterstütz…" in German in a narrow form): wrapped instead, whole. */
static void
wrap_group_title (GtkWidget  *widget,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), title) == 0)
        {
          gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_NONE);
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
          return;
        }
      wrap_group_title (child, title);
    }
}

static void
sp_patient_form_init (SpPatientForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (Group g = GROUP_PATIENT; g <= GROUP_ACCESS; g++)
    {
      AdwPreferencesGroup *group = sp_patient_form_get_group (self, g);

      wrap_group_title (GTK_WIDGET (group), adw_preferences_group_get_title (group));
    }

  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    {
      const SpFieldInfo *info = sp_field_get_info (layout[i].field);
      GtkWidget *row = info->kind == SP_FIELD_KIND_NUMBER ? sp_field_row_new (info->id)
                                                         : sp_choice_row_new (info->id);

      self->rows[layout[i].field] = row;
      /* The row follows the form's case, showing its values. */
      g_object_bind_property (self, "case", row, "case", G_BINDING_SYNC_CREATE);
      adw_preferences_group_add (sp_patient_form_get_group (self, layout[i].group), row);
    }
}
