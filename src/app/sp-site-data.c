/* sp-site-data.c: the protocol and drug library in use, and where they come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One immutable snapshot: SpApplication loads it at startup and again when
 * the preferences choose other site files, and hands it to each window it
 * opens; a window keeps the snapshot it was opened with. The drug library
 * it gives is seen through the site's profile (the "drug-profile" key); a
 * change of that key makes a new snapshot of the same files
 * (sp_site_data_new_with_profile ()), for the next new case.
 */
#define G_LOG_DOMAIN "sp-site-data"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-site-data.h"

struct _SpSiteData
{
  GObject        parent_instance;

  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
  SpSiteStatus  *protocol_status;
  SpSiteStatus  *drugs_status;
  /* The snapshot this one was made from with another profile: its statuses
   * are this one's (NULL for one loaded from the files). */
  SpSiteData    *base;
  /* Why the site's profile is not in use, or NULL. */
  char          *profile_message;
};

G_DEFINE_FINAL_TYPE (SpSiteData, sp_site_data, G_TYPE_OBJECT)

static void
sp_site_data_finalize (GObject *object)
{
  SpSiteData *self = SP_SITE_DATA (object);

  g_clear_object (&self->protocol);
  g_clear_object (&self->drugs);
  g_clear_pointer (&self->protocol_status, sp_site_status_free);
  g_clear_pointer (&self->drugs_status, sp_site_status_free);
  g_clear_object (&self->base);
  g_clear_pointer (&self->profile_message, g_free);

  G_OBJECT_CLASS (sp_site_data_parent_class)->finalize (object);
}

static void
sp_site_data_class_init (SpSiteDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_site_data_finalize;
}

static void
sp_site_data_init (SpSiteData *self)
{
}

/* Sees @self's library through the profile @profile_id ("" or NULL: the
 * library's default); an unknown id leaves the default and says so. */
static void
sp_site_data_use_profile (SpSiteData    *self,
                          SpDrugLibrary *library,
                          const char    *profile_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) view = NULL;
  const SpDrugProfile *fallback;

  g_clear_pointer (&self->profile_message, g_free);

  view = sp_drug_library_for_profile (library,
                                      profile_id != NULL && profile_id[0] != '\0' ? profile_id : NULL,
                                      &error);
  if (view != NULL)
    {
      g_set_object (&self->drugs, view);
      return;
    }

  view = sp_drug_library_for_profile (library, NULL, NULL);
  if (view == NULL)
    view = g_object_ref (library);
  g_set_object (&self->drugs, view);
  fallback = sp_drug_library_get_default_profile (library);
  /* Translators: the "drug-profile" setting names no profile of the library:
   * "The drug-library profile chosen in the preferences cannot be used: <the
   * drug library's reason>. New cases use the library’s default profile,
   * “Adult ICU - 250 mL bags (ASHP S4S)”." */
  self->profile_message = g_strdup_printf (_("The drug-library profile chosen in the preferences "
                                             "cannot be used: %s. New cases use the library’s "
                                             "default profile, “%s”."),
                                           error->message, sp_drug_profile_get_name (fallback));
  /* For the system journal, where IT looks. */
  g_message ("%s", self->profile_message);
}

SpSiteData *
sp_site_data_new_for_settings (GSettings  *settings,
                               GError    **error)
{
  g_autoptr(SpSiteData) self = NULL;
  g_autofree char *drugs_path = NULL;
  g_autofree char *protocol_path = NULL;
  SpSiteLookup drugs_lookup = { NULL, NULL, NULL };
  SpSiteLookup protocol_lookup = { NULL, NULL, NULL };
  const SpSiteStatus *statuses[2];

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  drugs_path = g_settings_get_string (settings, "site-drug-library");
  protocol_path = g_settings_get_string (settings, "site-protocol");
  drugs_lookup.configured = drugs_path;
  protocol_lookup.configured = protocol_path;

  self = g_object_new (SP_TYPE_SITE_DATA, NULL);
  self->protocol = sp_site_load_protocol (&protocol_lookup, &self->protocol_status, error);
  if (self->protocol == NULL)
    return NULL;
  self->drugs = sp_site_load_drug_library (&drugs_lookup, &self->drugs_status, error);
  if (self->drugs == NULL)
    return NULL;
  {
    g_autoptr(SpDrugLibrary) library = g_object_ref (self->drugs);
    g_autofree char *profile_id = g_settings_get_string (settings, "drug-profile");

    sp_site_data_use_profile (self, library, profile_id);
  }

  /* For the system journal, where IT looks. */
  statuses[0] = self->protocol_status;
  statuses[1] = self->drugs_status;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *refusal = sp_site_status_describe_refusal (statuses[i]);

      if (refusal != NULL)
        g_message ("%s", refusal);
    }

  return g_steal_pointer (&self);
}

SpProtocol *
sp_site_data_get_protocol (SpSiteData *self)
{
  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  return self->protocol;
}

SpDrugLibrary *
sp_site_data_get_drug_library (SpSiteData *self)
{
  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  return self->drugs;
}

SpSiteData *
sp_site_data_new_with_profile (SpSiteData *self,
                               const char *profile_id)
{
  SpSiteData *other;

  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  other = g_object_new (SP_TYPE_SITE_DATA, NULL);
  other->base = g_object_ref (self->base != NULL ? self->base : self);
  other->protocol = g_object_ref (self->protocol);
  sp_site_data_use_profile (other, self->drugs, profile_id);
  return other;
}

const SpSiteStatus *
sp_site_data_get_status (SpSiteData *self,
                         SpSiteKind  kind)
{
  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  if (self->base != NULL)
    return sp_site_data_get_status (self->base, kind);
  return kind == SP_SITE_PROTOCOL ? self->protocol_status : self->drugs_status;
}

const char *
sp_site_data_get_profile_message (SpSiteData *self)
{
  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  return self->profile_message;
}
