/* sp-site.c: a hospital's own drug library and protocol, found and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds the site file that decides (sp-site.h gives the order), loads it with
 * the loader every file goes through, and falls back to the shipped data
 * when it is refused. The loaders' messages are "file:line: reason" or
 * "file: reason"; the status keeps the whole message and, split off it, the
 * line and the reason, so that a window can show them apart.
 */
#define G_LOG_DOMAIN "sp-site"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sp-site.h"

void
sp_site_status_free (SpSiteStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->path);
  g_free (status->refused_path);
  g_free (status->refused_reason);
  g_free (status->refused_message);
  g_free (status);
}

const char *
sp_site_kind_file_name (SpSiteKind kind)
{
  switch (kind)
    {
    case SP_SITE_PROTOCOL:
      return "protocol.xml";
    case SP_SITE_DRUG_LIBRARY:
    default:
      return "drugs.xml";
    }
}

char *
sp_site_find (SpSiteKind          kind,
              const SpSiteLookup *lookup,
              SpSiteOrigin       *out_origin)
{
  static const SpSiteLookup defaults = { NULL, NULL, NULL };
  const char *name = sp_site_kind_file_name (kind);
  const char * const *data_dirs;
  g_autofree char *path = NULL;

  if (lookup == NULL)
    lookup = &defaults;

  /* A configured path decides even when the file is missing: the user asked
   * for it, and must hear that it cannot be read. */
  if (lookup->configured != NULL && lookup->configured[0] != '\0')
    {
      if (out_origin != NULL)
        *out_origin = SP_SITE_ORIGIN_SETTING;
      return g_strdup (lookup->configured);
    }

  path = g_build_filename (lookup->sysconf_dir != NULL ? lookup->sysconf_dir
                                                       : SP_SITE_SYSCONF_DIR,
                           name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (out_origin != NULL)
        *out_origin = SP_SITE_ORIGIN_SYSCONF;
      return g_steal_pointer (&path);
    }

  data_dirs = lookup->data_dirs != NULL ? lookup->data_dirs : g_get_system_data_dirs ();
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_free (path);
      path = g_build_filename (data_dirs[i], "shockpath", "site", name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (out_origin != NULL)
            *out_origin = SP_SITE_ORIGIN_DATA_DIR;
          return g_steal_pointer (&path);
        }
    }

  if (out_origin != NULL)
    *out_origin = SP_SITE_ORIGIN_SHIPPED;
  return NULL;
}

/* Splits a loader's "PATH:LINE: reason" or "PATH: reason" into line and
 * reason. The path is known, so a ':' inside it does not confuse this. */
static void
split_message (const char  *message,
               const char  *path,
               int         *out_line,
               char       **out_reason)
{
  gsize n = strlen (path);
  const char *rest = message;

  *out_line = 0;

  if (g_str_has_prefix (message, path) && message[n] == ':')
    {
      rest = message + n + 1;
      if (g_ascii_isdigit (rest[0]))
        {
          char *end = NULL;
          long line = strtol (rest, &end, 10);

          if (end != NULL && end[0] == ':' && line > 0 && line <= G_MAXINT)
            {
              *out_line = (int) line;
              rest = end + 1;
            }
        }
      while (*rest == ' ')
        rest++;
    }

  *out_reason = g_strdup (rest);
}

static SpSiteStatus *
status_new (SpSiteKind kind)
{
  SpSiteStatus *status = g_new0 (SpSiteStatus, 1);

  status->kind = kind;
  status->origin = SP_SITE_ORIGIN_SHIPPED;
  return status;
}

static void
status_refuse (SpSiteStatus *status,
               const char   *path,
               SpSiteOrigin  origin,
               const char   *message)
{
  status->refused_path = g_strdup (path);
  status->refused_origin = origin;
  status->refused_message = g_strdup (message);
  split_message (message, path, &status->refused_line, &status->refused_reason);
}

/* A configured path must be absolute: a relative one would depend on the
 * directory the program happens to start in. */
