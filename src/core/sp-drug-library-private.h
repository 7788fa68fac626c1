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

/* The bag planner's settings when a profile gives none. */
#define SP_DRUG_DEFAULT_STRONGER_AT_ML_PER_H 10.0
#define SP_DRUG_DEFAULT_PREPARE_LEAD_HOURS 2.0
/* How far the pump's step may take the dose given from the dose ordered,
 * in percent, when a profile does not say. */
#define SP_DRUG_DEFAULT_RATE_ROUNDING_PERCENT 5.0

/* A drug library's profile: a care area or a local standard ("Adult ICU -
 * 50 mL syringes"). Owned by the library's root; each holds its own copy of
 * every drug it lists, read from the drug's elements and the profile's
 * <concentrations>. */
struct _SpDrugProfile
{
  char          *id;
  char          *name;           /* localized */
  char          *description;    /* localized, may be NULL */
  GStrv          cites;
  SpProfileLine  line;
  char          *line_note;      /* localized, may be NULL */
  GStrv          line_note_cites;
  double         stronger_at_ml_per_h;
  GStrv          stronger_cites;
  double         prepare_lead_hours;
  GStrv          prepare_lead_cites;
  double         rate_rounding_percent;
  GStrv          rate_rounding_cites;
  GPtrArray     *drugs;          /* SpDrug *, owned, in file order */
  GHashTable    *lookup;         /* casefolded id or synonym -> SpDrug * */
  SpDrugLibrary *root;           /* not a reference: the root owns the profile */
};

/* A salt a drug's products may be labelled in. */
struct _SpDrugSalt
{
  char   *id;                    /* "tartrate" */
  char   *name;                  /* localized: "norepinephrine tartrate" */
  char   *short_name;            /* localized: "tartrate" */
  GStrv   synonyms;              /* what may be typed: "tartrate", "bitartrate" ... */
  double  base_per_salt;         /* 1 mg of the salt is this many mg of the dose form */
  GStrv   cites;
};

struct _SpDrug
{
  const SpDrugProfile *profile;  /* the profile this copy of the drug belongs to */
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
  GPtrArray    *salts;                 /* SpDrugSalt *, owned */
  gboolean      high_alert;
  GStrv         high_alert_cites;
  GPtrArray    *products;              /* SpDrugProduct *, owned (g_free) */
  GPtrArray    *storages;              /* SpDrugStorage *, owned (g_free) */
  const SpDrugStorage *storage;        /* the drug's own, or NULL */
  double        course_hours;          /* NAN: runs on */
  GStrv         course_cites;
  /* What the structs in the arrays point to. */
  GPtrArray    *strings;
  GPtrArray    *vectors;
};

/* A library is read once into its root object; the root and every other
 * SpDrugLibrary of the same file are views of one profile each. A view
 * holds a reference to the root; the root keeps a weak pointer to each
 * view (cleared when the view goes) so that asking twice for a profile
 * gives the same object. Everything but the drugs is the root's. */
struct _SpDrugLibrary
{
  GObject     parent_instance;

  SpDrugLibrary *root;         /* NULL in the root; a reference in a view */
  guint64        serial;       /* sp_drug_library_get_serial () */
  SpDrugProfile *profile;      /* the profile this view shows */

  /* The root's own. */
  GPtrArray  *profiles;        /* SpDrugProfile *, owned, in file order */
  guint       default_profile;
  GPtrArray  *views;           /* SpDrugLibrary *, weak, one per profile (NULL if none) */
  char       *name;
  char       *version;
  char       *source;
  char       *description;
  guint       format_version;  /* of the file it was read from */
  gboolean    is_default;
  GHashTable *references;      /* id -> text */
  GPtrArray  *reference_ids;   /* NULL-terminated, strings owned by references */
  GHashTable *diluents;        /* id -> text */
  GPtrArray  *diluent_ids;     /* NULL-terminated, strings owned by diluents */
};

/* A root with its tables made and no profile: for the loader to fill. */
SpDrugLibrary      *sp_drug_library_new_root (void);

/* An empty, NULL-terminated vector: the cites of a limit that has none. */
extern const char * const sp_drug_no_strings[];

SpDrug             *sp_drug_new          (void);
void                sp_drug_free         (SpDrug     *drug);
SpDrugProfile      *sp_drug_profile_new  (void);
void                sp_drug_profile_free (SpDrugProfile *profile);
void                sp_drug_salt_free    (SpDrugSalt *salt);
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDrugProfile, sp_drug_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDrugSalt, sp_drug_salt_free)

G_END_DECLS
