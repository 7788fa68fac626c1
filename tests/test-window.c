/* test-window.c: the main window driven through its real widgets (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills the patient form by setting text and activating the entries, then
 * checks what the window shows: the flowchart's lit step and its accessible
 * announcement, the criteria, the dose panel's rate, a refused entry. Any GTK
 * warning or critical fails the test (G_DEBUG=fatal-warnings, and a log
 * writer that counts them). Also renders the window at 1280x800 to a PNG.
 */
#include "config.h"

#include <math.h>
#include <adwaita.h>

#include "sp-dose-panel.h"
#include "sp-flowchart.h"
#include "sp-infusion-card.h"
#include "sp-patient-form.h"
#include "sp-window.h"

static guint n_bad_logs;

static GLogWriterOutput
count_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    n_bad_logs++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds: layout, map, draw. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @flowchart has drawn the case's current
 * assessment (a frame; the sanitizer build is slow): up to 20 s. */
static void
wait_drawn (SpFlowchart *flowchart,
            SpCase      *sp_case)
{
  const SpStep *want = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));

  for (guint i = 0; i < 400 && sp_flowchart_get_lit_step (flowchart) != want; i++)
    spin (50);
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_class (GtkWidget  *root,
               const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static SpWindow *
new_window (void)
{
  SpWindow *window = sp_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  /* Mapped and laid out (the sanitizer build is slow): up to 20 s. */
  for (guint i = 0; i < 200 && !(gtk_widget_get_mapped (GTK_WIDGET (window))
                                 && gtk_widget_get_width (GTK_WIDGET (window)) > 0); i++)
    spin (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  spin (300);
  return window;
}

static void
close_window (SpWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Types @text into the form's entry for @field_id and presses Enter. */
static GtkWidget *
type_field (SpWindow   *window,
            const char *field_id,
            const char *text)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *entry = find_by_name (GTK_WIDGET (window), name);

  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_widget_activate (entry);
  return entry;
}

/* Chooses @choice in the form's drop-down for @field_id. */
static void
choose_field (SpWindow   *window,
              const char *field_id,
              const char *choice)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *combo = find_by_name (GTK_WIDGET (window), name);
  SpField field;
  int index;

  g_assert_true (ADW_IS_COMBO_ROW (combo));
  g_assert_true (sp_field_from_id (field_id, &field));
  index = sp_field_choice_index (field, choice);
  g_assert_cmpint (index, >=, 0);
  /* Item 0 is "Not entered". */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), index + 1);
}

