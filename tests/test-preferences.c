/* test-preferences.c: settings, site files and the preferences window (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSETTINGS_BACKEND=memory with this build's compiled schema
 * (GSETTINGS_SCHEMA_DIR, tests/meson.build): every test sets the keys it
 * needs and resets them at the end. The site files set through
 * "site-drug-library" come before anything in /etc/shockpath, so a machine's
 * own site files do not change these outcomes.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sp-application.h"
#include "sp-dose-panel.h"
#include "sp-infusion-card.h"
#include "sp-preferences-window.h"
#include "sp-print-operation.h"
#include "sp-settings.h"
#include "sp-window.h"
#include "sp-test-gtk.h"

static char *tmp_dir;

/* The first preferences row of @type titled @title that comes after @after
 * (NULL: from the start), in widget order. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title,
          GtkWidget **after)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    {
      if (*after == NULL)
        return root;
      if (*after == root)
        *after = NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title, after);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first toplevel of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type))
        return GTK_WINDOW (item);
    }
  return NULL;
}

/* The first toplevel of @type, once there is one. */
static GtkWindow *
wait_toplevel (GType type)
{
  GtkWindow *toplevel;

  wait_for ((toplevel = find_toplevel (type)) != NULL);
  return toplevel;
}

static GSettings *
settings_new (void)
{
  return g_settings_new (APP_ID);
}

/* The shipped drug library with norepinephrine's hard limit "three" on the
 * line stored in *out_line, written to a file; returns its path. */
static char *
write_broken_library (int *out_line)
{
  g_autofree char *src = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "drugs.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "broken-drugs.xml", NULL);
  const char *at;

  g_file_get_contents (src, &contents, NULL, &error);
  g_assert_no_error (error);
  at = strstr (contents, "hard-max=\"3\"");
  g_assert_nonnull (at);
  *out_line = 1;
  for (const char *p = contents; p < at; p++)
    *out_line += *p == '\n';
  broken = g_strdup_printf ("%.*shard-max=\"three\"%s", (int) (at - contents), contents,
                            at + strlen ("hard-max=\"3\""));
  g_file_set_contents (path, broken, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* --- tests ----------------------------------------------------------------- */

/* A broken site drug library: the bar at the top names the file, the line and
 * the problem; the shipped library is in use; the About window says both;
 * Dismiss hides the bar. */
static void
test_site_refused (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  int line = 0;
  g_autofree char *path = write_broken_library (&line);
  g_autofree char *line_text = g_strdup_printf ("Line %d: ", line);
  SpWindow *window;
  SpDrugLibrary *drugs;
  GtkWidget *bar, *revealer, *label;
  GtkWindow *about;
  const char *text;

  g_settings_set_string (settings, "site-drug-library", path);
  window = test_window_show (0, 0);

  drugs = sp_case_get_drug_library (sp_window_get_case (window));
  g_assert_true (sp_drug_library_is_default (drugs));
  g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, "ShockPath default drug library");

  bar = find_by_name (GTK_WIDGET (window), "site-error-bar");
  g_assert_nonnull (bar);
  revealer = gtk_widget_get_parent (bar);
  g_assert_true (GTK_IS_REVEALER (revealer));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  label = find_by_type (bar, GTK_TYPE_LABEL);
  text = gtk_label_get_text (GTK_LABEL (label));
  g_assert_nonnull (strstr (text, "The site drug library was refused"));
  g_assert_nonnull (strstr (text, path));
  g_assert_nonnull (strstr (text, line_text));
  g_assert_nonnull (strstr (text, "three"));

  sp_window_show_about (window);
  about = wait_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (about), "In use: shipped with ShockPath."));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (about), path));
  gtk_window_destroy (about);
  wait_for (find_toplevel (ADW_TYPE_ABOUT_WINDOW) == NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-site-error", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  destroy_window (GTK_WINDOW (window));
  g_settings_reset (settings, "site-drug-library");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* A good site library: used, no bar, and the About window names its file. */
static void
test_site_used (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *src = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "drugs.xml", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "site-drugs.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *in_use = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) site = NULL;
  SpWindow *window;
  SpDrugLibrary *drugs;
  GtkWidget *bar;
  GtkWindow *about;

  g_file_get_contents (src, &contents, NULL, &error);
  g_assert_no_error (error);
  site = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (site, "<name>ShockPath default drug library</name>",
                                      "<name>Ward 5 drug library</name>", 1), ==, 1);
  g_file_set_contents (path, site->str, -1, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "site-drug-library", path);
  window = test_window_show (0, 0);
  drugs = sp_case_get_drug_library (sp_window_get_case (window));
  g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, "Ward 5 drug library");
  bar = find_by_name (GTK_WIDGET (window), "site-error-bar");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (bar))));

  sp_window_show_about (window);
  about = wait_toplevel (ADW_TYPE_ABOUT_WINDOW);
  in_use = g_strdup_printf ("In use: the site file %s.", path);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (about), in_use));
  gtk_window_destroy (about);

  destroy_window (GTK_WINDOW (window));
  g_settings_reset (settings, "site-drug-library");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The default concentration and dose unit in GSettings make a new infusion
 * card start with them. Norepinephrine 10 mcg/min at 16 mg/250 mL
 * (64 mcg/mL): 10 * 60 / 64 = 600 / 64 = 9.375 mL/h, shown as 9.4. */
