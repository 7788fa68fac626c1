/* sp-cli-library.c: shockpath-cli drugs and validate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-case-file.h"
#include "sp-case.h"
#include "sp-cli.h"
#include "sp-engine.h"
#include "sp-format.h"
#include "sp-xml.h"

/* --- drugs ----------------------------------------------------------------- */

static void
json_dose_limits (SpJsonWriter       *writer,
                  const SpDoseLimits *limits,
                  gboolean            is_default)
{
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "unit", sp_dose_unit_to_string (limits->unit));
  sp_json_writer_member_boolean (writer, "default", is_default);
  sp_json_writer_member_number (writer, "usual_min", limits->usual_min);
  sp_json_writer_member_number (writer, "usual_max", limits->usual_max);
  sp_json_writer_member_string (writer, "usual_note", limits->usual_note);
  sp_json_writer_member_strv (writer, "usual_cites", limits->usual_cites);
  sp_json_writer_member_number (writer, "soft_max", limits->soft_max);
  sp_json_writer_member_number (writer, "hard_max", limits->hard_max);
  sp_json_writer_member_strv (writer, "limit_cites", limits->limit_cites);
  sp_json_writer_member_number (writer, "titration_step", limits->titration_step);
  sp_json_writer_member_string (writer, "limits_converted_from",
                                limits->derived ? sp_dose_unit_to_string (limits->derived_from) : NULL);
  sp_json_writer_end_object (writer);
}

static void
json_standard_concentration (SpJsonWriter                  *writer,
                             const SpDrug                  *drug,
                             const SpStandardConcentration *std)
{
  g_autofree char *text = sp_drug_format_concentration (drug, &std->conc, SP_NUMBER_C);
  g_autofree char *per_ml_text = sp_format_concentration_per_ml (&std->conc, SP_NUMBER_C);
  SpAmountUnit unit = sp_drug_get_amount_unit (drug);
  double per_ml = NAN;

  if (!sp_concentration_per_ml (&std->conc, unit, &per_ml))
    per_ml = NAN;

  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "text", text);
  sp_json_writer_member_number (writer, "amount", std->conc.amount);
  sp_json_writer_member_string (writer, "amount_unit", sp_amount_unit_to_string (std->conc.amount_unit));
  sp_json_writer_member_number (writer, "volume_ml", std->conc.volume_ml);
  sp_json_writer_member_number (writer, "per_ml", per_ml);
  sp_json_writer_member_string (writer, "per_ml_unit", sp_amount_unit_to_string (unit));
  sp_json_writer_member_string (writer, "per_ml_text", per_ml_text);
  sp_json_writer_member_string (writer, "salt", std->conc.salt[0] != '\0' ? std->conc.salt : NULL);
  sp_json_writer_member_number (writer, "salt_amount",
                                std->conc.salt[0] != '\0' ? std->conc.salt_amount : NAN);
  sp_json_writer_member_boolean (writer, "default", std->is_default);
  sp_json_writer_member_string (writer, "diluent", std->diluent);
  sp_json_writer_member_string (writer, "note", std->note);
  sp_json_writer_member_strv (writer, "cites", std->cites);
  sp_json_writer_end_object (writer);
}

/* What a profile sets for @drug: its dose units with limits, standard and
 * typed concentrations (members of the object being written). */
static void
json_drug_in_profile (SpJsonWriter *writer,
                      const SpDrug *drug)
{
  double conc_min = NAN, conc_max = NAN;

  sp_drug_get_concentration_limits (drug, &conc_min, &conc_max);

  sp_json_writer_member (writer, "dose_units");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    json_dose_limits (writer, sp_drug_get_dose_limits (drug, i), i == 0);
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "concentrations");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    json_standard_concentration (writer, drug, sp_drug_get_concentration (drug, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "concentration_limits");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_number (writer, "min_per_ml", conc_min);
  sp_json_writer_member_number (writer, "max_per_ml", conc_max);
  sp_json_writer_member_string (writer, "unit", sp_amount_unit_to_string (sp_drug_get_amount_unit (drug)));
  sp_json_writer_end_object (writer);
}

