/* sp-protocol-loader.c: reading a protocol from data/protocols/ or a site's
 * own file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading is all or nothing: the file is parsed safely and validated against
 * protocol.rng (sp-xml.c), then every cross reference is checked (citations,
 * steps, criteria, parameters, choices, drug dose units). A file that fails
 * any check is refused whole with "file:line: problem"; nothing of a
 * half-read protocol is ever used.
 */
#define G_LOG_DOMAIN "sp-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-format.h"
#include "sp-protocol-private.h"
#include "sp-xml.h"

#define PROTOCOL_DEFAULT  "/io/github/shockpath/ShockPath/core/protocols/cardiogenic-shock.xml"
#define FORMAT_VERSION    1

static const SpXmlFormat protocol_format = {
  "protocol", FORMAT_VERSION, N_("protocol"), "/io/github/shockpath/ShockPath/core/protocol.rng"
};

typedef struct {
  SpProtocol *self;
  GHashTable *reference_ids;   /* set */
  GHashTable *step_ids;        /* set */
  gboolean    inputs_seen[SP_N_FIELDS];
} Loader;

static const char *
intern (SpProtocol *self,
        const char *text)
{
  return text ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

/* Takes a newly allocated string, returns the pooled copy. */
static const char *
intern_take (SpProtocol *self,
             char       *text)
{
  const char *ret = intern (self, text);

  g_free (text);
  return ret;
}

static const char * const *
keep_strv (SpProtocol *self,
           GStrv       strv)
{
  g_ptr_array_add (self->strvs, strv);
  return (const char * const *) strv;
}

/* Keeps @array alive as long as the protocol; returns it. */
static GPtrArray *
keep_array (SpProtocol *self,
            GPtrArray  *array)
{
  g_ptr_array_add (self->arrays, array);
  return array;
}

static const char *
localized (Loader     *loader,
           xmlNodePtr  node,
           const char *name)
{
  return intern_take (loader->self, sp_xml_get_localized_child (node, name));
}

/* The first of @ids that is not in the set @known, or NULL. */
static const char *
first_unknown (char       **ids,
               GHashTable  *known)
{
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_hash_table_contains (known, ids[i]))
      return ids[i];
  return NULL;
}

/* The "cite" attribute, every id checked against <references>. */
static gboolean
load_cites (Loader               *loader,
            xmlNodePtr            node,
            const char * const  **out_cites,
            GError              **error)
{
  g_auto(GStrv) cites = sp_xml_get_idrefs (node, "cite");
  const char *unknown = first_unknown (cites, loader->reference_ids);

  if (unknown != NULL)
    {
      sp_xml_set_content_error (error, node, _("cites \"%s\", which is not in <references>"),
                                unknown);
      return FALSE;
    }
  *out_cites = keep_strv (loader->self, g_steal_pointer (&cites));
  return TRUE;
}

/* What a listed item (an action, a monitoring item, a score, the staging)
 * has: its "id", its text in the user's language (the child element
 * @text_name) and its citations. */
static gboolean
load_item (Loader               *loader,
           xmlNodePtr            node,
           const char           *text_name,
           const char          **out_id,
           const char          **out_text,
           const char * const  **out_cites,
           GError              **error)
{
  *out_id = intern_take (loader->self, sp_xml_get_prop (node, "id"));
  *out_text = localized (loader, node, text_name);
  return load_cites (loader, node, out_cites, error);
}

/* How many child elements of @node are called @name: the length of the
 * array their loop fills. */
static guint
count_elements (xmlNodePtr  node,
                const char *name)
{
  guint n = 0;

  SP_XML_FOREACH_ELEMENT (node, child)
    if (sp_xml_is (child, name))
      n++;
  return n;
}

