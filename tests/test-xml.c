/* test-xml.c: hostile XML is refused before anything is read or expanded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "sp-xml.h"

static const SpXmlFormat format = {
  "protocol", 1, "protocol", "/io/github/shockpath/ShockPath/core/protocol.rng"
};

static void
assert_refused (const char *text,
                int         code,
                const char *expect_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = sp_xml_read_memory (text, strlen (text), "hostile.xml", &format,
                                              &error);

  g_assert_null (doc);
  g_assert_error (error, SP_XML_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "hostile.xml"));
  if (expect_in_message != NULL && strstr (error->message, expect_in_message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expect_in_message, error->message);
  /* Nothing of /etc/passwd may reach a message. */
  g_assert_null (strstr (error->message, "root:"));
}

static void
test_external_entity (void)
{
  assert_refused ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE protocol [\n"
                  "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                  "]>\n"
                  "<protocol>&xxe;</protocol>\n",
                  SP_XML_ERROR_FORBIDDEN, ":3:");
}

static void
test_parameter_entity (void)
{
  assert_refused ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE protocol [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
                  "<protocol/>\n",
                  SP_XML_ERROR_FORBIDDEN, NULL);
}

static void
test_billion_laughs (void)
{
  /* Ten levels of ten: 10^9 "lol"s if it were ever expanded. The byte scan
   * refuses it before libxml2 builds a single entity. */
  g_autoptr(GString) s = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                                       "  <!ENTITY lol \"lol\">\n");
  gint64 start = g_get_monotonic_time ();

  for (int i = 1; i <= 9; i++)
    {
      g_string_append_printf (s, "  <!ENTITY lol%d \"", i);
      for (int j = 0; j < 10; j++)
        g_string_append_printf (s, i == 1 ? "&lol;" : "&lol%d;", i - 1);
      g_string_append (s, "\">\n");
    }
  g_string_append (s, "]>\n<lolz>&lol9;</lolz>\n");

  assert_refused (s->str, SP_XML_ERROR_FORBIDDEN, ":3:");
  /* Not a timing assertion, a sanity note: this takes microseconds. */
  g_test_message ("refused in %" G_GINT64_FORMAT " us", g_get_monotonic_time () - start);
}

static void
test_external_dtd_not_loaded (void)
{
  /* A DOCTYPE pointing outside without entity declarations: the DTD is never
   * loaded (no DTDLOAD, and the entity loader refuses), and the DOCTYPE
   * itself is refused where it stands. */
  assert_refused ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE protocol SYSTEM \"file:///etc/passwd\">\n"
                  "<protocol/>\n",
                  SP_XML_ERROR_FORBIDDEN, "hostile.xml:2: DOCTYPE declarations are not allowed");
}

/* An attribute default declared in an internal subset would fill in values
 * the file never wrote, behind the schema's back; so would one for a case's
 * dose. A DTD with no entity at all is refused the same way. */
static void
test_doctype_refused (void)
{
  static const char *files[] = {
    "protocol-attlist-default.xml",
    "case-attlist-dose.xml",
    /* UTF-16: a byte scan for "<!ENTITY" sees only "<\0!\0E..." */
    "protocol-utf16-bomb.xml",
    /* EBCDIC (IBM037): no ASCII "<!" at all */
    "protocol-ebcdic-doctype.xml",
  };

  assert_refused ("<?xml version=\"1.0\"?>\n<!DOCTYPE protocol>\n<protocol/>\n",
                  SP_XML_ERROR_FORBIDDEN, "hostile.xml:2: DOCTYPE declarations are not allowed");
  assert_refused ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE protocol [<!ATTLIST compare param CDATA \"high-norepinephrine-dose\">]>\n"
                  "<protocol/>\n",
                  SP_XML_ERROR_FORBIDDEN, "DOCTYPE declarations are not allowed");

  /* A DTD with only a parameter entity (which would declare the default) */
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                   "protocol-parameter-entity.xml", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(xmlDoc) doc = sp_xml_read_file (path, &format, &error);

    g_assert_null (doc);
    g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_FORBIDDEN);
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", files[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) doc = sp_xml_read_file (path, &format, &error);
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", files[i]);
      g_assert_null (doc);
      g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_FORBIDDEN);
      g_assert_nonnull (strstr (error->message, "DOCTYPE declarations are not allowed"));
      g_test_message ("refused in %" G_GINT64_FORMAT " us", g_get_monotonic_time () - start);
    }
}

