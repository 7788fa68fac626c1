/* sp-protocol.c: the treatment algorithm as data (data/protocols/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model: it owns what a protocol file says and answers questions about
 * it (steps, criteria, targets, accepted inputs). sp-protocol-loader.c
 * reads the file into it; sp-protocol-private.h is what the two share.
 */
#define G_LOG_DOMAIN "sp-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-protocol-private.h"

G_DEFINE_FINAL_TYPE (SpProtocol, sp_protocol, G_TYPE_OBJECT)

/* The nicks of SP_TYPE_SEVERITY are the ids of the JSON contract ("info",
 * "warning", "soft-limit", "hard-limit"), exactly; test-protocol pins them.
 * The words a clinician reads are sp_severity_get_label () (sp-format.h). */
const char *
sp_severity_to_string (SpSeverity severity)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_SEVERITY);
  const GEnumValue *value = g_enum_get_value (klass, severity);

  g_return_val_if_fail (value != NULL, "warning");
  return value->value_nick;
}

static void
expr_free (gpointer data)
{
  SpExpr *expr = data;

  g_clear_pointer (&expr->children, g_ptr_array_unref);
  g_free (expr);
}

static void
monitor_item_free (gpointer data)
{
  SpProtocolMonitorItem *item = data;

  g_free (item->fields);
  g_free (item);
}


static void
score_free (gpointer data)
{
  SpProtocolScore *score = data;

  g_free (score->terms);
  g_free (score);
}

static void
staging_free (SpStaging *staging)
{
  g_free ((SpStage *) staging->stages);
  g_free (staging);
}

SpStep *
sp_protocol_step_new (void)
{
  SpStep *step = g_new0 (SpStep, 1);

  step->actions = g_ptr_array_new_with_free_func (g_free);
  step->notes = g_ptr_array_new_with_free_func (g_free);
  return step;
}

static void
step_free (gpointer data)
{
  SpStep *step = data;

  g_clear_pointer (&step->actions, g_ptr_array_unref);
  g_clear_pointer (&step->notes, g_ptr_array_unref);
  g_free (step);
}

static void
criterion_free (gpointer data)
{
  SpProtocolCriterion *criterion = data;

  g_clear_pointer (&criterion->fields, g_array_unref);
  g_free (criterion);
}

static void
sp_protocol_finalize (GObject *object)
{
  SpProtocol *self = SP_PROTOCOL (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->disclaimer, g_free);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->parameters, g_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  g_clear_pointer (&self->dose_checks, g_array_unref);
  g_clear_pointer (&self->monitoring, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->staging, staging_free);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_pointer (&self->criterion_index, g_hash_table_unref);
  g_clear_pointer (&self->no_fields, g_array_unref);
  g_clear_pointer (&self->exprs, g_ptr_array_unref);
  g_clear_pointer (&self->arrays, g_ptr_array_unref);
  g_clear_pointer (&self->strvs, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_mutex_clear (&self->drug_memo_lock);

  G_OBJECT_CLASS (sp_protocol_parent_class)->finalize (object);
}

static void
sp_protocol_class_init (SpProtocolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_protocol_finalize;
}

static void
sp_protocol_init (SpProtocol *self)
{
  g_mutex_init (&self->drug_memo_lock);
  self->strings = g_string_chunk_new (4096);
  self->strvs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->exprs = g_ptr_array_new_with_free_func (expr_free);
  self->arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->parameters = g_array_new (FALSE, FALSE, sizeof (SpProtocolParameter));
  self->criteria = g_ptr_array_new_with_free_func (criterion_free);
  self->no_fields = g_array_new (FALSE, FALSE, sizeof (SpField));
  self->steps = g_ptr_array_new_with_free_func (step_free);
  self->rules = g_ptr_array_new_with_free_func (g_free);
  self->alerts = g_ptr_array_new_with_free_func (g_free);
  self->dose_checks = g_array_new (FALSE, FALSE, sizeof (SpDoseCheck));
  self->monitoring = g_ptr_array_new_with_free_func (monitor_item_free);
  self->scores = g_ptr_array_new_with_free_func (score_free);
  self->references = g_ptr_array_new_with_free_func (g_free);
  self->criterion_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->targets = -1;

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      self->inputs[i].field = (SpField) i;
      self->inputs[i].min = NAN;
      self->inputs[i].max = NAN;
      self->inputs[i].warn_below = NAN;
      self->inputs[i].warn_above = NAN;
    }
}

