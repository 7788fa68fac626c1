/* sp-preferences-window.c: defaults for pharmacy, site files, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row writes its GSettings key at once. The default concentration and
 * dose unit rows offer only what the drug library in use has, and choosing
 * the library's own default removes the key, so that a later library with
 * another default is followed. The site files are read by the application
 * (SpSiteData) at start and when a file is chosen here, for the windows it
 * opens next; the "Validate" buttons load the file that would be used with
 * the same loader, and say what it is or where it is wrong.
 */
#define G_LOG_DOMAIN "sp-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-file-chooser.h"
#include "sp-format.h"
#include "sp-preferences-window.h"
#include "sp-settings.h"
#include "sp-widget-util.h"

#define N_SITE_KINDS 2

typedef struct {
  SpSiteKind    kind;
  const char   *key;          /* "site-drug-library" */
  AdwActionRow *path_row;
  GtkWidget    *clear_button;
  AdwActionRow *result_row;
  GtkImage     *result_icon;
  char         *validation;   /* the result row's text, NULL before validating */
} SiteRow;

struct _SpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  SpDrugLibrary        *drugs;
  SiteRow               site[N_SITE_KINDS];

  /* Template widgets */
  AdwPreferencesGroup  *drug_library_group;
  AdwComboRow          *profile_row;
  AdwComboRow          *paper_row;
  AdwPreferencesGroup  *concentrations_group;
  AdwPreferencesGroup  *units_group;
  AdwActionRow         *drugs_in_use_row;
  AdwActionRow         *protocol_in_use_row;
  AdwPreferencesGroup  *site_group;
  GtkSwitch            *reduced_motion_switch;
};

G_DEFINE_FINAL_TYPE (SpPreferencesWindow, sp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)


/* --- printing ------------------------------------------------------------- */

static void
paper_selected (SpPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->paper_row);

  sp_settings_set_paper (self->settings, selected == 1 ? SP_PAPER_LETTER : SP_PAPER_A4);
}

/* --- the drug library report ----------------------------------------------- */

/* prefs.print-library-report and prefs.export-library-report: the window
 * the preferences belong to prints it, with its printer and paper. */
static void
sp_preferences_window_action_report (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent == NULL)
    return;
  /* "prefs.print-library-report" -> "win.print-library-report" */
  {
    g_autofree char *name = g_strconcat ("win.", strchr (action_name, '.') + 1, NULL);

    gtk_widget_activate_action (GTK_WIDGET (parent), name, NULL);
  }
}

/* --- the drug-library profile ---------------------------------------------- */

/* "" (the library's default) or a profile id, from the row's choice. */
static void
profile_selected (SpPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->profile_row);

  if (selected == GTK_INVALID_LIST_POSITION
      || selected > sp_drug_library_get_n_profiles (self->drugs))
    return;

  g_settings_set_string (self->settings, "drug-profile",
                         selected == 0 ? ""
                                       : sp_drug_profile_get_id (sp_drug_library_get_nth_profile (self->drugs,
                                                                                                  selected - 1)));
}

/* "Library default (NAME)", then every profile of the library; the one the
 * "drug-profile" key names chosen. */
static void
setup_profile_row (SpPreferencesWindow *self,
                   SpSiteData          *site_data)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *configured = g_settings_get_string (self->settings, "drug-profile");
  g_autofree char *first = NULL;
  const char *message = sp_site_data_get_profile_message (site_data);
  guint selected = 0;

  /* Translators: the first choice of the drug-library profile: "Library
   * default (Adult ICU - 250 mL bags (ASHP S4S))" */
  first = g_strdup_printf (_("Library default (%s)"),
                           sp_drug_profile_get_name (sp_drug_library_get_default_profile (self->drugs)));
  gtk_string_list_append (names, first);
  for (guint i = 0; i < sp_drug_library_get_n_profiles (self->drugs); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (self->drugs, i);

      gtk_string_list_append (names, sp_drug_profile_get_name (profile));
      if (g_strcmp0 (configured, sp_drug_profile_get_id (profile)) == 0)
        selected = i + 1;
    }

  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->profile_row, selected);
  /* the row's subtitle is the profile chosen, whole; what it means above it */
  adw_preferences_group_set_description (self->drug_library_group,
                                         message != NULL && selected == 0
                                         ? message
                                         : _("The care area new cases start in: its drugs, "
                                             "concentrations and limits. A case can be moved to "
                                             "another profile in its infusions panel."));
  g_signal_connect_swapped (self->profile_row, "notify::selected",
                            G_CALLBACK (profile_selected), self);
}

