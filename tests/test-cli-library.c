/* test-cli-library.c: shockpath-cli library diff and library report, run as
 * a pharmacy runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libraries are tests/data/drugs-diff-old.xml and drugs-diff-new.xml
 * (format 3; what changes between them is worked out in
 * test-drug-library-diff.c).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sp-test-cli.h"
#include "sp-test-spawn.h"

#define OLD_LIBRARY "tests/data/drugs-diff-old.xml"
#define NEW_LIBRARY "tests/data/drugs-diff-new.xml"
/* The elements of issue 17: high-alert, products, storage, course, the
 * preparation of a concentration, the bag planner's settings. */
#define OLD_LABEL_LIBRARY "tests/data/drugs-diff-label-old.xml"
#define NEW_LABEL_LIBRARY "tests/data/drugs-diff-label-new.xml"

/* --- diff -------------------------------------------------------------------- */

static void
test_diff_text (void)
{
  g_autofree char *old_path = source_path (OLD_LIBRARY);
  g_autofree char *new_path = source_path (NEW_LIBRARY);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, LOCALE_C, "library", "diff", old_path, new_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  /* 56 changes (test-drug-library-diff.c), one line each */
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 56 + 1);
  g_assert_cmpstr (lines[56], ==, "");
  /* the library's own first ("-" for no drug, no profile) */
  g_assert_cmpstr (lines[0], ==, "- - description: Old version. -> New version.");
  g_assert_cmpstr (lines[2], ==, "- - version: 2025-01 -> 2025-06");
  /* a profile added: nothing before */
  g_assert_cmpstr (lines[3], ==, "- peripheral profile: (none) -> Peripheral line");
  /* a drug removed, everywhere and from its one profile */
  g_assert_cmpstr (lines[13], ==, "dopamine - drug: DOPamine -> (none)");
  g_assert_cmpstr (lines[18], ==, "dopamine bags drug: DOPamine -> (none)");
  /* with what its profile listed for it */
  g_assert_cmpstr (lines[14], ==, "dopamine bags concentration: 400 mg/250 mL -> (none)");
  g_assert_cmpstr (lines[19], ==, "dopamine bags hard_max[mcg/kg/min]: 25 -> (none)");
  /* 120 mcg/min x 60 min/h / 1000 mcg/mg = 7.2 mg/h */
  g_assert_cmpstr (lines[27], ==, "norepinephrine bags hard_max[mg/h]: 6 -> 7.2");
  g_assert_cmpstr (lines[41], ==, "norepinephrine syringes hard_max[mcg/kg/min]: 3 -> 2");
}

/* The newer elements, one line each (the 21 changes of
 * test-drug-library-diff.c's label-elements). */
static void
test_diff_label_elements (void)
{
  g_autofree char *old_path = source_path (OLD_LABEL_LIBRARY);
  g_autofree char *new_path = source_path (NEW_LABEL_LIBRARY);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, LOCALE_C, "library", "diff", old_path, new_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 21 + 1);
  /* the profile's bag planner: a stronger concentration at 10 -> 15 mL/h */
  g_assert_cmpstr (lines[3], ==, "- bags stronger_at_ml_per_h: 10 -> 15");
  /* the pump's step may take a dose 10% from its order (5% by default) */
  g_assert_cmpstr (lines[2], ==, "- bags rate_rounding_percent: 5 -> 10");
  g_assert_cmpstr (lines[6], ==, "levosimendan - course_hours: 24 -> 36");
  g_assert_cmpstr (lines[7], ==, "levosimendan - high_alert: no -> yes");
  g_assert_cmpstr (lines[12], ==, "norepinephrine - product[ampoule-8-mg-8-ml]: (none) -> ampoule 8 mg/8 mL");
  g_assert_cmpstr (lines[15], ==, "norepinephrine - storage: 24 h; room temperature -> 18 h; room temperature");
  g_assert_cmpstr (lines[18], ==, "norepinephrine bags concentration_storage[2 mg/50 mL]: (none) -> 12 h; refrigerated");
  g_assert_cmpstr (lines[20], ==, "norepinephrine bags remove_volume[16 mg/250 mL]: yes -> no");
}

