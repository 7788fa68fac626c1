/* sp-presentation-window.c: presentation mode, the flowchart for a lecture hall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full screen: the flowchart large in the high-contrast presentation style,
 * beside it the case's vitals and therapies in big type and why the lit step
 * is active (the active rule's reason and its criteria with their states and
 * values, all from the core's assessment), and at its foot the protocol's
 * disclaimer. Nothing that could identify a
 * patient is shown: not the case's title, notes or file name.
 *
 * A teaching case is stepped through stage by stage on a case of the
 * presentation's own, with what a presentation clicker sends (Page Down /
 * Page Up) and the keyboard (Right / Left, Space, Home / End); a stage
 * indicator names the stage, its title and its teaching text with its
 * citations. T shows or hides the trend plot of the stages so far (the
 * lecture's timeline, growing stage by stage); Down and Up scroll "Why
 * this step" when it is longer than the screen. Escape (or F5 / F11 again)
 * leaves. The shortcuts are one
 * capture-phase GtkShortcutController (the template's "shortcuts"), so no
 * child widget swallows them.
 */
#define G_LOG_DOMAIN "sp-presentation"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-format.h"
#include "sp-presentation-window.h"
#include "sp-slide-export.h"
#include "sp-trend-view.h"
#include "sp-widget-util.h"

/* Window widths (logical pixels) below which the type gets smaller: a
 * 1280x720 projector, and 1920x1080 at 2x scale (960x540). */
#define MEDIUM_WIDTH 1600
#define SMALL_WIDTH  1100

struct _SpPresentationWindow
{
  AdwWindow        parent_instance;

  SpCase          *sp_case;       /* the case shown */
  GFile           *source_file;   /* the window's case's file: exports start in its folder */
  guint            stage;
  guint            size_idle;
  const char      *size_class;
  int              type_px;       /* body text, pixels: 32 at 1080 lines */
  GtkCssProvider  *type_css;      /* sets it */
  /* The previous stage's assessment, to mark what changed (NULL on the
   * first stage and without stages). */
  SpAssessment    *previous;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *stage_label;
  GtkLabel        *title_label;
  SpFlowchart     *flowchart;
  SpTrendView     *trend;
  GtkWidget       *values_box;
  GtkScrolledWindow *values_scroller;
  GtkWidget       *side_scroller;
  GtkLabel        *vitals_label;
  GtkLabel        *therapies_label;
  GtkLabel        *step_label;
  GtkLabel        *reason_label;
  GtkLabel        *change_label;
  GtkBox          *criteria_box;
  GtkLabel        *alerts_heading;
  GtkBox          *alerts_box;
  GtkLabel        *teaching_label;
  GtkScrolledWindow *teaching_scroller;
  GtkLabel        *side_teaching_label;
  GtkLabel        *disclaimer_label;

  /* The heights of the values strip and the title for the stages,
   * measured at these widths in this type size: measuring sets each stage's
   * values and title on the labels, which queues a layout, so it is done
   * once per width and type. */
  int              stages_values_width;
  int              stages_title_width;
  int              stages_px;
  int              stages_values_height;
  int              stages_title_height;

  gboolean         narrow;        /* 4:3 or narrower: the teaching text beside the chart */
  gboolean         has_teaching;  /* the stage has a teaching text */
};

G_DEFINE_FINAL_TYPE (SpPresentationWindow, sp_presentation_window, ADW_TYPE_WINDOW)

/* What the audience sees of the patient: vitals and perfusion signs, then
 * therapies with the weight their doses per kg are for. The case's title
 * and notes are left out: they may name the patient. */
static const SpField vitals[] = {
  SP_FIELD_SBP, SP_FIELD_DBP, SP_FIELD_MAP, SP_FIELD_HR, SP_FIELD_SPO2,
  SP_FIELD_LACTATE, SP_FIELD_URINE, SP_FIELD_SCVO2, SP_FIELD_MENTAL, SP_FIELD_SKIN,
};

