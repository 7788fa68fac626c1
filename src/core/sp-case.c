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
#include "sp-dose.h"
#include "sp-engine.h"
#include "sp-therapy.h"
#include "sp-timeline.h"

/* Settling weight and therapy fields takes two rounds; more means a bug. */
#define MAX_SYNC_ROUNDS 8

/* Changes Ctrl+Z can undo, newest last; older ones are forgotten. */
#define MAX_UNDO 100

struct _SpCase
{
  GObject        parent_instance;

  SpProtocol    *protocol;
  /* The library given at construction: the site's profile, for a new case
   * and a file that names none. */
  SpDrugLibrary *site_drugs;
  /* The library through the case's profile: the one its infusions use. */
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
  /* The timeline (SpCaseEntry*, owned), in time order; never NULL. */
  GPtrArray     *timeline;
  /* Inputs refused and still on screen: key -> message (owned strings). */
  GHashTable    *refused_inputs;

  /* Undo: the state (SpCaseState) after the last change, the states before
   * each change, newest last, and the states undone, the latest undo last
   * (redo; any other change forgets them). */
  SpCaseState   *current;
  GPtrArray     *undo;
  GPtrArray     *redo;
  GPtrArray     *kept_redo;      /* redo's states while a group is open, or NULL */
  guint          restoring : 1;  /* sp_case_undo () or _redo () is replacing the state */
  guint          group_depth;    /* sp_case_begin_undo_group () */
  guint          group_pushed : 1;  /* the open group's state before it is kept */

  /* What the file holds: the state when it was last loaded or saved (NULL:
   * none, a case not saved yet), and whether anything the state does not
   * cover (title, notes, timeline, profile) changed since. An undo back to
   * the saved state leaves the case unmodified. */
  SpCaseState   *saved;
  guint          other_changed : 1;

  guint          busy;           /* depth of sp_case_begin_change () */
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
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_TIMELINE,
  PROP_HAS_REFUSED_INPUTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sp_case_input_changed (SpCase *self);
static void set_unknown_drug_error (SpDrugLibrary  *drugs,
                                    const char     *prefix,
                                    const char     *drug_id,
                                    GError        **error);

/* --- what runs ----------------------------------------------------------- */

/* The infusions as a case file stores them (SpCaseInfusion*): what the
 * engine evaluates and a save writes. */
static GPtrArray *
sp_case_infusions_data (SpCase *self)
{
  GListModel *model = G_LIST_MODEL (self->infusions);
  GPtrArray *data = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      g_ptr_array_add (data, sp_infusion_to_data (infusion));
    }
  return data;
}

/* The patient's therapy fields follow the infusions (one truth): whatever
 * was typed into them is replaced. */
static void
sp_case_sync_therapies (SpCase *self)
{
  g_autoptr(GPtrArray) data = sp_case_infusions_data (self);
  SpPatientState state;

  sp_patient_get_state (self->patient, &state);
  sp_therapy_derive_fields (self->drugs, data, &state);
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

/* --- undo ----------------------------------------------------------------- */

/* What a change can alter: the patient's own values and what runs. */
struct _SpCaseState
{
  SpPatientState  patient;     /* therapy fields unset: they follow the infusions */
  GPtrArray      *infusions;   /* SpCaseInfusion* */
};

static void
sp_case_state_free (SpCaseState *state)
{
  g_ptr_array_unref (state->infusions);
  g_free (state);
}

static SpCaseState *
sp_case_state_new (SpCase *self)
{
  SpCaseState *state = g_new0 (SpCaseState, 1);

  sp_patient_get_state (self->patient, &state->patient);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy (i))
      sp_patient_state_unset (&state->patient, i);
  state->infusions = sp_case_infusions_data (self);
  return state;
}

static gboolean
sp_case_state_equal (const SpCaseState *a,
                     const SpCaseState *b)
{
  if (!sp_patient_state_equal (&a->patient, &b->patient) ||
      a->infusions->len != b->infusions->len)
    return FALSE;
  for (guint i = 0; i < a->infusions->len; i++)
    if (!sp_case_infusion_equal (g_ptr_array_index (a->infusions, i), g_ptr_array_index (b->infusions, i)))
      return FALSE;
  return TRUE;
}

