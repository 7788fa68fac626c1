/* test-fhir.c: HL7 FHIR R4 export and import (sp-fhir.h, `shockpath-cli
 * export` and `import`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/cases/example-timeline.xml is the case worked by hand: 80 kg,
 * dobutamine 5 mcg/kg/min from 08:00 (1000 mg/250 mL), norepinephrine from
 * 08:30 (4 mg/250 mL, then 8 mg/250 mL from 12:00); e4 (MAP 63) corrected
 * by e5 (MAP 68), e10 (HR 150) entered in error (e11).
 *
 * tests/data/fhir-monitor.json is written by hand as a bedside monitor
 * would send it (times in UTC, one BP panel with components, a lactate in
 * mg/dL) with eight items that must be skipped (one an SpO₂ of 0.95 %, a
 * fraction with a percent sign).
 *
 * The independent check of the Bundles against the R4 definitions is
 * tests/check-fhir.py (the `fhir` npm package).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sp-case.h"
#include "sp-fhir.h"
#include "sp-test-cli.h"
#include "sp-timeline.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

static const char *shipped_cases[] = {
  "example-stable", "example-step2", "example-timeline", "example-wean",
  "teaching-epinephrine-transfer", "teaching-escalation-vasopressin-iabp",
  "teaching-inferior-mi", "teaching-peripheral-line", "teaching-step3-titration",
  "teaching-vasopressor-first-line", "teaching-wean-to-stable",
};

static char *
case_path (const char *name)
{
  g_autofree char *relative = g_strdup_printf ("data/cases/%s.xml", name);

  return source_path (relative);
}

static SpCaseData *
load_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  SpCaseData *data = sp_case_data_load (path, protocol, drugs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static JsonNode *
export_cli (const char *path)
{
  g_auto(Run) run = { 0, };

  run_cli (&run, LOCALE_C, "export", "--case", path, "--format", "fhir", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  return parse_json (&run);
}

static JsonArray *
entries_of (JsonNode *bundle)
{
  return json_array (bundle, "entry");
}

static JsonObject *
resource_at (JsonArray *entries,
             guint      i)
{
  return json_object_get_object_member (json_array_get_object_element (entries, i), "resource");
}

static const char *
type_of (JsonObject *resource)
{
  return json_object_get_string_member (resource, "resourceType");
}

/* The resources of @type, in order. */
static GPtrArray *
resources (JsonNode   *bundle,
           const char *type)
{
  JsonArray *entries = entries_of (bundle);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (g_str_equal (type_of (resource_at (entries, i)), type))
      g_ptr_array_add (found, resource_at (entries, i));
  return found;
}

/* The code of @resource in @system, or NULL. */
static const char *
code_in (JsonObject *resource,
         const char *system)
{
  JsonArray *codings = json_object_get_array_member (json_object_get_object_member (resource, "code"),
                                                     "coding");

  for (guint i = 0; i < json_array_get_length (codings); i++)
    {
      JsonObject *coding = json_array_get_object_element (codings, i);

      if (g_str_equal (json_object_get_string_member (coding, "system"), system))
        return json_object_get_string_member (coding, "code");
    }
  return NULL;
}

/* The Observation of @field at @time, or NULL; fails if there are two. */
static JsonObject *
find_observation (JsonNode   *bundle,
                  const char *field,
                  const char *time)
{
  g_autoptr(GPtrArray) observations = resources (bundle, "Observation");
  JsonObject *found = NULL;

  for (guint i = 0; i < observations->len; i++)
    {
      JsonObject *observation = g_ptr_array_index (observations, i);

      if (g_strcmp0 (code_in (observation, SP_FHIR_FIELD_SYSTEM), field) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (observation, "effectiveDateTime",
                                                                 ""), time) == 0)
        {
          g_assert_null (found);
          found = observation;
        }
    }
  return found;
}

static JsonObject *
quantity (JsonObject *object,
          const char *member)
{
  JsonObject *q = json_object_get_object_member (object, member);

  g_assert_nonnull (q);
  g_assert_cmpstr (json_object_get_string_member (q, "system"), ==, SP_FHIR_UCUM_SYSTEM);
  return q;
}

static void
assert_quantity (JsonObject *object,
                 const char *member,
                 double      value,
                 const char *ucum)
{
  JsonObject *q = quantity (object, member);

  assert_close (json_object_get_double_member (q, "value"), value);
  g_assert_cmpstr (json_object_get_string_member (q, "code"), ==, ucum);
}

/* --- every shipped case ---------------------------------------------------- */

/* Walks every object of @node: no UCUM quantity in the enzyme unit "U". */
static void
assert_no_enzyme_unit (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "system", ""),
                     SP_FHIR_UCUM_SYSTEM) == 0)
        {
          const char *code = json_object_get_string_member (object, "code");

          g_assert_false (g_str_equal (code, "U") || g_str_has_prefix (code, "U/"));
          g_assert_null (strstr (json_object_get_string_member (object, "unit"), "IU"));
        }
      for (GList *l = members; l != NULL; l = l->next)
        assert_no_enzyme_unit (json_object_get_member (object, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_no_enzyme_unit (json_array_get_element (array, i));
    }
}

static void
test_export_every_case (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (shipped_cases); c++)
    {
      g_autofree char *path = case_path (shipped_cases[c]);
      g_autoptr(JsonNode) bundle = export_cli (path);
      g_autoptr(SpCaseData) data = load_case (path);
      JsonArray *entries = entries_of (bundle);
      guint n_patients = 0, n_observations = 0, n_medications = 0, n_running = 0;

      g_test_message ("%s", shipped_cases[c]);
      g_assert_cmpstr (json_string (bundle, "resourceType"), ==, "Bundle");
      g_assert_cmpstr (json_string (bundle, "type"), ==, "collection");
      assert_no_enzyme_unit (bundle);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          JsonObject *resource = json_object_get_object_member (entry, "resource");
          const char *type = type_of (resource);
          g_autofree char *url = g_strconcat ("urn:uuid:",
                                              json_object_get_string_member (resource, "id"), NULL);

          g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, url);
          if (g_str_equal (type, "Patient"))
            {
              /* No identity: the case holds none. */
              g_assert_cmpuint (json_object_get_size (resource), ==, 2);
              n_patients++;
            }
          else if (g_str_equal (type, "Observation"))
            {
              const char *field_id = code_in (resource, SP_FHIR_FIELD_SYSTEM);
              const SpFhirFieldCode *code;
              SpField field;

              g_assert_true (sp_field_from_id (field_id, &field));
              g_assert_false (sp_field_is_therapy (field));
              code = sp_fhir_field_code (field);
              g_assert_cmpstr (code_in (resource, SP_FHIR_LOINC_SYSTEM), ==,
                               code != NULL ? code->loinc : NULL);
              if (code != NULL)
                g_assert_cmpstr (json_object_get_string_member (quantity (resource, "valueQuantity"),
                                                                "code"), ==, code->ucum);
              else
                g_assert_true (json_object_has_member (resource, "valueCodeableConcept"));
              n_observations++;
            }
          else
            {
              g_assert_true (g_str_equal (type, "MedicationAdministration") ||
                             g_str_equal (type, "MedicationStatement"));
              n_medications++;
            }
        }
      g_assert_cmpuint (n_patients, ==, 1);
      g_assert_cmpuint (n_observations, >, 0);
      /* Without a timeline, one MedicationStatement per infusion that runs
       * now (teaching-inferior-mi has none). */
      for (guint i = 0; i < data->infusions->len; i++)
        if (sp_case_infusion_runs (g_ptr_array_index (data->infusions, i)))
          n_running++;
      if (data->timeline->len == 0)
        g_assert_cmpuint (n_medications, ==, n_running);
      else
        g_assert_cmpuint (n_medications, >, 0);
    }
}

