/* sp-bench-trend.c: how long the trend plot takes to draw a long case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-trend [N [PNG]]  draws a 72-hour case N times (default 200);
 *                             with PNG, also writes one drawing there
 *
 * The case: one entry every 5 minutes for 72 hours (864 entries): MAP, SBP
 * and lactate as points, norepinephrine and dobutamine as steps that change
 * at every entry (the worst case: a real titration changes far less often),
 * a gap every 6 hours, a step marker every 4 hours. It is drawn into a
 * 1000 x 560 image surface (a window) and a 2000 x 1120 one at scale 2 (the
 * same window on a HiDPI screen), and recorded then replayed as GTK's cairo
 * renderer does, each against a baseline in the same run:
 * painting the same surface, the least any drawing of it costs. The hit test
 * (which lays the plot out without drawing) is timed too. Frames at 60 Hz
 * leave 16.7 ms.
 *
 * Then the same 72 hours as a case file (864 entries, each with MAP, SBP and
 * lactate, and a norepinephrine dose change at every other one), loaded
 * with the shipped protocol and drug library, and made into its plot as the
 * window's trend view does (sp_case_trend_new: every entry's state
 * evaluated, the series built), then drawn: the whole redraw after a change
 * to a long case.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-case.h"
#include "sp-case-trend.h"
#include "sp-trend-plot.h"

#define ENTRIES 864             /* 72 h / 5 min */
#define START G_GINT64_CONSTANT (1773446400)    /* 2026-03-14 00:00 UTC */

static SpTrendPlot *
make_case (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  SpTrendPlot *plot = sp_trend_plot_new ();
  guint bp, lactate, ne_panel, dobu_panel, map, sbp, lac, ne, dobu;

  sp_trend_plot_set_time_zone (plot, tz);
  sp_trend_plot_set_time_range (plot, START, START + ENTRIES * 300);
  bp = sp_trend_plot_add_panel (plot, "Blood pressure", "mmHg");
  sp_trend_plot_set_panel_weight (plot, bp, 2);
  sp_trend_plot_add_band (plot, bp, 65, INFINITY, "MAP ≥ 65");
  lactate = sp_trend_plot_add_panel (plot, "Lactate", "mmol/L");
  ne_panel = sp_trend_plot_add_panel (plot, "Norepinephrine", "mcg/kg/min");
  dobu_panel = sp_trend_plot_add_panel (plot, "Dobutamine", "mcg/kg/min");
  map = sp_trend_plot_add_series (plot, bp, SP_TREND_SERIES_POINTS, "MAP");
  sbp = sp_trend_plot_add_series (plot, bp, SP_TREND_SERIES_POINTS, "SBP");
  lac = sp_trend_plot_add_series (plot, lactate, SP_TREND_SERIES_POINTS, "Lactate");
  ne = sp_trend_plot_add_series (plot, ne_panel, SP_TREND_SERIES_STEPS, "Norepinephrine");
  dobu = sp_trend_plot_add_series (plot, dobu_panel, SP_TREND_SERIES_STEPS, "Dobutamine");

  for (guint i = 0; i < ENTRIES; i++)
    {
      gint64 t = START + i * 300;
      double phase = i / 36.0;
      gboolean gap = i % 72 == 71;          /* a missing entry every 6 h */
      double ne_dose = 0.05 + 0.05 * (i % 5) + 0.02 * sin (phase);
      g_autofree char *label = g_strdup_printf ("%.2f", ne_dose);

      sp_trend_plot_add_point (plot, map, t, gap ? NAN : 66 + 6 * sin (phase) + (i % 3));
      sp_trend_plot_add_point (plot, sbp, t, gap ? NAN : 100 + 12 * sin (phase * 0.7) + (i % 4));
      sp_trend_plot_add_point (plot, lac, t, 1.5 + 2.5 * exp (-(double) i / 300.0) + 0.1 * (i % 2));
      sp_trend_plot_set_point_label (plot, ne, sp_trend_plot_add_point (plot, ne, t, ne_dose),
                                     label);
      sp_trend_plot_add_point (plot, dobu, t, i % 2 == 0 ? 2.5 : 5);
      if (i % 48 == 0)
        sp_trend_plot_add_marker (plot, t, i % 96 == 0 ? "Step 3" : "Step 2");
    }
  return plot;
}

typedef void (*DrawFunc) (const SpTrendPlot *plot, cairo_t *cr, double width, double height,
                          const SpTrendStyle *style);

