/* test-case-file.c: case files load safely, save atomically, round-trip exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sp-case-file.h"
#include "sp-test-files.h"
#include "sp-xml.h"

/* --- helpers --------------------------------------------------------------- */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "cases", name, NULL);
}

static SpConcentration
conc (double       amount,
      SpAmountUnit unit,
      double       volume_ml)
{
  SpConcentration c = { amount, unit, volume_ml, volume_ml == 1.0 };

  return c;
}

static SpCaseInfusion *
infusion_new (const char     *drug,
              SpConcentration c,
              gboolean        has_dose,
              double          dose,
              SpAmountUnit    dose_amount,
              gboolean        per_kg,
              SpTimeUnit      time)
{
  SpCaseInfusion *infusion = sp_case_infusion_new (drug, &c);

  infusion->has_dose = has_dose;
  if (has_dose)
    {
      infusion->dose = dose;
      infusion->dose_unit.amount = dose_amount;
      infusion->dose_unit.per_kg = per_kg;
      infusion->dose_unit.time = time;
    }
  return infusion;
}

/* Adds the @lang variant (NULL: the default) @text to @texts. */
static void
add_text (GPtrArray  *texts,
          const char *lang,
          const char *text)
{
  g_ptr_array_add (texts, sp_case_text_new (lang, text, NULL));
}

/* NULL (the title of a stage compared as a case) is no text. */
static void
assert_texts_equal (GPtrArray *a,
                    GPtrArray *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true ((a == NULL || a->len == 0) && (b == NULL || b->len == 0));
      return;
    }
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const SpCaseText *x = g_ptr_array_index (a, i);
      const SpCaseText *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->lang, ==, y->lang);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpint (x->cites == NULL, ==, y->cites == NULL);
      if (x->cites != NULL)
        g_assert_true (g_strv_equal ((const char * const *) x->cites,
                                     (const char * const *) y->cites));
    }
}

static void assert_cases_equal (const SpCaseData *a,
                                const SpCaseData *b);

/* Stages as cases, so the patient and infusion checks are shared. */
static void
assert_stages_equal (const SpCaseStage *a,
                     const SpCaseStage *b)
{
  SpCaseData x = { .patient = a->patient, .infusions = a->infusions };
  SpCaseData y = { .patient = b->patient, .infusions = b->infusions };

  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->step_id, ==, b->step_id);
  assert_texts_equal (a->titles, b->titles);
  assert_texts_equal (a->texts, b->texts);
  assert_cases_equal (&x, &y);
}

static void
assert_cases_equal (const SpCaseData *a,
                    const SpCaseData *b)
{
  assert_texts_equal (a->titles, b->titles);
  assert_texts_equal (a->notes, b->notes);

  g_assert_true (sp_patient_state_equal (&a->patient, &b->patient));
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info ((SpField) i);

      g_assert_cmpint (sp_patient_state_is_set (&a->patient, (SpField) i), ==,
                       sp_patient_state_is_set (&b->patient, (SpField) i));
      if (!sp_patient_state_is_set (&a->patient, (SpField) i))
        continue;
      if (info->kind == SP_FIELD_KIND_NUMBER)
        g_assert_cmpfloat (a->patient.values[i].number, ==, b->patient.values[i].number);
      else
        g_assert_cmpstr (sp_patient_state_get_choice (&a->patient, (SpField) i), ==,
                         sp_patient_state_get_choice (&b->patient, (SpField) i));
    }

  g_assert_cmpuint (a->infusions->len, ==, b->infusions->len);
  for (guint i = 0; i < a->infusions->len; i++)
    {
      const SpCaseInfusion *x = g_ptr_array_index (a->infusions, i);
      const SpCaseInfusion *y = g_ptr_array_index (b->infusions, i);

      g_assert_cmpstr (x->drug_id, ==, y->drug_id);
      g_assert_cmpint (x->has_concentration, ==, y->has_concentration);
      g_assert_cmpint (x->running, ==, y->running);
      g_assert_cmpfloat (x->concentration.amount, ==, y->concentration.amount);
      g_assert_cmpint (x->concentration.amount_unit, ==, y->concentration.amount_unit);
      g_assert_cmpfloat (x->concentration.volume_ml, ==, y->concentration.volume_ml);
      g_assert_cmpint (!x->concentration.per_ml_form, ==, !y->concentration.per_ml_form);
      g_assert_true (sp_concentration_equal (&x->concentration, &y->concentration));
      g_assert_cmpint (!x->has_dose, ==, !y->has_dose);
      if (x->has_dose)
        {
          g_assert_cmpfloat (x->dose, ==, y->dose);
          g_assert_true (sp_dose_unit_equal (x->dose_unit, y->dose_unit));
        }
    }

  /* Format 2: teaching content (absent in stages compared as cases). */
  if (a->stages == NULL || b->stages == NULL)
    return;
  assert_texts_equal (a->teaching_titles, b->teaching_titles);
  g_assert_cmpuint (a->stages->len, ==, b->stages->len);
  for (guint i = 0; i < a->stages->len; i++)
    assert_stages_equal (g_ptr_array_index (a->stages, i), g_ptr_array_index (b->stages, i));
}

/* Saves @data into a fresh directory, loads it back, compares. */
static void
assert_round_trip (const SpCaseData *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) loaded = NULL;
  g_autoptr(SpCaseData) from_text = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *xml = sp_case_file_to_xml (data);
  g_autofree char *written = NULL;

  g_assert_true (sp_case_file_save (path, data, &error));
  g_assert_no_error (error);

  written = read_text (path);
  g_assert_cmpstr (written, ==, xml);
  g_assert_true (g_utf8_validate (written, -1, NULL));

  loaded = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_cases_equal (data, loaded);

  from_text = sp_case_file_load_data (xml, strlen (xml), "memory.xml", &error);
  g_assert_no_error (error);
  assert_cases_equal (data, from_text);

  remove_tree (dir);
}

/* --- round trips ----------------------------------------------------------- */

static void
test_round_trip_numbers (void)
{
  static const double samples[] = {
    78, 0, 0.1, 0.03, 3.4, 84.5, 1e-07, 123.456789012345, 0.30000000000000004,
    2.5e9, 1.0 / 3.0, 350,
  };
  g_autoptr(SpCaseData) data = NULL;
  guint n = 0;

  /* Every number field, each sample in some field, twice over. */
  for (guint round = 0; round < 2; round++)
    {
      g_clear_pointer (&data, sp_case_data_free);
      data = sp_case_data_new ();
      for (guint i = 0; i < SP_N_FIELDS; i++)
        {
          /* What runs is stored as infusions, never as patient values. */
          if (sp_field_get_info ((SpField) i)->kind != SP_FIELD_KIND_NUMBER ||
              sp_field_is_therapy ((SpField) i))
            continue;
          sp_patient_state_set_number (&data->patient, (SpField) i,
                                       samples[n++ % G_N_ELEMENTS (samples)]);
        }
      assert_round_trip (data);
    }
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (samples));
}

