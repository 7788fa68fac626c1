/* sp-xml-explain.c: what is wrong with an element the schema refused, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxml2's RELAX NG messages name the wrong thing: a unit of "g" is
 * "Invalid attribute unit for element concentration" (the attribute is
 * right, its value is not), an amount of "four" is "Type decimal doesn't
 * allow value 'four'" (no attribute named), and a missing attribute is
 * "Element concentration failed to validate attributes". None says what is
 * accepted. Here the element is checked again against its definition in the
 * schema, attribute by attribute, and the first problem is said with what
 * the attribute takes: "concentration: unit “g” is not accepted; it takes
 * mcg, mg or units". Anything this cannot explain is left to libxml2.
 *
 * The schemas are ShockPath's own (the .rng files in data/): elements and attributes
 * with literal names, <optional>, <choice>, <ref>, <value>, <data> with the
 * XML Schema types and facets they use, and <list>.
 */
#define G_LOG_DOMAIN "sp-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>
#include <libxml/tree.h>

#include "sp-quantity-private.h"
#include "sp-xml-private.h"

#define MAX_DEPTH 32

static gboolean
is_rng (const xmlNode *node,
        const char    *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

static char *
get_attr (const xmlNode *node,
          const char    *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static xmlNode *
first_child_element (const xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static xmlNode *
lookup_define (xmlNode    *grammar,
               const char *name)
{
  for (xmlNode *child = grammar->children; child != NULL; child = child->next)
    {
      g_autofree char *define = NULL;

      if (!is_rng (child, "define"))
        continue;
      define = get_attr (child, "name");
      if (g_strcmp0 (define, name) == 0)
        return child;
    }
  return NULL;
}

/* --- an attribute's value against its pattern --------------------------- */

static const char *
data_param (const xmlNode *data,
            const char    *name,
            char         **owned)
{
  for (xmlNode *child = data->children; child != NULL; child = child->next)
    {
      g_autofree char *param = NULL;

      if (!is_rng (child, "param"))
        continue;
      param = get_attr (child, "name");
      if (g_strcmp0 (param, name) == 0)
        {
          xmlChar *text = xmlNodeGetContent (child);

          *owned = g_strdup ((const char *) text);
          xmlFree (text);
          return *owned;
        }
    }
  return NULL;
}

/* A number as XML Schema writes it: digits, one '.', a sign. */
static gboolean
parse_xsd_number (const char *text,
                  gboolean    integer,
                  double     *out)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p != '.' || integer || strchr (p + 1, '.') != NULL)
        return FALSE;
    }
  if (!digits)
    return FALSE;
  *out = g_ascii_strtod (text, NULL);
  return TRUE;
}

static gboolean
data_allows (const xmlNode *data,
             const char    *value)
{
  g_autofree char *type = get_attr (data, "type");
  g_autofree char *min_length = NULL, *max_length = NULL, *pattern = NULL;
  g_autofree char *min_exclusive = NULL, *min_inclusive = NULL;
  glong length = g_utf8_strlen (value, -1);
  double number;

  if (data_param (data, "minLength", &min_length) != NULL &&
      length < g_ascii_strtoll (min_length, NULL, 10))
    return FALSE;
  if (data_param (data, "maxLength", &max_length) != NULL &&
      length > g_ascii_strtoll (max_length, NULL, 10))
    return FALSE;
  if (data_param (data, "pattern", &pattern) != NULL)
    {
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", pattern);

      if (!g_regex_match_simple (anchored, value, 0, 0))
        return FALSE;
    }

  if (g_strcmp0 (type, "decimal") == 0 || g_strcmp0 (type, "integer") == 0 ||
      g_strcmp0 (type, "nonNegativeInteger") == 0 || g_strcmp0 (type, "positiveInteger") == 0)
    {
      gboolean integer = strcmp (type, "decimal") != 0;

      if (!parse_xsd_number (value, integer, &number))
        return FALSE;
      if (strcmp (type, "nonNegativeInteger") == 0 && number < 0)
        return FALSE;
      if (strcmp (type, "positiveInteger") == 0 && number < 1)
        return FALSE;
      if (data_param (data, "minExclusive", &min_exclusive) != NULL &&
          !(number > g_ascii_strtod (min_exclusive, NULL)))
        return FALSE;
      if (data_param (data, "minInclusive", &min_inclusive) != NULL &&
          !(number >= g_ascii_strtod (min_inclusive, NULL)))
        return FALSE;
    }
  else if (g_strcmp0 (type, "boolean") == 0)
    return g_strv_contains ((const char * const[]) { "true", "false", "1", "0", NULL }, value);

  return TRUE;
}

