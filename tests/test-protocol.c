/* test-protocol.c: loading, validating and reading protocol files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "sp-engine.h"
#include "sp-protocol-private.h"   /* the rules, in order */
#include "sp-xml.h"

#define SHIPPED "/io/github/shockpath/ShockPath/core/protocols/cardiogenic-shock.xml"

static char *
shipped_text (void)
{
  g_autoptr(GBytes) bytes = NULL;

  sp_xml_init ();
  bytes = g_resources_lookup_data (SHIPPED, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The shipped protocol with the first @from replaced by @to. */
static char *
shipped_with (const char *from,
              const char *to)
{
  g_autofree char *text = shipped_text ();
  g_autoptr(GString) s = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (s, from, to, 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_shipped_loads (void)
{
  static const char * const step_ids[] = {
    "step1-inotrope", "step2-criteria", "step3-norepinephrine", "escalate", "wean", "stable",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);

  g_assert_no_error (error);
  g_assert_cmpstr (sp_protocol_get_id (protocol), ==, "cardiogenic-shock");
  g_assert_nonnull (sp_protocol_get_name (protocol));
  g_assert_nonnull (strstr (sp_protocol_get_disclaimer (protocol), "verify before use"));
  g_assert_cmpuint (sp_protocol_get_n_steps (protocol), ==, G_N_ELEMENTS (step_ids));
  for (guint i = 0; i < G_N_ELEMENTS (step_ids); i++)
    {
      const SpStep *step = sp_protocol_find_step (protocol, step_ids[i]);

      g_assert_nonnull (step);
      g_assert_nonnull (step->title);
      g_assert_nonnull (step->summary);
      g_assert_nonnull (step->cites[0]);
      g_assert_cmpuint (step->actions->len, >, 0);
    }
  /* The seed's references and the other sources all resolve. */
  g_assert_nonnull (sp_protocol_find_reference (protocol, "seed-1"));
  g_assert_nonnull (sp_protocol_find_reference (protocol, "seed-6"));
  g_assert_nonnull (sp_protocol_find_reference (protocol, "local"));
  /* Step 3 carries the evidence notes and the differing guideline ranges. */
  g_assert_cmpuint (sp_protocol_find_step (protocol, "step3-norepinephrine")->notes->len, ==, 4);
}

/* The shipped texts follow the user's language; the placeholders the engine
 * fills in survive translation, and a language without texts gets English. */
static void
test_shipped_localized (void)
{
  static const struct {
    const char *lang;
    const char *step3_title;
    const char *start_dose;      /* step 3's first action */
    const char *oliguria;
    const char *disclaimer_start;
    const char *local_start;     /* the "local" reference: a translated description */
  } cases[] = {
    { "de", "Schritt 3: Noradrenalin", "Initialdosis {dose}{rate}",
      "Oligurie: Urinausscheidung < 0,5 mL/kg/h", "Entscheidungsunterstützung",
      "Hauseinstellung" },
    { "fr", "Étape 3\u00a0: noradrénaline", "Dose initiale {dose}{rate}",
      "Oligurie\u00a0: diurèse < 0,5 mL/kg/h", "Aide à la décision",
      "Réglage de l’établissement" },
    { "es", "Paso 3: noradrenalina", "Dosis inicial {dose}{rate}",
      "Oliguria: diuresis < 0,5 mL/kg/h", "Apoyo a la decisión", "Ajuste del centro" },
    { "es_MX", "Paso 3: noradrenalina", "Dosis inicial {dose}{rate}",
      "Oliguria: diuresis < 0,5 mL/kg/h", "Apoyo a la decisión", "Ajuste del centro" },
    { "it", "Step 3: norepinephrine", "Initial dose {dose}{rate}",
      "Oliguria: urine output < 0.5 mL/kg/h", "Decision support", "Site setting" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpProtocol) protocol = NULL;
      g_autofree char *title = g_strcompress (cases[i].step3_title);
      g_autofree char *oliguria = g_strcompress (cases[i].oliguria);
      const SpStep *step;
      const SpAction *action;

      g_test_message ("LANGUAGE=%s", cases[i].lang);
      g_setenv ("LANGUAGE", cases[i].lang, TRUE);
      protocol = sp_protocol_new_default (&error);
      g_assert_no_error (error);
      step = sp_protocol_find_step (protocol, "step3-norepinephrine");
      g_assert_cmpstr (step->title, ==, title);
      action = g_ptr_array_index (step->actions, 0);
      g_assert_cmpstr (action->id, ==, "start-norepinephrine");
      g_assert_cmpstr (action->text, ==, cases[i].start_dose);
      g_assert_cmpstr (sp_protocol_find_criterion (protocol, "oliguria")->text, ==, oliguria);
      g_assert_true (g_str_has_prefix (sp_protocol_find_reference (protocol, "local")->text,
                                       cases[i].local_start));
      /* a publication's title stays as published */
      g_assert_true (g_str_has_prefix (sp_protocol_find_reference (protocol, "esc-2016")->text,
                                       "ESC Guidelines"));
      g_assert_true (g_str_has_prefix (sp_protocol_get_disclaimer (protocol),
                                       cases[i].disclaimer_start));
    }
  g_unsetenv ("LANGUAGE");
}

static void
test_thresholds_marked_local (void)
{
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  const char *local[] = { "oliguria", "lactate-elevated", "norepinephrine-high" };

  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    {
      const SpCriterion *c = sp_protocol_find_criterion (protocol, local[i]);

      g_assert_nonnull (c);
      g_assert_true (g_strv_contains (c->cites, "local"));
      g_assert_nonnull (c->note);
    }
}

static void
test_parse_field (void)
{
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  SpFieldValue v;
  char *warning = NULL;
  GError *error = NULL;

  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, " 78 ", SP_NUMBER_C, &v,
                                          &warning, &error));
  g_assert_no_error (error);
  g_assert_true (v.set);
  g_assert_cmpfloat (v.number, ==, 78);
  g_assert_null (warning);

  /* The field's own unit may be typed; µg/kg/min is mcg/kg/min. */
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "78 kg", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_NOREPINEPHRINE, "0.1 µg/kg/min",
                                          SP_NUMBER_C, &v, NULL, &error));
  g_assert_cmpfloat (v.number, ==, 0.1);
  g_assert_no_error (error);

  /* Empty text: not entered. */
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_SBP, "  ", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_false (v.set);

  /* Pounds are refused, never converted. */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "150 lb", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_nonnull (strstr (error->message, "Weight"));
  g_assert_nonnull (strstr (error->message, "kg"));
  g_clear_error (&error);

  /* A per-minute dose is not a per-kg dose: 70-fold errors start here. */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_NOREPINEPHRINE, "5 mcg/min",
                                           SP_NUMBER_C, &v, NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_nonnull (strstr (error->message, "mcg/kg/min"));
  g_clear_error (&error);

  /* 20–350 kg accepted; under 40 or over 200 warns. */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "19.9", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "20–350 kg"));
  g_clear_error (&error);
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "351", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_clear_error (&error);
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "20", SP_NUMBER_C, &v,
                                          &warning, &error));
  g_assert_nonnull (warning);
  g_clear_pointer (&warning, g_free);
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "40", SP_NUMBER_C, &v,
                                          &warning, &error));
  g_assert_null (warning);
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "200.5", SP_NUMBER_C, &v,
                                          &warning, &error));
  g_assert_nonnull (warning);
  g_clear_pointer (&warning, g_free);

  /* Negative, garbage, grouping. A negative number is outside the range a
   * field has, said with the range (it said "type a number of zero or
   * more" of a weight, and 0 is refused too). */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_SBP, "-80", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "-5", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_cmpstr (error->message, ==, "Weight: -5 kg is outside the accepted range, 20–350 kg.");
  g_clear_error (&error);
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_SBP, "80x", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_clear_error (&error);

  /* A saturation of 0 < x <= 1 % is a fraction with a percent sign: refused,
   * never read as 0.95 % nor as 95 %. 0.95 x 100 = 95, which the message
   * suggests; 1.5 % (implausible, but not a fraction) and 0 are taken. */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_SPO2, "0.95", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "Oxygen saturation: 0.95 % looks like a fraction"));
  g_assert_nonnull (strstr (error->message, "saturation is in percent (a fraction of 0.95 is 95 %)"));
  g_clear_error (&error);
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_SCVO2, "1", SP_NUMBER_C, &v,
                                           NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (sp_protocol_check_number (protocol, SP_FIELD_SPO2, 0.5, NULL, &error));
  g_assert_nonnull (strstr (error->message, "(a fraction of 0.5 is 50 %)"));
  g_clear_error (&error);
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_SPO2, "1.5", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_SPO2, "0", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_SPO2, "95", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_no_error (error);
  /* Lactate 0.9 mmol/L is not a percentage: taken. */
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_LACTATE, "0.9", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_no_error (error);

  /* Choices by id, any case; anything else lists what is accepted. */
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_MENTAL, "Altered", SP_NUMBER_C, &v,
                                          NULL, &error));
  g_assert_cmpuint (v.choice, ==, 1);
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_MENTAL, "confused", SP_NUMBER_C,
                                           &v, NULL, &error));
  g_assert_nonnull (strstr (error->message, "normal, altered"));
  g_clear_error (&error);
}

