/* sp-flowchart.c: the protocol's flowchart with the active step lit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws through src/render (the same layout and drawing as print and export)
 * into gtk_snapshot_append_cairo, so it stays crisp at any scale factor. The
 * layout is rebuilt only when the assessment, the size or the style changes.
 * A click on a step, or Enter on the step with the keyboard focus ring
 * (arrow keys move it), opens the step's details in a window of their own
 * (sized to be read; Escape closes it). The widget's
 * accessible label names the focused step and its state.
 *
 * In presentation mode the chart uses the high-contrast presentation style and
 * a change of the active step pulses briefly (the new step's box fades in
 * with a ring around it), unless the desktop or the user asks for reduced
 * motion.
 *
 * Text is drawn at the renderer's size times the interface font's scale
 * (gtk-font-name against 11 pt) and never smaller than MIN_TEXT_PX times
 * it at scale 1 (more with large text, which raises the resolution): when the chart with the lit step's criteria would need smaller text
 * to fit, it is drawn compact (each box its title and state), and a step's
 * criteria show on hover (tooltip), focus + Enter and click (the details).
 */
#define G_LOG_DOMAIN "sp-flowchart"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sp-engine.h"
#include "sp-flowchart.h"
#include "sp-flowchart-render.h"
#include "sp-format.h"
#include "sp-theme.h"
#include "sp-widget-util.h"

/* The smallest body text drawn, in pixels at scale 1 and 96 dpi (large text
 * raises the dpi, and with it every size and this minimum). */
#define MIN_TEXT_PX 11.0

struct _SpFlowchart
{
  SpCaseWidget       parent_instance;

  SpAssessment      *drawn;          /* the assessment of the layout */
  SpFlowchartLayout *layout;
  /* The boxes' texts from one layout to the next: a new assessment lays
   * out only the texts it changed (the lit box's values and states). */
  SpFlowchartTextCache *text_cache;
  int                layout_width;
  int                layout_height;
  guint              n_layouts;
  gboolean           compact;        /* the layout is the compact one */
  gboolean           breaks_words;   /* ... with long words broken */
  double             text_px;        /* its body text, pixels at scale 1 */

  const SpStep      *focused;
  char              *announcement;

  /* The step details window, while it exists, and the step it shows */
  GtkWindow         *details_window;
  GtkScrolledWindow *details_scroll;
  const SpStep      *details_step;

  /* Presentation mode */
  gboolean           presentation;
  double             presentation_scale;   /* the screen's height / 1080 */
  gboolean           reduced_motion;
  const SpStep      *last_active;    /* to notice a change of active step */
  AdwAnimation      *pulse;
  double             pulse_value;    /* 0 at the change .. 1 at rest */
};

#define PULSE_DURATION_MS 700

G_DEFINE_FINAL_TYPE (SpFlowchart, sp_flowchart, SP_TYPE_CASE_WIDGET)

