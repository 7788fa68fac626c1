/* sp-case.c: one case: patient, infusions and the current assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One change, one evaluation. Every change of an input runs inside
 * sp_case_begin_change() / sp_case_end_change(). Changes that the case sets
 * off itself while it is busy (the weight passed on to the infusions, the
 * infusions' doses written to the patient's therapy fields, the patient
 * "changed" those writes cause) only mark the case dirty; the outermost
 * sp_case_end_change() settles weight and therapy fields (both idempotent) and
 * then evaluates once.
 *
 * The weight is passed on explicitly rather than with a GBinding: a binding
 * runs inside the patient's notify::weight, before the patient's "changed",
 * and the therapy fields it would rewrite would cause a second evaluation.
 */
#define G_LOG_DOMAIN "sp-case"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-case.h"
#include "sp-case-file.h"
#include "sp-engine.h"

/* Settling weight and therapy fields takes two rounds; more means a bug. */
#define MAX_SYNC_ROUNDS 8

#define FIELD_BIT(f) (((guint32) 1) << (f))
G_STATIC_ASSERT (SP_N_FIELDS <= 32);

/* The "inotrope" choice for no inotrope (sp-field.c). */
#define INOTROPE_NONE "none"

struct _SpCase
{
  GObject        parent_instance;

  SpProtocol    *protocol;
  SpDrugLibrary *drugs;
  SpPatient     *patient;
  GListStore    *infusions;
  SpAssessment  *assessment;
  /* Every language variant of the case's title and notes (SpCaseText*,
   * owned, never shared): the "title" and "notes" properties are the
   * variant for the user's language; saving writes them all. */
  GPtrArray     *titles;
  GPtrArray     *notes;
  GFile         *file;

  /* Teaching content (case format 2) of the file loaded, kept unchanged so
   * that saving the case writes it back; NULL for a case without stages.
   * Shared, never changed: sp_case_copy_teaching () hands out references. */
  GPtrArray     *teaching_titles;   /* SpCaseText* */
  GPtrArray     *stages;            /* SpCaseStage* */

  guint          busy;           /* depth of sp_case_begin_change () */
  guint32        released;       /* FIELD_BIT of fields a removed infusion wrote */
  guint          dirty : 1;      /* an input changed: evaluate at the end */
  guint          need_sync : 1;  /* weight and therapy fields to settle */
  guint          modified : 1;
};

G_DEFINE_FINAL_TYPE (SpCase, sp_case, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-case-error-quark, sp_case_error)

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_DRUG_LIBRARY,
  PROP_PATIENT,
  PROP_INFUSIONS,
  PROP_ASSESSMENT,
  PROP_TITLE,
  PROP_NOTES,
  PROP_FILE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sp_case_input_changed (SpCase *self);

/* --- therapy fields -------------------------------------------------------- */

typedef enum {
  THERAPY_NONE,
  THERAPY_FIELD,      /* the drug id is a number field: norepinephrine ... */
  THERAPY_INOTROPE,   /* the drug id is a choice of "inotrope" */
} TherapyKind;

static TherapyKind
therapy_kind (const char *drug_id,
              SpField    *out_field)
{
  SpField field;

  if (drug_id == NULL)
    return THERAPY_NONE;

  if (sp_field_from_id (drug_id, &field) &&
      sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER &&
      sp_field_get_info (field)->unit != NULL)
    {
      *out_field = field;
      return THERAPY_FIELD;
    }

  if (sp_field_choice_index (SP_FIELD_INOTROPE, drug_id) >= 0 &&
      !g_str_equal (drug_id, INOTROPE_NONE))
    {
      *out_field = SP_FIELD_INOTROPE;
      return THERAPY_INOTROPE;
    }

  return THERAPY_NONE;
}