static void
test_form_step3 (void)
{
  SpWindow *window = new_window ();
  SpCase *sp_case = sp_window_get_case (window);
  SpFlowchart *flowchart;
  SpAssessment *assessment;
  const SpRule *rule;
  g_autofree char *details = NULL;

  /* The example-step2 patient, typed in. */
  type_field (window, "weight", "78");
  type_field (window, "sbp", "84");
  type_field (window, "dbp", "50");
  type_field (window, "lactate", "3.4");
  type_field (window, "urine", "0.3");
  choose_field (window, "mental", "altered");
  choose_field (window, "skin", "poor");
  choose_field (window, "central-line", "yes");
  choose_field (window, "arterial-line", "no");
  choose_field (window, "fluid", "given-no-response");
  choose_field (window, "inotrope", "dobutamine");
  type_field (window, "inotrope-dose", "5");
  spin (100);

  /* The model */
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (sp_case), SP_FIELD_WEIGHT),
                     ==, 78);
  assessment = sp_case_get_assessment (sp_case);
  g_assert_cmpstr (sp_assessment_get_active_step (assessment)->id, ==, "step3-norepinephrine");

  /* The flowchart drew that assessment and says so. */
  flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  g_assert_nonnull (flowchart);
  wait_drawn (flowchart, sp_case);
  g_assert_nonnull (sp_flowchart_get_lit_step (flowchart));
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==, "step3-norepinephrine");
  g_assert_nonnull (strstr (sp_flowchart_get_announcement (flowchart),
                            sp_assessment_get_active_step (assessment)->title));
  g_assert_nonnull (strstr (sp_flowchart_get_announcement (flowchart), "active step"));

  /* Every criterion of the rule that chose step 3 is met, in the model and
   * in the alerts view's criteria rows and the step's details. */
  rule = sp_assessment_get_rule (assessment);
  g_assert_nonnull (rule);
  details = sp_flowchart_describe_step (flowchart, sp_assessment_get_active_step (assessment));
  g_assert_nonnull (strstr (details, "Active: "));
  for (guint i = 0; rule->criteria[i] != NULL; i++)
    {
      const SpCriterionResult *result = sp_assessment_find_criterion (assessment,
                                                                      rule->criteria[i]);
      g_autofree char *name = g_strdup_printf ("criterion-%s", rule->criteria[i]);
      g_autofree char *shown = g_strdup_printf ("%s: met", result->criterion->text);
      GtkWidget *row = find_by_name (GTK_WIDGET (window), name);
      GtkWidget *label;

      g_assert_cmpint (result->state, ==, SP_TRI_MET);
      g_assert_nonnull (row);
      label = find_by_type (row, GTK_TYPE_LABEL);
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), shown));
      g_assert_nonnull (strstr (details, shown));
    }

  /* Keyboard focus on another step: announced as not active. */
  g_assert_true (sp_flowchart_focus_step (flowchart, "step1-inotrope"));
  g_assert_nonnull (strstr (sp_flowchart_get_announcement (flowchart), "not active"));

  /* Lowering SBP to unknown makes the criterion unknown, at once. */
  type_field (window, "sbp", "");
  g_assert_true (isnan (sp_patient_get_number (sp_case_get_patient (sp_case), SP_FIELD_SBP)));
  wait_drawn (flowchart, sp_case);
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==,
                   sp_assessment_get_active_step (sp_case_get_assessment (sp_case))->id);

  close_window (window);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_dose_rate (void)
{
  SpWindow *window = new_window ();
  SpCase *sp_case = sp_window_get_case (window);
  GtkWidget *panel, *card, *dose, *rate, *result;
  SpInfusion *infusion;

  type_field (window, "weight", "70");

  panel = find_by_type (GTK_WIDGET (window), SP_TYPE_DOSE_PANEL);
  g_assert_true (gtk_widget_activate_action (panel, "dose-panel.add", "s", "norepinephrine"));
  spin (50);

  infusion = sp_case_find_infusion (sp_case, "norepinephrine");
  g_assert_nonnull (infusion);
  card = find_by_type (panel, SP_TYPE_INFUSION_CARD);
  g_assert_nonnull (card);
  dose = find_by_class (card, "sp-dose-entry");
  rate = find_by_class (card, "sp-rate-entry");
  result = find_by_class (card, "sp-result");

  /* 0.1 mcg/kg/min x 70 kg x 60 min/h = 420 mcg/h; 4 mg/250 mL = 16 mcg/mL;
   * 420 / 16 = 26.25 mL/h, shown to 0.1 mL/h: 26.3. */
  gtk_editable_set_text (GTK_EDITABLE (dose), "0.1");
  gtk_widget_activate (dose);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "26.3");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result)), ==,
                   "26.3 mL/h at 4 mg/250 mL (16 mcg/mL)");
  /* The infusion writes the patient's norepinephrine field. */
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (sp_case),
                                            SP_FIELD_NOREPINEPHRINE), ==, 0.1);

  /* The other way: 52.5 mL/h x 16 mcg/mL = 840 mcg/h / 70 kg / 60 = 0.2 mcg/kg/min. */
  gtk_editable_set_text (GTK_EDITABLE (rate), "52.5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dose)), ==, "0.2");

  /* Above the soft limit (1 mcg/kg/min): warning style, rate still given. */
  gtk_editable_set_text (GTK_EDITABLE (dose), "1.5");
  g_assert_true (gtk_widget_has_css_class (dose, "warning"));
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_SOFT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), !=, "");

  /* Above the hard limit (3 mcg/kg/min): error style, no rate at all. */
  gtk_editable_set_text (GTK_EDITABLE (dose), "4");
  g_assert_true (gtk_widget_has_css_class (dose, "error"));
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_HARD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "");
  g_assert_true (isnan (sp_infusion_get_rate (infusion)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (result)), "No rate"));

  /* A dose that does not parse: kept as typed, error, no dose in the model. */
  gtk_editable_set_text (GTK_EDITABLE (dose), "0.1 mcg/min");
  g_assert_true (gtk_widget_has_css_class (dose, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dose)), ==, "0.1 mcg/min");
  g_assert_true (isnan (sp_infusion_get_dose (infusion)));

  /* Removing the card removes the infusion. */
  g_assert_true (gtk_widget_activate_action (card, "card.remove", NULL));
  spin (50);
  g_assert_null (sp_case_find_infusion (sp_case, "norepinephrine"));

  close_window (window);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_bad_entry (void)
{
  SpWindow *window = new_window ();
  SpPatient *patient = sp_case_get_patient (sp_window_get_case (window));
  GtkWidget *entry;

  entry = type_field (window, "weight", "80");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_WEIGHT), ==, 80);

  /* Pounds are refused, never converted; the old 80 kg is not kept. */
  type_field (window, "weight", "150 lb");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "150 lb");
  g_assert_true (isnan (sp_patient_get_number (patient, SP_FIELD_WEIGHT)));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_WEIGHT));

  /* Accepted with a warning to confirm. */
  type_field (window, "weight", "35");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (gtk_widget_has_css_class (entry, "warning"));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_WEIGHT), ==, 35);

  /* Cleared: not entered. */
  type_field (window, "weight", "");
  g_assert_false (gtk_widget_has_css_class (entry, "warning"));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_WEIGHT));

  /* MAP derived from SBP/DBP is shown as a placeholder, not as a value. */
  type_field (window, "sbp", "90");
  entry = type_field (window, "dbp", "60");
  entry = find_by_name (GTK_WIDGET (window), "field-map");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (entry)), ==, "70");

  close_window (window);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_open_refused (void)
{
  SpWindow *window = new_window ();
  SpCase *sp_case = sp_window_get_case (window);
  g_autofree char *bad = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"),
                                           "tests", "data", "case-malformed.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  GtkWindow *dialog = NULL;
  GListModel *toplevels;

  type_field (window, "weight", "70");
  g_assert_false (sp_window_open_file (window, file));
  /* The case is untouched and the reason is shown. */
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (sp_case), SP_FIELD_WEIGHT),
                     ==, 70);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = toplevel;
    }
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "case-malformed.xml"));
  gtk_window_destroy (dialog);

  close_window (window);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