/* --- default concentrations and dose units -------------------------------- */

static void
concentration_selected (AdwComboRow         *row,
                        GParamSpec          *pspec,
                        SpPreferencesWindow *self)
{
  const SpDrug *drug = g_object_get_data (G_OBJECT (row), "sp-drug");
  guint selected = adw_combo_row_get_selected (row);
  const SpStandardConcentration *std;

  if (selected >= sp_drug_get_n_concentrations (drug))
    return;

  std = sp_drug_get_concentration (drug, selected);
  sp_settings_set_default_concentration (self->settings, drug,
                                         std->is_default ? NULL : &std->conc);
}

static void
dose_unit_selected (AdwComboRow         *row,
                    GParamSpec          *pspec,
                    SpPreferencesWindow *self)
{
  const SpDrug *drug = g_object_get_data (G_OBJECT (row), "sp-drug");
  guint selected = adw_combo_row_get_selected (row);

  if (selected >= sp_drug_get_n_dose_units (drug))
    return;

  /* The first unit is the library's default. */
  sp_settings_set_default_dose_unit (self->settings, drug,
                                     selected == 0 ? NULL
                                                   : &sp_drug_get_dose_limits (drug, selected)->unit);
}

static GtkWidget *
combo_row_new (const SpDrug *drug,
               GtkStringList *model,
               guint          selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkListItemFactory) list_factory = sp_string_item_factory_new (TRUE);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sp_drug_get_display_name (drug));
  /* The choice in full under the drug's name, not ellipsized beside it. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  /* the list: each choice whole ("16 mg/250 mL (64 mc…" before) */
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), list_factory);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "sp-drug", (gpointer) drug);
  return row;
}

static void
add_drug_rows (SpPreferencesWindow *self)
{
  guint n_unit_rows = 0;

  for (guint i = 0; i < sp_drug_library_get_n_drugs (self->drugs); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (self->drugs, i);
      const SpStandardConcentration *preferred;
      g_autoptr(GtkStringList) concentrations = gtk_string_list_new (NULL);
      guint selected = 0;
      SpDoseUnit unit;
      GtkWidget *row;

      preferred = sp_settings_get_default_concentration (self->settings, drug);
      if (preferred == NULL)
        preferred = sp_drug_get_default_concentration (drug);

      for (guint c = 0; c < sp_drug_get_n_concentrations (drug); c++)
        {
          const SpStandardConcentration *std = sp_drug_get_concentration (drug, c);
          /* "16 mg/250 mL (64 mcg/mL)", as the cards and the sheets write it */
          g_autofree char *conc = sp_drug_format_concentration_with_strength (drug, &std->conc,
                                                                             SP_NUMBER_LOCALE);
          g_autofree char *label = std->is_default
            /* Translators: a concentration choice: "4 mg/250 mL (16 mcg/mL), library default" */
            ? g_strdup_printf (_("%s, library default"), conc)
            : g_strdup (conc);
          gtk_string_list_append (concentrations, label);
          if (std == preferred)
            selected = c;
        }

      row = combo_row_new (drug, concentrations, selected);
      g_signal_connect (row, "notify::selected", G_CALLBACK (concentration_selected), self);
      adw_preferences_group_add (self->concentrations_group, row);

      if (sp_drug_get_n_dose_units (drug) < 2)
        continue;

      {
        g_autoptr(GtkStringList) units = gtk_string_list_new (NULL);
        gboolean has_unit = sp_settings_get_default_dose_unit (self->settings, drug, &unit);

        selected = 0;
        for (guint u = 0; u < sp_drug_get_n_dose_units (drug); u++)
          {
            SpDoseUnit this_unit = sp_drug_get_dose_limits (drug, u)->unit;
            const char *text = sp_dose_unit_get_label (this_unit);

            if (u == 0)
              {
                /* Translators: a dose unit choice: "mcg/kg/min, library default" */
                g_autofree char *label = g_strdup_printf (_("%s, library default"), text);

                gtk_string_list_append (units, label);
              }
            else
              {
                gtk_string_list_append (units, text);
              }
            if (has_unit && sp_dose_unit_equal (unit, this_unit))
              selected = u;
          }

        row = combo_row_new (drug, units, selected);
        g_signal_connect (row, "notify::selected", G_CALLBACK (dose_unit_selected), self);
        adw_preferences_group_add (self->units_group, row);
        n_unit_rows++;
      }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->units_group), n_unit_rows > 0);
}

