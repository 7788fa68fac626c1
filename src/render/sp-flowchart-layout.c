/* sp-flowchart-layout.c: where the flowchart's boxes and arrows go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout, from the protocol data only:
 *   - the steps' column/row hints give a grid (distinct hints, in order; two
 *     steps with the same hints stack in sub-rows, never overlap);
 *   - every box of a column has the column's width, every box of a row the
 *     row's height; heights come from the text measured with pango at that
 *     width (title and summary wrapped, criteria with their marks and values);
 *   - the box width is chosen among a few candidates so that the drawing fits
 *     @width x @height at the largest scale; a drawing that is still larger is
 *     scaled down uniformly and centred, never clipped;
 *   - arrows ("next") are orthogonal: straight between neighbours, otherwise
 *     through the gutters between columns and the gaps between rows, which
 *     never hold a box, each in its own lane.
 * The coordinates the public API returns are those after scaling.
 */
#define G_LOG_DOMAIN "sp-flowchart-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-flowchart-render-private.h"
#include "sp-format.h"
#include "sp-text-breaks.h"

static void
criterion_item_free (gpointer data)
{
  CriterionItem *item = data;

  g_clear_object (&item->layout);
  g_free (item);
}

/* --- text ----------------------------------------------------------------- */

/* What is measured of a text, kept with its PangoLayout (whose text, font
 * and attributes never change once made): its height at each width asked
 * for, and its widest word; valid while the PangoContext's serial is. */
typedef struct {
  int    width;     /* Pango units */
  double height;    /* layout units */
} HeightAt;

typedef struct {
  guint   serial;
  GArray *heights;        /* HeightAt */
  double  widest_word;    /* < 0: not measured */
} TextMetrics;

/* Widths remembered per text: the few a layout tries, and a few resizes. */
#define MAX_HEIGHTS 32

static void
text_metrics_free (gpointer data)
{
  TextMetrics *metrics = data;

  g_array_unref (metrics->heights);
  g_free (metrics);
}

static TextMetrics *
text_metrics (PangoLayout *layout)
{
  static GQuark quark;
  TextMetrics *metrics;
  guint serial = pango_context_get_serial (pango_layout_get_context (layout));

  if (quark == 0)
    quark = g_quark_from_static_string ("sp-flowchart-text-metrics");
  metrics = g_object_get_qdata (G_OBJECT (layout), quark);
  if (metrics == NULL)
    {
      metrics = g_new0 (TextMetrics, 1);
      metrics->heights = g_array_new (FALSE, FALSE, sizeof (HeightAt));
      metrics->serial = serial;
      metrics->widest_word = -1;
      g_object_set_qdata_full (G_OBJECT (layout), quark, metrics, text_metrics_free);
    }
  if (metrics->serial != serial)
    {
      g_array_set_size (metrics->heights, 0);
      metrics->widest_word = -1;
      metrics->serial = serial;
    }
  return metrics;
}

static int
pango_width (double width)
{
  return (int) floor (MAX (width, 1.0) * PANGO_SCALE);
}

/* The texts of a cache, by their font, weight, bold part and text. */
typedef struct {
  PangoLayout *layout;
  guint        used;      /* the cache's generation when last taken */
} CachedText;

struct _SpFlowchartTextCache {
  GHashTable   *texts;    /* key -> CachedText */
  PangoContext *context;
  guint         serial;
  guint         generation;
  guint         n_new_texts;
};

static void
cached_text_free (gpointer data)
{
  CachedText *cached = data;

  g_object_unref (cached->layout);
  g_free (cached);
}

SpFlowchartTextCache *
sp_flowchart_text_cache_new (void)
{
  SpFlowchartTextCache *cache = g_new0 (SpFlowchartTextCache, 1);

  cache->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_text_free);
  return cache;
}

void
sp_flowchart_text_cache_free (SpFlowchartTextCache *cache)
{
  if (cache == NULL)
    return;

  g_hash_table_unref (cache->texts);
  g_clear_object (&cache->context);
  g_free (cache);
}

void
sp_flowchart_text_cache_trim (SpFlowchartTextCache *cache)
{
  GHashTableIter iter;
  CachedText *cached;

  g_return_if_fail (cache != NULL);

  g_hash_table_iter_init (&iter, cache->texts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &cached))
    {
      if (cached->used != cache->generation)
        g_hash_table_iter_remove (&iter);
    }
  cache->generation++;
}

guint
sp_flowchart_text_cache_get_n_new_texts (SpFlowchartTextCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);

  return cache->n_new_texts;
}

/* The cache's texts were laid out in @context as it is now, or it forgets
 * them. */
static void
text_cache_use_context (SpFlowchartTextCache *cache,
                        PangoContext         *context)
{
  guint serial = pango_context_get_serial (context);

  if (cache->context == context && cache->serial == serial)
    return;

  g_hash_table_remove_all (cache->texts);
  g_set_object (&cache->context, context);
  cache->serial = serial;
}

/* @text in the chart's font at @size_factor and @weight, from @bold_from
 * (a byte offset; -1: none) to its end in bold: the cache's layout of it, or
 * a new one. */
