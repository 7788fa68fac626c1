/* sp-engine.h: the decision engine, a pure function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-assessment.h"
#include "sp-drug-library.h"
#include "sp-field.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

/* (protocol, drug library, patient state, infusions) -> assessment. Same
 * input, same output; no globals, no I/O.
 *
 * @infusions (SpCaseInfusion*) are what runs: the therapy fields of @state
 * are ignored and derived from them (sp_therapy_derive_fields ()), and every
 * action's pump rates use the concentration of the running infusion of its
 * drug. @infusions NULL reads the therapy fields of @state as shorthand for
 * infusions without a concentration (sp_therapy_infusions_from_fields ()),
 * as `--set norepinephrine=0.1` does. The assessment's patient state holds
 * the derived therapy fields. */
SpAssessment *sp_engine_evaluate (SpProtocol           *protocol,
                                  SpDrugLibrary        *drugs,
                                  const SpPatientState *state,
                                  GPtrArray            *infusions);

/* @action's text with its dose range filled in and no pump rates, as a step
 * that is not active shows it ("Add vasopressin 0.03 units/min to reduce
 * ..."): the rates are the active step's, for the patient's weight and bag. */
char         *sp_engine_format_action (const SpAction       *action);

/* Where @protocol doses a drug @drugs does not have, or in a unit @drugs
 * does not give it (an
 * action's dose range in mcg/kg/min, a site library that takes the drug
 * in mcg/kg/h only): one translated warning each, naming the step, the
 * drug, the unit and the units the library takes. Both files are valid
 * apart; together an infusion in the step's unit is refused (a case
 * recorded in it does not open). Empty when they agree. */
GPtrArray    *sp_engine_check_dose_units (SpProtocol    *protocol,
                                          SpDrugLibrary *drugs);

G_END_DECLS
