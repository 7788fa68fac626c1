/* test-window-timeline.c: the timeline in the window, used as a nurse uses
 * it: a value typed into the form, Ctrl+R, a time typed, Record Entry; then
 * the log, the trend plot, the saved file and shockpath-cli on that file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (the display suite). TZ is Europe/Berlin: the example
 * case's times are +01:00.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sp-application.h"
#include "sp-correction-dialog.h"
#include "sp-test-files.h"
#include "sp-test-gtk.h"
#include "sp-timeline-view.h"
#include "sp-timeline.h"
#include "sp-trend-view.h"
#include "sp-window.h"
#include "sp-test-spawn.h"

/* Types @text into the form's entry for @field_id and presses Enter. */
static void
type_field (SpWindow   *window,
            const char *field_id,
            const char *text)
{
  GtkWidget *entry = field_entry (window, field_id);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
}

static GtkWidget *
find_entry_named (GtkWidget  *root,
                  const char *accessible)
{
  GtkWidget *label = find_label_containing (root, accessible);

  g_assert_nonnull (label);
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

/* What a key press does: the widget's key controller gets it. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* What the trend says of the point its keys or the pointer are on (the
 * box beside it, the tooltip, the accessible description); NULL for none. */
static char *
point_text (SpTrendView *trend)
{
  char *text = NULL;

  g_object_get (trend, "point-description", &text, NULL);
  return text;
}

static void
assert_point (SpTrendView *trend,
              const char  *expected)
{
  g_autofree char *text = point_text (trend);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_point_has (SpTrendView *trend,
                  const char  *part)
{
  g_autofree char *text = point_text (trend);

  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, part));
}

