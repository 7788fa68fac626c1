/* test-drug-library.c: the shipped drug library, its limits, and refused files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-drug-library"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sp-drug-library.h"
#include "sp-quantity.h"
#include "sp-xml.h"

/* --- helpers --------------------------------------------------------------- */

static SpDrugLibrary *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  SpDrugLibrary *library = sp_drug_library_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (library);
  return library;
}

static SpDoseUnit
unit (const char *text)
{
  SpDoseUnit u;

  g_assert_true (sp_dose_unit_parse (text, &u));
  return u;
}

/* Compares a cite vector with space-separated ids. */
static void
assert_cites (const char * const *cites,
              const char         *expected)
{
  g_autofree char *joined = NULL;

  g_assert_nonnull (cites);
  joined = g_strjoinv (" ", (char **) cites);
  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_number (double value,
               double expected)
{
  if (isnan (expected))
    g_assert_true (isnan (value));
  else
    g_assert_cmpfloat_with_epsilon (value, expected, fabs (expected) * 1e-12);
}

static const SpDrug *
lookup (SpDrugLibrary *library,
        const char    *id)
{
  const SpDrug *drug = sp_drug_library_lookup (library, id);

  g_assert_nonnull (drug);
  return drug;
}

/* --- the shipped table (CLINICAL.md) --------------------------------------- */

typedef struct {
  const char *unit;
  double      usual_min;
  double      usual_max;
  const char *usual_cites;
  double      soft_max;
  double      hard_max;
  double      step;
} UnitRow;

typedef struct {
  double      amount;
  const char *unit;
  double      volume;
  const char *cites;
  double      per_ml;       /* in the drug's amount unit */
} ConcRow;

typedef struct {
  const char *id;
  const char *display;
  const char *display_cites;
  const char *synonyms;
  const char *amount_basis;
  guint       n_units;
  UnitRow     units[3];
  const char *amount_unit;
  double      conc_min;
  double      conc_max;
  guint       n_concs;
  guint       default_conc;
  ConcRow     concs[5];
} DrugRow;

/* The profile the library shows by default, "us-icu-bags". Units without
 * limits of their own take converted ones: mg/h from mcg/min (x 60 / 1000:
 * 70 -> 4.2, 300 -> 18; 35 -> 2.1, 140 -> 8.4), units/h from units/min
 * (x 60: 0.03 -> 1.8, 0.1 -> 6), each with the step the file gives. */
static const DrugRow drug_table[] = {
  { "norepinephrine", "norepinephrine", "", "noradrenaline", "norepinephrine base",
    3, { { "mcg/kg/min", 0.2, 1, "seed-1", 1, 3, 0.02 },
         { "mcg/min", NAN, NAN, "", 70, 300, 2 },
         { "mg/h", NAN, NAN, "", 4.2, 18, 0.1 } },
    "mcg", 4, 64,
    4, 0, { { 4, "mg", 250, "local", 16 }, { 8, "mg", 250, "local", 32 },
            { 16, "mg", 250, "local", 64 }, { 4, "mg", 1000, "label", 4 } } },
  { "dobutamine", "DOBUTamine", "fda-tallman", "", NULL,
    1, { { "mcg/kg/min", 2.5, 10, "seed-2 seed-3", 20, 40, 2.5 } },
    "mcg", 500, 4000,
    4, 0, { { 1000, "mg", 250, "s4s", 4000 }, { 250, "mg", 250, "local", 1000 },
            { 500, "mg", 250, "local", 2000 }, { 250, "mg", 500, "label", 500 } } },
  { "dopamine", "DOPamine", "fda-tallman", "", NULL,
    1, { { "mcg/kg/min", 3, 5, "esc-2016", 20, 50, 2.5 } },
    "mcg", 800, 3200,
    3, 0, { { 400, "mg", 250, "s4s", 1600 }, { 800, "mg", 250, "s4s", 3200 },
            { 200, "mg", 250, "label", 800 } } },
  { "vasopressin", "vasopressin", "", "argipressin", NULL,
    2, { { "units/min", NAN, 0.03, "seed-2", 0.03, 0.1, 0.01 },
         { "units/h", NAN, 1.8, "seed-2", 1.8, 6, 0.6 } },
    "units", 0.1, 1,
    4, 0, { { 20, "units", 100, "local", 0.2 }, { 40, "units", 100, "local", 0.4 },
            { 10, "units", 100, "label", 0.1 }, { 100, "units", 100, "label", 1 } } },
  { "levosimendan", "levosimendan", "", "", NULL,
    1, { { "mcg/kg/min", 0.05, 0.2, "esc-2016", 0.2, 0.4, 0.05 } },
    "mcg", 25, 50,
    2, 0, { { 12.5, "mg", 500, "label", 25 }, { 12.5, "mg", 250, "label", 50 } } },
  { "epinephrine", "EPINEPHrine", "ismp-tallman", "adrenaline", NULL,
    3, { { "mcg/kg/min", 0.05, 0.5, "esc-2016", 0.5, 2, 0.02 },
         { "mcg/min", NAN, NAN, "", 35, 140, 1 },
         { "mg/h", NAN, NAN, "", 2.1, 8.4, 0.1 } },
    "mcg", 20, 40,
    2, 0, { { 5, "mg", 250, "s4s", 20 }, { 10, "mg", 250, "s4s", 40 } } },
  { "milrinone", "milrinone", "", "", NULL,
    1, { { "mcg/kg/min", 0.375, 0.75, "esc-2016", 0.75, 1, 0.125 } },
    "mcg", 100, 200,
    1, 0, { { 20, "mg", 100, "local", 200 } } },
};

static void
test_default_loads (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  static const char * const ids[] = {
    "seed-1", "seed-2", "seed-3", "seed-4", "seed-5", "seed-6", "esc-2016", "aha-2017",
    "s4s", "ics-2016", "eu-practice", "loubani-2015", "cardenas-2015", "owen-2021", "ismp",
    "fda-tallman", "ismp-tallman", "ismp-high-alert", "nhs-highland", "ann-icu-2016", "label",
    "local", NULL
  };
  const char * const *reference_ids;

  g_assert_cmpstr (sp_drug_library_get_name (library), ==, "ShockPath default drug library");
  g_assert_nonnull (sp_drug_library_get_version (library));
  g_assert_cmpstr (sp_drug_library_get_version (library), !=, "");
  g_assert_true (sp_drug_library_is_default (library));
  g_assert_nonnull (strstr (sp_drug_library_get_description (library), "sensible defaults"));
  g_assert_true (g_str_has_suffix (sp_drug_library_get_source (library), "drugs.xml"));
  g_assert_cmpuint (sp_drug_library_get_n_drugs (library), ==, G_N_ELEMENTS (drug_table));

  reference_ids = sp_drug_library_get_reference_ids (library);
  g_assert_cmpuint (g_strv_length ((char **) reference_ids), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_cmpstr (reference_ids[i], ==, ids[i]);
      g_assert_nonnull (sp_drug_library_get_reference (library, ids[i]));
    }
  g_assert_null (sp_drug_library_get_reference (library, "seed-7"));
  g_assert_nonnull (strstr (sp_drug_library_get_reference (library, "seed-1"),
                            "Guideline Directed Topic Overview"));
  g_assert_nonnull (strstr (sp_drug_library_get_reference (library, "local"),
                            "not from a published"));
}

static void
test_default_drugs (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();

  for (guint d = 0; d < G_N_ELEMENTS (drug_table); d++)
    {
      const DrugRow *row = &drug_table[d];
      const SpDrug *drug = sp_drug_library_get_drug (library, d);
      const SpStandardConcentration *def;
      SpAmountUnit amount_unit;
      double min, max;

      g_test_message ("drug %s", row->id);
      g_assert_cmpstr (sp_drug_get_id (drug), ==, row->id);
      g_assert_true (sp_drug_library_lookup (library, row->id) == drug);
      g_assert_cmpstr (sp_drug_get_name (drug), ==, row->id);
      g_assert_cmpstr (sp_drug_get_display_name (drug), ==, row->display);
      assert_cites (sp_drug_get_display_name_cites (drug), row->display_cites);
      assert_cites (sp_drug_get_synonyms (drug), row->synonyms);
      g_assert_cmpstr (sp_drug_get_amount_basis (drug), ==, row->amount_basis);
      g_assert_cmpint (sp_drug_get_rate_decimals (drug), ==, 1);
      assert_cites (sp_drug_get_rate_decimals_cites (drug), "local");

      /* Dose units, in order (the first is the default), with their limits. */
      g_assert_cmpuint (sp_drug_get_n_dose_units (drug), ==, row->n_units);
      for (guint u = 0; u < row->n_units; u++)
        {
          const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, u);

          g_assert_cmpstr (sp_dose_unit_to_string (limits->unit), ==, row->units[u].unit);
          g_assert_true (sp_drug_find_dose_limits (drug, unit (row->units[u].unit)) == limits);
          assert_number (limits->usual_min, row->units[u].usual_min);
          assert_number (limits->usual_max, row->units[u].usual_max);
          assert_cites (limits->usual_cites, row->units[u].usual_cites);
          assert_number (limits->soft_max, row->units[u].soft_max);
          assert_number (limits->hard_max, row->units[u].hard_max);
          assert_cites (limits->limit_cites, "local");
          assert_number (limits->titration_step, row->units[u].step);
        }

      /* Concentration limits for typed concentrations. */
      amount_unit = sp_drug_get_amount_unit (drug);
      g_assert_cmpstr (sp_amount_unit_to_string (amount_unit), ==, row->amount_unit);
      sp_drug_get_concentration_limits (drug, &min, &max);
      assert_number (min, row->conc_min);
      assert_number (max, row->conc_max);
      assert_cites (sp_drug_get_concentration_limits_cites (drug), "local");

      /* Standard concentrations exactly as the table. */
      g_assert_cmpuint (sp_drug_get_n_concentrations (drug), ==, row->n_concs);
      for (guint c = 0; c < row->n_concs; c++)
        {
          const SpStandardConcentration *sc = sp_drug_get_concentration (drug, c);
          double per_ml;

          assert_number (sc->conc.amount, row->concs[c].amount);
          g_assert_cmpstr (sp_amount_unit_to_string (sc->conc.amount_unit), ==, row->concs[c].unit);
          assert_number (sc->conc.volume_ml, row->concs[c].volume);
          assert_cites (sc->cites, row->concs[c].cites);
          g_assert_nonnull (sc->diluent);
          g_assert_cmpint (sc->is_default, ==, c == row->default_conc);
          g_assert_true (sp_concentration_per_ml (&sc->conc, amount_unit, &per_ml));
          assert_number (per_ml, row->concs[c].per_ml);
        }
      def = sp_drug_get_default_concentration (drug);
      g_assert_true (def == sp_drug_get_concentration (drug, row->default_conc));
      g_assert_true (def->is_default);
    }
}