static void
test_parse_field_decimal_comma (void)
{
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(GError) error = NULL;
  SpFieldValue v;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_fail_printf ("locale de_DE.UTF-8 is missing (build-aux/test.sh installs it)");
      return;
    }
  g_assert_true (sp_protocol_parse_field (protocol, SP_FIELD_NOREPINEPHRINE, "0,2",
                                          SP_NUMBER_LOCALE, &v, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (v.number, ==, 0.2);
  /* "1.000" reads as one thousand or as one: refused. */
  g_assert_false (sp_protocol_parse_field (protocol, SP_FIELD_WEIGHT, "1.000",
                                           SP_NUMBER_LOCALE, &v, NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_AMBIGUOUS);
  setlocale (LC_NUMERIC, saved);
}

static void
assert_refused (const char *text,
                const char *expect_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_from_data (text, strlen (text), "site.xml",
                                                              &error);

  g_assert_null (protocol);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "site.xml:"));
  if (strstr (error->message, expect_in_message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expect_in_message, error->message);
}

static void
test_refused (void)
{
  g_autofree char *unknown_cite = shipped_with ("cite=\"seed-2 seed-3\">\n      <text>Systolic",
                                                "cite=\"seed-9\">\n      <text>Systolic");
  g_autofree char *forward_ref = shipped_with ("<ref criterion=\"mental-altered\"/>",
                                               "<ref criterion=\"targets-met\"/>");
  g_autofree char *unknown_step = shipped_with ("<rule step=\"wean\"", "<rule step=\"weaning\"");
  g_autofree char *bad_arrow = shipped_with ("next=\"step2-criteria\"", "next=\"step-two\"");
  g_autofree char *bad_choice = shipped_with ("value=\"altered\"", "value=\"confused\"");
  g_autofree char *bad_param = shipped_with ("param=\"high-norepinephrine-dose\"",
                                             "param=\"high-dose\"");
  g_autofree char *schema = shipped_with ("op=\"gt\" value=\"90\"", "op=\"above\" value=\"90\"");
  g_autofree char *not_number = shipped_with ("min=\"20\"", "min=\"twenty\"");
  g_autofree char *bad_bounds = shipped_with ("min=\"20\" max=\"350\"", "min=\"350\" max=\"20\"");
  g_autofree char *bad_unit = shipped_with ("dose-unit=\"mcg/kg/min\"", "dose-unit=\"mcg/lb/min\"");
  g_autofree char *twice = shipped_with ("<criterion id=\"map-at-least-65\"",
                                         "<criterion id=\"sbp-above-90\"");
  g_autofree char *newer = shipped_with ("format-version=\"1\"", "format-version=\"2\"");
  /* a criterion counted against a step must be one the step shows */
  /* a threshold in another unit than its field's (read as if in the
   * field's: 1 mcg/kg/h taken for 1 mcg/kg/min) */
  g_autofree char *param_unit = shipped_with ("value=\"1\" unit=\"mcg/kg/min\" cite=\"local\"",
                                              "value=\"1\" unit=\"mcg/kg/h\" cite=\"local\"");
  g_autofree char *bad_against = shipped_with ("against=\"vasopressor-running\"",
                                               "against=\"norepinephrine-high\"");

  assert_refused (unknown_cite, "seed-9");
  assert_refused (forward_ref, "not defined before");
  assert_refused (unknown_step, "weaning");
  assert_refused (bad_arrow, "step-two");
  assert_refused (bad_choice, "confused");
  assert_refused (bad_param, "high-dose");
  assert_refused (schema, ":");
  assert_refused (not_number, ":");
  assert_refused (bad_bounds, "not in order");
  assert_refused (bad_unit, "mcg/lb/min");
  assert_refused (twice, "twice");
  assert_refused (newer, "newer version of ShockPath (protocol format 2)");
  assert_refused (param_unit, "parameter \"high-norepinephrine-dose\" is in mcg/kg/h, but "
                              "norepinephrine is compared in mcg/kg/min: write its value in "
                              "mcg/kg/min");
  assert_refused (bad_against, "step counts \"norepinephrine-high\" against it, which is not "
                               "among its criteria");
  assert_refused ("<protocol", "site.xml");
}

/* The shipped protocol with @from replaced by @to is refused, the message
 * starting with the line of @to. */
static void
assert_refused_at_line (const char *from,
                        const char *to)
{
  g_autofree char *text = shipped_with (from, to);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *expected = NULL;
  guint line = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], to) != NULL)
      line = i + 1;
  expected = g_strdup_printf ("site.xml:%u: ", line);

  protocol = sp_protocol_new_from_data (text, strlen (text), "site.xml", &error);
  g_assert_null (protocol);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("expected \"%s\" at the start of \"%s\"", expected, error->message);
}