static void
sp_case_set_can_undo (SpCase   *self,
                      gboolean  was)
{
  if (was != (self->undo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

/* Forgets what was undone: a change of its own ends the line redo follows. */
static void
sp_case_forget_redo (SpCase *self)
{
  if (self->redo->len == 0)
    return;
  g_ptr_array_set_size (self->redo, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* A new history (a load, a reset, a stage, an entry recorded): nothing to
 * undo or redo. */
static void
sp_case_forget_history (SpCase *self)
{
  gboolean could_undo = self->undo->len > 0;

  g_ptr_array_set_size (self->undo, 0);
  g_clear_pointer (&self->kept_redo, g_ptr_array_unref);
  self->group_pushed = FALSE;
  sp_case_set_can_undo (self, could_undo);
  sp_case_forget_redo (self);
}

/* Keeps @state (taken) as the newest to go back to; the oldest beyond
 * MAX_UNDO is forgotten. */
static void
sp_case_push_undo (SpCase      *self,
                   SpCaseState *state)
{
  g_ptr_array_add (self->undo, state);
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
}

/* After an evaluation: a user's change pushes the state before it; a load,
 * a reset or a stage starts a new history. */
static void
sp_case_push_history (SpCase   *self,
                      gboolean  user_change)
{
  SpCaseState *now = sp_case_state_new (self);
  gboolean could_undo = self->undo->len > 0;

  if (!user_change)
    {
      g_clear_pointer (&self->current, sp_case_state_free);
      self->current = now;
      sp_case_forget_history (self);
      return;
    }
  if (self->current != NULL && !self->restoring && !sp_case_state_equal (self->current, now))
    {
      if (!(self->group_depth > 0 && self->group_pushed))
        {
          sp_case_push_undo (self, g_steal_pointer (&self->current));
          self->group_pushed = self->group_depth > 0;
        }
      /* What was undone is forgotten; while a group is open it is kept
       * aside: a group that ends where it began brings it back. */
      if (self->group_depth > 0 && self->kept_redo == NULL && self->redo->len > 0)
        {
          self->kept_redo = g_steal_pointer (&self->redo);
          self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_state_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
        }
      sp_case_forget_redo (self);
    }

  g_clear_pointer (&self->current, sp_case_state_free);
  self->current = now;
  sp_case_set_can_undo (self, could_undo);
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

/* The case as its file holds it now: nothing to save. */
static void
sp_case_mark_saved (SpCase *self)
{
  g_clear_pointer (&self->saved, sp_case_state_free);
  self->saved = sp_case_state_new (self);
  self->other_changed = FALSE;
  sp_case_set_modified (self, FALSE);
}

/* A change the state does not cover (title, notes, timeline, profile). */
static void
sp_case_mark_other_change (SpCase *self)
{
  self->other_changed = TRUE;
  sp_case_set_modified (self, TRUE);
}

/* After a change of the patient or the infusions: modified unless it took
 * the case back to what its file holds. */
static void
sp_case_update_modified (SpCase *self)
{
  sp_case_set_modified (self, self->other_changed || self->saved == NULL || self->current == NULL
                              || !sp_case_state_equal (self->saved, self->current));
}

static void
sp_case_evaluate (SpCase *self)
{
  g_autoptr(SpAssessment) assessment = NULL;

  g_autoptr(GPtrArray) infusions = sp_case_infusions_data (self);

  assessment = sp_engine_evaluate (self->protocol, self->drugs,
                                   sp_patient_peek_state (self->patient), infusions);
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
      sp_case_push_history (self, mark_modified);
      if (mark_modified)
        sp_case_update_modified (self);
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

/* Detaches all infusions and empties the list. */
static void
sp_case_clear_infusions (SpCase *self)
{
  GListModel *model = G_LIST_MODEL (self->infusions);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpInfusion) infusion = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_data (infusion, self);
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
 * variant. A change notifies @prop_id and marks the case modified. */
static void
sp_case_set_text (SpCase      *self,
                  GPtrArray   *texts,
                  const char  *value,
                  guint        prop_id)
{
  SpCaseText *shown = (SpCaseText *) sp_case_text_pick (texts);

  if (value == NULL || *value == '\0')
    {
      if (texts->len == 0)
        return;
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
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  sp_case_mark_other_change (self);
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
      set_unknown_drug_error (self->drugs, "", drug_id, error);
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

  self->current = sp_case_state_new (self);
  /* a new, empty case: nothing to lose until something is entered */
  self->saved = sp_case_state_new (self);
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
  g_clear_object (&self->site_drugs);
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
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_clear_pointer (&self->current, sp_case_state_free);
  g_clear_pointer (&self->saved, sp_case_state_free);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->kept_redo, g_ptr_array_unref);
  g_clear_pointer (&self->refused_inputs, g_hash_table_unref);

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

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sp_case_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, sp_case_get_can_redo (self));
      break;

    case PROP_TIMELINE:
      g_value_set_boxed (value, self->timeline);
      break;

    case PROP_HAS_REFUSED_INPUTS:
      g_value_set_boolean (value, sp_case_has_refused_inputs (self));
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
      self->site_drugs = g_value_dup_object (value);
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

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMELINE] =
    g_param_spec_boxed ("timeline", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_REFUSED_INPUTS] =
    g_param_spec_boolean ("has-refused-inputs", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_case_init (SpCase *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_state_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_state_free);
  self->refused_inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_entry_free);
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

/* sp_case_get_NAME (), sp_case_set_NAME () and sp_case_get_NAME_variants ():
 * a text the case keeps in every language (@member), shown and edited in
 * the user's (the property @prop). */
#define CASE_TEXT_ACCESSORS(name, member, prop)             \
  const char *                                              \
  sp_case_get_##name (SpCase *self)                         \
  {                                                         \
    g_return_val_if_fail (SP_IS_CASE (self), NULL);         \
                                                            \
    return sp_case_text_pick_text (self->member);           \
  }                                                         \
                                                            \
  void                                                      \
  sp_case_set_##name (SpCase     *self,                     \
                      const char *value)                    \
  {                                                         \
    g_return_if_fail (SP_IS_CASE (self));                   \
                                                            \
    sp_case_set_text (self, self->member, value, prop);     \
  }                                                         \
                                                            \
  GPtrArray *                                               \
  sp_case_get_##name##_variants (SpCase *self)              \
  {                                                         \
    g_return_val_if_fail (SP_IS_CASE (self), NULL);         \
                                                            \
    return self->member;                                    \
  }

CASE_TEXT_ACCESSORS (title, titles, PROP_TITLE)
CASE_TEXT_ACCESSORS (notes, notes, PROP_NOTES)

#undef CASE_TEXT_ACCESSORS

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
  g_list_store_remove (self->infusions, position);
  self->dirty = TRUE;
  self->need_sync = TRUE;
  sp_case_end_change (self, TRUE);
}

/* --- the one loader -------------------------------------------------------- */

static void
set_unknown_drug_error (SpDrugLibrary  *drugs,
                        const char     *prefix,
                        const char     *drug_id,
                        GError        **error)
{
  g_autofree char *why = sp_drug_library_describe_unknown (drugs, drug_id);

  g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_UNKNOWN_DRUG, "%s%s", prefix, why);
}

/* Checks one infusion as sp_case_data_resolve () does and gives it the
 * drug's own id. @infusions holds the ones checked before it. */
static gboolean
resolve_infusion (SpDrugLibrary   *drugs,
                  SpCaseInfusion  *infusion,
                  double           weight_kg,
                  GPtrArray       *checked,
                  const char      *name,
                  GError         **error)
{
  g_autofree char *at = sp_case_file_where (name, infusion->line);
  g_autoptr(GError) local_error = NULL;
  const SpDrug *drug = sp_drug_library_lookup (drugs, infusion->drug_id);
  SpLimitCheck check;

  if (drug == NULL)
    {
      set_unknown_drug_error (drugs, at, infusion->drug_id, error);
      return FALSE;
    }
  g_free (infusion->drug_id);
  infusion->drug_id = g_strdup (sp_drug_get_id (drug));

  if (sp_therapy_find (drugs, checked, drug) != NULL)
    {
      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_DUPLICATE_DRUG,
                   _("%s%s has more than one infusion; a case runs one infusion per drug"),
                   at, sp_drug_get_display_name (drug));
      return FALSE;
    }

  if (infusion->has_concentration &&
      !sp_drug_check_concentration (drug, &infusion->concentration, _("Concentration"),
                                    &local_error))
    {
      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID, "%s%s: %s",
                   at, sp_drug_get_display_name (drug), local_error->message);
      return FALSE;
    }

  if (!infusion->has_dose)
    return TRUE;

  if (!isfinite (infusion->dose) || infusion->dose < 0)
    {
      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                   _("%sthe dose of %s is not a number of zero or more"),
                   at, sp_drug_get_display_name (drug));
      return FALSE;
    }

  if (!sp_drug_check_dose (drug, infusion->dose, infusion->dose_unit, weight_kg, &check,
                           &local_error))
    {
      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID, "%s%s: %s",
                   at, sp_drug_get_display_name (drug), local_error->message);
      return FALSE;
    }

  /* Refused means refused: a file cannot carry a dose the window refuses. */
  if (check.state == SP_LIMIT_HARD)
    {
      g_autofree char *message = sp_drug_describe_limit (drug, infusion->dose,
                                                         infusion->dose_unit, &check,
                                                         SP_NUMBER_LOCALE);

      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID, "%s%s", at, message);
      return FALSE;
    }

  return TRUE;
}

