/* sp-document.c: printed documents laid out with pango onto pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pagination turns the blocks into a display list per page (text layouts,
 * lines and boxes at page coordinates); drawing a page replays its list. So
 * the layout is measured once per paper size, and a print preview, a printer
 * and a PDF file all get the same pages.
 *
 * Rules of the layout:
 *   - a block other than a table is never split: it moves to the next page
 *     when it does not fit (a block taller than a whole page is placed at the
 *     top of one and clipped by the margin, which no shipped text comes near);
 *   - a heading stays with the start of what follows it;
 *   - a table splits between rows; each page it is on starts with its header
 *     row, after its heading marked "(continued)" when a heading leads it
 *     (a page of doses above the soft limit says so at its top); a page
 *     never ends with a header row alone;
 *   - a grouped table (a long dose -> rate table) repeats its columns side by
 *     side as often as they fit and runs its rows down one group, then the
 *     next, as printed pump tables do; the number of groups is the smallest
 *     that gives the document its fewest pages;
 *   - the footer's height, measured from the footer's own text, is reserved
 *     on every page;
 *   - a unit or concentration never breaks after its slash ("mcg/mL");
 *   - a document set to fit a number of pages is laid out on a larger page
 *     and drawn scaled down, in steps, when that keeps it to them.
 */
#define G_LOG_DOMAIN "sp-document"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "sp-document.h"
#include "sp-file.h"
#include "sp-font-caches.h"
#include "sp-text-breaks.h"

/* Type, in points. */
#define FONT_FAMILY     "Cantarell, DejaVu Sans, Sans"
#define SIZE_BODY       9.5
#define SIZE_SMALL      7.5
#define SIZE_HEADING    11.5
#define SIZE_TITLE      22.0

/* The page, in points (15 mm side margins: 42.5 pt). */
#define MARGIN_SIDE     42.5
#define MARGIN_TOP      36.0
#define MARGIN_BOTTOM   28.0
#define FOOTER_GAP      8.0
#define CELL_PAD_X      5.0
#define CELL_PAD_Y      2.5
#define WRITE_IN_HEIGHT 24.0
#define BLOCK_GAP       3.0
#define HEADING_ABOVE   9.0
#define MIN_TABLE_ROWS  3      /* rows kept with a table's header or heading */
#define GROUP_GAP       12.0   /* between the column groups of a grouped table */

#define TEXT_GRAY       0.08
#define DIM_GRAY        0.32
#define RULE_GRAY       0.55
#define GRID_GRAY       0.82
#define MARK_GRAY       0.88

G_DEFINE_QUARK (sp-document-error-quark, sp_document_error)

/* --- paper ------------------------------------------------------------------- */

gboolean
sp_paper_from_string (const char *text,
                      SpPaper    *out_paper)
{
  SpPaper paper;

  g_return_val_if_fail (text != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "a4") == 0)
    paper = SP_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0)
    paper = SP_PAPER_LETTER;
  else
    return FALSE;

  if (out_paper != NULL)
    *out_paper = paper;
  return TRUE;
}

double
sp_document_get_text_width (double page_width)
{
  return page_width - 2 * MARGIN_SIDE;
}

void
sp_paper_get_size (SpPaper  paper,
                   double  *out_width,
                   double  *out_height)
{
  double width, height;

  switch (paper)
    {
    case SP_PAPER_LETTER:
      width = 8.5 * 72.0;
      height = 11.0 * 72.0;
      break;
    case SP_PAPER_A4:
    default:
      width = 210.0 / 25.4 * 72.0;
      height = 297.0 / 25.4 * 72.0;
      break;
    }

  if (out_width != NULL)
    *out_width = width;
  if (out_height != NULL)
    *out_height = height;
}

/* --- the model --------------------------------------------------------------- */

typedef enum {
  BLOCK_CAPTION,
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_ITEM,
  BLOCK_FIELD,
  BLOCK_WRITE_IN,
  BLOCK_SPACE,
  BLOCK_TABLE,
  BLOCK_FIGURE,
} BlockKind;

typedef struct {
  GStrv     cells;
  gboolean  marked;
  gboolean  struck;            /* corrected: every cell struck through */
  /* layout */
  GPtrArray *layouts;          /* PangoLayout*, one per cell */
  double     height;
} Row;

typedef struct {
  BlockKind  kind;
  char      *text;             /* caption, title, heading, paragraph, item; field label */
  char      *value;            /* title note; field value */
  gboolean   strong;
  gboolean   checkbox;
  double     space;
  GStrv      labels;           /* write-in */
  /* table */
  guint      n_columns;
  GStrv      headers;
  double    *widths;
  SpAlign   *aligns;
  GPtrArray *rows;             /* Row* */
  guint      max_groups;       /* > 1: a grouped table */
  /* layout */
  PangoLayout *layout;         /* the text; a field's label */
  PangoLayout *layout2;        /* a field's value; a heading "(continued)" */
  GPtrArray   *extra;          /* write-in labels, table header cells */
  double       height;         /* the block (a table: its header row) */
  double       label_width;    /* a field run's label column */
  double      *col_width;      /* plain: per column, fitted to what cannot break */
  double      *decimal_x;      /* per column, from the column's left edge */
  double      *natural;        /* grouped: per column, the width of its widest cell */
  double      *frac_width;     /* grouped: per column, what lies right of the separator */
  double       row_height;     /* grouped: every row's */
  /* figure */
  SpDocumentDrawFunc draw;
  gpointer           draw_data;
  GDestroyNotify     draw_destroy;
} Block;

typedef enum {
  OP_TEXT,
  OP_LINE,
  OP_FILL,
  OP_BOX,
  OP_FIGURE,
} OpKind;

typedef struct {
  OpKind       kind;
  PangoLayout *layout;
  double       x, y, width, height;
  double       gray;
  double       line_width;
  /* OP_TEXT with a height: one page's slice of a text taller than a page,
   * the layout drawn @shift higher and clipped to x, y, width, height. */
  double       shift;
  const Block *figure;         /* OP_FIGURE: drawn by its callback */
} Op;

typedef struct {
  GArray *ops;                 /* Op */
} Page;

struct _SpDocument {
  char      *title;
  char      *running_header;
  GDateTime *printed;
  GPtrArray *blocks;           /* Block* */
  Block     *table;            /* the table being filled */
  GPtrArray *pages;            /* Page* */
  /* sp_document_set_fit (): at most this many pages (0: any), type and
   * spacing shrunk to as little as min_scale; scale: the last pagination's */
  guint      fit_pages;
  double     min_scale;
  double     scale;
};

static void
row_free (Row *row)
{
  g_strfreev (row->cells);
  g_clear_pointer (&row->layouts, g_ptr_array_unref);
  g_free (row);
}

static void
block_clear_layout (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_object (&block->layout2);
  g_clear_pointer (&block->extra, g_ptr_array_unref);
  g_clear_pointer (&block->col_width, g_free);
  g_clear_pointer (&block->decimal_x, g_free);
  g_clear_pointer (&block->natural, g_free);
  g_clear_pointer (&block->frac_width, g_free);
  if (block->rows != NULL)
    {
      for (guint i = 0; i < block->rows->len; i++)
        {
          Row *row = g_ptr_array_index (block->rows, i);

          g_clear_pointer (&row->layouts, g_ptr_array_unref);
        }
    }
}

static void
block_free (Block *block)
{
  block_clear_layout (block);
  g_free (block->text);
  g_free (block->value);
  g_strfreev (block->labels);
  g_strfreev (block->headers);
  g_free (block->widths);
  g_free (block->aligns);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  if (block->draw_destroy != NULL)
    block->draw_destroy (block->draw_data);
  g_free (block);
}

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->layout);
}

static void
page_free (Page *page)
{
  g_array_unref (page->ops);
  g_free (page);
}

SpDocument *
sp_document_new (const char *title)
{
  SpDocument *doc = g_new0 (SpDocument, 1);

  doc->title = g_strdup (title != NULL ? title : "");
  doc->printed = g_date_time_new_now_local ();
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  doc->scale = 1.0;

  return doc;
}

void
sp_document_free (SpDocument *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->title);
  g_free (doc->running_header);
  g_date_time_unref (doc->printed);
  g_ptr_array_unref (doc->blocks);
  g_ptr_array_unref (doc->pages);
  g_free (doc);
}

const char *
sp_document_get_title (SpDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc->title;
}

void
sp_document_set_printed_time (SpDocument *doc,
                              GDateTime  *time)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (time != NULL);

  g_date_time_unref (doc->printed);
  doc->printed = g_date_time_ref (time);
}

