/* sp-drug-library-diff.c: what changed between two drug libraries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each side is read through the public API only: the library, each of its
 * profiles (through sp_drug_library_for_profile ()), and each drug as every
 * profile lists it. What a drug states once (its names, units, usual
 * ranges, salts, rate decimals and notes) is compared once, from the first
 * profile that lists it; what a profile may state for itself (limits,
 * concentrations, concentration limits) per profile.
 */
#define G_LOG_DOMAIN "sp-drug-library-diff"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sp-drug-library-diff.h"
#include "sp-concentration.h"
#include "sp-lang.h"
#include "sp-xml.h"

void
sp_drug_library_change_free (SpDrugLibraryChange *change)
{
  if (change == NULL)
    return;
  g_free (change->drug);
  g_free (change->profile);
  g_free (change->field);
  g_free (change->old_text);
  g_free (change->new_text);
  g_free (change);
}

/* One side of the comparison: the library and its drugs by profile. */
typedef struct {
  SpDrugLibrary *library;
  GPtrArray     *views;        /* SpDrugLibrary *, one per profile, owned */
} Side;

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->views, g_ptr_array_unref);
}

static gboolean
side_init (Side          *side,
           SpDrugLibrary *library)
{
  side->library = library;
  side->views = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sp_drug_library_get_n_profiles (library); i++)
    {
      const SpDrugProfile *profile = sp_drug_library_get_nth_profile (library, i);
      g_autoptr(GError) error = NULL;
      SpDrugLibrary *view;

      view = sp_drug_library_for_profile (library, sp_drug_profile_get_id (profile), &error);
      /* The library's own profile ids: never unknown. */
      g_return_val_if_fail (view != NULL, FALSE);
      g_ptr_array_add (side->views, view);
    }
  return TRUE;
}

static SpDrugLibrary *
side_find_view (Side       *side,
                const char *profile_id)
{
  for (guint i = 0; i < side->views->len; i++)
    {
      SpDrugLibrary *view = g_ptr_array_index (side->views, i);

      if (g_strcmp0 (sp_drug_profile_get_id (sp_drug_library_get_profile (view)), profile_id) == 0)
        return view;
    }
  return NULL;
}

/* The drug @id as the profile @profile_id lists it, or NULL. */
static const SpDrug *
side_find_drug (Side       *side,
                const char *profile_id,
                const char *id)
{
  SpDrugLibrary *view = side_find_view (side, profile_id);

  if (view == NULL)
    return NULL;
  for (guint i = 0; i < sp_drug_library_get_n_drugs (view); i++)
    {
      const SpDrug *drug = sp_drug_library_get_drug (view, i);

      if (strcmp (sp_drug_get_id (drug), id) == 0)
        return drug;
    }
  return NULL;
}

/* The drug @id as the first profile that lists it has it, or NULL. */
static const SpDrug *
side_find_any_drug (Side       *side,
                    const char *id)
{
  for (guint i = 0; i < side->views->len; i++)
    {
      SpDrugLibrary *view = g_ptr_array_index (side->views, i);
      const SpDrug *drug = side_find_drug (side, sp_drug_profile_get_id (sp_drug_library_get_profile (view)), id);

      if (drug != NULL)
        return drug;
    }
  return NULL;
}

/* --- texts ------------------------------------------------------------------ */

/* C locale, to 12 significant figures: a limit converted from another
 * unit (100 mcg/min is 6 mg/h) reads "6", not "6.000000000000001". */
static char *
number_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return NULL;
  if (value == 0)
    value = 0;   /* never "-0" */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.12g", value));
}

/* "seed-1 local"; NULL for none. */
static char *
cites_text (const char * const *cites)
{
  if (cites == NULL || cites[0] == NULL)
    return NULL;
  return g_strjoinv (" ", (char **) cites);
}

static char *
strv_text (const char * const *strv)
{
  return cites_text (strv);
}

/* "0.2-1 (initial dose)", "max 0.03"; NULL without a usual range. */
static char *
usual_text (const SpDoseLimits *limits)
{
  g_autofree char *min = number_text (limits->usual_min);
  g_autofree char *max = number_text (limits->usual_max);
  GString *text;

  if (min == NULL && max == NULL)
    return NULL;
  if (min == NULL)
    text = g_string_new ("max ");
  else
    text = g_string_new (min);
  if (min != NULL && max != NULL)
    g_string_append_c (text, '-');
  else if (max == NULL)
    g_string_append (text, " min");
  g_string_append (text, max != NULL ? max : "");
  if (limits->usual_note != NULL)
    g_string_append_printf (text, " (%s)", limits->usual_note);
  return g_string_free (text, FALSE);
}

