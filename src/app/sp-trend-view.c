/* sp-trend-view.c: the case's trend plot in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the plot src/render builds for the case's timeline
 * (sp_case_trend_new (), the same as on paper), all of it or its last
 * hours ("hours"), with the theme's colours,
 * dark or light, thicker lines in high contrast, and text that grows with
 * the large-text setting. Rebuilt when the timeline changes; drawn again on
 * resize.
 *
 * Keyboard: the view takes focus; Left and Right step through the points of
 * a series, Up and Down change the series, Home and End go to its first and
 * last point. The point under the pointer or the focus is ringed; its
 * series, value and time are the tooltip and the accessible description.
 */
#define G_LOG_DOMAIN "sp-trend-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "sp-case-trend.h"
#include "sp-timeline.h"
#include "sp-trend-view.h"
#include "sp-theme.h"

/* Below this the panels' text no longer fits; the pane scrolls. */
#define MIN_HEIGHT 240

struct _SpTrendView
{
  SpCaseWidget  parent_instance;

  SpTrendPlot  *plot;
  guint         hours;          /* the last hours shown; 0: all */
  guint         focus_series;
  guint         focus_index;
  gboolean      has_focus_point;
  gboolean      focus_from_pointer;  /* the pointer's, not the keyboard's */
  char         *description;    /* the focused point in words, or NULL */
};

G_DEFINE_FINAL_TYPE (SpTrendView, sp_trend_view, SP_TYPE_CASE_WIDGET)

enum {
  PROP_0,
  PROP_HOURS,
  PROP_POINT_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_trend_view_get_style (SpTrendView  *self,
                         SpTrendStyle *style)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *widget = GTK_WIDGET (self);
  PangoContext *pango_context = gtk_widget_get_pango_context (widget);
  double resolution = pango_cairo_context_get_resolution (pango_context);

  if (adw_style_manager_get_dark (manager))
    sp_trend_style_init_dark (style);
  else
    sp_trend_style_init_light (style);
  style->background = sp_theme_lookup_color (widget, "view_bg_color", style->background);
  style->foreground = sp_theme_lookup_color (widget, "view_fg_color", style->foreground);
  if (adw_style_manager_get_high_contrast (manager))
    style->line_width *= 1.5;
  /* Large text raises the resolution above 96 dpi: the plot's text grows
   * with the rest of the window. */
  if (resolution > 0)
    style->font_scale = resolution / 96.0;
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return a != NULL && b != NULL && g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* Whether @time needs its date in the plot's tooltip: not in a plot of one
 * day, on that day. */
static gboolean
needs_date (const SpTrendPlot *plot,
            gint64             time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time);
  g_autoptr(GDateTime) start = NULL, end = NULL;
  gint64 start_time, end_time;

  sp_trend_plot_get_time_range (plot, &start_time, &end_time);
  start = g_date_time_new_from_unix_local (start_time);
  end = g_date_time_new_from_unix_local (end_time);
  return !same_day (when, start) || !same_day (when, end);
}

/* "14:30", or with @dated "2026-12-03 14:30". */
static char *
format_when (gint64   time,
             gboolean dated)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time);

  if (when == NULL)
    return g_strdup ("");
  return g_date_time_format (when, dated ? "%Y-%m-%d %H:%M" : "%H:%M");
}

/* The focused point in words: "MAP 68 mmHg at 09:30"; a dose says when it
 * was set and until when it ran, wherever on its bar the pointer is. */
