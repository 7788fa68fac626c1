/* sp-window.h: the main window: one case, its form, flowchart, doses and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-application.h"
#include "sp-case.h"
#include "sp-presentation-window.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())
G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests). */
SpWindow *sp_window_new        (SpApplication *app);
SpCase   *sp_window_get_case   (SpWindow      *self);
/* Loads @file into the window's case; on failure shows the reason and leaves
 * the case as it was. Returns FALSE on failure. */
gboolean  sp_window_open_file  (SpWindow      *self,
                                GFile         *file);
void      sp_window_show_about (SpWindow      *self);
/* The preferences, offering what this window's drug library has. */
void      sp_window_show_preferences (SpWindow *self);
/* Writes the case summary (@drug_id NULL) or the infusion sheet of the
 * case's infusion of @drug_id to @file as PDF, on the paper of the page setup
 * last chosen (else the locale's default paper). What win.export-pdf and
 * win.export-sheet-pdf call once a file is chosen; they show @error. */
gboolean  sp_window_export_pdf (SpWindow      *self,
                                const char    *drug_id,
                                GFile         *file,
                                GError       **error);
/* Enters presentation mode (win.present: F5, F11): a full-screen window for
 * the case, presented; returned for tests (owned by GTK). */
SpPresentationWindow *sp_window_present_case (SpWindow *self);

G_END_DECLS