static void
sp_flowchart_invalidate (SpFlowchart *self)
{
  g_clear_pointer (&self->layout, sp_flowchart_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sp_flowchart_get_style (SpFlowchart      *self,
                        SpFlowchartStyle *style)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *widget = GTK_WIDGET (self);

  /* A projector: its own fixed high-contrast colours and big type. */
  if (self->presentation)
    {
      sp_flowchart_style_init_presentation (style);
      /* The criteria are listed beside the chart in big type: boxes without
       * them leave the chart room to be larger. The boxes keep their places
       * from one stage to the next, and the type grows with the screen:
       * 24 pt (32 px) at 1080 lines. */
      style->show_criteria = FALSE;
      style->stable_geometry = TRUE;
      style->font_size *= self->presentation_scale;
      return;
    }

  if (adw_style_manager_get_dark (manager))
    sp_flowchart_style_init_dark (style);
  else
    sp_flowchart_style_init_light (style);

  /* The theme's colours, so that the chart sits in the window. */
  style->background = sp_theme_lookup_color (widget, "view_bg_color", style->background);
  style->foreground = sp_theme_lookup_color (widget, "view_fg_color", style->foreground);
  style->active = sp_theme_lookup_color (widget, "accent_bg_color", style->active);
  style->active_text = sp_theme_lookup_color (widget, "accent_fg_color", style->active_text);

  /* A larger interface font makes the chart's text larger too. */
  style->font_size *= sp_settings_get_font_scale (gtk_widget_get_settings (widget));

  /* Criteria with marks and values in the lit box; every step's own in its
   * details (a window pane is too small for all of them). */
  style->show_criteria = TRUE;
  style->criteria_active_only = TRUE;

  if (adw_style_manager_get_high_contrast (manager))
    style->line_width *= 2;
}

static SpFlowchartLayout *
sp_flowchart_ensure_layout (SpFlowchart *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  PangoContext *pango_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  double resolution = pango_cairo_context_get_resolution (pango_context);
  SpAssessment *assessment;
  SpFlowchartStyle style;
  double min_px;

  if (sp_case == NULL || width <= 0 || height <= 0)
    return NULL;
  if (resolution <= 0)
    resolution = 96.0;

  assessment = sp_case_get_assessment (sp_case);
  if (self->layout != NULL && self->drawn == assessment
      && self->layout_width == width && self->layout_height == height)
    return self->layout;

  g_clear_pointer (&self->layout, sp_flowchart_layout_free);
  g_set_object (&self->drawn, assessment);
  sp_flowchart_get_style (self, &style);
  /* The lit box with its criteria, unless that shrinks the text below
   * MIN_TEXT_PX at 96 dpi (large text raises the dpi: the minimum grows with
   * it); then compact; and only when that is below MIN_TEXT_PX on screen,
   * compact with long words broken in narrow boxes. */
  min_px = sp_flowchart_get_min_text_size (self);
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      double scale;

      style.compact = attempt > 0;
      style.compact_break_words = attempt > 1;
      g_clear_pointer (&self->layout, sp_flowchart_layout_free);
      self->layout = sp_flowchart_layout_new_cached (sp_case_get_protocol (sp_case), assessment,
                                                     &style, pango_context, width, height,
                                                     self->text_cache);
      self->compact = style.compact;
      self->breaks_words = style.compact_break_words;
      scale = sp_flowchart_layout_get_scale (self->layout);
      self->text_px = style.font_size * resolution / 72.0 * scale;
      if (attempt == 0 && style.font_size * 96.0 / 72.0 * scale >= min_px)
        break;
      if (attempt == 1 && self->text_px >= min_px)
        break;
    }
  /* The texts this layout did not take (old values) go. */
  if (self->text_cache != NULL)
    sp_flowchart_text_cache_trim (self->text_cache);
  self->layout_width = width;
  self->layout_height = height;
  self->n_layouts++;
  return self->layout;
}

/* The change of active step: the new step's box fades in from the
 * background and a ring in the foreground colour spreads out and fades. */
static void
sp_flowchart_draw_pulse (SpFlowchart *self,
                         cairo_t     *cr)
{
  const SpFlowchartBox *box;
  SpFlowchartStyle style;
  double fade, spread;

  if (self->pulse == NULL
      || adw_animation_get_state (self->pulse) != ADW_ANIMATION_PLAYING
      || self->drawn == NULL
      || sp_assessment_get_active_step (self->drawn) == NULL)   /* awaiting data: nothing lit */
    return;

  box = sp_flowchart_layout_find_box (self->layout,
                                      sp_assessment_get_active_step (self->drawn)->id);
  if (box == NULL)
    return;

  sp_flowchart_get_style (self, &style);
  fade = 1.0 - self->pulse_value;
  spread = 4.0 + 20.0 * self->pulse_value;

  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_set_source_rgba (cr, style.background.red, style.background.green,
                         style.background.blue, 0.85 * fade);
  cairo_fill (cr);

  cairo_rectangle (cr, box->x - spread, box->y - spread,
                   box->width + 2 * spread, box->height + 2 * spread);
  cairo_set_line_width (cr, 2 * style.line_width);
  cairo_set_source_rgba (cr, style.foreground.red, style.foreground.green,
                         style.foreground.blue, 0.7 * fade);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
sp_flowchart_pulse_step (double       value,
                         SpFlowchart *self)
{
  self->pulse_value = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sp_flowchart_get_animations_enabled (SpFlowchart *self)
{
  gboolean enabled = TRUE;

  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)),
                "gtk-enable-animations", &enabled,
                NULL);
  return enabled && !self->reduced_motion;
}

