/* test-cli-timeline.c: shockpath-cli record, history and evaluate --at, run as
 * a monitor-import script runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case is tests/data/timeline-six-hours.xml (80 kg; see test-timeline.c),
 * copied to a temporary folder before anything records into it. TZ is
 * Europe/Berlin for the child, so a time without an offset is +01:00 in
 * December.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "sp-case.h"
#include "sp-test-cli.h"
#include "sp-test-spawn.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

/* A copy of the six-hour case in the test's temporary folder. */
static char *
copy_six_hours (const char *name)
{
  g_autofree char *source = source_path ("tests/data/timeline-six-hours.xml");
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  return write_temp_file (name, contents);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static JsonNode *
history (const char *path)
{
  g_auto(Run) run = { 0, };

  run_cli (&run, LOCALE_C, "history", "--case", path, "--json", NULL);
  return parse_json (&run);
}

static void
test_history (void)
{
  g_autofree char *path = source_path ("tests/data/timeline-six-hours.xml");
  g_autoptr(JsonNode) root = history (path);
  JsonArray *entries = json_array (root, "entries");

  g_assert_cmpuint (json_array_get_length (entries), ==, 12);
  g_assert_false (json_boolean (root, "unrecorded"));

  /* e1, 08:00: dobutamine 5 mcg/kg/min only: NEE 0, VIS 5, SCAI C. */
  g_assert_cmpstr (json_string (root, "entries.0.id"), ==, "e1");
  g_assert_cmpstr (json_string (root, "entries.0.time"), ==, "2026-12-03T08:00:00+01:00");
  g_assert_cmpstr (json_string (root, "entries.0.active_step"), ==, "step3-norepinephrine");
  assert_close (json_double (root, "entries.0.scores.nee"), 0);
  assert_close (json_double (root, "entries.0.scores.vis"), 5);
  g_assert_cmpstr (json_string (root, "entries.0.scai_stage"), ==, "C");
  g_assert_cmpstr (json_string (root, "entries.0.events.0.kind"), ==, "start");
  g_assert_cmpstr (json_string (root, "entries.0.events.0.drug"), ==, "dobutamine");

  /* e3, 09:00: NE 0.1 + dobutamine 5: NEE 0.1; VIS 5 + 100 x 0.1 = 15. */
  assert_close (json_double (root, "entries.2.scores.nee"), 0.1);
  assert_close (json_double (root, "entries.2.scores.vis"), 15);
  g_assert_cmpstr (json_string (root, "entries.2.scai_stage"), ==, "D");

  /* e4 is struck by e5 and stays listed; e5 says why. */
  g_assert_cmpstr (json_string (root, "entries.3.id"), ==, "e4");
  g_assert_true (json_boolean (root, "entries.3.struck"));
  g_assert_cmpstr (json_string (root, "entries.3.corrected_by"), ==, "e5");
  g_assert_cmpstr (json_string (root, "entries.4.corrects"), ==, "e4");
  g_assert_cmpstr (json_string (root, "entries.4.recorded"), ==, "2026-12-03T09:40:00+01:00");
  g_assert_false (json_boolean (root, "entries.4.struck"));
  /* A struck entry has no step or scores of its own, and says so with
   * every key an entry has (DESIGN.md: entries [{time, active_step,
   * scores, scai_stage}]): a script reading entries[i].scores.nee finds
   * null, not a missing key. */
  g_assert_true (json_is_null (root, "entries.3.active_step"));
  g_assert_true (json_is_null (root, "entries.3.scores.nee"));
  g_assert_true (json_is_null (root, "entries.3.scores.vis"));
  g_assert_true (json_is_null (root, "entries.3.scai_stage"));
  /* every entry the same keys, every event too */
  {
    JsonObject *first = json_array_get_object_element (entries, 0);
    JsonObject *event = NULL;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);
        JsonArray *events = json_object_get_array_member (entry, "events");

        g_assert_cmpuint (json_object_get_size (entry), ==, json_object_get_size (first));
        for (guint e = 0; e < json_array_get_length (events); e++)
          {
            JsonObject *this = json_array_get_object_element (events, e);

            if (event == NULL)
              event = this;
            g_assert_cmpuint (json_object_get_size (this), ==, json_object_get_size (event));
            g_assert_true (json_object_has_member (this, "dose"));
            g_assert_true (json_object_has_member (this, "concentration"));
          }
      }
    g_assert_nonnull (event);
  }

  /* e9, 13:00: targets met on NE 0.1: taper. */
  g_assert_cmpstr (json_string (root, "entries.8.active_step"), ==, "wean");
}

