/* sp-timeline-series.h: a timeline as series over time, for trend plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a trend plot of a case shows, worked out in the core so the window,
 * the printed summary and an export plot the same: each asked-for field's
 * values where an entry in force recorded them (MAP derived from SBP and
 * DBP where only they were recorded), each drug's dose as a step function
 * in the drug's first dose unit (converted with the weight of the time), and
 * the times the active step changed. Corrected entries are left out.
 */
#pragma once

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-assessment.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

typedef struct {
  gint64   time;     /* Unix seconds */
  double   value;    /* NAN: cleared (a gap) or, for a dose, stopped or not
                      * convertible to the series' unit */
  gboolean running;  /* a dose: the infusion runs (at @value, or at a dose
                      * not in the series' unit when NAN); FALSE for a field */
} SpTimePoint;

typedef struct {
  SpField       field;    /* an observed field; SP_N_FIELDS for a dose */
  const SpDrug *drug;     /* a dose: its drug; NULL for a field */
  SpDoseUnit    unit;     /* a dose: the unit of its values */
  GArray       *points;   /* SpTimePoint, in time order */
} SpTimeSeries;

typedef struct {
  gint64        time;
  const SpStep *step;     /* NULL: awaiting data */
} SpStepChange;

typedef struct {
  gint64      start;          /* the first entry's time; 0 without entries */
  gint64      end;            /* the last entry in force that records something */
  GPtrArray  *fields;         /* SpTimeSeries*, one per field asked, in order */
  GPtrArray  *doses;          /* SpTimeSeries*, one per drug that ran, as they started */
  GArray     *step_changes;   /* SpStepChange, the first entry's step first */
} SpTimelineSeries;

/* One pass over @timeline (sp_timeline_foreach ()). A timeline that does
 * not replay gives the series up to where it stops. */
SpTimelineSeries *sp_timeline_series_new  (GPtrArray      *timeline,
                                           SpProtocol     *protocol,
                                           SpDrugLibrary  *drugs,
                                           const SpField  *fields,
                                           guint           n_fields);
void              sp_timeline_series_free (SpTimelineSeries *series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTimelineSeries, sp_timeline_series_free)

/* The assessment from each entry of @timeline on (SpAssessment*, owned), in
 * entry order; NULL for a corrected entry. One pass. */
GPtrArray        *sp_timeline_evaluate    (GPtrArray      *timeline,
                                           SpProtocol     *protocol,
                                           SpDrugLibrary  *drugs);

G_END_DECLS