/* Called on every new assessment: pulses when the active step changed. */
static void
sp_flowchart_maybe_pulse (SpFlowchart *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  const SpStep *active = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));
  gboolean changed = self->last_active != NULL && active != self->last_active;

  self->last_active = active;
  if (!changed)
    return;

  if (!self->presentation || !gtk_widget_get_mapped (GTK_WIDGET (self))
      || !sp_flowchart_get_animations_enabled (self))
    {
      /* A pulse still running would ring the new step: end it. */
      if (self->pulse != NULL)
        adw_animation_skip (self->pulse);
      return;
    }

  if (self->pulse == NULL)
    {
      AdwAnimationTarget *target;

      target = adw_callback_animation_target_new ((AdwAnimationTargetFunc) sp_flowchart_pulse_step,
                                                  self, NULL);
      self->pulse = adw_timed_animation_new (GTK_WIDGET (self), 0.0, 1.0,
                                             PULSE_DURATION_MS, target);
      adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->pulse), ADW_EASE_OUT_CUBIC);
    }

  adw_animation_reset (self->pulse);
  adw_animation_play (self->pulse);
}

gboolean
sp_flowchart_get_pulsing (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);

  return self->pulse != NULL && adw_animation_get_state (self->pulse) == ADW_ANIMATION_PLAYING;
}

void
sp_flowchart_set_presentation (SpFlowchart *self,
                               gboolean     presentation)
{
  g_return_if_fail (SP_IS_FLOWCHART (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;

  self->presentation = presentation;
  sp_flowchart_invalidate (self);
}

void
sp_flowchart_set_presentation_scale (SpFlowchart *self,
                                     double       scale)
{
  g_return_if_fail (SP_IS_FLOWCHART (self));
  g_return_if_fail (scale > 0);

  if (G_APPROX_VALUE (self->presentation_scale, scale, 1e-6))
    return;
  self->presentation_scale = scale;
  if (self->presentation)
    sp_flowchart_invalidate (self);
}

gboolean
sp_flowchart_get_breaks_words (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);

  return self->layout != NULL && self->breaks_words;
}

double
sp_flowchart_get_min_text_size (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), 0);

  /* Presentation: 32 px at 1080 lines, with a hair's tolerance for the
   * rounding of the scale. */
  if (self->presentation)
    return 32.0 * self->presentation_scale * 0.999;
  return MIN_TEXT_PX * sp_settings_get_font_scale (gtk_widget_get_settings (GTK_WIDGET (self)));
}

void
sp_flowchart_set_reduced_motion (SpFlowchart *self,
                                 gboolean     reduced_motion)
{
  g_return_if_fail (SP_IS_FLOWCHART (self));

  self->reduced_motion = !!reduced_motion;
  if (reduced_motion && self->pulse != NULL)
    adw_animation_skip (self->pulse);
}

static void
sp_flowchart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SpFlowchart *self = SP_FLOWCHART (widget);
  SpFlowchartLayout *layout = sp_flowchart_ensure_layout (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (layout == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  sp_flowchart_layout_draw (layout, cr,
                            gtk_widget_has_focus (widget) ? self->focused : NULL);
  sp_flowchart_draw_pulse (self, cr);
  cairo_destroy (cr);
}

static void
sp_flowchart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 420;
}

static void
append_criterion (GString                 *text,
                  SpAssessment            *assessment,
                  const SpCriterionResult *result)
{
  g_string_append_printf (text, "• %s: %s", result->criterion->text, sp_tri_get_label (result->state));
  for (guint i = 0; result->fields != NULL && i < result->fields->len; i++)
    {
      SpField field = g_array_index (result->fields, SpField, i);
      g_autofree char *value = sp_assessment_format_value (assessment, field, SP_NUMBER_LOCALE);

      g_string_append_printf (text, i == 0 ? " (%s %s" : ", %s %s",
                              sp_field_get_short_label (field), value);
    }
  if (result->fields != NULL && result->fields->len > 0)
    g_string_append (text, ")");
  sp_append_cites (text, result->criterion->cites);
  g_string_append (text, "\n");
}