static char *
describe_point (const SpTrendPlot *plot,
                guint              series,
                guint              index)
{
  g_autofree char *number = NULL;
  g_autofree char *since = NULL;
  const char *name = sp_trend_plot_get_series_label (plot, series);
  const char *unit = sp_trend_plot_get_series_unit (plot, series);
  const char *label;
  gint64 time, next, set;
  double value;

  if (!sp_trend_plot_get_point (plot, series, index, &time, &value, &label) || isnan (value))
    return NULL;
  number = label != NULL ? g_strdup (label) : sp_format_significant (value, 3, SP_NUMBER_LOCALE);
  if (unit == NULL)
    unit = "";

  if (sp_trend_plot_get_series_kind (plot, series) != SP_TREND_SERIES_STEPS)
    {
      g_autofree char *when = format_when (time, needs_date (plot, time));

      /* Translators: a point of the trend plot: "MAP 68 mmHg at 09:30" */
      return g_strdup_printf (_("%s %s %s at %s"), name, number, unit, when);
    }

  set = sp_trend_plot_get_point_since (plot, series, index);
  if (sp_trend_plot_get_point (plot, series, index + 1, &next, NULL, NULL))
    {
      /* both dated if either needs it */
      gboolean dated = needs_date (plot, set) || needs_date (plot, next);
      g_autofree char *until = format_when (next, dated);

      since = format_when (set, dated);

      /* Translators: a dose of the trend plot: "norepinephrine 0.1
       * mcg/kg/min from 09:00 to 10:00" */
      return g_strdup_printf (_("%s %s %s from %s to %s"), name, number, unit, since, until);
    }
  since = format_when (set, needs_date (plot, set));
  /* Translators: a dose of the trend plot, still running: "norepinephrine
   * 0.05 mcg/kg/min since 14:00" */
  return g_strdup_printf (_("%s %s %s since %s"), name, number, unit, since);
}

static void
sp_trend_view_update_accessible (SpTrendView *self)
{
  g_autofree char *description = NULL;

  if (self->plot != NULL && self->has_focus_point)
    description = describe_point (self->plot, self->focus_series, self->focus_index);

  if (g_strcmp0 (description, self->description) != 0)
    {
      g_free (self->description);
      self->description = g_strdup (description);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINT_DESCRIPTION]);
    }
  /* the pointer's point in a tooltip; the keys' in the box beside it */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->focus_from_pointer ? description : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description
                                                      : _("Blood pressure, lactate and doses over "
                                                          "the timeline; arrow keys step through "
                                                          "the points"),
                                  -1);
}

static void
sp_trend_view_rebuild (SpTrendView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));

  g_clear_pointer (&self->plot, sp_trend_plot_free);
  self->has_focus_point = FALSE;

  if (sp_case != NULL)
    {
      g_autoptr(SpCaseData) data = sp_case_to_data (sp_case);
      g_autoptr(GDateTime) from = sp_timeline_dup_last_hours_start (data->timeline, self->hours);

      self->plot = sp_case_trend_new (data, sp_case_get_protocol (sp_case),
                                      sp_case_get_drug_library (sp_case), from,
                                      SP_NUMBER_LOCALE);
    }
  sp_trend_view_update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_timeline_changed (SpTrendView *self)
{
  sp_trend_view_rebuild (self);
}

static GdkRGBA
rgba_from (const SpColor *color,
           double         alpha)
{
  return (GdkRGBA) { color->red, color->green, color->blue, color->alpha * alpha };
}

#define CALLOUT_PAD 6.0

/* The box beside the point the keys are on that says it in words (the
 * tooltip the pointer shows, which the keyboard does not open): its
 * layout and where it goes in a plot of @width x @height, and the point's
 * height (@out_point_y may be NULL). FALSE without one. */
static gboolean
compute_callout (SpTrendView         *self,
                 const SpTrendStyle  *style,
                 int                  width,
                 int                  height,
                 PangoLayout        **out_layout,
                 graphene_rect_t     *out_box,
                 double              *out_point_y)
{
  const double gap = 10, margin = 4;
  PangoLayout *layout;
  PangoRectangle extent;
  double x, y, box_width, box_height, box_x, box_y;

  if (self->plot == NULL || !self->has_focus_point || self->description == NULL ||
      !sp_trend_plot_get_point_position (self->plot, width, height, style, self->focus_series,
                                         self->focus_index, &x, &y))
    return FALSE;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->description);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) MAX (1, (width - 2 * (margin + CALLOUT_PAD))) * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &extent);
  box_width = extent.width + 2 * CALLOUT_PAD;
  box_height = extent.height + 2 * CALLOUT_PAD;
  /* right of the point and above it, within the plot */
  box_x = CLAMP (x + gap, margin, MAX (margin, width - margin - box_width));
  box_y = y - gap - box_height;
  if (box_y < margin)
    box_y = MIN (y + gap, MAX (margin, height - margin - box_height));

  graphene_rect_init (out_box, box_x, box_y, box_width, box_height);
  *out_layout = layout;
  if (out_point_y != NULL)
    *out_point_y = y;
  return TRUE;
}

