/* sp-field-row.c: one number field of the patient form, with its unit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is parsed by the protocol (sp_protocol_parse_field) on every
 * change, and what parses is the patient's value at once. Text that does
 * not parse stays as typed, is marked as an error with the reason, and
 * never enters the model (DESIGN.md, "One truth"): the field goes back to
 * the value it had before the edit (the last one applied with Enter or by
 * leaving the field, or set from outside), not to what a prefix of the
 * text meant ("1" on the way to "1O8"), and the message says which value
 * stands. A typing error does not change the advice or what is saved. Only
 * an empty text clears the field. The row writes the patient and follows
 * it back (a loaded case, an undo); it computes nothing itself.
 *
 * Replacing the text (paste over a selection, a program setting it) is a
 * deletion then an insertion: both are parsed together, once, before the
 * next frame, so that one change makes one re-evaluation. Enter and leaving
 * the entry parse at once. What an edit sets as it is typed (1, 10, 105)
 * is one undo group of the case: one Ctrl+Z puts back the value from
 * before it. The entry's clear icon empties it; Escape during an edit, or
 * on refused text, puts back the value from before the edit (and otherwise
 * goes on to the window: closing a pane, never clearing a value by
 * accident).
 */
#define G_LOG_DOMAIN "sp-field-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-field-row.h"
#include "sp-form-field.h"
#include "sp-format.h"

struct _SpFieldRow
{
  AdwActionRow   parent_instance;

  SpFormField    form;             /* the field and the case's patient */
  gboolean       updating;         /* the row itself is changing the entry */
  gboolean       writing;          /* the row itself is changing the patient */
  gboolean       invalid;          /* the text does not parse */
  char          *message;          /* the reason (invalid) or warning from parsing */
  SpFieldValue   committed;        /* the value before the edit in progress */
  guint          parse_id;         /* typed text waiting to be parsed (idle source) */
  /* The edit in progress, from the first key to Enter, leaving the field
   * or Escape: one undo group of this case (what it sets as it is typed
   * undoes as one change). */
  SpCase        *editing;

  /* Template widgets */
  GtkEntry      *entry;
  GtkLabel      *unit_label;
};

static GParamSpec *properties[SP_FORM_FIELD_N_PROPS];

G_DEFINE_FINAL_TYPE (SpFieldRow, sp_field_row, ADW_TYPE_ACTION_ROW)