static void
test_diff_json (void)
{
  g_autofree char *old_path = source_path (OLD_LIBRARY);
  g_autofree char *new_path = source_path (NEW_LIBRARY);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *changes;

  run_cli (&run, LOCALE_C, "library", "diff", old_path, new_path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (&run);
  changes = json_array (root, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 56);

  /* null for what is missing: the library's own change, a profile added */
  g_assert_true (json_is_null (root, "changes.0.drug"));
  g_assert_true (json_is_null (root, "changes.0.profile"));
  g_assert_cmpstr (json_string (root, "changes.0.field"), ==, "description");
  g_assert_cmpstr (json_string (root, "changes.3.profile"), ==, "peripheral");
  g_assert_cmpstr (json_string (root, "changes.3.field"), ==, "profile");
  g_assert_true (json_is_null (root, "changes.3.old"));
  g_assert_cmpstr (json_string (root, "changes.3.new"), ==, "Peripheral line");

  /* 8 mg/250 mL is the bags' default now */
  g_assert_cmpstr (json_string (root, "changes.25.drug"), ==, "norepinephrine");
  g_assert_cmpstr (json_string (root, "changes.25.profile"), ==, "bags");
  g_assert_cmpstr (json_string (root, "changes.25.field"), ==, "default_concentration");
  g_assert_cmpstr (json_string (root, "changes.25.old"), ==, "4 mg/250 mL");
  g_assert_cmpstr (json_string (root, "changes.25.new"), ==, "8 mg/250 mL");

  /* numbers in the C locale whatever the user's */
  {
    g_auto(Run) run_de = { 0 };
    g_autoptr(JsonNode) root_de = NULL;

    run_cli (&run_de, LOCALE_DE, "library", "diff", old_path, new_path, "--json", NULL);
    g_assert_cmpint (run_de.status, ==, 0);
    root_de = parse_json (&run_de);
    g_assert_cmpstr (json_string (root_de, "changes.27.field"), ==, "hard_max[mg/h]");
    g_assert_cmpstr (json_string (root_de, "changes.27.new"), ==, "7.2");
  }
}

/* A change to a translation only: the German label of DOBUTamine made
 * "Dobutamin" (its tall-man letters dropped; another drug's name,
 * "DOPamin", is refused by the loader) and the German word for tartrate
 * made "Base". Compared in English alone, the diff said nothing; each text is
 * compared in every language the files give, tagged with it. */
static void
test_diff_translations (void)
{
  g_autofree char *old_path = source_path ("data/drugs.xml");
  g_autofree char *new_path = g_build_filename (g_get_user_cache_dir (), "drugs-de.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) changed = NULL;
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, "cite=\"fda-tallman\">DOBUTamin<",
                                      "cite=\"fda-tallman\">Dobutamin<", 0), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "<short-name xml:lang=\"de\">Tartrat<",
                                      "<short-name xml:lang=\"de\">Base<", 0), ==, 1);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (new_path, changed->str, -1, NULL));

  run_cli (&run, LOCALE_C, "library", "diff", old_path, new_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "dobutamine - display_name@de: DOBUTamin -> Dobutamin\n"));
  g_assert_nonnull (strstr (run.out, "norepinephrine - salt_short_name[tartrate]@de: Tartrat -> Base\n"));
  /* nothing changed in English, nor in French or Spanish */
  g_assert_null (strstr (run.out, "display_name:"));
  g_assert_null (strstr (run.out, "@fr"));
  g_assert_null (strstr (run.out, "@es"));

  /* Run in German, the same changes, with the same tags, and a change to
   * an English text too: read in the user's language first, the German
   * sign-off left out every change to the English texts (which no xml:lang
   * names) and dropped the "@de" of the German ones. */
  g_assert_cmpuint (g_string_replace (changed, "<text>Titrate to a mean arterial pressure of 65 mmHg",
                                      "<text>Titrate to a mean arterial pressure of 75 mmHg", 0),
                    ==, 1);
  g_assert_true (g_file_set_contents (new_path, changed->str, -1, NULL));
  {
    g_auto(Run) c = { 0 };
    g_auto(Run) de = { 0 };

    g_autoptr(JsonNode) c_root = NULL;
    g_autoptr(JsonNode) de_root = NULL;
    JsonArray *c_changes, *de_changes;

    run_cli (&c, LOCALE_C, "library", "diff", old_path, new_path, "--json", NULL);
    run_cli (&de, LOCALE_DE, "library", "diff", old_path, new_path, "--json", NULL);
    g_assert_cmpint (de.status, ==, 0);
    c_root = parse_json (&c);
    de_root = parse_json (&de);
    c_changes = json_array (c_root, "changes");
    de_changes = json_array (de_root, "changes");
    /* the same changes (a salt's "(4 mg base)" in a German text is written
     * in the user's words, "Base" in German: only the fields compared) */
    g_assert_cmpuint (json_array_get_length (de_changes), ==, 7);
    g_assert_cmpuint (json_array_get_length (de_changes), ==, json_array_get_length (c_changes));
    for (guint i = 0; i < json_array_get_length (c_changes); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (de_changes, i),
                                                      "field"), ==,
                       json_object_get_string_member (json_array_get_object_element (c_changes, i),
                                                      "field"));
    g_assert_nonnull (strstr (de.out, "\"new\": \"Titrate to a mean arterial pressure of 75 mmHg"));
    g_assert_nonnull (strstr (de.out, "\"field\": \"display_name@de\""));
  }
}