static guint32
therapy_fields (SpInfusion *infusion)
{
  SpField field;

  switch (therapy_kind (sp_infusion_get_drug_id (infusion), &field))
    {
    case THERAPY_FIELD:
      return FIELD_BIT (field);
    case THERAPY_INOTROPE:
      return FIELD_BIT (SP_FIELD_INOTROPE) | FIELD_BIT (SP_FIELD_INOTROPE_DOSE);
    case THERAPY_NONE:
    default:
      return 0;
    }
}

/* An infusion with no dose yet (proposed) or 0 (stopped) does not run. */
static gboolean
infusion_runs (SpInfusion *infusion)
{
  double dose = sp_infusion_get_dose (infusion);

  return !isnan (dose) && dose > 0;
}

/* The infusion's dose in @unit_text (a patient field's unit), or NAN when
 * it has none or it cannot be expressed in that unit. */
static double
infusion_dose_in (SpInfusion *infusion,
                  const char *unit_text)
{
  const SpDrug *drug = sp_infusion_get_drug (infusion);
  SpDoseUnit unit = sp_infusion_get_dose_unit (infusion);
  double dose = sp_infusion_get_dose (infusion);
  double weight = sp_infusion_get_weight (infusion);
  SpDoseUnit field_unit;

  if (isnan (dose) || drug == NULL)
    return NAN;

  if (!sp_dose_unit_parse (unit_text, &field_unit))
    return NAN;

  if (sp_dose_unit_equal (unit, field_unit))
    return dose;

  /* mcg/min for a mcg/kg/min field: per kg of a known weight. */
  if (field_unit.per_kg && !unit.per_kg &&
      field_unit.amount == unit.amount && field_unit.time == unit.time &&
      isfinite (weight) && weight > 0)
    return dose / weight;

  return NAN;
}

/* Writes every infusion's dose into the patient's therapy fields (one batch)
 * and resets the fields of removed infusions that no infusion writes now. */
static void
sp_case_sync_therapies (SpCase *self)
{
  GListModel *model = G_LIST_MODEL (self->infusions);
  SpPatientState state;
  gboolean inotrope_stopped = FALSE;
  guint32 owned = 0;
  guint32 released;

  sp_patient_get_state (self->patient, &state);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);
      const char *drug_id = sp_infusion_get_drug_id (infusion);
      SpField field;
      double value;

      switch (therapy_kind (drug_id, &field))
        {
        case THERAPY_FIELD:
          if (owned & FIELD_BIT (field))
            break;
          owned |= FIELD_BIT (field);
          value = infusion_dose_in (infusion, sp_field_get_info (field)->unit);
          if (!isnan (value))
            sp_patient_state_set_number (&state, field, value);
          else if (infusion_runs (infusion))
            sp_patient_state_set_running (&state, field);
          else
            sp_patient_state_unset (&state, field);
          break;

        case THERAPY_INOTROPE:
          /* The first inotrope that runs writes the fields. */
          if (owned & FIELD_BIT (SP_FIELD_INOTROPE))
            break;
          if (!infusion_runs (infusion))
            {
              inotrope_stopped = TRUE;
              break;
            }
          owned |= FIELD_BIT (SP_FIELD_INOTROPE) | FIELD_BIT (SP_FIELD_INOTROPE_DOSE);
          sp_patient_state_set_choice (&state, SP_FIELD_INOTROPE, drug_id);
          value = infusion_dose_in (infusion, sp_field_get_info (SP_FIELD_INOTROPE_DOSE)->unit);
          if (isnan (value))
            sp_patient_state_unset (&state, SP_FIELD_INOTROPE_DOSE);
          else
            sp_patient_state_set_number (&state, SP_FIELD_INOTROPE_DOSE, value);
          break;

        case THERAPY_NONE:
        default:
          break;
        }
    }

  /* Inotrope infusions, none of them running (no dose yet, or 0). */
  if (inotrope_stopped && !(owned & FIELD_BIT (SP_FIELD_INOTROPE)))
    {
      owned |= FIELD_BIT (SP_FIELD_INOTROPE) | FIELD_BIT (SP_FIELD_INOTROPE_DOSE);
      sp_patient_state_set_choice (&state, SP_FIELD_INOTROPE, INOTROPE_NONE);
      sp_patient_state_unset (&state, SP_FIELD_INOTROPE_DOSE);
    }

  released = self->released & ~owned;
  self->released = 0;
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (!(released & FIELD_BIT (i)))
        continue;
      if (i == SP_FIELD_INOTROPE)
        sp_patient_state_set_choice (&state, SP_FIELD_INOTROPE, INOTROPE_NONE);
      else
        sp_patient_state_unset (&state, i);
    }

  sp_patient_set_state (self->patient, &state);
}

