/* sp-test-keys.h: real key presses for the display tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys go through the X server (xdotool, XTest), as a user's do, to the
 * window that has the input focus, and GTK delivers each key to the
 * focused widget's controllers, capture phase first. A test of a shortcut that
 * activates the window's own controller skips the focused entry, which may
 * take the key itself; these do not.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Presses and releases @keyval (a GDK keyval) with @modifiers (Control and
 * Shift) in @widget's window, then runs the main loop until GTK has handled
 * both. */
void type_key  (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers);
/* Types @text (ASCII letters and digits) key by key, as type_key () does
 * each. */
void type_text (GtkWidget       *widget,
                const char      *text);

G_END_DECLS
