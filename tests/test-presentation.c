/* test-presentation.c: presentation mode driven through its real key bindings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a shipped teaching case in the window, enters presentation mode (the
 * window's win.present action, which F5 and F11 trigger), and steps through
 * the stages with the shortcuts a presentation clicker and the keyboard
 * trigger: each is looked up in the presentation window's shortcut
 * controller by its key (Page_Down, Home, End, Escape...) and activated, as
 * GTK does for a key press. Checks the lit step in the flowchart widget, the
 * stage indicator, that nothing identifying is shown, that the change of step
 * animates only when motion is allowed, and the export for slides (the
 * presentation style through src/render). Any GTK warning or critical fails
 * the test.
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "sp-application.h"
#include "sp-file-chooser.h"
#include "sp-flowchart.h"
#include "sp-presentation-window.h"
#include "sp-slide-export.h"
#include "sp-window.h"
#include "sp-test-gtk.h"
#include "sp-test-spawn.h"

static char *
case_path (const char *name)
{
  return g_build_filename (g_getenv ("SHOCKPATH_SOURCE_DIR"), "data", "cases", name, NULL);
}

static SpPresentationWindow *
enter_presentation (SpWindow *window)
{
  g_autoptr(GListModel) toplevels = NULL;
  SpPresentationWindow *presentation = NULL;

  /* What F5, F11 and the header bar button activate. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (SP_IS_PRESENTATION_WINDOW (toplevel))
        presentation = SP_PRESENTATION_WINDOW (toplevel);
    }
  g_assert_nonnull (presentation);
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (presentation)));
  return presentation;
}

/* A key of the clicker or the keyboard: the presentation's shortcuts run in
 * the capture phase, so that no focused child can swallow them. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  press_shortcut (widget, keyval, 0, GTK_PHASE_CAPTURE);
}

static gboolean
has_label_containing (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root)
      && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_containing (child, text))
      return TRUE;
  return FALSE;
}

static void
assert_lit (SpPresentationWindow *presentation,
            const char           *step_id)
{
  SpFlowchart *flowchart = sp_presentation_window_get_flowchart (presentation);
  SpCase *sp_case = sp_presentation_window_get_case (presentation);

  wait_drawn (flowchart, sp_case);
  g_assert_nonnull (sp_flowchart_get_lit_step (flowchart));
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==, step_id);
}

static void
leave (SpPresentationWindow *presentation)
{
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &presentation);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Escape);
  wait_for (presentation == NULL);
}

/* F5 and F11 start presentation mode (application accelerators). */
static void
test_accels (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.present");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "F11"));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* teaching-inferior-mi.xml: Step 1, then Step 2, then Step 3. */
static void
check_stages (SpWindow *window)
{
  g_autofree char *path = case_path ("teaching-inferior-mi.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SpCase *window_case = sp_window_get_case (window);
  SpPresentationWindow *presentation;
  SpFlowchart *flowchart;
  g_autofree char *window_before = NULL;

  g_assert_true (sp_window_open_file (window, file));
  /* The window's case is the first stage, editable. */
  g_assert_cmpstr (sp_assessment_get_active_step (sp_case_get_assessment (window_case))->id,
                   ==, "step1-inotrope");
  g_assert_cmpuint (sp_case_get_n_stages (window_case), ==, 3);

  presentation = enter_presentation (window);
  flowchart = sp_presentation_window_get_flowchart (presentation);
  g_assert_cmpuint (sp_presentation_window_get_n_stages (presentation), ==, 3);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 0);
  assert_lit (presentation, "step1-inotrope");
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), "Stage 1 of 3"));
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), "Sources: "));
  /* The reason for the lit step, with a criterion's value. */
  g_assert_true (has_label_containing (GTK_WIDGET (presentation),
                                       sp_assessment_get_rule (sp_case_get_assessment (sp_presentation_window_get_case (presentation)))->reason));
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), " mmHg"));
  /* the weight the doses per kg are for (it was left out) */
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), "Weight 72 kg"));
  /* Nothing that could identify the patient: not the case's notes. */
  g_assert_nonnull (sp_case_get_notes (window_case));
  g_assert_false (has_label_containing (GTK_WIDGET (presentation), sp_case_get_notes (window_case)));

  /* Page Up on the first stage: nothing to go back to. */
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Up);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 0);

  /* A clicker's Page Down: stage 2 lights Step 2, and the change pulses. */
  g_assert_true (sp_flowchart_get_animations_enabled (flowchart));
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 1);
  g_assert_true (sp_flowchart_get_pulsing (flowchart));
  assert_lit (presentation, "step2-criteria");
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), "Stage 2 of 3"));

  /* The window's own case is not stepped. */
  g_assert_cmpstr (sp_assessment_get_active_step (sp_case_get_assessment (window_case))->id,
                   ==, "step1-inotrope");
  g_assert_false (sp_case_get_modified (window_case));

  /* End, Home, Right, Left, space. */
  press_key (GTK_WIDGET (presentation), GDK_KEY_End);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 2);
  assert_lit (presentation, "step3-norepinephrine");
  g_assert_true (has_label_containing (GTK_WIDGET (presentation), "Stage 3 of 3"));
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 2);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Home);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 0);
  assert_lit (presentation, "step1-inotrope");
  press_key (GTK_WIDGET (presentation), GDK_KEY_Right);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 1);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Left);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 0);
  press_key (GTK_WIDGET (presentation), GDK_KEY_space);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 1);
  assert_lit (presentation, "step2-criteria");

  /* The desktop asks for reduced motion: no pulse. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_false (sp_flowchart_get_animations_enabled (flowchart));
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 2);
  g_assert_false (sp_flowchart_get_pulsing (flowchart));
  assert_lit (presentation, "step3-norepinephrine");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);

  /* The user's own preference too. */
  sp_flowchart_set_reduced_motion (flowchart, TRUE);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Home);
  g_assert_false (sp_flowchart_get_pulsing (flowchart));
  assert_lit (presentation, "step1-inotrope");

  /* Escape leaves; the window and its case are as they were. */
  window_before = g_strdup (sp_assessment_get_active_step (sp_case_get_assessment (window_case))->id);
  leave (presentation);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (window_before, ==, "step1-inotrope");
}

