/* sp-theme.h: the theme's colours for what src/render draws in a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-flowchart-render.h"   /* SpColor */

G_BEGIN_DECLS

/* The theme's named colour @name ("view_bg_color", "accent_bg_color") as
 * @widget sees it, or @fallback when the theme has none. */
SpColor sp_theme_lookup_color (GtkWidget  *widget,
                               const char *name,
                               SpColor     fallback);

G_END_DECLS
