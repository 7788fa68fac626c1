/* test-step-details.c: a flowchart step's details, the Assessment pane's
 * scroll position, and presentation mode's type and geometry (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the paths a user takes: Enter on the focused step (the class key
 * binding) and a click on a step (the chart's click gesture) open the step's
 * details in a window of their own, Escape (its shortcut) closes it; a new
 * active step scrolls the Assessment pane to the top; presentation mode at
 * 1920 x 1080 draws its text at 32 px or more and keeps the boxes in place
 * from one stage to the next; its slide export is the screen.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-alerts-view.h"
#include "sp-flowchart.h"
#include "sp-presentation-window.h"
#include "sp-slide-export.h"
#include "sp-window.h"
#include "sp-test-gtk.h"

static char *
case_path (const char *name)
{
  return g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases", name, NULL);
}

static void
open_case (SpWindow   *window,
           const char *name)
{
  g_autofree char *path = case_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (sp_window_open_file (window, file));
}

/* The text of every label under @root, one a line. */
static void
collect_labels (GtkWidget *root,
                GString   *text)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* No label under @root has text selected or is a Tab stop. */
static void
assert_nothing_selected (GtkWidget *root)
{
  if (GTK_IS_LABEL (root))
    {
      int start = 0, end = 0;

      g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (root), &start, &end)
                      && start != end);
      g_assert_false (gtk_widget_get_focusable (root));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_nothing_selected (child);
}

static GtkGesture *
find_click (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

/* example-step2.xml: step 3 is lit (all three criteria for norepinephrine
 * hold); step 2 shows those criteria with the patient's values. */
static void
check_details (SpWindow    *window,
               SpFlowchart *flowchart,
               const char  *step_id,
               const char  *expected)
{
  GtkWindow *details = sp_flowchart_get_details_window (flowchart);
  g_autoptr(GString) text = g_string_new (NULL);
  int width = 0, height = 0;

  g_assert_nonnull (details);
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (details)));
  g_assert_true (gtk_window_get_transient_for (details) == GTK_WINDOW (window));
  /* Sized to be read, not a 120 px popover. */
  gtk_window_get_default_size (details, &width, &height);
  g_assert_cmpint (width, >=, 480);
  g_assert_cmpint (height, >=, 480);

  collect_labels (GTK_WIDGET (details), text);
  g_test_message ("details of %s:\n%s", step_id, text->str);
  g_assert_nonnull (strstr (text->str, "Why\n"));
  g_assert_nonnull (strstr (text->str, expected));
  /* Sources resolved to their reference texts: "[seed-1] Guideline ..." */
  g_assert_nonnull (strstr (text->str, "Sources\n"));
  g_assert_nonnull (strstr (text->str, "[seed-1] "));
  assert_nothing_selected (GTK_WIDGET (details));
}

