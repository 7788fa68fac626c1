/* test-cli.c: shockpath-cli, run as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spawns the binary named by $SHOCKPATH_CLI with an explicit environment
 * (LC_ALL=C.UTF-8 unless a test asks for de_DE.UTF-8), parses --json output
 * with json-glib and checks the DESIGN.md contract: fields, hand-worked
 * numbers, exit status (0 done, 1 refused, 2 usage) and one-line refusals.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <cairo.h>
#include <libxml/parser.h>

#include "sp-case.h"
#include "sp-test-cli.h"
#include "sp-test-spawn.h"

/* --- usage ----------------------------------------------------------------- */

static void
test_usage_errors (void)
{
  struct {
    const char *args[12];
    const char *needle;
  } cases[] = {
    { { NULL }, NULL },
    { { "frobnicate", NULL }, "frobnicate" },
    { { "--frobnicate", "rate", NULL }, "frobnicate" },
    { { "rate", "--frobnicate", NULL }, "frobnicate" },
    { { "rate", "--dose", "0.1", "--concentration", "4 mg/250 mL", NULL }, "--drug" },
    { { "rate", "--drug", "norepinephrine", "--concentration", "4 mg/250 mL", NULL }, "--dose" },
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70", NULL }, "--concentration" },
    { { "dose", "--drug", "norepinephrine", "--concentration", "4 mg/250 mL", NULL }, "--rate" },
    { { "table", "--drug", "norepinephrine", "--weight", "70", NULL }, "--concentration" },
    /* a table is for one patient: --weight is required */
    { { "table", "--drug", "vasopressin", "--concentration", "20 units/100 mL", NULL }, "--weight" },
    { { "rate", "--drug", NULL }, "--drug" },
    { { "drugs", "extra", NULL }, "extra" },
    { { "validate", NULL }, "FILE" },
    /* sheet and flowchart come later: not commands yet */
    { { "sheet", NULL }, "sheet" },
    { { "validate", "", NULL }, "FILE" },
    /* an option of one value given twice is never settled by taking the
     * last (70 kg or 80 kg?); one that gathers values (--set) may repeat */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--concentration", "4 mg/250 mL",
        "--weight", "70", "--weight", "80", NULL }, "rate: --weight is given twice" },
    { { "rate", "--drug", "norepinephrine", "--dose=0.1", "--dose", "0.2", "--concentration",
        "4 mg/250 mL", "--weight", "70", NULL }, "rate: --dose is given twice" },
    { { "evaluate", "--set", "sbp=80", "--profile", "peripheral", "--profile", "us-icu-bags",
        NULL }, "evaluate: --profile is given twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_strv (&run, LOCALE_C, cases[i].args);
      assert_refused (&run, 2, cases[i].needle);
    }
}

static void
test_usage_set (void)
{
  g_auto(Run) no_equals = { 0 };
  g_auto(Run) unknown = { 0 };

  /* Without '=': usage, and the field names are listed. */
  run_cli (&no_equals, LOCALE_C, "evaluate", "--set", "weight", NULL);
  assert_refused (&no_equals, 2, "--set");
  g_assert_nonnull (strstr (no_equals.err, "central-line"));
  g_assert_nonnull (strstr (no_equals.err, "mcs"));

  run_cli (&unknown, LOCALE_C, "evaluate", "--set", "weigth=70", NULL);
  assert_refused (&unknown, 2, "weigth");
  g_assert_nonnull (strstr (unknown.err, "weight"));
  g_assert_nonnull (strstr (unknown.err, "inotrope-dose"));
}

static void
test_help (void)
{
  const char *commands[] = { "rate", "dose", "table", "evaluate", "flowchart", "sheet", "summary",
                             "drugs", "validate" };
  g_auto(Run) top = { 0 };
  g_auto(Run) version = { 0 };

  run_cli (&top, LOCALE_C, "--help", NULL);
  g_assert_cmpint (top.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (top.out, commands[i]));
  g_assert_nonnull (strstr (top.out, "--drug-library"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, LOCALE_C, commands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, commands[i]));
      g_assert_nonnull (strstr (run.out, "--protocol"));
      g_assert_cmpstr (run.err, ==, "");
    }

  run_cli (&version, LOCALE_C, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "shockpath-cli "));
}

/* --- rate ------------------------------------------------------------------ */

static void
test_rate_norepinephrine (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
           "--weight", "70", "--concentration", "4 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (run.err, ==, "");

  g_assert_cmpstr (json_string (root, "drug"), ==, "norepinephrine");
  g_assert_cmpstr (json_string (root, "display_name"), ==, "norepinephrine");
  assert_close (json_double (root, "dose.value"), 0.1);
  g_assert_cmpstr (json_string (root, "dose.unit"), ==, "mcg/kg/min");
  assert_close (json_double (root, "weight_kg"), 70);
  /* 4 mg/250 mL = 4000 mcg / 250 mL = 16 mcg/mL */
  assert_concentration (root, "concentration", 4, "mg", 250, 16, "mcg");
  /* 0.1 mcg/kg/min x 70 kg x 60 min/h / 16 mcg/mL = 26.25 mL/h */
  assert_close (json_double (root, "rate_ml_per_h"), 26.25);
  /* one decimal (the library's rate display) */
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "26.3");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 0);
}

/* A rate the pump's step takes more than 5% from the dose: norepinephrine
 * 0.05 mcg/kg/min for 40 kg at 16 mg/50 mL (320 mcg/mL) is 0.05 x 40 x 60
 * / 320 = 0.375 mL/h, set to 0.4: 0.05 x 0.4 / 0.375 = 0.0533 mcg/kg/min,
 * 6.7% more. The tartrate syringe (250 mcg/mL): 120 / 250 = 0.48, set to
 * 0.5, 4.2% more. In the JSON and in the human output of rate, and of dose
 * for the rate typed (0.375 mL/h). */
static void
test_rate_rounding (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_auto(Run) dose = { 0 };
  g_autoptr(JsonNode) root = NULL;
  const char *message =
    "The pump is set to 0.4 mL/h for 0.375 mL/h: it gives 0.0533 mcg/kg/min, 6.7% more than "
    "0.05 mcg/kg/min (more than 5%). The weaker standard 24 mg tartrate (12 mg base)/48 mL "
    "(250 mcg/mL as base) gives it at 0.5 mL/h; a change of strength needs a new rate. [local]";

  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.05", "--weight", "40", "--concentration", "16 mg/50 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "0.4");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 1);
  g_assert_cmpstr (json_string (root, "alerts.0.id"), ==, "rate-rounding");
  g_assert_cmpstr (json_string (root, "alerts.0.severity"), ==, "warning");
  /* the message, as the soft limit's, with its sources apart */
  g_assert_true (g_str_has_suffix (message, " [local]"));
  g_assert_true (strncmp (json_string (root, "alerts.0.message"), message,
                          strlen (message) - strlen (" [local]")) == 0);
  g_assert_cmpuint (strlen (json_string (root, "alerts.0.message")), ==,
                    strlen (message) - strlen (" [local]"));
  g_assert_cmpstr (json_string (root, "alerts.0.cites.0"), ==, "local");
  /* and its numbers: set to 0.4; 6.67% more; 0.0533; the tartrate
   * syringe at 120 / 250 = 0.48 mL/h */
  assert_close (json_double (root, "alerts.0.rate_set_ml_per_h"), 0.4);
  assert_close (json_double (root, "alerts.0.percent"), (0.4 - 0.375) / 0.375 * 100);
  assert_close (json_double (root, "alerts.0.allowed_percent"), 5);
  assert_close (json_double (root, "alerts.0.dose_given.value"), 0.05 * 0.4 / 0.375);
  g_assert_cmpstr (json_string (root, "alerts.0.dose_given.unit"), ==, "mcg/kg/min");
  assert_close (json_double (root, "alerts.0.weaker.concentration.per_ml"), 250);
  assert_close (json_double (root, "alerts.0.weaker.rate_ml_per_h"), 0.48);

  run_cli (&human, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.05", "--weight", "40", "--concentration", "16 mg/50 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, ": 0.4 mL/h\n"));
  g_assert_nonnull (strstr (human.out, message));

  run_cli (&dose, LOCALE_C, "--profile", "eu-icu-syringes", "dose", "--drug", "norepinephrine",
           "--rate", "0.375", "--weight", "40", "--concentration", "16 mg/50 mL", NULL);
  g_assert_cmpint (dose.status, ==, 0);
  g_assert_nonnull (strstr (dose.out, message));

  /* 0.1 mcg/kg/min for 40 kg at 80 mcg/mL: 240 / 80 = 3 mL/h, exact */
  {
    g_auto(Run) exact = { 0 };
    g_autoptr(JsonNode) exact_root = NULL;

    run_cli (&exact, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
             "--dose", "0.1", "--weight", "40", "--concentration", "4 mg/50 mL", "--json", NULL);
    exact_root = parse_json (&exact);
    g_assert_cmpuint (json_array_get_length (json_array (exact_root, "alerts")), ==, 0);
  }
}

/* The table says, beside a row the pump's step takes more than 5% from its
 * dose, the dose the pump gives: norepinephrine for 40 kg at 320 mcg/mL,
 * rate = dose x 40 x 60 / 320 = dose x 7.5; 0.02 -> 0.15, set to 0.2,
 * gives 0.02 x 0.2 / 0.15 = 0.0267 (+33.3%); 0.04 -> 0.3 exactly. */
static void
test_table_rate_rounding (void)
{
  g_auto(Run) human = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&human, LOCALE_C, "--profile", "eu-icu-syringes", "table", "--drug", "norepinephrine",
           "--weight", "40", "--concentration", "16 mg/50 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "             0.02          0.2  gives 0.0267 mcg/kg/min (+33.3%)\n"
                                       "             0.04          0.3\n"));

  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "table", "--drug", "norepinephrine",
           "--weight", "40", "--concentration", "16 mg/50 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_true (json_boolean (root, "rows.0.rate_rounding_off"));
  assert_close (json_double (root, "rows.0.rate_rounding_percent"), 100.0 / 3);
  g_assert_false (json_boolean (root, "rows.1.rate_rounding_off"));
  assert_close (json_double (root, "rows.1.rate_rounding_percent"), 0);
}

/* A syringe whose label reads as another drug's standard of the profile
 * but for the name is flagged: norepinephrine 10 mg/50 mL and milrinone
 * 10 mg/50 mL in the syringe profile. 0.1 x 70 x 60 / 200 mcg/mL = 2.1
 * mL/h. In the human output, and in the JSON as an alert. */
static void
test_rate_look_alike (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration", "10 mg/50 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "2.1");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 1);
  g_assert_cmpstr (json_string (root, "alerts.0.id"), ==, "look-alike");
  g_assert_cmpstr (json_string (root, "alerts.0.severity"), ==, "warning");
  g_assert_cmpstr (json_string (root, "alerts.0.message"), ==,
                   "milrinone 10 mg/50 mL is a standard of this profile too: the two labels "
                   "differ only in the drug\u2019s name; check it");

  run_cli (&human, LOCALE_C, "--profile", "eu-icu-syringes", "dose", "--drug", "norepinephrine",
           "--rate", "2.1", "--weight", "70", "--concentration", "10 mg/50 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "Warning: milrinone 10 mg/50 mL is a standard of this "
                                       "profile too"));
  /* the bag profile's norepinephrine bags are its own */
  {
    g_auto(Run) us = { 0 };
    g_autoptr(JsonNode) us_root = NULL;

    run_cli (&us, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
             "--concentration", "4 mg/250 mL", "--json", NULL);
    us_root = parse_json (&us);
    g_assert_cmpuint (json_array_get_length (json_array (us_root, "alerts")), ==, 0);
  }
}

