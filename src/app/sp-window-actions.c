/* sp-window-actions.c: the main window's actions (win.*)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Case handling (new / open / save / save as, the unsaved-changes question),
 * printing (win.print: the case summary, win.print-sheet: an infusion's
 * sheet, by drug id, win.print-library-report: the drug library for the
 * pharmacy's sign-off) through the print dialog, win.export-pdf,
 * win.export-sheet-pdf and win.export-library-report to a PDF file, presentation mode and the export for
 * slides. The main menu lists a "Print Infusion Sheet" item per infusion of
 * the case.
 *
 * win.undo (Ctrl+Z) puts back the case before its last change
 * (sp_case_undo ()), win.redo (Shift+Ctrl+Z) what the last undo took back
 * (sp_case_redo ()): a value, a dose, a concentration, an infusion added,
 * stopped or removed. They are enabled from SpCase:can-undo and :can-redo;
 * win.undo is the "Undo" of the dose panel's toasts. The two keys are the
 * window's, in the capture phase (sp_window_undo_key ()): in the form's
 * and the cards' entries they are the case's, as everywhere in the window.
 *
 * A new action: a function here, one line in
 * _sp_window_class_actions_init (), its accelerator in
 * sp-application-actions.c.
 */
#define G_LOG_DOMAIN "sp-window-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-fhir.h"
#include "sp-field-row.h"
#include "sp-file.h"
#include "sp-file-chooser.h"
#include "sp-print-operation.h"
#include "sp-settings.h"
#include "sp-slide-export.h"
#include "sp-window-private.h"

/* --- the case file --------------------------------------------------------- */

static void sp_window_choose_case_file (SpWindow  *self,
                                        gboolean   save,
                                        SpPending  then);
static void sp_window_choose_fhir_bundle (SpWindow *self);

static gboolean
sp_window_save_to (SpWindow *self,
                   GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);

  if (path == NULL || !sp_case_save (self->sp_case, path, &error))
    {
      g_autofree char *heading = g_strdup_printf (_("Could not save “%s”"), name);

      _sp_window_show_error (self, heading,
                             error != NULL ? error->message
                                           : _("Only local files can be saved."));
      return FALSE;
    }

  return TRUE;
}

gboolean
sp_window_open_file (SpWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  name = g_file_get_basename (file);

  if (path == NULL || !sp_case_load (self->sp_case, path, &error))
    {
      g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), name);

      _sp_window_show_error (self, heading,
                             error != NULL ? error->message
                                           : _("Only local files can be opened."));
      return FALSE;
    }

  sp_patient_form_reload (self->patient_form);
  return TRUE;
}

static gboolean
sp_window_close_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Runs what was waiting for the unsaved-changes question. */
static void
sp_window_run_pending (SpWindow  *self,
                       SpPending  pending)
{
  switch (pending)
    {
    case SP_PENDING_NEW:
      _sp_window_new_case (self);
      sp_patient_form_reload (self->patient_form);
      /* The old case's widgets are gone, and the focus with them: the
       * keyboard goes on in the first field. */
      _sp_window_focus_form (self);
      break;

    case SP_PENDING_OPEN:
      sp_window_choose_case_file (self, FALSE, SP_PENDING_NONE);
      break;

    case SP_PENDING_IMPORT_FHIR:
      sp_window_choose_fhir_bundle (self);
      break;

    case SP_PENDING_CLOSE:
      /* Closed from an idle: the question's "response" handler runs inside
       * the dialog, which must not be destroyed with the window under it. */
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, sp_window_close_idle,
                       g_object_ref (self), g_object_unref);
      break;

    case SP_PENDING_NONE:
    default:
      break;
    }
}

static void
sp_window_case_open_chosen (GtkWindow  *parent,
                            GFile      *file,
                            const char *choice,
                            gpointer    user_data)
{
  sp_window_open_file (SP_WINDOW (parent), file);
}

static void
sp_window_case_save_chosen (GtkWindow  *parent,
                            GFile      *file,
                            const char *choice,
                            gpointer    user_data)
{
  SpWindow *self = SP_WINDOW (parent);

  if (sp_window_save_to (self, file))
    sp_window_run_pending (self, GPOINTER_TO_INT (user_data));
}

/* Asks for a case to open, or for a file to save the case to and then run
 * @then. */