static void
sp_case_push_weight (SpCase *self)
{
  GListModel *model = G_LIST_MODEL (self->infusions);
  double weight = sp_patient_get_number (self->patient, SP_FIELD_WEIGHT);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      sp_infusion_set_weight (infusion, weight);
    }
}

/* --- change machinery ------------------------------------------------------ */

static void
sp_case_set_modified (SpCase   *self,
                      gboolean  modified)
{
  modified = !!modified;
  if (self->modified == modified)
    return;

  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
sp_case_evaluate (SpCase *self)
{
  g_autoptr(SpAssessment) assessment = NULL;

  assessment = sp_engine_evaluate (self->protocol, self->drugs,
                                   sp_patient_peek_state (self->patient));
  if (g_set_object (&self->assessment, assessment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSMENT]);
}

static void
sp_case_begin_change (SpCase *self)
{
  self->busy++;
}

static void
sp_case_end_change (SpCase   *self,
                    gboolean  mark_modified)
{
  g_assert (self->busy > 0);

  if (self->busy == 1)
    {
      for (guint round = 0; self->need_sync; round++)
        {
          if (round == MAX_SYNC_ROUNDS)
            {
              g_critical ("Infusions and patient fields do not settle");
              self->need_sync = FALSE;
              break;
            }
          self->need_sync = FALSE;
          sp_case_push_weight (self);
          sp_case_sync_therapies (self);
        }
    }

  if (--self->busy > 0)
    return;

  if (self->dirty)
    {
      self->dirty = FALSE;
      sp_case_evaluate (self);
      if (mark_modified)
        sp_case_set_modified (self, TRUE);
    }
}

/* The patient or an infusion emitted "changed". */
static void
sp_case_input_changed (SpCase *self)
{
  self->dirty = TRUE;
  self->need_sync = TRUE;

  if (self->busy > 0)
    return;

  sp_case_begin_change (self);
  sp_case_end_change (self, TRUE);
}

static void
sp_case_attach_infusion (SpCase     *self,
                         SpInfusion *infusion)
{
  sp_infusion_set_weight (infusion, sp_patient_get_number (self->patient, SP_FIELD_WEIGHT));
  g_signal_connect_object (infusion, "changed",
                           G_CALLBACK (sp_case_input_changed),
                           self,
                           G_CONNECT_SWAPPED);
}

/* Detaches all infusions and empties the list. With @release, the fields they
 * wrote are reset by the next sync. */
static void
sp_case_clear_infusions (SpCase   *self,
                         gboolean  release)
{
  GListModel *model = G_LIST_MODEL (self->infusions);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_data (infusion, self);
      if (release)
        self->released |= therapy_fields (infusion);
    }

  if (n > 0)
    {
      self->dirty = TRUE;
      self->need_sync = TRUE;
      g_list_store_remove_all (self->infusions);
    }
}

/* Replaces every variant of *@field by a copy of @texts (NULL: none),
 * notifying @prop_id when the text shown changes. */