static guint
n_rows (GtkListBox *log)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (log)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static char *
run_cli_json (const char *path)
{
  const char *argv[] = { g_getenv ("SHOCKPATH_CLI"), "evaluate", "--case", path, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* A copy of the example timeline in @dir (bed-4.xml, its path in
 * *@out_path), open in a new window shown at 1280 x 800. */
static SpWindow *
open_copy (const char  *dir,
           char       **out_path)
{
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-timeline.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  SpWindow *window;

  *out_path = g_build_filename (dir, "bed-4.xml", NULL);
  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (*out_path, contents, -1, NULL));
  file = g_file_new_for_path (*out_path);

  window = test_window_show (1280, 800);
  g_assert_true (sp_window_open_file (window, file));
  run_pending ();
  return window;
}

/* shockpath-cli reads the file @path to what @sp_case shows: the step,
 * NEE, VIS and the SCAI stage. */
static void
assert_cli_agrees (SpCase     *sp_case,
                   const char *path)
{
  g_autofree char *json = run_cli_json (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SpAssessment *assessment = sp_case_get_assessment (sp_case);
  JsonObject *root, *scores;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  scores = json_object_get_object_member (root, "scores");
  g_assert_cmpstr (sp_assessment_get_active_step (assessment)->id, ==,
                   json_object_get_string_member (root, "active_step"));
  g_assert_cmpfloat (sp_assessment_find_score (assessment, "nee")->value, ==,
                     json_object_get_double_member (scores, "nee"));
  g_assert_cmpfloat (sp_assessment_find_score (assessment, "vis")->value, ==,
                     json_object_get_double_member (scores, "vis"));
  g_assert_cmpstr (sp_assessment_get_staging (assessment)->stage->label, ==,
                   json_object_get_string_member (root, "scai_stage"));
}

/* The Timeline page, shown as a click on its switcher button shows it: the
 * view is made then (not before the window's first frame). */
static SpTimelineView *
show_timeline (SpWindow *window)
{
  GtkWidget *switcher = find_by_type (GTK_WIDGET (window), GTK_TYPE_STACK_SWITCHER);
  GtkWidget *button = gtk_widget_get_ancestor (find_label_containing (switcher, "Timeline"),
                                               GTK_TYPE_TOGGLE_BUTTON);
  SpTimelineView *view;

  g_assert_null (find_by_type (GTK_WIDGET (window), SP_TYPE_TIMELINE_VIEW));
  /* A button's activation clicks once its pressed look has shown. */
  g_assert_true (gtk_widget_activate (button));
  wait_for ((view = SP_TIMELINE_VIEW (find_by_type (GTK_WIDGET (window), SP_TYPE_TIMELINE_VIEW))) != NULL);
  return view;
}

static void
test_record (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  SpWindow *window;
  SpCase *sp_case;
  SpTimelineView *view;
  GtkListBox *log;
  GtkWidget *status, *time_entry, *author_entry, *error_label;
  GtkPopover *popover;

  window = open_copy (dir, &path);
  sp_case = sp_window_get_case (window);

  view = show_timeline (window);
  g_assert_nonnull (view);
  log = GTK_LIST_BOX (find_by_type (GTK_WIDGET (view), GTK_TYPE_LIST_BOX));
  g_assert_cmpuint (n_rows (log), ==, 12);
  status = find_label_containing (GTK_WIDGET (view), "12 entries");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Everything shown is recorded"));

  /* A MAP typed and not recorded: the view says so. */
  type_field (window, "map", "66");
  run_pending ();
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "not recorded yet"));

  /* Ctrl+R: the timeline page with the record popover. */
  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  popover = GTK_POPOVER (find_by_type (GTK_WIDGET (view), GTK_TYPE_POPOVER));
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  time_entry = find_entry_named (GTK_WIDGET (popover), "Time");
  author_entry = find_entry_named (GTK_WIDGET (popover), "Initials");
  g_assert_true (GTK_IS_ENTRY (time_entry));

  /* A time in the future is refused; what was typed stays. */
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2999-01-01 08:00");
  gtk_editable_set_text (GTK_EDITABLE (author_entry), "GH");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  run_pending ();
  error_label = find_label_containing (GTK_WIDGET (popover), "in the future");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (author_entry)), ==, "GH");
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 12);

  /* 14:30 on the case's day: recorded. */
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 14:30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 13);
  g_assert_cmpuint (n_rows (log), ==, 13);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Everything shown is recorded"));
  /* Newest first: the new entry heads the log. */
  g_assert_nonnull (find_label_containing (gtk_widget_get_first_child (GTK_WIDGET (log)),
                                           "2026-12-03 14:30 · GH · entered late, at 20"));
  g_assert_nonnull (find_label_containing (gtk_widget_get_first_child (GTK_WIDGET (log)),
                                           "MAP 66 mmHg"));

  /* The trend plot has the new point: MAP's last point is 66. */
  {
    SpTrendView *trend = SP_TREND_VIEW (find_by_type (GTK_WIDGET (view), SP_TYPE_TREND_VIEW));
    const SpTrendPlot *plot = sp_trend_view_get_plot (trend);
    guint n = sp_trend_plot_get_n_points (plot, 0);
    double value;

    g_assert_cmpstr (sp_trend_plot_get_series_label (plot, 0), ==, "MAP");
    g_assert_true (sp_trend_plot_get_point (plot, 0, n - 1, NULL, &value, NULL));
    g_assert_cmpfloat (value, ==, 66);

    /* Keyboard: the plot takes focus; End names the newest MAP point,
     * Left the one before (09:30's struck 63 is not in the plot: 74 at
     * 14:00). */
    g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (trend)));
    press_key (GTK_WIDGET (trend), GDK_KEY_End);
    press_key (GTK_WIDGET (trend), GDK_KEY_End);
    assert_point_has (trend, "MAP 66 mmHg at 14:30");
    press_key (GTK_WIDGET (trend), GDK_KEY_Left);
    assert_point_has (trend, "MAP 74 mmHg at 14:00");
  }

  /* Saved with Ctrl+S: the file holds the entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  wait_for (!sp_case_get_modified (sp_case));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  /* recorded days after 14:30: a late entry, with the time it was written */
  {
    const char *entry = strstr (saved, "<entry id=\"e13\" time=\"2026-12-03T14:30:00+01:00\" "
                                       "author=\"GH\" recorded=\"20");

    g_assert_nonnull (entry);
    g_assert_true (g_str_has_prefix (strchr (entry, '>'),
                                     ">\n      <value field=\"map\">66</value>\n"));
  }

  /* shockpath-cli reads the same file to the same answer. */
  assert_cli_agrees (sp_case, path);

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

/* A value refused in the form ("8O" for SBP: 108 kept) stops a record: the
 * popover says so when it opens and the entry is not made; corrected, it
 * is recorded. Recording then starts undo afresh: Ctrl+Z took the form
 * back under the entry and the two disagreed (the file saved HR 92 beside
 * an entry of 120). */
