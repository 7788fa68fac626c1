/* test-teaching-cases.c: every stage of every shipped teaching case lights its step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The teaching cases in data/cases/teaching-*.xml are stepped through in
 * lectures. Each stage declares the protocol step its patient state must
 * light; this test runs the decision engine on every stage, so a change to
 * the protocol (or the engine) that would make a lecture show the wrong step
 * fails here. Together the cases must light every step of the protocol and
 * raise every alert it defines, and at least one dose soft-limit alert.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "sp-case.h"
#include "sp-case-file.h"
#include "sp-engine.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The shipped teaching case files, sorted, as full paths. */
static GPtrArray *
list_teaching_cases (void)
{
  const char *source_dir = g_getenv ("SHOCKPATH_SOURCE_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (source_dir);
  dir_path = g_build_filename (source_dir, "data", "cases", NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "teaching-") && g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));

  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

/* Through the one loader the window and shockpath-cli use. */
static SpCaseData *
load_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  SpCaseData *data = sp_case_data_load (path, protocol, drugs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

/* Every number entered passes the protocol's plausibility checks. */
static void
assert_plausible (const char           *where,
                  const SpPatientState *state)
{
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info ((SpField) i);
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;

      if (info->kind != SP_FIELD_KIND_NUMBER || !sp_patient_state_is_set (state, (SpField) i))
        continue;
      if (!sp_protocol_check_number (protocol, (SpField) i, state->values[i].number,
                                     &warning, &error))
        g_error ("%s: %s: %s", where, info->id, error->message);
      if (warning != NULL)
        g_error ("%s: %s: a teaching value should not need confirming: %s",
                 where, info->id, warning);
    }
}

/* One truth: what runs is written as infusions only, each with the
 * concentration it assumes. */
static void
assert_infusions_only (const char           *where,
                       const SpPatientState *state,
                       GPtrArray            *infusions)
{
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy ((SpField) i) && sp_patient_state_is_set (state, (SpField) i))
      g_error ("%s: the therapy field %s is written as a patient value", where,
               sp_field_get_info ((SpField) i)->id);
  for (guint i = 0; i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (!infusion->has_concentration)
        g_error ("%s: the %s infusion has no concentration", where, infusion->drug_id);
    }
}

static SpAssessment *
evaluate_stage (const char        *path,
                const SpCaseStage *stage)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *where = g_strdup_printf ("%s, stage “%s”", base, stage->id);
  SpAssessment *assessment;
  const SpStep *active;

  assert_plausible (where, &stage->patient);
  assert_infusions_only (where, &stage->patient, stage->infusions);

  assessment = sp_engine_evaluate (protocol, drugs, &stage->patient, stage->infusions);
  active = sp_assessment_get_active_step (assessment);
  g_assert_nonnull (active);
  if (g_strcmp0 (active->id, stage->step_id) != 0)
    g_error ("%s: declares step “%s” but the protocol lights “%s” (%s)",
             where, stage->step_id, active->id, sp_assessment_get_rule (assessment)->reason);

  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);

      /* A lecture never shows a dose the app would refuse. */
      if (alert->severity == SP_SEVERITY_HARD_LIMIT)
        g_error ("%s: raises the hard-limit alert %s", where, alert->id);
      g_test_message ("%s: %s, alert %s", where, active->id, alert->id);
    }

  return assessment;
}

/* One shipped case: its stages light their steps; it round-trips. */
static void
test_case (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(SpCaseData) data = load_case (path);
  g_autoptr(SpCaseData) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  const SpCaseStage *first;

  g_assert_true (sp_case_data_is_teaching (data));
  g_assert_nonnull (sp_case_data_get_title (data));
  g_assert_nonnull (sp_case_text_pick (data->teaching_titles));
  g_assert_cmpuint (data->stages->len, >=, 2);
  g_assert_cmpuint (data->stages->len, <=, 4);

  /* Opened in the normal window, the case shows its first stage. */
  first = g_ptr_array_index (data->stages, 0);
  g_assert_true (sp_patient_state_equal (&data->patient, &first->patient));
  assert_plausible (path, &data->patient);
  assert_infusions_only (path, &data->patient, data->infusions);

  for (guint i = 0; i < data->stages->len; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);
      g_autoptr(SpAssessment) assessment = NULL;
      const SpCaseText *text = sp_case_text_pick (stage->texts);

      g_assert_nonnull (sp_case_text_pick (stage->titles));
      g_assert_nonnull (text);
      g_assert_nonnull (text->cites);
      g_assert_nonnull (text->cites[0]);
      for (guint c = 0; text->cites[c] != NULL; c++)
        g_assert_nonnull (sp_protocol_find_reference (protocol, text->cites[c]));

      assessment = evaluate_stage (path, stage);
    }

  /* What ShockPath writes for it, it reads back the same. */
  xml = sp_case_file_to_xml (data);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<case format-version=\"2\">\n"));
  again = sp_case_file_load_data (xml, strlen (xml), path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->stages->len, ==, data->stages->len);
  for (guint i = 0; i < data->stages->len; i++)
    {
      const SpCaseStage *a = g_ptr_array_index (data->stages, i);
      const SpCaseStage *b = g_ptr_array_index (again->stages, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->step_id, ==, b->step_id);
      g_assert_true (sp_patient_state_equal (&a->patient, &b->patient));
    }
}