static gboolean
load_field (xmlNodePtr    node,
            const char   *attribute,
            SpFieldKind  *require_kind,
            SpField      *out_field,
            GError      **error)
{
  g_autofree char *id = sp_xml_get_prop (node, attribute);

  /* The schema lists the field ids; this only guards against a schema drift. */
  if (id == NULL || !sp_field_from_id (id, out_field))
    {
      sp_xml_set_content_error (error, node, _("unknown field \"%s\""), id ? id : "");
      return FALSE;
    }
  if (require_kind != NULL && sp_field_get_info (*out_field)->kind != *require_kind)
    {
      sp_xml_set_content_error (error, node,
                                *require_kind == SP_FIELD_KIND_NUMBER
                                ? _("field \"%s\" is not a number")
                                : _("field \"%s\" is not a choice"),
                                id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
lookup_parameter (SpProtocol  *self,
                  const char  *id,
                  double      *out_value,
                  const char **out_unit)
{
  for (guint i = 0; i < self->parameters->len; i++)
    {
      const SpProtocolParameter *p = &g_array_index (self->parameters, SpProtocolParameter, i);

      if (g_str_equal (p->id, id))
        {
          *out_value = p->value;
          if (out_unit != NULL)
            *out_unit = p->unit;
          return TRUE;
        }
    }
  return FALSE;
}

static SpExpr *load_expr (Loader *loader, xmlNodePtr node, GError **error);

static gboolean
load_children (Loader      *loader,
               xmlNodePtr   node,
               SpExpr      *expr,
               GError     **error)
{
  expr->children = g_ptr_array_new ();
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpExpr *sub = load_expr (loader, child, error);

      if (sub == NULL)
        return FALSE;
      g_ptr_array_add (expr->children, sub);
    }
  return TRUE;
}

static SpExpr *
load_expr (Loader      *loader,
           xmlNodePtr   node,
           GError     **error)
{
  SpProtocol *self = loader->self;
  SpFieldKind number = SP_FIELD_KIND_NUMBER;
  SpFieldKind choice = SP_FIELD_KIND_CHOICE;
  SpExpr *expr = g_new0 (SpExpr, 1);

  g_ptr_array_add (self->exprs, expr);

  if (sp_xml_is (node, "compare"))
    {
      g_autofree char *op = sp_xml_get_prop (node, "op");
      g_autofree char *param = sp_xml_get_prop (node, "param");
      g_autofree char *with_field = sp_xml_get_prop (node, "with-field");

      expr->kind = SP_EXPR_COMPARE;
      if (!load_field (node, "field", &number, &expr->field, error))
        return NULL;
      if (g_strcmp0 (op, "lt") == 0)
        expr->op = SP_COMPARE_LT;
      else if (g_strcmp0 (op, "le") == 0)
        expr->op = SP_COMPARE_LE;
      else if (g_strcmp0 (op, "gt") == 0)
        expr->op = SP_COMPARE_GT;
      else
        expr->op = SP_COMPARE_GE;

      expr->value = NAN;
      if (with_field != NULL)
        {
          /* Field against field (MAP above SBP): the numbers stay in the
           * patient's data, none in the protocol or in C. */
          if (!load_field (node, "with-field", &number, &expr->other_field, error))
            return NULL;
          if (expr->other_field == expr->field)
            {
              sp_xml_set_content_error (error, node, _("field \"%s\" is compared with itself"),
                                        with_field);
              return NULL;
            }
          expr->with_field = TRUE;
        }
      else if (param != NULL)
        {
          const char *unit = NULL;
          const char *field_unit = sp_field_get_info (expr->field)->unit;

          if (!lookup_parameter (self, param, &expr->value, &unit))
            {
              sp_xml_set_content_error (error, node, _("unknown parameter \"%s\""), param);
              return NULL;
            }
          /* The value is compared as a number in the field's unit: a
           * threshold written in another (1 mcg/kg/h for norepinephrine in
           * mcg/kg/min) was read as 1 mcg/kg/min, 60 times too high. */
          if (unit != NULL && g_strcmp0 (unit, field_unit) != 0)
            {
              sp_xml_set_content_error (error, node,
                                        _("parameter \"%s\" is in %s, but %s is compared in %s: "
                                          "write its value in %s"),
                                        param, unit, sp_field_get_info (expr->field)->id,
                                        field_unit != NULL ? field_unit : "-",
                                        field_unit != NULL ? field_unit : "-");
              return NULL;
            }
        }
      else if (!sp_xml_get_double (node, "value", &expr->value, error))
        return NULL;
    }
  else if (sp_xml_is (node, "is"))
    {
      g_auto(GStrv) values = sp_xml_get_idrefs (node, "value");

      expr->kind = SP_EXPR_IS;
      if (!load_field (node, "field", &choice, &expr->field, error))
        return NULL;
      for (guint i = 0; values[i] != NULL; i++)
        {
          int index = sp_field_choice_index (expr->field, values[i]);

          if (index < 0)
            {
              sp_xml_set_content_error (error, node, _("\"%s\" is not a choice of field \"%s\""),
                                        values[i], sp_field_get_info (expr->field)->id);
              return NULL;
            }
          expr->choices |= 1u << index;
        }
    }
  else if (sp_xml_is (node, "running"))
    {
      expr->kind = SP_EXPR_RUNNING;
      if (!load_field (node, "field", NULL, &expr->field, error))
        return NULL;
      if (sp_field_get_info (expr->field)->kind == SP_FIELD_KIND_CHOICE &&
          sp_field_choice_index (expr->field, "none") < 0)
        {
          sp_xml_set_content_error (error, node, _("field \"%s\" is not a therapy"),
                                    sp_field_get_info (expr->field)->id);
          return NULL;
        }
    }
  else if (sp_xml_is (node, "entered"))
    {
      expr->kind = SP_EXPR_ENTERED;
      if (!load_field (node, "field", NULL, &expr->field, error))
        return NULL;
    }
  else if (sp_xml_is (node, "all") || sp_xml_is (node, "any") || sp_xml_is (node, "not"))
    {
      expr->kind = sp_xml_is (node, "all") ? SP_EXPR_ALL
                 : sp_xml_is (node, "any") ? SP_EXPR_ANY
                 : SP_EXPR_NOT;
      if (!load_children (loader, node, expr, error))
        return NULL;
    }
  else if (sp_xml_is (node, "at-least"))
    {
      g_autofree char *count = sp_xml_get_prop (node, "count");
      guint64 n = 0;

      expr->kind = SP_EXPR_AT_LEAST;
      if (!load_children (loader, node, expr, error))
        return NULL;
      if (!g_ascii_string_to_unsigned (count, 10, 1, expr->children->len, &n, NULL))
        {
          sp_xml_set_content_error (error, node,
                                    _("<at-least count=\"%s\">: the count must be 1 to %u, "
                                      "the number of expressions inside"),
                                    count, expr->children->len);
          return NULL;
        }
      expr->count = (guint) n;
    }
  else if (sp_xml_is (node, "ref"))
    {
      g_autofree char *id = sp_xml_get_prop (node, "criterion");
      g_autofree char *is = sp_xml_get_prop (node, "is");
      gpointer index;

      expr->kind = SP_EXPR_REF;
      /* Only criteria defined before this point: no cycles, one pass. */
      index = g_hash_table_lookup (self->criterion_index, id);
      if (index == NULL)
        {
          sp_xml_set_content_error (error, node,
                                    _("criterion \"%s\" is not defined before it is used"), id);
          return NULL;
        }
      expr->criterion = GPOINTER_TO_UINT (index) - 1;
      expr->unmet_or_unknown = g_strcmp0 (is, "unmet-or-unknown") == 0;
    }
  else
    {
      sp_xml_set_content_error (error, node, _("unexpected element <%s>"), node->name);
      return NULL;
    }

  return expr;
}

/* The only element child of @node that is an expression. */
static SpExpr *
load_expr_child (Loader      *loader,
                 xmlNodePtr   node,
                 GError     **error)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "text") || sp_xml_is (child, "note") ||
          sp_xml_is (child, "reason") || sp_xml_is (child, "message") ||
          sp_xml_is (child, "when") || sp_xml_is (child, "instead"))
        continue;
      return load_expr (loader, child, error);
    }
  sp_xml_set_content_error (error, node, _("a condition is missing"));
  return NULL;
}

