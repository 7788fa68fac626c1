/* sp-fhir-import.c: Observations of an HL7 FHIR R4 Bundle into a case's
 * timeline (sp-fhir.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-fhir"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sp-fhir.h"
#include "sp-bag-plan.h"
#include "sp-format.h"
#include "sp-timeline.h"

/* Lactate's molar mass, g/mol (lactic acid, C3H6O3, the basis of the
 * clinical conversion): 1 mmol/L = 90.08 mg/L = 9.008 mg/dL. */
#define LACTATE_MG_PER_MMOL 90.08

/* One value read from the Bundle, to be added. */
typedef struct {
  SpField       field;
  GDateTime    *time;
  SpFieldValue  value;
  char         *item;
  gboolean      dropped;
} ImportValue;

static void
import_value_free (ImportValue *value)
{
  g_clear_pointer (&value->time, g_date_time_unref);
  g_free (value->item);
  g_free (value);
}

static void
skip_free (SpFhirSkip *skip)
{
  g_free (skip->item);
  g_free (skip->reason);
  g_free (skip);
}

static void
add_skip (SpFhirImport *import,
          const char   *item,
          const char   *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
add_skip (SpFhirImport *import,
          const char   *item,
          const char   *format,
          ...)
{
  SpFhirSkip *skip = g_new0 (SpFhirSkip, 1);
  va_list args;

  va_start (args, format);
  skip->item = g_strdup (item);
  skip->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (import->skipped, skip);
}

/* --- reading JSON safely --------------------------------------------------- */

/* A FHIR Bundle nests a dozen levels (Bundle.entry[].resource.component[].
 * valueQuantity ...). json-glib 1.6 parses recursively with no limit of its
 * own, so a hostile file of a million "[" would exhaust the stack: the
 * nesting is measured first, outside strings, and deeper text refused. */
#define MAX_DEPTH 64

static gboolean
nesting_within (const char *json,
                gsize       length,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > max_depth)
        return FALSE;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out_value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out_value = json_node_get_double (node);
  return isfinite (*out_value);
}

/* "LOINC 8310-5", "urn:shockpath:field urine", "8310-5, 8331-1": the codes
 * of a CodeableConcept, for messages. */