static void
test_record_refused_input (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-timeline.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  SpWindow *window = test_window_show (1280, 800);
  SpCase *sp_case;
  SpPatient *patient;
  SpTimelineView *view;
  GtkPopover *popover;
  GtkWidget *time_entry, *author_entry, *error_label;

  g_assert_true (sp_window_open_file (window, file));
  run_pending ();
  sp_case = sp_window_get_case (window);
  patient = sp_case_get_patient (sp_case);
  view = show_timeline (window);

  /* "8O" alone: the case still holds what is recorded (108), but the
   * timeline does not say "Everything shown is recorded" over the red "8O",
   * and Ctrl+R says why nothing is recorded rather than "Nothing to record" */
  type_field (window, "sbp", "8O");
  run_pending ();
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_SBP), ==, 108);
  g_assert_false (sp_case_has_unrecorded (sp_case));
  g_assert_null (find_label_containing (GTK_WIDGET (view), "Everything shown is recorded"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view),
                                           "12 entries. Not recorded: Systolic blood pressure: "
                                           "“8O” was refused. Correct it or clear it, then "
                                           "record."));
  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  popover = GTK_POPOVER (find_by_type (GTK_WIDGET (view), GTK_TYPE_POPOVER));
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  {
    GtkWidget *nothing = find_label_containing (GTK_WIDGET (popover), "Nothing to record");

    g_assert_true (nothing == NULL || !gtk_widget_is_visible (nothing));
  }
  gtk_popover_popdown (popover);
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));

  type_field (window, "hr", "120");
  run_pending ();

  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  error_label = find_label_containing (GTK_WIDGET (popover),
                                      "Not recorded: Systolic blood pressure: “8O” was refused. "
                                      "Correct it or clear it, then record.");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));

  time_entry = find_entry_named (GTK_WIDGET (popover), "Time");
  author_entry = find_entry_named (GTK_WIDGET (popover), "Initials");
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 14:30");
  gtk_editable_set_text (GTK_EDITABLE (author_entry), "AB");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  run_pending ();
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 12);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (author_entry)), ==, "AB");
  gtk_popover_popdown (popover);

  /* corrected: recorded, both values */
  type_field (window, "sbp", "80");
  run_pending ();
  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 14:30");
  gtk_editable_set_text (GTK_EDITABLE (author_entry), "AB");
  g_assert_true (sp_case_get_can_undo (sp_case));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 13);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "SBP 80 mmHg; HR 120 /min"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view),
                                           "13 entries. Everything shown is recorded."));

  /* Ctrl+Z: nothing to undo across the record; the form keeps what the
   * entry says */
  g_assert_false (sp_case_get_can_undo (sp_case));
  press_shortcut (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, GTK_PHASE_CAPTURE);
  run_pending ();
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_HR), ==, 120);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_SBP), ==, 80);
  g_assert_false (sp_case_has_unrecorded (sp_case));

  destroy_window (GTK_WINDOW (window));
}

/* The first entry of a case without a timeline: the log, hidden while
 * empty, is shown with its row, laid out whole (no label of the page drawn
 * over another). */
static void
test_first_entry (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-step2.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  SpWindow *window = test_window_show (1280, 800);
  SpCase *sp_case = sp_window_get_case (window);
  SpTimelineView *view;
  GtkListBox *log;
  GtkPopover *popover;

  g_assert_true (sp_window_open_file (window, file));
  run_pending ();
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 0);
  view = show_timeline (window);
  log = GTK_LIST_BOX (find_by_type (GTK_WIDGET (view), GTK_TYPE_LIST_BOX));
  wait_frames (GTK_WIDGET (window), 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log)));

  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  popover = GTK_POPOVER (find_by_type (GTK_WIDGET (view), GTK_TYPE_POPOVER));
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_named (GTK_WIDGET (popover), "Initials")), "KL");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log)));
  g_assert_cmpuint (n_rows (log), ==, 1);

  wait_frames (GTK_WIDGET (window), 2);
  assert_labels_apart (GTK_WIDGET (view), "the timeline page after its first entry");

  destroy_window (GTK_WINDOW (window));
}

/* A corrected entry stays in the log, struck through, and says so to a
 * screen reader. */
static void
test_struck (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-timeline.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  SpWindow *window = test_window_show (1280, 800);
  GtkWidget *label;
  PangoAttrList *attrs;
  g_autofree char *attrs_text = NULL;

  g_assert_true (sp_window_open_file (window, file));
  run_pending ();
  g_assert_nonnull (show_timeline (window));

  label = find_label_containing (GTK_WIDGET (window),
                                 "Struck: corrected by e5 at 2026-12-03 09:40 (CD)");
  g_assert_nonnull (label);
  label = find_label_containing (GTK_WIDGET (window), "MAP 63 mmHg");
  g_assert_nonnull (label);
  attrs = gtk_label_get_attributes (GTK_LABEL (label));
  g_assert_nonnull (attrs);
  attrs_text = pango_attr_list_to_string (attrs);
  g_assert_nonnull (strstr (attrs_text, "strikethrough true"));

  destroy_window (GTK_WINDOW (window));
}