/* --- site files ----------------------------------------------------------- */

static const char *
kind_title (SpSiteKind kind)
{
  return kind == SP_SITE_PROTOCOL ? _("Site Protocol") : _("Site Drug Library");
}

static void
site_row_update (SpPreferencesWindow *self,
                 SiteRow             *site)
{
  g_autofree char *path = g_settings_get_string (self->settings, site->key);
  g_autofree char *subtitle = NULL;

  if (path[0] != '\0')
    {
      subtitle = g_strdup (path);
    }
  else
    {
      g_autofree char *found = sp_site_find (site->kind, NULL, NULL);

      if (found != NULL)
        /* Translators: no file chosen in the preferences; %s is the site file
         * found in /etc/shockpath or $XDG_DATA_DIRS */
        subtitle = g_strdup_printf (_("None chosen here; found %s"), found);
      else if (site->kind == SP_SITE_PROTOCOL)
        subtitle = g_strdup (_("None: the shipped protocol is used"));
      else
        subtitle = g_strdup (_("None: the shipped drug library is used"));
    }

  adw_action_row_set_subtitle (site->path_row, subtitle);
  gtk_widget_set_sensitive (site->clear_button, path[0] != '\0');
}

/* Loads the file that would be used for @site (the chosen one, else the one
 * found in the system directories) and shows what it is or what is wrong. */
static void
site_row_validate (SpPreferencesWindow *self,
                   SiteRow             *site)
{
  g_autofree char *configured = g_settings_get_string (self->settings, site->key);
  SpSiteLookup lookup = { configured, NULL, NULL };
  g_autofree char *path = sp_site_find (site->kind, &lookup, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *subtitle;
  const char *icon;
  gboolean valid = FALSE;

  if (path == NULL)
    {
      text = g_strdup (site->kind == SP_SITE_PROTOCOL
                       ? _("No site protocol: the shipped protocol is used.")
                       : _("No site drug library: the shipped drug library is used."));
      valid = TRUE;
    }
  else if (!g_path_is_absolute (path))
    {
      /* Translators: "drugs.xml: the path is not absolute" */
      text = g_strdup_printf (_("%s: the path is not absolute"), path);
    }
  else if (site->kind == SP_SITE_PROTOCOL)
    {
      g_autoptr(SpProtocol) protocol = sp_protocol_new_from_file (path, &error);

      if (protocol != NULL)
        text = sp_format_data_file (sp_protocol_get_name (protocol),
                                    sp_protocol_get_version (protocol), path);
      valid = protocol != NULL;
    }
  else
    {
      g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_from_file (path, &error);

      if (drugs != NULL)
        text = sp_format_data_file (sp_drug_library_get_name (drugs),
                                    sp_drug_library_get_version (drugs), path);
      valid = drugs != NULL;
    }

  if (text == NULL)
    /* The loader's "file:line: what is wrong". */
    text = g_strdup (error->message);

  g_free (site->validation);
  site->validation = g_steal_pointer (&text);

  if (path == NULL)
    {
      subtitle = "";
      icon = "dialog-information-symbolic";
    }
  else
    {
      /* Translators: the outcome of validating a site file */
      subtitle = valid ? _("Valid") : _("Refused");
      icon = valid ? "emblem-ok-symbolic" : "dialog-error-symbolic";
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (site->result_row), site->validation);
  adw_action_row_set_subtitle (site->result_row, subtitle);
  gtk_image_set_from_icon_name (site->result_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (site->result_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (site->result_icon), "success");
  if (path != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (site->result_icon), valid ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (site->result_row), TRUE);
}

static void
site_file_chosen (GtkWindow  *parent,
                  GFile      *file,
                  const char *choice,
                  gpointer    user_data)
{
  SpPreferencesWindow *self = SP_PREFERENCES_WINDOW (parent);
  SiteRow *site = user_data;
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    {
      g_settings_set_string (self->settings, site->key, path);
      site_row_update (self, site);
      site_row_validate (self, site);
    }
}

static void
site_choose_clicked (GtkButton *button,
                     SiteRow   *site)
{
  SpPreferencesWindow *self = SP_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  const SpFileType types[] = {
    { _("XML files"), ".xml", "application/xml" },
  };
  SpFileRequest request = {
    .mode = SP_FILE_CHOOSER_OPEN,
    .title = site->kind == SP_SITE_PROTOCOL ? _("Choose a Site Protocol")
                                            : _("Choose a Site Drug Library"),
    .accept_label = _("_Choose"),
    .types = types,
    .n_types = G_N_ELEMENTS (types),
  };

  /* @site lives in @self, which the chooser keeps alive. */
  sp_file_chooser_run (GTK_WINDOW (self), &request, site_file_chosen, site, NULL);
}

static void
site_clear_clicked (GtkButton *button,
                    SiteRow   *site)
{
  SpPreferencesWindow *self = SP_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));

  g_settings_set_string (self->settings, site->key, "");
  site_row_update (self, site);
  gtk_widget_set_visible (GTK_WIDGET (site->result_row), FALSE);
  g_clear_pointer (&site->validation, g_free);
}

