/* test-dose.c: dose <-> pump rate for every drug of the shipped library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are worked out by hand; the arithmetic is in the comments.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sp-dose.h"
#include "sp-number.h"

static const SpDoseUnit MCG_KG_MIN = { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN };
static const SpDoseUnit MCG_KG_H = { SP_AMOUNT_MCG, TRUE, SP_TIME_H };
static const SpDoseUnit MCG_MIN = { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN };
static const SpDoseUnit UNITS_MIN = { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN };
static const SpDoseUnit UNITS_H = { SP_AMOUNT_UNITS, FALSE, SP_TIME_H };
static const SpDoseUnit MG_H = { SP_AMOUNT_MG, FALSE, SP_TIME_H };
static const SpDoseUnit MG_KG_H = { SP_AMOUNT_MG, TRUE, SP_TIME_H };

#define CONC(a, u, v) ((SpConcentration) { (a), (u), (v), FALSE })

/* Relative closeness; the hand values are exact decimals, the maths is
 * double precision. */
static gboolean
close_to (double got,
          double expected,
          double rel)
{
  if (expected == 0.0)
    return got == 0.0;

  return fabs (got - expected) <= rel * fabs (expected);
}

typedef struct {
  const char      *drug;
  double           dose;
  SpDoseUnit       unit;
  double           weight_kg;
  SpConcentration  conc;
  double           rate_ml_h;   /* by hand */
} Case;

/* Every drug of CLINICAL.md's table, each of its dose units, at a standard
 * concentration. */