static PangoLayout *
make_layout (SpFlowchartLayout *self,
             PangoContext      *context,
             const char        *text,
             double            size_factor,
             PangoWeight        weight,
             gssize             bold_from)
{
  int size = (int) round (self->style.font_size * size_factor * PANGO_SCALE);
  g_autofree char *key = NULL;
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoLayout *layout;

  if (text == NULL)
    text = "";

  if (self->cache != NULL)
    {
      CachedText *cached;

      key = g_strdup_printf ("%s\n%d\n%d\n%" G_GSSIZE_FORMAT "\n%s", self->font_family, size,
                             (int) weight, bold_from, text);
      cached = g_hash_table_lookup (self->cache->texts, key);
      if (cached != NULL)
        {
          cached->used = self->cache->generation;
          return g_object_ref (cached->layout);
        }
    }

  desc = pango_font_description_from_string (self->font_family);
  layout = pango_layout_new (context);
  pango_font_description_set_size (desc, size);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    if (bold_from >= 0)
      {
        PangoAttribute *attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

        attr->start_index = bold_from;
        attr->end_index = strlen (text);
        pango_attr_list_insert (attrs, attr);
      }
    /* a dose never broken from its unit or inside it ("1.2 mcg/" / "kg/min"
     * in a German box); a box is never narrower than its widest quantity
     * (widest_word ()) */
    sp_text_keep_quantities (attrs, text);
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }

  if (self->cache != NULL)
    {
      CachedText *cached = g_new0 (CachedText, 1);

      cached->layout = g_object_ref (layout);
      cached->used = self->cache->generation;
      g_hash_table_insert (self->cache->texts, g_steal_pointer (&key), cached);
      self->cache->n_new_texts++;
    }

  return layout;
}

double
sp_flowchart_text_height (PangoLayout *layout,
                          double       width)
{
  TextMetrics *metrics = text_metrics (layout);
  int pw = pango_width (width);
  HeightAt at;
  int w, h;

  for (guint i = 0; i < metrics->heights->len; i++)
    {
      const HeightAt *known = &g_array_index (metrics->heights, HeightAt, i);

      if (known->width == pw)
        return known->height;
    }

  pango_layout_set_width (layout, pw);
  pango_layout_get_size (layout, &w, &h);
  at.width = pw;
  at.height = (double) h / PANGO_SCALE;
  if (metrics->heights->len >= MAX_HEIGHTS)
    g_array_set_size (metrics->heights, 0);
  g_array_append_val (metrics->heights, at);

  return at.height;
}

void
sp_flowchart_set_text_width (PangoLayout *layout,
                             double       width)
{
  pango_layout_set_width (layout, pango_width (width));
}

/* The widest word of @layout: a box narrower than that would break the word
 * inside (the compact layout's boxes never are). */
static double
widest_word (PangoLayout *layout)
{
  TextMetrics *metrics = text_metrics (layout);

  if (metrics->widest_word < 0)
    {
      g_autoptr(PangoLayout) copy = pango_layout_copy (layout);
      PangoRectangle extents;

      pango_layout_set_wrap (copy, PANGO_WRAP_WORD);
      pango_layout_set_width (copy, PANGO_SCALE);
      pango_layout_get_extents (copy, NULL, &extents);
      metrics->widest_word = (double) extents.width / PANGO_SCALE;
    }

  return metrics->widest_word;
}

/* The values behind a criterion, compact: "84 mmHg", "SBP 84 mmHg, MAP
 * 61.3 mmHg (derived from SBP/DBP)"; for an undecided criterion also what is
 * missing. NULL when nothing is known and nothing is missing. */
static char *
criterion_value_text (SpAssessment            *assessment,
                      const SpCriterionResult *result)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  g_autoptr(GString) known = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_fields = result->fields != NULL ? result->fields->len : 0;

  for (guint i = 0; i < n_fields; i++)
    {
      SpField field = g_array_index (result->fields, SpField, i);
      g_autofree char *value = NULL;
      double number;
      gboolean derived;

      if (!sp_patient_state_is_set (state, field) &&
          !(field == SP_FIELD_MAP && sp_patient_state_get_effective (state, field, &number, &derived)))
        continue;

      value = sp_assessment_format_value (assessment, field, SP_NUMBER_LOCALE);
      if (known->len > 0)
        g_string_append (known, ", ");
      if (n_fields > 1)
        g_string_append_printf (known, "%s %s", sp_field_get_short_label (field), value);
      else
        g_string_append (known, value);
    }

  if (result->state == SP_TRI_UNKNOWN && result->deciding_fields != NULL)
    {
      for (guint i = 0; i < result->deciding_fields->len; i++)
        {
          SpField field = g_array_index (result->deciding_fields, SpField, i);

          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, sp_field_get_short_label (field));
        }
    }

  if (known->len > 0 && missing->len > 0)
    /* TRANSLATORS: a criterion's known values, then the inputs that would
     * decide it: "SBP 84 mmHg; missing: Urine output, Lactate" */
    return g_strdup_printf (_("%s; missing: %s"), known->str, missing->str);
  if (missing->len > 0)
    /* TRANSLATORS: the inputs that would decide a criterion */
    return g_strdup_printf (_("missing: %s"), missing->str);
  if (known->len > 0)
    return g_string_free (g_steal_pointer (&known), FALSE);

  return NULL;
}

static CriterionItem *
criterion_item_new (SpFlowchartLayout *self,
                    PangoContext      *context,
                    const char        *criterion_id)
{
  const SpCriterion *criterion = sp_protocol_find_criterion (self->protocol, criterion_id);
  const SpCriterionResult *result = NULL;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  CriterionItem *item;

  if (criterion == NULL)
    return NULL;

  item = g_new0 (CriterionItem, 1);
  item->id = criterion->id;
  if (self->assessment != NULL)
    result = sp_assessment_find_criterion (self->assessment, criterion_id);

  if (result != NULL)
    {
      item->has_state = TRUE;
      item->state = result->state;
      item->finding = sp_criterion_result_get_finding (result);
      value = criterion_value_text (self->assessment, result);

      /* The state in words beside its mark (the same words as the window's
       * details, the slides and the paper summary), then the patient's
       * values in bold. */
      if (value != NULL)
        /* TRANSLATORS: a criterion on the flowchart, its state and the
         * patient's value: "Systolic BP > 90 mmHg: does not hold — 84 mmHg" */
        text = g_strdup_printf (C_("flowchart criterion", "%s: %s — %s"), criterion->text,
                                sp_tri_get_label (result->state), value);
      else
        /* TRANSLATORS: a criterion on the flowchart and its state:
         * "Poor skin perfusion: unknown" */
        text = g_strdup_printf (C_("flowchart criterion", "%s: %s"), criterion->text,
                                sp_tri_get_label (result->state));
    }

  item->layout = make_layout (self, context, text != NULL ? text : criterion->text, 1.0,
                              PANGO_WEIGHT_NORMAL,
                              value != NULL ? (gssize) (strlen (text) - strlen (value)) : -1);

  return item;
}

