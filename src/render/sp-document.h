/* sp-document.h: printed documents laid out with pango onto pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small document model shared by the infusion sheet and the case summary:
 * blocks of text, label/value lists, write-in lines and tables, laid out top
 * to bottom onto pages of a given size with margins. Every page has a footer
 * (page N of M, the time printed, and the disclaimer: "Decision support —
 * verify before use. ShockPath supports, and never replaces, clinical
 * judgement.");
 * continuation pages repeat the document's running header, and a table that
 * continues repeats its header row. Several documents can go into one PDF
 * (batch printing), each starting on a new page and numbering its own pages.
 *
 * No GTK: the caller gives a PangoContext for measuring and a cairo context
 * per page, so the GTK print operation, the print preview and the PDF files
 * of the CLI draw the same pages. All coordinates are points (1/72 inch):
 * give a PangoContext at 72 dpi (pango_cairo_context_set_resolution) and a
 * cairo context whose user unit is the point.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "sp-format.h"

G_BEGIN_DECLS

#define SP_DOCUMENT_ERROR (sp_document_error_quark ())

typedef enum {
  SP_DOCUMENT_ERROR_WRITE,      /* the file could not be written */
} SpDocumentError;

GQuark sp_document_error_quark (void);

/* Paper sizes. */
typedef enum {
  SP_PAPER_A4,                  /* 210 x 297 mm = 595.28 x 841.89 pt */
  SP_PAPER_LETTER,              /* 8.5 x 11 in = 612 x 792 pt */
} SpPaper;

/* "a4" or "letter" (any case); FALSE for anything else. */
gboolean     sp_paper_from_string          (const char *text,
                                            SpPaper    *out_paper);
/* The width text and figures get on a page @page_width points wide (the
 * page less its side margins), in points. */
double       sp_document_get_text_width    (double      page_width);
/* Width and height in points. */
void         sp_paper_get_size             (SpPaper     paper,
                                            double     *out_width,
                                            double     *out_height);

typedef enum {
  SP_ALIGN_START,
  SP_ALIGN_END,
  /* Numbers aligned on their decimal separator (right-aligned integers). */
  SP_ALIGN_DECIMAL,
} SpAlign;

typedef struct _SpDocument SpDocument;

SpDocument  *sp_document_new               (const char   *title);
void         sp_document_free              (SpDocument   *doc);
const char  *sp_document_get_title         (SpDocument   *doc);

/* The time printed in every footer (default: when the document was made). */
void         sp_document_set_printed_time  (SpDocument   *doc,
                                            GDateTime    *time);
/* "2025-03-14 09:30": the time printed as the footer shows it. */
char        *sp_document_format_time       (GDateTime    *time);

/* The line that heads every page after the first (may be NULL: none). */
void         sp_document_set_running_header (SpDocument  *doc,
                                             const char  *text);

/* --- blocks ------------------------------------------------------------------ */

/* A line of small grey text (the letterhead: "ShockPath · infusion sheet"). */
void         sp_document_add_caption       (SpDocument   *doc,
                                            const char   *text);
/* A very large bold line (the drug's name in tall-man letters); @note (may
 * be NULL) follows it in small type on the same line. */
void         sp_document_add_title         (SpDocument   *doc,
                                            const char   *text,
                                            const char   *note);
/* A bold heading, kept on the same page as the start of the next block. */
void         sp_document_add_heading       (SpDocument   *doc,
                                            const char   *text);
/* Wrapped body text. */
void         sp_document_add_paragraph     (SpDocument   *doc,
                                            const char   *text);
/* A bulleted item; with @checkbox a box to tick instead of the bullet;
 * @strong sets it in bold. */
void         sp_document_add_item          (SpDocument   *doc,
                                            const char   *text,
                                            gboolean      checkbox,
                                            gboolean      strong);
/* One "label: value" row; rows added in a run line their values up. A
 * @strong value is set in bold. */
void         sp_document_add_field         (SpDocument   *doc,
                                            const char   *label,
                                            const char   *value,
                                            gboolean      strong);
/* Labels each followed by a line to write on, side by side on one row
 * (NULL-terminated): "Patient name ______  ID ______  Ward ______". */
void         sp_document_add_write_in      (SpDocument   *doc,
                                            const char * const *labels);
/* Vertical space in points. */
void         sp_document_add_space         (SpDocument   *doc,
                                            double        points);

/* A table: columns with relative widths and alignments, a header row
 * repeated on every page it continues on, then rows. A marked row is shaded
 * and set in bold. */
void         sp_document_begin_table       (SpDocument   *doc,
                                            guint         n_columns,
                                            const char * const *headers,
                                            const double *widths,
                                            const SpAlign *aligns);