char *
sp_document_format_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* ISO 8601: read the same way in every locale. */
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

void
sp_document_set_running_header (SpDocument *doc,
                                const char *text)
{
  g_return_if_fail (doc != NULL);

  g_free (doc->running_header);
  doc->running_header = g_strdup (text);
}

static Block *
add_block (SpDocument *doc,
           BlockKind   kind,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  g_return_val_if_fail (doc->table == NULL, block);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (doc->blocks, block);

  return block;
}

void
sp_document_add_caption (SpDocument *doc,
                         const char *text)
{
  g_return_if_fail (doc != NULL && text != NULL);

  add_block (doc, BLOCK_CAPTION, text);
}

void
sp_document_add_title (SpDocument *doc,
                       const char *text,
                       const char *note)
{
  Block *block;

  g_return_if_fail (doc != NULL && text != NULL);

  block = add_block (doc, BLOCK_TITLE, text);
  block->value = g_strdup (note);
}

void
sp_document_add_heading (SpDocument *doc,
                         const char *text)
{
  g_return_if_fail (doc != NULL && text != NULL);

  add_block (doc, BLOCK_HEADING, text);
}

void
sp_document_add_paragraph (SpDocument *doc,
                           const char *text)
{
  g_return_if_fail (doc != NULL && text != NULL);

  add_block (doc, BLOCK_PARAGRAPH, text);
}

void
sp_document_add_item (SpDocument *doc,
                      const char *text,
                      gboolean    checkbox,
                      gboolean    strong)
{
  Block *block;

  g_return_if_fail (doc != NULL && text != NULL);

  block = add_block (doc, BLOCK_ITEM, text);
  block->checkbox = checkbox;
  block->strong = strong;
}

void
sp_document_add_field (SpDocument *doc,
                       const char *label,
                       const char *value,
                       gboolean    strong)
{
  Block *block;

  g_return_if_fail (doc != NULL && label != NULL && value != NULL);

  block = add_block (doc, BLOCK_FIELD, label);
  block->value = g_strdup (value);
  block->strong = strong;
}

void
sp_document_add_write_in (SpDocument         *doc,
                          const char * const *labels)
{
  Block *block;

  g_return_if_fail (doc != NULL && labels != NULL && labels[0] != NULL);

  block = add_block (doc, BLOCK_WRITE_IN, NULL);
  block->labels = g_strdupv ((char **) labels);
}

void
sp_document_add_space (SpDocument *doc,
                       double      points)
{
  Block *block;

  g_return_if_fail (doc != NULL && points >= 0);

  block = add_block (doc, BLOCK_SPACE, NULL);
  block->space = points;
}

void
sp_document_begin_table (SpDocument         *doc,
                         guint               n_columns,
                         const char * const *headers,
                         const double       *widths,
                         const SpAlign      *aligns)
{
  Block *block;

  g_return_if_fail (doc != NULL && doc->table == NULL);
  g_return_if_fail (n_columns > 0 && headers != NULL && widths != NULL && aligns != NULL);

  block = add_block (doc, BLOCK_TABLE, NULL);
  block->n_columns = n_columns;
  block->headers = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    block->headers[i] = g_strdup (headers[i] != NULL ? headers[i] : "");
  block->widths = g_memdup2 (widths, sizeof (double) * n_columns);
  block->aligns = g_memdup2 (aligns, sizeof (SpAlign) * n_columns);
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  doc->table = block;
}

void
sp_document_set_table_groups (SpDocument *doc,
                              guint       max_groups)
{
  g_return_if_fail (doc != NULL && doc->table != NULL);
  g_return_if_fail (max_groups > 0);

  doc->table->max_groups = max_groups;
}

void
sp_document_add_row (SpDocument         *doc,
                     const char * const *cells,
                     gboolean            marked)
{
  Row *row;

  g_return_if_fail (doc != NULL && doc->table != NULL && cells != NULL);

  row = g_new0 (Row, 1);
  row->cells = g_new0 (char *, doc->table->n_columns + 1);
  for (guint i = 0; i < doc->table->n_columns; i++)
    row->cells[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  row->marked = marked;
  g_ptr_array_add (doc->table->rows, row);
}

void
sp_document_add_struck_row (SpDocument         *doc,
                            const char * const *cells)
{
  Row *row;

  g_return_if_fail (doc != NULL && doc->table != NULL && cells != NULL);

  sp_document_add_row (doc, cells, FALSE);
  row = g_ptr_array_index (doc->table->rows, doc->table->rows->len - 1);
  row->struck = TRUE;
}

void
sp_document_add_figure (SpDocument         *doc,
                        double              height,
                        SpDocumentDrawFunc  draw,
                        gpointer            data,
                        GDestroyNotify      destroy)
{
  Block *block;

  g_return_if_fail (doc != NULL && draw != NULL);
  g_return_if_fail (height > 0);

  block = add_block (doc, BLOCK_FIGURE, NULL);
  block->space = height;
  block->draw = draw;
  block->draw_data = data;
  block->draw_destroy = destroy;
}

void
sp_document_end_table (SpDocument *doc)
{
  g_return_if_fail (doc != NULL && doc->table != NULL);

  doc->table = NULL;
}

void
sp_document_add_references (SpDocument        *doc,
                            const char        *heading,
                            SpCiteList        *cites,
                            SpReferenceLookup  lookup,
                            gpointer           user_data)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (cites != NULL);
  g_return_if_fail (lookup != NULL);

  if (sp_cite_list_get_n_ids (cites) == 0)
    return;

  sp_document_add_heading (doc, heading);
  for (guint i = 0; i < sp_cite_list_get_n_ids (cites); i++)
    {
      const char *id = sp_cite_list_get_id (cites, i);
      const char *text = lookup (id, user_data);
      g_autofree char *item = sp_format_reference (id, text != NULL ? text : _("(no reference text)"));

      sp_document_add_item (doc, item, FALSE, FALSE);
    }
}

/* --- layout ------------------------------------------------------------------ */

typedef struct {
  SpDocument   *doc;
  PangoContext *context;
  double        page_width;
  double        page_height;
  double        left;
  double        width;          /* of the content */
  double        top;            /* of the content on a continuation page */
  double        bottom;         /* the content ends above it */
  double        y;
  Page         *page;
  guint         groups;         /* the most groups of a grouped table, this pass */
  /* the footer, the same on every page but for the page number */
  PangoLayout  *disclaimer;
  PangoLayout  *when;
  double        footer_height;
  /* the running header of continuation pages, laid out once */
  PangoLayout  *running_header;
} Pager;

/* @text with a WORD JOINER (U+2060) after each slash between a letter and
 * a letter or digit, so that a unit ("mcg/mL", "mcg/kg/min") or a
 * concentration ("16 mg/250 mL") never breaks after its slash, after the
 * space before a citation ("… [local]"), so that a citation never starts a
 * line alone, and after the dash of a range ("0.2–1 mcg/kg/min"), which
 * Pango breaks after even where breaks are off. NULL when there is nothing
 * to join. */
static char *
join_units (const char *text)
{
  GString *joined = NULL;

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean slash = *p == '/' && p > text && g_ascii_isalpha (p[-1]) && g_ascii_isalnum (p[1]);
      gboolean cite = *p == ' ' && p[1] == '[' && p > text && p[-1] != ' ';
      /* a range's dash between numbers: "0.2–1 mcg/kg/min" */
      gboolean range = g_str_has_prefix (p, "\u2013") && p > text && g_ascii_isdigit (p[-1])
                       && g_ascii_isdigit (p[strlen ("\u2013")]);
      gsize len = range ? strlen ("\u2013") : 1;

      if (!slash && !cite && !range)
        continue;
      if (joined == NULL)
        joined = g_string_new (NULL);
      g_string_append_len (joined, text, p + len - text);
      g_string_append (joined, "\u2060");
      text = p + len;
      p += len - 1;
    }
  if (joined == NULL)
    return NULL;
  g_string_append (joined, text);
  return g_string_free (joined, FALSE);
}

/* A copy of @layout's attributes (a new, empty list when it has none), to
 * add to and set back. */
static PangoAttrList *
copy_attributes (PangoLayout *layout)
{
  PangoAttrList *attrs = pango_layout_get_attributes (layout);

  return attrs != NULL ? pango_attr_list_copy (attrs) : pango_attr_list_new ();
}

/* No line of @layout breaks inside a quantity (sp_text_keep_quantities ()),
 * its other attributes (a title's markup) kept. */