/* Every number of @patient that is entered, against the protocol's ranges. */
static gboolean
resolve_numbers (SpProtocol            *protocol,
                 const SpPatientState  *patient,
                 const int             *lines,
                 const char            *name,
                 GError               **error)
{
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldValue *value = &patient->values[i];
      g_autofree char *at = sp_case_file_where (name, lines[i]);

      if (sp_field_get_info (i)->kind != SP_FIELD_KIND_NUMBER || !value->set ||
          sp_field_is_therapy (i))
        continue;

      if (!isfinite (value->number))
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s%s is not a number"), at, sp_field_get_label (i));
          return FALSE;
        }

      if (!sp_protocol_check_number (protocol, i, value->number, NULL, error))
        {
          g_prefix_error (error, "%s%s: ", at, sp_field_get_info (i)->id);
          return FALSE;
        }
    }

  return TRUE;
}

/* One patient state and what runs with it (the case's own, or a stage's). */
static gboolean
resolve_state (SpProtocol      *protocol,
               SpDrugLibrary   *drugs,
               SpPatientState  *patient,
               const int       *lines,
               GPtrArray       *infusions,
               const char      *name,
               GError         **error)
{
  g_autoptr(GPtrArray) checked = g_ptr_array_new ();

  if (!resolve_numbers (protocol, patient, lines, name, error))
    return FALSE;

  /* An older file's therapy fields: infusions without a concentration. */
  if (!sp_therapy_infusions_from_fields (drugs, patient, lines, name, infusions, error))
    return FALSE;

  for (guint i = 0; i < infusions->len; i++)
    {
      SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (!resolve_infusion (drugs, infusion,
                             sp_patient_state_get_number (patient, SP_FIELD_WEIGHT),
                             checked, name, error))
        return FALSE;
      g_ptr_array_add (checked, infusion);
    }

  return TRUE;
}

gboolean
sp_case_check_value (SpCase              *self,
                     SpField              field,
                     const SpFieldValue  *value,
                     GError             **error)
{
  g_autoptr(GPtrArray) infusions = NULL;
  SpPatientState state;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS && !sp_field_is_therapy (field), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sp_patient_get_state (self->patient, &state);
  state.values[field] = *value;
  /* what runs is the infusions: the fields that follow them are not read */
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy (i))
      sp_patient_state_unset (&state, i);
  infusions = sp_case_infusions_data (self);
  return sp_case_check_state (self->protocol, self->drugs, &state, infusions, error);
}

gboolean
sp_case_check_state (SpProtocol            *protocol,
                     SpDrugLibrary         *drugs,
                     const SpPatientState  *patient,
                     GPtrArray             *infusions,
                     GError               **error)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  const int lines[SP_N_FIELDS] = { 0, };
  SpPatientState copy;

  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (infusions != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = *patient;
  sp_case_infusions_append_copies (copies, infusions);
  return resolve_state (protocol, drugs, &copy, lines, copies, NULL, error);
}

