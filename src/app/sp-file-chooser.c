/* sp-file-chooser.c: the one way the app asks for a file (open, save, export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkFileChooserNative (GTK 4.8 has no GtkFileDialog: that is 4.10), so that
 * the portal's chooser is used inside Flatpak.
 */
#define G_LOG_DOMAIN "sp-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-file-chooser.h"

typedef struct {
  GtkWindow         *parent;
  SpFileChooserMode  mode;
  GPtrArray         *filters;      /* GtkFileFilter *, in the order of... */
  GStrv              extensions;   /* ...these */
  SpFileChosenFunc   func;
  gpointer           user_data;
  GDestroyNotify     destroy;
  gboolean           has_choice;   /* the dialog has the spec's choice */
} Request;

static void
request_free (Request *request)
{
  if (request->destroy != NULL)
    request->destroy (request->user_data);
  g_clear_object (&request->parent);
  g_clear_pointer (&request->filters, g_ptr_array_unref);
  g_clear_pointer (&request->extensions, g_strfreev);
  g_free (request);
}

/* EXPORT: the chosen file, with the selected type's extension when its name
 * has none of the types'. */
static GFile *
request_complete_file (Request        *request,
                       GtkFileChooser *chooser,
                       GFile          *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = NULL;
  GtkFileFilter *filter;

  if (request->mode != SP_FILE_CHOOSER_EXPORT || path == NULL)
    return g_object_ref (file);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; request->extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, request->extensions[i]))
      return g_object_ref (file);

  filter = gtk_file_chooser_get_filter (chooser);
  for (guint i = 0; i < request->filters->len; i++)
    if (g_ptr_array_index (request->filters, i) == filter)
      {
        g_autofree char *with_extension = g_strconcat (path, request->extensions[i], NULL);

        return g_file_new_for_path (with_extension);
      }

  return g_object_ref (file);
}

static SpFileChooserTestFunc test_func;
static gpointer              test_data;

void
sp_file_chooser_set_test_func (SpFileChooserTestFunc func,
                               gpointer              user_data)
{
  test_func = func;
  test_data = user_data;
}

/* The folder the dialog starts in without a file: the one of spec->near
 * (the case's file), else Documents (or home). */
static GFile *
request_folder (const SpFileRequest *spec)
{
  g_autoptr(GFile) folder = NULL;
  const char *documents;

  if (spec->near != NULL)
    folder = g_file_get_parent (spec->near);
  if (folder != NULL)
    return g_steal_pointer (&folder);

  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  return g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                              ? documents : g_get_home_dir ());
}

static void
on_response (GtkNativeDialog *native,
             int              response,
             Request         *request)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

      if (chosen != NULL)
        {
          g_autoptr(GFile) file = request_complete_file (request, chooser, chosen);

          /* only a dialog with a choice is asked for it: GTK warns otherwise */
          request->func (request->parent, file,
                         request->has_choice ? gtk_file_chooser_get_choice (chooser, "choice") : NULL,
                         request->user_data);
        }
    }

  request_free (request);
  g_object_unref (native);
}

void
sp_file_chooser_run (GtkWindow           *parent,
                     const SpFileRequest *spec,
                     SpFileChosenFunc     func,
                     gpointer             user_data,
                     GDestroyNotify       destroy)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  const char *accept_label;
  Request *request;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (spec != NULL && spec->title != NULL);
  g_return_if_fail (spec->types != NULL || spec->n_types == 0);
  g_return_if_fail (func != NULL);

  /* Tests: what would be asked, and no dialog; the test's answer. */
  if (test_func != NULL)
    {
      g_autoptr(GFile) folder = spec->file != NULL && spec->mode != SP_FILE_CHOOSER_OPEN
                                ? g_file_get_parent (spec->file) : request_folder (spec);
      g_autoptr(GFile) chosen = test_func (spec, folder, test_data);

      if (chosen != NULL)
        func (parent, chosen, NULL, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  accept_label = spec->accept_label;
  if (accept_label == NULL)
    accept_label = spec->mode == SP_FILE_CHOOSER_OPEN ? _("_Open")
                   : spec->mode == SP_FILE_CHOOSER_SAVE ? _("_Save")
                   : _("_Export");

  native = gtk_file_chooser_native_new (spec->title, parent,
                                        spec->mode == SP_FILE_CHOOSER_OPEN
                                        ? GTK_FILE_CHOOSER_ACTION_OPEN
                                        : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        accept_label, _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  request = g_new0 (Request, 1);
  request->parent = g_object_ref (parent);
  request->mode = spec->mode;
  request->filters = g_ptr_array_new_with_free_func (g_object_unref);
  request->extensions = g_new0 (char *, spec->n_types + 1);
  request->func = func;
  request->user_data = user_data;
  request->destroy = destroy;

  for (guint i = 0; i < spec->n_types; i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strconcat ("*", spec->types[i].extension, NULL);

      gtk_file_filter_set_name (filter, spec->types[i].name);
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_filter_add_mime_type (filter, spec->types[i].mime_type);
      gtk_file_chooser_add_filter (chooser, filter);
      g_ptr_array_add (request->filters, filter);
      request->extensions[i] = g_ascii_strdown (spec->types[i].extension, -1);
    }

  if (spec->choice_label != NULL)
    {
      gtk_file_chooser_add_choice (chooser, "choice", spec->choice_label,
                                   (const char **) spec->choice_ids,
                                   (const char **) spec->choice_labels);
      gtk_file_chooser_set_choice (chooser, "choice", spec->choice_ids[0]);
      request->has_choice = TRUE;
    }

  /* The folder: the case's, else Documents (or home); GTK's default, the
   * working directory, is wherever the program was started from. */
  if (spec->file == NULL || spec->mode == SP_FILE_CHOOSER_OPEN)
    {
      g_autoptr(GFile) folder = request_folder (spec);

      gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }

  if (spec->mode != SP_FILE_CHOOSER_OPEN)
    {
      if (spec->file != NULL)
        gtk_file_chooser_set_file (chooser, spec->file, NULL);
      else if (spec->name != NULL)
        gtk_file_chooser_set_current_name (chooser, spec->name);
    }

  g_signal_connect (native, "response", G_CALLBACK (on_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

char *
sp_file_get_path_to_write (GFile   *file,
                           GError **error)
{
  char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be written."));
  return path;
}
