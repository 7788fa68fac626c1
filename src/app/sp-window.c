/* sp-window.c: the main window: one case, its form, flowchart, doses and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is given the protocol and drug library to use (SpSiteData, from
 * SpApplication: the site's when there are site files, else the shipped
 * ones; the library through the site's profile), makes one SpCase from them
 * and hands the case to its views through its "case" property. A new case
 * after the "drug-profile" key changed is a new SpCase in that profile
 * (sp_case_reset () would go back to the old one); they bind to the case's model and never compute
 * anything clinical themselves. A refused site file shows a bar at the top
 * of the window until dismissed. The window's size and maximized state are
 * restored from GSettings and saved on close.
 *
 * The window knows nothing of SpApplication: the application opens windows,
 * hands them their data and keeps the printer of the session in step
 * between them (the "print-settings" property).
 *
 * The actions are in sp-window-actions.c. A new pane is an object in
 * resources/ui/sp-window.ui whose "case" property is bound to the window's
 * (bind-source="SpWindow"), and a g_type_ensure () in class_init. A pane
 * not shown at first is better made when first shown, as the timeline is
 * (sp_window_ensure_timeline): nothing of it is built, measured or kept up
 * to date with the case before the first frame.
 */
#define G_LOG_DOMAIN "sp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-preferences-window.h"
#include "sp-widget-util.h"
#include "sp-window-private.h"