static void
test_error_names_line (void)
{
  assert_refused_at_line ("value=\"altered\"", "value=\"confused\"");
}

static void
test_site_protocol_changes_behaviour (void)
{
  /* A site that targets SBP > 100 instead of > 90: no recompiling. */
  g_autofree char *text = shipped_with ("<compare field=\"sbp\" op=\"gt\" value=\"90\"/>",
                                        "<compare field=\"sbp\" op=\"gt\" value=\"100\"/>");
  g_autofree char *dir = g_dir_make_tmp ("sp-protocol-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "site.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) shipped = sp_protocol_new_default (NULL);
  g_autoptr(SpProtocol) site = NULL;
  g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_default (NULL);
  g_autoptr(SpAssessment) a = NULL;
  g_autoptr(SpAssessment) b = NULL;
  SpPatientState state;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  site = sp_protocol_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_protocol_get_file (site), ==, path);

  /* SBP 95, MAP (95 + 2 x 70) / 3 = 78.3, perfusion fine, on dobutamine. */
  sp_patient_state_init (&state);
  sp_patient_state_set_number (&state, SP_FIELD_SBP, 95);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 70);
  sp_patient_state_set_number (&state, SP_FIELD_LACTATE, 1);
  sp_patient_state_set_number (&state, SP_FIELD_URINE, 1);
  sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "normal");
  sp_patient_state_set_choice (&state, SP_FIELD_SKIN, "normal");
  sp_patient_state_set_choice (&state, SP_FIELD_INOTROPE, "dobutamine");
  sp_patient_state_set_choice (&state, SP_FIELD_FLUID, "given-responded");

  a = sp_engine_evaluate (shipped, drugs, &state, NULL);
  b = sp_engine_evaluate (site, drugs, &state, NULL);
  g_assert_cmpstr (sp_assessment_get_active_step (a)->id, ==, "stable");
  g_assert_cmpstr (sp_assessment_get_active_step (b)->id, ==, "step2-criteria");

  g_remove (path);
  g_rmdir (dir);
}

