/* sp-fhir-export.c: a case as an HL7 FHIR R4 Bundle (sp-fhir.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-fhir"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sp-dose.h"
#include "sp-fhir.h"
#include "sp-json.h"
#include "sp-timeline.h"

/* One value to write as an Observation. */
typedef struct {
  SpField       field;
  GDateTime    *time;       /* NULL: the state now of a case without a timeline */
  SpFieldValue  value;
  char         *key;        /* "sbp 2026-12-03T08:00:00+01:00 82": what it is */
} ExportValue;

/* One infusion period: a drug at one dose and concentration. */
typedef struct {
  SpCaseInfusion *infusion;
  GDateTime      *start;    /* NULL: running now, in a case without a timeline */
  GDateTime      *end;      /* NULL: still running */
  double          weight;   /* kg at the start, NAN when not known */
} ExportPeriod;

static void
export_value_free (ExportValue *value)
{
  g_clear_pointer (&value->time, g_date_time_unref);
  g_free (value->key);
  g_free (value);
}

static void
export_period_free (ExportPeriod *period)
{
  sp_case_infusion_free (period->infusion);
  g_clear_pointer (&period->start, g_date_time_unref);
  g_clear_pointer (&period->end, g_date_time_unref);
  g_free (period);
}

static char *
format_time (GDateTime *time)
{
  return time != NULL ? sp_case_format_time (time) : g_strdup ("now");
}

static ExportValue *
export_value_new (SpField             field,
                  GDateTime          *time,
                  const SpFieldValue *value)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  ExportValue *self = g_new0 (ExportValue, 1);
  g_autofree char *when = format_time (time);
  g_autofree char *number = NULL;

  self->field = field;
  self->time = time != NULL ? g_date_time_ref (time) : NULL;
  self->value = *value;
  if (info->kind == SP_FIELD_KIND_NUMBER)
    number = sp_format_exact (value->number);
  self->key = g_strdup_printf ("%s %s %s", info->id, when,
                               number != NULL ? number : info->choices[value->choice]);
  return self;
}

/* Time, then field, then value: the same values in the same order however
 * the timeline split them into entries (an imported Bundle makes one entry
 * per time). */
static gint
compare_values (gconstpointer a,
                gconstpointer b)
{
  const ExportValue *x = *(const ExportValue * const *) a;
  const ExportValue *y = *(const ExportValue * const *) b;
  int order = 0;

  if (x->time != NULL && y->time != NULL)
    order = g_date_time_compare (x->time, y->time);
  if (order == 0)
    order = (int) x->field - (int) y->field;
  if (order == 0)
    order = strcmp (x->key, y->key);
  return order;
}

static gint
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  const ExportPeriod *x = *(const ExportPeriod * const *) a;
  const ExportPeriod *y = *(const ExportPeriod * const *) b;
  int order = 0;

  if (x->start != NULL && y->start != NULL)
    order = g_date_time_compare (x->start, y->start);
  if (order == 0)
    order = strcmp (x->infusion->drug_id, y->infusion->drug_id);
  return order;
}

typedef struct {
  GPtrArray *values;        /* ExportValue* */
  GPtrArray *open;          /* ExportPeriod*, running */
  GPtrArray *periods;       /* ExportPeriod*, ended */
} Collect;

