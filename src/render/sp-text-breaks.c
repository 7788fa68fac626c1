/* sp-text-breaks.c: no line break inside a quantity, on screen and paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The infusion cards (src/app) and the printed documents lay out the same
 * sentences ("29.3 mL/h at 8 mg tartrate = 4 mg base in 50 mL (80 mcg/mL
 * base)"): both take their unbreakable spans from here, as Pango
 * allow-breaks attributes, so that the screen and the paper break a line
 * at the same places.
 */
#include "config.h"

#include <string.h>

#include "sp-text-breaks.h"

/* A bracket that opens with a number is kept whole up to this length: a
 * quantity with its qualifier, not a sentence. */
#define MAX_BRACKET_BYTES 40

/* Is the character at @p part of a number: a digit, a decimal mark or a
 * group separator (no-break or narrow no-break space)? Its length in *len. */
static gboolean
is_number_part (const char *p,
                gsize      *len)
{
  gunichar c = g_utf8_get_char (p);

  *len = g_utf8_next_char (p) - p;
  return g_ascii_isdigit (*p) || *p == '.' || *p == ',' || c == 0x00A0 || c == 0x202F;
}

/* Does a unit end at @p: a space, a closing bracket, a separator or the
 * end of the text. */
static gboolean
ends_unit (const char *p)
{
  return *p == '\0' || *p == ' ' || *p == ')' || *p == ';' || *p == ',' || *p == '\n';
}

/* Just after the @close that ends the bracket opening at @p, within
 * MAX_BRACKET_BYTES and before another @p[0] or a new line; or NULL. */
static const char *
bracket_end (const char *p,
             char        close)
{
  for (const char *q = p + 1; *q != '\0' && q - p < MAX_BRACKET_BYTES; q++)
    {
      if (*q == close)
        return q + 1;
      if (*q == p[0] || *q == '\n')
        return NULL;
    }
  return NULL;
}

/* The end of the bracket opening at @p with a number ("(4 mg base)": just
 * after its ")"), or NULL. */
static const char *
number_bracket_end (const char *p)
{
  return p[0] == '(' && g_ascii_isdigit (p[1]) ? bracket_end (p, ')') : NULL;
}

/* The start of the number whose character @p is. */
static const char *
number_start (const char *text,
              const char *p)
{
  while (p > text)
    {
      const char *prev = g_utf8_find_prev_char (text, p);
      gsize len;

      if (prev == NULL || !is_number_part (prev, &len))
        break;
      p = prev;
    }
  return p;
}

/* The end of the citation opening at @p ("[seed-2, seed-3]": just after
 * its "]"), or NULL. */
static const char *
citation_end (const char *p)
{
  return p[0] == '[' ? bracket_end (p, ']') : NULL;
}

/* The longest unit, in bytes: "unidades/kg/min" has 15. */
#define MAX_UNIT_BYTES 24

/* The quantity at @p, a digit followed by a space and a unit (a letter or
 * "µ"): its start (the number's, found back from @p) in *start, its end
 * returned; or NULL. */
static const char *
number_unit_span (const char  *text,
                  const char  *p,
                  const char **start)
{
  const char *end;

  if (!g_ascii_isdigit (p[0]) || p[1] != ' ' ||
      !(g_ascii_isalpha (p[2]) || g_str_has_prefix (p + 2, "\xc2\xb5")))
    return NULL;

  for (end = p + 2; !ends_unit (end); end = g_utf8_next_char (end))
    ;
  /* a unit is short ("Einheiten/min"); a longer word after a number is
   * not one ("14:30 WWWW…", an author's name) */
  if (end - (p + 2) > MAX_UNIT_BYTES)
    return NULL;
  *start = number_start (text, p);
  return end;
}

/* Most words between an amount and the bracket of its base: "tartrate",
 * "de tartrato", "Tartrat". */
#define MAX_SALT_WORDS 2

/* The end of the quantity that ends at @end, with what belongs to it: the
 * salt's name and the bracket of its base after an amount ("8 mg tartrate
 * (4 mg base)", "8 mg de tartrato (4 mg de base)"), and the volume after a
 * slash ("(4 mg base)/50 mL", "4 mg/250 mL"). A strength in brackets after a volume
 * ("250 mL (16 mcg/mL)") is a quantity of its own: a line may break
 * before it. */
