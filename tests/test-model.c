/* test-model.c: the GObject model (patient, infusion, case), driven as the GUI drives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Property names and g_object_set(), notify:: counting, list-model signals.
 * Numbers come from the shipped drug library and protocol; the expected pump
 * rates are worked by hand in the comments.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sp-case.h"
#include "sp-core-enums.h"
#include "sp-case-file.h"
#include "sp-dose.h"
#include "sp-drug-library.h"
#include "sp-field.h"
#include "sp-infusion.h"
#include "sp-patient.h"
#include "sp-protocol.h"
#include "sp-therapy.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

/* --- helpers --------------------------------------------------------------- */

#define assert_nan(x) g_assert_true (isnan (x))
#define assert_close(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static guint
count_notify (gpointer    object,
              const char *property,
              guint      *count)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  *count = 0;
  return g_signal_connect (object, signal, G_CALLBACK (count_notify_cb), count);
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

static guint
count_items_changed (GListModel *model,
                     guint      *count)
{
  *count = 0;
  return g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed_cb), count);
}

static guint
count_signal (gpointer    object,
              const char *signal,
              guint      *count)
{
  *count = 0;
  return g_signal_connect (object, signal, G_CALLBACK (count_cb), count);
}

/* Records the names of all notified properties, space separated. */
static void
record_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  GString    *names)
{
  if (names->len > 0)
    g_string_append_c (names, ' ');
  g_string_append (names, pspec->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The recorded names, in any order (GLib dispatches a frozen object's
 * notifications in an order of its own), each once, are @expected. */
static void
assert_notified (GString    *names,
                 const char *expected)
{
  g_auto(GStrv) got = g_strsplit (names->str, " ", -1);
  g_auto(GStrv) want = g_strsplit (expected, " ", -1);
  g_autofree char *got_text = NULL;
  g_autofree char *want_text = NULL;

  qsort (got, g_strv_length (got), sizeof (char *), compare_strings);
  qsort (want, g_strv_length (want), sizeof (char *), compare_strings);
  got_text = g_strjoinv (" ", got);
  want_text = g_strjoinv (" ", want);
  g_assert_cmpstr (got_text, ==, want_text);
  g_string_truncate (names, 0);
}

static SpConcentration
parse_conc (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc;

  g_assert_true (sp_concentration_parse (text, SP_NUMBER_C, "Concentration", &conc, &error));
  g_assert_no_error (error);
  return conc;
}

static const SpDrug *
drug (const char *id)
{
  const SpDrug *d = sp_drug_library_lookup (drugs, id);

  g_assert_nonnull (d);
  return d;
}

static const SpDoseLimits *
first_limits (const char *id)
{
  return sp_drug_get_dose_limits (drug (id), 0);
}

static SpInfusion *
new_infusion (const char *id)
{
  SpInfusion *infusion = sp_infusion_new (drugs, drug (id), NULL);

  g_assert_nonnull (infusion);
  return infusion;
}

static SpCase *
new_case (void)
{
  SpCase *c = sp_case_new (protocol, drugs);

  g_assert_nonnull (c);
  return c;
}

static const char *
active_step (SpCase *c)
{
  SpAssessment *assessment = sp_case_get_assessment (c);

  g_assert_nonnull (assessment);
  g_assert_nonnull (sp_assessment_get_active_step (assessment));
  return sp_assessment_get_active_step (assessment)->id;
}

static char *
test_path (const char *name)
{
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, name, NULL);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A case file holding @data. */
static char *
write_case_data (const char       *name,
                 const SpCaseData *data)
{
  char *path = test_path (name);
  g_autofree char *xml = sp_case_file_to_xml (data);

  g_assert_nonnull (xml);
  write_file (path, xml);
  return path;
}

/* --- SpPatient ------------------------------------------------------------- */

static void
test_patient_properties (void)
{
  g_autoptr(SpPatient) patient = sp_patient_new ();
  GObjectClass *klass = G_OBJECT_GET_CLASS (patient);
  GParamSpec *pspec;
  double map;
  gboolean derived;

  /* One property per field, named by the field id, of the field's kind. */
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info (i);

      pspec = g_object_class_find_property (klass, info->id);
      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_true (pspec->flags & G_PARAM_WRITABLE);

      if (info->kind == SP_FIELD_KIND_NUMBER)
        {
          double value = 0;

          g_assert_true (G_IS_PARAM_SPEC_DOUBLE (pspec));
          /* NAN: not entered, also as the default. */
          assert_nan (G_PARAM_SPEC_DOUBLE (pspec)->default_value);
          g_object_get (patient, info->id, &value, NULL);
          assert_nan (value);
        }
      else
        {
          g_autofree char *value = NULL;

          g_assert_true (G_IS_PARAM_SPEC_STRING (pspec));
          g_object_get (patient, info->id, &value, NULL);
          g_assert_null (value);
        }
    }

  pspec = g_object_class_find_property (klass, "map-derived");
  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);
  pspec = g_object_class_find_property (klass, "effective-map");
  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);

  g_object_get (patient, "effective-map", &map, "map-derived", &derived, NULL);
  assert_nan (map);
  g_assert_false (derived);
}

static void
test_patient_notify (void)
{
  g_autoptr(SpPatient) patient = sp_patient_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  guint changed;
  double weight;

  g_signal_connect (patient, "notify", G_CALLBACK (record_notify_cb), names);
  count_signal (patient, "changed", &changed);

  g_object_set (patient, "weight", 70.0, NULL);
  g_assert_cmpstr (names->str, ==, "weight");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_WEIGHT), ==, 70);
  g_assert_true (sp_patient_is_set (patient, SP_FIELD_WEIGHT));

  /* The same value again: nothing. */
  g_string_truncate (names, 0);
  g_object_set (patient, "weight", 70.0, NULL);
  sp_patient_set_number (patient, SP_FIELD_WEIGHT, 70);
  g_assert_cmpstr (names->str, ==, "");
  g_assert_cmpuint (changed, ==, 1);

  /* NAN: not entered. */
  g_object_set (patient, "weight", NAN, NULL);
  g_assert_cmpstr (names->str, ==, "weight");
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_WEIGHT));
  g_object_get (patient, "weight", &weight, NULL);
  assert_nan (weight);

  /* NAN again is no change. */
  g_string_truncate (names, 0);
  g_object_set (patient, "weight", NAN, NULL);
  sp_patient_unset (patient, SP_FIELD_WEIGHT);
  g_assert_cmpstr (names->str, ==, "");
  g_assert_cmpuint (changed, ==, 2);

  /* Zero is a value, not "not entered". */
  g_object_set (patient, "norepinephrine", 0.0, NULL);
  g_assert_true (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));
  g_assert_cmpuint (changed, ==, 3);
}

static void
test_patient_choice (void)
{
  g_autoptr(SpPatient) patient = sp_patient_new ();
  g_autofree char *mental = NULL;
  guint changed, notified;

  count_signal (patient, "changed", &changed);
  count_notify (patient, "central-line", &notified);

  g_object_set (patient, "central-line", "yes", NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_CENTRAL_LINE), ==, "yes");

  g_object_set (patient, "central-line", "yes", NULL);
  sp_patient_set_choice (patient, SP_FIELD_CENTRAL_LINE, "yes");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  g_object_set (patient, "central-line", "no", NULL);
  g_assert_cmpuint (notified, ==, 2);

  g_object_set (patient, "central-line", NULL, NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_null (sp_patient_get_choice (patient, SP_FIELD_CENTRAL_LINE));

  sp_patient_set_choice (patient, SP_FIELD_MENTAL, "altered");
  g_object_get (patient, "mental", &mental, NULL);
  g_assert_cmpstr (mental, ==, "altered");
}

static void
test_patient_invalid (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SpPatient) patient = sp_patient_new ();

      g_object_set (patient, "mental", "confused", NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*not a choice of field*mental*");
}

static void
test_patient_invalid_number (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SpPatient) patient = sp_patient_new ();

      g_object_set (patient, "weight", INFINITY, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*isinf*");
}

static void
test_patient_map (void)
{
  g_autoptr(SpPatient) patient = sp_patient_new ();
  guint effective_notified, derived_notified;
  gboolean derived;
  double map;

  count_notify (patient, "effective-map", &effective_notified);
  count_notify (patient, "map-derived", &derived_notified);

  g_object_set (patient, "sbp", 120.0, NULL);
  assert_nan (sp_patient_get_effective_map (patient));
  g_assert_cmpuint (effective_notified, ==, 0);

  /* (120 + 2 x 60) / 3 = 80, derived. */
  g_object_set (patient, "dbp", 60.0, NULL);
  g_object_get (patient, "effective-map", &map, "map-derived", &derived, NULL);
  assert_close (map, 80);
  g_assert_true (derived);
  g_assert_cmpuint (effective_notified, ==, 1);
  g_assert_cmpuint (derived_notified, ==, 1);
  /* The MAP field itself stays "not entered". */
  assert_nan (sp_patient_get_number (patient, SP_FIELD_MAP));

  /* An entered MAP wins and is not derived. */
  g_object_set (patient, "map", 70.0, NULL);
  g_object_get (patient, "effective-map", &map, "map-derived", &derived, NULL);
  assert_close (map, 70);
  g_assert_false (derived);
  g_assert_cmpuint (effective_notified, ==, 2);
  g_assert_cmpuint (derived_notified, ==, 2);

  /* Entering 80 while 80 was derived: the value is the same, only the
   * derivation changes. */
  g_object_set (patient, "map", NAN, NULL);
  g_assert_cmpuint (effective_notified, ==, 3);
  g_assert_cmpuint (derived_notified, ==, 3);
  g_object_set (patient, "map", 80.0, NULL);
  g_assert_cmpuint (effective_notified, ==, 3);
  g_assert_cmpuint (derived_notified, ==, 4);
  g_assert_false (sp_patient_get_map_derived (patient));

  /* Unknown again without DBP. */
  g_object_set (patient, "map", NAN, "dbp", NAN, NULL);
  assert_nan (sp_patient_get_effective_map (patient));
  g_assert_false (sp_patient_get_map_derived (patient));
}