/* "4-64 mcg/mL"; NULL without limits. */
static char *
concentration_limits_text (const SpDrug *drug)
{
  double min = NAN, max = NAN;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;

  sp_drug_get_concentration_limits (drug, &min, &max);
  if (isnan (min) && isnan (max))
    return NULL;
  min_text = number_text (min);
  max_text = number_text (max);
  return g_strdup_printf ("%s-%s %s/mL", min_text != NULL ? min_text : "",
                          max_text != NULL ? max_text : "",
                          sp_amount_unit_to_string (sp_drug_get_amount_unit (drug)));
}

static char *
concentration_text (const SpDrug                  *drug,
                    const SpStandardConcentration *std)
{
  return sp_drug_format_concentration (drug, &std->conc, SP_NUMBER_C);
}

/* "yes" or "no". */
static char *
flag_text (gboolean value)
{
  return g_strdup (value ? "yes" : "no");
}

/* "vial 4 mg/4 mL", "ampoule 8 mg tartrate (4 mg base)/4 mL". */
static char *
product_text (const SpDrug        *drug,
              const SpDrugProduct *product)
{
  g_autofree char *conc = NULL;

  if (product == NULL)
    return NULL;
  conc = sp_drug_format_concentration (drug, &product->conc, SP_NUMBER_C);
  return g_strdup_printf ("%s %s", product->form == SP_PRODUCT_AMPOULE ? "ampoule" : "vial", conc);
}

/* "24 h; room temperature, protected from light", "24 h", the text alone;
 * NULL for none. */
static char *
storage_text (const SpDrugStorage *storage)
{
  g_autofree char *hours = NULL;

  if (storage == NULL)
    return NULL;
  hours = number_text (storage->beyond_use_hours);
  if (hours != NULL && storage->text != NULL)
    return g_strdup_printf ("%s h; %s", hours, storage->text);
  if (hours != NULL)
    return g_strdup_printf ("%s h", hours);
  return g_strdup (storage->text);
}

static char *
storage_cites_text (const SpDrugStorage *storage)
{
  return storage != NULL ? cites_text (storage->cites) : NULL;
}

/* --- the list ---------------------------------------------------------------- */

typedef struct {
  GPtrArray  *changes;
  const char *drug;
  const char *profile;
} Diff;

/* Adds a change when @old_text and @new_text differ. */
static void
diff_add (Diff       *diff,
          const char *field,
          const char *old_text,
          const char *new_text)
{
  SpDrugLibraryChange *change;

  if (g_strcmp0 (old_text, new_text) == 0)
    return;

  change = g_new0 (SpDrugLibraryChange, 1);
  change->drug = g_strdup (diff->drug);
  change->profile = g_strdup (diff->profile);
  change->field = g_strdup (field);
  change->old_text = g_strdup (old_text);
  change->new_text = g_strdup (new_text);
  g_ptr_array_add (diff->changes, change);
}

/* The same for texts made for the comparison (freed here). */
static void
diff_add_take (Diff       *diff,
               const char *field,
               char       *old_text,
               char       *new_text)
{
  diff_add (diff, field, old_text, new_text);
  g_free (old_text);
  g_free (new_text);
}

/* "field[key]" */
static void
diff_add_keyed (Diff       *diff,
                const char *field,
                const char *key,
                char       *old_text,
                char       *new_text)
{
  g_autofree char *name = g_strdup_printf ("%s[%s]", field, key);

  diff_add_take (diff, name, old_text, new_text);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const SpDrugLibraryChange *x = *(const SpDrugLibraryChange * const *) a;
  const SpDrugLibraryChange *y = *(const SpDrugLibraryChange * const *) b;
  int c;

  if ((c = g_strcmp0 (x->drug, y->drug)) != 0 ||
      (c = g_strcmp0 (x->profile, y->profile)) != 0 ||
      (c = g_strcmp0 (x->field, y->field)) != 0 ||
      (c = g_strcmp0 (x->old_text, y->old_text)) != 0)
    return c;
  return g_strcmp0 (x->new_text, y->new_text);
}

/* Appends to @keys the strings of @more not in it yet (borrowed). */
static void
add_keys (GPtrArray  *keys,
          const char *key)
{
  if (key == NULL)
    return;
  for (guint i = 0; i < keys->len; i++)
    {
      if (strcmp (g_ptr_array_index (keys, i), key) == 0)
        return;
    }
  g_ptr_array_add (keys, g_strdup (key));
}