static void
sp_window_choose_case_file (SpWindow  *self,
                            gboolean   save,
                            SpPending  then)
{
  const SpFileType types[] = {
    { _("ShockPath cases (XML)"), ".xml", "application/xml" },
  };
  SpFileRequest request = {
    .mode = save ? SP_FILE_CHOOSER_SAVE : SP_FILE_CHOOSER_OPEN,
    .title = save ? _("Save Case") : _("Open Case"),
    .types = types,
    .n_types = G_N_ELEMENTS (types),
    .file = sp_case_get_file (self->sp_case),
    .name = _("case.xml"),
    .near = sp_case_get_file (self->sp_case),
  };

  sp_file_chooser_run (GTK_WINDOW (self), &request,
                       save ? sp_window_case_save_chosen : sp_window_case_open_chosen,
                       GINT_TO_POINTER (then), NULL);
}

/* Saves to the case's file, or asks for one; then runs @then. */
static void
sp_window_save (SpWindow  *self,
                SpPending  then)
{
  GFile *file = sp_case_get_file (self->sp_case);

  if (file == NULL)
    {
      sp_window_choose_case_file (self, TRUE, then);
      return;
    }

  if (sp_window_save_to (self, file))
    {
      _sp_window_toast (self, _("Case saved"));
      sp_window_run_pending (self, then);
    }
}

static void
sp_window_unsaved_response (AdwMessageDialog *dialog,
                            const char       *response,
                            SpWindow         *self)
{
  SpPending pending = self->pending;

  self->pending = SP_PENDING_NONE;

  if (g_strcmp0 (response, "discard") == 0)
    sp_window_run_pending (self, pending);
  else if (g_strcmp0 (response, "save") == 0)
    sp_window_save (self, pending);
}

void
_sp_window_confirm_discard (SpWindow  *self,
                            SpPending  pending)
{
  GtkWidget *dialog;

  g_assert (SP_IS_WINDOW (self));

  if (!sp_case_get_modified (self->sp_case))
    {
      sp_window_run_pending (self, pending);
      return;
    }

  if (self->pending != SP_PENDING_NONE)
    return;   /* already asking */

  self->pending = pending;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"),
                                   _("The case has unsaved changes. "
                                     "Changes that are not saved are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (sp_window_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sp_window_action_new (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _sp_window_confirm_discard (SP_WINDOW (widget), SP_PENDING_NEW);
}

static void
sp_window_action_open (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _sp_window_confirm_discard (SP_WINDOW (widget), SP_PENDING_OPEN);
}

static void
sp_window_action_save (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_window_save (SP_WINDOW (widget), SP_PENDING_NONE);
}

static void
sp_window_action_save_as (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sp_window_choose_case_file (SP_WINDOW (widget), TRUE, SP_PENDING_NONE);
}

/* Ctrl+R: the timeline, with its record popover open. */
static void
sp_window_action_record (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->detail_stack, "timeline");
  sp_timeline_view_open_record (_sp_window_ensure_timeline (self));
}

/* An undo or a redo (@restore) makes the infusion cards anew: the keyboard
 * stays in the part of the drug's card it was in (the dose entry, say), not
 * wherever GTK moves it when the focused card goes. */
static void
sp_window_restore_case (SpWindow *self,
                        gboolean (*restore) (SpCase *sp_case))
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *card = focus != NULL ? gtk_widget_get_ancestor (focus, SP_TYPE_INFUSION_CARD) : NULL;
  g_autofree char *drug_id = NULL;
  const char *part = NULL;

  if (card != NULL)
    {
      drug_id = g_strdup (sp_infusion_get_drug_id (sp_infusion_card_get_infusion (SP_INFUSION_CARD (card))));
      part = sp_infusion_card_get_focus_part (SP_INFUSION_CARD (card));
    }

  restore (self->sp_case);

  if (part != NULL)
    {
      SpInfusion *infusion = sp_case_find_infusion (self->sp_case, drug_id);

      card = infusion != NULL ? GTK_WIDGET (sp_dose_panel_get_card (self->dose_panel, infusion)) : NULL;
      if (card != NULL)
        sp_infusion_card_focus_part (SP_INFUSION_CARD (card), part);
    }
}