static const SpField therapies[] = {
  SP_FIELD_WEIGHT, SP_FIELD_FLUID, SP_FIELD_INOTROPE, SP_FIELD_INOTROPE_DOSE, SP_FIELD_NOREPINEPHRINE,
  SP_FIELD_VASOPRESSIN, SP_FIELD_EPINEPHRINE, SP_FIELD_MCS,
  SP_FIELD_CENTRAL_LINE, SP_FIELD_ARTERIAL_LINE,
};

/* The user's "reduced-motion" setting (Preferences, Presentation). */
static gboolean
get_reduced_motion_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_boolean (settings, "reduced-motion");
}

static void
clear_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    {
      gtk_box_remove (GTK_BOX (widget), child);
    }
}

/* "SBP 94 mmHg   DBP 56 mmHg ..." for the fields of @fields that have a
 * value: the name, the value bold, each pair on one line; sets
 * @label to it and hides it when there is none. */
static void
set_values (GtkLabel      *label,
            SpAssessment  *assessment,
            const SpField *fields,
            guint          n_fields)
{
  const SpPatientState *state = sp_assessment_get_patient_state (assessment);
  g_autoptr(GString) markup = g_string_new (NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      SpField field = fields[i];
      g_autofree char *value = NULL;
      g_autofree char *pair = NULL;
      double number;
      gboolean derived;

      if (sp_field_get_info (field)->kind == SP_FIELD_KIND_CHOICE)
        {
          if (!state->values[field].set)
            continue;
        }
      else if (!sp_patient_state_get_effective (state, field, &number, &derived)
               && !sp_patient_state_is_dose_unknown (state, field))
        {
          continue;
        }

      value = sp_assessment_format_value (assessment, field, SP_NUMBER_LOCALE);
      /* No line break inside a pair ("1 mcg/kg/min" included). */
      /* The name as large as the body text (read from the back of the
       * hall too), the value bold. */
      pair = g_markup_printf_escaped ("<span allow_breaks=\"false\">%s <b>%s</b></span>",
                                      sp_field_get_short_label (field), value);
      if (markup->len > 0)
        g_string_append (markup, "\u2003 ");
      g_string_append (markup, pair);
    }

  gtk_label_set_markup (label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (label), markup->len > 0);
}

static const char *
tri_glyph (SpTri state)
{
  switch (state)
    {
    case SP_TRI_MET: return "✔";
    case SP_TRI_UNMET: return "✘";
    case SP_TRI_UNKNOWN:
    default: return "?";
    }
}

/* A criterion's colour says what its state means for the patient (the
 * protocol's finding="good|bad"): a sign of hypoperfusion that holds is
 * bad, not green. */
static const char *
finding_css_class (const SpCriterionResult *result)
{
  switch (sp_criterion_result_get_finding (result))
    {
    case SP_FINDING_GOOD: return "sp-good";
    case SP_FINDING_BAD: return "sp-bad";
    case SP_FINDING_NEUTRAL:
    default: return "sp-neutral";
    }
}

