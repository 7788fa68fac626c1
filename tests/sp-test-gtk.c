/* sp-test-gtk.c: what the widget tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sp-test-gtk.h"

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

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds: layout, map, draw. */
void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @flowchart has drawn the case's current
 * assessment (a frame; the sanitizer build is slow): up to 20 s. */
void
wait_drawn (SpFlowchart *flowchart,
            SpCase      *sp_case)
{
  const SpStep *want = sp_assessment_get_active_step (sp_case_get_assessment (sp_case));

  for (guint i = 0; i < 400 && sp_flowchart_get_lit_step (flowchart) != want; i++)
    spin (50);
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
