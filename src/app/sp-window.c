/* sp-window.c: the main window: one case, its form, flowchart, doses and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns one SpCase and hands it to its views; they bind to the
 * case's model and never compute anything clinical themselves. Case handling
 * (new / open / save / save as, the unsaved-changes question) lives here as
 * window actions, and so is printing: win.print (the case summary),
 * win.print-sheet (an infusion's sheet, by drug id) through the print dialog,
 * win.export-pdf and win.export-sheet-pdf to a PDF file. The main menu lists a
 * "Print Infusion Sheet" item per infusion of the case.
 *
 * win.undo (Ctrl+Z) puts back the case before its last change
 * (sp_case_undo ()): a value, a dose, a concentration, an infusion added,
 * stopped or removed. It is enabled from SpCase:can-undo and is the "Undo"
 * of the dose panel's toasts. Ctrl+Z is a binding of the window, not an
 * application accelerator: those are handled before the focused widget, and
 * an entry with typed text must keep Ctrl+Z for undoing its own text; the
 * window's binding gets the key when the entry has nothing to undo.
 *
 * The protocol and drug library are the site's when there are site files
 * (sp-site.h; the paths set in the preferences come first), read once when
 * the window opens; a refused site file shows a bar at the top of the
 * window until dismissed, and the shipped data is used. The window's size
 * and maximized state are restored from GSettings and saved on close.
 */
#define G_LOG_DOMAIN "sp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-alerts-view.h"
#include "sp-dose-panel.h"
#include "sp-flowchart.h"
#include "sp-patient-form.h"
#include "sp-preferences-window.h"
#include "sp-presentation-window.h"
#include "sp-print-operation.h"
#include "sp-settings.h"
#include "sp-site.h"
#include "sp-slide-export.h"
#include "sp-timeline-view.h"
#include "sp-window.h"

/* What to do once the user has decided about unsaved changes. */
typedef enum {
  SP_PENDING_NONE,
  SP_PENDING_NEW,
  SP_PENDING_OPEN,
  SP_PENDING_CLOSE,
} SpPending;

struct _SpWindow
{
  AdwApplicationWindow parent_instance;

  SpCase              *sp_case;
  GSettings           *settings;
  SpSiteStatus        *drugs_status;     /* where the data in use comes from */
  SpSiteStatus        *protocol_status;
  SpPending            pending;
  gboolean             close_confirmed;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkRevealer         *site_revealer;    /* a refused site file */
  GtkLabel            *site_label;
  AdwWindowTitle      *window_title;
  SpPatientForm       *patient_form;
  SpFlowchart         *flowchart;
  SpAlertsView        *alerts_view;
  GtkStack            *detail_stack;
  SpTimelineView      *timeline_view;
  SpDosePanel         *dose_panel;
  GtkLabel            *disclaimer_label;
  GMenu               *print_section;