/* A case without stages is presented as it is, and follows its changes;
 * its title (which may name the patient) is not shown. */
static void
check_no_stages (SpWindow *window)
{
  g_autofree char *path = case_path ("example-step2.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SpCase *sp_case = sp_window_get_case (window);
  SpPresentationWindow *presentation;

  g_assert_true (sp_window_open_file (window, file));
  sp_case_set_title (sp_case, "Bed 4, J. Doe");
  presentation = enter_presentation (window);
  g_assert_true (sp_presentation_window_get_case (presentation) == sp_case);
  g_assert_cmpuint (sp_presentation_window_get_n_stages (presentation), ==, 0);
  assert_lit (presentation, sp_assessment_get_active_step (sp_case_get_assessment (sp_case))->id);
  g_assert_false (has_label_containing (GTK_WIDGET (presentation), "J. Doe"));
  g_assert_false (has_label_containing (GTK_WIDGET (presentation), "Stage "));

  /* Clicker keys do nothing without stages. */
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 0);

  leave (presentation);
}

/* One window for both (a window takes long to build under ASan). */
static void
test_present (void)
{
  SpWindow *window = test_window_show (1280, 800);

  check_stages (window);
  check_no_stages (window);

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static guint
count_colour (cairo_surface_t *surface,
              guint32          rgb)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if ((((const guint32 *) (data + y * stride))[x] & 0xffffff) == rgb)
        n++;
  return n;
}

/* The app's export for slides: a stage's flowchart in the presentation
 * style (its yellow active step), as SVG, PNG at the chosen size and PDF.
 * (tests/test-render.c checks sp_flowchart_export() itself.) */