/* example-timeline.xml, worked by hand. */
static void
test_export_timeline (void)
{
  g_autofree char *path = case_path ("example-timeline");
  g_autoptr(JsonNode) bundle = export_cli (path);
  g_autoptr(GPtrArray) observations = resources (bundle, "Observation");
  g_autoptr(GPtrArray) administrations = resources (bundle, "MedicationAdministration");
  JsonObject *o;
  guint n_loinc = 0;
  /* start, end (NULL: running), drug, dose, concentration mg/mL, rate */
  const struct {
    const char *start, *end, *drug;
    double dose, amount, volume, rate;
  } periods[] = {
    /* dobutamine 5 x 80 kg x 60 / (1000 mg / 250 mL = 4000 mcg/mL) = 6 mL/h */
    { "2026-12-03T08:00:00+01:00", NULL, "dobutamine", 5, 1000, 250, 6 },
    /* 0.05 x 80 x 60 / (4 mg / 250 mL = 16 mcg/mL) = 15 mL/h */
    { "2026-12-03T08:30:00+01:00", "2026-12-03T09:00:00+01:00", "norepinephrine", 0.05, 4, 250, 15 },
    /* 0.1 x 80 x 60 / 16 = 30 */
    { "2026-12-03T09:00:00+01:00", "2026-12-03T10:00:00+01:00", "norepinephrine", 0.1, 4, 250, 30 },
    /* 0.15 x 80 x 60 / 16 = 45 */
    { "2026-12-03T10:00:00+01:00", "2026-12-03T12:00:00+01:00", "norepinephrine", 0.15, 4, 250, 45 },
    /* new bag 8 mg / 250 mL = 32 mcg/mL: 0.15 x 80 x 60 / 32 = 22.5 */
    { "2026-12-03T12:00:00+01:00", "2026-12-03T13:00:00+01:00", "norepinephrine", 0.15, 8, 250, 22.5 },
    /* 0.1 x 80 x 60 / 32 = 15 */
    { "2026-12-03T13:00:00+01:00", "2026-12-03T14:00:00+01:00", "norepinephrine", 0.1, 8, 250, 15 },
    /* 0.05 x 80 x 60 / 32 = 7.5, still running */
    { "2026-12-03T14:00:00+01:00", NULL, "norepinephrine", 0.05, 8, 250, 7.5 },
  };

  /* Values of the entries in force: e1 12, e2 2, e3 2, e5 2 (not e4), e6 2,
   * e7 6, e9 3, e12 5 (not e10, nor the empty e11) = 34. */
  g_assert_cmpuint (observations->len, ==, 34);
  /* Without LOINC: 7 choice values (e1 five, e7 mental, e9 skin) and 3
   * urine outputs in mL/kg/h (e1, e7, e12): 34 - 10 = 24 LOINC-coded. */
  for (guint i = 0; i < observations->len; i++)
    if (code_in (g_ptr_array_index (observations, i), SP_FHIR_LOINC_SYSTEM) != NULL)
      n_loinc++;
  g_assert_cmpuint (n_loinc, ==, 24);

  o = find_observation (bundle, "sbp", "2026-12-03T08:00:00+01:00");
  g_assert_nonnull (o);
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "8480-6");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "final");
  assert_quantity (o, "valueQuantity", 82, "mm[Hg]");

  o = find_observation (bundle, "dbp", "2026-12-03T08:00:00+01:00");
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "8462-4");
  assert_quantity (o, "valueQuantity", 48, "mm[Hg]");

  o = find_observation (bundle, "hr", "2026-12-03T08:00:00+01:00");
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "8867-4");
  assert_quantity (o, "valueQuantity", 112, "/min");

  o = find_observation (bundle, "weight", "2026-12-03T08:00:00+01:00");
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "29463-7");
  assert_quantity (o, "valueQuantity", 80, "kg");

  o = find_observation (bundle, "urine", "2026-12-03T08:00:00+01:00");
  g_assert_null (code_in (o, SP_FHIR_LOINC_SYSTEM));
  assert_quantity (o, "valueQuantity", 0.3, "mL/kg/h");

  /* The correction's MAP, not the value it corrected (63). */
  o = find_observation (bundle, "map", "2026-12-03T09:30:00+01:00");
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "8478-0");
  assert_quantity (o, "valueQuantity", 68, "mm[Hg]");

  o = find_observation (bundle, "lactate", "2026-12-03T09:30:00+01:00");
  g_assert_cmpstr (code_in (o, SP_FHIR_LOINC_SYSTEM), ==, "32693-4");
  assert_quantity (o, "valueQuantity", 3.8, "mmol/L");

  /* Entered in error: not exported. */
  g_assert_null (find_observation (bundle, "hr", "2026-12-03T13:30:00+01:00"));

  o = find_observation (bundle, "mental", "2026-12-03T11:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (
                         json_object_get_object_member (o, "valueCodeableConcept"), "coding"), 0),
                     "code"), ==, "normal");

  g_assert_cmpuint (administrations->len, ==, G_N_ELEMENTS (periods));
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      JsonObject *ma = g_ptr_array_index (administrations, i);
      JsonObject *period = json_object_get_object_member (ma, "effectivePeriod");
      JsonObject *dosage = json_object_get_object_member (ma, "dosage");
      JsonObject *medication = json_array_get_object_element (
        json_object_get_array_member (ma, "contained"), 0);
      JsonObject *strength = json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (medication, "ingredient"), 0),
        "strength");

      g_test_message ("period %u", i);
      g_assert_cmpstr (json_object_get_string_member (period, "start"), ==, periods[i].start);
      g_assert_cmpstr (json_object_get_string_member_with_default (period, "end", NULL), ==,
                       periods[i].end);
      g_assert_cmpstr (json_object_get_string_member (ma, "status"), ==,
                       periods[i].end != NULL ? "completed" : "in-progress");
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (medication, "code"), "text"), ==,
                       periods[i].drug);
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (ma, "medicationReference"), "reference"),
                       ==, "#bag");
      assert_quantity (dosage, "dose", periods[i].dose, "ug/kg/min");
      assert_quantity (dosage, "rateQuantity", periods[i].rate, "mL/h");
      assert_quantity (strength, "numerator", periods[i].amount, "mg");
      assert_quantity (strength, "denominator", periods[i].volume, "mL");
    }
}

static char *export_core (const SpCaseData *data);

/* Vasopressin in international units, never UCUM's enzyme unit "U". No
 * shipped case records it outside its teaching stages: it is started here
 * on example-timeline at 14:30, 0.03 units/min of 20 units/100 mL. */
