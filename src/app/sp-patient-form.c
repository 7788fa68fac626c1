/* sp-patient-form.c: the patient's fields, grouped, with units and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per patient field (sp-field.h), built from the field table into the
 * template's groups in reading order. Number fields are parsed by the
 * protocol (sp_protocol_parse_field) on every change: text that does not
 * parse stays as typed, is marked as an error with the reason, and leaves the
 * field "not entered" in the model. Choice fields are drop-downs whose first
 * item is "Not entered". The form writes the model and follows it back
 * (a loaded case, an undo); it computes nothing itself.
 *
 * One truth: what runs is the dose panel's infusions. The patient's therapy
 * fields (inotrope, inotrope-dose, norepinephrine, vasopressin, epinephrine)
 * are derived from them by SpCase, so the form has no row for them: a value
 * typed there could only disagree with the pumps.
 */
#define G_LOG_DOMAIN "sp-patient-form"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-format.h"
#include "sp-patient-form.h"

typedef struct {
  SpPatientForm *form;
  SpField        field;
  AdwActionRow  *row;        /* number fields */
  GtkEntry      *entry;
  AdwComboRow   *combo;      /* choice fields */
  gboolean       updating;   /* the form itself is changing the widget */
  gboolean       invalid;    /* the text does not parse */
  char          *message;    /* the reason (invalid) or warning from parsing */
  guint          parse_id;   /* typed text waiting to be parsed (idle source) */
} FieldRow;

struct _SpPatientForm
{
  GtkWidget             parent_instance;

  SpCase               *sp_case;
  FieldRow              rows[SP_N_FIELDS];

  AdwPreferencesGroup  *patient_group;
  AdwPreferencesGroup  *pressure_group;
  AdwPreferencesGroup  *perfusion_group;
  AdwPreferencesGroup  *support_group;
  AdwPreferencesGroup  *access_group;
};

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpPatientForm, sp_patient_form, GTK_TYPE_WIDGET)

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

static SpPatient *
sp_patient_form_get_patient (SpPatientForm *self)
{
  return self->sp_case != NULL ? sp_case_get_patient (self->sp_case) : NULL;
}

/* Shows @message under the field; @style is NULL, "error" or "warning". */
static void
field_row_set_message (FieldRow   *fr,
                       const char *style,
                       const char *message)
{
  GtkWidget *row = fr->row != NULL ? GTK_WIDGET (fr->row) : GTK_WIDGET (fr->combo);
  GtkWidget *entry = GTK_WIDGET (fr->entry);
  g_autofree char *description = NULL;

  gtk_widget_remove_css_class (row, "sp-error");
  gtk_widget_remove_css_class (row, "sp-warning");
  if (entry != NULL)
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_remove_css_class (entry, "warning");
    }

  if (g_strcmp0 (style, "error") == 0)
    {
      gtk_widget_add_css_class (row, "sp-error");
      if (entry != NULL)
        gtk_widget_add_css_class (entry, "error");
    }
  else if (g_strcmp0 (style, "warning") == 0)
    {
      gtk_widget_add_css_class (row, "sp-warning");
      if (entry != NULL)
        gtk_widget_add_css_class (entry, "warning");
    }

  adw_action_row_set_subtitle (fr->row != NULL ? fr->row : ADW_ACTION_ROW (fr->combo),
                               message != NULL ? message : "");

  if (entry != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    message != NULL ? message : "",
                                    -1);
  if (entry != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                 GTK_ACCESSIBLE_STATE_INVALID,
                                 g_strcmp0 (style, "error") == 0
                                 ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                 -1);
}

/* A row of the form: a field that has no row (a therapy field) is not. */
static gboolean
field_row_is_shown (const FieldRow *fr)
{
  return fr->form != NULL && (fr->entry != NULL || fr->combo != NULL);
}

/* What the row says under the field: the parse error or warning, else that
 * MAP is derived from SBP/DBP. */
static void
field_row_show_status (FieldRow *fr)
{
  SpPatient *patient;

  if (!field_row_is_shown (fr))
    return;
  patient = sp_patient_form_get_patient (fr->form);
  if (patient == NULL)
    return;

  if (fr->field == SP_FIELD_MAP)
    {
      double map = sp_patient_get_effective_map (patient);
      g_autofree char *value = NULL;

      if (sp_patient_get_map_derived (patient) && !isnan (map))
        value = sp_format_significant (map, 3, SP_NUMBER_LOCALE);
      gtk_entry_set_placeholder_text (fr->entry, value);
    }

  if (fr->message != NULL)
    {
      field_row_set_message (fr, fr->invalid ? "error" : "warning", fr->message);
    }
  else if (fr->field == SP_FIELD_MAP && sp_patient_get_map_derived (patient)
           && !isnan (sp_patient_get_effective_map (patient)))
    {
      field_row_set_message (fr, NULL, _("Derived from SBP/DBP until typed"));
    }
  else
    {
      field_row_set_message (fr, NULL, NULL);
    }
}

