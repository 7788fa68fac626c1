/* test-text-breaks.c: where a line of clinical text may not break
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sp_text_keep_quantities () (src/render/sp-text-breaks.c), which the
 * infusion cards and every printed document share: the spans it keeps
 * whole, listed by hand for each text, and a layout at every width from 40
 * to 400 points that never starts a line inside one.
 */
#include "config.h"

#include <string.h>

#include <pango/pangocairo.h>

#include "sp-font-caches.h"
#include "sp-text-breaks.h"

typedef struct {
  const char *text;
  const char *whole[5];   /* each inside one span kept whole; NULL-ended */
  const char *free[3];    /* each where a line may still break */
} Case;

static const Case cases[] = {
  /* a number with its unit, a concentration, a strength in brackets; a
   * line may break between them */
  { "29.3 mL/h at 4 mg/250 mL (16 mcg/mL)",
    { "29.3 mL/h", "4 mg/250 mL", "(16 mcg/mL)", NULL },
    { "h at 4", "mL (16", NULL } },
  /* a group separator (no-break space) inside the number, "µ" units */
  { "6 mL/h con 1\u00a0000 mg/250 mL (4\u00a0000 µg/mL)",
    { "6 mL/h", "1\u00a0000 mg/250 mL", "(4\u00a0000 µg/mL)", NULL },
    { "h con 1", NULL } },
  /* a salt: the amount, its salt's name, the base in brackets and the
   * volume after the slash are one concentration */
  { "norepinephrine  8 mg tartrate (4 mg base)/50 mL",
    { "8 mg tartrate (4 mg base)/50 mL", NULL },
    { "norepinephrine  8", NULL } },
  /* in Spanish the salt's name is two words */
  { "noradrenalina  8 mg de tartrato (4 mg de base)/50 mL",
    { "8 mg de tartrato (4 mg de base)/50 mL", NULL },
    { "noradrenalina  8", NULL } },
  /* the bracket of a strength as base; between the quantities, free */
  { "at 8 mg tartrate = 4 mg base in 50 mL (80 mcg/mL base)",
    { "8 mg", "4 mg", "50 mL", "(80 mcg/mL base)", NULL },
    { "tartrate = 4", "base in 50", NULL } },
  /* a citation whole (the Spanish sheet broke "[ismp-high-" / "alert]") */
  { "Initial dose 0.2–1 mcg/kg/min [seed-1]; HIGH-ALERT [ismp-high-alert]",
    { "1 mcg/kg/min", "[seed-1]", "[ismp-high-alert]", NULL },
    { "dose 0.2", "min [seed", NULL } },
  /* a word after a number longer than any unit is not one: an author's
   * name after the time */
  { "14:30 WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW and 5 mcg/kg/min",
    { "5 mcg/kg/min", NULL },
    { "30 WWWWW", NULL } },
  /* brackets without a number at their start, and a number without a
   * unit, are free to break */
  { "replace within 24 h (its beyond-use time): 3 bags",
    { "24 h", NULL },
    { "(its beyond-use time)", "time): 3 bags", NULL } },
  /* a duration in hours and minutes is one ("nächste in 10 h" alone at a
   * line's end read as the whole time) */
  { "prepare the next one in 10 h 13 min (2 h before)",
    { "10 h 13 min", "(2 h before)", NULL },
    { "one in 10", "min (2", NULL } },
  /* a comparison sign with its number ("la PAS sigue <" / "90 mmHg") */
  { "la PAS sigue < 90 mmHg, PAM \u2265 65 mmHg",
    { "< 90 mmHg", "\u2265 65 mmHg", NULL },
    { "sigue <", "PAM \u2265", NULL } },
};

/* Is @part of @text (its first occurrence) inside one of @attrs' spans? */
static gboolean
kept_whole (PangoAttrList *attrs,
            const char    *text,
            const char    *part)
{
  const char *at = strstr (text, part);
  guint start, end;
  g_autoptr(GSList) list = pango_attr_list_get_attributes (attrs);
  gboolean whole = FALSE;

  g_assert_nonnull (at);
  start = (guint) (at - text);
  end = start + (guint) strlen (part);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      g_assert_cmpint (attr->klass->type, ==, PANGO_ATTR_ALLOW_BREAKS);
      g_assert_false (((PangoAttrInt *) attr)->value);
      whole = whole || (attr->start_index <= start && end <= attr->end_index);
      pango_attribute_destroy (attr);
    }
  return whole;
}

/* Each of @cases kept by @keep: its whole parts inside a span, its free
 * parts not. */