static void
test_patient_batch (void)
{
  g_autoptr(SpPatient) patient = sp_patient_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  SpPatientState state, back;
  SpFieldValue value;
  guint changed;

  g_signal_connect (patient, "notify", G_CALLBACK (record_notify_cb), names);
  count_signal (patient, "changed", &changed);

  sp_patient_state_init (&state);
  sp_patient_state_set_number (&state, SP_FIELD_SBP, 85);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 50);
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "altered"));
  sp_patient_set_state (patient, &state);

  /* Each changed field once, the derived MAP once, one "changed". */
  assert_notified (names, "sbp dbp mental effective-map map-derived");
  g_assert_cmpuint (changed, ==, 1);

  sp_patient_get_state (patient, &back);
  g_assert_true (sp_patient_state_equal (&state, &back));

  /* The same state again: nothing. */
  sp_patient_set_state (patient, &state);
  g_assert_cmpstr (names->str, ==, "");
  g_assert_cmpuint (changed, ==, 1);

  /* One field by SpFieldValue. */
  value = (SpFieldValue) { .set = TRUE, .number = 4.5 };
  sp_patient_set_field_value (patient, SP_FIELD_LACTATE, &value);
  g_assert_cmpstr (names->str, ==, "lactate");
  g_assert_cmpuint (changed, ==, 2);
  sp_patient_get_field_value (patient, SP_FIELD_LACTATE, &value);
  g_assert_true (value.set);
  g_assert_cmpfloat (value.number, ==, 4.5);

  sp_patient_set_field_value (patient, SP_FIELD_LACTATE, NULL);
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_LACTATE));
  g_assert_cmpuint (changed, ==, 3);
}

/* --- SpInfusion ------------------------------------------------------------ */

static void
test_infusion_defaults (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("noradrenaline");
  g_autofree char *unit = NULL;
  g_autofree char *message = NULL;
  g_autofree char *drug_id = NULL;
  g_autofree SpConcentration *conc = NULL;
  double dose, rate, weight;
  SpLimitState limit;
  GParamSpec *pspec;

  g_object_get (infusion,
                "drug-id", &drug_id,
                "dose-unit", &unit,
                "concentration", &conc,
                "dose", &dose,
                "rate", &rate,
                "weight", &weight,
                "limit-state", &limit,
                "message", &message,
                NULL);

  /* The canonical id, even when a synonym was used. */
  g_assert_cmpstr (drug_id, ==, "norepinephrine");
  /* The drug's first unit. */
  g_assert_cmpstr (unit, ==, sp_dose_unit_to_string (first_limits ("norepinephrine")->unit));
  /* The drug's default concentration. */
  g_assert_nonnull (conc);
  g_assert_true (sp_concentration_equal (conc,
                                         &sp_drug_get_default_concentration (drug ("norepinephrine"))->conc));
  assert_nan (dose);
  assert_nan (rate);
  assert_nan (weight);
  g_assert_cmpint (limit, ==, SP_LIMIT_OK);
  g_assert_null (message);

  /* The limit state is a registered enum, not a plain int. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (infusion), "limit-state");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SP_TYPE_LIMIT_STATE);
  g_assert_cmpint (G_PARAM_SPEC_ENUM (pspec)->default_value, ==, SP_LIMIT_OK);
}

static void
test_infusion_dose_to_rate (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  guint dose_notified, rate_notified, changed;

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, NULL);
  count_notify (infusion, "dose", &dose_notified);
  count_notify (infusion, "rate", &rate_notified);
  count_signal (infusion, "changed", &changed);

  /* 0.1 mcg/kg/min x 70 kg x 60 min/h / 16 mcg/mL = 26.25 mL/h */
  g_object_set (infusion, "dose", 0.1, NULL);
  assert_close (sp_infusion_get_rate (infusion), 26.25);
  g_assert_cmpuint (dose_notified, ==, 1);
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_OK);
  g_assert_null (sp_infusion_get_message (infusion));

  /* The same dose again: nothing. */
  g_object_set (infusion, "dose", 0.1, NULL);
  g_assert_cmpuint (dose_notified, ==, 1);
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* Clearing the dose clears the rate. */
  g_object_set (infusion, "dose", NAN, NULL);
  assert_nan (sp_infusion_get_rate (infusion));
  g_assert_cmpuint (dose_notified, ==, 2);
  g_assert_cmpuint (rate_notified, ==, 2);
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_infusion_rate_to_dose (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  guint dose_notified, rate_notified, changed;

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, NULL);
  count_notify (infusion, "dose", &dose_notified);
  count_notify (infusion, "rate", &rate_notified);
  count_signal (infusion, "changed", &changed);

  /* 52.5 mL/h x 16 mcg/mL / (70 kg x 60 min/h) = 840 / 4200 = 0.2 mcg/kg/min */
  g_object_set (infusion, "rate", 52.5, NULL);
  assert_close (sp_infusion_get_dose (infusion), 0.2);
  /* The rate stays as typed. */
  g_assert_cmpfloat (sp_infusion_get_rate (infusion), ==, 52.5);
  g_assert_cmpuint (dose_notified, ==, 1);
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  g_object_set (infusion, "rate", 52.5, NULL);
  g_assert_cmpuint (changed, ==, 1);

  /* NAN clears both. */
  g_object_set (infusion, "rate", NAN, NULL);
  assert_nan (sp_infusion_get_dose (infusion));
  assert_nan (sp_infusion_get_rate (infusion));
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_infusion_weight_keeps_dose (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  guint dose_notified, rate_notified, changed;

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, "dose", 0.1, NULL);
  count_notify (infusion, "dose", &dose_notified);
  count_notify (infusion, "rate", &rate_notified);
  count_signal (infusion, "changed", &changed);

  /* 0.1 mcg/kg/min x 80 kg x 60 / 16 mcg/mL = 30 mL/h */
  g_object_set (infusion, "weight", 80.0, NULL);
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
  assert_close (sp_infusion_get_rate (infusion), 30);
  g_assert_cmpuint (dose_notified, ==, 0);
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_infusion_concentration_keeps_dose (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  SpConcentration stronger = parse_conc ("8 mg/250 mL");
  guint dose_notified, rate_notified, conc_notified, changed;

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, "dose", 0.1, NULL);
  count_notify (infusion, "dose", &dose_notified);
  count_notify (infusion, "rate", &rate_notified);
  count_notify (infusion, "concentration", &conc_notified);
  count_signal (infusion, "changed", &changed);

  /* 0.1 mcg/kg/min x 70 kg x 60 / 32 mcg/mL = 13.125 mL/h */
  g_object_set (infusion, "concentration", &stronger, NULL);
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
  assert_close (sp_infusion_get_rate (infusion), 13.125);
  g_assert_cmpuint (dose_notified, ==, 0);
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (conc_notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* The same concentration again: nothing. */
  sp_infusion_set_concentration (infusion, &stronger);
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_infusion_hard_limit (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  const SpDoseLimits *limits = first_limits ("norepinephrine");
  double hard_dose = limits->hard_max * 1.5;
  guint rate_notified, limit_notified, message_notified, changed;
  int limit;

  g_assert_true (isfinite (limits->hard_max));
  g_object_set (infusion, "weight", 70.0, "dose", 0.1, NULL);
  g_assert_false (isnan (sp_infusion_get_rate (infusion)));

  count_notify (infusion, "rate", &rate_notified);
  count_notify (infusion, "limit-state", &limit_notified);
  count_notify (infusion, "message", &message_notified);
  count_signal (infusion, "changed", &changed);

  /* Refused means refused: a dose above the hard limit is not taken; the
   * running dose, its rate and its state stay, and nothing is notified. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sp_infusion_set_dose (infusion, hard_dose, &error));
    g_assert_error (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "hard limit"));
  }
  g_object_get (infusion, "limit-state", &limit, NULL);
  g_assert_cmpint (limit, ==, SP_LIMIT_OK);
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
  /* 0.1 mcg/kg/min x 70 kg x 60 min/h / 16 mcg/mL = 26.25 mL/h */
  assert_close (sp_infusion_get_rate (infusion), 26.25);
  g_assert_cmpuint (rate_notified, ==, 0);
  g_assert_cmpuint (limit_notified, ==, 0);
  g_assert_cmpuint (message_notified, ==, 0);
  g_assert_cmpuint (changed, ==, 0);

  /* At the hard limit itself: taken (refused only above it). */
  g_assert_true (sp_infusion_set_dose (infusion, limits->hard_max, NULL));
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, limits->hard_max);

  /* Back within the limits. */
  g_object_set (infusion, "dose", 0.1, NULL);
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_OK);
  g_assert_null (sp_infusion_get_message (infusion));
  assert_close (sp_infusion_get_rate (infusion), 26.25);
}

static void
test_infusion_soft_limit (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  const SpDoseLimits *limits = first_limits ("norepinephrine");
  double soft_dose = (limits->soft_max + limits->hard_max) / 2;
  g_autoptr(GError) error = NULL;
  double expected;

  g_object_set (infusion, "weight", 70.0, "dose", soft_dose, NULL);
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_SOFT);
  g_assert_nonnull (sp_infusion_get_message (infusion));
  g_assert_nonnull (strstr (sp_infusion_get_message (infusion), "soft limit"));

  /* The rate is given: 2 mcg/kg/min x 70 x 60 / 16 = 525 mL/h for the
   * shipped limits (1 and 3); in general the same as sp_dose_to_rate. */
  g_assert_true (sp_dose_to_rate (soft_dose, limits->unit, 70,
                                  sp_infusion_get_concentration (infusion),
                                  &expected, &error));
  g_assert_no_error (error);
  assert_close (sp_infusion_get_rate (infusion), expected);
}