/* What a "{name}" placeholder of a text becomes: newly allocated text, or
 * NULL, with @error set naming @node's line, when it may not stand there. */
typedef char * (*PlaceholderFunc) (xmlNodePtr   node,
                                   const char  *name,
                                   gpointer     data,
                                   GError     **error);

static void
set_unknown_placeholder (GError     **error,
                         xmlNodePtr   node,
                         const char  *name)
{
  sp_xml_set_content_error (error, node, _("unknown placeholder \"{%s}\""), name);
}

/* The text of @node with each "{name}" replaced by what @expand makes of
 * it; NULL, with @error set, at the first it refuses or at a "{" that is
 * never closed (named up to the end of the text). */
static char *
expand_placeholders (xmlNodePtr        node,
                     PlaceholderFunc   expand,
                     gpointer          data,
                     GError          **error)
{
  g_autofree char *text = sp_xml_get_text (node);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text != NULL ? text : "";
  const char *open;

  while ((open = strchr (p, '{')) != NULL)
    {
      const char *close = strchr (open, '}');
      g_autofree char *name = close != NULL ? g_strndup (open + 1, close - open - 1)
                                            : g_strdup (open + 1);
      g_autofree char *value = NULL;

      if (close == NULL)
        {
          set_unknown_placeholder (error, node, name);
          return NULL;
        }
      value = expand (node, name, data, error);
      if (value == NULL)
        return NULL;
      g_string_append_len (out, p, open - p);
      g_string_append (out, value);
      p = close + 1;
    }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A placeholder the engine fills, kept as it is: a patient field id, or
 * with @data (TRUE) "{dose}" and "{rate}". */
static char *
keep_engine_placeholder (xmlNodePtr   node,
                         const char  *name,
                         gpointer     data,
                         GError     **error)
{
  gboolean dose_and_rate = GPOINTER_TO_INT (data);
  SpField field;

  if ((dose_and_rate && (g_str_equal (name, "dose") || g_str_equal (name, "rate"))) ||
      sp_field_from_id (name, &field))
    return g_strdup_printf ("{%s}", name);
  set_unknown_placeholder (error, node, name);
  return NULL;
}

/* Every "{name}" in the <@name> children of @node must be one the engine
 * fills: a patient field id, or with @dose_and_rate "{dose}" and "{rate}".
 * A typo would otherwise reach the screen as "{sbq}". */
static gboolean
check_placeholders (xmlNodePtr   node,
                    const char  *name,
                    gboolean     dose_and_rate,
                    GError     **error)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_autofree char *checked = NULL;

      if (!sp_xml_is (child, name))
        continue;
      checked = expand_placeholders (child, keep_engine_placeholder,
                                     GINT_TO_POINTER (dose_and_rate), error);
      if (checked == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The <instead> children of @node: a text (the <@name> variants) with its
 * condition, appended to @alternatives. */
static gboolean
load_alternatives (Loader      *loader,
                   xmlNodePtr   node,
                   const char  *name,
                   gboolean     dose_and_rate,
                   GPtrArray   *alternatives,
                   GError     **error)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpTextAlternative *alternative;
      SpExpr *when;

      if (!sp_xml_is (child, "instead"))
        continue;
      if (!check_placeholders (child, name, dose_and_rate, error))
        return FALSE;
      when = load_expr_child (loader, sp_xml_get_child (child, "when"), error);
      if (when == NULL)
        return FALSE;
      alternative = g_new0 (SpTextAlternative, 1);
      alternative->when = when;
      alternative->text = localized (loader, child, name);
      g_ptr_array_add (alternatives, alternative);
    }
  return TRUE;
}

static gboolean
load_header (Loader      *loader,
             xmlNodePtr   root,
             GError     **error)
{
  SpProtocol *self = loader->self;

  self->id = sp_xml_get_prop (root, "id");
  self->version = sp_xml_get_prop (root, "version");
  self->name = sp_xml_get_localized_child (root, "name");
  self->source = sp_xml_get_localized_child (root, "source");
  self->disclaimer = sp_xml_get_localized_child (root, "disclaimer");
  return TRUE;
}

