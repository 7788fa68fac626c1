/* sp-xml.c: reading untrusted XML files safely, validated against a RelaxNG schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every XML file ShockPath reads (protocol, drug library, case) may come from
 * somewhere else: a pharmacy, a colleague, an attachment. It is parsed with no
 * network, no DTD loading and no entity substitution, external entities are
 * refused by a process-wide loader, a document that declares entities is
 * refused before libxml2 ever builds them (an entity-expansion bomb costs a
 * byte scan), a document with a DOCTYPE at all is refused where the DOCTYPE
 * starts (in any encoding), and the result is validated against a RelaxNG
 * schema before any loader looks at it. The protocol and drug library
 * compiled into ShockPath were validated when it was built
 * (sp_xml_read_resource).
 */
#define G_LOG_DOMAIN "sp-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "sp-core-resources.h"
#include "sp-lang.h"
#include "sp-xml.h"
#include "sp-xml-private.h"

G_DEFINE_QUARK (sp-xml-error-quark, sp_xml_error)

/* Never resolve an external entity, DTD or XInclude: report and fail. */
static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  /* libxml2 reports the failure to load ("failed to load external entity"). */
  return NULL;
}

void
sp_xml_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_entity);
      /* --manual-register: this initialises the static resource and registers it;
       * sp_core_get_resource () is NULL before it. */
      sp_core_register_resource ();
      g_once_init_leave (&initialised, 1);
    }
}

/* The first error libxml2 reports that has a line (else the first), with
 * its line. */
typedef struct {
  int      line;
  char    *message;
  xmlNode *node;      /* the element it is about, if libxml2 says */
  char    *element;   /* else its name, if libxml2 gives one */
} FirstError;

static void
first_error_clear (FirstError *fe)
{
  g_clear_pointer (&fe->message, g_free);
  fe->line = 0;
  fe->node = NULL;
  g_clear_pointer (&fe->element, g_free);
}

static void
capture_structured_error (void        *user_data,
                          xmlErrorPtr  err)
{
  FirstError *fe = user_data;

  int line;

  if (err == NULL || err->level < XML_ERR_ERROR)
    return;

  line = err->line;
  if (line <= 0 && err->node != NULL)
    line = (int) xmlGetLineNo ((xmlNodePtr) err->node);
  /* The first error, unless it has no line and a later one does: RELAX NG
   * says "Element limits failed to validate attributes" without a line,
   * then "Invalid attribute hard-max for element limits" at its line. */
  if (fe->message != NULL && (fe->line > 0 || line <= 0))
    return;

  g_free (fe->message);
  fe->line = line;
  fe->message = g_strstrip (g_strdup (err->message ? err->message : "unknown error"));
  fe->node = err->node != NULL && ((xmlNodePtr) err->node)->type == XML_ELEMENT_NODE
             ? err->node : NULL;
  g_free (fe->element);
  fe->element = g_strdup (err->str1);
}

static void
set_error_at (GError     **error,
              SpXmlError   code,
              const char  *name,
              int          line,
              const char  *message)
{
  if (line > 0)
    g_set_error (error, SP_XML_ERROR, code, "%s:%d: %s", name, line, message);
  else
    g_set_error (error, SP_XML_ERROR, code, "%s: %s", name, message);
}

/* Entity declarations are refused outright: no legitimate ShockPath file has
 * one, and refusing them before parsing makes expansion bombs harmless. */
static gboolean
check_no_entity_declarations (const char  *data,
                              gsize        length,
                              const char  *name,
                              GError     **error)
{
  static const char needle[] = "<!ENTITY";
  const gsize n = sizeof needle - 1;

  for (gsize i = 0; i + n <= length; i++)
    {
      if (data[i] == '<' && memcmp (data + i, needle, n) == 0)
        {
          int line = 1;

          for (gsize j = 0; j < i; j++)
            if (data[j] == '\n')
              line++;
          set_error_at (error, SP_XML_ERROR_FORBIDDEN, name, line,
                        _("entity declarations are not allowed"));
          return FALSE;
        }
    }
  return TRUE;
}

