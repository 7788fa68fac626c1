/* sp-format.c: the words and numbers a clinician reads, written one way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sp-format.h"

/* Significant figures of a dose on screen and paper (CLINICAL.md: "doses to
 * three significant figures"), and of a value shown back in its entry. */
#define DOSE_DIGITS  3
#define ENTRY_DIGITS 4

/* --- labels ----------------------------------------------------------------- */

const char *
sp_severity_get_label (SpSeverity severity)
{
  switch (severity)
    {
    case SP_SEVERITY_HARD_LIMIT:
      /* TRANSLATORS: an alert's severity: "Hard limit: …" */
      return _("Hard limit");
    case SP_SEVERITY_SOFT_LIMIT:
      /* TRANSLATORS: an alert's severity: "Soft limit: …" */
      return _("Soft limit");
    case SP_SEVERITY_WARNING:
      /* TRANSLATORS: an alert's severity: "Warning: …" */
      return _("Warning");
    case SP_SEVERITY_INFO:
      /* TRANSLATORS: the lowest severity of an alert or an evidence note: "Info: …" */
      return _("Info");
    default:
      g_return_val_if_reached (_("Warning"));
    }
}

const char *
sp_tri_get_label (SpTri state)
{
  switch (state)
    {
    case SP_TRI_MET:
      /* TRANSLATORS: a criterion's state: "Systolic BP > 90 mmHg: holds" */
      return _("holds");
    case SP_TRI_UNMET:
      /* TRANSLATORS: a criterion's state: "Systolic BP > 90 mmHg: does not hold" */
      return _("does not hold");
    case SP_TRI_UNKNOWN:
      /* TRANSLATORS: a criterion's state */
      return _("unknown");
    default:
      g_return_val_if_reached (_("unknown"));
    }
}

const char *
sp_finding_to_string (SpFinding finding)
{
  switch (finding)
    {
    case SP_FINDING_GOOD:
      return "good";
    case SP_FINDING_BAD:
      return "bad";
    case SP_FINDING_NEUTRAL:
    default:
      return NULL;
    }
}

char *
sp_format_step_count (gboolean why,
                      guint    n_hold,
                      guint    n)
{
  if (why)
    /* TRANSLATORS: on the lit step of the flowchart: how many of the
     * conditions of the rule that chose it hold: "why this step: 3 of 3 hold" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "why this step: %u of %u holds",
                                         "why this step: %u of %u hold", n_hold), n_hold, n);
  /* TRANSLATORS: on a step that is not lit: how many of the criteria it
   * shows point to it (one that holds; one that argues against it and
   * does not hold): "for this step: 1 of 3" */
  return g_strdup_printf (_("for this step: %u of %u"), n_hold, n);
}

/* --- citations -------------------------------------------------------------- */

static gboolean
has_cites (const char * const *cites)
{
  return cites != NULL && cites[0] != NULL;
}

char *
sp_format_data_file (const char *name,
                     const char *version,
                     const char *where)
{
  /* TRANSLATORS: a protocol or drug library: "ShockPath default drug
   * library, version 1.0 (/etc/shockpath/drugs.xml)" */
  return g_strdup_printf (_("%s, version %s (%s)"), name, version, where);
}

char *
sp_format_cites (const char * const *cites)
{
  g_autofree char *joined = NULL;

  if (!has_cites (cites))
    return g_strdup ("");

  joined = g_strjoinv (", ", (char **) cites);
  return g_strdup_printf ("[%s]", joined);
}

char *
sp_format_cites_suffix (const char * const *cites)
{
  g_autofree char *list = NULL;

  if (!has_cites (cites))
    return g_strdup ("");

  list = sp_format_cites (cites);
  return g_strconcat (" ", list, NULL);
}

void
sp_append_cites (GString            *text,
                 const char * const *cites)
{
  g_autofree char *suffix = sp_format_cites_suffix (cites);

  g_return_if_fail (text != NULL);

  g_string_append (text, suffix);
}