static void
test_rate_dobutamine (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "rate", "--drug", "dobutamine", "--dose", "5 mcg/kg/min",
           "--weight", "80", "--concentration", "1000 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "display_name"), ==, "DOBUTamine");
  /* 1000 mg/250 mL = 1,000,000 mcg / 250 mL = 4000 mcg/mL */
  assert_concentration (root, "concentration", 1000, "mg", 250, 4000, "mcg");
  /* 5 mcg/kg/min x 80 kg x 60 / 4000 mcg/mL = 6 mL/h */
  assert_close (json_double (root, "rate_ml_per_h"), 6);
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "6");
}

static void
test_rate_vasopressin (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  /* no weight: units/min is not weight-based */
  run_cli (&run, LOCALE_C, "rate", "--drug", "vasopressin", "--dose", "0.03",
           "--concentration", "20 units/100 mL", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "dose.unit"), ==, "units/min");
  g_assert_true (json_is_null (root, "weight_kg"));
  /* 20 units/100 mL = 0.2 units/mL */
  assert_concentration (root, "concentration", 20, "units", 100, 0.2, "units");
  /* 0.03 units/min x 60 / 0.2 units/mL = 9 mL/h */
  assert_close (json_double (root, "rate_ml_per_h"), 9);
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 0);
}

static void
test_rate_dose_unit (void)
{
  g_auto(Run) option = { 0 };
  g_auto(Run) synonym = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;

  /* --dose-unit: 5 mcg/min x 60 / 16 mcg/mL = 18.75 mL/h (no weight needed) */
  run_cli (&option, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "5",
           "--dose-unit", "mcg/min", "--concentration", "4 mg in 250 mL", "--json", NULL);
  root = parse_json (&option);
  g_assert_cmpstr (json_string (root, "dose.unit"), ==, "mcg/min");
  assert_close (json_double (root, "rate_ml_per_h"), 18.75);

  /* A synonym and the unit written with the dose; the options may follow
   * in any order, the global ones too. 8 mg/250 mL = 32 mcg/mL:
   * 0.2 x 50 x 60 / 32 = 18.75 mL/h */
  {
    g_autofree char *library = source_path ("data/drugs.xml");

    run_cli (&synonym, LOCALE_C, "rate", "--json", "--concentration", "8 mg/250 mL",
             "--weight", "50", "--dose", "0.2 mcg/kg/min", "--drug", "noradrenaline",
             "--drug-library", library, NULL);
  }
  root2 = parse_json (&synonym);
  g_assert_cmpstr (json_string (root2, "drug"), ==, "norepinephrine");
  assert_close (json_double (root2, "rate_ml_per_h"), 18.75);
}

static void
test_rate_soft_limit (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *alert;

  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "1.5",
           "--weight", "70", "--concentration", "16 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  /* 16 mg/250 mL = 64 mcg/mL: 1.5 x 70 x 60 / 64 = 98.4375 mL/h */
  assert_close (json_double (root, "rate_ml_per_h"), 98.4375);
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "98.4");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 1);
  alert = find_by_id (root, "alerts", "norepinephrine-soft-limit");
  g_assert_nonnull (alert);
  g_assert_cmpstr (json_object_get_string_member (alert, "severity"), ==, "soft-limit");
  g_assert_cmpstr (json_object_get_string_member (alert, "message"), !=, "");
}

static void
test_rate_refused (void)
{
  struct {
    const char *args[16];
    const char *needle;
  } cases[] = {
    /* hard limit (3 mcg/kg/min): refused, no rate */
    { { "rate", "--drug", "norepinephrine", "--dose", "4", "--weight", "70",
        "--concentration", "4 mg/250 mL", NULL }, "--dose" },
    { { "rate", "--drug", "norepinephrine", "--dose", "4", "--weight", "70",
        "--concentration", "4 mg/250 mL", "--json", NULL }, "--dose" },
    /* pounds are refused, never converted */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "150 lb",
        "--concentration", "4 mg/250 mL", NULL }, "--weight" },
    /* implausible for an adult */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "10",
        "--concentration", "4 mg/250 mL", NULL }, "--weight" },
    /* "1,000" reads two ways: never guessed */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "1,000",
        "--concentration", "4 mg/250 mL", NULL }, "--weight" },
    /* a per-kg dose without a weight */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1 mcg/kg/min",
        "--concentration", "4 mg/250 mL", "--json", NULL }, "--weight" },
    /* vasopressin takes units/min only */
    { { "rate", "--drug", "vasopressin", "--dose", "0.5", "--dose-unit", "mcg/kg/min",
        "--weight", "70", "--concentration", "20 units/100 mL", NULL }, "--dose-unit" },
    { { "rate", "--drug", "vasopressin", "--dose", "0.5 mcg/kg/min", "--weight", "70",
        "--concentration", "20 units/100 mL", NULL }, "--dose" },
    /* 32 mg/250 mL = 128 mcg/mL, twice the strongest norepinephrine bag */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
        "--concentration", "32 mg/250 mL", NULL }, "--concentration" },
    /* units for a mass drug */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
        "--concentration", "20 units/100 mL", NULL }, "--concentration" },
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
        "--concentration", "lots", NULL }, "--concentration" },
    /* a salt the drug has none of: said so, not that "mg tartrate" is no unit */
    { { "rate", "--drug", "epinephrine", "--dose", "0.1", "--weight", "70",
        "--concentration", "4 mg tartrate/50 mL", NULL },
      "--concentration: the drug library holds no salt of EPINEPHrine: \"tartrate\" is not "
      "accepted; type the amount of EPINEPHrine base, as the label gives it" },
    /* the unit written with the dose contradicts --dose-unit */
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1 mcg/min", "--dose-unit", "mcg/kg/min",
        "--weight", "70", "--concentration", "4 mg/250 mL", NULL }, "--dose" },
    { { "rate", "--drug", "aspirin", "--dose", "0.1", "--weight", "70",
        "--concentration", "4 mg/250 mL", NULL }, "--drug" },
    { { "rate", "--drug", "norepinephrine", "--dose", "-0.1", "--weight", "70",
        "--concentration", "4 mg/250 mL", NULL }, "--dose" },
    { { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
        "--concentration", "4 mg/250 mL", "--drug-library", "/nonexistent/drugs.xml", NULL },
      "/nonexistent/drugs.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_strv (&run, LOCALE_C, cases[i].args);
      assert_refused (&run, 1, cases[i].needle);
    }
}

static void
test_rate_weight_warning (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  /* 30 kg: plausible, but under the protocol's warning bound: computed, with a
   * warning on stderr. 0.1 x 30 x 60 / 16 = 11.25 mL/h */
  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
           "--weight", "30", "--concentration", "4 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  assert_close (json_double (root, "rate_ml_per_h"), 11.25);
  g_assert_true (g_str_has_prefix (run.err, "shockpath-cli: "));
  g_assert_nonnull (strstr (run.err, "--weight"));
}

/* The bag planner in rate --json: the norepinephrine 0.1 mcg/kg/min
 * for 70 kg at 16 mg/250 mL (64 mcg/mL): 0.1 x 70 x 60 / 64 = 6.5625 mL/h. */
