/* test-format.c: the words and numbers a clinician reads (sp-format,
 * sp-lang) and the one order of alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value is worked out by hand in the comment beside it.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sp-engine.h"
#include "sp-format.h"
#include "sp-lang.h"
#include "sp-test-locale.h"

#define NBSP "\xc2\xa0"

/* --- labels ----------------------------------------------------------------- */

static void
test_labels (void)
{
  /* untranslated (C locale): the words the README shows */
  g_assert_cmpstr (sp_severity_get_label (SP_SEVERITY_HARD_LIMIT), ==, "Hard limit");
  g_assert_cmpstr (sp_severity_get_label (SP_SEVERITY_SOFT_LIMIT), ==, "Soft limit");
  g_assert_cmpstr (sp_severity_get_label (SP_SEVERITY_WARNING), ==, "Warning");
  /* one word for the lowest severity everywhere (it was "Note" on screen and
   * paper, "Info" in the CLI and its README) */
  g_assert_cmpstr (sp_severity_get_label (SP_SEVERITY_INFO), ==, "Info");

  /* "holds" / "does not hold": "signs of hypoperfusion persist: met" read
   * as good news (issue 16); the same words on screen, slides and paper */
  g_assert_cmpstr (sp_tri_get_label (SP_TRI_MET), ==, "holds");
  g_assert_cmpstr (sp_tri_get_label (SP_TRI_UNMET), ==, "does not hold");
  g_assert_cmpstr (sp_tri_get_label (SP_TRI_UNKNOWN), ==, "unknown");
  g_assert_null (sp_finding_to_string (SP_FINDING_NEUTRAL));
  g_assert_cmpstr (sp_finding_to_string (SP_FINDING_BAD), ==, "bad");

  /* A counter says what its numbers mean; the lit step's plural follows
   * the holding count ("1 of 3 holds", "3 of 3 hold"). */
  {
    g_autofree char *why = sp_format_step_count (TRUE, 3, 3);
    g_autofree char *entry = sp_format_step_count (FALSE, 1, 3);

    g_assert_cmpstr (why, ==, "why this step: 3 of 3 hold");
    g_assert_cmpstr (entry, ==, "for this step: 1 of 3");
  }
}

/* --- citations -------------------------------------------------------------- */

