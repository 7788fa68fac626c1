/* test-flowchart-typing.c: what the flowchart shows after each keystroke
 * (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values typed into the main window's real form entries (as a paste or an
 * input method commits them: the entry's text set, parsed by the form as
 * typing is, without Enter); after each, once the flowchart has drawn the new
 * assessment, its layout is read: the lit box is the active step's, and each
 * criterion in it has the assessment's state and the patient's value in its
 * text. The flowchart keeps its boxes' texts from one layout to the next
 * (SpFlowchartTextCache): a keystroke lays out anew only the texts it
 * changed, and every other box keeps the very PangoLayout it had.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sp-flowchart.h"
#include "sp-flowchart-render-private.h"
#include "sp-format.h"
#include "sp-test-gtk.h"

/* Types @text into the form's entry for @field_id: the text is set, the
 * form parses it as it parses typing (no Enter). */
static void
type_value (SpWindow   *window,
            const char *field_id,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field_entry (window, field_id)), text);
}

/* The box of @step_id in @layout. */
static BoxItem *
find_box (SpFlowchartLayout *layout,
          const char        *step_id)
{
  for (guint i = 0; i < layout->n_boxes; i++)
    if (g_strcmp0 (layout->boxes[i].public.step->id, step_id) == 0)
      return &layout->boxes[i];
  g_error ("no box for %s", step_id);
  return NULL;
}

/* The box's criterion item of @criterion_id (fails without one). */
static CriterionItem *
find_item (BoxItem    *box,
           const char *criterion_id)
{
  for (guint i = 0; i < box->criteria->len; i++)
    {
      CriterionItem *item = g_ptr_array_index (box->criteria, i);

      if (g_strcmp0 (item->id, criterion_id) == 0)
        return item;
    }
  g_error ("no criterion %s in the box of %s", criterion_id, box->public.step->id);
}

/* Everything the flowchart shows of the case's assessment: one box lit, the
 * active step's. Compact, the lit box's state line says it is the active
 * step and no other's does; otherwise only the lit box lists criteria, each
 * with the assessment's state in words: why it is lit, the criteria of the
 * rule that chose it (the step's own when that rule reads none). */
static SpFlowchartLayout *
check_drawn (SpFlowchart *flowchart,
             SpCase      *sp_case)
{
  SpAssessment *assessment;
  const SpStep *active;
  SpFlowchartLayout *layout;
  BoxItem *lit;
  const char * const *shown;
  guint n_lit = 0;

  /* The form's parsing of what was typed (an idle), then the frame that
   * drew the assessment it made. */
  run_pending ();
  wait_for (sp_flowchart_get_layout (flowchart) != NULL
            && sp_flowchart_get_layout (flowchart)->assessment == sp_case_get_assessment (sp_case));
  assessment = sp_case_get_assessment (sp_case);
  active = sp_assessment_get_active_step (assessment);
  layout = sp_flowchart_get_layout (flowchart);
  g_assert_nonnull (active);
  g_assert_true (sp_flowchart_get_lit_step (flowchart) == active);

  for (guint i = 0; i < layout->n_boxes; i++)
    {
      BoxItem *box = &layout->boxes[i];

      n_lit += box->active;
      if (!box->active)
        {
          g_assert_cmpuint (box->criteria->len, ==, 0);
          if (layout->style.compact && box->summary != NULL)
            g_assert_false (g_str_has_prefix (pango_layout_get_text (box->summary), "Active step"));
        }
    }
  g_assert_cmpuint (n_lit, ==, 1);
  lit = find_box (layout, active->id);
  g_assert_true (lit->active);

  if (layout->style.compact)
    {
      g_assert_nonnull (lit->summary);
      g_assert_true (g_str_has_prefix (pango_layout_get_text (lit->summary), "Active step"));
      return layout;
    }

  shown = sp_assessment_count_rule_conditions (assessment, NULL) > 0
          ? sp_assessment_get_rule (assessment)->criteria : active->criteria;
  g_assert_nonnull (shown);
  g_assert_cmpuint (lit->criteria->len, ==, g_strv_length ((char **) shown));
  for (guint i = 0; shown[i] != NULL; i++)
    {
      const SpCriterionResult *result = sp_assessment_find_criterion (assessment, shown[i]);
      CriterionItem *item = find_item (lit, shown[i]);

      g_assert_nonnull (result);
      g_assert_true (item->has_state);
      g_assert_cmpint (item->state, ==, result->state);
      g_assert_true (g_str_has_prefix (pango_layout_get_text (item->layout),
                                       result->criterion->text));
      g_assert_nonnull (strstr (pango_layout_get_text (item->layout),
                                sp_tri_get_label (result->state)));
    }
  return layout;
}

/* Step 1 is lit by its rule (no inotrope runs, targets not met or not
 * known to be): its box lists "Targets met: ... — MAP @value, ..."
 * (non-compact; check_drawn () checked the state). */
