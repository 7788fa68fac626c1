/* test-trend-plot.c: the trend plot (src/render/sp-trend-plot.c), headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The axes with hand-worked values (time ticks in local time across a day
 * change, a time zone and a daylight-saving change; value ticks; value
 * ranges with a band), the time -> x and value -> y mapping, the hit test,
 * gaps, a single point, an empty plot, and the drawing into image, PDF and
 * SVG surfaces.
 *
 * The six-hour sample (blood pressure with the MAP target band, lactate,
 * norepinephrine and dobutamine titrated, two step markers) is drawn in
 * every surface; with SP_TREND_SAMPLE_DIR set, it is also written there as
 * PNGs (light and dark at 1000 x 560, large text at 1024 x 768, the print
 * style at A4 width) and a PDF page, to be looked at.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "sp-case-file.h"
#include "sp-case-trend.h"
#include "sp-document.h"
#include "sp-timeline.h"
#include "sp-font-caches.h"
#include "sp-trend-plot.h"


/* 2026-03-14 00:00:00 UTC */
#define DAY0 G_GINT64_CONSTANT (1773446400)
#define H(hours, minutes) (DAY0 + (hours) * 3600 + (minutes) * 60)

/* --- helpers -------------------------------------------------------------- */

static GTimeZone *
utc (void)
{
  return g_time_zone_new_utc ();
}

static GArray *
ticks_utc (gint64  start,
           gint64  end,
           guint   max_ticks,
           gint64 *out_step)
{
  g_autoptr(GTimeZone) tz = utc ();

  return sp_trend_time_ticks (start, end, tz, max_ticks, out_step);
}

#define TICK(array, i) (&g_array_index ((array), SpTrendTimeTick, (i)))

/* The pixel at (x, y) of an opaque ARGB32 surface as 0xRRGGBB. */
static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + iy * stride + ix * 4) & 0xffffff;
}

static guint32
color_hex (const SpColor *color)
{
  return ((guint32) lround (color->red * 255) << 16)
         | ((guint32) lround (color->green * 255) << 8)
         | (guint32) lround (color->blue * 255);
}

/* Within 24 per channel (antialiasing at a line's centre is exact enough). */
static gboolean
near_color (guint32 a,
            guint32 b)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 24)
      return FALSE;
  return TRUE;
}

static cairo_surface_t *
draw_image (const SpTrendPlot  *plot,
            int                 width,
            int                 height,
            const SpTrendStyle *style)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  sp_trend_plot_draw (plot, cr, width, height, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* Counts the pixels of @surface that are not @background. */
static guint
count_not (cairo_surface_t *surface,
           guint32          background)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixel_at (surface, x, y) != background)
        n++;
  return n;
}

/* The six-hour sample of a titration, by hand (times in UTC on DAY0):
 * MAP and SBP every 15-30 min rising from 58/84 to about 72/112 as
 * norepinephrine goes 0.05 (08:20) -> 0.1 (09:10) -> 0.15 (10:00) -> 0.1
 * (12:30), dobutamine 2.5 (08:05) -> 5 (10:40); MAP and SBP missing at 11:45
 * (a gap); lactate 4.2 -> 3.4 -> 2.6 -> 1.9 with its values written; the
 * algorithm's step changes at 08:15 ("Step 3") and 12:20 ("Wean"). */
static SpTrendPlot *
make_sample (void)
{
  static const struct { int h, m; double map, sbp; } bp[] = {
    { 8, 0, 58, 84 }, { 8, 15, 57, 82 }, { 8, 30, 60, 86 }, { 8, 45, 61, 88 },
    { 9, 0, 60, 87 }, { 9, 20, 62, 90 }, { 9, 40, 63, 93 }, { 10, 0, 62, 92 },
    { 10, 20, 65, 96 }, { 10, 40, 67, 99 }, { 11, 0, 68, 101 }, { 11, 20, 70, 104 },
    { 11, 45, NAN, NAN }, { 12, 0, 71, 106 }, { 12, 20, 73, 110 }, { 12, 40, 72, 112 },
    { 13, 0, 70, 108 }, { 13, 20, 71, 109 }, { 13, 40, 69, 107 }, { 14, 0, 70, 108 },
  };
  static const struct { int h, m; double value; const char *label; } lactate[] = {
    { 8, 5, 4.2, "4.2" }, { 10, 0, 3.4, "3.4" }, { 12, 0, 2.6, "2.6" }, { 13, 50, 1.9, "1.9" },
  };
  static const struct { int h, m; double dose; const char *label; } ne[] = {
    { 8, 20, 0.05, "0.05" }, { 9, 10, 0.1, "0.1" }, { 10, 0, 0.15, "0.15" }, { 12, 30, 0.1, "0.1" },
  };
  static const struct { int h, m; double dose; const char *label; } dobutamine[] = {
    { 8, 5, 2.5, "2.5" }, { 10, 40, 5, "5" },
  };
  g_autoptr(GTimeZone) tz = utc ();
  SpTrendPlot *plot = sp_trend_plot_new ();
  guint panel, map, sbp, series;

  sp_trend_plot_set_time_zone (plot, tz);
  sp_trend_plot_set_time_range (plot, H (8, 0), H (14, 0));

  panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  sp_trend_plot_set_panel_weight (plot, panel, 2);
  sp_trend_plot_add_band (plot, panel, 65, INFINITY, "MAP ≥ 65");
  map = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");
  sbp = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "SBP");
  for (guint i = 0; i < G_N_ELEMENTS (bp); i++)
    {
      sp_trend_plot_add_point (plot, map, H (bp[i].h, bp[i].m), bp[i].map);
      sp_trend_plot_add_point (plot, sbp, H (bp[i].h, bp[i].m), bp[i].sbp);
    }

  panel = sp_trend_plot_add_panel (plot, "Lactate", "mmol/L");
  series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "Lactate");
  for (guint i = 0; i < G_N_ELEMENTS (lactate); i++)
    sp_trend_plot_set_point_label (plot, series,
                                   sp_trend_plot_add_point (plot, series,
                                                            H (lactate[i].h, lactate[i].m),
                                                            lactate[i].value),
                                   lactate[i].label);

  panel = sp_trend_plot_add_panel (plot, "Norepinephrine", "mcg/kg/min");
  series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_STEPS, "Norepinephrine");
  for (guint i = 0; i < G_N_ELEMENTS (ne); i++)
    sp_trend_plot_set_point_label (plot, series,
                                   sp_trend_plot_add_point (plot, series, H (ne[i].h, ne[i].m),
                                                            ne[i].dose),
                                   ne[i].label);

  panel = sp_trend_plot_add_panel (plot, "Dobutamine", "mcg/kg/min");
  series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_STEPS, "Dobutamine");
  for (guint i = 0; i < G_N_ELEMENTS (dobutamine); i++)
    sp_trend_plot_set_point_label (plot, series,
                                   sp_trend_plot_add_point (plot, series,
                                                            H (dobutamine[i].h, dobutamine[i].m),
                                                            dobutamine[i].dose),
                                   dobutamine[i].label);

  sp_trend_plot_add_marker (plot, H (8, 15), "Step 3");
  sp_trend_plot_add_marker (plot, H (12, 20), "Wean");
  return plot;
}

/* --- time ticks ----------------------------------------------------------- */