static void
test_rate_bag (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_auto(Run) per_ml = { 0 };
  g_auto(Run) syringe = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  g_autoptr(JsonNode) root3 = NULL;

  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
           "--weight", "70", "--concentration", "16 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  assert_close (json_double (root, "rate_ml_per_h"), 6.5625);
  /* 250 / 6.5625 = 38.095 h */
  assert_close (json_double (root, "bag.hours_to_empty"), 250 / 6.5625);
  /* 6.5625 x 24 = 157.5 mL */
  assert_close (json_double (root, "bag.ml_per_24h"), 157.5);
  /* 157.5 mL x 64 mcg/mL = 10,080 mcg = 10.08 mg */
  assert_close (json_double (root, "bag.amount_per_24h"), 10.08);
  g_assert_cmpstr (json_string (root, "bag.amount_unit"), ==, "mg");
  /* replaced at its 24 h beyond-use time, before it is empty: the next one
   * prepared 2 h before, at 22 h */
  assert_close (json_double (root, "bag.replace_in_hours"), 24);
  assert_close (json_double (root, "bag.prepare_next_in_hours"), 22);
  /* 6.5625 < 10 mL/h */
  g_assert_true (json_is_null (root, "bag.advisory"));

  run_cli (&human, LOCALE_DE, "rate", "--drug", "norepinephrine", "--dose", "0,1",
           "--weight", "70", "--concentration", "16 mg/250 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  /* the German numbers: 157,5 mL, 10,1 mg */
  g_assert_nonnull (strstr (human.out, "38 h 6 min"));
  g_assert_nonnull (strstr (human.out, "157,5 mL"));
  g_assert_nonnull (strstr (human.out, "10,1 mg"));

  /* no volume, no bag */
  run_cli (&per_ml, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
           "--weight", "70", "--concentration", "64 mcg/mL", "--json", NULL);
  root2 = parse_json (&per_ml);
  g_assert_true (json_is_null (root2, "bag"));
  /* "16 mcg/1 mL" is the same strength written with its 1: no 1 mL
   * syringe that "lasts 2 min" (1 / 26.25 h) */
  {
    g_auto(Run) one = { 0 };
    g_autoptr(JsonNode) root_one = NULL;

    run_cli (&one, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
             "--weight", "70", "--concentration", "16 mcg/1 mL", "--json", NULL);
    root_one = parse_json (&one);
    /* 0.1 x 70 x 60 / 16 = 26.25 mL/h */
    assert_close (json_double (root_one, "rate_ml_per_h"), 26.25);
    g_assert_true (json_is_null (root_one, "bag"));
  }

  /* the syringe profile: 0.2 mcg/kg/min for 80 kg at 4 mg/50 mL (80 mcg/mL)
   * = 0.2 x 80 x 60 / 80 = 12 mL/h >= 10: 8 mg/50 mL (160 mcg/mL) at 6 mL/h;
   * 50 / 12 = 4.167 h */
  run_cli (&syringe, LOCALE_C, "--profile", "eu-icu-syringes", "rate", "--drug", "norepinephrine",
           "--dose", "0.2", "--weight", "80", "--concentration", "4 mg/50 mL", "--json", NULL);
  root3 = parse_json (&syringe);
  assert_close (json_double (root3, "bag.hours_to_empty"), 50.0 / 12);
  assert_close (json_double (root3, "bag.advisory.rate_ml_per_h"), 6);
  assert_concentration (root3, "bag.advisory.concentration", 8, "mg", 50, 160, "mcg");
  g_assert_nonnull (strstr (json_string (root3, "bag.advisory.message"),
                            "A change of strength needs a new rate"));

  /* levosimendan, one 24-hour course: 0.1 x 70 x 60 / 25 = 16.8 mL/h; 500 /
   * 16.8 = 29.8 h, replaced at 24 h when the course ends: no next bag, no
   * advice for one */
  {
    g_auto(Run) levo = { 0 };
    g_autoptr(JsonNode) root4 = NULL;

    run_cli (&levo, LOCALE_C, "rate", "--drug", "levosimendan", "--dose", "0.1", "--weight", "70",
             "--concentration", "12.5 mg/500 mL", "--json", NULL);
    root4 = parse_json (&levo);
    assert_close (json_double (root4, "rate_ml_per_h"), 16.8);
    assert_close (json_double (root4, "bag.course_hours"), 24);
    assert_close (json_double (root4, "bag.replace_in_hours"), 24);
    g_assert_true (json_is_null (root4, "bag.prepare_next_in_hours"));
    g_assert_true (json_is_null (root4, "bag.advisory"));
  }
}

static void
test_rate_human (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) soft = { 0 };

  run_cli (&run, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.1",
           "--weight", "70", "--concentration", "4 mg/250 mL", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* 250 / 26.25 = 9.524 h = 9 h 31 min; 26.25 x 24 = 630 mL; 630 x 16 =
   * 10,080 mcg = 10.1 mg; 26.25 mL/h is at or above 10 mL/h: 8 mg/250 mL
   * (32 mcg/mL, the weakest at least twice as strong) runs the same dose at
   * 26.25 x 16 / 32 = 13.125 = 13.1 mL/h; empty before its 24 h beyond-use
   * time, prepared 2 h before: at 7 h 31 min */
  g_assert_cmpstr (run.out, ==,
                   "norepinephrine 0.1 mcg/kg/min for 70 kg at 4 mg/250 mL (16 mcg/mL): 26.3 mL/h\n"
                   "Bag: lasts 9 h 31 min; 630 mL and 10.1 mg per 24 h\n"
                   "Next one: empty in 9 h 31 min: prepare the next one in 7 h 31 min (2 h before) "
                   "[local]\n"
                   "Advice: At 26.3 mL/h (10 mL/h or more), consider the stronger standard "
                   "8 mg in 250 mL (32 mcg/mL): the same dose would run at 13.1 mL/h. A change of "
                   "strength needs a new rate: program the pump for the new concentration when "
                   "the new bag or syringe is hung, and check the dose again.\n");
  g_assert_cmpstr (run.err, ==, "");

  run_cli (&soft, LOCALE_C, "rate", "--drug", "dobutamine", "--dose", "25",
           "--weight", "80", "--concentration", "1000 mg/250 mL", NULL);
  g_assert_cmpint (soft.status, ==, 0);
  /* 25 x 80 x 60 / 4000 = 30 mL/h, above the soft limit */
  g_assert_true (g_str_has_prefix (soft.out, "DOBUTamine 25 mcg/kg/min for 80 kg"));
  g_assert_nonnull (strstr (soft.out, "(4,000 mcg/mL): 30 mL/h\n"));
  g_assert_nonnull (strstr (soft.out, "soft limit"));
}

static void
test_rate_locale_de (void)
{
  g_auto(Run) human = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) grouped = { 0 };
  g_autoptr(JsonNode) root = NULL;

  /* The user's locale: "0,1" in, "26,3" out. */
  run_cli (&human, LOCALE_DE, "rate", "--drug", "norepinephrine", "--dose", "0,1",
           "--weight", "70", "--concentration", "4 mg/250 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "0,1 mcg/kg/min"));
  g_assert_nonnull (strstr (human.out, "26,3 mL/h"));
  g_assert_null (strstr (human.out, "26.3"));

  /* JSON is always C locale. */
  run_cli (&json, LOCALE_DE, "rate", "--drug", "norepinephrine", "--dose", "0,1",
           "--weight", "70,5", "--concentration", "4 mg/250 mL", "--json", NULL);
  root = parse_json (&json);
  /* 0.1 x 70.5 x 60 / 16 = 26.4375 mL/h */
  assert_close (json_double (root, "rate_ml_per_h"), 26.4375);
  assert_close (json_double (root, "weight_kg"), 70.5);
  g_assert_cmpstr (json_string (root, "rate_display"), ==, "26.4");
  g_assert_nonnull (strstr (json.out, "26.4375"));
  g_assert_null (strstr (json.out, "26,4"));

  /* "1.000" is a grouped thousand in German: refused, never guessed */
  run_cli (&grouped, LOCALE_DE, "rate", "--drug", "norepinephrine", "--dose", "0,1",
           "--weight", "1.000", "--concentration", "4 mg/250 mL", NULL);
  assert_refused (&grouped, 1, "--weight");
}

/* The user's language decides the words, its locale the numbers; the option
 * named in a refusal and the arithmetic stay the same.  Needs the catalogues
 * meson compiled into the build tree (SHOCKPATH_LOCALEDIR). */
static void
test_rate_translated (void)
{
  static const struct {
    const char *locale;
    const char *drug;      /* the drug library's name in that language */
    const char *for_word;  /* "0,2 mcg/kg/min for 80 kg" */
    const char *grouping;  /* the refusal's words for a grouping separator */
    const char *units;     /* the word for "units" (20 units/100 mL) */
    const char *and_word;  /* the bag planner: "216 mL and 43,2 units" */
  } langs[] = {
    { LOCALE_DE, "Noradrenalin", "für 80 kg", "Tausendertrennzeichen", "Einheiten", "und" },
    { LOCALE_FR, "noradrénaline", "pour 80 kg", "séparateur de milliers", "unités", "et" },
    { LOCALE_ES, "noradrenalina", "para 80 kg", "separador de miles", "unidades", "y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_auto(Run) rate = { 0 };
      g_auto(Run) grouped = { 0 };
      g_auto(Run) vaso = { 0 };
      g_auto(Run) vaso_json = { 0 };
      g_autofree char *vaso_dose = g_strdup_printf ("0,03 %s/min", langs[i].units);
      g_autofree char *vaso_conc = g_strdup_printf ("20 %s/100 mL", langs[i].units);
      g_autofree char *vaso_per_ml = g_strdup_printf ("(0,2 %s/mL)", langs[i].units);

      /* 0.2 mcg/kg/min x 80 kg x 60 min/h / 16 mcg/mL = 60 mL/h */
      run_cli (&rate, langs[i].locale, "rate", "--drug", "norepinephrine", "--dose", "0,2",
               "--weight", "80", "--concentration", "4 mg in 250 mL", NULL);
      g_assert_cmpint (rate.status, ==, 0);
      g_assert_true (g_str_has_prefix (rate.out, langs[i].drug));
      g_assert_nonnull (strstr (rate.out, "0,2 mcg/kg/min"));
      g_assert_nonnull (strstr (rate.out, langs[i].for_word));
      /* the first line ends at the rate; the bag planner's follow */
      g_assert_nonnull (strstr (rate.out, " 60 mL/h\n"));
      g_assert_null (strstr (rate.out, " for "));

      /* "1.000,5" is a thousand and a half written with grouping: refused in
       * the user's language, with the ungrouped form to type instead */
      run_cli (&grouped, langs[i].locale, "rate", "--drug", "norepinephrine",
               "--dose", "1.000,5", "--weight", "80", "--concentration", "4 mg in 250 mL",
               NULL);
      assert_refused (&grouped, 1, "--dose");
      g_assert_nonnull (strstr (grouped.err, langs[i].grouping));
      g_assert_nonnull (strstr (grouped.err, "1000,5"));

      /* "units" is a word and shows in the user's language, and what is shown
       * can be typed: 0.03 units/min x 60 min/h / (20 units / 100 mL = 0.2
       * units/mL) = 9 mL/h */
      run_cli (&vaso, langs[i].locale, "rate", "--drug", "vasopressin", "--dose", vaso_dose,
               "--concentration", vaso_conc, NULL);
      g_assert_cmpint (vaso.status, ==, 0);
      g_assert_nonnull (strstr (vaso.out, vaso_dose));
      g_assert_nonnull (strstr (vaso.out, vaso_conc));
      g_assert_nonnull (strstr (vaso.out, vaso_per_ml));
      g_assert_nonnull (strstr (vaso.out, " 9 mL/h\n"));
      g_assert_null (strstr (vaso.out, "units"));
      /* the bag planner in the language: 9 x 24 = 216 mL x 0.2 units/mL =
       * 43.2 units per 24 h */
      {
        g_autofree char *per_day = g_strdup_printf ("216 mL %s 43,2 %s", langs[i].and_word,
                                                    langs[i].units);

        g_assert_nonnull (strstr (vaso.out, per_day));
      }

      /* JSON keeps the tokens, whatever the language */
      run_cli (&vaso_json, langs[i].locale, "rate", "--json", "--drug", "vasopressin",
               "--dose", vaso_dose, "--concentration", vaso_conc, NULL);
      g_assert_cmpint (vaso_json.status, ==, 0);
      g_assert_nonnull (strstr (vaso_json.out, "\"unit\": \"units/min\""));
      g_assert_nonnull (strstr (vaso_json.out, "\"text\": \"20 units/100 mL\""));
      g_assert_null (strstr (vaso_json.out, langs[i].units));
    }
}

/* --- drug library and protocol files ---------------------------------------- */

static const char broken_library[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<drug-library format-version=\"1\" version=\"1\">\n"
  "  <name>Broken</name>\n"
  "  <drug id=\"norepinephrine\">\n"
  "    <no-such-element/>\n"
  "  </drug>\n"
  "</drug-library>\n";

static void
test_broken_files (void)
{
  g_autofree char *library = write_temp_file ("broken-drugs.xml", broken_library);
  g_autofree char *protocol = write_temp_file ("broken-protocol.xml",
                                               "<?xml version=\"1.0\"?>\n<protocol>\n<oops>\n</protocol>\n");
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) proto = { 0 };
  g_autofree char *line_prefix = g_strdup_printf ("%s:", library);

  /* Refused whole, with file:line: problem; before or after the command. */
  run_cli (&before, LOCALE_C, "--drug-library", library, "rate", "--drug", "norepinephrine",
           "--dose", "0.1", "--weight", "70", "--concentration", "4 mg/250 mL", NULL);
  assert_refused (&before, 1, line_prefix);
  g_assert_true (g_regex_match_simple ("broken-drugs\\.xml:[0-9]+", before.err, 0, 0));

  run_cli (&after, LOCALE_C, "drugs", "--json", "--drug-library", library, NULL);
  assert_refused (&after, 1, line_prefix);

  run_cli (&proto, LOCALE_C, "evaluate", "--protocol", protocol, NULL);
  assert_refused (&proto, 1, "broken-protocol.xml:");
}

/* Strings in --json are escaped: a site library whose name holds quotes, a
 * backslash, non-ASCII letters and U+2028 reads back unchanged. */
static void
test_json_escaping (void)
{
  const char *name = "Site \"A\" \\ Pharmacie générale\xe2\x80\xa8Nord";
  const char *xml_name = "Site &quot;A&quot; \\ Pharmacie générale&#x2028;Nord";
  g_autofree char *shipped_path = source_path ("data/drugs.xml");
  g_autofree char *shipped = NULL;
  g_autofree char *site = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *needle = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  g_auto(GStrv) parts = NULL;

  g_file_get_contents (shipped_path, &shipped, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (shipped, "<name>ShockPath default drug library</name>", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  needle = g_strdup_printf ("<name>%s</name>", xml_name);
  site = g_strjoin (needle, parts[0], parts[1], NULL);
  site_path = write_temp_file ("site-drugs.xml", site);

  run_cli (&run, LOCALE_C, "drugs", "--drug-library", site_path, "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "library.name"), ==, name);
  /* U+2028 is written as an escape, never raw */
  g_assert_null (strstr (run.out, "\xe2\x80\xa8"));
  g_assert_nonnull (strstr (run.out, "\\u2028"));
  g_assert_cmpstr (json_string (root, "library.source"), ==, site_path);
}

/* --- dose ------------------------------------------------------------------ */

static void
test_dose (void)
{
  g_auto(Run) ne = { 0 };
  g_auto(Run) vaso = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;

  run_cli (&ne, LOCALE_C, "dose", "--drug", "norepinephrine", "--rate", "26.25",
           "--weight", "70", "--concentration", "4 mg/250 mL", "--json", NULL);
  root = parse_json (&ne);
  g_assert_cmpstr (json_string (root, "drug"), ==, "norepinephrine");
  assert_close (json_double (root, "rate_ml_per_h"), 26.25);
  /* 26.25 mL/h x 16 mcg/mL / (70 kg x 60 min/h) = 420 / 4200 = 0.1 mcg/kg/min */
  assert_close (json_double (root, "dose.value"), 0.1);
  g_assert_cmpstr (json_string (root, "dose.unit"), ==, "mcg/kg/min");
  assert_concentration (root, "concentration", 4, "mg", 250, 16, "mcg");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 0);

  run_cli (&vaso, LOCALE_C, "dose", "--drug", "vasopressin", "--rate", "9",
           "--concentration", "20 units/100 mL", "--json", NULL);
  root2 = parse_json (&vaso);
  /* 9 mL/h x 0.2 units/mL / 60 = 0.03 units/min */
  assert_close (json_double (root2, "dose.value"), 0.03);
  g_assert_cmpstr (json_string (root2, "dose.unit"), ==, "units/min");

  /* The rate may carry its own unit; another is refused, not converted
   * (10 mL/min would be 600 mL/h). 9 mL/h: the same 0.03 units/min. */
  {
    g_auto(Run) with_unit = { 0 };
    g_auto(Run) per_minute = { 0 };
    g_autoptr(JsonNode) root3 = NULL;

    run_cli (&with_unit, LOCALE_C, "dose", "--drug", "vasopressin", "--rate", "9 mL/h",
             "--concentration", "20 units/100 mL", "--json", NULL);
    root3 = parse_json (&with_unit);
    assert_close (json_double (root3, "dose.value"), 0.03);
    run_cli (&per_minute, LOCALE_C, "dose", "--drug", "vasopressin", "--rate", "9 mL/min",
             "--concentration", "20 units/100 mL", NULL);
    assert_refused (&per_minute, 1, "--rate: unit \"mL/min\" is not accepted; type the rate in mL/h.");
  }
}

static void
test_dose_limits (void)
{
  g_auto(Run) soft = { 0 };
  g_auto(Run) hard = { 0 };
  g_auto(Run) grouped = { 0 };
  g_auto(Run) human = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *alert;

  /* 100 mL/h x 64 mcg/mL / (70 x 60) = 1.5238 mcg/kg/min: above the soft limit */
  run_cli (&soft, LOCALE_C, "dose", "--drug", "norepinephrine", "--rate", "100",
           "--weight", "70", "--concentration", "16 mg/250 mL", "--json", NULL);
  root = parse_json (&soft);
  assert_close (json_double (root, "dose.value"), 100.0 * 64 / (70 * 60));
  alert = find_by_id (root, "alerts", "norepinephrine-soft-limit");
  g_assert_nonnull (alert);
  g_assert_cmpstr (json_object_get_string_member (alert, "severity"), ==, "soft-limit");

  /* 200 mL/h x 64 / 4200 = 3.05 mcg/kg/min: above the hard limit, refused */
  run_cli (&hard, LOCALE_C, "dose", "--drug", "norepinephrine", "--rate", "200",
           "--weight", "70", "--concentration", "16 mg/250 mL", "--json", NULL);
  assert_refused (&hard, 1, "--rate");

  run_cli (&grouped, LOCALE_C, "dose", "--drug", "norepinephrine", "--rate", "1,000",
           "--weight", "70", "--concentration", "16 mg/250 mL", NULL);
  assert_refused (&grouped, 1, "--rate");

  run_cli (&human, LOCALE_DE, "dose", "--drug", "norepinephrine", "--rate", "26,25",
           "--weight", "70", "--concentration", "4 mg/250 mL", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "0,1 mcg/kg/min"));
  g_assert_nonnull (strstr (human.out, "26,25"));
}

/* --- table ----------------------------------------------------------------- */

static void
test_table (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  run_cli (&run, LOCALE_C, "table", "--drug", "dobutamine", "--weight", "80",
           "--concentration", "1000 mg/250 mL", "--from", "2.5", "--to", "10", "--step", "2.5",
           "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "drug"), ==, "dobutamine");
  g_assert_cmpstr (json_string (root, "dose_unit"), ==, "mcg/kg/min");
  assert_close (json_double (root, "weight_kg"), 80);
  assert_concentration (root, "concentration", 1000, "mg", 250, 4000, "mcg");
  g_assert_false (json_boolean (root, "clipped_at_hard_limit"));
  rows = json_array (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  /* dose x 80 x 60 / 4000: 2.5 -> 3, 5 -> 6, 7.5 -> 9, 10 -> 12 mL/h */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *dose_path = g_strdup_printf ("rows.%u.dose", i);
      g_autofree char *rate_path = g_strdup_printf ("rows.%u.rate_ml_per_h", i);
      g_autofree char *limit_path = g_strdup_printf ("rows.%u.limit", i);

      assert_close (json_double (root, dose_path), 2.5 * (i + 1));
      assert_close (json_double (root, rate_path), 3.0 * (i + 1));
      g_assert_cmpstr (json_string (root, limit_path), ==, "ok");
    }

  run_cli (&human, LOCALE_C, "table", "--drug", "dobutamine", "--weight", "80",
           "--concentration", "1000 mg/250 mL", "--from", "2.5", "--to", "10", "--step", "2.5",
           NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "mcg/kg/min"));
  g_assert_nonnull (strstr (human.out, "1,000 mg/250 mL"));
  g_assert_nonnull (strstr (human.out, "mL/h"));
  g_assert_true (g_regex_match_simple ("^ *7\\.5 +9$", human.out, G_REGEX_MULTILINE, 0));
}

static void
test_table_defaults (void)
{
  g_auto(Run) drugs = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) library = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;
  double step, soft_max, hard_max;
  guint n, n_soft = 0;

  /* The defaults come from the drug library: read them from `drugs --json`. */
  run_cli (&drugs, LOCALE_C, "drugs", "--json", NULL);
  library = parse_json (&drugs);
  g_assert_cmpstr (json_string (library, "drugs.0.id"), ==, "norepinephrine");
  g_assert_cmpstr (json_string (library, "drugs.0.dose_units.0.unit"), ==, "mcg/kg/min");
  step = json_double (library, "drugs.0.dose_units.0.titration_step");
  soft_max = json_double (library, "drugs.0.dose_units.0.soft_max");
  hard_max = json_double (library, "drugs.0.dose_units.0.hard_max");
  g_assert_cmpfloat (soft_max, <, hard_max);

  /* From the titration step to the hard limit, as the infusion sheet: a dose
   * between the soft and the hard limit may be given once confirmed, so the
   * table lists it, marked. */
  run_cli (&run, LOCALE_C, "table", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--json", NULL);
  root = parse_json (&run);
  rows = json_array (root, "rows");
  n = json_array_get_length (rows);
  g_assert_cmpuint (n, >, 1);
  assert_close (json_double (root, "from"), step);
  assert_close (json_double (root, "to"), hard_max);
  assert_close (json_double (root, "step"), step);
  g_assert_false (json_boolean (root, "clipped_at_hard_limit"));
  assert_close (json_double (root, "rows.0.dose"), step);
  /* rate = dose x 70 x 60 / 16 */
  assert_close (json_double (root, "rows.0.rate_ml_per_h"), step * 70 * 60 / 16);
  assert_close (json_object_get_double_member (json_array_get_object_element (rows, n - 1), "dose"),
                hard_max);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      gboolean above = json_object_get_double_member (row, "dose") > soft_max;

      g_assert_cmpstr (json_object_get_string_member (row, "limit"), ==, above ? "soft-limit" : "ok");
      n_soft += above;
    }
  g_assert_cmpuint (n_soft, >, 0);
  g_assert_cmpuint (n_soft, <, n);
}

static void
test_table_clip (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_auto(Run) all_above = { 0 };
  g_auto(Run) last = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) last_root = NULL;
  JsonArray *rows;

  /* 2 to 4 mcg/kg/min: above the soft limit (1), the rows above the hard
   * limit (3) are never shown. */
  run_cli (&run, LOCALE_C, "table", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--from", "2", "--to", "4", "--step", "0.5",
           "--json", NULL);
  root = parse_json (&run);
  g_assert_true (json_boolean (root, "clipped_at_hard_limit"));
  /* the range as the table runs: it ends at the hard limit */
  assert_close (json_double (root, "to"), 3);
  rows = json_array (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  assert_close (json_double (root, "rows.2.dose"), 3);
  /* 3 x 70 x 60 / 64 = 196.875 mL/h */
  assert_close (json_double (root, "rows.2.rate_ml_per_h"), 196.875);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "limit"),
                     ==, "soft-limit");

  run_cli (&human, LOCALE_C, "table", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--from", "2", "--to", "4", "--step", "0.5", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_null (strstr (human.out, "3.5"));
  g_assert_nonnull (strstr (human.err, "hard limit"));

  run_cli (&all_above, LOCALE_C, "table", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--from", "3.5", "--to", "4", "--step", "0.5", NULL);
  assert_refused (&all_above, 1, "hard limit");

  /* 2.2 to 3.5 in 0.4: 2.2, 2.6, 3 (the last step, shortened to the hard
   * limit, as on the sheet); 3.4 is never listed. 3 x 70 x 60 / 64 = 196.875 */
  run_cli (&last, LOCALE_C, "table", "--drug", "norepinephrine", "--weight", "70",
           "--concentration", "16 mg/250 mL", "--from", "2.2", "--to", "3.5", "--step", "0.4",
           "--json", NULL);
  last_root = parse_json (&last);
  g_assert_true (json_boolean (last_root, "clipped_at_hard_limit"));
  rows = json_array (last_root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  assert_close (json_double (last_root, "rows.1.dose"), 2.6);
  assert_close (json_double (last_root, "rows.2.dose"), 3);
  assert_close (json_double (last_root, "rows.2.rate_ml_per_h"), 196.875);
}

static void
test_table_refused (void)
{
  struct {
    const char *args[16];
    const char *needle;
  } cases[] = {
    { { "table", "--drug", "norepinephrine", "--weight", "150 lb", "--concentration", "4 mg/250 mL",
        NULL }, "--weight" },
    { { "table", "--drug", "norepinephrine", "--weight", "70", "--concentration", "4 mg/250 mL",
        "--step", "0", NULL }, "--step" },
    { { "table", "--drug", "norepinephrine", "--weight", "70", "--concentration", "4 mg/250 mL",
        "--step", "0.000001", NULL }, "--step" },
    { { "table", "--drug", "norepinephrine", "--weight", "70", "--concentration", "4 mg/250 mL",
        "--from", "1", "--to", "0.5", NULL }, "--from" },
    { { "table", "--drug", "norepinephrine", "--weight", "70", "--concentration", "4 mg/250 mL",
        "--from", "0.1 mcg/min", NULL }, "--from" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_strv (&run, LOCALE_C, cases[i].args);
      assert_refused (&run, 1, cases[i].needle);
    }
}

/* --- evaluate -------------------------------------------------------------- */

static JsonNode *
evaluate (const char * const *sets)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) run = { 0 };

  g_ptr_array_add (args, g_strdup ("evaluate"));
  g_ptr_array_add (args, g_strdup ("--json"));
  for (guint i = 0; sets[i] != NULL; i++)
    {
      g_ptr_array_add (args, g_strdup ("--set"));
      g_ptr_array_add (args, g_strdup (sets[i]));
    }
  g_ptr_array_add (args, NULL);

  run_cli_strv (&run, LOCALE_C, (const char * const *) args->pdata);
  return parse_json (&run);
}

static void
assert_step (const char * const *sets,
             const char         *step)
{
  g_autoptr(JsonNode) root = evaluate (sets);

  g_assert_cmpstr (json_string (root, "active_step"), ==, step);
  g_assert_cmpstr (json_string (root, "active_step_title"), !=, "");
  g_assert_cmpstr (json_string (root, "reason"), !=, "");
}

static void
assert_alert (const char * const *sets,
              const char         *id,
              const char         *severity)
{
  g_autoptr(JsonNode) root = evaluate (sets);
  JsonObject *alert = find_by_id (root, "alerts", id);

  if (alert == NULL)
    g_error ("no alert “%s”", id);
  g_assert_cmpstr (json_object_get_string_member (alert, "severity"), ==, severity);
  g_assert_cmpstr (json_object_get_string_member (alert, "message"), !=, "");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (alert, "cites")));
}

