/* sp-fhir.h: a case's timeline as an HL7 FHIR R4 Bundle, and Observations
 * from a Bundle into the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export (sp_fhir_export ()) writes a Bundle of type "collection":
 *   - one Patient without any identity (a case holds none): the subject
 *     every other resource needs;
 *   - an Observation per value of each timeline entry in force (corrected
 *     entries are left out, their corrections go in), LOINC-coded where the
 *     code is certain for the field's meaning, else coded with ShockPath's
 *     own field ids (SP_FHIR_FIELD_SYSTEM), values in UCUM, at the entry's
 *     time (effectiveDateTime);
 *   - a MedicationAdministration per infusion period (a dose and
 *     concentration that ran from one event to the next), the dose in UCUM
 *     and the pump rate in mL/h (dosage.rateQuantity), the bag as a
 *     contained Medication whose ingredient strength is a Ratio;
 *   - for a case without a timeline, the values and infusions it holds now,
 *     without a time (it records none): Observations without effective[x]
 *     and a MedicationStatement per running infusion.
 * Resource ids are name-based UUIDs of the content, so the same case
 * exports to the same text, and a case imported from a Bundle exports its
 * Observations with the same ids.
 *
 * Import (sp_fhir_import ()) reads the Observations it understands (by code
 * and UCUM unit; lactate in mg/dL converted to mmol/L) into timeline
 * entries at their effectiveDateTime, one entry per time. Everything else
 * is reported as skipped with the reason; nothing is guessed. A value
 * refused (out of the field's range, not a time, ...) never enters the
 * case.
 */
#pragma once

#include <glib.h>

#include "sp-case-file.h"
#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

/* ShockPath's own code system for values that have no LOINC code certain
 * for their meaning here (urine output per kg per hour, ScvO2, the choice
 * fields): the codes are the field ids of DESIGN.md; a choice field's value
 * is coded in SP_FHIR_FIELD_SYSTEM ":" field id with the choice's id. */
#define SP_FHIR_FIELD_SYSTEM "urn:shockpath:field"

#define SP_FHIR_LOINC_SYSTEM "http://loinc.org"
#define SP_FHIR_UCUM_SYSTEM  "http://unitsofmeasure.org"

/* The largest Bundle import reads (a day of one value a minute from a
 * monitor is a few MiB). */
#define SP_FHIR_MAX_BYTES (32 * 1024 * 1024)

#define SP_FHIR_ERROR (sp_fhir_error_quark ())

typedef enum {
  SP_FHIR_ERROR_EXPORT,       /* the case cannot be exported (its timeline does not add up) */
  SP_FHIR_ERROR_PARSE,        /* not JSON, or too large */
  SP_FHIR_ERROR_NOT_BUNDLE,   /* JSON, but not a FHIR Bundle ShockPath can read */
} SpFhirError;

GQuark        sp_fhir_error_quark      (void);

/* The Bundle for @data as JSON text (C-locale numbers, UTF-8, ends with a
 * newline). @drugs gives each drug's pump-rate rounding. Fails only for a
 * timeline that does not add up (sp_timeline_check ()). */
char         *sp_fhir_export           (const SpCaseData  *data,
                                        SpDrugLibrary     *drugs,
                                        GError           **error);

/* One item of a Bundle that was not imported, and why. */
typedef struct {
  char *item;        /* "entry 4: Observation “temp-1” (LOINC 8310-5)" */
  char *reason;      /* translated: "no field of ShockPath has this code" */
} SpFhirSkip;

typedef struct {
  guint      n_added;          /* values added to the timeline */
  guint      n_entries;        /* timeline entries added (one per time) */
  guint      n_present;        /* values the timeline held already (not added again) */
  GPtrArray *skipped;          /* SpFhirSkip*: what was not read, in the Bundle's
                                * order, then what conflicted or was refused */
  guint      n_changes;        /* infusion starts, dose changes, new bags and stops
                                * added (from MedicationAdministrations) */
  guint      n_medications;    /* MedicationAdministrations not merged into a case
                                * that records infusions of its own */
  GPtrArray *warnings;         /* char*: values added that are outside the usual range */
  GPtrArray *conversions;      /* char*: values worked out from others, with the
                                * arithmetic: "entry 5: ... (LOINC 9187-6): 120 mL
                                * over 2 h at 80 kg = 0.75 mL/kg/h" */
} SpFhirImport;

void          sp_fhir_import_free      (SpFhirImport      *import);

/* What an import did, for people (translated), a line each, ending with a
 * newline: "Added 3 values to the timeline.", the infusion changes added, or
 * that the Bundle's were not merged into a case's own, what was worked out, what the
 * timeline held already and each item skipped with its reason, the lists'
 * lines starting with @bullet ("  ", "• "). The warnings are not in it:
 * callers show them as warnings. */
char         *sp_fhir_import_report    (const SpFhirImport *import,
                                        const char         *bullet);

/* Adds the Observations of the Bundle @json (@length bytes, -1: nul-
 * terminated; @name for messages) to @data's timeline, checked against
 * @protocol and @drugs as `record` checks them; a value whose time is more
 * than five minutes after @now (NULL: the clock) is skipped. Returns what
 * was done and skipped; NULL with SP_FHIR_ERROR when the text is not a
 * Bundle (not JSON, nested deeper than a Bundle is, larger than
 * SP_FHIR_MAX_BYTES), or holds Observations of more than one patient (then
 * nothing is added). @data may come out unchanged (n_added 0). */
SpFhirImport *sp_fhir_import           (SpCaseData        *data,
                                        const char        *json,
                                        gssize             length,
                                        const char        *name,
                                        SpProtocol        *protocol,
                                        SpDrugLibrary     *drugs,
                                        GDateTime         *now,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpFhirImport, sp_fhir_import_free)

/* --- shared by export and import (sp-fhir.c) ------------------------------ */

/* How one numeric field is coded: its LOINC code when one is certain for
 * the field's meaning (NULL otherwise), the LOINC display, the category,
 * and the UCUM code and printed unit of its value. */
typedef struct {
  SpField     field;
  const char *loinc;           /* "8480-6", or NULL */
  const char *loinc_display;   /* "Systolic blood pressure" */
  const char *category;        /* "vital-signs", "laboratory", or NULL */
  const char *ucum;            /* "mm[Hg]" */
  const char *unit;            /* "mmHg" */
} SpFhirFieldCode;

/* The coding of @field, or NULL for a choice field. */
const SpFhirFieldCode *sp_fhir_field_code (SpField      field);

/* "ug/kg/min", "mg/h", "[iU]/min": a dose unit in UCUM (never "U"). */
char         *sp_fhir_ucum_dose_unit   (SpDoseUnit   unit);
/* "ug", "mg", "[iU]" */
const char   *sp_fhir_ucum_amount_unit (SpAmountUnit unit);
/* The inverse: "ug", "mg", "[iU]" as an amount unit; FALSE for any other. */
gboolean      sp_fhir_amount_unit_from_ucum (const char   *code,
                                             SpAmountUnit *out_unit);

/* A name-based UUID (version 5 layout, SHA-1) of @text, as text. */
char         *sp_fhir_uuid             (const char  *text);

G_END_DECLS
