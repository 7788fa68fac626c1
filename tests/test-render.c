/* test-render.c: the flowchart drawn with cairo and pango, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout of the shipped protocol (six boxes, no overlap, inside the canvas,
 * columns and rows as the hints say, hit testing), the active step's colour
 * in the pixels, the three export formats read back with their own readers
 * (libxml2, cairo's PNG reader, poppler's pdfinfo / pdftotext when present)
 * and `shockpath-cli flowchart`.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>

#include <pango/pangocairo.h>

#include "sp-drug-library.h"
#include "sp-engine.h"
#include "sp-flowchart-render.h"
#include "sp-font-caches.h"
#include "sp-protocol.h"

#include "sp-test-spawn.h"

/* Pango 1.50 has no g_autoptr for PangoContext. */
typedef PangoContext TestPangoContext;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPangoContext, g_object_unref)

static const char *shipped_titles[] = {
  "Step 1: inotrope first",
  "Step 2: is norepinephrine indicated?",
  "Step 3: norepinephrine",
  "Requirements remain high",
  "Taper vasopressors",
  "Targets met",
};

/* --- helpers -------------------------------------------------------------- */

static SpProtocol *
load_protocol (void)
{
  g_autoptr(GError) error = NULL;
  SpProtocol *protocol = sp_protocol_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (protocol);
  return protocol;
}

/* The data/cases/example-step2.xml patient, by hand: every step-2 criterion
 * met, no vasopressor yet -> step 3 (start norepinephrine). */
static SpAssessment *
evaluate_step2_state (SpProtocol *protocol)
{
  g_autoptr(SpDrugLibrary) drugs = NULL;
  g_autoptr(GError) error = NULL;
  SpPatientState state;

  drugs = sp_drug_library_new_default (&error);
  g_assert_no_error (error);

  sp_patient_state_init (&state);
  sp_patient_state_set_number (&state, SP_FIELD_WEIGHT, 78);
  sp_patient_state_set_number (&state, SP_FIELD_SBP, 84);
  sp_patient_state_set_number (&state, SP_FIELD_DBP, 50);
  sp_patient_state_set_number (&state, SP_FIELD_LACTATE, 3.4);
  sp_patient_state_set_number (&state, SP_FIELD_URINE, 0.3);
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_MENTAL, "altered"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_SKIN, "poor"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_CENTRAL_LINE, "yes"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_FLUID, "given-no-response"));
  g_assert_true (sp_patient_state_set_choice (&state, SP_FIELD_INOTROPE, "dobutamine"));
  sp_patient_state_set_number (&state, SP_FIELD_INOTROPE_DOSE, 5);

  return sp_engine_evaluate (protocol, drugs, &state, NULL);
}

static PangoContext *
make_pango_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  pango_cairo_context_set_resolution (context, 96.0);
  return context;
}

static gboolean
boxes_overlap (const SpFlowchartBox *a,
               const SpFlowchartBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* The pixel at (x, y) of an opaque ARGB32 surface as 0xRRGGBB. */
static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int ix = (int) floor (x);
  int iy = (int) floor (y);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));

  return *(const guint32 *) (data + iy * stride + ix * 4) & 0xffffff;
}

static guint32
color_rgb (const SpColor *color)
{
  return ((guint32) round (color->red * 255) << 16) |
         ((guint32) round (color->green * 255) << 8) |
         (guint32) round (color->blue * 255);
}

static void
assert_color_near (guint32 have,
                   guint32 want)
{
  for (int shift = 0; shift <= 16; shift += 8)
    {
      int a = (have >> shift) & 0xff;
      int b = (want >> shift) & 0xff;

      if (ABS (a - b) > 3)
        g_error ("colour #%06x is not #%06x", have, want);
    }
}

/* Renders @layout on a fresh W x H surface painted with the background. */
static cairo_surface_t *
render (SpFlowchartLayout      *layout,
        const SpFlowchartStyle *style,
        int                     width,
        int                     height,
        const SpStep           *focused)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, style->background.red, style->background.green, style->background.blue);
  cairo_paint (cr);
  sp_flowchart_layout_draw (layout, cr, focused);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-render-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_file_and_dir (const char *path,
                     const char *dir)
{
  g_unlink (path);
  g_rmdir (dir);
}