static void
sp_case_replace_texts (SpCase     *self,
                       GPtrArray **field,
                       GPtrArray  *texts,
                       guint       prop_id)
{
  g_autofree char *shown = g_strdup (sp_case_text_pick_text (*field));

  g_ptr_array_unref (*field);
  *field = sp_case_texts_copy (texts);
  if (g_strcmp0 (shown, sp_case_text_pick_text (*field)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* sp_case_set_title() and sp_case_set_notes(): @value replaces the variant
 * shown (the default one when there is none yet); NULL or "" removes every
 * variant. Returns TRUE if @texts changed. */
static gboolean
sp_case_set_text (SpCase      *self,
                  GPtrArray   *texts,
                  const char  *value,
                  guint        prop_id)
{
  SpCaseText *shown = (SpCaseText *) sp_case_text_pick (texts);

  if (value == NULL || *value == '\0')
    {
      if (texts->len == 0)
        return FALSE;
      g_ptr_array_set_size (texts, 0);
    }
  else if (shown == NULL)
    g_ptr_array_add (texts, sp_case_text_new (NULL, value, NULL));
  else if (strcmp (shown->text, value) != 0)
    {
      g_free (shown->text);
      shown->text = g_strdup (value);
    }
  else
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  return TRUE;
}

static void
sp_case_set_file (SpCase *self,
                  GFile  *file)
{
  if (self->file == file ||
      (self->file != NULL && file != NULL && g_file_equal (self->file, file)))
    return;

  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/* A new infusion of @drug_id at @conc (NULL: the default), not yet in the case. */
static SpInfusion *
sp_case_create_infusion (SpCase                 *self,
                         const char             *drug_id,
                         const SpConcentration  *conc,
                         GError                **error)
{
  const SpStandardConcentration *standard;
  const SpDrug *drug;

  drug = sp_drug_library_lookup (self->drugs, drug_id);
  if (drug == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < sp_drug_library_get_n_drugs (self->drugs); i++)
        {
          if (i > 0)
            g_string_append (known, ", ");
          g_string_append (known, sp_drug_get_id (sp_drug_library_get_drug (self->drugs, i)));
        }

      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG,
                   /* Translators: "Unknown drug “foo”; the drug library has:
                    * norepinephrine, dobutamine ..." */
                   _("Unknown drug “%s”; the drug library has: %s"),
                   drug_id, known->str);
      return NULL;
    }

  if (conc == NULL)
    {
      standard = sp_drug_get_default_concentration (drug);
      if (standard == NULL)
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s has no standard concentration: enter the concentration"),
                       sp_drug_get_display_name (drug));
          return NULL;
        }
      conc = &standard->conc;
    }

  if (!sp_drug_check_concentration (drug, conc, _("Concentration"), error))
    return NULL;

  return sp_infusion_new (self->drugs, drug, conc);
}

/* --- GObject --------------------------------------------------------------- */

static void
sp_case_constructed (GObject *object)
{
  SpCase *self = SP_CASE (object);

  G_OBJECT_CLASS (sp_case_parent_class)->constructed (object);

  g_signal_connect_object (self->patient, "changed",
                           G_CALLBACK (sp_case_input_changed),
                           self,
                           G_CONNECT_SWAPPED);

  if (self->protocol == NULL || self->drugs == NULL)
    {
      g_critical ("SpCase needs a protocol and a drug library");
      return;
    }

  sp_case_evaluate (self);
}

static void
sp_case_dispose (GObject *object)
{
  SpCase *self = SP_CASE (object);

  /* The views may keep the patient or the infusions alive: stop listening. */
  if (self->infusions != NULL)
    {
      GListModel *model = G_LIST_MODEL (self->infusions);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

          g_signal_handlers_disconnect_by_data (infusion, self);
        }
    }
  if (self->patient != NULL)
    g_signal_handlers_disconnect_by_data (self->patient, self);

  g_clear_object (&self->assessment);
  g_clear_object (&self->infusions);
  g_clear_object (&self->patient);
  g_clear_object (&self->file);
  g_clear_object (&self->drugs);
  g_clear_object (&self->protocol);

  G_OBJECT_CLASS (sp_case_parent_class)->dispose (object);
}

static void
sp_case_finalize (GObject *object)
{
  SpCase *self = SP_CASE (object);

  g_clear_pointer (&self->titles, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->teaching_titles, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_case_parent_class)->finalize (object);
}