static void
test_export (void)
{
  g_autofree char *path = case_path ("teaching-inferior-mi.xml");
  g_autoptr(SpProtocol) protocol = sp_protocol_new_default (NULL);
  g_autoptr(SpDrugLibrary) drugs = sp_drug_library_new_default (NULL);
  g_autoptr(SpCase) sp_case = sp_case_new (protocol, drugs);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-presentation-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "stage.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "stage.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "stage.pdf", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) svg_file = g_file_new_for_path (svg);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  cairo_surface_t *surface;
  xmlDocPtr doc;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  int status;

  g_assert_true (sp_case_load (sp_case, path, &error));
  g_assert_no_error (error);
  g_assert_true (sp_case_load_stage (sp_case, 1, &error));
  g_assert_no_error (error);

  g_assert_true (sp_slide_export_write (sp_case, png_file, 1280, 720, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 720);
  /* The presentation style's active fill (#ffd500), a box's worth. */
  g_assert_cmpuint (count_colour (surface, 0xffd500), >, 5000);
  cairo_surface_destroy (surface);

  g_assert_true (sp_slide_export_write (sp_case, svg_file, 1920, 1080, &error));
  g_assert_no_error (error);
  /* From memory: the core refuses every external entity, the file too. */
  g_assert_true (g_file_get_contents (svg, &contents, &length, NULL));
  doc = xmlReadMemory (contents, (int) length, svg, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "svg");
  xmlFreeDoc (doc);

  g_assert_true (sp_slide_export_write (sp_case, pdf_file, 1920, 1080, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "pdfinfo", pdf, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &out, NULL, &status, NULL))
      {
        g_test_skip ("pdfinfo (poppler-utils) is not installed");
      }
    else
      {
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_assert_nonnull (strstr (out, "Pages:           1\n"));
      }
  }

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The size of @label's text in pixels, from the font GTK gives it. */
static double
label_px (GtkWidget *label)
{
  PangoContext *context = gtk_widget_get_pango_context (label);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  /* GTK's CSS sets absolute sizes (pixels); points are 96/72 pixels. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

static gboolean
match_label_containing (GtkWidget     *widget,
                        gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
         && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* The smallest text of the visible labels under @root that have text, in
 * pixels, a part their markup makes smaller ("<span size='small'>")
 * included; the disclaimer, the one quiet text, is measured on its own. */
static double
smallest_label_px (GtkWidget *root)
{
  double smallest = G_MAXDOUBLE;

  if (!gtk_widget_get_visible (root) || gtk_widget_has_css_class (root, "sp-presentation-disclaimer"))
    return smallest;
  if (GTK_IS_LABEL (root) && gtk_label_get_text (GTK_LABEL (root))[0] != '\0')
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (root));
      PangoAttrList *attrs = pango_layout_get_attributes (layout);
      double px = label_px (root);

      smallest = px;
      /* Markup that shrinks a part ("<span size='small'>"). */
      if (attrs != NULL)
        {
          g_autoptr(GSList) list = pango_attr_list_get_attributes (attrs);

          for (GSList *l = list; l != NULL; l = l->next)
            {
              PangoAttribute *attr = l->data;

              if (attr->klass->type == PANGO_ATTR_SCALE)
                smallest = MIN (smallest, px * ((PangoAttrFloat *) attr)->value);
              else if (attr->klass->type == PANGO_ATTR_SIZE)
                smallest = MIN (smallest, ((PangoAttrInt *) attr)->value / (double) PANGO_SCALE
                                          * 96.0 / 72.0);
              else if (attr->klass->type == PANGO_ATTR_ABSOLUTE_SIZE)
                smallest = MIN (smallest, ((PangoAttrInt *) attr)->value / (double) PANGO_SCALE);
            }
          g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    smallest = MIN (smallest, smallest_label_px (child));
  return smallest;
}

/* The shipped case @name opened in @window and presented in a window of
 * @width x @height (not full screen; the surface has a 5 px shadow each
 * side), once its type is in proportion: 32 px x @height / 1080, rounded
 * up (23 px at 768, 27 at 900), and the values strip measured in it. */
static SpPresentationWindow *
present_case_at (SpWindow   *window,
                 const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *path = case_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SpPresentationWindow *presentation;
  int type_px = (int) ceil (32.0 * height / 1080);

  g_assert_true (sp_window_open_file (window, file));
  presentation = sp_presentation_window_new (GTK_WINDOW (window), sp_window_get_case (window));
  gtk_window_unfullscreen (GTK_WINDOW (presentation));
  gtk_window_set_default_size (GTK_WINDOW (presentation), width + 10, height + 10);
  gtk_widget_set_size_request (GTK_WIDGET (presentation), width + 10, height + 10);
  gtk_window_present (GTK_WINDOW (presentation));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (presentation)));
  wait_for (gtk_widget_get_height (GTK_WIDGET (presentation)) == height
            && sp_presentation_window_get_type_size (presentation) == type_px);
  /* The labels take the new type at the next layout; the values strip is
   * measured in it at the allocation after that. */
  wait_frames (GTK_WIDGET (presentation), 3);
  return presentation;
}

