/* test-timeline.c: a case over time (case format 4): reading, writing,
 * the state at a moment, corrections, recording what changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/timeline-six-hours.xml is written by hand: 80 kg, dobutamine
 * from 08:00, norepinephrine started 08:30 and titrated, a new bag at 12:00,
 * tapered; e4 (09:30, MAP 63) corrected by e5 (MAP 68); e10 (13:30, HR 150)
 * entered in error (e11).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sp-case.h"
#include "sp-engine.h"
#include "sp-test-files.h"
#include "sp-timeline-series.h"
#include "sp-timeline.h"
#include "sp-xml.h"

static SpProtocol *protocol;
static SpDrugLibrary *drugs;

static char *
six_hours_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "timeline-six-hours.xml", NULL);
}

static SpCaseData *
load_six_hours (void)
{
  g_autofree char *path = six_hours_path ();
  g_autoptr(GError) error = NULL;
  SpCaseData *data = sp_case_data_load (path, protocol, drugs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static GDateTime *
at (const char *text)
{
  GDateTime *time = sp_case_parse_time (text, NULL);

  g_assert_nonnull (time);
  return time;
}

/* A local time the clocks skip or show twice is refused, naming the offsets
 * that make it one time; GLib moved the first (02:30 -> 03:00) and picked
 * one of the second without a word. A second of 60 is no time. */
static void
test_local_times (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) lord_howe = g_time_zone_new_identifier ("Australia/Lord_Howe");
  struct {
    GTimeZone  *tz;
    const char *text;
    const char *utc;       /* NULL: refused */
    int         code;
    const char *message;   /* a part of it */
  } cases[] = {
    /* Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST */
    { berlin, "2026-03-29T02:30", NULL, SP_CASE_TIME_ERROR_LOCAL,
      "Time: 2026-03-29 02:30 does not exist in the local time zone (the clocks went forward); "
      "write it with its offset from UTC: 2026-03-29T02:30:00+01:00" },
    { berlin, "2026-03-29T01:30", "2026-03-29T00:30:00Z", 0, NULL },
    { berlin, "2026-03-29T03:30", "2026-03-29T01:30:00Z", 0, NULL },
    /* 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 comes twice */
    { berlin, "2026-10-25T02:30", NULL, SP_CASE_TIME_ERROR_LOCAL,
      "Time: 2026-10-25 02:30 happens twice in the local time zone (the clocks went back); "
      "write it with its offset from UTC: 2026-10-25T02:30:00+02:00 (the first) or "
      "2026-10-25T02:30:00+01:00 (the second)" },
    { berlin, "2026-10-25T02:30:00+01:00", "2026-10-25T01:30:00Z", 0, NULL },
    { berlin, "2026-10-25T02:30:00+02:00", "2026-10-25T00:30:00Z", 0, NULL },
    /* Lord Howe Island moves its clocks by half an hour: 02:00 +11:00
     * becomes 01:30 +10:30 on 2026-04-05, so 01:45 comes twice */
    { lord_howe, "2026-04-05T01:45", NULL, SP_CASE_TIME_ERROR_LOCAL,
      "2026-04-05T01:45:00+11:00 (the first) or 2026-04-05T01:45:00+10:30 (the second)" },
    /* a second of 60 (GLib: 10:00:59) */
    { berlin, "2026-12-03T10:00:60", NULL, SP_CASE_TIME_ERROR_INVALID,
      "“2026-12-03T10:00:60” is not a date and time" },
    { NULL, "2026-12-03T10:00:60+01:00", NULL, SP_CASE_TIME_ERROR_INVALID, NULL },
    { NULL, "2026-12-03T10:00:59+01:00", "2026-12-03T09:00:59Z", 0, NULL },
  };

  if (berlin == NULL || lord_howe == NULL)
    {
      g_test_skip ("no time zone data for Europe/Berlin or Australia/Lord_Howe");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = sp_case_parse_time_full (cases[i].text, cases[i].tz, &error);

      g_test_message ("%s", cases[i].text);
      if (cases[i].utc != NULL)
        {
          g_autoptr(GDateTime) utc = NULL;
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          utc = g_date_time_to_utc (time);
          text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          g_assert_cmpstr (text, ==, cases[i].utc);
          continue;
        }
      g_assert_null (time);
      g_assert_error (error, SP_CASE_TIME_ERROR, cases[i].code);
      if (cases[i].message != NULL && strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].message, error->message);
      /* the plain reader refuses it too */
      g_assert_null (sp_case_parse_time (cases[i].text, cases[i].tz));
    }
}

/* A time typed as "HH:MM" is the nearer of today's and yesterday's: at
 * 00:10, "23:55" is 15 minutes ago, the evening before (it was refused as
 * a time in the future); "00:05" is today's; "00:12" today's too (within
 * the five minutes a clock may be ahead); "00:20" is today's and refused
 * (10 minutes ahead; yesterday's would be 23 h 50 min back). */
static void
test_typed_time_before_midnight (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 5, 0, 10, 0);
  struct {
    const char *typed;
    const char *local;   /* NULL: refused as in the future */
  } cases[] = {
    { "23:55", "2026-12-04 23:55" },
    { "00:05", "2026-12-05 00:05" },
    { "00:12", "2026-12-05 00:12" },
    { "12:11", "2026-12-04 12:11" },
    { "00:20", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = sp_case_parse_typed_time (cases[i].typed, now, &error);

      g_test_message ("%s", cases[i].typed);
      if (cases[i].local == NULL)
        {
          g_assert_null (time);
          g_assert_error (error, SP_CASE_TIME_ERROR, SP_CASE_TIME_ERROR_FUTURE);
        }
      else
        {
          g_autoptr(GDateTime) local = NULL;
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          local = g_date_time_to_local (time);
          text = g_date_time_format (local, "%Y-%m-%d %H:%M");
          g_assert_cmpstr (text, ==, cases[i].local);
        }
    }
}

static const SpCaseInfusion *
find_infusion (GPtrArray  *infusions,
               const char *drug)
{
  for (guint i = 0; i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (g_str_equal (infusion->drug_id, drug))
        return infusion;
    }
  g_error ("no %s infusion", drug);
}

