/* sp-flowchart-export.c: the flowchart as an SVG, PNG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-flowchart-render"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "sp-document.h"
#include "sp-file.h"
#include "sp-flowchart-render-private.h"
#include "sp-font-caches.h"

static void
text_run_free (gpointer data)
{
  TextRun *run = data;

  g_free (run->text);
  g_free (run);
}


gboolean
sp_flowchart_format_from_path (const char        *path,
                               SpFlowchartFormat *out_format)
{
  g_autofree char *lower = NULL;
  SpFlowchartFormat format;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".svg"))
    format = SP_FLOWCHART_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".png"))
    format = SP_FLOWCHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = SP_FLOWCHART_FORMAT_PDF;
  else
    return FALSE;

  if (out_format != NULL)
    *out_format = format;
  return TRUE;
}

static PangoContext *
create_export_context (void)
{
  PangoFontMap *font_map = sp_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The same layout at every size: no hinting of metrics, no rounding. */
  pango_cairo_context_set_resolution (context, 96.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);

  return context;
}

/* The disclaimer, once and quietly, at the foot of a page or an image. */
static double
footer_height (SpProtocol             *protocol,
               const SpFlowchartStyle *style,
               PangoContext           *context,
               double                  width,
               PangoLayout           **out_layout)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (style->font_family != NULL ? style->font_family : "Sans");
  const char *text = sp_protocol_get_disclaimer (protocol);
  PangoLayout *layout;
  int w, h;

  if (text == NULL || *text == '\0')
    {
      *out_layout = NULL;
      return 0;
    }

  layout = pango_layout_new (context);
  pango_font_description_set_size (desc, (int) round (MAX (style->font_size * 0.8, 7.0) * PANGO_SCALE));
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * 0.9 * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_size (layout, &w, &h);
  *out_layout = layout;

  return (double) h / PANGO_SCALE;
}

/* cairo draws glyphs as outlines; the same lines as real, invisible SVG text
 * on top make the file searchable, selectable and readable by assistive
 * technology. */
static char *
svg_with_text (const char *svg,
               gsize       length,
               SpProtocol *protocol,
               GPtrArray  *runs,
               const char *family)
{
  g_autoptr(GString) out = g_string_new_len (svg, length);
  g_autoptr(GString) layer = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (sp_protocol_get_name (protocol), -1);
  g_autofree char *font = g_markup_escape_text (family, -1);
  const char *end = g_strrstr_len (out->str, out->len, "</svg>");
  const char *root = strstr (out->str, "<svg");
  const char *root_end = root != NULL ? strchr (root, '>') : NULL;
  gsize layer_at, title_at;

  if (end == NULL || root_end == NULL)
    return g_string_free (g_steal_pointer (&out), FALSE);
  /* Offsets, not pointers: an insertion may move the string. */
  layer_at = end - out->str;
  title_at = root_end - out->str + 1;

  g_string_append_printf (layer,
                          "<g id=\"text\" fill=\"#000\" fill-opacity=\"0\" font-family=\"%s\">\n",
                          font);
  for (guint i = 0; i < runs->len; i++)
    {
      const TextRun *run = g_ptr_array_index (runs, i);
      g_autofree char *text = g_markup_escape_text (run->text, -1);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
      char size[G_ASCII_DTOSTR_BUF_SIZE], width[G_ASCII_DTOSTR_BUF_SIZE];

      if (run->text[0] == '\0')
        continue;
      g_ascii_formatd (x, sizeof x, "%.2f", run->x);
      g_ascii_formatd (y, sizeof y, "%.2f", run->y);
      g_ascii_formatd (size, sizeof size, "%.2f", run->size);
      g_ascii_formatd (width, sizeof width, "%.2f", MAX (run->width, 0.01));
      g_string_append_printf (layer,
                              "<text x=\"%s\" y=\"%s\" font-size=\"%s\"%s textLength=\"%s\" "
                              "lengthAdjust=\"spacingAndGlyphs\">%s</text>\n",
                              x, y, size, run->bold ? " font-weight=\"bold\"" : "", width, text);
    }
  g_string_append (layer, "</g>\n");

  /* the layer last (the root element opens before it: title_at holds), */
  g_string_insert (out, layer_at, layer->str);
  /* an accessible name right after the root element opens */
  g_string_insert (out, title_at, "\n<title></title>");
  g_string_insert (out, title_at + strlen ("\n<title>"), title);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* TRANSLATORS: "out.png: error while writing to output stream" */
               _("%s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
sp_flowchart_export (SpProtocol             *protocol,
                     SpAssessment           *assessment,
                     const SpFlowchartStyle *style,
                     const char             *path,
                     int                     width,
                     int                     height,
                     GError                **error)
{
  PangoContext *context = NULL;   /* no autoptr for PangoContext in Pango 1.50 */
  g_autoptr(SpFlowchartLayout) layout = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  SpFlowchartFormat format;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double foot, margin;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (assessment == NULL || SP_IS_ASSESSMENT (assessment), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sp_flowchart_format_from_path (path, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* TRANSLATORS: the file name of an export */
                   _("%s: unknown file type; use .svg, .png or .pdf"), path);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: the size %d × %d is outside 16–20000"), path, width, height);
      return FALSE;
    }

  switch (format)
    {
    case SP_FLOWCHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (sp_document_append_bytes, bytes,
                                                     width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case SP_FLOWCHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sp_document_append_bytes, bytes,
                                                     width, height);
      break;
    case SP_FLOWCHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  context = create_export_context ();
  cr = cairo_create (surface);
  sp_flowchart_set_color (cr, &style->background);
  cairo_paint (cr);

  margin = MIN (width, height) * 0.01;
  foot = footer_height (protocol, style, context, width, &footer);
  if (foot > height * 0.1)
    {
      g_clear_object (&footer);
      foot = 0;
    }

  layout = sp_flowchart_layout_new (protocol, assessment, style, context,
                                    width, height - foot - (foot > 0 ? 2 * margin : 0));
  if (format == SP_FLOWCHART_FORMAT_SVG)
    layout->text_runs = g_ptr_array_new_with_free_func (text_run_free);
  sp_flowchart_layout_draw (layout, cr, NULL);

  if (footer != NULL)
    {
      double y = height - foot - margin;

      sp_flowchart_set_color (cr, &style->dim);
      sp_flowchart_show_layout (layout, cr, footer, width * 0.05, y);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_clear_object (&footer);
  g_object_unref (context);

  /* Built in memory, then it replaces the file whole (sp_file_replace ()). */
  status = CAIRO_STATUS_SUCCESS;
  if (format == SP_FLOWCHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sp_document_append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, path, error))
    return FALSE;

  if (format == SP_FLOWCHART_FORMAT_SVG)
    {
      g_autofree char *text = svg_with_text ((const char *) bytes->data, bytes->len,
                                             protocol, layout->text_runs,
                                             style->font_family != NULL ? style->font_family : "Sans");

      return sp_file_replace (path, text, strlen (text), error);
    }

  return sp_file_replace (path, bytes->data, bytes->len, error);
}
