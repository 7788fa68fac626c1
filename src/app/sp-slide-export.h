/* sp-slide-export.h: the flowchart exported for slides (SVG, PNG, PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

/* Writes @sp_case's flowchart (its current assessment) in the presentation
 * style to @file, by src/render's sp_flowchart_export(), the function
 * `shockpath-cli flowchart` uses: .svg, .png (@width x @height pixels) or
 * .pdf (one page, @width x @height points). */
gboolean sp_slide_export_write (SpCase      *sp_case,
                                GFile       *file,
                                int          width,
                                int          height,
                                GError     **error);

/* Asks for a file and a slide size (sp-file-chooser.h), then writes it;
 * a toast on @toast_overlay (may be NULL) says it is saved, an error dialog
 * on @parent why not. @suggested_name has no extension. */
void     sp_slide_export_run   (GtkWindow       *parent,
                                AdwToastOverlay *toast_overlay,
                                SpCase          *sp_case,
                                const char      *suggested_name);

/* Writes what @widget shows (presentation mode's screen: the stage and its
 * title, the vitals, the chart, why the step is lit, the teaching text) to
 * @file as the screen draws it, scaled to fit @width x @height and centred
 * on white: .svg, .png (pixels) or .pdf (points; its text can be copied). */
gboolean sp_slide_export_write_screen (GtkWidget   *widget,
                                       GFile       *file,
                                       int          width,
                                       int          height,
                                       GError     **error);

/* sp_slide_export_run () for sp_slide_export_write_screen (): the slide is
 * @widget as it is on the screen when the file is chosen. The dialog starts
 * in the folder of @near (the case's file), if any. */
void     sp_slide_export_run_screen (GtkWindow       *parent,
                                     AdwToastOverlay *toast_overlay,
                                     GtkWidget       *widget,
                                     GFile           *near,
                                     const char      *suggested_name);

G_END_DECLS
