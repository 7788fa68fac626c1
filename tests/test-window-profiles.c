/* test-window-profiles.c: drug-library profiles in the window, used as a
 * user uses them: the profile chosen in the dose panel's selector, a salt
 * typed into the concentration entry, a dose in mg/h, the case saved; a
 * move the case refuses; the site's profile (the "drug-profile" key) for
 * new cases, and the preferences row that sets it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (the display suite), GSETTINGS_BACKEND=memory: every test
 * resets the keys it sets. Any GTK warning or critical fails the test.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sp-dose-panel.h"
#include "sp-infusion-card.h"
#include "sp-preferences-window.h"
#include "sp-test-files.h"
#include "sp-test-gtk.h"
#include "sp-window.h"

#define BAGS "Adult ICU - 250 mL bags (ASHP S4S)"
#define SYRINGES "Adult ICU - 50 mL syringes (UK ICS, Europe)"
#define PERIPHERAL "Peripheral line - dilute"

/* The widget of that CSS class under @root, which must be there. */
static GtkWidget *
get_by_class (GtkWidget  *root,
              const char *css_class)
{
  GtkWidget *found = find_by_class (root, css_class);

  g_assert_nonnull (found);
  return found;
}

/* What Enter does in an entry: its GtkText emits "activate". */
static void
enter_text (GtkWidget  *entry,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
}

static GtkWidget *
dose_panel (SpWindow *window)
{
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);

  g_assert_nonnull (panel);
  return panel;
}

static GtkDropDown *
profile_dropdown (SpWindow *window)
{
  return GTK_DROP_DOWN (get_by_class (dose_panel (window), "sp-profile-dropdown"));
}

/* The position of the item @text in @dropdown's string list; fails when
 * there is none. */
static guint
item_position (GtkDropDown *dropdown,
               const char  *text,
               gboolean     whole)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *string = gtk_string_object_get_string (item);

      if (whole ? strcmp (string, text) == 0 : strstr (string, text) != NULL)
        return i;
    }
  g_assert_not_reached ();
  return GTK_INVALID_LIST_POSITION;
}

/* What choosing @text in the drop-down's list does. */
static void
choose (GtkDropDown *dropdown,
        const char  *text,
        gboolean     whole)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dropdown)));
  gtk_drop_down_set_selected (dropdown, item_position (dropdown, text, whole));
  run_pending ();
}

static const char *
selected_text (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* Adds @drug_id from the "Add Drug" menu (its items' action); returns the
 * new card. */
static GtkWidget *
add_drug (SpWindow   *window,
          const char *drug_id)
{
  GtkWidget *card;

  g_assert_true (gtk_widget_activate_action (dose_panel (window), "dose-panel.add", "s", drug_id));
  wait_for ((card = find_card (GTK_WIDGET (window), drug_id)) != NULL);
  return card;
}

/* The drug ids the "Add Drug" menu offers when it opens, joined with spaces
 * (the menu is made as it opens, from the case as it is then). */
static char *
offered_drugs (SpWindow *window)
{
  GtkMenuButton *add = GTK_MENU_BUTTON (find_by_type (dose_panel (window), GTK_TYPE_MENU_BUTTON));
  GMenuModel *menu;
  GString *out = g_string_new (NULL);

  if (!gtk_widget_is_sensitive (GTK_WIDGET (add)))
    return g_string_free (out, FALSE);
  gtk_menu_button_popup (add);
  menu = gtk_menu_button_get_menu_model (add);
  gtk_menu_button_popdown (add);

  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_variant_get_string (target, NULL));
    }
  return g_string_free (out, FALSE);
}

static const char *
case_profile_id (SpWindow *window)
{
  SpDrugLibrary *drugs = sp_case_get_drug_library (sp_window_get_case (window));

  return sp_drug_profile_get_id (sp_drug_library_get_profile (drugs));
}