/* --- the library and its profiles ------------------------------------------- */

static void
diff_library (Diff *diff,
              Side *old_side,
              Side *new_side)
{
  SpDrugLibrary *a = old_side->library;
  SpDrugLibrary *b = new_side->library;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char * const *refs;

  diff_add (diff, "name", sp_drug_library_get_name (a), sp_drug_library_get_name (b));
  diff_add (diff, "version", sp_drug_library_get_version (a), sp_drug_library_get_version (b));
  diff_add (diff, "description", sp_drug_library_get_description (a),
            sp_drug_library_get_description (b));
  diff_add (diff, "default_profile",
            sp_drug_profile_get_id (sp_drug_library_get_default_profile (a)),
            sp_drug_profile_get_id (sp_drug_library_get_default_profile (b)));
  /* shipped defaults, or a site's own limits: what the sheet's header says */
  diff_add_take (diff, "defaults", flag_text (sp_drug_library_is_default (a)),
                 flag_text (sp_drug_library_is_default (b)));

  refs = sp_drug_library_get_reference_ids (a);
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    add_keys (ids, refs[i]);
  refs = sp_drug_library_get_reference_ids (b);
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    add_keys (ids, refs[i]);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      diff_add_keyed (diff, "reference", id,
                      g_strdup (sp_drug_library_get_reference (a, id)),
                      g_strdup (sp_drug_library_get_reference (b, id)));
    }
}

static const SpDrugProfile *
view_profile (SpDrugLibrary *view)
{
  return view != NULL ? sp_drug_library_get_profile (view) : NULL;
}

static void
diff_profile (Diff                *diff,
              const SpDrugProfile *a,
              const SpDrugProfile *b)
{
  if (a == NULL || b == NULL)
    {
      diff_add (diff, "profile", a != NULL ? sp_drug_profile_get_name (a) : NULL,
                b != NULL ? sp_drug_profile_get_name (b) : NULL);
      return;
    }

  diff_add (diff, "name", sp_drug_profile_get_name (a), sp_drug_profile_get_name (b));
  diff_add (diff, "description", sp_drug_profile_get_description (a),
            sp_drug_profile_get_description (b));
  diff_add (diff, "line", sp_profile_line_to_string (sp_drug_profile_get_line (a)),
            sp_profile_line_to_string (sp_drug_profile_get_line (b)));
  diff_add (diff, "line_note", sp_drug_profile_get_line_note (a), sp_drug_profile_get_line_note (b));
  diff_add_take (diff, "line_note_cites", cites_text (sp_drug_profile_get_line_note_cites (a)),
                 cites_text (sp_drug_profile_get_line_note_cites (b)));
  diff_add_take (diff, "cites", cites_text (sp_drug_profile_get_cites (a)),
                 cites_text (sp_drug_profile_get_cites (b)));
  /* the bag planner's site settings */
  diff_add_take (diff, "stronger_at_ml_per_h",
                 number_text (sp_drug_profile_get_stronger_at_ml_per_h (a)),
                 number_text (sp_drug_profile_get_stronger_at_ml_per_h (b)));
  diff_add_take (diff, "stronger_cites", cites_text (sp_drug_profile_get_stronger_cites (a)),
                 cites_text (sp_drug_profile_get_stronger_cites (b)));
  diff_add_take (diff, "prepare_lead_hours",
                 number_text (sp_drug_profile_get_prepare_lead_hours (a)),
                 number_text (sp_drug_profile_get_prepare_lead_hours (b)));
  diff_add_take (diff, "prepare_lead_cites", cites_text (sp_drug_profile_get_prepare_lead_cites (a)),
                 cites_text (sp_drug_profile_get_prepare_lead_cites (b)));
  /* how far the pump's step may take a dose */
  diff_add_take (diff, "rate_rounding_percent",
                 number_text (sp_drug_profile_get_rate_rounding_percent (a)),
                 number_text (sp_drug_profile_get_rate_rounding_percent (b)));
  diff_add_take (diff, "rate_rounding_cites", cites_text (sp_drug_profile_get_rate_rounding_cites (a)),
                 cites_text (sp_drug_profile_get_rate_rounding_cites (b)));
}

/* --- the items a drug lists, paired by key ------------------------------------ */

/* A list a drug holds (its notes, salts, products, dose units or
 * concentrations): how many, and the key of each (a new string) that pairs
 * an item of the old library with the same item of the new one. */
