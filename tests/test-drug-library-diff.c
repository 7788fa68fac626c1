/* test-drug-library-diff.c: what changed between two drug libraries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-drug-library-diff"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "sp-drug-library-diff.h"

static SpDrugLibrary *
load (const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", name, NULL);
  SpDrugLibrary *library = sp_drug_library_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (library);
  return library;
}

typedef struct {
  const char *drug;
  const char *profile;
  const char *field;
  const char *old_text;
  const char *new_text;
} Expected;

/* Everything drugs-diff-new.xml changes in drugs-diff-old.xml, worked out
 * by reading the two files, in the order the diff sorts (drug, profile,
 * field, old, new; NULL first). */
static const Expected expected_changes[] = {
  /* the library */
  { NULL, NULL, "description", "Old version.", "New version." },
  { NULL, NULL, "reference[ssc]", "Surviving Sepsis Campaign 2016.", "Surviving Sepsis Campaign 2021." },
  { NULL, NULL, "version", "2025-01", "2025-06" },
  /* a new profile, a renamed one */
  { NULL, "peripheral", "profile", NULL, "Peripheral line" },
  { NULL, "syringes", "name", "Adult ICU - syringes", "Adult ICU - 50 mL syringes" },
  /* a new drug, in bags only, with what bags list for it (a sign-off saw
   * "drug: added" and not its bag and limits) */
  { "dobutamine", NULL, "drug", NULL, "DOBUTamine" },
  { "dobutamine", "bags", "concentration", NULL, "250 mg/250 mL" },
  { "dobutamine", "bags", "concentration_limits", NULL, "1000-4000 mcg/mL" },
  { "dobutamine", "bags", "default_concentration", NULL, "250 mg/250 mL" },
  { "dobutamine", "bags", "diluent[250 mg/250 mL]", NULL, "glucose 5%" },
  { "dobutamine", "bags", "drug", NULL, "DOBUTamine" },
  { "dobutamine", "bags", "hard_max[mcg/kg/min]", NULL, "40" },
  { "dobutamine", "bags", "soft_max[mcg/kg/min]", NULL, "20" },
  /* a drug gone, with what bags listed for it */
  { "dopamine", NULL, "drug", "DOPamine", NULL },
  { "dopamine", "bags", "concentration", "400 mg/250 mL", NULL },
  { "dopamine", "bags", "concentration_limits", "1600-3200 mcg/mL", NULL },
  { "dopamine", "bags", "default_concentration", "400 mg/250 mL", NULL },
  { "dopamine", "bags", "diluent[400 mg/250 mL]", "glucose 5%", NULL },
  { "dopamine", "bags", "drug", "DOPamine", NULL },
  { "dopamine", "bags", "hard_max[mcg/kg/min]", "25", NULL },
  { "dopamine", "bags", "soft_max[mcg/kg/min]", "20", NULL },
  /* norepinephrine everywhere: one note replaced by another (a note is
   * matched by its text), pumps show 2 decimals */
  { "norepinephrine", NULL, "note", NULL, "Check the line every hour." },
  { "norepinephrine", NULL, "note", "Central line preferred.", NULL },
  { "norepinephrine", NULL, "rate_decimals", "1", "2" },
  /* in bags: 8 mg/250 mL added and made the default; the hard limit in
   * mcg/min 100 -> 120, and with it mg/h, converted from mcg/min:
   * 100 mcg/min x 60 min/h / 1000 mcg/mg = 6 mg/h, 120 x 60 / 1000 = 7.2 */
  { "norepinephrine", "bags", "concentration", NULL, "8 mg/250 mL" },
  { "norepinephrine", "bags", "default_concentration", "4 mg/250 mL", "8 mg/250 mL" },
  { "norepinephrine", "bags", "hard_max[mcg/min]", "100", "120" },
  { "norepinephrine", "bags", "hard_max[mg/h]", "6", "7.2" },
  /* the new profile lists it, with its bag and limits: mg/h converted
   * from mcg/min, 120 x 60 / 1000 = 7.2 and 30 x 60 / 1000 = 1.8 */
  { "norepinephrine", "peripheral", "concentration", NULL, "4 mg/250 mL" },
  { "norepinephrine", "peripheral", "concentration_limits", NULL, "8-16 mcg/mL" },
  { "norepinephrine", "peripheral", "default_concentration", NULL, "4 mg/250 mL" },
  { "norepinephrine", "peripheral", "diluent[4 mg/250 mL]", NULL, "glucose 5%" },
  { "norepinephrine", "peripheral", "drug", NULL, "NORepinephrine" },
  { "norepinephrine", "peripheral", "hard_max[mcg/kg/min]", NULL, "3" },
  { "norepinephrine", "peripheral", "hard_max[mcg/min]", NULL, "120" },
  { "norepinephrine", "peripheral", "hard_max[mg/h]", NULL, "7.2" },
  { "norepinephrine", "peripheral", "soft_max[mcg/kg/min]", NULL, "1" },
  { "norepinephrine", "peripheral", "soft_max[mcg/min]", NULL, "30" },
  { "norepinephrine", "peripheral", "soft_max[mg/h]", NULL, "1.8" },
  { "norepinephrine", "peripheral", "titration_step[mcg/kg/min]", NULL, "0.02" },
  /* in syringes: the diluent of 4 mg/50 mL, a hard limit of the profile's
   * own in mcg/kg/min (3 -> 2, cited ics), and mcg/min and mg/h as in bags */
  { "norepinephrine", "syringes", "diluent[4 mg/50 mL]", "glucose 5%", "sodium chloride 0.9%" },
  { "norepinephrine", "syringes", "hard_max[mcg/kg/min]", "3", "2" },
  { "norepinephrine", "syringes", "hard_max[mcg/min]", "100", "120" },
  { "norepinephrine", "syringes", "hard_max[mg/h]", "6", "7.2" },
  { "norepinephrine", "syringes", "limit_cites[mcg/kg/min]", "local", "ics" },
  /* vasopressin: units/h added (its limits converted from units/min), the
   * usual maximum 0.03 -> 0.04 units/min, and syringes list it now */
  { "vasopressin", NULL, "dose_unit[units/h]", NULL, "units/h" },
  { "vasopressin", NULL, "usual[units/min]", "max 0.03", "max 0.04" },
  { "vasopressin", "syringes", "concentration", NULL, "20 units/50 mL" },
  { "vasopressin", "syringes", "concentration_limits", NULL, "0.2-1 units/mL" },
  { "vasopressin", "syringes", "default_concentration", NULL, "20 units/50 mL" },
  { "vasopressin", "syringes", "diluent[20 units/50 mL]", NULL, "sodium chloride 0.9%" },
  { "vasopressin", "syringes", "drug", NULL, "vasopressin" },
  /* units/h converted from units/min: 0.1 x 60 = 6, 0.04 x 60 = 2.4 */
  { "vasopressin", "syringes", "hard_max[units/h]", NULL, "6" },
  { "vasopressin", "syringes", "hard_max[units/min]", NULL, "0.1" },
  { "vasopressin", "syringes", "soft_max[units/h]", NULL, "2.4" },
  { "vasopressin", "syringes", "soft_max[units/min]", NULL, "0.04" },
};