/* Shows @message under the field; @style is NULL, "error" or "warning". */
static void
sp_field_row_set_message (SpFieldRow *self,
                          const char *style,
                          const char *message)
{
  GtkWidget *row = GTK_WIDGET (self);
  GtkWidget *entry = GTK_WIDGET (self->entry);

  gtk_widget_remove_css_class (row, "sp-error");
  gtk_widget_remove_css_class (row, "sp-warning");
  gtk_widget_remove_css_class (entry, "error");
  gtk_widget_remove_css_class (entry, "warning");

  if (g_strcmp0 (style, "error") == 0)
    {
      gtk_widget_add_css_class (row, "sp-error");
      gtk_widget_add_css_class (entry, "error");
    }
  else if (g_strcmp0 (style, "warning") == 0)
    {
      gtk_widget_add_css_class (row, "sp-warning");
      gtk_widget_add_css_class (entry, "warning");
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message != NULL ? message : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "",
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               g_strcmp0 (style, "error") == 0
                               ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* What the row says under the field: the parse error or warning, else that
 * MAP is derived from SBP/DBP. */
static void
sp_field_row_show_status (SpFieldRow *self)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);

  if (patient == NULL)
    return;

  if (self->form.field == SP_FIELD_MAP)
    {
      double map = sp_patient_get_effective_map (patient);
      g_autofree char *value = NULL;

      if (sp_patient_get_map_derived (patient) && !isnan (map))
        value = sp_format_significant (map, 3, SP_NUMBER_LOCALE);
      gtk_entry_set_placeholder_text (self->entry, value);
    }

  if (self->message != NULL)
    sp_field_row_set_message (self, self->invalid ? "error" : "warning", self->message);
  else if (self->form.field == SP_FIELD_MAP && sp_patient_get_map_derived (patient)
           && !isnan (sp_patient_get_effective_map (patient)))
    sp_field_row_set_message (self, NULL, _("Derived from SBP/DBP until typed"));
  else
    sp_field_row_set_message (self, NULL, NULL);

  /* Refused text on screen stops a record: the value meant is not the one
   * the case holds. */
  {
    g_autofree char *key = g_strdup_printf ("field:%s", sp_field_get_info (self->form.field)->id);
    g_autofree char *refused = NULL;

    if (self->invalid)
      /* Translators: what stops a record: "Systolic blood pressure: “8O” was refused" */
      refused = g_strdup_printf (_("%s: “%s” was refused"), sp_field_get_label (self->form.field),
                                 gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    sp_case_set_refused_input (self->form.sp_case, key, refused);
  }
}

/* Writes @value (unset: not entered) to the patient. */
static void
sp_field_row_write (SpFieldRow         *self,
                    SpPatient          *patient,
                    const SpFieldValue *value)
{
  self->writing = TRUE;
  if (value->set)
    sp_patient_set_field_value (patient, self->form.field, value);
  else
    sp_patient_unset (patient, self->form.field);
  self->writing = FALSE;
}

/* "Kept 104 mmHg; “1O8” was refused: <why>": the value that stands. */
static char *
refused_message (SpFieldRow *self,
                 SpPatient  *patient,
                 const char *text,
                 const char *reason)
{
  g_autofree char *kept = NULL;

  if (!sp_patient_is_set (patient, self->form.field))
    /* Translators: a form field whose text was refused and that had no
     * value: "Not entered; “abc” was refused: <why>" */
    return g_strdup_printf (_("Not entered; “%s” was refused: %s"), text, reason);

  kept = sp_patient_state_format_value (sp_patient_peek_state (patient), self->form.field,
                                        SP_NUMBER_LOCALE);
  /* Translators: a form field whose text was refused keeps its value:
   * "Kept 104 mmHg; “1O8” was refused: <why>" */
  return g_strdup_printf (_("Kept %s; “%s” was refused: %s"), kept, text, reason);
}

/* Parses the text into the patient; with @commit (Enter, leaving the
 * field) a value accepted becomes the one a later refusal goes back to. */
static void
sp_field_row_parse (SpFieldRow *self,
                    gboolean    commit)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);
  SpFieldValue value = { 0 };
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (patient == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* Read by the protocol, then the case as a whole: a weight can put a
   * running dose in mcg/min above its hard limit per kg. */
  if (sp_protocol_parse_field (sp_case_get_protocol (self->form.sp_case), self->form.field, text,
                               SP_NUMBER_LOCALE, &value, &warning, &error) &&
      sp_case_check_value (self->form.sp_case, self->form.field, &value, &error))
    {
      self->invalid = FALSE;
      g_free (self->message);
      self->message = g_steal_pointer (&warning);
      sp_field_row_write (self, patient, &value);
      if (commit)
        self->committed = value;
    }
  else
    {
      self->invalid = TRUE;
      sp_field_row_write (self, patient, &self->committed);
      g_free (self->message);
      self->message = refused_message (self, patient, text, error->message);
    }

  sp_field_row_show_status (self);
}

static void
sp_field_row_begin_edit (SpFieldRow *self)
{
  if (self->editing != NULL || self->form.sp_case == NULL)
    return;
  self->editing = g_object_ref (self->form.sp_case);
  sp_case_begin_undo_group (self->editing);
}

static void
sp_field_row_end_edit (SpFieldRow *self)
{
  g_autoptr(SpCase) sp_case = g_steal_pointer (&self->editing);

  if (sp_case != NULL)
    sp_case_end_undo_group (sp_case);
}

static gboolean
sp_field_row_parse_idle (gpointer data)
{
  SpFieldRow *self = data;

  self->parse_id = 0;
  sp_field_row_parse (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* After a value is accepted, the entry shows it as the form writes it,
 * in the field's unit beside it: "120 mmHg" becomes "120", "176 lb" the kg
 * it was worked out to (the message says how). Typed text was kept, and a
 * narrow entry showed its end, "mmHg", as if that were the value. */
static void
sp_field_row_show_accepted (SpFieldRow *self)
{
  g_autofree char *formatted = NULL;

  if (self->invalid || !self->committed.set || isnan (self->committed.number))
    return;
  formatted = sp_format_entry_number (self->committed.number);
  if (g_strcmp0 (formatted, gtk_editable_get_text (GTK_EDITABLE (self->entry))) == 0)
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), formatted);
  self->updating = FALSE;
}