/* A DOCTYPE stops the parser where it is declared, before its internal
 * subset (entity, parameter entity or attribute-list declarations) is read,
 * whatever the document's encoding (UTF-16 and EBCDIC escape a byte scan).
 * No ShockPath file has one, and a declared attribute default would fill in
 * values the file never wrote, behind the RelaxNG schema's back. */
typedef struct {
  gboolean seen;
  int      line;
} Doctype;

static void
refuse_doctype (void          *user_data,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;
  Doctype *doctype = ctxt->_private;

  if (!doctype->seen)
    {
      doctype->seen = TRUE;
      doctype->line = ctxt->input != NULL ? ctxt->input->line : 0;
    }
  xmlStopParser (ctxt);
}

/* Counts elements and each element's attributes in the raw bytes, before
 * libxml2 spends time on them: at most @max_elements elements and
 * SP_XML_MAX_ATTRIBUTES attributes on one. A '<' that starts a name opens an
 * element; inside its tag, each '=' outside quotes is an attribute. Comments
 * and the like may be over-counted, which only errs on the side of caution
 * for files far beyond any real one. */
static gboolean
check_counts (const char  *data,
              gsize        length,
              const char  *name,
              guint        max_elements,
              GError     **error)
{
  guint elements = 0;
  guint attributes = 0;
  int line = 1;
  int tag_line = 0;
  gboolean in_tag = FALSE;
  char quote = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (quote != 0)
        {
          if (c == quote)
            quote = 0;
          continue;
        }
      if (!in_tag)
        {
          if (c == '<' && i + 1 < length &&
              (g_ascii_isalpha (data[i + 1]) || data[i + 1] == '_' || data[i + 1] == ':'))
            {
              in_tag = TRUE;
              attributes = 0;
              tag_line = line;
              if (++elements > max_elements)
                {
                  g_autofree char *message =
                    g_strdup_printf (_("more than %d elements; no ShockPath file has so many"),
                                     (int) max_elements);

                  set_error_at (error, SP_XML_ERROR_TOO_LARGE, name, line, message);
                  return FALSE;
                }
            }
          continue;
        }
      if (c == '"' || c == '\'')
        quote = c;
      else if (c == '>')
        in_tag = FALSE;
      else if (c == '=' && ++attributes > SP_XML_MAX_ATTRIBUTES)
        {
          g_autofree char *message =
            g_strdup_printf (_("an element with more than %d attributes; no ShockPath file "
                               "has so many"), SP_XML_MAX_ATTRIBUTES);

          set_error_at (error, SP_XML_ERROR_TOO_LARGE, name, tag_line, message);
          return FALSE;
        }
    }
  return TRUE;
}

/* A text file has no NUL character; libxml2 stops reading at one, so what
 * follows it ("<case .../>\0<anything>") would pass unseen. UTF-16 (a BOM,
 * or "<" as its first character) is checked unit by unit. */
static gboolean
check_no_nul (const char  *data,
              gsize        length,
              const char  *name,
              GError     **error)
{
  const guchar *b = (const guchar *) data;
  gboolean utf16 = length >= 2 &&
                   ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) ||
                    (b[0] == 0x00 && b[1] == '<') || (b[0] == '<' && b[1] == 0x00));
  gsize at = length;

  if (utf16)
    {
      for (gsize i = 0; i + 1 < length; i += 2)
        if (b[i] == 0 && b[i + 1] == 0)
          {
            at = i;
            break;
          }
    }
  else
    {
      const char *nul = memchr (data, '\0', length);

      if (nul != NULL)
        at = (gsize) (nul - data);
    }

  if (at == length)
    return TRUE;

  {
    g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, at);
    g_autofree char *message =
      /* Translators: a file with a NUL byte: "holds a NUL character (at byte 1234); it is not a text file" */
      g_strdup_printf (_("holds a NUL character (at byte %s); it is not a text file"), offset);

    set_error_at (error, SP_XML_ERROR_MALFORMED, name, 0, message);
  }
  return FALSE;
}

typedef struct {
  GMutex      mutex;
  GHashTable *schemas;    /* resource path -> xmlRelaxNGPtr */
} SchemaCache;