static const Case cases[] = {
  /* 0.1 mcg/kg/min x 70 kg x 60 min/h / (4 mg/250 mL = 4000 mcg / 250 mL = 16 mcg/mL)
   * = 420 / 16 = 26.25 mL/h */
  { "norepinephrine", 0.1, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 4, SP_AMOUNT_MG, 250, FALSE }, 26.25 },
  /* 0.2 mcg/kg/min x 80 kg x 60 / (8 mg/250 mL = 32 mcg/mL) = 960 / 32 = 30 mL/h */
  { "norepinephrine", 0.2, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 80,
    { 8, SP_AMOUNT_MG, 250, FALSE }, 30 },
  /* 1 mcg/kg/min x 70 kg x 60 / (16 mg/250 mL = 64 mcg/mL) = 4200 / 64 = 65.625 mL/h */
  { "norepinephrine", 1, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 16, SP_AMOUNT_MG, 250, FALSE }, 65.625 },
  /* label dilution: 0.05 mcg/kg/min x 70 x 60 / (4 mg/1000 mL = 4 mcg/mL) = 210 / 4 = 52.5 */
  { "norepinephrine", 0.05, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 4, SP_AMOUNT_MG, 1000, FALSE }, 52.5 },
  /* 10 mcg/min x 60 / (16 mg/250 mL = 64 mcg/mL) = 600 / 64 = 9.375 mL/h (no weight) */
  { "norepinephrine", 10, { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }, NAN,
    { 16, SP_AMOUNT_MG, 250, FALSE }, 9.375 },
  /* 8 mcg/min x 60 / 16 mcg/mL = 480 / 16 = 30 mL/h */
  { "norepinephrine", 8, { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }, 70,
    { 4, SP_AMOUNT_MG, 250, FALSE }, 30 },
  /* typed per mL: 0.1 mcg/kg/min x 70 x 60 / 16 mcg/mL = 420 / 16 = 26.25 mL/h */
  { "norepinephrine", 0.1, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 16, SP_AMOUNT_MCG, 1, TRUE }, 26.25 },
  /* 5 mcg/kg/min x 80 kg x 60 / (1000 mg/250 mL = 4000 mcg/mL) = 24000 / 4000 = 6 mL/h */
  { "dobutamine", 5, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 80,
    { 1000, SP_AMOUNT_MG, 250, FALSE }, 6 },
  /* premix: 2.5 mcg/kg/min x 70 x 60 / (250 mg/250 mL = 1000 mcg/mL) = 10500 / 1000 = 10.5 */
  { "dobutamine", 2.5, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 250, SP_AMOUNT_MG, 250, FALSE }, 10.5 },
  /* 10 mcg/kg/min x 70 x 60 / (500 mg/250 mL = 2000 mcg/mL) = 42000 / 2000 = 21 mL/h */
  { "dobutamine", 10, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 500, SP_AMOUNT_MG, 250, FALSE }, 21 },
  /* 5 mcg/kg/min x 70 x 60 / (400 mg/250 mL = 1600 mcg/mL) = 21000 / 1600 = 13.125 mL/h */
  { "dopamine", 5, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 400, SP_AMOUNT_MG, 250, FALSE }, 13.125 },
  /* 10 mcg/kg/min x 80 x 60 / (800 mg/250 mL = 3200 mcg/mL) = 48000 / 3200 = 15 mL/h */
  { "dopamine", 10, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 80,
    { 800, SP_AMOUNT_MG, 250, FALSE }, 15 },
  /* 0.03 units/min x 60 / (20 units/100 mL = 0.2 units/mL) = 1.8 / 0.2 = 9 mL/h */
  { "vasopressin", 0.03, { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }, NAN,
    { 20, SP_AMOUNT_UNITS, 100, FALSE }, 9 },
  /* 0.04 units/min x 60 / (40 units/100 mL = 0.4 units/mL) = 2.4 / 0.4 = 6 mL/h */
  { "vasopressin", 0.04, { SP_AMOUNT_UNITS, FALSE, SP_TIME_MIN }, 70,
    { 40, SP_AMOUNT_UNITS, 100, FALSE }, 6 },
  /* 0.1 mcg/kg/min x 70 x 60 / (12.5 mg/500 mL = 12500 mcg / 500 mL = 25 mcg/mL)
   * = 420 / 25 = 16.8 mL/h */
  { "levosimendan", 0.1, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 12.5, SP_AMOUNT_MG, 500, FALSE }, 16.8 },
  /* 0.2 mcg/kg/min x 60 kg x 60 / (12.5 mg/250 mL = 50 mcg/mL) = 720 / 50 = 14.4 mL/h */
  { "levosimendan", 0.2, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 60,
    { 12.5, SP_AMOUNT_MG, 250, FALSE }, 14.4 },
  /* 0.5 mcg/kg/min x 80 x 60 / (20 mg/100 mL = 200 mcg/mL) = 2400 / 200 = 12 mL/h */
  { "milrinone", 0.5, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 80,
    { 20, SP_AMOUNT_MG, 100, FALSE }, 12 },
  /* 0.375 mcg/kg/min x 64 kg x 60 / 200 mcg/mL = 1440 / 200 = 7.2 mL/h */
  { "milrinone", 0.375, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 64,
    { 20, SP_AMOUNT_MG, 100, FALSE }, 7.2 },
  /* 0.05 mcg/kg/min x 70 x 60 / (5 mg/250 mL = 20 mcg/mL) = 210 / 20 = 10.5 mL/h */
  { "epinephrine", 0.05, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 5, SP_AMOUNT_MG, 250, FALSE }, 10.5 },
  /* 0.5 mcg/kg/min x 70 x 60 / (10 mg/250 mL = 40 mcg/mL) = 2100 / 40 = 52.5 mL/h */
  { "epinephrine", 0.5, { SP_AMOUNT_MCG, TRUE, SP_TIME_MIN }, 70,
    { 10, SP_AMOUNT_MG, 250, FALSE }, 52.5 },
  /* 10 mcg/min x 60 / (10 mg/250 mL = 40 mcg/mL) = 600 / 40 = 15 mL/h */
  { "epinephrine", 10, { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }, NAN,
    { 10, SP_AMOUNT_MG, 250, FALSE }, 15 },
  /* 35 mcg/min x 60 / (5 mg/250 mL = 20 mcg/mL) = 2100 / 20 = 105 mL/h */
  { "epinephrine", 35, { SP_AMOUNT_MCG, FALSE, SP_TIME_MIN }, 70,
    { 5, SP_AMOUNT_MG, 250, FALSE }, 105 },
  /* per hour units: 2 mg/h / (16 mg/250 mL = 0.064 mg/mL) = 31.25 mL/h */
  { "mg/h", 2, { SP_AMOUNT_MG, FALSE, SP_TIME_H }, NAN,
    { 16, SP_AMOUNT_MG, 250, FALSE }, 31.25 },
  /* 1 mg/h from a mcg concentration: 1000 mcg/h / 64 mcg/mL = 15.625 mL/h */
  { "mg/h", 1, { SP_AMOUNT_MG, FALSE, SP_TIME_H }, NAN,
    { 64, SP_AMOUNT_MCG, 1, TRUE }, 15.625 },
  /* 0.1 mg/kg/h x 50 kg / (20 mg/100 mL = 0.2 mg/mL) = 5 / 0.2 = 25 mL/h */
  { "mg/kg/h", 0.1, { SP_AMOUNT_MG, TRUE, SP_TIME_H }, 50,
    { 20, SP_AMOUNT_MG, 100, FALSE }, 25 },
  /* 6 mcg/kg/h x 70 kg / 16 mcg/mL = 420 / 16 = 26.25 mL/h */
  { "mcg/kg/h", 6, { SP_AMOUNT_MCG, TRUE, SP_TIME_H }, 70,
    { 4, SP_AMOUNT_MG, 250, FALSE }, 26.25 },
  /* 2.4 units/h / 0.2 units/mL = 12 mL/h */
  { "units/h", 2.4, { SP_AMOUNT_UNITS, FALSE, SP_TIME_H }, NAN,
    { 20, SP_AMOUNT_UNITS, 100, FALSE }, 12 },
};

