/* sp-site.h: a hospital's own drug library and protocol, found and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site (a hospital, a pharmacy) may ship its own drug library and protocol
 * to every workstation. For each kind, the first of these that exists decides:
 *
 *   1. the configured path (the app's "site-drug-library" / "site-protocol"
 *      settings), when not empty;
 *   2. SP_SITE_SYSCONF_DIR/drugs.xml, SP_SITE_SYSCONF_DIR/protocol.xml;
 *   3. the first shockpath/site/drugs.xml, shockpath/site/protocol.xml in
 *      the system data directories ($XDG_DATA_DIRS);
 *   4. else the data shipped with ShockPath.
 *
 * The file that decides is loaded by the same loader as every other file
 * (sp_drug_library_new_from_file, sp_protocol_new_from_file): one parse, the
 * same safety and schema checks. If it is refused, the shipped data is used
 * (never a lower-priority site file, which may be stale) and the status says
 * which file was refused, on which line and why.
 *
 * No settings and no GTK here: the app and the CLI pass the configured path
 * in. The directories can be replaced (tests) through SpSiteLookup.
 */
#pragma once

#include <glib.h>

#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

#define SP_SITE_SYSCONF_DIR "/etc/shockpath"

typedef enum {
  SP_SITE_DRUG_LIBRARY,
  SP_SITE_PROTOCOL,
} SpSiteKind;

typedef enum {
  SP_SITE_ORIGIN_SHIPPED,    /* built into ShockPath */
  SP_SITE_ORIGIN_SETTING,    /* the configured path */
  SP_SITE_ORIGIN_SYSCONF,    /* SP_SITE_SYSCONF_DIR */
  SP_SITE_ORIGIN_DATA_DIR,   /* $XDG_DATA_DIRS/shockpath/site */
} SpSiteOrigin;

/* Where to look. Zero-initialised, it looks in the default places with no
 * configured path. */
typedef struct {
  const char         *configured;   /* NULL or "" for none */
  const char         *sysconf_dir;  /* NULL: SP_SITE_SYSCONF_DIR */
  const char * const *data_dirs;    /* NULL: g_get_system_data_dirs () */
} SpSiteLookup;

/* What is in use for one kind, and what was refused. */
typedef struct {
  SpSiteKind    kind;
  SpSiteOrigin  origin;            /* of the data in use */
  char         *path;              /* the file in use, or the shipped resource */

  /* A site file that was found and refused (the shipped data is then in
   * use); refused_path is NULL when nothing was refused. */
  char         *refused_path;
  SpSiteOrigin  refused_origin;
  int           refused_line;      /* 0 when the problem is not on one line */
  char         *refused_reason;    /* what is wrong, without file and line */
  char         *refused_message;   /* "file:line: reason", as the loader said it */
} SpSiteStatus;

void           sp_site_status_free         (SpSiteStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSiteStatus, sp_site_status_free)

/* The file name looked for in the directories: "drugs.xml", "protocol.xml". */
const char    *sp_site_kind_file_name      (SpSiteKind          kind);

/* The site file that decides @kind, without reading it; NULL when none
 * exists (the shipped data). @lookup may be NULL. */
char          *sp_site_find                (SpSiteKind          kind,
                                            const SpSiteLookup *lookup,
                                            SpSiteOrigin       *out_origin);

/* The drug library / protocol to use, following the order above. A refused
 * site file is not an error: the shipped data is returned and *out_status
 * (optional) says what was refused. @error is set, and NULL returned, only
 * when the shipped data itself cannot be read (a broken build). */
SpDrugLibrary *sp_site_load_drug_library   (const SpSiteLookup *lookup,
                                            SpSiteStatus      **out_status,
                                            GError            **error);
SpProtocol    *sp_site_load_protocol       (const SpSiteLookup *lookup,
                                            SpSiteStatus      **out_status,
                                            GError            **error);

/* One translated sentence about a refused site file, for a log or stderr:
 * "The site drug library /etc/shockpath/drugs.xml was refused (line 12:
 * element "hard-max": value is not a number); the shipped drug library is
 * used." NULL when nothing was refused. */
char          *sp_site_status_describe_refusal (const SpSiteStatus *status);

G_END_DECLS