static void
test_export_vasopressin (void)
{
  g_autofree char *path = case_path ("example-timeline");
  g_autoptr(SpCaseData) data = load_case (path);
  g_autoptr(GDateTime) time = sp_case_parse_time ("2026-12-03T14:30:00+01:00", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) bundle = NULL;
  g_autoptr(GPtrArray) administrations = NULL;
  g_autofree char *json = NULL;
  SpCaseEntry *entry = sp_case_entry_new (NULL, time);
  SpConcentration conc;
  SpCaseInfusion *infusion;
  JsonObject *ma, *dosage, *strength;

  g_assert_true (sp_concentration_parse ("20 units/100 mL", SP_NUMBER_C, "test", &conc, &error));
  infusion = sp_case_infusion_new ("vasopressin", &conc);
  infusion->has_dose = TRUE;
  infusion->dose = 0.03;
  infusion->dose_unit = (SpDoseUnit) { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };
  g_ptr_array_add (entry->events, sp_case_event_new (SP_CASE_EVENT_START, infusion, NULL));
  g_assert_nonnull (sp_case_data_add_entry (data, entry, protocol, drugs, &error));
  g_assert_no_error (error);

  json = export_core (data);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  bundle = json_node_copy (json_parser_get_root (parser));
  assert_no_enzyme_unit (bundle);
  administrations = resources (bundle, "MedicationAdministration");
  /* dobutamine, norepinephrine x 6, vasopressin (started last) */
  g_assert_cmpuint (administrations->len, ==, 8);
  ma = g_ptr_array_index (administrations, 7);
  dosage = json_object_get_object_member (ma, "dosage");
  strength = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (ma, "contained"), 0),
      "ingredient"), 0), "strength");
  g_assert_cmpstr (json_object_get_string_member (ma, "status"), ==, "in-progress");
  assert_quantity (dosage, "dose", 0.03, "[iU]/min");
  g_assert_cmpstr (json_object_get_string_member (quantity (dosage, "dose"), "unit"), ==,
                   "units/min");
  /* 20 units / 100 mL = 0.2 units/mL; 0.03 units/min x 60 / 0.2 = 9 mL/h */
  assert_quantity (dosage, "rateQuantity", 9, "mL/h");
  assert_quantity (strength, "numerator", 20, "[iU]");
  assert_quantity (strength, "denominator", 100, "mL");

  {
    SpDoseUnit per_min = { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };
    SpDoseUnit per_kg_min = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
    SpDoseUnit mcg_min = { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN };
    SpDoseUnit mg_h = { SP_AMOUNT_MG, FALSE, SP_TIME_H };
    g_autofree char *a = sp_fhir_ucum_dose_unit (per_min);
    g_autofree char *b = sp_fhir_ucum_dose_unit (per_kg_min);
    g_autofree char *c = sp_fhir_ucum_dose_unit (mcg_min);
    g_autofree char *d = sp_fhir_ucum_dose_unit (mg_h);

    g_assert_cmpstr (a, ==, "[iU]/min");
    g_assert_cmpstr (b, ==, "ug/kg/min");
    g_assert_cmpstr (c, ==, "ug/min");
    g_assert_cmpstr (d, ==, "mg/h");
  }
}

/* --- export -> import -> export -------------------------------------------- */

static char *
export_core (const SpCaseData *data)
{
  g_autoptr(GError) error = NULL;
  char *json = sp_fhir_export (data, drugs, &error);

  g_assert_no_error (error);
  return json;
}

static SpFhirImport *
import_core (SpCaseData *data,
             const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = sp_case_parse_time ("2026-12-04T10:00:00+01:00", NULL);
  SpFhirImport *import = sp_fhir_import (data, json, -1, "test.json", protocol, drugs, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

/* The Bundle without its MedicationAdministrations and -Statements (import
 * reads Observations only), as text. */
static char *
observations_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *entries;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "entry");
  for (guint i = json_array_get_length (entries); i > 0; i--)
    if (g_str_has_prefix (type_of (resource_at (entries, i - 1)), "Medication"))
      json_array_remove_element (entries, i - 1);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* A bag made up from a salt is exported as what it is: the strength in the
 * amount the library measures (norepinephrine base), the ingredient named
 * so, and the salt the label gives in the Medication's and the dosage's
 * text (it was "12 mg/48 mL" with neither: read as 12 mg of tartrate where
 * ampoules are labelled in it, half the dose). 0.5 mg/h over 12 mg / 48 mL
 * = 0.25 mg/mL: 0.5 / 0.25 = 2 mL/h. */
static void
test_export_salt (void)
{
  static const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"5\" drug-profile=\"eu-icu-syringes\">\n"
    "  <patient><value field=\"weight\">70</value><value field=\"sbp\">85</value></patient>\n"
    "  <infusions>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"12\" amount-unit=\"mg\" volume-ml=\"48\""
    " salt=\"tartrate\" salt-amount=\"24\" dose=\"0.5\" dose-unit=\"mg/h\"/>\n"
    "  </infusions>\n"
    "</case>\n";
  g_autofree char *path = write_temp_file ("salt.xml", text);
  g_autoptr(SpCaseData) data = load_case (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) statements = NULL;
  g_autofree char *json = export_core (data);
  JsonObject *statement, *medication, *ingredient, *dosage;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  statements = resources (json_parser_get_root (parser), "MedicationStatement");
  g_assert_cmpuint (statements->len, ==, 1);
  statement = g_ptr_array_index (statements, 0);
  medication = json_array_get_object_element (json_object_get_array_member (statement, "contained"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (medication, "code"),
                                                  "text"),
                   ==, "norepinephrine 24 mg tartrate (12 mg base)/48 mL");
  ingredient = json_array_get_object_element (json_object_get_array_member (medication, "ingredient"), 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (ingredient, "itemCodeableConcept"), "text"),
                   ==, "norepinephrine base");
  assert_quantity (json_object_get_object_member (ingredient, "strength"), "numerator", 12, "mg");
  assert_quantity (json_object_get_object_member (ingredient, "strength"), "denominator", 48, "mL");
  dosage = json_array_get_object_element (json_object_get_array_member (statement, "dosage"), 0);
  g_assert_cmpstr (json_object_get_string_member (dosage, "text"), ==,
                   "0.5 mg/h as base, 24 mg tartrate (12 mg base)/48 mL: 2 mL/h");
}

/* A bag made up from a salt goes out and comes back as itself: recorded
 * with `record --infusion`, exported, imported into a new case, exported
 * again: the same Bundle, and the case holds the tartrate (24 mg tartrate
 * = 12 mg base in 48 mL). */
static void
test_round_trip_salt (void)
{
  static const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"5\" drug-profile=\"eu-icu-syringes\">\n"
    "  <patient><value field=\"weight\">70</value><value field=\"sbp\">85</value></patient>\n"
    "</case>\n";
  g_autofree char *path = write_temp_file ("salt-timeline.xml", text);
  g_autofree char *bundle = write_temp_file ("salt.json", "");
  g_autofree char *fresh_path = write_temp_file ("salt-fresh.xml", "");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(SpCaseData) fresh = NULL;
  const SpCaseInfusion *ne;
  g_auto(Run) record = { 0, };
  g_auto(Run) export = { 0, };
  g_auto(Run) import = { 0, };
  g_auto(Run) again = { 0, };

  run_cli (&record, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T08:00:00Z",
           "--infusion", "norepinephrine:0.5 mg/h@24 mg tartrate/48 mL", NULL);
  g_assert_cmpint (record.status, ==, 0);
  run_cli (&export, LOCALE_C, "export", "--case", path, "--format", "fhir", "--output", bundle,
           NULL);
  g_assert_cmpint (export.status, ==, 0);
  first = read_file (bundle);
  g_assert_nonnull (strstr (first, "norepinephrine 24 mg tartrate (12 mg base)/48 mL"));

  g_assert_cmpint (g_unlink (fresh_path), ==, 0);
  /* in the profile the bag belongs to, which the new case then names */
  run_cli (&import, LOCALE_C, "--profile", "eu-icu-syringes", "import", "--case", fresh_path,
           "--fhir", bundle, NULL);
  g_assert_cmpint (import.status, ==, 0);
  fresh = load_case (fresh_path);
  g_assert_cmpstr (fresh->profile, ==, "eu-icu-syringes");
  ne = sp_case_infusions_find (fresh->infusions, "norepinephrine");
  g_assert_nonnull (ne);
  g_assert_cmpstr (ne->concentration.salt, ==, "tartrate");
  g_assert_cmpfloat (ne->concentration.salt_amount, ==, 24);
  g_assert_cmpfloat (ne->concentration.amount, ==, 12);

  run_cli (&again, LOCALE_C, "export", "--case", fresh_path, "--format", "fhir", "--output",
           bundle, NULL);
  g_assert_cmpint (again.status, ==, 0);
  second = read_file (bundle);
  g_assert_cmpstr (second, ==, first);
}

