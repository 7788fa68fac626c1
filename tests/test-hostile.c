/* test-hostile.c: files built to make a loader or the printer spend minutes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each hostile file found by the audit is refused (tests/data), and files
 * generated right at each cap (elements, attributes, text lengths, language
 * variants, file size) load, validate, evaluate and print within 2 s. The
 * bound is generous on purpose: it is a guard against minutes, not a
 * benchmark (that is bench/). Under AddressSanitizer everything is slower,
 * so the bound is five times as long there.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "sp-case.h"
#include "sp-case-file.h"
#include "sp-case-summary.h"
#include "sp-document.h"
#include "sp-engine.h"
#include "sp-font-caches.h"
#include "sp-test-files.h"
#include "sp-xml.h"

#if defined(__SANITIZE_ADDRESS__)
#define BOUND_US (10 * G_USEC_PER_SEC)
#else
#define BOUND_US (2 * G_USEC_PER_SEC)
#endif

static SpProtocol *protocol;
static SpDrugLibrary *drugs;
static char *tmp_dir;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
write_temp (const char *name,
            GString    *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents->str, (gssize) contents->len, &error);
  g_assert_no_error (error);
  return path;
}

/* The processor time this process has used, in microseconds: unlike the
 * wall clock, it does not grow when other jobs share the machine. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
assert_fast (gint64      start,
             const char *what)
{
  gint64 took = cpu_time () - start;

  g_test_message ("%s: %.3f s", what, (double) took / G_USEC_PER_SEC);
  if (took > BOUND_US)
    g_error ("%s took %.1f s", what, (double) took / G_USEC_PER_SEC);
}

/* The audit's files, refused at once with a reason that names the limit. */
static void
test_refused (void)
{
  static const struct {
    const char *file;
    const char *needle;
  } cases[] = {
    { "case-too-many-variants.xml", "more than 64 language variants" },
    { "case-too-many-attributes.xml", "more than 32 attributes" },
    { "case-title-too-long.xml", "<title> has 30000 characters; at most 500" },
    { "protocol-too-many-elements.xml", "more than 20000 elements" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = data_path (cases[i].file);
      g_autoptr(GError) error = NULL;
      gint64 start = cpu_time ();

      if (g_str_has_prefix (cases[i].file, "protocol"))
        {
          g_autoptr(SpProtocol) refused = sp_protocol_new_from_file (path, &error);

          g_assert_null (refused);
        }
      else
        {
          g_autoptr(SpCaseData) data = sp_case_data_load (path, protocol, drugs, &error);

          g_assert_null (data);
        }
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].file, error->message, cases[i].needle);
      assert_fast (start, cases[i].file);
    }
}

/* A case at every text cap: a one-word title of 500 characters (laid out
 * on every page's header), 20,000 characters of notes in one word (split
 * across pages), 64 language variants of each. Loads, evaluates and prints. */
static void
test_case_at_caps (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<case format-version=\"2\">\n");
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (tmp_dir, "summary.pdf", NULL);
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpAssessment) assessment = NULL;
  g_autoptr(SpDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strnfill (SP_CASE_MAX_TITLE_CHARS, 'y');
  g_autofree char *notes = g_strnfill (SP_CASE_MAX_NOTES_CHARS, 'x');
  gint64 start;

  g_string_append_printf (xml, "  <title>%s</title>\n", title);
  for (guint i = 1; i < SP_CASE_MAX_VARIANTS; i++)
    g_string_append_printf (xml, "  <title xml:lang=\"x%c%c\">%s</title>\n",
                            'a' + i / 26, 'a' + i % 26, title);
  g_string_append_printf (xml, "  <notes>%s</notes>\n", notes);
  g_string_append (xml, "  <patient><value field=\"weight\">70</value>"
                        "<value field=\"sbp\">80</value></patient>\n</case>\n");
  path = write_temp ("case-at-caps.xml", xml);

  start = cpu_time ();
  data = sp_case_data_load (path, protocol, drugs, &error);
  g_assert_no_error (error);
  assessment = sp_engine_evaluate (protocol, drugs, &data->patient, data->infusions);
  doc = sp_case_summary_new (assessment, drugs, data, NULL, SP_NUMBER_C);
  g_assert_true (sp_document_write_pdf (doc, pdf, SP_PAPER_A4, &error));
  g_assert_no_error (error);
  assert_fast (start, "case at the text caps, loaded and printed");
  g_unlink (pdf);
}

/* A file just under the size cap with just under the element cap, each
 * element with the most attributes: the byte scans and the parser stay
 * linear. */
static void
test_elements_at_cap (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<protocol format-version=\"1\">");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpProtocol) refused = NULL;
  gint64 start;

  for (guint i = 0; i < SP_XML_MAX_ELEMENTS - 1; i++)
    {
      g_string_append (xml, "<p");
      for (guint a = 0; a < SP_XML_MAX_ATTRIBUTES; a++)
        g_string_append_printf (xml, " a%u=\"%u\"", a, i);
      g_string_append (xml, "/>");
      if (xml->len > SP_XML_MAX_FILE_SIZE - 4096)
        break;
    }
  g_string_append (xml, "</protocol>\n");
  g_assert_cmpuint (xml->len, <=, SP_XML_MAX_FILE_SIZE);
  path = write_temp ("protocol-at-caps.xml", xml);

  start = cpu_time ();
  /* Read and validated (refused by the schema: it is no protocol). */
  refused = sp_protocol_new_from_file (path, &error);
  g_assert_null (refused);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_INVALID);
  assert_fast (start, "a file at the element, attribute and size caps");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = make_tmp_dir ();

  protocol = sp_protocol_new_default (&error);
  g_assert_no_error (error);
  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/hostile/refused", test_refused);
  g_test_add_func ("/hostile/case-at-caps", test_case_at_caps);
  g_test_add_func ("/hostile/elements-at-cap", test_elements_at_cap);

  {
    int status = g_test_run ();

    g_clear_object (&protocol);
    g_clear_object (&drugs);
    remove_tree (tmp_dir);
    g_free (tmp_dir);
    /* the summaries' fonts handed back: nothing of theirs for the leak
     * checker to report, and a font map still held fails here */
    g_assert_true (sp_font_caches_release ());
    return status;
  }
}