enum {
  PROP_0,
  PROP_SITE_DATA,
  PROP_CASE,
  PROP_PRINT_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

static void
sp_window_update_title (SpWindow *self)
{
  GFile *file = sp_case_get_file (self->sp_case);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  const char *subtitle;

  if (file != NULL)
    name = g_file_get_basename (file);
  else
    name = g_strdup (_("New Case"));

  if (sp_case_get_modified (self->sp_case))
    /* Translators: "•" marks a case with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_strdup (name);

  /* A teaching case's lecture title comes in the user's language. */
  subtitle = sp_case_get_teaching_title (self->sp_case);
  if (subtitle == NULL)
    subtitle = sp_case_get_title (self->sp_case);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  /* Translators: window title: "case file name — ShockPath" */
  window_title = g_strdup_printf (_("%s — ShockPath"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

void
_sp_window_show_error (SpWindow   *self,
                       const char *heading,
                       const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sp_window_toast (SpWindow   *self,
                  const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* --- size, closing --------------------------------------------------------- */

static void
sp_window_save_size (SpWindow *self)
{
  int width;
  int height;

  /* The default size follows the user's resizing, and is the size the
   * window comes back to when unmaximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
sp_window_restore_size (SpWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  /* Below the template's size request GTK keeps the request. */
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);

  if (self->close_confirmed || !sp_case_get_modified (self->sp_case))
    {
      sp_window_save_size (self);
      return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
    }

  _sp_window_confirm_discard (self, SP_PENDING_CLOSE);
  return TRUE;
}

/* --- layout and panes ------------------------------------------------------ */

/* The text scale of the desktop ("large text" raises gtk-xft-dpi, 96 dpi x
 * 1024 at 1x). */
static double
sp_window_text_scale (SpWindow *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  double scale = 1.0;
  int dpi = 0;

  /* GNOME's Large Text raises the resolution; a larger interface font
   * makes the text larger too. */
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi > 0)
    scale = dpi / (96.0 * 1024.0);
  return MAX (1.0, scale * sp_settings_get_font_scale (settings));
}

/* The widths below which the panes move aside grow with the text: at 1.5x
 * text the flowchart needs 1.5x the width to stay as readable, and the form
 * 1.5x the width for its labels not to break into letter columns. */
static void
sp_window_update_widths (SpWindow *self)
{
  double scale = sp_window_text_scale (self);

  gtk_widget_set_size_request (self->center_paned, (int) (560 * scale), -1);
  gtk_widget_set_size_request (self->form_pane, (int) (360 * scale), -1);
  gtk_widget_set_size_request (GTK_WIDGET (self->dose_panel), (int) (300 * scale), -1);
}

/* The flap holding @pane, or NULL when @pane is always shown. */
static AdwFlap *
sp_window_flap_of (SpWindow  *self,
                   GtkWidget *pane)
{
  if (pane == self->form_pane)
    return self->form_flap;
  if (pane == GTK_WIDGET (self->dose_panel))
    return self->dose_flap;
  return NULL;
}

static void
sp_window_focus_pane (SpWindow  *self,
                      GtkWidget *pane)
{
  /* The pane's first focusable widget; the flowchart is one itself. */
  if (!gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (pane);
  if (pane == GTK_WIDGET (self->dose_panel) && self->add_menu_pending)
    sp_dose_panel_open_add_menu (self->dose_panel);
  self->add_menu_pending = FALSE;
}

static void
on_flap_revealed (AdwFlap    *flap,
                  GParamSpec *pspec,
                  SpWindow   *self)
{
  if (adw_flap_get_reveal_progress (flap) <= 0)
    return;
  g_signal_handlers_disconnect_by_func (flap, on_flap_revealed, self);
  sp_window_focus_pane (self, flap == self->form_flap ? self->form_pane
                                                      : GTK_WIDGET (self->dose_panel));
}

/* Shows @pane (its flap, when moved aside) and moves the focus into it: at
 * once, or once the flap has started to slide in (a hidden flap's widgets
 * cannot take the focus). */
static void
sp_window_show_pane (SpWindow  *self,
                     GtkWidget *pane)
{
  AdwFlap *flap = sp_window_flap_of (self, pane);

  /* A flap moved aside hides the other one: one overlay at a time. */
  if (flap != self->form_flap && adw_flap_get_folded (self->form_flap))
    adw_flap_set_reveal_flap (self->form_flap, FALSE);
  if (flap != self->dose_flap && adw_flap_get_folded (self->dose_flap))
    adw_flap_set_reveal_flap (self->dose_flap, FALSE);

  if (flap != NULL && adw_flap_get_reveal_progress (flap) <= 0)
    {
      g_signal_handlers_disconnect_by_func (flap, on_flap_revealed, self);
      g_signal_connect_object (flap, "notify::reveal-progress",
                               G_CALLBACK (on_flap_revealed), self, 0);
      adw_flap_set_reveal_flap (flap, TRUE);
      return;
    }
  if (flap != NULL)
    adw_flap_set_reveal_flap (flap, TRUE);
  sp_window_focus_pane (self, pane);
}

void
_sp_window_cycle_panes (SpWindow *self,
                        int       step)
{
  GtkWidget *panes[] = {
    self->form_pane,
    GTK_WIDGET (self->flowchart),
    gtk_widget_get_parent (GTK_WIDGET (self->detail_stack)),
    GTK_WIDGET (self->dose_panel),
  };
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int n = G_N_ELEMENTS (panes);
  int current = -1;

  g_return_if_fail (SP_IS_WINDOW (self));

  for (int i = 0; i < n && focus != NULL; i++)
    if (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i]))
      current = i;

  /* From nowhere: F6 goes to the first pane, Shift+F6 to the last. */
  if (current < 0)
    current = step > 0 ? n - 1 : 0;
  sp_window_show_pane (self, panes[(current + step + n) % n]);
}

gboolean
_sp_window_hide_pane (SpWindow *self)
{
  AdwFlap *flaps[] = { self->form_flap, self->dose_flap };

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (flaps); i++)
    if (adw_flap_get_folded (flaps[i]) && adw_flap_get_reveal_flap (flaps[i]))
      {
        adw_flap_set_reveal_flap (flaps[i], FALSE);
        /* The focus was in the pane now hidden: on to the flowchart. */
        gtk_widget_grab_focus (GTK_WIDGET (self->flowchart));
        return TRUE;
      }
  return FALSE;
}

SpTimelineView *
_sp_window_ensure_timeline (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  if (self->timeline_view == NULL)
    {
      self->timeline_view = g_object_new (SP_TYPE_TIMELINE_VIEW, "vexpand", TRUE, NULL);
      g_object_bind_property (self, "case", self->timeline_view, "case", G_BINDING_SYNC_CREATE);
      gtk_box_append (GTK_BOX (self->timeline_page), GTK_WIDGET (self->timeline_view));
    }
  return self->timeline_view;
}

static void
on_detail_page_shown (GtkStack   *stack,
                      GParamSpec *pspec,
                      SpWindow   *self)
{
  if (gtk_stack_get_visible_child (stack) == self->timeline_page)
    _sp_window_ensure_timeline (self);
}

void
_sp_window_add_drug (SpWindow *self)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  self->add_menu_pending = TRUE;
  sp_window_show_pane (self, GTK_WIDGET (self->dose_panel));
}

void
_sp_window_focus_form (SpWindow *self)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  sp_window_show_pane (self, self->form_pane);
}

