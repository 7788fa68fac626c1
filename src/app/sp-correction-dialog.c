/* sp-correction-dialog.c: correct an entry of the case's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry is never changed: a correction is a new entry, at the entry's
 * time, that names it (sp_case_correct ()); the entry stays in the record,
 * struck through. The dialog lists what the entry recorded, each value and
 * each infusion dose in an entry of its own, filled in as recorded: the
 * user changes the one that is wrong (an emptied value was not observed;
 * a changed one drops the reason it was recorded with, the correction's
 * says why), or ticks "Entered in error", and gives initials and the
 * reason. A value
 * left as it opened is kept exactly as recorded, never read back from its
 * rounded text. A refused value or correction is said in the dialog, which
 * stays open with everything typed. The parsing and every rule are the
 * core's.
 */
#define G_LOG_DOMAIN "sp-correction-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-correction-dialog.h"
#include "sp-format.h"
#include "sp-timeline.h"

typedef enum {
  ROW_VALUE,                /* an observation */
  ROW_DOSE,                 /* an infusion event's dose */
  ROW_CONCENTRATION,        /* an infusion event's bag */
} RowKind;

/* One value, dose or bag the user can correct. */
typedef struct {
  GtkWidget *widget;        /* AdwEntryRow, or AdwComboRow for a choice */
  RowKind    kind;
  guint      index;         /* in the entry's values (ROW_VALUE) or infusion events */
  char      *initial;       /* the text it opened with (an entry row) */
  guint      initial_choice;
} CorrectionRow;

struct _SpCorrectionDialog
{
  AdwWindow       parent_instance;

  SpCase         *sp_case;
  char           *entry_id;
  GPtrArray      *rows;     /* CorrectionRow*, owned */

  GtkLabel       *heading_label;
  GtkListBox     *values_list;
  GtkCheckButton *in_error_check;
  AdwEntryRow    *author_row;
  AdwEntryRow    *reason_row;
  GtkLabel       *error_label;
  GtkLabel       *warning_label;
  GtkWidget      *correct_button;
  char           *confirmed;  /* the questions last shown, to be confirmed by a second press */
};

G_DEFINE_FINAL_TYPE (SpCorrectionDialog, sp_correction_dialog, ADW_TYPE_WINDOW)

static void
correction_row_free (CorrectionRow *row)
{
  g_free (row->initial);
  g_free (row);
}

static void
show_error (SpCorrectionDialog *self,
            const char         *message,
            GtkWidget          *about)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  /* what it is about, or else the button, says it and has the focus: a
   * screen reader reads it */
  if (about == NULL)
    about = self->correct_button;
  gtk_accessible_update_relation (GTK_ACCESSIBLE (about), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->error_label, NULL, -1);
  gtk_widget_grab_focus (about);
}

static void
on_entry_activated (SpCorrectionDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "correction.apply", NULL);
}

/* An entry row for a number, filled in as recorded, the unit after it. */
static GtkWidget *
number_row (SpCorrectionDialog *self,
            const char         *title,
            const char         *unit,
            const char         *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  if (unit != NULL)
    {
      GtkWidget *label = gtk_label_new (unit);
      /* Translators: a screen reader's description of an entry's unit: "in mmHg" */
      g_autofree char *in_unit = g_strdup_printf (_("in %s"), unit);

      gtk_widget_add_css_class (label, "dim-label");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      in_unit, -1);
    }
  /* Return corrects, as the button does */
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_entry_activated), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
add_row (SpCorrectionDialog *self,
         GtkWidget          *widget,
         RowKind             kind,
         guint               index)
{
  CorrectionRow *row = g_new0 (CorrectionRow, 1);

  row->widget = widget;
  row->kind = kind;
  row->index = index;
  if (ADW_IS_ENTRY_ROW (widget))
    row->initial = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  else
    row->initial_choice = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));
  g_ptr_array_add (self->rows, row);
  gtk_list_box_append (self->values_list, widget);
}

/* A row the dialog does not change: a value cleared, a new bag, a stop. */
static void
add_fixed_row (SpCorrectionDialog *self,
               const char         *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Kept as recorded (enter it in error to take it back)"));
  gtk_list_box_append (self->values_list, row);
}

