/* test-drug-profiles.c: drug-library profiles, salts and limits across units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rate below is worked by hand in its comment:
 *   mL/h = dose [x kg] x 60 (per minute) / strength per mL
 * with the strength in the dose's amount unit.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sp-number.h"
#include "sp-dose.h"
#include "sp-drug-library.h"
#include "sp-test-locale.h"

#define US "us-icu-bags"
#define EU "eu-icu-syringes"
#define PERIPHERAL "peripheral"

static SpDrugLibrary *shipped;

static SpDrugLibrary *
profile (const char *id)
{
  g_autoptr(GError) error = NULL;
  SpDrugLibrary *library = sp_drug_library_for_profile (shipped, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (library);
  return library;
}

static const SpDrug *
drug_in (SpDrugLibrary *library,
         const char    *id)
{
  const SpDrug *drug = sp_drug_library_lookup (library, id);

  g_assert_nonnull (drug);
  return drug;
}

static SpDoseUnit
unit (const char *text)
{
  SpDoseUnit u;

  g_assert_true (sp_dose_unit_parse (text, &u));
  return u;
}

static const char *
profile_name (const char *id)
{
  g_autoptr(SpDrugLibrary) library = profile (id);

  return sp_drug_profile_get_name (sp_drug_library_get_profile (library));
}

/* --- profiles --------------------------------------------------------------- */

static void
test_profiles_listed (void)
{
  static const char * const ids[] = { US, EU, PERIPHERAL };
  g_autoptr(SpDrugLibrary) eu = profile (EU);
  g_autoptr(SpDrugLibrary) eu_again = profile (EU);
  g_autoptr(SpDrugLibrary) us = profile (US);
  g_autoptr(SpDrugLibrary) peripheral = profile (PERIPHERAL);
  g_autoptr(SpDrugLibrary) unknown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sp_drug_library_get_n_profiles (shipped), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (sp_drug_profile_get_id (sp_drug_library_get_nth_profile (shipped, i)),
                     ==, ids[i]);

  /* the file's default is what the loader shows, and the same object */
  g_assert_cmpstr (sp_drug_profile_get_id (sp_drug_library_get_profile (shipped)), ==, US);
  g_assert_true (sp_drug_library_get_default_profile (eu) == sp_drug_library_get_profile (shipped));
  g_assert_true (us == shipped);
  g_assert_true (eu == eu_again);
  g_assert_true (eu != shipped);

  /* a view shares the library's name, version and references */
  g_assert_cmpstr (sp_drug_library_get_name (eu), ==, sp_drug_library_get_name (shipped));
  g_assert_cmpstr (sp_drug_library_get_version (eu), ==, "2.0");
  g_assert_nonnull (sp_drug_library_get_reference (eu, "ics-2016"));

  g_assert_cmpstr (profile_name (US), ==, "Adult ICU - 250 mL bags (ASHP S4S)");
  g_assert_cmpstr (profile_name (EU), ==, "Adult ICU - 50 mL syringes (UK ICS, Europe)");
  g_assert_cmpstr (profile_name (PERIPHERAL), ==, "Peripheral line - dilute");

  /* the peripheral profile says where it runs and what the line asks for */
  g_assert_cmpint (sp_drug_profile_get_line (sp_drug_library_get_profile (peripheral)),
                   ==, SP_PROFILE_LINE_PERIPHERAL);
  g_assert_nonnull (strstr (sp_drug_profile_get_line_note (sp_drug_library_get_profile (peripheral)),
                            "check the site every hour"));
  g_assert_cmpint (sp_drug_profile_get_line (sp_drug_library_get_profile (eu)),
                   ==, SP_PROFILE_LINE_CENTRAL);
  /* epinephrine has no dilute peripheral standard in the sources */
  g_assert_null (sp_drug_library_lookup (peripheral, "epinephrine"));
  g_assert_nonnull (sp_drug_library_lookup (peripheral, "noradrenaline"));
  /* and says so, naming the profiles that have it: it said "unknown drug"
   * as if the library had none */
  {
    g_autofree char *why = sp_drug_library_describe_unknown (peripheral, "epinephrine");
    g_autofree char *not_known = sp_drug_library_describe_unknown (peripheral, "phenylephrine");

    g_assert_cmpstr (why, ==, "“epinephrine” is not in the profile “Peripheral line - dilute” "
                              "(peripheral); profiles that have it: us-icu-bags, eu-icu-syringes");
    g_assert_true (g_str_has_prefix (not_known, "unknown drug “phenylephrine”; the drug library "
                                              "has: norepinephrine, "));
  }

  /* each drug copy knows its profile */
  g_assert_true (sp_drug_get_profile (drug_in (eu, "dobutamine")) == sp_drug_library_get_profile (eu));

  unknown = sp_drug_library_for_profile (shipped, "icu", &error);
  g_assert_null (unknown);
  g_assert_error (error, SP_DRUG_LIBRARY_ERROR, SP_DRUG_LIBRARY_ERROR_UNKNOWN_PROFILE);
  g_assert_nonnull (strstr (error->message, "“icu”"));
  g_assert_nonnull (strstr (error->message, "us-icu-bags, eu-icu-syringes, peripheral"));
}

/* A view keeps the library alive; the library forgets a view that goes. */
static void
test_profile_lifetime (void)
{
  g_autoptr(GError) error = NULL;
  SpDrugLibrary *root = sp_drug_library_new_default (&error);
  SpDrugLibrary *eu;
  SpDrugLibrary *again;

  g_assert_no_error (error);
  eu = sp_drug_library_for_profile (root, EU, &error);
  g_object_unref (root);
  /* the root lives on in the view */
  g_assert_cmpstr (sp_drug_library_get_name (eu), ==, "ShockPath default drug library");
  root = sp_drug_library_for_profile (eu, NULL, &error);
  g_object_unref (eu);
  again = sp_drug_library_for_profile (root, EU, &error);
  g_assert_nonnull (again);
  g_assert_nonnull (sp_drug_library_lookup (again, "dopamine"));
  g_object_unref (again);
  g_object_unref (root);
}

/* The library as documents name it. */
static void
test_describe (void)
{
  g_autoptr(SpDrugLibrary) eu = profile (EU);
  g_autofree char *text = sp_drug_library_describe (eu);

  g_assert_cmpstr (text, ==, "ShockPath default drug library, version 2.0, profile "
                   "“Adult ICU - 50 mL syringes (UK ICS, Europe)”");
}

/* --- every concentration of the issue, in its profile ----------------------- */

typedef struct {
  const char *profile;
  const char *drug;
  const char *conc;
  double      dose;
  const char *unit;
  double      weight;
  double      rate;       /* mL/h, exact */
  const char *refused_in; /* a profile that does not take it, NULL if all do */
} ConcCase;

