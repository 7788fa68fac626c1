/* test-cli-profiles.c: shockpath-cli with drug-library profiles, salts and
 * every dose unit, as a pharmacist or a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rates worked by hand: mL/h = dose [x kg] x 60 (per minute) / strength per mL.
 */
#include "config.h"

#include <string.h>

#include "sp-test-cli.h"

#define EU_NAME "Adult ICU - 50 mL syringes (UK ICS, Europe)"
#define US_NAME "Adult ICU - 250 mL bags (ASHP S4S)"

static void
test_profiles_list (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *profiles;

  run_cli (&run, LOCALE_C, "profiles", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  profiles = json_array (root, "profiles");
  g_assert_cmpuint (json_array_get_length (profiles), ==, 3);
  g_assert_cmpstr (json_string (root, "profiles.0.id"), ==, "us-icu-bags");
  g_assert_cmpstr (json_string (root, "profiles.0.name"), ==, US_NAME);
  g_assert_true (json_boolean (root, "profiles.0.default"));
  g_assert_cmpstr (json_string (root, "profiles.1.id"), ==, "eu-icu-syringes");
  g_assert_false (json_boolean (root, "profiles.1.default"));
  g_assert_cmpstr (json_string (root, "profiles.2.id"), ==, "peripheral");
  g_assert_cmpstr (json_string (root, "profiles.2.line"), ==, "peripheral");
  g_assert_nonnull (strstr (json_string (root, "profiles.2.line_note"), "extravasat"));

  /* the text marks the default and lists each profile's drugs */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "profiles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "* us-icu-bags: " US_NAME " (default)"));
  g_assert_nonnull (strstr (run.out, "  eu-icu-syringes: " EU_NAME));
  g_assert_nonnull (strstr (run.out, "drugs: norepinephrine, DOBUTamine, DOPamine, vasopressin, "
                                     "levosimendan, milrinone\n"));

  /* an unknown profile: refused, naming the profiles there are */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "profiles", "--profile", "icu", NULL);
  assert_refused (&run, 1, "--profile");
  g_assert_nonnull (strstr (run.err, "us-icu-bags, eu-icu-syringes, peripheral"));
}

/* The same concentration: refused in the bag profile naming the syringe
 * profile, computed in the syringe profile (before or after the command). */
static void
test_rate_in_profile (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
           "--concentration", "4 mg/50 mL", NULL);
  assert_refused (&run, 1, "--concentration");
  g_assert_nonnull (strstr (run.err, "accepted in “" EU_NAME "”"));

  /* 0.1 x 70 x 60 / 80 = 5.25 -> 5.3 mL/h */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration", "4 mg/50 mL", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  g_assert_cmpfloat_with_epsilon (json_double (root, "rate_ml_per_h"), 5.25, 1e-12);
  g_assert_cmpstr (json_string (root, "drug_library.profile"), ==, "eu-icu-syringes");
  g_assert_cmpstr (json_string (root, "drug_library.profile_name"), ==, EU_NAME);

  run_clear (&run);
  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
           "--concentration", "4 mg/50 mL", "--profile", "eu-icu-syringes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": 5.3 mL/h"));
}

