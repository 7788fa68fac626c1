/* test-window-fhir.c: File > Export as FHIR and Open FHIR Bundle as New Case
 * in the window (what the actions run once a file is chosen)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (the display suite). The window's Bundle must be the one
 * `shockpath-cli export` writes for the same file: one function, one text.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-application.h"
#include "sp-test-files.h"
#include "sp-test-gtk.h"
#include "sp-timeline.h"
#include "sp-window.h"
#include "sp-test-spawn.h"

static char *
cli_export (const char *path)
{
  const char *argv[] = { g_getenv ("SHOCKPATH_CLI"), "export", "--case", path, "--format", "fhir",
                         NULL };
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, SP_TEST_SPAWN_FLAGS, NULL, NULL, &out,
                               &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  return out;
}

static void
test_export (void)
{
  SpWindow *window = test_window_show (0, 0);
  g_autofree char *source = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases",
                                              "example-timeline.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *out_path = g_build_filename (dir, "case-fhir.json", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GFile) nowhere = g_file_new_build_filename (dir, "missing", "x.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *expected = cli_export (source);

  g_assert_true (sp_window_open_file (window, file));
  g_assert_true (sp_window_export_fhir (window, out, &error));
  g_assert_no_error (error);
  written = read_text (out_path);
  g_assert_cmpstr (written, ==, expected);

  /* Opened again as a new case, as File > Open FHIR Bundle as New Case
   * does: the infusions run again, norepinephrine 0.05 mcg/kg/min in its
   * 8 mg/250 mL bag and dobutamine 5 mcg/kg/min, each with its card (the
   * import read Observations only, and the new case ran nothing), and it
   * exports as the same Bundle. */
  {
    SpWindow *again = test_window_show (0, 0);
    g_autoptr(SpFhirImport) import = sp_window_open_fhir_bundle (again, out, &error);
    SpCase *sp_case = sp_window_get_case (again);
    GListModel *infusions = sp_case_get_infusions (sp_case);
    g_autofree char *again_path = g_build_filename (dir, "again-fhir.json", NULL);
    g_autoptr(GFile) again_out = g_file_new_for_path (again_path);
    g_autofree char *again_written = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (import->n_changes, ==, 7);
    g_assert_cmpuint (g_list_model_get_n_items (infusions), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(SpInfusion) infusion = g_list_model_get_item (infusions, i);
        const char *drug_id = sp_drug_get_id (sp_infusion_get_drug (infusion));

        g_assert_nonnull (find_card (GTK_WIDGET (again), drug_id));
        g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==,
                           g_str_equal (drug_id, "norepinephrine") ? 0.05 : 5);
      }
    g_assert_true (sp_window_export_fhir (again, again_out, &error));
    g_assert_no_error (error);
    again_written = read_text (again_path);
    g_assert_cmpstr (again_written, ==, expected);
    destroy_window (GTK_WINDOW (again));
  }

  /* A folder that does not exist: an error to show, no file. */
  g_assert_false (sp_window_export_fhir (window, nowhere, &error));
  g_assert_nonnull (error);

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

static void
test_open_bundle (void)
{
  SpWindow *window = test_window_show (0, 0);
  SpCase *sp_case = sp_window_get_case (window);
  g_autofree char *bundle = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "tests", "data",
                                              "fhir-monitor.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *bad_path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(SpFhirImport) import = NULL;
  g_autoptr(SpFhirImport) refused = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  import = sp_window_open_fhir_bundle (window, file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  /* As `import` counts them (test-fhir.c): 7 values at 09:00 and 09:15,
   * 8 items skipped. */
  g_assert_cmpuint (import->n_added, ==, 7);
  g_assert_cmpuint (import->skipped->len, ==, 8);

  /* A new case: no file, not saved. */
  g_assert_null (sp_case_get_file (sp_case));
  g_assert_true (sp_case_get_modified (sp_case));
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 2);
  data = sp_case_to_data (sp_case);
  /* The state now: the last values (09:15: SBP 88, DBP 52, lactate 4). */
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_SBP), ==, 88);
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_DBP), ==, 52);
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_LACTATE), ==, 4);
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_HR), ==, 118);
  g_assert_false (sp_case_has_unrecorded (sp_case));

  /* A file that is not a Bundle: refused, the case as it was. */
  g_assert_true (g_file_set_contents (bad_path, "{\"resourceType\": \"Patient\"}", -1, NULL));
  refused = sp_window_open_fhir_bundle (window, bad, &error);
  g_assert_null (refused);
  g_assert_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_NOT_BUNDLE);
  g_assert_cmpuint (sp_case_get_timeline (sp_case)->len, ==, 2);

  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
}