static void
keep_quantities (PangoLayout *layout)
{
  g_autoptr(PangoAttrList) own = copy_attributes (layout);

  sp_text_keep_quantities (own, pango_layout_get_text (layout));
  pango_layout_set_attributes (layout, own);
}

static gboolean
is_allow_breaks (PangoAttribute *attr,
                 gpointer        data)
{
  return attr->klass->type == PANGO_ATTR_ALLOW_BREAKS;
}

/* @layout (its own) keeping only each number with its unit together
 * (sp_text_keep_units ()), for a column too narrow for whole quantities. */
static void
keep_units_only (PangoLayout *layout)
{
  g_autoptr(PangoAttrList) own = copy_attributes (layout);
  PangoAttrList *removed = pango_attr_list_filter (own, is_allow_breaks, NULL);

  g_clear_pointer (&removed, pango_attr_list_unref);
  sp_text_keep_units (own, pango_layout_get_text (layout));
  pango_layout_set_attributes (layout, own);
}

static PangoLayout *
make_own_layout (PangoContext *context,
                 const char   *text,
                 double        size,
                 gboolean      bold,
                 double        width,
                 PangoAlignment alignment)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) floor (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  {
    g_autofree char *joined = join_units (text);

    pango_layout_set_text (layout, joined != NULL ? joined : text, -1);
  }
  keep_quantities (layout);

  return layout;
}

/* The layouts already made in a context that shares them (set up by
 * sp_document_write_pdf_many (): many sheets in one file repeat most of
 * their texts), by text, size, weight, width and alignment. Each layout
 * holds the context: unshare_layouts () before the context's last unref
 * ends that cycle. */
#define SHARED_LAYOUTS_KEY "sp-document-shared-layouts"

static void
share_layouts (PangoContext *context)
{
  g_object_set_data_full (G_OBJECT (context), SHARED_LAYOUTS_KEY,
                          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref),
                          (GDestroyNotify) g_hash_table_unref);
}

static void
unshare_layouts (PangoContext *context)
{
  g_object_set_data (G_OBJECT (context), SHARED_LAYOUTS_KEY, NULL);
}

/* A layout of @text (a new reference): one already made in @context when it
 * shares them, laid out and measured once. Not to be changed: for a layout
 * to change (markup, strike-through, ellipsis), make_own_layout (). */
static PangoLayout *
make_layout (PangoContext *context,
             const char   *text,
             double        size,
             gboolean      bold,
             double        width,
             PangoAlignment alignment)
{
  GHashTable *shared = g_object_get_data (G_OBJECT (context), SHARED_LAYOUTS_KEY);
  g_autofree char *key = NULL;
  PangoLayout *layout;

  if (shared == NULL || text == NULL)
    return make_own_layout (context, text, size, bold, width, alignment);

  key = g_strdup_printf ("%a %d %d %d %s", size, bold,
                         width > 0 ? (int) floor (width * PANGO_SCALE) : -1, alignment, text);
  layout = g_hash_table_lookup (shared, key);
  if (layout == NULL)
    {
      layout = make_own_layout (context, text, size, bold, width, alignment);
      g_hash_table_insert (shared, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

/* The x of the decimal separator in @layout (its width when there is none):
 * what lies left of it in a number column. */
static double
integer_part_width (PangoLayout *layout,
                    const char  *decimal_point)
{
  const char *text = pango_layout_get_text (layout);
  const char *sep = decimal_point[0] != '\0' ? strstr (text, decimal_point) : NULL;
  PangoRectangle pos;

  /* a mark after a whole number ("2*", a row a note explains) stands right
   * of where its decimal point would be */
  if (sep == NULL)
    sep = strchr (text, '*');
  if (sep == NULL)
    return layout_width (layout);

  pango_layout_index_to_pos (layout, (int) (sep - text), &pos);
  return (double) pos.x / PANGO_SCALE;
}

static double
column_width (const Block *block,
              double       width,
              guint        column)
{
  double total = 0;

  for (guint i = 0; i < block->n_columns; i++)
    total += block->widths[i];

  return width * block->widths[column] / total;
}

/* A corrected entry, as clinical records keep it: legible, struck through. */
static void
strike_through (PangoLayout *layout)
{
  g_autoptr(PangoAttrList) own = copy_attributes (layout);

  pango_attr_list_insert (own, pango_attr_strikethrough_new (TRUE));
  pango_layout_set_attributes (layout, own);
}

/* A grouped table: every cell at its natural width (no wrapping), one row
 * height for all rows; the column widths follow from the number of groups
 * when the table is placed. */
static void
measure_grouped_table (Pager *pager,
                       Block *block)
{
  const char *decimal_point = localeconv ()->decimal_point;
  g_autofree double *int_width = g_new0 (double, block->n_columns);

  block->extra = g_ptr_array_new_with_free_func (g_object_unref);
  block->natural = g_new0 (double, block->n_columns);
  block->frac_width = g_new0 (double, block->n_columns);
  block->height = 0;
  block->row_height = 0;

  for (guint c = 0; c < block->n_columns; c++)
    {
      PangoLayout *layout = make_layout (pager->context, block->headers[c], SIZE_BODY, TRUE, -1,
                                         PANGO_ALIGN_LEFT);

      g_ptr_array_add (block->extra, layout);
      block->height = MAX (block->height, layout_height (layout) + 2 * CELL_PAD_Y);
      block->natural[c] = layout_width (layout);
    }

  for (guint r = 0; r < block->rows->len; r++)
    {
      Row *row = g_ptr_array_index (block->rows, r);

      row->layouts = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint c = 0; c < block->n_columns; c++)
        {
          PangoLayout *layout = (row->struck ? make_own_layout : make_layout)
            (pager->context, row->cells[c], SIZE_BODY, row->marked, -1, PANGO_ALIGN_LEFT);

          if (row->struck)
            strike_through (layout);
          g_ptr_array_add (row->layouts, layout);
          block->row_height = MAX (block->row_height, layout_height (layout) + 2 * CELL_PAD_Y);
          if (block->aligns[c] == SP_ALIGN_DECIMAL)
            {
              double left = integer_part_width (layout, decimal_point);

              int_width[c] = MAX (int_width[c], left);
              block->frac_width[c] = MAX (block->frac_width[c], layout_width (layout) - left);
            }
          else
            {
              block->natural[c] = MAX (block->natural[c], layout_width (layout));
            }
        }
    }

  for (guint c = 0; c < block->n_columns; c++)
    {
      if (block->aligns[c] == SP_ALIGN_DECIMAL)
        block->natural[c] = MAX (block->natural[c], int_width[c] + block->frac_width[c]);
      block->natural[c] = ceil (block->natural[c]) + 2 * CELL_PAD_X;
    }
  for (guint r = 0; r < block->rows->len; r++)
    ((Row *) g_ptr_array_index (block->rows, r))->height = block->row_height;
}

/* Whether @layout, laid out @width wide, breaks a line inside a word
 * (PANGO_WRAP_WORD_CHAR does when a word is wider than the width:
 * "Titrationss-chritt") or runs wider than @width (a quantity kept whole
 * cannot break at all). */
static gboolean
layout_cramped (PangoLayout *layout,
                double       width)
{
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  GSList *lines;
  int n_attrs;

  if (layout_width (layout) > width + 0.01)
    return TRUE;
  if (pango_layout_get_line_count (layout) < 2)
    return FALSE;

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  lines = pango_layout_get_lines_readonly (layout);
  for (GSList *l = lines->next; l != NULL; l = l->next)
    {
      const PangoLayoutLine *line = l->data;
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      if (offset < n_attrs && !attrs[offset].is_line_break)
        return TRUE;
    }
  return FALSE;
}

/* Lays out a plain table's header and cells in its columns (block->col_width),
 * @narrow: keeping only numbers with their units together (keep_units_only
 * ()); returns whether a column is too narrow for a cell's word or quantity
 * (layout_cramped ()). */
static gboolean
layout_table_cells (Pager    *pager,
                    Block    *block,
                    gboolean  narrow)
{
  const char *decimal_point = localeconv ()->decimal_point;
  g_autofree double *int_width = g_new0 (double, block->n_columns);
  g_autofree double *frac_width = g_new0 (double, block->n_columns);
  gboolean cramped = FALSE;

  g_clear_pointer (&block->extra, g_ptr_array_unref);
  block->extra = g_ptr_array_new_with_free_func (g_object_unref);
  block->height = 0;
  for (guint c = 0; c < block->n_columns; c++)
    {
      double inner = block->col_width[c] - 2 * CELL_PAD_X;
      PangoAlignment alignment = block->aligns[c] == SP_ALIGN_START ? PANGO_ALIGN_LEFT
                                                                   : PANGO_ALIGN_RIGHT;
      PangoLayout *layout = make_layout (pager->context, block->headers[c], SIZE_BODY, TRUE,
                                         inner, alignment);

      g_ptr_array_add (block->extra, layout);
      block->height = MAX (block->height, layout_height (layout) + 2 * CELL_PAD_Y);
      cramped = cramped || layout_cramped (layout, inner);
    }

  for (guint r = 0; r < block->rows->len; r++)
    {
      Row *row = g_ptr_array_index (block->rows, r);

      g_clear_pointer (&row->layouts, g_ptr_array_unref);
      row->layouts = g_ptr_array_new_with_free_func (g_object_unref);
      row->height = 0;
      for (guint c = 0; c < block->n_columns; c++)
        {
          double inner = block->col_width[c] - 2 * CELL_PAD_X;
          gboolean decimal = block->aligns[c] == SP_ALIGN_DECIMAL;
          PangoAlignment alignment = block->aligns[c] == SP_ALIGN_END ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT;
          PangoLayout *layout = (row->struck || narrow ? make_own_layout : make_layout)
            (pager->context, row->cells[c], SIZE_BODY, row->marked, decimal ? -1 : inner,
             alignment);

          if (narrow)
            keep_units_only (layout);
          if (row->struck)
            strike_through (layout);
          g_ptr_array_add (row->layouts, layout);
          row->height = MAX (row->height, layout_height (layout) + 2 * CELL_PAD_Y);
          if (decimal)
            {
              double left = integer_part_width (layout, decimal_point);

              int_width[c] = MAX (int_width[c], left);
              frac_width[c] = MAX (frac_width[c], layout_width (layout) - left);
            }
          else
            cramped = cramped || layout_cramped (layout, inner);
        }
    }

  /* A number column: the separators on one vertical, the widest number
   * flush right. */
  g_clear_pointer (&block->decimal_x, g_free);
  block->decimal_x = g_new0 (double, block->n_columns);
  for (guint c = 0; c < block->n_columns; c++)
    {
      block->decimal_x[c] = block->col_width[c] - CELL_PAD_X - frac_width[c];
      if (block->aligns[c] == SP_ALIGN_DECIMAL &&
          int_width[c] + frac_width[c] > block->col_width[c] - 2 * CELL_PAD_X + 0.01)
        cramped = TRUE;
    }
  return cramped;
}

/* The narrowest column @c can be without breaking inside a word or a
 * quantity kept whole (@narrow: a number with its unit): its widest word,
 * header and cells in their weights (one layout, a paragraph each, as
 * narrow as it goes). */
static double
column_min_width (Pager    *pager,
                  Block    *block,
                  guint     c,
                  gboolean  narrow)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoAttrList) bold = pango_attr_list_new ();
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;

  for (guint r = 0; r <= block->rows->len; r++)
    {
      Row *row = r > 0 ? g_ptr_array_index (block->rows, r - 1) : NULL;
      const char *cell = row != NULL ? row->cells[c] : block->headers[c];
      g_autofree char *joined = join_units (cell);
      guint start;

      if (r > 0)
        g_string_append_c (text, '\n');
      start = text->len;
      g_string_append (text, joined != NULL ? joined : cell != NULL ? cell : "");
      if (row == NULL || row->marked)
        {
          PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

          weight->start_index = start;
          weight->end_index = text->len;
          pango_attr_list_insert (bold, weight);
        }
    }

  layout = make_own_layout (pager->context, "", SIZE_BODY, FALSE, -1, PANGO_ALIGN_LEFT);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_width (layout, 1);
  pango_layout_set_text (layout, text->str, (int) text->len);
  pango_layout_set_attributes (layout, bold);
  if (narrow)
    keep_units_only (layout);
  else
    keep_quantities (layout);
  return layout_width (layout) + 2 * CELL_PAD_X;
}