static void
test_history_text (void)
{
  g_autofree char *path = source_path ("tests/data/timeline-six-hours.xml");
  g_auto(Run) run = { 0, };

  run_cli (&run, LOCALE_C, "history", "--case", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Local time (TZ=Europe/Berlin), the date once. */
  g_assert_true (g_str_has_prefix (run.out, "2026-12-03 08:00  e1  AB\n"));
  g_assert_nonnull (strstr (run.out, "\n09:30  e4  AB\n    STRUCK: corrected by e5 at "
                                     "2026-12-03 09:40 (CD)\n    MAP 63 mmHg; Lactate 3.8 mmol/L\n"));
  g_assert_nonnull (strstr (run.out, "e11  EF  (corrects e10: entered in error: another "
                                     "patient's value)\n    entered in error\n"));
  g_assert_nonnull (strstr (run.out, "    New bag of norepinephrine: 8 mg/250 mL — new bag at "
                                     "double strength\n"));
  g_assert_nonnull (strstr (run.out, "· NEE 0.05 mcg/kg/min · VIS 10 · SCAI C (Classic)\n"));
}

static void
test_evaluate_at (void)
{
  g_autofree char *path = source_path ("tests/data/timeline-six-hours.xml");
  g_auto(Run) run = { 0, };
  g_auto(Run) before = { 0, };
  g_auto(Run) bad = { 0, };
  g_auto(Run) no_case = { 0, };
  g_autoptr(JsonNode) root = NULL;

  /* 09:35: e5's MAP 68 (e4's 63 is struck), NE 0.1: NEE 0.1, VIS 15. */
  run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--at", "2026-12-03T09:35", "--json", NULL);
  root = parse_json (&run);
  assert_close (json_double (root, "inputs.map"), 68);
  assert_close (json_double (root, "inputs.norepinephrine"), 0.1);
  assert_close (json_double (root, "scores.nee"), 0.1);
  assert_close (json_double (root, "scores.vis"), 15);
  g_assert_cmpstr (json_string (root, "scai_stage"), ==, "D");
  g_assert_cmpuint (json_array_get_length (json_array (root, "scai_missing")), ==, 0);

  /* Before the first entry: refused, naming when the timeline starts. */
  run_cli (&before, LOCALE_C, "evaluate", "--case", path, "--at", "2026-12-03T06:59:00Z", NULL);
  assert_refused (&before, 1, "2026-12-03T08:00:00+01:00");

  /* Not a time: a value refused (exit 1, as --set sbp=abc), naming the
   * option and what it accepts. */
  run_cli (&bad, LOCALE_C, "evaluate", "--case", path, "--at", "9 o'clock", NULL);
  assert_refused (&bad, 1, "--at");
  g_assert_nonnull (strstr (bad.err, "2026-12-03T09:00"));

  /* A moment needs a case. */
  run_cli (&no_case, LOCALE_C, "evaluate", "--at", "2026-12-03T09:00", NULL);
  assert_refused (&no_case, 2, "--at");
}

static void
test_record (void)
{
  g_autofree char *path = copy_six_hours ("record.xml");
  g_auto(Run) run = { 0, };
  g_auto(Run) vaso = { 0, };
  g_auto(Run) now = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) evaluated = NULL;

  /* 14:30 (local: +01:00) by GH: MAP 66, NE down to 0.04. */
  run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:30", "--author", "GH",
           "--set", "map=66", "--infusion", "norepinephrine:0.04 mcg/kg/min", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "e13 2026-12-03T14:30:00+01:00: MAP 66 mmHg; norepinephrine "
                                "dose 0.04 mcg/kg/min\n");

  /* 14:45: vasopressin started at 0.03 units/min, 20 units/100 mL. */
  run_cli (&vaso, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:45:00+01:00",
           "--infusion", "vasopressin:0.03 units/min@20 units/100 mL", "--reason", "MAP falling",
           NULL);
  g_assert_cmpint (vaso.status, ==, 0);

  root = history (path);
  g_assert_cmpuint (json_array_get_length (json_array (root, "entries")), ==, 14);
  g_assert_cmpstr (json_string (root, "entries.12.id"), ==, "e13");
  g_assert_cmpstr (json_string (root, "entries.12.author"), ==, "GH");
  g_assert_cmpstr (json_string (root, "entries.12.observations.0.field"), ==, "map");
  assert_close (json_double (root, "entries.12.observations.0.value"), 66);
  g_assert_cmpstr (json_string (root, "entries.12.events.0.kind"), ==, "dose");
  assert_close (json_double (root, "entries.12.events.0.dose.value"), 0.04);
  g_assert_cmpstr (json_string (root, "entries.13.events.0.kind"), ==, "start");
  g_assert_cmpstr (json_string (root, "entries.13.reason"), ==, "MAP falling");
  /* 14:45, 80 kg: NEE = NE 0.04 + 2.5 x 0.03 units/min (0.075) = 0.115;
   * VIS = dobutamine 5 + 100 x 0.04 (4) + 10000 x 0.03 / 80 (3.75) = 12.75. */
  assert_close (json_double (root, "entries.13.scores.nee"), 0.115);
  assert_close (json_double (root, "entries.13.scores.vis"), 12.75);
  g_assert_false (json_boolean (root, "unrecorded"));

  /* The state now follows: evaluate without --at says the same. */
  run_cli (&now, LOCALE_C, "evaluate", "--case", path, "--json", NULL);
  evaluated = parse_json (&now);
  assert_close (json_double (evaluated, "inputs.map"), 66);
  assert_close (json_double (evaluated, "scores.nee"), 0.115);
  assert_close (json_double (evaluated, "scores.vis"), 12.75);
}

/* record says what the window asks about before it applies a dose: the
 * file's norepinephrine runs at 0.05 mcg/kg/min (e12); 1.5 mcg/kg/min is
 * above the soft limit (1) and 1.5 / 0.05 = 30 times the dose that ran.
 * Recorded (it is what was done), with both alerts, in the text and in
 * --json. */
static void
test_record_warns (void)
{
  g_autofree char *path = copy_six_hours ("record-warns.xml");
  g_auto(Run) run = { 0, };
  g_auto(Run) json = { 0, };
  g_auto(Run) quiet = { 0, };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:30", "--author", "RX",
           "--infusion", "norepinephrine:1.5 mcg/kg/min", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "e13 2026-12-03T14:30:00+01:00: norepinephrine dose 1.5 mcg/kg/min\n"
                   "Soft limit: norepinephrine 1.5 mcg/kg/min is above the soft limit of "
                   "1 mcg/kg/min in the drug library: confirm the dose.\n"
                   "Warning: norepinephrine 1.5 mcg/kg/min: 30× the running dose "
                   "(0.05 mcg/kg/min); check that this dose was meant\n");

  /* back down to 0.5: 0.5 / 1.5 = 0.333, less than half; below the soft limit */
  run_cli (&json, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:40", "--author", "RX",
           "--infusion", "norepinephrine:0.5 mcg/kg/min", "--json", NULL);
  root = parse_json (&json);
  g_assert_cmpstr (json_string (root, "id"), ==, "e14");
  g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 1);
  g_assert_cmpstr (json_string (root, "alerts.0.id"), ==, "dose-change");
  g_assert_cmpstr (json_string (root, "alerts.0.severity"), ==, "warning");
  g_assert_cmpstr (json_string (root, "alerts.0.drug"), ==, "norepinephrine");
  assert_close (json_double (root, "alerts.0.factor"), 0.5 / 1.5);

  /* 0.6 / 0.5 = 1.2: nothing to ask */
  run_cli (&quiet, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:50", "--author", "RX",
           "--infusion", "norepinephrine:0.6 mcg/kg/min", NULL);
  g_assert_cmpstr (quiet.out, ==, "e15 2026-12-03T14:50:00+01:00: norepinephrine dose 0.6 mcg/kg/min\n");

  /* a dose of 0 is the card's Stop, and says so; a stop is no dose change
   * to ask about ("dose 0 mcg/kg/min" before) */
  run_clear (&quiet);
  run_cli (&quiet, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T15:00", "--author", "RX",
           "--set", "norepinephrine=0", NULL);
  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.out, ==, "e16 2026-12-03T15:00:00+01:00: Stop norepinephrine (dose 0)\n");
  g_assert_cmpstr (quiet.err, ==, "");

  /* a bag written in the salt, as rate and sheet take it (refused as an
   * unknown amount unit before): 32 mg tartrate = 16 mg base in 250 mL */
  run_clear (&quiet);
  run_cli (&quiet, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T15:10", "--author", "RX",
           "--infusion", "norepinephrine:0.05 mcg/kg/min@32 mg tartrate/250 mL",
           "--reason", "MAP below target", NULL);
  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.out, ==, "e17 2026-12-03T15:10:00+01:00: New bag of norepinephrine: "
                   "32 mg tartrate (16 mg base)/250 mL; norepinephrine dose 0.05 mcg/kg/min\n");

  /* the entry's reason is in the history and on the printed summary, as
   * in the window's log (only in --json before) */
  run_clear (&quiet);
  run_cli (&quiet, LOCALE_C, "history", "--case", path, NULL);
  g_assert_cmpint (quiet.status, ==, 0);
  /* written in 2026-12-05 or later for 2026-12-03 15:10: a late entry,
   * which says when it was written */
  g_assert_nonnull (strstr (quiet.out, "  e17  RX · MAP below target  (entered late, at 20"));
  {
    g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "reason-summary.pdf", NULL);
    g_autofree char *text = NULL;
    guint pages = 0;

    run_clear (&quiet);
    g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
    run_cli (&quiet, LOCALE_C, "summary", "--case", path, "--output", pdf, NULL);
    g_assert_cmpint (quiet.status, ==, 0);
    text = pdf_text (pdf, &pages);
    g_assert_nonnull (strstr (text, "MAP below target"));
  }
}

