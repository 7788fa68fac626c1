/* sp-xml-private.h: within core, for sp-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* What is wrong with the attributes of @node, which the RELAX NG schema
 * @schema_resource refused, said with what the attribute takes
 * ("concentration: unit “g” is not accepted; it takes “mcg”, “mg” or
 * “units”"), translated, and its line in @out_line; NULL when its
 * attributes hold (the problem is elsewhere) or cannot be told. Without
 * @node (libxml2 gave only a name), the first element of @doc named
 * @element whose attributes are wrong. */
char *sp_xml_explain_invalid (const char *schema_resource,
                              xmlDoc     *doc,
                              xmlNode    *node,
                              const char *element,
                              int        *out_line);

G_END_DECLS
