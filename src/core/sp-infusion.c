/* sp-infusion.c: one running or proposed infusion, dose and pump rate kept consistent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dose is the prescription; the rate follows it. Every setter records a
 * snapshot of the observable state (sp_infusion_begin_change), changes the
 * inputs, recomputes limit state, rate and message (sp_infusion_update) and
 * then notifies exactly the properties that differ from the snapshot and emits
 * "changed" once (sp_infusion_end_change).
 */
#define G_LOG_DOMAIN "sp-infusion"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-dose.h"
#include "sp-field.h"
#include "sp-infusion.h"
#include "sp-property.h"


struct _SpInfusion
{
  GObject          parent_instance;

  SpDrugLibrary   *library;
  char            *drug_id;
  const SpDrug    *drug;

  SpConcentration  conc;
  gboolean         has_conc;
  double           weight;
  SpDoseUnit       unit;
  double           dose;
  double           rate;
  SpLimitState     limit;
  char            *message;
  /* Runs at a dose not recorded (an older file's "inotrope" without its
   * dose): counts as running until a dose is set. */
  gboolean         unrecorded;
};

G_DEFINE_FINAL_TYPE (SpInfusion, sp_infusion, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-infusion-error-quark, sp_infusion_error)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_DRUG_ID,
  PROP_CONCENTRATION,
  PROP_WEIGHT,
  PROP_DOSE_UNIT,
  PROP_DOSE,
  PROP_RATE,
  PROP_LIMIT_STATE,
  PROP_MESSAGE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- SpConcentration as a boxed type -------------------------------------- */

static SpConcentration *
concentration_boxed_copy (const SpConcentration *conc)
{
  return g_memdup2 (conc, sizeof *conc);
}

G_DEFINE_BOXED_TYPE (SpConcentration, sp_concentration, concentration_boxed_copy, g_free)

/* --- helpers --------------------------------------------------------------- */

/* The same concentration as written (not merely the same strength: "16 mg/250 mL"
 * and "64 mcg/mL" show differently). */
static gboolean
same_concentration (const SpConcentration *a,
                    const SpConcentration *b)
{
  return (a->amount == b->amount &&
          a->amount_unit == b->amount_unit &&
          a->volume_ml == b->volume_ml &&
          !a->per_ml_form == !b->per_ml_form);
}

typedef struct {
  SpConcentration conc;
  double          weight;
  SpDoseUnit      unit;
  double          dose;
  double          rate;
  SpLimitState    limit;
  char           *message;
  gboolean        has_conc;
  gboolean        running;
} Snapshot;

static void
sp_infusion_begin_change (SpInfusion *self,
                          Snapshot   *snap)
{
  g_object_freeze_notify (G_OBJECT (self));

  snap->conc = self->conc;
  snap->weight = self->weight;
  snap->unit = self->unit;
  snap->dose = self->dose;
  snap->rate = self->rate;
  snap->limit = self->limit;
  snap->message = g_strdup (self->message);
  snap->has_conc = self->has_conc;
  snap->running = sp_infusion_get_running (self);
}

static void
sp_infusion_end_change (SpInfusion *self,
                        Snapshot   *snap)
{
  gboolean changed = FALSE;

#define NOTIFY_IF(cond, prop)                                             \
  G_STMT_START {                                                          \
    if (cond)                                                             \
      {                                                                   \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);     \
        changed = TRUE;                                                   \
      }                                                                   \
  } G_STMT_END

  NOTIFY_IF (snap->has_conc != self->has_conc ||
             !same_concentration (&snap->conc, &self->conc), PROP_CONCENTRATION);
  NOTIFY_IF (!sp_double_same (snap->weight, self->weight), PROP_WEIGHT);
  NOTIFY_IF (!sp_dose_unit_equal (snap->unit, self->unit), PROP_DOSE_UNIT);
  NOTIFY_IF (!sp_double_same (snap->dose, self->dose), PROP_DOSE);
  NOTIFY_IF (!sp_double_same (snap->rate, self->rate), PROP_RATE);
  NOTIFY_IF (snap->limit != self->limit, PROP_LIMIT_STATE);
  NOTIFY_IF (g_strcmp0 (snap->message, self->message) != 0, PROP_MESSAGE);
  NOTIFY_IF (snap->running != sp_infusion_get_running (self), PROP_RUNNING);

