/* sp-patient.c: the patient of a case as a GObject the views bind to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The properties are generated from the field table of sp-field.c: property
 * PROP_FIELD_0 + field shows field. Every change, whatever its entry point,
 * goes through sp_patient_apply(), which notifies the properties that really
 * changed and then emits "changed" once.
 */
#define G_LOG_DOMAIN "sp-patient"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-patient.h"
#include "sp-property.h"

struct _SpPatient
{
  GObject        parent_instance;

  SpPatientState state;
  double         effective_map;   /* NAN when unknown */
  gboolean       map_derived;
};

G_DEFINE_FINAL_TYPE (SpPatient, sp_patient, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FIELD_0,
  PROP_MAP_DERIVED = PROP_FIELD_0 + SP_N_FIELDS,
  PROP_EFFECTIVE_MAP,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Copies the meaningful part of @in (NULL or unset: not entered; set with a
 * NAN number: a therapy running at a dose not known in the field's unit) into @out. FALSE for a value no field can hold. */
static gboolean
normalize_value (SpField             field,
                 const SpFieldValue *in,
                 SpFieldValue       *out)
{
  const SpFieldInfo *info = sp_field_get_info (field);

  memset (out, 0, sizeof *out);

  if (in == NULL || !in->set)
    return TRUE;

  if (info->kind == SP_FIELD_KIND_NUMBER)
    {
      if (isnan (in->number))
        {
          /* Running at a dose not known in this unit (sp_patient_state_set_running),
           * perhaps with the dose in its own unit */
          *out = *in;
          return TRUE;
        }
      if (!isfinite (in->number))
        return FALSE;
      out->set = TRUE;
      out->number = in->number;
    }
  else
    {
      if (in->choice >= g_strv_length ((char **) info->choices))
        return FALSE;
      out->set = TRUE;
      out->choice = in->choice;
    }

  return TRUE;
}

static void
sp_patient_update_map (SpPatient *self)
{
  double value = NAN;
  gboolean derived = FALSE;

  if (!sp_patient_state_get_effective (&self->state, SP_FIELD_MAP, &value, &derived))
    {
      value = NAN;
      derived = FALSE;
    }

  if (!sp_double_same (value, self->effective_map))
    {
      self->effective_map = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_MAP]);
    }

  if (derived != self->map_derived)
    {
      self->map_derived = derived;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP_DERIVED]);
    }
}

/* @state must be normalized. */
static void
sp_patient_apply (SpPatient            *self,
                  const SpPatientState *state)
{
  gboolean changed = FALSE;

  g_assert (SP_IS_PATIENT (self));
  g_assert (state != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (sp_field_value_equal (i, &self->state.values[i], &state->values[i]))
        continue;

      self->state.values[i] = state->values[i];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD_0 + i]);
      changed = TRUE;
    }

  if (changed)
    sp_patient_update_map (self);

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
sp_patient_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpPatient *self = SP_PATIENT (object);

  if (prop_id >= PROP_FIELD_0 && prop_id < PROP_FIELD_0 + SP_N_FIELDS)
    {
      SpField field = prop_id - PROP_FIELD_0;

      if (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER)
        g_value_set_double (value, sp_patient_get_number (self, field));
      else
        g_value_set_static_string (value, sp_patient_get_choice (self, field));
      return;
    }

  switch (prop_id)
    {
    case PROP_MAP_DERIVED:
      g_value_set_boolean (value, self->map_derived);
      break;

    case PROP_EFFECTIVE_MAP:
      g_value_set_double (value, self->effective_map);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_patient_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpPatient *self = SP_PATIENT (object);

  if (prop_id >= PROP_FIELD_0 && prop_id < PROP_FIELD_0 + SP_N_FIELDS)
    {
      SpField field = prop_id - PROP_FIELD_0;

      if (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER)
        sp_patient_set_number (self, field, g_value_get_double (value));
      else
        sp_patient_set_choice (self, field, g_value_get_string (value));
      return;
    }

  G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sp_patient_class_init (SpPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sp_patient_get_property;
  object_class->set_property = sp_patient_set_property;

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info (i);

      /* The ids live in sp-field.c's static table: static strings. */
      if (info->kind == SP_FIELD_KIND_NUMBER)
        properties[PROP_FIELD_0 + i] = sp_param_spec_nan_double (info->id, G_PARAM_READWRITE);
      else
        properties[PROP_FIELD_0 + i] =
          g_param_spec_string (info->id, NULL, NULL, NULL,
                               (G_PARAM_READWRITE |
                                G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
    }

  properties[PROP_MAP_DERIVED] =
    g_param_spec_boolean ("map-derived", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_EFFECTIVE_MAP] = sp_param_spec_nan_double ("effective-map", G_PARAM_READABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpPatient::changed:
   *
   * Emitted once per effective change (one property, or one batch), after
   * the notify:: emissions of that change.
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
sp_patient_init (SpPatient *self)
{
  sp_patient_state_init (&self->state);
  self->effective_map = NAN;
  self->map_derived = FALSE;
}

SpPatient *
sp_patient_new (void)
{
  return g_object_new (SP_TYPE_PATIENT, NULL);
}

void
sp_patient_get_state (SpPatient      *self,
                      SpPatientState *out_state)
{
  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (out_state != NULL);

  *out_state = self->state;
}

const SpPatientState *
sp_patient_peek_state (SpPatient *self)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), NULL);

  return &self->state;
}

void
sp_patient_set_state (SpPatient            *self,
                      const SpPatientState *state)
{
  SpPatientState normalized;

  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (state != NULL);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (!normalize_value (i, &state->values[i], &normalized.values[i]))
        {
          g_critical ("%s: invalid value for field “%s”", G_STRFUNC, sp_field_get_info (i)->id);
          return;
        }
    }

  sp_patient_apply (self, &normalized);
}

