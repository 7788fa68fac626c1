/* sp-timeline-view.h: the case's timeline in the window: record, trend, log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"

G_BEGIN_DECLS

#define SP_TYPE_TIMELINE_VIEW (sp_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (SpTimelineView, sp_timeline_view, SP, TIMELINE_VIEW, SpCaseWidget)

GtkWidget *sp_timeline_view_new         (void);
/* Opens the record popover (the window's Ctrl+R). */
void       sp_timeline_view_open_record (SpTimelineView *self);

G_END_DECLS