/* ---- input parsing --------------------------------------------------------- */

static gboolean
check_range (SpProtocol  *self,
             SpField      field,
             double       value,
             char       **out_warning,
             GError     **error)
{
  const SpInputDef *def = &self->inputs[field];
  const SpFieldInfo *info = sp_field_get_info (field);
  const char *unit = info->unit ? sp_field_get_unit_label (field) : "";
  g_autofree char *v = sp_format_decimal (value, 3, SP_NUMBER_LOCALE);

  /* A saturation of 0.95 % is a fraction written with a percent sign (FHIR
   * exports and spreadsheets write 0.95 for 95 %): refused, never taken as
   * 0.95 % and never multiplied by 100. No living patient has 0 < SpO₂ <= 1 %. */
  if (g_strcmp0 (info->unit, "%") == 0 && value > 0 && value <= 1)
    {
      g_autofree char *percent = sp_format_decimal (value * 100, 3, SP_NUMBER_LOCALE);

      /* Translators: "Oxygen saturation: 0.95 % looks like a fraction; saturation
       * is in percent (a fraction of 0.95 is 95 %), 0–100 %." */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                   _("%s: %s %s looks like a fraction; saturation is in percent (a fraction of %s is %s %s), 0–100 %s."),
                   sp_field_get_label (field), v, unit, v, percent, unit, unit);
      return FALSE;
    }

  if ((!isnan (def->min) && value < def->min) || (!isnan (def->max) && value > def->max))
    {
      g_autofree char *lo = isnan (def->min) ? NULL : sp_format_decimal (def->min, 3, SP_NUMBER_LOCALE);
      g_autofree char *hi = isnan (def->max) ? NULL : sp_format_decimal (def->max, 3, SP_NUMBER_LOCALE);

      if (lo != NULL && hi != NULL)
        /* Translators: "Weight: 10 kg is outside the accepted range, 20–350 kg." */
        g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                     _("%s: %s %s is outside the accepted range, %s–%s %s."),
                     sp_field_get_label (field), v, unit, lo, hi, unit);
      else if (lo != NULL)
        g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                     _("%s: %s %s is below the accepted minimum of %s %s."),
                     sp_field_get_label (field), v, unit, lo, unit);
      else
        g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE,
                     _("%s: %s %s is above the accepted maximum of %s %s."),
                     sp_field_get_label (field), v, unit, hi, unit);
      return FALSE;
    }

  if (out_warning != NULL)
    {
      *out_warning = NULL;
      if (!isnan (def->warn_below) && value < def->warn_below)
        {
          g_autofree char *lo = sp_format_decimal (def->warn_below, 3, SP_NUMBER_LOCALE);

          *out_warning = g_strdup_printf (_("%s: %s %s is below %s %s: confirm it."),
                                          sp_field_get_label (field), v, unit, lo, unit);
        }
      else if (!isnan (def->warn_above) && value > def->warn_above)
        {
          g_autofree char *hi = sp_format_decimal (def->warn_above, 3, SP_NUMBER_LOCALE);

          *out_warning = g_strdup_printf (_("%s: %s %s is above %s %s: confirm it."),
                                          sp_field_get_label (field), v, unit, hi, unit);
        }
    }
  return TRUE;
}

gboolean
sp_protocol_check_number (SpProtocol  *self,
                          SpField      field,
                          double       value,
                          char       **out_warning,
                          GError     **error)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);

  if (out_warning != NULL)
    *out_warning = NULL;

  if (!isfinite (value))
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: not a number."), sp_field_get_label (field));
      return FALSE;
    }
  if (value < 0)
    {
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_NEGATIVE,
                   _("%s: a negative value is not accepted."), sp_field_get_label (field));
      return FALSE;
    }
  return check_range (self, field, value, out_warning, error);
}

