/* sp-flowchart-style.c: the flowchart's colours and sizes: light, dark, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-flowchart-render"

#include "config.h"

#include "sp-flowchart-render.h"

SpColor
sp_color_from_hex (guint32 hex)
{
  SpColor color = {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };

  return color;
}

SpColor
sp_color_from_hex_alpha (guint32 hex,
                         double  alpha)
{
  SpColor color = sp_color_from_hex (hex);

  color.alpha = alpha;
  return color;
}

#define rgb(hex) sp_color_from_hex (hex)

void
sp_flowchart_style_init_light (SpFlowchartStyle *style)
{
  g_return_if_fail (style != NULL);

  style->background = rgb (0xffffff);
  style->foreground = rgb (0x1e1e1e);
  style->dim = rgb (0x4d4d4d);           /* 7.9:1 on the box fill */
  style->box = rgb (0xf4f3f2);
  style->active = rgb (0x1c71d8);        /* white text 4.9:1 */
  style->active_text = rgb (0xffffff);
  /* Okabe-Ito bluish green and vermilion, a neutral grey: each mark also
   * has its own shape (circle, square, diamond) and glyph. */
  style->met = rgb (0x007a5a);
  style->unmet = rgb (0xc24100);
  style->unknown = rgb (0x6b6a70);
  style->font_family = "Cantarell, DejaVu Sans, Sans";
  style->font_size = 11.0;
  style->line_width = 1.0;
  style->show_criteria = TRUE;
  style->criteria_active_only = FALSE;
  style->compact = FALSE;
  style->compact_break_words = FALSE;
  style->stable_geometry = FALSE;
}

void
sp_flowchart_style_init_dark (SpFlowchartStyle *style)
{
  g_return_if_fail (style != NULL);

  /* the light style's type and layout, dark colours */
  sp_flowchart_style_init_light (style);
  style->background = rgb (0x1e1e1e);
  style->foreground = rgb (0xf6f5f4);
  style->dim = rgb (0xc6c5c3);
  style->box = rgb (0x2f2f33);
  style->active = rgb (0x1a5fb4);        /* white text 6.5:1 */
  style->active_text = rgb (0xffffff);
  style->met = rgb (0x3fd18a);
  style->unmet = rgb (0xff8a65);
  style->unknown = rgb (0xb0afac);
}

void
sp_flowchart_style_init_presentation (SpFlowchartStyle *style)
{
  g_return_if_fail (style != NULL);

  /* Black on white survives a washed-out projector; the active step is
   * yellow with black text (about 19:1) and a heavy outline. */
  style->background = rgb (0xffffff);
  style->foreground = rgb (0x000000);
  style->dim = rgb (0x000000);
  style->box = rgb (0xffffff);
  style->active = rgb (0xffd500);
  style->active_text = rgb (0x000000);
  style->met = rgb (0x006b4f);
  style->unmet = rgb (0xb33900);
  style->unknown = rgb (0x505055);
  style->font_family = "Cantarell, DejaVu Sans, Sans";
  /* 24 pt is 32 px at 96 dpi: body text for the back of a lecture hall on
   * a 1920 x 1080 screen (presentation mode scales it with the screen). */
  style->font_size = 24.0;
  style->line_width = 2.5;
  style->show_criteria = TRUE;
  style->criteria_active_only = TRUE;
  style->compact = FALSE;
  style->compact_break_words = FALSE;
  style->stable_geometry = FALSE;
}
