/* sp-quantity-private.h: what sp-number.c, sp-units.c and sp-concentration.c
 * share; nothing else includes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-quantity.h"

G_BEGIN_DECLS

/* --- sp-number.c ----------------------------------------------------------- */

/* The user's text as it goes into a one-line message: valid UTF-8, control
 * characters replaced, long input shortened. */
char        *sp_quantity_quote_input           (const char    *text,
                                                gsize          len);
/* An amount or volume as typed: up to three decimals, more if needed to keep
 * four significant figures (12.5 -> "12.5", 0.0625 -> "0.0625"). */
char        *sp_quantity_format_typed          (double         value,
                                                SpNumberStyle  style);

/* --- sp-units.c ------------------------------------------------------------ */

gboolean     sp_quantity_amount_unit_valid     (SpAmountUnit   unit);
/* The amount unit spelled by the @len bytes at @text. */
gboolean     sp_quantity_amount_unit_parse_len (const char    *text,
                                                gsize          len,
                                                SpAmountUnit  *out_unit);
/* "mL" only: "L", "dL", "cc" are refused (a tenfold or thousandfold slip). */
gboolean     sp_quantity_volume_unit_parse_len (const char    *text,
                                                gsize          len);
/* @value in @from converted to @to; FALSE between units and a mass. */
gboolean     sp_quantity_amount_convert        (double         value,
                                                SpAmountUnit   from,
                                                SpAmountUnit   to,
                                                double        *out_value);
/* Where the unit starts in "0.2 mcg/kg/min" or "0.2mcg/kg/min", or NULL. */
const char  *sp_quantity_find_unit_start       (const char    *text);
/* " in " as a word between amount and volume, case-insensitive ("4 mg in
 * 250 mL"): where it starts, and its length with the spaces around it in
 * *@out_len; NULL if none. */
const char  *sp_quantity_find_in_word          (const char    *text,
                                                gsize         *out_len);
gboolean     sp_quantity_contains_digit        (const char    *text);

G_END_DECLS