static void
sp_presentation_window_update_reason (SpPresentationWindow *self,
                                      SpAssessment         *assessment)
{
  const SpStep *active = sp_assessment_get_active_step (assessment);
  const SpRule *rule = sp_assessment_get_rule (assessment);
  const SpStep *was = self->previous != NULL ? sp_assessment_get_active_step (self->previous) : NULL;
  const char * const *ids;

  /* Awaiting data: no step is lit; the reason names the values to enter. */
  gtk_label_set_text (self->step_label, active != NULL ? active->title : _("No step applies yet"));
  sp_label_set_text_keeping_quantities (self->reason_label, rule != NULL ? rule->reason : "");

  /* What changed since the previous stage: the step that lit... */
  if (self->previous != NULL && active != was)
    {
      g_autofree char *text = NULL;

      if (was != NULL)
        /* Translators: presentation mode, under the lit step's title when
         * the previous stage lit another: "New step (was Step 1: inotrope first)" */
        text = g_strdup_printf (_("New step (was %s)"), was->title);
      else
        /* Translators: presentation mode: a step lit where the previous stage had none */
        text = g_strdup (_("New step"));
      sp_label_set_text_keeping_quantities (self->change_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->change_label), TRUE);
    }
  else
    {
      gtk_label_set_text (self->change_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->change_label), FALSE);
    }

  clear_children (GTK_WIDGET (self->criteria_box));
  if (active == NULL)
    return;
  /* The criteria the active rule reads: why it holds; for a rule that reads
   * none ("not every criterion is met or known"), the active step's own. */
  ids = rule != NULL && rule->criteria != NULL && rule->criteria[0] != NULL
        ? rule->criteria : active->criteria;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const SpCriterionResult *result = sp_assessment_find_criterion (assessment, ids[i]);
      const SpCriterionResult *before = NULL;
      g_autoptr(GString) text = NULL;
      g_autofree char *stated = NULL;
      gboolean changed;
      GtkWidget *label;

      if (result == NULL)
        continue;

      /* ...and the criteria whose state changed. */
      if (self->previous != NULL)
        before = sp_assessment_find_criterion (self->previous, ids[i]);
      changed = before != NULL && before->state != result->state;

      /* The state in words, the mark, the criterion; not the patient's
       * values: they are in the vitals above, and the list must fit. */
      text = g_string_new (NULL);
      if (changed)
        {
          /* Translators: presentation mode: before a criterion whose state
           * changed since the previous stage: "Changed: ✔ holds: MAP ≥ 65 mmHg" */
          g_autofree char *prefix = g_markup_printf_escaped ("<span background=\"#ffd500\" foreground=\"#000000\">%s</span> ",
                                                             _("Changed:"));

          g_string_append (text, prefix);
        }
      /* Translators: a label and its text ("holds: MAP ≥ 65 mmHg"); French puts a space before the colon */
      stated = g_strdup_printf (_("%s: %s"), sp_tri_get_label (result->state), result->criterion->text);
      {
        g_autofree char *escaped = g_markup_printf_escaped ("%s %s", tri_glyph (result->state), stated);

        g_string_append (text, escaped);
      }

      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), text->str);
      sp_label_keep_quantities (GTK_LABEL (label));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "sp-presentation-criterion");
      gtk_widget_add_css_class (label, finding_css_class (result));
      if (changed)
        gtk_widget_add_css_class (label, "sp-changed");
      gtk_box_append (self->criteria_box, label);
    }
}

/* The assessment's alerts (what a teaching case is often about: a
 * vasopressor first-line, a peripheral line, a dose above the limit). */
static void
sp_presentation_window_update_alerts (SpPresentationWindow *self,
                                      SpAssessment         *assessment)
{
  guint n = sp_assessment_get_n_alerts (assessment);

  clear_children (GTK_WIDGET (self->alerts_box));
  for (guint i = 0; i < n; i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);
      GtkWidget *label = gtk_label_new (NULL);

      /* "norepinephrine 1.2 mcg/kg/" / "min" broke on the slide before */
      sp_label_set_text_keeping_quantities (GTK_LABEL (label), alert->message);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "sp-presentation-alert");
      if (alert->severity != SP_SEVERITY_INFO)
        gtk_widget_add_css_class (label, "sp-bad");
      gtk_box_append (self->alerts_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_heading), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_box), n > 0);
}

static void
sp_presentation_window_update_case (SpPresentationWindow *self)
{
  SpAssessment *assessment = sp_case_get_assessment (self->sp_case);

  set_values (self->vitals_label, assessment, vitals, G_N_ELEMENTS (vitals));
  set_values (self->therapies_label, assessment, therapies, G_N_ELEMENTS (therapies));
  sp_presentation_window_update_reason (self, assessment);
  sp_presentation_window_update_alerts (self, assessment);
}

/* The teaching text under the chart, or beside it on a narrow screen. */
static void
sp_presentation_window_show_teaching (SpPresentationWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->teaching_label), self->has_teaching);
  gtk_widget_set_visible (GTK_WIDGET (self->teaching_scroller), self->has_teaching && !self->narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->side_teaching_label), self->has_teaching && self->narrow);
}

