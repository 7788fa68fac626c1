/* sp-property.h: what the core's GObjects share about their properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A double property whose default is NAN ("not entered"). GParamSpecDouble
 * cannot be created with a NAN default, and its validation treats NAN as out
 * of range (NAN != NAN); G_PARAM_LAX_VALIDATION lets g_object_set () pass NAN
 * through. The bounds are infinite so that validation never clamps: the
 * setters refuse infinities themselves. EXPLICIT_NOTIFY and static strings
 * are added to @flags. */
GParamSpec *sp_param_spec_nan_double (const char  *name,
                                      GParamFlags  flags);

/* The same value for a property: equal, or both NAN (not entered). */
gboolean    sp_double_same           (double       a,
                                      double       b);

G_END_DECLS
