/* sp-trend-plot.c: a case's trends on one time axis, drawn with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout, top to bottom:
 *   - the markers' labels, in one row, or two when neighbours would overlap
 *     (a label that fits in neither is left out; its line is still drawn);
 *   - per panel: a title row (title, unit, the legend at the right when the
 *     panel has several series), then the plot area; the heights share what
 *     is left by the panels' weights, each no lower than its text needs;
 *   - the time axis under the last panel: times, and the date under the
 *     first tick and where the day changes.
 * The value labels go in a gutter at the left as wide as the widest of them;
 * every panel's plot area spans the same x range, the time axis.
 *
 * Text is measured and laid out with a PangoContext of our own (no hinting
 * of metrics), so that the hit test, which has no cairo context, and every
 * surface (screen, PDF, SVG, PNG) see the same layout.
 */
#define G_LOG_DOMAIN "sp-trend-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "sp-trend-plot.h"
#include "sp-font-caches.h"

/* --- the description ------------------------------------------------------- */

typedef struct {
  gint64  time;
  double  value;
  char   *label;
  gint64  since;                /* a step carried to @time: when it was set */
} Point;

typedef struct {
  double  low, high;
  char   *label;
} Band;

typedef struct {
  char   *title;
  char   *unit;
  double  weight;               /* < 0: the default for its kind */
  GArray *bands;                /* Band */
  GArray *series;               /* guint: series numbers, in order */
} Panel;

typedef struct {
  guint              panel;
  guint              index_in_panel;
  SpTrendSeriesKind  kind;
  char              *label;
  GArray            *points;    /* Point */
} Series;

typedef struct {
  gint64  time;
  char   *label;
} Marker;

struct _SpTrendPlot {
  GPtrArray *panels;            /* Panel */
  GPtrArray *series;            /* Series */
  GArray    *markers;           /* Marker */
  gint64     start, end;
  gboolean   has_range;
  GTimeZone *tz;
  char      *empty_text;
  guint      highlight_series;
  guint      highlight_index;
};

static void
point_clear (gpointer data)
{
  g_free (((Point *) data)->label);
}

static void
band_clear (gpointer data)
{
  g_free (((Band *) data)->label);
}

static void
marker_clear (gpointer data)
{
  g_free (((Marker *) data)->label);
}

static void
panel_free (gpointer data)
{
  Panel *panel = data;

  g_free (panel->title);
  g_free (panel->unit);
  g_array_unref (panel->bands);
  g_array_unref (panel->series);
  g_free (panel);
}

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->label);
  g_array_unref (series->points);
  g_free (series);
}

SpTrendPlot *
sp_trend_plot_new (void)
{
  SpTrendPlot *plot = g_new0 (SpTrendPlot, 1);

  plot->panels = g_ptr_array_new_with_free_func (panel_free);
  plot->series = g_ptr_array_new_with_free_func (series_free);
  plot->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (plot->markers, marker_clear);
  plot->tz = g_time_zone_new_local ();
  plot->highlight_series = G_MAXUINT;
  plot->highlight_index = G_MAXUINT;
  return plot;
}

void
sp_trend_plot_free (SpTrendPlot *plot)
{
  if (plot == NULL)
    return;
  g_ptr_array_unref (plot->panels);
  g_ptr_array_unref (plot->series);
  g_array_unref (plot->markers);
  g_time_zone_unref (plot->tz);
  g_free (plot->empty_text);
  g_free (plot);
}

void
sp_trend_plot_set_time_range (SpTrendPlot *plot,
                              gint64       start,
                              gint64       end)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (end > start);

  plot->start = start;
  plot->end = end;
  plot->has_range = TRUE;
}

void
sp_trend_plot_set_time_zone (SpTrendPlot *plot,
                             GTimeZone   *tz)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (tz != NULL);

  g_time_zone_ref (tz);
  g_time_zone_unref (plot->tz);
  plot->tz = tz;
}

void
sp_trend_plot_set_empty_text (SpTrendPlot *plot,
                              const char  *text)
{
  g_return_if_fail (plot != NULL);

  g_free (plot->empty_text);
  plot->empty_text = g_strdup (text);
}

guint
sp_trend_plot_add_panel (SpTrendPlot *plot,
                         const char  *title,
                         const char  *unit)
{
  Panel *panel;

  g_return_val_if_fail (plot != NULL, G_MAXUINT);

  panel = g_new0 (Panel, 1);
  panel->title = g_strdup (title);
  panel->unit = g_strdup (unit);
  panel->weight = -1;
  panel->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  g_array_set_clear_func (panel->bands, band_clear);
  panel->series = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (plot->panels, panel);
  return plot->panels->len - 1;
}

void
sp_trend_plot_set_panel_weight (SpTrendPlot *plot,
                                guint        panel,
                                double       weight)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (panel < plot->panels->len);
  g_return_if_fail (isfinite (weight) && weight > 0);

  ((Panel *) g_ptr_array_index (plot->panels, panel))->weight = weight;
}

void
sp_trend_plot_add_band (SpTrendPlot *plot,
                        guint        panel,
                        double       low,
                        double       high,
                        const char  *label)
{
  Band band;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (panel < plot->panels->len);
  g_return_if_fail (!isnan (low) && !isnan (high) && low < high);

  band.low = low;
  band.high = high;
  band.label = g_strdup (label);
  g_array_append_val (((Panel *) g_ptr_array_index (plot->panels, panel))->bands, band);
}

guint
sp_trend_plot_add_series (SpTrendPlot       *plot,
                          guint              panel,
                          SpTrendSeriesKind  kind,
                          const char        *label)
{
  Panel *owner;
  Series *series;
  guint number;

  g_return_val_if_fail (plot != NULL, G_MAXUINT);
  g_return_val_if_fail (panel < plot->panels->len, G_MAXUINT);
  g_return_val_if_fail (kind == SP_TREND_SERIES_POINTS || kind == SP_TREND_SERIES_STEPS,
                        G_MAXUINT);

  owner = g_ptr_array_index (plot->panels, panel);
  series = g_new0 (Series, 1);
  series->panel = panel;
  series->index_in_panel = owner->series->len;
  series->kind = kind;
  series->label = g_strdup (label);
  series->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (series->points, point_clear);
  g_ptr_array_add (plot->series, series);
  number = plot->series->len - 1;
  g_array_append_val (owner->series, number);
  return number;
}

guint
sp_trend_plot_add_point (SpTrendPlot *plot,
                         guint        series,
                         gint64       time,
                         double       value)
{
  Series *owner;
  Point point = { time, value, NULL, time };

  g_return_val_if_fail (plot != NULL, G_MAXUINT);
  g_return_val_if_fail (series < plot->series->len, G_MAXUINT);
  g_return_val_if_fail (!isinf (value), G_MAXUINT);

  owner = g_ptr_array_index (plot->series, series);
  g_return_val_if_fail (owner->points->len == 0
                        || g_array_index (owner->points, Point,
                                          owner->points->len - 1).time <= time, G_MAXUINT);
  g_array_append_val (owner->points, point);
  return owner->points->len - 1;
}

/* Point @index of @series, or NULL (a critical) when there is none. */
static Point *
find_point (const SpTrendPlot *plot,
            guint              series,
            guint              index)
{
  const Series *owner;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (series < plot->series->len, NULL);
  owner = g_ptr_array_index (plot->series, series);
  g_return_val_if_fail (index < owner->points->len, NULL);

  return &g_array_index (owner->points, Point, index);
}

void
sp_trend_plot_set_point_label (SpTrendPlot *plot,
                               guint        series,
                               guint        index,
                               const char  *label)
{
  Point *point = find_point (plot, series, index);

  if (point == NULL)
    return;
  g_free (point->label);
  point->label = g_strdup (label);
}

void
sp_trend_plot_add_marker (SpTrendPlot *plot,
                          gint64       time,
                          const char  *label)
{
  Marker marker = { time, g_strdup (label) };
  guint i;

  g_return_if_fail (plot != NULL);

  /* kept in time order */
  for (i = plot->markers->len; i > 0; i--)
    if (g_array_index (plot->markers, Marker, i - 1).time <= time)
      break;
  g_array_insert_val (plot->markers, i, marker);
}

void
sp_trend_plot_set_highlight (SpTrendPlot *plot,
                             guint        series,
                             guint        index)
{
  g_return_if_fail (plot != NULL);

  plot->highlight_series = series;
  plot->highlight_index = index;
}

guint
sp_trend_plot_get_n_panels (const SpTrendPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->panels->len;
}

guint
sp_trend_plot_get_n_series (const SpTrendPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->series->len;
}