static void
test_infusion_missing_weight (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  const char *message;
  guint rate_notified, message_notified;

  g_object_set (infusion, "dose", 0.1, NULL);
  assert_nan (sp_infusion_get_rate (infusion));
  message = sp_infusion_get_message (infusion);
  g_assert_nonnull (message);
  /* It names the field. */
  g_assert_nonnull (strstr (message, sp_field_get_label (SP_FIELD_WEIGHT)));

  count_notify (infusion, "rate", &rate_notified);
  count_notify (infusion, "message", &message_notified);

  /* The weight arrives: the dose stands, the rate follows. */
  g_object_set (infusion, "weight", 70.0, NULL);
  assert_close (sp_infusion_get_rate (infusion), 26.25);
  g_assert_null (sp_infusion_get_message (infusion));
  g_assert_cmpuint (rate_notified, ==, 1);
  g_assert_cmpuint (message_notified, ==, 1);

  /* A rate without weight cannot become a weight-based dose. */
  g_object_set (infusion, "weight", NAN, NULL);
  {
    g_autoptr(GError) error = NULL;

    /* Refused: the running dose stays, and the reason names the weight. */
    g_assert_false (sp_infusion_set_rate (infusion, 10.0, &error));
    g_assert_error (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, sp_field_get_label (SP_FIELD_WEIGHT)));
  }
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
  assert_nan (sp_infusion_get_rate (infusion));
  g_assert_nonnull (strstr (sp_infusion_get_message (infusion),
                            sp_field_get_label (SP_FIELD_WEIGHT)));
}

static void
test_infusion_rate_hard_limit (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, NULL);

  /* 1050 mL/h x 16 mcg/mL / (70 kg x 60) = 4 mcg/kg/min: above the hard
   * limit (3): the rate is refused. */
  g_assert_cmpfloat (first_limits ("norepinephrine")->hard_max, <, 4);
  g_object_set (infusion, "dose", 0.2, NULL);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sp_infusion_set_rate (infusion, 1050.0, &error));
    g_assert_error (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED);
  }
  /* The running dose stays: 0.2 x 70 x 60 / 16 = 52.5 mL/h. */
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.2);
  assert_close (sp_infusion_get_rate (infusion), 52.5);
  g_assert_cmpint (sp_infusion_get_limit_state (infusion), ==, SP_LIMIT_OK);
}

static void
test_infusion_unit_change (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *unit = NULL;
  guint changed;

  g_object_set (infusion, "concentration", &conc, "weight", 70.0, "dose", 0.1, NULL);
  g_signal_connect (infusion, "notify", G_CALLBACK (record_notify_cb), names);
  count_signal (infusion, "changed", &changed);

  /* Changing the unit never reuses the number (0.1 mcg/kg/min is not
   * 0.1 mcg/min, a 70-fold difference): dose and rate are cleared. */
  g_object_set (infusion, "dose-unit", "mcg/min", NULL);
  g_object_get (infusion, "dose-unit", &unit, NULL);
  g_assert_cmpstr (unit, ==, "mcg/min");
  assert_nan (sp_infusion_get_dose (infusion));
  assert_nan (sp_infusion_get_rate (infusion));
  assert_notified (names, "dose-unit dose rate running");
  g_assert_cmpuint (changed, ==, 1);

  /* The same unit again: nothing. */
  g_object_set (infusion, "dose-unit", "mcg/min", NULL);
  g_assert_cmpstr (names->str, ==, "");
  g_assert_cmpuint (changed, ==, 1);

  /* 10 mcg/min x 60 / 16 mcg/mL = 37.5 mL/h, no weight needed. */
  g_object_set (infusion, "weight", NAN, "dose", 10.0, NULL);
  assert_close (sp_infusion_get_rate (infusion), 37.5);
  g_assert_null (sp_infusion_get_message (infusion));

  /* A large number is never taken as a hint to change the unit. */
  g_object_set (infusion, "dose", 0.5, NULL);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "mcg/min");
}

static void
test_infusion_wrong_unit (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");

      g_object_set (infusion, "dose-unit", "units/min", NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*does not take doses in units/min*");
}

static void
test_infusion_units_per_min (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("vasopressin");
  SpConcentration conc = parse_conc ("20 units/100 mL");

  /* 0.03 units/min x 60 / 0.2 units/mL = 9 mL/h, whatever the weight. */
  g_object_set (infusion, "concentration", &conc, "dose", 0.03, NULL);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "units/min");
  assert_close (sp_infusion_get_rate (infusion), 9);
  g_object_set (infusion, "weight", 70.0, NULL);
  assert_close (sp_infusion_get_rate (infusion), 9);
}

static void
test_infusion_dose_change (void)
{
  g_autoptr(SpInfusion) infusion = new_infusion ("norepinephrine");
  g_autofree char *message = NULL;

  /* No running dose: nothing to compare with. */
  g_assert_false (sp_infusion_check_dose_change (infusion, 1, &message));
  g_assert_null (message);

  g_object_set (infusion, "weight", 70.0, "dose", 0.1, NULL);

  /* 0.4 / 0.1 = 4: a missed or extra zero is likely. */
  g_assert_true (sp_infusion_check_dose_change (infusion, 0.4, &message));
  g_assert_cmpstr (message, ==, "4× the running dose");
  g_clear_pointer (&message, g_free);

  /* 0.01 / 0.1 = 0.1 */
  g_assert_true (sp_infusion_check_dose_change (infusion, 0.01, &message));
  g_assert_cmpstr (message, ==, "0.1× the running dose");
  g_clear_pointer (&message, g_free);

  /* Within twice and half: no question. Exactly 2x and 0.5x are within. */
  g_assert_false (sp_infusion_check_dose_change (infusion, 0.15, &message));
  g_assert_null (message);
  g_assert_false (sp_infusion_check_dose_change (infusion, 0.2, NULL));
  g_assert_false (sp_infusion_check_dose_change (infusion, 0.05, NULL));
  g_assert_true (sp_infusion_check_dose_change (infusion, 0.21, NULL));
  g_assert_true (sp_infusion_check_dose_change (infusion, 0.049, NULL));

  /* Stopping (0) or clearing is not a magnitude error. */
  g_assert_false (sp_infusion_check_dose_change (infusion, 0, NULL));
  g_assert_false (sp_infusion_check_dose_change (infusion, NAN, NULL));

  /* The check changes nothing. */
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 0.1);
}

/* --- SpCase ---------------------------------------------------------------- */

static void
test_case_initial (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(SpPatient) patient = NULL;
  g_autoptr(GListModel) infusions = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(GFile) file = NULL;
  gboolean modified;

  g_object_get (c,
                "patient", &patient,
                "infusions", &infusions,
                "assessment", &assessment,
                "file", &file,
                "modified", &modified,
                NULL);
  g_assert_true (SP_IS_PATIENT (patient));
  g_assert_true (patient == sp_case_get_patient (c));
  g_assert_true (G_IS_LIST_MODEL (infusions));
  g_assert_cmpuint (g_list_model_get_n_items (infusions), ==, 0);
  g_assert_true (g_list_model_get_item_type (infusions) == SP_TYPE_INFUSION);
  g_assert_true (SP_IS_ASSESSMENT (assessment));
  g_assert_null (file);
  g_assert_false (modified);
  g_assert_null (sp_case_get_title (c));
}

static void
test_case_one_evaluation (void)
{
  g_autoptr(SpCase) c = new_case ();
  SpPatient *patient = sp_case_get_patient (c);
  SpAssessment *before;
  SpPatientState state;
  guint evaluated;

  count_notify (c, "assessment", &evaluated);

  /* One property set: one evaluation. */
  before = sp_case_get_assessment (c);
  g_object_set (patient, "sbp", 85.0, NULL);
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_true (sp_case_get_assessment (c) != before);
  g_assert_true (sp_patient_state_equal (sp_assessment_get_patient_state (sp_case_get_assessment (c)),
                                         sp_patient_peek_state (patient)));

  /* The same value: none. */
  g_object_set (patient, "sbp", 85.0, NULL);
  g_assert_cmpuint (evaluated, ==, 1);

  /* A batch of several fields: one. */
  sp_patient_get_state (patient, &state);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 50);
  sp_patient_state_set_number (&state, SP_FIELD_LACTATE, 4);
  sp_patient_state_set_number (&state, SP_FIELD_WEIGHT, 70);
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "altered"));
  sp_patient_set_state (patient, &state);
  g_assert_cmpuint (evaluated, ==, 2);

  /* Several properties in one g_object_set are several changes. */
  g_object_set (patient, "hr", 110.0, "spo2", 93.0, NULL);
  g_assert_cmpuint (evaluated, ==, 4);

  /* The title is no input of the engine. */
  g_object_set (c, "title", "Bed 4", NULL);
  g_assert_cmpuint (evaluated, ==, 4);
}

/* A patient in cardiogenic shock whose fluid challenge failed. */
static void
set_shock_patient (SpPatient *patient)
{
  SpPatientState state;

  sp_patient_state_init (&state);
  sp_patient_state_set_number (&state, SP_FIELD_WEIGHT, 70);
  sp_patient_state_set_number (&state, SP_FIELD_SBP, 85);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 50);
  sp_patient_state_set_number (&state, SP_FIELD_LACTATE, 4);
  sp_patient_state_set_number (&state, SP_FIELD_URINE, 0.3);
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "altered"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_SKIN, "poor"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_FLUID, "given-no-response"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_CENTRAL_LINE, "yes"));
  sp_patient_set_state (patient, &state);
}