static void
sp_window_action_undo (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_window_restore_case (SP_WINDOW (widget), sp_case_undo);
}

static void
sp_window_action_redo (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_window_restore_case (SP_WINDOW (widget), sp_case_redo);
}

static void
sp_window_update_undo (SpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 sp_case_get_can_undo (self->sp_case));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 sp_case_get_can_redo (self->sp_case));
}

/* --- exchange with the hospital record (FHIR) ------------------------------ */

gboolean
sp_window_export_fhir (SpWindow  *self,
                       GFile     *file,
                       GError   **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = sp_case_to_data (self->sp_case);
  return (path = sp_file_get_path_to_write (file, error)) != NULL &&
         (json = sp_fhir_export (data, sp_case_get_drug_library (self->sp_case), error)) != NULL &&
         sp_file_replace (path, json, strlen (json), error);
}

static void
sp_window_fhir_export_chosen (GtkWindow  *parent,
                              GFile      *file,
                              const char *choice,
                              gpointer    user_data)
{
  SpWindow *self = SP_WINDOW (parent);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (!sp_window_export_fhir (self, file, &error))
    {
      /* Translators: an error's heading: "Could not export “case.json”" */
      g_autofree char *heading = g_strdup_printf (_("Could not export “%s”"), name);

      _sp_window_show_error (self, heading, error->message);
      return;
    }

  /* The Bundle holds the timeline: say so when the window shows more. */
  if (sp_case_get_timeline (self->sp_case)->len > 0 && sp_case_has_unrecorded (self->sp_case))
    /* Translators: toast after File > Export as FHIR */
    text = g_strdup_printf (_("Saved “%s”; changes not recorded in the timeline are not in it"),
                            name);
  else
    text = g_strdup_printf (_("Saved “%s”"), name);
  _sp_window_toast (self, text);
}

static void
sp_window_action_export_fhir (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  const SpFileType types[] = {
    { _("FHIR Bundles (JSON)"), ".json", "application/fhir+json" },
  };
  SpFileRequest request = {
    .mode = SP_FILE_CHOOSER_EXPORT,
    .title = _("Export as FHIR"),
    .types = types,
    .n_types = G_N_ELEMENTS (types),
    /* Translators: the suggested file name */
    .name = _("case-fhir.json"),
    .near = sp_case_get_file (self->sp_case),
  };

  sp_file_chooser_run (GTK_WINDOW (self), &request, sp_window_fhir_export_chosen, NULL, NULL);
}

/* What the import did and skipped, for the dialog after it; the values
 * outside the usual range after it. */
static char *
describe_import (const SpFhirImport *import)
{
  g_autofree char *report = sp_fhir_import_report (import, "• ");
  g_autoptr(GString) text = g_string_new (report);

  for (guint i = 0; i < import->warnings->len; i++)
    g_string_append_printf (text, "• %s\n", (const char *) g_ptr_array_index (import->warnings, i));
  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

SpFhirImport *
sp_window_open_fhir_bundle (SpWindow  *self,
                            GFile     *file,
                            GError   **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpFhirImport) import = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be opened."));
      return NULL;
    }
  if (g_stat (path, &st) == 0 && st.st_size > SP_FHIR_MAX_BYTES)
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_PARSE, _("%s: larger than %d MiB; not read"),
                   name, SP_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  data = sp_case_data_new ();
  import = sp_fhir_import (data, contents, (gssize) length, name,
                           sp_case_get_protocol (self->sp_case),
                           sp_case_get_drug_library (self->sp_case), NULL, error);
  if (import == NULL || !sp_case_load_data (self->sp_case, data, name, error))
    return NULL;

  sp_patient_form_reload (self->patient_form);
  return g_steal_pointer (&import);
}