static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  data)
{
  const char * const *action = data;   /* name, target or NULL */
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action[0]) != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return action[1] == NULL ||
         (target != NULL && g_str_equal (g_variant_get_string (target, NULL), action[1]));
}

static GtkWidget *
find_button_for (GtkWidget  *root,
                 const char *action,
                 const char *target)
{
  const char *match[] = { action, target };

  return find_widget (root, is_button_for, match);
}

static SpCorrectionDialog *
find_correction_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SP_IS_CORRECTION_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SP_CORRECTION_DIALOG (window);
    }
  return NULL;
}

/* The AdwEntryRow titled @title in @root. */
static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  GtkWidget *label = find_label_containing (root, title);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ENTRY_ROW);
}

/* Correcting an entry as a nurse does: "Correct…" on the log's row for
 * e12, the MAP and the norepinephrine dose typed (a typing slip first:
 * refused, said, nothing lost), initials and reason, Return. The entry
 * stays struck, the correction holds in the model, the file and
 * shockpath-cli; then e9 entered in error. The window could not correct
 * an entry before (only `record --corrects` could). */
static void
test_correct (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  SpWindow *window;
  SpCase *sp_case;
  SpTimelineView *view;
  SpCorrectionDialog *dialog;
  GtkWidget *map_row, *dose_row, *error_label, *log;

  window = open_copy (dir, &path);
  sp_case = sp_window_get_case (window);
  view = show_timeline (window);
  log = find_by_type (GTK_WIDGET (view), GTK_TYPE_LIST_BOX);

  /* a struck entry has no Correct button: its correction is corrected */
  g_assert_null (find_button_for (log, "timeline.correct", "e4"));
  g_assert_true (gtk_widget_activate (find_button_for (log, "timeline.correct", "e12")));
  wait_for ((dialog = find_correction_dialog ()) != NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Correct Entry e12");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "Entry e12 of 2026-12-03 14:00 (EF)"));

  /* filled in as recorded */
  map_row = find_entry_row (GTK_WIDGET (dialog), "Mean arterial pressure");
  dose_row = find_entry_row (GTK_WIDGET (dialog), "norepinephrine dose");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (map_row)), ==, "74");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dose_row)), ==, "0.05");

  /* a letter O for a zero: refused, named, everything typed kept */
  gtk_editable_set_text (GTK_EDITABLE (map_row), "7O");
  gtk_editable_set_text (GTK_EDITABLE (dose_row), "0.04");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), "Initials")), "GH");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), "Reason")),
                         "MAP and dose misread");
  g_signal_emit_by_name (map_row, "entry-activated");
  run_pending ();
  error_label = find_label_containing (GTK_WIDGET (dialog), "Mean arterial pressure: ");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (find_correction_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (map_row)), ==, "7O");
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 12);

  /* the button first asks what the dose panel asks, and says what changes
   * now: 0.04 is less than half of the 0.1 that ran before e12 (e9) */
  gtk_editable_set_text (GTK_EDITABLE (map_row), "70");
  g_assert_true (gtk_widget_activate (find_button_for (GTK_WIDGET (dialog), "correction.apply",
                                                       NULL)));
  /* (a button's activation clicks once its pressed look has shown) */
  wait_for (gtk_widget_get_visible (find_by_class (GTK_WIDGET (dialog), "warning")));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 12);
  {
    GtkWidget *questions = find_label_containing (GTK_WIDGET (dialog), "From now on: ");

    g_assert_nonnull (questions);
    g_assert_true (gtk_widget_get_visible (questions));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (questions)), "0.4× the running dose"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (questions)),
                              "From now on: MAP 70 mmHg; norepinephrine dose 0.04 mcg/kg/min"));
  }
  /* confirmed: the same press again */
  g_assert_true (gtk_widget_activate (find_button_for (GTK_WIDGET (dialog), "correction.apply",
                                                       NULL)));
  wait_for (find_correction_dialog () == NULL);
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 13);
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (sp_case), SP_FIELD_MAP), ==, 70);
  /* 0.04 mcg/kg/min × 80 kg × 60 / 32 mcg/mL (8 mg/250 mL) = 6 mL/h */
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (sp_case_find_infusion (sp_case,
                                                                               "norepinephrine")),
                                  6, 1e-9);
  run_pending ();
  g_assert_nonnull (find_label_containing (log, "Struck: corrected by e13 at "));
  /* written days after 14:00 on 2026-12-03: said with its day */
  g_assert_nonnull (find_label_containing (log, "GH · corrects e12 at 20"));
  g_assert_nonnull (find_label_containing (log, "MAP 70 mmHg"));
  g_assert_null (find_button_for (log, "timeline.correct", "e12"));

  /* e9 entered in error, from its button with the keyboard's focus */
  g_assert_true (gtk_widget_grab_focus (find_button_for (log, "timeline.correct", "e9")));
  g_assert_true (gtk_widget_activate (find_button_for (log, "timeline.correct", "e9")));
  wait_for ((dialog = find_correction_dialog ()) != NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_by_type (GTK_WIDGET (dialog),
                                                               GTK_TYPE_CHECK_BUTTON)), TRUE);
  /* without its reason: refused, said, the reason's entry has the focus */
  g_signal_emit_by_name (find_entry_row (GTK_WIDGET (dialog), "Reason"), "entry-activated");
  run_pending ();
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog),
                                           "A correction needs its reason: say what was wrong "
                                           "with e9"));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), "Reason")),
                         "another patient's values");
  g_signal_emit_by_name (find_entry_row (GTK_WIDGET (dialog), "Reason"), "entry-activated");
  run_pending ();
  /* the lactate and skin perfusion e9 alone recorded since 11:00 go back */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "From now on: Lactate 2.6 mmol/L"));
  g_signal_emit_by_name (find_entry_row (GTK_WIDGET (dialog), "Reason"), "entry-activated");
  wait_for (find_correction_dialog () == NULL);
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 14);
  run_pending ();
  g_assert_nonnull (find_label_containing (log, "entered in error"));
  /* the focus is back in the log (it went to the window's first button) */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), log));

  /* e11 took e10 (HR 150) back as entered in error, wrongly: it opens as
   * it is, entered in error, with e10's HR to bring back when unticked */
  g_assert_true (gtk_widget_activate (find_button_for (log, "timeline.correct", "e11")));
  wait_for ((dialog = find_correction_dialog ()) != NULL);
  {
    GtkWidget *in_error = find_by_type (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
    GtkWidget *hr_row = find_entry_row (GTK_WIDGET (dialog), "Heart rate");

    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (in_error)));
    g_assert_true (gtk_widget_get_sensitive (in_error));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hr_row)), ==, "150");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (in_error), FALSE);
    gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), "Reason")),
                           "it was this patient's after all");
    g_signal_emit_by_name (hr_row, "entry-activated");
  }
  wait_for (find_correction_dialog () == NULL);
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 15);
  g_assert_cmpuint (sp_timeline_lookup (sp_case_get_timeline (sp_case), "e15")->observations->len,
                    ==, 1);

  /* e8's new bag was 16 mg/250 mL, not 8: the bag is corrected, and what
   * runs now follows: 0.04 mcg/kg/min × 80 kg × 60 / 64 mcg/mL = 3 mL/h */
  g_assert_true (gtk_widget_activate (find_button_for (log, "timeline.correct", "e8")));
  wait_for ((dialog = find_correction_dialog ()) != NULL);
  {
    GtkWidget *bag_row = find_entry_row (GTK_WIDGET (dialog), "norepinephrine bag");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bag_row)), ==, "8 mg/250 mL");
    gtk_editable_set_text (GTK_EDITABLE (bag_row), "16 mg/250 mL");
    gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), "Reason")),
                           "the double-strength bag was 16 mg");
    g_signal_emit_by_name (bag_row, "entry-activated");
    run_pending ();
    g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog),
                                             "From now on: New bag of norepinephrine: 16 mg/250 mL"));
    g_signal_emit_by_name (bag_row, "entry-activated");
  }
  wait_for (find_correction_dialog () == NULL);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (sp_case_find_infusion (sp_case,
                                                                               "norepinephrine")),
                                  3, 1e-9);

  /* saved with Ctrl+S: the file holds both corrections */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  wait_for (!sp_case_get_modified (sp_case));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "corrects=\"e12\" reason=\"MAP and dose misread\">\n"
                                   "      <value field=\"sbp\">108</value>\n"
                                   "      <value field=\"dbp\">62</value>\n"
                                   "      <value field=\"map\">70</value>\n"));
  /* its own reason ("taper: targets met") was the wrong dose's */
  g_assert_nonnull (strstr (saved, "<dose drug=\"norepinephrine\" dose=\"0.04\" "
                                   "dose-unit=\"mcg/kg/min\"/>"));
  g_assert_nonnull (strstr (saved, "corrects=\"e9\" reason=\"another patient's values\"/>"));
  g_assert_nonnull (strstr (saved, "corrects=\"e11\" reason=\"it was this patient's after all\">\n"
                                   "      <value field=\"hr\">150</value>\n"));

  /* shockpath-cli reads the same file to the same answer: NEE 0.04, the
   * corrected norepinephrine alone */
  assert_cli_agrees (sp_case, path);
  g_assert_cmpfloat (sp_assessment_find_score (sp_case_get_assessment (sp_case), "nee")->value, ==,
                     0.04);

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