static void
test_case_steps (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpInfusion *dobutamine, *norepinephrine;
  SpPatientState state;
  guint evaluated, items_changed;

  set_shock_patient (patient);
  /* No inotrope runs: an inotrope comes first. */
  g_assert_cmpstr (active_step (c), ==, "step1-inotrope");

  count_notify (c, "assessment", &evaluated);
  count_items_changed (sp_case_get_infusions (c), &items_changed);

  /* Adding an infusion: one change, one evaluation; without a dose it does
   * not run. */
  dobutamine = sp_case_add_infusion (c, "dobutamine", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SP_IS_INFUSION (dobutamine));
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_cmpfloat (sp_infusion_get_weight (dobutamine), ==, 70);
  g_assert_cmpstr (active_step (c), ==, "step1-inotrope");

  /* 5 mcg/kg/min of dobutamine: the patient's inotrope fields follow; with
   * the fluid challenge failed, SBP < 90 and hypoperfusion, norepinephrine is
   * indicated. */
  g_object_set (dobutamine, "dose", 5.0, NULL);
  g_assert_cmpuint (evaluated, ==, 2);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "dobutamine");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_INOTROPE_DOSE), ==, 5);
  g_assert_cmpstr (active_step (c), ==, "step3-norepinephrine");

  /* Norepinephrine 0.2 mcg/kg/min runs: titrate. */
  norepinephrine = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evaluated, ==, 3);
  assert_nan (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE));
  g_object_set (norepinephrine, "dose", 0.2, NULL);
  g_assert_cmpuint (evaluated, ==, 4);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), ==, 0.2);
  g_assert_cmpstr (active_step (c), ==, "step3-norepinephrine");

  /* 1.2 mcg/kg/min (>= the protocol's high dose, 1): escalate. */
  g_object_set (norepinephrine, "dose", 1.2, NULL);
  g_assert_cmpuint (evaluated, ==, 5);
  g_assert_cmpstr (active_step (c), ==, "escalate");

  /* Targets met while norepinephrine runs: wean. One batch, one evaluation. */
  g_object_set (norepinephrine, "dose", 0.2, NULL);
  g_assert_cmpuint (evaluated, ==, 6);
  sp_patient_get_state (patient, &state);
  sp_patient_state_set_number (&state, SP_FIELD_SBP, 110);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 70);
  sp_patient_state_set_number (&state, SP_FIELD_LACTATE, 1.5);
  sp_patient_state_set_number (&state, SP_FIELD_URINE, 1);
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "normal"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_SKIN, "normal"));
  sp_patient_set_state (patient, &state);
  g_assert_cmpuint (evaluated, ==, 7);
  g_assert_cmpstr (active_step (c), ==, "wean");

  /* Stopped: the field is unset, targets met without a vasopressor. */
  sp_case_remove_infusion (c, norepinephrine);
  g_assert_cmpuint (evaluated, ==, 8);
  g_assert_cmpuint (items_changed, ==, 3);
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));
  g_assert_cmpstr (active_step (c), ==, "stable");

  /* Removing the inotrope: "none". */
  sp_case_remove_infusion (c, dobutamine);
  g_assert_cmpuint (evaluated, ==, 9);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "none");
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_INOTROPE_DOSE));
  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (c)), ==, 0);
}

static void
test_case_two_inotropes (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpInfusion *dobutamine, *milrinone;
  guint evaluated;

  g_object_set (patient, "weight", 70.0, NULL);
  count_notify (c, "assessment", &evaluated);

  /* Proposed, no dose: no inotrope runs. */
  dobutamine = sp_case_add_infusion (c, "dobutamine", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "none");

  milrinone = sp_case_add_infusion (c, "milrinone", NULL, &error);
  g_assert_no_error (error);
  g_object_set (milrinone, "dose", 0.5, NULL);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "milrinone");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_INOTROPE_DOSE), ==, 0.5);

  /* Both run: the first in the list writes the fields. */
  g_object_set (dobutamine, "dose", 5.0, NULL);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "dobutamine");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_INOTROPE_DOSE), ==, 5);

  sp_case_remove_infusion (c, dobutamine);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "milrinone");
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_INOTROPE_DOSE), ==, 0.5);

  /* Stopped (0): not running. */
  g_object_set (milrinone, "dose", 0.0, NULL);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "none");
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_INOTROPE_DOSE));

  sp_case_remove_infusion (c, milrinone);
  g_assert_cmpstr (sp_patient_get_choice (patient, SP_FIELD_INOTROPE), ==, "none");

  /* add, add, dose, dose, remove, dose, remove: one evaluation each. */
  g_assert_cmpuint (evaluated, ==, 7);
}

static void
test_case_infusion_owns_field (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpInfusion *infusion;
  guint evaluated;

  g_object_set (patient, "weight", 70.0, NULL);
  infusion = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_object_set (infusion, "dose", 0.1, NULL);
  g_assert_true (sp_case_find_infusion (c, "noradrenaline") == infusion);

  /* One way: a value typed into the field is replaced by the infusion's,
   * within the same change (one evaluation). */
  count_notify (c, "assessment", &evaluated);
  g_object_set (patient, "norepinephrine", 0.5, NULL);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), ==, 0.1);
  g_assert_cmpuint (evaluated, ==, 1);
  /* The engine saw the infusion's value. */
  {
    const SpPatientState *seen = sp_assessment_get_patient_state (sp_case_get_assessment (c));

    g_assert_cmpfloat (seen->values[SP_FIELD_NOREPINEPHRINE].number, ==, 0.1);
  }

  /* A concentration change keeps the dose: the field stays. */
  {
    SpConcentration stronger = parse_conc ("8 mg/250 mL");

    g_object_set (infusion, "concentration", &stronger, NULL);
    g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), ==, 0.1);
    /* 0.1 x 70 x 60 / 32 = 13.125 mL/h */
    assert_close (sp_infusion_get_rate (infusion), 13.125);
  }
}

static void
test_case_weight_follows (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpInfusion *infusion;
  guint evaluated;

  infusion = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_object_set (infusion, "dose-unit", "mcg/min", "dose", 14.0, NULL);

  /* 14 mcg/min, no weight: cannot be written as mcg/kg/min, but it runs: the
   * field says so (dose not known in its unit), the engine counts a vasopressor
   * and asks for the weight. */
  assert_nan (sp_infusion_get_weight (infusion));
  g_assert_true (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));
  assert_nan (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE));
  g_assert_cmpint (sp_assessment_find_criterion (sp_case_get_assessment (c),
                                                 "vasopressor-running")->state, ==, SP_TRI_MET);
  g_assert_nonnull (sp_assessment_find_alert (sp_case_get_assessment (c), "missing-weight"));

  /* The weight arrives: the infusion follows it, and the field becomes
   * 14 mcg/min / 70 kg = 0.2 mcg/kg/min; still one evaluation. */
  count_notify (c, "assessment", &evaluated);
  g_object_set (patient, "weight", 70.0, NULL);
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_cmpfloat (sp_infusion_get_weight (infusion), ==, 70);
  assert_close (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), 0.2);
  /* The infusion's own dose and unit are untouched. */
  g_assert_cmpfloat (sp_infusion_get_dose (infusion), ==, 14);
  g_assert_cmpstr (sp_dose_unit_to_string (sp_infusion_get_dose_unit (infusion)), ==, "mcg/min");

  /* 80 kg: 14 / 80 = 0.175 mcg/kg/min. */
  g_object_set (patient, "weight", 80.0, NULL);
  g_assert_cmpuint (evaluated, ==, 2);
  assert_close (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), 0.175);

  /* Weight-based infusion: the rate follows the weight, the dose stays.
   * 0.1 mcg/kg/min x 80 x 60 / 16 = 30 mL/h. */
  g_object_set (infusion, "dose-unit", "mcg/kg/min", NULL);
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));
  g_object_set (infusion, "dose", 0.1, NULL);
  assert_close (sp_infusion_get_rate (infusion), 30);
  g_assert_cmpuint (evaluated, ==, 4);
}

static void
test_case_add_errors (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpConcentration too_strong = parse_conc ("32 mg/250 mL");
  SpInfusion *infusion;
  guint evaluated;

  count_notify (c, "assessment", &evaluated);

  infusion = sp_case_add_infusion (c, "unobtainium", NULL, &error);
  g_assert_null (infusion);
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG);
  g_assert_nonnull (strstr (error->message, "unobtainium"));
  g_clear_error (&error);

  /* 128 mcg/mL: outside the library's concentration limits. */
  infusion = sp_case_add_infusion (c, "norepinephrine", &too_strong, &error);
  g_assert_null (infusion);
  g_assert_nonnull (error);
  g_clear_error (&error);

  infusion = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (infusion);

  infusion = sp_case_add_infusion (c, "noradrenaline", NULL, &error);
  g_assert_null (infusion);
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_DUPLICATE_DRUG);

  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (c)), ==, 1);
  g_assert_cmpuint (evaluated, ==, 1);
}

/* Fills @c with a patient, a title and two infusions. */
static void
populate_case (SpCase *c)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc = parse_conc ("8 mg/250 mL");
  SpInfusion *infusion;

  set_shock_patient (sp_case_get_patient (c));
  g_object_set (sp_case_get_patient (c), "hr", 112.0, "scvo2", 55.0, NULL);
  sp_case_set_title (c, "Bed 4");
  sp_case_set_notes (c, "Anterior STEMI, day 1");

  infusion = sp_case_add_infusion (c, "dobutamine", NULL, &error);
  g_assert_no_error (error);
  g_object_set (infusion, "dose", 7.5, NULL);

  infusion = sp_case_add_infusion (c, "norepinephrine", &conc, &error);
  g_assert_no_error (error);
  g_object_set (infusion, "dose-unit", "mcg/min", "dose", 14.0, NULL);
}

static void
test_case_save_load (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(SpCase) loaded = new_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_path ("case.xml");
  g_autoptr(GFile) file = NULL;
  GListModel *a, *b;
  guint evaluated, modified_notified;

  populate_case (c);
  g_assert_true (sp_case_get_modified (c));

  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_get_modified (c));
  file = g_file_new_for_path (path);
  g_assert_true (g_file_equal (sp_case_get_file (c), file));

  count_notify (loaded, "assessment", &evaluated);
  count_notify (loaded, "modified", &modified_notified);
  g_assert_true (sp_case_load (loaded, path, &error));
  g_assert_no_error (error);

  /* A load is one change: one evaluation, and not "modified". */
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_false (sp_case_get_modified (loaded));
  g_assert_cmpuint (modified_notified, ==, 0);
  g_assert_true (g_file_equal (sp_case_get_file (loaded), file));
  g_assert_cmpstr (sp_case_get_title (loaded), ==, "Bed 4");
  g_assert_cmpstr (sp_case_get_notes (loaded), ==, "Anterior STEMI, day 1");

  g_assert_true (sp_patient_state_equal (sp_patient_peek_state (sp_case_get_patient (c)),
                                         sp_patient_peek_state (sp_case_get_patient (loaded))));

  a = sp_case_get_infusions (c);
  b = sp_case_get_infusions (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (b), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SpInfusion) x = g_list_model_get_item (a, i);
      g_autoptr(SpInfusion) y = g_list_model_get_item (b, i);

      g_assert_cmpstr (sp_infusion_get_drug_id (x), ==, sp_infusion_get_drug_id (y));
      g_assert_true (sp_concentration_equal (sp_infusion_get_concentration (x),
                                             sp_infusion_get_concentration (y)));
      g_assert_true (sp_dose_unit_equal (sp_infusion_get_dose_unit (x),
                                         sp_infusion_get_dose_unit (y)));
      g_assert_cmpfloat (sp_infusion_get_dose (x), ==, sp_infusion_get_dose (y));
      g_assert_cmpfloat (sp_infusion_get_weight (y), ==, 70);
      assert_close (sp_infusion_get_rate (x), sp_infusion_get_rate (y));
    }

  g_assert_cmpstr (active_step (c), ==, active_step (loaded));
  g_assert_cmpstr (active_step (loaded), ==, "step3-norepinephrine");
  /* 14 mcg/min / 70 kg */
  assert_close (sp_patient_get_number (sp_case_get_patient (loaded), SP_FIELD_NOREPINEPHRINE), 0.2);
}

