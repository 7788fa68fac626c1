/* test-window-keyboard.c: the window's layout and keyboard use (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real widgets, as a keyboard user meets them (issue 16):
 * - the adaptive layout: at 1024x768 the dose panel moves aside (its AdwFlap
 *   folds) and the flowchart keeps its readable width; at 1280x800 nothing
 *   folds; at 1.5x text the widths grow with the text, so the form and the
 *   dose panel move aside instead of breaking words and labels;
 * - one Tab stop per form field: Tab from Weight reaches the next field's
 *   entry in one press; the details pane's text is not a Tab stop;
 * - F6 / Shift+F6 cycle the panes (form, flowchart, details, dose panel),
 *   showing a pane that was moved aside; Escape puts it aside again;
 * - Ctrl+D (win.add-drug) opens "Add Drug", and the drug chosen there gets
 *   a card with the keyboard focus in its dose entry; after win.new the
 *   focus is in the first field at once;
 * - "5 mcg/min" typed in a norepinephrine card in mcg/kg/min is offered as a
 *   switch of unit, never switched silently;
 * - the dose-change question names the new pump rate in mL/h;
 * - the shortcuts window lists F6 and Ctrl+D.
 * Tab, Shift+Tab and F6 are "pressed" through the bindings GTK would run
 * (press_shortcut ()); no fixed sleeps.
 *
 * Large text under Xvfb: GTK 4.8 on X11 takes gtk-xft-dpi from an XSETTINGS
 * manager (a desktop's "Large Text" is Xft/DPI 147456 there). Without one,
 * measured under Xvfb: $XDG_CONFIG_HOME/gtk-4.0/settings.ini, GDK_DPI_SCALE,
 * Xft.dpi in the root window's RESOURCE_MANAGER and Xvfb -dpi all leave it at
 * 98304 (96 dpi). So the tests set GtkSettings:gtk-xft-dpi to 96 x 1024 x
 * 1.5 in the process, which is what the XSETTINGS change does.
 */
#include "config.h"

#include <adwaita.h>

#include "sp-alerts-view.h"
#include "sp-dose-panel.h"
#include "sp-flowchart.h"
#include "sp-infusion-card.h"
#include "sp-patient-form.h"
#include "sp-window.h"
#include "sp-test-keys.h"
#include "sp-test-gtk.h"

static SpWindow *
new_window (int width,
            int height)
{
  SpWindow *window = test_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  /* without a window manager the window keeps a 5-pixel frame inside */
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (window))
            && gtk_widget_get_width (GTK_WIDGET (window)) >= width - 10);
  wait_frames (GTK_WIDGET (window), 1);
  return window;
}

/* The widget with the keyboard focus, or the entry whose text it is. */
static GtkWidget *
focus_widget (SpWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (GTK_IS_TEXT (focus) && GTK_IS_ENTRY (gtk_widget_get_parent (focus)))
    return gtk_widget_get_parent (focus);
  return focus;
}

static gboolean
focus_is_in (SpWindow  *window,
             GtkWidget *pane)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == pane || gtk_widget_is_ancestor (focus, pane));
}

/* The two AdwFlaps: the form's (start) and the dose panel's (end). */
static AdwFlap *
flap_of (GtkWidget *pane)
{
  GtkWidget *w = pane;

  while (w != NULL && !ADW_IS_FLAP (w))
    w = gtk_widget_get_parent (w);
  return ADW_FLAP (w);
}

static GtkWidget *
form_pane (SpWindow *window)
{
  return gtk_widget_get_ancestor (find_by_type (GTK_WIDGET (window), SP_TYPE_PATIENT_FORM),
                                  GTK_TYPE_SCROLLED_WINDOW);
}

/* The details pane: the Assessment / Timeline switcher and its stack. */
static GtkWidget *
details_pane (SpWindow *window)
{
  return gtk_widget_get_parent (find_by_type (GTK_WIDGET (window), GTK_TYPE_STACK_SWITCHER));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  return dialog;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (find_message_dialog () != dialog);
}

/* What Enter does in an entry: its GtkText emits "activate". */
static void
enter_text (GtkWidget  *entry,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
}

/* --- layout ---------------------------------------------------------------- */