  GMenu               *sheet_menu;       /* "Print Infusion Sheet": one per infusion */
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

static void sp_window_choose_file (SpWindow  *self,
                                   gboolean   save,
                                   SpPending  then);

static void
sp_window_update_title (SpWindow *self)
{
  GFile *file = sp_case_get_file (self->sp_case);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  const char *subtitle;

  if (file != NULL)
    name = g_file_get_basename (file);
  else
    name = g_strdup (_("New Case"));

  if (sp_case_get_modified (self->sp_case))
    /* Translators: "•" marks a case with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_strdup (name);

  /* A teaching case's lecture title comes in the user's language. */
  subtitle = sp_case_get_teaching_title (self->sp_case);
  if (subtitle == NULL)
    subtitle = sp_case_get_title (self->sp_case);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  /* Translators: window title: "case file name — ShockPath" */
  window_title = g_strdup_printf (_("%s — ShockPath"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
sp_window_show_error (SpWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sp_window_toast (SpWindow   *self,
                 const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

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

      sp_window_show_error (self, heading,
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

      sp_window_show_error (self, heading,
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
      sp_case_reset (self->sp_case);
      sp_patient_form_reload (self->patient_form);
      break;

    case SP_PENDING_OPEN:
      sp_window_choose_file (self, FALSE, SP_PENDING_NONE);
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
sp_window_file_chosen (SpWindow  *self,
                       GFile     *file,
                       gboolean   save,
                       SpPending  then)
{
  if (save)
    {
      if (sp_window_save_to (self, file))
        sp_window_run_pending (self, then);
    }
  else
    {
      sp_window_open_file (self, file);
    }
}

#if GTK_CHECK_VERSION (4, 10, 0) && defined (GDK_VERSION_4_10) \
    && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
# define SP_USE_FILE_DIALOG 1
#endif

typedef struct {
  SpWindow  *window;
  gboolean   save;
  SpPending  then;
} ChooseData;

#ifdef SP_USE_FILE_DIALOG
static void
sp_window_file_dialog_done (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  ChooseData *data = user_data;
  g_autoptr(GFile) file = NULL;

  if (data->save)
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    sp_window_file_chosen (data->window, file, data->save, data->then);

  g_object_unref (data->window);
  g_free (data);
}
#else
static void
sp_window_native_response (GtkNativeDialog *native,
                           int              response,
                           gpointer         user_data)
{
  ChooseData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        sp_window_file_chosen (data->window, file, data->save, data->then);
    }

  g_object_unref (data->window);
  g_free (data);
  g_object_unref (native);
}
#endif

static GtkFileFilter *
sp_window_case_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("ShockPath cases (XML)"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_mime_type (filter, "application/xml");
  return filter;
}

static void
sp_window_choose_file (SpWindow  *self,
                       gboolean   save,
                       SpPending  then)
{
  ChooseData *data = g_new0 (ChooseData, 1);
  g_autoptr(GtkFileFilter) filter = sp_window_case_filter ();

  data->window = g_object_ref (self);
  data->save = save;
  data->then = then;

#ifdef SP_USE_FILE_DIALOG
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_default_filter (dialog, filter);
    if (save)
      {
        gtk_file_dialog_set_title (dialog, _("Save Case"));
        gtk_file_dialog_set_initial_name (dialog, _("case.xml"));
        gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL,
                              sp_window_file_dialog_done, data);
      }
    else
      {
        gtk_file_dialog_set_title (dialog, _("Open Case"));
        gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL,
                              sp_window_file_dialog_done, data);
      }
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (save ? _("Save Case") : _("Open Case"),
                                          GTK_WINDOW (self),
                                          save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                          save ? _("_Save") : _("_Open"),
                                          _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    if (save)
      {
        GFile *current = sp_case_get_file (self->sp_case);

        if (current != NULL)
          gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), current, NULL);
        else
          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("case.xml"));
      }
    g_signal_connect (native, "response", G_CALLBACK (sp_window_native_response), data);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* Saves to the case's file, or asks for one; then runs @then. */
static void
sp_window_save (SpWindow  *self,
                SpPending  then)
{
  GFile *file = sp_case_get_file (self->sp_case);

  if (file == NULL)
    {
      sp_window_choose_file (self, TRUE, then);
      return;
    }

  if (sp_window_save_to (self, file))
    {
      sp_window_toast (self, _("Case saved"));
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

/* Runs @pending at once when the case has no unsaved changes, else asks. */
static void
sp_window_confirm_discard (SpWindow  *self,
                           SpPending  pending)
{
  GtkWidget *dialog;

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
  sp_window_confirm_discard (SP_WINDOW (widget), SP_PENDING_NEW);
}

static void
sp_window_action_open (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_window_confirm_discard (SP_WINDOW (widget), SP_PENDING_OPEN);
}

static void
sp_window_action_save (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_window_save (SP_WINDOW (widget), SP_PENDING_NONE);
}

/* Ctrl+R: the timeline, with its record popover open. */
static void
sp_window_action_record (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->detail_stack, "timeline");
  sp_timeline_view_open_record (self->timeline_view);
}

static void
sp_window_action_undo (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sp_case_undo (SP_WINDOW (widget)->sp_case);
}

static void
sp_window_update_undo (SpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 sp_case_get_can_undo (self->sp_case));
}

static void
sp_window_action_save_as (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sp_window_choose_file (SP_WINDOW (widget), TRUE, SP_PENDING_NONE);
}

static void
sp_window_save_size (SpWindow *self)
{
  int width;
  int height;

  /* The default size follows the user's resizing, and is the size the
   * window comes back to when unmaximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
sp_window_restore_size (SpWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  /* Below the template's size request GTK keeps the request. */
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);

  if (self->close_confirmed || !sp_case_get_modified (self->sp_case))
    {
      sp_window_save_size (self);
      return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
    }

  sp_window_confirm_discard (self, SP_PENDING_CLOSE);
  return TRUE;
}

/* Where the protocol or drug library in use comes from, and a refused site
 * file, for the About window. */
static void
append_in_use (GString            *out,
               const SpSiteStatus *status)
{
  if (status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append (out, _("In use: shipped with ShockPath."));
  else
    /* Translators: "In use: the site file /etc/shockpath/drugs.xml." */
    g_string_append_printf (out, _("In use: the site file %s."), status->path);
  g_string_append_c (out, '\n');

  if (status->refused_message != NULL)
    {
      /* Translators: "Refused site file: /etc/shockpath/drugs.xml:12: reason" */
      g_string_append_printf (out, _("Refused site file: %s"), status->refused_message);
      g_string_append_c (out, '\n');
    }
}

/* The data in use, for the About window's details and debugging
 * information: "Drug library: NAME, version V, from the site file PATH." */
static char *
sp_window_describe_data (SpWindow *self)
{
  SpProtocol *protocol = sp_case_get_protocol (self->sp_case);
  SpDrugLibrary *drugs = sp_case_get_drug_library (self->sp_case);
  GString *out = g_string_new (NULL);
  const SpSiteStatus *statuses[] = { self->drugs_status, self->protocol_status };

  if (self->drugs_status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append_printf (out, _("Drug library: %s, version %s, shipped with ShockPath."),
                            sp_drug_library_get_name (drugs), sp_drug_library_get_version (drugs));
  else
    /* Translators: "Drug library: Ward 5 library, version 2, from the site file /etc/shockpath/drugs.xml." */
    g_string_append_printf (out, _("Drug library: %s, version %s, from the site file %s."),
                            sp_drug_library_get_name (drugs), sp_drug_library_get_version (drugs),
                            self->drugs_status->path);
  g_string_append_c (out, '\n');

  if (self->protocol_status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append_printf (out, _("Protocol: %s, version %s, shipped with ShockPath."),
                            sp_protocol_get_name (protocol), sp_protocol_get_version (protocol));
  else
    g_string_append_printf (out, _("Protocol: %s, version %s, from the site file %s."),
                            sp_protocol_get_name (protocol), sp_protocol_get_version (protocol),
                            self->protocol_status->path);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i]->refused_message != NULL)
      {
        g_string_append_c (out, '\n');
        g_string_append_printf (out, _("Refused site file: %s"), statuses[i]->refused_message);
      }

  return g_string_free (out, FALSE);
}

void
sp_window_show_about (SpWindow *self)
{
  SpProtocol *protocol;
  SpDrugLibrary *drugs;
  GtkWidget *about;
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(GString) library = g_string_new (NULL);
  g_autofree char *sources_markup = NULL;
  g_autofree char *library_markup = NULL;
  g_autofree char *data = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *comments_markup = NULL;
  const char * const *ids;

  g_return_if_fail (SP_IS_WINDOW (self));

  protocol = sp_case_get_protocol (self->sp_case);
  drugs = sp_case_get_drug_library (self->sp_case);

  g_string_append_printf (sources, _("Protocol: %s, version %s.\nSource: %s\n\n"),
                          sp_protocol_get_name (protocol),
                          sp_protocol_get_version (protocol),
                          sp_protocol_get_source (protocol));
  append_in_use (sources, self->protocol_status);
  g_string_append_c (sources, '\n');
  for (guint i = 0; i < sp_protocol_get_n_references (protocol); i++)
    {
      const SpReference *ref = sp_protocol_get_reference (protocol, i);

      g_string_append_printf (sources, "[%s] %s\n", ref->id, ref->text);
    }

  g_string_append_printf (library, _("%s, version %s.\n"),
                          sp_drug_library_get_name (drugs),
                          sp_drug_library_get_version (drugs));
  if (sp_drug_library_get_description (drugs) != NULL)
    g_string_append_printf (library, "%s\n", sp_drug_library_get_description (drugs));
  if (sp_drug_library_is_default (drugs))
    g_string_append_printf (library, "%s\n",
                            _("The dose limits are the shipped defaults: "
                              "the site pharmacy sets its own."));
  append_in_use (library, self->drugs_status);
  g_string_append (library, "\n");
  ids = sp_drug_library_get_reference_ids (drugs);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_string_append_printf (library, "[%s] %s\n", ids[i],
                            sp_drug_library_get_reference (drugs, ids[i]));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self,
                        "modal", TRUE,
                        "application-name", _("ShockPath"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The ShockPath contributors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* The details page: the disclaimer, then which data is in use (Pango
   * markup: a path or a library name may hold "&"). */
  data = sp_window_describe_data (self);
  comments = g_strdup_printf ("%s\n\n%s", sp_protocol_get_disclaimer (protocol), data);
  comments_markup = g_markup_escape_text (comments, -1);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about), comments_markup);
  adw_about_window_set_debug_info (ADW_ABOUT_WINDOW (about), data);
  /* A custom licence text is Pango markup: the references are plain text
   * ("Board & Editors"). */
  sources_markup = g_markup_escape_text (sources->str, -1);
  library_markup = g_markup_escape_text (library->str, -1);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Clinical Content"), NULL,
                                      GTK_LICENSE_CUSTOM, sources_markup);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Drug Library"), NULL,
                                      GTK_LICENSE_CUSTOM, library_markup);
  gtk_window_present (GTK_WINDOW (about));
}

/* --- printing ------------------------------------------------------------- */

static void
sp_window_show_print_error (SpWindow     *self,
                            const char   *drug_id,
                            gboolean      export,
                            const GError *error)
{
  const char *heading;

  if (g_error_matches (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_NO_WEIGHT))
    heading = _("Enter the Patient’s Weight");
  else if (drug_id != NULL)
    heading = export ? _("Could Not Export the Infusion Sheet")
                     : _("Could Not Print the Infusion Sheet");
  else
    heading = export ? _("Could Not Export the Case Summary")
                     : _("Could Not Print the Case Summary");

  sp_window_show_error (self, heading, error->message);
}

static SpApplication *
sp_window_get_sp_application (SpWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return SP_IS_APPLICATION (app) ? SP_APPLICATION (app) : NULL;
}

/* The paper of the preferences, which the print dialog's page setup sets
 * too. */
static SpPaper
sp_window_get_paper (SpWindow *self)
{
  return sp_settings_get_paper (self->settings);
}

static SpPrintOperation *
sp_window_new_print_operation (SpWindow   *self,
                               const char *drug_id)
{
  if (drug_id != NULL)
    return sp_print_operation_new_sheet (self->sp_case, drug_id);
  return sp_print_operation_new_summary (self->sp_case);
}

static void
sp_window_print_done (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      SpWindow                *self)
{
  SpPrintOperation *op = SP_PRINT_OPERATION (operation);
  const GError *build_error = sp_print_operation_get_build_error (op);
  SpApplication *app = sp_window_get_sp_application (self);

  g_object_set_data (G_OBJECT (operation), "sp-window-done", GINT_TO_POINTER (TRUE));

  if (build_error != NULL)
    {
      sp_window_show_print_error (self, sp_print_operation_get_drug_id (op), FALSE, build_error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        sp_window_show_print_error (self, sp_print_operation_get_drug_id (op), FALSE, error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      /* The printer for the session; the page setup (paper, orientation,
       * margins) for the next runs too, and the PDF export's paper. */
      if (app != NULL)
        sp_application_set_print_settings (app, gtk_print_operation_get_print_settings (operation));
      sp_print_operation_save_page_setup (self->settings,
                                          gtk_print_operation_get_default_page_setup (operation));
    }
}

static void
sp_window_print (SpWindow   *self,
                 const char *drug_id)
{
  g_autoptr(SpPrintOperation) op = sp_window_new_print_operation (self, drug_id);
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  SpApplication *app = sp_window_get_sp_application (self);
  g_autoptr(GtkPageSetup) page_setup = NULL;
  GtkPrintOperationResult result;

  /* Say what is missing before the print dialog opens; begin-print builds
   * the document again from the case as it is then. */
  doc = sp_print_operation_build_document (op, &error);
  if (doc == NULL)
    {
      sp_window_show_print_error (self, drug_id, FALSE, error);
      return;
    }

  if (app != NULL && sp_application_get_print_settings (app) != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (op),
                                            sp_application_get_print_settings (app));
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
      sp_window_show_print_error (self, drug_id, FALSE, error);
    }
}

gboolean
sp_window_export_pdf (SpWindow    *self,
                      const char  *drug_id,
                      GFile       *file,
                      GError     **error)
{
  g_autoptr(SpPrintOperation) op = NULL;
  g_autoptr(SpDocument) doc = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be written."));
      return FALSE;
    }

  op = sp_window_new_print_operation (self, drug_id);
  doc = sp_print_operation_build_document (op, error);
  if (doc == NULL)
    return FALSE;

  return sp_document_write_pdf (doc, path, sp_window_get_paper (self), error);
}

typedef struct {
  SpWindow *window;
  char     *drug_id;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->window);
  g_free (data->drug_id);
  g_free (data);
}