/* A copy of the shipped example @name in a new temporary folder. */
static char *
copy_example (const char  *name,
              char       **out_dir)
{
  g_autofree char *src = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                           name, NULL);
  g_autofree char *contents = read_text (src);
  g_autoptr(GError) error = NULL;
  char *path;

  *out_dir = make_tmp_dir ();
  path = g_build_filename (*out_dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_salt_in_syringes (void)
{
  SpWindow *window = test_window_show (1280, 800);
  g_autofree char *dir = NULL;
  g_autofree char *path = copy_example ("example-step2.xml", &dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;
  g_autofree char *offered = NULL;
  GtkWidget *card, *conc_entry, *dose, *result, *message, *weight;
  GtkDropDown *profiles, *concs;
  SpInfusion *infusion;
  SpCase *sp_case;
  double rate;

  /* The example names no profile: the library's default, the bags. */
  g_assert_true (sp_window_open_file (window, file));
  sp_case = sp_window_get_case (window);
  profiles = profile_dropdown (window);
  g_assert_cmpstr (case_profile_id (window), ==, "us-icu-bags");
  g_assert_cmpstr (selected_text (profiles), ==, BAGS);
  /* the selector's button shows the name's end, where the profiles differ
   * (ellipsized at its end, the German bag and syringe profiles read alike
   * but for "250-" and "50-"), and the whole name in its tooltip */
  {
    GtkWidget *shown = find_label_containing (GTK_WIDGET (profiles), BAGS);

    g_assert_nonnull (shown);
    g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (shown)), ==, PANGO_ELLIPSIZE_START);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (profiles)), ==, BAGS);
  }

  weight = find_by_name (GTK_WIDGET (window), "field-weight");
  enter_text (weight, "70");

  /* The running dobutamine (1000 mg/250 mL) is taken in the syringes too. */
  choose (profiles, SYRINGES, TRUE);
  g_assert_cmpstr (case_profile_id (window), ==, "eu-icu-syringes");
  g_assert_cmpstr (selected_text (profiles), ==, SYRINGES);
  g_assert_nonnull (sp_case_find_infusion (sp_case, "dobutamine"));
  /* the longer name within the button, its arrow shown: wrapped, it was
   * laid out on one line 333 pixels wide in a button of 304, and cut off */
  {
    GtkWidget *shown = find_label_containing (GTK_WIDGET (profiles), SYRINGES);
    graphene_rect_t bounds;

    wait_frames (GTK_WIDGET (window), 2);
    g_assert_nonnull (shown);
    g_assert_true (gtk_widget_compute_bounds (shown, GTK_WIDGET (profiles), &bounds));
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (profiles)));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (profiles)), ==, SYRINGES);
  }
  offered = offered_drugs (window);
  g_assert_cmpstr (offered, ==, "norepinephrine dopamine vasopressin levosimendan epinephrine milrinone");

  card = add_drug (window, "norepinephrine");
  infusion = sp_infusion_card_get_infusion (SP_INFUSION_CARD (card));
  concs = GTK_DROP_DOWN (get_by_class (card, "sp-conc-dropdown"));
  conc_entry = get_by_class (card, "sp-conc-entry");
  dose = get_by_class (card, "sp-dose-entry");
  result = get_by_class (card, "sp-result");

  /* "Other (type it)" stays chosen (issue 16: it snapped back), and the
   * entry takes a concentration written in the salt. */
  g_assert_false (gtk_widget_get_visible (conc_entry));
  choose (concs, "Other (type it)", TRUE);
  g_assert_cmpstr (selected_text (concs), ==, "Other (type it)");
  g_assert_true (gtk_widget_get_visible (conc_entry));
  gtk_editable_set_text (GTK_EDITABLE (conc_entry), "24 mg tartrate/48 mL");
  run_pending ();
  g_assert_cmpstr (selected_text (concs), ==, "Other (type it)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (conc_entry)), ==, "24 mg tartrate/48 mL");
  /* 24 mg tartrate x 0.5 = 12 mg base in 48 mL = 250 mcg/mL. */
  g_assert_cmpstr (sp_infusion_get_concentration (infusion)->salt, ==, "tartrate");
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_concentration (infusion)->amount, 12, 1e-9);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_concentration (infusion)->salt_amount, 24, 1e-9);

  /* 0.1 mcg/kg/min x 70 kg x 60 min/h = 420 mcg/h; / 250 mcg/mL = 1.68 mL/h,
   * shown to 0.1 mL/h: 1.7. */
  enter_text (dose, "0.1");
  rate = sp_infusion_get_rate (infusion);
  g_assert_cmpfloat_with_epsilon (rate, 1.68, 1e-9);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result)), ==,
                   "1.7 mL/h at 24 mg tartrate (12 mg base)/48 mL (250 mcg/mL)");

  /* Saved with the profile and the salt as written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  wait_for (!sp_case_get_modified (sp_case));
  saved = read_text (path);
  g_assert_nonnull (strstr (saved, "drug-profile=\"eu-icu-syringes\""));
  g_assert_nonnull (strstr (saved, "salt=\"tartrate\""));
  g_assert_nonnull (strstr (saved, "salt-amount=\"24\""));

  /* Back to the bags: 250 mcg/mL is not taken there (4-64 mcg/mL). Refused,
   * said with the profile's name; the selector goes back, and the case, the
   * card and a dose typed but not applied are as they were. */
  gtk_editable_set_text (GTK_EDITABLE (dose), "0.12");
  choose (profiles, BAGS, TRUE);
  g_assert_cmpstr (selected_text (profiles), ==, SYRINGES);
  g_assert_cmpstr (case_profile_id (window), ==, "eu-icu-syringes");
  message = find_by_name (dose_panel (window), "profile-message");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (message)),
                                   "Not moved to “" BAGS "”: "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "250 mcg/mL"));
  g_assert_true (find_card (GTK_WIDGET (window), "norepinephrine") == card);
  g_assert_true (sp_case_find_infusion (sp_case, "norepinephrine") == infusion);
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
  g_assert_cmpfloat (sp_infusion_get_rate (infusion), ==, rate);
  g_assert_cmpstr (sp_infusion_get_concentration (infusion)->salt, ==, "tartrate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dose)), ==, "0.12");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (conc_entry)), ==, "24 mg tartrate/48 mL");
  g_assert_false (sp_case_get_modified (sp_case));

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_mg_per_hour (void)
{
  SpWindow *window = test_window_show (1280, 800);
  GtkWidget *card, *dose, *result;
  GtkDropDown *concs, *units;
  SpInfusion *infusion;
  GListModel *unit_items;

  choose (profile_dropdown (window), SYRINGES, TRUE);
  card = add_drug (window, "norepinephrine");
  infusion = sp_infusion_card_get_infusion (SP_INFUSION_CARD (card));
  concs = GTK_DROP_DOWN (get_by_class (card, "sp-conc-dropdown"));
  units = GTK_DROP_DOWN (get_by_class (card, "sp-unit-dropdown"));
  dose = get_by_class (card, "sp-dose-entry");
  result = get_by_class (card, "sp-result");

  /* Every unit of the drug is offered. */
  unit_items = gtk_drop_down_get_model (units);
  g_assert_cmpuint (g_list_model_get_n_items (unit_items), ==,
                    sp_drug_get_n_dose_units (sp_infusion_get_drug (infusion)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (units)));

  choose (concs, "4 mg/50 mL", FALSE);
  choose (units, "mg/h", TRUE);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "mg/h");

  /* 0.3 mg/h = 300 mcg/h; 4 mg/50 mL = 80 mcg/mL; 300 / 80 = 3.75 mL/h
   * (no weight needed), shown to 0.1 mL/h: 3.8. */
  enter_text (dose, "0.3");
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (infusion), 3.75, 1e-9);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (result)), "mL/h at 4 mg/50 mL (80 mcg/mL)"));

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The peripheral profile: its line note, and only its drugs offered. */
static void
test_peripheral (void)
{
  SpWindow *window = test_window_show (1280, 800);
  g_autofree char *offered = NULL;
  GtkWidget *note = find_by_name (dose_panel (window), "profile-line-note");

  g_assert_false (gtk_widget_get_visible (note));
  choose (profile_dropdown (window), PERIPHERAL, TRUE);
  g_assert_cmpstr (case_profile_id (window), ==, "peripheral");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                   sp_drug_profile_get_line_note (sp_drug_library_get_profile (
                     sp_case_get_drug_library (sp_window_get_case (window)))));
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (note))), >, 0);
  /* No epinephrine in the peripheral profile. */
  offered = offered_drugs (window);
  g_assert_cmpstr (offered, ==, "norepinephrine dobutamine dopamine vasopressin levosimendan milrinone");

  choose (profile_dropdown (window), BAGS, TRUE);
  g_assert_false (gtk_widget_get_visible (note));

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The site's profile: new windows and new cases are in it; an unknown id is
 * said in the window's site bar, and the library's default is used. */
