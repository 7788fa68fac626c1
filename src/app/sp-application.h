/* sp-application.h: the ShockPath GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_APPLICATION (sp_application_get_type ())
G_DECLARE_FINAL_TYPE (SpApplication, sp_application, SP, APPLICATION, AdwApplication)

SpApplication *sp_application_new                (void);

/* Registers the application's GResource (templates, CSS) once; the widgets'
 * class_init call it so that tests can build them without an SpApplication. */
void           sp_application_ensure_resources  (void);

/* The print settings (the printer) of the last print dialog the user
 * confirmed, for the next one: remembered for the session only (NULL until
 * then). The page setup is kept in GSettings. */
GtkPrintSettings *sp_application_get_print_settings (SpApplication    *self);
void              sp_application_set_print_settings (SpApplication    *self,
                                                     GtkPrintSettings *settings);

G_END_DECLS