static void
collect_entry (const SpCaseEntry    *entry,
               gboolean              in_force,
               const SpPatientState *patient,
               GPtrArray            *infusions,
               gpointer              user_data)
{
  Collect *collect = user_data;

  if (!in_force)
    return;

  for (guint i = 0; i < entry->observations->len; i++)
    {
      const SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);

      /* A value cleared (no longer known) is no measurement. */
      if (!observation->value.set || sp_field_is_therapy (observation->field))
        continue;
      if (sp_field_get_info (observation->field)->kind == SP_FIELD_KIND_NUMBER &&
          !isfinite (observation->value.number))
        continue;
      g_ptr_array_add (collect->values,
                       export_value_new (observation->field, entry->time, &observation->value));
    }

  /* A period ends where its drug stops or changes dose or bag ... */
  for (guint i = collect->open->len; i > 0; i--)
    {
      ExportPeriod *period = g_ptr_array_index (collect->open, i - 1);
      const SpCaseInfusion *now = sp_case_infusions_find (infusions, period->infusion->drug_id);

      if (now != NULL && sp_case_infusion_runs (now) &&
          sp_case_infusion_equal (now, period->infusion) &&
          now->running == period->infusion->running)
        continue;
      period->end = g_date_time_ref (entry->time);
      g_ptr_array_add (collect->periods, g_ptr_array_steal_index (collect->open, i - 1));
    }

  /* ... and the next one starts there. */
  for (guint i = 0; i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);
      ExportPeriod *period;
      gboolean open = FALSE;

      if (!sp_case_infusion_runs (infusion))
        continue;
      for (guint j = 0; j < collect->open->len && !open; j++)
        open = g_strcmp0 (((ExportPeriod *) g_ptr_array_index (collect->open, j))->infusion->drug_id,
                          infusion->drug_id) == 0;
      if (open)
        continue;
      period = g_new0 (ExportPeriod, 1);
      period->infusion = sp_case_infusion_copy (infusion);
      period->start = g_date_time_ref (entry->time);
      period->weight = sp_patient_state_get_number (patient, SP_FIELD_WEIGHT);
      g_ptr_array_add (collect->open, period);
    }
}

/* --- JSON ---------------------------------------------------------------- */

static void
write_indent (GString *out,
              guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* json-glib 1.6 prints doubles with 17 digits ("0.10000000000000001"):
 * numbers are written here in their shortest exact C-locale form. */
static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            write_indent (out, depth + 1);
            sp_json_append_string (out, l->data);
            g_string_append (out, ": ");
            write_node (out, json_object_get_member (object, l->data), depth + 1);
            if (l->next != NULL)
              g_string_append_c (out, ',');
          }
        if (members != NULL)
          write_indent (out, depth);
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
            if (i + 1 < n)
              g_string_append_c (out, ',');
          }
        if (n > 0)
          write_indent (out, depth);
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            g_autofree char *text = sp_format_exact (json_node_get_double (node));

            g_string_append (out, text);
            break;
          }
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          sp_json_append_string (out, json_node_get_string (node));
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* A Quantity in UCUM: {"value", "unit", "system", "code"}. */
static void
add_quantity (JsonBuilder *builder,
              const char  *member,
              double       value,
              const char  *unit,
              const char  *ucum)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, value);
  add_string (builder, "unit", unit);
  add_string (builder, "system", SP_FHIR_UCUM_SYSTEM);
  add_string (builder, "code", ucum);
  json_builder_end_object (builder);
}

static void
add_reference (JsonBuilder *builder,
               const char  *member,
               const char  *reference)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string (builder, "reference", reference);
  json_builder_end_object (builder);
}

/* Starts a Bundle entry and its resource: {"fullUrl", "resource": {...}}. */
static void
begin_entry (JsonBuilder *builder,
             const char  *type,
             const char  *uuid)
{
  g_autofree char *url = g_strconcat ("urn:uuid:", uuid, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "fullUrl", url);
  json_builder_set_member_name (builder, "resource");
  json_builder_begin_object (builder);
  add_string (builder, "resourceType", type);
  add_string (builder, "id", uuid);
}