/* A bare number over a dose that runs in another unit is refused, naming
 * both ("2" after norepinephrine 5 mcg/min became 2 mcg/kg/min, the field's
 * unit: 32x the dose, by a unit guessed); the file is left as it was. With
 * its unit it is recorded. */
static void
test_record_bare_number (void)
{
  g_autofree char *path = copy_six_hours ("bare.xml");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) start = { 0, };
  g_auto(Run) bare = { 0, };
  g_auto(Run) written = { 0, };

  run_cli (&start, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T15:00",
           "--infusion", "norepinephrine:5 mcg/min", NULL);
  g_assert_cmpint (start.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  run_cli (&bare, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T15:10",
           "--set", "norepinephrine=2", NULL);
  assert_refused (&bare, 1, "“2” has no unit, and norepinephrine runs at 5 mcg/min: "
                            "write “2 mcg/min” or “2 mcg/kg/min”");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  run_cli (&written, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T15:10",
           "--set", "norepinephrine=2 mcg/min", NULL);
  g_assert_cmpint (written.status, ==, 0);
  g_assert_nonnull (strstr (written.out, "norepinephrine dose 2 mcg/min"));
}

static void
test_record_correction (void)
{
  g_autofree char *path = copy_six_hours ("correct.xml");
  g_auto(Run) run = { 0, };
  g_auto(Run) twice = { 0, };
  g_auto(Run) same = { 0, };
  g_autoptr(JsonNode) root = NULL;

  /* e9 "corrected" to the MAP it records (72): nothing to correct, refused
   * as the window refuses it (the entry would be struck for nothing) */
  run_cli (&same, LOCALE_C, "record", "--case", path, "--corrects", "e9", "--set", "map=72",
           "--reason", "checked", NULL);
  assert_refused (&same, 1, "Nothing to correct: the values and doses are those e9 records");
  /* a correction says why */
  run_clear (&same);
  run_cli (&same, LOCALE_C, "record", "--case", path, "--corrects", "e9", "--set", "map=70", NULL);
  assert_refused (&same, 2, "record: --corrects e9 needs --reason: what was wrong with it");

  /* e12 (14:00) entered in error: a correction at its time, recording
   * nothing; NE returns to 0.1 (e9). */
  run_cli (&run, LOCALE_C, "record", "--case", path, "--corrects", "e12", "--author", "IJ",
           "--reason", "wrong patient", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = history (path);
  g_assert_true (json_boolean (root, "entries.11.struck"));
  g_assert_cmpstr (json_string (root, "entries.12.corrects"), ==, "e12");
  g_assert_cmpstr (json_string (root, "entries.12.time"), ==, "2026-12-03T14:00:00+01:00");
  g_assert_false (json_is_null (root, "entries.12.recorded"));
  assert_close (json_double (root, "entries.12.scores.nee"), 0.1);

  /* e9 (13:00: MAP 72, norepinephrine 0.15 -> 0.1 "taper: targets met")
   * corrected to 12:30 with MAP 73: the rest of it is kept, its dose
   * change and that event's reason too (moved earlier, the dose change
   * was lost; kept, its reason was) */
  {
    g_auto(Run) moved = { 0 };
    g_autoptr(JsonNode) after = NULL;

    run_cli (&moved, LOCALE_C, "record", "--case", path, "--corrects", "e9", "--at",
             "2026-12-03T12:30+01:00", "--set", "map=73", "--reason", "time and MAP misread", NULL);
    g_assert_cmpint (moved.status, ==, 0);
    after = history (path);
    /* e14, at 12:30, ninth in time order */
    g_assert_cmpstr (json_string (after, "entries.8.id"), ==, "e14");
    g_assert_cmpstr (json_string (after, "entries.8.events.0.kind"), ==, "dose");
    assert_close (json_double (after, "entries.8.events.0.dose.value"), 0.1);
    g_assert_cmpstr (json_string (after, "entries.8.events.0.reason"), ==, "taper: targets met");
    assert_close (json_double (after, "entries.8.scores.nee"), 0.1);
  }

  /* e12 is corrected already: correct the correction. */
  run_cli (&twice, LOCALE_C, "record", "--case", path, "--corrects", "e12", "--reason", "again",
           NULL);
  assert_refused (&twice, 1, "e13");

  /* e11 says e10 was entered in error: entering e11 in error records the
   * same nothing */
  {
    g_auto(Run) nothing = { 0 };

    run_cli (&nothing, LOCALE_C, "record", "--case", path, "--corrects", "e11", "--reason", "x",
             NULL);
    assert_refused (&nothing, 1, "Nothing to correct: e11 records nothing already (it says that "
                                 "e10 was entered in error)");
  }
}

/* A case without a timeline, dobutamine running: the first record carries
 * its values and infusions over at 10:00 (e1). An entry at 09:00 would be
 * evaluated as if no drug ran then (step 1, "inotrope first", VIS 0): it is
 * refused, naming when the timeline began, and the file stays as it was. */
static void
test_record_before_carried_over (void)
{
  g_autofree char *path = write_temp_file ("carried.xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"3\"><title>carried</title>\n"
    " <patient><value field=\"weight\">80</value><value field=\"sbp\">80</value>"
    "<value field=\"dbp\">50</value><value field=\"fluid\">given-no-response</value></patient>\n"
    " <infusions>\n"
    "  <infusion drug=\"dobutamine\" amount=\"1000\" amount-unit=\"mg\" volume-ml=\"250\" "
    "dose=\"5\" dose-unit=\"mcg/kg/min\"/>\n"
    " </infusions></case>\n");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00+01:00",
             "--set", "map=60", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  before = read_file (path);
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T09:00:00+01:00",
             "--set", "sbp=120", NULL);
    assert_refused (&run, 1, "Time: 2026-12-03 09:00 is before the timeline began "
                             "(2026-12-03 10:00, e1: the values and infusions the case held "
                             "then, carried over); what ran before is not known");
  }
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  {
    g_auto(Run) run = { 0, };

    /* at the time it began, or after, is recorded */
    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00+01:00",
             "--set", "sbp=82", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* --at without an offset in the night the clocks go back (TZ=Europe/Berlin:
 * 02:30 on 2026-10-25 comes twice) is refused, naming both offsets, and
 * the file is left as it was; with an offset it is recorded. (It was
 * recorded at one of the two, without a word.) */
static void
test_record_local_time_twice (void)
{
  g_autofree char *path = copy_six_hours ("twice.xml");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-10-25T02:30", "--set",
             "hr=81", NULL);
    assert_refused (&run, 1, "--at 2026-10-25T02:30: Time: 2026-10-25 02:30 happens twice in "
                             "the local time zone (the clocks went back); write it with its "
                             "offset from UTC: 2026-10-25T02:30:00+02:00 (the first) or "
                             "2026-10-25T02:30:00+01:00 (the second)");
  }
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-10-25T02:30:00+01:00",
             "--set", "hr=81", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "e13 2026-10-25T02:30:00+01:00: HR 81 /min\n");
  }
}

