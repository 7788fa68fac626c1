/* sp-dose-panel.c: one card per infusion of the case, and "add drug"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is bound to the case's infusions (a GListModel of SpInfusion); the
 * "Add Drug" menu offers the drug library's drugs that have no infusion yet.
 * A new infusion takes the default concentration and dose unit of the
 * settings (when given and the drug library accepts them), else the
 * library's.
 *
 * The case's drug-library profile is chosen at the top: the drugs offered,
 * the concentrations and the limits are that profile's (the panel follows
 * the case's "drug-library"). Choosing another moves the case there
 * (sp_case_set_profile ()); when the case refuses (a running infusion the
 * profile does not take) the selector goes back and the panel says why;
 * nothing in the case changes. A peripheral-line profile's note is shown
 * under the selector.
 */
#define G_LOG_DOMAIN "sp-dose-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-dose-panel.h"
#include "sp-infusion-card.h"
#include "sp-settings.h"
#include "sp-widget-util.h"

struct _SpDosePanel
{
  SpCaseWidget    parent_instance;

  GSignalGroup   *infusion_signals;   /* follow the case's infusions */
  GSettings      *settings;     /* may be NULL: the library's defaults */

  gboolean        syncing;      /* the panel itself sets the profile selector */

  GtkMenuButton  *add_button;
  GtkDropDown    *profile_dropdown;
  GtkLabel       *line_note_label;
  GtkLabel       *profile_message;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (SpDosePanel, sp_dose_panel, SP_TYPE_CASE_WIDGET)

static GtkWidget *
sp_dose_panel_create_card (gpointer item,
                           gpointer user_data)
{
  SpDosePanel *self = user_data;
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                              sp_infusion_card_new (sp_case, SP_INFUSION (item)));
  return row;
}

/* The number of drugs of the library without an infusion in the case; with
 * @menu, each of them also as an item of @menu. */
static guint
sp_dose_panel_list_free_drugs (SpDosePanel *self,
                               GMenu       *menu)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpDrugLibrary *drugs;
  guint n_free = 0;

  if (sp_case == NULL)
    return 0;

  drugs = sp_case_get_drug_library (sp_case);
  for (guint i = 0; i < sp_drug_library_get_n_drugs (drugs); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (drugs, i);

      if (sp_case_find_infusion (sp_case, sp_drug_get_id (drug)) != NULL)
        continue;

      n_free++;
      if (menu != NULL)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (sp_drug_get_display_name (drug), NULL);

          g_menu_item_set_action_and_target (item, "dose-panel.add", "s", sp_drug_get_id (drug));
          g_menu_append_item (menu, item);
        }
    }
  return n_free;
}

/* The "Add Drug" menu is made each time it opens, from the case as it is
 * then; between openings only the button's sensitivity follows the case. */
static void
sp_dose_panel_create_add_menu (GtkMenuButton *button,
                               gpointer       data)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  sp_dose_panel_list_free_drugs (SP_DOSE_PANEL (data), menu);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* "Add Drug" is sensitive while a drug of the library has no infusion. */
static void
sp_dose_panel_update_add_button (SpDosePanel *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            sp_dose_panel_list_free_drugs (self, NULL) > 0);
}

/* --- the profile ----------------------------------------------------------- */

static void
sp_dose_panel_show_profile_message (SpDosePanel *self,
                                    const char  *message)
{
  gtk_label_set_text (self->profile_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->profile_message), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->profile_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
}

/* The selector shows the case's profile, and its line note. */
static void
sp_dose_panel_sync_profile (SpDosePanel *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  const SpDrugProfile *profile;
  SpDrugLibrary *drugs;
  const char *note = NULL;
  guint index = GTK_INVALID_LIST_POSITION;

  if (sp_case == NULL)
    return;

  drugs = sp_case_get_drug_library (sp_case);
  profile = sp_drug_library_get_profile (drugs);
  for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
    if (sp_drug_library_get_nth_profile (drugs, i) == profile)
      index = i;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->profile_dropdown, index);
  self->syncing = FALSE;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->profile_dropdown),
                               profile != NULL ? sp_drug_profile_get_name (profile) : NULL);

  if (profile != NULL && sp_drug_profile_get_line (profile) == SP_PROFILE_LINE_PERIPHERAL)
    note = sp_drug_profile_get_line_note (profile);
  gtk_label_set_text (self->line_note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->line_note_label), note != NULL);
}