/* At 1024x768 the flowchart keeps 560 px (the centre's width-request at 1x
 * text) by the dose panel moving aside: 360 (form) + 300 (dose panel) +
 * 560 = 1220 > 1014, while 360 + 560 = 920 fits. At 1280x800 all three fit
 * (1220 <= 1270). At 1.5x text the widths are 540 + 450 + 840 = 1830: at
 * 1280 the dose panel moves aside, and 540 + 840 = 1380 > 1270 moves the
 * form aside too; so at 1024x768. */
static void
check_layout (int      width,
              int      height,
              double   text_scale,
              gboolean form_folded,
              gboolean dose_folded)
{
  GtkSettings *settings = gtk_settings_get_default ();
  SpWindow *window;
  GtkWidget *flowchart, *form, *panel;
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * text_scale), NULL);
  window = new_window (width, height);
  flowchart = find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART);
  form = form_pane (window);
  panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);

  g_test_message ("%dx%d, text x%.1f: form %s (%d px), flowchart %d px, dose panel %s (%d px)",
                  width, height, text_scale,
                  adw_flap_get_folded (flap_of (form)) ? "aside" : "shown",
                  gtk_widget_get_width (form), gtk_widget_get_width (flowchart),
                  adw_flap_get_folded (flap_of (panel)) ? "aside" : "shown",
                  gtk_widget_get_width (panel));
  g_assert_cmpint (adw_flap_get_folded (flap_of (form)), ==, form_folded);
  g_assert_cmpint (adw_flap_get_folded (flap_of (panel)), ==, dose_folded);
  g_assert_cmpint (gtk_widget_get_width (flowchart), >=, (int) (560 * text_scale));
  /* A folded flap starts hidden; the header has a button for it. */
  if (dose_folded)
    g_assert_false (adw_flap_get_reveal_flap (flap_of (panel)));
  /* The form, when shown, is wide enough for its labels at this scale. */
  if (!form_folded)
    g_assert_cmpint (gtk_widget_get_width (form), >=, (int) (360 * text_scale));

  destroy_window (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_layout (void)
{
  check_layout (1024, 768, 1.0, FALSE, TRUE);
  check_layout (1280, 800, 1.0, FALSE, FALSE);
  check_layout (1280, 800, 1.5, TRUE, TRUE);
  check_layout (1024, 768, 1.5, TRUE, TRUE);
}

/* A larger interface font (gtk-font-name 16.5 pt, 1.5 x the 11 pt default)
 * is larger text as GNOME's Large Text is: at 1280x800 both panes move
 * aside, and the form, shown, is 360 x 1.5 = 540 px wide, so that its
 * labels never break into columns of letters. */
static void
test_layout_font_size (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  SpWindow *window;
  GtkWidget *form, *panel;
  int width = 0;

  g_object_get (settings, "gtk-font-name", &font, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 16.5", NULL);
  window = new_window (1280, 800);
  form = form_pane (window);
  panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  g_assert_true (adw_flap_get_folded (flap_of (form)));
  g_assert_true (adw_flap_get_folded (flap_of (panel)));
  gtk_widget_get_size_request (form, &width, NULL);
  g_assert_cmpint (width, >=, 540);

  destroy_window (GTK_WINDOW (window));
  g_object_set (settings, "gtk-font-name", font, NULL);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The flowchart's text grows with the text scale at the same window size
 * (1280x1000: test.sh's Xvfb screen is 1280x1024). */
static void
test_flowchart_text_scale (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  SpWindow *window;
  SpFlowchart *flowchart;
  double px[2];
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * (i == 0 ? 1.0 : 1.5)), NULL);
      window = new_window (1280, 1000);
      flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
      wait_drawn (flowchart, sp_window_get_case (window));
      px[i] = sp_flowchart_get_text_size (flowchart);
      destroy_window (GTK_WINDOW (window));
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  g_test_message ("flowchart text: %.1f px at 1x, %.1f px at 1.5x", px[0], px[1]);
  g_assert_cmpfloat (px[1], >, px[0]);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* A larger interface font (gtk-font-name 16.5 pt, 1.5 x the 11 pt default)
 * makes the flowchart's text larger as Large Text does, in the open window:
 * its smallest text 11 x 1.5 = 16.5 px (at 1280 x 1000 the chart cannot
 * keep it; it draws compact, as at 1.5x Large Text: 15 px). */
static void
test_flowchart_font_size (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  SpWindow *window;
  SpFlowchart *flowchart;
  double before;

  g_object_get (settings, "gtk-font-name", &font, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 11", NULL);
  window = new_window (1280, 1000);
  flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  wait_drawn (flowchart, sp_window_get_case (window));
  wait_for (sp_flowchart_get_text_size (flowchart) > 0);
  before = sp_flowchart_get_text_size (flowchart);
  g_assert_cmpfloat (sp_flowchart_get_min_text_size (flowchart), ==, 11.0);

  g_object_set (settings, "gtk-font-name", "Sans 16.5", NULL);
  g_assert_cmpfloat_with_epsilon (sp_flowchart_get_min_text_size (flowchart), 16.5, 1e-9);
  wait_for (sp_flowchart_get_text_size (flowchart) > before);
  g_test_message ("flowchart text: %.1f px at 11 pt, %.1f px at 16.5 pt", before,
                  sp_flowchart_get_text_size (flowchart));
  g_assert_cmpfloat (sp_flowchart_get_text_size (flowchart), >=, 1.3 * before);

  destroy_window (GTK_WINDOW (window));
  g_object_set (settings, "gtk-font-name", font, NULL);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* Opening each shipped case in turn, at 1024x768 and 1280x800, and at 1.5x
 * text: no two labels of the details pane (why, criteria, alerts,
 * actions, notes, monitoring, evidence) are drawn over each other, and no
 * line of them breaks inside a quantity. */
static void
test_details_no_overlap (void)
{
  static const struct { int width, height; double scale; } sizes[] = {
    { 1024, 768, 1.0 }, { 1280, 800, 1.0 }, { 1024, 768, 1.5 }, { 1280, 1000, 1.5 },
  };
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *dir_path = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                                NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int dpi;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, >=, 10);

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      SpWindow *window;
      GtkWidget *view;

      g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * sizes[s].scale), NULL);
      window = new_window (sizes[s].width, sizes[s].height);
      view = find_by_type (GTK_WIDGET (window), SP_TYPE_ALERTS_VIEW);
      g_assert_nonnull (view);

      for (guint c = 0; c < names->len; c++)
        {
          g_autofree char *path = g_build_filename (dir_path, names->pdata[c], NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autofree char *where = NULL;
          SpFlowchart *flowchart;

          g_assert_true (sp_window_open_file (window, file));
          flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
          wait_drawn (flowchart, sp_window_get_case (window));
          wait_frames (GTK_WIDGET (window), 2);

          where = g_strdup_printf ("%s at %dx%d, text x%.1f", (const char *) names->pdata[c],
                                   sizes[s].width, sizes[s].height, sizes[s].scale);
          g_assert_cmpuint (assert_labels_apart (view, where), >, 3);
          assert_quantities_unbroken (view, where);
        }
      destroy_window (GTK_WINDOW (window));
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* --- keyboard --------------------------------------------------------------- */

static void
press (SpWindow        *window,
       guint            keyval,
       GdkModifierType  modifiers)
{
  press_shortcut (GTK_WIDGET (window), keyval, modifiers, GTK_PHASE_BUBBLE);
}

/* One Tab from Weight lands in the next field's entry (Systolic BP): the
 * rows take no focus of their own. Tab and Shift+Tab are GtkWindow's
 * bindings (move-focus). */
static void
test_tab_order (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *weight = find_by_name (GTK_WIDGET (window), "field-weight");
  GtkWidget *next;

  g_assert_true (GTK_IS_ENTRY (weight));
  gtk_widget_grab_focus (weight);
  g_assert_true (focus_widget (window) == weight);

  press (window, GDK_KEY_Tab, 0);
  next = focus_widget (window);
  g_assert_true (GTK_IS_ENTRY (next));
  g_assert_cmpstr (gtk_widget_get_name (next), ==, "field-sbp");
  press (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_widget (window) == weight);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The keyboard starts in Weight, the form's first field (it started on the
 * header's Open button, where Return opened a file dialog); with the form
 * moved aside (1.5x text at 1280x800), in the flowchart, never in a hidden
 * pane. */
static void
test_initial_focus (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  SpWindow *window = new_window (1280, 800);
  int dpi;

  g_assert_true (focus_widget (window) == find_by_name (GTK_WIDGET (window), "field-weight"));
  destroy_window (GTK_WINDOW (window));

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.5), NULL);
  window = new_window (1280, 800);
  g_assert_true (adw_flap_get_folded (flap_of (form_pane (window))));
  g_assert_true (focus_widget (window)
                 == find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  destroy_window (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* F6 as the window's capture-phase shortcut: the flowchart and the details
 * sit in a GtkPaned, whose own F6 binding (bubble phase, below the window)
 * would otherwise take the key whenever the focus is in one of them. */
static void
press_f6 (SpWindow        *window,
          GdkModifierType  modifiers)
{
  g_assert_nonnull (gtk_widget_get_ancestor (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART),
                                             GTK_TYPE_PANED));
  press_shortcut (GTK_WIDGET (window), GDK_KEY_F6, modifiers, GTK_PHASE_CAPTURE);
}

/* F6 from the form: flowchart, details, dose panel, form; Shift+F6 back.
 * At 1024x768 the dose panel is aside: F6 shows it and moves into it. */
static void
test_f6 (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *flowchart = find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *details = details_pane (window);
  GtkWidget *form = form_pane (window);

  gtk_widget_grab_focus (find_by_name (GTK_WIDGET (window), "field-weight"));
  press_f6 (window, 0);
  g_assert_true (gtk_widget_has_focus (flowchart));
  press_f6 (window, 0);
  g_assert_true (focus_is_in (window, details));
  press_f6 (window, 0);
  g_assert_true (focus_is_in (window, panel));
  press_f6 (window, 0);
  g_assert_true (focus_is_in (window, form));
  press_f6 (window, GDK_SHIFT_MASK);
  g_assert_true (focus_is_in (window, panel));
  destroy_window (GTK_WINDOW (window));

  window = new_window (1024, 768);
  panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  g_assert_true (adw_flap_get_folded (flap_of (panel)));
  gtk_widget_grab_focus (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  press_f6 (window, 0);
  press_f6 (window, 0);
  g_assert_true (adw_flap_get_reveal_flap (flap_of (panel)));
  wait_for (focus_is_in (window, panel));
  /* Escape puts it aside again, the focus back on the flowchart. */
  press (window, GDK_KEY_Escape, 0);
  g_assert_false (adw_flap_get_reveal_flap (flap_of (panel)));
  g_assert_true (gtk_widget_has_focus (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART)));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* Ctrl+D: the "Add Drug" menu opens; the drug chosen there (its menu item's
 * action) gets a card whose dose entry has the focus. At 1024x768 the dose
 * panel is shown first. */
static void
test_add_drug (void)
{
  SpWindow *window = new_window (1024, 768);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *add_button = find_by_type (panel, GTK_TYPE_MENU_BUTTON);
  GtkPopover *menu;
  GtkWidget *card;

  g_assert_nonnull (add_button);
  menu = gtk_menu_button_get_popover (GTK_MENU_BUTTON (add_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-drug", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap_of (panel)));
  wait_for ((menu = gtk_menu_button_get_popover (GTK_MENU_BUTTON (add_button))) != NULL
            && gtk_widget_get_visible (GTK_WIDGET (menu)));

  /* What the menu item does, then the menu closes as after a click. */
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  gtk_popover_popdown (menu);
  wait_for ((card = find_by_type (panel, SP_TYPE_INFUSION_CARD)) != NULL);
  g_assert_true (focus_widget (window) == find_by_class (card, "sp-dose-entry"));

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* After win.new (no unsaved changes: no question) the focus is in the
 * first field at once: one Tab reaches the second. */
static void
test_new_case_focus (void)
{
  SpWindow *window = new_window (1280, 800);

  gtk_widget_grab_focus (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_cmpstr (gtk_widget_get_name (focus_widget (window)), ==, "field-weight");
  press (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (gtk_widget_get_name (focus_widget (window)), ==, "field-sbp");

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* "5 mcg/min" in a norepinephrine card in mcg/kg/min: refused as typed, and
 * mcg/min (a unit of the drug) offered. "Keep" changes nothing; "Switch"
 * switches the card to mcg/min and runs 5 mcg/min:
 * 5 mcg/min x 60 min/h / 16 mcg/mL (4 mg/250 mL) = 18.75 mL/h, shown 18.8. */
static void
test_unit_offer (void)
{
  SpWindow *window = new_window (1280, 800);
  SpCase *sp_case = sp_window_get_case (window);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *card, *dose, *rate;
  AdwMessageDialog *dialog;
  SpInfusion *infusion;
  SpDoseUnit mcg_min;

  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  infusion = sp_case_find_infusion (sp_case, "norepinephrine");
  wait_for ((card = find_by_type (panel, SP_TYPE_INFUSION_CARD)) != NULL);
  dose = find_by_class (card, "sp-dose-entry");
  rate = find_by_class (card, "sp-rate-entry");
  g_assert_true (sp_dose_unit_parse ("mcg/min", &mcg_min));
  g_assert_false (sp_dose_unit_equal (sp_infusion_get_dose_unit (infusion), mcg_min));

  enter_text (dose, "5 mcg/min");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "5 mcg/min"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "switch"), ==,
                   "_Switch to mcg/min");
  /* Nothing switched while asking. */
  g_assert_false (sp_dose_unit_equal (sp_infusion_get_dose_unit (infusion), mcg_min));
  respond (dialog, "keep");
  g_assert_false (sp_dose_unit_equal (sp_infusion_get_dose_unit (infusion), mcg_min));
  g_assert_true (isnan (sp_infusion_get_dose (infusion)));

  enter_text (dose, "5 mcg/min");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "switch");
  g_assert_true (sp_dose_unit_equal (sp_infusion_get_dose_unit (infusion), mcg_min));
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "18.8");

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* A value typed with its unit is taken, and once the field is left (Tab)
 * or Enter pressed the entry shows the number, the unit beside it: it
 * kept "120 mmHg" and, narrow, showed "mmHg" as if that were the value.
 * Refused text stays as typed. */
static void
test_unit_typed_shown_as_number (void)
{
  SpWindow *window = new_window (1280, 800);
  SpCase *sp_case = sp_window_get_case (window);
  SpPatient *patient = sp_case_get_patient (sp_case);
  GtkWidget *sbp = field_entry (window, "sbp");
  GtkWidget *lactate = field_entry (window, "lactate");
  GtkWidget *weight = field_entry (window, "weight");

  gtk_widget_grab_focus (sbp);
  type_text (GTK_WIDGET (window), "120 mmHg");
  type_key (GTK_WIDGET (window), GDK_KEY_Tab, 0);
  wait_for (sp_patient_get_number (patient, SP_FIELD_SBP) == 120);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sbp)), ==, "120");

  gtk_widget_grab_focus (lactate);
  type_text (GTK_WIDGET (window), "3.4 mmol/L");
  type_key (GTK_WIDGET (window), GDK_KEY_Return, 0);
  wait_for (sp_patient_get_number (patient, SP_FIELD_LACTATE) == 3.4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lactate)), ==, "3.4");

  gtk_widget_grab_focus (weight);
  type_text (GTK_WIDGET (window), "78.5 kg");
  type_key (GTK_WIDGET (window), GDK_KEY_Return, 0);
  wait_for (sp_patient_get_number (patient, SP_FIELD_WEIGHT) == 78.5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight)), ==, "78.5");

  /* refused: the text stays as typed, the value before it kept */
  gtk_widget_grab_focus (sbp);
  gtk_editable_set_text (GTK_EDITABLE (sbp), "");
  type_text (GTK_WIDGET (window), "12O");
  type_key (GTK_WIDGET (window), GDK_KEY_Return, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sbp)), ==, "12O");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_SBP), ==, 120);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The dose-change question says the new pump rate and the bag it assumes
 * (it said the rate alone, against CLINICAL.md's "a rate without its
 * concentration is never shown"): 70 kg, norepinephrine 4 mg/250 mL
 * (16 mcg/mL); 0.1 -> 0.4 mcg/kg/min is 4x and asks; 0.4 x 70 x 60 / 16 =
 * 105 mL/h. */
static void
test_change_dialog_rate (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *card, *dose;
  AdwMessageDialog *dialog;

  enter_text (find_by_name (GTK_WIDGET (window), "field-weight"), "70");
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  wait_for ((card = find_by_type (panel, SP_TYPE_INFUSION_CARD)) != NULL);
  dose = find_by_class (card, "sp-dose-entry");
  enter_text (dose, "0.1");
  g_assert_null (find_message_dialog ());
  enter_text (dose, "0.4");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "New pump rate: 105\u00a0mL/h at 4\u00a0mg/250\u00a0mL "
                            "(16\u00a0mcg/mL)."));
  respond (dialog, "cancel");

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* Tab, pressed through the X server, goes round the whole window: with
 * example-step2 open and norepinephrine added (two infusion cards), every
 * press moves the focus (it never sticks), and the round reaches the second
 * card's dose entry before it comes back to where it began. */