/* The box's height at inner width @inner. */
static double
measure_box (SpFlowchartLayout *self,
             BoxItem           *box,
             double             inner)
{
  const Metrics *m = &self->m;
  double h = 2 * m->pad;

  h += sp_flowchart_text_height (box->title, inner);
  if (box->summary != NULL)
    {
      h += m->gap_title;
      h += sp_flowchart_text_height (box->summary, inner);
    }

  if (box->criteria->len > 0)
    {
      double text_width = inner - m->mark - m->mark_gap;

      h += m->gap_section;
      for (guint i = 0; i < box->criteria->len; i++)
        {
          CriterionItem *item = g_ptr_array_index (box->criteria, i);

          item->height = MAX (sp_flowchart_text_height (item->layout, text_width), m->mark);
          h += item->height;
          if (i > 0)
            h += m->gap_criterion;
        }
    }

  box->content_height = h;
  return h;
}

/* --- grid ----------------------------------------------------------------- */

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

static int
index_of_int (GArray *values,
              int     value)
{
  for (guint i = 0; i < values->len; i++)
    {
      if (g_array_index (values, int, i) == value)
        return i;
    }

  return 0;
}

/* Columns and rows from the hints. Steps sharing a cell stack in sub-rows. */
static void
build_grid (SpFlowchartLayout *self)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree int *row_base = NULL;
  g_autofree int *depth = NULL;
  int n_hint_rows, n_cols;

  for (guint i = 0; i < self->n_boxes; i++)
    {
      const SpStep *step = self->boxes[i].public.step;
      gboolean seen_col = FALSE, seen_row = FALSE;

      for (guint j = 0; j < columns->len; j++)
        seen_col |= g_array_index (columns, int, j) == step->column;
      for (guint j = 0; j < rows->len; j++)
        seen_row |= g_array_index (rows, int, j) == step->row;
      if (!seen_col)
        g_array_append_val (columns, step->column);
      if (!seen_row)
        g_array_append_val (rows, step->row);
    }
  g_array_sort (columns, compare_ints);
  g_array_sort (rows, compare_ints);

  n_cols = MAX (columns->len, 1);
  n_hint_rows = MAX (rows->len, 1);

  /* How many steps share each cell: the row hint gets that many sub-rows. */
  depth = g_new0 (int, (gsize) n_cols * n_hint_rows);
  for (guint i = 0; i < self->n_boxes; i++)
    {
      BoxItem *box = &self->boxes[i];
      int c = index_of_int (columns, box->public.step->column);
      int r = index_of_int (rows, box->public.step->row);

      box->column = c;
      box->row = depth[r * n_cols + c]++;   /* sub-row for now */
    }

  row_base = g_new0 (int, n_hint_rows + 1);
  for (int r = 0; r < n_hint_rows; r++)
    {
      int most = 1;

      for (int c = 0; c < n_cols; c++)
        most = MAX (most, depth[r * n_cols + c]);
      row_base[r + 1] = row_base[r] + most;
    }

  for (guint i = 0; i < self->n_boxes; i++)
    {
      BoxItem *box = &self->boxes[i];
      int r = index_of_int (rows, box->public.step->row);

      box->row += row_base[r];
    }

  self->n_columns = n_cols;
  self->n_rows = row_base[n_hint_rows];
}

static gint
box_at_cell (SpFlowchartLayout *self,
             int                column,
             int                row)
{
  for (guint i = 0; i < self->n_boxes; i++)
    {
      if (self->boxes[i].column == column && self->boxes[i].row == row)
        return i;
    }

  return -1;
}

/* --- arrows: kinds and channels ------------------------------------------- */

/* Whether no box lies between @a and @b (exclusive) on column @line
 * (@vertical) or on row @line. */
static gboolean
line_clear (SpFlowchartLayout *self,
            gboolean           vertical,
            int                line,
            int                a,
            int                b)
{
  for (int k = MIN (a, b) + 1; k < MAX (a, b); k++)
    {
      if (box_at_cell (self, vertical ? line : k, vertical ? k : line) >= 0)
        return FALSE;
    }

  return TRUE;
}