/* The case moved to another profile (the selector, a load, a new case). */
static void
sp_dose_panel_drug_library_changed (SpDosePanel *self)
{
  sp_dose_panel_show_profile_message (self, NULL);
  sp_dose_panel_sync_profile (self);
  sp_dose_panel_update_add_button (self);
}

/* One item per profile of the case's library, by name. */
static void
sp_dose_panel_fill_profiles (SpDosePanel *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (sp_case != NULL)
    {
      SpDrugLibrary *drugs = sp_case_get_drug_library (sp_case);

      for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
        gtk_string_list_append (names,
                                sp_drug_profile_get_name (sp_drug_library_get_nth_profile (drugs, i)));
    }

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->profile_dropdown, G_LIST_MODEL (names));
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_dropdown), sp_case != NULL);
  sp_dose_panel_show_profile_message (self, NULL);
  sp_dose_panel_sync_profile (self);
}

/* The user chose a profile: the case moves there, or says why not and the
 * selector goes back. */
static void
on_profile_selected (SpDosePanel *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  guint selected = gtk_drop_down_get_selected (self->profile_dropdown);
  g_autoptr(GError) error = NULL;
  const SpDrugProfile *profile;
  SpDrugLibrary *drugs;

  if (self->syncing || sp_case == NULL)
    return;

  drugs = sp_case_get_drug_library (sp_case);
  if (selected >= sp_drug_library_get_n_profiles (drugs))
    return;
  profile = sp_drug_library_get_nth_profile (drugs, selected);
  if (profile == sp_drug_library_get_profile (drugs))
    return;

  if (!sp_case_set_profile (sp_case, sp_drug_profile_get_id (profile), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: the case stays in its profile: "Not moved to “Adult ICU -
       * 250 mL bags (ASHP S4S)”: <the drug library's reason>" */
      message = g_strdup_printf (_("Not moved to “%s”: %s"),
                                 sp_drug_profile_get_name (profile), error->message);
      sp_dose_panel_sync_profile (self);
      sp_dose_panel_show_profile_message (self, message);
    }
}

/* --- infusions ------------------------------------------------------------- */

static void
sp_dose_panel_add (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpDosePanel *self = SP_DOSE_PANEL (widget);
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  const char *drug_id = g_variant_get_string (parameter, NULL);
  const SpStandardConcentration *std = NULL;
  const SpDrug *drug;
  g_autoptr(GError) error = NULL;
  SpInfusion *infusion;
  SpDoseUnit unit;
  gboolean has_unit = FALSE;

  if (sp_case == NULL)
    return;

  drug = sp_drug_library_lookup (sp_case_get_drug_library (sp_case), drug_id);
  if (drug != NULL && self->settings != NULL)
    {
      std = sp_settings_get_default_concentration (self->settings, drug);
      has_unit = sp_settings_get_default_dose_unit (self->settings, drug, &unit);
    }

  infusion = sp_case_add_infusion (sp_case, drug_id, std != NULL ? &std->conc : NULL,
                                   &error);
  /* Before any dose is entered: the unit change clears nothing. */
  if (infusion != NULL && has_unit)
    sp_infusion_set_dose_unit (infusion, unit);

  if (infusion != NULL)
    {
      /* The list box made the new card at once (bound to the model): the
       * keyboard goes on in its dose entry. */
      SpInfusionCard *card = sp_dose_panel_get_card (self, infusion);

      if (card != NULL)
        sp_infusion_card_focus_dose (card);
    }
  else
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Could not add the infusion"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

void
sp_dose_panel_open_add_menu (SpDosePanel *self)
{
  g_return_if_fail (SP_IS_DOSE_PANEL (self));

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->add_button)))
    gtk_menu_button_popup (self->add_button);
}

