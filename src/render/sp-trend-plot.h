/* sp-trend-plot.h: a case's trends on one time axis, drawn with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing for the window (a GtkDrawingArea), the printed case summary and
 * handover page, and exported images. An SpTrendPlot is a description in
 * plain data: a time range, stacked panels (each with a title, a unit, target
 * bands and series), series of timed values drawn as points joined by lines
 * or as a step function, and vertical markers. Every word on the drawing is a
 * string the caller gives; the renderer only formats the axes (numbers in the
 * user's locale, times of day, dates). No GTK and no core types here.
 *
 * Panels are stacked top to bottom in the order they are added and share the
 * time axis drawn under the last one. A panel whose series are all steps is a
 * lane (a drug's dose): it is drawn lower, from zero, and labels each step
 * with its value instead of a value axis.
 *
 * Colour is never the only cue: within a panel the series differ by line
 * style (solid, dashed, dotted, dash-dot) and point shape (circle, triangle,
 * square, diamond), and a panel with several series has a legend.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "sp-flowchart-render.h"   /* SpColor */

G_BEGIN_DECLS

#define SP_TREND_N_SERIES_COLORS 6

/* Colours and type for one rendering. sp_trend_style_init_light (), _dark ()
 * and _print () fill sensible defaults; a widget copies its theme's colours
 * in and sets font_size from its font and font_scale from the text size
 * preference. Sizes are in the cairo context's user units: pixels on screen,
 * points on paper. */
typedef struct {
  SpColor     background;
  SpColor     foreground;       /* titles, tick labels, axes */
  SpColor     dim;              /* units, dates, the band's label, the "no data" text */
  SpColor     grid;             /* grid lines */
  SpColor     band;             /* target band fill (drawn with its alpha) */
  SpColor     band_edge;        /* the band's finite edges and its label */
  SpColor     marker;           /* step-change markers and their labels */
  SpColor     series[SP_TREND_N_SERIES_COLORS]; /* by series number, in turn */
  const char *font_family;      /* "Cantarell, DejaVu Sans, Sans" ... */
  double      font_size;        /* body text height at font_scale 1 */
  double      font_scale;       /* large text: 1, 1.25, 1.5 ... */
  double      line_width;       /* series lines; grid and axes are thinner */
} SpTrendStyle;

/* Light and dark for a screen (font_size 13 px, line width 2 px). */
void      sp_trend_style_init_light  (SpTrendStyle *style);
void      sp_trend_style_init_dark   (SpTrendStyle *style);
/* Light for paper, in points (font_size 8 pt, line width 1.2 pt). */
void      sp_trend_style_init_print  (SpTrendStyle *style);

typedef enum {
  SP_TREND_SERIES_POINTS,       /* points joined by lines; NAN leaves a gap */
  SP_TREND_SERIES_STEPS,        /* a value holds until the next; NAN ends the step */
} SpTrendSeriesKind;

typedef struct _SpTrendPlot SpTrendPlot;

SpTrendPlot *sp_trend_plot_new            (void);
void         sp_trend_plot_free           (SpTrendPlot       *plot);

/* The time axis, in Unix seconds (end > start). Before any call: the span of
 * the points and markers (one hour around a single time). */
void         sp_trend_plot_set_time_range (SpTrendPlot       *plot,
                                           gint64             start,
                                           gint64             end);
/* The zone the axis labels are in (default: local time). */
void         sp_trend_plot_set_time_zone  (SpTrendPlot       *plot,
                                           GTimeZone         *tz);
/* What an empty plot (no point in any series) says in its middle
 * ("No entries yet"); NULL: nothing. */
void         sp_trend_plot_set_empty_text (SpTrendPlot       *plot,
                                           const char        *text);

/* A panel titled @title, its values in @unit (may be NULL). Returns its
 * number (0, 1, ...). */
guint        sp_trend_plot_add_panel      (SpTrendPlot       *plot,
                                           const char        *title,
                                           const char        *unit);