static void
test_default_details (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  const SpDrug *norepinephrine = lookup (library, "norepinephrine");
  const SpDrug *epinephrine = lookup (library, "epinephrine");
  const SpDrug *vasopressin = lookup (library, "vasopressin");
  const SpStandardConcentration *label;
  gboolean found_line = FALSE, found_guidelines = FALSE, found_base = FALSE;
  gboolean found_against = FALSE;

  /* Norepinephrine: initial dose, label dilution in glucose, notes with cites. */
  g_assert_cmpstr (sp_drug_get_dose_limits (norepinephrine, 0)->usual_note, ==, "initial dose");
  label = sp_drug_get_concentration (norepinephrine, 3);
  g_assert_cmpstr (label->diluent, ==, "glucose 5%");
  g_assert_nonnull (strstr (label->note, "not sodium chloride 0.9% alone"));
  g_assert_cmpstr (sp_drug_get_default_concentration (norepinephrine)->diluent, ==, "glucose 5%");

  for (guint i = 0; i < sp_drug_get_n_notes (norepinephrine); i++)
    {
      const SpDrugNote *note = sp_drug_get_note (norepinephrine, i);
      g_autofree char *cites = g_strjoinv (" ", (char **) note->cites);

      if (strstr (note->text, "central line") != NULL)
        {
          g_assert_cmpstr (cites, ==, "seed-1 seed-3");
          found_line = TRUE;
        }
      if (strstr (note->text, "AHA") != NULL)
        {
          g_assert_cmpstr (cites, ==, "esc-2016 aha-2017");
          g_assert_nonnull (strstr (note->text, "0.05 to 0.4"));
          found_guidelines = TRUE;
        }
      if (strstr (note->text, "bitartrate") != NULL)
        found_base = TRUE;
    }
  g_assert_true (found_line && found_guidelines && found_base);

  for (guint i = 0; i < sp_drug_get_n_notes (epinephrine); i++)
    {
      const SpDrugNote *note = sp_drug_get_note (epinephrine, i);

      if (strstr (note->text, "recommend against") != NULL)
        {
          assert_cites (note->cites, "seed-5 seed-1");
          found_against = TRUE;
        }
    }
  g_assert_true (found_against);

  g_assert_cmpuint (sp_drug_get_n_notes (vasopressin), >=, 1);
  g_assert_nonnull (strstr (sp_drug_get_note (vasopressin, 0)->text, "0.03 units/min"));
  assert_cites (sp_drug_get_note (vasopressin, 0)->cites, "seed-2");

  /* Epinephrine's strengths are unlike norepinephrine's. */
  for (guint i = 0; i < sp_drug_get_n_concentrations (epinephrine); i++)
    for (guint j = 0; j < sp_drug_get_n_concentrations (norepinephrine); j++)
      {
        const SpStandardConcentration *epi = sp_drug_get_concentration (epinephrine, i);
        const SpStandardConcentration *nor = sp_drug_get_concentration (norepinephrine, j);
        double a, b;

        g_assert_true (sp_concentration_per_ml (&epi->conc, SP_AMOUNT_MCG, &a));
        g_assert_true (sp_concentration_per_ml (&nor->conc, SP_AMOUNT_MCG, &b));
        g_assert_cmpfloat (a, !=, b);
      }
}