guint
sp_trend_plot_get_n_points (const SpTrendPlot *plot,
                            guint              series)
{
  g_return_val_if_fail (plot != NULL, 0);
  g_return_val_if_fail (series < plot->series->len, 0);
  return ((Series *) g_ptr_array_index (plot->series, series))->points->len;
}

gboolean
sp_trend_plot_get_point (const SpTrendPlot *plot,
                         guint              series,
                         guint              index,
                         gint64            *out_time,
                         double            *out_value,
                         const char       **out_label)
{
  const Series *s;
  const Point *point;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (series < plot->series->len, FALSE);

  s = g_ptr_array_index (plot->series, series);
  if (index >= s->points->len)
    return FALSE;
  point = &g_array_index (s->points, Point, index);
  if (out_time != NULL)
    *out_time = point->time;
  if (out_value != NULL)
    *out_value = point->value;
  if (out_label != NULL)
    *out_label = point->label;
  return TRUE;
}

void
sp_trend_plot_set_point_since (SpTrendPlot *plot,
                               guint        series,
                               guint        index,
                               gint64       since)
{
  Point *point = find_point (plot, series, index);

  if (point == NULL)
    return;
  g_return_if_fail (since <= point->time);

  point->since = since;
}

gint64
sp_trend_plot_get_point_since (const SpTrendPlot *plot,
                               guint              series,
                               guint              index)
{
  const Point *point = find_point (plot, series, index);

  return point != NULL ? point->since : 0;
}

SpTrendSeriesKind
sp_trend_plot_get_series_kind (const SpTrendPlot *plot,
                               guint              series)
{
  g_return_val_if_fail (plot != NULL, SP_TREND_SERIES_POINTS);
  g_return_val_if_fail (series < plot->series->len, SP_TREND_SERIES_POINTS);

  return ((const Series *) g_ptr_array_index (plot->series, series))->kind;
}

const char *
sp_trend_plot_get_series_label (const SpTrendPlot *plot,
                                guint              series)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (series < plot->series->len, NULL);

  return ((const Series *) g_ptr_array_index (plot->series, series))->label;
}

const char *
sp_trend_plot_get_series_unit (const SpTrendPlot *plot,
                               guint              series)
{
  const Series *s;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (series < plot->series->len, NULL);

  s = g_ptr_array_index (plot->series, series);
  return ((const Panel *) g_ptr_array_index (plot->panels, s->panel))->unit;
}

static gboolean
plot_is_empty (const SpTrendPlot *plot)
{
  for (guint s = 0; s < plot->series->len; s++)
    {
      Series *series = g_ptr_array_index (plot->series, s);

      for (guint i = 0; i < series->points->len; i++)
        if (!isnan (g_array_index (series->points, Point, i).value))
          return FALSE;
    }
  return TRUE;
}

void
sp_trend_plot_get_time_range (const SpTrendPlot *plot,
                              gint64            *out_start,
                              gint64            *out_end)
{
  gint64 start = G_MAXINT64, end = G_MININT64;

  g_return_if_fail (plot != NULL);

  if (plot->has_range)
    {
      start = plot->start;
      end = plot->end;
    }
  else
    {
      for (guint s = 0; s < plot->series->len; s++)
        {
          GArray *points = ((Series *) g_ptr_array_index (plot->series, s))->points;

          if (points->len == 0)
            continue;
          start = MIN (start, g_array_index (points, Point, 0).time);
          end = MAX (end, g_array_index (points, Point, points->len - 1).time);
        }
      for (guint m = 0; m < plot->markers->len; m++)
        {
          start = MIN (start, g_array_index (plot->markers, Marker, m).time);
          end = MAX (end, g_array_index (plot->markers, Marker, m).time);
        }
      if (start > end)          /* nothing at all: the hour up to now */
        {
          end = g_get_real_time () / G_USEC_PER_SEC;
          start = end - 3600;
        }
      else if (start == end)
        {
          start -= 1800;
          end += 1800;
        }
    }
  if (out_start != NULL)
    *out_start = start;
  if (out_end != NULL)
    *out_end = end;
}

/* A panel whose series are all steps (and that has one) is a lane. */
static gboolean
panel_is_lane (const SpTrendPlot *plot,
               const Panel       *panel)
{
  if (panel->series->len == 0)
    return FALSE;
  for (guint i = 0; i < panel->series->len; i++)
    {
      Series *series = g_ptr_array_index (plot->series, g_array_index (panel->series, guint, i));

      if (series->kind != SP_TREND_SERIES_STEPS)
        return FALSE;
    }
  return TRUE;
}

static gboolean
panel_has_point_labels (const SpTrendPlot *plot,
                        const Panel       *panel)
{
  for (guint i = 0; i < panel->series->len; i++)
    {
      Series *series = g_ptr_array_index (plot->series, g_array_index (panel->series, guint, i));

      for (guint p = 0; p < series->points->len; p++)
        if (g_array_index (series->points, Point, p).label != NULL)
          return TRUE;
    }
  return FALSE;
}