static void
check_cases (const Case *checked,
             guint       n,
             void      (*keep) (PangoAttrList *, const char *))
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      keep (attrs, checked[i].text);
      for (guint w = 0; w < G_N_ELEMENTS (checked[i].whole) && checked[i].whole[w] != NULL; w++)
        if (!kept_whole (attrs, checked[i].text, checked[i].whole[w]))
          g_error ("%s: \"%s\" not kept whole", checked[i].text, checked[i].whole[w]);
      for (guint f = 0; f < G_N_ELEMENTS (checked[i].free) && checked[i].free[f] != NULL; f++)
        if (kept_whole (attrs, checked[i].text, checked[i].free[f]))
          g_error ("%s: \"%s\" kept whole", checked[i].text, checked[i].free[f]);
    }
}

static void
test_spans (void)
{
  check_cases (cases, G_N_ELEMENTS (cases), sp_text_keep_quantities);
  /* nothing to keep */
  {
    g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
    g_autoptr(GSList) none = NULL;

    sp_text_keep_quantities (attrs, "Targets met: continue to assess");
    none = pango_attr_list_get_attributes (attrs);
    g_assert_null (none);
  }
}

/* The least keeping, for a column too narrow for whole quantities: each
 * number with its unit, a volume with what it divides, a citation; the
 * words of a salt concentration, and a strength after its volume, free. */
static const Case unit_cases[] = {
  { "24 mg tartrate (12 mg base)/48 mL [eu-practice]",
    { "24 mg", "12 mg", "base)/48 mL", "[eu-practice]", NULL },
    { "24 mg tartrate", "tartrate (12", "mL [eu" } },
  { "ampollas de 8 mg de tartrato (4 mg de base)/4 mL; completado",
    { "8 mg", "4 mg", "base)/4 mL", NULL },
    { "8 mg de", "de base)", NULL } },
  { "4 mg/250 mL (16 mcg/mL)",
    { "4 mg/250 mL", "16 mcg/mL", NULL },
    { "mL (16", NULL } },
};

/* For a widget without attributes (a message dialog's body): the spaces
 * inside quantities made no-break, the others left. */
static void
test_bind (void)
{
  g_autofree char *bound = sp_text_bind_quantities ("Neue Pumpenrate: 14,6 mL/h bei "
                                                    "1\u00a0000 mg/250 mL (4\u00a0000 mcg/mL); "
                                                    "nächste in 10 h 13 min");

  g_assert_cmpstr (bound, ==, "Neue Pumpenrate: 14,6\u00a0mL/h bei 1\u00a0000\u00a0mg/250\u00a0mL "
                              "(4\u00a0000\u00a0mcg/mL); nächste in 10\u00a0h\u00a013\u00a0min");
}

static void
test_unit_spans (void)
{
  check_cases (unit_cases, G_N_ELEMENTS (unit_cases), sp_text_keep_units);
}

/* Laid out at every width from 40 to 400 pt, word or character wrapped: no
 * line starts inside a span kept whole (it may start at one). */
static void
test_layout (void)
{
  PangoContext *context = pango_font_map_create_context (sp_font_map_get_default ());
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int wrap = 0; wrap < 2; wrap++)
      for (int width = 40; width <= 400; width += 5)
        {
          g_autoptr(PangoLayout) layout = pango_layout_new (context);
          g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
          const char *text = cases[i].text;

          pango_layout_set_font_description (layout, font);
          pango_layout_set_wrap (layout, wrap ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
          pango_layout_set_width (layout, width * PANGO_SCALE);
          pango_layout_set_text (layout, text, -1);
          sp_text_keep_quantities (attrs, text);
          pango_layout_set_attributes (layout, attrs);

          for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
            {
              int at = ((PangoLayoutLine *) l->data)->start_index;

              for (guint w = 0; cases[i].whole[w] != NULL; w++)
                {
                  const char *span = strstr (text, cases[i].whole[w]);
                  int start = (int) (span - text);

                  if (at > start && at < start + (int) strlen (cases[i].whole[w]))
                    g_error ("%s at %d pt: a line starts inside \"%s\"", text, width,
                             cases[i].whole[w]);
                }
            }
        }
  g_object_unref (context);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/text-breaks/spans", test_spans);
  g_test_add_func ("/render/text-breaks/layout", test_layout);
  g_test_add_func ("/render/text-breaks/unit-spans", test_unit_spans);
  g_test_add_func ("/render/text-breaks/bind", test_bind);

  status = g_test_run ();
  g_assert_true (sp_font_caches_release ());
  return status;
}
