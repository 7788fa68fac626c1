/* sp-case-file.c: case files (XML, data/case.rng), loaded safely, saved atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case file is one patient's state (the DESIGN.md patient fields) and the
 * infusions that run, each with the concentration it assumes. Loading goes
 * through sp-xml (size cap, no entities, well-formed), then the format version
 * is read from the root (a newer file is refused as newer, before its schema
 * could call it invalid), then the document is validated against case.rng,
 * then every value is checked here, where a message can name the field. A file
 * is refused as a whole: there is no half-read case.
 *
 * Format 2 adds optional teaching content after the infusions: a lecture
 * title and a sequence of stages, each with its own title, teaching text
 * (citing the protocol's references), patient values and infusions, and the
 * protocol step it must light. Stages are checked against a protocol (the
 * shipped one unless the caller gives its own): an unknown step or citation
 * is refused with the file and line. Format 2 also lets the case's own title
 * and notes come in several languages (xml:lang), like the teaching texts.
 * A case without stages or language variants is written as format 1, so an
 * older ShockPath still opens it.
 *
 * Saving builds the text, reads it back (ShockPath never writes a file it
 * would refuse), then writes it atomically: a temporary file in the same
 * directory, flushed to disk, renamed over the target.
 */
#define G_LOG_DOMAIN "sp-case-file"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

#include "sp-case-file.h"
#include "sp-file.h"
#include "sp-protocol.h"
#include "sp-xml.h"

static const SpXmlFormat case_format = {
  "case", SP_CASE_FORMAT_VERSION, N_("case"), "/io/github/shockpath/ShockPath/core/case.rng"
};

/* --- data ------------------------------------------------------------------ */

SpCaseData *
sp_case_data_new (void)
{
  SpCaseData *data = g_new0 (SpCaseData, 1);

  data->titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  data->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  sp_patient_state_init (&data->patient);
  data->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  data->teaching_titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  data->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_stage_free);
  data->format_version = 1;
  return data;
}

gboolean
sp_case_data_is_teaching (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);

  return data->stages != NULL && data->stages->len > 0;
}

/* TRUE if one of @texts is in a language of its own (xml:lang). */
static gboolean
has_language_variant (GPtrArray *texts)
{
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    if (((const SpCaseText *) g_ptr_array_index (texts, i))->lang != NULL)
      return TRUE;
  return FALSE;
}

/* TRUE if one of @infusions needs format 3: no concentration recorded, or
 * running at a dose not recorded. */
static gboolean
needs_format_3 (GPtrArray *infusions)
{
  for (guint i = 0; infusions != NULL && i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);

      if (!infusion->has_concentration || (!infusion->has_dose && infusion->running))
        return TRUE;
    }
  return FALSE;
}

/* The lowest format version that carries @data: 1 unless it needs a
 * format-2 or format-3 feature. */
static guint
lowest_format_version (const SpCaseData *data)
{
  if (needs_format_3 (data->infusions))
    return 3;
  for (guint i = 0; data->stages != NULL && i < data->stages->len; i++)
    if (needs_format_3 (((const SpCaseStage *) g_ptr_array_index (data->stages, i))->infusions))
      return 3;
  if (sp_case_data_is_teaching (data) ||
      has_language_variant (data->titles) ||
      has_language_variant (data->notes))
    return 2;
  return 1;
}

const char *
sp_case_data_get_title (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return sp_case_text_pick_text (data->titles);
}

const char *
sp_case_data_get_notes (const SpCaseData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return sp_case_text_pick_text (data->notes);
}

void
sp_case_data_free (SpCaseData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->titles, g_ptr_array_unref);
  g_clear_pointer (&data->notes, g_ptr_array_unref);
  g_clear_pointer (&data->infusions, g_ptr_array_unref);
  g_clear_pointer (&data->teaching_titles, g_ptr_array_unref);
  g_clear_pointer (&data->stages, g_ptr_array_unref);
  g_free (data);
}

SpCaseInfusion *
sp_case_infusion_new (const char            *drug_id,
                      const SpConcentration *conc)
{
  SpCaseInfusion *infusion;

  g_return_val_if_fail (drug_id != NULL, NULL);

  infusion = g_new0 (SpCaseInfusion, 1);
  infusion->drug_id = g_strdup (drug_id);
  if (conc != NULL)
    {
      infusion->has_concentration = TRUE;
      infusion->concentration = *conc;
    }
  return infusion;
}

