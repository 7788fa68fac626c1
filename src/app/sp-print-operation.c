/* sp-print-operation.c: the case summary or an infusion sheet through the print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkPrintOperation that builds its SpDocument in begin-print from the case
 * as it is then, lays it out on the printable area of the chosen paper and
 * lets src/render draw each page: the printed page, the print preview and the
 * CLI's PDF are one drawing. Pagination happens in begin-print (GTK calls
 * "paginate" only when a handler is connected, and one pass is enough).
 * The units are points, as src/render expects.
 */
#define G_LOG_DOMAIN "sp-print-operation"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-case-file.h"
#include "sp-case-summary.h"
#include "sp-drug-library-report.h"
#include "sp-infusion-sheet.h"
#include "sp-print-operation.h"
#include "sp-settings.h"

struct _SpPrintOperation
{
  GtkPrintOperation  parent_instance;

  SpCase            *sp_case;      /* NULL for the library report */
  SpDrugLibrary     *drugs;        /* the library report's, else NULL */
  char              *drug_id;      /* NULL: the case summary */
  SpDocument        *document;     /* built in begin-print */
  GError            *build_error;
};

G_DEFINE_FINAL_TYPE (SpPrintOperation, sp_print_operation, GTK_TYPE_PRINT_OPERATION)

G_DEFINE_QUARK (sp-print-operation-error-quark, sp_print_operation_error)

static SpDocument *
build_sheet (SpPrintOperation  *self,
             const SpCaseData  *case_data,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *case_name = NULL;
  SpInfusionSheetOptions options;
  SpInfusion *infusion;
  SpDocument *doc;

  infusion = sp_case_find_infusion (self->sp_case, self->drug_id);
  if (infusion == NULL)
    {
      g_set_error (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_NO_INFUSION,
                   /* Translators: the infusion was removed before printing its sheet */
                   _("The case has no infusion of %s any more."), self->drug_id);
      return NULL;
    }

  /* A dose read from an older file without its bag: the sheet's table is
   * for a concentration, which the user chooses on the card first. */
  if (sp_infusion_get_concentration (infusion) == NULL)
    {
      g_set_error (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_SHEET,
                   /* Translators: "The concentration of the DOBUTamine infusion is not ..." */
                   _("The concentration of the %s infusion is not recorded. Choose the bag that "
                     "runs on its card, then print the sheet again."),
                   sp_drug_get_display_name (sp_infusion_get_drug (infusion)));
      return NULL;
    }

  sp_infusion_sheet_options_init (&options);
  options.protocol = sp_case_get_protocol (self->sp_case);
  options.drugs = sp_case_get_drug_library (self->sp_case);
  options.drug = sp_infusion_get_drug (infusion);
  options.weight_kg = sp_infusion_get_weight (infusion);
  options.concentration = *sp_infusion_get_concentration (infusion);
  options.has_unit = TRUE;
  options.unit = sp_infusion_get_dose_unit (infusion);
  options.case_data = case_data;
  /* A saved case without a title of its own is its file ("step2.xml"). */
  if (sp_case_get_file (self->sp_case) != NULL)
    case_name = g_file_get_basename (sp_case_get_file (self->sp_case));
  options.case_name = case_name;
  options.style = SP_NUMBER_LOCALE;
  /* the card's dose is the order, as `shockpath-cli sheet --case` takes it */
  sp_infusion_sheet_options_order_running (&options, TRUE);

  /* A dose per kg needs the weight for its rates; a dose per minute
   * (vasopressin in units/min, norepinephrine in mcg/min) does not. */
  if (options.unit.per_kg && isnan (options.weight_kg))
    {
      g_set_error (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_NO_WEIGHT,
                   /* Translators: "The infusion sheet of DOBUTamine in mcg/kg/min gives ..." */
                   _("The infusion sheet of %s in %s gives the pump rates for the patient’s weight. "
                     "Enter the weight in the patient form, then print the sheet again."),
                   sp_drug_get_display_name (options.drug), sp_dose_unit_get_label (options.unit));
      return NULL;
    }

  doc = sp_infusion_sheet_new (&options, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, SP_PRINT_OPERATION_ERROR, SP_PRINT_OPERATION_ERROR_SHEET,
                   /* Translators: "No infusion sheet for DOBUTamine: the table would ..." */
                   _("No infusion sheet for %s: %s"),
                   sp_drug_get_display_name (options.drug), local_error->message);
      return NULL;
    }

  return doc;
}