static void
snapshot_callout (SpTrendView        *self,
                  GtkSnapshot        *snapshot,
                  const SpTrendStyle *style,
                  int                 width,
                  int                 height)
{
  g_autoptr(PangoLayout) layout = NULL;
  graphene_rect_t box;
  PangoRectangle extent;
  GdkRGBA fill = rgba_from (&style->background, 0.95);
  GdkRGBA text = rgba_from (&style->foreground, 1.0);
  GdkRGBA edge = rgba_from (&style->foreground, 0.35);
  float edge_widths[4] = { 1, 1, 1, 1 };
  GdkRGBA edge_colors[4] = { edge, edge, edge, edge };
  GskRoundedRect outline;

  if (!compute_callout (self, style, width, height, &layout, &box, NULL))
    return;

  pango_layout_get_pixel_extents (layout, NULL, &extent);
  gsk_rounded_rect_init_from_rect (&outline, &box, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &fill, &outline.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, edge_widths, edge_colors);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box.origin.x + CALLOUT_PAD - extent.x,
                                                          box.origin.y + CALLOUT_PAD - extent.y));
  gtk_snapshot_append_layout (snapshot, layout, &text);
  gtk_snapshot_restore (snapshot);
}

/* Scrolls the page the plot is in so that the point the keys are on and
 * its box show. */
static void
reveal_callout (SpTrendView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  g_autoptr(PangoLayout) layout = NULL;
  graphene_rect_t box;
  graphene_point_t top, bottom;
  SpTrendStyle style;
  GtkAdjustment *adjustment;
  double y = 0, offset;

  if (scroller == NULL ||
      (content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))) == NULL)
    return;
  sp_trend_view_get_style (self, &style);
  if (!compute_callout (self, &style, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                        &layout, &box, &y))
    return;
  if (!gtk_widget_compute_point (widget, content,
                                 &GRAPHENE_POINT_INIT (0, MIN (box.origin.y, y) - 8), &top) ||
      !gtk_widget_compute_point (widget, content,
                                 &GRAPHENE_POINT_INIT (0, MAX (box.origin.y + box.size.height, y) + 8),
                                 &bottom))
    return;
  /* the child is the viewport the scrolled window puts around the page:
   * its points are the page's less the scroll offset */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  offset = GTK_IS_VIEWPORT (content) ? gtk_adjustment_get_value (adjustment) : 0;
  gtk_adjustment_clamp_page (adjustment, top.y + offset, bottom.y + offset);
}

static void
sp_trend_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SpTrendView *self = SP_TREND_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SpTrendStyle style;
  cairo_t *cr;

  if (self->plot == NULL || width <= 0 || height <= 0)
    return;

  sp_trend_view_get_style (self, &style);
  sp_trend_plot_set_highlight (self->plot, self->has_focus_point ? self->focus_series : G_MAXUINT,
                               self->focus_index);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  sp_trend_plot_draw (self->plot, cr, width, height, &style);
  cairo_destroy (cr);

  if (!self->focus_from_pointer && gtk_widget_has_focus (widget))
    snapshot_callout (self, snapshot, &style, width, height);
}

static GtkSizeRequestMode
sp_trend_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_trend_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  SpTrendView *self = SP_TREND_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 640;
      return;
    }

  *minimum = MIN_HEIGHT;
  if (self->plot != NULL && for_size > 0)
    {
      SpTrendStyle style;

      sp_trend_view_get_style (self, &style);
      *minimum = MAX (MIN_HEIGHT, (int) ceil (sp_trend_plot_get_minimum_height (self->plot,
                                                                                 for_size,
                                                                                 &style)));
    }
  *natural = MAX (*minimum, 320);
}