static const char *
extend_quantity (const char *text,
                 const char *end)
{
  for (;;)
    {
      const char *q = end;
      const char *next = NULL;
      const char *ignored;

      /* after a unit (not after "250" of "4 mg/250 mL"): the salt's words */
      if (q > text && g_ascii_isalpha (q[-1]) && q[0] == ' ' && g_ascii_isalpha (q[1]))
        {
          for (guint words = 0; words < MAX_SALT_WORDS && next == NULL && q[0] == ' '; words++)
            {
              if (!g_ascii_isalpha (q[1]))
                break;
              for (q++; *q != '\0' && *q != ' ' && *q != '(' && *q != ')'; q = g_utf8_next_char (q))
                ;
              if (q[0] == ' ')
                next = number_bracket_end (q + 1);
            }
        }
      else if (q > text && g_ascii_isdigit (q[-1]) && q[0] == ' ')
        /* "4 mg/250" then " mL": the volume's unit */
        next = number_unit_span (text, q - 1, &ignored);
      if (next == NULL && q - text >= 2 && q[-1] == 'h' && q[-2] == ' ' && q[0] == ' ' &&
          g_ascii_isdigit (q[1]))
        {
          /* "10 h" then " 13 min": one duration ("in 10 h" alone at a line's
           * end reads as the whole time) */
          const char *last = q + 1;
          const char *after;

          while (g_ascii_isdigit (last[1]))
            last++;
          after = number_unit_span (text, last, &ignored);
          if (after != NULL && after - (last + 2) == 3 && g_str_has_prefix (last + 2, "min"))
            next = after;
        }
      else if (q[0] == '/' && g_ascii_isdigit (q[1]))
        {
          /* to the last character of the volume's number */
          for (q++; g_ascii_isdigit (q[1]) || q[1] == '.' || q[1] == ','; q++)
            ;
          next = number_unit_span (text, q, &ignored);
        }
      if (next == NULL)
        return end;
      end = next;
    }
}

/* The start of what the volume at @start divides: "base)/4 mL" from
 * "base)", "4 mg/250 mL" from the amount's number; @start itself when no
 * slash joins it to a word. */
static const char *
divided_start (const char *text,
               const char *start)
{
  const char *word;

  if (start <= text + 1 || start[-1] != '/' || start[-2] == ' ')
    return start;
  for (word = start - 1; word > text && word[-1] != ' '; word--)
    ;
  if (word > text + 1 && word[-1] == ' ' && g_ascii_isdigit (word[-2]))
    word = number_start (text, word - 2);
  return word;
}

/* The start of what leads the quantity whose number starts at @start: a
 * comparison sign ("< 90 mmHg", "≥ 65 mmHg": "la PAS sigue <" ended a
 * line). (A range's first number, "0.2–", is not joined: Pango breaks
 * after an en dash whatever the attributes say.) */
static const char *
lead_start (const char *text,
            const char *start)
{
  const char *prev = start > text ? g_utf8_find_prev_char (text, start) : NULL;
  const char *sign = prev != NULL && prev > text ? g_utf8_find_prev_char (text, prev) : NULL;
  gunichar c;

  if (prev == NULL || sign == NULL || *prev != ' ')
    return start;
  c = g_utf8_get_char (sign);
  /* LESS-/GREATER-THAN (OR EQUAL TO) */
  return c == '<' || c == '>' || c == 0x2264 || c == 0x2265 ? sign : start;
}

/* sp_text_keep_quantities (), or with @units_only sp_text_keep_units (). */
static void
keep_spans (PangoAttrList *attrs,
            const char    *text,
            gboolean       units_only)
{
  g_return_if_fail (attrs != NULL);
  g_return_if_fail (text != NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *start = p;
      const char *end = citation_end (p);
      PangoAttribute *attr;

      if (end == NULL && !units_only)
        end = number_bracket_end (p);
      if (end == NULL)
        end = number_unit_span (text, p, &start);
      if (end == NULL)
        continue;
      if (*p != '[' && units_only)
        start = divided_start (text, start);
      else if (*p != '[')
        {
          start = lead_start (text, start);
          end = extend_quantity (text, end);
        }
      attr = pango_attr_allow_breaks_new (FALSE);
      attr->start_index = (guint) (start - text);
      attr->end_index = (guint) (end - text);
      pango_attr_list_insert (attrs, attr);
    }
}

void
sp_text_keep_quantities (PangoAttrList *attrs,
                         const char    *text)
{
  keep_spans (attrs, text, FALSE);
}

void
sp_text_keep_units (PangoAttrList *attrs,
                    const char    *text)
{
  keep_spans (attrs, text, TRUE);
}

char *
sp_text_bind_quantities (const char *text)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(GSList) spans = NULL;
  g_autoptr(GString) out = NULL;
  gsize len;
  gboolean *bound;

  g_return_val_if_fail (text != NULL, NULL);

  keep_spans (attrs, text, FALSE);
  spans = pango_attr_list_get_attributes (attrs);
  len = strlen (text);
  bound = g_new0 (gboolean, len + 1);
  for (GSList *l = spans; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      for (guint i = attr->start_index; i < attr->end_index && i < len; i++)
        bound[i] = TRUE;
      pango_attribute_destroy (attr);
    }
  out = g_string_sized_new (len + 16);
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == ' ' && bound[i])
        g_string_append (out, "\xc2\xa0");   /* U+00A0 NO-BREAK SPACE */
      else
        g_string_append_c (out, text[i]);
    }
  g_free (bound);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