SpDocument *
sp_print_operation_build_document (SpPrintOperation  *self,
                                   GError           **error)
{
  g_autoptr(SpCaseData) case_data = NULL;

  g_return_val_if_fail (SP_IS_PRINT_OPERATION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->drugs != NULL)
    return sp_drug_library_report_new (self->drugs, TRUE, NULL, SP_NUMBER_LOCALE);

  case_data = sp_case_to_data (self->sp_case);

  if (self->drug_id != NULL)
    return build_sheet (self, case_data, error);

  return sp_case_summary_new (sp_case_get_assessment (self->sp_case),
                              sp_case_get_drug_library (self->sp_case),
                              case_data, NULL, SP_NUMBER_LOCALE);
}

static void
sp_print_operation_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  SpPrintOperation *self = SP_PRINT_OPERATION (operation);
  PangoContext *pango_context;   /* Pango 1.50 has no g_autoptr for it */
  guint n_pages;

  g_clear_pointer (&self->document, sp_document_free);
  g_clear_error (&self->build_error);

  self->document = sp_print_operation_build_document (self, &self->build_error);
  if (self->document == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  /* With GTK_UNIT_POINTS the context's size is in points and its pango
   * context is at 72 dpi, the units src/render lays out in. */
  pango_context = gtk_print_context_create_pango_context (context);
  n_pages = sp_document_paginate (self->document, pango_context,
                                  gtk_print_context_get_width (context),
                                  gtk_print_context_get_height (context));
  g_object_unref (pango_context);
  gtk_print_operation_set_n_pages (operation, MAX (n_pages, 1));
}

static void
sp_print_operation_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  SpPrintOperation *self = SP_PRINT_OPERATION (operation);

  if (self->document == NULL || page_nr < 0
      || (guint) page_nr >= sp_document_get_n_pages (self->document))
    return;

  sp_document_draw_page (self->document, gtk_print_context_get_cairo_context (context),
                         (guint) page_nr);
}

static void
sp_print_operation_end_print (GtkPrintOperation *operation,
                              GtkPrintContext   *context)
{
  SpPrintOperation *self = SP_PRINT_OPERATION (operation);

  g_clear_pointer (&self->document, sp_document_free);
}

const char *
sp_print_operation_get_drug_id (SpPrintOperation *self)
{
  g_return_val_if_fail (SP_IS_PRINT_OPERATION (self), NULL);

  return self->drug_id;
}

const GError *
sp_print_operation_get_build_error (SpPrintOperation *self)
{
  g_return_val_if_fail (SP_IS_PRINT_OPERATION (self), NULL);

  return self->build_error;
}

GtkPageSetup *
sp_print_operation_load_page_setup (GSettings *settings)
{
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  GtkPaperSize *paper;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  paper = gtk_paper_size_new (sp_settings_get_paper (settings) == SP_PAPER_LETTER
                              ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);

  stored = g_settings_get_value (settings, "page-setup");
  if (g_variant_n_children (stored) > 0)
    page_setup = gtk_page_setup_new_from_gvariant (stored);

  if (page_setup != NULL)
    {
      /* The margins the user confirmed, on the paper of the preferences. */
      gtk_page_setup_set_paper_size (page_setup, paper);
    }
  else
    {
      page_setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size_and_default_margins (page_setup, paper);
    }

  gtk_paper_size_free (paper);
  return g_steal_pointer (&page_setup);
}

/* What of a page setup the next print dialog starts from: orientation and
 * margins, in the form gtk_page_setup_new_from_gvariant () reads. (GTK 4.8's
 * gtk_page_setup_to_gvariant () leaks its paper size's dictionary; the paper
 * is "paper-size" here anyway.) */