static gboolean
match_label_text (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The protocol's disclaimer at the foot of @presentation's side column:
 * shown whole inside the window (no scrolling hides it), 0.6 x the body
 * text (32 x 768 / 1080 -> 23 px -> 13.8 px at 768 lines). */
static void
assert_disclaimer_shown (SpPresentationWindow *presentation)
{
  SpProtocol *protocol = sp_case_get_protocol (sp_presentation_window_get_case (presentation));
  const char *disclaimer = sp_protocol_get_disclaimer (protocol);
  GtkWidget *label = find_by_class (GTK_WIDGET (presentation), "sp-presentation-disclaimer");
  graphene_rect_t bounds;
  int text_height = 0;

  g_assert_nonnull (disclaimer);
  g_assert_nonnull (strstr (disclaimer, "never replaces, clinical judgement"));
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, disclaimer);
  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (presentation), &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (presentation)));
  /* every line of it drawn: its text no higher than the label's content */
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), NULL, &text_height);
  g_assert_cmpint (text_height, <=, gtk_widget_get_height (label));
  g_assert_cmpfloat (label_px (label), >=,
                     0.6 * sp_presentation_window_get_type_size (presentation) * 0.999);
}

typedef struct {
  int width;
  int height;
} ScreenSize;

static const ScreenSize wide_screen = { 1440, 900 };
static const ScreenSize projector_4_3 = { 1024, 768 };

/* The peripheral-line case on a wide screen and on a 4:3 projector: at
 * every stage the vitals and therapies strip is as high as its text (stage
 * 2 needs five lines at 1440 x 900, six at 1024 x 768: the peripheral
 * line's "Central line no" is never cut off), the same height at every
 * stage; the alerts come before "Why this step", so that the
 * peripheral-line warning is never the part pushed out of sight. */
static void
test_values_not_cut (gconstpointer data)
{
  const ScreenSize *size = data;
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  GtkWidget *strip, *box, *alerts, *why;
  int height = 0;
  graphene_point_t alerts_at, why_at;

  presentation = present_case_at (window, "teaching-peripheral-line.xml", size->width,
                                  size->height);
  wait_frames (GTK_WIDGET (presentation), 2);
  strip = find_by_class (GTK_WIDGET (presentation), "sp-presentation-values");
  g_assert_nonnull (strip);
  box = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (strip));
  if (GTK_IS_VIEWPORT (box))
    box = gtk_viewport_get_child (GTK_VIEWPORT (box));

  for (guint stage = 0; stage < 3; stage++)
    {
      int natural = 0;

      if (stage > 0)
        press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
      wait_frames (GTK_WIDGET (presentation), 3);
      g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, stage);
      gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (box),
                          NULL, &natural, NULL, NULL);
      g_test_message ("stage %u: values %d px in a strip of %d px", stage + 1, natural,
                      gtk_widget_get_height (box));
      g_assert_cmpint (natural, <=, gtk_widget_get_height (box));
      if (stage == 0)
        height = gtk_widget_get_height (strip);
      g_assert_cmpint (gtk_widget_get_height (strip), ==, height);
      assert_disclaimer_shown (presentation);
    }

  /* stage 3 (the last): the alerts above "Why this step" when there are any */
  press_key (GTK_WIDGET (presentation), GDK_KEY_Home);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  wait_frames (GTK_WIDGET (presentation), 2);
  alerts = find_widget (GTK_WIDGET (presentation), match_label_text, "Alerts");
  why = find_widget (GTK_WIDGET (presentation), match_label_text, "Why this step");
  g_assert_nonnull (alerts);
  g_assert_nonnull (why);
  g_assert_true (gtk_widget_get_visible (alerts));
  g_assert_true (gtk_widget_compute_point (alerts, GTK_WIDGET (presentation),
                                           &GRAPHENE_POINT_INIT (0, 0), &alerts_at));
  g_assert_true (gtk_widget_compute_point (why, GTK_WIDGET (presentation),
                                           &GRAPHENE_POINT_INIT (0, 0), &why_at));
  g_assert_cmpfloat (alerts_at.y, <, why_at.y);

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* At 4:3 "Why this step" of the peripheral-line case's second stage (the
 * alert, the reason, three criteria) is longer than the screen: Down
 * scrolls it by most of what shows (0.8 of a page), Up back to the top; at
 * the end Down goes no further. */