static void
build_arrows (SpFlowchartLayout *self)
{
  for (guint i = 0; i < self->n_boxes; i++)
    {
      const SpStep *step = self->boxes[i].public.step;

      for (guint k = 0; step->next != NULL && step->next[k] != NULL; k++)
        {
          const BoxItem *a = &self->boxes[i];
          const BoxItem *b = NULL;
          Arrow arrow = { 0 };
          int dc, dr;

          for (guint j = 0; j < self->n_boxes; j++)
            {
              if (j != i && g_strcmp0 (self->boxes[j].public.step->id, step->next[k]) == 0)
                {
                  b = &self->boxes[j];
                  arrow.to = j;
                }
            }
          if (b == NULL)
            continue;

          arrow.from = i;
          arrow.vchannel = -1;
          arrow.hchannel = -1;
          dc = b->column - a->column;
          dr = b->row - a->row;

          if (dc == 0 && line_clear (self, TRUE, a->column, a->row, b->row))
            {
              arrow.kind = ROUTE_VERTICAL;
              arrow.from_side = dr > 0 ? SIDE_BOTTOM : SIDE_TOP;
              arrow.to_side = dr > 0 ? SIDE_TOP : SIDE_BOTTOM;
              /* a jog, if the ports do not line up, in the gap next to the target */
              arrow.hchannel = dr > 0 ? b->row : b->row + 1;
            }
          else if (dc == 0)
            {
              arrow.kind = ROUTE_AROUND;
              arrow.from_side = SIDE_LEFT;
              arrow.to_side = SIDE_LEFT;
              arrow.vchannel = a->column;
            }
          else if (ABS (dc) == 1 || (dr == 0 && line_clear (self, FALSE, a->row, a->column, b->column)))
            {
              arrow.kind = ROUTE_ACROSS;
              arrow.from_side = dc > 0 ? SIDE_RIGHT : SIDE_LEFT;
              arrow.to_side = dc > 0 ? SIDE_LEFT : SIDE_RIGHT;
              arrow.vchannel = dc > 0 ? a->column + 1 : a->column;
            }
          else
            {
              arrow.kind = ROUTE_FAR;
              arrow.from_side = dc > 0 ? SIDE_RIGHT : SIDE_LEFT;
              arrow.to_side = dr >= 0 ? SIDE_TOP : SIDE_BOTTOM;
              arrow.vchannel = dc > 0 ? a->column + 1 : a->column;
              arrow.hchannel = dr >= 0 ? b->row : b->row + 1;
            }

          g_array_append_val (self->arrows, arrow);
        }
    }

  /* Lanes each channel may need (an upper bound: some arrows end up straight). */
  for (guint i = 0; i < self->arrows->len; i++)
    {
      const Arrow *arrow = &g_array_index (self->arrows, Arrow, i);

      if (arrow->vchannel >= 0)
        self->vlanes[arrow->vchannel]++;
      if (arrow->hchannel >= 0)
        self->hlanes[arrow->hchannel]++;
    }
}

/* --- geometry ------------------------------------------------------------- */

/* Places the grid for box width @bw; returns the natural size. */
static void
place (SpFlowchartLayout *self,
       double             bw,
       double            *out_width,
       double            *out_height)
{
  const Metrics *m = &self->m;
  double inner = bw - 2 * m->pad;
  double x, y;

  for (int r = 0; r < self->n_rows; r++)
    self->row_height[r] = 0;
  for (guint i = 0; i < self->n_boxes; i++)
    {
      BoxItem *box = &self->boxes[i];
      double h = measure_box (self, box, inner);

      self->row_height[box->row] = MAX (self->row_height[box->row], h);
    }

  for (int k = 0; k <= self->n_columns; k++)
    {
      double lanes = (self->vlanes[k] + 1) * m->lane;

      if (k == 0 || k == self->n_columns)
        self->gutter[k] = m->margin + (self->vlanes[k] > 0 ? lanes : 0);
      else
        self->gutter[k] = MAX (m->gutter_min, lanes);
    }
  for (int k = 0; k <= self->n_rows; k++)
    {
      double lanes = (self->hlanes[k] + 1) * m->lane;

      if (k == 0 || k == self->n_rows)
        self->row_gap[k] = m->margin + (self->hlanes[k] > 0 ? lanes : 0);
      else
        self->row_gap[k] = MAX (m->row_gap_min, lanes);
    }

  x = 0;
  for (int c = 0; c < self->n_columns; c++)
    {
      x += self->gutter[c];
      self->column_x[c] = x;
      x += bw;
    }
  x += self->gutter[self->n_columns];

  y = 0;
  if (self->notice != NULL)
    {
      self->notice_width = MAX (x - 2 * m->margin, m->fs);
      y = m->margin + sp_flowchart_text_height (self->notice, self->notice_width);
    }
  self->top = y;
  for (int r = 0; r < self->n_rows; r++)
    {
      y += self->row_gap[r];
      self->row_y[r] = y;
      /* an empty row (only possible with sub-rows) still takes a little room */
      if (self->row_height[r] <= 0)
        self->row_height[r] = m->fs;
      y += self->row_height[r];
    }
  y += self->row_gap[self->n_rows];

  for (guint i = 0; i < self->n_boxes; i++)
    {
      BoxItem *box = &self->boxes[i];

      box->public.x = self->column_x[box->column];
      box->public.y = self->row_y[box->row];
      box->public.width = bw;
      /* a row's boxes share its height unless one would be mostly empty;
       * titles only (presentation) always: arrows between boxes of one row
       * meet them at the same height, not on each other's line */
      box->public.height = (self->style.compact && self->style.stable_geometry)
                           || box->content_height >= 0.75 * self->row_height[box->row] ?
                           self->row_height[box->row] : box->content_height;
    }

  self->box_width = bw;
  *out_width = x;
  *out_height = y;
}

static double
fit_scale (double natural_width,
           double natural_height,
           double width,
           double height)
{
  double scale = 1.0;

  if (width > 0 && natural_width > width)
    scale = MIN (scale, width / natural_width);
  if (height > 0 && natural_height > height)
    scale = MIN (scale, height / natural_height);

  return scale;
}

/* The most a box width @bw can scale the drawing by: the scale that fits
 * its natural width (@frame_width, the gutters, plus the boxes) in @width.
 * It measures no text, and it falls as @bw grows: once it is no better than
 * a scale found, no wider box can be better. */
static double
width_scale_at (SpFlowchartLayout *self,
                double             frame_width,
                double             bw,
                double             width)
{
  return fit_scale (frame_width + self->n_columns * bw, 0, width, 0);
}

static double
side_start (const SpFlowchartBox *b,
            Side                  side)
{
  return (side == SIDE_TOP || side == SIDE_BOTTOM) ? b->x : b->y;
}

static double
side_length (const SpFlowchartBox *b,
             Side                  side)
{
  return (side == SIDE_TOP || side == SIDE_BOTTOM) ? b->width : b->height;
}

