/* sp-flowchart-render-private.h: what the flowchart's layout, drawing and
 * export share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "sp-flowchart-render.h"

G_BEGIN_DECLS

/* --- layout data ---------------------------------------------------------- */

typedef enum {
  SIDE_TOP,
  SIDE_BOTTOM,
  SIDE_LEFT,
  SIDE_RIGHT,
  N_SIDES
} Side;

typedef enum {
  ROUTE_VERTICAL,     /* same column, nothing between: bottom -> top */
  ROUTE_AROUND,       /* same column, a box between: left side -> left side */
  ROUTE_ACROSS,       /* neighbouring column (or same row, nothing between) */
  ROUTE_FAR,          /* gutter, then the gap beside the target's row */
} RouteKind;

typedef struct {
  const char  *id;         /* the criterion's, the protocol's string */
  SpTri        state;
  gboolean     has_state;
  SpFinding    finding;    /* what the state means for the patient: its colour */
  PangoLayout *layout;     /* "criterion text — value" */
  double       height;
} CriterionItem;

typedef struct {
  SpFlowchartBox public;
  int            column;      /* grid indices */
  int            row;
  gboolean       active;
  PangoLayout   *title;
  PangoLayout   *summary;     /* compact: the state line; may be NULL */
  GPtrArray     *criteria;    /* CriterionItem* */
  double         content_height;
  double         natural_height;   /* as drawn, before scaling */
  guint          n_ports[N_SIDES];
} BoxItem;

typedef struct {
  guint     from;
  guint     to;
  RouteKind kind;
  Side      from_side;
  Side      to_side;
  double    from_port;        /* coordinate along the side */
  double    to_port;
  int       vchannel;         /* gutter index (left of column k), -1 none */
  int       hchannel;         /* gap index (above row k), -1 none */
  double    lane_x;
  double    lane_y;
  double    points[8][2];
  guint     n_points;
} Arrow;

typedef struct {
  const SpFlowchartStyle *style;
  double    fs;               /* body font size in layout units */
  double    pad;
  double    gap_title;
  double    gap_section;
  double    gap_criterion;
  double    mark;
  double    mark_gap;
  double    margin;
  double    lane;
  double    gutter_min;
  double    row_gap_min;
  double    radius;
  double    min_box;          /* box widths tried */
  double    max_box;
  double    preferred_box;
} Metrics;

/* A line of text as drawn, for the SVG text layer. */
typedef struct {
  char   *text;
  double  x, y;               /* baseline start, device units */
  double  width;
  double  size;               /* font size, device units */
  gboolean bold;
} TextRun;

struct _SpFlowchartLayout {
  SpProtocol             *protocol;
  SpAssessment           *assessment;
  SpFlowchartStyle        style;
  char                   *font_family;
  Metrics                 m;

  BoxItem                *boxes;
  guint                   n_boxes;
  GArray                 *arrows;       /* Arrow */

  int                     n_columns;
  int                     n_rows;
  double                 *column_x;      /* n_columns */
  double                 *row_y;         /* n_rows */
  double                 *row_height;    /* n_rows */
  double                 *gutter;        /* n_columns + 1: width of the gutter left of column k */
  double                 *row_gap;       /* n_rows + 1: height of the gap above row k */
  guint                  *vlanes;        /* n_columns + 1 */
  guint                  *hlanes;        /* n_rows + 1 */
  double                  box_width;
  /* While the protocol awaits data no step is lit: a line above the boxes
   * says which values to enter (the reason of the awaiting-data rule). */
  PangoLayout            *notice;
  double                  notice_width;
  double                  top;           /* the notice's height with its margin, or 0 */

  double                  natural_width;
  double                  natural_height;
  double                  scale;
  double                  width_scale;
  double                  offset_x;
  double                  offset_y;

  GPtrArray              *text_runs;     /* TextRun*, only while exporting SVG */
  SpFlowchartTextCache   *cache;         /* may be NULL; not owned */
};

/* The height of @layout wrapped at @width (layout units), measured once per
 * width (the heights are kept with the layout: its text never changes). */
double sp_flowchart_text_height  (PangoLayout       *layout,
                                  double             width);
/* Wraps @layout at @width before it is drawn. */
void   sp_flowchart_set_text_width (PangoLayout     *layout,
                                    double           width);
void   sp_flowchart_set_color    (cairo_t           *cr,
                                  const SpColor     *color);
/* Draws @layout at @x, @y and, while exporting SVG, notes its lines for the
 * text layer. */
void   sp_flowchart_show_layout  (SpFlowchartLayout *self,
                                  cairo_t           *cr,
                                  PangoLayout       *layout,
                                  double             x,
                                  double             y);

G_END_DECLS
