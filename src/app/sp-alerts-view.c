/* sp-alerts-view.c: the assessment in words: alerts, the active step, monitoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rebuilt from the case's assessment on notify::assessment (one per change):
 * the active step and the rule that chose it with its criteria (met, not met
 * or unknown, with the patient's value), the alerts by severity, the step's
 * actions with doses and pump rates, its evidence notes, the monitoring
 * checklist and the references. Every statement carries its citation ids.
 */
#define G_LOG_DOMAIN "sp-alerts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-alerts-view.h"
#include "sp-format.h"
#include "sp-widget-util.h"

struct _SpAlertsView
{
  SpCaseWidget  parent_instance;

  GtkLabel  *step_title;
  GtkLabel  *step_reason;
  GtkBox    *criteria_box;
  GtkBox    *alerts_box;
  GtkBox    *actions_box;
  GtkWidget *notes_heading;
  GtkBox    *notes_box;
  GtkBox    *monitoring_box;
  GtkBox    *references_box;
  GtkScrolledWindow *scroller;

  const SpStep *shown_step;   /* the step the pane last showed */
  gboolean      shown;
};

G_DEFINE_FINAL_TYPE (SpAlertsView, sp_alerts_view, SP_TYPE_CASE_WIDGET)

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
text_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable with the pointer, but no Tab stop (F6 reaches the pane). */
  gtk_widget_set_focusable (label, FALSE);
  /* Nor can-focus: GTK 4.8 asks a selectable label to take the focus on
   * Tab even when it is not focusable, and Tab stops there for good. */
  gtk_widget_set_can_focus (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  /* Its narrowest is six characters wide, not one: GtkLabel finds the
   * narrowest by laying the text out at that width, one line per character
   * at width 0 (a millisecond for a criterion's text, on every keystroke
   * that changes it), a few characters per line at six. The pane is never
   * that narrow: its headings ("Monitoring") do not wrap. */
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  return label;
}

/* The rows of a box are kept from one assessment to the next and updated in
 * place: a label whose text did not change is neither shaped nor measured
 * again, so a keystroke costs the rows that changed, not the pane. A cursor
 * walks a box's rows; a row of another kind, and what is left at the end,
 * go. */
typedef struct
{
  GtkBox    *box;
  GtkWidget *next;   /* the next row to reuse, or NULL */
} RowCursor;

static void
row_cursor_begin (RowCursor *cursor,
                  GtkBox    *box)
{
  cursor->box = box;
  cursor->next = gtk_widget_get_first_child (GTK_WIDGET (box));
}

static void
row_cursor_end (RowCursor *cursor)
{
  while (cursor->next != NULL)
    {
      GtkWidget *row = cursor->next;

      cursor->next = gtk_widget_get_next_sibling (row);
      gtk_box_remove (cursor->box, row);
    }
}

/* The next row if it is of @kind (a static string), else NULL: the caller
 * makes one and appends it with row_cursor_append (). */
static GtkWidget *
row_cursor_take (RowCursor  *cursor,
                 const char *kind)
{
  GtkWidget *row = cursor->next;

  if (row == NULL)
    return NULL;
  if (g_object_get_data (G_OBJECT (row), "sp-row-kind") != kind)
    {
      row_cursor_end (cursor);
      return NULL;
    }
  cursor->next = gtk_widget_get_next_sibling (row);
  return row;
}

static void
row_cursor_append (RowCursor  *cursor,
                   const char *kind,
                   GtkWidget  *row)
{
  g_object_set_data (G_OBJECT (row), "sp-row-kind", (gpointer) kind);
  gtk_box_append (cursor->box, row);
}

static const char ICON_ROW[] = "icon-row";
static const char TEXT_ROW[] = "text-row";
static const char ACTION_ROW[] = "action-row";

/* @css (may be NULL, a static string) on @widget instead of the last one. */
static void
set_row_css (GtkWidget  *widget,
             const char *css)
{
  const char *old = g_object_get_data (G_OBJECT (widget), "sp-row-css");

  if (old == css)
    return;
  if (old != NULL)
    gtk_widget_remove_css_class (widget, old);
  if (css != NULL)
    gtk_widget_add_css_class (widget, css);
  g_object_set_data (G_OBJECT (widget), "sp-row-css", (gpointer) css);
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  /* GtkLabel lays out again only for a new text; no line of it breaks
   * inside a quantity ("Lactate 3.4 mmol/" / "L" in French before). */
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    sp_label_set_text_keeping_quantities (label, text);
}