/* Targets met: SBP > 90, MAP >= 65, every hypoperfusion sign known and absent. */
#define TARGETS_MET "sbp=110", "map=75", "mental=normal", "skin=normal", "lactate=1.5", "urine=1"

static void
test_evaluate_step1 (void)
{
  /* rule 3: no inotrope and targets not met */
  const char *no_inotrope[] = { "inotrope=none", "sbp=80", NULL };
  /* nothing entered: no step yet, the assessment asks for the values
   * (not "start an inotrope") */
  const char *empty[] = { NULL };
  /* rule 4: an inotrope runs but no fluid challenge yet */
  const char *no_fluid[] = { "inotrope=dobutamine", "fluid=not-given", "sbp=80", NULL };
  g_autoptr(JsonNode) root = NULL;

  assert_step (no_inotrope, "step1-inotrope");
  assert_step (no_fluid, "step1-inotrope");

  root = evaluate (empty);
  g_assert_true (json_is_null (root, "active_step"));
  g_assert_true (json_boolean (root, "awaiting_data"));
  g_assert_true (g_str_has_prefix (json_string (root, "reason"), "Enter the patient’s values"));
}

static void
test_evaluate_step2 (void)
{
  /* rule 8: inotrope and fluid failed, SBP < 90, perfusion not entered */
  const char *sets[] = { "inotrope=dobutamine", "fluid=given-no-response", "sbp=80", NULL };
  g_autoptr(JsonNode) root = evaluate (sets);
  JsonObject *criterion;
  JsonArray *deciding;

  g_assert_cmpstr (json_string (root, "active_step"), ==, "step2-criteria");
  criterion = find_by_id (root, "criteria", "hypoperfusion-persists");
  g_assert_nonnull (criterion);
  g_assert_cmpstr (json_object_get_string_member (criterion, "state"), ==, "unknown");
  deciding = json_object_get_array_member (criterion, "deciding_inputs");
  g_assert_cmpuint (json_array_get_length (deciding), >, 0);
  /* unknown: "holds" and "finding" are null */
  g_assert_true (json_object_get_null_member (criterion, "holds"));
  g_assert_true (json_object_get_null_member (criterion, "finding"));
  criterion = find_by_id (root, "criteria", "sbp-below-90");
  g_assert_nonnull (criterion);
  g_assert_cmpstr (json_object_get_string_member (criterion, "state"), ==, "met");
  g_assert_cmpstr (json_object_get_string_member (criterion, "value"), ==, "80 mmHg");
  /* SBP < 90 holding is bad for the patient (finding="bad") */
  g_assert_true (json_object_get_boolean_member (criterion, "holds"));
  g_assert_cmpstr (json_object_get_string_member (criterion, "finding"), ==, "bad");
  /* SBP > 90 does not hold: bad too */
  criterion = find_by_id (root, "criteria", "sbp-above-90");
  g_assert_false (json_object_get_boolean_member (criterion, "holds"));
  g_assert_cmpstr (json_object_get_string_member (criterion, "finding"), ==, "bad");
  /* the inotrope runs: neither good nor bad */
  criterion = find_by_id (root, "criteria", "inotrope-running");
  g_assert_true (json_object_get_boolean_member (criterion, "holds"));
  g_assert_true (json_object_get_null_member (criterion, "finding"));
}