static void
test_dose_to_rate (void)
{
  const char *drugs[] = { "norepinephrine", "dobutamine", "dopamine", "vasopressin",
                          "levosimendan", "milrinone", "epinephrine" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double rate = -1.0;

      if (!sp_dose_to_rate (cases[i].dose, cases[i].unit, cases[i].weight_kg,
                            &cases[i].conc, &rate, &error))
        g_test_fail_printf ("%s %g %s: refused: %s", cases[i].drug, cases[i].dose,
                            sp_dose_unit_to_string (cases[i].unit), error->message);
      else if (!close_to (rate, cases[i].rate_ml_h, 1e-14))
        g_test_fail_printf ("%s %g %s: expected %.17g mL/h, got %.17g", cases[i].drug,
                            cases[i].dose, sp_dose_unit_to_string (cases[i].unit),
                            cases[i].rate_ml_h, rate);
    }

  /* the table really covers every drug */
  for (guint d = 0; d < G_N_ELEMENTS (drugs); d++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        found = found || strcmp (cases[i].drug, drugs[d]) == 0;
      g_assert_true (found);
    }
}

static void
test_rate_to_dose (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double dose = -1.0;

      /* the inverse of the same hand calculation */
      if (!sp_rate_to_dose (cases[i].rate_ml_h, cases[i].unit, cases[i].weight_kg,
                            &cases[i].conc, &dose, &error))
        g_test_fail_printf ("%s %g mL/h: refused: %s", cases[i].drug, cases[i].rate_ml_h,
                            error->message);
      else if (!close_to (dose, cases[i].dose, 1e-14))
        g_test_fail_printf ("%s %g mL/h: expected %.17g %s, got %.17g", cases[i].drug,
                            cases[i].rate_ml_h, cases[i].dose,
                            sp_dose_unit_to_string (cases[i].unit), dose);
    }

  {
    /* 26.25 mL/h x 16 mcg/mL / 60 min/h / 70 kg = 420 / 60 / 70 = 0.1 mcg/kg/min */
    SpConcentration c = CONC (4, SP_AMOUNT_MG, 250);
    double dose = 0.0;

    g_assert_true (sp_rate_to_dose (26.25, MCG_KG_MIN, 70, &c, &dose, NULL));
    g_assert_cmpfloat_with_epsilon (dose, 0.1, 1e-15);
    /* the same rate read as mcg/min: 26.25 x 16 / 60 = 7 mcg/min (the 70-fold slip) */
    g_assert_true (sp_rate_to_dose (26.25, MCG_MIN, NAN, &c, &dose, NULL));
    g_assert_cmpfloat_with_epsilon (dose, 7.0, 1e-13);
    /* 31.25 mL/h x (4 mg / 250 mL = 0.016 mg/mL) = 0.5 mg/h */
    g_assert_true (sp_rate_to_dose (31.25, MG_H, NAN, &c, &dose, NULL));
    g_assert_cmpfloat_with_epsilon (dose, 0.5, 1e-15);
  }
}

static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint k = 0; k < 200; k++)
        {
          double dose = g_test_rand_double_range (0.001, 100.0);
          double weight = g_test_rand_double_range (20.0, 350.0);
          double rate = 0.0;
          double back = 0.0;

          g_assert_true (sp_dose_to_rate (dose, cases[i].unit, weight, &cases[i].conc,
                                          &rate, NULL));
          g_assert_true (sp_rate_to_dose (rate, cases[i].unit, weight, &cases[i].conc,
                                          &back, NULL));
          if (!close_to (back, dose, 1e-12))
            g_test_fail_printf ("%s: %.17g -> %.17g mL/h -> %.17g", cases[i].drug,
                                dose, rate, back);
        }
    }
}

static void
test_zero_dose (void)
{
  SpConcentration c = CONC (4, SP_AMOUNT_MG, 250);
  double rate = -1.0;
  double dose = -1.0;

  g_assert_true (sp_dose_to_rate (0.0, MCG_KG_MIN, 70, &c, &rate, NULL));
  g_assert_cmpfloat (rate, ==, 0.0);
  g_assert_true (sp_rate_to_dose (0.0, MCG_KG_MIN, 70, &c, &dose, NULL));
  g_assert_cmpfloat (dose, ==, 0.0);
}

