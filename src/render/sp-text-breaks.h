/* sp-text-breaks.h: no line break inside a quantity, on screen and paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* Adds to @attrs, which are (or will be) @text's, that no line breaks
 * inside a quantity (ISMP: a number always shown with its unit): a number
 * stays with its unit ("16 mcg/mL", never "16" / "mcg/mL" or "mcg/" /
 * "mL"), "4 mg/250 mL" stays whole, a bracket that opens with a number
 * stays whole ("(4 mg base)", "(80 mcg/mL base)"), and so does a
 * concentration written in a salt ("8 mg tartrate (4 mg base)/50 mL",
 * "8 mg de tartrato (4 mg de base)/50 mL"), and so does a citation
 * ("[ismp-high-alert]", "[seed-2, seed-3]"). Lines still break between
 * quantities ("4 mg/250 mL" / "(16 mcg/mL)"), and after the dash of a
 * range ("0.2–" / "1 mcg/kg/min"): Pango breaks after a dash even where
 * breaks are off; only a WORD JOINER after it keeps the range together,
 * which the documents add (a label's text stays as it is copied). */
void sp_text_keep_quantities (PangoAttrList *attrs,
                              const char    *text);

/* The least of that, for a column too narrow for whole quantities: a
 * number stays with its unit ("12 mg", "250 mcg/mL"), a volume with what it
 * divides ("base)/48 mL", "4 mg/250 mL"), a citation whole; "24 mg tartrate
 * (12 mg base)/48 mL" may break between its words. */
void sp_text_keep_units      (PangoAttrList *attrs,
                              const char    *text);

/* @text with every space inside a span sp_text_keep_quantities () keeps
 * whole made a no-break space: for a widget that takes no attributes (a
 * message dialog's body, "14.6 mL/h at 1 000 mg/250 mL", broke as "…/250"
 * and "mL"). */
char *sp_text_bind_quantities (const char *text);

G_END_DECLS