/* The additions of the audit (issue 12): an awaiting-data outcome with no
 * step, field-against-field comparisons, <instead> texts with "{field}"
 * placeholders, monitoring items that name their fields. */
static void
test_shipped_additions (void)
{
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  const SpRule *first;
  gboolean venous = FALSE;

  g_assert_nonnull (protocol);
  /* The first rule awaits data: no step, a reason naming what to enter. */
  first = sp_protocol_get_rule (protocol, 0);
  g_assert_null (first->step_id);
  g_assert_nonnull (strstr (first->reason, "Enter the patient"));
  /* The six step ids of DESIGN.md are unchanged (shipped-loads), and every
   * other rule leads to one of them. */
  for (guint i = 1; i < sp_protocol_get_n_rules (protocol); i++)
    g_assert_nonnull (sp_protocol_find_step (protocol, sp_protocol_get_rule (protocol, i)->step_id));

  for (guint i = 0; i < sp_protocol_get_n_monitoring (protocol); i++)
    {
      const SpMonitorItem *item = sp_protocol_get_monitoring (protocol, i);

      if (g_str_equal (item->id, "venous-saturation"))
        {
          venous = TRUE;
          g_assert_cmpuint (item->n_fields, ==, 1);
          g_assert_cmpint (item->fields[0], ==, SP_FIELD_SCVO2);
        }
    }
  g_assert_true (venous);
}