#undef NOTIFY_IF

  g_clear_pointer (&snap->message, g_free);

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* A message for a dose <-> rate conversion that failed. */
static char *
conversion_message (SpInfusion   *self,
                    const GError *error)
{
  if (g_error_matches (error, SP_DOSE_ERROR, SP_DOSE_ERROR_MISSING_WEIGHT))
    /* Translators: the first %s is the field "Weight", the second a dose unit
     * such as "mcg/kg/min" */
    return g_strdup_printf (_("No pump rate: %s is needed for a dose in %s"),
                            sp_field_get_label (SP_FIELD_WEIGHT),
                            sp_dose_unit_get_label (self->unit));

  /* Translators: %s is the reason, e.g. a concentration that is refused */
  return g_strdup_printf (_("No pump rate: %s"), error->message);
}

static gboolean
sp_infusion_check_concentration (SpInfusion  *self,
                                 char       **out_message)
{
  g_autoptr(GError) error = NULL;

  if (!self->has_conc)
    {
      *out_message = g_strdup (_("No pump rate: the concentration of this infusion is not "
                                 "recorded; choose the bag that runs"));
      return FALSE;
    }

  if (sp_drug_check_concentration (self->drug, &self->conc, _("Concentration"), &error))
    return TRUE;

  *out_message = conversion_message (self, error);
  return FALSE;
}

/* Recomputes limit state, rate and message from the dose. @typed_rate is the
 * rate the dose was just computed from (kept as typed), or NAN to compute the
 * rate from the dose. */
static void
sp_infusion_update (SpInfusion *self,
                    double      typed_rate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rate_message = NULL;
  SpLimitCheck check;
  double rate = NAN;

  g_clear_pointer (&self->message, g_free);
  self->limit = SP_LIMIT_OK;
  self->rate = NAN;

  if (self->drug == NULL || isnan (self->dose))
    {
      if (self->unrecorded)
        self->message = g_strdup (_("Runs at a dose that was not recorded: enter the dose "
                                    "that runs"));
      return;
    }

  if (!sp_drug_check_dose (self->drug, self->dose, self->unit, self->weight, &check, &error))
    {
      self->message = conversion_message (self, error);
      return;
    }

  self->limit = check.state;

  /* A dose above the hard limit never gets a rate. */
  if (check.state == SP_LIMIT_HARD)
    {
      self->message = sp_drug_describe_limit (self->drug, self->dose, self->unit, &check,
                                              SP_NUMBER_LOCALE);
      return;
    }

  if (sp_infusion_check_concentration (self, &rate_message))
    {
      if (!isnan (typed_rate))
        rate = typed_rate;
      else if (!sp_dose_to_rate (self->dose, self->unit, self->weight, &self->conc, &rate, &error))
        {
          rate = NAN;
          rate_message = conversion_message (self, error);
        }
    }

  self->rate = rate;

  if (check.state == SP_LIMIT_SOFT)
    {
      g_autofree char *soft = sp_drug_describe_limit (self->drug, self->dose, self->unit, &check,
                                                      SP_NUMBER_LOCALE);

      if (rate_message != NULL)
        self->message = g_strconcat (soft, "\n", rate_message, NULL);
      else
        self->message = g_steal_pointer (&soft);
    }
  else
    {
      self->message = g_steal_pointer (&rate_message);
    }
}

/* --- GObject --------------------------------------------------------------- */

static void
sp_infusion_constructed (GObject *object)
{
  SpInfusion *self = SP_INFUSION (object);
  const SpStandardConcentration *standard;

  G_OBJECT_CLASS (sp_infusion_parent_class)->constructed (object);

  if (self->library == NULL || self->drug_id == NULL)
    {
      g_critical ("SpInfusion needs a drug library and a drug id");
      return;
    }

  self->drug = sp_drug_library_lookup (self->library, self->drug_id);
  if (self->drug == NULL)
    {
      g_critical ("SpInfusion: the drug library has no drug “%s”", self->drug_id);
      return;
    }

  /* The canonical id, even if a synonym was given. */
  g_free (self->drug_id);
  self->drug_id = g_strdup (sp_drug_get_id (self->drug));

  if (sp_drug_get_n_dose_units (self->drug) > 0)
    self->unit = sp_drug_get_dose_limits (self->drug, 0)->unit;

  if (!self->has_conc)
    {
      standard = sp_drug_get_default_concentration (self->drug);
      if (standard == NULL && sp_drug_get_n_concentrations (self->drug) > 0)
        standard = sp_drug_get_concentration (self->drug, 0);
      if (standard != NULL)
        {
          self->conc = standard->conc;
          self->has_conc = TRUE;
        }
    }

  sp_infusion_update (self, NAN);
}

