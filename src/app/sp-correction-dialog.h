/* sp-correction-dialog.h: correct an entry of the case's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

#define SP_TYPE_CORRECTION_DIALOG (sp_correction_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SpCorrectionDialog, sp_correction_dialog, SP, CORRECTION_DIALOG, AdwWindow)

/* A dialog, modal to @parent, that corrects entry @entry_id of @sp_case's
 * timeline; NULL when the timeline has no such entry. */
GtkWidget *sp_correction_dialog_new (GtkWindow  *parent,
                                     SpCase     *sp_case,
                                     const char *entry_id);

G_END_DECLS