static char *
change_text (const char *drug,
             const char *profile,
             const char *field,
             const char *old_text,
             const char *new_text)
{
  return g_strdup_printf ("%s | %s | %s | %s -> %s", drug ? drug : "(null)",
                          profile ? profile : "(null)", field,
                          old_text ? old_text : "(null)", new_text ? new_text : "(null)");
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
test_changes (void)
{
  g_autoptr(SpDrugLibrary) old_library = load ("drugs-diff-old.xml");
  g_autoptr(SpDrugLibrary) new_library = load ("drugs-diff-new.xml");
  g_autoptr(GPtrArray) changes = sp_drug_library_diff (old_library, new_library);

  for (guint i = 0; i < MIN (changes->len, G_N_ELEMENTS (expected_changes)); i++)
    {
      const SpDrugLibraryChange *change = g_ptr_array_index (changes, i);
      const Expected *e = &expected_changes[i];
      g_autofree char *got = change_text (change->drug, change->profile, change->field,
                                          change->old_text, change->new_text);
      g_autofree char *want = change_text (e->drug, e->profile, e->field, e->old_text, e->new_text);

      g_assert_cmpstr (got, ==, want);
    }
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected_changes));
}

/* The elements of issue 17, drugs-diff-label-new.xml against -old.xml,
 * worked out by reading the two files, in the diff's order. */