static char *
describe_codes (JsonObject *concept)
{
  JsonArray *codings = get_array (concept, "coding");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
    {
      JsonObject *coding = json_array_get_object_element (codings, i);
      const char *system = get_string (coding, "system");
      const char *code = get_string (coding, "code");

      if (code == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      if (g_strcmp0 (system, SP_FHIR_LOINC_SYSTEM) == 0)
        g_string_append_printf (text, "LOINC %s", code);
      else if (system != NULL)
        g_string_append_printf (text, "%s %s", system, code);
      else
        g_string_append (text, code);
    }
  if (text->len == 0 && get_string (concept, "text") != NULL)
    g_string_append_printf (text, "“%s”", get_string (concept, "text"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- codes and units ------------------------------------------------------- */

/* The field a coding names, or FALSE. LOINC codes read besides those export
 * writes (sp-fhir.c):
 *   - 2524-7 "Lactate [Moles/volume] in Serum or Plasma": lactate is
 *     lactate, whichever specimen (the field does not record one). */
static gboolean
coding_field (JsonObject *coding,
              SpField    *out_field)
{
  const char *system = get_string (coding, "system");
  const char *code = get_string (coding, "code");

  if (system == NULL || code == NULL)
    return FALSE;

  if (strcmp (system, SP_FHIR_LOINC_SYSTEM) == 0)
    {
      if (strcmp (code, "2524-7") == 0)
        {
          *out_field = SP_FIELD_LACTATE;
          return TRUE;
        }
      for (guint f = 0; f < SP_N_FIELDS; f++)
        {
          const SpFhirFieldCode *field_code = sp_fhir_field_code (f);

          if (field_code != NULL && g_strcmp0 (field_code->loinc, code) == 0)
            {
              *out_field = f;
              return TRUE;
            }
        }
      return FALSE;
    }

  if (strcmp (system, SP_FHIR_FIELD_SYSTEM) == 0)
    return sp_field_from_id (code, out_field) && !sp_field_is_therapy (*out_field);

  return FALSE;
}

/* The field of a CodeableConcept: every coding that names a field must name
 * the same one. FALSE with *out_conflict when two name different fields. */
static gboolean
concept_field (JsonObject *concept,
               SpField    *out_field,
               gboolean   *out_conflict)
{
  JsonArray *codings = get_array (concept, "coding");
  gboolean found = FALSE;

  *out_conflict = FALSE;
  for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
    {
      JsonNode *node = json_array_get_element (codings, i);
      SpField field;

      if (!JSON_NODE_HOLDS_OBJECT (node) || !coding_field (json_node_get_object (node), &field))
        continue;
      if (found && field != *out_field)
        {
          *out_conflict = TRUE;
          return FALSE;
        }
      *out_field = field;
      found = TRUE;
    }
  return found;
}

/* A value in UCUM @ucum to the field's unit. "{beats}/min": UCUM's
 * annotations in braces carry no meaning of their own. Only the units
 * listed are read; blood pressure in kPa, weight in [lb_av] and the like are
 * refused rather than converted (CLINICAL.md: a unit is never guessed, lb
 * never converted). */
static gboolean
convert_unit (SpField     field,
              const char *ucum,
              double      value,
              double     *out_value)
{
  const SpFhirFieldCode *code = sp_fhir_field_code (field);

  if (strcmp (ucum, code->ucum) == 0 ||
      (field == SP_FIELD_HR && (strcmp (ucum, "{beats}/min") == 0 ||
                                strcmp (ucum, "{beat}/min") == 0)))
    {
      *out_value = value;
      return TRUE;
    }
  if (field == SP_FIELD_LACTATE && strcmp (ucum, "mg/dL") == 0)
    {
      /* mg/dL x 10 = mg/L; / 90.08 mg/mmol = mmol/L; to 0.01 mmol/L, the
       * precision analysers report. */
      *out_value = round (value * 10.0 / LACTATE_MG_PER_MMOL * 100.0) / 100.0;
      return TRUE;
    }
  return FALSE;
}

/* The units read for @field, for messages: "mmol/L, mg/dL". */
static char *
accepted_units (SpField field)
{
  const SpFhirFieldCode *code = sp_fhir_field_code (field);

  if (field == SP_FIELD_LACTATE)
    return g_strdup_printf ("%s, mg/dL", code->ucum);
  if (field == SP_FIELD_HR)
    return g_strdup_printf ("%s, {beats}/min", code->ucum);
  return g_strdup (code->ucum);
}

/* --- one Observation ------------------------------------------------------- */

typedef struct {
  SpFhirImport  *import;
  SpProtocol    *protocol;
  GDateTime     *latest;      /* now + 5 minutes */
  GPtrArray     *values;      /* ImportValue* */
  GPtrArray     *volumes;     /* UrineVolume*: worked out once every weight is read */
} ImportContext;

/* A urine volume collected over a period (LOINC 9187-6 with an
 * effectivePeriod), to become mL/kg/h at the period's end. */
typedef struct {
  char      *item;
  GDateTime *start;
  GDateTime *end;
  double     ml;
} UrineVolume;

static void
urine_volume_free (UrineVolume *volume)
{
  g_clear_pointer (&volume->start, g_date_time_unref);
  g_clear_pointer (&volume->end, g_date_time_unref);
  g_free (volume->item);
  g_free (volume);
}

/* Reads the value of @field from @holder (an Observation or one of its
 * components): a quantity for a number field, a ShockPath choice code for a
 * choice field. FALSE after reporting why not. */
static gboolean
read_value (ImportContext *ctx,
            const char    *item,
            JsonObject    *holder,
            SpField        field,
            SpFieldValue  *out_value)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  const char *label = sp_field_get_label (field);

  memset (out_value, 0, sizeof *out_value);
  out_value->set = TRUE;
  out_value->number = NAN;

  if (info->kind == SP_FIELD_KIND_NUMBER)
    {
      JsonObject *quantity = get_object (holder, "valueQuantity");
      const char *system = get_string (quantity, "system");
      const char *ucum = get_string (quantity, "code");
      g_autofree char *accepted = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;
      double value;

      if (quantity == NULL)
        {
          add_skip (ctx->import, item, "%s",
                    json_object_has_member (holder, "dataAbsentReason")
                      ? _("no value (dataAbsentReason)")
                      : _("no valueQuantity"));
          return FALSE;
        }
      if (get_string (quantity, "comparator") != NULL)
        {
          /* TRANSLATORS: %s is "<", ">", "<=" or ">=" */
          add_skip (ctx->import, item, _("a value with a comparator (“%s”) is no measurement"),
                    get_string (quantity, "comparator"));
          return FALSE;
        }
      if (!get_number (quantity, "value", &value))
        {
          JsonNode *number = json_object_get_member (quantity, "value");

          /* 1e400: a number JSON can write, and none a measurement is */
          if (number != NULL && JSON_NODE_HOLDS_VALUE (number) &&
              json_node_get_value_type (number) == G_TYPE_DOUBLE)
            add_skip (ctx->import, item, "%s", _("the quantity’s number is too large to be a "
                                                 "measurement"));
          else
            add_skip (ctx->import, item, "%s", _("the quantity has no number"));
          return FALSE;
        }
      accepted = accepted_units (field);
      if (g_strcmp0 (system, SP_FHIR_UCUM_SYSTEM) != 0 || ucum == NULL)
        {
          /* TRANSLATORS: "the unit “mmHg” is not coded in UCUM (accepted for
           * Systolic blood pressure: mm[Hg])" */
          add_skip (ctx->import, item, _("the unit “%s” is not coded in UCUM (accepted for %s: %s)"),
                    get_string (quantity, "unit") != NULL ? get_string (quantity, "unit") : "",
                    label, accepted);
          return FALSE;
        }
      if (!convert_unit (field, ucum, value, &out_value->number))
        {
          /* TRANSLATORS: "unit kPa is not accepted for Systolic blood
           * pressure (accepted: mm[Hg]); not converted" */
          add_skip (ctx->import, item, _("unit %s is not accepted for %s (accepted: %s); "
                                         "not converted"), ucum, label, accepted);
          return FALSE;
        }
      if (!sp_protocol_check_number (ctx->protocol, field, out_value->number, &warning, &error))
        {
          add_skip (ctx->import, item, "%s", error->message);
          return FALSE;
        }
      if (warning != NULL)
        g_ptr_array_add (ctx->import->warnings, g_strdup_printf ("%s: %s", item, warning));
      if (field == SP_FIELD_LACTATE && strcmp (ucum, "mg/dL") == 0)
        {
          g_autofree char *given = sp_format_significant (value, 6, SP_NUMBER_LOCALE);
          g_autofree char *factor = sp_format_significant (LACTATE_MG_PER_MMOL, 6, SP_NUMBER_LOCALE);
          g_autofree char *result = sp_format_decimal (out_value->number, 2, SP_NUMBER_LOCALE);

          /* the arithmetic, as for a urine volume: nothing converted unsaid */
          /* TRANSLATORS: "entry 6: Observation “lactate” (LOINC 2524-7): 36 mg/dL x 10 /
           * 90.08 mg/mmol = 4 mmol/L (to 0.01)" */
          g_ptr_array_add (ctx->import->conversions,
                           g_strdup_printf (_("%s: %s mg/dL × 10 / %s mg/mmol = %s mmol/L (to 0.01)"),
                                            item, given, factor, result));
        }
      return TRUE;
    }
  else
    {
      JsonObject *concept = get_object (holder, "valueCodeableConcept");
      JsonArray *codings = get_array (concept, "coding");
      g_autofree char *system = g_strconcat (SP_FHIR_FIELD_SYSTEM ":", info->id, NULL);

      for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
        {
          JsonNode *node = json_array_get_element (codings, i);
          JsonObject *coding = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          int choice;

          if (g_strcmp0 (get_string (coding, "system"), system) != 0 ||
              get_string (coding, "code") == NULL)
            continue;
          choice = sp_field_choice_index (field, get_string (coding, "code"));
          if (choice >= 0)
            {
              out_value->choice = (guint) choice;
              return TRUE;
            }
        }
      /* TRANSLATORS: %s is a field: "no value of Mental status that
       * ShockPath reads" */
      add_skip (ctx->import, item, _("no value of %s that ShockPath reads"), label);
      return FALSE;
    }
}

/* --- urine volumes --------------------------------------------------------- */

/* LOINC 9187-6 "Urine output" is a volume (mL). ShockPath records urine
 * output as mL/kg/h: a volume becomes that only with the period it was
 * collected over and the body weight (volume / (weight x hours)). Nothing
 * else is assumed: a volume without a period is skipped, never read as
 * "the last hour". */
#define LOINC_URINE_VOLUME "9187-6"

static gboolean
concept_has_loinc (JsonObject *concept,
                   const char *code)
{
  JsonArray *codings = get_array (concept, "coding");

  for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
    {
      JsonNode *node = json_array_get_element (codings, i);
      JsonObject *coding = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (g_strcmp0 (get_string (coding, "system"), SP_FHIR_LOINC_SYSTEM) == 0 &&
          g_strcmp0 (get_string (coding, "code"), code) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A time of the Observation @item, or NULL after reporting why not. */
static GDateTime *
read_time (ImportContext *ctx,
           const char    *item,
           const char    *text)
{
  g_autoptr(GDateTime) time = sp_case_parse_time (text, NULL);

  if (time == NULL)
    {
      add_skip (ctx->import, item, _("“%s” is not a time of day with its offset from UTC"),
                text);
      return NULL;
    }
  if (g_date_time_compare (time, ctx->latest) > 0)
    {
      add_skip (ctx->import, item, _("%s is in the future"), text);
      return NULL;
    }
  return g_steal_pointer (&time);
}

static void
read_urine_volume (ImportContext *ctx,
                   const char    *item,
                   JsonObject    *observation)
{
  JsonObject *period = get_object (observation, "effectivePeriod");
  JsonObject *quantity = get_object (observation, "valueQuantity");
  const char *start_text = get_string (period, "start");
  const char *end_text = get_string (period, "end");
  const char *ucum = get_string (quantity, "code");
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  UrineVolume *volume;
  double value;

  if (start_text == NULL || end_text == NULL)
    {
      add_skip (ctx->import, item, "%s",
                _("a urine volume without the period it was collected over (effectivePeriod "
                  "with start and end): mL/kg/h cannot be worked out"));
      return;
    }
  if ((start = read_time (ctx, item, start_text)) == NULL ||
      (end = read_time (ctx, item, end_text)) == NULL)
    return;
  if (g_date_time_compare (end, start) <= 0)
    {
      /* TRANSLATORS: "the period ends (2026-03-01T08:00:00Z) no later than
       * it starts (2026-03-01T09:00:00Z)" */
      add_skip (ctx->import, item, _("the period ends (%s) no later than it starts (%s)"),
                end_text, start_text);
      return;
    }
  if (quantity == NULL)
    {
      add_skip (ctx->import, item, "%s", _("no valueQuantity"));
      return;
    }
  if (get_string (quantity, "comparator") != NULL)
    {
      add_skip (ctx->import, item, _("a value with a comparator (“%s”) is no measurement"),
                get_string (quantity, "comparator"));
      return;
    }
  if (!get_number (quantity, "value", &value) || value < 0)
    {
      add_skip (ctx->import, item, "%s", _("the quantity has no number"));
      return;
    }
  if (g_strcmp0 (get_string (quantity, "system"), SP_FHIR_UCUM_SYSTEM) != 0 ||
      (g_strcmp0 (ucum, "mL") != 0 && g_strcmp0 (ucum, "L") != 0))
    {
      /* TRANSLATORS: "unit mL/h is not accepted for a urine volume (accepted:
       * mL, L in UCUM); not converted" */
      add_skip (ctx->import, item, _("unit %s is not accepted for a urine volume (accepted: mL, "
                                     "L in UCUM); not converted"),
                ucum != NULL ? ucum : "");
      return;
    }

  volume = g_new0 (UrineVolume, 1);
  volume->item = g_strdup (item);
  volume->start = g_steal_pointer (&start);
  volume->end = g_steal_pointer (&end);
  volume->ml = strcmp (ucum, "L") == 0 ? value * 1000.0 : value;
  g_ptr_array_add (ctx->volumes, volume);
}

/* The body weight in force at @at: the latest value at or before it, from
 * the Bundle (not one it contradicts) or from the case's timeline (a case
 * without a timeline: its weight). NaN when there is none. */
typedef struct {
  GDateTime *time;
  double     kg;
} WeightAt;

static void
weight_from_entry (const SpCaseEntry    *entry,
                   gboolean              in_force,
                   const SpPatientState *patient,
                   GPtrArray            *infusions,
                   gpointer              user_data)
{
  WeightAt *weight = user_data;

  for (guint i = 0; in_force && i < entry->observations->len; i++)
    {
      const SpCaseObservation *observation = g_ptr_array_index (entry->observations, i);

      if (observation->field == SP_FIELD_WEIGHT)
        {
          weight->time = entry->time;
          weight->kg = observation->value.number;
        }
    }
}

/* TRUE when the Bundle gives another, different weight at @weight's time:
 * both are refused (drop_bundle_conflicts ()), so neither may be divided by. */
static gboolean
weight_disputed (GPtrArray         *values,
                 const ImportValue *weight)
{
  for (guint i = 0; i < values->len; i++)
    {
      const ImportValue *other = g_ptr_array_index (values, i);

      if (other != weight && other->field == SP_FIELD_WEIGHT &&
          g_date_time_equal (other->time, weight->time) &&
          !sp_field_value_equal (SP_FIELD_WEIGHT, &other->value, &weight->value))
        return TRUE;
    }
  return FALSE;
}

static double
weight_at (const SpCaseData *data,
           GPtrArray        *values,
           GDateTime        *at)
{
  WeightAt weight = { NULL, NAN };

  if (data->timeline->len > 0)
    sp_timeline_foreach (data->timeline, at, NULL, weight_from_entry, &weight,
                         NULL, NULL, NULL);
  else if (data->patient.values[SP_FIELD_WEIGHT].set)
    weight.kg = data->patient.values[SP_FIELD_WEIGHT].number;

  for (guint i = 0; i < values->len; i++)
    {
      const ImportValue *value = g_ptr_array_index (values, i);

      if (value->field != SP_FIELD_WEIGHT || g_date_time_compare (value->time, at) > 0 ||
          weight_disputed (values, value))
        continue;
      if (weight.time == NULL || g_date_time_compare (value->time, weight.time) >= 0)
        {
          weight.time = value->time;
          weight.kg = value->value.number;
        }
    }
  return weight.kg;
}

/* Each urine volume as mL/kg/h at its period's end, with what was worked
 * out noted. */
static void
resolve_urine_volumes (ImportContext    *ctx,
                       const SpCaseData *data)
{
  for (guint i = 0; i < ctx->volumes->len; i++)
    {
      const UrineVolume *volume = g_ptr_array_index (ctx->volumes, i);
      double hours = g_date_time_difference (volume->end, volume->start) /
                     (double) G_TIME_SPAN_HOUR;
      double kg = weight_at (data, ctx->values, volume->end);
      g_autofree char *end_text = NULL;
      g_autofree char *warning = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *ml_text = NULL;
      g_autofree char *duration = NULL;
      g_autofree char *kg_text = NULL;
      g_autofree char *rate_text = NULL;
      ImportValue *value;
      double rate;

      if (!(kg > 0))
        {
          g_autoptr(GDateTime) no_day = NULL;

          end_text = sp_timeline_format_local_time (volume->end, &no_day);
          /* TRANSLATORS: "no body weight at or before 1 Mar 2026 09:00: mL/kg/h
           * cannot be worked out from the volume" */
          add_skip (ctx->import, volume->item,
                    _("no body weight at or before %s: mL/kg/h cannot be worked out from the "
                      "volume"), end_text);
          continue;
        }

      /* mL / (kg x h), to 0.01 mL/kg/h: 120 mL over 2 h at 80 kg is
       * 120 / 160 = 0.75 mL/kg/h. */
      rate = round (volume->ml / (kg * hours) * 100.0) / 100.0;
      if (!sp_protocol_check_number (ctx->protocol, SP_FIELD_URINE, rate, &warning, &error))
        {
          add_skip (ctx->import, volume->item, "%s", error->message);
          continue;
        }
      if (warning != NULL)
        g_ptr_array_add (ctx->import->warnings,
                         g_strdup_printf ("%s: %s", volume->item, warning));

      value = g_new0 (ImportValue, 1);
      value->field = SP_FIELD_URINE;
      value->time = g_date_time_ref (volume->end);
      value->value.set = TRUE;
      value->value.number = rate;
      value->item = g_strdup (volume->item);
      g_ptr_array_add (ctx->values, value);

      ml_text = sp_format_dose_number (volume->ml, SP_NUMBER_LOCALE);
      duration = sp_format_duration (hours);
      kg_text = sp_format_dose_number (kg, SP_NUMBER_LOCALE);
      rate_text = sp_format_dose_number (rate, SP_NUMBER_LOCALE);
      /* TRANSLATORS: "entry 5: Observation “uo” (LOINC 9187-6): 120 mL over
       * 2 h at 80 kg = 0.75 mL/kg/h" */
      g_ptr_array_add (ctx->import->conversions,
                       g_strdup_printf (_("%s: %s mL over %s at %s kg = %s mL/kg/h"),
                                        volume->item, ml_text, duration, kg_text, rate_text));
    }
}

/* Reads @holder's code and value at @time. */
static void
read_coded_value (ImportContext *ctx,
                  const char    *item,
                  JsonObject    *holder,
                  GDateTime     *time)
{
  JsonObject *concept = get_object (holder, "code");
  ImportValue *value;
  gboolean conflict;
  SpFieldValue field_value;
  SpField field = SP_FIELD_WEIGHT;

  if (!concept_field (concept, &field, &conflict))
    {
      g_autofree char *codes = describe_codes (concept);

      if (conflict)
        add_skip (ctx->import, item, _("its codes (%s) name different values"), codes);
      else if (codes[0] == '\0')
        add_skip (ctx->import, item, "%s", _("no code"));
      else
        /* TRANSLATORS: %s: "LOINC 8310-5" */
        add_skip (ctx->import, item, _("no value of ShockPath has this code (%s)"), codes);
      return;
    }

  if (!read_value (ctx, item, holder, field, &field_value))
    return;

  value = g_new0 (ImportValue, 1);
  value->field = field;
  value->time = g_date_time_ref (time);
  value->value = field_value;
  value->item = g_strdup (item);
  g_ptr_array_add (ctx->values, value);
}

static const char *
observation_time (ImportContext *ctx,
                  const char    *item,
                  JsonObject    *observation)
{
  const char *text = get_string (observation, "effectiveDateTime");

  if (text == NULL)
    text = get_string (observation, "effectiveInstant");
  if (text != NULL)
    return text;

  if (json_object_has_member (observation, "effectivePeriod") ||
      json_object_has_member (observation, "effectiveTiming"))
    add_skip (ctx->import, item, "%s",
              _("a period, not a time (effectivePeriod or effectiveTiming): no moment to record "
                "it at"));
  else
    add_skip (ctx->import, item, "%s", _("no time (effectiveDateTime)"));
  return NULL;
}

static void
read_observation (ImportContext *ctx,
                  const char    *item,
                  JsonObject    *observation)
{
  const char *status = get_string (observation, "status");
  const char *time_text;
  g_autoptr(GDateTime) time = NULL;
  JsonArray *components;

  if (g_strcmp0 (status, "final") != 0 && g_strcmp0 (status, "amended") != 0 &&
      g_strcmp0 (status, "corrected") != 0)
    {
      /* TRANSLATORS: "status “preliminary”: only final, amended or
       * corrected results are imported" */
      add_skip (ctx->import, item, _("status “%s”: only final, amended or corrected results "
                                     "are imported"), status != NULL ? status : "");
      return;
    }

  if (concept_has_loinc (get_object (observation, "code"), LOINC_URINE_VOLUME))
    {
      read_urine_volume (ctx, item, observation);
      return;
    }

  if ((time_text = observation_time (ctx, item, observation)) == NULL ||
      (time = read_time (ctx, item, time_text)) == NULL)
    return;

  /* A panel (blood pressure 85354-9 ...) carries its values as components. */
  components = get_array (observation, "component");
  if (components != NULL && !json_object_has_member (observation, "valueQuantity") &&
      !json_object_has_member (observation, "valueCodeableConcept"))
    {
      for (guint i = 0; i < json_array_get_length (components); i++)
        {
          JsonNode *node = json_array_get_element (components, i);
          /* TRANSLATORS: "entry 3: Observation “bp” (LOINC 85354-9), component 2" */
          g_autofree char *component_item = g_strdup_printf (_("%s, component %u"), item, i + 1);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              add_skip (ctx->import, component_item, "%s", _("not an object"));
              continue;
            }
          read_coded_value (ctx, component_item, json_node_get_object (node), time);
        }
      return;
    }

  read_coded_value (ctx, item, observation, time);
}

/* "entry 4: Observation “temp-1” (LOINC 8310-5)" */
static char *
describe_entry (guint       index,
                const char *type,
                JsonObject *resource)
{
  const char *id = get_string (resource, "id");
  g_autofree char *codes = describe_codes (get_object (resource, "code"));
  g_autoptr(GString) text = g_string_new (NULL);

  if (id != NULL)
    /* TRANSLATORS: "entry 4: Observation “temp-1”": the Bundle's entry
     * number, the FHIR resource type (not translated) and its id */
    g_string_printf (text, _("entry %u: %s “%s”"), index, type, id);
  else
    /* TRANSLATORS: "entry 4: Observation": the Bundle's entry number and the
     * FHIR resource type (not translated) */
    g_string_printf (text, _("entry %u: %s"), index, type);
  if (codes[0] != '\0')
    g_string_append_printf (text, " (%s)", codes);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- into the timeline ----------------------------------------------------- */

static gint
compare_import_values (gconstpointer a,
                       gconstpointer b)
{
  const ImportValue *x = *(const ImportValue * const *) a;
  const ImportValue *y = *(const ImportValue * const *) b;
  int order = g_date_time_compare (x->time, y->time);

  return order != 0 ? order : (int) x->field - (int) y->field;
}

/* Two values of one field at one time in the Bundle: the same twice is one;
 * two different ones are both refused (which is right is not ours to say). */
static void
drop_bundle_conflicts (SpFhirImport *import,
                       GPtrArray    *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      ImportValue *a = g_ptr_array_index (values, i);

      for (guint j = i + 1; j < values->len; j++)
        {
          ImportValue *b = g_ptr_array_index (values, j);

          if (g_date_time_compare (a->time, b->time) != 0)
            break;
          if (b->field != a->field || b->dropped)
            continue;
          if (sp_field_value_equal (a->field, &a->value, &b->value))
            {
              add_skip (import, b->item, _("the same value as %s"), a->item);
              b->dropped = TRUE;
              continue;
            }
          add_skip (import, b->item, _("another value of %s at the same time (%s)"),
                    sp_field_get_label (b->field), a->item);
          b->dropped = TRUE;
          if (!a->dropped)
            add_skip (import, a->item, _("another value of %s at the same time (%s)"),
                      sp_field_get_label (a->field), b->item);
          a->dropped = TRUE;
        }
    }
}

/* Values the timeline holds already at that time (not added again), and
 * values it holds another value for (refused). */
static void
drop_present (SpFhirImport     *import,
              const SpCaseData *data,
              GPtrArray        *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      ImportValue *value = g_ptr_array_index (values, i);

      for (guint j = 0; j < data->timeline->len && !value->dropped; j++)
        {
          const SpCaseEntry *entry = g_ptr_array_index (data->timeline, j);

          if (!g_date_time_equal (entry->time, value->time) ||
              sp_timeline_get_correction (data->timeline, entry) != NULL)
            continue;
          for (guint k = 0; k < entry->observations->len; k++)
            {
              const SpCaseObservation *observation = g_ptr_array_index (entry->observations, k);

              if (observation->field != value->field)
                continue;
              if (sp_field_value_equal (value->field, &observation->value, &value->value))
                {
                  import->n_present++;
                }
              else
                {
                  /* TRANSLATORS: "the timeline holds another value of
                   * Systolic blood pressure at that time (entry e3)" */
                  add_skip (import, value->item,
                            _("the timeline holds another value of %s at that time (entry %s)"),
                            sp_field_get_label (value->field), entry->id);
                }
              value->dropped = TRUE;
              break;
            }
        }
    }
}

/* --- infusions: MedicationAdministration --------------------------------- */

/* One period an infusion ran, from a MedicationAdministration: from @start
 * to @end (NULL: still running), the drug at its concentration and dose. */
typedef struct {
  char           *item;
  GDateTime      *start;
  GDateTime      *end;
  SpCaseInfusion *infusion;
} ImportPeriod;

static void
import_period_free (ImportPeriod *period)
{
  g_clear_pointer (&period->start, g_date_time_unref);
  g_clear_pointer (&period->end, g_date_time_unref);
  g_clear_pointer (&period->infusion, sp_case_infusion_free);
  g_free (period->item);
  g_free (period);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  return g_date_time_compare (*(GDateTime * const *) a, *(GDateTime * const *) b);
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  const ImportPeriod *pa = *(ImportPeriod * const *) a;
  const ImportPeriod *pb = *(ImportPeriod * const *) b;

  return g_date_time_compare (pa->start, pb->start);
}

/* The Medication a MedicationAdministration gives: its medicationReference
 * to a contained one ("#bag"), or NULL. */
static JsonObject *
contained_medication (JsonObject *administration)
{
  const char *reference = get_string (get_object (administration, "medicationReference"),
                                      "reference");
  JsonArray *contained = get_array (administration, "contained");

  if (reference == NULL || reference[0] != '#' || contained == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (contained); i++)
    {
      JsonNode *node = json_array_get_element (contained, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (g_strcmp0 (get_string (object, "resourceType"), "Medication") == 0 &&
          g_strcmp0 (get_string (object, "id"), reference + 1) == 0)
        return object;
    }
  return NULL;
}

/* The drug of the library a medication's text names: the whole text ("norepinephrine"),
 * or its first word ("norepinephrine 24 mg tartrate (12 mg base)/48 mL"). */
static const SpDrug *
named_drug (SpDrugLibrary *drugs,
            const char    *text)
{
  const SpDrug *drug;
  g_autofree char *word = NULL;

  if (text == NULL)
    return NULL;
  if ((drug = sp_drug_library_lookup (drugs, text)) != NULL)
    return drug;
  word = g_strndup (text, strcspn (text, " "));
  return sp_drug_library_lookup (drugs, word);
}

/* A UCUM dose unit as ShockPath's ("ug/kg/min" -> mcg/kg/min, "[iU]/h" ->
 * units/h). */
static gboolean
parse_ucum_dose_unit (const char *code,
                      SpDoseUnit *out_unit)
{
  const char *slash = code != NULL ? strchr (code, '/') : NULL;
  g_autofree char *amount_code = NULL;
  g_autofree char *text = NULL;
  SpAmountUnit amount;

  if (slash == NULL)
    return FALSE;
  amount_code = g_strndup (code, (gsize) (slash - code));
  if (!sp_fhir_amount_unit_from_ucum (amount_code, &amount))
    return FALSE;
  text = g_strconcat (sp_amount_unit_to_string (amount), slash, NULL);
  return sp_dose_unit_parse (text, out_unit);
}

/* The bag's strength from the contained Medication's ingredient: numerator
 * in mg, ug or [iU] over a denominator in mL. FALSE when it gives none. */
static gboolean
read_strength (JsonObject      *medication,
               SpConcentration *out_conc)
{
  JsonArray *ingredients = get_array (medication, "ingredient");
  JsonNode *first = ingredients != NULL && json_array_get_length (ingredients) > 0
                    ? json_array_get_element (ingredients, 0) : NULL;
  JsonObject *strength = first != NULL && JSON_NODE_HOLDS_OBJECT (first)
                         ? get_object (json_node_get_object (first), "strength") : NULL;
  JsonObject *numerator = get_object (strength, "numerator");
  JsonObject *denominator = get_object (strength, "denominator");
  const char *amount_code = get_string (numerator, "code");
  double amount, volume;

  if (!get_number (numerator, "value", &amount) || !get_number (denominator, "value", &volume) ||
      g_strcmp0 (get_string (denominator, "code"), "mL") != 0 || amount <= 0 || volume <= 0)
    return FALSE;

  memset (out_conc, 0, sizeof *out_conc);
  if (!sp_fhir_amount_unit_from_ucum (amount_code, &out_conc->amount_unit))
    return FALSE;
  out_conc->amount = amount;
  out_conc->volume_ml = volume;
  return TRUE;
}

/* A MedicationAdministration (in progress or completed, with its period)
 * of a drug of the library at a dose it takes (dosage.dose, UCUM), its bag
 * from a contained Medication when it names one: a period in @periods, or
 * skipped with the reason. */
static void
read_administration (ImportContext *ctx,
                     SpDrugLibrary *drugs,
                     const char    *item,
                     JsonObject    *administration,
                     GPtrArray     *periods)
{
  const char *status = get_string (administration, "status");
  JsonObject *medication = contained_medication (administration);
  const char *name = medication != NULL
    ? get_string (get_object (medication, "code"), "text")
    : get_string (get_object (administration, "medicationCodeableConcept"), "text");
  const SpDrug *drug = named_drug (drugs, name);
  JsonObject *period = get_object (administration, "effectivePeriod");
  const char *start_text = get_string (period, "start");
  const char *end_text = get_string (period, "end");
  const char *reference = get_string (get_object (administration, "medicationReference"),
                                      "reference");
  JsonObject *dose = get_object (get_object (administration, "dosage"), "dose");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  SpConcentration conc;
  gboolean has_conc;
  SpDoseUnit unit;
  SpLimitCheck check;
  ImportPeriod *read;
  double value;

  if (g_strcmp0 (status, "in-progress") != 0 && g_strcmp0 (status, "completed") != 0)
    {
      /* TRANSLATORS: "status “stopped”: only in-progress or completed administrations are imported" */
      add_skip (ctx->import, item, _("status “%s”: only in-progress or completed administrations "
                                     "are imported"), status != NULL ? status : "");
      return;
    }
  if (medication == NULL && reference != NULL)
    {
      /* TRANSLATORS: "the medication it refers to (#bag) is not contained in it" */
      add_skip (ctx->import, item, _("the medication it refers to (%s) is not contained in it"),
                reference);
      return;
    }
  if (drug == NULL)
    {
      /* TRANSLATORS: "no drug of the drug library is named “heparin”" */
      add_skip (ctx->import, item, _("no drug of the drug library is named “%s”"),
                name != NULL ? name : "");
      return;
    }
  if (start_text == NULL)
    {
      /* an infusion runs over a period: a single time (effectiveDateTime)
       * would start one that never stops */
      add_skip (ctx->import, item, "%s", _("no period (effectivePeriod with its start): an "
                                           "infusion is read with the period it ran"));
      return;
    }
  if ((start = read_time (ctx, item, start_text)) == NULL ||
      (end_text != NULL && (end = read_time (ctx, item, end_text)) == NULL))
    return;
  if (end != NULL && g_date_time_compare (end, start) <= 0)
    {
      add_skip (ctx->import, item, _("its period ends at %s, not after it starts"), end_text);
      return;
    }
  if (!get_number (dose, "value", &value))
    {
      add_skip (ctx->import, item, "%s", _("no dose (dosage.dose with a number)"));
      return;
    }
  if (value <= 0)
    {
      /* a dose of 0 runs nothing; a negative one is no dose */
      add_skip (ctx->import, item, "%s", _("its dose is not above 0: no infusion runs at it"));
      return;
    }
  if (!parse_ucum_dose_unit (get_string (dose, "code"), &unit))
    {
      /* TRANSLATORS: "the dose's unit “U/min” is not one read (UCUM: ug/kg/min, ug/min,
       * mg/h, [iU]/min, [iU]/h)" */
      add_skip (ctx->import, item, _("the dose’s unit “%s” is not one read (UCUM: ug/kg/min, "
                                     "ug/min, mg/h, [iU]/min, [iU]/h)"),
                get_string (dose, "code") != NULL ? get_string (dose, "code") : "");
      return;
    }
  /* a unit the drug does not take, or a dose above its hard limit: refused */
  if (!sp_drug_check_dose (drug, value, unit, NAN, &check, &error))
    {
      add_skip (ctx->import, item, "%s", error->message);
      return;
    }
  if (check.state == SP_LIMIT_HARD)
    {
      g_autofree char *message = sp_drug_describe_limit (drug, value, unit, &check, SP_NUMBER_C);

      add_skip (ctx->import, item, "%s", message);
      return;
    }

  has_conc = medication != NULL && read_strength (medication, &conc);
  /* a strength given but not read, or not one the drug library takes:
   * refused, not kept as "concentration not recorded" */
  if (!has_conc && get_array (medication, "ingredient") != NULL)
    {
      add_skip (ctx->import, item, "%s", _("the bag’s strength (ingredient.strength) is not "
                                           "read: an amount in mg, ug or [iU] over a volume in "
                                           "mL, both above 0"));
      return;
    }
  if (has_conc && !sp_drug_check_concentration (drug, &conc, _("Concentration"), &error))
    {
      add_skip (ctx->import, item, "%s", error->message);
      return;
    }
  /* a bag made up from a salt, as ShockPath's export names it after the
   * drug ("norepinephrine 24 mg tartrate (12 mg base)/48 mL"): the salt
   * kept when it is the strength given */
  if (has_conc && name != NULL && strchr (name, ' ') != NULL)
    {
      SpConcentration salted;

      if (sp_drug_parse_concentration (drug, strchr (name, ' ') + 1, SP_NUMBER_C, "", &salted, NULL) &&
          salted.salt[0] != '\0' && sp_concentration_equal (&salted, &conc))
        conc = salted;
    }
  read = g_new0 (ImportPeriod, 1);
  read->item = g_strdup (item);
  read->start = g_steal_pointer (&start);
  read->end = g_steal_pointer (&end);
  read->infusion = sp_case_infusion_new (sp_drug_get_id (drug), has_conc ? &conc : NULL);
  read->infusion->has_dose = TRUE;
  read->infusion->dose = value;
  read->infusion->dose_unit = unit;
  g_ptr_array_add (periods, read);
}

/* TRUE when @data records infusions of its own: what runs now, or a
 * timeline entry that starts, changes or stops one. */
static gboolean
records_infusions (const SpCaseData *data)
{
  if (data->infusions->len > 0)
    return TRUE;
  for (guint i = 0; i < data->timeline->len; i++)
    if (((const SpCaseEntry *) g_ptr_array_index (data->timeline, i))->events->len > 0)
      return TRUE;
  return FALSE;
}

/* The infusions' changes, one group per time a period starts or ends: the
 * starts, dose changes, new bags and stops that take what runs from one to
 * the next (sp_timeline_infusion_events ()). A period that overlaps an
 * earlier one of its drug is skipped. */
typedef struct {
  GDateTime *time;
  GPtrArray *events;       /* SpCaseEvent* */
  GPtrArray *items;        /* char*: the periods that start or end then */
} ChangeGroup;

static void
change_group_free (ChangeGroup *group)
{
  g_date_time_unref (group->time);
  g_ptr_array_unref (group->events);
  g_ptr_array_unref (group->items);
  g_free (group);
}

static GPtrArray *
infusion_changes (SpFhirImport *import,
                  GPtrArray    *periods)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) change_group_free);
  g_autoptr(GPtrArray) times = g_ptr_array_new ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);

  g_ptr_array_sort (periods, compare_periods);
  for (guint i = 0; i < periods->len; i++)
    {
      ImportPeriod *period = g_ptr_array_index (periods, i);

      for (guint j = 0; j < i; j++)
        {
          ImportPeriod *earlier = g_ptr_array_index (periods, j);

          if (earlier->infusion != NULL &&
              g_str_equal (earlier->infusion->drug_id, period->infusion->drug_id) &&
              (earlier->end == NULL || g_date_time_compare (earlier->end, period->start) > 0))
            {
              /* TRANSLATORS: "it overlaps entry 12, another period of norepinephrine" */
              add_skip (import, period->item, _("it overlaps %s, another period of %s"),
                        earlier->item, period->infusion->drug_id);
              g_clear_pointer (&period->infusion, sp_case_infusion_free);
              break;
            }
        }
      if (period->infusion == NULL)
        continue;
      g_ptr_array_add (times, period->start);
      if (period->end != NULL)
        g_ptr_array_add (times, period->end);
    }
  g_ptr_array_sort (times, compare_times);

  for (guint t = 0; t < times->len; t++)
    {
      GDateTime *time = g_ptr_array_index (times, t);
      g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
      ChangeGroup *group;

      if (t > 0 && g_date_time_equal (time, g_ptr_array_index (times, t - 1)))
        continue;
      group = g_new0 (ChangeGroup, 1);
      group->time = g_date_time_ref (time);
      group->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_event_free);
      group->items = g_ptr_array_new ();
      for (guint i = 0; i < periods->len; i++)
        {
          ImportPeriod *period = g_ptr_array_index (periods, i);

          if (period->infusion == NULL)
            continue;
          if (g_date_time_compare (period->start, time) <= 0 &&
              (period->end == NULL || g_date_time_compare (period->end, time) > 0))
            g_ptr_array_add (after, sp_case_infusion_copy (period->infusion));
          if (g_date_time_equal (period->start, time) ||
              (period->end != NULL && g_date_time_equal (period->end, time)))
            g_ptr_array_add (group->items, period->item);
        }
      sp_timeline_infusion_events (before, after, group->events);
      g_ptr_array_set_size (before, 0);
      sp_case_infusions_append_copies (before, after);
      g_ptr_array_add (groups, group);
    }
  return groups;
}

