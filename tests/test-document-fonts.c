/* test-document-fonts.c: the fonts of printed documents made ready ahead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * shockpath-cli makes the fonts of its PDFs ready in a thread of their own
 * (sp_document_fonts_prepare) while it reads its data. A document written
 * with them must be the file it is without them: the same bytes but for the
 * creation date (the same faces, sizes and metrics, so the same glyphs at the
 * same places and the same embedded subsets). Fonts made ready and never
 * used are freed without a PDF.
 */
#define _GNU_SOURCE /* memmem () */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "sp-document.h"
#include "sp-font-caches.h"


/* A document with a block of every kind, so every type size and weight. */
static SpDocument *
make_document (GDateTime *printed)
{
  const char *headers[] = { "mcg/kg/min", "mL/h", NULL };
  const double widths[] = { 1, 1 };
  const SpAlign aligns[] = { SP_ALIGN_DECIMAL, SP_ALIGN_DECIMAL };
  const char *labels[] = { "Patient name", "MRN", NULL };
  SpDocument *doc = sp_document_new ("Infusion sheet: DOBUTamine, 70 kg");

  sp_document_set_printed_time (doc, printed);
  sp_document_set_running_header (doc, "DOBUTamine · 70 kg · infusion sheet, continued");
  sp_document_add_caption (doc, "ShockPath · infusion sheet");
  sp_document_add_title (doc, "DOBUTamine 1,000 mg/250 mL", "[fda-tallman]");
  sp_document_add_field (doc, "Concentration", "1,000 mg in 250 mL (4,000 mcg/mL)", TRUE);
  sp_document_add_field (doc, "Route", "intravenous, continuous; central line", FALSE);
  sp_document_add_write_in (doc, labels);
  sp_document_add_heading (doc, "Dose to pump rate for 70 kg");
  sp_document_begin_table (doc, 2, headers, widths, aligns);
  sp_document_set_table_groups (doc, 3);
  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *dose = g_strdup_printf ("%.1f", i * 0.5);
      g_autofree char *rate = g_strdup_printf ("%.1f", i * 0.5 * 70 * 60 / 4000);
      const char *cells[] = { dose, rate, NULL };

      sp_document_add_row (doc, cells, i > 30);
    }
  sp_document_end_table (doc);
  sp_document_add_paragraph (doc, "Rates rounded to 1 decimal place — as the pump shows them.");
  sp_document_add_item (doc, "First-line inotrope in cardiogenic shock [seed-2]", FALSE, TRUE);
  sp_document_add_item (doc, "Double check done", TRUE, FALSE);
  return doc;
}

/* The file at @path without its creation date ("/CreationDate (D:…)"),
 * which is taken out once. A PDF is binary: it is handled as bytes. */
static GBytes *
read_pdf (const char *path)
{
  static const char date[] = "/CreationDate (";
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *start, *end;
  GByteArray *stripped = g_byte_array_new ();

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  start = memmem (contents, length, date, strlen (date));
  g_assert_nonnull (start);
  end = memchr (start, ')', length - (gsize) (start - contents));
  g_assert_nonnull (end);
  g_byte_array_append (stripped, (const guint8 *) contents, (guint) (start - contents));
  g_byte_array_append (stripped, (const guint8 *) end + 1, (guint) (length - (gsize) (end + 1 - contents)));
  g_assert_null (memmem (stripped->data, stripped->len, date, strlen (date)));
  return g_byte_array_free_to_bytes (stripped);
}

static void
test_same_file (void)
{
  g_autoptr(GDateTime) printed = g_date_time_new_utc (2025, 3, 14, 9, 30, 0);
  g_autoptr(SpDocument) doc = make_document (printed);
  g_autoptr(SpDocumentFonts) fonts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-document-fonts-XXXXXX", &error);
  g_autofree char *now_path = NULL;
  g_autofree char *ahead_path = NULL;
  g_autoptr(GBytes) now_pdf = NULL;
  g_autoptr(GBytes) ahead_pdf = NULL;
  PangoFontMap *font_map;

  g_assert_no_error (error);
  now_path = g_build_filename (dir, "now.pdf", NULL);
  ahead_path = g_build_filename (dir, "ahead.pdf", NULL);

  fonts = sp_document_fonts_prepare ();
  g_assert_true (sp_document_write_pdf_many (&doc, 1, fonts, ahead_path, SP_PAPER_A4, &error));
  g_assert_no_error (error);
  /* the fonts' own font map, kept once the thread is joined */
  font_map = sp_document_fonts_get_font_map (fonts);
  g_assert_true (PANGO_IS_CAIRO_FONT_MAP (font_map));
  g_assert_true (font_map != pango_cairo_font_map_get_default ());
  g_assert_true (sp_document_fonts_get_font_map (fonts) == font_map);

  g_assert_true (sp_document_write_pdf (doc, now_path, SP_PAPER_A4, &error));
  g_assert_no_error (error);
  /* the table of 40 rows in up to 3 groups: one page either way */
  g_assert_cmpuint (sp_document_get_n_pages (doc), ==, 1);

  now_pdf = read_pdf (now_path);
  ahead_pdf = read_pdf (ahead_path);
  g_test_message ("%zu bytes with fonts made ready ahead, %zu without",
                  g_bytes_get_size (ahead_pdf), g_bytes_get_size (now_pdf));
  g_assert_true (g_bytes_equal (ahead_pdf, now_pdf));

  g_unlink (now_path);
  g_unlink (ahead_path);
  g_rmdir (dir);
}

/* A command refused before it writes: the thread is joined and its font
 * map freed (the sanitizer build checks that nothing leaks). */
static void
test_unused (void)
{
  SpDocumentFonts *fonts = sp_document_fonts_prepare ();

  sp_document_fonts_free (fonts);
  sp_document_fonts_free (NULL);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/document-fonts/same-file", test_same_file);
  g_test_add_func ("/render/document-fonts/unused", test_unused);

  status = g_test_run ();
  /* Fonts handed back: the leak checker then sees every block behind them,
   * and a font map, layout or surface still held fails here. */
  g_assert_true (sp_font_caches_release ());
  return status;
}