static void
test_default_concentration (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  const char *concentrations[][2] = { { "norepinephrine", "16 mg/250 mL" },
                                      { "dobutamine", "8 mg/100 mL" } };   /* not standard */
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const SpConcentration *conc;
  SpWindow *window;
  SpCase *sp_case;
  SpInfusion *infusion;
  GtkWidget *panel;

  for (guint i = 0; i < G_N_ELEMENTS (concentrations); i++)
    g_variant_builder_add (&builder, "{ss}", concentrations[i][0], concentrations[i][1]);
  g_settings_set_value (settings, "default-concentrations", g_variant_builder_end (&builder));
  g_settings_set_value (settings, "default-dose-units",
                        g_variant_new_parsed ("{'norepinephrine': 'mcg/min'}"));

  window = test_window_show (0, 0);
  sp_case = sp_window_get_case (window);
  panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "dobutamine"));

  infusion = sp_case_find_infusion (sp_case, "norepinephrine");
  g_assert_nonnull (infusion);
  conc = sp_infusion_get_concentration (infusion);
  g_assert_cmpfloat (conc->amount, ==, 16);
  g_assert_cmpint (conc->amount_unit, ==, SP_AMOUNT_MG);
  g_assert_cmpfloat (conc->volume_ml, ==, 250);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "mcg/min");
  g_assert_true (sp_infusion_set_dose (infusion, 10, NULL));
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (infusion), 9.375, 1e-9);

  /* A concentration the library does not have is ignored: its default,
   * 1000 mg/250 mL. */
  infusion = sp_case_find_infusion (sp_case, "dobutamine");
  g_assert_nonnull (infusion);
  g_assert_cmpfloat (sp_infusion_get_concentration (infusion)->amount, ==, 1000);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "mcg/kg/min");

  destroy_window (GTK_WINDOW (window));
  g_settings_reset (settings, "default-concentrations");
  g_settings_reset (settings, "default-dose-units");
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The preferences window, opened with its action: its rows write the keys;
 * "Validate" names the problem of a broken site file with its line. (The
 * app.preferences action and Ctrl+comma call sp_window_show_preferences.) */