static gboolean pattern_allows (xmlNode *grammar, const xmlNode *pattern, const char *value,
                                guint depth);

static gboolean
children_allow_any (xmlNode       *grammar,
                    const xmlNode *parent,
                    const char    *value,
                    guint          depth)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && pattern_allows (grammar, child, value, depth + 1))
      return TRUE;
  return FALSE;
}

static gboolean
pattern_allows (xmlNode       *grammar,
                const xmlNode *pattern,
                const char    *value,
                guint          depth)
{
  if (pattern == NULL)   /* <attribute name="x"/>: any text */
    return TRUE;
  if (depth > MAX_DEPTH)
    return TRUE;   /* cannot tell: libxml2's message stands */

  if (is_rng (pattern, "value"))
    {
      xmlChar *text = xmlNodeGetContent (pattern);
      g_autofree char *stripped = g_strstrip (g_strdup (value));
      gboolean equal = g_strcmp0 ((const char *) text, stripped) == 0;

      xmlFree (text);
      return equal;
    }
  if (is_rng (pattern, "data"))
    return data_allows (pattern, value);
  if (is_rng (pattern, "text"))
    return TRUE;
  if (is_rng (pattern, "choice"))
    return children_allow_any (grammar, pattern, value, depth);
  if (is_rng (pattern, "ref"))
    {
      g_autofree char *name = get_attr (pattern, "name");
      xmlNode *define = lookup_define (grammar, name);

      return define == NULL || pattern_allows (grammar, first_child_element (define), value,
                                               depth + 1);
    }
  if (is_rng (pattern, "list"))
    {
      g_auto(GStrv) tokens = g_strsplit_set (value, " \t\r\n", -1);
      xmlNode *item = first_child_element (pattern);
      guint n = 0;

      /* <list><oneOrMore>…</oneOrMore></list> */
      if (is_rng (item, "oneOrMore") || is_rng (item, "zeroOrMore"))
        item = first_child_element (item);
      for (guint i = 0; tokens[i] != NULL; i++)
        {
          if (tokens[i][0] == '\0')
            continue;
          n++;
          if (!pattern_allows (grammar, item, tokens[i], depth + 1))
            return FALSE;
        }
      return n > 0;
    }
  return TRUE;   /* not a form ShockPath's schemas use for a value */
}

/* --- what a pattern accepts, in words ------------------------------------ */

static char *describe_pattern (xmlNode *grammar, const xmlNode *pattern, guint depth);