static void
test_not_well_formed (void)
{
  assert_refused ("<?xml version=\"1.0\"?>\n<protocol>\n  <name>x</nam>\n</protocol>\n",
                  SP_XML_ERROR_MALFORMED, "hostile.xml:3:");
}

static void
test_too_large (void)
{
  gsize size = SP_XML_MAX_FILE_SIZE + 1;
  g_autofree char *big = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  memset (big, ' ', size);
  big[size] = '\0';
  memcpy (big, "<protocol>", 10);
  doc = sp_xml_read_memory (big, size, "big.xml", &format, &error);
  g_assert_null (doc);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_TOO_LARGE);
}

static void
test_not_a_regular_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = sp_xml_read_file ("/dev/zero", &format, &error);

  g_assert_null (doc);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_IO);
}

static void
test_localized_child (void)
{
  static const char text[] =
    "<r><name>norepinephrine</name><name xml:lang=\"de\">Noradrenalin</name>"
    "<name xml:lang=\"fr\">noradrénaline</name><name xml:lang=\"es-ES\">noradrenalina</name></r>";
  xmlDocPtr doc = xmlReadMemory (text, sizeof text - 1, "names.xml", NULL, XML_PARSE_NONET);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  g_autofree char *de = NULL;
  g_autofree char *es = NULL;
  g_autofree char *it = NULL;

  g_setenv ("LANGUAGE", "de", TRUE);
  de = sp_xml_get_localized_child (root, "name");
  g_setenv ("LANGUAGE", "es_ES", TRUE);
  es = sp_xml_get_localized_child (root, "name");
  /* No Italian: the text without xml:lang. */
  g_setenv ("LANGUAGE", "it", TRUE);
  it = sp_xml_get_localized_child (root, "name");
  g_unsetenv ("LANGUAGE");

  g_assert_cmpstr (de, ==, "Noradrenalin");
  g_assert_cmpstr (es, ==, "noradrenalina");
  g_assert_cmpstr (it, ==, "norepinephrine");
  xmlFreeDoc (doc);
}

/* libxml2 stops at a NUL character: whatever follows it would pass unseen. */
static void
test_nul_refused (void)
{
  static const SpXmlFormat case_format = {
    "case", 3, "case", "/io/github/shockpath/ShockPath/core/case.rng"
  };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "case-nul-after-root.xml",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = sp_xml_read_file (path, &case_format, &error);

  g_assert_null (doc);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "holds a NUL character"));
}

/* The data compiled into ShockPath is read without validating it again
 * (sp_xml_read_resource): the build validated it (src/core/meson.build).
 * The same data passes the full runtime validation too, and the resource
 * reader still refuses a newer format version. */