static void
test_details (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpCase *sp_case = sp_window_get_case (window);
  SpFlowchart *flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));
  GtkWindow *details;
  GtkGesture *click;
  graphene_rect_t rect;

  open_case (window, "example-step2.xml");
  wait_drawn (flowchart, sp_case);
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==, "step3-norepinephrine");
  g_assert_null (sp_flowchart_get_details_window (flowchart));

  /* Enter on the focused step (the class's key binding). */
  gtk_widget_grab_focus (GTK_WIDGET (flowchart));
  wait_for (gtk_widget_has_focus (GTK_WIDGET (flowchart)));
  g_assert_true (sp_flowchart_focus_step (flowchart, "step3-norepinephrine"));
  press_shortcut (GTK_WIDGET (flowchart), GDK_KEY_Return, 0, GTK_PHASE_BUBBLE);
  details = sp_flowchart_get_details_window (flowchart);
  /* The lit step: why it is active, its criteria's states in words with
   * the patient's values (SBP 84 mmHg < 90: holds), the action's rates for
   * the bag: norepinephrine does not run, so the library's standard bag. */
  check_details (window, flowchart, "step3-norepinephrine",
                 "Systolic BP remains < 90 mmHg: holds (SBP 84 mmHg)");
  {
    g_autoptr(GString) text = g_string_new (NULL);

    collect_labels (GTK_WIDGET (details), text);
    g_assert_nonnull (strstr (text->str, "Active: All three criteria for norepinephrine hold"));
    /* 0.2-1 mcg/kg/min for 78 kg at 16 mcg/mL: 0.2 x 78 x 60 / 16 = 58.5,
     * 1 x 78 x 60 / 16 = 292.5 mL/h */
    g_assert_nonnull (strstr (text->str, "0.2–1 mcg/kg/min (58.5–292.5 mL/h at 4 mg/250 mL, "
                                         "the library’s standard bag)"));
    g_assert_null (strstr (text->str, "not met"));
    /* said once, in the action's text ("Pump: 58.5–292.5 mL/h ..." under it
     * said it again) */
    {
      const char *first = strstr (text->str, "58.5–292.5 mL/h");

      g_assert_null (strstr (first + 1, "58.5–292.5 mL/h"));
    }
  }

  /* Escape (its shortcut) closes it. */
  press_shortcut (GTK_WIDGET (details), GDK_KEY_Escape, 0, GTK_PHASE_BUBBLE);
  wait_for (sp_flowchart_get_details_window (flowchart) == NULL);

  /* A click in the middle of step 1's box (the chart's click gesture). */
  g_assert_true (sp_flowchart_get_step_rect (flowchart, "step1-inotrope", &rect));
  click = find_click (GTK_WIDGET (flowchart));
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1,
                         (double) rect.origin.x + rect.size.width / 2,
                         (double) rect.origin.y + rect.size.height / 2);
  g_assert_cmpstr (sp_flowchart_get_focused_step (flowchart)->id, ==, "step1-inotrope");
  /* Step 1 is not lit; its criteria: no fluid challenge given does not hold
   * (fluid given, no response), MAP 61.3 (84 + 2 x 50) / 3 = 61.3 < 65. */
  check_details (window, flowchart, "step1-inotrope",
                 "Not active: Step 3: norepinephrine applies");
  /* another step's actions: the doses, no placeholders, no rates */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    collect_labels (GTK_WIDGET (sp_flowchart_get_details_window (flowchart)), text);
    g_assert_nonnull (strstr (text->str, "No fluid challenge given yet: does not hold"));
    g_assert_nonnull (strstr (text->str, "MAP ≥ 65 mmHg: does not hold (MAP 61.3 mmHg"));
    g_assert_null (strstr (text->str, "{dose}"));
    g_assert_null (strstr (text->str, "{rate}"));
    g_assert_null (strstr (text->str, "mL/h"));
  }
  press_shortcut (GTK_WIDGET (sp_flowchart_get_details_window (flowchart)),
                  GDK_KEY_Escape, 0, GTK_PHASE_BUBBLE);
  wait_for (sp_flowchart_get_details_window (flowchart) == NULL);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The Assessment pane scrolled down goes back to the top when the active
 * step changes: the new step's title and "Why" are in view. */