static const Expected expected_label_changes[] = {
  /* the bag planner's settings of the profile: at 10 -> 15 mL/h, now
   * cited nhs; the next bag 2 -> 1 h before the running one is empty; the
   * pump's step may take a dose 10% from its order, where the old file
   * gave none (5%, no source) */
  { NULL, "bags", "prepare_lead_hours", "2", "1" },
  { NULL, "bags", "rate_rounding_cites", NULL, "local" },
  { NULL, "bags", "rate_rounding_percent", "5", "10" },
  { NULL, "bags", "stronger_at_ml_per_h", "10", "15" },
  { NULL, "bags", "stronger_cites", "local", "nhs" },
  /* levosimendan: one course of 24 -> 36 hours, now high-alert */
  { "levosimendan", NULL, "course_cites", "label", "local" },
  { "levosimendan", NULL, "course_hours", "24", "36" },
  { "levosimendan", NULL, "high_alert", "no", "yes" },
  { "levosimendan", NULL, "high_alert_cites", NULL, "ismp" },
  /* its one diluent of "glucose 5% or sodium chloride 0.9%" */
  { "levosimendan", "bags", "preferred_diluent[12.5 mg/500 mL]", "glucose 5%", "sodium chloride 0.9%" },
  /* norepinephrine: no longer high-alert; an 8 mg/8 mL ampoule added, the
   * 1 mg/1 mL vial gone, the 4 mg/4 mL vial cited local too; beyond use
   * 24 -> 18 h, cited by the label */
  { "norepinephrine", NULL, "high_alert", "yes", "no" },
  { "norepinephrine", NULL, "high_alert_cites", "ismp", NULL },
  { "norepinephrine", NULL, "product[ampoule-8-mg-8-ml]", NULL, "ampoule 8 mg/8 mL" },
  { "norepinephrine", NULL, "product[vial-1-mg-1-ml]", "vial 1 mg/1 mL", NULL },
  { "norepinephrine", NULL, "product_cites[vial-4-mg-4-ml]", "label", "label local" },
  { "norepinephrine", NULL, "storage", "24 h; room temperature", "18 h; room temperature" },
  { "norepinephrine", NULL, "storage_cites", "local", "label" },
  /* 16 mg/250 mL from the ampoule, made up rather than removed from the
   * bag; 2 mg/50 mL kept 12 h refrigerated (its own; the drug's 24 -> 18 h
   * is said once, above) */
  { "norepinephrine", "bags", "concentration_product[16 mg/250 mL]", "vial-4-mg-4-ml", "ampoule-8-mg-8-ml" },
  { "norepinephrine", "bags", "concentration_storage[2 mg/50 mL]", NULL, "12 h; refrigerated" },
  { "norepinephrine", "bags", "concentration_storage_cites[2 mg/50 mL]", NULL, "local" },
  { "norepinephrine", "bags", "remove_volume[16 mg/250 mL]", "yes", "no" },
};

static void
test_label_changes (void)
{
  g_autoptr(SpDrugLibrary) old_library = load ("drugs-diff-label-old.xml");
  g_autoptr(SpDrugLibrary) new_library = load ("drugs-diff-label-new.xml");
  g_autoptr(GPtrArray) changes = sp_drug_library_diff (old_library, new_library);
  g_autoptr(GPtrArray) back = sp_drug_library_diff (new_library, old_library);

  for (guint i = 0; i < MIN (changes->len, G_N_ELEMENTS (expected_label_changes)); i++)
    {
      const SpDrugLibraryChange *change = g_ptr_array_index (changes, i);
      const Expected *e = &expected_label_changes[i];
      g_autofree char *got = change_text (change->drug, change->profile, change->field,
                                          change->old_text, change->new_text);
      g_autofree char *want = change_text (e->drug, e->profile, e->field, e->old_text, e->new_text);

      g_assert_cmpstr (got, ==, want);
    }
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected_label_changes));
  /* and back: as many, old and new swapped (the order within a field may
   * differ: sorted by the old text) */
  g_assert_cmpuint (back->len, ==, G_N_ELEMENTS (expected_label_changes));
}

