/* sp-flowchart.h: the protocol's flowchart with the active step lit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case-widget.h"
#include "sp-flowchart-render.h"

G_BEGIN_DECLS

#define SP_TYPE_FLOWCHART (sp_flowchart_get_type ())
G_DECLARE_FINAL_TYPE (SpFlowchart, sp_flowchart, SP, FLOWCHART, SpCaseWidget)

/* The step drawn lit (the assessment the widget last drew), or NULL. */
const SpStep *sp_flowchart_get_lit_step      (SpFlowchart *self);
/* The step that has the keyboard focus ring, or NULL. */
const SpStep *sp_flowchart_get_focused_step  (SpFlowchart *self);
/* Moves the focus ring to @step_id; FALSE if the protocol has no such step. */
gboolean      sp_flowchart_focus_step        (SpFlowchart *self,
                                              const char  *step_id);
/* What the widget tells assistive technologies: the focused step (or the lit
 * one) with its state, e.g. "Step 3: norepinephrine, active step". */
const char   *sp_flowchart_get_announcement  (SpFlowchart *self);
/* The details of a step as its details window shows them, as one text: why
 * it is or is not active, criteria with states and values, actions with
 * rates, notes and the sources with their reference texts. */
char         *sp_flowchart_describe_step     (SpFlowchart *self,
                                              const SpStep *step);
/* The step details window while it is shown (a click or Enter on a step
 * opens it), or NULL. */
GtkWindow    *sp_flowchart_get_details_window (SpFlowchart *self);
/* Number of times the widget has built a new layout (tests: one change,
 * one redraw). */
guint         sp_flowchart_get_n_layouts     (SpFlowchart *self);
/* The layout last drawn (NULL before the first), and how many texts of its
 * boxes the widget has laid out anew so far (tests: a keystroke lays out
 * the texts it changed, not the others). */
SpFlowchartLayout *sp_flowchart_get_layout   (SpFlowchart *self);
guint         sp_flowchart_get_n_new_texts   (SpFlowchart *self);
/* Where the box of @step_id is drawn, in the widget's coordinates; FALSE
 * before the chart is laid out or for an unknown step. */
gboolean      sp_flowchart_get_step_rect     (SpFlowchart     *self,
                                              const char      *step_id,
                                              graphene_rect_t *out_rect);
/* Whether the chart is drawn compact at its current size (titles and
 * states; the criteria on hover, focus and click) to keep its text readable. */
gboolean      sp_flowchart_get_compact       (SpFlowchart *self);
/* Whether the chart, even compact, breaks long words in its boxes to fit
 * ("norepi-nephrine"): its last resort at a size too small for it. */
gboolean      sp_flowchart_get_breaks_words  (SpFlowchart *self);
/* The size of its body text as drawn, in pixels at scale 1 (0 before it is
 * laid out). */
double        sp_flowchart_get_text_size     (SpFlowchart *self);

/* Presentation mode: the high-contrast presentation style, and a brief pulse
 * when the active step changes. */
void          sp_flowchart_set_presentation  (SpFlowchart *self,
                                              gboolean     presentation);
/* Presentation mode: the screen's size, as its height / 1080; the type is
 * 32 px times @scale (24 pt at 96 dpi), and never drawn smaller than that:
 * when the boxes with their summaries would need smaller type, they show
 * their titles only. */
void          sp_flowchart_set_presentation_scale (SpFlowchart *self,
                                                   double       scale);
/* The smallest body text the chart draws, pixels at scale 1: 11 times the
 * interface font's scale in the window, 32 x the presentation scale in
 * presentation mode. */
double        sp_flowchart_get_min_text_size (SpFlowchart *self);
/* Never animate, whatever the desktop's setting (the user's preference). */
void          sp_flowchart_set_reduced_motion (SpFlowchart *self,
                                               gboolean     reduced_motion);
/* FALSE when the desktop (GtkSettings:gtk-enable-animations) or
 * sp_flowchart_set_reduced_motion() asks for no motion. */
gboolean      sp_flowchart_get_animations_enabled (SpFlowchart *self);
/* TRUE while the change of active step is being animated. */
gboolean      sp_flowchart_get_pulsing       (SpFlowchart *self);

G_END_DECLS
