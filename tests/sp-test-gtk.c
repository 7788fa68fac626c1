/* sp-test-gtk.c: what the widget tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sp-infusion-card.h"
#include "sp-slide-export.h"
#include "sp-test-gtk.h"
#include "sp-text-breaks.h"
#include "sp-test-spawn.h"

guint n_bad_logs;

GLogWriterOutput
count_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    n_bad_logs++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
test_gtk_init (int    *argc,
               char ***argv)
{
  gtk_disable_setlocale ();
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (count_writer, NULL, NULL);
  gtk_init ();
  adw_init ();
  /* An entry with the focus in a window that has not the X server's (no
   * window manager here) warns when its cursor's blink timer finds it
   * without focus ("GtkText - did not receive a focus-out event"); no
   * blinking, no timer. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
wait_iteration (gint64     *deadline,
                const char *what,
                const char *file,
                int         line,
                const char *func)
{
  g_autoptr(GSource) wake = NULL;
  gint64 now = g_get_monotonic_time ();

  if (*deadline == 0)
    *deadline = now + SP_WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  else if (now > *deadline)
    {
      g_autofree char *message = g_strdup_printf ("still not true after %d s: %s",
                                                  SP_WAIT_TIMEOUT_S, what);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
      return FALSE;
    }

  /* One iteration: whatever is ready, or the next event; woken every 10 ms
   * so that the deadline is seen when nothing happens. */
  wake = g_timeout_source_new (10);
  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_destroy (wake);
  return TRUE;
}

static void
count_cb (GdkFrameClock *clock,
          guint         *count)
{
  (*count)++;
}

/* Queues a redraw of @widget and runs the main loop until its frame clock
 * has painted it, @n times over. */
void
wait_frames (GtkWidget *widget,
             guint      n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_assert_nonnull (clock);
  for (guint i = 0; i < n; i++)
    {
      guint painted = 0;
      gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_cb), &painted);

      gtk_widget_queue_draw (widget);
      wait_for (painted > 0);
      g_signal_handler_disconnect (clock, handler);
    }
}

/* Runs what the main loop has ready now (idles, events already queued),
 * without waiting for more: at most 1,000 dispatches. */
void
run_pending (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* Destroys @window and runs the main loop until it is finalized (nothing
 * still holds it) and what that left to do has run. */
void
destroy_window (GtkWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for (window == NULL);
  run_pending ();
}

/* Runs the main loop until @flowchart has drawn the case's current
 * assessment. */
void
wait_drawn (SpFlowchart *flowchart,
            SpCase      *sp_case)
{
  const SpStep *want = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));

  wait_for (sp_flowchart_get_lit_step (flowchart) == want);
}

/* The first widget under @root (depth first, @root included) that @match
 * accepts, or NULL. */
GtkWidget *
find_widget (GtkWidget       *root,
             SpWidgetMatch    match,
             gconstpointer    data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
match_name (GtkWidget     *widget,
            gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  return find_widget (root, match_name, name);
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  return find_widget (root, match_type, GSIZE_TO_POINTER (type));
}

static gboolean
match_label_containing (GtkWidget     *widget,
                        gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* A label under @root whose text contains @text, or NULL. */
GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  return find_widget (root, match_label_containing, text);
}

static gboolean
trigger_has_key (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_has_key (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers)
           || trigger_has_key (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                               keyval, modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger)
         && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
         && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

void
press_shortcut (GtkWidget           *widget,
                guint                keyval,
                GdkModifierType      modifiers,
                GtkPropagationPhase  phase)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      g_autoptr(GListModel) shortcuts = NULL;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      shortcuts = g_object_ref (G_LIST_MODEL (controller));
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);

          if (!trigger_has_key (gtk_shortcut_get_trigger (shortcut), keyval, modifiers))
            continue;

          g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, phase);
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                        GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                        gtk_shortcut_get_arguments (shortcut));
          return;
        }
    }

  g_error ("No shortcut for %s", gdk_keyval_name (keyval));
}

SpWindow *
test_window_new (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpSiteData) site_data = sp_site_data_new_for_settings (settings, &error);

  g_assert_no_error (error);
  return sp_window_new (NULL, site_data);
}