static void
test_time_ticks_hourly (void)
{
  /* 08:10 to 14:10, at most 8 ticks: every 15 min would be 24 and every
   * 30 min 12 (08:30 .. 14:00); every hour gives 09:00 .. 14:00, 6 ticks. */
  g_autoptr(GArray) ticks = NULL;
  gint64 step = 0;

  ticks = ticks_utc (H (8, 10), H (14, 10), 8, &step);
  g_assert_cmpint (step, ==, 3600);
  g_assert_cmpuint (ticks->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *label = g_strdup_printf ("%02u:00", 9 + i);

      g_assert_cmpint (TICK (ticks, i)->time, ==, H (9 + i, 0));
      g_assert_cmpstr (TICK (ticks, i)->label, ==, label);
    }
  /* the date under the first tick only: the day does not change */
  g_assert_cmpstr (TICK (ticks, 0)->date, ==, "2026-03-14");
  for (guint i = 1; i < 6; i++)
    g_assert_null (TICK (ticks, i)->date);
  g_clear_pointer (&ticks, g_array_unref);

  /* room for 12: every 30 min, 08:30 .. 14:00 */
  ticks = ticks_utc (H (8, 10), H (14, 10), 12, &step);
  g_assert_cmpint (step, ==, 1800);
  g_assert_cmpuint (ticks->len, ==, 12);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "08:30");
  g_assert_cmpstr (TICK (ticks, 11)->label, ==, "14:00");
  g_clear_pointer (&ticks, g_array_unref);

  /* a tick exactly at the start and at the end is kept: 08:00 .. 14:00 hourly
   * is 7 ticks */
  ticks = ticks_utc (H (8, 0), H (14, 0), 7, &step);
  g_assert_cmpint (step, ==, 3600);
  g_assert_cmpuint (ticks->len, ==, 7);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "08:00");
  g_assert_cmpstr (TICK (ticks, 6)->label, ==, "14:00");
}

static void
test_time_ticks_short (void)
{
  /* 10 minutes, 10:03 .. 10:13, at most 6 ticks: every minute is 10, every
   * 2 min 5 (10:04 .. 10:12) */
  g_autoptr(GArray) ticks = NULL;
  gint64 step = 0;

  ticks = ticks_utc (H (10, 3), H (10, 13), 6, &step);
  g_assert_cmpint (step, ==, 120);
  g_assert_cmpuint (ticks->len, ==, 5);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "10:04");
  g_assert_cmpstr (TICK (ticks, 4)->label, ==, "10:12");
  g_clear_pointer (&ticks, g_array_unref);

  /* at most 2: 15 min would give one (10:15 is past the end); 5 min gives
   * 10:05 and 10:10 */
  ticks = ticks_utc (H (10, 3), H (10, 13), 2, &step);
  g_assert_cmpint (step, ==, 300);
  g_assert_cmpuint (ticks->len, ==, 2);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "10:05");
  g_assert_cmpstr (TICK (ticks, 1)->label, ==, "10:10");
}

static void
test_time_ticks_day_change (void)
{
  /* 20:00 to 04:00 the next day, at most 5: hourly is 9; every 2 hours is
   * 20:00, 22:00, 00:00, 02:00, 04:00, with the date under 20:00 and 00:00 */
  g_autoptr(GArray) ticks = ticks_utc (H (20, 0), H (28, 0), 5, NULL);

  g_assert_cmpuint (ticks->len, ==, 5);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "20:00");
  g_assert_cmpstr (TICK (ticks, 0)->date, ==, "2026-03-14");
  g_assert_null (TICK (ticks, 1)->date);
  g_assert_cmpstr (TICK (ticks, 2)->label, ==, "00:00");
  g_assert_cmpstr (TICK (ticks, 2)->date, ==, "2026-03-15");
  g_assert_cmpint (TICK (ticks, 2)->time, ==, H (24, 0));
  g_assert_null (TICK (ticks, 3)->date);
  g_assert_cmpstr (TICK (ticks, 4)->label, ==, "04:00");
}

static void
test_time_ticks_days (void)
{
  /* 72 hours from 10:00 on the 14th, at most 4: every 12 h would be 6;
   * every day is the midnights of the 15th, 16th and 17th, labelled with
   * their dates */
  g_autoptr(GArray) ticks = NULL;
  gint64 step = 0;

  ticks = ticks_utc (H (10, 0), H (82, 0), 4, &step);
  g_assert_cmpint (step, ==, 86400);
  g_assert_cmpuint (ticks->len, ==, 3);
  g_assert_cmpint (TICK (ticks, 0)->time, ==, H (24, 0));
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "2026-03-15");
  g_assert_cmpstr (TICK (ticks, 2)->label, ==, "2026-03-17");
  g_assert_null (TICK (ticks, 0)->date);
  g_clear_pointer (&ticks, g_array_unref);

  /* 7 days, at most 8: daily, midnights of the 15th .. the 21st */
  ticks = ticks_utc (H (10, 0), H (10 + 7 * 24, 0), 8, &step);
  g_assert_cmpint (step, ==, 86400);
  g_assert_cmpuint (ticks->len, ==, 7);
  g_clear_pointer (&ticks, g_array_unref);

  /* 7 days, at most 3: every 7 days is a single tick, on a day number
   * divisible by 7; the coarsest step gives what it gives, never an empty
   * axis for a week */
  ticks = ticks_utc (H (10, 0), H (10 + 7 * 24, 0), 3, &step);
  g_assert_cmpint (step, ==, 7 * 86400);
  g_assert_cmpuint (ticks->len, ==, 1);
}

static void
test_time_ticks_zone (void)
{
  /* India (+05:30, no daylight saving): 08:10 local is 02:40 UTC; hourly
   * ticks fall on local hours, 09:00 local = 03:30 UTC, not on UTC hours */
  g_autoptr(GTimeZone) india = g_time_zone_new_offset (5 * 3600 + 30 * 60);
  g_autoptr(GArray) ticks = sp_trend_time_ticks (H (2, 40), H (8, 40), india, 8, NULL);

  g_assert_cmpuint (ticks->len, ==, 6);
  g_assert_cmpint (TICK (ticks, 0)->time, ==, H (3, 30));
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "09:00");
  g_assert_cmpstr (TICK (ticks, 5)->label, ==, "14:00");
}

static void
test_time_ticks_dst (void)
{
  /* Berlin, 2026-03-29: at 02:00 CET (01:00 UTC) clocks go to 03:00 CEST.
   * 00:00 local (23:00 UTC on the 28th) to 06:00 local (04:00 UTC) is 5
   * real hours; hourly ticks: 00, 01, 03, 04, 05, 06 (02:00 never happens). */
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GArray) ticks = NULL;
  gint64 midnight = DAY0 + 14 * 86400 + 23 * 3600;      /* 2026-03-28 23:00 UTC */
  static const char *labels[] = { "00:00", "01:00", "03:00", "04:00", "05:00", "06:00" };

  if (berlin == NULL)
    {
      g_test_skip ("no time zone data for Europe/Berlin");
      return;
    }
  ticks = sp_trend_time_ticks (midnight, midnight + 5 * 3600, berlin, 8, NULL);
  g_assert_cmpuint (ticks->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (TICK (ticks, i)->label, ==, labels[i]);
  g_assert_cmpint (TICK (ticks, 2)->time, ==, midnight + 2 * 3600);  /* 03:00 CEST = 01:00 UTC */
  g_assert_cmpstr (TICK (ticks, 0)->date, ==, "2026-03-29");
}