static void
test_cites (void)
{
  const char *none[] = { NULL };
  const char *one[] = { "seed-1", NULL };
  const char *two[] = { "seed-2", "seed-3", NULL };
  g_autoptr(GString) text = g_string_new ("MAP ≥ 65 mmHg");
  struct {
    const char * const *cites;
    const char         *list;     /* sp_format_cites () */
    const char         *suffix;   /* sp_format_cites_suffix () */
    const char         *cited;    /* sp_format_cited ("Taper", …) */
  } cases[] = {
    { NULL, "", "", "Taper" },
    { none, "", "", "Taper" },
    { one, "[seed-1]", " [seed-1]", "Taper [seed-1]" },
    /* ", " between ids, in the order given (not sorted) */
    { two, "[seed-2, seed-3]", " [seed-2, seed-3]", "Taper [seed-2, seed-3]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *list = sp_format_cites (cases[i].cites);
      g_autofree char *suffix = sp_format_cites_suffix (cases[i].cites);
      g_autofree char *cited = sp_format_cited ("Taper", cases[i].cites);

      g_assert_cmpstr (list, ==, cases[i].list);
      g_assert_cmpstr (suffix, ==, cases[i].suffix);
      g_assert_cmpstr (cited, ==, cases[i].cited);
    }

  sp_append_cites (text, none);
  g_assert_cmpstr (text->str, ==, "MAP ≥ 65 mmHg");
  sp_append_cites (text, two);
  g_assert_cmpstr (text->str, ==, "MAP ≥ 65 mmHg [seed-2, seed-3]");

  {
    g_autofree char *reference = sp_format_reference ("seed-4", "A 2022 retrospective study");

    g_assert_cmpstr (reference, ==, "[seed-4] A 2022 retrospective study");
  }
}

static void
test_cite_list (void)
{
  const char *a[] = { "seed-2", "seed-3", NULL };
  const char *b[] = { "seed-3", "local", "seed-2", NULL };
  g_autoptr(SpCiteList) list = sp_cite_list_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpuint (sp_cite_list_get_n_ids (list), ==, 0);
  sp_cite_list_add (list, NULL);
  g_assert_cmpuint (sp_cite_list_get_n_ids (list), ==, 0);

  /* the text is cited with all its ids; the list notes each id once, in the
   * order of first citation: seed-2, seed-3, then local */
  first = sp_cite_list_cite (list, "Targets", a);
  second = sp_cite_list_cite (list, "Soft limit 1 mcg/kg/min", b);
  g_assert_cmpstr (first, ==, "Targets [seed-2, seed-3]");
  g_assert_cmpstr (second, ==, "Soft limit 1 mcg/kg/min [seed-3, local, seed-2]");
  g_assert_cmpuint (sp_cite_list_get_n_ids (list), ==, 3);
  g_assert_cmpstr (sp_cite_list_get_id (list, 0), ==, "seed-2");
  g_assert_cmpstr (sp_cite_list_get_id (list, 1), ==, "seed-3");
  g_assert_cmpstr (sp_cite_list_get_id (list, 2), ==, "local");
}

/* --- numbers ---------------------------------------------------------------- */

typedef struct {
  double      value;
  const char *c;         /* SP_NUMBER_C */
  const char *en;        /* SP_NUMBER_LOCALE in en_US */
  const char *de;        /* SP_NUMBER_LOCALE in de_DE: decimal comma, NBSP groups */
} NumberCase;

static void
check_numbers (const NumberCase *cases,
               guint             n,
               char           *(*format) (double, SpNumberStyle))
{
  const char *locales[] = { "en_US.UTF-8", "de_DE.UTF-8" };

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      char *old = push_locale (locales[l]);

      if (old == NULL)
        return;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *c = format (cases[i].value, SP_NUMBER_C);
          g_autofree char *local = format (cases[i].value, SP_NUMBER_LOCALE);
          const char *expected = l == 0 ? cases[i].en : cases[i].de;

          /* SP_NUMBER_C is the same under every locale */
          if (g_strcmp0 (c, cases[i].c) != 0 || g_strcmp0 (local, expected) != 0)
            g_test_fail_printf ("[%s] %.17g: expected \"%s\" / \"%s\", got \"%s\" / \"%s\"",
                                locales[l], cases[i].value, cases[i].c, expected, c, local);
        }
      pop_locale (old);
    }
}

static void
test_dose_number (void)
{
  const NumberCase cases[] = {
    /* three significant figures: 0.083333 -> 0.0833 (the zeros after the
     * point are not significant) */
    { 1.0 / 12.0, "0.0833", "0.0833", "0,0833" },
    /* leading zero, never ".2" */
    { 0.2, "0.2", "0.2", "0,2" },
    /* no trailing zero: 1, never 1.0 */
    { 1.0, "1", "1", "1" },
    { 12.5, "12.5", "12.5", "12,5" },
    /* 9.996 to three figures is 10.0, written 10 */
    { 9.996, "10", "10", "10" },
    /* the integer part is never rounded away: 1234.5 -> 1235 (four figures);
     * grouped as the locale groups, never in C */
    { 1234.5, "1235", "1,235", "1" NBSP "235" },
    /* 4000 mcg/mL: grouped so that it is never read as 4.000 */
    { 4000.0, "4000", "4,000", "4" NBSP "000" },
    { 0.0, "0", "0", "0" },
    /* -0 is 0 */
    { -0.0, "0", "0", "0" },
    /* no dose comes near 10^15: a number that large is quoted from refused
     * input as written, not spelt out in 300 digits ("Weight: 100,000,…
     * kg is outside the accepted range") */
    { 999999999999999.0, "999999999999999", "999,999,999,999,999",
      "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" },
    { 1e15, "1e+15", "1e+15", "1e+15" },
    { 1e308, "1e+308", "1e+308", "1e+308" },
    { 1.5e20, "1.5e+20", "1.5e+20", "1,5e+20" },
    { -2.5e300, "-2.5e+300", "-2.5e+300", "-2,5e+300" },
  };

  check_numbers (cases, G_N_ELEMENTS (cases), sp_format_dose_number);
}

