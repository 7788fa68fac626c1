/* sp-application-private.h: what sp-application.c and sp-application-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-application.h"

G_BEGIN_DECLS

struct _SpApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  SpSiteData       *site_data;        /* what new windows get */
  GError           *site_error;       /* why there is none (a broken build) */
  GtkPrintSettings *print_settings;   /* the printer last confirmed in any window */
};

/* sp-application-actions.c: the app.* actions and every accelerator. */
void _sp_application_actions_init (SpApplication *self);

G_END_DECLS