SpCaseInfusion *
sp_case_infusion_copy (const SpCaseInfusion *infusion)
{
  SpCaseInfusion *copy;

  g_return_val_if_fail (infusion != NULL, NULL);

  copy = g_memdup2 (infusion, sizeof *infusion);
  copy->drug_id = g_strdup (infusion->drug_id);
  return copy;
}

gboolean
sp_case_infusion_runs (const SpCaseInfusion *infusion)
{
  g_return_val_if_fail (infusion != NULL, FALSE);

  if (infusion->has_dose)
    return infusion->dose > 0;
  return infusion->running;
}

void
sp_case_infusion_free (SpCaseInfusion *infusion)
{
  if (infusion == NULL)
    return;

  g_free (infusion->drug_id);
  g_free (infusion);
}

SpCaseText *
sp_case_text_new (const char         *lang,
                  const char         *text,
                  const char * const *cites)
{
  SpCaseText *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (SpCaseText, 1);
  self->lang = g_strdup (lang);
  self->text = g_strdup (text);
  self->cites = cites != NULL ? g_strdupv ((char **) cites) : NULL;
  return self;
}

SpCaseText *
sp_case_text_copy (const SpCaseText *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return sp_case_text_new (text->lang, text->text, (const char * const *) text->cites);
}

GPtrArray *
sp_case_texts_copy (GPtrArray *texts)
{
  GPtrArray *copy;

  copy = g_ptr_array_new_full (texts != NULL ? texts->len : 0,
                               (GDestroyNotify) sp_case_text_free);
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    g_ptr_array_add (copy, sp_case_text_copy (g_ptr_array_index (texts, i)));
  return copy;
}

void
sp_case_text_free (SpCaseText *text)
{
  if (text == NULL)
    return;

  g_free (text->lang);
  g_free (text->text);
  g_strfreev (text->cites);
  g_free (text);
}

/* "de" matches the locale names "de_DE", "de_DE.UTF-8", "de@euro" and "de";
 * "pt-BR" matches "pt_BR". */
static gboolean
lang_matches (const char *lang,
              const char *locale_name)
{
  guint i;

  for (i = 0; lang[i] != '\0' && locale_name[i] != '\0'; i++)
    {
      char a = lang[i] == '-' ? '_' : g_ascii_tolower (lang[i]);
      char b = g_ascii_tolower (locale_name[i]);

      if (a != b)
        return FALSE;
    }
  return lang[i] == '\0' && (locale_name[i] == '\0' || locale_name[i] == '_' ||
                              locale_name[i] == '.' || locale_name[i] == '@');
}

const SpCaseText *
sp_case_text_pick (GPtrArray *texts)
{
  const char * const *languages = g_get_language_names ();
  const SpCaseText *fallback = NULL;

  if (texts == NULL || texts->len == 0)
    return NULL;

  for (guint l = 0; languages[l] != NULL; l++)
    for (guint i = 0; i < texts->len; i++)
      {
        const SpCaseText *text = g_ptr_array_index (texts, i);

        if (text->lang == NULL)
          {
            if (fallback == NULL)
              fallback = text;
          }
        else if (lang_matches (text->lang, languages[l]))
          return text;
      }

  return fallback != NULL ? fallback : g_ptr_array_index (texts, 0);
}

const char *
sp_case_text_pick_text (GPtrArray *texts)
{
  const SpCaseText *text = sp_case_text_pick (texts);

  return text != NULL ? text->text : NULL;
}

SpCaseStage *
sp_case_stage_new (const char *id,
                   const char *step_id)
{
  SpCaseStage *stage;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  stage = g_new0 (SpCaseStage, 1);
  stage->id = g_strdup (id);
  stage->step_id = g_strdup (step_id);
  stage->titles = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  stage->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_text_free);
  sp_patient_state_init (&stage->patient);
  stage->infusions = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_case_infusion_free);
  return stage;
}

void
sp_case_stage_free (SpCaseStage *stage)
{
  if (stage == NULL)
    return;

  g_free (stage->id);
  g_free (stage->step_id);
  g_clear_pointer (&stage->titles, g_ptr_array_unref);
  g_clear_pointer (&stage->texts, g_ptr_array_unref);
  g_clear_pointer (&stage->infusions, g_ptr_array_unref);
  g_free (stage);
}

