/* sp-window.h: the main window: one case, its form, flowchart, doses and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"
#include "sp-fhir.h"
#include "sp-presentation-window.h"
#include "sp-site-data.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())
G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, AdwApplicationWindow)

/* A window with a new case on @site_data's protocol and drug library. @app
 * may be NULL (tests). */
SpWindow   *sp_window_new            (GtkApplication *app,
                                      SpSiteData     *site_data);
SpCase     *sp_window_get_case       (SpWindow       *self);
SpSiteData *sp_window_get_site_data  (SpWindow       *self);
/* The print settings (the printer) of the last print dialog confirmed, for
 * the next one (NULL until then); set by the window after a print dialog,
 * and by the application to share them between its windows. */
GtkPrintSettings *sp_window_get_print_settings (SpWindow         *self);
void              sp_window_set_print_settings (SpWindow         *self,
                                                GtkPrintSettings *settings);
/* Loads @file into the window's case; on failure shows the reason and leaves
 * the case as it was. Returns FALSE on failure. */
gboolean    sp_window_open_file      (SpWindow       *self,
                                      GFile          *file);
/* The About window, saying which data this window uses. */
void        sp_window_show_about     (SpWindow       *self);
/* The preferences, offering what this window's drug library has. */
void        sp_window_show_preferences (SpWindow     *self);
/* Writes the case summary (@drug_id NULL) or the infusion sheet of the
 * case's infusion of @drug_id to @file as PDF, on the paper of the page setup
 * last chosen (else the locale's default paper). What win.export-pdf and
 * win.export-sheet-pdf call once a file is chosen; they show @error. */
gboolean    sp_window_export_pdf     (SpWindow       *self,
                                      const char     *drug_id,
                                      GFile          *file,
                                      GError        **error);
/* The drug library report (every profile of the case's library) as PDF. */
gboolean    sp_window_export_library_report (SpWindow  *self,
                                             GFile     *file,
                                             GError   **error);
/* The case's timeline as an HL7 FHIR R4 Bundle (sp-fhir.h) written to
 * @file; what win.export-fhir calls once a file is chosen. */
gboolean    sp_window_export_fhir    (SpWindow       *self,
                                      GFile          *file,
                                      GError        **error);
/* A new, unsaved case from the Observations of the Bundle in @file: what
 * win.import-fhir calls (after the unsaved-changes question) once a file is
 * chosen; NULL with @error when the file is refused, the case untouched.
 * Returns what was added and skipped (sp_fhir_import_free ()). */
SpFhirImport *sp_window_open_fhir_bundle (SpWindow   *self,
                                          GFile      *file,
                                          GError    **error);
/* Enters presentation mode (win.present: F5, F11): a full-screen window for
 * the case, presented; returned for tests (owned by GTK). */
SpPresentationWindow *sp_window_present_case (SpWindow *self);

G_END_DECLS