/* The share of the height a panel gets, relative to the others (default 1
 * for a panel with points, 0.4 for a lane of steps). A panel is never lower
 * than its text needs, unless the whole plot is too low. */
void         sp_trend_plot_set_panel_weight (SpTrendPlot     *plot,
                                             guint            panel,
                                             double           weight);
/* A target band from @low to @high, shaded and labelled (@label may be
 * NULL); -INFINITY or INFINITY leaves a side open ("MAP >= 65"). The panel's
 * value range includes the band's finite edges. */
void         sp_trend_plot_add_band       (SpTrendPlot       *plot,
                                           guint              panel,
                                           double             low,
                                           double             high,
                                           const char        *label);
/* A series in @panel, named @label in the legend. Returns its number
 * (0, 1, ... over the whole plot), which picks its colour. */
guint        sp_trend_plot_add_series     (SpTrendPlot       *plot,
                                           guint              panel,
                                           SpTrendSeriesKind  kind,
                                           const char        *label);
/* Appends a value at @time (no earlier than the series' last point). NAN
 * leaves a gap in a line and ends a step. Returns the point's index. */
guint        sp_trend_plot_add_point      (SpTrendPlot       *plot,
                                           guint              series,
                                           gint64             time,
                                           double             value);
/* The text drawn beside a point (a step's dose as the caller writes it,
 * "0.1"); steps without one show their value as the axis formats numbers. */
void         sp_trend_plot_set_point_label (SpTrendPlot      *plot,
                                            guint             series,
                                            guint             index,
                                            const char       *label);
/* A step carried to the plot's start from before it: @since is when it was
 * set (no later than the point's time); the point's time by default. */
void         sp_trend_plot_set_point_since (SpTrendPlot      *plot,
                                            guint             series,
                                            guint             index,
                                            gint64            since);
/* A vertical line through every panel at @time, @label above it ("Step 2"). */
void         sp_trend_plot_add_marker     (SpTrendPlot       *plot,
                                           gint64             time,
                                           const char        *label);
/* The point drawn with a ring (keyboard focus, hover); G_MAXUINT: none. */
void         sp_trend_plot_set_highlight  (SpTrendPlot       *plot,
                                           guint              series,
                                           guint              index);

guint        sp_trend_plot_get_n_panels   (const SpTrendPlot *plot);
guint        sp_trend_plot_get_n_series   (const SpTrendPlot *plot);
guint        sp_trend_plot_get_n_points   (const SpTrendPlot *plot,
                                           guint              series);
/* A point's time, value (NAN: a gap) and label (may be NULL); FALSE past
 * the series' last point. */
gboolean     sp_trend_plot_get_point      (const SpTrendPlot *plot,
                                           guint              series,
                                           guint              index,
                                           gint64            *out_time,
                                           double            *out_value,
                                           const char       **out_label);
/* When the point's value was set: its time, or for a step carried to the
 * plot's start, the earlier time it was set. */
gint64       sp_trend_plot_get_point_since (const SpTrendPlot *plot,
                                            guint              series,
                                            guint              index);
SpTrendSeriesKind sp_trend_plot_get_series_kind (const SpTrendPlot *plot,
                                                 guint              series);
/* A series' name in the legend ("MAP"), and the unit of its panel. */
const char  *sp_trend_plot_get_series_label (const SpTrendPlot *plot,
                                             guint              series);
const char  *sp_trend_plot_get_series_unit  (const SpTrendPlot *plot,
                                             guint              series);
void         sp_trend_plot_get_time_range (const SpTrendPlot *plot,
                                           gint64            *out_start,
                                           gint64            *out_end);
/* The values a panel shows, bottom to top: its points and its band's finite
 * edges with a margin of 8 % of their span on each side (a lane: from 0); no
 * lower than 0 when nothing is negative; [0, 1] when there is nothing. */
void         sp_trend_plot_get_value_range (const SpTrendPlot *plot,
                                            guint             panel,
                                            double           *out_low,
                                            double           *out_high);