/* Gives each column of a cramped table at least its widest word
 * (column_min_width ()), from its share of the width, taking the room from
 * the columns wider than theirs in proportion to what each can spare.
 * Returns FALSE, the columns unchanged, when the words cannot all fit
 * (@narrow: those no wider than an even share of the table). */
static gboolean
fit_table_columns (Pager    *pager,
                   Block    *block,
                   gboolean  narrow)
{
  g_autofree double *min = g_new0 (double, block->n_columns);
  double deficit = 0, surplus = 0;

  for (guint c = 0; c < block->n_columns; c++)
    {
      double share = column_width (block, pager->width, c);

      min[c] = column_min_width (pager, block, c, narrow);
      /* keeping only units whole, a word wider than an even share of the
       * table (a 400-letter name) is no reason to widen its column more:
       * it breaks where it must */
      if (narrow)
        min[c] = MIN (min[c], MAX (share, pager->width / block->n_columns));
      if (min[c] > share)
        deficit += min[c] - share;
      else
        surplus += share - min[c];
    }
  if (deficit > surplus)
    return FALSE;

  for (guint c = 0; c < block->n_columns; c++)
    {
      double share = column_width (block, pager->width, c);

      block->col_width[c] = min[c] > share ? min[c]
                                           : share - (share - min[c]) * deficit / MAX (surplus, 1e-9);
    }
  return TRUE;
}

/* A plain table: each column its share of the width (sp_document_add_table
 * ()'s widths), widened where that breaks inside a word or cannot hold a
 * quantity kept whole ("4,000 mcg/mL" in bold ran into the next column);
 * when whole quantities cannot all fit ("24 mg de tartrato (12 mg de
 * base)/48 mL" beside a preparation naming another), only each number
 * stays with its unit. */
static void
measure_table (Pager *pager,
               Block *block)
{
  gboolean narrow = FALSE;

  g_clear_pointer (&block->col_width, g_free);
  block->col_width = g_new (double, block->n_columns);
  for (guint c = 0; c < block->n_columns; c++)
    block->col_width[c] = column_width (block, pager->width, c);

  if (!layout_table_cells (pager, block, FALSE))
    return;
  if (!fit_table_columns (pager, block, FALSE))
    {
      narrow = TRUE;
      fit_table_columns (pager, block, TRUE);
    }
  layout_table_cells (pager, block, narrow);
}

/* A run of fields shares one label column: as wide as its widest label, at
 * most 40% of the width. */
static void
measure_field_runs (Pager *pager)
{
  GPtrArray *blocks = pager->doc->blocks;
  guint i = 0;

  while (i < blocks->len)
    {
      Block *block = g_ptr_array_index (blocks, i);
      double widest = 0;
      guint end;

      if (block->kind != BLOCK_FIELD)
        {
          i++;
          continue;
        }

      for (end = i; end < blocks->len; end++)
        {
          Block *field = g_ptr_array_index (blocks, end);
          g_autoptr(PangoLayout) probe = NULL;

          if (field->kind != BLOCK_FIELD)
            break;
          probe = make_layout (pager->context, field->text, SIZE_BODY, FALSE, -1, PANGO_ALIGN_LEFT);
          widest = MAX (widest, layout_width (probe));
        }

      widest = MIN (ceil (widest) + 10.0, 0.4 * pager->width);
      for (; i < end; i++)
        ((Block *) g_ptr_array_index (blocks, i))->label_width = widest;
    }
}