static void
test_round_trip (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (shipped_cases); c++)
    {
      g_autofree char *path = case_path (shipped_cases[c]);
      g_autoptr(SpCaseData) data = load_case (path);
      g_autofree char *first = export_core (data);
      g_autofree char *xml_before = sp_case_file_to_xml (data);
      g_autofree char *xml_after = NULL;
      g_autofree char *second = NULL;
      g_autoptr(SpFhirImport) again = NULL;

      g_test_message ("%s", shipped_cases[c]);

      /* The same text twice. */
      second = export_core (data);
      g_assert_cmpstr (first, ==, second);
      g_clear_pointer (&second, g_free);

      /* Into the case it came from: every timed value is there already, and
       * its infusions are its own (the Bundle's are not merged into them). */
      again = import_core (data, first);
      g_assert_cmpuint (again->n_added, ==, 0);
      g_assert_cmpuint (again->n_changes, ==, 0);
      xml_after = sp_case_file_to_xml (data);
      g_assert_cmpstr (xml_after, ==, xml_before);
      second = export_core (data);
      g_assert_cmpstr (first, ==, second);

      /* Into a new case: the same Observations, with the same ids. */
      if (data->timeline->len > 0)
        {
          g_autoptr(SpCaseData) fresh = sp_case_data_new ();
          g_autoptr(SpFhirImport) import = import_core (fresh, first);
          g_autofree char *third = export_core (fresh);
          g_autofree char *expected = observations_text (first);
          g_autofree char *got = observations_text (third);

          /* example-timeline: 34 values at 8 times (08:00, 08:30, 09:00,
           * 09:30, 10:00, 11:00, 13:00, 14:00). */
          if (g_str_equal (shipped_cases[c], "example-timeline"))
            {
              g_autofree char *report = sp_fhir_import_report (import, "  ");

              g_assert_cmpuint (import->n_added, ==, 34);
              /* and the infusions of its 7 MedicationAdministrations:
               * dobutamine and norepinephrine start (07:00, 07:30), four
               * dose changes, one new bag: 7 changes, at 9 times in all
               * (07:00 and 07:30 have no value of their own) */
              g_assert_cmpuint (import->n_changes, ==, 7);
              g_assert_cmpuint (again->n_medications, ==, 7);
              g_assert_true (g_str_has_prefix (report, "Added 34 values to the timeline.\n"
                                                       "Added 7 infusion changes (starts, dose "
                                                       "changes, new bags and stops).\n"));
            }
          g_assert_cmpuint (import->n_added, >, 0);
          g_assert_cmpstr (got, ==, expected);
          /* The whole Bundle again, its infusions too: the round trip
           * loses nothing (it lost every infusion, and the new case read
           * as "stable" with nothing running). */
          g_assert_cmpstr (third, ==, first);
          g_assert_cmpuint (fresh->infusions->len, ==, data->infusions->len);
          for (guint i = 0; i < data->infusions->len; i++)
            {
              const SpCaseInfusion *infusion = g_ptr_array_index (data->infusions, i);

              g_assert_true (sp_case_infusion_equal (
                infusion, sp_case_infusions_find (fresh->infusions, infusion->drug_id)));
            }
        }
    }
}

/* --- import ---------------------------------------------------------------- */

static gboolean
skipped_with (const char *report,
              const char *item,
              const char *reason)
{
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], item) != NULL && strstr (lines[i], reason) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
state_at (const SpCaseData *data,
          GDateTime        *time,
          SpPatientState   *state)
{
  g_autoptr(GPtrArray) infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  g_autoptr(GError) error = NULL;
  gboolean ok = sp_case_data_state_at (data, time, state, infusions, &error);

  g_assert_no_error (error);
  return ok;
}

/* A Bundle with nothing to add does not start a case, and says so: the
 * export of a case without a timeline has no times, so each value is
 * skipped ("Added 0 values", exit 0, and no file, said nowhere). */
static void
test_import_nothing_new_case (void)
{
  g_autofree char *stable = case_path ("example-stable");
  g_autofree char *bundle = write_temp_file ("stable.json", "");
  g_autofree char *path = write_temp_file ("never.xml", "");
  g_autofree char *expected = NULL;
  g_auto(Run) export = { 0, };
  g_auto(Run) run = { 0, };

  g_assert_cmpint (g_unlink (path), ==, 0);
  run_cli (&export, LOCALE_C, "export", "--case", stable, "--format", "fhir", "--output", bundle,
           NULL);
  g_assert_cmpint (export.status, ==, 0);

  /* a Bundle that is not there: the option named */
  {
    g_auto(Run) missing = { 0, };

    run_cli (&missing, LOCALE_C, "import", "--case", path, "--fhir", "/nonexistent/b.json", NULL);
    assert_refused (&missing, 1, "--fhir: ");
    g_assert_nonnull (strstr (missing.err, "/nonexistent/b.json"));
  }

  run_cli (&run, LOCALE_C, "import", "--case", path, "--fhir", bundle, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("no case written: %s (nothing to add)\nAdded 0 values to the "
                              "timeline.\nSkipped ", path);
  g_assert_true (g_str_has_prefix (run.out, expected));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_import_monitor (void)
{
  g_autofree char *bundle = source_path ("tests/data/fhir-monitor.json");
  /* A case that does not exist yet: import creates it. */
  g_autofree char *path = write_temp_file ("bed-7.xml", "");
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  g_auto(Run) run = { 0, };
  g_auto(Run) again = { 0, };
  g_auto(Run) history = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GDateTime) t0900 = sp_case_parse_time ("2026-12-03T09:00:00Z", NULL);
  g_autoptr(GDateTime) t0915 = sp_case_parse_time ("2026-12-03T09:15:00Z", NULL);
  SpPatientState state;

  g_assert_cmpint (g_unlink (path), ==, 0);
  run_cli (&run, LOCALE_C, "import", "--case", path, "--fhir", bundle, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_test_message ("%s", run.out);

  /* HR, SBP, MAP, SpO2 at 09:00; SBP and DBP of the panel and the lactate
   * at 09:15: 7. */
  g_assert_nonnull (strstr (run.out, "Added 7 values to the timeline."));
  g_assert_nonnull (strstr (run.out, "Skipped 8 items:"));
  g_assert_true (skipped_with (run.out, "Device “monitor”",
                               "only Observations and MedicationAdministrations are imported"));
  g_assert_true (skipped_with (run.out, "“temp-0900” (LOINC 8310-5)", "no value of ShockPath has this code"));
  g_assert_true (skipped_with (run.out, "“sbp-kpa-0930”", "unit kPa is not accepted for Systolic blood pressure (accepted: mm[Hg])"));
  g_assert_true (skipped_with (run.out, "“hr-no-time”", "no time (effectiveDateTime)"));
  g_assert_true (skipped_with (run.out, "“hr-artefact-0930”", "outside the accepted range"));
  /* The lactate converted, with its arithmetic: 36 x 10 / 90.08 = 3.996 -> 4 */
  g_assert_nonnull (strstr (run.out, "Worked out:\n  entry 7: Observation “lactate-0915” (LOINC "
                                     "2524-7): 36 mg/dL × 10 / 90.08 mg/mmol = 4 mmol/L (to 0.01)\n"));
  /* Not 0.95 %, and not 95 % by a guess. */
  g_assert_true (skipped_with (run.out, "“spo2-fraction-0930”",
                               "Oxygen saturation: 0.95 % looks like a fraction; saturation is in percent (a fraction of 0.95 is 95 %)"));
  g_assert_true (skipped_with (run.out, "“map-prelim-0930”", "status “preliminary”"));
  g_assert_true (skipped_with (run.out, "“weight-lb”", "unit [lb_av] is not accepted for Weight"));

  data = load_case (path);
  g_assert_cmpuint (data->timeline->len, ==, 2);
  g_assert_true (g_date_time_equal (((SpCaseEntry *) g_ptr_array_index (data->timeline, 0))->time, t0900));
  g_assert_true (state_at (data, t0900, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_HR), ==, 118);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_SBP), ==, 84);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_MAP), ==, 58);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_SPO2), ==, 93);
  g_assert_false (sp_patient_state_is_set (&state, SP_FIELD_WEIGHT));
  g_assert_true (state_at (data, t0915, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_SBP), ==, 88);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_DBP), ==, 52);
  /* 36 mg/dL = 360 mg/L / 90.08 mg/mmol = 3.996 mmol/L, to 0.01: 4. */
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_LACTATE), ==, 4);
  /* Not the kPa SBP, the artefact or the preliminary MAP of 09:30. */
  g_assert_true (state_at (data, NULL, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_SBP), ==, 88);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_HR), ==, 118);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_MAP), ==, 58);

  /* history reads what import wrote. */
  run_cli (&history, LOCALE_C, "history", "--case", path, "--json", NULL);
  root = parse_json (&history);
  g_assert_cmpuint (json_array_get_length (json_array (root, "entries")), ==, 2);

  /* Again: nothing new, the file untouched. */
  saved = read_file (path);
  run_cli (&again, LOCALE_C, "import", "--case", path, "--fhir", bundle, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Added 0 values to the timeline."));
  g_assert_nonnull (strstr (again.out, "7 values were in the timeline already."));
  saved_again = read_file (path);
  g_assert_cmpstr (saved, ==, saved_again);
}