/* A value recorded at the time of another entry that records it otherwise:
 * kept (the later entry holds, as evaluate says), with a warning naming the
 * other entry. e2 (08:30) records SBP 84 and MAP 60. The same SBP again, a
 * value e2 does not record, and a correction of e2 are not warned about.
 * (Two MAPs at one time were taken without a word.) */
static void
test_record_same_time (void)
{
  g_autofree char *path = copy_six_hours ("same-time.xml");
  g_autoptr(JsonNode) root = NULL;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T08:30:00+01:00",
             "--author", "KL", "--set", "map=62", "--set", "sbp=84", "--set", "hr=110", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==,
                     "e13 2026-12-03T08:30:00+01:00: SBP 84 mmHg; MAP 62 mmHg; HR 110 /min\n"
                     "Warning: e2 at the same time records MAP 60 mmHg; this entry\u2019s "
                     "MAP 62 mmHg holds from then on (correct the one that is wrong)\n");
  }
  {
    g_auto(Run) run = { 0, };

    /* what holds at 08:30 is the later entry's */
    run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--at", "2026-12-03T08:31:00+01:00",
             "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    root = parse_json (&run);
    assert_close (json_double (root, "inputs.map"), 62);
  }
  {
    g_auto(Run) run = { 0, };

    /* a correction of e2 replaces it, in its place: no warning about e2,
     * and e13, recorded after e2, still holds (the warning said the
     * correction's 61 did, and evaluate gave 62) */
    run_cli (&run, LOCALE_C, "record", "--case", path, "--corrects", "e2", "--set", "map=61",
             "--reason", "misread", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&root, json_node_unref);
    root = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_array (root, "alerts")), ==, 1);
    g_assert_cmpstr (json_string (root, "alerts.0.id"), ==, "same-time-value");
    g_assert_cmpstr (json_string (root, "alerts.0.severity"), ==, "warning");
    g_assert_true (json_is_null (root, "alerts.0.drug"));
    g_assert_cmpstr (json_string (root, "alerts.0.message"), ==,
                     "e13 at the same time comes after this entry and records MAP 62 mmHg: "
                     "that holds from then on, not this entry\u2019s MAP 61 mmHg (correct the "
                     "one that is wrong)");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--at", "2026-12-03T08:31:00+01:00",
             "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&root, json_node_unref);
    root = parse_json (&run);
    assert_close (json_double (root, "inputs.map"), 62);
  }
}

/* A correction corrected in turn: e4 (MAP 63) was corrected by e5 (MAP 68);
 * e13 corrects e5 (MAP 69). e4 names e5, the entry that corrected it, and
 * e13, the one in force; e5 names e13. (It said "corrected by e13" for e4,
 * which e13 never mentions: e13 says "corrects e5".) */
static void
test_record_correction_chain (void)
{
  g_autofree char *path = copy_six_hours ("chain.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "chain.pdf", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint pages = 0;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--corrects", "e5", "--set", "map=69",
             "--author", "GH", "--reason", "read again", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  root = history (path);
  g_assert_cmpstr (json_string (root, "entries.3.id"), ==, "e4");
  g_assert_cmpstr (json_string (root, "entries.3.corrected_by"), ==, "e5");
  g_assert_true (json_boolean (root, "entries.3.struck"));
  g_assert_cmpstr (json_string (root, "entries.4.id"), ==, "e5");
  g_assert_cmpstr (json_string (root, "entries.4.corrected_by"), ==, "e13");
  g_assert_true (json_boolean (root, "entries.4.struck"));

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "history", "--case", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\n09:30  e4  AB\n    STRUCK: corrected by e5 at "
                                       "2026-12-03 09:40 (CD), last by e13\n"));
    /* e13 was recorded now: its time is today's, not checked */
    g_assert_nonnull (strstr (run.out, "e5  CD  (corrects e4: typing error: MAP 68, not 63)\n"
                                       "    STRUCK: corrected by e13 at "));
  }

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "summary", "--case", path, "--output", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  text = pdf_text (pdf, &pages);
  g_assert_nonnull (strstr (text, "corrected by e5, last by e13"));
  g_assert_nonnull (strstr (text, "corrected by e13"));
}

/* A correction of one value keeps the rest of the entry: e14 records MAP 66
 * and starts vasopressin 0.03 units/min in 20 units/100 mL; e15 corrects
 * its MAP to 67 and still starts vasopressin, so the scores after it count
 * it. A correction of the dose keeps the bag and the MAP. */
static void
test_record_correction_keeps (void)
{
  g_autofree char *path = copy_six_hours ("keeps.xml");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) corrected = NULL;
  g_autoptr(JsonNode) dose = NULL;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:30:00+01:00",
             "--set", "map=66", "--infusion", "vasopressin:0.03 units/min@20 units/100 mL",
             NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  first = history (path);
  g_assert_cmpstr (json_string (first, "entries.12.id"), ==, "e13");
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--corrects", "e13", "--set", "map=67",
             "--reason", "typo", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  corrected = history (path);
  g_assert_cmpstr (json_string (corrected, "entries.13.corrects"), ==, "e13");
  assert_close (json_double (corrected, "entries.13.observations.0.value"), 67);
  g_assert_cmpstr (json_string (corrected, "entries.13.events.0.kind"), ==, "start");
  g_assert_cmpstr (json_string (corrected, "entries.13.events.0.drug"), ==, "vasopressin");
  /* the scores after the correction are those after e13: vasopressin runs */
  assert_close (json_double (corrected, "entries.13.scores.vis"),
                json_double (first, "entries.12.scores.vis"));
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--corrects", "e14",
             "--infusion", "vasopressin:0.02 units/min", "--reason", "wrong dose charted", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  dose = history (path);
  assert_close (json_double (dose, "entries.14.observations.0.value"), 67);
  g_assert_cmpstr (json_string (dose, "entries.14.events.0.kind"), ==, "start");
  assert_close (json_double (dose, "entries.14.events.0.dose.value"), 0.02);
  assert_close (json_double (dose, "entries.14.events.0.concentration.amount"), 20);
}