void
sp_patient_get_field_value (SpPatient    *self,
                            SpField       field,
                            SpFieldValue *out_value)
{
  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (field < SP_N_FIELDS);
  g_return_if_fail (out_value != NULL);

  *out_value = self->state.values[field];
}

void
sp_patient_set_field_value (SpPatient          *self,
                            SpField             field,
                            const SpFieldValue *value)
{
  SpPatientState state;

  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (field < SP_N_FIELDS);

  state = self->state;
  if (!normalize_value (field, value, &state.values[field]))
    {
      g_critical ("%s: invalid value for field “%s”", G_STRFUNC, sp_field_get_info (field)->id);
      return;
    }

  sp_patient_apply (self, &state);
}

gboolean
sp_patient_is_set (SpPatient *self,
                   SpField    field)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);

  return self->state.values[field].set;
}

void
sp_patient_unset (SpPatient *self,
                  SpField    field)
{
  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (field < SP_N_FIELDS);

  sp_patient_set_field_value (self, field, NULL);
}

double
sp_patient_get_number (SpPatient *self,
                       SpField    field)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), NAN);
  g_return_val_if_fail (field < SP_N_FIELDS, NAN);
  g_return_val_if_fail (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER, NAN);

  if (!self->state.values[field].set)
    return NAN;
  return self->state.values[field].number;
}

void
sp_patient_set_number (SpPatient *self,
                       SpField    field,
                       double     value)
{
  SpFieldValue field_value = { 0, };

  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (field < SP_N_FIELDS);
  g_return_if_fail (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER);
  g_return_if_fail (!isinf (value));

  field_value.set = !isnan (value);
  field_value.number = value;
  sp_patient_set_field_value (self, field, &field_value);
}

const char *
sp_patient_get_choice (SpPatient *self,
                       SpField    field)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  g_return_val_if_fail (sp_field_get_info (field)->kind == SP_FIELD_KIND_CHOICE, NULL);

  return sp_patient_state_get_choice (&self->state, field);
}

void
sp_patient_set_choice (SpPatient  *self,
                       SpField     field,
                       const char *choice)
{
  SpFieldValue field_value = { 0, };
  int index = -1;

  g_return_if_fail (SP_IS_PATIENT (self));
  g_return_if_fail (field < SP_N_FIELDS);
  g_return_if_fail (sp_field_get_info (field)->kind == SP_FIELD_KIND_CHOICE);

  if (choice != NULL)
    {
      index = sp_field_choice_index (field, choice);
      if (index < 0)
        {
          g_critical ("%s: “%s” is not a choice of field “%s”",
                      G_STRFUNC, choice, sp_field_get_info (field)->id);
          return;
        }
      field_value.set = TRUE;
      field_value.choice = (guint) index;
    }

  sp_patient_set_field_value (self, field, &field_value);
}

double
sp_patient_get_effective_map (SpPatient *self)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), NAN);

  return self->effective_map;
}

gboolean
sp_patient_get_map_derived (SpPatient *self)
{
  g_return_val_if_fail (SP_IS_PATIENT (self), FALSE);

  return self->map_derived;
}