/* A teaching case opens as an editable case at its first stage; edited and
 * saved, it keeps its lecture title and every stage as read. */
static void
test_case_teaching_round_trip (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(SpCase) loaded = new_case ();
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *path = test_path ("teaching-edited.xml");
  const char *source_dir = g_getenv ("SHOCKPATH_SOURCE_DIR");
  static const char * const stage_ids[] = { "perfusion-unknown", "criteria-met", "titrate" };

  g_assert_nonnull (source_dir);
  source = g_build_filename (source_dir, "data", "cases", "teaching-step3-titration.xml", NULL);

  g_assert_true (sp_case_load (c, source, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_case_get_n_stages (c), ==, G_N_ELEMENTS (stage_ids));
  g_assert_cmpstr (sp_case_get_teaching_title (c), ==,
                   "Pulmonary oedema: from Step 2 to norepinephrine and its titration");
  /* The file's own state is its first stage: lactate and urine unknown. */
  g_assert_cmpstr (active_step (c), ==, "step2-criteria");
  g_assert_cmpstr (active_step (c), ==, sp_case_get_stage (c, 0)->step_id);

  /* Edited (the lactate of stage 2) and saved: the stages stay. */
  sp_patient_set_number (sp_case_get_patient (c), SP_FIELD_LACTATE, 4.1);
  g_assert_true (sp_case_get_modified (c));
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);

  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  /* the library's default profile: not named, format 2 as read */
  g_assert_cmpuint (data->format_version, ==, 2);
  g_assert_null (data->profile);
  g_assert_cmpuint (data->stages->len, ==, G_N_ELEMENTS (stage_ids));
  for (guint i = 0; i < G_N_ELEMENTS (stage_ids); i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);

      g_assert_cmpstr (stage->id, ==, stage_ids[i]);
      /* The stages are written as read, not with the edit. */
      g_assert_true (sp_patient_state_equal (&stage->patient,
                                             &sp_case_get_stage (c, i)->patient));
    }
  g_assert_false (sp_case_get_stage (c, 0)->patient.values[SP_FIELD_LACTATE].set);
  g_assert_true (data->patient.values[SP_FIELD_LACTATE].set);
  g_assert_cmpfloat (data->patient.values[SP_FIELD_LACTATE].number, ==, 4.1);

  g_assert_true (sp_case_load (loaded, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_case_get_n_stages (loaded), ==, G_N_ELEMENTS (stage_ids));
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (loaded), SP_FIELD_LACTATE), ==, 4.1);

  /* A stage's state replaces the case's, as one modifying change. */
  g_assert_true (sp_case_load_stage (loaded, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (active_step (loaded), ==, "step3-norepinephrine");
  g_assert_true (sp_case_get_modified (loaded));
  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (loaded)), ==, 2);
  g_assert_cmpuint (sp_case_get_n_stages (loaded), ==, G_N_ELEMENTS (stage_ids));

  /* A new case has no stages, and is saved as format 1. */
  sp_case_reset (loaded);
  g_assert_cmpuint (sp_case_get_n_stages (loaded), ==, 0);
  g_assert_null (sp_case_get_teaching_title (loaded));
}

/* A case whose title and notes come in several languages (case format 2):
 * the "title" property is the user's language's; an edit replaces that
 * variant only, and a save keeps every other. */
static void
test_case_title_languages (void)
{
  static const char text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"2\">\n"
    "  <title>Stable on dobutamine</title>\n"
    "  <title xml:lang=\"de\">Stabil unter Dobutamin</title>\n"
    "  <title xml:lang=\"fr\">Stable sous dobutamine</title>\n"
    "  <notes>Targets met.</notes>\n"
    "  <notes xml:lang=\"de\">Zielwerte erreicht.</notes>\n"
    "  <patient>\n"
    "    <value field=\"weight\">78</value>\n"
    "  </patient>\n"
    "</case>\n";
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = test_path ("languages.xml");
  g_autofree char *path = test_path ("languages-edited.xml");
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *property = NULL;
  const SpCaseText *text_de, *text_fr, *text_en;
  guint title_notified, notes_notified;

  write_file (source, text);
  g_setenv ("LANGUAGE", "de", TRUE);
  count_notify (c, "title", &title_notified);
  count_notify (c, "notes", &notes_notified);
  g_assert_true (sp_case_load (c, source, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (title_notified, ==, 1);
  g_assert_cmpuint (notes_notified, ==, 1);

  /* German: the German variants, by the getters and the properties. */
  g_assert_cmpstr (sp_case_get_title (c), ==, "Stabil unter Dobutamin");
  g_assert_cmpstr (sp_case_get_notes (c), ==, "Zielwerte erreicht.");
  g_object_get (c, "title", &property, NULL);
  g_assert_cmpstr (property, ==, "Stabil unter Dobutamin");
  g_clear_pointer (&property, g_free);
  g_assert_cmpuint (sp_case_get_title_variants (c)->len, ==, 3);

  /* French: the French title; no French notes, so the English ones. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_assert_cmpstr (sp_case_get_title (c), ==, "Stable sous dobutamine");
  g_assert_cmpstr (sp_case_get_notes (c), ==, "Targets met.");
  g_object_get (c, "title", &property, NULL);
  g_assert_cmpstr (property, ==, "Stable sous dobutamine");
  g_clear_pointer (&property, g_free);

  /* Edited in German: the German title replaced, one notification; the same
   * text again is no change. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_false (sp_case_get_modified (c));
  sp_case_set_title (c, "Stabil unter Dobutamin, Bett 4");
  g_assert_cmpuint (title_notified, ==, 2);
  g_assert_true (sp_case_get_modified (c));
  g_assert_cmpstr (sp_case_get_title (c), ==, "Stabil unter Dobutamin, Bett 4");
  g_object_set (c, "title", "Stabil unter Dobutamin, Bett 4", NULL);
  g_assert_cmpuint (title_notified, ==, 2);

  /* Saved: every variant written, only the German title changed. */
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->format_version, ==, 2);
  g_assert_cmpuint (data->titles->len, ==, 3);
  g_assert_cmpuint (data->notes->len, ==, 2);
  text_en = g_ptr_array_index (data->titles, 0);
  text_de = g_ptr_array_index (data->titles, 1);
  text_fr = g_ptr_array_index (data->titles, 2);
  g_assert_null (text_en->lang);
  g_assert_cmpstr (text_en->text, ==, "Stable on dobutamine");
  g_assert_cmpstr (text_de->lang, ==, "de");
  g_assert_cmpstr (text_de->text, ==, "Stabil unter Dobutamin, Bett 4");
  g_assert_cmpstr (text_fr->lang, ==, "fr");
  g_assert_cmpstr (text_fr->text, ==, "Stable sous dobutamine");
  g_assert_cmpstr (((const SpCaseText *) g_ptr_array_index (data->notes, 1))->text, ==,
                   "Zielwerte erreicht.");
  g_clear_pointer (&data, sp_case_data_free);

  /* In Spanish the English title shows: an edit replaces it, and the other
   * languages keep theirs. */
  g_setenv ("LANGUAGE", "es", TRUE);
  sp_case_set_title (c, "Stable on dobutamine, bed 4");
  g_assert_cmpstr (sp_case_get_title (c), ==, "Stable on dobutamine, bed 4");
  g_assert_cmpuint (sp_case_get_title_variants (c)->len, ==, 3);
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_cmpstr (sp_case_get_title (c), ==, "Stabil unter Dobutamin, Bett 4");

  /* Cleared notes are gone in every language (not the English ones back). */
  sp_case_set_notes (c, NULL);
  g_assert_cmpuint (notes_notified, ==, 2);
  g_assert_null (sp_case_get_notes (c));
  g_assert_cmpuint (sp_case_get_notes_variants (c)->len, ==, 0);
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->notes->len, ==, 0);
  g_assert_cmpuint (data->titles->len, ==, 3);
  g_clear_pointer (&data, sp_case_data_free);

  /* A case without variants stays so: a German user's title is the default
   * one, written in format 1. */
  sp_case_reset (c);
  g_assert_cmpuint (sp_case_get_title_variants (c)->len, ==, 0);
  sp_case_set_title (c, "Bett 4");
  g_assert_cmpuint (sp_case_get_title_variants (c)->len, ==, 1);
  g_assert_null (((const SpCaseText *) g_ptr_array_index (sp_case_get_title_variants (c), 0))->lang);
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  data = sp_case_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->format_version, ==, 1);
  g_assert_cmpstr (sp_case_data_get_title (data), ==, "Bett 4");

  /* "" is no title either. */
  sp_case_set_title (c, "");
  g_assert_null (sp_case_get_title (c));
  g_assert_cmpuint (sp_case_get_title_variants (c)->len, ==, 0);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

typedef struct {
  SpPatientState  state;
  SpAssessment   *assessment;
  SpInfusion     *infusion0;
  guint           n_infusions;
  char           *title;
  GFile          *file;
  gboolean        modified;
} CaseSnapshot;

static void
snapshot_case (SpCase       *c,
               CaseSnapshot *snap)
{
  sp_patient_get_state (sp_case_get_patient (c), &snap->state);
  snap->assessment = sp_case_get_assessment (c);
  snap->n_infusions = g_list_model_get_n_items (sp_case_get_infusions (c));
  snap->infusion0 = g_list_model_get_item (sp_case_get_infusions (c), 0);
  snap->title = g_strdup (sp_case_get_title (c));
  snap->file = sp_case_get_file (c) ? g_object_ref (sp_case_get_file (c)) : NULL;
  snap->modified = sp_case_get_modified (c);
}