static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GVariant) map = NULL;
  int line = 0;
  g_autofree char *path = write_broken_library (&line);
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;
  SpDrugLibrary *drugs;
  const SpDrug *norepinephrine;
  SpWindow *window;
  GtkWindow *preferences;
  GtkWidget *row, *after = NULL, *button;
  const char *validation;

  window = test_window_show (0, 0);
  drugs = sp_case_get_drug_library (sp_window_get_case (window));
  norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");

  sp_window_show_preferences (window);
  preferences = wait_toplevel (SP_TYPE_PREFERENCES_WINDOW);
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (preferences)));

  /* Paper */
  row = find_row (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW, "_Paper Size", &after);
  g_assert_nonnull (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  text = g_settings_get_string (settings, "paper-size");
  g_assert_cmpstr (text, ==, "letter");
  g_clear_pointer (&text, g_free);

  /* Norepinephrine's concentration row comes first, its dose unit row second;
   * the third concentration is 16 mg/250 mL, the first the library default. */
  row = find_row (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW,
                  sp_drug_get_display_name (norepinephrine), &after);
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  map = g_settings_get_value (settings, "default-concentrations");
  g_assert_true (g_variant_lookup (map, "norepinephrine", "s", &text));
  g_assert_cmpstr (text, ==, "16 mg/250 mL");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&map, g_variant_unref);
  g_assert_nonnull (sp_settings_get_default_concentration (settings, norepinephrine));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  g_assert_null (sp_settings_get_default_concentration (settings, norepinephrine));
  /* Its list, opened: each choice whole, never "16 mg/250 mL (64 mc…" */
  {
    GtkWidget *popover, *label;

    adw_action_row_activate (ADW_ACTION_ROW (row));
    popover = find_by_type (row, GTK_TYPE_POPOVER);
    g_assert_nonnull (popover);
    wait_for (gtk_widget_get_mapped (popover) &&
              find_label_containing (popover, "16 mg/250 mL (64 mcg/mL)") != NULL);
    label = find_label_containing (popover, "16 mg/250 mL (64 mcg/mL)");
    g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
    g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  after = row;
  row = find_row (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW,
                  sp_drug_get_display_name (norepinephrine), &after);
  g_assert_nonnull (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  map = g_settings_get_value (settings, "default-dose-units");
  g_assert_true (g_variant_lookup (map, "norepinephrine", "s", &text));
  g_assert_cmpstr (text, ==, "mcg/min");
  g_clear_pointer (&text, g_free);

  /* Site files: a broken one, validated */
  g_settings_set_string (settings, "site-drug-library", path);
  after = NULL;
  row = find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Site Drug Library", &after);
  g_assert_nonnull (row);
  button = find_by_type (row, GTK_TYPE_BUTTON);
  while (button != NULL && gtk_button_get_label (GTK_BUTTON (button)) == NULL)
    button = gtk_widget_get_next_sibling (button);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Validate");
  g_signal_emit_by_name (button, "clicked");
  validation = sp_preferences_window_get_validation (SP_PREFERENCES_WINDOW (preferences),
                                                     SP_SITE_DRUG_LIBRARY);
  where = g_strdup_printf ("%s:%d: ", path, line);
  g_assert_nonnull (validation);
  g_assert_true (g_str_has_prefix (validation, where));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (preferences), where));

  /* The drug library report: printed or saved by the window the
   * preferences belong to (sp_window_export_library_report () is tested
   * with the window); both buttons work, through the window's actions. */
  after = NULL;
  row = find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Drug Library Report", &after);
  g_assert_nonnull (row);
  {
    guint n_buttons = 0;

    for (button = find_by_type (row, GTK_TYPE_BUTTON); button != NULL;
         button = gtk_widget_get_next_sibling (button))
      {
        const char *action;

        if (!GTK_IS_BUTTON (button))
          continue;
        action = gtk_actionable_get_action_name (GTK_ACTIONABLE (button));
        g_assert_true (g_str_has_prefix (action, "prefs.") &&
                       g_str_has_suffix (action, "library-report"));
        g_assert_true (gtk_widget_is_sensitive (button));
        n_buttons++;
      }
    g_assert_cmpuint (n_buttons, ==, 2);
  }

  gtk_window_destroy (preferences);
  destroy_window (GTK_WINDOW (window));
  g_settings_reset (settings, "paper-size");
  g_settings_reset (settings, "default-concentrations");
  g_settings_reset (settings, "default-dose-units");
  g_settings_reset (settings, "site-drug-library");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The application owns the data: loaded at startup, loaded again when the
 * preferences choose another site file, handed to the windows it opens
 * next; a window keeps its own. The printer last confirmed in one window is
 * every window's. */