/* --- the file ---------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autofree char *path = six_hours_path ();
  g_autofree char *original = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpCaseData) reread = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &original, &length, NULL));

  /* Read by the one loader (resolved against the library), written back:
   * the same bytes. */
  data = load_six_hours ();
  g_assert_cmpuint (data->format_version, ==, 4);
  g_assert_cmpuint (data->timeline->len, ==, 12);
  written = sp_case_file_to_xml (data);
  g_assert_cmpstr (written, ==, original);

  /* And again from what was written. */
  reread = sp_case_file_load_data (written, strlen (written), "written.xml", &error);
  g_assert_no_error (error);
  again = sp_case_file_to_xml (reread);
  g_assert_cmpstr (again, ==, original);
}

static void
test_save_keeps_entries (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "saved.xml", NULL);
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(SpCaseData) reread = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_case_file_save (path, data, &error));
  g_assert_no_error (error);
  reread = sp_case_data_load (path, protocol, drugs, &error);
  g_assert_no_error (error);

  /* Every entry, the struck ones too, with who corrected them and why. */
  g_assert_cmpuint (reread->timeline->len, ==, 12);
  for (guint i = 0; i < reread->timeline->len; i++)
    {
      const SpCaseEntry *a = g_ptr_array_index (data->timeline, i);
      const SpCaseEntry *b = g_ptr_array_index (reread->timeline, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_true (g_date_time_equal (a->time, b->time));
      g_assert_cmpstr (a->author, ==, b->author);
      g_assert_cmpstr (a->corrects, ==, b->corrects);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_cmpuint (a->observations->len, ==, b->observations->len);
      g_assert_cmpuint (a->events->len, ==, b->events->len);
    }
  remove_tree (dir);
}

static void
test_corrections (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  const SpCaseEntry *e4 = sp_timeline_lookup (data->timeline, "e4");
  const SpCaseEntry *e5 = sp_timeline_lookup (data->timeline, "e5");
  const SpCaseEntry *e10 = sp_timeline_lookup (data->timeline, "e10");
  const SpCaseEntry *e11 = sp_timeline_lookup (data->timeline, "e11");
  g_autoptr(GDateTime) recorded = at ("2026-12-03T09:40:00+01:00");

  g_assert_true (sp_timeline_get_correction (data->timeline, e4) == e5);
  g_assert_null (sp_timeline_get_correction (data->timeline, e5));
  g_assert_true (g_date_time_equal (e5->recorded, recorded));
  g_assert_cmpstr (e5->author, ==, "CD");
  g_assert_true (sp_timeline_get_correction (data->timeline, e10) == e11);
  /* Entered in error: a correction that records nothing. */
  g_assert_true (sp_case_entry_is_empty (e11));
}

static void
test_old_format_opens (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "cases",
                                                 "example-step2.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_data_load (path, protocol, drugs, &error);
  g_autofree char *xml = NULL;
  g_autoptr(SpCaseData) moment = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (data->format_version, ==, 2);
  g_assert_cmpuint (data->timeline->len, ==, 0);
  /* Written back in its own format: nothing of format 4 is needed. */
  xml = sp_case_file_to_xml (data);
  g_assert_nonnull (strstr (xml, "<case format-version=\"2\">"));
  g_assert_null (strstr (xml, "<timeline>"));

  /* No timeline: no moment to evaluate. */
  moment = sp_case_data_new ();
  g_assert_false (sp_case_data_state_at (data, NULL, &moment->patient, moment->infusions, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_TIMELINE);
}

/* Each refused file: the line and what the message says. */
static void
test_refused (void)
{
  static const struct {
    const char *entries;   /* inside <timeline> */
    const char *message;
  } cases[] = {
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00\"><value field=\"map\">60</value></entry>",
      "not a time with its offset from UTC" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"><value field=\"map\">60</value></entry>"
      "<entry id=\"e1\" time=\"2026-12-03T09:00:00Z\"><value field=\"map\">61</value></entry>",
      "entry id “e1” is used twice" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\" corrects=\"e9\"/>",
      "corrects “e9”, which is not another entry" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"><value field=\"map\">60</value></entry>"
      "<entry id=\"e2\" time=\"2026-12-03T08:00:00Z\" corrects=\"e1\"/>"
      "<entry id=\"e3\" time=\"2026-12-03T08:00:00Z\" corrects=\"e1\"/>",
      "entry “e1” is corrected twice" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\" corrects=\"e2\"/>"
      "<entry id=\"e2\" time=\"2026-12-03T08:00:00Z\" corrects=\"e1\"/>",
      "go round in a circle" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"><value field=\"norepinephrine\">0.1</value></entry>",
      "recorded as an infusion event" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"><dose drug=\"norepinephrine\"/></entry>",
      "give the new dose" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\">"
      "<dose drug=\"norepinephrine\" dose=\"0.1\" dose-unit=\"mcg/kg/min\"/></entry>",
      "a dose change of norepinephrine, which does not run then" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\">"
      "<start drug=\"dobutamine\" dose=\"5\" dose-unit=\"mcg/kg/min\"/></entry>"
      "<entry id=\"e2\" time=\"2026-12-03T09:00:00Z\">"
      "<start drug=\"dobutamine\" dose=\"7.5\" dose-unit=\"mcg/kg/min\"/></entry>",
      "a start of dobutamine, which runs already" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\">"
      "<start drug=\"norepinephrine\" dose=\"50\" dose-unit=\"mcg/kg/min\"/></entry>",
      "hard limit" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"><value field=\"map\">400</value></entry>",
      "map" },
    { "<entry id=\"e1\" time=\"2026-12-03T08:00:00Z\"/>",
      "records nothing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                               "<case format-version=\"4\">\n"
                                               "  <patient/>\n"
                                               "  <timeline>\n"
                                               "%s\n"
                                               "  </timeline>\n"
                                               "</case>\n", cases[i].entries);
      g_autoptr(GError) error = NULL;
      g_autoptr(SpCaseData) data = NULL;

      g_test_message ("refused case %u", i);
      data = sp_case_file_load_data (text, strlen (text), "t.xml", &error);
      if (data != NULL)
        {
          sp_case_data_resolve (data, protocol, drugs, "t.xml", &error);
          g_clear_pointer (&data, sp_case_data_free);
        }
      g_assert_nonnull (error);
      /* Every entry above is on line 5. */
      g_assert_true (g_str_has_prefix (error->message, "t.xml:5: "));
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
    }
}

static void
test_timeline_needs_format_4 (void)
{
  const char *text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<case format-version=\"3\">\n"
                     "  <patient/>\n"
                     "  <timeline/>\n"
                     "</case>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_file_load_data (text, strlen (text), "t.xml", &error);

  g_assert_null (data);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_CONTENT);
  g_assert_cmpstr (error->message, ==, "t.xml:4: a timeline needs case format 4; this file says format 3");
}