/* A value typed for a time another entry already records otherwise: the
 * popover warns before the record, naming the other entry, as
 * `shockpath-cli record` warns after it; recorded anyway, the new value
 * holds. The window gave no word. */
static void
test_record_same_time (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-timeline.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  SpWindow *window = test_window_show (1280, 800);
  SpCase *sp_case;
  SpTimelineView *view;
  GtkPopover *popover;
  GtkWidget *time_entry, *author_entry, *warning;
  const SpCaseEntry *recorded;
  const char *expected = "e2 at the same time records MAP 60 mmHg; this entry\u2019s MAP 70 "
                         "mmHg holds from then on (correct the one that is wrong)";

  g_assert_true (sp_window_open_file (window, file));
  run_pending ();
  sp_case = sp_window_get_case (window);
  view = show_timeline (window);

  type_field (window, "map", "70");
  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  popover = GTK_POPOVER (find_by_type (GTK_WIDGET (view), GTK_TYPE_POPOVER));
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  time_entry = find_entry_named (GTK_WIDGET (popover), "Time");
  author_entry = find_entry_named (GTK_WIDGET (popover), "Initials");

  /* now: no other entry at this time */
  g_assert_null (find_label_containing (GTK_WIDGET (popover), "at the same time records"));

  /* e2 is at 08:30 with MAP 60 */
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 08:30");
  warning = find_label_containing (GTK_WIDGET (popover), expected);
  g_assert_nonnull (warning);
  g_assert_true (gtk_widget_get_visible (warning));

  /* another time: the warning goes */
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 14:30");
  g_assert_false (gtk_widget_get_visible (warning));

  /* back to 08:30 and recorded: a warning, not a refusal */
  gtk_editable_set_text (GTK_EDITABLE (time_entry), "2026-12-03 08:30");
  g_assert_true (gtk_widget_get_visible (warning));
  gtk_editable_set_text (GTK_EDITABLE (author_entry), "AB");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 13);
  recorded = NULL;
  for (guint i = 0; i < sp_case_get_timeline (sp_case)->len; i++)
    {
      const SpCaseEntry *entry = g_ptr_array_index (sp_case_get_timeline (sp_case), i);

      if (g_strcmp0 (entry->id, "e13") == 0)
        recorded = entry;
    }
  g_assert_nonnull (recorded);
  {
    g_autofree char *time = sp_case_format_time (recorded->time);

    g_assert_cmpstr (time, ==, "2026-12-03T08:30:00+01:00");
  }

  destroy_window (GTK_WINDOW (window));
}