static void
test_record_refused (void)
{
  g_autofree char *path = copy_six_hours ("refused.xml");
  g_autofree char *before = read_file (path);
  static const struct {
    int          status;
    const char  *needle;
    const char  *args[8];
  } cases[] = {
    /* above the hard limit */
    { 1, "hard limit", { "--infusion", "norepinephrine:50 mcg/kg/min", NULL } },
    /* a unit the drug does not take; never guessed */
    { 1, "--infusion", { "--infusion", "norepinephrine:5 mcg", NULL } },
    { 1, "--infusion", { "--infusion", "norepinephrine:0.1", NULL } },
    /* a drug that does not run */
    { 1, "--stop", { "--stop", "vasopressin", NULL } },
    { 1, "--stop", { "--stop", "aspirin", NULL } },
    /* a therapy dose in a unit the drug library does not give the drug:
     * refused, not converted (0.1 mcg/kg/h is not 0.00167 mcg/kg/min) */
    { 1, "accepted: mcg/kg/min, mcg/min, mg/h", { "--set", "norepinephrine=0.1 mcg/kg/h", NULL } },
    { 1, "accepted: mcg/kg/min, mcg/min, mg/h", { "--set", "epinephrine=0.1 mg/kg/h", NULL } },
    /* a value the protocol refuses */
    { 1, "sbp", { "--set", "sbp=abc", NULL } },
    { 1, "map", { "--set", "map=400", NULL } },
    /* nothing to record, no such field, no such entry */
    { 2, "nothing to record", { NULL } },
    { 2, "--set", { "--set", "pressure=80", NULL } },
    { 1, "--corrects", { "--corrects", "e99", "--reason", "typo", NULL } },
    /* a correction without its reason */
    { 2, "--reason", { "--corrects", "e12", "--set", "map=70", NULL } },
    { 2, "--infusion", { "--infusion", "norepinephrine 0.1 mcg/kg/min", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_auto(Run) run = { 0, };
      g_autofree char *after = NULL;

      g_test_message ("refused record %u", i);
      g_ptr_array_add (args, (char *) "record");
      g_ptr_array_add (args, (char *) "--case");
      g_ptr_array_add (args, path);
      g_ptr_array_add (args, (char *) "--at");
      g_ptr_array_add (args, (char *) "2026-12-03T14:30");
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (char *) cases[i].args[j]);
      g_ptr_array_add (args, NULL);
      run_cli_strv (&run, LOCALE_C, (const char * const *) args->pdata);
      assert_refused (&run, cases[i].status, cases[i].needle);

      /* Refused means the file is untouched. */
      after = read_file (path);
      g_assert_cmpstr (after, ==, before);
    }

  /* An entry records what happened: a time in the future is refused, as
   * the window refuses it (more than five minutes after now). */
  {
    g_auto(Run) run = { 0, };
    g_autofree char *after = NULL;

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2099-12-03T10:00:00Z",
             "--set", "sbp=60", NULL);
    assert_refused (&run, 1, "--at 2099-12-03T10:00:00Z: Time: 2099-12-03 ");
    g_assert_nonnull (strstr (run.err, "is in the future"));
    after = read_file (path);
    g_assert_cmpstr (after, ==, before);
  }

  /* An author or a reason is one line of at most 500 characters, as the
   * case file keeps it; text that is not UTF-8 is refused naming its
   * option, before anything reads it. */
  {
    g_autofree char *long_author = g_strnfill (501, 'A');
    const char *texts[][2] = {
      { "--author", long_author },
      { "--reason", "first line\nsecond line" },
      { "--author", "AB\xff" },
      { "--author", "A\x1b" "B" },
    };
    /* an escape character was kept as U+FFFD, said nowhere */
    const char *needles[] = { "--author: at most 500 characters; it has 501",
                              "--reason: one line of text; it has a line break",
                              "record: the value of --author is not UTF-8 text",
                              "--author: text only; it has the control character U+001B" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_auto(Run) run = { 0, };
        g_autofree char *after = NULL;

        run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:30",
                 texts[i][0], texts[i][1], "--set", "sbp=60", NULL);
        assert_refused (&run, 1, texts[i][0]);
        g_assert_nonnull (strstr (run.err, needles[i]));
        after = read_file (path);
        g_assert_cmpstr (after, ==, before);
      }
  }

  /* A time that is none is a value refused (exit 1), not a usage error:
   * 30 February, and an offset no clock keeps (UTC+15:00; they run from
   * UTC-12:00 to UTC+14:00). */
  {
    const char *times[] = { "2026-02-30T10:00", "2026-12-03T10:00:00+15:00" };

    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        g_auto(Run) run = { 0, };
        g_autofree char *after = NULL;

        run_cli (&run, LOCALE_C, "record", "--case", path, "--at", times[i], "--set", "sbp=60",
                 NULL);
        assert_refused (&run, 1, "--at");
        g_assert_nonnull (strstr (run.err, "not a date and time"));
        after = read_file (path);
        g_assert_cmpstr (after, ==, before);
      }
  }
}

static void
test_record_old_format (void)
{
  g_autofree char *source = source_path ("data/cases/example-step2.xml");
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  g_auto(Run) run = { 0, };
  g_autoptr(JsonNode) root = NULL;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  path = write_temp_file ("old.xml", contents);

  /* A format-2 case gets its first entry and becomes format 4, its title
   * and notes kept. */
  run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00Z",
           "--set", "map=58", "--set", "lactate=3.9", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "e2 2026-12-03T10:00:00+00:00: "));
  written = read_file (path);
  g_assert_nonnull (strstr (written, "<case format-version=\"4\">"));
  g_assert_nonnull (strstr (written, "<title xml:lang=\"de\">Kriterien von Schritt 2 erfüllt: Noradrenalin beginnen</title>"));

  /* The timeline starts from the case as it was, carried over in e1 at the
   * same time: its values (lactate 3.4 before the 3.9 observed, no MAP
   * typed) and dobutamine 5 mcg/kg/min in its 1,000 mg/250 mL bag. So the
   * history agrees with the case from its first entry: SBP 84 < 90, MAP
   * (84 + 2 x 50) / 3 = 61.3, perfusion poor, dobutamine and fluid failed:
   * step 3 at e1, and at e2 (MAP 58, lactate 3.9). VIS 5 (dobutamine 5). */
  root = history (path);
  g_assert_cmpuint (json_array_get_length (json_array (root, "entries")), ==, 2);
  g_assert_false (json_boolean (root, "unrecorded"));
  g_assert_cmpstr (json_string (root, "entries.0.id"), ==, "e1");
  g_assert_nonnull (strstr (json_string (root, "entries.0.reason"), "Carried over"));
  g_assert_true (json_boolean (root, "entries.0.carried_over"));
  g_assert_false (json_boolean (root, "entries.1.carried_over"));
  /* The file marks it, in no language: read in German, it is said in
   * German (the English text was stored, and shown to every reader). */
  g_assert_nonnull (strstr (written, "carried-over=\"true\""));
  g_assert_null (strstr (written, "Carried over"));
  {
    g_auto(Run) german = { 0, };

    run_cli (&german, LOCALE_DE, "history", "--case", path, NULL);
    g_assert_cmpint (german.status, ==, 0);
    g_assert_null (strstr (german.out, "Carried over"));
    g_assert_nonnull (strstr (german.out, "Übernommen"));
  }
  g_assert_cmpstr (json_string (root, "entries.0.events.0.kind"), ==, "start");
  g_assert_cmpstr (json_string (root, "entries.0.events.0.drug"), ==, "dobutamine");
  assert_close (json_double (root, "entries.0.events.0.dose.value"), 5);
  g_assert_cmpstr (json_string (root, "entries.0.active_step"), ==, "step3-norepinephrine");
  assert_close (json_double (root, "entries.0.scores.vis"), 5);
  g_assert_cmpstr (json_string (root, "entries.1.id"), ==, "e2");
  g_assert_cmpuint (json_array_get_length (json_array (root, "entries.1.events")), ==, 0);
  g_assert_cmpstr (json_string (root, "entries.1.active_step"), ==, "step3-norepinephrine");
  g_assert_nonnull (strstr (written, "<value field=\"lactate\">3.4</value>"));
  g_assert_nonnull (strstr (written, "<value field=\"lactate\">3.9</value>"));
}