/* @texts shows its @lang variant (NULL: the English one). */
static void
assert_picks (const char *where,
              const char *what,
              GPtrArray  *texts,
              const char *lang)
{
  const SpCaseText *text = sp_case_text_pick (texts);

  g_assert_nonnull (text);
  if (g_strcmp0 (text->lang, lang) != 0)
    g_error ("%s: under LANGUAGE=%s the %s shows the “%s” variant", where,
             g_getenv ("LANGUAGE"), what, text->lang != NULL ? text->lang : "English");
}

/* A lecturer presenting in German, French or Spanish sees every title,
 * note and teaching text of every shipped case in that language (LANGUAGE decides, as
 * it does for the desktop); any other language sees English.
 * tests/check-case-translations.py checks the variants' content. */
static void
test_languages (void)
{
  static const char * const languages[] = { "de", "fr", "es", "en" };
  g_autoptr(GPtrArray) paths = list_teaching_cases ();
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *lang = g_str_equal (languages[l], "en") ? NULL : languages[l];

      g_setenv ("LANGUAGE", languages[l], TRUE);
      for (guint p = 0; p < paths->len; p++)
        {
          const char *path = g_ptr_array_index (paths, p);
          g_autoptr(SpCaseData) data = load_case (path);
          g_autofree char *base = g_path_get_basename (path);

          assert_picks (base, "teaching title", data->teaching_titles, lang);
          /* The case's own title and notes (the printed case summary). */
          assert_picks (base, "case title", data->titles, lang);
          assert_picks (base, "case notes", data->notes, lang);
          for (guint i = 0; i < data->stages->len; i++)
            {
              const SpCaseStage *stage = g_ptr_array_index (data->stages, i);
              g_autofree char *where = g_strdup_printf ("%s, stage “%s”", base, stage->id);

              assert_picks (where, "title", stage->titles, lang);
              assert_picks (where, "text", stage->texts, lang);
            }
        }
    }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* The shipped cases together light every step and raise every alert. */
static void
test_coverage (void)
{
  g_autoptr(GPtrArray) paths = list_teaching_cases ();
  g_autoptr(GHashTable) steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean soft_limit = FALSE;

  g_assert_cmpuint (paths->len, >=, 6);

  for (guint p = 0; p < paths->len; p++)
    {
      const char *path = g_ptr_array_index (paths, p);
      g_autoptr(SpCaseData) data = load_case (path);

      for (guint i = 0; i < data->stages->len; i++)
        {
          const SpCaseStage *stage = g_ptr_array_index (data->stages, i);
          g_autoptr(SpAssessment) assessment = evaluate_stage (path, stage);

          g_hash_table_add (steps, g_strdup (sp_assessment_get_active_step (assessment)->id));
          for (guint a = 0; a < sp_assessment_get_n_alerts (assessment); a++)
            {
              const SpAlert *alert = sp_assessment_get_alert (assessment, a);

              g_hash_table_add (alerts, g_strdup (alert->id));
              if (g_str_has_suffix (alert->id, "-soft-limit"))
                soft_limit = TRUE;
            }
        }
    }

  for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
    {
      const char *id = sp_protocol_get_step (protocol, i)->id;

      if (!g_hash_table_contains (steps, id))
        g_error ("no teaching stage lights the step “%s”", id);
    }
  for (guint i = 0; i < sp_protocol_get_n_alerts (protocol); i++)
    {
      const char *id = sp_protocol_get_alert (protocol, i)->id;

      /* Checks of what was typed (MAP or DBP above SBP) and the note on how
       * SBP exactly 90 is read are not steps of a lecture. */
      if (g_str_equal (id, "blood-pressure-inconsistent") || g_str_equal (id, "sbp-90-reading"))
        continue;
      if (!g_hash_table_contains (alerts, id))
        g_error ("no teaching stage raises the alert “%s”", id);
    }
  g_assert_true (soft_limit);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  paths = list_teaching_cases ();
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strndup (base, strlen (base) - strlen (".xml"));
      g_autofree char *test_path = g_strdup_printf ("/core/teaching-cases/%s", name);

      g_test_add_data_func (test_path, path, test_case);
    }
  g_test_add_func ("/core/teaching-cases/coverage", test_coverage);
  g_test_add_func ("/core/teaching-cases/languages", test_languages);

  ret = g_test_run ();

  g_clear_object (&protocol);
  g_clear_object (&drugs);
  return ret;
}