/* The button of the trend's span labelled @label, in @view. */
static GtkWidget *
span_button (SpTimelineView *view,
             const char     *label)
{
  GtkWidget *button = gtk_widget_get_ancestor (find_label_containing (GTK_WIDGET (view), label),
                                               GTK_TYPE_TOGGLE_BUTTON);

  g_assert_nonnull (button);
  return button;
}

/* The first time the plot's series @series shows (seconds since 1970). */
static gint64
first_point_time (const SpTrendPlot *plot,
                  guint              series)
{
  gint64 time = 0;

  g_assert_true (sp_trend_plot_get_point (plot, series, 0, &time, NULL, NULL));
  return time;
}

/* One entry a day late squashed the plot: the hours before it took a
 * sliver. The span buttons show the last 6, 12 or 24 hours up to the last
 * entry, or all; the choice is kept (GSettings "trend-hours"). */
static void
test_trend_hours (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.shockpath.ShockPath");
  /* 2026-12-03 08:00 +01:00 (07:00 UTC), the example's first entry, and
   * 2026-12-04 14:00 +01:00, the late one: 30 hours later */
  const gint64 first = 1796281200, late = first + 30 * 3600;
  SpWindow *window;
  SpCase *sp_case;
  SpTimelineView *view;
  SpTrendView *trend;
  GtkPopover *popover;
  const SpTrendPlot *plot;
  gint64 start = 0, end = 0;
  double value = 0;

  g_assert_cmpuint (g_settings_get_uint (settings, "trend-hours"), ==, 0);
  window = open_copy (dir, &path);
  sp_case = sp_window_get_case (window);
  view = show_timeline (window);
  trend = SP_TREND_VIEW (find_by_type (GTK_WIDGET (view), SP_TYPE_TREND_VIEW));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (span_button (view, "All"))));

  /* MAP 70 recorded at 14:00 the next day. */
  type_field (window, "map", "70");
  press_shortcut (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK, GTK_PHASE_BUBBLE);
  popover = GTK_POPOVER (find_by_type (GTK_WIDGET (view), GTK_TYPE_POPOVER));
  wait_for (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_named (GTK_WIDGET (popover), "Time")),
                         "2026-12-04 14:00");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_named (GTK_WIDGET (popover), "Initials")), "GH");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.record", NULL));
  wait_for (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 13);

  /* All: from the first entry, 08:00 on the 3rd. */
  plot = sp_trend_view_get_plot (trend);
  sp_trend_plot_get_time_range (plot, &start, &end);
  g_assert_cmpint (start, ==, first);
  g_assert_cmpint (first_point_time (plot, 0), ==, first);
  g_assert_cmpuint (sp_trend_plot_get_n_points (plot, 0), >, 1);

  /* 6 h, clicked: from 08:00 on the 4th (14:00 - 6 h); MAP's one point in
   * it is the late 70. */
  g_assert_true (gtk_widget_activate (span_button (view, "6 h")));
  wait_for (sp_trend_view_get_hours (trend) == 6);
  g_assert_cmpuint (g_settings_get_uint (settings, "trend-hours"), ==, 6);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (span_button (view, "6 h"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (span_button (view, "All"))));
  plot = sp_trend_view_get_plot (trend);
  sp_trend_plot_get_time_range (plot, &start, &end);
  g_assert_cmpint (start, ==, late - 6 * 3600);
  g_assert_cmpint (end, >, late);
  g_assert_cmpstr (sp_trend_plot_get_series_label (plot, 0), ==, "MAP");
  g_assert_cmpuint (sp_trend_plot_get_n_points (plot, 0), ==, 1);
  g_assert_true (sp_trend_plot_get_point (plot, 0, 0, &start, &value, NULL));
  g_assert_cmpint (start, ==, late);
  g_assert_cmpfloat (value, ==, 70);
  /* the keys step through what is shown: Home is the late 70 */
  press_key (GTK_WIDGET (trend), GDK_KEY_Home);
  assert_point_has (trend, "MAP 70 mmHg at 14:00");
  /* Down: SBP and lactate have no point in these hours; dobutamine, set
   * the day before and never changed, runs from the edge (its lane was
   * left empty) and says since when */
  press_key (GTK_WIDGET (trend), GDK_KEY_Down);
  assert_point (trend, "DOBUTamine 5 mcg/kg/min since 2026-12-03 08:00");
  press_key (GTK_WIDGET (trend), GDK_KEY_Down);
  assert_point (trend, "norepinephrine 0.05 mcg/kg/min since 2026-12-03 14:00");

  /* 24 h: from 14:00 on the 3rd; the example's 14:00 entry (MAP 74) is its
   * first MAP. */
  g_assert_true (gtk_widget_activate (span_button (view, "24 h")));
  wait_for (sp_trend_view_get_hours (trend) == 24);
  plot = sp_trend_view_get_plot (trend);
  g_assert_cmpint (first_point_time (plot, 0), ==, late - 24 * 3600);
  g_assert_true (sp_trend_plot_get_point (plot, 0, 0, NULL, &value, NULL));
  g_assert_cmpfloat (value, ==, 74);

  /* All again: from the first entry. */
  g_assert_true (gtk_widget_activate (span_button (view, "All")));
  wait_for (sp_trend_view_get_hours (trend) == 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "trend-hours"), ==, 0);
  g_assert_cmpint (first_point_time (sp_trend_view_get_plot (trend), 0), ==, first);
  g_settings_reset (settings, "trend-hours");
  /* a dose that changed says from when to when, wherever its bar is
   * pointed at; a plot of two days dates its times */
  gtk_widget_grab_focus (GTK_WIDGET (trend));
  press_key (GTK_WIDGET (trend), GDK_KEY_End);
  press_key (GTK_WIDGET (trend), GDK_KEY_Up);
  assert_point (trend, "norepinephrine 0.05 mcg/kg/min since 2026-12-03 14:00");
  press_key (GTK_WIDGET (trend), GDK_KEY_Left);
  assert_point (trend,
                "norepinephrine 0.1 mcg/kg/min from 2026-12-03 13:00 to 2026-12-03 14:00");
  /* up through dobutamine, lactate and SBP to MAP's newest */
  for (guint i = 0; i < 4; i++)
    press_key (GTK_WIDGET (trend), GDK_KEY_Up);
  assert_point (trend, "MAP 70 mmHg at 2026-12-04 14:00");
  /* the same words beside the point, where the keyboard sees them */
  {
    g_autofree char *description = NULL;

    g_object_get (trend, "point-description", &description, NULL);
    g_assert_cmpstr (description, ==, "MAP 70 mmHg at 2026-12-04 14:00");
  }
  /* the keys' point is in the box beside it, not in a tooltip at the
   * pointer */
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (trend)));
  /* Home: MAP's first point (it did nothing) */
  press_key (GTK_WIDGET (trend), GDK_KEY_Home);
  assert_point (trend, "MAP 59 mmHg at 2026-12-03 08:00");

  /* The pointer: on a point it shows it; off every point, and out of the
   * plot, nothing (it kept the last point, whatever lay under it). */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (trend));
    GObject *motion = NULL;
    SpTrendStyle style;
    double x = 0, y = 0;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && motion == NULL; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
          motion = controller;
      }
    g_assert_nonnull (motion);
    sp_trend_style_init_light (&style);
    g_assert_true (sp_trend_plot_get_point_position (sp_trend_view_get_plot (trend),
                                                     gtk_widget_get_width (GTK_WIDGET (trend)),
                                                     gtk_widget_get_height (GTK_WIDGET (trend)),
                                                     &style, 0, 1, &x, &y));
    g_signal_emit_by_name (motion, "motion", x, y);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (trend)), ==,
                     "MAP 60 mmHg at 2026-12-03 08:30");
    g_signal_emit_by_name (motion, "motion", 1.0, 1.0);
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (trend)));
    g_signal_emit_by_name (motion, "motion", x, y);
    g_signal_emit_by_name (motion, "leave");
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (trend)));
  }

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