/* --- About ----------------------------------------------------------------- */

/* Where the protocol or drug library in use comes from, and a refused site
 * file, for the About window. */
static void
append_in_use (GString            *out,
               const SpSiteStatus *status)
{
  if (status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append (out, _("In use: shipped with ShockPath."));
  else
    /* Translators: "In use: the site file /etc/shockpath/drugs.xml." */
    g_string_append_printf (out, _("In use: the site file %s."), status->path);
  g_string_append_c (out, '\n');

  if (status->refused_message != NULL)
    {
      /* Translators: "Refused site file: /etc/shockpath/drugs.xml:12: reason" */
      g_string_append_printf (out, _("Refused site file: %s"), status->refused_message);
      g_string_append_c (out, '\n');
    }
}

/* The data in use, for the About window's details and debugging
 * information: "Drug library: NAME, version V, profile “P”, from the site
 * file PATH." */
static char *
sp_window_describe_data (SpWindow *self)
{
  SpProtocol *protocol = sp_site_data_get_protocol (self->site_data);
  SpDrugLibrary *drugs = sp_case_get_drug_library (self->sp_case);
  SpDrugLibrary *site_drugs = sp_site_data_get_drug_library (self->site_data);
  g_autofree char *library = sp_drug_library_describe (drugs);
  const SpSiteStatus *drugs_status = sp_site_data_get_status (self->site_data, SP_SITE_DRUG_LIBRARY);
  const SpSiteStatus *protocol_status = sp_site_data_get_status (self->site_data, SP_SITE_PROTOCOL);
  GString *out = g_string_new (NULL);
  const SpSiteStatus *statuses[] = { drugs_status, protocol_status };

  /* The library and the profile of this case ("ShockPath default drug
   * library, version 2.0, profile “...”"). */
  if (drugs_status->origin == SP_SITE_ORIGIN_SHIPPED)
    /* Translators: "Drug library: ShockPath default drug library, version 2.0,
     * profile “Adult ICU - 250 mL bags (ASHP S4S)”, shipped with ShockPath." */
    g_string_append_printf (out, _("Drug library: %s, shipped with ShockPath."), library);
  else
    /* Translators: "Drug library: Ward 5 library, version 2, profile “ICU”, from the
     * site file /etc/shockpath/drugs.xml." */
    g_string_append_printf (out, _("Drug library: %s, from the site file %s."),
                            library, drugs_status->path);
  g_string_append_c (out, '\n');
  if (sp_drug_library_get_profile (site_drugs) != sp_drug_library_get_profile (drugs))
    {
      /* Translators: the site's profile when the case is in another one */
      g_string_append_printf (out, _("New cases use the profile “%s”."),
                              sp_drug_profile_get_name (sp_drug_library_get_profile (site_drugs)));
      g_string_append_c (out, '\n');
    }
  if (sp_site_data_get_profile_message (self->site_data) != NULL)
    {
      g_string_append (out, sp_site_data_get_profile_message (self->site_data));
      g_string_append_c (out, '\n');
    }

  if (protocol_status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append_printf (out, _("Protocol: %s, version %s, shipped with ShockPath."),
                            sp_protocol_get_name (protocol), sp_protocol_get_version (protocol));
  else
    g_string_append_printf (out, _("Protocol: %s, version %s, from the site file %s."),
                            sp_protocol_get_name (protocol), sp_protocol_get_version (protocol),
                            protocol_status->path);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i]->refused_message != NULL)
      {
        g_string_append_c (out, '\n');
        g_string_append_printf (out, _("Refused site file: %s"), statuses[i]->refused_message);
      }

  return g_string_free (out, FALSE);
}