static void
sp_window_fhir_bundle_chosen (GtkWindow  *parent,
                              GFile      *file,
                              const char *choice,
                              gpointer    user_data)
{
  SpWindow *self = SP_WINDOW (parent);
  g_autoptr(SpFhirImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  GtkWidget *dialog;

  import = sp_window_open_fhir_bundle (self, file, &error);
  if (import == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), name);

      _sp_window_show_error (self, heading, error->message);
      return;
    }
  _sp_window_focus_form (self);

  report = describe_import (import);
  /* Translators: the heading of the report after opening a FHIR Bundle */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("FHIR Bundle Opened as a New Case"),
                                   report);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sp_window_choose_fhir_bundle (SpWindow *self)
{
  const SpFileType types[] = {
    { _("FHIR Bundles (JSON)"), ".json", "application/fhir+json" },
  };
  SpFileRequest request = {
    .mode = SP_FILE_CHOOSER_OPEN,
    .title = _("Open FHIR Bundle as New Case"),
    .types = types,
    .n_types = G_N_ELEMENTS (types),
    .near = sp_case_get_file (self->sp_case),
  };

  sp_file_chooser_run (GTK_WINDOW (self), &request, sp_window_fhir_bundle_chosen, NULL, NULL);
}

static void
sp_window_action_import_fhir (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  _sp_window_confirm_discard (SP_WINDOW (widget), SP_PENDING_IMPORT_FHIR);
}

/* --- printing and PDF ------------------------------------------------------- */

/* What is printed or exported: the case summary, an infusion's sheet (by
 * drug id) or the drug library report for the pharmacy's sign-off. */
typedef enum {
  PRINT_SUMMARY,
  PRINT_SHEET,
  PRINT_LIBRARY_REPORT,
} PrintKind;

typedef struct {
  PrintKind   kind;
  const char *drug_id;   /* PRINT_SHEET only */
} PrintTarget;

static const PrintTarget library_report = { PRINT_LIBRARY_REPORT, NULL };

static void
sp_window_show_print_error (SpWindow          *self,
                            const PrintTarget *target,
                            gboolean           export,
                            const GError      *error)
{
  const char *heading;

  if (g_error_matches (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_NO_WEIGHT))
    heading = _("Enter the Patient’s Weight");
  else if (target->kind == PRINT_SHEET)
    heading = export ? _("Could Not Export the Infusion Sheet")
                     : _("Could Not Print the Infusion Sheet");
  else if (target->kind == PRINT_LIBRARY_REPORT)
    heading = export ? _("Could Not Export the Drug Library Report")
                     : _("Could Not Print the Drug Library Report");
  else
    heading = export ? _("Could Not Export the Case Summary")
                     : _("Could Not Print the Case Summary");

  _sp_window_show_error (self, heading, error->message);
}

static SpPrintOperation *
sp_window_new_print_operation (SpWindow          *self,
                               const PrintTarget *target)
{
  switch (target->kind)
    {
    case PRINT_SHEET:
      return sp_print_operation_new_sheet (self->sp_case, target->drug_id);
    case PRINT_LIBRARY_REPORT:
      /* every profile of the library the case uses */
      return sp_print_operation_new_library_report (sp_case_get_drug_library (self->sp_case));
    case PRINT_SUMMARY:
    default:
      return sp_print_operation_new_summary (self->sp_case);
    }
}

static void
sp_window_print_done (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      SpWindow                *self)
{
  SpPrintOperation *op = SP_PRINT_OPERATION (operation);
  const GError *build_error = sp_print_operation_get_build_error (op);
  PrintTarget *target = g_object_get_data (G_OBJECT (operation), "sp-window-target");

  g_object_set_data (G_OBJECT (operation), "sp-window-done", GINT_TO_POINTER (TRUE));

  if (build_error != NULL)
    {
      sp_window_show_print_error (self, target, FALSE, build_error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        sp_window_show_print_error (self, target, FALSE, error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
      g_autoptr(GtkPrintSettings) copy = NULL;

      /* The printer for the session (a copy: the operation goes on changing
       * its own); the page setup (paper, orientation, margins) for the next
       * runs too, and the PDF export's paper. */
      if (settings != NULL)
        copy = gtk_print_settings_copy (settings);
      sp_window_set_print_settings (self, copy);
      sp_print_operation_save_page_setup (self->settings,
                                          gtk_print_operation_get_default_page_setup (operation));
    }
}

static void
print_target_free (PrintTarget *target)
{
  g_free ((char *) target->drug_id);
  g_free (target);
}

static PrintTarget *
print_target_copy (const PrintTarget *target)
{
  PrintTarget *copy = g_new (PrintTarget, 1);

  copy->kind = target->kind;
  copy->drug_id = g_strdup (target->drug_id);
  return copy;
}

static void
sp_window_print (SpWindow          *self,
                 const PrintTarget *target)
{
  g_autoptr(SpPrintOperation) op = sp_window_new_print_operation (self, target);
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  GtkPrintOperationResult result;

  /* Say what is missing before the print dialog opens; begin-print builds
   * the document again from the case as it is then. */
  doc = sp_print_operation_build_document (op, &error);
  if (doc == NULL)
    {
      sp_window_show_print_error (self, target, FALSE, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (op), "sp-window-target", print_target_copy (target),
                          (GDestroyNotify) print_target_free);
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (op), self->print_settings);
  page_setup = sp_print_operation_load_page_setup (self->settings);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (op), page_setup);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (op), TRUE);
  g_signal_connect_object (op, "done", G_CALLBACK (sp_window_print_done), self, 0);

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (op),
                                    GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  /* An error before the run started has no "done" to report it. */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR
      && g_object_get_data (G_OBJECT (op), "sp-window-done") == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                             _("The print system reported an error."));
      sp_window_show_print_error (self, target, FALSE, error);
    }
}