/* Parses now what was typed, and commits it: the edit ends. */
static void
sp_field_row_flush (SpFieldRow *self)
{
  g_clear_handle_id (&self->parse_id, g_source_remove);
  sp_field_row_parse (self, TRUE);
  sp_field_row_show_accepted (self);
  sp_field_row_end_edit (self);
}


/* Shows the model's value. Unless @force, text that already means the
 * model's value, or an invalid text while the model keeps the value the
 * refusal went back to, is kept as typed. A value set from outside (a
 * loaded case, an undo) is the one a later refusal goes back to. */
static void
sp_field_row_sync (SpFieldRow *self,
                   gboolean    force)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);
  SpProtocol *protocol;
  SpFieldValue value = { 0 };
  SpFieldValue shown = { 0 };
  const char *text;
  gboolean same;

  if (patient == NULL)
    return;

  protocol = sp_case_get_protocol (self->form.sp_case);
  sp_patient_get_field_value (patient, self->form.field, &value);
  if (self->writing)
    return;

  self->updating = TRUE;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  same = sp_protocol_parse_field (protocol, self->form.field, text, SP_NUMBER_LOCALE,
                                  &shown, NULL, NULL)
         && shown.set == value.set
         && (!value.set || shown.number == value.number);

  if (force || (!same && !(self->invalid &&
                            sp_field_value_equal (self->form.field, &value, &self->committed))))
    {
      gboolean known = value.set && !isnan (value.number);
      g_autofree char *formatted = known ? sp_format_entry_number (value.number) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->entry), formatted != NULL ? formatted : "");
      self->invalid = FALSE;
      g_clear_pointer (&self->message, g_free);
      if (known)
        sp_protocol_check_number (protocol, self->form.field, value.number, &self->message, NULL);
    }

  self->updating = FALSE;
  self->committed = value;

  sp_field_row_show_status (self);
}

/* Escape: the value before the edit comes back, text and all. */
static void
sp_field_row_cancel (SpFieldRow *self)
{
  SpPatient *patient = sp_form_field_get_patient (&self->form);

  g_clear_handle_id (&self->parse_id, g_source_remove);
  if (patient != NULL)
    sp_field_row_write (self, patient, &self->committed);
  sp_field_row_end_edit (self);
  sp_field_row_sync (self, TRUE);
}

static void
on_patient_value_changed (SpFieldRow *self)
{
  sp_field_row_sync (self, FALSE);
}

/* --- template callbacks ---------------------------------------------------- */

static void
on_entry_changed (SpFieldRow  *self,
                  GtkEditable *editable)
{
  gtk_entry_set_icon_from_icon_name (GTK_ENTRY (editable), GTK_ENTRY_ICON_SECONDARY,
                                     gtk_editable_get_text (editable)[0] != '\0'
                                     ? "edit-clear-symbolic" : NULL);
  if (self->updating || self->form.sp_case == NULL)
    {
      g_clear_handle_id (&self->parse_id, g_source_remove);
      return;
    }

  sp_field_row_begin_edit (self);
  if (self->parse_id == 0)
    self->parse_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sp_field_row_parse_idle, self, NULL);
}

static void
on_entry_activate (SpFieldRow *self,
                   GtkEntry   *entry)
{
  sp_field_row_flush (self);
}

static void
on_entry_focus_leave (SpFieldRow              *self,
                      GtkEventControllerFocus *controller)
{
  sp_field_row_flush (self);
}

static void
on_entry_icon_release (SpFieldRow           *self,
                       GtkEntryIconPosition  position,
                       GtkEntry             *entry)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static gboolean
on_entry_key_pressed (SpFieldRow            *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  /* Escape during an edit (or on refused text) puts back the value from
   * before it; with nothing to put back it goes on to the window. */
  if (keyval == GDK_KEY_Escape && gtk_editable_get_editable (GTK_EDITABLE (self->entry)) &&
      (self->editing != NULL || self->invalid))
    {
      sp_field_row_cancel (self);
      return TRUE;
    }
  return FALSE;
}

/* --- the row --------------------------------------------------------------- */

SpField
sp_field_row_get_field (SpFieldRow *self)
{
  g_return_val_if_fail (SP_IS_FIELD_ROW (self), 0);

  return self->form.field;
}

GtkEntry *
sp_field_row_get_entry (SpFieldRow *self)
{
  g_return_val_if_fail (SP_IS_FIELD_ROW (self), NULL);

  return self->entry;
}

SpCase *
sp_field_row_get_case (SpFieldRow *self)
{
  g_return_val_if_fail (SP_IS_FIELD_ROW (self), NULL);

  return self->form.sp_case;
}