static void
test_evaluate_step3 (void)
{
  /* rule 6: all three criteria met -> start */
  const char *start[] = { "inotrope=dobutamine", "fluid=given-no-response", "sbp=80",
                          "lactate=4", "weight=70", NULL };
  /* rule 5: norepinephrine runs, targets not met -> titrate */
  const char *titrate[] = { "inotrope=dobutamine", "fluid=given-no-response", "sbp=80",
                            "map=60", "norepinephrine=0.3", "weight=70", NULL };
  g_autoptr(JsonNode) root = evaluate (start);
  JsonObject *action;

  g_assert_cmpstr (json_string (root, "active_step"), ==, "step3-norepinephrine");
  /* the dose range with rates for 70 kg at the default concentration */
  action = find_by_id (root, "actions", "start-norepinephrine");
  g_assert_nonnull (action);
  g_assert_cmpstr (json_object_get_string_member (action, "drug"), ==, "norepinephrine");
  g_assert_cmpstr (json_object_get_string_member (action, "dose_unit"), ==, "mcg/kg/min");
  /* 0.2 x 70 x 60 / 16 = 52.5 mL/h; 1 x 70 x 60 / 16 = 262.5 mL/h */
  assert_close (json_object_get_double_member (action, "dose_min"), 0.2);
  assert_close (json_object_get_double_member (action, "rate_min_ml_per_h"), 52.5);
  assert_close (json_object_get_double_member (action, "rate_max_ml_per_h"), 262.5);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (action, "concentration")));

  assert_step (titrate, "step3-norepinephrine");
}

static void
test_evaluate_escalate (void)
{
  /* rule 2: norepinephrine >= 1 mcg/kg/min, targets not met */
  const char *sets[] = { "inotrope=dobutamine", "fluid=given-no-response", "sbp=80", "map=55",
                         "norepinephrine=1.2", "weight=70", NULL };

  assert_step (sets, "escalate");
}

static void
test_evaluate_wean (void)
{
  /* rule 1: a vasopressor runs and targets are met */
  const char *sets[] = { "inotrope=dobutamine", "fluid=given-responded", TARGETS_MET,
                         "norepinephrine=0.1", "weight=70", NULL };

  assert_step (sets, "wean");
}

static void
test_evaluate_stable (void)
{
  /* rule 7: targets met, no vasopressor */
  const char *sets[] = { "inotrope=dobutamine", "fluid=given-responded", TARGETS_MET, NULL };

  assert_step (sets, "stable");
}

static void
test_evaluate_alerts (void)
{
  const char *first_line[] = { "inotrope=none", "norepinephrine=0.1", "weight=70", NULL };
  const char *peripheral[] = { "inotrope=dobutamine", "norepinephrine=0.1", "weight=70",
                               "central-line=no", NULL };
  const char *taper[] = { "inotrope=dobutamine", "fluid=given-responded", TARGETS_MET,
                          "norepinephrine=0.1", "weight=70", NULL };
  const char *vasopressin[] = { "inotrope=dobutamine", "vasopressin=0.05", NULL };
  const char *no_weight[] = { "inotrope=dobutamine", "norepinephrine=0.1", NULL };
  const char *epinephrine[] = { "inotrope=dobutamine", "epinephrine=0.1", "weight=70", NULL };
  const char *hard[] = { "inotrope=dobutamine", "norepinephrine=4", "weight=70", NULL };

  assert_alert (first_line, "vasopressor-first-line", "warning");
  assert_alert (peripheral, "peripheral-line", "warning");
  assert_alert (taper, "taper", "info");
  assert_alert (vasopressin, "vasopressin-above-max", "warning");
  assert_alert (no_weight, "missing-weight", "warning");
  assert_alert (epinephrine, "epinephrine-not-recommended", "warning");

  /* Refused means refused: --set norepinephrine=4 (hard limit 3
   * mcg/kg/min) never reaches the engine: exit 1, the reason names it. */
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "evaluate", "--set", hard[0], "--set", hard[1], "--set", hard[2],
             "--json", NULL);
    assert_refused (&run, 1, "hard limit");
  }
}

static void
test_evaluate_json_shape (void)
{
  const char *sets[] = { "sbp=90", "dbp=60", "weight=70", "weight=", "central-line=yes",
                         "inotrope=dobutamine", "fluid=given-no-response", "lactate=3", NULL };
  g_autoptr(JsonNode) root = evaluate (sets);
  JsonArray *criteria = json_array (root, "criteria");

  g_assert_cmpstr (json_string (root, "protocol.id"), !=, "");
  g_assert_cmpstr (json_string (root, "protocol.name"), !=, "");
  g_assert_cmpstr (json_string (root, "protocol.version"), !=, "");

  g_assert_cmpuint (json_array_get_length (criteria), >, 0);
  for (guint i = 0; i < json_array_get_length (criteria); i++)
    {
      JsonObject *criterion = json_array_get_object_element (criteria, i);
      const char *state = json_object_get_string_member (criterion, "state");

      g_assert_true (g_strcmp0 (state, "met") == 0 || g_strcmp0 (state, "unmet") == 0 ||
                     g_strcmp0 (state, "unknown") == 0);
      g_assert_nonnull (json_object_get_string_member (criterion, "text"));
      g_assert_true (json_object_has_member (criterion, "value"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (criterion, "deciding_inputs")));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (criterion, "cites")));
    }
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_need (root, "alerts")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_need (root, "actions")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_need (root, "monitoring")));
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_need (root, "monitoring.0.emphasised")));

  /* MAP derived from SBP and DBP: (90 + 2 x 60) / 3 = 70 */
  assert_close (json_double (root, "inputs.map"), 70);
  g_assert_true (json_boolean (root, "inputs.map_derived"));
  assert_close (json_double (root, "inputs.sbp"), 90);
  /* an empty value unsets */
  g_assert_true (json_is_null (root, "inputs.weight"));
  g_assert_cmpstr (json_string (root, "inputs.central-line"), ==, "yes");
  g_assert_true (json_is_null (root, "inputs.mcs"));
}

static void
test_evaluate_case (void)
{
  g_autofree char *path = source_path ("data/cases/example-step2.xml");
  g_autofree char *broken = write_temp_file ("broken-case.xml",
                                             "<?xml version=\"1.0\"?>\n<case format-version=\"1\">\n"
                                             "<patient><value field=\"weigth\">70</value></patient>\n"
                                             "</case>\n");
  g_auto(Run) run = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) bad_set = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "active_step"), ==, "step3-norepinephrine");

  run_cli (&refused, LOCALE_C, "evaluate", "--case", broken, NULL);
  assert_refused (&refused, 1, "broken-case.xml");

  run_cli (&bad_set, LOCALE_C, "evaluate", "--set", "weight=150 lb", NULL);
  assert_refused (&bad_set, 1, "weight");

  /* A case file's numbers are checked like typed ones; --set overrides. */
  {
    g_autofree char *light = write_temp_file ("light-case.xml",
                                              "<?xml version=\"1.0\"?>\n<case format-version=\"1\">\n"
                                              "<patient><value field=\"weight\">10</value></patient>\n"
                                              "</case>\n");
    g_autofree char *protocol = source_path ("data/protocols/cardiogenic-shock.xml");
    g_auto(Run) implausible = { 0 };
    g_auto(Run) validated = { 0 };
    g_auto(Run) overridden = { 0 };
    g_autoptr(JsonNode) root2 = NULL;

    run_cli (&implausible, LOCALE_C, "evaluate", "--case", light, NULL);
    assert_refused (&implausible, 1, "weight");
    run_cli (&validated, LOCALE_C, "validate", light, NULL);
    /* The one loader names the line. */
    assert_refused (&validated, 1, "light-case.xml:3: weight");

    run_cli (&overridden, LOCALE_C, "evaluate", "--case", path, "--set", "weight=", "--json",
             "--protocol", protocol, NULL);
    root2 = parse_json (&overridden);
    g_assert_true (json_is_null (root2, "inputs.weight"));
    assert_close (json_double (root2, "inputs.sbp"), 84);
  }
}