static void
sp_case_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SpCase *self = SP_CASE (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      g_value_set_object (value, self->protocol);
      break;

    case PROP_DRUG_LIBRARY:
      g_value_set_object (value, self->drugs);
      break;

    case PROP_PATIENT:
      g_value_set_object (value, self->patient);
      break;

    case PROP_INFUSIONS:
      g_value_set_object (value, self->infusions);
      break;

    case PROP_ASSESSMENT:
      g_value_set_object (value, self->assessment);
      break;

    case PROP_TITLE:
      g_value_set_string (value, sp_case_get_title (self));
      break;

    case PROP_NOTES:
      g_value_set_string (value, sp_case_get_notes (self));
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_case_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SpCase *self = SP_CASE (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      self->protocol = g_value_dup_object (value);
      break;

    case PROP_DRUG_LIBRARY:
      self->drugs = g_value_dup_object (value);
      break;

    case PROP_TITLE:
      sp_case_set_title (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      sp_case_set_notes (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_case_class_init (SpCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sp_case_constructed;
  object_class->dispose = sp_case_dispose;
  object_class->finalize = sp_case_finalize;
  object_class->get_property = sp_case_get_property;
  object_class->set_property = sp_case_set_property;

  properties[PROP_PROTOCOL] =
    g_param_spec_object ("protocol", NULL, NULL,
                         SP_TYPE_PROTOCOL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DRUG_LIBRARY] =
    g_param_spec_object ("drug-library", NULL, NULL,
                         SP_TYPE_DRUG_LIBRARY,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PATIENT] =
    g_param_spec_object ("patient", NULL, NULL,
                         SP_TYPE_PATIENT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_INFUSIONS] =
    g_param_spec_object ("infusions", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ASSESSMENT] =
    g_param_spec_object ("assessment", NULL, NULL,
                         SP_TYPE_ASSESSMENT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_case_init (SpCase *self)
{
  self->patient = sp_patient_new ();
  self->infusions = g_list_store_new (SP_TYPE_INFUSION);
  self->titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
}

/* --- API ------------------------------------------------------------------- */

SpCase *
sp_case_new (SpProtocol    *protocol,
             SpDrugLibrary *drugs)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  return g_object_new (SP_TYPE_CASE,
                       "protocol", protocol,
                       "drug-library", drugs,
                       NULL);
}

SpProtocol *
sp_case_get_protocol (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->protocol;
}

SpDrugLibrary *
sp_case_get_drug_library (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->drugs;
}

SpPatient *
sp_case_get_patient (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->patient;
}

GListModel *
sp_case_get_infusions (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return G_LIST_MODEL (self->infusions);
}

SpAssessment *
sp_case_get_assessment (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->assessment;
}

const char *
sp_case_get_title (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return sp_case_text_pick_text (self->titles);
}

void
sp_case_set_title (SpCase     *self,
                   const char *title)
{
  g_return_if_fail (SP_IS_CASE (self));

  if (sp_case_set_text (self, self->titles, title, PROP_TITLE))
    sp_case_set_modified (self, TRUE);
}

GPtrArray *
sp_case_get_title_variants (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->titles;
}

const char *
sp_case_get_notes (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return sp_case_text_pick_text (self->notes);
}

void
sp_case_set_notes (SpCase     *self,
                   const char *notes)
{
  g_return_if_fail (SP_IS_CASE (self));

  if (sp_case_set_text (self, self->notes, notes, PROP_NOTES))
    sp_case_set_modified (self, TRUE);
}

GPtrArray *
sp_case_get_notes_variants (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->notes;
}

GFile *
sp_case_get_file (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->file;
}

gboolean
sp_case_get_modified (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  return self->modified;
}

SpInfusion *
sp_case_find_infusion (SpCase     *self,
                       const char *drug_id)
{
  GListModel *model;
  const SpDrug *drug;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);
  g_return_val_if_fail (drug_id != NULL, NULL);

  drug = sp_drug_library_lookup (self->drugs, drug_id);
  if (drug == NULL)
    return NULL;

  model = G_LIST_MODEL (self->infusions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      if (sp_infusion_get_drug (infusion) == drug)
        return infusion;   /* the store keeps it alive */
    }

  return NULL;
}

SpInfusion *
sp_case_get_field_owner (SpCase  *self,
                         SpField  field)
{
  SpInfusion *first = NULL;
  GListModel *model;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);

  /* As sp_case_sync_therapies (): the first infusion of the field's drug; for
   * the inotrope fields the first inotrope that runs, else the first one. */
  model = G_LIST_MODEL (self->infusions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      if (!(therapy_fields (infusion) & FIELD_BIT (field)))
        continue;
      if (first == NULL)
        first = infusion;
      if (field != SP_FIELD_INOTROPE && field != SP_FIELD_INOTROPE_DOSE)
        break;
      if (infusion_runs (infusion))
        return infusion;   /* the store keeps it alive */
    }

  return first;
}

SpInfusion *
sp_case_add_infusion (SpCase                 *self,
                      const char             *drug_id,
                      const SpConcentration  *conc,
                      GError                **error)
{
  g_autoptr(SpInfusion) infusion = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);
  g_return_val_if_fail (drug_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  infusion = sp_case_create_infusion (self, drug_id, conc, error);
  if (infusion == NULL)
    return NULL;

  if (sp_case_find_infusion (self, drug_id) != NULL)
    {
      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_DUPLICATE_DRUG,
                   _("%s already has an infusion in this case: change its dose or remove it first"),
                   sp_drug_get_display_name (sp_infusion_get_drug (infusion)));
      return NULL;
    }

  sp_case_begin_change (self);
  sp_case_attach_infusion (self, infusion);
  g_list_store_append (self->infusions, infusion);
  self->dirty = TRUE;
  self->need_sync = TRUE;
  sp_case_end_change (self, TRUE);

  return infusion;   /* the store keeps it alive */
}

void
sp_case_remove_infusion (SpCase     *self,
                         SpInfusion *infusion)
{
  g_autoptr(SpInfusion) hold = NULL;
  guint position;

  g_return_if_fail (SP_IS_CASE (self));
  g_return_if_fail (SP_IS_INFUSION (infusion));

  if (!g_list_store_find (self->infusions, infusion, &position))
    {
      g_critical ("%s: the infusion is not part of this case", G_STRFUNC);
      return;
    }

  hold = g_object_ref (infusion);

  sp_case_begin_change (self);
  g_signal_handlers_disconnect_by_data (infusion, self);
  self->released |= therapy_fields (infusion);
  g_list_store_remove (self->infusions, position);
  self->dirty = TRUE;
  self->need_sync = TRUE;
  sp_case_end_change (self, TRUE);
}

/* Checks a stored patient state and its infusions (from a case file or one of
 * its stages) against the case's protocol and drug library and builds the
 * infusions, without touching the case. @name prefixes every error. */
static GPtrArray *
sp_case_prepare (SpCase               *self,
                 const SpPatientState *patient,
                 GPtrArray            *stored_infusions,
                 const char           *name,
                 GError              **error)
{
  g_autoptr(GPtrArray) infusions = NULL;

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldValue *value = &patient->values[i];

      if (sp_field_get_info (i)->kind != SP_FIELD_KIND_NUMBER || !value->set)
        continue;

      if (!isfinite (value->number))
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s: %s is not a number"), name, sp_field_get_label (i));
          return NULL;
        }

      if (!sp_protocol_check_number (self->protocol, i, value->number, NULL, error))
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
    }

  infusions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; stored_infusions != NULL && i < stored_infusions->len; i++)
    {
      const SpCaseInfusion *stored = g_ptr_array_index (stored_infusions, i);
      g_autoptr(SpInfusion) infusion = NULL;
      const SpDrug *drug;

      infusion = sp_case_create_infusion (self, stored->drug_id, &stored->concentration, error);
      if (infusion == NULL)
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      drug = sp_infusion_get_drug (infusion);

      for (guint j = 0; j < infusions->len; j++)
        {
          if (sp_infusion_get_drug (g_ptr_array_index (infusions, j)) == drug)
            {
              g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_DUPLICATE_DRUG,
                           _("%s: %s has more than one infusion"),
                           name, sp_drug_get_display_name (drug));
              return NULL;
            }
        }

      /* Without a dose the file stores no unit: the drug's default stands. */
      if (!stored->has_dose)
        {
          g_ptr_array_add (infusions, g_steal_pointer (&infusion));
          continue;
        }

      if (sp_drug_find_dose_limits (drug, stored->dose_unit) == NULL)
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s: %s is not a dose unit of %s"),
                       name, sp_dose_unit_get_label (stored->dose_unit),
                       sp_drug_get_display_name (drug));
          return NULL;
        }

      if (!(isfinite (stored->dose) && stored->dose >= 0))
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s: the dose of %s is not a number of zero or more"),
                       name, sp_drug_get_display_name (drug));
          return NULL;
        }

      sp_infusion_set_dose_unit (infusion, stored->dose_unit);
      sp_infusion_set_dose (infusion, stored->dose);

      g_ptr_array_add (infusions, g_steal_pointer (&infusion));
    }

  return g_steal_pointer (&infusions);
}

