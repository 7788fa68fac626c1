/* sp-xml.h: reading untrusted XML files safely, validated against a RelaxNG schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define SP_XML_ERROR (sp_xml_error_quark ())

typedef enum {
  SP_XML_ERROR_IO,          /* cannot be read */
  SP_XML_ERROR_TOO_LARGE,   /* over the size limit */
  SP_XML_ERROR_MALFORMED,   /* not well-formed XML */
  SP_XML_ERROR_FORBIDDEN,   /* DOCTYPE with entity declarations, external entity */
  SP_XML_ERROR_INVALID,     /* does not follow the schema */
  SP_XML_ERROR_CONTENT,     /* valid XML, but its content makes no sense (loader checks) */
  SP_XML_ERROR_VERSION,     /* written by a newer format version */
} SpXmlError;

GQuark     sp_xml_error_quark (void);

/* Files larger than this are refused before parsing. */
#define SP_XML_MAX_FILE_SIZE (4 * 1024 * 1024)
/* The shipped protocol has about 550 elements and at most 6 attributes on
 * one; a file far beyond that is not a protocol, a drug library or a case
 * but an attempt to make a parser or a loader spend minutes on it (libxml2
 * checks attributes for duplicates in quadratic time). Refused before
 * parsing. */
#define SP_XML_MAX_ELEMENTS   20000
#define SP_XML_MAX_ATTRIBUTES 32

/* Called once per process before any XML is read (idempotent, thread-safe):
 * initialises libxml2 and installs an external entity loader that refuses
 * everything. Every sp_xml_* function calls it. */
void       sp_xml_init (void);

/* What a kind of file is: its root element, the newest format version this
 * build reads, the word for it in messages (N_("case")), the GResource
 * path of its RelaxNG schema, and the most elements such a file may have
 * (0: SP_XML_MAX_ELEMENTS). */
typedef struct {
  const char *root;
  guint       max_version;
  const char *kind;
  const char *schema_resource;
  guint       max_elements;
} SpXmlFormat;

/* Parses @data (of @length bytes) named @name (a file path or resource name,
 * for messages), refuses a newer format version (sp_xml_check_format_version)
 * and validates it against the format's RelaxNG schema. On any failure returns NULL with an error whose message
 * names @name, the line and the problem, e.g.
 * "drugs.xml:12: element "hard-max": value is not a number". */
xmlDocPtr  sp_xml_read_memory   (const char        *data,
                                 gsize              length,
                                 const char        *name,
                                 const SpXmlFormat *format,
                                 GError           **error);

/* Reads a file (capped at SP_XML_MAX_FILE_SIZE) and calls sp_xml_read_memory. */
xmlDocPtr  sp_xml_read_file     (const char        *path,
                                 const SpXmlFormat *format,
                                 GError           **error);

/* The same safety checks (size cap, no entity declarations, well-formed) but
 * no schema validation: for a loader that must look at the root element first,
 * e.g. to refuse a newer format version before its schema would reject it.
 * Call sp_xml_validate() before reading anything else from the document. */
xmlDocPtr  sp_xml_read_memory_unvalidated (const char  *data,
                                           gsize        length,
                                           const char  *name,
                                           GError     **error);
xmlDocPtr  sp_xml_read_file_unvalidated   (const char  *path,
                                           GError     **error);
/* Validates @doc (named by its URL in messages) against the RelaxNG schema in
 * the GResource at @schema_resource; SP_XML_ERROR_INVALID "name:line: problem". */
gboolean   sp_xml_validate      (xmlDocPtr    doc,
                                 const char  *schema_resource,
                                 GError     **error);

/* Reads data compiled into ShockPath (resources/shockpath-core.gresource.xml):
 * the same safety checks and format version as sp_xml_read_memory, but no
 * schema validation. That data was validated against its schema when
 * ShockPath was built (src/core/meson.build: the resource is compiled only
 * after xmllint accepted it), the way glib-compile-schemas checks GSettings
 * schemas once, at build time; anything read from outside the binary (site
 * files, cases, imports) is validated when read. */