static void
json_drug (SpJsonWriter  *writer,
           SpDrugLibrary *drugs,
           const SpDrug  *drug)
{
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "id", sp_drug_get_id (drug));
  sp_json_writer_member_string (writer, "name", sp_drug_get_name (drug));
  sp_json_writer_member_string (writer, "display_name", sp_drug_get_display_name (drug));
  sp_json_writer_member_strv (writer, "display_name_cites", sp_drug_get_display_name_cites (drug));
  sp_json_writer_member_strv (writer, "synonyms", sp_drug_get_synonyms (drug));
  sp_json_writer_member_string (writer, "amount_basis", sp_drug_get_amount_basis (drug));

  sp_json_writer_member (writer, "salts");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_drug_get_n_salts (drug); i++)
    {
      const SpDrugSalt *salt = sp_drug_get_salt (drug, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", sp_drug_salt_get_id (salt));
      sp_json_writer_member_string (writer, "name", sp_drug_salt_get_name (salt));
      sp_json_writer_member_number (writer, "base_per_salt", sp_drug_salt_get_base_per_salt (salt));
      sp_json_writer_member_strv (writer, "cites", sp_drug_salt_get_cites (salt));
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  json_drug_in_profile (writer, drug);

  /* The same drug in every profile of the library that lists it. */
  sp_json_writer_member (writer, "profiles");
  sp_json_writer_begin_object (writer);
  for (guint p = 0; p < sp_drug_library_get_n_profiles (drugs); p++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (drugs, p);
      const SpDrug *there = sp_drug_library_lookup_in_profile (drugs, profile,
                                                               sp_drug_get_id (drug));

      if (there == NULL)
        continue;
      sp_json_writer_member (writer, sp_drug_profile_get_id (profile));
      sp_json_writer_begin_object (writer);
      json_drug_in_profile (writer, there);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_object (writer);

  sp_json_writer_member_int (writer, "rate_decimals", sp_drug_get_rate_decimals (drug));

  sp_json_writer_member (writer, "notes");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_drug_get_n_notes (drug); i++)
    {
      const SpDrugNote *note = sp_drug_get_note (drug, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "text", note->text);
      sp_json_writer_member_strv (writer, "cites", note->cites);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_end_object (writer);
}

/* "usual 0.2–1 (initial dose) [seed-1]; soft limit 1; hard limit 3; titration step 0.02 [local]" */
static void
append_dose_limits (GString            *out,
                    const SpDoseLimits *limits,
                    gboolean            is_default)
{
  const char *unit = sp_dose_unit_get_label (limits->unit);
  guint n = 0;

  g_string_append_printf (out, "  %s", unit);
  if (is_default)
    g_string_append_printf (out, " (%s)", _("default"));
  g_string_append (out, ":");

  if (!isnan (limits->usual_min) || !isnan (limits->usual_max))
    {
      if (isnan (limits->usual_min))
        {
          /* TRANSLATORS: a usual dose range without a minimum: "usual up to 0.03" */
          g_string_append_printf (out, " %s", _("usual up to"));
        }
      else
        {
          g_autofree char *min = sp_format_significant (limits->usual_min, 3, SP_NUMBER_LOCALE);

          /* TRANSLATORS: the usual dose range: "usual 0.2–1" */
          g_string_append_printf (out, " %s %s", _("usual"), min);
        }
      if (!isnan (limits->usual_max))
        {
          g_autofree char *max = sp_format_significant (limits->usual_max, 3, SP_NUMBER_LOCALE);

          g_string_append_printf (out, "%s%s", isnan (limits->usual_min) ? " " : "–", max);
        }
      if (limits->usual_note != NULL)
        g_string_append_printf (out, " (%s)", limits->usual_note);
      sp_append_cites (out, limits->usual_cites);
      n++;
    }

  if (!isnan (limits->soft_max))
    {
      g_autofree char *value = sp_format_significant (limits->soft_max, 3, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "%s %s %s", n++ > 0 ? ";" : "", _("soft limit"), value);
    }
  if (!isnan (limits->hard_max))
    {
      g_autofree char *value = sp_format_significant (limits->hard_max, 3, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "%s %s %s", n++ > 0 ? ";" : "", _("hard limit"), value);
    }
  if (!isnan (limits->titration_step))
    {
      g_autofree char *value = sp_format_significant (limits->titration_step, 3, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "%s %s %s", n++ > 0 ? ";" : "", _("titration step"), value);
    }
  if (limits->derived)
    /* TRANSLATORS: "(converted from mcg/min)": limits stated in another unit */
    g_string_append_printf (out, _(" (converted from %s)"), sp_dose_unit_get_label (limits->derived_from));
  sp_append_cites (out, limits->limit_cites);
  g_string_append_c (out, '\n');
}

static void
append_drug (GString      *out,
             const SpDrug *drug)
{
  const char * const *synonyms = sp_drug_get_synonyms (drug);
  const char *basis = sp_drug_get_amount_basis (drug);
  double conc_min = NAN, conc_max = NAN;
  const char *amount_unit = sp_amount_unit_get_label (sp_drug_get_amount_unit (drug));

  g_string_append (out, sp_drug_get_display_name (drug));
  if (g_strcmp0 (sp_drug_get_display_name (drug), sp_drug_get_id (drug)) != 0)
    g_string_append_printf (out, " (%s)", sp_drug_get_id (drug));
  sp_append_cites (out, sp_drug_get_display_name_cites (drug));
  g_string_append_c (out, '\n');
  if (synonyms != NULL && synonyms[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) synonyms);

      g_string_append_printf (out, "  %s %s\n", _("also:"), joined);
    }
  if (basis != NULL)
    /* TRANSLATORS: "amounts are norepinephrine base" */
    g_string_append_printf (out, "  %s %s\n", _("amounts are"), basis);
  for (guint i = 0; i < sp_drug_get_n_salts (drug); i++)
    {
      const SpDrugSalt *salt = sp_drug_get_salt (drug, i);
      g_autofree char *factor = sp_format_significant (sp_drug_salt_get_base_per_salt (salt), 3,
                                                       SP_NUMBER_LOCALE);

      /* TRANSLATORS: "salt: norepinephrine tartrate, 1 mg = 0.5 mg base" */
      g_string_append_printf (out, _("  salt: %s, 1 mg = %s mg base"), sp_drug_salt_get_name (salt),
                              factor);
      sp_append_cites (out, sp_drug_salt_get_cites (salt));
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    append_dose_limits (out, sp_drug_get_dose_limits (drug, i), i == 0);

  sp_drug_get_concentration_limits (drug, &conc_min, &conc_max);
  g_string_append_printf (out, "  %s", _("concentrations"));
  if (!isnan (conc_min) && !isnan (conc_max))
    {
      g_autofree char *min = sp_format_significant (conc_min, 3, SP_NUMBER_LOCALE);
      g_autofree char *max = sp_format_significant (conc_max, 3, SP_NUMBER_LOCALE);

      /* TRANSLATORS: the limits for typed concentrations: "(typed: 4–64 mcg/mL)" */
      g_string_append_printf (out, " (%s %s–%s %s/mL)", _("typed:"), min, max, amount_unit);
    }
  g_string_append (out, ":\n");
  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *std = sp_drug_get_concentration (drug, i);
      g_autofree char *text = sp_drug_format_concentration_with_strength (drug, &std->conc, SP_NUMBER_LOCALE);

      g_string_append_printf (out, "    %s %s", std->is_default ? "*" : " ", text);
      if (std->diluent != NULL)
        g_string_append_printf (out, ", %s", std->diluent);
      if (std->is_default)
        g_string_append_printf (out, " (%s)", _("default"));
      if (std->note != NULL)
        g_string_append_printf (out, " — %s", std->note);
      sp_append_cites (out, std->cites);
      g_string_append_c (out, '\n');
    }

  /* TRANSLATORS: followed by the number of decimal places pumps show, "1" */
  g_string_append_printf (out, "  %s %d\n", _("pump rate decimals:"), sp_drug_get_rate_decimals (drug));

  for (guint i = 0; i < sp_drug_get_n_notes (drug); i++)
    {
      const SpDrugNote *note = sp_drug_get_note (drug, i);

      g_string_append_printf (out, "  %s %s", _("note:"), note->text);
      sp_append_cites (out, note->cites);
      g_string_append_c (out, '\n');
    }
}

/* "ShockPath default drug library, version 1.0 (data/drugs.xml)" */
static void
append_library_line (GString       *out,
                     SpDrugLibrary *drugs)
{
  g_autofree char *line = sp_format_data_file (sp_drug_library_get_name (drugs),
                                               sp_drug_library_get_version (drugs),
                                               sp_drug_library_get_source (drugs));

  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

/* "Profile: Adult ICU - 250 mL bags (ASHP S4S) (us-icu-bags); others:
 * eu-icu-syringes, peripheral" */
static void
append_profile_line (GString       *out,
                     SpDrugLibrary *drugs)
{
  const SpDrugProfile *shown = sp_drug_library_get_profile (drugs);
  g_autoptr(GString) others = g_string_new (NULL);

  for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (drugs, i);

      if (profile == shown)
        continue;
      if (others->len > 0)
        g_string_append (others, ", ");
      g_string_append (others, sp_drug_profile_get_id (profile));
    }

  if (others->len > 0)
    /* TRANSLATORS: "Profile: Adult ICU - 250 mL bags (us-icu-bags); others: eu-icu-syringes" */
    g_string_append_printf (out, _("Profile: %s (%s); others: %s"), sp_drug_profile_get_name (shown),
                            sp_drug_profile_get_id (shown), others->str);
  else
    g_string_append_printf (out, _("Profile: %s (%s)"), sp_drug_profile_get_name (shown),
                            sp_drug_profile_get_id (shown));
  g_string_append_c (out, '\n');
}

/* "library": {"name", "version", "source", "is_default", "profile"} */
static void
json_library (SpJsonWriter  *writer,
              SpDrugLibrary *drugs)
{
  sp_json_writer_member (writer, "library");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member_string (writer, "name", sp_drug_library_get_name (drugs));
  sp_json_writer_member_string (writer, "version", sp_drug_library_get_version (drugs));
  sp_json_writer_member_string (writer, "source", sp_drug_library_get_source (drugs));
  sp_json_writer_member_boolean (writer, "is_default", sp_drug_library_is_default (drugs));
  sp_json_writer_member_string (writer, "profile",
                                sp_drug_profile_get_id (sp_drug_library_get_profile (drugs)));
  sp_json_writer_end_object (writer);
}

/* "profiles": [{"id", "name", "default", "library_default", "line", ...}] */
static void
json_profiles (SpJsonWriter  *writer,
               SpDrugLibrary *drugs)
{
  sp_json_writer_member (writer, "profiles");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < sp_drug_library_get_n_profiles (drugs); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (drugs, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member_string (writer, "id", sp_drug_profile_get_id (profile));
      sp_json_writer_member_string (writer, "name", sp_drug_profile_get_name (profile));
      /* the one used without --profile: the site's choice, else the file's */
      sp_json_writer_member_boolean (writer, "default",
                                     profile == sp_drug_library_get_profile (drugs));
      sp_json_writer_member_boolean (writer, "library_default",
                                     profile == sp_drug_library_get_default_profile (drugs));
      sp_json_writer_member_string (writer, "line",
                                    sp_profile_line_to_string (sp_drug_profile_get_line (profile)));
      sp_json_writer_member_string (writer, "description", sp_drug_profile_get_description (profile));
      sp_json_writer_member_string (writer, "line_note", sp_drug_profile_get_line_note (profile));
      sp_json_writer_member_strv (writer, "cites", sp_drug_profile_get_cites (profile));
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
}

int
sp_cli_command_profiles (SpCli  *cli,
                         char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *requested = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("The drug library’s profiles: care areas or local "
                                         "standards, each with its own concentrations and "
                                         "limits. The default is marked."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "profiles", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("profiles: unexpected argument “%s”"), args[1]);

  /* --profile only checks the id here: the list marks the default the
   * other commands use, which --profile does not change. */
  requested = g_steal_pointer (&cli->profile);
  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK)
    return status;
  if (requested != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpDrugLibrary) view = sp_drug_library_for_profile (cli->drugs, requested, &error);

      if (view == NULL)
        return sp_cli_refuse ("--profile: %s", error->message);
    }

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);

      sp_json_writer_begin_object (writer);
      json_library (writer, cli->drugs);
      json_profiles (writer, cli->drugs);
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
      return SP_CLI_EXIT_OK;
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);
    const SpDrugProfile *shown = sp_drug_library_get_profile (cli->drugs);

    append_library_line (out, cli->drugs);
    for (guint i = 0; i < sp_drug_library_get_n_profiles (cli->drugs); i++)
      {
        const SpDrugProfile *profile = sp_drug_library_get_nth_profile (cli->drugs, i);
        const char *description = sp_drug_profile_get_description (profile);
        g_autoptr(SpDrugLibrary) view = sp_drug_library_for_profile (cli->drugs,
                                                                     sp_drug_profile_get_id (profile),
                                                                     NULL);
        g_autoptr(GString) names = g_string_new (NULL);

        for (guint d = 0; view != NULL && d < sp_drug_library_get_n_drugs (view); d++)
          g_string_append_printf (names, "%s%s", d > 0 ? ", " : "",
                                  sp_drug_get_display_name (sp_drug_library_get_drug (view, d)));

        g_string_append_printf (out, "\n%s %s: %s", profile == shown ? "*" : " ",
                                sp_drug_profile_get_id (profile), sp_drug_profile_get_name (profile));
        if (profile == shown)
          g_string_append_printf (out, " (%s)", C_("profile", "default"));
        sp_append_cites (out, sp_drug_profile_get_cites (profile));
        g_string_append_c (out, '\n');
        if (description != NULL)
          g_string_append_printf (out, "    %s\n", description);
        if (sp_drug_profile_get_line (profile) != SP_PROFILE_LINE_ANY)
          g_string_append_printf (out, "    %s\n",
                                  sp_profile_line_get_label (sp_drug_profile_get_line (profile)));
        /* TRANSLATORS: "drugs: norepinephrine, DOBUTamine, ..." */
        g_string_append_printf (out, _("    drugs: %s"), names->str);
        g_string_append_c (out, '\n');
      }
    sp_cli_print (out->str);
  }

  return SP_CLI_EXIT_OK;
}