/* The point on @side of @b at coordinate @port along it. */
static void
side_point (const SpFlowchartBox *b,
            Side                  side,
            double                port,
            double               *x,
            double               *y)
{
  switch (side)
    {
    case SIDE_TOP:
      *x = port, *y = b->y;
      break;
    case SIDE_BOTTOM:
      *x = port, *y = b->y + b->height;
      break;
    case SIDE_LEFT:
      *x = b->x, *y = port;
      break;
    case SIDE_RIGHT:
    case N_SIDES:
    default:
      *x = b->x + b->width, *y = port;
      break;
    }
}

typedef struct {
  Arrow  *arrow;
  gboolean is_from;
  double  key;
} Attachment;

static int
compare_attachments (gconstpointer a,
                     gconstpointer b)
{
  const Attachment *x = a;
  const Attachment *y = b;

  return (x->key > y->key) - (x->key < y->key);
}

static double
box_center (const SpFlowchartBox *b,
            gboolean              along_x)
{
  return along_x ? b->x + b->width / 2 : b->y + b->height / 2;
}

/* Spreads the arrows' ends on each side of each box, ordered by where the
 * other end is, then straightens arrows whose ends can line up. */
static void
assign_ports (SpFlowchartLayout *self)
{
  const Metrics *m = &self->m;
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Attachment));

  for (guint i = 0; i < self->n_boxes; i++)
    {
      const SpFlowchartBox *b = &self->boxes[i].public;

      for (int side = 0; side < N_SIDES; side++)
        {
          gboolean along_x = side == SIDE_TOP || side == SIDE_BOTTOM;
          double lo, len;

          g_array_set_size (list, 0);
          for (guint k = 0; k < self->arrows->len; k++)
            {
              Arrow *arrow = &g_array_index (self->arrows, Arrow, k);
              Attachment att = { arrow, FALSE, 0 };

              if (arrow->from == i && arrow->from_side == (Side) side)
                {
                  att.is_from = TRUE;
                  att.key = box_center (&self->boxes[arrow->to].public, along_x);
                }
              else if (arrow->to == i && arrow->to_side == (Side) side)
                {
                  att.key = box_center (&self->boxes[arrow->from].public, along_x);
                }
              else
                {
                  continue;
                }
              g_array_append_val (list, att);
            }

          self->boxes[i].n_ports[side] = list->len;
          if (list->len == 0)
            continue;

          g_array_sort (list, compare_attachments);
          lo = side_start (b, side) + m->radius;
          len = side_length (b, side) - 2 * m->radius;
          for (guint k = 0; k < list->len; k++)
            {
              Attachment *att = &g_array_index (list, Attachment, k);
              double port = lo + len * (k + 1) / (list->len + 1);

              /* Left and right: from the title line down, so that arrows
               * between boxes of a row (same top) run straight. */
              if (!along_x)
                port = MIN (port, b->y + m->pad + (k + 0.5) * 1.5 * m->fs);

              if (att->is_from)
                att->arrow->from_port = port;
              else
                att->arrow->to_port = port;
            }
        }
    }

  /* Straighten: move a side's only port in line with the other end. */
  for (guint k = 0; k < self->arrows->len; k++)
    {
      Arrow *arrow = &g_array_index (self->arrows, Arrow, k);
      BoxItem *from = &self->boxes[arrow->from];
      BoxItem *to = &self->boxes[arrow->to];
      double lo, hi;

      if (arrow->kind != ROUTE_VERTICAL && arrow->kind != ROUTE_ACROSS)
        continue;

      lo = side_start (&to->public, arrow->to_side) + m->radius;
      hi = lo + side_length (&to->public, arrow->to_side) - 2 * m->radius;
      if (to->n_ports[arrow->to_side] == 1 && arrow->from_port >= lo && arrow->from_port <= hi)
        {
          arrow->to_port = arrow->from_port;
          continue;
        }

      lo = side_start (&from->public, arrow->from_side) + m->radius;
      hi = lo + side_length (&from->public, arrow->from_side) - 2 * m->radius;
      if (from->n_ports[arrow->from_side] == 1 && arrow->to_port >= lo && arrow->to_port <= hi)
        arrow->from_port = arrow->to_port;
    }
}

static int
compare_doubles_desc (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x < y) - (x > y);
}

/* Lane positions: every arrow with a segment in a channel gets its own. */
static void
assign_lanes (SpFlowchartLayout *self)
{
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (double) * 2);

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean vertical = pass == 0;
      int n_channels = vertical ? self->n_columns + 1 : self->n_rows + 1;

      for (int ch = 0; ch < n_channels; ch++)
        {
          double lo, hi;

          g_array_set_size (users, 0);
          for (guint k = 0; k < self->arrows->len; k++)
            {
              Arrow *arrow = &g_array_index (self->arrows, Arrow, k);
              double entry[2];

              if ((vertical ? arrow->vchannel : arrow->hchannel) != ch)
                continue;
              if (fabs (arrow->from_port - arrow->to_port) < 0.5 &&
                  (arrow->kind == ROUTE_VERTICAL || arrow->kind == ROUTE_ACROSS))
                continue;   /* straight: no lane */

              /* longest span outermost (nested, no crossings among them) */
              entry[0] = fabs (arrow->from_port - arrow->to_port);
              entry[1] = k;
              g_array_append_val (users, entry);
            }
          if (users->len == 0)
            continue;
          g_array_sort (users, compare_doubles_desc);

          if (vertical)
            {
              lo = ch == 0 ? self->m.margin / 2 :
                   self->column_x[ch - 1] + self->box_width;
              hi = ch == self->n_columns ? lo + self->gutter[ch] - self->m.margin / 2 :
                   self->column_x[ch];
              if (ch == 0)
                hi = self->column_x[0];
            }
          else
            {
              lo = ch == 0 ? self->top + self->m.margin / 2 :
                   self->row_y[ch - 1] + self->row_height[ch - 1];
              hi = ch == self->n_rows ? lo + self->row_gap[ch] - self->m.margin / 2 :
                   self->row_y[ch];
              if (ch == 0)
                hi = self->row_y[0];
            }

          for (guint u = 0; u < users->len; u++)
            {
              double *entry = &g_array_index (users, double, u * 2);
              Arrow *arrow = &g_array_index (self->arrows, Arrow, (guint) entry[1]);
              double t = (double) (u + 1) / (users->len + 1);
              double pos;

              /* the outer channels fill from the outside in */
              if (ch == 0)
                pos = lo + (hi - lo) * t;
              else if (ch == n_channels - 1)
                pos = hi - (hi - lo) * t;
              else
                pos = lo + (hi - lo) * t;

              if (vertical)
                arrow->lane_x = pos;
              else
                arrow->lane_y = pos;
            }
        }
    }
}