void
sp_window_show_about (SpWindow *self)
{
  SpProtocol *protocol;
  SpDrugLibrary *drugs;
  GtkWidget *about;
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(GString) library = g_string_new (NULL);
  g_autofree char *sources_markup = NULL;
  g_autofree char *library_markup = NULL;
  g_autofree char *data = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *comments_markup = NULL;
  const char * const *ids;

  g_return_if_fail (SP_IS_WINDOW (self));

  protocol = sp_site_data_get_protocol (self->site_data);
  drugs = sp_site_data_get_drug_library (self->site_data);

  g_string_append_printf (sources, _("Protocol: %s, version %s.\nSource: %s\n\n"),
                          sp_protocol_get_name (protocol),
                          sp_protocol_get_version (protocol),
                          sp_protocol_get_source (protocol));
  append_in_use (sources, sp_site_data_get_status (self->site_data, SP_SITE_PROTOCOL));
  g_string_append_c (sources, '\n');
  for (guint i = 0; i < sp_protocol_get_n_references (protocol); i++)
    {
      const SpReference *ref = sp_protocol_get_reference (protocol, i);

      g_string_append_printf (sources, "[%s] %s\n", ref->id, ref->text);
    }

  g_string_append_printf (library, _("%s, version %s.\n"),
                          sp_drug_library_get_name (drugs),
                          sp_drug_library_get_version (drugs));
  if (sp_drug_library_get_description (drugs) != NULL)
    g_string_append_printf (library, "%s\n", sp_drug_library_get_description (drugs));
  if (sp_drug_library_is_default (drugs))
    g_string_append_printf (library, "%s\n",
                            _("The dose limits are the shipped defaults: "
                              "the site pharmacy sets its own."));
  append_in_use (library, sp_site_data_get_status (self->site_data, SP_SITE_DRUG_LIBRARY));
  g_string_append (library, "\n");
  ids = sp_drug_library_get_reference_ids (drugs);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_string_append_printf (library, "[%s] %s\n", ids[i],
                            sp_drug_library_get_reference (drugs, ids[i]));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self,
                        "modal", TRUE,
                        "application-name", _("ShockPath"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The ShockPath contributors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* The details page: the disclaimer, then which data is in use (Pango
   * markup: a path or a library name may hold "&"). */
  data = sp_window_describe_data (self);
  comments = g_strdup_printf ("%s\n\n%s", sp_protocol_get_disclaimer (protocol), data);
  comments_markup = g_markup_escape_text (comments, -1);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about), comments_markup);
  adw_about_window_set_debug_info (ADW_ABOUT_WINDOW (about), data);
  /* A custom licence text is Pango markup: the references are plain text
   * ("Board & Editors"). */
  sources_markup = g_markup_escape_text (sources->str, -1);
  library_markup = g_markup_escape_text (library->str, -1);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Clinical Content"), NULL,
                                      GTK_LICENSE_CUSTOM, sources_markup);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Drug Library"), NULL,
                                      GTK_LICENSE_CUSTOM, library_markup);
  gtk_window_present (GTK_WINDOW (about));
}

/* --- site files and preferences ------------------------------------------- */

/* One paragraph of the bar: what was refused, the file, the line and what is
 * wrong, and that the shipped data is used. */
static void
append_refusal (GString            *markup,
                const SpSiteStatus *status)
{
  g_autofree char *heading = NULL;
  g_autofree char *file = NULL;
  g_autofree char *problem = NULL;

  if (status == NULL || status->refused_path == NULL)
    return;

  if (markup->len > 0)
    g_string_append (markup, "\n\n");

  heading = g_markup_escape_text (status->kind == SP_SITE_PROTOCOL
                                  ? _("The site protocol was refused: ShockPath uses the shipped protocol.")
                                  : _("The site drug library was refused: ShockPath uses the shipped drug library."),
                                  -1);
  /* Translators: the refused site file in the bar: "File: /etc/shockpath/drugs.xml" */
  file = g_markup_printf_escaped (_("File: %s"), status->refused_path);
  if (status->refused_line > 0)
    /* Translators: "Line 44: Type decimal doesn't allow value 'three'" */
    problem = g_markup_printf_escaped (_("Line %d: %s"), status->refused_line,
                                       status->refused_reason);
  else
    /* Translators: "Problem: No such file or directory" */
    problem = g_markup_printf_escaped (_("Problem: %s"), status->refused_reason);

  g_string_append_printf (markup, "<b>%s</b>\n%s\n%s", heading, file, problem);
}