static void
end_entry (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_observation (JsonBuilder       *builder,
                 const ExportValue *value,
                 const char        *case_key,
                 const char        *patient_url)
{
  const SpFieldInfo *info = sp_field_get_info (value->field);
  const SpFhirFieldCode *code = sp_fhir_field_code (value->field);
  g_autofree char *seed = g_strdup_printf ("%s\nObservation\n%s", case_key, value->key);
  g_autofree char *uuid = sp_fhir_uuid (seed);

  begin_entry (builder, "Observation", uuid);
  add_string (builder, "status", "final");

  if (code != NULL && code->category != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "coding");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "system", "http://terminology.hl7.org/CodeSystem/observation-category");
      add_string (builder, "code", code->category);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  if (code != NULL && code->loinc != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "system", SP_FHIR_LOINC_SYSTEM);
      add_string (builder, "code", code->loinc);
      add_string (builder, "display", code->loinc_display);
      json_builder_end_object (builder);
    }
  json_builder_begin_object (builder);
  add_string (builder, "system", SP_FHIR_FIELD_SYSTEM);
  add_string (builder, "code", info->id);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  /* The field's English name: file content, not the user's language. */
  add_string (builder, "text", code != NULL ? code->loinc_display : info->id);
  json_builder_end_object (builder);

  add_reference (builder, "subject", patient_url);
  if (value->time != NULL)
    {
      g_autofree char *time = sp_case_format_time (value->time);

      add_string (builder, "effectiveDateTime", time);
    }

  if (info->kind == SP_FIELD_KIND_NUMBER)
    {
      add_quantity (builder, "valueQuantity", value->value.number, code->unit, code->ucum);
    }
  else
    {
      g_autofree char *system = g_strconcat (SP_FHIR_FIELD_SYSTEM ":", info->id, NULL);
      const char *choice = info->choices[value->value.choice];

      json_builder_set_member_name (builder, "valueCodeableConcept");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "coding");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "system", system);
      add_string (builder, "code", choice);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      add_string (builder, "text", choice);
      json_builder_end_object (builder);
    }
  end_entry (builder);
}

/* The bag as a contained Medication: the drug by name (no RxNorm code: the
 * drug library holds none, and none is written from memory), its strength
 * the amount in the bag's volume. The ingredient names what the amount
 * measures ("norepinephrine base"), and a bag made up from a salt says so
 * in the Medication's text ("norepinephrine 24 mg tartrate (12 mg
 * base)/48 mL"): the strength alone, 12 mg/48 mL, reads as 12 mg of the
 * salt where ampoules are labelled in it. */
static void
add_medication (JsonBuilder          *builder,
                const SpCaseInfusion *infusion,
                const SpDrug         *drug)
{
  const SpConcentration *conc = &infusion->concentration;
  const char *basis = drug != NULL ? sp_drug_get_amount_basis (drug) : NULL;
  g_autofree char *made_from = NULL;

  if (drug != NULL && conc->salt[0] != '\0')
    {
      g_autofree char *salt = sp_drug_format_concentration (drug, conc, SP_NUMBER_C);

      made_from = g_strdup_printf ("%s %s", infusion->drug_id, salt);
    }

  json_builder_set_member_name (builder, "contained");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Medication");
  add_string (builder, "id", "bag");
  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  add_string (builder, "text", made_from != NULL ? made_from : infusion->drug_id);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "ingredient");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "itemCodeableConcept");
  json_builder_begin_object (builder);
  add_string (builder, "text", basis != NULL ? basis : infusion->drug_id);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "strength");
  json_builder_begin_object (builder);
  add_quantity (builder, "numerator", conc->amount, sp_amount_unit_to_string (conc->amount_unit),
                sp_fhir_ucum_amount_unit (conc->amount_unit));
  add_quantity (builder, "denominator", conc->volume_ml, "mL", "mL");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* "0.05 mcg/kg/min, 4 mg/250 mL: 15 mL/h" */
static char *
describe_dosage (const SpCaseInfusion *infusion,
                 const SpDrug         *drug,
                 gboolean              has_rate,
                 double                rate,
                 int                   decimals)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (infusion->has_dose)
    {
      /* beside a bag in the salt, the dose says it is base */
      g_autofree char *dose = sp_format_as_base_if (
        sp_format_dose (infusion->dose, infusion->dose_unit, 0, SP_NUMBER_C),
        infusion->has_concentration && infusion->concentration.salt[0] != '\0');

      g_string_append (text, dose);
    }
  else
    {
      g_string_append (text, "dose not recorded");
    }
  if (infusion->has_concentration)
    {
      /* a bag made up from a salt as its label says: "24 mg tartrate (12 mg base)/48 mL" */
      g_autofree char *conc = drug != NULL
        ? sp_drug_format_concentration (drug, &infusion->concentration, SP_NUMBER_C)
        : sp_format_concentration (&infusion->concentration, SP_NUMBER_C);

      g_string_append_printf (text, ", %s", conc);
    }
  if (has_rate)
    {
      g_autofree char *number = sp_format_decimal (rate, decimals, SP_NUMBER_C);

      g_string_append_printf (text, ": %s mL/h", number);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* dose and rate of a period: the dose in UCUM as recorded, the pump rate in
 * mL/h rounded as the drug's pumps show it (when the concentration, and for
 * a per-kg dose the weight, are known). */