static void
test_time_ticks_limits (void)
{
  /* 100 years, at most 10: more than 7-day ticks allow; whole weeks, at
   * most 10 of them, each a multiple of 7 days after the first */
  g_autoptr(GArray) ticks = NULL;
  gint64 step = 0;

  ticks = ticks_utc (DAY0, DAY0 + G_GINT64_CONSTANT (3155760000), 10, &step);
  g_assert_cmpint (step % (7 * 86400), ==, 0);
  g_assert_cmpint (step, >, 7 * 86400);
  g_assert_cmpuint (ticks->len, >=, 2);
  g_assert_cmpuint (ticks->len, <=, 10);
  for (guint i = 1; i < ticks->len; i++)
    g_assert_cmpint (TICK (ticks, i)->time - TICK (ticks, i - 1)->time, ==, step);
  g_clear_pointer (&ticks, g_array_unref);

  /* past the year 9999 (GDateTime's last): no ticks, no crash */
  ticks = ticks_utc (G_GINT64_CONSTANT (253402300800), G_GINT64_CONSTANT (253402300800) + 3600,
                     5, NULL);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_clear_pointer (&ticks, g_array_unref);

  /* a zero span: the one tick on it, or none */
  ticks = ticks_utc (H (9, 0), H (9, 0), 5, NULL);
  g_assert_cmpuint (ticks->len, ==, 1);
  g_assert_cmpstr (TICK (ticks, 0)->label, ==, "09:00");
}

/* --- value ticks, ranges --------------------------------------------------- */

static void
test_value_ticks (void)
{
  double first = 0, step = 0;

  /* 40..150, at most 6: every 10 is 12 ticks, every 20 is 40 .. 140, 6 */
  g_assert_cmpuint (sp_trend_value_ticks (40, 150, 6, &first, &step), ==, 6);
  g_assert_cmpfloat_with_epsilon (first, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (step, 20, 1e-9);

  /* 0.9..4.8, at most 5: every 0.5 is 1 .. 4.5, 8; every 1 is 1 .. 4 */
  g_assert_cmpuint (sp_trend_value_ticks (0.9, 4.8, 5, &first, &step), ==, 4);
  g_assert_cmpfloat_with_epsilon (first, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (step, 1, 1e-9);

  /* 0..0.17, at most 4: 0.01 gives 18, 0.02 9, 0.025 7, 0.05 4 (0 .. 0.15) */
  g_assert_cmpuint (sp_trend_value_ticks (0, 0.17, 4, &first, &step), ==, 4);
  g_assert_cmpfloat_with_epsilon (first, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (step, 0.05, 1e-12);

  /* 0..10, at most 5: 1 gives 11, 2 gives 6, 2.5 gives 0, 2.5, 5, 7.5, 10 */
  g_assert_cmpuint (sp_trend_value_ticks (0, 10, 5, &first, &step), ==, 5);
  g_assert_cmpfloat_with_epsilon (step, 2.5, 1e-12);

  /* a negative range: -2.3..2.3, at most 3 -> every 2: -2, 0, 2 */
  g_assert_cmpuint (sp_trend_value_ticks (-2.3, 2.3, 3, &first, &step), ==, 3);
  g_assert_cmpfloat_with_epsilon (first, -2, 1e-12);

  /* nothing to span */
  g_assert_cmpuint (sp_trend_value_ticks (5, 5, 5, &first, &step), ==, 1);
  g_assert_cmpfloat_with_epsilon (first, 5, 1e-12);
}

static void
test_format_value (void)
{
  g_autofree char *a = sp_trend_format_value (60, 20);
  g_autofree char *b = sp_trend_format_value (7.5, 2.5);
  g_autofree char *c = sp_trend_format_value (0.15, 0.05);
  g_autofree char *d = sp_trend_format_value (-1e-17, 0.05);   /* never "-0" */
  g_autofree char *e = sp_trend_format_value (0.5, 0.25);
  g_autofree char *f = sp_trend_format_value (2, 0.5);         /* no trailing zero (ISMP) */

  g_assert_cmpstr (a, ==, "60");
  g_assert_cmpstr (b, ==, "7.5");
  g_assert_cmpstr (c, ==, "0.15");
  g_assert_cmpstr (d, ==, "0");
  g_assert_cmpstr (e, ==, "0.5");
  g_assert_cmpstr (f, ==, "2");
}

static void
test_value_range (void)
{
  g_autoptr(SpTrendPlot) plot = make_sample ();
  double low, high;

  /* blood pressure: MAP 57..73, SBP 82..112, band from 65 (inside) ->
   * 57..112, span 55, margin 8 % = 4.4 -> 52.6 .. 116.4 */
  sp_trend_plot_get_value_range (plot, 0, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 52.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 116.4, 1e-9);

  /* lactate 1.9..4.2: span 2.3, margin 0.184 -> 1.716 .. 4.384 */
  sp_trend_plot_get_value_range (plot, 1, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 1.716, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 4.384, 1e-9);

  /* norepinephrine, a lane: from 0 to 0.15 + 8 % = 0.162 */
  sp_trend_plot_get_value_range (plot, 2, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 0.162, 1e-12);
}

static void
test_value_range_band (void)
{
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  guint panel = sp_trend_plot_add_panel (plot, "P", NULL);
  guint empty = sp_trend_plot_add_panel (plot, "E", NULL);
  guint single = sp_trend_plot_add_panel (plot, "S", NULL);
  guint negative = sp_trend_plot_add_panel (plot, "N", NULL);
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "x");
  double low, high;

  sp_trend_plot_set_time_range (plot, H (8, 0), H (10, 0));
  /* points 70..80 inside a band 65..100: the band decides, span 35, margin
   * 2.8 -> 62.2 .. 102.8 */
  sp_trend_plot_add_band (plot, panel, 65, 100, NULL);
  sp_trend_plot_add_point (plot, series, H (8, 0), 70);
  sp_trend_plot_add_point (plot, series, H (9, 0), 80);
  /* a point after the time range is not drawn and does not count */
  sp_trend_plot_add_point (plot, series, H (11, 0), 300);
  sp_trend_plot_get_value_range (plot, panel, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 62.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 102.8, 1e-9);

  /* an open band counts with its finite edge only: 40 .. +inf adds 40 ->
   * 40 .. 100, span 60, margin 4.8 -> 35.2 .. 104.8 */
  sp_trend_plot_add_band (plot, panel, 40, INFINITY, NULL);
  sp_trend_plot_get_value_range (plot, panel, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 35.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 104.8, 1e-9);

  /* nothing: 0 .. 1 */
  sp_trend_plot_get_value_range (plot, empty, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 1, 1e-12);

  /* one value, 70: 10 % of it either side -> 63 .. 77 */
  series = sp_trend_plot_add_series (plot, single, SP_TREND_SERIES_POINTS, "x");
  sp_trend_plot_add_point (plot, series, H (9, 0), 70);
  sp_trend_plot_get_value_range (plot, single, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 63, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 77, 1e-9);

  /* below zero stays below zero: -2 .. 2, margin 0.32 */
  series = sp_trend_plot_add_series (plot, negative, SP_TREND_SERIES_POINTS, "x");
  sp_trend_plot_add_point (plot, series, H (8, 0), -2);
  sp_trend_plot_add_point (plot, series, H (9, 0), 2);
  sp_trend_plot_get_value_range (plot, negative, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, -2.32, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 2.32, 1e-9);

  /* 0..10 does not go below zero: margin 0.8 -> 0 .. 10.8 */
  g_clear_pointer (&plot, sp_trend_plot_free);
  plot = sp_trend_plot_new ();
  panel = sp_trend_plot_add_panel (plot, "P", NULL);
  series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "x");
  sp_trend_plot_add_point (plot, series, H (8, 0), 0);
  sp_trend_plot_add_point (plot, series, H (9, 0), 10);
  sp_trend_plot_get_value_range (plot, panel, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 10.8, 1e-9);
}

static void
test_lane_range_holds_from_before (void)
{
  /* a dose started before the time range still holds in it and counts:
   * 0.3 from 07:00, 0.1 from 09:00, range 08:00 .. 10:00 -> 0 .. 0.324 */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  guint panel = sp_trend_plot_add_panel (plot, "Drug", "mcg/kg/min");
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_STEPS, "Drug");
  double low, high;

  sp_trend_plot_set_time_range (plot, H (8, 0), H (10, 0));
  sp_trend_plot_add_point (plot, series, H (7, 0), 0.3);
  sp_trend_plot_add_point (plot, series, H (9, 0), 0.1);
  sp_trend_plot_get_value_range (plot, panel, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 0.324, 1e-12);
}

