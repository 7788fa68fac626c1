/* sp-theme.c: the theme's colours for what src/render draws in a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-theme.h"

SpColor
sp_theme_lookup_color (GtkWidget  *widget,
                       const char *name,
                       SpColor     fallback)
{
  GtkStyleContext *context;
  GdkRGBA rgba;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  context = gtk_widget_get_style_context (widget);
  if (!gtk_style_context_lookup_color (context, name, &rgba))
    return fallback;
  return (SpColor) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
}