static void
add_dosage (JsonBuilder          *builder,
            const ExportPeriod   *period,
            SpDrugLibrary        *drugs,
            gboolean              statement)
{
  const SpCaseInfusion *infusion = period->infusion;
  const SpDrug *drug = sp_drug_library_lookup (drugs, infusion->drug_id);
  int decimals = drug != NULL ? sp_drug_get_rate_decimals (drug) : 1;
  g_autofree char *text = NULL;
  g_autofree char *ucum = NULL;
  gboolean has_rate = FALSE;
  double rate = NAN;

  if (infusion->has_dose && infusion->has_concentration &&
      sp_dose_to_rate (infusion->dose, infusion->dose_unit, period->weight,
                       &infusion->concentration, &rate, NULL))
    {
      double scale = pow (10, decimals);

      rate = round (rate * scale) / scale;
      has_rate = TRUE;
    }

  /* A MedicationAdministration's dosage needs a dose or a rate (mad-1). */
  if (!infusion->has_dose && !has_rate)
    return;

  text = describe_dosage (infusion, drug, has_rate, rate, decimals);
  ucum = sp_fhir_ucum_dose_unit (infusion->dose_unit);

  if (statement)
    {
      /* MedicationStatement.dosage is a Dosage: dose and rate in doseAndRate. */
      json_builder_set_member_name (builder, "dosage");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "text", text);
      json_builder_set_member_name (builder, "doseAndRate");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      if (infusion->has_dose)
        add_quantity (builder, "doseQuantity", infusion->dose,
                      sp_dose_unit_to_string (infusion->dose_unit), ucum);
      if (has_rate)
        add_quantity (builder, "rateQuantity", rate, "mL/h", "mL/h");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      return;
    }

  /* R4 has no separate element for a continuous infusion's dose rate:
   * dosage.dose carries it with its UCUM unit (ug/kg/min ...), and
   * dosage.rateQuantity the pump's rate in mL/h. */
  json_builder_set_member_name (builder, "dosage");
  json_builder_begin_object (builder);
  add_string (builder, "text", text);
  if (infusion->has_dose)
    add_quantity (builder, "dose", infusion->dose, sp_dose_unit_to_string (infusion->dose_unit),
                  ucum);
  if (has_rate)
    add_quantity (builder, "rateQuantity", rate, "mL/h", "mL/h");
  json_builder_end_object (builder);
}

static void
add_period (JsonBuilder        *builder,
            const ExportPeriod *period,
            SpDrugLibrary      *drugs,
            const char         *case_key,
            const char         *patient_url)
{
  const SpCaseInfusion *infusion = period->infusion;
  gboolean statement = period->start == NULL;
  g_autofree char *start = period->start != NULL ? sp_case_format_time (period->start) : NULL;
  g_autofree char *end = period->end != NULL ? sp_case_format_time (period->end) : NULL;
  g_autofree char *seed = g_strdup_printf ("%s\n%s\n%s %s", case_key,
                                           statement ? "MedicationStatement" : "MedicationAdministration",
                                           infusion->drug_id, start != NULL ? start : "now");
  g_autofree char *uuid = sp_fhir_uuid (seed);

  begin_entry (builder, statement ? "MedicationStatement" : "MedicationAdministration", uuid);
  if (infusion->has_concentration)
    add_medication (builder, infusion, sp_drug_library_lookup (drugs, infusion->drug_id));
  if (statement)
    add_string (builder, "status", "active");
  else
    add_string (builder, "status", end != NULL ? "completed" : "in-progress");

  if (infusion->has_concentration)
    {
      add_reference (builder, "medicationReference", "#bag");
    }
  else
    {
      json_builder_set_member_name (builder, "medicationCodeableConcept");
      json_builder_begin_object (builder);
      add_string (builder, "text", infusion->drug_id);
      json_builder_end_object (builder);
    }
  add_reference (builder, "subject", patient_url);

  if (!statement)
    {
      json_builder_set_member_name (builder, "effectivePeriod");
      json_builder_begin_object (builder);
      add_string (builder, "start", start);
      if (end != NULL)
        add_string (builder, "end", end);
      json_builder_end_object (builder);
    }

  add_dosage (builder, period, drugs, statement);
  end_entry (builder);
}