/* Checks the geometry contract of a layout of the shipped protocol. */
static void
check_layout (SpFlowchartLayout *layout,
              SpProtocol        *protocol,
              double             width,
              double             height)
{
  guint n = sp_flowchart_layout_get_n_boxes (layout);

  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (n, ==, sp_protocol_get_n_steps (protocol));

  for (guint i = 0; i < n; i++)
    {
      const SpFlowchartBox *a = sp_flowchart_layout_get_box (layout, i);

      g_assert_nonnull (a->step);
      g_assert_cmpfloat (a->width, >, 0);
      g_assert_cmpfloat (a->height, >, 0);
      /* inside the canvas */
      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, width + 1e-6);
      if (height > 0)
        g_assert_cmpfloat (a->y + a->height, <=, height + 1e-6);
      else
        g_assert_cmpfloat (a->y + a->height, <=, sp_flowchart_layout_get_natural_height (layout) + 1e-6);

      /* the hit test finds it at its centre */
      g_assert_true (sp_flowchart_layout_step_at (layout, a->x + a->width / 2,
                                                  a->y + a->height / 2) == a->step);

      for (guint j = 0; j < n; j++)
        {
          const SpFlowchartBox *b = sp_flowchart_layout_get_box (layout, j);

          if (i == j)
            continue;
          if (boxes_overlap (a, b))
            g_error ("boxes %s and %s overlap", a->step->id, b->step->id);
          /* same column, same x and width */
          if (a->step->column == b->step->column)
            {
              g_assert_cmpfloat (fabs (a->x - b->x), <, 1e-6);
              g_assert_cmpfloat (fabs (a->width - b->width), <, 1e-6);
            }
          else if (a->step->column < b->step->column)
            {
              g_assert_cmpfloat (a->x + a->width, <, b->x);
            }
          /* row order: a row lower in the hints is entirely above */
          if (a->step->row < b->step->row)
            g_assert_cmpfloat (a->y + a->height, <, b->y);
          else if (a->step->row == b->step->row)
            g_assert_cmpfloat (fabs (a->y - b->y), <, 1e-6);
        }
    }

  /* nothing outside the boxes is a step */
  g_assert_null (sp_flowchart_layout_step_at (layout, -10, -10));
  g_assert_null (sp_flowchart_layout_step_at (layout, width + 10, 1));
}

/* --- layout --------------------------------------------------------------- */

static void
test_layout_shipped (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(TestPangoContext) context = NULL;
  static const double sizes[][2] = {
    { 1280, 800 }, { 1920, 1080 }, { 800, 1200 }, { 320, 240 }, { 5000, 600 }, { 1024, 0 },
  };
  SpFlowchartStyle style;

  context = make_pango_context ();
  for (int s = 0; s < 3; s++)
    {
      if (s == 0)
        sp_flowchart_style_init_light (&style);
      else if (s == 1)
        sp_flowchart_style_init_dark (&style);
      else
        sp_flowchart_style_init_presentation (&style);

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr(SpFlowchartLayout) layout = NULL;

          layout = sp_flowchart_layout_new (protocol, NULL, &style, context, sizes[i][0], sizes[i][1]);
          check_layout (layout, protocol, sizes[i][0], sizes[i][1]);
          /* one arrow per "next" of the shipped protocol */
          g_assert_cmpuint (sp_flowchart_layout_get_n_arrows (layout), ==, 7);
        }
    }
}

static void
test_layout_with_assessment (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) layout = NULL;
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);
  layout = sp_flowchart_layout_new (protocol, assessment, &style, context, 1280, 800);
  check_layout (layout, protocol, 1280, 800);
}