static void
add_observation (SpCorrectionDialog      *self,
                 const SpCaseObservation *observation,
                 guint                    index)
{
  const SpFieldInfo *info = sp_field_get_info (observation->field);

  if (!observation->value.set)
    {
      g_autofree char *text = sp_case_observation_format (observation, SP_NUMBER_LOCALE);

      add_fixed_row (self, text);
      return;
    }

  if (info->kind == SP_FIELD_KIND_CHOICE)
    {
      GtkStringList *choices = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();

      for (guint c = 0; info->choices[c] != NULL; c++)
        gtk_string_list_append (choices, sp_field_get_choice_label (observation->field, c));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      g_object_unref (choices);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), observation->value.choice);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     sp_field_get_label (observation->field));
      add_row (self, row, ROW_VALUE, index);
    }
  else
    {
      g_autofree char *text = sp_format_entry_number (observation->value.number);

      add_row (self, number_row (self, sp_field_get_label (observation->field),
                                 sp_field_get_unit_label (observation->field), text),
               ROW_VALUE, index);
    }
}

static void
add_event (SpCorrectionDialog *self,
           const SpCaseEvent  *event,
           guint               index)
{
  SpDrugLibrary *drugs = sp_case_get_drug_library (self->sp_case);
  const SpCaseInfusion *infusion = event->infusion;
  const SpDrug *drug = sp_drug_library_lookup (drugs, infusion->drug_id);
  const char *name = drug != NULL ? sp_drug_get_display_name (drug) : infusion->drug_id;
  gboolean shown = FALSE;

  /* the bag a start or a new bag records */
  if (drug != NULL && infusion->has_concentration &&
      (event->kind == SP_CASE_EVENT_START || event->kind == SP_CASE_EVENT_BAG))
    {
      g_autofree char *conc = sp_drug_format_concentration (drug, &infusion->concentration,
                                                            SP_NUMBER_LOCALE);
      /* Translators: the title of a concentration to correct: "norepinephrine bag" */
      g_autofree char *title = g_strdup_printf (_("%s bag"), name);

      GtkWidget *row = number_row (self, title, NULL, conc);

      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_FREE_FORM);
      add_row (self, row, ROW_CONCENTRATION, index);
      shown = TRUE;
    }
  /* the dose a start or a dose change records, in its unit (another the
   * drug takes is typed with it: "5 mcg/min") */
  if (drug != NULL && infusion->has_dose &&
      (event->kind == SP_CASE_EVENT_START || event->kind == SP_CASE_EVENT_DOSE))
    {
      g_autofree char *dose = sp_format_entry_number (infusion->dose);
      /* Translators: the title of a dose to correct: "norepinephrine dose" */
      g_autofree char *title = g_strdup_printf (_("%s dose"), name);

      add_row (self, number_row (self, title, sp_dose_unit_get_label (infusion->dose_unit), dose),
               ROW_DOSE, index);
      shown = TRUE;
    }
  if (!shown)
    {
      g_autofree char *text = sp_case_event_format (event, drugs, SP_NUMBER_LOCALE);

      add_fixed_row (self, text);
    }
}

static void
on_in_error_toggled (SpCorrectionDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->values_list),
                            !gtk_check_button_get_active (self->in_error_check));
}

static const SpCaseEntry *
find_target (SpCorrectionDialog *self)
{
  return sp_timeline_lookup (sp_case_get_timeline (self->sp_case), self->entry_id);
}

static void
fill (SpCorrectionDialog *self,
      const SpCaseEntry  *entry)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (entry->time);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autofree char *heading = NULL;
  g_autofree char *title = NULL;

  heading = entry->author != NULL
    /* Translators: "Entry e12 of 2026-12-03 14:00 (EF): type what it should have
     * recorded. It stays in the record, struck through, with this correction." */
    ? g_strdup_printf (_("Entry %s of %s (%s): type what it should have recorded. It stays in "
                         "the record, struck through, with this correction."),
                       entry->id, when, entry->author)
    : g_strdup_printf (_("Entry %s of %s: type what it should have recorded. It stays in the "
                         "record, struck through, with this correction."),
                       entry->id, when);
  gtk_label_set_text (self->heading_label, heading);
  /* Translators: the dialog's title: "Correct Entry e12" */
  title = g_strdup_printf (_("Correct Entry %s"), entry->id);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* what a correction starts from: the entry's values, or for one that
   * took an entry back as entered in error, that entry's, to bring back */
  {
    g_autoptr(SpCaseEntry) start = sp_case_entry_new_correction (sp_case_get_timeline (self->sp_case),
                                                                 entry);

    for (guint i = 0; i < start->observations->len; i++)
      add_observation (self, g_ptr_array_index (start->observations, i), i);
    for (guint i = 0; i < start->events->len; i++)
      add_event (self, g_ptr_array_index (start->events, i), i);
    gtk_widget_set_visible (GTK_WIDGET (self->values_list),
                            start->observations->len + start->events->len > 0);
  }
  /* an entry that records nothing opens as it is: entered in error; untick
   * to bring back what it took back */
  if (sp_case_entry_is_empty (entry))
    {
      gtk_check_button_set_active (self->in_error_check, TRUE);
      on_in_error_toggled (self);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->in_error_check), self->rows->len > 0);
}