static void
site_validate_clicked (GtkButton *button,
                       SiteRow   *site)
{
  site_row_validate (SP_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), site);
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
add_site_rows (SpPreferencesWindow *self,
               SiteRow             *site,
               SpSiteKind           kind)
{
  GtkWidget *choose;
  GtkWidget *validate;
  GtkWidget *icon;

  site->kind = kind;
  site->key = kind == SP_SITE_PROTOCOL ? "site-protocol" : "site-drug-library";

  site->path_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (site->path_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (site->path_row), kind_title (kind));
  adw_action_row_set_subtitle_lines (site->path_row, 0);

  choose = icon_button_new ("document-open-symbolic",
                            kind == SP_SITE_PROTOCOL ? _("Choose a site protocol file")
                                                     : _("Choose a site drug library file"));
  g_signal_connect (choose, "clicked", G_CALLBACK (site_choose_clicked), site);
  adw_action_row_add_suffix (site->path_row, choose);
  adw_action_row_set_activatable_widget (site->path_row, choose);

  site->clear_button = icon_button_new ("edit-clear-symbolic",
                                        kind == SP_SITE_PROTOCOL
                                        ? _("Use no protocol file chosen here")
                                        : _("Use no drug library file chosen here"));
  g_signal_connect (site->clear_button, "clicked", G_CALLBACK (site_clear_clicked), site);
  adw_action_row_add_suffix (site->path_row, site->clear_button);

  /* The same width in both rows; the accessible name says which. */
  validate = gtk_button_new_with_mnemonic (_("_Validate"));
  gtk_widget_set_valign (validate, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (validate, _("Check the file that would be used, as ShockPath reads it"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (validate),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == SP_SITE_PROTOCOL ? _("Validate the site protocol")
                                                           : _("Validate the site drug library"),
                                  -1);
  g_signal_connect (validate, "clicked", G_CALLBACK (site_validate_clicked), site);
  adw_action_row_add_suffix (site->path_row, validate);

  /* The validation result, shown once there is one. */
  site->result_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (site->result_row), FALSE);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (site->result_row), TRUE);
  adw_action_row_set_title_lines (site->result_row, 0);
  icon = gtk_image_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kind_title (kind), -1);
  site->result_icon = GTK_IMAGE (icon);
  adw_action_row_add_prefix (site->result_row, icon);
  gtk_widget_set_visible (GTK_WIDGET (site->result_row), FALSE);

  adw_preferences_group_add (self->site_group, GTK_WIDGET (site->path_row));
  adw_preferences_group_add (self->site_group, GTK_WIDGET (site->result_row));
  site_row_update (self, site);
}

/* "Shipped with ShockPath" or "Site file: /etc/shockpath/drugs.xml", and a
 * refused site file. */