static void
test_application (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintSettings) printer = gtk_print_settings_new ();
  g_autoptr(SpSiteData) before = NULL;
  int line = 0;
  g_autofree char *path = write_broken_library (&line);
  const SpSiteStatus *status;
  SpWindow *first, *second, *third;
  SpSiteData *after;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  before = g_object_ref (sp_application_get_site_data (app));
  g_assert_nonnull (before);
  g_assert_null (sp_site_data_get_status (before, SP_SITE_DRUG_LIBRARY)->refused_path);
  first = sp_window_new (GTK_APPLICATION (app), before);

  g_settings_set_string (settings, "site-drug-library", path);
  after = sp_application_get_site_data (app);
  g_assert_true (after != before);
  status = sp_site_data_get_status (after, SP_SITE_DRUG_LIBRARY);
  g_assert_cmpstr (status->refused_path, ==, path);
  g_assert_cmpint (status->refused_line, ==, line);
  g_assert_true (sp_window_get_site_data (first) == before);

  second = sp_window_new (GTK_APPLICATION (app), after);
  g_assert_null (sp_window_get_print_settings (second));
  sp_window_set_print_settings (first, printer);
  g_assert_true (sp_window_get_print_settings (second) == printer);
  /* A window opened afterwards prints there too. */
  third = sp_window_new (GTK_APPLICATION (app), after);
  g_assert_true (sp_window_get_print_settings (third) == printer);

  gtk_window_destroy (GTK_WINDOW (first));
  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (third));
  spin (50);
  g_settings_reset (settings, "site-drug-library");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The window comes back at its saved size and saves it on close. */
static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  SpWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  window = test_window_show (0, 0);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 750);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));   /* no changes: closes at once */
  wait_for (window == NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 750);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The page setup confirmed in a print dialog is the next one's default, on
 * the paper of the preferences. */
static void
test_page_setup (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GtkPageSetup) chosen = gtk_page_setup_new ();
  g_autoptr(GtkPageSetup) loaded = NULL;
  GtkPaperSize *a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPaperSize *legal = gtk_paper_size_new (GTK_PAPER_NAME_LEGAL);

  g_settings_set_string (settings, "paper-size", "letter");
  loaded = sp_print_operation_load_page_setup (settings);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (loaded)), ==,
                   GTK_PAPER_NAME_LETTER);
  g_clear_object (&loaded);

  /* A4 landscape with a 30 mm top margin chosen: A4 becomes the preference. */
  gtk_page_setup_set_paper_size_and_default_margins (chosen, a4);
  gtk_page_setup_set_orientation (chosen, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_page_setup_set_top_margin (chosen, 30, GTK_UNIT_MM);
  sp_print_operation_save_page_setup (settings, chosen);
  g_assert_cmpint (sp_settings_get_paper (settings), ==, SP_PAPER_A4);
  loaded = sp_print_operation_load_page_setup (settings);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (loaded)), ==,
                   GTK_PAPER_NAME_A4);
  g_assert_cmpint (gtk_page_setup_get_orientation (loaded), ==, GTK_PAGE_ORIENTATION_LANDSCAPE);
  g_assert_cmpfloat_with_epsilon (gtk_page_setup_get_top_margin (loaded, GTK_UNIT_MM), 30, 1e-6);
  g_clear_object (&loaded);

  /* Legal prints once; the preference stays A4. */
  gtk_page_setup_set_paper_size (chosen, legal);
  sp_print_operation_save_page_setup (settings, chosen);
  g_assert_cmpint (sp_settings_get_paper (settings), ==, SP_PAPER_A4);

  gtk_paper_size_free (a4);
  gtk_paper_size_free (legal);
  g_settings_reset (settings, "paper-size");
  g_settings_reset (settings, "page-setup");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  test_gtk_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("test-preferences-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/preferences/site-refused", test_site_refused);
  g_test_add_func ("/preferences/site-used", test_site_used);
  g_test_add_func ("/preferences/default-concentration", test_default_concentration);
  g_test_add_func ("/preferences/window", test_preferences_window);
  g_test_add_func ("/preferences/window-size", test_window_size);
  g_test_add_func ("/preferences/application", test_application);
  g_test_add_func ("/preferences/page-setup", test_page_setup);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