typedef struct {
  guint  (*count) (const SpDrug *drug);
  char  *(*key)   (const SpDrug *drug,
                   guint         index);
} ItemList;

/* The keys of @list in @a and in @b, @a's first, each once. */
static GPtrArray *
item_keys (const ItemList *list,
           const SpDrug   *a,
           const SpDrug   *b)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const SpDrug *drugs[] = { a, b };

  for (guint d = 0; d < G_N_ELEMENTS (drugs); d++)
    for (guint i = 0; i < list->count (drugs[d]); i++)
      {
        g_autofree char *key = list->key (drugs[d], i);

        add_keys (keys, key);
      }
  return keys;
}

/* The index of the item of @drug's @list with the key @key, or -1. */
static int
item_find (const ItemList *list,
           const SpDrug   *drug,
           const char     *key)
{
  for (guint i = 0; i < list->count (drug); i++)
    {
      g_autofree char *other = list->key (drug, i);

      if (strcmp (other, key) == 0)
        return (int) i;
    }
  return -1;
}

/* --- a drug in every profile ------------------------------------------------- */

/* A drug only one side lists: the one change "drug" (TRUE), and nothing
 * more to compare. */
static gboolean
diff_drug_presence (Diff         *diff,
                    const SpDrug *a,
                    const SpDrug *b)
{
  if (a != NULL && b != NULL)
    return FALSE;
  diff_add (diff, "drug", a != NULL ? sp_drug_get_display_name (a) : NULL,
            b != NULL ? sp_drug_get_display_name (b) : NULL);
  return TRUE;
}

static char *
note_key (const SpDrug *drug,
          guint         index)
{
  return g_strdup (sp_drug_get_note (drug, index)->text);
}

static const ItemList notes = { sp_drug_get_n_notes, note_key };

static const SpDrugNote *
find_note (const SpDrug *drug,
           const char   *text)
{
  int i = item_find (&notes, drug, text);

  return i >= 0 ? sp_drug_get_note (drug, i) : NULL;
}

/* Notes by their text: "note" added or removed, "note_cites[TEXT]". */
static void
diff_notes (Diff         *diff,
            const SpDrug *a,
            const SpDrug *b)
{
  g_autoptr(GPtrArray) texts = item_keys (&notes, a, b);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      const SpDrugNote *x = find_note (a, text);
      const SpDrugNote *y = find_note (b, text);

      if (x == NULL || y == NULL)
        diff_add (diff, "note", x != NULL ? text : NULL, y != NULL ? text : NULL);
      else
        diff_add_keyed (diff, "note_cites", text, cites_text (x->cites), cites_text (y->cites));
    }
}

static char *
salt_key (const SpDrug *drug,
          guint         index)
{
  return g_strdup (sp_drug_salt_get_id (sp_drug_get_salt (drug, index)));
}

static const ItemList salts = { sp_drug_get_n_salts, salt_key };

static void
diff_salts (Diff         *diff,
            const SpDrug *a,
            const SpDrug *b)
{
  g_autoptr(GPtrArray) ids = item_keys (&salts, a, b);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const SpDrugSalt *x = sp_drug_find_salt (a, id);
      const SpDrugSalt *y = sp_drug_find_salt (b, id);

      diff_add_keyed (diff, "salt", id, x != NULL ? number_text (sp_drug_salt_get_base_per_salt (x)) : NULL,
                      y != NULL ? number_text (sp_drug_salt_get_base_per_salt (y)) : NULL);
      if (x == NULL || y == NULL)
        continue;
      diff_add_keyed (diff, "salt_name", id, g_strdup (sp_drug_salt_get_name (x)),
                      g_strdup (sp_drug_salt_get_name (y)));
      /* the word a concentration names the salt by ("8 mg tartrate") */
      diff_add_keyed (diff, "salt_short_name", id, g_strdup (sp_drug_salt_get_short_name (x)),
                      g_strdup (sp_drug_salt_get_short_name (y)));
      diff_add_keyed (diff, "salt_cites", id, cites_text (sp_drug_salt_get_cites (x)),
                      cites_text (sp_drug_salt_get_cites (y)));
    }
}

static char *
product_key (const SpDrug *drug,
             guint         index)
{
  return g_strdup (sp_drug_get_product (drug, index)->id);
}

static const ItemList products = { sp_drug_get_n_products, product_key };