static void
test_evaluate_human (void)
{
  g_autofree char *path = source_path ("data/cases/example-step2.xml");
  g_auto(Run) run = { 0 };
  g_auto(Run) de = { 0 };

  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--set", "central-line=no", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* the protocol's disclaimer closes the report, as the window's foot says it */
  g_assert_true (g_str_has_suffix (run.out, "\nDecision support — verify before use. ShockPath "
                                            "supports, and never replaces, clinical judgement.\n"));
  /* the step's criteria, with their values */
  g_assert_nonnull (strstr (run.out, "✗ Systolic BP > 90 mmHg: 84 mmHg"));
  /* 0.2 x 78 x 60 / 16 = 58.5 mL/h; 1 x 78 x 60 / 16 = 292.5 mL/h */
  g_assert_nonnull (strstr (run.out, "58.5–292.5 mL/h at 4 mg/250 mL"));

  run_cli (&de, LOCALE_DE, "evaluate", "--set", "lactate=2,5", "--set", "sbp=85", NULL);
  g_assert_cmpint (de.status, ==, 0);
  g_assert_nonnull (strstr (de.out, "2,5"));
  g_assert_true (g_str_has_suffix (de.out, "ersetzt sie nie.\n"));

  /* French puts a (no-break) space before a colon, in every "label: value"
   * line */
  {
    g_auto(Run) fr = { 0 };

    run_cli (&fr, LOCALE_FR, "evaluate", "--set", "weight=70", "--set", "norepinephrine=0,3", NULL);
    g_assert_cmpint (fr.status, ==, 0);
    g_assert_nonnull (strstr (fr.out, "\n  Poids\u00a0: 70 kg\n"));
    g_assert_nonnull (strstr (fr.out, "\n  Avertissement\u00a0: "));
    g_assert_nonnull (strstr (fr.out, "en perfusion\u00a0: néant"));
    g_assert_null (strstr (fr.out, "Poids:"));
  }
}

/* --- drugs and validate ------------------------------------------------------ */

static void
test_drugs (void)
{
  const char *ids[] = { "norepinephrine", "dobutamine", "dopamine", "vasopressin",
                        "levosimendan", "epinephrine", "milrinone" };
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *drug;

  run_cli (&run, LOCALE_C, "drugs", "--json", NULL);
  root = parse_json (&run);
  g_assert_cmpstr (json_string (root, "library.name"), !=, "");
  g_assert_cmpstr (json_string (root, "library.version"), !=, "");
  g_assert_cmpstr (json_string (root, "library.source"), !=, "");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (find_by_id (root, "drugs", ids[i]));

  drug = find_by_id (root, "drugs", "dobutamine");
  g_assert_cmpstr (json_object_get_string_member (drug, "display_name"), ==, "DOBUTamine");
  drug = find_by_id (root, "drugs", "norepinephrine");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (drug, "synonyms"), 0),
                   ==, "noradrenaline");
  /* the norepinephrine default concentration: 4 mg/250 mL, 16 mcg/mL */
  {
    JsonArray *concs = json_object_get_array_member (drug, "concentrations");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (concs); i++)
      {
        JsonObject *conc = json_array_get_object_element (concs, i);

        if (json_object_get_boolean_member (conc, "default"))
          {
            assert_close (json_object_get_double_member (conc, "per_ml"), 16);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  assert_close (json_double (root, "drugs.0.dose_units.0.soft_max"), 1);
  assert_close (json_double (root, "drugs.0.dose_units.0.hard_max"), 3);

  run_cli (&human, LOCALE_C, "drugs", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "DOBUTamine"));
  g_assert_nonnull (strstr (human.out, "EPINEPHrine"));
  g_assert_nonnull (strstr (human.out, "4 mg/250 mL (16 mcg/mL)"));
}

static void
test_validate (void)
{
  const char *good[] = { "data/drugs.xml", "data/protocols/cardiogenic-shock.xml",
                         "data/cases/example-step2.xml" };
  g_autofree char *library = write_temp_file ("broken-drugs.xml", broken_library);
  g_autofree char *malformed = write_temp_file ("malformed.xml", "<?xml version=\"1.0\"?>\n<case>\n");
  g_autofree char *other = write_temp_file ("other.xml", "<?xml version=\"1.0\"?>\n<html/>\n");
  g_autofree char *entity = write_temp_file ("entity.xml",
                                             "<?xml version=\"1.0\"?>\n"
                                             "<!DOCTYPE case [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                                             "<case format-version=\"1\"><title>&x;</title><patient/></case>\n");
  const char *bad[] = { library, malformed, other, entity, "/nonexistent/file.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *path = source_path (good[i]);
      g_autofree char *prefix = g_strdup_printf ("%s: valid ", path);
      g_auto(Run) run = { 0 };

      run_cli (&run, LOCALE_C, "validate", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, prefix));
      /* one line */
      g_assert_true (g_str_has_suffix (run.out, ")\n"));
      g_assert_true (strchr (run.out, '\n')[1] == '\0');
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s:", bad[i]);
      g_auto(Run) run = { 0 };

      run_cli (&run, LOCALE_C, "validate", bad[i], NULL);
      assert_refused (&run, 1, prefix);
      g_assert_null (strstr (run.err, "root:"));
    }
}

/* Without --drug-library the CLI uses the site drug library, as the app
 * does; a refused one is one warning line on stderr, the shipped library is
 * used and the exit status is the command's own. The binary runs here: it
 * finds the site folder through its environment (XDG_DATA_DIRS), which GLib
 * reads once per process. */
static void
test_site_files (void)
{
  g_autofree char *shipped = NULL;
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "site-data", NULL);
  g_autofree char *site_dir = g_build_filename (dir, "shockpath", "site", NULL);
  g_autofree char *site_file = g_build_filename (site_dir, "drugs.xml", NULL);
  g_autofree char *shipped_path = source_path ("data/drugs.xml");
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;
  const char *at;
  int line = 1;

  if (g_file_test ("/etc/shockpath/drugs.xml", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("/etc/shockpath/drugs.xml exists on this machine and comes first");
      return;
    }

  g_file_get_contents (shipped_path, &shipped, NULL, &error);
  g_assert_no_error (error);
  at = strstr (shipped, "<name>ShockPath default drug library</name>");
  g_assert_nonnull (at);
  good = g_strdup_printf ("%.*s<name>Site pharmacy library</name>%s", (int) (at - shipped),
                          shipped, at + strlen ("<name>ShockPath default drug library</name>"));
  at = strstr (shipped, "hard-max=\"3\"");
  g_assert_nonnull (at);
  for (const char *p = shipped; p < at; p++)
    line += *p == '\n';
  broken = g_strdup_printf ("%.*shard-max=\"three\"%s", (int) (at - shipped), shipped,
                            at + strlen ("hard-max=\"3\""));
  g_assert_cmpint (g_mkdir_with_parents (site_dir, 0700), ==, 0);
  child_data_dirs = dir;

  {
    g_auto(Run) run = { 0 };

    g_file_set_contents (site_file, good, -1, &error);
    g_assert_no_error (error);
    run_cli_binary (&run, LOCALE_C, "drugs", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_nonnull (strstr (run.out, "\"Site pharmacy library\""));
    g_assert_nonnull (strstr (run.out, site_file));
  }

  {
    g_auto(Run) run = { 0 };

    g_file_set_contents (site_file, broken, -1, &error);
    g_assert_no_error (error);
    run_cli_binary (&run, LOCALE_C, "drugs", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"ShockPath default drug library\""));
    warning = g_strdup_printf ("shockpath-cli: warning: The site drug library %s was refused "
                               "(line %d: ", site_file, line);
    g_assert_true (g_str_has_prefix (run.err, warning));
    g_assert_true (g_str_has_suffix (run.err, "the shipped drug library is used.\n"));
    g_assert_true (strchr (run.err, '\n')[1] == '\0');
  }

  {
    /* A file given on the command line comes first: no site file is read. */
    g_auto(Run) run = { 0 };

    run_cli_binary (&run, LOCALE_C, "--drug-library", shipped_path, "drugs", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
  }

  child_data_dirs = NULL;
}


/* --- flowchart ------------------------------------------------------------- */

/* `shockpath-cli flowchart`: SVG and PNG files as asked, usage errors and
 * refused input with their exit status, and nothing written then. */
static void
test_flowchart_files (void)
{
  g_autofree char *svg = g_build_filename (g_get_user_cache_dir (), "x.svg", NULL);
  g_autofree char *png = g_build_filename (g_get_user_cache_dir (), "x.png", NULL);
  g_autofree char *gif = g_build_filename (g_get_user_cache_dir (), "x.gif", NULL);
  g_autofree char *case_path = source_path ("data/cases/example-step2.xml");
  const struct {
    const char *args[8];
    int         status;
    const char *needle;   /* in the one line on stderr */
  } refused[] = {
    /* usage errors: exit 2 */
    { { "flowchart", "--set", "sbp=80", "--output", gif, NULL }, 2, ".svg" },
    { { "flowchart", "--set", "sbp=80", NULL }, 2, "--output" },
    { { "flowchart", "--style", "neon", "--output", svg, NULL }, 2, "neon" },
    { { "flowchart", "--set", "nosuchfield=1", "--output", svg, NULL }, 2, "nosuchfield" },
    /* refused input: exit 1, naming the field */
    { { "flowchart", "--set", "sbp=abc", "--output", png, NULL }, 1, "sbp" },
    { { "flowchart", "--set", "sbp=900", "--output", png, NULL }, 1, "sbp" },
  };

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);

  {
    g_auto(Run) run = { 0 };
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    gsize length;
    xmlDoc *doc;

    run_cli (&run, LOCALE_C, "flowchart", "--set", "sbp=80", "--output", svg, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_file_get_contents (svg, &contents, &length, &error);
    g_assert_no_error (error);
    doc = xmlReadMemory (contents, (int) length, svg, NULL, XML_PARSE_NONET);
    g_assert_nonnull (doc);
    g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "svg");
    xmlFreeDoc (doc);
  }

  {
    /* a case file, a style and a size */
    g_auto(Run) run = { 0 };
    cairo_surface_t *surface;

    run_cli (&run, LOCALE_C, "flowchart", "--case", case_path, "--style", "presentation",
             "--width", "640", "--height", "360", "--output", png, NULL);
    g_assert_cmpint (run.status, ==, 0);
    surface = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
    g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 360);
    cairo_surface_destroy (surface);
  }

  g_unlink (svg);
  g_unlink (png);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_strv (&run, LOCALE_C, refused[i].args);
      assert_refused (&run, refused[i].status, refused[i].needle);
      g_assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
}

/* --- the binary -------------------------------------------------------------- */

/* The contents of @path, which a run wrote; then the file is removed, so
 * that the next run must write it again. */
static char *
read_output (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  return contents;
}

/* The tests run the command line in their own process (sp-test-cli.h). Here
 * the binary, as a shell starts it, answers each kind of command exactly as
 * that does: exit status, stdout and stderr, byte for byte. */