/* --- the state at a moment ----------------------------------------------------- */

static void
test_state_at (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GPtrArray) infusions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  g_autoptr(GDateTime) t0930 = at ("2026-12-03T09:30:00+01:00");
  g_autoptr(GDateTime) t1230 = at ("2026-12-03T12:30:00+01:00");
  g_autoptr(GDateTime) t1330 = at ("2026-12-03T13:30:00+01:00");
  g_autoptr(GDateTime) t0759 = at ("2026-12-03T07:59:59+01:00");
  g_autoptr(GDateTime) t0830_utc = at ("2026-12-03T07:30:00Z");
  g_autoptr(GError) error = NULL;
  const SpCaseInfusion *ne;
  SpPatientState state;

  /* 09:30: e4 (MAP 63) is struck, its correction e5 says 68; NE 0.1 (e3). */
  g_assert_true (sp_case_data_state_at (data, t0930, &state, infusions, &error));
  g_assert_cmpfloat (state.values[SP_FIELD_MAP].number, ==, 68);
  g_assert_cmpfloat (state.values[SP_FIELD_LACTATE].number, ==, 3.8);
  ne = find_infusion (infusions, "norepinephrine");
  g_assert_cmpfloat (ne->dose, ==, 0.1);
  g_assert_cmpfloat (ne->concentration.amount, ==, 4);

  /* 12:30: the new bag (e8) is 8 mg/250 mL; the dose stays 0.15 (e6). */
  g_assert_true (sp_case_data_state_at (data, t1230, &state, infusions, &error));
  ne = find_infusion (infusions, "norepinephrine");
  g_assert_cmpfloat (ne->concentration.amount, ==, 8);
  g_assert_cmpfloat (ne->dose, ==, 0.15);

  /* 13:30: HR 150 (e10) was entered in error: still 104 (e7). */
  g_assert_true (sp_case_data_state_at (data, t1330, &state, infusions, &error));
  g_assert_cmpfloat (state.values[SP_FIELD_HR].number, ==, 104);

  /* 07:30Z is 08:30+01:00: the same moment in another zone, NE just started. */
  g_assert_true (sp_case_data_state_at (data, t0830_utc, &state, infusions, &error));
  g_assert_cmpfloat (find_infusion (infusions, "norepinephrine")->dose, ==, 0.05);

  /* Before the first entry: nothing to evaluate. */
  g_assert_false (sp_case_data_state_at (data, t0759, &state, infusions, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_TIMELINE);
}

static void
test_engine_at_moments (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  static const struct {
    const char *time;
    const char *step;
    double      nee;   /* mcg/kg/min */
    double      vis;
    const char *scai;
  } moments[] = {
    /* 08:00: dobutamine 5 only: NEE 0; VIS 5; lactate 4.1 (hypoperfusion)
     * on one drug: C. */
    { "2026-12-03T08:00:00+01:00", "step3-norepinephrine", 0, 5, "C" },
    /* 08:30: + NE 0.05: NEE 0.05; VIS 5 + 100 x 0.05 = 10; hypoperfusion
     * despite two drugs: D. */
    { "2026-12-03T08:30:00+01:00", "step3-norepinephrine", 0.05, 10, "D" },
    /* 10:00: NE 0.15: VIS 5 + 15 = 20. */
    { "2026-12-03T10:00:00+01:00", "step3-norepinephrine", 0.15, 20, "D" },
    /* 13:00: NE 0.1, lactate 1.8, skin and mind normal, urine 0.6, SBP 102,
     * MAP 72: targets met on a vasopressor (taper); VIS 5 + 10 = 15; no
     * hypoperfusion or hypotension, drugs running: C. */
    { "2026-12-03T13:00:00+01:00", "wean", 0.1, 15, "C" },
    /* 14:00: NE 0.05: VIS 10. */
    { "2026-12-03T14:00:00+01:00", "wean", 0.05, 10, "C" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autoptr(GDateTime) time = at (moments[i].time);
      g_autoptr(GPtrArray) infusions =
        g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
      g_autoptr(SpAssessment) assessment = NULL;
      g_autoptr(GError) error = NULL;
      SpPatientState state;

      g_test_message ("%s", moments[i].time);
      g_assert_true (sp_case_data_state_at (data, time, &state, infusions, &error));
      assessment = sp_engine_evaluate (protocol, drugs, &state, infusions);
      g_assert_cmpstr (sp_assessment_get_active_step (assessment)->id, ==, moments[i].step);
      g_assert_cmpfloat_with_epsilon (sp_assessment_find_score (assessment, "nee")->value,
                                      moments[i].nee, 1e-12);
      g_assert_cmpfloat_with_epsilon (sp_assessment_find_score (assessment, "vis")->value,
                                      moments[i].vis, 1e-12);
      g_assert_cmpstr (sp_assessment_get_staging (assessment)->stage->label, ==, moments[i].scai);
    }
}

/* --- recording ------------------------------------------------------------------- */

static void
test_unrecorded (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GDateTime) now = at ("2026-12-03T14:30:00+01:00");
  g_autoptr(SpCaseEntry) diff = NULL;
  const SpCaseObservation *observation;

  /* The file's state now is the timeline's end: nothing unrecorded. */
  g_assert_false (sp_case_data_has_unrecorded (data));

  sp_patient_state_set_number (&data->patient, SP_FIELD_MAP, 66);
  g_assert_true (sp_case_data_has_unrecorded (data));
  diff = sp_timeline_diff (data->timeline, &data->patient, data->infusions, now);
  g_assert_cmpuint (diff->observations->len, ==, 1);
  g_assert_cmpuint (diff->events->len, ==, 0);
  observation = g_ptr_array_index (diff->observations, 0);
  g_assert_cmpint (observation->field, ==, SP_FIELD_MAP);
  g_assert_cmpfloat (observation->value.number, ==, 66);
}

