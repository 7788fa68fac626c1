/* sp-cli-json.h: a tiny JSON writer for shockpath-cli --json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes one JSON document into a string: objects, arrays, strings (fully
 * escaped, always valid UTF-8), numbers (C locale, the shortest text that
 * reads back exactly, via sp_format_exact; NaN and infinities become null),
 * booleans and null. Inside an object, every value is preceded by
 * sp_json_writer_member(); the *_member_* helpers do both in one call.
 */
#pragma once

#include <glib.h>

#include "sp-json.h"

G_BEGIN_DECLS

typedef struct _SpJsonWriter SpJsonWriter;

SpJsonWriter *sp_json_writer_new            (gboolean      pretty);
void          sp_json_writer_free           (SpJsonWriter *writer);

void          sp_json_writer_begin_object   (SpJsonWriter *writer);
void          sp_json_writer_end_object     (SpJsonWriter *writer);
void          sp_json_writer_begin_array    (SpJsonWriter *writer);
void          sp_json_writer_end_array      (SpJsonWriter *writer);

/* The name of the next member of the current object. */
void          sp_json_writer_member         (SpJsonWriter *writer,
                                             const char   *name);

/* NULL writes null. */
void          sp_json_writer_string         (SpJsonWriter *writer,
                                             const char   *value);
/* NaN and infinities write null. */
void          sp_json_writer_number         (SpJsonWriter *writer,
                                             double        value);
void          sp_json_writer_int            (SpJsonWriter *writer,
                                             gint64        value);
void          sp_json_writer_boolean        (SpJsonWriter *writer,
                                             gboolean      value);
void          sp_json_writer_null           (SpJsonWriter *writer);
/* An array of strings; NULL writes an empty array. */
void          sp_json_writer_strv           (SpJsonWriter       *writer,
                                             const char * const *values);

void          sp_json_writer_member_string  (SpJsonWriter *writer,
                                             const char   *name,
                                             const char   *value);
void          sp_json_writer_member_number  (SpJsonWriter *writer,
                                             const char   *name,
                                             double        value);
void          sp_json_writer_member_int     (SpJsonWriter *writer,
                                             const char   *name,
                                             gint64        value);
void          sp_json_writer_member_boolean (SpJsonWriter *writer,
                                             const char   *name,
                                             gboolean      value);
void          sp_json_writer_member_null    (SpJsonWriter *writer,
                                             const char   *name);
void          sp_json_writer_member_strv    (SpJsonWriter       *writer,
                                             const char         *name,
                                             const char * const *values);

/* The document, followed by a newline. Only valid once every object and
 * array has been closed. */
char         *sp_json_writer_finish         (SpJsonWriter *writer);

/* Appends @value as a quoted, escaped JSON string to @out. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpJsonWriter, sp_json_writer_free)

G_END_DECLS