static const SpDrugProduct *
find_product (const SpDrug *drug,
              const char   *id)
{
  int i = item_find (&products, drug, id);

  return i >= 0 ? sp_drug_get_product (drug, i) : NULL;
}

/* Products by id: "product[ID]" its form and strength, "product_cites[ID]". */
static void
diff_products (Diff         *diff,
               const SpDrug *a,
               const SpDrug *b)
{
  g_autoptr(GPtrArray) ids = item_keys (&products, a, b);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const SpDrugProduct *x = find_product (a, id);
      const SpDrugProduct *y = find_product (b, id);

      diff_add_keyed (diff, "product", id, product_text (a, x), product_text (b, y));
      if (x != NULL && y != NULL)
        diff_add_keyed (diff, "product_cites", id, cites_text (x->cites), cites_text (y->cites));
    }
}

/* The dose unit token: "mcg/kg/min" */
static char *
dose_unit_key (const SpDrug *drug,
               guint         index)
{
  return g_strdup (sp_dose_unit_to_string (sp_drug_get_dose_limits (drug, index)->unit));
}

static const ItemList dose_units = { sp_drug_get_n_dose_units, dose_unit_key };

static const SpDoseLimits *
find_limits (const SpDrug *drug,
             const char   *unit_text)
{
  SpDoseUnit unit;

  if (!sp_dose_unit_parse (unit_text, &unit))
    return NULL;
  return sp_drug_find_dose_limits (drug, unit);
}

/* Compares what @a and @b state in the dose unit @unit (@x and @y: NULL
 * where that side has no such unit). */
typedef void (*DiffDoseUnit) (Diff               *diff,
                              const char         *unit,
                              const SpDoseLimits *x,
                              const SpDoseLimits *y);

/* Calls @diff_unit for each dose unit of @a or @b. */
static void
diff_dose_units (Diff         *diff,
                 const SpDrug *a,
                 const SpDrug *b,
                 DiffDoseUnit  diff_unit)
{
  g_autoptr(GPtrArray) units = item_keys (&dose_units, a, b);

  for (guint i = 0; i < units->len; i++)
    {
      const char *unit = g_ptr_array_index (units, i);

      diff_unit (diff, unit, find_limits (a, unit), find_limits (b, unit));
    }
}

/* The drug's: "dose_unit[UNIT]" added or removed, its usual range. */
static void
diff_usual (Diff               *diff,
            const char         *unit,
            const SpDoseLimits *x,
            const SpDoseLimits *y)
{
  if (x == NULL || y == NULL)
    {
      diff_add_keyed (diff, "dose_unit", unit, x != NULL ? g_strdup (unit) : NULL,
                      y != NULL ? g_strdup (unit) : NULL);
      return;
    }
  diff_add_keyed (diff, "usual", unit, usual_text (x), usual_text (y));
  diff_add_keyed (diff, "usual_cites", unit, cites_text (x->usual_cites),
                  cites_text (y->usual_cites));
}

static void
diff_drug (Diff         *diff,
           const SpDrug *a,
           const SpDrug *b)
{
  if (diff_drug_presence (diff, a, b))
    return;

  diff_add (diff, "name", sp_drug_get_name (a), sp_drug_get_name (b));
  diff_add (diff, "display_name", sp_drug_get_display_name (a), sp_drug_get_display_name (b));
  diff_add_take (diff, "display_name_cites", cites_text (sp_drug_get_display_name_cites (a)),
                 cites_text (sp_drug_get_display_name_cites (b)));
  diff_add_take (diff, "synonyms", strv_text (sp_drug_get_synonyms (a)),
                 strv_text (sp_drug_get_synonyms (b)));
  diff_add (diff, "amount_basis", sp_drug_get_amount_basis (a), sp_drug_get_amount_basis (b));
  diff_dose_units (diff, a, b, diff_usual);

  diff_salts (diff, a, b);
  diff_add_take (diff, "rate_decimals", g_strdup_printf ("%d", sp_drug_get_rate_decimals (a)),
                 g_strdup_printf ("%d", sp_drug_get_rate_decimals (b)));
  diff_add_take (diff, "rate_decimals_cites", cites_text (sp_drug_get_rate_decimals_cites (a)),
                 cites_text (sp_drug_get_rate_decimals_cites (b)));
  diff_notes (diff, a, b);

  diff_add_take (diff, "high_alert", flag_text (sp_drug_get_high_alert (a)),
                 flag_text (sp_drug_get_high_alert (b)));
  diff_add_take (diff, "high_alert_cites", cites_text (sp_drug_get_high_alert_cites (a)),
                 cites_text (sp_drug_get_high_alert_cites (b)));
  diff_products (diff, a, b);
  diff_add_take (diff, "storage", storage_text (sp_drug_get_storage (a)),
                 storage_text (sp_drug_get_storage (b)));
  diff_add_take (diff, "storage_cites", storage_cites_text (sp_drug_get_storage (a)),
                 storage_cites_text (sp_drug_get_storage (b)));
  diff_add_take (diff, "course_hours", number_text (sp_drug_get_course_hours (a)),
                 number_text (sp_drug_get_course_hours (b)));
  diff_add_take (diff, "course_cites", cites_text (sp_drug_get_course_cites (a)),
                 cites_text (sp_drug_get_course_cites (b)));
}

