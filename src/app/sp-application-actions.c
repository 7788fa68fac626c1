/* sp-application-actions.c: the application's actions (app.*) and accelerators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * About and Preferences are the active window's (they say which data that
 * window uses); the accelerators of the window actions (win.*) are set here
 * too, in one table.
 *
 * The shortcuts window (Ctrl+?, "Keyboard Shortcuts" in the main menu) is
 * resources/ui/sp-shortcuts-window.ui, made the first time a window asks for
 * it: shipped as gtk/help-overlay.ui, GtkApplication would build it for
 * every window it opens, before the window's first frame.
 */
#define G_LOG_DOMAIN "sp-application-actions"

#include "config.h"

#include "sp-application-private.h"
#include "sp-window.h"

static SpWindow *
sp_application_get_active_sp_window (SpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return SP_IS_WINDOW (window) ? SP_WINDOW (window) : NULL;
}

static void
sp_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SpWindow *window = sp_application_get_active_sp_window (user_data);

  if (window != NULL)
    sp_window_show_about (window);
}

static void
sp_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SpWindow *window = sp_application_get_active_sp_window (user_data);

  if (window != NULL)
    sp_window_show_preferences (window);
}

static void
sp_application_shortcuts (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  SpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkShortcutsWindow *overlay;

  if (!GTK_IS_APPLICATION_WINDOW (parent))
    return;

  /* Built the first time it is asked for in this window, not with every
   * window at start-up (what GtkApplication does with gtk/help-overlay.ui). */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (parent));
  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/shockpath/ShockPath/ui/sp-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (parent), overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
sp_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SpApplication *self = user_data;
  GList *windows;

  /* Each window asks about its own unsaved changes. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

void
_sp_application_actions_init (SpApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", sp_application_about },
    { "preferences", sp_application_preferences },
    { "shortcuts", sp_application_shortcuts },
    { "quit", sp_application_quit },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Shift><Control>s", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.add-drug", { "<Control>d", NULL } },
    { "win.export-pdf", { "<Shift><Control>e", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.present", { "F5", "F11", NULL } },
    { "win.export-flowchart", { "<Shift><Control>x", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  g_assert (SP_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}