/* The same file twice: nothing, and exit 0. */
static void
test_diff_unchanged (void)
{
  g_autofree char *path = source_path (NEW_LIBRARY);
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "library", "diff", path, path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  run_cli (&json, LOCALE_C, "library", "diff", path, path, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (&json);
  g_assert_cmpuint (json_array_get_length (json_array (root, "changes")), ==, 0);
}

static void
test_diff_refused (void)
{
  g_autofree char *good = source_path (OLD_LIBRARY);
  g_autofree char *bad = source_path ("tests/data/drugs-bad-limits.xml");
  g_autofree char *missing = source_path ("tests/data/no-such-library.xml");

  {
    g_auto(Run) run = { 0 };

    /* the file is refused, and named: "drugs-bad-limits.xml:13: ..." */
    run_cli (&run, LOCALE_C, "library", "diff", good, bad, NULL);
    assert_refused (&run, 1, "drugs-bad-limits.xml:");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "diff", missing, good, "--json", NULL);
    assert_refused (&run, 1, "no-such-library.xml");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "diff", good, NULL);
    assert_refused (&run, 2, "two drug library files");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "merge", NULL);
    assert_refused (&run, 2, "merge");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", NULL);
    assert_refused (&run, 2, "diff, report");
  }
}

/* --- report ------------------------------------------------------------------ */

static char *
report_path (const char *name)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

static void
test_report_all_profiles (void)
{
  g_autofree char *library = source_path (NEW_LIBRARY);
  g_autofree char *pdf = report_path ("report.pdf");
  g_autofree char *expected_out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "--drug-library", library, "library", "report", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_cmpuint (pages, >=, 2);
  expected_out = g_strdup_printf ("%s: 1 drug library report, %u pages, A4\n", pdf, pages);
  g_assert_cmpstr (run.out, ==, expected_out);

  /* the library: name, version, source file, description */
  g_assert_nonnull (strstr (text, "Diff test library"));
  g_assert_nonnull (strstr (text, "2025-06"));
  g_assert_nonnull (strstr (text, "drugs-diff-new.xml"));
  g_assert_nonnull (strstr (text, "New version."));
  /* every profile, the default said */
  g_assert_nonnull (strstr (text, "Profile: Adult ICU - bags"));
  g_assert_nonnull (strstr (text, "bags (the library’s default profile)"));
  g_assert_nonnull (strstr (text, "Profile: Adult ICU - 50 mL syringes"));
  g_assert_nonnull (strstr (text, "Profile: Peripheral line"));
  g_assert_nonnull (strstr (text, "Check the cannula site every hour. [local]"));
  /* a limit with its citation: the syringes' own hard limit, 2 mcg/kg/min [ics] */
  g_assert_nonnull (strstr (text, "2 [ics]"));
  /* mg/h's limits converted from mcg/min: 120 x 60 / 1000 = 7.2 */
  g_assert_nonnull (strstr (text, "limits converted from mcg/min"));
  g_assert_nonnull (strstr (text, "7.2 [local]"));
  /* a salt with its factor (2 mg tartrate = 1 mg base) */
  g_assert_nonnull (strstr (text, "norepinephrine tartrate: 1 mg is 0.5 mg of norepinephrine base [label]"));
  /* a standard concentration, default marked: 8 mg / 250 mL = 32 mcg/mL */
  g_assert_nonnull (strstr (text, "8 mg/250 mL (default) [ashp]"));
  g_assert_nonnull (strstr (text, "32 mcg/mL"));
  /* the typed range, the pump's decimals, a note */
  g_assert_nonnull (strstr (text, "16 to 64 mcg/mL [local]"));
  g_assert_nonnull (strstr (text, "2 decimal places of mL/h [local]"));
  g_assert_nonnull (strstr (text, "Check the line every hour. [local]"));
  /* the references, a citation's text */
  g_assert_nonnull (strstr (text, "[ssc] Surviving Sepsis Campaign 2021."));

  /* the sign-off and "page N of M" on the last page */
  {
    g_autofree char *first = g_strdup_printf ("%u", pages);
    const char *argv[] = { "pdftotext", "-f", first, "-l", first, pdf, "-", NULL };
    g_autoptr(GError) error = NULL;
    g_autofree char *expected_page = g_strdup_printf ("Page %u of %u", pages, pages);

    g_spawn_sync (NULL, (char **) argv, NULL,
                  SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &last_page, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (last_page, "Pharmacy sign-off"));
    g_assert_nonnull (strstr (last_page, "Reviewed by"));
    g_assert_nonnull (strstr (last_page, "Signature"));
    g_assert_nonnull (strstr (last_page, expected_page));
  }
}