static void
sp_presentation_window_update_stage (SpPresentationWindow *self)
{
  guint n = sp_case_get_n_stages (self->sp_case);
  const SpCaseStage *stage;
  const SpCaseText *title, *text;
  g_autofree char *indicator = NULL;
  g_autoptr(GString) teaching = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.previous", n > 0 && self->stage > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.first", n > 0 && self->stage > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.next", n > 0 && self->stage + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.last", n > 0 && self->stage + 1 < n);

  if (n == 0)
    {
      /* Not the case's own title: it may name the patient. */
      gtk_label_set_text (self->stage_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->stage_label), FALSE);
      sp_label_set_text_keeping_quantities (self->title_label, _("Current case"));
      self->has_teaching = FALSE;
      sp_presentation_window_show_teaching (self);
      return;
    }

  stage = sp_case_get_stage (self->sp_case, self->stage);
  title = sp_case_text_pick (stage->titles);

  /* The previous stage's assessment, on a case of its own, to mark what
   * changed since (sp_presentation_window_update_reason ()). */
  g_clear_object (&self->previous);
  if (self->stage > 0)
    {
      g_autoptr(SpCase) before = sp_case_new (sp_case_get_protocol (self->sp_case),
                                              sp_case_get_drug_library (self->sp_case));

      sp_case_copy_teaching (before, self->sp_case);
      if (sp_case_load_stage (before, self->stage - 1, NULL))
        self->previous = g_object_ref (sp_case_get_assessment (before));
    }
  sp_presentation_window_update_reason (self, sp_case_get_assessment (self->sp_case));
  text = sp_case_text_pick (stage->texts);

  /* Translators: the stage indicator of presentation mode: "Stage 2 of 4" */
  indicator = g_strdup_printf (_("Stage %u of %u"), self->stage + 1, n);
  gtk_label_set_text (self->stage_label, indicator);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_label), TRUE);
  sp_label_set_text_keeping_quantities (self->title_label, title != NULL ? title->text : "");

  teaching = g_string_new (text != NULL ? text->text : "");
  if (text != NULL && text->cites != NULL && text->cites[0] != NULL)
    {
      g_autofree char *cites = g_strjoinv (", ", text->cites);

      /* one space, as between sentences (two showed as a gap) */
      g_string_append_c (teaching, ' ');
      /* Translators: after a stage's teaching text: "Sources: seed-1, seed-2" */
      g_string_append_printf (teaching, _("Sources: %s"), cites);
    }
  sp_label_set_text_keeping_quantities (self->teaching_label, teaching->str);
  sp_label_set_text_keeping_quantities (self->side_teaching_label, teaching->str);
  self->has_teaching = TRUE;
  sp_presentation_window_show_teaching (self);
}

static void
sp_presentation_window_go (SpPresentationWindow *self,
                           guint                 stage)
{
  guint n = sp_case_get_n_stages (self->sp_case);
  g_autoptr(GError) error = NULL;

  if (n == 0 || stage >= n || stage == self->stage)
    return;

  /* The shipped cases load (tests/test-teaching-cases.c); a site's drug
   * library might lack a drug of a stage. */
  if (!sp_case_load_stage (self->sp_case, stage, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  self->stage = stage;
  sp_presentation_window_update_stage (self);
  /* a new stage's why is read from its top, wherever the last was scrolled */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->side_scroller)), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->teaching_scroller), 0);
}

/* T: the trend of the lecture so far, shown or hidden (a stage at a time
 * it grows; hidden, the flowchart has the whole height). */
static void
sp_presentation_window_action_toggle_trend (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (widget);

  if (sp_case_get_n_stages (self->sp_case) > 1)
    gtk_widget_set_visible (GTK_WIDGET (self->trend),
                            !gtk_widget_get_visible (GTK_WIDGET (self->trend)));
}

static void
sp_presentation_window_action_move (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (widget);
  guint n = sp_case_get_n_stages (self->sp_case);

  if (n == 0)
    return;

  if (g_str_equal (action_name, "presentation.next"))
    sp_presentation_window_go (self, self->stage + 1);
  else if (g_str_equal (action_name, "presentation.previous") && self->stage > 0)
    sp_presentation_window_go (self, self->stage - 1);
  else if (g_str_equal (action_name, "presentation.first"))
    sp_presentation_window_go (self, 0);
  else if (g_str_equal (action_name, "presentation.last"))
    sp_presentation_window_go (self, n - 1);
}