static gboolean
load_reference (xmlNodePtr   node,
                gpointer     data,
                GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpReference *ref = g_new0 (SpReference, 1);

  ref->id = intern_take (self, sp_xml_get_prop (node, "id"));
  ref->text = intern_take (self, sp_xml_get_localized_content (node));
  g_ptr_array_add (self->references, ref);
  if (!g_hash_table_add (loader->reference_ids, (gpointer) ref->id))
    {
      sp_xml_set_content_error (error, node, _("reference \"%s\" is defined twice"), ref->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_parameter (xmlNodePtr   node,
                gpointer     data,
                GError     **error)
{
  Loader *loader = data;
  SpProtocolParameter p = { NULL, NAN };
  const char * const *cites;
  g_autofree char *id = sp_xml_get_prop (node, "id");
  double ignored;

  if (lookup_parameter (loader->self, id, &ignored, NULL))
    {
      sp_xml_set_content_error (error, node, _("parameter \"%s\" is defined twice"), id);
      return FALSE;
    }
  p.id = intern (loader->self, id);
  p.unit = intern_take (loader->self, sp_xml_get_prop (node, "unit"));
  if (!sp_xml_get_double (node, "value", &p.value, error) ||
      !load_cites (loader, node, &cites, error))
    return FALSE;
  g_array_append_val (loader->self->parameters, p);
  return TRUE;
}

static gboolean
load_input (xmlNodePtr   node,
            gpointer     data,
            GError     **error)
{
  Loader *loader = data;
  SpFieldKind number = SP_FIELD_KIND_NUMBER;
  SpField field;
  SpInputDef *def;

  if (!load_field (node, "field", &number, &field, error))
    return FALSE;
  if (loader->inputs_seen[field])
    {
      sp_xml_set_content_error (error, node, _("input \"%s\" is defined twice"),
                                sp_field_get_info (field)->id);
      return FALSE;
    }
  loader->inputs_seen[field] = TRUE;
  def = &loader->self->inputs[field];
  if (!sp_xml_get_double (node, "min", &def->min, error) ||
      !sp_xml_get_double (node, "max", &def->max, error) ||
      !sp_xml_get_double (node, "warn-below", &def->warn_below, error) ||
      !sp_xml_get_double (node, "warn-above", &def->warn_above, error) ||
      !load_cites (loader, node, &def->cites, error))
    return FALSE;
  if (def->min > def->max || def->warn_below < def->min || def->warn_above > def->max ||
      def->warn_below > def->warn_above)
    {
      sp_xml_set_content_error (error, node, _("the bounds of input \"%s\" are not in order"),
                                sp_field_get_info (field)->id);
      return FALSE;
    }
  return TRUE;
}

/* ---- the numbers in a criterion's text ------------------------------------
 *
 * A criterion's <text> takes the numbers its condition compares with from
 * the condition itself, so that a site changes a threshold in one place:
 * "Elevated lactate: &gt; {value} mmol/L" beside <compare field="lactate"
 * op="gt" value="2"/> reads "Elevated lactate: > 2 mmol/L" (and "0,5", with
 * a decimal comma, in a German, French or Spanish text). The placeholders
 * (documented in protocol.rng):
 *   {value}        the one number the condition compares with
 *   {value:FIELD}  the one number FIELD is compared with ("{value:sbp}")
 *   {low}, {high}  (also {low:FIELD}, {high:FIELD}) the one lower bound (a
 *                  "gt" or "ge" comparison) or upper bound ("lt", "le"), for
 *                  a range such as "{low:lactate}–{high:lactate} mmol/L"
 * The condition includes the criteria it refers to (<ref>); a number is a
 * value="" or a parameter's value, never a with-field comparison. A
 * placeholder that names nothing, no number, or several different numbers
 * refuses the file. */

typedef enum {
  BOUND_ANY,
  BOUND_LOW,
  BOUND_HIGH,
} Bound;

typedef struct {
  Bound     bound;
  gboolean  any_field;
  SpField   field;
} NumberPlaceholder;

/* Reads the inside of "{...}"; FALSE when it is no number placeholder. */
static gboolean
parse_number_placeholder (const char        *name,
                          NumberPlaceholder *out)
{
  const char *colon = strchr (name, ':');
  g_autofree char *word = colon != NULL ? g_strndup (name, colon - name) : g_strdup (name);

  if (g_str_equal (word, "value"))
    out->bound = BOUND_ANY;
  else if (g_str_equal (word, "low"))
    out->bound = BOUND_LOW;
  else if (g_str_equal (word, "high"))
    out->bound = BOUND_HIGH;
  else
    return FALSE;
  out->any_field = colon == NULL;
  return colon == NULL || sp_field_from_id (colon + 1, &out->field);
}

/* Adds to @numbers each distinct number @expr compares with that @wanted
 * asks for, following references to earlier criteria. */
static void
collect_numbers (SpProtocol              *self,
                 const SpExpr            *expr,
                 const NumberPlaceholder *wanted,
                 GArray                  *numbers,
                 guint                    depth)
{
  if (expr == NULL || depth > 32)
    return;

  if (expr->kind == SP_EXPR_COMPARE)
    {
      gboolean low = expr->op == SP_COMPARE_GT || expr->op == SP_COMPARE_GE;

      if (expr->with_field ||
          (!wanted->any_field && expr->field != wanted->field) ||
          (wanted->bound == BOUND_LOW && !low) ||
          (wanted->bound == BOUND_HIGH && low))
        return;
      for (guint i = 0; i < numbers->len; i++)
        if (g_array_index (numbers, double, i) == expr->value)
          return;
      g_array_append_val (numbers, expr->value);
    }
  else if (expr->kind == SP_EXPR_REF)
    collect_numbers (self, sp_protocol_get_criterion_expr (self, expr->criterion), wanted,
                     numbers, depth + 1);
  else
    for (guint i = 0; expr->children != NULL && i < expr->children->len; i++)
      collect_numbers (self, g_ptr_array_index (expr->children, i), wanted, numbers, depth + 1);
}

/* TRUE when a text tagged @lang writes a decimal comma ("0,5"). The
 * untagged original is English, with a decimal point. */
static gboolean
lang_writes_decimal_comma (const char *lang)
{
  static const char * const comma[] = {
    "bg", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fr", "gl", "hr", "hu",
    "id", "it", "lt", "lv", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl",
    "sr", "sv", "tr", "uk", "vi",
  };
  g_autofree char *language = NULL;

  if (lang == NULL)
    return FALSE;
  language = g_ascii_strdown (lang, strcspn (lang, "-_"));
  return g_strv_contains (comma, language);
}

/* What a criterion's number placeholders are filled from. */
typedef struct {
  SpProtocol    *self;
  const SpExpr  *expr;            /* the criterion's condition */
  gboolean       decimal_comma;   /* the text's language writes "0,5" */
} NumberSource;

/* The number a placeholder of a criterion's text names, as the text writes
 * it; NULL, with an error naming @node's line, when it names not one number. */
static char *
fill_number (xmlNodePtr   node,
             const char  *name,
             gpointer     data,
             GError     **error)
{
  const NumberSource *source = data;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));
  NumberPlaceholder wanted;
  char *number;

  if (!parse_number_placeholder (name, &wanted))
    {
      set_unknown_placeholder (error, node, name);
      return NULL;
    }
  collect_numbers (source->self, source->expr, &wanted, numbers, 0);
  if (numbers->len == 0)
    {
      sp_xml_set_content_error (error, node,
                                _("placeholder \"{%s}\": the criterion compares no such number"),
                                name);
      return NULL;
    }
  if (numbers->len > 1)
    {
      sp_xml_set_content_error (error, node,
                                /* Translators: {value:FIELD}, {low}, {high} are
                                 * placeholders; do not translate them. */
                                _("placeholder \"{%s}\": the criterion compares several "
                                  "different numbers; name the field ({value:FIELD}) or "
                                  "the bound ({low}, {high})"),
                                name);
      return NULL;
    }
  number = sp_format_file_number (g_array_index (numbers, double, 0));
  if (source->decimal_comma)
    g_strdelimit (number, ".", ',');
  return number;
}

/* The criterion's text in the user's language, its numbers filled in; every
 * language's text is checked, so that a wrong placeholder is found whatever
 * the language of the machine that reads the file. */
static gboolean
load_criterion_text (Loader        *loader,
                     xmlNodePtr     node,
                     const SpExpr  *expr,
                     const char   **out_text,
                     GError       **error)
{
  xmlNodePtr picked = sp_xml_get_localized_element (node, "text");

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      g_autofree char *text = NULL;
      NumberSource source = { loader->self, expr, FALSE };
      xmlChar *lang;

      if (!sp_xml_is (child, "text"))
        continue;
      lang = xmlGetNsProp (child, (const xmlChar *) "lang", XML_XML_NAMESPACE);
      source.decimal_comma = lang_writes_decimal_comma ((const char *) lang);
      xmlFree (lang);
      text = expand_placeholders (child, fill_number, &source, error);
      if (text == NULL)
        return FALSE;
      if (child == picked)
        *out_text = intern (loader->self, text);
    }
  return TRUE;
}