static void
test_round_trip_choices (void)
{
  /* Every choice of every choice field. */
  for (guint k = 0; k < 5; k++)
    {
      g_autoptr(SpCaseData) data = sp_case_data_new ();

      for (guint i = 0; i < SP_N_FIELDS; i++)
        {
          const SpFieldInfo *info = sp_field_get_info ((SpField) i);
          guint n_choices;

          if (info->kind != SP_FIELD_KIND_CHOICE || sp_field_is_therapy ((SpField) i))
            continue;
          n_choices = g_strv_length ((char **) info->choices);
          g_assert_true (sp_patient_state_set_choice (&data->patient, (SpField) i,
                                                      info->choices[k % n_choices]));
        }
      assert_round_trip (data);
    }
}

static void
test_round_trip_partial (void)
{
  g_autoptr(SpCaseData) empty = sp_case_data_new ();
  g_autoptr(SpCaseData) some = sp_case_data_new ();

  /* Nothing entered: an empty <patient/> and nothing else. */
  assert_round_trip (empty);

  /* A field not listed stays not entered. */
  sp_patient_state_set_number (&some->patient, SP_FIELD_SBP, 84);
  g_assert_true (sp_patient_state_set_choice (&some->patient, SP_FIELD_MCS, "ecmo"));
  assert_round_trip (some);
}

static void
test_round_trip_infusions (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();

  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 78);
  g_ptr_array_add (data->infusions,
                   infusion_new ("norepinephrine", conc (4, SP_AMOUNT_MG, 250),
                                 TRUE, 0.1, SP_AMOUNT_MCG, TRUE, SP_TIME_MIN));
  g_ptr_array_add (data->infusions,
                   infusion_new ("norepinephrine", conc (16, SP_AMOUNT_MG, 250),
                                 TRUE, 12.5, SP_AMOUNT_MCG, FALSE, SP_TIME_MIN));
  g_ptr_array_add (data->infusions,
                   infusion_new ("vasopressin", conc (20, SP_AMOUNT_UNITS, 100),
                                 TRUE, 0.03, SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN));
  g_ptr_array_add (data->infusions,
                   infusion_new ("dobutamine", conc (1000, SP_AMOUNT_MG, 250),
                                 TRUE, 0, SP_AMOUNT_MCG, TRUE, SP_TIME_MIN));
  g_ptr_array_add (data->infusions,
                   infusion_new ("milrinone", conc (200, SP_AMOUNT_MCG, 1),   /* per-mL form */
                                 TRUE, 0.375, SP_AMOUNT_MCG, TRUE, SP_TIME_MIN));
  g_ptr_array_add (data->infusions,
                   infusion_new ("levosimendan", conc (12.5, SP_AMOUNT_MG, 500),
                                 TRUE, 0.6, SP_AMOUNT_MG, FALSE, SP_TIME_H));
  g_ptr_array_add (data->infusions,
                   infusion_new ("epinephrine", conc (5, SP_AMOUNT_MG, 250),
                                 FALSE, 0, SP_AMOUNT_MCG, FALSE, SP_TIME_MIN));   /* no dose */

  assert_round_trip (data);
}

static void
test_round_trip_text (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autoptr(SpCaseData) control = sp_case_data_new ();
  g_autoptr(SpCaseData) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  add_text (data->titles, NULL, "Bed 7 <ICU> & \"Müller\" – MAP ≥ 65 'mmHg'");
  add_text (data->notes, NULL, "Line one\nline two\r\n\tindented ]]> <!-- not a comment -->\n"
                               "Æ ∑ 😀");
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 78);
  assert_round_trip (data);

  /* Characters XML 1.0 cannot carry become U+FFFD rather than a file that
   * cannot be opened again. */
  add_text (control->titles, NULL, "bell\a here");
  xml = sp_case_file_to_xml (control);
  loaded = sp_case_file_load_data (xml, strlen (xml), "control.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_case_data_get_title (loaded), ==, "bell\xef\xbf\xbd here");
}

/* --- the text itself ------------------------------------------------------- */

static void
test_to_xml_stable (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autofree char *xml = NULL;
  const char *expected =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"1\">\n"
    "  <title>A &amp; B</title>\n"
    "  <patient>\n"
    "    <value field=\"weight\">78</value>\n"
    "    <value field=\"sbp\">84</value>\n"
    "    <value field=\"lactate\">3.4</value>\n"
    "    <value field=\"mental\">altered</value>\n"
    "  </patient>\n"
    "  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" volume-ml=\"250\""
    " dose=\"0.1\" dose-unit=\"mcg/kg/min\"/>\n"
    "  </infusions>\n"
    "</case>\n";

  add_text (data->titles, NULL, "A & B");
  /* Set out of order: written in SpField order. */
  sp_patient_state_set_number (&data->patient, SP_FIELD_NOREPINEPHRINE, 0.1);
  g_assert_true (sp_patient_state_set_choice (&data->patient, SP_FIELD_MENTAL, "altered"));
  sp_patient_state_set_number (&data->patient, SP_FIELD_LACTATE, 3.4);
  sp_patient_state_set_number (&data->patient, SP_FIELD_SBP, 84);
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 78);
  g_ptr_array_add (data->infusions,
                   infusion_new ("norepinephrine", conc (4, SP_AMOUNT_MG, 250),
                                 TRUE, 0.1, SP_AMOUNT_MCG, TRUE, SP_TIME_MIN));

  xml = sp_case_file_to_xml (data);
  g_assert_cmpstr (xml, ==, expected);

  /* C locale whatever the user's locale. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL || setlocale (LC_NUMERIC, "de_DE.utf8") != NULL)
    {
      g_autofree char *xml_de = sp_case_file_to_xml (data);
      g_autoptr(SpCaseData) loaded = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (xml_de, ==, expected);
      loaded = sp_case_file_load_data (xml_de, strlen (xml_de), "de.xml", &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (loaded->patient.values[SP_FIELD_LACTATE].number, ==, 3.4);
      setlocale (LC_NUMERIC, "C");
    }
  else
    g_test_message ("no de_DE locale: decimal-comma sub-case not run");
}

/* --- shipped examples ------------------------------------------------------ */