static void
sp_window_export_response (GtkNativeDialog *native,
                           int              response,
                           gpointer         user_data)
{
  ExportData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;

      if (file != NULL && sp_window_export_pdf (data->window, data->drug_id, file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: toast: "Saved “case-summary.pdf”" */
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          sp_window_toast (data->window, text);
        }
      else if (error != NULL)
        {
          sp_window_show_print_error (data->window, data->drug_id, TRUE, error);
        }
    }

  export_data_free (data);
  g_object_unref (native);
}

static void
sp_window_choose_pdf (SpWindow   *self,
                      const char *drug_id)
{
  g_autoptr(SpPrintOperation) op = sp_window_new_print_operation (self, drug_id);
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;
  ExportData *data;

  /* A sheet without a weight: say so before asking for a file. */
  doc = sp_print_operation_build_document (op, &error);
  if (doc == NULL)
    {
      sp_window_show_print_error (self, drug_id, TRUE, error);
      return;
    }

  if (drug_id != NULL)
    /* Translators: the suggested file name: "infusion-sheet-dobutamine.pdf" */
    name = g_strdup_printf (_("infusion-sheet-%s.pdf"), drug_id);
  else
    name = g_strdup (_("case-summary.pdf"));

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_mime_type (filter, "application/pdf");

  native = gtk_file_chooser_native_new (drug_id != NULL ? _("Export Infusion Sheet as PDF")
                                                        : _("Export Case Summary as PDF"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  data = g_new0 (ExportData, 1);
  data->window = g_object_ref (self);
  data->drug_id = g_strdup (drug_id);
  g_signal_connect (native, "response", G_CALLBACK (sp_window_export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
sp_window_action_print (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sp_window_print (SP_WINDOW (widget), NULL);
}

static void
sp_window_action_print_sheet (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  sp_window_print (SP_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
sp_window_action_export_pdf (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  sp_window_choose_pdf (SP_WINDOW (widget), NULL);
}

static void
sp_window_action_export_sheet_pdf (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  sp_window_choose_pdf (SP_WINDOW (widget), g_variant_get_string (parameter, NULL));
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

/* --- site files and preferences -------------------------------------------- */

/* One paragraph of the bar: what was refused, the file, the line and what is
 * wrong, and that the shipped data is used. */
static void
append_refusal (GString            *markup,
                const SpSiteStatus *status)
{
  g_autofree char *heading = NULL;
  g_autofree char *file = NULL;
  g_autofree char *problem = NULL;

  if (status == NULL || status->refused_path == NULL)
    return;

  if (markup->len > 0)
    g_string_append (markup, "\n\n");

  heading = g_markup_escape_text (status->kind == SP_SITE_PROTOCOL
                                  ? _("The site protocol was refused: ShockPath uses the shipped protocol.")
                                  : _("The site drug library was refused: ShockPath uses the shipped drug library."),
                                  -1);
  /* Translators: the refused site file in the bar: "File: /etc/shockpath/drugs.xml" */
  file = g_markup_printf_escaped (_("File: %s"), status->refused_path);
  if (status->refused_line > 0)
    /* Translators: "Line 44: Type decimal doesn't allow value 'three'" */
    problem = g_markup_printf_escaped (_("Line %d: %s"), status->refused_line,
                                       status->refused_reason);
  else
    /* Translators: "Problem: No such file or directory" */
    problem = g_markup_printf_escaped (_("Problem: %s"), status->refused_reason);

  g_string_append_printf (markup, "<b>%s</b>\n%s\n%s", heading, file, problem);
}

static void
sp_window_update_site_bar (SpWindow *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  append_refusal (markup, self->drugs_status);
  append_refusal (markup, self->protocol_status);

  gtk_label_set_markup (self->site_label, markup->str);
  gtk_revealer_set_reveal_child (self->site_revealer, markup->len > 0);
}

static void
sp_window_action_dismiss_site_error (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (SP_WINDOW (widget)->site_revealer, FALSE);
}

void
sp_window_show_preferences (SpWindow *self)
{
  SpPreferencesWindow *preferences;

  g_return_if_fail (SP_IS_WINDOW (self));

  preferences = sp_preferences_window_new (GTK_WINDOW (self), self->settings,
                                           sp_case_get_drug_library (self->sp_case),
                                           sp_case_get_protocol (self->sp_case),
                                           self->drugs_status, self->protocol_status);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The protocol and drug library: the site's, else the shipped ones. */
static void
sp_window_load_data (SpWindow       *self,
                     SpProtocol    **out_protocol,
                     SpDrugLibrary **out_drugs)
{
  g_autofree char *drugs_path = g_settings_get_string (self->settings, "site-drug-library");
  g_autofree char *protocol_path = g_settings_get_string (self->settings, "site-protocol");
  SpSiteLookup drugs_lookup = { drugs_path, NULL, NULL };
  SpSiteLookup protocol_lookup = { protocol_path, NULL, NULL };
  const SpSiteStatus *statuses[2];
  g_autoptr(GError) error = NULL;

  /* The shipped protocol and drug library are compiled in and validated by
   * the core's tests: failing to read them is a broken build. */
  *out_protocol = sp_site_load_protocol (&protocol_lookup, &self->protocol_status, &error);
  if (*out_protocol == NULL)
    g_error ("The shipped protocol cannot be read: %s", error->message);
  *out_drugs = sp_site_load_drug_library (&drugs_lookup, &self->drugs_status, &error);
  if (*out_drugs == NULL)
    g_error ("The shipped drug library cannot be read: %s", error->message);

  /* For the system journal, where IT looks. */
  statuses[0] = self->protocol_status;
  statuses[1] = self->drugs_status;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *refusal = sp_site_status_describe_refusal (statuses[i]);

      if (refusal != NULL)
        g_message ("%s", refusal);
    }
}

/* Presentation mode (F5, F11): a full-screen window of its own. */
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

SpCase *
sp_window_get_case (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->sp_case;
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_WINDOW);
  g_clear_object (&self->sp_case);
  g_clear_object (&self->sheet_menu);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->drugs_status, sp_site_status_free);
  g_clear_pointer (&self->protocol_status, sp_site_status_free);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;
  window_class->close_request = sp_window_close_request;

  sp_application_ensure_resources ();
  g_type_ensure (SP_TYPE_PATIENT_FORM);
  g_type_ensure (SP_TYPE_ALERTS_VIEW);
  g_type_ensure (SP_TYPE_TIMELINE_VIEW);
  g_type_ensure (SP_TYPE_FLOWCHART);
  g_type_ensure (SP_TYPE_DOSE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, site_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, site_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, patient_form);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, flowchart);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, alerts_view);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, dose_panel);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, disclaimer_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, print_section);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, sp_window_action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, sp_window_action_open);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, sp_window_action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, sp_window_action_save_as);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, sp_window_action_undo);
  /* Bubble phase, after the focused entry's own Ctrl+Z (see above). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "win.undo", NULL);
  gtk_widget_class_install_action (widget_class, "win.record", NULL, sp_window_action_record);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.record", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, sp_window_action_print);
  gtk_widget_class_install_action (widget_class, "win.print-sheet", "s",
                                   sp_window_action_print_sheet);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL,
                                   sp_window_action_export_pdf);
  gtk_widget_class_install_action (widget_class, "win.export-sheet-pdf", "s",
                                   sp_window_action_export_sheet_pdf);
  gtk_widget_class_install_action (widget_class, "win.dismiss-site-error", NULL,
                                   sp_window_action_dismiss_site_error);
  gtk_widget_class_install_action (widget_class, "win.present", NULL,
                                   sp_window_action_present);
  gtk_widget_class_install_action (widget_class, "win.export-flowchart", NULL,
                                   sp_window_action_export_flowchart);
}

static void
sp_window_init (SpWindow *self)
{
  g_autoptr(SpProtocol) protocol = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  sp_window_restore_size (self);

  sp_window_load_data (self, &protocol, &drugs);
  sp_window_update_site_bar (self);

  self->sp_case = sp_case_new (protocol, drugs);

  gtk_label_set_text (self->disclaimer_label, sp_protocol_get_disclaimer (protocol));

  sp_patient_form_set_case (self->patient_form, self->sp_case);
  sp_flowchart_set_case (self->flowchart, self->sp_case);
  sp_alerts_view_set_case (self->alerts_view, self->sp_case);
  sp_timeline_view_set_case (self->timeline_view, self->sp_case);
  sp_dose_panel_set_case (self->dose_panel, self->sp_case);
  sp_dose_panel_set_settings (self->dose_panel, self->settings);

  g_signal_connect_object (self->sp_case, "notify::modified",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sp_case, "notify::file",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sp_case, "notify::title",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  sp_window_update_title (self);
  g_signal_connect_object (self->sp_case, "notify::can-undo",
                           G_CALLBACK (sp_window_update_undo), self, G_CONNECT_SWAPPED);
  sp_window_update_undo (self);

  self->sheet_menu = g_menu_new ();
  g_signal_connect_object (sp_case_get_infusions (self->sp_case), "items-changed",
                           G_CALLBACK (sp_window_update_sheet_menu), self, G_CONNECT_SWAPPED);
  sp_window_update_sheet_menu (self);
}

SpWindow *
sp_window_new (SpApplication *app)
{
  return g_object_new (SP_TYPE_WINDOW, "application", app, NULL);
}