void
sp_field_row_set_case (SpFieldRow *self,
                       SpCase     *sp_case)
{
  g_return_if_fail (SP_IS_FIELD_ROW (self));
  g_return_if_fail (sp_case == NULL || SP_IS_CASE (sp_case));

  if (sp_case == self->form.sp_case)
    return;
  sp_field_row_end_edit (self);
  if (!sp_form_field_set_case (&self->form, sp_case))
    return;

  sp_field_row_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[SP_FORM_FIELD_PROP_CASE]);
}

void
sp_field_row_reload (SpFieldRow *self)
{
  g_return_if_fail (SP_IS_FIELD_ROW (self));

  /* Text typed before a new case was loaded is not for the new case. */
  g_clear_handle_id (&self->parse_id, g_source_remove);
  sp_field_row_end_edit (self);
  sp_field_row_sync (self, TRUE);
}

void
sp_field_row_apply (SpFieldRow *self)
{
  g_return_if_fail (SP_IS_FIELD_ROW (self));

  if (self->editing != NULL || self->parse_id != 0)
    sp_field_row_flush (self);
}

static void
sp_field_row_set_field_id (SpFieldRow *self,
                           const char *field_id)
{
  g_autofree char *accessible = NULL;

  /* The patient's property of this field; MAP's status also follows the
   * MAP derived from SBP/DBP (below). */
  if (!sp_form_field_set_id (&self->form, field_id, TRUE, ADW_PREFERENCES_ROW (self),
                             GTK_WIDGET (self->entry), G_CALLBACK (on_patient_value_changed),
                             self))
    return;

  gtk_label_set_text (self->unit_label, sp_field_get_unit_label (self->form.field));
  /* Translators: accessible name of a number entry: "Weight, kg" */
  accessible = g_strdup_printf (_("%s, %s"), sp_field_get_label (self->form.field),
                                sp_field_get_unit_label (self->form.field));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  if (self->form.field == SP_FIELD_MAP)
    {
      g_signal_group_connect_swapped (self->form.patient_signals, "notify::effective-map",
                                      G_CALLBACK (sp_field_row_show_status), self);
      g_signal_group_connect_swapped (self->form.patient_signals, "notify::map-derived",
                                      G_CALLBACK (sp_field_row_show_status), self);
    }
}

static void
sp_field_row_dispose (GObject *object)
{
  SpFieldRow *self = SP_FIELD_ROW (object);

  /* Nothing typed from now on is for a case: the entry may still say it
   * changed or lost the focus while it goes. */
  sp_form_field_clear (&self->form);
  g_clear_handle_id (&self->parse_id, g_source_remove);
  sp_field_row_end_edit (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_FIELD_ROW);

  G_OBJECT_CLASS (sp_field_row_parent_class)->dispose (object);
}

static void
sp_field_row_finalize (GObject *object)
{
  SpFieldRow *self = SP_FIELD_ROW (object);

  g_free (self->message);

  G_OBJECT_CLASS (sp_field_row_parent_class)->finalize (object);
}

static void
sp_field_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  sp_form_field_get_property (&SP_FIELD_ROW (object)->form, object, prop_id, value, pspec);
}

static void
sp_field_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpFieldRow *self = SP_FIELD_ROW (object);

  switch (prop_id)
    {
    case SP_FORM_FIELD_PROP_FIELD_ID:
      sp_field_row_set_field_id (self, g_value_get_string (value));
      break;

    case SP_FORM_FIELD_PROP_CASE:
      sp_field_row_set_case (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_field_row_class_init (SpFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_field_row_dispose;
  object_class->finalize = sp_field_row_finalize;
  object_class->get_property = sp_field_row_get_property;
  object_class->set_property = sp_field_row_set_property;

  /* "field-id", a number field ("weight", "sbp"...), and "case" */
  sp_form_field_install_properties (object_class, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-field-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpFieldRow, entry);
  gtk_widget_class_bind_template_child (widget_class, SpFieldRow, unit_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_focus_leave);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_icon_release);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_key_pressed);
}

static void
sp_field_row_init (SpFieldRow *self)
{
  sp_form_field_init (&self->form);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sp_field_row_new (const char *field_id)
{
  g_return_val_if_fail (field_id != NULL, NULL);

  return g_object_new (SP_TYPE_FIELD_ROW, "field-id", field_id, NULL);
}