static void
test_examples (void)
{
  static const char * const names[] = {
    "example-step2.xml", "example-stable.xml", "example-wean.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = example_path (names[i]);
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = read_text (path);
      g_autofree char *xml = NULL;

      data = sp_case_file_load (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (data);
      g_assert_nonnull (sp_case_data_get_title (data));
      g_assert_nonnull (sp_case_data_get_notes (data));
      /* English and the three translations of each (their wording is
       * tests/check-translations.py's). */
      g_assert_cmpuint (data->format_version, ==, 2);
      g_assert_cmpuint (data->titles->len, ==, 4);
      g_assert_cmpuint (data->notes->len, ==, 4);

      /* The shipped files are written exactly as ShockPath writes them. */
      xml = sp_case_file_to_xml (data);
      g_assert_cmpstr (xml, ==, text);
    }
}

static void
test_example_step2 (void)
{
  g_autofree char *path = example_path ("example-step2.xml");
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  const SpPatientState *p;
  double map;
  gboolean derived;

  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  p = &data->patient;

  g_assert_cmpfloat (p->values[SP_FIELD_WEIGHT].number, ==, 78);
  g_assert_cmpfloat (p->values[SP_FIELD_SBP].number, ==, 84);
  g_assert_cmpfloat (p->values[SP_FIELD_DBP].number, ==, 50);
  g_assert_cmpfloat (p->values[SP_FIELD_LACTATE].number, ==, 3.4);
  g_assert_cmpfloat (p->values[SP_FIELD_URINE].number, ==, 0.3);
  g_assert_cmpstr (sp_patient_state_get_choice (p, SP_FIELD_MENTAL), ==, "altered");
  g_assert_cmpstr (sp_patient_state_get_choice (p, SP_FIELD_SKIN), ==, "poor");
  g_assert_cmpstr (sp_patient_state_get_choice (p, SP_FIELD_CENTRAL_LINE), ==, "yes");
  g_assert_cmpstr (sp_patient_state_get_choice (p, SP_FIELD_ARTERIAL_LINE), ==, "no");
  g_assert_cmpstr (sp_patient_state_get_choice (p, SP_FIELD_FLUID), ==, "given-no-response");
  /* One truth: what runs is the dobutamine infusion, not patient values. */
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_INOTROPE));
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_INOTROPE_DOSE));
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_NOREPINEPHRINE));
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_VASOPRESSIN));
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_EPINEPHRINE));
  g_assert_false (sp_patient_state_is_set (p, SP_FIELD_MAP));
  g_assert_true (sp_patient_state_get_effective (p, SP_FIELD_MAP, &map, &derived));
  g_assert_true (derived);
  g_assert_cmpfloat_with_epsilon (map, 61.33, 0.01);
}

static void
test_example_wean (void)
{
  g_autofree char *path = example_path ("example-wean.xml");
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  const SpCaseInfusion *ne;

  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  /* What runs is the infusion only. */
  g_assert_false (sp_patient_state_is_set (&data->patient, SP_FIELD_NOREPINEPHRINE));
  g_assert_cmpuint (data->infusions->len, >=, 1);

  ne = g_ptr_array_index (data->infusions, 0);
  g_assert_cmpstr (ne->drug_id, ==, "norepinephrine");
  g_assert_cmpfloat (ne->concentration.amount, ==, 4);
  g_assert_cmpint (ne->concentration.amount_unit, ==, SP_AMOUNT_MG);
  g_assert_cmpfloat (ne->concentration.volume_ml, ==, 250);
  g_assert_false (ne->concentration.per_ml_form);
  g_assert_true (ne->has_dose);
  g_assert_cmpfloat (ne->dose, ==, 0.1);
  g_assert_cmpstr (sp_dose_unit_to_string (ne->dose_unit), ==, "mcg/kg/min");
}

/* --- atomic save ----------------------------------------------------------- */

static SpCaseData *
case_with_weight (double weight)
{
  SpCaseData *data = sp_case_data_new ();

  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, weight);
  return data;
}

static void
test_save_overwrite_no_temp (void)
{
  g_autoptr(SpCaseData) first = case_with_weight (78);
  g_autoptr(SpCaseData) second = case_with_weight (87);
  g_autoptr(SpCaseData) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *listing = NULL;
  GStatBuf st;

  g_assert_true (sp_case_file_save (path, first, &error));
  g_assert_no_error (error);
  g_assert_true (sp_case_file_save (path, second, &error));
  g_assert_no_error (error);

  /* The new content, and nothing left beside it. */
  loaded = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->patient.values[SP_FIELD_WEIGHT].number, ==, 87);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "case.xml");

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0600, ==, 0600);
  g_assert_cmpint (st.st_mode & 0022, ==, 0);

  remove_tree (dir);
}

/* Patient notes stay private: a 0600 case is saved as 0600; a case reached
 * through a symbolic link is saved into the file the link points to, and
 * the link stays a link. */
static void
test_save_keeps_mode_and_link (void)
{
  g_autoptr(SpCaseData) first = case_with_weight (78);
  g_autoptr(SpCaseData) second = case_with_weight (87);
  g_autoptr(SpCaseData) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *link = g_build_filename (dir, "link.xml", NULL);
  GStatBuf st;

  g_assert_true (sp_case_file_save (path, first, &error));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (symlink ("case.xml", link), ==, 0);

  g_assert_true (sp_case_file_save (link, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  loaded = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->patient.values[SP_FIELD_WEIGHT].number, ==, 87);

  remove_tree (dir);
}

static void
test_save_nonexistent_dir (void)
{
  g_autoptr(SpCaseData) data = case_with_weight (78);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "no-such-dir", "case.xml", NULL);
  g_autofree char *listing = NULL;

  g_assert_false (sp_case_file_save (path, data, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  remove_tree (dir);
}

static void
test_save_read_only_dir (void)
{
  g_autoptr(SpCaseData) first = case_with_weight (78);
  g_autoptr(SpCaseData) second = case_with_weight (87);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;

  if (geteuid () == 0)
    {
      /* Root writes into a 0555 directory; the rlimit test covers a failed write. */
      g_test_skip ("running as root: chmod does not stop writes");
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "case.xml", NULL);
  g_assert_true (sp_case_file_save (path, first, &error));
  g_assert_no_error (error);
  before = read_text (path);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_false (sp_case_file_save (path, second, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  after = read_text (path);
  g_assert_cmpstr (after, ==, before);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "case.xml");

  remove_tree (dir);
}

/* A write that fails half-way (the file size limit: as effective for root as
 * for anyone) leaves the old file whole and no temporary file behind. */
static void
test_save_fails_midway (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SpCaseData) first = case_with_weight (78);
      g_autoptr(SpCaseData) big = case_with_weight (87);
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *listing = NULL;
      struct rlimit limit;
      gsize before_len;

      g_assert_true (sp_case_file_save (path, first, &error));
      g_assert_no_error (error);
      before = read_text (path);
      before_len = strlen (before);

      /* Larger than the limit below, so its write fails part-way. */
      {
        g_autofree char *long_notes = g_strnfill (4096, 'x');

        add_text (big->notes, NULL, long_notes);
      }

      signal (SIGXFSZ, SIG_IGN);
      getrlimit (RLIMIT_FSIZE, &limit);
      limit.rlim_cur = before_len + 64;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (sp_case_file_save (path, big, &error));
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, path));

      after = read_text (path);
      g_assert_cmpstr (after, ==, before);
      listing = list_dir (dir);
      g_assert_cmpstr (listing, ==, "case.xml");

      remove_tree (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_save_refuses_unreadable_case (void)
{
  g_autoptr(SpCaseData) data = case_with_weight (-5);
  g_autoptr(SpCaseData) bad_drug = case_with_weight (78);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.xml", NULL);
  g_autofree char *listing = NULL;

  /* ShockPath never writes a file it would refuse to open. */
  g_assert_false (sp_case_file_save (path, data, &error));
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_CONTENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "weight"));
  g_clear_error (&error);

  g_ptr_array_add (bad_drug->infusions,
                   infusion_new ("Nor Epi", conc (4, SP_AMOUNT_MG, 0),
                                 FALSE, 0, SP_AMOUNT_MCG, FALSE, SP_TIME_MIN));
  g_assert_false (sp_case_file_save (path, bad_drug, &error));
  g_assert_nonnull (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  remove_tree (dir);
}

/* --- refused files --------------------------------------------------------- */

typedef struct {
  const char *file;
  int         code;
  int         line;       /* 0: the message names no line */
  const char *contains;   /* a part of the message */
} RefusedCase;

static const RefusedCase refused_cases[] = {
  { "case-malformed.xml", SP_XML_ERROR_MALFORMED, 5, "mismatch" },
  { "case-schema.xml", SP_XML_ERROR_INVALID, 5, "sbp" },
  { "case-unknown-field.xml", SP_XML_ERROR_CONTENT, 5, "unknown field “systolic”" },
  { "case-unknown-choice.xml", SP_XML_ERROR_CONTENT, 5,
    "mental: “confused” is not one of the choices: normal, altered" },
  { "case-comma.xml", SP_XML_ERROR_CONTENT, 5, "sbp: “84,5”" },
  { "case-nan.xml", SP_XML_ERROR_CONTENT, 5, "lactate: “NaN” is not a number" },
  { "case-negative.xml", SP_XML_ERROR_CONTENT, 4, "weight: “-78” is negative" },
  { "case-duplicate.xml", SP_XML_ERROR_CONTENT, 6,
    "“weight” is given twice (first on line 4)" },
  { "case-dose-no-unit.xml", SP_XML_ERROR_INVALID, 7, "dose" },
  { "case-external-entity.xml", SP_XML_ERROR_FORBIDDEN, 2, "entity" },
  { "case-billion-laughs.xml", SP_XML_ERROR_FORBIDDEN, 3, "entity" },
};

static void
assert_refused (GError     *error,
                const char *name,
                int         code,
                int         line,
                const char *contains)
{
  g_autofree char *prefix = NULL;

  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, SP_XML_ERROR, code);
  prefix = line > 0 ? g_strdup_printf ("%s:%d: ", name, line) : g_strdup_printf ("%s: ", name);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, contains));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_refused (gconstpointer user_data)
{
  const RefusedCase *rc = user_data;
  g_autofree char *path = data_path (rc->file);
  g_autofree char *text = read_text (path);
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  data = sp_case_file_load (path, &error);
  g_assert_null (data);
  assert_refused (error, path, rc->code, rc->line, rc->contains);
  g_clear_error (&error);

  data = sp_case_file_load_data (text, strlen (text), rc->file, &error);
  g_assert_null (data);
  assert_refused (error, rc->file, rc->code, rc->line, rc->contains);

  /* Refused fast: nothing expanded, nothing fetched. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (strstr (error->message, "root:"));
}

static void
test_refused_version (void)
{
  const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"6\">\n"
    "  <title>From a newer ShockPath</title>\n"
    "  <patient/>\n"
    "  <lectures/>\n"
    "</case>\n";
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "case-version-6.xml", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  /* The file would not validate (format-version, <lectures>): the version is
   * checked first, so the message says "newer", not "invalid". */
  data = sp_case_file_load (path, &error);
  g_assert_null (data);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_VERSION);
  /* The root element is on line 2. */
  expected = g_strdup_printf ("%s:2: written by a newer version of ShockPath (case format 6); "
                              "this version reads format 5", path);
  g_assert_cmpstr (error->message, ==, expected);
  remove_tree (dir);
}

