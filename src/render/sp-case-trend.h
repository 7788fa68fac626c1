/* sp-case-trend.h: the trend plot of a case's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One description of the plot for the window, the printed summary and the
 * handover page: blood pressure (MAP and SBP, the protocol's MAP target
 * shaded), lactate, one lane per drug that ran with its dose, and a marker
 * where the algorithm's active step changed. The values come from the core
 * (sp-timeline-series.h); this file only names and places them.
 */
#pragma once

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-protocol.h"
#include "sp-trend-plot.h"

G_BEGIN_DECLS

/* The plot of @data's timeline from @from (NULL: its first entry) to its
 * last entry; labels in the user's language, numbers in @style. An empty
 * timeline gives an empty plot that says so. */
SpTrendPlot *sp_case_trend_new (const SpCaseData *data,
                                SpProtocol       *protocol,
                                SpDrugLibrary    *drugs,
                                GDateTime        *from,
                                SpNumberStyle     style);

G_END_DECLS
