/* sp-case-summary.h: a patient's assessment on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inputs (and which were not entered), the assessment (active step, why,
 * each criterion with its state and value, alerts by severity), every running
 * infusion with dose, rate and concentration, the monitoring checklist, the
 * evidence notes and the references. All of it from the core.
 */
#pragma once

#include "sp-assessment.h"
#include "sp-case-file.h"
#include "sp-document.h"
#include "sp-drug-library.h"

G_BEGIN_DECLS

/* @case_data (may be NULL) gives the title and the infusions with their
 * concentrations; @printed (may be NULL) is the time printed (default now). */
SpDocument *sp_case_summary_new (SpAssessment     *assessment,
                                 SpDrugLibrary    *drugs,
                                 const SpCaseData *case_data,
                                 GDateTime        *printed,
                                 SpNumberStyle     style);

/* The handover page: the step, scores, actions and warnings now, what
 * runs, the trend plot of the last @hours of the timeline and its
 * flowsheet, on one A4 or Letter page (the oldest flowsheet rows give way
 * when they do not fit, with a note saying how many). */
SpDocument *sp_case_handover_new (SpAssessment     *assessment,
                                  SpDrugLibrary    *drugs,
                                  const SpCaseData *case_data,
                                  GDateTime        *printed,
                                  guint             hours,
                                  SpNumberStyle     style);

G_END_DECLS
