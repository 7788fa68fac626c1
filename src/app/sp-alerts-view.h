/* sp-alerts-view.h: the assessment in words: alerts, the active step, monitoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"

G_BEGIN_DECLS

#define SP_TYPE_ALERTS_VIEW (sp_alerts_view_get_type ())
G_DECLARE_FINAL_TYPE (SpAlertsView, sp_alerts_view, SP, ALERTS_VIEW, SpCaseWidget)

/* The pane's vertical scroll position (it goes back to the top when the
 * active step changes). */
GtkAdjustment *sp_alerts_view_get_vadjustment (SpAlertsView *self);

G_END_DECLS