/* One part of a step's details: a heading (NULL for the first, the step's
 * summary) and its text. */
typedef struct {
  const char *heading;
  GString    *body;
} Section;

static void
section_clear (Section *section)
{
  g_string_free (section->body, TRUE);
}

static GString *
add_section (GArray     *sections,
             const char *heading)
{
  Section section = { heading, g_string_new (NULL) };

  g_array_append_val (sections, section);
  return section.body;
}

/* The step's details, section by section: its summary, why it is or is
 * not active, its criteria with their states and the patient's values, its
 * actions (the lit step's with the doses and rates for the running bag), its
 * notes, and the sources they cite with their reference texts. */
static GArray *
describe_sections (SpFlowchart  *self,
                   const SpStep *step)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpAssessment *assessment = sp_case_get_assessment (sp_case);
  SpProtocol *protocol = sp_case_get_protocol (sp_case);
  const SpStep *active = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  g_autoptr(SpCiteList) cites = sp_cite_list_new ();
  GArray *sections = g_array_new (FALSE, FALSE, sizeof (Section));
  GString *text;

  g_array_set_clear_func (sections, (GDestroyNotify) section_clear);

  text = add_section (sections, NULL);
  g_string_append (text, step->summary);
  sp_append_cites (text, step->cites);
  sp_cite_list_add (cites, step->cites);

  /* Translators: a heading in a flowchart step's details: why the step is or is not the active one */
  text = add_section (sections, _("Why"));
  if (step == active)
    {
      g_string_append_printf (text, _("Active: %s"), rule != NULL ? rule->reason : "");
      if (rule != NULL)
        {
          sp_append_cites (text, rule->cites);
          sp_cite_list_add (cites, rule->cites);
        }
      g_string_append (text, "\n");
      for (guint i = 0; rule != NULL && rule->criteria != NULL && rule->criteria[i] != NULL; i++)
        {
          const SpCriterionResult *result = sp_assessment_find_criterion (assessment,
                                                                          rule->criteria[i]);
          if (result != NULL)
            {
              append_criterion (text, assessment, result);
              sp_cite_list_add (cites, result->criterion->cites);
            }
        }
    }
  else if (active != NULL)
    {
      g_string_append_printf (text, _("Not active: %s applies (%s)."),
                              active->title, rule != NULL ? rule->reason : "");
    }
  else
    {
      /* Awaiting data: no step applies; the reason names the values to enter. */
      /* Translators: a step while no step applies yet: "Not active: Enter the patient’s values: …" */
      g_string_append_printf (text, _("Not active: %s"), rule != NULL ? rule->reason : "");
    }

  /* The step's criteria, those that count against it (a vasopressor
   * running, for "targets met" without one) under a heading of their own,
   * as the box counts them. */
  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean against = pass == 1;

      text = NULL;
      for (guint i = 0; step->criteria != NULL && step->criteria[i] != NULL; i++)
        {
          const SpCriterionResult *result = sp_assessment_find_criterion (assessment,
                                                                          step->criteria[i]);

          if (result == NULL || g_strv_contains (step->against, step->criteria[i]) != against)
            continue;
          if (text == NULL)
            text = add_section (sections, against
                                /* Translators: a heading in a flowchart step's details:
                                 * the criteria that, when they hold, point away from it */
                                ? _("Against this step when they hold")
                                /* Translators: a heading in a flowchart step's details */
                                : _("Criteria of this step"));
          append_criterion (text, assessment, result);
          sp_cite_list_add (cites, result->criterion->cites);
        }
    }

  if (step->actions != NULL && step->actions->len > 0)
    {
      text = add_section (sections, _("Actions"));
      for (guint i = 0; i < step->actions->len; i++)
        {
          const SpAction *action = g_ptr_array_index (step->actions, i);
          const SpActionResult *result = NULL;
          g_autofree char *plain = NULL;

          /* The active step's actions have their doses and pump rates
           * filled in, for the bag that runs (or the library's standard
           * bag); another step's, their doses. */
          if (step == active)
            for (guint j = 0; j < sp_assessment_get_n_actions (assessment); j++)
              if (sp_assessment_get_action (assessment, j)->action == action)
                result = sp_assessment_get_action (assessment, j);
          if (result == NULL)
            plain = sp_engine_format_action (action);

          g_string_append_printf (text, "• %s", result != NULL ? result->text : plain);
          sp_append_cites (text, action->cites);
          sp_cite_list_add (cites, action->cites);
          g_string_append (text, "\n");
        }
    }

  if (step->notes != NULL && step->notes->len > 0)
    {
      text = add_section (sections, _("Evidence Notes"));
      for (guint i = 0; i < step->notes->len; i++)
        {
          const SpStepNote *note = g_ptr_array_index (step->notes, i);

          g_string_append_printf (text, "• %s", note->text);
          sp_append_cites (text, note->cites);
          sp_cite_list_add (cites, note->cites);
          g_string_append (text, "\n");
        }
    }

  if (sp_cite_list_get_n_ids (cites) > 0)
    {
      /* Translators: a heading in a flowchart step's details: the references it cites */
      text = add_section (sections, _("Sources"));
      for (guint i = 0; i < sp_cite_list_get_n_ids (cites); i++)
        {
          const char *id = sp_cite_list_get_id (cites, i);
          const SpReference *reference = sp_protocol_find_reference (protocol, id);
          g_autofree char *entry = sp_format_reference (id, reference != NULL ? reference->text : "");

          g_string_append_printf (text, "%s\n", entry);
        }
    }

  /* No trailing newlines */
  for (guint i = 0; i < sections->len; i++)
    {
      Section *section = &g_array_index (sections, Section, i);

      while (section->body->len > 0 && section->body->str[section->body->len - 1] == '\n')
        g_string_truncate (section->body, section->body->len - 1);
    }

  return sections;
}