/* --- a drug in one profile ---------------------------------------------------- */

/* The concentration as written in files: "16 mg/250 mL" */
static char *
concentration_key (const SpDrug *drug,
                   guint         index)
{
  return concentration_text (drug, sp_drug_get_concentration (drug, index));
}

static const ItemList concentrations = { sp_drug_get_n_concentrations, concentration_key };

static const SpStandardConcentration *
find_concentration (const SpDrug *drug,
                    const char   *text)
{
  int i = item_find (&concentrations, drug, text);

  return i >= 0 ? sp_drug_get_concentration (drug, i) : NULL;
}

static void
diff_concentrations (Diff         *diff,
                     const SpDrug *a,
                     const SpDrug *b)
{
  g_autoptr(GPtrArray) keys = item_keys (&concentrations, a, b);
  const SpStandardConcentration *x, *y;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      x = find_concentration (a, key);
      y = find_concentration (b, key);
      if (x == NULL || y == NULL)
        {
          diff_add (diff, "concentration", x != NULL ? key : NULL, y != NULL ? key : NULL);
          continue;
        }
      diff_add_keyed (diff, "diluent", key, g_strdup (x->diluent), g_strdup (y->diluent));
      diff_add_keyed (diff, "concentration_note", key, g_strdup (x->note), g_strdup (y->note));
      diff_add_keyed (diff, "concentration_cites", key, cites_text (x->cites), cites_text (y->cites));
      diff_add_keyed (diff, "preferred_diluent", key, g_strdup (x->preferred_diluent),
                      g_strdup (y->preferred_diluent));
      diff_add_keyed (diff, "concentration_product", key,
                      g_strdup (x->product != NULL ? x->product->id : NULL),
                      g_strdup (y->product != NULL ? y->product->id : NULL));
      diff_add_keyed (diff, "remove_volume", key, flag_text (x->remove_volume),
                      flag_text (y->remove_volume));
      /* its own storage; one it takes from the drug is the drug's change */
      diff_add_keyed (diff, "concentration_storage", key,
                      x->storage != sp_drug_get_storage (a) ? storage_text (x->storage) : NULL,
                      y->storage != sp_drug_get_storage (b) ? storage_text (y->storage) : NULL);
      diff_add_keyed (diff, "concentration_storage_cites", key,
                      x->storage != sp_drug_get_storage (a) ? storage_cites_text (x->storage) : NULL,
                      y->storage != sp_drug_get_storage (b) ? storage_cites_text (y->storage) : NULL);
    }

  x = sp_drug_get_default_concentration (a);
  y = sp_drug_get_default_concentration (b);
  diff_add_take (diff, "default_concentration", x != NULL ? concentration_text (a, x) : NULL,
                 y != NULL ? concentration_text (b, y) : NULL);

  diff_add_take (diff, "concentration_limits", concentration_limits_text (a),
                 concentration_limits_text (b));
  diff_add_take (diff, "concentration_limits_cites",
                 cites_text (sp_drug_get_concentration_limits_cites (a)),
                 cites_text (sp_drug_get_concentration_limits_cites (b)));
}

/* The profile's: its limits in each dose unit both sides have (a unit
 * added or removed is the drug's: diff_usual ()). */
static void
diff_limits (Diff               *diff,
             const char         *unit,
             const SpDoseLimits *x,
             const SpDoseLimits *y)
{
  if (x == NULL || y == NULL)
    return;
  diff_add_keyed (diff, "soft_max", unit, number_text (x->soft_max), number_text (y->soft_max));
  diff_add_keyed (diff, "hard_max", unit, number_text (x->hard_max), number_text (y->hard_max));
  diff_add_keyed (diff, "titration_step", unit, number_text (x->titration_step),
                  number_text (y->titration_step));
  diff_add_keyed (diff, "limit_cites", unit, cites_text (x->limit_cites),
                  cites_text (y->limit_cites));
  diff_add_keyed (diff, "limits_derived_from", unit,
                  x->derived ? g_strdup (sp_dose_unit_to_string (x->derived_from)) : NULL,
                  y->derived ? g_strdup (sp_dose_unit_to_string (y->derived_from)) : NULL);
}