/* A small canvas scales the whole drawing down, never clips it. */
static void
test_layout_scales_down (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) big = NULL;
  g_autoptr(SpFlowchartLayout) small = NULL;
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);
  big = sp_flowchart_layout_new (protocol, NULL, &style, context, 4000, 4000);
  small = sp_flowchart_layout_new (protocol, NULL, &style, context, 400, 300);
  g_assert_cmpfloat (sp_flowchart_layout_get_scale (big), ==, 1.0);
  g_assert_cmpfloat (sp_flowchart_layout_get_scale (small), <, 1.0);
  check_layout (small, protocol, 400, 300);

  /* width only: the natural height is what a scrolled view needs */
  {
    g_autoptr(SpFlowchartLayout) wide = sp_flowchart_layout_new (protocol, NULL, &style, context, 1000, 0);

    g_assert_cmpfloat (sp_flowchart_layout_get_natural_height (wide), >, 100);
    check_layout (wide, protocol, 1000, 0);
  }
}

static void
test_layout_find_box (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) layout = NULL;
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);
  layout = sp_flowchart_layout_new (protocol, NULL, &style, context, 1280, 800);
  for (guint i = 0; i < sp_protocol_get_n_steps (protocol); i++)
    {
      const SpStep *step = sp_protocol_get_step (protocol, i);
      const SpFlowchartBox *box = sp_flowchart_layout_find_box (layout, step->id);

      g_assert_nonnull (box);
      g_assert_true (box->step == step);
    }
  g_assert_null (sp_flowchart_layout_find_box (layout, "no-such-step"));
}

/* --- drawing -------------------------------------------------------------- */

/* A point inside @box, in its right padding (no text, no mark there). */
static void
padding_point (const SpFlowchartBox *box,
               double               *x,
               double               *y)
{
  *x = box->x + box->width - 6;
  *y = box->y + box->height / 2;
}

static void
test_draw_active_colour (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autoptr(TestPangoContext) context = make_pango_context ();
  const SpStep *active = sp_assessment_get_active_step (assessment);
  SpFlowchartStyle styles[3];

  g_assert_nonnull (active);
  g_assert_cmpstr (active->id, ==, "step3-norepinephrine");

  sp_flowchart_style_init_light (&styles[0]);
  sp_flowchart_style_init_dark (&styles[1]);
  sp_flowchart_style_init_presentation (&styles[2]);

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      const SpFlowchartStyle *style = &styles[s];
      g_autoptr(SpFlowchartLayout) layout = NULL;
      cairo_surface_t *surface;
      guint n_active = 0;

      layout = sp_flowchart_layout_new (protocol, assessment, style, context, 1600, 1800);
      surface = render (layout, style, 1600, 1800, NULL);

      for (guint i = 0; i < sp_flowchart_layout_get_n_boxes (layout); i++)
        {
          const SpFlowchartBox *box = sp_flowchart_layout_get_box (layout, i);
          double x, y;

          padding_point (box, &x, &y);
          if (box->step == active)
            {
              assert_color_near (pixel_at (surface, x, y), color_rgb (&style->active));
              n_active++;
            }
          else
            {
              assert_color_near (pixel_at (surface, x, y), color_rgb (&style->box));
            }
        }
      g_assert_cmpuint (n_active, ==, 1);
      cairo_surface_destroy (surface);
    }
}

/* No assessment: no step lit. */
static void
test_draw_no_assessment (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) layout = NULL;
  SpFlowchartStyle style;
  cairo_surface_t *surface;

  sp_flowchart_style_init_light (&style);
  layout = sp_flowchart_layout_new (protocol, NULL, &style, context, 1600, 1800);
  surface = render (layout, &style, 1600, 1800, NULL);
  for (guint i = 0; i < sp_flowchart_layout_get_n_boxes (layout); i++)
    {
      double x, y;

      padding_point (sp_flowchart_layout_get_box (layout, i), &x, &y);
      assert_color_near (pixel_at (surface, x, y), color_rgb (&style.box));
    }
  cairo_surface_destroy (surface);
}