static void
set_in_use (AdwActionRow       *row,
            const char         *title,
            const SpSiteStatus *status)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  if (status == NULL)
    return;

  if (status->origin == SP_SITE_ORIGIN_SHIPPED)
    g_string_append (subtitle, _("Shipped with ShockPath"));
  else
    /* Translators: where the drug library or protocol in use comes from */
    g_string_append_printf (subtitle, _("Site file: %s"), status->path);

  if (status->refused_message != NULL)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: a site file that could not be used: "Refused: FILE:LINE: reason" */
      g_string_append_printf (subtitle, _("Refused: %s"), status->refused_message);
    }

  adw_action_row_set_subtitle (row, subtitle->str);
}

/* --- the window ------------------------------------------------------------ */

const char *
sp_preferences_window_get_validation (SpPreferencesWindow *self,
                                      SpSiteKind           kind)
{
  g_return_val_if_fail (SP_IS_PREFERENCES_WINDOW (self), NULL);

  return self->site[kind == SP_SITE_PROTOCOL ? 1 : 0].validation;
}

static void
sp_preferences_window_dispose (GObject *object)
{
  SpPreferencesWindow *self = SP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->drugs);
  for (guint i = 0; i < N_SITE_KINDS; i++)
    g_clear_pointer (&self->site[i].validation, g_free);

  G_OBJECT_CLASS (sp_preferences_window_parent_class)->dispose (object);
}

static void
sp_preferences_window_class_init (SpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, drug_library_group);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, profile_row);
  gtk_widget_class_install_action (widget_class, "prefs.print-library-report", NULL,
                                   sp_preferences_window_action_report);
  gtk_widget_class_install_action (widget_class, "prefs.export-library-report", NULL,
                                   sp_preferences_window_action_report);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, paper_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, concentrations_group);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, units_group);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, drugs_in_use_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, protocol_in_use_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, site_group);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, reduced_motion_switch);
}

static void
sp_preferences_window_init (SpPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SpPreferencesWindow *
sp_preferences_window_new (GtkWindow  *parent,
                           GSettings  *settings,
                           SpSiteData *site_data)
{
  SpPreferencesWindow *self;
  SpDrugLibrary *drugs;
  SpProtocol *protocol;
  g_autofree char *drugs_title = NULL;
  g_autofree char *protocol_title = NULL;
  g_autofree char *library = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (SP_IS_SITE_DATA (site_data), NULL);

  drugs = sp_site_data_get_drug_library (site_data);
  protocol = sp_site_data_get_protocol (site_data);

  self = g_object_new (SP_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  self->drugs = g_object_ref (drugs);

  /* Drug library */
  setup_profile_row (self, site_data);
  /* the report is printed by the window the preferences belong to */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.print-library-report",
                                 parent != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.export-library-report",
                                 parent != NULL);

  /* Printing */
  adw_combo_row_set_selected (self->paper_row,
                              sp_settings_get_paper (settings) == SP_PAPER_LETTER ? 1 : 0);
  g_signal_connect_swapped (self->paper_row, "notify::selected",
                            G_CALLBACK (paper_selected), self);

  /* Defaults per drug */
  add_drug_rows (self);

  /* Site files */
  /* Translators: "Drug library: ShockPath default drug library, version 2.0,
   * profile “Adult ICU - 250 mL bags (ASHP S4S)”" */
  library = sp_drug_library_describe (drugs);
  drugs_title = g_strdup_printf (_("Drug library: %s"), library);
  /* Translators: "Protocol: Inotropes and vasopressors in cardiogenic shock, version 1.0" */
  protocol_title = g_strdup_printf (_("Protocol: %s, version %s"),
                                    sp_protocol_get_name (protocol), sp_protocol_get_version (protocol));
  set_in_use (self->drugs_in_use_row, drugs_title,
              sp_site_data_get_status (site_data, SP_SITE_DRUG_LIBRARY));
  set_in_use (self->protocol_in_use_row, protocol_title,
              sp_site_data_get_status (site_data, SP_SITE_PROTOCOL));
  add_site_rows (self, &self->site[0], SP_SITE_DRUG_LIBRARY);
  add_site_rows (self, &self->site[1], SP_SITE_PROTOCOL);

  /* Presentation */
  g_settings_bind (settings, "reduced-motion", self->reduced_motion_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}