static void
assert_case_untouched (SpCase       *c,
                       CaseSnapshot *snap)
{
  g_autoptr(SpInfusion) infusion0 = g_list_model_get_item (sp_case_get_infusions (c), 0);

  g_assert_true (sp_patient_state_equal (sp_patient_peek_state (sp_case_get_patient (c)),
                                         &snap->state));
  g_assert_true (sp_case_get_assessment (c) == snap->assessment);
  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (c)), ==, snap->n_infusions);
  g_assert_true (infusion0 == snap->infusion0);
  g_assert_cmpstr (sp_case_get_title (c), ==, snap->title);
  g_assert_true (sp_case_get_file (c) == snap->file);
  g_assert_cmpint (sp_case_get_modified (c), ==, snap->modified);
}

static void
clear_snapshot (CaseSnapshot *snap)
{
  g_clear_object (&snap->infusion0);
  g_clear_object (&snap->file);
  g_clear_pointer (&snap->title, g_free);
}

static void
test_case_load_refuses (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autofree char *good = test_path ("good.xml");
  g_autofree char *broken = test_path ("broken.xml");
  g_autofree char *unknown_drug = NULL;
  g_autofree char *heavy = NULL;
  g_autofree char *twice = NULL;
  g_autofree char *missing = test_path ("does-not-exist.xml");
  SpConcentration conc = parse_conc ("4 mg/250 mL");
  SpCaseInfusion *stored;
  CaseSnapshot snap = { 0, };
  guint evaluated, items_changed;

  populate_case (c);
  g_assert_true (sp_case_save (c, good, &error));
  g_assert_no_error (error);
  g_object_set (sp_case_get_patient (c), "hr", 118.0, NULL);

  snapshot_case (c, &snap);
  g_assert_true (snap.modified);
  count_notify (c, "assessment", &evaluated);
  count_items_changed (sp_case_get_infusions (c), &items_changed);

  /* Not XML. */
  write_file (broken, "<case format-version=\"1\"><patient><weight>70</wei");
  g_assert_false (sp_case_load (c, broken, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_case_untouched (c, &snap);

  /* No such file: said plainly, naming the file. */
  g_assert_false (sp_case_load (c, missing, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_suffix (error->message, ": no such file"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  assert_case_untouched (c, &snap);

  /* A drug the library does not know. */
  data = sp_case_data_new ();
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 70);
  g_ptr_array_add (data->infusions, sp_case_infusion_new ("unobtainium", &conc));
  unknown_drug = write_case_data ("unknown-drug.xml", data);
  g_assert_false (sp_case_load (c, unknown_drug, &error));
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG);
  g_assert_nonnull (strstr (error->message, "unobtainium"));
  g_assert_nonnull (strstr (error->message, "unknown-drug.xml"));
  g_clear_error (&error);
  assert_case_untouched (c, &snap);
  g_clear_pointer (&data, sp_case_data_free);

  /* A weight the protocol refuses (and a good infusion before it). */
  data = sp_case_data_new ();
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 5000);
  stored = sp_case_infusion_new ("norepinephrine", &conc);
  stored->dose_unit = first_limits ("norepinephrine")->unit;
  stored->has_dose = TRUE;
  stored->dose = 0.1;
  g_ptr_array_add (data->infusions, stored);
  heavy = write_case_data ("heavy.xml", data);
  g_assert_false (sp_case_load (c, heavy, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, sp_field_get_label (SP_FIELD_WEIGHT)));
  g_clear_error (&error);
  assert_case_untouched (c, &snap);

  /* The same drug twice. */
  sp_patient_state_set_number (&data->patient, SP_FIELD_WEIGHT, 70);
  stored = sp_case_infusion_new ("noradrenaline", &conc);
  stored->dose_unit = first_limits ("norepinephrine")->unit;
  g_ptr_array_add (data->infusions, stored);
  twice = write_case_data ("twice.xml", data);
  g_assert_false (sp_case_load (c, twice, &error));
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_DUPLICATE_DRUG);
  g_clear_error (&error);
  assert_case_untouched (c, &snap);

  /* Nothing was evaluated, nothing was added or removed. */
  g_assert_cmpuint (evaluated, ==, 0);
  g_assert_cmpuint (items_changed, ==, 0);

  /* The good file still loads. */
  g_assert_true (sp_case_load (c, good, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (c), SP_FIELD_HR), ==, 112);

  clear_snapshot (&snap);
}

static void
test_case_modified (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_path ("modified.xml");
  SpInfusion *infusion;
  guint modified_notified, evaluated;

  count_notify (c, "modified", &modified_notified);
  g_assert_false (sp_case_get_modified (c));

  g_object_set (sp_case_get_patient (c), "sbp", 85.0, NULL);
  g_assert_true (sp_case_get_modified (c));
  g_assert_cmpuint (modified_notified, ==, 1);

  /* Still modified: no further notification. */
  g_object_set (sp_case_get_patient (c), "dbp", 50.0, NULL);
  g_assert_cmpuint (modified_notified, ==, 1);

  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_get_modified (c));
  g_assert_cmpuint (modified_notified, ==, 2);

  /* The same value is no change. */
  g_object_set (sp_case_get_patient (c), "dbp", 50.0, NULL);
  g_assert_false (sp_case_get_modified (c));

  g_object_set (c, "title", "Bed 7", NULL);
  g_assert_true (sp_case_get_modified (c));
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);

  /* An infusion added, then its dose. */
  infusion = sp_case_add_infusion (c, "dobutamine", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sp_case_get_modified (c));
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  g_object_set (infusion, "dose", 5.0, NULL);
  g_assert_true (sp_case_get_modified (c));

  /* Load: not modified. */
  g_assert_true (sp_case_load (c, path, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_get_modified (c));
  g_assert_cmpstr (sp_case_get_title (c), ==, "Bed 7");

  /* Reset: a new, empty case, one evaluation, not modified. */
  g_object_set (sp_case_get_patient (c), "hr", 100.0, NULL);
  g_assert_true (sp_case_get_modified (c));
  count_notify (c, "assessment", &evaluated);
  sp_case_reset (c);
  g_assert_cmpuint (evaluated, ==, 1);
  g_assert_false (sp_case_get_modified (c));
  g_assert_null (sp_case_get_file (c));
  g_assert_null (sp_case_get_title (c));
  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (c)), ==, 0);
  /* Nothing entered; nothing runs: the inotrope is "none". */
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (i != SP_FIELD_INOTROPE)
      g_assert_false (sp_patient_is_set (sp_case_get_patient (c), i));
  g_assert_cmpstr (sp_patient_get_choice (sp_case_get_patient (c), SP_FIELD_INOTROPE), ==, "none");
}

static void
test_case_outlives (void)
{
  g_autoptr(SpPatient) patient = NULL;
  g_autoptr(SpInfusion) infusion = NULL;
  g_autoptr(GError) error = NULL;
  SpCase *c = new_case ();

  /* The views may hold the patient and an infusion longer than the case. */
  patient = g_object_ref (sp_case_get_patient (c));
  infusion = g_object_ref (sp_case_add_infusion (c, "vasopressin", NULL, &error));
  g_assert_no_error (error);
  g_object_unref (c);

  g_object_set (patient, "weight", 70.0, NULL);
  g_object_set (infusion, "dose", 0.03, NULL);
  assert_close (sp_infusion_get_rate (infusion), 9);
}


/* --- one truth --------------------------------------------------------------- */

/* The therapy fields follow the infusions, converted to each field's unit. */
static void
test_one_truth_derive (void)
{
  g_autoptr(GPtrArray) infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  SpConcentration bag = parse_conc ("16 mg/250 mL");
  SpCaseInfusion *ne, *vaso, *dobu;
  SpPatientState state;

  sp_patient_state_init (&state);
  sp_patient_state_set_number (&state, SP_FIELD_WEIGHT, 80);
  /* typed therapy values are never read: the infusions say what runs */
  sp_patient_state_set_number (&state, SP_FIELD_EPINEPHRINE, 0.5);

  ne = sp_case_infusion_new ("noradrenaline", &bag);
  ne->has_dose = TRUE;
  ne->dose = 100;
  g_assert_true (sp_dose_unit_parse ("mcg/min", &ne->dose_unit));
  g_ptr_array_add (infusions, ne);
  vaso = sp_case_infusion_new ("vasopressin", NULL);
  vaso->has_dose = TRUE;
  vaso->dose = 1.8;
  vaso->dose_unit = (SpDoseUnit) { SP_AMOUNT_UNITS, FALSE, SP_TIME_H };
  g_ptr_array_add (infusions, vaso);
  dobu = sp_case_infusion_new ("dobutamine", NULL);
  dobu->has_dose = TRUE;
  dobu->dose = 0;   /* stopped: not running */
  g_assert_true (sp_dose_unit_parse ("mcg/kg/min", &dobu->dose_unit));
  g_ptr_array_add (infusions, dobu);

  sp_therapy_derive_fields (drugs, infusions, &state);
  /* 100 mcg/min / 80 kg = 1.25 mcg/kg/min */
  g_assert_cmpfloat (state.values[SP_FIELD_NOREPINEPHRINE].number, ==, 1.25);
  /* 1.8 units/h / 60 = 0.03 units/min */
  g_assert_cmpfloat (state.values[SP_FIELD_VASOPRESSIN].number, ==, 0.03);
  g_assert_false (sp_patient_state_is_set (&state, SP_FIELD_EPINEPHRINE));
  /* dobutamine at 0 does not run */
  g_assert_cmpstr (sp_patient_state_get_choice (&state, SP_FIELD_INOTROPE), ==, "none");
  g_assert_false (sp_patient_state_is_set (&state, SP_FIELD_INOTROPE_DOSE));

  /* Without a weight, 100 mcg/min still runs; its dose per kg is unknown. */
  sp_patient_state_unset (&state, SP_FIELD_WEIGHT);
  sp_therapy_derive_fields (drugs, infusions, &state);
  g_assert_true (sp_patient_state_is_dose_unknown (&state, SP_FIELD_NOREPINEPHRINE));

  /* An inotrope that runs at a dose not recorded runs. */
  dobu->has_dose = FALSE;
  dobu->running = TRUE;
  sp_therapy_derive_fields (drugs, infusions, &state);
  g_assert_cmpstr (sp_patient_state_get_choice (&state, SP_FIELD_INOTROPE), ==, "dobutamine");
  g_assert_false (sp_patient_state_is_set (&state, SP_FIELD_INOTROPE_DOSE));
}