/* The focused step gets a ring just outside its box. */
static void
test_draw_focus_ring (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) layout = NULL;
  const SpFlowchartBox *box;
  SpFlowchartStyle style;
  cairo_surface_t *plain, *focused;
  guint differ = 0;

  sp_flowchart_style_init_light (&style);
  layout = sp_flowchart_layout_new (protocol, NULL, &style, context, 1280, 800);
  box = sp_flowchart_layout_find_box (layout, "escalate");
  plain = render (layout, &style, 1280, 800, NULL);
  focused = render (layout, &style, 1280, 800, box->step);

  /* along the top edge, a few pixels above the box */
  for (double x = box->x + 10; x < box->x + box->width - 10; x += 1)
    {
      for (double dy = 2; dy <= 6; dy += 1)
        differ += pixel_at (plain, x, box->y - dy) != pixel_at (focused, x, box->y - dy);
    }
  g_assert_cmpuint (differ, >, 20);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (focused);
}

static double
contrast (const SpColor *a,
          const SpColor *b)
{
  double l[2];
  const SpColor *c[2] = { a, b };

  for (int i = 0; i < 2; i++)
    {
      double v[3] = { c[i]->red, c[i]->green, c[i]->blue };

      for (int k = 0; k < 3; k++)
        v[k] = v[k] <= 0.03928 ? v[k] / 12.92 : pow ((v[k] + 0.055) / 1.055, 2.4);
      l[i] = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }

  return (MAX (l[0], l[1]) + 0.05) / (MIN (l[0], l[1]) + 0.05);
}

/* WCAG AA for text in every style; AAA-ish for the projector. */
static void
test_style_contrast (void)
{
  SpFlowchartStyle styles[3];

  sp_flowchart_style_init_light (&styles[0]);
  sp_flowchart_style_init_dark (&styles[1]);
  sp_flowchart_style_init_presentation (&styles[2]);

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      const SpFlowchartStyle *style = &styles[s];

      g_assert_cmpfloat (contrast (&style->foreground, &style->box), >=, 7.0);
      g_assert_cmpfloat (contrast (&style->dim, &style->box), >=, 4.5);
      g_assert_cmpfloat (contrast (&style->active_text, &style->active), >=, 4.5);
      g_assert_cmpfloat (contrast (&style->foreground, &style->background), >=, 7.0);
      /* the marks stand out from both fills (graphics: 3:1) */
      g_assert_cmpfloat (contrast (&style->met, &style->box), >=, 3.0);
      g_assert_cmpfloat (contrast (&style->unmet, &style->box), >=, 3.0);
      g_assert_cmpfloat (contrast (&style->unknown, &style->box), >=, 3.0);
      g_assert_cmpfloat (style->font_size, >, 0);
    }
  g_assert_cmpfloat (styles[2].font_size, >=, 1.5 * styles[0].font_size);
  g_assert_cmpfloat (contrast (&styles[2].active_text, &styles[2].active), >=, 7.0);
}

/* --- export --------------------------------------------------------------- */

/* The core refuses every external entity, the document itself included when
 * libxml2 opens it: read the file first. */
static xmlDoc *
read_xml (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return xmlReadMemory (contents, (int) length, path, NULL, XML_PARSE_NONET);
}

static void
collect_text (xmlNode  *node,
              GString  *out)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST "text") == 0)
        {
          xmlChar *content = xmlNodeGetContent (node);

          g_string_append (out, (const char *) content);
          g_string_append_c (out, ' ');
          xmlFree (content);
        }
      collect_text (node->children, out);
    }
}

static void
test_export_svg (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;
  xmlDoc *doc;
  xmlNode *root;
  xmlChar *width;

  sp_flowchart_style_init_light (&style);
  g_assert_true (sp_flowchart_export (protocol, assessment, &style, path, 1280, 800, &error));
  g_assert_no_error (error);

  doc = read_xml (path);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_nonnull (root);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  width = xmlGetProp (root, BAD_CAST "width");
  g_assert_nonnull (width);
  g_assert_true (g_str_has_prefix ((const char *) width, "1280"));
  xmlFree (width);

  collect_text (root, text);
  for (guint i = 0; i < G_N_ELEMENTS (shipped_titles); i++)
    {
      if (strstr (text->str, shipped_titles[i]) == NULL)
        g_error ("“%s” is not text in the SVG: %s", shipped_titles[i], text->str);
    }
  /* the patient's value is there too */
  g_assert_nonnull (strstr (text->str, "84 mmHg"));
  xmlFreeDoc (doc);

  remove_file_and_dir (path, dir);
}