/* Draws the plot into @width x @height from the origin of @cr, background
 * included. */
void         sp_trend_plot_draw           (const SpTrendPlot  *plot,
                                           cairo_t            *cr,
                                           double              width,
                                           double              height,
                                           const SpTrendStyle *style);
/* The point under (@x, @y) in a drawing of @width x @height: a point within
 * about a text height of it (the nearest), or the step that holds at @x in a
 * lane. Gaps and stopped steps are not hit. */
gboolean     sp_trend_plot_hit            (const SpTrendPlot  *plot,
                                           double              width,
                                           double              height,
                                           const SpTrendStyle *style,
                                           double              x,
                                           double              y,
                                           guint              *out_series,
                                           guint              *out_index);
/* Where a point is drawn (a step: where it starts); FALSE for a gap. */
gboolean     sp_trend_plot_get_point_position (const SpTrendPlot  *plot,
                                               double              width,
                                               double              height,
                                               const SpTrendStyle *style,
                                               guint               series,
                                               guint               index,
                                               double             *out_x,
                                               double             *out_y);
/* The lowest height at @width where every panel is as high as its text
 * needs (a page reserves at least this much; a window scrolls below it). */
double       sp_trend_plot_get_minimum_height (const SpTrendPlot  *plot,
                                               double              width,
                                               const SpTrendStyle *style);
/* The rectangle the time axis spans and the panels fill (for the caller's
 * own overlays, such as a "now" line). */
void         sp_trend_plot_get_plot_area  (const SpTrendPlot  *plot,
                                           double              width,
                                           double              height,
                                           const SpTrendStyle *style,
                                           double             *out_x,
                                           double             *out_y,
                                           double             *out_width,
                                           double             *out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTrendPlot, sp_trend_plot_free)

/* --- axes (pure helpers, shared with the tests) --------------------------- */

typedef struct {
  gint64  time;                 /* Unix seconds */
  char   *label;                /* "14:00"; for ticks a day or more apart, the date */
  char   *date;                 /* the date under the first tick and where the day
                                 * changes ("14 Mar"), else NULL */
} SpTrendTimeTick;

/* Ticks for [@start, @end] in @tz (NULL: local time): the smallest of every
 * 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, 1, 2, 7 days (then as
 * many weeks as it takes) that gives at most @max_ticks (at least 2) ticks,
 * at whole multiples of the step in local time (6-hour ticks at 00:00,
 * 06:00, 12:00, 18:00; day ticks at midnight; a time that daylight saving
 * skips is left out, one it repeats is kept once). *@out_step (may be NULL)
 * is the step in seconds. An array of SpTrendTimeTick that frees its
 * labels; empty outside the years 1 to 9999. */
GArray      *sp_trend_time_ticks          (gint64             start,
                                           gint64             end,
                                           GTimeZone         *tz,
                                           guint              max_ticks,
                                           gint64            *out_step);

/* Ticks for [@low, @high]: the smallest step of 1, 2, 2.5 or 5 times a power
 * of ten that gives at most @max_ticks (at least 2) multiples of it in the
 * range; returns how many, the first in *@out_first. */
guint        sp_trend_value_ticks         (double             low,
                                           double             high,
                                           guint              max_ticks,
                                           double            *out_first,
                                           double            *out_step);
/* A tick's text: as many decimals as @step needs, in the user's locale. */
char        *sp_trend_format_value        (double             value,
                                           double             step);

/* The x of @time on an axis from @start at @x0 to @end at @x1 (linear; no
 * clamping). */
double       sp_trend_time_to_x           (gint64             time,
                                           gint64             start,
                                           gint64             end,
                                           double             x0,
                                           double             x1);
/* The inverse. */
double       sp_trend_x_to_time           (double             x,
                                           gint64             start,
                                           gint64             end,
                                           double             x0,
                                           double             x1);

G_END_DECLS