gboolean
sp_case_entry_resolve (SpCaseEntry    *entry,
                       SpProtocol     *protocol,
                       SpDrugLibrary  *drugs,
                       const char     *name,
                       GError        **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < entry->observations->len; i++)
    {
      const SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);
      SpPatientState one;
      int lines[SP_N_FIELDS] = { 0, };

      if (sp_field_is_therapy (observation->field))
        {
          g_autofree char *at = sp_case_file_where (name, observation->line);

          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s%s: what runs is recorded as an infusion event, "
                         "not as a patient value"),
                       at, sp_field_get_info (observation->field)->id);
          return FALSE;
        }
      sp_patient_state_init (&one);
      one.values[observation->field] = observation->value;
      lines[observation->field] = observation->line;
      if (!resolve_numbers (protocol, &one, lines, name, error))
        return FALSE;
    }

  for (guint i = 0; i < entry->events->len; i++)
    {
      SpCaseEvent *event = g_ptr_array_index (entry->events, i);
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      if (event->infusion->line == 0)
        event->infusion->line = entry->line;
      /* The weight of the moment is the timeline's to know; the model
       * checks it again when the entry is replayed. */
      if (!resolve_infusion (drugs, event->infusion, NAN, none, name, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
sp_case_data_resolve (SpCaseData     *data,
                      SpProtocol     *protocol,
                      SpDrugLibrary  *drugs,
                      const char     *name,
                      GError        **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve_state (protocol, drugs, &data->patient, data->patient_lines, data->infusions,
                      name, error))
    return FALSE;

  for (guint i = 0; data->stages != NULL && i < data->stages->len; i++)
    {
      SpCaseStage *stage = g_ptr_array_index (data->stages, i);

      if (!resolve_state (protocol, drugs, &stage->patient, stage->patient_lines,
                          stage->infusions, name, error))
        return FALSE;
    }

  for (guint i = 0; i < data->timeline->len; i++)
    if (!sp_case_entry_resolve (g_ptr_array_index (data->timeline, i), protocol, drugs, name,
                                error))
      return FALSE;

  return sp_timeline_check (data->timeline, name, error);
}

SpCaseData *
sp_case_data_load (const char     *path,
                   SpProtocol     *protocol,
                   SpDrugLibrary  *drugs,
                   GError        **error)
{
  return sp_case_data_load_full (path, protocol, drugs, NULL, NULL, error);
}

SpCaseData *
sp_case_data_load_full (const char      *path,
                        SpProtocol      *protocol,
                        SpDrugLibrary   *drugs,
                        const char      *profile_id,
                        SpDrugLibrary  **out_drugs,
                        GError         **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpDrugLibrary) in_profile = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = sp_case_file_load_for_protocol (path, protocol, error);
  if (data == NULL)
    return NULL;
  /* the user's choice over the file's */
  if (profile_id != NULL)
    {
      g_free (data->profile);
      data->profile = g_strdup (profile_id);
    }
  /* the case's infusions in the case's profile */
  in_profile = sp_case_data_get_drug_library (data, drugs, path, error);
  if (in_profile == NULL || !sp_case_data_resolve (data, protocol, in_profile, path, error))
    return NULL;

  if (out_drugs != NULL)
    *out_drugs = g_steal_pointer (&in_profile);
  return g_steal_pointer (&data);
}

SpDrugLibrary *
sp_case_data_get_drug_library (const SpCaseData  *data,
                               SpDrugLibrary     *drugs,
                               const char        *name,
                               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  SpDrugLibrary *view;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* no profile named: the library's default */
  view = sp_drug_library_for_profile (drugs, data->profile, &local_error);
  if (view == NULL)
    {
      g_autofree char *at = sp_case_file_where (name, 0);

      g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                   /* Translators: "case.xml: the case's drug-library profile: The drug
                    * library ... has no profile “icu”; its profiles: ..." */
                   _("%sthe case’s drug-library profile: %s"), at, local_error->message);
      return NULL;
    }
  return view;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The infusion of @drug in @data, created (without a concentration) when
 * there is none. */
static SpCaseInfusion *
ensure_infusion (SpCaseData    *data,
                 SpDrugLibrary *drugs,
                 const SpDrug  *drug)
{
  SpCaseInfusion *infusion = (SpCaseInfusion *) sp_therapy_find (drugs, data->infusions, drug);

  if (infusion == NULL)
    {
      infusion = sp_case_infusion_new (sp_drug_get_id (drug), NULL);
      g_ptr_array_add (data->infusions, infusion);
    }
  return infusion;
}

/* Removes every infusion of an inotrope other than @keep (NULL: all). */
static void
remove_inotropes (SpCaseData    *data,
                  SpDrugLibrary *drugs,
                  const SpDrug  *keep)
{
  for (guint i = data->infusions->len; i-- > 0;)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (data->infusions, i);
      const SpDrug *drug = sp_drug_library_lookup (drugs, infusion->drug_id);

      if (drug != keep && drug != NULL &&
          sp_field_choice_index (SP_FIELD_INOTROPE, sp_drug_get_id (drug)) > 0)
        g_ptr_array_remove_index (data->infusions, i);
    }
}

/* A dose typed for @field ("0.1", "5 mcg/min", "1.8 units/h") as a dose of
 * @drug: in a unit the drug library gives the drug, as typed; no unit means
 * the field's. Any other unit is refused, as everywhere else a dose is
 * typed: "0.1 mcg/kg/h" for 0.1 mcg/kg/min is the wrong-unit error, never
 * converted without a word. */
static gboolean
parse_therapy_dose (SpField                field,
                    const SpDrug          *drug,
                    const SpCaseInfusion  *running,
                    const char            *text,
                    SpNumberStyle          style,
                    double                *out_dose,
                    SpDoseUnit            *out_unit,
                    GError               **error)
{
  guint n = sp_drug_get_n_dose_units (drug);
  g_autofree SpDoseUnit *accepted = g_new0 (SpDoseUnit, MAX (n, 1));
  SpDoseUnit field_unit;
  double value;
  SpDoseUnit unit;

  for (guint i = 0; i < n; i++)
    accepted[i] = sp_drug_get_dose_limits (drug, i)->unit;

  if (!sp_dose_unit_parse (sp_field_get_info (field)->unit, &field_unit))
    g_return_val_if_reached (FALSE);
  if (!sp_dose_parse (text, style, sp_field_get_label (field), accepted, n, &field_unit,
                      out_dose, out_unit, error))
    return FALSE;

  /* A bare number is in the field's unit, but not over a dose that runs in
   * another one ("2" after 5 mcg/min): which was meant would be a guess. */
  if (running != NULL && running->has_dose && running->dose > 0 &&
      !sp_dose_unit_equal (running->dose_unit, field_unit) &&
      !sp_dose_parse (text, style, sp_field_get_label (field), accepted, n, NULL, &value, &unit,
                      NULL))
    {
      g_autofree char *running_dose = sp_format_dose (running->dose, running->dose_unit, 0,
                                                      style);

      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                   /* Translators: "“2” has no unit, and norepinephrine runs at
                    * 5 mcg/min: write “2 mcg/min” or “2 mcg/kg/min”" */
                   _("“%s” has no unit, and %s runs at %s: write “%s %s” or “%s %s”"),
                   text, sp_drug_get_display_name (drug),
                   running_dose, text, sp_dose_unit_get_label (running->dose_unit), text,
                   sp_dose_unit_get_label (field_unit));
      return FALSE;
    }
  return TRUE;
}