static void
sp_infusion_dispose (GObject *object)
{
  SpInfusion *self = SP_INFUSION (object);

  self->drug = NULL;
  g_clear_object (&self->library);

  G_OBJECT_CLASS (sp_infusion_parent_class)->dispose (object);
}

static void
sp_infusion_finalize (GObject *object)
{
  SpInfusion *self = SP_INFUSION (object);

  g_clear_pointer (&self->drug_id, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (sp_infusion_parent_class)->finalize (object);
}

static void
sp_infusion_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpInfusion *self = SP_INFUSION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_DRUG_ID:
      g_value_set_string (value, self->drug_id);
      break;

    case PROP_CONCENTRATION:
      g_value_set_boxed (value, self->has_conc ? &self->conc : NULL);
      break;

    case PROP_WEIGHT:
      g_value_set_double (value, self->weight);
      break;

    case PROP_DOSE_UNIT:
      g_value_set_static_string (value, self->drug ? sp_dose_unit_to_string (self->unit) : NULL);
      break;

    case PROP_DOSE:
      g_value_set_double (value, self->dose);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_LIMIT_STATE:
      g_value_set_enum (value, self->limit);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, sp_infusion_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_infusion_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpInfusion *self = SP_INFUSION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_DRUG_ID:
      self->drug_id = g_value_dup_string (value);
      break;

    case PROP_CONCENTRATION:
      {
        const SpConcentration *conc = g_value_get_boxed (value);

        if (self->drug == NULL)
          {
            /* Construction: NULL means the drug's default (see constructed). */
            if (conc != NULL)
              {
                self->conc = *conc;
                self->has_conc = TRUE;
              }
          }
        else
          {
            sp_infusion_set_concentration (self, conc);
          }
      }
      break;

    case PROP_WEIGHT:
      sp_infusion_set_weight (self, g_value_get_double (value));
      break;

    case PROP_DOSE_UNIT:
      {
        const char *text = g_value_get_string (value);
        SpDoseUnit unit;

        if (text == NULL || !sp_dose_unit_parse (text, &unit))
          {
            g_critical ("SpInfusion: “%s” is not a dose unit", text ? text : "(null)");
            return;
          }
        sp_infusion_set_dose_unit (self, unit);
      }
      break;

    case PROP_DOSE:
      {
        g_autoptr(GError) error = NULL;

        if (!sp_infusion_set_dose (self, g_value_get_double (value), &error))
          g_critical ("SpInfusion: %s", error->message);
      }
      break;

    case PROP_RATE:
      {
        g_autoptr(GError) error = NULL;

        if (!sp_infusion_set_rate (self, g_value_get_double (value), &error))
          g_critical ("SpInfusion: %s", error->message);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_infusion_class_init (SpInfusionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sp_infusion_constructed;
  object_class->dispose = sp_infusion_dispose;
  object_class->finalize = sp_infusion_finalize;
  object_class->get_property = sp_infusion_get_property;
  object_class->set_property = sp_infusion_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         SP_TYPE_DRUG_LIBRARY,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DRUG_ID] =
    g_param_spec_string ("drug-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CONCENTRATION] =
    g_param_spec_boxed ("concentration", NULL, NULL,
                        SP_TYPE_CONCENTRATION,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_WEIGHT] = sp_param_spec_nan_double ("weight", G_PARAM_READWRITE);

  properties[PROP_DOSE_UNIT] =
    g_param_spec_string ("dose-unit", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DOSE] = sp_param_spec_nan_double ("dose", G_PARAM_READWRITE);

  properties[PROP_RATE] = sp_param_spec_nan_double ("rate", G_PARAM_READWRITE);

  properties[PROP_LIMIT_STATE] =
    g_param_spec_enum ("limit-state", NULL, NULL,
                       SP_TYPE_LIMIT_STATE,
                       SP_LIMIT_OK,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpInfusion::changed:
   *
   * Emitted once per effective change, after its notify:: emissions.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
sp_infusion_init (SpInfusion *self)
{
  self->weight = NAN;
  self->dose = NAN;
  self->rate = NAN;
  self->limit = SP_LIMIT_OK;
}

/* --- API ------------------------------------------------------------------- */

SpInfusion *
sp_infusion_new (SpDrugLibrary         *library,
                 const SpDrug          *drug,
                 const SpConcentration *conc)
{
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (library), NULL);
  g_return_val_if_fail (drug != NULL, NULL);

  return g_object_new (SP_TYPE_INFUSION,
                       "library", library,
                       "drug-id", sp_drug_get_id (drug),
                       "concentration", conc,
                       NULL);
}

SpInfusion *
sp_infusion_new_from_data (SpDrugLibrary        *library,
                           const SpCaseInfusion *data,
                           GError              **error)
{
  g_autoptr(SpInfusion) self = NULL;
  const SpDrug *drug;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (library), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  drug = sp_drug_library_lookup (library, data->drug_id);
  g_return_val_if_fail (drug != NULL, NULL);

  self = sp_infusion_new (library, drug, data->has_concentration ? &data->concentration : NULL);
  if (!data->has_concentration)
    {
      /* Not recorded: no rate until the user chooses the bag that runs. */
      self->has_conc = FALSE;
      memset (&self->conc, 0, sizeof self->conc);
    }
  if (data->has_dose)
    {
      if (sp_drug_find_dose_limits (drug, data->dose_unit) == NULL)
        {
          g_set_error (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED,
                       _("%s is not a dose unit of %s"),
                       sp_dose_unit_get_label (data->dose_unit), sp_drug_get_display_name (drug));
          return NULL;
        }
      self->unit = data->dose_unit;
      if (!sp_infusion_set_dose (self, data->dose, error))
        return NULL;
    }
  else
    self->unrecorded = data->running;
  sp_infusion_update (self, NAN);

  return g_steal_pointer (&self);
}

SpCaseInfusion *
sp_infusion_to_data (SpInfusion *self)
{
  SpCaseInfusion *data;

  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  data = sp_case_infusion_new (self->drug_id, self->has_conc ? &self->conc : NULL);
  data->dose_unit = self->unit;
  data->has_dose = !isnan (self->dose);
  data->dose = data->has_dose ? self->dose : 0;
  data->running = !data->has_dose && self->unrecorded;
  return data;
}

gboolean
sp_infusion_get_running (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), FALSE);

  if (isnan (self->dose))
    return self->unrecorded;
  return self->dose > 0;
}

SpDrugLibrary *
sp_infusion_get_library (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  return self->library;
}

const SpDrug *
sp_infusion_get_drug (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  return self->drug;
}

const char *
sp_infusion_get_drug_id (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  return self->drug_id;
}

const SpConcentration *
sp_infusion_get_concentration (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  return self->has_conc ? &self->conc : NULL;
}

void
sp_infusion_set_concentration (SpInfusion            *self,
                               const SpConcentration *conc)
{
  Snapshot snap;

  g_return_if_fail (SP_IS_INFUSION (self));
  g_return_if_fail (conc != NULL);

  if (self->has_conc && same_concentration (&self->conc, conc))
    return;

  sp_infusion_begin_change (self, &snap);
  self->conc = *conc;
  self->has_conc = TRUE;
  /* The dose is the prescription: keep it, recompute the rate. */
  sp_infusion_update (self, NAN);
  sp_infusion_end_change (self, &snap);
}

double
sp_infusion_get_weight (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NAN);

  return self->weight;
}