/* A value typed into a therapy field of the patient never reaches the
 * engine or the file; the infusions do. */
static void
test_one_truth_case (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  const SpPatientState *seen;

  g_object_set (patient, "weight", 70.0, NULL);
  g_object_set (patient, "norepinephrine", 0.5, NULL);
  seen = sp_assessment_get_patient_state (sp_case_get_assessment (c));
  g_assert_false (sp_patient_state_is_set (seen, SP_FIELD_NOREPINEPHRINE));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));

  data = sp_case_to_data (c);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy ((SpField) i))
      g_assert_false (sp_patient_state_is_set (&data->patient, (SpField) i));
  g_assert_cmpuint (data->infusions->len, ==, 0);
  (void) error;
}

/* Ctrl+Z: a dose, a concentration, a value, a removal. */
static void
test_one_truth_undo (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpConcentration strong = parse_conc ("16 mg/250 mL");
  SpInfusion *ne;
  guint can_undo_notified;

  g_assert_false (sp_case_get_can_undo (c));
  count_notify (c, "can-undo", &can_undo_notified);

  g_object_set (patient, "weight", 70.0, NULL);
  g_assert_true (sp_case_get_can_undo (c));
  g_assert_cmpuint (can_undo_notified, ==, 1);
  ne = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sp_infusion_set_dose (ne, 0.2, NULL));
  g_assert_true (sp_infusion_set_dose (ne, 0.3, NULL));
  sp_infusion_set_concentration (ne, &strong);

  /* the bag back to 4 mg/250 mL: 0.3 x 70 x 60 / 16 = 78.75 mL/h */
  g_assert_true (sp_case_undo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_cmpfloat (sp_infusion_get_concentration (ne)->amount, ==, 4);
  g_assert_cmpfloat (sp_infusion_get_dose (ne), ==, 0.3);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (ne), 78.75, 1e-9);

  /* the dose back to 0.2 */
  g_assert_true (sp_case_undo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_cmpfloat (sp_infusion_get_dose (ne), ==, 0.2);
  g_assert_cmpstr (active_step (c), ==, "step1-inotrope");

  /* a removal undone: the infusion is back with its dose and bag */
  sp_case_remove_infusion (c, ne);
  g_assert_null (sp_case_find_infusion (c, "norepinephrine"));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_NOREPINEPHRINE));
  g_assert_true (sp_case_undo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_nonnull (ne);
  g_assert_cmpfloat (sp_infusion_get_dose (ne), ==, 0.2);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), ==, 0.2);

  /* back to the start: dose cleared, infusion added, weight */
  g_assert_true (sp_case_undo (c));
  g_assert_true (sp_case_undo (c));
  g_assert_true (sp_case_undo (c));
  g_assert_cmpuint (g_list_model_get_n_items (sp_case_get_infusions (c)), ==, 0);
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_WEIGHT));
  g_assert_false (sp_case_get_can_undo (c));
  g_assert_false (sp_case_undo (c));

  /* a load starts afresh */
  g_object_set (patient, "sbp", 80.0, NULL);
  g_assert_true (sp_case_get_can_undo (c));
  sp_case_reset (c);
  g_assert_false (sp_case_get_can_undo (c));
}

/* Shift+Ctrl+Z: what was undone comes back, in order, until another
 * change; a reset or a load forgets it. */
static void
test_one_truth_redo (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpPatient *patient = sp_case_get_patient (c);
  SpConcentration strong = parse_conc ("16 mg/250 mL");
  SpInfusion *ne;
  guint can_redo_notified, can_undo_notified;

  g_assert_false (sp_case_get_can_redo (c));
  g_assert_false (sp_case_redo (c));
  count_notify (c, "can-redo", &can_redo_notified);

  g_object_set (patient, "weight", 70.0, NULL);
  ne = sp_case_add_infusion (c, "norepinephrine", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sp_infusion_set_dose (ne, 0.3, NULL));
  sp_infusion_set_concentration (ne, &strong);
  g_assert_false (sp_case_get_can_redo (c));

  /* undo the bag, then the dose: 4 mg/250 mL (16 mcg/mL), no dose */
  g_assert_true (sp_case_undo (c));
  g_assert_true (sp_case_get_can_redo (c));
  g_assert_cmpuint (can_redo_notified, ==, 1);
  g_assert_true (sp_case_undo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_false (sp_infusion_get_running (ne));

  /* redo the dose: 0.3 mcg/kg/min x 70 kg x 60 / 16 mcg/mL = 78.75 mL/h */
  g_assert_true (sp_case_redo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_cmpfloat (sp_infusion_get_dose (ne), ==, 0.3);
  g_assert_cmpfloat (sp_infusion_get_concentration (ne)->amount, ==, 4);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (ne), 78.75, 1e-9);
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_NOREPINEPHRINE), ==, 0.3);
  /* redo the bag: 0.3 x 70 x 60 / 64 mcg/mL = 19.6875 mL/h; nothing more */
  g_assert_true (sp_case_redo (c));
  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_cmpfloat (sp_infusion_get_concentration (ne)->amount, ==, 16);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (ne), 19.6875, 1e-9);
  g_assert_false (sp_case_get_can_redo (c));
  g_assert_false (sp_case_redo (c));
  g_assert_cmpuint (can_redo_notified, ==, 2);

  /* and undo takes it back again */
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_infusion_get_concentration (sp_case_find_infusion (c, "norepinephrine"))->amount,
                     ==, 4);

  /* a change of its own forgets what was undone */
  g_assert_true (sp_case_get_can_redo (c));
  g_object_set (patient, "weight", 80.0, NULL);
  g_assert_false (sp_case_get_can_redo (c));
  g_assert_false (sp_case_redo (c));
  g_assert_cmpfloat (sp_infusion_get_concentration (sp_case_find_infusion (c, "norepinephrine"))->amount,
                     ==, 4);

  /* an edit that ends where it began (typed, then Escape) is no change:
   * what was undone before it can still be redone (weight 80 undone, a
   * value typed into SBP and taken back) */
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_WEIGHT), ==, 70);
  g_assert_true (sp_case_get_can_redo (c));
  sp_case_begin_undo_group (c);
  g_object_set (patient, "sbp", 9.0, NULL);
  g_assert_false (sp_case_get_can_redo (c));
  g_object_set (patient, "sbp", 95.0, NULL);
  sp_patient_unset (patient, SP_FIELD_SBP);
  sp_case_end_undo_group (c);
  g_assert_true (sp_case_get_can_redo (c));
  g_assert_true (sp_case_redo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_WEIGHT), ==, 80);
  /* one that changes something forgets it */
  g_assert_true (sp_case_undo (c));
  sp_case_begin_undo_group (c);
  g_object_set (patient, "sbp", 95.0, NULL);
  sp_case_end_undo_group (c);
  g_assert_false (sp_case_get_can_redo (c));
  g_assert_false (sp_case_redo (c));

  /* a reset too, each told once */
  g_assert_true (sp_case_undo (c));
  g_assert_true (sp_case_get_can_redo (c));
  count_notify (c, "can-undo", &can_undo_notified);
  can_redo_notified = 0;
  sp_case_reset (c);
  g_assert_cmpuint (can_undo_notified, ==, 1);
  g_assert_cmpuint (can_redo_notified, ==, 1);
  g_assert_false (sp_case_get_can_redo (c));
  g_assert_false (sp_case_get_can_undo (c));
}

/* An undo group: what it sets undoes as one change (a value typed key by
 * key: 1, 10, 105 over 84 comes back as 84); a group that ends where it
 * began leaves nothing to undo; an undo inside one starts it afresh. */
/* An undo back to what the file holds leaves the case unmodified: SBP 85
 * saved, 105 typed, one undo: not modified (the title kept its unsaved mark
 * before); a change the undo does not cover (the title) stays one. */
static void
test_undo_to_saved (void)
{
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_path ("undo-to-saved.xml");
  SpPatient *patient = sp_case_get_patient (c);

  /* a new case: typed and undone, nothing to lose */
  g_object_set (patient, "hr", 92.0, NULL);
  g_assert_true (sp_case_get_modified (c));
  g_assert_true (sp_case_undo (c));
  g_assert_false (sp_case_get_modified (c));

  g_object_set (patient, "sbp", 85.0, NULL);
  g_assert_true (sp_case_save (c, path, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_get_modified (c));

  g_object_set (patient, "sbp", 105.0, NULL);
  g_assert_true (sp_case_get_modified (c));
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_SBP), ==, 85);
  g_assert_false (sp_case_get_modified (c));
  /* one more undo goes past the save: modified again */
  g_assert_true (sp_case_undo (c));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_SBP));
  g_assert_true (sp_case_get_modified (c));

  /* loaded: the same; a title change is not undone, and stays a change */
  g_assert_true (sp_case_load (c, path, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_get_modified (c));
  g_object_set (patient, "dbp", 50.0, NULL);
  g_assert_true (sp_case_undo (c));
  g_assert_false (sp_case_get_modified (c));
  g_object_set (c, "title", "Bed 7", NULL);
  g_object_set (patient, "dbp", 50.0, NULL);
  g_assert_true (sp_case_undo (c));
  g_assert_true (sp_case_get_modified (c));
}