/* A concentration in the salt: both forms shown, the base used. */
static void
test_salt (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  /* 24 mg tartrate = 12 mg base in 48 mL = 250 mcg/mL;
   * 0.1 x 70 x 60 / 250 = 1.68 -> 1.7 mL/h */
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration", "24 mg tartrate/48 mL", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* the syringe: 48 / 1.68 = 28.571 h = 28 h 34 min; 1.68 x 24 = 40.32 mL;
   * 40.32 x 0.25 mg/mL = 10.08 mg of base. Beside a label in the salt, the
   * dose, the strength and the amount say they are base (read as tartrate
   * they would be half the drug). It lasts longer than its 24 h
   * beyond-use time, which says when the next one is due. */
  g_assert_cmpstr (run.out, ==, "norepinephrine 0.1 mcg/kg/min as base for 70 kg at 24 mg tartrate "
                   "(12 mg base)/48 mL (250 mcg/mL as base): 1.7 mL/h\n"
                   "Syringe: lasts 28 h 34 min; 40.3 mL and 10.1 mg as base per 24 h\n"
                   "Next one: replace within 24 h (its beyond-use time): prepare the next one "
                   "in 22 h (2 h before) [local]\n");

  /* French practice, mg/h: 8 mg tartrate = 4 mg base in 50 mL = 80 mcg/mL;
   * 10 mL/h x 80 mcg/mL = 800 mcg/h = 0.8 mg/h of base */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "dose", "--drug", "norepinephrine",
           "--rate", "10", "--dose-unit", "mg/h", "--concentration", "8 mg tartrate/50 mL", NULL);
  g_assert_cmpstr (run.out, ==, "10 mL/h of norepinephrine at 8 mg tartrate (4 mg base)/50 mL "
                   "(80 mcg/mL as base): 0.8 mg/h as base\n");
  /* the sheet's ordered dose says so too: 8 mg tartrate = 4 mg base in 50
   * mL = 80 mcg/mL; 0.1 x 70 x 60 / 80 = 5.25 -> 5.3 mL/h */
  {
    g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "salt-sheet.pdf", NULL);
    g_autofree char *text = NULL;
    g_auto(Run) sheet = { 0 };
    guint pages = 0;

    g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
    run_cli (&sheet, LOCALE_C, "--profile", "eu-icu-syringes", "sheet", "--drug", "norepinephrine",
             "--weight", "70", "--concentration", "8 mg tartrate/50 mL", "--dose", "0.1",
             "--output", pdf, NULL);
    g_assert_cmpint (sheet.status, ==, 0);
    text = pdf_text (pdf, &pages);
    g_assert_nonnull (strstr (text, "0.1 mcg/kg/min as base for 70 kg = 5.3 mL/h"));

    /* and no line of it breaks inside a quantity: the title's
     * concentration is one ("norepinephrine  8 mg tartrate (4 mg" /
     * "base)/50 mL" before), the strength in brackets too ("(80" /
     * "mcg/mL base)" ended a line of the table's heading) */
    {
      g_autofree char *lines = pdf_lines (pdf);

      g_assert_nonnull (strstr (lines, "8 mg tartrate (4 mg base)/50 mL\n"));
      g_assert_nonnull (strstr (lines, "(80 mcg/mL base)"));
      g_assert_null (strstr (lines, "(4 mg\n"));
      g_assert_null (strstr (lines, "(80\n"));
    }
  }

  /* the same strength written as base says nothing of base */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "dose", "--drug", "norepinephrine",
           "--rate", "10", "--dose-unit", "mg/h", "--concentration", "4 mg/50 mL", NULL);
  g_assert_cmpstr (run.out, ==, "10 mL/h of norepinephrine at 4 mg/50 mL (80 mcg/mL): 0.8 mg/h\n");

  run_clear (&run);
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration",
           "8 mg norepinephrine tartrate in 16 mL", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  /* 8 mg tartrate = 4 mg base in 16 mL = 250 mcg/mL: 1.68 mL/h */
  g_assert_cmpfloat_with_epsilon (json_double (root, "rate_ml_per_h"), 1.68, 1e-12);
  g_assert_cmpfloat (json_double (root, "concentration.amount"), ==, 4);
  g_assert_cmpstr (json_string (root, "concentration.salt"), ==, "tartrate");
  g_assert_cmpfloat (json_double (root, "concentration.salt_amount"), ==, 8);

  /* German: Tartrat with a decimal comma, 0,5 mg Tartrat/mL = 250 mcg/mL base */
  run_clear (&run);
  run_cli (&run, LOCALE_DE, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0,1", "--weight", "70", "--concentration", "0,5 mg Tartrat/mL", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1,7 mL/h"));
  g_assert_nonnull (strstr (run.out, "Tartrat"));

  /* a salt epinephrine does not have */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "epinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration", "8 mg tartrate/48 mL", NULL);
  assert_refused (&run, 1, "--concentration");
}