static xmlNode *
first_element (xmlNode *node)
{
  while (node != NULL && node->type != XML_ELEMENT_NODE)
    node = node->next;
  return node;
}

/* At every size the SVG's accessible name opens it and the text layer ends
 * it. The file grows while the two are put in, and the string holding it
 * may move as it grows (under AddressSanitizer it always does): once, from
 * 260 x 350 on, the name went to an offset in the string's old place,
 * GLib said "g_string_insert_len: assertion failed" and the SVG had no
 * title. */
static void
test_export_svg_sizes (void)
{
  static const struct {
    int width, height;
  } sizes[] = {
    { 260, 350 }, { 640, 200 }, { 400, 300 }, { 520, 800 }, { 800, 600 },
    { 1280, 800 }, { 1600, 1200 }, { 3000, 2000 },
  };
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      xmlNode *root, *title, *last;
      xmlChar *content, *id;
      xmlDoc *doc;

      g_test_message ("%d x %d", sizes[i].width, sizes[i].height);
      g_assert_true (sp_flowchart_export (protocol, assessment, &style, path,
                                          sizes[i].width, sizes[i].height, &error));
      g_assert_no_error (error);
      doc = read_xml (path);
      g_assert_nonnull (doc);
      root = xmlDocGetRootElement (doc);
      if (root == NULL || (title = first_element (root->children)) == NULL)
        g_error ("%d x %d: the SVG has no elements", sizes[i].width, sizes[i].height);
      g_assert_cmpstr ((const char *) title->name, ==, "title");
      content = xmlNodeGetContent (title);
      g_assert_cmpstr ((const char *) content, ==, sp_protocol_get_name (protocol));
      xmlFree (content);

      last = title;
      for (xmlNode *node = first_element (title->next); node != NULL;
           node = first_element (node->next))
        last = node;
      g_assert_cmpstr ((const char *) last->name, ==, "g");
      id = xmlGetProp (last, BAD_CAST "id");
      g_assert_cmpstr ((const char *) id, ==, "text");
      xmlFree (id);
      xmlFreeDoc (doc);
    }

  remove_file_and_dir (path, dir);
}

/* Compact (the window's pane at 1024 x 768 is about 311 x 420): titles and
 * a state line instead of summaries and criteria, readable where the full
 * drawing is not (body text 11 pt = 14.67 px at 96 dpi; readable is 11 px,
 * a scale of 0.75), and no word broken inside unless asked. The state of
 * the step-2 patient: step 2's three criteria are met, so step 3 is lit by
 * the rule "all three criteria for norepinephrine hold" (its 3 conditions
 * hold), and step 2 counts 3 of 3 for it. Step 1's five criteria:
 * hypoperfusion holds (for it); SBP > 90 and MAP >= 65 do not hold, and
 * count against step 1 when they do, so they point to it; an inotrope runs
 * (against it) and a fluid challenge was given (fluid-not-given does not
 * hold): 3 of 5. */
