/* sp-lang.h: which translation of a text the user reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data files carry a text in several languages, each tagged with an
 * xml:lang ("de", "de-CH", "pt_BR") or untagged (the original, English). The
 * protocol, the drug library and the case files all pick with this one rule.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the language tag @tag names the same language and region as the
 * locale name @locale_name (from g_get_language_names (): "de_CH.UTF-8",
 * "de@euro", "de"). '-' and '_' are the same, letters compare without case,
 * and a codeset (".UTF-8") or modifier ("@euro") on either side is ignored:
 * "de-CH" matches "de_CH.UTF-8"; "de" matches "de" and "DE" but not "de_CH"
 * (a region fallback is sp_lang_pick ()'s). */
gboolean sp_lang_matches (const char         *tag,
                          const char         *locale_name);

/* The index in @tags (@n_tags entries; a NULL entry is an untagged text) of
 * the text to show for @languages (NULL: g_get_language_names ()), the
 * user's preference first. For each language in order: a tag of the same
 * language and region, else a tag of the same language without a region
 * ("de" for "de_CH"). Then, for each language in order, a tag of the same
 * language with any region ("de-CH" for "de"). Then the first untagged text.
 * -1 when none of these exists. */
int      sp_lang_pick    (const char * const *tags,
                          guint               n_tags,
                          const char * const *languages);

/* Makes sp_lang_pick () with @languages NULL pick for @language alone (a
 * tag, "de"), whatever the user's are; NULL goes back to the user's. For a
 * tool that reads a file once per language (library diff); not for use
 * while another thread reads data files. */
void     sp_lang_set_override (const char *language);

G_END_DECLS