/* Every cite of every number names a reference of the library. */
static void
test_default_cites_known (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();

  for (guint d = 0; d < sp_drug_library_get_n_drugs (library); d++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (library, d);
      GPtrArray *all = g_ptr_array_new ();

      g_ptr_array_add (all, (gpointer) sp_drug_get_display_name_cites (drug));
      g_ptr_array_add (all, (gpointer) sp_drug_get_concentration_limits_cites (drug));
      g_ptr_array_add (all, (gpointer) sp_drug_get_rate_decimals_cites (drug));
      for (guint u = 0; u < sp_drug_get_n_dose_units (drug); u++)
        {
          const SpDoseLimits *limits = sp_drug_get_dose_limits (drug, u);

          g_ptr_array_add (all, (gpointer) limits->usual_cites);
          g_ptr_array_add (all, (gpointer) limits->limit_cites);
          g_assert_cmpuint (g_strv_length ((char **) limits->limit_cites), >, 0);
        }
      for (guint c = 0; c < sp_drug_get_n_concentrations (drug); c++)
        {
          const SpStandardConcentration *sc = sp_drug_get_concentration (drug, c);

          g_ptr_array_add (all, (gpointer) sc->cites);
          g_assert_cmpuint (g_strv_length ((char **) sc->cites), >, 0);
        }
      for (guint n = 0; n < sp_drug_get_n_notes (drug); n++)
        {
          g_ptr_array_add (all, (gpointer) sp_drug_get_note (drug, n)->cites);
          g_assert_cmpuint (g_strv_length ((char **) sp_drug_get_note (drug, n)->cites), >, 0);
        }

      for (guint i = 0; i < all->len; i++)
        {
          const char * const *cites = all->pdata[i];

          for (guint k = 0; cites[k] != NULL; k++)
            g_assert_nonnull (sp_drug_library_get_reference (library, cites[k]));
        }
      g_ptr_array_unref (all);
    }
}

/* The file in data/ is what the resource holds, and loads from disk too. */
static void
test_shipped_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "drugs.xml", NULL);

  library = sp_drug_library_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (sp_drug_library_is_default (library));
  g_assert_cmpuint (sp_drug_library_get_n_drugs (library), ==, G_N_ELEMENTS (drug_table));
  g_assert_cmpstr (sp_drug_library_get_source (library), ==, path);
}

/* The shipped library writes each diluent once; every concentration names
 * one of them and gets its text. */
static void
test_default_diluents (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  const char * const *ids = sp_drug_library_get_diluent_ids (library);
  static const struct { const char *id; const char *text; guint uses; } diluents[] = {
    /* uses in the default profile, us-icu-bags */
    { "glucose-5", "glucose 5%", 13 },
    /* only ever the one preferred of "A or B" */
    { "nacl-0-9", "sodium chloride 0.9%", 0 },
    { "glucose-5-or-nacl-0-9", "glucose 5% or sodium chloride 0.9%", 3 },
    { "nacl-0-9-or-glucose-5", "sodium chloride 0.9% or glucose 5%", 4 },
  };
  guint uses[G_N_ELEMENTS (diluents)] = { 0, };

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, G_N_ELEMENTS (diluents));
  for (guint i = 0; i < G_N_ELEMENTS (diluents); i++)
    {
      g_assert_cmpstr (ids[i], ==, diluents[i].id);
      g_assert_cmpstr (sp_drug_library_get_diluent (library, ids[i]), ==, diluents[i].text);
    }
  g_assert_null (sp_drug_library_get_diluent (library, "glucose-10"));
  g_assert_null (sp_drug_library_get_diluent (library, NULL));

  for (guint d = 0; d < sp_drug_library_get_n_drugs (library); d++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (library, d);

      for (guint c = 0; c < sp_drug_get_n_concentrations (drug); c++)
        {
          const SpStandardConcentration *sc = sp_drug_get_concentration (drug, c);
          guint i;

          g_assert_nonnull (sc->diluent_id);
          g_assert_true (sc->diluent == sp_drug_library_get_diluent (library, sc->diluent_id));
          for (i = 0; i < G_N_ELEMENTS (diluents); i++)
            if (g_str_equal (sc->diluent_id, diluents[i].id))
              break;
          g_assert_cmpuint (i, <, G_N_ELEMENTS (diluents));
          uses[i]++;
          /* a sheet names one diluent: "A or B" always has a preferred one */
          if (strstr (sc->diluent_id, "-or-") != NULL)
            {
              g_assert_nonnull (sc->preferred_diluent_id);
              g_assert_null (strstr (sp_standard_concentration_get_diluent (sc), " or "));
            }
          else
            g_assert_true (sp_standard_concentration_get_diluent (sc) == sc->diluent);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (diluents); i++)
    g_assert_cmpuint (uses[i], ==, diluents[i].uses);
}

/* A site library in format 1 (each concentration with its diluent's texts)
 * still loads, and gives every concentration the text the shipped format 2
 * library gives it through its vocabulary, in every language. */