static char *
describe_data (const xmlNode *data)
{
  g_autofree char *type = get_attr (data, "type");
  g_autofree char *min_exclusive = NULL, *min_inclusive = NULL;
  g_autofree char *min_length = NULL, *pattern = NULL;

  if (g_strcmp0 (type, "decimal") == 0)
    {
      if (data_param (data, "minExclusive", &min_exclusive) != NULL &&
          g_ascii_strtod (min_exclusive, NULL) == 0)
        return g_strdup (_("a number greater than 0, written with a point (0.5)"));
      if (data_param (data, "minInclusive", &min_inclusive) != NULL &&
          g_ascii_strtod (min_inclusive, NULL) == 0)
        return g_strdup (_("a number of 0 or more, written with a point (0.5)"));
      return g_strdup (_("a number, written with a point (0.5)"));
    }
  if (g_strcmp0 (type, "integer") == 0)
    return g_strdup (_("a whole number"));
  if (g_strcmp0 (type, "nonNegativeInteger") == 0)
    return g_strdup (_("a whole number of 0 or more"));
  if (g_strcmp0 (type, "positiveInteger") == 0)
    return g_strdup (_("a whole number of 1 or more"));
  if (g_strcmp0 (type, "boolean") == 0)
    return g_strdup (_("true or false"));
  if (g_strcmp0 (type, "language") == 0)
    return g_strdup (_("a language tag (de, fr, es)"));
  if (data_param (data, "pattern", &pattern) != NULL)
    /* Translators: %s is a regular expression: "text of the form (mcg|mg|units)(/kg)?/(min|h)" */
    return g_strdup_printf (_("text of the form %s"), pattern);
  if (data_param (data, "minLength", &min_length) != NULL)
    return g_strdup (_("text, not empty"));
  return g_strdup (_("text"));
}

static char *
describe_pattern (xmlNode       *grammar,
                  const xmlNode *pattern,
                  guint          depth)
{
  if (pattern == NULL || depth > MAX_DEPTH)
    return g_strdup (_("text"));

  if (is_rng (pattern, "ref"))
    {
      g_autofree char *name = get_attr (pattern, "name");
      xmlNode *define = lookup_define (grammar, name);

      /* ids and dose units by what they are, not by their regular expression */
      if (g_strcmp0 (name, "id") == 0)
        return g_strdup (_("an id: lower-case letters and digits, words joined by “-” "
                           "(vial-4-mg)"));
      if (g_strcmp0 (name, "dose-unit") == 0)
        return g_strdup (_("a dose unit: mcg, mg or units, then /kg or not, then /min or /h "
                           "(mcg/kg/min)"));
      if (define == NULL)
        return g_strdup (_("text"));
      return describe_pattern (grammar, first_child_element (define), depth + 1);
    }
  if (is_rng (pattern, "value"))
    {
      xmlChar *text = xmlNodeGetContent (pattern);
      /* Translators: a value a file may hold, quoted: “mcg” */
      char *quoted = g_strdup_printf (_("“%s”"), (const char *) text);

      xmlFree (text);
      return quoted;
    }
  if (is_rng (pattern, "data"))
    return describe_data (pattern);
  if (is_rng (pattern, "choice"))
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) out = g_string_new (NULL);

      for (xmlNode *child = pattern->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          g_ptr_array_add (parts, describe_pattern (grammar, child, depth + 1));
      for (guint i = 0; i < parts->len; i++)
        {
          if (i > 0)
            /* Translators: between the last two of a list of choices: "“1”, “2” or “3”" */
            g_string_append (out, i + 1 == parts->len ? _(" or ") : ", ");
          g_string_append (out, g_ptr_array_index (parts, i));
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (is_rng (pattern, "list"))
    {
      xmlNode *item = first_child_element (pattern);
      g_autofree char *each = NULL;

      if (is_rng (item, "oneOrMore") || is_rng (item, "zeroOrMore"))
        item = first_child_element (item);
      each = describe_pattern (grammar, item, depth + 1);
      /* Translators: %s says what each item is: "one or more of an id: …, separated by spaces" */
      return g_strdup_printf (_("one or more of %s, separated by spaces"), each);
    }
  return g_strdup (_("text"));
}

/* --- the attributes an element takes ------------------------------------ */

typedef struct {
  char          *name;
  gboolean       required;
  const xmlNode *pattern;   /* the attribute's content: <ref>, <data>, <choice>… or NULL */
} AttributeRule;

static void
attribute_rule_free (AttributeRule *rule)
{
  g_free (rule->name);
  g_free (rule);
}

static void
collect_attributes (xmlNode       *grammar,
                    const xmlNode *parent,
                    gboolean       optional,
                    GPtrArray     *rules,
                    guint          depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || is_rng (child, "element"))
        continue;   /* a child element's attributes are its own */

      if (is_rng (child, "attribute"))
        {
          AttributeRule *rule = g_new0 (AttributeRule, 1);

          rule->name = get_attr (child, "name");
          rule->required = !optional;
          rule->pattern = first_child_element (child);
          if (rule->name == NULL)
            attribute_rule_free (rule);
          else
            g_ptr_array_add (rules, rule);
        }
      else if (is_rng (child, "ref"))
        {
          g_autofree char *name = get_attr (child, "name");
          xmlNode *define = lookup_define (grammar, name);

          if (define != NULL)
            collect_attributes (grammar, define, optional, rules, depth + 1);
        }
      else
        collect_attributes (grammar, child,
                            optional || is_rng (child, "optional") ||
                            is_rng (child, "zeroOrMore") || is_rng (child, "choice"),
                            rules, depth + 1);
    }
}