SpWindow *
test_window_show (int width,
                  int height)
{
  SpWindow *window = test_window_new ();

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  /* Mapped and laid out (the sanitizer build is slow), then drawn. */
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (window))
            && gtk_widget_get_width (GTK_WIDGET (window)) > 0);
  wait_frames (GTK_WIDGET (window), 1);
  return window;
}

GFile *
file_request_note_folder (const SpFileRequest *request,
                          GFile               *folder,
                          gpointer             user_data)
{
  g_set_object ((GFile **) user_data, folder);
  return NULL;
}

GFile *
file_request_answer (const SpFileRequest *request,
                     GFile               *folder,
                     gpointer             user_data)
{
  g_assert_true (request->mode == SP_FILE_CHOOSER_OPEN);
  return g_object_ref (G_FILE (user_data));
}

GtkWidget *
field_entry (SpWindow   *window,
             const char *field_id)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *entry = find_by_name (GTK_WIDGET (window), name);

  g_assert_true (GTK_IS_ENTRY (entry));
  return entry;
}

void
choose_field (SpWindow   *window,
              const char *field_id,
              const char *choice)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *combo = find_by_name (GTK_WIDGET (window), name);
  SpField field;
  int index;

  g_assert_true (ADW_IS_COMBO_ROW (combo));
  g_assert_true (sp_field_from_id (field_id, &field));
  index = sp_field_choice_index (field, choice);
  g_assert_cmpint (index, >=, 0);
  /* Item 0 is "Not entered". */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), index + 1);
}

void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/shockpath/ShockPath/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

char *
slide_text (GtkWidget *content,
            int        width,
            int        height)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-slide-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "slide.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  char *out = NULL;

  g_assert_true (sp_slide_export_write_screen (content, file, width, height, &error));
  g_assert_no_error (error);
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     SP_TEST_SPAWN_FLAGS | G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL))
    {
      g_test_message ("pdftotext not installed: the slide's text is not read back");
      out = NULL;
    }
  g_unlink (pdf);
  g_rmdir (dir);
  return out;
}

static gboolean
match_card (GtkWidget     *widget,
            gconstpointer  drug_id)
{
  return SP_IS_INFUSION_CARD (widget)
         && g_strcmp0 (sp_infusion_get_drug_id (sp_infusion_card_get_infusion (SP_INFUSION_CARD (widget))),
                       drug_id) == 0;
}

static gboolean
match_css_class (GtkWidget     *widget,
                 gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

GtkWidget *
find_by_class (GtkWidget  *root,
               const char *css_class)
{
  return find_widget (root, match_css_class, css_class);
}

GtkWidget *
find_card (GtkWidget  *root,
           const char *drug_id)
{
  return find_widget (root, match_card, drug_id);
}

/* The mapped labels with text under @widget, in @labels. */
static void
collect_text_labels (GtkWidget *widget,
                     GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text_labels (child, labels);
}

guint
assert_labels_apart (GtkWidget  *root,
                     const char *where)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_text_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    for (guint j = i + 1; j < labels->len; j++)
      {
        graphene_rect_t a, b, both;

        g_assert_true (gtk_widget_compute_bounds (labels->pdata[i], root, &a));
        g_assert_true (gtk_widget_compute_bounds (labels->pdata[j], root, &b));
        if (graphene_rect_intersection (&a, &b, &both)
            && both.size.width > 1 && both.size.height > 1)
          g_error ("%s: \"%.40s\" over \"%.40s\"", where,
                   gtk_label_get_text (labels->pdata[i]), gtk_label_get_text (labels->pdata[j]));
      }
  return labels->len;
}

void
assert_quantities_unbroken (GtkWidget  *root,
                            const char *where)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_text_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      PangoLayout *layout = gtk_label_get_layout (labels->pdata[i]);
      const char *text = pango_layout_get_text (layout);
      g_autoptr(PangoAttrList) spans = pango_attr_list_new ();
      g_autoptr(GSList) list = NULL;

      sp_text_keep_quantities (spans, text);
      list = pango_attr_list_get_attributes (spans);
      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        {
          guint at = (guint) ((PangoLayoutLine *) l->data)->start_index;

          for (GSList *s = list; s != NULL; s = s->next)
            {
              PangoAttribute *span = s->data;

              if (at > span->start_index && at < span->end_index)
                g_error ("%s: a line of \"%.60s\" starts inside \"%.*s\"", where, text,
                         (int) (span->end_index - span->start_index), text + span->start_index);
            }
        }
      g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
    }
}