gboolean
sp_case_data_set_field (SpCaseData     *data,
                        SpProtocol     *protocol,
                        SpDrugLibrary  *drugs,
                        SpField         field,
                        const char     *text,
                        SpNumberStyle   style,
                        char          **out_warning,
                        GError        **error)
{
  g_autoptr(SpCaseInfusion) before = NULL;
  g_autoptr(GPtrArray) others = NULL;
  const SpCaseInfusion *running;
  SpCaseInfusion *infusion;
  const SpDrug *drug;
  SpFieldValue value = { 0, };
  SpDoseUnit unit;
  gboolean created;
  double dose;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sp_field_is_therapy (field))
    {
      if (!sp_protocol_parse_field (protocol, field, text, style, &value, out_warning, error))
        return FALSE;
      if (value.set)
        data->patient.values[field] = value;
      else
        sp_patient_state_unset (&data->patient, field);
      return TRUE;
    }

  if (field == SP_FIELD_INOTROPE)
    {
      if (!sp_protocol_parse_field (protocol, field, text, style, &value, out_warning, error))
        return FALSE;
      drug = NULL;
      if (value.set)
        {
          const char *id = sp_field_get_info (field)->choices[value.choice];

          drug = g_str_equal (id, "none") ? NULL : sp_drug_library_lookup (drugs, id);
          if (drug == NULL && !g_str_equal (id, "none"))
            {
              set_unknown_drug_error (drugs, "", id, error);
              return FALSE;
            }
        }
      remove_inotropes (data, drugs, drug);
      if (drug != NULL)
        {
          infusion = ensure_infusion (data, drugs, drug);
          if (!infusion->has_dose)
            infusion->running = TRUE;
        }
      return TRUE;
    }

  /* A dose: of the field's drug, or of the inotrope that runs. */
  if (field == SP_FIELD_INOTROPE_DOSE)
    {
      SpPatientState state = data->patient;

      sp_therapy_derive_fields (drugs, data->infusions, &state);
      drug = sp_therapy_field_drug (drugs, &state, field);
      if (drug == NULL)
        {
          g_set_error (error, SP_CASE_ERROR, SP_CASE_ERROR_INVALID,
                       _("%s: a dose needs its drug; set %s as well"),
                       sp_field_get_info (field)->id, sp_field_get_info (SP_FIELD_INOTROPE)->id);
          return FALSE;
        }
    }
  else
    {
      drug = sp_drug_library_lookup (drugs, sp_field_get_info (field)->id);
      if (drug == NULL)
        {
          set_unknown_drug_error (drugs, "", sp_field_get_info (field)->id, error);
          return FALSE;
        }
    }

  if (is_blank (text))
    {
      /* An empty value: nothing of that drug runs. */
      infusion = (SpCaseInfusion *) sp_therapy_find (drugs, data->infusions, drug);
      if (infusion != NULL)
        g_ptr_array_remove (data->infusions, infusion);
      return TRUE;
    }

  running = sp_therapy_find (drugs, data->infusions, drug);
  if (!parse_therapy_dose (field, drug, running, text, style, &dose, &unit, error))
    return FALSE;

  created = running == NULL;
  infusion = ensure_infusion (data, drugs, drug);
  before = sp_case_infusion_copy (infusion);
  infusion->has_dose = TRUE;
  infusion->dose = dose;
  infusion->dose_unit = unit;
  infusion->running = FALSE;

  /* The same checks as a case file's infusion: refused means refused. */
  others = g_ptr_array_new ();
  if (!resolve_infusion (drugs, infusion,
                         sp_patient_state_get_number (&data->patient, SP_FIELD_WEIGHT),
                         others, NULL, error))
    {
      if (created)
        {
          g_ptr_array_remove (data->infusions, infusion);
          return FALSE;
        }
      g_free (infusion->drug_id);
      *infusion = *before;
      before->drug_id = NULL;
      return FALSE;
    }
  return TRUE;
}

/* The SpInfusions of resolved @infusions (SpCaseInfusion*). */
static GPtrArray *
sp_case_build_infusions (SpDrugLibrary  *drugs,
                         GPtrArray      *infusions,
                         GError        **error)
{
  g_autoptr(GPtrArray) built = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      SpInfusion *infusion = sp_infusion_new_from_data (drugs,
                                                        g_ptr_array_index (infusions, i),
                                                        error);

      if (infusion == NULL)
        return NULL;
      g_ptr_array_add (built, infusion);
    }
  return g_steal_pointer (&built);
}

/* Replaces patient and infusions (sp_case_build_infusions ()); inside a change. */
static void
sp_case_replace_state (SpCase               *self,
                       const SpPatientState *patient,
                       GPtrArray            *infusions)
{
  sp_case_clear_infusions (self);
  sp_patient_set_state (self->patient, patient);
  for (guint i = 0; i < infusions->len; i++)
    sp_case_attach_infusion (self, g_ptr_array_index (infusions, i));
  g_list_store_splice (self->infusions, 0, 0, infusions->pdata, infusions->len);
  /* A replacement is one change, even by an identical state. */
  self->dirty = TRUE;
  self->need_sync = TRUE;
}