/* mg/h and units/h; a hard limit in one unit holds in another. */
static void
test_units (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  /* 0.5 mg/h = 500 mcg/h / 64 mcg/mL = 7.8125 mL/h */
  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.5 mg/h",
           "--concentration", "16 mg/250 mL", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  g_assert_cmpfloat_with_epsilon (json_double (root, "rate_ml_per_h"), 7.8125, 1e-12);
  g_assert_cmpstr (json_string (root, "dose.unit"), ==, "mg/h");
  g_clear_pointer (&root, json_node_unref);

  /* 1.8 units/h / 0.2 units/mL = 9 mL/h */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "rate", "--drug", "vasopressin", "--dose", "1.8 units/h",
           "--concentration", "20 units/100 mL", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  g_assert_cmpfloat_with_epsilon (json_double (root, "rate_ml_per_h"), 9, 1e-12);

  /* 300 mcg/min for 50 kg is 6 mcg/kg/min: refused, with the limit in the
   * dose's unit: 3 x 50 = 150 mcg/min */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "300 mcg/min",
           "--weight", "50", "--concentration", "16 mg/250 mL", NULL);
  assert_refused (&run, 1, "--dose");
  g_assert_nonnull (strstr (run.err, "up to 150 mcg/min (3 mcg/kg/min at 50 kg)"));

  /* without the weight only the mcg/min limits hold: 300 is the hard limit
   * itself, above the soft limit of 70: computed with a soft-limit alert;
   * 300 x 60 / 64 = 281.25 mL/h */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "300 mcg/min",
           "--concentration", "16 mg/250 mL", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (&run);
  g_assert_cmpfloat_with_epsilon (json_double (root, "rate_ml_per_h"), 281.25, 1e-12);
  g_assert_cmpstr (json_string (root, "alerts.0.severity"), ==, "soft-limit");

  /* 6.6 units/h = 0.11 units/min > 0.1: refused */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "rate", "--drug", "vasopressin", "--dose", "6.6 units/h",
           "--concentration", "20 units/100 mL", NULL);
  assert_refused (&run, 1, "--dose");

  /* evaluate --set with a unit */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "evaluate", "--set", "weight=70", "--set", "inotrope=dobutamine",
           "--set", "inotrope-dose=5", "--set", "norepinephrine=5 mcg/min", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* drugs --json: units, salts and each profile's concentrations and limits. */
static void
test_drugs_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "drugs", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "library.profile"), ==, "us-icu-bags");
  g_assert_cmpstr (json_string (root, "drugs.0.id"), ==, "norepinephrine");
  g_assert_cmpstr (json_string (root, "drugs.0.dose_units.2.unit"), ==, "mg/h");
  g_assert_cmpstr (json_string (root, "drugs.0.dose_units.2.limits_converted_from"), ==, "mcg/min");
  /* 300 mcg/min x 60 / 1000 = 18 mg/h */
  g_assert_cmpfloat_with_epsilon (json_double (root, "drugs.0.dose_units.2.hard_max"), 18, 1e-12);
  g_assert_cmpstr (json_string (root, "drugs.0.salts.0.id"), ==, "tartrate");
  g_assert_cmpfloat (json_double (root, "drugs.0.salts.0.base_per_salt"), ==, 0.5);
  g_assert_cmpstr (json_string (root, "drugs.0.profiles.eu-icu-syringes.concentrations.0.text"),
                   ==, "4 mg/50 mL");
  g_assert_cmpfloat (json_double (root, "drugs.0.profiles.eu-icu-syringes.concentration_limits.max_per_ml"),
                     ==, 320);
  g_assert_cmpstr (json_string (root, "drugs.0.profiles.eu-icu-syringes.concentrations.4.salt"),
                   ==, "tartrate");
  g_assert_cmpfloat (json_double (root, "drugs.0.profiles.peripheral.concentration_limits.max_per_ml"),
                     ==, 20);
  /* epinephrine is in no peripheral profile */
  g_assert_null (json_get (root, "drugs.5.profiles.peripheral"));
  g_assert_nonnull (json_get (root, "drugs.5.profiles.eu-icu-syringes"));
}

