/* sp-application.c: the ShockPath GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Single instance (GApplication's D-Bus uniqueness on APP_ID); a second start
 * presents the existing window. Colour scheme and high contrast follow the
 * desktop through AdwStyleManager (the default ADW_COLOR_SCHEME_DEFAULT).
 *
 * The application owns the data: it loads the protocol and drug library
 * (SpSiteData: the site's files, else the shipped ones, the library through
 * the site's profile) at startup, and again when the preferences choose
 * other site files or another profile, and gives each window it
 * opens the data of that moment; an open window keeps its own. A refused
 * site file is said by the window (its bar) and in the log.
 *
 * The first load runs on a thread of its own while GTK opens the display
 * (gtk_init () and libadwaita's style sheets, the longest part of a start):
 * the data is there, or its error, when startup () returns, as before.
 *
 * The print settings last confirmed in a print dialog (the printer) are kept
 * here for every window of the session: a window's "print-settings" changed
 * is given to the others, and to the windows opened later (the property is
 * the window's alone); the page setup is kept across sessions in GSettings
 * (sp_print_operation_save_page_setup).
 *
 * The application calls the window, never the other way round. Its actions
 * and the accelerators are in sp-application-actions.c.
 */
#define G_LOG_DOMAIN "sp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-application-private.h"
#include "sp-window.h"

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, ADW_TYPE_APPLICATION)

/* What sp_application_load_thread () read. */
typedef struct {
  SpSiteData *site_data;
  GError     *error;
} SiteDataLoad;

/* Takes @load's data for the next windows, or says why there is none. */
static void
sp_application_take_site_data (SpApplication *self,
                               SiteDataLoad  *load)
{
  if (load->site_data == NULL)
    {
      /* The shipped data is compiled in and checked by the tests: this is a
       * broken build. Said when a window would open. */
      g_warning ("The shipped protocol or drug library cannot be read: %s", load->error->message);
      if (self->site_error == NULL)
        self->site_error = g_steal_pointer (&load->error);
      g_clear_error (&load->error);
      return;
    }

  g_set_object (&self->site_data, load->site_data);
  g_clear_object (&load->site_data);
}

/* (Re)loads the data for the next windows. */
static void
sp_application_load_site_data (SpApplication *self)
{
  SiteDataLoad load = { NULL, NULL };

  load.site_data = sp_site_data_new_for_settings (self->settings, &load.error);
  sp_application_take_site_data (self, &load);
}

/* The first load, beside gtk_init (): SpSiteData reads files and GSettings
 * only (GIO, libxml2), nothing of GTK. Owns @data, the GSettings. */
static gpointer
sp_application_load_thread (gpointer data)
{
  g_autoptr(GSettings) settings = data;
  SiteDataLoad *load = g_new0 (SiteDataLoad, 1);

  load->site_data = sp_site_data_new_for_settings (settings, &load->error);
  return load;
}

static void
sp_application_site_setting_changed (SpApplication *self,
                                     const char    *key,
                                     GSettings     *settings)
{
  sp_application_load_site_data (self);
}

/* The site's profile changed: the same files, new cases in that profile. */
static void
sp_application_profile_setting_changed (SpApplication *self,
                                        const char    *key,
                                        GSettings     *settings)
{
  g_autofree char *profile_id = g_settings_get_string (settings, "drug-profile");
  g_autoptr(SpSiteData) site_data = NULL;

  if (self->site_data == NULL)
    return;

  site_data = sp_site_data_new_with_profile (self->site_data, profile_id);
  g_set_object (&self->site_data, site_data);
}

static void
sp_application_startup (GApplication *app)
{
  SpApplication *self = SP_APPLICATION (app);
  GThread *load_thread;
  SiteDataLoad *load;

  /* Connected before the keys are read: GSettings only says "changed" for
   * keys read with a handler connected. */
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::site-drug-library",
                           G_CALLBACK (sp_application_site_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::site-protocol",
                           G_CALLBACK (sp_application_site_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::drug-profile",
                           G_CALLBACK (sp_application_profile_setting_changed), self,
                           G_CONNECT_SWAPPED);
  /* Read while GTK starts; the handlers above are called in this thread,
   * by this GSettings' main context, for changes from now on. */
  load_thread = g_thread_new ("sp-site-data", sp_application_load_thread,
                              g_object_ref (self->settings));

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (app);

  _sp_application_actions_init (self);

  load = g_thread_join (load_thread);
  sp_application_take_site_data (self, load);
  g_free (load);
}

/* The one thing ShockPath says when it cannot start. */
static void
sp_application_show_broken (SpApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("ShockPath Cannot Start"),
                                   self->site_error != NULL ? self->site_error->message : NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static SpWindow *
sp_application_new_window (SpApplication *self)
{
  return sp_window_new (GTK_APPLICATION (self), self->site_data);
}

static void
sp_application_activate (GApplication *app)
{
  SpApplication *self = SP_APPLICATION (app);
  GtkWindow *window;

  if (self->site_data == NULL)
    {
      sp_application_show_broken (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sp_application_new_window (self));

  gtk_window_present (window);
}

static void
sp_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SpApplication *self = SP_APPLICATION (app);

  if (self->site_data == NULL)
    {
      sp_application_show_broken (self);
      return;
    }

  for (int i = 0; i < n_files; i++)
    {
      SpWindow *window = sp_application_new_window (self);

      sp_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* A printer confirmed in @window: every main window prints with it. */
static void
sp_application_print_settings_changed (SpWindow      *window,
                                       GParamSpec    *pspec,
                                       SpApplication *self)
{
  GtkPrintSettings *settings = sp_window_get_print_settings (window);

  /* The other windows' own notifications end here. */
  if (!g_set_object (&self->print_settings, settings))
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SP_IS_WINDOW (l->data))
      sp_window_set_print_settings (SP_WINDOW (l->data), settings);
}

/* Every main window prints with the printer last confirmed in any. */
static void
sp_application_window_added (GtkApplication *app,
                             GtkWindow      *window)
{
  SpApplication *self = SP_APPLICATION (app);

  GTK_APPLICATION_CLASS (sp_application_parent_class)->window_added (app, window);

  if (!SP_IS_WINDOW (window))
    return;
  if (self->print_settings != NULL)
    sp_window_set_print_settings (SP_WINDOW (window), self->print_settings);
  g_signal_connect_object (window, "notify::print-settings",
                           G_CALLBACK (sp_application_print_settings_changed), self, 0);
}

SpSiteData *
sp_application_get_site_data (SpApplication *self)
{
  g_return_val_if_fail (SP_IS_APPLICATION (self), NULL);

  return self->site_data;
}

static void
sp_application_dispose (GObject *object)
{
  SpApplication *self = SP_APPLICATION (object);

  g_clear_object (&self->print_settings);
  g_clear_object (&self->site_data);
  g_clear_object (&self->settings);
  g_clear_error (&self->site_error);

  G_OBJECT_CLASS (sp_application_parent_class)->dispose (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = sp_application_dispose;

  app_class->activate = sp_application_activate;
  app_class->open = sp_application_open;
  app_class->startup = sp_application_startup;

  gtk_app_class->window_added = sp_application_window_added;
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