/* Replaces patient and infusions (from sp_case_prepare ()); inside a change. */
static void
sp_case_replace_state (SpCase               *self,
                       const SpPatientState *patient,
                       GPtrArray            *infusions)
{
  sp_case_clear_infusions (self, FALSE);
  self->released = 0;   /* the stored patient fields stand */
  sp_patient_set_state (self->patient, patient);
  for (guint i = 0; i < infusions->len; i++)
    sp_case_attach_infusion (self, g_ptr_array_index (infusions, i));
  g_list_store_splice (self->infusions, 0, 0, infusions->pdata, infusions->len);
  /* A replacement is one change, even by an identical state. */
  self->dirty = TRUE;
  self->need_sync = TRUE;
}

static void
sp_case_set_teaching (SpCase    *self,
                      GPtrArray *teaching_titles,
                      GPtrArray *stages)
{
  g_clear_pointer (&self->teaching_titles, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  if (stages == NULL || stages->len == 0)
    return;
  self->stages = g_ptr_array_ref (stages);
  if (teaching_titles != NULL)
    self->teaching_titles = g_ptr_array_ref (teaching_titles);
}

gboolean
sp_case_load (SpCase      *self,
              const char  *path,
              GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GPtrArray) infusions = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = sp_case_file_load (path, error);
  if (data == NULL)
    return FALSE;

  name = g_filename_display_basename (path);

  /* Check everything before touching the case: the file's own state (for a
   * teaching case, the stage it was saved at) and every stage's. */
  infusions = sp_case_prepare (self, &data->patient, data->infusions, name, error);
  if (infusions == NULL)
    return FALSE;
  for (guint i = 0; data->stages != NULL && i < data->stages->len; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);
      g_autofree char *stage_name = g_strdup_printf ("%s: %s", name, stage->id);
      g_autoptr(GPtrArray) stage_infusions = NULL;

      stage_infusions = sp_case_prepare (self, &stage->patient, stage->infusions,
                                         stage_name, error);
      if (stage_infusions == NULL)
        return FALSE;
    }

  /* Nothing can fail from here on. */
  file = g_file_new_for_path (path);

  sp_case_begin_change (self);
  sp_case_replace_state (self, &data->patient, infusions);
  sp_case_replace_texts (self, &self->titles, data->titles, PROP_TITLE);
  sp_case_replace_texts (self, &self->notes, data->notes, PROP_NOTES);
  sp_case_set_teaching (self, data->teaching_titles, data->stages);
  sp_case_set_file (self, file);
  sp_case_end_change (self, FALSE);

  sp_case_set_modified (self, FALSE);

  return TRUE;
}