/* --- mapping ---------------------------------------------------------------- */

static void
test_time_to_x (void)
{
  /* 08:00 .. 10:00 onto x 100 .. 900: 800 units for 7200 s; 08:30 is 1800 s
   * in, a quarter: 100 + 800 / 4 = 300; 10:00 is 900; 07:00 is -1/2 of the
   * span: 100 - 400 = -300 (no clamping) */
  g_assert_cmpfloat_with_epsilon (sp_trend_time_to_x (H (8, 30), H (8, 0), H (10, 0), 100, 900),
                                  300, 1e-9);
  g_assert_cmpfloat_with_epsilon (sp_trend_time_to_x (H (10, 0), H (8, 0), H (10, 0), 100, 900),
                                  900, 1e-9);
  g_assert_cmpfloat_with_epsilon (sp_trend_time_to_x (H (7, 0), H (8, 0), H (10, 0), 100, 900),
                                  -300, 1e-9);
  /* and back: x 500 is halfway, 09:00 */
  g_assert_cmpfloat_with_epsilon (sp_trend_x_to_time (500, H (8, 0), H (10, 0), 100, 900),
                                  (double) H (9, 0), 1e-6);
}

/* One panel of MAP, 08:00 .. 10:00: the plot area from the layout, and each
 * point where the linear maps put it. */
static SpTrendPlot *
make_map_plot (guint *out_series)
{
  SpTrendPlot *plot = sp_trend_plot_new ();
  g_autoptr(GTimeZone) tz = utc ();
  guint panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");

  sp_trend_plot_set_time_zone (plot, tz);
  sp_trend_plot_set_time_range (plot, H (8, 0), H (10, 0));
  sp_trend_plot_add_point (plot, series, H (8, 0), 60);          /* 0 */
  sp_trend_plot_add_point (plot, series, H (8, 30), 70);         /* 1 */
  sp_trend_plot_add_point (plot, series, H (9, 0), 80);          /* 2 */
  sp_trend_plot_add_point (plot, series, H (9, 15), NAN);        /* 3: a gap */
  sp_trend_plot_add_point (plot, series, H (9, 30), 70);         /* 4 */
  sp_trend_plot_add_point (plot, series, H (10, 0), 70);         /* 5 */
  *out_series = series;
  return plot;
}

static void
test_point_position (void)
{
  guint series;
  g_autoptr(SpTrendPlot) plot = make_map_plot (&series);
  SpTrendStyle style;
  double ax, ay, aw, ah, x, y, low, high;

  sp_trend_style_init_light (&style);
  sp_trend_plot_get_plot_area (plot, 800, 400, &style, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (ax, >, 0);
  g_assert_cmpfloat (ay, >, 0);
  g_assert_cmpfloat (ax + aw, <=, 800);
  g_assert_cmpfloat (ay + ah, <=, 400);
  /* most of the drawing is plot */
  g_assert_cmpfloat (aw, >, 0.8 * 800);
  g_assert_cmpfloat (ah, >, 0.6 * 400);

  /* 60..80, margin 1.6 -> 58.4 .. 81.6 */
  sp_trend_plot_get_value_range (plot, 0, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 58.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 81.6, 1e-9);

  /* point 1, 08:30 = a quarter of the way: x = ax + aw / 4; 70 is
   * (70 - 58.4) / 23.2 = 1/2 of the height up: y = ay + ah / 2 */
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 1, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, ax + aw / 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, ay + ah / 2, 1e-6);
  /* point 2, 09:00, 80: halfway across; (80 - 58.4) / 23.2 = 0.931 up */
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 2, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, ax + aw / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, ay + ah - ah * (80 - 58.4) / 23.2, 1e-6);
  /* the gap has no position; nor has a point that does not exist */
  g_assert_false (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 3, &x, &y));
  g_assert_false (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 6, &x, &y));
  g_assert_false (sp_trend_plot_get_point_position (plot, 800, 400, &style, 7, 0, &x, &y));
}

static void
test_minimum_height (void)
{
  g_autoptr(SpTrendPlot) plot = make_sample ();
  SpTrendStyle style;
  double one, large, more;
  guint lane, series;

  sp_trend_style_init_light (&style);
  one = sp_trend_plot_get_minimum_height (plot, 1000, &style);
  /* four panels: at least their title rows (1.2 lines each), two points
   * panels of 3.2 lines and two lanes of 1.9, and the time axis (2 lines)
   * -> more than 21 lines of 13 px */
  g_assert_cmpfloat (one, >, 21 * 13);
  g_assert_cmpfloat (one, <, 560);      /* the sample fits 1000 x 560 */

  /* large text needs more */
  style.font_scale = 1.5;
  large = sp_trend_plot_get_minimum_height (plot, 1000, &style);
  g_assert_cmpfloat (large, >, 1.4 * one);

  /* one lane more: its title, the gap above it and its own 1.9 lines,
   * 3.65 lines of at least the font size */
  style.font_scale = 1;
  lane = sp_trend_plot_add_panel (plot, "Vasopressin", "units/min");
  series = sp_trend_plot_add_series (plot, lane, SP_TREND_SERIES_STEPS, "Vasopressin");
  sp_trend_plot_add_point (plot, series, H (9, 0), 0.03);
  more = sp_trend_plot_get_minimum_height (plot, 1000, &style);
  g_assert_cmpfloat (more - one, >=, 3.65 * 13 - 1);
  g_assert_cmpfloat (more - one, <, 3.65 * 13 * 1.5);
}

static void
test_hit (void)
{
  guint series;
  g_autoptr(SpTrendPlot) plot = make_map_plot (&series);
  SpTrendStyle style;
  guint hit_series = G_MAXUINT, hit_index = G_MAXUINT;
  double x, y, x4, y4;

  sp_trend_style_init_light (&style);
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 2, &x, &y));

  /* on the point, and a few units off it */
  g_assert_true (sp_trend_plot_hit (plot, 800, 400, &style, x, y, &hit_series, &hit_index));
  g_assert_cmpuint (hit_series, ==, series);
  g_assert_cmpuint (hit_index, ==, 2);
  hit_index = G_MAXUINT;
  g_assert_true (sp_trend_plot_hit (plot, 800, 400, &style, x + 4, y - 3, &hit_series, &hit_index));
  g_assert_cmpuint (hit_index, ==, 2);

  /* 5 units right of point 4 (09:30): point 4; point 5 (10:00) is a
   * quarter of the plot's width further */
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 4, &x4, &y4));
  g_assert_true (sp_trend_plot_hit (plot, 800, 400, &style, x4 + 5, y4, NULL, &hit_index));
  g_assert_cmpuint (hit_index, ==, 4);

  /* far from every point: nothing; the gap (09:15, halfway between points
   * 2 and 4, each 1/8 of the width away) is not a point */
  g_assert_false (sp_trend_plot_hit (plot, 800, 400, &style, (x + x4) / 2, (y + y4) / 2,
                                     NULL, NULL));
  g_assert_false (sp_trend_plot_hit (plot, 800, 400, &style, x, y + 60, NULL, NULL));
  g_assert_false (sp_trend_plot_hit (plot, 800, 400, &style, -10, -10, NULL, NULL));
}

