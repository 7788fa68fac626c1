/* sp-field.h: the patient fields of a case (DESIGN.md contract) and a patient state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The field ids, kinds and choices are the contract shared by case files,
 * `shockpath-cli --set` and the form. What values are plausible is clinical
 * content and lives in the protocol file (see sp-protocol.h).
 */
#pragma once

#include <glib.h>

#include "sp-quantity.h"

G_BEGIN_DECLS

typedef enum {
  SP_FIELD_WEIGHT,
  SP_FIELD_SBP,
  SP_FIELD_DBP,
  SP_FIELD_MAP,
  SP_FIELD_HR,
  SP_FIELD_SPO2,
  SP_FIELD_LACTATE,
  SP_FIELD_URINE,
  SP_FIELD_MENTAL,
  SP_FIELD_SKIN,
  SP_FIELD_SCVO2,
  SP_FIELD_CENTRAL_LINE,
  SP_FIELD_ARTERIAL_LINE,
  SP_FIELD_FLUID,
  SP_FIELD_INOTROPE,
  SP_FIELD_INOTROPE_DOSE,
  SP_FIELD_NOREPINEPHRINE,
  SP_FIELD_VASOPRESSIN,
  SP_FIELD_EPINEPHRINE,
  SP_FIELD_MCS,
  SP_N_FIELDS /*< skip >*/
} SpField;

typedef enum {
  SP_FIELD_KIND_NUMBER,
  SP_FIELD_KIND_CHOICE,
} SpFieldKind;

typedef struct {
  SpField             field;
  const char         *id;        /* "weight", "central-line" ... */
  SpFieldKind         kind;
  const char         *unit;      /* "kg", "mmHg", "mcg/kg/min"; NULL for choices.
                                  * inotrope-dose is in mcg/kg/min, the dose unit of
                                  * every inotrope the field offers */
  const char * const *choices;   /* NULL-terminated, for SP_FIELD_KIND_CHOICE */
} SpFieldInfo;

const SpFieldInfo *sp_field_get_info      (SpField      field);
/* Looks a field up by id; FALSE if there is no such field. */
gboolean           sp_field_from_id       (const char  *id,
                                           SpField     *out_field);
/* The index of @choice in the field's choices, or -1. */
int                sp_field_choice_index  (SpField      field,
                                           const char  *choice);
/* TRUE for the therapy fields (inotrope, inotrope-dose, norepinephrine,
 * vasopressin, epinephrine): what runs is the infusions, and these fields are
 * derived from them (sp-therapy.h), or shorthand that creates them. */
gboolean           sp_field_is_therapy    (SpField      field);
/* A translated label for a field ("Systolic blood pressure") and a short one
 * ("SBP"), for messages and screens. */
const char        *sp_field_get_label     (SpField      field);
const char        *sp_field_get_short_label (SpField    field);
/* The field's unit as people read it: the unit's symbol ("kg", "mmHg"), a
 * dose unit's label in the user's language ("Einheiten/min"); NULL for
 * choices. info->unit stays the token files and the parser use. */
const char        *sp_field_get_unit_label (SpField     field);
/* A translated label for one of a field's choices. */
const char        *sp_field_get_choice_label (SpField     field,
                                              guint       choice);

/* One value: not entered, a number, or the index of a choice. A number field
 * that is set with a NAN number is a therapy running at a dose not known in the
 * field's unit (sp_patient_state_set_running ()). */
typedef struct {
  gboolean   set;
  double     number;   /* SP_FIELD_KIND_NUMBER */
  guint      choice;   /* SP_FIELD_KIND_CHOICE: index into the field's choices */
  /* number NAN: the dose that runs in its own unit, when one is recorded
   * (sp_patient_state_set_running_at ()) */
  gboolean   running_known;
  double     running_dose;
  SpDoseUnit running_unit;
} SpFieldValue;

/* The patient state the decision engine reads: a plain value, copied freely. */
typedef struct {
  SpFieldValue values[SP_N_FIELDS];
} SpPatientState;

void     sp_patient_state_init        (SpPatientState       *state);   /* all not entered */
void     sp_patient_state_set_number  (SpPatientState       *state,
                                       SpField               field,
                                       double                value);
/* FALSE if @choice is not one of the field's choices. */
gboolean sp_patient_state_set_choice  (SpPatientState       *state,
                                       SpField               field,
                                       const char           *choice);
/* A therapy that runs at a dose this field cannot express: norepinephrine given
 * in mcg/min while no weight turns it into mcg/kg/min. The engine counts it as
 * running, and every comparison of its dose as unknown. */
void     sp_patient_state_set_running (SpPatientState       *state,
                                       SpField               field);
/* The same, keeping the dose that runs in its own unit (5 mcg/min) to be
 * shown: sp_field_format_value () says it, with why it has no value here. */
void     sp_patient_state_set_running_at (SpPatientState    *state,
                                          SpField            field,
                                          double             dose,
                                          SpDoseUnit         unit);
/* TRUE for a field set with sp_patient_state_set_running (). */
gboolean sp_patient_state_is_dose_unknown (const SpPatientState *state,
                                           SpField               field);
void     sp_patient_state_unset       (SpPatientState       *state,
                                       SpField               field);
gboolean sp_patient_state_is_set      (const SpPatientState *state,
                                       SpField               field);
/* A number field's value, or NAN when not entered. */
double   sp_patient_state_get_number  (const SpPatientState *state,
                                       SpField               field);
/* The choice's id ("altered"), or NULL when not entered. */
const char *sp_patient_state_get_choice (const SpPatientState *state,
                                         SpField               field);

/* The value the engine uses: for MAP, the entered value or, when not entered
 * and SBP and DBP are, the derived (SBP + 2 x DBP) / 3 with *out_derived set.
 * FALSE when unknown. */
gboolean sp_patient_state_get_effective (const SpPatientState *state,
                                         SpField               field,
                                         double               *out_value,
                                         gboolean             *out_derived);

/* A value as people read it, in @style: "84 mmHg", "61.3 mmHg (derived
 * from SBP/DBP)", "altered", "0.0714 mcg/kg/min", "not entered". */
char    *sp_patient_state_format_value (const SpPatientState *state,
                                        SpField               field,
                                        SpNumberStyle         style);

/* TRUE when @a and @b are the same value of @field: both not entered, the
 * same number (NaN equal to NaN), or the same choice. */
gboolean sp_field_value_equal         (SpField               field,
                                       const SpFieldValue   *a,
                                       const SpFieldValue   *b);

gboolean sp_patient_state_equal       (const SpPatientState *a,
                                       const SpPatientState *b);

G_END_DECLS