static void
check_map (SpFlowchartLayout *layout,
           const char        *value)
{
  BoxItem *lit = find_box (layout, "step1-inotrope");
  CriterionItem *item = find_item (lit, "targets-met");
  g_autofree char *map = g_strdup_printf ("MAP %s", value);

  g_assert_true (lit->active);
  g_assert_nonnull (find_item (lit, "inotrope-running"));
  g_assert_nonnull (strstr (pango_layout_get_text (item->layout), map));
}

/* MAP typed over and over: the chart follows, and lays out only the texts
 * that changed. */
static void
type_map (SpWindow    *window,
          SpFlowchart *flowchart)
{
  SpCase *sp_case = sp_window_get_case (window);
  SpFlowchartLayout *layout;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_new;

  type_value (window, "map", "58");
  layout = check_drawn (flowchart, sp_case);
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==, "step1-inotrope");
  /* "Targets met: ... does not hold — ..., MAP 58 mmHg": 58 < 65. */
  if (!layout->style.compact)
    check_map (layout, "58 mmHg");
  for (guint i = 0; i < layout->n_boxes; i++)
    {
      g_ptr_array_add (texts, g_object_ref (layout->boxes[i].title));
      if (layout->boxes[i].summary != NULL)
        g_ptr_array_add (texts, g_object_ref (layout->boxes[i].summary));
    }

  /* MAP 58 -> 61 mmHg: still below 65, the same step, the same states;
   * one text changed, the targets' criterion in the lit box with its
   * criteria ("... does not hold — ..., MAP 61 mmHg"; compact, the chart tried that layout
   * first), and it alone is laid out anew. Every box keeps its title and
   * summary (compact: its state line): the same PangoLayouts. */
  n_new = sp_flowchart_get_n_new_texts (flowchart);
  type_value (window, "map", "61");
  layout = check_drawn (flowchart, sp_case);
  g_assert_cmpstr (sp_flowchart_get_lit_step (flowchart)->id, ==, "step1-inotrope");
  if (!layout->style.compact)
    check_map (layout, "61 mmHg");
  g_assert_cmpuint (sp_flowchart_get_n_new_texts (flowchart), ==, n_new + 1);
  for (guint i = 0, k = 0; i < layout->n_boxes; i++)
    {
      g_assert_true (layout->boxes[i].title == g_ptr_array_index (texts, k++));
      if (layout->boxes[i].summary != NULL)
        g_assert_true (layout->boxes[i].summary == g_ptr_array_index (texts, k++));
    }

  /* 61 -> 72 mmHg: MAP >= 65 holds now; the targets still do not (nothing
   * else is entered): drawn at once with MAP 72 mmHg. */
  type_value (window, "map", "72");
  layout = check_drawn (flowchart, sp_case);
  if (!layout->style.compact && g_strcmp0 (sp_flowchart_get_lit_step (flowchart)->id,
                                           "step1-inotrope") == 0)
    check_map (layout, "72 mmHg");

  /* Emptied, then 58 mmHg again: the first text again, as then. */
  type_value (window, "map", "");
  check_drawn (flowchart, sp_case);
  type_value (window, "map", "58");
  layout = check_drawn (flowchart, sp_case);
  if (!layout->style.compact)
    check_map (layout, "58 mmHg");
}

static void
test_typing (void)
{
  /* Large enough for the lit box with its criteria (not compact). */
  SpWindow *window = test_window_show (1440, 900);
  SpFlowchart *flowchart = SP_FLOWCHART (find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART));

  g_assert_nonnull (flowchart);

  /* A patient of step 1: SBP 84 mmHg, signs of hypoperfusion, no drug runs
   * yet: step 1 (an inotrope first) is lit. */
  type_value (window, "weight", "70");
  type_value (window, "sbp", "84");
  type_value (window, "lactate", "3.4");
  type_value (window, "urine", "0.3");
  choose_field (window, "mental", "altered");
  choose_field (window, "skin", "poor");
  choose_field (window, "central-line", "yes");
  choose_field (window, "arterial-line", "no");
  choose_field (window, "fluid", "given-no-response");

  /* The window's pane (1280 x 1024 screen): compact. */
  type_map (window, flowchart);
  g_assert_true (sp_flowchart_get_compact (flowchart));

  /* A chart large enough for the lit box's criteria with their values. */
  gtk_widget_set_size_request (GTK_WIDGET (flowchart), 1100, 900);
  wait_for (gtk_widget_get_height (GTK_WIDGET (flowchart)) >= 900);
  type_map (window, flowchart);
  g_assert_false (sp_flowchart_get_compact (flowchart));

  destroy_window (GTK_WINDOW (window));
  g_assert_cmpuint (n_bad_logs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_gtk_init (&argc, &argv);

  g_test_add_func ("/flowchart/typing", test_typing);

  return g_test_run ();
}