/* --- loading --------------------------------------------------------------- */

char *
sp_case_file_where (const char *name,
                    int         line)
{
  if (name == NULL || *name == '\0')
    return g_strdup ("");
  return line > 0 ? g_strdup_printf ("%s:%d: ", name, line) : g_strdup_printf ("%s: ", name);
}

/* A C-locale number as ShockPath writes it: digits, an optional '.' with
 * digits after it, an optional exponent ("78", "0.1", "1e-05"). No sign, no
 * leading or trailing '.', no digit grouping, no comma, no hexadecimal, no
 * NaN or infinity. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* Parses @raw (an element's text or an attribute's value) as a non-negative
 * C-locale number; on failure the error names @node's line and @what (a field
 * id or an attribute name). */
static gboolean
parse_number (xmlNodePtr   node,
              const char  *what,
              const char  *raw,
              double      *out_value,
              GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (raw != NULL ? raw : ""));
  double value;

  if (*text == '\0')
    {
      sp_xml_set_content_error (error, node, _("%s: no number given"), what);
      return FALSE;
    }

  if (text[0] == '-' && is_plain_number (text + 1))
    {
      sp_xml_set_content_error (error, node,
                                _("%s: “%s” is negative; a case file holds no negative values"),
                                what, text);
      return FALSE;
    }

  if (!is_plain_number (text))
    {
      if (strchr (text, ',') != NULL)
        sp_xml_set_content_error (error, node,
                                  _("%s: “%s” is not a number as case files write it: "
                                    "use “.” as the decimal point and no digit grouping"),
                                  what, text);
      else
        sp_xml_set_content_error (error, node, _("%s: “%s” is not a number"), what, text);
      return FALSE;
    }

  value = g_ascii_strtod (text, NULL);
  if (!isfinite (value))
    {
      /* "1e999": written as a number, but too large for any quantity. */
      sp_xml_set_content_error (error, node, _("%s: “%s” is out of range"), what, text);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* The known field ids, for the "unknown field" message. */
static char *
known_fields (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, sp_field_get_info ((SpField) i)->id);
    }
  return g_string_free (out, FALSE);
}

/* Reads <patient>, noting each field's line in @lines. Format 3 keeps what
 * runs in <infusions> only: a therapy field there is refused. */
