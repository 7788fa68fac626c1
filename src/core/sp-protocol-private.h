/* sp-protocol-private.h: the parts of a protocol only the engine reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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

const SpExpr      *sp_protocol_get_criterion_expr (SpProtocol *self,
                                                   guint       index);
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
