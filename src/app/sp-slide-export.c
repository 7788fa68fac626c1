/* sp-slide-export.c: the flowchart exported for slides (SVG, PNG, PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save dialog with one filter per format and a choice of slide size; the
 * drawing is src/render's, in the presentation style, as
 * `shockpath-cli flowchart --style presentation` writes it.
 */
#define G_LOG_DOMAIN "sp-slide-export"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-flowchart-render.h"
#include "sp-slide-export.h"

static const struct {
  const char *id;
  int         width;
  int         height;
  const char *label;
} slide_sizes[] = {
  { "1920x1080", 1920, 1080, N_("1920 × 1080 (Full HD, 16:9)") },
  { "1280x720", 1280, 720, N_("1280 × 720 (HD, 16:9)") },
  { "3840x2160", 3840, 2160, N_("3840 × 2160 (4K, 16:9)") },
  { "1024x768", 1024, 768, N_("1024 × 768 (4:3)") },
};

static const struct {
  const char *extension;
  const char *name;
  const char *pattern;
  const char *mime_type;
} formats[] = {
  { ".png", N_("PNG image"), "*.png", "image/png" },
  { ".svg", N_("SVG image"), "*.svg", "image/svg+xml" },
  { ".pdf", N_("PDF document"), "*.pdf", "application/pdf" },
};

gboolean
sp_slide_export_write (SpCase   *sp_case,
                       GFile    *file,
                       int       width,
                       int       height,
                       GError  **error)
{
  g_autofree char *path = NULL;
  SpFlowchartStyle style;

  g_return_val_if_fail (SP_IS_CASE (sp_case), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be written."));
      return FALSE;
    }

  sp_flowchart_style_init_presentation (&style);
  return sp_flowchart_export (sp_case_get_protocol (sp_case), sp_case_get_assessment (sp_case),
                              &style, path, width, height, error);
}

typedef struct {
  GtkWindow       *parent;
  AdwToastOverlay *toast_overlay;
  SpCase          *sp_case;
  GPtrArray       *filters;      /* GtkFileFilter*, in the order of formats[] */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->parent);
  g_clear_object (&data->toast_overlay);
  g_clear_object (&data->sp_case);
  g_clear_pointer (&data->filters, g_ptr_array_unref);
  g_free (data);
}

/* The chosen file; without an extension of one of the formats, the selected
 * filter's extension is added. */
static GFile *
chosen_file (GtkFileChooser *chooser,
             ExportData     *data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  g_autofree char *path = NULL;
  GtkFileFilter *filter;

  if (file == NULL)
    return NULL;

  path = g_file_get_path (file);
  if (path == NULL || sp_flowchart_format_from_path (path, NULL))
    return g_steal_pointer (&file);

  filter = gtk_file_chooser_get_filter (chooser);
  for (guint i = 0; i < data->filters->len; i++)
    if (g_ptr_array_index (data->filters, i) == filter)
      {
        g_autofree char *with_extension = g_strconcat (path, formats[i].extension, NULL);

        return g_file_new_for_path (with_extension);
      }

  return g_file_new_for_path (path);
}

static void
export_response (GtkNativeDialog *native,
                 int              response,
                 gpointer         user_data)
{
  ExportData *data = user_data;
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = chosen_file (chooser, data);
      g_autoptr(GError) error = NULL;
      const char *size = gtk_file_chooser_get_choice (chooser, "size");
      int width = slide_sizes[0].width, height = slide_sizes[0].height;

      for (guint i = 0; size != NULL && i < G_N_ELEMENTS (slide_sizes); i++)
        if (g_strcmp0 (size, slide_sizes[i].id) == 0)
          {
            width = slide_sizes[i].width;
            height = slide_sizes[i].height;
          }

      if (file != NULL && sp_slide_export_write (data->sp_case, file, width, height, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: toast: "Saved “flowchart.png”" */
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          if (data->toast_overlay != NULL)
            adw_toast_overlay_add_toast (data->toast_overlay, adw_toast_new (text));
        }
      else if (error != NULL)
        {
          GtkWidget *dialog = adw_message_dialog_new (data->parent,
                                                      _("Could Not Export the Flowchart"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }

  export_data_free (data);
  g_object_unref (native);
}

void
sp_slide_export_run (GtkWindow       *parent,
                     AdwToastOverlay *toast_overlay,
                     SpCase          *sp_case,
                     const char      *suggested_name)
{
  g_autofree char *name = NULL;
  g_autofree const char **size_ids = NULL;
  g_autofree const char **size_labels = NULL;
  GtkFileChooserNative *native;
  ExportData *data;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (toast_overlay == NULL || ADW_IS_TOAST_OVERLAY (toast_overlay));
  g_return_if_fail (SP_IS_CASE (sp_case));
  g_return_if_fail (suggested_name != NULL);

  native = gtk_file_chooser_native_new (_("Export Flowchart for Slides"),
                                        parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  data = g_new0 (ExportData, 1);
  data->parent = g_object_ref (parent);
  data->toast_overlay = toast_overlay != NULL ? g_object_ref (toast_overlay) : NULL;
  data->sp_case = g_object_ref (sp_case);
  data->filters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(formats[i].name));
      gtk_file_filter_add_pattern (filter, formats[i].pattern);
      gtk_file_filter_add_mime_type (filter, formats[i].mime_type);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      g_ptr_array_add (data->filters, filter);
    }

  size_ids = g_new0 (const char *, G_N_ELEMENTS (slide_sizes) + 1);
  size_labels = g_new0 (const char *, G_N_ELEMENTS (slide_sizes) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (slide_sizes); i++)
    {
      size_ids[i] = slide_sizes[i].id;
      size_labels[i] = _(slide_sizes[i].label);
    }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "size",
                               _("Slide size (pixels; points for SVG and PDF)"),
                               size_ids, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "size", slide_sizes[0].id);

  name = g_strconcat (suggested_name, formats[0].extension, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  g_signal_connect (native, "response", G_CALLBACK (export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