int
sp_cli_command_drugs (SpCli  *cli,
                      char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print one JSON object (C-locale numbers)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = sp_cli_option_context_new (cli, NULL,
                                       _("The drug library: each drug with its dose units, usual "
                                         "range, soft and hard limits and standard concentrations."),
                                       entries);
  if ((status = sp_cli_option_parse (cli, context, "drugs", &args)) >= 0)
    return status;
  if (g_strv_length (args) > 1)
    return sp_cli_usage_error (_("drugs: unexpected argument “%s”"), args[1]);

  if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK)
    return status;

  if (cli->json)
    {
      g_autoptr(SpJsonWriter) writer = sp_json_writer_new (TRUE);

      sp_json_writer_begin_object (writer);
      json_library (writer, cli->drugs);
      json_profiles (writer, cli->drugs);
      sp_json_writer_member (writer, "drugs");
      sp_json_writer_begin_array (writer);
      for (guint i = 0; i < sp_drug_library_get_n_drugs (cli->drugs); i++)
        json_drug (writer, cli->drugs, sp_drug_library_get_drug (cli->drugs, i));
      sp_json_writer_end_array (writer);
      sp_json_writer_end_object (writer);
      sp_cli_json_print (writer);
    }
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_library_line (out, cli->drugs);
      append_profile_line (out, cli->drugs);
      if (sp_drug_library_is_default (cli->drugs))
        {
          g_string_append (out, _("Shipped defaults: the limits are sensible defaults only; "
                                  "the site pharmacy sets its own."));
          g_string_append_c (out, '\n');
        }
      for (guint i = 0; i < sp_drug_library_get_n_drugs (cli->drugs); i++)
        {
          g_string_append_c (out, '\n');
          append_drug (out, sp_drug_library_get_drug (cli->drugs, i));
        }
      sp_cli_print (out->str);
    }

  return SP_CLI_EXIT_OK;
}