/* Scrolls @scroller by most of what shows of it (@direction 1: down, -1:
 * up), so that a line read last stays in sight; FALSE when it is at its
 * end that way already (or shows everything). */
static gboolean
scroll_by_page (GtkScrolledWindow *scroller,
                int                direction)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (!gtk_widget_get_visible (GTK_WIDGET (scroller))
      || (direction > 0 ? value >= end - 0.5 : value <= 0.5))
    return FALSE;
  gtk_adjustment_set_value (adjustment,
                            value + direction * 0.8 * gtk_adjustment_get_page_size (adjustment));
  return TRUE;
}

/* Down / Up: the side column (why, the criteria, the alerts), then the
 * teaching text under the chart when it is longer than its share of the
 * screen (it was cut off, out of reach of the keyboard); Up the other way
 * round. */
static void
sp_presentation_window_action_scroll (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (widget);
  GtkScrolledWindow *side = GTK_SCROLLED_WINDOW (self->side_scroller);

  if (g_str_equal (action_name, "presentation.scroll-up"))
    {
      if (!scroll_by_page (self->teaching_scroller, -1))
        scroll_by_page (side, -1);
    }
  else if (!scroll_by_page (side, 1))
    scroll_by_page (self->teaching_scroller, 1);
}

static void
sp_presentation_window_action_leave (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
sp_presentation_window_action_export (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (widget);
  g_autofree char *name = NULL;

  if (sp_case_get_n_stages (self->sp_case) > 0)
    /* Translators: suggested file name of a stage's flowchart: "flowchart-stage-2" */
    name = g_strdup_printf (_("flowchart-stage-%u"), self->stage + 1);
  else
    name = g_strdup (_("flowchart"));

  /* The slide is the screen: stage, title, vitals, chart, why, teaching. */
  sp_slide_export_run_screen (GTK_WINDOW (self), self->toast_overlay,
                              adw_window_get_content (ADW_WINDOW (self)),
                              self->source_file, name);
}

/* @scroller exactly @height high. Nothing changes when it already is: a
 * change queues a resize, and every allocation calls back here. Minimum and
 * maximum set in the order that keeps min <= max at every moment. */
static void
set_content_height (GtkScrolledWindow *scroller,
                    int                height)
{
  if (gtk_scrolled_window_get_min_content_height (scroller) == height
      && gtk_scrolled_window_get_max_content_height (scroller) == height)
    return;
  if (height < gtk_scrolled_window_get_min_content_height (scroller))
    {
      gtk_scrolled_window_set_min_content_height (scroller, height);
      gtk_scrolled_window_set_max_content_height (scroller, height);
    }
  else
    {
      gtk_scrolled_window_set_max_content_height (scroller, height);
      gtk_scrolled_window_set_min_content_height (scroller, height);
    }
}

/* The heights the vitals and therapies and the stage's title take at the
 * stage that needs the most (the case as it is when it has no stages), the
 * values at @values_width and the title at @title_width: the strip and the
 * title are that high at every stage, so that the chart keeps its place and
 * its size and no value is cut off. Each stage's values and title are set
 * on the labels to be measured, then the shown stage's are put back. */
static void
measure_stages (SpPresentationWindow *self,
                int                   values_width,
                int                   title_width,
                int                  *values_height,
                int                  *title_height)
{
  guint n = self->sp_case != NULL ? sp_case_get_n_stages (self->sp_case) : 0;
  g_autofree char *shown_vitals = NULL;
  g_autofree char *shown_therapies = NULL;
  g_autofree char *shown_title = NULL;
  gboolean vitals_visible, therapies_visible;

  *values_height = *title_height = 0;
  if (n == 0)
    {
      gtk_widget_measure (self->values_box, GTK_ORIENTATION_VERTICAL, values_width,
                          NULL, values_height, NULL, NULL);
      return;
    }
  if (values_width == self->stages_values_width && title_width == self->stages_title_width
      && self->type_px == self->stages_px)
    {
      *values_height = self->stages_values_height;
      *title_height = self->stages_title_height;
      return;
    }

  shown_vitals = g_strdup (gtk_label_get_label (self->vitals_label));
  shown_therapies = g_strdup (gtk_label_get_label (self->therapies_label));
  shown_title = g_strdup (gtk_label_get_label (self->title_label));
  vitals_visible = gtk_widget_get_visible (GTK_WIDGET (self->vitals_label));
  therapies_visible = gtk_widget_get_visible (GTK_WIDGET (self->therapies_label));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpCase) stage = sp_case_new (sp_case_get_protocol (self->sp_case),
                                             sp_case_get_drug_library (self->sp_case));
      const SpCaseText *title = sp_case_text_pick (sp_case_get_stage (self->sp_case, i)->titles);
      int natural = 0;

      sp_label_set_text_keeping_quantities (self->title_label, title != NULL ? title->text : "");
      gtk_widget_measure (GTK_WIDGET (self->title_label), GTK_ORIENTATION_VERTICAL, title_width,
                          NULL, &natural, NULL, NULL);
      *title_height = MAX (*title_height, natural);

      sp_case_copy_teaching (stage, self->sp_case);
      if (!sp_case_load_stage (stage, i, NULL))
        continue;
      set_values (self->vitals_label, sp_case_get_assessment (stage), vitals, G_N_ELEMENTS (vitals));
      set_values (self->therapies_label, sp_case_get_assessment (stage), therapies,
                  G_N_ELEMENTS (therapies));
      gtk_widget_measure (self->values_box, GTK_ORIENTATION_VERTICAL, values_width,
                          NULL, &natural, NULL, NULL);
      *values_height = MAX (*values_height, natural);
    }
  sp_label_set_text_keeping_quantities (self->title_label, shown_title);
  gtk_label_set_markup (self->vitals_label, shown_vitals);
  sp_label_keep_quantities (self->vitals_label);
  gtk_label_set_markup (self->therapies_label, shown_therapies);
  sp_label_keep_quantities (self->therapies_label);
  gtk_widget_set_visible (GTK_WIDGET (self->vitals_label), vitals_visible);
  gtk_widget_set_visible (GTK_WIDGET (self->therapies_label), therapies_visible);

  self->stages_values_width = values_width;
  self->stages_title_width = title_width;
  self->stages_px = self->type_px;
  self->stages_values_height = *values_height;
  self->stages_title_height = *title_height;
}