/* A drug a profile lists on one side only: what it lists for it, each as
 * a change of its own (a sign-off saw "drug: added" and not the bags and
 * limits that came with it). */
static void
diff_drug_listed (Diff         *diff,
                  const SpDrug *only,
                  gboolean      added)
{
  g_autoptr(GPtrArray) units = item_keys (&dose_units, only, only);
  g_autoptr(GPtrArray) keys = item_keys (&concentrations, only, only);

  for (guint i = 0; i < units->len; i++)
    {
      const char *unit = g_ptr_array_index (units, i);
      const SpDoseLimits *limits = find_limits (only, unit);
      char *soft, *hard, *step;

      if (limits == NULL)
        continue;
      soft = number_text (limits->soft_max);
      hard = number_text (limits->hard_max);
      step = number_text (limits->titration_step);
      diff_add_keyed (diff, "soft_max", unit, added ? NULL : soft, added ? soft : NULL);
      diff_add_keyed (diff, "hard_max", unit, added ? NULL : hard, added ? hard : NULL);
      diff_add_keyed (diff, "titration_step", unit, added ? NULL : step, added ? step : NULL);
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const SpStandardConcentration *standard = find_concentration (only, key);
      char *diluent = standard != NULL ? g_strdup (standard->diluent) : NULL;

      diff_add (diff, "concentration", added ? NULL : key, added ? key : NULL);
      /* what it is made up in, as a changed bag's diluent is listed */
      diff_add_keyed (diff, "diluent", key, added ? NULL : diluent, added ? diluent : NULL);
    }
  {
    const SpStandardConcentration *standard = sp_drug_get_default_concentration (only);
    char *text = standard != NULL ? concentration_text (only, standard) : NULL;

    diff_add_take (diff, "default_concentration", added ? NULL : text, added ? text : NULL);
  }
  {
    char *limits = concentration_limits_text (only);

    diff_add_take (diff, "concentration_limits", added ? NULL : limits, added ? limits : NULL);
  }
}

static void
diff_drug_in_profile (Diff         *diff,
                      const SpDrug *a,
                      const SpDrug *b)
{
  if (diff_drug_presence (diff, a, b))
    {
      diff_drug_listed (diff, a != NULL ? a : b, a == NULL);
      return;
    }

  diff_dose_units (diff, a, b, diff_limits);
  diff_concentrations (diff, a, b);
}

/* --- all of it --------------------------------------------------------------- */

GPtrArray *
sp_drug_library_diff (SpDrugLibrary *old_library,
                      SpDrugLibrary *new_library)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) profile_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drug_ids = g_ptr_array_new_with_free_func (g_free);
  Side sides[2] = { { 0 } };
  Diff diff = { 0 };

  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (old_library), NULL);
  g_return_val_if_fail (SP_IS_DRUG_LIBRARY (new_library), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_drug_library_change_free);
  diff.changes = changes;
  if (!side_init (&sides[0], old_library) || !side_init (&sides[1], new_library))
    goto out;

  for (guint s = 0; s < 2; s++)
    {
      for (guint i = 0; i < sides[s].views->len; i++)
        {
          SpDrugLibrary *view = g_ptr_array_index (sides[s].views, i);

          add_keys (profile_ids, sp_drug_profile_get_id (sp_drug_library_get_profile (view)));
          for (guint j = 0; j < sp_drug_library_get_n_drugs (view); j++)
            add_keys (drug_ids, sp_drug_get_id (sp_drug_library_get_drug (view, j)));
        }
    }

  diff_library (&diff, &sides[0], &sides[1]);

  for (guint i = 0; i < profile_ids->len; i++)
    {
      diff.profile = g_ptr_array_index (profile_ids, i);
      diff_profile (&diff, view_profile (side_find_view (&sides[0], diff.profile)),
                    view_profile (side_find_view (&sides[1], diff.profile)));
    }
  diff.profile = NULL;

  for (guint i = 0; i < drug_ids->len; i++)
    {
      const SpDrug *a, *b;

      diff.drug = g_ptr_array_index (drug_ids, i);
      diff.profile = NULL;
      a = side_find_any_drug (&sides[0], diff.drug);
      b = side_find_any_drug (&sides[1], diff.drug);
      diff_drug (&diff, a, b);

      for (guint j = 0; j < profile_ids->len; j++)
        {
          const SpDrug *x, *y;

          diff.profile = g_ptr_array_index (profile_ids, j);
          x = side_find_drug (&sides[0], diff.profile, diff.drug);
          y = side_find_drug (&sides[1], diff.profile, diff.drug);
          if (x == NULL && y == NULL)
            continue;
          diff_drug_in_profile (&diff, x, y);
        }
    }

  g_ptr_array_sort (changes, compare_changes);