static void
test_layout_compact (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autoptr(TestPangoContext) context = make_pango_context ();
  g_autoptr(SpFlowchartLayout) full = NULL;
  g_autoptr(SpFlowchartLayout) compact = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "compact.svg", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;
  xmlDoc *doc;

  sp_flowchart_style_init_light (&style);
  g_assert_false (style.compact);
  full = sp_flowchart_layout_new (protocol, assessment, &style, context, 311, 420);
  style.compact = TRUE;
  compact = sp_flowchart_layout_new (protocol, assessment, &style, context, 311, 420);
  check_layout (compact, protocol, 311, 420);
  g_assert_cmpfloat (sp_flowchart_layout_get_scale (full), <, 0.75);
  g_assert_cmpfloat (sp_flowchart_layout_get_scale (compact), >=, 0.75);

  g_assert_true (sp_flowchart_export (protocol, assessment, &style, path, 311, 420, &error));
  g_assert_no_error (error);
  doc = read_xml (path);
  g_assert_nonnull (doc);
  collect_text (xmlDocGetRootElement (doc), text);
  xmlFreeDoc (doc);
  g_test_message ("compact text: %s", text->str);
  g_assert_nonnull (strstr (text->str, "Active step"));
  g_assert_nonnull (strstr (text->str, "why this step: 3 of 3 hold"));
  g_assert_nonnull (strstr (text->str, "for this step: 3 of 3"));
  g_assert_nonnull (strstr (text->str, "for this step: 3 of 5"));
  g_assert_null (strstr (text->str, "not met"));
  g_assert_nonnull (strstr (text->str, "norepinephrine"));   /* never "norepine-" */
  /* no criteria values, no summaries */
  g_assert_null (strstr (text->str, "84 mmHg"));
  g_assert_null (strstr (text->str, "Add norepinephrine only"));

  remove_file_and_dir (path, dir);
}

static void
test_export_png (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  static const int sizes[][2] = { { 1280, 800 }, { 1920, 1080 }, { 333, 217 } };
  SpFlowchartStyle style;

  sp_flowchart_style_init_dark (&style);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface;
      guint32 background = color_rgb (&style.background);
      guint n_differ = 0;
      int w = sizes[i][0], h = sizes[i][1];

      g_assert_true (sp_flowchart_export (protocol, assessment, &style, path, w, h, &error));
      g_assert_no_error (error);

      surface = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, h);

      /* the corner is the background; a good share of the image is not */
      assert_color_near (pixel_at (surface, 0, 0), background);
      for (int y = 0; y < h; y += 3)
        for (int x = 0; x < w; x += 3)
          n_differ += pixel_at (surface, x, y) != background;
      g_assert_cmpuint (n_differ, >, (guint) (w / 3) * (h / 3) / 10);
      cairo_surface_destroy (surface);
    }

  remove_file_and_dir (path, dir);
}