char *
sp_flowchart_describe_step (SpFlowchart  *self,
                            const SpStep *step)
{
  g_autoptr(GArray) sections = NULL;
  GString *text;

  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);
  g_return_val_if_fail (step != NULL, NULL);
  g_return_val_if_fail (sp_case_widget_get_case (SP_CASE_WIDGET (self)) != NULL, NULL);

  sections = describe_sections (self, step);
  text = g_string_new (step->title);
  for (guint i = 0; i < sections->len; i++)
    {
      const Section *section = &g_array_index (sections, Section, i);

      g_string_append (text, section->heading != NULL ? "\n\n" : "\n");
      if (section->heading != NULL)
        g_string_append_printf (text, "%s\n", section->heading);
      g_string_append (text, section->body->str);
    }

  return g_string_free (text, FALSE);
}

static void
sp_flowchart_update_accessible (SpFlowchart *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpAssessment *assessment;
  const SpStep *active;
  const SpStep *step;
  g_autofree char *description = NULL;

  g_clear_pointer (&self->announcement, g_free);
  if (sp_case == NULL)
    return;

  assessment = sp_case_get_assessment (sp_case);
  active = sp_assessment_get_active_step (assessment);
  step = self->focused != NULL ? self->focused : active;

  if (step == NULL)
    {
      /* Awaiting data, nothing focused: the chart says which values to enter. */
      const SpRule *rule = sp_assessment_get_rule (assessment);

      self->announcement = g_strdup (rule != NULL ? rule->reason : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->announcement,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->announcement,
                                      -1);
      return;
    }

  if (active == NULL)
    /* Translators: accessible name of the flowchart while no step applies: "<step title>, not active; no step applies yet" */
    self->announcement = g_strdup_printf (_("%s, not active; no step applies yet"), step->title);
  else if (step == active)
    /* Translators: accessible name of the flowchart: "<step title>, active step" */
    self->announcement = g_strdup_printf (_("%s, active step"), step->title);
  else
    /* Translators: "<step title>, not active; active step: <step title>" */
    self->announcement = g_strdup_printf (_("%s, not active; active step: %s"),
                                          step->title, active->title);

  description = sp_flowchart_describe_step (self, step);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->announcement,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* A label of the details: wraps, can be selected with the mouse, but is
 * no Tab stop (and so is never selected all at once on focus). */
static GtkWidget *
details_label_new (const char *text,
                   const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  /* Nor can-focus: GTK 4.8 asks a selectable label to take the focus on
   * Tab even when it is not focusable, and Tab stops there for good. */
  gtk_widget_set_can_focus (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
sp_flowchart_fill_details (SpFlowchart  *self,
                           const SpStep *step)
{
  g_autoptr(GArray) sections = describe_sections (self, step);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  gtk_box_append (GTK_BOX (box), details_label_new (step->title, "title-2"));
  for (guint i = 0; i < sections->len; i++)
    {
      const Section *section = &g_array_index (sections, Section, i);
      GtkWidget *body;

      if (section->heading != NULL)
        {
          GtkWidget *heading = details_label_new (section->heading, "heading");

          gtk_widget_set_margin_top (heading, 12);
          gtk_box_append (GTK_BOX (box), heading);
        }
      body = details_label_new (section->body->str, "body");
      gtk_box_append (GTK_BOX (box), body);
    }

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (self->details_scroll, clamp);
  gtk_window_set_title (self->details_window, step->title);
  self->details_step = step;
}

static void
on_details_window_destroy (SpFlowchart *self)
{
  self->details_window = NULL;
  self->details_scroll = NULL;
  self->details_step = NULL;
}

/* The details of a step in a window of their own, sized to be read (the
 * pane's popover was too narrow for them): Escape or the close button
 * closes it and the focus goes back to the chart. */
static void
sp_flowchart_show_details (SpFlowchart  *self,
                           const SpStep *step)
{
  SpFlowchartLayout *layout = sp_flowchart_ensure_layout (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (layout == NULL || step == NULL)
    return;

  if (self->details_window == NULL)
    {
      GtkWidget *window = adw_window_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkEventController *shortcuts = gtk_shortcut_controller_new ();

      gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                      GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_vexpand (scrolled, TRUE);
      gtk_box_append (GTK_BOX (content), scrolled);
      adw_window_set_content (ADW_WINDOW (window), content);

      gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
      gtk_window_set_hide_on_close (GTK_WINDOW (window), TRUE);
      gtk_widget_add_css_class (window, "sp-step-details");
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                              gtk_named_action_new ("window.close")));
      gtk_widget_add_controller (window, shortcuts);

      self->details_window = GTK_WINDOW (window);
      self->details_scroll = GTK_SCROLLED_WINDOW (scrolled);
      g_signal_connect_object (window, "destroy", G_CALLBACK (on_details_window_destroy),
                               self, G_CONNECT_SWAPPED);
    }

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (self->details_window, GTK_WINDOW (root));
  sp_flowchart_fill_details (self, step);
  gtk_window_present (self->details_window);
}

GtkWindow *
sp_flowchart_get_details_window (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);

  if (self->details_window == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->details_window)))
    return NULL;
  return self->details_window;
}