out:
  side_clear (&sides[0]);
  side_clear (&sides[1]);
  return g_steal_pointer (&changes);
}

/* --- every language ------------------------------------------------------------ */

/* Adds to @languages (sorted, no duplicates) each xml:lang under @node. */
static void
collect_languages (xmlNodePtr  node,
                   GPtrArray  *languages)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      g_autofree char *lang = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      lang = (char *) xmlNodeGetLang (child);
      if (lang != NULL && *lang != '\0' &&
          !g_ptr_array_find_with_equal_func (languages, lang, g_str_equal, NULL))
        g_ptr_array_add (languages, g_steal_pointer (&lang));
      collect_languages (child->children, languages);
    }
}

/* The languages the file @path gives texts in ("de", "fr"), or NULL with
 * @error when it cannot be read. */
static GPtrArray *
file_languages (const char  *path,
                GError     **error)
{
  xmlDocPtr doc = sp_xml_read_file_unvalidated (path, error);
  GPtrArray *languages;

  if (doc == NULL)
    return NULL;
  languages = g_ptr_array_new_with_free_func (g_free);
  collect_languages (xmlDocGetRootElement (doc), languages);
  xmlFreeDoc (doc);
  return languages;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Both libraries read with their texts in @language ("C": the untagged
 * ones), and what changed between them. */
static GPtrArray *
diff_files_in (const char  *old_path,
               const char  *new_path,
               const char  *language,
               GError     **error)
{
  g_autoptr(SpDrugLibrary) old_library = NULL;
  g_autoptr(SpDrugLibrary) new_library = NULL;

  sp_lang_set_override (language);
  old_library = sp_drug_library_new_from_file (old_path, error);
  if (old_library != NULL)
    new_library = sp_drug_library_new_from_file (new_path, error);
  sp_lang_set_override (NULL);
  if (new_library == NULL)
    return NULL;
  return sp_drug_library_diff (old_library, new_library);
}

GPtrArray *
sp_drug_library_diff_files (const char  *old_path,
                            const char  *new_path,
                            GError     **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) languages = NULL;
  g_autoptr(GPtrArray) more = NULL;

  g_return_val_if_fail (old_path != NULL && new_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* First the files' own texts (those without xml:lang): "C" matches no
   * tag. Read in the user's language, a German sign-off left out every
   * change to the English texts, which no xml:lang names. */
  changes = diff_files_in (old_path, new_path, "C", error);
  if (changes == NULL || (languages = file_languages (old_path, error)) == NULL ||
      (more = file_languages (new_path, error)) == NULL)
    return NULL;
  for (guint i = 0; i < more->len; i++)
    if (!g_ptr_array_find_with_equal_func (languages, more->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (languages, g_strdup (more->pdata[i]));
  g_ptr_array_sort (languages, compare_strings);

  /* Each translation's changes that the first reading did not show: a
   * number reads the same in every language, a translated text not. */
  for (guint l = 0; l < languages->len; l++)
    {
      const char *language = languages->pdata[l];
      g_autoptr(GPtrArray) in_language = diff_files_in (old_path, new_path, language, error);
      guint n = changes->len;

      if (in_language == NULL)
        return NULL;
      for (guint i = 0; i < in_language->len; i++)
        {
          SpDrugLibraryChange *change = in_language->pdata[i];
          gboolean seen = FALSE;

          for (guint j = 0; j < n && !seen; j++)
            seen = compare_changes (&change, &changes->pdata[j]) == 0;
          if (seen)
            continue;
          in_language->pdata[i] = NULL;
          {
            char *field = g_strdup_printf ("%s@%s", change->field, language);

            g_free (change->field);
            change->field = field;
          }
          g_ptr_array_add (changes, change);
        }
    }
  g_ptr_array_sort (changes, compare_changes);
  return g_steal_pointer (&changes);
}