static void
test_refused_additions (void)
{
  /* A placeholder that names no field would reach the screen as "{sbq}". */
  g_autofree char *placeholder = shipped_with ("in place: {mcs}", "in place: {mcss}");
  g_autofree char *alert_placeholder = shipped_with ("MAP {map} is above SBP {sbp}",
                                                     "MAP {map} is above SBP {sbq}");
  /* Field against field: a number field, not itself. */
  g_autofree char *self_compare = shipped_with ("<compare field=\"dbp\" op=\"gt\" with-field=\"sbp\"/>",
                                                "<compare field=\"dbp\" op=\"gt\" with-field=\"dbp\"/>");
  g_autofree char *choice_compare = shipped_with ("<compare field=\"dbp\" op=\"gt\" with-field=\"sbp\"/>",
                                                  "<compare field=\"dbp\" op=\"gt\" with-field=\"mental\"/>");
  /* Schema: a value and a field at once; a monitoring field that is none. */
  g_autofree char *both = shipped_with ("<compare field=\"dbp\" op=\"gt\" with-field=\"sbp\"/>",
                                        "<compare field=\"dbp\" op=\"gt\" with-field=\"sbp\" value=\"1\"/>");
  g_autofree char *bad_field = shipped_with ("fields=\"scvo2\"", "fields=\"svo2\"");
  /* Awaiting data has no step; a rule must have one. */
  g_autofree char *step_on_await = shipped_with ("<awaiting-data cite",
                                                 "<awaiting-data step=\"stable\" cite");
  g_autofree char *rule_without_step = shipped_with ("<rule step=\"wean\" cite", "<rule cite");

  assert_refused (placeholder, "{mcss}");
  assert_refused (alert_placeholder, "{sbq}");
  assert_refused (self_compare, "with itself");
  assert_refused (choice_compare, "not a number");
  assert_refused (both, ":");
  assert_refused (bad_field, ":");
  assert_refused (step_on_await, ":");
  assert_refused (rule_without_step, ":");
}

static void
test_placeholder_error_names_line (void)
{
  assert_refused_at_line ("in place: {mcs}", "in place: {mcss}");
}

/* @text loaded as "site.xml" in the language @lang. */
static SpProtocol *
load_in_language (const char *text,
                  const char *lang)
{
  g_autoptr(GError) error = NULL;
  SpProtocol *protocol;

  g_setenv ("LANGUAGE", lang, TRUE);
  protocol = sp_protocol_new_from_data (text, strlen (text), "site.xml", &error);
  g_unsetenv ("LANGUAGE");
  g_assert_no_error (error);
  return protocol;
}

/* A criterion's text takes its number from its condition: a site that moves
 * the lactate threshold changes one attribute, and every language follows. */