static void
add_point (Arrow  *arrow,
           double  x,
           double  y)
{
  if (arrow->n_points > 0)
    {
      double px = arrow->points[arrow->n_points - 1][0];
      double py = arrow->points[arrow->n_points - 1][1];

      if (fabs (px - x) < 0.01 && fabs (py - y) < 0.01)
        return;
    }
  g_assert (arrow->n_points < G_N_ELEMENTS (arrow->points));
  arrow->points[arrow->n_points][0] = x;
  arrow->points[arrow->n_points][1] = y;
  arrow->n_points++;
}

static void
route_arrows (SpFlowchartLayout *self)
{
  for (guint k = 0; k < self->arrows->len; k++)
    {
      Arrow *arrow = &g_array_index (self->arrows, Arrow, k);
      const SpFlowchartBox *a = &self->boxes[arrow->from].public;
      const SpFlowchartBox *b = &self->boxes[arrow->to].public;
      double x0, y0, x1, y1;

      side_point (a, arrow->from_side, arrow->from_port, &x0, &y0);
      side_point (b, arrow->to_side, arrow->to_port, &x1, &y1);
      arrow->n_points = 0;
      add_point (arrow, x0, y0);

      switch (arrow->kind)
        {
        case ROUTE_VERTICAL:
          if (fabs (x0 - x1) >= 0.5)
            {
              add_point (arrow, x0, arrow->lane_y);
              add_point (arrow, x1, arrow->lane_y);
            }
          break;
        case ROUTE_AROUND:
        case ROUTE_ACROSS:
          if (fabs (y0 - y1) >= 0.5 || arrow->kind == ROUTE_AROUND)
            {
              add_point (arrow, arrow->lane_x, y0);
              add_point (arrow, arrow->lane_x, y1);
            }
          break;
        case ROUTE_FAR:
        default:
          add_point (arrow, arrow->lane_x, y0);
          add_point (arrow, arrow->lane_x, arrow->lane_y);
          add_point (arrow, x1, arrow->lane_y);
          break;
        }

      add_point (arrow, x1, y1);
    }
}

/* --- public: layout ------------------------------------------------------- */

/* Box widths tried, in body-text ems. */
#define MIN_BOX_EM 14.0
#define MAX_BOX_EM 44.0
#define PREFERRED_BOX_EM 36.0
/* compact: a title wraps to two or three lines, its state to one or two */
#define COMPACT_MIN_BOX_EM 8.0
#define COMPACT_MAX_BOX_EM 20.0
#define COMPACT_PREFERRED_BOX_EM 13.0

static void
init_metrics (SpFlowchartLayout *self,
              PangoContext      *context)
{
  Metrics *m = &self->m;
  double resolution = -1;

  if (PANGO_IS_CAIRO_FONT_MAP (pango_context_get_font_map (context)))
    resolution = pango_cairo_context_get_resolution (context);
  if (resolution <= 0)
    resolution = 96.0;

  m->style = &self->style;
  m->fs = self->style.font_size * resolution / 72.0;
  m->pad = 0.75 * m->fs;
  m->gap_title = 0.35 * m->fs;
  m->gap_section = 0.7 * m->fs;
  m->gap_criterion = 0.3 * m->fs;
  m->mark = 1.1 * m->fs;
  m->mark_gap = 0.5 * m->fs;
  m->margin = 1.0 * m->fs;
  m->lane = 1.0 * m->fs;
  m->gutter_min = 3.5 * m->fs;
  m->row_gap_min = 2.5 * m->fs;
  m->radius = 0.6 * m->fs;
  m->min_box = MIN_BOX_EM * m->fs;
  m->max_box = MAX_BOX_EM * m->fs;
  m->preferred_box = PREFERRED_BOX_EM * m->fs;

  if (self->style.compact)
    {
      m->pad = 0.55 * m->fs;
      m->margin = 0.6 * m->fs;
      m->lane = 0.8 * m->fs;
      m->gutter_min = 2.2 * m->fs;
      m->row_gap_min = 1.8 * m->fs;
      m->radius = 0.45 * m->fs;
      m->min_box = COMPACT_MIN_BOX_EM * m->fs;
      m->max_box = COMPACT_MAX_BOX_EM * m->fs;
      m->preferred_box = COMPACT_PREFERRED_BOX_EM * m->fs;
    }

  /* Titles only, in big type (presentation): the arrows between rows need
   * less room than the state lines' text did. */
  if (self->style.compact && self->style.stable_geometry)
    {
      m->margin = 0.4 * m->fs;
      m->row_gap_min = 1.4 * m->fs;
    }
}

/* Compact: a box's state in one line that says what its numbers mean: the
 * lit step's "Active step · why this step: 3 of 3 hold" (the conditions of the
 * rule that chose it), another step's "for this step: 1 of 3" (the criteria
 * it shows that point to it), or NULL for an inactive step without
 * criteria. The criteria
 * themselves are in the step's details. */