static void
test_builtin_resources (void)
{
  static const struct {
    const char *resource;
    const char *root;
    const char *schema;
  } builtin[] = {
    { "/io/github/shockpath/ShockPath/core/drugs.xml", "drug-library",
      "/io/github/shockpath/ShockPath/core/drugs.rng" },
    { "/io/github/shockpath/ShockPath/core/protocols/cardiogenic-shock.xml", "protocol",
      "/io/github/shockpath/ShockPath/core/protocol.rng" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    {
      const SpXmlFormat full = { builtin[i].root, 99, "test", builtin[i].schema, 0 };
      const SpXmlFormat older = { builtin[i].root, 0, "test", builtin[i].schema, 0 };
      g_autoptr(GBytes) bytes = g_resources_lookup_data (builtin[i].resource,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) validated = NULL;
      g_autoptr(xmlDoc) read = NULL;
      gsize size;
      const char *data;

      g_assert_nonnull (bytes);
      data = g_bytes_get_data (bytes, &size);
      validated = sp_xml_read_memory (data, size, builtin[i].resource, &full, &error);
      g_assert_no_error (error);
      g_assert_nonnull (validated);

      read = sp_xml_read_resource (builtin[i].resource, &full, &error);
      g_assert_no_error (error);
      g_assert_nonnull (read);
      g_clear_pointer (&read, xmlFreeDoc);

      /* A build that reads only format 0 refuses the shipped file. */
      read = sp_xml_read_resource (builtin[i].resource, &older, &error);
      g_assert_null (read);
      g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_VERSION);
    }
}

/* The shipped drug library with @from (its first occurrence) replaced by @to,
 * read as a site's file: refused at the line of the change, with @expected
 * after "site.xml:LINE: ". */
static void
assert_library_edit_refused (const char *from,
                             const char *to,
                             const char *expected)
{
  const SpXmlFormat drugs = { "drug-library", 99, "drug library",
                              "/io/github/shockpath/ShockPath/core/drugs.rng", 0 };
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/shockpath/ShockPath/core/drugs.xml",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *prefix = NULL;
  const char *at = strstr (text->str, from);
  guint line = 1;

  g_assert_nonnull (at);
  for (const char *p = text->str; p < at; p++)
    line += *p == '\n';
  g_string_replace (text, from, to, 1);

  doc = sp_xml_read_memory (text->str, text->len, "site.xml", &drugs, &error);
  g_assert_null (doc);
  g_assert_error (error, SP_XML_ERROR, SP_XML_ERROR_INVALID);
  prefix = g_strdup_printf ("site.xml:%u: ", line);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpstr (error->message + strlen (prefix), ==, expected);
}

/* libxml2's RELAX NG messages name the wrong thing ("Invalid attribute unit
 * for element concentration" for a unit of "g", "Element concentration
 * failed to validate attributes" with no line for a missing amount) and
 * never what is accepted; a pharmacy editing its library is told which
 * attribute, what it holds and what it takes, from the schema itself. */
static void
test_schema_explained (void)
{
  const char *bag = "amount=\"4\" unit=\"mg\" volume=\"250\" default=\"true\"";

  /* a value outside a choice */
  assert_library_edit_refused (bag, "amount=\"4\" unit=\"g\" volume=\"250\" default=\"true\"",
                               "concentration: unit “g” is not accepted; it takes “mcg”, “mg” "
                               "or “units”");
  /* a decimal, > 0 */
  assert_library_edit_refused (bag, "amount=\"four\" unit=\"mg\" volume=\"250\" default=\"true\"",
                               "concentration: amount “four” is not accepted; it takes a number "
                               "greater than 0, written with a point (0.5)");
  assert_library_edit_refused (bag, "amount=\"4\" unit=\"mg\" volume=\"-250\" default=\"true\"",
                               "concentration: volume “-250” is not accepted; it takes a number "
                               "greater than 0, written with a point (0.5)");
  assert_library_edit_refused (bag, "amount=\"4,5\" unit=\"mg\" volume=\"250\" default=\"true\"",
                               "concentration: amount “4,5” is not accepted; it takes a number "
                               "greater than 0, written with a point (0.5)");
  /* a boolean */
  assert_library_edit_refused (bag, "amount=\"4\" unit=\"mg\" volume=\"250\" default=\"yes\"",
                               "concentration: default “yes” is not accepted; it takes true or "
                               "false");
  /* missing: libxml2 gave no line at all */
  assert_library_edit_refused (bag, "unit=\"mg\" volume=\"250\" default=\"true\"",
                               "concentration: the attribute amount is missing; it takes a number "
                               "greater than 0, written with a point (0.5)");
  /* unknown, with the attributes the element takes */
  assert_library_edit_refused ("<drug id=\"norepinephrine\"",
                               "<drug id=\"norepinephrine\" colour=\"red\"",
                               "drug: unknown attribute “colour”; it takes id");
  /* an id, a list of ids and a pattern, said as what they are */
  assert_library_edit_refused ("<drug id=\"norepinephrine\"", "<drug id=\"Nor Epi\"",
                               "drug: id “Nor Epi” is not accepted; it takes an id: lower-case "
                               "letters and digits, words joined by “-” (vial-4-mg)");
  assert_library_edit_refused ("<dose unit=\"mcg/kg/min\"", "<dose unit=\"mcg/kilo/min\"",
                               "dose: unit “mcg/kilo/min” is not accepted; it takes a dose unit: "
                               "mcg, mg or units, then /kg or not, then /min or /h (mcg/kg/min)");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sp_xml_init ();

  g_test_add_func ("/core/xml/external-entity", test_external_entity);
  g_test_add_func ("/core/xml/builtin-resources", test_builtin_resources);
  g_test_add_func ("/core/xml/parameter-entity", test_parameter_entity);
  g_test_add_func ("/core/xml/billion-laughs", test_billion_laughs);
  g_test_add_func ("/core/xml/external-dtd-not-loaded", test_external_dtd_not_loaded);
  g_test_add_func ("/core/xml/doctype-refused", test_doctype_refused);
  g_test_add_func ("/core/xml/nul-refused", test_nul_refused);
  g_test_add_func ("/core/xml/not-well-formed", test_not_well_formed);
  g_test_add_func ("/core/xml/too-large", test_too_large);
  g_test_add_func ("/core/xml/not-a-regular-file", test_not_a_regular_file);
  g_test_add_func ("/core/xml/localized-child", test_localized_child);
  g_test_add_func ("/core/xml/schema-explained", test_schema_explained);

  return g_test_run ();
}