static void
sp_case_set_timeline (SpCase    *self,
                      GPtrArray *timeline)
{
  if (self->timeline->len == 0 && (timeline == NULL || timeline->len == 0))
    return;

  g_ptr_array_set_size (self->timeline, 0);
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    g_ptr_array_add (self->timeline, sp_case_entry_copy (g_ptr_array_index (timeline, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
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

/* The case's infusions use @drugs (a profile of the site's library) from now
 * on; inside a change or where the infusions are replaced. */
static void
sp_case_set_drugs (SpCase        *self,
                   SpDrugLibrary *drugs)
{
  if (self->drugs == drugs)
    return;
  g_set_object (&self->drugs, drugs);
  self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRUG_LIBRARY]);
}

gboolean
sp_case_set_profile (SpCase      *self,
                     const char  *profile_id,
                     GError     **error)
{
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GPtrArray) data = NULL;
  g_autoptr(GPtrArray) infusions = NULL;
  SpPatientState patient;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  drugs = sp_drug_library_for_profile (self->site_drugs, profile_id, error);
  if (drugs == NULL)
    return FALSE;
  if (drugs == self->drugs)
    return TRUE;

  /* What runs keeps running: each infusion, its concentration and dose,
   * must be one the new profile takes, or nothing changes. */
  data = sp_case_infusions_data (self);
  for (guint i = 0; i < data->len; i++)
    {
      SpCaseInfusion *infusion = g_ptr_array_index (data, i);
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      if (!resolve_infusion (drugs, infusion,
                             sp_patient_get_number (self->patient, SP_FIELD_WEIGHT),
                             none, NULL, error))
        return FALSE;
    }
  infusions = sp_case_build_infusions (drugs, data, error);
  if (infusions == NULL)
    return FALSE;

  sp_patient_get_state (self->patient, &patient);
  sp_case_begin_change (self);
  sp_case_set_drugs (self, drugs);
  sp_case_replace_state (self, &patient, infusions);
  /* Undo would bring back infusions of the other profile: start afresh. */
  sp_case_end_change (self, FALSE);
  sp_case_mark_other_change (self);
  return TRUE;
}

/* Replaces the case with @data, checked; @file NULL: a case not from a
 * file (unsaved, so modified). */
static gboolean
sp_case_replace_with_data (SpCase      *self,
                           SpCaseData  *data,
                           const char  *name,
                           GFile       *file,
                           GError     **error)
{
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GPtrArray) infusions = NULL;

  drugs = sp_case_data_get_drug_library (data, self->site_drugs, name, error);
  if (drugs == NULL)
    return FALSE;
  infusions = sp_case_build_infusions (drugs, data->infusions, error);
  if (infusions == NULL)
    return FALSE;

  /* Nothing can fail from here on. */
  sp_case_begin_change (self);
  sp_case_set_drugs (self, drugs);
  sp_case_replace_state (self, &data->patient, infusions);
  sp_case_replace_texts (self, &self->titles, data->titles, PROP_TITLE);
  sp_case_replace_texts (self, &self->notes, data->notes, PROP_NOTES);
  sp_case_set_teaching (self, data->teaching_titles, data->stages);
  sp_case_set_timeline (self, data->timeline);
  sp_case_set_file (self, file);
  sp_case_end_change (self, FALSE);

  /* without a file (an import): all of it still to save */
  g_clear_pointer (&self->saved, sp_case_state_free);
  if (file != NULL)
    sp_case_mark_saved (self);
  else
    sp_case_mark_other_change (self);

  return TRUE;
}

gboolean
sp_case_load (SpCase      *self,
              const char  *path,
              GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Check everything before touching the case (the one loader, as every
   * command of shockpath-cli): the file's own state (for a teaching case,
   * the stage it was saved at) and every stage's. */
  data = sp_case_data_load (path, self->protocol, self->site_drugs, error);
  if (data == NULL)
    return FALSE;
  file = g_file_new_for_path (path);
  return sp_case_replace_with_data (self, data, path, file, error);
}

gboolean
sp_case_load_data (SpCase      *self,
                   SpCaseData  *data,
                   const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sp_case_data_resolve (data, self->protocol, self->site_drugs, name, error))
    return FALSE;
  return sp_case_replace_with_data (self, data, name, NULL, error);
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
  infusions = sp_case_build_infusions (self->drugs, stage->infusions, error);
  if (infusions == NULL)
    return FALSE;

  sp_case_begin_change (self);
  sp_case_replace_state (self, &stage->patient, infusions);
  /* A stage is a new starting point, not an edit to undo. */
  sp_case_end_change (self, FALSE);

  /* The lecture's timeline so far: the stages up to this one, from 08:00
   * today, so the trend plot grows stage by stage. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now),
                                                        g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now),
                                                        8, 0, 0);
    g_autoptr(GPtrArray) timeline = sp_timeline_from_stages (self->stages, index, start);

    sp_case_set_timeline (self, timeline);
  }
  sp_case_mark_other_change (self);

  return TRUE;
}

SpCaseData *
sp_case_to_data (SpCase *self)
{
  SpCaseData *data;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  data = sp_case_data_new ();
  g_ptr_array_extend_and_steal (data->titles, sp_case_texts_copy (self->titles));
  g_ptr_array_extend_and_steal (data->notes, sp_case_texts_copy (self->notes));
  sp_patient_get_state (self->patient, &data->patient);
  if (data->infusions == NULL)
    data->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  /* What runs is written as infusions only; the therapy fields follow them. */
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (sp_field_is_therapy (i))
      sp_patient_state_unset (&data->patient, i);
  g_ptr_array_extend_and_steal (data->infusions, sp_case_infusions_data (self));

  for (guint i = 0; i < self->timeline->len; i++)
    g_ptr_array_add (data->timeline, sp_case_entry_copy (g_ptr_array_index (self->timeline, i)));
  data->format_version = self->timeline->len > 0 ? 4 : data->format_version;

  /* A case in another profile than the library's default says which one
   * its concentrations and limits come from (a file that names none is in
   * the default profile: every case written before profiles existed). */
  if (sp_drug_library_get_profile (self->drugs) !=
      sp_drug_library_get_default_profile (self->drugs))
    data->profile = g_strdup (sp_drug_profile_get_id (sp_drug_library_get_profile (self->drugs)));

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
  sp_case_mark_saved (self);

  return TRUE;
}