static void
test_binary_same_as_in_process (void)
{
  g_autofree char *example = source_path ("data/cases/example-step2.xml");
  g_autofree char *broken = write_temp_file ("broken.xml", "<case><patient>");
  g_autofree char *svg = g_build_filename (g_get_user_cache_dir (), "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "sheet.pdf", NULL);
  const struct {
    const char *locale;
    const char *args[12];
    const char *output;   /* the file written, or NULL */
  } cases[] = {
    { LOCALE_C, { "--help", NULL } },
    { LOCALE_DE, { "rate", "--help", NULL } },
    { LOCALE_C, { "--version", NULL } },
    { LOCALE_C, { "frobnicate", NULL } },                                    /* exit 2 */
    { LOCALE_C, { "rate", "--drug", "norepinephrine", "--dose", "0.1", "--weight", "70",
                  "--concentration", "4 mg in 250 mL", NULL } },
    { LOCALE_DE, { "rate", "--drug", "norepinephrine", "--dose", "0,1", "--weight", "70",
                   "--concentration", "4 mg in 250 mL", NULL } },
    { LOCALE_FR, { "rate", "--drug", "norepinephrine", "--dose", "50", "--weight", "70",
                   "--concentration", "4 mg in 250 mL", NULL } },                 /* exit 1 */
    { LOCALE_ES, { "evaluate", "--case", example, NULL } },
    { LOCALE_C, { "evaluate", "--case", example, "--json", NULL } },
    { LOCALE_C, { "validate", broken, NULL } },                               /* exit 1 */
    { LOCALE_C, { "drugs", "--json", NULL } },
    { LOCALE_C, { "flowchart", "--case", example, "--output", svg, NULL }, svg },
    /* a PDF holds its creation time: only what the command prints is compared */
    { LOCALE_FR, { "sheet", "--drug", "dobutamine", "--weight", "80",
                   "--concentration", "1000 mg in 250 mL", "--output", pdf, NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) in_process = { 0 };
      g_auto(Run) binary = { 0 };
      g_autofree char *in_process_file = NULL;
      g_autofree char *binary_file = NULL;

      run_cli_strv (&in_process, cases[i].locale, cases[i].args);
      if (cases[i].output != NULL)
        in_process_file = read_output (cases[i].output);
      run_cli_binary_strv (&binary, cases[i].locale, cases[i].args);
      if (cases[i].output != NULL)
        binary_file = read_output (cases[i].output);

      g_assert_cmpint (binary.status, ==, in_process.status);
      g_assert_cmpstr (binary.out, ==, in_process.out);
      g_assert_cmpstr (binary.err, ==, in_process.err);
      g_assert_cmpstr (binary_file, ==, in_process_file);
      g_assert_true (binary.out[0] != '\0' || binary.err[0] != '\0' || binary_file != NULL);
    }
}

/* --- one truth: the window's loader and the CLI's are one ------------------ */

/* The window's path: the case loaded into an SpCase, as File > Open does. */
static SpCase *
window_case (const char  *path,
             GError     **error)
{
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_default (NULL);
  g_autoptr(SpCase) sp_case = NULL;

  g_assert_nonnull (protocol);
  g_assert_nonnull (drugs);
  sp_case = sp_case_new (protocol, drugs);
  if (!sp_case_load (sp_case, path, error))
    return NULL;
  return g_steal_pointer (&sp_case);
}

/* Each malformed case is refused by `validate`, by `evaluate --case` and by
 * the window's loader, with the same one-line reason naming the line. */
static void
test_one_truth_refused_cases (void)
{
  static const struct {
    const char *file;
    int         line;
    const char *needle;
  } cases[] = {
    { "case-refused-unknown-drug.xml", 8, "adrenomedullin" },
    { "case-refused-vasopressin-mg.xml", 8, "units" },
    { "case-refused-vasopressin-per-kg.xml", 8, "mcg/kg/min" },
    { "case-refused-duplicate-drug.xml", 9, "more than one infusion" },
    /* 400 mg/mL = 400,000 mcg/mL; the library takes 4-64 mcg/mL */
    { "case-refused-absurd-concentration.xml", 8, "64 mcg/mL" },
    { "case-refused-huge-dose.xml", 8, "hard limit" },
    { "case-refused-hard-limit.xml", 8, "hard limit of 3 mcg/kg/min" },
    { "case-refused-nan-dose.xml", 8, "NaN" },
    /* an older file's therapy field is shorthand for an infusion: checked alike */
    { "case-legacy-hard-limit.xml", 5, "hard limit of 3 mcg/kg/min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *relative = g_build_filename ("tests", "data", cases[i].file, NULL);
      g_autofree char *path = source_path (relative);
      g_autofree char *where = g_strdup_printf ("%s:%d: ", path, cases[i].line);
      g_auto(Run) validate = { 0 };
      g_auto(Run) evaluate = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(SpCase) sp_case = NULL;
      g_autofree char *cli_reason = NULL;

      g_test_message ("%s", cases[i].file);
      run_cli (&validate, LOCALE_C, "validate", path, NULL);
      assert_refused (&validate, 1, cases[i].needle);
      g_assert_nonnull (strstr (validate.err, where));

      run_cli (&evaluate, LOCALE_C, "evaluate", "--case", path, "--json", NULL);
      assert_refused (&evaluate, 1, cases[i].needle);
      g_assert_cmpstr (evaluate.err, ==, validate.err);

      /* The window refuses it with the same reason (and keeps its case). */
      g_setenv ("LC_ALL", LOCALE_C, TRUE);
      sp_case = window_case (path, &error);
      g_assert_null (sp_case);
      g_assert_nonnull (error);
      cli_reason = g_strdup_printf ("shockpath-cli: %s\n", error->message);
      g_assert_cmpstr (cli_reason, ==, validate.err);
    }
}

/* A case whose infusions alone say what runs: the CLI evaluates what the
 * window evaluates, and both use the running bag for the action rates. */
static void
test_one_truth_infusions_only (void)
{
  g_autofree char *path = source_path ("tests/data/case-infusions-only.xml");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCase) sp_case = NULL;
  SpAssessment *assessment;
  JsonArray *alerts;
  JsonObject *criterion;
  const SpActionResult *first;

  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--json", NULL);
  root = parse_json (&run);

  /* 20 mcg/min / 80 kg = 0.25 mcg/kg/min runs, SBP 84: titrate (step 3),
   * not "start norepinephrine". */
  g_assert_cmpstr (json_string (root, "active_step"), ==, "step3-norepinephrine");
  criterion = find_by_id (root, "criteria", "norepinephrine-running");
  g_assert_nonnull (criterion);
  g_assert_cmpstr (json_object_get_string_member (criterion, "state"), ==, "met");
  g_assert_cmpstr (json_object_get_string_member (criterion, "value"), ==, "0.25 mcg/kg/min");
  g_assert_null (find_by_id (root, "alerts", "vasopressor-first-line"));

  /* Initial dose 0.2-1 mcg/kg/min at the running bag, 16 mg/250 mL =
   * 64 mcg/mL: 0.2 x 80 x 60 / 64 = 15 mL/h; 1 x 80 x 60 / 64 = 75 mL/h
   * (at the library's default 4 mg/250 mL it would be four times that). */
  g_assert_cmpstr (json_string (root, "actions.0.id"), ==, "start-norepinephrine");
  assert_close (json_double (root, "actions.0.rate_min_ml_per_h"), 15);
  assert_close (json_double (root, "actions.0.rate_max_ml_per_h"), 75);
  g_assert_cmpstr (json_string (root, "actions.0.concentration.text"), ==, "16 mg/250 mL");
  g_assert_cmpstr (json_string (root, "actions.0.concentration_basis"), ==, "running");

  /* The window's model of the same file says the same. */
  sp_case = window_case (path, &error);
  g_assert_no_error (error);
  assessment = sp_case_get_assessment (sp_case);
  g_assert_cmpstr (sp_assessment_get_active_step (assessment)->id, ==,
                   json_string (root, "active_step"));
  alerts = json_array (root, "alerts");
  g_assert_cmpuint (sp_assessment_get_n_alerts (assessment), ==, json_array_get_length (alerts));
  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);
      JsonObject *json = json_array_get_object_element (alerts, i);

      g_assert_cmpstr (alert->id, ==, json_object_get_string_member (json, "id"));
      g_assert_cmpstr (sp_severity_to_string (alert->severity), ==,
                       json_object_get_string_member (json, "severity"));
    }
  g_assert_cmpuint (sp_assessment_get_n_actions (assessment), ==,
                    json_array_get_length (json_array (root, "actions")));
  first = sp_assessment_get_action (assessment, 0);
  g_assert_cmpint (first->basis, ==, SP_RATE_BASIS_RUNNING);
  assert_close (first->rate_min_ml_h, json_double (root, "actions.0.rate_min_ml_per_h"));
  assert_close (first->rate_max_ml_h, json_double (root, "actions.0.rate_max_ml_per_h"));
  g_assert_cmpfloat (first->concentration.amount, ==, 16);
  g_assert_cmpfloat (first->concentration.volume_ml, ==, 250);
}