static void
measure_block (Pager *pager,
               Block *block)
{
  PangoContext *context = pager->context;
  double width = pager->width;

  block_clear_layout (block);

  switch (block->kind)
    {
    case BLOCK_CAPTION:
      block->layout = make_layout (context, block->text, SIZE_SMALL + 0.5, FALSE, width,
                                   PANGO_ALIGN_LEFT);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_TITLE:
      {
        g_autofree char *markup = NULL;

        block->layout = make_own_layout (context, "", SIZE_TITLE, TRUE, width, PANGO_ALIGN_LEFT);
        if (block->value != NULL && *block->value != '\0')
          markup = g_markup_printf_escaped ("%s  <span weight=\"normal\" size=\"%d\">%s</span>",
                                            block->text, (int) (SIZE_BODY * PANGO_SCALE),
                                            block->value);
        else
          markup = g_markup_escape_text (block->text, -1);
        pango_layout_set_markup (block->layout, markup, -1);
        keep_quantities (block->layout);
        block->height = layout_height (block->layout) + 2.0;
      }
      break;

    case BLOCK_HEADING:
      block->layout = make_layout (context, block->text, SIZE_HEADING, TRUE, width,
                                   PANGO_ALIGN_LEFT);
      block->height = HEADING_ABOVE + layout_height (block->layout) + 3.0;
      break;

    case BLOCK_PARAGRAPH:
      block->layout = make_layout (context, block->text, SIZE_BODY, FALSE, width, PANGO_ALIGN_LEFT);
      block->height = layout_height (block->layout) + BLOCK_GAP;
      break;

    case BLOCK_ITEM:
      block->layout = make_layout (context, block->text, SIZE_BODY, block->strong, width - 16.0,
                                   PANGO_ALIGN_LEFT);
      block->height = layout_height (block->layout) + BLOCK_GAP;
      break;

    case BLOCK_FIELD:
      block->layout = make_layout (context, block->text, SIZE_BODY, FALSE,
                                   block->label_width - 8.0, PANGO_ALIGN_LEFT);
      block->layout2 = make_layout (context, block->value, SIZE_BODY, block->strong,
                                    width - block->label_width, PANGO_ALIGN_LEFT);
      block->height = MAX (layout_height (block->layout), layout_height (block->layout2)) + 2.0;
      break;

    case BLOCK_WRITE_IN:
      block->extra = g_ptr_array_new_with_free_func (g_object_unref);
      block->height = WRITE_IN_HEIGHT;
      for (guint i = 0; block->labels[i] != NULL; i++)
        {
          PangoLayout *layout = make_layout (context, block->labels[i], SIZE_BODY, FALSE, -1,
                                             PANGO_ALIGN_LEFT);

          g_ptr_array_add (block->extra, layout);
          block->height = MAX (block->height, layout_height (layout) + 12.0);
        }
      break;

    case BLOCK_SPACE:
      block->height = block->space;
      break;

    case BLOCK_FIGURE:
      block->height = block->space + BLOCK_GAP;
      break;

    case BLOCK_TABLE:
      if (block->max_groups > 1)
        measure_grouped_table (pager, block);
      else
        measure_table (pager, block);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* --- placing ----------------------------------------------------------------- */

static void
add_op (Pager       *pager,
        OpKind       kind,
        PangoLayout *layout,
        double       x,
        double       y,
        double       width,
        double       height,
        double       gray,
        double       line_width)
{
  Op op = { kind, layout != NULL ? g_object_ref (layout) : NULL, x, y, width, height,
            gray, line_width };

  g_array_append_val (pager->page->ops, op);
}

static void
add_text (Pager       *pager,
          PangoLayout *layout,
          double       x,
          double       y,
          double       gray)
{
  add_op (pager, OP_TEXT, layout, x, y, 0, 0, gray, 0);
}

static void
add_line (Pager  *pager,
          double  x1,
          double  y1,
          double  x2,
          double  y2,
          double  gray,
          double  line_width)
{
  add_op (pager, OP_LINE, NULL, x1, y1, x2 - x1, y2 - y1, gray, line_width);
}

static void
new_page (Pager *pager)
{
  Page *page = g_new0 (Page, 1);

  page->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (page->ops, op_clear);
  g_ptr_array_add (pager->doc->pages, page);
  pager->page = page;
  pager->y = MARGIN_TOP;

  if (pager->doc->pages->len > 1 && pager->doc->running_header != NULL)
    {
      /* One line, laid out once for all pages: a long title is shortened in
       * the middle, so that "continued" at its end stays. */
      if (pager->running_header == NULL)
        {
          pager->running_header = make_own_layout (pager->context, pager->doc->running_header,
                                                   SIZE_SMALL + 0.5, TRUE, pager->width,
                                                   PANGO_ALIGN_LEFT);
          pango_layout_set_ellipsize (pager->running_header, PANGO_ELLIPSIZE_MIDDLE);
          pango_layout_set_height (pager->running_header, -1);
        }

      add_text (pager, pager->running_header, pager->left, pager->y, DIM_GRAY);
      pager->y += layout_height (pager->running_header) + 2.0;
      add_line (pager, pager->left, pager->y, pager->left + pager->width, pager->y, RULE_GRAY, 0.5);
      pager->y += 6.0;
    }
  pager->top = pager->y;
}

/* Makes room for @height: a new page unless it fits or the page is empty. */
static void
need (Pager  *pager,
      double  height)
{
  if (pager->y + height > pager->bottom && pager->y > pager->top + 0.01)
    new_page (pager);
}

/* A heading and its rule at the pager's line, the space above it left out
 * at the top of a page. */
static void
place_heading (Pager       *pager,
               PangoLayout *layout)
{
  double y = pager->y + (pager->y > pager->top + 0.01 ? HEADING_ABOVE : 0.0);

  add_text (pager, layout, pager->left, y, TEXT_GRAY);
  y += layout_height (layout) + 1.0;
  add_line (pager, pager->left, y, pager->left + pager->width, y, RULE_GRAY, 0.5);
  pager->y = y + 2.0;
}

/* A table's heading again at the top of a page the table continues on,
 * marked as continued (laid out the first time it is needed). */
static void
place_continued_heading (Pager *pager,
                         Block *heading)
{
  if (heading == NULL)
    return;

  if (heading->layout2 == NULL)
    {
      /* TRANSLATORS: a table's heading repeated at the top of the next page
       * the table runs on to: "Above the soft limit of …: confirm the dose
       * (continued)" */
      g_autofree char *text = g_strdup_printf (_("%s (continued)"), heading->text);

      heading->layout2 = make_layout (pager->context, text, SIZE_HEADING, TRUE, pager->width,
                                      PANGO_ALIGN_LEFT);
    }
  place_heading (pager, heading->layout2);
}

/* What must follow a heading on its page: the next block, or for a table its
 * header and first rows. */
static double
keep_height (GPtrArray *blocks,
             guint      index)
{
  Block *next;
  double height;

  if (index >= blocks->len)
    return 0;

  next = g_ptr_array_index (blocks, index);
  if (next->kind != BLOCK_TABLE)
    return next->height;

  height = next->height;
  for (guint r = 0; r < MIN (next->rows->len, MIN_TABLE_ROWS); r++)
    height += ((Row *) g_ptr_array_index (next->rows, r))->height;
  return height;
}

static void
place_table_header (Pager *pager,
                    Block *block)
{
  double x = pager->left;
  double y = pager->y;

  add_line (pager, pager->left, y, pager->left + pager->width, y, TEXT_GRAY, 0.8);
  for (guint c = 0; c < block->n_columns; c++)
    {
      add_text (pager, g_ptr_array_index (block->extra, c), x + CELL_PAD_X, y + CELL_PAD_Y,
                TEXT_GRAY);
      x += block->col_width[c];
    }
  pager->y += block->height;
  add_line (pager, pager->left, pager->y, pager->left + pager->width, pager->y, TEXT_GRAY, 0.8);
}

static void
place_table (Pager *pager,
             Block *block,
             Block *heading)
{
  const char *decimal_point = localeconv ()->decimal_point;

  double start = block->height;

  /* the header never alone at the foot of a page */
  for (guint r = 0; r < MIN (block->rows->len, MIN_TABLE_ROWS); r++)
    start += ((Row *) g_ptr_array_index (block->rows, r))->height;
  need (pager, start);
  place_table_header (pager, block);

  for (guint r = 0; r < block->rows->len; r++)
    {
      Row *row = g_ptr_array_index (block->rows, r);
      double x = pager->left;

      if (pager->y + row->height > pager->bottom)
        {
          new_page (pager);
          place_continued_heading (pager, heading);
          place_table_header (pager, block);
        }

      if (row->marked)
        /* below the rule above it, which stays visible */
        add_op (pager, OP_FILL, NULL, pager->left, pager->y + 0.3, pager->width,
                row->height - 0.3, MARK_GRAY, 0);

      for (guint c = 0; c < block->n_columns; c++)
        {
          PangoLayout *layout = g_ptr_array_index (row->layouts, c);
          double cell_x = x + CELL_PAD_X;

          if (block->aligns[c] == SP_ALIGN_DECIMAL)
            cell_x = x + block->decimal_x[c] - integer_part_width (layout, decimal_point);
          add_text (pager, layout, cell_x, pager->y + CELL_PAD_Y, TEXT_GRAY);
          x += block->col_width[c];
        }
      pager->y += row->height;
      add_line (pager, pager->left, pager->y, pager->left + pager->width, pager->y,
                r + 1 == block->rows->len ? TEXT_GRAY : GRID_GRAY,
                r + 1 == block->rows->len ? 0.8 : 0.4);
    }
  pager->y += BLOCK_GAP + 2.0;
}

/* How many groups of @block fit side by side in the width, at most its own
 * maximum. */
static guint
grouped_table_fit (Pager *pager,
                   Block *block)
{
  double natural = 0;
  guint fit;

  for (guint c = 0; c < block->n_columns; c++)
    natural += block->natural[c];
  fit = (guint) floor ((pager->width + GROUP_GAP) / (natural + GROUP_GAP));

  return CLAMP (fit, 1, block->max_groups);
}

/* One group: its header, then rows [@first, @end) of @block, at @x. */
static void
place_group (Pager        *pager,
             Block        *block,
             const double *col_width,
             double        x,
             double        group_width,
             guint         first,
             guint         end)
{
  const char *decimal_point = localeconv ()->decimal_point;
  double y = pager->y;
  double cx = x;

  add_line (pager, x, y, x + group_width, y, TEXT_GRAY, 0.8);
  for (guint c = 0; c < block->n_columns; c++)
    {
      PangoLayout *header = g_ptr_array_index (block->extra, c);
      double hx = cx + CELL_PAD_X;

      /* a number column's header flush right over its numbers */
      if (block->aligns[c] != SP_ALIGN_START)
        hx = cx + col_width[c] - CELL_PAD_X - layout_width (header);
      add_text (pager, header, hx, y + CELL_PAD_Y, TEXT_GRAY);
      cx += col_width[c];
    }
  y += block->height;
  add_line (pager, x, y, x + group_width, y, TEXT_GRAY, 0.8);

  for (guint r = first; r < end; r++)
    {
      Row *row = g_ptr_array_index (block->rows, r);

      if (row->marked)
        add_op (pager, OP_FILL, NULL, x, y + 0.3, group_width, row->height - 0.3, MARK_GRAY, 0);

      cx = x;
      for (guint c = 0; c < block->n_columns; c++)
        {
          PangoLayout *layout = g_ptr_array_index (row->layouts, c);
          double cell_x = cx + CELL_PAD_X;

          if (block->aligns[c] == SP_ALIGN_DECIMAL)
            cell_x = cx + col_width[c] - CELL_PAD_X - block->frac_width[c]
                     - integer_part_width (layout, decimal_point);
          else if (block->aligns[c] == SP_ALIGN_END)
            cell_x = cx + col_width[c] - CELL_PAD_X - layout_width (layout);
          add_text (pager, layout, cell_x, y + CELL_PAD_Y, TEXT_GRAY);
          cx += col_width[c];
        }
      y += row->height;
      add_line (pager, x, y, x + group_width, y,
                r + 1 == end ? TEXT_GRAY : GRID_GRAY, r + 1 == end ? 0.8 : 0.4);
    }
}

/* A grouped table: on each page as many rows per group as fit (all groups
 * balanced on its last page), the header atop every group. */
static void
place_grouped_table (Pager *pager,
                     Block *block,
                     Block *heading)
{
  guint n_rows = block->rows->len;
  guint fit_groups = grouped_table_fit (pager, block);
  /* never fewer than MIN_TABLE_ROWS rows a group: three rows stay one column */
  guint groups = CLAMP (n_rows / MIN_TABLE_ROWS, 1, MIN (fit_groups, pager->groups));
  /* as wide as when the most groups are used, fewer leave the right free:
   * a dose and its rate stay close together */
  double group_width = (pager->width - (fit_groups - 1) * GROUP_GAP) / fit_groups;
  g_autofree double *col_width = g_new0 (double, block->n_columns);
  double natural = 0, weights = 0;
  guint r = 0;

  /* each column its natural width, what is left shared by the columns'
   * relative widths */
  for (guint c = 0; c < block->n_columns; c++)
    {
      natural += block->natural[c];
      weights += block->widths[c];
    }
  for (guint c = 0; c < block->n_columns; c++)
    {
      if (natural <= group_width)
        col_width[c] = block->natural[c] + (group_width - natural) * block->widths[c] / weights;
      else
        col_width[c] = group_width * block->natural[c] / natural;
    }

  while (r < n_rows)
    {
      guint left = n_rows - r;
      guint fit = (guint) MAX (0, floor ((pager->bottom - pager->y - block->height)
                                         / block->row_height));
      guint per_group, chunk;

      /* the header never alone, nor with less than a few rows, at a page's foot */
      if (fit < MIN (left, MIN_TABLE_ROWS) && pager->y > pager->top + 0.01)
        {
          new_page (pager);
          place_continued_heading (pager, heading);
          fit = (guint) MAX (0, floor ((pager->bottom - pager->y - block->height)
                                       / block->row_height));
        }
      fit = MAX (fit, 1);

      per_group = left <= fit * groups ? (left + groups - 1) / groups : fit;
      chunk = MIN (left, per_group * groups);
      for (guint g = 0; g < groups && g * per_group < chunk; g++)
        place_group (pager, block, col_width, pager->left + g * (group_width + GROUP_GAP),
                     group_width, r + g * per_group, r + MIN (chunk, (g + 1) * per_group));

      pager->y += block->height + per_group * block->row_height;
      r += chunk;
      if (r < n_rows)
        {
          new_page (pager);
          place_continued_heading (pager, heading);
        }
    }
  pager->y += BLOCK_GAP + 2.0;
}

static void
place_write_in (Pager *pager,
                Block *block)
{
  guint n = block->extra->len;
  double cell = pager->width / n;
  double baseline = pager->y + block->height - 3.0;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = g_ptr_array_index (block->extra, i);
      double x = pager->left + i * cell;
      double label_end = x + layout_width (layout) + 4.0;
      double line_end = x + cell - (i + 1 < n ? 12.0 : 0.0);

      add_text (pager, layout, x, baseline - layout_height (layout) + 1.0, DIM_GRAY);
      add_line (pager, label_end, baseline, MAX (line_end, label_end + 20.0), baseline,
                TEXT_GRAY, 0.6);
    }
  pager->y += block->height;
}

/* A text taller than a page (a case's long notes): line by line onto as
 * many pages as it takes, each page showing a slice of the one layout. */
static void
place_tall_text (Pager       *pager,
                 PangoLayout *layout,
                 double       x,
                 double       gray)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double slice_top = 0;
  double slice_bottom = 0;

  do
    {
      PangoRectangle line;
      double top, bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &line);
      top = (double) line.y / PANGO_SCALE;
      bottom = (double) (line.y + line.height) / PANGO_SCALE;

      /* This line would cross the foot of the page: what came before it
       * is this page's slice, the rest starts on the next. */
      if (bottom - slice_top > pager->bottom - pager->y && slice_bottom > slice_top)
        {
          add_op (pager, OP_TEXT, layout, x, pager->y, pager->width + pager->left - x,
                  slice_bottom - slice_top, gray, 0);
          g_array_index (pager->page->ops, Op, pager->page->ops->len - 1).shift = slice_top;
          new_page (pager);
          slice_top = top;
        }
      slice_bottom = bottom;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  add_op (pager, OP_TEXT, layout, x, pager->y, pager->width + pager->left - x,
          slice_bottom - slice_top, gray, 0);
  g_array_index (pager->page->ops, Op, pager->page->ops->len - 1).shift = slice_top;
  pager->y += slice_bottom - slice_top;
}

