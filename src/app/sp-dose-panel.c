/* sp-dose-panel.c: one card per infusion of the case, and "add drug"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is bound to the case's infusions (a GListModel of SpInfusion); the
 * "Add Drug" menu offers the drug library's drugs that have no infusion yet.
 * A new infusion takes the default concentration and dose unit of the
 * settings (when given and the drug library accepts them), else the
 * library's.
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

  GtkMenuButton  *add_button;
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

static void
sp_dose_panel_update_menu (SpDosePanel *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  g_autoptr(GMenu) menu = g_menu_new ();
  SpDrugLibrary *drugs;
  guint n_free = 0;

  if (sp_case == NULL)
    {
      gtk_menu_button_set_menu_model (self->add_button, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
      return;
    }

  drugs = sp_case_get_drug_library (sp_case);
  for (guint i = 0; i < sp_drug_library_get_n_drugs (drugs); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (drugs, i);
      g_autoptr(GMenuItem) item = NULL;

      if (sp_case_find_infusion (sp_case, sp_drug_get_id (drug)) != NULL)
        continue;

      item = g_menu_item_new (sp_drug_get_display_name (drug), NULL);
      g_menu_item_set_action_and_target (item, "dose-panel.add", "s", sp_drug_get_id (drug));
      g_menu_append_item (menu, item);
      n_free++;
    }

  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n_free > 0);
}

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

  if (infusion == NULL)
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
  sp_dose_panel_update_menu (self);
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
  gtk_widget_class_bind_template_child (widget_class, SpDosePanel, list_box);
  gtk_widget_class_install_action (widget_class, "dose-panel.add", "s", sp_dose_panel_add);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "spdosepanel");
}

static void
sp_dose_panel_init (SpDosePanel *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->infusion_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->infusion_signals, "items-changed",
                                  G_CALLBACK (sp_dose_panel_update_menu), self);

  placeholder = gtk_label_new (_("No infusion. Add a drug to convert its dose to a pump rate."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list_box, placeholder);
}