/* The printed summary lists what runs once, from the infusions. */
static void
test_one_truth_summary (void)
{
  g_autofree char *path = source_path ("tests/data/case-infusions-only.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "summary.pdf", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int wait_status = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "summary", "--case", path, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &text, NULL, &wait_status, &error);
  g_assert_no_error (error);

  /* 20 mcg/min x 60 min/h / 64 mcg/mL = 18.75 mL/h, shown to 0.1 mL/h */
  g_assert_nonnull (strstr (text, "20 mcg/min at 16 mg in 250 mL (64 mcg/mL): 18.8 mL/h"));
  /* 0.2-1 mcg/kg/min at the running bag: 15-75 mL/h */
  g_assert_nonnull (strstr (text, "15–75 mL/h at 16 mg/250 mL"));
  g_assert_null (strstr (text, "no concentration recorded"));
}

/* An empty --drug-library or --protocol names the option and what it takes
 * (": Operation not supported" before: "" was read as a file). */
static void
test_empty_data_paths (void)
{
  g_auto(Run) drugs = { 0 };
  g_auto(Run) protocol = { 0 };

  run_cli (&drugs, LOCALE_C, "--drug-library", "", "drugs", NULL);
  assert_refused (&drugs, 1, "--drug-library: no file given; give a drug library file (FILE.xml)");
  run_cli (&protocol, LOCALE_C, "--protocol", "", "evaluate", "--set", "sbp=85", NULL);
  assert_refused (&protocol, 1, "--protocol: no file given; give a protocol file (FILE.xml)");
}

/* A range is printed whole: no line of the summary ends with the dash of a
 * range ("0.2–" / "1 mcg/kg/min" in a step's evidence note before). */
static void
test_summary_ranges_whole (void)
{
  g_autofree char *path = source_path ("data/cases/example-step2.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "summary-ranges.pdf", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "summary", "--case", path, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_lines (pdf);
  g_assert_nonnull (strstr (text, "0.2–1 mcg/kg/min (as here)"));
  g_assert_null (strstr (text, "–\n"));
}

/* A case without a title of its own is named on the sheet by its file, not
 * "untitled case" (issue 16). */
static void
test_sheet_case_name (void)
{
  g_autofree char *path = source_path ("tests/data/case-infusions-only.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "sheet-case.pdf", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int wait_status = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "sheet", "--drug", "norepinephrine", "--weight", "80",
           "--concentration", "16 mg/250 mL", "--case", path, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &text, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "case-infusions-only.xml"));
  g_assert_null (strstr (text, "untitled case"));
}

/* --set takes a therapy field with its unit, as shorthand for an infusion. */
static void
test_one_truth_set_units (void)
{
  g_auto(Run) per_minute = { 0 };
  g_auto(Run) per_hour = { 0 };
  g_auto(Run) per_hour_high = { 0 };
  g_auto(Run) wrong = { 0 };
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  JsonObject *criterion;

  /* 5 mcg/min for 70 kg: 5 / 70 = 0.0714 mcg/kg/min, shown as 0.0714 */
  run_cli (&per_minute, LOCALE_C, "evaluate", "--set", "weight=70", "--set", "inotrope=dobutamine",
           "--set", "norepinephrine=5 mcg/min", "--json", NULL);
  a = parse_json (&per_minute);
  criterion = find_by_id (a, "criteria", "norepinephrine-running");
  g_assert_cmpstr (json_object_get_string_member (criterion, "state"), ==, "met");
  g_assert_cmpstr (json_object_get_string_member (criterion, "value"), ==, "0.0714 mcg/kg/min");

  /* With no weight it still runs at 5 mcg/min, and says so: in the text,
   * the criterion's value and "infusions" (it was "dose in mcg/kg/min not
   * known" in the text and null everywhere in JSON). */
  {
    g_auto(Run) no_weight = { 0 };
    g_auto(Run) no_weight_text = { 0 };
    g_autoptr(JsonNode) d = NULL;
    JsonArray *infusions;
    JsonObject *ne = NULL;

    run_cli (&no_weight, LOCALE_C, "evaluate", "--set", "sbp=80", "--set", "inotrope=dobutamine",
             "--set", "norepinephrine=5 mcg/min", "--json", NULL);
    d = parse_json (&no_weight);
    criterion = find_by_id (d, "criteria", "norepinephrine-running");
    g_assert_cmpstr (json_object_get_string_member (criterion, "value"), ==,
                     "running at 5 mcg/min (no weight to convert it to mcg/kg/min)");
    g_assert_true (json_is_null (d, "inputs.norepinephrine"));
    infusions = json_object_get_array_member (json_node_get_object (d), "infusions");
    g_assert_cmpuint (json_array_get_length (infusions), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *infusion = json_array_get_object_element (infusions, i);

        if (g_str_equal (json_object_get_string_member (infusion, "drug"), "norepinephrine"))
          ne = infusion;
        else   /* dobutamine runs at a dose not recorded */
          g_assert_true (json_object_get_null_member (infusion, "dose"));
      }
    g_assert_cmpfloat (json_object_get_double_member (ne, "dose"), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (ne, "dose_unit"), ==, "mcg/min");
    g_assert_true (json_object_get_null_member (ne, "concentration"));

    run_cli (&no_weight_text, LOCALE_C, "evaluate", "--set", "sbp=80", "--set",
             "inotrope=dobutamine", "--set", "norepinephrine=5 mcg/min", NULL);
    g_assert_nonnull (strstr (no_weight_text.out, "  Norepinephrine: running at 5 mcg/min (no weight "
                                                  "to convert it to mcg/kg/min)\n"));
  }

  /* 1.8 units/h / 60 = 0.03 units/min: at the seed's maximum, not above it */
  run_cli (&per_hour, LOCALE_C, "evaluate", "--set", "inotrope=dobutamine",
           "--set", "vasopressin=1.8 units/h", "--json", NULL);
  b = parse_json (&per_hour);
  g_assert_null (find_by_id (b, "alerts", "vasopressin-above-max"));
  /* 2.4 units/h / 60 = 0.04 units/min: above 0.03 */
  run_cli (&per_hour_high, LOCALE_C, "evaluate", "--set", "inotrope=dobutamine",
           "--set", "vasopressin=2.4 units/h", "--json", NULL);
  c = parse_json (&per_hour_high);
  g_assert_nonnull (find_by_id (c, "alerts", "vasopressin-above-max"));

  /* Vasopressin is never given in mass: refused, naming what is accepted. */
  run_cli (&wrong, LOCALE_C, "evaluate", "--set", "vasopressin=0.03 mcg/min", NULL);
  assert_refused (&wrong, 1, "units/min");

  /* A unit the drug library does not give the drug is refused as `rate
   * --dose` refuses it, never converted: "0.1 mcg/kg/h" typed for 0.1
   * mcg/kg/min would have become 0.1 / 60 = 0.00167 mcg/kg/min, and
   * "0.1 mg/kg/min" 100 mcg/kg/min. Unknown spellings name the drug's own
   * units, not every unit there is. */
  {
    static const struct { const char *set; const char *accepted; } refused[] = {
      { "norepinephrine=0.1 mcg/kg/h", "accepted: mcg/kg/min, mcg/min, mg/h" },
      { "norepinephrine=0.1 mg/kg/min", "accepted: mcg/kg/min, mcg/min, mg/h" },
      { "epinephrine=0.1 mg/kg/h", "accepted: mcg/kg/min, mcg/min, mg/h" },
      { "vasopressin=0.04 U/min", "accepted: units/min, units/h" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_auto(Run) run = { 0 };

        run_cli (&run, LOCALE_C, "evaluate", "--set", "weight=70", "--set", refused[i].set,
                 "--json", NULL);
        assert_refused (&run, 1, refused[i].accepted);
        g_assert_nonnull (strstr (run.err, "--set"));
      }
  }
}

/* The flowchart never breaks a dose from its unit or inside it: each line
 * of the SVG (one <text> a line) neither ends in "mL/" or "mcg/" nor
 * starts with "kg/" (it drew "Urine output 0.4 mL/" / "kg/h"). */
static void
test_flowchart_keeps_quantities (void)
{
  const char *cases[] = { "data/cases/teaching-low-map-sbp-held.xml",
                          "data/cases/teaching-escalation-vasopressin-iabp.xml" };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = source_path (cases[c]);
      g_autofree char *svg = g_build_filename (g_get_user_cache_dir (), "keeps.svg", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GRegex) line = g_regex_new ("<text[^>]*>([^<]*)</text>", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      g_auto(Run) run = { 0 };
      guint n = 0;

      g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
      run_cli (&run, LOCALE_C, "flowchart", "--case", path, "--output", svg, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
      for (g_regex_match (line, contents, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        {
          g_autofree char *text = g_match_info_fetch (match, 1);

          n++;
          if (g_str_has_suffix (text, "/") || g_str_has_prefix (text, "kg/"))
            g_error ("%s: a line breaks inside a quantity: \"%s\"", cases[c], text);
        }
      g_assert_cmpuint (n, >, 20);
    }
}

/* rate/dose --running-dose: the core's 2x / 0.5x check, as the window's. */
static void
test_one_truth_running_dose (void)
{
  g_auto(Run) big = { 0 };
  g_auto(Run) small = { 0 };
  g_auto(Run) fine = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) fine_root = NULL;
  JsonObject *alert;

  /* 0.9 / 0.1 = 9: a missed zero (0.09 meant?) is asked about */
  run_cli (&big, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.9", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--running-dose", "0.1", "--json", NULL);
  root = parse_json (&big);
  alert = find_by_id (root, "alerts", "dose-change");
  g_assert_nonnull (alert);
  g_assert_cmpstr (json_object_get_string_member (alert, "severity"), ==, "warning");
  assert_close (json_object_get_double_member (alert, "factor"), 9);
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "message"),
                            "9× the running dose (0.1 mcg/kg/min)"));

  /* dose: 5 mL/h x 16 mcg/mL / (70 x 60) = 0.019 mcg/kg/min, 0.095x of 0.2 */
  run_cli (&small, LOCALE_C, "dose", "--drug", "norepinephrine", "--rate", "5", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--running-dose", "0.2", NULL);
  g_assert_cmpint (small.status, ==, 0);
  g_assert_nonnull (strstr (small.out, "Warning: 0.095× the running dose (0.2 mcg/kg/min)"));

  /* 0.15 / 0.1 = 1.5: within 0.5-2, no question */
  run_cli (&fine, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.15", "--weight", "70",
           "--concentration", "4 mg/250 mL", "--running-dose", "0.1", "--json", NULL);
  fine_root = parse_json (&fine);
  g_assert_null (find_by_id (fine_root, "alerts", "dose-change"));

  /* The running dose in another unit of the drug is compared in the new
   * dose's, through the weight, as record does (it was refused: "unit
   * mcg/kg/min is not accepted here"): 0.05 mcg/kg/min x 80 kg = 4
   * mcg/min; 40 / 4 = 10x. */
  {
    g_auto(Run) units = { 0 };
    g_auto(Run) no_weight = { 0 };
    g_auto(Run) other = { 0 };

    run_cli (&units, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "40 mcg/min",
             "--weight", "80", "--concentration", "4 mg/250 mL",
             "--running-dose", "0.05 mcg/kg/min", NULL);
    g_assert_cmpint (units.status, ==, 0);
    g_assert_nonnull (strstr (units.out, "Warning: 10× the running dose (4 mcg/min)"));

    /* without a weight the two cannot be compared: refused, naming why */
    run_cli (&no_weight, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "40 mcg/min",
             "--concentration", "4 mg/250 mL", "--running-dose", "0.05 mcg/kg/min", NULL);
    assert_refused (&no_weight, 1, "--running-dose: ");
    g_assert_nonnull (strstr (no_weight.err, "weight"));

    /* a unit the drug does not take is refused, naming those it takes */
    run_cli (&other, LOCALE_C, "rate", "--drug", "norepinephrine", "--dose", "0.5",
             "--weight", "80", "--concentration", "4 mg/250 mL",
             "--running-dose", "4 units/min", NULL);
    assert_refused (&other, 1, "accepted: mcg/kg/min, mcg/min, mg/h");
  }
}

int
main (int    argc,
      char **argv)
{
  if (!cli_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/cli/usage/errors", test_usage_errors);
  g_test_add_func ("/cli/usage/set", test_usage_set);
  g_test_add_func ("/cli/usage/help", test_help);
  g_test_add_func ("/cli/usage/empty-data-paths", test_empty_data_paths);
  g_test_add_func ("/cli/rate/norepinephrine", test_rate_norepinephrine);
  g_test_add_func ("/cli/rate/dobutamine", test_rate_dobutamine);
  g_test_add_func ("/cli/rate/look-alike", test_rate_look_alike);
  g_test_add_func ("/cli/rate/rounding", test_rate_rounding);
  g_test_add_func ("/cli/table/rate-rounding", test_table_rate_rounding);
  g_test_add_func ("/cli/rate/vasopressin", test_rate_vasopressin);
  g_test_add_func ("/cli/rate/dose-unit", test_rate_dose_unit);
  g_test_add_func ("/cli/rate/soft-limit", test_rate_soft_limit);
  g_test_add_func ("/cli/rate/refused", test_rate_refused);
  g_test_add_func ("/cli/rate/weight-warning", test_rate_weight_warning);
  g_test_add_func ("/cli/rate/human", test_rate_human);
  g_test_add_func ("/cli/rate/bag", test_rate_bag);
  g_test_add_func ("/cli/rate/locale-de", test_rate_locale_de);
  g_test_add_func ("/cli/rate/translated", test_rate_translated);
  g_test_add_func ("/cli/files/broken", test_broken_files);
  g_test_add_func ("/cli/files/json-escaping", test_json_escaping);
  g_test_add_func ("/cli/dose/inverse", test_dose);
  g_test_add_func ("/cli/dose/limits", test_dose_limits);
  g_test_add_func ("/cli/table/rows", test_table);
  g_test_add_func ("/cli/table/defaults", test_table_defaults);
  g_test_add_func ("/cli/table/clip", test_table_clip);
  g_test_add_func ("/cli/table/refused", test_table_refused);
  g_test_add_func ("/cli/evaluate/step1-inotrope", test_evaluate_step1);
  g_test_add_func ("/cli/evaluate/step2-criteria", test_evaluate_step2);
  g_test_add_func ("/cli/evaluate/step3-norepinephrine", test_evaluate_step3);
  g_test_add_func ("/cli/evaluate/escalate", test_evaluate_escalate);
  g_test_add_func ("/cli/evaluate/wean", test_evaluate_wean);
  g_test_add_func ("/cli/evaluate/stable", test_evaluate_stable);
  g_test_add_func ("/cli/evaluate/alerts", test_evaluate_alerts);
  g_test_add_func ("/cli/evaluate/json-shape", test_evaluate_json_shape);
  g_test_add_func ("/cli/evaluate/case", test_evaluate_case);
  g_test_add_func ("/cli/evaluate/human", test_evaluate_human);
  g_test_add_func ("/cli/drugs", test_drugs);
  g_test_add_func ("/cli/validate", test_validate);
  g_test_add_func ("/cli/site-files", test_site_files);
  g_test_add_func ("/cli/binary/same-as-in-process", test_binary_same_as_in_process);
  g_test_add_func ("/cli/flowchart/files", test_flowchart_files);
  g_test_add_func ("/cli/one-truth/refused-cases", test_one_truth_refused_cases);
  g_test_add_func ("/cli/one-truth/infusions-only", test_one_truth_infusions_only);
  g_test_add_func ("/cli/one-truth/summary", test_one_truth_summary);
  g_test_add_func ("/cli/summary/ranges-whole", test_summary_ranges_whole);
  g_test_add_func ("/cli/sheet/case-name", test_sheet_case_name);
  g_test_add_func ("/cli/one-truth/set-units", test_one_truth_set_units);
  g_test_add_func ("/cli/one-truth/running-dose", test_one_truth_running_dose);
  /* last: its SVGs number cairo's surfaces, which /cli/binary/same-as-in-process
   * compares with a fresh process's */
  g_test_add_func ("/cli/flowchart/keeps-quantities", test_flowchart_keeps_quantities);

  return cli_test_run ();
}