static void
place_block (Pager *pager,
             guint  index)
{
  Block *block = g_ptr_array_index (pager->doc->blocks, index);

  /* Taller than a whole page: split by lines rather than run over the
   * footer. */
  if ((block->kind == BLOCK_PARAGRAPH || block->kind == BLOCK_FIELD) &&
      block->height > pager->bottom - pager->top)
    {
      need (pager, MIN (block->height, 3 * SIZE_BODY));
      if (block->kind == BLOCK_FIELD)
        {
          add_text (pager, block->layout, pager->left, pager->y, DIM_GRAY);
          place_tall_text (pager, block->layout2, pager->left + block->label_width, TEXT_GRAY);
        }
      else
        place_tall_text (pager, block->layout, pager->left, TEXT_GRAY);
      return;
    }

  switch (block->kind)
    {
    case BLOCK_SPACE:
      if (pager->y > pager->top + 0.01)
        pager->y += block->height;
      return;

    case BLOCK_TABLE:
      {
        Block *previous = index > 0 ? g_ptr_array_index (pager->doc->blocks, index - 1) : NULL;
        Block *heading = previous != NULL && previous->kind == BLOCK_HEADING ? previous : NULL;

        if (block->max_groups > 1)
          place_grouped_table (pager, block, heading);
        else
          place_table (pager, block, heading);
      }
      return;

    case BLOCK_HEADING:
      need (pager, block->height + keep_height (pager->doc->blocks, index + 1));
      break;

    case BLOCK_CAPTION:
    case BLOCK_TITLE:
    case BLOCK_PARAGRAPH:
    case BLOCK_ITEM:
    case BLOCK_FIELD:
    case BLOCK_WRITE_IN:
    case BLOCK_FIGURE:
    default:
      need (pager, block->height);
      break;
    }

  switch (block->kind)
    {
    case BLOCK_CAPTION:
      add_text (pager, block->layout, pager->left, pager->y, DIM_GRAY);
      break;

    case BLOCK_TITLE:
    case BLOCK_PARAGRAPH:
      add_text (pager, block->layout, pager->left, pager->y, TEXT_GRAY);
      break;

    case BLOCK_HEADING:
      place_heading (pager, block->layout);
      return;

    case BLOCK_ITEM:
      {
        PangoLayoutIter *iter = pango_layout_get_iter (block->layout);
        double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

        pango_layout_iter_free (iter);
        if (block->checkbox)
          add_op (pager, OP_BOX, NULL, pager->left + 1.0, pager->y + baseline - 7.0, 7.0, 7.0,
                  TEXT_GRAY, 0.6);
        else
          add_op (pager, OP_FILL, NULL, pager->left + 3.0, pager->y + baseline - 4.5, 3.0, 3.0,
                  TEXT_GRAY, 0);
        add_text (pager, block->layout, pager->left + 16.0, pager->y, TEXT_GRAY);
      }
      break;

    case BLOCK_FIELD:
      add_text (pager, block->layout, pager->left, pager->y, DIM_GRAY);
      add_text (pager, block->layout2, pager->left + block->label_width, pager->y, TEXT_GRAY);
      break;

    case BLOCK_WRITE_IN:
      place_write_in (pager, block);
      return;

    case BLOCK_FIGURE:
      {
        /* No taller than a page: the caller draws to the height it gets. */
        Op op = { OP_FIGURE, NULL, pager->left, pager->y, pager->width,
                  MIN (block->space, pager->bottom - pager->top), 0, 0, 0, block };

        g_array_append_val (pager->page->ops, op);
        pager->y += op.height + BLOCK_GAP;
      }
      return;

    case BLOCK_SPACE:
    case BLOCK_TABLE:
    default:
      g_assert_not_reached ();
    }

  pager->y += block->height;
}