static void
test_report_one_profile (void)
{
  g_autofree char *library = source_path (NEW_LIBRARY);
  g_autofree char *pdf = report_path ("report-peripheral.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "--drug-library", library, "library", "report",
           "--profile", "peripheral", "--paper", "letter", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Letter"));
  text = pdf_text (pdf, &pages);
  g_assert_nonnull (strstr (text, "Profile: Peripheral line"));
  g_assert_null (strstr (text, "Profile: Adult ICU - bags"));
  g_assert_null (strstr (text, "vasopressin"));
  /* 4 mg / 250 mL = 16 mcg/mL; typed 8 to 16 mcg/mL */
  g_assert_nonnull (strstr (text, "4 mg/250 mL (default) [ashp]"));
  g_assert_nonnull (strstr (text, "8 to 16 mcg/mL [local]"));
  g_assert_nonnull (strstr (text, "profile Peripheral line: reviewed in full"));
}

/* A library that sets none of a profile's settings: the report says the
 * numbers are ShockPath's defaults (10 mL/h, 2 h, 5%), not the file's. */
static void
test_report_defaults_marked (void)
{
  g_autofree char *library = source_path ("tests/data/drugs-pharmacy.xml");
  g_autofree char *pdf = report_path ("report-defaults.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "--drug-library", library, "library", "report", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_nonnull (strstr (text, "suggested at 10 mL/h or more; the next bag or syringe is "
                                  "prepared 2 h before the running one is empty (ShockPath\u2019s "
                                  "default: the file sets none)"));
  g_assert_nonnull (strstr (text, "more than 5% from the dose ordered (ShockPath\u2019s default: the "
                                  "file sets none)"));
}