static char *
bundle_of (const char *observations)
{
  return g_strdup_printf ("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [%s]}",
                          observations);
}

#define OBS(id, subject, code, time, value, ucum) \
  "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"" id "\", \"status\": \"final\", " \
  "\"subject\": {\"reference\": \"" subject "\"}, " \
  "\"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"" code "\"}]}, " \
  "\"effectiveDateTime\": \"" time "\", \"valueQuantity\": {\"value\": " value ", " \
  "\"system\": \"http://unitsofmeasure.org\", \"code\": \"" ucum "\"}}}"

#define MA(id, status, drug, start, end, dose, ucum) \
  "{\"resource\": {\"resourceType\": \"MedicationAdministration\", \"id\": \"" id "\", " \
  "\"status\": \"" status "\", \"contained\": [{\"resourceType\": \"Medication\", " \
  "\"id\": \"bag\", \"code\": {\"text\": \"" drug "\"}, \"ingredient\": [{" \
  "\"itemCodeableConcept\": {\"text\": \"" drug "\"}, \"strength\": {" \
  "\"numerator\": {\"value\": 4, \"code\": \"mg\"}, " \
  "\"denominator\": {\"value\": 250, \"code\": \"mL\"}}}]}], " \
  "\"medicationReference\": {\"reference\": \"#bag\"}, " \
  "\"subject\": {\"reference\": \"Patient/1\"}, " \
  "\"effectivePeriod\": {\"start\": \"" start "\"" end "}, " \
  "\"dosage\": {\"dose\": {\"value\": " dose ", \"code\": \"" ucum "\"}}}}"
#define UNTIL(time) ", \"end\": \"" time "\""

/* MedicationAdministrations into a new case: a start, a dose change (two
 * periods that meet), a stop; and each one that cannot be taken skipped
 * with its reason, never guessed: a drug the library does not have, a
 * status other than in-progress or completed, no dose, a unit the drug
 * does not take, a dose above the hard limit, a period that overlaps
 * another of its drug. Into a case with infusions of its own: not merged.
 * 4 mg/250 mL = 16 mcg/mL. */
static void
test_import_administrations (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autoptr(SpFhirImport) import = NULL;
  g_autoptr(SpFhirImport) again = NULL;
  g_autoptr(GDateTime) t0800 = sp_case_parse_time ("2026-12-03T08:00:00Z", NULL);
  g_autoptr(GDateTime) t0830 = sp_case_parse_time ("2026-12-03T08:30:00Z", NULL);
  g_autoptr(GDateTime) t0930 = sp_case_parse_time ("2026-12-03T09:30:00Z", NULL);
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  g_autofree char *report = NULL;
  g_autofree char *json = bundle_of (
    MA ("ne-1", "completed", "norepinephrine", "2026-12-03T08:00:00Z", UNTIL ("2026-12-03T08:30:00Z"),
        "0.1", "ug/kg/min") ", "
    MA ("ne-2", "completed", "norepinephrine", "2026-12-03T08:30:00Z", UNTIL ("2026-12-03T09:30:00Z"),
        "0.2", "ug/kg/min") ", "
    MA ("heparin", "in-progress", "heparin", "2026-12-03T08:00:00Z", "", "1000", "[iU]/h") ", "
    MA ("stopped", "stopped", "dobutamine", "2026-12-03T08:00:00Z", "", "5", "ug/kg/min") ", "
    MA ("no-dose", "in-progress", "dobutamine", "2026-12-03T08:00:00Z", "", "null", "ug/kg/min") ", "
    MA ("vaso-mass", "in-progress", "vasopressin", "2026-12-03T08:00:00Z", "", "0.03", "ug/min") ", "
    MA ("ne-hard", "in-progress", "norepinephrine", "2026-12-03T10:00:00Z", "", "5", "ug/kg/min") ", "
    MA ("ne-overlap", "in-progress", "norepinephrine", "2026-12-03T09:00:00Z", "", "0.3", "ug/kg/min"));
  SpPatientState state;

  import = import_core (data, json);
  report = sp_fhir_import_report (import, "  ");
  g_test_message ("%s", report);

  /* 08:00 start at 0.1, 08:30 dose 0.2, 09:30 stop: 3 changes at 3 times */
  g_assert_cmpuint (import->n_changes, ==, 3);
  g_assert_cmpuint (import->n_entries, ==, 3);
  g_assert_cmpuint (data->timeline->len, ==, 3);
  g_assert_true (sp_case_data_state_at (data, t0800, &state, running, NULL));
  g_assert_cmpuint (running->len, ==, 1);
  assert_close (((SpCaseInfusion *) g_ptr_array_index (running, 0))->dose, 0.1);
  g_assert_cmpfloat (((SpCaseInfusion *) g_ptr_array_index (running, 0))->concentration.amount, ==, 4);
  g_ptr_array_set_size (running, 0);
  g_assert_true (sp_case_data_state_at (data, t0830, &state, running, NULL));
  assert_close (((SpCaseInfusion *) g_ptr_array_index (running, 0))->dose, 0.2);
  g_ptr_array_set_size (running, 0);
  g_assert_true (sp_case_data_state_at (data, t0930, &state, running, NULL));
  g_assert_cmpuint (running->len, ==, 0);

  g_assert_true (skipped_with (report, "“heparin”", "no drug of the drug library is named “heparin”"));
  g_assert_true (skipped_with (report, "“stopped”", "status “stopped”"));
  g_assert_true (skipped_with (report, "“no-dose”", "no dose (dosage.dose with a number)"));
  g_assert_true (skipped_with (report, "“vaso-mass”", "units/min"));
  g_assert_true (skipped_with (report, "“ne-hard”", "hard limit"));
  g_assert_true (skipped_with (report, "“ne-overlap”", "overlaps"));

  /* A number no measurement is: said so, not "no number" */
  {
    g_autoptr(SpCaseData) other = sp_case_data_new ();
    g_autofree char *huge = bundle_of (OBS ("sbp-huge", "Patient/1", "8480-6",
                                            "2026-12-03T08:00:00Z", "1e400", "mm[Hg]"));
    g_autoptr(SpFhirImport) refused = import_core (other, huge);
    g_autofree char *said = sp_fhir_import_report (refused, "  ");

    g_assert_cmpuint (refused->n_added, ==, 0);
    g_assert_true (skipped_with (said, "“sbp-huge”", "too large to be a measurement"));
  }

  /* Into the same case, which now records infusions: not merged. */
  again = import_core (data, json);
  g_assert_cmpuint (again->n_changes, ==, 0);
  g_assert_cmpuint (again->n_medications, ==, 3);
  g_assert_cmpuint (data->timeline->len, ==, 3);
  g_clear_pointer (&report, g_free);
  report = sp_fhir_import_report (again, "  ");
  g_assert_nonnull (strstr (report, "Infusions are not merged: the case records its own, and they "
                                    "are as they were; the Bundle's 3 administrations are skipped."));
}