static const AttributeRule *
find_rule (GPtrArray  *rules,
           const char *name)
{
  for (guint i = 0; i < rules->len; i++)
    {
      const AttributeRule *rule = g_ptr_array_index (rules, i);

      if (strcmp (rule->name, name) == 0)
        return rule;
    }
  return NULL;
}

static char *
list_attribute_names (GPtrArray *rules)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rules->len; i++)
    {
      const AttributeRule *rule = g_ptr_array_index (rules, i);

      if (find_rule (rules, rule->name) != rule)
        continue;   /* named twice (two branches of a choice) */
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", rule->name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The first problem of @node's attributes against one definition of its
 * element, or NULL when they all hold. */
static char *
check_attributes (xmlNode       *grammar,
                  const xmlNode *definition,
                  const xmlNode *node)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_rule_free);
  const char *element = (const char *) node->name;

  collect_attributes (grammar, definition, FALSE, rules, 0);

  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const AttributeRule *rule;

      if (attr->ns != NULL && attr->ns->prefix != NULL)
        name = g_strdup_printf ("%s:%s", attr->ns->prefix, attr->name);
      else
        name = g_strdup ((const char *) attr->name);
      rule = find_rule (rules, name);
      if (rule == NULL)
        {
          g_autofree char *names = list_attribute_names (rules);

          if (rules->len == 0)
            /* Translators: "concentration: unknown attribute “colour”; it takes none" */
            return g_strdup_printf (_("%s: unknown attribute “%s”; it takes none"), element, name);
          /* Translators: "concentration: unknown attribute “colour”; it takes amount, unit, volume" */
          return g_strdup_printf (_("%s: unknown attribute “%s”; it takes %s"), element, name,
                                  names);
        }

      {
        xmlChar *raw = xmlNodeListGetString (node->doc, attr->children, 1);

        value = g_strdup (raw != NULL ? (const char *) raw : "");
        xmlFree (raw);
      }
      if (!pattern_allows (grammar, rule->pattern, value, 0))
        {
          g_autofree char *accepted = describe_pattern (grammar, rule->pattern, 0);
          g_autofree char *quoted = sp_quantity_quote_input (value, strlen (value));

          /* Translators: "concentration: unit “g” is not accepted; it takes “mcg”, “mg” or “units”" */
          return g_strdup_printf (_("%s: %s “%s” is not accepted; it takes %s"), element, name,
                                  quoted, accepted);
        }
    }

  for (guint i = 0; i < rules->len; i++)
    {
      const AttributeRule *rule = g_ptr_array_index (rules, i);

      if (rule->required && !xmlHasProp (node, (const xmlChar *) rule->name))
        {
          g_autofree char *accepted = describe_pattern (grammar, rule->pattern, 0);

          /* Translators: "concentration: the attribute amount is missing; it takes a number…" */
          return g_strdup_printf (_("%s: the attribute %s is missing; it takes %s"), element,
                                  rule->name, accepted);
        }
    }
  return NULL;
}

static void
find_definitions (xmlNode    *node,
                  const char *name,
                  GPtrArray  *found)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_rng (child, "element"))
        {
          g_autofree char *element = get_attr (child, "name");

          if (g_strcmp0 (element, name) == 0)
            g_ptr_array_add (found, child);
        }
      find_definitions (child, name, found);
    }
}