/* An icon row: the icon at its own width, then the text in the rest. */
#define ICON_ROW_SPACING 8

static GtkSizeRequestMode
icon_row_get_request_mode (GtkWidget *row)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static int
icon_row_icon_width (GtkWidget *icon)
{
  int width;

  gtk_widget_measure (icon, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  return width;
}

/* Its width as the icon's plus the text's, its height for a width as the
 * taller of the two with the text wrapped in what the icon leaves. A
 * horizontal GtkBox asks its wrapping label for a width for the row's height
 * (which GtkLabel finds by laying its text out at widths halving the range,
 * a dozen times per new text): the row never does. */
static void
icon_row_measure (GtkWidget      *row,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *label = gtk_widget_get_last_child (row);
  int icon_min, icon_nat, label_min, label_nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (icon, orientation, -1, &icon_min, &icon_nat, NULL, NULL);
      gtk_widget_measure (label, orientation, -1, &label_min, &label_nat, NULL, NULL);
      *minimum = icon_min + ICON_ROW_SPACING + label_min;
      *natural = icon_nat + ICON_ROW_SPACING + label_nat;
      return;
    }

  gtk_widget_measure (icon, orientation, -1, &icon_min, &icon_nat, NULL, NULL);
  gtk_widget_measure (label, orientation,
                      for_size < 0 ? -1
                      : MAX (for_size - icon_row_icon_width (icon) - ICON_ROW_SPACING, 0),
                      &label_min, &label_nat, NULL, NULL);
  *minimum = MAX (icon_min, label_min);
  *natural = MAX (icon_nat, label_nat);
}

static void
icon_row_allocate (GtkWidget *row,
                   int        width,
                   int        height,
                   int        baseline)
{
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *label = gtk_widget_get_last_child (row);
  int icon_width = MIN (icon_row_icon_width (icon), width);
  int label_width = MAX (width - icon_width - ICON_ROW_SPACING, 0);
  gboolean rtl = gtk_widget_get_direction (row) == GTK_TEXT_DIR_RTL;

  gtk_widget_size_allocate (icon,
                            &(GtkAllocation) { rtl ? width - icon_width : 0, 0,
                                               icon_width, height }, -1);
  gtk_widget_size_allocate (label,
                            &(GtkAllocation) { rtl ? 0 : width - label_width, 0,
                                               label_width, height }, -1);
}

/* An icon and a text in a row; @css (may be NULL, a static string) styles
 * both. */
static GtkWidget *
icon_row_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, ICON_ROW_SPACING);
  GtkWidget *icon = gtk_image_new ();

  /* Laid out as a row of two, without asking the text for a width. */
  gtk_widget_set_layout_manager (box, gtk_custom_layout_new (icon_row_get_request_mode,
                                                             icon_row_measure,
                                                             icon_row_allocate));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text_label (""));
  return box;
}

static void
icon_row_set (GtkWidget  *row,
              const char *icon_name,
              const char *text,
              const char *css)
{
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *label = gtk_widget_get_last_child (row);

  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (icon)), icon_name) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  set_row_css (icon, css);
  set_row_css (label, css);
  set_label_text (GTK_LABEL (label), text);
}

/* The next row of @cursor as an icon row showing @icon_name and @text,
 * named @name (may be NULL). */
static GtkWidget *
put_icon_row (RowCursor  *cursor,
              const char *icon_name,
              const char *text,
              const char *css,
              const char *name)
{
  GtkWidget *row = row_cursor_take (cursor, ICON_ROW);

  if (row == NULL)
    {
      row = icon_row_new ();
      row_cursor_append (cursor, ICON_ROW, row);
    }
  icon_row_set (row, icon_name, text, css);
  if (name != NULL)
    gtk_widget_set_name (row, name);
  return row;
}