gboolean
sp_case_get_can_undo (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  return self->undo->len > 0;
}

void
sp_case_begin_undo_group (SpCase *self)
{
  g_return_if_fail (SP_IS_CASE (self));

  if (self->group_depth++ == 0)
    self->group_pushed = FALSE;
}

void
sp_case_end_undo_group (SpCase *self)
{
  gboolean could_undo;

  g_return_if_fail (SP_IS_CASE (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0 || !self->group_pushed)
    return;
  self->group_pushed = FALSE;

  /* Back where it began (Escape after typing): nothing to undo, and what
   * was undone before it can be redone still. */
  could_undo = self->undo->len > 0;
  if (self->current != NULL && self->undo->len > 0 &&
      sp_case_state_equal (g_ptr_array_index (self->undo, self->undo->len - 1), self->current))
    {
      g_ptr_array_remove_index (self->undo, self->undo->len - 1);
      if (self->kept_redo != NULL)
        {
          g_ptr_array_unref (self->redo);
          self->redo = g_steal_pointer (&self->kept_redo);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
        }
    }
  g_clear_pointer (&self->kept_redo, g_ptr_array_unref);
  sp_case_set_can_undo (self, could_undo);
}

/* Replaces the case's state with the newest state of @from (undo's or
 * redo's), the state it replaces going to @keep (the other of the two). */
static void
sp_case_restore (SpCase    *self,
                 GPtrArray *from,
                 GPtrArray *keep)
{
  g_autoptr(GPtrArray) infusions = NULL;
  gboolean could_undo = self->undo->len > 0;
  gboolean could_redo = self->redo->len > 0;
  SpCaseState *state = g_ptr_array_steal_index (from, from->len - 1);

  /* a group still open goes on as a new one: its next change can be undone
   * (and forgets what an earlier one undid) */
  self->group_pushed = FALSE;
  g_clear_pointer (&self->kept_redo, g_ptr_array_unref);
  /* The states kept were accepted by this case's library: this cannot fail. */
  infusions = sp_case_build_infusions (self->drugs, state->infusions, NULL);
  g_assert (infusions != NULL);

  if (keep == self->undo)
    sp_case_push_undo (self, g_steal_pointer (&self->current));
  else
    g_ptr_array_add (keep, g_steal_pointer (&self->current));

  self->restoring = TRUE;
  sp_case_begin_change (self);
  sp_case_replace_state (self, &state->patient, infusions);
  sp_case_end_change (self, TRUE);
  self->restoring = FALSE;
  sp_case_state_free (state);

  sp_case_set_can_undo (self, could_undo);
  if (could_redo != (self->redo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

gboolean
sp_case_undo (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;
  sp_case_restore (self, self->undo, self->redo);
  return TRUE;
}

gboolean
sp_case_redo (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  if (self->redo->len == 0)
    return FALSE;
  sp_case_restore (self, self->redo, self->undo);
  return TRUE;
}

gboolean
sp_case_get_can_redo (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  return self->redo->len > 0;
}

void
sp_case_reset (SpCase *self)
{
  SpPatientState empty;

  g_return_if_fail (SP_IS_CASE (self));

  sp_patient_state_init (&empty);

  sp_case_begin_change (self);
  sp_case_clear_infusions (self);
  sp_case_set_drugs (self, self->site_drugs);
  sp_patient_set_state (self->patient, &empty);
  sp_case_replace_texts (self, &self->titles, NULL, PROP_TITLE);
  sp_case_replace_texts (self, &self->notes, NULL, PROP_NOTES);
  sp_case_set_teaching (self, NULL, NULL);
  sp_case_set_timeline (self, NULL);
  sp_case_set_file (self, NULL);
  sp_case_end_change (self, FALSE);

  /* an empty case: nothing to lose */
  sp_case_mark_saved (self);
}

/* --- the timeline ---------------------------------------------------------- */

GPtrArray *
sp_case_get_timeline (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  return self->timeline;
}

gboolean
sp_case_has_unrecorded (SpCase *self)
{
  g_autoptr(SpCaseData) data = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  data = sp_case_to_data (self);
  return sp_case_data_has_unrecorded (data);
}

gboolean
sp_case_record (SpCase      *self,
                GDateTime   *time,
                const char  *author,
                const char  *reason,
                GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GDateTime) now = NULL;
  SpCaseEntry *entry;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sp_case_check_recordable (self, error))
    return FALSE;

  if (time == NULL)
    time = now = g_date_time_new_now_local ();

  data = sp_case_to_data (self);
  entry = sp_timeline_diff (data->timeline, &data->patient, data->infusions, time);
  if (author != NULL && *author != '\0')
    entry->author = g_strdup (author);
  if (reason != NULL && *reason != '\0')
    entry->reason = g_strdup (reason);
  if (sp_case_data_add_entry (data, entry, self->protocol, self->drugs, error) == NULL)
    return FALSE;

  /* Recording changes no value shown: what was shown is now recorded. */
  sp_case_set_timeline (self, data->timeline);
  sp_case_mark_other_change (self);
  /* and is corrected from now on, not undone */
  sp_case_forget_history (self);
  return TRUE;
}

GPtrArray *
sp_case_check_correction (SpCase            *self,
                          const SpCaseEntry *correction,
                          char             **out_changes_now,
                          GError           **error)
{
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GPtrArray) shown_infusions = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  SpPatientState shown, at_entry;
  const SpCaseEntry *stored;
  double weight = NAN;
  gboolean derived;

  g_return_val_if_fail (SP_IS_CASE (self), NULL);
  g_return_val_if_fail (correction != NULL && correction->corrects != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* the correction made on a copy of the case */
  data = sp_case_to_data (self);
  shown = data->patient;
  shown_infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  sp_case_infusions_append_copies (shown_infusions, data->infusions);
  stored = sp_case_data_add_entry (data, sp_case_entry_copy (correction), self->protocol,
                                   self->drugs, error);
  if (stored == NULL)
    return NULL;

  /* its doses against what ran before its entry, at the weight then */
  before = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  after = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  if (!sp_timeline_infusions_before (data->timeline, stored, NULL, before, error) ||
      !sp_timeline_state_after (data->timeline, stored, NULL, &at_entry, after, error))
    return NULL;
  if (!sp_patient_state_get_effective (&at_entry, SP_FIELD_WEIGHT, &weight, &derived))
    weight = NAN;

  /* what is shown now that it changes: values, then infusions */
  changes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    if (!sp_field_is_therapy (i) &&
        !sp_field_value_equal (i, &shown.values[i], &data->patient.values[i]))
      {
        g_autoptr(SpCaseObservation) observation = sp_case_observation_new (i, &data->patient.values[i],
                                                                            NULL);

        g_ptr_array_add (changes, sp_case_observation_format (observation, SP_NUMBER_LOCALE));
      }
  {
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_event_free);

    sp_timeline_infusion_events (shown_infusions, data->infusions, events);
    for (guint i = 0; i < events->len; i++)
      g_ptr_array_add (changes, sp_case_event_format (g_ptr_array_index (events, i), self->drugs,
                                                      SP_NUMBER_LOCALE));
  }
  if (out_changes_now != NULL)
    {
      *out_changes_now = NULL;
      if (changes->len > 0)
        {
          g_autofree char *joined = NULL;

          g_ptr_array_add (changes, NULL);
          joined = g_strjoinv ("; ", (char **) changes->pdata);
          /* Translators: what a correction changes in what is shown now:
           * "From now on: Stop DOBUTamine; Weight 87 kg" */
          *out_changes_now = g_strdup_printf (_("From now on: %s"), joined);
        }
    }
  return sp_timeline_infusion_warnings (before, after, self->drugs, weight, SP_NUMBER_LOCALE);
}

gboolean
sp_case_correct (SpCase      *self,
                 SpCaseEntry *correction,
                 const char  *author,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(SpCaseEntry) owned = correction;
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(GPtrArray) infusions = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);
  g_return_val_if_fail (correction != NULL && correction->corrects != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&correction->author, g_free);
  g_clear_pointer (&correction->reason, g_free);
  if (author != NULL && *author != '\0')
    correction->author = g_strdup (author);
  if (reason != NULL && *reason != '\0')
    correction->reason = g_strdup (reason);

  data = sp_case_to_data (self);
  if (sp_case_data_add_entry (data, g_steal_pointer (&owned), self->protocol, self->drugs,
                              error) == NULL)
    return FALSE;
  /* what now holds, as the case shows it */
  infusions = sp_case_build_infusions (self->drugs, data->infusions, error);
  if (infusions == NULL)
    return FALSE;

  sp_case_begin_change (self);
  sp_case_replace_state (self, &data->patient, infusions);
  sp_case_set_timeline (self, data->timeline);
  /* a new history: a correction is corrected, never undone */
  sp_case_end_change (self, FALSE);
  sp_case_mark_other_change (self);
  return TRUE;
}

