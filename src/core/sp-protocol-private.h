/* sp-protocol-private.h: the parts of a protocol only the engine reads, and
 * what the protocol's model and its loader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model (sp-protocol.c) owns the structures and answers questions about
 * them; the loader (sp-protocol-loader.c) fills them from a file. The engine
 * reads the expressions through the functions declared here; only the model
 * and the loader use the structures below the expressions.
 */
#pragma once

#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

typedef enum {
  SP_EXPR_COMPARE,    /* number field <op> value, or <op> another number field */
  SP_EXPR_IS,         /* choice field in a set of choices */
  SP_EXPR_RUNNING,    /* a therapy runs (dose > 0, choice not "none"); not entered = not running */
  SP_EXPR_ENTERED,    /* the field is entered: never unknown */
  SP_EXPR_ALL,        /* Kleene AND */
  SP_EXPR_ANY,        /* Kleene OR */
  SP_EXPR_NOT,
  SP_EXPR_REF,        /* another criterion, defined earlier in the file */
  SP_EXPR_AT_LEAST,   /* at least @count children met (Kleene) */
} SpExprKind;

typedef enum {
  SP_COMPARE_LT,
  SP_COMPARE_LE,
  SP_COMPARE_GT,
  SP_COMPARE_GE,
} SpCompareOp;

typedef struct _SpExpr SpExpr;

struct _SpExpr {
  SpExprKind   kind;
  SpField      field;             /* COMPARE, IS, RUNNING, ENTERED */
  SpCompareOp  op;                /* COMPARE */
  double       value;             /* COMPARE: the value, or the parameter's */
  gboolean     with_field;        /* COMPARE: against @other_field, not @value */
  SpField      other_field;
  guint32      choices;           /* IS: bit i set = choice i matches */
  guint        criterion;         /* REF: index of the criterion */
  gboolean     unmet_or_unknown;  /* REF: two-valued "not known to be met" */
  guint        count;             /* AT_LEAST */
  GPtrArray   *children;          /* ALL, ANY, NOT: SpExpr* */
};

/* A text used instead of an action's or an alert's own when its condition is
 * met (<instead>): the first alternative whose condition is met wins. Texts
 * may hold "{field-id}" placeholders, filled with the patient's values. */
typedef struct {
  const SpExpr *when;
  const char   *text;
} SpTextAlternative;

/* A running dose checked against the drug library's limits. */
typedef struct {
  SpField      field;             /* the dose */
  const char  *drug_id;           /* the drug, or NULL when named by drug_field */
  SpField      drug_field;        /* a choice field whose value is the drug id */
} SpDoseCheck;

/* ---- the model's structures (sp-protocol.c and sp-protocol-loader.c) ---- */

typedef struct {
  SpCriterion  pub;
  SpExpr      *expr;
  GArray      *fields;    /* SpField: the inputs @expr reads, the same for every state */
} SpProtocolCriterion;

typedef struct {
  SpRule       pub;
  SpExpr      *expr;      /* NULL for "otherwise" */
} SpProtocolRule;

typedef struct {
  SpAlertDef   pub;
  SpExpr      *expr;
  GPtrArray   *alternatives;   /* SpTextAlternative*, kept in the protocol's arrays */
} SpProtocolAlert;

/* The step's actions are SpAction* pointing at the first member. */
typedef struct {
  SpAction     pub;
  GPtrArray   *alternatives;   /* SpTextAlternative*, kept in the protocol's arrays */
} SpProtocolAction;

typedef struct {
  SpMonitorItem pub;
  SpExpr       *expr;     /* NULL: always listed */
  SpField      *fields;
} SpProtocolMonitorItem;

typedef struct {
  const char  *id;
  double       value;
  const char  *unit;        /* as written ("mcg/kg/min"), interned; NULL: none */
} SpProtocolParameter;

/* The drugs one library object gave for the drug ids the protocol names
 * (actions, scores, dose checks), found by the engine and kept by the
 * protocol for its next evaluation against the same library: the protocol
 * and the library do not change once loaded. The ids are the protocol's
 * own strings, compared by address. */
#define SP_DRUG_MEMO_SIZE 16
typedef struct {
  guint64       library;   /* sp_drug_library_get_serial (); 0: none */
  guint         len;
  const char   *ids[SP_DRUG_MEMO_SIZE];
  const SpDrug *drugs[SP_DRUG_MEMO_SIZE];   /* NULL: the library lacks it */
} SpDrugMemo;

struct _SpProtocol {
  GObject       parent_instance;

  char         *id;
  char         *name;
  char         *version;
  char         *source;
  char         *disclaimer;
  char         *file;        /* where it was loaded from: a path or a resource */