/* The next row of @cursor as a plain text in @css (a static string). */
static void
put_text_row (RowCursor  *cursor,
              const char *text,
              const char *css)
{
  GtkWidget *row = row_cursor_take (cursor, TEXT_ROW);

  if (row == NULL)
    {
      row = text_label ("");
      row_cursor_append (cursor, TEXT_ROW, row);
    }
  set_row_css (row, css);
  set_label_text (GTK_LABEL (row), text);
}

static void
sp_alerts_view_add_criterion (RowCursor               *cursor,
                              SpAssessment            *assessment,
                              const SpCriterionResult *result)
{
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *cites = sp_format_cites_suffix (result->criterion->cites);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  const char *icon, *css, *state;

  for (guint i = 0; result->fields != NULL && i < result->fields->len; i++)
    {
      SpField field = g_array_index (result->fields, SpField, i);
      g_autofree char *value = sp_assessment_format_value (assessment, field, SP_NUMBER_LOCALE);

      if (values->len > 0)
        g_string_append (values, ", ");
      g_string_append_printf (values, "%s %s", sp_field_get_short_label (field), value);
    }

  /* The icon says the state, the colour what it means for the patient:
   * green for a good finding, red for a bad one (a sign of hypoperfusion
   * that holds), the text colour for a neutral one; unknown in a darker amber
   * than the theme's warning colour (4.5:1 on the view's background). */
  switch (result->state)
    {
    case SP_TRI_MET:
      icon = "object-select-symbolic";
      break;

    case SP_TRI_UNMET:
      icon = "window-close-symbolic";
      break;

    case SP_TRI_UNKNOWN:
    default:
      icon = "dialog-question-symbolic";
      break;
    }
  switch (sp_criterion_result_get_finding (result))
    {
    case SP_FINDING_GOOD:
      css = "sp-good";
      break;
    case SP_FINDING_BAD:
      css = "sp-bad";
      break;
    case SP_FINDING_NEUTRAL:
    default:
      css = result->state == SP_TRI_UNKNOWN ? "sp-unknown" : NULL;
      break;
    }
  state = sp_tri_get_label (result->state);

  /* Translators: "Systolic BP > 90 mmHg: not met (SBP 84 mmHg) [seed-1]" */
  text = g_strdup_printf (_("%s: %s (%s)%s"), result->criterion->text, state,
                          values->str, cites);

  if (result->state == SP_TRI_UNKNOWN && result->deciding_fields != NULL
      && result->deciding_fields->len > 0)
    {
      g_autoptr(GString) deciding = g_string_new (NULL);
      char *longer;

      for (guint i = 0; i < result->deciding_fields->len; i++)
        {
          SpField field = g_array_index (result->deciding_fields, SpField, i);

          if (deciding->len > 0)
            g_string_append (deciding, ", ");
          g_string_append (deciding, sp_field_get_label (field));
        }
      /* Translators: what the user could enter to decide an unknown criterion */
      longer = g_strdup_printf (_("%s — would be decided by: %s"), text, deciding->str);
      g_free (text);
      text = longer;
    }

  if (result->criterion->note != NULL)
    {
      char *longer = g_strdup_printf ("%s (%s)", text, result->criterion->note);

      g_free (text);
      text = longer;
    }

  name = g_strdup_printf ("criterion-%s", result->criterion->id);
  put_icon_row (cursor, icon, text, css, name);
}

static void
sp_alerts_view_add_alerts (SpAlertsView *self,
                           SpAssessment *assessment)
{
  RowCursor cursor;
  guint n_shown = 0;

  row_cursor_begin (&cursor, self->alerts_box);
  for (guint i = 0; i < sp_assessment_get_n_alerts (assessment); i++)
    {
      const SpAlert *alert = sp_assessment_get_alert (assessment, i);
      g_autofree char *cites = NULL;
      g_autofree char *text = NULL;
      const char *icon, *css;

      switch (alert->severity)
        {
        case SP_SEVERITY_HARD_LIMIT:
          icon = "dialog-error-symbolic";
          css = "error";
          break;

        case SP_SEVERITY_SOFT_LIMIT:
        case SP_SEVERITY_WARNING:
          icon = "dialog-warning-symbolic";
          css = "warning";
          break;

        case SP_SEVERITY_INFO:
        default:
          icon = "dialog-information-symbolic";
          css = NULL;
          break;
        }

      cites = sp_format_cites_suffix ((const char * const *) alert->cites);
      /* Translators: "Warning: message [seed-1]" */
      text = g_strdup_printf (_("%s: %s%s"), sp_severity_get_label (alert->severity), alert->message, cites);
      put_icon_row (&cursor, icon, text, css, alert->id);
      n_shown++;
    }

  if (n_shown == 0)
    put_text_row (&cursor, _("No alerts."), "dim-label");
  row_cursor_end (&cursor);
}