/* The other way round: the same changes, old and new swapped. */
static void
test_reversed (void)
{
  g_autoptr(SpDrugLibrary) old_library = load ("drugs-diff-old.xml");
  g_autoptr(SpDrugLibrary) new_library = load ("drugs-diff-new.xml");
  g_autoptr(GPtrArray) changes = sp_drug_library_diff (new_library, old_library);

  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected_changes));
  for (guint i = 0; i < G_N_ELEMENTS (expected_changes); i++)
    {
      const Expected *e = &expected_changes[i];
      gboolean found = FALSE;

      for (guint j = 0; j < changes->len && !found; j++)
        {
          const SpDrugLibraryChange *change = g_ptr_array_index (changes, j);

          found = g_strcmp0 (change->drug, e->drug) == 0 &&
                  g_strcmp0 (change->profile, e->profile) == 0 &&
                  g_strcmp0 (change->field, e->field) == 0 &&
                  g_strcmp0 (change->old_text, e->new_text) == 0 &&
                  g_strcmp0 (change->new_text, e->old_text) == 0;
        }
      if (!found)
        {
          g_autofree char *want = change_text (e->drug, e->profile, e->field, e->new_text,
                                               e->old_text);

          g_error ("reversed diff lacks %s", want);
        }
    }
}

/* A library against itself, and against another object of the same file
 * shown through another profile: nothing changed (the diff compares files,
 * not the profile an object shows). */
static void
test_unchanged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) shipped = sp_drug_library_new_default (&error);
  g_autoptr(SpDrugLibrary) shipped_again = NULL;
  g_autoptr(SpDrugLibrary) library = load ("drugs-diff-new.xml");
  g_autoptr(SpDrugLibrary) syringes = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  g_assert_no_error (error);
  shipped_again = sp_drug_library_new_default (&error);
  g_assert_no_error (error);
  changes = sp_drug_library_diff (shipped, shipped_again);
  g_assert_cmpuint (changes->len, ==, 0);
  g_clear_pointer (&changes, g_ptr_array_unref);

  syringes = sp_drug_library_for_profile (library, "syringes", &error);
  g_assert_no_error (error);
  changes = sp_drug_library_diff (library, syringes);
  g_assert_cmpuint (changes->len, ==, 0);
}

/* A site marks its copy as its own (defaults="false"): the one change, as
 * the sheet's header then says "the site's" and not "shipped defaults"
 * (the diff said nothing). */
static void
test_defaults_flag (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) shipped = sp_drug_library_new_default (&error);
  g_autoptr(SpDrugLibrary) site = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "drugs.xml", NULL);
  g_autoptr(GString) own = NULL;
  const SpDrugLibraryChange *change;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  own = g_string_new (text);
  g_assert_cmpuint (g_string_replace (own, "defaults=\"true\"", "defaults=\"false\"", 1), ==, 1);
  site = sp_drug_library_new_from_data (own->str, own->len, "site.xml", &error);
  g_assert_no_error (error);

  changes = sp_drug_library_diff (shipped, site);
  g_assert_cmpuint (changes->len, ==, 1);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->field, ==, "defaults");
  g_assert_cmpstr (change->old_text, ==, "yes");
  g_assert_cmpstr (change->new_text, ==, "no");
}

/* The shipped library against the old test library (profiles "bags" and
 * "syringes"): they share no profile id, so each of the shipped profiles is a profile removed (its name before,
 * nothing after), each of the test library's one added, in the order of
 * their ids; and the whole list is sorted. Holds whatever profiles the
 * shipped file has. */
static void
test_profiles_replaced (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) shipped = sp_drug_library_new_default (&error);
  g_autoptr(SpDrugLibrary) library = load ("drugs-diff-old.xml");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  guint n_profile_changes = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < sp_drug_library_get_n_profiles (shipped); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (shipped, i);

      g_ptr_array_add (expected, change_text (NULL, sp_drug_profile_get_id (profile), "profile",
                                              sp_drug_profile_get_name (profile), NULL));
    }
  for (guint i = 0; i < sp_drug_library_get_n_profiles (library); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (library, i);

      g_ptr_array_add (expected, change_text (NULL, sp_drug_profile_get_id (profile), "profile",
                                              NULL, sp_drug_profile_get_name (profile)));
    }
  /* "(null) | id | ..." sorts by the profile id */
  g_ptr_array_sort (expected, compare_texts);

  changes = sp_drug_library_diff (shipped, library);
  for (guint i = 0; i < changes->len; i++)
    {
      const SpDrugLibraryChange *change = g_ptr_array_index (changes, i);

      if (change->drug == NULL && change->profile != NULL && g_strcmp0 (change->field, "profile") == 0)
        {
          g_autofree char *got = change_text (change->drug, change->profile, change->field,
                                              change->old_text, change->new_text);

          g_assert_cmpuint (n_profile_changes, <, expected->len);
          g_assert_cmpstr (got, ==, g_ptr_array_index (expected, n_profile_changes));
          n_profile_changes++;
        }
      if (i > 0)
        {
          const SpDrugLibraryChange *before = g_ptr_array_index (changes, i - 1);
          int order = g_strcmp0 (before->drug, change->drug);

          if (order == 0)
            order = g_strcmp0 (before->profile, change->profile);
          if (order == 0)
            order = g_strcmp0 (before->field, change->field);
          g_assert_cmpint (order, <=, 0);
        }
    }
  /* 2 profiles in the test library, at least 1 in the shipped one */
  g_assert_cmpuint (n_profile_changes, ==, expected->len);
  g_assert_cmpuint (n_profile_changes, >=, 3);
}