static void
test_missing_weight (void)
{
  SpConcentration c = CONC (4, SP_AMOUNT_MG, 250);
  const double weights[] = { NAN, 0.0, -70.0 };
  double rate = -1.0;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_autoptr(GArray) table = NULL;

      g_assert_false (sp_dose_to_rate (0.1, MCG_KG_MIN, weights[i], &c, &rate, &error));
      g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT);
      g_assert_true (g_str_has_prefix (error->message, "Weight: "));
      g_assert_nonnull (strstr (error->message, "mcg/kg/min"));
      g_assert_null (strchr (error->message, '\n'));

      g_assert_false (sp_rate_to_dose (26.25, MCG_KG_H, weights[i], &c, &rate, &error2));
      g_assert_error (error2, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT);

      table = sp_rate_table (0.1, 1, 0.1, MCG_KG_MIN, weights[i], &c, NULL);
      g_assert_null (table);
    }
  g_assert_cmpfloat (rate, ==, -1.0);

  /* a weight is not needed for mcg/min: 8 mcg/min x 60 / 16 mcg/mL = 30 mL/h */
  g_assert_true (sp_dose_to_rate (8, MCG_MIN, NAN, &c, &rate, NULL));
  g_assert_cmpfloat (rate, ==, 30.0);
}

static void
test_unit_mismatch (void)
{
  SpConcentration mg = CONC (4, SP_AMOUNT_MG, 250);
  SpConcentration units = CONC (20, SP_AMOUNT_UNITS, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  double value = -1.0;

  /* vasopressin units/min against a mg concentration */
  g_assert_false (sp_dose_to_rate (0.03, UNITS_MIN, NAN, &mg, &value, &error));
  g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH);
  g_assert_true (g_str_has_prefix (error->message, "Concentration: "));
  g_assert_nonnull (strstr (error->message, "units/min"));

  /* mcg/kg/min against a units concentration */
  g_assert_false (sp_rate_to_dose (9, MCG_KG_MIN, 70, &units, &value, &error2));
  g_assert_error (error2, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH);

  g_assert_false (sp_dose_to_rate (1, UNITS_H, NAN, &mg, &value, &error3));
  g_assert_error (error3, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH);
  g_assert_cmpfloat (value, ==, -1.0);
}

static void
test_invalid (void)
{
  SpConcentration good = CONC (4, SP_AMOUNT_MG, 250);
  SpConcentration no_amount = CONC (0, SP_AMOUNT_MG, 250);
  SpConcentration no_volume = CONC (4, SP_AMOUNT_MG, 0);
  SpConcentration negative = CONC (-4, SP_AMOUNT_MG, 250);
  struct {
    double                 dose;
    double                 weight;
    const SpConcentration *conc;
  } bad[] = {
    { -0.1, 70, &good },
    { NAN, 70, &good },
    { INFINITY, 70, &good },
    { 0.1, INFINITY, &good },
    { 0.1, 70, &no_amount },
    { 0.1, 70, &no_volume },
    { 0.1, 70, &negative },
  };
  double value = -1.0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;

      g_assert_false (sp_dose_to_rate (bad[i].dose, MCG_KG_MIN, bad[i].weight, bad[i].conc,
                                       &value, &error));
      g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID);
      /* a negative rate, or the same bad inputs the other way */
      g_assert_false (sp_rate_to_dose (bad[i].dose, MCG_KG_MIN, bad[i].weight, bad[i].conc,
                                       &value, &error2));
      g_assert_error (error2, SP_DOSE_ERROR, SP_DOSE_ERROR_INVALID);
    }
  g_assert_cmpfloat (value, ==, -1.0);
}

static void
test_table_tenths (void)
{
  /* norepinephrine 0.1 .. 1 mcg/kg/min in 0.1 steps, 70 kg, 4 mg/250 mL (16 mcg/mL):
   * 10 rows; row i: dose 0.1 + i x 0.1 to twelve significant digits (the
   * decimal 0.3, not 0.30000000000000004), rate = dose x 70 x 60 / 16 =
   * dose x 262.5 */
  SpConcentration c = CONC (4, SP_AMOUNT_MG, 250);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = sp_rate_table (0.1, 1.0, 0.1, MCG_KG_MIN, 70, &c, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 10);

  for (guint i = 0; i < rows->len; i++)
    {
      SpRateRow *row = &g_array_index (rows, SpRateRow, i);

      if (i + 1 < rows->len)
        g_assert_cmpfloat (row->dose, ==, sp_number_round_12 (0.1 + i * 0.1));
      g_assert_true (close_to (row->rate_ml_h, row->dose * 262.5, 1e-14));
    }

  /* first row 0.1 x 262.5 = 26.25; last row exactly 1 -> 262.5 mL/h */
  g_assert_true (close_to (g_array_index (rows, SpRateRow, 0).rate_ml_h, 26.25, 1e-14));
  g_assert_cmpfloat (g_array_index (rows, SpRateRow, 2).dose, ==, 0.3);
  g_assert_cmpfloat (g_array_index (rows, SpRateRow, 9).dose, ==, 1.0);
  g_assert_true (close_to (g_array_index (rows, SpRateRow, 9).rate_ml_h, 262.5, 1e-14));
}