static void
test_undo_group (void)
{
  g_autoptr(SpCase) c = new_case ();
  SpPatient *patient = sp_case_get_patient (c);

  g_object_set (patient, "sbp", 84.0, NULL);
  g_assert_true (sp_case_undo (c));
  g_assert_false (sp_case_get_can_undo (c));
  g_object_set (patient, "sbp", 84.0, NULL);

  sp_case_begin_undo_group (c);
  g_object_set (patient, "sbp", 1.0, NULL);
  g_object_set (patient, "sbp", 10.0, NULL);
  g_object_set (patient, "sbp", 105.0, NULL);
  sp_case_end_undo_group (c);
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_SBP), ==, 84);
  /* the 84 itself was one change before the group */
  g_assert_true (sp_case_undo (c));
  g_assert_false (sp_patient_is_set (patient, SP_FIELD_SBP));
  g_assert_false (sp_case_get_can_undo (c));

  /* typed and put back (Escape): nothing to undo */
  g_object_set (patient, "hr", 92.0, NULL);
  g_assert_true (sp_case_undo (c));
  sp_case_begin_undo_group (c);
  g_object_set (patient, "hr", 120.0, NULL);
  sp_patient_unset (patient, SP_FIELD_HR);
  sp_case_end_undo_group (c);
  g_assert_false (sp_case_get_can_undo (c));

  /* nested groups are one; an undo inside a group, then more typing: the
   * typing after it is a change of its own */
  g_object_set (patient, "dbp", 50.0, NULL);
  sp_case_begin_undo_group (c);
  sp_case_begin_undo_group (c);
  g_object_set (patient, "dbp", 5.0, NULL);
  sp_case_end_undo_group (c);
  g_object_set (patient, "dbp", 55.0, NULL);
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_DBP), ==, 50);
  g_object_set (patient, "dbp", 60.0, NULL);
  sp_case_end_undo_group (c);
  g_assert_true (sp_case_undo (c));
  g_assert_cmpfloat (sp_patient_get_number (patient, SP_FIELD_DBP), ==, 50);
}

/* An older file's therapy values: infusions without a concentration, shown
 * as such; written back as infusions (format 3), never as values. */
static void
test_one_truth_legacy_file (void)
{
  g_autofree char *path = test_path ("legacy.xml");
  g_autofree char *saved = test_path ("legacy-saved.xml");
  g_autofree char *xml = NULL;
  g_autoptr(SpCase) c = new_case ();
  g_autoptr(GError) error = NULL;
  SpInfusion *ne, *dobu;

  write_file (path,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<case format-version=\"1\">\n"
              "  <patient>\n"
              "    <value field=\"weight\">70</value>\n"
              "    <value field=\"sbp\">80</value>\n"
              "    <value field=\"inotrope\">dobutamine</value>\n"
              "    <value field=\"norepinephrine\">0.2</value>\n"
              "  </patient>\n"
              "</case>\n");
  g_assert_true (sp_case_load (c, path, &error));
  g_assert_no_error (error);

  ne = sp_case_find_infusion (c, "norepinephrine");
  g_assert_nonnull (ne);
  g_assert_cmpfloat (sp_infusion_get_dose (ne), ==, 0.2);
  g_assert_null (sp_infusion_get_concentration (ne));
  g_assert_true (isnan (sp_infusion_get_rate (ne)));
  g_assert_nonnull (strstr (sp_infusion_get_message (ne), "not recorded"));
  dobu = sp_case_find_infusion (c, "dobutamine");
  g_assert_true (sp_infusion_get_running (dobu));
  g_assert_true (isnan (sp_infusion_get_dose (dobu)));
  g_assert_cmpstr (active_step (c), ==, "step3-norepinephrine");

  g_assert_true (sp_case_save (c, saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved, &xml, NULL, NULL));
  g_assert_nonnull (strstr (xml, "<case format-version=\"3\">"));
  g_assert_null (strstr (xml, "field=\"norepinephrine\""));
  g_assert_null (strstr (xml, "field=\"inotrope\""));
  g_assert_nonnull (strstr (xml, "<infusion drug=\"norepinephrine\" dose=\"0.2\" "
                                 "dose-unit=\"mcg/kg/min\"/>"));
  g_assert_nonnull (strstr (xml, "<infusion drug=\"dobutamine\" running=\"yes\"/>"));

  /* Choosing the bag that runs gives the rate: 0.2 x 70 x 60 / 16 = 52.5 */
  {
    SpConcentration bag = parse_conc ("4 mg/250 mL");

    sp_infusion_set_concentration (ne, &bag);
    g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (ne), 52.5, 1e-9);
  }
}

/* --set shorthand on case data: units, refusals, the inotrope's dose. */
static void
test_one_truth_set_field (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autoptr(GError) error = NULL;
  const SpCaseInfusion *infusion;

  g_assert_true (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_VASOPRESSIN,
                                         "1.8 units/h", SP_NUMBER_C, NULL, &error));
  g_assert_no_error (error);
  infusion = g_ptr_array_index (data->infusions, 0);
  /* units/h is a dose unit of vasopressin: kept as typed */
  g_assert_cmpstr (sp_dose_unit_to_string (infusion->dose_unit), ==, "units/h");
  g_assert_cmpfloat (infusion->dose, ==, 1.8);
  g_assert_false (infusion->has_concentration);
  /* above the hard limit once converted: 6.6 units/h / 60 = 0.11 units/min > 0.1 */
  g_assert_false (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_VASOPRESSIN,
                                          "6.6 units/h", SP_NUMBER_C, NULL, &error));
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hard limit"));
  g_clear_error (&error);
  g_assert_cmpfloat (infusion->dose, ==, 1.8);

  /* above the hard limit (3 mcg/kg/min): refused, nothing added */
  g_assert_false (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_NOREPINEPHRINE,
                                          "4", SP_NUMBER_C, NULL, &error));
  g_assert_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hard limit"));
  g_clear_error (&error);
  g_assert_cmpuint (data->infusions->len, ==, 1);

  /* a dose of an inotrope needs the inotrope */
  g_assert_false (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_INOTROPE_DOSE,
                                          "5", SP_NUMBER_C, NULL, &error));
  g_clear_error (&error);
  g_assert_true (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_INOTROPE,
                                         "dobutamine", SP_NUMBER_C, NULL, &error));
  g_assert_true (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_INOTROPE_DOSE,
                                         "5", SP_NUMBER_C, NULL, &error));
  g_assert_no_error (error);
  infusion = g_ptr_array_index (data->infusions, 1);
  g_assert_cmpstr (infusion->drug_id, ==, "dobutamine");
  g_assert_cmpfloat (infusion->dose, ==, 5);
  g_assert_false (infusion->running);

  /* "none" removes the inotrope; an empty value stops a drug */
  g_assert_true (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_INOTROPE,
                                         "none", SP_NUMBER_C, NULL, &error));
  g_assert_true (sp_case_data_set_field (data, protocol, drugs, SP_FIELD_VASOPRESSIN,
                                         "", SP_NUMBER_C, NULL, &error));
  g_assert_cmpuint (data->infusions->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/model/patient/properties", test_patient_properties);
  g_test_add_func ("/core/model/patient/notify", test_patient_notify);
  g_test_add_func ("/core/model/patient/choice", test_patient_choice);
  g_test_add_func ("/core/model/patient/invalid-choice", test_patient_invalid);
  g_test_add_func ("/core/model/patient/invalid-number", test_patient_invalid_number);
  g_test_add_func ("/core/model/patient/map-derived", test_patient_map);
  g_test_add_func ("/core/model/patient/batch", test_patient_batch);

  g_test_add_func ("/core/model/infusion/defaults", test_infusion_defaults);
  g_test_add_func ("/core/model/infusion/dose-to-rate", test_infusion_dose_to_rate);
  g_test_add_func ("/core/model/infusion/rate-to-dose", test_infusion_rate_to_dose);
  g_test_add_func ("/core/model/infusion/weight-keeps-dose", test_infusion_weight_keeps_dose);
  g_test_add_func ("/core/model/infusion/concentration-keeps-dose",
                   test_infusion_concentration_keeps_dose);
  g_test_add_func ("/core/model/infusion/hard-limit", test_infusion_hard_limit);
  g_test_add_func ("/core/model/infusion/soft-limit", test_infusion_soft_limit);
  g_test_add_func ("/core/model/infusion/missing-weight", test_infusion_missing_weight);
  g_test_add_func ("/core/model/infusion/rate-hard-limit", test_infusion_rate_hard_limit);
  g_test_add_func ("/core/model/infusion/unit-change-clears-dose", test_infusion_unit_change);
  g_test_add_func ("/core/model/infusion/wrong-unit", test_infusion_wrong_unit);
  g_test_add_func ("/core/model/infusion/units-per-min", test_infusion_units_per_min);
  g_test_add_func ("/core/model/infusion/dose-change", test_infusion_dose_change);

  g_test_add_func ("/core/model/case/initial", test_case_initial);
  g_test_add_func ("/core/model/case/one-evaluation", test_case_one_evaluation);
  g_test_add_func ("/core/model/case/steps", test_case_steps);
  g_test_add_func ("/core/model/case/two-inotropes", test_case_two_inotropes);
  g_test_add_func ("/core/model/case/infusion-owns-field", test_case_infusion_owns_field);
  g_test_add_func ("/core/model/case/weight-follows", test_case_weight_follows);
  g_test_add_func ("/core/model/case/add-errors", test_case_add_errors);
  g_test_add_func ("/core/model/case/save-load", test_case_save_load);
  g_test_add_func ("/core/model/case/teaching-round-trip", test_case_teaching_round_trip);
  g_test_add_func ("/core/model/case/title-languages", test_case_title_languages);
  g_test_add_func ("/core/model/case/load-refuses", test_case_load_refuses);
  g_test_add_func ("/core/model/case/modified", test_case_modified);
  g_test_add_func ("/core/model/case/outlives", test_case_outlives);
  g_test_add_func ("/core/model/one-truth/derive", test_one_truth_derive);
  g_test_add_func ("/core/model/one-truth/case", test_one_truth_case);
  g_test_add_func ("/core/model/one-truth/undo", test_one_truth_undo);
  g_test_add_func ("/core/model/one-truth/redo", test_one_truth_redo);
  g_test_add_func ("/core/model/undo-group", test_undo_group);
  g_test_add_func ("/core/model/undo-to-saved", test_undo_to_saved);
  g_test_add_func ("/core/model/one-truth/legacy-file", test_one_truth_legacy_file);
  g_test_add_func ("/core/model/one-truth/set-field", test_one_truth_set_field);

  ret = g_test_run ();

  g_clear_object (&drugs);
  g_clear_object (&protocol);

  return ret;
}
