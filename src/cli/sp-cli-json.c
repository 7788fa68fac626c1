/* sp-cli-json.c: a tiny JSON writer for shockpath-cli --json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-cli-json"

#include "config.h"

#include <math.h>

#include "sp-cli-json.h"
#include "sp-quantity.h"

typedef struct {
  gboolean is_object;
  guint    n_items;
} Frame;

struct _SpJsonWriter {
  GString  *out;
  GArray   *stack;          /* Frame */
  gboolean  pretty;
  gboolean  after_member;   /* a member name was written, its value is next */
  gboolean  done;           /* the top-level value is complete */
};

SpJsonWriter *
sp_json_writer_new (gboolean pretty)
{
  SpJsonWriter *writer = g_new0 (SpJsonWriter, 1);

  writer->out = g_string_new (NULL);
  writer->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  writer->pretty = pretty;

  return writer;
}

void
sp_json_writer_free (SpJsonWriter *writer)
{
  if (writer == NULL)
    return;

  g_string_free (writer->out, TRUE);
  g_array_unref (writer->stack);
  g_free (writer);
}

static Frame *
top_frame (SpJsonWriter *writer)
{
  if (writer->stack->len == 0)
    return NULL;

  return &g_array_index (writer->stack, Frame, writer->stack->len - 1);
}

static void
newline_indent (SpJsonWriter *writer)
{
  if (!writer->pretty)
    return;

  g_string_append_c (writer->out, '\n');
  for (guint i = 0; i < writer->stack->len; i++)
    g_string_append (writer->out, "  ");
}

/* Before any value: a separator and indentation inside arrays; nothing after
 * a member name (the member wrote them). */
static void
before_value (SpJsonWriter *writer)
{
  Frame *frame = top_frame (writer);

  g_return_if_fail (!writer->done);

  if (frame == NULL)
    return;

  if (frame->is_object)
    {
      g_return_if_fail (writer->after_member);
      writer->after_member = FALSE;
      return;
    }

  if (frame->n_items > 0)
    g_string_append_c (writer->out, ',');
  frame->n_items++;
  newline_indent (writer);
}

static void
after_value (SpJsonWriter *writer)
{
  if (writer->stack->len == 0)
    writer->done = TRUE;
}

static void
begin (SpJsonWriter *writer,
       gboolean      is_object)
{
  Frame frame = { is_object, 0 };

  before_value (writer);
  g_string_append_c (writer->out, is_object ? '{' : '[');
  g_array_append_val (writer->stack, frame);
}

static void
end (SpJsonWriter *writer,
     gboolean      is_object)
{
  Frame *frame = top_frame (writer);
  guint n_items;

  g_return_if_fail (frame != NULL && frame->is_object == is_object);
  g_return_if_fail (!writer->after_member);

  n_items = frame->n_items;
  g_array_set_size (writer->stack, writer->stack->len - 1);
  if (n_items > 0)
    newline_indent (writer);
  g_string_append_c (writer->out, is_object ? '}' : ']');
  after_value (writer);
}

void
sp_json_writer_begin_object (SpJsonWriter *writer)
{
  begin (writer, TRUE);
}

void
sp_json_writer_end_object (SpJsonWriter *writer)
{
  end (writer, TRUE);
}

void
sp_json_writer_begin_array (SpJsonWriter *writer)
{
  begin (writer, FALSE);
}

void
sp_json_writer_end_array (SpJsonWriter *writer)
{
  end (writer, FALSE);
}

void
sp_json_writer_member (SpJsonWriter *writer,
                       const char   *name)
{
  Frame *frame = top_frame (writer);

  g_return_if_fail (name != NULL);
  g_return_if_fail (frame != NULL && frame->is_object);
  g_return_if_fail (!writer->after_member);

  if (frame->n_items > 0)
    g_string_append_c (writer->out, ',');
  frame->n_items++;
  newline_indent (writer);
  sp_json_append_string (writer->out, name);
  g_string_append (writer->out, writer->pretty ? ": " : ":");
  writer->after_member = TRUE;
}

void
sp_json_writer_string (SpJsonWriter *writer,
                       const char   *value)
{
  if (value == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  before_value (writer);
  sp_json_append_string (writer->out, value);
  after_value (writer);
}

void
sp_json_writer_number (SpJsonWriter *writer,
                       double        value)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    {
      sp_json_writer_null (writer);
      return;
    }

  text = sp_format_exact (value);
  before_value (writer);
  g_string_append (writer->out, text);
  after_value (writer);
}

void
sp_json_writer_int (SpJsonWriter *writer,
                    gint64        value)
{
  before_value (writer);
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
  after_value (writer);
}

void
sp_json_writer_boolean (SpJsonWriter *writer,
                        gboolean      value)
{
  before_value (writer);
  g_string_append (writer->out, value ? "true" : "false");
  after_value (writer);
}

void
sp_json_writer_null (SpJsonWriter *writer)
{
  before_value (writer);
  g_string_append (writer->out, "null");
  after_value (writer);
}

void
sp_json_writer_strv (SpJsonWriter       *writer,
                     const char * const *values)
{
  sp_json_writer_begin_array (writer);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    sp_json_writer_string (writer, values[i]);
  sp_json_writer_end_array (writer);
}

void
sp_json_writer_member_string (SpJsonWriter *writer,
                              const char   *name,
                              const char   *value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_string (writer, value);
}

void
sp_json_writer_member_number (SpJsonWriter *writer,
                              const char   *name,
                              double        value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_number (writer, value);
}

void
sp_json_writer_member_int (SpJsonWriter *writer,
                           const char   *name,
                           gint64        value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_int (writer, value);
}

void
sp_json_writer_member_boolean (SpJsonWriter *writer,
                               const char   *name,
                               gboolean      value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_boolean (writer, value);
}

void
sp_json_writer_member_null (SpJsonWriter *writer,
                            const char   *name)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_null (writer);
}

void
sp_json_writer_member_strv (SpJsonWriter       *writer,
                            const char         *name,
                            const char * const *values)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_strv (writer, values);
}

char *
sp_json_writer_finish (SpJsonWriter *writer)
{
  g_return_val_if_fail (writer->done, NULL);

  return g_strconcat (writer->out->str, "\n", NULL);
}