/* Body text 32 px at 1080 lines, in proportion on other screens (22 px at
 * 768), for the chart and the text around it alike: what can be read from
 * the back of a lecture hall at 1080p. */
static void
sp_presentation_window_apply_type (SpPresentationWindow *self,
                                   int                   width,
                                   int                   height)
{
  double scale = height > 0 ? height / 1080.0 : 1.0;
  int px = (int) ceil (32.0 * scale);
  int values_height, values_width, title_width, title_height;
  gboolean narrow, type_changed;

  sp_flowchart_set_presentation_scale (self->flowchart, scale);
  gtk_widget_get_size_request (GTK_WIDGET (self->title_label), NULL, &title_height);

  type_changed = px != self->type_px;
  if (type_changed)
    {
      g_autofree char *css = g_strdup_printf ("window.sp-presentation { font-size: %dpx; }", px);

      self->type_px = px;
      gtk_css_provider_load_from_data (self->type_css, css, -1);
    }

  /* The chart's area is the same at every stage, so that its boxes stay
   * put: the text around it gets fixed shares of the window (a longer text
   * scrolls) rather than its natural size. Why: a third of the width; vitals
   * and therapies: at least four lines on a wide screen, and as many as the
   * stage that needs the most takes at this width (never cut off); five on
   * a narrow one (4:3), or more when a stage needs more, the chart keeping
   * the rest; teaching text: 18 % of the height. The labels are measured in
   * the type they are drawn in: when it has just changed (its CSS applies at
   * the next layout), they are measured at the allocation that follows. */
  gtk_widget_set_size_request (self->side_scroller, MAX (width * 33 / 100, 1), -1);
  narrow = (double) width < 1.6 * height;
  values_height = (int) ceil ((narrow ? 5 : 4) * 1.25 * px + 4);
  values_width = gtk_widget_get_width (self->values_box);
  title_width = gtk_widget_get_width (GTK_WIDGET (self->title_label));
  if (!type_changed && values_width > 0 && title_width > 0)
    {
      int stages_values, stages_title;

      measure_stages (self, values_width, title_width, &stages_values, &stages_title);
      values_height = MAX (values_height, stages_values);
      if (stages_title != title_height)
        gtk_widget_set_size_request (GTK_WIDGET (self->title_label), -1, stages_title);
    }
  set_content_height (self->values_scroller, values_height);
  /* 4:3 (1024 x 768): the chart needs the height the teaching text takes
   * under it on a wide screen; the text goes beside it, under "Why". */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      sp_presentation_window_show_teaching (self);
    }
  set_content_height (self->teaching_scroller, MAX (height * 18 / 100, 1));
}