static void
test_tab_goes_round (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"),
                                            "data", "cases", "example-step2.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SpWindow *window = new_window (1280, 800);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *weight, *ne_dose = NULL;
  gboolean reached = FALSE;
  guint presses = 0;

  g_assert_true (sp_window_open_file (window, file));
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  wait_for (find_card (panel, "norepinephrine") != NULL);
  ne_dose = find_by_class (find_card (panel, "norepinephrine"), "sp-dose-entry");

  weight = find_by_name (GTK_WIDGET (window), "field-weight");
  gtk_widget_grab_focus (weight);
  do
    {
      GtkWidget *before = focus_widget (window);

      type_key (GTK_WIDGET (window), GDK_KEY_Tab, 0);
      presses++;
      g_test_message ("Tab %u: %s %s", presses, G_OBJECT_TYPE_NAME (focus_widget (window)),
                      gtk_widget_get_name (focus_widget (window)));
      g_assert_true (focus_widget (window) != before);
      reached = reached || focus_widget (window) == ne_dose;
    }
  while (focus_widget (window) != weight && presses < 200);
  g_assert_cmpuint (presses, <, 200);
  g_assert_true (reached);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The details pane's text is selectable, but no Tab stop. */
static void
test_details_not_tab_stops (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *stack = details_pane (window);
  GtkWidget *child;
  guint n_selectable = 0;
  GPtrArray *todo = g_ptr_array_new ();

  g_ptr_array_add (todo, stack);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_LABEL (w) && gtk_label_get_selectable (GTK_LABEL (w)))
        {
          n_selectable++;
          g_assert_false (gtk_widget_get_focusable (w));
          g_assert_false (gtk_widget_get_can_focus (w));
        }
      for (child = gtk_widget_get_first_child (w); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (todo, child);
    }
  g_ptr_array_unref (todo);
  g_assert_cmpuint (n_selectable, >, 0);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The shortcuts window lists F6, Shift+F6, win.add-drug (Ctrl+D) and both
 * exports of Shift+Ctrl+X. */
static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/shockpath/ShockPath/ui/sp-shortcuts-window.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  gboolean add_drug = FALSE, f6 = FALSE, slide = FALSE, chart = FALSE;
  GPtrArray *todo = g_ptr_array_new ();

  g_ptr_array_add (todo, overlay);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *action = NULL;
          g_autofree char *accel = NULL;
          g_autofree char *title = NULL;

          g_object_get (w, "action-name", &action, "accelerator", &accel, "title", &title, NULL);
          add_drug |= g_strcmp0 (action, "win.add-drug") == 0;
          f6 |= accel != NULL && strstr (accel, "F6") != NULL;
          /* Shift+Ctrl+X says what it exports: in presentation the screen
           * (stage, vitals, chart and why), in the window the chart alone. */
          slide |= g_strcmp0 (accel, "<Shift><Control>x") == 0
                   && strstr (title, "screen as a slide") != NULL;
          chart |= g_strcmp0 (action, "win.export-flowchart") == 0
                   && strstr (title, "flowchart alone") != NULL;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (todo, child);
    }
  g_ptr_array_unref (todo);
  g_assert_true (add_drug);
  g_assert_true (f6);
  g_assert_true (slide);
  g_assert_true (chart);
  gtk_window_destroy (GTK_WINDOW (overlay));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* GTK 4.8 leaves a menu button's tooltip drawn over its open menu: the
 * window's menu buttons have none while open. */