static void
test_table_shapes (void)
{
  SpConcentration dobu = CONC (1000, SP_AMOUNT_MG, 250);
  SpConcentration epi = CONC (5, SP_AMOUNT_MG, 250);
  SpConcentration vaso = CONC (20, SP_AMOUNT_UNITS, 100);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) d = NULL;
  g_autoptr(GArray) e = NULL;
  g_autoptr(GArray) f = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* dobutamine 2.5 .. 10 step 2.5: 2.5, 5, 7.5, 10 = 4 rows;
   * 10 mcg/kg/min x 80 x 60 / 4000 mcg/mL = 12 mL/h */
  a = sp_rate_table (2.5, 10, 2.5, MCG_KG_MIN, 80, &dobu, NULL);
  g_assert_cmpuint (a->len, ==, 4);
  g_assert_cmpfloat (g_array_index (a, SpRateRow, 3).dose, ==, 10.0);
  g_assert_cmpfloat (g_array_index (a, SpRateRow, 3).rate_ml_h, ==, 12.0);

  /* 0 .. 1 step 0.3: 0, 0.3, 0.6, 0.9 and the shorter last step to 1 = 5 rows */
  b = sp_rate_table (0, 1, 0.3, MCG_KG_MIN, 80, &dobu, NULL);
  g_assert_cmpuint (b->len, ==, 5);
  g_assert_cmpfloat (g_array_index (b, SpRateRow, 3).dose, ==, 0.9);   /* 0.3 x 3 read to 12 digits */
  g_assert_cmpfloat (g_array_index (b, SpRateRow, 4).dose, ==, 1.0);

  /* from == to: one row */
  c = sp_rate_table (0.5, 0.5, 0.1, MCG_KG_MIN, 70, &epi, NULL);
  g_assert_cmpuint (c->len, ==, 1);

  /* epinephrine 0.05 .. 0.5 step 0.05: 10 rows ending at 0.5;
   * 0.5 x 70 x 60 / 20 mcg/mL = 105 mL/h */
  d = sp_rate_table (0.05, 0.5, 0.05, MCG_KG_MIN, 70, &epi, NULL);
  g_assert_cmpuint (d->len, ==, 10);
  g_assert_cmpfloat (g_array_index (d, SpRateRow, 9).dose, ==, 0.5);
  g_assert_true (close_to (g_array_index (d, SpRateRow, 9).rate_ml_h, 105, 1e-14));

  /* vasopressin 0.01 .. 0.04 units/min step 0.01: 4 rows; 0.04 x 60 / 0.2 = 12 mL/h */
  e = sp_rate_table (0.01, 0.04, 0.01, UNITS_MIN, NAN, &vaso, NULL);
  g_assert_cmpuint (e->len, ==, 4);
  g_assert_true (close_to (g_array_index (e, SpRateRow, 3).rate_ml_h, 12, 1e-14));

  /* (0.3 - 0) / 0.1 is 2.9999999999999996 in double: still 0, 0.1, 0.2, 0.3 = 4 rows */
  g_ptr_array_add (tables, sp_rate_table (0, 0.3, 0.1, MCG_KG_MIN, 70, &epi, NULL));
  /* (2 - 0.1) / 0.1 is 18.999999999999996: 0.1 .. 2 = 20 rows */
  g_ptr_array_add (tables, sp_rate_table (0.1, 2, 0.1, MCG_KG_MIN, 70, &epi, NULL));
  /* (0.07 - 0) / 0.01 is 7.000000000000001: 0 .. 0.07 = 8 rows, no extra row */
  g_ptr_array_add (tables, sp_rate_table (0, 0.07, 0.01, MCG_KG_MIN, 70, &epi, NULL));
  for (guint i = 0; i < tables->len; i++)
    {
      GArray *t = g_ptr_array_index (tables, i);
      const guint expected_len[] = { 4, 20, 8 };
      const double expected_end[] = { 0.3, 2, 0.07 };

      g_assert_cmpuint (t->len, ==, expected_len[i]);
      g_assert_cmpfloat (g_array_index (t, SpRateRow, t->len - 1).dose, ==, expected_end[i]);
      /* the row before the end is a whole step below it */
      g_assert_cmpfloat (g_array_index (t, SpRateRow, t->len - 2).dose, <,
                         expected_end[i] - 0.5 * (i == 2 ? 0.01 : 0.1));
    }

  /* exactly SP_RATE_TABLE_MAX_ROWS (1000) rows is allowed: 0 .. 999 step 1 */
  g_assert_cmpint (SP_RATE_TABLE_MAX_ROWS, ==, 1000);
  f = sp_rate_table (0, 999, 1, MCG_MIN, NAN, &epi, NULL);
  g_assert_cmpuint (f->len, ==, 1000);
  g_assert_cmpfloat (g_array_index (f, SpRateRow, 999).dose, ==, 999.0);
}