/* A case names its profile; --profile overrides it. */
static void
test_case_profile (void)
{
  static const char *text =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"5\" drug-profile=\"eu-icu-syringes\">\n"
    "  <patient><value field=\"weight\">70</value><value field=\"sbp\">85</value></patient>\n"
    "  <infusions>\n"
    "    <infusion drug=\"dobutamine\" amount=\"250\" amount-unit=\"mg\" volume-ml=\"50\""
    " dose=\"5\" dose-unit=\"mcg/kg/min\"/>\n"
    "    <infusion drug=\"norepinephrine\" amount=\"12\" amount-unit=\"mg\" volume-ml=\"48\""
    " salt=\"tartrate\" salt-amount=\"24\" dose=\"0.1\" dose-unit=\"mcg/kg/min\"/>\n"
    "  </infusions>\n"
    "</case>\n";
  g_autofree char *path = write_temp_file ("eu.xml", text);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "drug_library.profile"), ==, "eu-icu-syringes");
  g_assert_cmpstr (json_string (root, "active_step"), ==, "step3-norepinephrine");

  run_clear (&run);
  run_cli (&run, LOCALE_C, "validate", path, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* the bag profile does not take 250 mg/50 mL: refused, naming the profile that does */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--profile", "us-icu-bags", NULL);
  assert_refused (&run, 1, "DOBUTamine");
  g_assert_nonnull (strstr (run.err, "accepted in “" EU_NAME "”"));
}

/* validate flags a site's number tenfold from the shipped library's: the
 * shipped file with norepinephrine's hard limit of 300 mcg/min typed
 * 3000000 (10,000x). One warning; still valid (exit 0). */
static void
test_validate_implausible (void)
{
  g_autofree char *shipped_path = g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data",
                                                    "drugs.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GString *edited;
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_get_contents (shipped_path, &text, NULL, &error));
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "<limits soft-max=\"70\" hard-max=\"300\"",
                                      "<limits soft-max=\"70\" hard-max=\"3000000\"", 0), ==, 1);
  path = write_temp_file ("site-drugs.xml", edited->str);
  g_string_free (edited, TRUE);

  run_cli (&run, LOCALE_C, "validate", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "valid drug library"));
  /* once, for the three profiles that share the number */
  g_assert_nonnull (strstr (run.err, "warning: us-icu-bags, eu-icu-syringes, peripheral: "
                                     "norepinephrine hard limit 3,000,000 mcg/min is 10,000\u00d7 "
                                     "the shipped library\u2019s 300 mcg/min: check it for a "
                                     "misplaced decimal point or zero\n"));

  /* the shipped file itself: no such warning */
  run_clear (&run);
  run_cli (&run, LOCALE_C, "validate", shipped_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "misplaced"));
}

int
main (int    argc,
      char **argv)
{
  if (!cli_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/cli/profiles/list", test_profiles_list);
  g_test_add_func ("/cli/profiles/rate", test_rate_in_profile);
  g_test_add_func ("/cli/profiles/salt", test_salt);
  g_test_add_func ("/cli/profiles/units", test_units);
  g_test_add_func ("/cli/profiles/drugs-json", test_drugs_json);
  g_test_add_func ("/cli/profiles/case", test_case_profile);
  g_test_add_func ("/cli/profiles/validate-implausible", test_validate_implausible);

  return cli_test_run ();
}