static char *
rate_one_decimal (double        value,
                  SpNumberStyle style)
{
  return sp_format_rate_number (value, 1, style);
}

static void
test_rate_number (void)
{
  const NumberCase cases[] = {
    /* 3 mcg/kg/min x 70 kg x 60 / 64 mcg/mL = 196.875 mL/h -> 196.9 */
    { 196.875, "196.9", "196.9", "196,9" },
    /* 0.5 x 70 x 60 / 64 = 32.8125 -> 32.8 */
    { 32.8125, "32.8", "32.8", "32,8" },
    /* a whole rate shows no decimal: 24, never 24.0 */
    { 24.0, "24", "24", "24" },
    /* 0.04 would round to 0.0 at one place: a rate that runs is never
     * written 0, which a pump takes as stopped, but "less than 0.1" */
    { 0.04, "less than 0.1", "less than 0.1", "less than 0,1" },
    /* 0.05 rounds up to 0.1; 0 is 0 (nothing runs) */
    { 0.05, "0.1", "0.1", "0,1" },
    { 0, "0", "0", "0" },
    /* 999.96 rounds up to 1000.0, then is grouped */
    { 999.96, "1000", "1,000", "1" NBSP "000" },
  };

  check_numbers (cases, G_N_ELEMENTS (cases), rate_one_decimal);

  {
    /* the drug library's decimals: 3 places keep 196.875; 0 places give 197 */
    g_autofree char *three = sp_format_rate_number (196.875, 3, SP_NUMBER_C);
    g_autofree char *none = sp_format_rate_number (196.875, 0, SP_NUMBER_C);

    g_assert_cmpstr (three, ==, "196.875");
    g_assert_cmpstr (none, ==, "197");
  }
}

static void
test_entry_number (void)
{
  struct {
    double      value;
    const char *en;
    const char *de;
  } cases[] = {
    /* four significant figures: a typed 70.25 kg comes back as typed */
    { 70.25, "70.25", "70,25" },
    /* 1/3 -> 0.3333 */
    { 1.0 / 3.0, "0.3333", "0,3333" },
    /* 2.0 mmol/L -> 2 */
    { 2.0, "2", "2" },
    /* 84 mmHg */
    { 84.0, "84", "84" },
    /* 12345.6 keeps its integer part: 12346, grouped */
    { 12345.6, "12,346", "12" NBSP "346" },
  };
  const char *locales[] = { "en_US.UTF-8", "de_DE.UTF-8" };

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      char *old = push_locale (locales[l]);

      if (old == NULL)
        return;
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *s = sp_format_entry_number (cases[i].value);

          g_assert_cmpstr (s, ==, l == 0 ? cases[i].en : cases[i].de);
        }
      pop_locale (old);
    }
}

static void
test_file_number (void)
{
  struct {
    double      value;
    const char *expected;
  } cases[] = {
    { 0.1, "0.1" },
    /* 0.1 + 0.2 is 0.30000000000000004 in double: written in full so that
     * it reads back as the same double */
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1234.5, "1234.5" },          /* never grouped */
    { 4000.0, "4000" },
    { -0.0, "0" },                 /* never "-0" */
    { 0.0, "0" },
    { 1e-7, "1e-07" },             /* below 1e-6: with an exponent */
  };
  /* C locale whatever the user's: a German locale changes nothing */
  char *old = push_locale ("de_DE.UTF-8");

  if (old == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = sp_format_file_number (cases[i].value);

      g_assert_cmpstr (s, ==, cases[i].expected);
      g_assert_cmpfloat (g_ascii_strtod (s, NULL), ==, cases[i].value);
    }
  pop_locale (old);
}