void
sp_infusion_set_weight (SpInfusion *self,
                        double      weight_kg)
{
  Snapshot snap;

  g_return_if_fail (SP_IS_INFUSION (self));
  g_return_if_fail (!isinf (weight_kg));

  if (sp_double_same (self->weight, weight_kg))
    return;

  sp_infusion_begin_change (self, &snap);
  self->weight = weight_kg;
  /* The dose is the prescription: keep it, recompute the rate. */
  sp_infusion_update (self, NAN);
  sp_infusion_end_change (self, &snap);
}

SpDoseUnit
sp_infusion_get_dose_unit (SpInfusion *self)
{
  SpDoseUnit none = { 0, };

  g_return_val_if_fail (SP_IS_INFUSION (self), none);

  return self->unit;
}

void
sp_infusion_set_dose_unit (SpInfusion *self,
                           SpDoseUnit  unit)
{
  Snapshot snap;

  g_return_if_fail (SP_IS_INFUSION (self));
  g_return_if_fail (self->drug != NULL);

  if (sp_drug_find_dose_limits (self->drug, unit) == NULL)
    {
      g_critical ("SpInfusion: %s does not take doses in %s",
                  self->drug_id, sp_dose_unit_to_string (unit));
      return;
    }

  if (sp_dose_unit_equal (self->unit, unit))
    return;

  sp_infusion_begin_change (self, &snap);
  self->unit = unit;
  /* Never reuse the number: 0.5 mcg/kg/min is not 0.5 mcg/min. The user
   * enters the dose again in the new unit. */
  self->dose = NAN;
  self->unrecorded = FALSE;
  sp_infusion_update (self, NAN);
  sp_infusion_end_change (self, &snap);
}