static void
field_row_parse (FieldRow *fr)
{
  SpPatientForm *self = fr->form;
  SpPatient *patient = sp_patient_form_get_patient (self);
  SpFieldValue value = { 0 };
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (patient == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (fr->entry));

  if (sp_protocol_parse_field (sp_case_get_protocol (self->sp_case), fr->field, text,
                               SP_NUMBER_LOCALE, &value, &warning, &error))
    {
      fr->invalid = FALSE;
      g_free (fr->message);
      fr->message = g_steal_pointer (&warning);
      sp_patient_set_field_value (patient, fr->field, &value);
    }
  else
    {
      fr->invalid = TRUE;
      g_free (fr->message);
      fr->message = g_strdup (error->message);
      sp_patient_unset (patient, fr->field);
    }

  field_row_show_status (fr);
}

static gboolean
field_row_parse_idle (gpointer data)
{
  FieldRow *fr = data;

  fr->parse_id = 0;
  field_row_parse (fr);
  return G_SOURCE_REMOVE;
}

/* Parses now what was typed, if it waits. */
static void
field_row_flush (FieldRow *fr)
{
  if (fr->parse_id != 0)
    {
      g_clear_handle_id (&fr->parse_id, g_source_remove);
      field_row_parse (fr);
    }
}

/* Replacing the text (paste over a selection, Escape, a program setting it)
 * is a deletion then an insertion: both are parsed together, once, before
 * the next frame, so that one change makes one re-evaluation. Enter and
 * leaving the entry parse at once. */
static void
on_entry_changed (GtkEditable *editable,
                  FieldRow    *fr)
{
  gtk_entry_set_icon_from_icon_name (fr->entry, GTK_ENTRY_ICON_SECONDARY,
                                     gtk_editable_get_text (editable)[0] != '\0'
                                     ? "edit-clear-symbolic" : NULL);
  if (fr->updating)
    {
      g_clear_handle_id (&fr->parse_id, g_source_remove);
      return;
    }

  if (fr->parse_id == 0)
    fr->parse_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, field_row_parse_idle, fr, NULL);
}

static void
on_entry_activate (GtkEntry *entry,
                   FieldRow *fr)
{
  field_row_flush (fr);
}

static void
on_entry_focus_leave (GtkEventControllerFocus *controller,
                      FieldRow                *fr)
{
  field_row_flush (fr);
}

static void
on_entry_icon_release (GtkEntry             *entry,
                       GtkEntryIconPosition  position,
                       FieldRow             *fr)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      FieldRow              *fr)
{
  if (keyval == GDK_KEY_Escape
      && gtk_editable_get_editable (GTK_EDITABLE (fr->entry))
      && gtk_editable_get_text (GTK_EDITABLE (fr->entry))[0] != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (fr->entry), "");
      return TRUE;
    }
  return FALSE;
}

static void
on_combo_selected (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   FieldRow    *fr)
{
  SpPatient *patient = sp_patient_form_get_patient (fr->form);
  guint selected;

  if (fr->updating || patient == NULL)
    return;

  selected = adw_combo_row_get_selected (combo);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      sp_patient_unset (patient, fr->field);
    }
  else
    {
      SpFieldValue value = { .set = TRUE, .choice = selected - 1 };

      sp_patient_set_field_value (patient, fr->field, &value);
    }
}

static gboolean
on_combo_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      FieldRow              *fr)
{
  if ((keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete)
      && adw_combo_row_get_selected (fr->combo) != 0)
    {
      adw_combo_row_set_selected (fr->combo, 0);
      return TRUE;
    }
  return FALSE;
}

/* Shows the model's value. Unless @force, text that already means the
 * model's value, or an invalid text for a field the model has unset, is kept
 * as typed. */