/* Row @row's value into @correction; FALSE, said, when it is refused. */
static gboolean
read_row (SpCorrectionDialog *self,
          CorrectionRow      *row,
          SpCaseEntry        *correction,
          gboolean           *out_removed)
{
  g_autoptr(GError) error = NULL;

  *out_removed = FALSE;
  if (ADW_IS_COMBO_ROW (row->widget))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->widget));
      SpCaseObservation *observation = g_ptr_array_index (correction->observations, row->index);

      if (selected != row->initial_choice && selected != GTK_INVALID_LIST_POSITION)
        {
          observation->value.choice = selected;
          /* its own reason was the wrong value's; the correction's says why */
          g_clear_pointer (&observation->reason, g_free);
        }
      return TRUE;
    }

  {
    const char *text = gtk_editable_get_text (GTK_EDITABLE (row->widget));

    /* as recorded, to the last digit */
    if (g_strcmp0 (text, row->initial) == 0)
      return TRUE;

    if (row->kind == ROW_VALUE)
      {
        SpCaseObservation *observation = g_ptr_array_index (correction->observations, row->index);
        SpFieldValue value = { 0, };

        if (!sp_protocol_parse_field (sp_case_get_protocol (self->sp_case), observation->field,
                                      text, SP_NUMBER_LOCALE, &value, NULL, &error))
          {
            show_error (self, error->message, row->widget);
            return FALSE;
          }
        /* emptied: it was not observed */
        if (!value.set)
          *out_removed = TRUE;
        else
          observation->value = value;
        g_clear_pointer (&observation->reason, g_free);
      }
    else
      {
        SpCaseEvent *event = g_ptr_array_index (correction->events, row->index);
        SpCaseInfusion *infusion = event->infusion;
        const SpDrug *drug = sp_drug_library_lookup (sp_case_get_drug_library (self->sp_case),
                                                     infusion->drug_id);
        const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row->widget));

        if (row->kind == ROW_DOSE)
          {
            g_autoptr(GArray) units = sp_drug_get_dose_units (drug);
            SpDoseUnit unit = infusion->dose_unit;
            double dose;

            if (!sp_dose_parse (text, SP_NUMBER_LOCALE, title, (const SpDoseUnit *) (gpointer) units->data,
                                units->len, &infusion->dose_unit, &dose, &unit, &error))
              {
                show_error (self, error->message, row->widget);
                return FALSE;
              }
            infusion->dose = dose;
            infusion->dose_unit = unit;
          }
        else
          {
            SpConcentration conc;

            if (!sp_drug_parse_concentration (drug, text, SP_NUMBER_LOCALE, title, &conc, &error) ||
                !sp_drug_check_concentration (drug, &conc, title, &error))
              {
                show_error (self, error->message, row->widget);
                return FALSE;
              }
            infusion->concentration = conc;
          }
        g_clear_pointer (&event->reason, g_free);
      }
  }
  return TRUE;
}