/* A format-2 file holding what format 2 does not define is invalid, not newer. */
static void
test_refused_invalid_format_2 (void)
{
  g_autofree char *path = data_path ("case-version-2.xml");
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = sp_case_file_load (path, &error);
  g_assert_null (data);
  assert_refused (error, path, SP_XML_ERROR_INVALID, 7, "stages");
}

static void
test_refused_too_large (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.xml", NULL);
  g_autoptr(GString) text = g_string_new ("<?xml version=\"1.0\"?>\n<case format-version=\"1\">\n"
                                          "<notes>");
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  while (text->len <= SP_XML_MAX_FILE_SIZE)
    g_string_append (text, "abcdefghijklmnopqrstuvwxyz0123456789\n");
  g_string_append (text, "</notes><patient/></case>\n");
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));

  data = sp_case_file_load (path, &error);
  g_assert_null (data);
  assert_refused (error, path, SP_XML_ERROR_TOO_LARGE, 0, "larger");
  g_clear_error (&error);

  data = sp_case_file_load_data (text->str, text->len, "huge.xml", &error);
  g_assert_null (data);
  assert_refused (error, "huge.xml", SP_XML_ERROR_TOO_LARGE, 0, "larger");

  remove_tree (dir);
}

static void
test_refused_missing (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing.xml", NULL);
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = sp_case_file_load (path, &error);
  g_assert_null (data);
  assert_refused (error, path, SP_XML_ERROR_IO, 0, "");
  remove_tree (dir);
}

/* Smaller refusals, written inline: (text of line 4 inside <patient> or a
 * whole document, expected code, message part). */
typedef struct {
  const char *body;       /* the lines after <case ...> */
  int         code;
  int         line;
  const char *contains;
} InlineCase;