/* The newer elements in the report, from drugs-diff-label-new.xml. */
static void
test_report_label_elements (void)
{
  g_autofree char *library = source_path (NEW_LABEL_LIBRARY);
  g_autofree char *pdf = report_path ("report-label.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "--drug-library", library, "library", "report", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  /* the profile's pump step, 10% [local] */
  g_assert_nonnull (strstr (text, "a rate says so when the pump’s step (the drug’s rate "
                                  "decimals) takes the dose more than 10% from the dose ordered "
                                  "[local]"));
  /* the profile's bag planner settings, 15 mL/h [nhs] and 1 h [local] */
  g_assert_nonnull (strstr (text, "a stronger standard concentration is suggested at 15 mL/h or more; "
                                  "the next bag or syringe is prepared 1 h before the running one is "
                                  "empty [nhs, local]"));
  /* levosimendan high-alert, its one course of 36 h, the one diluent used */
  g_assert_nonnull (strstr (text, "HIGH-ALERT MEDICATION: independent double check [ismp]"));
  g_assert_nonnull (strstr (text, "one course of 36 h, not run on [local]"));
  g_assert_nonnull (strstr (text, "glucose 5% or sodium chloride 0.9% (sodium chloride 0.9% used)"));
  /* norepinephrine's products, storage; a concentration from the
   * ampoule made up to its volume, one with its own storage */
  g_assert_nonnull (strstr (text, "vials of 4 mg/4 mL [label, local]; ampoules of 8 mg/8 mL [label]"));
  g_assert_nonnull (strstr (text, "use within 18 h of preparation; room temperature [label]"));
  g_assert_nonnull (strstr (text, "ampoules of 8 mg/8 mL; made up to the volume with the diluent"));
  g_assert_nonnull (strstr (text, "use within 12 h of preparation; refrigerated [local]"));
  /* norepinephrine is not high-alert in this version: one flag, levosimendan's */
  g_assert_null (strstr (strstr (text, "HIGH-ALERT") + 1, "HIGH-ALERT"));
  g_unlink (pdf);
}

/* The shipped library, whatever its profiles: its name and version. */
static void
test_report_shipped (void)
{
  g_autofree char *pdf = report_path ("report-shipped.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_C, "library", "report", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_nonnull (strstr (text, "ShockPath default drug library"));
  g_assert_nonnull (strstr (text, "Version"));
  g_assert_nonnull (strstr (text, "shipped defaults: the site pharmacy sets its own"));
  g_assert_nonnull (strstr (text, "Profile: "));
  g_assert_nonnull (strstr (text, "Pharmacy sign-off"));
}

static void
test_report_refused (void)
{
  g_autofree char *library = source_path (NEW_LIBRARY);

  {
    g_auto(Run) run = { 0 };
    g_autofree char *pdf = report_path ("never.pdf");

    /* sp_drug_library_for_profile ()'s message, naming the profiles */
    run_cli (&run, LOCALE_C, "--drug-library", library, "library", "report",
             "--profile", "icu", "--output", pdf, NULL);
    assert_refused (&run, 1, "--profile");
    g_assert_nonnull (strstr (run.err, "“icu”"));
    g_assert_nonnull (strstr (run.err, "bags, syringes, peripheral"));
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "report", NULL);
    assert_refused (&run, 2, "--output");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "report", "--output", "x.png", NULL);
    assert_refused (&run, 2, ".pdf");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, LOCALE_C, "library", "report", "--paper", "a5", "--output", "x.pdf", NULL);
    assert_refused (&run, 2, "a5");
  }
}

/* German: the report's words translated, numbers with a decimal comma. */
static void
test_report_german (void)
{
  g_autofree char *library = source_path (NEW_LIBRARY);
  g_autofree char *pdf = report_path ("report-de.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint pages = 0;

  run_cli (&run, LOCALE_DE, "--drug-library", library, "library", "report", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_nonnull (strstr (text, "Profil: Adult ICU - bags"));
  g_assert_nonnull (strstr (text, "7,2 [local]"));
  g_assert_null (strstr (text, "Pharmacy sign-off"));
}

/* The shipped library's report in each language: no cell's text runs into
 * the next column (a bold "4,000 mcg/mL", kept whole, ran into "Diluent"
 * when each column had only its fixed share of the width), nor a line over
 * another. */
static void
test_report_words_apart (void)
{
  const char *locales[] = { LOCALE_C, LOCALE_DE, "fr_FR.UTF-8", "es_ES.UTF-8" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *name = g_strdup_printf ("report-apart-%u.pdf", i);
      g_autofree char *pdf = report_path (name);
      g_auto(Run) run = { 0 };

      run_cli (&run, locales[i], "library", "report", "--output", pdf, NULL);
      g_assert_cmpint (run.status, ==, 0);
      assert_pdf_words_apart (pdf);
      g_unlink (pdf);
    }
}

int
main (int    argc,
      char **argv)
{
  if (!cli_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/cli/library/diff/text", test_diff_text);
  g_test_add_func ("/cli/library/diff/json", test_diff_json);
  g_test_add_func ("/cli/library/diff/label-elements", test_diff_label_elements);
  g_test_add_func ("/cli/library/diff/unchanged", test_diff_unchanged);
  g_test_add_func ("/cli/library/diff/translations", test_diff_translations);
  g_test_add_func ("/cli/library/diff/refused", test_diff_refused);
  g_test_add_func ("/cli/library/report/all-profiles", test_report_all_profiles);
  g_test_add_func ("/cli/library/report/one-profile", test_report_one_profile);
  g_test_add_func ("/cli/library/report/shipped", test_report_shipped);
  g_test_add_func ("/cli/library/report/label-elements", test_report_label_elements);
  g_test_add_func ("/cli/library/report/defaults-marked", test_report_defaults_marked);
  g_test_add_func ("/cli/library/report/refused", test_report_refused);
  g_test_add_func ("/cli/library/report/german", test_report_german);
  g_test_add_func ("/cli/library/report/words-apart", test_report_words_apart);

  return cli_test_run ();
}
