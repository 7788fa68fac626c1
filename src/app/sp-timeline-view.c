/* sp-timeline-view.c: the case's timeline in the window: record, trend, log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Record…" (Ctrl+R in the window) opens a popover: the time (default now,
 * editable: 14:30 or 2026-12-03 14:30), initials and an optional reason;
 * "Record Entry" commits what the form and the dose panel show and the
 * timeline does not (sp_case_record ()). A refused time or entry is said in
 * the popover, which stays open with everything typed.
 *
 * Below: the trend plot (SpTrendView) and the titration log, newest entry
 * first, each with its values, infusion events, and the step and scores
 * from then on. A corrected entry stays in the log, struck through, with who
 * corrected it and when. The words and numbers all come from the core.
 */
#define G_LOG_DOMAIN "sp-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-correction-dialog.h"
#include "sp-format.h"
#include "sp-scores.h"
#include "sp-timeline-series.h"
#include "sp-timeline-view.h"
#include "sp-timeline.h"
#include "sp-trend-view.h"

struct _SpTimelineView
{
  SpCaseWidget    parent_instance;

  GtkWidget      *scroller;
  GtkLabel       *scores_label;
  GtkLabel       *status_label;
  GtkMenuButton  *record_button;
  GtkPopover     *record_popover;
  GtkLabel       *record_summary;
  GtkEntry       *time_entry;
  GtkEntry       *author_entry;
  GtkEntry       *reason_entry;
  GtkLabel       *record_error;
  GtkLabel       *record_warning;
  GtkWidget      *confirm_button;
  SpTrendView    *trend;
  GtkListBox     *log;
};

G_DEFINE_FINAL_TYPE (SpTimelineView, sp_timeline_view, SP_TYPE_CASE_WIDGET)

static GtkWidget *
row_label (const char *text,
           gboolean    struck,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (struck)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One row of the log: when and who, what was observed and done, and what
 * the algorithm says from then on (or who corrected it). */
static GtkWidget *
entry_row (SpTimelineView    *self,
           GPtrArray         *timeline,
           const SpCaseEntry *entry,
           SpAssessment      *assessment)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  SpDrugLibrary *drugs = sp_case_get_drug_library (sp_case);
  const SpCaseEntry *correction = sp_timeline_get_correction (timeline, entry);
  gboolean struck = correction != NULL;
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *row = gtk_list_box_row_new ();
  g_autoptr(GDateTime) local = g_date_time_to_local (entry->time);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autoptr(GString) heading = g_string_new (when);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) spoken = g_string_new (NULL);

  if (entry->author != NULL)
    g_string_append_printf (heading, " · %s", entry->author);
  if (entry->corrects != NULL)
    {
      g_autofree char *correction_text = sp_case_entry_describe_correction (entry);

      g_string_append_printf (heading, " · %s", correction_text);
    }
  else if (sp_case_entry_get_reason (entry) != NULL)
    g_string_append_printf (heading, " · %s", sp_case_entry_get_reason (entry));
  {
    g_autofree char *late = sp_case_entry_describe_late (entry);

    if (late != NULL)
      g_string_append_printf (heading, " · %s", late);
  }
  gtk_box_append (GTK_BOX (box), row_label (heading->str, struck, "heading"));
  g_string_append (spoken, heading->str);

  for (guint i = 0; i < entry->observations->len; i++)
    {
      g_autofree char *item = sp_case_observation_format (g_ptr_array_index (entry->observations, i),
                                                          SP_NUMBER_LOCALE);

      g_string_append_printf (values, "%s%s", i > 0 ? "; " : "", item);
    }
  if (entry->corrects != NULL && sp_case_entry_is_empty (entry))
    g_string_append (values, _("entered in error"));
  if (values->len > 0)
    {
      gtk_box_append (GTK_BOX (box), row_label (values->str, struck, NULL));
      g_string_append_printf (spoken, ". %s", values->str);
    }

  for (guint i = 0; i < entry->events->len; i++)
    {
      g_autofree char *item = sp_case_event_format (g_ptr_array_index (entry->events, i), drugs,
                                                    SP_NUMBER_LOCALE);

      gtk_box_append (GTK_BOX (box), row_label (item, struck, NULL));
      g_string_append_printf (spoken, ". %s", item);
    }

  if (struck)
    {
      g_autofree char *why = sp_timeline_describe_struck (timeline, entry, FALSE);
      /* Translators: a struck entry: "Struck: corrected by e5 at 2026-12-03 09:40 (CD)" */
      g_autofree char *text = g_strdup_printf (_("Struck: %s"), why);

      gtk_box_append (GTK_BOX (box), row_label (text, FALSE, "dim-label"));
      g_string_append_printf (spoken, ". %s", text);
    }
  else if (assessment != NULL)
    {
      g_autofree char *algorithm = sp_assessment_format_step_and_scores (assessment,
                                                                         SP_NUMBER_LOCALE);
      g_autofree char *text = g_strdup_printf ("→ %s", algorithm);

      gtk_box_append (GTK_BOX (box), row_label (text, FALSE, "dim-label"));
      g_string_append_printf (spoken, ". %s", algorithm);
    }

  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (line), box);
  /* an entry in force can be corrected; a struck one has its correction */
  if (!struck)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("C_orrect…"));
      /* Translators: the accessible name of an entry's Correct button:
       * "Correct entry e12 of 2026-12-03 14:00" */
      g_autofree char *name = g_strdup_printf (_("Correct entry %s of %s"), entry->id, when);

      gtk_widget_set_valign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, _("Correct this entry: it stays in the record, "
                                             "struck through, with the correction"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "timeline.correct");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", entry->id);
      gtk_box_append (GTK_BOX (line), button);
    }

  gtk_widget_set_margin_start (line, 12);
  gtk_widget_set_margin_end (line, 12);
  gtk_widget_set_margin_top (line, 6);
  gtk_widget_set_margin_bottom (line, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* One Tab stop per row, read whole; a struck entry says so. */
  if (struck)
    {
      g_autofree char *text = g_strdup_printf (_("Struck entry: %s"), spoken->str);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    spoken->str, -1);
  return row;
}

