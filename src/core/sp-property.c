/* sp-property.c: what the core's GObjects share about their properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sp-property.h"

GParamSpec *
sp_param_spec_nan_double (const char  *name,
                          GParamFlags  flags)
{
  GParamSpec *pspec;

  pspec = g_param_spec_double (name, NULL, NULL, -INFINITY, INFINITY, 0,
                               flags | G_PARAM_LAX_VALIDATION |
                               G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  G_PARAM_SPEC_DOUBLE (pspec)->default_value = NAN;
  return pspec;
}

gboolean
sp_double_same (double a,
                double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}
