/* sp-trend-axis.c: the trend plot's axes: time and value ticks, their text,
 * the time -> x mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions (no cairo, no pango), tested with hand-worked values in
 * tests/test-trend-plot.c.
 */
#define G_LOG_DOMAIN "sp-trend-plot"

#include "config.h"

#include <math.h>

#include "sp-quantity.h"
#include "sp-trend-plot.h"

/* --- time ------------------------------------------------------------------ */

/* Every step divides a day (1440 minutes) or is a whole number of days, so
 * sub-day ticks always fall on midnight and on the same times every day. */
static const gint64 time_steps[] = {
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400,
};

#define DAY 86400

static void
time_tick_clear (gpointer data)
{
  SpTrendTimeTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
  g_clear_pointer (&tick->date, g_free);
}

static GDateTime *
local_time (gint64     time,
            GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);

  return g_date_time_to_timezone (utc, tz);
}

/* The times of the ticks @step apart in [@start, @end], at most @limit of
 * them (one more than that says "too many"). Wall-clock times in @tz: a tick
 * that falls into a daylight-saving gap or repeats in the hour that is
 * repeated is kept once. */
static GArray *
tick_times (gint64     start,
            gint64     end,
            GTimeZone *tz,
            gint64     step,
            guint      limit)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) first = local_time (start, tz);
  GDate day;
  gint64 k;
  gint64 last = G_MININT64;
  guint guard = 0;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (first),
                  g_date_time_get_month (first), g_date_time_get_year (first));

  if (step < DAY)
    {
      gint64 second_of_day = g_date_time_get_hour (first) * 3600
                             + g_date_time_get_minute (first) * 60
                             + g_date_time_get_second (first);

      k = (second_of_day + step - 1) / step;        /* the first multiple at or after start */
    }
  else
    {
      guint days = step / DAY;
      guint julian;

      /* the first midnight at or after start, on a day number divisible by
       * the step (the ticks stay put when the range moves) */
      if (g_date_time_get_hour (first) != 0 || g_date_time_get_minute (first) != 0
          || g_date_time_get_second (first) != 0)
        g_date_add_days (&day, 1);
      julian = g_date_get_julian (&day);
      g_date_add_days (&day, (days - julian % days) % days);
      k = 0;
    }

  while (times->len <= limit && guard++ < 4 * limit + 64)
    {
      g_autoptr(GDateTime) wall = NULL;
      gint64 t, seconds = k * step;

      if (step < DAY && seconds >= DAY)
        {
          g_date_add_days (&day, 1);
          k = 0;
          continue;
        }
      wall = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day),
                              g_date_get_day (&day), (int) (seconds / 3600),
                              (int) (seconds % 3600 / 60), 0);
      if (step < DAY)
        k++;
      else
        g_date_add_days (&day, step / DAY);
      if (wall == NULL)
        continue;
      t = g_date_time_to_unix (wall);
      if (t > end)
        break;
      if (t < start || t <= last)
        continue;
      g_array_append_val (times, t);
      last = t;
    }
  return times;
}