static char *
compact_state_text (SpFlowchartLayout *self,
                    const SpStep      *step,
                    gboolean           active)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;
  guint n = 0, n_hold = 0;

  if (active)
    /* TRANSLATORS: the lit box of the compact flowchart */
    g_string_append (text, C_("flowchart", "Active step"));

  if (self->assessment == NULL)
    return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;

  if (active)
    n = sp_assessment_count_rule_conditions (self->assessment, &n_hold);
  if (n > 0)
    count = sp_format_step_count (TRUE, n_hold, n);
  else
    {
      n = sp_assessment_count_step_criteria (self->assessment, step, &n_hold);
      if (n > 0)
        count = sp_format_step_count (FALSE, n_hold, n);
    }

  if (count != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, count);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/**
 * sp_flowchart_layout_new:
 *
 * The drawing fits @width x @height: it is scaled down uniformly (and
 * centred) when its natural size is larger. A @height of 0 or less fits the
 * width only; sp_flowchart_layout_get_natural_height () then says how tall
 * it is (for scrolling and pagination).
 */
SpFlowchartLayout *
sp_flowchart_layout_new (SpProtocol             *protocol,
                         SpAssessment           *assessment,
                         const SpFlowchartStyle *style,
                         PangoContext           *pango_context,
                         double                  width,
                         double                  height)
{
  return sp_flowchart_layout_new_cached (protocol, assessment, style, pango_context,
                                         width, height, NULL);
}