static const InlineCase inline_cases[] = {
  { "  <patient>\n    <value field=\"sbp\">0x54</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "“0x54” is not a number" },
  { "  <patient>\n    <value field=\"sbp\">inf</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "“inf” is not a number" },
  { "  <patient>\n    <value field=\"sbp\">1e999</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "out of range" },
  { "  <patient>\n    <value field=\"sbp\">.5</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "“.5” is not a number" },
  { "  <patient>\n    <value field=\"sbp\">1,234</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "decimal point" },
  { "  <patient>\n    <value field=\"sbp\">84 mmHg</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "“84 mmHg” is not a number" },
  { "  <patient>\n    <value field=\"weight\"> </value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "weight: no number given" },
  { "  <patient>\n    <value field=\"weight\">-0</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "negative" },
  { "  <patient>\n    <value field=\"mental\">Altered</value>\n  </patient>\n",
    SP_XML_ERROR_CONTENT, 4, "not one of the choices" },
  { "  <patient/>\n  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" volume-ml=\"0\"/>\n"
    "  </infusions>\n",
    SP_XML_ERROR_CONTENT, 5, "volume-ml: must be greater than 0" },
  { "  <patient/>\n  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4,5\" amount-unit=\"mg\" volume-ml=\"250\"/>\n"
    "  </infusions>\n",
    SP_XML_ERROR_CONTENT, 5, "amount: “4,5”" },
  { "  <patient/>\n  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" volume-ml=\"250\""
    " dose=\"0.1\" dose-unit=\"mcg/kg/fortnight\"/>\n"
    "  </infusions>\n",
    SP_XML_ERROR_CONTENT, 5, "dose-unit: “mcg/kg/fortnight”" },
  { "  <patient/>\n  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" volume-ml=\"250\""
    " dose-unit=\"mcg/kg/min\"/>\n"
    "  </infusions>\n",
    SP_XML_ERROR_INVALID, 5, "dose-unit" },
  { "  <patient/>\n  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"4\" amount-unit=\"g\" volume-ml=\"250\"/>\n"
    "  </infusions>\n",
    SP_XML_ERROR_INVALID, 5, "infusion" },
  { "  <notes>n</notes>\n  <title>t</title>\n  <patient/>\n",
    SP_XML_ERROR_INVALID, 4, "title" },
  { "  <title>t</title>\n",
    SP_XML_ERROR_INVALID, 2, "got nothing" },   /* libxml2: "Expecting an element , got nothing" */
};

static void
test_refused_inline (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (inline_cases); i++)
    {
      const InlineCase *ic = &inline_cases[i];
      g_autofree char *text = g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<case format-version=\"1\">\n",
                                           ic->body, "</case>\n", NULL);
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("inline case %u", i);
      data = sp_case_file_load_data (text, strlen (text), "inline.xml", &error);
      g_assert_null (data);
      assert_refused (error, "inline.xml", ic->code, ic->line, ic->contains);
    }
}

/* Format 5: the drug-library profile and an amount written in a salt, both
 * kept through a save; refused in an older format. */
static void
test_format_5_profile_and_salt (void)
{
  const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"5\" drug-profile=\"eu-icu-syringes\">\n"
    "  <patient><value field=\"weight\">70</value></patient>\n"
    "  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"12\" amount-unit=\"mg\" volume-ml=\"48\""
    " salt=\"tartrate\" salt-amount=\"24\" dose=\"0.1\" dose-unit=\"mcg/kg/min\"/>\n"
    "  </infusions>\n"
    "</case>\n";
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpCaseData) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  const SpCaseInfusion *infusion;

  data = sp_case_file_load_data (text, strlen (text), "eu.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->profile, ==, "eu-icu-syringes");
  infusion = g_ptr_array_index (data->infusions, 0);
  /* 24 mg of the tartrate is 12 mg of base, both kept */
  g_assert_cmpfloat (infusion->concentration.amount, ==, 12);
  g_assert_cmpstr (infusion->concentration.salt, ==, "tartrate");
  g_assert_cmpfloat (infusion->concentration.salt_amount, ==, 24);

  xml = sp_case_file_to_xml (data);
  g_assert_nonnull (strstr (xml, "<case format-version=\"5\" drug-profile=\"eu-icu-syringes\">"));
  g_assert_nonnull (strstr (xml, "salt=\"tartrate\" salt-amount=\"24\""));
  again = sp_case_file_load_data (xml, strlen (xml), "again.xml", &error);
  g_assert_no_error (error);
  assert_cases_equal (data, again);
  g_assert_cmpstr (again->profile, ==, "eu-icu-syringes");

  /* the same in format 4: refused, naming the attribute */
  {
    g_autoptr(GString) old = g_string_new (text);
    g_autoptr(SpCaseData) refused = NULL;

    g_string_replace (old, "format-version=\"5\"", "format-version=\"4\"", 1);
    refused = sp_case_file_load_data (old->str, old->len, "old.xml", &error);
    g_assert_null (refused);
    g_assert_nonnull (strstr (error->message, "drug-profile"));
    g_assert_nonnull (strstr (error->message, "format 5"));
    g_clear_error (&error);
    g_string_replace (old, " drug-profile=\"eu-icu-syringes\"", "", 1);
    refused = sp_case_file_load_data (old->str, old->len, "old.xml", &error);
    g_assert_null (refused);
    g_assert_nonnull (strstr (error->message, "salt"));
  }
}

static void
test_refused_root (void)
{
  static const struct {
    const char *text;
    int         code;
  } docs[] = {
    /* not a version number, an old one, none at all: the schema's business */
    { "<case format-version=\"two\"><patient/></case>", SP_XML_ERROR_INVALID },
    { "<case format-version=\"0\"><patient/></case>", SP_XML_ERROR_INVALID },
    { "<case><patient/></case>", SP_XML_ERROR_INVALID },
    { "<protocol format-version=\"9\"/>", SP_XML_ERROR_INVALID },
    { "<case format-version=\"99999999999999999999999\"><patient/></case>", SP_XML_ERROR_INVALID },
    { "<case format-version=\" 6 \"><patient/></case>", SP_XML_ERROR_VERSION },
    { "", SP_XML_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("root case %u", i);
      data = sp_case_file_load_data (docs[i].text, strlen (docs[i].text), "root.xml", &error);
      g_assert_null (data);
      g_assert_error (error, SP_XML_ERROR, docs[i].code);
      g_assert_true (g_str_has_prefix (error->message, "root.xml:"));
    }
}

/* --- format 2: teaching content --------------------------------------------- */

static SpCaseData *
teaching_case_new (void)
{
  static const char * const cites_1[] = { "seed-2", "seed-3", NULL };
  static const char * const cites_2[] = { "seed-1", "local", NULL };
  SpCaseData *data = sp_case_data_new ();
  SpCaseStage *stage;

  add_text (data->titles, NULL, "Teaching: inotrope first");
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 72);
  g_ptr_array_add (data->teaching_titles, sp_case_text_new (NULL, "Inotrope first", NULL));
  g_ptr_array_add (data->teaching_titles, sp_case_text_new ("de", "Zuerst ein Inotropikum", NULL));

  stage = sp_case_stage_new ("presentation", "step1-inotrope");
  g_ptr_array_add (stage->titles, sp_case_text_new (NULL, "Presentation & <first> look", NULL));
  g_ptr_array_add (stage->texts, sp_case_text_new (NULL, "Initiate inotropes first, NOT vasopressors.",
                                                   cites_1));
  g_ptr_array_add (stage->texts, sp_case_text_new ("fr", "D’abord un inotrope.", cites_1));
  sp_patient_state_set_number (&stage->patient, SP_FIELD_WEIGHT, 72);
  sp_patient_state_set_number (&stage->patient, SP_FIELD_SBP, 82);
  g_ptr_array_add (data->stages, stage);

  stage = sp_case_stage_new ("norepinephrine", "step3-norepinephrine");
  g_ptr_array_add (stage->titles, sp_case_text_new (NULL, "Norepinephrine", NULL));
  g_ptr_array_add (stage->texts, sp_case_text_new (NULL, "Initial dose 0.2–1 mcg/kg/min.", cites_2));
  g_ptr_array_add (stage->infusions,
                   infusion_new ("norepinephrine", conc (4, SP_AMOUNT_MG, 250),
                                 TRUE, 0.2, SP_AMOUNT_MCG, TRUE, SP_TIME_MIN));
  g_ptr_array_add (data->stages, stage);

  return data;
}

static void
test_round_trip_teaching (void)
{
  g_autoptr(SpCaseData) data = teaching_case_new ();
  g_autofree char *xml = sp_case_file_to_xml (data);

  g_assert_true (sp_case_data_is_teaching (data));
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<case format-version=\"2\">\n"));
  g_assert_nonnull (strstr (xml, "    <stage id=\"presentation\" step=\"step1-inotrope\">\n"
                                 "      <title>Presentation &amp; &lt;first&gt; look</title>\n"
                                 "      <text cite=\"seed-2 seed-3\">"));
  g_assert_nonnull (strstr (xml, "<text xml:lang=\"fr\" cite=\"seed-2 seed-3\">"));
  assert_round_trip (data);

  /* Without stages, the same case is written as format 1 again. */
  g_ptr_array_set_size (data->stages, 0);
  g_ptr_array_set_size (data->teaching_titles, 0);
  g_clear_pointer (&xml, g_free);
  xml = sp_case_file_to_xml (data);
  g_assert_false (sp_case_data_is_teaching (data));
  g_assert_nonnull (strstr (xml, "<case format-version=\"1\">\n"));
  g_assert_null (strstr (xml, "teaching"));
  assert_round_trip (data);
}

static void
test_format_1_still_loads (void)
{
  const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"1\">\n"
    "  <title>Old</title>\n"
    "  <patient>\n"
    "    <value field=\"weight\">78</value>\n"
    "  </patient>\n"
    "</case>\n";
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  data = sp_case_file_load_data (text, strlen (text), "old.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Old");
  g_assert_false (sp_case_data_is_teaching (data));
  g_assert_cmpuint (data->format_version, ==, 1);
  g_assert_cmpuint (data->stages->len, ==, 0);
  g_assert_cmpuint (data->teaching_titles->len, ==, 0);

  /* Written back exactly, still as format 1. */
  xml = sp_case_file_to_xml (data);
  g_assert_cmpstr (xml, ==, text);
}

static void
test_teaching_localized (void)
{
  g_autoptr(SpCaseData) data = teaching_case_new ();
  const SpCaseStage *stage = g_ptr_array_index (data->stages, 0);
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "fr_FR", TRUE);
  g_assert_cmpstr (sp_case_text_pick (stage->texts)->text, ==, "D’abord un inotrope.");
  g_assert_cmpstr (sp_case_text_pick (data->teaching_titles)->text, ==, "Inotrope first");

  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_cmpstr (sp_case_text_pick (stage->texts)->text, ==,
                   "Initiate inotropes first, NOT vasopressors.");
  g_assert_cmpstr (sp_case_text_pick (data->teaching_titles)->text, ==,
                   "Zuerst ein Inotropikum");

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_assert_null (sp_case_text_pick (NULL));
}

/* The stage wrapped in a format-2 document; the <stage> starts on line 6. */
static char *
teaching_doc (const char *version,
              const char *stage)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<case format-version=\"", version, "\">\n"
                      "  <patient/>\n"
                      "  <teaching>\n"
                      "    <title>Lecture</title>\n",
                      stage,
                      "  </teaching>\n"
                      "</case>\n", NULL);
}

#define GOOD_STAGE(id, step, cite) \
  "    <stage id=\"" id "\" step=\"" step "\">\n" \
  "      <title>T</title>\n" \
  "      <text cite=\"" cite "\">Text</text>\n" \
  "      <patient/>\n" \
  "    </stage>\n"

static void
test_teaching_loads (void)
{
  g_autofree char *text = teaching_doc ("2", GOOD_STAGE ("a", "wean", "seed-2 seed-3")
                                             GOOD_STAGE ("b", "stable", "esc-2016"));
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  const SpCaseStage *stage;

  data = sp_case_file_load_data (text, strlen (text), "teach.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->format_version, ==, 2);
  g_assert_cmpuint (data->stages->len, ==, 2);
  stage = g_ptr_array_index (data->stages, 1);
  g_assert_cmpstr (stage->id, ==, "b");
  g_assert_cmpstr (stage->step_id, ==, "stable");
  g_assert_cmpstr (sp_case_text_pick (stage->texts)->cites[0], ==, "esc-2016");
  g_assert_cmpstr (sp_case_text_pick (data->teaching_titles)->text, ==, "Lecture");
}

typedef struct {
  const char *version;
  const char *stage;
  int         code;
  int         line;       /* 0: not checked (libxml2 words schema errors its own way) */
  const char *contains;
} TeachingRefusal;

static const TeachingRefusal teaching_refusals[] = {
  /* format 1 carries no teaching content */
  { "1", GOOD_STAGE ("a", "wean", "seed-2"), SP_XML_ERROR_CONTENT, 4,
    "teaching content needs case format 2" },
  { "2", GOOD_STAGE ("a", "step4-magic", "seed-2"), SP_XML_ERROR_CONTENT, 6,
    "stage “a”: unknown step “step4-magic”; the protocol’s steps are: step1-inotrope" },
  { "2", GOOD_STAGE ("a", "wean", "seed-2 seed-7"), SP_XML_ERROR_CONTENT, 8,
    "stage “a”: unknown citation “seed-7”" },
  { "2", GOOD_STAGE ("a", "wean", "smith-2019"), SP_XML_ERROR_CONTENT, 8,
    "unknown citation “smith-2019”" },
  { "2", GOOD_STAGE ("a", "wean", "seed-2") GOOD_STAGE ("a", "stable", "seed-2"),
    SP_XML_ERROR_CONTENT, 11, "stage “a” is given twice" },
  /* a text without a cite, or with an empty one */
  { "2", "    <stage id=\"a\" step=\"wean\">\n      <title>T</title>\n      <text>Text</text>\n"
         "      <patient/>\n    </stage>\n", SP_XML_ERROR_INVALID, 0, "" },
  { "2", GOOD_STAGE ("a", "wean", " "), SP_XML_ERROR_INVALID, 0, "" },
  /* no stage at all */
  { "2", "", SP_XML_ERROR_INVALID, 0, "" },
  /* two English texts; only a German one */
  { "2", "    <stage id=\"a\" step=\"wean\">\n      <title>T</title>\n"
         "      <text cite=\"seed-2\">One</text>\n      <text cite=\"seed-2\">Two</text>\n"
         "      <patient/>\n    </stage>\n", SP_XML_ERROR_CONTENT, 9, "given twice without xml:lang" },
  { "2", "    <stage id=\"a\" step=\"wean\">\n      <title>T</title>\n"
         "      <text xml:lang=\"de\" cite=\"seed-2\">Eins</text>\n"
         "      <patient/>\n    </stage>\n", SP_XML_ERROR_CONTENT, 6, "without xml:lang" },
  /* a stage's values are checked like the case's */
  { "2", "    <stage id=\"a\" step=\"wean\">\n      <title>T</title>\n"
         "      <text cite=\"seed-2\">T</text>\n"
         "      <patient>\n        <value field=\"systolic\">84</value>\n      </patient>\n"
         "    </stage>\n", SP_XML_ERROR_CONTENT, 10, "unknown field “systolic”" },
};

static void
test_teaching_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (teaching_refusals); i++)
    {
      const TeachingRefusal *tr = &teaching_refusals[i];
      g_autofree char *text = teaching_doc (tr->version, tr->stage);
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("teaching refusal %u", i);
      data = sp_case_file_load_data (text, strlen (text), "teach.xml", &error);
      g_assert_null (data);
      if (tr->line > 0)
        assert_refused (error, "teach.xml", tr->code, tr->line, tr->contains);
      else
        {
          g_assert_error (error, SP_XML_ERROR, tr->code);
          g_assert_true (g_str_has_prefix (error->message, "teach.xml:"));
        }
    }
}