#define CASE_NOREPINEPHRINE_MCG_MIN \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<case format-version=\"3\"><title>running</title>\n" \
  " <patient><value field=\"weight\">80</value><value field=\"sbp\">80</value>" \
  "<value field=\"dbp\">50</value><value field=\"fluid\">given-no-response</value></patient>\n" \
  " <infusions>\n" \
  "  <infusion drug=\"dobutamine\" amount=\"1000\" amount-unit=\"mg\" volume-ml=\"250\" " \
  "dose=\"5\" dose-unit=\"mcg/kg/min\"/>\n" \
  "  <infusion drug=\"norepinephrine\" amount=\"16\" amount-unit=\"mg\" volume-ml=\"250\" " \
  "dose=\"100\" dose-unit=\"mcg/min\"/>\n" \
  " </infusions></case>\n"

/* Norepinephrine runs at 100 mcg/min: at 80 kg that is 100 / 80 = 1.25
 * mcg/kg/min, under the hard limit of 3; a weight of 30 kg would make it
 * 100 / 30 = 3.33, above it, and a case the loader refuses. So record
 * refuses that weight (exit 1, the file untouched), as it refuses a dose
 * of 250 mcg/min (250 / 80 = 3.125), and evaluate --set refuses it too;
 * 70 kg (1.43) is recorded. */
static void
test_record_refused_hard_limit (void)
{
  g_autofree char *path = write_temp_file ("limit.xml", CASE_NOREPINEPHRINE_MCG_MIN);
  g_autofree char *written = NULL;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00Z",
             "--set", "weight=30", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--set: norepinephrine 100 mcg/min (3.33 mcg/kg/min "
                                       "at 30 kg) is above the hard limit of 3 mcg/kg/min"));
    written = read_file (path);
    g_assert_cmpstr (written, ==, CASE_NOREPINEPHRINE_MCG_MIN);
    g_clear_pointer (&written, g_free);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00Z",
             "--infusion", "norepinephrine:250 mcg/min", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "Not recorded: with this entry, norepinephrine "
                                       "250 mcg/min (3.13 mcg/kg/min at 80 kg) is above the "
                                       "hard limit of 3 mcg/kg/min"));
    written = read_file (path);
    g_assert_cmpstr (written, ==, CASE_NOREPINEPHRINE_MCG_MIN);
    g_clear_pointer (&written, g_free);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "evaluate", "--case", path, "--set", "weight=30", "--json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "--set: norepinephrine 100 mcg/min (3.33 mcg/kg/min "
                                       "at 30 kg) is above the hard limit"));
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00Z",
             "--set", "weight=70", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, LOCALE_C, "validate", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* A dose change recorded into a case without a timeline is a dose change
 * of the infusion that runs, in its bag, not a start from nothing: the
 * case's norepinephrine runs at 100 mcg/min in 16 mg/250 mL, and goes on
 * in that bag at 50 mcg/min. */
static void
test_record_keeps_running_bag (void)
{
  g_autofree char *path = write_temp_file ("running.xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case format-version=\"3\"><title>running</title>\n"
    " <patient><value field=\"weight\">80</value><value field=\"sbp\">80</value>"
    "<value field=\"dbp\">50</value><value field=\"fluid\">given-no-response</value></patient>\n"
    " <infusions>\n"
    "  <infusion drug=\"dobutamine\" amount=\"1000\" amount-unit=\"mg\" volume-ml=\"250\" "
    "dose=\"5\" dose-unit=\"mcg/kg/min\"/>\n"
    "  <infusion drug=\"norepinephrine\" amount=\"16\" amount-unit=\"mg\" volume-ml=\"250\" "
    "dose=\"100\" dose-unit=\"mcg/min\"/>\n"
    " </infusions></case>\n");
  g_autofree char *written = NULL;
  g_auto(Run) run = { 0, };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T10:00:00Z",
           "--infusion", "norepinephrine:50 mcg/min", NULL);
  g_assert_cmpint (run.status, ==, 0);
  written = read_file (path);
  g_assert_nonnull (strstr (written, "<infusion drug=\"norepinephrine\" amount=\"16\" "
                                     "amount-unit=\"mg\" volume-ml=\"250\" dose=\"50\" "
                                     "dose-unit=\"mcg/min\"/>"));
  root = history (path);
  g_assert_cmpstr (json_string (root, "entries.0.events.1.kind"), ==, "start");
  g_assert_cmpstr (json_string (root, "entries.0.events.1.drug"), ==, "norepinephrine");
  g_assert_cmpstr (json_string (root, "entries.1.events.0.kind"), ==, "dose");
  assert_close (json_double (root, "entries.1.events.0.dose.value"), 50);
}

/* The printed summary carries the flowsheet: every entry in time order,
 * the corrected ones still there, and the step and scores at each. */