static gboolean
check_absolute (const char  *path,
                GError     **error)
{
  if (g_path_is_absolute (path))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               /* Translators: "drugs.xml: the path is not absolute; give the
                * whole path, e.g. /etc/shockpath/drugs.xml" */
               _("%s: the path is not absolute; give the whole path, e.g. %s"),
               path, "/etc/shockpath/drugs.xml");
  return FALSE;
}

SpDrugLibrary *
sp_site_load_drug_library (const SpSiteLookup  *lookup,
                           SpSiteStatus       **out_status,
                           GError             **error)
{
  g_autoptr(SpSiteStatus) status = status_new (SP_SITE_DRUG_LIBRARY);
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autofree char *path = NULL;
  SpSiteOrigin origin;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = sp_site_find (SP_SITE_DRUG_LIBRARY, lookup, &origin);
  if (path != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if ((origin != SP_SITE_ORIGIN_SETTING || check_absolute (path, &local_error)))
        drugs = sp_drug_library_new_from_file (path, &local_error);

      if (drugs != NULL)
        {
          status->origin = origin;
          status->path = g_strdup (path);
        }
      else
        {
          status_refuse (status, path, origin, local_error->message);
        }
    }

  if (drugs == NULL)
    {
      drugs = sp_drug_library_new_default (error);
      if (drugs == NULL)
        return NULL;
      status->path = g_strdup (sp_drug_library_get_source (drugs));
    }

  if (out_status != NULL)
    *out_status = g_steal_pointer (&status);
  return g_steal_pointer (&drugs);
}

SpProtocol *
sp_site_load_protocol (const SpSiteLookup  *lookup,
                       SpSiteStatus       **out_status,
                       GError             **error)
{
  g_autoptr(SpSiteStatus) status = status_new (SP_SITE_PROTOCOL);
  g_autoptr(SpProtocol) protocol = NULL;
  g_autofree char *path = NULL;
  SpSiteOrigin origin;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = sp_site_find (SP_SITE_PROTOCOL, lookup, &origin);
  if (path != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if ((origin != SP_SITE_ORIGIN_SETTING || check_absolute (path, &local_error)))
        protocol = sp_protocol_new_from_file (path, &local_error);

      if (protocol != NULL)
        {
          status->origin = origin;
          status->path = g_strdup (path);
        }
      else
        {
          status_refuse (status, path, origin, local_error->message);
        }
    }

  if (protocol == NULL)
    {
      protocol = sp_protocol_new_default (error);
      if (protocol == NULL)
        return NULL;
      status->path = g_strdup (sp_protocol_get_file (protocol));
    }

  if (out_status != NULL)
    *out_status = g_steal_pointer (&status);
  return g_steal_pointer (&protocol);
}

char *
sp_site_status_describe_refusal (const SpSiteStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  if (status->refused_path == NULL)
    return NULL;

  if (status->kind == SP_SITE_PROTOCOL)
    {
      if (status->refused_line > 0)
        /* Translators: "The site protocol /etc/shockpath/protocol.xml was
         * refused (line 12: ...); the shipped protocol is used." */
        return g_strdup_printf (_("The site protocol %s was refused (line %d: %s); "
                                  "the shipped protocol is used."),
                                status->refused_path, status->refused_line,
                                status->refused_reason);
      return g_strdup_printf (_("The site protocol %s was refused (%s); "
                                "the shipped protocol is used."),
                              status->refused_path, status->refused_reason);
    }

  if (status->refused_line > 0)
    /* Translators: "The site drug library /etc/shockpath/drugs.xml was
     * refused (line 12: ...); the shipped drug library is used." */
    return g_strdup_printf (_("The site drug library %s was refused (line %d: %s); "
                              "the shipped drug library is used."),
                            status->refused_path, status->refused_line,
                            status->refused_reason);
  return g_strdup_printf (_("The site drug library %s was refused (%s); "
                            "the shipped drug library is used."),
                          status->refused_path, status->refused_reason);
}