static gboolean
load_criterion (xmlNodePtr   node,
                gpointer     data,
                GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpProtocolCriterion *c = g_new0 (SpProtocolCriterion, 1);

  g_ptr_array_add (self->criteria, c);
  c->pub.id = intern_take (self, sp_xml_get_prop (node, "id"));
  c->pub.note = localized (loader, node, "note");
  {
    g_autofree char *scope = sp_xml_get_prop (node, "scope");
    g_autofree char *role = sp_xml_get_prop (node, "role");
    g_autofree char *finding = sp_xml_get_prop (node, "finding");

    c->pub.finding = g_strcmp0 (finding, "good") == 0 ? SP_FINDING_GOOD
                     : g_strcmp0 (finding, "bad") == 0 ? SP_FINDING_BAD
                     : SP_FINDING_NEUTRAL;
    c->pub.staging = g_strcmp0 (scope, "staging") == 0;
    if (g_strcmp0 (role, "targets") == 0)
      {
        if (self->targets >= 0)
          {
            sp_xml_set_content_error (error, node,
                                      _("a second criterion with role=\"targets\""));
            return FALSE;
          }
        self->targets = (int) self->criteria->len - 1;
      }
  }
  if (!load_cites (loader, node, &c->pub.cites, error))
    return FALSE;
  if (g_hash_table_contains (self->criterion_index, c->pub.id))
    {
      sp_xml_set_content_error (error, node, _("criterion \"%s\" is defined twice"), c->pub.id);
      return FALSE;
    }
  c->expr = load_expr_child (loader, node, error);
  if (c->expr == NULL || !load_criterion_text (loader, node, c->expr, &c->pub.text, error))
    return FALSE;
  sp_protocol_criterion_set_fields (self);
  /* Added after its expression: a criterion cannot refer to itself. */
  g_hash_table_insert (self->criterion_index, (gpointer) c->pub.id,
                       GUINT_TO_POINTER (self->criteria->len));
  return TRUE;
}