static gboolean
load_patient (xmlNodePtr       patient,
              guint            format_version,
              SpPatientState  *state,
              int             *lines,
              GError         **error)
{
  xmlNodePtr seen[SP_N_FIELDS] = { NULL, };

  SP_XML_FOREACH_ELEMENT (patient, node)
    {
      g_autofree char *id = sp_xml_get_prop (node, "field");
      g_autofree char *text = NULL;
      const SpFieldInfo *info;
      SpField field;

      if (id == NULL || !sp_xml_is (node, "value"))
        continue;   /* the schema already refused it */

      g_strstrip (id);
      if (!sp_field_from_id (id, &field))
        {
          g_autofree char *known = known_fields ();

          sp_xml_set_content_error (error, node, _("unknown field “%s”; the fields are: %s"),
                                    id, known);
          return FALSE;
        }

      if (seen[field] != NULL)
        {
          sp_xml_set_content_error (error, node,
                                    _("field “%s” is given twice (first on line %ld)"),
                                    id, xmlGetLineNo (seen[field]));
          return FALSE;
        }
      seen[field] = node;
      lines[field] = (int) xmlGetLineNo (node);

      if (format_version >= 3 && sp_field_is_therapy (field))
        {
          sp_xml_set_content_error (error, node,
                                    _("field “%s”: from case format 3 on, what runs is "
                                      "written as an <infusion>, not as a patient value"),
                                    id);
          return FALSE;
        }

      info = sp_field_get_info (field);
      text = sp_xml_get_text (node);

      switch (info->kind)
        {
        case SP_FIELD_KIND_NUMBER:
          {
            double value;

            if (!parse_number (node, id, text, &value, error))
              return FALSE;
            sp_patient_state_set_number (state, field, value);
          }
          break;

        case SP_FIELD_KIND_CHOICE:
          if (!sp_patient_state_set_choice (state, field, text))
            {
              g_autofree char *choices = g_strjoinv (", ", (char **) info->choices);

              sp_xml_set_content_error (error, node,
                                        _("%s: “%s” is not one of the choices: %s"),
                                        id, text, choices);
              return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

static gboolean
get_number_attribute (xmlNodePtr   node,
                      const char  *name,
                      gboolean     positive,
                      double      *out_value,
                      GError     **error)
{
  g_autofree char *text = sp_xml_get_prop (node, name);

  if (!parse_number (node, name, text, out_value, error))
    return FALSE;

  if (positive && *out_value <= 0)
    {
      sp_xml_set_content_error (error, node, _("%s: must be greater than 0"), name);
      return FALSE;
    }
  return TRUE;
}

static SpCaseInfusion *
load_infusion (xmlNodePtr   node,
               guint        format_version,
               GError     **error)
{
  g_autoptr(SpCaseInfusion) infusion = NULL;
  g_autofree char *drug = sp_xml_get_prop (node, "drug");
  g_autofree char *amount_unit = sp_xml_get_prop (node, "amount-unit");
  g_autofree char *dose = sp_xml_get_prop (node, "dose");
  g_autofree char *running = sp_xml_get_prop (node, "running");
  SpConcentration conc = { 0, };

  g_assert (drug != NULL);   /* required by the schema */

  /* The schema takes amount, amount-unit and volume-ml together or not at
   * all; before format 3 they are required. */
  if (amount_unit == NULL)
    {
      if (format_version < 3)
        {
          sp_xml_set_content_error (error, node,
                                    _("infusion of “%s”: an infusion without its concentration "
                                      "needs case format 3; this file says format %u"),
                                    g_strstrip (drug), format_version);
          return NULL;
        }
      infusion = sp_case_infusion_new (g_strstrip (drug), NULL);
    }
  else
    {
      if (!get_number_attribute (node, "amount", TRUE, &conc.amount, error) ||
          !get_number_attribute (node, "volume-ml", TRUE, &conc.volume_ml, error))
        return NULL;

      if (!sp_amount_unit_parse (g_strstrip (amount_unit), &conc.amount_unit))
        {
          sp_xml_set_content_error (error, node, _("amount-unit: “%s” is not mcg, mg or units"),
                                    amount_unit);
          return NULL;
        }

      /* "64 mcg/mL" is stored as 64 mcg in 1 mL and shown again as per mL. */
      conc.per_ml_form = conc.volume_ml == 1.0;

      infusion = sp_case_infusion_new (g_strstrip (drug), &conc);
    }
  infusion->line = (int) xmlGetLineNo (node);

  if (dose != NULL)
    {
      g_autofree char *dose_unit = sp_xml_get_prop (node, "dose-unit");

      if (dose_unit == NULL)
        {
          /* The schema refuses this already; never store a dose without its unit. */
          sp_xml_set_content_error (error, node, _("dose: a dose needs its dose-unit"));
          return NULL;
        }
      if (!get_number_attribute (node, "dose", FALSE, &infusion->dose, error))
        return NULL;
      if (!sp_dose_unit_parse (g_strstrip (dose_unit), &infusion->dose_unit))
        {
          sp_xml_set_content_error (error, node,
                                    _("dose-unit: “%s” is not a dose unit "
                                      "(such as mcg/kg/min, mcg/min, units/min, mg/h)"),
                                    dose_unit);
          return NULL;
        }
      infusion->has_dose = TRUE;
    }

  if (running != NULL)
    {
      /* The schema takes "yes" only. */
      if (format_version < 3 || infusion->has_dose)
        {
          sp_xml_set_content_error (error, node,
                                    _("running: only an infusion without a dose, in case "
                                      "format 3, is marked running"));
          return NULL;
        }
      infusion->running = TRUE;
    }

  return g_steal_pointer (&infusion);
}

static gboolean
load_infusions (xmlNodePtr   node,
                guint        format_version,
                GPtrArray   *infusions,
                GError     **error)
{
  SP_XML_FOREACH_ELEMENT (node, child)
    {
      SpCaseInfusion *infusion;

      if (!sp_xml_is (child, "infusion"))
        continue;
      infusion = load_infusion (child, format_version, error);
      if (infusion == NULL)
        return FALSE;
      g_ptr_array_add (infusions, infusion);
    }
  return TRUE;
}

/* The xml:lang of @node, or NULL. */
static char *
get_lang (xmlNodePtr node)
{
  xmlChar *lang = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *result = NULL;

  if (lang != NULL)
    result = g_strstrip (g_strdup ((const char *) lang));
  xmlFree (lang);
  return result;
}

/* Adds the variant @node, whose text is @text, to @texts, refusing a second
 * variant in the same language (or a second default) and an empty one; with
 * @empty_default_is_none, an empty default variant is no text and is not
 * added (a case's own title and notes, as format 1 always read them). */
static gboolean
add_text_variant (xmlNodePtr   node,
                  GPtrArray   *texts,
                  const char  *text,
                  GStrv        cites,
                  gboolean     empty_default_is_none,
                  GError     **error)
{
  g_autofree char *lang = get_lang (node);
  glong max_chars = sp_xml_is (node, "title") ? SP_CASE_MAX_TITLE_CHARS
                    : sp_xml_is (node, "notes") ? SP_CASE_MAX_NOTES_CHARS
                    : SP_CASE_MAX_TEXT_CHARS;
  glong n_chars = g_utf8_strlen (text, -1);

  /* Before any work that grows with them: the variants are compared with
   * each other, and a title is laid out again on every printed page. */
  if (texts->len >= SP_CASE_MAX_VARIANTS)
    {
      sp_xml_set_content_error (error, node,
                                _("<%s>: more than %d language variants"),
                                (const char *) node->name, SP_CASE_MAX_VARIANTS);
      return FALSE;
    }
  if (n_chars > max_chars)
    {
      sp_xml_set_content_error (error, node,
                                /* Translators: "<title> has 30000 characters; at most 500 are accepted" */
                                _("<%s> has %ld characters; at most %ld are accepted"),
                                (const char *) node->name, n_chars, max_chars);
      return FALSE;
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const SpCaseText *other = g_ptr_array_index (texts, i);

      if (g_strcmp0 (other->lang, lang) == 0)
        {
          if (lang != NULL)
            sp_xml_set_content_error (error, node,
                                      _("<%s> is given twice for the language “%s”"),
                                      (const char *) node->name, lang);
          else
            sp_xml_set_content_error (error, node,
                                      _("<%s> is given twice without xml:lang"),
                                      (const char *) node->name);
          return FALSE;
        }
    }

  if (*text == '\0')
    {
      if (empty_default_is_none && lang == NULL)
        return TRUE;
      sp_xml_set_content_error (error, node, _("<%s> is empty"), (const char *) node->name);
      return FALSE;
    }

  g_ptr_array_add (texts, sp_case_text_new (lang, text, (const char * const *) cites));
  return TRUE;
}

/* Every variant needs a default (English) one to fall back on. */
static gboolean
check_has_default (xmlNodePtr   node,
                   const char  *element,
                   GPtrArray   *texts,
                   GError     **error)
{
  for (guint i = 0; i < texts->len; i++)
    if (((const SpCaseText *) g_ptr_array_index (texts, i))->lang == NULL)
      return TRUE;

  sp_xml_set_content_error (error, node, _("<%s> needs a variant without xml:lang (English)"),
                            element);
  return FALSE;
}

static gboolean
is_known_cite (SpProtocol *protocol,
               const char *id)
{
  return sp_protocol_find_reference (protocol, id) != NULL;
}

static SpCaseStage *
load_stage (xmlNodePtr   node,
            guint        format_version,
            SpProtocol  *protocol,
            GError     **error)
{
  g_autoptr(SpCaseStage) stage = NULL;
  g_autofree char *id = sp_xml_get_prop (node, "id");
  g_autofree char *step = sp_xml_get_prop (node, "step");

  g_assert (id != NULL && step != NULL);   /* required by the schema */
  g_strstrip (id);
  g_strstrip (step);

  if (sp_protocol_find_step (protocol, step) == NULL)
    {
      GString *known = g_string_new (NULL);
      g_autofree char *known_text = NULL;

      for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "",
                                sp_protocol_get_step (protocol, i)->id);
      known_text = g_string_free (known, FALSE);
      sp_xml_set_content_error (error, node,
                                _("stage “%s”: unknown step “%s”; the protocol’s steps are: %s"),
                                id, step, known_text);
      return NULL;
    }

  stage = sp_case_stage_new (id, step);

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "title"))
        {
          g_autofree char *text = sp_xml_get_text (child);

          if (!add_text_variant (child, stage->titles, text, NULL, FALSE, error))
            return NULL;
        }
      else if (sp_xml_is (child, "text"))
        {
          g_auto(GStrv) cites = sp_xml_get_idrefs (child, "cite");
          g_autofree char *text = sp_xml_get_text (child);

          if (cites[0] == NULL)
            {
              sp_xml_set_content_error (error, child,
                                        _("stage “%s”: a teaching text must cite its source "
                                          "(cite=\"seed-1 …\")"), id);
              return NULL;
            }
          for (guint i = 0; cites[i] != NULL; i++)
            if (!is_known_cite (protocol, cites[i]))
              {
                sp_xml_set_content_error (error, child,
                                          _("stage “%s”: unknown citation “%s”; cite the "
                                            "protocol’s references (seed-1 … seed-6, esc-2016 …)"),
                                          id, cites[i]);
                return NULL;
              }
          if (!add_text_variant (child, stage->texts, text, cites, FALSE, error))
            return NULL;
        }
      else if (sp_xml_is (child, "patient"))
        {
          if (!load_patient (child, format_version, &stage->patient, stage->patient_lines, error))
            return NULL;
        }
      else if (sp_xml_is (child, "infusions"))
        {
          if (!load_infusions (child, format_version, stage->infusions, error))
            return NULL;
        }
    }

  if (!check_has_default (node, "title", stage->titles, error) ||
      !check_has_default (node, "text", stage->texts, error))
    return NULL;

  return g_steal_pointer (&stage);
}