static const ConcCase conc_cases[] = {
  /* UK ICS norepinephrine syringes: 0.1 x 70 x 60 = 420 mcg/h */
  { EU, "norepinephrine", "4 mg/50 mL", 0.1, "mcg/kg/min", 70, 5.25, US },      /* 420 / 80 */
  { EU, "norepinephrine", "8 mg/50 mL", 0.1, "mcg/kg/min", 70, 2.625, US },     /* 420 / 160 */
  { EU, "norepinephrine", "16 mg/50 mL", 0.1, "mcg/kg/min", 70, 1.3125, US },   /* 420 / 320 */
  /* German Perfusor syringes */
  { EU, "norepinephrine", "5 mg/50 mL", 0.1, "mcg/kg/min", 70, 4.2, US },       /* 420 / 100 */
  { EU, "norepinephrine", "10 mg/50 mL", 0.1, "mcg/kg/min", 70, 2.1, US },      /* 420 / 200 */
  /* ready-to-use 0.08 mg/mL syringe */
  { EU, "norepinephrine", "0.08 mg/mL", 0.1, "mcg/kg/min", 70, 5.25, US },      /* 420 / 80 */
  /* French 0.5 mg/mL of the tartrate: 0.25 mg/mL base */
  { EU, "norepinephrine", "0.5 mg tartrate/mL", 0.1, "mcg/kg/min", 70, 1.68, US },   /* 420 / 250 */
  { EU, "norepinephrine", "24 mg tartrate/48 mL", 0.1, "mcg/kg/min", 70, 1.68, US }, /* 420 / 250 */
  /* Spanish 16 mg/100 mL */
  { EU, "norepinephrine", "16 mg/100 mL", 0.1, "mcg/kg/min", 70, 2.625, US },   /* 420 / 160 */
  /* German peripheral 1 mg/50 mL: 20 mcg/mL */
  { PERIPHERAL, "norepinephrine", "1 mg/50 mL", 0.1, "mcg/kg/min", 70, 21, EU }, /* 420 / 20 */
  /* dobutamine 250 mg/50 mL: 5 x 70 x 60 = 21000 mcg/h / 5000 */
  { EU, "dobutamine", "250 mg/50 mL", 5, "mcg/kg/min", 70, 4.2, US },
  /* dopamine 200 and 400 mg/50 mL: 21000 / 4000, 21000 / 8000 */
  { EU, "dopamine", "200 mg/50 mL", 5, "mcg/kg/min", 70, 5.25, US },
  { EU, "dopamine", "400 mg/50 mL", 5, "mcg/kg/min", 70, 2.625, US },
  /* epinephrine 4, 8, 16 mg/50 mL (typed in the syringe profile) */
  { EU, "epinephrine", "4 mg/50 mL", 0.1, "mcg/kg/min", 70, 5.25, US },         /* 420 / 80 */
  { EU, "epinephrine", "8 mg/50 mL", 0.1, "mcg/kg/min", 70, 2.625, US },        /* 420 / 160 */
  { EU, "epinephrine", "16 mg/50 mL", 0.1, "mcg/kg/min", 70, 1.3125, US },      /* 420 / 320 */
  /* vasopressin at the label's 0.1 and 1 unit/mL and 20 units/20 mL:
   * 0.03 units/min x 60 = 1.8 units/h */
  { US, "vasopressin", "0.1 units/mL", 0.03, "units/min", NAN, 18, EU },        /* 1.8 / 0.1 */
  { US, "vasopressin", "1 units/mL", 0.03, "units/min", NAN, 1.8, PERIPHERAL }, /* 1.8 / 1 */
  { US, "vasopressin", "20 units/20 mL", 0.03, "units/min", NAN, 1.8, PERIPHERAL },
  { EU, "vasopressin", "20 units/20 mL", 0.03, "units/min", NAN, 1.8, PERIPHERAL },
  /* US premixes: dobutamine 0.5 mg/mL (21000 / 500), dopamine 0.8 mg/mL (21000 / 800) */
  { US, "dobutamine", "0.5 mg/mL", 5, "mcg/kg/min", 70, 42, EU },
  { US, "dopamine", "0.8 mg/mL", 5, "mcg/kg/min", 70, 26.25, EU },
  /* milrinone 20 mg/50 mL: 0.5 x 70 x 60 = 2100 mcg/h / 400 */
  { EU, "milrinone", "20 mg/50 mL", 0.5, "mcg/kg/min", 70, 5.25, US },
  /* mg/h and units/h: 0.3 mg/h = 300 mcg/h / 80 = 3.75; 1.8 units/h / 0.4 = 4.5 */
  { EU, "norepinephrine", "4 mg/50 mL", 0.3, "mg/h", NAN, 3.75, US },
  { EU, "vasopressin", "20 units/50 mL", 1.8, "units/h", NAN, 4.5, NULL },
  /* the Spanish dilution, 2 mg/50 mL = 40 mcg/mL (CLINICAL.md):
   * 0.1 x 70 x 60 = 420 mcg/h / 40 = 10.5 mL/h */
  { EU, "norepinephrine", "2 mg/50 mL", 0.1, "mcg/kg/min", 70, 10.5, NULL },
};