/* Runs @argv; FALSE when the program is not installed. */
static gboolean
run_tool (const char * const *argv,
          char              **out)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (program == NULL)
    return FALSE;

  g_spawn_sync (NULL, (char **) argv, NULL,
                SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static void
test_export_pdf (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(SpAssessment) assessment = evaluate_step2_state (protocol);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;
  gsize length;

  sp_flowchart_style_init_light (&style);
  g_assert_true (sp_flowchart_export (protocol, assessment, &style, path, 842, 595, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  {
    const char *argv[] = { "pdfinfo", path, NULL };

    if (!run_tool (argv, &info))
      {
        g_test_skip ("pdfinfo (poppler-utils) is not installed");
        remove_file_and_dir (path, dir);
        return;
      }
    g_assert_nonnull (strstr (info, "Pages:           1\n"));
    g_assert_nonnull (strstr (info, "Page size:       842 x 595 pts"));
  }

  {
    const char *argv[] = { "pdftotext", path, "-", NULL };

    if (run_tool (argv, &text))
      {
        g_assert_nonnull (strstr (text, "Step 1: inotrope first"));
        g_assert_nonnull (strstr (text, "Taper vasopressors"));
      }
  }

  remove_file_and_dir (path, dir);
}

static void
test_export_bad_extension (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.gif", NULL);
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;
  SpFlowchartFormat format;

  sp_flowchart_style_init_light (&style);
  g_assert_false (sp_flowchart_export (protocol, NULL, &style, path, 640, 480, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (sp_flowchart_format_from_path ("a/b.SVG", &format));
  g_assert_cmpint (format, ==, SP_FLOWCHART_FORMAT_SVG);
  g_assert_true (sp_flowchart_format_from_path ("x.png", &format));
  g_assert_cmpint (format, ==, SP_FLOWCHART_FORMAT_PNG);
  g_assert_true (sp_flowchart_format_from_path ("x.pdf", &format));
  g_assert_cmpint (format, ==, SP_FLOWCHART_FORMAT_PDF);
  g_assert_false (sp_flowchart_format_from_path ("x.svg.txt", NULL));
  g_assert_false (sp_flowchart_format_from_path ("svg", NULL));

  g_rmdir (dir);
}

/* A directory that does not exist: an error, not a crash. */
static void
test_export_unwritable (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autoptr(GError) error = NULL;
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);
  g_assert_false (sp_flowchart_export (protocol, NULL, &style, "/nonexistent-dir/x.png", 640, 480, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sp_flowchart_export (protocol, NULL, &style, "/nonexistent-dir/x.svg", 640, 480, &error));
  g_assert_nonnull (error);
}

/* Exports are atomic: a write that fails (a file-size limit here; a full
 * disk is the same to the writer) leaves the previous chart as it was, with
 * nothing beside it; a link planted at the old predictable temporary name
 * (chart.pdf.part) is never followed. */
static void
test_export_atomic (void)
{
  g_autoptr(SpProtocol) protocol = load_protocol ();
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *part = NULL;
  g_autofree char *victim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  SpFlowchartStyle style;

  sp_flowchart_style_init_light (&style);

  if (g_test_subprocess ())
    {
      struct rlimit limit = { 1024, 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (sp_flowchart_export (protocol, NULL, &style, g_getenv ("SP_TEST_PNG"),
                                           640, 480, &error));
      g_assert_nonnull (error);
      return;
    }

  /* the parent's folder: the child above writes into it, and makes none */
  dir = make_tmp_dir ();
  png = g_build_filename (dir, "chart.png", NULL);
  pdf = g_build_filename (dir, "chart.pdf", NULL);
  part = g_build_filename (dir, "chart.pdf.part", NULL);
  victim = g_build_filename (dir, "victim.txt", NULL);
  g_assert_true (g_file_set_contents (png, "previous chart", -1, NULL));
  g_setenv ("SP_TEST_PNG", png, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_get_contents (png, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "previous chart");

  g_assert_true (g_file_set_contents (victim, "do not touch", -1, NULL));
  g_assert_cmpint (symlink (victim, part), ==, 0);
  g_assert_true (sp_flowchart_export (protocol, NULL, &style, pdf, 640, 480, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (victim, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "do not touch");
  g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF-"));

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    /* chart.png, chart.pdf, chart.pdf.part (the planted link), victim.txt */
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        n++;
        g_unlink (path);
      }
    g_assert_cmpuint (n, ==, 4);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/flowchart/layout/shipped", test_layout_shipped);
  g_test_add_func ("/render/flowchart/layout/with-assessment", test_layout_with_assessment);
  g_test_add_func ("/render/flowchart/layout/scales-down", test_layout_scales_down);
  g_test_add_func ("/render/flowchart/layout/find-box", test_layout_find_box);
  g_test_add_func ("/render/flowchart/layout/compact", test_layout_compact);
  g_test_add_func ("/render/flowchart/draw/active-colour", test_draw_active_colour);
  g_test_add_func ("/render/flowchart/draw/no-assessment", test_draw_no_assessment);
  g_test_add_func ("/render/flowchart/draw/focus-ring", test_draw_focus_ring);
  g_test_add_func ("/render/flowchart/style/contrast", test_style_contrast);
  g_test_add_func ("/render/flowchart/export/svg", test_export_svg);
  g_test_add_func ("/render/flowchart/export/svg-sizes", test_export_svg_sizes);
  g_test_add_func ("/render/flowchart/export/png", test_export_png);
  g_test_add_func ("/render/flowchart/export/pdf", test_export_pdf);
  g_test_add_func ("/render/flowchart/export/bad-extension", test_export_bad_extension);
  g_test_add_func ("/render/flowchart/export/unwritable", test_export_unwritable);
  g_test_add_func ("/render/flowchart/export/atomic", test_export_atomic);

  status = g_test_run ();
  /* Fonts handed back: the leak checker then sees every block behind them,
   * and a font map, layout or surface still held fails here. */
  g_assert_true (sp_font_caches_release ());
  return status;
}