static void
test_hit_steps (void)
{
  /* a lane: 0.05 from 08:20, 0.1 from 09:10, stopped at 09:40 */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  guint panel = sp_trend_plot_add_panel (plot, "Norepinephrine", "mcg/kg/min");
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_STEPS, "Norepinephrine");
  SpTrendStyle style;
  double ax, ay, aw, ah;
  guint index = G_MAXUINT;

  sp_trend_plot_set_time_range (plot, H (8, 0), H (10, 0));
  sp_trend_plot_add_point (plot, series, H (8, 20), 0.05);
  sp_trend_plot_add_point (plot, series, H (9, 10), 0.1);
  sp_trend_plot_add_point (plot, series, H (9, 40), NAN);
  sp_trend_style_init_light (&style);
  sp_trend_plot_get_plot_area (plot, 600, 200, &style, &ax, &ay, &aw, &ah);

  /* 09:00 (x = ax + aw / 2) is in the first step, 09:30 (3/4) in the
   * second, anywhere in the lane's height */
  g_assert_true (sp_trend_plot_hit (plot, 600, 200, &style, ax + aw / 2, ay + ah - 2,
                                    NULL, &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (sp_trend_plot_hit (plot, 600, 200, &style, ax + aw * 3 / 4, ay + 2, NULL, &index));
  g_assert_cmpuint (index, ==, 1);
  /* before the first dose (08:10) and after the stop (09:50): nothing */
  g_assert_false (sp_trend_plot_hit (plot, 600, 200, &style, ax + aw / 12, ay + ah / 2,
                                     NULL, NULL));
  g_assert_false (sp_trend_plot_hit (plot, 600, 200, &style, ax + aw * 11 / 12, ay + ah / 2,
                                     NULL, NULL));
}

/* --- styles ------------------------------------------------------------------ */

static double
luminance (const SpColor *color)
{
  double channels[3] = { color->red, color->green, color->blue };
  double l[3];

  for (int i = 0; i < 3; i++)
    l[i] = channels[i] <= 0.04045 ? channels[i] / 12.92 : pow ((channels[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* WCAG 2 contrast ratio */
static double
contrast (const SpColor *a,
          const SpColor *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @over with its alpha (times @alpha) on the opaque @under */
static SpColor
composite (const SpColor *over,
           double         alpha,
           const SpColor *under)
{
  double a = over->alpha * alpha;
  SpColor color = {
    over->red * a + under->red * (1 - a),
    over->green * a + under->green * (1 - a),
    over->blue * a + under->blue * (1 - a),
    1,
  };

  return color;
}

static void
test_style_contrast (void)
{
  SpTrendStyle styles[3];

  sp_trend_style_init_light (&styles[0]);
  sp_trend_style_init_dark (&styles[1]);
  sp_trend_style_init_print (&styles[2]);
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      const SpTrendStyle *style = &styles[s];
      SpColor band = composite (&style->band, 1, &style->background);

      /* text: titles 7:1, ticks, units, dates, marker labels 4.5:1 */
      g_assert_cmpfloat (contrast (&style->foreground, &style->background), >=, 7.0);
      g_assert_cmpfloat (contrast (&style->dim, &style->background), >=, 4.5);
      g_assert_cmpfloat (contrast (&style->marker, &style->background), >=, 4.5);
      /* graphics 3:1: every series line on the background and inside the
       * target band, the band's edge; a step's value label on its tint */
      g_assert_cmpfloat (contrast (&style->band_edge, &style->background), >=, 3.0);
      for (guint c = 0; c < SP_TREND_N_SERIES_COLORS; c++)
        {
          SpColor tint = composite (&style->series[c], 0.2, &style->background);

          g_assert_cmpfloat (contrast (&style->series[c], &style->background), >=, 3.0);
          g_assert_cmpfloat (contrast (&style->series[c], &band), >=, 3.0);
          g_assert_cmpfloat (contrast (&style->foreground, &tint), >=, 4.5);
        }
      g_assert_cmpfloat (style->font_size, >, 0);
      g_assert_cmpfloat (style->font_scale, ==, 1);
    }
  /* paper is in points: smaller numbers than the screen's pixels */
  g_assert_cmpfloat (styles[2].font_size, <, styles[0].font_size);
}

/* --- drawing ---------------------------------------------------------------- */

static void
test_draw_gap (void)
{
  guint series;
  g_autoptr(SpTrendPlot) plot = make_map_plot (&series);
  SpTrendStyle style;
  cairo_surface_t *surface;
  guint32 line;
  double x1, y1, x2, y2, x4, y4, x5, y5;

  sp_trend_style_init_light (&style);
  line = color_hex (&style.series[series]);
  surface = draw_image (plot, 800, 400, &style);
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 1, &x1, &y1));
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 2, &x2, &y2));
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 4, &x4, &y4));
  g_assert_true (sp_trend_plot_get_point_position (plot, 800, 400, &style, series, 5, &x5, &y5));

  /* the line between points 1 and 2 and between 4 and 5 is drawn (at its
   * middle, away from the points' shapes) */
  g_assert_true (near_color (pixel_at (surface, (x1 + x2) / 2, (y1 + y2) / 2), line));
  g_assert_true (near_color (pixel_at (surface, (x4 + x5) / 2, (y4 + y5) / 2), line));
  /* none across the gap: from 80 (09:00) to 70 (09:30) its middle would be
   * at 75 at 09:15 */
  g_assert_false (near_color (pixel_at (surface, (x2 + x4) / 2, (y2 + y4) / 2), line));
  /* the points themselves */
  g_assert_true (near_color (pixel_at (surface, x1, y1), line));
  cairo_surface_destroy (surface);
}

static void
test_draw_clipped (void)
{
  /* the last hour of a longer case (a handover page): the line comes in
   * from 08:00, before the axis starts at 09:00, and goes out to 10:30,
   * after it ends at 10:00; it is drawn up to the axis' ends, never into
   * the value labels' gutter or the margin */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  g_autoptr(GTimeZone) tz = utc ();
  guint panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");
  SpTrendStyle style;
  cairo_surface_t *surface;
  double ax, ay, aw, ah, x, y;
  guint32 line;

  sp_trend_plot_set_time_zone (plot, tz);
  sp_trend_plot_set_time_range (plot, H (9, 0), H (10, 0));
  sp_trend_plot_add_point (plot, series, H (8, 0), 70);
  sp_trend_plot_add_point (plot, series, H (9, 30), 70);
  sp_trend_plot_add_point (plot, series, H (10, 30), 70);
  sp_trend_style_init_light (&style);
  line = color_hex (&style.series[series]);
  sp_trend_plot_get_plot_area (plot, 600, 300, &style, &ax, &ay, &aw, &ah);
  g_assert_true (sp_trend_plot_get_point_position (plot, 600, 300, &style, series, 1, &x, &y));
  surface = draw_image (plot, 600, 300, &style);

  g_assert_true (near_color (pixel_at (surface, ax + 3, y), line));
  g_assert_true (near_color (pixel_at (surface, ax + aw - 3, y), line));
  g_assert_false (near_color (pixel_at (surface, ax - 3, y), line));
  g_assert_false (near_color (pixel_at (surface, ax + aw + 3, y), line));
  cairo_surface_destroy (surface);
}

