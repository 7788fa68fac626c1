/* sp-bench-pango-pdf.c: a PDF of a few lines of text, with pango and cairo
 * alone: how far below a sheet the goal of issue 19 lies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-pango-pdf OUT.pdf STYLE... [-- FONT_FILE...]
 *
 * STYLE is a size in points, with "b" for bold ("9.5", "11.5b"). For each
 * style, one line of a sheet's text is laid out and drawn, in the family
 * printed documents ask for, into a one-page PDF written to OUT.pdf. None of
 * ShockPath's code runs: no data, no document, no fonts made ready ahead.
 *
 * With font files after "--", the font map looks fonts up in a fontconfig
 * configuration of its own that holds only those files (no system fonts,
 * no configuration files), as printed documents would if they shipped
 * their fonts; without, in the system's configuration, as they do now.
 *
 * bench/run.sh runs it with one style and with the eight styles of a sheet
 * (SIZE_* in src/render/sp-document.c), both ways.
 */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

/* FONT_FAMILY of src/render/sp-document.c */
#define FAMILY "Cantarell, DejaVu Sans, Sans"

/* A line as a sheet has them: words, digits, units, punctuation. */
#define LINE "DOBUTamine 1,000 mg in 250 mL (4,000 mcg/mL): 5 mcg/kg/min = 6 mL/h at 80 kg"

static gboolean
use_private_fonts (PangoFontMap  *font_map,
                   char         **files,
                   int            n_files)
{
  FcConfig *config = FcConfigCreate ();

  for (int i = 0; i < n_files; i++)
    if (!FcConfigAppFontAddFile (config, (const FcChar8 *) files[i]))
      {
        g_printerr ("sp-bench-pango-pdf: %s: not a font file fontconfig reads\n", files[i]);
        FcConfigDestroy (config);
        return FALSE;
      }
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (font_map), config);
  FcConfigDestroy (config);
  return TRUE;
}

static void
draw_line (PangoContext *context,
           cairo_t      *cr,
           const char   *style,
           double        y)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (FAMILY);

  pango_font_description_set_absolute_size (font, g_ascii_strtod (style, NULL) * PANGO_SCALE);
  pango_font_description_set_weight (font, strchr (style, 'b') != NULL ? PANGO_WEIGHT_BOLD
                                                                       : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, LINE, -1);
  cairo_move_to (cr, 40, y);
  pango_cairo_show_layout (cr, layout);
}

int
main (int    argc,
      char **argv)
{
  PangoFontMap *font_map;
  PangoContext *context;
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n_styles = 0, files = -1;   /* argv index of the first font file */

  for (int i = 2; i < argc && files < 0; i++)
    if (strcmp (argv[i], "--") == 0)
      files = i + 1;
    else
      n_styles++;
  if (argc < 3 || n_styles == 0 || files == argc)
    {
      g_printerr ("usage: sp-bench-pango-pdf OUT.pdf STYLE... [-- FONT_FILE...]\n");
      return 2;
    }

  font_map = pango_cairo_font_map_new ();
  if (files > 0 && !use_private_fonts (font_map, argv + files, argc - files))
    return 1;

  /* Set up as src/render/sp-document.c sets up a PDF's context. */
  surface = cairo_pdf_surface_create (argv[1], 595.28, 841.89);
  cr = cairo_create (surface);
  context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (cr, context);
  pango_cairo_context_set_resolution (context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  for (int i = 0; i < n_styles; i++)
    draw_line (context, cr, argv[2 + i], 40 + 30 * i);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  g_object_unref (font_map);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("sp-bench-pango-pdf: %s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return EXIT_SUCCESS;
}
