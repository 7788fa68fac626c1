/* test-site.c: site drug libraries and protocols: where they are found, which
 * one wins, and what happens to a refused one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test builds its own directory tree under a temporary directory and
 * passes it in through SpSiteLookup, so that a real /etc/shockpath on the
 * machine cannot change the outcome. One test leaves the data directories to
 * the core, with XDG_DATA_DIRS set by main() before GLib first reads it.
 */
#define G_LOG_DOMAIN "test-site"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sp-case.h"
#include "sp-site.h"

static char *xdg_dir;   /* the XDG_DATA_DIRS main() sets */

/* --- helpers --------------------------------------------------------------- */

static char *
read_source_file (const char *relative)
{
  const char *srcdir = g_getenv ("SHOCKPATH_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_nonnull (srcdir);
  path = g_build_filename (srcdir, relative, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* @text with the first @old replaced by @new; the test fails when @old is
 * not there (the shipped file changed under the test). *out_line (optional)
 * receives the line of the replacement. */
static char *
replace_once (const char *text,
              const char *old,
              const char *new,
              int        *out_line)
{
  const char *at = strstr (text, old);
  GString *out;

  if (at == NULL)
    g_error ("“%s” is not in the shipped file any more: update test-site.c", old);

  if (out_line != NULL)
    {
      *out_line = 1;
      for (const char *p = text; p < at; p++)
        if (*p == '\n')
          (*out_line)++;
    }

  out = g_string_new_len (text, at - text);
  g_string_append (out, new);
  g_string_append (out, at + strlen (old));
  return g_string_free (out, FALSE);
}

/* Writes @contents to @dir/@relative, making the directories. Returns the path. */
static char *
write_file (const char *dir,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The shipped drug library renamed to @name, version @version, with
 * norepinephrine's 8 mg/250 mL (32 mcg/mL) replaced by 12 mg/250 mL
 * (48 mcg/mL, within its 4..64 mcg/mL limits): a site's own library. */
static char *
site_drug_library (const char *name,
                   const char *version)
{
  g_autofree char *shipped = read_source_file ("data/drugs.xml");
  g_autofree char *root = g_strdup_printf ("<drug-library format-version=\"3\" version=\"%s\">",
                                           version);
  g_autofree char *name_element = g_strdup_printf ("<name>%s</name>", name);
  g_autofree char *a = replace_once (shipped,
                                     "<drug-library format-version=\"3\" version=\"2.0\" defaults=\"true\">",
                                     root, NULL);
  g_autofree char *b = replace_once (a, "<name>ShockPath default drug library</name>",
                                     name_element, NULL);

  return replace_once (b, "<concentration amount=\"8\" unit=\"mg\" volume=\"250\"",
                       "<concentration amount=\"12\" unit=\"mg\" volume=\"250\"", NULL);
}

/* The shipped drug library with a hard limit that is not a number, on the
 * line stored in *out_line. */
static char *
broken_drug_library (int *out_line)
{
  g_autofree char *shipped = read_source_file ("data/drugs.xml");

  return replace_once (shipped, "hard-max=\"3\"", "hard-max=\"three\"", out_line);
}

static char *
site_protocol (const char *name)
{
  g_autofree char *shipped = read_source_file ("data/protocols/cardiogenic-shock.xml");
  g_autofree char *name_element = g_strdup_printf ("<name>%s</name>", name);

  return replace_once (shipped, "<name>Inotropes and vasopressors in cardiogenic shock</name>",
                       name_element, NULL);
}

typedef struct {
  char *root;          /* the temporary directory */
  char *sysconf;       /* root/etc/shockpath (made only when a test writes there) */
  char *share;         /* root/share: its shockpath/site is the data directory */
  char *empty_share;   /* root/empty: a data directory without site files */
  const char *data_dirs[3];
} Tree;

static void
tree_setup (Tree          *tree,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  tree->root = g_dir_make_tmp ("test-site-XXXXXX", &error);
  g_assert_no_error (error);
  tree->sysconf = g_build_filename (tree->root, "etc", "shockpath", NULL);
  tree->share = g_build_filename (tree->root, "share", NULL);
  tree->empty_share = g_build_filename (tree->root, "empty", NULL);
  /* The first data directory has no site files: the second one's count. */
  tree->data_dirs[0] = tree->empty_share;
  tree->data_dirs[1] = tree->share;
  tree->data_dirs[2] = NULL;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
tree_teardown (Tree          *tree,
               gconstpointer  data)
{
  remove_tree (tree->root);
  g_free (tree->root);
  g_free (tree->sysconf);
  g_free (tree->share);
  g_free (tree->empty_share);
}

static SpSiteLookup
tree_lookup (Tree       *tree,
             const char *configured)
{
  SpSiteLookup lookup = { configured, tree->sysconf, tree->data_dirs };

  return lookup;
}

static SpDoseUnit
unit (const char *text)
{
  SpDoseUnit u;

  g_assert_true (sp_dose_unit_parse (text, &u));
  return u;
}

/* --- tests ----------------------------------------------------------------- */

/* No site file anywhere: the shipped data, nothing refused. */
static void
test_none (Tree          *tree,
           gconstpointer  data)
{
  SpSiteLookup lookup = tree_lookup (tree, "");
  g_autoptr(SpSiteStatus) status = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(SpProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  SpSiteOrigin origin = SP_SITE_ORIGIN_SETTING;

  g_assert_null (sp_site_find (SP_SITE_DRUG_LIBRARY, &lookup, &origin));
  g_assert_cmpint (origin, ==, SP_SITE_ORIGIN_SHIPPED);

  drugs = sp_site_load_drug_library (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_true (sp_drug_library_is_default (drugs));
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SHIPPED);
  g_assert_cmpstr (status->path, ==, sp_drug_library_get_source (drugs));
  g_assert_null (status->refused_path);
  g_assert_null (sp_site_status_describe_refusal (status));
  g_clear_pointer (&status, sp_site_status_free);

  protocol = sp_site_load_protocol (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SHIPPED);
  g_assert_cmpstr (status->path, ==, sp_protocol_get_file (protocol));
  g_assert_null (status->refused_path);
}

/* A site library in the second data directory is found, and its own
 * concentration reaches the model: norepinephrine 0.1 mcg/kg/min for 70 kg
 * at 12 mg/250 mL (48 mcg/mL) is 0.1 * 70 * 60 / 48 = 420 / 48 = 8.75 mL/h. */
static void
test_data_dir (Tree          *tree,
               gconstpointer  data)
{
  SpSiteLookup lookup = tree_lookup (tree, NULL);
  g_autofree char *contents = site_drug_library ("St Example drug library", "2026.3");
  g_autofree char *path = write_file (tree->share, "shockpath/site/drugs.xml", contents);
  g_autofree char *found = NULL;
  g_autoptr(SpSiteStatus) status = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(SpProtocol) protocol = NULL;
  g_autoptr(SpCase) sp_case = NULL;
  g_autoptr(GError) error = NULL;
  const SpStandardConcentration *std;
  const SpDrug *drug;
  SpInfusion *infusion;
  SpSiteOrigin origin;

  found = sp_site_find (SP_SITE_DRUG_LIBRARY, &lookup, &origin);
  g_assert_cmpstr (found, ==, path);
  g_assert_cmpint (origin, ==, SP_SITE_ORIGIN_DATA_DIR);

  drugs = sp_site_load_drug_library (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_DATA_DIR);
  g_assert_cmpstr (status->path, ==, path);
  g_assert_null (status->refused_path);
  g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, "St Example drug library");
  g_assert_cmpstr (sp_drug_library_get_version (drugs), ==, "2026.3");
  g_assert_cmpstr (sp_drug_library_get_source (drugs), ==, path);
  g_assert_false (sp_drug_library_is_default (drugs));

  drug = sp_drug_library_lookup (drugs, "norepinephrine");
  std = sp_drug_find_concentration (drug, "12 mg/250 mL", &error);
  g_assert_no_error (error);
  g_assert_nonnull (std);
  g_assert_null (sp_drug_find_concentration (drug, "8 mg/250 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_clear_error (&error);

  /* The protocol is still the shipped one: each kind is looked up alone. */
  protocol = sp_site_load_protocol (&lookup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_protocol_get_name (protocol), ==,
                   "Inotropes and vasopressors in cardiogenic shock");

  sp_case = sp_case_new (protocol, drugs);
  g_assert_true (sp_case_get_drug_library (sp_case) == drugs);
  infusion = sp_case_add_infusion (sp_case, "norepinephrine", &std->conc, &error);
  g_assert_no_error (error);
  sp_patient_set_number (sp_case_get_patient (sp_case), SP_FIELD_WEIGHT, 70);
  g_assert_true (sp_infusion_set_dose (infusion, 0.1, NULL));
  g_assert_cmpfloat_with_epsilon (sp_infusion_get_rate (infusion), 8.75, 1e-9);
}

/* The same through $XDG_DATA_DIRS itself (set by main()). */
static void
test_xdg_data_dirs (Tree          *tree,
                    gconstpointer  data)
{
  SpSiteLookup lookup = { NULL, tree->sysconf, NULL };
  g_autofree char *contents = site_drug_library ("XDG site library", "7");
  g_autofree char *path = write_file (xdg_dir, "shockpath/site/drugs.xml", contents);
  g_autoptr(SpSiteStatus) status = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GError) error = NULL;

  drugs = sp_site_load_drug_library (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_DATA_DIR);
  g_assert_cmpstr (status->path, ==, path);
  g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, "XDG site library");
  g_assert_nonnull (sp_drug_find_concentration (sp_drug_library_lookup (drugs, "norepinephrine"),
                                                "12 mg/250 mL", NULL));
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* A broken site file: refused with its file and line, the shipped library
 * in use, and the good file further down the order is NOT used. */
static void
test_broken (Tree          *tree,
             gconstpointer  data)
{
  SpSiteLookup lookup = tree_lookup (tree, NULL);
  int line = 0;
  g_autofree char *broken = broken_drug_library (&line);
  g_autofree char *good = site_drug_library ("Good but lower", "1");
  g_autofree char *path = write_file (tree->sysconf, "drugs.xml", broken);
  g_autofree char *lower = write_file (tree->share, "shockpath/site/drugs.xml", good);
  g_autofree char *line_text = g_strdup_printf ("line %d", line);
  g_autofree char *described = NULL;
  g_autoptr(SpSiteStatus) status = NULL;
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (line, >, 1);

  drugs = sp_site_load_drug_library (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (drugs);

  /* The shipped library is in use. */
  g_assert_true (sp_drug_library_is_default (drugs));
  g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, "ShockPath default drug library");
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SHIPPED);
  g_assert_cmpstr (status->path, ==, sp_drug_library_get_source (drugs));

  /* What was refused: which file, which line, what is wrong. */
  g_assert_cmpstr (status->refused_path, ==, path);
  g_assert_cmpint (status->refused_origin, ==, SP_SITE_ORIGIN_SYSCONF);
  g_assert_cmpint (status->refused_line, ==, line);
  g_assert_nonnull (status->refused_reason);
  g_assert_nonnull (strstr (status->refused_reason, "three"));
  g_assert_true (g_str_has_prefix (status->refused_message, path));

  described = sp_site_status_describe_refusal (status);
  g_assert_nonnull (strstr (described, path));
  g_assert_nonnull (strstr (described, line_text));
}

/* Not well-formed: the parser's line. */
static void
test_malformed_protocol (Tree          *tree,
                         gconstpointer  data)
{
  SpSiteLookup lookup = tree_lookup (tree, NULL);
  g_autofree char *path = write_file (tree->share, "shockpath/site/protocol.xml",
                                      "<?xml version=\"1.0\"?>\n<protocol>\n  <name>\n</protocol>\n");
  g_autoptr(SpSiteStatus) status = NULL;
  g_autoptr(SpProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;

  protocol = sp_site_load_protocol (&lookup, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_protocol_get_name (protocol), ==,
                   "Inotropes and vasopressors in cardiogenic shock");
  g_assert_cmpint (status->kind, ==, SP_SITE_PROTOCOL);
  g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SHIPPED);
  g_assert_cmpstr (status->refused_path, ==, path);
  g_assert_cmpint (status->refused_origin, ==, SP_SITE_ORIGIN_DATA_DIR);
  /* libxml2 reports the mismatched end tag on line 4. */
  g_assert_cmpint (status->refused_line, ==, 4);
}

/* The configured path wins over /etc/shockpath, which wins over the data
 * directories; an empty configured path is none. */
static void
test_precedence (Tree          *tree,
                 gconstpointer  data)
{
  g_autofree char *configured_xml = site_drug_library ("Configured", "1");
  g_autofree char *sysconf_xml = site_drug_library ("Sysconf", "2");
  g_autofree char *data_xml = site_drug_library ("Data dir", "3");
  g_autofree char *configured = write_file (tree->root, "mine/drugs.xml", configured_xml);
  g_autofree char *sysconf = write_file (tree->sysconf, "drugs.xml", sysconf_xml);
  g_autofree char *data_dir = write_file (tree->share, "shockpath/site/drugs.xml", data_xml);
  g_autofree char *protocol_xml = site_protocol ("Site protocol");
  g_autofree char *protocol_path = write_file (tree->sysconf, "protocol.xml", protocol_xml);
  static const struct {
    gboolean     configured;
    gboolean     sysconf;
    const char  *name;
    SpSiteOrigin origin;
  } cases[] = {
    { TRUE,  TRUE,  "Configured", SP_SITE_ORIGIN_SETTING },
    { FALSE, TRUE,  "Sysconf",    SP_SITE_ORIGIN_SYSCONF },
    { FALSE, FALSE, "Data dir",   SP_SITE_ORIGIN_DATA_DIR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SpSiteLookup lookup = tree_lookup (tree, cases[i].configured ? configured : "");
      g_autoptr(SpSiteStatus) status = NULL;
      g_autoptr(SpDrugLibrary) drugs = NULL;
      g_autoptr(SpProtocol) protocol = NULL;
      g_autoptr(GError) error = NULL;

      if (!cases[i].sysconf)
        lookup.sysconf_dir = tree->empty_share;

      drugs = sp_site_load_drug_library (&lookup, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sp_drug_library_get_name (drugs), ==, cases[i].name);
      g_assert_cmpint (status->origin, ==, cases[i].origin);
      g_assert_null (status->refused_path);
      g_clear_pointer (&status, sp_site_status_free);

      /* The protocol is looked up on its own (the configured path is per
       * kind): /etc/shockpath/protocol.xml whatever the drug library's
       * origin, unless that directory is gone. */
      lookup.configured = NULL;
      protocol = sp_site_load_protocol (&lookup, &status, &error);
      g_assert_no_error (error);
      if (cases[i].sysconf)
        {
          g_assert_cmpstr (sp_protocol_get_name (protocol), ==, "Site protocol");
          g_assert_cmpstr (sp_protocol_get_file (protocol), ==, protocol_path);
          g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SYSCONF);
        }
      else
        {
          g_assert_cmpint (status->origin, ==, SP_SITE_ORIGIN_SHIPPED);
        }
    }

  (void) sysconf;
  (void) data_dir;
}

/* A configured path that is missing or relative is refused, not skipped:
 * the user asked for it. The site file below it is not used either. */
static void
test_configured_refused (Tree          *tree,
                         gconstpointer  data)
{
  g_autofree char *sysconf_xml = site_drug_library ("Sysconf", "2");
  g_autofree char *sysconf = write_file (tree->sysconf, "drugs.xml", sysconf_xml);
  g_autofree char *missing = g_build_filename (tree->root, "nowhere", "drugs.xml", NULL);
  const char *paths[] = { missing, "relative/drugs.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      SpSiteLookup lookup = tree_lookup (tree, paths[i]);
      g_autoptr(SpSiteStatus) status = NULL;
      g_autoptr(SpDrugLibrary) drugs = NULL;
      g_autoptr(GError) error = NULL;

      drugs = sp_site_load_drug_library (&lookup, &status, &error);
      g_assert_no_error (error);
      g_assert_true (sp_drug_library_is_default (drugs));
      g_assert_cmpstr (status->refused_path, ==, paths[i]);
      g_assert_cmpint (status->refused_origin, ==, SP_SITE_ORIGIN_SETTING);
      g_assert_cmpint (status->refused_line, ==, 0);
      g_assert_nonnull (status->refused_reason);
      g_assert_cmpstr (status->refused_reason, !=, "");
    }

  (void) sysconf;
}

/* Settings name a default concentration and dose unit as text; only the
 * library's standard concentrations and accepted units pass. */
static void
test_drug_defaults (void)
{
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GError) error = NULL;
  const SpStandardConcentration *std;
  const SpDrug *norepinephrine;
  const SpDrug *vasopressin;
  SpDoseUnit found;

  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);
  norepinephrine = sp_drug_library_lookup (drugs, "norepinephrine");
  vasopressin = sp_drug_library_lookup (drugs, "vasopressin");

  /* 16 mg/250 mL = 64 mcg/mL; written "16 mg in 250 mL" it is the same one. */
  std = sp_drug_find_concentration (norepinephrine, "16 mg/250 mL", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (std->conc.amount, ==, 16);
  g_assert_cmpfloat (std->conc.volume_ml, ==, 250);
  g_assert_true (std == sp_drug_find_concentration (norepinephrine, "16 mg in 250 mL", NULL));

  /* 8 mg/100 mL (80 mcg/mL) is not a standard one; a comma is not a C-locale number. */
  g_assert_null (sp_drug_find_concentration (norepinephrine, "8 mg/100 mL", &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "16 mg/250 mL"));
  g_clear_error (&error);
  g_assert_null (sp_drug_find_concentration (norepinephrine, "four mg", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (sp_drug_find_dose_unit (norepinephrine, "mcg/min", &found, &error));
  g_assert_no_error (error);
  g_assert_true (sp_dose_unit_equal (found, unit ("mcg/min")));
  g_assert_false (sp_drug_find_dose_unit (norepinephrine, "units/min", &found, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_assert_nonnull (strstr (error->message, "mcg/kg/min"));
  g_clear_error (&error);
  g_assert_false (sp_drug_find_dose_unit (vasopressin, "mcg/min", NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
  g_clear_error (&error);
  g_assert_false (sp_drug_find_dose_unit (vasopressin, "furlongs", NULL, &error));
  g_assert_error (error, SP_QUANTITY_ERROR, SP_QUANTITY_ERROR_UNIT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for the system data directories (it reads
   * XDG_DATA_DIRS once). */
  xdg_dir = g_dir_make_tmp ("test-site-xdg-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_DIRS", xdg_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Tree, NULL, tree_setup, func, tree_teardown)
  ADD ("/site/none", test_none);
  ADD ("/site/data-dir", test_data_dir);
  ADD ("/site/xdg-data-dirs", test_xdg_data_dirs);
  ADD ("/site/broken", test_broken);
  ADD ("/site/malformed-protocol", test_malformed_protocol);
  ADD ("/site/precedence", test_precedence);
  ADD ("/site/configured-refused", test_configured_refused);
#undef ADD
  g_test_add_func ("/site/drug-defaults", test_drug_defaults);

  status = g_test_run ();
  remove_tree (xdg_dir);
  g_free (xdg_dir);
  return status;
}
