/* sp-font-caches.h: the font maps documents are laid out with, and handing
 * back what Pango, cairo and fontconfig keep until exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

PangoFontMap *sp_font_map_new         (void);
PangoFontMap *sp_font_map_get_default (void);
gboolean      sp_font_caches_release  (void);

G_END_DECLS