static void
test_concentrations_in_profiles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (conc_cases); i++)
    {
      const ConcCase *c = &conc_cases[i];
      g_autoptr(SpDrugLibrary) library = profile (c->profile);
      const SpDrug *drug = drug_in (library, c->drug);
      g_autoptr(GError) error = NULL;
      SpConcentration conc;
      double rate = NAN;

      g_test_message ("%s %s in %s", c->drug, c->conc, c->profile);
      g_assert_true (sp_drug_parse_concentration (drug, c->conc, SP_NUMBER_C, "Concentration",
                                                  &conc, &error));
      g_assert_no_error (error);
      g_assert_true (sp_drug_check_concentration (drug, &conc, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (sp_dose_to_rate (c->dose, unit (c->unit), c->weight, &conc, &rate, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (rate, c->rate, c->rate * 1e-12);

      if (c->refused_in != NULL)
        {
          g_autoptr(SpDrugLibrary) other = profile (c->refused_in);
          const SpDrug *there = sp_drug_library_lookup (other, c->drug);

          g_assert_nonnull (there);
          g_assert_false (sp_drug_check_concentration (there, &conc, NULL, &error));
          g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
          g_test_message ("  refused: %s", error->message);
          /* the message names the profile it was checked in and the one that takes it */
          g_assert_nonnull (strstr (error->message, profile_name (c->refused_in)));
          g_assert_nonnull (strstr (error->message, profile_name (c->profile)));
          g_assert_nonnull (strstr (error->message, "switch the profile"));
        }
    }
}

/* Standards of two drugs whose labels read the same but for the drug's
 * name are flagged (CLINICAL.md: within one profile norepinephrine and
 * epinephrine standards must differ or be flagged). The shipped syringe
 * profile has one such pair: norepinephrine 10 mg/50 mL [eu-practice] and
 * milrinone 10 mg/50 mL [ics-2016], both 200 mcg/mL in 50 mL. A site that
 * adds the German norepinephrine 5 mg/50 mL meets epinephrine's standard,
 * 5 mg/50 mL: flagged on the sheet, in `rate` and by `validate`. */
static void
test_look_alike (void)
{
  g_autoptr(SpDrugLibrary) eu = profile (EU);
  g_autoptr(SpDrugLibrary) us = profile (US);
  g_autoptr(GPtrArray) pairs = NULL;
  const SpStandardConcentration *theirs = NULL;
  SpConcentration c;
  g_autofree char *flag = NULL;

  g_assert_true (sp_concentration_parse ("10 mg/50 mL", SP_NUMBER_C, "test", &c, NULL));
  g_assert_true (sp_drug_library_find_look_alike (eu, drug_in (eu, "norepinephrine"), &c, &theirs)
                 == drug_in (eu, "milrinone"));
  g_assert_cmpfloat (theirs->conc.amount, ==, 10);
  flag = sp_drug_library_describe_look_alike (eu, drug_in (eu, "norepinephrine"), &c, SP_NUMBER_C);
  g_assert_cmpstr (flag, ==, "milrinone 10 mg/50 mL is a standard of this profile too: the two "
                             "labels differ only in the drug\u2019s name; check it");
  /* both ways; a drug's own standard is never its look-alike */
  g_assert_true (sp_drug_library_find_look_alike (eu, drug_in (eu, "milrinone"), &c, NULL)
                 == drug_in (eu, "norepinephrine"));

  /* 5 mg/50 mL typed for norepinephrine: epinephrine's standard */
  g_assert_true (sp_concentration_parse ("5 mg/50 mL", SP_NUMBER_C, "test", &c, NULL));
  g_assert_true (sp_drug_library_find_look_alike (eu, drug_in (eu, "norepinephrine"), &c, NULL)
                 == drug_in (eu, "epinephrine"));
  /* the same strength in another volume reads otherwise: 10 mg/100 mL */
  g_assert_true (sp_concentration_parse ("10 mg/100 mL", SP_NUMBER_C, "test", &c, NULL));
  g_assert_null (sp_drug_library_find_look_alike (eu, drug_in (eu, "norepinephrine"), &c, NULL));
  /* the bag profile keeps them apart: 4 mg/250 mL is norepinephrine's alone */
  g_assert_true (sp_concentration_parse ("4 mg/250 mL", SP_NUMBER_C, "test", &c, NULL));
  g_assert_null (sp_drug_library_find_look_alike (us, drug_in (us, "norepinephrine"), &c, NULL));

  /* every pair of the file once, with its profile */
  pairs = sp_drug_library_list_look_alikes (shipped, SP_NUMBER_C);
  g_assert_cmpuint (pairs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pairs, 0), ==,
                   "eu-icu-syringes: norepinephrine 10 mg/50 mL and milrinone 10 mg/50 mL are "
                   "standards alike but for the drug\u2019s name (look-alike syringes or bags)");
}

/* A standard concentration looked up by its text names the profile that
 * lists it when the active one does not. */
static void
test_standard_named_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  const SpDrug *ne = drug_in (shipped, "norepinephrine");

  g_assert_null (sp_drug_find_concentration (ne, "4 mg/50 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "not a standard concentration"));
  g_assert_nonnull (strstr (error->message, "standard in “Adult ICU - 50 mL syringes (UK ICS, Europe)”"));
  g_clear_error (&error);

  /* the Spanish 40 mcg/mL syringe is a standard of the European profile */
  {
    g_autoptr(SpDrugLibrary) eu = profile (EU);

    g_assert_nonnull (sp_drug_find_concentration (drug_in (eu, "norepinephrine"), "2 mg/50 mL", NULL));
  }

  /* 32 mg/250 mL: a standard nowhere, named with no other profile */
  g_assert_null (sp_drug_find_concentration (ne, "32 mg/250 mL", &error));
  g_assert_null (strstr (error->message, "standard in"));
}

/* Within a profile, norepinephrine and epinephrine standards never share a
 * strength, so one bag or syringe is not taken for the other. */
static void
test_look_alike_standards_differ (void)
{
  for (guint p = 0; p < sp_drug_library_get_n_profiles (shipped); p++)
    {
      const SpDrugProfile *prof = sp_drug_library_get_nth_profile (shipped, p);
      const SpDrug *ne = sp_drug_library_lookup_in_profile (shipped, prof, "norepinephrine");
      const SpDrug *epi = sp_drug_library_lookup_in_profile (shipped, prof, "epinephrine");

      if (ne == NULL || epi == NULL)
        continue;
      for (guint i = 0; i < sp_drug_get_n_concentrations (ne); i++)
        for (guint j = 0; j < sp_drug_get_n_concentrations (epi); j++)
          {
            double a, b;

            sp_concentration_per_ml (&sp_drug_get_concentration (ne, i)->conc, SP_AMOUNT_MCG, &a);
            sp_concentration_per_ml (&sp_drug_get_concentration (epi, j)->conc, SP_AMOUNT_MCG, &b);
            g_test_message ("%s: %g vs %g mcg/mL", sp_drug_profile_get_id (prof), a, b);
            g_assert_cmpfloat (fabs (a - b), >, 1e-9);
          }
    }
}

/* --- salts -------------------------------------------------------------------- */

static void
assert_salt (const SpDrug *drug,
             const char   *text,
             double        base_mg,
             double        volume,
             const char   *salt,
             double        salt_mg)
{
  g_autoptr(GError) error = NULL;
  SpConcentration conc;

  g_test_message ("%s", text);
  g_assert_true (sp_drug_parse_concentration (drug, text, SP_NUMBER_C, "Concentration", &conc,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (conc.amount_unit, ==, SP_AMOUNT_MG);
  g_assert_cmpfloat (conc.amount, ==, base_mg);
  g_assert_cmpfloat (conc.volume_ml, ==, volume);
  g_assert_cmpstr (conc.salt, ==, salt);
  g_assert_cmpfloat (conc.salt_amount, ==, salt_mg);
}

static void
test_salt_parse (void)
{
  g_autoptr(SpDrugLibrary) eu = profile (EU);
  const SpDrug *ne = drug_in (eu, "norepinephrine");
  const SpDrug *epi = drug_in (eu, "epinephrine");
  const SpDrugSalt *tartrate;
  g_autoptr(GError) error = NULL;
  SpConcentration conc;

  g_assert_cmpuint (sp_drug_get_n_salts (ne), ==, 1);
  tartrate = sp_drug_get_salt (ne, 0);
  g_assert_cmpstr (sp_drug_salt_get_id (tartrate), ==, "tartrate");
  /* the label: 2 mg of the tartrate is 1 mg of base */
  g_assert_cmpfloat (sp_drug_salt_get_base_per_salt (tartrate), ==, 0.5);

  /* 8 mg tartrate x 0.5 = 4 mg base */
  assert_salt (ne, "8 mg tartrate/48 mL", 4, 48, "tartrate", 8);
  assert_salt (ne, "8 mg norepinephrine tartrate in 48 mL", 4, 48, "tartrate", 8);
  assert_salt (ne, "8 mg Noradrenaline Bitartrate / 48 ml", 4, 48, "tartrate", 8);
  assert_salt (ne, "8 mg Noradrenalintartrat/48 mL", 4, 48, "tartrate", 8);
  assert_salt (ne, "8 mg tartrato de noradrenalina/48 mL", 4, 48, "tartrate", 8);
  /* no salt named: the dose form, base */
  assert_salt (ne, "4 mg base/48 mL", 4, 48, "", 0);
  assert_salt (ne, "4 mg norepinephrine/48 mL", 4, 48, "", 0);
  assert_salt (ne, "4 mg/48 mL", 4, 48, "", 0);

  /* a salt the drug does not have is not read as a number, and is said
   * to be no salt of the drug's (it said "amount unit "mg tartrate" is not
   * accepted; accepted: mcg, mg, units") */
  g_assert_false (sp_drug_parse_concentration (epi, "8 mg tartrate/48 mL", SP_NUMBER_C,
                                               "Concentration", &conc, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_cmpstr (error->message, ==,
                   "Concentration: the drug library holds no salt of EPINEPHrine: \"tartrate\" "
                   "is not accepted; type the amount of EPINEPHrine base, as the label gives it");
  g_clear_error (&error);
  /* "tartrates" is not the word "tartrate"; a salt it lacks names the
   * ones it has, in either form ("4 mg citrate in 50 mL", the drug named) */
  g_assert_false (sp_drug_parse_concentration (ne, "8 mg tartrates/48 mL", SP_NUMBER_C,
                                               "Concentration", &conc, &error));
  g_assert_cmpstr (error->message, ==,
                   "Concentration: \"tartrates\" is not a salt of norepinephrine in the drug "
                   "library; accepted: tartrate, or the amount of norepinephrine base");
  g_clear_error (&error);
  g_assert_false (sp_drug_parse_concentration (ne, "4 mg norepinephrine citrate in 50 mL",
                                               SP_NUMBER_C, "Concentration", &conc, &error));
  g_assert_nonnull (strstr (error->message, "\"citrate\" is not a salt of norepinephrine"));
  g_clear_error (&error);
  /* a unit mistyped is still a unit mistyped */
  g_assert_false (sp_drug_parse_concentration (ne, "4 mgg/50 mL", SP_NUMBER_C, "Concentration",
                                               &conc, &error));
  g_assert_cmpstr (error->message, ==,
                   "Concentration: amount unit \"mgg\" is not accepted; accepted: mcg, mg, units");
  g_clear_error (&error);
  /* per mL: 0.5 mg tartrate x 0.5 = 0.25 mg base in 1 mL */
  assert_salt (ne, "0.5 mg tartrate/mL", 0.25, 1, "tartrate", 0.5);

  /* As ShockPath shows them, so as a pharmacist copies them back: the base
   * in brackets (24 x 0.5 = 12), in English, German, French, Spanish ("de"
   * joins the amount to the salt); 8 mg de tartrato without brackets was
   * refused too ("mg de" is not a unit). */
  assert_salt (ne, "24 mg tartrate (12 mg base)/48 mL", 12, 48, "tartrate", 24);
  assert_salt (ne, "8 mg Tartrat (4 mg Base)/50 mL", 4, 50, "tartrate", 8);
  assert_salt (ne, "8 mg de tartrato (4 mg de base)/50 mL", 4, 50, "tartrate", 8);
  assert_salt (ne, "8 mg de tartrato/50 mL", 4, 50, "tartrate", 8);
  /* 12 mg base is 12000 mcg; within 0.5 %: 24 x 0.5 = 12 */
  assert_salt (ne, "24 mg tartrate (12000 mcg base)/48 mL", 12, 48, "tartrate", 24);
  /* with the strength after the volume, as base: 12 mg / 48 mL = 250 mcg/mL
   * (the salt's 500 mcg/mL is not what ShockPath shows) */
  assert_salt (ne, "24 mg tartrate (12 mg base)/48 mL (250 mcg/mL as base)", 12, 48, "tartrate", 24);
  assert_salt (ne, "24 mg tartrate (12 mg base)/48 mL (250 mcg/mL)", 12, 48, "tartrate", 24);
  assert_salt (ne, "8 mg tartrate/250 mL (16 mcg/mL)", 4, 250, "tartrate", 8);
  /* a base that is not what the salt holds: refused, never one of the two
   * taken (24 mg tartrate holds 12 mg base, not 10) */
  {
    static const struct { const char *text; const char *says; } refused[] = {
      { "24 mg tartrate (10 mg base)/48 mL", "the salt named holds 12 mg base" },
      { "24 mg tartrate (12 mL)/48 mL", "is not the base it holds" },
      { "24 mg tartrate (12 mg)/48 mL", "is not the base it holds" },
      { "24 mg tartrate (twelve mg base)/48 mL", "is not the base it holds" },
      /* the example is the base this bag holds: 8 x 0.5 = 4 */
      { "8 mg tartrate (5 mg)/250 mL", "write it as “(4 mg base)”" },
      { "24 mg tartrate (12 mg base)/48 mL (500 mcg/mL)", "is 250 mcg/mL, not what the brackets say" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_assert_false (sp_drug_parse_concentration (ne, refused[i].text, SP_NUMBER_C,
                                                     "Concentration", &conc, &error));
        g_assert_nonnull (error);
        if (strstr (error->message, refused[i].says) == NULL)
          g_error ("%s: %s", refused[i].text, error->message);
        g_clear_error (&error);
      }
  }
}

static void
test_salt_format (void)
{
  g_autoptr(SpDrugLibrary) eu = profile (EU);
  const SpDrug *ne = drug_in (eu, "norepinephrine");
  g_autoptr(GError) error = NULL;
  g_autofree char *short_text = NULL;
  g_autofree char *bag_text = NULL;
  g_autofree char *per_ml_text = NULL;
  g_autofree char *plain = NULL;
  SpConcentration conc;
  SpConcentration per_ml;

  g_assert_true (sp_drug_parse_concentration (ne, "8 mg tartrate/48 mL", SP_NUMBER_C, NULL,
                                              &conc, &error));
  short_text = sp_drug_format_concentration (ne, &conc, SP_NUMBER_C);
  g_assert_cmpstr (short_text, ==, "8 mg tartrate (4 mg base)/48 mL");
  /* 4 mg / 48 mL = 0.08333 mg/mL = 83.3 mcg/mL (three significant figures) */
  bag_text = sp_drug_format_concentration_in_bag (ne, &conc, SP_NUMBER_C);
  g_assert_cmpstr (bag_text, ==, "8 mg tartrate = 4 mg base in 48 mL (83.3 mcg/mL base)");
  /* the generic formatter writes the dose form only */
  plain = sp_format_concentration (&conc, SP_NUMBER_C);
  g_assert_cmpstr (plain, ==, "4 mg/48 mL");

  g_assert_true (sp_drug_parse_concentration (ne, "0.5 mg tartrate/mL", SP_NUMBER_C, NULL,
                                              &per_ml, &error));
  per_ml_text = sp_drug_format_concentration (ne, &per_ml, SP_NUMBER_C);
  g_assert_cmpstr (per_ml_text, ==, "0.5 mg tartrate (0.25 mg base)/mL");

  /* the shipped French syringe is written in the salt */
  {
    const SpStandardConcentration *french = NULL;

    for (guint i = 0; i < sp_drug_get_n_concentrations (ne); i++)
      if (sp_drug_get_concentration (ne, i)->conc.salt[0] != '\0')
        french = sp_drug_get_concentration (ne, i);
    g_assert_nonnull (french);
    /* 24 mg tartrate x 0.5 = 12 mg base in 48 mL */
    g_assert_cmpfloat (french->conc.amount, ==, 12);
    g_assert_cmpfloat (french->conc.salt_amount, ==, 24);
    g_assert_nonnull (sp_drug_find_concentration (ne, "24 mg tartrate/48 mL", &error));
    g_assert_nonnull (sp_drug_find_concentration (ne, "12 mg/48 mL", &error));
    g_assert_no_error (error);
  }
}

/* --- limits across units --------------------------------------------------- */

static SpLimitCheck
check_at (const SpDrug *drug,
          double        dose,
          const char   *unit_text,
          double        weight)
{
  g_autoptr(GError) error = NULL;
  SpLimitCheck check;

  g_assert_true (sp_drug_check_dose (drug, dose, unit (unit_text), weight, &check, &error));
  g_assert_no_error (error);
  return check;
}

/* A dose just above its limit is written with the figures it takes not to
 * read as the limit: 1.0001 mcg/kg/min above the soft limit of 1 (3
 * figures would read "1"), 3.0001 above the hard limit of 3; 210.01
 * mcg/min at 70 kg is 210.01 / 70 = 3.000143 mcg/kg/min, above 3 (5
 * figures tell them apart: 3.0001). A dose well above keeps three. */
static void
test_limit_message_digits (void)
{
  const SpDrug *ne = drug_in (shipped, "norepinephrine");
  SpLimitCheck check;
  g_autofree char *soft = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *across = NULL;
  g_autofree char *clear = NULL;

  g_assert_cmpint (sp_format_digits_apart (1.0001, 1), ==, 5);
  g_assert_cmpint (sp_format_digits_apart (64.004, 64), ==, 5);
  g_assert_cmpint (sp_format_digits_apart (1.2, 1), ==, 3);
  g_assert_cmpint (sp_format_digits_apart (0.88, 0.875), ==, 3);

  check = check_at (ne, 1.0001, "mcg/kg/min", 70);
  soft = sp_drug_describe_limit (ne, 1.0001, unit ("mcg/kg/min"), &check, SP_NUMBER_C);
  g_assert_true (g_str_has_prefix (soft, "norepinephrine 1.0001 mcg/kg/min is above the soft "
                                         "limit of 1 mcg/kg/min"));
  check = check_at (ne, 3.0001, "mcg/kg/min", 70);
  hard = sp_limit_check_format_dose (&check, 3.0001, unit ("mcg/kg/min"), SP_NUMBER_C);
  g_assert_cmpstr (hard, ==, "3.0001 mcg/kg/min");
  check = check_at (ne, 210.01, "mcg/min", 70);
  across = sp_drug_describe_limit (ne, 210.01, unit ("mcg/min"), &check, SP_NUMBER_C);
  g_assert_true (g_str_has_prefix (across, "norepinephrine 210.01 mcg/min (3.0001 mcg/kg/min "
                                           "at 70 kg) is above the hard limit of 3 mcg/kg/min"));
  check = check_at (ne, 1.23456, "mcg/kg/min", 70);
  clear = sp_drug_describe_limit (ne, 1.23456, unit ("mcg/kg/min"), &check, SP_NUMBER_C);
  g_assert_true (g_str_has_prefix (clear, "norepinephrine 1.23 mcg/kg/min is above"));
}

static void
test_limits_across_units (void)
{
  const SpDrug *ne = drug_in (shipped, "norepinephrine");
  const SpDrug *vaso = drug_in (shipped, "vasopressin");
  const SpDrug *epi = drug_in (shipped, "epinephrine");
  SpLimitCheck check;
  g_autofree char *message = NULL;

  /* 300 mcg/min is at the mcg/min hard limit (300) but for 50 kg it is
   * 300 / 50 = 6 mcg/kg/min, above the hard limit of 3: refused */
  check = check_at (ne, 300, "mcg/min", 50);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
  g_assert_cmpstr (sp_dose_unit_to_string (check.limit_unit), ==, "mcg/kg/min");
  g_assert_cmpfloat (check.limit, ==, 3);
  g_assert_cmpfloat_with_epsilon (check.dose_in_limit_unit, 6, 1e-12);
  /* the limit in the dose's unit: 3 x 50 = 150 mcg/min */
  g_assert_cmpfloat_with_epsilon (check.limit_in_dose_unit, 150, 1e-9);
  message = sp_drug_describe_limit (ne, 300, unit ("mcg/min"), &check, SP_NUMBER_C);
  g_assert_cmpstr (message, ==, "norepinephrine 300 mcg/min (6 mcg/kg/min at 50 kg) is above "
                   "the hard limit of 3 mcg/kg/min in the drug library: this dose is refused; "
                   "check the dose and its unit.");

  /* without a weight only the mcg/min limits hold: 300 is above the soft 70 */
  check = check_at (ne, 300, "mcg/min", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_SOFT);
  g_assert_cmpfloat (check.limit, ==, 70);
  /* 150 mcg/min at 50 kg = 3 mcg/kg/min: at the hard limit, not above;
   * above both soft limits (70 mcg/min, 1 mcg/kg/min) */
  check = check_at (ne, 150, "mcg/min", 50);
  g_assert_cmpint (check.state, ==, SP_LIMIT_SOFT);
  /* 50 mcg/min at 100 kg = 0.5 mcg/kg/min: within both */
  check = check_at (ne, 50, "mcg/min", 100);
  g_assert_cmpint (check.state, ==, SP_LIMIT_OK);
  g_assert_true (isnan (check.limit));

  /* mg/h against mcg/min without a weight: 18.1 mg/h x 1000 / 60 =
   * 301.67 mcg/min > 300 */
  check = check_at (ne, 18.1, "mg/h", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
  /* mg/h's own (converted) limits: 18 mg/h is 300 mcg/min, at the limit */
  check = check_at (ne, 18, "mg/h", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_SOFT);
  /* 1 mg/h at 70 kg = 1000 / 60 / 70 = 0.238 mcg/kg/min: fine */
  check = check_at (ne, 1, "mg/h", 70);
  g_assert_cmpint (check.state, ==, SP_LIMIT_OK);
  /* 12 mg/h at 50 kg = 200 mcg/min = 4 mcg/kg/min: refused through mcg/kg/min */
  check = check_at (ne, 12, "mg/h", 50);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
  g_assert_cmpstr (sp_dose_unit_to_string (check.limit_unit), ==, "mcg/kg/min");
  /* and said back in mg/h: 3 x 50 x 60 / 1000 = 9 mg/h */
  g_assert_cmpfloat_with_epsilon (check.limit_in_dose_unit, 9, 1e-9);

  /* a per-kg dose against the mcg/min limits: 2 mcg/kg/min x 200 kg =
   * 400 mcg/min > 300: refused although 2 < 3 */
  check = check_at (ne, 2, "mcg/kg/min", 200);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
  g_assert_cmpstr (sp_dose_unit_to_string (check.limit_unit), ==, "mcg/min");

  /* vasopressin: 6.1 units/h / 60 = 0.1017 units/min > 0.1 */
  check = check_at (vaso, 6.1, "units/h", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
  /* 1.8 units/h = 0.03 units/min: at the soft limit, not above */
  check = check_at (vaso, 1.8, "units/h", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_OK);

  /* epinephrine 9 mg/h = 150 mcg/min > 140 */
  check = check_at (epi, 9, "mg/h", NAN);
  g_assert_cmpint (check.state, ==, SP_LIMIT_HARD);
}

/* The converted limits of a unit without its own. */
static void
test_derived_limits (void)
{
  const SpDrug *ne = drug_in (shipped, "norepinephrine");
  const SpDoseLimits *mg_h = sp_drug_find_dose_limits (ne, unit ("mg/h"));
  const SpDoseLimits *mcg_min = sp_drug_find_dose_limits (ne, unit ("mcg/min"));

  g_assert_nonnull (mg_h);
  g_assert_true (mg_h->derived);
  g_assert_false (mcg_min->derived);
  g_assert_true (sp_dose_unit_equal (mg_h->derived_from, unit ("mcg/min")));
  /* 70 mcg/min x 60 / 1000 = 4.2 mg/h; 300 -> 18 */
  g_assert_cmpfloat_with_epsilon (mg_h->soft_max, 4.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (mg_h->hard_max, 18, 1e-12);
  /* the file's own step, not 2 x 0.06 = 0.12 */
  g_assert_cmpfloat (mg_h->titration_step, ==, 0.1);
}

/* Without a weight, the per-kg limit that is lower than a unit's own below
 * some weight (the shipped library, the bags). */
static void
test_per_kg_limit_below (void)
{
  g_autoptr(SpDrugLibrary) library = profile (US);
  const SpDrug *ne = drug_in (library, "norepinephrine");
  const SpDrug *epi = drug_in (library, "epinephrine");
  const SpDrug *vaso = drug_in (library, "vasopressin");
  SpDoseUnit from;
  double limit = 0, below = 0;

  /* soft 70 mcg/min or 1 mcg/kg/min: 70 / 1 = 70 kg */
  g_assert_true (sp_drug_get_per_kg_limit_below (ne, unit ("mcg/min"), FALSE, &limit, &from, &below));
  g_assert_cmpfloat (limit, ==, 1);
  g_assert_true (sp_dose_unit_equal (from, unit ("mcg/kg/min")));
  g_assert_cmpfloat_with_epsilon (below, 70, 1e-9);
  /* hard 300 mcg/min or 3 mcg/kg/min: 300 / 3 = 100 kg */
  g_assert_true (sp_drug_get_per_kg_limit_below (ne, unit ("mcg/min"), TRUE, &limit, &from, &below));
  g_assert_cmpfloat (limit, ==, 3);
  g_assert_cmpfloat_with_epsilon (below, 100, 1e-9);
  /* mg/h, derived from mcg/min: soft 4.2 mg/h; 1 mcg/kg/min at 1 kg is
   * 60 mcg/h = 0.06 mg/h; 4.2 / 0.06 = 70 kg */
  g_assert_true (sp_drug_get_per_kg_limit_below (ne, unit ("mg/h"), FALSE, NULL, NULL, &below));
  g_assert_cmpfloat_with_epsilon (below, 70, 1e-9);
  /* epinephrine: soft 35 mcg/min or 0.5 mcg/kg/min, 35 / 0.5 = 70 kg;
   * hard 140 or 2, 140 / 2 = 70 kg */
  g_assert_true (sp_drug_get_per_kg_limit_below (epi, unit ("mcg/min"), FALSE, NULL, NULL, &below));
  g_assert_cmpfloat_with_epsilon (below, 70, 1e-9);
  g_assert_true (sp_drug_get_per_kg_limit_below (epi, unit ("mcg/min"), TRUE, NULL, NULL, &below));
  g_assert_cmpfloat_with_epsilon (below, 70, 1e-9);
  /* a unit per kg, and a drug without a limit per kg: nothing */
  g_assert_false (sp_drug_get_per_kg_limit_below (ne, unit ("mcg/kg/min"), TRUE, NULL, NULL, NULL));
  g_assert_false (sp_drug_get_per_kg_limit_below (vaso, unit ("units/min"), TRUE, NULL, NULL, NULL));
}

/* --- the pump's step ------------------------------------------------------------ */

/* sp_drug_describe_rate_rounding () for norepinephrine in mcg/kg/min at
 * 40 kg and @concentration in the 50 mL syringe profile (pumps set to
 * 0.1 mL/h; 5% allowed, cite local). */
static char *
describe_ne_40_kg (double         dose,
                   const char    *concentration,
                   SpNumberStyle  style)
{
  g_autoptr(SpDrugLibrary) library = profile (EU);
  const SpDrug *ne = drug_in (library, "norepinephrine");
  g_autoptr(GError) error = NULL;
  SpConcentration c;

  g_assert_true (sp_concentration_parse (concentration, SP_NUMBER_C, "test", &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sp_drug_profile_get_rate_rounding_percent (sp_drug_library_get_profile (library)),
                     ==, 5);
  g_assert_cmpstr (sp_drug_get_rate_rounding_cites (ne)[0], ==, "local");
  return sp_drug_describe_rate_rounding (ne, dose, unit ("mcg/kg/min"), 40, &c, style);
}

static void
test_rate_rounding (void)
{
  char *text;

  /* 0.01 x 40 x 60 / 320 = 24 / 320 = 0.075 mL/h, set to 0.1: the pump
   * gives 0.01 x 0.1 / 0.075 = 0.01333 mcg/kg/min, (0.1 - 0.075) / 0.075
   * = 33.3% more. The weaker standards, strongest first: 250 mcg/mL (the
   * tartrate syringe) 24 / 250 = 0.096, set to 0.1: +4.17%, within 5%. */
  text = describe_ne_40_kg (0.01, "16 mg/50 mL", SP_NUMBER_C);
  g_assert_cmpstr (text, ==,
                   "The pump is set to 0.1 mL/h for 0.075 mL/h: it gives 0.0133 mcg/kg/min, "
                   "33.3% more than 0.01 mcg/kg/min (more than 5%). The weaker "
                   "standard 24 mg tartrate (12 mg base)/48 mL (250 mcg/mL as base) gives it at "
                   "0.1 mL/h; a change of strength needs a new rate.");
  g_free (text);

  /* 0.05 x 2400 / 80 = 120 / 80 = 1.5 mL/h: the pump is set to it exactly */
  g_assert_null (describe_ne_40_kg (0.05, "4 mg/50 mL", SP_NUMBER_C));
  /* 0.1 x 2400 / 320 = 0.75, set to 0.8: +6.67%, more than 5%; 250 mcg/mL:
   * 240 / 250 = 0.96, set to 1: +4.17% */
  text = describe_ne_40_kg (0.1, "16 mg/50 mL", SP_NUMBER_C);
  g_assert_nonnull (strstr (text, "0.8 mL/h for 0.75 mL/h: it gives 0.107 mcg/kg/min, 6.7% more"));
  g_assert_nonnull (strstr (text, "(250 mcg/mL as base) gives it at 1 mL/h"));
  g_free (text);

  /* Less: 0.004 x 2400 / 80 = 9.6 / 80 = 0.12 mL/h, set to 0.1: gives
   * 0.004 x 0.1 / 0.12 = 0.00333, (0.12 - 0.1) / 0.12 = 16.7% less. The one
   * weaker standard, 40 mcg/mL: 9.6 / 40 = 0.24, set to 0.2, 16.7% less
   * too: none is named. */
  text = describe_ne_40_kg (0.004, "4 mg/50 mL", SP_NUMBER_C);
  g_assert_cmpstr (text, ==,
                   "The pump is set to 0.1 mL/h for 0.12 mL/h: it gives 0.00333 mcg/kg/min, "
                   "16.7% less than 0.004 mcg/kg/min (more than 5%).");
  g_free (text);

  /* Below the pump's step: 9.6 / 320 = 0.03 mL/h rounds to 0 (shown "less
   * than 0.1"); 250 mcg/mL: 0.0384, also 0; 80 and 40 as above: none. */
  text = describe_ne_40_kg (0.004, "16 mg/50 mL", SP_NUMBER_C);
  g_assert_cmpstr (text, ==,
                   "0.03 mL/h is below the pump’s step of 0.1 mL/h: at this concentration the "
                   "pump cannot give 0.004 mcg/kg/min.");
  g_free (text);

  /* The percent to as many places as show it beyond 5%, the rate to three
   * past the pump's: 5.077 mcg/min at 320 mcg/mL is 5.077 x 60 / 320 =
   * 0.9519 mL/h, set to 1: (1 - 0.9519375) / 0.9519375 = 5.05%, not "5%" */
  {
    g_autoptr(SpDrugLibrary) library = profile (EU);
    const SpDrug *ne = drug_in (library, "norepinephrine");
    SpConcentration c = { 0 };

    g_assert_true (sp_concentration_parse ("16 mg/50 mL", SP_NUMBER_C, "test", &c, NULL));
    text = sp_drug_describe_rate_rounding (ne, 5.077, unit ("mcg/min"), NAN, &c, SP_NUMBER_C);
    g_assert_nonnull (strstr (text, "set to 1 mL/h for 0.9519 mL/h: it gives 5.33 mcg/min, 5.05% "
                                    "more than 5.08 mcg/min (more than 5%)"));
    g_free (text);
    /* Beside a bag written in the salt, doses are base: 0.07 mg/h at 24 mg
     * tartrate (12 mg base)/48 mL = 250 mcg/mL: 70 / 250 = 0.28 mL/h, set
     * to 0.3, +7.1%, gives 0.07 x 0.3 / 0.28 = 0.075 mg/h. Weaker: 200
     * mcg/mL 0.35 -> 0.4 (+14.3%), 160 mcg/mL 0.4375 -> 0.4 (-8.6%), 80
     * mcg/mL 0.875 -> 0.9 (+2.9%), written in the base */
    g_assert_true (sp_drug_parse_concentration (ne, "24 mg tartrate/48 mL", SP_NUMBER_C, "test", &c,
                                                NULL));
    text = sp_drug_describe_rate_rounding (ne, 0.07, unit ("mg/h"), NAN, &c, SP_NUMBER_C);
    g_assert_cmpstr (text, ==,
                     "The pump is set to 0.3 mL/h for 0.28 mL/h: it gives 0.075 mg/h as base, 7.1% "
                     "more than 0.07 mg/h as base (more than 5%). The weaker standard 4 mg/50 mL "
                     "(80 mcg/mL) as base gives it at 0.9 mL/h; a change of strength needs a new "
                     "rate.");
    g_free (text);
  }

  /* No dose, no rate: nothing to say */
  g_assert_null (describe_ne_40_kg (0, "16 mg/50 mL", SP_NUMBER_C));

  /* In German numbers (the messages stay English here: LANGUAGE is unset
   * and the catalogue not bound): 33,3 and 0,0133 */
  {
    char *old = push_locale ("de_DE.UTF-8");

    if (old == NULL)
      return;
    text = describe_ne_40_kg (0.01, "16 mg/50 mL", SP_NUMBER_LOCALE);
    g_assert_nonnull (strstr (text, "0,1 mL/h for 0,075 mL/h: it gives 0,0133 mcg/kg/min, 33,3% more"));
    g_free (text);
    pop_locale (old);
  }
}

/* A site's own rounding allowed, and its edge. */
static void
test_rate_rounding_setting (void)
{
  static const char *text =
    "<?xml version=\"1.0\"?>\n"
    "<drug-library format-version=\"3\" version=\"1\">\n"
    "  <name>Test</name>\n"
    "  <profiles default=\"a\">\n"
    "    <profile id=\"a\"><name>A</name><stronger-concentration at-ml-per-h=\"0.5\" cite=\"local\"/>"
    "<rate-rounding max-percent=\"25\" cite=\"local\"/></profile>\n"
    "    <profile id=\"b\"><name>B</name></profile>\n"
    "  </profiles>\n"
    "  <drug id=\"x\"><name>x</name>\n"
    "    <dose unit=\"mcg/min\"><limits soft-max=\"100\" hard-max=\"300\" cite=\"local\"/></dose>\n"
    "    <concentrations profile=\"a\">\n"
    "      <concentration-limits unit=\"mcg\" min-per-ml=\"0.5\" max-per-ml=\"100\" cite=\"local\"/>\n"
    "      <concentration amount=\"60\" unit=\"mcg\" volume=\"1\" default=\"true\" cite=\"local\"/>\n"
    "      <concentration amount=\"6\" unit=\"mcg\" volume=\"1\" cite=\"local\"/>\n"
    "    </concentrations>\n"
    "    <concentrations profile=\"b\">\n"
    "      <concentration-limits unit=\"mcg\" min-per-ml=\"0.5\" max-per-ml=\"100\" cite=\"local\"/>\n"
    "      <concentration amount=\"60\" unit=\"mcg\" volume=\"1\" default=\"true\" cite=\"local\"/>\n"
    "      <concentration amount=\"6\" unit=\"mcg\" volume=\"1\" cite=\"local\"/>\n"
    "    </concentrations>\n"
    "  </drug>\n"
    "  <references><reference id=\"local\">Site setting.</reference></references>\n"
    "</drug-library>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = sp_drug_library_new_from_data (text, strlen (text), "test.xml",
                                                                    &error);
  g_autoptr(SpDrugLibrary) b = NULL;
  SpConcentration c = { 0 };
  const SpDrug *x;
  char *message;

  g_assert_no_error (error);
  x = drug_in (library, "x");
  g_assert_true (sp_concentration_parse ("60 mcg/mL", SP_NUMBER_C, "test", &c, &error));
  /* mL/h = dose x 60 / 60 = the dose in mcg/min. 0.08 mL/h set to 0.1:
   * 0.02 / 0.08 = 25%, at the rounding allowed: nothing said */
  g_assert_null (sp_drug_describe_rate_rounding (x, 0.08, unit ("mcg/min"), NAN, &c, SP_NUMBER_C));
  /* 0.079 set to 0.1: 0.021 / 0.079 = 26.6%; it gives 0.079 x 0.1 / 0.079
   * = 0.1 mcg/min. The weaker 6 mcg/mL runs it at 0.79 mL/h, set to 0.8
   * (+1.3%), but at or above the profile's 0.5 mL/h for a stronger
   * standard: not named (the two would send the user back and forth) */
  message = sp_drug_describe_rate_rounding (x, 0.079, unit ("mcg/min"), NAN, &c, SP_NUMBER_C);
  g_assert_cmpstr (message, ==,
                   "The pump is set to 0.1 mL/h for 0.079 mL/h: it gives 0.1 mcg/min, 26.6% more "
                   "than 0.079 mcg/min (more than 25%).");
  g_free (message);

  /* Profile b gives none: 5%, with no source; 0.079 is said there too */
  b = sp_drug_library_for_profile (library, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sp_drug_profile_get_rate_rounding_percent (sp_drug_library_get_profile (b)),
                     ==, 5);
  x = drug_in (b, "x");
  g_assert_true (sp_drug_get_rate_rounding_cites (x) == NULL ||
                 sp_drug_get_rate_rounding_cites (x)[0] == NULL);
  /* there, with a stronger standard advised from 10 mL/h, the 6 mcg/mL
   * is named: 0.79 mL/h, set to 0.8 */
  message = sp_drug_describe_rate_rounding (x, 0.079, unit ("mcg/min"), NAN, &c, SP_NUMBER_C);
  g_assert_nonnull (strstr (message, "26.6% more than 0.079 mcg/min (more than 5%). The weaker "
                                     "standard 6 mcg/1 mL"));
  g_assert_nonnull (strstr (message, "gives it at 0.8 mL/h"));
  g_free (message);
  /* 1.02 mL/h set to 1: 1.96% less, within 5% */
  g_assert_null (sp_drug_describe_rate_rounding (x, 1.02, unit ("mcg/min"), NAN, &c, SP_NUMBER_C));
}

/* --- files that are refused ---------------------------------------------------- */

static const char *library_head =
  "<?xml version=\"1.0\"?>\n"
  "<drug-library format-version=\"3\" version=\"1\">\n"
  "  <name>Test</name>\n";
static const char *library_tail =
  "  <references><reference id=\"local\">Site setting.</reference></references>\n"
  "</drug-library>\n";

static void
assert_refused (const char *body,
                const char *expected)
{
  g_autofree char *text = g_strconcat (library_head, body, library_tail, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) library = sp_drug_library_new_from_data (text, strlen (text),
                                                                    "test.xml", &error);

  g_assert_null (library);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

#define PROFILES \
  "  <profiles default=\"a\">\n" \
  "    <profile id=\"a\"><name>A</name></profile>\n" \
  "    <profile id=\"b\"><name>B</name></profile>\n" \
  "  </profiles>\n"
#define DOSE \
  "    <dose unit=\"mcg/kg/min\"><limits soft-max=\"1\" hard-max=\"3\" cite=\"local\"/></dose>\n"
#define CONCS(profile) \
  "    <concentrations profile=\"" profile "\">\n" \
  "      <concentration-limits unit=\"mcg\" min-per-ml=\"4\" max-per-ml=\"64\" cite=\"local\"/>\n" \
  "      <concentration amount=\"4\" unit=\"mg\" volume=\"250\" default=\"true\" cite=\"local\"/>\n" \
  "    </concentrations>\n"

static void
test_refused_files (void)
{
  /* a good file, to be sure the pieces load */
  {
    g_autofree char *text = g_strconcat (library_head, PROFILES,
                                         "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a")
                                         CONCS ("b") "</drug>\n",
                                         library_tail, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(SpDrugLibrary) library = sp_drug_library_new_from_data (text, strlen (text),
                                                                      "test.xml", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sp_drug_library_get_n_profiles (library), ==, 2);
  }

  assert_refused ("  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") "</drug>\n",
                  "a format 3 library needs <profiles>");
  assert_refused ("  <profiles default=\"c\"><profile id=\"a\"><name>A</name></profile></profiles>\n"
                  "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") "</drug>\n",
                  "the default profile \"c\"");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") CONCS ("c")
                  "</drug>\n",
                  "profile \"c\" is not one of the library's <profiles>");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") CONCS ("a")
                  "</drug>\n",
                  "two <concentrations> for profile \"a\"");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") "</drug>\n",
                  "profile \"b\" lists no drug");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>" DOSE
                  "    <dose unit=\"mcg/min\"/>\n" CONCS ("a") CONCS ("b") "</drug>\n",
                  "dose unit mcg/min has no <limits>");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>" DOSE
                  "    <concentrations profile=\"a\">\n"
                  "      <concentration-limits unit=\"mcg\" min-per-ml=\"4\" max-per-ml=\"64\" cite=\"local\"/>\n"
                  "      <concentration amount=\"4\" unit=\"mg\" salt=\"tartrate\" volume=\"250\" default=\"true\" cite=\"local\"/>\n"
                  "    </concentrations>\n" CONCS ("b") "</drug>\n",
                  "unknown salt \"tartrate\"");
  assert_refused (PROFILES "  <drug id=\"x\"><name>x</name>"
                  "    <salt id=\"tartrate\" salt=\"1\" base=\"2\" cite=\"local\"><name>t</name></salt>\n"
                  DOSE CONCS ("a") CONCS ("b") "</drug>\n",
                  "the base no more than the salt");
  /* the rounding allowed: above 0 (the schema's "positive") and below
   * 100% (the loader's) */
  assert_refused ("  <profiles default=\"a\"><profile id=\"a\"><name>A</name>"
                  "<rate-rounding max-percent=\"0\" cite=\"local\"/></profile></profiles>\n"
                  "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") "</drug>\n",
                  "max-percent");
  assert_refused ("  <profiles default=\"a\"><profile id=\"a\"><name>A</name>"
                  "<rate-rounding max-percent=\"100\" cite=\"local\"/></profile></profiles>\n"
                  "  <drug id=\"x\"><name>x</name>" DOSE CONCS ("a") "</drug>\n",
                  "profile \"a\": the rate rounding allowed");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  shipped = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/drug-profiles/listed", test_profiles_listed);
  g_test_add_func ("/core/drug-profiles/lifetime", test_profile_lifetime);
  g_test_add_func ("/core/drug-profiles/describe", test_describe);
  g_test_add_func ("/core/drug-profiles/concentrations", test_concentrations_in_profiles);
  g_test_add_func ("/core/drug-profiles/standard-named-elsewhere", test_standard_named_elsewhere);
  g_test_add_func ("/core/drug-profiles/look-alike", test_look_alike);
  g_test_add_func ("/core/drug-profiles/look-alike-standards-differ",
                   test_look_alike_standards_differ);
  g_test_add_func ("/core/drug-profiles/salt/parse", test_salt_parse);
  g_test_add_func ("/core/drug-profiles/salt/format", test_salt_format);
  g_test_add_func ("/core/drug-profiles/limits/across-units", test_limits_across_units);
  g_test_add_func ("/core/drug-profiles/limits/message-digits", test_limit_message_digits);
  g_test_add_func ("/core/drug-profiles/limits/derived", test_derived_limits);
  g_test_add_func ("/core/drug-profiles/refused-files", test_refused_files);
  g_test_add_func ("/core/drug-profiles/rate-rounding", test_rate_rounding);
  g_test_add_func ("/core/drug-profiles/limits/per-kg-below", test_per_kg_limit_below);
  g_test_add_func ("/core/drug-profiles/rate-rounding/setting", test_rate_rounding_setting);

  status = g_test_run ();
  g_clear_object (&shipped);
  return status;
}