/* The next point of @series from @index in @direction (+1, -1) that is not a
 * gap; FALSE at the end. */
static gboolean
step_point (SpTrendPlot *plot,
            guint        series,
            guint       *index,
            int          direction)
{
  guint n = sp_trend_plot_get_n_points (plot, series);
  /* G_MAXUINT: before the first (Home) */
  gint64 i = *index == G_MAXUINT ? -1 : (gint64) *index;
  double value;

  for (i += direction; i >= 0 && i < n; i += direction)
    if (sp_trend_plot_get_point (plot, series, (guint) i, NULL, &value, NULL) && !isnan (value))
      {
        *index = (guint) i;
        return TRUE;
      }
  return FALSE;
}

static void
focus_point (SpTrendView *self,
             guint        series,
             guint        index)
{
  self->focus_series = series;
  self->focus_index = index;
  self->has_focus_point = TRUE;
  self->focus_from_pointer = FALSE;
  sp_trend_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The point under the pointer, or none: a point the pointer showed goes
 * when it leaves it (the keyboard's stays). */
static void
point_at_pointer (SpTrendView *self,
                  gboolean     hit,
                  guint        series,
                  guint        index)
{
  if (hit)
    {
      if (!self->has_focus_point || series != self->focus_series || index != self->focus_index ||
          !self->focus_from_pointer)
        {
          focus_point (self, series, index);
          self->focus_from_pointer = TRUE;
          sp_trend_view_update_accessible (self);
        }
    }
  else if (self->has_focus_point && self->focus_from_pointer)
    {
      self->has_focus_point = FALSE;
      sp_trend_view_update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* A point the keys went to: its box in view. */
static void
focus_key_point (SpTrendView *self,
                 guint        series,
                 guint        index)
{
  focus_point (self, series, index);
  reveal_callout (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SpTrendView           *self)
{
  guint n_series;
  guint series = self->focus_series;
  guint index = self->focus_index;

  if (self->plot == NULL || (n_series = sp_trend_plot_get_n_series (self->plot)) == 0)
    return FALSE;

  if (!self->has_focus_point)
    {
      /* The first key shows the newest point of the first series with
       * one (in the last hours, MAP may have none while doses run); Home
       * its first. */
      gboolean home = keyval == GDK_KEY_Home || keyval == GDK_KEY_KP_Home;

      for (series = 0; series < n_series; series++)
        {
          index = home ? G_MAXUINT : sp_trend_plot_get_n_points (self->plot, series);
          if (step_point (self->plot, series, &index, home ? +1 : -1))
            {
              focus_key_point (self, series, index);
              break;
            }
        }
      return keyval == GDK_KEY_Left || keyval == GDK_KEY_Right || keyval == GDK_KEY_Up ||
             keyval == GDK_KEY_Down || keyval == GDK_KEY_Home || keyval == GDK_KEY_End ||
             keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_KP_Right || keyval == GDK_KEY_KP_Up ||
             keyval == GDK_KEY_KP_Down || keyval == GDK_KEY_KP_Home || keyval == GDK_KEY_KP_End;
    }

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (step_point (self->plot, series, &index, -1))
        focus_key_point (self, series, index);
      return TRUE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (step_point (self->plot, series, &index, +1))
        focus_key_point (self, series, index);
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      index = G_MAXUINT;
      if (step_point (self->plot, series, &index, +1))
        focus_key_point (self, series, index);
      return TRUE;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      index = sp_trend_plot_get_n_points (self->plot, series);
      if (step_point (self->plot, series, &index, -1))
        focus_key_point (self, series, index);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Up:
    case GDK_KEY_KP_Down:
      {
        int direction = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up ? -1 : +1;

        /* The next series with a point; its newest. */
        for (guint tried = 0; tried < n_series; tried++)
          {
            series = (series + n_series + direction) % n_series;
            index = sp_trend_plot_get_n_points (self->plot, series);
            if (step_point (self->plot, series, &index, -1))
              {
                focus_key_point (self, series, index);
                break;
              }
          }
      }
      return TRUE;

    default:
      return FALSE;
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SpTrendView              *self)
{
  SpTrendStyle style;
  guint series = 0, index = 0;
  gboolean hit;

  if (self->plot == NULL)
    return;
  sp_trend_view_get_style (self, &style);
  hit = sp_trend_plot_hit (self->plot, gtk_widget_get_width (GTK_WIDGET (self)),
                           gtk_widget_get_height (GTK_WIDGET (self)), &style, x, y,
                           &series, &index);
  point_at_pointer (self, hit, series, index);
}

static void
on_leave (GtkEventControllerMotion *controller,
          SpTrendView              *self)
{
  point_at_pointer (self, FALSE, 0, 0);
}

static void
sp_trend_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sp_trend_view_parent_class)->css_changed (widget, change);

  /* Dark, light, high contrast, large text. */
  gtk_widget_queue_resize (widget);
}

static void
sp_trend_view_case_changed (SpCaseWidget *widget,
                            SpCase       *old_case)
{
  sp_trend_view_rebuild (SP_TREND_VIEW (widget));
}

const SpTrendPlot *
sp_trend_view_get_plot (SpTrendView *self)
{
  g_return_val_if_fail (SP_IS_TREND_VIEW (self), NULL);

  return self->plot;
}

guint
sp_trend_view_get_hours (SpTrendView *self)
{
  g_return_val_if_fail (SP_IS_TREND_VIEW (self), 0);

  return self->hours;
}

void
sp_trend_view_set_hours (SpTrendView *self,
                         guint        hours)
{
  g_return_if_fail (SP_IS_TREND_VIEW (self));

  if (self->hours == hours)
    return;
  self->hours = hours;
  sp_trend_view_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOURS]);
}

static void
sp_trend_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpTrendView *self = SP_TREND_VIEW (object);

  switch (prop_id)
    {
    case PROP_HOURS:
      g_value_set_uint (value, self->hours);
      break;
    case PROP_POINT_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_trend_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpTrendView *self = SP_TREND_VIEW (object);

  switch (prop_id)
    {
    case PROP_HOURS:
      sp_trend_view_set_hours (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_trend_view_dispose (GObject *object)
{
  SpTrendView *self = SP_TREND_VIEW (object);

  g_clear_pointer (&self->plot, sp_trend_plot_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (sp_trend_view_parent_class)->dispose (object);
}

static void
sp_trend_view_class_init (SpTrendViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpCaseWidgetClass *case_widget_class = SP_CASE_WIDGET_CLASS (klass);

  object_class->dispose = sp_trend_view_dispose;
  object_class->get_property = sp_trend_view_get_property;
  object_class->set_property = sp_trend_view_set_property;

  properties[PROP_HOURS] =
    g_param_spec_uint ("hours", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the point the keys or the pointer are on, in words ("MAP 68 mmHg at
   * 09:30"), or NULL: its tooltip and accessible description */
  properties[PROP_POINT_DESCRIPTION] =
    g_param_spec_string ("point-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = sp_trend_view_snapshot;
  widget_class->measure = sp_trend_view_measure;
  widget_class->get_request_mode = sp_trend_view_get_request_mode;
  widget_class->css_changed = sp_trend_view_css_changed;

  case_widget_class->case_changed = sp_trend_view_case_changed;

  gtk_widget_class_set_css_name (widget_class, "trendview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sp_trend_view_init (SpTrendView *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::timeline",
                         G_CALLBACK (on_timeline_changed));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  /* the keys' box is drawn while the plot has the focus */
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend"),
                                  -1);
  sp_trend_view_update_accessible (self);
}

GtkWidget *
sp_trend_view_new (void)
{
  return g_object_new (SP_TYPE_TREND_VIEW, NULL);
}