/* Does @unit (as typed) name the field's own unit? Dose units compare by
 * meaning ("µg/kg/min" is "mcg/kg/min"), others case-insensitively. */
static gboolean
unit_matches (const char *typed,
              const char *field_unit)
{
  SpDoseUnit a, b;

  if (sp_dose_unit_parse (typed, &a) && sp_dose_unit_parse (field_unit, &b))
    return sp_dose_unit_equal (a, b);
  return g_ascii_strcasecmp (typed, field_unit) == 0;
}

static gboolean
parse_number_field (SpProtocol     *self,
                    SpField         field,
                    const char     *text,
                    SpNumberStyle   style,
                    SpFieldValue   *out_value,
                    char          **out_warning,
                    GError        **error)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  const char *label = sp_field_get_label (field);
  g_autofree char *number = NULL;
  const char *unit = NULL;
  double value;

  /* "NaN", "1e2", "−70" would split into no number and a "unit" */
  if (!sp_number_check_form (text, label, FALSE, error))
    return FALSE;

  /* The number ends where the first letter, '%', '/' or non-ASCII character
   * begins: "78 kg", "78kg", "150 lb", "0.1 mcg/kg/min". */
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isalpha (*p) || *p == '%' || *p == '/' || (guchar) *p >= 0x80)
        {
          unit = p;
          break;
        }
    }

  /* "abc": a word, no number before it. */
  if (unit == text)
    {
      /* Translators: "Systolic blood pressure: “abc” is not a number; type the value in mmHg." */
      g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
                   _("%s: “%s” is not a number; type the value in %s."),
                   label, text, sp_field_get_unit_label (field));
      return FALSE;
    }

  number = unit ? g_strndup (text, unit - text) : g_strdup (text);
  /* A field with a range says it of a negative number ("Weight: -5 kg is
   * outside the accepted range, 20–350 kg"; it said "type a number of zero
   * or more", and 0 was refused too); one without refuses it as negative. */
  if (!sp_number_parse (number, style, label, !isnan (self->inputs[field].min), &value, error))
    return FALSE;

  if (unit != NULL)
    {
      g_autofree char *typed = g_strstrip (g_strdup (unit));

      if (!unit_matches (typed, info->unit))
        {
          /* Translators: "Weight: unit "lb" is not accepted; type the value in kg." */
          g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT,
                       _("%s: unit \"%s\" is not accepted; type the value in %s."),
                       label, typed, sp_field_get_unit_label (field));
          return FALSE;
        }
    }

  if (!check_range (self, field, value, out_warning, error))
    return FALSE;

  out_value->set = TRUE;
  out_value->number = value;
  return TRUE;
}

static gboolean
parse_choice_field (SpField        field,
                    const char    *text,
                    SpFieldValue  *out_value,
                    GError       **error)
{
  const SpFieldInfo *info = sp_field_get_info (field);
  g_autofree char *accepted = NULL;

  for (guint i = 0; info->choices[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (info->choices[i], text) == 0)
        {
          out_value->set = TRUE;
          out_value->choice = i;
          return TRUE;
        }
    }

  accepted = g_strjoinv (", ", (char **) info->choices);
  g_set_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_INVALID,
               _("%s: \"%s\" is not accepted; accepted: %s."),
               sp_field_get_label (field), text, accepted);
  return FALSE;
}

gboolean
sp_protocol_parse_field (SpProtocol     *self,
                         SpField         field,
                         const char     *text,
                         SpNumberStyle   style,
                         SpFieldValue   *out_value,
                         char          **out_warning,
                         GError        **error)
{
  g_autofree char *trimmed = NULL;
  SpFieldValue value = { FALSE, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  if (out_warning != NULL)
    *out_warning = NULL;

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      *out_value = value;
      return TRUE;
    }

  if (sp_field_get_info (field)->kind == SP_FIELD_KIND_NUMBER)
    ok = parse_number_field (self, field, trimmed, style, &value, out_warning, error);
  else
    ok = parse_choice_field (field, trimmed, &value, error);

  if (ok)
    *out_value = value;
  return ok;
}

