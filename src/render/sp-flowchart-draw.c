/* sp-flowchart-draw.c: the flowchart drawn on a cairo context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-flowchart-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sp-flowchart-render-private.h"

void
sp_flowchart_set_color (cairo_t       *cr,
                        const SpColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static double
luminance (const SpColor *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);

  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* White or near-black, whichever contrasts more with @fill. */
static SpColor
glyph_color_on (const SpColor *fill)
{
  double l = luminance (fill);
  SpColor white = { 1, 1, 1, 1 };
  SpColor black = { 0.08, 0.08, 0.08, 1 };

  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? white : black;
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
record_text (SpFlowchartLayout *self,
             cairo_t           *cr,
             PangoLayout       *layout,
             double             x,
             double             y)
{
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter;
  double size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  double ux = 1, uy = 0;

  cairo_user_to_device_distance (cr, &ux, &uy);
  size = size * (self->m.fs / self->style.font_size) * hypot (ux, uy);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      TextRun *run;
      double bx, by, ex, ey;

      if (line->length <= 0)
        continue;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      bx = x + logical.x / (double) PANGO_SCALE;
      by = y + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
      ex = bx + logical.width / (double) PANGO_SCALE;
      ey = by;
      cairo_user_to_device (cr, &bx, &by);
      cairo_user_to_device (cr, &ex, &ey);

      run = g_new0 (TextRun, 1);
      run->text = g_strndup (text + line->start_index, line->length);
      g_strchomp (run->text);
      run->x = bx;
      run->y = by;
      run->width = ex - bx;
      run->size = size;
      run->bold = pango_font_description_get_weight (desc) >= PANGO_WEIGHT_BOLD;
      g_ptr_array_add (self->text_runs, run);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
sp_flowchart_show_layout (SpFlowchartLayout *self,
                          cairo_t           *cr,
                          PangoLayout       *layout,
                          double             x,
                          double             y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  if (self->text_runs != NULL)
    record_text (self, cr, layout, x, y);
}

/* The mark's shape and glyph say the state (a disc with a check: holds; a
 * square with a cross: does not hold; a diamond with a question mark:
 * unknown), its colour what that means for the patient: green when good,
 * vermilion when bad (a sign of hypoperfusion that holds), grey when neutral
 * or unknown. */
static void
draw_mark (SpFlowchartLayout *self,
           cairo_t           *cr,
           SpTri              state,
           SpFinding          finding,
           double             cx,
           double             cy,
           double             s)
{
  const SpFlowchartStyle *style = &self->style;
  const SpColor *fill;
  SpColor glyph;

  switch (state == SP_TRI_UNKNOWN ? SP_FINDING_NEUTRAL : finding)
    {
    case SP_FINDING_GOOD:
      fill = &style->met;
      break;
    case SP_FINDING_BAD:
      fill = &style->unmet;
      break;
    case SP_FINDING_NEUTRAL:
    default:
      fill = &style->unknown;
      break;
    }
  glyph = glyph_color_on (fill);

  cairo_save (cr);
  cairo_new_path (cr);
  switch (state)
    {
    case SP_TRI_MET:      /* a disc with a check */
      cairo_arc (cr, cx, cy, s * 0.5, 0, 2 * G_PI);
      break;
    case SP_TRI_UNMET:    /* a square with a cross */
      rounded_rect (cr, cx - s * 0.45, cy - s * 0.45, s * 0.9, s * 0.9, s * 0.12);
      break;
    case SP_TRI_UNKNOWN:  /* a diamond with a question mark */
    default:
      cairo_move_to (cr, cx, cy - s * 0.58);
      cairo_line_to (cr, cx + s * 0.58, cy);
      cairo_line_to (cr, cx, cy + s * 0.58);
      cairo_line_to (cr, cx - s * 0.58, cy);
      cairo_close_path (cr);
      break;
    }
  sp_flowchart_set_color (cr, fill);
  cairo_fill (cr);

  sp_flowchart_set_color (cr, &glyph);
  cairo_set_line_width (cr, s * 0.14);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  switch (state)
    {
    case SP_TRI_MET:
      cairo_move_to (cr, cx - s * 0.24, cy + s * 0.01);
      cairo_line_to (cr, cx - s * 0.07, cy + s * 0.18);
      cairo_line_to (cr, cx + s * 0.25, cy - s * 0.17);
      cairo_stroke (cr);
      break;
    case SP_TRI_UNMET:
      cairo_move_to (cr, cx - s * 0.2, cy - s * 0.2);
      cairo_line_to (cr, cx + s * 0.2, cy + s * 0.2);
      cairo_move_to (cr, cx + s * 0.2, cy - s * 0.2);
      cairo_line_to (cr, cx - s * 0.2, cy + s * 0.2);
      cairo_stroke (cr);
      break;
    case SP_TRI_UNKNOWN:
    default:
      cairo_set_line_width (cr, s * 0.12);
      cairo_arc (cr, cx, cy - s * 0.1, s * 0.13, G_PI * 1.05, G_PI * 2.35);
      cairo_line_to (cr, cx, cy + s * 0.1);
      cairo_stroke (cr);
      cairo_arc (cr, cx, cy + s * 0.24, s * 0.065, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    }
  cairo_restore (cr);
}

/* A small neutral bullet when there is no assessment (no state to show). */
static void
draw_bullet (cairo_t       *cr,
             const SpColor *color,
             double         cx,
             double         cy,
             double         s)
{
  sp_flowchart_set_color (cr, color);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, s * 0.14, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
draw_box (SpFlowchartLayout *self,
          cairo_t           *cr,
          BoxItem           *box,
          double             x,
          double             y,
          double             w,
          double             h,
          gboolean           focused)
{
  const SpFlowchartStyle *style = &self->style;
  const Metrics *m = &self->m;
  gboolean lit = box->active;
  gboolean dim = self->assessment != NULL && !lit;
  const SpColor *fill = lit ? &style->active : &style->box;
  const SpColor *title_color = lit ? &style->active_text : &style->foreground;
  const SpColor *text_color = lit ? &style->active_text : dim ? &style->dim : &style->foreground;
  double inner = w - 2 * m->pad;
  double ty;

  if (focused)
    {
      double off = 0.3 * m->fs + style->line_width * 2;

      cairo_save (cr);
      rounded_rect (cr, x - off, y - off, w + 2 * off, h + 2 * off, m->radius + off);
      sp_flowchart_set_color (cr, &style->foreground);
      cairo_set_line_width (cr, MAX (2.0, style->line_width * 1.5));
      cairo_set_dash (cr, (double[]) { 0.5 * m->fs, 0.3 * m->fs }, 2, 0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  rounded_rect (cr, x, y, w, h, m->radius);
  sp_flowchart_set_color (cr, fill);
  cairo_fill_preserve (cr);
  sp_flowchart_set_color (cr, &style->foreground);
  cairo_set_line_width (cr, lit ? style->line_width * 3.5 : style->line_width);
  cairo_stroke (cr);

  ty = y + m->pad;
  sp_flowchart_set_color (cr, title_color);
  sp_flowchart_set_text_width (box->title, inner);
  sp_flowchart_show_layout (self, cr, box->title, x + m->pad, ty);
  ty += sp_flowchart_text_height (box->title, inner);

  if (box->summary != NULL)
    {
      ty += m->gap_title;
      sp_flowchart_set_color (cr, text_color);
      sp_flowchart_set_text_width (box->summary, inner);
      sp_flowchart_show_layout (self, cr, box->summary, x + m->pad, ty);
      ty += sp_flowchart_text_height (box->summary, inner);
    }

  if (box->criteria->len == 0)
    return;

  /* a hairline between the summary and the criteria */
  ty += m->gap_section / 2;
  cairo_save (cr);
  sp_flowchart_set_color (cr, text_color);
  cairo_set_line_width (cr, MAX (style->line_width * 0.5, 0.5));
  cairo_move_to (cr, x + m->pad, ty);
  cairo_line_to (cr, x + w - m->pad, ty);
  cairo_stroke (cr);
  cairo_restore (cr);
  ty += m->gap_section / 2;

  for (guint i = 0; i < box->criteria->len; i++)
    {
      CriterionItem *item = g_ptr_array_index (box->criteria, i);
      double text_width = inner - m->mark - m->mark_gap;
      PangoLayoutIter *iter;
      double first_line_center;
      PangoRectangle line_rect;

      if (i > 0)
        ty += m->gap_criterion;

      sp_flowchart_set_text_width (item->layout, text_width);
      iter = pango_layout_get_iter (item->layout);
      pango_layout_iter_get_line_extents (iter, NULL, &line_rect);
      first_line_center = (line_rect.y + line_rect.height / 2.0) / PANGO_SCALE;
      pango_layout_iter_free (iter);

      if (item->has_state)
        draw_mark (self, cr, item->state, item->finding, x + m->pad + m->mark / 2, ty + first_line_center, m->mark);
      else
        draw_bullet (cr, text_color, x + m->pad + m->mark / 2, ty + first_line_center, m->mark);

      sp_flowchart_set_color (cr, text_color);
      sp_flowchart_show_layout (self, cr, item->layout, x + m->pad + m->mark + m->mark_gap, ty);
      ty += item->height;
    }
}

static void
draw_arrow (SpFlowchartLayout *self,
            cairo_t           *cr,
            const Arrow       *arrow)
{
  const Metrics *m = &self->m;
  double lw = MAX (self->style.line_width * 1.25, 1.0);
  double head = MAX (0.75 * m->fs, lw * 4);
  double half = head * 0.45;
  double ex = arrow->points[arrow->n_points - 1][0];
  double ey = arrow->points[arrow->n_points - 1][1];
  double px = arrow->points[arrow->n_points - 2][0];
  double py = arrow->points[arrow->n_points - 2][1];
  double len = hypot (ex - px, ey - py);
  double dx = len > 0 ? (ex - px) / len : 0;
  double dy = len > 0 ? (ey - py) / len : 1;
  double r = 0.5 * m->fs;

  /* the active box's outline is thicker: stop the head on it */
  if (self->boxes[arrow->to].active)
    {
      ex -= dx * self->style.line_width * 1.75;
      ey -= dy * self->style.line_width * 1.75;
    }

  cairo_save (cr);
  sp_flowchart_set_color (cr, &self->style.foreground);
  cairo_set_line_width (cr, lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path (cr);
  cairo_move_to (cr, arrow->points[0][0], arrow->points[0][1]);

  /* orthogonal segments with rounded corners */
  for (guint i = 1; i + 1 < arrow->n_points; i++)
    {
      double cx = arrow->points[i][0], cy = arrow->points[i][1];
      double ax = arrow->points[i - 1][0], ay = arrow->points[i - 1][1];
      double bx = arrow->points[i + 1][0], by = arrow->points[i + 1][1];
      double l1 = hypot (cx - ax, cy - ay), l2 = hypot (bx - cx, by - cy);
      double rr = MIN (r, MIN (l1, l2) / 2);
      double d1x, d1y, d2x, d2y;

      if (l1 <= 0 || l2 <= 0)
        continue;
      d1x = (cx - ax) / l1, d1y = (cy - ay) / l1;
      d2x = (bx - cx) / l2, d2y = (by - cy) / l2;
      cairo_line_to (cr, cx - d1x * rr, cy - d1y * rr);
      cairo_curve_to (cr,
                      cx - d1x * rr * 0.448, cy - d1y * rr * 0.448,
                      cx + d2x * rr * 0.448, cy + d2y * rr * 0.448,
                      cx + d2x * rr, cy + d2y * rr);
    }
  cairo_line_to (cr, ex - dx * head * 0.8, ey - dy * head * 0.8);
  cairo_stroke (cr);

  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - dx * head - dy * half, ey - dy * head + dx * half);
  cairo_line_to (cr, ex - dx * head + dy * half, ey - dy * head - dx * half);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
sp_flowchart_layout_draw (SpFlowchartLayout *self,
                          cairo_t           *cr,
                          const SpStep      *focused_step)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->scale, self->scale);

  if (self->notice != NULL)
    {
      sp_flowchart_set_color (cr, &self->style.foreground);
      sp_flowchart_set_text_width (self->notice, self->notice_width);
      sp_flowchart_show_layout (self, cr, self->notice, self->m.margin, self->m.margin);
    }

  for (guint i = 0; i < self->arrows->len; i++)
    draw_arrow (self, cr, &g_array_index (self->arrows, Arrow, i));

  for (guint i = 0; i < self->n_boxes; i++)
    {
      BoxItem *box = &self->boxes[i];

      draw_box (self, cr, box,
                self->column_x[box->column], self->row_y[box->row],
                self->box_width, box->natural_height,
                focused_step != NULL && focused_step == box->public.step);
    }

  cairo_restore (cr);
}