static void
test_draw_single_point (void)
{
  /* one point and nothing else: the range is 63..77, the time range an hour
   * around it, the point (no line to draw) as a shape in the middle */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  g_autoptr(GTimeZone) tz = utc ();
  guint panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  guint series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");
  SpTrendStyle style;
  cairo_surface_t *surface;
  gint64 start, end;
  double x, y, ax, ay, aw, ah;

  sp_trend_plot_set_time_zone (plot, tz);
  sp_trend_plot_add_point (plot, series, H (9, 0), 70);
  sp_trend_plot_get_time_range (plot, &start, &end);
  g_assert_cmpint (start, ==, H (8, 30));
  g_assert_cmpint (end, ==, H (9, 30));

  sp_trend_style_init_light (&style);
  sp_trend_plot_get_plot_area (plot, 400, 300, &style, &ax, &ay, &aw, &ah);
  g_assert_true (sp_trend_plot_get_point_position (plot, 400, 300, &style, series, 0, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, ax + aw / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, ay + ah / 2, 1e-6);
  surface = draw_image (plot, 400, 300, &style);
  g_assert_true (near_color (pixel_at (surface, x, y), color_hex (&style.series[0])));
  g_assert_true (sp_trend_plot_hit (plot, 400, 300, &style, x, y, NULL, NULL));
  cairo_surface_destroy (surface);
}

static void
test_draw_empty (void)
{
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  SpTrendStyle style;
  cairo_surface_t *surface;
  guint panel;
  guint series;

  sp_trend_style_init_dark (&style);

  /* no panel, no text: all background */
  surface = draw_image (plot, 300, 200, &style);
  g_assert_cmpuint (count_not (surface, color_hex (&style.background)), ==, 0);
  cairo_surface_destroy (surface);

  /* panels and series but no value (a NAN is none): the caller's message
   * in the middle, nothing else, no hit */
  panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  series = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");
  sp_trend_plot_add_point (plot, series, H (9, 0), NAN);
  sp_trend_plot_set_empty_text (plot, "No entries yet");
  surface = draw_image (plot, 300, 200, &style);
  g_assert_cmpuint (count_not (surface, color_hex (&style.background)), >, 50);
  /* the text is in the middle band of the height: the top and bottom
   * quarters are empty */
  for (int y = 0; y < 50; y++)
    for (int x = 0; x < 300; x++)
      {
        g_assert_cmphex (pixel_at (surface, x, y), ==, color_hex (&style.background));
        g_assert_cmphex (pixel_at (surface, x, 199 - y), ==, color_hex (&style.background));
      }
  cairo_surface_destroy (surface);
  g_assert_false (sp_trend_plot_hit (plot, 300, 200, &style, 150, 100, NULL, NULL));
}

static void
test_draw_highlight (void)
{
  /* the highlighted point gets a ring in the foreground colour, one and a
   * half point sizes or so out from its centre: some pixels change */
  guint series;
  g_autoptr(SpTrendPlot) plot = make_map_plot (&series);
  SpTrendStyle style;
  cairo_surface_t *plain, *ringed;
  guint changed = 0;

  sp_trend_style_init_light (&style);
  plain = draw_image (plot, 800, 400, &style);
  sp_trend_plot_set_highlight (plot, series, 4);
  ringed = draw_image (plot, 800, 400, &style);
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 800; x++)
      if (pixel_at (plain, x, y) != pixel_at (ringed, x, y))
        changed++;
  g_assert_cmpuint (changed, >, 20);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (ringed);
}

static void
finish_surface (cairo_surface_t    *surface,
                const SpTrendPlot  *plot,
                double              width,
                double              height,
                const SpTrendStyle *style)
{
  cairo_t *cr = cairo_create (surface);

  sp_trend_plot_draw (plot, cr, width, height, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
test_draw_surfaces (void)
{
  g_autoptr(SpTrendPlot) plot = make_sample ();
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GByteArray) svg = g_byte_array_new ();
  SpTrendStyle style;
  cairo_surface_t *surface;
  double page_width, page_height;

  /* image, light and dark: drawn, and the background is the style's */
  sp_trend_style_init_light (&style);
  surface = draw_image (plot, 1000, 560, &style);
  g_assert_cmphex (pixel_at (surface, 999, 0), ==, color_hex (&style.background));
  g_assert_cmpuint (count_not (surface, color_hex (&style.background)), >, 10000);
  cairo_surface_destroy (surface);
  sp_trend_style_init_dark (&style);
  surface = draw_image (plot, 1000, 560, &style);
  g_assert_cmphex (pixel_at (surface, 999, 0), ==, color_hex (&style.background));
  cairo_surface_destroy (surface);

  /* PDF, an A4 page in points with the print style */
  sp_trend_style_init_print (&style);
  sp_paper_get_size (SP_PAPER_A4, &page_width, &page_height);
  finish_surface (cairo_pdf_surface_create_for_stream (sp_document_append_bytes, pdf,
                                                       page_width, 320),
                  plot, page_width, 320, &style);
  g_assert_cmpuint (pdf->len, >, 1000);
  g_assert_true (memcmp (pdf->data, "%PDF", 4) == 0);

  /* SVG */
  sp_trend_style_init_light (&style);
  finish_surface (cairo_svg_surface_create_for_stream (sp_document_append_bytes, svg, 1000, 560),
                  plot, 1000, 560, &style);
  g_byte_array_append (svg, (const guint8 *) "", 1);
  g_assert_nonnull (strstr ((const char *) svg->data, "<svg"));

  /* very small and very large text do not break it */
  style.font_scale = 2.0;
  surface = draw_image (plot, 1024, 768, &style);
  cairo_surface_destroy (surface);
  surface = draw_image (plot, 60, 40, &style);
  cairo_surface_destroy (surface);
  surface = draw_image (plot, 1, 1, &style);
  cairo_surface_destroy (surface);
}

static char *
draw_svg (const SpTrendPlot *plot)
{
  GByteArray *svg = g_byte_array_new ();
  SpTrendStyle style;

  sp_trend_style_init_light (&style);
  finish_surface (cairo_svg_surface_create_for_stream (sp_document_append_bytes, svg, 600, 300),
                  plot, 600, 300, &style);
  g_byte_array_append (svg, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (svg, FALSE);
}

static void
test_draw_line_styles (void)
{
  /* not colour alone: the second series of a panel is dashed, the first
   * solid (no markers, no band here: nothing else is dashed) */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  guint panel = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  guint map = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "MAP");
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  guint sbp;

  for (guint i = 0; i < 4; i++)
    sp_trend_plot_add_point (plot, map, H (8, 15 * i), 60 + i);
  one = draw_svg (plot);
  g_assert_null (strstr (one, "stroke-dasharray"));

  sbp = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "SBP");
  for (guint i = 0; i < 4; i++)
    sp_trend_plot_add_point (plot, sbp, H (8, 15 * i), 90 + i);
  two = draw_svg (plot);
  g_assert_nonnull (strstr (two, "stroke-dasharray"));
}