static void
test_format_1_diluents (void)
{
  static const char * const langs[] = { "en", "de", "fr", "es", "de_AT", "it" };
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "drugs-format-1.xml", NULL);

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autoptr(SpDrugLibrary) shipped = NULL;
      g_autoptr(SpDrugLibrary) old = NULL;
      g_autoptr(GError) error = NULL;
      guint compared = 0;

      g_test_message ("diluents in %s", langs[l]);
      g_setenv ("LANGUAGE", langs[l], TRUE);
      shipped = load_default ();
      old = sp_drug_library_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (old);
      g_assert_null (sp_drug_library_get_diluent_ids (old)[0]);

      for (guint d = 0; d < sp_drug_library_get_n_drugs (old); d++)
        {
          const SpDrug *old_drug = sp_drug_library_get_drug (old, d);
          const SpDrug *drug = lookup (shipped, sp_drug_get_id (old_drug));

          /* the shipped bag profile lists these and a few more, in this order */
          g_assert_cmpuint (sp_drug_get_n_concentrations (drug),
                            >=, sp_drug_get_n_concentrations (old_drug));
          for (guint c = 0; c < sp_drug_get_n_concentrations (old_drug); c++)
            {
              const SpStandardConcentration *old_sc = sp_drug_get_concentration (old_drug, c);
              const SpStandardConcentration *sc = sp_drug_get_concentration (drug, c);

              g_assert_true (sp_concentration_equal (&sc->conc, &old_sc->conc));
              g_assert_null (old_sc->diluent_id);
              g_assert_nonnull (old_sc->diluent);
              g_assert_cmpstr (sc->diluent, ==, old_sc->diluent);
              g_assert_cmpstr (sc->note, ==, old_sc->note);
              compared++;
            }
        }
      g_assert_cmpuint (compared, ==, 16);
    }
  g_unsetenv ("LANGUAGE");

  /* The translations are chosen, not the English text everywhere (German
   * writes a no-break space before %). */
  g_setenv ("LANGUAGE", "de", TRUE);
  {
    g_autoptr(SpDrugLibrary) shipped = load_default ();
    const SpDrug *norepinephrine = lookup (shipped, "norepinephrine");

    g_assert_cmpstr (sp_drug_get_default_concentration (norepinephrine)->diluent,
                     ==, "Glucose 5\302\240%");
    g_assert_cmpstr (sp_drug_library_get_diluent (shipped, "nacl-0-9-or-glucose-5"),
                     ==, "Natriumchlorid 0,9\302\240% oder Glucose 5\302\240%");
  }
  g_unsetenv ("LANGUAGE");
}