SpFlowchartLayout *
sp_flowchart_layout_new_cached (SpProtocol             *protocol,
                                SpAssessment           *assessment,
                                const SpFlowchartStyle *style,
                                PangoContext           *pango_context,
                                double                  width,
                                double                  height,
                                SpFlowchartTextCache   *cache)
{
  SpFlowchartLayout *self;
  const SpStep *active = NULL;
  double best_scale = -1, best_bw = 0, preferred, fit_width, frame_width;
  double nat_w, nat_h;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (assessment == NULL || SP_IS_ASSESSMENT (assessment), NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (PANGO_IS_CONTEXT (pango_context), NULL);

  self = g_new0 (SpFlowchartLayout, 1);
  self->protocol = g_object_ref (protocol);
  self->assessment = assessment != NULL ? g_object_ref (assessment) : NULL;
  self->style = *style;
  if (self->style.font_size <= 0)
    self->style.font_size = 11.0;
  if (self->style.line_width <= 0)
    self->style.line_width = 1.0;
  self->font_family = g_strdup (style->font_family != NULL ? style->font_family : "Sans");
  self->style.font_family = self->font_family;
  init_metrics (self, pango_context);
  self->cache = cache;
  if (cache != NULL)
    text_cache_use_context (cache, pango_context);

  if (assessment != NULL)
    active = sp_assessment_get_active_step (assessment);
  if (assessment != NULL && active == NULL && sp_assessment_get_rule (assessment) != NULL
      && !style->stable_geometry)
    self->notice = make_layout (self, pango_context, sp_assessment_get_rule (assessment)->reason,
                                1.0, PANGO_WEIGHT_BOLD, -1);

  self->n_boxes = sp_protocol_get_n_steps (protocol);
  self->boxes = g_new0 (BoxItem, MAX (self->n_boxes, 1));
  for (guint i = 0; i < self->n_boxes; i++)
    {
      const SpStep *step = sp_protocol_get_step (protocol, i);
      BoxItem *box = &self->boxes[i];

      box->public.step = step;
      box->active = active != NULL && g_strcmp0 (active->id, step->id) == 0;
      box->title = make_layout (self, pango_context, step->title, 1.15, PANGO_WEIGHT_BOLD, -1);
      box->criteria = g_ptr_array_new_with_free_func (criterion_item_free);
      gboolean criteria = style->show_criteria && !style->compact && !style->stable_geometry &&
                          (!style->criteria_active_only || box->active);

      if (style->compact && style->stable_geometry)
        {
          /* titles only: the same size at every stage */
        }
      else if (style->compact)
        {
          g_autofree char *state = compact_state_text (self, step, box->active);

          if (state != NULL)
            box->summary = make_layout (self, pango_context, state, 1.0, PANGO_WEIGHT_NORMAL, -1);
        }
      else
        {
          box->summary = make_layout (self, pango_context, step->summary, 1.0, PANGO_WEIGHT_NORMAL, -1);
        }

      /* The lit box lists why it is lit, the criteria the rule that chose
       * it reads (as its compact line counts them and its details list
       * them), not the step's own, some of which may rightly not hold
       * there (titrating norepinephrine: the targets are not met). */
      const char * const *shown = step->criteria;

      if (box->active && self->assessment != NULL && sp_assessment_get_rule (self->assessment) != NULL
          && sp_assessment_count_rule_conditions (self->assessment, NULL) > 0)
        shown = sp_assessment_get_rule (self->assessment)->criteria;
      for (guint k = 0; criteria && shown != NULL && shown[k] != NULL; k++)
        {
          CriterionItem *item = criterion_item_new (self, pango_context, shown[k]);

          if (item != NULL)
            g_ptr_array_add (box->criteria, item);
        }
    }

  /* Compact boxes are narrow: never so narrow that a word of a title or a
   * state line breaks inside. */
  if (self->style.compact && !self->style.compact_break_words)
    for (guint i = 0; i < self->n_boxes; i++)
      {
        BoxItem *box = &self->boxes[i];
        double word = widest_word (box->title);

        if (box->summary != NULL)
          word = MAX (word, widest_word (box->summary));
        self->m.min_box = MAX (self->m.min_box, ceil (word) + 2 * self->m.pad);
        self->m.max_box = MAX (self->m.max_box, self->m.min_box);
        self->m.preferred_box = MAX (self->m.preferred_box, self->m.min_box);
      }

  build_grid (self);
  self->column_x = g_new0 (double, self->n_columns);
  self->row_y = g_new0 (double, self->n_rows);
  self->row_height = g_new0 (double, self->n_rows);
  self->gutter = g_new0 (double, self->n_columns + 1);
  self->row_gap = g_new0 (double, self->n_rows + 1);
  self->vlanes = g_new0 (guint, self->n_columns + 1);
  self->hlanes = g_new0 (guint, self->n_rows + 1);
  self->arrows = g_array_new (FALSE, TRUE, sizeof (Arrow));
  build_arrows (self);

  /* The box width. The natural width does not depend on the text (the
   * gutters do not depend on the box width), so the widest box up to a
   * comfortable reading width that fits @width is found without measuring;
   * wider boxes (fewer wrapped lines) are tried only while the drawing is
   * still scaled down, and
   * every width only when even the narrowest box is too wide. */
  preferred = self->m.preferred_box;
  place (self, self->m.min_box, &nat_w, &nat_h);
  /* The drawing's natural width at a box width bw: frame_width + n_columns x bw. */
  frame_width = nat_w - self->n_columns * self->m.min_box;
  fit_width = width > 0 ? (width - frame_width) / MAX (self->n_columns, 1) : preferred;
  if (fit_width >= self->m.min_box)
    {
      best_bw = MIN (fit_width, preferred);
      place (self, best_bw, &nat_w, &nat_h);
      best_scale = fit_scale (nat_w, nat_h, width, height);
      for (double bw = best_bw + 2 * self->m.fs;
           best_scale < 1.0 && bw <= self->m.max_box
           && width_scale_at (self, frame_width, bw, width) > best_scale;
           bw += 2 * self->m.fs)
        {
          double scale;

          place (self, bw, &nat_w, &nat_h);
          scale = fit_scale (nat_w, nat_h, width, height);
          if (scale > best_scale)
            best_scale = scale, best_bw = bw;
        }
    }
  else
    {
      for (double bw = self->m.min_box;
           bw <= self->m.max_box && width_scale_at (self, frame_width, bw, width) > best_scale * 1.005;
           bw += 4 * self->m.fs)
        {
          double scale;

          place (self, bw, &nat_w, &nat_h);
          scale = fit_scale (nat_w, nat_h, width, height);
          if (scale > best_scale * 1.005)
            best_scale = scale, best_bw = bw;
        }
    }

  place (self, best_bw, &self->natural_width, &self->natural_height);
  assign_ports (self);
  assign_lanes (self);
  route_arrows (self);

  self->scale = fit_scale (self->natural_width, self->natural_height, width, height);
  self->width_scale = fit_scale (self->natural_width, self->natural_height, width, 0);
  self->offset_x = width > 0 ? MAX (0, (width - self->natural_width * self->scale) / 2) : 0;
  self->offset_y = height > 0 ? MAX (0, (height - self->natural_height * self->scale) / 2) : 0;

  /* Public boxes are in the caller's coordinates. */
  for (guint i = 0; i < self->n_boxes; i++)
    {
      SpFlowchartBox *b = &self->boxes[i].public;

      self->boxes[i].natural_height = b->height;
      b->x = self->offset_x + b->x * self->scale;
      b->y = self->offset_y + b->y * self->scale;
      b->width *= self->scale;
      b->height *= self->scale;
    }

  return self;
}

void
sp_flowchart_layout_free (SpFlowchartLayout *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_boxes; i++)
    {
      g_clear_object (&self->boxes[i].title);
      g_clear_object (&self->boxes[i].summary);
      g_clear_pointer (&self->boxes[i].criteria, g_ptr_array_unref);
    }
  g_free (self->boxes);
  g_clear_object (&self->notice);
  g_clear_pointer (&self->arrows, g_array_unref);
  g_free (self->column_x);
  g_free (self->row_y);
  g_free (self->row_height);
  g_free (self->gutter);
  g_free (self->row_gap);
  g_free (self->vlanes);
  g_free (self->hlanes);
  g_free (self->font_family);
  g_clear_pointer (&self->text_runs, g_ptr_array_unref);
  g_clear_object (&self->assessment);
  g_clear_object (&self->protocol);
  g_free (self);
}

double
sp_flowchart_layout_get_natural_height (SpFlowchartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->natural_height * self->width_scale;
}

double
sp_flowchart_layout_get_natural_width (SpFlowchartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->natural_width;
}

double
sp_flowchart_layout_get_scale (SpFlowchartLayout *self)
{
  g_return_val_if_fail (self != NULL, 1.0);

  return self->scale;
}

guint
sp_flowchart_layout_get_n_boxes (SpFlowchartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_boxes;
}

const SpFlowchartBox *
sp_flowchart_layout_get_box (SpFlowchartLayout *self,
                             guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_boxes, NULL);

  return &self->boxes[index].public;
}

const SpFlowchartBox *
sp_flowchart_layout_find_box (SpFlowchartLayout *self,
                              const char        *step_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  for (guint i = 0; i < self->n_boxes; i++)
    {
      if (g_strcmp0 (self->boxes[i].public.step->id, step_id) == 0)
        return &self->boxes[i].public;
    }

  return NULL;
}

guint
sp_flowchart_layout_get_n_arrows (SpFlowchartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->arrows->len;
}

const SpStep *
sp_flowchart_layout_step_at (SpFlowchartLayout *self,
                             double             x,
                             double             y)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_boxes; i++)
    {
      const SpFlowchartBox *b = &self->boxes[i].public;

      if (x >= b->x && x < b->x + b->width && y >= b->y && y < b->y + b->height)
        return b->step;
    }

  return NULL;
}