static void
test_draw_extremes (void)
{
  /* values near the limits of a double and a century of time: drawn
   * without a cairo error (draw_image checks the status) */
  g_autoptr(SpTrendPlot) plot = sp_trend_plot_new ();
  guint panel = sp_trend_plot_add_panel (plot, "P", "u");
  guint lane = sp_trend_plot_add_panel (plot, "L", "u");
  guint points = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS, "x");
  guint steps = sp_trend_plot_add_series (plot, lane, SP_TREND_SERIES_STEPS, "y");
  SpTrendStyle style;
  cairo_surface_t *surface;
  double low, high;

  sp_trend_plot_add_point (plot, points, DAY0, -1e308);
  sp_trend_plot_add_point (plot, points, DAY0 + G_GINT64_CONSTANT (3155760000), 1e308);
  sp_trend_plot_add_point (plot, steps, DAY0, 1e-300);
  sp_trend_plot_add_point (plot, steps, DAY0 + 60, 1e300);
  sp_trend_plot_get_value_range (plot, panel, &low, &high);
  g_assert_true (isfinite (low) && isfinite (high) && low < high);
  sp_trend_style_init_light (&style);
  surface = draw_image (plot, 800, 400, &style);
  cairo_surface_destroy (surface);
}

/* Writes the sample for looking at, when SP_TREND_SAMPLE_DIR is set. */
static void
write_png (const SpTrendPlot  *plot,
           const SpTrendStyle *style,
           double              width,
           double              height,
           double              scale,
           const char         *dir,
           const char         *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil (width * scale),
                                                         (int) ceil (height * scale));
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  sp_trend_plot_draw (plot, cr, width, height, style);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_test_message ("wrote %s", path);
}

static void
test_sample_files (void)
{
  const char *dir = g_getenv ("SP_TREND_SAMPLE_DIR");
  g_autoptr(SpTrendPlot) plot = make_sample ();
  SpTrendStyle style;
  double page_width, page_height;

  if (dir == NULL)
    {
      g_test_skip ("SP_TREND_SAMPLE_DIR is not set");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  sp_trend_style_init_light (&style);
  write_png (plot, &style, 1000, 560, 1, dir, "trend-light.png");
  sp_trend_style_init_dark (&style);
  write_png (plot, &style, 1000, 560, 1, dir, "trend-dark.png");
  style.font_scale = 1.5;
  write_png (plot, &style, 1024, 768, 1, dir, "trend-large-text.png");

  /* A4 width less 2 x 15 mm margins, in points, at 150 dpi */
  sp_trend_style_init_print (&style);
  sp_paper_get_size (SP_PAPER_A4, &page_width, &page_height);
  write_png (plot, &style, page_width - 2 * 42.5, 300, 150.0 / 72, dir, "trend-a4.png");
  {
    g_autofree char *path = g_build_filename (dir, "trend-a4.pdf", NULL);
    cairo_surface_t *surface = cairo_pdf_surface_create (path, page_width, page_height);
    cairo_t *cr = cairo_create (surface);

    cairo_translate (cr, 42.5, 42.5);
    sp_trend_plot_draw (plot, cr, page_width - 2 * 42.5, 300, &style);
    cairo_destroy (cr);
    cairo_surface_finish (surface);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);
  }
}

/* The case's plot from a time after its start (the last hours, in the
 * window and on the handover page): a dose set before then and not changed
 * since is drawn from the edge. Dobutamine's lane was left empty. The case
 * is tests/data/timeline-six-hours.xml: dobutamine 5 mcg/kg/min from 08:00,
 * never changed; norepinephrine 0.15 from 10:00, 0.1 at 13:00, 0.05 at
 * 14:00 (+01:00), the last entry. */
static void
test_case_trend_from (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "timeline-six-hours.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_file_load (path, &error);
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_default (&error);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) from = g_date_time_new (zone, 2026, 12, 3, 12, 30, 0);
  g_autoptr(GDateTime) two_hours = NULL;
  g_autoptr(SpTrendPlot) plot = NULL;
  gint64 start = 0, time = 0;
  double value = 0;
  const char *label = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (data);

  /* the last 2 hours: 14:00 - 2 h = 12:00 (+01:00); 0 hours: all of it */
  two_hours = sp_timeline_dup_last_hours_start (data->timeline, 2);
  g_assert_cmpint (g_date_time_to_unix (two_hours), ==,
                   g_date_time_to_unix (from) - 30 * 60);
  g_assert_null (sp_timeline_dup_last_hours_start (data->timeline, 0));

  plot = sp_case_trend_new (data, protocol, drugs, from, SP_NUMBER_C);
  sp_trend_plot_get_time_range (plot, &start, NULL);
  g_assert_cmpint (start, ==, g_date_time_to_unix (from));

  /* series: MAP, SBP, lactate, then the drugs as they started */
  g_assert_cmpuint (sp_trend_plot_get_n_series (plot), ==, 5);
  g_assert_cmpstr (sp_trend_plot_get_series_label (plot, 3), ==, "DOBUTamine");
  g_assert_cmpuint (sp_trend_plot_get_n_points (plot, 3), ==, 1);
  g_assert_true (sp_trend_plot_get_point (plot, 3, 0, &time, &value, &label));
  g_assert_cmpint (time, ==, g_date_time_to_unix (from));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_cmpstr (label, ==, "5");

  g_assert_cmpstr (sp_trend_plot_get_series_label (plot, 4), ==, "norepinephrine");
  g_assert_cmpuint (sp_trend_plot_get_n_points (plot, 4), ==, 3);
  g_assert_true (sp_trend_plot_get_point (plot, 4, 0, &time, &value, NULL));
  g_assert_cmpint (time, ==, g_date_time_to_unix (from));
  g_assert_cmpfloat (value, ==, 0.15);
  g_assert_true (sp_trend_plot_get_point (plot, 4, 1, &time, &value, NULL));
  g_assert_cmpint (time, ==, g_date_time_to_unix (from) + 30 * 60);
  g_assert_cmpfloat (value, ==, 0.1);
  g_assert_true (sp_trend_plot_get_point (plot, 4, 2, &time, &value, NULL));
  g_assert_cmpint (time, ==, g_date_time_to_unix (from) + 90 * 60);
  g_assert_cmpfloat (value, ==, 0.05);
}

/* tests/data/timeline-six-hours.xml's text with @find replaced by
 * @replace (once). */
static char *
six_hours_with (const char *find,
                const char *replace)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "timeline-six-hours.xml", NULL);
  g_autofree char *xml = NULL;
  GString *text;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  text = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (text, find, replace, 1), ==, 1);
  return g_string_free (text, FALSE);
}

/* Loads @xml, a case file's text, and makes its plot from @from (may be
 * NULL). */
static SpTrendPlot *
case_plot (const char *xml,
           GDateTime  *from)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_file_load_data (xml, strlen (xml), "case.xml", &error);
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return sp_case_trend_new (data, protocol, drugs, from, SP_NUMBER_C);
}

/* A late entry with a wrong date, entered in error, ends nothing: the last
 * hours count back from the last entry that records something in force
 * (14:00 on the 3rd), and the plot ends there, not a day later. */
static void
test_case_trend_struck_late (void)
{
  g_autofree char *late = six_hours_with ("</timeline>",
                                          "<entry id=\"e13\" time=\"2026-12-04T14:00:00+01:00\" "
                                          "author=\"GH\"><value field=\"map\">70</value></entry>"
                                          "<entry id=\"e14\" time=\"2026-12-04T14:00:00+01:00\" "
                                          "author=\"GH\" recorded=\"2026-12-04T14:05:00+01:00\" "
                                          "corrects=\"e13\" reason=\"wrong date\"/></timeline>");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_file_load_data (late, strlen (late), "late.xml", &error);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) last = g_date_time_new (zone, 2026, 12, 3, 14, 0, 0);
  g_autoptr(GDateTime) six_hours = NULL;
  g_autoptr(SpTrendPlot) plot = NULL;
  gint64 start = 0, end = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (data->timeline->len, ==, 14);

  /* 14:00 on the 3rd - 6 h = 08:00 on the 3rd, not 08:00 on the 4th */
  six_hours = sp_timeline_dup_last_hours_start (data->timeline, 6);
  g_assert_cmpint (g_date_time_to_unix (six_hours), ==, g_date_time_to_unix (last) - 6 * 3600);

  /* all of it: 08:00 to 14:00 and a little past (6 h / 20 = 18 min), not
   * to the 4th */
  plot = case_plot (late, NULL);
  sp_trend_plot_get_time_range (plot, &start, &end);
  g_assert_cmpint (start, ==, g_date_time_to_unix (last) - 6 * 3600);
  g_assert_cmpint (end, ==, g_date_time_to_unix (last) + 18 * 60);
}