static void
draw_baseline (const SpTrendPlot  *plot,
               cairo_t            *cr,
               double              width,
               double              height,
               const SpTrendStyle *style)
{
  cairo_set_source_rgb (cr, style->background.red, style->background.green,
                        style->background.blue);
  cairo_paint (cr);
}

/* As a GtkDrawingArea draws with GTK's cairo renderer: into a recording
 * surface, replayed onto the window's image surface. */
static void
draw_recorded (const SpTrendPlot  *plot,
               cairo_t            *cr,
               double              width,
               double              height,
               const SpTrendStyle *style)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *rec = cairo_create (recording);

  sp_trend_plot_draw (plot, rec, width, height, style);
  cairo_destroy (rec);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (recording);
}

/* The CPU time this thread has used, in microseconds: on a loaded machine
 * (other builds running) it says what a drawing costs where the wall clock
 * also counts the waits. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Milliseconds per drawing (wall clock; CPU time in *@out_cpu), best of 3
 * runs of @n. */
static double
time_draws (DrawFunc            draw,
            const SpTrendPlot  *plot,
            const SpTrendStyle *style,
            double              width,
            double              height,
            double              scale,
            guint               n,
            double             *out_cpu)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) (width * scale),
                                                         (int) (height * scale));
  double best = INFINITY, best_cpu = INFINITY;

  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 start_cpu = cpu_time ();

      for (guint i = 0; i < n; i++)
        {
          cairo_t *cr = cairo_create (surface);

          cairo_scale (cr, scale, scale);
          draw (plot, cr, width, height, style);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
        }
      best = MIN (best, (double) (g_get_monotonic_time () - start) / n / 1000.0);
      best_cpu = MIN (best_cpu, (double) (cpu_time () - start_cpu) / n / 1000.0);
    }
  cairo_surface_destroy (surface);
  if (out_cpu != NULL)
    *out_cpu = best_cpu;
  return best;
}

/* The 72-hour case as a case file (format 4): its path, to be removed. */
static char *
write_case_file (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  char *path = NULL;
  int fd;

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<case format-version=\"4\">\n"
                   "  <patient>\n"
                   "    <value field=\"weight\">80</value>\n"
                   "    <value field=\"central-line\">yes</value>\n"
                   "    <value field=\"arterial-line\">yes</value>\n"
                   "    <value field=\"fluid\">given-no-response</value>\n"
                   "  </patient>\n"
                   "  <timeline>\n");
  for (guint i = 0; i < ENTRIES; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (START + i * 300);
      g_autofree char *when = g_date_time_format_iso8601 (time);
      double phase = i / 36.0;

      g_string_append_printf (xml, "    <entry id=\"e%u\" time=\"%s\" author=\"AB\">\n", i, when);
      if (i == 0)
        g_string_append (xml,
                         "      <value field=\"weight\">80</value>\n"
                         "      <value field=\"hr\">104</value>\n"
                         "      <value field=\"urine\">0.4</value>\n"
                         "      <value field=\"mental\">altered</value>\n"
                         "      <value field=\"skin\">poor</value>\n"
                         "      <value field=\"central-line\">yes</value>\n"
                         "      <value field=\"arterial-line\">yes</value>\n"
                         "      <value field=\"fluid\">given-no-response</value>\n"
                         "      <start drug=\"norepinephrine\" amount=\"8\" amount-unit=\"mg\""
                         " volume-ml=\"250\" dose=\"0.05\" dose-unit=\"mcg/kg/min\"/>\n"
                         "      <start drug=\"dobutamine\" amount=\"1000\" amount-unit=\"mg\""
                         " volume-ml=\"250\" dose=\"5\" dose-unit=\"mcg/kg/min\"/>\n");
      g_string_append_printf (xml,
                              "      <value field=\"map\">%.0f</value>\n"
                              "      <value field=\"sbp\">%.0f</value>\n"
                              "      <value field=\"lactate\">%.1f</value>\n",
                              60 + 8 * sin (phase) + i % 3, 95 + 12 * sin (phase * 0.7) + i % 4,
                              1.5 + 2.5 * exp (-(double) i / 300.0) + 0.1 * (i % 2));
      if (i > 0 && i % 2 == 0)
        g_string_append_printf (xml,
                                "      <dose drug=\"norepinephrine\" dose=\"%.2f\""
                                " dose-unit=\"mcg/kg/min\"/>\n",
                                0.05 + 0.05 * (i / 2 % 5));
      g_string_append (xml, "    </entry>\n");
    }
  g_string_append (xml, "  </timeline>\n</case>\n");

  fd = g_file_open_tmp ("sp-bench-trend-XXXXXX.xml", &path, &error);
  if (fd < 0)
    g_error ("sp-bench-trend: %s", error->message);
  close (fd);
  if (!g_file_set_contents (path, xml->str, (gssize) xml->len, &error))
    g_error ("sp-bench-trend: %s", error->message);
  return path;
}

