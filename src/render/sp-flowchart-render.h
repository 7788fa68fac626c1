/* sp-flowchart-render.h: the treatment algorithm drawn with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing for the window's flowchart widget, the printed case summary,
 * presentation mode and exported images. No GTK here: the caller passes a
 * cairo context, a PangoContext-compatible font description and colours.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "sp-assessment.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue, alpha;
} SpColor;

/* 0xRRGGBB as an opaque colour, and with @alpha. */
SpColor sp_color_from_hex       (guint32 hex);
SpColor sp_color_from_hex_alpha (guint32 hex,
                                 double  alpha);

/* Colours and type for one rendering. sp_flowchart_style_init_light () and
 * _dark () and _presentation () fill sensible defaults; a widget copies its
 * theme's colours in (accent, foreground, background, warning, error, success). */
typedef struct {
  SpColor     background;
  SpColor     foreground;       /* text, arrows, box outlines */
  SpColor     dim;              /* inactive steps' text */
  SpColor     box;              /* inactive step fill */
  SpColor     active;           /* the active step's fill */
  SpColor     active_text;
  /* Criterion marks, coloured by what the state means for the patient
   * (sp_criterion_result_get_finding ()): @met for a good finding, @unmet
   * for a bad one, @unknown for a neutral criterion or an unknown state.
   * The mark's shape says the state. */
  SpColor     met;
  SpColor     unmet;
  SpColor     unknown;
  const char *font_family;      /* "Cantarell", "Sans" ... */
  double      font_size;        /* points for body text at scale 1 */
  double      line_width;
  gboolean    show_criteria;    /* criteria with marks and values inside each box */
  /* Added: with show_criteria, only the active step's box lists its criteria
   * (presentation: big type, the reason for the lit step). */
  gboolean    criteria_active_only;
  /* Compact (the window's pane at a small size): each box shows its title
   * and one line of state (active, its criteria met / not met / unknown)
   * instead of its summary and criteria, in narrower boxes with smaller
   * gaps, so that the text stays readable. Overrides show_criteria. */
  gboolean    compact;
  /* Compact, in a very small pane (or with very large text): boxes may be
   * narrower than their longest word, which then breaks with a hyphen. */
  gboolean    compact_break_words;
  /* Added: the boxes' sizes and places do not depend on the assessment, so
   * that they stay put from one stage of a lecture to the next: no criteria
   * in the boxes, compact boxes without a state line, no "awaiting data"
   * notice above the chart (presentation mode says it beside the chart).
   * The lit step is shown by its fill and outline only. */
  gboolean    stable_geometry;
} SpFlowchartStyle;

void sp_flowchart_style_init_light        (SpFlowchartStyle *style);
void sp_flowchart_style_init_dark         (SpFlowchartStyle *style);
void sp_flowchart_style_init_presentation (SpFlowchartStyle *style);

/* Where each step's box is, in the coordinates of the last layout. */
typedef struct {
  const SpStep *step;
  double        x, y, width, height;
} SpFlowchartBox;

typedef struct _SpFlowchartLayout SpFlowchartLayout;

/* The texts of the boxes, kept from one layout to the next: a layout made
 * with a cache takes each text (a title, a summary, a criterion with its
 * state and value) that an earlier one laid out, with the heights it
 * measured at each width, and lays out only the texts that are new. A new
 * assessment changes a few texts (the values, the states), not the others;
 * a change of the PangoContext (fonts, resolution) empties the cache. */
typedef struct _SpFlowchartTextCache SpFlowchartTextCache;

SpFlowchartTextCache *sp_flowchart_text_cache_new  (void);
void                  sp_flowchart_text_cache_free (SpFlowchartTextCache *cache);
/* Forgets the texts no layout took since the last trim. */
void                  sp_flowchart_text_cache_trim (SpFlowchartTextCache *cache);
/* How many texts the cache has laid out anew since it was made. */
guint                 sp_flowchart_text_cache_get_n_new_texts (SpFlowchartTextCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpFlowchartTextCache, sp_flowchart_text_cache_free)

/* Lays the protocol's steps out in @width x @height (device-independent units;
 * the cairo context's scale takes care of HiDPI and print resolution), from the
 * steps' column/row hints and their arrows, with @assessment's states
 * (may be NULL: no step lit, no values). Text is laid out with @pango_context. */
SpFlowchartLayout *sp_flowchart_layout_new   (SpProtocol             *protocol,
                                              SpAssessment           *assessment,
                                              const SpFlowchartStyle *style,
                                              PangoContext           *pango_context,
                                              double                  width,
                                              double                  height);
/* The same, with its texts from @cache (see below). */
SpFlowchartLayout *sp_flowchart_layout_new_cached (SpProtocol             *protocol,
                                                   SpAssessment           *assessment,
                                                   const SpFlowchartStyle *style,
                                                   PangoContext           *pango_context,
                                                   double                  width,
                                                   double                  height,
                                                   SpFlowchartTextCache   *cache);
void               sp_flowchart_layout_free  (SpFlowchartLayout      *layout);
/* The height the layout needs at its width (for scrolling and pagination). */
double             sp_flowchart_layout_get_natural_height (SpFlowchartLayout *layout);
guint              sp_flowchart_layout_get_n_boxes (SpFlowchartLayout *layout);
const SpFlowchartBox *sp_flowchart_layout_get_box  (SpFlowchartLayout *layout,
                                                    guint              index);
/* The step at a point, or NULL (hit testing for clicks). */
const SpStep      *sp_flowchart_layout_step_at (SpFlowchartLayout *layout,
                                                double             x,
                                                double             y);
/* Draws the layout; @focused_step (may be NULL) gets a focus ring. */
void               sp_flowchart_layout_draw  (SpFlowchartLayout      *layout,
                                              cairo_t                *cr,
                                              const SpStep           *focused_step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpFlowchartLayout, sp_flowchart_layout_free)

/* Additions: the drawing's natural width and the scale applied to fit
 * @width x @height (1 when it fits; @height <= 0 fits the width only), a
 * step's box by id, and the number of arrows drawn. */
double             sp_flowchart_layout_get_natural_width (SpFlowchartLayout *layout);
double             sp_flowchart_layout_get_scale (SpFlowchartLayout *layout);
const SpFlowchartBox *sp_flowchart_layout_find_box (SpFlowchartLayout *layout,
                                                    const char        *step_id);
guint              sp_flowchart_layout_get_n_arrows (SpFlowchartLayout *layout);

typedef enum {
  SP_FLOWCHART_FORMAT_SVG,
  SP_FLOWCHART_FORMAT_PNG,
  SP_FLOWCHART_FORMAT_PDF,
} SpFlowchartFormat;

/* The export format named by @path's extension (.svg, .png, .pdf, any case);
 * FALSE for any other. */
gboolean           sp_flowchart_format_from_path (const char        *path,
                                                  SpFlowchartFormat *out_format);

/* Writes the flowchart to a file chosen by its extension: .svg, .png (at
 * @width x @height pixels) or .pdf (one page). */
gboolean           sp_flowchart_export       (SpProtocol             *protocol,
                                              SpAssessment           *assessment,
                                              const SpFlowchartStyle *style,
                                              const char             *path,
                                              int                     width,
                                              int                     height,
                                              GError                **error);

G_END_DECLS