SpInfusionCard *
sp_dose_panel_get_card (SpDosePanel *self,
                        SpInfusion  *infusion)
{
  g_return_val_if_fail (SP_IS_DOSE_PANEL (self), NULL);
  g_return_val_if_fail (SP_IS_INFUSION (infusion), NULL);

  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, 0); row != NULL;
       row = gtk_list_box_get_row_at_index (self->list_box, gtk_list_box_row_get_index (row) + 1))
    {
      GtkWidget *card = gtk_list_box_row_get_child (row);

      if (SP_IS_INFUSION_CARD (card)
          && sp_infusion_card_get_infusion (SP_INFUSION_CARD (card)) == infusion)
        return SP_INFUSION_CARD (card);
    }
  return NULL;
}

void
sp_dose_panel_set_settings (SpDosePanel *self,
                            GSettings   *settings)
{
  g_return_if_fail (SP_IS_DOSE_PANEL (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}

static void
sp_dose_panel_case_changed (SpCaseWidget *widget,
                            SpCase       *old_case)
{
  SpDosePanel *self = SP_DOSE_PANEL (widget);
  SpCase *sp_case = sp_case_widget_get_case (widget);

  /* Unbind before the old case goes: the cards hold it. */
  gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  if (sp_case != NULL)
    gtk_list_box_bind_model (self->list_box, sp_case_get_infusions (sp_case),
                             sp_dose_panel_create_card, self, NULL);
  g_signal_group_set_target (self->infusion_signals,
                             sp_case != NULL ? sp_case_get_infusions (sp_case) : NULL);
  sp_dose_panel_fill_profiles (self);
  sp_dose_panel_update_add_button (self);
}

static void
sp_dose_panel_dispose (GObject *object)
{
  SpDosePanel *self = SP_DOSE_PANEL (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_DOSE_PANEL);
  sp_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->infusion_signals);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_dose_panel_parent_class)->dispose (object);
}

static void
sp_dose_panel_class_init (SpDosePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpCaseWidgetClass *case_widget_class = SP_CASE_WIDGET_CLASS (klass);

  object_class->dispose = sp_dose_panel_dispose;
  case_widget_class->case_changed = sp_dose_panel_case_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-dose-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, add_button);
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, profile_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, line_note_label);
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, profile_message);
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, list_box);
  gtk_widget_class_install_action (widget_class, "dose-panel.add", "s", sp_dose_panel_add);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "spdosepanel");
}

static void
sp_dose_panel_init (SpDosePanel *self)
{
  GtkWidget *placeholder;
  /* The selector's list: each name whole, wrapped. Its button: the name's
   * end, which tells the profiles apart ("…50-mL-Spritzen (UK ICS,
   * Europa)"; ellipsized at its end, German bags and syringes read alike,
   * "Erwachsenen-Intensivstation - 250-…"), the whole name in its tooltip.
   * A wrapped name overflowed the button in GTK 4.8, arrow and all. */
  g_autoptr(GtkListItemFactory) factory = sp_string_item_factory_new (FALSE);
  g_autoptr(GtkListItemFactory) list_factory = sp_string_item_factory_new (TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->add_button, sp_dose_panel_create_add_menu,
                                         self, NULL);
  sp_menu_button_hide_tooltip_while_open (self->add_button);
  sp_drop_down_hide_tooltip_while_open (self->profile_dropdown);
  sp_drop_down_set_accessible_label (self->profile_dropdown,
                                     _("Drug-library profile of the case"));

  gtk_drop_down_set_factory (self->profile_dropdown, factory);
  gtk_drop_down_set_list_factory (self->profile_dropdown, list_factory);
  g_signal_connect_object (self->profile_dropdown, "notify::selected",
                           G_CALLBACK (on_profile_selected), self, G_CONNECT_SWAPPED);
  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::drug-library",
                         G_CALLBACK (sp_dose_panel_drug_library_changed));

  self->infusion_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->infusion_signals, "items-changed",
                                  G_CALLBACK (sp_dose_panel_update_add_button), self);

  placeholder = gtk_label_new (_("No infusion. Add a drug to convert its dose to a pump rate."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list_box, placeholder);
}