double
sp_infusion_get_dose (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NAN);

  return self->dose;
}

/* Refuses @dose (in the current unit) above the hard limit, naming it. */
static gboolean
sp_infusion_check_hard_limit (SpInfusion  *self,
                              double       dose,
                              GError     **error)
{
  SpLimitCheck check;
  g_autofree char *message = NULL;

  if (isnan (dose) || self->drug == NULL)
    return TRUE;
  if (!sp_drug_check_dose (self->drug, dose, self->unit, self->weight, &check, NULL) ||
      check.state != SP_LIMIT_HARD)
    return TRUE;

  message = sp_drug_describe_limit (self->drug, dose, self->unit, &check, SP_NUMBER_LOCALE);
  g_set_error_literal (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED, message);
  return FALSE;
}

/* @dose (in the current unit) becomes the running dose, unless it is
 * above the hard limit: refused means refused, the running dose stays.
 * The rate is @rate_ml_h as typed, or NAN: computed from the dose. */
static gboolean
sp_infusion_take_dose (SpInfusion  *self,
                       double       dose,
                       double       rate_ml_h,
                       GError     **error)
{
  Snapshot snap;

  if (!sp_infusion_check_hard_limit (self, dose, error))
    return FALSE;

  sp_infusion_begin_change (self, &snap);
  self->dose = dose;
  self->unrecorded = FALSE;
  sp_infusion_update (self, rate_ml_h);
  sp_infusion_end_change (self, &snap);
  return TRUE;
}

gboolean
sp_infusion_set_dose (SpInfusion  *self,
                      double       dose,
                      GError     **error)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), FALSE);
  g_return_val_if_fail (isnan (dose) || (isfinite (dose) && dose >= 0), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sp_double_same (self->dose, dose) && !(isnan (dose) && self->unrecorded))
    return TRUE;

  return sp_infusion_take_dose (self, dose, NAN, error);
}

double
sp_infusion_get_rate (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NAN);

  return self->rate;
}

gboolean
sp_infusion_set_rate (SpInfusion  *self,
                      double       rate_ml_h,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  double dose = NAN;

  g_return_val_if_fail (SP_IS_INFUSION (self), FALSE);
  g_return_val_if_fail (isnan (rate_ml_h) || (isfinite (rate_ml_h) && rate_ml_h >= 0), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sp_double_same (self->rate, rate_ml_h))
    return TRUE;

  if (isnan (rate_ml_h) || self->drug == NULL)
    return sp_infusion_set_dose (self, NAN, error);

  /* A rate needs the bag it runs from and, per kg, the weight: without them
   * the rate says nothing about the dose, and the running dose stays. */
  if (!sp_infusion_check_concentration (self, &message))
    {
      g_set_error_literal (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED, message);
      return FALSE;
    }
  if (!sp_rate_to_dose (rate_ml_h, self->unit, self->weight, &self->conc, &dose, &local_error))
    {
      g_autofree char *text = conversion_message (self, local_error);

      g_set_error_literal (error, SP_INFUSION_ERROR, SP_INFUSION_ERROR_REFUSED, text);
      return FALSE;
    }
  /* The rate is kept as typed. */
  return sp_infusion_take_dose (self, dose, rate_ml_h, error);
}

SpLimitState
sp_infusion_get_limit_state (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), SP_LIMIT_OK);

  return self->limit;
}

const char *
sp_infusion_get_message (SpInfusion *self)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), NULL);

  return self->message;
}

gboolean
sp_infusion_check_dose_change (SpInfusion  *self,
                               double       new_dose,
                               char       **out_message)
{
  g_return_val_if_fail (SP_IS_INFUSION (self), FALSE);

  /* The running dose is the last one accepted: a refused one never gets
   * here (sp_infusion_set_dose ()). */
  return sp_dose_check_change (self->dose, new_dose, NULL, out_message);
}