static void
test_scroll_reset (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpCase *sp_case = sp_window_get_case (window);
  SpAlertsView *view = SP_ALERTS_VIEW (find_by_type (GTK_WIDGET (window), SP_TYPE_ALERTS_VIEW));
  GtkAdjustment *adjustment;
  const SpStep *before;

  open_case (window, "example-step2.xml");
  g_assert_nonnull (view);
  adjustment = sp_alerts_view_get_vadjustment (view);
  /* Laid out, with more than a page of text (step 3's actions, notes and
   * monitoring in a pane of about 300 px). */
  wait_for (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  before = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));

  /* SBP 120 and MAP derived (120 + 2 x 50) / 3 = 73.3: SBP < 90 no longer
   * holds, so step 3's rule does not apply: another step lights. */
  sp_patient_set_number (sp_case_get_patient (sp_case), SP_FIELD_SBP, 120);
  wait_for (sp_assessment_get_active_step (sp_case_get_assessment (sp_case)) != before);
  wait_frames (GTK_WIDGET (view), 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The size of @label's text in pixels, from the font GTK gives it. */
static double
label_px (GtkWidget *label)
{
  PangoContext *context = gtk_widget_get_pango_context (label);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  /* GTK's CSS sets absolute sizes (pixels); points are 96/72 pixels. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

static void
collect_rects (SpFlowchart     *flowchart,
               SpProtocol      *protocol,
               graphene_rect_t *rects)
{
  for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
    g_assert_true (sp_flowchart_get_step_rect (flowchart, sp_protocol_get_step (protocol, i)->id,
                                               &rects[i]));
}

static void
test_presentation (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  SpFlowchart *flowchart;
  SpCase *sp_case;
  SpProtocol *protocol;
  GtkWidget *label;
  graphene_rect_t before[16], after[16];
  const SpStep *lit;
  guint n;

  open_case (window, "teaching-inferior-mi.xml");
  /* As F5 makes it, on a 1920 x 1080 screen (the test's X screen is
   * smaller: the window is sized as full screen would size it there). */
  presentation = sp_presentation_window_new (GTK_WINDOW (window), sp_window_get_case (window));
  gtk_window_unfullscreen (GTK_WINDOW (presentation));
  /* GTK keeps a default size within the monitor, a size request it does
   * not; not full screen, the window's shadow (5 px each side here) is part
   * of the surface but not of the widget: 1930 x 1090 gives 1920 x 1080. */
  gtk_widget_set_size_request (GTK_WIDGET (presentation), 1930, 1090);
  gtk_window_present (GTK_WINDOW (presentation));
  flowchart = sp_presentation_window_get_flowchart (presentation);
  sp_case = sp_presentation_window_get_case (presentation);
  protocol = sp_case_get_protocol (sp_case);
  n = sp_protocol_get_n_steps (protocol);
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (before));

  wait_for (gtk_widget_get_mapped (GTK_WIDGET (presentation)));
  wait_for (gtk_widget_get_height (GTK_WIDGET (presentation)) == 1080
            && sp_presentation_window_get_type_size (presentation) == 32);
  wait_drawn (flowchart, sp_case);
  wait_frames (GTK_WIDGET (presentation), 2);

  /* Body text: 32 px at 1080 lines (32 x 1080 / 1080), in the labels ... */
  label = find_label_containing (GTK_WIDGET (presentation), "No inotrope runs");
  g_assert_nonnull (label);
  g_test_message ("reason %.1f px, chart %.1f px", label_px (label),
                  sp_flowchart_get_text_size (flowchart));
  g_assert_cmpfloat (label_px (label), >=, 32.0);
  /* ... and in the chart, as the style it uses lays it out: */
  g_assert_cmpfloat (sp_flowchart_get_text_size (flowchart), >=, 32.0 * 0.999);

  /* The boxes stay where they are from stage 1 (step 1 lit) to stage 2. */
  collect_rects (flowchart, protocol, before);
  lit = sp_flowchart_get_lit_step (flowchart);
  press_shortcut (GTK_WIDGET (presentation), GDK_KEY_Page_Down, 0, GTK_PHASE_CAPTURE);
  wait_drawn (flowchart, sp_case);
  g_assert_true (sp_flowchart_get_lit_step (flowchart) != lit);
  collect_rects (flowchart, protocol, after);
  for (guint i = 0; i < n; i++)
    g_assert_true (graphene_rect_equal (&before[i], &after[i]));

  /* What changed is marked: the step that lit, and criteria whose state
   * changed (SBP 82 -> 94 mmHg: "Systolic BP remains < 90 mmHg" held at
   * stage 1 and does not now). */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (presentation),
                                           "New step (was Step 1: inotrope first)"));
  label = find_label_containing (GTK_WIDGET (presentation), "Changed: ");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "sp-changed"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                            "does not hold: Systolic BP remains < 90 mmHg"));

  /* The slide export is the screen: the stage's title, the vitals and why.
   * The screen as painted: the stage's labels laid out (the step lit above
   * is drawn first, before the frame that lays out the rest). */
  wait_frames (GTK_WIDGET (presentation), 1);
  {
    g_autofree char *out = slide_text (adw_window_get_content (ADW_WINDOW (presentation)),
                                       1920, 1080);

    if (out != NULL)
      {
        g_test_message ("slide text:\n%s", out);
        g_assert_nonnull (strstr (out, "Stage 2 of 3"));
        g_assert_nonnull (strstr (out, "On dobutamine"));
        g_assert_nonnull (strstr (out, "SBP"));
        g_assert_nonnull (strstr (out, "Why this step"));
      }
  }

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_gtk_init (&argc, &argv);

  load_app_style ();

  g_test_add_func ("/step-details/enter-click-escape", test_details);
  g_test_add_func ("/step-details/scroll-reset", test_scroll_reset);
  g_test_add_func ("/step-details/presentation", test_presentation);

  return g_test_run ();
}