static void
field_row_sync (FieldRow *fr,
                gboolean  force)
{
  SpPatient *patient;
  SpFieldValue value = { 0 };

  if (!field_row_is_shown (fr))
    return;
  patient = sp_patient_form_get_patient (fr->form);
  if (patient == NULL)
    return;

  sp_patient_get_field_value (patient, fr->field, &value);

  fr->updating = TRUE;

  if (fr->combo != NULL)
    {
      adw_combo_row_set_selected (fr->combo, value.set ? value.choice + 1 : 0);
    }
  else
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (fr->entry));
      SpFieldValue shown = { 0 };
      gboolean same;

      same = sp_protocol_parse_field (sp_case_get_protocol (fr->form->sp_case), fr->field,
                                      text, SP_NUMBER_LOCALE, &shown, NULL, NULL)
             && shown.set == value.set
             && (!value.set || shown.number == value.number);

      if (force || (!same && !(fr->invalid && !value.set)))
        {
          gboolean known = value.set && !isnan (value.number);
          g_autofree char *formatted = known ? sp_format_entry_number (value.number) : NULL;

          gtk_editable_set_text (GTK_EDITABLE (fr->entry), formatted != NULL ? formatted : "");
          fr->invalid = FALSE;
          g_clear_pointer (&fr->message, g_free);
          if (known)
            sp_protocol_check_number (sp_case_get_protocol (fr->form->sp_case), fr->field,
                                      value.number, &fr->message, NULL);
        }
    }

  fr->updating = FALSE;

  field_row_show_status (fr);
}

static void
on_patient_notify (SpPatient     *patient,
                   GParamSpec    *pspec,
                   SpPatientForm *self)
{
  SpField field;

  if (g_str_equal (pspec->name, "effective-map") || g_str_equal (pspec->name, "map-derived"))
    {
      field_row_show_status (&self->rows[SP_FIELD_MAP]);
      return;
    }

  if (sp_field_from_id (pspec->name, &field))
    field_row_sync (&self->rows[field], FALSE);
}

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

static void
sp_patient_form_build_row (SpPatientForm *self,
                           SpField        field,
                           Group          group)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  FieldRow *fr = &self->rows[field];
  GtkEventController *controller;
  g_autofree char *name = g_strdup_printf ("field-%s", info->id);

  fr->form = self;
  fr->field = field;

  if (info->kind == SP_FIELD_KIND_NUMBER)
    {
      GtkWidget *box, *unit;
      g_autofree char *accessible = NULL;

      fr->row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), sp_field_get_label (field));
      adw_action_row_set_subtitle_lines (fr->row, 3);

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

      fr->entry = GTK_ENTRY (gtk_entry_new ());
      gtk_widget_set_name (GTK_WIDGET (fr->entry), name);
      gtk_editable_set_width_chars (GTK_EDITABLE (fr->entry), 6);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (fr->entry), 6);
      gtk_editable_set_alignment (GTK_EDITABLE (fr->entry), 1.0);
      gtk_entry_set_input_purpose (fr->entry, GTK_INPUT_PURPOSE_NUMBER);
      gtk_entry_set_icon_tooltip_text (fr->entry, GTK_ENTRY_ICON_SECONDARY,
                                       _("Clear (Escape)"));
      /* Translators: accessible name of a number entry: "Weight, kg" */
      accessible = g_strdup_printf (_("%s, %s"), sp_field_get_label (field),
                                    sp_field_get_unit_label (field));
      gtk_accessible_update_property (GTK_ACCESSIBLE (fr->entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

      unit = gtk_label_new (sp_field_get_unit_label (field));
      gtk_label_set_xalign (GTK_LABEL (unit), 0.0);
      gtk_label_set_width_chars (GTK_LABEL (unit), 10);
      gtk_widget_add_css_class (unit, "dim-label");
      gtk_widget_add_css_class (unit, "sp-unit");

      gtk_box_append (GTK_BOX (box), GTK_WIDGET (fr->entry));
      gtk_box_append (GTK_BOX (box), unit);
      adw_action_row_add_suffix (fr->row, box);
      adw_action_row_set_activatable_widget (fr->row, GTK_WIDGET (fr->entry));

      g_signal_connect (fr->entry, "changed", G_CALLBACK (on_entry_changed), fr);
      g_signal_connect (fr->entry, "activate", G_CALLBACK (on_entry_activate), fr);
      g_signal_connect (fr->entry, "icon-release", G_CALLBACK (on_entry_icon_release), fr);
      controller = gtk_event_controller_focus_new ();
      g_signal_connect (controller, "leave", G_CALLBACK (on_entry_focus_leave), fr);
      gtk_widget_add_controller (GTK_WIDGET (fr->entry), controller);
      controller = gtk_event_controller_key_new ();
      g_signal_connect (controller, "key-pressed", G_CALLBACK (on_entry_key_pressed), fr);
      gtk_widget_add_controller (GTK_WIDGET (fr->entry), controller);

      adw_preferences_group_add (sp_patient_form_get_group (self, group), GTK_WIDGET (fr->row));
    }
  else
    {
      g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

      gtk_string_list_append (choices, _("Not entered"));
      for (guint i = 0; info->choices[i] != NULL; i++)
        gtk_string_list_append (choices, sp_field_get_choice_label (field, i));

      fr->combo = ADW_COMBO_ROW (adw_combo_row_new ());
      gtk_widget_set_name (GTK_WIDGET (fr->combo), name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->combo), sp_field_get_label (field));
      adw_combo_row_set_model (fr->combo, G_LIST_MODEL (choices));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (fr->combo), 3);

      g_signal_connect (fr->combo, "notify::selected", G_CALLBACK (on_combo_selected), fr);
      controller = gtk_event_controller_key_new ();
      g_signal_connect (controller, "key-pressed", G_CALLBACK (on_combo_key_pressed), fr);
      gtk_widget_add_controller (GTK_WIDGET (fr->combo), controller);

      adw_preferences_group_add (sp_patient_form_get_group (self, group), GTK_WIDGET (fr->combo));
    }
}