static void
sp_timeline_view_update_status (SpTimelineView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  GPtrArray *timeline;
  g_autofree char *text = NULL;
  g_autoptr(GError) refused = NULL;
  gboolean unrecorded;

  if (sp_case == NULL)
    return;

  /* The scores now, each with its sources, whether recorded or not. */
  {
    SpAssessment *assessment = sp_case_get_assessment (sp_case);
    const SpStagingResult *staging = sp_assessment_get_staging (assessment);
    g_autoptr(GString) scores = g_string_new (NULL);
    g_autofree char *line = NULL;

    for (guint i = 0; i < sp_assessment_get_n_scores (assessment); i++)
      {
        const SpScoreResult *score = sp_assessment_get_score (assessment, i);
        g_autofree char *value = sp_score_format_value (score, SP_NUMBER_LOCALE);

        g_string_append_printf (scores, "%s%s %s", scores->len > 0 ? " · " : "",
                                score->score->abbreviation, value);
        sp_append_cites (scores, score->score->cites);
      }
    if (staging != NULL)
      {
        g_autofree char *stage = sp_staging_format (staging);

        g_string_append_printf (scores, "%sSCAI %s", scores->len > 0 ? " · " : "", stage);
        sp_append_cites (scores, staging->staging->cites);
      }
    /* Translators: the scores now: "Now: NEE 0.1 mcg/kg/min [goradia-2021] · VIS 15 …" */
    line = g_strdup_printf (_("Now: %s"), scores->str);
    gtk_label_set_text (self->scores_label, line);
  }

  timeline = sp_case_get_timeline (sp_case);
  unrecorded = sp_case_has_unrecorded (sp_case);
  if (!sp_case_check_recordable (sp_case, &refused))
    {
      /* A value refused in the form is on screen: what the case holds (the
       * value before it) is not what the user sees, so neither "recorded"
       * nor "not recorded" is the whole truth. */
      g_autofree char *count = NULL;

      if (timeline->len == 0)
        count = g_strdup (_("Nothing recorded yet."));
      else
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry.", "%u entries.",
                                              timeline->len),
                                 timeline->len);
      text = g_strconcat (count, " ", refused->message, NULL);
    }
  else if (timeline->len == 0)
    text = g_strdup (unrecorded ? _("Nothing recorded yet. Record the values shown to start "
                                    "the timeline.")
                                : _("Nothing recorded yet."));
  else if (unrecorded)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u entry. Values or infusions shown are not recorded yet.",
                                         "%u entries. Values or infusions shown are not recorded yet.",
                                         timeline->len),
                            timeline->len);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u entry. Everything shown is recorded.",
                                         "%u entries. Everything shown is recorded.",
                                         timeline->len),
                            timeline->len);
  gtk_label_set_text (self->status_label, text);
  /* with a refused value pending, the record says why it cannot be made */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.record",
                                 unrecorded || refused != NULL);
}