static void
test_summary_flowsheet (void)
{
  g_autofree char *path = source_path ("tests/data/timeline-six-hours.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "flowsheet.pdf", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *text = NULL;
  guint pages = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "summary", "--case", path, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Cells wrap in their columns: read the text as one line, each cell's
   * lines in order (pdftotext without -layout). */
  text = pdf_text (pdf, &pages);

  g_assert_nonnull (strstr (text, "Flowsheet"));
  /* e4 (09:30, MAP 63) kept and marked; its correction says who and why. */
  g_assert_nonnull (strstr (text, "MAP 63 mmHg"));
  g_assert_nonnull (strstr (text, "corrected by e5"));
  g_assert_nonnull (strstr (text, "corrects e4 at 09:40: typing error: MAP 68, not 63"));
  g_assert_nonnull (strstr (text, "New bag of norepinephrine: 8 mg/250 mL"));
  /* The scores now (14:00: NE 0.05 + dobutamine 5 at 80 kg: NEE 0.05, VIS
   * 5 + 100 x 0.05 = 10). */
  g_assert_nonnull (strstr (text, "0.05 mcg/kg/min [goradia-2021]"));
  g_assert_nonnull (strstr (text, "10 [gaies-2010]"));
}

/* A night of entries every five minutes: the handover keeps the last 12
 * hours on one page, A4 and Letter, the plot whole, the oldest rows
 * giving way with a note. */
static void
test_handover (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<case format-version=\"4\">\n"
                                         "  <title>A long night</title>\n"
                                         "  <patient/>\n"
                                         "  <timeline>\n");
  g_autofree char *path = NULL;
  const char *papers[] = { "a4", "letter" };

  /* 16 hours: 192 entries, 22:00 to 13:55 (UTC). */
  for (guint i = 0; i < 192; i++)
    {
      guint minutes = 22 * 60 + i * 5;
      g_autofree char *time = g_strdup_printf ("2026-12-%02uT%02u:%02u:00Z", 3 + minutes / 1440,
                                               (minutes / 60) % 24, minutes % 60);

      g_string_append_printf (xml, "    <entry id=\"e%u\" time=\"%s\">\n", i + 1, time);
      g_string_append_printf (xml, "      <value field=\"map\">%u</value>\n", 58 + i % 12);
      if (i == 0)
        g_string_append (xml, "      <value field=\"weight\">70</value>\n"
                              "      <start drug=\"norepinephrine\" amount=\"4\" amount-unit=\"mg\" "
                              "volume-ml=\"250\" dose=\"0.1\" dose-unit=\"mcg/kg/min\"/>\n");
      else if (i % 24 == 0)
        g_string_append_printf (xml, "      <dose drug=\"norepinephrine\" dose=\"%g\" "
                                "dose-unit=\"mcg/kg/min\"/>\n", 0.1 + 0.02 * (i / 24));
      g_string_append (xml, "    </entry>\n");
    }
  g_string_append (xml, "  </timeline>\n</case>\n");
  path = write_temp_file ("night.xml", xml->str);

  for (guint p = 0; p < G_N_ELEMENTS (papers); p++)
    {
      g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "handover.pdf", NULL);
      g_auto(Run) run = { 0 };
      g_autofree char *text = NULL;
      guint pages = 0;

      run_cli (&run, LOCALE_C, "summary", "--case", path, "--handover", "--paper", papers[p],
               "--output", pdf, NULL);
      g_assert_cmpint (run.status, ==, 0);
      text = pdf_text (pdf, &pages);
      g_assert_cmpuint (pages, ==, 1);
      g_assert_nonnull (strstr (text, "Handover: the last 12 hours"));
      g_assert_nonnull (strstr (text, "earlier entries are in the full case summary"));
      /* The last entry (13:55 UTC, MAP 58 + 191 % 12 = 69) is there. */
      g_assert_nonnull (strstr (text, "MAP 69 mmHg"));
    }
}

/* The handover of a case without a timeline says so in a sentence (it
 * printed a Trend heading over nothing and an empty Flowsheet table), and
 * names the drug-library profile its bags and doses are read in, as the
 * full summary does. */
static void
test_handover_no_timeline (void)
{
  g_autofree char *path = source_path ("data/cases/example-step2.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "handover-none.pdf", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *text = NULL;
  guint pages = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "summary", "--case", path, "--handover", "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (strstr (text, "Profile: Adult ICU - 250 mL bags (ASHP S4S)"));
  g_assert_nonnull (strstr (text, "Nothing is recorded in the timeline yet: the values above "
                                  "are the case's now."));
  g_assert_null (strstr (text, "Flowsheet"));
  g_assert_null (strstr (text, "Trend"));
}

/* --hours is the handover's: without --handover it is a usage error (the
 * full summary was printed, the option silently dropped); out of 1-72 too. */
static void
test_summary_hours_needs_handover (void)
{
  g_autofree char *path = source_path ("data/cases/example-timeline.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "hours.pdf", NULL);
  g_auto(Run) alone = { 0 };
  g_auto(Run) zero = { 0 };

  run_cli (&alone, LOCALE_C, "summary", "--case", path, "--hours", "6", "--output", pdf, NULL);
  assert_refused (&alone, 2, "summary: --hours needs --handover");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  run_cli (&zero, LOCALE_C, "summary", "--case", path, "--handover", "--hours", "0",
           "--output", pdf, NULL);
  assert_refused (&zero, 2, "summary: --hours 0: give 1 to 72 hours");
  /* no number is taken for "not given" (G_MININT was, and dropped the
   * option), nor is a word read as 12 */
  {
    const char *hours[] = { "-2147483648", "abc", "73" };

    for (guint i = 0; i < G_N_ELEMENTS (hours); i++)
      {
        g_auto(Run) run = { 0 };
        g_auto(Run) alone_too = { 0 };
        g_autofree char *option = g_strdup_printf ("--hours=%s", hours[i]);
        g_autofree char *says = g_strdup_printf ("summary: --hours %s: give 1 to 72 hours",
                                                 hours[i]);

        run_cli (&run, LOCALE_C, "summary", "--case", path, "--handover", option,
                 "--output", pdf, NULL);
        assert_refused (&run, 2, says);
        run_cli (&alone_too, LOCALE_C, "summary", "--case", path, option, "--output", pdf, NULL);
        assert_refused (&alone_too, 2, "summary: --hours needs --handover");
      }
  }
}

/* `record` killed at any moment leaves the old file or the new one, never a
 * part of either. */
/* The handover page keeps as many flowsheet rows as fit: the page count
 * ahead is made as the PDF is laid out (no hinted metrics, which made rows
 * taller and left a row off with 115 pt blank). example-timeline on A4: the
 * last flowsheet line ends less than 100 pt above the footer, so the 11:00
 * row (four lines, about 50 pt) is on the page. Its statements carry their
 * sources, as the full summary's do (the handover dropped them). */
static void
test_handover_fills_page (void)
{
  g_autofree char *path = source_path ("data/cases/example-timeline.xml");
  g_autofree char *pdf = g_build_filename (g_get_user_cache_dir (), "handover-full.pdf", NULL);
  const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_auto(Run) run = { 0 };
  g_autofree char *bbox = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  double last = 0, footer = 0;
  guint pages = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&run, LOCALE_C, "summary", "--case", path, "--handover", "--paper", "a4",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf, &pages);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (strstr (text, "New bag of"));
  g_assert_nonnull (strstr (text, "Why A vasopressor runs and the targets are met: taper. "
                                  "[seed-2, seed-3]"));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &bbox, NULL, NULL, NULL));
  words = g_strsplit (bbox, "<word ", -1);
  for (guint i = 1; words[i] != NULL; i++)
    {
      const char *ymin = strstr (words[i], "yMin=\"");
      const char *ymax = strstr (words[i], "yMax=\"");

      g_assert_nonnull (ymin);
      g_assert_nonnull (ymax);
      if (strstr (words[i], ">Decision</word>") != NULL)
        {
          footer = g_ascii_strtod (ymin + 6, NULL);
          break;
        }
      last = MAX (last, g_ascii_strtod (ymax + 6, NULL));
    }
  g_test_message ("flowsheet ends at %.1f pt, footer at %.1f pt", last, footer);
  g_assert_cmpfloat (footer, >, last);
  g_assert_cmpfloat (footer - last, <, 100);
}

