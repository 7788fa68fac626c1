/* sp-site-data.h: the protocol and drug library in use, and where they come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-drug-library.h"
#include "sp-protocol.h"
#include "sp-site.h"

G_BEGIN_DECLS

#define SP_TYPE_SITE_DATA (sp_site_data_get_type ())
G_DECLARE_FINAL_TYPE (SpSiteData, sp_site_data, SP, SITE_DATA, GObject)

/* Loads the protocol and drug library to use (sp-site.h: the paths in
 * @settings' "site-protocol" and "site-drug-library" come first). A refused
 * site file is not an error: the shipped data is used, the status says what
 * was refused, and one line goes to the log (the system journal). NULL with
 * @error only when the shipped data cannot be read (a broken build). */
SpSiteData         *sp_site_data_new_for_settings (GSettings   *settings,
                                                   GError     **error);

/* The same files, new cases in the profile @profile_id ("" or NULL: the
 * library's default; an unknown id: the default, and
 * sp_site_data_get_profile_message () says so). */
SpSiteData         *sp_site_data_new_with_profile (SpSiteData  *self,
                                                   const char  *profile_id);

SpProtocol         *sp_site_data_get_protocol     (SpSiteData  *self);
/* The drug library through the site's profile (the "drug-profile" key):
 * what new cases use. */
SpDrugLibrary      *sp_site_data_get_drug_library (SpSiteData  *self);
/* Why the profile the settings name is not in use (it is not in the
 * library: the library's default is), or NULL. */
const char         *sp_site_data_get_profile_message (SpSiteData *self);
/* Where the data of @kind in use comes from, and a refused site file. */
const SpSiteStatus *sp_site_data_get_status       (SpSiteData  *self,
                                                   SpSiteKind   kind);

G_END_DECLS