void
sp_patient_form_reload (SpPatientForm *self)
{
  g_return_if_fail (SP_IS_PATIENT_FORM (self));

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      /* Text typed before a new case was loaded is not for the new case. */
      g_clear_handle_id (&self->rows[i].parse_id, g_source_remove);
      field_row_sync (&self->rows[i], TRUE);
    }
}

SpCase *
sp_patient_form_get_case (SpPatientForm *self)
{
  g_return_val_if_fail (SP_IS_PATIENT_FORM (self), NULL);

  return self->sp_case;
}

void
sp_patient_form_set_case (SpPatientForm *self,
                          SpCase        *sp_case)
{
  g_return_if_fail (SP_IS_PATIENT_FORM (self));
  g_return_if_fail (sp_case == NULL || SP_IS_CASE (sp_case));

  if (self->sp_case == sp_case)
    return;

  if (self->sp_case != NULL)
    {
      g_signal_handlers_disconnect_by_data (sp_case_get_patient (self->sp_case), self);
      g_signal_handlers_disconnect_by_data (self->sp_case, self);
    }

  g_set_object (&self->sp_case, sp_case);

  if (sp_case != NULL)
    {
      g_signal_connect_object (sp_case_get_patient (sp_case), "notify",
                               G_CALLBACK (on_patient_notify), self, 0);
      sp_patient_form_reload (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

GtkWidget *
sp_patient_form_get_field_widget (SpPatientForm *self,
                                  SpField        field)
{
  g_return_val_if_fail (SP_IS_PATIENT_FORM (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);

  /* NULL for a therapy field: it has no row (the dose panel's infusions). */
  if (self->rows[field].entry != NULL)
    return GTK_WIDGET (self->rows[field].entry);
  return GTK_WIDGET (self->rows[field].combo);
}

static void
sp_patient_form_dispose (GObject *object)
{
  SpPatientForm *self = SP_PATIENT_FORM (object);

  if (self->sp_case != NULL)
    g_signal_handlers_disconnect_by_data (sp_case_get_patient (self->sp_case), self);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    g_clear_handle_id (&self->rows[i].parse_id, g_source_remove);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (self->rows[i].entry != NULL)
      g_signal_handlers_disconnect_by_data (self->rows[i].entry, &self->rows[i]);
    else if (self->rows[i].combo != NULL)
      g_signal_handlers_disconnect_by_data (self->rows[i].combo, &self->rows[i]);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PATIENT_FORM);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->sp_case);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      g_clear_pointer (&self->rows[i].message, g_free);
      self->rows[i].entry = NULL;
      self->rows[i].combo = NULL;
      self->rows[i].row = NULL;
    }

  G_OBJECT_CLASS (sp_patient_form_parent_class)->dispose (object);
}

static void
sp_patient_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpPatientForm *self = SP_PATIENT_FORM (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->sp_case);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_patient_form_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpPatientForm *self = SP_PATIENT_FORM (object);

  switch (prop_id)
    {
    case PROP_CASE:
      sp_patient_form_set_case (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_patient_form_class_init (SpPatientFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_patient_form_dispose;
  object_class->get_property = sp_patient_form_get_property;
  object_class->set_property = sp_patient_form_set_property;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

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

static void
sp_patient_form_init (SpPatientForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    sp_patient_form_build_row (self, layout[i].field, layout[i].group);
}