static GVariant *
page_setup_to_variant (GtkPageSetup *page_setup)
{
  g_autoptr(GEnumClass) orientations = g_type_class_ref (GTK_TYPE_PAGE_ORIENTATION);
  GEnumValue *orientation = g_enum_get_value (orientations,
                                              gtk_page_setup_get_orientation (page_setup));
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (orientation != NULL)
    g_variant_builder_add (&builder, "{sv}", "Orientation",
                           g_variant_new_string (orientation->value_nick));
  g_variant_builder_add (&builder, "{sv}", "MarginTop",
                         g_variant_new_double (gtk_page_setup_get_top_margin (page_setup, GTK_UNIT_MM)));
  g_variant_builder_add (&builder, "{sv}", "MarginBottom",
                         g_variant_new_double (gtk_page_setup_get_bottom_margin (page_setup, GTK_UNIT_MM)));
  g_variant_builder_add (&builder, "{sv}", "MarginLeft",
                         g_variant_new_double (gtk_page_setup_get_left_margin (page_setup, GTK_UNIT_MM)));
  g_variant_builder_add (&builder, "{sv}", "MarginRight",
                         g_variant_new_double (gtk_page_setup_get_right_margin (page_setup, GTK_UNIT_MM)));
  return g_variant_builder_end (&builder);
}

void
sp_print_operation_save_page_setup (GSettings    *settings,
                                    GtkPageSetup *page_setup)
{
  const char *name;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (GTK_IS_PAGE_SETUP (page_setup));

  g_settings_set_value (settings, "page-setup", page_setup_to_variant (page_setup));

  /* The preference (and the PDF export) knows A4 and US Letter only: another
   * paper, e.g. Legal, is used for this print and leaves it as it is. */
  name = gtk_paper_size_get_name (gtk_page_setup_get_paper_size (page_setup));
  if (g_strcmp0 (name, GTK_PAPER_NAME_A4) == 0)
    sp_settings_set_paper (settings, SP_PAPER_A4);
  else if (g_strcmp0 (name, GTK_PAPER_NAME_LETTER) == 0)
    sp_settings_set_paper (settings, SP_PAPER_LETTER);
}

static void
sp_print_operation_dispose (GObject *object)
{
  SpPrintOperation *self = SP_PRINT_OPERATION (object);

  g_clear_object (&self->sp_case);
  g_clear_object (&self->drugs);

  G_OBJECT_CLASS (sp_print_operation_parent_class)->dispose (object);
}

static void
sp_print_operation_finalize (GObject *object)
{
  SpPrintOperation *self = SP_PRINT_OPERATION (object);

  g_clear_pointer (&self->document, sp_document_free);
  g_clear_error (&self->build_error);
  g_free (self->drug_id);

  G_OBJECT_CLASS (sp_print_operation_parent_class)->finalize (object);
}

static void
sp_print_operation_class_init (SpPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->dispose = sp_print_operation_dispose;
  object_class->finalize = sp_print_operation_finalize;

  print_class->begin_print = sp_print_operation_begin_print;
  print_class->draw_page = sp_print_operation_draw_page;
  print_class->end_print = sp_print_operation_end_print;
}

static void
sp_print_operation_init (SpPrintOperation *self)
{
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
}

static SpPrintOperation *
sp_print_operation_new (SpCase     *sp_case,
                        const char *drug_id,
                        const char *job_name)
{
  SpPrintOperation *self = g_object_new (SP_TYPE_PRINT_OPERATION,
                                         "job-name", job_name,
                                         NULL);

  self->sp_case = g_object_ref (sp_case);
  self->drug_id = g_strdup (drug_id);
  return self;
}

SpPrintOperation *
sp_print_operation_new_library_report (SpDrugLibrary *drugs)
{
  SpPrintOperation *self;

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);

  self = g_object_new (SP_TYPE_PRINT_OPERATION,
                       "job-name", _("ShockPath drug library report"),
                       NULL);
  self->drugs = g_object_ref (drugs);
  return self;
}

SpPrintOperation *
sp_print_operation_new_summary (SpCase *sp_case)
{
  g_return_val_if_fail (SP_IS_CASE (sp_case), NULL);

  return sp_print_operation_new (sp_case, NULL, _("ShockPath case summary"));
}

SpPrintOperation *
sp_print_operation_new_sheet (SpCase     *sp_case,
                              const char *drug_id)
{
  g_autofree char *job_name = NULL;

  g_return_val_if_fail (SP_IS_CASE (sp_case), NULL);
  g_return_val_if_fail (drug_id != NULL, NULL);

  /* Translators: the print job's name: "ShockPath infusion sheet: dobutamine" */
  job_name = g_strdup_printf (_("ShockPath infusion sheet: %s"), drug_id);
  return sp_print_operation_new (sp_case, drug_id, job_name);
}