static void
sp_timeline_view_rebuild_log (SpTimelineView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  GtkWidget *child;
  GPtrArray *timeline;
  g_autoptr(GPtrArray) assessments = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  int focused_row = -1;

  /* the row that had the focus (a Correct… button that opened a dialog)
   * has it again once rebuilt, rather than the window's first widget */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->log)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

      if (row != NULL)
        focused_row = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->log))) != NULL)
    gtk_list_box_remove (self->log, child);

  if (sp_case == NULL)
    return;

  timeline = sp_case_get_timeline (sp_case);
  assessments = sp_timeline_evaluate (timeline, sp_case_get_protocol (sp_case),
                                      sp_case_get_drug_library (sp_case));
  /* Newest first. */
  for (guint i = timeline->len; i-- > 0;)
    gtk_list_box_append (self->log, entry_row (self, timeline, g_ptr_array_index (timeline, i),
                                               g_ptr_array_index (assessments, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->log), timeline->len > 0);
  if (focused_row >= 0 && timeline->len > 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->log,
                                                          MIN ((guint) focused_row, timeline->len - 1));

      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
on_timeline_changed (SpTimelineView *self)
{
  sp_timeline_view_rebuild_log (self);
  sp_timeline_view_update_status (self);
}

static void
on_case_changed (SpTimelineView *self)
{
  sp_timeline_view_update_status (self);
}

/* Screen readers read the popover's error and warning with the time they
 * are about. */
static void
update_time_description (SpTimelineView *self)
{
  GtkLabel *shown[2] = { NULL, NULL };
  guint n = 0;

  if (gtk_widget_get_visible (GTK_WIDGET (self->record_error)))
    shown[n++] = self->record_error;
  if (gtk_widget_get_visible (GTK_WIDGET (self->record_warning)))
    shown[n++] = self->record_warning;
  if (n == 0)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->time_entry),
                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->time_entry),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, shown[0], shown[1], NULL,
                                    -1);
}

static void
show_error (SpTimelineView *self,
            const char     *message)
{
  gtk_label_set_text (self->record_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->record_error), TRUE);
  update_time_description (self);
}

/* Before the record is made: a value that another entry of the time typed
 * records otherwise (MAP 60 typed for 04:00, where e5 at 04:00 says 62),
 * as `shockpath-cli record` warns after it. Nothing is refused: two
 * readings of one minute can both be true, but the later-recorded one
 * holds from then on. */
static void
update_record_warning (SpTimelineView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (sp_case != NULL && sp_case_get_timeline (sp_case)->len > 0)
    time = sp_case_parse_typed_time (gtk_editable_get_text (GTK_EDITABLE (self->time_entry)),
                                     now, NULL);
  if (time != NULL)
    {
      g_autoptr(SpCaseData) data = sp_case_to_data (sp_case);
      g_autoptr(SpCaseEntry) diff = sp_timeline_diff (data->timeline, &data->patient,
                                                      data->infusions, time);
      g_autoptr(GPtrArray) warnings = sp_timeline_same_time_warnings (data->timeline, diff,
                                                                      SP_NUMBER_LOCALE);

      for (guint i = 0; i < warnings->len; i++)
        {
          const SpEntryWarning *warning = g_ptr_array_index (warnings, i);

          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", warning->message);
        }
    }
  gtk_label_set_text (self->record_warning, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->record_warning), text->len > 0);
  update_time_description (self);
}

/* The popover opens with the time now and what is about to be recorded. */
static void
on_popover_show (SpTimelineView *self)
{
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autoptr(SpCaseData) data = NULL;
  g_autoptr(SpCaseEntry) diff = NULL;
  g_autofree char *summary = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time);
  gtk_widget_set_visible (GTK_WIDGET (self->record_error), FALSE);
  if (sp_case == NULL)
    return;

  /* what would stop the record, said before it is tried, and instead of
   * what it would record: the refused value is not among it */
  {
    g_autoptr(GError) refused = NULL;

    gtk_widget_set_visible (GTK_WIDGET (self->record_summary), TRUE);
    if (!sp_case_check_recordable (sp_case, &refused))
      {
        show_error (self, refused->message);
        gtk_widget_set_visible (GTK_WIDGET (self->record_summary), FALSE);
        gtk_widget_grab_focus (GTK_WIDGET (self->time_entry));
        return;
      }
  }

  data = sp_case_to_data (sp_case);
  diff = sp_timeline_diff (data->timeline, &data->patient, data->infusions, now);
  if (sp_case_entry_is_empty (diff))
    summary = g_strdup (_("Nothing to record: every value and infusion shown is recorded."));
  else
    {
      g_autofree char *values = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value",
                                                              "%u values",
                                                              diff->observations->len),
                                                 diff->observations->len);
      g_autofree char *changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u infusion change",
                                                               "%u infusion changes",
                                                               diff->events->len),
                                                  diff->events->len);

      /* Translators: "Records 2 values and 1 infusion change." */
      summary = g_strdup_printf (_("Records %s and %s."), values, changes);
    }
  gtk_label_set_text (self->record_summary, summary);
  update_record_warning (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->time_entry));
}