char *
sp_fhir_export (const SpCaseData  *data,
                SpDrugLibrary     *drugs,
                GError           **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) export_value_free);
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) export_period_free);
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) export_period_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *case_key = NULL;
  g_autofree char *patient_uuid = NULL;
  g_autofree char *patient_url = NULL;
  g_autofree char *bundle_uuid = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *last_key = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data->timeline->len > 0)
    {
      Collect collect = { values, open, periods };

      if (!sp_timeline_foreach (data->timeline, NULL, NULL, collect_entry, &collect, NULL, NULL,
                                &local_error))
        {
          g_set_error_literal (error, SP_FHIR_ERROR, SP_FHIR_ERROR_EXPORT, local_error->message);
          return NULL;
        }
      /* Still running at the end of the timeline. */
      while (open->len > 0)
        g_ptr_array_add (periods, g_ptr_array_steal_index (open, 0));
    }
  else
    {
      for (guint f = 0; f < SP_N_FIELDS; f++)
        {
          const SpFieldValue *value = &data->patient.values[f];

          if (!value->set || sp_field_is_therapy (f) ||
              (sp_field_get_info (f)->kind == SP_FIELD_KIND_NUMBER && !isfinite (value->number)))
            continue;
          g_ptr_array_add (values, export_value_new (f, NULL, value));
        }
      for (guint i = 0; i < data->infusions->len; i++)
        {
          const SpCaseInfusion *infusion = g_ptr_array_index (data->infusions, i);
          ExportPeriod *period;

          if (!sp_case_infusion_runs (infusion))
            continue;
          period = g_new0 (ExportPeriod, 1);
          period->infusion = sp_case_infusion_copy (infusion);
          period->weight = sp_patient_state_get_number (&data->patient, SP_FIELD_WEIGHT);
          g_ptr_array_add (periods, period);
        }
    }

  g_ptr_array_sort (values, compare_values);
  g_ptr_array_sort (periods, compare_periods);

  /* Every id is derived from the case's first value (and the resource's
   * own content): stable while the timeline grows, the same for a case
   * imported from this Bundle, different for another patient's case. */
  case_key = g_strdup (values->len > 0 ? ((ExportValue *) g_ptr_array_index (values, 0))->key : "");
  {
    g_autofree char *seed = g_strdup_printf ("%s\nPatient", case_key);
    g_autofree char *bundle_seed = g_strdup_printf ("%s\nBundle", case_key);

    patient_uuid = sp_fhir_uuid (seed);
    bundle_uuid = sp_fhir_uuid (bundle_seed);
  }
  patient_url = g_strconcat ("urn:uuid:", patient_uuid, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Bundle");
  add_string (builder, "id", bundle_uuid);
  add_string (builder, "type", "collection");
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);

  /* The subject, without identity: a case holds no name, birth date or
   * record number. */
  begin_entry (builder, "Patient", patient_uuid);
  end_entry (builder);

  for (guint i = 0; i < values->len; i++)
    {
      const ExportValue *value = g_ptr_array_index (values, i);

      /* The same value at the same time twice (two entries): one Observation. */
      if (last_key != NULL && strcmp (last_key, value->key) == 0)
        continue;
      last_key = value->key;
      add_observation (builder, value, case_key, patient_url);
    }
  for (guint i = 0; i < periods->len; i++)
    add_period (builder, g_ptr_array_index (periods, i), drugs, case_key, patient_url);

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