/* Evaluates and plots the 72-hour case file N times: the plot made
 * (sp_case_trend_new) and drawn at scale 1, best of 3 runs, against
 * drawing the plot made once. */
static void
bench_case (guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autoptr(SpDrugLibrary) drugs = protocol ? sp_drug_library_new_default (&error) : NULL;
  g_autofree char *path = drugs ? write_case_file () : NULL;
  g_autoptr(SpCaseData) data = path ? sp_case_data_load (path, protocol, drugs, &error) : NULL;
  cairo_surface_t *surface;
  SpTrendStyle style;
  double best = INFINITY, best_cpu = INFINITY, best_make = INFINITY;

  if (path != NULL)
    g_unlink (path);
  if (data == NULL)
    g_error ("sp-bench-trend: the 72-hour case: %s", error->message);

  sp_trend_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 560);
  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 start_cpu = cpu_time ();
      gint64 make = 0;

      for (guint i = 0; i < n; i++)
        {
          gint64 t = g_get_monotonic_time ();
          g_autoptr(SpTrendPlot) plot = sp_case_trend_new (data, protocol, drugs, NULL,
                                                           SP_NUMBER_LOCALE);
          cairo_t *cr = cairo_create (surface);

          make += g_get_monotonic_time () - t;
          sp_trend_plot_draw (plot, cr, 1000, 560, &style);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
        }
      best = MIN (best, (double) (g_get_monotonic_time () - start) / n / 1000.0);
      best_cpu = MIN (best_cpu, (double) (cpu_time () - start_cpu) / n / 1000.0);
      best_make = MIN (best_make, (double) make / n / 1000.0);
    }
  cairo_surface_destroy (surface);

  g_print ("72-hour case file, %u entries, evaluated and plotted (sp_case_trend_new + draw,"
           " 1000 x 560): %.2f ms per redraw (CPU %.2f ms), of which evaluating the entries and"
           " building the series %.2f ms (%u redraws)\n",
           data->timeline->len, best, best_cpu, best_make, n);
}

int
main (int   argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 200;
  g_autoptr(SpTrendPlot) plot = NULL;
  SpTrendStyle style;
  gint64 start;
  guint hits = 0;

  setlocale (LC_ALL, "");
  if (n == 0)
    n = 1;
  plot = make_case ();
  sp_trend_style_init_light (&style);

  /* one drawing first: the fonts are loaded once per process */
  time_draws (sp_trend_plot_draw, plot, &style, 1000, 560, 1, 1, NULL);

  for (double scale = 1; scale <= 2; scale++)
    {
      double base_cpu, draw_cpu;
      double base = time_draws (draw_baseline, plot, &style, 1000, 560, scale, n, &base_cpu);
      double draw = time_draws (sp_trend_plot_draw, plot, &style, 1000, 560, scale, n, &draw_cpu);

      g_print ("trend plot, 72 h, 5 series x %u entries, 1000 x 560 at scale %.0f:"
               " %.2f ms per drawing (CPU %.2f ms); painting the surface %.3f ms (CPU %.3f ms)"
               " (%u drawings)\n",
               ENTRIES, scale, draw, draw_cpu, base, base_cpu, n);
    }

  {
    double cpu;
    double recorded = time_draws (draw_recorded, plot, &style, 1000, 560, 1, n, &cpu);

    g_print ("the same at scale 1, recorded and replayed (as GTK's cairo renderer draws):"
             " %.2f ms per drawing (CPU %.2f ms)\n", recorded, cpu);
  }

  if (argc > 2)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 560);
      cairo_t *cr = cairo_create (surface);

      sp_trend_plot_draw (plot, cr, 1000, 560, &style);
      cairo_destroy (cr);
      if (cairo_surface_write_to_png (surface, argv[2]) != CAIRO_STATUS_SUCCESS)
        {
          g_printerr ("sp-bench-trend: %s could not be written\n", argv[2]);
          cairo_surface_destroy (surface);
          return 1;
        }
      cairo_surface_destroy (surface);
    }

  bench_case (MAX (1, n / 10));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    hits += sp_trend_plot_hit (plot, 1000, 560, &style, 100 + i % 800, 50 + i % 400, NULL, NULL);
  g_print ("trend plot hit test: %.3f ms per call (%u of %u hit)\n",
           (double) (g_get_monotonic_time () - start) / n / 1000.0, hits, n);
  return 0;
}