static gboolean
load_teaching (xmlNodePtr   node,
               SpCaseData  *data,
               SpProtocol  *protocol,
               GError     **error)
{
  g_autoptr(SpProtocol) shipped = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  if (protocol == NULL)
    {
      shipped = sp_protocol_new_default (error);
      if (shipped == NULL)
        return FALSE;
      protocol = shipped;
    }

  SP_XML_FOREACH_ELEMENT (node, child)
    {
      if (sp_xml_is (child, "title"))
        {
          g_autofree char *text = sp_xml_get_text (child);

          if (!add_text_variant (child, data->teaching_titles, text, NULL, FALSE, error))
            return FALSE;
        }
      else if (sp_xml_is (child, "stage"))
        {
          SpCaseStage *stage = load_stage (child, data->format_version, protocol, error);

          if (stage == NULL)
            return FALSE;
          g_ptr_array_add (data->stages, stage);
          if (!g_hash_table_add (ids, stage->id))
            {
              sp_xml_set_content_error (error, child, _("stage “%s” is given twice"), stage->id);
              return FALSE;
            }
        }
    }

  return check_has_default (node, "title", data->teaching_titles, error);
}

/* A case's own <title> (one line: white space collapsed) or <notes> (line
 * breaks kept, only the ends trimmed), added to @texts. Its language
 * variants are format 2. */
