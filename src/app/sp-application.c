/* sp-application.c: the ShockPath GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Single instance (GApplication's D-Bus uniqueness on APP_ID); a second start
 * presents the existing window. Colour scheme and high contrast follow the
 * desktop through AdwStyleManager (the default ADW_COLOR_SCHEME_DEFAULT).
 * The print settings last confirmed in a print dialog (the printer) are kept
 * here for every window of the session; the page setup is kept across
 * sessions in GSettings (sp_print_operation_save_page_setup).
 */
#define G_LOG_DOMAIN "sp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-case.h"
#include "sp-window.h"

struct _SpApplication
{
  AdwApplication    parent_instance;

  GtkPrintSettings *print_settings;
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, ADW_TYPE_APPLICATION)

#include "sp-app-resources.h"

void
sp_application_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      sp_app_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

static void
sp_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (app)));

  gtk_window_present (window);
}

static void
sp_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      SpWindow *window = sp_window_new (SP_APPLICATION (app));

      sp_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
sp_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SP_IS_WINDOW (parent))
    sp_window_show_about (SP_WINDOW (parent));
}

static void
sp_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SP_IS_WINDOW (parent))
    sp_window_show_preferences (SP_WINDOW (parent));
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

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (parent));
  if (overlay != NULL)
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

static const GActionEntry app_actions[] = {
  { "about", sp_application_about },
  { "preferences", sp_application_preferences },
  { "shortcuts", sp_application_shortcuts },
  { "quit", sp_application_quit },
};

static void
sp_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Shift><Control>s", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.export-pdf", { "<Shift><Control>e", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.present", { "F5", "F11", NULL } },
    { "win.export-flowchart", { "<Shift><Control>x", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { NULL } },
  };

  sp_application_ensure_resources ();

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

GtkPrintSettings *
sp_application_get_print_settings (SpApplication *self)
{
  g_return_val_if_fail (SP_IS_APPLICATION (self), NULL);

  return self->print_settings;
}

void
sp_application_set_print_settings (SpApplication    *self,
                                   GtkPrintSettings *settings)
{
  g_return_if_fail (SP_IS_APPLICATION (self));
  g_return_if_fail (settings == NULL || GTK_IS_PRINT_SETTINGS (settings));

  /* A copy: the print operation goes on changing its own. */
  g_clear_object (&self->print_settings);
  if (settings != NULL)
    self->print_settings = gtk_print_settings_copy (settings);
}

static void
sp_application_dispose (GObject *object)
{
  SpApplication *self = SP_APPLICATION (object);

  g_clear_object (&self->print_settings);

  G_OBJECT_CLASS (sp_application_parent_class)->dispose (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sp_application_dispose;

  app_class->activate = sp_application_activate;
  app_class->open = sp_application_open;
  app_class->startup = sp_application_startup;
}

static void
sp_application_init (SpApplication *self)
{
  g_set_application_name (_("ShockPath"));
  gtk_window_set_default_icon_name (APP_ID);
}

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/shockpath/ShockPath",
                       NULL);
}