/* A site's own protocol decides which steps and citations a stage may name. */
static void
test_teaching_for_protocol (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autofree char *text = teaching_doc ("2", GOOD_STAGE ("a", "escalate", "aha-2017"));
  g_autoptr(SpCaseData) data = NULL;

  g_assert_no_error (error);
  data = sp_case_file_load_data_for_protocol (text, strlen (text), "teach.xml", protocol, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->stages->len, ==, 1);
}

/* --- format 2: the case's own title and notes in several languages --------- */

/* A case written exactly as ShockPath writes it: the default variant first,
 * then the others in the order they were read. */
static const char localized_case[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<case format-version=\"2\">\n"
  "  <title>Step 2: norepinephrine indicated</title>\n"
  "  <title xml:lang=\"de\">Schritt 2: Noradrenalin indiziert</title>\n"
  "  <title xml:lang=\"fr\">Étape 2 : noradrénaline indiquée</title>\n"
  "  <notes>Lactate 3.4 mmol/L.\nSecond line.</notes>\n"
  "  <notes xml:lang=\"de\">Laktat 3,4 mmol/L.\nZweite Zeile.</notes>\n"
  "  <patient>\n"
  "    <value field=\"weight\">78</value>\n"
  "  </patient>\n"
  "</case>\n";

/* Sets LANGUAGE to @language (NULL: unset); returns the value it had. */
static char *
set_language (const char *language)
{
  char *saved = g_strdup (g_getenv ("LANGUAGE"));

  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  return saved;
}

static void
test_case_text_languages (void)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *xml = NULL;

  data = sp_case_file_load_data (localized_case, strlen (localized_case), "l10n.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->format_version, ==, 2);
  g_assert_false (sp_case_data_is_teaching (data));
  g_assert_cmpuint (data->titles->len, ==, 3);
  g_assert_cmpuint (data->notes->len, ==, 2);

  /* German: both German; French: the French title, the English notes (no
   * French ones); Spanish: none, so English; "de_AT" is German too. */
  saved = set_language ("de");
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Schritt 2: Noradrenalin indiziert");
  g_assert_cmpstr (sp_case_data_get_notes (data), ==, "Laktat 3,4 mmol/L.\nZweite Zeile.");
  g_free (set_language ("fr_FR.UTF-8"));
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Étape 2 : noradrénaline indiquée");
  g_assert_cmpstr (sp_case_data_get_notes (data), ==, "Lactate 3.4 mmol/L.\nSecond line.");
  g_free (set_language ("es"));
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Step 2: norepinephrine indicated");
  g_assert_cmpstr (sp_case_data_get_notes (data), ==, "Lactate 3.4 mmol/L.\nSecond line.");
  g_free (set_language ("de_AT:en"));
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Schritt 2: Noradrenalin indiziert");
  g_free (set_language (saved));

  /* Every variant written back, in format 2, exactly as read. */
  xml = sp_case_file_to_xml (data);
  g_assert_cmpstr (xml, ==, localized_case);
  assert_round_trip (data);
}

static void
test_case_text_format (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autofree char *xml = NULL;

  /* One plain title and notes need nothing of format 2. */
  add_text (data->titles, NULL, "Bed 7");
  add_text (data->notes, NULL, "Seen at 08:00");
  xml = sp_case_file_to_xml (data);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<case format-version=\"1\">\n"
                                        "  <title>Bed 7</title>\n"
                                        "  <notes>Seen at 08:00</notes>\n"
                                        "  <patient>\n"));
  assert_round_trip (data);

  /* A German variant of the notes alone makes it format 2, written after
   * the default one even when added first. */
  g_ptr_array_insert (data->notes, 0, sp_case_text_new ("de", "Gesehen um 08:00", NULL));
  g_clear_pointer (&xml, g_free);
  xml = sp_case_file_to_xml (data);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<case format-version=\"2\">\n"
                                        "  <title>Bed 7</title>\n"
                                        "  <notes>Seen at 08:00</notes>\n"
                                        "  <notes xml:lang=\"de\">Gesehen um 08:00</notes>\n"
                                        "  <patient>\n"));

  /* Without it, format 1 again. */
  g_ptr_array_remove_index (data->notes, 0);
  g_clear_pointer (&xml, g_free);
  xml = sp_case_file_to_xml (data);
  g_assert_nonnull (strstr (xml, "<case format-version=\"1\">\n"));
}