static gboolean
load_case_text (xmlNodePtr   node,
                SpCaseData  *data,
                GPtrArray   *texts,
                GError     **error)
{
  g_autofree char *lang = get_lang (node);
  g_autofree char *text = NULL;

  if (lang != NULL && data->format_version < 2)
    {
      sp_xml_set_content_error (error, node,
                                _("<%s xml:lang=\"%s\">: a language variant needs case "
                                  "format 2; this file says format 1"),
                                (const char *) node->name, lang);
      return FALSE;
    }

  if (sp_xml_is (node, "title"))
    text = sp_xml_get_text (node);
  else
    {
      xmlChar *content = xmlNodeGetContent (node);

      text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));
      xmlFree (content);
    }

  return add_text_variant (node, texts, text, NULL, TRUE, error);
}

static SpCaseData *
load_document (xmlDocPtr    doc,
               const char  *name,
               SpProtocol  *protocol,
               GError     **error)
{
  g_autoptr(SpCaseData) data = NULL;
  xmlNodePtr root;
  xmlNodePtr first_title = NULL;
  xmlNodePtr first_notes = NULL;

  data = sp_case_data_new ();
  root = xmlDocGetRootElement (doc);

  {
    /* The schema allows "1" or "2" only (white space trimmed). */
    g_autofree char *version = sp_xml_get_prop (root, "format-version");

    data->format_version = (guint) g_ascii_strtoull (g_strstrip (version), NULL, 10);
  }

  SP_XML_FOREACH_ELEMENT (root, node)
    {
      if (sp_xml_is (node, "title"))
        {
          if (first_title == NULL)
            first_title = node;
          if (!load_case_text (node, data, data->titles, error))
            return NULL;
        }
      else if (sp_xml_is (node, "notes"))
        {
          if (first_notes == NULL)
            first_notes = node;
          if (!load_case_text (node, data, data->notes, error))
            return NULL;
        }
      else if (sp_xml_is (node, "patient"))
        {
          if (!load_patient (node, data->format_version, &data->patient, data->patient_lines,
                             error))
            return NULL;
        }
      else if (sp_xml_is (node, "infusions"))
        {
          if (!load_infusions (node, data->format_version, data->infusions, error))
            return NULL;
        }
      else if (sp_xml_is (node, "teaching"))
        {
          if (data->format_version < 2)
            {
              sp_xml_set_content_error (error, node,
                                        _("teaching content needs case format 2; "
                                          "this file says format 1"));
              return NULL;
            }
          if (!load_teaching (node, data, protocol, error))
            return NULL;
        }
    }

  /* Language variants fall back on the default (English) text; the error
   * names the first <title> or <notes>. */
  if ((data->titles->len > 0 && !check_has_default (first_title, "title", data->titles, error)) ||
      (data->notes->len > 0 && !check_has_default (first_notes, "notes", data->notes, error)))
    return NULL;

  return g_steal_pointer (&data);
}