static gboolean
load_action (Loader      *loader,
             xmlNodePtr   node,
             SpStep      *step,
             GError     **error)
{
  SpProtocol *self = loader->self;
  SpProtocolAction *wrapper = g_new0 (SpProtocolAction, 1);
  SpAction *action = &wrapper->pub;
  g_autofree char *unit = sp_xml_get_prop (node, "dose-unit");

  g_ptr_array_add (step->actions, action);
  wrapper->alternatives = keep_array (self, g_ptr_array_new_with_free_func (g_free));
  action->drug_id = intern_take (self, sp_xml_get_prop (node, "drug"));
  action->dose_min = NAN;
  action->dose_max = NAN;
  if (!load_item (loader, node, "text", &action->id, &action->text, &action->cites, error) ||
      !sp_xml_get_double (node, "dose-min", &action->dose_min, error) ||
      !sp_xml_get_double (node, "dose-max", &action->dose_max, error))
    return FALSE;

  if (unit != NULL)
    {
      if (!sp_dose_unit_parse (unit, &action->dose_unit))
        {
          sp_xml_set_content_error (error, node, _("\"%s\" is not a dose unit"), unit);
          return FALSE;
        }
      action->has_dose_unit = TRUE;
    }
  if (action->dose_min > action->dose_max)
    {
      sp_xml_set_content_error (error, node, _("dose-min is above dose-max"));
      return FALSE;
    }
  return check_placeholders (node, "text", TRUE, error) &&
         load_alternatives (loader, node, "text", TRUE, wrapper->alternatives, error);
}