static void
test_diff_events (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GDateTime) now = at ("2026-12-03T14:30:00+01:00");
  g_autoptr(SpCaseEntry) diff = NULL;
  SpConcentration vaso = { 20, SP_AMOUNT_UNITS, 100, FALSE };
  SpCaseInfusion *ne = (SpCaseInfusion *) find_infusion (data->infusions, "norepinephrine");
  SpCaseInfusion *vasopressin = sp_case_infusion_new ("vasopressin", &vaso);
  const SpCaseEvent *event;

  /* NE to a new bag and dose, dobutamine stopped, vasopressin started. */
  ne->concentration.amount = 16;
  ne->dose = 0.2;
  g_ptr_array_remove (data->infusions, (gpointer) find_infusion (data->infusions, "dobutamine"));
  vasopressin->has_dose = TRUE;
  vasopressin->dose = 0.03;
  g_assert_true (sp_dose_unit_parse ("units/min", &vasopressin->dose_unit));
  g_ptr_array_add (data->infusions, vasopressin);

  diff = sp_timeline_diff (data->timeline, &data->patient, data->infusions, now);
  g_assert_cmpuint (diff->observations->len, ==, 0);
  g_assert_cmpuint (diff->events->len, ==, 4);
  /* In the order the drugs started: dobutamine (e1), then norepinephrine
   * (e2), then the new vasopressin. */
  event = g_ptr_array_index (diff->events, 0);
  g_assert_cmpint (event->kind, ==, SP_CASE_EVENT_STOP);
  g_assert_cmpstr (event->infusion->drug_id, ==, "dobutamine");
  event = g_ptr_array_index (diff->events, 1);
  g_assert_cmpint (event->kind, ==, SP_CASE_EVENT_BAG);
  g_assert_cmpfloat (event->infusion->concentration.amount, ==, 16);
  event = g_ptr_array_index (diff->events, 2);
  g_assert_cmpint (event->kind, ==, SP_CASE_EVENT_DOSE);
  g_assert_cmpfloat (event->infusion->dose, ==, 0.2);
  event = g_ptr_array_index (diff->events, 3);
  g_assert_cmpint (event->kind, ==, SP_CASE_EVENT_START);
  g_assert_cmpstr (event->infusion->drug_id, ==, "vasopressin");

  /* Recorded, nothing is left unrecorded. */
  g_assert_nonnull (sp_case_data_add_entry (data, g_steal_pointer (&diff), protocol, drugs, NULL));
  g_assert_false (sp_case_data_has_unrecorded (data));
  g_assert_cmpstr (((SpCaseEntry *) g_ptr_array_index (data->timeline, 12))->id, ==, "e13");
}

/* An infusion of @drug at @dose @unit (no concentration: the warnings
 * look at doses only), or proposed (@dose NAN). */
static SpCaseInfusion *
dose_of (const char *drug,
         double      dose,
         const char *unit)
{
  SpCaseInfusion *infusion = sp_case_infusion_new (drug, NULL);

  infusion->has_dose = !isnan (dose);
  infusion->dose = infusion->has_dose ? dose : 0;
  g_assert_true (sp_dose_unit_parse (unit, &infusion->dose_unit));
  return infusion;
}

static GPtrArray *
infusions_of (SpCaseInfusion *first,
              ...)
{
  GPtrArray *infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  va_list args;

  va_start (args, first);
  for (SpCaseInfusion *infusion = first; infusion != NULL; infusion = va_arg (args, SpCaseInfusion *))
    g_ptr_array_add (infusions, infusion);
  va_end (args);
  return infusions;
}

/* What an entry asks to check (CLINICAL.md): a soft limit and a dose more
 * than twice or less than half the one that ran, at 80 kg. The default
 * library: norepinephrine soft limits 1 mcg/kg/min and 70 mcg/min. */
