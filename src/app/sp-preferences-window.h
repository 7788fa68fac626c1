/* sp-preferences-window.h: defaults for pharmacy, site files, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-site-data.h"

G_BEGIN_DECLS

#define SP_TYPE_PREFERENCES_WINDOW (sp_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SpPreferencesWindow, sp_preferences_window, SP, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Preferences written to @settings. The default concentrations and dose
 * units offer what @site_data's drug library (the one in use) has; the site
 * page says what is in use and what was refused. */
SpPreferencesWindow *sp_preferences_window_new (GtkWindow  *parent,
                                                GSettings  *settings,
                                                SpSiteData *site_data);

/* What the "Validate" button of @kind shows after it was pressed (or a file
 * was chosen), or NULL before; for tests. */
const char          *sp_preferences_window_get_validation (SpPreferencesWindow *self,
                                                           SpSiteKind           kind);

G_END_DECLS