/* Sets the table being filled in side-by-side column groups, as printed pump
 * tables are: its columns repeat across the page as often as they fit, at
 * most @max_groups times, and its rows run down the first group, then the
 * next, continuing on the next page. Pagination takes the fewest groups that
 * give the document its fewest pages. For tables of short cells (numbers). */
void         sp_document_set_table_groups  (SpDocument   *doc,
                                            guint         max_groups);
void         sp_document_add_row           (SpDocument   *doc,
                                            const char * const *cells,
                                            gboolean      marked);
/* A row of a corrected entry: printed, every cell struck through. */
void         sp_document_add_struck_row    (SpDocument   *doc,
                                            const char * const *cells);
void         sp_document_end_table         (SpDocument   *doc);

/* Draws a figure into @cr, whose origin is the figure's top left corner,
 * in @width x @height points (clipped to them). */
typedef void (*SpDocumentDrawFunc) (cairo_t  *cr,
                                    double    width,
                                    double    height,
                                    gpointer  data);
/* A figure the full text width and @height points tall (at most a page),
 * kept whole on one page; @destroy frees @data with the document. */
void         sp_document_add_figure        (SpDocument         *doc,
                                            double              height,
                                            SpDocumentDrawFunc  draw,
                                            gpointer            data,
                                            GDestroyNotify      destroy);

/* --- pages ----------------------------------------------------------------- */

/* Lays the document out on pages of @page_width x @page_height points and
 * returns the number of pages. Call again after a change of paper. */
guint        sp_document_paginate          (SpDocument   *doc,
                                            PangoContext *context,
                                            double        page_width,
                                            double        page_height);
guint        sp_document_get_n_pages       (SpDocument   *doc);
/* A context to lay a document out in as its PDF is: points at 72 dpi,
 * metrics independent of any device (no hinting), so that a page count
 * made ahead (a handover kept to one page) is the written file's. */
PangoContext *sp_document_context_new      (PangoFontMap *font_map);
/* Keeps the document to at most @pages pages (a one-page sheet) when that
 * is possible by shrinking its type and spacing, in steps, to no less than
 * @min_scale of their size (0.85: 9.5 pt body text at 8.1 pt); else it is
 * laid out at full size on more pages. Pagination and drawing apply it. */
void         sp_document_set_fit           (SpDocument   *doc,
                                            guint         pages,
                                            double        min_scale);
/* Draws page @index (0-based) of the last pagination onto @cr, whose origin
 * is the page's top left corner. Paints no background. */
void         sp_document_draw_page         (SpDocument   *doc,
                                            cairo_t      *cr,
                                            guint         index);

/* The fonts of printed documents made ready in a thread of their own
 * (fontconfig set up, each type size and weight a document uses loaded and
 * measured), so that a program that is going to write a PDF can start that
 * while it reads its data. Pass it to sp_document_write_pdf_many (), which
 * waits for it; free it (which also waits) whether it was used or not. */
typedef struct _SpDocumentFonts SpDocumentFonts;

SpDocumentFonts *sp_document_fonts_prepare   (void);
/* Waits for the thread; the font map the PDF contexts are made from. */
PangoFontMap    *sp_document_fonts_get_font_map (SpDocumentFonts *fonts);
void             sp_document_fonts_free      (SpDocumentFonts *fonts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDocumentFonts, sp_document_fonts_free)

/* Writes the document to a PDF file on @paper (text as text, fonts
 * embedded); the file appears whole or not at all. */
gboolean     sp_document_write_pdf         (SpDocument   *doc,
                                            const char   *path,
                                            SpPaper       paper,
                                            GError      **error);
/* The same for several documents into one file, each starting on a new page
 * (batch printing), with the fonts from @fonts (made ready ahead; NULL: made
 * now). */
gboolean     sp_document_write_pdf_many    (SpDocument  **docs,
                                            guint         n_docs,
                                            SpDocumentFonts *fonts,
                                            const char   *path,
                                            SpPaper       paper,
                                            GError      **error);

/* A cairo_write_func_t that appends to the GByteArray @closure: every
 * export is built in memory and then replaces its file at once
 * (sp_file_replace ()). */
cairo_status_t sp_document_append_bytes    (void                *closure,
                                            const unsigned char *data,
                                            unsigned int         length);

/* The text of the reference @id, or NULL when none has it. */
typedef const char *(*SpReferenceLookup) (const char *id,
                                          gpointer    user_data);

/* A heading and one item a reference, "[seed-1] text", in the order @cites
 * first cited them; nothing when @cites is empty. */
void         sp_document_add_references    (SpDocument         *doc,
                                            const char         *heading,
                                            SpCiteList         *cites,
                                            SpReferenceLookup   lookup,
                                            gpointer            user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDocument, sp_document_free)

G_END_DECLS
