/* sp-print-operation.h: the case summary or an infusion sheet through the print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-case.h"
#include "sp-document.h"

G_BEGIN_DECLS

#define SP_PRINT_OPERATION_ERROR (sp_print_operation_error_quark ())

typedef enum {
  SP_PRINT_OPERATION_ERROR_NO_INFUSION,  /* the case has no infusion of the sheet's drug */
  SP_PRINT_OPERATION_ERROR_NO_WEIGHT,    /* a sheet needs the patient's weight */
  SP_PRINT_OPERATION_ERROR_SHEET,        /* the drug library gives no table for it */
} SpPrintOperationError;

GQuark sp_print_operation_error_quark (void);

#define SP_TYPE_PRINT_OPERATION (sp_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (SpPrintOperation, sp_print_operation, SP, PRINT_OPERATION, GtkPrintOperation)

/* The case summary of @sp_case as the case is when printing begins. */
SpPrintOperation *sp_print_operation_new_summary       (SpCase            *sp_case);
/* The infusion sheet of @sp_case's infusion of @drug_id: its drug, dose unit
 * and concentration, for the patient's weight. */
SpPrintOperation *sp_print_operation_new_sheet         (SpCase            *sp_case,
                                                        const char        *drug_id);
/* The drug library report of @drugs, every profile, for the pharmacy's
 * sign-off. */
SpPrintOperation *sp_print_operation_new_library_report (SpDrugLibrary    *drugs);
/* NULL for the case summary and the library report. */
const char       *sp_print_operation_get_drug_id       (SpPrintOperation  *self);

/* The document from the case as it is now, or NULL with @error (an
 * SP_PRINT_OPERATION_ERROR). begin-print builds it the same way. */
SpDocument       *sp_print_operation_build_document    (SpPrintOperation  *self,
                                                        GError           **error);
/* Why begin-print could not build the document (it then cancelled the
 * operation), or NULL. */
const GError     *sp_print_operation_get_build_error   (SpPrintOperation  *self);

/* The default page setup of a print dialog from the app's settings: the
 * orientation and margins last confirmed ("page-setup") on the paper of
 * "paper-size". */
GtkPageSetup     *sp_print_operation_load_page_setup   (GSettings         *settings);
/* Remembers @page_setup, confirmed in a print dialog, for the next runs; an
 * A4 or US Letter paper becomes "paper-size" as well. */
void              sp_print_operation_save_page_setup   (GSettings         *settings,
                                                        GtkPageSetup      *page_setup);

G_END_DECLS