static void
apply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpCorrectionDialog *self = SP_CORRECTION_DIALOG (widget);
  const SpCaseEntry *target = find_target (self);
  g_autoptr(SpCaseEntry) correction = NULL;
  g_autoptr(GArray) removed = NULL;
  g_autoptr(GError) error = NULL;

  /* said again, or not at all */
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (((CorrectionRow *) g_ptr_array_index (self->rows, i))->widget),
                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->reason_row),
                                 GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->warning_label)))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->correct_button),
                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  if (target == NULL)
    {
      /* the case was replaced under the dialog */
      show_error (self, _("This entry is no longer in the case’s timeline."), NULL);
      return;
    }

  correction = sp_case_entry_new_correction (sp_case_get_timeline (self->sp_case), target);
  removed = g_array_new (FALSE, FALSE, sizeof (guint));
  if (gtk_check_button_get_active (self->in_error_check))
    {
      g_ptr_array_set_size (correction->observations, 0);
      g_ptr_array_set_size (correction->events, 0);
    }
  else
    for (guint i = 0; i < self->rows->len; i++)
      {
        CorrectionRow *row = g_ptr_array_index (self->rows, i);
        gboolean emptied;

        if (!read_row (self, row, correction, &emptied))
          return;
        if (emptied)
          g_array_append_val (removed, row->index);
      }
  /* the rows are in the entry's order: take the emptied ones out from the end */
  for (guint i = removed->len; i-- > 0;)
    g_ptr_array_remove_index (correction->observations, g_array_index (removed, guint, i));

  correction->author = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->author_row)));
  correction->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  /* what the dose panel asks before a dose changes, and what changes now:
   * shown first, recorded on a second press with nothing changed since */
  {
    g_autofree char *changes_now = NULL;
    g_autoptr(GPtrArray) warnings = sp_case_check_correction (self->sp_case, correction,
                                                              &changes_now, &error);
    g_autoptr(GString) questions = g_string_new (NULL);

    if (warnings == NULL)
      {
        show_error (self, error->message,
                    g_error_matches (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_REASON)
                      ? GTK_WIDGET (self->reason_row) : NULL);
        return;
      }
    for (guint i = 0; i < warnings->len; i++)
      g_string_append_printf (questions, "%s%s", questions->len > 0 ? "\n" : "",
                              ((SpEntryWarning *) g_ptr_array_index (warnings, i))->message);
    if (changes_now != NULL)
      g_string_append_printf (questions, "%s%s", questions->len > 0 ? "\n" : "", changes_now);
    if (questions->len > 0 && g_strcmp0 (questions->str, self->confirmed) != 0)
      {
        g_free (self->confirmed);
        self->confirmed = g_strdup (questions->str);
        gtk_label_set_text (self->warning_label, questions->str);
        gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
        gtk_button_set_label (GTK_BUTTON (self->correct_button), _("C_onfirm Correction"));
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->correct_button),
                                        GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                        self->warning_label, NULL, -1);
        gtk_widget_grab_focus (self->correct_button);
        return;
      }
  }

  if (!sp_case_correct (self->sp_case, g_steal_pointer (&correction),
                        gtk_editable_get_text (GTK_EDITABLE (self->author_row)),
                        gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &error))
    {
      show_error (self, error->message, NULL);
      return;
    }
  /* an entry losing the focus as the window goes, not after */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}


/* Shown, the first value to correct has the focus. */
static void
sp_correction_dialog_map (GtkWidget *widget)
{
  SpCorrectionDialog *self = SP_CORRECTION_DIALOG (widget);

  GTK_WIDGET_CLASS (sp_correction_dialog_parent_class)->map (widget);
  if (self->rows->len > 0)
    gtk_widget_grab_focus (((CorrectionRow *) g_ptr_array_index (self->rows, 0))->widget);
}

static void
sp_correction_dialog_dispose (GObject *object)
{
  SpCorrectionDialog *self = SP_CORRECTION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CORRECTION_DIALOG);
  g_clear_object (&self->sp_case);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_correction_dialog_parent_class)->dispose (object);
}

static void
sp_correction_dialog_finalize (GObject *object)
{
  SpCorrectionDialog *self = SP_CORRECTION_DIALOG (object);

  g_free (self->entry_id);
  g_free (self->confirmed);

  G_OBJECT_CLASS (sp_correction_dialog_parent_class)->finalize (object);
}

static void
sp_correction_dialog_class_init (SpCorrectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_correction_dialog_dispose;
  object_class->finalize = sp_correction_dialog_finalize;
  widget_class->map = sp_correction_dialog_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-correction-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, values_list);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, in_error_check);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, SpCorrectionDialog, correct_button);

  gtk_widget_class_install_action (widget_class, "correction.apply", NULL, apply_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sp_correction_dialog_init (SpCorrectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) correction_row_free);

  g_signal_connect_object (self->in_error_check, "toggled", G_CALLBACK (on_in_error_toggled),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->author_row, "entry-activated", G_CALLBACK (on_entry_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reason_row, "entry-activated", G_CALLBACK (on_entry_activated),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_correction_dialog_new (GtkWindow  *parent,
                          SpCase     *sp_case,
                          const char *entry_id)
{
  SpCorrectionDialog *self;
  const SpCaseEntry *entry;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SP_IS_CASE (sp_case), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);

  entry = sp_timeline_lookup (sp_case_get_timeline (sp_case), entry_id);
  if (entry == NULL)
    return NULL;

  self = g_object_new (SP_TYPE_CORRECTION_DIALOG, "transient-for", parent, NULL);
  self->sp_case = g_object_ref (sp_case);
  self->entry_id = g_strdup (entry_id);
  fill (self, entry);
  return GTK_WIDGET (self);
}