test_screenshot (void)
{
  SpWindow *window;
  g_autofree char *example = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"),
                                               "data", "cases", "example-step2.xml", NULL);
  g_autofree char *out = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "main-window.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (example);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GHashTable *colours;
  int width, height;

  /* A 1280x800 window. Without a window manager, GTK on X11 keeps a 5-pixel
   * resize border inside the 1280x800 surface, so the window widget itself
   * renders at 1270x790. */
  window = new_window ();

  g_assert_true (sp_window_open_file (window, file));
  spin (500);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  g_assert_cmpint (width, >=, 1260);
  g_assert_cmpint (width, <=, 1280);
  g_assert_cmpint (height, >=, 780);
  g_assert_cmpint (height, <=, 800);

  /* The paintable is empty while the window waits for a new layout
   * (the sanitizer build is slow): retry for up to 20 s. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  for (guint i = 0; i < 200 && node == NULL; i++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        spin (100);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, out));

  /* Not blank: a real window has many distinct colours. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  colours = g_hash_table_new (NULL, NULL);
  for (gsize i = 0; i < (gsize) width * height; i += 7)
    {
      guint32 px;

      memcpy (&px, pixels + i * 4, 4);
      g_hash_table_add (colours, GUINT_TO_POINTER (px));
    }
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  g_hash_table_destroy (colours);
  g_test_message ("screenshot: %s", out);

  g_clear_object (&paintable);
  close_window (window);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Numbers in the C locale, whatever the machine's. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (count_writer, NULL, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/window/form/step3", test_form_step3);
  g_test_add_func ("/window/form/bad-entry", test_bad_entry);
  g_test_add_func ("/window/dose/rate", test_dose_rate);
  g_test_add_func ("/window/case/open-refused", test_open_refused);
  g_test_add_func ("/window/screenshot", test_screenshot);

  return g_test_run ();
}