SpCaseData *
sp_case_file_load_for_protocol (const char  *path,
                                SpProtocol  *protocol,
                                GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_file (path, &case_format, error);
  if (doc == NULL)
    return NULL;

  return load_document (doc, path, protocol, error);
}

SpCaseData *
sp_case_file_load (const char  *path,
                   GError     **error)
{
  return sp_case_file_load_for_protocol (path, NULL, error);
}

SpCaseData *
sp_case_file_load_data_for_protocol (const char  *data,
                                     gsize        length,
                                     const char  *name,
                                     SpProtocol  *protocol,
                                     GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || SP_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sp_xml_read_memory (data, length, name, &case_format, error);
  if (doc == NULL)
    return NULL;

  return load_document (doc, name, protocol, error);
}

SpCaseData *
sp_case_file_load_data (const char  *data,
                        gsize        length,
                        const char  *name,
                        GError     **error)
{
  return sp_case_file_load_data_for_protocol (data, length, name, NULL, error);
}

/* --- saving ---------------------------------------------------------------- */

/* Appends @text escaped for XML element content or a double-quoted attribute.
 * Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and
 * carriage return; U+FFFE, U+FFFF) become U+FFFD, and so does invalid UTF-8.
 * Carriage returns (and in attributes tabs and line feeds) are written as
 * character references, since a parser would otherwise normalise them. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, attribute ? "&quot;" : "\""); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '\t': g_string_append (out, attribute ? "&#9;" : "\t"); break;
        case '\n': g_string_append (out, attribute ? "&#10;" : "\n"); break;
        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
}

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

static char *
format_number (double value)
{
  /* No "-0": a zero is written as 0. */
  return sp_format_exact (value == 0.0 ? 0.0 : value);
}

static void
append_patient (GString              *out,
                 const char           *indent,
                 const SpPatientState *patient)
{
  g_string_append_printf (out, "%s<patient>\n", indent);
  for (guint i = 0; i < SP_N_FIELDS; i++)
    {
      const SpFieldInfo *info = sp_field_get_info ((SpField) i);
      const SpFieldValue *value = &patient->values[i];
      g_autofree char *text = NULL;

      /* What runs is written as infusions only (one truth): the therapy
       * fields are derived from them, never stored. */
      if (!value->set || sp_field_is_therapy ((SpField) i))
        continue;

      switch (info->kind)
        {
        case SP_FIELD_KIND_NUMBER:
          text = format_number (value->number);
          break;
        case SP_FIELD_KIND_CHOICE:
          text = g_strdup (sp_patient_state_get_choice (patient, (SpField) i));
          break;
        default:
          g_assert_not_reached ();
        }

      g_string_append_printf (out, "%s  <value", indent);
      append_attribute (out, "field", info->id);
      g_string_append_c (out, '>');
      append_escaped (out, text, FALSE);
      g_string_append (out, "</value>\n");
    }
  g_string_append_printf (out, "%s</patient>\n", indent);
}