/* The first point at or after @time (binary search; points->len if none). */
static guint
lower_bound (GArray *points,
             gint64  time)
{
  guint lo = 0, hi = points->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (points, Point, mid).time < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
sp_trend_plot_get_value_range (const SpTrendPlot *plot,
                               guint              panel_number,
                               double            *out_low,
                               double            *out_high)
{
  const Panel *panel;
  double lo = INFINITY, hi = -INFINITY;
  gboolean lane;
  gint64 start, end;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (panel_number < plot->panels->len);

  panel = g_ptr_array_index (plot->panels, panel_number);
  lane = panel_is_lane (plot, panel);
  sp_trend_plot_get_time_range (plot, &start, &end);

  /* the values drawn: the points in the time range, and for a step the one
   * that holds when the range starts */
  for (guint i = 0; i < panel->series->len; i++)
    {
      Series *series = g_ptr_array_index (plot->series, g_array_index (panel->series, guint, i));
      guint first = lower_bound (series->points, start);

      if (series->kind == SP_TREND_SERIES_STEPS && first > 0)
        first--;
      for (guint p = first; p < series->points->len; p++)
        {
          const Point *point = &g_array_index (series->points, Point, p);

          if (point->time > end)
            break;
          if (isnan (point->value))
            continue;
          lo = MIN (lo, point->value);
          hi = MAX (hi, point->value);
        }
    }
  for (guint i = 0; i < panel->bands->len; i++)
    {
      const Band *band = &g_array_index (panel->bands, Band, i);

      if (isfinite (band->low))
        {
          lo = MIN (lo, band->low);
          hi = MAX (hi, band->low);
        }
      if (isfinite (band->high))
        {
          lo = MIN (lo, band->high);
          hi = MAX (hi, band->high);
        }
    }

  if (lo > hi)
    {
      lo = 0;
      hi = 1;
    }
  else if (!isfinite (hi - lo) || !isfinite (hi + 0.08 * (hi - lo))
           || !isfinite (lo - 0.08 * (hi - lo)))
    ;                           /* values near the limits of a double: no margin */
  else if (lane)
    {
      /* doses from zero, a margin above the highest */
      lo = MIN (lo, 0);
      hi = hi > lo ? hi + 0.08 * (hi - lo) : lo + 1;
    }
  else
    {
      double margin = hi > lo ? 0.08 * (hi - lo) : (hi != 0 ? 0.1 * fabs (hi) : 1);
      gboolean non_negative = lo >= 0;

      lo -= margin;
      hi += margin;
      if (non_negative && lo < 0)
        lo = 0;
    }
  if (out_low != NULL)
    *out_low = lo;
  if (out_high != NULL)
    *out_high = hi;
}

/* --- styles ---------------------------------------------------------------- */

#define rgb(hex) sp_color_from_hex (hex)
#define rgba(hex, alpha) sp_color_from_hex_alpha (hex, alpha)

void
sp_trend_style_init_light (SpTrendStyle *style)
{
  g_return_if_fail (style != NULL);

  style->background = rgb (0xffffff);
  style->foreground = rgb (0x1e1e1e);
  style->dim = rgb (0x555555);                  /* 7.5:1 on white */
  style->grid = rgb (0xdedddb);
  style->band = rgba (0x2ec27e, 0.13);
  style->band_edge = rgb (0x1b7a4d);            /* 5.4:1 */
  style->marker = rgb (0x613583);               /* 9.6:1 */
  /* Okabe-Ito, darkened to at least 3:1 on white as lines: blue,
   * vermilion, bluish green, reddish purple, orange, sky blue */
  style->series[0] = rgb (0x0063a8);
  style->series[1] = rgb (0xc24100);
  style->series[2] = rgb (0x007a5a);
  style->series[3] = rgb (0xa8467f);
  style->series[4] = rgb (0xa66a00);
  style->series[5] = rgb (0x2a7fb8);
  style->font_family = "Cantarell, DejaVu Sans, Sans";
  style->font_size = 13.0;
  style->font_scale = 1.0;
  style->line_width = 2.0;
}

void
sp_trend_style_init_dark (SpTrendStyle *style)
{
  g_return_if_fail (style != NULL);

  /* the light style's type and lines, dark colours */
  sp_trend_style_init_light (style);
  style->background = rgb (0x1e1e1e);
  style->foreground = rgb (0xf6f5f4);
  style->dim = rgb (0xbdbcba);
  style->grid = rgb (0x3a3a3e);
  style->band = rgba (0x2ec27e, 0.16);
  style->band_edge = rgb (0x57e389);
  style->marker = rgb (0xdc8add);
  style->series[0] = rgb (0x62b6f0);
  style->series[1] = rgb (0xff8a50);
  style->series[2] = rgb (0x3fd1a0);
  style->series[3] = rgb (0xe59cc8);
  style->series[4] = rgb (0xf0c040);
  style->series[5] = rgb (0xa8d8f8);
}

void
sp_trend_style_init_print (SpTrendStyle *style)
{
  g_return_if_fail (style != NULL);

  sp_trend_style_init_light (style);
  style->grid = rgb (0xcfcecc);                 /* survives a laser printer */
  style->font_size = 8.0;
  style->line_width = 1.2;
}

/* --- layout ---------------------------------------------------------------- */

typedef struct {
  double    title_y, title_height;
  double    y, height;          /* the plot area */
  double    low, high;          /* value range */
  double    y_low, y_high;      /* where low and high are drawn */
  guint     n_ticks;
  double    tick_first, tick_step;
  gboolean  lane;
} PanelBox;

typedef struct {
  PangoContext         *context;
  PangoFontDescription *font;           /* units, the legend, the "no data" text */
  PangoFontDescription *bold;           /* panel titles */
  PangoFontDescription *small;          /* ticks, dates, point and step labels */
  PangoFontDescription *small_bold;     /* marker labels */
  PangoLayout          *text;           /* one layout, its text set for each use */
  double                fs, lh, lh_small;
  double                width, height;
  gint64                start, end;
  double                x0, x1;         /* the time axis */
  PanelBox             *panels;
  guint                 n_panels;
  GArray               *time_ticks;
  double                marker_top;     /* the top of the markers' label rows */
  guint                 marker_rows;
  guint                *marker_row;     /* per marker: its label's row, or G_MAXUINT */
  double                marker_row_height;
  double                point_size;     /* a point's radius */
  double                min_height;     /* below it, panels are lower than their text needs */
  gboolean              empty;
} Layout;

static void
layout_free (Layout *layout)
{
  if (layout->text != NULL)
    g_object_unref (layout->text);
  if (layout->context != NULL)
    g_object_unref (layout->context);
  g_clear_pointer (&layout->font, pango_font_description_free);
  g_clear_pointer (&layout->bold, pango_font_description_free);
  g_clear_pointer (&layout->small, pango_font_description_free);
  g_clear_pointer (&layout->small_bold, pango_font_description_free);
  g_clear_pointer (&layout->time_ticks, g_array_unref);
  g_free (layout->panels);
  g_free (layout->marker_row);
  g_free (layout);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Layout, layout_free)

static PangoFontDescription *
make_font (const SpTrendStyle *style,
           double              size,
           gboolean            bold)
{
  PangoFontDescription *font = pango_font_description_from_string (style->font_family != NULL
                                                                   ? style->font_family
                                                                   : "Sans");

  /* absolute: in user units, whatever the resolution */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

/* Sets the shared layout to @text in @font, unwrapped, and returns it with
 * its logical size. */
static PangoLayout *
set_text (Layout                     *layout,
          const PangoFontDescription *font,
          const char                 *text,
          double                     *out_width,
          double                     *out_height)
{
  PangoRectangle logical;

  pango_layout_set_font_description (layout->text, font);
  pango_layout_set_width (layout->text, -1);
  pango_layout_set_text (layout->text, text != NULL ? text : "", -1);
  pango_layout_get_extents (layout->text, NULL, &logical);
  if (out_width != NULL)
    *out_width = (double) logical.width / PANGO_SCALE;
  if (out_height != NULL)
    *out_height = (double) logical.height / PANGO_SCALE;
  return layout->text;
}

static double
text_width (Layout                     *layout,
            const PangoFontDescription *font,
            const char                 *text)
{
  double width;

  set_text (layout, font, text, &width, NULL);
  return width;
}

static double
value_to_y (const PanelBox *box,
            double          value)
{
  if (box->high <= box->low)
    return box->y_low;
  return box->y_low + (box->y_high - box->y_low) * (value - box->low) / (box->high - box->low);
}

static double
layout_time_to_x (const Layout *layout,
                  gint64        time)
{
  return sp_trend_time_to_x (time, layout->start, layout->end, layout->x0, layout->x1);
}

#define LEGEND_SAMPLE 1.8       /* a legend entry's sample, in text heights */
#define LEGEND_SPACE 0.45       /* between the sample and its text */
#define LEGEND_GAP 1.2          /* between entries */
#define GAP_LINES 0.55          /* between panels, in lines of text */
#define MIN_LINES_POINTS 3.2    /* the lowest plot area of a panel with points */
#define MIN_LINES_LANE 1.9      /* ... of a lane: a step label and a step */

/* The panels' heights, title rows and value ticks, with @marker_rows rows of
 * marker labels at the top. */
static void
layout_vertical (const SpTrendPlot *plot,
                 Layout            *layout,
                 guint              marker_rows)
{
  double top, bottom, available, total_weight = 0, total_min = 0;
  g_autofree double *weights = g_new0 (double, layout->n_panels);
  g_autofree double *mins = g_new0 (double, layout->n_panels);
  g_autofree gboolean *fixed = g_new0 (gboolean, layout->n_panels);
  double y;

  layout->marker_rows = marker_rows;
  layout->marker_row_height = layout->lh_small * 1.2;
  layout->marker_top = 0.35 * layout->lh;
  top = layout->marker_top + marker_rows * layout->marker_row_height
        + (marker_rows > 0 ? 0.15 * layout->lh : 0);
  /* a tick mark, the time and the date under it */
  bottom = 0.35 * layout->fs + 2 * layout->lh_small + 0.3 * layout->lh;

  available = layout->height - top - bottom;
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const Panel *panel = g_ptr_array_index (plot->panels, i);
      PanelBox *box = &layout->panels[i];

      box->lane = panel_is_lane (plot, panel);
      box->title_height = 1.2 * layout->lh;
      available -= box->title_height + (i > 0 ? GAP_LINES * layout->lh : 0);
      weights[i] = panel->weight > 0 ? panel->weight : (box->lane ? 0.4 : 1.0);
      mins[i] = (box->lane ? MIN_LINES_LANE : MIN_LINES_POINTS) * layout->lh;
      fixed[i] = FALSE;
      total_weight += weights[i];
      total_min += mins[i];
    }
  layout->min_height = layout->height - available + total_min;
  available = MAX (available, 0);

  if (total_min >= available)
    {
      /* too low for every panel's text: shrink them all alike */
      for (guint i = 0; i < layout->n_panels; i++)
        layout->panels[i].height = total_min > 0 ? mins[i] * available / total_min : 0;
    }
  else
    {
      /* by weight; a panel below its minimum gets the minimum and the others
       * share the rest, until none is below */
      gboolean changed = TRUE;
      double rest = available;

      while (changed)
        {
          changed = FALSE;
          for (guint i = 0; i < layout->n_panels; i++)
            if (!fixed[i] && rest * weights[i] / total_weight < mins[i])
              {
                fixed[i] = TRUE;
                layout->panels[i].height = mins[i];
                rest -= mins[i];
                total_weight -= weights[i];
                changed = TRUE;
              }
        }
      for (guint i = 0; i < layout->n_panels; i++)
        if (!fixed[i])
          layout->panels[i].height = total_weight > 0 ? rest * weights[i] / total_weight : 0;
    }

  y = top;
  for (guint i = 0; i < layout->n_panels; i++)
    {
      PanelBox *box = &layout->panels[i];

      if (i > 0)
        y += GAP_LINES * layout->lh;
      box->title_y = y;
      y += box->title_height;
      box->y = y;
      y += box->height;

      sp_trend_plot_get_value_range (plot, i, &box->low, &box->high);
      box->y_low = box->y + box->height;
      /* a lane keeps a line at the top for its step labels, a panel with
       * labelled points one for the labels above its highest points */
      box->y_high = box->y;
      if (box->lane)
        box->y_high += MIN (1.1 * layout->lh_small, 0.4 * box->height);
      else if (panel_has_point_labels (plot, g_ptr_array_index (plot->panels, i)))
        box->y_high += MIN (1.1 * layout->lh_small + 1.5 * layout->point_size, 0.4 * box->height);

      if (box->lane)
        box->n_ticks = 0;
      else
        {
          guint max_ticks = (guint) floor (box->height / (2.0 * layout->lh_small)) + 1;

          box->n_ticks = sp_trend_value_ticks (box->low, box->high, max_ticks,
                                               &box->tick_first, &box->tick_step);
        }
    }
}

/* The gutter, the time axis and its ticks. */
static void
layout_horizontal (const SpTrendPlot *plot,
                   Layout            *layout)
{
  double gutter = 2.0 * layout->fs;
  double tick_width, max_ticks;
  gint64 step;

  for (guint i = 0; i < layout->n_panels; i++)
    {
      const PanelBox *box = &layout->panels[i];

      for (guint t = 0; t < box->n_ticks; t++)
        {
          g_autofree char *text = sp_trend_format_value (box->tick_first + t * box->tick_step,
                                                         box->tick_step);

          gutter = MAX (gutter, text_width (layout, layout->small, text) + 0.9 * layout->fs);
        }
    }
  layout->x0 = MIN (gutter, 0.3 * layout->width);
  layout->x1 = MAX (layout->x0 + 1, layout->width - 1.0 * layout->fs);

  g_clear_pointer (&layout->time_ticks, g_array_unref);
  tick_width = text_width (layout, layout->small, "00:00");
  max_ticks = floor ((layout->x1 - layout->x0) / (2.2 * tick_width)) + 1;
  layout->time_ticks = sp_trend_time_ticks (layout->start, layout->end, plot->tz,
                                            (guint) CLAMP (max_ticks, 2, 1000), &step);
  if (step >= 86400)
    {
      /* whole days: the labels are dates, wider */
      tick_width = text_width (layout, layout->small, "2000-00-00");
      max_ticks = floor ((layout->x1 - layout->x0) / (1.4 * tick_width)) + 1;
      g_clear_pointer (&layout->time_ticks, g_array_unref);
      layout->time_ticks = sp_trend_time_ticks (layout->start, layout->end, plot->tz,
                                                (guint) CLAMP (max_ticks, 2, 1000), NULL);
    }
}

/* Puts each marker's label in the first of @rows rows where it does not
 * overlap its left neighbour; returns the rows that would be needed (up
 * to 2) if every label were placed. */
static guint
layout_markers (const SpTrendPlot *plot,
                Layout            *layout,
                guint              rows)
{
  double ends[2] = { -INFINITY, -INFINITY };
  double gap = 0.6 * layout->fs;
  guint needed = 0;

  g_free (layout->marker_row);
  layout->marker_row = g_new (guint, MAX (plot->markers->len, 1));
  for (guint m = 0; m < plot->markers->len; m++)
    {
      const Marker *marker = &g_array_index (plot->markers, Marker, m);
      double x = layout_time_to_x (layout, marker->time);
      double width, left;

      layout->marker_row[m] = G_MAXUINT;
      if (marker->time < layout->start || marker->time > layout->end
          || marker->label == NULL || marker->label[0] == '\0')
        continue;
      width = text_width (layout, layout->small_bold, marker->label);
      left = CLAMP (x - width / 2, 0, MAX (layout->width - width, 0));
      for (guint r = 0; r < 2; r++)
        if (left >= ends[r] + gap)
          {
            needed = MAX (needed, r + 1);
            if (r < rows)
              {
                layout->marker_row[m] = r;
                ends[r] = left + width;
              }
            break;
          }
      if (layout->marker_row[m] == G_MAXUINT)
        needed = 2;
    }
  return needed;
}

static Layout *
layout_new (const SpTrendPlot  *plot,
            double              width,
            double              height,
            const SpTrendStyle *style)
{
  Layout *layout = g_new0 (Layout, 1);
  cairo_font_options_t *options = cairo_font_options_create ();
  double scale = style->font_scale > 0 && isfinite (style->font_scale) ? style->font_scale : 1;
  double size = style->font_size > 0 && isfinite (style->font_size) ? style->font_size : 13;
  guint rows;

  layout->width = width;
  layout->height = height;
  layout->context = pango_font_map_create_context (sp_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (layout->context, options);
  cairo_font_options_destroy (options);

  layout->fs = MAX (size * scale, 1.0);
  layout->font = make_font (style, layout->fs, FALSE);
  layout->bold = make_font (style, layout->fs, TRUE);
  layout->small = make_font (style, 0.88 * layout->fs, FALSE);
  layout->small_bold = make_font (style, 0.88 * layout->fs, TRUE);
  layout->text = pango_layout_new (layout->context);
  set_text (layout, layout->font, "0", NULL, &layout->lh);
  set_text (layout, layout->small, "0", NULL, &layout->lh_small);
  layout->point_size = MAX (0.26 * layout->fs, 1.5 * style->line_width);

  sp_trend_plot_get_time_range (plot, &layout->start, &layout->end);
  layout->n_panels = plot->panels->len;
  layout->panels = g_new0 (PanelBox, MAX (layout->n_panels, 1));
  layout->empty = layout->n_panels == 0 || plot_is_empty (plot);
  if (layout->empty)
    return layout;

  /* one row of marker labels; two when the first pass finds neighbours
   * that overlap (the second pass has the same x axis unless the value
   * labels changed width) */
  rows = plot->markers->len > 0 ? 1 : 0;
  layout_vertical (plot, layout, rows);
  layout_horizontal (plot, layout);
  if (rows > 0 && layout_markers (plot, layout, rows) > rows)
    {
      layout_vertical (plot, layout, 2);
      layout_horizontal (plot, layout);
      layout_markers (plot, layout, 2);
    }
  return layout;
}

/* --- drawing --------------------------------------------------------------- */

static void
set_color (cairo_t       *cr,
           const SpColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
set_color_alpha (cairo_t       *cr,
                 const SpColor *color,
                 double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
show_text (cairo_t                    *cr,
           Layout                     *layout,
           const PangoFontDescription *font,
           const char                 *text,
           double                      x,
           double                      y)
{
  PangoLayout *pl = set_text (layout, font, text, NULL, NULL);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, pl);
}

static const SpColor *
series_color (const SpTrendStyle *style,
              guint               number)
{
  return &style->series[number % SP_TREND_N_SERIES_COLORS];
}

/* Line style by the series' place in its panel: solid, dashed, dotted,
 * dash-dot (in units of the line width). */
static void
set_dash (cairo_t *cr,
          guint    index_in_panel,
          double   line_width)
{
  static const double dashed[] = { 4.0, 2.5 };
  static const double dotted[] = { 0.1, 2.2 };
  static const double dash_dot[] = { 4.0, 2.0, 0.1, 2.0 };
  const double *pattern = NULL;
  int n = 0;
  double scaled[4];

  switch (index_in_panel % 4)
    {
    case 1: pattern = dashed; n = G_N_ELEMENTS (dashed); break;
    case 2: pattern = dotted; n = G_N_ELEMENTS (dotted); break;
    case 3: pattern = dash_dot; n = G_N_ELEMENTS (dash_dot); break;
    default: break;
    }
  for (int i = 0; i < n; i++)
    scaled[i] = pattern[i] * line_width;
  cairo_set_dash (cr, n > 0 ? scaled : NULL, n, 0);
  cairo_set_line_cap (cr, n > 0 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

/* The series' line: the style's width, the series' dash. */
static void
set_series_pen (cairo_t            *cr,
                const SpTrendStyle *style,
                const Series       *series)
{
  cairo_set_line_width (cr, style->line_width);
  set_dash (cr, series->index_in_panel, style->line_width);
}

/* The width of the thin lines: target bands' edges, event markers. */
static double
thin_line_width (const SpTrendStyle *style)
{
  return MAX (0.6 * style->line_width, 0.75);
}

/* A target band's edge: thin, dashed, in the band's colour. */
static void
set_band_edge_pen (cairo_t            *cr,
                   const SpTrendStyle *style)
{
  double lw = thin_line_width (style);

  set_color (cr, &style->band_edge);
  cairo_set_line_width (cr, lw);
  set_dash (cr, 1, lw * 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
}

/* A point's shape by the series' place in its panel: circle, triangle,
 * square, diamond; added to the path. */
static void
add_shape (cairo_t *cr,
           guint    index_in_panel,
           double   x,
           double   y,
           double   r)
{
  switch (index_in_panel % 4)
    {
    case 1:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + 0.866 * r, y + 0.5 * r);
      cairo_line_to (cr, x - 0.866 * r, y + 0.5 * r);
      cairo_close_path (cr);
      break;
    case 2:
      r *= 0.9;
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 3:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_empty (const SpTrendPlot  *plot,
            Layout             *layout,
            cairo_t            *cr,
            const SpTrendStyle *style)
{
  PangoLayout *pl;
  PangoRectangle logical;

  if (plot->empty_text == NULL || plot->empty_text[0] == '\0')
    return;
  /* centred, wrapped to the width */
  pl = set_text (layout, layout->font, plot->empty_text, NULL, NULL);
  pango_layout_set_width (pl, (int) (MAX (layout->width - 2 * layout->fs, 1) * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
  pango_layout_get_extents (pl, NULL, &logical);
  set_color (cr, &style->dim);
  cairo_move_to (cr, layout->fs, (layout->height - (double) logical.height / PANGO_SCALE) / 2);
  pango_cairo_show_layout (cr, pl);
  pango_layout_set_alignment (pl, PANGO_ALIGN_LEFT);
}

/* A coordinate moved to where a line of @line_width along it is crisp on
 * the device (by at most half a device pixel): @along_x for a horizontal
 * line (its y is snapped), else a vertical one (its x). Besides the look it
 * matters for speed: cairo strokes long rectilinear outlines and dashes
 * whose edges lie on pixel boundaries several times faster. */
static double
snap (cairo_t  *cr,
      double    value,
      double    line_width,
      gboolean  along_x)
{
  double x = along_x ? 0 : value, y = along_x ? value : 0;
  double dx = along_x ? 0 : line_width, dy = along_x ? line_width : 0;
  double width, device;

  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_user_to_device (cr, &x, &y);
  width = fabs (along_x ? dy : dx);
  device = along_x ? y : x;
  if (!isfinite (device) || !isfinite (width))
    return value;
  /* an odd width in device pixels is centred on a pixel, an even one on
   * the line between two */
  device = (long) lround (width) % 2 == 1 ? floor (device) + 0.5 : round (device);
  if (along_x)
    y = device;
  else
    x = device;
  cairo_device_to_user (cr, &x, &y);
  return along_x ? y : x;
}

#define SNAP_Y(cr, y, w) snap ((cr), (y), (w), TRUE)
#define SNAP_X(cr, x, w) snap ((cr), (x), (w), FALSE)

static void
draw_grid (Layout             *layout,
           cairo_t            *cr,
           const SpTrendStyle *style)
{
  double hair = MAX (style->line_width * 0.5, 0.5);
  double left = SNAP_X (cr, layout->x0, hair), right = SNAP_X (cr, layout->x1, hair);

  cairo_save (cr);
  cairo_set_line_width (cr, hair);
  set_color (cr, &style->grid);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const PanelBox *box = &layout->panels[i];

      for (guint t = 0; t < box->n_ticks; t++)
        {
          double y = SNAP_Y (cr, value_to_y (box, box->tick_first + t * box->tick_step), hair);

          cairo_move_to (cr, left, y);
          cairo_line_to (cr, right, y);
        }
      for (guint t = 0; t < layout->time_ticks->len; t++)
        {
          double x = SNAP_X (cr, layout_time_to_x (layout, g_array_index (layout->time_ticks,
                                                                          SpTrendTimeTick,
                                                                          t).time), hair);

          cairo_move_to (cr, x, box->y);
          cairo_line_to (cr, x, box->y + box->height);
        }
    }
  cairo_stroke (cr);

  /* each plot area framed: the value and time axes (left, bottom) darker */
  for (guint pass = 0; pass < 2; pass++)
    {
      set_color (cr, pass == 0 ? &style->dim : &style->grid);
      for (guint i = 0; i < layout->n_panels; i++)
        {
          const PanelBox *box = &layout->panels[i];
          double top = SNAP_Y (cr, box->y, hair);
          double bottom = SNAP_Y (cr, box->y + box->height, hair);

          if (pass == 0)
            {
              cairo_move_to (cr, left, top);
              cairo_line_to (cr, left, bottom);
              cairo_line_to (cr, right, bottom);
            }
          else
            {
              cairo_move_to (cr, left, top);
              cairo_line_to (cr, right, top);
              cairo_line_to (cr, right, bottom);
            }
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_bands (const SpTrendPlot  *plot,
            Layout             *layout,
            cairo_t            *cr,
            const SpTrendStyle *style)
{
  double lw = thin_line_width (style);

  for (guint i = 0; i < layout->n_panels; i++)
    {
      const Panel *panel = g_ptr_array_index (plot->panels, i);
      const PanelBox *box = &layout->panels[i];

      for (guint b = 0; b < panel->bands->len; b++)
        {
          const Band *band = &g_array_index (panel->bands, Band, b);
          double y_top = isfinite (band->high) ? value_to_y (box, band->high) : box->y;
          double y_bottom = isfinite (band->low) ? value_to_y (box, band->low)
                                                 : box->y + box->height;

          y_top = CLAMP (y_top, box->y, box->y + box->height);
          y_bottom = CLAMP (y_bottom, box->y, box->y + box->height);
          if (y_bottom <= y_top)
            continue;

          cairo_save (cr);
          cairo_rectangle (cr, layout->x0, y_top, layout->x1 - layout->x0, y_bottom - y_top);
          set_color (cr, &style->band);
          cairo_fill (cr);

          /* the finite edges, dashed: the target line itself */
          set_band_edge_pen (cr, style);
          if (isfinite (band->high) && band->high <= box->high)
            {
              cairo_move_to (cr, layout->x0, SNAP_Y (cr, y_top, lw));
              cairo_line_to (cr, layout->x1, SNAP_Y (cr, y_top, lw));
            }
          if (isfinite (band->low) && band->low >= box->low)
            {
              cairo_move_to (cr, layout->x0, SNAP_Y (cr, y_bottom, lw));
              cairo_line_to (cr, layout->x1, SNAP_Y (cr, y_bottom, lw));
            }
          cairo_stroke (cr);

          cairo_restore (cr);
        }
    }
}

static void
draw_marker_lines (const SpTrendPlot  *plot,
                   Layout             *layout,
                   cairo_t            *cr,
                   const SpTrendStyle *style)
{
  double lw = thin_line_width (style);
  const PanelBox *last = &layout->panels[layout->n_panels - 1];

  if (plot->markers->len == 0)
    return;
  cairo_save (cr);
  set_color (cr, &style->marker);
  cairo_set_line_width (cr, lw);
  set_dash (cr, 1, lw * 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);   /* hundreds of dashes: the cheap cap */
  for (guint m = 0; m < plot->markers->len; m++)
    {
      const Marker *marker = &g_array_index (plot->markers, Marker, m);
      double x, top;

      if (marker->time < layout->start || marker->time > layout->end)
        continue;
      x = SNAP_X (cr, layout_time_to_x (layout, marker->time), lw);
      top = layout->marker_row[m] != G_MAXUINT
            ? layout->marker_top + (layout->marker_row[m] + 1) * layout->marker_row_height
            : layout->panels[0].title_y;
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, last->y + last->height);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_marker_labels (const SpTrendPlot  *plot,
                    Layout             *layout,
                    cairo_t            *cr,
                    const SpTrendStyle *style)
{
  set_color (cr, &style->marker);
  for (guint m = 0; m < plot->markers->len; m++)
    {
      const Marker *marker = &g_array_index (plot->markers, Marker, m);
      double x, w, h, left, top;

      if (layout->marker_row[m] == G_MAXUINT)
        continue;
      x = layout_time_to_x (layout, marker->time);
      set_text (layout, layout->small_bold, marker->label, &w, &h);
      left = CLAMP (x - w / 2, 0, MAX (layout->width - w, 0));
      top = layout->marker_top + layout->marker_row[m] * layout->marker_row_height
            + (layout->marker_row_height - h) / 2;
      show_text (cr, layout, layout->small_bold, marker->label, left, top);
    }
}

/* @n marks (points, steps) across the plot area a unit or two apart:
 * drawn with cairo's fast rasterizer (on image surfaces about 5 times
 * faster, and the same look at that density). */
static gboolean
is_dense (const Layout *layout,
          guint         n)
{
  return n > 0 && (layout->x1 - layout->x0) / n < 3.5 * layout->point_size;
}

/* The point shapes of the current path filled in @color, each on a ring
 * of the background that keeps it apart from the lines under it. */
static void
fill_points (cairo_t            *cr,
             const Layout       *layout,
             const SpTrendStyle *style,
             const SpColor      *color)
{
  cairo_set_line_width (cr, MAX (0.35 * layout->point_size, 0.5));
  set_color (cr, &style->background);
  cairo_stroke_preserve (cr);
  set_color (cr, color);
  cairo_fill (cr);
}

/* The x where a step that starts at point @p of @points ends: the next
 * point's time, or the end of the axis for the last. */
static double
step_end_x (const Layout *layout,
            GArray       *points,
            guint         p)
{
  if (p + 1 < points->len)
    return layout_time_to_x (layout, g_array_index (points, Point, p + 1).time);
  return MAX (layout->x1, layout_time_to_x (layout, g_array_index (points, Point, p).time));
}

/* The first and one past the last point that can show between the axis'
 * ends (one more on each side, for the lines that enter and leave). */
static void
visible_points (const Layout *layout,
                GArray       *points,
                guint        *out_first,
                guint        *out_end)
{
  guint first = lower_bound (points, layout->start);
  guint end = lower_bound (points, layout->end + 1);

  *out_first = first > 0 ? first - 1 : 0;
  *out_end = MIN (end + 1, points->len);
}

static void
draw_steps (Layout             *layout,
            cairo_t            *cr,
            const SpTrendStyle *style,
            const Series       *series,
            const PanelBox     *box,
            const SpColor      *color)
{
  GArray *points = series->points;
  double base = SNAP_Y (cr, value_to_y (box, MAX (box->low, 0)), style->line_width);
  guint first, end;

  visible_points (layout, points, &first, &end);
  set_series_pen (cr, style, series);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  if (is_dense (layout, end - first))
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  /* each run of values up to a stop (NAN): the area under it tinted, its
   * outline drawn, down to the baseline where it starts and stops */
  for (guint p = first; p < end; p++)
    {
      const Point *point = &g_array_index (points, Point, p);
      guint q;
      double x_start, x_end;

      if (isnan (point->value))
        continue;
      x_start = layout_time_to_x (layout, point->time);
      cairo_move_to (cr, x_start, base);
      for (q = p; q < end && !isnan (g_array_index (points, Point, q).value); q++)
        {
          double y = SNAP_Y (cr, value_to_y (box, g_array_index (points, Point, q).value),
                             style->line_width);

          cairo_line_to (cr, layout_time_to_x (layout, g_array_index (points, Point, q).time), y);
          cairo_line_to (cr, step_end_x (layout, points, q), y);
        }
      x_end = step_end_x (layout, points, q - 1);
      cairo_line_to (cr, x_end, base);
      /* down to the baseline at a stop; a dose that runs on past the axis
       * goes down outside the clip */
      set_color_alpha (cr, color, 0.2);
      cairo_fill_preserve (cr);
      set_color (cr, color);
      cairo_stroke (cr);
      p = q;
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

/* Each step's value (the caller's label, or the number) above its start,
 * where the step is long enough to hold it and it does not run into the
 * previous label. */
static void
draw_step_labels (Layout             *layout,
                  cairo_t            *cr,
                  const SpTrendStyle *style,
                  const Series       *series,
                  const PanelBox     *box)
{
  GArray *points = series->points;
  double last_end = -INFINITY;
  guint first, end;

  visible_points (layout, points, &first, &end);
  set_color (cr, &style->foreground);
  for (guint p = first, q; p < end; p = q)
    {
      const Point *point = &g_array_index (points, Point, p);
      g_autofree char *fallback = NULL;
      const char *text;
      double x, x_next, y, w, h;

      /* the step runs on to the next different value (or a stop) */
      for (q = p + 1; q < points->len; q++)
        if (g_array_index (points, Point, q).value != point->value)
          break;
      if (isnan (point->value))
        continue;
      /* the step that holds when the axis starts is labelled at its start */
      x = MAX (layout_time_to_x (layout, point->time), layout->x0) + 0.2 * layout->fs;
      x_next = q < points->len ? layout_time_to_x (layout, g_array_index (points, Point, q).time)
                               : layout->x1;
      x_next = MIN (x_next, layout->x1);
      /* checked before measuring: most steps of a dense series are skipped
       * here */
      if (x > layout->x1 || x < last_end + 0.5 * layout->fs || x_next - x < 1.0 * layout->fs)
        continue;
      text = point->label;
      if (text == NULL)
        text = fallback = sp_trend_format_value (point->value, fabs (point->value));
      set_text (layout, layout->small, text, &w, &h);
      if (x + w > x_next)
        {
          /* the last step may move left to stay inside the axis */
          if (q < points->len && x_next < layout->x1)
            continue;
          x = x_next - w;
          if (x < last_end + 0.5 * layout->fs || x < layout_time_to_x (layout, point->time))
            continue;
        }
      y = MAX (value_to_y (box, point->value) - h, box->y);
      show_text (cr, layout, layout->small, text, x, y);
      last_end = x + w;
    }
}

static void
draw_points (Layout             *layout,
             cairo_t            *cr,
             const SpTrendStyle *style,
             const Series       *series,
             const PanelBox     *box,
             const SpColor      *color)
{
  GArray *points = series->points;
  double r = layout->point_size;
  guint first, end, n_visible = 0;
  gboolean dense;

  visible_points (layout, points, &first, &end);
  for (guint p = first; p < end; p++)
    if (!isnan (g_array_index (points, Point, p).value))
      n_visible++;
  dense = is_dense (layout, n_visible);
  if (dense)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  /* the line, broken at each NAN, inside the plot area (it comes in from
   * a point before the axis starts and goes out to one after it ends) */
  cairo_save (cr);
  cairo_rectangle (cr, layout->x0, box->y, layout->x1 - layout->x0, box->height);
  cairo_clip (cr);
  set_series_pen (cr, style, series);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  {
    gboolean pen_down = FALSE;

    for (guint p = first; p < end; p++)
      {
        const Point *point = &g_array_index (points, Point, p);
        double x, y;

        if (isnan (point->value))
          {
            pen_down = FALSE;
            continue;
          }
        x = layout_time_to_x (layout, point->time);
        y = value_to_y (box, point->value);
        if (pen_down)
          cairo_line_to (cr, x, y);
        else
          cairo_move_to (cr, x, y);
        pen_down = TRUE;
      }
  }
  set_color (cr, color);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* the points on the axis, each on a ring of the background; left out
   * where they would run into each other (the line style still tells the
   * series apart), except a point with no neighbour, which has no line */
  for (guint p = first; p < end; p++)
    {
      const Point *point = &g_array_index (points, Point, p);
      gboolean alone;

      if (isnan (point->value) || point->time < layout->start || point->time > layout->end)
        continue;
      alone = (p == 0 || isnan (g_array_index (points, Point, p - 1).value))
              && (p + 1 >= points->len || isnan (g_array_index (points, Point, p + 1).value));
      if (dense && !alone)
        continue;
      add_shape (cr, series->index_in_panel, layout_time_to_x (layout, point->time),
                 value_to_y (box, point->value), r);
    }
  fill_points (cr, layout, style, color);

  /* the caller's labels, above their points, where they do not overlap */
  {
    double last_end = -INFINITY;

    set_color (cr, &style->foreground);
    for (guint p = first; p < end; p++)
      {
        const Point *point = &g_array_index (points, Point, p);
        double x, y, w, h;

        if (point->label == NULL || isnan (point->value))
          continue;
        x = layout_time_to_x (layout, point->time);
        if (x < layout->x0 || x > layout->x1)
          continue;
        set_text (layout, layout->small, point->label, &w, &h);
        x = CLAMP (x - w / 2, layout->x0, layout->x1 - w);
        if (x < last_end + 0.4 * layout->fs)
          continue;
        y = value_to_y (box, point->value) - 1.4 * r - h;
        if (y < box->y)
          y = value_to_y (box, point->value) + 1.4 * r;
        show_text (cr, layout, layout->small, point->label, x, y);
        last_end = x + w;
      }
  }
}

/* The legend entry's sample: a short line in the series' style with its
 * point on it (a lane's: a tinted block). */
static void
draw_sample (cairo_t            *cr,
             Layout             *layout,
             const SpTrendStyle *style,
             const Series       *series,
             const SpColor      *color,
             double              x,
             double              y,
             double              length)
{
  cairo_save (cr);
  if (series->kind == SP_TREND_SERIES_STEPS)
    {
      cairo_rectangle (cr, x, y - 0.3 * layout->lh, length, 0.55 * layout->lh);
      set_color_alpha (cr, color, 0.2);
      cairo_fill (cr);
      cairo_move_to (cr, x, y + 0.25 * layout->lh);
      cairo_line_to (cr, x, y - 0.3 * layout->lh);
      cairo_line_to (cr, x + length, y - 0.3 * layout->lh);
    }
  else
    {
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + length, y);
    }
  set_series_pen (cr, style, series);
  set_color (cr, color);
  cairo_stroke (cr);
  if (series->kind == SP_TREND_SERIES_POINTS)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      add_shape (cr, series->index_in_panel, x + length / 2, y, layout->point_size);
      fill_points (cr, layout, style, color);
    }
  cairo_restore (cr);
}

/* The legend of a panel: each series when it has more than one, each
 * labelled band; its width in *@out_width. */
typedef struct {
  const Series *series;         /* or NULL: */
  const Band   *band;
  guint         number;
  double        text_width;
} LegendEntry;

static GArray *
legend_entries (const SpTrendPlot *plot,
                Layout            *layout,
                const Panel       *panel,
                double            *out_width)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  double width = 0;

  if (panel->series->len > 1)
    for (guint s = 0; s < panel->series->len; s++)
      {
        LegendEntry entry = { 0 };

        entry.number = g_array_index (panel->series, guint, s);
        entry.series = g_ptr_array_index (plot->series, entry.number);
        g_array_append_val (entries, entry);
      }
  for (guint b = 0; b < panel->bands->len; b++)
    {
      LegendEntry entry = { 0 };

      entry.band = &g_array_index (panel->bands, Band, b);
      if (entry.band->label != NULL && entry.band->label[0] != '\0')
        g_array_append_val (entries, entry);
    }
  for (guint e = 0; e < entries->len; e++)
    {
      LegendEntry *entry = &g_array_index (entries, LegendEntry, e);

      entry->text_width = text_width (layout, layout->font, entry->series != NULL
                                                            ? entry->series->label
                                                            : entry->band->label);
      width += LEGEND_SAMPLE * layout->fs + LEGEND_SPACE * layout->fs + entry->text_width
               + (e > 0 ? LEGEND_GAP * layout->fs : 0);
    }
  *out_width = width;
  return entries;
}

/* A band's legend sample: its fill, its finite edges dashed. */
static void
draw_band_sample (cairo_t            *cr,
                  Layout             *layout,
                  const SpTrendStyle *style,
                  const Band         *band,
                  double              x,
                  double              y,
                  double              length)
{
  double top = y - 0.35 * layout->lh, bottom = y + 0.35 * layout->lh;

  cairo_save (cr);
  cairo_rectangle (cr, x, top, length, bottom - top);
  set_color (cr, &style->band);
  cairo_fill (cr);
  set_band_edge_pen (cr, style);
  if (isfinite (band->low))
    {
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x + length, bottom);
    }
  if (isfinite (band->high))
    {
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x + length, top);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_titles (const SpTrendPlot  *plot,
             Layout             *layout,
             cairo_t            *cr,
             const SpTrendStyle *style)
{
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const Panel *panel = g_ptr_array_index (plot->panels, i);
      const PanelBox *box = &layout->panels[i];
      g_autoptr(GArray) entries = NULL;
      double legend_width, sample = LEGEND_SAMPLE * layout->fs;
      double title_width = 0, unit_width = 0, h, y, x, limit;

      /* the legend at the right, unless it leaves the title too little room */
      entries = legend_entries (plot, layout, panel, &legend_width);
      if (legend_width > 0 && layout->x1 - layout->x0 - legend_width < 8 * layout->fs)
        {
          g_array_set_size (entries, 0);
          legend_width = 0;
        }
      limit = layout->x1 - layout->x0 - (legend_width > 0 ? legend_width + layout->fs : 0);

      set_text (layout, layout->bold, panel->title, &title_width, &h);
      y = box->title_y + (box->title_height - h) / 2;
      if (panel->unit != NULL)
        unit_width = text_width (layout, layout->font, panel->unit) + 0.5 * layout->fs;

      /* a background behind the text, over the markers' lines */
      cairo_rectangle (cr, layout->x0, box->title_y,
                       MIN (title_width + unit_width + 0.3 * layout->fs, MAX (limit, 0)),
                       box->title_height);
      if (legend_width > 0)
        cairo_rectangle (cr, layout->x1 - legend_width - 0.3 * layout->fs, box->title_y,
                         legend_width + 0.3 * layout->fs, box->title_height);
      set_color (cr, &style->background);
      cairo_fill (cr);

      set_color (cr, &style->foreground);
      {
        PangoLayout *pl = set_text (layout, layout->bold, panel->title, NULL, NULL);

        pango_layout_set_width (pl, (int) (MAX (limit, 1) * PANGO_SCALE));
        pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
        cairo_move_to (cr, layout->x0, y);
        pango_cairo_show_layout (cr, pl);
        pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_NONE);
      }
      if (panel->unit != NULL && title_width + unit_width <= limit)
        {
          set_color (cr, &style->dim);
          show_text (cr, layout, layout->font, panel->unit,
                     layout->x0 + title_width + 0.5 * layout->fs, y);
        }

      x = layout->x1 - legend_width;
      for (guint e = 0; e < entries->len; e++)
        {
          const LegendEntry *entry = &g_array_index (entries, LegendEntry, e);

          if (e > 0)
            x += LEGEND_GAP * layout->fs;
          if (entry->series != NULL)
            draw_sample (cr, layout, style, entry->series, series_color (style, entry->number),
                         x, y + h / 2, sample);
          else
            draw_band_sample (cr, layout, style, entry->band, x, y + h / 2, sample);
          x += sample + LEGEND_SPACE * layout->fs;
          set_color (cr, &style->foreground);
          show_text (cr, layout, layout->font,
                     entry->series != NULL ? entry->series->label : entry->band->label, x, y);
          x += entry->text_width;
        }
    }
}

static void
draw_value_axes (Layout             *layout,
                 cairo_t            *cr,
                 const SpTrendStyle *style)
{
  set_color (cr, &style->dim);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const PanelBox *box = &layout->panels[i];

      for (guint t = 0; t < box->n_ticks; t++)
        {
          double value = box->tick_first + t * box->tick_step;
          g_autofree char *text = sp_trend_format_value (value, box->tick_step);
          double w, h, y;

          set_text (layout, layout->small, text, &w, &h);
          y = value_to_y (box, value) - h / 2;
          y = CLAMP (y, box->y - h / 2, box->y + box->height - h / 2);
          show_text (cr, layout, layout->small, text, layout->x0 - 0.45 * layout->fs - w, y);
        }
    }
}

static void
draw_time_axis (Layout             *layout,
                cairo_t            *cr,
                const SpTrendStyle *style)
{
  const PanelBox *last = &layout->panels[layout->n_panels - 1];
  double axis = last->y + last->height;
  double tick = 0.35 * layout->fs;
  double label_end = -INFINITY, date_end = -INFINITY;

  cairo_save (cr);
  set_color (cr, &style->dim);
  cairo_set_line_width (cr, MAX (style->line_width * 0.5, 0.5));
  for (guint t = 0; t < layout->time_ticks->len; t++)
    {
      double x = layout_time_to_x (layout, g_array_index (layout->time_ticks,
                                                          SpTrendTimeTick, t).time);

      cairo_move_to (cr, x, axis);
      cairo_line_to (cr, x, axis + tick);
    }
  cairo_stroke (cr);

  for (guint t = 0; t < layout->time_ticks->len; t++)
    {
      const SpTrendTimeTick *tt = &g_array_index (layout->time_ticks, SpTrendTimeTick, t);
      double x = layout_time_to_x (layout, tt->time);
      double w, h, left;

      set_text (layout, layout->small, tt->label, &w, &h);
      left = CLAMP (x - w / 2, 0, layout->width - w);
      if (left >= label_end + 0.3 * layout->fs)
        {
          set_color (cr, &style->foreground);
          show_text (cr, layout, layout->small, tt->label, left, axis + tick);
          label_end = left + w;
        }
      if (tt->date != NULL)
        {
          set_text (layout, layout->small, tt->date, &w, NULL);
          left = CLAMP (x - w / 2, 0, layout->width - w);
          if (left >= date_end + 0.3 * layout->fs)
            {
              set_color (cr, &style->dim);
              show_text (cr, layout, layout->small, tt->date, left, axis + tick + h);
              date_end = left + w;
            }
        }
    }
  cairo_restore (cr);
}

static void
draw_highlight (const SpTrendPlot  *plot,
                Layout             *layout,
                cairo_t            *cr,
                const SpTrendStyle *style);

void
sp_trend_plot_draw (const SpTrendPlot  *plot,
                    cairo_t            *cr,
                    double              width,
                    double              height,
                    const SpTrendStyle *style)
{
  g_autoptr(Layout) layout = NULL;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  if (!(width > 0) || !(height > 0))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_color (cr, &style->background);
  cairo_paint (cr);

  layout = layout_new (plot, width, height, style);
  if (layout->empty)
    {
      draw_empty (plot, layout, cr, style);
      cairo_restore (cr);
      return;
    }

  draw_grid (layout, cr, style);
  draw_bands (plot, layout, cr, style);
  draw_marker_lines (plot, layout, cr, style);

  for (guint s = 0; s < plot->series->len; s++)
    {
      const Series *series = g_ptr_array_index (plot->series, s);
      const PanelBox *box = &layout->panels[series->panel];
      double r = 2 * layout->point_size;

      cairo_save (cr);
      cairo_rectangle (cr, layout->x0 - r, box->y - r, layout->x1 - layout->x0 + 2 * r,
                       box->height + 2 * r);
      cairo_clip (cr);
      if (series->kind == SP_TREND_SERIES_STEPS)
        {
          cairo_save (cr);
          cairo_rectangle (cr, layout->x0, box->y, layout->x1 - layout->x0, box->height);
          cairo_clip (cr);
          draw_steps (layout, cr, style, series, box, series_color (style, s));
          cairo_restore (cr);
          draw_step_labels (layout, cr, style, series, box);
        }
      else
        draw_points (layout, cr, style, series, box, series_color (style, s));
      cairo_restore (cr);
    }

  draw_titles (plot, layout, cr, style);
  draw_value_axes (layout, cr, style);
  draw_time_axis (layout, cr, style);
  draw_marker_labels (plot, layout, cr, style);
  draw_highlight (plot, layout, cr, style);
  cairo_restore (cr);
}

/* --- hit testing ----------------------------------------------------------- */

static gboolean
point_position (const SpTrendPlot *plot,
                const Layout      *layout,
                guint              series_number,
                guint              index,
                double            *out_x,
                double            *out_y)
{
  const Series *series;
  const Point *point;
  const PanelBox *box;

  if (layout->empty || series_number >= plot->series->len)
    return FALSE;
  series = g_ptr_array_index (plot->series, series_number);
  if (index >= series->points->len)
    return FALSE;
  point = &g_array_index (series->points, Point, index);
  if (isnan (point->value))
    return FALSE;
  box = &layout->panels[series->panel];
  *out_x = layout_time_to_x (layout, point->time);
  *out_y = value_to_y (box, point->value);
  return TRUE;
}

static void
draw_highlight (const SpTrendPlot  *plot,
                Layout             *layout,
                cairo_t            *cr,
                const SpTrendStyle *style)
{
  const Series *series;
  double x, y, r = 2.0 * layout->point_size;

  if (!point_position (plot, layout, plot->highlight_series, plot->highlight_index, &x, &y))
    return;
  series = g_ptr_array_index (plot->series, plot->highlight_series);
  if (series->kind == SP_TREND_SERIES_STEPS)
    {
      /* the whole step, outlined */
      const PanelBox *box = &layout->panels[series->panel];
      double x_end = MIN (step_end_x (layout, series->points, plot->highlight_index), layout->x1);

      x = MAX (x, layout->x0);
      cairo_rectangle (cr, x, y, MAX (x_end - x, 1), value_to_y (box, MAX (box->low, 0)) - y);
    }
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, MAX (style->line_width, 1.0) * 2.5);
  set_color (cr, &style->background);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, MAX (style->line_width, 1.0));
  set_color (cr, &style->foreground);
  cairo_stroke (cr);
}

gboolean
sp_trend_plot_get_point_position (const SpTrendPlot  *plot,
                                  double              width,
                                  double              height,
                                  const SpTrendStyle *style,
                                  guint               series,
                                  guint               index,
                                  double             *out_x,
                                  double             *out_y)
{
  g_autoptr(Layout) layout = NULL;
  double x, y;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  layout = layout_new (plot, width, height, style);
  if (!point_position (plot, layout, series, index, &x, &y))
    return FALSE;
  if (out_x != NULL)
    *out_x = x;
  if (out_y != NULL)
    *out_y = y;
  return TRUE;
}

void
sp_trend_plot_get_plot_area (const SpTrendPlot  *plot,
                             double              width,
                             double              height,
                             const SpTrendStyle *style,
                             double             *out_x,
                             double             *out_y,
                             double             *out_width,
                             double             *out_height)
{
  g_autoptr(Layout) layout = NULL;
  double x = 0, y = 0, w = 0, h = 0;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (style != NULL);

  layout = layout_new (plot, width, height, style);
  if (!layout->empty)
    {
      const PanelBox *last = &layout->panels[layout->n_panels - 1];

      x = layout->x0;
      w = layout->x1 - layout->x0;
      y = layout->panels[0].y;
      h = last->y + last->height - y;
    }
  if (out_x != NULL)
    *out_x = x;
  if (out_y != NULL)
    *out_y = y;
  if (out_width != NULL)
    *out_width = w;
  if (out_height != NULL)
    *out_height = h;
}

double
sp_trend_plot_get_minimum_height (const SpTrendPlot  *plot,
                                  double              width,
                                  const SpTrendStyle *style)
{
  g_autoptr(Layout) layout = NULL;

  g_return_val_if_fail (plot != NULL, 0);
  g_return_val_if_fail (style != NULL, 0);

  layout = layout_new (plot, width, 1000, style);
  if (layout->empty)
    return 3 * layout->lh;      /* the "no data" text */
  return ceil (layout->min_height);
}

gboolean
sp_trend_plot_hit (const SpTrendPlot  *plot,
                   double              width,
                   double              height,
                   const SpTrendStyle *style,
                   double              x,
                   double              y,
                   guint              *out_series,
                   guint              *out_index)
{
  g_autoptr(Layout) layout = NULL;
  double radius, best = INFINITY;
  guint best_series = G_MAXUINT, best_index = G_MAXUINT;
  const PanelBox *box = NULL;
  guint panel = 0;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  layout = layout_new (plot, width, height, style);
  if (layout->empty)
    return FALSE;
  radius = MAX (0.8 * layout->fs, 3 * layout->point_size);
  if (x < layout->x0 - radius || x > layout->x1 + radius)
    return FALSE;

  /* the panel under y, its plot area widened by the radius */
  for (panel = 0; panel < layout->n_panels; panel++)
    {
      box = &layout->panels[panel];
      if (y >= box->y - radius && y <= box->y + box->height + radius)
        break;
    }
  if (panel == layout->n_panels)
    return FALSE;

  for (guint s = 0; s < plot->series->len; s++)
    {
      const Series *series = g_ptr_array_index (plot->series, s);
      GArray *points = series->points;

      if (series->panel != panel)
        continue;
      if (series->kind == SP_TREND_SERIES_STEPS)
        {
          /* the step that holds at x, anywhere in the lane's height */
          double t = sp_trend_x_to_time (x, layout->start, layout->end, layout->x0, layout->x1);
          guint p = lower_bound (points, (gint64) floor (t) + 1);

          if (x < layout->x0 || x > layout->x1 || y < box->y || y > box->y + box->height
              || p == 0 || isnan (g_array_index (points, Point, p - 1).value))
            continue;
          if (best > radius)    /* a point nearby wins over the step */
            {
              best = radius;
              best_series = s;
              best_index = p - 1;
            }
        }
      else
        {
          double t0 = sp_trend_x_to_time (x - radius, layout->start, layout->end,
                                          layout->x0, layout->x1);
          double t1 = sp_trend_x_to_time (x + radius, layout->start, layout->end,
                                          layout->x0, layout->x1);

          for (guint p = lower_bound (points, (gint64) floor (t0)); p < points->len; p++)
            {
              const Point *point = &g_array_index (points, Point, p);
              double px, py, d;

              if (point->time > t1)
                break;
              if (isnan (point->value))
                continue;
              px = layout_time_to_x (layout, point->time);
              py = value_to_y (box, point->value);
              d = hypot (px - x, py - y);
              if (d <= radius && d < best)
                {
                  best = d;
                  best_series = s;
                  best_index = p;
                }
            }
        }
    }
  if (best_series == G_MAXUINT)
    return FALSE;
  if (out_series != NULL)
    *out_series = best_series;
  if (out_index != NULL)
    *out_index = best_index;
  return TRUE;
}