guint
sp_case_get_n_stages (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), 0);

  return self->stages != NULL ? self->stages->len : 0;
}

const SpCaseStage *
sp_case_get_stage (SpCase *self,
                   guint   index)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);
  g_return_val_if_fail (index < sp_case_get_n_stages (self), NULL);

  return g_ptr_array_index (self->stages, index);
}

const char *
sp_case_get_teaching_title (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  if (self->stages == NULL)
    return NULL;
  return sp_case_text_pick_text (self->teaching_titles);
}

void
sp_case_copy_teaching (SpCase *self,
                       SpCase *source)
{
  g_return_if_fail (SP_IS_CASE (self));
  g_return_if_fail (SP_IS_CASE (source));

  sp_case_set_teaching (self, source->teaching_titles, source->stages);
}

gboolean
sp_case_load_stage (SpCase  *self,
                    guint    index,
                    GError **error)
{
  const SpCaseStage *stage;
  g_autoptr(GPtrArray) infusions = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (index < sp_case_get_n_stages (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stage = g_ptr_array_index (self->stages, index);
  infusions = sp_case_prepare (self, &stage->patient, stage->infusions, stage->id, error);
  if (infusions == NULL)
    return FALSE;

  sp_case_begin_change (self);
  sp_case_replace_state (self, &stage->patient, infusions);
  sp_case_end_change (self, TRUE);

  return TRUE;
}

SpCaseData *
sp_case_to_data (SpCase *self)
{
  SpCaseData *data;
  GListModel *model;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  data = sp_case_data_new ();
  g_ptr_array_extend_and_steal (data->titles, sp_case_texts_copy (self->titles));
  g_ptr_array_extend_and_steal (data->notes, sp_case_texts_copy (self->notes));
  sp_patient_get_state (self->patient, &data->patient);
  if (data->infusions == NULL)
    data->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  model = G_LIST_MODEL (self->infusions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);
      SpCaseInfusion *stored;
      double dose = sp_infusion_get_dose (infusion);

      stored = sp_case_infusion_new (sp_infusion_get_drug_id (infusion),
                                     sp_infusion_get_concentration (infusion));
      stored->dose_unit = sp_infusion_get_dose_unit (infusion);
      stored->has_dose = !isnan (dose);
      stored->dose = stored->has_dose ? dose : 0;
      g_ptr_array_add (data->infusions, stored);
    }

  /* A teaching case keeps its lecture: the stages are written back as they
   * were read, whatever was edited in the case's own state. */
  if (self->stages != NULL)
    {
      g_ptr_array_unref (data->stages);
      data->stages = g_ptr_array_ref (self->stages);
      if (self->teaching_titles != NULL)
        {
          g_ptr_array_unref (data->teaching_titles);
          data->teaching_titles = g_ptr_array_ref (self->teaching_titles);
        }
    }

  return data;
}

gboolean
sp_case_save (SpCase      *self,
              const char  *path,
              GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = sp_case_to_data (self);
  if (!sp_case_file_save (path, data, error))
    return FALSE;

  file = g_file_new_for_path (path);
  sp_case_set_file (self, file);
  sp_case_set_modified (self, FALSE);

  return TRUE;
}

void
sp_case_reset (SpCase *self)
{
  SpPatientState empty;

  g_return_if_fail (SP_IS_CASE (self));

  sp_patient_state_init (&empty);

  sp_case_begin_change (self);
  sp_case_clear_infusions (self, FALSE);
  self->released = 0;
  sp_patient_set_state (self->patient, &empty);
  sp_case_replace_texts (self, &self->titles, NULL, PROP_TITLE);
  sp_case_replace_texts (self, &self->notes, NULL, PROP_NOTES);
  sp_case_set_teaching (self, NULL, NULL);
  sp_case_set_file (self, NULL);
  sp_case_end_change (self, FALSE);

  sp_case_set_modified (self, FALSE);
}