/* In the last hours a late entry that only changed a dose leaves MAP, SBP
 * and lactate without a point: the plot's first key goes to the first
 * series that has one (it stayed on MAP's none, and no key reached a
 * point). The case: the example, and norepinephrine 0.1 recorded at 14:00
 * the next day (shockpath-cli record). */
static void
test_trend_first_key (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.shockpath.ShockPath");
  const char *argv[] = { g_getenv ("SHOCKPATH_CLI"), "record", "--case", NULL,
                         "--at", "2026-12-04T14:00:00+01:00", "--author", "GH",
                         "--infusion", "norepinephrine:0.1 mcg/kg/min", NULL };
  g_autoptr(GError) error = NULL;
  SpWindow *window;
  SpTimelineView *view;
  SpTrendView *trend;
  int status = 0;

  window = open_copy (dir, &path);
  destroy_window (GTK_WINDOW (window));
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, SP_TEST_SPAWN_FLAGS | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_settings_set_uint (settings, "trend-hours", 6);
  window = test_window_show (1280, 800);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (sp_window_open_file (window, file));
  }
  run_pending ();
  view = show_timeline (window);
  trend = SP_TREND_VIEW (find_by_type (GTK_WIDGET (view), SP_TYPE_TREND_VIEW));
  g_assert_cmpuint (sp_trend_view_get_hours (trend), ==, 6);
  g_assert_cmpuint (sp_trend_plot_get_n_points (sp_trend_view_get_plot (trend), 0), ==, 0);

  press_key (GTK_WIDGET (trend), GDK_KEY_End);
  assert_point (trend, "DOBUTamine 5 mcg/kg/min since 2026-12-03 08:00");
  press_key (GTK_WIDGET (trend), GDK_KEY_Down);
  assert_point (trend, "norepinephrine 0.1 mcg/kg/min since 14:00");
  /* a plot of the 4th dates what is not on it, and both ends of a dose
   * that began before */
  press_key (GTK_WIDGET (trend), GDK_KEY_Left);
  assert_point (trend,
                "norepinephrine 0.05 mcg/kg/min from 2026-12-03 14:00 to 2026-12-04 14:00");

  g_settings_reset (settings, "trend-hours");
  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  test_gtk_init (&argc, &argv);

  g_test_add_func ("/window/timeline/record", test_record);
  g_test_add_func ("/window/timeline/record-refused-input", test_record_refused_input);
  g_test_add_func ("/window/timeline/record-same-time", test_record_same_time);
  g_test_add_func ("/window/timeline/struck", test_struck);
  g_test_add_func ("/window/timeline/correct", test_correct);
  g_test_add_func ("/window/timeline/first-entry", test_first_entry);
  g_test_add_func ("/window/timeline/trend-hours", test_trend_hours);
  g_test_add_func ("/window/timeline/trend-first-key", test_trend_first_key);

  {
    int status = g_test_run ();

    g_assert_cmpuint (n_bad_logs, ==, 0);
    return status;
  }
}