/* ---- getters ---------------------------------------------------------------- */

/* sp_protocol_get_MEMBER (): one of the protocol's own strings. */
#define STRING_GETTER(member)                             \
  const char *                                            \
  sp_protocol_get_##member (SpProtocol *self)             \
  {                                                       \
    g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);   \
    return self->member;                                  \
  }

STRING_GETTER (id)
STRING_GETTER (name)
STRING_GETTER (version)
STRING_GETTER (source)
STRING_GETTER (file)
STRING_GETTER (disclaimer)

#undef STRING_GETTER

const SpInputDef *
sp_protocol_get_input (SpProtocol *self,
                       SpField     field)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (field < SP_N_FIELDS, NULL);
  return &self->inputs[field];
}

/* sp_protocol_get_n_NOUN (): how many the protocol holds. */
#define COUNT_GETTER(noun)                                \
  guint                                                   \
  sp_protocol_get_n_##noun (SpProtocol *self)             \
  {                                                       \
    g_return_val_if_fail (SP_IS_PROTOCOL (self), 0);      \
    return self->noun->len;                               \
  }

COUNT_GETTER (steps)
COUNT_GETTER (criteria)
COUNT_GETTER (alerts)
COUNT_GETTER (monitoring)
COUNT_GETTER (references)
COUNT_GETTER (rules)
COUNT_GETTER (scores)
COUNT_GETTER (dose_checks)

#undef COUNT_GETTER

/* sp_protocol_get_NAME (self, index): @what of the item at @index of the
 * array @noun, whose items are @Item*, e.g. &item->pub or item->expr. */
#define ITEM_GETTER(Type, name, noun, Item, what)                 \
  Type                                                            \
  sp_protocol_get_##name (SpProtocol *self,                       \
                          guint       index)                      \
  {                                                               \
    const Item *item;                                             \
                                                                  \
    g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);           \
    g_return_val_if_fail (index < self->noun->len, NULL);         \
    item = g_ptr_array_index (self->noun, index);                 \
    return what;                                                  \
  }

ITEM_GETTER (const SpStep *,        step,               steps,      SpStep,                item)
ITEM_GETTER (const SpReference *,   reference,          references, SpReference,           item)
ITEM_GETTER (const SpCriterion *,   criterion,          criteria,   SpProtocolCriterion,   &item->pub)
ITEM_GETTER (const SpExpr *,        criterion_expr,     criteria,   SpProtocolCriterion,   item->expr)
ITEM_GETTER (const SpRule *,        rule,               rules,      SpProtocolRule,        &item->pub)
ITEM_GETTER (const SpExpr *,        rule_expr,          rules,      SpProtocolRule,        item->expr)
ITEM_GETTER (const SpAlertDef *,    alert,              alerts,     SpProtocolAlert,       &item->pub)
ITEM_GETTER (const SpExpr *,        alert_expr,         alerts,     SpProtocolAlert,       item->expr)
ITEM_GETTER (GPtrArray *,           alert_alternatives, alerts,     SpProtocolAlert,       item->alternatives)
ITEM_GETTER (const SpMonitorItem *, monitoring,         monitoring, SpProtocolMonitorItem, &item->pub)
ITEM_GETTER (const SpExpr *,        monitoring_expr,    monitoring, SpProtocolMonitorItem, item->expr)
ITEM_GETTER (const SpScore *,       score,              scores,     SpProtocolScore,       &item->pub)

#undef ITEM_GETTER

GArray *
sp_protocol_get_criterion_fields (SpProtocol *self,
                                  guint       index)
{
  const SpProtocolCriterion *criterion;

  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (index < self->criteria->len, NULL);

  criterion = g_ptr_array_index (self->criteria, index);
  return criterion->fields != NULL ? criterion->fields : self->no_fields;
}