static void
test_input_number (void)
{
  g_autofree char *nan_text = sp_format_input_number (NAN, SP_NUMBER_C);
  g_autofree char *inf_text = sp_format_input_number (INFINITY, SP_NUMBER_C);
  g_autofree char *minus_inf = sp_format_input_number (-INFINITY, SP_NUMBER_C);
  /* a number: as a dose, 0.123456 -> 0.123 */
  g_autofree char *number = sp_format_input_number (0.123456, SP_NUMBER_C);

  g_assert_cmpstr (nan_text, ==, "?");
  g_assert_cmpstr (inf_text, ==, "?");
  g_assert_cmpstr (minus_inf, ==, "?");
  g_assert_cmpstr (number, ==, "0.123");
}

/* --- languages -------------------------------------------------------------- */

static void
test_lang_matches (void)
{
  struct {
    const char *tag;
    const char *locale;
    gboolean    match;
  } cases[] = {
    { "de-CH", "de_CH.UTF-8", TRUE },     /* '-' is '_', the codeset ignored */
    { "de_CH", "de_CH", TRUE },           /* '_' in the tag too (pt_BR, de_DE) */
    { "DE-ch", "de_CH", TRUE },           /* case-insensitive */
    { "de", "de", TRUE },
    { "de", "de.UTF-8", TRUE },
    { "de", "de@euro", TRUE },            /* the modifier ignored */
    { "de", "de_CH", FALSE },             /* a region fallback is sp_lang_pick ()'s */
    { "de-CH", "de", FALSE },
    { "de-CH", "de_AT", FALSE },
    { "de", "den", FALSE },               /* whole subtags, not prefixes */
    { "fr", "de", FALSE },
    { "", "de", FALSE },
    { "de", "C", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (sp_lang_matches (cases[i].tag, cases[i].locale) != cases[i].match)
      g_test_fail_printf ("\"%s\" ~ \"%s\": expected %s", cases[i].tag, cases[i].locale,
                          cases[i].match ? "a match" : "none");
}

static void
test_lang_pick (void)
{
  /* what g_get_language_names () gives for LANG=de_CH.UTF-8 */
  const char *swiss[] = { "de_CH.UTF-8", "de_CH", "de.UTF-8", "de", "C", NULL };
  const char *austrian[] = { "de_AT.UTF-8", "de_AT", "de.UTF-8", "de", "C", NULL };
  const char *austrian_only[] = { "de_AT", NULL };
  const char *german[] = { "de", "C", NULL };
  const char *spanish[] = { "es_ES.UTF-8", "es_ES", "es", "C", NULL };
  const char *german_then_french[] = { "de_DE", "fr_FR", NULL };
  const char *brazilian[] = { "pt-br", NULL };
  const char *all[] = { NULL, "de", "fr", "de-CH" };
  const char *regional[] = { NULL, "de-CH" };
  const char *french_first[] = { NULL, "fr", "de" };
  const char *tagged_only[] = { "fr", "de" };
  const char *underscore[] = { NULL, "pt_BR" };
  struct {
    const char * const *tags;
    guint               n_tags;
    const char * const *languages;
    int                 expected;
  } cases[] = {
    /* de-CH itself, though "de" comes first in the file */
    { all, 4, swiss, 3 },
    /* no de-AT: "de", the language without a region */
    { all, 4, austrian, 1 },
    /* the same when the list has no "de" of its own */
    { all, 4, austrian_only, 1 },
    /* only a regional German: still German rather than the untagged English */
    { regional, 2, german, 1 },
    /* no Spanish: the untagged text */
    { all, 4, spanish, 0 },
    /* the user's first language wins over the order in the file */
    { french_first, 3, german_then_french, 2 },
    /* '_' in the tag, '-' and lower case in the name */
    { underscore, 2, brazilian, 1 },
    /* nothing fits and nothing is untagged */
    { tagged_only, 2, spanish, -1 },
    { NULL, 0, swiss, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int picked = sp_lang_pick (cases[i].tags, cases[i].n_tags, cases[i].languages);

      if (picked != cases[i].expected)
        g_test_fail_printf ("case %u: expected %d, picked %d", i, cases[i].expected, picked);
    }
}

/* --- alert order ------------------------------------------------------------ */

/* The engine evaluates @spec (field, value pairs). */
static SpAssessment *
evaluate (SpProtocol         *protocol,
          SpDrugLibrary      *drugs,
          const char * const *spec)
{
  SpPatientState state;

  sp_patient_state_init (&state);
  for (guint i = 0; spec[i] != NULL; i += 2)
    {
      g_autoptr(GError) error = NULL;
      SpField field;

      g_assert_true (sp_field_from_id (spec[i], &field));
      g_assert_true (sp_protocol_parse_field (protocol, field, spec[i + 1], SP_NUMBER_C,
                                              &state.values[field], NULL, &error));
      g_assert_no_error (error);
    }
  return sp_engine_evaluate (protocol, drugs, &state, NULL);
}

static void
assert_alerts (SpAssessment       *assessment,
               const char * const *ids)
{
  g_assert_cmpuint (sp_assessment_get_n_alerts (assessment), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_cmpstr (sp_assessment_get_alert (assessment, i)->id, ==, ids[i]);
}

/* Every view lists sp_assessment_get_alert () in its order: the most severe
 * first, one severity in the protocol's order. */
static void
test_alert_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (&error);
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(SpAssessment) taper = NULL;
  g_autoptr(SpAssessment) many = NULL;
  /* targets met (SBP 120, MAP 80, perfusion normal) on epinephrine with
   * dobutamine: the protocol lists "taper" (info) before
   * "epinephrine-not-recommended" (warning); shown the other way round */
  const char *taper_spec[] = {
    "weight", "70", "sbp", "120", "map", "80", "lactate", "1", "urine", "1",
    "mental", "normal", "skin", "normal", "inotrope", "dobutamine", "inotrope-dose", "5",
    "epinephrine", "0.05", "central-line", "yes", NULL
  };
  const char *taper_ids[] = { "epinephrine-not-recommended", "taper", NULL };
  /* norepinephrine 1.2 mcg/kg/min (soft limit 1) with epinephrine, no
   * inotrope, no central line: the soft limit first, then the three
   * warnings as the protocol lists them */
  const char *many_spec[] = {
    "weight", "70", "sbp", "80", "inotrope", "none", "norepinephrine", "1.2",
    "epinephrine", "0.05", "central-line", "no", NULL
  };
  const char *many_ids[] = {
    "norepinephrine-soft-limit", "vasopressor-first-line", "peripheral-line",
    "epinephrine-not-recommended", NULL
  };

  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  taper = evaluate (protocol, drugs, taper_spec);
  assert_alerts (taper, taper_ids);
  many = evaluate (protocol, drugs, many_spec);
  assert_alerts (many, many_ids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/format/labels", test_labels);
  g_test_add_func ("/core/format/cites", test_cites);
  g_test_add_func ("/core/format/cite-list", test_cite_list);
  g_test_add_func ("/core/format/dose-number", test_dose_number);
  g_test_add_func ("/core/format/rate-number", test_rate_number);
  g_test_add_func ("/core/format/entry-number", test_entry_number);
  g_test_add_func ("/core/format/file-number", test_file_number);
  g_test_add_func ("/core/format/input-number", test_input_number);
  g_test_add_func ("/core/format/lang-matches", test_lang_matches);
  g_test_add_func ("/core/format/lang-pick", test_lang_pick);
  g_test_add_func ("/core/format/alert-order", test_alert_order);

  return g_test_run ();
}