/* An empty title or notes is none, as format 1 always read it. */
static void
test_case_text_empty (void)
{
  const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"1\">\n"
    "  <title/>\n"
    "  <notes>  </notes>\n"
    "  <patient/>\n"
    "</case>\n";
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  data = sp_case_file_load_data (text, strlen (text), "empty.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->titles->len, ==, 0);
  g_assert_cmpuint (data->notes->len, ==, 0);
  g_assert_null (sp_case_data_get_title (data));
  g_assert_null (sp_case_data_get_notes (data));
  xml = sp_case_file_to_xml (data);
  g_assert_null (strstr (xml, "<title"));
  g_assert_null (strstr (xml, "<notes"));
}

typedef struct {
  const char *version;
  const char *texts;      /* from line 3 on */
  int         line;
  const char *contains;
} CaseTextRefusal;

static const CaseTextRefusal case_text_refusals[] = {
  /* language variants are format 2 */
  { "1", "  <title>Stable</title>\n  <title xml:lang=\"de\">Stabil</title>\n", 4,
    "<title xml:lang=\"de\">: a language variant needs case format 2; this file says format 1" },
  { "1", "  <title>Stable</title>\n  <notes>N</notes>\n  <notes xml:lang=\"fr\">N</notes>\n", 5,
    "<notes xml:lang=\"fr\">: a language variant needs case format 2" },
  /* one variant per language, one default */
  { "2", "  <title>Stable</title>\n  <title xml:lang=\"de\">Stabil</title>\n"
         "  <title xml:lang=\"de\">Auch stabil</title>\n", 5,
    "<title> is given twice for the language “de”" },
  { "2", "  <notes>One</notes>\n  <notes>Two</notes>\n", 4, "<notes> is given twice without xml:lang" },
  { "1", "  <title>One</title>\n  <title>Two</title>\n", 4, "<title> is given twice without xml:lang" },
  /* variants fall back on a default: named on the first <title> */
  { "2", "  <title xml:lang=\"de\">Stabil</title>\n  <title xml:lang=\"fr\">Stable</title>\n", 3,
    "<title> needs a variant without xml:lang (English)" },
  { "2", "  <title/>\n  <title xml:lang=\"de\">Stabil</title>\n", 3,
    "<title> needs a variant without xml:lang (English)" },
  { "2", "  <title>T</title>\n  <notes xml:lang=\"es\">Notas</notes>\n", 4,
    "<notes> needs a variant without xml:lang (English)" },
  /* a language variant is never empty */
  { "2", "  <title>Stable</title>\n  <title xml:lang=\"de\"> </title>\n", 4, "<title> is empty" },
};

static void
test_case_text_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (case_text_refusals); i++)
    {
      const CaseTextRefusal *cr = &case_text_refusals[i];
      g_autofree char *text = NULL;
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;

      text = g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<case format-version=\"", cr->version, "\">\n",
                          cr->texts,
                          "  <patient/>\n"
                          "</case>\n", NULL);
      g_test_message ("case text refusal %u", i);
      data = sp_case_file_load_data (text, strlen (text), "texts.xml", &error);
      g_assert_null (data);
      assert_refused (error, "texts.xml", SP_XML_ERROR_CONTENT, cr->line, cr->contains);
    }
}

/* Leading and trailing white space around values is fine; a number may have
 * an exponent; a choice is trimmed. */