static void
test_criterion_text_numbers (void)
{
  /* lactate-elevated: <compare field="lactate" op="gt" value="2"/>, text
   * "Elevated lactate: &gt; {value} mmol/L" (de: "Erhöhtes Laktat: ...") */
  g_autofree char *three = shipped_with ("op=\"gt\" value=\"2\"", "op=\"gt\" value=\"3\"");
  g_autofree char *decimal = shipped_with ("op=\"gt\" value=\"2\"", "op=\"gt\" value=\"2.5\"");
  /* sbp-above-90 is referred to by targets-met, whose text reads
   * "SBP &gt; {value:sbp} mmHg, MAP ≥ {value:map} mmHg ...". */
  g_autofree char *sbp = shipped_with ("<compare field=\"sbp\" op=\"gt\" value=\"90\"/>",
                                       "<compare field=\"sbp\" op=\"gt\" value=\"95\"/>");
  g_autoptr(SpProtocol) en = load_in_language (three, "en");
  g_autoptr(SpProtocol) de = load_in_language (three, "de");
  g_autoptr(SpProtocol) de_decimal = load_in_language (decimal, "de");
  g_autoptr(SpProtocol) fr_decimal = load_in_language (decimal, "fr");
  g_autoptr(SpProtocol) en_decimal = load_in_language (decimal, "en");
  g_autoptr(SpProtocol) targets = load_in_language (sbp, "en");

  g_assert_cmpstr (sp_protocol_find_criterion (en, "lactate-elevated")->text, ==,
                   "Elevated lactate: > 3 mmol/L");
  g_assert_cmpstr (sp_protocol_find_criterion (de, "lactate-elevated")->text, ==,
                   "Erhöhtes Laktat: > 3 mmol/L");
  /* 2.5 written with the text's decimal separator: a comma in German and
   * French, a point in English; the C locale of this test does not matter. */
  g_assert_cmpstr (sp_protocol_find_criterion (de_decimal, "lactate-elevated")->text, ==,
                   "Erhöhtes Laktat: > 2,5 mmol/L");
  g_assert_cmpstr (sp_protocol_find_criterion (en_decimal, "lactate-elevated")->text, ==,
                   "Elevated lactate: > 2.5 mmol/L");
  g_assert_cmpstr (sp_protocol_find_criterion (fr_decimal, "lactate-elevated")->text, ==,
                   "Lactates élevés\u00a0: > 2,5 mmol/L");
  /* The SCAI hypoperfusion criterion compares lactate >= 2 on its own: it
   * keeps its 2. */
  g_assert_nonnull (strstr (sp_protocol_find_criterion (en_decimal, "scai-hypoperfusion")->text,
                            "lactate ≥ 2 mmol/L, urine output < 0.5 mL/kg/h"));
  /* A number reached through <ref>: targets-met reads sbp-above-90's 95. */
  g_assert_true (g_str_has_prefix (sp_protocol_find_criterion (targets, "targets-met")->text,
                                   "Targets met: SBP > 95 mmHg, MAP ≥ 65 mmHg"));
}

/* A range: {low} and {high} name its two bounds, {value} is refused. */
static void
test_criterion_text_range (void)
{
  static const char *range =
    "<all><compare field=\"lactate\" op=\"ge\" value=\"2\"/>"
    "<compare field=\"lactate\" op=\"lt\" value=\"4.5\"/></all>";
  g_autofree char *condition = shipped_with ("<compare field=\"lactate\" op=\"gt\" value=\"2\"/>",
                                             range);
  g_autoptr(GString) text = g_string_new (condition);
  g_autoptr(SpProtocol) en = NULL;
  g_autoptr(SpProtocol) de = NULL;

  /* the four languages' "Elevated lactate: &gt; {value} mmol/L" */
  g_assert_cmpuint (g_string_replace (text, "&gt; {value} mmol/L", "{low}–{high:lactate} mmol/L", 0),
                    ==, 4);
  en = load_in_language (text->str, "en");
  de = load_in_language (text->str, "de");
  /* ge 2 is the lower bound, lt 4.5 the upper one */
  g_assert_cmpstr (sp_protocol_find_criterion (en, "lactate-elevated")->text, ==,
                   "Elevated lactate: 2–4.5 mmol/L");
  g_assert_cmpstr (sp_protocol_find_criterion (de, "lactate-elevated")->text, ==,
                   "Erhöhtes Laktat: 2–4,5 mmol/L");
  /* {value} left in the texts: two numbers, 2 and 4.5 */
  assert_refused (condition, "compares several different numbers");
}