static gboolean
sp_window_export_target (SpWindow           *self,
                         const PrintTarget  *target,
                         GFile              *file,
                         GError            **error)
{
  g_autoptr(SpPrintOperation) op = NULL;
  g_autoptr(SpDocument) doc = NULL;
  g_autofree char *path = NULL;

  path = sp_file_get_path_to_write (file, error);
  if (path == NULL)
    return FALSE;

  op = sp_window_new_print_operation (self, target);
  doc = sp_print_operation_build_document (op, error);
  if (doc == NULL)
    return FALSE;

  /* The paper of the preferences, which the print dialog's page setup sets
   * too. */
  return sp_document_write_pdf (doc, path, sp_settings_get_paper (self->settings), error);
}

gboolean
sp_window_export_pdf (SpWindow    *self,
                      const char  *drug_id,
                      GFile       *file,
                      GError     **error)
{
  PrintTarget target = { drug_id != NULL ? PRINT_SHEET : PRINT_SUMMARY, drug_id };

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return sp_window_export_target (self, &target, file, error);
}

gboolean
sp_window_export_library_report (SpWindow  *self,
                                 GFile     *file,
                                 GError   **error)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return sp_window_export_target (self, &library_report, file, error);
}

static void
sp_window_pdf_chosen (GtkWindow  *parent,
                      GFile      *file,
                      const char *choice,
                      gpointer    user_data)
{
  SpWindow *self = SP_WINDOW (parent);
  const PrintTarget *target = user_data;
  g_autoptr(GError) error = NULL;

  if (sp_window_export_target (self, target, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: toast: "Saved “case-summary.pdf”" */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

      _sp_window_toast (self, text);
    }
  else
    {
      sp_window_show_print_error (self, target, TRUE, error);
    }
}

static void
sp_window_choose_pdf (SpWindow          *self,
                      const PrintTarget *target)
{
  g_autoptr(SpPrintOperation) op = sp_window_new_print_operation (self, target);
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const SpFileType types[] = {
    { _("PDF documents"), ".pdf", "application/pdf" },
  };
  SpFileRequest request = {
    .mode = SP_FILE_CHOOSER_EXPORT,
    .types = types,
    .n_types = G_N_ELEMENTS (types),
    .near = sp_case_get_file (self->sp_case),
  };

  /* A sheet without a weight: say so before asking for a file. */
  doc = sp_print_operation_build_document (op, &error);
  if (doc == NULL)
    {
      sp_window_show_print_error (self, target, TRUE, error);
      return;
    }

  switch (target->kind)
    {
    case PRINT_SHEET:
      request.title = _("Export Infusion Sheet as PDF");
      /* Translators: the suggested file name: "infusion-sheet-dobutamine.pdf" */
      name = g_strdup_printf (_("infusion-sheet-%s.pdf"), target->drug_id);
      break;
    case PRINT_LIBRARY_REPORT:
      request.title = _("Export Drug Library Report as PDF");
      name = g_strdup (_("drug-library-report.pdf"));
      break;
    case PRINT_SUMMARY:
    default:
      request.title = _("Export Case Summary as PDF");
      name = g_strdup (_("case-summary.pdf"));
      break;
    }
  request.name = name;

  sp_file_chooser_run (GTK_WINDOW (self), &request, sp_window_pdf_chosen,
                       print_target_copy (target), (GDestroyNotify) print_target_free);
}

/* The six print actions, one handler: win.print and win.export-pdf (the
 * case summary), win.print-sheet and win.export-sheet-pdf (with a drug id:
 * that infusion's sheet), win.print-library-report and
 * win.export-library-report; "print" ones open the print dialog, the
 * others ask for a PDF file. */
static void
sp_window_action_print (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PrintTarget target = { PRINT_SUMMARY, NULL };

  if (g_str_has_suffix (action_name, "library-report"))
    target = library_report;
  else if (parameter != NULL)
    {
      target.kind = PRINT_SHEET;
      target.drug_id = g_variant_get_string (parameter, NULL);
    }

  if (g_str_has_prefix (action_name, "win.print"))
    sp_window_print (SP_WINDOW (widget), &target);
  else
    sp_window_choose_pdf (SP_WINDOW (widget), &target);
}

/* The main menu's "Print Infusion Sheet" submenu: one item per infusion,
 * shown only while the case has one. */
static void
sp_window_update_sheet_menu (SpWindow *self)
{
  GListModel *infusions = sp_case_get_infusions (self->sp_case);
  guint n_items = g_list_model_get_n_items (infusions);
  gboolean shown = g_menu_model_get_n_items (G_MENU_MODEL (self->print_section)) > 2;

  g_menu_remove_all (self->sheet_menu);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (infusions, i);
      g_autoptr(GMenuItem) item = NULL;

      item = g_menu_item_new (sp_drug_get_display_name (sp_infusion_get_drug (infusion)), NULL);
      g_menu_item_set_action_and_target_value (item, "win.print-sheet",
                                               g_variant_new_string (sp_infusion_get_drug_id (infusion)));
      g_menu_append_item (self->sheet_menu, item);
    }

  if (n_items > 0 && !shown)
    g_menu_insert_submenu (self->print_section, 1, _("Print Infusion _Sheet"),
                           G_MENU_MODEL (self->sheet_menu));
  else if (n_items == 0 && shown)
    g_menu_remove (self->print_section, 1);
}