static void
test_lenient_whitespace (void)
{
  const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\" 1 \">\n"
    "  <title>\n    Two\n    lines  </title>\n"
    "  <notes>\n    keep\n    lines\n  </notes>\n"
    "  <patient>\n"
    "    <value field=\"weight\">\n      78.5\n    </value>\n"
    "    <value field=\"vasopressin\">3e-2</value>\n"
    "    <value field=\"mental\"> normal </value>\n"
    "  </patient>\n"
    "  <infusions/>\n"
    "</case>\n";
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = sp_case_file_load_data (text, strlen (text), "lenient.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Two lines");
  g_assert_cmpstr (sp_case_data_get_notes (data), ==, "keep\n    lines");
  g_assert_cmpfloat (data->patient.values[SP_FIELD_WEIGHT].number, ==, 78.5);
  g_assert_cmpfloat (data->patient.values[SP_FIELD_VASOPRESSIN].number, ==, 0.03);
  g_assert_cmpstr (sp_patient_state_get_choice (&data->patient, SP_FIELD_MENTAL), ==, "normal");
  g_assert_cmpuint (data->infusions->len, ==, 0);
}

/* Format 3: an infusion without its concentration, or running at a dose not
 * recorded; written only when needed, read back the same. */
static void
test_format_3 (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autofree char *xml = NULL;
  SpCaseInfusion *ne = sp_case_infusion_new ("norepinephrine", NULL);
  SpCaseInfusion *dobu = sp_case_infusion_new ("dobutamine", NULL);

  ne->has_dose = TRUE;
  ne->dose = 0.2;
  ne->dose_unit = (SpDoseUnit) { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
  dobu->running = TRUE;
  g_ptr_array_add (data->infusions, ne);
  g_ptr_array_add (data->infusions, dobu);

  xml = sp_case_file_to_xml (data);
  g_assert_nonnull (strstr (xml, "<case format-version=\"3\">\n"));
  g_assert_nonnull (strstr (xml, "    <infusion drug=\"norepinephrine\" dose=\"0.2\" "
                                 "dose-unit=\"mcg/kg/min\"/>\n"));
  g_assert_nonnull (strstr (xml, "    <infusion drug=\"dobutamine\" running=\"yes\"/>\n"));
  assert_round_trip (data);
}

/* What each format may hold, refused with the line. */
static void
test_format_3_refused (void)
{
  static const struct {
    const char *text;
    const char *needle;
  } cases[] = {
    /* before format 3 an infusion carries its concentration */
    { "<case format-version=\"2\"><patient/><infusions>\n"
      "<infusion drug=\"norepinephrine\" dose=\"0.2\" dose-unit=\"mcg/kg/min\"/>"
      "</infusions></case>", "case.xml:2: infusion of “norepinephrine”: an infusion without its "
                             "concentration needs case format 3" },
    /* from format 3 on, what runs is an infusion, never a patient value */
    { "<case format-version=\"3\"><patient>\n"
      "<value field=\"norepinephrine\">0.2</value></patient></case>",
      "case.xml:2: field “norepinephrine”: from case format 3 on" },
    /* running="yes" only without a dose */
    { "<case format-version=\"3\"><patient/><infusions>\n"
      "<infusion drug=\"dobutamine\" dose=\"5\" dose-unit=\"mcg/kg/min\" running=\"yes\"/>"
      "</infusions></case>", "case.xml:2: running:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpCaseData) data = NULL;
      g_autoptr(GError) error = NULL;

      data = sp_case_file_load_data (cases[i].text, strlen (cases[i].text), "case.xml", &error);
      g_assert_null (data);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].needle))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].needle);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/case-file/round-trip/numbers", test_round_trip_numbers);
  g_test_add_func ("/core/case-file/round-trip/choices", test_round_trip_choices);
  g_test_add_func ("/core/case-file/round-trip/partial", test_round_trip_partial);
  g_test_add_func ("/core/case-file/round-trip/infusions", test_round_trip_infusions);
  g_test_add_func ("/core/case-file/format-3", test_format_3);
  g_test_add_func ("/core/case-file/format-3-refused", test_format_3_refused);
  g_test_add_func ("/core/case-file/round-trip/text", test_round_trip_text);
  g_test_add_func ("/core/case-file/round-trip/teaching", test_round_trip_teaching);
  g_test_add_func ("/core/case-file/format-2/format-1-still-loads", test_format_1_still_loads);
  g_test_add_func ("/core/case-file/format-2/localized", test_teaching_localized);
  g_test_add_func ("/core/case-file/format-2/loads", test_teaching_loads);
  g_test_add_func ("/core/case-file/format-2/refused", test_teaching_refused);
  g_test_add_func ("/core/case-file/format-2/for-protocol", test_teaching_for_protocol);
  g_test_add_func ("/core/case-file/format-2/case-text/languages", test_case_text_languages);
  g_test_add_func ("/core/case-file/format-2/case-text/format", test_case_text_format);
  g_test_add_func ("/core/case-file/format-2/case-text/empty", test_case_text_empty);
  g_test_add_func ("/core/case-file/format-2/case-text/refused", test_case_text_refused);
  g_test_add_func ("/core/case-file/to-xml/stable", test_to_xml_stable);
  g_test_add_func ("/core/case-file/examples/load", test_examples);
  g_test_add_func ("/core/case-file/examples/step2", test_example_step2);
  g_test_add_func ("/core/case-file/examples/wean", test_example_wean);
  g_test_add_func ("/core/case-file/save/overwrite-no-temp", test_save_overwrite_no_temp);
  g_test_add_func ("/core/case-file/save/nonexistent-dir", test_save_nonexistent_dir);
  g_test_add_func ("/core/case-file/save/keeps-mode-and-link", test_save_keeps_mode_and_link);
  g_test_add_func ("/core/case-file/save/read-only-dir", test_save_read_only_dir);
  g_test_add_func ("/core/case-file/save/fails-midway", test_save_fails_midway);
  g_test_add_func ("/core/case-file/save/refuses-unreadable", test_save_refuses_unreadable_case);
  for (guint i = 0; i < G_N_ELEMENTS (refused_cases); i++)
    {
      g_autofree char *name = g_strndup (refused_cases[i].file,
                                         strlen (refused_cases[i].file) - strlen (".xml"));
      g_autofree char *test_path = g_strdup_printf ("/core/case-file/refused/%s", name + 5);

      g_test_add_data_func (test_path, &refused_cases[i], test_refused);
    }
  g_test_add_func ("/core/case-file/refused/version-4", test_refused_version);
  g_test_add_func ("/core/case-file/refused/invalid-format-2", test_refused_invalid_format_2);
  g_test_add_func ("/core/case-file/refused/too-large", test_refused_too_large);
  g_test_add_func ("/core/case-file/refused/missing", test_refused_missing);
  g_test_add_func ("/core/case-file/refused/inline", test_refused_inline);
  g_test_add_func ("/core/case-file/refused/root", test_refused_root);
  g_test_add_func ("/core/case-file/format-5", test_format_5_profile_and_salt);
  g_test_add_func ("/core/case-file/load/whitespace", test_lenient_whitespace);

  return g_test_run ();
}