gboolean
sp_flowchart_focus_step (SpFlowchart *self,
                         const char  *step_id)
{
  SpCase *sp_case;
  const SpStep *step;

  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);

  sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  if (sp_case == NULL)
    return FALSE;

  step = sp_protocol_find_step (sp_case_get_protocol (sp_case), step_id);
  if (step == NULL)
    return FALSE;

  self->focused = step;
  sp_flowchart_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SpFlowchart     *self)
{
  SpFlowchartLayout *layout = sp_flowchart_ensure_layout (self);
  const SpStep *step;

  if (layout == NULL)
    return;

  step = sp_flowchart_layout_step_at (layout, x, y);
  if (step == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  sp_flowchart_focus_step (self, step->id);
  sp_flowchart_show_details (self, step);
}

/* Compact, hovering a step shows its title and its criteria with their
 * states and values; the full details stay a click (or Enter) away. */
static gboolean
on_query_tooltip (SpFlowchart *self,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpFlowchartLayout *layout = sp_flowchart_ensure_layout (self);
  g_autoptr(GString) text = NULL;
  const SpFlowchartBox *box;
  SpAssessment *assessment;
  const SpStep *step;

  if (layout == NULL || !self->compact)
    return FALSE;

  step = keyboard_mode ? self->focused : sp_flowchart_layout_step_at (layout, x, y);
  if (step == NULL || (box = sp_flowchart_layout_find_box (layout, step->id)) == NULL)
    return FALSE;

  assessment = sp_case_get_assessment (sp_case);
  text = g_string_new (step->title);
  g_string_append_c (text, '\n');
  if (step->criteria != NULL && step->criteria[0] != NULL)
    {
      for (guint i = 0; step->criteria[i] != NULL; i++)
        {
          const SpCriterionResult *result = sp_assessment_find_criterion (assessment,
                                                                          step->criteria[i]);
          if (result != NULL)
            append_criterion (text, assessment, result);
        }
    }
  else
    {
      g_string_append_printf (text, "%s\n", step->summary);
    }
  /* Translators: the last line of a flowchart step's tooltip */
  g_string_append (text, _("Click for the step’s details"));

  {
    GtkWidget *label = gtk_label_new (text->str);

    /* a tooltip's own label does not wrap: criteria are long */
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_tooltip_set_custom (tooltip, label);
  }
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { box->x, box->y, box->width, box->height });
  return TRUE;
}

