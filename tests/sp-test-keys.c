/* sp-test-keys.c: real key presses for the display tests (xdotool)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * xdotool sends the keys through the X server's XTest extension, from a
 * client of its own, as a keyboard would.
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "sp-test-gtk.h"
#include "sp-test-keys.h"

static void
count_release (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               guint                 *n)
{
  (*n)++;
}

void
type_key (GtkWidget       *widget,
          guint            keyval,
          GdkModifierType  modifiers)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkEventController *counter = gtk_event_controller_key_new ();
  g_autoptr(GString) chord = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *name = gdk_keyval_name (keyval);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (root));
  g_autofree char *xid = NULL;
  const char *focus_argv[] = { "xdotool", "windowfocus", "--sync", NULL, NULL };
  const char *argv[] = { "xdotool", "key", NULL, NULL };
  guint released = 0;
  int status = 0;

  g_assert_nonnull (name);
  if (modifiers & GDK_CONTROL_MASK)
    g_string_append (chord, "ctrl+");
  if (modifiers & GDK_SHIFT_MASK)
    g_string_append (chord, "shift+");
  g_string_append (chord, name);
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  focus_argv[3] = xid;
  argv[2] = chord->str;

  /* The key's release reaches the toplevel first: counted there. */
  gtk_event_controller_set_propagation_phase (counter, GTK_PHASE_CAPTURE);
  g_signal_connect (counter, "key-released", G_CALLBACK (count_release), &released);
  gtk_widget_add_controller (GTK_WIDGET (root), counter);

  /* the window given the input focus first, as a click would, and GTK
   * told so, or the key may reach it before it takes keys */
  if (!gtk_window_is_active (GTK_WINDOW (root)))
    {
      g_assert_true (g_spawn_sync (NULL, (char **) focus_argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      wait_for (gtk_window_is_active (GTK_WINDOW (root)));
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* the key released (a modifier's release may come first); then what it
   * set off (an entry's parse at high idle priority) */
  wait_for (released >= 1u + ((modifiers & GDK_CONTROL_MASK) ? 1u : 0u) +
                        ((modifiers & GDK_SHIFT_MASK) ? 1u : 0u));
  gtk_widget_remove_controller (GTK_WIDGET (root), counter);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
type_text (GtkWidget  *widget,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    type_key (widget, gdk_unicode_to_keyval ((guchar) *p), 0);
}