static SchemaCache schema_cache;

static xmlRelaxNGPtr
get_schema (const char  *schema_resource,
            GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schema_cache.mutex);
  g_autoptr(GBytes) bytes = NULL;
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlRelaxNGPtr schema;
  gsize size;
  const char *data;

  if (schema_cache.schemas == NULL)
    schema_cache.schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) xmlRelaxNGFree);

  schema = g_hash_table_lookup (schema_cache.schemas, schema_resource);
  if (schema != NULL)
    return schema;

  bytes = g_resources_lookup_data (schema_resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  pctxt = xmlRelaxNGNewMemParserCtxt (data, (int) size);
  schema = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);

  if (schema == NULL)
    {
      /* A broken shipped schema is a build defect, but report it, do not abort. */
      g_set_error (error, SP_XML_ERROR, SP_XML_ERROR_INVALID,
                   "%s: the schema cannot be compiled", schema_resource);
      return NULL;
    }

  g_hash_table_insert (schema_cache.schemas, g_strdup (schema_resource), schema);
  return schema;
}

static gboolean
validate (xmlDocPtr    doc,
          const char  *name,
          const char  *schema_resource,
          GError     **error)
{
  FirstError fe = { 0, NULL, NULL, NULL };
  xmlRelaxNGValidCtxtPtr vctxt;
  xmlRelaxNGPtr schema;
  int ret;

  schema = get_schema (schema_resource, error);
  if (schema == NULL)
    return FALSE;

  vctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidStructuredErrors (vctxt, capture_structured_error, &fe);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);

  if (ret == 0)
    return TRUE;

  if (ret > 0)
    {
      /* libxml2 names the wrong attribute and nothing accepted: said again
       * from the schema where the element's attributes are the problem */
      int line = fe.line;
      g_autofree char *explained = sp_xml_explain_invalid (schema_resource, doc, fe.node,
                                                           fe.element, &line);

      if (explained != NULL)
        set_error_at (error, SP_XML_ERROR_INVALID, name, line, explained);
      else
        set_error_at (error, SP_XML_ERROR_INVALID, name, fe.line,
                      fe.message ? fe.message : _("does not follow the schema"));
    }
  else
    set_error_at (error, SP_XML_ERROR_INVALID, name, 0, _("the file could not be validated"));

  first_error_clear (&fe);
  return FALSE;
}

static xmlDocPtr read_memory_checked (const char  *data,
                                      gsize        length,
                                      const char  *name,
                                      guint        max_elements,
                                      GError     **error);

xmlDocPtr
sp_xml_read_memory_unvalidated (const char  *data,
                                gsize        length,
                                const char  *name,
                                GError     **error)
{
  return read_memory_checked (data, length, name, SP_XML_MAX_ELEMENTS, error);
}