static void
test_menu_tooltip (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  GtkWidget *add_button = find_by_type (panel, GTK_TYPE_MENU_BUTTON);

  g_assert_true (gtk_widget_get_has_tooltip (add_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (add_button));
  g_assert_false (gtk_widget_get_has_tooltip (add_button));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (add_button));
  g_assert_true (gtk_widget_get_has_tooltip (add_button));

  /* A card's sheet menu and its drop-downs (the bag's "In glucose 5%", the
   * unit's warning), and the panel's profile list, the same. */
  {
    GtkWidget *card, *print_button;
    GtkWidget *dropdowns[3];

    g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
    wait_for ((card = find_by_type (panel, SP_TYPE_INFUSION_CARD)) != NULL);
    print_button = find_by_type (card, GTK_TYPE_MENU_BUTTON);
    g_assert_true (gtk_widget_get_has_tooltip (print_button));
    gtk_menu_button_popup (GTK_MENU_BUTTON (print_button));
    g_assert_false (gtk_widget_get_has_tooltip (print_button));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (print_button));
    g_assert_true (gtk_widget_get_has_tooltip (print_button));

    dropdowns[0] = find_by_class (card, "sp-conc-dropdown");
    dropdowns[1] = find_by_class (card, "sp-unit-dropdown");
    dropdowns[2] = find_by_type (panel, GTK_TYPE_DROP_DOWN);
    for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
      {
        GtkWidget *toggle = find_by_type (dropdowns[i], GTK_TYPE_TOGGLE_BUTTON);

        g_assert_nonnull (toggle);
        g_assert_true (gtk_widget_get_has_tooltip (dropdowns[i]));
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
        g_assert_false (gtk_widget_get_has_tooltip (dropdowns[i]));
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
        g_assert_true (gtk_widget_get_has_tooltip (dropdowns[i]));
      }
  }

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The form's options: sentence case like "Not entered"; the chosen one is
 * the row's subtitle, wrapped, never cut off. */