SpFhirImport *
sp_fhir_import (SpCaseData     *data,
                const char     *json,
                gssize          length,
                const char     *name,
                SpProtocol     *protocol,
                SpDrugLibrary  *drugs,
                GDateTime      *now,
                GError        **error)
{
  g_autoptr(SpFhirImport) import = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) volumes = NULL;
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) import_period_free);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GHashTable) subjects = NULL;
  g_autoptr(GHashTable) administration_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                    NULL, g_free);
  g_autoptr(GDateTime) own_now = NULL;
  g_autoptr(GDateTime) latest = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *bundle;
  JsonArray *entries;
  ImportContext ctx;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (drugs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "Bundle";
  size = length < 0 ? strlen (json) : (gsize) length;
  if (size > SP_FHIR_MAX_BYTES)
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_PARSE,
                   _("%s: larger than %d MiB; not read"), name, SP_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!nesting_within (json, size, MAX_DEPTH))
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_PARSE,
                   _("%s: nested more than %d levels deep; not read"), name, MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, (gssize) size, &local_error))
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_PARSE, _("%s: not JSON: %s"), name,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  bundle = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (g_strcmp0 (get_string (bundle, "resourceType"), "Bundle") != 0)
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_NOT_BUNDLE,
                   _("%s: not a FHIR Bundle (resourceType “Bundle”)"), name);
      return NULL;
    }
  /* A Bundle's entries are an array, or absent (an empty Bundle): anything
   * else is not a Bundle this reads, and is not taken for an empty one. */
  if (json_object_has_member (bundle, "entry") && get_array (bundle, "entry") == NULL)
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_NOT_BUNDLE,
                   _("%s: the Bundle’s “entry” is not an array of entries"), name);
      return NULL;
    }

  if (now == NULL)
    now = own_now = g_date_time_new_now_utc ();
  latest = g_date_time_add_minutes (now, 5);

  import = g_new0 (SpFhirImport, 1);
  import->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) skip_free);
  import->warnings = g_ptr_array_new_with_free_func (g_free);
  import->conversions = g_ptr_array_new_with_free_func (g_free);
  values = g_ptr_array_new_with_free_func ((GDestroyNotify) import_value_free);
  volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) urine_volume_free);
  subjects = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.import = import;
  ctx.protocol = protocol;
  ctx.latest = latest;
  ctx.values = values;
  ctx.volumes = volumes;

  entries = get_array (bundle, "entry");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *resource = get_object (entry, "resource");
      const char *type = get_string (resource, "resourceType");
      g_autofree char *item = NULL;

      if (type == NULL)
        {
          g_autofree char *where = g_strdup_printf (_("entry %u"), i + 1);

          add_skip (import, where, "%s", _("no resource"));
          continue;
        }
      item = describe_entry (i + 1, type, resource);
      if (strcmp (type, "Observation") != 0 && strcmp (type, "MedicationAdministration") != 0)
        {
          /* TRANSLATORS: %s is a FHIR resource type: "a Patient: only
           * Observations and MedicationAdministrations are imported" */
          add_skip (import, item, _("a %s: only Observations and MedicationAdministrations are "
                                    "imported"), type);
          continue;
        }
      {
        const char *subject = get_string (get_object (resource, "subject"), "reference");

        if (subject != NULL)
          g_hash_table_add (subjects, (gpointer) subject);
      }
      if (strcmp (type, "MedicationAdministration") == 0)
        {
          const char *id = get_string (resource, "id");
          const char *first = id != NULL ? g_hash_table_lookup (administration_ids, id) : NULL;

          /* two records of one administration are one too many: which
           * holds is not ours to say */
          if (first != NULL)
            {
              /* TRANSLATORS: "it has the id of entry 4: MedicationAdministration “a”" */
              add_skip (import, item, _("it has the id of %s"), first);
              continue;
            }
          if (id != NULL)
            g_hash_table_insert (administration_ids, (gpointer) id, g_strdup (item));
          read_administration (&ctx, drugs, item, resource, periods);
        }
      else
        read_observation (&ctx, item, resource);
    }

  /* One case is one patient: never mix another's values in. */
  if (g_hash_table_size (subjects) > 1)
    {
      g_set_error (error, SP_FHIR_ERROR, SP_FHIR_ERROR_NOT_BUNDLE,
                   _("%s: its Observations and MedicationAdministrations are about %u "
                     "different subjects; a case is one patient's: nothing imported"),
                   name, g_hash_table_size (subjects));
      return NULL;
    }

  resolve_urine_volumes (&ctx, data);
  g_ptr_array_sort (values, compare_import_values);
  drop_bundle_conflicts (import, values);
  drop_present (import, data, values);

  /* The infusions, into a case that records none of its own (a new one, or
   * one of values only): what runs is the case's, never a merge of two
   * records of it. */
  if (periods->len > 0 && records_infusions (data))
    {
      for (guint i = 0; i < periods->len; i++)
        add_skip (import, ((ImportPeriod *) g_ptr_array_index (periods, i))->item, "%s",
                  _("the case records its own infusions: the Bundle's are not merged into them"));
      import->n_medications = periods->len;
    }
  else if (periods->len > 0)
    groups = infusion_changes (import, periods);

  /* One entry per time, in time order: the values observed then, and the
   * infusions' changes then. */
  for (guint i = 0, g = 0; i < values->len || (groups != NULL && g < groups->len);)
    {
      ImportValue *first = i < values->len ? g_ptr_array_index (values, i) : NULL;
      ChangeGroup *group = groups != NULL && g < groups->len ? g_ptr_array_index (groups, g) : NULL;
      GDateTime *time;
      g_autoptr(SpCaseEntry) entry = NULL;
      g_autoptr(SpCaseEntry) values_only = NULL;
      g_autoptr(GError) entry_error = NULL;
      guint end = i;

      /* the earlier of the next value's time and the next change's */
      if (group == NULL || (first != NULL && g_date_time_compare (first->time, group->time) <= 0))
        time = first->time;
      else
        time = group->time;
      entry = sp_case_entry_new (NULL, time);

      while (end < values->len &&
             g_date_time_equal (((ImportValue *) g_ptr_array_index (values, end))->time, time))
        {
          ImportValue *value = g_ptr_array_index (values, end);

          if (!value->dropped)
            g_ptr_array_add (entry->observations,
                             sp_case_observation_new (value->field, &value->value, NULL));
          end++;
        }
      if (group != NULL && g_date_time_equal (group->time, time))
        {
          for (guint e = 0; e < group->events->len; e++)
            g_ptr_array_add (entry->events, sp_case_event_copy (g_ptr_array_index (group->events, e)));
          g++;
        }
      else
        group = NULL;

      if (entry->observations->len > 0 || entry->events->len > 0)
        {
          guint n = entry->observations->len;
          guint n_changes = entry->events->len;

          g_ptr_array_sort (entry->observations, sp_case_observation_compare_field);
          /* infusions the case refuses at this time do not take the values
           * with them: then the values go in alone, and the administrations
           * are skipped with the reason */
          if (n_changes > 0 && n > 0)
            {
              values_only = sp_case_entry_copy (entry);
              g_ptr_array_set_size (values_only->events, 0);
            }
          if (sp_case_data_add_entry (data, g_steal_pointer (&entry), protocol, drugs,
                                      &entry_error) != NULL)
            {
              import->n_added += n;
              import->n_changes += n_changes;
              import->n_entries++;
            }
          else
            {
              for (guint j = 0; group != NULL && j < group->items->len; j++)
                add_skip (import, g_ptr_array_index (group->items, j), "%s", entry_error->message);
              if (values_only != NULL)
                {
                  g_clear_error (&entry_error);
                  if (sp_case_data_add_entry (data, g_steal_pointer (&values_only), protocol, drugs,
                                              &entry_error) != NULL)
                    {
                      import->n_added += n;
                      import->n_entries++;
                    }
                }
              for (guint j = i; entry_error != NULL && j < end; j++)
                {
                  ImportValue *value = g_ptr_array_index (values, j);

                  if (!value->dropped)
                    add_skip (import, value->item, "%s", entry_error->message);
                }
            }
        }
      i = end;
    }

  return g_steal_pointer (&import);
}