/* The footer's three parts side by side, as shares of the text width: the
 * disclaimer, the time printed (centred), the page number (right). */
#define FOOTER_WHEN_AT 0.5
#define FOOTER_PAGE_AT 0.8

/* The footer's text, measured before any content is placed: its height
 * (the tallest of its parts as they wrap in their share of the width, with
 * the widest page number the document can have) is kept free on every page. */
static void
measure_footer (Pager *pager)
{
  g_autofree char *time = sp_document_format_time (pager->doc->printed);
  /* TRANSLATORS: in the footer of a printed page: "Printed 2025-03-14 09:30" */
  g_autofree char *printed = g_strdup_printf (_("Printed %s"), time);
  /* TRANSLATORS: in the footer of a printed page */
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), 888, 888);
  g_autoptr(PangoLayout) page_layout = make_layout (pager->context, number, SIZE_SMALL, FALSE,
                                                    pager->width * (1 - FOOTER_PAGE_AT),
                                                    PANGO_ALIGN_RIGHT);

  pager->disclaimer = make_layout (pager->context,
                                   _("Decision support — verify before use. "
                                     "ShockPath supports, and never replaces, clinical judgement."),
                                   SIZE_SMALL, TRUE, pager->width * FOOTER_WHEN_AT,
                                   PANGO_ALIGN_LEFT);
  pager->when = make_layout (pager->context, printed, SIZE_SMALL, FALSE,
                             pager->width * (FOOTER_PAGE_AT - FOOTER_WHEN_AT), PANGO_ALIGN_CENTER);
  pager->footer_height = MAX (layout_height (pager->disclaimer),
                              MAX (layout_height (pager->when), layout_height (page_layout)));
  pager->bottom = pager->page_height - MARGIN_BOTTOM - pager->footer_height - FOOTER_GAP;
}

static void
place_footers (Pager *pager)
{
  guint n = pager->doc->pages->len;
  double footer_y = pager->page_height - MARGIN_BOTTOM - pager->footer_height;

  for (guint i = 0; i < n; i++)
    {
      /* TRANSLATORS: in the footer of a printed page */
      g_autofree char *number = g_strdup_printf (_("Page %u of %u"), i + 1, n);
      g_autoptr(PangoLayout) page_layout = make_layout (pager->context, number, SIZE_SMALL, FALSE,
                                                        pager->width * (1 - FOOTER_PAGE_AT),
                                                        PANGO_ALIGN_RIGHT);

      pager->page = g_ptr_array_index (pager->doc->pages, i);
      add_line (pager, pager->left, footer_y - 4.0, pager->left + pager->width, footer_y - 4.0,
                RULE_GRAY, 0.5);
      add_text (pager, pager->disclaimer, pager->left, footer_y, TEXT_GRAY);
      add_text (pager, pager->when, pager->left + pager->width * FOOTER_WHEN_AT, footer_y,
                DIM_GRAY);
      add_text (pager, page_layout, pager->left + pager->width * FOOTER_PAGE_AT, footer_y,
                TEXT_GRAY);
    }
}

/* Places every block onto new pages, grouped tables in at most @groups groups. */
static guint
place_all (Pager *pager,
           guint  groups)
{
  g_ptr_array_set_size (pager->doc->pages, 0);
  pager->groups = groups;

  new_page (pager);
  for (guint i = 0; i < pager->doc->blocks->len; i++)
    place_block (pager, i);

  return pager->doc->pages->len;
}

static guint
paginate_at (SpDocument   *doc,
             PangoContext *context,
             double        page_width,
             double        page_height)
{
  Pager pager = { 0 };
  guint max_groups = 1, best_groups = 1, best_pages;

  g_ptr_array_set_size (doc->pages, 0);

  pager.doc = doc;
  pager.context = context;
  pager.page_width = page_width;
  pager.page_height = page_height;
  pager.left = MARGIN_SIDE;
  pager.width = sp_document_get_text_width (page_width);
  measure_footer (&pager);

  measure_field_runs (&pager);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      measure_block (&pager, block);
      if (block->kind == BLOCK_TABLE)
        max_groups = MAX (max_groups, block->max_groups);
    }

  /* The fewest groups that give the fewest pages: a short table stays one
   * column, a long one spreads across the page. */
  best_pages = place_all (&pager, 1);
  for (guint groups = 2; groups <= max_groups; groups++)
    {
      guint n_pages = place_all (&pager, groups);

      if (n_pages < best_pages)
        {
          best_pages = n_pages;
          best_groups = groups;
        }
    }
  if (best_groups != max_groups)
    place_all (&pager, best_groups);

  place_footers (&pager);
  g_clear_object (&pager.disclaimer);
  g_clear_object (&pager.when);
  g_clear_object (&pager.running_header);

  return doc->pages->len;
}

/* The scale steps sp_document_set_fit () tries, from the full size down. */
#define FIT_STEP 0.025

guint
sp_document_paginate (SpDocument   *doc,
                      PangoContext *context,
                      double        page_width,
                      double        page_height)
{
  guint n_pages;

  g_return_val_if_fail (doc != NULL, 0);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), 0);
  g_return_val_if_fail (page_width > 2 * MARGIN_SIDE + 100 && page_height > 200, 0);

  /* A smaller scale lays the document out on a larger page that
   * sp_document_draw_page () scales down to the paper. */
  doc->scale = 1.0;
  n_pages = paginate_at (doc, context, page_width, page_height);
  if (doc->fit_pages == 0 || n_pages <= doc->fit_pages)
    return n_pages;

  /* The smallest scale first: when even it does not fit, the full size
   * stays, kept rather than laid out again (every long sheet paid for
   * seven layouts). */
  {
    g_autoptr(GPtrArray) full = g_steal_pointer (&doc->pages);

    doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
    if (paginate_at (doc, context, page_width / doc->min_scale,
                     page_height / doc->min_scale) > doc->fit_pages)
      {
        g_ptr_array_unref (doc->pages);
        doc->pages = g_steal_pointer (&full);
        return doc->pages->len;
      }
  }
  /* it fits: the largest scale that does */
  for (double scale = 1.0 - FIT_STEP; scale > doc->min_scale + 1e-9; scale -= FIT_STEP)
    {
      if (paginate_at (doc, context, page_width / scale, page_height / scale) <= doc->fit_pages)
        {
          doc->scale = scale;
          return doc->pages->len;
        }
    }
  doc->scale = doc->min_scale;
  return paginate_at (doc, context, page_width / doc->min_scale, page_height / doc->min_scale);
}