static void
sp_alerts_view_add_actions (SpAlertsView *self,
                            SpAssessment *assessment)
{
  RowCursor cursor;

  row_cursor_begin (&cursor, self->actions_box);
  for (guint i = 0; i < sp_assessment_get_n_actions (assessment); i++)
    {
      const SpActionResult *result = sp_assessment_get_action (assessment, i);
      g_autofree char *cites = sp_format_cites_suffix (result->action->cites);
      g_autofree char *text = g_strdup_printf ("%s%s", result->text, cites);
      GtkWidget *box = row_cursor_take (&cursor, ACTION_ROW);
      RowCursor inner;

      /* The action, its pump rates in its text (the engine's, as the CLI
       * prints it: a "Pump:" line under it said them twice). */
      if (box == NULL)
        {
          box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          row_cursor_append (&cursor, ACTION_ROW, box);
        }
      row_cursor_begin (&inner, GTK_BOX (box));
      put_icon_row (&inner, "go-next-symbolic", text, NULL, NULL);
      row_cursor_end (&inner);
    }
  row_cursor_end (&cursor);
}

static void
sp_alerts_view_add_notes (SpAlertsView *self,
                          const SpStep *step)
{
  guint n = step != NULL && step->notes != NULL ? step->notes->len : 0;
  RowCursor cursor;

  /* Only the heading is hidden when the step has no notes; the box stays
   * shown, empty. A box once hidden and shown again with its rows changed
   * was laid out with a height GTK 4.8 had kept from before (90 px for four
   * notes of 219 px), and "Monitoring" was drawn over them: example-step2
   * opened in a new window at 1024x768, every time. */
  gtk_widget_set_visible (self->notes_heading, n > 0);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->notes_box), n > 0 ? 6 : 0);

  row_cursor_begin (&cursor, self->notes_box);
  for (guint i = 0; i < n; i++)
    {
      const SpStepNote *note = g_ptr_array_index (step->notes, i);
      g_autofree char *cites = sp_format_cites_suffix (note->cites);
      g_autofree char *text = g_strdup_printf ("%s%s", note->text, cites);

      put_icon_row (&cursor,
                    note->severity == SP_SEVERITY_WARNING
                    ? "dialog-warning-symbolic" : "dialog-information-symbolic",
                    text, note->severity == SP_SEVERITY_WARNING ? "warning" : NULL, NULL);
    }
  row_cursor_end (&cursor);
}

static void
sp_alerts_view_add_monitoring (SpAlertsView *self,
                               SpAssessment *assessment)
{
  RowCursor cursor;

  row_cursor_begin (&cursor, self->monitoring_box);
  for (guint i = 0; i < sp_assessment_get_n_monitoring (assessment); i++)
    {
      const SpMonitorResult *result = sp_assessment_get_monitoring (assessment, i);
      g_autofree char *cites = sp_format_cites_suffix (result->item->cites);
      g_autofree char *values = sp_assessment_format_monitor_values (assessment, result,
                                                                     SP_NUMBER_LOCALE);
      /* The patient's values of the item's fields (HR, ScvO2) beside it. */
      g_autofree char *text = values != NULL
                              ? g_strdup_printf ("%s%s — %s", result->item->text, cites, values)
                              : g_strdup_printf ("%s%s", result->item->text, cites);

      put_icon_row (&cursor,
                    result->emphasised ? "emblem-important-symbolic" : "checkbox-symbolic",
                    text, result->emphasised ? "sp-emphasised" : NULL, result->item->id);
    }
  row_cursor_end (&cursor);
}