xmlDocPtr  sp_xml_read_resource (const char        *resource_path,
                                 const SpXmlFormat *format,
                                 GError           **error);

/* Refuses a document from a newer ShockPath before the schema sees it (a newer
 * format may not follow this version's schema): when the root is @root_name and
 * its format-version is a number above @max_version, sets SP_XML_ERROR_VERSION,
 * "FILE: written by a newer version of ShockPath (case format 2); this version
 * reads format 1" with @kind (N_("case"), translated here) naming the format. Anything
 * that is not a plain number is left for the schema to refuse. */
gboolean   sp_xml_check_format_version (xmlDocPtr    doc,
                                        const char  *root_name,
                                        guint        max_version,
                                        const char  *kind,
                                        GError     **error);

/* Sets @error to SP_XML_ERROR_CONTENT naming the document and @node's line. */
void       sp_xml_set_content_error (GError     **error,
                                     xmlNodePtr   node,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (3, 4);

/* --- helpers for loaders (all return newly allocated strings or NULL) ------ */

/* An attribute's value, or NULL. */
char      *sp_xml_get_prop      (xmlNodePtr   node,
                                 const char  *name);
/* An attribute read as a C-locale double; FALSE (and an error naming the line)
 * when present but not a number; @out untouched (and TRUE) when absent. */
gboolean   sp_xml_get_double    (xmlNodePtr   node,
                                 const char  *name,
                                 double      *out,
                                 GError     **error);
/* The whitespace-collapsed text content of @node. */
char      *sp_xml_get_text      (xmlNodePtr   node);
/* The text of the child element @name that best matches the user's language
 * (xml:lang, following g_get_language_names()); the child without xml:lang is
 * the fallback. NULL if there is none. */
char      *sp_xml_get_localized_child (xmlNodePtr  node,
                                       const char *name);
/* The text of @node, or, when @node holds <text> variants (as a <reference>
 * may: a description to translate, where a title has none), the variant that
 * sp_xml_get_localized_child() picks. */
char      *sp_xml_get_localized_content (xmlNodePtr node);
/* The child element @name itself that sp_xml_get_localized_child() reads,
 * or NULL. */
xmlNodePtr sp_xml_get_localized_element (xmlNodePtr  node,
                                         const char *name);
/* The first element child named @name, or NULL. */
xmlNodePtr sp_xml_get_child     (xmlNodePtr   node,
                                 const char  *name);
/* TRUE if @node is an element called @name. */
gboolean   sp_xml_is            (xmlNodePtr   node,
                                 const char  *name);
/* Space-separated ids (the "cite" attribute) as a NULL-terminated vector,
 * never NULL. */
GStrv      sp_xml_get_idrefs    (xmlNodePtr   node,
                                 const char  *name);

/* Reads one element of a list into a loader's structures; FALSE, with
 * @error set, refuses the file. */
typedef gboolean (*SpXmlReadFunc) (xmlNodePtr   node,
                                   gpointer     user_data,
                                   GError     **error);

/* Calls @read on each element child of @parent's first child element
 * @section that is called @element (NULL: every element child), in file
 * order, and stops at the first that returns FALSE. TRUE when every call
 * returned TRUE, and when @parent has no @section (an optional list that is
 * absent, or a required one the schema has already asked for). */
gboolean   sp_xml_read_section  (xmlNodePtr     parent,
                                 const char    *section,
                                 const char    *element,
                                 SpXmlReadFunc  read,
                                 gpointer       user_data,
                                 GError       **error);

#define SP_XML_FOREACH_ELEMENT(parent, child) \
  for (xmlNodePtr child = (parent)->children; child != NULL; child = child->next) \
    if (child->type == XML_ELEMENT_NODE)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