static void
test_site_profile (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SpWindow *window;
  GtkWidget *site_label;
  SpSiteData *site_data;
  SpCase *first;

  g_settings_set_string (settings, "drug-profile", "eu-icu-syringes");
  window = test_window_show (1280, 800);
  g_assert_cmpstr (case_profile_id (window), ==, "eu-icu-syringes");
  g_assert_cmpstr (selected_text (profile_dropdown (window)), ==, SYRINGES);

  /* The setting changes: the case open keeps its profile, the next new
   * case is in the new one. */
  first = sp_window_get_case (window);
  site_data = sp_window_get_site_data (window);
  g_settings_set_string (settings, "drug-profile", "peripheral");
  wait_for (sp_window_get_site_data (window) != site_data);
  g_assert_cmpstr (case_profile_id (window), ==, "eu-icu-syringes");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  wait_for (g_strcmp0 (case_profile_id (window), "peripheral") == 0);
  g_assert_true (sp_window_get_case (window) != first);
  g_assert_false (sp_case_get_modified (sp_window_get_case (window)));
  g_assert_cmpstr (selected_text (profile_dropdown (window)), ==, PERIPHERAL);
  /* The views show the new case: a drug added there gets a card. */
  add_drug (window, "dopamine");
  destroy_window (GTK_WINDOW (window));

  /* An id the library does not have: the default, and the bar says so. */
  g_settings_set_string (settings, "drug-profile", "icu-nowhere");
  window = test_window_show (1280, 800);
  g_assert_cmpstr (case_profile_id (window), ==, "us-icu-bags");
  site_label = find_label_containing (GTK_WIDGET (window), "icu-nowhere");
  g_assert_nonnull (site_label);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (site_label,
                                                                                       GTK_TYPE_REVEALER))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (site_label)),
                            "New cases use the library’s default profile, “" BAGS "”."));
  destroy_window (GTK_WINDOW (window));

  g_settings_reset (settings, "drug-profile");
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The preferences row writes the key: "Library default (NAME)" first. */
static void
test_preferences_row (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SpWindow *window = test_window_show (1280, 800);
  SpPreferencesWindow *preferences;
  AdwComboRow *row;
  GListModel *items;
  g_autoptr(GtkStringObject) first = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *cleared = NULL;

  preferences = sp_preferences_window_new (GTK_WINDOW (window), settings,
                                           sp_window_get_site_data (window));
  gtk_window_present (GTK_WINDOW (preferences));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (preferences)));

  /* The first row of the first page. */
  row = ADW_COMBO_ROW (find_by_type (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Drug-library _profile");
  items = adw_combo_row_get_model (row);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 4);
  first = g_list_model_get_item (items, 0);
  g_assert_cmpstr (gtk_string_object_get_string (first), ==, "Library default (" BAGS ")");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  /* the choice is the row's subtitle, whole (beside the arrow it was cut:
   * "Standard der Bibliot…"); what the row means is the group's text */
  g_assert_true (adw_combo_row_get_use_subtitle (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Library default (" BAGS ")");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (preferences),
                                           "The care area new cases start in"));

  adw_combo_row_set_selected (row, 2);
  chosen = g_settings_get_string (settings, "drug-profile");
  g_assert_cmpstr (chosen, ==, "eu-icu-syringes");
  adw_combo_row_set_selected (row, 0);
  cleared = g_settings_get_string (settings, "drug-profile");
  g_assert_cmpstr (cleared, ==, "");

  destroy_window (GTK_WINDOW (preferences));
  destroy_window (GTK_WINDOW (window));
  g_settings_reset (settings, "drug-profile");
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_gtk_init (&argc, &argv);

  g_test_add_func ("/window/profiles/salt-in-syringes", test_salt_in_syringes);
  g_test_add_func ("/window/profiles/mg-per-hour", test_mg_per_hour);
  g_test_add_func ("/window/profiles/peripheral", test_peripheral);
  g_test_add_func ("/window/profiles/site-profile", test_site_profile);
  g_test_add_func ("/window/profiles/preferences", test_preferences_row);

  {
    int status = g_test_run ();

    g_assert_cmpuint (n_bad_logs, ==, 0);
    return status;
  }
}