/* What the audit of the import found, each skipped with its own reason and
 * nothing else lost: an out-of-range bag beside a good one and a value at
 * the same time (the bad one took both with it); a single time, no period
 * (it started an infusion that never stopped); a strength in "mcg" (not
 * UCUM) and a dose of 0 (both were kept, without a word); a reference to
 * a medication the resource does not contain. And infusions alone into a
 * case of values (reported added, never written). */
static void
test_import_administrations_refused (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autoptr(SpFhirImport) import = NULL;
  g_autofree char *report = NULL;
  g_autofree char *json = bundle_of (
    OBS ("map-0900", "Patient/1", "8478-0", "2026-12-03T09:00:00Z", "62", "mm[Hg]") ", "
    MA ("ne", "in-progress", "norepinephrine", "2026-12-03T09:00:00Z", "", "0.05", "ug/kg/min") ", "
    "{\"resource\": {\"resourceType\": \"MedicationAdministration\", \"id\": \"dobu-weak\", "
    "\"status\": \"in-progress\", \"contained\": [{\"resourceType\": \"Medication\", "
    "\"id\": \"bag\", \"code\": {\"text\": \"dobutamine\"}, \"ingredient\": [{"
    "\"strength\": {\"numerator\": {\"value\": 40, \"code\": \"mg\"}, "
    "\"denominator\": {\"value\": 250, \"code\": \"mL\"}}}]}], "
    "\"medicationReference\": {\"reference\": \"#bag\"}, \"subject\": {\"reference\": \"Patient/1\"}, "
    "\"effectivePeriod\": {\"start\": \"2026-12-03T09:00:00Z\"}, "
    "\"dosage\": {\"dose\": {\"value\": 5, \"code\": \"ug/kg/min\"}}}}, "
    "{\"resource\": {\"resourceType\": \"MedicationAdministration\", \"id\": \"point\", "
    "\"status\": \"completed\", \"medicationCodeableConcept\": {\"text\": \"dobutamine\"}, "
    "\"subject\": {\"reference\": \"Patient/1\"}, \"effectiveDateTime\": \"2026-12-03T09:30:00Z\", "
    "\"dosage\": {\"dose\": {\"value\": 5, \"code\": \"ug/kg/min\"}}}}, "
    "{\"resource\": {\"resourceType\": \"MedicationAdministration\", \"id\": \"mcg\", "
    "\"status\": \"in-progress\", \"contained\": [{\"resourceType\": \"Medication\", "
    "\"id\": \"bag\", \"code\": {\"text\": \"vasopressin\"}, \"ingredient\": [{"
    "\"strength\": {\"numerator\": {\"value\": 20, \"code\": \"mcg\"}, "
    "\"denominator\": {\"value\": 100, \"code\": \"mL\"}}}]}], "
    "\"medicationReference\": {\"reference\": \"#bag\"}, \"subject\": {\"reference\": \"Patient/1\"}, "
    "\"effectivePeriod\": {\"start\": \"2026-12-03T09:00:00Z\"}, "
    "\"dosage\": {\"dose\": {\"value\": 0.03, \"code\": \"[iU]/min\"}}}}, "
    "{\"resource\": {\"resourceType\": \"MedicationAdministration\", \"id\": \"nope\", "
    "\"status\": \"in-progress\", \"medicationReference\": {\"reference\": \"#nope\"}, "
    "\"subject\": {\"reference\": \"Patient/1\"}, "
    "\"effectivePeriod\": {\"start\": \"2026-12-03T09:00:00Z\"}, "
    "\"dosage\": {\"dose\": {\"value\": 5, \"code\": \"ug/kg/min\"}}}}, "
    MA ("zero", "completed", "milrinone", "2026-12-03T09:00:00Z", UNTIL ("2026-12-03T09:30:00Z"),
        "0", "ug/kg/min") ", "
    /* the id of norepinephrine's, another period: skipped, not a second record */
    MA ("ne", "completed", "norepinephrine", "2026-12-03T07:00:00Z", UNTIL ("2026-12-03T08:00:00Z"),
        "0.1", "ug/kg/min"));
  SpPatientState state;
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  import = import_core (data, json);
  report = sp_fhir_import_report (import, "  ");
  g_test_message ("%s", report);
  /* the MAP and norepinephrine's start at 09:00 are in; dobutamine at
   * 40 mg/250 mL (160 mcg/mL, below its 500 mcg/mL) is not */
  g_assert_cmpuint (import->n_added, ==, 1);
  g_assert_cmpuint (import->n_changes, ==, 1);
  g_assert_true (sp_case_data_state_at (data, NULL, &state, running, NULL));
  g_assert_cmpuint (running->len, ==, 1);
  g_assert_cmpstr (((SpCaseInfusion *) g_ptr_array_index (running, 0))->drug_id, ==, "norepinephrine");
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_MAP), ==, 62);
  g_assert_true (skipped_with (report, "“dobu-weak”", "outside the range accepted for DOBUTamine"));
  g_assert_false (skipped_with (report, "entry 2: MedicationAdministration “ne”:", ""));
  g_assert_true (skipped_with (report, "“point”", "no period (effectivePeriod with its start)"));
  g_assert_true (skipped_with (report, "“mcg”", "the bag’s strength (ingredient.strength) is not read"));
  g_assert_true (skipped_with (report, "“nope”", "the medication it refers to (#nope) is not contained"));
  g_assert_true (skipped_with (report, "“zero”", "its dose is not above 0"));
  g_assert_true (skipped_with (report, "entry 8: MedicationAdministration “ne”",
                              "it has the id of entry 2: MedicationAdministration “ne”"));
}

/* Infusions alone into a case of values: written (they were reported as
 * added, and the file did not change). */