int
sp_presentation_window_get_type_size (SpPresentationWindow *self)
{
  g_return_val_if_fail (SP_IS_PRESENTATION_WINDOW (self), 0);

  return self->type_px;
}

/* Type size follows the window: CSS classes by width and the body text's
 * size by height, from an idle (not during the allocation that noticed the
 * change). */
static gboolean
sp_presentation_window_apply_size (gpointer data)
{
  SpPresentationWindow *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  const char *size_class;

  self->size_idle = 0;

  if (width >= MEDIUM_WIDTH)
    size_class = "sp-large";
  else if (width >= SMALL_WIDTH)
    size_class = "sp-medium";
  else
    size_class = "sp-small";

  if (size_class != self->size_class)
    {
      if (self->size_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->size_class);
      gtk_widget_add_css_class (GTK_WIDGET (self), size_class);
      self->size_class = size_class;
    }

  sp_presentation_window_apply_type (self, width, gtk_widget_get_height (GTK_WIDGET (self)));
  return G_SOURCE_REMOVE;
}

static void
sp_presentation_window_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (widget);

  GTK_WIDGET_CLASS (sp_presentation_window_parent_class)->size_allocate (widget, width, height,
                                                                         baseline);
  if (self->size_idle == 0)
    self->size_idle = g_idle_add (sp_presentation_window_apply_size, self);
}

SpCase *
sp_presentation_window_get_case (SpPresentationWindow *self)
{
  g_return_val_if_fail (SP_IS_PRESENTATION_WINDOW (self), NULL);

  return self->sp_case;
}

SpFlowchart *
sp_presentation_window_get_flowchart (SpPresentationWindow *self)
{
  g_return_val_if_fail (SP_IS_PRESENTATION_WINDOW (self), NULL);

  return self->flowchart;
}

guint
sp_presentation_window_get_stage (SpPresentationWindow *self)
{
  g_return_val_if_fail (SP_IS_PRESENTATION_WINDOW (self), 0);

  return self->stage;
}

guint
sp_presentation_window_get_n_stages (SpPresentationWindow *self)
{
  g_return_val_if_fail (SP_IS_PRESENTATION_WINDOW (self), 0);

  return sp_case_get_n_stages (self->sp_case);
}

static void
sp_presentation_window_dispose (GObject *object)
{
  SpPresentationWindow *self = SP_PRESENTATION_WINDOW (object);

  g_clear_handle_id (&self->size_idle, g_source_remove);
  if (self->type_css != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->type_css));
      g_clear_object (&self->type_css);
    }
  g_clear_object (&self->previous);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PRESENTATION_WINDOW);
  g_clear_object (&self->sp_case);
  g_clear_object (&self->source_file);

  G_OBJECT_CLASS (sp_presentation_window_parent_class)->dispose (object);
}

