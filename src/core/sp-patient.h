/* sp-patient.h: the patient of a case as a GObject the views bind to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One property per patient field (sp-field.h), named by the field id:
 * "weight", "sbp", "central-line", "inotrope-dose" ...
 *   - number fields are double properties; NAN means "not entered" (the default);
 *   - choice fields are string properties holding the choice id ("altered");
 *     NULL means "not entered". Setting an id that is not one of the field's
 *     choices is a programmer error.
 * Read-only: "effective-map" (double, the entered MAP or the one derived from
 * SBP and DBP; NAN when unknown) and "map-derived" (boolean).
 *
 * Every property notifies only when its value really changes (NAN -> NAN is no
 * change). The "changed" signal (no arguments) is emitted exactly once per
 * effective change: once for one property set, once for a whole
 * sp_patient_set_state() batch, after all notify:: emissions of that change.
 */
#pragma once

#include <glib-object.h>

#include "sp-field.h"

G_BEGIN_DECLS

#define SP_TYPE_PATIENT (sp_patient_get_type ())
G_DECLARE_FINAL_TYPE (SpPatient, sp_patient, SP, PATIENT, GObject)

SpPatient            *sp_patient_new                (void);

/* The whole state, as the decision engine and case files use it. */
void                  sp_patient_get_state          (SpPatient            *self,
                                                     SpPatientState       *out_state);
/* Valid until the next change of @self. */
const SpPatientState *sp_patient_peek_state         (SpPatient            *self);
/* Applies every field of @state at once: each changed property notifies once,
 * then "changed" is emitted once (not at all when nothing changed). */
void                  sp_patient_set_state          (SpPatient            *self,
                                                     const SpPatientState *state);

void                  sp_patient_get_field_value    (SpPatient            *self,
                                                     SpField               field,
                                                     SpFieldValue         *out_value);
/* @value NULL or not set unsets the field. */
void                  sp_patient_set_field_value    (SpPatient            *self,
                                                     SpField               field,
                                                     const SpFieldValue   *value);

gboolean              sp_patient_is_set             (SpPatient            *self,
                                                     SpField               field);
void                  sp_patient_unset              (SpPatient            *self,
                                                     SpField               field);

/* Number fields: NAN when not entered; setting NAN unsets. */
double                sp_patient_get_number         (SpPatient            *self,
                                                     SpField               field);
void                  sp_patient_set_number         (SpPatient            *self,
                                                     SpField               field,
                                                     double                value);

/* Choice fields: the choice id, or NULL when not entered; setting NULL unsets. */
const char           *sp_patient_get_choice         (SpPatient            *self,
                                                     SpField               field);
void                  sp_patient_set_choice         (SpPatient            *self,
                                                     SpField               field,
                                                     const char           *choice);

/* The MAP the engine uses (entered, or derived from SBP and DBP); NAN if unknown. */
double                sp_patient_get_effective_map  (SpPatient            *self);
gboolean              sp_patient_get_map_derived    (SpPatient            *self);

G_END_DECLS