static xmlDocPtr
read_memory_checked (const char  *data,
                     gsize        length,
                     const char  *name,
                     guint        max_elements,
                     GError     **error)
{
  /* No NOENT (substitutes entities, so loads external ones), no DTDLOAD, no
   * DTDVALID, no HUGE (switches the expansion guard off in 2.9.14). */
  const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING;
  FirstError fe = { 0, NULL, NULL, NULL };
  Doctype doctype = { FALSE, 0 };
  g_autoptr(xmlDoc) doc = NULL;
  xmlParserCtxtPtr ctxt;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  sp_xml_init ();

  if (length > SP_XML_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size (SP_XML_MAX_FILE_SIZE);
      g_autofree char *msg = g_strdup_printf (_("the file is larger than %s"), limit);
      set_error_at (error, SP_XML_ERROR_TOO_LARGE, name, 0, msg);
      return NULL;
    }

  if (!check_no_nul (data, length, name, error) ||
      !check_no_entity_declarations (data, length, name, error) ||
      !check_counts (data, length, name, max_elements, error))
    return NULL;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      set_error_at (error, SP_XML_ERROR_IO, name, 0, _("out of memory"));
      return NULL;
    }
  ctxt->_private = &doctype;
  ctxt->sax->internalSubset = refuse_doctype;
  xmlSetStructuredErrorFunc (&fe, capture_structured_error);
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, name, NULL, options);
  xmlSetStructuredErrorFunc (NULL, NULL);
  xmlFreeParserCtxt (ctxt);

  if (doctype.seen || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      set_error_at (error, SP_XML_ERROR_FORBIDDEN, name, doctype.line,
                    _("DOCTYPE declarations are not allowed"));
      first_error_clear (&fe);
      return NULL;
    }

  if (doc == NULL || fe.message != NULL)
    {
      set_error_at (error, SP_XML_ERROR_MALFORMED, name, fe.line,
                    fe.message ? fe.message : _("not a well-formed XML document"));
      first_error_clear (&fe);
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* The safety checks of read_memory_checked with @format's element cap, and
 * no newer format version than this build reads: all but the schema. */
static xmlDocPtr
read_format_checked (const char        *data,
                     gsize              length,
                     const char        *name,
                     const SpXmlFormat *format,
                     GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  doc = read_memory_checked (data, length, name,
                             format->max_elements > 0 ? format->max_elements : SP_XML_MAX_ELEMENTS,
                             error);
  if (doc == NULL ||
      !sp_xml_check_format_version (doc, format->root, format->max_version, format->kind, error))
    return NULL;

  return g_steal_pointer (&doc);
}

gboolean
sp_xml_validate (xmlDocPtr    doc,
                 const char  *schema_resource,
                 GError     **error)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (schema_resource != NULL, FALSE);

  sp_xml_init ();

  return validate (doc, doc->URL ? (const char *) doc->URL : "?", schema_resource, error);
}

xmlDocPtr
sp_xml_read_memory (const char        *data,
                    gsize              length,
                    const char        *name,
                    const SpXmlFormat *format,
                    GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  doc = read_format_checked (data, length, name, format, error);
  if (doc == NULL || !validate (doc, name, format->schema_resource, error))
    return NULL;

  return g_steal_pointer (&doc);
}

/* The contents of a regular file of at most SP_XML_MAX_FILE_SIZE bytes. */
static char *
read_capped_file (const char  *path,
                  gsize       *out_length,
                  GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      /* said plainly, not as GIO's "Error when getting information for
       * file …" */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_error_at (error, SP_XML_ERROR_IO, path, 0, _("no such file"));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        set_error_at (error, SP_XML_ERROR_IO, path, 0, _("permission denied: the file cannot be read"));
      else
        set_error_at (error, SP_XML_ERROR_IO, path, 0, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      set_error_at (error, SP_XML_ERROR_IO, path, 0, _("not a regular file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > SP_XML_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size (SP_XML_MAX_FILE_SIZE);
      g_autofree char *msg = g_strdup_printf (_("the file is larger than %s"), limit);
      set_error_at (error, SP_XML_ERROR_TOO_LARGE, path, 0, msg);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      set_error_at (error, SP_XML_ERROR_IO, path, 0, local_error->message);
      return NULL;
    }

  *out_length = length;
  return g_steal_pointer (&contents);
}

xmlDocPtr
sp_xml_read_file (const char        *path,
                  const SpXmlFormat *format,
                  GError           **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  sp_xml_init ();

  contents = read_capped_file (path, &length, error);
  if (contents == NULL)
    return NULL;

  return sp_xml_read_memory (contents, length, path, format, error);
}

xmlDocPtr
sp_xml_read_file_unvalidated (const char  *path,
                              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  sp_xml_init ();

  contents = read_capped_file (path, &length, error);
  if (contents == NULL)
    return NULL;

  return sp_xml_read_memory_unvalidated (contents, length, path, error);
}

xmlDocPtr
sp_xml_read_resource (const char        *resource_path,
                      const SpXmlFormat *format,
                      GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size;

  sp_xml_init ();

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return read_format_checked (data, size, resource_path, format, error);
}

gboolean
sp_xml_check_format_version (xmlDocPtr    doc,
                             const char  *root_name,
                             guint        max_version,
                             const char  *kind,
                             GError     **error)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  g_autofree char *text = NULL;
  guint64 version;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (!sp_xml_is (root, root_name))
    return TRUE;
  text = sp_xml_get_prop (root, "format-version");
  if (text == NULL)
    return TRUE;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &version, NULL) ||
      version <= max_version)
    return TRUE;

  {
    /* Translators: "written by a newer version of ShockPath (case format 2);
     * this version reads format 1" */
    g_autofree char *message = g_strdup_printf (_("written by a newer version of ShockPath "
                                                  "(%s format %s); this version reads format %u"),
                                                _(kind), text, max_version);

    set_error_at (error, SP_XML_ERROR_VERSION, doc->URL ? (const char *) doc->URL : "?",
                  (int) xmlGetLineNo (root), message);
  }
  return FALSE;
}