static void
test_form_labels (void)
{
  SpWindow *window = new_window (1280, 800);
  GtkWidget *fluid = find_by_name (GTK_WIDGET (window), "field-fluid");
  GListModel *options;
  guint n;

  g_assert_true (ADW_IS_COMBO_ROW (fluid));
  options = adw_combo_row_get_model (ADW_COMBO_ROW (fluid));
  n = g_list_model_get_n_items (options);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (options, i);
      const char *text = gtk_string_object_get_string (item);

      g_assert_true (g_unichar_isupper (g_utf8_get_char (text)));
      if (i == n - 1)
        {
          g_assert_cmpstr (text, ==, "Not indicated (e.g. pulmonary oedema)");
          adw_combo_row_set_selected (ADW_COMBO_ROW (fluid), i);
          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (fluid)), ==, text);
        }
    }

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_gtk_init (&argc, &argv);

  g_test_add_func ("/window/layout/fold", test_layout);
  g_test_add_func ("/window/keyboard/tab-goes-round", test_tab_goes_round);
  g_test_add_func ("/window/layout/font-size", test_layout_font_size);
  g_test_add_func ("/window/layout/flowchart-text-scale", test_flowchart_text_scale);
  g_test_add_func ("/window/layout/flowchart-font-size", test_flowchart_font_size);
  g_test_add_func ("/window/keyboard/tab-order", test_tab_order);
  g_test_add_func ("/window/keyboard/initial-focus", test_initial_focus);
  g_test_add_func ("/window/keyboard/f6", test_f6);
  g_test_add_func ("/window/keyboard/add-drug", test_add_drug);
  g_test_add_func ("/window/keyboard/new-case-focus", test_new_case_focus);
  g_test_add_func ("/window/keyboard/details-not-tab-stops", test_details_not_tab_stops);
  g_test_add_func ("/window/keyboard/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/window/layout/details-no-overlap", test_details_no_overlap);
  g_test_add_func ("/window/dose/unit-offer", test_unit_offer);
  g_test_add_func ("/window/menu-tooltip", test_menu_tooltip);
  g_test_add_func ("/window/form/labels", test_form_labels);
  g_test_add_func ("/window/dose/change-dialog-rate", test_change_dialog_rate);
  g_test_add_func ("/window/form/unit-typed-shown-as-number", test_unit_typed_shown_as_number);

  return g_test_run ();
}