static void
sp_window_update_site_bar (SpWindow *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  append_refusal (markup, sp_site_data_get_status (self->site_data, SP_SITE_DRUG_LIBRARY));
  append_refusal (markup, sp_site_data_get_status (self->site_data, SP_SITE_PROTOCOL));
  if (sp_site_data_get_profile_message (self->site_data) != NULL)
    {
      g_autofree char *text = g_markup_escape_text (sp_site_data_get_profile_message (self->site_data), -1);

      if (markup->len > 0)
        g_string_append (markup, "\n\n");
      g_string_append (markup, text);
    }

  gtk_label_set_markup (self->site_label, markup->str);
  gtk_revealer_set_reveal_child (self->site_revealer, markup->len > 0);
}

void
sp_window_show_preferences (SpWindow *self)
{
  SpPreferencesWindow *preferences;

  g_return_if_fail (SP_IS_WINDOW (self));

  preferences = sp_preferences_window_new (GTK_WINDOW (self), self->settings, self->site_data);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The "drug-profile" key changed: the next new case is in that profile
 * (the case open now keeps its own). */
static void
sp_window_profile_setting_changed (SpWindow   *self,
                                   const char *key,
                                   GSettings  *settings)
{
  g_autofree char *profile_id = g_settings_get_string (settings, "drug-profile");
  g_autoptr(SpSiteData) site_data = sp_site_data_new_with_profile (self->site_data, profile_id);

  g_set_object (&self->site_data, site_data);
  sp_window_update_site_bar (self);
}

/* --- the case -------------------------------------------------------------- */

/* The window and its views show @sp_case (transfer full) from now on. */
static void
sp_window_take_case (SpWindow      *self,
                     SpCase        *sp_case,
                     SpDrugLibrary *drugs)
{
  g_autoptr(SpCase) old_case = g_steal_pointer (&self->sp_case);

  if (old_case != NULL)
    {
      g_signal_handlers_disconnect_by_data (old_case, self);
      g_signal_handlers_disconnect_by_data (sp_case_get_infusions (old_case), self);
    }
  self->sp_case = sp_case;
  g_set_object (&self->case_drugs, drugs);

  g_signal_connect_object (self->sp_case, "notify::modified",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sp_case, "notify::file",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sp_case, "notify::title",
                           G_CALLBACK (sp_window_update_title), self, G_CONNECT_SWAPPED);
  _sp_window_actions_follow_case (self);
  /* The views follow the "case" property: the template binds it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
  sp_window_update_title (self);
}

void
_sp_window_new_case (SpWindow *self)
{
  SpDrugLibrary *drugs = sp_site_data_get_drug_library (self->site_data);

  /* A reset goes back to the library the case was made with: another
   * profile since then needs a case made with it. */
  if (drugs == self->case_drugs)
    sp_case_reset (self->sp_case);
  else
    sp_window_take_case (self, sp_case_new (sp_site_data_get_protocol (self->site_data), drugs),
                         drugs);
}

/* --- the window ------------------------------------------------------------ */

SpCase *
sp_window_get_case (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->sp_case;
}

SpSiteData *
sp_window_get_site_data (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->site_data;
}

GtkPrintSettings *
sp_window_get_print_settings (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->print_settings;
}

void
sp_window_set_print_settings (SpWindow         *self,
                              GtkPrintSettings *settings)
{
  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (settings == NULL || GTK_IS_PRINT_SETTINGS (settings));

  if (g_set_object (&self->print_settings, settings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINT_SETTINGS]);
}

/* The form moved aside with the keyboard in it: on to the flowchart. */
static void
on_form_folded (SpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (adw_flap_get_folded (self->form_flap) && !adw_flap_get_reveal_flap (self->form_flap)
      && focus != NULL && gtk_widget_is_ancestor (focus, self->form_pane))
    gtk_widget_grab_focus (GTK_WIDGET (self->flowchart));
}

static void
sp_window_constructed (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);
  SpProtocol *protocol;

  G_OBJECT_CLASS (sp_window_parent_class)->constructed (object);

  g_assert (SP_IS_SITE_DATA (self->site_data));
  protocol = sp_site_data_get_protocol (self->site_data);

  sp_window_update_site_bar (self);
  gtk_label_set_text (self->disclaimer_label, sp_protocol_get_disclaimer (protocol));

  sp_dose_panel_set_settings (self->dose_panel, self->settings);
  sp_window_take_case (self, sp_case_new (protocol, sp_site_data_get_drug_library (self->site_data)),
                       sp_site_data_get_drug_library (self->site_data));

  /* The keyboard starts in the form's first field, as a form's does: GTK
   * would start it on the header's Open button, where Return opens a file
   * dialog. When the form folds aside, the flowchart takes it. */
  gtk_window_set_focus (GTK_WINDOW (self),
                        sp_patient_form_get_field_widget (self->patient_form, SP_FIELD_WEIGHT));
  g_signal_connect_object (self->form_flap, "notify::folded",
                           G_CALLBACK (on_form_folded), self, G_CONNECT_SWAPPED);

  /* Connected before the key is read: GSettings only says "changed" for
   * keys read with a handler connected. The site data the window was
   * given already follows the key. */
  g_signal_connect_object (self->settings, "changed::drug-profile",
                           G_CALLBACK (sp_window_profile_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_free (g_settings_get_string (self->settings, "drug-profile"));
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_WINDOW);
  g_clear_object (&self->sp_case);
  g_clear_object (&self->case_drugs);
  g_clear_object (&self->sheet_menu);
  g_clear_object (&self->settings);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->site_data);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpWindow *self = SP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SITE_DATA:
      g_value_set_object (value, self->site_data);
      break;

    case PROP_CASE:
      g_value_set_object (value, self->sp_case);
      break;

    case PROP_PRINT_SETTINGS:
      g_value_set_object (value, self->print_settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SpWindow *self = SP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SITE_DATA:
      self->site_data = g_value_dup_object (value);
      break;

    case PROP_PRINT_SETTINGS:
      sp_window_set_print_settings (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sp_window_constructed;
  object_class->dispose = sp_window_dispose;
  object_class->get_property = sp_window_get_property;
  object_class->set_property = sp_window_set_property;
  window_class->close_request = sp_window_close_request;

  properties[PROP_SITE_DATA] =
    g_param_spec_object ("site-data", NULL, NULL,
                         SP_TYPE_SITE_DATA,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PRINT_SETTINGS] =
    g_param_spec_object ("print-settings", NULL, NULL,
                         GTK_TYPE_PRINT_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_PATIENT_FORM);
  g_type_ensure (SP_TYPE_ALERTS_VIEW);
  g_type_ensure (SP_TYPE_FLOWCHART);
  g_type_ensure (SP_TYPE_DOSE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, site_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, site_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, form_flap);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, dose_flap);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, form_pane);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, center_paned);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, patient_form);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, flowchart);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, alerts_view);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, timeline_page);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, dose_panel);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, disclaimer_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, print_section);

  _sp_window_class_actions_init (klass);
}

/* The main menu's popover, made when the menu is first opened (the button,
 * F10 or a click) rather than before the window's first frame: a popover
 * menu makes a widget for every item of its model at once. */
static void
sp_window_create_menu (GtkMenuButton *button,
                       gpointer       data)
{
  SpWindow *self = data;

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
sp_window_init (SpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _sp_window_actions_init (self);

  sp_window_update_widths (self);
  gtk_menu_button_set_create_popup_func (self->menu_button, sp_window_create_menu, self, NULL);
  g_signal_connect_object (self->detail_stack, "notify::visible-child",
                           G_CALLBACK (on_detail_page_shown), self, 0);
  sp_menu_button_hide_tooltip_while_open (self->menu_button);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (sp_window_update_widths), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (sp_window_update_widths), self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  sp_window_restore_size (self);
}

SpWindow *
sp_window_new (GtkApplication *app,
               SpSiteData     *site_data)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SP_IS_SITE_DATA (site_data), NULL);

  return g_object_new (SP_TYPE_WINDOW,
                       "application", app,
                       "site-data", site_data,
                       NULL);
}