static void
test_table_refused (void)
{
  SpConcentration c = CONC (4, SP_AMOUNT_MG, 250);
  SpConcentration units = CONC (20, SP_AMOUNT_UNITS, 100);
  struct {
    double      from, to, step;
    SpDoseUnit  unit;
    const SpConcentration *conc;
    int         code;
    const char *field;
  } bad[] = {
    { 0.1, 1, 0, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    { 0.1, 1, -0.1, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    { 0.1, 1, NAN, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    { 1, 0.1, 0.1, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "To: " },
    { -1, 1, 0.1, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "From: " },
    /* 0 .. 100 step 0.1 = 1001 rows */
    { 0, 100, 0.1, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    /* 0 .. 999.5 step 1 = 1000 rows + the shorter last one */
    { 0, 999.5, 1, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    { 0, 1e300, 1e-300, MCG_KG_MIN, &c, SP_DOSE_ERROR_INVALID, "Step: " },
    { 0.01, 0.04, 0.01, UNITS_MIN, &c, SP_DOSE_ERROR_UNIT_MISMATCH, "Concentration: " },
    { 0.1, 1, 0.1, MG_KG_H, &units, SP_DOSE_ERROR_UNIT_MISMATCH, "Concentration: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) rows = sp_rate_table (bad[i].from, bad[i].to, bad[i].step, bad[i].unit,
                                              70, bad[i].conc, &error);

      g_assert_null (rows);
      g_assert_error (error, SP_DOSE_ERROR, bad[i].code);
      if (!g_str_has_prefix (error->message, bad[i].field))
        g_test_fail_printf ("row %u: \"%s\" does not start with \"%s\"", i, error->message,
                            bad[i].field);
    }
}

/* The hand-worked cases of the CLI contract come out as the exact decimals a
 * pharmacist writes down, not 8.999999999999998. */
static void
test_exact_decimals (void)
{
  SpConcentration ne = CONC (4, SP_AMOUNT_MG, 250);
  SpConcentration vaso = CONC (20, SP_AMOUNT_UNITS, 100);
  SpConcentration dobu = CONC (1000, SP_AMOUNT_MG, 250);
  double v;

  /* 0.1 mcg/kg/min x 70 kg x 60 / (4000 mcg / 250 mL = 16 mcg/mL) = 420 / 16 = 26.25 mL/h */
  g_assert_true (sp_dose_to_rate (0.1, MCG_KG_MIN, 70, &ne, &v, NULL));
  g_assert_cmpfloat (v, ==, 26.25);
  g_assert_true (sp_rate_to_dose (26.25, MCG_KG_MIN, 70, &ne, &v, NULL));
  g_assert_cmpfloat (v, ==, 0.1);
  /* 0.03 units/min x 60 / (20 units / 100 mL = 0.2 units/mL) = 1.8 / 0.2 = 9 mL/h */
  g_assert_true (sp_dose_to_rate (0.03, UNITS_MIN, NAN, &vaso, &v, NULL));
  g_assert_cmpfloat (v, ==, 9);
  g_assert_true (sp_rate_to_dose (9, UNITS_MIN, NAN, &vaso, &v, NULL));
  g_assert_cmpfloat (v, ==, 0.03);
  /* 5 mcg/kg/min x 80 kg x 60 / (1,000,000 mcg / 250 mL = 4000 mcg/mL) = 24000 / 4000 = 6 mL/h */
  g_assert_true (sp_dose_to_rate (5, MCG_KG_MIN, 80, &dobu, &v, NULL));
  g_assert_cmpfloat (v, ==, 6);
  /* 0.2 mcg/kg/min x 78 kg x 60 / 16 mcg/mL = 936 / 16 = 58.5 mL/h */
  g_assert_true (sp_dose_to_rate (0.2, MCG_KG_MIN, 78, &ne, &v, NULL));
  g_assert_cmpfloat (v, ==, 58.5);
}

/* sp_dose_convert: the same dose in another unit, worked by hand. */
static void
test_convert (void)
{
  g_autoptr(GError) error = NULL;
  double out = NAN;

  /* 1.8 units/h / 60 min/h = 0.03 units/min, exactly the seed's maximum
   * (not 0.030000000000000002) */
  g_assert_true (sp_dose_convert (1.8, UNITS_H, UNITS_MIN, NAN, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (out, ==, 0.03);

  /* 100 mcg/min / 80 kg = 1.25 mcg/kg/min */
  g_assert_true (sp_dose_convert (100, MCG_MIN, MCG_KG_MIN, 80, &out, NULL));
  g_assert_cmpfloat (out, ==, 1.25);
  /* 0.1 mcg/kg/min x 70 kg = 7 mcg/min */
  g_assert_true (sp_dose_convert (0.1, MCG_KG_MIN, MCG_MIN, 70, &out, NULL));
  g_assert_cmpfloat (out, ==, 7);
  /* 0.6 mg/h = 600 mcg/h = 10 mcg/min (French practice in mg/h) */
  g_assert_true (sp_dose_convert (0.6, MG_H, MCG_MIN, NAN, &out, NULL));
  g_assert_cmpfloat (out, ==, 10);
  /* 0.3 mg/kg/h = 300 mcg/kg/h = 5 mcg/kg/min */
  g_assert_true (sp_dose_convert (0.3, MG_KG_H, MCG_KG_MIN, NAN, &out, NULL));
  g_assert_cmpfloat (out, ==, 5);

  /* Per kg <-> not per kg needs the weight: never guessed. */
  out = 42;
  g_assert_false (sp_dose_convert (100, MCG_MIN, MCG_KG_MIN, NAN, &out, &error));
  g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT);
  g_assert_cmpfloat (out, ==, 42);
  g_clear_error (&error);

  /* units are never mass */
  g_assert_false (sp_dose_convert (0.03, UNITS_MIN, MCG_MIN, 70, &out, &error));
  g_assert_error (error, SP_DOSE_ERROR, SP_DOSE_ERROR_UNIT_MISMATCH);
}

/* The 2x / 0.5x question (CLINICAL.md, "a missed zero"). */
static void
test_check_change (void)
{
  g_autofree char *message = NULL;
  double factor = 0;

  /* 0.9 / 0.1 = 9: asked, naming the factor */
  g_assert_true (sp_dose_check_change (0.1, 0.9, &factor, &message));
  g_assert_cmpfloat_with_epsilon (factor, 9, 1e-12);
  g_assert_cmpstr (message, ==, "9× the running dose");
  g_clear_pointer (&message, g_free);

  /* 0.01 / 0.1 = 0.1: a tenth, asked */
  g_assert_true (sp_dose_check_change (0.1, 0.01, NULL, &message));
  g_assert_cmpstr (message, ==, "0.1× the running dose");
  g_clear_pointer (&message, g_free);

  /* exactly twice and exactly half are not asked; just beyond is */
  g_assert_false (sp_dose_check_change (0.1, 0.2, NULL, NULL));
  g_assert_false (sp_dose_check_change (0.2, 0.1, NULL, NULL));
  g_assert_true (sp_dose_check_change (0.1, 0.2001, NULL, NULL));
  g_assert_true (sp_dose_check_change (0.2, 0.0999, NULL, NULL));

  /* nothing to compare: starting (no running dose), stopping (0), NAN */
  g_assert_false (sp_dose_check_change (NAN, 0.5, NULL, &message));
  g_assert_null (message);
  g_assert_false (sp_dose_check_change (0, 0.5, NULL, NULL));
  g_assert_false (sp_dose_check_change (0.1, 0, NULL, NULL));
  g_assert_false (sp_dose_check_change (0.1, NAN, NULL, NULL));
}

/* sp_number_round_12 () without text must read back exactly what the text
 * "%.12g" reads back as, for every double. Worked cases: 1.8 / 60 is
 * 0.030000000000000002 in binary, twelve digits are 0.0300000000000 = 0.03;
 * 0.1 + 0.05 is 0.15000000000000002, twelve digits 0.15; 1234.56789012345
 * keeps 1234.56789012 (the 13th digit 3 rounds down); 0.1234567890125 sits
 * on a half-way digit, where the text decides. */
static double
round_12_by_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buffer, sizeof buffer, "%.12g", value), NULL);
}

static void
test_round_12 (void)
{
  const double worked[] = {
    1.8 / 60, 0.1 + 0.05, 1234.56789012345, 0.1234567890125, 999999999999.5,
    99999999999.95, 1e-300, 5e-324, 1e300, -0.07142857142857142, 123456789012345678.0,
    0.3 * 3, 1.0 / 3, 2.0 / 3, 100, 1e11, 1e12, 9.99999999999e-5,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);

  g_assert_cmpfloat (sp_number_round_12 (1.8 / 60), ==, 0.03);
  g_assert_cmpfloat (sp_number_round_12 (0.1 + 0.05), ==, 0.15);
  g_assert_cmpfloat (sp_number_round_12 (1234.56789012345), ==, 1234.56789012);
  g_assert_cmpfloat (sp_number_round_12 (0), ==, 0);
  g_assert_true (isnan (sp_number_round_12 (NAN)));
  g_assert_cmpfloat (sp_number_round_12 (INFINITY), ==, INFINITY);

  for (guint i = 0; i < G_N_ELEMENTS (worked); i++)
    {
      g_assert_cmpfloat (sp_number_round_12 (worked[i]), ==, round_12_by_text (worked[i]));
      g_assert_cmpfloat (sp_number_round_12 (-worked[i]), ==, round_12_by_text (-worked[i]));
    }

  /* Doses and their products over many magnitudes, and values that are
   * exactly half-way at the twelfth digit (n + 0.5) x 10^-k. */
  for (guint i = 0; i < 200000; i++)
    {
      double value = g_rand_double_range (rand, 1, 10)
                     * pow (10, g_rand_int_range (rand, -14, 15));
      double half = (g_rand_int_range (rand, 100000000, 999999999) * 1000.0 + 0.5)
                    * pow (10, -g_rand_int_range (rand, 0, 16));

      if (sp_number_round_12 (value) != round_12_by_text (value))
        g_error ("%.17g: %.17g, the text reads %.17g", value, sp_number_round_12 (value),
                 round_12_by_text (value));
      if (sp_number_round_12 (half) != round_12_by_text (half))
        g_error ("%.17g: %.17g, the text reads %.17g", half, sp_number_round_12 (half),
                 round_12_by_text (half));
    }
}

/* A rate as typed: the number, or the number with "mL/h" (the unit the
 * rate is in); any other unit is refused, never converted: 10 mL/min would
 * be 600 mL/h. */
static void
test_rate_parse (void)
{
  static const struct { const char *text; double rate; } taken[] = {
    { "10", 10 }, { "10 mL/h", 10 }, { "10mL/h", 10 }, { " 2.5 ml/h ", 2.5 }, { "0.5 mL/H", 0.5 },
  };
  static const struct { const char *text; int code; const char *says; } refused[] = {
    { "10 mL/min", SP_QUANTITY_ERROR_UNIT, "Rate: unit \"mL/min\" is not accepted; type the rate in mL/h." },
    { "10 mg/h", SP_QUANTITY_ERROR_UNIT, "unit \"mg/h\"" },
    { "mL/h", SP_QUANTITY_ERROR_INVALID, "Rate: “mL/h” has no number; type the rate, e.g. 10 mL/h." },
    /* ML is megalitres */
    { "0.5 ML/H", SP_QUANTITY_ERROR_UNIT, "unit \"ML/H\"" },
    { "1e1 mL/h", -1, "exponent" },
    { "10 h", SP_QUANTITY_ERROR_UNIT, "unit \"h\"" },
    { "-5 mL/h", -1, "Rate" },
    { "1,000 mL/h", -1, "Rate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(GError) error = NULL;
      double rate = NAN;

      g_assert_true (sp_rate_parse (taken[i].text, SP_NUMBER_C, "Rate", &rate, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (rate, ==, taken[i].rate);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      double rate = NAN;

      g_assert_false (sp_rate_parse (refused[i].text, SP_NUMBER_C, "Rate", &rate, &error));
      g_assert_nonnull (error);
      if (refused[i].code >= 0)
        g_assert_error (error, SP_QUANTITY_ERROR, refused[i].code);
      if (strstr (error->message, refused[i].says) == NULL)
        g_error ("%s: %s", refused[i].text, error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/dose/dose-to-rate", test_dose_to_rate);
  g_test_add_func ("/core/dose/rate-to-dose", test_rate_to_dose);
  g_test_add_func ("/core/dose/round-trip", test_round_trip);
  g_test_add_func ("/core/dose/exact-decimals", test_exact_decimals);
  g_test_add_func ("/core/dose/zero-dose", test_zero_dose);
  g_test_add_func ("/core/dose/round-12", test_round_12);
  g_test_add_func ("/core/dose/missing-weight", test_missing_weight);
  g_test_add_func ("/core/dose/unit-mismatch", test_unit_mismatch);
  g_test_add_func ("/core/dose/invalid", test_invalid);
  g_test_add_func ("/core/dose/table-tenths", test_table_tenths);
  g_test_add_func ("/core/dose/table-shapes", test_table_shapes);
  g_test_add_func ("/core/dose/table-refused", test_table_refused);
  g_test_add_func ("/core/dose/convert", test_convert);
  g_test_add_func ("/core/dose/check-change", test_check_change);
  g_test_add_func ("/core/dose/rate-parse", test_rate_parse);

  return g_test_run ();
}
