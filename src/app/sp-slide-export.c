/* sp-slide-export.c: the flowchart exported for slides (SVG, PNG, PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save dialog with one filter per format and a choice of slide size. From
 * the window, the drawing is src/render's, in the presentation style, as
 * `shockpath-cli flowchart --style presentation` writes it; from
 * presentation mode, the slide is the screen as it is drawn (stage title,
 * vitals, chart and why), scaled to the slide.
 */
#define G_LOG_DOMAIN "sp-slide-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "sp-file-chooser.h"
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

/* The formats, in the order of the dialog's filters: the first is
 * selected. */
static const SpFileType formats[] = {
  { N_("PNG image"), ".png", "image/png" },
  { N_("SVG image"), ".svg", "image/svg+xml" },
  { N_("PDF document"), ".pdf", "application/pdf" },
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

  path = sp_file_get_path_to_write (file, error);
  if (path == NULL)
    return FALSE;

  sp_flowchart_style_init_presentation (&style);
  return sp_flowchart_export (sp_case_get_protocol (sp_case), sp_case_get_assessment (sp_case),
                              &style, path, width, height, error);
}

gboolean
sp_slide_export_write_screen (GtkWidget  *widget,
                              GFile      *file,
                              int         width,
                              int         height,
                              GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  SpFlowchartFormat format;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int ww, wh;
  double scale;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = sp_file_get_path_to_write (file, error);
  if (path == NULL)
    return FALSE;

  ww = MAX (gtk_widget_get_width (widget), 1);
  wh = MAX (gtk_widget_get_height (widget), 1);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), ww, wh);
  node = gtk_snapshot_free_to_node (snapshot);

  /* The format by the name's extension, as the flowchart export reads it;
   * PNG for any other name. */
  if (!sp_flowchart_format_from_path (path, &format))
    format = SP_FLOWCHART_FORMAT_PNG;
  switch (format)
    {
    case SP_FLOWCHART_FORMAT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case SP_FLOWCHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    case SP_FLOWCHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  scale = MIN ((double) width / ww, (double) height / wh);
  cairo_translate (cr, (width - ww * scale) / 2, (height - wh * scale) / 2);
  cairo_scale (cr, scale, scale);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  cairo_surface_flush (surface);
  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: "Could not write “slide.png”: error while writing to output stream" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                   name, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  AdwToastOverlay *toast_overlay;
  SpCase          *sp_case;
  GtkWidget       *screen;       /* instead of the case's flowchart */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->toast_overlay);
  g_clear_object (&data->sp_case);
  g_clear_object (&data->screen);
  g_free (data);
}

static void
export_file_chosen (GtkWindow  *parent,
                    GFile      *file,
                    const char *size,
                    gpointer    user_data)
{
  ExportData *data = user_data;
  g_autoptr(GError) error = NULL;
  int width = slide_sizes[0].width, height = slide_sizes[0].height;

  for (guint i = 0; size != NULL && i < G_N_ELEMENTS (slide_sizes); i++)
    if (g_strcmp0 (size, slide_sizes[i].id) == 0)
      {
        width = slide_sizes[i].width;
        height = slide_sizes[i].height;
      }

  if (data->screen != NULL
      ? sp_slide_export_write_screen (data->screen, file, width, height, &error)
      : sp_slide_export_write (data->sp_case, file, width, height, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: toast: "Saved “flowchart.png”" */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

      if (data->toast_overlay != NULL)
        adw_toast_overlay_add_toast (data->toast_overlay, adw_toast_new (text));
    }
  else
    {
      GtkWidget *dialog = adw_message_dialog_new (parent,
                                                  _("Could Not Export the Flowchart"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
run_export (GtkWindow       *parent,
            AdwToastOverlay *toast_overlay,
            SpCase          *sp_case,
            GtkWidget       *screen,
            GFile           *near,
            const char      *suggested_name)
{
  g_autofree char *name = NULL;
  const char *size_ids[G_N_ELEMENTS (slide_sizes) + 1] = { NULL, };
  const char *size_labels[G_N_ELEMENTS (slide_sizes) + 1] = { NULL, };
  SpFileType types[G_N_ELEMENTS (formats)];
  SpFileRequest request = { 0, };
  ExportData *data;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      types[i] = formats[i];
      types[i].name = _(formats[i].name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (slide_sizes); i++)
    {
      size_ids[i] = slide_sizes[i].id;
      size_labels[i] = _(slide_sizes[i].label);
    }
  name = g_strconcat (suggested_name, formats[0].extension, NULL);

  request.mode = SP_FILE_CHOOSER_EXPORT;
  request.title = _("Export Flowchart for Slides");
  request.types = types;
  request.n_types = G_N_ELEMENTS (types);
  request.name = name;
  /* The case's folder (a slide of the screen has no case here: its caller
   * names the file). */
  request.near = sp_case != NULL ? sp_case_get_file (sp_case) : near;
  request.choice_label = _("Slide size (pixels; points for SVG and PDF)");
  request.choice_ids = size_ids;
  request.choice_labels = size_labels;

  data = g_new0 (ExportData, 1);
  data->toast_overlay = toast_overlay != NULL ? g_object_ref (toast_overlay) : NULL;
  data->sp_case = sp_case != NULL ? g_object_ref (sp_case) : NULL;
  data->screen = screen != NULL ? g_object_ref (screen) : NULL;
  sp_file_chooser_run (parent, &request, export_file_chosen, data,
                       (GDestroyNotify) export_data_free);
}

void
sp_slide_export_run (GtkWindow       *parent,
                     AdwToastOverlay *toast_overlay,
                     SpCase          *sp_case,
                     const char      *suggested_name)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (toast_overlay == NULL || ADW_IS_TOAST_OVERLAY (toast_overlay));
  g_return_if_fail (SP_IS_CASE (sp_case));
  g_return_if_fail (suggested_name != NULL);

  run_export (parent, toast_overlay, sp_case, NULL, NULL, suggested_name);
}

void
sp_slide_export_run_screen (GtkWindow       *parent,
                            AdwToastOverlay *toast_overlay,
                            GtkWidget       *widget,
                            GFile           *near,
                            const char      *suggested_name)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (toast_overlay == NULL || ADW_IS_TOAST_OVERLAY (toast_overlay));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (near == NULL || G_IS_FILE (near));
  g_return_if_fail (suggested_name != NULL);

  run_export (parent, toast_overlay, NULL, widget, near, suggested_name);
}