/* sp_protocol_peek_NOUN (self, &n): the array @noun of @Item*. */
#define PEEK(Item, noun)                                          \
  const Item * const *                                            \
  sp_protocol_peek_##noun (SpProtocol *self,                      \
                           guint      *out_n)                     \
  {                                                               \
    g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);           \
    g_return_val_if_fail (out_n != NULL, NULL);                   \
    *out_n = self->noun->len;                                     \
    return (const Item * const *) self->noun->pdata;              \
  }

PEEK (SpProtocolCriterion,   criteria)
PEEK (SpProtocolRule,        rules)
PEEK (SpProtocolAlert,       alerts)
PEEK (SpProtocolMonitorItem, monitoring)

#undef PEEK

GArray *
sp_protocol_get_no_fields (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  return self->no_fields;
}

void
sp_protocol_get_drug_memo (SpProtocol *self,
                           guint64     library,
                           SpDrugMemo *out_memo)
{
  g_return_if_fail (SP_IS_PROTOCOL (self));
  g_return_if_fail (out_memo != NULL);

  g_mutex_lock (&self->drug_memo_lock);
  if (self->drug_memo.library == library)
    *out_memo = self->drug_memo;
  else
    {
      out_memo->library = library;
      out_memo->len = 0;
    }
  g_mutex_unlock (&self->drug_memo_lock);
}

void
sp_protocol_keep_drug_memo (SpProtocol       *self,
                            const SpDrugMemo *memo)
{
  g_return_if_fail (SP_IS_PROTOCOL (self));
  g_return_if_fail (memo != NULL);

  g_mutex_lock (&self->drug_memo_lock);
  if (memo->library != self->drug_memo.library || memo->len > self->drug_memo.len)
    self->drug_memo = *memo;
  g_mutex_unlock (&self->drug_memo_lock);
}

static void
add_field (GArray  *fields,
           SpField  field)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_array_index (fields, SpField, i) == field)
      return;
  g_array_append_val (fields, field);
}

/* What the engine's eval () collects as the fields read: every leaf's field
 * (and the field it is compared with), every child of every node (Kleene
 * operators read all their children), and a referenced criterion's fields. */
static void
collect_fields (SpProtocol   *self,
                const SpExpr *expr,
                GArray       *fields)
{
  switch (expr->kind)
    {
    case SP_EXPR_COMPARE:
      add_field (fields, expr->field);
      if (expr->with_field)
        add_field (fields, expr->other_field);
      break;

    case SP_EXPR_IS:
    case SP_EXPR_RUNNING:
    case SP_EXPR_ENTERED:
      add_field (fields, expr->field);
      break;

    case SP_EXPR_REF:
      {
        GArray *ref = sp_protocol_get_criterion_fields (self, expr->criterion);

        for (guint i = 0; ref != NULL && i < ref->len; i++)
          add_field (fields, g_array_index (ref, SpField, i));
      }
      break;

    case SP_EXPR_ALL:
    case SP_EXPR_ANY:
    case SP_EXPR_NOT:
    case SP_EXPR_AT_LEAST:
    default:
      for (guint i = 0; expr->children != NULL && i < expr->children->len; i++)
        collect_fields (self, g_ptr_array_index (expr->children, i), fields);
      break;
    }
}

void
sp_protocol_criterion_set_fields (SpProtocol *self)
{
  SpProtocolCriterion *criterion;

  g_return_if_fail (SP_IS_PROTOCOL (self));
  g_return_if_fail (self->criteria->len > 0);

  criterion = g_ptr_array_index (self->criteria, self->criteria->len - 1);
  g_return_if_fail (criterion->expr != NULL);
  g_clear_pointer (&criterion->fields, g_array_unref);
  criterion->fields = g_array_new (FALSE, FALSE, sizeof (SpField));
  collect_fields (self, criterion->expr, criterion->fields);
}