void
sp_document_set_fit (SpDocument *doc,
                     guint       pages,
                     double      min_scale)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (min_scale > 0 && min_scale <= 1);

  doc->fit_pages = pages;
  doc->min_scale = min_scale;
}

guint
sp_document_get_n_pages (SpDocument *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return doc->pages->len;
}

void
sp_document_draw_page (SpDocument *doc,
                       cairo_t    *cr,
                       guint       index)
{
  Page *page;

  g_return_if_fail (doc != NULL && cr != NULL);
  g_return_if_fail (index < doc->pages->len);

  page = g_ptr_array_index (doc->pages, index);

  cairo_save (cr);
  cairo_scale (cr, doc->scale, doc->scale);
  for (guint i = 0; i < page->ops->len; i++)
    {
      const Op *op = &g_array_index (page->ops, Op, i);

      cairo_set_source_rgb (cr, op->gray, op->gray, op->gray);
      switch (op->kind)
        {
        case OP_TEXT:
          if (op->height > 0)
            {
              cairo_save (cr);
              cairo_rectangle (cr, op->x, op->y, op->width, op->height);
              cairo_clip (cr);
              cairo_move_to (cr, op->x, op->y - op->shift);
              pango_cairo_show_layout (cr, op->layout);
              cairo_restore (cr);
            }
          else
            {
              cairo_move_to (cr, op->x, op->y);
              pango_cairo_show_layout (cr, op->layout);
            }
          break;

        case OP_LINE:
          cairo_set_line_width (cr, op->line_width);
          cairo_move_to (cr, op->x, op->y);
          cairo_rel_line_to (cr, op->width, op->height);
          cairo_stroke (cr);
          break;

        case OP_FILL:
          cairo_rectangle (cr, op->x, op->y, op->width, op->height);
          cairo_fill (cr);
          break;

        case OP_BOX:
          cairo_set_line_width (cr, op->line_width);
          cairo_rectangle (cr, op->x, op->y, op->width, op->height);
          cairo_stroke (cr);
          break;

        case OP_FIGURE:
          cairo_save (cr);
          cairo_rectangle (cr, op->x, op->y, op->width, op->height);
          cairo_clip (cr);
          cairo_translate (cr, op->x, op->y);
          op->figure->draw (cr, op->width, op->height, op->figure->draw_data);
          cairo_restore (cr);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}

/* --- PDF ----------------------------------------------------------------------- */

/* Pango 1.50 has no g_autoptr for PangoContext. */
typedef PangoContext SpDocPangoContext;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDocPangoContext, g_object_unref)

/* The context a PDF is laid out in, on @cr (a PDF surface's): points at 72
 * dpi, and metrics independent of any device, so that a page breaks the
 * same way on screen, on paper and in the file. The same as
 * pango_cairo_create_context () but for the font map. */
PangoContext *
sp_document_context_new (PangoFontMap *font_map)
{
  PangoContext *context;
  cairo_font_options_t *options;

  g_return_val_if_fail (PANGO_IS_FONT_MAP (font_map), NULL);

  context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static PangoContext *
pdf_context_new (PangoFontMap *font_map,
                 cairo_t      *cr)
{
  PangoContext *context = sp_document_context_new (font_map);

  /* the surface's transformation; options set on the context win over the
   * surface's, so the document's stay */
  pango_cairo_update_context (cr, context);
  return context;
}

/* --- fonts made ready ahead ---------------------------------------------------- */

/* The type sizes and weights the blocks use (make_layout () calls); one
 * left out here is made when the document is written, as without. */
static const struct {
  double   size;
  gboolean bold;
} document_fonts[] = {
  { SIZE_BODY, FALSE },
  { SIZE_BODY, TRUE },
  { SIZE_SMALL, FALSE },
  { SIZE_SMALL, TRUE },
  { SIZE_SMALL + 0.5, FALSE },
  { SIZE_SMALL + 0.5, TRUE },
  { SIZE_HEADING, TRUE },
  { SIZE_TITLE, TRUE },
};

/* What the fonts are measured on while they are made ready: one glyph
 * finds, loads and measures a font (its metrics, its shaper); the glyphs a
 * document uses are loaded as it is laid out. */
#define SAMPLE_TEXT "0"

struct _SpDocumentFonts {
  GThread      *thread;     /* until joined */
  PangoFontMap *font_map;   /* then */
};

/* In the thread: a font map of its own, each of document_fonts loaded and
 * measured in a context set up as a PDF's (the font options of a PDF
 * surface are part of what pango looks fonts up by). Nothing else touches
 * the font map until the thread is joined. */
static gpointer
prepare_fonts (gpointer data)
{
  PangoFontMap *font_map = sp_font_map_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(SpDocPangoContext) context = NULL;
  double width, height;

  sp_paper_get_size (SP_PAPER_A4, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (NULL, NULL, width, height);
  cr = cairo_create (surface);
  context = pdf_context_new (font_map, cr);

  for (guint i = 0; i < G_N_ELEMENTS (document_fonts); i++)
    {
      g_autoptr(PangoLayout) layout = make_own_layout (context, SAMPLE_TEXT, document_fonts[i].size,
                                                       document_fonts[i].bold, -1,
                                                       PANGO_ALIGN_LEFT);

      layout_height (layout);
    }

  g_clear_object (&context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return font_map;
}

SpDocumentFonts *
sp_document_fonts_prepare (void)
{
  SpDocumentFonts *fonts = g_new0 (SpDocumentFonts, 1);

  fonts->thread = g_thread_new ("sp-document-fonts", prepare_fonts, NULL);
  return fonts;
}

PangoFontMap *
sp_document_fonts_get_font_map (SpDocumentFonts *fonts)
{
  g_return_val_if_fail (fonts != NULL, NULL);

  if (fonts->thread != NULL)
    fonts->font_map = g_thread_join (g_steal_pointer (&fonts->thread));
  return fonts->font_map;
}

void
sp_document_fonts_free (SpDocumentFonts *fonts)
{
  if (fonts == NULL)
    return;
  sp_document_fonts_get_font_map (fonts);
  g_clear_object (&fonts->font_map);
  g_free (fonts);
}

/* --- PDF files ----------------------------------------------------------------- */

static gboolean
surface_ok (cairo_surface_t  *surface,
            const char       *path,
            GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, SP_DOCUMENT_ERROR, SP_DOCUMENT_ERROR_WRITE,
               /* TRANSLATORS: "x.pdf: cannot write: error while writing to output stream" */
               _("%s: cannot write: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

cairo_status_t
sp_document_append_bytes (void                *closure,
                          const unsigned char *data,
                          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
sp_document_write_pdf_many (SpDocument      **docs,
                            guint             n_docs,
                            SpDocumentFonts  *fonts,
                            const char       *path,
                            SpPaper           paper,
                            GError          **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(SpDocPangoContext) context = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  gboolean ok;

  g_return_val_if_fail (docs != NULL && n_docs > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sp_paper_get_size (paper, &width, &height);
  /* Built in memory, then it replaces the file whole (sp_file_replace ()). */
  surface = cairo_pdf_surface_create_for_stream (sp_document_append_bytes, bytes, width, height);
  if (!surface_ok (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  sp_document_get_title (docs[0]));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "ShockPath " PACKAGE_VERSION);

  cr = cairo_create (surface);
  context = pdf_context_new (fonts != NULL ? sp_document_fonts_get_font_map (fonts)
                                           : sp_font_map_get_default (),
                             cr);
  /* Many sheets in one file: each text laid out once for all. */
  share_layouts (context);

  for (guint d = 0; d < n_docs; d++)
    {
      guint n_pages = sp_document_paginate (docs[d], context, width, height);

      for (guint i = 0; i < n_pages; i++)
        {
          sp_document_draw_page (docs[d], cr, i);
          cairo_show_page (cr);
        }
    }

  unshare_layouts (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = surface_ok (surface, path, error);
  cairo_surface_destroy (surface);

  if (!ok)
    return FALSE;
  return sp_file_replace (path, bytes->data, bytes->len, error);
}

gboolean
sp_document_write_pdf (SpDocument  *doc,
                       const char  *path,
                       SpPaper      paper,
                       GError     **error)
{
  return sp_document_write_pdf_many (&doc, 1, NULL, path, paper, error);
}