gboolean
sp_flowchart_get_step_rect (SpFlowchart     *self,
                            const char      *step_id,
                            graphene_rect_t *out_rect)
{
  SpFlowchartLayout *layout;
  const SpFlowchartBox *box;

  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);
  g_return_val_if_fail (step_id != NULL, FALSE);
  g_return_val_if_fail (out_rect != NULL, FALSE);

  layout = sp_flowchart_ensure_layout (self);
  if (layout == NULL || (box = sp_flowchart_layout_find_box (layout, step_id)) == NULL)
    return FALSE;
  graphene_rect_init (out_rect, box->x, box->y, box->width, box->height);
  return TRUE;
}

gboolean
sp_flowchart_get_compact (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), FALSE);

  return sp_flowchart_ensure_layout (self) != NULL && self->compact;
}

double
sp_flowchart_get_text_size (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), 0);

  return sp_flowchart_ensure_layout (self) != NULL ? self->text_px : 0;
}

/* Moves the focus ring to the step before or after in protocol order. */
static void
sp_flowchart_move_focus (SpFlowchart *self,
                         int          delta)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpProtocol *protocol;
  guint n, index = 0;

  if (sp_case == NULL)
    return;

  protocol = sp_case_get_protocol (sp_case);
  n = sp_protocol_get_n_steps (protocol);
  if (n == 0)
    return;

  if (self->focused == NULL)
    self->focused = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));

  for (guint i = 0; i < n; i++)
    if (sp_protocol_get_step (protocol, i) == self->focused)
      index = i;

  index = (index + n + delta) % n;
  sp_flowchart_focus_step (self, sp_protocol_get_step (protocol, index)->id);
}

/* Keyboard: arrows move the focus ring from step to step, Enter or Space
 * opens the focused step's details (key bindings in class_init). */
static void
sp_flowchart_action_move (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sp_flowchart_move_focus (SP_FLOWCHART (widget), g_variant_get_int32 (parameter));
}

static void
sp_flowchart_action_show_details (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpFlowchart *self = SP_FLOWCHART (widget);

  if (self->focused == NULL)
    sp_flowchart_move_focus (self, 0);
  sp_flowchart_show_details (self, self->focused);
}

static void
on_focus_changed (SpFlowchart *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self)) && self->focused == NULL)
    sp_flowchart_move_focus (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_assessment_changed (SpFlowchart *self)
{
  sp_flowchart_maybe_pulse (self);
  sp_flowchart_update_accessible (self);
  /* Open details follow the patient: the step's states, values and rates. */
  if (sp_flowchart_get_details_window (self) != NULL && self->details_step != NULL)
    sp_flowchart_fill_details (self, self->details_step);
  sp_flowchart_invalidate (self);
}

const SpStep *
sp_flowchart_get_lit_step (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);

  return self->drawn != NULL ? sp_assessment_get_active_step (self->drawn) : NULL;
}