static void
sp_presentation_window_class_init (SpPresentationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_presentation_window_dispose;
  widget_class->size_allocate = sp_presentation_window_size_allocate;

  g_type_ensure (SP_TYPE_FLOWCHART);
  g_type_ensure (SP_TYPE_TREND_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-presentation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, flowchart);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, trend);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, values_box);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, values_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, side_teaching_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, side_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, vitals_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, therapies_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, step_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, change_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, alerts_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, teaching_label);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, teaching_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPresentationWindow, disclaimer_label);

  gtk_widget_class_install_action (widget_class, "presentation.next", NULL,
                                   sp_presentation_window_action_move);
  gtk_widget_class_install_action (widget_class, "presentation.previous", NULL,
                                   sp_presentation_window_action_move);
  gtk_widget_class_install_action (widget_class, "presentation.first", NULL,
                                   sp_presentation_window_action_move);
  gtk_widget_class_install_action (widget_class, "presentation.last", NULL,
                                   sp_presentation_window_action_move);
  gtk_widget_class_install_action (widget_class, "presentation.leave", NULL,
                                   sp_presentation_window_action_leave);
  gtk_widget_class_install_action (widget_class, "presentation.toggle-trend", NULL,
                                   sp_presentation_window_action_toggle_trend);
  gtk_widget_class_install_action (widget_class, "presentation.scroll-down", NULL,
                                   sp_presentation_window_action_scroll);
  gtk_widget_class_install_action (widget_class, "presentation.scroll-up", NULL,
                                   sp_presentation_window_action_scroll);
  gtk_widget_class_install_action (widget_class, "presentation.export", NULL,
                                   sp_presentation_window_action_export);
}

static void
sp_presentation_window_init (SpPresentationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->type_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->type_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  sp_presentation_window_apply_type (self, 1920, 1080);

  sp_flowchart_set_presentation (self->flowchart, TRUE);
  sp_flowchart_set_reduced_motion (self->flowchart,
                                   get_reduced_motion_setting ());
}

static void
sp_presentation_window_set_case (SpPresentationWindow *self,
                                 SpCase               *source)
{
  const char *disclaimer;

  /* A staged case is shown on a copy of its own, which has no file. */
  g_set_object (&self->source_file, sp_case_get_file (source));
  if (sp_case_get_n_stages (source) > 0)
    {
      g_autoptr(GError) error = NULL;

      /* Stepping through the stages must not change the window's case. */
      self->sp_case = sp_case_new (sp_case_get_protocol (source),
                                   sp_case_get_drug_library (source));
      sp_case_copy_teaching (self->sp_case, source);
      if (!sp_case_load_stage (self->sp_case, 0, &error))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  else
    {
      self->sp_case = g_object_ref (source);
    }

  self->stage = 0;
  /* The protocol's, as the window's foot and the exported chart say it. */
  disclaimer = sp_protocol_get_disclaimer (sp_case_get_protocol (self->sp_case));
  gtk_label_set_text (self->disclaimer_label, disclaimer != NULL ? disclaimer : "");
  gtk_widget_set_visible (GTK_WIDGET (self->disclaimer_label),
                          disclaimer != NULL && *disclaimer != '\0');
  sp_case_widget_set_case (SP_CASE_WIDGET (self->flowchart), self->sp_case);
  /* A lecture's stages replay as a timeline: the plot grows with them. */
  sp_case_widget_set_case (SP_CASE_WIDGET (self->trend), self->sp_case);
  /* Hidden until T: its type is too small for a hall, and the chart and
   * the text need the height. */
  gtk_widget_set_visible (GTK_WIDGET (self->trend), FALSE);
  g_signal_connect_object (self->sp_case, "notify::assessment",
                           G_CALLBACK (sp_presentation_window_update_case), self,
                           G_CONNECT_SWAPPED);
  sp_presentation_window_update_case (self);
  sp_presentation_window_update_stage (self);
}

SpPresentationWindow *
sp_presentation_window_new (GtkWindow *parent,
                            SpCase    *sp_case)
{
  SpPresentationWindow *self;
  GdkMonitor *monitor = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SP_IS_CASE (sp_case), NULL);

  self = g_object_new (SP_TYPE_PRESENTATION_WINDOW,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  sp_presentation_window_set_case (self, sp_case);
  /* Closed with its window. */
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
    }

  /* The monitor the window is on; its size also for a window manager that
   * does not honour full screen. */
  if (parent != NULL && gtk_native_get_surface (GTK_NATIVE (parent)) != NULL)
    monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (parent)),
                                                  gtk_native_get_surface (GTK_NATIVE (parent)));
  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (GTK_WINDOW (self), geometry.width, geometry.height);
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
    }
  else
    {
      gtk_window_fullscreen (GTK_WINDOW (self));
    }

  return self;
}