  /* Every string and string vector the public structs point to. */
  GStringChunk *strings;
  GPtrArray    *strvs;
  GPtrArray    *exprs;       /* every SpExpr, for freeing */
  GPtrArray    *arrays;      /* every other GPtrArray an item points to */

  SpInputDef    inputs[SP_N_FIELDS];
  GArray       *parameters;  /* SpProtocolParameter */
  GPtrArray    *criteria;    /* SpProtocolCriterion* */
  GPtrArray    *steps;       /* SpStep* */
  GPtrArray    *rules;       /* SpProtocolRule* */
  GPtrArray    *alerts;      /* SpProtocolAlert* */
  GArray       *dose_checks; /* SpDoseCheck */
  GPtrArray    *monitoring;  /* SpProtocolMonitorItem* */
  GPtrArray    *scores;      /* SpProtocolScore* */
  SpStaging    *staging;     /* NULL when the protocol has none */
  GPtrArray    *references;  /* SpReference* */
  GHashTable   *criterion_index;   /* id -> index + 1 */
  int           targets;           /* the criterion with role="targets", or -1 */
  GArray       *no_fields;         /* SpField, always empty: for results with none to list */
  GMutex        drug_memo_lock;
  SpDrugMemo    drug_memo;         /* sp_protocol_get_drug_memo () */
};

typedef struct {
  SpScore      pub;
  SpScoreTerm *terms;
} SpProtocolScore;

/* A step with no actions and no notes yet (arrays of SpProtocolAction* and
 * SpStepNote*), for the protocol's steps array, which frees it. */
SpStep            *sp_protocol_step_new           (void);

const SpExpr      *sp_protocol_get_criterion_expr (SpProtocol *self,
                                                   guint       index);
/* The inputs (SpField) the criterion at @index reads, each once, in the
 * order its expression names them, following references to earlier
 * criteria: which inputs it reads does not depend on their values, so the
 * loader works it out once (sp_protocol_criterion_set_fields ()). */
GArray            *sp_protocol_get_criterion_fields (SpProtocol *self,
                                                     guint       index);
/* The criteria (expression and fields with them), rules, alerts and
 * monitoring items in file order, as the engine walks them on every
 * evaluation: @out_n of them. */
const SpProtocolCriterion * const   *sp_protocol_peek_criteria   (SpProtocol *self,
                                                                  guint      *out_n);
const SpProtocolRule * const        *sp_protocol_peek_rules      (SpProtocol *self,
                                                                  guint      *out_n);
const SpProtocolAlert * const       *sp_protocol_peek_alerts     (SpProtocol *self,
                                                                  guint      *out_n);
const SpProtocolMonitorItem * const *sp_protocol_peek_monitoring (SpProtocol *self,
                                                                  guint      *out_n);
/* An empty SpField array the protocol keeps, for results with none to list. */
GArray            *sp_protocol_get_no_fields      (SpProtocol *self);

/* The memo kept for @library, or an empty one for it. */
void               sp_protocol_get_drug_memo      (SpProtocol       *self,
                                                   guint64           library,
                                                   SpDrugMemo       *out_memo);
/* Keeps @memo if it knows more than the one kept, or is of another library. */
void               sp_protocol_keep_drug_memo     (SpProtocol       *self,
                                                   const SpDrugMemo *memo);

/* Works out the fields of the last criterion added, from its expression. */
void               sp_protocol_criterion_set_fields (SpProtocol *self);
gboolean           sp_protocol_lookup_criterion   (SpProtocol *self,
                                                   const char *id,
                                                   guint      *out_index);
/* The rules in order; the last one is the "otherwise" rule, whose expression is NULL. */
guint              sp_protocol_get_n_rules        (SpProtocol *self);
const SpRule      *sp_protocol_get_rule           (SpProtocol *self,
                                                   guint       index);
const SpExpr      *sp_protocol_get_rule_expr      (SpProtocol *self,
                                                   guint       index);
const SpExpr      *sp_protocol_get_alert_expr     (SpProtocol *self,
                                                   guint       index);
const SpExpr      *sp_protocol_get_monitoring_expr (SpProtocol *self,
                                                    guint       index);
/* The <instead> alternatives (SpTextAlternative*) of an action of one of the
 * protocol's steps, or of an alert; never NULL, possibly empty. */
GPtrArray         *sp_protocol_get_action_alternatives (SpProtocol     *self,
                                                        const SpAction *action);
GPtrArray         *sp_protocol_get_alert_alternatives  (SpProtocol     *self,
                                                        guint           index);
guint              sp_protocol_get_n_dose_checks  (SpProtocol *self);
const SpDoseCheck *sp_protocol_get_dose_check     (SpProtocol *self,
                                                   guint       index);

G_END_DECLS