const SpStep *
sp_flowchart_get_focused_step (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);

  return self->focused;
}

const char *
sp_flowchart_get_announcement (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);

  return self->announcement;
}

guint
sp_flowchart_get_n_layouts (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), 0);

  return self->n_layouts;
}

SpFlowchartLayout *
sp_flowchart_get_layout (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), NULL);

  return self->layout;
}

guint
sp_flowchart_get_n_new_texts (SpFlowchart *self)
{
  g_return_val_if_fail (SP_IS_FLOWCHART (self), 0);

  return sp_flowchart_text_cache_get_n_new_texts (self->text_cache);
}

static void
sp_flowchart_case_changed (SpCaseWidget *widget,
                           SpCase       *old_case)
{
  SpFlowchart *self = SP_FLOWCHART (widget);
  SpCase *sp_case = sp_case_widget_get_case (widget);

  self->focused = NULL;
  self->last_active = sp_case != NULL
                      ? sp_assessment_get_active_step (sp_case_get_assessment (sp_case)) : NULL;
  g_clear_object (&self->drawn);

  sp_flowchart_update_accessible (self);
  sp_flowchart_invalidate (self);
}

static void
sp_flowchart_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sp_flowchart_parent_class)->css_changed (widget, change);

  /* Dark / light / high contrast, or the theme's colours changed. */
  sp_flowchart_invalidate (SP_FLOWCHART (widget));
}

static void
sp_flowchart_dispose (GObject *object)
{
  SpFlowchart *self = SP_FLOWCHART (object);

  if (self->details_window != NULL)
    gtk_window_destroy (self->details_window);
  g_clear_object (&self->pulse);
  g_clear_pointer (&self->layout, sp_flowchart_layout_free);
  g_clear_pointer (&self->text_cache, sp_flowchart_text_cache_free);
  g_clear_object (&self->drawn);

  G_OBJECT_CLASS (sp_flowchart_parent_class)->dispose (object);
}

static void
sp_flowchart_finalize (GObject *object)
{
  SpFlowchart *self = SP_FLOWCHART (object);

  g_free (self->announcement);

  G_OBJECT_CLASS (sp_flowchart_parent_class)->finalize (object);
}

static void
sp_flowchart_class_init (SpFlowchartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpCaseWidgetClass *case_widget_class = SP_CASE_WIDGET_CLASS (klass);

  object_class->dispose = sp_flowchart_dispose;
  object_class->finalize = sp_flowchart_finalize;

  widget_class->snapshot = sp_flowchart_snapshot;
  widget_class->measure = sp_flowchart_measure;
  widget_class->css_changed = sp_flowchart_css_changed;

  case_widget_class->case_changed = sp_flowchart_case_changed;

  gtk_widget_class_set_css_name (widget_class, "spflowchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "flowchart.move", "i",
                                   sp_flowchart_action_move);
  gtk_widget_class_install_action (widget_class, "flowchart.show-details", NULL,
                                   sp_flowchart_action_show_details);
  {
    static const guint next[] = { GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_KP_Right, GDK_KEY_KP_Down };
    static const guint previous[] = { GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_KP_Left, GDK_KEY_KP_Up };
    static const guint details[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_space };

    for (guint i = 0; i < G_N_ELEMENTS (next); i++)
      {
        gtk_widget_class_add_binding_action (widget_class, next[i], 0,
                                             "flowchart.move", "i", 1);
        gtk_widget_class_add_binding_action (widget_class, previous[i], 0,
                                             "flowchart.move", "i", -1);
      }
    for (guint i = 0; i < G_N_ELEMENTS (details); i++)
      gtk_widget_class_add_binding_action (widget_class, details[i], 0,
                                           "flowchart.show-details", NULL);
  }
}

static void
sp_flowchart_init (SpFlowchart *self)
{
  GtkGesture *click;

  self->presentation_scale = 1.0;
  self->text_cache = sp_flowchart_text_cache_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::assessment",
                         G_CALLBACK (on_assessment_changed));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed), NULL);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}