static void
test_import_infusions_only (void)
{
  g_autofree char *monitor = source_path ("tests/data/fhir-monitor.json");
  g_autofree char *path = write_temp_file ("values.xml", "");
  g_autofree char *bundle = write_temp_file ("norepinephrine.json", "");
  g_autofree char *text = NULL;
  g_auto(Run) first = { 0, };
  g_auto(Run) second = { 0, };
  g_autofree char *json = bundle_of (MA ("ne", "in-progress", "norepinephrine", "2026-12-03T09:10:00Z",
                                         "", "0.05", "ug/kg/min"));

  g_assert_true (g_file_set_contents (bundle, json, -1, NULL));
  g_assert_cmpint (g_unlink (path), ==, 0);
  run_cli (&first, LOCALE_C, "import", "--case", path, "--fhir", monitor, NULL);
  g_assert_cmpint (first.status, ==, 0);
  run_cli (&second, LOCALE_C, "import", "--case", path, "--fhir", bundle, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "Added 1 infusion change"));
  text = read_file (path);
  g_assert_nonnull (strstr (text, "<start drug=\"norepinephrine\""));
}

static void
test_import_refused (void)
{
  g_autofree char *path = case_path ("example-timeline");
  g_autofree char *copy = NULL;
  g_autofree char *original = read_file (path);
  g_autofree char *two_patients = bundle_of (
    OBS ("a", "Patient/1", "8867-4", "2026-12-03T15:00:00+01:00", "90", "/min") ", "
    OBS ("b", "Patient/2", "8867-4", "2026-12-03T15:05:00+01:00", "95", "/min"));
  g_autofree char *two_patients_path = write_temp_file ("two-patients.json", two_patients);
  g_autofree char *not_json_path = write_temp_file ("not.json", "{\"resourceType\": ");
  g_autofree char *not_bundle_path = write_temp_file ("patient.json",
                                                      "{\"resourceType\": \"Patient\"}");
  g_autofree char *after = NULL;

  copy = write_temp_file ("case.xml", original);

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "import", "--case", copy, "--fhir", two_patients_path, NULL);
    assert_refused (&run, 1, "2 different subjects");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "import", "--case", copy, "--fhir", not_json_path, NULL);
    assert_refused (&run, 1, "not JSON");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "import", "--case", copy, "--fhir", not_bundle_path, NULL);
    assert_refused (&run, 1, "not a FHIR Bundle");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "import", "--case", copy, NULL);
    assert_refused (&run, 2, "--fhir");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "export", "--case", copy, NULL);
    assert_refused (&run, 2, "--format");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "export", "--case", copy, "--format", "csv", NULL);
    assert_refused (&run, 2, "csv");
  }

  /* Nothing of a refused Bundle entered the case. */
  after = read_file (copy);
  g_assert_cmpstr (after, ==, original);
}

#define URINE(id, start, end, value, ucum) \
  "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"" id "\", \"status\": \"final\", " \
  "\"subject\": {\"reference\": \"Patient/1\"}, " \
  "\"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"9187-6\"}]}, " \
  "\"effectivePeriod\": {\"start\": \"" start "\", \"end\": \"" end "\"}, " \
  "\"valueQuantity\": {\"value\": " value ", " \
  "\"system\": \"http://unitsofmeasure.org\", \"code\": \"" ucum "\"}}}"

static char *
skipped_text (const SpFhirImport *import)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < import->skipped->len; i++)
    {
      const SpFhirSkip *skip = g_ptr_array_index (import->skipped, i);

      g_string_append_printf (text, "%s: %s\n", skip->item, skip->reason);
    }
  return g_string_free (text, FALSE);
}

/* LOINC 9187-6 is a urine volume: it becomes mL/kg/h only with the period
 * it was collected over and a body weight, mL / (kg x h); without either
 * it is skipped, never read as "the last hour". */
static void
test_import_urine_volume (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autofree char *json = bundle_of (
    OBS ("wt", "Patient/1", "29463-7", "2026-12-03T07:00:00Z", "80", "kg") ", "
    /* 120 mL over 07:00-09:00 at 80 kg: 120 / (80 x 2) = 0.75 mL/kg/h */
    URINE ("uo-2h", "2026-12-03T07:00:00Z", "2026-12-03T09:00:00Z", "120", "mL") ", "
    /* 0.2 L = 200 mL over 09:00-10:30 at 80 kg: 200 / (80 x 1.5) = 1.666...,
     * to 0.01: 1.67 mL/kg/h */
    URINE ("uo-litre", "2026-12-03T09:00:00Z", "2026-12-03T10:30:00Z", "0.2", "L") ", "
    /* ends before the first weight (07:00) */
    URINE ("uo-early", "2026-12-03T05:00:00Z", "2026-12-03T06:00:00Z", "50", "mL") ", "
    URINE ("uo-backwards", "2026-12-03T12:00:00Z", "2026-12-03T11:00:00Z", "40", "mL") ", "
    URINE ("uo-rate", "2026-12-03T11:00:00Z", "2026-12-03T12:00:00Z", "40", "mL/h") ", "
    /* a volume at one moment: over how long is not said */
    OBS ("uo-point", "Patient/1", "9187-6", "2026-12-03T12:00:00Z", "40", "mL"));
  g_autoptr(SpFhirImport) import = import_core (data, json);
  g_autofree char *skipped = skipped_text (import);
  g_autoptr(GDateTime) t0900 = sp_case_parse_time ("2026-12-03T09:00:00Z", NULL);
  g_autoptr(GDateTime) t1030 = sp_case_parse_time ("2026-12-03T10:30:00Z", NULL);
  SpPatientState state;

  g_test_message ("%s", skipped);
  /* the weight and two urine outputs */
  g_assert_cmpuint (import->n_added, ==, 3);
  g_assert_cmpuint (import->skipped->len, ==, 4);
  g_assert_true (skipped_with (skipped, "“uo-early”", "no body weight at or before"));
  g_assert_true (skipped_with (skipped, "“uo-backwards”", "no later than it starts"));
  g_assert_true (skipped_with (skipped, "“uo-rate”", "unit mL/h is not accepted for a urine volume (accepted: mL, L in UCUM)"));
  g_assert_true (skipped_with (skipped, "“uo-point”", "without the period it was collected over"));

  g_assert_cmpuint (import->conversions->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (import->conversions, 0),
                            "“uo-2h” (LOINC 9187-6): 120 mL over 2 h at 80 kg = 0.75 mL/kg/h"));
  g_assert_nonnull (strstr (g_ptr_array_index (import->conversions, 1),
                            "“uo-litre” (LOINC 9187-6): 200 mL over 1 h 30 min at 80 kg = "
                            "1.67 mL/kg/h"));

  g_assert_true (state_at (data, t0900, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_URINE), ==, 0.75);
  g_assert_true (state_at (data, t1030, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_URINE), ==, 1.67);

  /* The weight can come from the case: example-timeline is 80 kg from
   * 08:00 (+01:00); 60 mL over 14:07-15:07 is 60 / (80 x 1) = 0.75. */
  {
    g_autofree char *path = case_path ("example-timeline");
    g_autoptr(SpCaseData) timeline_case = load_case (path);
    g_autofree char *one = bundle_of (URINE ("uo", "2026-12-03T14:07:00+01:00",
                                             "2026-12-03T15:07:00+01:00", "60", "mL"));
    g_autoptr(SpFhirImport) from_case = import_core (timeline_case, one);
    g_autoptr(GDateTime) t1507 = sp_case_parse_time ("2026-12-03T15:07:00+01:00", NULL);

    g_assert_cmpuint (from_case->n_added, ==, 1);
    g_assert_true (state_at (timeline_case, t1507, &state));
    g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_URINE), ==, 0.75);
  }

  /* From the command line, the arithmetic is shown. */
  {
    g_autofree char *bundle = write_temp_file ("urine.json", json);
    g_autofree char *path = write_temp_file ("urine-case.xml", "");
    g_auto(Run) run = { 0, };

    g_assert_cmpint (g_unlink (path), ==, 0);
    run_cli (&run, LOCALE_C, "import", "--case", path, "--fhir", bundle, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Worked out:\n  entry 2: Observation “uo-2h” (LOINC 9187-6): "
                                       "120 mL over 2 h at 80 kg = 0.75 mL/kg/h\n"));
  }
}