GArray *
sp_trend_time_ticks (gint64     start,
                     gint64     end,
                     GTimeZone *tz,
                     guint      max_ticks,
                     gint64    *out_step)
{
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (SpTrendTimeTick));
  g_autoptr(GArray) times = NULL;
  g_autoptr(GTimeZone) local = NULL;
  gint64 step = time_steps[G_N_ELEMENTS (time_steps) - 1];
  int last_day = -1;
  gboolean found = FALSE;

  g_array_set_clear_func (ticks, time_tick_clear);
  g_return_val_if_fail (end >= start, ticks);
  /* the years 1 .. 9999, as GDateTime has them, a day in from either end
   * for the time zone */
  if (start < G_GINT64_CONSTANT (-62135596800) + DAY
      || end > G_GINT64_CONSTANT (253402300799) - DAY)
    return ticks;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  max_ticks = MAX (max_ticks, 2);

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    {
      /* at most one more than span / step + 1 (a daylight-saving day can
       * hold one more): skip what is clearly too fine without counting */
      if ((end - start) / time_steps[i] > max_ticks + 1)
        continue;
      g_clear_pointer (&times, g_array_unref);
      times = tick_times (start, end, tz, time_steps[i], max_ticks);
      step = time_steps[i];
      if (times->len <= max_ticks)
        {
          found = TRUE;
          break;
        }
    }
  if (!found)
    {
      /* longer than the coarsest step allows: whole weeks, enough of them */
      gint64 weeks = (end - start) / (7 * DAY) / max_ticks + 1;

      step = weeks * 7 * DAY;
      g_clear_pointer (&times, g_array_unref);
      times = tick_times (start, end, tz, step, max_ticks + 1);
    }

  for (guint i = 0; i < times->len; i++)
    {
      g_autoptr(GDateTime) dt = local_time (g_array_index (times, gint64, i), tz);
      /* ISO 8601, as the printed pages write dates: the same in every locale */
      g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d");
      int day = g_date_time_get_year (dt) * 400 + g_date_time_get_day_of_year (dt);
      SpTrendTimeTick tick = { g_array_index (times, gint64, i), NULL, NULL };

      if (step >= DAY)
        tick.label = g_steal_pointer (&date);
      else
        {
          tick.label = g_date_time_format (dt, "%H:%M");
          if (day != last_day)
            tick.date = g_steal_pointer (&date);
        }
      last_day = day;
      g_array_append_val (ticks, tick);
    }
  if (out_step != NULL)
    *out_step = step;
  return ticks;
}

/* --- values ---------------------------------------------------------------- */

static guint
count_multiples (double low,
                 double high,
                 double step,
                 double *out_first)
{
  double a = ceil (low / step - 1e-9);
  double b = floor (high / step + 1e-9);

  *out_first = a * step;
  if (!(b >= a))
    return 0;
  return b - a + 1 < G_MAXUINT ? (guint) (b - a + 1) : G_MAXUINT;
}

guint
sp_trend_value_ticks (double  low,
                      double  high,
                      guint   max_ticks,
                      double *out_first,
                      double *out_step)
{
  static const double mantissas[] = { 1, 2, 2.5, 5 };
  double first = low, step = 1;
  guint n = 1;

  max_ticks = MAX (max_ticks, 2);
  if (!isfinite (low) || !isfinite (high) || !(high > low) || !isfinite (high - low))
    {
      if (out_first != NULL)
        *out_first = isfinite (low) ? low : 0;
      if (out_step != NULL)
        *out_step = 1;
      return isfinite (low) ? 1 : 0;
    }

  /* from a step a hundred times finer than the span split into max_ticks
   * upwards: the first that gives few enough ticks */
  for (int exponent = (int) floor (log10 ((high - low) / max_ticks)) - 2;
       exponent < 308; exponent++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        {
          step = mantissas[i] * pow (10, exponent);
          n = count_multiples (low, high, step, &first);
          if (n <= max_ticks)
            {
              found = TRUE;
              break;
            }
        }
      if (found)
        break;
    }
  if (out_first != NULL)
    *out_first = first;
  if (out_step != NULL)
    *out_step = step;
  return n;
}

char *
sp_trend_format_value (double value,
                       double step)
{
  int decimals = 0;

  /* the decimals that write the step exactly (0.25 -> 2, 2.5 -> 1, 20 -> 0) */
  if (isfinite (step) && step > 0)
    while (decimals < 6)
      {
        double scaled = step * pow (10, decimals);

        if (fabs (scaled - round (scaled)) < 1e-6 * scaled)
          break;
        decimals++;
      }
  if (step > 0 && fabs (value) < step * 1e-6)
    value = 0;                  /* never "-0" */
  return sp_format_decimal (value, decimals, SP_NUMBER_LOCALE);
}

/* --- mapping --------------------------------------------------------------- */

double
sp_trend_time_to_x (gint64 time,
                    gint64 start,
                    gint64 end,
                    double x0,
                    double x1)
{
  if (end <= start)
    return x0;
  return x0 + (x1 - x0) * (double) (time - start) / (double) (end - start);
}

double
sp_trend_x_to_time (double x,
                    gint64 start,
                    gint64 end,
                    double x0,
                    double x1)
{
  if (x1 == x0)
    return start;
  return start + (x - x0) / (x1 - x0) * (double) (end - start);
}