/* A drug stopped before the hours shown has no lane (it had an empty one);
 * one stopped within them keeps its lane to the stop. The six hours, and
 * dobutamine stopped at 14:30 (+01:00). */
static void
test_case_trend_stopped (void)
{
  g_autofree char *stopped = six_hours_with ("</timeline>",
                                             "<entry id=\"e13\" time=\"2026-12-03T14:30:00+01:00\" "
                                             "author=\"GH\"><stop drug=\"dobutamine\"/></entry>"
                                             "</timeline>");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) before = g_date_time_new (zone, 2026, 12, 3, 14, 0, 0);
  g_autoptr(GDateTime) after = g_date_time_new (zone, 2026, 12, 3, 14, 45, 0);
  g_autoptr(SpTrendPlot) within = case_plot (stopped, before);
  g_autoptr(SpTrendPlot) later = case_plot (stopped, after);

  /* from 14:00: dobutamine 5 runs to 14:30, its lane kept */
  g_assert_cmpuint (sp_trend_plot_get_n_series (within), ==, 5);
  g_assert_cmpstr (sp_trend_plot_get_series_label (within, 3), ==, "DOBUTamine");
  /* from 14:45: stopped before, no lane; norepinephrine is series 3 */
  g_assert_cmpuint (sp_trend_plot_get_n_series (later), ==, 4);
  g_assert_cmpstr (sp_trend_plot_get_series_label (later, 3), ==, "norepinephrine");
}

/* A drug that runs at a dose its lane cannot show (norepinephrine 5
 * mcg/min, no weight for mcg/kg/min) keeps its lane: it was taken for
 * stopped and left the plot while "Running infusions" listed it. */
static void
test_case_trend_unconvertible (void)
{
  static const char xml[] =
    "<case format-version=\"4\"><patient><value field=\"sbp\">84</value></patient>"
    "<infusions><infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" "
    "volume-ml=\"250\" dose=\"5\" dose-unit=\"mcg/min\"/></infusions><timeline>"
    "<entry id=\"e1\" time=\"2026-12-03T08:00:00+01:00\"><value field=\"sbp\">82</value>"
    "<start drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" volume-ml=\"250\" "
    "dose=\"5\" dose-unit=\"mcg/min\"/></entry>"
    "<entry id=\"e2\" time=\"2026-12-03T09:00:00+01:00\"><value field=\"sbp\">84</value>"
    "</entry></timeline></case>";
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) from = g_date_time_new (zone, 2026, 12, 3, 8, 30, 0);
  g_autoptr(SpTrendPlot) all = case_plot (xml, NULL);
  g_autoptr(SpTrendPlot) later = case_plot (xml, from);

  /* MAP, SBP, lactate, norepinephrine */
  g_assert_cmpuint (sp_trend_plot_get_n_series (all), ==, 4);
  g_assert_cmpstr (sp_trend_plot_get_series_label (all, 3), ==, "norepinephrine");
  g_assert_cmpuint (sp_trend_plot_get_n_series (later), ==, 4);
}

/* An entry with a wrong early date, taken back as entered in error, starts
 * nothing: the plot of all of it starts at the first entry that records
 * something (08:00 on the 3rd), not the day before. */
static void
test_case_trend_struck_early (void)
{
  g_autofree char *xml = six_hours_with ("<timeline>",
                                         "<timeline><entry id=\"x1\" "
                                         "time=\"2026-12-02T08:00:00+01:00\" author=\"ZZ\">"
                                         "<value field=\"map\">50</value></entry>"
                                         "<entry id=\"x2\" time=\"2026-12-02T08:00:00+01:00\" "
                                         "author=\"ZZ\" recorded=\"2026-12-03T08:10:00+01:00\" "
                                         "corrects=\"x1\" reason=\"another patient's\"/>");
  g_autoptr(SpTrendPlot) plot = case_plot (xml, NULL);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) first = g_date_time_new (zone, 2026, 12, 3, 8, 0, 0);
  gint64 start = 0;

  sp_trend_plot_get_time_range (plot, &start, NULL);
  g_assert_cmpint (start, ==, g_date_time_to_unix (first));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/trend/time-ticks/hourly", test_time_ticks_hourly);
  g_test_add_func ("/render/trend/time-ticks/short", test_time_ticks_short);
  g_test_add_func ("/render/trend/time-ticks/day-change", test_time_ticks_day_change);
  g_test_add_func ("/render/trend/time-ticks/days", test_time_ticks_days);
  g_test_add_func ("/render/trend/time-ticks/zone", test_time_ticks_zone);
  g_test_add_func ("/render/trend/time-ticks/daylight-saving", test_time_ticks_dst);
  g_test_add_func ("/render/trend/time-ticks/limits", test_time_ticks_limits);
  g_test_add_func ("/render/trend/value-ticks", test_value_ticks);
  g_test_add_func ("/render/trend/format-value", test_format_value);
  g_test_add_func ("/render/trend/value-range/sample", test_value_range);
  g_test_add_func ("/render/trend/value-range/band", test_value_range_band);
  g_test_add_func ("/render/trend/value-range/lane", test_lane_range_holds_from_before);
  g_test_add_func ("/render/trend/time-to-x", test_time_to_x);
  g_test_add_func ("/render/trend/point-position", test_point_position);
  g_test_add_func ("/render/trend/minimum-height", test_minimum_height);
  g_test_add_func ("/render/trend/hit/points", test_hit);
  g_test_add_func ("/render/trend/hit/steps", test_hit_steps);
  g_test_add_func ("/render/trend/style/contrast", test_style_contrast);
  g_test_add_func ("/render/trend/draw/gap", test_draw_gap);
  g_test_add_func ("/render/trend/draw/clipped", test_draw_clipped);
  g_test_add_func ("/render/trend/draw/single-point", test_draw_single_point);
  g_test_add_func ("/render/trend/draw/empty", test_draw_empty);
  g_test_add_func ("/render/trend/draw/highlight", test_draw_highlight);
  g_test_add_func ("/render/trend/draw/surfaces", test_draw_surfaces);
  g_test_add_func ("/render/trend/draw/line-styles", test_draw_line_styles);
  g_test_add_func ("/render/trend/draw/extremes", test_draw_extremes);
  g_test_add_func ("/render/trend/sample-files", test_sample_files);
  g_test_add_func ("/render/trend/case/from", test_case_trend_from);
  g_test_add_func ("/render/trend/case/struck-late", test_case_trend_struck_late);
  g_test_add_func ("/render/trend/case/stopped", test_case_trend_stopped);
  g_test_add_func ("/render/trend/case/unconvertible", test_case_trend_unconvertible);
  g_test_add_func ("/render/trend/case/struck-early", test_case_trend_struck_early);

  status = g_test_run ();
  /* Fonts handed back: the leak checker then sees every block behind them,
   * and a font map, layout or surface still held fails here. */
  g_assert_true (sp_font_caches_release ());
  return status;
}