static void
test_lookup (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  static const struct { const char *text; const char *id; } cases[] = {
    { "norepinephrine", "norepinephrine" },
    { "noradrenaline", "norepinephrine" },
    { "NORADRENALINE", "norepinephrine" },
    { "  Noradrenaline ", "norepinephrine" },
    { "Norepinephrine", "norepinephrine" },
    { "DOBUTamine", "dobutamine" },
    { "DOPAMINE", "dopamine" },
    { "argipressin", "vasopressin" },
    { "Vasopressin", "vasopressin" },
    { "Adrenaline", "epinephrine" },
    { "EPINEPHrine", "epinephrine" },
    { "levosimendan", "levosimendan" },
    { "milrinone", "milrinone" },
    /* the names of every language of the file: the German sheet says
     * "Noradrenalin", which `--drug` refused */
    { "Noradrenalin", "norepinephrine" },
    { "noradrénaline", "norepinephrine" },
    { "Adrenalin", "epinephrine" },
    { "adrenalina", "epinephrine" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (sp_drug_get_id (lookup (library, cases[i].text)), ==, cases[i].id);

  g_assert_null (sp_drug_library_lookup (library, "phenylephrine"));
  g_assert_null (sp_drug_library_lookup (library, "noradrenalin e"));
  g_assert_null (sp_drug_library_lookup (library, ""));
  g_assert_null (sp_drug_library_lookup (library, "\xff\xfe"));
}

/* Translated names follow the user's language. */
static void
test_localized_names (void)
{
  static const struct {
    const char *lang;
    const char *id;
    const char *name;
    const char *display;
    const char *display_cites;  /* "": none */
  } cases[] = {
    { "de", "norepinephrine", "Noradrenalin", "Noradrenalin", "" },
    { "de", "dobutamine", "Dobutamin", "DOBUTamin", "fda-tallman" },
    { "de", "dopamine", "Dopamin", "DOPamin", "fda-tallman" },
    /* EPINEPHrine/ePHEDrine is an English look-alike pair: Adrenalin is
     * shown as it is. */
    { "de", "epinephrine", "Adrenalin", "Adrenalin", "" },
    { "fr", "norepinephrine", "noradrénaline", "noradrénaline", "" },
    { "fr", "dobutamine", "dobutamine", "DOBUTamine", "fda-tallman" },
    { "fr", "epinephrine", "adrénaline", "adrénaline", "" },
    { "es", "norepinephrine", "noradrenalina", "noradrenalina", "" },
    { "es", "dobutamine", "dobutamina", "DOBUTamina", "fda-tallman" },
    { "es", "dopamine", "dopamina", "DOPamina", "fda-tallman" },
    { "es", "levosimendan", "levosimendán", "levosimendán", "" },
    /* A region falls back to its language; a language without variants to
     * the English text. */
    { "de_AT", "dobutamine", "Dobutamin", "DOBUTamin", "fda-tallman" },
    { "it", "dobutamine", "dobutamine", "DOBUTamine", "fda-tallman" },
    { "it", "epinephrine", "epinephrine", "EPINEPHrine", "ismp-tallman" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpDrugLibrary) library = NULL;
      const SpDrug *drug;

      g_test_message ("%s in %s", cases[i].id, cases[i].lang);
      g_setenv ("LANGUAGE", cases[i].lang, TRUE);
      library = load_default ();
      drug = lookup (library, cases[i].id);
      g_assert_cmpstr (sp_drug_get_name (drug), ==, cases[i].name);
      /* Tall-man lettering follows the language too; without it the
       * translated name is shown. */
      g_assert_cmpstr (sp_drug_get_display_name (drug), ==, cases[i].display);
      assert_cites (sp_drug_get_display_name_cites (drug), cases[i].display_cites);
    }
  g_unsetenv ("LANGUAGE");
}

/* --- dose limits ----------------------------------------------------------- */

static SpLimitState
check (const SpDrug *drug,
       double        dose,
       const char   *unit_text,
       double       *out_limit)
{
  g_autoptr(GError) error = NULL;
  SpLimitCheck result = { (SpLimitState) -1, -1, };

  g_assert_true (sp_drug_check_dose (drug, dose, unit (unit_text), NAN, &result, &error));
  g_assert_no_error (error);
  if (out_limit != NULL)
    *out_limit = result.limit;
  return result.state;
}

static void
test_limits_named (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  const SpDrug *ne = lookup (library, "norepinephrine");
  const SpDrug *vaso = lookup (library, "vasopressin");
  double limit;

  g_assert_cmpint (check (ne, 0.2, "mcg/kg/min", &limit), ==, SP_LIMIT_OK);
  g_assert_true (isnan (limit));
  g_assert_cmpint (check (ne, 1, "mcg/kg/min", NULL), ==, SP_LIMIT_OK);
  g_assert_cmpint (check (ne, 1.01, "mcg/kg/min", &limit), ==, SP_LIMIT_SOFT);
  g_assert_cmpfloat (limit, ==, 1);
  g_assert_cmpint (check (ne, 3, "mcg/kg/min", NULL), ==, SP_LIMIT_SOFT);
  g_assert_cmpint (check (ne, 3.0001, "mcg/kg/min", &limit), ==, SP_LIMIT_HARD);
  g_assert_cmpfloat (limit, ==, 3);
  /* A dose computed back from a rate is not "above" by rounding noise. */
  g_assert_cmpint (check (ne, 1.0000000000000002, "mcg/kg/min", NULL), ==, SP_LIMIT_OK);

  g_assert_cmpint (check (ne, 70, "mcg/min", NULL), ==, SP_LIMIT_OK);
  g_assert_cmpint (check (ne, 71, "mcg/min", NULL), ==, SP_LIMIT_SOFT);
  g_assert_cmpint (check (ne, 300, "mcg/min", NULL), ==, SP_LIMIT_SOFT);
  g_assert_cmpint (check (ne, 301, "mcg/min", NULL), ==, SP_LIMIT_HARD);
  /* 0.5 meant as mcg/min but entered as mcg/kg/min is caught by the other unit's limits. */
  g_assert_cmpint (check (ne, 35, "mcg/kg/min", NULL), ==, SP_LIMIT_HARD);

  g_assert_cmpint (check (vaso, 0.03, "units/min", NULL), ==, SP_LIMIT_OK);
  g_assert_cmpint (check (vaso, 0.031, "units/min", &limit), ==, SP_LIMIT_SOFT);
  g_assert_cmpfloat (limit, ==, 0.03);
  g_assert_cmpint (check (vaso, 0.1, "units/min", NULL), ==, SP_LIMIT_SOFT);
  g_assert_cmpint (check (vaso, 0.1001, "units/min", &limit), ==, SP_LIMIT_HARD);
  g_assert_cmpfloat (limit, ==, 0.1);
}

/* At and around each boundary, for every drug and unit of the table. */
static void
test_limits_all (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();

  for (guint d = 0; d < G_N_ELEMENTS (drug_table); d++)
    {
      const DrugRow *row = &drug_table[d];
      const SpDrug *drug = lookup (library, row->id);

      for (guint u = 0; u < row->n_units; u++)
        {
          const UnitRow *ur = &row->units[u];
          double limit;

          g_test_message ("%s in %s", row->id, ur->unit);
          g_assert_cmpint (check (drug, 0, ur->unit, NULL), ==, SP_LIMIT_OK);
          if (!isnan (ur->usual_min))
            g_assert_cmpint (check (drug, ur->usual_min, ur->unit, NULL), ==, SP_LIMIT_OK);
          if (!isnan (ur->usual_max))
            g_assert_cmpint (check (drug, ur->usual_max, ur->unit, NULL), ==, SP_LIMIT_OK);
          g_assert_cmpint (check (drug, ur->soft_max * 0.999, ur->unit, NULL), ==, SP_LIMIT_OK);
          g_assert_cmpint (check (drug, ur->soft_max, ur->unit, &limit), ==, SP_LIMIT_OK);
          g_assert_cmpint (check (drug, ur->soft_max * 1.001, ur->unit, &limit), ==, SP_LIMIT_SOFT);
          assert_number (limit, ur->soft_max);
          g_assert_cmpint (check (drug, ur->hard_max * 0.999, ur->unit, NULL), ==, SP_LIMIT_SOFT);
          g_assert_cmpint (check (drug, ur->hard_max, ur->unit, &limit), ==, SP_LIMIT_SOFT);
          assert_number (limit, ur->soft_max);
          g_assert_cmpint (check (drug, ur->hard_max * 1.0001, ur->unit, &limit),
                           ==, SP_LIMIT_HARD);
          assert_number (limit, ur->hard_max);
          g_assert_cmpint (check (drug, ur->hard_max * 10, ur->unit, &limit), ==, SP_LIMIT_HARD);
        }
    }
}

static void
assert_unit_refused (const SpDrug *drug,
                     const char   *unit_text,
                     const char   *accepted)
{
  g_autoptr(GError) error = NULL;
  SpLimitCheck result;

  g_assert_false (sp_drug_check_dose (drug, 0.01, unit (unit_text), NAN, &result, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, sp_drug_get_display_name (drug)));
  g_assert_nonnull (strstr (error->message, unit_text));
  g_assert_nonnull (strstr (error->message, accepted));
}

static void
test_unit_refused (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  g_autoptr(GError) error = NULL;

  assert_unit_refused (lookup (library, "vasopressin"), "mcg/kg/min", "units/min, units/h");
  assert_unit_refused (lookup (library, "vasopressin"), "units/kg/min", "units/min, units/h");
  assert_unit_refused (lookup (library, "dobutamine"), "mcg/min", "mcg/kg/min");
  assert_unit_refused (lookup (library, "milrinone"), "mg/h", "mcg/kg/min");
  assert_unit_refused (lookup (library, "norepinephrine"), "units/min",
                       "mcg/kg/min, mcg/min, mg/h");
  assert_unit_refused (lookup (library, "epinephrine"), "mcg/kg/h", "mcg/kg/min, mcg/min, mg/h");

  /* Not a number, negative: refused, not "OK". */
  g_assert_false (sp_drug_check_dose (lookup (library, "dopamine"), NAN, unit ("mcg/kg/min"),
                                      NAN, NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sp_drug_check_dose (lookup (library, "dopamine"), -1, unit ("mcg/kg/min"),
                                      NAN, NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_NEGATIVE);
}

/* --- typed concentrations -------------------------------------------------- */

static gboolean
check_conc (const SpDrug  *drug,
            const char    *text,
            GError       **error)
{
  SpConcentration conc;
  g_autoptr(GError) parse_error = NULL;

  g_assert_true (sp_concentration_parse (text, SP_NUMBER_C, "Concentration", &conc, &parse_error));
  g_assert_no_error (parse_error);
  return sp_drug_check_concentration (drug, &conc, "Concentration", error);
}

static void
test_concentration (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  const SpDrug *ne = lookup (library, "norepinephrine");
  const SpDrug *vaso = lookup (library, "vasopressin");
  const SpDrug *dobu = lookup (library, "dobutamine");
  GError *error = NULL;
  static const char * const ne_ok[] = {
    "4 mg/250 mL", "8 mg/250 mL", "16 mg/250 mL", "4 mg in 1000 mL", "64 mcg/mL",
    "4 mcg/mL", "4000 mcg/250 mL", "16 mg/500 mL", NULL
  };

  for (guint i = 0; ne_ok[i] != NULL; i++)
    {
      g_test_message ("%s", ne_ok[i]);
      g_assert_true (check_conc (ne, ne_ok[i], &error));
      g_assert_no_error (error);
    }

  /* Above the strongest bag: the "wrong concentration" error. */
  g_assert_false (check_conc (ne, "32 mg/250 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Concentration: "));
  g_assert_nonnull (strstr (error->message, "128 mcg/mL"));
  g_assert_nonnull (strstr (error->message, "norepinephrine"));
  g_assert_nonnull (strstr (error->message, "4 mcg/mL to 64 mcg/mL"));
  g_clear_error (&error);

  /* Tenfold too weak, and a hair too weak. */
  g_assert_false (check_conc (ne, "0.4 mg/250 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "1.6 mcg/mL"));
  g_clear_error (&error);
  g_assert_false (check_conc (ne, "3.9 mcg/mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (check_conc (ne, "64.1 mcg/mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);

  /* Units for a mass drug, mass for a unit drug. */
  g_assert_false (check_conc (ne, "20 units/100 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Concentration"));
  g_assert_nonnull (strstr (error->message, "mcg or mg"));
  g_clear_error (&error);
  g_assert_false (check_conc (vaso, "20 mg/100 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_nonnull (strstr (error->message, "units"));
  g_clear_error (&error);

  g_assert_true (check_conc (vaso, "20 units/100 mL", &error));
  g_assert_true (check_conc (vaso, "40 units/100 mL", &error));
  g_assert_true (check_conc (vaso, "0.2 units/mL", &error));
  g_assert_no_error (error);
  /* the label's 1 unit/mL is a standard of the bag profile; 2 units/mL is
   * accepted in no profile */
  g_assert_true (check_conc (vaso, "100 units/100 mL", &error));
  g_assert_false (check_conc (vaso, "200 units/100 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "0.1 units/mL to 1 units/mL"));
  g_assert_nonnull (strstr (error->message, "Adult ICU - 250 mL bags (ASHP S4S)"));
  g_assert_null (strstr (error->message, "accepted in"));
  g_clear_error (&error);

  g_assert_true (check_conc (dobu, "1000 mg/250 mL", &error));
  g_assert_true (check_conc (dobu, "250 mg/250 mL", &error));
  g_assert_no_error (error);
  g_assert_false (check_conc (dobu, "100 mg/250 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);
  /* 0.5 mg/mL (the US premix) is the weakest the bag profile takes */
  g_assert_true (check_conc (dobu, "250 mg/500 mL", &error));
  g_assert_no_error (error);
  g_assert_false (check_conc (dobu, "100 mg/250 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);

  /* Every drug accepts each of its own standard concentrations. */
  for (guint d = 0; d < sp_drug_library_get_n_drugs (library); d++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (library, d);

      for (guint c = 0; c < sp_drug_get_n_concentrations (drug); c++)
        {
          const SpStandardConcentration *sc = sp_drug_get_concentration (drug, c);

          g_assert_true (sp_drug_check_concentration (drug, &sc->conc, NULL, &error));
          g_assert_no_error (error);
        }
    }
}

/* --- other files ----------------------------------------------------------- */

static void
test_pharmacy_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "drugs-pharmacy.xml", NULL);
  const SpDrug *ne;
  double limit;

  library = sp_drug_library_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (library);
  g_assert_cmpstr (sp_drug_library_get_name (library), ==, "St Elsewhere ICU drug library");
  g_assert_cmpstr (sp_drug_library_get_version (library), ==, "2025-06 rev 3");
  g_assert_cmpstr (sp_drug_library_get_source (library), ==, path);
  g_assert_false (sp_drug_library_is_default (library));
  g_assert_null (sp_drug_library_get_description (library));
  g_assert_cmpuint (sp_drug_library_get_n_drugs (library), ==, 2);
  g_assert_null (sp_drug_library_lookup (library, "dobutamine"));

  ne = lookup (library, "levophed");
  g_assert_cmpstr (sp_drug_get_id (ne), ==, "norepinephrine");
  g_assert_cmpstr (sp_drug_get_display_name (ne), ==, "NORepinephrine");
  g_assert_cmpint (sp_drug_get_rate_decimals (ne), ==, 2);
  g_assert_cmpuint (sp_drug_get_n_dose_units (ne), ==, 1);
  assert_number (sp_drug_get_default_concentration (ne)->conc.amount, 8);
  assert_cites (sp_drug_get_dose_limits (ne, 0)->limit_cites, "pharmacy");
  g_assert_cmpint (check (ne, 2, "mcg/kg/min", &limit), ==, SP_LIMIT_SOFT);
  g_assert_cmpfloat (limit, ==, 1);
  g_assert_cmpint (check (ne, 2.5, "mcg/kg/min", &limit), ==, SP_LIMIT_HARD);
  g_assert_cmpfloat (limit, ==, 2);
  assert_unit_refused (ne, "mcg/min", "mcg/kg/min");
  /* The pharmacy allows 32 mg/250 mL, the shipped defaults do not. */
  g_assert_true (check_conc (ne, "32 mg/250 mL", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sp_drug_get_concentration (ne, 1)->note, ==, "fluid-restricted patients only");
  /* Format 1: the diluent's text in the concentration, no vocabulary. */
  g_assert_cmpstr (sp_drug_get_concentration (ne, 1)->diluent, ==, "glucose 5%");
  g_assert_null (sp_drug_get_concentration (ne, 1)->diluent_id);
  g_assert_null (sp_drug_get_default_concentration (lookup (library, "vasopressin"))->diluent);
  g_assert_null (sp_drug_library_get_diluent_ids (library)[0]);
  g_assert_cmpstr (sp_drug_library_get_reference (library, "pharmacy"),
                   ==, "St Elsewhere pharmacy and therapeutics committee, June 2025.");
}

static void
test_minimal_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "drugs-good-minimal.xml", NULL);

  library = sp_drug_library_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_drug_library_get_n_drugs (library), ==, 1);
  g_assert_cmpstr (sp_drug_get_display_name (lookup (library, "noradrenaline")),
                   ==, "norepinephrine");
}

/* The 1-based line that carries the "refused here" marker. */
static int
marked_line (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *mark;
  int line = 1;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  mark = strstr (contents, "<!-- refused here -->");
  g_assert_nonnull (mark);
  for (const char *p = contents; p < mark; p++)
    if (*p == '\n')
      line++;
  return line;
}

typedef struct {
  const char *file;
  int         code;       /* in SP_XML_ERROR */
  const char *words;      /* what the message must say */
} BadFile;

static const BadFile bad_files[] = {
  { "drugs-bad-xml.xml", SP_XML_ERROR_MALFORMED, "" },
  { "drugs-bad-schema.xml", SP_XML_ERROR_INVALID, "three" },
  /* the attribute, its value and what it takes (libxml2 said "Invalid
   * attribute hard-max for element limits") */
  { "drugs-bad-hard-max-zero.xml", SP_XML_ERROR_INVALID,
    "limits: hard-max “0” is not accepted; it takes a number greater than 0" },
  { "drugs-bad-cite.xml", SP_XML_ERROR_CONTENT, "seed-9" },
  { "drugs-bad-display-cite.xml", SP_XML_ERROR_CONTENT, "fda-tallmann" },
  { "drugs-bad-concentration-twice.xml", SP_XML_ERROR_CONTENT,
    "drug \"norepinephrine\": the concentration 4 mg/250 mL is listed twice in this profile" },
  { "drugs-bad-product-dilute.xml", SP_XML_ERROR_CONTENT,
    "product \"vial-4-mg-400-ml\" is too dilute for the concentration" },
  { "drugs-bad-display-name.xml", SP_XML_ERROR_CONTENT,
    "drug “dobutamine”: the display name “DOPamin” is not the drug’s name “Dobutamin” in other "
    "letter case" },
  { "drugs-bad-limits.xml", SP_XML_ERROR_CONTENT,
    "soft maximum (4) is above the hard maximum (3)" },
  { "drugs-bad-usual.xml", SP_XML_ERROR_CONTENT,
    "usual maximum (1) is above the soft maximum (0.5)" },
  { "drugs-bad-two-defaults.xml", SP_XML_ERROR_CONTENT, "more than one default concentration" },
  { "drugs-bad-no-default.xml", SP_XML_ERROR_CONTENT, "no default concentration" },
  { "drugs-bad-duplicate-id.xml", SP_XML_ERROR_CONTENT, "duplicate drug id \"norepinephrine\"" },
  { "drugs-bad-synonym.xml", SP_XML_ERROR_CONTENT, "Noradrenaline" },
  { "drugs-bad-concentration.xml", SP_XML_ERROR_CONTENT, "32 mg/250 mL (128 mcg/mL)" },
  { "drugs-bad-rate-decimals.xml", SP_XML_ERROR_CONTENT, "rate decimals" },
  { "drugs-bad-unit.xml", SP_XML_ERROR_CONTENT, "units/min" },
  { "drugs-bad-version.xml", SP_XML_ERROR_VERSION, "format 4" },
  { "drugs-bad-diluent-unknown.xml", SP_XML_ERROR_CONTENT, "unknown diluent \"glucose-10\"" },
  { "drugs-bad-preferred-diluent-unknown.xml", SP_XML_ERROR_CONTENT,
    "drug \"norepinephrine\": unknown diluent \"glucose-10\"" },
  { "drugs-bad-diluent-duplicate.xml", SP_XML_ERROR_CONTENT,
    "duplicate diluent id \"glucose-5\"" },
  { "drugs-bad-diluents-format-1.xml", SP_XML_ERROR_CONTENT,
    "<diluents> needs format-version=\"2\"" },
  { "drugs-bad-diluent-id-format-1.xml", SP_XML_ERROR_CONTENT,
    "diluent=\"glucose-5\" needs format-version=\"2\"" },
  { "drugs-bad-diluent-text-format-2.xml", SP_XML_ERROR_CONTENT, "not with <diluent> texts" },
  { "drugs-bad-diluent-id-and-text.xml", SP_XML_ERROR_CONTENT, "not with <diluent> texts" },
  { "drugs-entity-xxe.xml", SP_XML_ERROR_FORBIDDEN, "entit" },
  { "drugs-entity-bomb.xml", SP_XML_ERROR_FORBIDDEN, "entit" },
};

static void
test_refused (gconstpointer data)
{
  const BadFile *bad = data;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", bad->file, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  gsize length;
  gint64 start;

  where = g_strdup_printf ("%s:%d: ", path, marked_line (path));

  start = g_get_monotonic_time ();
  library = sp_drug_library_new_from_file (path, &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (library);
  g_assert_error (error, SP_XML_ERROR, bad->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, bad->words));
  /* Nothing of a local file leaks into the message. */
  g_assert_null (strstr (error->message, "root:"));
  g_clear_error (&error);

  /* The same from memory, named by the caller. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  library = sp_drug_library_new_from_data (contents, length, "pharmacy.xml", &error);
  g_assert_null (library);
  g_assert_error (error, SP_XML_ERROR, bad->code);
  g_assert_true (g_str_has_prefix (error->message, "pharmacy.xml:"));
}

/* An external entity that names a file only the test knows: never read. */
static void
test_external_entity_not_read (void)
{
  g_autofree char *secret_path = g_build_filename (g_get_user_data_dir (), "secret.txt", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  g_autofree char *minimal = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "drugs-good-minimal.xml", NULL);
  char *root;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (secret_path, "SECRET-7f3a", -1, NULL));

  /* A valid library whose name would be the secret if entities were expanded. */
  g_assert_true (g_file_get_contents (path, &minimal, NULL, NULL));
  root = strstr (minimal, "<drug-library");
  g_assert_nonnull (root);
  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE drug-library [\n"
                         "<!ENTITY s SYSTEM \"file://%s\">\n"
                         "]>\n%s", secret_path, root);
  {
    g_autofree char *with_ref = NULL;
    g_auto(GStrv) parts = g_strsplit (xml, "<name>Test library</name>", 2);

    with_ref = g_strjoinv ("<name>&s;</name>", parts);
    library = sp_drug_library_new_from_data (with_ref, strlen (with_ref), "xxe.xml", &error);
  }
  g_assert_null (library);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_FORBIDDEN);
  g_assert_true (g_str_has_prefix (error->message, "xxe.xml:3: "));
  g_assert_null (strstr (error->message, "SECRET"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "no-such-drugs.xml", NULL);

  library = sp_drug_library_new_from_file (path, &error);
  g_assert_null (library);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-drugs.xml"));
}

/* A concentration too strong to have a number (10^308 mg in 1 mL is
 * infinite in mcg/mL) is refused as too strong, never as "zero" and never
 * with a critical. */
static void
test_concentration_infinite (void)
{
  g_autoptr(SpDrugLibrary) library = load_default ();
  const SpDrug *drug = sp_drug_library_lookup (library, "norepinephrine");
  SpConcentration conc = { 1.7e308, SP_AMOUNT_MG, 1, TRUE };
  g_autoptr(GError) error = NULL;

  g_assert_false (sp_drug_check_concentration (drug, &conc, "Concentration", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "Concentration: far stronger than the strongest accepted "
                                       "for norepinephrine, 64 mcg/mL");
}

/* What holds for a dose depends on the weight when the dose is per kg, or
 * when a limit is per kg: norepinephrine in mcg/min is capped by 3
 * mcg/kg/min × the weight as well as by 300 mcg/min. Vasopressin has
 * limits in units/min only: its sheet is the same at any weight. */
static void
test_dose_depends_on_weight (void)
{
  g_autoptr(SpDrugLibrary) drugs = load_default ();

  g_assert_true (sp_drug_dose_depends_on_weight (sp_drug_library_lookup (drugs, "dobutamine"),
                                                 unit ("mcg/kg/min")));
  g_assert_true (sp_drug_dose_depends_on_weight (sp_drug_library_lookup (drugs, "norepinephrine"),
                                                 unit ("mcg/min")));
  g_assert_false (sp_drug_dose_depends_on_weight (sp_drug_library_lookup (drugs, "vasopressin"),
                                                  unit ("units/min")));
  g_assert_false (sp_drug_dose_depends_on_weight (sp_drug_library_lookup (drugs, "vasopressin"),
                                                  unit ("units/h")));
}

/* The soft-limit note after a dose range, norepinephrine at 120 kg and 4
 * mg/250 mL (16 mcg/mL): the library's 70 mcg/min is 70 / 120 = 0.583
 * mcg/kg/min, 70 x 60 / 16 = 262.5 mL/h. A range reaching over it says
 * "above"; one wholly over it "all of it above"; one at or below it, or
 * whose top is the limit as shown (at 70.02 kg: 0.9997, shown 1), nothing. */
static void
test_soft_limit_note (void)
{
  g_autoptr(SpDrugLibrary) drugs = load_default ();
  const SpDrug *ne = sp_drug_library_lookup (drugs, "norepinephrine");
  SpConcentration bag;
  g_autofree char *over = NULL;
  g_autofree char *all = NULL;
  g_autofree char *under = NULL;
  g_autofree char *at_top = NULL;

  g_assert_true (sp_concentration_parse ("4 mg/250 mL", SP_NUMBER_C, "test", &bag, NULL));
  over = sp_drug_append_soft_limit_note (ne, "0.2-1", 0.2, 1, unit ("mcg/kg/min"), 120, &bag,
                                         SP_NUMBER_C);
  g_assert_cmpstr (over, ==, "0.2-1; above 0.583 mcg/kg/min (262.5 mL/h), the soft limit here "
                             "[local], confirm the dose");
  all = sp_drug_append_soft_limit_note (ne, "0.6-1", 0.6, 1, unit ("mcg/kg/min"), 120, &bag,
                                        SP_NUMBER_C);
  g_assert_cmpstr (all, ==, "0.6-1; all of it above 0.583 mcg/kg/min (262.5 mL/h), the soft "
                            "limit here [local], confirm the dose");
  under = sp_drug_append_soft_limit_note (ne, "0.2-0.5", 0.2, 0.5, unit ("mcg/kg/min"), 120, &bag,
                                          SP_NUMBER_C);
  g_assert_null (under);
  at_top = sp_drug_append_soft_limit_note (ne, "0.2-1", 0.2, 1, unit ("mcg/kg/min"), 70.02, &bag,
                                           SP_NUMBER_C);
  g_assert_null (at_top);
}

int
main (int   argc,
      char *argv[])
{
  /* Messages and names in English, numbers in the C locale. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/drug-library/default/loads", test_default_loads);
  g_test_add_func ("/core/drug-library/default/drugs", test_default_drugs);
  g_test_add_func ("/core/drug-library/default/details", test_default_details);
  g_test_add_func ("/core/drug-library/default/cites-known", test_default_cites_known);
  g_test_add_func ("/core/drug-library/default/shipped-file", test_shipped_file);
  g_test_add_func ("/core/drug-library/default/diluents", test_default_diluents);
  g_test_add_func ("/core/drug-library/file/format-1-diluents", test_format_1_diluents);
  g_test_add_func ("/core/drug-library/lookup", test_lookup);
  g_test_add_func ("/core/drug-library/localized-names", test_localized_names);
  g_test_add_func ("/core/drug-library/limits/named", test_limits_named);
  g_test_add_func ("/core/drug-library/limits/all", test_limits_all);
  g_test_add_func ("/core/drug-library/limits/unit-refused", test_unit_refused);
  g_test_add_func ("/core/drug-library/concentration", test_concentration);
  g_test_add_func ("/core/drug-library/file/pharmacy", test_pharmacy_file);
  g_test_add_func ("/core/drug-library/file/minimal", test_minimal_file);
  g_test_add_func ("/core/drug-library/concentration-infinite", test_concentration_infinite);
  g_test_add_func ("/core/drug-library/file/missing", test_missing_file);
  g_test_add_func ("/core/drug-library/dose-depends-on-weight", test_dose_depends_on_weight);
  g_test_add_func ("/core/drug-library/soft-limit-note", test_soft_limit_note);
  g_test_add_func ("/core/drug-library/file/external-entity-not-read",
                   test_external_entity_not_read);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/drug-library/refused/%s",
                                                    bad_files[i].file);

      g_test_add_data_func (test_path, &bad_files[i], test_refused);
    }

  return g_test_run ();
}