static void
test_criterion_text_refused (void)
{
  g_autofree char *unknown = shipped_with ("Elevated lactate: &gt; {value}",
                                           "Elevated lactate: &gt; {valeu}");
  g_autofree char *patient_value = shipped_with ("Elevated lactate: &gt; {value}",
                                                 "Elevated lactate: &gt; {lactate}");
  g_autofree char *bad_field = shipped_with ("Elevated lactate: &gt; {value}",
                                             "Elevated lactate: &gt; {value:lactat}");
  g_autofree char *other_field = shipped_with ("Elevated lactate: &gt; {value}",
                                               "Elevated lactate: &gt; {value:hr}");
  g_autofree char *no_low = shipped_with ("Elevated lactate: &gt; {value}",
                                          "Elevated lactate: &gt; {high}");
  g_autofree char *unclosed = shipped_with ("Elevated lactate: &gt; {value}",
                                            "Elevated lactate: &gt; {value");
  /* scai-hypotension compares SBP < 90 and MAP < 60 */
  g_autofree char *two = shipped_with ("SCAI hypotension: SBP &lt; {value:sbp}",
                                       "SCAI hypotension: SBP &lt; {value}");
  /* mental-altered compares no number */
  g_autofree char *none = shipped_with ("<text>Altered mental status</text>",
                                        "<text>Altered mental status {value}</text>");

  assert_refused (unknown, "unknown placeholder \"{valeu}\"");
  /* the patient's value belongs in an alert, not in a criterion */
  assert_refused (patient_value, "unknown placeholder \"{lactate}\"");
  assert_refused (bad_field, "unknown placeholder \"{value:lactat}\"");
  assert_refused (other_field, "\"{value:hr}\": the criterion compares no such number");
  assert_refused (no_low, "\"{high}\": the criterion compares no such number");
  assert_refused (unclosed, "unknown placeholder \"{value mmol/L");
  assert_refused (two, "\"{value}\": the criterion compares several different numbers");
  assert_refused (none, "\"{value}\": the criterion compares no such number");
}

/* Every language's text is checked, not only the one the machine reads. */
static void
test_criterion_text_error_names_line (void)
{
  assert_refused_at_line ("Elevated lactate: &gt; {value}", "Elevated lactate: &gt; {valeu}");
  assert_refused_at_line ("Erhöhtes Laktat: &gt; {value}", "Erhöhtes Laktat: &gt; {wert}");
}

/* The severity ids of the JSON contract (DESIGN.md), now the enum's nicks. */
static void
test_severity_ids (void)
{
  g_assert_cmpstr (sp_severity_to_string (SP_SEVERITY_INFO), ==, "info");
  g_assert_cmpstr (sp_severity_to_string (SP_SEVERITY_WARNING), ==, "warning");
  g_assert_cmpstr (sp_severity_to_string (SP_SEVERITY_SOFT_LIMIT), ==, "soft-limit");
  g_assert_cmpstr (sp_severity_to_string (SP_SEVERITY_HARD_LIMIT), ==, "hard-limit");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_from_file ("/nonexistent/site.xml", &error);

  g_assert_null (protocol);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/site.xml"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/protocol/shipped-loads", test_shipped_loads);
  g_test_add_func ("/core/protocol/shipped-localized", test_shipped_localized);
  g_test_add_func ("/core/protocol/thresholds-marked-local", test_thresholds_marked_local);
  g_test_add_func ("/core/protocol/parse-field", test_parse_field);
  g_test_add_func ("/core/protocol/parse-field-decimal-comma", test_parse_field_decimal_comma);
  g_test_add_func ("/core/protocol/refused", test_refused);
  g_test_add_func ("/core/protocol/error-names-line", test_error_names_line);
  g_test_add_func ("/core/protocol/site-protocol-changes-behaviour",
                   test_site_protocol_changes_behaviour);
  g_test_add_func ("/core/protocol/missing-file", test_missing_file);
  g_test_add_func ("/core/protocol/severity-ids", test_severity_ids);
  g_test_add_func ("/core/protocol/shipped-additions", test_shipped_additions);
  g_test_add_func ("/core/protocol/refused-additions", test_refused_additions);
  g_test_add_func ("/core/protocol/criterion-text-numbers", test_criterion_text_numbers);
  g_test_add_func ("/core/protocol/criterion-text-range", test_criterion_text_range);
  g_test_add_func ("/core/protocol/criterion-text-refused", test_criterion_text_refused);
  g_test_add_func ("/core/protocol/criterion-text-error-names-line",
                   test_criterion_text_error_names_line);
  g_test_add_func ("/core/protocol/placeholder-error-names-line",
                   test_placeholder_error_names_line);

  return g_test_run ();
}