static void
sp_alerts_view_add_references (SpAlertsView *self,
                               SpCase       *sp_case)
{
  SpProtocol *protocol = sp_case_get_protocol (sp_case);

  for (guint i = 0; i < sp_protocol_get_n_references (protocol); i++)
    {
      const SpReference *ref = sp_protocol_get_reference (protocol, i);
      g_autofree char *text = sp_format_reference (ref->id, ref->text);
      GtkWidget *label = text_label (text);

      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (self->references_box, label);
    }
}

static void
sp_alerts_view_update (SpAlertsView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpAssessment *assessment;
  const SpStep *step;
  const SpRule *rule;
  g_autofree char *reason = NULL;
  g_autofree char *rule_cites = NULL;
  RowCursor criteria;

  if (sp_case == NULL)
    {
      GtkBox *boxes[] = { self->criteria_box, self->alerts_box, self->actions_box,
                          self->notes_box, self->monitoring_box };

      for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
        clear_box (boxes[i]);
      return;
    }

  assessment = sp_case_get_assessment (sp_case);
  step = sp_assessment_get_active_step (assessment);
  rule = sp_assessment_get_rule (assessment);

  /* A new step: its title and "Why" at the top, in view (the pane kept the
   * last step's scroll position). */
  if (!self->shown || step != self->shown_step)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  self->shown_step = step;
  self->shown = TRUE;

  /* Awaiting data: no step applies; the reason names the values to enter. */
  set_label_text (self->step_title, step != NULL ? step->title : _("No step applies yet"));

  row_cursor_begin (&criteria, self->criteria_box);
  if (step == NULL)
    {
      set_label_text (self->step_reason, rule != NULL ? rule->reason : "");
    }
  else if (rule != NULL)
    {
      rule_cites = sp_format_cites_suffix (rule->cites);
      /* Translators: why the active step applies: "Why: <reason> [cites]" */
      reason = g_strdup_printf (_("Why: %s%s"), rule->reason, rule_cites);
      set_label_text (self->step_reason, reason);

      for (guint i = 0; rule->criteria != NULL && rule->criteria[i] != NULL; i++)
        {
          const SpCriterionResult *result = sp_assessment_find_criterion (assessment,
                                                                          rule->criteria[i]);

          if (result != NULL)
            sp_alerts_view_add_criterion (&criteria, assessment, result);
        }
    }
  else
    {
      set_label_text (self->step_reason, step->summary);
    }
  row_cursor_end (&criteria);

  sp_alerts_view_add_alerts (self, assessment);
  sp_alerts_view_add_actions (self, assessment);
  sp_alerts_view_add_notes (self, step);
  sp_alerts_view_add_monitoring (self, assessment);
}

static void
sp_alerts_view_case_changed (SpCaseWidget *widget,
                             SpCase       *old_case)
{
  SpAlertsView *self = SP_ALERTS_VIEW (widget);
  SpCase *sp_case = sp_case_widget_get_case (widget);

  clear_box (self->references_box);
  self->shown = FALSE;
  if (sp_case != NULL)
    sp_alerts_view_add_references (self, sp_case);
  sp_alerts_view_update (self);
}

static void
sp_alerts_view_dispose (GObject *object)
{
  SpAlertsView *self = SP_ALERTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_ALERTS_VIEW);
  sp_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (sp_alerts_view_parent_class)->dispose (object);
}

static void
sp_alerts_view_class_init (SpAlertsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpCaseWidgetClass *case_widget_class = SP_CASE_WIDGET_CLASS (klass);

  object_class->dispose = sp_alerts_view_dispose;
  case_widget_class->case_changed = sp_alerts_view_case_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-alerts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, step_title);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, step_reason);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, notes_heading);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, notes_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, monitoring_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, references_box);
  gtk_widget_class_bind_template_child (widget_class, SpAlertsView, scroller);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "spalertsview");
}

static void
sp_alerts_view_init (SpAlertsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::assessment",
                         G_CALLBACK (sp_alerts_view_update));
}

GtkAdjustment *
sp_alerts_view_get_vadjustment (SpAlertsView *self)
{
  g_return_val_if_fail (SP_IS_ALERTS_VIEW (self), NULL);

  return gtk_scrolled_window_get_vadjustment (self->scroller);
}