/* --- presentation, slides, the site bar ------------------------------------ */

SpPresentationWindow *
sp_window_present_case (SpWindow *self)
{
  SpPresentationWindow *presentation;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  presentation = sp_presentation_window_new (GTK_WINDOW (self), self->sp_case);
  gtk_window_present (GTK_WINDOW (presentation));
  return presentation;
}

static void
sp_window_action_present (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sp_window_present_case (SP_WINDOW (widget));
}

static void
sp_window_action_export_flowchart (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  sp_slide_export_run (GTK_WINDOW (self), self->toast_overlay, self->sp_case, _("flowchart"));
}

/* --- keyboard --------------------------------------------------------------- */

static void
sp_window_action_cycle_panes (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  _sp_window_cycle_panes (SP_WINDOW (widget), g_variant_get_int32 (parameter));
}

/* Escape, after the focused widget (a field clears itself, a menu closes
 * itself): a side pane shown over the flowchart goes back aside. */
static void
sp_window_action_hide_pane (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  _sp_window_hide_pane (SP_WINDOW (widget));
}

/* Ctrl+D: the dose panel (shown if moved aside) with its "Add Drug" menu
 * open; the drug chosen gets a card with the focus in its dose entry. */
static void
sp_window_action_add_drug (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _sp_window_add_drug (SP_WINDOW (widget));
}

static void
sp_window_action_dismiss_site_error (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (SP_WINDOW (widget)->site_revealer, FALSE);
}

/* --- setup ----------------------------------------------------------------- */

