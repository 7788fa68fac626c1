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

/* (protocol, drug library, patient state) -> assessment. Same input, same
 * output; no globals, no I/O. */
SpAssessment *sp_engine_evaluate (SpProtocol           *protocol,
                                  SpDrugLibrary        *drugs,
                                  const SpPatientState *state);

G_END_DECLS
