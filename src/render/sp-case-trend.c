/* sp-case-trend.c: the trend plot of a case's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-case-trend.h"
#include "sp-timeline-series.h"

/* "MAP ≥ 65 mmHg" for the shaded band. */
static char *
band_label (SpField        field,
            double         low,
            double         high,
            SpNumberStyle  style)
{
  g_autofree char *low_text = isnan (low) ? NULL : sp_format_decimal (low, 2, style);
  g_autofree char *high_text = isnan (high) ? NULL : sp_format_decimal (high, 2, style);
  const char *name = sp_field_get_short_label (field);
  const char *unit = sp_field_get_unit_label (field);

  if (!isnan (low) && !isnan (high))
    /* Translators: a target band: "MAP 65–90 mmHg" */
    return g_strdup_printf (_("%s %s–%s %s"), name, low_text, high_text, unit);
  if (!isnan (low))
    /* Translators: a target band: "MAP ≥ 65 mmHg" */
    return g_strdup_printf (_("%s ≥ %s %s"), name, low_text, unit);
  /* Translators: a target band: "Lactate ≤ 2 mmol/L" */
  return g_strdup_printf (_("%s ≤ %s %s"), name, high_text, unit);
}

/* Adds a point of @series to @plot, a dose's labelled with its value;
 * returns its index. */
static guint
add_point (SpTrendPlot        *plot,
           guint               index,
           const SpTimeSeries *series,
           gint64              time,
           double              value,
           SpNumberStyle       style)
{
  guint added = sp_trend_plot_add_point (plot, index, time, value);

  if (series->drug != NULL && !isnan (value))
    {
      g_autofree char *label = sp_format_significant (value, 3, style);

      sp_trend_plot_set_point_label (plot, index, added, label);
    }
  return added;
}

/* The points of @series from @from on. A dose set before @from is carried
 * to it, so a dose that began before starts at the edge, and one that has
 * not changed since is drawn all the way (its lane was left empty). */
static void
add_points (SpTrendPlot        *plot,
            guint               index,
            const SpTimeSeries *series,
            gint64              from,
            SpNumberStyle       style)
{
  const SpTimePoint *before = NULL;
  guint i = 0;

  for (; i < series->points->len; i++)
    {
      const SpTimePoint *point = &g_array_index (series->points, SpTimePoint, i);

      if (point->time >= from)
        break;
      before = point;
    }
  if (before != NULL && series->drug != NULL &&
      (i == series->points->len || g_array_index (series->points, SpTimePoint, i).time > from))
    sp_trend_plot_set_point_since (plot, index,
                                   add_point (plot, index, series, from, before->value, style),
                                   before->time);
  for (; i < series->points->len; i++)
    {
      const SpTimePoint *point = &g_array_index (series->points, SpTimePoint, i);

      add_point (plot, index, series, point->time, point->value, style);
    }
}

/* Whether @dose runs at some time from @from on: set before and not
 * stopped, or set after. A drug stopped before the hours shown has no lane
 * (it had an empty one); one that runs at a dose the lane's unit cannot
 * show (mcg/min without a weight) keeps its lane. */
static gboolean
runs_from (const SpTimeSeries *dose,
           gint64              from)
{
  for (guint i = dose->points->len; i > 0; i--)
    {
      const SpTimePoint *point = &g_array_index (dose->points, SpTimePoint, i - 1);

      if (point->running)
        return TRUE;
      if (point->time <= from)
        return FALSE;
    }
  return FALSE;
}

SpTrendPlot *
sp_case_trend_new (const SpCaseData *data,
                   SpProtocol       *protocol,
                   SpDrugLibrary    *drugs,
                   GDateTime        *from,
                   SpNumberStyle     style)
{
  static const SpField fields[] = { SP_FIELD_MAP, SP_FIELD_SBP, SP_FIELD_LACTATE };
  g_autoptr(SpTimelineSeries) series = NULL;
  SpTrendPlot *plot;
  gint64 start;
  guint pressure, lactate;
  double low, high;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  series = sp_timeline_series_new (data->timeline, protocol, drugs, fields, G_N_ELEMENTS (fields));
  plot = sp_trend_plot_new ();
  sp_trend_plot_set_empty_text (plot, _("Nothing recorded yet"));
  if (data->timeline->len == 0)
    return plot;

  start = from != NULL ? MAX (g_date_time_to_unix (from), series->start) : series->start;
  /* At least an hour, so a first entry has room; a little past the last
   * entry, so its dose shows. */
  sp_trend_plot_set_time_range (plot, start,
                                MAX (series->end + MAX (600, (series->end - start) / 20),
                                     start + 3600));

  pressure = sp_trend_plot_add_panel (plot, _("Blood pressure"),
                                      sp_field_get_unit_label (SP_FIELD_MAP));
  if (sp_protocol_get_target (protocol, SP_FIELD_MAP, &low, &high))
    {
      g_autofree char *label = band_label (SP_FIELD_MAP, low, high, style);

      sp_trend_plot_add_band (plot, pressure, isnan (low) ? -INFINITY : low,
                              isnan (high) ? INFINITY : high, label);
    }
  lactate = sp_trend_plot_add_panel (plot, sp_field_get_label (SP_FIELD_LACTATE),
                                     sp_field_get_unit_label (SP_FIELD_LACTATE));
  sp_trend_plot_set_panel_weight (plot, lactate, 0.6);

  for (guint i = 0; i < series->fields->len; i++)
    {
      const SpTimeSeries *field = g_ptr_array_index (series->fields, i);
      guint panel = field->field == SP_FIELD_LACTATE ? lactate : pressure;
      guint index = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_POINTS,
                                              sp_field_get_short_label (field->field));

      add_points (plot, index, field, start, style);
    }

  for (guint i = 0; i < series->doses->len; i++)
    {
      const SpTimeSeries *dose = g_ptr_array_index (series->doses, i);
      guint panel, index;

      if (!runs_from (dose, start))
        continue;
      panel = sp_trend_plot_add_panel (plot, sp_drug_get_display_name (dose->drug),
                                       sp_dose_unit_get_label (dose->unit));
      index = sp_trend_plot_add_series (plot, panel, SP_TREND_SERIES_STEPS,
                                        sp_drug_get_display_name (dose->drug));

      add_points (plot, index, dose, start, style);
    }

  for (guint i = 0; i < series->step_changes->len; i++)
    {
      const SpStepChange *change = &g_array_index (series->step_changes, SpStepChange, i);

      if (change->time < start)
        continue;
      sp_trend_plot_add_marker (plot, change->time,
                                change->step != NULL ? change->step->title : _("Awaiting data"));
    }

  return plot;
}