/* The name of the element a definition sits in, or NULL (the start, or a
 * <define> used in more than one place). */
static char *
definition_parent (const xmlNode *definition)
{
  for (xmlNode *up = definition->parent; up != NULL; up = up->parent)
    {
      if (is_rng (up, "element"))
        return get_attr (up, "name");
      if (is_rng (up, "define") || is_rng (up, "start"))
        return NULL;
    }
  return NULL;
}

/* The first problem of @node's attributes against its element's
 * definitions, or NULL. */
static char *
explain_node (xmlNode *grammar,
              xmlNode *node)
{
  g_autoptr(GPtrArray) definitions = g_ptr_array_new ();
  char *explanation = NULL;

  find_definitions (grammar, (const char *) node->name, definitions);
  /* The definitions inside the element's own parent, if there are any: the
   * same name may be another element elsewhere (a <name> of a drug, of a
   * profile). If the attributes hold for one of them, what is wrong is not
   * in the attributes, and libxml2's message stands. */
  {
    g_autoptr(GPtrArray) in_parent = g_ptr_array_new ();

    for (guint i = 0; i < definitions->len; i++)
      {
        const xmlNode *definition = g_ptr_array_index (definitions, i);
        g_autofree char *parent = definition_parent (definition);

        if (parent != NULL && node->parent != NULL && node->parent->type == XML_ELEMENT_NODE &&
            strcmp (parent, (const char *) node->parent->name) == 0)
          g_ptr_array_add (in_parent, (gpointer) definition);
      }
    if (in_parent->len > 0)
      {
        g_ptr_array_set_size (definitions, 0);
        g_ptr_array_extend (definitions, in_parent, NULL, NULL);
      }
  }
  for (guint i = 0; i < definitions->len; i++)
    {
      char *problem = check_attributes (grammar, g_ptr_array_index (definitions, i), node);

      if (problem == NULL)
        {
          g_clear_pointer (&explanation, g_free);
          break;
        }
      if (explanation == NULL)
        explanation = problem;
      else
        g_free (problem);
    }
  return explanation;
}

/* The first element named @name under @node, in document order, whose
 * attributes have a problem. */
static char *
explain_first_named (xmlNode    *grammar,
                     xmlNode    *node,
                     const char *name,
                     xmlNode   **out_node)
{
  for (xmlNode *child = node; child != NULL; child = child->next)
    {
      char *explanation;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) child->name, name) == 0 &&
          (explanation = explain_node (grammar, child)) != NULL)
        {
          *out_node = child;
          return explanation;
        }
      if ((explanation = explain_first_named (grammar, child->children, name, out_node)) != NULL)
        return explanation;
    }
  return NULL;
}

char *
sp_xml_explain_invalid (const char *schema_resource,
                        xmlDoc     *doc,
                        xmlNode    *node,
                        const char *element,
                        int        *out_line)
{
  g_autoptr(GBytes) bytes = NULL;
  xmlDocPtr schema_doc;
  xmlNode *grammar;
  char *explanation = NULL;
  gsize size;
  const char *data;

  if (node != NULL && (node->type != XML_ELEMENT_NODE || node->name == NULL))
    node = NULL;
  if (node == NULL && (element == NULL || doc == NULL))
    return NULL;

  bytes = g_resources_lookup_data (schema_resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  schema_doc = xmlReadMemory (data, (int) size, schema_resource, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (schema_doc == NULL)
    return NULL;
  grammar = xmlDocGetRootElement (schema_doc);

  if (node != NULL)
    explanation = explain_node (grammar, node);
  else
    /* "Element concentration failed to validate attributes", with no node:
     * the first such element whose attributes are wrong */
    explanation = explain_first_named (grammar, xmlDocGetRootElement (doc), element, &node);
  if (explanation != NULL && out_line != NULL)
    *out_line = (int) xmlGetLineNo (node);

  xmlFreeDoc (schema_doc);
  return explanation;
}