char *
sp_format_cited (const char         *text,
                 const char * const *cites)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (text);
  sp_append_cites (out, cites);
  return g_string_free (out, FALSE);
}

char *
sp_format_reference (const char *id,
                     const char *text)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return g_strdup_printf ("[%s] %s", id, text);
}

struct _SpCiteList {
  GPtrArray  *ids;    /* owned strings, in order of first citation */
  GHashTable *seen;   /* the same strings, not owned */
};

SpCiteList *
sp_cite_list_new (void)
{
  SpCiteList *list = g_new0 (SpCiteList, 1);

  list->ids = g_ptr_array_new_with_free_func (g_free);
  list->seen = g_hash_table_new (g_str_hash, g_str_equal);
  return list;
}

void
sp_cite_list_free (SpCiteList *list)
{
  if (list == NULL)
    return;

  g_hash_table_unref (list->seen);
  g_ptr_array_unref (list->ids);
  g_free (list);
}

void
sp_cite_list_add (SpCiteList         *list,
                  const char * const *cites)
{
  g_return_if_fail (list != NULL);

  for (guint i = 0; cites != NULL && cites[i] != NULL; i++)
    {
      char *id;

      if (g_hash_table_contains (list->seen, cites[i]))
        continue;
      id = g_strdup (cites[i]);
      g_ptr_array_add (list->ids, id);
      g_hash_table_add (list->seen, id);
    }
}

char *
sp_cite_list_cite (SpCiteList         *list,
                   const char         *text,
                   const char * const *cites)
{
  g_return_val_if_fail (list != NULL, NULL);

  sp_cite_list_add (list, cites);
  return sp_format_cited (text, cites);
}

guint
sp_cite_list_get_n_ids (SpCiteList *list)
{
  g_return_val_if_fail (list != NULL, 0);

  return list->ids->len;
}

const char *
sp_cite_list_get_id (SpCiteList *list,
                     guint       index)
{
  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (index < list->ids->len, NULL);

  return g_ptr_array_index (list->ids, index);
}

/* --- numbers ---------------------------------------------------------------- */

char *
sp_format_weight_number (double        weight_kg,
                         SpNumberStyle style)
{
  g_return_val_if_fail (isfinite (weight_kg), NULL);

  return sp_format_decimal (weight_kg, 2, style);
}

char *
sp_format_dose_number (double        value,
                       SpNumberStyle style)
{
  g_return_val_if_fail (isfinite (value), NULL);

  return sp_format_significant (value, DOSE_DIGITS, style);
}

char *
sp_format_rate_number (double        rate_ml_h,
                       int           decimals,
                       SpNumberStyle style)
{
  double step;

  g_return_val_if_fail (isfinite (rate_ml_h), NULL);

  /* A dose that runs is never shown as 0 mL/h, which a pump would take as
   * stopped: below the pump's last decimal it is "less than 0.1". */
  step = pow (10, -MAX (decimals, 0));
  if (rate_ml_h > 0 && rate_ml_h < step / 2)
    {
      g_autofree char *smallest = sp_format_decimal (step, decimals, style);

      /* TRANSLATORS: a pump rate below what the pump shows: "less than 0.1" (mL/h) */
      return g_strdup_printf (_("less than %s"), smallest);
    }
  return sp_format_decimal (rate_ml_h, decimals, style);
}

char *
sp_format_entry_number (double value)
{
  g_return_val_if_fail (isfinite (value), NULL);

  return sp_format_significant (value, ENTRY_DIGITS, SP_NUMBER_LOCALE);
}

char *
sp_format_file_number (double value)
{
  g_return_val_if_fail (isfinite (value), NULL);

  /* -0.0 == 0.0: written as "0" */
  return sp_format_exact (value == 0.0 ? 0.0 : value);
}

char *
sp_format_input_number (double        value,
                        SpNumberStyle style)
{
  if (!isfinite (value))
    return g_strdup ("?");

  return sp_format_dose_number (value, style);
}