static gboolean
load_step (xmlNodePtr   node,
           gpointer     data,
           GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpStep *step = sp_protocol_step_new ();
  g_autofree char *column = sp_xml_get_prop (node, "column");
  g_autofree char *row = sp_xml_get_prop (node, "row");
  g_auto(GStrv) criteria = sp_xml_get_idrefs (node, "criteria");
  g_auto(GStrv) against = sp_xml_get_idrefs (node, "against");
  const char *unknown;

  g_ptr_array_add (self->steps, step);
  step->id = intern_take (self, sp_xml_get_prop (node, "id"));
  step->title = localized (loader, node, "title");
  step->summary = localized (loader, node, "summary");
  /* The schema made these non-negative integers. */
  step->column = (int) MIN (g_ascii_strtoull (column, NULL, 10), 64);
  step->row = (int) MIN (g_ascii_strtoull (row, NULL, 10), 64);
  step->next = keep_strv (self, sp_xml_get_idrefs (node, "next"));

  if (!g_hash_table_add (loader->step_ids, (gpointer) step->id))
    {
      sp_xml_set_content_error (error, node, _("step \"%s\" is defined twice"), step->id);
      return FALSE;
    }
  if (!load_cites (loader, node, &step->cites, error))
    return FALSE;
  unknown = first_unknown (criteria, self->criterion_index);
  if (unknown != NULL)
    {
      sp_xml_set_content_error (error, node, _("step shows unknown criterion \"%s\""), unknown);
      return FALSE;
    }
  for (guint i = 0; against != NULL && against[i] != NULL; i++)
    if (criteria == NULL || !g_strv_contains ((const char * const *) criteria, against[i]))
      {
        sp_xml_set_content_error (error, node,
                                  _("step counts \"%s\" against it, which is not among its "
                                    "criteria"), against[i]);
        return FALSE;
      }
  step->criteria = keep_strv (self, g_steal_pointer (&criteria));
  if (against == NULL)
    against = g_new0 (char *, 1);
  step->against = keep_strv (self, g_steal_pointer (&against));

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "action"))
        {
          if (!load_action (loader, child, step, error))
            return FALSE;
        }
      else if (sp_xml_is (child, "note"))
        {
          SpStepNote *note = g_new0 (SpStepNote, 1);
          g_autofree char *severity = sp_xml_get_prop (child, "severity");

          g_ptr_array_add (step->notes, note);
          note->text = localized (loader, child, "text");
          note->severity = g_strcmp0 (severity, "warning") == 0 ? SP_SEVERITY_WARNING
                                                                : SP_SEVERITY_INFO;
          if (!load_cites (loader, child, &note->cites, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Arrows may point forward: checked once every step is known. */
static gboolean
check_arrows (xmlNodePtr   node,
              gpointer     data,
              GError     **error)
{
  Loader *loader = data;
  g_auto(GStrv) next = sp_xml_get_idrefs (node, "next");
  const char *unknown = first_unknown (next, loader->step_ids);

  if (unknown != NULL)
    {
      sp_xml_set_content_error (error, node, _("arrow to unknown step \"%s\""), unknown);
      return FALSE;
    }
  return TRUE;
}

/* The ids of the criteria @expr refers to, in order, each once. */
static void
collect_criteria (SpProtocol    *self,
                  const SpExpr  *expr,
                  GStrvBuilder  *builder,
                  GHashTable    *seen)
{
  if (expr->kind == SP_EXPR_REF)
    {
      const char *id = sp_protocol_get_criterion (self, expr->criterion)->id;

      if (g_hash_table_add (seen, (gpointer) id))
        g_strv_builder_add (builder, id);
      return;
    }
  for (guint i = 0; expr->children != NULL && i < expr->children->len; i++)
    collect_criteria (self, g_ptr_array_index (expr->children, i), builder, seen);
}

static gboolean
load_rule (xmlNodePtr   node,
           gpointer     data,
           GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpProtocolRule *rule = g_new0 (SpProtocolRule, 1);

  g_ptr_array_add (self->rules, rule);
  /* <awaiting-data> has no step: none applies until values are entered. */
  rule->pub.step_id = intern_take (self, sp_xml_get_prop (node, "step"));
  rule->pub.reason = localized (loader, node, "reason");
  if (!sp_xml_is (node, "awaiting-data") &&
      !g_hash_table_contains (loader->step_ids, rule->pub.step_id))
    {
      sp_xml_set_content_error (error, node, _("rule leads to unknown step \"%s\""),
                                rule->pub.step_id);
      return FALSE;
    }
  if (!load_cites (loader, node, &rule->pub.cites, error))
    return FALSE;
  if (!sp_xml_is (node, "otherwise"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      rule->expr = load_expr_child (loader, node, error);
      if (rule->expr == NULL)
        return FALSE;
      collect_criteria (self, rule->expr, builder, seen);
      rule->pub.criteria = keep_strv (self, g_strv_builder_end (builder));
    }
  else
    rule->pub.criteria = keep_strv (self, g_new0 (char *, 1));
  return TRUE;
}

static gboolean
load_alert (xmlNodePtr   node,
            gpointer     data,
            GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpProtocolAlert *alert = g_new0 (SpProtocolAlert, 1);
  g_autofree char *severity = sp_xml_get_prop (node, "severity");

  g_ptr_array_add (self->alerts, alert);
  alert->alternatives = keep_array (self, g_ptr_array_new_with_free_func (g_free));
  alert->pub.id = intern_take (self, sp_xml_get_prop (node, "id"));
  alert->pub.message = localized (loader, node, "message");
  alert->pub.severity = g_strcmp0 (severity, "info") == 0 ? SP_SEVERITY_INFO
                                                          : SP_SEVERITY_WARNING;
  for (guint i = 0; i + 1 < self->alerts->len; i++)
    {
      const SpProtocolAlert *other = g_ptr_array_index (self->alerts, i);

      if (g_str_equal (other->pub.id, alert->pub.id))
        {
          sp_xml_set_content_error (error, node, _("alert \"%s\" is defined twice"),
                                    alert->pub.id);
          return FALSE;
        }
    }
  if (!load_cites (loader, node, &alert->pub.cites, error))
    return FALSE;
  alert->expr = load_expr_child (loader, sp_xml_get_child (node, "when"), error);
  return alert->expr != NULL &&
         check_placeholders (node, "message", FALSE, error) &&
         load_alternatives (loader, node, "message", FALSE, alert->alternatives, error);
}

static gboolean
load_dose_check (xmlNodePtr   node,
                 gpointer     data,
                 GError     **error)
{
  Loader *loader = data;
  SpFieldKind number = SP_FIELD_KIND_NUMBER;
  SpFieldKind choice = SP_FIELD_KIND_CHOICE;
  SpDoseCheck check = { 0, NULL, 0 };
  g_autofree char *drug = sp_xml_get_prop (node, "drug");

  if (!load_field (node, "field", &number, &check.field, error))
    return FALSE;
  if (drug != NULL)
    check.drug_id = intern (loader->self, drug);
  else if (!load_field (node, "drug-field", &choice, &check.drug_field, error))
    return FALSE;
  g_array_append_val (loader->self->dose_checks, check);
  return TRUE;
}

static gboolean
load_monitor_item (xmlNodePtr   node,
                   gpointer     data,
                   GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpProtocolMonitorItem *item = g_new0 (SpProtocolMonitorItem, 1);
  xmlNodePtr when = sp_xml_get_child (node, "when");
  g_auto(GStrv) fields = sp_xml_get_idrefs (node, "fields");

  g_ptr_array_add (self->monitoring, item);
  if (!load_item (loader, node, "text", &item->pub.id, &item->pub.text, &item->pub.cites, error))
    return FALSE;
  item->fields = g_new0 (SpField, MAX (g_strv_length (fields), 1));
  item->pub.fields = item->fields;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      /* The schema lists the field ids; this only guards against a schema drift. */
      if (!sp_field_from_id (fields[i], &item->fields[i]))
        {
          sp_xml_set_content_error (error, node, _("unknown field \"%s\""), fields[i]);
          return FALSE;
        }
      item->pub.n_fields = i + 1;
    }
  if (when != NULL)
    {
      item->expr = load_expr_child (loader, when, error);
      if (item->expr == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_score (xmlNodePtr   node,
            gpointer     data,
            GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpProtocolScore *score = g_new0 (SpProtocolScore, 1);
  g_autofree char *unit = sp_xml_get_prop (node, "unit");

  g_ptr_array_add (self->scores, score);
  score->pub.abbreviation = intern_take (self, sp_xml_get_prop (node, "abbreviation"));
  if (!load_item (loader, node, "name", &score->pub.id, &score->pub.name, &score->pub.cites, error))
    return FALSE;
  if (unit != NULL)
    {
      if (!sp_dose_unit_parse (unit, &score->pub.unit))
        {
          sp_xml_set_content_error (error, node, _("unknown dose unit \"%s\""), unit);
          return FALSE;
        }
      score->pub.has_unit = TRUE;
    }

  for (guint i = 0; i < self->scores->len - 1; i++)
    if (g_str_equal (((SpProtocolScore *) g_ptr_array_index (self->scores, i))->pub.id, score->pub.id))
      {
        sp_xml_set_content_error (error, node, _("score \"%s\" is defined twice"), score->pub.id);
        return FALSE;
      }

  score->terms = g_new0 (SpScoreTerm, MAX (count_elements (node, "term"), 1));
  score->pub.terms = score->terms;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpScoreTerm *term;
      g_autofree char *dose_unit = NULL;
      g_autofree char *factor = NULL;

      if (!sp_xml_is (child, "term"))
        continue;
      term = &score->terms[score->pub.n_terms++];
      term->drug_id = intern_take (self, sp_xml_get_prop (child, "drug"));
      dose_unit = sp_xml_get_prop (child, "dose-unit");
      factor = sp_xml_get_prop (child, "factor");
      if (!sp_dose_unit_parse (dose_unit, &term->dose_unit))
        {
          sp_xml_set_content_error (error, child, _("unknown dose unit \"%s\""), dose_unit);
          return FALSE;
        }
      /* The schema takes a decimal only. */
      term->factor = g_ascii_strtod (factor, NULL);
    }
  return TRUE;
}

static gboolean
load_staging (xmlNodePtr   node,
              gpointer     data,
              GError     **error)
{
  Loader *loader = data;
  SpProtocol *self = loader->self;
  SpStaging *staging = g_new0 (SpStaging, 1);
  SpStage *stages;

  self->staging = staging;
  if (!load_item (loader, node, "name", &staging->id, &staging->name, &staging->cites, error))
    return FALSE;

  stages = g_new0 (SpStage, MAX (count_elements (node, "stage"), 1));
  staging->stages = stages;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpStage *stage;
      gpointer index;

      if (!sp_xml_is (child, "stage"))
        continue;
      stage = &stages[staging->n_stages++];
      stage->label = intern_take (self, sp_xml_get_prop (child, "label"));
      stage->name = localized (loader, child, "name");
      stage->criterion_id = intern_take (self, sp_xml_get_prop (child, "criterion"));
      index = g_hash_table_lookup (self->criterion_index, stage->criterion_id);
      if (index == NULL)
        {
          sp_xml_set_content_error (error, child, _("stage %s: unknown criterion \"%s\""),
                                    stage->label, stage->criterion_id);
          return FALSE;
        }
      stage->criterion = GPOINTER_TO_UINT (index) - 1;
    }
  return TRUE;
}

static SpProtocol *
load_document (xmlDocPtr   doc,
               GError    **error)
{
  g_autoptr(SpProtocol) self = g_object_new (SP_TYPE_PROTOCOL, NULL);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  Loader loader = { self, NULL, NULL };
  gboolean ok;

  loader.reference_ids = g_hash_table_new (g_str_hash, g_str_equal);
  loader.step_ids = g_hash_table_new (g_str_hash, g_str_equal);

  /* In the order they may refer to each other: references first (everything
   * cites them), a criterion before the steps that show it and the rules
   * that read it, every step before the arrows and rules that lead to it. */
  ok = load_header (&loader, root, error) &&
       sp_xml_read_section (root, "references", NULL, load_reference, &loader, error) &&
       sp_xml_read_section (root, "parameters", NULL, load_parameter, &loader, error) &&
       sp_xml_read_section (root, "inputs", NULL, load_input, &loader, error) &&
       sp_xml_read_section (root, "criteria", NULL, load_criterion, &loader, error) &&
       sp_xml_read_section (root, "steps", NULL, load_step, &loader, error) &&
       sp_xml_read_section (root, "steps", NULL, check_arrows, &loader, error) &&
       sp_xml_read_section (root, "decision", NULL, load_rule, &loader, error) &&
       sp_xml_read_section (root, "alerts", "alert", load_alert, &loader, error) &&
       sp_xml_read_section (root, "alerts", "dose-check", load_dose_check, &loader, error) &&
       sp_xml_read_section (root, "monitoring", NULL, load_monitor_item, &loader, error) &&
       sp_xml_read_section (root, "scores", "score", load_score, &loader, error) &&
       sp_xml_read_section (root, "scores", "staging", load_staging, &loader, error);

  g_hash_table_unref (loader.reference_ids);
  g_hash_table_unref (loader.step_ids);

  return ok ? g_steal_pointer (&self) : NULL;
}

static SpProtocol *
finish_load (xmlDocPtr    doc,
             const char  *origin,
             GError     **error)
{
  SpProtocol *self;

  if (doc == NULL)
    return NULL;
  self = load_document (doc, error);
  if (self != NULL)
    self->file = g_strdup (origin);
  return self;
}

SpProtocol *
sp_protocol_new_default (GError **error)
{
  g_autoptr(xmlDoc) doc = sp_xml_read_resource (PROTOCOL_DEFAULT, &protocol_format, error);

  return finish_load (doc, PROTOCOL_DEFAULT, error);
}

SpProtocol *
sp_protocol_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  doc = sp_xml_read_file (path, &protocol_format, error);
  return finish_load (doc, path, error);
}

SpProtocol *
sp_protocol_new_from_data (const char  *data,
                           gsize        length,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  doc = sp_xml_read_memory (data, length, name, &protocol_format, error);
  return finish_load (doc, name, error);
}
