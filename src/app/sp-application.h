/* sp-application.h: the ShockPath GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-site-data.h"

G_BEGIN_DECLS

#define SP_TYPE_APPLICATION (sp_application_get_type ())
G_DECLARE_FINAL_TYPE (SpApplication, sp_application, SP, APPLICATION, AdwApplication)

SpApplication *sp_application_new           (void);
/* The protocol and drug library the next window gets: loaded at startup
 * and again when the preferences choose other site files. NULL before
 * startup, or when the shipped data cannot be read (a broken build). */
SpSiteData    *sp_application_get_site_data (SpApplication *self);

G_END_DECLS