static void
record_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpTimelineView *self = SP_TIMELINE_VIEW (widget);
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;

  if (sp_case == NULL)
    return;

  time = sp_case_parse_typed_time (gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), now,
                                   &error);
  if (time == NULL ||
      !sp_case_record (sp_case, time,
                       gtk_editable_get_text (GTK_EDITABLE (self->author_entry)),
                       gtk_editable_get_text (GTK_EDITABLE (self->reason_entry)), &error))
    {
      /* Nothing typed is lost: the popover stays with the message. */
      show_error (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_popover_popdown (self->record_popover);
}

static void
correct_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpTimelineView *self = SP_TIMELINE_VIEW (widget);
  SpCase *sp_case = sp_case_widget_get_case (SP_CASE_WIDGET (self));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (sp_case == NULL)
    return;
  dialog = sp_correction_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, sp_case,
                                     g_variant_get_string (parameter, NULL));
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

void
sp_timeline_view_open_record (SpTimelineView *self)
{
  g_return_if_fail (SP_IS_TIMELINE_VIEW (self));

  gtk_menu_button_popup (self->record_button);
}

static void
sp_timeline_view_case_changed (SpCaseWidget *widget,
                               SpCase       *old_case)
{
  SpTimelineView *self = SP_TIMELINE_VIEW (widget);

  sp_case_widget_set_case (SP_CASE_WIDGET (self->trend), sp_case_widget_get_case (widget));
  on_timeline_changed (self);
}

static void
sp_timeline_view_dispose (GObject *object)
{
  SpTimelineView *self = SP_TIMELINE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_TIMELINE_VIEW);

  G_OBJECT_CLASS (sp_timeline_view_parent_class)->dispose (object);
}

static void
sp_timeline_view_class_init (SpTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpCaseWidgetClass *case_widget_class = SP_CASE_WIDGET_CLASS (klass);

  object_class->dispose = sp_timeline_view_dispose;
  case_widget_class->case_changed = sp_timeline_view_case_changed;

  g_type_ensure (SP_TYPE_TREND_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, scores_label);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, record_button);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, record_popover);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, record_summary);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, time_entry);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, author_entry);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, record_error);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, record_warning);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, trend);
  gtk_widget_class_bind_template_child (widget_class, SpTimelineView, log);

  gtk_widget_class_install_action (widget_class, "timeline.record", NULL, record_activated);
  gtk_widget_class_install_action (widget_class, "timeline.correct", "s", correct_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sp_timeline_view_init (SpTimelineView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::timeline",
                         G_CALLBACK (on_timeline_changed));
  /* Every change of a value or an infusion: recorded or not? */
  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::assessment",
                         G_CALLBACK (on_case_changed));
  sp_case_widget_follow (SP_CASE_WIDGET (self), "notify::has-refused-inputs",
                         G_CALLBACK (on_case_changed));

  /* The trend's span: a setting of its own, kept between sessions. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GAction) hours = g_settings_create_action (settings, "trend-hours");

    g_action_map_add_action (G_ACTION_MAP (group), hours);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "trend", G_ACTION_GROUP (group));
    g_settings_bind (settings, "trend-hours", self->trend, "hours", G_SETTINGS_BIND_GET);
  }

  gtk_popover_set_default_widget (self->record_popover, self->confirm_button);
  g_signal_connect_object (self->record_popover, "show", G_CALLBACK (on_popover_show), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_entry, "changed", G_CALLBACK (update_record_warning), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.record", FALSE);
  gtk_label_set_text (self->status_label, _("Nothing recorded yet."));
}

GtkWidget *
sp_timeline_view_new (void)
{
  return g_object_new (SP_TYPE_TIMELINE_VIEW, NULL);
}
