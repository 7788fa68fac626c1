/* sp-trend-view.h: the case's trend plot in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"
#include "sp-trend-plot.h"

G_BEGIN_DECLS

#define SP_TYPE_TREND_VIEW (sp_trend_view_get_type ())
G_DECLARE_FINAL_TYPE (SpTrendView, sp_trend_view, SP, TREND_VIEW, SpCaseWidget)

GtkWidget         *sp_trend_view_new      (void);
/* The plot drawn (rebuilt when the case's timeline changes). */
const SpTrendPlot *sp_trend_view_get_plot (SpTrendView *self);
/* The "hours" property: the last hours of the timeline shown, counted back
 * from its last entry; 0 for all of it. */
guint              sp_trend_view_get_hours (SpTrendView *self);
void               sp_trend_view_set_hours (SpTrendView *self,
                                            guint        hours);

G_END_DECLS