static void
test_infusion_warnings (void)
{
  static const struct {
    const char *before_unit;
    double      before;       /* NAN: not running before */
    const char *after_unit;
    double      after;
    const char *ids;          /* the warnings' ids, in order */
    double      factor;       /* the dose change's, or NAN */
  } cases[] = {
    /* 1.5 > 1: soft; 1.5 / 0.05 = 30x */
    { "mcg/kg/min", 0.05, "mcg/kg/min", 1.5, "norepinephrine-soft-limit dose-change", 30 },
    /* 0.15 / 0.1 = 1.5x: within 0.5x..2x, below the soft limit */
    { "mcg/kg/min", 0.1, "mcg/kg/min", 0.15, "", NAN },
    /* 0.04 / 0.1 = 0.4x: less than half */
    { "mcg/kg/min", 0.1, "mcg/kg/min", 0.04, "dose-change", 0.4 },
    /* 0.3 / 0.1 = 3 exactly, not 2.9999999999999996 */
    { "mcg/kg/min", 0.1, "mcg/kg/min", 0.3, "dose-change", 3 },
    /* exactly 2x (0.2 / 0.1) is not more than twice */
    { "mcg/kg/min", 0.1, "mcg/kg/min", 0.2, "", NAN },
    /* 112 mcg/min at 80 kg = 1.4 mcg/kg/min, the dose that ran: no change;
     * 112 > 70 mcg/min: soft */
    { "mcg/kg/min", 1.4, "mcg/min", 112, "norepinephrine-soft-limit", NAN },
    /* a start: nothing ran to compare with; 0.05 is below every limit */
    { NULL, NAN, "mcg/kg/min", 0.05, "", NAN },
    /* the same dose again: nothing this entry set, though above the soft limit */
    { "mcg/kg/min", 1.2, "mcg/kg/min", 1.2, "", NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) before = cases[i].before_unit != NULL
        ? infusions_of (dose_of ("norepinephrine", cases[i].before, cases[i].before_unit), NULL)
        : g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
      g_autoptr(GPtrArray) after =
        infusions_of (dose_of ("norepinephrine", cases[i].after, cases[i].after_unit), NULL);
      g_autoptr(GPtrArray) warnings = sp_timeline_infusion_warnings (before, after, drugs, 80,
                                                                     SP_NUMBER_C);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint j = 0; j < warnings->len; j++)
        {
          const SpEntryWarning *warning = g_ptr_array_index (warnings, j);

          g_test_message ("case %u: %s: %s", i, warning->id, warning->message);
          g_string_append_printf (ids, "%s%s", j > 0 ? " " : "", warning->id);
          g_assert_cmpstr (warning->drug_id, ==, "norepinephrine");
          if (g_str_equal (warning->id, "dose-change"))
            {
              g_assert_cmpint (warning->severity, ==, SP_SEVERITY_WARNING);
              g_assert_cmpfloat (warning->factor, ==, cases[i].factor);
            }
          else
            {
              g_assert_cmpint (warning->severity, ==, SP_SEVERITY_SOFT_LIMIT);
              g_assert_true (isnan (warning->factor));
            }
        }
      g_assert_cmpstr (ids->str, ==, cases[i].ids);
    }

  /* The messages name the drug, both doses and the factor: 1.5 / 0.05 */
  {
    g_autoptr(GPtrArray) before = infusions_of (dose_of ("norepinephrine", 0.05, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) after = infusions_of (dose_of ("norepinephrine", 1.5, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) warnings = sp_timeline_infusion_warnings (before, after, drugs, 80,
                                                                   SP_NUMBER_C);
    const SpEntryWarning *change = g_ptr_array_index (warnings, 1);

    g_assert_nonnull (strstr (change->message, "1.5 mcg/kg/min: 30× the running dose (0.05 mcg/kg/min)"));
  }

  /* Without a weight a dose in mcg/min cannot be held against one in
   * mcg/kg/min: no factor is made up. 100 mcg/min > 70: soft. */
  {
    g_autoptr(GPtrArray) before = infusions_of (dose_of ("norepinephrine", 0.1, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) after = infusions_of (dose_of ("norepinephrine", 100, "mcg/min"), NULL);
    g_autoptr(GPtrArray) warnings = sp_timeline_infusion_warnings (before, after, drugs, NAN,
                                                                   SP_NUMBER_C);

    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_cmpstr (((SpEntryWarning *) g_ptr_array_index (warnings, 0))->id, ==,
                     "norepinephrine-soft-limit");
  }

  /* A stop and a proposal (no dose) ask nothing. */
  {
    g_autoptr(GPtrArray) before = infusions_of (dose_of ("norepinephrine", 0.5, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) stopped = infusions_of (dose_of ("norepinephrine", 0, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) proposed = infusions_of (dose_of ("norepinephrine", NAN, "mcg/kg/min"), NULL);
    g_autoptr(GPtrArray) a = sp_timeline_infusion_warnings (before, stopped, drugs, 80, SP_NUMBER_C);
    g_autoptr(GPtrArray) b = sp_timeline_infusion_warnings (before, proposed, drugs, 80, SP_NUMBER_C);

    g_assert_cmpuint (a->len, ==, 0);
    g_assert_cmpuint (b->len, ==, 0);
  }
}

static SpCaseEntry *
entry_setting (const char *time,
               SpField     field,
               double      value)
{
  g_autoptr(GDateTime) when = at (time);
  SpCaseEntry *entry = sp_case_entry_new (NULL, when);
  SpFieldValue v = { TRUE, value, 0 };

  g_ptr_array_add (entry->observations, sp_case_observation_new (field, &v, NULL));
  return entry;
}

static void
test_add_keeps_unrecorded (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GError) error = NULL;

  /* A MAP typed and not recorded (80) ... */
  sp_patient_state_set_number (&data->patient, SP_FIELD_MAP, 80);

  /* ... stays when a later entry records the lactate: the lactate follows
   * the timeline, the MAP stays as typed. */
  g_assert_nonnull (sp_case_data_add_entry (data, entry_setting ("2026-12-03T15:00:00+01:00",
                                                                 SP_FIELD_LACTATE, 1.5),
                                            protocol, drugs, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (data->patient.values[SP_FIELD_LACTATE].number, ==, 1.5);
  g_assert_cmpfloat (data->patient.values[SP_FIELD_MAP].number, ==, 80);

  /* A back-dated MAP (10:30) changes nothing now: 14:00 (e12) is later. */
  g_assert_nonnull (sp_case_data_add_entry (data, entry_setting ("2026-12-03T10:30:00+01:00",
                                                                 SP_FIELD_MAP, 64),
                                            protocol, drugs, &error));
  g_assert_cmpfloat (data->patient.values[SP_FIELD_MAP].number, ==, 80);

  /* The newest entry recording the MAP makes it the state now. */
  g_assert_nonnull (sp_case_data_add_entry (data, entry_setting ("2026-12-03T15:30:00+01:00",
                                                                 SP_FIELD_MAP, 70),
                                            protocol, drugs, &error));
  g_assert_cmpfloat (data->patient.values[SP_FIELD_MAP].number, ==, 70);
  g_assert_false (sp_case_data_has_unrecorded (data));
  g_assert_cmpuint (data->timeline->len, ==, 15);
}

/* An entry written late says when: the record must tell 09:00 charted at
 * 09:00 from 09:00 charted hours later. Within the clocks' slack (5
 * minutes) an entry is in time. */
static void
test_late_entry (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (before, -1);
  g_autoptr(GDateTime) just_now = g_date_time_add_minutes (before, -2);
  g_autofree char *hour_ago_text = sp_case_format_time (hour_ago);
  g_autofree char *just_now_text = sp_case_format_time (just_now);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) again = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *late = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GDateTime) after = NULL;
  const SpCaseEntry *in_time, *written_late;

  written_late = sp_case_data_add_entry (data, entry_setting (hour_ago_text, SP_FIELD_MAP, 64),
                                         protocol, drugs, &error);
  g_assert_no_error (error);
  in_time = sp_case_data_add_entry (data, entry_setting (just_now_text, SP_FIELD_MAP, 66),
                                    protocol, drugs, &error);
  g_assert_no_error (error);
  after = g_date_time_new_now_local ();

  /* written now, an hour after its time */
  g_assert_nonnull (written_late->recorded);
  /* to the second, as the file keeps it */
  g_assert_cmpint (g_date_time_get_microsecond (written_late->recorded), ==, 0);
  g_assert_cmpint (g_date_time_difference (written_late->recorded, before), >, -G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_compare (written_late->recorded, after), <=, 0);
  g_assert_null (in_time->recorded);
  g_assert_null (sp_case_entry_describe_late (in_time));
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (written_late->recorded);
    g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

    expected = g_strdup_printf ("entered late, at %s", when);
  }
  late = sp_case_entry_describe_late (written_late);
  g_assert_cmpstr (late, ==, expected);

  /* kept by the file */
  xml = sp_case_file_to_xml (data);
  again = sp_case_file_load_data (xml, strlen (xml), "late.xml", &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (sp_timeline_lookup (again->timeline, written_late->id)->recorded,
                                    written_late->recorded));
  g_assert_null (sp_timeline_lookup (again->timeline, in_time->id)->recorded);
}

static void
test_add_refused (void)
{
  g_autoptr(SpCaseData) data = load_six_hours ();
  g_autoptr(GDateTime) time = at ("2026-12-03T15:00:00+01:00");
  g_autofree char *before = sp_case_file_to_xml (data);
  g_autofree char *after = NULL;
  SpCaseEntry *entry;
  SpCaseInfusion *dose;
  g_autoptr(GError) error = NULL;

  /* A dose change of vasopressin, which does not run. */
  entry = sp_case_entry_new (NULL, time);
  dose = sp_case_infusion_new ("vasopressin", NULL);
  dose->has_dose = TRUE;
  dose->dose = 0.03;
  g_assert_true (sp_dose_unit_parse ("units/min", &dose->dose_unit));
  g_ptr_array_add (entry->events, sp_case_event_new (SP_CASE_EVENT_DOSE, dose, NULL));
  g_assert_null (sp_case_data_add_entry (data, entry, protocol, drugs, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* A correction of an entry corrected already. */
  entry = sp_case_entry_new (NULL, time);
  entry->corrects = g_strdup ("e4");
  g_assert_null (sp_case_data_add_entry (data, entry, protocol, drugs, &error));
  g_assert_nonnull (strstr (error->message, "correct the correction, “e5”"));
  g_clear_error (&error);

  /* Nothing to record. */
  entry = sp_case_entry_new (NULL, time);
  g_assert_null (sp_case_data_add_entry (data, entry, protocol, drugs, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY);
  g_clear_error (&error);

  /* A MAP the protocol refuses. */
  g_assert_null (sp_case_data_add_entry (data, entry_setting ("2026-12-03T15:00:00+01:00",
                                                              SP_FIELD_MAP, 400),
                                         protocol, drugs, &error));
  g_assert_nonnull (error);

  /* Refused means unchanged. */
  after = sp_case_file_to_xml (data);
  g_assert_cmpstr (after, ==, before);
}

/* A lecture's stages replay as a timeline: each stage a moment, 30 minutes
 * apart when the file gives no minutes, recording what changed; the state
 * at each moment is the stage's. */
static void
test_stages_timeline (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "cases",
                                                 "teaching-escalation-vasopressin-iabp.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseData) data = sp_case_data_load (path, protocol, drugs, &error);
  g_autoptr(GDateTime) start = at ("2026-12-03T08:00:00Z");
  g_autoptr(GPtrArray) timeline = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (data->stages->len, ==, 4);
  timeline = sp_timeline_from_stages (data->stages, 3, start);
  g_assert_cmpuint (timeline->len, ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);
      const SpCaseEntry *entry = g_ptr_array_index (timeline, i);
      g_autoptr(GPtrArray) infusions =
        g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
      /* 08:00, 08:30, 09:00, 09:30 */
      g_autoptr(GDateTime) expected = g_date_time_add_minutes (start, 30 * (int) i);
      SpPatientState state;

      g_assert_cmpstr (entry->id, ==, stage->id);
      g_assert_true (g_date_time_equal (entry->time, expected));
      g_assert_true (sp_timeline_state_at (timeline, entry->time, NULL, &state, infusions, NULL));
      for (guint f = 0; f < SP_N_FIELDS; f++)
        if (!sp_field_is_therapy (f))
          g_assert_true (state.values[f].set == stage->patient.values[f].set);
      g_assert_cmpuint (infusions->len, ==, stage->infusions->len);
      for (guint j = 0; j < infusions->len; j++)
        g_assert_true (sp_case_infusion_equal (g_ptr_array_index (infusions, j),
                                               g_ptr_array_index (stage->infusions, j)));
    }

  /* Up to the second stage: two entries. */
  g_clear_pointer (&timeline, g_ptr_array_unref);
  timeline = sp_timeline_from_stages (data->stages, 1, start);
  g_assert_cmpuint (timeline->len, ==, 2);
}

/* --- the window's model ------------------------------------------------------- */

static void
test_case_record (void)
{
  g_autofree char *path = six_hours_path ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *saved = g_build_filename (dir, "recorded.xml", NULL);
  g_autoptr(SpCase) one = sp_case_new (protocol, drugs);
  g_autoptr(SpCase) two = sp_case_new (protocol, drugs);
  g_autoptr(GDateTime) time = at ("2026-12-03T14:30:00+01:00");
  g_autoptr(GError) error = NULL;
  const SpCaseEntry *last;

  g_assert_true (sp_case_load (one, path, &error));
  g_assert_cmpuint (sp_case_get_timeline (one)->len, ==, 12);
  g_assert_false (sp_case_has_unrecorded (one));

  /* Nothing changed: nothing to record. */
  g_assert_false (sp_case_record (one, time, "GH", NULL, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY);
  g_clear_error (&error);

  /* A MAP typed, then recorded at 14:30 by GH. */
  sp_patient_set_number (sp_case_get_patient (one), SP_FIELD_MAP, 66);
  g_assert_true (sp_case_has_unrecorded (one));
  g_assert_true (sp_case_record (one, time, "GH", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sp_case_has_unrecorded (one));
  g_assert_true (sp_case_get_modified (one));
  last = g_ptr_array_index (sp_case_get_timeline (one), 12);
  g_assert_cmpstr (last->id, ==, "e13");
  g_assert_cmpstr (last->author, ==, "GH");
  g_assert_cmpuint (last->observations->len, ==, 1);

  /* Saved and opened again: the entry is there. */
  g_assert_true (sp_case_save (one, saved, &error));
  g_assert_true (sp_case_load (two, saved, &error));
  g_assert_cmpuint (sp_case_get_timeline (two)->len, ==, 13);
  g_assert_false (sp_case_has_unrecorded (two));

  /* A new case has none. */
  sp_case_reset (two);
  g_assert_cmpuint (sp_case_get_timeline (two)->len, ==, 0);
  remove_tree (dir);
}

static SpCaseObservation *
find_observation (SpCaseEntry *entry,
                  SpField      field)
{
  for (guint i = 0; i < entry->observations->len; i++)
    {
      SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);

      if (observation->field == field)
        return observation;
    }
  g_assert_not_reached ();
}

/* A correction from the window's model: e12 (14:00, the newest) had MAP
 * 74 and norepinephrine 0.05 mcg/kg/min; they were 70 and 0.04. The
 * correction holds, e12 stays struck, what is shown follows (MAP 70, the
 * pump at 0.04 × 80 kg × 60 / 32 mcg/mL = 6 mL/h), and a heart rate
 * typed and not recorded stays as typed. */
static void
test_case_correct (void)
{
  g_autofree char *path = six_hours_path ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *saved_path = g_build_filename (dir, "corrected.xml", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(SpCase) one = sp_case_new (protocol, drugs);
  g_autoptr(GError) error = NULL;
  GPtrArray *timeline;
  const SpCaseEntry *e12, *e13;
  SpCaseEntry *correction;
  SpInfusion *norepinephrine;

  g_assert_true (sp_case_load (one, path, &error));
  timeline = sp_case_get_timeline (one);
  sp_patient_set_number (sp_case_get_patient (one), SP_FIELD_HR, 95);

  e12 = sp_timeline_lookup (timeline, "e12");
  correction = sp_case_entry_new_correction (timeline, e12);
  g_assert_cmpstr (correction->corrects, ==, "e12");
  g_assert_true (g_date_time_equal (correction->time, e12->time));
  g_assert_cmpuint (correction->observations->len, ==, 5);
  g_assert_cmpuint (correction->events->len, ==, 1);
  find_observation (correction, SP_FIELD_MAP)->value.number = 70;
  ((SpCaseEvent *) g_ptr_array_index (correction->events, 0))->infusion->dose = 0.04;
  g_assert_true (sp_case_correct (one, correction, "GH", "MAP and dose misread", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (timeline->len, ==, 13);
  e12 = sp_timeline_lookup (timeline, "e12");
  e13 = sp_timeline_lookup (timeline, "e13");
  g_assert_true (sp_timeline_get_correction (timeline, e12) == e13);
  g_assert_cmpstr (e13->corrects, ==, "e12");
  g_assert_cmpstr (e13->author, ==, "GH");
  g_assert_cmpstr (e13->reason, ==, "MAP and dose misread");
  g_assert_nonnull (e13->recorded);
  /* written on another day than 14:00 on 2026-12-03: the day is said */
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (e13->recorded);
    g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
    g_autofree char *expected = g_strdup_printf ("corrects e12 at %s: MAP and dose misread", when);
    g_autofree char *heading = sp_case_entry_describe_correction (e13);

    g_assert_cmpstr (heading, ==, expected);
  }
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (one), SP_FIELD_MAP), ==, 70);
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (one), SP_FIELD_HR), ==, 95);
  norepinephrine = sp_case_find_infusion (one, "norepinephrine");
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_dose (norepinephrine), 0.04, 1e-12);
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (norepinephrine), 6, 1e-9);
  g_assert_true (sp_case_get_modified (one));
  g_assert_false (sp_case_get_can_undo (one));

  /* e12 is corrected already: its correction is the one to correct */
  correction = sp_case_entry_new_correction (timeline, e12);
  find_observation (correction, SP_FIELD_MAP)->value.number = 71;
  g_assert_false (sp_case_correct (one, correction, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "e13"));
  g_clear_error (&error);

  /* a correction that changes nothing is refused: it would strike the
   * entry for the same values */
  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e9"));
  g_assert_false (sp_case_correct (one, correction, NULL, NULL, &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "Nothing to correct: the values and doses are those e9 "
                   "records; change the one that is wrong, or record that e9 was entered in error");
  g_clear_error (&error);

  /* a correction says why */
  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e9"));
  find_observation (correction, SP_FIELD_MAP)->value.number = 70;
  g_assert_false (sp_case_correct (one, correction, "GH", "  ", &error));
  g_assert_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_NO_REASON);
  g_clear_error (&error);

  /* a value the protocol refuses: refused, nothing changes */
  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e9"));
  find_observation (correction, SP_FIELD_MAP)->value.number = 900;
  g_assert_false (sp_case_correct (one, correction, NULL, "misread", &error));
  g_assert_cmpstr (error->message, ==, "map: Mean arterial pressure: 900 mmHg is outside the "
                   "accepted range, 0–250 mmHg.");
  g_clear_error (&error);
  g_assert_cmpuint (timeline->len, ==, 13);

  /* e7 (11:00) entered in error: the mental status it alone recorded
   * ("normal") goes back to e1's "altered" */
  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e7"));
  g_ptr_array_set_size (correction->observations, 0);
  g_ptr_array_set_size (correction->events, 0);
  g_assert_cmpstr (sp_patient_get_choice (sp_case_get_patient (one), SP_FIELD_MENTAL), ==, "normal");
  g_assert_true (sp_case_correct (one, correction, "GH", "another patient's values", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 14);
  g_assert_cmpstr (sp_patient_get_choice (sp_case_get_patient (one), SP_FIELD_MENTAL), ==, "altered");

  /* saved as the file format has it */
  g_assert_true (sp_case_save (one, saved_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved_path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "author=\"GH\" recorded=\"20"));
  g_assert_nonnull (strstr (saved, "corrects=\"e12\" reason=\"MAP and dose misread\">"));
  g_assert_nonnull (strstr (saved, "<value field=\"map\">70</value>"));
  g_assert_nonnull (strstr (saved, "<dose drug=\"norepinephrine\" dose=\"0.04\" "
                                   "dose-unit=\"mcg/kg/min\" reason=\"taper: targets met\"/>"));
  g_assert_nonnull (strstr (saved, "corrects=\"e7\" reason=\"another patient's values\"/>"));
  remove_tree (dir);
}

/* What a correction asks before it is made: e12's norepinephrine 0.05
 * corrected to 0.9 mcg/kg/min is above the soft limit at 80 kg (70
 * mcg/min / 80 kg = 0.875 mcg/kg/min) and 9× the 0.1 that ran before e12
 * (e9); it changes the dose that runs now. Nothing is recorded. */
static void
test_check_correction (void)
{
  g_autofree char *path = six_hours_path ();
  g_autoptr(SpCase) one = sp_case_new (protocol, drugs);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpCaseEntry) correction = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *changes = NULL;
  GPtrArray *timeline;

  g_assert_true (sp_case_load (one, path, &error));
  timeline = sp_case_get_timeline (one);
  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e12"));
  ((SpCaseEvent *) g_ptr_array_index (correction->events, 0))->infusion->dose = 0.9;
  correction->reason = g_strdup ("dose misread");

  warnings = sp_case_check_correction (one, correction, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpstr (((SpEntryWarning *) g_ptr_array_index (warnings, 0))->id, ==,
                   "norepinephrine-soft-limit");
  g_assert_cmpfloat_with_epsilon (((SpEntryWarning *) g_ptr_array_index (warnings, 1))->factor, 9,
                                  1e-9);
  g_assert_cmpstr (changes, ==, "From now on: norepinephrine dose 0.9 mcg/kg/min");
  g_assert_cmpuint (timeline->len, ==, 12);

  /* refused as sp_case_correct () refuses it */
  ((SpCaseEvent *) g_ptr_array_index (correction->events, 0))->infusion->dose = 5;
  g_clear_pointer (&warnings, g_ptr_array_unref);
  warnings = sp_case_check_correction (one, correction, NULL, &error);
  g_assert_null (warnings);
  g_assert_nonnull (error);
}

/* A correction of the timeline's first entry, at 08:00, with another
 * entry at 08:00 recorded after it (dobutamine 5 -> 7.5
 * mcg/kg/min): the correction takes e1's place, before that entry, which
 * goes on from it. Sorted in after it, e2 changed the dose of a drug that
 * no longer ran, and the correction was refused. */
static void
test_correct_first_of_same_time (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "cases",
                                                 "example-step2.xml", NULL);
  g_autoptr(SpCase) one = sp_case_new (protocol, drugs);
  g_autoptr(GDateTime) eight = at ("2026-12-05T08:00:00+01:00");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  GPtrArray *timeline;
  SpCaseEntry *correction;

  g_assert_true (sp_case_load (one, path, &error));
  /* e1 the whole case (dobutamine 5), e2 at the same time dobutamine 7.5 */
  g_assert_true (sp_case_record (one, eight, "AB", NULL, &error));
  g_assert_true (sp_infusion_set_dose (sp_case_find_infusion (one, "dobutamine"), 7.5, NULL));
  g_assert_true (sp_case_record (one, eight, "AB", NULL, &error));
  g_assert_no_error (error);
  timeline = sp_case_get_timeline (one);
  g_assert_cmpuint (timeline->len, ==, 2);

  correction = sp_case_entry_new_correction (timeline, sp_timeline_lookup (timeline, "e1"));
  find_observation (correction, SP_FIELD_WEIGHT)->value.number = 87;
  g_assert_true (sp_case_correct (one, correction, "AB", "weighed again", &error));
  g_assert_no_error (error);

  g_assert_cmpstr (((SpCaseEntry *) g_ptr_array_index (timeline, 0))->id, ==, "e1");
  g_assert_cmpstr (((SpCaseEntry *) g_ptr_array_index (timeline, 1))->id, ==, "e3");
  g_assert_cmpstr (((SpCaseEntry *) g_ptr_array_index (timeline, 2))->id, ==, "e2");
  /* e2 goes on from the correction: dobutamine 7.5 runs at 87 kg */
  assessments = sp_timeline_evaluate (timeline, protocol, drugs);
  g_assert_cmpfloat (sp_assessment_find_score (g_ptr_array_index (assessments, 2), "vis")->value,
                     ==, 7.5);
  g_assert_cmpfloat (sp_patient_get_number (sp_case_get_patient (one), SP_FIELD_WEIGHT), ==, 87);
  g_assert_cmpfloat (sp_infusion_get_dose (sp_case_find_infusion (one, "dobutamine")), ==, 7.5);
}

/* A case without a timeline, recorded from the window: the first entry
 * holds the whole case (every value, dobutamine started in its bag), so
 * nothing is carried over in an entry of its own. */
static void
test_case_first_record (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "cases",
                                                 "example-step2.xml", NULL);
  g_autoptr(SpCase) one = sp_case_new (protocol, drugs);
  g_autoptr(GDateTime) time = at ("2026-12-03T10:00:00+01:00");
  g_autoptr(GError) error = NULL;
  const SpCaseEntry *first;
  const SpCaseEvent *start;

  g_assert_true (sp_case_load (one, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_case_get_timeline (one)->len, ==, 0);
  g_assert_true (sp_case_record (one, time, "GH", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_case_get_timeline (one)->len, ==, 1);
  first = g_ptr_array_index (sp_case_get_timeline (one), 0);
  g_assert_cmpstr (first->id, ==, "e1");
  g_assert_null (first->reason);
  /* weight, SBP, DBP, lactate, urine, mental, skin, central and arterial
   * line, fluid: the ten values example-step2 holds */
  g_assert_cmpuint (first->observations->len, ==, 10);
  g_assert_cmpuint (first->events->len, ==, 1);
  start = g_ptr_array_index (first->events, 0);
  g_assert_cmpint (start->kind, ==, SP_CASE_EVENT_START);
  g_assert_cmpstr (start->infusion->drug_id, ==, "dobutamine");
  g_assert_true (start->infusion->has_concentration);
  g_assert_false (sp_case_has_unrecorded (one));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/timeline/round-trip", test_round_trip);
  g_test_add_func ("/core/timeline/save-keeps-entries", test_save_keeps_entries);
  g_test_add_func ("/core/timeline/corrections", test_corrections);
  g_test_add_func ("/core/timeline/old-format-opens", test_old_format_opens);
  g_test_add_func ("/core/timeline/refused", test_refused);
  g_test_add_func ("/core/timeline/needs-format-4", test_timeline_needs_format_4);
  g_test_add_func ("/core/timeline/state-at", test_state_at);
  g_test_add_func ("/core/timeline/engine-at-moments", test_engine_at_moments);
  g_test_add_func ("/core/timeline/unrecorded", test_unrecorded);
  g_test_add_func ("/core/timeline/diff-events", test_diff_events);
  g_test_add_func ("/core/timeline/infusion-warnings", test_infusion_warnings);
  g_test_add_func ("/core/timeline/add-keeps-unrecorded", test_add_keeps_unrecorded);
  g_test_add_func ("/core/timeline/add-refused", test_add_refused);
  g_test_add_func ("/core/timeline/late-entry", test_late_entry);
  g_test_add_func ("/core/timeline/case-record", test_case_record);
  g_test_add_func ("/core/timeline/case-correct", test_case_correct);
  g_test_add_func ("/core/timeline/check-correction", test_check_correction);
  g_test_add_func ("/core/timeline/correct-first-of-same-time", test_correct_first_of_same_time);
  g_test_add_func ("/core/timeline/case-first-record", test_case_first_record);
  g_test_add_func ("/core/timeline/stages", test_stages_timeline);
  g_test_add_func ("/core/timeline/local-times", test_local_times);
  g_test_add_func ("/core/timeline/typed-time-before-midnight", test_typed_time_before_midnight);

  ret = g_test_run ();
  g_clear_object (&protocol);
  g_clear_object (&drugs);
  return ret;
}
