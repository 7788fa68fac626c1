/* sp-site-data.c: the protocol and drug library in use, and where they come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One immutable snapshot: SpApplication loads it at startup and again when
 * the preferences choose other site files, and hands it to each window it
 * opens; a window keeps the snapshot it was opened with.
 */
#define G_LOG_DOMAIN "sp-site-data"

#include "config.h"

#include "sp-site-data.h"

struct _SpSiteData
{
  GObject        parent_instance;

  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
  SpSiteStatus  *protocol_status;
  SpSiteStatus  *drugs_status;
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

const SpSiteStatus *
sp_site_data_get_status (SpSiteData *self,
                         SpSiteKind  kind)
{
  g_return_val_if_fail (SP_IS_SITE_DATA (self), NULL);

  return kind == SP_SITE_PROTOCOL ? self->protocol_status : self->drugs_status;
}
