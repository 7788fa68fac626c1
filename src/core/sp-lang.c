/* sp-lang.c: which translation of a text the user reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sp-lang"

#include "config.h"

#include <string.h>

#include "sp-lang.h"

/* A tag or a locale name split into its language and region, lower case,
 * without codeset or modifier: "de_CH.UTF-8" -> "de", "ch"; "fr" -> "fr", "". */
typedef struct {
  char language[16];
  char region[16];
} Lang;

static gboolean
is_end (char c)
{
  return c == '\0' || c == '.' || c == '@';
}

static gboolean
is_separator (char c)
{
  return c == '-' || c == '_';
}

/* Copies one subtag of @text into @out, lower case; returns where it ended.
 * FALSE when it does not fit (no language is that long). */
static gboolean
read_subtag (const char **text,
             char        *out,
             gsize        size)
{
  gsize n = 0;

  for (; !is_end (**text) && !is_separator (**text); (*text)++)
    {
      if (n + 1 >= size)
        return FALSE;
      out[n++] = g_ascii_tolower (**text);
    }
  out[n] = '\0';
  return TRUE;
}

static gboolean
lang_parse (const char *text,
            Lang       *lang)
{
  const char *p = text;

  gboolean ok;

  lang->region[0] = '\0';
  ok = p != NULL && read_subtag (&p, lang->language, sizeof lang->language) &&
       lang->language[0] != '\0';
  if (ok && is_separator (*p))
    {
      p++;
      ok = read_subtag (&p, lang->region, sizeof lang->region);
    }
  if (!ok)
    /* unreadable: no language, so it matches nothing */
    lang->language[0] = lang->region[0] = '\0';
  return ok;
}

static gboolean
same_language (const Lang *a,
               const Lang *b)
{
  return strcmp (a->language, b->language) == 0;
}

static gboolean
same_language_and_region (const Lang *a,
                          const Lang *b)
{
  return same_language (a, b) && strcmp (a->region, b->region) == 0;
}

gboolean
sp_lang_matches (const char *tag,
                 const char *locale_name)
{
  Lang a, b;

  g_return_val_if_fail (tag != NULL, FALSE);
  g_return_val_if_fail (locale_name != NULL, FALSE);

  return lang_parse (tag, &a) && lang_parse (locale_name, &b) &&
         same_language_and_region (&a, &b);
}

typedef enum {
  MATCH_EXACT,            /* same language and region */
  MATCH_NO_REGION,        /* same language, the tag has no region */
  MATCH_ANY_REGION,       /* same language */
} Match;

static gboolean
lang_fits (const Lang *tag,
           const Lang *wanted,
           Match       match)
{
  switch (match)
    {
    case MATCH_EXACT:
      return same_language_and_region (tag, wanted);
    case MATCH_NO_REGION:
      return same_language (tag, wanted) && tag->region[0] == '\0';
    case MATCH_ANY_REGION:
    default:
      return same_language (tag, wanted);
    }
}

/* The first tag that fits @wanted as @match asks, or -1. */
static int
find_tag (const Lang *tags,
          guint       n_tags,
          const Lang *wanted,
          Match       match)
{
  for (guint i = 0; i < n_tags; i++)
    if (tags[i].language[0] != '\0' && lang_fits (&tags[i], wanted, match))
      return (int) i;
  return -1;
}

/* sp_lang_set_override ()'s language, NULL-ended; empty when none. */
static char *override[2];

void
sp_lang_set_override (const char *language)
{
  g_clear_pointer (&override[0], g_free);
  override[0] = g_strdup (language);
}

int
sp_lang_pick (const char * const *tags,
              guint               n_tags,
              const char * const *languages)
{
  g_autofree Lang *parsed = NULL;
  int found = -1;

  g_return_val_if_fail (tags != NULL || n_tags == 0, -1);

  if (languages == NULL)
    languages = override[0] != NULL ? (const char * const *) override : g_get_language_names ();

  /* an unreadable tag is left out (empty language), like an untagged one is
   * not: it is neither chosen by language nor the default */
  parsed = g_new0 (Lang, MAX (n_tags, 1));
  for (guint i = 0; i < n_tags; i++)
    if (tags[i] != NULL)
      lang_parse (tags[i], &parsed[i]);

  for (guint l = 0; found < 0 && languages[l] != NULL; l++)
    {
      Lang wanted;

      if (!lang_parse (languages[l], &wanted))
        continue;
      found = find_tag (parsed, n_tags, &wanted, MATCH_EXACT);
      if (found < 0 && wanted.region[0] != '\0')
        found = find_tag (parsed, n_tags, &wanted, MATCH_NO_REGION);
    }

  for (guint l = 0; found < 0 && languages[l] != NULL; l++)
    {
      Lang wanted;

      if (lang_parse (languages[l], &wanted))
        found = find_tag (parsed, n_tags, &wanted, MATCH_ANY_REGION);
    }

  for (guint i = 0; found < 0 && i < n_tags; i++)
    if (tags[i] == NULL)
      found = (int) i;

  return found;
}