void
_sp_window_class_actions_init (SpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, sp_window_action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, sp_window_action_open);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, sp_window_action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, sp_window_action_save_as);
  gtk_widget_class_install_action (widget_class, "win.export-fhir", NULL,
                                   sp_window_action_export_fhir);
  gtk_widget_class_install_action (widget_class, "win.import-fhir", NULL,
                                   sp_window_action_import_fhir);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, sp_window_action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, sp_window_action_redo);
  /* Ctrl+Z: _sp_window_actions_init () */
  gtk_widget_class_install_action (widget_class, "win.record", NULL, sp_window_action_record);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.record", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.print-sheet", "s",
                                   sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL,
                                   sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.export-sheet-pdf", "s",
                                   sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.print-library-report", NULL,
                                   sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.export-library-report", NULL,
                                   sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.dismiss-site-error", NULL,
                                   sp_window_action_dismiss_site_error);
  /* F6 and Shift+F6: _sp_window_actions_init () */
  gtk_widget_class_install_action (widget_class, "win.cycle-panes", "i",
                                   sp_window_action_cycle_panes);
  gtk_widget_class_install_action (widget_class, "win.hide-pane", NULL,
                                   sp_window_action_hide_pane);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.hide-pane", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-drug", NULL,
                                   sp_window_action_add_drug);
  gtk_widget_class_install_action (widget_class, "win.present", NULL,
                                   sp_window_action_present);
  gtk_widget_class_install_action (widget_class, "win.export-flowchart", NULL,
                                   sp_window_action_export_flowchart);
}

/* Once the window has its case (and each time it has another one): what
 * enables the actions and fills the menu follows it. */
static void
add_cycle_panes_key (GtkShortcutController *controller,
                     GdkModifierType        modifiers,
                     int                    step)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, modifiers),
                                            gtk_named_action_new ("win.cycle-panes"));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (step));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Ctrl+Z and Shift+Ctrl+Z (@data: "win.undo" or "win.redo"), before the
 * focused widget: the case's undo and redo. The form's and the dose cards'
 * entries keep no text history of their own (enable-undo false) but a
 * GtkText still takes the keys; an entry that does keep one (a dialog's
 * text) has them. A field being typed in applies its text first, so that
 * the whole edit is undone, not what was left of it (and a redo after it
 * has nothing to redo: the typing was a change of its own). */
static gboolean
sp_window_undo_key (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   data)
{
  SpWindow *self = SP_WINDOW (widget);
  const char *action = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, SP_TYPE_FIELD_ROW) : NULL;

  if (GTK_IS_EDITABLE (focus) && gtk_editable_get_enable_undo (GTK_EDITABLE (focus)))
    return FALSE;
  if (row != NULL)
    sp_field_row_apply (SP_FIELD_ROW (row));
  if (!(g_str_equal (action, "win.redo") ? sp_case_get_can_redo (self->sp_case)
                                         : sp_case_get_can_undo (self->sp_case)))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

/* Ctrl+Z (@modifiers 0) or Shift+Ctrl+Z, for @action (sp_window_undo_key ()). */
static void
add_undo_key (GtkShortcutController *controller,
              GdkModifierType        modifiers,
              const char            *action)
{
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK | modifiers);

  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (trigger,
                                                          gtk_callback_action_new (sp_window_undo_key,
                                                                                   (gpointer) action,
                                                                                   NULL)));
}

void
_sp_window_actions_init (SpWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* F6 in the capture phase: the panes' GtkPaned binds F6 itself (to move
   * between its two children), and would otherwise keep the focus going
   * between the flowchart and the details, never to the dose panel. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_cycle_panes_key (GTK_SHORTCUT_CONTROLLER (controller), 0, 1);
  add_cycle_panes_key (GTK_SHORTCUT_CONTROLLER (controller), GDK_SHIFT_MASK, -1);
  add_undo_key (GTK_SHORTCUT_CONTROLLER (controller), 0, "win.undo");
  add_undo_key (GTK_SHORTCUT_CONTROLLER (controller), GDK_SHIFT_MASK, "win.redo");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_sp_window_actions_follow_case (SpWindow *self)
{
  g_assert (SP_IS_WINDOW (self));
  g_assert (SP_IS_CASE (self->sp_case));

  g_signal_connect_object (self->sp_case, "notify::can-undo",
                           G_CALLBACK (sp_window_update_undo), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sp_case, "notify::can-redo",
                           G_CALLBACK (sp_window_update_undo), self, G_CONNECT_SWAPPED);
  sp_window_update_undo (self);

  if (self->sheet_menu == NULL)
    self->sheet_menu = g_menu_new ();
  g_signal_connect_object (sp_case_get_infusions (self->sp_case), "items-changed",
                           G_CALLBACK (sp_window_update_sheet_menu), self, G_CONNECT_SWAPPED);
  sp_window_update_sheet_menu (self);
}