static void
test_scroll_why (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  GtkWidget *side;
  GtkAdjustment *adjustment;
  double page;

  presentation = present_case_at (window, "teaching-peripheral-line.xml", 1024, 768);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  wait_frames (GTK_WIDGET (presentation), 3);
  side = find_by_class (GTK_WIDGET (presentation), "sp-presentation-side");
  g_assert_nonnull (side);
  side = gtk_widget_get_ancestor (side, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (side));
  page = gtk_adjustment_get_page_size (adjustment);
  g_test_message ("side column %.0f px, %.0f shown", gtk_adjustment_get_upper (adjustment), page);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, page);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  press_key (GTK_WIDGET (presentation), GDK_KEY_Down);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment),
                                  MIN (0.8 * page, gtk_adjustment_get_upper (adjustment) - page),
                                  0.5);
  for (guint i = 0; i < 20; i++)
    press_key (GTK_WIDGET (presentation), GDK_KEY_Down);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment),
                                  gtk_adjustment_get_upper (adjustment) - page, 0.5);
  for (guint i = 0; i < 20; i++)
    press_key (GTK_WIDGET (presentation), GDK_KEY_Up);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  /* the stage stays: Up and Down are not Left and Right */
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 1);
  /* the next stage opens at the top of its why */
  press_key (GTK_WIDGET (presentation), GDK_KEY_Down);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
  g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, 2);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* The teaching text under the chart of the escalation case's first stage
 * (1440 x 900) is longer than its share of the screen: it was cut off
 * mid-line, out of the keyboard's reach. Down goes on into it once the side
 * column is at its end, to its last line; Up goes back the other way; the
 * next stage opens it at its top. */
static void
test_scroll_teaching (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  GtkWidget *teaching;
  GtkAdjustment *text, *side;

  presentation = present_case_at (window, "teaching-escalation-vasopressin-iabp.xml", 1440, 900);
  teaching = gtk_widget_get_ancestor (find_by_class (GTK_WIDGET (presentation), "sp-teaching-text"),
                                      GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (teaching);
  g_assert_true (gtk_widget_get_mapped (teaching));
  text = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (teaching));
  side = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_ancestor (find_by_class (GTK_WIDGET (presentation), "sp-presentation-side"),
                             GTK_TYPE_SCROLLED_WINDOW)));
  g_test_message ("teaching text %.0f px, %.0f shown", gtk_adjustment_get_upper (text),
                  gtk_adjustment_get_page_size (text));
  g_assert_cmpfloat (gtk_adjustment_get_upper (text), >, gtk_adjustment_get_page_size (text));

  for (guint i = 0; i < 20; i++)
    press_key (GTK_WIDGET (presentation), GDK_KEY_Down);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (side),
                                  gtk_adjustment_get_upper (side) - gtk_adjustment_get_page_size (side),
                                  0.5);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (text),
                                  gtk_adjustment_get_upper (text) - gtk_adjustment_get_page_size (text),
                                  0.5);
  for (guint i = 0; i < 20; i++)
    press_key (GTK_WIDGET (presentation), GDK_KEY_Up);
  g_assert_cmpfloat (gtk_adjustment_get_value (text), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (side), ==, 0);

  press_key (GTK_WIDGET (presentation), GDK_KEY_End);
  for (guint i = 0; i < 20; i++)
    press_key (GTK_WIDGET (presentation), GDK_KEY_Down);
  press_key (GTK_WIDGET (presentation), GDK_KEY_Home);
  g_assert_cmpfloat (gtk_adjustment_get_value (text), ==, 0);

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