/* --- validate -------------------------------------------------------------- */

int
sp_cli_command_validate (SpCli  *cli,
                         char  **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  xmlNodePtr root;
  const char *path;
  int status;

  context = sp_cli_option_context_new (cli, _("FILE.xml"),
                                       _("Validate a drug library, a protocol or a case file (chosen "
                                         "by its root element) as ShockPath would load it."),
                                       NULL);
  if ((status = sp_cli_option_parse (cli, context, "validate", &args)) >= 0)
    return status;
  if (g_strv_length (args) < 2 || args[1][0] == '\0')
    return sp_cli_missing_option ("validate", "FILE.xml");
  if (g_strv_length (args) > 2)
    return sp_cli_usage_error (_("validate: unexpected argument “%s”"), args[2]);
  path = args[1];

  /* The same safety checks as every loader, to look at the root element. */
  doc = sp_xml_read_file_unvalidated (path, &error);
  if (doc == NULL)
    return sp_cli_refuse ("%s", error->message);
  root = xmlDocGetRootElement (doc);

  if (sp_xml_is (root, "drug-library"))
    {
      g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_from_file (path, &error);

      if (drugs == NULL)
        return sp_cli_refuse ("%s", error->message);
      /* TRANSLATORS: "drugs.xml: valid drug library (ShockPath default drug library, version 1.0)" */
      line = g_strdup_printf (_("%s: valid drug library (%s, version %s)\n"), path,
                              sp_drug_library_get_name (drugs), sp_drug_library_get_version (drugs));
      /* valid, but flagged (CLINICAL.md: within a profile, standards of two
       * drugs alike but for the name must differ or be flagged) */
      flags = sp_drug_library_list_look_alikes (drugs, SP_NUMBER_LOCALE);
      /* and numbers tenfold or more from the shipped library's: a
       * misplaced decimal point or zero */
      {
        g_autoptr(SpDrugLibrary) shipped = sp_drug_library_new_default (&error);

        if (shipped == NULL)
          return sp_cli_refuse ("%s", error->message);
        g_ptr_array_extend_and_steal (flags, sp_drug_library_list_implausible (drugs, shipped,
                                                                               SP_NUMBER_LOCALE));
      }
      /* valid alone; with the protocol it serves, a drug or a dose unit it
       * lacks (a protocol given and refused is said, and is a refusal) */
      if ((status = sp_cli_load_protocol (cli)) != SP_CLI_EXIT_OK)
        return status;
      g_ptr_array_extend_and_steal (flags, sp_engine_check_dose_units (cli->protocol, drugs));
    }
  else if (sp_xml_is (root, "protocol"))
    {
      g_autoptr(SpProtocol) protocol = sp_protocol_new_from_file (path, &error);

      if (protocol == NULL)
        return sp_cli_refuse ("%s", error->message);
      /* TRANSLATORS: "cardiogenic-shock.xml: valid protocol (Cardiogenic shock, version 1)" */
      line = g_strdup_printf (_("%s: valid protocol (%s, version %s)\n"), path,
                              sp_protocol_get_name (protocol), sp_protocol_get_version (protocol));
      /* valid alone; with the drug library it runs with, a drug or a dose
       * unit it lacks (a library given and refused is a refusal) */
      if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK)
        return status;
      flags = sp_engine_check_dose_units (protocol, cli->drugs);
    }
  else if (sp_xml_is (root, "case"))
    {
      g_autoptr(SpCaseData) data = NULL;
      const char *title;

      /* The one loader, as the window's and evaluate's: what this accepts,
       * the window opens, and the reverse. */
      if ((status = sp_cli_load_drugs (cli)) != SP_CLI_EXIT_OK ||
          (status = sp_cli_load_protocol (cli)) != SP_CLI_EXIT_OK)
        return status;
      if ((status = sp_cli_load_case_data (cli, path, &data)) != SP_CLI_EXIT_OK)
        return status;
      if ((status = sp_cli_check_case_values (cli, path, data)) != SP_CLI_EXIT_OK)
        return status;
      /* In the user's language, as the window shows it. */
      title = sp_case_data_get_title (data);
      /* TRANSLATORS: "example.xml: valid case (Example, format 1)" */
      line = g_strdup_printf (_("%s: valid case (%s, format %d)\n"), path,
                              title != NULL ? title : _("untitled"),
                              (int) data->format_version);
    }
  else
    {
      /* TRANSLATORS: "x.xml:2: the root element <foo> is not <drug-library>,
       * <protocol> or <case>" */
      return sp_cli_refuse (_("%s:%ld: the root element <%s> is not <drug-library>, <protocol> or <case>"),
                            path, xmlGetLineNo (root), (const char *) root->name);
    }

  sp_cli_print (line);
  for (guint i = 0; flags != NULL && i < flags->len; i++)
    sp_cli_warn ("%s", (const char *) g_ptr_array_index (flags, i));
  return SP_CLI_EXIT_OK;
}