static void
append_infusions (GString    *out,
                  const char *indent,
                  GPtrArray  *infusions)
{
  if (infusions == NULL || infusions->len == 0)
    return;

  g_string_append_printf (out, "%s<infusions>\n", indent);
  for (guint i = 0; i < infusions->len; i++)
    {
      const SpCaseInfusion *infusion = g_ptr_array_index (infusions, i);
      const SpConcentration *conc = &infusion->concentration;

      g_string_append_printf (out, "%s  <infusion", indent);
      append_attribute (out, "drug", infusion->drug_id);
      if (infusion->has_concentration)
        {
          g_autofree char *amount = format_number (conc->amount);
          g_autofree char *volume = format_number (conc->volume_ml);

          append_attribute (out, "amount", amount);
          append_attribute (out, "amount-unit", sp_amount_unit_to_string (conc->amount_unit));
          append_attribute (out, "volume-ml", volume);
        }
      if (infusion->has_dose)
        {
          g_autofree char *dose = format_number (infusion->dose);

          append_attribute (out, "dose", dose);
          append_attribute (out, "dose-unit", sp_dose_unit_to_string (infusion->dose_unit));
        }
      else if (infusion->running)
        append_attribute (out, "running", "yes");
      g_string_append (out, "/>\n");
    }
  g_string_append_printf (out, "%s</infusions>\n", indent);
}

/* Every variant of a text, the default (no xml:lang) first. */
static void
append_texts (GString    *out,
              const char *indent,
              const char *name,
              GPtrArray  *texts)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; texts != NULL && i < texts->len; i++)
      {
        const SpCaseText *text = g_ptr_array_index (texts, i);

        if ((pass == 0) != (text->lang == NULL))
          continue;

        g_string_append_printf (out, "%s<%s", indent, name);
        if (text->lang != NULL)
          append_attribute (out, "xml:lang", text->lang);
        if (text->cites != NULL && text->cites[0] != NULL)
          {
            g_autofree char *cites = g_strjoinv (" ", text->cites);

            append_attribute (out, "cite", cites);
          }
        g_string_append_c (out, '>');
        append_escaped (out, text->text, FALSE);
        g_string_append_printf (out, "</%s>\n", name);
      }
}

static void
append_teaching (GString          *out,
                 const SpCaseData *data)
{
  g_string_append (out, "  <teaching>\n");
  append_texts (out, "    ", "title", data->teaching_titles);
  for (guint i = 0; i < data->stages->len; i++)
    {
      const SpCaseStage *stage = g_ptr_array_index (data->stages, i);

      g_string_append (out, "    <stage");
      append_attribute (out, "id", stage->id);
      append_attribute (out, "step", stage->step_id);
      g_string_append (out, ">\n");
      append_texts (out, "      ", "title", stage->titles);
      append_texts (out, "      ", "text", stage->texts);
      append_patient (out, "      ", &stage->patient);
      append_infusions (out, "      ", stage->infusions);
      g_string_append (out, "    </stage>\n");
    }
  g_string_append (out, "  </teaching>\n");
}

char *
sp_case_file_to_xml (const SpCaseData *data)
{
  GString *out;

  g_return_val_if_fail (data != NULL, NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  /* The lowest format that carries the content: a case without teaching
   * stages or language variants stays readable by a ShockPath that reads
   * format 1 only. */
  g_string_append_printf (out, "<case format-version=\"%u\">\n", lowest_format_version (data));

  append_texts (out, "  ", "title", data->titles);
  append_texts (out, "  ", "notes", data->notes);

  append_patient (out, "  ", &data->patient);
  append_infusions (out, "  ", data->infusions);

  if (sp_case_data_is_teaching (data))
    append_teaching (out, data);

  g_string_append (out, "</case>\n");
  return g_string_free (out, FALSE);
}

gboolean
sp_case_file_save (const char        *path,
                   const SpCaseData  *data,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SpCaseData) check = NULL;
  g_autofree char *xml = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  xml = sp_case_file_to_xml (data);
  length = strlen (xml);

  /* Never write a file that would be refused when opened again (a negative
   * number, a drug id the schema does not take, a zero volume ...). */
  check = sp_case_file_load_data (xml, length, path, &local_error);
  if (check == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The case was not saved: "));
      return FALSE;
    }

  /* Written whole or not at all; the file keeps its permissions (a 0600
   * case with patient notes stays 0600) and a link to it stays a link. */
  if (!sp_file_replace (path, xml, length, &local_error))
    {
      /* "x.xml: cannot write: No space left on device" */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