static void
count_layout (GdkFrameClock *clock,
              guint         *n)
{
  (*n)++;
}

/* Once shown, presentation mode lays out only when something changes: it
 * measured every stage and set its strips' heights again at every
 * allocation, and setting them queued the next allocation: a layout at
 * every frame, as long as the window was open. */
static void
test_settles (void)
{
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  GdkFrameClock *clock;
  guint n_layouts = 0;
  gulong handler;

  presentation = present_case_at (window, "teaching-peripheral-line.xml", 1024, 768);
  /* the lit step's pulse (its animation lays out) is over */
  spin (1500);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (presentation));
  handler = g_signal_connect (clock, "layout", G_CALLBACK (count_layout), &n_layouts);
  spin (500);
  g_signal_handler_disconnect (clock, handler);
  g_test_message ("%u layouts in 500 ms", n_layouts);
  g_assert_cmpuint (n_layouts, <=, 1);

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* A projector at 1024 x 768: the type in proportion (32 x 768 / 1080 =
 * 22.76 px, the window's CSS 23 px), in every label and in the chart, no
 * word broken in the chart, and its boxes in place through all stages; for
 * a case whose values take five lines and for one whose take six (the
 * chart has the less height). */
static void
test_small_screen (gconstpointer data)
{
  const char *name = data;
  SpWindow *window = test_window_show (1280, 800);
  SpPresentationWindow *presentation;
  SpFlowchart *flowchart;
  SpCase *sp_case;
  SpProtocol *protocol;
  graphene_rect_t first[16], rect;
  double min_px = 32.0 * 768 / 1080 * 0.999;
  guint n;

  presentation = present_case_at (window, name, 1024, 768);
  flowchart = sp_presentation_window_get_flowchart (presentation);
  sp_case = sp_presentation_window_get_case (presentation);
  protocol = sp_case_get_protocol (sp_case);
  n = sp_protocol_get_n_steps (protocol);
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (first));

  for (guint stage = 0; stage < 3; stage++)
    {
      double labels;

      if (stage > 0)
        press_key (GTK_WIDGET (presentation), GDK_KEY_Page_Down);
      wait_drawn (flowchart, sp_case);
      wait_frames (GTK_WIDGET (presentation), 2);
      g_assert_cmpuint (sp_presentation_window_get_stage (presentation), ==, stage);

      labels = smallest_label_px (adw_window_get_content (ADW_WINDOW (presentation)));
      g_test_message ("stage %u: labels >= %.1f px, chart %.1f px%s", stage + 1, labels,
                      sp_flowchart_get_text_size (flowchart),
                      sp_flowchart_get_breaks_words (flowchart) ? ", words broken" : "");
      g_assert_cmpfloat (labels, >=, min_px);
      g_assert_cmpfloat (sp_flowchart_get_text_size (flowchart), >=, min_px);
      g_assert_false (sp_flowchart_get_breaks_words (flowchart));
      assert_disclaimer_shown (presentation);
      /* the side column's alerts, why and criteria, refilled at each stage,
       * each below the last */
      {
        g_autofree char *where = g_strdup_printf ("%s, stage %u", name, stage + 1);
        GtkWidget *side = find_by_class (GTK_WIDGET (presentation), "sp-presentation-side");

        g_assert_cmpuint (assert_labels_apart (side, where), >, 3);
        assert_quantities_unbroken (adw_window_get_content (ADW_WINDOW (presentation)), where);
      }

      for (guint i = 0; i < n; i++)
        {
          const char *id = sp_protocol_get_step (protocol, i)->id;

          g_assert_true (sp_flowchart_get_step_rect (flowchart, id, stage == 0 ? &first[i] : &rect));
          if (stage > 0)
            g_assert_true (graphene_rect_equal (&first[i], &rect));
        }
    }
  g_assert_nonnull (find_widget (GTK_WIDGET (presentation), match_label_containing, "Stage 3 of 3"));

  /* The slide is the screen at this size too: the stage's title, the
   * vitals, why, and the teaching text beside the chart. */
  {
    g_autofree char *out = slide_text (adw_window_get_content (ADW_WINDOW (presentation)),
                                       1024, 768);

    if (out != NULL)
      {
        g_assert_nonnull (strstr (out, "Stage 3 of 3"));
        g_assert_nonnull (strstr (out, "SBP"));
        g_assert_nonnull (strstr (out, "Why this step"));
        /* the inferior MI's last stage lights a new step */
        if (g_str_equal (name, "teaching-inferior-mi.xml"))
          g_assert_nonnull (find_widget (GTK_WIDGET (presentation), match_label_containing,
                                         "New step"));
        if (find_widget (GTK_WIDGET (presentation), match_label_containing, "New step") != NULL)
          g_assert_nonnull (strstr (out, "New step"));
        g_assert_nonnull (strstr (out, "clinical judgement"));
      }
  }

  gtk_window_close (GTK_WINDOW (presentation));
  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

/* Shift+Ctrl+X in presentation mode exports the screen as a slide; its
 * dialog starts in the folder of the window's case, though a staged case is
 * shown on a copy that has no file. */
static void
test_export_folder (void)
{
  SpWindow *window = test_window_show (1280, 800);
  g_autofree char *dir = g_dir_make_tmp ("shockpath-folder-XXXXXX", NULL);
  g_autofree char *source = case_path ("teaching-inferior-mi.xml");
  g_autofree char *copy = g_build_filename (dir, "lecture.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (copy);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) shown = NULL;
  SpPresentationWindow *presentation;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  g_assert_true (sp_window_open_file (window, file));
  presentation = enter_presentation (window);
  g_assert_cmpuint (sp_presentation_window_get_n_stages (presentation), ==, 3);

  sp_file_chooser_set_test_func (file_request_note_folder, &shown);
  press_shortcut (GTK_WIDGET (presentation), GDK_KEY_x, GDK_SHIFT_MASK | GDK_CONTROL_MASK,
                  GTK_PHASE_CAPTURE);
  sp_file_chooser_set_test_func (NULL, NULL);
  g_assert_nonnull (shown);
  g_assert_true (g_file_equal (shown, folder));

  leave (presentation);
  destroy_window (GTK_WINDOW (window));
  g_unlink (copy);
  g_rmdir (dir);
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_gtk_init (&argc, &argv);

  load_app_style ();

  g_test_add_func ("/presentation/accels", test_accels);
  g_test_add_func ("/presentation/present", test_present);
  g_test_add_func ("/presentation/export", test_export);
  g_test_add_data_func ("/presentation/small-screen/inferior-mi", "teaching-inferior-mi.xml",
                        test_small_screen);
  g_test_add_data_func ("/presentation/small-screen/peripheral-line",
                        "teaching-peripheral-line.xml", test_small_screen);
  g_test_add_data_func ("/presentation/values-not-cut/wide", &wide_screen, test_values_not_cut);
  g_test_add_data_func ("/presentation/values-not-cut/4-3", &projector_4_3, test_values_not_cut);
  g_test_add_func ("/presentation/export-folder", test_export_folder);
  g_test_add_func ("/presentation/settles", test_settles);
  g_test_add_func ("/presentation/scroll-why", test_scroll_why);
  g_test_add_func ("/presentation/scroll-teaching", test_scroll_teaching);

  return g_test_run ();
}