/* The shown AdwMessageDialog, or NULL. */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* File > Open FHIR Bundle as New Case, as a user takes it: the action, the
 * file chosen, the report. Urine volumes (LOINC 9187-6) become mL/kg/h with
 * the arithmetic shown: 120 mL over 07:00-09:00 at 80 kg is
 * 120 / (80 x 2) = 0.75 mL/kg/h. */
static void
test_open_bundle_report (void)
{
  SpWindow *window = test_window_show (0, 0);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "ward.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SpCaseData) data = NULL;
  AdwMessageDialog *dialog = NULL;
  const char *body;
  const char *json =
    "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
    "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"wt\", \"status\": \"final\","
    " \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"29463-7\"}]},"
    " \"effectiveDateTime\": \"2026-12-03T07:00:00Z\","
    " \"valueQuantity\": {\"value\": 80, \"system\": \"http://unitsofmeasure.org\", \"code\": \"kg\"}}},"
    "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"uo\", \"status\": \"final\","
    " \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"9187-6\"}]},"
    " \"effectivePeriod\": {\"start\": \"2026-12-03T07:00:00Z\", \"end\": \"2026-12-03T09:00:00Z\"},"
    " \"valueQuantity\": {\"value\": 120, \"system\": \"http://unitsofmeasure.org\", \"code\": \"mL\"}}},"
    "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"uo-point\", \"status\": \"final\","
    " \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"9187-6\"}]},"
    " \"effectiveDateTime\": \"2026-12-03T10:00:00Z\","
    " \"valueQuantity\": {\"value\": 40, \"system\": \"http://unitsofmeasure.org\", \"code\": \"mL\"}}}"
    "]}";

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  sp_file_chooser_set_test_func (file_request_answer, file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-fhir", NULL));
  sp_file_chooser_set_test_func (NULL, NULL);
  wait_for ((dialog = find_message_dialog ()) != NULL);
  g_assert_nonnull (dialog);

  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Added 2 values to the timeline.\n"));
  g_assert_nonnull (strstr (body, "Worked out:\n• entry 2: Observation “uo” (LOINC 9187-6): "
                                  "120 mL over 2 h at 80 kg = 0.75 mL/kg/h\n"));
  g_assert_nonnull (strstr (body, "Skipped 1 item:\n• entry 3: Observation “uo-point” (LOINC "
                                  "9187-6): a urine volume without the period it was collected "
                                  "over"));

  /* The new case holds what the report says. */
  data = sp_case_to_data (sp_window_get_case (window));
  g_assert_cmpuint (data->timeline->len, ==, 2);
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_URINE), ==, 0.75);
  g_assert_cmpfloat (sp_patient_state_get_number (&data->patient, SP_FIELD_WEIGHT), ==, 80);

  gtk_window_destroy (GTK_WINDOW (dialog));
  destroy_window (GTK_WINDOW (window));
  remove_tree (dir);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  test_gtk_init (&argc, &argv);

  g_test_add_func ("/window/fhir/export", test_export);
  g_test_add_func ("/window/fhir/open-bundle", test_open_bundle);
  g_test_add_func ("/window/fhir/open-bundle-report", test_open_bundle_report);

  {
    int status = g_test_run ();

    g_assert_cmpuint (n_bad_logs, ==, 0);
    return status;
  }
}