void
sp_xml_set_content_error (GError     **error,
                          xmlNodePtr   node,
                          const char  *format,
                          ...)
{
  g_autofree char *message = NULL;
  const char *name = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (node != NULL && node->doc != NULL && node->doc->URL != NULL)
    name = (const char *) node->doc->URL;

  set_error_at (error, SP_XML_ERROR_CONTENT, name ? name : "?",
                node ? (int) xmlGetLineNo (node) : 0, message);
}

char *
sp_xml_get_prop (xmlNodePtr  node,
                 const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *ret;

  if (value == NULL)
    return NULL;
  ret = g_strdup ((const char *) value);
  xmlFree (value);
  return ret;
}

gboolean
sp_xml_get_double (xmlNodePtr   node,
                   const char  *name,
                   double      *out,
                   GError     **error)
{
  g_autofree char *text = sp_xml_get_prop (node, name);
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;

  g_strstrip (text);
  value = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (value))
    {
      sp_xml_set_content_error (error, node, _("attribute \"%s\": \"%s\" is not a number"),
                                name, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

char *
sp_xml_get_text (xmlNodePtr node)
{
  xmlChar *content = xmlNodeGetContent (node);
  GString *out;
  gboolean space = FALSE;

  if (content == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = (const char *) content; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  xmlFree (content);
  return g_string_free (out, FALSE);
}

xmlNodePtr
sp_xml_get_localized_element (xmlNodePtr  node,
                              const char *name)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (xmlFree);
  int picked;

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (!sp_xml_is (child, name))
        continue;
      g_ptr_array_add (children, child);
      /* NULL for an untagged element: the default */
      g_ptr_array_add (tags, xmlGetNsProp (child, (const xmlChar *) "lang", XML_XML_NAMESPACE));
    }

  picked = sp_lang_pick ((const char * const *) tags->pdata, tags->len, NULL);
  return picked >= 0 ? g_ptr_array_index (children, picked) : NULL;
}

char *
sp_xml_get_localized_child (xmlNodePtr  node,
                            const char *name)
{
  xmlNodePtr child = sp_xml_get_localized_element (node, name);

  return child != NULL ? sp_xml_get_text (child) : NULL;
}

char *
sp_xml_get_localized_content (xmlNodePtr node)
{
  if (sp_xml_get_child (node, "text") != NULL)
    return sp_xml_get_localized_child (node, "text");
  return sp_xml_get_text (node);
}

xmlNodePtr
sp_xml_get_child (xmlNodePtr  node,
                  const char *name)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    if (sp_xml_is (child, name))
      return child;
  return NULL;
}

gboolean
sp_xml_read_section (xmlNodePtr     parent,
                     const char    *section,
                     const char    *element,
                     SpXmlReadFunc  read,
                     gpointer       user_data,
                     GError       **error)
{
  xmlNodePtr list = sp_xml_get_child (parent, section);

  if (list == NULL)
    return TRUE;

  SP_XML_FOREACH_ELEMENT (list, node)
    {
      if (element != NULL && !sp_xml_is (node, element))
        continue;
      if (!read (node, user_data, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sp_xml_is (xmlNodePtr  node,
           const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         g_strcmp0 ((const char *) node->name, name) == 0;
}

GStrv
sp_xml_get_idrefs (xmlNodePtr  node,
                   const char *name)
{
  g_autofree char *value = sp_xml_get_prop (node, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (value != NULL)
    {
      g_auto(GStrv) parts = g_strsplit_set (value, " \t\n\r", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}