static void
test_record_killed (void)
{
  g_autofree char *path = copy_six_hours ("killed.xml");
  g_auto(GStrv) envp = make_envp (LOCALE_C);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-12-03T15:%02u:00+01:00", i);
      g_autofree char *map = g_strdup_printf ("map=%u", 60 + i);
      const char *argv[] = { cli_path, "record", "--case", path, "--at", at, "--set", map, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(SpCaseData) data = NULL;
      GPid pid;
      int wait_status;

      g_spawn_async (NULL, (char **) argv, envp, SP_TEST_SPAWN_FLAGS | G_SPAWN_DO_NOT_REAP_CHILD |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      /* From at once to after it is done. */
      g_usleep (i * 4000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_spawn_close_pid (pid);

      data = sp_case_data_load (path, protocol, drugs, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (data->timeline->len, >=, 12);
    }

  /* A kill between naming the new file and renaming it over the case can
   * leave the named file; the next write from this machine removes it. So
   * after one more record, nothing is left beside the case. */
  {
    const char *argv[] = { cli_path, "record", "--case", path, "--at",
                           "2026-12-03T15:30:00+01:00", "--set", "map=72", NULL };
    g_autoptr(GError) error = NULL;
    int status = -1;

    g_spawn_sync (NULL, (char **) argv, envp, SP_TEST_SPAWN_FLAGS | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".killed.xml") && !g_str_equal (name, "killed.xml"));
  }
}

/* An entry with a 400-letter author and a 480-letter reason (both within
 * the case file's 500): the full summary keeps them inside their column,
 * cut to 160 characters there and given whole under the flowsheet (the
 * author, read as a unit after "14:30", ran over every column and off the
 * page; 500-character texts made a row taller than a page, through the
 * footer); the handover cuts them short so that the newest entry is on its
 * page (its flowsheet was an empty table). */
static void
test_summary_long_texts (void)
{
  g_autofree char *path = copy_six_hours ("long-texts.xml");
  g_autofree char *author = g_strnfill (400, 'W');
  g_autofree char *reason = g_strnfill (480, 'x');
  g_autofree char *summary = g_build_filename (g_get_user_cache_dir (), "long-summary.pdf", NULL);
  g_autofree char *handover = g_build_filename (g_get_user_cache_dir (), "long-handover.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(Run) record = { 0, };
  g_auto(Run) full = { 0, };
  g_auto(Run) brief = { 0, };
  guint pages = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  run_cli (&record, LOCALE_C, "record", "--case", path, "--at", "2026-12-03T14:30+01:00",
           "--author", author, "--reason", reason, "--set", "map=50", NULL);
  g_assert_cmpint (record.status, ==, 0);

  run_cli (&full, LOCALE_C, "summary", "--case", path, "--paper", "letter", "--output", summary,
           NULL);
  g_assert_cmpint (full.status, ==, 0);
  assert_pdf_words_apart (summary);
  text = pdf_text (summary, &pages);
  g_assert_nonnull (strstr (text, "14:30"));
  /* too long for the flowsheet's cell (160 characters): in full under it */
  g_assert_nonnull (strstr (text, "Authors and reasons in full"));
  /* a line of 40 of the author's letters: at the page's width, not in the cell */
  g_assert_nonnull (strstr (text, "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"));
  g_clear_pointer (&text, g_free);

  run_cli (&brief, LOCALE_C, "summary", "--case", path, "--handover", "--output", handover, NULL);
  g_assert_cmpint (brief.status, ==, 0);
  assert_pdf_words_apart (handover);
  text = pdf_text (handover, &pages);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (strstr (text, "MAP 50 mmHg"));
  g_assert_nonnull (strstr (text, "…"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  if (!cli_test_init (&argc, &argv))
    return 77;
  /* The child reads times without an offset in this zone (+01:00 in
   * December), whatever the machine's. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/timeline/history", test_history);
  g_test_add_func ("/cli/timeline/history-text", test_history_text);
  g_test_add_func ("/cli/timeline/evaluate-at", test_evaluate_at);
  g_test_add_func ("/cli/timeline/record", test_record);
  g_test_add_func ("/cli/timeline/record-warns", test_record_warns);
  g_test_add_func ("/cli/timeline/handover-fills-page", test_handover_fills_page);
  g_test_add_func ("/cli/timeline/record-correction", test_record_correction);
  g_test_add_func ("/cli/timeline/record-bare-number", test_record_bare_number);
  g_test_add_func ("/cli/timeline/record-correction-keeps", test_record_correction_keeps);
  g_test_add_func ("/cli/timeline/record-correction-chain", test_record_correction_chain);
  g_test_add_func ("/cli/timeline/record-same-time", test_record_same_time);
  g_test_add_func ("/cli/timeline/record-local-time-twice", test_record_local_time_twice);
  g_test_add_func ("/cli/timeline/record-before-carried-over", test_record_before_carried_over);
  g_test_add_func ("/cli/timeline/record-refused", test_record_refused);
  g_test_add_func ("/cli/timeline/record-old-format", test_record_old_format);
  g_test_add_func ("/cli/timeline/record-keeps-running-bag", test_record_keeps_running_bag);
  g_test_add_func ("/cli/timeline/record-refused-hard-limit", test_record_refused_hard_limit);
  g_test_add_func ("/cli/timeline/record-killed", test_record_killed);
  g_test_add_func ("/cli/timeline/summary-flowsheet", test_summary_flowsheet);
  g_test_add_func ("/cli/timeline/handover", test_handover);
  g_test_add_func ("/cli/timeline/handover-no-timeline", test_handover_no_timeline);
  g_test_add_func ("/cli/timeline/summary-hours-needs-handover", test_summary_hours_needs_handover);
  g_test_add_func ("/cli/timeline/summary-long-texts", test_summary_long_texts);

  ret = cli_test_run ();
  g_clear_object (&protocol);
  g_clear_object (&drugs);
  return ret;
}