gboolean
sp_case_check_recordable (SpCase  *self,
                          GError **error)
{
  g_autofree char *refused = NULL;

  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  refused = sp_case_describe_refused_inputs (self);
  if (refused == NULL)
    return TRUE;
  g_set_error (error, SP_TIMELINE_ERROR, SP_TIMELINE_ERROR_REFUSED_INPUT,
               /* Translators: "Not recorded: Systolic blood pressure: “8O” was refused.
                * Correct it or clear it, then record." */
               _("Not recorded: %s. Correct it or clear it, then record."), refused);
  return FALSE;
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
sp_case_set_refused_input (SpCase     *self,
                           const char *key,
                           const char *message)
{
  gboolean had_refused;

  g_return_if_fail (SP_IS_CASE (self));
  g_return_if_fail (key != NULL);

  had_refused = sp_case_has_refused_inputs (self);
  if (message == NULL)
    g_hash_table_remove (self->refused_inputs, key);
  else
    g_hash_table_replace (self->refused_inputs, g_strdup (key), g_strdup (message));
  if (had_refused != sp_case_has_refused_inputs (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_REFUSED_INPUTS]);
}

gboolean
sp_case_has_refused_inputs (SpCase *self)
{
  g_return_val_if_fail (SP_IS_CASE (self), FALSE);

  return g_hash_table_size (self->refused_inputs) > 0;
}

char *
sp_case_describe_refused_inputs (SpCase *self)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (SP_IS_CASE (self), NULL);

  if (g_hash_table_size (self->refused_inputs) == 0)
    return NULL;
  /* in the order of their keys: the same text each time */
  {
    GHashTableIter iter;
    gpointer key;

    keys = g_ptr_array_new ();
    g_hash_table_iter_init (&iter, self->refused_inputs);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (keys, key);
    g_ptr_array_sort (keys, compare_keys);
  }
  for (guint i = 0; i < keys->len; i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, g_hash_table_lookup (self->refused_inputs,
                                                 g_ptr_array_index (keys, i)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
