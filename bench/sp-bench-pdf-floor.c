/* sp-bench-pdf-floor.c: the floor under `shockpath-cli sheet`: the sheet's
 * fonts made ready and a PDF written, and nothing else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-pdf-floor OUT.pdf
 *
 * Makes the fonts of printed documents ready as a sheet does
 * (sp_document_fonts_prepare (): fontconfig set up, each of the eight type
 * sizes and weights loaded and measured), waits for them, and writes a
 * one-page PDF to OUT.pdf. No drug library, protocol or document, and no
 * text drawn (the glyphs a sheet embeds are the sheet's own work): what is
 * left of a sheet when ShockPath's own work is taken away, so a little less
 * than any sheet needs. It links the same render library as shockpath-cli,
 * so the dynamic linking is much the same.
 *
 * bench/run.sh times it beside `shockpath-cli sheet` and `drugs`.
 */
#include "config.h"

#include <cairo-pdf.h>

#include "sp-document.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SpDocumentFonts) fonts = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (argc != 2)
    {
      g_printerr ("usage: sp-bench-pdf-floor OUT.pdf\n");
      return 2;
    }

  fonts = sp_document_fonts_prepare ();
  surface = cairo_pdf_surface_create (argv[1], 595.28, 841.89);
  cr = cairo_create (surface);
  sp_document_fonts_get_font_map (fonts);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("sp-bench-pdf-floor: %s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
