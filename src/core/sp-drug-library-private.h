/* sp-drug-library-private.h: what the drug library's model and its loader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model (sp-drug-library.c) owns the structures and answers questions
 * about them; the loader (sp-drug-library-loader.c) fills them from a file.
 * Nothing outside these two files includes this header.
 */
#pragma once

#include "sp-drug-library.h"

G_BEGIN_DECLS

struct _SpDrug
{
  char         *id;
  char         *name;
  char         *display_name;          /* NULL: the name is shown */
  GStrv         display_name_cites;
  GStrv         synonyms;
  char         *amount_basis;
  GArray       *dose_limits;           /* SpDoseLimits */
  GArray       *concentrations;        /* SpStandardConcentration */
  guint         default_concentration;
  SpAmountUnit  amount_unit;
  double        conc_min_per_ml;
  double        conc_max_per_ml;
  GStrv         conc_limit_cites;
  int           rate_decimals;
  GStrv         rate_cites;
  GArray       *notes;                 /* SpDrugNote */
  /* What the structs in the arrays point to. */
  GPtrArray    *strings;
  GPtrArray    *vectors;
};

struct _SpDrugLibrary
{
  GObject     parent_instance;

  char       *name;
  char       *version;
  char       *source;
  char       *description;
  guint       format_version;  /* of the file it was read from */
  gboolean    is_default;
  GPtrArray  *drugs;           /* SpDrug *, owned */
  GHashTable *lookup;          /* casefolded id or synonym -> SpDrug * */
  GHashTable *references;      /* id -> text */
  GPtrArray  *reference_ids;   /* NULL-terminated, strings owned by references */
  GHashTable *diluents;        /* id -> text */
  GPtrArray  *diluent_ids;     /* NULL-terminated, strings owned by diluents */
};

/* An empty, NULL-terminated vector: the cites of a limit that has none. */
extern const char * const sp_drug_no_strings[];

SpDrug             *sp_drug_new          (void);
void                sp_drug_free         (SpDrug     *drug);
/* Keeps @str (may be NULL) alive as long as @drug; returns it. */
const char         *sp_drug_keep_string  (SpDrug     *drug,
                                          char       *str);
/* Keeps @vector alive as long as @drug; returns it. */
const char * const *sp_drug_keep_vector  (SpDrug     *drug,
                                          GStrv       vector);
/* TRUE if @value is above @limit by more than rounding noise (never above
 * an absent, NAN, limit). */
gboolean            sp_drug_is_above     (double      value,
                                          double      limit);
/* The key under which @text is looked up: trimmed, normalised, casefolded;
 * NULL for an empty or invalid text. */
char               *sp_drug_library_lookup_key (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDrug, sp_drug_free)

G_END_DECLS