/* Two different weights at one time are both refused, and a urine volume is
 * never divided by either: with no other weight, it is skipped. */
static void
test_import_urine_disputed_weight (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autofree char *json = bundle_of (
    OBS ("wt-a", "Patient/1", "29463-7", "2026-12-03T07:00:00Z", "80", "kg") ", "
    OBS ("wt-b", "Patient/1", "29463-7", "2026-12-03T07:00:00Z", "90", "kg") ", "
    URINE ("uo", "2026-12-03T07:00:00Z", "2026-12-03T09:00:00Z", "120", "mL"));
  g_autoptr(SpFhirImport) import = import_core (data, json);
  g_autofree char *skipped = skipped_text (import);

  g_test_message ("%s", skipped);
  g_assert_cmpuint (import->n_added, ==, 0);
  g_assert_cmpuint (import->conversions->len, ==, 0);
  g_assert_true (skipped_with (skipped, "“wt-a”", "another value of Weight at the same time"));
  g_assert_true (skipped_with (skipped, "“wt-b”", "another value of Weight at the same time"));
  g_assert_true (skipped_with (skipped, "“uo”", "no body weight at or before"));
}

/* A hostile file nested a million levels deep is refused before json-glib
 * (which recurses without a limit) reads it; a Bundle's own nesting, and
 * brackets inside strings, are not. */
static void
test_import_deep (void)
{
  g_autoptr(SpCaseData) data = sp_case_data_new ();
  g_autoptr(GString) deep = g_string_new ("{\"resourceType\": \"Bundle\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpFhirImport) refused = NULL;
  g_autoptr(SpFhirImport) accepted = NULL;
  g_autofree char *monitor_path = source_path ("tests/data/fhir-monitor.json");
  g_autofree char *monitor = read_file (monitor_path);
  const char *brackets_in_string =
    "{\"resourceType\": \"Bundle\", \"id\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}";

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  refused = sp_fhir_import (data, deep->str, (gssize) deep->len, "deep.json", protocol, drugs,
                            NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested more than 64 levels"));
  g_clear_error (&error);

  accepted = sp_fhir_import (data, brackets_in_string, -1, "id.json", protocol, drugs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted->n_added, ==, 0);
  g_clear_pointer (&accepted, sp_fhir_import_free);

  /* "entry" that is not an array is not an empty Bundle: refused. */
  refused = sp_fhir_import (data, "{\"resourceType\": \"Bundle\", \"type\": \"collection\", "
                            "\"entry\": {\"a\": 1}}", -1, "object.json", protocol, drugs, NULL,
                            &error);
  g_assert_null (refused);
  g_assert_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_NOT_BUNDLE);
  g_assert_nonnull (strstr (error->message, "object.json: the Bundle’s “entry” is not an array"));
  g_clear_error (&error);

  /* The monitor's Bundle, as deep as a Bundle gets, is read. */
  accepted = import_core (data, monitor);
  g_assert_cmpuint (accepted->n_added, ==, 7);
}

/* Conflicts are refused, never settled by a guess: two values of one field
 * at one time in the Bundle, or a value the timeline holds another of; a
 * time in the future. */
static void
test_import_conflicts (void)
{
  g_autofree char *path = case_path ("example-timeline");
  g_autoptr(SpCaseData) data = load_case (path);
  g_autofree char *json = bundle_of (
    /* 15:00: two heart rates */
    OBS ("hr-a", "Patient/1", "8867-4", "2026-12-03T15:00:00+01:00", "90", "/min") ", "
    OBS ("hr-b", "Patient/1", "8867-4", "2026-12-03T15:00:00+01:00", "96", "/min") ", "
    /* 08:00: the timeline's SBP is 82 */
    OBS ("sbp", "Patient/1", "8480-6", "2026-12-03T08:00:00+01:00", "85", "mm[Hg]") ", "
    /* 08:00 DBP 48 as recorded: there already */
    OBS ("dbp", "Patient/1", "8462-4", "2026-12-03T08:00:00+01:00", "48", "mm[Hg]") ", "
    /* the day after the test's "now" */
    OBS ("future", "Patient/1", "8478-0", "2026-12-05T08:00:00+01:00", "70", "mm[Hg]") ", "
    /* 15:00 lactate 2.1 mmol/L from a serum sample (2524-7): added */
    OBS ("lac", "Patient/1", "2524-7", "2026-12-03T15:00:00+01:00", "2.1", "mmol/L") ", "
    /* a date without a time of day */
    OBS ("day", "Patient/1", "8478-0", "2026-12-03", "70", "mm[Hg]"));
  g_autoptr(SpFhirImport) import = import_core (data, json);
  g_autoptr(GString) skipped = g_string_new (NULL);
  SpPatientState state;

  for (guint i = 0; i < import->skipped->len; i++)
    {
      const SpFhirSkip *skip = g_ptr_array_index (import->skipped, i);

      g_string_append_printf (skipped, "%s: %s\n", skip->item, skip->reason);
    }
  g_test_message ("%s", skipped->str);

  g_assert_cmpuint (import->n_added, ==, 1);
  g_assert_cmpuint (import->n_entries, ==, 1);
  g_assert_cmpuint (import->n_present, ==, 1);
  g_assert_cmpuint (import->skipped->len, ==, 5);
  g_assert_true (skipped_with (skipped->str, "“hr-a”", "another value of Heart rate at the same time"));
  g_assert_true (skipped_with (skipped->str, "“hr-b”", "another value of Heart rate at the same time"));
  g_assert_true (skipped_with (skipped->str, "“sbp”", "the timeline holds another value of Systolic blood pressure at that time (entry e1)"));
  g_assert_true (skipped_with (skipped->str, "“future”", "is in the future"));
  g_assert_true (skipped_with (skipped->str, "“day”", "not a time of day"));

  g_assert_true (state_at (data, NULL, &state));
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_LACTATE), ==, 2.1);
  g_assert_cmpfloat (sp_patient_state_get_number (&state, SP_FIELD_HR), ==, 92);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  if (!cli_test_init (&argc, &argv))
    return 77;

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/fhir/export/every-case", test_export_every_case);
  g_test_add_func ("/fhir/export/timeline", test_export_timeline);
  g_test_add_func ("/fhir/export/vasopressin", test_export_vasopressin);
  g_test_add_func ("/fhir/export/salt", test_export_salt);
  g_test_add_func ("/fhir/round-trip", test_round_trip);
  g_test_add_func ("/fhir/round-trip-salt", test_round_trip_salt);
  g_test_add_func ("/fhir/import/monitor", test_import_monitor);
  g_test_add_func ("/fhir/import/administrations", test_import_administrations);
  g_test_add_func ("/fhir/import/administrations-refused", test_import_administrations_refused);
  g_test_add_func ("/fhir/import/infusions-only", test_import_infusions_only);
  g_test_add_func ("/fhir/import/nothing-new-case", test_import_nothing_new_case);
  g_test_add_func ("/fhir/import/refused", test_import_refused);
  g_test_add_func ("/fhir/import/urine-volume", test_import_urine_volume);
  g_test_add_func ("/fhir/import/urine-disputed-weight", test_import_urine_disputed_weight);
  g_test_add_func ("/fhir/import/conflicts", test_import_conflicts);
  g_test_add_func ("/fhir/import/deep", test_import_deep);

  ret = cli_test_run ();
  g_clear_object (&protocol);
  g_clear_object (&drugs);
  return ret;
}