/* A site's numbers tenfold or more from the shipped library's, as a
 * misplaced zero or decimal point makes them: the shipped file with
 * norepinephrine's hard limit of 300 mcg/min typed 3000000 (10,000x),
 * DOBUTamine's titration step of 2.5 mcg/kg/min typed 0.25 (1/10, at the
 * edge) and its hard limit of 40 typed 80 (2x: a site's choice, not
 * flagged); and the bags' norepinephrine concentration limits written in
 * mg, 0.004 to 64 mg/mL where 0.004 to 0.064 was meant: 64 / 0.064 =
 * 1000x. One line for the profiles that share a number. */
static void
test_implausible (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "data", "drugs.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrugLibrary) shipped = sp_drug_library_new_default (&error);
  g_autoptr(SpDrugLibrary) site = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) none = NULL;
  GString *edited;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "<limits soft-max=\"70\" hard-max=\"300\"",
                                      "<limits soft-max=\"70\" hard-max=\"3000000\"", 0), ==, 1);
  g_assert_cmpuint (g_string_replace (edited,
                                      "<limits soft-max=\"20\" hard-max=\"40\" titration-step=\"2.5\"",
                                      "<limits soft-max=\"20\" hard-max=\"80\" titration-step=\"0.25\"",
                                      0), ==, 1);
  g_assert_cmpuint (g_string_replace (edited,
                                      "<concentration-limits unit=\"mcg\" min-per-ml=\"4\" max-per-ml=\"64\" cite=\"local\"/>",
                                      "<concentration-limits unit=\"mg\" min-per-ml=\"0.004\" max-per-ml=\"64\" cite=\"local\"/>",
                                      1), ==, 1);
  site = sp_drug_library_new_from_data (edited->str, edited->len, "site.xml", &error);
  g_string_free (edited, TRUE);
  g_assert_no_error (error);

  /* C numbers: no grouping */
  flags = sp_drug_library_list_implausible (site, shipped, SP_NUMBER_C);
  for (guint i = 0; i < flags->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (flags, i));
  g_assert_cmpuint (flags->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (flags, 0), ==,
                   "us-icu-bags, eu-icu-syringes, peripheral: norepinephrine hard limit 3000000 "
                   "mcg/min is 10000\u00d7 the shipped library\u2019s 300 mcg/min: check it for a "
                   "misplaced decimal point or zero");
  g_assert_cmpstr (g_ptr_array_index (flags, 1), ==,
                   "us-icu-bags: norepinephrine highest typed concentration 64 mg/mL is 1000\u00d7 "
                   "the shipped library\u2019s 0.064 mg/mL: check it for a misplaced decimal point "
                   "or zero");
  g_assert_cmpstr (g_ptr_array_index (flags, 2), ==,
                   "us-icu-bags, eu-icu-syringes, peripheral: DOBUTamine titration step 0.25 "
                   "mcg/kg/min is 1/10 of the shipped library\u2019s 2.5 mcg/kg/min: check it for a "
                   "misplaced decimal point or zero");

  /* the shipped library against itself: nothing */
  none = sp_drug_library_list_implausible (shipped, shipped, SP_NUMBER_C);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Names and texts in English, numbers in the C locale. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/drug-library-diff/changes", test_changes);
  g_test_add_func ("/core/drug-library-diff/reversed", test_reversed);
  g_test_add_func ("/core/drug-library-diff/label-elements", test_label_changes);
  g_test_add_func ("/core/drug-library-diff/unchanged", test_unchanged);
  g_test_add_func ("/core/drug-library-diff/defaults-flag", test_defaults_flag);
  g_test_add_func ("/core/drug-library-diff/profiles-replaced", test_profiles_replaced);
  g_test_add_func ("/core/drug-library-diff/implausible", test_implausible);

  return g_test_run ();
}
