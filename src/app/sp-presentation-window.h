/* sp-presentation-window.h: presentation mode, the flowchart for a lecture hall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"
#include "sp-flowchart.h"

G_BEGIN_DECLS

#define SP_TYPE_PRESENTATION_WINDOW (sp_presentation_window_get_type ())
G_DECLARE_FINAL_TYPE (SpPresentationWindow, sp_presentation_window, SP, PRESENTATION_WINDOW, AdwWindow)

/* A full-screen presentation of @sp_case on @parent's monitor. A teaching
 * case is stepped through on a case of the presentation's own, starting at
 * its first stage (the window's case is not changed); a case without stages
 * is presented as it is, following its changes. */
SpPresentationWindow *sp_presentation_window_new          (GtkWindow            *parent,
                                                           SpCase               *sp_case);

/* The case shown: the presentation's own for a teaching case. */
SpCase               *sp_presentation_window_get_case     (SpPresentationWindow *self);
SpFlowchart          *sp_presentation_window_get_flowchart (SpPresentationWindow *self);
/* The stage shown (0-based; 0 without stages) and the number of stages. */
guint                 sp_presentation_window_get_stage    (SpPresentationWindow *self);
guint                 sp_presentation_window_get_n_stages (SpPresentationWindow *self);
/* The body text's size in pixels: 32 at a height of 1080, in proportion. */
int                   sp_presentation_window_get_type_size (SpPresentationWindow *self);

G_END_DECLS