/* The item of @items whose id (the string at @id_offset in it) is @id, or NULL. */
static gconstpointer
find_by_id (GPtrArray  *items,
            glong       id_offset,
            const char *id)
{
  for (guint i = 0; i < items->len; i++)
    {
      gconstpointer item = g_ptr_array_index (items, i);

      if (g_strcmp0 (G_STRUCT_MEMBER (const char *, item, id_offset), id) == 0)
        return item;
    }
  return NULL;
}

const SpStep *
sp_protocol_find_step (SpProtocol *self,
                       const char *id)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  return find_by_id (self->steps, G_STRUCT_OFFSET (SpStep, id), id);
}

const SpReference *
sp_protocol_find_reference (SpProtocol *self,
                            const char *id)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  return find_by_id (self->references, G_STRUCT_OFFSET (SpReference, id), id);
}

gboolean
sp_protocol_lookup_criterion (SpProtocol *self,
                              const char *id,
                              guint      *out_index)
{
  gpointer value;

  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);

  value = id ? g_hash_table_lookup (self->criterion_index, id) : NULL;
  if (value == NULL)
    return FALSE;
  if (out_index != NULL)
    *out_index = GPOINTER_TO_UINT (value) - 1;
  return TRUE;
}

const SpCriterion *
sp_protocol_find_criterion (SpProtocol *self,
                            const char *id)
{
  guint index;

  if (!sp_protocol_lookup_criterion (self, id, &index))
    return NULL;
  return sp_protocol_get_criterion (self, index);
}

GPtrArray *
sp_protocol_get_action_alternatives (SpProtocol     *self,
                                     const SpAction *action)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  /* Every SpAction of a protocol is the first member of an SpProtocolAction. */
  return ((const SpProtocolAction *) action)->alternatives;
}

const SpDoseCheck *
sp_protocol_get_dose_check (SpProtocol *self,
                            guint       index)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (index < self->dose_checks->len, NULL);
  return &g_array_index (self->dose_checks, SpDoseCheck, index);
}

/* The comparisons of @field with a value inside @expr, following
 * references to other criteria. */
static void
collect_target (SpProtocol   *self,
                const SpExpr *expr,
                SpField       field,
                double       *low,
                double       *high,
                guint         depth)
{
  if (expr == NULL || depth > 32)
    return;

  switch (expr->kind)
    {
    case SP_EXPR_COMPARE:
      if (expr->field != field || expr->with_field)
        return;
      if (expr->op == SP_COMPARE_GE || expr->op == SP_COMPARE_GT)
        *low = isnan (*low) ? expr->value : MAX (*low, expr->value);
      else
        *high = isnan (*high) ? expr->value : MIN (*high, expr->value);
      return;

    case SP_EXPR_ALL:
      for (guint i = 0; i < expr->children->len; i++)
        collect_target (self, g_ptr_array_index (expr->children, i), field, low, high, depth + 1);
      return;

    case SP_EXPR_REF:
      collect_target (self, sp_protocol_get_criterion_expr (self, expr->criterion), field,
                      low, high, depth + 1);
      return;

    case SP_EXPR_ANY:
    case SP_EXPR_NOT:
    case SP_EXPR_AT_LEAST:
    case SP_EXPR_IS:
    case SP_EXPR_RUNNING:
    case SP_EXPR_ENTERED:
    default:
      /* Alternatives and negations are no band. */
      return;
    }
}

gboolean
sp_protocol_get_target (SpProtocol *self,
                        SpField     field,
                        double     *out_low,
                        double     *out_high)
{
  double low = NAN, high = NAN;

  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);
  g_return_val_if_fail (field < SP_N_FIELDS, FALSE);

  if (self->targets >= 0)
    collect_target (self, sp_protocol_get_criterion_expr (self, (guint) self->targets), field,
                    &low, &high, 0);
  if (out_low != NULL)
    *out_low = low;
  if (out_high != NULL)
    *out_high = high;
  return !isnan (low) || !isnan (high);
}

const SpStaging *
sp_protocol_get_staging (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->staging;
}
